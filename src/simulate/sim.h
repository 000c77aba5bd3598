/* SPDX-License-Identifier: MIT */
/*
 * sim.h - private interface of the simulate stage: the read-only context
 * every worker shares (prepare.c), one iteration (iterate.c), and the
 * statistics over all of them (simulate.c).
 */
#ifndef SL_SIMULATE_SIM_H
#define SL_SIMULATE_SIM_H

#include "schedule/schedule.h"

/* Draw keys within an iteration: what a draw decides picks its key. */
#define SIM_KEY_PARAM 0x1000000000ull /* + param index */
#define SIM_KEY_GATE 0x2000000000ull  /* + gate index */
#define SIM_KEY_MOVE 0x3000000000ull  /* + group index << 4 | attempt */

#define SIM_MAX_RETRIES 8
#define SIM_MAX_AGENCIES 64 /* documented limits of the simulation */
#define SIM_MAX_SITES 256
#define SIM_MAX_GATES 64
#define SIM_NOT_DONE INT32_MAX /* finish of something that never completes */
#define SIM_TABLE 256          /* quantile table resolution */

/* One move group, packed for the hot loop, in planned order. */
typedef struct sim_task {
    double effort[2];    /* likely staff hours by its two main methods */
    double fixed_effort; /* per-TB hours: not uncertain */
    double tb;
    uint32_t mask;       /* index into sim_ctx.masks: the gates that apply */
    uint8_t method[2];
    uint8_t n_methods;
    uint8_t is_critical;
    uint8_t is_legacy;
    uint16_t agency;
    uint16_t site;
    int32_t group;       /* index in the caller's groups */
    int32_t n_workloads;
} sim_task;

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
    sl_sched_problem base; /* windows, freezes, shares (likely values) */
    size_t n_tasks;
    sim_task *tasks;       /* planned groups, in planned order */
    uint8_t *agency_has_never; /* some group of the agency was not planned */
    size_t n_masks;
    uint64_t *masks;       /* distinct sets of gates (bit per gate) */
    size_t n_methods;
    double *rate_table;    /* n_methods x (SIM_TABLE + 1): effort/likely quantiles */
    double *own_table;     /* the same times (1 - correlation) */
    double correlation;    /* of effort between moves of one method */
    double *param_table;   /* n_uncertain x (SIM_TABLE + 1): quantiles */
    int *announce_window;  /* per agency: first window after staff learn of it */
    double *share;         /* per window: its share of a week's staff hours */
    double *min_effort_by_method; /* per agency x method: smallest likely hours */
    size_t tree_leaves;    /* the power of two >= n_windows */
    /* window of the first window on or after a day */
    sl_date first_day;
    size_t n_days;
    int *window_on_or_after;
    /* uncertain inputs: params with a distribution */
    size_t n_params;
    size_t n_uncertain;
    uint32_t *uncertain;
    size_t n_sites;
    sim_site *sites;
    int hardware_gate; /* -1 when none */
    double deadline_day;
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
    double *cap_before, *cap_after; /* per agency: weekly hours before and
                                       after staff learn of the move */
    double *hours_used; /* per agency, retries included */
    int *mask_release;  /* per mask: the window its gates allow */
    uint8_t *mask_blocked; /* per mask: one of its gates was refused */
    double *tb;        /* n_windows x n_sites */
    int *critical;     /* n_windows */
    int high_water;    /* highest window touched, to reset cheaply */
    int *gate_window;
    uint8_t *gate_failed;
    int *agency_last, *site_last;
    double *method_rate, *team_rate; /* per method: sampled, and times c */
    uint32_t *fail_below, *fail_below_legacy; /* per method: draw thresholds */
    double *min_effort;  /* per agency, this iteration */
    /* per agency, a max segment tree over the windows' staff hours left
     * (frozen windows: -inf): the first window at or after w with room for
     * a move is found in O(log windows) */
    double *room; /* n_agencies x 2 x tree_leaves */
    int *next_critical; /* n_windows + 1: union-find to the next window with a
                           critical slot; full windows point past themselves */
} sim_work;

/* A counter-based draw: the SplitMix64 finaliser (Steele, Lea, Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014) applied
 * to a key; a pure function of its input, so any thread gets the same. */
static inline uint64_t sim_mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int sim_prepare(sim_ctx *c, const sl_model *m, size_t n_groups, const sl_index *wg,
                const bool *is_movable, const sl_schedule *planned);
void sim_ctx_free(sim_ctx *c);
int sim_work_init(sim_work *w, const sim_ctx *c);
void sim_work_free(sim_work *w);
void sim_iterate(const sim_ctx *c, sim_work *w, uint64_t seed, uint64_t iteration, sim_result *r);

#endif
