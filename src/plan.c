/* SPDX-License-Identifier: MIT */
/*
 * plan.c - the library's top entry: runs the stages in pipeline order on a
 * loaded model and keeps their results together in one sl_plan.
 *
 *   assess -> place -> group -> schedule -> simulate -> cost -> risk
 *
 * Each stage reads the model and the results of earlier stages, and owns
 * its result; freeing the plan frees them all. The caller's is_cancelled
 * is asked between stages (and by the Monte Carlo between chunks of
 * iterations); a cancelled run returns SL_ECANCELLED and no plan.
 *
 * A re-plan may start later in the pipeline, with the results of the
 * stages before borrowed from a base plan (stage reuse, reuse.c).
 */
#include "core/core.h"
#include "group/group.h"
#include "reuse.h"

#include <math.h>
#include <time.h>

/* METIS runs per oversized component when splitting it into move groups:
 * the best cut of a few seeds; more
 * seeds rarely lower the cut further (docs/GROUPING.md). */
#define SL_PLAN_METIS_SEEDS 3

/* The caller's cancel flag, asked between stages (the Monte Carlo asks it
 * between chunks of iterations too). */
static bool cancelled(const sl_plan_options *o)
{
    return o->is_cancelled && o->is_cancelled(o->cancel_user);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int sl_plan_run(sl_plan **out, const sl_model *m, const sl_plan_options *opts, sl_diag *d)
{
    return sl_plan_run_from(out, m, opts, NULL, SL_STAGE_ASSESS, false, d);
}

/* Every stage from `from` on; the earlier stages' results are base's,
 * borrowed (reuse.c decides when they are the same as a fresh run's).
 * With regroup, a group stage that runs keeps base's groups of the
 * origins whose inputs are base's (group.c). */
int sl_plan_run_from(sl_plan **out, const sl_model *m, const sl_plan_options *opts,
                     const sl_plan *base, sl_stage from, bool regroup, sl_diag *d)
{
    *out = NULL;
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    if (opts)
        o = *opts;
    if (o.iterations > SL_MAX_ITERATIONS || o.threads > SL_MAX_THREADS) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "at most %d iterations and %d threads",
                    SL_MAX_ITERATIONS, SL_MAX_THREADS);
        return SL_EUSAGE;
    }
    sl_plan *p = sl_calloc(1, sizeof *p);
    if (!p)
        return SL_ENOMEM;
    p->model = m;
    p->seed = o.has_seed ? o.seed : m->seed;
    p->iterations = o.iterations > 0 ? o.iterations : m->iterations;
    p->threads = o.threads;
    if (!base)
        from = SL_STAGE_ASSESS;
    /* a borrowed result is the base's (its time is not this plan's) */
    if (from > SL_STAGE_ASSESS) {
        p->assessment = base->assessment;
        p->borrowed |= SL_BORROW_ASSESS;
    }
    if (from > SL_STAGE_PLACE) {
        p->placement = base->placement;
        p->borrowed |= SL_BORROW_PLACE;
    }
    if (from > SL_STAGE_GROUP) {
        p->grouping = base->grouping;
        p->borrowed |= SL_BORROW_GROUP;
    }
    double t = now(), c = cpu_now();
    int rc = from > SL_STAGE_ASSESS ? 0 : sl_assess_run(&p->assessment, m, d);
    p->seconds_assess = now() - t;
    p->cpu_assess = cpu_now() - c;
    t = now();
    c = cpu_now();
    if (!rc && from <= SL_STAGE_PLACE)
        rc = sl_place_run(&p->placement, m, p->assessment, d);
    p->seconds_place = now() - t;
    p->cpu_place = cpu_now() - c;
    if (!rc && cancelled(&o))
        rc = SL_ECANCELLED;
    /* what assess says cannot move, what the scenario declares will not,
     * and every workload of an agency that stays out, stay out of groups
     * and schedule */
    bool *movable = NULL;
    if (!rc) {
        movable = sl_malloc((m->n_workloads ? m->n_workloads : 1) * sizeof *movable);
        if (!movable)
            rc = SL_ENOMEM;
        for (size_t i = 0; movable && i < m->n_workloads; i++)
            movable[i] = sl_workload_moves(&p->assessment->workloads[i]) &&
                         !sl_agency_stays_out(&m->agencies[m->workloads[i].agency]);
    }
    if (!rc && from <= SL_STAGE_GROUP) {
        sl_group_options go = SL_GROUP_OPTIONS_INIT;
        go.seed = p->seed;
        go.movable = movable;
        go.seeds = SL_PLAN_METIS_SEEDS;
        t = now();
        c = cpu_now();
        rc = sl_group_run_from(&p->grouping, m, &go,
                               regroup && base ? base->grouping : NULL,
                               d);
        p->seconds_group = now() - t;
        p->cpu_group = cpu_now() - c;
    }
    if (!rc && cancelled(&o))
        rc = SL_ECANCELLED;
    const sl_grouping *g = p->grouping;
    t = now();
    c = cpu_now();
    if (!rc) {
        sl_schedule_options so = SL_SCHEDULE_OPTIONS_INIT;
        so.placement = p->placement;
        so.assessment = p->assessment;
        rc = sl_schedule_run(&p->schedule, m, g->n_groups, g->group_of, movable, &so, d);
    }
    p->seconds_schedule = now() - t;
    p->cpu_schedule = cpu_now() - c;
    if (!rc && cancelled(&o))
        rc = SL_ECANCELLED;
    t = now();
    c = cpu_now();
    if (!rc) {
        sl_simulate_options so = SL_SIMULATE_OPTIONS_INIT;
        so.iterations = p->iterations;
        so.threads = o.threads;
        so.has_seed = true;
        so.seed = p->seed;
        so.progress = o.progress;
        so.progress_user = o.progress_user;
        so.assessment = p->assessment;
        so.is_cancelled = o.is_cancelled;
        so.cancel_user = o.cancel_user;
        rc = sl_simulate_run(&p->simulation, m, g->n_groups, g->group_of, movable, p->schedule,
                             &so, d);
    }
    p->seconds_simulate = now() - t;
    p->cpu_simulate = cpu_now() - c;
    sl_free(movable);
    t = now();
    if (!rc && cancelled(&o))
        rc = SL_ECANCELLED;
    c = cpu_now();
    if (!rc)
        rc = sl_cost_run(&p->cost, p, d);
    if (!rc)
        rc = sl_risk_run(&p->risk, p, d);
    p->seconds_cost_risk = now() - t;
    p->cpu_cost_risk = cpu_now() - c;
    if (rc) {
        sl_plan_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void sl_plan_free(sl_plan *p)
{
    if (!p)
        return;
    sl_review_free(p->review);
    sl_risk_register_free(p->risk);
    sl_costing_free(p->cost);
    sl_schedule_free(p->schedule);
    sl_simulation_free(p->simulation);
    if (!(p->borrowed & SL_BORROW_GROUP))
        sl_grouping_free(p->grouping);
    if (!(p->borrowed & SL_BORROW_PLACE))
        sl_placement_free(p->placement);
    if (!(p->borrowed & SL_BORROW_ASSESS))
        sl_assessment_free(p->assessment);
    sl_reuse_hold_release(p->hold);
    sl_free(p);
}

const sl_verdict *sl_plan_verdict(const sl_plan *p, sl_index agency)
{
    if (!p || !p->risk || agency >= p->risk->n_verdicts)
        return NULL;
    return &p->risk->verdicts[agency];
}

double sl_plan_weeks_apart(const sl_plan *p, sl_index group_a, sl_index group_b)
{
    const sl_schedule *s = p ? p->schedule : NULL;
    if (!s || group_a >= s->n_groups || group_b >= s->n_groups)
        return NAN;
    int wa = s->group_wave[group_a], wb = s->group_wave[group_b];
    if (wa < 0 || wb < 0)
        return NAN;
    sl_date da = s->waves[wa].start_day, db = s->waves[wb].start_day;
    return (double)(da > db ? da - db : db - da) / 7.0;
}
