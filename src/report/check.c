/* SPDX-License-Identifier: MIT */
/*
 * check.c - a plan document read from a file is checked before anything
 * renders it (`samlok report PLAN.json`): the keys the reports read have
 * the types and ranges samlok writes, and the tables it would build stay
 * within bounds. The renderers then draw only what a plan can hold; they
 * clamp their scales anyway (svg.c), since a plan built in memory from
 * extreme inputs is not checked here.
 *
 * Every error names the value by its path in the document
 * (simulation.tornado.inputs[0].finish_p80_high_days) and its line and
 * column. jansson keeps no positions for values, so they are found again
 * in the text (locate(), below): the text is known to be valid JSON, so a
 * small scanner that skips values by their first character is enough.
 *
 * The rules list the keys that drive the reports: dates and date-times,
 * counts that size loops and allocations (windows, groups, histogram
 * bins, iterations), shares and probabilities, days from the start. Keys
 * not listed are accepted as they are: a later stage's new keys become
 * table columns without a change here.
 */
#include "report/report.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* Days from the start that a report can show: 0000-01-01 to 9999-12-31
 * lie within about 3.65 million days of any start. */
#define MAX_DAYS 4000000.0
/* A window's index counts every window of the calendar: 64 weekly rules
 * over the years 1900 to 2999 are 3.7 million. */
#define MAX_WINDOWS 10000000.0
#define MAX_BINS 100000   /* bars of one histogram */
#define MAX_CURVE 100001  /* points of an S-curve */
#define MAX_MONEY 1e18    /* currency; a plan of real inputs stays far below */
#define MAX_ERRORS 20     /* errors reported before the check stops */

enum {
    K_NULL = 1 << 0,
    K_NUM = 1 << 1,   /* a finite number */
    K_INT = 1 << 2,   /* a whole number */
    K_STR = 1 << 3,
    K_DATE = 1 << 4,  /* "YYYY-MM-DD" */
    K_DTIME = 1 << 5, /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" */
    K_BOOL = 1 << 6,
    K_ARR = 1 << 7,   /* max: items */
    K_OBJ = 1 << 8,
};

typedef struct rule {
    const char *path; /* dotted; "[]" every item; "*" every key */
    unsigned kinds;
    double min, max;  /* numbers; arrays: max items */
    const char *what; /* unit or meaning, for the message; may be NULL */
} rule;

#define TORNADO(prefix)                                                                            \
    {prefix ".inputs", K_ARR, 0, 100000, NULL},                                                    \
    {prefix ".inputs[]", K_OBJ, 0, 0, NULL},                                                       \
    {prefix ".inputs[].input", K_STR | K_NULL, 0, 0, NULL},                                        \
    {prefix ".inputs[].low", K_NUM | K_NULL, -1e300, 1e300, NULL},                                 \
    {prefix ".inputs[].high", K_NUM | K_NULL, -1e300, 1e300, NULL},                                \
    {prefix ".inputs[].p_on_time_low", K_NUM | K_NULL, 0, 1, "probability"},                       \
    {prefix ".inputs[].p_on_time_high", K_NUM | K_NULL, 0, 1, "probability"},                      \
    {prefix ".inputs[].finish_p80_low_days", K_NUM | K_NULL, -MAX_DAYS, MAX_DAYS,                  \
     "days from the start"},                                                                       \
    {prefix ".inputs[].finish_p80_high_days", K_NUM | K_NULL, -MAX_DAYS, MAX_DAYS,                 \
     "days from the start"},                                                                       \
    {prefix ".inputs[].spearman_finish", K_NUM | K_NULL, -1, 1, "rank correlation"}

#define CASH_FLOWS(list)                                                                           \
    {list, K_ARR | K_NULL, 0, 10000, NULL},                                                        \
    {list "[]", K_OBJ, 0, 0, NULL},                                                                \
    {list "[].year", K_NUM | K_NULL, -1e6, 1e6, NULL},                                             \
    {list "[].status_quo", K_NUM | K_NULL, -MAX_MONEY, MAX_MONEY, NULL},                           \
    {list "[].colocation", K_NUM | K_NULL, -MAX_MONEY, MAX_MONEY, NULL}

