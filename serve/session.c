/* SPDX-License-Identifier: MIT */
/*
 * session.c - the server's state and its one worker thread.
 *
 * One plan runs at a time: the worker takes the newest request (a newer
 * one replaces it while it waits), plans it with the quick iteration
 * count, publishes that, then plans it in full and reviews it
 * (sl_workspace_review: to go verified, the plan without the no-go
 * agencies, as `samlok plan` does) and publishes again; a
 * request arriving meanwhile sets the cancel flag, which the library asks
 * between stages and between chunks of Monte Carlo iterations, so a stale
 * run stops within milliseconds and leaves nothing behind. A result is
 * published only while its request is the newest, so the page never
 * steps back to an older question.
 *
 * Every full plan becomes a variant of the session's list (its plan kept
 * for comparing and exporting), at most SV_MAX_VARIANTS of them, the
 * oldest dropped first but never the scenario as loaded; asking again for
 * a variant on the list answers from it without planning. Variants are
 * reference-counted so a request exporting one keeps it while the worker
 * drops it from the list. When no request waits, the worker runs the
 * sweep's points (sweep.c); a request preempts a point, which runs again
 * later.
 */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static bool is_cancelled(void *user)
{
    sv_session *s = user;
    return atomic_load(&s->cancel) != 0;
}

sl_plan_options sv_plan_options(sv_session *s, long iterations)
{
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    o.iterations = iterations;
    o.threads = s->cfg.threads;
    o.has_seed = s->cfg.has_seed;
    o.seed = s->cfg.seed;
    o.is_cancelled = is_cancelled;
    o.cancel_user = s;
    return o;
}

char *sv_diag_text(const sl_diag *d, int rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    /* every message, as the CLI prints them: file:line:column: text */
    for (size_t i = 0; d && i < sl_diag_count(d) && i < 20; i++) {
        const sl_diag_msg *m = sl_diag_at(d, i);
        if (m->severity != SL_ERROR)
            continue;
        if (m->file)
            fprintf(f, "%s%s", m->file, m->line ? ":" : ": ");
        if (m->line)
            fprintf(f, "%ld:%ld: ", m->line, m->column);
        fprintf(f, "%s\n", m->text);
    }
    if (ftell(f) == 0)
        fprintf(f, "%s\n", sl_strerror(rc));
    fclose(f);
    return buf;
}

static void result_free(sv_result *r)
{
    if (!r)
        return;
    sv_strings_free(&r->sets);
    free(r->summary);
    free(r->error);
    free(r->front);
    free(r);
}

static void held_free(sv_held *h)
{
    sl_variant_free(h->v);
    sv_strings_free(&h->sets);
    free(h->label);
    free(h->summary);
    free(h->front);
    free(h);
}

void sv_held_release(sv_held *h)
{
    if (h && atomic_fetch_sub(&h->refs, 1) == 1)
        held_free(h);
}

const sl_variant *sv_held_variant(const sv_held *h)
{
    return h->v;
}

const char *sv_held_label(const sv_held *h)
{
    return h->label;
}

sv_held *sv_session_hold(sv_session *s, long id)
{
    sv_held *h = NULL;
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->n_variants && !h; i++)
        if (s->variants[i]->id == id)
            h = s->variants[i];
    if (h)
        atomic_fetch_add(&h->refs, 1);
    pthread_mutex_unlock(&s->mu);
    return h;
}

/* A variant's label: its overrides, or the scenario as loaded in words. */
static char *label_of(const sv_session *s, const sv_strings *sets)
{
    if (!sets->n)
        return strdup(sl_tr(s->cfg.lang, "as loaded"));
    size_t len = 1;
    for (size_t i = 0; i < sets->n; i++)
        len += strlen(sets->items[i]) + 2;
    char *l = malloc(len);
    if (!l)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < sets->n; i++) {
        size_t k = strlen(sets->items[i]);
        if (i) {
            memcpy(l + n, ", ", 2);
            n += 2;
        }
        memcpy(l + n, sets->items[i], k);
        n += k;
    }
    l[n] = '\0';
    return l;
}

