/* SPDX-License-Identifier: MIT */
/*
 * pack.c - sl_pack_solve: vector bin packing, the engine placement uses for
 * hosts and `samlok pack` exposes for standalone .vbp instances.
 *
 * Method: compute the cheap lower bounds L1 and L2 (bounds.c); run the
 * constructions (pack_construct.c: first fit decreasing by the sum and by
 * the Euclidean norm of the normalised sizes, and a bin-centric dot
 * product) and keep the one with the fewest bins, the first on a tie;
 * unless a bound is met, add the clique bound and, for small instances,
 * the arc-flow LP bound (arcflow.c); then a local search that empties
 * bins (pack_search.c) under a work budget counted in basic steps, not
 * seconds, so the answer never depends on the machine. The result is never worse than plain FFD, since that is
 * one of the constructions and the search never adds a bin.
 *
 * Invariants: every item is in exactly one bin; loads equal the sum of
 * their items; no bin exceeds its capacity; no two items of one conflict
 * group share a bin. The unit tests and tests/oracles/check_packing.py
 * check them from outside.
 */
#include "place/pack.h"

#include <string.h>

/* ---- the instance ----------------------------------------------------- */

int pk_inst_init(pk_inst *in, const sl_pack_problem *p)
{
    memset(in, 0, sizeof *in);
    in->n = p->n_items;
    in->d = p->n_dims;
    in->cap = p->capacity;
    in->size = p->sizes;
    in->group = p->conflict;
    in->norm = sl_malloc((in->n ? in->n : 1) * in->d * sizeof *in->norm);
    in->w = sl_malloc((in->n ? in->n : 1) * sizeof *in->w);
    if (!in->norm || !in->w) {
        pk_inst_done(in);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < in->n; i++) {
        double w = 0;
        for (size_t k = 0; k < in->d; k++) {
            double v = (double)in->size[i * in->d + k] / (double)in->cap[k];
            in->norm[i * in->d + k] = v;
            w += v;
        }
        in->w[i] = w;
        if (in->group && in->group[i] != SL_NONE)
            in->has_groups = true;
        for (size_t k = 0; k < in->d; k++)
            if (in->size[i * in->d + k] < 0)
                in->has_negative = true;
    }
    return 0;
}

void pk_inst_done(pk_inst *in)
{
    sl_free(in->norm);
    sl_free(in->w);
    in->norm = NULL;
    in->w = NULL;
}

/* ---- a packing ---------------------------------------------------------- */

int pk_sol_init(pk_sol *s, const pk_inst *in)
{
    memset(s, 0, sizeof *s);
    s->in = in;
    size_t n = in->n ? in->n : 1;
    s->bin_of = sl_malloc(n * sizeof *s->bin_of);
    s->next = sl_malloc(n * sizeof *s->next);
    s->prev = sl_malloc(n * sizeof *s->prev);
    if (!s->bin_of || !s->next || !s->prev) {
        pk_sol_done(s);
        return SL_ENOMEM;
    }
    pk_sol_clear(s);
    return 0;
}

void pk_sol_done(pk_sol *s)
{
    sl_free(s->bin_of);
    sl_free(s->next);
    sl_free(s->prev);
    sl_free(s->load);
    sl_free(s->count);
    sl_free(s->head);
    memset(s, 0, sizeof *s);
}

void pk_sol_clear(pk_sol *s)
{
    for (size_t i = 0; i < s->in->n; i++) {
        s->bin_of[i] = SL_NONE;
        s->next[i] = s->prev[i] = SL_NONE;
    }
    s->n_bins = 0;
}

static int sol_reserve(pk_sol *s, size_t bins)
{
    if (bins <= s->cap_bins)
        return 0;
    size_t cap = s->cap_bins ? s->cap_bins : 16;
    while (cap < bins)
        cap *= 2;
    size_t d = s->in->d;
    int64_t *load = sl_reallocarray(s->load, cap, d * sizeof *load);
    if (!load)
        return SL_ENOMEM;
    s->load = load;
    uint32_t *count = sl_reallocarray(s->count, cap, sizeof *count);
    if (!count)
        return SL_ENOMEM;
    s->count = count;
    uint32_t *head = sl_reallocarray(s->head, cap, sizeof *head);
    if (!head)
        return SL_ENOMEM;
    s->head = head;
    s->cap_bins = cap;
    return 0;
}

