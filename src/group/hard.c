/* SPDX-License-Identifier: MIT */
/*
 * hard.c - clusters of hard edges too large for one window. Hard edges
 * (latency-sensitive flows, or traffic over the threshold) join workloads
 * into clusters that group.c never cuts; when chains of them join more
 * than a window can move (issue 18: a 100k estate with 10 % of its flows
 * latency-sensitive became three clusters of 26,000), the cluster is cut
 * where it costs least, and the cut flows are listed with the plan
 * (sl_grouping.cut_flows) and priced in the risk register.
 *
 * The problem: divide the cluster into pieces that each fit the window,
 * minimising the traffic of the hard edges cut between pieces (any number
 * of pieces: more pieces may cut less, and group.c packs pieces into
 * groups afterwards). It is NP-hard, so two heuristics run and the lower
 * cut wins (ties: the fewer pieces):
 *  - greedy merging, heaviest hard edge first, of the pieces at its ends
 *    when their union still fits (Kruskal's maximum spanning forest with
 *    a capacity: a classic for capacitated clustering, O(m log m)), then
 *    FM under the caps (pt_refine_caps); GREEDY_STARTS times, all but the
 *    first with randomly perturbed weights;
 *  - the splitter (split.c: METIS at the fewest parts the totals allow,
 *    repair, FM), which sees the whole structure at once.
 * Clusters of at most EXACT_MAX workloads are then cut exactly: an
 * exhaustive search, bounded by the heuristics' cut, proves the least.
 * A member too large for a window on its own is a piece alone; its hard
 * edges are cut too, as nothing else can hold them.
 *
 * Edge weights are the traffic in integer units (at most 1,000 per Mbit/s,
 * the total below 2^30), at least 1, so a flow with no traffic still
 * counts as a cut. Soft edges inside the cluster are left to group.c.
 * Cost: GREEDY_STARTS x (O(m log m) merging + FM) plus the splitter's, m
 * the hard edges inside the cluster.
 */
#include "group/group.h"
#include "group/partition.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Greedy merging runs this many times: first in plain weight order, then
 * with each weight scaled by a random factor in [0.5, 1.5) (GRASP's
 * randomised greedy, Feo and Resende 1995): a heavy edge taken first can
 * close a piece that a lighter pair of edges would have filled better. */
#define GREEDY_STARTS 8

typedef struct wedge {
    double key; /* weight, perhaps perturbed */
    int32_t a, b;
} wedge;

static int cmp_wedge(const void *x, const void *y)
{
    const wedge *p = x, *q = y;
    if (p->key != q->key)
        return p->key > q->key ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

static int64_t cut_of(const sl_graph *g, const int32_t *parts)
{
    int64_t cut = 0;
    for (int32_t v = 0; v < g->n_vertices; v++)
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++)
            if (parts[g->adjncy[e]] != parts[v])
                cut += g->adjwgt[e];
    return cut / 2;
}

static int32_t used_parts(const int32_t *parts, int32_t n, int32_t k, int32_t *mark)
{
    int32_t used = 0;
    for (int32_t p = 0; p < k; p++)
        mark[p] = 0;
    for (int32_t v = 0; v < n; v++)
        if (!mark[parts[v]]++)
            used++;
    return used;
}

/* Greedy merging (see the top comment) into parts[]; *k the parts. With
 * noise, each weight is scaled by a factor from it. */
static int merge_greedy(const sl_graph *g, const int64_t *cap, sl_rng *noise, int32_t *parts,
                        int32_t *k)
{
    int32_t n = g->n_vertices, ncon = g->n_constraints;
    uint32_t *root = sl_malloc(((size_t)n + 1) * sizeof *root);
    int64_t *load = sl_malloc(((size_t)n * (size_t)ncon + 1) * sizeof *load);
    wedge *es = sl_malloc(((size_t)g->xadj[n] / 2 + 1) * sizeof *es);
    if (!root || !load || !es) {
        sl_free(root);
        sl_free(load);
        sl_free(es);
        return SL_ENOMEM;
    }
    size_t m = 0;
    for (int32_t v = 0; v < n; v++) {
        root[v] = (uint32_t)v;
        for (int32_t c = 0; c < ncon; c++)
            load[(size_t)v * ncon + c] = g->vwgt[(size_t)v * ncon + c];
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++)
            if (g->adjncy[e] > v)
                es[m++] = (wedge){g->adjwgt[e] * (noise ? 0.5 + sl_rng_uniform(noise) : 1.0),
                                  v, g->adjncy[e]};
    }
    qsort(es, m, sizeof *es, cmp_wedge);
    for (size_t i = 0; i < m; i++) {
        uint32_t ra = grp_find(root, (uint32_t)es[i].a), rb = grp_find(root, (uint32_t)es[i].b);
        if (ra == rb)
            continue;
        bool fits = true;
        for (int32_t c = 0; c < ncon && fits; c++)
            fits = load[(size_t)ra * ncon + c] + load[(size_t)rb * ncon + c] <= cap[c];
        if (!fits)
            continue;
        grp_union(root, ra, rb);
        uint32_t r = grp_find(root, ra), o = r == ra ? rb : ra;
        for (int32_t c = 0; c < ncon; c++)
            load[(size_t)r * ncon + c] += load[(size_t)o * ncon + c];
    }
    /* dense part ids in order of first vertex */
    *k = 0;
    for (int32_t v = 0; v < n; v++) {
        uint32_t r = grp_find(root, (uint32_t)v);
        parts[v] = r == (uint32_t)v ? (*k)++ : parts[r];
    }
    sl_free(root);
    sl_free(load);
    sl_free(es);
    return 0;
}

