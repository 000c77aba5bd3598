/* SPDX-License-Identifier: MIT */
/*
 * json_cost.c - the `cost` section of the plan document: NPV of status
 * quo and co-location, payback, the Monte Carlo figures, yearly cash flows
 * per joining agency and line, and chargeback with its KPIs.
 */
#include "report/json.h"

#include <math.h>

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *year_or_null(int y)
{
    return y > 0 ? json_integer(y) : json_null();
}

static json_t *series(const double *v, int n)
{
    json_t *a = json_array();
    bool ok = a != NULL;
    for (int y = 0; ok && y < n; y++)
        ok = sl_json_push(a, num(v[y]));
    if (!ok) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* Over the horizon, in year order (as the host's statement sums it). */
static double sum(const double *v, int n)
{
    double t = 0;
    for (int y = 0; y < n; y++)
        t += v[y];
    return t;
}

static bool flows_json(json_t *o, const sl_cash_flows *f, int n)
{
    bool ok =
        sl_json_set(o, "npv", json_real(f->npv)) && sl_json_set(o, "total", series(f->total, n));
    json_t *lines = ok ? sl_json_add_object(o, "lines") : NULL;
    ok = lines != NULL;
    for (int l = 0; ok && l < SL_COST_N_LINES; l++)
        ok = sl_json_set(lines, sl_cost_line_name((sl_cost_line)l),
                         series(f->lines + (size_t)l * (size_t)n, n));
    return ok;
}

/* Year by year, both totals side by side: what a reader charts. */
static bool cash_flows_json(json_t *o, const sl_costing *c, const sl_cash_flows *sq,
                            const sl_cash_flows *cl)
{
    json_t *arr = sl_json_add_array(o, "cash_flows");
    bool ok = arr != NULL;
    for (int y = 0; ok && y < c->n_years; y++) {
        int year, month, day;
        sl_date_to_ymd(c->year_start[y], &year, &month, &day);
        json_t *row = sl_json_push_object(arr);
        ok = row && sl_json_set(row, "year", json_integer(year)) &&
             sl_json_set(row, "status_quo", json_real(sq->total[y])) &&
             sl_json_set(row, "colocation", json_real(cl->total[y]));
    }
    return ok;
}

static bool saving_if_json(json_t *parent, const char *key, const sl_saving_if *s)
{
    json_t *o = sl_json_add_object(parent, key);
    return o && sl_json_set(o, "iterations", json_integer(s->iterations)) &&
           sl_json_set(o, "p", num(s->p)) &&
           sl_json_set(o, "npv_saving_mean", num(s->npv_saving_mean)) &&
           sl_json_set(o, "p_saving_positive", num(s->p_saving_positive));
}

/* The saving by what the gates did: allowed or not, and per gate. */
static bool by_outcome_json(json_t *mc, const sl_model *m, const sl_agency_cost *ac)
{
    json_t *o = sl_json_add_object(mc, "by_outcome");
    bool ok = o && saving_if_json(o, "if_allowed", &ac->if_allowed) &&
              saving_if_json(o, "if_not_allowed", &ac->if_not_allowed);
    json_t *arr = ok ? sl_json_add_array(o, "by_gate") : NULL;
    ok = arr != NULL;
    for (size_t k = 0; ok && k < ac->n_by_gate; k++) {
        const sl_saving_by_gate *bg = &ac->by_gate[k];
        json_t *g = sl_json_push_object(arr);
        ok = g && sl_json_set(g, "gate", sl_json_str(m->gates[bg->gate].id)) &&
             saving_if_json(g, "if_passes", &bg->if_passes) &&
             saving_if_json(g, "if_refused", &bg->if_refused);
    }
    return ok;
}

static bool agency_json(json_t *o, const sl_model *m, const sl_costing *c, const sl_agency_cost *ac)
{
    int n = c->n_years;
    bool ok = sl_json_set(o, "agency", json_string(m->agencies[ac->agency].id)) &&
              sl_json_set(o, "npv_status_quo", json_real(ac->status_quo.npv)) &&
              sl_json_set(o, "npv_colocation", json_real(ac->colocation.npv)) &&
              sl_json_set(o, "npv_saving", json_real(ac->npv_saving)) &&
              sl_json_set(o, "payback_year", year_or_null(ac->payback_year)) &&
              sl_json_set(o, "migration_labour", json_real(ac->migration_labour)) &&
              sl_json_set(o, "double_running", json_real(ac->double_running)) &&
              sl_json_set(o, "halls_empty", sl_json_date(ac->halls_empty));
    json_t *mc = ok ? sl_json_add_object(o, "monte_carlo") : NULL;
    ok = mc && sl_json_set(mc, "npv_saving_mean", num(ac->npv_saving_mean)) &&
         sl_json_set(mc, "p_saving_positive", num(ac->p_saving_positive)) &&
         sl_json_set(mc, "npv_saving_p10", num(ac->npv_saving_p10)) &&
         sl_json_set(mc, "npv_saving_p50", num(ac->npv_saving_p50)) &&
         sl_json_set(mc, "npv_saving_p90", num(ac->npv_saving_p90)) &&
         sl_json_set(mc, "npv_colocation_mean", num(ac->npv_colocation_mean)) &&
         sl_json_set(mc, "npv_colocation_p50", num(ac->npv_colocation_p50)) &&
         sl_json_set(mc, "npv_colocation_p90", num(ac->npv_colocation_p90)) &&
         sl_json_set(mc, "payback_year_p50", year_or_null(ac->payback_year_p50)) &&
         sl_json_set(mc, "payback_year_p90", year_or_null(ac->payback_year_p90)) &&
         sl_json_set(mc, "p_npv_negative", num(ac->p_npv_negative)) &&
         sl_json_set(mc, "p_over_budget", num(ac->p_over_budget)) && by_outcome_json(mc, m, ac);
    ok = ok && cash_flows_json(o, c, &ac->status_quo, &ac->colocation);
    json_t *sq = ok ? sl_json_add_object(o, "status_quo") : NULL;
    json_t *cl = sq ? sl_json_add_object(o, "colocation") : NULL;
    return cl && flows_json(sq, &ac->status_quo, n) && flows_json(cl, &ac->colocation, n);
}

static bool chargeback_json(json_t *o, const sl_model *m, const sl_costing *c)
{
    int n = c->n_years;
    json_t *pf = sl_json_add_object(o, "platform");
    bool ok = pf && sl_json_set(pf, "from", sl_json_date(c->platform_from)) &&
              sl_json_set(pf, "hardware", json_real(c->platform_hardware)) &&
              sl_json_set(pf, "per_year", json_real(c->platform_per_year)) &&
              sl_json_set(pf, "cost", series(c->platform_cost, n)) &&
              sl_json_set(pf, "charged", series(c->platform_charged, n)) &&
              sl_json_set(pf, "cost_total", json_real(sum(c->platform_cost, n))) &&
              sl_json_set(pf, "charged_total", json_real(sum(c->platform_charged, n)));
    json_t *used = ok ? sl_json_add_object(pf, "capacity_used") : NULL;
    ok = used != NULL;
    for (int d = 0; ok && d < SL_N_DIMS; d++)
        if (isfinite(c->capacity_used[d]))
            ok = sl_json_set(used, sl_dim_name((sl_dim)d), json_real(c->capacity_used[d]));
    json_t *agencies = ok ? sl_json_add_array(o, "agencies") : NULL;
    ok = agencies != NULL;
    for (size_t a = 0; ok && a < m->n_agencies; a++) {
        const sl_chargeback *cb = &c->chargeback[a];
        if (!sl_agency_moves(&m->agencies[a]))
            continue;
        json_t *ao = sl_json_push_object(agencies);
        ok = ao && sl_json_set(ao, "agency", json_string(m->agencies[a].id)) &&
             sl_json_set(ao, "share", json_real(cb->share)) &&
             sl_json_set(ao, "fee_per_year", json_real(cb->fee_per_year)) &&
             sl_json_set(ao, "dedicated_per_year", json_real(cb->dedicated_per_year)) &&
             sl_json_set(ao, "shared_per_year", json_real(cb->shared_per_year)) &&
             sl_json_set(ao, "fee", series(cb->fee, n)) &&
             sl_json_set(ao, "vms", json_integer((json_int_t)cb->n_vms)) &&
             sl_json_set(ao, "vcpu", json_real(cb->vcpu)) &&
             sl_json_set(ao, "ram_gb", json_real(cb->ram_gb)) &&
             sl_json_set(ao, "storage_gb", json_real(cb->storage_gb));
        json_t *kpi = ok ? sl_json_add_object(ao, "kpi") : NULL;
        ok = kpi && sl_json_set(kpi, "cost_per_vm", num(cb->cost_per_vm)) &&
             sl_json_set(kpi, "cost_per_vcpu", num(cb->cost_per_vcpu)) &&
             sl_json_set(kpi, "fee_change", series(cb->fee_change, n));
    }
    return ok;
}

json_t *sl_json_cost(const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_costing *c = p->cost;
    json_t *o = json_object();
    bool ok = o && sl_json_set(o, "currency", sl_json_str(m->currency)) &&
              sl_json_set(o, "discount_rate", json_real(c->discount_rate)) &&
              sl_json_set(o, "horizon_years", json_integer(c->n_years)) &&
              sl_json_set(
                  o, "capex",
                  json_string(m->cost.capex == SL_CAPEX_PURCHASE ? "purchase" : "depreciation")) &&
              sl_json_set(o, "npv_status_quo", json_real(c->npv_status_quo)) &&
              sl_json_set(o, "npv_colocation", json_real(c->npv_colocation)) &&
              sl_json_set(o, "npv_saving", json_real(c->npv_saving)) &&
              sl_json_set(o, "payback_year", year_or_null(c->payback_year));
    json_t *mc = ok ? sl_json_add_object(o, "monte_carlo") : NULL;
    ok = mc && sl_json_set(mc, "npv_saving_mean", num(c->npv_saving_mean)) &&
         sl_json_set(mc, "p_saving_positive", num(c->p_saving_positive)) &&
         sl_json_set(mc, "npv_saving_p10", num(c->npv_saving_p10)) &&
         sl_json_set(mc, "npv_saving_p50", num(c->npv_saving_p50)) &&
         sl_json_set(mc, "npv_saving_p90", num(c->npv_saving_p90)) &&
         sl_json_set(mc, "npv_colocation_p50", num(c->npv_colocation_p50)) &&
         sl_json_set(mc, "npv_colocation_p90", num(c->npv_colocation_p90)) &&
         sl_json_set(mc, "p_npv_negative", num(c->p_npv_negative));
    json_t *years = ok ? sl_json_add_array(o, "years") : NULL;
    ok = years != NULL;
    for (int y = 0; ok && y < c->n_years; y++)
        ok = sl_json_push(years, sl_json_date(c->year_start[y]));
    /* all costed agencies together */
    json_t *all = ok ? sl_json_add_array(o, "cash_flows") : NULL;
    ok = all != NULL;
    for (int y = 0; ok && y < c->n_years; y++) {
        double sq = 0, cl = 0;
        for (size_t a = 0; a < m->n_agencies; a++) {
            if (!c->per_agency[a].is_costed)
                continue;
            sq += c->per_agency[a].status_quo.total[y];
            cl += c->per_agency[a].colocation.total[y];
        }
        int year, month, day;
        sl_date_to_ymd(c->year_start[y], &year, &month, &day);
        json_t *row = sl_json_push_object(all);
        ok = row && sl_json_set(row, "year", json_integer(year)) &&
             sl_json_set(row, "status_quo", json_real(sq)) &&
             sl_json_set(row, "colocation", json_real(cl));
    }
    json_t *per = ok ? sl_json_add_array(o, "per_agency") : NULL;
    ok = per != NULL;
    for (size_t a = 0; ok && a < m->n_agencies; a++) {
        if (!c->per_agency[a].is_costed)
            continue;
        json_t *ao = sl_json_push_object(per);
        ok = ao && agency_json(ao, m, c, &c->per_agency[a]);
    }
    json_t *cb = ok ? sl_json_add_object(o, "chargeback") : NULL;
    ok = cb && chargeback_json(cb, m, c);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
