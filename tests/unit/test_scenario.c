/* SPDX-License-Identifier: MIT */
/* The scenario reader: defaults, distributions, dates, references,
 * located errors, and --set overrides. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A small valid scenario; tests append to it or replace lines of it.
 * Line numbers matter: name is line 2, start 3, deadline 4, the SKV
 * agency's staff line 10. */
static const char base[] = "samlok: 1\n"
                           "name: test\n"
                           "start: 2026-09-01\n"
                           "deadline: 2027-12-31\n"
                           "agencies:\n"
                           "  - id: HOST\n"
                           "    role: host\n"
                           "  - id: SKV\n"
                           "    role: joining\n"
                           "    staff: {ops_fte: 25, migration_hours_per_week: 300}\n"
                           "sites:\n"
                           "  - {id: T, owner: HOST, role: target, capacity: {racks: 10}}\n"
                           "  - {id: S, owner: SKV, role: source}\n"
                           "host_models:\n"
                           "  - {id: H, cores: 32, ram_gb: 512}\n";

/* Loads text as s.yaml with the given --set overrides. */
static int load_sets(sl_model **m, char **msg, const char *text, size_t n_sets,
                     const char *const *sets)
{
    return th_load(m, msg, n_sets, sets, 1, "s.yaml", text);
}

static int load(sl_model **m, char **msg, const char *text)
{
    return load_sets(m, msg, text, 0, NULL);
}

/* base with `from` replaced by `to` (the first occurrence). */
static char *edit(const char *from, const char *to)
{
    const char *at = strstr(base, from);
    assert_non_null(at);
    size_t head = (size_t)(at - base);
    size_t len = strlen(base) - strlen(from) + strlen(to) + 1;
    char *out = malloc(len);
    snprintf(out, len, "%.*s%s%s", (int)head, base, to, at + strlen(from));
    return out;
}

/* base followed by more top-level keys. */
static char *with(const char *more)
{
    size_t len = strlen(base) + strlen(more) + 1;
    char *out = malloc(len);
    snprintf(out, len, "%s%s", base, more);
    return out;
}

/* Expects the text to fail with exactly one error line equal to want
 * (warnings aside). */
static void expect_error(const char *text, const char *want)
{
    sl_model *m = (sl_model *)1;
    char *msg;
    assert_int_equal(load(&m, &msg, text), SL_EINPUT);
    assert_null(m);
    if (!th_contains(msg, want))
        fail();
    free(msg);
}

static void test_scenario__a_minimal_scenario_gets_the_documented_defaults(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, base), 0);
    assert_string_equal(m->name, "test");
    assert_int_equal(m->start, sl_date_from_ymd(2026, 9, 1));
    assert_int_equal(m->deadline, sl_date_from_ymd(2027, 12, 31));
    assert_string_equal(m->currency, "SEK");
    assert_true(m->discount_rate == 0.035);
    assert_int_equal(m->horizon_years, 10);
    assert_true(m->seed == 1);
    assert_int_equal(m->iterations, 10000);
    /* agencies */
    assert_int_equal(m->n_agencies, 2);
    const sl_agency *a = &m->agencies[1];
    assert_string_equal(a->id, "SKV");
    assert_string_equal(a->name, "SKV");
    assert_int_equal(a->role, SL_ROLE_JOINING);
    assert_true(a->ops_fte == 25);
    assert_int_equal(a->migration_hours_per_week.kind, SL_DIST_FIXED);
    assert_true(a->migration_hours_per_week.likely == 300);
    assert_true(a->cost_per_hour == 800);
    assert_true(a->fte_cost_per_year == 800000);
    assert_false(a->staff_relocate);
    /* sites */
    const sl_site *t = &m->sites[0];
    assert_int_equal(t->owner, 0);
    assert_int_equal(t->role, SL_SITE_TARGET);
    assert_int_equal(t->kind, SL_SITE_OWN);
    assert_true(t->racks == 10 && t->rack_kw == 8 && t->rack_units == 42);
    assert_true(t->pue == 1.5 && t->energy_price.likely == 0.5);
    assert_int_equal(t->contract_end, SL_DATE_NONE);
    /* host model */
    const sl_host_model *h = &m->host_models[0];
    assert_true(h->cores == 32 && h->threads_per_core == 2 && h->ram_gb == 512);
    assert_true(h->watts == 600 && h->rack_units == 2);
    /* pools */
    assert_true(m->pools.cpu_overcommit == 4 && m->pools.ram_overcommit == 1);
    assert_true(m->pools.max_utilisation == 0.8);
    assert_int_equal(m->pools.ha_spare_hosts, 1);
    assert_int_equal(m->pools.isolation, SL_ISOLATE_SECURITY_CLASS);
    /* the usual weekend change window: Friday 18:00, 60 hours */
    assert_int_equal(m->windows.n_rules, 1);
    assert_int_equal(m->windows.rules[0].start_weekday, 4);
    assert_int_equal(m->windows.rules[0].start_minute, 18 * 60);
    assert_true(m->windows.rules[0].hours == 60);
    /* one built-in migration method */
    assert_int_equal(m->migration.n_methods, 1);
    assert_string_equal(m->migration.methods[0].id, "rehost");
    assert_int_equal(m->migration.default_method, 0);
    assert_int_equal(m->migration.methods[0].effort_hours.kind, SL_DIST_PERT);
    assert_true(m->migration.methods[0].effort_hours.min == 4);
    assert_true(m->migration.methods[0].effort_hours.likely == 6);
    assert_true(m->migration.methods[0].effort_hours.max == 8);
    assert_true(m->migration.methods[0].failure_rate.likely == 0.1);
    assert_true(m->migration.hard_edge_mbps == 100);
    /* verdict and cost */
    assert_true(m->verdict.go_p_on_time == 0.8 && m->verdict.conditional_p_on_time == 0.5);
    assert_true(m->verdict.max_risk_score == 15 && m->verdict.no_go_risk_score == 20);
    assert_true(m->cost.depreciation_years == 5);
    assert_true(m->cost.chargeback_weight_vcpu == 0.4 && m->cost.chargeback_weight_storage == 0.2);
    sl_model_free(m);
    free(msg);
}

