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
 *
 * Effort: each move draws its own rate from its method's distribution,
 * mixed with one rate per method for the whole iteration:
 *   rate = c * team_rate + (1 - c) * own_rate,  c = effort_correlation,
 * because estimation errors are partly shared by all moves of one team.
 * Own rates come from a 256-point quantile table (one lookup per move).
 *
 * Random numbers: Philox streams keyed by (seed, iteration) for the few
 * draws per iteration (one stream per parameter, one for the gates), and a
 * keyed SplitMix64 hash of (seed, iteration, group, attempt) for the many
 * per-move draws. Both are pure functions of their keys: an iteration
 * computes the same on any thread, and two scenarios that differ in one
 * number share every other draw (a higher failure rate fails a superset of
 * the moves). Cost: O(params + gates + groups), windows found through
 * union-find "next open window" links per agency and for critical slots.
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

/* The first window at or after `win` whose link is not cut: union-find
 * with path halving. */
static int next_of(int *next, int win)
{
    while (next[win] != win) {
        next[win] = next[next[win]];
        win = next[win];
    }
    return win;
}

/* First window at or after `from` that takes the task; -1 if none. */
static int find_window(const sim_ctx *c, sim_work *w, const sim_task *t, int from, double effort)
{
    const sl_sched_problem *p = &c->base;
    size_t na = p->n_agencies, ns = p->n_sites, nw = p->n_windows;
    int *next = w->next_open + (size_t)t->agency * (nw + 1);
    bool critical = p->max_critical && t->is_critical;
    for (int win = next_of(next, from); (size_t)win < nw; win = next_of(next, win + 1)) {
        if (critical) {
            /* a window with staff room and a critical slot */
            int v = next_of(w->next_critical, win);
            while (v != win) {
                win = next_of(next, v);
                v = next_of(w->next_critical, win);
            }
            if ((size_t)win >= nw)
                break;
        }
        size_t i = (size_t)win * na + t->agency;
        if (w->staff[i] + effort > w->staff_cap[i] + 1e-9)
            continue;
        double cap = p->tb_cap[(size_t)win * ns + t->site];
        if (cap >= 0 && w->tb[(size_t)win * ns + t->site] + t->tb > cap + 1e-9)
            continue;
        return win;
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
    size_t na = m->n_agencies, nw = p->n_windows;
    for (size_t a = 0; a < na; a++) {
        const sl_agency *ag = &m->agencies[a];
        double hours = val(w, &ag->migration_hours_per_week);
        double loss = ag->role == SL_ROLE_JOINING ? hours * val(w, &ag->staff_decline_share) *
                                                        val(w, &ag->staff_early_leave_share)
                                                  : 0.0;
        size_t from = (size_t)window_of_day(c, ag->staff_announce);
        for (size_t win = 0; win < nw; win++)
            w->staff_cap[win * na + a] = (win >= from ? hours - loss : hours) *
                                         p->windows[win].week_share;
    }
    double lowest = 1e300;
    for (size_t k = 0; k < c->n_methods; k++) {
        const sl_method *me = &m->migration.methods[k];
        double likely = me->effort_hours.likely;
        w->method_rate[k] = likely > 0 ? val(w, &me->effort_hours) / likely : 1.0;
        w->method_fail[k] = val(w, &me->failure_rate);
        double low = c->correlation * w->method_rate[k] +
                     (1 - c->correlation) * c->rate_table[k * (SIM_TABLE + 1)];
        lowest = low < lowest ? low : lowest;
    }
    /* the smallest any move of an agency can be this iteration: a window
     * with less room than that is full for the agency */
    for (size_t a = 0; a < na; a++) {
        double least = 1e300;
        for (size_t k = 0; k < c->n_methods; k++) {
            double e = c->min_effort_by_method[a * c->n_methods + k];
            least = e < least ? e : least;
        }
        w->min_effort[a] = least * (lowest > 0 ? lowest : 0);
    }
    memcpy(w->next_open, c->next_open_base, na * (nw + 1) * sizeof *w->next_open);
    for (size_t win = 0; win <= nw; win++)
        w->next_critical[win] = (int)win;
}

static void add_costs(const sim_ctx *c, const sim_work *w, const uint8_t *site_not_done,
                      sim_result *r)
{
    const sl_model *m = c->m;
    const sl_sched_problem *p = &c->base;
    sl_date horizon_end = p->n_windows ? p->windows[p->n_windows - 1].last_day : m->start;
    /* the new platform runs from the hardware delivery; the old halls run
     * until they are empty: the months in between are paid twice */
    sl_date double_from = m->start;
    if (c->hardware_gate >= 0) {
        const sl_gate *hw = &m->gates[c->hardware_gate];
        double_from = sl_date_add_months(hw->opens, val(w, &hw->lead_time_months));
    }
    for (size_t s = 0; s < c->n_sites; s++) {
        const sim_site *ss = &c->sites[s];
        if (!ss->has_workloads)
            continue;
        sl_date empty = site_not_done[s]       ? horizon_end
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
    size_t na = m->n_agencies, ns = m->n_sites, nw = p->n_windows;
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
        r->agency_cost[a] = 0;
        r->agency_blocked[a] = 0;
        agency_not_done[a] = c->agency_has_never[a];
    }
    for (size_t s = 0; s < ns; s++)
        w->site_last[s] = -1;
    r->retries = 0;

    const uint64_t key = sim_mix(seed ^ sim_mix(it));
    const double corr = c->correlation;
    for (size_t k = 0; k < c->n_tasks; k++) {
        const sim_task *t = &c->tasks[k];
        size_t a = t->agency;
        if (t->gate_mask & failed_gates) {
            /* a refused approval: these workloads stay, and the agency's
             * move cannot complete */
            r->agency_blocked[a] += t->n_workloads;
            agency_not_done[a] = 1;
            site_not_done[t->site] = 1;
            continue;
        }
        int release = 0;
        for (uint64_t bits = t->gate_mask; bits; bits &= bits - 1) {
            int gw = w->gate_window[__builtin_ctzll(bits)];
            release = gw > release ? gw : release;
        }
        uint64_t h = sim_mix(key ^ ((uint64_t)t->group << 8));
        /* the move's own rate: a quantile-table lookup with the top bits */
        double u = (double)(h >> 40) * (SIM_TABLE / 16777216.0);
        size_t cell = (size_t)u;
        double frac = u - (double)cell;
        double effort = t->fixed_effort;
        for (int j = 0; j < t->n_methods; j++) {
            const double *tab = c->rate_table + (size_t)t->method[j] * (SIM_TABLE + 1);
            double own = tab[cell] + frac * (tab[cell + 1] - tab[cell]);
            effort += t->effort[j] * (corr * w->method_rate[t->method[j]] + (1 - corr) * own);
        }
        double pf = w->method_fail[t->method[0]];
        if (t->is_legacy)
            pf *= m->migration.methods[t->method[0]].legacy_failure_factor;
        uint32_t fail_below = pf >= 0.95 ? (uint32_t)(0.95 * 4294967296.0)
                              : pf <= 0  ? 0
                                         : (uint32_t)(pf * 4294967296.0);
        int from = release, placed = -1;
        for (int attempt = 0; attempt <= SIM_MAX_RETRIES; attempt++) {
            int win = find_window(c, w, t, from, effort);
            if (win < 0)
                break;
            size_t i = (size_t)win * na + a;
            w->staff[i] += effort;
            if (w->staff_cap[i] - w->staff[i] < w->min_effort[a])
                w->next_open[a * (nw + 1) + (size_t)win] = win + 1;
            w->tb[(size_t)win * ns + t->site] += t->tb;
            if (t->is_critical) {
                w->critical[win]++;
                if (p->max_critical && w->critical[win] >= p->max_critical)
                    w->next_critical[win] = win + 1;
            }
            if (win > w->high_water)
                w->high_water = win;
            r->agency_cost[a] += effort * m->agencies[a].cost_per_hour;
            /* attempt 0 uses the low bits of h, later ones their own hash */
            uint32_t draw = attempt == 0 ? (uint32_t)h : (uint32_t)sim_mix(h + (uint64_t)attempt);
            if (attempt < SIM_MAX_RETRIES && draw < fail_below) {
                r->retries++;
                from = win + 1;
                continue;
            }
            placed = win;
            break;
        }
        if (placed < 0) {
            agency_not_done[a] = 1;
            site_not_done[t->site] = 1;
            continue;
        }
        if (placed > w->agency_last[a])
            w->agency_last[a] = placed;
        if (placed > w->site_last[t->site])
            w->site_last[t->site] = placed;
    }

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