int pk_sol_copy(pk_sol *dst, const pk_sol *src)
{
    if (sol_reserve(dst, src->n_bins))
        return SL_ENOMEM;
    size_t n = src->in->n, d = src->in->d;
    memcpy(dst->bin_of, src->bin_of, n * sizeof *dst->bin_of);
    memcpy(dst->next, src->next, n * sizeof *dst->next);
    memcpy(dst->prev, src->prev, n * sizeof *dst->prev);
    if (src->n_bins) {
        memcpy(dst->load, src->load, src->n_bins * d * sizeof *dst->load);
        memcpy(dst->count, src->count, src->n_bins * sizeof *dst->count);
        memcpy(dst->head, src->head, src->n_bins * sizeof *dst->head);
    }
    dst->n_bins = src->n_bins;
    return 0;
}

uint32_t pk_sol_open(pk_sol *s)
{
    if (s->n_bins >= UINT32_MAX - 1 || sol_reserve(s, s->n_bins + 1))
        return SL_NONE;
    uint32_t b = (uint32_t)s->n_bins++;
    memset(PK_LOAD(s, b), 0, s->in->d * sizeof *s->load);
    s->count[b] = 0;
    s->head[b] = SL_NONE;
    return b;
}

void pk_sol_put(pk_sol *s, uint32_t item, uint32_t b)
{
    const pk_inst *in = s->in;
    int64_t *load = PK_LOAD(s, b);
    const int64_t *sz = PK_SIZE(in, item);
    for (size_t k = 0; k < in->d; k++)
        load[k] += sz[k];
    s->bin_of[item] = b;
    s->prev[item] = SL_NONE;
    s->next[item] = s->head[b];
    if (s->head[b] != SL_NONE)
        s->prev[s->head[b]] = item;
    s->head[b] = item;
    s->count[b]++;
}

void pk_sol_take(pk_sol *s, uint32_t item)
{
    const pk_inst *in = s->in;
    uint32_t b = s->bin_of[item];
    int64_t *load = PK_LOAD(s, b);
    const int64_t *sz = PK_SIZE(in, item);
    for (size_t k = 0; k < in->d; k++)
        load[k] -= sz[k];
    if (s->prev[item] != SL_NONE)
        s->next[s->prev[item]] = s->next[item];
    else
        s->head[b] = s->next[item];
    if (s->next[item] != SL_NONE)
        s->prev[s->next[item]] = s->prev[item];
    s->bin_of[item] = SL_NONE;
    s->next[item] = s->prev[item] = SL_NONE;
    s->count[b]--;
}

void pk_sol_compact(pk_sol *s)
{
    size_t d = s->in->d;
    uint32_t to = 0;
    for (uint32_t b = 0; b < s->n_bins; b++) {
        if (s->count[b] == 0)
            continue;
        if (to != b) {
            memcpy(PK_LOAD(s, to), PK_LOAD(s, b), d * sizeof *s->load);
            s->count[to] = s->count[b];
            s->head[to] = s->head[b];
            for (uint32_t i = s->head[to]; i != SL_NONE; i = s->next[i])
                s->bin_of[i] = to;
        }
        to++;
    }
    s->n_bins = to;
}

int pk_sol_canonical(pk_sol *s)
{
    size_t nb = s->n_bins;
    uint32_t *map = sl_malloc((nb ? nb : 1) * sizeof *map);
    pk_sol tmp;
    if (!map || pk_sol_init(&tmp, s->in)) {
        sl_free(map);
        return SL_ENOMEM;
    }
    for (size_t b = 0; b < nb; b++)
        map[b] = SL_NONE;
    uint32_t next = 0;
    int rc = 0;
    for (size_t i = 0; i < s->in->n && !rc; i++) {
        uint32_t b = s->bin_of[i];
        if (map[b] == SL_NONE) {
            map[b] = next++;
            if (pk_sol_open(&tmp) == SL_NONE)
                rc = SL_ENOMEM;
        }
    }
    /* items are pushed at the head, so insert in reverse to list each bin
     * in increasing item order */
    for (size_t i = s->in->n; i-- > 0 && !rc;)
        pk_sol_put(&tmp, (uint32_t)i, map[s->bin_of[i]]);
    if (!rc)
        rc = pk_sol_copy(s, &tmp);
    pk_sol_done(&tmp);
    sl_free(map);
    return rc;
}