static void test_scenario__distributions_min_likely_max(void **state)
{
    (void)state;
    char *text =
        with("gates:\n"
             "  - {id: G1, kind: security, lead_time_months: {min: 3, likely: 5, max: 9},\n"
             "     applies_to: {all: true}}\n"
             "  - {id: G2, kind: legal, applies_to: {all: true},\n"
             "     lead_time_months: {dist: triangular, min: 1, likely: 2, max: 6}}\n"
             "  - {id: G3, kind: staff, applies_to: {all: true},\n"
             "     lead_time_months: {dist: uniform, min: 2, max: 4}}\n"
             "  - {id: G4, kind: hardware, applies_to: {all: true},\n"
             "     lead_time_months: {dist: lognormal, median: 4, p90: 7}}\n"
             "  - {id: G5, kind: other, applies_to: {all: true}, lead_time_months: 2.5}\n");
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, text), 0);
    const sl_dist *d = &m->gates[0].lead_time_months;
    assert_int_equal(d->kind, SL_DIST_PERT); /* the default shape */
    assert_true(d->min == 3 && d->likely == 5 && d->max == 9);
    d = &m->gates[1].lead_time_months;
    assert_int_equal(d->kind, SL_DIST_TRIANGULAR);
    assert_true(d->min == 1 && d->likely == 2 && d->max == 6);
    d = &m->gates[2].lead_time_months;
    assert_int_equal(d->kind, SL_DIST_UNIFORM);
    assert_true(d->min == 2 && d->likely == 3 && d->max == 4); /* likely: the middle */
    d = &m->gates[3].lead_time_months;
    assert_int_equal(d->kind, SL_DIST_LOGNORMAL);
    assert_true(d->likely == 4 && d->max == 7);
    d = &m->gates[4].lead_time_months;
    assert_int_equal(d->kind, SL_DIST_FIXED);
    assert_true(d->min == 2.5 && d->likely == 2.5 && d->max == 2.5);
    /* a gate opens at the start unless it says otherwise */
    assert_int_equal(m->gates[0].opens, m->start);
    assert_true(m->gates[0].pass_probability == 1);
    sl_model_free(m);
    free(msg);
    free(text);
}

