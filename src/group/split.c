/* SPDX-License-Identifier: MIT */
/*
 * split.c - the group stage's splitter: divides a weighted graph into
 * parts that each fit one change window (a cap per dimension: servers,
 * staff hours, TB), as few as it can, minimising the traffic cut. group.c
 * uses it for components too large for a window, and for clusters of
 * hard edges too large for one (hard.c).
 *
 * Method. A small graph (at most RETRY_VERTICES vertices) starts at the
 * fewest parts the totals allow, k_min, and tries the partitioner
 * (sl_partition_run: METIS, balance repair, FM; a few seeds) at k, then at
 * k + k/8, up to six times: METIS runs on such a graph cost milliseconds,
 * and the fewest groups mean the fewest windows. A large graph cannot
 * afford that: METIS at k in the thousands costs about what one gpmetis
 * run does, and at k_min the parts have no room to repair into, so every
 * try failed and paid for it (issue 18). It starts with slack instead
 * (the fewest parts filled to up to 3 % below each cap, see SLACK), runs
 * the partitioner once with one seed, and when parts are still over a cap
 * moves on without another METIS run: evict() takes vertices out of each
 * such part, the least attached to it per unit of excess first, and packs
 * them, part by part, first fit into new parts (among the last few
 * opened, so it stays linear). As a last resort (the partitioner found nothing that fits
 * on a small graph) the vertices are packed the same way in order, which
 * always fits.
 *
 * Invariant: every vertex is in a part, and every part fits every cap,
 * provided every vertex alone does (the caller keeps heavier ones out).
 * Cost: the partitioner's (one METIS run, repairs and FM passes linear in
 * the edges per round) plus O(n log n + m) for the eviction.
 */
#include "group/group.h"
#include "group/partition.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Graphs up to this many vertices try k_min first, then k + k/8: a METIS
 * run on them costs a few milliseconds. Above it the one-run path is both
 * faster and, measured on the estate shapes of bench/estate (the shared
 * services shape at 10,000 and 30,000 workloads), ends with 2 % fewer
 * groups for 2 % more traffic cut, 5 times faster. */
#define RETRY_VERTICES 500
/* Larger graphs start at the fewest parts filled to a share s below each
 * cap, s = min(SLACK, k_min / n): about one average vertex of room a part,
 * which is what METIS's imbalance leaves to repair, and never more than
 * SLACK. Few large parts (staff that grows with the estate) thus get
 * k_min + 1 or so, many small ones (a fixed team) 3 % more than k_min. */
#define SLACK 0.03

void grp_dims_init(grp_dims *dm, const sl_wave_capacity *cap, const double *total)
{
    memset(dm, 0, sizeof *dm);
    const double caps[GRP_DIMS] = {cap->servers, cap->effort_hours, cap->transfer_tb};
    const double units[GRP_DIMS] = {1, 0.01, 0.001}; /* 1 server, 0.01 h, 1 GB */
    for (int d = 0; d < GRP_DIMS; d++) {
        if (caps[d] <= 0)
            continue;
        double unit = units[d];
        while (total[d] / unit > (double)(1 << 30) || caps[d] / unit > (double)(1 << 30))
            unit *= 10;
        dm->which[dm->n] = d;
        dm->unit[dm->n] = unit;
        dm->cap[dm->n] = (int64_t)floor(caps[d] / unit + 1e-9);
        dm->n++;
    }
}

void grp_dims_weigh(const grp_dims *dm, const double *demand, int32_t *w)
{
    for (int d = 0; d < dm->n; d++)
        w[d] = (int32_t)ceil(demand[dm->which[d]] / dm->unit[d] - 1e-9);
}

int32_t grp_dims_k_min(const grp_dims *dm, const double *total, int32_t n)
{
    int32_t k = 1;
    for (int d = 0; d < dm->n; d++) {
        double parts_needed = ceil(total[dm->which[d]] / ((double)dm->cap[d] * dm->unit[d]));
        if (parts_needed > k)
            k = (int32_t)SL_MIN(parts_needed, (double)n);
    }
    return k;
}

static bool fits(const int64_t *load, const int32_t *w, const int64_t *cap, int ncon)
{
    for (int d = 0; d < ncon; d++)
        if (load[d] + w[d] > cap[d])
            return false;
    return true;
}

/* First fit of vertices order[0..n) into the last FIT_OPEN parts from
 * `first` on (so O(n) whatever the parts; vertices listed together stay
 * together); *k grows as parts open. load holds (room for) the parts'
 * loads, ncon per part. */
#define FIT_OPEN 8

static void first_fit(const sl_graph *g, const int64_t *cap, const int32_t *order, int32_t n,
                      int32_t first, int32_t *k, int64_t *load, int32_t *parts)
{
    int ncon = g->n_constraints;
    for (int32_t i = 0; i < n; i++) {
        int32_t v = order[i];
        const int32_t *w = g->vwgt + (size_t)v * ncon;
        int32_t p = SL_MAX(first, *k - FIT_OPEN);
        while (p < *k && !fits(load + (size_t)p * ncon, w, cap, ncon))
            p++;
        if (p == *k) {
            memset(load + (size_t)p * ncon, 0, (size_t)ncon * sizeof *load);
            (*k)++;
        }
        for (int d = 0; d < ncon; d++)
            load[(size_t)p * ncon + d] += w[d];
        parts[v] = p;
    }
}

typedef struct evictee {
    int32_t part;
    double key; /* attachment to its part per unit of the part's excess it clears */
    int32_t v;
} evictee;