/* Renders a plan's front page in the session's language. */
static int render_front(sv_session *s, const sl_plan *p, char **out, size_t *len, sl_diag *d)
{
    sl_report *r = NULL;
    int rc = sl_report_from_plan(&r, p, d);
    sl_render_options o = SL_RENDER_OPTIONS_INIT;
    o.format = SL_RENDER_HTML_FRONT;
    o.lang = s->cfg.lang;
    if (!rc)
        rc = sl_report_render(out, len, r, &o, d);
    sl_report_free(r);
    return rc;
}

/* Publishes r when its request is still the newest; frees it otherwise. */
static void publish(sv_session *s, sv_result *r)
{
    pthread_mutex_lock(&s->mu);
    if (r->request == s->last_request) {
        r->version = ++s->version;
        result_free(s->current);
        s->current = r;
        r = NULL;
    }
    pthread_mutex_unlock(&s->mu);
    result_free(r);
}

/* A result for the page, copying what it needs from the sources. */
static sv_result *new_result(const sv_job *j, bool is_full, long iterations, const char *summary,
                             const char *front, size_t front_len, const char *error)
{
    sv_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->request = j->id;
    r->is_full = is_full;
    r->iterations = iterations;
    bool ok = sv_strings_copy(&r->sets, j->sets.n, (const char *const *)j->sets.items) == 0;
    r->summary = summary ? strdup(summary) : NULL;
    r->error = error ? strdup(error) : NULL;
    r->front = front ? malloc(front_len + 1) : NULL;
    if (r->front) {
        memcpy(r->front, front, front_len + 1);
        r->front_len = front_len;
    }
    if (!ok || (summary && !r->summary) || (error && !r->error) || (front && !r->front)) {
        result_free(r);
        return NULL;
    }
    return r;
}

/* Puts h on the list as its newest entry, in place of one with the same
 * overrides; drops the oldest but the scenario as loaded when full. */
static void add_variant(sv_session *s, sv_held *h)
{
    sv_held *dropped[2] = {NULL, NULL};
    pthread_mutex_lock(&s->mu);
    size_t k = 0;
    for (size_t i = 0; i < s->n_variants; i++) {
        if (s->variants[i] != h && sv_strings_equal(&s->variants[i]->sets, &h->sets))
            dropped[0] = s->variants[i];
        else if (s->variants[i] != h)
            s->variants[k++] = s->variants[i];
    }
    s->n_variants = k;
    if (s->n_variants == SV_MAX_VARIANTS) {
        size_t oldest = 0; /* the scenario as loaded (no overrides) stays */
        while (oldest + 1 < s->n_variants && s->variants[oldest]->sets.n == 0)
            oldest++;
        dropped[1] = s->variants[oldest];
        memmove(&s->variants[oldest], &s->variants[oldest + 1],
                (s->n_variants - oldest - 1) * sizeof *s->variants);
        s->n_variants--;
    }
    s->variants[s->n_variants++] = h;
    if (h->sets.n == 0 && !s->base_front && h->front) {
        s->base_front = malloc(h->front_len + 1);
        if (s->base_front) {
            memcpy(s->base_front, h->front, h->front_len + 1);
            s->base_front_len = h->front_len;
        }
    }
    pthread_mutex_unlock(&s->mu);
    sv_held_release(dropped[0]);
    sv_held_release(dropped[1]);
}

/* A request already on the list: shown again, and made the newest. */
static bool answer_from_list(sv_session *s, const sv_job *j)
{
    sv_held *h = NULL;
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->n_variants && !h; i++)
        if (sv_strings_equal(&s->variants[i]->sets, &j->sets))
            h = s->variants[i];
    if (h)
        atomic_fetch_add(&h->refs, 1);
    pthread_mutex_unlock(&s->mu);
    if (!h)
        return false;
    sv_result *r =
        new_result(j, true, h->v->plan->iterations, h->summary, h->front, h->front_len, NULL);
    if (r)
        publish(s, r);
    add_variant(s, h); /* the list's reference moves to the end */
    sv_held_release(h);
    return r != NULL;
}