static void test_scenario__bad_distributions_are_located(void **state)
{
    (void)state;
    char *t = edit("migration_hours_per_week: 300",
                   "migration_hours_per_week: {min: 5, likely: 4, max: 9}");
    expect_error(t, "s.yaml:10:53: a distribution needs min <= likely <= max (got 5, 4, 9)\n");
    free(t);
    t = edit("migration_hours_per_week: 300", "migration_hours_per_week: {min: 5, likely: 6}");
    expect_error(t, "s.yaml:10:53: a distribution needs 'min', 'likely' and 'max'\n");
    free(t);
    t = edit("migration_hours_per_week: 300",
             "migration_hours_per_week: {dist: trinagular, min: 1, likely: 2, max: 3}");
    expect_error(t, "unknown distribution 'trinagular' (did you mean 'triangular'?)\n");
    free(t);
    t = edit("migration_hours_per_week: 300",
             "migration_hours_per_week: {min: -5, likely: 4, max: 9}");
    expect_error(t, "migration_hours_per_week must be between 0 and 10000000 h/week, got -5\n");
    free(t);
    t = edit("migration_hours_per_week: 300",
             "migration_hours_per_week: {dist: lognormal, median: 4, p90: 3}");
    expect_error(t, "a lognormal distribution needs 0 < median < p90\n");
    free(t);
    /* a plain number given as a distribution is checked the same way */
    t = edit("ops_fte: 25", "ops_fte: {min: 1, likely: 2}");
    expect_error(t, "s.yaml:10:23: a distribution needs 'min', 'likely' and 'max'\n");
    free(t);
    t = edit("ops_fte: 25", "ops_fte: {min: -3, likely: 2, max: 3}");
    expect_error(t, "s.yaml:10:23: ops_fte must be between 0 and ");
    free(t);
}

/* Any number may be a distribution: the plan uses its likely value (a
 * lognormal's median) and the parameter keeps the distribution. */
static void test_scenario__any_number_may_be_a_distribution(void **state)
{
    (void)state;
    char *t = edit("ops_fte: 25", "ops_fte: {min: 10, likely: 20, max: 40}");
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, t), 0);
    free(t);
    assert_true(m->agencies[1].ops_fte == 20);
    const sl_param *p = NULL;
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].path, "agencies.SKV.staff.ops_fte") == 0)
            p = &m->params[i];
    assert_non_null(p);
    if (!p)
        return; /* not reached: tells the compiler p is set below */
    assert_int_equal(p->value->kind, SL_DIST_PERT);
    assert_true(p->value->min == 10 && p->value->likely == 20 && p->value->max == 40);
    assert_int_equal(p->line, 10);
    assert_int_equal(p->column, 23);
    sl_model_free(m);
    free(msg);
    t = edit("ops_fte: 25", "ops_fte: {dist: lognormal, median: 12, p90: 30}");
    assert_int_equal(load(&m, &msg, t), 0);
    free(t);
    assert_true(m->agencies[1].ops_fte == 12);
    sl_model_free(m);
    free(msg);
}

static void test_scenario__every_number_is_logged_with_its_path_and_place(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, base), 0);
    const sl_param *p = NULL;
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].path, "agencies.SKV.staff.migration_hours_per_week") == 0)
            p = &m->params[i];
    assert_non_null(p);
    if (!p)
        return; /* not reached: tells the compiler p is set below */
    assert_string_equal(p->file, "s.yaml");
    assert_int_equal(p->line, 10);
    assert_int_equal(p->column, 52);
    assert_string_equal(p->unit, "h/week");
    assert_true(p->value->likely == 300);
    assert_int_equal(m->agencies[1].migration_hours_per_week.param, (sl_index)(p - m->params));
    sl_model_free(m);
    free(msg);
}

static const sl_param *param_at(const sl_model *m, const char *path)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].path, path) == 0)
            return &m->params[i];
    return NULL;
}

static void test_scenario__an_effort_left_at_its_default_is_logged_and_drawn(void **state)
{
    (void)state;
    /* no migration section: the one default method's PERT 4, 6, 8 is an
     * uncertain input like a given one; a method that gives its effort is
     * logged where it gave it, one that does not as (default) */
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, base), 0);
    const sl_param *p = param_at(m, "migration.methods.rehost.effort_hours");
    assert_non_null(p);
    if (!p)
        return;
    assert_string_equal(p->file, "(default)");
    assert_int_equal(p->line, 0);
    assert_true(p->simulated);
    assert_int_equal(p->value->kind, SL_DIST_PERT);
    assert_int_equal(m->migration.methods[0].effort_hours.param, (sl_index)(p - m->params));
    sl_model_free(m);
    free(msg);

    char *text = edit("host_models:",
                      "migration:\n  methods: [{id: a, effort_hours: {min: 1, likely: 2, max: 3}},"
                      " {id: b}]\nhost_models:");
    assert_int_equal(load(&m, &msg, text), 0);
    const sl_param *a = param_at(m, "migration.methods.a.effort_hours");
    const sl_param *b = param_at(m, "migration.methods.b.effort_hours");
    assert_non_null(a);
    assert_non_null(b);
    if (!a || !b)
        return;
    assert_string_equal(a->file, "s.yaml");
    assert_string_equal(b->file, "(default)");
    assert_true(b->value->likely == 6);
    sl_model_free(m);
    free(msg);
    free(text);
}

