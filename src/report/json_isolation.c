/* SPDX-License-Identifier: MIT */
/*
 * json_isolation.c - the `isolation` section of the plan document: the
 * price of each isolation rule (issue 14). `steps`: the shared platform
 * under the pool policy and under each looser policy (hosts, racks, kW,
 * floor, purchase, yearly run cost, cost over the horizon as a present
 * value); `price`: for each rule of the policy, what it costs against the
 * next looser policy, the step before minus the step that drops it.
 */
#include "report/json.h"

/* The rules in the order the document lists them. */
static const unsigned rules[] = {SL_ISOLATE_AGENCY, SL_ISOLATE_SECURITY_CLASS, SL_ISOLATE_ENV};

/* The policy's rules as a list of words. */
static json_t *policy_json(unsigned isolation)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < SL_ARRAY_LEN(rules); i++)
        if ((isolation & rules[i]) && !sl_json_push(a, json_string(sl_isolation_name(rules[i])))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

json_t *sl_json_isolation(const sl_plan *p)
{
    const sl_placement *pl = p->placement;
    const double *npv = p->cost ? p->cost->isolation_npv : NULL;
    json_t *o = json_object();
    bool ok = o && sl_json_set(o, "policy", policy_json(p->model->pools.isolation));
    json_t *steps = ok ? sl_json_add_array(o, "steps") : NULL;
    ok = steps != NULL;
    for (size_t k = 0; ok && k < pl->n_isolation_steps; k++) {
        const sl_isolation_step *st = &pl->isolation_steps[k];
        json_t *so = sl_json_push_object(steps);
        ok = so && sl_json_set(so, "isolation", policy_json(st->isolation)) &&
             sl_json_set(so, "hosts", json_integer((json_int_t)st->hosts)) &&
             sl_json_set(so, "racks", json_integer((json_int_t)st->racks)) &&
             sl_json_set(so, "it_kw", json_real(st->it_kw)) &&
             sl_json_set(so, "facility_kw", json_real(st->facility_kw)) &&
             sl_json_set(so, "floor_m2", json_real(st->floor_m2)) &&
             sl_json_set(so, "hardware", json_real(st->cost_hardware)) &&
             sl_json_set(so, "cost_per_year", json_real(st->cost_per_year)) &&
             (!npv || sl_json_set(so, "npv_horizon", json_real(npv[k])));
    }
    json_t *price = ok ? sl_json_add_array(o, "price") : NULL;
    ok = price != NULL;
    for (size_t k = 1; ok && k < pl->n_isolation_steps; k++) {
        const sl_isolation_step *st = &pl->isolation_steps[k], *prev = st - 1;
        json_t *po = sl_json_push_object(price);
        ok = po && sl_json_set(po, "rule", json_string(sl_isolation_name(st->dropped))) &&
             sl_json_set(po, "against", policy_json(st->isolation)) &&
             sl_json_set(po, "hosts", json_integer((json_int_t)prev->hosts - (json_int_t)st->hosts)) &&
             sl_json_set(po, "racks", json_integer((json_int_t)prev->racks - (json_int_t)st->racks)) &&
             sl_json_set(po, "facility_kw", json_real(prev->facility_kw - st->facility_kw)) &&
             sl_json_set(po, "hardware", json_real(prev->cost_hardware - st->cost_hardware)) &&
             sl_json_set(po, "cost_per_year", json_real(prev->cost_per_year - st->cost_per_year)) &&
             (!npv || sl_json_set(po, "npv_horizon", json_real(npv[k - 1] - npv[k])));
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
