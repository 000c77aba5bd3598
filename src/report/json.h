/* SPDX-License-Identifier: MIT */
/*
 * json.h - helpers for building the plan document with jansson; each
 * stage's section lives in report/json_<stage>.c.
 */
#ifndef SL_REPORT_JSON_H
#define SL_REPORT_JSON_H

#include "core/core.h"

#include <jansson.h>
#include <stdio.h>

/* A writer of the plan document value after value (json_stream.c): to a
 * file, byte for byte what jansson prints for the same tree with the
 * document's flags, or into a jansson tree. key names the member in an
 * object, NULL for an item of an array (or the document itself). Errors
 * are sticky; sl_jw_finish returns the first. */
#define SL_JW_DEPTH 24
typedef struct sl_jw {
    FILE *out;                    /* to a file; NULL: into a tree */
    json_t *root;                 /* the tree built (tree mode) */
    json_t *stack[SL_JW_DEPTH];   /* open containers (tree mode), borrowed */
    bool is_object[SL_JW_DEPTH];  /* per open container */
    bool has_items[SL_JW_DEPTH];
    int depth;
    int rc;
    char *buf;                    /* to a file: what waits to be written */
    size_t n;
} sl_jw;
/* To a file; out of memory shows at sl_jw_finish. */
void sl_jw_to_file(sl_jw *w, FILE *out);
void sl_jw_to_tree(sl_jw *w);
/* Adds members to obj (borrowed), which stays the caller's. */
void sl_jw_into(sl_jw *w, json_t *obj);
/* Flushes to the file and frees the buffer; 0 or the first error (the
 * tree is dropped then). */
int sl_jw_finish(sl_jw *w);
/* The tree built; the caller owns it. */
json_t *sl_jw_take(sl_jw *w);
void sl_jw_object(sl_jw *w, const char *key);
void sl_jw_array(sl_jw *w, const char *key);
void sl_jw_end(sl_jw *w);
/* NULL writes null. */
void sl_jw_str(sl_jw *w, const char *key, const char *s);
void sl_jw_int(sl_jw *w, const char *key, long long v);
void sl_jw_real(sl_jw *w, const char *key, double v);
void sl_jw_bool(sl_jw *w, const char *key, bool v);
void sl_jw_null(sl_jw *w, const char *key);
/* YYYY-MM-DD, or null for SL_DATE_NONE. */
void sl_jw_date(sl_jw *w, const char *key, sl_date d);
/* A jansson value (consumed; NULL is out of memory). */
void sl_jw_value(sl_jw *w, const char *key, json_t *v);

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
/* The `schedule` section, and a workload's `window` (json_schedule.c). */
void sl_json_schedule(sl_jw *w, const sl_plan *p);
void sl_json_workload_window(sl_jw *w, const sl_plan *p, size_t i);
/* The `accounting` section: every joining agency's workloads moved,
 * unmovable or declared not to move, and its halls (json_account.c). */
void sl_json_accounting(sl_jw *w, const sl_plan *p);
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
/* The `grouping` and `groups` sections (json_group.c); nothing when
 * there is no grouping. */
void sl_json_groups(sl_jw *w, const sl_plan *p);
/* The `assessment` and `placement` sections, and a workload's readiness,
 * reasons, disposition, demand, confidence and hosts (json_place.c). */
void sl_json_place(sl_jw *w, const sl_plan *p);
void sl_json_workload_place(sl_jw *w, const sl_plan *p, size_t i);
/* The `workloads` section: each workload with what every stage adds to
 * it (json_workload.c). */
void sl_json_workloads(sl_jw *w, const sl_plan *p);
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
/* For the runbook (json_runbook.c): each workload's effort_hours and
 * depends_on, written in workload order from the flows sorted once
 * (sl_json_deps_new: NULL when out of memory), and each group's gates. */
typedef struct sl_json_deps sl_json_deps;
sl_json_deps *sl_json_deps_new(const sl_model *m);
void sl_json_deps_free(sl_json_deps *ds);
void sl_json_workload_runbook(sl_jw *w, const sl_model *m, sl_json_deps *ds, size_t i);
void sl_json_group_gates(sl_jw *w, const sl_plan *p, size_t g);
/* A phrase's "template" (with "template_plural" and "count" when it has
 * them) and "args" as members of obj (phrase_json.c); true, adding
 * nothing, for no phrase. */
bool sl_json_phrase_into(json_t *obj, const sl_phrase *p);
void sl_jw_phrase_into(sl_jw *w, const sl_phrase *p);
/* The same as an object of its own; null for no phrase. */
json_t *sl_json_phrase(const sl_phrase *p);
/* The whole plan document as a tree; NULL when out of memory. */
json_t *sl_json_plan(const sl_plan *p);
/* The whole plan document into w (json_plan.c). */
void sl_json_plan_write(sl_jw *w, const sl_plan *p);

#endif