static void test_scenario__a_deadline_before_the_start_is_rejected(void **state)
{
    (void)state;
    char *t = edit("deadline: 2027-12-31", "deadline: 2026-08-31");
    expect_error(t, "s.yaml:4:11: the deadline must come after the start\n");
    free(t);
    t = edit("deadline: 2027-12-31", "deadline: 2026-09-01");
    expect_error(t, "s.yaml:4:11: the deadline must come after the start\n");
    free(t);
}

static void test_scenario__dates_must_exist(void **state)
{
    (void)state;
    char *t = edit("deadline: 2027-12-31", "deadline: 2027-02-29");
    expect_error(t, "s.yaml:4:11: deadline: '2027-02-29' is not a date (YYYY-MM-DD) that exists\n");
    free(t);
    t = edit("start: 2026-09-01", "start: 2026-13-01");
    expect_error(t, "s.yaml:3:8: start: '2026-13-01' is not a date (YYYY-MM-DD) that exists\n");
    free(t);
    t = edit("start: 2026-09-01", "start: 1.9.2026");
    expect_error(t, "s.yaml:3:8: start: '1.9.2026' is not a date (YYYY-MM-DD) that exists\n");
    free(t);
    /* 2028 is a leap year */
    t = edit("deadline: 2027-12-31", "deadline: 2028-02-29");
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, t), 0);
    assert_int_equal(m->deadline, sl_date_from_ymd(2028, 2, 29));
    sl_model_free(m);
    free(msg);
    free(t);
}

static void test_scenario__freezes_yearly_dated_and_month_end(void **state)
{
    (void)state;
    char *t = edit("    role: joining\n", "    role: joining\n"
                                          "    freeze:\n"
                                          "      - {from: \"03-01\", to: \"05-15\", why: taxes}\n"
                                          "      - {from: \"12-20\", to: \"01-06\"}\n"
                                          "      - {from: 2027-06-01, to: 2027-06-30}\n"
                                          "      - {month_end_days: 2}\n"
                                          "      - {from: \"02-29\", to: \"03-01\"}\n");
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, t), 0);
    const sl_agency *a = &m->agencies[1];
    assert_int_equal(a->n_freezes, 5);
    assert_int_equal(a->freezes[0].kind, SL_FREEZE_YEARLY);
    assert_int_equal(a->freezes[0].from_md, 301);
    assert_int_equal(a->freezes[0].to_md, 515);
    assert_string_equal(a->freezes[0].why, "taxes");
    assert_int_equal(a->freezes[1].from_md, 1220); /* wraps over the new year */
    assert_int_equal(a->freezes[1].to_md, 106);
    assert_int_equal(a->freezes[2].kind, SL_FREEZE_DATES);
    assert_int_equal(a->freezes[2].from, sl_date_from_ymd(2027, 6, 1));
    assert_int_equal(a->freezes[2].to, sl_date_from_ymd(2027, 6, 30));
    assert_int_equal(a->freezes[3].kind, SL_FREEZE_MONTH_END);
    assert_int_equal(a->freezes[3].days, 2);
    assert_int_equal(a->freezes[4].from_md, 229);
    sl_model_free(m);
    free(msg);
    free(t);

    t = edit("    role: joining\n", "    role: joining\n"
                                    "    freeze: [{from: \"02-30\", to: \"03-01\"}]\n");
    expect_error(t, "s.yaml:10:21: '02-30' is neither a month-day (MM-DD) nor a date "
                    "(YYYY-MM-DD) that exists\n");
    free(t);
    t = edit("    role: joining\n", "    role: joining\n"
                                    "    freeze: [{from: 2027-06-30, to: 2027-06-01}]\n");
    expect_error(t, "s.yaml:10:37: the freeze ends before it starts\n");
    free(t);
}

static void test_scenario__unknown_keys_suggest_the_nearest(void **state)
{
    (void)state;
    char *t = edit("deadline:", "deadlin:");
    expect_error(t, "s.yaml:4:1: unknown key 'deadlin' (did you mean 'deadline'?)\n");
    free(t);
    t = edit("migration_hours_per_week", "migration_hours_per_wek");
    expect_error(t, "s.yaml:10:26: unknown key 'migration_hours_per_wek' (did you mean "
                    "'migration_hours_per_week'?)\n");
    free(t);
    t = with("colour: blue\n");
    expect_error(t, "s.yaml:16:1: unknown key 'colour'\n");
    free(t);
}

