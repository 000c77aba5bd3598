/* SPDX-License-Identifier: MIT */
/*
 * prepare.c - everything an iteration needs, computed once: the planned
 * schedule's windows and freezes (as the schedule stage saw them), each
 * group's gates, effort by method and planned order, the sites' running
 * costs, and which scenario numbers are uncertain.
 */
#include "simulate/sim.h"

#include <stdlib.h>
#include <string.h>

void sim_ctx_free(sim_ctx *c)
{
    sl_sched_problem_free(&c->base);
    sl_free(c->order);
    sl_free(c->never);
    sl_free(c->gate_mask);
    sl_free(c->effort_by_method);
    sl_free(c->effort_fixed);
    sl_free(c->main_method);
    sl_free(c->is_legacy);
    sl_free(c->group_blocked_workloads);
    sl_free(c->window_on_or_after);
    sl_free(c->uncertain);
    sl_free(c->sites);
    memset(c, 0, sizeof *c);
}

typedef struct planned_key {
    int window;
    sl_index g;
} planned_key;

static int cmp_planned(const void *a, const void *b)
{
    const planned_key *x = a, *y = b;
    if (x->window != y->window)
        return x->window < y->window ? -1 : 1;
    return x->g < y->g ? -1 : x->g > y->g;
}

static int prepare_groups(sim_ctx *c, const sl_index *wg, const sl_schedule *planned)
{
    const sl_model *m = c->m;
    size_t ng = c->n_groups ? c->n_groups : 1;
    c->n_methods = m->migration.n_methods;
    c->never = sl_calloc(ng, 1);
    c->gate_mask = sl_calloc(ng, sizeof *c->gate_mask);
    c->effort_by_method = sl_calloc(ng * c->n_methods, sizeof(double));
    c->effort_fixed = sl_calloc(ng, sizeof(double));
    c->main_method = sl_calloc(ng, sizeof(sl_index));
    c->is_legacy = sl_calloc(ng, 1);
    c->group_blocked_workloads = sl_calloc(ng, sizeof(int));
    c->order = sl_malloc(ng * sizeof *c->order);
    planned_key *keys = sl_malloc(ng * sizeof *keys);
    if (!c->never || !c->gate_mask || !c->effort_by_method || !c->effort_fixed ||
        !c->main_method || !c->is_legacy || !c->group_blocked_workloads || !c->order || !keys) {
        sl_free(keys);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < m->n_workloads; i++) {
        sl_index g = wg[i];
        if (g == SL_NONE)
            continue;
        const sl_workload *w = &m->workloads[i];
        const sl_method *me = &m->migration.methods[w->method];
        c->effort_by_method[g * c->n_methods + w->method] += me->effort_hours.likely;
        c->effort_fixed[g] += sl_workload_effort_h(m, w, 0.0);
        c->is_legacy[g] |= sl_os_is_unsupported(m, w->os);
        c->group_blocked_workloads[g]++;
        for (size_t k = 0; k < m->n_gates; k++)
            if (sl_selector_matches(m, &m->gates[k].applies_to, w))
                c->gate_mask[g] |= (uint64_t)1 << k;
    }
    size_t n = 0;
    for (size_t g = 0; g < c->n_groups; g++) {
        double best = -1;
        for (size_t k = 0; k < c->n_methods; k++)
            if (c->effort_by_method[g * c->n_methods + k] > best) {
                best = c->effort_by_method[g * c->n_methods + k];
                c->main_method[g] = (sl_index)k;
            }
        int w = g < planned->n_groups ? planned->group_window[g] : -1;
        c->never[g] = w < 0 && c->base.group_agency[g] != SL_NONE;
        if (w >= 0)
            keys[n++] = (planned_key){w, (sl_index)g};
    }
    qsort(keys, n, sizeof *keys, cmp_planned);
    for (size_t k = 0; k < n; k++)
        c->order[k] = keys[k].g;
    c->n_order = n;
    sl_free(keys);
    return 0;
}

static int prepare_sites(sim_ctx *c)
{
    const sl_model *m = c->m;
    c->n_sites = m->n_sites;
    c->sites = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *c->sites);
    double *vcpu = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *vcpu);
    if (!c->sites || !vcpu) {
        sl_free(vcpu);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < m->n_workloads; i++) {
        vcpu[m->workloads[i].site] += m->workloads[i].vcpu;
        c->sites[m->workloads[i].site].has_workloads = true;
    }
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        sim_site *ss = &c->sites[s];
        /* without a measured IT load, 5 W per allocated vCPU: older hosts
         * at lower consolidation than a new platform */
        double it_kw = site->it_kw > 0 ? site->it_kw : vcpu[s] * 0.005;
        ss->monthly_cost_fixed = (site->rent_per_year + site->opex_per_year) / 12.0;
        ss->monthly_kwh = it_kw * site->pue * 8760.0 / 12.0;
        ss->energy_tax = site->energy_tax;
        ss->energy_param = site->energy_price.param;
        ss->energy_price = site->energy_price.likely;
        ss->contract_end = site->contract_end;
        ss->extension_per_month = site->extension_cost_per_month;
        ss->owner = site->owner;
    }
    sl_free(vcpu);
    return 0;
}

