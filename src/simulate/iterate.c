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
 *
 * Random numbers: every draw is a keyed SplitMix64 hash of (seed,
 * iteration, what it decides: a parameter, a gate, a move and attempt),
 * mapped through a 257-point quantile table of its distribution. A draw is
 * a pure function of its keys: an iteration computes the same on any
 * thread, and two scenarios that differ in one number share every other
 * draw (a higher failure rate fails a superset of the moves).
 *
 * Cost: O(params + gates + windows + groups x log windows): each agency
 * keeps a max segment tree of the staff hours left per window (frozen
 * windows hold -inf), so the first window with room for a move is found in
 * a logarithmic descent, never by walking past full windows; windows whose
 * critical slots are taken are skipped through union-find links.
 */
#include "simulate/sim.h"

#include <math.h>
#include <string.h>

#define DAYS_PER_MONTH 30.436875

static double val(const sim_work *w, const sl_dist *d)
{
    return d->param != SL_NONE ? w->x[d->param] : d->likely;
}

/* A uniform in [0, 1) from the top 53 bits of a hash. */
static double unit(uint64_t h)
{
    return (double)(h >> 11) * 0x1.0p-53;
}

/* Linear interpolation in a quantile table with a uniform u in [0, 1). */
static double from_table(const double *tab, double u)
{
    double x = u * SIM_TABLE;
    size_t cell = (size_t)x;
    return tab[cell] + (x - (double)cell) * (tab[cell + 1] - tab[cell]);
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

/* The first window at or after `win` with a critical slot left: union-find
 * with path halving; full windows point past themselves. */
static inline int next_critical(int *next, int win)
{
    while (next[win] != win) {
        next[win] = next[next[win]];
        win = next[win];
    }
    return win;
}

/* The max segment tree of one agency: leaves at [P, 2P), node i holds the
 * largest room in its subtree. */
static void room_set(double *t, size_t P, size_t win, double v)
{
    size_t i = win + P;
    t[i] = v;
    for (i >>= 1; i >= 1; i >>= 1) {
        double l = t[2 * i], r = t[2 * i + 1];
        double m = l > r ? l : r;
        if (t[i] == m)
            break; /* nothing above changes */
        t[i] = m;
    }
}

/* The first window at or after `from` with room >= need, or -1. */
static int room_first(const double *t, size_t P, size_t from, double need)
{
    size_t i = from + P;
    while (t[i] < need) {
        /* on to the next subtree to the right */
        while (i & 1) {
            i >>= 1;
            if (i == 0)
                return -1;
        }
        i++;
    }
    while (i < P) {
        i *= 2;
        if (t[i] < need)
            i++;
    }
    return (int)(i - P);
}

static void sample_inputs(const sim_ctx *c, sim_work *w, uint64_t key, sim_result *r)
{
    const sl_model *m = c->m;
    for (size_t u = 0; u < c->n_uncertain; u++) {
        double v = from_table(c->param_table + u * (SIM_TABLE + 1),
                              unit(sim_mix(key ^ (SIM_KEY_PARAM + c->uncertain[u]))));
        w->x[c->uncertain[u]] = v;
        r->inputs[u] = v;
    }
    for (size_t g = 0; g < m->n_gates; g++) {
        const sl_gate *gate = &m->gates[g];
        double lead = val(w, &gate->lead_time_months);
        w->gate_window[g] = window_of_day(c, sl_date_add_months(gate->opens, lead));
        w->gate_failed[g] = unit(sim_mix(key ^ (SIM_KEY_GATE + g))) >= gate->pass_probability;
        r->gate_passed[g] = !w->gate_failed[g];
    }
    /* each set of gates: when it lets its groups go, and whether it ever
     * does */
    for (size_t k = 0; k < c->n_masks; k++) {
        int release = 0;
        uint8_t blocked = 0;
        for (uint64_t bits = c->masks[k]; bits; bits &= bits - 1) {
            int g = __builtin_ctzll(bits);
            release = w->gate_window[g] > release ? w->gate_window[g] : release;
            blocked |= w->gate_failed[g];
        }
        w->mask_release[k] = release;
        w->mask_blocked[k] = blocked;
    }
}

static uint32_t threshold(double p)
{
    if (p <= 0)
        return 0;
    if (p >= 0.95)
        p = 0.95;
    return (uint32_t)(p * 4294967296.0);
}

static void set_capacities(const sim_ctx *c, sim_work *w)
{
    const sl_model *m = c->m;
    size_t na = m->n_agencies, nw = c->base.n_windows;
    for (size_t a = 0; a < na; a++) {
        const sl_agency *ag = &m->agencies[a];
        double hours = val(w, &ag->migration_hours_per_week);
        double loss = ag->role == SL_ROLE_JOINING ? hours * val(w, &ag->staff_decline_share) *
                                                        val(w, &ag->staff_early_leave_share)
                                                  : 0.0;
        w->cap_before[a] = hours;
        w->cap_after[a] = hours - loss;
        w->hours_used[a] = 0;
    }
    double lowest = 1e300;
    for (size_t k = 0; k < c->n_methods; k++) {
        const sl_method *me = &m->migration.methods[k];
        double likely = me->effort_hours.likely;
        w->method_rate[k] = likely > 0 ? val(w, &me->effort_hours) / likely : 1.0;
        w->team_rate[k] = c->correlation * w->method_rate[k];
        double pf = val(w, &me->failure_rate);
        w->fail_below[k] = threshold(pf);
        w->fail_below_legacy[k] = threshold(pf * me->legacy_failure_factor);
        double low = w->team_rate[k] + c->own_table[k * (SIM_TABLE + 1)];
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
    /* room per window and agency, frozen windows never */
    size_t P = c->tree_leaves;
    for (size_t a = 0; a < na; a++) {
        double *t = w->room + a * 2 * P;
        int announce = c->announce_window[a];
        for (size_t win = 0; win < P; win++)
            t[P + win] = win < nw && !c->base.frozen[win * na + a]
                             ? c->share[win] * ((int)win >= announce ? w->cap_after[a]
                                                                     : w->cap_before[a])
                             : -1e300;
        for (size_t i = P - 1; i >= 1; i--)
            t[i] = t[2 * i] > t[2 * i + 1] ? t[2 * i] : t[2 * i + 1];
    }
    if (c->base.max_critical)
        for (size_t win = 0; win <= nw; win++)
            w->next_critical[win] = (int)win;
}

static void add_costs(const sim_ctx *c, const sim_work *w, const uint8_t *site_not_done,
                      sim_result *r)
{
    const sl_model *m = c->m;
    const sl_sched_problem *p = &c->base;
    for (size_t a = 0; a < m->n_agencies; a++)
        r->agency_cost[a] = w->hours_used[a] * m->agencies[a].cost_per_hour;
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
    const size_t na = m->n_agencies, ns = m->n_sites, nw = p->n_windows;
    if (w->high_water >= 0) {
        size_t used = (size_t)w->high_water + 1;
        memset(w->staff, 0, used * na * sizeof *w->staff);
        memset(w->tb, 0, used * ns * sizeof *w->tb);
        memset(w->critical, 0, used * sizeof *w->critical);
    }
    const uint64_t key = sim_mix(seed ^ sim_mix(it));
    sample_inputs(c, w, key, r);
    set_capacities(c, w);

    /* sim_prepare caps agencies at SIM_MAX_AGENCIES and sites at SIM_MAX_SITES */
    uint8_t agency_not_done[SIM_MAX_AGENCIES], site_not_done[SIM_MAX_SITES] = {0};
    for (size_t a = 0; a < na; a++) {
        w->agency_last[a] = -1;
        r->agency_blocked[a] = 0;
        agency_not_done[a] = c->agency_has_never[a];
    }
    for (size_t s = 0; s < ns; s++)
        w->site_last[s] = -1;
    int retries = 0, high_water = -1;

    /* the hot loop works on locals, so the compiler need not reload them */
    double *restrict staff = w->staff, *restrict tb = w->tb, *restrict used = w->hours_used;
    int *restrict critical = w->critical;
    const double *restrict share = c->share, *restrict tb_cap = p->tb_cap;
    const double *restrict own = c->own_table, *restrict team = w->team_rate;
    const int max_critical = p->max_critical;
    const size_t P = c->tree_leaves;
    for (size_t k = 0; k < c->n_tasks; k++) {
        const sim_task *t = &c->tasks[k];
        const size_t a = t->agency, s = t->site;
        if (w->mask_blocked[t->mask]) {
            /* a refused approval: these workloads stay, and the agency's
             * move cannot complete */
            r->agency_blocked[a] += t->n_workloads;
            agency_not_done[a] = 1;
            site_not_done[s] = 1;
            continue;
        }
        const uint64_t h = sim_mix(key ^ (SIM_KEY_MOVE + ((uint64_t)t->group << 4)));
        const double u = unit(h);
        double effort = t->fixed_effort;
        for (int j = 0; j < t->n_methods; j++)
            effort += t->effort[j] * (team[t->method[j]] +
                                      from_table(own + (size_t)t->method[j] * (SIM_TABLE + 1), u));
        const uint32_t fail_below = t->is_legacy ? w->fail_below_legacy[t->method[0]]
                                                 : w->fail_below[t->method[0]];
        const double before = w->cap_before[a], after = w->cap_after[a];
        const int announce = c->announce_window[a];
        double *room = w->room + a * 2 * P;
        const bool is_critical = max_critical && t->is_critical;
        int from = w->mask_release[t->mask], placed = -1;
        for (int attempt = 0; attempt <= SIM_MAX_RETRIES; attempt++) {
            const double need = effort - 1e-9;
            int win = (size_t)from < nw ? room_first(room, P, (size_t)from, need) : -1;
            while (win >= 0) {
                if (is_critical && critical[win] >= max_critical) {
                    int v = next_critical(w->next_critical, win);
                    win = (size_t)v < nw ? room_first(room, P, (size_t)v, need) : -1;
                    continue;
                }
                const double link = tb_cap[(size_t)win * ns + s];
                if (link >= 0 && tb[(size_t)win * ns + s] + t->tb > link + 1e-9) {
                    win = (size_t)win + 1 < nw ? room_first(room, P, (size_t)win + 1, need) : -1;
                    continue;
                }
                break;
            }
            if (win < 0 && from >= 0) {
                /* a move bigger than any window's hours takes a window of
                 * its own (the team works it through) rather than never:
                 * the first empty open window */
                for (size_t v = (size_t)from; v < nw; v++) {
                    double full = share[v] * ((int)v >= announce ? after : before);
                    if (room[P + v] >= full && full > 0 &&
                        !(is_critical && critical[v] >= max_critical)) {
                        win = (int)v;
                        break;
                    }
                }
            }
            if (win < 0)
                win = (int)nw;
            if ((size_t)win >= nw)
                break;
            double *slot = &staff[(size_t)win * na + a];
            *slot += effort;
            room_set(room, P, (size_t)win, share[win] * (win >= announce ? after : before) - *slot);
            tb[(size_t)win * ns + s] += t->tb;
            if (t->is_critical && ++critical[win] >= max_critical && max_critical)
                w->next_critical[win] = win + 1;
            high_water = win > high_water ? win : high_water;
            used[a] += effort;
            /* attempt 0 uses the low bits of h, later ones their own hash */
            uint32_t draw = attempt == 0 ? (uint32_t)h : (uint32_t)sim_mix(h + (uint64_t)attempt);
            if (attempt < SIM_MAX_RETRIES && draw < fail_below) {
                retries++;
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
    }
    w->high_water = high_water;
    r->retries = retries;

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