static void test_scenario__yaml_errors_duplicate_keys_and_bad_text(void **state)
{
    (void)state;
    char *t = with("name: again\n");
    expect_error(t, "s.yaml:16:1: YAML: duplicate key\n");
    free(t);
    t = edit("name: test", "name: [test");
    expect_error(t, "s.yaml:");
    free(t);
    expect_error("", "s.yaml:1:1: the file is empty\n");
    expect_error("# nothing but a comment\n", "s.yaml:1:1: the file holds no YAML document\n");
    t = edit("name: test", "name: t\xe9st");
    expect_error(t, "s.yaml:2:8: not valid UTF-8 text\n");
    free(t);
    expect_error("- 1\n- 2\n", "s.yaml:1:3: expected a mapping (key: value), found a list\n");
}

static void test_scenario__wrong_types_say_what_was_expected(void **state)
{
    (void)state;
    char *t = edit("name: test", "name: [a, b]");
    expect_error(t, "s.yaml:2:8: expected a single value, found a list\n");
    free(t);
    t = edit("cores: 32", "cores: \"32\"");
    expect_error(t, "s.yaml:15:20: expected a number, found quoted text\n");
    free(t);
    t = edit("cores: 32", "cores: many");
    expect_error(t, "s.yaml:15:20: not a number: 'many'\n");
    free(t);
    t = edit("    role: joining\n", "    role: joining\n    budget: {a: 1}\n");
    expect_error(t, "s.yaml:10:14: unknown key 'a' (did you mean 'max'?)\n");
    free(t);
    t = edit("  - id: HOST\n    role: host\n",
             "  - id: HOST\n    role: host\n    staff: {relocate: yes}\n");
    expect_error(t, "s.yaml:8:23: relocate must be true or false\n");
    free(t);
    t = edit("sites:\n", "sites: {T: 1}\nx:\n");
    expect_error(t, "expected a list of sites\n");
    free(t);
    t = with("horizon_years: 2.5\n");
    expect_error(t, "s.yaml:16:16: horizon_years: expected a whole number, got '2.5'\n");
    free(t);
}

static void test_scenario__numbers_must_be_finite_and_in_range(void **state)
{
    (void)state;
    char *t = edit("cores: 32", "cores: .nan");
    expect_error(t, "s.yaml:15:20: number must be finite: '.nan'\n");
    free(t);
    t = edit("cores: 32", "cores: -.inf");
    expect_error(t, "s.yaml:15:20: number must be finite: '-.inf'\n");
    free(t);
    t = edit("cores: 32", "cores: 1e400");
    expect_error(t, "s.yaml:15:20: number out of range: '1e400'\n");
    free(t);
    t = edit("cores: 32", "cores: -4");
    expect_error(t, "s.yaml:15:20: cores must be between 1 and 4096 cores, got -4\n");
    free(t);
    t = with("horizon_years: 99999999999999999999\n");
    expect_error(t, "s.yaml:16:16: horizon_years: expected a whole number, got "
                    "'99999999999999999999'\n");
    free(t);
    t = with("seed: -1\n");
    expect_error(t, "s.yaml:16:7: seed must not be negative\n");
    free(t);
}

static void test_scenario__a_seed_may_use_all_64_bits(void **state)
{
    (void)state;
    char *t = with("seed: 18446744073709551615\n");
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, t), 0);
    assert_true(m->seed == UINT64_MAX);
    sl_model_free(m);
    free(msg);
    free(t);
    t = with("seed: 18446744073709551616\n");
    expect_error(t, "s.yaml:16:7: seed: expected a whole number from 0 to 18446744073709551615");
    free(t);
}

