/* SPDX-License-Identifier: MIT */
/*
 * routes.c - what each address answers, once http.c has checked the
 * request (token, Host, limits):
 *
 *   GET  /                   the page
 *   GET  /api/state          the session as JSON (?controls=1: with the controls)
 *   GET  /api/front          the latest result's front page (?base=1: as loaded)
 *   POST /api/plan           re-plan with set=PATH=VALUE ... (202)
 *   POST /api/sweep          sweep x, xv..., y, yv..., set... (202)
 *   POST /api/sweep/cancel
 *   GET  /api/sweep          the sweep's points
 *   GET  /api/compare        the variants side by side (?ids=0,3,4)
 *   GET  /export/scenario    a variant's scenario file (?id=N)
 *   GET  /export/plan        its plan document
 *   GET  /export/report      its HTML report
 *
 * Each route takes only the parameters it names; any other is a 400.
 * Exports and the comparison render with the library's own writers
 * (sl_workspace_export_scenario, sl_report_render,
 * sl_write_compare_html_table) from the variant's plan.
 */
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sv_error_response(sv_response *out, int status, const char *text)
{
    memset(out, 0, sizeof *out);
    out->status = status;
    out->type = "application/json";
    /* the text is ours, or a library message: escape it as JSON */
    size_t cap = strlen(text) * 6 + 32;
    char *body = malloc(cap);
    if (!body) {
        static char fallback[] = "{\"error\":\"out of memory\"}";
        out->body = fallback;
        out->len = strlen(fallback);
        return;
    }
    size_t n = (size_t)snprintf(body, cap, "{\"error\":\"");
    for (const unsigned char *s = (const unsigned char *)text; *s; s++) {
        if (*s == '"' || *s == '\\')
            n += (size_t)snprintf(body + n, cap - n, "\\%c", *s);
        else if (*s < 0x20)
            n += (size_t)snprintf(body + n, cap - n, "\\u%04x", *s);
        else
            body[n++] = (char)*s;
    }
    n += (size_t)snprintf(body + n, cap - n, "\"}");
    out->body = body;
    out->len = n;
    out->owned = true;
}

static void take(sv_response *out, int status, char *body, size_t len, const char *type)
{
    if (!body) {
        sv_error_response(out, 503, "out of memory");
        return;
    }
    memset(out, 0, sizeof *out);
    out->status = status;
    out->body = body;
    out->len = len;
    out->owned = true;
    out->type = type;
}

/* {"key": v} */
static void json_text(sv_response *out, int status, const char *key, long v)
{
    char *body = malloc(96);
    if (body)
        snprintf(body, 96, "{\"%.40s\":%ld}", key, v);
    take(out, status, body, body ? strlen(body) : 0, "application/json");
}

/* False (and a 400 in out) when p holds a name not in names. */
static bool only(const sv_params *p, const char *const *names, sv_response *out)
{
    const char *unknown = sv_params_unknown(p, names);
    if (!unknown)
        return true;
    char text[96];
    snprintf(text, sizeof text, "unknown parameter '%.40s'", unknown);
    sv_error_response(out, 400, text);
    return false;
}

