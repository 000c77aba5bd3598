/* SPDX-License-Identifier: MIT */
/*
 * json_stream.c - the plan document written one value after another
 * (issue 18), either to a file as it is produced or into a jansson tree
 * for the reports that render from it, from the same calls.
 *
 * To a file, the bytes are exactly those jansson's json_dump_callback
 * writes for the tree of the same calls with JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12), so a document reads and
 * diffs as before and no golden file changes:
 *
 *   - "{" then each member on its own line, indented two spaces a level,
 *     as "key": value, "," between members, "}" on its own line at the
 *     object's level; an empty object or array is "{}" or "[]";
 *   - strings: '"' and '\' escaped, the control characters below U+0020
 *     as \b \f \n \r \t or \u00XX (upper-case hex), everything else
 *     (non-ASCII, '/', DEL) as it is; jansson refuses text that is not
 *     UTF-8, and so does this writer;
 *   - integers as "%lld"; reals as "%.12g" with the decimal point of any
 *     locale made '.', ".0" appended when neither '.' nor 'e' is there,
 *     and the exponent without '+' or leading zeros (jansson's
 *     jsonp_dtostr); a real that is not finite is refused (json_real
 *     refuses it).
 *
 * Why not a streaming generator library: yajl's yajl_gen (Debian
 * libyajl-dev), the one in C, writes an empty object or array in its
 * beautify mode as "{", a newline, an indented "}" (jansson: "{}"), prints
 * doubles only with "%.17g" (0.1 as 0.10000000000000001; jansson at
 * precision 12: 0.1), and ends the document with a newline of its own, so
 * its bytes cannot be jansson's; the dozen rules above are written out
 * here instead, and tests/unit/test_json_stream.c holds them to jansson's
 * own dump for every byte of a string and for reals across magnitudes.
 *
 * Small fixed parts built as jansson values are written through
 * sl_jw_value, which prints them with jansson itself (indented to where
 * they stand), so only the large arrays need these calls.
 *
 * Errors are sticky: after the first (SL_ENOMEM, SL_EIO, SL_EINPUT for
 * text that is not UTF-8), every call does nothing, and sl_jw_finish
 * returns it.
 */
#include "report/json.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define JW_BUF 16384
#define JW_DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

static void fail(sl_jw *w, int rc)
{
    if (!w->rc)
        w->rc = rc;
}

static void flush(sl_jw *w)
{
    if (w->n && !w->rc && fwrite(w->buf, 1, w->n, w->out) != w->n)
        fail(w, SL_EIO);
    w->n = 0;
}

static void put(sl_jw *w, const char *s, size_t n)
{
    if (w->rc)
        return;
    if (w->n + n > JW_BUF) {
        flush(w);
        if (n > JW_BUF) {
            if (!w->rc && fwrite(s, 1, n, w->out) != n)
                fail(w, SL_EIO);
            return;
        }
    }
    memcpy(w->buf + w->n, s, n);
    w->n += n;
}

static void put_c(sl_jw *w, char c)
{
    if (w->rc)
        return;
    if (w->n == JW_BUF)
        flush(w);
    w->buf[w->n++] = c;
}

/* A newline and two spaces a level. */
static void newline(sl_jw *w, int depth)
{
    static const char spaces[] = "                                ";
    put_c(w, '\n');
    for (int k = 2 * depth; k > 0; k -= (int)sizeof spaces - 1)
        put(w, spaces, (size_t)SL_MIN(k, (int)sizeof spaces - 1));
}

/* A string as jansson's dump_string writes it without JSON_ENSURE_ASCII
 * or JSON_ESCAPE_SLASH. */
static void put_string(sl_jw *w, const char *s)
{
    size_t len = strlen(s), bad;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) {
            if (!sl_utf8_valid(s, len, &bad))
                fail(w, SL_EINPUT);
            break;
        }
    put_c(w, '"');
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        put(w, s + from, i - from);
        from = i + 1;
        char esc[8];
        switch (c) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\", 2); break;
        case '\b': put(w, "\\b", 2); break;
        case '\f': put(w, "\\f", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", (unsigned)c);
            put(w, esc, 6);
        }
    }
    put(w, s + from, len - from);
    put_c(w, '"');
}

static size_t format_real(char buf[static 32], double v)
{
    int n = snprintf(buf, 32, "%.12g", v);
    if (n < 0 || n >= 32)
        return 0;
    /* the locale's decimal point, if printf wrote one, becomes '.' */
    const char *point = localeconv()->decimal_point;
    if (point && point[0] && point[0] != '.' && !point[1]) {
        char *at = strchr(buf, point[0]);
        if (at)
            *at = '.';
    }
    size_t len = (size_t)n;
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        memcpy(buf + len, ".0", 3);
        len += 2;
    }
    /* "1e+20" -> "1e20", "1e-05" -> "1e-5" */
    char *e = strchr(buf, 'e');
    if (e) {
        char *start = e + 1, *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - buf) + 1);
            len -= (size_t)(end - start);
        }
    }
    return len;
}

/* Before a value: in tree mode nothing; to a file the separator, the
 * line and the key of a member. */
static bool begin_value(sl_jw *w, const char *key)
{
    if (w->rc)
        return false;
    if (w->depth > 0 && (key != NULL) != w->is_object[w->depth - 1]) {
        fail(w, SL_EINPUT); /* a member outside an object, or an item in one */
        return false;
    }
    if (w->out && w->depth > 0) {
        if (w->has_items[w->depth - 1])
            put_c(w, ',');
        newline(w, w->depth);
        if (key) {
            put_string(w, key);
            put(w, ": ", 2);
        }
    }
    if (w->depth > 0)
        w->has_items[w->depth - 1] = true;
    return true;
}

