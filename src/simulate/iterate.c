/* SPDX-License-Identifier: MIT */
/*
 * iterate.c - one Monte Carlo iteration.
 *
 * Samples every uncertain scenario number, each gate's lead time and
 * pass/fail, then replays the move groups in their planned order with a
 * fast serial pass (Kolisch 1996's serial schedule generation scheme):
 * each group goes into the first window at or after its sampled release
 * that is open to its agency and has staff hours, link capacity and a
 * critical slot left. A group fails with its method's sampled failure rate
 * (times the legacy factor for an out-of-support OS); a failed move is
 * rolled back, its hours are spent, and it is retried in a later window.
 * Effort uncertainty is systematic per method: one draw per iteration
 * scales every group of that method, because estimation errors of one
 * team's rate are shared by all its moves.
 *
 * Random numbers come from Philox streams keyed by (seed, iteration) and
 * by what they decide: one stream per uncertain parameter, one for the
 * gates, one per move group for its failures. So an iteration computes the
 * same on any thread, and two scenarios that differ in one number share
 * every other draw (common random numbers): a higher failure rate fails a
 * superset of the moves, a later deadline sees the same finishes. Cost: O(params + gates
 * + groups x windows scanned), windows scanned are few because each agency
 * keeps a floor below which its windows are full.
 */
#include "simulate/sim.h"

#include <math.h>
#include <string.h>

#define DAYS_PER_MONTH 30.436875

static double val(const sim_work *w, const sl_dist *d)
{
    return d->param != SL_NONE ? w->x[d->param] : d->likely;
}

static int window_of_day(const sim_ctx *c, sl_date day)
{
    if (day <= c->first_day)
        return 0;
    size_t d = (size_t)(day - c->first_day);
    if (d >= c->n_days)
        return (int)c->base.n_windows;
    return c->window_on_or_after[d];
}

/* First window at or after `from` that takes group g; -1 if none. */
static int find_window(const sim_ctx *c, const sim_work *w, size_t g, int from, double effort)
{
    const sl_sched_problem *p = &c->base;
    size_t na = p->n_agencies, ns = p->n_sites;
    size_t a = p->group_agency[g], s = p->group_site[g];
    for (size_t win = (size_t)from; win < p->n_windows; win++) {
        if (p->frozen[win * na + a])
            continue;
        if (w->staff[win * na + a] + effort > w->staff_cap[win * na + a] + 1e-9)
            continue;
        double cap = p->tb_cap[win * ns + s];
        if (cap >= 0 && w->tb[win * ns + s] + p->group_tb[g] > cap + 1e-9)
            continue;
        if (p->max_critical && p->group_is_critical[g] && w->critical[win] + 1 > p->max_critical)
            continue;
        return (int)win;
    }
    return -1;
}

static void sample_inputs(const sim_ctx *c, sim_work *w, uint64_t seed, uint64_t it,
                          sim_result *r)
{
    const sl_model *m = c->m;
    sl_rng rng;
    for (size_t u = 0; u < c->n_uncertain; u++) {
        uint32_t p = c->uncertain[u];
        sl_rng_init(&rng, seed, it, SIM_STREAM_PARAMS + p);
        double v = sl_dist_sample(m->params[p].value, &rng);
        w->x[p] = v;
        r->inputs[u] = v;
    }
    sl_rng_init(&rng, seed, it, SIM_STREAM_GATES);
    for (size_t g = 0; g < m->n_gates; g++) {
        const sl_gate *gate = &m->gates[g];
        double lead = val(w, &gate->lead_time_months);
        w->gate_window[g] = window_of_day(c, sl_date_add_months(gate->opens, lead));
        /* always draw, so later gates keep their numbers */
        w->gate_failed[g] = sl_rng_uniform(&rng) >= gate->pass_probability;
        r->gate_passed[g] = !w->gate_failed[g];
    }
}

