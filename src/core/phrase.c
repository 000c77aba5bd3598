/* SPDX-License-Identifier: MIT */
/*
 * phrase.c - sentences as a template and named arguments (samlok.h,
 * sl_phrase), said in a language.
 *
 * The library builds each sentence a person reads (a verdict's reasons,
 * a computed risk's title, a lever) as a phrase, renders its English
 * text from it, and the plan document carries the template and the
 * arguments beside that text. A writer then says the same sentence in
 * its language: the template is looked up in the catalogue (it is the
 * msgid; the translation has the same placeholders in its own order) and
 * each {name:format} is replaced by the argument formatted in the
 * language (lang_fmt.c). So the English text of the plan document and
 * the Swedish page come from one template, and a translator sees whole
 * sentences with named slots instead of printf conversions.
 *
 * A phrase is built in an arena (sl_phrase_builder), the arguments in
 * the order given; rendering costs one pass over the template.
 */
#include "core.h"

#include <math.h>
#include <string.h>

#define PHRASE_MAX_DEPTH 4

/* ---- building ------------------------------------------------------------ */

void sl_pb_begin(sl_phrase_builder *b, sl_arena *a, const char *tmpl)
{
    memset(b, 0, sizeof *b);
    b->arena = a;
    b->tmpl = tmpl;
}

static sl_arg *next_arg(sl_phrase_builder *b, const char *name)
{
    if (b->n >= SL_PHRASE_MAX_ARGS) {
        b->failed = true;
        return NULL;
    }
    sl_arg *a = &b->args[b->n++];
    memset(a, 0, sizeof *a);
    a->name = name;
    return a;
}

void sl_pb_text(sl_phrase_builder *b, const char *name, const char *text)
{
    sl_arg *a = next_arg(b, name);
    if (!a)
        return;
    a->kind = SL_ARG_TEXT;
    a->text = text ? sl_arena_strdup(b->arena, text) : NULL;
    b->failed = b->failed || (text && !a->text);
}

void sl_pb_num(sl_phrase_builder *b, const char *name, double v)
{
    sl_arg *a = next_arg(b, name);
    if (!a)
        return;
    a->kind = SL_ARG_NUMBER;
    a->number = v;
}

void sl_pb_date(sl_phrase_builder *b, const char *name, sl_date d)
{
    char buf[11];
    if (d != SL_DATE_NONE)
        sl_date_format(buf, d);
    sl_pb_text(b, name, d == SL_DATE_NONE ? NULL : buf);
}

void sl_pb_list(sl_phrase_builder *b, const char *name, const sl_phrase *items, size_t n)
{
    sl_arg *a = next_arg(b, name);
    if (!a)
        return;
    a->kind = SL_ARG_LIST;
    a->n_items = n;
    a->items = n ? sl_arena_memdup(b->arena, items, n * sizeof *items) : NULL;
    b->failed = b->failed || (n && !a->items);
}

void sl_pb_plural(sl_phrase_builder *b, const char *tmpl_plural, const char *count)
{
    b->tmpl_plural = tmpl_plural;
    b->count = count;
}

bool sl_pb_end(sl_phrase_builder *b, sl_phrase *out)
{
    memset(out, 0, sizeof *out);
    sl_arg *args = b->n ? sl_arena_memdup(b->arena, b->args, b->n * sizeof *args) : NULL;
    if (b->failed || (b->n && !args))
        return false;
    *out = (sl_phrase){b->tmpl, b->tmpl_plural, b->count, b->n, args};
    return true;
}

/* ---- rendering ----------------------------------------------------------- */

static const sl_arg *arg_named(const sl_phrase *p, const char *name, size_t len)
{
    for (size_t i = 0; i < p->n_args; i++)
        if (strlen(p->args[i].name) == len && strncmp(p->args[i].name, name, len) == 0)
            return &p->args[i];
    return NULL;
}

static bool fmt_is(const char *fmt, size_t len, const char *want)
{
    return strlen(want) == len && strncmp(fmt, want, len) == 0;
}

