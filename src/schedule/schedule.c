/* SPDX-License-Identifier: MIT */
/*
 * schedule.c - the schedule stage: move groups into change windows, and
 * say why the plan ends when it ends.
 *
 * Steps: keep the groups that have movable workloads; build the numeric
 * problem (problem.c) and, given a placement, the target-capacity limit
 * (capacity.c); set aside groups no window can ever take (they are
 * listed with the reason, never dropped silently); run the priority-list
 * pass and local search; on small instances also the exact MIP, keeping
 * the better schedule and recording the heuristic's gap. Then the result:
 * waves in time order, per-agency finish, and for each agency what kept
 * its last group out of an earlier window (a gate, a freeze, staff hours,
 * bandwidth, a per-window cap, room at the target).
 */
#include "schedule/schedule.h"

#include <stdio.h>
#include <string.h>

const char *sl_binds_name(sl_binds b)
{
    static const char *const names[] = {"nothing", "gate",     "freeze",   "staff",
                                        "bandwidth", "critical", "workloads", "capacity"};
    return (unsigned)b < SL_ARRAY_LEN(names) ? names[b] : "nothing";
}

const char *sl_unsched_name(sl_unsched_reason r)
{
    static const char *const names[SL_N_UNSCHED] = {"not_ready", "too_large", "no_window",
                                                    "no_staff", "no_target_capacity"};
    return (unsigned)r < SL_N_UNSCHED ? names[r] : "?";
}

void sl_schedule_free(sl_schedule *s)
{
    if (!s)
        return;
    sl_arena_free(s->arena);
    sl_free(s);
}

static sl_binds to_public(sl_bind b)
{
    switch (b) {
    case SL_BIND_RELEASE:
        return SL_BINDS_GATE;
    case SL_BIND_FREEZE:
        return SL_BINDS_FREEZE;
    case SL_BIND_STAFF:
        return SL_BINDS_STAFF;
    case SL_BIND_BANDWIDTH:
        return SL_BINDS_BANDWIDTH;
    case SL_BIND_CRITICAL:
        return SL_BINDS_CRITICAL;
    case SL_BIND_WORKLOADS:
        return SL_BINDS_WORKLOADS;
    case SL_BIND_CAPACITY:
        return SL_BINDS_CAPACITY;
    default:
        return SL_BINDS_NOTHING;
    }
}

typedef struct stage {
    const sl_model *m;
    const sl_assessment *as; /* NULL: no workload is declared to stay */
    sl_schedule *s;
    sl_sched_problem p;
    size_t n_dense;
    sl_index *dense_of;   /* caller group -> dense group or SL_NONE */
    sl_index *caller_of;  /* dense group -> caller group */
    sl_index *wg;         /* per workload: dense group or SL_NONE */
    int *window;          /* per dense group */
    sl_unsched_reason *never; /* per dense group: why no window can take it */
    uint8_t *is_never;
    uint8_t *is_cap_out; /* per dense group: left out because the target is full */
    int *release;        /* per dense group: its release before solve() hid the
                            groups without a window */
    sl_unscheduled *unsched; /* built on the heap, copied into the arena */
    size_t n_unsched, cap_unsched;
} stage;

/* Adds an unscheduled workload, its text said in English from the
 * phrase b holds. */
static int add_unscheduled(stage *st, sl_index w, sl_unsched_reason r, sl_phrase_builder *b)
{
    sl_phrase ph;
    const char *text = sl_pb_end(b, &ph) ? sl_phrase_text(b->arena, &ph, NULL, NULL) : NULL;
    if (!text || SL_GROW(st->unsched, st->cap_unsched, st->n_unsched + 1))
        return SL_ENOMEM;
    st->unsched[st->n_unsched++] = (sl_unscheduled){w, r, text, ph};
    return 0;
}

