/* SPDX-License-Identifier: MIT */
/*
 * cost.c - the cost stage: for every joining agency, what its IT costs
 * over the horizon if it stays (status quo) and if it joins (co-location),
 * year by year, their present values, the payback year, and the same over
 * the Monte Carlo iterations.
 *
 *   status quo   its halls keep running: rent and other running cost,
 *                energy, hosting fees (a contract past its end goes on at
 *                its fee), operations staff, and the hardware refresh and
 *                licences of its own platform: the hosts its halls run
 *                today when every hall lists them (sites[].hosts, an
 *                RVTools vHost sheet), else the placement's separate
 *                platform for the agency; times cost.status_quo_hardware_share,
 *                at price / depreciation_years a year.
 *   co-location  its halls run until the planned schedule empties them
 *                (a hall with workloads that cannot move runs on, its
 *                energy falling to their share of vCPU), hosting past the
 *                contract's end pays extension_cost_per_month on top (as
 *                the simulation counts it; not a hall kept because some
 *                of it cannot move), exit costs when a hall
 *                empties, migration labour when each wave moves, one-offs
 *                in their year, its chargeback for the shared platform
 *                from the day the platform runs, operations staff until
 *                its halls are empty and fte_after from then on, with
 *                cost.staff_reduction_cost_per_fte for each FTE fewer.
 *
 * The double running of a hall runs from the start of its first move to
 * the end of its last (the horizon's end while a move is pending): the
 * new platform carries some of its workloads while the hall still runs.
 *
 * Monte Carlo: each iteration's halls run by the calendar as its moves
 * went (whole until the last move, then at the share of vCPU still in
 * them when they do not empty), energy at the iteration's price, with
 * extensions over their double running and exit costs when they empty;
 * the rest of its migration cost (labour with retries, work still owed,
 * one-offs; from the simulation) is spread evenly from the start to the
 * finish; staff follow the finish (never, when workloads nobody declared
 * keep a hall). The status quo of the iteration is the plan's with its
 * energy prices. Other running costs stay at their most likely values.
 * docs/COST.md has the rules and an example.
 */
#include "cost/cost.h"
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAYS_PER_MONTH 30.436875

const char *sl_cost_line_name(sl_cost_line l)
{
    static const char *const names[SL_COST_N_LINES] = {
        "halls", "hosting",   "energy", "hardware",   "licences",
        "staff", "migration", "exit",   "chargeback", "one_off",
    };
    return (unsigned)l < SL_COST_N_LINES ? names[l] : "?";
}

void sl_costing_free(sl_costing *c)
{
    if (!c)
        return;
    sl_arena_free(c->arena);
    sl_free(c);
}

/* What the cost stage knows of each source hall. */
typedef struct hall {
    bool has_workloads;
    bool is_never_empty;   /* some workload cannot or does not move */
    bool is_kept;          /* some workload stays for good (not ready, or declared to
                              stay), or nothing moves from it: the hall stays */
    bool is_stuck;         /* kept or pending for workloads nobody declared to stay:
                              not ready, or without a wave; its staff stay too */
    bool is_pending;       /* some movable workload has no wave: still to move */
    bool holds_not_ready;  /* some not-ready workload nobody declared to stay */
    bool has_moves;        /* some wave moves from it */
    sl_date first_move;    /* start of the first wave moving from it */
    sl_date last_move;     /* last day of the last wave moving from it (start if none) */
    sl_date empty;         /* when it empties; the horizon's end when never */
    double left_share;     /* share of its vCPU that stays */
    double fixed_per_year; /* rent + opex */
    double energy_per_year;
    double kwh_per_year;   /* IT kW x PUE x 8760 h: energy_per_year at a price */
} hall;

typedef struct stage {
    const sl_plan *p;
    const sl_model *m;
    sl_costing *c;
    cost_years ys;
    hall *halls;
    double *owed; /* per agency: planned staff hours of movable workloads without a wave */
} stage;

