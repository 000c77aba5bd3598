/* SPDX-License-Identifier: MIT */
/*
 * compare.c - scenarios side by side, as text, JSON or a small
 * self-contained HTML table: the target's hosts, racks and kW, finish and
 * P(on time), NPV, and per joining agency P(on time), chargeback and
 * verdict. Each row is built once (values as numbers where they are
 * numbers, and as the text shown) and rendered three ways; a row differs
 * when any scenario's text differs from the first scenario's.
 *
 * Agencies are the union of the scenarios' joining agencies in order of
 * first appearance, so "with agency C" and "without" line up; a scenario
 * without an agency shows "-".
 */
#include "report/json.h"

#include <math.h>
#include <string.h>

typedef struct cell {
    const char *text;
    double num; /* NAN when not a number */
    bool is_missing;
} cell;

typedef struct row {
    const char *metric;
    const char *unit;
    cell *cells; /* one per scenario */
    bool differs;
} row;

typedef struct table {
    size_t n_cols;
    size_t n_rows, cap;
    row **rows; /* each in the arena: a row stays put while more are added */
    sl_arena *arena;
    bool failed;
} table;

static row *new_row(table *t, const char *metric, const char *unit)
{
    row *r = t->failed || !metric ? NULL : sl_arena_alloc(t->arena, sizeof *r);
    if (!r || SL_GROW(t->rows, t->cap, t->n_rows + 1)) {
        t->failed = true;
        return NULL;
    }
    t->rows[t->n_rows] = r;
    r->metric = metric;
    r->unit = unit;
    r->differs = false;
    r->cells = sl_arena_array(t->arena, t->n_cols, sizeof *r->cells);
    if (!r->cells) {
        t->failed = true;
        return NULL;
    }
    for (size_t c = 0; c < t->n_cols; c++)
        r->cells[c] = (cell){"-", NAN, true};
    t->n_rows++;
    return r;
}

static void set_text(table *t, row *r, size_t c, const char *text)
{
    if (!r)
        return;
    if (!text) {
        t->failed = true;
        return;
    }
    r->cells[c] = (cell){text, NAN, false};
}

static void set_num(table *t, row *r, size_t c, double v, int decimals)
{
    if (!r)
        return;
    if (!isfinite(v)) {
        r->cells[c] = (cell){"-", NAN, false};
        return;
    }
    const char *text = sl_arena_printf(t->arena, "%.*f", decimals, v);
    if (!text)
        t->failed = true;
    r->cells[c] = (cell){text ? text : "-", v, false};
}

/* Money as "498.3 M": the column's unit names the currency. */
static void set_money(table *t, row *r, size_t c, double v)
{
    if (!r)
        return;
    if (!isfinite(v)) {
        r->cells[c] = (cell){"-", NAN, false};
        return;
    }
    double a = fabs(v);
    const char *text = a >= 1e9   ? sl_arena_printf(t->arena, "%.2f bn", v / 1e9)
                       : a >= 1e6 ? sl_arena_printf(t->arena, "%.1f M", v / 1e6)
                       : a >= 1e3 ? sl_arena_printf(t->arena, "%.0f k", v / 1e3)
                                  : sl_arena_printf(t->arena, "%.0f", v);
    if (!text)
        t->failed = true;
    r->cells[c] = (cell){text ? text : "-", v, false};
}

/* Cell c of a row against the first scenario's: numbers by value (to a
 * relative 1e-9), everything else by its text. */
static bool cell_differs(const row *r, size_t c)
{
    const cell *a = &r->cells[0], *b = &r->cells[c];
    if (isfinite(a->num) && isfinite(b->num))
        return fabs(a->num - b->num) > 1e-9 * fmax(1, fmax(fabs(a->num), fabs(b->num)));
    return strcmp(a->text, b->text) != 0 || a->is_missing != b->is_missing;
}

static void set_date(table *t, row *r, size_t c, sl_date d)
{
    if (!r)
        return;
    char buf[11];
    if (d == SL_DATE_NONE) {
        r->cells[c] = (cell){"never", NAN, false};
        return;
    }
    sl_date_format(buf, d);
    set_text(t, r, c, sl_arena_strdup(t->arena, buf));
}

static sl_index agency_in(const sl_model *m, const char *id)
{
    sl_index a = sl_model_agency(m, id);
    return a != SL_NONE && m->agencies[a].role == SL_ROLE_JOINING ? a : SL_NONE;
}

