/* SPDX-License-Identifier: MIT */
/*
 * Schedule internals: the calendar, freezes, and the heuristic measured
 * against the exact MIP on random small problems. End-to-end cases with the
 * independent checker are in tests/schedule/ (run_schedule.py).
 */
#include "helpers.h"
#include "schedule/schedule.h"

#include <math.h>
#include <string.h>

static sl_date day(const char *s)
{
    sl_date d;
    assert_int_equal(sl_date_parse(&d, s, strlen(s)), 0);
    return d;
}

static void test_schedule__weekly_windows_fall_on_their_weekday(void **state)
{
    (void)state;
    sl_window_rule rule = {4, 18 * 60, 60}; /* Friday 18:00, 60 h */
    sl_windows rules = {1, &rule, 0, 0, 0, NULL};
    sl_sched_window *w;
    size_t n;
    assert_int_equal(sl_sched_windows(&w, &n, &rules, day("2026-09-01"), day("2026-10-01")), 0);
    assert_int_equal(n, 4); /* Fridays 4, 11, 18, 25 September 2026 */
    assert_int_equal(w[0].day, day("2026-09-04"));
    assert_int_equal(w[3].day, day("2026-09-25"));
    assert_int_equal(w[0].end_day, day("2026-09-07")); /* Monday 06:00 */
    assert_int_equal(w[0].end_minute, 6 * 60);
    assert_int_equal(w[0].last_day, day("2026-09-07"));
    assert_true(fabs(w[0].week_share - 1.0) < 1e-12);
    sl_free(w);
}

static void test_schedule__freezes_cover_the_days_they_name(void **state)
{
    (void)state;
    sl_freeze f[3] = {
        {SL_FREEZE_YEARLY, 301, 515, 0, 0, 0, "tax returns"},
        {SL_FREEZE_YEARLY, 1215, 110, 0, 0, 0, "year end"},
        {SL_FREEZE_MONTH_END, 0, 0, 0, 0, 2, "month end"},
    };
    assert_true(sl_freeze_covers(f, 1, day("2027-03-01")));
    assert_true(sl_freeze_covers(f, 1, day("2027-05-15")));
    assert_false(sl_freeze_covers(f, 1, day("2027-05-16")));
    assert_false(sl_freeze_covers(f, 1, day("2027-02-28")));
    assert_true(sl_freeze_covers(f + 1, 1, day("2026-12-31")));
    assert_true(sl_freeze_covers(f + 1, 1, day("2027-01-10")));
    assert_false(sl_freeze_covers(f + 1, 1, day("2027-01-11")));
    /* September 2026 ends on a Wednesday: the last two working days are
     * Tuesday 29 and Wednesday 30 */
    assert_true(sl_freeze_covers(f + 2, 1, day("2026-09-30")));
    assert_true(sl_freeze_covers(f + 2, 1, day("2026-09-29")));
    assert_false(sl_freeze_covers(f + 2, 1, day("2026-09-28")));
    /* January 2027 ends on a Sunday: Thursday 28 and Friday 29 */
    assert_true(sl_freeze_covers(f + 2, 1, day("2027-01-29")));
    assert_true(sl_freeze_covers(f + 2, 1, day("2027-01-28")));
    assert_false(sl_freeze_covers(f + 2, 1, day("2027-01-31")));
}

/* Issue 14: a freeze clips a window to its unfrozen days, by the minutes
 * on each day, instead of closing it whole. */