static int flows_init(sl_cash_flows *f, sl_arena *a, int n)
{
    f->lines = sl_arena_array(a, (size_t)n * SL_COST_N_LINES, sizeof(double));
    f->total = sl_arena_array(a, (size_t)n, sizeof(double));
    return f->lines && f->total ? 0 : SL_ENOMEM;
}

static double *line(sl_cash_flows *f, const stage *st, sl_cost_line l)
{
    return f->lines + (size_t)l * (size_t)st->ys.n;
}

static void flows_finish(sl_cash_flows *f, const stage *st)
{
    int n = st->ys.n;
    for (int y = 0; y < n; y++) {
        f->total[y] = 0;
        for (int l = 0; l < SL_COST_N_LINES; l++)
            f->total[y] += f->lines[(size_t)l * (size_t)n + (size_t)y];
    }
    f->npv = cost_npv(f->total, n, st->m->discount_rate);
}

/* The day of a wave's last minute open to the hall's owner, as the
 * simulation dates a window (a freeze clips it; a wave ending at
 * midnight ends the day before). */
static sl_date wave_last_day(const sl_wave *w, sl_index owner)
{
    if (w->last_day && w->last_day[owner] != SL_DATE_NONE)
        return w->last_day[owner];
    return w->end_minute == 0 && w->end_day > w->start_day ? w->end_day - 1 : w->end_day;
}

static int prepare_halls(stage *st)
{
    const sl_model *m = st->m;
    const sl_plan *p = st->p;
    sl_date end = st->ys.start[st->ys.n];
    st->halls = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *st->halls);
    st->owed = sl_calloc(m->n_agencies ? m->n_agencies : 1, sizeof *st->owed);
    double *vcpu = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *vcpu);
    double *left = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *left);
    if (!st->halls || !st->owed || !vcpu || !left) {
        sl_free(vcpu);
        sl_free(left);
        return SL_ENOMEM;
    }
    for (size_t s = 0; s < m->n_sites; s++)
        st->halls[s].last_move = m->start;
    const sl_schedule *sc = p->schedule;
    for (size_t i = 0; i < m->n_workloads; i++) {
        const sl_workload *w = &m->workloads[i];
        const sl_workload_assessment *wa = &p->assessment->workloads[i];
        hall *h = &st->halls[w->site];
        h->has_workloads = true;
        vcpu[w->site] += w->vcpu;
        /* declared to retire or be replaced: it leaves with the hall */
        if (wa->disposition == SL_DISPOSITION_RETIRE || wa->disposition == SL_DISPOSITION_REPLACE)
            continue;
        bool movable = sl_workload_moves(wa);
        sl_index g = p->grouping && movable ? p->grouping->group_of[i] : SL_NONE;
        int wave = g != SL_NONE && sc && g < sc->n_groups ? sc->group_wave[g] : -1;
        if (wave < 0) {
            h->is_never_empty = true;
            if (movable)
                h->is_pending = true;
            else
                h->is_kept = true;
            /* nobody decided that it stays: the hall stays by default */
            h->is_stuck |= wa->disposition == SL_DISPOSITION_MOVE;
            h->holds_not_ready |= wa->disposition == SL_DISPOSITION_MOVE && !movable;
            left[w->site] += w->vcpu;
            if (movable)
                st->owed[w->agency] +=
                    sl_workload_effort_h(m, w, sl_workload_effort_dist(m, w)->likely);
            continue;
        }
        sl_date day = wave_last_day(&sc->waves[wave], m->sites[w->site].owner);
        if (day > h->last_move)
            h->last_move = day;
        if (!h->has_moves || sc->waves[wave].start_day < h->first_move)
            h->first_move = sc->waves[wave].start_day;
        h->has_moves = true;
    }
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        hall *h = &st->halls[s];
        if (h->has_workloads && !h->has_moves && !h->is_never_empty) {
            /* all of it declared to retire or be replaced, nothing moves
             * from it: the hall runs as it does today (samlok does not
             * price retiring; a one_off can) */
            h->is_never_empty = h->is_kept = true;
            left[s] = vcpu[s];
        }
        h->empty = h->is_never_empty ? end : h->last_move;
        h->left_share = vcpu[s] > 0 ? left[s] / vcpu[s] : 0;
        h->fixed_per_year = site->rent_per_year + site->opex_per_year;
        double it_kw = sl_site_it_kw(m, site, vcpu[s], NULL);
        h->kwh_per_year = it_kw * site->pue * 8760.0;
        h->energy_per_year = h->kwh_per_year * (site->energy_price.likely + site->energy_tax);
    }
    sl_free(vcpu);
    sl_free(left);
    return 0;
}

