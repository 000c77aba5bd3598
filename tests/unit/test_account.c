/* SPDX-License-Identifier: MIT */
/*
 * Every workload accounted for (issue 14, finding 4): workloads that
 * cannot move keep their hall, and its cost, and their agency from go;
 * the reasons say how many and why; workloads the scenario declares to
 * stay, retire or be replaced are listed and let the agency go; the
 * counts add up; a move that never ends says what binds and costs the
 * work it still needs; the plan and the Monte Carlo cost the same halls
 * and staff.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sixty workloads of A in one hall, ten of them of a class the target
 * does not allow and no gate that could allow it: not ready. No gates at
 * all, a deadline years away, plenty of staff hours. Staying costs the
 * hall and twelve FTE; joining would leave two. */
static const char scenario[] =
    "samlok: 1\nname: accounted\nstart: 2026-01-05\ndeadline: 2029-12-31\nhorizon_years: 5\n"
    "seed: 9\nsecurity_classes: [open, secret]\n"
    "agencies:\n  - {id: H, role: host}\n"
    "  - id: A\n    role: joining\n"
    "    staff: {ops_fte: 12, fte_cost_per_year: 100000, fte_after: 2,\n"
    "            migration_hours_per_week: 200, cost_per_hour: 100}\n"
    "    inventory: inv.csv\n"
    "sites:\n  - {id: T, owner: H, role: target, pue: 1, energy_price: 0, energy_tax: 0,\n"
    "     security_classes: [open]}\n"
    "  - {id: S, owner: A, role: source, rent_per_year: 100000, pue: 1.5, it_kw: 10,\n"
    "     energy_price: 0.5, energy_tax: 0}\n"
    "host_models: [{id: HM, cores: 32, ram_gb: 256, price: 50000, watts: 100, rack_units: 1}]\n"
    "pools: {ha_spare_hosts: 0}\n"
    "windows:\n  weekly: [{day: saturday, start: \"00:00\", hours: 24}]\n"
    "migration:\n  methods: [{id: rehost, effort_hours: {min: 1, likely: 2, max: 4},\n"
    "                         failure_rate: 0.1}]\n";

static char inventory[4096];

static const char *inv(void)
{
    if (!inventory[0]) {
        size_t len = (size_t)snprintf(inventory, sizeof inventory,
                                      "id,agency,site,app,vcpu,ram_gb,security_class\n");
        for (int i = 0; i < 60; i++)
            len += (size_t)snprintf(inventory + len, sizeof inventory - len,
                                    "w%02d,A,S,%s,2,4,%s\n", i, i < 10 ? "vault" : "web",
                                    i < 10 ? "secret" : "open");
    }
    return inventory;
}

static sl_plan *plan_with(size_t n_sets, const char *const *sets)
{
    sl_model *m = NULL;
    char *msgs = NULL;
    int rc = th_load(&m, &msgs, n_sets, sets, 2, "s/scenario.yaml", scenario, "s/inv.csv", inv());
    if (rc)
        fail_msg("load failed: %s", msgs);
    free(msgs);
    sl_plan_options po = SL_PLAN_OPTIONS_INIT;
    po.iterations = 400;
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

static const sl_verdict_reason *reason(const sl_verdict *v, const char *code)
{
    for (size_t i = 0; i < v->n_reasons; i++)
        if (strcmp(v->reasons[i].code, code) == 0)
            return &v->reasons[i];
    return NULL;
}

/* The text of the reason with that code; the test fails without one. */
static const char *reason_text(const sl_verdict *v, const char *code)
{
    const sl_verdict_reason *r = reason(v, code);
    if (!r)
        fail_msg("no reason %s", code);
    return r ? r->text : "";
}

/* inventory = moved + unmovable + declared, and each part by its kind */
static void check_adds_up(const sl_agency_schedule *as)
{
    assert_int_equal(as->n_inventory, as->n_moved + as->n_unmovable + as->n_declared);
    size_t u = 0, d = 0;
    for (int r = 0; r < SL_N_UNSCHED; r++)
        u += as->unmovable_by[r];
    for (int k = 0; k < SL_N_DISPOSITIONS; k++)
        d += as->declared_by[k];
    assert_int_equal(u, as->n_unmovable);
    assert_int_equal(d, as->n_declared);
}

/* The case of issue 14: no gates, a late deadline, P(on time) 100 %, and
 * ten workloads that can never move. The agency is not go, the reason
 * names them, the plan keeps the hall and its staff, and the Monte Carlo
 * agrees with the plan instead of dropping the staff at its finish. */
static void test_account__unmovable_workloads_keep_their_hall_and_bar_go(void **state)
{
    (void)state;
    sl_plan *p = plan_with(0, NULL);
    sl_index a = sl_model_agency(p->model, "A");
    const sl_agency_schedule *as = &p->schedule->per_agency[a];
    assert_int_equal(as->n_inventory, 60);
    assert_int_equal(as->n_moved, 50);
    assert_int_equal(as->n_unmovable, 10);
    assert_int_equal(as->unmovable_by[SL_UNSCHED_NOT_READY], 10);
    check_adds_up(as);
    assert_true(p->simulation->per_agency[a].p_on_time > 0.99);

    const sl_verdict *v = sl_plan_verdict(p, a);
    assert_int_not_equal(v->verdict, SL_VERDICT_GO);
    const char *why = reason_text(v, "workloads_unmovable");
    assert_true(th_contains(why, "10 of A's 60 workloads"));
    assert_true(th_contains(why, "class_not_allowed 10"));

    /* the hall never empties and keeps its staff, in the plan and in
     * every iteration: the two savings agree */
    const sl_agency_cost *ac = &p->cost->per_agency[a];
    assert_int_equal(ac->halls_empty, SL_DATE_NONE);
    assert_int_equal(ac->staff_after, SL_DATE_NONE);
    print_message("saving: plan %.0f, Monte Carlo P50 %.0f\n", ac->npv_saving,
                  ac->npv_saving_p50);
    /* dropping ten FTE at the finish, as the Monte Carlo did, would add
     * about 1 M a year to its saving */
    assert_true(fabs(ac->npv_saving_p50 - ac->npv_saving) < 0.02 * ac->status_quo.npv);
    free_plan(p);
}

/* The same ten declared to stay behind, with a reason: accounted for,
 * listed, the agency can go; the hall stays open for them, and the staff
 * drop to fte_after once the rest has moved. */
static void test_account__workloads_declared_to_stay_are_listed_and_allow_go(void **state)
{
    (void)state;
    const char *sets[] = {
        "agencies.A.stays=[{security_classes: [secret], why: stays in the own vault}]"};
    sl_plan *p = plan_with(1, sets);
    sl_index a = sl_model_agency(p->model, "A");
    const sl_agency_schedule *as = &p->schedule->per_agency[a];
    assert_int_equal(as->n_moved, 50);
    assert_int_equal(as->n_unmovable, 0);
    assert_int_equal(as->n_declared, 10);
    assert_int_equal(as->declared_by[SL_DISPOSITION_STAY], 10);
    check_adds_up(as);
    /* not in the unscheduled list: they are not a failure of the plan */
    assert_int_equal(p->schedule->n_unscheduled, 0);
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(p->assessment->workloads[i].disposition, SL_DISPOSITION_STAY);
        assert_int_equal(p->assessment->workloads[i].stay_rule, 0);
        assert_int_equal(p->placement->shared.workload_host[i], SL_NONE);
    }
    const sl_verdict *v = sl_plan_verdict(p, a);
    assert_int_equal(v->verdict, SL_VERDICT_GO);
    assert_null(reason(v, "workloads_unmovable"));
    assert_non_null(reason(v, "workloads_accounted"));
    const sl_agency_cost *ac = &p->cost->per_agency[a];
    assert_int_equal(ac->halls_empty, SL_DATE_NONE);
    assert_int_not_equal(ac->staff_after, SL_DATE_NONE);
    assert_true(ac->npv_saving > 0);
    assert_true(fabs(ac->npv_saving_p50 - ac->npv_saving) < 0.02 * ac->status_quo.npv);
    free_plan(p);
}

