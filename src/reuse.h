/* SPDX-License-Identifier: MIT */
/*
 * reuse.h - stage reuse: a re-plan with overrides recomputes only the
 * stages downstream of what the overrides change (reuse.c).
 */
#ifndef SL_REUSE_H
#define SL_REUSE_H

#include "core/core.h"

/* The pipeline's stages that a re-plan may start from, in order: the
 * assessment, placement and grouping of every stage before it are the
 * base plan's. SL_STAGE_SCHEDULE runs schedule, simulate, cost and risk. */
typedef enum {
    SL_STAGE_ASSESS = 0,
    SL_STAGE_PLACE,
    SL_STAGE_GROUP,
    SL_STAGE_SCHEDULE,
} sl_stage;

/* Bits of sl_plan.borrowed: stage results owned by another plan. */
#define SL_BORROW_ASSESS (1u << SL_STAGE_ASSESS)
#define SL_BORROW_PLACE (1u << SL_STAGE_PLACE)
#define SL_BORROW_GROUP (1u << SL_STAGE_GROUP)

/* The first stage that reads the scenario value an override "PATH=VALUE"
 * (or a bare PATH) sets: SL_STAGE_ASSESS, everything, for a path the
 * table does not know. */
sl_stage sl_reuse_stage_of(const char *set);

/* The first stage any of n overrides reaches (SL_STAGE_SCHEDULE for none). */
sl_stage sl_reuse_first_stage(size_t n, const char *const *sets);

/* Plans m, the scenario of po->reuse_from loaded again with the same
 * files, its overrides and then n_extra more, reusing the base plan's
 * results of every stage before the first one the extra overrides reach,
 * when the inventory, flows and seed are the same as the base's (checked
 * here); otherwise, or without a base, every stage runs (an agency
 * that stays out, agencies.ID.joins=false, changes the inventory placed). The plan is byte for byte the one
 * sl_plan_run gives; it borrows the base plan's results, so the base
 * must outlive it (or hold keeps it: see sl_reuse_hold). */
int sl_reuse_run(sl_plan **out, const sl_model *m, size_t n_extra, const char *const *extra,
                 const sl_plan_options *po, sl_diag *d);

/* None of the overrides sets a value the readers of the inventories,
 * hosts and flows use: a model loaded with them may copy those inputs
 * from one loaded without (sl_model_load_ex's like). */
bool sl_reuse_reads_no_input(size_t n, const char *const *sets);

/* plan.c: every stage from `from` on, on model m, with the results of the
 * earlier ones borrowed from base (NULL when from is SL_STAGE_ASSESS).
 * With regroup (base of the same inventory), a group stage that runs
 * keeps base's groups of every origin whose inputs are base's. */
int sl_plan_run_from(sl_plan **out, const sl_model *m, const sl_plan_options *opts,
                     const sl_plan *base, sl_stage from, bool regroup, sl_diag *d);

/* A base plan shared by the plans that borrow from it (the workspace's):
 * counted, and freed with its model when the last of them goes. */
typedef struct sl_reuse_hold sl_reuse_hold;

/* A hold of plan p and its model m (both then the hold's), with one
 * reference, the caller's. NULL when out of memory (p and m are then
 * freed). */
sl_reuse_hold *sl_reuse_hold_new(sl_plan *p, sl_model *m);
const sl_plan *sl_reuse_hold_plan(const sl_reuse_hold *h);
/* Adds a reference for a plan that borrows from the hold's. */
void sl_reuse_hold_take(sl_reuse_hold *h);
/* Drops a reference (NULL-safe); the last one frees the plan and model. */
void sl_reuse_hold_release(sl_reuse_hold *h);

#endif