static sl_cost_line fixed_line(const sl_site *s)
{
    return s->kind == SL_SITE_HOSTING ? SL_COST_HOSTING : SL_COST_HALLS;
}

/* The day a hall's move is over, as the simulation counts it: its last
 * wave's end, or the horizon's end while a move is pending. */
static sl_date moved_until(const hall *h, sl_date end)
{
    return h->is_pending ? end : h->last_move;
}

/* Extension fees, whole months begun between the contract's end and the
 * day the move is over, as the simulation counts them. A kept hall (some
 * of it cannot move) pays none: the agency stays as it would without the
 * move, at the contract's own fee, which the hosting line already has. */
static double extension_cost(const sl_site *s, const hall *h, sl_date end)
{
    sl_date until = moved_until(h, end);
    if (h->is_kept || (!h->has_moves && !h->is_pending) || s->contract_end == SL_DATE_NONE ||
        until <= s->contract_end)
        return 0;
    return ceil((double)(until - s->contract_end) / DAYS_PER_MONTH) * s->extension_cost_per_month;
}

/* Double running, as the simulation counts it: the hall's rent, opex and
 * energy from the start of its first move until the move is over. */
static double double_running(const hall *h, sl_date end)
{
    sl_date until = moved_until(h, end);
    if (!h->has_moves || until <= h->first_move)
        return 0;
    return (double)(until - h->first_move) / DAYS_PER_MONTH *
           (h->fixed_per_year + h->energy_per_year) / 12.0;
}

static const sl_platform *separate_of(const sl_placement *pl, sl_index a)
{
    for (size_t k = 0; k < pl->n_separate; k++)
        if (pl->separate[k].agency == a)
            return &pl->separate[k];
    return NULL;
}

static void status_quo(stage *st, sl_index a, sl_cash_flows *f)
{
    const sl_model *m = st->m;
    const sl_agency *ag = &m->agencies[a];
    sl_date from = m->start, end = st->ys.start[st->ys.n];
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        const hall *h = &st->halls[s];
        if (site->owner != a || site->role != SL_SITE_SOURCE || !h->has_workloads)
            continue;
        cost_spread_rate(line(f, st, fixed_line(site)), &st->ys, from, end, h->fixed_per_year);
        cost_spread_rate(line(f, st, SL_COST_ENERGY), &st->ys, from, end, h->energy_per_year);
    }
    cost_spread_rate(line(f, st, SL_COST_STAFF), &st->ys, from, end,
                     ag->ops_fte * ag->fte_cost_per_year);
    const sl_platform *own = separate_of(st->p->placement, a);
    if (sl_agency_has_hosts_today(m, a)) {
        /* the hosts its halls run today, refreshed on their cycle */
        double dep = m->cost.depreciation_years > 0 ? m->cost.depreciation_years : 5;
        double price = 0, cores = 0;
        for (size_t s = 0; s < m->n_sites; s++) {
            if (m->sites[s].owner == a && m->sites[s].role == SL_SITE_SOURCE) {
                price += m->sites[s].host_price_today;
                cores += m->sites[s].host_cores_today;
            }
        }
        cost_spread_rate(line(f, st, SL_COST_HARDWARE), &st->ys, from, end,
                         m->cost.status_quo_hardware_share * price / dep);
        cost_spread_rate(line(f, st, SL_COST_LICENCES), &st->ys, from, end,
                         cores * m->cost.licence_per_core_year);
    } else if (own) {
        double dep = m->cost.depreciation_years > 0 ? m->cost.depreciation_years : 5;
        double licences = 0;
        for (size_t h = 0; h < own->n_hosts; h++) {
            const sl_host_model *hm = &m->host_models[own->hosts[h].model];
            licences += hm->licence_per_year + hm->cores * m->cost.licence_per_core_year;
        }
        /* a fleet refreshed on its cycle: the same spend every year */
        cost_spread_rate(line(f, st, SL_COST_HARDWARE), &st->ys, from, end,
                         m->cost.status_quo_hardware_share * own->cost_hardware / dep);
        cost_spread_rate(line(f, st, SL_COST_LICENCES), &st->ys, from, end, licences);
    }
    flows_finish(f, st);
}