static int build(table *t, size_t n, const sl_plan *const *plans)
{
    memset(t, 0, sizeof *t);
    t->n_cols = n;
    t->arena = sl_arena_new();
    if (!t->arena)
        return SL_ENOMEM;
    row *r;
    r = new_row(t, "scenario", NULL);
    for (size_t c = 0; c < n; c++)
        set_text(t, r, c, plans[c]->model->name);
    r = new_row(t, "deadline", NULL);
    for (size_t c = 0; c < n; c++)
        set_date(t, r, c, plans[c]->model->deadline);
    static const char *const num_rows[] = {"hosts", "racks", "facility kW", "fits the target"};
    for (size_t k = 0; k < SL_ARRAY_LEN(num_rows); k++) {
        r = new_row(t, num_rows[k], NULL);
        for (size_t c = 0; c < n; c++) {
            const sl_placement *pl = plans[c]->placement;
            if (!pl)
                continue;
            if (k == 0)
                set_num(t, r, c, (double)pl->shared.hosts_total, 0);
            else if (k == 1)
                set_num(t, r, c, (double)pl->shared.racks, 0);
            else if (k == 2)
                set_num(t, r, c, pl->shared.facility_kw, 1);
            else
                set_text(t, r, c, pl->fits ? "yes" : "no");
        }
    }
    r = new_row(t, "finish P50", NULL);
    row *r80 = new_row(t, "finish P80", NULL);
    row *rpa = new_row(t, "P(allowed), all", "%");
    row *rpg = new_row(t, "P(on time | allowed), all", "%");
    row *rp = new_row(t, "P(on time), all", "%");
    for (size_t c = 0; c < n; c++) {
        const sl_simulation *s = plans[c]->simulation;
        if (!s)
            continue;
        set_date(t, r, c, s->overall.finish_p50);
        set_date(t, r80, c, s->overall.finish_p80);
        set_num(t, rpa, c, 100 * s->overall.p_allowed, 1);
        set_num(t, rpg, c, 100 * s->overall.p_on_time_given_allowed, 1);
        set_num(t, rp, c, 100 * s->overall.p_on_time, 1);
    }
    const char *cur = plans[0]->model->currency;
    /* the headline saving (expected, its chance and spread), then the
     * plan's figures under the name of what they assume */
    static const char *const npv_rows[] = {
        "NPV status quo", "expected NPV saving", "P(saving > 0) (%)", "NPV saving P10",
        "NPV saving P90", "NPV co-location if all gates pass, no move fails",
        "NPV saving if all gates pass, no move fails",
        "payback year if all gates pass, no move fails"};
    for (size_t k = 0; k < SL_ARRAY_LEN(npv_rows); k++) {
        r = new_row(t, npv_rows[k], k == 2 || k == 7 ? NULL : cur);
        for (size_t c = 0; c < n; c++) {
            const sl_costing *co = plans[c]->cost;
            if (!co)
                continue;
            double v = k == 0   ? co->npv_status_quo
                       : k == 1 ? co->npv_saving_mean
                       : k == 2 ? 100 * co->p_saving_positive
                       : k == 3 ? co->npv_saving_p10
                       : k == 4 ? co->npv_saving_p90
                       : k == 5 ? co->npv_colocation
                       : k == 6 ? co->npv_saving
                                : (double)co->payback_year;
            if (k == 7 && co->payback_year == 0)
                set_text(t, r, c, "never");
            else if (k == 7 || k == 2)
                set_num(t, r, c, v, k == 2 ? 1 : 0);
            else
                set_money(t, r, c, v);
        }
    }
    /* per joining agency, in order of first appearance */
    for (size_t c0 = 0; c0 < n; c0++) {
        const sl_model *m0 = plans[c0]->model;
        for (size_t a0 = 0; a0 < m0->n_agencies; a0++) {
            const char *id = m0->agencies[a0].id;
            if (m0->agencies[a0].role != SL_ROLE_JOINING)
                continue;
            bool seen = false;
            for (size_t c1 = 0; c1 < c0 && !seen; c1++)
                seen = agency_in(plans[c1]->model, id) != SL_NONE;
            if (seen)
                continue;
            row *rv = new_row(t, sl_arena_printf(t->arena, "%s verdict", id), NULL);
            row *ra = new_row(t, sl_arena_printf(t->arena, "%s P(allowed)", id), "%");
            row *rg = new_row(t, sl_arena_printf(t->arena, "%s P(on time | allowed)", id), "%");
            row *rt = new_row(t, sl_arena_printf(t->arena, "%s P(on time)", id), "%");
            row *rf = new_row(t, sl_arena_printf(t->arena, "%s finish P80", id), NULL);
            row *rc = new_row(t, sl_arena_printf(t->arena, "%s chargeback a year", id), cur);
            row *re = new_row(t, sl_arena_printf(t->arena, "%s expected NPV saving", id), cur);
            row *rq = new_row(t, sl_arena_printf(t->arena, "%s P(saving > 0)", id), "%");
            row *rs = new_row(
                t, sl_arena_printf(t->arena, "%s NPV saving if all gates pass, no move fails", id),
                cur);
            for (size_t c = 0; c < n; c++) {
                const sl_plan *p = plans[c];
                sl_index a = agency_in(p->model, id);
                if (a == SL_NONE)
                    continue;
                const sl_verdict *v = sl_plan_verdict(p, a);
                if (v)
                    set_text(t, rv, c, sl_verdict_name(v->verdict));
                if (v && v->verdict == SL_VERDICT_OUT)
                    continue; /* it moves nothing: no figures to compare */
                if (p->simulation) {
                    const sl_sim_outcome *o = &p->simulation->per_agency[a];
                    set_num(t, ra, c, 100 * o->p_allowed, 1);
                    set_num(t, rg, c, 100 * o->p_on_time_given_allowed, 1);
                    set_num(t, rt, c, 100 * o->p_on_time, 1);
                    set_date(t, rf, c, o->finish_p80);
                }
                if (p->cost) {
                    const sl_agency_cost *ac = &p->cost->per_agency[a];
                    set_money(t, rc, c, p->cost->chargeback[a].fee_per_year);
                    if (ac->is_costed) {
                        set_money(t, re, c, ac->npv_saving_mean);
                        set_num(t, rq, c, 100 * ac->p_saving_positive, 1);
                        set_money(t, rs, c, ac->npv_saving);
                    }
                }
            }
        }
    }
    for (size_t i = 0; i < t->n_rows; i++) {
        row *ri = t->rows[i];
        for (size_t c = 1; c < n; c++)
            ri->differs |= cell_differs(ri, c);
    }
    return t->failed ? SL_ENOMEM : 0;
}

