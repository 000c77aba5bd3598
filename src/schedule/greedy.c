/* SPDX-License-Identifier: MIT */
/*
 * greedy.c - the priority-list scheduler and the per-window bookkeeping the
 * other solvers share.
 *
 * Method: list scheduling (Graham 1969, as used for resource-constrained
 * project scheduling, Kolisch 1996). Groups are taken in priority order and
 * each goes into the earliest window at or after its release that has room
 * in every dimension: its agency's staff hours, the link from its hall,
 * the cap on critical groups and on workloads per window, no freeze, and
 * room at the target for everything moved up to then (capacity.c).
 * Priority: release window first; within a release, groups that talk to
 * each other are kept next to each other (a breadth-first walk over the
 * traffic graph, heaviest edges first) so they land in the same or nearby
 * windows, which keeps WAN exposure low before local search even starts.
 *
 * Cost: O(G log G + E log E) for the order, O(G x W) worst case for the
 * placement, usually far less because each agency remembers its first
 * window with hours left.
 */
#include "schedule/schedule.h"

#include <stdlib.h>
#include <string.h>

int sl_sched_load_init(sl_sched_load *l, const sl_sched_problem *p)
{
    size_t nw = p->n_windows ? p->n_windows : 1;
    l->staff = sl_calloc(nw * (p->n_agencies ? p->n_agencies : 1), sizeof(double));
    l->tb = sl_calloc(nw * (p->n_sites ? p->n_sites : 1), sizeof(double));
    l->critical = sl_calloc(nw, sizeof(int));
    l->workloads = sl_calloc(nw, sizeof(int));
    l->cap_used = sl_calloc((p->n_cap_checks ? p->n_cap_checks : 1) * SL_SCHEDULE_CAP_DIMS,
                            sizeof(double));
    if (!l->staff || !l->tb || !l->critical || !l->workloads || !l->cap_used) {
        sl_sched_load_free(l);
        return SL_ENOMEM;
    }
    return 0;
}

void sl_sched_load_free(sl_sched_load *l)
{
    sl_free(l->staff);
    sl_free(l->tb);
    sl_free(l->critical);
    sl_free(l->workloads);
    sl_free(l->cap_used);
    memset(l, 0, sizeof *l);
}

#define SLACK 1e-9

/* First capacity check at or after window w: those are the ones a group
 * moved in w adds to (the cumulative limit). Few checks: a linear scan. */
static size_t first_check(const sl_sched_problem *p, size_t w)
{
    size_t k = 0;
    while (k < p->n_cap_checks && (size_t)p->cap_check_window[k] < w)
        k++;
    return k;
}

bool sl_sched_capacity_fits(const sl_sched_problem *p, const sl_sched_load *l, size_t g, size_t w)
{
    const size_t D = SL_SCHEDULE_CAP_DIMS;
    for (size_t k = first_check(p, w); k < p->n_cap_checks; k++)
        for (size_t d = 0; d < D; d++) {
            double cap = p->cap_check[k * D + d];
            if (l->cap_used[k * D + d] + p->group_load[g * D + d] > cap + SLACK * (1 + cap))
                return false;
        }
    return true;
}

sl_bind sl_sched_fits(const sl_sched_problem *p, const sl_sched_load *l, size_t g, size_t w)
{
    if ((int)w < p->group_release[g])
        return SL_BIND_RELEASE;
    size_t a = p->group_agency[g], s = p->group_site[g];
    if (p->frozen[w * p->n_agencies + a])
        return SL_BIND_FREEZE;
    if (l->staff[w * p->n_agencies + a] + p->group_effort_h[g] >
        p->staff_cap[w * p->n_agencies + a] + SLACK)
        return SL_BIND_STAFF;
    double cap = p->tb_cap[w * p->n_sites + s];
    if (cap >= 0 && l->tb[w * p->n_sites + s] + p->group_tb[g] > cap + SLACK)
        return SL_BIND_BANDWIDTH;
    if (p->max_critical && p->group_is_critical[g] && l->critical[w] + 1 > p->max_critical)
        return SL_BIND_CRITICAL;
    if (p->max_workloads && l->workloads[w] + p->group_n_workloads[g] > p->max_workloads)
        return SL_BIND_WORKLOADS;
    if (p->n_cap_checks && !sl_sched_capacity_fits(p, l, g, w))
        return SL_BIND_CAPACITY;
    return SL_BIND_NONE;
}