/* Tree mode: attaches v (consumed) where the next value goes. */
static void attach(sl_jw *w, const char *key, json_t *v)
{
    if (!v) {
        fail(w, SL_ENOMEM);
        return;
    }
    if (w->depth == 0) {
        json_decref(w->root);
        w->root = v;
        return;
    }
    json_t *top = w->stack[w->depth - 1];
    if ((key ? json_object_set_new(top, key, v) : json_array_append_new(top, v)) != 0)
        fail(w, SL_ENOMEM);
}

static void open_container(sl_jw *w, const char *key, bool is_object)
{
    if (!begin_value(w, key))
        return;
    if (w->depth == SL_JW_DEPTH) {
        fail(w, SL_EINPUT);
        return;
    }
    if (w->out) {
        put_c(w, is_object ? '{' : '[');
    } else {
        json_t *c = is_object ? json_object() : json_array();
        attach(w, key, json_incref(c));
        w->stack[w->depth] = c;
        json_decref(c); /* the parent (or root) holds it */
        if (w->rc)
            return;
    }
    w->is_object[w->depth] = is_object;
    w->has_items[w->depth] = false;
    w->depth++;
}

void sl_jw_object(sl_jw *w, const char *key)
{
    open_container(w, key, true);
}

void sl_jw_array(sl_jw *w, const char *key)
{
    open_container(w, key, false);
}

void sl_jw_end(sl_jw *w)
{
    if (w->rc || w->depth == 0)
        return;
    w->depth--;
    if (w->out) {
        if (w->has_items[w->depth])
            newline(w, w->depth);
        put_c(w, w->is_object[w->depth] ? '}' : ']');
    }
}

void sl_jw_str(sl_jw *w, const char *key, const char *s)
{
    if (!s) {
        sl_jw_null(w, key);
        return;
    }
    if (!begin_value(w, key))
        return;
    if (w->out) {
        put_string(w, s);
        return;
    }
    json_t *v = json_string(s);
    size_t bad;
    if (!v && !sl_utf8_valid(s, strlen(s), &bad))
        fail(w, SL_EINPUT);
    attach(w, key, v);
}

void sl_jw_int(sl_jw *w, const char *key, long long v)
{
    if (!begin_value(w, key))
        return;
    if (w->out) {
        char buf[32];
        int n = snprintf(buf, sizeof buf, "%lld", v);
        put(w, buf, (size_t)n);
    } else {
        attach(w, key, json_integer((json_int_t)v));
    }
}

void sl_jw_real(sl_jw *w, const char *key, double v)
{
    if (!begin_value(w, key))
        return;
    if (!w->out) {
        attach(w, key, json_real(v));
        return;
    }
    char buf[32];
    size_t n = isfinite(v) ? format_real(buf, v) : 0;
    if (!n)
        fail(w, SL_ENOMEM); /* what json_real's refusal meant for the tree */
    else
        put(w, buf, n);
}

void sl_jw_bool(sl_jw *w, const char *key, bool v)
{
    if (!begin_value(w, key))
        return;
    if (w->out)
        put(w, v ? "true" : "false", v ? 4 : 5);
    else
        attach(w, key, json_boolean(v));
}

void sl_jw_null(sl_jw *w, const char *key)
{
    if (!begin_value(w, key))
        return;
    if (w->out)
        put(w, "null", 4);
    else
        attach(w, key, json_null());
}

void sl_jw_date(sl_jw *w, const char *key, sl_date d)
{
    if (d == SL_DATE_NONE) {
        sl_jw_null(w, key);
        return;
    }
    char buf[11];
    sl_date_format(buf, d);
    sl_jw_str(w, key, buf);
}

/* jansson's dump of a value standing alone, indented to its depth: every
 * newline it writes is structural (a string's are escaped). */
static int dump_indented(const char *buf, size_t size, void *data)
{
    sl_jw *w = data;
    size_t from = 0;
    for (size_t i = 0; i < size; i++)
        if (buf[i] == '\n') {
            put(w, buf + from, i - from);
            newline(w, w->depth);
            from = i + 1;
        }
    put(w, buf + from, size - from);
    return w->rc ? -1 : 0;
}

void sl_jw_value(sl_jw *w, const char *key, json_t *v)
{
    if (!begin_value(w, key)) {
        json_decref(v);
        return;
    }
    if (!w->out) {
        attach(w, key, v);
        return;
    }
    if (!v) {
        fail(w, SL_ENOMEM);
        return;
    }
    if (json_dump_callback(v, dump_indented, w, JW_DUMP_FLAGS | JSON_ENCODE_ANY) != 0)
        fail(w, SL_ENOMEM);
    json_decref(v);
}

void sl_jw_to_file(sl_jw *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->buf = sl_malloc(JW_BUF);
    if (!w->buf)
        w->rc = SL_ENOMEM;
}

void sl_jw_to_tree(sl_jw *w)
{
    memset(w, 0, sizeof *w);
}

void sl_jw_into(sl_jw *w, json_t *obj)
{
    sl_jw_to_tree(w);
    w->stack[0] = obj;
    w->is_object[0] = true;
    w->has_items[0] = json_object_size(obj) > 0;
    w->depth = 1;
}

int sl_jw_finish(sl_jw *w)
{
    if (w->out) {
        flush(w);
        sl_free(w->buf);
        w->buf = NULL;
    } else if (!w->rc && !w->root && !w->stack[0])
        w->rc = SL_ENOMEM;
    if (w->rc) {
        json_decref(w->root);
        w->root = NULL;
    }
    return w->rc;
}

json_t *sl_jw_take(sl_jw *w)
{
    json_t *root = w->root;
    w->root = NULL;
    return root;
}
