/* SPDX-License-Identifier: MIT */
/*
 * scope.h - scope levers: workloads an agency leaves behind, declared to
 * stay (its `stays:`), as decisions that answer the gates rule and the
 * accounted rule; what review.c and explain.c share (scope.c).
 */
#ifndef SL_SCOPE_H
#define SL_SCOPE_H

#include "core/core.h"

/* Every reason a workload cannot move, as a mask of (1u << sl_unsched_reason). */
#define SL_SCOPE_ALL_REASONS ((1u << SL_N_UNSCHED) - 1)

/* What an agency leaves behind: the workloads some gates hold, and
 * workloads that cannot move, by reason. Arrays live in the arena the
 * functions below are given; a copy of the struct may grow on its own. */
typedef struct sl_scope {
    uint64_t gates; /* bit k: the workloads gate k holds stay */
    size_t n_ids[SL_N_UNSCHED];
    const char **ids[SL_N_UNSCHED]; /* workload ids that cannot move, by reason */
} sl_scope;

/* Adds to s the gates of agency a whose workloads, left behind, bring the
 * gates rule within the scenario's max_blocked_share (and P(allowed)
 * above 0) in plan p at least cost (the fewest workloads left behind).
 * *found is false when no such set exists; *why then says why (a phrase
 * in ar), else its template is NULL. */
int sl_scope_gates(sl_scope *s, bool *found, sl_phrase *why, const sl_plan *p, sl_index a,
                   sl_arena *ar);

/* Adds to s the workloads of agency a that cannot move in plan p for a
 * reason in the mask `reasons` (those a gate of s holds are left to it).
 * *found is false when there are none, or when declaring them would leave
 * nothing of the agency's to move (*why then says so). */
int sl_scope_unmovable(sl_scope *s, bool *found, sl_phrase *why, const sl_plan *p, sl_index a,
                       unsigned reasons, sl_arena *ar);

/* Agency a's gates that may be refused and hold some but not every one of
 * its workloads that would move in plan p: each a scope candidate. */
uint64_t sl_scope_partial_gates(const sl_plan *p, sl_index a);

/* The lever for s in plan p (the plan as the scenario gives it): *phrase
 * names what is left behind and how many workloads (*text: said in
 * English), *set is one
 * `agencies.ID.stays=[...]` override with the agency's own items first,
 * *rule the verdict rules it acts on, *left how many of the agency's
 * workloads it leaves behind. All into ar. */
int sl_scope_lever(sl_phrase *phrase, const char **text, const char **set, const char **rule,
                   size_t *left, const sl_plan *p, sl_index a, const sl_scope *s, sl_arena *ar);

#endif
