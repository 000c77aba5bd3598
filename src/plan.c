/* SPDX-License-Identifier: MIT */
/*
 * plan.c - the library's top entry: runs the stages in pipeline order on a
 * loaded model and keeps their results together in one sl_plan.
 *
 *   assess -> place -> group -> schedule -> simulate -> cost -> risk
 *
 * Each stage reads the model and the results of earlier stages, and owns
 * its result; freeing the plan frees them all.
 */
#include "core/core.h"

int sl_plan_run(sl_plan **out, const sl_model *m, const sl_plan_options *opts, sl_diag *d)
{
    *out = NULL;
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    if (opts)
        o = *opts;
    sl_plan *p = sl_calloc(1, sizeof *p);
    if (!p)
        return SL_ENOMEM;
    p->model = m;
    p->seed = o.has_seed ? o.seed : m->seed;
    p->iterations = o.iterations > 0 ? o.iterations : m->iterations;
    p->threads = o.threads;
    int rc = 0;
    {
        /* until the group stage lands: every workload is its own group */
        sl_index *wg = sl_malloc((m->n_workloads ? m->n_workloads : 1) * sizeof *wg);
        if (!wg) {
            sl_plan_free(p);
            return SL_ENOMEM;
        }
        for (size_t i = 0; i < m->n_workloads; i++)
            wg[i] = (sl_index)i;
        rc = sl_schedule_run(&p->schedule, m, m->n_workloads, wg, NULL, NULL, d);
        if (rc == 0) {
            sl_simulate_options so = SL_SIMULATE_OPTIONS_INIT;
            so.iterations = p->iterations;
            so.threads = o.threads;
            so.has_seed = true;
            so.seed = p->seed;
            so.progress = o.progress;
            so.progress_user = o.progress_user;
            rc = sl_simulate_run(&p->simulation, m, m->n_workloads, wg, NULL, p->schedule, &so, d);
        }
        sl_free(wg);
    }
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
    sl_schedule_free(p->schedule);
    sl_simulation_free(p->simulation);
    sl_free(p);
}
