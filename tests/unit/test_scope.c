/* SPDX-License-Identifier: MIT */
/*
 * Scope levers (scope.c): which gates' workloads are left behind, worked
 * out by hand on a small scenario; the stays override and its text; the
 * override read back declares exactly the same workloads, with every
 * field and reason; the review verifies the lever by a re-run, declares
 * workloads that cannot move, and says why when a gate holds everything.
 */
#include "helpers.h"

#include "scope.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sixty workloads of A in one hall, no flows (each its own move group),
 * plenty of hours and time. Four gates, all open from the start:
 *   LEGAL  legal_tags x (i % 6 == 0: 10 workloads)     passes with P 0.6
 *   CLASS  classified   (i % 10 == 1: 6 workloads)      P 0.8
 *   TIER1  tier 1       (i < 12: 12 workloads)          P 0.9
 *   ALL    every workload of A                          P 0.99
 * Overlaps: w00, w06 carry x and tier 1; w01, w11 classified and tier 1.
 * %s adds the verdict's max_blocked_share. */
static const char gates_scenario[] =
    "samlok: 1\nname: scope\nstart: 2026-01-05\ndeadline: 2029-12-31\nhorizon_years: 5\n"
    "seed: 11\n"
    "agencies:\n  - {id: H, role: host}\n"
    "  - id: A\n    role: joining\n"
    "    staff: {ops_fte: 12, fte_cost_per_year: 100000, fte_after: 2,\n"
    "            migration_hours_per_week: 200, cost_per_hour: 100}\n"
    "    inventory: inv.csv\n"
    "sites:\n  - {id: T, owner: H, role: target, pue: 1, energy_price: 0, energy_tax: 0}\n"
    "  - {id: S, owner: A, role: source, rent_per_year: 100000, pue: 1.5, it_kw: 10,\n"
    "     energy_price: 0.5, energy_tax: 0}\n"
    "host_models: [{id: HM, cores: 32, ram_gb: 256, price: 50000, watts: 100, rack_units: 1}]\n"
    "pools: {ha_spare_hosts: 0}\n"
    "windows:\n  weekly: [{day: saturday, start: \"00:00\", hours: 24}]\n"
    "migration:\n  methods: [{id: rehost, effort_hours: {min: 1, likely: 2, max: 4},\n"
    "                         failure_rate: 0.1}]\n"
    "gates:\n"
    "  - {id: LEGAL, name: Legal basis, kind: legal, lead_time_months: 0,\n"
    "     pass_probability: 0.6, applies_to: {legal_tags: [x]}}\n"
    "  - {id: CLASS, kind: security, lead_time_months: 0, pass_probability: 0.8,\n"
    "     applies_to: {security_classes: [classified]}}\n"
    "  - {id: TIER1, kind: other, lead_time_months: 0, pass_probability: 0.9,\n"
    "     applies_to: {tiers: [1]}}\n"
    "  - {id: ALL, kind: staff, lead_time_months: 0, pass_probability: 0.99,\n"
    "     applies_to: {agencies: [A]}}\n"
    "verdict: {max_blocked_share: %s}\n";

static char gates_inventory[8192];

static const char *gates_inv(void)
{
    if (!gates_inventory[0]) {
        size_t len =
            (size_t)snprintf(gates_inventory, sizeof gates_inventory,
                             "id,agency,site,vcpu,ram_gb,security_class,legal_tags,tier\n");
        for (int i = 0; i < 60; i++)
            len += (size_t)snprintf(
                gates_inventory + len, sizeof gates_inventory - len, "w%02d,A,S,2,4,%s,%s,%d\n", i,
                i % 10 == 1 ? "classified" : "open", i % 6 == 0 ? "x" : "", i < 12 ? 1 : 3);
    }
    return gates_inventory;
}

typedef struct fixture {
    char scenario[8192];
    sl_memfile files[2];
    sl_load_options lo;
    sl_model *m;
    sl_plan *p;
} fixture;

static void load_plan(fixture *f, const char *scenario, const char *inventory, size_t n_sets,
                      const char *const *sets, long iterations)
{
    snprintf(f->scenario, sizeof f->scenario, "%s", scenario);
    f->files[0] = (sl_memfile){"s/scenario.yaml", f->scenario, strlen(f->scenario)};
    f->files[1] = (sl_memfile){"s/inv.csv", inventory, strlen(inventory)};
    f->lo = (sl_load_options)SL_LOAD_OPTIONS_INIT;
    f->lo.n_memfiles = 2;
    f->lo.memfiles = f->files;
    f->lo.n_sets = n_sets;
    f->lo.sets = sets;
    sl_diag *d = sl_diag_new();
    if (sl_model_load(&f->m, "s/scenario.yaml", &f->lo, d)) {
        char *t = th_diag_text(d);
        fail_msg("load failed: %s", t);
    }
    sl_diag_free(d);
    sl_plan_options po = SL_PLAN_OPTIONS_INIT;
    po.iterations = iterations;
    po.threads = 2;
    assert_int_equal(sl_plan_run(&f->p, f->m, &po, NULL), 0);
}

