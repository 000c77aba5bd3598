/* SPDX-License-Identifier: MIT */
/*
 * say.c - printf in a language, for the terminal texts: the format is the
 * English message (the catalogue's key, marked for xgettext by the
 * keywords sl_say:3 and sl_sayn:4,5), and its translation is used only
 * when it has the same conversions in the same order, so a mistaken
 * translation can never read an argument as the wrong type. And a
 * phrase the plan carries, said in a language.
 */
#include "report/report.h"

#include <stdarg.h>
#include <string.h>

/* The conversions of a printf format in order ("%s %.1f%%" -> "sf"). */
static size_t conversions(const char *f, char *out, size_t cap)
{
    size_t n = 0;
    for (; *f; f++) {
        if (*f != '%')
            continue;
        f++;
        while (*f && strchr("-+ #0123456789.*'lhzjtL", *f))
            f++;
        if (!*f)
            break;
        if (*f != '%' && n < cap)
            out[n++] = *f;
    }
    return n;
}

const char *sl_tr_format(const char *fmt, const char *translated)
{
    char a[24], b[24];
    size_t na = conversions(fmt, a, sizeof a), nb = conversions(translated, b, sizeof b);
    return na == nb && na <= sizeof a && memcmp(a, b, na) == 0 ? translated : fmt;
}

/* The format is a checked translation of a literal (sl_tr_format). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void sl_say(FILE *out, const sl_lang *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, sl_tr_format(fmt, sl_tr(l, fmt)), ap);
    va_end(ap);
}

void sl_sayn(FILE *out, const sl_lang *l, unsigned long n, const char *one, const char *many,
             ...)
{
    va_list ap;
    va_start(ap, many);
    const char *fmt = n == 1 ? one : many;
    vfprintf(out, sl_tr_format(fmt, sl_trn(l, one, many, n)), ap);
    va_end(ap);
}

void sl_says(char *buf, size_t len, const sl_lang *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, sl_tr_format(fmt, sl_tr(l, fmt)), ap);
    va_end(ap);
}

void sl_saysn(char *buf, size_t len, const sl_lang *l, unsigned long n, const char *one,
              const char *many, ...)
{
    va_list ap;
    va_start(ap, many);
    const char *fmt = n == 1 ? one : many;
    vsnprintf(buf, len, sl_tr_format(fmt, sl_trn(l, one, many, n)), ap);
    va_end(ap);
}
#pragma GCC diagnostic pop

const char *sl_say_phrase(sl_arena *a, const sl_phrase *p, const char *english,
                          const sl_lang *l, const char *currency)
{
    if (!l || !p || !p->tmpl)
        return english ? sl_tr(l, english) : "";
    const char *s = sl_phrase_text(a, p, l, currency);
    return s ? s : english ? english : "";
}
