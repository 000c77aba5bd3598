/* SPDX-License-Identifier: MIT */
/*
 * arcflow.c - the arc-flow LP lower bound for small packings, solved with
 * GLPK.
 *
 * Method: Valerio de Carvalho, "Exact solution of bin-packing problems
 * using column generation and branch-and-bound" (Annals of OR 86, 1999),
 * for vectors as in Brandao & Pedroso, "Bin packing and related problems:
 * general arc-flow formulation with graph compression" (Computers & OR 69,
 * 2016). Nodes are the load vectors a bin can reach; an arc of item type t
 * goes from load L to L + s_t. Types are taken in a fixed order (largest
 * first) and an arc of type t leaves only nodes reachable with the types
 * before it and t itself, which removes most symmetric paths. Every node
 * has a loss arc to the sink. The LP: minimise the flow out of the empty
 * load, with flow conservation at every other node and, for each type,
 * flow on its arcs >= its demand. Every path is a feasible bin, so the LP
 * optimum, rounded up, bounds the number of bins from below; it equals
 * the Gilmore-Gomory bound when copies per bin are unlimited (we do not
 * cap them: a weaker, still valid, relaxation; no graph compression).
 *
 * Conflict groups are ignored, which only weakens the bound. The graph
 * is built only up to max_nodes nodes and max_arcs arcs (GLPK's time
 * grows faster than the graph: 2,800 arcs take 0.05 s, 12,000 half a
 * second); beyond that, or when the simplex does not reach an optimum within its
 * iteration limit (never a time limit: results must not depend on the
 * machine), no bound is reported (0).
 */
#include "place/pack.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct af_type {
    const int64_t *size;
    double key;
    int64_t demand;
} af_type;

typedef struct af_graph {
    size_t d;
    size_t n_nodes, cap_nodes;
    int64_t *load; /* n_nodes x d */
    uint32_t *table;
    size_t table_cap; /* power of two */
    size_t n_arcs, cap_arcs;
    uint32_t *arc_from, *arc_to, *arc_type;
} af_graph;

static uint64_t hash_load(const int64_t *v, size_t d)
{
    return sl_hash_bytes(v, d * sizeof *v);
}

/* Finds or adds the node with load v; SL_NONE when out of memory. */
static uint32_t node_of(af_graph *g, const int64_t *v, size_t max_nodes, bool *full)
{
    size_t mask = g->table_cap - 1;
    size_t h = (size_t)hash_load(v, g->d) & mask;
    while (g->table[h] != SL_NONE) {
        if (memcmp(g->load + (size_t)g->table[h] * g->d, v, g->d * sizeof *v) == 0)
            return g->table[h];
        h = (h + 1) & mask;
    }
    if (g->n_nodes >= max_nodes) {
        *full = true;
        return SL_NONE;
    }
    if (SL_GROW(g->load, g->cap_nodes, (g->n_nodes + 1) * g->d))
        return SL_NONE;
    memcpy(g->load + g->n_nodes * g->d, v, g->d * sizeof *v);
    g->table[h] = (uint32_t)g->n_nodes;
    return (uint32_t)g->n_nodes++;
}

static int add_arc(af_graph *g, uint32_t from, uint32_t to, uint32_t type)
{
    if (g->n_arcs >= g->cap_arcs) {
        size_t cap = g->cap_arcs ? g->cap_arcs * 2 : 1024;
        uint32_t *a = sl_reallocarray(g->arc_from, cap, sizeof *a);
        if (!a)
            return SL_ENOMEM;
        g->arc_from = a;
        a = sl_reallocarray(g->arc_to, cap, sizeof *a);
        if (!a)
            return SL_ENOMEM;
        g->arc_to = a;
        a = sl_reallocarray(g->arc_type, cap, sizeof *a);
        if (!a)
            return SL_ENOMEM;
        g->arc_type = a;
        g->cap_arcs = cap;
    }
    g->arc_from[g->n_arcs] = from;
    g->arc_to[g->n_arcs] = to;
    g->arc_type[g->n_arcs] = type;
    g->n_arcs++;
    return 0;
}

static void graph_free(af_graph *g)
{
    sl_free(g->load);
    sl_free(g->table);
    sl_free(g->arc_from);
    sl_free(g->arc_to);
    sl_free(g->arc_type);
}

static int cmp_type(const void *a, const void *b)
{
    const af_type *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return 0; /* sizes of distinct types differ, see below */
}

/* Groups equal size vectors into types, largest first; ties (equal keys,
 * different vectors) are ordered by the vectors themselves. */
