/* SPDX-License-Identifier: MIT */
/*
 * compare.c - scenarios side by side, as text, JSON or a self-contained
 * HTML page: the target's hosts, racks and kW, finish and P(on time),
 * NPV, and per joining agency its verdict, P(on time), chargeback and
 * saving. Each row is built once (values as numbers, dates, verdicts or
 * text) and rendered three ways: the JSON in English and locale-free, the
 * terminal and the page in the options' language. A row differs when any
 * scenario's value differs from the first scenario's; the text and the
 * page show which way each change goes (an arrow) and, where one way is
 * better (a higher P(on time), an earlier finish, a lower cost), whether
 * it is (green) or not (red).
 *
 * Agencies are the union of the scenarios' joining agencies in order of
 * first appearance, so "with agency C" and "without" line up; a scenario
 * without an agency shows "-".
 */
#include "report/json.h"
#include "report/report.h"
#include "report/svg.h"

#include <math.h>
#include <string.h>

typedef enum {
    V_MISSING = 0,
    V_NUMBER,
    V_SHARE,
    V_MONEY,
    V_DATE,
    V_TEXT,
    V_VERDICT,
    V_YEAR,
    V_BOOL
} vkind;

typedef struct cell {
    vkind kind;
    double num;       /* numbers, shares (0..1), money, days, payback years (0: never) */
    const char *text; /* text and verdict codes; NULL for missing */
    int decimals;
} cell;

typedef struct row {
    const char *name;   /* English, without the agency */
    const char *json_name; /* the JSON's metric when it says more (the unit), or NULL */
    const char *agency; /* NULL: a row of the whole plan */
    const char *unit;   /* "%", the currency, or NULL */
    int better;         /* +1 higher is better, -1 lower is, 0 neither */
    cell *cells;        /* one per scenario */
    bool differs;
} row;

typedef struct table {
    size_t n_cols;
    size_t n_rows, cap;
    row **rows; /* each in the arena: a row stays put while more are added */
    sl_arena *arena;
    const char *currency;
    bool failed;
} table;

static row *new_row(table *t, const char *name, const char *agency, const char *unit,
                    int better)
{
    row *r = t->failed ? NULL : sl_arena_alloc(t->arena, sizeof *r);
    if (!r || SL_GROW(t->rows, t->cap, t->n_rows + 1)) {
        t->failed = true;
        return NULL;
    }
    t->rows[t->n_rows] = r;
    *r = (row){name, NULL, agency, unit, better, NULL, false};
    r->cells = sl_arena_array(t->arena, t->n_cols, sizeof *r->cells);
    if (!r->cells) {
        t->failed = true;
        return NULL;
    }
    t->n_rows++;
    return r;
}

static void set(row *r, size_t c, vkind kind, double v, const char *text, int decimals)
{
    if (!r)
        return;
    if ((kind == V_NUMBER || kind == V_SHARE || kind == V_MONEY) && !isfinite(v))
        kind = V_TEXT, text = "-";
    r->cells[c] = (cell){kind, v, text, decimals};
}

static void set_date(row *r, size_t c, sl_date d)
{
    set(r, c, V_DATE, d == SL_DATE_NONE ? NAN : (double)d, NULL, 0);
}

/* Cell c of a row against the first scenario's: numbers by value (to a
 * relative 1e-9), everything else by what it says. */
static bool cell_differs(const row *r, size_t c)
{
    const cell *a = &r->cells[0], *b = &r->cells[c];
    if (a->kind != b->kind)
        return true;
    if (a->kind == V_MISSING)
        return false;
    if (a->kind == V_TEXT || a->kind == V_VERDICT || a->kind == V_BOOL)
        return strcmp(a->text ? a->text : "", b->text ? b->text : "") != 0;
    if (isnan(a->num) || isnan(b->num))
        return isnan(a->num) != isnan(b->num);
    return fabs(a->num - b->num) > 1e-9 * fmax(1, fmax(fabs(a->num), fabs(b->num)));
}

