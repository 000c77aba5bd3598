/* SPDX-License-Identifier: MIT */
/*
 * schedule.h - private interface of the schedule stage.
 *
 * The stage turns the model plus move groups into a numeric problem
 * (problem.c: windows, capacities, group demands, release windows;
 * capacity.c: room at the target over time), solves
 * it (greedy.c: priority list; improve.c: local search; exact.c: a MIP with
 * GLPK for small instances), and explains the result (schedule.c). The
 * simulate stage builds the same problem from sampled values and runs the
 * greedy pass alone, so calendar rules bind identically in both.
 */
#ifndef SL_SCHEDULE_SCHEDULE_H
#define SL_SCHEDULE_SCHEDULE_H

#include "model/model.h"

/* One change window in time. Minutes count from start-of-plan midnight. */
typedef struct sl_sched_window {
    sl_date day;      /* the day it starts */
    int start_minute; /* minutes after midnight on `day` */
    double hours;
    sl_date end_day;  /* when it ends (exclusive) */
    int end_minute;
    sl_date last_day; /* the day of its last minute */
    double week_share; /* share of a week's staff hours this window gets */
} sl_sched_window;

/* The numeric problem: everything the solvers need, nothing else. */
typedef struct sl_sched_problem {
    size_t n_windows;
    sl_sched_window *windows;
    size_t n_agencies;
    /* frozen[w * n_agencies + a]: agency a may not move in window w (every
     * day of it is frozen to the agency or the target) */
    uint8_t *frozen;
    /* open_share[w * n_agencies + a]: the share of window w's hours left
     * open to agency a by the freezes (calendar.c); the link of a hall of
     * the agency carries data in those hours only. open_first/open_last:
     * the first and last day of an open minute, which date a move of the
     * agency in the window */
    double *open_share;
    sl_date *open_first, *open_last;
    /* staff_cap[w * n_agencies + a]: staff hours of agency a in window w */
    double *staff_cap;
    size_t n_sites;
    /* tb_cap[w * n_sites + s]: TB the link from site s carries in window w;
     * negative = no link given, unlimited */
    double *tb_cap;
    int max_critical; /* tier-1 groups per window; 0 = no cap */
    int max_workloads;

    size_t n_groups;
    sl_index *group_agency;
    sl_index *group_site;
    double *group_effort_h;
    double *group_tb;
    int *group_n_workloads;
    uint8_t *group_is_critical;
    int *group_release; /* first window it may use; n_windows = never */
    sl_index *group_release_gate; /* the gate that sets the release, or SL_NONE */

    /* traffic between groups, CSR by group (both directions stored) */
    size_t *edge_start; /* n_groups + 1 */
    sl_index *edge_to;
    double *edge_mbps;

    /* Target capacity (capacity.c), cumulative: the load of every group in
     * a window <= w stays within the capacity of window w, per dimension
     * (SL_SCHEDULE_CAP_DIMS). Loads are >= 0, so within a stretch of
     * windows of equal capacity only its last window can bind: those are
     * the n_cap_checks checks. n_cap_checks = 0: no limit (as simulate
     * builds it). */
    size_t n_cap_checks;
    int *cap_check_window; /* ascending; the last is n_windows - 1 */
    double *cap_check;     /* n_cap_checks x dims */
    double *cap_window;    /* n_windows x dims, for reports */
    double *group_load;    /* n_groups x dims */
} sl_sched_problem;

void sl_sched_problem_free(sl_sched_problem *p);

/* ---- calendar.c ---- */

/* Windows from `from` (inclusive) to `until` (exclusive), sorted. */
int sl_sched_windows(sl_sched_window **out, size_t *n, const sl_windows *rules, sl_date from,
                     sl_date until);
/* The part of a window the freezes leave open: the share of its minutes
 * on days in neither list (1 exactly when no day is frozen, 0 when every
 * day is), and the first and last day with an open minute (SL_DATE_NONE
 * when none). */
typedef struct sl_window_open {
    double share;
    sl_date first_day, last_day;
} sl_window_open;
sl_window_open sl_window_open_part(const sl_sched_window *w, const sl_freeze *f, size_t nf,
                                   const sl_freeze *g, size_t ng);

/* ---- problem.c ---- */

/* Values the problem is built from: the most likely ones (NULL fields) or
 * a Monte Carlo sample. */
typedef struct sl_sched_values {
    const double *gate_lead_months; /* per gate; NULL = likely */
    const double *hours_per_week;   /* per agency; NULL = likely */
    const double *effort_scale;     /* per group multiplier; NULL = 1 */
} sl_sched_values;