typedef enum { PASS_CANCELLED, PASS_DONE, PASS_FAILED } pass_end;

/* One pass of a job: its result (or what failed) goes to publish. */
static pass_end run_pass(sv_session *s, const sv_job *j, bool is_full, long iterations)
{
    sl_diag *d = sl_diag_new();
    if (!d)
        return PASS_FAILED;
    sl_plan_options o = sv_plan_options(s, iterations);
    sl_variant *v = NULL;
    int rc = sl_workspace_plan(&v, s->ws, j->sets.n, (const char *const *)j->sets.items, &o, d);
    /* the full pass is the plan `samlok plan` writes, review included;
     * the quick one answers first without it */
    if (!rc && is_full)
        rc = sl_workspace_review(s->ws, v, &o, d);
    if (rc == SL_ECANCELLED) {
        sl_variant_free(v);
        sl_diag_free(d);
        pthread_mutex_lock(&s->mu);
        s->cancelled_runs++;
        pthread_mutex_unlock(&s->mu);
        return PASS_CANCELLED;
    }
    char *front = NULL, *summary = NULL, *error = NULL;
    size_t front_len = 0;
    if (!rc)
        rc = render_front(s, v->plan, &front, &front_len, d);
    if (!rc)
        summary = sv_plan_summary(v->plan, is_full);
    if (rc || !summary)
        error = sv_diag_text(d, rc ? rc : SL_ENOMEM);
    sl_diag_free(d);
    sv_result *r = new_result(j, is_full, v ? v->plan->iterations : iterations,
                              error ? NULL : summary, error ? NULL : front, front_len, error);
    if (r)
        publish(s, r);
    sv_held *h = NULL;
    if (is_full && !error && (h = calloc(1, sizeof *h)) != NULL) {
        atomic_init(&h->refs, 1);
        h->v = v;
        h->summary = summary;
        h->front = front;
        h->front_len = front_len;
        h->label = label_of(s, &j->sets);
        if (h->label && !sv_strings_copy(&h->sets, j->sets.n, (const char *const *)j->sets.items)) {
            pthread_mutex_lock(&s->mu);
            h->id = s->next_variant++;
            pthread_mutex_unlock(&s->mu);
            add_variant(s, h);
            return PASS_DONE;
        }
        free(h->label);
        free(h);
    }
    sl_variant_free(v);
    free(front);
    free(summary);
    pass_end end = error || !r ? PASS_FAILED : PASS_DONE;
    free(error);
    return end;
}

static void run_job(sv_session *s, const sv_job *j)
{
    if (answer_from_list(s, j))
        return;
    if (s->quick_iterations < s->full_iterations) {
        if (run_pass(s, j, false, s->quick_iterations) != PASS_DONE)
            return; /* cancelled, or the full pass would fail the same way */
        pthread_mutex_lock(&s->mu);
        bool stale = s->pending != NULL || s->stop;
        pthread_mutex_unlock(&s->mu);
        if (stale)
            return;
    }
    pthread_mutex_lock(&s->mu);
    s->running_full = true;
    pthread_mutex_unlock(&s->mu);
    run_pass(s, j, true, s->full_iterations);
}

static void job_free(sv_job *j)
{
    if (!j)
        return;
    sv_strings_free(&j->sets);
    free(j);
}

/* Hands memory freed by the last runs back to the system before the
 * worker waits: a server that runs for hours keeps a flat footprint
 * instead of the high-water mark of its busiest minute (glibc keeps
 * freed memory in each thread's arena until asked). */