/* Retired or replaced: they need no hall, so the hall empties with its
 * last move. */
static void test_account__retired_workloads_let_their_hall_empty(void **state)
{
    (void)state;
    const char *sets[] = {"agencies.A.stays=[{apps: [vault], disposition: retire, "
                          "why: switched off in 2026}]"};
    sl_plan *p = plan_with(1, sets);
    sl_index a = sl_model_agency(p->model, "A");
    const sl_agency_schedule *as = &p->schedule->per_agency[a];
    assert_int_equal(as->declared_by[SL_DISPOSITION_RETIRE], 10);
    check_adds_up(as);
    const sl_agency_cost *ac = &p->cost->per_agency[a];
    assert_int_not_equal(ac->halls_empty, SL_DATE_NONE);
    assert_int_equal(ac->staff_after, ac->halls_empty);
    assert_int_equal(sl_plan_verdict(p, a)->verdict, SL_VERDICT_GO);
    free_plan(p);
}

/* Too few staff hours for any move group (each needs more hours than a
 * window gives): the finish never comes, and the plan says that staff
 * hours bind, counts every workload as unmovable, and costs the work it
 * still needs instead of 0. */
static void test_account__a_move_that_never_ends_says_what_binds_and_costs_its_work(void **state)
{
    (void)state;
    const char *sets[] = {"agencies.A.staff.migration_hours_per_week=1",
                          "agencies.A.stays=[{security_classes: [secret], why: vault}]"};
    sl_plan *p = plan_with(2, sets);
    sl_index a = sl_model_agency(p->model, "A");
    const sl_agency_schedule *as = &p->schedule->per_agency[a];
    assert_int_equal(as->finish, SL_DATE_NONE);
    assert_int_equal(as->binds, SL_BINDS_STAFF);
    assert_int_equal(as->n_unmovable, 50);
    check_adds_up(as);
    const sl_agency_cost *ac = &p->cost->per_agency[a];
    /* 50 workloads x 2 likely hours x 100 an hour */
    assert_true(fabs(ac->migration_owed - 10000) < 1e-6);
    assert_true(fabs(ac->migration_labour - 10000) < 1e-6);
    assert_true(p->simulation->per_agency[a].cost_p50 >= 10000);
    const sl_verdict *v = sl_plan_verdict(p, a);
    assert_int_not_equal(v->verdict, SL_VERDICT_GO);
    assert_true(th_contains(reason_text(v, "workloads_unmovable"), "too_large"));
    free_plan(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account__unmovable_workloads_keep_their_hall_and_bar_go),
        cmocka_unit_test(test_account__workloads_declared_to_stay_are_listed_and_allow_go),
        cmocka_unit_test(test_account__retired_workloads_let_their_hall_empty),
        cmocka_unit_test(test_account__a_move_that_never_ends_says_what_binds_and_costs_its_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