static void set_capacities(const sim_ctx *c, sim_work *w)
{
    const sl_model *m = c->m;
    const sl_sched_problem *p = &c->base;
    size_t na = m->n_agencies;
    for (size_t a = 0; a < na; a++) {
        const sl_agency *ag = &m->agencies[a];
        double hours = val(w, &ag->migration_hours_per_week);
        double loss = ag->role == SL_ROLE_JOINING ? hours * val(w, &ag->staff_decline_share) *
                                                        val(w, &ag->staff_early_leave_share)
                                                  : 0.0;
        int from = window_of_day(c, ag->staff_announce);
        for (size_t win = 0; win < p->n_windows; win++)
            w->staff_cap[win * na + a] =
                ((int)win >= from ? hours - loss : hours) * p->windows[win].week_share;
        w->hours[a] = hours;
    }
    for (size_t k = 0; k < c->n_methods; k++) {
        const sl_method *me = &m->migration.methods[k];
        double likely = me->effort_hours.likely;
        w->method_factor[k] = likely > 0 ? val(w, &me->effort_hours) / likely : 1.0;
        w->method_fail[k] = val(w, &me->failure_rate);
    }
}

static void add_costs(const sim_ctx *c, const sim_work *w, const uint8_t *site_not_done,
                      sim_result *r)
{
    const sl_model *m = c->m;
    const sl_sched_problem *p = &c->base;
    sl_date horizon_end = p->n_windows ? p->windows[p->n_windows - 1].last_day : m->start;
    /* the new platform runs from the hardware delivery; before it, only
     * the old halls cost money */
    sl_date double_from = m->start;
    if (c->hardware_gate >= 0) {
        const sl_gate *hw = &m->gates[c->hardware_gate];
        double_from = sl_date_add_months(hw->opens, val(w, &hw->lead_time_months));
    }
    for (size_t s = 0; s < c->n_sites; s++) {
        const sim_site *ss = &c->sites[s];
        if (!ss->has_workloads)
            continue;
        sl_date empty = site_not_done[s] ? horizon_end
                        : w->site_last[s] >= 0 ? p->windows[w->site_last[s]].last_day
                                               : m->start;
        double months = empty > double_from ? (double)(empty - double_from) / DAYS_PER_MONTH : 0;
        double price = ss->energy_param != SL_NONE ? w->x[ss->energy_param] : ss->energy_price;
        double cost = months * (ss->monthly_cost_fixed + ss->monthly_kwh * (price + ss->energy_tax));
        if (ss->contract_end != SL_DATE_NONE && empty > ss->contract_end)
            cost += ceil((double)(empty - ss->contract_end) / DAYS_PER_MONTH) *
                    ss->extension_per_month;
        r->agency_cost[ss->owner] += cost;
    }
    sl_index host = SL_NONE;
    for (size_t a = 0; a < m->n_agencies; a++)
        if (m->agencies[a].role == SL_ROLE_HOST)
            host = (sl_index)a;
    for (size_t i = 0; i < m->n_one_offs; i++) {
        const sl_one_off *o = &m->one_offs[i];
        sl_index a = o->agency != SL_NONE ? o->agency : host;
        if (a != SL_NONE)
            r->agency_cost[a] += val(w, &o->amount);
    }
}