static int verdict_rank(const char *v)
{
    return !v ? -1 : strcmp(v, "go") == 0 ? 0 : strcmp(v, "conditional") == 0 ? 1
                                             : strcmp(v, "no_go") == 0        ? 2
                                                                              : -1;
}

/* The way cell c moved against the first: +1 up, -1 down, 0 none or not
 * comparable; *good +1 better, -1 worse, 0 neither. */
static int direction(const row *r, size_t c, int *good)
{
    const cell *a = &r->cells[0], *b = &r->cells[c];
    *good = 0;
    if (c == 0 || !cell_differs(r, c) || a->kind != b->kind)
        return 0;
    double x, y;
    int better = r->better;
    if (a->kind == V_VERDICT) {
        /* up is better: go above conditional above no go */
        x = -verdict_rank(a->text);
        y = -verdict_rank(b->text);
        better = 1;
        if (x > 0 || y > 0)
            return 0;
    } else if (a->kind == V_DATE || a->kind == V_YEAR) {
        /* never is later than every date and year */
        x = isnan(a->num) || (a->kind == V_YEAR && a->num == 0) ? INFINITY : a->num;
        y = isnan(b->num) || (b->kind == V_YEAR && b->num == 0) ? INFINITY : b->num;
    } else if (a->kind == V_NUMBER || a->kind == V_SHARE || a->kind == V_MONEY) {
        x = a->num;
        y = b->num;
    } else {
        return 0;
    }
    if (x == y)
        return 0;
    int dir = y > x ? 1 : -1;
    *good = better * dir;
    return dir;
}

/* What a cell says to a person, in language l. */
static void cell_text(char *buf, size_t len, const cell *c, const sl_lang *l, const char *cur)
{
    switch (c->kind) {
    case V_MISSING:
        snprintf(buf, len, "-");
        break;
    case V_NUMBER:
        sl_fmt_number(buf, len, l, c->num, c->decimals, true);
        break;
    case V_SHARE:
        sl_fmt_share(buf, len, l, c->num, 1, true);
        break;
    case V_MONEY:
        sl_fmt_money(buf, len, l, c->num,
                     sl_fmt_money_names_currency(l, cur) ? cur : NULL);
        break;
    case V_DATE:
        if (isnan(c->num))
            snprintf(buf, len, "%s", sl_tr(l, "never"));
        else
            sl_date_format(buf, (sl_date)c->num);
        break;
    case V_YEAR:
        if (c->num <= 0)
            snprintf(buf, len, "%s", sl_tr(l, "never"));
        else
            snprintf(buf, len, "%.0f", c->num);
        break;
    case V_VERDICT:
        snprintf(buf, len, "%s", sl_label(l, "verdict", c->text));
        break;
    case V_BOOL:
        snprintf(buf, len, "%s", sl_label(l, "bool", strcmp(c->text, "yes") == 0 ? "true" : "false"));
        break;
    case V_TEXT:
    default:
        snprintf(buf, len, "%s", c->text ? c->text : "-");
    }
}

/* Does cell c differ from the first as a person reads them? A change
 * below the shown precision (94.5 % and 94.5 %) gets no mark or arrow:
 * the reader would see two equal figures marked as different. The JSON
 * keeps the exact values. */
static bool shown_differs(const row *r, size_t c, const sl_lang *l, const char *cur)
{
    if (c == 0 || !cell_differs(r, c))
        return false;
    char a[96], b[96];
    cell_text(a, sizeof a, &r->cells[0], l, cur);
    cell_text(b, sizeof b, &r->cells[c], l, cur);
    return strcmp(a, b) != 0;
}