/* Groups no window can ever take, with the reason in words. */
static void find_impossible(stage *st)
{
    const sl_sched_problem *p = &st->p;
    for (size_t g = 0; g < st->n_dense; g++) {
        size_t a = p->group_agency[g], site = p->group_site[g];
        double best_staff = 0, best_tb = -1;
        bool open = false;
        for (size_t w = (size_t)p->group_release[g]; w < p->n_windows; w++) {
            if (p->frozen[w * p->n_agencies + a])
                continue;
            open = true;
            best_staff = SL_MAX(best_staff, p->staff_cap[w * p->n_agencies + a]);
            double tb = p->tb_cap[w * p->n_sites + site];
            best_tb = tb < 0 ? 1e300 : SL_MAX(best_tb, tb);
        }
        if (best_staff <= 0 && open) {
            st->is_never[g] = 1;
            st->never[g] = SL_UNSCHED_NO_STAFF;
        } else if (open && (p->group_effort_h[g] > best_staff + 1e-9 ||
                            (best_tb >= 0 && p->group_tb[g] > best_tb + 1e-9) ||
                            (p->max_workloads && p->group_n_workloads[g] > p->max_workloads))) {
            st->is_never[g] = 1;
            st->never[g] = SL_UNSCHED_TOO_LARGE;
        } else if (!open) {
            st->is_never[g] = 1;
            st->never[g] = SL_UNSCHED_NO_WINDOW;
        } else {
            /* the cumulative limit at the last window bounds any group
             * that moves at all */
            for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS; d++)
                if (p->n_cap_checks && p->group_load[g * SL_SCHEDULE_CAP_DIMS + d] >
                                           sl_sched_capacity_last(p, d) + 1e-9) {
                    st->is_never[g] = 1;
                    st->never[g] = SL_UNSCHED_NO_TARGET_CAPACITY;
                }
        }
    }
}

/* Groups the solvers left out because the target is full: beside what
 * moved, there is no room for them even in the last window (the
 * cumulative limit is loosest there). Under the final loads. */
/* The per-window load of every group the schedule placed. */
static int placed_load(const stage *st, sl_sched_load *l)
{
    if (sl_sched_load_init(l, &st->p))
        return SL_ENOMEM;
    for (size_t g = 0; g < st->n_dense; g++)
        if (st->window[g] >= 0)
            sl_sched_add(&st->p, l, g, (size_t)st->window[g], +1);
    return 0;
}

static int find_capacity_out(stage *st)
{
    const sl_sched_problem *p = &st->p;
    if (!p->n_cap_checks)
        return 0;
    sl_sched_load l;
    if (placed_load(st, &l))
        return SL_ENOMEM;
    for (size_t g = 0; g < st->n_dense; g++) {
        if (st->window[g] >= 0 || st->is_never[g])
            continue;
        st->is_cap_out[g] = p->n_windows && !sl_sched_capacity_fits(p, &l, g, p->n_windows - 1);
    }
    sl_sched_load_free(&l);
    return 0;
}

/* Why group g has no window, as a phrase begun in b. */
static void unsched_phrase(sl_phrase_builder *b, stage *st, size_t g, sl_unsched_reason r)
{
    const sl_sched_problem *p = &st->p;
    const sl_agency *a = &st->m->agencies[p->group_agency[g]];
    sl_arena *ar = st->s->arena;
    switch (r) {
    case SL_UNSCHED_NO_STAFF:
        sl_pb_begin(b, ar, "agency {agency} gives no migration hours");
        sl_pb_text(b, "agency", a->id);
        return;
    case SL_UNSCHED_TOO_LARGE:
        sl_pb_begin(b, ar,
                    N_("its move group needs {hours:int} staff hour and {tb:num2} TB in one "
                       "window; more than any window of {agency} gives"));
        sl_pb_plural(b,
                     N_("its move group needs {hours:int} staff hours and {tb:num2} TB in one "
                        "window; more than any window of {agency} gives"),
                     "hours");
        sl_pb_num(b, "hours", p->group_effort_h[g]);
        sl_pb_num(b, "tb", p->group_tb[g]);
        sl_pb_text(b, "agency", a->id);
        return;
    case SL_UNSCHED_NO_WINDOW:
        sl_pb_begin(b, ar, "no window with room before the end of the {years:int}-year horizon");
        sl_pb_num(b, "years", st->m->horizon_years);
        return;
    case SL_UNSCHED_NO_TARGET_CAPACITY:
        sl_pb_begin(b, ar,
                    "the target has no room left for its move group ({vcpu:int} vCPU, {ram:int} "
                    "GB RAM): the site takes {taken:int} of the {needed:int} hosts the placement "
                    "needs");
        sl_pb_num(b, "vcpu", p->group_load[g * SL_SCHEDULE_CAP_DIMS]);
        sl_pb_num(b, "ram", p->group_load[g * SL_SCHEDULE_CAP_DIMS + 1]);
        sl_pb_num(b, "taken", (double)st->s->capacity.hosts_taken);
        sl_pb_num(b, "needed", (double)st->s->capacity.hosts_needed);
        return;
    default:
        sl_pb_begin(b, ar, "not ready to move");
    }
}

