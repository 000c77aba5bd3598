/* SPDX-License-Identifier: MIT */
/*
 * Cost: present values and payback by hand, a whole plan's status quo and
 * co-location by hand, chargeback shares by hand, and metamorphic checks
 * on fixed seeds (dearer energy at the source, an agency removed).
 */
#include "helpers.h"

#include "cost/cost.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_cost__npv_discounts_each_year_at_its_end(void **state)
{
    (void)state;
    const double flows[] = {100, 100, 121};
    /* 100/1.1 + 100/1.21 + 121/1.331 */
    double want = 100 / 1.1 + 100 / 1.21 + 121 / 1.331;
    assert_true(fabs(cost_npv(flows, 3, 0.1) - want) < 1e-9);
    assert_true(fabs(cost_npv(flows, 3, 0.0) - 321) < 1e-9);
}

static void test_cost__payback_is_the_first_year_the_cumulative_saving_stays_positive(void **state)
{
    (void)state;
    const double sq[] = {100, 100, 100, 100};
    const double cl[] = {250, 0, 0, 0};
    /* cumulative saving -150, -50, 50, 150 */
    assert_int_equal(cost_payback_year(sq, cl, 4, 0.0), 3);
    /* at 10 %: -136.4, -53.7, 21.5: still year 3 */
    assert_int_equal(cost_payback_year(sq, cl, 4, 0.1), 3);
    /* never: the saving does not make up for the first year */
    const double dear[] = {500, 0, 0, 0};
    assert_int_equal(cost_payback_year(sq, dear, 4, 0.0), 0);
    /* a saving that turns negative again does not count as paid back */
    const double late[] = {0, 0, 0, 500};
    assert_int_equal(cost_payback_year(sq, late, 4, 0.0), 0);
    /* cheaper from the start */
    assert_int_equal(cost_payback_year(cl, cl, 4, 0.0), 1);
}

static void test_cost__a_yearly_rate_counts_for_its_share_of_each_year(void **state)
{
    (void)state;
    sl_date starts[3];
    assert_int_equal(sl_date_parse(&starts[0], "2026-01-01", 10), 0);
    assert_int_equal(sl_date_parse(&starts[1], "2027-01-01", 10), 0);
    assert_int_equal(sl_date_parse(&starts[2], "2028-01-01", 10), 0);
    cost_years ys = {2, starts};
    double out[2] = {0, 0};
    /* 1 July 2026 to 1 July 2027: 184 days of 2026's 365, 181 of 2027's */
    sl_date from, to;
    assert_int_equal(sl_date_parse(&from, "2026-07-01", 10), 0);
    assert_int_equal(sl_date_parse(&to, "2027-07-01", 10), 0);
    cost_spread_rate(out, &ys, from, to, 365);
    assert_true(fabs(out[0] - 184) < 1e-9);
    assert_true(fabs(out[1] - 181) < 1e-9);
    /* a total spread over the same stretch keeps its sum */
    double tot[2] = {0, 0};
    cost_spread_total(tot, &ys, from, to, 1000);
    assert_true(fabs(tot[0] + tot[1] - 1000) < 1e-9);
    assert_true(fabs(tot[0] - 1000.0 * 184 / 365) < 1e-9);
    /* an amount on a day lands in its year; after the horizon nowhere */
    double at[2] = {0, 0};
    cost_at(at, &ys, to, 7);
    cost_at(at, &ys, starts[2], 9);
    assert_true(at[0] == 0 && at[1] == 7);
}

/* One host agency, joining agencies whose halls empty on the first day
 * (a 12-hour window on the start day), no hardware gate: every figure can
 * be worked out by hand. */
static const char hand_head[] =
    "samlok: 1\nname: hand\nstart: 2026-01-03\ndeadline: 2026-06-30\nhorizon_years: 2\n"
    "discount_rate: 0.1\nseed: 3\n"
    "agencies:\n  - {id: H, role: host}\n"
    "  - id: A\n    role: joining\n"
    "    staff: {ops_fte: 2, fte_cost_per_year: 100000, fte_after: 1,\n"
    "            migration_hours_per_week: 100, cost_per_hour: 100}\n"
    "    inventory: a.csv\n";
static const char hand_b[] =
    "  - id: B\n    role: joining\n"
    "    staff: {ops_fte: 1, fte_cost_per_year: 100000, migration_hours_per_week: 100}\n"
    "    inventory: b.csv\n";
