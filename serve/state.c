/* SPDX-License-Identifier: MIT */
/*
 * state.c - the session as JSON for the page's script: the controls, the
 * newest request and what is running, the latest result's headline (the
 * iteration count and standard error its label shows, the verdict per
 * agency), the variants, and the sweep.
 *
 * The headline is read from the plan's own result structs; every figure
 * the page shows comes from the report's front sections (sl_report_render),
 * so nothing here computes a figure.
 */
#include "session.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *number(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *date(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(buf, d);
    return json_string(buf);
}

/* Takes v's reference; false when v is NULL or o could not take it. */
static bool set(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0;
}

static char *dump(json_t *o)
{
    char *text =
        o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(o);
    return text;
}

char *sv_error_json(const char *text)
{
    json_t *o = json_object();
    if (o && !set(o, "error", json_string(text ? text : "")))
        json_object_clear(o);
    return dump(o);
}

char *sv_plan_summary(const sl_plan *p, bool is_full)
{
    const sl_model *m = p->model;
    const sl_simulation *sim = p->simulation;
    json_t *o = json_object(), *ag = json_array();
    bool ok = o && ag && set(o, "pass", json_string(is_full ? "full" : "quick")) &&
              set(o, "iterations", json_integer(p->iterations)) &&
              set(o, "reviewed", json_boolean(p->review != NULL)) &&
              set(o, "seed", json_integer((json_int_t)p->seed)) &&
              set(o, "p_on_time", number(sim->overall.p_on_time)) &&
              set(o, "p_on_time_stderr", number(sim->overall.p_on_time_stderr)) &&
              set(o, "finish_p80", date(sim->overall.finish_p80)) &&
              set(o, "hosts", json_integer((json_int_t)p->placement->shared.hosts_total)) &&
              json_object_set(o, "agencies", ag) == 0;
    for (size_t a = 0; ok && a < m->n_agencies; a++) {
        const sl_verdict *v = sl_plan_verdict(p, (sl_index)a);
        const sl_sim_outcome *out = &sim->per_agency[a];
        json_t *e = json_object();
        bool moves = sl_agency_moves(&m->agencies[a]);
        ok = e && json_array_append_new(ag, e) == 0 &&
             set(e, "id", json_string(m->agencies[a].id)) &&
             set(e, "verdict", json_string(v ? sl_verdict_name(v->verdict) : "?")) &&
             set(e, "reason", v && v->n_reasons ? json_string(v->reasons[0].text) : json_null()) &&
             set(e, "p_on_time", moves ? number(out->p_on_time) : json_null()) &&
             set(e, "p_on_time_stderr", moves ? number(out->p_on_time_stderr) : json_null());
    }
    json_decref(ag);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return dump(o);
}

static json_t *strings(size_t n, const char *const *items)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        if (json_array_append_new(a, json_string(items[i] ? items[i] : "")) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* A control's label in language l: its phrase said there, or the label
 * as written when it has no phrase (an `adjustable` path). */
static json_t *label(const sl_phrase *p, const char *text, const sl_lang *l)
{
    if (!p->tmpl)
        return json_string(text);
    char *said = sl_phrase_say(p, l, NULL);
    json_t *v = said ? json_string(said) : NULL;
    free(said);
    return v;
}

char *sv_controls_json(const sl_workspace *ws, const sl_lang *l)
{
    static const char *const kinds[] = {"number", "date", "bool", "choice"};
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < sl_workspace_n_controls(ws); i++) {
        const sl_control *c = sl_workspace_control(ws, i);
        json_t *o = json_object();
        ok = o && json_array_append_new(arr, o) == 0 && set(o, "path", json_string(c->path)) &&
             set(o, "label", label(&c->label_phrase, c->label, l)) &&
             set(o, "group", json_string(c->group)) &&
             set(o, "kind", json_string(kinds[c->kind])) &&
             set(o, "loaded", c->loaded ? json_string(c->loaded) : json_null()) &&
             set(o, "choices", strings(c->n_choices, c->choices));
        if (ok && c->kind == SL_CONTROL_NUMBER)
            ok = set(o, "loaded_number", number(c->loaded_number)) &&
                 set(o, "min", number(c->min)) && set(o, "max", number(c->max)) &&
                 set(o, "step", number(c->step));
        json_t *labels = ok && c->choice_labels ? json_array() : NULL;
        if (ok && c->choice_labels)
            ok = set(o, "choice_labels", labels);
        for (size_t k = 0; ok && labels && k < c->n_choices; k++)
            ok = json_array_append_new(labels,
                                       label(&c->choice_phrases[k], c->choice_labels[k], l)) == 0;
    }
    if (!ok) {
        json_decref(arr);
        return NULL;
    }
    return dump(arr);
}

/* A JSON text kept by the session, as a value (null when absent). */
static json_t *parsed(const char *text)
{
    return text ? json_loads(text, 0, NULL) : json_null();
}

static json_t *sets_json(const sv_strings *s)
{
    return strings(s->n, (const char *const *)s->items);
}

