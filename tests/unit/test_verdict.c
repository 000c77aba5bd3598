/* SPDX-License-Identifier: MIT */
/*
 * Verdicts: metamorphic checks on fixed seeds (a later deadline, more staff
 * hours never worsen a verdict), a gate that always fails, the scenario's
 * thresholds deciding, reasons in order of weight, and explain's search.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sixty small workloads, one 24-hour window a week, staff hours that
 * decide whether the move makes a tight deadline. */
static const char scenario[] =
    "samlok: 1\nname: verdicts\nstart: 2026-01-05\ndeadline: 2026-03-01\nhorizon_years: 2\n"
    "seed: 5\n"
    "agencies:\n  - {id: H, role: host}\n"
    "  - id: A\n    role: joining\n"
    "    staff: {ops_fte: 2, fte_cost_per_year: 100000, fte_after: 1,\n"
    "            migration_hours_per_week: 20, cost_per_hour: 100}\n"
    "    inventory: inv.csv\n"
    "sites:\n  - {id: T, owner: H, role: target, pue: 1, energy_price: 0, energy_tax: 0}\n"
    "  - {id: S, owner: A, role: source, rent_per_year: 120000, pue: 1.5, it_kw: 10,\n"
    "     energy_price: 0.5, energy_tax: 0}\n"
    "host_models: [{id: HM, cores: 32, ram_gb: 256, price: 50000, watts: 100, rack_units: 1}]\n"
    "pools: {ha_spare_hosts: 0}\n"
    "windows:\n  weekly: [{day: saturday, start: \"00:00\", hours: 24}]\n"
    "migration:\n  methods: [{id: rehost, effort_hours: {min: 1, likely: 2, max: 4},\n"
    "                         failure_rate: 0.1}]\n"
    "gates:\n  - {id: LEGAL, name: Legal basis, kind: legal, lead_time_months: 0,\n"
    "           pass_probability: 1, applies_to: {legal_tags: [x]}}\n"
    "verdict: {go_p_on_time: 0.8, conditional_p_on_time: 0.5, max_risk_score: 15,\n"
    "          no_go_risk_score: 20}\n"
    "adjustable:\n"
    "  - {path: deadline, values: [2026-03-15, 2026-04-01]}\n"
    "  - {path: agencies.A.staff.migration_hours_per_week, values: [25, 30, 40]}\n";

static char inventory[4096];

static const char *inv(void)
{
    if (!inventory[0]) {
        size_t len = (size_t)snprintf(inventory, sizeof inventory,
                                      "id,agency,site,vcpu,ram_gb,legal_tags\n");
        for (int i = 0; i < 60; i++)
            len += (size_t)snprintf(inventory + len, sizeof inventory - len, "w%02d,A,S,2,4,%s\n",
                                    i, i % 6 == 0 ? "x" : "");
    }
    return inventory;
}

static sl_plan *plan_with(size_t n_sets, const char *const *sets, long iterations)
{
    sl_model *m = NULL;
    char *msgs = NULL;
    int rc = th_load(&m, &msgs, n_sets, sets, 2, "s/scenario.yaml", scenario, "s/inv.csv", inv());
    if (rc)
        fail_msg("load failed: %s", msgs);
    free(msgs);
    sl_plan_options po = SL_PLAN_OPTIONS_INIT;
    po.iterations = iterations;
    po.threads = 2;
    sl_plan *p = NULL;
    assert_int_equal(sl_plan_run(&p, m, &po, NULL), 0);
    return p;
}

static void free_plan(sl_plan *p)
{
    const sl_model *m = p->model;
    sl_plan_free(p);
    sl_model_free((sl_model *)(uintptr_t)m);
}

static const sl_verdict *verdict_of(const sl_plan *p, const char *id)
{
    const sl_verdict *v = sl_plan_verdict(p, sl_model_agency(p->model, id));
    assert_non_null(v);
    return v;
}

static bool has_reason(const sl_verdict_reason *r, size_t n, const char *code, const char *word)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].code, code) == 0 && (!word || strstr(r[i].text, word)))
            return true;
    return false;
}

