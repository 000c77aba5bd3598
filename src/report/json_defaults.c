/* SPDX-License-Identifier: MIT */
/*
 * json_defaults.c - the defaults the plan used, for the assumption log:
 * every number the stages read that the scenario left out, with the
 * value taken and the page that documents the key. A default can decide
 * the answer as much as a number the user wrote (a hardware refresh of
 * 100 % in the status quo, 800 an hour, a PUE of 1.5, 5 W a vCPU), so the
 * log shows both.
 *
 * Listed: the top-level rules every plan reads (pools, migration,
 * verdict, cost), and per entity the keys the plan reads of it: each
 * joining agency with workloads (its staff), each hall holding
 * workloads and the target (running cost, energy), each link, each
 * migration method some workload uses, each gate. A key counts as given
 * when the scenario (or a --set) wrote it: sl_model.params has its path.
 */
#include "report/json.h"

#include <math.h>
#include <string.h>

#define SET(o, k, v) ok = ok && sl_json_set((o), (k), (v))

/* The page and section of docs that explains a scenario path. */
const char *sl_assumption_doc(const char *path)
{
    static const struct {
        const char *prefix, *doc;
    } pages[] = {
        {"agencies.", "docs/SCENARIO.md, agencies[] (staff)"},
        {"sites.", "docs/SCENARIO.md, sites[]"},
        {"links.", "docs/SCENARIO.md, links[]"},
        {"host_models.", "docs/SCENARIO.md, host_models[]"},
        {"pools.", "docs/SCENARIO.md, pools"},
        {"windows.", "docs/SCENARIO.md, windows"},
        {"migration.", "docs/SCENARIO.md, migration"},
        {"gates.", "docs/SCENARIO.md, gates[]"},
        {"risks.", "docs/SCENARIO.md, risks[]"},
        {"verdict.", "docs/COST.md, Verdicts; docs/SCENARIO.md, verdict"},
        {"cost.", "docs/COST.md, Scenario keys; docs/SCENARIO.md, cost"},
        {"status_quo.", "docs/COST.md, Status quo: the agency keeps its halls"},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(pages); i++)
        if (strncmp(path, pages[i].prefix, strlen(pages[i].prefix)) == 0)
            return pages[i].doc;
    return "docs/SCENARIO.md, Top level";
}

typedef struct dlog {
    const sl_model *m;
    json_t *arr;
    bool ok;
} dlog;

static bool is_given(const sl_model *m, const char *path)
{
    for (size_t i = 0; i < m->n_params; i++)
        if (strcmp(m->params[i].path, path) == 0)
            return true;
    return false;
}

/* One default, when the scenario did not give the key. */
static void add(dlog *l, const char *path, double value, const char *unit)
{
    if (!l->ok || !path) {
        l->ok = false;
        return;
    }
    if (is_given(l->m, path))
        return;
    json_t *o = sl_json_push_object(l->arr);
    bool ok = o != NULL;
    SET(o, "path", json_string(path));
    SET(o, "value", isfinite(value) ? json_real(value) : json_null());
    SET(o, "dist", json_string("fixed"));
    SET(o, "min", json_null());
    SET(o, "max", json_null());
    SET(o, "simulated", json_false());
    SET(o, "unit", sl_json_str(unit));
    SET(o, "file", json_string("(default)"));
    SET(o, "line", json_integer(0));
    SET(o, "column", json_integer(0));
    SET(o, "documented", json_string(sl_assumption_doc(path)));
    l->ok = ok;
}

/* Printf a path into buf (a path longer than it is not one we write). */
#define PATH(buf, ...) (snprintf(buf, sizeof buf, __VA_ARGS__) < (int)sizeof buf ? buf : NULL)

static void rules(dlog *l)
{
    const sl_model *m = l->m;
    add(l, "discount_rate", m->discount_rate, "share/year");
    add(l, "pools.cpu_overcommit", m->pools.cpu_overcommit, "vCPU/thread");
    add(l, "pools.ram_overcommit", m->pools.ram_overcommit, "");
    add(l, "pools.max_utilisation", m->pools.max_utilisation, "share");
    if (m->pools.sizing == SL_SIZING_PERFORMANCE)
        add(l, "pools.comfort_factor", m->pools.comfort_factor, "");
    add(l, "migration.effort_correlation", m->migration.effort_correlation, "0..1");
    add(l, "migration.hard_edge_mbps", m->migration.hard_edge_mbps, "Mbit/s");
    const sl_verdict_rules *v = &m->verdict;
    add(l, "verdict.go_p_on_time", v->go_p_on_time, "probability");
    add(l, "verdict.conditional_p_on_time", v->conditional_p_on_time, "probability");
    add(l, "verdict.max_blocked_share", v->max_blocked_share, "share");
    add(l, "verdict.max_risk_score", v->max_risk_score, "");
    add(l, "verdict.no_go_risk_score", v->no_go_risk_score, "");
    add(l, "verdict.budget_p90_margin", v->budget_p90_margin, "share");
    add(l, "verdict.min_npv_saving", v->min_npv_saving, "currency");
    const sl_cost_rules *c = &m->cost;
    add(l, "cost.depreciation_years", c->depreciation_years, "years");
    add(l, "cost.chargeback_weights.vcpu", c->chargeback_weight_vcpu, "");
    add(l, "cost.chargeback_weights.ram", c->chargeback_weight_ram, "");
    add(l, "cost.chargeback_weights.storage", c->chargeback_weight_storage, "");
    add(l, "cost.rack_cost_per_year", c->rack_cost_per_year, "currency/rack/year");
    add(l, "cost.licence_per_core_year", c->licence_per_core_year, "currency/core/year");
    add(l, "cost.status_quo_hardware_share", c->status_quo_hardware_share, "share");
    add(l, "cost.host_ops_fte", c->host_ops_fte, "FTE");
    add(l, "cost.staff_reduction_cost_per_fte", c->staff_reduction_cost_per_fte, "currency/FTE");
}