static const rule rules[] = {
    {"scenario.name", K_STR | K_NULL, 0, 0, NULL},
    {"scenario.start", K_DATE | K_NULL, 0, 0, NULL},
    {"scenario.deadline", K_DATE | K_NULL, 0, 0, NULL},
    {"scenario.currency", K_STR | K_NULL, 0, 0, NULL},
    {"scenario.horizon_years", K_INT | K_NULL, 0, SL_MAX_HORIZON_YEARS, "years"},
    {"scenario.iterations", K_INT | K_NULL, 0, SL_MAX_ITERATIONS, "iterations"},
    {"scenario.agencies", K_ARR, 0, SL_MAX_AGENCIES, NULL},
    {"scenario.agencies[]", K_OBJ, 0, 0, NULL},
    {"scenario.agencies[].id", K_STR | K_NULL, 0, 0, NULL},
    {"scenario.sites", K_ARR, 0, SL_MAX_SITES, NULL},
    {"workloads", K_ARR, 0, SL_MAX_WORKLOADS, NULL},
    {"workloads[]", K_OBJ, 0, 0, NULL},
    {"workloads[].window", K_INT | K_NULL, 0, MAX_WINDOWS, NULL},
    {"workloads[].group", K_INT | K_NULL, 0, SL_MAX_WORKLOADS, NULL},
    {"workloads[].host", K_STR | K_NULL, 0, 0, NULL},
    {"workloads[].demand.*", K_NUM | K_NULL, 0, 1e15, NULL},
    {"groups", K_ARR, 0, SL_MAX_WORKLOADS, NULL},
    {"groups[]", K_OBJ, 0, 0, NULL},
    {"groups[].agency", K_STR | K_NULL, 0, 0, NULL},
    {"groups[].workloads", K_ARR | K_NULL, 0, SL_MAX_WORKLOADS, NULL},
    {"schedule.finish", K_DATE | K_NULL, 0, 0, NULL},
    {"schedule.windows", K_ARR, 0, SL_MAX_WORKLOADS, NULL}, /* those with moves */
    {"schedule.windows[]", K_OBJ, 0, 0, NULL},
    {"schedule.windows[].index", K_INT, 0, MAX_WINDOWS, NULL},
    {"schedule.windows[].start", K_DTIME, 0, 0, NULL},
    {"schedule.windows[].end", K_DTIME, 0, 0, NULL},
    {"schedule.windows[].groups", K_ARR | K_NULL, 0, SL_MAX_WORKLOADS, NULL},
    {"schedule.windows[].groups[]", K_INT, 0, SL_MAX_WORKLOADS, "group index"},
    {"schedule.per_agency", K_ARR, 0, SL_MAX_AGENCIES, NULL},
    {"schedule.per_agency[]", K_OBJ, 0, 0, NULL},
    {"schedule.per_agency[].agency", K_STR | K_NULL, 0, 0, NULL},
    {"schedule.per_agency[].first_move", K_DATE | K_NULL, 0, 0, NULL},
    {"schedule.per_agency[].finish", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.from", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.to", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.freezes", K_ARR, 0, SL_MAX_WORKLOADS, NULL},
    {"calendar.freezes[]", K_OBJ, 0, 0, NULL},
    {"calendar.freezes[].from", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.freezes[].to", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.gates", K_ARR, 0, SL_MAX_GATES, NULL},
    {"calendar.gates[]", K_OBJ, 0, 0, NULL},
    {"calendar.gates[].opens", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.gates[].passes_likely", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.gates[].passes_p10", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.gates[].passes_p90", K_DATE | K_NULL, 0, 0, NULL},
    {"calendar.gates[].pass_probability", K_NUM | K_NULL, 0, 1, "probability"},
    {"placement.hosts_total", K_NUM | K_NULL, 0, 1e12, "hosts"},
    {"placement.hardware_arrives", K_DATE | K_NULL, 0, 0, NULL},
    {"placement.pools", K_ARR, 0, SL_MAX_WORKLOADS, NULL},
    {"placement.pools[]", K_OBJ, 0, 0, NULL},
    {"placement.pools[].capacity.*", K_NUM | K_NULL, 0, 1e15, NULL},
    {"placement.site.*.free", K_NUM | K_NULL, -1e15, 1e15, NULL},
    {"placement.site.*.need", K_NUM | K_NULL, 0, 1e15, NULL},
    {"simulation.iterations", K_INT | K_NULL, 0, SL_MAX_ITERATIONS, "iterations"},
    {"simulation.p_on_time", K_NUM | K_NULL, 0, 1, "probability"},
    {"simulation.finish_p50", K_DATE | K_NULL, 0, 0, NULL},
    {"simulation.finish_p80", K_DATE | K_NULL, 0, 0, NULL},
    {"simulation.finish_p90", K_DATE | K_NULL, 0, 0, NULL},
    {"simulation.cost_p50", K_NUM | K_NULL, -MAX_MONEY, MAX_MONEY, NULL},
    {"simulation.cost_p90", K_NUM | K_NULL, -MAX_MONEY, MAX_MONEY, NULL},
    {"simulation.histogram.finish.start", K_DATE | K_NULL, 0, 0, NULL},
    {"simulation.histogram.finish.lo", K_NUM | K_NULL, -MAX_DAYS, MAX_DAYS, "days"},
    {"simulation.histogram.finish.width", K_NUM | K_NULL, 0, MAX_DAYS, "days"},
    {"simulation.histogram.cost.lo", K_NUM | K_NULL, -MAX_MONEY, MAX_MONEY, NULL},
    {"simulation.histogram.cost.width", K_NUM | K_NULL, 0, MAX_MONEY, NULL},
    {"simulation.histogram.*.counts", K_ARR | K_NULL, 0, MAX_BINS, NULL},
    {"simulation.histogram.*.counts[]", K_INT | K_NULL, 0, SL_MAX_ITERATIONS, "iterations"},
    {"simulation.s_curve.finish", K_ARR | K_NULL, 0, MAX_CURVE, NULL},
    {"simulation.s_curve.finish[]", K_DATE | K_NULL, 0, 0, NULL},
    {"simulation.s_curve.cost", K_ARR | K_NULL, 0, MAX_CURVE, NULL},
    {"simulation.s_curve.cost[]", K_NUM | K_NULL, -MAX_MONEY, MAX_MONEY, NULL},
    {"simulation.tornado_measure", K_STR | K_NULL, 0, 0, NULL},
    TORNADO("simulation.tornado"),
    {"simulation.per_agency", K_ARR, 0, SL_MAX_AGENCIES, NULL},
    {"simulation.per_agency[]", K_OBJ, 0, 0, NULL},
    {"simulation.per_agency[].p_on_time", K_NUM | K_NULL, 0, 1, "probability"},
    TORNADO("simulation.per_agency[].tornado"),
    CASH_FLOWS("cost.cash_flows"),
    CASH_FLOWS("cost.yearly"),
    {"cost.payback_year", K_INT | K_NULL, 0, 10000, "year"},
    {"risks", K_ARR, 0, SL_MAX_WORKLOADS, NULL},
    {"risks[]", K_OBJ, 0, 0, NULL},
    {"risks[].likelihood", K_INT | K_NULL, 1, 5, NULL},
    {"risks[].impact", K_INT | K_NULL, 1, 5, NULL},
    {"verdicts", K_ARR, 0, SL_MAX_AGENCIES, NULL},
    {"verdicts[]", K_OBJ, 0, 0, NULL},
    {"verdicts[].verdict", K_STR | K_NULL, 0, 0, NULL},
    {"verdicts[].reasons", K_ARR | K_NULL, 0, 100000, NULL},
    {"verdicts[].conditions", K_ARR | K_NULL, 0, 100000, NULL},
    {"assumptions", K_ARR, 0, SL_MAX_WORKLOADS, NULL},
    {"assumptions[]", K_OBJ, 0, 0, NULL},
    {"assumptions[].line", K_INT | K_NULL, 0, 1e12, NULL},
    {"assumptions[].column", K_INT | K_NULL, 0, 1e12, NULL},
};

/* ---- where a value is in the text ------------------------------------- */

typedef struct seg {
    const char *key; /* NULL: an index */
    size_t index;
} seg;

typedef struct scan {
    const char *t;
    size_t n, i;
} scan;

static void ws(scan *s)
{
    while (s->i < s->n && (s->t[s->i] == ' ' || s->t[s->i] == '\t' || s->t[s->i] == '\n' ||
                           s->t[s->i] == '\r'))
        s->i++;
}

/* Past a string starting at its quote. */
static void skip_string(scan *s)
{
    for (s->i++; s->i < s->n && s->t[s->i] != '"'; s->i++)
        if (s->t[s->i] == '\\')
            s->i++;
    s->i++;
}

/* Past one value; nesting counted, not recursed. */
static void skip_value(scan *s)
{
    ws(s);
    size_t depth = 0;
    do {
        if (s->i >= s->n)
            return;
        char c = s->t[s->i];
        if (c == '"') {
            skip_string(s);
        } else if (c == '{' || c == '[') {
            depth++;
            s->i++;
        } else if (c == '}' || c == ']') {
            depth--;
            s->i++;
        } else if (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            s->i++;
        } else {
            while (s->i < s->n && !strchr(",:]} \t\r\n", s->t[s->i]))
                s->i++;
        }
    } while (depth > 0);
}

/* True when the JSON string at s->i (a key) decodes to key; leaves s past it. */
static bool key_is(scan *s, const char *key)
{
    size_t start = s->i + 1;
    skip_string(s);
    size_t end = s->i - 1, len = strlen(key);
    if (!memchr(s->t + start, '\\', end - start))
        return end - start == len && memcmp(s->t + start, key, len) == 0;
    /* escaped: decode the simple escapes; a \u escape compares as no match
     * unless it is ASCII */
    size_t k = 0;
    for (size_t i = start; i < end; i++, k++) {
        char c = s->t[i];
        if (c == '\\' && i + 1 < end) {
            char e = s->t[++i];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b'
              : e == 'f' ? '\f' : e;
            if (e == 'u' && i + 4 < end) {
                unsigned v = 0;
                for (int h = 1; h <= 4; h++) {
                    char x = s->t[i + h];
                    v = v * 16 + (unsigned)(x <= '9' ? x - '0' : (x | 32) - 'a' + 10);
                }
                i += 4;
                if (v >= 0x80)
                    return false;
                c = (char)v;
            }
        }
        if (k >= len || key[k] != c)
            return false;
    }
    return k == len;
}

/* The offset of the value at path, or SIZE_MAX. */
static size_t locate(const char *text, size_t n, const seg *path, size_t depth)
{
    scan s = {text, n, 0};
    for (size_t d = 0; d < depth; d++) {
        ws(&s);
        if (s.i >= n)
            return SIZE_MAX;
        if (path[d].key) {
            if (text[s.i] != '{')
                return SIZE_MAX;
            s.i++;
            for (;;) {
                ws(&s);
                if (s.i >= n || text[s.i] != '"')
                    return SIZE_MAX;
                bool hit = key_is(&s, path[d].key);
                ws(&s);
                s.i++; /* ':' */
                if (hit)
                    break;
                skip_value(&s);
                ws(&s);
                if (s.i >= n || text[s.i] != ',')
                    return SIZE_MAX;
                s.i++;
            }
        } else {
            if (text[s.i] != '[')
                return SIZE_MAX;
            s.i++;
            for (size_t k = 0; k < path[d].index; k++) {
                skip_value(&s);
                ws(&s);
                if (s.i >= n || text[s.i] != ',')
                    return SIZE_MAX;
                s.i++;
            }
        }
    }
    ws(&s);
    return s.i < n ? s.i : SIZE_MAX;
}

/* ---- the walk -------------------------------------------------------------- */

typedef struct checker {
    json_t *doc;
    const char *text;
    size_t len;
    const char *file;
    sl_diag *d;
    size_t errors;
    seg path[32];
    size_t depth;
} checker;

static void error(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void error(checker *c, const char *fmt, ...)
{
    if (++c->errors > MAX_ERRORS)
        return;
    char where[512], text[512];
    size_t o = 0;
    for (size_t k = 0; k < c->depth && o < sizeof where - 40; k++) {
        int w = c->path[k].key ? snprintf(where + o, sizeof where - o, "%s%.*s", k ? "." : "",
                                          200, c->path[k].key)
                               : snprintf(where + o, sizeof where - o, "[%zu]", c->path[k].index);
        o += w > 0 ? (size_t)w : 0;
    }
    where[SL_MIN(o, sizeof where - 1)] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    long line = 0, col = 0;
    size_t at = c->text ? locate(c->text, c->len, c->path, c->depth) : SIZE_MAX;
    if (at != SIZE_MAX) {
        line = col = 1;
        for (size_t i = 0; i < at; i++) {
            if (c->text[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)c->text[i] & 0xc0) != 0x80) {
                col++;
            }
        }
    }
    sl_diag_add(c->d, SL_ERROR, c->file, line, col, "%s: %s", where, text);
}

static const char *kind_of(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "a list";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "true or false";
    default:
        return "null";
    }
}

static const char *wanted(unsigned k)
{
    return k & K_DATE    ? "a date YYYY-MM-DD"
           : k & K_DTIME ? "a date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM"
           : k & K_INT   ? "a whole number"
           : k & K_NUM   ? "a number"
           : k & K_STR   ? "a string"
           : k & K_BOOL  ? "true or false"
           : k & K_ARR   ? "a list"
                         : "an object";
}

static void check_value(checker *c, const rule *r, json_t *v)
{
    double x;
    bool ok = (r->kinds & K_NULL && json_is_null(v)) ||
              (r->kinds & (K_NUM | K_INT) && sl_jnum(v, &x) &&
               (!(r->kinds & K_INT) || x == floor(x))) ||
              (r->kinds & K_STR && json_is_string(v)) ||
              (r->kinds & K_DATE && sl_jdate(v) != SL_DATE_NONE && strlen(sl_jstr(v)) == 10) ||
              (r->kinds & K_DTIME && isfinite(sl_jdatetime(v))) ||
              (r->kinds & K_BOOL && json_is_boolean(v)) || (r->kinds & K_ARR && json_is_array(v)) ||
              (r->kinds & K_OBJ && json_is_object(v));
    if (!ok && r->kinds & K_INT && sl_jnum(v, &x)) {
        error(c, "expected a whole number, found %.6g", x);
        return;
    }
    if (!ok) {
        error(c, "expected %s%s, found %s", wanted(r->kinds), r->kinds & K_NULL ? " or null" : "",
              kind_of(v));
        return;
    }
    if (sl_jnum(v, &x) && (x < r->min || x > r->max))
        error(c, "%.6g is outside %.15g..%.15g%s%s", x, r->min, r->max, r->what ? " " : "",
              r->what ? r->what : "");
    if (json_is_array(v) && (double)json_array_size(v) > r->max)
        error(c, "%zu items; at most %.0f are read", json_array_size(v), r->max);
}

/* Applies rule r from its segment at p to value v (at c->path[0..depth)). */
static void match(checker *c, const rule *r, const char *p, json_t *v)
{
    if (c->errors > MAX_ERRORS || !v)
        return;
    if (!*p) {
        check_value(c, r, v);
        return;
    }
    if (c->depth >= SL_ARRAY_LEN(c->path))
        return;
    if (p[0] == '[') { /* "[]": every item */
        const char *rest = p[2] == '.' ? p + 3 : p + 2;
        for (size_t i = 0; json_is_array(v) && i < json_array_size(v); i++) {
            c->path[c->depth++] = (seg){NULL, i};
            match(c, r, rest, json_array_get(v, i));
            c->depth--;
        }
        return;
    }
    size_t len = strcspn(p, ".[");
    const char *rest = p + len + (p[len] == '.');
    if (!json_is_object(v))
        return;
    if (len == 1 && p[0] == '*') {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            c->path[c->depth++] = (seg){k, 0};
            match(c, r, rest, x);
            c->depth--;
        }
        return;
    }
    char key[64];
    snprintf(key, sizeof key, "%.*s", (int)len, p);
    json_t *x = json_object_get(v, key);
    if (!x)
        return;
    c->path[c->depth++] = (seg){json_object_iter_key(json_object_iter_at(v, key)), 0};
    match(c, r, rest, x);
    c->depth--;
}