/* Clusters up to this many workloads (that fit a window alone) are cut
 * exactly, by exhaustive search. Why not GLPK: the usual MIP for this
 * (clique partitioning with capacities) needs O(n^3) transitivity rows and
 * its LP bound is weak, while enumerating the divisions with a bound from
 * the heuristics takes well under a millisecond at this size. */
#define EXACT_MAX 12

typedef struct exact {
    const sl_graph *g;
    const int64_t *cap;
    int32_t *block, *best;
    int64_t *load; /* per block x constraint */
    int64_t best_cut;
} exact;

/* Assigns vertex v onwards (restricted growth strings: v joins one of the
 * n_blocks blocks or opens the next), pruning at the best cut found. */
static void exact_from(exact *x, int32_t v, int32_t n_blocks, int64_t cut)
{
    const sl_graph *g = x->g;
    int32_t ncon = g->n_constraints;
    if (cut >= x->best_cut)
        return;
    if (v == g->n_vertices) {
        x->best_cut = cut;
        memcpy(x->best, x->block, (size_t)v * sizeof *x->best);
        return;
    }
    const int32_t *w = g->vwgt + (size_t)v * ncon;
    for (int32_t b = 0; b <= n_blocks && b < EXACT_MAX; b++) {
        int64_t *l = x->load + (size_t)b * ncon;
        bool fits = true;
        for (int32_t c = 0; c < ncon && fits; c++)
            fits = (b == n_blocks ? 0 : l[c]) + w[c] <= x->cap[c];
        if (!fits)
            continue;
        int64_t more = 0; /* edges to earlier vertices in other blocks */
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++)
            if (g->adjncy[e] < v && x->block[g->adjncy[e]] != b)
                more += g->adjwgt[e];
        if (b == n_blocks)
            for (int32_t c = 0; c < ncon; c++)
                l[c] = 0;
        for (int32_t c = 0; c < ncon; c++)
            l[c] += w[c];
        x->block[v] = b;
        exact_from(x, v + 1, b == n_blocks ? n_blocks + 1 : n_blocks, cut + more);
        for (int32_t c = 0; c < ncon; c++)
            l[c] -= w[c];
    }
}

/* The least cut of g into pieces within cap, when it is below *cut:
 * then parts, *k and *cut get it. */
static void exact_small(const sl_graph *g, const int64_t *cap, int32_t *parts, int32_t *k,
                        int64_t *cut)
{
    int32_t block[EXACT_MAX], best[EXACT_MAX];
    int64_t load[EXACT_MAX * SL_GRAPH_MAX_CONSTRAINTS];
    exact x = {g, cap, block, best, load, *cut};
    exact_from(&x, 0, 0, 0);
    if (x.best_cut < *cut) {
        *cut = x.best_cut;
        *k = 0;
        for (int32_t v = 0; v < g->n_vertices; v++) {
            parts[v] = best[v];
            *k = SL_MAX(*k, best[v] + 1);
        }
    }
}