/* A row's name for people: "SKV: P(on time)", the unit after it. */
static void row_name(char *buf, size_t len, const row *r, const sl_lang *l)
{
    const char *unit = r->unit && strcmp(r->unit, "%") == 0 ? NULL : r->unit;
    if (unit && sl_fmt_money_names_currency(l, unit))
        unit = NULL;
    snprintf(buf, len, "%s%s%s%s%s%s", r->agency ? r->agency : "", r->agency ? ": " : "",
             sl_trc(l, "compare", r->name), unit ? " (" : "", unit ? unit : "", unit ? ")" : "");
}

static sl_index agency_in(const sl_model *m, const char *id)
{
    sl_index a = sl_model_agency(m, id);
    return a != SL_NONE && m->agencies[a].role == SL_ROLE_JOINING ? a : SL_NONE;
}


static void plan_rows(table *t, size_t n, const sl_plan *const *plans)
{
    row *r = new_row(t, NC_("compare", "scenario"), NULL, NULL, 0);
    for (size_t c = 0; c < n; c++)
        set(r, c, V_TEXT, NAN, plans[c]->model->name, 0);
    r = new_row(t, NC_("compare", "deadline"), NULL, NULL, 0);
    for (size_t c = 0; c < n; c++)
        set_date(r, c, plans[c]->model->deadline);
    row *rh = new_row(t, NC_("compare", "hosts"), NULL, NULL, -1);
    row *rr = new_row(t, NC_("compare", "racks"), NULL, NULL, -1);
    row *rk = new_row(t, NC_("compare", "facility kW"), NULL, NULL, -1);
    row *rf = new_row(t, NC_("compare", "fits the target"), NULL, NULL, 0);
    for (size_t c = 0; c < n; c++) {
        const sl_placement *pl = plans[c]->placement;
        if (!pl)
            continue;
        set(rh, c, V_NUMBER, (double)pl->shared.hosts_total, NULL, 0);
        set(rr, c, V_NUMBER, (double)pl->shared.racks, NULL, 0);
        set(rk, c, V_NUMBER, pl->shared.facility_kw, NULL, 1);
        set(rf, c, V_BOOL, NAN, pl->fits ? "yes" : "no", 0);
    }
    row *r50 = new_row(t, NC_("compare", "finish P50"), NULL, NULL, -1);
    row *r80 = new_row(t, NC_("compare", "finish P80"), NULL, NULL, -1);
    row *rpa = new_row(t, NC_("compare", "P(allowed), all"), NULL, "%", 1);
    row *rpg = new_row(t, NC_("compare", "P(on time | allowed), all"), NULL, "%", 1);
    row *rp = new_row(t, NC_("compare", "P(on time), all"), NULL, "%", 1);
    for (size_t c = 0; c < n; c++) {
        const sl_simulation *s = plans[c]->simulation;
        if (!s)
            continue;
        set_date(r50, c, s->overall.finish_p50);
        set_date(r80, c, s->overall.finish_p80);
        set(rpa, c, V_SHARE, s->overall.p_allowed, NULL, 1);
        set(rpg, c, V_SHARE, s->overall.p_on_time_given_allowed, NULL, 1);
        set(rp, c, V_SHARE, s->overall.p_on_time, NULL, 1);
    }
    /* the headline saving (expected, its chance and spread), then the
     * plan's figures under the name of what they assume */
    const char *cur = t->currency;
    static const struct {
        const char *name;
        int better;
    } npv_rows[] = {
        {NC_("compare", "NPV status quo"), 0},
        {NC_("compare", "expected NPV saving"), 1},
        {NC_("compare", "P(saving > 0)"), 1},
        {NC_("compare", "NPV saving P10"), 1},
        {NC_("compare", "NPV saving P90"), 1},
        {NC_("compare", "NPV co-location if all gates pass, no move fails"), -1},
        {NC_("compare", "NPV saving if all gates pass, no move fails"), 1},
        {NC_("compare", "payback year if all gates pass, no move fails"), -1},
    };
    for (size_t k = 0; k < SL_ARRAY_LEN(npv_rows); k++) {
        r = new_row(t, npv_rows[k].name, NULL, k == 2 || k == 7 ? NULL : cur,
                    npv_rows[k].better);
        if (r && k == 2)
            r->json_name = "P(saving > 0) (%)";
        for (size_t c = 0; c < n; c++) {
            const sl_costing *co = plans[c]->cost;
            if (!co)
                continue;
            double v = k == 0   ? co->npv_status_quo
                       : k == 1 ? co->npv_saving_mean
                       : k == 2 ? co->p_saving_positive
                       : k == 3 ? co->npv_saving_p10
                       : k == 4 ? co->npv_saving_p90
                       : k == 5 ? co->npv_colocation
                       : k == 6 ? co->npv_saving
                                : (double)co->payback_year;
            set(r, c, k == 7 ? V_YEAR : k == 2 ? V_SHARE : V_MONEY, v, NULL, 0);
        }
    }
}

