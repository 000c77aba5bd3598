/* SPDX-License-Identifier: MIT */
/*
 * iterate.c - one Monte Carlo iteration.
 *
 * Samples every uncertain scenario number, each gate's lead time and
 * pass/fail, then replays the move groups in their planned order with a
 * fast serial pass (Kolisch 1996's serial schedule generation scheme):
 * each group goes into the first window at or after its sampled release
 * that is open to its agency and has staff hours, link capacity, a
 * critical slot and room under the per-window workload cap left (a group
 * on the shared platform also waits for the hardware gate, prepare.c). A
 * group fails with its method's sampled failure rate
 * (times the legacy factor for an out-of-support OS); a failed move is
 * rolled back, its hours are spent, and it is retried in a later window.
 *
 * Effort: each move draws its own rate from its effort row's distribution
 * (its method's effort_hours, or the method's effort_hours_by_tier for the
 * tier of its workloads), mixed with one rate per row for the whole
 * iteration:
 *   rate = c * team_rate + (1 - c) * own_rate,  c = effort_correlation,
 * because estimation errors are partly shared by all moves of one team.
 * A group mixing rows keeps its two with most hours (docs/SCHEDULE.md).
 *
 * Random numbers: every draw is a keyed SplitMix64 hash of (seed,
 * iteration, what it decides: a parameter, a gate, a move and attempt),
 * mapped through a 257-point quantile table of its distribution. A draw is
 * a pure function of its keys: an iteration computes the same on any
 * thread, and two scenarios that differ in one number share every other
 * draw (a higher failure rate fails a superset of the moves).
 *
 * Cost: O(params + gates + windows + groups), amortised, in one pass over
 * the moves: each draws its effort and first failure as it comes and is
 * placed. Per agency (a lane) windows too full for the smallest move link
 * past themselves (union-find), a front marks where the agency's first
 * window with room is, and a bound per block of windows skips stretches
 * without room for a larger move, so a move rarely looks at more than its
 * window; windows whose critical slots are taken are skipped through
 * union-find links as well.
 */
#include "simulate/sim.h"

#include <math.h>
#include <string.h>

#define DAYS_PER_MONTH 30.436875

/* The day of the last minute of window win that the freezes leave open
 * to agency a (the window's own last day when none is). */
static inline sl_date sim_last_day(const sim_ctx *c, int win, size_t a)
{
    const sl_sched_problem *p = &c->base;
    const sl_date day = p->open_last[(size_t)win * p->n_agencies + a];
    return day != SL_DATE_NONE ? day : p->windows[win].last_day;
}

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

/* Sets up the lane's windows up to the block holding `win`: capacities
 * from this iteration's weekly hours, nothing spent, no links, no bounds. */
static void lane_extend(sim_lane *l, int win, int nw)
{
    int end = (win / SIM_BLOCK + 1) * SIM_BLOCK;
    end = end < nw ? end : nw;
    for (int v = l->ready; v < end; v++) {
        const double share = l->share[v];
        l->hours[2 * v] = share == -INFINITY ? -INFINITY
                          : share * (v >= l->announce ? l->after : l->before);
        l->hours[2 * v + 1] = 0;
        l->next[v] = v;
    }
    for (int b = l->ready / SIM_BLOCK; b * SIM_BLOCK < end; b++)
        l->bound[b] = INFINITY;
    l->ready = end;
}

static inline double lane_room(const sim_lane *l, int win)
{
    return l->hours[2 * win] - l->hours[2 * win + 1];
}

/* The first window at or after `win` (set up) with room >= need in the
 * lane, or -1. Two skips keep it short:
 *  - windows with less room than any move needs (full or frozen) link past
 *    themselves, union-find with path halving, so the filled past costs
 *    nothing: they are linked when first met and room only shrinks;
 *  - each block of SIM_BLOCK windows has an upper bound on its room: a
 *    block below the need is skipped whole, and a block looked through
 *    whole in vain gets a tight bound, so a vain look happens at most once
 *    per placement in the block.
 * `from` is where the caller's search began, at_front whether every window
 * from the lane's earliest release to win is known too full. At worst
 * O(SIM_BLOCK + windows / SIM_BLOCK) per call, plus the vain looks paid by
 * placements. */
