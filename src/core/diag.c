/* SPDX-License-Identifier: MIT */
/*
 * diag.c - the list of located messages a run collects.
 *
 * Readers keep going after an error to report every bad cell at once; the
 * list stops growing at SL_DIAG_MAX messages so a hopeless file cannot eat
 * memory, and says how many it dropped.
 */
#include "core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SL_DIAG_MAX 200

struct sl_diag {
    sl_diag_msg *msgs;
    size_t n, cap;
    size_t n_errors;
    size_t n_lost;
    sl_arena *arena;
    const sl_lang *lang; /* borrowed; NULL: English */
};

const char *sl_strerror(int err)
{
    switch (err) {
    case SL_OK:
        return N_("success");
    case SL_EINPUT:
        return N_("invalid input");
    case SL_ENOMEM:
        return N_("out of memory");
    case SL_EIO:
        return N_("input/output error");
    case SL_EINFEASIBLE:
        return N_("no feasible solution");
    case SL_EUSAGE:
        return N_("invalid usage");
    case SL_ELIMIT:
        return N_("input exceeds a limit");
    case SL_ECANCELLED:
        return N_("cancelled");
    }
    return N_("unknown error");
}

sl_diag *sl_diag_new(void)
{
    sl_diag *d = sl_calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->arena = sl_arena_new();
    if (!d->arena) {
        sl_free(d);
        return NULL;
    }
    return d;
}

void sl_diag_free(sl_diag *d)
{
    if (!d)
        return;
    sl_free(d->msgs);
    sl_arena_free(d->arena);
    sl_free(d);
}

static void diag_vadd(sl_diag *d, sl_severity sev, const char *file, long line, long column,
                      const char *column_name, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));

static const char *translated_format(const sl_diag *d, const char *fmt)
{
    return sl_tr_format(fmt, sl_tr(d->lang, fmt));
}

const char *sl_diag_tr(const sl_diag *d, const char *msgid)
{
    return d ? sl_tr(d->lang, msgid) : msgid;
}

void sl_diag_share_lang(sl_diag *to, const sl_diag *from)
{
    if (to && from)
        to->lang = from->lang;
}

const char *sl_diag_trc(const sl_diag *d, const char *context, const char *msgid)
{
    return d ? sl_trc(d->lang, context, msgid) : msgid;
}

const char *sl_diag_tr_format(const sl_diag *d, const char *fmt)
{
    return d ? translated_format(d, fmt) : fmt;
}

void sl_diag_set_lang(sl_diag *d, const sl_lang *l)
{
    if (d)
        d->lang = l;
}

static void diag_vadd(sl_diag *d, sl_severity sev, const char *file, long line, long column,
                      const char *column_name, const char *fmt, va_list ap)
{
    if (!d)
        return;
    if (sev == SL_ERROR)
        d->n_errors++;
    if (d->n >= SL_DIAG_MAX || SL_GROW(d->msgs, d->cap, d->n + 1)) {
        d->n_lost++;
        return;
    }
    char text[1024];
    sl_c_numbers cn;
    sl_c_numbers_begin(&cn);
    /* a translation has the conversions of fmt (translated_format) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(text, sizeof text, translated_format(d, fmt), ap);
#pragma GCC diagnostic pop
    sl_c_numbers_end(&cn);
    sl_diag_msg *m = &d->msgs[d->n];
    m->severity = sev;
    m->file = file ? sl_arena_strdup(d->arena, file) : NULL;
    m->line = line;
    m->column = column;
    m->column_name = column_name ? sl_arena_strdup(d->arena, column_name) : NULL;
    m->text = sl_arena_strdup(d->arena, text);
    if ((file && !m->file) || (column_name && !m->column_name) || !m->text) {
        d->n_lost++;
        return;
    }
    d->n++;
}

void sl_diag_add(sl_diag *d, sl_severity sev, const char *file, long line, long column,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, file, line, column, NULL, fmt, ap);
    va_end(ap);
}

void sl_diag_add_cell(sl_diag *d, sl_severity sev, const char *file, long line,
                      const char *column_name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, file, line, 0, column_name, fmt, ap);
    va_end(ap);
}

size_t sl_diag_count(const sl_diag *d)
{
    return d ? d->n : 0;
}

size_t sl_diag_errors(const sl_diag *d)
{
    return d ? d->n_errors : 0;
}

size_t sl_diag_lost(const sl_diag *d)
{
    return d ? d->n_lost : 0;
}

const sl_diag_msg *sl_diag_at(const sl_diag *d, size_t i)
{
    return i < d->n ? &d->msgs[i] : NULL;
}

/* Errors read "file:line:column: what is wrong"; others say what they are. */
static const char *severity_prefix(const sl_diag *d, sl_severity s)
{
    return s == SL_ERROR     ? ""
           : s == SL_WARNING ? sl_tr(d->lang, "warning: ")
                             : sl_tr(d->lang, "note: ");
}

void sl_diag_write(const sl_diag *d, FILE *out)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        const sl_diag_msg *m = &d->msgs[i];
        if (m->file) {
            /* a file name or a text may come from the input: nothing in
             * it reaches the terminal as a control character */
            sl_term_escape(out, m->file);
            if (m->line > 0 && m->column > 0)
                fprintf(out, ":%ld:%ld", m->line, m->column);
            else if (m->line > 0)
                fprintf(out, ":%ld", m->line);
            fputs(": ", out);
        }
        fputs(severity_prefix(d, m->severity), out);
        if (m->column_name) {
            fputs(sl_tr(d->lang, "column "), out);
            sl_term_escape(out, m->column_name);
            fputs(": ", out);
        }
        sl_term_escape(out, m->text);
        fputc('\n', out);
    }
    if (d->n_lost)
        fprintf(out, "samlok: %zu %s\n", d->n_lost,
                sl_trn(d->lang, "more message not shown", "more messages not shown", d->n_lost));
}