static void test_schedule__a_freeze_clips_a_window_to_its_open_days(void **state)
{
    (void)state;
    sl_freeze f[2] = {
        {SL_FREEZE_YEARLY, 301, 515, 0, 0, 0, "tax returns"},
        {SL_FREEZE_DATES, 0, 0, 0, 0, 0, "one Saturday"},
    };
    f[1].from = f[1].to = day("2027-02-27");
    /* Friday 26 February 18:00 to Monday 1 March 06:00: 6 + 24 + 24 + 6 h */
    sl_sched_window w = {day("2027-02-26"), 18 * 60, 60, day("2027-03-01"), 360, day("2027-03-01"), 1};
    /* Monday is in the tax-return freeze: 54 of 60 hours stay open,
     * the last open day is Sunday */
    sl_window_open o = sl_window_open_part(&w, f, 1, NULL, 0);
    assert_true(fabs(o.share - 54.0 / 60.0) < 1e-12);
    assert_int_equal(o.first_day, day("2027-02-26"));
    assert_int_equal(o.last_day, day("2027-02-28"));
    /* the frozen Saturday, given as a target freeze: 36 hours, Friday to
     * Monday */
    o = sl_window_open_part(&w, NULL, 0, f + 1, 1);
    assert_true(fabs(o.share - 36.0 / 60.0) < 1e-12);
    assert_int_equal(o.first_day, day("2027-02-26"));
    assert_int_equal(o.last_day, day("2027-03-01"));
    /* both: Friday evening and Sunday, 30 hours */
    o = sl_window_open_part(&w, f, 1, f + 1, 1);
    assert_true(fabs(o.share - 30.0 / 60.0) < 1e-12);
    assert_int_equal(o.last_day, day("2027-02-28"));
    /* no frozen day: the window whole, its share exactly 1 */
    o = sl_window_open_part(&w, f + 1, 0, NULL, 0);
    assert_true(o.share == 1.0);
    assert_int_equal(o.last_day, day("2027-03-01"));
    /* every day frozen: closed */
    sl_sched_window in = {day("2027-03-05"), 18 * 60, 60, day("2027-03-08"), 360, day("2027-03-08"), 1};
    o = sl_window_open_part(&in, f, 1, NULL, 0);
    assert_true(o.share == 0.0);
    assert_int_equal(o.last_day, SL_DATE_NONE);
    /* a window ending at midnight has no minute on its end day */
    sl_sched_window sat = {day("2027-02-26"), 18 * 60, 30, day("2027-02-28"), 0, day("2027-02-27"), 1};
    o = sl_window_open_part(&sat, NULL, 0, f + 1, 1);
    assert_true(fabs(o.share - 6.0 / 30.0) < 1e-12);
    assert_int_equal(o.last_day, day("2027-02-26"));
}

