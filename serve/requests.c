/* SPDX-License-Identifier: MIT */
/*
 * requests.c - what a POST asks for, from its parameters: a re-plan (a
 * list of overrides) or a sweep (two controls and their values). Every
 * override passes sl_workspace_check_set before anything plans with it,
 * so a request can change only values of the loaded scenario, each in a
 * form its control takes; a path into files is refused as forbidden
 * (403), anything else that does not fit as a bad request (400). Unknown
 * parameter names are refused too, so a misspelt field is never silently
 * ignored. Messages are in the session's language (the page shows them).
 */
#include "serve.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sv_strings_free(sv_strings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
    s->items = NULL;
    s->n = 0;
}

static int push(sv_strings *s, const char *text)
{
    char **grown = realloc(s->items, (s->n + 1) * sizeof *grown);
    if (!grown)
        return SL_ENOMEM;
    s->items = grown;
    s->items[s->n] = strdup(text);
    if (!s->items[s->n])
        return SL_ENOMEM;
    s->n++;
    return 0;
}

int sv_strings_copy(sv_strings *out, size_t n, const char *const *items)
{
    out->n = 0;
    out->items = NULL;
    for (size_t i = 0; i < n; i++) {
        if (push(out, items[i])) {
            sv_strings_free(out);
            return SL_ENOMEM;
        }
    }
    return 0;
}

bool sv_strings_equal(const sv_strings *a, const sv_strings *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->items[i], b->items[i]) != 0)
            return false;
    return true;
}

/* text in language l (a message marked N_ here, or one a diagnostic
 * already said in l) */
static int fail(sv_error *e, const sl_lang *l, int status, const char *text)
{
    e->status = status;
    snprintf(e->text, sizeof e->text, "%s", sl_tr(l, text));
    return SL_EUSAGE;
}

/* The same with a printf format, translated when the translation reads
 * the same arguments (sl_tr_format). */
__attribute__((format(printf, 4, 5))) static int failf(sv_error *e, const sl_lang *l, int status,
                                                       const char *fmt, ...)
{
    e->status = status;
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(e->text, sizeof e->text, sl_tr_format(fmt, sl_tr(l, fmt)), ap);
#pragma GCC diagnostic pop
    va_end(ap);
    return SL_EUSAGE;
}

/* Checks one override; the first message of the check is the error. */
static int check(const sl_workspace *ws, const sl_lang *l, const char *set, sv_error *e)
{
    const char *eq = strchr(set, '=');
    char path[128];
    snprintf(path, sizeof path, "%.*s", eq ? (int)(eq - set) : 0, set);
    sl_diag *d = sl_diag_new();
    if (!d)
        return fail(e, l, 503, N_("out of memory"));
    sl_diag_set_lang(d, l);
    int rc = sl_workspace_check_set(ws, set, d);
    if (rc) {
        const sl_diag_msg *m = sl_diag_count(d) ? sl_diag_at(d, 0) : NULL;
        fail(e, l, eq && sl_path_names_file(path) ? 403 : 400, m ? m->text : N_("not a control"));
    }
    sl_diag_free(d);
    return rc ? SL_EUSAGE : 0;
}

/* Refuses a parameter whose name is not one of names. */
static int only(const sv_params *p, const sl_lang *l, const char *const *names, sv_error *e)
{
    const char *unknown = sv_params_unknown(p, names);
    if (!unknown)
        return 0;
    return failf(e, l, 400, N_("unknown parameter '%.40s'"), unknown);
}

/* Every value of name, each checked as "prefix=value" when prefix is
 * given, else as an override, into out. */
static int collect(sv_strings *out, const sv_params *p, const char *name, const char *prefix,
                   const sl_workspace *ws, const sl_lang *l, size_t max, sv_error *e)
{
    for (size_t i = 0; i < p->n; i++) {
        if (strcmp(p->items[i].name, name) != 0)
            continue;
        if (out->n == max) {
            return failf(e, l, 400, N_("at most %zu values of '%s'"), max, name);
        }
        const char *v = p->items[i].value;
        char *set = NULL;
        if (prefix) {
            size_t len = strlen(prefix) + strlen(v) + 2;
            set = malloc(len);
            if (!set)
                return fail(e, l, 503, N_("out of memory"));
            snprintf(set, len, "%s=%s", prefix, v);
        }
        int rc = check(ws, l, set ? set : v, e);
        if (!rc && push(out, v))
            rc = fail(e, l, 503, N_("out of memory"));
        free(set);
        if (rc)
            return rc;
    }
    return 0;
}

int sv_plan_request(sv_strings *sets, const sv_params *p, const sl_workspace *ws, const sl_lang *l,
                    sv_error *e)
{
    static const char *const names[] = {"set", NULL};
    sets->n = 0;
    sets->items = NULL;
    int rc = only(p, l, names, e);
    if (!rc)
        rc = collect(sets, p, "set", NULL, ws, l, SL_MAX_SETS, e);
    if (rc)
        sv_strings_free(sets);
    return rc;
}

void sv_sweep_request_free(sv_sweep_request *r)
{
    free(r->x);
    free(r->y);
    sv_strings_free(&r->xs);
    sv_strings_free(&r->ys);
    sv_strings_free(&r->sets);
    memset(r, 0, sizeof *r);
}

/* Drops the overrides on path from sets: the sweep's axis sets it. */
static void drop_path(sv_strings *sets, const char *path)
{
    size_t len = strlen(path), k = 0;
    for (size_t i = 0; i < sets->n; i++) {
        if (strncmp(sets->items[i], path, len) == 0 && sets->items[i][len] == '=')
            free(sets->items[i]);
        else
            sets->items[k++] = sets->items[i];
    }
    sets->n = k;
}

int sv_sweep_request_parse(sv_sweep_request *out, const sv_params *p, const sl_workspace *ws,
                           const sl_lang *l, sv_error *e)
{
    static const char *const names[] = {"x", "y", "xv", "yv", "set", NULL};
    memset(out, 0, sizeof *out);
    int rc = only(p, l, names, e);
    const char *x = sv_param(p, "x"), *y = sv_param(p, "y");
    if (!rc && (!x || !y))
        rc = fail(e, l, 400, N_("a sweep needs two controls, x and y"));
    if (!rc && strcmp(x, y) == 0)
        rc = fail(e, l, 400, N_("a sweep needs two different controls"));
    for (int axis = 0; !rc && axis < 2; axis++) {
        const char *path = axis ? y : x;
        if (sl_path_names_file(path))
            rc = fail(e, l, 403, N_("a path that names files is never a control"));
        else if (!sl_workspace_find_control(ws, path))
            rc = fail(e, l, 400, N_("x and y must be controls of this scenario"));
    }
    if (!rc)
        rc = collect(&out->xs, p, "xv", x, ws, l, SV_MAX_SWEEP_VALUES, e);
    if (!rc)
        rc = collect(&out->ys, p, "yv", y, ws, l, SV_MAX_SWEEP_VALUES, e);
    if (!rc && (!out->xs.n || !out->ys.n))
        rc = fail(e, l, 400, N_("each axis needs at least one value (xv, yv)"));
    if (!rc)
        rc = collect(&out->sets, p, "set", NULL, ws, l, SL_MAX_SETS, e);
    if (!rc) {
        out->x = strdup(x);
        out->y = strdup(y);
        if (!out->x || !out->y)
            rc = fail(e, l, 503, N_("out of memory"));
    }
    if (rc) {
        sv_sweep_request_free(out);
        return rc;
    }
    drop_path(&out->sets, x);
    drop_path(&out->sets, y);
    return 0;
}