static void agency_rows(table *t, size_t n, const sl_plan *const *plans, const char *id)
{
    const char *cur = t->currency;
    row *rv = new_row(t, NC_("compare", "verdict"), id, NULL, 0);
    row *ra = new_row(t, NC_("compare", "P(allowed)"), id, "%", 1);
    row *rg = new_row(t, NC_("compare", "P(on time | allowed)"), id, "%", 1);
    row *rt = new_row(t, NC_("compare", "P(on time)"), id, "%", 1);
    row *rf = new_row(t, NC_("compare", "finish P80"), id, NULL, -1);
    row *rc = new_row(t, NC_("compare", "chargeback a year"), id, cur, -1);
    row *re = new_row(t, NC_("compare", "expected NPV saving"), id, cur, 1);
    row *rq = new_row(t, NC_("compare", "P(saving > 0)"), id, "%", 1);
    row *rs = new_row(t, NC_("compare", "NPV saving if all gates pass, no move fails"), id, cur, 1);
    for (size_t c = 0; c < n; c++) {
        const sl_plan *p = plans[c];
        sl_index a = agency_in(p->model, id);
        if (a == SL_NONE)
            continue;
        const sl_verdict *v = sl_plan_verdict(p, a);
        if (v)
            set(rv, c, V_VERDICT, NAN, sl_verdict_name(v->verdict), 0);
        if (v && v->verdict == SL_VERDICT_OUT)
            continue; /* it moves nothing: no figures to compare */
        if (p->simulation) {
            const sl_sim_outcome *o = &p->simulation->per_agency[a];
            set(ra, c, V_SHARE, o->p_allowed, NULL, 1);
            set(rg, c, V_SHARE, o->p_on_time_given_allowed, NULL, 1);
            set(rt, c, V_SHARE, o->p_on_time, NULL, 1);
            set_date(rf, c, o->finish_p80);
        }
        if (p->cost) {
            const sl_agency_cost *ac = &p->cost->per_agency[a];
            set(rc, c, V_MONEY, p->cost->chargeback[a].fee_per_year, NULL, 0);
            if (ac->is_costed) {
                set(re, c, V_MONEY, ac->npv_saving_mean, NULL, 0);
                set(rq, c, V_SHARE, ac->p_saving_positive, NULL, 1);
                set(rs, c, V_MONEY, ac->npv_saving, NULL, 0);
            }
        }
    }
}

static int build(table *t, size_t n, const sl_plan *const *plans)
{
    memset(t, 0, sizeof *t);
    t->n_cols = n;
    t->arena = sl_arena_new();
    if (!t->arena)
        return SL_ENOMEM;
    t->currency = plans[0]->model->currency;
    plan_rows(t, n, plans);
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
            if (!seen)
                agency_rows(t, n, plans, id);
        }
    }
    for (size_t i = 0; i < t->n_rows; i++)
        for (size_t c = 1; c < n; c++)
            t->rows[i]->differs |= cell_differs(t->rows[i], c);
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

/* ---- text --------------------------------------------------------------- */