int grp_split_cluster(uint32_t *piece, uint32_t *n_pieces, const grp_graph *hg,
                      const uint32_t *members, uint32_t n, const double *demand,
                      const sl_wave_capacity *cap, uint32_t *local, int seeds, uint64_t seed)
{
    double total[GRP_DIMS] = {0, 0, 0};
    for (uint32_t i = 0; i < n; i++)
        for (int d = 0; d < GRP_DIMS; d++)
            total[d] += demand[(size_t)i * GRP_DIMS + d];
    grp_dims dm;
    grp_dims_init(&dm, cap, total);
    int32_t *vw = sl_malloc(((size_t)n * GRP_DIMS + 1) * sizeof *vw);
    int32_t *vertex = sl_malloc(((size_t)n + 1) * sizeof *vertex); /* member -> vertex, -1 */
    int32_t *xadj = sl_malloc(((size_t)n + 2) * sizeof *xadj);
    int32_t *a = NULL, *b = NULL, *adj = NULL, *wgt = NULL, *mark = NULL;
    int rc = vw && vertex && xadj ? 0 : SL_ENOMEM;
    /* vertices: the members that fit a window alone */
    int32_t nv = 0;
    double vtotal[GRP_DIMS] = {0, 0, 0};
    for (uint32_t i = 0; rc == 0 && i < n; i++) {
        local[members[i]] = i;
        bool alone = false;
        grp_dims_weigh(&dm, demand + (size_t)i * GRP_DIMS, vw + (size_t)nv * dm.n);
        for (int d = 0; d < dm.n; d++)
            alone |= vw[(size_t)nv * dm.n + d] > dm.cap[d];
        vertex[i] = alone ? -1 : nv;
        if (!alone) {
            for (int d = 0; d < GRP_DIMS; d++)
                vtotal[d] += demand[(size_t)i * GRP_DIMS + d];
            nv++;
        }
    }
    /* hard edges between them, both directions, traffic in integer units */
    double sum = 0;
    size_t m = 0;
    for (uint32_t i = 0; rc == 0 && i < n; i++) {
        uint32_t w = members[i];
        for (size_t e = hg->xadj[w]; e < hg->xadj[w + 1]; e++) {
            uint32_t u = hg->adj[e], j = local[u];
            if (hg->hard[e] && j < n && members[j] == u && vertex[i] >= 0 && vertex[j] >= 0) {
                sum += hg->mbps[e];
                m++;
            }
        }
    }
    double scale = sum > 0 ? SL_MIN(1000.0, (double)(1 << 30) / sum) : 1;
    if (rc == 0) {
        adj = sl_malloc((m + 1) * sizeof *adj);
        wgt = sl_malloc((m + 1) * sizeof *wgt);
        a = sl_malloc(((size_t)nv + 1) * sizeof *a);
        b = sl_malloc(((size_t)nv + 1) * sizeof *b);
        rc = adj && wgt && a && b ? 0 : SL_ENOMEM;
    }
    if (rc == 0) {
        m = 0;
        xadj[0] = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (vertex[i] < 0)
                continue;
            uint32_t w = members[i];
            for (size_t e = hg->xadj[w]; e < hg->xadj[w + 1]; e++) {
                uint32_t u = hg->adj[e], j = local[u];
                if (!hg->hard[e] || j >= n || members[j] != u || vertex[j] < 0)
                    continue;
                double x = hg->mbps[e] * scale;
                adj[m] = vertex[j];
                wgt[m] = x < 1 ? 1 : x > (double)(1 << 30) ? (1 << 30) : (int32_t)llround(x);
                m++;
            }
            xadj[vertex[i] + 1] = (int32_t)m;
        }
    }
    /* a: the best so far; b: the candidate */
    int32_t ka = 0, kb = 0;
    if (rc == 0 && nv > 0 && !(mark = sl_malloc(((size_t)2 * nv + 1) * sizeof *mark)))
        rc = SL_ENOMEM;
    if (rc == 0 && nv > 0) {
        sl_graph g = {nv, dm.n, xadj, adj, vw, wgt, NULL};
        sl_rng noise;
        sl_rng_init(&noise, seed, 0, 0x6a7du);
        int64_t best = -1;
        for (int start = 0; rc == 0 && start <= GREEDY_STARTS; start++) {
            /* the last start is the splitter's */
            if (start < GREEDY_STARTS) {
                rc = merge_greedy(&g, dm.cap, start ? &noise : NULL, b, &kb);
                if (rc == 0 && kb > 1)
                    rc = pt_refine_caps(&g, dm.cap, b, kb, seed + (uint64_t)start);
            } else if (nv > 1) {
                rc = grp_split(b, &kb, &g, dm.cap, grp_dims_k_min(&dm, vtotal, nv), seeds, seed);
            } else {
                break;
            }
            int64_t cut = rc == 0 ? cut_of(&g, b) : 0;
            if (rc == 0 && (best < 0 || cut < best ||
                            (cut == best && used_parts(b, nv, kb, mark) <
                                                used_parts(a, nv, ka, mark)))) {
                memcpy(a, b, (size_t)nv * sizeof *a);
                ka = kb;
                best = cut;
            }
        }
        if (rc == 0 && nv <= EXACT_MAX && best > 0)
            exact_small(&g, dm.cap, a, &ka, &best);
    }
    /* pieces in order of first member; a member too large alone is one */
    if (rc == 0 && !mark && !(mark = sl_malloc(sizeof *mark)))
        rc = SL_ENOMEM;
    if (rc == 0) {
        for (int32_t p = 0; p < ka; p++)
            mark[p] = -1;
        uint32_t np = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (vertex[i] < 0) {
                piece[i] = np++;
                continue;
            }
            int32_t p = a[vertex[i]];
            if (mark[p] < 0)
                mark[p] = (int32_t)np++;
            piece[i] = (uint32_t)mark[p];
        }
        *n_pieces = np;
    }
    for (uint32_t i = 0; i < n; i++)
        local[members[i]] = UINT32_MAX;
    sl_free(vw);
    sl_free(vertex);
    sl_free(xadj);
    sl_free(adj);
    sl_free(wgt);
    sl_free(a);
    sl_free(b);
    sl_free(mark);
    return rc;
}
