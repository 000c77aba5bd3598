/* SPDX-License-Identifier: MIT */
/*
 * json_review.c - what the plan's review found (sl_plan_review), in the
 * plan document:
 *
 * - `to_go` in each reviewed verdict: the levers (decisions) applied
 *   together, whether the re-run made the agency go (`verified`), its
 *   verdict then, what still objects (`missing`), and why leaving
 *   workloads behind cannot answer the gates or accounted rule
 *   (`no_scope`, when one still objects);
 * - `without_no_go`: the plan re-run with the no-go agencies' workloads
 *   left out: each remaining agency's verdict, fee and saving, beside
 *   its figures with everyone in, and whether the host recovers its cost.
 */
#include "report/json.h"

#include <math.h>

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

bool sl_json_to_go(json_t *o, const sl_plan *p, sl_index a)
{
    const sl_review *r = p->review;
    if (!r || a >= r->n_agencies || !r->to_go[a].is_reviewed)
        return true;
    const sl_to_go *t = &r->to_go[a];
    json_t *tg = sl_json_add_object(o, "to_go");
    bool ok = tg && sl_json_set(tg, "verified", json_boolean(t->is_verified)) &&
              sl_json_set(tg, "verdict", json_string(sl_verdict_name(t->verdict))) &&
              sl_json_set(tg, "runs", json_integer(t->runs)) &&
              (!t->error || sl_json_set(tg, "error", json_string(t->error))) &&
              (!t->no_scope || sl_json_set(tg, "no_scope", json_string(t->no_scope))) &&
              (!t->no_scope || !t->no_scope_phrase.tmpl ||
               sl_json_set(tg, "no_scope_phrase", sl_json_phrase(&t->no_scope_phrase)));
    json_t *levers = ok ? sl_json_add_array(tg, "levers") : NULL;
    ok = levers != NULL;
    for (size_t i = 0; ok && i < t->n_levers; i++) {
        json_t *l = sl_json_push_object(levers);
        ok = l && sl_json_set(l, "rule", json_string(t->levers[i].rule)) &&
             sl_json_set(l, "text", json_string(t->levers[i].text)) &&
             sl_json_set(l, "set", json_string(t->levers[i].set)) &&
             sl_json_phrase_into(l, &t->levers[i].phrase);
    }
    json_t *missing = ok ? sl_json_add_array(tg, "missing") : NULL;
    ok = missing != NULL;
    for (size_t i = 0; ok && i < t->n_missing; i++) {
        json_t *l = sl_json_push_object(missing);
        ok = l && sl_json_set(l, "code", json_string(t->missing[i].code)) &&
             sl_json_set(l, "text", json_string(t->missing[i].text)) &&
             sl_json_phrase_into(l, &t->missing[i].phrase);
    }
    return ok;
}

json_t *sl_json_without_no_go(const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_without *w = &p->review->without;
    json_t *o = json_object();
    json_t *left = o ? sl_json_add_array(o, "left_out") : NULL;
    bool ok = left != NULL;
    for (size_t i = 0; ok && i < w->n_left_out; i++)
        ok = sl_json_push(left, json_string(m->agencies[w->left_out[i]].id));
    ok = ok && sl_json_set(o, "hosts", json_integer((json_int_t)w->hosts));
    json_t *pf = ok ? sl_json_add_object(o, "platform") : NULL;
    ok = pf && sl_json_set(pf, "per_year", json_real(w->platform_per_year)) &&
         sl_json_set(pf, "cost", json_real(w->platform_cost)) &&
         sl_json_set(pf, "charged", json_real(w->platform_charged)) &&
         sl_json_set(pf, "cost_recovered", json_boolean(w->is_cost_recovered));
    json_t *arr = ok ? sl_json_add_array(o, "agencies") : NULL;
    ok = arr != NULL;
    for (size_t a = 0; ok && a < m->n_agencies; a++) {
        const sl_without_agency *wa = &w->per_agency[a];
        if (!wa->is_in)
            continue;
        const sl_agency_cost *ac = &p->cost->per_agency[a];
        json_t *ao = sl_json_push_object(arr);
        ok = ao && sl_json_set(ao, "agency", json_string(m->agencies[a].id)) &&
             sl_json_set(ao, "verdict", json_string(sl_verdict_name(wa->verdict))) &&
             sl_json_set(ao, "fee_per_year", json_real(wa->fee_per_year)) &&
             sl_json_set(ao, "fee_per_year_with_all",
                         json_real(p->cost->chargeback[a].fee_per_year)) &&
             sl_json_set(ao, "npv_saving_mean", num(wa->npv_saving_mean)) &&
             sl_json_set(ao, "npv_saving_mean_with_all", num(ac->npv_saving_mean)) &&
             sl_json_set(ao, "p_saving_positive", num(wa->p_saving_positive)) &&
             sl_json_set(ao, "npv_saving", num(wa->npv_saving));
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