void sl_sched_add(const sl_sched_problem *p, sl_sched_load *l, size_t g, size_t w, int sign)
{
    size_t a = p->group_agency[g], s = p->group_site[g];
    l->staff[w * p->n_agencies + a] += sign * p->group_effort_h[g];
    l->tb[w * p->n_sites + s] += sign * p->group_tb[g];
    l->critical[w] += sign * (int)p->group_is_critical[g];
    l->workloads[w] += sign * p->group_n_workloads[g];
    for (size_t k = first_check(p, w); k < p->n_cap_checks; k++)
        for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS; d++)
            l->cap_used[k * SL_SCHEDULE_CAP_DIMS + d] +=
                sign * p->group_load[g * SL_SCHEDULE_CAP_DIMS + d];
}

typedef struct order_key {
    int release;
    double key; /* smaller first */
    size_t g;
} order_key;

static int cmp_order(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    if (x->release != y->release)
        return x->release < y->release ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->g < y->g ? -1 : x->g > y->g;
}

typedef struct neighbour {
    double mbps;
    sl_index to;
} neighbour;

static int cmp_neighbour(const void *a, const void *b)
{
    const neighbour *x = a, *y = b;
    if (x->mbps != y->mbps)
        return x->mbps > y->mbps ? -1 : 1;
    return x->to < y->to ? -1 : x->to > y->to;
}

/* Breadth-first order over the traffic graph: start from the group with
 * the most traffic not yet visited, visit neighbours heaviest first. */
static int traffic_order(size_t *pos, const sl_sched_problem *p)
{
    size_t n = p->n_groups;
    double *weight = sl_calloc(n ? n : 1, sizeof *weight);
    size_t *by_weight = sl_malloc((n ? n : 1) * sizeof *by_weight);
    size_t *queue = sl_malloc((n ? n : 1) * sizeof *queue);
    uint8_t *seen = sl_calloc(n ? n : 1, 1);
    neighbour *nb = NULL;
    size_t nb_cap = 0;
    int rc = 0;
    if (!weight || !by_weight || !queue || !seen) {
        rc = SL_ENOMEM;
        goto done;
    }
    for (size_t g = 0; g < n; g++) {
        for (size_t e = p->edge_start[g]; e < p->edge_start[g + 1]; e++)
            weight[g] += p->edge_mbps[e];
        by_weight[g] = g;
    }
    {
        /* start points: heaviest total traffic first, ties by index */
        neighbour *tmp = sl_malloc((n ? n : 1) * sizeof *tmp);
        if (!tmp) {
            rc = SL_ENOMEM;
            goto done;
        }
        for (size_t g = 0; g < n; g++)
            tmp[g] = (neighbour){weight[g], (sl_index)g};
        qsort(tmp, n, sizeof *tmp, cmp_neighbour);
        for (size_t g = 0; g < n; g++)
            by_weight[g] = tmp[g].to;
        sl_free(tmp);
    }
    size_t next = 0;
    for (size_t s = 0; s < n; s++) {
        size_t start = by_weight[s];
        if (seen[start])
            continue;
        size_t head = 0, tail = 0;
        queue[tail++] = start;
        seen[start] = 1;
        while (head < tail) {
            size_t g = queue[head++];
            pos[g] = next++;
            size_t deg = p->edge_start[g + 1] - p->edge_start[g];
            if (SL_GROW(nb, nb_cap, deg + 1)) {
                rc = SL_ENOMEM;
                goto done;
            }
            size_t k = 0;
            for (size_t e = p->edge_start[g]; e < p->edge_start[g + 1]; e++)
                if (!seen[p->edge_to[e]])
                    nb[k++] = (neighbour){p->edge_mbps[e], p->edge_to[e]};
            qsort(nb, k, sizeof *nb, cmp_neighbour);
            for (size_t i = 0; i < k; i++) {
                if (!seen[nb[i].to]) {
                    seen[nb[i].to] = 1;
                    queue[tail++] = nb[i].to;
                }
            }
        }
    }
done:
    sl_free(weight);
    sl_free(by_weight);
    sl_free(queue);
    sl_free(seen);
    sl_free(nb);
    return rc;
}