static int make_types(const pk_inst *in, af_type **out, size_t *n_out, size_t max_types)
{
    af_type *t = sl_malloc((max_types + 1) * sizeof *t);
    if (!t)
        return SL_ENOMEM;
    size_t nt = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (in->w[i] == 0)
            continue; /* an empty item fits any bin: no arc, no demand */
        size_t k;
        for (k = 0; k < nt; k++)
            if (memcmp(t[k].size, PK_SIZE(in, i), in->d * sizeof(int64_t)) == 0)
                break;
        if (k < nt) {
            t[k].demand++;
            continue;
        }
        if (nt == max_types) {
            sl_free(t);
            *out = NULL;
            *n_out = 0;
            return 0;
        }
        t[nt++] = (af_type){PK_SIZE(in, i), in->w[i], 1};
    }
    /* insertion sort: stable and total (key, then the vector) */
    for (size_t i = 1; i < nt; i++) {
        af_type x = t[i];
        size_t j = i;
        while (j > 0) {
            int c = cmp_type(&t[j - 1], &x);
            if (c == 0)
                c = memcmp(t[j - 1].size, x.size, in->d * sizeof(int64_t)) < 0 ? 1 : -1;
            if (c <= 0)
                break;
            t[j] = t[j - 1];
            j--;
        }
        t[j] = x;
    }
    *out = t;
    *n_out = nt;
    return 0;
}

static int build_graph(af_graph *g, const pk_inst *in, const af_type *types, size_t nt,
                       size_t max_nodes, size_t max_arcs, bool *full)
{
    size_t d = in->d;
    g->d = d;
    g->table_cap = 16;
    while (g->table_cap < 2 * max_nodes)
        g->table_cap *= 2;
    g->table = sl_malloc(g->table_cap * sizeof *g->table);
    int64_t *v = sl_calloc(d, sizeof *v);
    if (!g->table || !v) {
        sl_free(v);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < g->table_cap; i++)
        g->table[i] = SL_NONE;
    int rc = node_of(g, v, max_nodes, full) == SL_NONE ? SL_ENOMEM : 0;
    for (size_t t = 0; t < nt && !rc && !*full; t++) {
        for (size_t u = 0; u < g->n_nodes && !rc && !*full; u++) {
            const int64_t *l = g->load + u * d;
            bool fits = true;
            for (size_t k = 0; k < d && fits; k++) {
                v[k] = l[k] + types[t].size[k];
                fits = v[k] <= in->cap[k];
            }
            if (!fits)
                continue;
            uint32_t to = node_of(g, v, max_nodes, full);
            if (to == SL_NONE)
                rc = *full ? 0 : SL_ENOMEM;
            else if (g->n_arcs >= max_arcs)
                *full = true;
            else
                rc = add_arc(g, (uint32_t)u, to, (uint32_t)t);
        }
    }
    sl_free(v);
    return rc;
}

typedef struct mip_ctx {
    long node_limit;
    double target; /* stop at an integer solution this good */
} mip_ctx;

static void mip_callback(glp_tree *tree, void *info)
{
    const mip_ctx *c = info;
    int reason = glp_ios_reason(tree);
    if (reason == GLP_IBINGO && glp_mip_obj_val(glp_ios_get_prob(tree)) <= c->target + 1e-6) {
        glp_ios_terminate(tree);
        return;
    }
    int active, all, total;
    glp_ios_tree_size(tree, &active, &all, &total);
    if (total > c->node_limit)
        glp_ios_terminate(tree); /* a count of nodes, never a clock */
}

/* Solves the LP (*value: its optimum, or -1 when none was reached) and,
 * when flow is not NULL, the MIP from there: flow[a] gets the integer flow
 * on every item arc and *mip the number of bins (0 when no integer
 * solution was found). */