void sim_iterate(const sim_ctx *c, sim_work *w, uint64_t seed, uint64_t it, sim_result *r)
{
    const sl_model *m = c->m;
    const sl_sched_problem *p = &c->base;
    size_t na = m->n_agencies, ns = m->n_sites;
    if (w->high_water >= 0) {
        size_t used = (size_t)w->high_water + 1;
        memset(w->staff, 0, used * na * sizeof *w->staff);
        memset(w->tb, 0, used * ns * sizeof *w->tb);
        memset(w->critical, 0, used * sizeof *w->critical);
    }
    w->high_water = -1;
    sample_inputs(c, w, seed, it, r);
    set_capacities(c, w);

    uint64_t failed_gates = 0;
    for (size_t g = 0; g < m->n_gates; g++)
        if (w->gate_failed[g])
            failed_gates |= (uint64_t)1 << g;
    /* sim_prepare caps agencies at SIM_MAX_AGENCIES and sites at SIM_MAX_SITES */
    uint8_t agency_not_done[SIM_MAX_AGENCIES] = {0}, site_not_done[SIM_MAX_SITES] = {0};
    for (size_t a = 0; a < na; a++) {
        w->agency_last[a] = -1;
        w->agency_floor[a] = 0;
        r->agency_cost[a] = 0;
        r->agency_blocked[a] = 0;
    }
    for (size_t s = 0; s < ns; s++)
        w->site_last[s] = -1;
    r->retries = 0;

    sl_rng rng;
    for (size_t k = 0; k < c->n_order; k++) {
        size_t g = c->order[k];
        size_t a = p->group_agency[g], s = p->group_site[g];
        uint64_t mask = c->gate_mask[g];
        if (mask & failed_gates) {
            /* a refused approval: these workloads stay, the agency's move
             * cannot complete */
            r->agency_blocked[a] += c->group_blocked_workloads[g];
            agency_not_done[a] = 1;
            site_not_done[s] = 1;
            continue;
        }
        int release = 0;
        for (uint64_t bits = mask; bits; bits &= bits - 1) {
            int gate = __builtin_ctzll(bits);
            if (w->gate_window[gate] > release)
                release = w->gate_window[gate];
        }
        double effort = c->effort_fixed[g];
        for (size_t me = 0; me < c->n_methods; me++)
            effort += c->effort_by_method[g * c->n_methods + me] * w->method_factor[me];
        const sl_method *main = &m->migration.methods[c->main_method[g]];
        double pf = w->method_fail[c->main_method[g]] *
                    (c->is_legacy[g] ? main->legacy_failure_factor : 1.0);
        if (pf > 0.95)
            pf = 0.95;
        int from = release > w->agency_floor[a] ? release : w->agency_floor[a];
        int placed = -1;
        sl_rng_init(&rng, seed, it, SIM_STREAM_FAILURES + (uint32_t)g);
        for (int attempt = 0; attempt <= SIM_MAX_RETRIES; attempt++) {
            int win = find_window(c, w, g, from, effort);
            if (win < 0)
                break;
            w->staff[(size_t)win * na + a] += effort;
            w->tb[(size_t)win * ns + s] += p->group_tb[g];
            w->critical[win] += p->group_is_critical[g];
            if (win > w->high_water)
                w->high_water = win;
            r->agency_cost[a] += effort * m->agencies[a].cost_per_hour;
            if (attempt < SIM_MAX_RETRIES && sl_rng_uniform(&rng) < pf) {
                r->retries++;
                from = win + 1;
                continue;
            }
            placed = win;
            break;
        }
        if (placed < 0) {
            agency_not_done[a] = 1;
            site_not_done[s] = 1;
            continue;
        }
        if (placed > w->agency_last[a])
            w->agency_last[a] = placed;
        if (placed > w->site_last[s])
            w->site_last[s] = placed;
        /* windows below the floor are closed or too full for this agency */
        while ((size_t)w->agency_floor[a] < p->n_windows) {
            size_t i = (size_t)w->agency_floor[a] * na + a;
            if (!p->frozen[i] && w->staff[i] + 0.5 < w->staff_cap[i])
                break;
            w->agency_floor[a]++;
        }
    }
    /* groups the plan itself could not place never finish */
    for (size_t g = 0; g < c->n_groups; g++)
        if (c->never[g])
            agency_not_done[p->group_agency[g]] = 1;

    int32_t overall = 0;
    for (size_t a = 0; a < na; a++) {
        int32_t f;
        if (agency_not_done[a])
            f = SIM_NOT_DONE;
        else if (w->agency_last[a] >= 0)
            f = (int32_t)(p->windows[w->agency_last[a]].last_day - m->start);
        else
            f = 0;
        r->agency_finish[a] = f;
        if (m->agencies[a].role == SL_ROLE_JOINING && f > overall)
            overall = f;
    }
    r->finish = overall;
    add_costs(c, w, site_not_done, r);
    r->cost = 0;
    for (size_t a = 0; a < na; a++)
        r->cost += r->agency_cost[a];
}