/* Counts the distinct columns the rows of list v bring: each key, and
 * each key.sub of an object one level down. */
static int count_columns(checker *c, json_t *v, sl_strmap *cols, sl_arena *a)
{
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *row = json_array_get(v, i);
        const char *k;
        json_t *x;
        json_object_foreach(row, k, x)
        {
            const char *sk;
            json_t *sx;
            bool flat = !json_is_object(x) || !json_object_size(x);
            void *it = flat ? NULL : json_object_iter(x);
            while (flat || it) {
                sk = it ? json_object_iter_key(it) : NULL;
                sx = it ? json_object_iter_value(it) : NULL;
                if (!sx || !json_is_object(sx)) {
                    /* looked up before it is copied: most rows repeat the
                     * keys of the one before */
                    char buf[256];
                    int len = sk ? snprintf(buf, sizeof buf, "%s.%s", k, sk)
                                 : snprintf(buf, sizeof buf, "%s", k);
                    bool known = len >= 0 && (size_t)len < sizeof buf &&
                                 sl_strmap_getn(cols, buf, (size_t)len) != SL_NONE;
                    char *name = known ? NULL
                                 : sk  ? sl_arena_printf(a, "%s.%s", k, sk)
                                       : sl_arena_strdup(a, k);
                    if (!known && (!name || sl_strmap_put(cols, name, 0, NULL)))
                        return SL_ENOMEM;
                    if (cols->n > SL_MAX_REPORT_COLUMNS) {
                        c->path[c->depth++] = (seg){NULL, i};
                        error(c, "the rows of this list bring more than %d different keys, the "
                                 "columns a table can have",
                              SL_MAX_REPORT_COLUMNS);
                        c->depth--;
                        return SL_EINPUT;
                    }
                }
                if (flat)
                    break;
                it = json_object_iter_next(x, it);
            }
        }
    }
    return 0;
}