static int lane_scan(sim_lane *l, int win, int nw, double need, bool at_front)
{
    int *restrict next = l->next;
    const int from = win;
    int block = -1;
    double most = 0;   /* the most room met in this block */
    bool whole = false; /* every window of this block met so far */
    for (;;) {
        /* links only lead to windows set up, or to the end */
        while (next[win] != win) {
            next[win] = next[next[win]];
            win = next[win];
        }
        if (win >= nw) {
            if (at_front)
                l->front = nw;
            return -1;
        }
        if (win / SIM_BLOCK != block) {
            /* into a later block: the last one, met whole, was all too small */
            if (whole && most < l->bound[block])
                l->bound[block] = most;
            block = win / SIM_BLOCK;
            if (l->bound[block] < need) {
                if (at_front)
                    l->front = win;
                at_front = whole = false;
                win = (block + 1) * SIM_BLOCK;
                if (win >= nw)
                    return -1;
                if (win >= l->ready)
                    lane_extend(l, win, nw);
                continue;
            }
            /* windows skipped by links had less room than least; those
             * before `from` were not looked at */
            whole = from <= block * SIM_BLOCK;
            most = l->least;
        }
        double room = lane_room(l, win);
        if (!(room >= l->least)) {
            if (win + 1 >= l->ready && win + 1 < nw)
                lane_extend(l, win + 1, nw);
            next[win] = win + 1;
            win++;
            continue;
        }
        if (at_front) {
            l->front = win;
            at_front = false;
        }
        if (room >= need)
            return win;
        most = room > most ? room : most;
        win++;
        if (win < nw && win >= l->ready)
            lane_extend(l, win, nw);
    }
}

/* lane_first once the first window looked at is too small: a few steps
 * (8, less `step` already taken) through the windows not linked past, then
 * lane_scan. */
static int lane_seek(sim_lane *l, int win, int nw, double need, bool at_front, int step)
{
    int *restrict next = l->next;
    for (; step < 8; step++) {
        if (win >= l->ready) { /* (every window before ready is below nw) */
            if (win >= nw) {
                if (at_front)
                    l->front = nw;
                return -1;
            }
            lane_extend(l, win, nw);
        }
        /* links only lead to windows set up, or to the end */
        while (next[win] != win) {
            next[win] = next[next[win]];
            win = next[win];
        }
        if (win >= nw)
            continue;
        const double room = lane_room(l, win);
        if (room >= need) {
            if (at_front)
                l->front = win;
            return win;
        }
        if (!(room >= l->least)) {
            if (win + 1 >= l->ready && win + 1 < nw)
                lane_extend(l, win + 1, nw);
            next[win] = win + 1;
        } else if (at_front) {
            l->front = win;
            at_front = false;
        }
        win++;
    }
    if (win >= nw)
        return -1;
    if (win >= l->ready)
        lane_extend(l, win, nw);
    return lane_scan(l, win, nw, need, at_front);
}

/* The first window at or after `from` with room >= need in the lane, or
 * -1. Most often the first window looked at. */
static inline int lane_first(sim_lane *l, int from, int nw, double need)
{
    const bool at_front = from <= l->front;
    const int win = at_front ? l->front : from;
    /* (a window linked past has less room than least <= need) */
    if (win < l->ready && lane_room(l, win) >= need)
        return win;
    return lane_seek(l, win, nw, need, at_front, 0);
}

/* lane_seek when its first step, window `win`, is known set up and too
 * small for need: that step done here, without a second look. */