/* Builds the problem for the workloads with workload_group[i] != SL_NONE. */
int sl_sched_problem_build(sl_sched_problem *p, const sl_model *m, size_t n_groups,
                           const sl_index *workload_group, const sl_sched_values *v);

/* ---- capacity.c ---- */

/* Sets the target-capacity limit: window_cap is n_windows x dims (what the
 * target offers in window w), group_load n_groups x dims; both copied. */
int sl_sched_problem_set_capacity(sl_sched_problem *p, const double *window_cap,
                                  const double *group_load);
/* Derives window capacities and group loads from the placement and the
 * right-sized demand (wg: dense group per workload, SL_NONE = none), sets
 * them on p and fills *out (arrays in arena; group_load by caller group
 * through caller_of). */
int sl_sched_capacity_derive(sl_sched_problem *p, sl_target_capacity *out, struct sl_arena *arena,
                             const sl_model *m, const sl_index *wg, const sl_index *caller_of,
                             size_t n_caller_groups, const sl_placement *pl,
                             const sl_assessment *as);
/* The largest capacity group g could ever use in dimension d: at the last
 * check (the cumulative limit there bounds every group moved at all). */
double sl_sched_capacity_last(const sl_sched_problem *p, size_t d);

/* ---- greedy.c, improve.c, exact.c ---- */

/* Per-window running totals while a solution is built. */
typedef struct sl_sched_load {
    double *staff;  /* n_windows * n_agencies */
    double *tb;     /* n_windows * n_sites */
    int *critical;  /* n_windows */
    int *workloads; /* n_windows */
    double *cap_used; /* n_cap_checks x dims: load moved up to each check */
} sl_sched_load;

int sl_sched_load_init(sl_sched_load *l, const sl_sched_problem *p);
void sl_sched_load_free(sl_sched_load *l);
/* Why group g cannot go in window w (0 = it can). */
typedef enum {
    SL_BIND_NONE = 0,
    SL_BIND_RELEASE, /* before a gate or the hardware */
    SL_BIND_FREEZE,
    SL_BIND_STAFF,
    SL_BIND_BANDWIDTH,
    SL_BIND_CRITICAL,
    SL_BIND_WORKLOADS,
    SL_BIND_CAPACITY, /* checked last: every other limit holds */
    SL_BIND_N
} sl_bind;
sl_bind sl_sched_fits(const sl_sched_problem *p, const sl_sched_load *l, size_t g, size_t w);
void sl_sched_add(const sl_sched_problem *p, sl_sched_load *l, size_t g, size_t w, int sign);
/* True when the target has room for g moved in w, beside what is loaded. */
bool sl_sched_capacity_fits(const sl_sched_problem *p, const sl_sched_load *l, size_t g, size_t w);

/* Priority orders for the list pass. */
typedef enum {
    SL_ORDER_TRAFFIC = 0, /* release, then a walk over the traffic graph */
    SL_ORDER_LARGEST,     /* release, then most staff hours first */
    SL_ORDER_CRITICAL,    /* release, critical first, then most hours */
    SL_ORDER_RANDOM,      /* release, then a random key (seeded) */
} sl_sched_order;

/* Priority-list pass: each group, in priority order, into the earliest
 * window that takes it. window[g] = -1 when none does. binds[k] counts why
 * windows were passed over. seed only matters for SL_ORDER_RANDOM. */
int sl_sched_greedy(int *window, const sl_sched_problem *p, sl_sched_order order, uint64_t seed,
                    long binds[SL_BIND_N]);
/* Compares two assignments by the objective: negative when a is better. */
int sl_sched_compare(const int *a, const int *b, const sl_sched_problem *p);
/* Local search on a feasible assignment: earlier finish, then less WAN
 * exposure, then fewer critical groups in the busiest window. */
int sl_sched_improve(int *window, const sl_sched_problem *p, long max_moves);
/* Objective parts of an assignment. */
int sl_sched_finish(const int *window, const sl_sched_problem *p);
double sl_sched_exposure(const int *window, const sl_sched_problem *p);
int sl_sched_max_critical(const int *window, const sl_sched_problem *p);
/* Exact MIP (GLPK) for small problems: same objective, lexicographic.
 * Returns SL_EINFEASIBLE when it proves some group cannot be placed. */
int sl_sched_exact(int *window, const sl_sched_problem *p, double time_limit_s, bool *is_optimal);

#endif
