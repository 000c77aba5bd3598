/* SPDX-License-Identifier: MIT */
/*
 * report.c - the plan document as something to render: built from a plan
 * (sl_json_plan) or read back from a file `samlok plan --json` wrote, plus
 * the lookups and text safety rules every report shares.
 */
#include "report/report.h"
#include "core/file.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int sl_report_wrap(sl_report **out, json_t *doc)
{
    *out = NULL;
    sl_report *r = sl_calloc(1, sizeof *r);
    if (!r) {
        json_decref(doc);
        return SL_ENOMEM;
    }
    r->doc = doc;
    r->opts = (sl_report_options)SL_REPORT_OPTIONS_INIT;
    *out = r;
    return 0;
}

void sl_report_set_options(sl_report *r, const sl_report_options *o)
{
    if (r && o)
        r->opts = *o;
}

int sl_report_from_plan(sl_report **out, const sl_plan *p, sl_diag *d)
{
    (void)d;
    *out = NULL;
    json_t *doc = sl_json_plan(p);
    if (!doc)
        return SL_ENOMEM;
    return sl_report_wrap(out, doc);
}

void sl_report_free(sl_report *r)
{
    if (!r)
        return;
    json_decref(r->doc);
    sl_free(r);
}

int sl_report_check(json_t *doc, const char *file, sl_diag *d)
{
    json_t *v = json_object_get(doc, "samlok");
    if (!json_is_object(doc) || !json_is_integer(v)) {
        sl_diag_add(d, SL_ERROR, file, 1, 1,
                    "not a samlok plan document (no \"samlok\" format number); write one with "
                    "`samlok plan SCENARIO --json OUT.json`");
        return SL_EINPUT;
    }
    if (json_integer_value(v) != SL_FORMAT_VERSION) {
        sl_diag_add(d, SL_ERROR, file, 1, 1,
                    "plan document format %lld; this samlok reads format %d",
                    (long long)json_integer_value(v), SL_FORMAT_VERSION);
        return SL_EINPUT;
    }
    if (!json_is_object(json_object_get(doc, "scenario"))) {
        sl_diag_add(d, SL_ERROR, file, 1, 1, "plan document without a \"scenario\" section");
        return SL_EINPUT;
    }
    return 0;
}

int sl_report_parse(sl_report **out, const char *file, const char *data, size_t len,
                    sl_diag *d)
{
    *out = NULL;
    /* JSON text has no NUL byte; jansson reads past one, but the checks
     * that locate a bad value in the text would stop there */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        long line, col;
        sl_text_position(data, (size_t)(nul - data), &line, &col);
        sl_diag_add(d, SL_ERROR, file, line, col, "a NUL byte is not allowed in JSON text");
        return SL_EINPUT;
    }
    json_error_t err;
    json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
        sl_diag_add(d, SL_ERROR, file, err.line > 0 ? err.line : 1,
                    err.column > 0 ? err.column : 1, "%s", err.text);
        return SL_EINPUT;
    }
    /* nothing renders a document before it passed */
    int rc = sl_report_validate(doc, data, len, file, d);
    if (rc) {
        json_decref(doc);
        return rc;
    }
    return sl_report_wrap(out, doc);
}

int sl_report_read(sl_report **out, const char *path, sl_diag *d)
{
    *out = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc = sl_file_read(&data, &len, path, d);
    if (rc)
        return rc;
    rc = sl_report_parse(out, path, data, len, d);
    sl_free(data);
    return rc;
}

static int dump_cb(const char *buf, size_t size, void *data)
{
    return fwrite(buf, 1, size, (FILE *)data) == size ? 0 : -1;
}

static int fill_json(FILE *f, void *user)
{
    json_t *doc = user;
    if (json_dump_callback(doc, dump_cb, f,
                           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)))
        return SL_EIO;
    return fputc('\n', f) == EOF ? SL_EIO : 0;
}

int sl_report_add_json(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d)
{
    return sl_outputs_add(o, path, fill_json, r->doc, d);
}

typedef struct html_job {
    json_t *doc;
    const sl_report_options *opts;
} html_job;

static int fill_html(FILE *f, void *user)
{
    const html_job *job = user;
    return sl_html_write_opts(f, job->doc, job->opts);
}

int sl_report_add_html(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d)
{
    /* the page is rendered now, while job lives */
    html_job job = {r->doc, &r->opts};
    return sl_outputs_add(o, path, fill_html, &job, d);
}

/* One report on its own: a set of its own, committed. */
static int write_one(int (*add)(sl_outputs *, const char *, const sl_report *, sl_diag *),
                     const char *path, const sl_report *r, sl_diag *d)
{
    sl_outputs *o;
    int rc = sl_outputs_new(&o);
    if (!rc)
        rc = add(o, path, r, d);
    if (!rc)
        rc = sl_outputs_commit(o, d);
    sl_outputs_free(o);
    return rc;
}

int sl_report_write_json(const char *path, const sl_report *r, sl_diag *d)
{
    return write_one(sl_report_add_json, path, r, d);
}

int sl_report_write_html(const char *path, const sl_report *r, sl_diag *d)
{
    return write_one(sl_report_add_html, path, r, d);
}

