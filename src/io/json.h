/* SPDX-License-Identifier: MIT */
/*
 * json.h - helpers for building the plan document with jansson; each
 * stage's section lives in io/json_<stage>.c.
 */
#ifndef SL_IO_JSON_H
#define SL_IO_JSON_H

#include "core/core.h"

#include <jansson.h>

json_t *sl_json_date(sl_date d);
json_t *sl_json_str(const char *s);
/* Sets obj[key] = value, consuming value; false when value is NULL or
 * the set failed. */
bool sl_json_set(json_t *obj, const char *key, json_t *value);
bool sl_json_push(json_t *arr, json_t *value);
/* Adds the assess and place sections (json_place.c); false when out of
 * memory. */
bool sl_json_place(json_t *root, const sl_plan *p);
/* The whole plan document; NULL when out of memory. */
json_t *sl_json_plan(const sl_plan *p);

#endif