static int cmp_evictee(const void *a, const void *b)
{
    const evictee *x = a, *y = b;
    if (x->part != y->part)
        return x->part < y->part ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* Takes vertices out of every part over a cap until it fits, and packs
 * them first fit into new parts (see the top comment). */
static int evict(const sl_graph *g, const int64_t *cap, int32_t *parts, int32_t *k)
{
    int32_t n = g->n_vertices, k0 = *k;
    int ncon = g->n_constraints;
    /* at most one new part per evicted vertex */
    int64_t *load = sl_calloc(((size_t)k0 + (size_t)n) * (size_t)ncon + 1, sizeof *load);
    evictee *ev = sl_malloc(((size_t)n + 1) * sizeof *ev);
    int32_t *order = sl_malloc(((size_t)n + 1) * sizeof *order);
    if (!load || !ev || !order) {
        sl_free(load);
        sl_free(ev);
        sl_free(order);
        return SL_ENOMEM;
    }
    for (int32_t v = 0; v < n; v++)
        for (int d = 0; d < ncon; d++)
            load[(size_t)parts[v] * ncon + d] += g->vwgt[(size_t)v * ncon + d];
    /* candidates: the vertices of overloaded parts that carry some of the
     * excess, keyed by their edges into their part per excess cleared */
    int32_t n_ev = 0;
    for (int32_t v = 0; v < n; v++) {
        const int64_t *pl = load + (size_t)parts[v] * ncon;
        const int32_t *w = g->vwgt + (size_t)v * ncon;
        double clears = 0;
        for (int d = 0; d < ncon; d++)
            if (pl[d] > cap[d] && w[d] > 0)
                clears += (double)SL_MIN((int64_t)w[d], pl[d] - cap[d]) / (double)cap[d];
        if (clears <= 0)
            continue;
        int64_t own = 0;
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++)
            if (parts[g->adjncy[e]] == parts[v])
                own += g->adjwgt ? g->adjwgt[e] : 1;
        ev[n_ev++] = (evictee){parts[v], (double)own / clears, v};
    }
    qsort(ev, (size_t)n_ev, sizeof *ev, cmp_evictee);
    int32_t n_out = 0;
    for (int32_t i = 0; i < n_ev; i++) {
        int32_t v = ev[i].v;
        int64_t *pl = load + (size_t)parts[v] * ncon;
        const int32_t *w = g->vwgt + (size_t)v * ncon;
        bool over = false, helps = false;
        for (int d = 0; d < ncon; d++) {
            over |= pl[d] > cap[d];
            helps |= pl[d] > cap[d] && w[d] > 0;
        }
        if (!over || !helps)
            continue;
        for (int d = 0; d < ncon; d++)
            pl[d] -= w[d];
        order[n_out++] = v;
    }
    first_fit(g, cap, order, n_out, k0, k, load, parts);
    sl_free(load);
    sl_free(ev);
    sl_free(order);
    return 0;
}

int grp_split(int32_t *parts, int32_t *k_out, const sl_graph *g, const int64_t *cap,
              int32_t k_min, int seeds, uint64_t seed)
{
    int32_t n = g->n_vertices;
    int ncon = g->n_constraints;
    *k_out = 0;
    bool small = n <= RETRY_VERTICES;
    int32_t k = k_min;
    if (!small) {
        for (int d = 0; d < ncon; d++) {
            int64_t total = 0;
            for (int32_t v = 0; v < n; v++)
                total += g->vwgt[(size_t)v * ncon + d];
            double slack = SL_MIN(SLACK, (double)k_min / (double)n);
            double want = (double)total / ((double)cap[d] * (1 - slack));
            if (want > k)
                k = (int32_t)SL_MIN(want + 1, (double)n);
        }
    }
    sl_diag *quiet = sl_diag_new();
    int rc = quiet ? 0 : SL_ENOMEM;
    for (int attempt = 0; rc == 0 && attempt < (small ? 6 : 1) && k <= n; attempt++) {
        sl_partition_options po = SL_PARTITION_OPTIONS_INIT;
        po.k = k;
        po.max_part_weight = cap;
        po.seeds = small ? seeds : 1;
        /* the stage's time matters more than the last percent of cut */
        po.effort = SL_PARTITION_FAST;
        po.seed = seed ^ (uint64_t)attempt;
        sl_partition *p = NULL;
        rc = sl_partition_run(&p, g, &po, quiet);
        if (rc == 0 && (p->is_balanced || !small)) {
            memcpy(parts, p->parts, (size_t)n * sizeof *parts);
            *k_out = k;
            if (!p->is_balanced)
                rc = evict(g, cap, parts, k_out);
            if (rc == 0 && !p->is_balanced)
                rc = pt_refine_caps(g, cap, parts, *k_out, seed);
            sl_partition_free(p);
            break;
        }
        sl_partition_free(p);
        k += SL_MAX(1, k / 8);
    }
    sl_diag_free(quiet);
    if (rc == 0 && *k_out == 0 && n > 0) {
        /* the last resort: first fit in the listed order */
        int64_t *load = sl_malloc(((size_t)n * (size_t)ncon + 1) * sizeof *load);
        int32_t *order = sl_malloc(((size_t)n + 1) * sizeof *order);
        if (load && order) {
            for (int32_t v = 0; v < n; v++)
                order[v] = v;
            first_fit(g, cap, order, n, 0, k_out, load, parts);
        } else {
            rc = SL_ENOMEM;
        }
        sl_free(load);
        sl_free(order);
    }
    return rc;
}
