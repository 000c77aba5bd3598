/* SPDX-License-Identifier: MIT */
/*
 * session.h - inside a session (session.c, sweep.c, state.c): the one
 * worker thread that plans, what it last published, the variants and the
 * sweep. Everything below `mu` is guarded by it; the worker plans with
 * the lock released and publishes under it.
 */
#ifndef SL_SERVE_SESSION_H
#define SL_SERVE_SESSION_H

#include "serve.h"

#include <pthread.h>
#include <stdatomic.h>

/* A result the page shows: one pass of one request. */
typedef struct sv_result {
    long request; /* the request it answers */
    long version; /* grows with every result published */
    bool is_full; /* the full pass; else the quick one */
    long iterations;
    sv_strings sets;
    char *summary; /* JSON object (sv_plan_summary), or NULL after an error */
    char *error;   /* what failed, or NULL */
    char *front;   /* the report's front sections, or NULL after an error */
    size_t front_len;
} sv_result;

struct sv_held {
    atomic_int refs;
    long id; /* 0: the scenario as loaded */
    sl_variant *v;
    sv_strings sets;
    char *label;
    char *summary;
    char *front;
    size_t front_len;
};

typedef struct sv_job {
    long id;
    sv_strings sets;
} sv_job;

typedef enum { SWEEP_IDLE = 0, SWEEP_RUNNING, SWEEP_DONE, SWEEP_CANCELLED } sv_sweep_state;

typedef struct sv_sweep {
    long generation; /* grows with every sweep started */
    sv_sweep_state state;
    sv_sweep_request req;
    size_t total, next; /* points: x fastest */
    char **points;      /* per point its summary JSON (or {"error": ...}), NULL until done */
} sv_sweep;

struct sv_session {
    sl_workspace *ws;
    sv_config cfg;
    long full_iterations, quick_iterations;
    char *controls_json; /* the controls, built once */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    bool is_started, stop;
    atomic_int cancel;  /* the running plan stops at its next check */
    sv_job *pending;    /* the newest request, not started yet */
    long last_request;  /* the id of the newest request accepted */
    long running;       /* the request running, -1: none */
    bool running_full;  /* ... in its full pass */
    bool running_sweep; /* a sweep point is running */
    sv_result *current; /* the latest published result */
    long version;
    long cancelled_runs; /* passes and sweep points a newer request stopped */
    char *base_front;    /* the scenario as loaded, full pass */
    size_t base_front_len;
    size_t n_variants;
    sv_held *variants[SV_MAX_VARIANTS]; /* oldest first */
    long next_variant;
    sv_sweep sweep;
};

/* state.c: a plan's headline figures as a JSON object (malloc'ed). */
char *sv_plan_summary(const sl_plan *p, bool is_full);
/* A JSON object {"error": text} (malloc'ed). */
char *sv_error_json(const char *text);
/* The controls of the workspace as a JSON array (malloc'ed), their
 * labels in language l. */
char *sv_controls_json(const sl_workspace *ws, const sl_lang *l);

/* sweep.c, called by the worker with mu held: true when a point waits. */
bool sv_sweep_has_work(const sv_session *s);
/* Runs the next point: releases mu while it plans, holds it again on
 * return. */
void sv_sweep_run_point(sv_session *s);
void sv_sweep_clear(sv_sweep *w);

/* session.c: the plan options of a run at iterations, cancellable. */
sl_plan_options sv_plan_options(sv_session *s, long iterations);
/* The first message of d as text (malloc'ed). */
char *sv_diag_text(const sl_diag *d, int rc);

#endif
