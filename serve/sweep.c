/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - P(on time) and the verdicts over a grid of two controls (for
 * example the deadline against an agency's staff hours), computed in the
 * background by the session's worker, one point at a time whenever no
 * re-plan waits.
 *
 * Point k of an nx x ny grid sets x to xs[k % nx] and y to ys[k / nx]
 * after the sweep's own overrides, and plans with the quick iteration
 * count (the same seed throughout, so neighbouring points differ by the
 * inputs, not by sampling noise). A re-plan preempts a running point
 * (cancelled, run again later); a new sweep replaces the old, whose
 * points are dropped even if one was running when it was replaced (its
 * generation no longer matches).
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sv_sweep_clear(sv_sweep *w)
{
    for (size_t i = 0; w->points && i < w->total; i++)
        free(w->points[i]);
    free(w->points);
    sv_sweep_request_free(&w->req);
    long generation = w->generation;
    memset(w, 0, sizeof *w);
    w->generation = generation;
}

bool sv_sweep_has_work(const sv_session *s)
{
    return s->sweep.state == SWEEP_RUNNING && s->sweep.next < s->sweep.total;
}

/* "path=value", malloc'ed. */
static char *pair(const char *path, const char *value)
{
    size_t len = strlen(path) + strlen(value) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s=%s", path, value);
    return p;
}

void sv_sweep_run_point(sv_session *s)
{
    sv_sweep *w = &s->sweep;
    size_t k = w->next, nx = w->req.xs.n;
    long generation = w->generation;
    /* the point's overrides, copied while the lock is held */
    sv_strings sets = {0, NULL};
    int rc = sv_strings_copy(&sets, w->req.sets.n, (const char *const *)w->req.sets.items);
    char *x = pair(w->req.x, w->req.xs.items[k % nx]);
    char *y = pair(w->req.y, w->req.ys.items[k / nx]);
    char **grown = rc || !x || !y ? NULL : realloc(sets.items, (sets.n + 2) * sizeof *grown);
    if (grown) {
        sets.items = grown;
        sets.items[sets.n++] = x;
        sets.items[sets.n++] = y;
        x = y = NULL;
    }
    free(x);
    free(y);
    s->running_sweep = true;
    pthread_mutex_unlock(&s->mu);

    char *point = NULL;
    bool cancelled = false;
    if (!grown) {
        point = sv_error_json("out of memory");
    } else {
        sl_diag *d = sl_diag_new();
        sl_plan_options o = sv_plan_options(s, s->quick_iterations);
        sl_variant *v = NULL;
        rc = d ? sl_workspace_plan(&v, s->ws, sets.n, (const char *const *)sets.items, &o, d)
               : SL_ENOMEM;
        cancelled = rc == SL_ECANCELLED;
        if (!rc) {
            point = sv_plan_summary(v->plan, false);
        } else if (!cancelled) {
            char *text = sv_diag_text(d, rc);
            point = sv_error_json(text ? text : "out of memory");
            free(text);
        }
        sl_variant_free(v);
        sl_diag_free(d);
    }
    sv_strings_free(&sets);

    pthread_mutex_lock(&s->mu);
    s->running_sweep = false;
    s->cancelled_runs += cancelled;
    if (generation == w->generation && w->state == SWEEP_RUNNING && !cancelled && w->next == k) {
        w->points[k] = point;
        point = NULL;
        w->next++;
        if (w->next == w->total)
            w->state = SWEEP_DONE;
    }
    free(point);
}

void sv_session_sweep(sv_session *s, sv_sweep_request *r)
{
    size_t total = r->xs.n * r->ys.n;
    char **points = calloc(total ? total : 1, sizeof *points);
    pthread_mutex_lock(&s->mu);
    sv_sweep *w = &s->sweep;
    sv_sweep_clear(w);
    w->generation++;
    if (points) {
        w->req = *r;
        memset(r, 0, sizeof *r);
        w->points = points;
        w->total = total;
        w->state = SWEEP_RUNNING;
    }
    if (s->running_sweep)
        atomic_store(&s->cancel, 1); /* a point of the old sweep */
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    sv_sweep_request_free(r);
}

void sv_session_sweep_cancel(sv_session *s)
{
    pthread_mutex_lock(&s->mu);
    if (s->sweep.state == SWEEP_RUNNING) {
        s->sweep.state = SWEEP_CANCELLED;
        if (s->running_sweep)
            atomic_store(&s->cancel, 1);
    }
    pthread_mutex_unlock(&s->mu);
}