/* The halls' running cost in iteration i, by the calendar as the status
 * quo counts it: whole until its last move (double running included; the
 * caller takes the simulation's own double running out of the migration
 * cost), and after it, for a hall that does not empty, at the share of
 * its vCPU still in it (all of the horizon when nothing of it moved);
 * the exit cost of a hall that empties, that day. Energy at the
 * iteration's price. */
static void halls_in_iteration(stage *st, sl_index a, const sl_simulation *sim,
                                         size_t i, double *out)
{
    const sl_model *m = st->m;
    sl_date end = st->ys.start[st->ys.n];
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        const hall *h = &st->halls[s];
        if (site->owner != a || site->role != SL_SITE_SOURCE || !h->has_workloads)
            continue;
        const sl_sim_hall_run *run = &sim->hall_runs[i * sim->n_sites + s];
        /* energy at the iteration's price, as its double running */
        const double energy = h->kwh_per_year * (run->energy_price + site->energy_tax);
        double rate = h->fixed_per_year + energy;
        if (run->double_from < 0) {
            cost_spread_rate(out, &st->ys, m->start, end, rate);
            continue;
        }
        /* up to its last move the hall runs whole (its double running is
         * counted here, by the calendar, and taken out of the iteration's
         * migration cost by the caller) */
        cost_spread_rate(out, &st->ys, m->start, m->start + run->double_until, rate);
        /* a hall that does not empty keeps running, its energy falling to
         * the share of its vCPU that stays in this iteration, as the plan
         * counts it */
        if (run->is_emptied)
            cost_at(out, &st->ys, m->start + run->double_until, site->exit_cost);
        else
            cost_spread_rate(out, &st->ys, m->start + run->double_until, end,
                             h->fixed_per_year + energy * run->stay_share);
    }
}

/* The status quo in iteration i: the plan's yearly costs (into out), its
 * halls' energy at the iteration's price instead of the likely one, so a
 * saving compares the two ways of running at the same prices. one[y] is
 * the share of year y the halls run (all of it). */
static void status_quo_in_iteration(const stage *st, sl_index a, const sl_cash_flows *sq,
                                    const sl_simulation *sim, size_t i, const double *one,
                                    double *out)
{
    const sl_model *m = st->m;
    double more = 0; /* a year, at the iteration's prices */
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        const hall *h = &st->halls[s];
        if (site->owner != a || site->role != SL_SITE_SOURCE || !h->has_workloads)
            continue;
        const sl_sim_hall_run *run = &sim->hall_runs[i * sim->n_sites + s];
        more += h->kwh_per_year * (run->energy_price - site->energy_price.likely);
    }
    for (int y = 0; y < st->ys.n; y++)
        out[y] = sq->total[y] + more * one[y];
}

/* Staff: ops_fte until `done` (SL_DATE_NONE: never), fte_after from then. */
static void staff_years(stage *st, sl_index a, sl_date done, double *out)
{
    const sl_model *m = st->m;
    const sl_agency *ag = &m->agencies[a];
    sl_date end = st->ys.start[st->ys.n];
    sl_date switch_day = done == SL_DATE_NONE || done > end ? end : done;
    cost_spread_rate(out, &st->ys, m->start, switch_day, ag->ops_fte * ag->fte_cost_per_year);
    cost_spread_rate(out, &st->ys, switch_day, end, ag->ops_fte_after * ag->fte_cost_per_year);
    double fewer = ag->ops_fte - ag->ops_fte_after;
    if (done != SL_DATE_NONE && fewer > 0)
        cost_at(out, &st->ys, done, fewer * m->cost.staff_reduction_cost_per_fte);
}