static void agencies(dlog *l, const size_t *workloads)
{
    const sl_model *m = l->m;
    char b[512];
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency *ag = &m->agencies[a];
        if (ag->role == SL_ROLE_HOST) {
            if (m->cost.host_ops_fte > 0)
                add(l, PATH(b, "agencies.%s.staff.fte_cost_per_year", ag->id),
                    ag->fte_cost_per_year, "currency/FTE/year");
            continue;
        }
        if (!workloads[a])
            continue;
        add(l, PATH(b, "agencies.%s.staff.ops_fte", ag->id), ag->ops_fte, "FTE");
        add(l, PATH(b, "agencies.%s.staff.migration_hours_per_week", ag->id),
            ag->migration_hours_per_week.likely, "h/week");
        add(l, PATH(b, "agencies.%s.staff.cost_per_hour", ag->id), ag->cost_per_hour,
            "currency/h");
        add(l, PATH(b, "agencies.%s.staff.fte_cost_per_year", ag->id), ag->fte_cost_per_year,
            "currency/FTE/year");
        add(l, PATH(b, "agencies.%s.staff.fte_after", ag->id), ag->ops_fte_after, "FTE");
        add(l, PATH(b, "agencies.%s.staff.decline_share", ag->id),
            ag->staff_decline_share.likely, "share");
        add(l, PATH(b, "agencies.%s.staff.early_leave_share", ag->id),
            ag->staff_early_leave_share.likely, "share");
    }
}

static void sites(dlog *l, const size_t *site_workloads)
{
    const sl_model *m = l->m;
    char b[512];
    bool legacy_watts = false;
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *st = &m->sites[s];
        bool is_target = st->role == SL_SITE_TARGET;
        if (!is_target && !site_workloads[s])
            continue;
        add(l, PATH(b, "sites.%s.pue", st->id), st->pue, "");
        add(l, PATH(b, "sites.%s.energy_price", st->id), st->energy_price.likely, "currency/kWh");
        add(l, PATH(b, "sites.%s.energy_tax", st->id), st->energy_tax, "currency/kWh");
        if (is_target) {
            add(l, PATH(b, "sites.%s.rack_kw", st->id), st->rack_kw, "kW/rack");
            add(l, PATH(b, "sites.%s.rack_units", st->id), st->rack_units, "U");
            add(l, PATH(b, "sites.%s.rack_floor_m2", st->id), st->rack_floor_m2, "m2/rack");
            continue;
        }
        add(l, PATH(b, "sites.%s.rent_per_year", st->id), st->rent_per_year, "currency/year");
        add(l, PATH(b, "sites.%s.opex_per_year", st->id), st->opex_per_year, "currency/year");
        legacy_watts |= !(st->it_kw > 0);
    }
    /* a hall without it_kw draws legacy_watts_per_vcpu for each vCPU */
    if (legacy_watts)
        add(l, "cost.legacy_watts_per_vcpu", m->cost.legacy_watts_per_vcpu, "W");
    for (size_t k = 0; k < m->n_links; k++) {
        add(l, PATH(b, "links.%zu.usable_share", k), m->links[k].usable_share, "share");
        add(l, PATH(b, "links.%zu.rtt_ms", k), m->links[k].rtt_ms.likely, "ms");
    }
}

static void methods_and_gates(dlog *l, const bool *method_used)
{
    const sl_model *m = l->m;
    char b[512];
    for (size_t k = 0; k < m->migration.n_methods; k++) {
        const sl_method *me = &m->migration.methods[k];
        if (!method_used[k])
            continue;
        add(l, PATH(b, "migration.methods.%s.failure_rate", me->id), me->failure_rate.likely,
            "probability");
        add(l, PATH(b, "migration.methods.%s.legacy_failure_factor", me->id),
            me->legacy_failure_factor, "");
        add(l, PATH(b, "migration.methods.%s.effort_hours_per_tb", me->id),
            me->effort_hours_per_tb, "h/TB");
        add(l, PATH(b, "migration.methods.%s.copy_share", me->id), me->copy_factor, "share");
    }
    for (size_t g = 0; g < m->n_gates; g++)
        add(l, PATH(b, "gates.%s.pass_probability", m->gates[g].id), m->gates[g].pass_probability,
            "probability");
}

bool sl_json_assumption_defaults(json_t *arr, const sl_plan *p)
{
    const sl_model *m = p->model;
    size_t *workloads = sl_calloc(m->n_agencies + 1, sizeof *workloads);
    size_t *site_workloads = sl_calloc(m->n_sites + 1, sizeof *site_workloads);
    bool *method_used = sl_calloc(m->migration.n_methods + 1, sizeof *method_used);
    dlog l = {m, arr, workloads && site_workloads && method_used};
    for (size_t i = 0; l.ok && i < m->n_workloads; i++) {
        const sl_workload *w = &m->workloads[i];
        workloads[w->agency]++;
        site_workloads[w->site]++;
        if (w->method < m->migration.n_methods)
            method_used[w->method] = true;
    }
    if (l.ok) {
        rules(&l);
        agencies(&l, workloads);
        sites(&l, site_workloads);
        methods_and_gates(&l, method_used);
    }
    sl_free(workloads);
    sl_free(site_workloads);
    sl_free(method_used);
    return l.ok;
}