static bool render(sl_buf *b, const sl_phrase *p, const sl_lang *l, const char *currency,
                   int depth);

/* One argument in the format named by fmt (fmt_len 0: none). */
static bool put_arg(sl_buf *b, const sl_arg *a, const char *fmt, size_t fmt_len,
                    const sl_lang *l, const char *currency, int depth)
{
    char buf[96];
    if (a->kind == SL_ARG_LIST) {
        const char *sep = fmt_is(fmt, fmt_len, "list;") ? "; " : ", ";
        bool ok = true;
        for (size_t i = 0; i < a->n_items; i++) {
            if (i)
                sl_buf_puts(b, sep);
            ok = render(b, &a->items[i], l, currency, depth + 1) && ok;
        }
        return ok;
    }
    if (a->kind == SL_ARG_TEXT) {
        if (fmt_is(fmt, fmt_len, "date") && !a->text)
            sl_buf_puts(b, sl_tr(l, "never"));
        else if (fmt_is(fmt, fmt_len, "tr"))
            sl_buf_puts(b, a->text ? sl_tr(l, a->text) : "");
        else
            sl_buf_puts(b, a->text ? a->text : "");
        return true;
    }
    double v = a->number;
    if (fmt_is(fmt, fmt_len, "int"))
        sl_fmt_sentence_number(buf, sizeof buf, l, v, 0);
    else if (fmt_is(fmt, fmt_len, "num1"))
        sl_fmt_sentence_number(buf, sizeof buf, l, v, 1);
    else if (fmt_is(fmt, fmt_len, "num2"))
        sl_fmt_sentence_number(buf, sizeof buf, l, v, 2);
    else if (fmt_is(fmt, fmt_len, "pct0"))
        sl_fmt_share(buf, sizeof buf, l, v, 0, false);
    else if (fmt_is(fmt, fmt_len, "pct1"))
        sl_fmt_share(buf, sizeof buf, l, v, 1, false);
    else if (fmt_is(fmt, fmt_len, "pctg"))
        sl_fmt_share(buf, sizeof buf, l, v, -1, false);
    else if (fmt_is(fmt, fmt_len, "money"))
        sl_fmt_money(buf, sizeof buf, l, v, currency);
    else if (fmt_is(fmt, fmt_len, "sg")) {
        sl_fmt_g(buf + 1, sizeof buf - 1, l, v);
        buf[0] = '+';
        if (v < 0 || (v == 0 && signbit(v)))
            memmove(buf, buf + 1, strlen(buf + 1) + 1);
    }
    else
        sl_fmt_g(buf, sizeof buf, l, v);
    sl_buf_puts(b, buf);
    return true;
}

/* The n that picks the plural form: the number as the template shows it.
 * Shown as a whole number ({count:int}, or {count:g} of a whole number) it
 * is rounded; shown with decimals ({count:num1}, {count:num2}, or {count:g}
 * of a fraction: "1.5 hours", "1.0 weeks") it takes the form of a number
 * other than 1 (its whole part, 2 for 1.x), as CLDR's "other" does for
 * English and Swedish. */
static unsigned long plural_count(const char *tmpl, const char *count, double n)
{
    char as_int[64], as_num1[64], as_num2[64];
    snprintf(as_int, sizeof as_int, "{%s:int}", count);
    snprintf(as_num1, sizeof as_num1, "{%s:num1}", count);
    snprintf(as_num2, sizeof as_num2, "{%s:num2}", count);
    bool shows_decimals = strstr(tmpl, as_num1) || strstr(tmpl, as_num2) || n != floor(n);
    if (strstr(tmpl, as_int) || !shows_decimals)
        n = floor(n + 0.5);
    else if (floor(n) == 1)
        n = 2;
    else
        n = floor(n);
    return n < 4e9 ? (unsigned long)n : 4000000000ul;
}