static void colocation(stage *st, sl_index a, sl_agency_cost *ac)
{
    const sl_model *m = st->m;
    const sl_agency *ag = &m->agencies[a];
    sl_cash_flows *f = &ac->colocation;
    sl_date end = st->ys.start[st->ys.n];
    bool never = false, stuck = false;
    sl_date empty = m->start, staff_after = m->start;
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        const hall *h = &st->halls[s];
        if (site->owner != a || site->role != SL_SITE_SOURCE || !h->has_workloads)
            continue;
        cost_spread_rate(line(f, st, fixed_line(site)), &st->ys, m->start, h->empty,
                         h->fixed_per_year);
        sl_date full_until = h->is_never_empty ? h->last_move : h->empty;
        cost_spread_rate(line(f, st, SL_COST_ENERGY), &st->ys, m->start, full_until,
                         h->energy_per_year);
        if (h->is_never_empty)
            cost_spread_rate(line(f, st, SL_COST_ENERGY), &st->ys, full_until, end,
                             h->energy_per_year * h->left_share);
        double extension = extension_cost(site, h, end);
        cost_spread_total(line(f, st, SL_COST_HOSTING), &st->ys, site->contract_end,
                          moved_until(h, end), extension);
        if (!h->is_never_empty)
            cost_at(line(f, st, SL_COST_EXIT), &st->ys, h->empty, site->exit_cost);
        ac->double_running += double_running(h, end) + extension;
        never |= h->is_never_empty;
        stuck |= h->is_stuck;
        if (h->empty > empty)
            empty = h->empty;
        /* a hall kept only for what the agency declared to stay counts
         * as done when its last move is */
        sl_date done = h->is_never_empty ? h->last_move : h->empty;
        if (done > staff_after)
            staff_after = done;
    }
    ac->halls_empty = never ? SL_DATE_NONE : empty;
    ac->staff_after = stuck ? SL_DATE_NONE : staff_after;
    staff_years(st, a, ac->staff_after, line(f, st, SL_COST_STAFF));
    const sl_schedule *sc = st->p->schedule;
    for (size_t w = 0; sc && w < sc->n_waves; w++) {
        double labour = sc->waves[w].staff_hours[a] * ag->cost_per_hour;
        ac->migration_labour += labour;
        cost_at(line(f, st, SL_COST_MIGRATION), &st->ys, sc->waves[w].start_day, labour);
    }
    /* the work the schedule found no window for is still owed: it has no
     * date, so it is spread over the horizon, as the simulation counts it
     * in an iteration that never finishes */
    ac->migration_owed = st->owed[a] * ag->cost_per_hour;
    ac->migration_labour += ac->migration_owed;
    cost_spread_total(line(f, st, SL_COST_MIGRATION), &st->ys, m->start, end, ac->migration_owed);
    for (size_t i = 0; i < m->n_one_offs; i++) {
        const sl_one_off *o = &m->one_offs[i];
        if (o->agency == a && o->year >= 1 && o->year <= st->ys.n)
            line(f, st, SL_COST_ONE_OFF)[o->year - 1] += o->amount.likely;
    }
    const double *fee = st->c->chargeback[a].fee;
    for (int y = 0; y < st->ys.n; y++)
        line(f, st, SL_COST_CHARGEBACK)[y] += fee[y];
    flows_finish(f, st);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double nearest_rank(const double *sorted, size_t n, double q)
{
    size_t k = (size_t)ceil(q * (double)n);
    return sorted[k == 0 ? 0 : k - 1];
}

/* Payback percentiles: never (0) counts as later than any year. */
static int payback_rank(double *years, size_t n, double q)
{
    for (size_t i = 0; i < n; i++)
        if (years[i] == 0)
            years[i] = INFINITY;
    qsort(years, n, sizeof *years, cmp_double);
    double v = nearest_rank(years, n, q);
    return isfinite(v) ? (int)v : 0;
}

