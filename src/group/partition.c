/* SPDX-License-Identifier: MIT */
/*
 * partition.c - k-way graph partitioning: the engine under the group
 * stage's splits and `samlok partition`.
 *
 * Method (strong effort): coarsen the graph once by heavy-edge matching
 * (coarsen.c) to about n / COARSE_SHRINK vertices; run METIS 5 multilevel
 * k-way (Karypis and Kumar, SIAM J. Sci. Comput. 1998) on it from several
 * seeds; repair each run to the balance limit (refine.c), relaxed on the
 * coarse graph by its heaviest vertex; keep the best POOL; combine the best
 * with each runner-up (KaFFPaE's combine operator, Sanders and Schulz,
 * SEA 2012: a V-cycle whose matching respects both partitions); carry the
 * best FINE_CANDIDATES back to the input graph with FM on every level and
 * combine them; finish with partition-preserving V-cycles. Fast effort
 * (the group stage): METIS on the graph itself with only its tightest
 * constraint, repair, FM. METIS treats balance as a target; here it is a
 * hard constraint: the result is balanced or flagged as not.
 *
 * Balance limit per constraint c: limit[c] = floor((1 + imbalance) *
 * ceil(total(c) / k)) unless the caller gives hard caps.
 *
 * Invariants: the cut reported equals a recount; a balanced result never
 * has a part over its limit; refinement never worsens the cut.
 * Cost: seeds METIS runs on the coarse graph + a few V-cycles, each
 * O(m) per level with FM work budgets. Deterministic for a given seed:
 * METIS is given seeds drawn from sl_rng; nothing depends on time or
 * threads.
 */
#include "group/partition.h"

#include <assert.h>
#include <math.h>
#include <metis.h>
#include <pthread.h>
#include <string.h>

/* METIS draws its random numbers from one generator of the process's
 * (GKlib's, seeded from options[METIS_OPTION_SEED] as each call starts):
 * two calls at once on two threads (the plan's review re-plans on
 * several) would draw from each other's stream and lose determinism, so
 * one call runs at a time. The only state of ours shared between
 * threads, and it guards the library's, not ours. */
static pthread_mutex_t metis_lock = PTHREAD_MUTEX_INITIALIZER;

void sl_partition_free(sl_partition *p)
{
    if (!p)
        return;
    sl_free(p->parts);
    sl_free(p->part_weights);
    sl_free(p);
}

/* Effort, tuned on the benchmark graphs (bench/partition/run.py) for the
 * best cut within a few METIS runs' time. */
#define POOL 8             /* METIS runs kept for combining */
#define FINE_CANDIDATES 2  /* best coarse partitions carried to the finest level */
#define COARSE_SHRINK 8    /* METIS runs on a graph coarsened to n / this ... */
#define COARSE_PER_PART 20 /* ... but not below this many vertices per part */
#define FAST_LOCAL_WORK 16 /* multi-try FM's budget per adjacency entry, fast effort */

static int check_graph(const sl_graph *g, sl_diag *d)
{
    if (g->n_vertices < 0 || g->n_constraints < 1 ||
        g->n_constraints > SL_GRAPH_MAX_CONSTRAINTS || !g->xadj || g->xadj[0] != 0) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "graph: bad vertex count, constraints or offsets");
        return SL_EINPUT;
    }
    for (int32_t v = 0; v < g->n_vertices; v++) {
        if (g->xadj[v + 1] < g->xadj[v]) {
            sl_diag_add(d, SL_ERROR, NULL, 0, 0, "graph: offsets decrease at vertex %d", (int)v);
            return SL_EINPUT;
        }
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
            int32_t u = g->adjncy[e];
            if (u < 0 || u >= g->n_vertices || u == v ||
                (g->adjwgt && g->adjwgt[e] < 1)) {
                sl_diag_add(d, SL_ERROR, NULL, 0, 0,
                            "graph: vertex %d has a bad neighbour or edge weight", (int)v);
                return SL_EINPUT;
            }
        }
    }
    return 0;
}