static void gates_plan(fixture *f, const char *max_blocked, size_t n_sets, const char *const *sets)
{
    char text[8192];
    snprintf(text, sizeof text, gates_scenario, max_blocked);
    load_plan(f, text, gates_inv(), n_sets, sets, 5000);
}

static void fixture_free(fixture *f)
{
    sl_plan_free(f->p);
    sl_model_free(f->m);
}

static uint64_t gate_bits(const sl_model *m, const char *const *ids, size_t n)
{
    uint64_t out = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < m->n_gates; k++)
            if (strcmp(m->gates[k].id, ids[i]) == 0)
                out |= (uint64_t)1 << k;
    return out;
}

/* The gates sl_scope_gates picks for A at a max_blocked_share. */
static uint64_t chosen(const char *max_blocked, bool *found, const char **why, sl_arena *ar)
{
    fixture f;
    gates_plan(&f, max_blocked, 0, NULL);
    sl_scope s = {0};
    sl_phrase ph;
    assert_int_equal(sl_scope_gates(&s, found, &ph, f.p, 1, ar), 0);
    /* said in English, into ar: the plan's arena goes with the fixture */
    *why = ph.tmpl ? sl_phrase_text(ar, &ph, NULL, NULL) : NULL;
    if (ph.tmpl)
        assert_non_null(*why);
    fixture_free(&f);
    return s.gates;
}

/* Expected share held back, by hand: a workload is held back unless
 * every gate on it passes (each its own group). Per workload, 1 - 0.99 x
 * the pass probabilities of its other gates:
 *   w00, w06 (x, tier 1)         1 - .99 x .6 x .9 = .4654   x 2
 *   w01, w11 (classified, t1)    1 - .99 x .8 x .9 = .2872   x 2
 *   8 more of tier 1             1 - .99 x .9      = .109    x 8
 *   8 more with x                1 - .99 x .6      = .406    x 8
 *   4 more classified            1 - .99 x .8      = .208    x 4
 *   36 with no other gate        .01                         x 36
 * sum 6.8172 of 60: 11.36 %. Leaving gates behind (workloads left):
 *   LEGAL 10 -> 2.6384 / 60 = 4.40 %    CLASS 6 -> 9.02 %   TIER1 12 -> 7.40 %
 *   LEGAL+CLASS 16 -> 2.05 %   LEGAL+TIER1 20 -> 1.99 %   CLASS+TIER1 16 -> 6.01 %
 *   all three 24 -> 0.60 %; ALL holds everything and stays: 0.60 % at best. */
static void test_scope__picks_the_gates_that_leave_fewest_workloads_behind(void **state)
{
    (void)state;
    fixture f;
    gates_plan(&f, "0.06", 0, NULL);
    /* the hand computation's premise: every workload its own group, all
     * scheduled; and the simulation agrees with it */
    assert_int_equal(f.p->grouping->n_groups, 60);
    assert_int_equal(f.p->schedule->per_agency[1].n_moved, 60);
    assert_true(fabs(f.p->simulation->per_agency[1].blocked_share - 6.8172 / 60) < 0.01);
    assert_int_equal(sl_scope_partial_gates(f.p, 1),
                     gate_bits(f.m, (const char *[]){"LEGAL", "CLASS", "TIER1"}, 3));
    fixture_free(&f);

    sl_arena *ar = sl_arena_new();
    bool found;
    const char *why;
    /* within 6 %: LEGAL alone (10 left, 4.40 %) beats every other set */
    uint64_t g = chosen("0.06", &found, &why, ar);
    assert_true(found);
    assert_null(why);
    assert_int_equal(g, (uint64_t)1 << 0);
    /* within 3 %: LEGAL+CLASS (16 left, 2.05 %), not LEGAL+TIER1 (20) */
    g = chosen("0.03", &found, &why, ar);
    assert_true(found);
    assert_int_equal(g, ((uint64_t)1 << 0) | ((uint64_t)1 << 1));
    /* within 1.9 %: LEGAL+TIER1 (1.99 %) is not; all three (0.60 %) */
    g = chosen("0.019", &found, &why, ar);
    assert_true(found);
    assert_int_equal(g, 7);
    /* within 0.5 %: ALL alone holds back 1 %: no lever, and why */
    g = chosen("0.005", &found, &why, ar);
    assert_false(found);
    assert_int_equal(g, 0);
    assert_non_null(why);
    assert_true(th_contains(why, "gate ALL holds every one of A's 60 workloads that would move "
                                 "(leaving them all behind is not joining); it is refused with "
                                 "P 1.0%, which alone holds back 1.0% of its workloads on "
                                 "average, above the 0.5% a go allows"));
    sl_arena_free(ar);
}

