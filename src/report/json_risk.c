/* SPDX-License-Identifier: MIT */
/*
 * json_risk.c - the `risks` and `verdicts` sections of the plan document:
 * the risk register (declared and computed, a computed one with the
 * phrases of its title, basis and mitigation), and per agency its verdict
 * with reasons `{code, text, template, args}` heaviest first and, when
 * not go, the conditions that would make it go.
 */
#include "report/json.h"

static json_t *agency_or_all(const sl_model *m, sl_index a)
{
    return a == SL_NONE ? json_null() : json_string(m->agencies[a].id);
}

json_t *sl_json_risks(const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_risk_register *r = p->risk;
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < r->n_risks; i++) {
        const sl_risk *k = &r->risks[i];
        json_t *o = sl_json_push_object(arr);
        ok = o && sl_json_set(o, "id", sl_json_str(k->id)) &&
             sl_json_set(o, "source", json_string(k->is_declared ? "declared" : "computed")) &&
             sl_json_set(o, "code", sl_json_str(k->code)) &&
             sl_json_set(o, "category", json_string(sl_risk_category_name(k->category))) &&
             sl_json_set(o, "agency", agency_or_all(m, k->agency)) &&
             sl_json_set(o, "gate",
                         k->gate == SL_NONE ? json_null() : json_string(m->gates[k->gate].id)) &&
             sl_json_set(o, "title", sl_json_str(k->title)) &&
             sl_json_set(o, "likelihood", json_integer(k->likelihood)) &&
             sl_json_set(o, "impact", json_integer(k->impact)) &&
             sl_json_set(o, "score", json_integer(k->score)) &&
             sl_json_set(o, "scored", json_boolean(k->is_scored)) &&
             sl_json_set(o, "judged_by",
                         k->is_scored ? json_null() : sl_json_str(k->judged_by)) &&
             sl_json_set(o, "owner", sl_json_str(k->owner)) &&
             sl_json_set(o, "mitigation", sl_json_str(k->mitigation)) &&
             sl_json_set(o, "basis", sl_json_str(k->basis));
        if (ok && k->title_phrase.tmpl) {
            json_t *ph = sl_json_add_object(o, "phrases");
            ok = ph && sl_json_set(ph, "title", sl_json_phrase(&k->title_phrase)) &&
                 sl_json_set(ph, "basis", sl_json_phrase(&k->basis_phrase)) &&
                 sl_json_set(ph, "mitigation", sl_json_phrase(&k->mitigation_phrase));
        }
    }
    if (!ok) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

static json_t *reasons_json(const sl_verdict_reason *r, size_t n)
{
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        json_t *o = sl_json_push_object(arr);
        ok = o && sl_json_set(o, "code", json_string(r[i].code)) &&
             sl_json_set(o, "text", json_string(r[i].text)) &&
             sl_json_phrase_into(o, &r[i].phrase);
    }
    if (!ok) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

json_t *sl_json_verdicts(const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_risk_register *r = p->risk;
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < r->n_verdicts; i++) {
        const sl_verdict *v = &r->verdicts[i];
        json_t *o = sl_json_push_object(arr);
        ok = o && sl_json_set(o, "agency", json_string(m->agencies[v->agency].id)) &&
             sl_json_set(o, "verdict", json_string(sl_verdict_name(v->verdict))) &&
             sl_json_set(o, "reasons", reasons_json(v->reasons, v->n_reasons));
        if (ok && v->verdict != SL_VERDICT_HOST && v->verdict != SL_VERDICT_OUT)
            ok = sl_json_set(o, "conditions", reasons_json(v->conditions, v->n_conditions)) &&
                 sl_json_to_go(o, p, v->agency);
    }
    if (!ok) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}