/* The colocation NPV of agency a in each iteration (into npv[i]). */
static int monte_carlo(stage *st, sl_index a, sl_agency_cost *ac, double *npv, double *sq_npv)
{
    const sl_model *m = st->m;
    const sl_simulation *sim = st->p->simulation;
    size_t na = m->n_agencies, n_it = (size_t)sim->iterations;
    int n = st->ys.n;
    sl_date end = st->ys.start[n];
    double *fixed = sl_calloc((size_t)n, sizeof *fixed),
           *flows = sl_malloc((size_t)n * sizeof *flows);
    double *saving = sl_malloc(n_it * sizeof *saving), *payback = sl_malloc(n_it * sizeof *payback);
    double *cl = sl_malloc(n_it * sizeof *cl);
    /* 1 a year over the horizon, as the status quo's halls run; and the
     * status quo of one iteration */
    double *one = sl_calloc((size_t)n, sizeof *one), *sq = sl_malloc((size_t)n * sizeof *sq);
    int rc = fixed && flows && saving && payback && cl && one && sq ? 0 : SL_ENOMEM;
    if (rc)
        goto done;
    const double *fee = st->c->chargeback[a].fee;
    for (int y = 0; y < n; y++)
        fixed[y] += fee[y];
    cost_spread_rate(one, &st->ys, m->start, end, 1.0);
    double budget = m->agencies[a].budget;
    size_t over = 0, negative = 0;
    /* not-ready workloads nobody declared to stay keep a hall, and its
     * staff, in every iteration, as in the plan (a pending move or a
     * refused gate leaves the iteration without a finish anyway) */
    bool stuck = false;
    for (size_t s = 0; s < m->n_sites; s++)
        stuck |= m->sites[s].owner == a && st->halls[s].holds_not_ready;
    for (size_t i = 0; i < n_it; i++) {
        int32_t days = sim->agency_finish_runs[i * na + a];
        /* the migration cost, as the simulation's P50/P90 and the budget
         * rule read it; cost below loses the halls' running, which the
         * calendar spreads */
        double migration = sim->agency_cost_runs[i * na + a];
        double cost = migration;
        sl_date done = days < 0 || stuck ? SL_DATE_NONE : m->start + days;
        memcpy(flows, fixed, (size_t)n * sizeof *flows);
        staff_years(st, a, done, flows);
        halls_in_iteration(st, a, sim, i, flows);
        /* the halls' running, double running included, is in
         * halls_in_iteration by the calendar, as the status quo's; their
         * extensions over their double running; the rest (labour,
         * one-offs) evenly from the start to the finish */
        for (size_t s = 0; s < m->n_sites; s++) {
            const sl_sim_hall_run *run = &sim->hall_runs[i * sim->n_sites + s];
            if (m->sites[s].owner != a || run->cost == 0)
                continue;
            cost -= run->cost;
            if (run->double_from >= 0)
                cost_spread_total(flows, &st->ys, m->start + run->double_from,
                                  m->start + run->double_until, run->extension);
            else
                cost_spread_total(flows, &st->ys, m->start, end, run->extension);
        }
        cost_spread_total(flows, &st->ys, m->start, done == SL_DATE_NONE ? end : done, cost);
        npv[i] = cost_npv(flows, n, m->discount_rate);
        cl[i] = npv[i];
        status_quo_in_iteration(st, a, &ac->status_quo, sim, i, one, sq);
        sq_npv[i] = cost_npv(sq, n, m->discount_rate);
        saving[i] = sq_npv[i] - npv[i];
        payback[i] = cost_payback_year(sq, flows, n, m->discount_rate);
        negative += saving[i] < 0;
        over += budget > 0 && migration > budget;
    }
    rc = cost_saving_shape(ac, st->c->arena, saving, sim, m);
    double cl_sum = 0;
    for (size_t i = 0; i < n_it; i++)
        cl_sum += cl[i];
    ac->npv_colocation_mean = cl_sum / (double)n_it;
    qsort(cl, n_it, sizeof *cl, cmp_double);
    qsort(saving, n_it, sizeof *saving, cmp_double);
    ac->npv_colocation_p50 = nearest_rank(cl, n_it, 0.5);
    ac->npv_colocation_p90 = nearest_rank(cl, n_it, 0.9);
    ac->npv_saving_p50 = nearest_rank(saving, n_it, 0.5);
    ac->npv_saving_p10 = nearest_rank(saving, n_it, 0.1);
    ac->npv_saving_p90 = nearest_rank(saving, n_it, 0.9);
    ac->p_npv_negative = (double)negative / (double)n_it;
    ac->p_over_budget = (double)over / (double)n_it;
    double *copy = cl; /* reuse: payback ranks sort in place */
    memcpy(copy, payback, n_it * sizeof *copy);
    ac->payback_year_p50 = payback_rank(copy, n_it, 0.5);
    memcpy(copy, payback, n_it * sizeof *copy);
    ac->payback_year_p90 = payback_rank(copy, n_it, 0.9);
done:
    sl_free(fixed);
    sl_free(flows);
    sl_free(saving);
    sl_free(payback);
    sl_free(cl);
    sl_free(one);
    sl_free(sq);
    return rc;
}

