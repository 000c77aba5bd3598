/* SPDX-License-Identifier: MIT */
/*
 * phrase_json.c - phrases (core/phrase.c) in the plan document and back.
 * A reason, a computed risk's text, a lever carry beside their English
 * "text" the template it was said from and its arguments:
 *
 *   "template": "if gate {gate} ({gate_name}) is refused (P {p:pct0}), ...",
 *   "args": {"gate": "SEC-AGREEMENT", "p": 0.05, "then": [{"template": ..., "args": {...}}]}
 *
 * (and "template_plural" with "count" where a number picks the form), so
 * a report read from a saved document says the sentence in any language.
 * A sentence without arguments carries neither: its text is its template
 * (a phrase standing alone, with no text beside it, carries its template).
 * A text argument is a string (null: none, a date said as "never"), a
 * number a number, a list an array of phrases.
 */
#include "report/json.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

#define PHRASE_JSON_DEPTH 4

static json_t *args_json(const sl_phrase *p, int depth);

/* A phrase standing alone (a list item, a risk's texts): no "text" is
 * beside it, so a sentence without arguments carries its template too. */
static json_t *phrase_object(const sl_phrase *p, int depth)
{
    json_t *o = json_object();
    if (o && p && p->tmpl && !p->n_args && !p->tmpl_plural) {
        if (!sl_json_set(o, "template", json_string(p->tmpl))) {
            json_decref(o);
            return NULL;
        }
        return o;
    }
    if (o && !sl_json_phrase_into(o, p)) {
        json_decref(o);
        return NULL;
    }
    (void)depth;
    return o;
}

static json_t *arg_json(const sl_arg *a, int depth)
{
    switch (a->kind) {
    case SL_ARG_NUMBER:
        if (!isfinite(a->number))
            return json_null();
        if (a->number == floor(a->number) && fabs(a->number) < 9e15)
            return json_integer((json_int_t)a->number);
        return json_real(a->number);
    case SL_ARG_LIST: {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < a->n_items; i++)
            if (depth >= PHRASE_JSON_DEPTH || !sl_json_push(arr, phrase_object(&a->items[i], depth + 1))) {
                json_decref(arr);
                return NULL;
            }
        return arr;
    }
    case SL_ARG_TEXT:
    default:
        return a->text ? json_string(a->text) : json_null();
    }
}

static json_t *args_json(const sl_phrase *p, int depth)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < p->n_args; i++)
        if (!sl_json_set(o, p->args[i].name, arg_json(&p->args[i], depth))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

void sl_jw_phrase_into(sl_jw *w, const sl_phrase *p)
{
    /* a sentence without arguments is its own template: the "text" */
    if (!p || !p->tmpl || (!p->n_args && !p->tmpl_plural))
        return;
    sl_jw_str(w, "template", p->tmpl);
    if (p->tmpl_plural && p->count) {
        sl_jw_str(w, "template_plural", p->tmpl_plural);
        sl_jw_str(w, "count", p->count);
    }
    sl_jw_value(w, "args", args_json(p, 0));
}

bool sl_json_phrase_into(json_t *obj, const sl_phrase *p)
{
    sl_jw w;
    sl_jw_into(&w, obj);
    sl_jw_phrase_into(&w, p);
    return sl_jw_finish(&w) == 0;
}

json_t *sl_json_phrase(const sl_phrase *p)
{
    return p && p->tmpl ? phrase_object(p, 0) : json_null();
}

/* ---- back from the document ---------------------------------------- */

static bool read_phrase(sl_phrase *out, json_t *obj, sl_arena *a, int depth);

static bool read_arg(sl_arg *arg, const char *name, json_t *v, sl_arena *a, int depth)
{
    memset(arg, 0, sizeof *arg);
    arg->name = name;
    double x;
    if (json_is_array(v)) {
        size_t n = json_array_size(v);
        sl_phrase *items = n ? sl_arena_array(a, n, sizeof *items) : NULL;
        if ((n && !items) || depth >= PHRASE_JSON_DEPTH)
            return false;
        for (size_t i = 0; i < n; i++)
            if (!read_phrase(&items[i], json_array_get(v, i), a, depth + 1))
                return false;
        arg->kind = SL_ARG_LIST;
        arg->n_items = n;
        arg->items = items;
    } else if (sl_jnum(v, &x)) {
        arg->kind = SL_ARG_NUMBER;
        arg->number = x;
    } else {
        arg->kind = SL_ARG_TEXT;
        arg->text = sl_jstr(v); /* borrowed from the document; NULL for null */
    }
    return true;
}

static bool read_phrase(sl_phrase *out, json_t *obj, sl_arena *a, int depth)
{
    memset(out, 0, sizeof *out);
    const char *tmpl = sl_jstr(json_object_get(obj, "template"));
    json_t *args = json_object_get(obj, "args");
    if (!tmpl || (args && !json_is_object(args)))
        return false;
    size_t n = json_object_size(args);
    sl_arg *arr = n ? sl_arena_array(a, n, sizeof *arr) : NULL;
    if (n && !arr)
        return false;
    const char *k;
    json_t *v;
    size_t i = 0;
    json_object_foreach(args, k, v)
    {
        if (!read_arg(&arr[i++], k, v, a, depth))
            return false;
    }
    out->tmpl = tmpl;
    out->tmpl_plural = sl_jstr(json_object_get(obj, "template_plural"));
    out->count = out->tmpl_plural ? sl_jstr(json_object_get(obj, "count")) : NULL;
    out->n_args = n;
    out->args = arr;
    return true;
}

bool sl_phrase_from_json(sl_phrase *out, json_t *obj, sl_arena *a)
{
    return json_is_object(obj) && read_phrase(out, obj, a, 0);
}

const char *sl_report_say(sl_arena *a, json_t *obj, const sl_lang *l, const char *currency,
                          const char *fallback_key)
{
    sl_phrase p;
    if (sl_phrase_from_json(&p, obj, a)) {
        const char *s = sl_phrase_text(a, &p, l, currency);
        if (s)
            return s;
    }
    /* a sentence without arguments is its own template */
    const char *t = sl_jstr(json_object_get(obj, fallback_key ? fallback_key : "text"));
    t = t ? t : sl_jstr(obj);
    return t ? sl_tr(l, t) : NULL;
}
