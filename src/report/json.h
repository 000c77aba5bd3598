/* SPDX-License-Identifier: MIT */
/*
 * json.h - helpers for building the plan document with jansson; each
 * stage's section lives in report/json_<stage>.c.
 */
#ifndef SL_REPORT_JSON_H
#define SL_REPORT_JSON_H

#include "core/core.h"

#include <jansson.h>

json_t *sl_json_date(sl_date d);
json_t *sl_json_str(const char *s);
/* Sets obj[key] = value, consuming value; false when value is NULL or
 * the set failed. */
bool sl_json_set(json_t *obj, const char *key, json_t *value);
bool sl_json_push(json_t *arr, json_t *value);
/* Creates an object or array, attaches it to parent under key (or at the
 * end of an array parent) and returns it borrowed; NULL on failure. Filling
 * a child after attaching it keeps ownership simple. */
json_t *sl_json_add_object(json_t *parent, const char *key);
json_t *sl_json_add_array(json_t *parent, const char *key);
json_t *sl_json_push_object(json_t *array);
/* The `schedule` section and each workload's `window`. */
json_t *sl_json_schedule(const sl_plan *p);
bool sl_json_schedule_workloads(json_t *workloads, const sl_plan *p);
/* The `accounting` section: every joining agency's workloads moved,
 * unmovable or declared not to move, and its halls (json_account.c). */
json_t *sl_json_accounting(const sl_plan *p);
/* Per source hall, what of one agency's workloads in it moves, cannot
 * move, is declared to stay or declared to leave (retire, replace). */
typedef struct sl_hall_count {
    size_t moved, unmovable, stays, leaves;
} sl_hall_count;
/* Fills hc (one per model site) for agency a. */
void sl_account_halls(const sl_plan *p, sl_index a, sl_hall_count *hc);
/* Why the plan keeps the hall open, or NULL when it empties. */
const char *sl_account_hall_kept(const sl_hall_count *h);
/* The `isolation` section: the shared platform under the pool policy and
 * ever looser ones, and the price of each rule (json_isolation.c). */
json_t *sl_json_isolation(const sl_plan *p);
/* The `simulation` section. */
json_t *sl_json_simulate(const sl_plan *p);
/* Adds `grouping` and `groups` to the plan document and `group` to each
 * workload (json_group.c); true when there is no grouping. */
bool sl_json_groups(json_t *root, const sl_plan *p);
/* Adds the assess and place sections (json_place.c); false when out of
 * memory. */
bool sl_json_place(json_t *root, const sl_plan *p);
/* The `cost` section (json_cost.c). */
json_t *sl_json_cost(const sl_plan *p);
/* The `risks` and `verdicts` sections (json_risk.c). */
json_t *sl_json_risks(const sl_plan *p);
json_t *sl_json_verdicts(const sl_plan *p);
/* What the plan's review found (json_review.c): `to_go` into a verdict's
 * object (true, adding nothing, when the agency was not reviewed), and
 * the `without_no_go` section (p->review must be there). */
bool sl_json_to_go(json_t *verdict, const sl_plan *p, sl_index agency);
json_t *sl_json_without_no_go(const sl_plan *p);
/* The `assumptions` section (every number the scenario gave, with its
 * source) and the `calendar` section (freezes as dated spans, gate dates)
 * (json_assumptions.c). */
json_t *sl_json_assumptions(const sl_plan *p);
/* Appends to the assumption log every default the plan used: a key the
 * stages read and the scenario left out, with its value and the page that
 * documents it (json_defaults.c). False when out of memory. */
bool sl_json_assumption_defaults(json_t *arr, const sl_plan *p);
/* The page and section of docs that explains a scenario path. */
const char *sl_assumption_doc(const char *path);
json_t *sl_json_calendar(const sl_plan *p);
/* Adds each workload's effort_hours and depends_on, and each group's
 * gates (json_runbook.c); false when out of memory. */
bool sl_json_runbook(json_t *root, const sl_plan *p);
/* A phrase's "template" (with "template_plural" and "count" when it has
 * them) and "args" as members of obj (phrase_json.c); true, adding
 * nothing, for no phrase. */
bool sl_json_phrase_into(json_t *obj, const sl_phrase *p);
/* The same as an object of its own; null for no phrase. */
json_t *sl_json_phrase(const sl_phrase *p);
/* The whole plan document; NULL when out of memory. */
json_t *sl_json_plan(const sl_plan *p);

#endif