bool pk_bin_has_group(const pk_sol *s, uint32_t b, uint32_t g, const uint32_t *skip,
                      size_t n_skip)
{
    for (uint32_t i = s->head[b]; i != SL_NONE; i = s->next[i]) {
        if (s->in->group[i] != g)
            continue;
        bool skipped = false;
        for (size_t k = 0; k < n_skip; k++)
            skipped |= skip[k] == i;
        if (!skipped)
            return true;
    }
    return false;
}

/* ---- the driver ----------------------------------------------------------- */

static int check_problem(const sl_pack_problem *p, sl_diag *d)
{
    if (p->n_dims < 1 || p->n_dims > SL_PACK_MAX_DIMS) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "a packing needs 1 to %d dimensions, not %zu",
                    SL_PACK_MAX_DIMS, p->n_dims);
        return SL_EINPUT;
    }
    if (p->n_items >= UINT32_MAX) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "too many items to pack (%zu)", p->n_items);
        return SL_ELIMIT;
    }
    for (size_t k = 0; k < p->n_dims; k++) {
        if (p->capacity[k] <= 0 || p->capacity[k] > (INT64_MAX >> 24)) {
            sl_diag_add(d, SL_ERROR, NULL, 0, 0, "capacity %lld in dimension %zu is out of range",
                        (long long)p->capacity[k], k + 1);
            return SL_EINPUT;
        }
    }
    int rc = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        for (size_t k = 0; k < p->n_dims; k++) {
            int64_t v = p->sizes[i * p->n_dims + k];
            if (v < -p->capacity[k] || v > p->capacity[k]) {
                sl_diag_add(d, SL_ERROR, NULL, 0, 0,
                            "item %zu: size %lld in dimension %zu does not fit a bin (%lld)",
                            i + 1, (long long)v, k + 1, (long long)p->capacity[k]);
                rc = SL_EINPUT;
                break;
            }
        }
    }
    return rc;
}

/* The exact arc-flow MIP runs when the graph stays this small. */
#define MIP_MAX_TYPES 120
#define MIP_MAX_NODES 1500
#define MIP_MAX_ARCS 4000
#define MIP_NODE_LIMIT 100

/* Counts distinct size vectors, up to limit+1. */
static size_t distinct_sizes(const pk_inst *in, size_t limit)
{
    size_t n_distinct = 0;
    for (size_t i = 0; i < in->n && n_distinct <= limit; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = memcmp(PK_SIZE(in, i), PK_SIZE(in, j), in->d * sizeof(int64_t)) == 0;
        n_distinct += !seen;
    }
    return n_distinct;
}

/* The default budget: about the same time whatever the shape, since a
 * step costs about d + 2 units of time (a 500-item, 10-dimension instance
 * stays within 20 ms on one core, constructions included); instances that
 * reach their lower bound stop early. */
static uint64_t default_budget(const pk_inst *in, double effort)
{
    double v = 1.2e7 / (double)(in->d + 2) * effort;
    return v <= 0 ? 0 : v > 1e15 ? (uint64_t)1e15 : (uint64_t)v;
}