static int solve(stage *st, const sl_schedule_options *o)
{
    sl_sched_problem *p = &st->p;
    long binds[SL_BIND_N];
    /* impossible groups get no window; hide them from the solvers by
     * making their release the end of time */
    for (size_t g = 0; g < st->n_dense; g++)
        if (st->is_never[g])
            p->group_release[g] = (int)p->n_windows;
    /* multi-start: three priority rules, and on instances small enough to
     * afford it a few seeded random orders; each improved by local search,
     * the best kept */
    int *trial = sl_malloc((st->n_dense ? st->n_dense : 1) * sizeof *trial);
    if (!trial)
        return SL_ENOMEM;
    int starts = 3 + (st->n_dense <= 2000 ? 8 : 0);
    long budget = o->max_moves > 0 ? o->max_moves : 20000000;
    int rc = 0;
    for (int k = 0; k < starts && !rc; k++) {
        sl_sched_order kind = k < 3 ? (sl_sched_order)k : SL_ORDER_RANDOM;
        rc = sl_sched_greedy(k ? trial : st->window, p, kind, (uint64_t)k, binds);
        if (!rc && k == 0)
            for (size_t b = 0; b < SL_BIND_N; b++)
                st->s->binds_count[to_public((sl_bind)b)] += binds[b];
        if (!rc)
            rc = sl_sched_improve(k ? trial : st->window, p, budget / starts);
        if (!rc && k && sl_sched_compare(trial, st->window, p) < 0)
            memcpy(st->window, trial, st->n_dense * sizeof *trial);
    }
    sl_free(trial);
    if (!rc)
        rc = find_capacity_out(st);
    if (rc)
        return rc;
    /* the groups the target has no room for are the heuristic's choice;
     * the MIP schedules the others, so both solve the same problem */
    for (size_t g = 0; g < st->n_dense; g++)
        if (st->is_cap_out[g])
            p->group_release[g] = (int)p->n_windows;
    int finish = sl_sched_finish(st->window, p);
    size_t n_open = 0;
    for (size_t g = 0; g < st->n_dense; g++)
        n_open += !st->is_never[g] && !st->is_cap_out[g];
    bool all_placed = true;
    for (size_t g = 0; g < st->n_dense; g++)
        all_placed &= st->is_never[g] || st->is_cap_out[g] || st->window[g] >= 0;
    if (n_open > 0 && all_placed && n_open <= o->exact_max_groups &&
        finish >= 0 && (size_t)finish < o->exact_max_windows) {
        int *exact = sl_malloc(st->n_dense * sizeof *exact);
        if (!exact)
            return SL_ENOMEM;
        memcpy(exact, st->window, st->n_dense * sizeof *exact);
        bool optimal = false;
        rc = sl_sched_exact(exact, p, o->exact_time_limit_s, &optimal);
        if (rc == 0) {
            int ef = sl_sched_finish(exact, p);
            double ex = sl_sched_exposure(exact, p), hx = sl_sched_exposure(st->window, p);
            st->s->heuristic_finish_gap_windows = finish - ef;
            if (ef < finish || (ef == finish && ex < hx - 1e-9)) {
                memcpy(st->window, exact, st->n_dense * sizeof *exact);
                st->s->used_exact = true;
            }
            st->s->is_proven_optimal = optimal;
        }
        sl_free(exact);
        if (rc == SL_EINFEASIBLE || rc == SL_ELIMIT)
            rc = 0; /* the heuristic's schedule stands */
    }
    return rc;
}

/* What keeps group g, which has no window, out of every window: the
 * reason find_impossible found, room at the target, or else what turned
 * it away from each window after its release under the final loads (the
 * most frequent reason). *gate: the gate, when one binds. */
