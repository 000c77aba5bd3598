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
#define SIM_TABLE SL_DIST_TABLE /* quantile table resolution (core.h) */

/* Windows per block of the lanes' room bounds (a power of two). */
#define SIM_BLOCK 16

/* One planned move group as its draws see it, in planned order: what its
 * effort and first failure draw need. */
typedef struct sim_move {
    uint64_t key;        /* SIM_KEY_MOVE + group << 4 */
    double effort[2];    /* likely staff hours by its two main effort rows */
    double fixed_effort; /* per-TB hours: not uncertain */
    uint32_t table[2];   /* offsets of the rows in sim_ctx.own_pairs */
    uint16_t row[2];     /* the effort rows (sim_ctx.row_dist) */
    uint16_t fail_slot;  /* method of row[0] * 2 + is_legacy: its failure threshold */
    uint8_t n_rows;      /* rows used: 1 or 2 */
} sim_move;

/* The same group as the placement pass sees it. */
typedef struct sim_task {
    double tb;
    uint32_t mask;       /* index into sim_ctx.masks: the gates that apply */
    uint16_t agency;
    uint16_t site;
    uint8_t is_critical; /* tier-1, and the scenario caps critical groups */
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
    bool is_kept;       /* holds workloads that stay (cannot move, or declared to
                           stay): the hall stays */
    bool has_unplanned; /* holds a group the plan found no window for: its
                           move is still pending at the horizon */
    double vcpu;        /* allocated vCPU of its workloads */
    double kept_vcpu;   /* of which stay in every iteration: not movable (not
                           declared to leave) or never planned */
} sim_site;

/* Shared, read-only during the run. */
typedef struct sim_ctx {
    const sl_model *m;
    sl_sched_problem base; /* windows, freezes, shares (likely values) */
    size_t n_tasks;
    sim_move *moves;       /* planned groups, in planned order */
    sim_task *tasks;       /* the same groups, in the same order */
    double *task_vcpu;     /* the same groups' allocated vCPU, read when one stays */
    uint8_t *agency_has_never; /* some group of the agency was not planned */
    uint64_t *agency_gates; /* per agency: every gate that holds some of its
                               movable workloads, planned or not ("allowed") */
    double *unplanned_cost;    /* per agency: the likely staff hours of its groups the
                                  plan found no window for, x cost per hour: work still
                                  owed, counted in every iteration (docs/COST.md) */
    size_t n_masks;
    uint64_t *masks;       /* distinct sets of gates (bit per gate) */
    size_t *lane_mask_start; /* n_agencies + 1: each agency's gate sets ... */
    uint32_t *lane_masks;  /* ... in here */
    size_t n_methods;
    /* effort rows: one per distribution a move's effort is drawn from, a
     * method's effort_hours and each effort_hours_by_tier it gives; without
     * tiers, row k is method k */
    size_t n_rows;
    uint8_t *row_method;   /* per row: its method */
    const sl_dist **row_dist; /* per row: its distribution */
    uint16_t *row_of;      /* n_methods x (1 + SL_N_TIERS): the row of a method
                              and tier (0: unknown) */
    double *own_table;     /* n_rows x (SIM_TABLE + 1): effort/likely quantiles
                              times (1 - correlation) */
    double *own_pairs;     /* n_rows x SIM_TABLE x {value, step to the next} */
    double *own_least;     /* per row: the smallest entry of its table */
    double correlation;    /* of effort between moves of one effort row */
    double *param_table;   /* n_uncertain x (SIM_TABLE + 1): quantiles */
    int *announce_window;  /* per agency: first window after staff learn of it */
    double *share;         /* per window: its share of a week's staff hours */
    double *lane_share;    /* n_agencies x n_windows: the share, -inf when the
                              window is frozen to the agency */
    double *least_fixed;   /* per agency: smallest per-TB hours of its moves */
    double *least_hours;   /* per agency: smallest likely hours of its moves */
    size_t n_blocks;       /* blocks of SIM_BLOCK windows */
    /* window of the first window on or after a day */
    sl_date first_day;
    size_t n_days;
    int *window_on_or_after;
    /* uncertain inputs: params with a distribution */
    size_t n_params;
    size_t n_uncertain;
    uint32_t *uncertain;
    uint8_t *reaches_finish; /* per uncertain input: the replay reads it (efforts,
                                failure rates, gate lead times, staff hours and
                                leavers); the others (prices, one-offs, RTT) only
                                cost money, or nothing, and never move a finish */
    size_t n_sites;
    sim_site *sites;
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
    sl_sim_hall_run *halls;  /* per site */
} sim_result;

/* One agency's windows during an iteration. Windows [0, ready) are set
 * up for this iteration; the rest are set up when a search first reaches
 * them, a block at a time, so an iteration costs what it touches. */
typedef struct sim_lane {
    double *hours;       /* per window {capacity, spent}: staff hours; a frozen
                            window has capacity -inf */
    int *next;           /* n_windows + 1: union-find to the next window with
                            room >= least; full windows point past themselves */
    double *bound;       /* per block: at least the most room any of its
                            windows has (room only shrinks) */
    const double *share; /* sim_ctx.lane_share of the agency */
    double before, after; /* weekly hours before and after staff notice */
    double least;        /* less than any move of the agency can need */
    double used;         /* hours spent this iteration, retries included */
    int announce;
    int ready;           /* a multiple of SIM_BLOCK, or n_windows */
    int front;           /* every window from the earliest release of the
                            agency's moves to it has room < least */
    int crit_front;      /* ... room < least or no critical slot left */
    int last;            /* the last window a move of the agency stays in */
} sim_lane;

/* Per-thread scratch. */
typedef struct sim_work {
    double *x;         /* every param's value this iteration */
    sim_lane *lanes;   /* per agency */
    double *hours;     /* n_agencies x n_windows x 2: the lanes' hours */
    double *bound;     /* n_agencies x n_blocks: the lanes' bounds */
    int *next;         /* n_agencies x (n_windows + 1): the lanes' links */
    int *mask_release;  /* per mask: the window its gates allow */
    uint8_t *mask_blocked; /* per mask: one of its gates was refused */
    double *links;     /* n_sites x n_windows x {capacity + 1e-9 (+inf when
                          unlimited), used}: TB */
    double **site_link; /* per site: its part of links, NULL without a link */
    int *critical;     /* n_windows */
    int *workloads;    /* n_windows: workloads moved, failed attempts included */
    int high_water;    /* at least the highest window a move went to: the last
                          window the lanes set up, to reset cheaply */
    int *gate_window;
    uint8_t *gate_failed;
    double *team_rate; /* per effort row: its sampled rate times c */
    uint32_t *fail_below; /* per method x {not legacy, legacy}: draw thresholds */
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
                const bool *is_movable, const sl_schedule *planned, const sl_assessment *as);
void sim_ctx_free(sim_ctx *c);
int sim_work_init(sim_work *w, const sim_ctx *c);
void sim_work_free(sim_work *w);
void sim_iterate(const sim_ctx *c, sim_work *w, uint64_t seed, uint64_t iteration, sim_result *r);

#endif
