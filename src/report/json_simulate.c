/* SPDX-License-Identifier: MIT */
/*
 * json_simulate.c - the `simulation` section of the plan document.
 */
#include "report/json.h"

#include <math.h>

static json_t *num_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static bool outcome_json(json_t *o, const sl_model *m, const sl_sim_outcome *s)
{
    return (s->agency == SL_NONE || sl_json_set(o, "agency", json_string(m->agencies[s->agency].id))) &&
           sl_json_set(o, "p_on_time", json_real(s->p_on_time)) &&
           sl_json_set(o, "p_on_time_stderr", json_real(s->p_on_time_stderr)) &&
           sl_json_set(o, "p_allowed", json_real(s->p_allowed)) &&
           sl_json_set(o, "p_on_time_given_allowed", num_or_null(s->p_on_time_given_allowed)) &&
           sl_json_set(o, "p_on_time_given_allowed_stderr",
                       num_or_null(s->p_on_time_given_allowed_stderr)) &&
           sl_json_set(o, "finish_p10", sl_json_date(s->finish_p10)) &&
           sl_json_set(o, "finish_p50", sl_json_date(s->finish_p50)) &&
           sl_json_set(o, "finish_p80", sl_json_date(s->finish_p80)) &&
           sl_json_set(o, "finish_p90", sl_json_date(s->finish_p90)) &&
           sl_json_set(o, "cost_p50", json_real(s->cost_p50)) &&
           sl_json_set(o, "cost_p90", json_real(s->cost_p90)) &&
           sl_json_set(o, "cost_mean", json_real(s->cost_mean)) &&
           sl_json_set(o, "blocked_share", json_real(s->blocked_share)) &&
           sl_json_set(o, "p_blocked", json_real(s->p_blocked));
}

/* "If the approvals come through": the finish among the iterations in
 * which every gate holding moves passed. */
static bool if_gates_pass_json(json_t *o, const sl_sim_if_gates_pass *g)
{
    json_t *c = sl_json_add_object(o, "if_gates_pass");
    return c && sl_json_set(c, "iterations", json_integer(g->iterations)) &&
           sl_json_set(c, "p_on_time", num_or_null(g->p_on_time)) &&
           sl_json_set(c, "finish_p50", sl_json_date(g->finish_p50)) &&
           sl_json_set(c, "finish_p80", sl_json_date(g->finish_p80)) &&
           sl_json_set(c, "finish_p90", sl_json_date(g->finish_p90));
}

static bool histogram_json(json_t *o, const sl_histogram *h, const char *unit)
{
    json_t *counts = sl_json_add_array(o, "counts");
    bool ok = counts && sl_json_set(o, "unit", json_string(unit)) &&
              sl_json_set(o, "lo", json_real(h->lo)) &&
              sl_json_set(o, "width", json_real(h->width));
    for (size_t k = 0; ok && k < h->n_bins; k++)
        ok = sl_json_push(counts, json_integer(h->counts[k]));
    return ok;
}

/* 101 points: the value at each percent, from the sorted iterations. */
static bool s_curve_json(json_t *arr, const double *sorted, long n, sl_date start, bool is_days)
{
    bool ok = true;
    for (int q = 0; ok && q <= 100; q++) {
        long k = (long)ceil(q / 100.0 * (double)n);
        k = k <= 0 ? 0 : k - 1;
        double v = sorted[k];
        if (is_days)
            ok = sl_json_push(arr, isfinite(v) ? sl_json_date(start + (sl_date)v) : json_null());
        else
            ok = sl_json_push(arr, json_real(v));
    }
    return ok;
}

/* `tornado_measure` and `tornado` ({method, inputs}) into o. */
static bool tornado_json(json_t *o, sl_tornado_measure measure, const sl_tornado_bar *bars,
                         size_t n, const char *method)
{
    bool ok = sl_json_set(o, "tornado_measure", json_string(sl_tornado_measure_name(measure)));
    json_t *tor = ok ? sl_json_add_object(o, "tornado") : NULL;
    ok = tor && sl_json_set(tor, "method", json_string(method));
    json_t *arr = ok ? sl_json_add_array(tor, "inputs") : NULL;
    ok = arr != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        const sl_tornado_bar *b = &bars[i];
        json_t *bo = sl_json_push_object(arr);
        ok = bo && sl_json_set(bo, "input", json_string(b->input)) &&
             sl_json_set(bo, "low", json_real(b->low)) &&
             sl_json_set(bo, "high", json_real(b->high)) &&
             sl_json_set(bo, "p_on_time_low", json_real(b->p_on_time_low)) &&
             sl_json_set(bo, "p_on_time_high", json_real(b->p_on_time_high)) &&
             sl_json_set(bo, "finish_p80_low_days", num_or_null(b->finish_p80_low_days)) &&
             sl_json_set(bo, "finish_p80_high_days", num_or_null(b->finish_p80_high_days)) &&
             sl_json_set(bo, "spearman_finish", json_real(b->spearman_finish)) &&
             sl_json_set(bo, "swing", num_or_null(b->swing));
    }
    return ok;
}

json_t *sl_json_simulate(const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_simulation *s = p->simulation;
    json_t *o = json_object();
    bool ok = o && sl_json_set(o, "iterations", json_integer(s->iterations)) &&
              sl_json_set(o, "seed", json_integer((json_int_t)s->seed)) &&
              sl_json_set(o, "deadline", sl_json_date(m->deadline)) &&
              outcome_json(o, m, &s->overall) &&
              sl_json_set(o, "mean_retries", json_real(s->overall.mean_retries)) &&
              if_gates_pass_json(o, &s->if_gates_pass);
    json_t *per = ok ? sl_json_add_array(o, "per_agency") : NULL;
    ok = per != NULL;
    for (size_t a = 0; ok && a < s->n_agencies; a++) {
        if (!sl_agency_moves(&m->agencies[a]))
            continue;
        json_t *ao = sl_json_push_object(per);
        const sl_sim_tornado *t = &s->per_agency_tornado[a];
        ok = ao && outcome_json(ao, m, &s->per_agency[a]) &&
             if_gates_pass_json(ao, &s->per_agency_if_gates_pass[a]) &&
             tornado_json(ao, t->measure, t->bars, t->n_bars,
                          "as simulation.tornado, from the agency's finish, keeping the "
                          "inputs that move it beyond Monte Carlo noise (3 standard "
                          "errors) and the gates holding its moves");
    }
    json_t *hist = ok ? sl_json_add_object(o, "histogram") : NULL;
    json_t *hf = hist ? sl_json_add_object(hist, "finish") : NULL;
    json_t *hc = hf ? sl_json_add_object(hist, "cost") : NULL;
    ok = hc && histogram_json(hf, &s->finish_days, "days after start") &&
         sl_json_set(hf, "start", sl_json_date(m->start)) &&
         histogram_json(hc, &s->cost, m->currency);
    json_t *curve = ok ? sl_json_add_object(o, "s_curve") : NULL;
    json_t *cf = curve ? sl_json_add_array(curve, "finish") : NULL;
    json_t *cc = cf ? sl_json_add_array(curve, "cost") : NULL;
    ok = cc && s_curve_json(cf, s->finish_sorted_days, s->iterations, m->start, true) &&
         s_curve_json(cc, s->cost_sorted, s->iterations, m->start, false);
    ok = ok && tornado_json(o, s->tornado_measure, s->tornado, s->n_tornado,
                            "swing between the iterations where the input is in its "
                            "lowest and highest decile (gates: failed vs passed), "
                            "and Spearman rank correlation with the finish");
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