/* A random problem: groups of two agencies, one site each, weekly windows. */
static void random_problem(sl_sched_problem *p, sl_rng *r, size_t n_groups, size_t n_windows)
{
    memset(p, 0, sizeof *p);
    p->n_windows = n_windows;
    p->n_agencies = 2;
    p->n_sites = 2;
    p->n_groups = n_groups;
    p->windows = sl_calloc(n_windows, sizeof *p->windows);
    p->frozen = sl_calloc(n_windows * 2, 1);
    p->staff_cap = sl_calloc(n_windows * 2, sizeof(double));
    p->tb_cap = sl_calloc(n_windows * 2, sizeof(double));
    p->max_critical = (int)sl_rng_below(r, 3);
    for (size_t w = 0; w < n_windows; w++) {
        p->windows[w].day = day("2026-09-04") + (sl_date)(7 * w);
        p->windows[w].hours = 60;
        for (size_t a = 0; a < 2; a++) {
            p->frozen[w * 2 + a] = sl_rng_below(r, 8) == 0;
            p->staff_cap[w * 2 + a] = 20 + sl_rng_below(r, 20);
            p->tb_cap[w * 2 + a] = sl_rng_below(r, 2) ? -1.0 : 3.0 + sl_rng_below(r, 5);
        }
    }
    p->group_agency = sl_calloc(n_groups, sizeof(sl_index));
    p->group_site = sl_calloc(n_groups, sizeof(sl_index));
    p->group_effort_h = sl_calloc(n_groups, sizeof(double));
    p->group_tb = sl_calloc(n_groups, sizeof(double));
    p->group_n_workloads = sl_calloc(n_groups, sizeof(int));
    p->group_is_critical = sl_calloc(n_groups, 1);
    p->group_release = sl_calloc(n_groups, sizeof(int));
    p->group_release_gate = sl_calloc(n_groups, sizeof(sl_index));
    for (size_t g = 0; g < n_groups; g++) {
        p->group_agency[g] = p->group_site[g] = sl_rng_below(r, 2);
        p->group_effort_h[g] = 3 + sl_rng_below(r, 15);
        p->group_tb[g] = 0.5 * sl_rng_below(r, 5);
        p->group_n_workloads[g] = 1 + (int)sl_rng_below(r, 4);
        p->group_is_critical[g] = sl_rng_below(r, 4) == 0;
        p->group_release[g] = (int)sl_rng_below(r, 4);
        p->group_release_gate[g] = SL_NONE;
    }
    /* a sparse traffic graph */
    p->edge_start = sl_calloc(n_groups + 1, sizeof(size_t));
    size_t cap = n_groups * 4;
    p->edge_to = sl_calloc(cap, sizeof(sl_index));
    p->edge_mbps = sl_calloc(cap, sizeof(double));
    size_t k = 0;
    for (size_t g = 0; g < n_groups; g++) {
        p->edge_start[g] = k;
        /* symmetric: neighbours g-1 and g+1 */
        if (g > 0)
            p->edge_to[k] = (sl_index)(g - 1), p->edge_mbps[k++] = 1 + (double)((g * 7) % 5);
        if (g + 1 < n_groups)
            p->edge_to[k] = (sl_index)(g + 1), p->edge_mbps[k++] = 1 + (double)(((g + 1) * 7) % 5);
    }
    p->edge_start[n_groups] = k;
    /* half the cases: target capacity delivered in three stages (none,
     * then half of all the groups' load, then all of it), so it binds
     * early and the exact MIP still has a schedule that moves everything */
    if (sl_rng_below(r, 2)) {
        double *load = sl_calloc(n_groups * SL_SCHEDULE_CAP_DIMS, sizeof *load);
        double *wcap = sl_calloc(n_windows * SL_SCHEDULE_CAP_DIMS, sizeof *wcap);
        double total[SL_SCHEDULE_CAP_DIMS] = {0};
        for (size_t g = 0; g < n_groups; g++)
            for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS; d++)
                total[d] += load[g * SL_SCHEDULE_CAP_DIMS + d] = 1 + (double)sl_rng_below(r, 8);
        for (size_t w = 0; w < n_windows; w++)
            for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS; d++)
                wcap[w * SL_SCHEDULE_CAP_DIMS + d] = w < 2 ? 0 : w < 5 ? total[d] / 2 : total[d];
        assert_int_equal(sl_sched_problem_set_capacity(p, wcap, load), 0);
        assert_int_equal(p->n_cap_checks, 3);
        sl_free(load);
        sl_free(wcap);
    }
}

/* Every constraint, checked directly (the checker of record is Python). */
static void assert_feasible(const int *window, const sl_sched_problem *p)
{
    sl_sched_load l;
    assert_int_equal(sl_sched_load_init(&l, p), 0);
    for (size_t g = 0; g < p->n_groups; g++) {
        if (window[g] < 0)
            continue;
        assert_true(window[g] >= p->group_release[g]);
        assert_false(p->frozen[(size_t)window[g] * p->n_agencies + p->group_agency[g]]);
        sl_sched_add(p, &l, g, (size_t)window[g], +1);
    }
    for (size_t w = 0; w < p->n_windows; w++) {
        for (size_t a = 0; a < p->n_agencies; a++)
            assert_true(l.staff[w * p->n_agencies + a] <= p->staff_cap[w * p->n_agencies + a] + 1e-9);
        for (size_t s = 0; s < p->n_sites; s++)
            if (p->tb_cap[w * p->n_sites + s] >= 0)
                assert_true(l.tb[w * p->n_sites + s] <= p->tb_cap[w * p->n_sites + s] + 1e-9);
        if (p->max_critical)
            assert_true(l.critical[w] <= p->max_critical);
    }
    /* target capacity, cumulative, recounted window by window */
    double moved[SL_SCHEDULE_CAP_DIMS] = {0};
    for (size_t w = 0; p->n_cap_checks && w < p->n_windows; w++) {
        for (size_t g = 0; g < p->n_groups; g++)
            if (window[g] == (int)w)
                for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS; d++)
                    moved[d] += p->group_load[g * SL_SCHEDULE_CAP_DIMS + d];
        for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS; d++)
            assert_true(moved[d] <= p->cap_window[w * SL_SCHEDULE_CAP_DIMS + d] + 1e-6);
    }
    sl_sched_load_free(&l);
}