static int solve(const af_graph *g, const af_type *types, size_t nt, double *value, double *flow,
                 size_t *mip, long node_limit, double target, double upper)
{
    *value = -1;
    if (mip)
        *mip = 0;
    size_t nn = g->n_nodes, na = g->n_arcs;
    /* rows 1..nn-1: conservation at nodes 1..nn-1; rows nn..nn+nt-1: demand */
    size_t n_rows = nn - 1 + nt, n_cols = na + nn - 1;
    size_t nz_cap = 3 * na + nn + 1;
    int *ia = sl_malloc(nz_cap * sizeof *ia);
    int *ja = sl_malloc(nz_cap * sizeof *ja);
    double *ar = sl_malloc(nz_cap * sizeof *ar);
    if (!ia || !ja || !ar || n_rows > INT32_MAX / 2 || n_cols > INT32_MAX / 2) {
        sl_free(ia);
        sl_free(ja);
        sl_free(ar);
        return SL_ENOMEM;
    }
    sl_glpk_thread(); /* its environment goes with this thread */
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, (int)n_rows);
    glp_add_cols(lp, (int)n_cols);
    for (size_t r = 1; r < nn; r++)
        glp_set_row_bnds(lp, (int)r, GLP_FX, 0, 0);
    for (size_t t = 0; t < nt; t++)
        glp_set_row_bnds(lp, (int)(nn + t), GLP_LO, (double)types[t].demand, 0);
    size_t ne = 0;
    for (size_t a = 0; a < na; a++) {
        int col = (int)(a + 1);
        glp_set_col_bnds(lp, col, GLP_LO, 0, 0);
        if (g->arc_from[a] == 0)
            glp_set_obj_coef(lp, col, 1.0);
        else {
            ne++;
            ia[ne] = (int)g->arc_from[a];
            ja[ne] = col;
            ar[ne] = -1.0;
        }
        ne++;
        ia[ne] = (int)g->arc_to[a];
        ja[ne] = col;
        ar[ne] = 1.0;
        ne++;
        ia[ne] = (int)(nn + g->arc_type[a]);
        ja[ne] = col;
        ar[ne] = 1.0;
    }
    for (size_t u = 1; u < nn; u++) { /* loss arc: node u to the sink */
        int col = (int)(na + u);
        glp_set_col_bnds(lp, col, GLP_LO, 0, 0);
        ne++;
        ia[ne] = (int)u;
        ja[ne] = col;
        ar[ne] = -1.0;
    }
    glp_load_matrix(lp, (int)ne, ia, ja, ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.it_lim = 200000;
    if (glp_simplex(lp, &parm) == 0 && glp_get_status(lp) == GLP_OPT)
        *value = glp_get_obj_val(lp);
    /* the MIP only when the LP leaves room below the packing we have */
    if (flow && *value >= 0 && ceil(*value - 1e-6) < upper) {
        for (size_t c = 1; c <= n_cols; c++)
            glp_set_col_kind(lp, (int)c, GLP_IV);
        mip_ctx ctx = {node_limit, target > ceil(*value - 1e-6) ? target : ceil(*value - 1e-6)};
        glp_iocp ip;
        glp_init_iocp(&ip);
        ip.msg_lev = GLP_MSG_OFF;
        ip.cb_func = mip_callback;
        ip.cb_info = &ctx;
        int rc = glp_intopt(lp, &ip);
        int st = glp_mip_status(lp);
        if ((rc == 0 || rc == GLP_ESTOP) && (st == GLP_OPT || st == GLP_FEAS)) {
            *mip = (size_t)llround(glp_mip_obj_val(lp));
            for (size_t a = 0; a < na; a++)
                flow[a] = glp_mip_col_val(lp, (int)(a + 1));
        }
    }
    glp_delete_prob(lp);
    sl_free(ia);
    sl_free(ja);
    sl_free(ar);
    return 0;
}

int pk_arcflow_bound(size_t *out, const pk_inst *in, size_t max_types, size_t max_items,
                     size_t max_nodes, size_t max_arcs)
{
    *out = 0;
    if (in->n == 0 || in->n > max_items)
        return 0;
    af_type *types = NULL;
    size_t nt = 0;
    int rc = make_types(in, &types, &nt, max_types);
    if (rc || !types || nt == 0) {
        sl_free(types);
        return rc;
    }
    af_graph g;
    memset(&g, 0, sizeof g);
    bool full = false;
    rc = build_graph(&g, in, types, nt, max_nodes, max_arcs, &full);
    if (!rc && !full && g.n_nodes > 1) {
        double v;
        rc = solve(&g, types, nt, &v, NULL, NULL, 0, 0, 0);
        if (!rc && v >= 0)
            *out = (size_t)ceil(v - 1e-6);
    }
    graph_free(&g);
    sl_free(types);
    return rc;
}

/* Turns the integer flow into bins: paths from the empty load, each arc
 * giving an item of its type (copies beyond the demand are dropped, which
 * keeps bins feasible). Empty items join the first bin. */