static void table_free(table *t)
{
    sl_free(t->rows);
    sl_arena_free(t->arena);
}

/* Column keys: A, B, ..., Z, AA, ... */
static void key_of(char buf[static 8], size_t c)
{
    char tmp[8];
    size_t n = 0;
    c++;
    while (c && n < 7) {
        c--;
        tmp[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

static int write_compare(FILE *out, size_t n, const sl_plan *const *plans,
                         const char *const *labels, bool color)
{
    table t;
    int rc = build(&t, n, plans);
    if (rc) {
        table_free(&t);
        return rc;
    }
    for (size_t c = 0; c < n; c++) {
        char key[8];
        key_of(key, c);
        fprintf(out, "%s = %s\n", key, labels[c]);
    }
    size_t w0 = 6, *w = sl_calloc(n ? n : 1, sizeof *w);
    if (!w) {
        table_free(&t);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < t.n_rows; i++) {
        size_t l = strlen(t.rows[i]->metric) + (t.rows[i]->unit ? strlen(t.rows[i]->unit) + 3 : 0);
        w0 = l > w0 ? l : w0;
        for (size_t c = 0; c < n; c++) {
            size_t lc = strlen(t.rows[i]->cells[c].text) + 1;
            w[c] = lc > w[c] ? lc : w[c];
        }
    }
    fprintf(out, "\n  %-*s", (int)w0, "");
    for (size_t c = 0; c < n; c++) {
        char key[8];
        key_of(key, c);
        fprintf(out, "  %*s", (int)w[c], key);
    }
    fputc('\n', out);
    bool any = false;
    for (size_t i = 0; i < t.n_rows; i++) {
        const row *r = t.rows[i];
        char metric[160];
        if (r->unit)
            snprintf(metric, sizeof metric, "%s (%s)", r->metric, r->unit);
        else
            snprintf(metric, sizeof metric, "%s", r->metric);
        fprintf(out, "  %-*s", (int)w0, metric);
        for (size_t c = 0; c < n; c++) {
            bool mark = c > 0 && cell_differs(r, c);
            any |= mark;
            /* a mark after the value; no trailing space at the line's end */
            bool last = c + 1 == n;
            char cellbuf[256];
            snprintf(cellbuf, sizeof cellbuf, "%s%s", r->cells[c].text,
                     mark   ? "*"
                     : last ? ""
                            : " ");
            int width = (int)w[c] - (!mark && last);
            fprintf(out, "  %s%*s%s", mark && color ? SL_TERM_SGR "[1;33m" : "", width, cellbuf,
                    mark && color ? SL_TERM_SGR "[0m" : "");
        }
        fputc('\n', out);
    }
    if (any)
        fprintf(out, "\n  * differs from A\n");
    sl_free(w);
    table_free(&t);
    return ferror(out) ? SL_EIO : 0;
}

static int dump_cb(const char *buf, size_t size, void *data)
{
    return fwrite(buf, 1, size, (FILE *)data) == size ? 0 : -1;
}

int sl_write_compare_text(FILE *out, size_t n, const sl_plan *const *plans,
                          const char *const *labels, bool color)
{
    sl_term *t;
    FILE *f = sl_term_open(out, color, &t);
    return sl_term_close(f, t, f ? write_compare(f, n, plans, labels, color) : 0);
}

int sl_write_compare_json(FILE *out, size_t n, const sl_plan *const *plans,
                          const char *const *labels, sl_diag *d)
{
    (void)d;
    table t;
    int rc = build(&t, n, plans);
    json_t *root = rc ? NULL : json_object();
    bool ok = root && sl_json_set(root, "samlok", json_integer(SL_FORMAT_VERSION));
    json_t *scn = ok ? sl_json_add_array(root, "scenarios") : NULL;
    json_t *rows = scn ? sl_json_add_array(root, "rows") : NULL;
    ok = rows != NULL;
    for (size_t c = 0; ok && c < n; c++) {
        char key[8];
        key_of(key, c);
        json_t *o = sl_json_push_object(scn);
        ok = o && sl_json_set(o, "key", json_string(key)) &&
             sl_json_set(o, "label", json_string(labels[c])) &&
             sl_json_set(o, "name", sl_json_str(plans[c]->model->name)) &&
             sl_json_set(o, "file", sl_json_str(plans[c]->model->file)) &&
             sl_json_set(o, "seed", json_integer((json_int_t)plans[c]->seed)) &&
             sl_json_set(o, "iterations", json_integer(plans[c]->iterations));
    }
    for (size_t i = 0; ok && i < t.n_rows; i++) {
        const row *r = t.rows[i];
        json_t *o = sl_json_push_object(rows);
        ok = o && sl_json_set(o, "metric", json_string(r->metric)) &&
             sl_json_set(o, "unit", sl_json_str(r->unit)) &&
             sl_json_set(o, "differs", json_boolean(r->differs));
        json_t *vals = ok ? sl_json_add_array(o, "values") : NULL;
        ok = vals != NULL;
        for (size_t c = 0; ok && c < n; c++) {
            const cell *ce = &r->cells[c];
            json_t *v = ce->is_missing      ? json_null()
                        : isfinite(ce->num) ? json_real(ce->num)
                                            : json_string(ce->text);
            ok = sl_json_push(vals, v);
        }
    }
    if (ok)
        ok = json_dump_callback(root, dump_cb, out,
                                JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) ==
                 0 &&
             fputc('\n', out) != EOF;
    json_decref(root);
    table_free(&t);
    if (rc)
        return rc;
    return ok ? 0 : (ferror(out) ? SL_EIO : SL_ENOMEM);
}

static void html_escaped(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

int sl_write_compare_html_table(FILE *out, size_t n, const sl_plan *const *plans,
                                const char *const *labels)
{
    table t;
    int rc = build(&t, n, plans);
    if (rc) {
        table_free(&t);
        return rc;
    }
    fputs("<ul>\n", out);
    for (size_t c = 0; c < n; c++) {
        char key[8];
        key_of(key, c);
        fprintf(out, "<li><b>%s</b>: ", key);
        html_escaped(out, labels[c]);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n<table>\n<thead><tr><th>metric</th>", out);
    for (size_t c = 0; c < n; c++) {
        char key[8];
        key_of(key, c);
        fprintf(out, "<th>%s</th>", key);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < t.n_rows; i++) {
        const row *r = t.rows[i];
        fputs("<tr><td>", out);
        html_escaped(out, r->metric);
        if (r->unit) {
            fputs(" (", out);
            html_escaped(out, r->unit);
            fputs(")", out);
        }
        fputs("</td>", out);
        for (size_t c = 0; c < n; c++) {
            bool mark = c > 0 && cell_differs(r, c);
            fputs(mark ? "<td class=\"differs\">" : "<td>", out);
            html_escaped(out, r->cells[c].text);
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n<p>Highlighted: differs from A.</p>\n", out);
    table_free(&t);
    return ferror(out) ? SL_EIO : 0;
}

int sl_write_compare_html(FILE *out, size_t n, const sl_plan *const *plans,
                          const char *const *labels)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>samlok compare</title>\n<style>\n"
          "body{font-family:sans-serif;margin:2em}\n"
          "table{border-collapse:collapse}\n"
          "th,td{border:1px solid #999;padding:.3em .6em;text-align:right}\n"
          "th:first-child,td:first-child{text-align:left}\n"
          "td.differs{background:#ffe08a;font-weight:bold}\n"
          "</style>\n</head>\n<body>\n<h1>Scenarios side by side</h1>\n",
          out);
    int rc = sl_write_compare_html_table(out, n, plans, labels);
    if (rc)
        return rc;
    fputs("</body>\n</html>\n", out);
    return ferror(out) ? SL_EIO : 0;
}
