/* SPDX-License-Identifier: MIT */
/*
 * rerun.h - plans a scenario again with more overrides: what explain.c,
 * review.c and workspace.c share.
 */
#ifndef SL_RERUN_H
#define SL_RERUN_H

#include "core/core.h"

/* Loads the scenario at path with load's overrides, then n_extra more
 * ("PATH=VALUE"), and plans it with po. On success *m and *p are the
 * caller's (free the plan first); on failure both are NULL and, when
 * first_error is given, it gets the first message (into arena a), NULL
 * when there is none. SL_ECANCELLED when po->is_cancelled stopped it. */
int sl_rerun(sl_model **m, sl_plan **p, const char *path, const sl_load_options *load,
             const char *const *extra, size_t n_extra, const sl_plan_options *po, sl_arena *a,
             const char **first_error);

/* sl_rerun, where po->reuse_from is a plan of the same scenario with
 * other extra overrides than these: changed lists those in one list and
 * not in the other (by their text), which decide the stages it lends
 * (reuse.c). */
int sl_rerun_changed(sl_model **m, sl_plan **p, const char *path, const sl_load_options *load,
                     const char *const *extra, size_t n_extra, const char *const *changed,
                     size_t n_changed, const sl_plan_options *po, sl_arena *a,
                     const char **first_error);

/* sl_plan_review, its re-runs stopped by cancel->is_cancelled when cancel
 * is given (SL_ECANCELLED, and p keeps no review). */
int sl_review_run(sl_plan *p, const char *path, const sl_load_options *load,
                  const sl_plan_options *cancel, sl_diag *d);

#endif