static inline int lane_past(sim_lane *l, int win, int nw, double need, bool at_front)
{
    if (l->next[win] != win)
        return lane_seek(l, win, nw, need, at_front, 0);
    if (!(lane_room(l, win) >= l->least)) {
        if (win + 1 >= l->ready && win + 1 < nw)
            lane_extend(l, win + 1, nw);
        l->next[win] = win + 1;
    } else {
        at_front = false; /* (at the front, win is the front already) */
    }
    return lane_seek(l, win + 1, nw, need, at_front, 1);
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
    const int nw = (int)c->base.n_windows;
    size_t na = m->n_agencies;
    double lowest = INFINITY;
    for (size_t k = 0; k < c->n_methods; k++) {
        const sl_method *me = &m->migration.methods[k];
        double pf = val(w, &me->failure_rate);
        w->fail_below[2 * k] = threshold(pf);
        w->fail_below[2 * k + 1] = threshold(pf * me->legacy_failure_factor);
    }
    /* one team rate per effort row: its distribution's own draw */
    for (size_t k = 0; k < c->n_rows; k++) {
        const sl_dist *d = c->row_dist[k];
        double likely = d->likely;
        const double rate = likely > 0 ? val(w, d) / likely : 1.0;
        w->team_rate[k] = c->correlation * rate;
        double low = w->team_rate[k] + c->own_least[k];
        lowest = low < lowest ? low : lowest;
    }
    for (size_t a = 0; a < na; a++) {
        const sl_agency *ag = &m->agencies[a];
        double hours = val(w, &ag->migration_hours_per_week);
        double loss = ag->role == SL_ROLE_JOINING ? hours * val(w, &ag->staff_decline_share) *
                                                        val(w, &ag->staff_early_leave_share)
                                                  : 0.0;
        sim_lane *l = &w->lanes[a];
        l->before = hours;
        l->after = hours - loss;
        l->used = 0;
        /* the smallest any move of the agency can need this iteration,
         * less a margin far above rounding: a window with less room is
         * full for the agency */
        double fixed = c->least_fixed[a], likely = c->least_hours[a];
        if (lowest >= 0 && lowest < INFINITY && fixed >= 0 && likely >= 0 && fixed + likely < 1e300) {
            double least = fixed + likely * lowest;
            l->least = least - least * 1e-9 - 2e-9;
        } else {
            l->least = -INFINITY;
        }
        l->ready = 0;
        l->last = -1;
        /* no move of the agency looks before its earliest release */
        l->front = nw;
        for (size_t i = c->lane_mask_start[a]; i < c->lane_mask_start[a + 1]; i++)
            if (w->mask_release[c->lane_masks[i]] < l->front)
                l->front = w->mask_release[c->lane_masks[i]];
        l->crit_front = l->front;
    }
}

/* A move's staff hours from its hash h (the low bits of h decide its
 * first attempt's failure): a pure function of the draws. */
static inline double move_effort(const double *restrict own, const double *restrict team,
                                 const sim_move *mv, uint64_t h)
{
    /* the table cell and the fraction within it of the uniform
     * (h >> 11) 2^-53, exactly as from_table would find them */
    const size_t cell = (size_t)(h >> 56);
    const double frac = (double)((h >> 11) & ((1ull << 45) - 1)) * 0x1.0p-45;
    const double *p0 = own + mv->table[0] + 2 * cell;
    double e = mv->fixed_effort + mv->effort[0] * (team[mv->row[0]] + (p0[0] + frac * p0[1]));
    if (mv->n_rows > 1) {
        const double *p1 = own + mv->table[1] + 2 * cell;
        e += mv->effort[1] * (team[mv->row[1]] + (p1[0] + frac * p1[1]));
    }
    return e;
}

/* What happened to each site's moves in this iteration. */
typedef struct site_moves {
    int first[SIM_MAX_SITES];  /* first window a move of it landed in; nw: none */
    int last[SIM_MAX_SITES];   /* last window a move of it stays in; -1: none */
    double stay_vcpu[SIM_MAX_SITES]; /* vCPU of its moves refused by a gate or
                                        left without a window */
    uint8_t blocked[SIM_MAX_SITES]; /* a refused gate holds some of it */
    uint8_t pending[SIM_MAX_SITES]; /* a move of it found no window */
} site_moves;