static int write_compare(FILE *out, size_t n, const sl_plan *const *plans,
                         const char *const *labels, const sl_text_options *o)
{
    sl_text_options dflt = SL_TEXT_OPTIONS_INIT;
    if (!o)
        o = &dflt;
    const sl_lang *l = o->lang;
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
    /* a column per scenario and one for its mark: the first always
     * shown, later ones dropped from the right when the terminal is too
     * narrow */
    size_t n_sc = SL_MIN(n, (size_t)15), n_cols = 1 + 2 * n_sc;
    sl_tt_col cols[31];
    char keys[16][8];
    cols[0] = (sl_tt_col){{"", NULL}, false, 0, 24};
    for (size_t c = 0; c < n_sc; c++) {
        key_of(keys[c], c);
        int rank = c == 0 ? 0 : (int)c + 1;
        cols[1 + 2 * c] = (sl_tt_col){{keys[c], NULL}, true, rank, 0};
        cols[2 + 2 * c] = (sl_tt_col){{"", NULL}, false, rank, 0};
    }
    sl_ttable tt;
    rc = sl_tt_init(&tt, cols, n_cols);
    bool any = false;
    for (size_t i = 0; !rc && i < t.n_rows; i++) {
        const row *r = t.rows[i];
        char name[256], vals[16][96];
        const char *cells[31], *colors[31] = {NULL};
        row_name(name, sizeof name, r, l);
        cells[0] = name;
        for (size_t c = 0; c < n_sc; c++) {
            bool mark = shown_differs(r, c, l, t.currency);
            int good, dir = mark ? direction(r, c, &good) : (good = 0);
            any |= mark;
            cell_text(vals[c], sizeof vals[c], &r->cells[c], l, t.currency);
            cells[1 + 2 * c] = vals[c];
            /* the arrow says which way; with colour, green better, red worse
             * (colour codes as the terminal FILE takes them, core/term.c) */
            cells[2 + 2 * c] = dir > 0   ? "\xE2\x86\x91"
                               : dir < 0 ? "\xE2\x86\x93"
                               : mark    ? "*"
                                         : "";
            colors[1 + 2 * c] = mark ? good > 0   ? SL_TERM_SGR "[32m"
                                       : good < 0 ? SL_TERM_SGR "[31m"
                                                  : SL_TERM_SGR "[1;33m"
                                     : NULL;
        }
        rc = sl_tt_row(&tt, cells, colors);
    }
    if (!rc) {
        fputc('\n', out);
        rc = sl_tt_write(out, &tt, o, 2);
    }
    sl_tt_free(&tt);
    if (!rc && any)
        fprintf(out, "\n  %s\n",
                sl_tr(l, "\xE2\x86\x91 \xE2\x86\x93 * differs from A: higher, lower (a "
                         "verdict: better, worse), changed"));
    table_free(&t);
    return rc ? rc : ferror(out) ? SL_EIO : 0;
}

int sl_write_compare_text_opts(FILE *out, size_t n, const sl_plan *const *plans,
                               const char *const *labels, const sl_text_options *o)
{
    sl_term *t;
    FILE *f = sl_term_open(out, o && o->color, &t);
    return sl_term_close(f, t, f ? write_compare(f, n, plans, labels, o) : 0);
}

int sl_write_compare_text(FILE *out, size_t n, const sl_plan *const *plans,
                          const char *const *labels, bool color)
{
    sl_text_options o = SL_TEXT_OPTIONS_INIT;
    o.color = color;
    return sl_write_compare_text_opts(out, n, plans, labels, &o);
}

/* ---- JSON ---------------------------------------------------------------- */

static int dump_cb(const char *buf, size_t size, void *data)
{
    return fwrite(buf, 1, size, (FILE *)data) == size ? 0 : -1;
}

/* A cell as data: numbers as before (shares in percent), dates and
 * verdicts as their text, missing as null. */