/* Copies g into a working graph with every weight array present. */
static int working_graph(pt_graph *w, const sl_graph *g)
{
    memset(w, 0, sizeof *w);
    int32_t n = g->n_vertices, ncon = g->n_constraints, m = g->xadj[n];
    w->n = n;
    w->ncon = ncon;
    w->xadj = g->xadj;
    w->adjncy = g->adjncy;
    w->adjwgt = g->adjwgt;
    w->vwgt = g->vwgt;
    size_t extra = (g->adjwgt ? 0 : (size_t)m) + (g->vwgt ? 0 : (size_t)n * ncon);
    if (extra == 0)
        return 0;
    int32_t *block = sl_malloc(extra * sizeof *block);
    if (!block)
        return SL_ENOMEM;
    for (size_t i = 0; i < extra; i++)
        block[i] = 1;
    w->own = block;
    if (!g->adjwgt) {
        w->adjwgt = block;
        block += m;
    }
    if (!g->vwgt)
        w->vwgt = block;
    return 0;
}

/* One METIS k-way run; *ok false when METIS declined (the caller falls
 * back to a round-robin start). */
static int metis_run(const pt_graph *g, int32_t k, const int64_t *total, const int64_t *limit,
                     bool fast, int seed, int32_t *part, bool *ok)
{
    *ok = false;
    int32_t n = g->n;
    /* METIS wants every constraint to have weight: pass only those that do */
    int32_t active[SL_GRAPH_MAX_CONSTRAINTS];
    idx_t ncon = 0;
    /* METIS's multi-constraint code costs several times its single one:
     * give it the constraints that bind (average part at least half the
     * limit), when fast only the tightest, and leave the rest to the repair */
    int32_t tightest = -1;
    double tightest_ratio = 0;
    for (int32_t c = 0; c < g->ncon; c++) {
        if (total[c] <= 0)
            continue;
        double ratio = (double)total[c] / ((double)k * (double)limit[c]);
        if (ratio >= 0.5 && !fast)
            active[ncon++] = c;
        if (tightest < 0 || ratio > tightest_ratio) {
            tightest = c;
            tightest_ratio = ratio;
        }
    }
    if (ncon == 0 && tightest >= 0)
        active[ncon++] = tightest;
    size_t m = (size_t)g->xadj[n];
    idx_t *xadj = sl_malloc(((size_t)n + 1) * sizeof *xadj);
    idx_t *adjncy = sl_malloc((m ? m : 1) * sizeof *adjncy);
    idx_t *adjwgt = sl_malloc((m ? m : 1) * sizeof *adjwgt);
    idx_t *vwgt = sl_malloc(((size_t)n * (ncon ? (size_t)ncon : 1) + 1) * sizeof *vwgt);
    idx_t *where = sl_malloc(((size_t)n + 1) * sizeof *where);
    real_t ubvec[SL_GRAPH_MAX_CONSTRAINTS];
    int rc = xadj && adjncy && adjwgt && vwgt && where ? 0 : SL_ENOMEM;
    if (rc == 0) {
        for (int32_t v = 0; v <= n; v++)
            xadj[v] = g->xadj[v];
        for (size_t e = 0; e < m; e++) {
            adjncy[e] = g->adjncy[e];
            adjwgt[e] = g->adjwgt[e];
        }
        if (ncon == 0) {
            ncon = 1;
            for (int32_t v = 0; v < n; v++)
                vwgt[v] = 1;
            ubvec[0] = 1.03f;
        } else {
            for (int32_t v = 0; v < n; v++)
                for (idx_t c = 0; c < ncon; c++)
                    vwgt[(size_t)v * ncon + c] = g->vwgt[(size_t)v * g->ncon + active[c]];
            for (idx_t c = 0; c < ncon; c++) {
                double ub = (double)limit[active[c]] * k / (double)total[active[c]];
                /* METIS measures against total/k, not ceil(total/k): aim a
                 * little inside the limit and let the repair do the rest */
                ub = ub > 1.0015 ? ub - 0.001 : 1.0005;
                ubvec[c] = (real_t)(ub < 1000 ? ub : 1000);
            }
        }
        idx_t options[METIS_NOPTIONS];
        METIS_SetDefaultOptions(options);
        options[METIS_OPTION_SEED] = seed;
        options[METIS_OPTION_NUMBERING] = 0;
        options[METIS_OPTION_OBJTYPE] = METIS_OBJTYPE_CUT;
        if (fast)
            options[METIS_OPTION_NITER] = 2; /* our FM follows */
        idx_t nv = n, np = k, objval = 0;
        pthread_mutex_lock(&metis_lock);
        int st = METIS_PartGraphKway(&nv, &ncon, xadj, adjncy, vwgt, NULL, adjwgt, &np, NULL,
                                     ubvec, options, &objval, where);
        pthread_mutex_unlock(&metis_lock);
        if (st == METIS_OK) {
            *ok = true;
            for (int32_t v = 0; v < n; v++)
                part[v] = (int32_t)where[v];
        } else if (st == METIS_ERROR_MEMORY) {
            rc = SL_ENOMEM;
        }
    }
    sl_free(xadj);
    sl_free(adjncy);
    sl_free(adjwgt);
    sl_free(vwgt);
    sl_free(where);
    return rc;
}