/* Migration cost per agency (docs/COST.md, "Monte Carlo"): staff hours
 * with retries; per source hall, double running from the start of the
 * window its first move lands in until it is empty (the end of the window
 * its last move stays in; the horizon's end while a move is pending),
 * nothing when nothing of it moved; a hosting extension for each month
 * begun between the contract's end and the day the hall empties (the
 * horizon's end while a move is pending), except for a hall that is kept
 * because some of its workloads cannot move or a gate was refused: the
 * agency stays there as it would without the move, at the contract's own
 * fee; one-offs. Each hall's double running span goes to r->halls, for
 * the cost stage. */
static void add_costs(const sim_ctx *c, const sim_work *w, const site_moves *sm, sim_result *r)
{
    const sl_model *m = c->m;
    const sl_sched_problem *p = &c->base;
    const int nw = (int)p->n_windows;
    for (size_t a = 0; a < m->n_agencies; a++)
        r->agency_cost[a] =
            w->lanes[a].used * m->agencies[a].cost_per_hour + c->unplanned_cost[a];
    sl_date horizon_end = nw ? p->windows[nw - 1].last_day : m->start;
    for (size_t s = 0; s < c->n_sites; s++) {
        const sim_site *ss = &c->sites[s];
        sl_sim_hall_run *h = &r->halls[s];
        const double price =
            ss->energy_param != SL_NONE ? w->x[ss->energy_param] : ss->energy_price;
        h->double_from = h->double_until = -1;
        h->is_emptied = false;
        h->stay_share = 1.0f;
        h->energy_price = price;
        h->cost = h->extension = 0;
        if (!ss->has_workloads)
            continue;
        const bool moved = sm->first[s] < nw;
        const bool pending = ss->has_unplanned || sm->pending[s];
        const bool kept = ss->is_kept || sm->blocked[s];
        const double stays = ss->kept_vcpu + sm->stay_vcpu[s];
        h->stay_share = ss->vcpu > 0 ? (float)(stays < ss->vcpu ? stays / ss->vcpu : 1.0) : 0.0f;
        if (!moved && !pending)
            continue; /* nothing of it moves: the agency stays there */
        sl_date until = pending ? horizon_end : sim_last_day(c, sm->last[s], ss->owner);
        double cost = 0;
        if (moved) {
            sl_date from = p->windows[sm->first[s]].day;
            double months = until > from ? (double)(until - from) / DAYS_PER_MONTH : 0;
            cost = months * (ss->monthly_cost_fixed + ss->monthly_kwh * (price + ss->energy_tax));
            h->double_from = (int32_t)(from - m->start);
            h->double_until = (int32_t)((until > from ? until : from) - m->start);
            h->is_emptied = !pending && !kept;
        }
        if (!kept && ss->contract_end != SL_DATE_NONE && until > ss->contract_end) {
            h->extension = ceil((double)(until - ss->contract_end) / DAYS_PER_MONTH) *
                           ss->extension_per_month;
            cost += h->extension;
        }
        r->agency_cost[ss->owner] += cost;
        h->cost = cost;
    }
    sl_index host = SL_NONE;
    for (size_t a = 0; a < m->n_agencies; a++)
        if (m->agencies[a].role == SL_ROLE_HOST)
            host = (sl_index)a;
    for (size_t i = 0; i < m->n_one_offs; i++) {
        const sl_one_off *o = &m->one_offs[i];
        sl_index a = o->agency != SL_NONE ? o->agency : host;
        /* an agency that stays out spends nothing on the move */
        if (a != SL_NONE && !sl_agency_stays_out(&m->agencies[a]))
            r->agency_cost[a] += val(w, &o->amount);
    }
}

/* Iteration state the placement helpers share. */
typedef struct pass {
    sim_work *w;
    int nw, max_critical, max_workloads;
    int retries;
} pass;

/* Window `win` has room for the move's workloads under the per-window cap
 * (a failed attempt used its window's change slot all the same). */
static inline bool workloads_take(const pass *ps, const sim_task *t, int win)
{
    return !ps->max_workloads || ps->w->workloads[win] + t->n_workloads <= ps->max_workloads;
}

/* The move's link takes its TB in window `win` (or it has no link); the
 * link's limit has its margin, or is +inf, from sim_work_init. */