/* A gate that never passes makes P(allowed) 0: it is always left behind.
 * With CLASS at 0, the sets that hold it: CLASS 9.02 %, CLASS+TIER1
 * 6.01 % (above 6 %), CLASS+LEGAL 2.05 % (16 left): that one. */
static void test_scope__a_gate_that_never_passes_is_always_left_behind(void **state)
{
    (void)state;
    const char *sets[] = {"gates.CLASS.pass_probability=0"};
    fixture f;
    gates_plan(&f, "0.06", 1, sets);
    const sl_verdict *v = sl_plan_verdict(f.p, 1);
    assert_int_equal(v->verdict, SL_VERDICT_NO_GO);
    sl_arena *ar = sl_arena_new();
    sl_scope s = {0};
    bool found;
    sl_phrase why;
    assert_int_equal(sl_scope_gates(&s, &found, &why, f.p, 1, ar), 0);
    assert_true(found);
    assert_int_equal(s.gates, gate_bits(f.m, (const char *[]){"LEGAL", "CLASS"}, 2));
    sl_arena_free(ar);
    fixture_free(&f);
}

/* The review's lever: one stays override, its text, and a re-run that
 * declares exactly the ten workloads LEGAL holds. */
static void test_scope__the_review_leaves_a_gates_workloads_behind_and_verifies_it(void **state)
{
    (void)state;
    fixture f;
    gates_plan(&f, "0.06", 0, NULL);
    const sl_verdict *v = sl_plan_verdict(f.p, 1);
    assert_int_equal(v->verdict, SL_VERDICT_CONDITIONAL);
    assert_int_equal(sl_plan_review(f.p, "s/scenario.yaml", &f.lo, NULL), 0);
    const sl_to_go *t = &f.p->review->to_go[1];
    assert_true(t->is_reviewed);
    assert_int_equal(t->n_levers, 1);
    assert_string_equal(t->levers[0].rule, "gates");
    assert_string_equal(t->levers[0].text, "A leaves behind the 10 workloads held by gate LEGAL, "
                                           "declared to stay (16.7% of its 60 workloads)");
    assert_string_equal(t->levers[0].set,
                        "agencies.A.stays=[{legal_tags: [\"x\"], disposition: stay, why: "
                        "\"left behind: gate LEGAL (Legal basis) may be refused (P 40%)\"}]");
    for (size_t i = 0; i < t->n_missing; i++)
        assert_true(strcmp(t->missing[i].code, "blocked_share_high") != 0);
    assert_null(t->no_scope);

    /* applied by hand: exactly the workloads with the tag are declared,
     * LEGAL holds none of A's workloads any more, and the gates rule no
     * longer objects */
    fixture g;
    char text[8192];
    snprintf(text, sizeof text, gates_scenario, "0.06");
    const char *sets[] = {t->levers[0].set};
    load_plan(&g, text, gates_inv(), 1, sets, 5000);
    for (size_t i = 0; i < g.m->n_workloads; i++) {
        bool tagged = i % 6 == 0;
        assert_int_equal(g.p->assessment->workloads[i].disposition,
                         tagged ? SL_DISPOSITION_STAY : SL_DISPOSITION_MOVE);
    }
    assert_int_equal(g.p->schedule->per_agency[1].n_declared, 10);
    const sl_verdict *gv = sl_plan_verdict(g.p, 1);
    assert_int_equal(gv->verdict, t->verdict);
    for (size_t i = 0; i < gv->n_reasons; i++) {
        assert_true(strcmp(gv->reasons[i].code, "blocked_share_high") != 0);
        assert_null(strstr(gv->reasons[i].text, "gate LEGAL"));
    }
    for (size_t i = 0; i < g.p->risk->n_risks; i++)
        assert_true(g.p->risk->risks[i].gate == SL_NONE ||
                    strcmp(g.m->gates[g.p->risk->risks[i].gate].id, "LEGAL") != 0);
    fixture_free(&g);
    fixture_free(&f);
}

/* The host-wide gate holds every workload: no scope lever, and the
 * review says why instead of offering to leave everything behind. */