/* The verdicts along a list of overrides never get worse, and do change. */
static void check_never_worse(const char *const *sets, size_t n, const char *what)
{
    sl_verdict_kind last = SL_VERDICT_NO_GO, first = SL_VERDICT_GO;
    for (size_t i = 0; i < n; i++) {
        sl_plan *p = plan_with(1, &sets[i], 1000);
        sl_verdict_kind v = verdict_of(p, "A")->verdict;
        print_message("%s: %s -> %s (P(on time) %.3f)\n", what, sets[i], sl_verdict_name(v),
                      p->simulation->per_agency[1].p_on_time);
        assert_true(v <= last);
        if (i == 0)
            first = v;
        last = v;
        free_plan(p);
    }
    assert_true(last < first);
}

static void test_verdict__a_later_deadline_never_worsens_it(void **state)
{
    (void)state;
    const char *deadlines[] = {"deadline=2026-02-15", "deadline=2026-03-01", "deadline=2026-03-15",
                               "deadline=2026-04-01", "deadline=2026-06-01"};
    check_never_worse(deadlines, 5, "later deadline");
}

static void test_verdict__more_staff_hours_never_worsen_it(void **state)
{
    (void)state;
    const char *hours[] = {"agencies.A.staff.migration_hours_per_week=10",
                           "agencies.A.staff.migration_hours_per_week=15",
                           "agencies.A.staff.migration_hours_per_week=20",
                           "agencies.A.staff.migration_hours_per_week=25",
                           "agencies.A.staff.migration_hours_per_week=40"};
    check_never_worse(hours, 5, "more staff hours");
}

static void test_verdict__a_gate_that_always_fails_blocks_its_workloads_and_is_named(void **state)
{
    (void)state;
    const char *sets[] = {"agencies.A.staff.migration_hours_per_week=40",
                          "gates.LEGAL.pass_probability=0"};
    /* with the gate passing it is go */
    sl_plan *ok = plan_with(1, sets, 500);
    assert_int_equal(verdict_of(ok, "A")->verdict, SL_VERDICT_GO);
    free_plan(ok);
    sl_plan *p = plan_with(2, sets, 500);
    const sl_sim_outcome *o = &p->simulation->per_agency[1];
    /* 10 of the 60 workloads carry the tag, every iteration */
    assert_true(fabs(o->blocked_share - 10.0 / 60.0) < 1e-12);
    assert_true(o->p_blocked == 1.0);
    const sl_verdict *v = verdict_of(p, "A");
    /* never allowed: the move can never complete */
    assert_true(o->p_allowed == 0.0);
    assert_int_equal(v->verdict, SL_VERDICT_NO_GO);
    assert_true(has_reason(v->reasons, v->n_reasons, "gate_may_fail", "if gate LEGAL"));
    assert_true(has_reason(v->reasons, v->n_reasons, "gates_never_pass", NULL));
    /* a gate's outcome is chance: never proposed as what would make it go */
    for (size_t k = 0; k < v->n_conditions; k++)
        assert_null(strstr(v->conditions[k].text, "LEGAL passe"));
    assert_false(has_reason(v->conditions, v->n_conditions, "gate_passed", NULL));
    free_plan(p);
}

/* Finding 3 of issue 14: a refusal is a gate risk, not lateness. With
 * hours enough to finish early and a gate refused half the time, the
 * schedule rule must see an on-time move (given allowed) and only the
 * gate rule may object, once. */