static const char hand_sites[] =
    "sites:\n  - {id: T, owner: H, role: target, pue: 1, energy_price: 0, energy_tax: 0,\n"
    "     capacity: {racks: 10, kw: 100}}\n"
    "  - {id: S, owner: A, role: source, rent_per_year: 120000, pue: 1.5, energy_price: 0.5,\n"
    "     energy_tax: 0}\n";
static const char hand_site_b[] = "  - {id: SB, owner: B, role: source, rent_per_year: 60000}\n";
static const char hand_rest[] =
    "host_models: [{id: HM, cores: 32, ram_gb: 256, price: 50000, watts: 400, rack_units: 1}]\n"
    "windows:\n  weekly: [{day: saturday, start: \"00:00\", hours: 12}]\n"
    "migration:\n  methods: [{id: rehost, effort_hours: 1, failure_rate: 0}]\n";

typedef struct hand_opts {
    bool with_b;
    const char *pools; /* extra pool keys, e.g. ", isolation: [agency]" */
    const char *cost;  /* depreciation and capex keys (default: depreciation_years: 1) */
    size_t n_sets;
    const char *const *sets;
} hand_opts;

static sl_plan *hand_plan(const hand_opts *o)
{
    char scenario[4096];
    snprintf(scenario, sizeof scenario,
             "%s%s%s%s%spools: {ha_spare_hosts: 0%s}\n"
             "cost: {%s, legacy_watts_per_vcpu: 0,\n"
             "       chargeback_weights: {vcpu: 0.6, ram: 0.4, storage: 0}}\n",
             hand_head, o->with_b ? hand_b : "", hand_sites, o->with_b ? hand_site_b : "",
             hand_rest, o->pools ? o->pools : "", o->cost ? o->cost : "depreciation_years: 1");
    sl_model *m = NULL;
    char *msgs = NULL;
    int rc = th_load(&m, &msgs, o->n_sets, o->sets, 3, "s/scenario.yaml", scenario, "s/a.csv",
                     "id,agency,site,vcpu,ram_gb\na1,A,S,3,1\n", "s/b.csv",
                     "id,agency,site,vcpu,ram_gb\nb1,B,SB,1,3\n");
    if (rc)
        fail_msg("load failed: %s", msgs);
    free(msgs);
    sl_plan_options po = SL_PLAN_OPTIONS_INIT;
    po.iterations = 200;
    po.threads = 1;
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

static double line_sum(const sl_cash_flows *f, int n, sl_cost_line l, int y)
{
    return f->lines[(size_t)l * (size_t)n + (size_t)y];
}

static void test_cost__status_quo_and_colocation_by_hand(void **state)
{
    (void)state;
    hand_opts o = {false, NULL, NULL, 0, NULL};
    sl_plan *p = hand_plan(&o);
    const sl_costing *c = p->cost;
    assert_int_equal(c->n_years, 2);
    const sl_agency_cost *ac = &c->per_agency[1];
    assert_true(ac->is_costed);
    /* one host of 50,000 depreciated over one year, no energy at the
     * target (price 0): the platform costs 50,000 a year, all A's */
    assert_true(fabs(c->platform_per_year - 50000) < 1e-6);
    assert_true(fabs(c->chargeback[1].fee_per_year - 50000) < 1e-6);
    /* status quo: rent 120,000, staff 2 x 100,000, its own host refreshed
     * at 50,000 a year; no energy (no it_kw, 0 W per vCPU) */
    for (int y = 0; y < 2; y++) {
        assert_true(fabs(ac->status_quo.total[y] - 370000) < 1e-6);
        assert_true(fabs(line_sum(&ac->status_quo, 2, SL_COST_HALLS, y) - 120000) < 1e-6);
        assert_true(fabs(line_sum(&ac->status_quo, 2, SL_COST_STAFF, y) - 200000) < 1e-6);
        assert_true(fabs(line_sum(&ac->status_quo, 2, SL_COST_HARDWARE, y) - 50000) < 1e-6);
    }
    /* co-location: the hall empties on the first day; one FTE stays; one
     * staff hour at 100; the chargeback */
    assert_true(fabs(ac->colocation.total[0] - 150100) < 1e-6);
    assert_true(fabs(ac->colocation.total[1] - 150000) < 1e-6);
    assert_true(fabs(line_sum(&ac->colocation, 2, SL_COST_MIGRATION, 0) - 100) < 1e-6);
    assert_true(fabs(line_sum(&ac->colocation, 2, SL_COST_HALLS, 0)) < 1e-6);
    double sq = 370000 / 1.1 + 370000 / 1.21, cl = 150100 / 1.1 + 150000 / 1.21;
    assert_true(fabs(ac->status_quo.npv - sq) < 1e-6);
    assert_true(fabs(ac->colocation.npv - cl) < 1e-6);
    assert_true(fabs(ac->npv_saving - (sq - cl)) < 1e-6);
    assert_int_equal(ac->payback_year, 1);
    assert_true(fabs(c->npv_status_quo - sq) < 1e-6 && fabs(c->npv_colocation - cl) < 1e-6);
    /* nothing uncertain: the Monte Carlo agrees with the plan */
    assert_true(fabs(ac->npv_colocation_p50 - cl) < 1e-6);
    assert_true(fabs(ac->npv_colocation_p90 - cl) < 1e-6);
    assert_true(ac->p_npv_negative == 0);
    free_plan(p);
}

static void test_cost__purchase_puts_the_hardware_in_the_year_it_is_bought(void **state)
{
    (void)state;
    /* depreciation over two years: 25,000 a year; bought: 50,000 in year 1 */
    hand_opts dep = {false, NULL, "depreciation_years: 2", 0, NULL};
    hand_opts buy = {false, NULL, "depreciation_years: 2, capex: purchase", 0, NULL};
    sl_plan *a = hand_plan(&dep), *b = hand_plan(&buy);
    assert_true(fabs(a->cost->chargeback[1].fee[0] - 25000) < 1e-6);
    assert_true(fabs(a->cost->chargeback[1].fee[1] - 25000) < 1e-6);
    assert_true(fabs(b->cost->chargeback[1].fee[0] - 50000) < 1e-6);
    assert_true(fabs(b->cost->chargeback[1].fee[1]) < 1e-6);
    free_plan(a);
    free_plan(b);
}

static void test_cost__a_shared_pool_is_charged_by_weighted_share(void **state)
{
    (void)state;
    /* A: 3 vCPU, 1 GB; B: 1 vCPU, 3 GB; weights 0.6 vCPU, 0.4 RAM:
     * A = 0.6 x 3/4 + 0.4 x 1/4 = 0.55, B = 0.45 of one 50,000 host */
    hand_opts o = {true, NULL, NULL, 0, NULL};
    sl_plan *p = hand_plan(&o);
    const sl_costing *c = p->cost;
    assert_true(fabs(c->chargeback[1].share - 0.55) < 1e-12);
    assert_true(fabs(c->chargeback[2].share - 0.45) < 1e-12);
    assert_true(fabs(c->chargeback[1].fee_per_year - 27500) < 1e-6);
    assert_true(fabs(c->chargeback[2].fee_per_year - 22500) < 1e-6);
    assert_true(fabs(c->chargeback[1].shared_per_year - 27500) < 1e-6);
    assert_true(c->chargeback[1].dedicated_per_year == 0);
    /* the KPIs: per VM and per vCPU at the yearly run rate */
    assert_true(fabs(c->chargeback[1].cost_per_vm - 27500) < 1e-6);
    assert_true(fabs(c->chargeback[1].cost_per_vcpu - 27500.0 / 3) < 1e-6);
    assert_true(isnan(c->chargeback[1].fee_change[0]) && c->chargeback[1].fee_change[1] == 0);
    /* the host recovers what the platform costs, every year */
    for (int y = 0; y < c->n_years; y++)
        assert_true(fabs(c->platform_cost[y] - c->platform_charged[y]) < 1e-6);
    free_plan(p);
}

static void test_cost__dedicated_pools_are_charged_to_their_owner(void **state)
{
    (void)state;
    hand_opts o = {true, ", isolation: [agency]", NULL, 0, NULL};
    sl_plan *p = hand_plan(&o);
    const sl_costing *c = p->cost;
    assert_true(fabs(c->chargeback[1].dedicated_per_year - 50000) < 1e-6);
    assert_true(fabs(c->chargeback[2].dedicated_per_year - 50000) < 1e-6);
    assert_true(c->chargeback[1].shared_per_year == 0);
    free_plan(p);
}

static void test_cost__dearer_energy_at_the_source_raises_the_status_quo_cost(void **state)
{
    (void)state;
    const char *cheap[] = {"sites.S.it_kw=10", "sites.S.energy_price=0.5"};
    const char *dear[] = {"sites.S.it_kw=10", "sites.S.energy_price=0.9"};
    hand_opts a = {true, NULL, NULL, 2, cheap}, b = {true, NULL, NULL, 2, dear};
    sl_plan *pa = hand_plan(&a), *pb = hand_plan(&b);
    const sl_agency_cost *ca = &pa->cost->per_agency[1], *cb = &pb->cost->per_agency[1];
    /* 10 kW x 1.5 x 8760 h x 0.4 more a year */
    double more = 10 * 1.5 * 8760 * 0.4;
    assert_true(fabs(cb->status_quo.total[0] - ca->status_quo.total[0] - more) < 1e-6);
    assert_true(cb->status_quo.npv > ca->status_quo.npv);
    assert_true(cb->npv_saving >= ca->npv_saving);
    /* and nothing else moves: B's figures are the same */
    assert_true(pb->cost->per_agency[2].status_quo.npv == pa->cost->per_agency[2].status_quo.npv);
    free_plan(pa);
    free_plan(pb);
}

static void test_cost__removing_an_agency_never_raises_host_hosts_or_kw(void **state)
{
    (void)state;
    const char *pools[] = {NULL, ", isolation: [agency]"};
    for (size_t k = 0; k < 2; k++) {
        hand_opts both = {true, pools[k], NULL, 0, NULL}, one = {false, pools[k], NULL, 0, NULL};
        sl_plan *pb = hand_plan(&both), *po = hand_plan(&one);
        const sl_platform *fb = &pb->placement->shared, *fo = &po->placement->shared;
        assert_true(fo->hosts_total <= fb->hosts_total);
        assert_true(fo->facility_kw <= fb->facility_kw + 1e-9);
        assert_true(fo->racks <= fb->racks);
        assert_true(po->cost->platform_per_year <= pb->cost->platform_per_year + 1e-6);
        free_plan(pb);
        free_plan(po);
    }
}

/* P(migration cost > budget) counts the iterations whose migration cost,
 * as the simulation's P50/P90 and the budget rule read it (halls'
 * running during the move included), is over the budget: with the budget
 * just under the cheapest iteration's cost, every iteration is over. */
static void test_cost__p_over_budget_reads_the_migration_cost_the_budget_rule_reads(void **state)
{
    (void)state;
    /* the hall's contract ended before the start: every iteration pays an
     * extension, a hall cost inside the migration cost */
    const char *hall[] = {"sites.S.contract_end=2025-11-30", "sites.S.extension_cost_per_month=5000"};
    hand_opts o = {.n_sets = 2, .sets = hall};
    sl_plan *p = hand_plan(&o);
    assert_true(p->simulation->hall_runs[1].extension > 0);
    const sl_simulation *sim = p->simulation;
    size_t na = sim->n_agencies;
    double least = INFINITY;
    for (long i = 0; i < sim->iterations; i++)
        least = fmin(least, sim->agency_cost_runs[(size_t)i * na + 1]);
    assert_true(least > 0 && isfinite(least));
    free_plan(p);
    char set[64];
    snprintf(set, sizeof set, "agencies.A.budget=%.0f", floor(least * 0.999));
    const char *sets[] = {hall[0], hall[1], set};
    o.n_sets = 3;
    o.sets = sets;
    p = hand_plan(&o);
    assert_true(p->cost->per_agency[1].p_over_budget == 1.0);
    free_plan(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cost__npv_discounts_each_year_at_its_end),
        cmocka_unit_test(test_cost__payback_is_the_first_year_the_cumulative_saving_stays_positive),
        cmocka_unit_test(test_cost__a_yearly_rate_counts_for_its_share_of_each_year),
        cmocka_unit_test(test_cost__status_quo_and_colocation_by_hand),
        cmocka_unit_test(test_cost__purchase_puts_the_hardware_in_the_year_it_is_bought),
        cmocka_unit_test(test_cost__a_shared_pool_is_charged_by_weighted_share),
        cmocka_unit_test(test_cost__dedicated_pools_are_charged_to_their_owner),
        cmocka_unit_test(test_cost__dearer_energy_at_the_source_raises_the_status_quo_cost),
        cmocka_unit_test(test_cost__removing_an_agency_never_raises_host_hosts_or_kw),
        cmocka_unit_test(test_cost__p_over_budget_reads_the_migration_cost_the_budget_rule_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