/* Every list of objects may become a table whose columns are its
 * objects' keys (and one level of sub-keys): at most SL_MAX_REPORT_COLUMNS
 * of them, and rows x columns at most SL_MAX_REPORT_CELLS_PER_BYTE per
 * byte of the document, since a table is built whole (a samlok plan has
 * well under one cell per byte: each cell's key and value are in it).
 * Every list in the document is looked at (recursion bounded by the
 * path's depth). */
static int table_shapes(checker *c, json_t *v)
{
    if (c->errors > MAX_ERRORS || c->depth >= SL_ARRAY_LEN(c->path))
        return 0;
    int rc = 0;
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            c->path[c->depth++] = (seg){k, 0};
            if (!rc)
                rc = table_shapes(c, x);
            c->depth--;
        }
        return rc;
    }
    if (!json_is_array(v))
        return 0;
    sl_strmap cols = {0};
    sl_arena *a = sl_arena_new();
    if (!a)
        return SL_ENOMEM;
    rc = count_columns(c, v, &cols, a);
    size_t n = json_array_size(v);
    double max_cells = (double)SL_MAX_REPORT_CELLS_PER_BYTE * (double)c->len;
    if (!rc && c->text && (double)n * (double)cols.n > max_cells) {
        error(c, "%zu rows of %zu columns are %.0f cells, more than %d per byte of the document "
                 "(%.0f)",
              n, cols.n, (double)n * (double)cols.n, SL_MAX_REPORT_CELLS_PER_BYTE, max_cells);
        rc = SL_EINPUT;
    }
    sl_strmap_free(&cols);
    sl_arena_free(a);
    for (size_t i = 0; !rc && i < n; i++) {
        json_t *item = json_array_get(v, i);
        if (!json_is_object(item) && !json_is_array(item))
            continue;
        c->path[c->depth++] = (seg){NULL, i};
        rc = table_shapes(c, item);
        c->depth--;
    }
    return rc;
}

int sl_report_validate(json_t *doc, const char *text, size_t len, const char *file, sl_diag *d)
{
    int rc = sl_report_check(doc, file, d);
    if (rc)
        return rc;
    checker c = {doc, text, len, file, d, 0, {{NULL, 0}}, 0};
    for (size_t i = 0; i < SL_ARRAY_LEN(rules) && c.errors <= MAX_ERRORS; i++)
        match(&c, &rules[i], rules[i].path, doc);
    if (!c.errors)
        rc = table_shapes(&c, doc);
    if (c.errors > MAX_ERRORS)
        sl_diag_add(d, SL_NOTE, file, 0, 0, "more problems not listed");
    return rc == SL_ENOMEM ? rc : c.errors ? SL_EINPUT : 0;
}