/* Capacity that arrives in stages holds groups back until it is there,
 * and a group with no room at all gets no window. */
static void test_schedule__staged_capacity_holds_groups_until_there_is_room(void **state)
{
    (void)state;
    sl_sched_problem p;
    memset(&p, 0, sizeof p);
    p.n_windows = 6;
    p.n_agencies = p.n_sites = 1;
    p.n_groups = 4;
    p.windows = sl_calloc(6, sizeof *p.windows);
    p.frozen = sl_calloc(6, 1);
    p.staff_cap = sl_calloc(6, sizeof(double));
    p.tb_cap = sl_calloc(6, sizeof(double));
    for (size_t w = 0; w < 6; w++) {
        p.windows[w].day = day("2026-09-04") + (sl_date)(7 * w);
        p.staff_cap[w] = 100;
        p.tb_cap[w] = -1;
    }
    p.group_agency = sl_calloc(4, sizeof(sl_index));
    p.group_site = sl_calloc(4, sizeof(sl_index));
    p.group_effort_h = sl_calloc(4, sizeof(double));
    p.group_tb = sl_calloc(4, sizeof(double));
    p.group_n_workloads = sl_calloc(4, sizeof(int));
    p.group_is_critical = sl_calloc(4, 1);
    p.group_release = sl_calloc(4, sizeof(int));
    p.group_release_gate = sl_calloc(4, sizeof(sl_index));
    p.edge_start = sl_calloc(5, sizeof(size_t));
    p.edge_to = sl_calloc(1, sizeof(sl_index));
    p.edge_mbps = sl_calloc(1, sizeof(double));
    for (size_t g = 0; g < 4; g++) {
        p.group_effort_h[g] = g == 3 ? 2 : 1;
        p.group_n_workloads[g] = 1;
        p.group_release_gate[g] = SL_NONE;
    }
    /* loads 10, 10, 10, 25 vCPU (RAM alike); capacity 0 in windows 0-1,
     * 20 in 2-3, 30 from 4 on */
    double load[8] = {10, 10, 10, 10, 10, 10, 25, 25};
    double cap[12] = {0, 0, 0, 0, 20, 20, 20, 20, 30, 30, 30, 30};
    assert_int_equal(sl_sched_problem_set_capacity(&p, cap, load), 0);
    assert_int_equal(p.n_cap_checks, 3);
    int window[4];
    long binds[SL_BIND_N];
    assert_int_equal(sl_sched_greedy(window, &p, SL_ORDER_LARGEST, 0, binds), 0);
    /* the 25 first (most staff hours): it takes window 4 and leaves 5,
     * too little for any 10 by the end: one group moves where three could */
    assert_feasible(window, &p);
    int moved = 0;
    for (size_t g = 0; g < 4; g++)
        moved += window[g] >= 0;
    assert_int_equal(moved, 1);
    assert_int_equal(window[3], 4);
    assert_true(binds[SL_BIND_CAPACITY] > 0);
    /* in index order: two 10s in window 2, the third in 4, and the 25
     * never fits beside them */
    assert_int_equal(sl_sched_greedy(window, &p, SL_ORDER_TRAFFIC, 0, binds), 0);
    assert_feasible(window, &p);
    assert_int_equal(window[0], 2);
    assert_int_equal(window[1], 2);
    assert_int_equal(window[2], 4);
    assert_int_equal(window[3], -1);
    sl_sched_problem_free(&p);
}