static bool render(sl_buf *b, const sl_phrase *p, const sl_lang *l, const char *currency,
                   int depth)
{
    if (!p->tmpl || depth > PHRASE_MAX_DEPTH)
        return false;
    const char *t = sl_tr(l, p->tmpl);
    if (p->tmpl_plural && p->count) {
        const sl_arg *c = arg_named(p, p->count, strlen(p->count));
        double n = c && c->kind == SL_ARG_NUMBER ? fabs(c->number) : 0;
        t = sl_trn(l, p->tmpl, p->tmpl_plural, plural_count(p->tmpl, p->count, n));
    }
    bool ok = true;
    while (*t) {
        const char *open = strchr(t, '{');
        if (!open) {
            sl_buf_puts(b, t);
            break;
        }
        sl_buf_append(b, t, (size_t)(open - t));
        if (open[1] == '{') { /* "{{": a brace */
            sl_buf_puts(b, "{");
            t = open + 2;
            continue;
        }
        const char *close = strchr(open, '}');
        if (!close) {
            sl_buf_puts(b, open);
            return false;
        }
        const char *colon = memchr(open, ':', (size_t)(close - open));
        const char *name = open + 1;
        size_t name_len = (size_t)((colon ? colon : close) - name);
        const sl_arg *a = arg_named(p, name, name_len);
        if (a)
            ok = put_arg(b, a, colon ? colon + 1 : "", colon ? (size_t)(close - colon - 1) : 0, l,
                         currency, depth) &&
                 ok;
        else {
            sl_buf_append(b, open, (size_t)(close - open + 1));
            ok = false;
        }
        t = close + 1;
    }
    return ok;
}

bool sl_phrase_render(sl_buf *b, const sl_phrase *p, const sl_lang *l, const char *currency)
{
    return render(b, p, l, currency, 0);
}

const char *sl_phrase_text(sl_arena *a, const sl_phrase *p, const sl_lang *l,
                           const char *currency)
{
    sl_buf b = {0};
    bool ok = sl_phrase_render(&b, p, l, currency);
    const char *s = ok && !b.failed ? sl_arena_strdup(a, b.len ? b.data : "") : NULL;
    sl_buf_free(&b);
    return s;
}

char *sl_phrase_say(const sl_phrase *p, const sl_lang *l, const char *currency)
{
    sl_buf b = {0};
    (void)sl_phrase_render(&b, p, l, currency); /* a bad template says what it can */
    sl_buf_append(&b, "", 0);                   /* the NUL of an empty text */
    if (b.failed) {
        sl_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static bool copy_into(sl_arena *a, const sl_phrase *src, sl_phrase *dst, int depth)
{
    *dst = (sl_phrase){0};
    if (!src->tmpl || depth > PHRASE_MAX_DEPTH)
        return true;
    dst->tmpl = sl_arena_strdup(a, src->tmpl);
    dst->tmpl_plural = src->tmpl_plural ? sl_arena_strdup(a, src->tmpl_plural) : NULL;
    dst->count = src->count ? sl_arena_strdup(a, src->count) : NULL;
    sl_arg *args = src->n_args ? sl_arena_array(a, src->n_args, sizeof *args) : NULL;
    if (!dst->tmpl || (src->tmpl_plural && !dst->tmpl_plural) || (src->count && !dst->count) ||
        (src->n_args && !args))
        return false;
    for (size_t i = 0; i < src->n_args; i++) {
        const sl_arg *s = &src->args[i];
        sl_arg *d = &args[i];
        *d = *s;
        d->name = sl_arena_strdup(a, s->name);
        d->text = s->text ? sl_arena_strdup(a, s->text) : NULL;
        sl_phrase *items = s->n_items ? sl_arena_array(a, s->n_items, sizeof *items) : NULL;
        if (!d->name || (s->text && !d->text) || (s->n_items && !items))
            return false;
        for (size_t k = 0; k < s->n_items; k++)
            if (!copy_into(a, &s->items[k], &items[k], depth + 1))
                return false;
        d->items = items;
    }
    dst->n_args = src->n_args;
    dst->args = args;
    return true;
}

bool sl_phrase_copy(sl_arena *a, const sl_phrase *src, sl_phrase *dst)
{
    return copy_into(a, src, dst, 0);
}