static int check_options(const sl_graph *g, const sl_partition_options *o, sl_diag *d)
{
    if (o->k < 1 || o->k > 1000000) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "the number of parts must be 1..1000000, not %ld",
                    (long)o->k);
        return SL_EUSAGE;
    }
    if (!o->max_part_weight && !(o->imbalance >= 0 && o->imbalance <= 10)) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "imbalance must be between 0 and 10");
        return SL_EUSAGE;
    }
    if (o->seeds < 1 || o->seeds > 1000) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "seeds must be 1..1000, not %d", o->seeds);
        return SL_EUSAGE;
    }
    if (o->effort != SL_PARTITION_FAST && o->effort != SL_PARTITION_STRONG) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "effort must be SL_PARTITION_FAST or _STRONG");
        return SL_EUSAGE;
    }
    if (o->vcycles > 1000) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "vcycles must be at most 1000");
        return SL_EUSAGE;
    }
    (void)g;
    return 0;
}

/* The number of V-cycles when the caller leaves it to us: enough to pay
 * off on small graphs, few on big ones (each costs about one METIS run). */
static int auto_vcycles(const sl_graph *g)
{
    int32_t n = g->n_vertices;
    if (n <= 5000)
        return 4;
    return 1;
}

int sl_partition_run(sl_partition **out, const sl_graph *g, const sl_partition_options *o,
                     sl_diag *d)
{
    *out = NULL;
    int rc = check_graph(g, d);
    if (rc == 0)
        rc = check_options(g, o, d);
    if (rc)
        return rc;
    int32_t n = g->n_vertices, k = o->k, ncon = g->n_constraints;
    int64_t total[SL_GRAPH_MAX_CONSTRAINTS] = {0}, limit[SL_GRAPH_MAX_CONSTRAINTS] = {0};
    for (int32_t v = 0; v < n; v++)
        for (int32_t c = 0; c < ncon; c++) {
            int32_t w = g->vwgt ? g->vwgt[(size_t)v * ncon + c] : 1;
            if (w < 0) {
                sl_diag_add(d, SL_ERROR, NULL, 0, 0, "graph: vertex %d has a negative weight",
                            (int)v);
                return SL_EINPUT;
            }
            total[c] += w;
        }
    int64_t total_edges = 0;
    for (int32_t e = 0; e < g->xadj[n]; e++)
        total_edges += g->adjwgt ? g->adjwgt[e] : 1;
    for (int32_t c = 0; c < ncon; c++)
        if (total[c] > INT32_MAX)
            rc = SL_ELIMIT;
    if (rc || total_edges > INT32_MAX) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0,
                    "graph: total vertex or edge weight is 2^31 or more; scale the weights down");
        return SL_ELIMIT;
    }
    for (int32_t c = 0; c < ncon; c++) {
        if (o->max_part_weight) {
            limit[c] = o->max_part_weight[c];
        } else {
            int64_t avg = (total[c] + k - 1) / k;
            limit[c] = (int64_t)floor((1.0 + o->imbalance) * (double)avg + 1e-9);
        }
    }

    sl_partition *p = sl_calloc(1, sizeof *p);
    if (!p)
        return SL_ENOMEM;
    p->k = k;
    p->n_vertices = n;
    p->n_constraints = ncon;
    p->parts = sl_calloc((size_t)n + 1, sizeof *p->parts);
    p->part_weights = sl_calloc((size_t)k * ncon, sizeof *p->part_weights);
    int32_t *trial = sl_malloc(((size_t)n + 1) * sizeof *trial);
    int64_t *tpw = sl_malloc((size_t)k * ncon * sizeof *tpw);
    pt_graph w;
    memset(&w, 0, sizeof w);
    pt_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    rc = p->parts && p->part_weights && trial && tpw ? 0 : SL_ENOMEM;
    if (rc == 0)
        rc = working_graph(&w, g);
    if (rc == 0)
        rc = pt_ctx_init(&ctx, n, k, ncon, limit, o->seed);
    /* the group stage's time matters more than the last permille of cut:
     * multi-try FM's budget a round at a quarter (on the estate shapes at
     * 100,000 workloads 0.2-0.4 % more traffic cut, the group stage 20-55 %
     * faster; on small graphs the searches end before either budget) */
    if (rc == 0 && o->effort == SL_PARTITION_FAST)
        ctx.local_work = FAST_LOCAL_WORK;
    /* coarsen once; METIS starts from the coarse graph, several times */
    pt_level lv[PT_MAX_LEVELS];
    int n_lv = 0;
    int32_t coarse_n = n / COARSE_SHRINK > COARSE_PER_PART * k ? n / COARSE_SHRINK
                                                                : COARSE_PER_PART * k;
    bool fast = o->effort == SL_PARTITION_FAST;
    if (rc == 0 && k > 1 && !fast)
        rc = pt_coarsen(&ctx, &w, NULL, NULL, coarse_n, lv, &n_lv);
    const pt_graph *cg = n_lv > 0 ? &lv[n_lv - 1].g : &w;
    if (n_lv > 0)
        pt_ctx_relax(&ctx, cg);
    int32_t cn = cg->n;
    /* the best few runs, kept for combining (best first) */
    int32_t *pool[POOL];
    int64_t pool_cut[POOL];
    int n_pool = 0;
    sl_rng seeds;
    sl_rng_init(&seeds, o->seed, 0, 0x5eedu);
    bool any_balanced = false;
    for (int s = 0; rc == 0 && s < o->seeds && n > 0; s++) {
        bool ok = false;
        if (k > 1 && cn > k)
            rc = metis_run(cg, k, total, ctx.limit, fast, (int)(sl_rng_u32(&seeds) >> 1), trial,
                           &ok);
        if (rc)
            break;
        if (!ok)
            for (int32_t v = 0; v < cn; v++)
                trial[v] = v % k;
        pt_part_weights(cg, trial, k, tpw);
        int64_t cut = pt_cut(cg, trial);
        bool balanced = pt_balance(&ctx, cg, trial, tpw, &cut);
        if (!balanced && (any_balanced || n_pool > 0)) {
            if (!ok)
                break;
            continue;
        }
        if (balanced && !any_balanced) {
            /* balanced runs replace unbalanced ones */
            for (int i = 0; i < n_pool; i++)
                sl_free(pool[i]);
            n_pool = 0;
        }
        any_balanced |= balanced;
        /* insert into the pool, sorted by cut */
        int at = n_pool;
        while (at > 0 && pool_cut[at - 1] > cut)
            at--;
        if (at < POOL) {
            int32_t *slot = n_pool < POOL ? NULL : pool[POOL - 1];
            if (!slot && !(slot = sl_malloc(((size_t)n + 1) * sizeof *slot))) {
                rc = SL_ENOMEM;
                break;
            }
            if (n_pool < POOL)
                n_pool++;
            for (int i = n_pool - 1; i > at; i--) {
                pool[i] = pool[i - 1];
                pool_cut[i] = pool_cut[i - 1];
            }
            pool[at] = slot;
            pool_cut[at] = cut;
            memcpy(slot, trial, (size_t)cn * sizeof *trial);
        }
        if (!ok)
            break; /* a deterministic start: more seeds would repeat it */
    }
    int64_t best_cut = 0;
    if (rc == 0 && n_pool > 0) {
        best_cut = pool_cut[0];
        pt_part_weights(cg, pool[0], k, p->part_weights);
        /* combine the best with each runner-up on the coarse graph */
        for (int i = 1; rc == 0 && any_balanced && !fast && i < n_pool; i++)
            rc = pt_vcycle(&ctx, cg, pool[0], p->part_weights, &best_cut, pool[i]);
        if (n_lv > 0) {
            memcpy(lv[n_lv - 1].part, pool[0], (size_t)cn * sizeof *trial);
            pt_uncoarsen(&ctx, &w, lv, n_lv, p->parts, p->part_weights, &best_cut, true);
            /* the runner-up too, in full, and a combine of the two on g */
            for (int i = 1; rc == 0 && !fast && i < FINE_CANDIDATES && i < n_pool; i++) {
                int64_t cut2 = pool_cut[i];
                pt_part_weights(cg, pool[i], k, tpw);
                memcpy(lv[n_lv - 1].part, pool[i], (size_t)cn * sizeof *trial);
                pt_uncoarsen(&ctx, &w, lv, n_lv, trial, tpw, &cut2, true);
                if (!pt_is_balanced(&ctx, tpw))
                    continue;
                if (cut2 < best_cut) {
                    rc = pt_vcycle(&ctx, &w, trial, tpw, &cut2, p->parts);
                    memcpy(p->parts, trial, (size_t)n * sizeof *trial);
                    memcpy(p->part_weights, tpw, (size_t)k * ncon * sizeof *tpw);
                    best_cut = cut2;
                } else {
                    rc = pt_vcycle(&ctx, &w, p->parts, p->part_weights, &best_cut, trial);
                }
            }
        } else {
            memcpy(p->parts, pool[0], (size_t)n * sizeof *p->parts);
            if (any_balanced)
                pt_refine(&ctx, &w, p->parts, p->part_weights, &best_cut);
        }
        any_balanced = pt_is_balanced(&ctx, p->part_weights);
    }
    pt_levels_free(lv, n_lv);
    int vcycles = o->vcycles >= 0 ? o->vcycles : fast ? 0 : auto_vcycles(g);
    for (int i = 0; rc == 0 && any_balanced && k > 1 && i < vcycles; i++)
        rc = pt_vcycle(&ctx, &w, p->parts, p->part_weights, &best_cut, NULL);
    for (int i = 0; i < n_pool; i++)
        sl_free(pool[i]);
    if (rc == 0)
        rc = ctx.rc;
    if (rc == 0) {
        p->cut = n > 0 ? pt_cut(&w, p->parts) : 0;
        assert(n == 0 || p->cut == best_cut);
        pt_part_weights(&w, p->parts, k, p->part_weights);
        for (int32_t c = 0; c < ncon; c++) {
            p->limit[c] = limit[c];
            for (int32_t q = 0; q < k; q++)
                if (p->part_weights[(size_t)q * ncon + c] > p->max_part_weight[c])
                    p->max_part_weight[c] = p->part_weights[(size_t)q * ncon + c];
        }
        p->is_balanced = true;
        for (int32_t c = 0; c < ncon; c++)
            if (p->max_part_weight[c] > limit[c])
                p->is_balanced = false;
    }
    pt_ctx_free(&ctx);
    pt_graph_free(&w);
    sl_free(trial);
    sl_free(tpw);
    if (rc) {
        sl_partition_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

int pt_refine_caps(const sl_graph *g, const int64_t *cap, int32_t *parts, int32_t k,
                   uint64_t seed)
{
    pt_graph w;
    pt_ctx ctx;
    int32_t ncon = g->n_constraints;
    int64_t *pw = sl_malloc(((size_t)k * (size_t)ncon + 1) * sizeof *pw);
    int rc = pw ? working_graph(&w, g) : SL_ENOMEM;
    if (rc == 0) {
        rc = pt_ctx_init(&ctx, g->n_vertices, k, ncon, cap, seed);
        if (rc == 0) {
            pt_part_weights(&w, parts, k, pw);
            int64_t cut = pt_cut(&w, parts);
            pt_refine(&ctx, &w, parts, pw, &cut);
            rc = ctx.rc;
            pt_ctx_free(&ctx);
        }
        pt_graph_free(&w);
    }
    sl_free(pw);
    return rc;
}
