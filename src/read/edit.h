/* SPDX-License-Identifier: MIT */
/*
 * edit.h - the scenario as a YAML document to look into and write back:
 * what a --set path holds (the controls of a workspace show it), and the
 * document with overrides applied, written out as a scenario file (a
 * workspace's export). The model is never involved: this is the text.
 */
#ifndef SL_READ_EDIT_H
#define SL_READ_EDIT_H

#include "core/core.h"

typedef struct sl_scenario_doc sl_scenario_doc;

/* Parses the scenario text (file names it in messages) and applies sets
 * in order, as sl_model_load does; SL_EINPUT with located messages when
 * the text or a --set is wrong. */
int sl_scenario_doc_open(sl_scenario_doc **out, const char *file, const char *text, size_t len,
                         size_t n_sets, const char *const *sets, sl_diag *d);
void sl_scenario_doc_free(sl_scenario_doc *doc);
/* What a --set path holds, as one line of YAML flow text ("2027-12-31",
 * "{min: 180, likely: 260, max: 320}"); *out is NULL when the path leads
 * nowhere (the key is absent). free() *out. */
int sl_scenario_doc_value(char **out, sl_scenario_doc *doc, const char *path);
/* The document as block YAML, for a file; free() *out. */
int sl_scenario_doc_emit(char **out, size_t *len, sl_scenario_doc *doc);

#endif
