/* SPDX-License-Identifier: MIT */
/*
 * Workspace: a re-plan is the plan a fresh load with the same --set gives
 * (byte for byte in the plan document), and with its review the plan
 * `samlok plan` writes; neither reads a file after opening; a re-plan
 * stops when cancelled and is unchanged by a cancel flag that never
 * fires; the controls and the check of overrides; the exported scenario
 * plans as its variant; and an agency that stays out (joins: false)
 * moves nothing and pays nothing of the shared platform.
 */
#include "helpers.h"
#include "model/model.h"

#include <jansson.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ITERATIONS 400

static sl_demo *demo_files(void)
{
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    return demo;
}

static sl_workspace *open_demo(const sl_demo *demo, size_t n_sets, const char *const *sets)
{
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = demo->files;
    lo.n_sets = n_sets;
    lo.sets = sets;
    sl_diag *d = sl_diag_new();
    sl_workspace *ws = NULL;
    int rc = sl_workspace_open(&ws, demo->files[0].path, &lo, d);
    if (rc) {
        char *t = th_diag_text(d);
        fail_msg("open: %s", t);
    }
    sl_diag_free(d);
    return ws;
}

static sl_plan_options options(int threads)
{
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    o.iterations = ITERATIONS;
    o.threads = threads;
    return o;
}

/* What sl_model_load + sl_plan_run give: `samlok plan` with --set. */
static char *fresh_plan_json(const sl_demo *demo, size_t n_sets, const char *const *sets,
                             int threads)
{
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = demo->files;
    lo.n_sets = n_sets;
    lo.sets = sets;
    sl_model *m = NULL;
    assert_int_equal(sl_model_load(&m, demo->files[0].path, &lo, NULL), 0);
    sl_plan_options o = options(threads);
    sl_plan *p = NULL;
    assert_int_equal(sl_plan_run(&p, m, &o, NULL), 0);
    char *json = th_plan_json(p);
    sl_plan_free(p);
    sl_model_free(m);
    return json;
}

/* The variant's plan document is the fresh one's, byte for byte; frees v. */
static void assert_fresh_plan(sl_variant *v, const sl_demo *demo, size_t n_sets,
                              const char *const *sets, int threads)
{
    char *got = th_plan_json(v->plan), *want = fresh_plan_json(demo, n_sets, sets, threads);
    assert_string_equal(got, want);
    free(got);
    free(want);
    sl_variant_free(v);
}