/* A whole number 0..10^9 written in digits only. */
static bool whole(const char *s, size_t len, long *out)
{
    if (!len || len > 9)
        return false;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static void state(sv_session *s, const sv_request *r, sv_response *out)
{
    static const char *const names[] = {"controls", NULL};
    if (!only(r->query, names, out))
        return;
    const char *c = sv_param(r->query, "controls");
    size_t len = 0;
    char *text = sv_session_state_json(s, c && strcmp(c, "1") == 0, &len);
    take(out, 200, text, len, "application/json");
}

static void front(sv_session *s, const sv_request *r, sv_response *out)
{
    static const char *const names[] = {"base", "v", NULL};
    if (!only(r->query, names, out))
        return;
    const char *b = sv_param(r->query, "base");
    size_t len = 0;
    long version = 0;
    char *text = sv_session_front(s, b && strcmp(b, "1") == 0, &len, &version);
    if (!text) {
        sv_error_response(out, 404, "not planned yet");
        return;
    }
    take(out, 200, text, len, "text/html; charset=utf-8");
    out->version = version;
}

static void plan(sv_session *s, const sv_request *r, sv_response *out)
{
    sv_strings sets;
    sv_error e;
    if (sv_plan_request(&sets, r->body, sv_session_workspace(s), sv_session_lang(s), &e)) {
        sv_error_response(out, e.status, e.text);
        return;
    }
    long id = sv_session_submit(s, &sets);
    if (id < 0)
        sv_error_response(out, 503, "out of memory");
    else
        json_text(out, 202, "request", id);
}

static void sweep(sv_session *s, const sv_request *r, sv_response *out)
{
    sv_sweep_request q;
    sv_error e;
    if (sv_sweep_request_parse(&q, r->body, sv_session_workspace(s), sv_session_lang(s), &e)) {
        sv_error_response(out, e.status, e.text);
        return;
    }
    sv_session_sweep(s, &q);
    json_text(out, 202, "sweep", 1);
}

static void sweep_cancel(sv_session *s, const sv_request *r, sv_response *out)
{
    static const char *const names[] = {NULL};
    if (!only(r->body, names, out))
        return;
    sv_session_sweep_cancel(s);
    json_text(out, 200, "cancelled", 1);
}

static void sweep_state(sv_session *s, const sv_request *r, sv_response *out)
{
    static const char *const names[] = {NULL};
    if (!only(r->query, names, out))
        return;
    size_t len = 0;
    char *text = sv_session_sweep_json(s, &len);
    take(out, 200, text, len, "application/json");
}

/* The variant named by ?id=N, held; NULL with a response when there is
 * none. */
static sv_held *variant(sv_session *s, const sv_request *r, sv_response *out)
{
    static const char *const names[] = {"id", NULL};
    if (!only(r->query, names, out))
        return NULL;
    const char *id = sv_param(r->query, "id");
    long n;
    if (!id || !whole(id, strlen(id), &n)) {
        sv_error_response(out, 400, "id wants a variant number");
        return NULL;
    }
    sv_held *h = sv_session_hold(s, n);
    if (!h)
        sv_error_response(out, 404, "no such variant (the list keeps the latest ones)");
    return h;
}

static void export_file(sv_session *s, const sv_request *r, sv_response *out, int kind)
{
    static const char *const dispositions[] = {
        "attachment; filename=\"samlok-variant.yaml\"",
        "attachment; filename=\"samlok-variant-plan.json\"",
        "attachment; filename=\"samlok-variant-report.html\"",
    };
    static const char *const types[] = {"application/yaml; charset=utf-8", "application/json",
                                        "text/html; charset=utf-8"};
    sv_held *h = variant(s, r, out);
    if (!h)
        return;
    const sl_variant *v = sv_held_variant(h);
    sl_diag *d = sl_diag_new();
    char *text = NULL;
    size_t len = 0;
    int rc = d ? 0 : SL_ENOMEM;
    if (!rc && kind == 0) {
        rc = sl_workspace_export_scenario(&text, &len, sv_session_workspace(s), v->n_sets, v->sets,
                                          d);
    } else if (!rc) {
        sl_report *rep = NULL;
        rc = sl_report_from_plan(&rep, v->plan, d);
        sl_render_options o = SL_RENDER_OPTIONS_INIT;
        o.format = kind == 1 ? SL_RENDER_JSON : SL_RENDER_HTML;
        o.lang = sv_session_lang(s);
        if (!rc)
            rc = sl_report_render(&text, &len, rep, &o, d);
        sl_report_free(rep);
    }
    sl_diag_free(d);
    sv_held_release(h);
    if (rc) {
        sv_error_response(out, rc == SL_ENOMEM ? 503 : 500, sl_strerror(rc));
        return;
    }
    take(out, 200, text, len, types[kind]);
    out->disposition = dispositions[kind];
}

static void export_scenario(sv_session *s, const sv_request *r, sv_response *out)
{
    export_file(s, r, out, 0);
}

static void export_plan(sv_session *s, const sv_request *r, sv_response *out)
{
    export_file(s, r, out, 1);
}

static void export_report(sv_session *s, const sv_request *r, sv_response *out)
{
    export_file(s, r, out, 2);
}

static void compare(sv_session *s, const sv_request *r, sv_response *out)
{
    static const char *const names[] = {"ids", NULL};
    if (!only(r->query, names, out))
        return;
    const char *ids = sv_param(r->query, "ids");
    sv_held *held[SV_MAX_VARIANTS];
    size_t n = 0;
    for (const char *p = ids; p && *p && n < SV_MAX_VARIANTS;) {
        size_t len = strcspn(p, ",");
        long id;
        if (!whole(p, len, &id)) {
            sv_error_response(out, 400, "ids wants variant numbers separated by commas");
            goto done;
        }
        held[n] = sv_session_hold(s, id);
        if (!held[n]) {
            sv_error_response(out, 404, "no such variant (the list keeps the latest ones)");
            goto done;
        }
        n++;
        p += len + (p[len] == ',');
    }
    if (!n) {
        sv_error_response(out, 400, "ids names no variant");
        goto done;
    }
    const sl_plan *plans[SV_MAX_VARIANTS];
    char labels[SV_MAX_VARIANTS][320];
    const char *label_ptrs[SV_MAX_VARIANTS];
    for (size_t i = 0; i < n; i++) {
        plans[i] = sv_held_variant(held[i])->plan;
        snprintf(labels[i], sizeof labels[i], "%s", sv_held_label(held[i]));
        label_ptrs[i] = labels[i];
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sl_text_options o = SL_TEXT_OPTIONS_INIT;
    o.lang = sv_session_lang(s);
    int rc = f ? sl_write_compare_html_table_opts(f, n, plans, label_ptrs, &o) : SL_ENOMEM;
    if (f && fclose(f) != 0 && !rc)
        rc = SL_ENOMEM;
    if (rc) {
        free(buf);
        sv_error_response(out, 503, sl_strerror(rc));
    } else {
        take(out, 200, buf, len, "text/html; charset=utf-8");
    }
done:
    for (size_t i = 0; i < n; i++)
        sv_held_release(held[i]);
}

typedef struct route {
    const char *path;
    bool is_post;
    void (*run)(sv_session *s, const sv_request *r, sv_response *out);
} route;

static const route routes[] = {
    {"/api/state", false, state},
    {"/api/front", false, front},
    {"/api/plan", true, plan},
    {"/api/sweep", true, sweep},
    {"/api/sweep", false, sweep_state},
    {"/api/sweep/cancel", true, sweep_cancel},
    {"/api/compare", false, compare},
    {"/export/scenario", false, export_scenario},
    {"/export/plan", false, export_plan},
    {"/export/report", false, export_report},
};

bool sv_route(sv_session *s, const sv_request *r, sv_response *out, const char **allowed)
{
    *allowed = NULL;
    if (strcmp(r->path, "/") == 0) {
        if (r->is_post) {
            *allowed = "GET";
            return false;
        }
        static const char *const names[] = {NULL};
        if (!only(r->query, names, out))
            return true;
        char nonce[32];
        if (sv_random_text(nonce, sizeof nonce, 18) || sv_page(out, s, nonce))
            sv_error_response(out, 503, "out of memory");
        return true;
    }
    bool found = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (strcmp(routes[i].path, r->path) != 0)
            continue;
        found = true;
        if (routes[i].is_post == r->is_post) {
            routes[i].run(s, r, out);
            return true;
        }
    }
    if (found) /* the other method; /api/sweep takes both */
        *allowed = strcmp(r->path, "/api/sweep") == 0 ? "GET, POST" : r->is_post ? "GET" : "POST";
    return false;
}