static void give_back(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

static void *worker(void *arg)
{
    sv_session *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        if (!s->stop && !s->pending && !sv_sweep_has_work(s)) {
            pthread_mutex_unlock(&s->mu);
            give_back();
            pthread_mutex_lock(&s->mu);
        }
        while (!s->stop && !s->pending && !sv_sweep_has_work(s))
            pthread_cond_wait(&s->cv, &s->mu);
        if (s->stop)
            break;
        atomic_store(&s->cancel, 0);
        if (s->pending) {
            sv_job *j = s->pending;
            s->pending = NULL;
            s->running = j->id;
            pthread_mutex_unlock(&s->mu);
            run_job(s, j);
            job_free(j);
            pthread_mutex_lock(&s->mu);
            s->running = -1;
            s->running_full = false;
        } else {
            sv_sweep_run_point(s);
        }
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

long sv_session_submit(sv_session *s, sv_strings *sets)
{
    sv_job *j = calloc(1, sizeof *j);
    if (!j) {
        sv_strings_free(sets);
        return -1;
    }
    j->sets = *sets;
    sets->n = 0;
    sets->items = NULL;
    pthread_mutex_lock(&s->mu);
    long id = j->id = ++s->last_request; /* j is the worker's once the lock goes */
    sv_job *old = s->pending;
    s->pending = j;
    if (s->running >= 0 || s->running_sweep)
        atomic_store(&s->cancel, 1); /* stale now, or a sweep point: it runs again later */
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    job_free(old);
    return id;
}

const sl_workspace *sv_session_workspace(const sv_session *s)
{
    return s->ws;
}

const sl_lang *sv_session_lang(const sv_session *s)
{
    return s->cfg.lang;
}

int sv_session_new(sv_session **out, sl_workspace *ws, const sv_config *c)
{
    *out = NULL;
    sv_session *s = calloc(1, sizeof *s);
    if (!s)
        return SL_ENOMEM;
    s->ws = ws;
    s->cfg = *c;
    const sl_model *m = sl_workspace_model(ws);
    s->full_iterations = c->full_iterations > 0 ? c->full_iterations : m->iterations;
    s->quick_iterations = c->quick_iterations > 0 ? c->quick_iterations : 1000;
    if (s->quick_iterations > s->full_iterations)
        s->quick_iterations = s->full_iterations;
    s->running = -1;
    s->last_request = -1;
    atomic_init(&s->cancel, 0);
    s->controls_json = sv_controls_json(ws, c->lang);
    if (!s->controls_json || pthread_mutex_init(&s->mu, NULL)) {
        free(s->controls_json);
        free(s);
        return SL_ENOMEM;
    }
    pthread_cond_init(&s->cv, NULL);
    /* the scenario as loaded is request 0 and variant 0 */
    sv_strings none = {0, NULL};
    sv_session_submit(s, &none);
    if (!s->pending || pthread_create(&s->thread, NULL, worker, s) != 0) {
        sv_session_free(s);
        return SL_ENOMEM;
    }
    s->is_started = true;
    *out = s;
    return 0;
}

void sv_session_free(sv_session *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = true;
    atomic_store(&s->cancel, 1);
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (s->is_started)
        pthread_join(s->thread, NULL);
    job_free(s->pending);
    result_free(s->current);
    for (size_t i = 0; i < s->n_variants; i++)
        sv_held_release(s->variants[i]);
    sv_sweep_clear(&s->sweep);
    free(s->base_front);
    free(s->controls_json);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

char *sv_session_front(sv_session *s, bool base, size_t *len, long *version)
{
    char *copy = NULL;
    pthread_mutex_lock(&s->mu);
    *version = base || !s->current ? 0 : s->current->version;
    const char *src = base ? s->base_front : s->current ? s->current->front : NULL;
    size_t n = base ? s->base_front_len : s->current ? s->current->front_len : 0;
    if (src && (copy = malloc(n + 1)) != NULL) {
        memcpy(copy, src, n + 1);
        *len = n;
    }
    pthread_mutex_unlock(&s->mu);
    return copy;
}
