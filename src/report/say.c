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