static void test_scope__no_lever_when_a_gate_holds_everything(void **state)
{
    (void)state;
    const char *sets[] = {"gates=[{id: ALL, kind: staff, lead_time_months: 0, "
                          "pass_probability: 0.9, applies_to: {agencies: [A]}}]"};
    fixture f;
    gates_plan(&f, "0.06", 1, sets);
    assert_int_equal(sl_plan_verdict(f.p, 1)->verdict, SL_VERDICT_CONDITIONAL);
    assert_int_equal(sl_scope_partial_gates(f.p, 1), 0);
    assert_int_equal(sl_plan_review(f.p, "s/scenario.yaml", &f.lo, NULL), 0);
    const sl_to_go *t = &f.p->review->to_go[1];
    assert_int_equal(t->n_levers, 0);
    assert_int_equal(t->runs, 0);
    assert_non_null(t->no_scope);
    assert_true(th_contains(t->no_scope, "leaving workloads behind cannot lift the gates rule: "
                                         "gate ALL holds every one of A's 60 workloads"));
    assert_true(th_contains(t->no_scope, "refused with P 10.0%"));
    fixture_free(&f);
}

/* The accounted rule. Without gates, and with a target that takes only
 * open workloads, the six classified ones are not ready: the review
 * declares them to stay, after the item the scenario (here an override)
 * already has, which keeps its disposition and reason; the re-run is go. */
static void test_scope__the_review_declares_the_workloads_that_cannot_move(void **state)
{
    (void)state;
    const char *sets[] = {
        "gates=[]", "security_classes=[open, classified]", "sites.T.security_classes=[open]",
        "agencies.A.stays=[{ids: [w59], disposition: retire, why: old box}]", NULL};
    fixture f;
    gates_plan(&f, "0", 4, sets);
    const sl_verdict *v = sl_plan_verdict(f.p, 1);
    assert_int_equal(v->verdict, SL_VERDICT_CONDITIONAL);
    assert_int_equal(f.p->schedule->per_agency[1].n_unmovable, 6);
    assert_int_equal(sl_plan_review(f.p, "s/scenario.yaml", &f.lo, NULL), 0);
    const sl_to_go *t = &f.p->review->to_go[1];
    assert_int_equal(t->n_levers, 1);
    assert_string_equal(t->levers[0].rule, "accounted");
    assert_string_equal(t->levers[0].text,
                        "A declares the 6 workloads that cannot move to stay in their halls "
                        "(not ready: w01, w11, w21, w31, w41, w51)");
    assert_string_equal(t->levers[0].set,
                        "agencies.A.stays=[{ids: [\"w59\"], disposition: retire, why: \"old "
                        "box\"}, {ids: [\"w01\", \"w11\", \"w21\", \"w31\", \"w41\", "
                        "\"w51\"], disposition: stay, why: \"cannot move: not ready\"}]");
    assert_true(t->is_verified);
    assert_int_equal(t->verdict, SL_VERDICT_GO);
    assert_null(t->no_scope);

    fixture g;
    sets[4] = t->levers[0].set;
    gates_plan(&g, "0", 5, sets);
    for (size_t i = 0; i < g.m->n_workloads; i++)
        assert_int_equal(g.p->assessment->workloads[i].disposition,
                         i % 10 == 1 ? SL_DISPOSITION_STAY
                         : i == 59   ? SL_DISPOSITION_RETIRE
                                     : SL_DISPOSITION_MOVE);
    assert_int_equal(g.p->schedule->per_agency[1].n_unmovable, 0);
    fixture_free(&g);
    fixture_free(&f);
}

/* Stays items of every kind, with reasons YAML would misread unquoted,
 * in two halls. */
static const char trip_scenario[] =
    "samlok: 1\nname: trip\nstart: 2026-01-05\ndeadline: 2029-12-31\n"
    "agencies:\n  - {id: H, role: host}\n"
    "  - id: A\n    role: joining\n"
    "    staff: {migration_hours_per_week: 200}\n"
    "    inventory: inv.csv\n"
    "    stays:\n"
    "      - {ids: [w58, w59], disposition: retire,\n"
    "         why: \"a \\\"quoted\\\" why: with \\\\ a backslash,\\ta tab and\\na newline; \\u00e9 "
    "\\u2028 \\x85 \\x01 end\"}\n"
    "      - {apps: [\"1.5\"], envs: [\"no\"], sites: [S2], disposition: replace,\n"
    "         why: 'single ''quoted'' text'}\n"
    "      - {security_classes: [restricted], legal_tags: [y, z], tiers: [1, 2], why: \"yes\"}\n"
    "      - {envs: [\"null\"], why: '#no comment, [no list], {no map}: & * ! | > % @ `'}\n"
    "sites:\n  - {id: T, owner: H, role: target}\n"
    "  - {id: S, owner: A, role: source}\n"
    "  - {id: S2, owner: A, role: source}\n"
    "host_models: [{id: HM, cores: 32, ram_gb: 256, price: 50000, watts: 100, rack_units: 1}]\n"
    "windows:\n  weekly: [{day: saturday, start: \"00:00\", hours: 24}]\n"
    "migration:\n  methods: [{id: rehost, effort_hours: 2}]\n";