static sl_binds unplaced_binds(const stage *st, const sl_sched_load *l, size_t g, sl_index *gate)
{
    const sl_sched_problem *p = &st->p;
    size_t a = p->group_agency[g], site = p->group_site[g];
    *gate = SL_NONE;
    if (st->is_cap_out[g])
        return SL_BINDS_CAPACITY;
    if (st->is_never[g]) {
        switch (st->never[g]) {
        case SL_UNSCHED_NO_TARGET_CAPACITY:
            return SL_BINDS_CAPACITY;
        case SL_UNSCHED_NO_WINDOW:
            /* its release is past the horizon, or every window after it
             * is frozen */
            if (p->group_release[g] >= (int)p->n_windows && p->group_release_gate[g] != SL_NONE) {
                *gate = p->group_release_gate[g];
                return SL_BINDS_GATE;
            }
            return SL_BINDS_FREEZE;
        case SL_UNSCHED_TOO_LARGE: {
            double best_staff = 0, best_tb = -1;
            for (size_t w = 0; w < p->n_windows; w++) {
                if (p->frozen[w * p->n_agencies + a])
                    continue;
                best_staff = SL_MAX(best_staff, p->staff_cap[w * p->n_agencies + a]);
                double tb = p->tb_cap[w * p->n_sites + site];
                best_tb = tb < 0 ? 1e300 : SL_MAX(best_tb, tb);
            }
            if (p->group_effort_h[g] > best_staff + 1e-9)
                return SL_BINDS_STAFF;
            if (best_tb >= 0 && p->group_tb[g] > best_tb + 1e-9)
                return SL_BINDS_BANDWIDTH;
            return SL_BINDS_WORKLOADS;
        }
        default:
            return SL_BINDS_STAFF; /* no migration hours at all */
        }
    }
    long why[SL_BIND_N] = {0};
    for (size_t w = 0; w < p->n_windows; w++)
        why[sl_sched_fits(p, l, g, w)]++;
    sl_bind best = SL_BIND_FREEZE;
    for (int b = SL_BIND_FREEZE; b < SL_BIND_N; b++)
        if (why[b] > why[best])
            best = (sl_bind)b;
    if (!why[best]) {
        *gate = p->group_release_gate[g];
        return SL_BINDS_GATE;
    }
    return to_public(best);
}

/* For the last group of each agency: what turned it away from each
 * earlier window, under the final loads. The most frequent reason binds.
 * An agency with groups no window takes is bound by what keeps the first
 * of them out: its move cannot be complete, whenever the rest ends. */
static int explain_agencies(stage *st)
{
    const sl_model *m = st->m;
    sl_schedule *s = st->s;
    const sl_sched_problem *p = &st->p;
    sl_sched_load l;
    if (placed_load(st, &l))
        return SL_ENOMEM;
    /* the solvers are done: groups without a window get their own
     * release back, to say what keeps them out */
    memcpy(st->p.group_release, st->release, st->n_dense * sizeof *st->release);
    for (size_t a = 0; a < m->n_agencies; a++) {
        sl_agency_schedule *as = &s->per_agency[a];
        as->first_move = as->finish = SL_DATE_NONE;
        as->binding_gate = SL_NONE;
        int last = -1, first = -1;
        size_t last_g = SIZE_MAX;
        for (size_t g = 0; g < st->n_dense; g++) {
            if (p->group_agency[g] != a)
                continue;
            as->n_groups++;
            as->n_workloads += (size_t)p->group_n_workloads[g];
            as->effort_hours += p->group_effort_h[g];
            int w = st->window[g];
            if (w < 0)
                continue;
            if (w > last || (w == last && g < last_g)) {
                last = w;
                last_g = g;
            }
            if (first < 0 || w < first)
                first = w;
        }
        size_t unplaced = SIZE_MAX;
        for (size_t g = 0; g < st->n_dense && unplaced == SIZE_MAX; g++)
            if (p->group_agency[g] == a && st->window[g] < 0)
                unplaced = g;
        if (unplaced != SIZE_MAX)
            as->binds = unplaced_binds(st, &l, unplaced, &as->binding_gate);
        if (last < 0)
            continue;
        /* the days of the windows the freezes leave open to the agency */
        as->first_move = p->open_first[(size_t)first * p->n_agencies + a];
        as->finish = p->open_last[(size_t)last * p->n_agencies + a];
        for (int w = 0; w <= last; w++)
            as->n_frozen_windows += p->frozen[(size_t)w * p->n_agencies + a];
        if (unplaced != SIZE_MAX)
            continue;
        long why[SL_BIND_N] = {0};
        sl_sched_add(p, &l, last_g, (size_t)last, -1);
        for (int w = 0; w < last; w++)
            why[sl_sched_fits(p, &l, last_g, (size_t)w)]++;
        sl_sched_add(p, &l, last_g, (size_t)last, +1);
        /* a gate binds when the group moved in the first open window
         * after its release */
        bool first_open = true;
        for (int w = p->group_release[last_g]; w < last; w++)
            first_open &= p->frozen[(size_t)w * p->n_agencies + a] != 0;
        if (p->group_release[last_g] > 0 && first_open &&
            p->group_release_gate[last_g] != SL_NONE) {
            as->binds = SL_BINDS_GATE;
            as->binding_gate = p->group_release_gate[last_g];
            continue;
        }
        sl_bind best = SL_BIND_NONE;
        for (int b = SL_BIND_FREEZE; b < SL_BIND_N; b++)
            if (why[b] > why[best])
                best = (sl_bind)b;
        if (best == SL_BIND_NONE && why[SL_BIND_RELEASE])
            best = SL_BIND_RELEASE;
        as->binds = to_public(best);
        if (as->binds == SL_BINDS_GATE)
            as->binding_gate = p->group_release_gate[last_g];
    }
    sl_sched_load_free(&l);
    return 0;
}

