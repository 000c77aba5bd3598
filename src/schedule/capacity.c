/* SPDX-License-Identifier: MIT */
/*
 * capacity.c - the target's capacity over time, as a limit on the schedule
 * (issue 4: "target capacity not exceeded at any time").
 *
 * Dimensions: right-sized vCPU and RAM GB, the two every pool packs. The
 * load of a group is the right-sized demand of its workloads that the
 * placement put on the shared platform (others take no target hosts).
 *
 * Capacity: the placement says how many hosts the shared platform needs
 * and whether the target site's free racks, kW and floor take them. The
 * site takes the share s = min(1, free / need) over the three (those the
 * scenario gives), i.e. floor(s x hosts) hosts; N+k spares are policy and
 * stay spares, so the hosts left for workloads are taken - spares, each
 * worth the mean capacity of the platform's working hosts (after
 * overcommit and maximum utilisation). When the placement fits, that is
 * the working hosts' full capacity, which holds every placed workload, so
 * the limit cannot bind after delivery. Capacity is 0 in windows that
 * start before the hardware delivery date and full from then on; the
 * problem takes any per-window profile, so staged deliveries only need a
 * profile with more steps.
 *
 * Deviation, said plainly: the limit is over the platform as a whole, not
 * per pool; isolation pools can make the real limit tighter. Cost:
 * O(workloads + hosts + windows).
 */
#include "schedule/schedule.h"

#include <math.h>
#include <string.h>

#define DIMS SL_SCHEDULE_CAP_DIMS

int sl_sched_problem_set_capacity(sl_sched_problem *p, const double *window_cap,
                                  const double *group_load)
{
    size_t nw = p->n_windows, ng = p->n_groups;
    sl_free(p->cap_check_window);
    sl_free(p->cap_check);
    sl_free(p->cap_window);
    sl_free(p->group_load);
    p->n_cap_checks = 0;
    p->cap_check_window = sl_malloc((nw ? nw : 1) * sizeof *p->cap_check_window);
    p->cap_check = sl_malloc((nw ? nw : 1) * DIMS * sizeof *p->cap_check);
    p->cap_window = sl_malloc((nw ? nw : 1) * DIMS * sizeof *p->cap_window);
    p->group_load = sl_malloc((ng ? ng : 1) * DIMS * sizeof *p->group_load);
    if (!p->cap_check_window || !p->cap_check || !p->cap_window || !p->group_load)
        return SL_ENOMEM;
    if (nw)
        memcpy(p->cap_window, window_cap, nw * DIMS * sizeof *window_cap);
    if (ng)
        memcpy(p->group_load, group_load, ng * DIMS * sizeof *group_load);
    for (size_t w = 0; w < nw; w++) {
        bool last = w + 1 == nw;
        for (size_t d = 0; d < DIMS && !last; d++)
            last = window_cap[w * DIMS + d] != window_cap[(w + 1) * DIMS + d];
        if (!last)
            continue;
        size_t k = p->n_cap_checks++;
        p->cap_check_window[k] = (int)w;
        for (size_t d = 0; d < DIMS; d++)
            p->cap_check[k * DIMS + d] = window_cap[w * DIMS + d];
    }
    return 0;
}

double sl_sched_capacity_last(const sl_sched_problem *p, size_t d)
{
    return p->n_cap_checks ? p->cap_check[(p->n_cap_checks - 1) * DIMS + d] : HUGE_VAL;
}

/* Share of the needed hosts the site can take: min of free / need over the
 * site dimensions the scenario gives (free < 0 = not given). */
static double site_share(const sl_placement *pl)
{
    const sl_site_need *n[3] = {&pl->racks, &pl->kw, &pl->floor_m2};
    double share = 1;
    for (size_t i = 0; i < 3; i++)
        if (n[i]->free >= 0 && n[i]->need > 0)
            share = SL_MIN(share, SL_MAX(0.0, n[i]->free) / n[i]->need);
    return share;
}