static void test_verdict__a_refused_gate_is_judged_by_the_gate_rule_not_as_late(void **state)
{
    (void)state;
    const char *sets[] = {"agencies.A.staff.migration_hours_per_week=40",
                          "gates.LEGAL.pass_probability=0.5"};
    sl_plan *p = plan_with(2, sets, 2000);
    const sl_sim_outcome *o = &p->simulation->per_agency[1];
    assert_true(o->p_allowed > 0.45 && o->p_allowed < 0.55);
    assert_true(o->p_on_time_given_allowed > 0.99);
    /* on time = allowed and done by the deadline: the product, exactly */
    assert_true(fabs(o->p_on_time - o->p_allowed * o->p_on_time_given_allowed) < 1e-12);
    assert_true(fabs(p->simulation->per_agency_if_gates_pass[1].p_on_time -
                     o->p_on_time_given_allowed) < 1e-12);
    const sl_verdict *v = verdict_of(p, "A");
    assert_int_equal(v->verdict, SL_VERDICT_CONDITIONAL);
    assert_true(has_reason(v->reasons, v->n_reasons, "blocked_share_high", "allowed"));
    assert_false(has_reason(v->reasons, v->n_reasons, "schedule_p_on_time_low", NULL));
    assert_false(has_reason(v->conditions, v->n_conditions, "schedule_p_on_time", NULL));
    free_plan(p);
    /* and a schedule that is late whatever the gates do is the schedule
     * rule's, with the figure given allowed */
    const char *late[] = {"agencies.A.staff.migration_hours_per_week=15",
                          "gates.LEGAL.pass_probability=0.5"};
    p = plan_with(2, late, 2000);
    o = &p->simulation->per_agency[1];
    v = verdict_of(p, "A");
    char want[64];
    snprintf(want, sizeof want, "with P %.1f%%", 100 * o->p_on_time_given_allowed);
    assert_true(has_reason(v->reasons, v->n_reasons, "schedule_p_on_time_low", want));
    assert_true(has_reason(v->reasons, v->n_reasons, "blocked_share_high", NULL));
    free_plan(p);
}

static void test_verdict__the_scenarios_thresholds_decide(void **state)
{
    (void)state;
    /* P(on time) is about 0.58 at 20 hours a week */
    const char *go[] = {"verdict.go_p_on_time=0.5", "verdict.conditional_p_on_time=0.4"};
    const char *no_go[] = {"verdict.conditional_p_on_time=0.7"};
    sl_plan *a = plan_with(0, NULL, 1000), *b = plan_with(2, go, 1000),
            *c = plan_with(1, no_go, 1000);
    double pt = a->simulation->per_agency[1].p_on_time;
    assert_true(pt > 0.5 && pt < 0.7);
    assert_int_equal(verdict_of(a, "A")->verdict, SL_VERDICT_CONDITIONAL);
    assert_true(has_reason(verdict_of(a, "A")->reasons, verdict_of(a, "A")->n_reasons,
                           "schedule_p_on_time_low", "80%"));
    assert_int_equal(verdict_of(b, "A")->verdict, SL_VERDICT_GO);
    assert_true(has_reason(verdict_of(b, "A")->reasons, verdict_of(b, "A")->n_reasons,
                           "schedule_p_on_time_ok", NULL));
    assert_int_equal(verdict_of(c, "A")->verdict, SL_VERDICT_NO_GO);
    free_plan(a);
    free_plan(b);
    free_plan(c);
}

static void test_verdict__reasons_come_heaviest_first_and_the_host_gets_a_statement(void **state)
{
    (void)state;
    const char *sets[] = {"gates.LEGAL.pass_probability=0.5", "agencies.A.budget=1000"};
    sl_plan *p = plan_with(2, sets, 500);
    const sl_risk_register *r = p->risk;
    for (size_t i = 0; i < r->n_verdicts; i++) {
        const sl_verdict *v = &r->verdicts[i];
        for (size_t k = 1; k < v->n_reasons; k++)
            assert_true(v->reasons[k - 1].weight >= v->reasons[k].weight);
        for (size_t k = 1; k < v->n_conditions; k++)
            assert_true(v->conditions[k - 1].weight >= v->conditions[k].weight);
    }
    const sl_verdict *a = verdict_of(p, "A");
    assert_true(a->n_reasons >= 3);
    assert_true(has_reason(a->reasons, a->n_reasons, "budget_exceeded", NULL));
    const sl_verdict *h = verdict_of(p, "H");
    assert_int_equal(h->verdict, SL_VERDICT_HOST);
    assert_true(has_reason(h->reasons, h->n_reasons, "capacity_fits", NULL));
    assert_true(has_reason(h->reasons, h->n_reasons, "cost_recovered", NULL));
    assert_int_equal(h->n_conditions, 0);
    free_plan(p);
}