static int build_result(stage *st, size_t n_caller_groups, const bool *is_movable)
{
    const sl_model *m = st->m;
    sl_schedule *s = st->s;
    const sl_sched_problem *p = &st->p;
    sl_arena *ar = s->arena;
    s->n_groups = n_caller_groups;
    s->group_wave = sl_arena_array(ar, n_caller_groups ? n_caller_groups : 1, sizeof(int));
    s->group_window = sl_arena_array(ar, n_caller_groups ? n_caller_groups : 1, sizeof(int));
    s->per_agency = sl_arena_array(ar, m->n_agencies ? m->n_agencies : 1, sizeof *s->per_agency);
    int *wave_of = sl_malloc((p->n_windows ? p->n_windows : 1) * sizeof *wave_of);
    if (!s->group_wave || !s->group_window || !s->per_agency || !wave_of) {
        sl_free(wave_of);
        return SL_ENOMEM;
    }
    for (size_t g = 0; g < n_caller_groups; g++)
        s->group_wave[g] = s->group_window[g] = -1;
    for (size_t w = 0; w < p->n_windows; w++)
        wave_of[w] = -1;
    size_t n_waves = 0;
    for (size_t w = 0; w < p->n_windows; w++) {
        for (size_t g = 0; g < st->n_dense; g++) {
            if (st->window[g] == (int)w) {
                wave_of[w] = (int)n_waves++;
                break;
            }
        }
    }
    s->waves = sl_arena_array(ar, n_waves ? n_waves : 1, sizeof *s->waves);
    if (!s->waves) {
        sl_free(wave_of);
        return SL_ENOMEM;
    }
    s->n_waves = n_waves;
    for (size_t w = 0; w < p->n_windows; w++) {
        if (wave_of[w] < 0)
            continue;
        sl_wave *wv = &s->waves[wave_of[w]];
        const sl_sched_window *win = &p->windows[w];
        wv->index = (int)w;
        wv->start_day = win->day;
        wv->start_minute = win->start_minute;
        wv->end_day = win->end_day;
        wv->end_minute = win->end_minute;
        wv->hours = win->hours;
        wv->staff_hours = sl_arena_array(ar, m->n_agencies ? m->n_agencies : 1, sizeof(double));
        wv->staff_cap = sl_arena_array(ar, m->n_agencies ? m->n_agencies : 1, sizeof(double));
        wv->open_hours = sl_arena_array(ar, m->n_agencies ? m->n_agencies : 1, sizeof(double));
        wv->last_day = sl_arena_array(ar, m->n_agencies ? m->n_agencies : 1, sizeof(sl_date));
        wv->workloads_by_agency = sl_arena_array(ar, m->n_agencies ? m->n_agencies : 1, sizeof(int));
        if (!wv->staff_hours || !wv->staff_cap || !wv->open_hours || !wv->last_day ||
            !wv->workloads_by_agency) {
            sl_free(wave_of);
            return SL_ENOMEM;
        }
        for (size_t a = 0; a < m->n_agencies; a++) {
            wv->staff_cap[a] = p->staff_cap[w * p->n_agencies + a];
            wv->open_hours[a] = win->hours * p->open_share[w * p->n_agencies + a];
            wv->last_day[a] = p->open_last[w * p->n_agencies + a];
        }
    }
    /* groups into waves, in caller order */
    size_t *count = sl_calloc(n_waves ? n_waves : 1, sizeof *count);
    if (!count) {
        sl_free(wave_of);
        return SL_ENOMEM;
    }
    for (size_t g = 0; g < st->n_dense; g++)
        if (st->window[g] >= 0)
            count[wave_of[st->window[g]]]++;
    for (size_t k = 0; k < n_waves; k++) {
        s->waves[k].groups = sl_arena_array(ar, count[k] ? count[k] : 1, sizeof(sl_index));
        if (!s->waves[k].groups) {
            sl_free(count);
            sl_free(wave_of);
            return SL_ENOMEM;
        }
    }
    for (size_t g = 0; g < st->n_dense; g++) {
        int w = st->window[g];
        if (w < 0)
            continue;
        sl_wave *wv = &s->waves[wave_of[w]];
        size_t caller = st->caller_of[g];
        wv->groups[wv->n_groups++] = (sl_index)caller;
        wv->staff_hours[p->group_agency[g]] += p->group_effort_h[g];
        wv->transfer_tb += p->group_tb[g];
        wv->n_workloads += p->group_n_workloads[g];
        wv->workloads_by_agency[p->group_agency[g]] += p->group_n_workloads[g];
        wv->n_critical += p->group_is_critical[g];
        s->group_wave[caller] = wave_of[w];
        s->group_window[caller] = w;
        s->max_critical_per_wave = SL_MAX(s->max_critical_per_wave, wv->n_critical);
    }
    sl_free(count);
    sl_free(wave_of);
    /* target load moved up to each wave, cumulative, and its capacity */
    if (p->n_cap_checks) {
        double sum[SL_SCHEDULE_CAP_DIMS] = {0};
        for (size_t k = 0; k < n_waves; k++) {
            sl_wave *wv = &s->waves[k];
            for (size_t i = 0; i < wv->n_groups; i++)
                for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS; d++)
                    sum[d] += s->capacity.group_load[wv->groups[i] * SL_SCHEDULE_CAP_DIMS + d];
            for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS; d++) {
                wv->target_load[d] = sum[d];
                wv->target_capacity[d] =
                    p->cap_window[(size_t)wv->index * SL_SCHEDULE_CAP_DIMS + d];
            }
        }
    }
    /* the end of the last window, as open to the agency whose move ends it */
    s->finish = SL_DATE_NONE;
    for (size_t g = 0; g < st->n_dense; g++) {
        if (st->window[g] < 0)
            continue;
        sl_date day = p->open_last[(size_t)st->window[g] * p->n_agencies + p->group_agency[g]];
        if (s->finish == SL_DATE_NONE || day > s->finish)
            s->finish = day;
    }
    s->wan_exposure = sl_sched_exposure(st->window, p);

    /* unscheduled workloads, in workload order; every workload counted
     * once per agency: moved, unmovable (listed with the reason) or
     * declared not to move */
    for (size_t i = 0; i < m->n_workloads; i++) {
        sl_index g = st->wg[i];
        sl_agency_schedule *as = &s->per_agency[m->workloads[i].agency];
        sl_disposition fate =
            st->as && i < st->as->n_workloads ? st->as->workloads[i].disposition
                                              : SL_DISPOSITION_MOVE;
        int rc = 0;
        if (sl_agency_stays_out(&m->agencies[m->workloads[i].agency]))
            continue; /* its agency stays out: it is not to move at all */
        sl_phrase_builder b;
        as->n_inventory++;
        if (fate != SL_DISPOSITION_MOVE) {
            as->n_declared++;
            as->declared_by[fate]++;
        } else if (is_movable && !is_movable[i]) {
            sl_pb_begin(&b, st->s->arena, "not ready to move (see its readiness reasons)");
            rc = add_unscheduled(st, (sl_index)i, SL_UNSCHED_NOT_READY, &b);
            as->n_unmovable++;
            as->unmovable_by[SL_UNSCHED_NOT_READY]++;
        } else if (g != SL_NONE && st->window[g] < 0) {
            sl_unsched_reason r = st->is_never[g]     ? st->never[g]
                                  : st->is_cap_out[g] ? SL_UNSCHED_NO_TARGET_CAPACITY
                                                      : SL_UNSCHED_NO_WINDOW;
            unsched_phrase(&b, st, g, r);
            rc = add_unscheduled(st, (sl_index)i, r, &b);
            as->n_unscheduled++;
            as->n_unmovable++;
            as->unmovable_by[r]++;
        } else if (g != SL_NONE) {
            as->n_moved++;
        } else {
            /* a movable workload the caller put in no group */
            sl_pb_begin(&b, st->s->arena, "in no move group, so in no window");
            rc = add_unscheduled(st, (sl_index)i, SL_UNSCHED_NO_WINDOW, &b);
            as->n_unscheduled++;
            as->n_unmovable++;
            as->unmovable_by[SL_UNSCHED_NO_WINDOW]++;
        }
        if (rc)
            return rc;
    }
    if (st->n_unsched) {
        s->unscheduled = sl_arena_memdup(ar, st->unsched, st->n_unsched * sizeof *st->unsched);
        if (!s->unscheduled)
            return SL_ENOMEM;
        s->n_unscheduled = st->n_unsched;
    }
    s->is_complete = s->n_unscheduled == 0;
    return explain_agencies(st);
}

