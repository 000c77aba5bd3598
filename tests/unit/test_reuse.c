/* SPDX-License-Identifier: MIT */
/*
 * Stage reuse (src/reuse.c): overrides are classed by the first stage
 * that reads them (a table checked here row by row, unknown paths
 * meaning every stage); and a re-plan that borrows the base plan's early
 * stages writes the same plan document, byte for byte, as a fresh load
 * and full run with the same overrides, for overrides of every class on
 * the demo and on the small test scenario, with a different seed, and
 * with agencies left out (which reuses nothing); and the workspace's
 * re-plans, across a change of seed. A re-plan may also borrow from a
 * plan that has overrides of its own (the review's rounds): what the two
 * lists do not share decides, and the result is again the fresh plan
 * (the review's rounds are checked in test_review.c).
 */
#include "helpers.h"
#include "rerun.h"
#include "reuse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITERATIONS 300

static void stage_of_paths(void **state)
{
    (void)state;
    static const struct {
        const char *set;
        sl_stage stage;
    } cases[] = {
        {"deadline=2028-06-30", SL_STAGE_SCHEDULE},
        {"deadline", SL_STAGE_SCHEDULE},
        {"windows.max_critical_groups=2", SL_STAGE_SCHEDULE},
        {"agencies.SKV.budget=8e7", SL_STAGE_SCHEDULE},
        {"gates.UNION.pass_probability=0.5", SL_STAGE_SCHEDULE},
        {"verdict.go_p_on_time=0.6", SL_STAGE_SCHEDULE},
        {"risks.R-STAFF.likelihood=2", SL_STAGE_SCHEDULE},
        {"agencies.SKV.staff.migration_hours_per_week=400", SL_STAGE_GROUP},
        {"agencies.SKV.staff={ops_fte: 3}", SL_STAGE_GROUP},
        {"windows.max_workloads=20", SL_STAGE_GROUP},
        {"windows.weekly=[]", SL_STAGE_GROUP},
        {"migration.hard_edge_mbps=50", SL_STAGE_GROUP},
        {"cost.rack_cost_per_year=30000", SL_STAGE_PLACE},
        {"gates.HARDWARE.lead_time_months=6", SL_STAGE_PLACE},
        {"gates.HARDWARE.opens=2027-01-01", SL_STAGE_PLACE},
        /* what the table does not list reaches every stage */
        {"gates.UNION.kind=legal", SL_STAGE_ASSESS},
        {"gates.UNION={id: UNION}", SL_STAGE_ASSESS},
        {"agencies.SKV={id: SKV}", SL_STAGE_ASSESS},
        {"agencies.SKV.joins=false", SL_STAGE_ASSESS},
        {"agencies.SKV.staff", SL_STAGE_GROUP},
        {"agencies.SKV.staffing=1", SL_STAGE_ASSESS},
        {"agencies..staff.x=1", SL_STAGE_ASSESS},
        {"deadlines=2028-01-01", SL_STAGE_ASSESS},
        {"pools.cpu_overcommit=4", SL_STAGE_ASSESS},
        {"sites.SUNDSVALL.capacity.racks=90", SL_STAGE_ASSESS},
        {"start=2026-01-01", SL_STAGE_ASSESS},
        {"seed=3", SL_STAGE_ASSESS},
        {"", SL_STAGE_ASSESS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (sl_reuse_stage_of(cases[i].set) != cases[i].stage)
            fail_msg("'%s': stage %d, want %d", cases[i].set, (int)sl_reuse_stage_of(cases[i].set),
                     (int)cases[i].stage);
    }
    const char *mixed[] = {"deadline=2028-06-30", "cost.rack_cost_per_year=1",
                           "agencies.A.staff.migration_hours_per_week=9"};
    assert_int_equal(sl_reuse_first_stage(3, mixed), SL_STAGE_PLACE);
    assert_int_equal(sl_reuse_first_stage(1, mixed), SL_STAGE_SCHEDULE);
    assert_int_equal(sl_reuse_first_stage(0, NULL), SL_STAGE_SCHEDULE);
}

/* Where the scenario is: the demo's files in memory, or a file. */
typedef struct source {
    const char *path;
    size_t n_memfiles;
    const sl_memfile *memfiles;
} source;

static sl_plan_options options(uint64_t seed)
{
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    o.iterations = ITERATIONS;
    o.threads = 2;
    o.has_seed = true;
    o.seed = seed;
    return o;
}

/* A re-plan with one override, with
 * the stages reuse borrows from base, against the fresh full run: the
 * same plan document, and the borrowed stages the ones expected. */
static void same_as_fresh(const source *src, const sl_plan *base, const char *set, uint64_t seed,
                          unsigned want_borrowed, size_t want_kept)
{
    size_t n = set ? 1 : 0;
    const char *sets[1] = {set};
    sl_model *fm = th_load_or_fail(src->path, src->n_memfiles, src->memfiles, n, sets);
    sl_plan_options o = options(seed);
    sl_plan *fresh = NULL;
    assert_int_equal(sl_plan_run(&fresh, fm, &o, NULL), 0);
    assert_int_equal(fresh->borrowed, 0);
    char *want = th_plan_json(fresh);

    sl_model *rm = th_load_or_fail(src->path, src->n_memfiles, src->memfiles, n, sets);
    o.reuse_from = base;
    sl_plan *reused = NULL;
    assert_int_equal(sl_reuse_run(&reused, rm, n, sets, &o, NULL), 0);
    if (reused->borrowed != want_borrowed)
        fail_msg("%s: borrowed %#x, want %#x", set ? set : "(none)", reused->borrowed,
                 want_borrowed);
    if (reused->grouping->n_kept_origins != want_kept)
        fail_msg("%s: %zu origins' groups kept, want %zu", set ? set : "(none)",
                 reused->grouping->n_kept_origins, want_kept);
    char *got = th_plan_json(reused);
    th_assert_same_doc(want, got, set ? set : "(none)");
    free(got);
    free(want);
    sl_plan_free(reused);
    sl_plan_free(fresh);
    sl_model_free(rm);
    sl_model_free(fm);
}

#define ALL (SL_BORROW_ASSESS | SL_BORROW_PLACE | SL_BORROW_GROUP)
#define TO_PLACE (SL_BORROW_ASSESS | SL_BORROW_PLACE)

typedef struct override_case {
    const char *set;
    unsigned borrowed;
    size_t kept; /* origins whose groups a group stage that runs keeps */
} override_case;

static void check_overrides(const source *src, const override_case *cases, size_t n,
                            const char *left_out)
{
    sl_model *bm = th_load_or_fail(src->path, src->n_memfiles, src->memfiles, 0, NULL);
    sl_plan_options o = options(bm->seed);
    sl_plan *base = NULL;
    assert_int_equal(sl_plan_run(&base, bm, &o, NULL), 0);
    for (size_t i = 0; i < n; i++)
        same_as_fresh(src, base, cases[i].set, bm->seed, cases[i].borrowed, cases[i].kept);
    /* another seed: the grouping is seeded, so group runs again */
    same_as_fresh(src, base, "deadline=2028-06-30", bm->seed + 1, TO_PLACE, 0);
    /* an agency that stays out: a placement of its own, every stage runs */
    char out[128];
    snprintf(out, sizeof out, "agencies.%s.joins=false", left_out);
    same_as_fresh(src, base, out, bm->seed, 0, 0);
    sl_plan_free(base);
    sl_model_free(bm);
}

static void demo_replans_are_fresh_plans(void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    source src = {demo->files[0].path, demo->n_files, demo->files};
    static const override_case cases[] = {
        {NULL, ALL, 0},
        {"deadline=2028-06-30", ALL, 0},
        {"windows.max_critical_groups=2", ALL, 0},
        {"agencies.SKV.budget=80000000", ALL, 0},
        {"gates.UNION.pass_probability=0.5", ALL, 0},
        {"verdict.go_p_on_time=0.6", ALL, 0},
        {"risks.R-STAFF.likelihood=2", ALL, 0},
        {"agencies.SKV.staff.migration_hours_per_week=400", TO_PLACE, 1},
        {"agencies.AGY.staff.migration_hours_per_week=30", TO_PLACE, 2},
        {"windows.max_workloads=12", TO_PLACE, 0},
        {"migration.hard_edge_mbps=20", TO_PLACE, 0},
        {"cost.rack_cost_per_year=90000", SL_BORROW_ASSESS, 3},
        {"cost.depreciation_years=3", SL_BORROW_ASSESS, 3},
        {"gates.HARDWARE.lead_time_months=9", SL_BORROW_ASSESS, 3},
        {"pools.cpu_overcommit=2", 0, 3},
        /* workloads one agency leaves behind: the other's groups kept */
        {"agencies.SKV.stays=[{tiers: [1], disposition: stay, why: left}]", 0, 1},
        {"agencies.AGY.stays=[{tiers: [3], disposition: stay, why: left}]", 0, 2},
        {"migration.default_method=replatform", 0, 0}, /* the workloads' methods: not the base's */
    };
    check_overrides(&src, cases, sizeof cases / sizeof cases[0], "AGY");
    sl_demo_free(demo);
}

static void small_replans_are_fresh_plans(void **state)
{
    (void)state;
    source src = {"small/scenario.yaml", 0, NULL};
    static const override_case cases[] = {
        {NULL, ALL, 0},
        {"deadline=2027-03-31", ALL, 0},
        {"agencies.A.staff.migration_hours_per_week=15", TO_PLACE, 0},
        {"agencies.A.staff.ops_fte=1", TO_PLACE, 2},
        {"migration.hard_edge_mbps=1", TO_PLACE, 2},
        {"sites.T.capacity.racks=20", 0, 2},
    };
    check_overrides(&src, cases, sizeof cases / sizeof cases[0], "A");
}

/* The workspace keeps a base plan per seed: its re-plans borrow from it
 * and write what a fresh load and full run write. */
static void workspace_replans_are_fresh_plans(void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    source src = {demo->files[0].path, demo->n_files, demo->files};
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = demo->files;
    sl_workspace *ws = NULL;
    assert_int_equal(sl_workspace_open(&ws, src.path, &lo, NULL), 0);
    static const struct {
        const char *set;
        uint64_t seed;
        unsigned borrowed;
    } cases[] = {
        {"deadline=2028-06-30", 2014, ALL},
        {"agencies.SKV.staff.migration_hours_per_week=400", 2014, TO_PLACE},
        {"deadline=2028-12-31", 99, ALL}, /* a new base at the new seed */
        {"cost.rack_cost_per_year=90000", 99, SL_BORROW_ASSESS},
        {"pools.cpu_overcommit=2", 99, 0},
    };
    sl_variant *v[sizeof cases / sizeof cases[0]];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_plan_options o = options(cases[i].seed);
        assert_int_equal(sl_workspace_plan(&v[i], ws, 1, &cases[i].set, &o, NULL), 0);
        if (v[i]->plan->borrowed != cases[i].borrowed)
            fail_msg("%s: borrowed %#x, want %#x", cases[i].set, v[i]->plan->borrowed,
                     cases[i].borrowed);
        sl_model *fm = th_load_or_fail(src.path, src.n_memfiles, src.memfiles, 1, &cases[i].set);
        sl_plan *fresh = NULL;
        assert_int_equal(sl_plan_run(&fresh, fm, &o, NULL), 0);
        char *want = th_plan_json(fresh), *got = th_plan_json(v[i]->plan);
        th_assert_same_doc(want, got, cases[i].set);
        free(want);
        free(got);
        sl_plan_free(fresh);
        sl_model_free(fm);
    }
    /* variants that borrow from the first base outlive its replacement */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        sl_variant_free(v[i]);
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

/* The demo's document written fresh with sets, against the re-plan with
 * the same sets that borrows from base (planned with other sets), the
 * lists' difference deciding what it borrows (sl_rerun_changed). */
static void chained_as_fresh(const source *src, const sl_load_options *lo, const sl_plan *base,
                             const char *const *sets, size_t n, const char *const *changed,
                             size_t n_changed, unsigned want_borrowed)
{
    sl_model *fm = th_load_or_fail(src->path, src->n_memfiles, src->memfiles, n, sets);
    sl_plan_options o = options(fm->seed);
    sl_plan *fresh = NULL;
    assert_int_equal(sl_plan_run(&fresh, fm, &o, NULL), 0);
    char *want = th_plan_json(fresh);
    o.reuse_from = base;
    sl_model *rm = NULL;
    sl_plan *reused = NULL;
    sl_arena *a = sl_arena_new();
    const char *err = NULL;
    assert_int_equal(
        sl_rerun_changed(&rm, &reused, src->path, lo, sets, n, changed, n_changed, &o, a, &err), 0);
    if (reused->borrowed != want_borrowed)
        fail_msg("%s: borrowed %#x, want %#x", sets[n - 1], reused->borrowed, want_borrowed);
    char *got = th_plan_json(reused);
    th_assert_same_doc(want, got, sets[n - 1]);
    free(got);
    free(want);
    sl_arena_free(a);
    sl_plan_free(reused);
    sl_model_free(rm);
    sl_plan_free(fresh);
    sl_model_free(fm);
}

/* A round of the review after another: the same workloads left behind
 * (a stays override, which reaches every stage) and more hours, or a
 * deadline besides, borrow the last round's early stages; a scope that
 * changes borrows nothing. */
static void chained_replans_are_fresh_plans(void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    source src = {demo->files[0].path, demo->n_files, demo->files};
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = demo->files;
    const char *stays = "agencies.SKV.stays=[{tiers: [1], disposition: stay, why: left}]";
    const char *first[] = {"agencies.SKV.staff.migration_hours_per_week=40", stays};
    sl_model *bm = th_load_or_fail(src.path, src.n_memfiles, src.memfiles, 2, first);
    sl_plan_options o = options(bm->seed);
    sl_plan *base = NULL;
    assert_int_equal(sl_plan_run(&base, bm, &o, NULL), 0);
    /* its assessment declares the tier-1 workloads: not the demo's own */
    size_t declared = base->assessment->disposition_count[SL_DISPOSITION_STAY];
    assert_true(declared > 0);

    const char *more[] = {"agencies.SKV.staff.migration_hours_per_week=80", stays};
    const char *more_diff[] = {more[0], first[0]};
    chained_as_fresh(&src, &lo, base, more, 2, more_diff, 2, TO_PLACE);

    const char *later[] = {first[0], stays, "deadline=2029-06-30"};
    chained_as_fresh(&src, &lo, base, later, 3, later + 2, 1, ALL);

    const char *other = "agencies.SKV.stays=[{tiers: [1, 2], disposition: stay, why: left}]";
    const char *wider[] = {first[0], other};
    const char *wider_diff[] = {other, stays};
    chained_as_fresh(&src, &lo, base, wider, 2, wider_diff, 2, 0);
    sl_plan_free(base);
    sl_model_free(bm);
    sl_demo_free(demo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stage_of_paths),
        cmocka_unit_test(demo_replans_are_fresh_plans),
        cmocka_unit_test(small_replans_are_fresh_plans),
        cmocka_unit_test(workspace_replans_are_fresh_plans),
        cmocka_unit_test(chained_replans_are_fresh_plans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
