/* SPDX-License-Identifier: MIT */
/*
 * problem.c - from the model and the move groups to the numbers the
 * schedulers work on: windows up to the horizon, how much of each the
 * freezes leave open to whom, staff hours and link capacity per window, each group's effort,
 * data to copy, criticality and the first window its gates allow, and the
 * traffic between groups.
 *
 * Values are the most likely ones for the plan; simulate passes sampled
 * gate lead times, staff hours and effort multipliers instead.
 */
#include "schedule/schedule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sl_sched_problem_free(sl_sched_problem *p)
{
    if (!p)
        return;
    sl_free(p->windows);
    sl_free(p->frozen);
    sl_free(p->open_share);
    sl_free(p->open_first);
    sl_free(p->open_last);
    sl_free(p->staff_cap);
    sl_free(p->tb_cap);
    sl_free(p->group_agency);
    sl_free(p->group_site);
    sl_free(p->group_effort_h);
    sl_free(p->group_tb);
    sl_free(p->group_n_workloads);
    sl_free(p->group_is_critical);
    sl_free(p->group_release);
    sl_free(p->group_release_gate);
    sl_free(p->edge_start);
    sl_free(p->edge_to);
    sl_free(p->edge_mbps);
    sl_free(p->cap_check_window);
    sl_free(p->cap_check);
    sl_free(p->cap_window);
    sl_free(p->group_load);
    memset(p, 0, sizeof *p);
}

/* First window starting on or after `day`. */
static int window_at(const sl_sched_problem *p, sl_date day)
{
    size_t lo = 0, hi = p->n_windows;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->windows[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (int)lo;
}

typedef struct edge {
    sl_index a, b;
    double mbps;
} edge;

static int cmp_edge(const void *x, const void *y)
{
    const edge *e = x, *f = y;
    if (e->a != f->a)
        return e->a < f->a ? -1 : 1;
    if (e->b != f->b)
        return e->b < f->b ? -1 : 1;
    return 0;
}

/* Adds the traffic of one flow between the groups of its endpoints (an
 * application endpoint spreads its traffic evenly over its workloads). */
static int add_flow_edges(edge **edges, size_t *n, size_t *cap, const sl_model *m,
                          const sl_index *wg, const sl_flow *f)
{
    sl_index one_src = f->src, one_dst = f->dst;
    const sl_index *srcs = &one_src, *dsts = &one_dst;
    size_t ns = 1, nd = 1;
    if (f->src_kind == SL_END_APP) {
        srcs = m->apps[f->src].workloads;
        ns = m->apps[f->src].n_workloads;
    }
    if (f->dst_kind == SL_END_APP) {
        dsts = m->apps[f->dst].workloads;
        nd = m->apps[f->dst].n_workloads;
    }
    if (!ns || !nd)
        return 0;
    double share = f->mbps / ((double)ns * (double)nd);
    for (size_t i = 0; i < ns; i++) {
        sl_index ga = wg[srcs[i]];
        if (ga == SL_NONE)
            continue;
        for (size_t j = 0; j < nd; j++) {
            sl_index gb = wg[dsts[j]];
            if (gb == SL_NONE || gb == ga)
                continue;
            if (SL_GROW(*edges, *cap, *n + 2))
                return SL_ENOMEM;
            (*edges)[(*n)++] = (edge){ga, gb, share};
            (*edges)[(*n)++] = (edge){gb, ga, share};
        }
    }
    return 0;
}

static int build_edges(sl_sched_problem *p, const sl_model *m, const sl_index *wg)
{
    edge *edges = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < m->n_flows; i++) {
        if (add_flow_edges(&edges, &n, &cap, m, wg, &m->flows[i])) {
            sl_free(edges);
            return SL_ENOMEM;
        }
    }
    if (n)
        qsort(edges, n, sizeof *edges, cmp_edge);
    /* merge parallel edges */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && edges[k - 1].a == edges[i].a && edges[k - 1].b == edges[i].b)
            edges[k - 1].mbps += edges[i].mbps;
        else
            edges[k++] = edges[i];
    }
    p->edge_start = sl_calloc(p->n_groups + 1, sizeof *p->edge_start);
    p->edge_to = sl_malloc((k ? k : 1) * sizeof *p->edge_to);
    p->edge_mbps = sl_malloc((k ? k : 1) * sizeof *p->edge_mbps);
    if (!p->edge_start || !p->edge_to || !p->edge_mbps) {
        sl_free(edges);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < k; i++) {
        p->edge_start[edges[i].a + 1]++;
        p->edge_to[i] = edges[i].b;
        p->edge_mbps[i] = edges[i].mbps;
    }
    for (size_t g = 0; g < p->n_groups; g++)
        p->edge_start[g + 1] += p->edge_start[g];
    sl_free(edges);
    return 0;
}

static int alloc_arrays(sl_sched_problem *p)
{
    size_t nw = p->n_windows ? p->n_windows : 1, ng = p->n_groups ? p->n_groups : 1;
    size_t na = p->n_agencies ? p->n_agencies : 1;
    p->frozen = sl_calloc(nw * na, 1);
    p->open_share = sl_calloc(nw * na, sizeof(double));
    p->open_first = sl_calloc(nw * na, sizeof(sl_date));
    p->open_last = sl_calloc(nw * na, sizeof(sl_date));
    p->staff_cap = sl_calloc(nw * p->n_agencies, sizeof(double));
    p->tb_cap = sl_calloc(nw * p->n_sites, sizeof(double));
    p->group_agency = sl_calloc(ng, sizeof(sl_index));
    p->group_site = sl_calloc(ng, sizeof(sl_index));
    p->group_effort_h = sl_calloc(ng, sizeof(double));
    p->group_tb = sl_calloc(ng, sizeof(double));
    p->group_n_workloads = sl_calloc(ng, sizeof(int));
    p->group_is_critical = sl_calloc(ng, 1);
    p->group_release = sl_calloc(ng, sizeof(int));
    p->group_release_gate = sl_calloc(ng, sizeof(sl_index));
    if (!p->frozen || !p->open_share || !p->open_first || !p->open_last || !p->staff_cap || !p->tb_cap || !p->group_agency || !p->group_site ||
        !p->group_effort_h || !p->group_tb || !p->group_n_workloads || !p->group_is_critical ||
        !p->group_release || !p->group_release_gate)
        return SL_ENOMEM;
    return 0;
}