int sl_sched_capacity_derive(sl_sched_problem *p, sl_target_capacity *out, sl_arena *arena,
                             const sl_model *m, const sl_index *wg, const sl_index *caller_of,
                             size_t n_caller_groups, const sl_placement *pl,
                             const sl_assessment *as)
{
    const sl_platform *pf = &pl->shared;
    size_t nw = p->n_windows, ng = p->n_groups;
    double working[DIMS] = {0, 0};
    size_t n_working = 0;
    for (size_t h = 0; h < pf->n_hosts; h++) {
        const sl_host *host = &pf->hosts[h];
        if (host->is_spare)
            continue;
        n_working++;
        working[0] += as->host_capacity[host->model].vcpu;
        working[1] += as->host_capacity[host->model].ram_gb;
    }
    out->is_limited = true;
    out->hosts_needed = pf->hosts_total;
    out->spare_hosts = pf->hosts_total - n_working;
    out->share = pl->target_site == SL_NONE ? 1.0 : site_share(pl);
    out->hosts_taken = out->share >= 1 ? pf->hosts_total
                                       : (size_t)floor(out->share * (double)pf->hosts_total + 1e-9);
    out->available_from = pl->hardware_arrives;
    /* hosts left for workloads once the spares are set aside */
    size_t usable = out->hosts_taken > out->spare_hosts ? out->hosts_taken - out->spare_hosts : 0;
    double full[DIMS];
    for (size_t d = 0; d < DIMS; d++)
        full[d] = usable >= n_working || !n_working
                      ? working[d]
                      : working[d] * (double)usable / (double)n_working;

    double *window_cap = sl_malloc((nw ? nw : 1) * DIMS * sizeof *window_cap);
    double *load = sl_calloc((ng ? ng : 1) * DIMS, sizeof *load);
    int rc = window_cap && load ? 0 : SL_ENOMEM;
    for (size_t w = 0; w < nw && !rc; w++) {
        bool delivered =
            pl->hardware_arrives == SL_DATE_NONE || p->windows[w].day >= pl->hardware_arrives;
        for (size_t d = 0; d < DIMS; d++)
            window_cap[w * DIMS + d] = delivered ? full[d] : 0;
    }
    for (size_t i = 0; i < m->n_workloads && !rc; i++) {
        if (wg[i] == SL_NONE || pf->workload_host[i] == SL_NONE)
            continue;
        load[wg[i] * DIMS + 0] += as->workloads[i].vcpu;
        load[wg[i] * DIMS + 1] += as->workloads[i].ram_gb;
    }
    if (!rc)
        rc = sl_sched_problem_set_capacity(p, window_cap, load);
    if (!rc) {
        out->n_steps = 0;
        out->step_window = sl_arena_array(arena, nw ? nw : 1, sizeof *out->step_window);
        out->step_cap = sl_arena_array(arena, (nw ? nw : 1) * DIMS, sizeof *out->step_cap);
        out->group_load =
            sl_arena_array(arena, (n_caller_groups ? n_caller_groups : 1) * DIMS, sizeof(double));
        if (!out->step_window || !out->step_cap || !out->group_load)
            rc = SL_ENOMEM;
    }
    for (size_t w = 0; w < nw && !rc; w++) {
        if (w && !memcmp(&window_cap[w * DIMS], &window_cap[(w - 1) * DIMS], DIMS * sizeof(double)))
            continue;
        out->step_window[out->n_steps] = (int)w;
        memcpy(&out->step_cap[out->n_steps * DIMS], &window_cap[w * DIMS], DIMS * sizeof(double));
        out->n_steps++;
    }
    for (size_t g = 0; g < ng && !rc; g++)
        memcpy(&out->group_load[caller_of[g] * DIMS], &load[g * DIMS], DIMS * sizeof(double));
    sl_free(window_cap);
    sl_free(load);
    return rc;
}
