/* SPDX-License-Identifier: MIT */
/*
 * tables_decision.c - the rows of two tables the workbook, the CSV files
 * and the HTML report share (tables.c turns them into tables), joined
 * from the plan document by agency:
 *
 *   Decision  one row per joining agency: P(allowed), P(on time |
 *             allowed), P(on time) from simulation.per_agency, and the
 *             expected NPV saving, P(saving > 0), P10, P50, P90 from
 *             cost.per_agency[].monte_carlo, then the plan's saving under
 *             the name of what it assumes
 *             (npv_saving_if_every_gate_passes_and_no_move_fails);
 *   Outcomes  one row per agency and gate outcome (every gate passes,
 *             some gate is refused, then each gate passed and refused)
 *             from cost.per_agency[].monte_carlo.by_outcome, with its
 *             probability as p_outcome.
 *
 * docs/REPORTS.md states both; tests/reports restates them.
 */
#include "report/report.h"

#include <string.h>

/* Copies src[key] into o under name; an absent key is left out. */
static bool copy(json_t *o, const char *name, json_t *src, const char *key)
{
    json_t *v = sl_jget(src, key);
    return !v || json_object_set(o, name, v) == 0;
}

json_t *sl_report_decision_rows(json_t *doc)
{
    json_t *sim = sl_jarray(doc, "simulation.per_agency");
    json_t *cost = sl_jarray(doc, "cost.per_agency");
    if (!sim || !cost)
        return json_array();
    static const char *const sim_keys[] = {"p_allowed", "p_on_time_given_allowed", "p_on_time"};
    static const char *const mc_keys[] = {"npv_saving_mean", "p_saving_positive",
                                          "npv_saving_p10", "npv_saving_p50", "npv_saving_p90"};
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < json_array_size(sim); i++) {
        json_t *s = json_array_get(sim, i);
        const char *id = sl_jstr(json_object_get(s, "agency"));
        json_t *c = id ? sl_jfind(cost, "agency", id) : NULL;
        json_t *o = json_object();
        bool ok = o && id && sl_json_set(o, "agency", json_string(id));
        for (size_t k = 0; ok && k < SL_ARRAY_LEN(sim_keys); k++)
            ok = copy(o, sim_keys[k], s, sim_keys[k]);
        for (size_t k = 0; ok && c && k < SL_ARRAY_LEN(mc_keys); k++) {
            char path[64];
            snprintf(path, sizeof path, "monte_carlo.%s", mc_keys[k]);
            ok = copy(o, mc_keys[k], c, path);
        }
        ok = ok && (!c || copy(o, "npv_saving_if_every_gate_passes_and_no_move_fails", c,
                               "npv_saving"));
        if (!ok || !sl_json_push(rows, o)) {
            if (!ok)
                json_decref(o);
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

static bool outcome_row(json_t *rows, const char *agency, const char *outcome, const char *gate,
                        json_t *src)
{
    json_t *o = json_object();
    bool ok = o && src && sl_json_set(o, "agency", json_string(agency)) &&
              sl_json_set(o, "outcome", json_string(outcome)) &&
              sl_json_set(o, "gate", gate ? json_string(gate) : json_null()) &&
              copy(o, "p_outcome", src, "p") && copy(o, "iterations", src, "iterations") &&
              copy(o, "npv_saving_mean", src, "npv_saving_mean") &&
              copy(o, "p_saving_positive", src, "p_saving_positive");
    if (!ok) {
        json_decref(o);
        return !src; /* nothing to show is not a failure */
    }
    return sl_json_push(rows, o);
}

json_t *sl_report_outcome_rows(json_t *doc)
{
    json_t *cost = sl_jarray(doc, "cost.per_agency");
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < json_array_size(cost); i++) {
        json_t *c = json_array_get(cost, i);
        const char *id = sl_jstr(json_object_get(c, "agency"));
        json_t *bo = sl_jget(c, "monte_carlo.by_outcome");
        if (!id || !json_is_object(bo))
            continue;
        bool ok = outcome_row(rows, id, "every gate passes", NULL,
                              json_object_get(bo, "if_allowed")) &&
                  outcome_row(rows, id, "some gate is refused", NULL,
                              json_object_get(bo, "if_not_allowed"));
        json_t *gates = json_object_get(bo, "by_gate");
        for (size_t g = 0; ok && g < json_array_size(gates); g++) {
            json_t *bg = json_array_get(gates, g);
            const char *gid = sl_jstr(json_object_get(bg, "gate"));
            ok = outcome_row(rows, id, "the gate passes", gid, json_object_get(bg, "if_passes")) &&
                 outcome_row(rows, id, "the gate is refused", gid,
                             json_object_get(bg, "if_refused"));
        }
        if (!ok) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}