static void test_schedule__heuristic_is_feasible_and_close_to_the_exact_optimum(void **state)
{
    (void)state;
    sl_rng r;
    sl_rng_init(&r, 2026, 0, 0);
    int cases = 0, optimal = 0, equal_finish = 0;
    double gap_sum = 0, exposure_ratio_sum = 0;
    for (int k = 0; k < 40; k++) {
        sl_sched_problem p;
        random_problem(&p, &r, 8 + sl_rng_below(&r, 12), 16);
        int *h = sl_malloc(p.n_groups * sizeof *h), *e = sl_malloc(p.n_groups * sizeof *e);
        long binds[SL_BIND_N];
        int *t = sl_malloc(p.n_groups * sizeof *t);
        for (int s = 0; s < 11; s++) {
            /* the stage's multi-start: three rules and eight seeded orders */
            sl_sched_order kind = s < 3 ? (sl_sched_order)s : SL_ORDER_RANDOM;
            assert_int_equal(sl_sched_greedy(s ? t : h, &p, kind, (uint64_t)s, binds), 0);
            assert_int_equal(sl_sched_improve(s ? t : h, &p, 100000), 0);
            if (s)
                assert_feasible(t, &p);
            if (s && sl_sched_compare(t, h, &p) < 0)
                memcpy(h, t, p.n_groups * sizeof *h);
        }
        sl_free(t);
        assert_feasible(h, &p);
        bool all = true;
        for (size_t g = 0; g < p.n_groups; g++)
            all &= h[g] >= 0;
        if (all) {
            memcpy(e, h, p.n_groups * sizeof *e);
            bool is_optimal = false;
            int rc = sl_sched_exact(e, &p, 5.0, &is_optimal);
            if (rc != 0)
                fail_msg("case %d: exact solver returned %d", k, rc);
            assert_feasible(e, &p);
            int hf = sl_sched_finish(h, &p), ef = sl_sched_finish(e, &p);
            assert_true(ef <= hf);
            cases++;
            if (is_optimal) {
                optimal++;
                equal_finish += hf == ef;
                gap_sum += hf - ef;
                double ex = sl_sched_exposure(e, &p), hx = sl_sched_exposure(h, &p);
                if (hf == ef) {
                    assert_true(ex <= hx + 1e-6);
                    exposure_ratio_sum += ex > 0 ? hx / ex : 1.0;
                }
            }
        }
        sl_free(h);
        sl_free(e);
        sl_sched_problem_free(&p);
    }
    print_message("exact ran on %d cases, proved optimal on %d; heuristic finish equal on %d, "
                  "mean finish gap %.3f windows, mean exposure ratio %.3f\n",
                  cases, optimal, equal_finish, optimal ? gap_sum / optimal : 0.0,
                  equal_finish ? exposure_ratio_sum / equal_finish : 0.0);
    assert_true(cases >= 30);
    assert_true(optimal >= cases * 3 / 4);
    /* the heuristic finds the optimal finish on most small cases */
    assert_true(equal_finish * 10 >= optimal * 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schedule__weekly_windows_fall_on_their_weekday),
        cmocka_unit_test(test_schedule__freezes_cover_the_days_they_name),
        cmocka_unit_test(test_schedule__a_freeze_clips_a_window_to_its_open_days),
        cmocka_unit_test(test_schedule__heuristic_is_feasible_and_close_to_the_exact_optimum),
        cmocka_unit_test(test_schedule__staged_capacity_holds_groups_until_there_is_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