static void no_monte_carlo(sl_agency_cost *ac)
{
    ac->npv_colocation_p50 = ac->npv_colocation_p90 = ac->npv_colocation_mean = NAN;
    ac->npv_saving_p50 = ac->npv_saving_p10 = ac->npv_saving_p90 = NAN;
    ac->npv_saving_mean = ac->p_saving_positive = NAN;
    ac->p_npv_negative = ac->p_over_budget = NAN;
    ac->if_allowed = ac->if_not_allowed = (sl_saving_if){0, NAN, NAN, NAN};
}

static int run(stage *st)
{
    const sl_model *m = st->m;
    sl_costing *c = st->c;
    int n = c->n_years;
    int rc = prepare_halls(st);
    if (!rc)
        rc = cost_chargeback(c, st->p, &st->ys);
    if (!rc)
        rc = cost_isolation(c, st->p, &st->ys);
    if (rc)
        return rc;
    c->per_agency =
        sl_arena_array(c->arena, m->n_agencies ? m->n_agencies : 1, sizeof *c->per_agency);
    double *sum_sq = sl_arena_array(c->arena, (size_t)n, sizeof(double));
    double *sum_cl = sl_arena_array(c->arena, (size_t)n, sizeof(double));
    const sl_simulation *sim = st->p->simulation;
    bool has_mc = sim && sim->agency_cost_runs && sim->hall_runs && sim->iterations > 0;
    size_t n_it = has_mc ? (size_t)sim->iterations : 1;
    double *npv = sl_malloc(n_it * sizeof *npv), *total = sl_calloc(n_it, sizeof *total);
    /* per iteration: one agency's status quo, and all agencies' saving */
    double *sq_npv = sl_malloc(n_it * sizeof *sq_npv), *saving = sl_calloc(n_it, sizeof *saving);
    size_t *count = sl_calloc(m->n_agencies ? m->n_agencies : 1, sizeof *count);
    if (!c->per_agency || !sum_sq || !sum_cl || !npv || !total || !sq_npv || !saving || !count) {
        sl_free(npv);
        sl_free(total);
        sl_free(sq_npv);
        sl_free(saving);
        sl_free(count);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < m->n_workloads; i++)
        count[m->workloads[i].agency]++;
    bool any = false;
    for (size_t a = 0; a < m->n_agencies && !rc; a++) {
        sl_agency_cost *ac = &c->per_agency[a];
        ac->agency = (sl_index)a;
        ac->halls_empty = SL_DATE_NONE;
        no_monte_carlo(ac);
        if (!sl_agency_moves(&m->agencies[a]) || !count[a])
            continue;
        ac->is_costed = true;
        any = true;
        rc = flows_init(&ac->status_quo, c->arena, n);
        if (!rc)
            rc = flows_init(&ac->colocation, c->arena, n);
        if (rc)
            break;
        status_quo(st, (sl_index)a, &ac->status_quo);
        colocation(st, (sl_index)a, ac);
        ac->npv_saving = ac->status_quo.npv - ac->colocation.npv;
        ac->payback_year =
            cost_payback_year(ac->status_quo.total, ac->colocation.total, n, m->discount_rate);
        for (int y = 0; y < n; y++) {
            sum_sq[y] += ac->status_quo.total[y];
            sum_cl[y] += ac->colocation.total[y];
        }
        c->npv_status_quo += ac->status_quo.npv;
        c->npv_colocation += ac->colocation.npv;
        if (has_mc) {
            rc = monte_carlo(st, (sl_index)a, ac, npv, sq_npv);
            for (size_t i = 0; i < n_it && !rc; i++) {
                total[i] += npv[i];
                saving[i] += sq_npv[i] - npv[i];
            }
        }
    }
    sl_free(count);
    c->npv_saving = c->npv_status_quo - c->npv_colocation;
    c->payback_year = any ? cost_payback_year(sum_sq, sum_cl, n, m->discount_rate) : 0;
    c->npv_colocation_p50 = c->npv_colocation_p90 = NAN;
    c->npv_saving_p50 = c->npv_saving_p10 = c->p_npv_negative = NAN;
    c->npv_saving_mean = c->p_saving_positive = c->npv_saving_p90 = NAN;
    if (!rc && has_mc && any) {
        size_t negative = 0, positive = 0;
        double sum = 0;
        for (size_t i = 0; i < n_it; i++) {
            negative += saving[i] < 0;
            positive += saving[i] > 0;
            sum += saving[i];
        }
        c->npv_saving_mean = sum / (double)n_it;
        c->p_saving_positive = (double)positive / (double)n_it;
        qsort(total, n_it, sizeof *total, cmp_double);
        qsort(saving, n_it, sizeof *saving, cmp_double);
        c->npv_colocation_p50 = nearest_rank(total, n_it, 0.5);
        c->npv_colocation_p90 = nearest_rank(total, n_it, 0.9);
        /* each iteration's saving against its own status quo (its energy
         * prices): its P50, its pessimistic P10 and its P90 */
        c->npv_saving_p50 = nearest_rank(saving, n_it, 0.5);
        c->npv_saving_p10 = nearest_rank(saving, n_it, 0.1);
        c->npv_saving_p90 = nearest_rank(saving, n_it, 0.9);
        c->p_npv_negative = (double)negative / (double)n_it;
    }
    sl_free(npv);
    sl_free(total);
    sl_free(sq_npv);
    sl_free(saving);
    return rc;
}