static sl_explanation *explain(size_t n_sets, const char *const *sets)
{
    sl_memfile files[2] = {{"s/scenario.yaml", scenario, strlen(scenario)},
                           {"s/inv.csv", inv(), strlen(inv())}};
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = 2;
    lo.memfiles = files;
    lo.n_sets = n_sets;
    lo.sets = sets;
    sl_plan_options po = SL_PLAN_OPTIONS_INIT;
    po.iterations = 500;
    po.threads = 2;
    sl_explain_options eo = SL_EXPLAIN_OPTIONS_INIT;
    eo.iterations = 500;
    sl_diag *d = sl_diag_new();
    sl_explanation *e = NULL;
    int rc = sl_explain_run(&e, "s/scenario.yaml", &lo, "A", &po, &eo, d);
    if (rc) {
        char *t = th_diag_text(d);
        fail_msg("explain failed: %s", t);
    }
    sl_diag_free(d);
    return e;
}

static void test_verdict__explain_finds_the_cheapest_change_that_flips_it(void **state)
{
    (void)state;
    sl_explanation *e = explain(0, NULL);
    assert_true(e->is_searched);
    assert_int_equal(e->baseline, SL_VERDICT_CONDITIONAL);
    assert_int_equal(e->n_run, e->n_candidates);
    /* candidates cheapest first */
    for (size_t k = 1; k < e->n_candidates; k++)
        assert_true(e->candidates[k - 1].distance <= e->candidates[k].distance);
    assert_true(e->flip != SIZE_MAX);
    const sl_explain_candidate *c = &e->candidates[e->flip];
    assert_true(c->flips && c->verdict < e->baseline);
    /* nothing cheaper flips it */
    for (size_t k = 0; k < e->flip; k++)
        assert_false(e->candidates[k].flips);
    assert_string_equal(c->sets[0], "agencies.A.staff.migration_hours_per_week=25");
    /* the same search gives the same answer */
    sl_explanation *again = explain(0, NULL);
    assert_int_equal(again->flip, e->flip);
    for (size_t k = 0; k < e->n_run; k++)
        assert_true(again->candidates[k].p_on_time == e->candidates[k].p_on_time);
    sl_explanation_free(again);
    sl_explanation_free(e);
}