static void test_scenario__ids_are_unique_and_references_resolve(void **state)
{
    (void)state;
    char *t = edit("  - id: SKV\n", "  - id: HOST\n");
    expect_error(t, "s.yaml:8:9: duplicate agency id 'HOST'\n");
    free(t);
    t = edit("{id: S, owner: SKV", "{id: S, owner: SKW");
    expect_error(t, "s.yaml:13:20: unknown agency 'SKW' (did you mean 'SKV'?)\n");
    free(t);
    t = edit("{id: S, owner: SKV", "{id: T, owner: SKV");
    expect_error(t, "s.yaml:13:10: duplicate site id 'T'\n");
    free(t);
    t = with("links: [{from: S, to: X, gbps: 1}]\n");
    expect_error(t, "s.yaml:16:23: unknown site 'X' (did you mean 'T'?)\n");
    free(t);
    t = with("gates: [{id: G, kind: legal, lead_time_months: 3, applies_to: {agencies: [SKB]}}]\n");
    expect_error(t, "s.yaml:16:75: unknown agency 'SKB' (did you mean 'SKV'?)\n");
    free(t);
    t = with("migration: {default_method: rehots}\n");
    expect_error(t, "s.yaml:16:29: unknown migration method 'rehots' (did you mean 'rehost'?)\n");
    free(t);
    t = with("pools: {host_models: [H, G]}\n");
    expect_error(t, "s.yaml:16:26: unknown host model 'G' (did you mean 'H'?)\n");
    free(t);
    t = edit("  - id: SKV\n", "  - id: S.KV\n");
    expect_error(t, "s.yaml:8:9: agency id 'S.KV' must be non-empty without '.' or '='\n");
    free(t);
}

static void test_scenario__one_host_agency_and_a_target_site(void **state)
{
    (void)state;
    char *t = edit("role: joining", "role: host");
    expect_error(t, "s.yaml:6:5: exactly one agency must have role: host (found 2)\n");
    free(t);
    t = edit("role: target", "role: source");
    expect_error(t, "s.yaml:12:6: no site has role: target\n");
    free(t);
    t = with("links: [{from: S, to: S, gbps: 1}]\n");
    expect_error(t, "link 1 goes from a site to itself\n");
    free(t);
}

static void test_scenario__missing_required_keys_are_named(void **state)
{
    (void)state;
    char *t = edit("host_models:\n  - {id: H, cores: 32, ram_gb: 512}\n", "");
    expect_error(t, "s.yaml:1:1: missing required key 'host_models'\n");
    free(t);
    t = edit("cores: 32, ", "");
    expect_error(t, "s.yaml:15:6: missing required key 'cores'\n");
    free(t);
    t = edit("samlok: 1", "samlok: 2");
    expect_error(t, "s.yaml:1:9: unsupported format version 2 (this samlok reads 1)\n");
    free(t);
    t = edit("name: test", "name:");
    expect_error(t, "s.yaml:2:1: 'name' has no value\n");
    free(t);
}

static void test_scenario__rules_windows_verdict_cost_adjustable(void **state)
{
    (void)state;
    char *t = with("windows:\n"
                   "  weekly: [{day: saturday, start: \"07:30\", hours: 12}]\n"
                   "  max_critical_groups: 2\n"
                   "migration:\n"
                   "  methods:\n"
                   "    - {id: rehost, effort_hours: 5}\n"
                   "    - {id: rebuild, effort_hours: {min: 20, likely: 30, max: 60}}\n"
                   "  default_method: rebuild\n"
                   "cost: {chargeback_weights: {vcpu: 0.5, ram: 0.5, storage: 0}}\n"
                   "adjustable:\n"
                   "  - {path: agencies.SKV.staff.migration_hours_per_week, min: 300, max: 450,"
                   " step: 50}\n"
                   "  - {path: deadline, values: [2028-06-30]}\n");
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, &msg, t), 0);
    assert_int_equal(m->windows.n_rules, 1);
    assert_int_equal(m->windows.rules[0].start_weekday, 5);
    assert_int_equal(m->windows.rules[0].start_minute, 7 * 60 + 30);
    assert_int_equal(m->windows.max_critical_groups, 2);
    assert_int_equal(m->migration.n_methods, 2);
    assert_int_equal(m->migration.default_method, 1);
    assert_true(m->cost.chargeback_weight_vcpu == 0.5 && m->cost.chargeback_weight_storage == 0);
    assert_int_equal(m->n_adjustables, 2);
    assert_int_equal(m->adjustables[0].n_values, 4);
    assert_string_equal(m->adjustables[0].values[0], "300");
    assert_string_equal(m->adjustables[0].values[3], "450");
    assert_string_equal(m->adjustables[1].values[0], "2028-06-30");
    sl_model_free(m);
    free(msg);
    free(t);

    t = with("windows: {weekly: [{day: friday, start: \"25:00\", hours: 12}]}\n");
    expect_error(t, "s.yaml:16:41: start must be a time HH:MM, got '25:00'\n");
    free(t);
    t = with("windows: {weekly: [{day: fredag, start: \"18:00\", hours: 12}]}\n");
    expect_error(t, "s.yaml:16:26: day: unknown value 'fredag' (did you mean 'friday'?)\n");
    free(t);
    t = with("windows: {weekly: [{day: helg, start: \"18:00\", hours: 12}]}\n");
    expect_error(t, "s.yaml:16:26: day: unknown value 'helg'; expected one of: monday, tuesday, "
                    "wednesday, thursday, friday, saturday, sunday\n");
    free(t);
    t = with("verdict: {go_p_on_time: 0.5, conditional_p_on_time: 0.7}\n");
    expect_error(t, "conditional_p_on_time (0.7) must not exceed go_p_on_time (0.5)\n");
    free(t);
    t = with("cost: {chargeback_weights: {vcpu: 0.5, ram: 0.4}}\n");
    expect_error(t, "chargeback weights must add up to 1 (they add up to 1.1)\n");
    free(t);
}