int sl_sched_problem_build(sl_sched_problem *p, const sl_model *m, size_t n_groups,
                           const sl_index *wg, const sl_sched_values *v)
{
    memset(p, 0, sizeof *p);
    sl_date until = sl_date_from_ymd(0, 1, 1);
    {
        int y, mo, d;
        sl_date_to_ymd(m->start, &y, &mo, &d);
        until = sl_date_from_ymd(y + m->horizon_years, mo, d > 28 ? 28 : d);
    }
    int rc = sl_sched_windows(&p->windows, &p->n_windows, &m->windows, m->start, until);
    if (rc)
        return rc;
    p->n_agencies = m->n_agencies;
    p->n_sites = m->n_sites;
    p->n_groups = n_groups;
    p->max_critical = m->windows.max_critical_groups;
    p->max_workloads = m->windows.max_workloads;
    if (alloc_arrays(p)) {
        sl_sched_problem_free(p);
        return SL_ENOMEM;
    }
    for (size_t w = 0; w < p->n_windows; w++) {
        const sl_sched_window *win = &p->windows[w];
        for (size_t a = 0; a < m->n_agencies; a++) {
            const sl_agency *ag = &m->agencies[a];
            /* a freeze clips the window to its open days (calendar.c) */
            sl_window_open open =
                sl_window_open_part(win, ag->freezes, ag->n_freezes, m->windows.target_freezes,
                                    m->windows.n_target_freezes);
            size_t i = w * p->n_agencies + a;
            p->frozen[i] = !(open.share > 0);
            p->open_share[i] = open.share;
            p->open_first[i] = open.first_day;
            p->open_last[i] = open.last_day;
            /* staff who will not follow start leaving once told */
            double per_week = v && v->hours_per_week ? v->hours_per_week[a]
                              : win->day >= ag->staff_announce
                                  ? sl_agency_hours_after_notice(ag)
                                  : ag->migration_hours_per_week.likely;
            /* the week's staff hours, whatever a freeze clips off the
             * window: it takes change time, not people (calendar.c) */
            p->staff_cap[i] = per_week * win->week_share;
        }
        for (size_t s = 0; s < m->n_sites; s++) {
            const sl_link *l = sl_model_link_from(m, (sl_index)s);
            /* the link copies in the hours open to the hall's owner:
             * Gbit/s x share x hours -> TB (10^12 bytes) */
            double open = p->open_share[w * p->n_agencies + m->sites[s].owner];
            p->tb_cap[w * p->n_sites + s] =
                l ? l->gbps * l->usable_share * win->hours * open * 3600.0 / 8.0 / 1000.0 : -1.0;
        }
    }
    /* gate dates once, then each group's latest gate */
    sl_date *gate_day = sl_malloc((m->n_gates ? m->n_gates : 1) * sizeof *gate_day);
    if (!gate_day) {
        sl_sched_problem_free(p);
        return SL_ENOMEM;
    }
    for (size_t g = 0; g < m->n_gates; g++) {
        double lead = v && v->gate_lead_months ? v->gate_lead_months[g]
                                               : m->gates[g].lead_time_months.likely;
        gate_day[g] = sl_gate_date(&m->gates[g], lead);
    }
    sl_date *release_day = sl_malloc((n_groups ? n_groups : 1) * sizeof *release_day);
    if (!release_day) {
        sl_free(gate_day);
        sl_sched_problem_free(p);
        return SL_ENOMEM;
    }
    for (size_t g = 0; g < n_groups; g++) {
        release_day[g] = m->start;
        p->group_release_gate[g] = SL_NONE;
        p->group_agency[g] = SL_NONE;
    }
    for (size_t i = 0; i < m->n_workloads; i++) {
        sl_index g = wg[i];
        if (g == SL_NONE)
            continue;
        const sl_workload *w = &m->workloads[i];
        p->group_agency[g] = w->agency;
        p->group_site[g] = w->site;
        double effort = sl_workload_effort_dist(m, w)->likely;
        p->group_effort_h[g] += sl_workload_effort_h(m, w, effort);
        p->group_tb[g] += sl_workload_tb(m, w);
        p->group_n_workloads[g]++;
        if (w->tier == 1)
            p->group_is_critical[g] = 1;
        for (size_t k = 0; k < m->n_gates; k++) {
            if (gate_day[k] > release_day[g] && sl_selector_matches(m, &m->gates[k].applies_to, w)) {
                release_day[g] = gate_day[k];
                p->group_release_gate[g] = (sl_index)k;
            }
        }
    }
    for (size_t g = 0; g < n_groups; g++) {
        if (v && v->effort_scale)
            p->group_effort_h[g] *= v->effort_scale[g];
        p->group_release[g] = window_at(p, release_day[g]);
    }
    sl_free(gate_day);
    sl_free(release_day);
    rc = build_edges(p, m, wg);
    if (rc)
        sl_sched_problem_free(p);
    return rc;
}