int sl_sched_greedy(int *window, const sl_sched_problem *p, sl_sched_order kind, uint64_t seed,
                    long binds[SL_BIND_N])
{
    size_t n = p->n_groups;
    memset(binds, 0, sizeof(long) * SL_BIND_N);
    order_key *order = sl_malloc((n ? n : 1) * sizeof *order);
    size_t *pos = sl_malloc((n ? n : 1) * sizeof *pos);
    size_t *first_open = sl_calloc(p->n_agencies ? p->n_agencies : 1, sizeof *first_open);
    double *min_effort = sl_malloc((p->n_agencies ? p->n_agencies : 1) * sizeof *min_effort);
    sl_sched_load load;
    int rc = order && pos && first_open && min_effort ? sl_sched_load_init(&load, p) : SL_ENOMEM;
    if (rc) {
        sl_free(order);
        sl_free(pos);
        sl_free(first_open);
        sl_free(min_effort);
        return SL_ENOMEM;
    }
    /* the smallest group of each agency: a window with less staff time
     * left than that is full for the agency */
    for (size_t a = 0; a < p->n_agencies; a++)
        min_effort[a] = 1e300;
    for (size_t g = 0; g < n; g++)
        min_effort[p->group_agency[g]] = SL_MIN(min_effort[p->group_agency[g]], p->group_effort_h[g]);
    if (kind == SL_ORDER_TRAFFIC)
        rc = traffic_order(pos, p);
    sl_rng rng;
    sl_rng_init(&rng, seed, 0, 7);
    for (size_t g = 0; g < n && !rc; g++) {
        double key;
        switch (kind) {
        case SL_ORDER_TRAFFIC:
            key = (double)pos[g];
            break;
        case SL_ORDER_LARGEST:
            key = -p->group_effort_h[g];
            break;
        case SL_ORDER_CRITICAL:
            key = -p->group_effort_h[g] - (p->group_is_critical[g] ? 1e12 : 0);
            break;
        default:
            key = sl_rng_uniform(&rng);
            break;
        }
        order[g] = (order_key){p->group_release[g], key, g};
    }
    if (!rc)
        qsort(order, n, sizeof *order, cmp_order);
    for (size_t k = 0; k < n && !rc; k++) {
        size_t g = order[k].g;
        size_t a = p->group_agency[g];
        window[g] = -1;
        size_t w = (size_t)p->group_release[g];
        if (first_open[a] > w) {
            binds[SL_BIND_STAFF] += (long)(first_open[a] - w);
            w = first_open[a];
        }
        /* no room at the target even in the last window: none will do */
        if (p->n_cap_checks && !sl_sched_capacity_fits(p, &load, g, p->n_windows - 1)) {
            binds[SL_BIND_CAPACITY]++;
            w = p->n_windows;
        }
        for (; w < p->n_windows; w++) {
            sl_bind b = sl_sched_fits(p, &load, g, w);
            if (b == SL_BIND_NONE) {
                window[g] = (int)w;
                sl_sched_add(p, &load, g, w, +1);
                break;
            }
            binds[b]++;
        }
        /* advance past windows no group of this agency can use any more */
        while (first_open[a] < p->n_windows) {
            size_t i = first_open[a] * p->n_agencies + a;
            if (!p->frozen[i] && load.staff[i] + min_effort[a] <= p->staff_cap[i] + SLACK)
                break;
            first_open[a]++;
        }
    }
    sl_sched_load_free(&load);
    sl_free(order);
    sl_free(pos);
    sl_free(first_open);
    sl_free(min_effort);
    return rc;
}

int sl_sched_compare(const int *a, const int *b, const sl_sched_problem *p)
{
    size_t na = 0, nb = 0;
    for (size_t g = 0; g < p->n_groups; g++) {
        na += a[g] >= 0;
        nb += b[g] >= 0;
    }
    if (na != nb)
        return na > nb ? -1 : 1; /* more groups moved is better */
    int fa = sl_sched_finish(a, p), fb = sl_sched_finish(b, p);
    if (fa != fb)
        return fa < fb ? -1 : 1;
    double xa = sl_sched_exposure(a, p), xb = sl_sched_exposure(b, p);
    if (xa < xb - 1e-9 * (1 + xb))
        return -1;
    if (xb < xa - 1e-9 * (1 + xa))
        return 1;
    int ca = sl_sched_max_critical(a, p), cb = sl_sched_max_critical(b, p);
    return ca < cb ? -1 : ca > cb;
}

int sl_sched_finish(const int *window, const sl_sched_problem *p)
{
    int f = -1;
    for (size_t g = 0; g < p->n_groups; g++)
        if (window[g] > f)
            f = window[g];
    return f;
}

double sl_sched_exposure(const int *window, const sl_sched_problem *p)
{
    double sum = 0;
    for (size_t g = 0; g < p->n_groups; g++) {
        if (window[g] < 0)
            continue;
        for (size_t e = p->edge_start[g]; e < p->edge_start[g + 1]; e++) {
            size_t h = p->edge_to[e];
            if (h <= g || window[h] < 0)
                continue;
            sl_date a = p->windows[window[g]].day, b = p->windows[window[h]].day;
            sum += p->edge_mbps[e] * (double)(a > b ? a - b : b - a);
        }
    }
    return sum;
}

int sl_sched_max_critical(const int *window, const sl_sched_problem *p)
{
    int *count = sl_calloc(p->n_windows ? p->n_windows : 1, sizeof *count);
    if (!count)
        return -1;
    int best = 0;
    for (size_t g = 0; g < p->n_groups; g++)
        if (window[g] >= 0 && p->group_is_critical[g])
            best = SL_MAX(best, ++count[window[g]]);
    sl_free(count);
    return best;
}