static json_t *result_json(const sv_result *r)
{
    json_t *o = json_object();
    bool ok = o && set(o, "request", json_integer(r->request)) &&
              set(o, "version", json_integer(r->version)) &&
              set(o, "pass", json_string(r->is_full ? "full" : "quick")) &&
              set(o, "iterations", json_integer(r->iterations)) &&
              set(o, "sets", sets_json(&r->sets)) && set(o, "summary", parsed(r->summary)) &&
              set(o, "error", r->error ? json_string(r->error) : json_null());
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static const char *const sweep_states[] = {"idle", "running", "done", "cancelled"};

#ifdef __SANITIZE_ADDRESS__
/* libasan's count of live heap bytes (sanitizer/allocator_interface.h,
 * which GCC does not ship) */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

/* The bytes the program holds on its heap, where the build can tell:
 * under AddressSanitizer, whose allocator keeps freed memory and so makes
 * the resident size useless for a soak test (tests/serve/soak.py); null
 * otherwise, where the resident size is the measure. */
static json_t *heap_bytes(void)
{
#ifdef __SANITIZE_ADDRESS__
    return json_integer((json_int_t)__sanitizer_get_current_allocated_bytes());
#else
    return json_null();
#endif
}

char *sv_session_state_json(sv_session *s, bool with_controls, size_t *len)
{
    const sl_model *m = sl_workspace_model(s->ws);
    char start[11], deadline[11];
    sl_date_format(start, m->start);
    sl_date_format(deadline, m->deadline);
    json_t *o = json_object(), *scn = json_object(), *vars = json_array();
    if (!o || !scn || !vars) {
        json_decref(o);
        json_decref(scn);
        json_decref(vars);
        return NULL;
    }
    /* set() takes each reference, also when it fails */
    bool ok = set(o, "scenario", scn);
    ok = set(o, "variants", vars) && ok;
    ok = ok && set(scn, "name", json_string(m->name)) && set(scn, "file", json_string(m->file)) &&
         set(scn, "start", json_string(start)) && set(scn, "deadline", json_string(deadline)) &&
         set(scn, "currency", json_string(m->currency));
    if (ok && with_controls)
        ok = set(o, "controls", parsed(s->controls_json));
    pthread_mutex_lock(&s->mu);
    ok = ok && set(scn, "full_iterations", json_integer(s->full_iterations)) &&
         set(scn, "quick_iterations", json_integer(s->quick_iterations)) &&
         set(o, "request", json_integer(s->last_request)) &&
         set(o, "running", s->running >= 0 ? json_integer(s->running) : json_null()) &&
         set(o, "running_pass",
             s->running_sweep ? json_string("sweep")
             : s->running < 0 ? json_null()
                              : json_string(s->running_full ? "full" : "quick")) &&
         set(o, "queued", json_boolean(s->pending != NULL)) &&
         set(o, "result", s->current ? result_json(s->current) : json_null()) &&
         set(o, "base_ready", json_boolean(s->base_front != NULL)) &&
         set(o, "cancelled_runs", json_integer(s->cancelled_runs)) &&
         set(o, "heap_bytes", heap_bytes());
    for (size_t i = 0; ok && i < s->n_variants; i++) {
        const sv_held *h = s->variants[i];
        json_t *v = json_object();
        ok = v && json_array_append_new(vars, v) == 0 && set(v, "id", json_integer(h->id)) &&
             set(v, "label", json_string(h->label)) && set(v, "sets", sets_json(&h->sets)) &&
             set(v, "summary", parsed(h->summary));
    }
    json_t *sw = ok ? json_object() : NULL;
    ok = ok && set(o, "sweep", sw) && set(sw, "generation", json_integer(s->sweep.generation)) &&
         set(sw, "state", json_string(sweep_states[s->sweep.state])) &&
         set(sw, "done", json_integer((json_int_t)s->sweep.next)) &&
         set(sw, "total", json_integer((json_int_t)s->sweep.total));
    pthread_mutex_unlock(&s->mu);
    char *text = ok ? dump(o) : (json_decref(o), NULL);
    if (text)
        *len = strlen(text);
    return text;
}

char *sv_session_sweep_json(sv_session *s, size_t *len)
{
    json_t *o = json_object(), *pts = json_array();
    pthread_mutex_lock(&s->mu);
    const sv_sweep *w = &s->sweep;
    bool ok = o && pts && set(o, "generation", json_integer(w->generation)) &&
              set(o, "state", json_string(sweep_states[w->state])) &&
              set(o, "iterations", json_integer(s->quick_iterations)) &&
              set(o, "x", w->req.x ? json_string(w->req.x) : json_null()) &&
              set(o, "y", w->req.y ? json_string(w->req.y) : json_null()) &&
              set(o, "xs", sets_json(&w->req.xs)) && set(o, "ys", sets_json(&w->req.ys)) &&
              set(o, "sets", sets_json(&w->req.sets)) &&
              set(o, "done", json_integer((json_int_t)w->next)) &&
              set(o, "total", json_integer((json_int_t)w->total)) &&
              json_object_set(o, "points", pts) == 0;
    for (size_t i = 0; ok && i < w->total; i++)
        ok = json_array_append_new(pts, parsed(w->points[i])) == 0;
    pthread_mutex_unlock(&s->mu);
    json_decref(pts);
    char *text = ok ? dump(o) : (json_decref(o), NULL);
    if (text)
        *len = strlen(text);
    return text;
}