int sim_prepare(sim_ctx *c, const sl_model *m, size_t n_groups, const sl_index *workload_group,
                const uint8_t *is_movable, const sl_schedule *planned)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->n_groups = n_groups;
    c->hardware_gate = -1;
    if (m->n_gates > 64 || m->n_agencies > SIM_MAX_AGENCIES || m->n_sites > SIM_MAX_SITES)
        return SL_ELIMIT;
    sl_index *wg = sl_malloc((m->n_workloads ? m->n_workloads : 1) * sizeof *wg);
    if (!wg)
        return SL_ENOMEM;
    for (size_t i = 0; i < m->n_workloads; i++)
        wg[i] = is_movable && !is_movable[i] ? SL_NONE : workload_group[i];
    int rc = sl_sched_problem_build(&c->base, m, n_groups, wg, NULL);
    if (!rc)
        rc = prepare_groups(c, wg, planned);
    sl_free(wg);
    if (!rc)
        rc = prepare_sites(c);
    if (rc)
        goto fail;
    /* day -> first window starting that day or later */
    c->first_day = m->start;
    sl_date last = c->base.n_windows ? c->base.windows[c->base.n_windows - 1].day : m->start;
    c->n_days = (size_t)(last - m->start) + 2;
    c->window_on_or_after = sl_malloc(c->n_days * sizeof *c->window_on_or_after);
    if (!c->window_on_or_after) {
        rc = SL_ENOMEM;
        goto fail;
    }
    size_t w = 0;
    for (size_t d = 0; d < c->n_days; d++) {
        while (w < c->base.n_windows && c->base.windows[w].day < m->start + (sl_date)d)
            w++;
        c->window_on_or_after[d] = (int)w;
    }
    c->n_params = m->n_params;
    c->uncertain = sl_malloc((m->n_params ? m->n_params : 1) * sizeof *c->uncertain);
    if (!c->uncertain) {
        rc = SL_ENOMEM;
        goto fail;
    }
    for (size_t p = 0; p < m->n_params; p++) {
        const sl_dist *d = m->params[p].value;
        if (d->kind != SL_DIST_FIXED && d->max > d->min)
            c->uncertain[c->n_uncertain++] = (uint32_t)p;
    }
    for (size_t g = 0; g < m->n_gates; g++)
        if (m->gates[g].kind == SL_GATE_HARDWARE && c->hardware_gate < 0)
            c->hardware_gate = (int)g;
    c->deadline_day = (double)(m->deadline - m->start);
    return 0;
fail:
    sim_ctx_free(c);
    return rc;
}

int sim_work_init(sim_work *w, const sim_ctx *c)
{
    memset(w, 0, sizeof *w);
    const sl_model *m = c->m;
    size_t nw = c->base.n_windows ? c->base.n_windows : 1;
    size_t na = m->n_agencies ? m->n_agencies : 1, ns = m->n_sites ? m->n_sites : 1;
    w->x = sl_calloc(c->n_params ? c->n_params : 1, sizeof(double));
    w->staff = sl_calloc(nw * na, sizeof(double));
    w->staff_cap = sl_calloc(nw * na, sizeof(double));
    w->tb = sl_calloc(nw * ns, sizeof(double));
    w->critical = sl_calloc(nw, sizeof(int));
    w->gate_window = sl_calloc(m->n_gates ? m->n_gates : 1, sizeof(int));
    w->gate_failed = sl_calloc(m->n_gates ? m->n_gates : 1, 1);
    w->agency_last = sl_calloc(na, sizeof(int));
    w->agency_floor = sl_calloc(na, sizeof(int));
    w->site_last = sl_calloc(ns, sizeof(int));
    w->method_factor = sl_calloc(c->n_methods ? c->n_methods : 1, sizeof(double));
    w->method_fail = sl_calloc(c->n_methods ? c->n_methods : 1, sizeof(double));
    w->hours = sl_calloc(na, sizeof(double));
    w->high_water = (int)nw - 1;
    /* fixed numbers keep their value; uncertain ones are drawn each time */
    for (size_t p = 0; w->x && p < c->n_params; p++)
        w->x[p] = m->params[p].value->likely;
    if (!w->x || !w->staff || !w->staff_cap || !w->tb || !w->critical || !w->gate_window ||
        !w->gate_failed || !w->agency_last || !w->agency_floor || !w->site_last ||
        !w->method_factor || !w->method_fail || !w->hours) {
        sim_work_free(w);
        return SL_ENOMEM;
    }
    return 0;
}

void sim_work_free(sim_work *w)
{
    sl_free(w->x);
    sl_free(w->staff);
    sl_free(w->staff_cap);
    sl_free(w->tb);
    sl_free(w->critical);
    sl_free(w->gate_window);
    sl_free(w->gate_failed);
    sl_free(w->agency_last);
    sl_free(w->agency_floor);
    sl_free(w->site_last);
    sl_free(w->method_factor);
    sl_free(w->method_fail);
    sl_free(w->hours);
    memset(w, 0, sizeof *w);
}