static void test_scenario__inventory_entries_name_a_file_or_an_export(void **state)
{
    (void)state;
    char *t = edit("    role: joining\n", "    role: joining\n"
                                          "    inventory: [{rvtools: v.csv}]\n");
    expect_error(t, "s.yaml:10:18: an RVTools export needs 'site': where its VMs run today\n");
    free(t);
    t = edit("    role: joining\n", "    role: joining\n"
                                    "    inventory: [{file: a.csv, rvtools: v.csv, site: S}]\n");
    expect_error(t, "s.yaml:10:18: an inventory entry names either 'file' or 'rvtools'\n");
    free(t);
    t = edit("    role: joining\n",
             "    role: joining\n    inventory: [{rvtools: v.csv, site: Q}]\n");
    expect_error(t, "s.yaml:10:40: unknown site 'Q'\n");
    free(t);
}

static void test_scenario__a_swedish_locale_changes_nothing(void **state)
{
    (void)state;
    if (!th_swedish_numbers())
        skip();
    char *t = edit("ops_fte: 25", "ops_fte: 2.5");
    char *t2 = with("adjustable: [{path: pools.cpu_overcommit, min: 2, max: 3, step: 0.5}]\n"
                    "pools: {cpu_overcommit: 2.5}\n");
    char *t3 = edit("cores: 32", "cores: 0.5");
    sl_model *m, *m2;
    char *msg, *msg2, *msg3;
    int rc = load(&m, &msg, t);
    int rc2 = load(&m2, &msg2, t2);
    sl_model *m3;
    int rc3 = load(&m3, &msg3, t3);
    th_c_numbers();
    assert_int_equal(rc, 0);
    assert_true(m->agencies[1].ops_fte == 2.5);
    assert_int_equal(rc2, 0);
    assert_true(m2->pools.cpu_overcommit == 2.5);
    assert_int_equal(m2->adjustables[0].n_values, 3);
    assert_string_equal(m2->adjustables[0].values[1], "2.5");
    assert_int_equal(rc3, SL_EINPUT);
    assert_true(
        th_contains(msg3, "s.yaml:15:20: cores must be between 1 and 4096 cores, got 0.5\n"));
    sl_model_free(m);
    sl_model_free(m2);
    free(msg);
    free(msg2);
    free(msg3);
    free(t);
    free(t2);
    free(t3);
}

/* ---- --set ------------------------------------------------------------ */

static void test_scenario__set_overrides_a_value(void **state)
{
    (void)state;
    const char *sets[] = {"deadline=2028-06-30", "agencies.SKV.staff.migration_hours_per_week=400",
                          "sites.T.capacity.racks=25"};
    sl_model *m;
    char *msg;
    assert_int_equal(load_sets(&m, &msg, base, 3, sets), 0);
    assert_int_equal(m->deadline, sl_date_from_ymd(2028, 6, 30));
    assert_true(m->agencies[1].migration_hours_per_week.likely == 400);
    assert_true(m->sites[0].racks == 25);
    /* the logged value says where it came from */
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].path, "agencies.SKV.staff.migration_hours_per_week") == 0)
            assert_string_equal(m->params[i].file,
                                "--set agencies.SKV.staff.migration_hours_per_week=400");
    sl_model_free(m);
    free(msg);
}