static json_t *cell_json(const cell *ce)
{
    char buf[16];
    switch (ce->kind) {
    case V_MISSING:
        return json_null();
    case V_SHARE:
        return json_real(100 * ce->num);
    case V_NUMBER:
    case V_MONEY:
        return json_real(ce->num);
    case V_YEAR:
        return ce->num > 0 ? json_real(ce->num) : json_string("never");
    case V_DATE:
        if (isnan(ce->num))
            return json_string("never");
        sl_date_format(buf, (sl_date)ce->num);
        return json_string(buf);
    default: /* text, verdicts, yes and no */
        return json_string(ce->text ? ce->text : "-");
    }
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
        const char *metric = r->agency      ? sl_arena_printf(t.arena, "%s %s", r->agency, r->name)
                             : r->json_name ? r->json_name
                                            : r->name;
        ok = o && metric && sl_json_set(o, "metric", json_string(metric)) &&
             sl_json_set(o, "unit", sl_json_str(r->unit)) &&
             sl_json_set(o, "differs", json_boolean(r->differs));
        json_t *vals = ok ? sl_json_add_array(o, "values") : NULL;
        ok = vals != NULL;
        for (size_t c = 0; ok && c < n; c++)
            ok = sl_json_push(vals, cell_json(&r->cells[c]));
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

/* ---- HTML ---------------------------------------------------------------- */

static const char compare_css[] =
    ":root{--ink:#1d2330;--muted:#5d6470;--line:#d9dde3;--bg:#f6f7f9}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--ink)}\n"
    "header{padding:24px 32px 12px;border-bottom:1px solid var(--line);background:var(--bg)}\n"
    "h1{margin:0 0 8px;font-size:24px}main{padding:12px 32px 32px}\n"
    "ul.keys{margin:0;padding-left:18px;color:var(--muted)}ul.keys b{color:var(--ink)}\n"
    ".scroll{overflow-x:auto;max-width:100%}\n"
    "table{border-collapse:collapse;font-size:14px}\n"
    "th,td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:right;"
    "white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    "th{background:var(--bg)}th:first-child,td:first-child{text-align:left;white-space:normal;"
    "min-width:14em}\n"
    "tr.agency td{border-top:2px solid var(--line)}\n"
    "td.differs{font-weight:600}.up,.down{font-size:12px;margin-left:4px}\n"
    "td.better{background:#e6f4ea}td.worse{background:#fdecea}td.changed{background:#fff4d6}\n"
    ".badge{display:inline-block;font-size:13px;padding:1px 8px;border-radius:10px;color:#fff;"
    "background:" SL_COLOR_MUTED "}\n"
    ".v-go{background:" SL_COLOR_GO "}.v-conditional{background:" SL_COLOR_CONDITIONAL "}"
    ".v-no_go{background:" SL_COLOR_NO_GO "}\n"
    "p.note{color:var(--muted);font-size:13px}\n"
    "@media (max-width:600px){header,main{padding-left:12px;padding-right:12px}"
    "th:first-child,td:first-child{min-width:9em}}\n"
    "@media print{.scroll{overflow:visible}tr{break-inside:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* The list of scenarios and the table; with is_page, the page around
 * them (the list in its header), else only the two, for embedding. */
static int write_html(FILE *out, size_t n, const sl_plan *const *plans,
                      const char *const *labels, const sl_lang *l, bool is_page)
{
    table t;
    int rc = build(&t, n, plans);
    if (rc) {
        table_free(&t);
        return rc;
    }
    if (is_page) {
        fprintf(out,
                "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
                sl_lang_code(l));
        sl_html_escape(out, sl_tr(l, "Scenarios side by side"));
        fprintf(out, " - samlok</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>",
                compare_css);
        sl_html_escape(out, sl_tr(l, "Scenarios side by side"));
        fputs("</h1>\n", out);
    }
    fputs("<ul class=\"keys\">\n", out);
    for (size_t c = 0; c < n; c++) {
        char key[8];
        key_of(key, c);
        fprintf(out, "<li><b>%s</b>: ", key);
        sl_html_escape(out, plans[c]->model->name);
        fputs(" <span title=\"", out);
        sl_html_escape(out, labels[c]);
        fputs("\">(", out);
        sl_html_escape(out, labels[c]);
        fputs(")</span></li>\n", out);
    }
    fputs(is_page ? "</ul>\n</header>\n<main>\n" : "</ul>\n", out);
    fputs("<div class=\"scroll\"><table>\n<thead><tr><th>", out);
    sl_html_escape(out, sl_tr(l, "figure"));
    fputs("</th>", out);
    for (size_t c = 0; c < n; c++) {
        char key[8];
        key_of(key, c);
        fprintf(out, "<th>%s</th>", key);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    const char *last_agency = NULL;
    for (size_t i = 0; i < t.n_rows; i++) {
        const row *r = t.rows[i];
        bool new_agency = r->agency && (!last_agency || strcmp(last_agency, r->agency) != 0);
        last_agency = r->agency;
        char name[256];
        row_name(name, sizeof name, r, l);
        fputs(new_agency ? "<tr class=\"agency\"><td>" : "<tr><td>", out);
        sl_html_escape(out, name);
        fputs("</td>", out);
        for (size_t c = 0; c < n; c++) {
            bool mark = shown_differs(r, c, l, t.currency);
            int good, dir = mark ? direction(r, c, &good) : (good = 0);
            char text[96];
            cell_text(text, sizeof text, &r->cells[c], l, t.currency);
            fprintf(out, "<td%s>",
                    !mark       ? ""
                    : good > 0  ? " class=\"differs better\""
                    : good < 0  ? " class=\"differs worse\""
                                : " class=\"differs changed\"");
            if (r->cells[c].kind == V_VERDICT) {
                fprintf(out, "<span class=\"badge v-%s\">", r->cells[c].text);
                sl_html_escape(out, text);
                fputs("</span>", out);
            } else {
                sl_html_escape(out, text);
            }
            if (dir) {
                fprintf(out, "<span class=\"%s\" title=\"", dir > 0 ? "up" : "down");
                bool verdict = r->cells[c].kind == V_VERDICT;
                sl_html_escape(out, verdict ? (dir > 0 ? sl_tr(l, "better than in A")
                                                       : sl_tr(l, "worse than in A"))
                                            : dir > 0 ? sl_tr(l, "higher than in A")
                                                      : sl_tr(l, "lower than in A"));
                fprintf(out, "\">%s</span>", dir > 0 ? "\xE2\x96\xB2" : "\xE2\x96\xBC");
            }
            fputs("</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table></div>\n<p class=\"note\">", out);
    sl_html_escape(out, sl_tr(l, "Each column is a scenario; a marked cell differs from A, the "
                                 "arrow says which way, green where that is better, red where "
                                 "it is worse."));
    fputs(is_page ? "</p>\n</main>\n</body>\n</html>\n" : "</p>\n", out);
    table_free(&t);
    return ferror(out) ? SL_EIO : 0;
}

int sl_write_compare_html_opts(FILE *out, size_t n, const sl_plan *const *plans,
                               const char *const *labels, const sl_text_options *o)
{
    return write_html(out, n, plans, labels, o ? o->lang : NULL, true);
}

int sl_write_compare_html_table(FILE *out, size_t n, const sl_plan *const *plans,
                                const char *const *labels)
{
    return sl_write_compare_html_table_opts(out, n, plans, labels, NULL);
}

int sl_write_compare_html_table_opts(FILE *out, size_t n, const sl_plan *const *plans,
                                     const char *const *labels, const sl_text_options *o)
{
    return write_html(out, n, plans, labels, o ? o->lang : NULL, false);
}

int sl_write_compare_html(FILE *out, size_t n, const sl_plan *const *plans,
                          const char *const *labels)
{
    return sl_write_compare_html_opts(out, n, plans, labels, NULL);
}