int sl_report_write_xlsx(const char *path, const sl_report *r, sl_diag *d)
{
    return write_one(sl_report_add_xlsx, path, r, d);
}

int sl_report_write_csv(const char *dir, const sl_report *r, sl_diag *d)
{
    return write_one(sl_report_add_csv, dir, r, d);
}

int sl_report_render(char **out, size_t *len, const sl_report *r, const sl_render_options *o,
                     sl_diag *d)
{
    *out = NULL;
    *len = 0;
    sl_render_options opt = SL_RENDER_OPTIONS_INIT;
    if (o)
        opt = *o;
    (void)d;
    /* the page and its front sections in the language asked for, else the
     * report's own: the same writer as `report --html --lang` */
    sl_report_options ro = r->opts;
    if (opt.lang)
        ro.lang = opt.lang;
    /* open_memstream's buffer comes from malloc, outside sl_malloc's
     * failure hooks; a failed write leaves the stream in error */
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return SL_ENOMEM;
    int rc = opt.format == SL_RENDER_JSON   ? fill_json(f, r->doc)
             : opt.format == SL_RENDER_HTML ? sl_html_write_opts(f, r->doc, &ro)
                                            : sl_html_write_front(f, r->doc, ro.lang);
    if (fclose(f) != 0 && !rc)
        rc = SL_ENOMEM;
    if (rc) {
        free(buf);
        return rc == SL_EIO ? SL_ENOMEM : rc;
    }
    *out = buf;
    *len = n;
    return 0;
}

/* ---- lookups ---------------------------------------------------------- */

json_t *sl_jget(const json_t *root, const char *path)
{
    const json_t *cur = root;
    json_t *v = NULL;
    const char *s = path;
    while (cur && *s) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        bool is_index = len > 0 && len < 10;
        size_t idx = 0;
        for (size_t i = 0; i < len && is_index; i++) {
            is_index = s[i] >= '0' && s[i] <= '9';
            idx = idx * 10 + (size_t)(s[i] - '0');
        }
        if (json_is_array(cur) && is_index)
            v = json_array_get(cur, idx);
        else if (json_is_object(cur))
            v = json_object_getn(cur, s, len);
        else
            v = NULL;
        cur = v;
        s += len;
        if (*s == '.')
            s++;
    }
    return v;
}

bool sl_jnum(json_t *v, double *out)
{
    if (json_is_integer(v)) {
        *out = (double)json_integer_value(v);
        return true;
    }
    if (json_is_real(v)) {
        *out = json_real_value(v);
        return isfinite(*out);
    }
    return false;
}

double sl_jnum_or(json_t *v, double fallback)
{
    double x;
    return sl_jnum(v, &x) ? x : fallback;
}

const char *sl_jstr(json_t *v)
{
    return json_is_string(v) ? json_string_value(v) : NULL;
}

sl_date sl_jdate(json_t *v)
{
    const char *s = sl_jstr(v);
    sl_date d;
    if (!s || strlen(s) < 10 || (s[10] != '\0' && s[10] != 'T') || sl_date_parse(&d, s, 10))
        return SL_DATE_NONE;
    return d;
}

double sl_jdatetime(json_t *v)
{
    const char *s = sl_jstr(v);
    sl_date d = sl_jdate(v);
    if (d == SL_DATE_NONE)
        return NAN;
    if (s[10] == '\0')
        return d;
    const char *t = s + 11;
    if (strlen(t) != 5 || t[2] != ':')
        return NAN;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (t[i] < '0' || t[i] > '9'))
            return NAN;
    int hh = (t[0] - '0') * 10 + (t[1] - '0'), mm = (t[3] - '0') * 10 + (t[4] - '0');
    if (hh > 23 || mm > 59)
        return NAN;
    return d + (hh * 60 + mm) / 1440.0;
}

json_t *sl_jarray(json_t *root, const char *path)
{
    json_t *v = sl_jget(root, path);
    return json_is_array(v) ? v : NULL;
}

json_t *sl_jfind(json_t *arr, const char *key, const char *value)
{
    for (size_t i = 0; value && i < json_array_size(arr); i++) {
        const char *s = sl_jstr(json_object_get(json_array_get(arr, i), key));
        if (s && strcmp(s, value) == 0)
            return json_array_get(arr, i);
    }
    return NULL;
}

/* ---- text safety ------------------------------------------------------ */

bool sl_text_is_formula(const char *s)
{
    return s && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                 s[0] == '\r');
}

void sl_html_escape_n(FILE *out, const char *s, size_t len)
{
    const char *run = s, *end = s + len;
    for (const char *p = s; p < end; p++) {
        unsigned char c = (unsigned char)*p;
        const char *rep = NULL;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
                rep = "\xEF\xBF\xBD"; /* U+FFFD */
        }
        if (!rep)
            continue;
        fwrite(run, 1, (size_t)(p - run), out);
        fputs(rep, out);
        run = p + 1;
    }
    fwrite(run, 1, (size_t)(end - run), out);
}

void sl_html_escape(FILE *out, const char *s)
{
    if (s)
        sl_html_escape_n(out, s, strlen(s));
}