static void test_scenario__set_creates_a_missing_final_key_and_validates_it(void **state)
{
    (void)state;
    const char *sets[] = {"agencies.SKV.budget=5000000",
                          "agencies.HOST.staff={ops_fte: 3, migration_hours_per_week: "
                          "{min: 1, likely: 2, max: 3}}",
                          "host_models.0.cores=48"};
    sl_model *m;
    char *msg;
    assert_int_equal(load_sets(&m, &msg, base, 3, sets), 0);
    assert_true(m->agencies[1].budget == 5000000);
    assert_true(m->agencies[0].ops_fte == 3);
    assert_int_equal(m->agencies[0].migration_hours_per_week.kind, SL_DIST_PERT);
    assert_true(m->host_models[0].cores == 48); /* an index when no item has that id */
    sl_model_free(m);
    free(msg);

    const char *bad_key[] = {"agencies.SKV.budgit=1"};
    assert_int_equal(load_sets(&m, &msg, base, 1, bad_key), SL_EINPUT);
    assert_true(th_contains(msg, "--set agencies.SKV.budgit=1: unknown key 'budgit' (did you mean "
                                 "'budget'?)\n"));
    free(msg);
    const char *bad_value[] = {"agencies.SKV.budget=-1"};
    assert_int_equal(load_sets(&m, &msg, base, 1, bad_value), SL_EINPUT);
    assert_true(th_contains(msg, "--set agencies.SKV.budget=-1: budget must be between 0 and "
                                 "10000000000000 currency, got -1\n"));
    free(msg);
    const char *bad_date[] = {"deadline=2028-02-30"};
    assert_int_equal(load_sets(&m, &msg, base, 1, bad_date), SL_EINPUT);
    assert_true(th_contains(msg, "--set deadline=2028-02-30: deadline: '2028-02-30' is not a date "
                                 "(YYYY-MM-DD) that exists\n"));
    free(msg);
}

static void test_scenario__set_with_a_bad_path_is_an_error(void **state)
{
    (void)state;
    static const struct {
        const char *set, *want;
    } cases[] = {
        {"agencies.SKW.budget=1", "--set: 'agencies.SKW.budget': no list item with id 'SKW'\n"},
        {"agencies.SKV.wages.x=1", "--set: 'agencies.SKV.wages.x': no key 'wages' there\n"},
        {"name.first=x", "--set: 'name.first': 'first' is not inside a mapping\n"},
        {"agencies..id=x", "--set: 'agencies..id': empty path segment\n"},
        {"deadline=", "--set: 'deadline=': the value is not valid YAML\n"},
        {"nothing", "--set: 'nothing' is not PATH=VALUE\n"},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(cases); i++) {
        sl_model *m;
        char *msg;
        const char *sets[] = {cases[i].set};
        assert_int_equal(load_sets(&m, &msg, base, 1, sets), SL_EINPUT);
        assert_null(m);
        if (!th_contains(msg, cases[i].want))
            fail_msg("--set %s", cases[i].set);
        free(msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario__a_minimal_scenario_gets_the_documented_defaults),
        cmocka_unit_test(test_scenario__distributions_min_likely_max),
        cmocka_unit_test(test_scenario__bad_distributions_are_located),
        cmocka_unit_test(test_scenario__any_number_may_be_a_distribution),
        cmocka_unit_test(test_scenario__every_number_is_logged_with_its_path_and_place),
        cmocka_unit_test(test_scenario__an_effort_left_at_its_default_is_logged_and_drawn),
        cmocka_unit_test(test_scenario__a_deadline_before_the_start_is_rejected),
        cmocka_unit_test(test_scenario__dates_must_exist),
        cmocka_unit_test(test_scenario__freezes_yearly_dated_and_month_end),
        cmocka_unit_test(test_scenario__unknown_keys_suggest_the_nearest),
        cmocka_unit_test(test_scenario__yaml_errors_duplicate_keys_and_bad_text),
        cmocka_unit_test(test_scenario__wrong_types_say_what_was_expected),
        cmocka_unit_test(test_scenario__numbers_must_be_finite_and_in_range),
        cmocka_unit_test(test_scenario__a_seed_may_use_all_64_bits),
        cmocka_unit_test(test_scenario__ids_are_unique_and_references_resolve),
        cmocka_unit_test(test_scenario__one_host_agency_and_a_target_site),
        cmocka_unit_test(test_scenario__missing_required_keys_are_named),
        cmocka_unit_test(test_scenario__rules_windows_verdict_cost_adjustable),
        cmocka_unit_test(test_scenario__inventory_entries_name_a_file_or_an_export),
        cmocka_unit_test(test_scenario__a_swedish_locale_changes_nothing),
        cmocka_unit_test(test_scenario__set_overrides_a_value),
        cmocka_unit_test(test_scenario__set_creates_a_missing_final_key_and_validates_it),
        cmocka_unit_test(test_scenario__set_with_a_bad_path_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