static void test_workspace__replan_is_a_fresh_load_and_plan_with_the_same_sets(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    const char *sets[] = {"agencies.SKV.staff.migration_hours_per_week=410", "deadline=2028-06-30",
                          "gates.LEGAL-CONTENT.pass_probability=0"};
    /* each variant against its own fresh run, another thread count */
    for (size_t n = 0; n <= 3; n++) {
        sl_plan_options o = options(2);
        sl_variant *v = NULL;
        assert_int_equal(sl_workspace_plan(&v, ws, n, sets, &o, NULL), 0);
        assert_int_equal(v->n_sets, n);
        /* none of these sets reaches the files: copied, not read */
        assert_true(sl_model_inputs_copied(v->model));
        assert_fresh_plan(v, demo, n, sets, 1);
    }
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

/* A reviewed variant is the plan `samlok plan` writes: load, run and
 * sl_plan_review over the same files and --set options, byte for byte;
 * the demo's SKV is no_go, so the review re-runs it with its levers and
 * the plan without it. */
static void test_workspace__a_reviewed_variant_is_the_reviewed_fresh_plan(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    const char *sets[] = {"agencies.SKV.staff.migration_hours_per_week=410",
                          "gates.LEGAL-CONTENT.pass_probability=0"};
    sl_plan_options o = options(2);
    sl_variant *v = NULL;
    assert_int_equal(sl_workspace_plan(&v, ws, 2, sets, &o, NULL), 0);
    assert_null(v->plan->review);
    assert_int_equal(sl_workspace_review(ws, v, &o, NULL), 0);
    assert_non_null(v->plan->review);
    assert_true(v->plan->review->without.n_left_out > 0);

    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = demo->files;
    lo.n_sets = 2;
    lo.sets = sets;
    sl_model *m = NULL;
    assert_int_equal(sl_model_load(&m, demo->files[0].path, &lo, NULL), 0);
    sl_plan *p = NULL;
    assert_int_equal(sl_plan_run(&p, m, &o, NULL), 0);
    assert_int_equal(sl_plan_review(p, demo->files[0].path, &lo, NULL), 0);
    char *got = th_plan_json(v->plan), *want = th_plan_json(p);
    assert_string_equal(got, want);
    assert_true(th_contains(got, "\"without_no_go\""));
    free(got);
    free(want);
    sl_plan_free(p);
    sl_model_free(m);
    sl_variant_free(v);
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

static void test_workspace__sets_it_was_opened_with_come_first(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    const char *base[] = {"deadline=2028-06-30"};
    sl_workspace *ws = open_demo(demo, 1, base);
    const sl_control *dl = sl_workspace_find_control(ws, "deadline");
    assert_non_null(dl);
    assert_string_equal(dl->loaded, "2028-06-30");
    const char *sets[] = {"agencies.AGY.budget=5000000"};
    sl_plan_options o = options(2);
    sl_variant *v = NULL;
    assert_int_equal(sl_workspace_plan(&v, ws, 1, sets, &o, NULL), 0);
    const char *both[] = {"deadline=2028-06-30", "agencies.AGY.budget=5000000"};
    assert_fresh_plan(v, demo, 2, both, 2);
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

static void test_workspace__reads_no_file_after_it_opened(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    char *dir = th_write_demo(demo);
    char scn[512], spare[512];
    snprintf(scn, sizeof scn, "%s/scenario.yaml", dir);
    sl_workspace *ws = NULL;
    assert_int_equal(sl_workspace_open(&ws, scn, NULL, NULL), 0);
    /* every file gone from the disk but one, which no control names */
    th_remove_demo(demo, dir);
    dir = th_write_demo(demo);
    snprintf(spare, sizeof spare, "%s/skv-solna.csv", dir);
    sl_plan_options o = options(2);
    sl_variant *v = NULL;
    const char *sets[] = {"deadline=2028-06-30"};
    assert_int_equal(sl_workspace_plan(&v, ws, 1, sets, &o, NULL), 0);
    /* the review's re-runs (SKV's levers, the plan without SKV) too:
     * with the scenario's folder gone, a re-run from disk would fail
     * and warn ("cannot open"), leaving the plan without them */
    sl_diag *rd = sl_diag_new();
    assert_int_equal(sl_workspace_review(ws, v, &o, rd), 0);
    assert_int_equal(sl_diag_count(rd), 0);
    sl_diag_free(rd);
    const sl_model *vm = v->model;
    sl_index skv = sl_model_agency(vm, "SKV");
    assert_non_null(v->plan->review);
    assert_true(v->plan->review->to_go[skv].runs > 0);
    assert_null(v->plan->review->to_go[skv].error);
    assert_int_equal(v->plan->review->without.n_left_out, 1);
    assert_int_equal(v->plan->review->without.left_out[0], skv);
    sl_variant_free(v);
    /* an override naming a file on disk is not read: only memory counts */
    char redirect[600];
    snprintf(redirect, sizeof redirect, "agencies.SKV.inventory=[%s]", spare);
    const char *bad[] = {redirect};
    sl_diag *d = sl_diag_new();
    v = NULL;
    assert_int_equal(sl_workspace_plan(&v, ws, 1, bad, &o, d), SL_EINPUT);
    assert_null(v);
    char *t = th_diag_text(d);
    assert_true(th_contains(t, "no such file"));
    free(t);
    sl_diag_free(d);
    sl_workspace_free(ws);
    th_remove_demo(demo, dir);
    sl_demo_free(demo);
}

typedef struct countdown {
    atomic_long calls;
    long fire_at; /* < 0: never */
} countdown;

static bool count_calls(void *user)
{
    countdown *c = user;
    long n = atomic_fetch_add(&c->calls, 1) + 1;
    return c->fire_at >= 0 && n >= c->fire_at;
}

static void test_workspace__cancel_stops_the_run_and_a_silent_flag_changes_nothing(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    /* asked between stages and per chunk of iterations: firing on call k
     * stops the run wherever that is */
    for (long k = 1; k <= 8; k++) {
        countdown c = {0, k};
        sl_plan_options o = options(2);
        o.iterations = 4000;
        o.is_cancelled = count_calls;
        o.cancel_user = &c;
        sl_variant *v = NULL;
        assert_int_equal(sl_workspace_plan(&v, ws, 0, NULL, &o, NULL), SL_ECANCELLED);
        assert_null(v);
        assert_true(atomic_load(&c.calls) >= k);
    }
    countdown never = {0, -1};
    sl_plan_options o = options(2);
    o.is_cancelled = count_calls;
    o.cancel_user = &never;
    sl_variant *v = NULL;
    assert_int_equal(sl_workspace_plan(&v, ws, 0, NULL, &o, NULL), 0);
    /* the stages and every chunk of ITERATIONS / 64 asked it */
    assert_true(atomic_load(&never.calls) >= 5 + ITERATIONS / 64);
    assert_fresh_plan(v, demo, 0, NULL, 2);
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

static const sl_control *control(const sl_workspace *ws, const char *path, sl_control_kind kind)
{
    const sl_control *c = sl_workspace_find_control(ws, path);
    if (!c)
        fail_msg("no control %s", path);
    assert_int_equal(c->kind, kind);
    return c;
}

static void test_workspace__controls_are_the_deadline_agencies_gates_and_adjustables(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    const sl_control *c = control(ws, "deadline", SL_CONTROL_DATE);
    assert_string_equal(c->loaded, "2027-12-31");
    /* the demo's adjustable deadlines are its suggestions */
    assert_int_equal(c->n_choices, 3);
    assert_string_equal(c->choices[2], "2028-12-31");
    c = control(ws, "agencies.SKV.staff.migration_hours_per_week", SL_CONTROL_NUMBER);
    assert_string_equal(c->loaded, "{min: 180, likely: 260, max: 320}");
    assert_true(c->loaded_number == 260);
    assert_int_equal(c->n_choices, 7); /* 300 to 600 by 50 */
    assert_string_equal(c->choices[0], "300");
    c = control(ws, "agencies.SKV.budget", SL_CONTROL_NUMBER);
    assert_true(c->loaded_number == 45000000);
    c = control(ws, "agencies.AGY.joins", SL_CONTROL_BOOL);
    assert_string_equal(c->loaded, "true");
    c = control(ws, "gates.LEGAL-CONTENT.pass_probability", SL_CONTROL_CHOICE);
    assert_int_equal(c->n_choices, 3);
    assert_string_equal(c->choices[0], "0.6");
    assert_string_equal(c->choices[1], "1");
    assert_string_equal(c->choices[2], "0");
    assert_string_equal(c->choice_labels[2], "refused");
    c = control(ws, "gates.HARDWARE.pass_probability", SL_CONTROL_CHOICE);
    assert_null(c->loaded); /* the scenario leaves it at 1 */
    assert_int_equal(c->n_choices, 2);
    c = control(ws, "windows.max_critical_groups", SL_CONTROL_CHOICE);
    assert_int_equal(c->n_choices, 3);
    assert_string_equal(c->choices[0], "1");
    /* the host is no joining agency: nothing of it is a control */
    assert_null(sl_workspace_find_control(ws, "agencies.HOST.budget"));
    /* 1 deadline + 2 agencies x 3 + 5 gates + 1 adjustable of its own */
    assert_int_equal(sl_workspace_n_controls(ws), 13);
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

/* A label's phrase says the label (English here; po/sv.po's words are
 * checked on the page, tests/serve/check_page_lang.py); a path of the
 * scenario's `adjustable` has no phrase and reads as written. */
static void test_workspace__control_labels_are_phrases_that_say_the_label(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    size_t phrases = 0;
    for (size_t i = 0; i < sl_workspace_n_controls(ws); i++) {
        const sl_control *c = sl_workspace_control(ws, i);
        if (!c->label_phrase.tmpl) {
            assert_string_equal(c->label, c->path);
            continue;
        }
        char *said = sl_phrase_say(&c->label_phrase, NULL, NULL);
        assert_string_equal(said, c->label);
        free(said);
        phrases++;
        for (size_t k = 0; c->choice_labels && k < c->n_choices; k++) {
            said = sl_phrase_say(&c->choice_phrases[k], NULL, NULL);
            assert_string_equal(said, c->choice_labels[k]);
            free(said);
        }
    }
    assert_int_equal(phrases, 12);
    assert_string_equal(sl_workspace_find_control(ws, "windows.max_critical_groups")->label,
                        "windows.max_critical_groups");
    assert_string_equal(sl_workspace_find_control(ws, "deadline")->label, "Deadline");
    const sl_control *c = sl_workspace_find_control(ws, "agencies.SKV.budget");
    assert_string_equal(c->label, "SKV: migration budget, SEK");
    assert_string_equal(c->label_phrase.tmpl, "{agency}: migration budget, {currency}");
    c = sl_workspace_find_control(ws, "gates.LEGAL-CONTENT.pass_probability");
    assert_string_equal(c->label,
                        "LEGAL-CONTENT (Legal basis for host staff access to secret tax data): "
                        "outcome");
    assert_string_equal(c->choice_labels[0], "uncertain: passes with P 0.6 (as the scenario says)");
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

static int check(const sl_workspace *ws, const char *set, char **text)
{
    sl_diag *d = sl_diag_new();
    int rc = sl_workspace_check_set(ws, set, d);
    *text = th_diag_text(d);
    sl_diag_free(d);
    return rc;
}

static void test_workspace__check_set_takes_controls_and_their_values_only(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    static const char *const good[] = {
        "deadline=2029-01-31",
        "agencies.SKV.staff.migration_hours_per_week=410",
        "agencies.SKV.staff.migration_hours_per_week=0.5e3",
        "agencies.SKV.staff.migration_hours_per_week={min: 180, likely: 260, max: 320}",
        "agencies.AGY.budget=0",
        "agencies.SKV.joins=false",
        "gates.LEGAL-CONTENT.pass_probability=0",
        "gates.LEGAL-CONTENT.pass_probability=0.6",
        "gates.HARDWARE.pass_probability=1",
        "windows.max_critical_groups=3",
    };
    char *t;
    for (size_t i = 0; i < SL_ARRAY_LEN(good); i++) {
        if (check(ws, good[i], &t))
            fail_msg("refused %s: %s", good[i], t);
        free(t);
    }
    static const struct {
        const char *set, *says;
    } bad[] = {
        {"agencies.SKV.inventory=[/etc/passwd]", "names files"},
        {"agencies.SKV.inventory.0.file=x.csv", "names files"},
        {"agencies.AGY.flows=other.csv", "names files"},
        {"agencies.SKV.staff.cost_per_hour=1", "is not a control"},
        {"seed=3", "is not a control"},
        {"agencies.HOST.budget=1", "is not a control"},
        {"deadline", "is not PATH=VALUE"},
        {"=2028-01-01", "is not PATH=VALUE"},
        {"deadline=2027-02-30", "takes a date"},
        {"deadline=2028-1-1", "takes a date"},
        {"deadline=*anchor", "takes a date"},
        {"agencies.SKV.staff.migration_hours_per_week=-1", "takes a plain number"},
        {"agencies.SKV.staff.migration_hours_per_week=1e8", "takes a plain number"},
        {"agencies.SKV.staff.migration_hours_per_week=nan", "takes a plain number"},
        {"agencies.SKV.staff.migration_hours_per_week={min: 1, likely: 2, max: 3}",
         "takes a plain number"},
        {"agencies.SKV.staff.migration_hours_per_week=400\n", "takes a plain number"},
        {"agencies.SKV.joins=yes", "takes true or false"},
        {"gates.LEGAL-CONTENT.pass_probability=0.5", "one of its choices"},
        {"windows.max_critical_groups=7", "one of its choices"},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(bad); i++) {
        if (check(ws, bad[i].set, &t) != SL_EUSAGE)
            fail_msg("took %s", bad[i].set);
        assert_true(th_contains(t, bad[i].says));
        free(t);
    }
    assert_true(sl_path_names_file("agencies.SKV.inventory"));
    assert_true(sl_path_names_file("flows"));
    assert_false(sl_path_names_file("agencies.SKV.inventory_note"));
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

/* The plan document without what names the scenario's text: its file and
 * the lines numbers are written at (the assumption log). */
static json_t *plan_doc(const sl_plan *p)
{
    char *text = th_plan_json(p);
    json_t *doc = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(doc);
    json_object_del(doc, "assumptions");
    json_object_del(json_object_get(doc, "scenario"), "file");
    return doc;
}

static void test_workspace__an_exported_scenario_plans_as_its_variant(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    const char *sets[] = {"agencies.SKV.joins=false", "deadline=2028-03-31",
                          "agencies.AGY.staff.migration_hours_per_week=150",
                          "gates.SEC-AGREEMENT.pass_probability=1"};
    sl_plan_options o = options(2);
    sl_variant *v = NULL;
    assert_int_equal(sl_workspace_plan(&v, ws, 4, sets, &o, NULL), 0);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(sl_workspace_export_scenario(&text, &len, ws, 4, sets, NULL), 0);
    assert_int_equal(strlen(text), len);
    assert_true(th_contains(text, "#     --set 'agencies.SKV.joins=false'"));
    assert_true(th_contains(text, "\ndeadline: 2028-03-31\n"));
    /* the exported text, in place of the scenario, next to the same files */
    sl_memfile files[8];
    memcpy(files, demo->files, demo->n_files * sizeof *files);
    files[0].data = text;
    files[0].len = len;
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = files;
    sl_model *m = NULL;
    sl_diag *d = sl_diag_new();
    if (sl_model_load(&m, files[0].path, &lo, d))
        fail_msg("the export does not load: %s\n%s", th_diag_text(d), text);
    sl_diag_free(d);
    sl_plan *p = NULL;
    assert_int_equal(sl_plan_run(&p, m, &o, NULL), 0);
    json_t *a = plan_doc(v->plan), *b = plan_doc(p);
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    sl_plan_free(p);
    sl_model_free(m);
    free(text);
    sl_variant_free(v);
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

static void test_workspace__an_agency_that_stays_out_moves_and_pays_nothing(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    const sl_model *m0 = sl_workspace_model(ws);
    sl_index skv = sl_model_agency(m0, "SKV"), agy = sl_model_agency(m0, "AGY");
    sl_plan_options o = options(2);
    sl_variant *all = NULL, *alone = NULL;
    assert_int_equal(sl_workspace_plan(&all, ws, 0, NULL, &o, NULL), 0);
    const char *sets[] = {"agencies.SKV.joins=false"};
    assert_int_equal(sl_workspace_plan(&alone, ws, 1, sets, &o, NULL), 0);
    const sl_model *m = alone->model;
    const sl_plan *p = alone->plan;
    assert_false(m->agencies[skv].joins);
    assert_true(sl_agency_stays_out(&m->agencies[skv]));
    /* place: none of its workloads on the shared or a separate platform */
    size_t n_skv = 0;
    for (size_t i = 0; i < m->n_workloads; i++) {
        if (m->workloads[i].agency != skv)
            continue;
        n_skv++;
        assert_int_equal(p->placement->shared.workload_host[i], SL_NONE);
    }
    assert_int_equal(n_skv, 1000);
    for (size_t k = 0; k < p->placement->n_separate; k++)
        assert_int_not_equal(p->placement->separate[k].agency, skv);
    /* the agencies that join are placed as before */
    size_t placed_agy = 0;
    for (size_t i = 0; i < m->n_workloads; i++)
        placed_agy += m->workloads[i].agency == agy &&
                      all->plan->placement->shared.workload_host[i] != SL_NONE;
    assert_int_equal(p->placement->n_placed, placed_agy);
    assert_true(p->placement->shared.hosts_total < all->plan->placement->shared.hosts_total);
    /* group and schedule: nothing of it moves, and nothing is missing */
    for (size_t g = 0; g < p->grouping->n_groups; g++)
        assert_int_not_equal(p->grouping->groups[g].agency, skv);
    assert_int_equal(p->schedule->per_agency[skv].n_workloads, 0);
    assert_int_equal(p->schedule->per_agency[skv].n_unscheduled, 0);
    for (size_t i = 0; i < p->schedule->n_unscheduled; i++)
        assert_int_not_equal(m->workloads[p->schedule->unscheduled[i].workload].agency, skv);
    for (size_t w = 0; w < p->schedule->n_waves; w++)
        assert_int_equal(p->schedule->waves[w].workloads_by_agency[skv], 0);
    /* simulate: it spends nothing in any iteration */
    const sl_simulation *s = p->simulation;
    for (long i = 0; i < s->iterations; i++)
        assert_true(s->agency_cost_runs[(size_t)i * m->n_agencies + skv] == 0);
    /* cost: not costed, and it pays no part of the shared platform */
    assert_false(p->cost->per_agency[skv].is_costed);
    const sl_chargeback *cb = &p->cost->chargeback[skv];
    assert_true(cb->share == 0 && cb->fee_per_year == 0 && cb->n_vms == 0);
    for (int y = 0; y < p->cost->n_years; y++)
        assert_true(cb->fee[y] == 0);
    /* the host still recovers the platform from those who join */
    double cost = 0, charged = 0;
    for (int y = 0; y < p->cost->n_years; y++) {
        cost += p->cost->platform_cost[y];
        charged += p->cost->platform_charged[y];
    }
    assert_true(fabs(cost - charged) <= 1e-6 * cost);
    assert_true(p->cost->chargeback[agy].fee_per_year > 0);
    /* risk: a statement, not a verdict */
    const sl_verdict *v = sl_plan_verdict(p, skv);
    assert_int_equal(v->verdict, SL_VERDICT_OUT);
    assert_int_equal(v->n_reasons, 1);
    assert_string_equal(v->reasons[0].code, "stays_out");
    assert_int_equal(v->n_conditions, 0);
    for (size_t r = 0; r < p->risk->n_risks; r++)
        assert_true(p->risk->risks[r].is_declared || p->risk->risks[r].agency != skv);
    assert_string_equal(sl_verdict_name(v->verdict), "out");
    sl_variant_free(all);
    sl_variant_free(alone);
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

static void test_workspace__the_host_cannot_stay_out(void **state)
{
    (void)state;
    sl_demo *demo = demo_files();
    sl_workspace *ws = open_demo(demo, 0, NULL);
    const char *sets[] = {"agencies.HOST.joins=false"};
    sl_diag *d = sl_diag_new();
    sl_variant *v = NULL;
    assert_int_equal(sl_workspace_plan(&v, ws, 1, sets, NULL, d), SL_EINPUT);
    char *t = th_diag_text(d);
    assert_true(th_contains(t, "--set agencies.HOST.joins=false: the host runs the target and "
                               "cannot stay out"));
    free(t);
    sl_diag_free(d);
    sl_workspace_free(ws);
    sl_demo_free(demo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workspace__replan_is_a_fresh_load_and_plan_with_the_same_sets),
        cmocka_unit_test(test_workspace__a_reviewed_variant_is_the_reviewed_fresh_plan),
        cmocka_unit_test(test_workspace__sets_it_was_opened_with_come_first),
        cmocka_unit_test(test_workspace__reads_no_file_after_it_opened),
        cmocka_unit_test(test_workspace__cancel_stops_the_run_and_a_silent_flag_changes_nothing),
        cmocka_unit_test(test_workspace__controls_are_the_deadline_agencies_gates_and_adjustables),
        cmocka_unit_test(test_workspace__control_labels_are_phrases_that_say_the_label),
        cmocka_unit_test(test_workspace__check_set_takes_controls_and_their_values_only),
        cmocka_unit_test(test_workspace__an_exported_scenario_plans_as_its_variant),
        cmocka_unit_test(test_workspace__an_agency_that_stays_out_moves_and_pays_nothing),
        cmocka_unit_test(test_workspace__the_host_cannot_stay_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