static inline bool link_takes(const double *link, const sim_task *t, int win)
{
    return !link || !(link[2 * win + 1] + t->tb > link[2 * win]);
}

/* A move bigger than any window's hours takes a window of its own (the
 * team works it through) rather than never: the first empty open window
 * at or after `from` that takes it otherwise, or -1. */
static int own_window(const pass *ps, sim_lane *l, const sim_task *t, const double *link, int from)
{
    const int nw = ps->nw;
    const int *critical = ps->w->critical;
    for (int v = from; v < nw; v++) {
        if (v >= l->ready)
            lane_extend(l, v, nw);
        const double full = l->hours[2 * v];
        if (full - l->hours[2 * v + 1] >= full && full > 0 &&
            !(t->is_critical && critical[v] >= ps->max_critical) && link_takes(link, t, v) &&
            workloads_take(ps, t, v))
            return v;
    }
    return -1;
}

/* The first window at or after `from` that takes a critical move: a
 * critical slot, room, link capacity. Each test moves on to the first
 * window that passes it, until one passes all; failing that, own_window.
 * -1 when none is left. */
static int find_critical_window(const pass *ps, sim_lane *l, const sim_task *t,
                                const double *link, int from, double need)
{
    const int nw = ps->nw, max_critical = ps->max_critical;
    const int *critical = ps->w->critical;
    int win = from < nw ? next_critical(ps->w->next_critical, from) : from;
    win = win < nw ? lane_first(l, win, nw, need) : -1;
    while (win >= 0) {
        if (critical[win] >= max_critical) {
            int v = next_critical(ps->w->next_critical, win);
            win = v < nw ? lane_first(l, v, nw, need) : -1;
            continue;
        }
        if (!link_takes(link, t, win) || !workloads_take(ps, t, win)) {
            win = win + 1 < nw ? lane_first(l, win + 1, nw, need) : -1;
            continue;
        }
        return win;
    }
    return own_window(ps, l, t, link, from);
}

/* On from the lane's critical front to the first window with a critical
 * slot left and room for the smallest move. */
static void crit_advance(const pass *ps, sim_lane *l)
{
    int win = l->crit_front;
    for (;;) {
        win = next_critical(ps->w->next_critical, win);
        if (win >= ps->nw)
            break;
        int v = lane_first(l, win, ps->nw, l->least);
        if (v == win)
            break;
        win = v < 0 ? ps->nw : v;
    }
    l->crit_front = win;
}

/* The first window at or after `from` that takes a move needing no
 * critical slot (room, link capacity), trying first the lane's front:
 * most moves go there. When the front is too small the lane search goes
 * straight on from it, without a second look at the front; failing all,
 * own_window. */
static inline int locate_plain(const pass *ps, sim_lane *l, const sim_task *t, const double *link,
                               int from, double need)
{
    const int nw = ps->nw;
    const bool at_front = from <= l->front;
    int win = at_front ? l->front : from;
    if (win >= l->ready)
        win = lane_seek(l, win, nw, need, at_front, 0);
    else if (!(lane_room(l, win) >= need))
        win = lane_past(l, win, nw, need, at_front);
    while (win >= 0 && !(link_takes(link, t, win) && workloads_take(ps, t, win)))
        win = win + 1 < nw ? lane_first(l, win + 1, nw, need) : -1;
    return win >= 0 ? win : own_window(ps, l, t, link, from);
}

/* find_critical_window, trying first the lane's critical front. */
static inline int locate_critical(const pass *ps, sim_lane *l, const sim_task *t,
                                  const double *link, int from, double need)
{
    const int *critical = ps->w->critical;
    int front = l->crit_front;
    if (from <= front && front < l->ready &&
        (critical[front] >= ps->max_critical || !(lane_room(l, front) >= l->least))) {
        crit_advance(ps, l);
        front = l->crit_front;
    }
    const int win = from > front ? from : front;
    if (win < l->ready && critical[win] < ps->max_critical && lane_room(l, win) >= need &&
        link_takes(link, t, win) && workloads_take(ps, t, win))
        return win;
    return find_critical_window(ps, l, t, link, from, need);
}