int sl_cost_run(sl_costing **out, const sl_plan *p, sl_diag *d)
{
    (void)d;
    *out = NULL;
    const sl_model *m = p->model;
    if (!p->assessment || !p->placement)
        return SL_EUSAGE;
    sl_costing *c = sl_calloc(1, sizeof *c);
    if (!c)
        return SL_ENOMEM;
    c->arena = sl_arena_new();
    int n = m->horizon_years > 0 ? m->horizon_years : 10;
    c->n_years = n;
    c->n_agencies = m->n_agencies;
    c->discount_rate = m->discount_rate;
    c->year_start = c->arena ? sl_arena_array(c->arena, (size_t)n + 1, sizeof(sl_date)) : NULL;
    if (!c->year_start) {
        sl_costing_free(c);
        return SL_ENOMEM;
    }
    for (int y = 0; y <= n; y++)
        c->year_start[y] = sl_date_add_months(m->start, 12.0 * y);
    c->platform_from =
        p->placement->hardware_arrives != SL_DATE_NONE ? p->placement->hardware_arrives : m->start;
    stage st = {p, m, c, {n, c->year_start}, NULL, NULL};
    int rc = run(&st);
    sl_free(st.halls);
    sl_free(st.owed);
    if (rc) {
        sl_costing_free(c);
        return rc;
    }
    *out = c;
    return 0;
}