static int decompose(pk_sol *out, const pk_inst *in, const af_graph *g, const af_type *types,
                     size_t nt, const double *flow)
{
    size_t nn = g->n_nodes, na = g->n_arcs;
    long *left = sl_malloc((na ? na : 1) * sizeof *left);
    size_t *first = sl_calloc(nn + 1, sizeof *first); /* arcs by tail node */
    uint32_t *by_tail = sl_malloc((na ? na : 1) * sizeof *by_tail);
    size_t *next_of_type = sl_calloc(nt ? nt : 1, sizeof *next_of_type);
    int rc = left && first && by_tail && next_of_type ? 0 : SL_ENOMEM;
    for (size_t a = 0; a < na && !rc; a++) {
        left[a] = lround(flow[a]);
        first[g->arc_from[a] + 1]++;
    }
    for (size_t u = 0; u < nn && !rc; u++)
        first[u + 1] += first[u];
    if (!rc) {
        size_t *fill = sl_malloc((nn + 1) * sizeof *fill);
        if (!fill) {
            rc = SL_ENOMEM;
        } else {
            memcpy(fill, first, (nn + 1) * sizeof *fill);
            for (size_t a = 0; a < na; a++)
                by_tail[fill[g->arc_from[a]]++] = (uint32_t)a;
            sl_free(fill);
        }
    }
    /* the items of each type in index order: found by scanning */
    pk_sol_clear(out);
    while (!rc) {
        /* a path from the empty load while flow leaves it */
        uint32_t u = 0, b = SL_NONE;
        bool moved = true;
        while (moved) {
            moved = false;
            for (size_t k = first[u]; k < first[u + 1]; k++) {
                uint32_t a = by_tail[k];
                if (left[a] <= 0)
                    continue;
                left[a]--;
                if (b == SL_NONE && (b = pk_sol_open(out)) == SL_NONE) {
                    rc = SL_ENOMEM;
                    break;
                }
                /* the next unplaced item of this type */
                const af_type *t = &types[g->arc_type[a]];
                size_t *nx = &next_of_type[g->arc_type[a]];
                while (*nx < in->n && (out->bin_of[*nx] != SL_NONE || in->w[*nx] == 0 ||
                                       memcmp(PK_SIZE(in, *nx), t->size,
                                              in->d * sizeof(int64_t)) != 0))
                    (*nx)++;
                if (*nx < in->n)
                    pk_sol_put(out, (uint32_t)*nx, b);
                u = g->arc_to[a];
                moved = true;
                break;
            }
        }
        if (b == SL_NONE)
            break; /* no flow left out of the empty load */
    }
    pk_sol_compact(out);
    /* every item must have a bin; empty ones go to the first */
    for (size_t i = 0; i < in->n && !rc; i++) {
        if (out->bin_of[i] != SL_NONE)
            continue;
        if (in->w[i] != 0) {
            rc = SL_EINFEASIBLE; /* the flow missed an item: do not use it */
            break;
        }
        uint32_t b0 = out->n_bins ? 0 : pk_sol_open(out);
        if (b0 == SL_NONE)
            rc = SL_ENOMEM;
        else
            pk_sol_put(out, (uint32_t)i, b0);
    }
    sl_free(left);
    sl_free(first);
    sl_free(by_tail);
    sl_free(next_of_type);
    return rc;
}

int pk_arcflow_pack(pk_sol *out, size_t *bound, const pk_inst *in, size_t max_types,
                    size_t max_nodes, size_t max_arcs, long node_limit, size_t target,
                    size_t upper)
{
    *bound = 0;
    pk_sol_clear(out);
    if (in->n == 0 || in->has_groups)
        return 0;
    af_type *types = NULL;
    size_t nt = 0;
    int rc = make_types(in, &types, &nt, max_types);
    if (rc || !types || nt == 0) {
        sl_free(types);
        return rc;
    }
    af_graph g;
    memset(&g, 0, sizeof g);
    bool full = false;
    rc = build_graph(&g, in, types, nt, max_nodes, max_arcs, &full);
    if (!rc && !full && g.n_nodes > 1) {
        double v;
        size_t bins = 0;
        double *flow = sl_malloc(g.n_arcs * sizeof *flow);
        rc = flow ? solve(&g, types, nt, &v, flow, &bins, node_limit, (double)target,
                          (double)upper)
                  : SL_ENOMEM;
        if (!rc && v >= 0)
            *bound = (size_t)ceil(v - 1e-6);
        if (!rc && bins) {
            rc = decompose(out, in, &g, types, nt, flow);
            if (rc == SL_EINFEASIBLE) {
                pk_sol_clear(out);
                out->n_bins = 0;
                rc = 0;
            }
        }
        sl_free(flow);
    }
    graph_free(&g);
    sl_free(types);
    return rc;
}