static inline int locate(const pass *ps, sim_lane *l, const sim_task *t, const double *link,
                         int from, double need, bool is_critical)
{
    return is_critical ? locate_critical(ps, l, t, link, from, need)
                       : locate_plain(ps, l, t, link, from, need);
}

static inline void place(pass *ps, sim_lane *l, const sim_task *t, double *link, int win,
                         double effort, bool is_critical)
{
    l->hours[2 * win + 1] += effort;
    l->used += effort;
    if (link)
        link[2 * win + 1] += t->tb;
    if (is_critical) {
        /* until the window is full its link points at itself: store it
         * either way rather than branch on a count no predictor knows */
        const int taken = ++ps->w->critical[win];
        ps->w->next_critical[win] = win + (taken >= ps->max_critical);
    }
    if (ps->max_workloads)
        ps->w->workloads[win] += t->n_workloads;
}

/* After a failed first attempt in window `win`: roll back, retry in a
 * later window, at most SIM_MAX_RETRIES times. h is the move's hash,
 * fail_below its failure threshold. The window the move finally stays in,
 * or -1. */
static int retry(pass *ps, sim_lane *l, const sim_task *t, double *link, int win, double effort,
                 uint64_t h, uint32_t fail_below, bool is_critical)
{
    for (int attempt = 1; attempt <= SIM_MAX_RETRIES; attempt++) {
        ps->retries++;
        win = locate(ps, l, t, link, win + 1, effort - 1e-9, is_critical);
        if (win < 0)
            return -1;
        place(ps, l, t, link, win, effort, is_critical);
        /* attempt 0 used the low bits of h, later ones their own hash */
        if (attempt == SIM_MAX_RETRIES || (uint32_t)sim_mix(h + (uint64_t)attempt) >= fail_below)
            return win;
    }
    return win;
}

/* One move that needs no critical slot: its first attempt, and retries
 * when it fails. The window it stays in, or -1; *first is where its first
 * attempt went (retries only go later). The two kinds of move get a
 * function each, so the hot loop tests the kind once per move (one
 * inline function with the kind as a constant argument, which GCC
 * inlines differently, measured 15 % more instructions per iteration). */
static int move_plain(pass *ps, sim_lane *l, const sim_task *t, double *link, int from,
                      double effort, uint64_t h, uint32_t fail_below, int *first)
{
    const int win = locate_plain(ps, l, t, link, from, effort - 1e-9);
    *first = win;
    if (win < 0)
        return -1;
    place(ps, l, t, link, win, effort, false);
    /* attempt 0 uses the low bits of h, later ones their own hash */
    return (uint32_t)h < fail_below ? retry(ps, l, t, link, win, effort, h, fail_below, false)
                                    : win;
}

/* The same for a critical move. */
static int move_critical(pass *ps, sim_lane *l, const sim_task *t, double *link, int from,
                         double effort, uint64_t h, uint32_t fail_below, int *first)
{
    const int win = locate_critical(ps, l, t, link, from, effort - 1e-9);
    *first = win;
    if (win < 0)
        return -1;
    place(ps, l, t, link, win, effort, true);
    return (uint32_t)h < fail_below ? retry(ps, l, t, link, win, effort, h, fail_below, true) : win;
}

