/* SPDX-License-Identifier: MIT */
/*
 * sim.h - private interface of the simulate stage: the read-only context
 * every worker shares (prepare.c), one iteration (iterate.c), and the
 * statistics over all of them (stats.c).
 */
#ifndef SL_SIMULATE_SIM_H
#define SL_SIMULATE_SIM_H

#include "schedule/schedule.h"

/* RNG streams of one iteration; each is its own Philox sequence:
 * gates, then one per parameter, then one per move group. */
#define SIM_STREAM_GATES 1u
#define SIM_STREAM_PARAMS 16u
#define SIM_STREAM_FAILURES (1u << 24)

#define SIM_MAX_RETRIES 8
#define SIM_MAX_AGENCIES 64 /* documented limits of the simulation */
#define SIM_MAX_SITES 256
#define SIM_NOT_DONE INT32_MAX /* finish of something that never completes */

typedef struct sim_site {
    double monthly_cost_fixed;  /* rent + opex, per month */
    double monthly_kwh;         /* IT kW x PUE x hours in a month */
    double energy_tax;
    uint32_t energy_param;      /* param of the energy price, or SL_NONE */
    double energy_price;        /* its likely value */
    sl_date contract_end;
    double extension_per_month;
    sl_index owner;
    bool has_workloads;
} sim_site;

/* Shared, read-only during the run. */
typedef struct sim_ctx {
    const sl_model *m;
    sl_sched_problem base; /* windows, freezes, shares, groups (likely values) */
    size_t n_groups;
    size_t n_order;
    sl_index *order;       /* groups in planned order; only planned groups */
    uint8_t *never;        /* per group: unscheduled in the plan */
    uint64_t *gate_mask;   /* per group: gates that apply (bit per gate) */
    size_t n_methods;
    double *effort_by_method; /* n_groups x n_methods: likely hours */
    double *effort_fixed;     /* per group: per-TB hours */
    sl_index *main_method;    /* per group: the method with most hours */
    uint8_t *is_legacy;       /* per group: holds an out-of-support OS */
    int *group_blocked_workloads; /* per group: workloads */
    /* per window lookup: window index of the first window on or after a day */
    sl_date first_day;
    size_t n_days;
    int *window_on_or_after;
    /* uncertain inputs: params with a distribution */
    size_t n_params;
    size_t n_uncertain;
    uint32_t *uncertain; /* param indices */
    size_t n_sites;
    sim_site *sites;
    int hardware_gate; /* -1 when none */
    double deadline_day; /* days after start */
} sim_ctx;

/* What one iteration produced. */
typedef struct sim_result {
    int32_t finish;          /* days after start; SIM_NOT_DONE */
    int32_t *agency_finish;  /* per agency */
    double cost;
    double *agency_cost;
    int *agency_blocked;     /* workloads blocked by failed gates */
    int retries;
    double *inputs;          /* sampled uncertain inputs, n_uncertain */
    uint8_t *gate_passed;    /* per gate */
} sim_result;

/* Per-thread scratch. */
typedef struct sim_work {
    double *x;         /* every param's value this iteration */
    double *staff;     /* n_windows x n_agencies, used */
    double *staff_cap; /* n_windows x n_agencies, this iteration */
    double *tb;        /* n_windows x n_sites */
    int *critical;     /* n_windows */
    int high_water;    /* highest window touched, to reset cheaply */
    int *gate_window;
    uint8_t *gate_failed;
    int *agency_last, *site_last, *agency_floor;
    double *method_factor, *method_fail;
    double *hours;     /* per agency */
} sim_work;

int sim_prepare(sim_ctx *c, const sl_model *m, size_t n_groups, const sl_index *wg,
                const uint8_t *is_movable, const sl_schedule *planned);
void sim_ctx_free(sim_ctx *c);
int sim_work_init(sim_work *w, const sim_ctx *c);
void sim_work_free(sim_work *w);
void sim_iterate(const sim_ctx *c, sim_work *w, uint64_t seed, uint64_t iteration, sim_result *r);

#endif