static void test_verdict__explain_says_when_nothing_flips_it(void **state)
{
    (void)state;
    /* a staff cut no listed value undoes, and a gate that always fails:
     * "gate passes" alone is not enough either */
    const char *sets[] = {"agencies.A.staff.migration_hours_per_week=4",
                          "gates.LEGAL.pass_probability=0"};
    sl_explanation *e = explain(2, sets);
    assert_int_equal(e->baseline, SL_VERDICT_NO_GO);
    /* what objects is the gate rule (P(allowed) 0; the schedule is not
     * timed when nothing is allowed), so the one decision that acts on
     * it is tried: leaving the ten workloads LEGAL holds behind. It does
     * not flip the verdict: at 4 hours a week the rest is still late. */
    const sl_verdict *v = sl_plan_verdict(e->plan, e->agency);
    assert_true(has_reason(v->reasons, v->n_reasons, "gates_never_pass", NULL));
    const sl_explain_candidate *scope = NULL;
    for (size_t k = 0; k < e->n_candidates; k++)
        if (e->candidates[k].kind == SL_CHANGE_SCOPE)
            scope = &e->candidates[k];
    assert_non_null(scope);
    if (!scope)
        return; /* cmocka's assert does not tell the compiler it stops */
    assert_string_equal(scope->rule, "gates");
    assert_string_equal(scope->text, "A leaves behind the 10 workloads held by gate LEGAL, "
                                     "declared to stay (16.7% of its 60 workloads)");
    assert_string_equal(scope->sets[0],
                        "agencies.A.stays=[{legal_tags: [\"x\"], disposition: stay, why: "
                        "\"left behind: gate LEGAL (Legal basis) never passes\"}]");
    assert_true(fabs(scope->distance - 10.0 / 60) < 1e-12);
    assert_true(scope->was_run);
    assert_int_equal(scope->status, 0);
    assert_int_equal(scope->verdict, SL_VERDICT_NO_GO);
    assert_false(scope->flips);
    assert_int_equal(e->flip, SIZE_MAX);
    assert_int_equal(e->to_go, SIZE_MAX);
    /* a gate's outcome is never a candidate: only decisions are */
    for (size_t k = 0; k < e->n_candidates; k++) {
        assert_null(strstr(e->candidates[k].sets[0], "pass_probability"));
        assert_null(strstr(e->candidates[k].sets[0], "lead_time_months"));
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(sl_write_explain_text(f, e, false), 0);
    fclose(f);
    assert_true(th_contains(buf, "Nothing in the adjustable space flips it"));
    free(buf);
    sl_explanation_free(e);
}

/* Finding 3: explain proposes levers that act on what objects. With the
 * schedule comfortable and only the budget objecting, the adjustable
 * deadline and staff hours are not tried, and the agency's own budget,
 * which `adjustable` does not list, is, and makes it go. */
static void test_verdict__explain_tries_only_levers_that_act_on_what_objects(void **state)
{
    (void)state;
    const char *sets[] = {"agencies.A.staff.migration_hours_per_week=40", "agencies.A.budget=1000"};
    sl_explanation *e = explain(2, sets);
    const sl_verdict *v = sl_plan_verdict(e->plan, e->agency);
    assert_int_equal(v->verdict, SL_VERDICT_CONDITIONAL);
    assert_true(has_reason(v->reasons, v->n_reasons, "budget_exceeded", NULL));
    assert_false(has_reason(v->reasons, v->n_reasons, "schedule_p_on_time_low", NULL));
    assert_int_equal(e->n_skipped, 5); /* two deadlines, three hours */
    assert_true(e->n_candidates >= 1);
    for (size_t k = 0; k < e->n_candidates; k++)
        assert_string_equal(e->candidates[k].rule, "budget");
    assert_int_equal(e->candidates[0].kind, SL_CHANGE_OWN);
    assert_true(e->to_go != SIZE_MAX);
    /* the review agrees: a budget alone, verified */
    const sl_to_go *t = &e->plan->review->to_go[e->agency];
    assert_true(t->is_verified);
    assert_int_equal(t->n_levers, 1);
    assert_string_equal(t->levers[0].rule, "budget");
    /* one figure: the budget explain tries is the one the review verified,
     * the P90 cost over 1.1 rounded up to what the report shows (1 k) */
    assert_string_equal(e->candidates[0].sets[0], t->levers[0].set);
    double p90 = e->plan->simulation->per_agency[e->agency].cost_p90;
    char want[64];
    snprintf(want, sizeof want, "agencies.A.budget=%.0f", ceil(p90 / 1.1 / 1000 - 1e-9) * 1000);
    assert_string_equal(t->levers[0].set, want);
    sl_explanation_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdict__a_later_deadline_never_worsens_it),
        cmocka_unit_test(test_verdict__more_staff_hours_never_worsen_it),
        cmocka_unit_test(test_verdict__a_gate_that_always_fails_blocks_its_workloads_and_is_named),
        cmocka_unit_test(test_verdict__a_refused_gate_is_judged_by_the_gate_rule_not_as_late),
        cmocka_unit_test(test_verdict__the_scenarios_thresholds_decide),
        cmocka_unit_test(test_verdict__reasons_come_heaviest_first_and_the_host_gets_a_statement),
        cmocka_unit_test(test_verdict__explain_finds_the_cheapest_change_that_flips_it),
        cmocka_unit_test(test_verdict__explain_says_when_nothing_flips_it),
        cmocka_unit_test(test_verdict__explain_tries_only_levers_that_act_on_what_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