void sim_iterate(const sim_ctx *c, sim_work *w, uint64_t seed, uint64_t it, sim_result *r)
{
    const sl_model *m = c->m;
    const sl_sched_problem *p = &c->base;
    const size_t na = m->n_agencies, ns = m->n_sites;
    const int nw = (int)p->n_windows, max_critical = p->max_critical;
    if (w->high_water >= 0) {
        size_t used = (size_t)w->high_water + 1;
        for (size_t s = 0; s < ns; s++)
            if (w->site_link[s])
                for (size_t win = 0; win < used; win++)
                    w->site_link[s][2 * win + 1] = 0;
        memset(w->critical, 0, used * sizeof *w->critical);
        memset(w->workloads, 0, used * sizeof *w->workloads);
        if (max_critical)
            for (size_t win = 0; win <= used && win <= (size_t)nw; win++)
                w->next_critical[win] = (int)win;
    }
    const uint64_t key = sim_mix(seed ^ sim_mix(it));
    sample_inputs(c, w, key, r);
    set_capacities(c, w);

    /* sim_prepare caps agencies at SIM_MAX_AGENCIES and sites at SIM_MAX_SITES */
    uint8_t agency_not_done[SIM_MAX_AGENCIES];
    int blocked_workloads[SIM_MAX_AGENCIES] = {0};
    site_moves sm;
    for (size_t a = 0; a < na; a++)
        agency_not_done[a] = c->agency_has_never[a];
    for (size_t s = 0; s < ns; s++) {
        sm.first[s] = nw;
        sm.last[s] = -1;
        sm.blocked[s] = sm.pending[s] = 0;
        sm.stay_vcpu[s] = 0;
    }
    pass ps = {w, nw, max_critical, p->max_workloads, 0};

    /* the hot loop works on locals: stores through a double pointer may
     * alias anything, and the compiler would reload what it cannot see */
    const sim_task *restrict tasks = c->tasks;
    sim_lane *restrict lanes = w->lanes;
    double *const *site_link = w->site_link;
    const int *restrict release = w->mask_release;
    const uint8_t *restrict blocked = w->mask_blocked;
    const sim_move *restrict moves = c->moves;
    const double *restrict own = c->own_pairs, *restrict team = w->team_rate;
    const uint32_t *restrict fail_below = w->fail_below;
    const size_t n = c->n_tasks;
    for (size_t k = 0; k < n; k++) {
        const sim_task *t = &tasks[k];
        const uint32_t mask = t->mask;
        const size_t a = t->agency, s = t->site;
        if (blocked[mask]) {
            /* a refused approval: these workloads stay, and the agency's
             * move cannot complete */
            blocked_workloads[a] += t->n_workloads;
            agency_not_done[a] = 1;
            sm.blocked[s] = 1;
            sm.stay_vcpu[s] += c->task_vcpu[k];
            continue;
        }
        sim_lane *l = &lanes[a];
        double *link = site_link[s]; /* NULL without a link */
        /* each move's draws as it comes: the hash of the move decides its
         * hours and, in its low bits, whether its first attempt fails */
        const sim_move *mv = &moves[k];
        const uint64_t h = sim_mix(key ^ mv->key);
        const double effort = move_effort(own, team, mv, h);
        const uint32_t below = fail_below[mv->fail_slot];
        int first;
        const int from = release[mask];
        const int win = t->is_critical
                            ? move_critical(&ps, l, t, link, from, effort, h, below, &first)
                            : move_plain(&ps, l, t, link, from, effort, h, below, &first);
        if (first >= 0)
            sm.first[s] = first < sm.first[s] ? first : sm.first[s];
        if (win < 0) {
            agency_not_done[a] = 1;
            sm.pending[s] = 1;
            sm.stay_vcpu[s] += c->task_vcpu[k];
            continue;
        }
        l->last = win > l->last ? win : l->last;
        sm.last[s] = win > sm.last[s] ? win : sm.last[s];
    }
    /* moves only go to windows their lane has set up */
    w->high_water = -1;
    for (size_t a = 0; a < na; a++)
        w->high_water = lanes[a].ready - 1 > w->high_water ? lanes[a].ready - 1 : w->high_water;
    r->retries = ps.retries;

    int32_t overall = 0;
    for (size_t a = 0; a < na; a++) {
        const sim_lane *l = &lanes[a];
        int32_t f;
        if (agency_not_done[a])
            f = SIM_NOT_DONE;
        else if (l->last >= 0)
            f = (int32_t)(sim_last_day(c, l->last, a) - m->start);
        else
            f = 0;
        r->agency_finish[a] = f;
        r->agency_blocked[a] = blocked_workloads[a];
        if (sl_agency_moves(&m->agencies[a]) && f > overall)
            overall = f;
    }
    r->finish = overall;
    add_costs(c, w, &sm, r);
    r->cost = 0;
    for (size_t a = 0; a < na; a++)
        r->cost += r->agency_cost[a];
}