int sl_schedule_run(sl_schedule **out, const sl_model *m, size_t n_groups,
                    const sl_index *workload_group, const bool *is_movable,
                    const sl_schedule_options *opts, sl_diag *d)
{
    (void)d;
    *out = NULL;
    sl_schedule_options o = SL_SCHEDULE_OPTIONS_INIT;
    if (opts)
        o = *opts;
    stage st;
    memset(&st, 0, sizeof st);
    st.m = m;
    st.as = o.assessment;
    st.s = sl_calloc(1, sizeof *st.s);
    if (!st.s)
        return SL_ENOMEM;
    st.s->arena = sl_arena_new();
    st.dense_of = sl_malloc((n_groups ? n_groups : 1) * sizeof *st.dense_of);
    st.caller_of = sl_malloc((n_groups ? n_groups : 1) * sizeof *st.caller_of);
    st.wg = sl_malloc((m->n_workloads ? m->n_workloads : 1) * sizeof *st.wg);
    int rc = st.s->arena && st.dense_of && st.caller_of && st.wg ? 0 : SL_ENOMEM;
    /* dense numbering of the groups that have a movable workload */
    for (size_t g = 0; g < n_groups && !rc; g++)
        st.dense_of[g] = SL_NONE;
    for (size_t i = 0; i < m->n_workloads && !rc; i++) {
        sl_index g = workload_group[i];
        st.wg[i] = SL_NONE;
        if (g == SL_NONE || g >= n_groups || (is_movable && !is_movable[i]))
            continue;
        if (st.dense_of[g] == SL_NONE) {
            st.caller_of[st.n_dense] = g;
            st.dense_of[g] = (sl_index)st.n_dense++;
        }
        st.wg[i] = st.dense_of[g];
    }
    if (!rc)
        rc = sl_sched_problem_build(&st.p, m, st.n_dense, st.wg, NULL);
    if (!rc) {
        st.window = sl_malloc((st.n_dense ? st.n_dense : 1) * sizeof *st.window);
        st.never = sl_calloc(st.n_dense ? st.n_dense : 1, sizeof *st.never);
        st.is_never = sl_calloc(st.n_dense ? st.n_dense : 1, 1);
        st.is_cap_out = sl_calloc(st.n_dense ? st.n_dense : 1, 1);
        st.release = sl_malloc((st.n_dense ? st.n_dense : 1) * sizeof *st.release);
        rc = st.window && st.never && st.is_never && st.is_cap_out && st.release ? 0 : SL_ENOMEM;
    }
    if (!rc)
        memcpy(st.release, st.p.group_release, st.n_dense * sizeof *st.release);
    if (!rc && o.placement && o.assessment)
        rc = sl_sched_capacity_derive(&st.p, &st.s->capacity, st.s->arena, m, st.wg,
                                      st.caller_of, n_groups, o.placement, o.assessment);
    if (!rc) {
        find_impossible(&st);
        rc = solve(&st, &o);
    }
    if (!rc)
        rc = build_result(&st, n_groups, is_movable);
    sl_sched_problem_free(&st.p);
    sl_free(st.dense_of);
    sl_free(st.caller_of);
    sl_free(st.wg);
    sl_free(st.window);
    sl_free(st.never);
    sl_free(st.is_never);
    sl_free(st.is_cap_out);
    sl_free(st.release);
    sl_free(st.unsched);
    if (rc) {
        sl_schedule_free(st.s);
        return rc;
    }
    *out = st.s;
    return 0;
}
