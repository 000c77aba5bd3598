/* SPDX-License-Identifier: MIT */
/*
 * term.c - text for a terminal: nothing from an input may steer it.
 *
 * A cell, a name or a file name can hold ESC (which starts a terminal
 * command: colours, cursor moves, a window title, on some terminals more),
 * BEL, backspace or carriage return (which hide what was printed), C1
 * controls (U+0080 to U+009F, which some terminals obey as ESC
 * sequences), bidirectional overrides (which reorder what is shown), or
 * bytes that are not UTF-8. All of them are written as visible escapes:
 * \n \t \r by name, other bytes as \xNN, code points as \uNNNN.
 *
 * Two ways in: sl_term_escape() for one string (error messages escape
 * file names and texts this way, newlines included), and a FILE that
 * escapes everything written to it (sl_term_open) for the terminal
 * writers, so no printf of theirs can let a control character through,
 * whatever its format. Through that FILE a newline passes (the writers'
 * lines), and so does the writers' own colour: a colour code is written
 * as SL_TERM_SGR ("\xff" and "[...m"), a byte that valid UTF-8 never
 * holds, and only a FILE opened for colour turns it into ESC [...m.
 */
#define _GNU_SOURCE /* fopencookie */
#include "core.h"

#include <stdio.h>
#include <string.h>

/* Longest SGR tail we emit or accept after the marker: "[" + "0;1;31" + "m". */
#define SGR_MAX 12

static void put_byte_escape(FILE *out, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    if (c == '\n') {
        fputs("\\n", out);
    } else if (c == '\t') {
        fputs("\\t", out);
    } else if (c == '\r') {
        fputs("\\r", out);
    } else {
        char b[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
        fwrite(b, 1, 4, out);
    }
}

/* Code points shown as \uNNNN although valid: C1 controls, the line and
 * paragraph separators, and the bidirectional embeddings, overrides and
 * isolates (Unicode TR9; the "Trojan Source" characters). */
static bool is_hidden_code_point(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
           cp == 0x200f || cp == 0x061c;
}

/* Length of a colour code "\xff[...m" at s, 0 when it is none, SIZE_MAX
 * when n bytes are too few to tell. */
static size_t sgr_at(const unsigned char *s, size_t n)
{
    for (size_t k = 1; k < n && k <= SGR_MAX; k++) {
        unsigned char c = s[k];
        if (k == 1 && c != '[')
            return 0;
        if (k > 1 && c == 'm')
            return k + 1;
        if (k > 1 && !(c == ';' || (c >= '0' && c <= '9')))
            return 0;
    }
    return n <= SGR_MAX ? SIZE_MAX : 0;
}

/* Writes s[0..n) escaped; returns the bytes used. Unless is_final, an
 * incomplete sequence at the end is left for the next call. */
static size_t escape_run(FILE *out, const unsigned char *s, size_t n, bool is_final,
                         bool keep_newlines, bool color)
{
    size_t i = 0, plain = 0; /* s[plain..i) is waiting to be written as is */
    while (i < n) {
        unsigned char c = s[i];
        size_t len = 1;
        bool escape = false;
        unsigned cp = 0;
        if (c < 0x80) {
            escape = (c < 0x20 && !(c == '\n' && keep_newlines)) || c == 0x7f;
        } else if (c == 0xff) {
            size_t k = color ? sgr_at(s + i, n - i) : 0;
            if (k == SIZE_MAX && !is_final)
                break;
            if (k && k != SIZE_MAX) {
                fwrite(s + plain, 1, i - plain, out);
                fputc(0x1b, out);
                fwrite(s + i + 1, 1, k - 1, out);
                i += k;
                plain = i;
                continue;
            }
            escape = true;
        } else {
            size_t k = sl_utf8_decode(s + i, n - i, &cp);
            if (k == SIZE_MAX && !is_final)
                break;
            if (k == 0 || k == SIZE_MAX) {
                escape = true;
            } else {
                len = k;
                if (is_hidden_code_point(cp)) {
                    fwrite(s + plain, 1, i - plain, out);
                    fprintf(out, "\\u%04x", cp);
                    i += len;
                    plain = i;
                    continue;
                }
            }
        }
        if (escape) {
            fwrite(s + plain, 1, i - plain, out);
            put_byte_escape(out, c);
            i++;
            plain = i;
            continue;
        }
        i += len;
    }
    fwrite(s + plain, 1, i - plain, out);
    return i;
}

void sl_term_escape_n(FILE *out, const char *s, size_t len)
{
    if (s)
        escape_run(out, (const unsigned char *)s, len, true, false, false);
}

void sl_term_escape(FILE *out, const char *s)
{
    if (s)
        sl_term_escape_n(out, s, strlen(s));
}

/* ---- the escaping FILE ---------------------------------------------------- */

struct sl_term {
    FILE *out;
    bool color;
    unsigned char pending[SGR_MAX + 4];
    size_t n_pending;
};

static ssize_t term_write(void *cookie, const char *buf, size_t size)
{
    sl_term *t = cookie;
    const unsigned char *s = (const unsigned char *)buf;
    size_t done = 0;
    /* finish a sequence the last call left open, one byte at a time */
    while (t->n_pending && done < size) {
        t->pending[t->n_pending++] = s[done++];
        size_t used = escape_run(t->out, t->pending, t->n_pending,
                                 t->n_pending == sizeof t->pending, true, t->color);
        memmove(t->pending, t->pending + used, t->n_pending - used);
        t->n_pending -= used;
    }
    if (t->n_pending) /* all of this call went into the open sequence */
        return ferror(t->out) ? 0 : (ssize_t)size;
    size_t used = escape_run(t->out, s + done, size - done, false, true, t->color);
    size_t rest = size - done - used;
    memcpy(t->pending, s + done + used, rest); /* rest < sizeof pending */
    t->n_pending = rest;
    return ferror(t->out) ? 0 : (ssize_t)size;
}

static int term_close(void *cookie)
{
    sl_term *t = cookie;
    escape_run(t->out, t->pending, t->n_pending, true, true, t->color);
    t->n_pending = 0;
    return 0;
}

FILE *sl_term_open(FILE *out, bool color, sl_term **state)
{
    *state = sl_calloc(1, sizeof **state);
    if (!*state)
        return NULL;
    (*state)->out = out;
    (*state)->color = color;
    cookie_io_functions_t io = {NULL, term_write, NULL, term_close};
    FILE *f = fopencookie(*state, "w", io);
    if (!f) {
        sl_free(*state);
        *state = NULL;
    }
    return f;
}

int sl_term_close(FILE *f, sl_term *state, int rc)
{
    if (!f)
        return rc ? rc : SL_ENOMEM;
    FILE *out = state->out;
    fclose(f);
    sl_free(state);
    if (!rc && ferror(out))
        rc = SL_EIO;
    return rc;
}