static char trip_inventory[8192];

static const char *trip_inv(void)
{
    if (!trip_inventory[0]) {
        size_t len = (size_t)snprintf(trip_inventory, sizeof trip_inventory,
                                      "id,agency,site,app,env,vcpu,ram_gb,security_class,"
                                      "legal_tags,tier\n");
        for (int i = 0; i < 60; i++)
            len += (size_t)snprintf(trip_inventory + len, sizeof trip_inventory - len,
                                    "w%02d,A,%s,%s,%s,2,4,%s,%s,%d\n", i, i % 2 ? "S2" : "S",
                                    i % 3 ? "web" : "1.5",
                                    i % 5 == 0   ? "no"
                                    : i % 7 == 0 ? "null"
                                                 : "prod",
                                    i % 4 == 0 ? "restricted" : "open",
                                    i % 8 == 0   ? "y"
                                    : i % 9 == 0 ? "q;z"
                                                 : "",
                                    1 + i % 4);
    }
    return trip_inventory;
}

/* Rendered back and read again, the agency's items declare exactly the
 * same workloads with the same disposition and reason, and render the
 * same once more. */
static void test_scope__the_stays_override_reads_back_as_the_same_declarations(void **state)
{
    (void)state;
    fixture f;
    load_plan(&f, trip_scenario, trip_inv(), 0, NULL, 100);
    const sl_agency *ag = &f.m->agencies[1];
    assert_int_equal(ag->n_stays, 4);
    assert_non_null(strstr(ag->stays[0].why, "\xe2\x80\xa8"));
    assert_non_null(strstr(ag->stays[0].why, "\xc2\x85"));
    sl_arena *ar = sl_arena_new();
    sl_scope none = {0};
    const char *text, *set, *rule;
    size_t left;
    sl_phrase ph;
    assert_int_equal(sl_scope_lever(&ph, &text, &set, &rule, &left, f.p, 1, &none, ar), 0);
    assert_int_equal(left, 0);
    /* nothing more left behind: one sentence, its English rendered from the phrase */
    assert_string_equal(ph.tmpl, "{agency} leaves nothing more behind");
    char want[128];
    snprintf(want, sizeof want, "%s leaves nothing more behind", f.m->agencies[1].id);
    assert_string_equal(text, want);
    size_t declared = 0;
    for (size_t i = 0; i < f.m->n_workloads; i++)
        declared += f.p->assessment->workloads[i].disposition != SL_DISPOSITION_MOVE;
    /* each kind of item selects some (and not all) workloads */
    assert_true(declared > 4 && declared < 60);

    fixture g;
    const char *sets[] = {set};
    load_plan(&g, trip_scenario, trip_inv(), 1, sets, 100);
    assert_int_equal(g.m->agencies[1].n_stays, 4);
    for (size_t i = 0; i < f.m->n_workloads; i++) {
        const sl_workload_assessment *x = &f.p->assessment->workloads[i];
        const sl_workload_assessment *y = &g.p->assessment->workloads[i];
        assert_int_equal(x->disposition, y->disposition);
        assert_int_equal(x->stay_rule, y->stay_rule);
        if (x->stay_rule != SL_NONE)
            assert_string_equal(ag->stays[x->stay_rule].why,
                                g.m->agencies[1].stays[y->stay_rule].why);
    }
    const char *again;
    assert_int_equal(sl_scope_lever(&ph, &text, &again, &rule, &left, g.p, 1, &none, ar), 0);
    assert_string_equal(again, set);
    fixture_free(&g);
    sl_arena_free(ar);
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scope__picks_the_gates_that_leave_fewest_workloads_behind),
        cmocka_unit_test(test_scope__a_gate_that_never_passes_is_always_left_behind),
        cmocka_unit_test(test_scope__the_review_leaves_a_gates_workloads_behind_and_verifies_it),
        cmocka_unit_test(test_scope__no_lever_when_a_gate_holds_everything),
        cmocka_unit_test(test_scope__the_review_declares_the_workloads_that_cannot_move),
        cmocka_unit_test(test_scope__the_stays_override_reads_back_as_the_same_declarations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