int sl_pack_solve(sl_packing **out, const sl_pack_problem *p, const sl_pack_options *o,
                  sl_diag *d)
{
    *out = NULL;
    sl_pack_options opt = SL_PACK_OPTIONS_INIT;
    if (o)
        opt = *o;
    int rc = check_problem(p, d);
    if (rc)
        return rc;
    sl_packing *pk = sl_calloc(1, sizeof *pk);
    if (!pk)
        return SL_ENOMEM;
    pk->bin_of = sl_malloc((p->n_items ? p->n_items : 1) * sizeof *pk->bin_of);
    pk_inst in;
    pk_sol best, cur;
    bool have_in = false, have_best = false, have_cur = false;
    rc = pk->bin_of ? 0 : SL_ENOMEM;
    if (!rc)
        rc = pk_inst_init(&in, p);
    have_in = !rc;
    if (!rc)
        rc = pk_sol_init(&best, &in);
    have_best = !rc;
    if (!rc)
        rc = pk_sol_init(&cur, &in);
    have_cur = !rc;

    /* the cheap bounds first; the clique bound only when conflict groups
     * make it matter from the start, or the constructions miss L2 */
    pk_bounds b = {0, 0, 0};
    if (!rc)
        rc = pk_bounds_compute(&b, &in, in.has_groups);
    pk->lb_l1 = b.l1;
    pk->lb_l2 = b.l2;
    pk->lb_clique = b.clique;
    pk->lower_bound = SL_MAX(SL_MAX(b.l1, b.l2), b.clique);

    /* constructions: keep the first with the fewest bins */
    pk->start = pk_construct_names[0];
    for (int how = 0; how < PK_N_CONSTRUCT && !rc; how++) {
        if ((how == PK_BC_DOT && in.n > 4000) || (how == PK_EXACT && !pk_is_exact_total(&in)))
            continue; /* quadratic; the item-centric ones do for big pools */
        pk_sol_clear(&cur);
        rc = pk_construct_run(&cur, (pk_construct)how);
        if (rc)
            break;
        if (how == PK_FFD_L1)
            pk->n_bins_ffd = cur.n_bins;
        if (how == 0 || cur.n_bins < best.n_bins) {
            rc = pk_sol_copy(&best, &cur);
            pk->start = pk_construct_names[how];
        }
        if (best.n_bins <= pk->lower_bound)
            break;
    }
    pk->n_bins_start = best.n_bins;
    if (!rc && !in.has_groups && !in.has_negative && best.n_bins > pk->lower_bound) {
        rc = pk_bounds_compute(&b, &in, true);
        pk->lb_clique = b.clique;
        pk->lower_bound = SL_MAX(pk->lower_bound, b.clique);
    }

    if (!rc && opt.is_bound_exact && !in.has_negative && best.n_bins > pk->lower_bound &&
        in.n <= opt.max_lp_items &&
        distinct_sizes(&in, opt.max_lp_types) <= opt.max_lp_types) {
        rc = pk_arcflow_bound(&pk->lb_arcflow, &in, opt.max_lp_types, opt.max_lp_items, 2000,
                              8000);
        pk->lower_bound = SL_MAX(pk->lower_bound, pk->lb_arcflow);
    }
    if (!rc && best.n_bins > pk->lower_bound && opt.effort > 0) {
        pk_budget budget = {0, default_budget(&in, opt.effort)};
        rc = pk_search_run(&best, pk->lower_bound, &budget, opt.seed);
    }
    /* still a gap: small instances go to the exact arc-flow model, solved by
     * branch and bound with a node limit */
    if (!rc && best.n_bins > pk->lower_bound && opt.effort > 0 && opt.is_bound_exact &&
        !in.has_negative) {
        size_t lp = 0;
        rc = pk_arcflow_pack(&cur, &lp, &in, MIP_MAX_TYPES, MIP_MAX_NODES, MIP_MAX_ARCS,
                             MIP_NODE_LIMIT, pk->lower_bound, best.n_bins);
        if (!rc && cur.n_bins && cur.n_bins < best.n_bins)
            rc = pk_sol_copy(&best, &cur);
        if (lp > pk->lower_bound)
            pk->lower_bound = lp;
        if (lp > pk->lb_arcflow)
            pk->lb_arcflow = lp;
    }
    if (!rc)
        rc = pk_sol_canonical(&best);
    if (!rc) {
        pk->n_bins = best.n_bins;
        memcpy(pk->bin_of, best.bin_of, in.n * sizeof *pk->bin_of);
    }
    if (have_cur)
        pk_sol_done(&cur);
    if (have_best)
        pk_sol_done(&best);
    if (have_in)
        pk_inst_done(&in);
    if (rc) {
        sl_packing_free(pk);
        return rc;
    }
    *out = pk;
    return 0;
}

void sl_packing_free(sl_packing *pk)
{
    if (!pk)
        return;
    sl_free(pk->bin_of);
    sl_free(pk);
}
