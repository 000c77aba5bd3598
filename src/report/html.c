/* SPDX-License-Identifier: MIT */
/*
 * html.c - the HTML report: one self-contained page for a director
 * general and a steering group, rendered from the plan document, in the
 * language the options give (<html lang>, every word from the catalogue,
 * numbers and money in its conventions).
 *
 * The page holds no script and fetches nothing: its Content-Security-
 * Policy is default-src 'none' with inline styles and data: images only,
 * the charts are inline SVG (html_charts.c, html_risk.c), and every text
 * from the input goes through sl_html_escape. It holds on any screen: down
 * to 390 px the navigation wraps, tables scroll in their own box, and a
 * chart is never drawn smaller than its 7 px text allows (it scrolls in
 * its own box instead); it prints on A4, each section on a new page.
 *
 * The page answers first (html_front.c: each agency's verdict in a
 * sentence and its key figures), then the sections (html_sections.c and
 * the files they call). Every key figure is written as
 *   <span class="v" data-key="PATH" data-format="F" data-value="JSON">text</span>
 * with PATH its place in the plan document and JSON its value there, so a
 * test can check the page against the document. A code of the document
 * (a reason's, a path) is in a tooltip (title=), never the visible text.
 */
#include "report/html_page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"text", "int", "dec1",    "share", "date",
                                         "money", "bool", "num", "verdict", "label"};

/* The label kind of a code under a key (K_LABEL figures). */
static const char *label_kind(const char *path)
{
    const char *leaf = strrchr(path, '.');
    leaf = leaf ? leaf + 1 : path;
    return strcmp(leaf, "disposition") == 0 ? "disposition"
           : strcmp(leaf, "rule") == 0      ? "isolation"
           : strcmp(leaf, "readiness") == 0 ? "readiness"
           : strcmp(leaf, "binds") == 0     ? "binds"
           : strcmp(leaf, "category") == 0  ? "category"
                                            : leaf;
}

bool sl_html_drew(const page *p, int rc)
{
    if (rc < 0 && !*p->err)
        *p->err = rc;
    return rc > 0;
}

static void esc(const page *p, const char *s)
{
    sl_html_escape(p->out, s);
}

/* What a figure the document leaves null shows: a mean or share over
 * the iterations of a case that never happened (P(on time | allowed)
 * when no iteration is allowed, the saving if a gate passes when it never
 * does) is not defined, and the page says so and why, never a blank. */
static const char *null_text(const page *p, const char *path)
{
    if (strstr(path, "if_not_allowed"))
        return sl_tr(p->l, N_("not defined (always allowed)"));
    if (strstr(path, "if_passes"))
        return sl_tr(p->l, N_("not defined (never passes)"));
    if (strstr(path, "if_refused"))
        return sl_tr(p->l, N_("not defined (never refused)"));
    if (strstr(path, "allowed"))
        return sl_tr(p->l, N_("not defined (never allowed)"));
    return sl_tr(p->l, N_("not defined (no iteration)"));
}

/* The text a figure at path shows. */
static void value_text(const page *p, char *buf, size_t len, json_t *v, kind k, const char *path)
{
    double x;
    buf[0] = '\0';
    if (k == K_LABEL) {
        snprintf(buf, len, "%s", sl_label(p->l, label_kind(path), sl_jstr(v) ? sl_jstr(v) : ""));
    } else if (k == K_DATE) {
        snprintf(buf, len, "%s",
                 json_is_null(v) ? sl_tr(p->l, "never") : sl_jstr(v) ? sl_jstr(v) : "");
    } else if (k == K_BOOL) {
        snprintf(buf, len, "%s",
                 json_is_true(v)    ? sl_label(p->l, "bool", "true")
                 : json_is_false(v) ? sl_label(p->l, "bool", "false")
                                    : "");
    } else if (k == K_VERDICT) {
        snprintf(buf, len, "%s", sl_label(p->l, "verdict", sl_jstr(v) ? sl_jstr(v) : "?"));
    } else if (k == K_TEXT) {
        if (sl_jnum(v, &x))
            snprintf(buf, len, "%.12g", x);
        else
            snprintf(buf, len, "%s", sl_jstr(v) ? sl_jstr(v) : "");
    } else if (sl_jnum(v, &x)) {
        if (k == K_MONEY)
            sl_fmt_money(buf, len, p->l, x, p->currency);
        else
            sl_cell_number_text_l(buf, len, p->l, x,
                                  k == K_INT     ? SL_FMT_INT
                                  : k == K_DEC1  ? SL_FMT_DEC1
                                  : k == K_SHARE ? SL_FMT_SHARE
                                                 : SL_FMT_GENERAL);
    } else if (sl_jstr(v)) {
        snprintf(buf, len, "%s", sl_jstr(v));
    } else if (json_is_null(v)) {
        snprintf(buf, len, "%s", null_text(p, path));
    }
}

bool sl_html_fig(const page *p, const char *path, kind k)
{
    json_t *v = sl_jget(p->doc, path);
    if (!v)
        return false;
    char text[256];
    value_text(p, text, sizeof text, v, k, path);
    /* jansson allocates the dump; free() it */
    char *raw = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(12));
    if (!raw)
        *p->err = SL_ENOMEM;
    fprintf(p->out, "<span class=\"v\" data-key=\"");
    esc(p, path);
    fprintf(p->out, "\" data-format=\"%s\" data-value=\"", kind_names[k]);
    esc(p, raw ? raw : "null");
    fputs("\">", p->out);
    /* a text of any length as it is; numbers and dates as formatted */
    esc(p, k == K_TEXT && sl_jstr(v) ? sl_jstr(v) : text);
    fputs("</span>", p->out);
    free(raw);
    return true;
}

bool sl_html_has(const page *p, const char *path)
{
    return sl_jget(p->doc, path) != NULL;
}

const char *sl_html_name(const page *p, const char *what, const char *id)
{
    const char *arr = strcmp(what, "gate") == 0   ? "calendar.gates"
                      : strcmp(what, "site") == 0 ? "scenario.sites"
                                                  : "scenario.agencies";
    return sl_jstr(json_object_get(sl_jfind(sl_jarray(p->doc, arr), "id", id), "name"));
}

const char *sl_html_said(const page *p, json_t *obj)
{
    const char *s = sl_report_say(p->arena, obj, p->l, p->currency, "text");
    return s ? s : "";
}

void sl_html_section_open(const page *p, const char *id, const char *title)
{
    fprintf(p->out, "<section id=\"%s\">\n<h2>", id);
    esc(p, sl_tr(p->l, title));
    fputs("</h2>\n", p->out);
}

void sl_html_section_close(const page *p)
{
    fputs("</section>\n", p->out);
}

void sl_html_lead(const page *p, const char *text)
{
    fputs("<p class=\"lead\">", p->out);
    esc(p, sl_tr(p->l, text));
    fputs("</p>\n", p->out);
}

/* A translated template with its {name}s replaced by their figures. */
static void say_translated(const page *p, const char *t, const fig_arg *args, size_t n)
{
    while (*t) {
        const char *open = strchr(t, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            esc(p, t);
            return;
        }
        sl_html_escape_n(p->out, t, (size_t)(open - t));
        size_t len = (size_t)(close - open - 1);
        bool done = false;
        for (size_t i = 0; i < n && !done; i++)
            if (strlen(args[i].name) == len && strncmp(args[i].name, open + 1, len) == 0)
                done = sl_html_fig(p, args[i].path, args[i].k) || true;
        if (!done)
            sl_html_escape_n(p->out, open, len + 2);
        t = close + 1;
    }
}

void sl_html_say(const page *p, const char *tmpl, const fig_arg *args, size_t n)
{
    say_translated(p, sl_tr(p->l, tmpl), args, n);
}

void sl_html_sayn(const page *p, const char *one, const char *many, unsigned long count,
                  const fig_arg *args, size_t n)
{
    say_translated(p, sl_trn(p->l, one, many, count), args, n);
}

/* ---- tables -------------------------------------------------------------- */

static void cell_html(const page *p, const sl_cell *c, const sl_column *col)
{
    char buf[64];
    switch (c->kind) {
    case SL_CELL_TEXT:
        if (strcmp(col->name, "path") == 0) {
            /* an input path: its plain words, the path itself a tooltip */
            fputs("<td class=\"wrap\" title=\"", p->out);
            esc(p, c->text);
            fputs("\">", p->out);
            const char *label = sl_doc_path_label(p->arena, p->l, p->doc, c->text);
            if (!label && !*p->err)
                *p->err = SL_ENOMEM; /* the page is then not written */
            esc(p, label ? label : c->text);
            fputs("</td>", p->out);
            return;
        }
        /* where a figure was written or is documented: a reference, as written */
        bool is_ref = strcmp(col->name, "file") == 0 || strcmp(col->name, "documented") == 0;
        fputs(is_ref ? "<td class=\"wrap ref\">"
              : col->is_wrapped || sl_text_width(c->text) > 40 ? "<td class=\"wrap\">"
                                                               : "<td>",
              p->out);
        for (const char *s = c->text, *nl; s; s = nl ? nl + 1 : NULL) {
            nl = strchr(s, '\n');
            sl_html_escape_n(p->out, s, nl ? (size_t)(nl - s) : strlen(s));
            if (nl)
                fputs("<br>", p->out);
        }
        fputs("</td>", p->out);
        return;
    case SL_CELL_NUMBER:
        sl_cell_number_text_l(buf, sizeof buf, p->l, c->num, c->fmt ? c->fmt : col->fmt);
        fprintf(p->out, "<td class=\"num\">%s</td>", buf);
        return;
    case SL_CELL_DATE:
    case SL_CELL_DATETIME: {
        sl_date d = (sl_date)floor(c->num);
        sl_date_format(buf, d);
        if (c->kind == SL_CELL_DATETIME) {
            long m = lround((c->num - d) * 1440.0);
            fprintf(p->out, "<td class=\"date\">%s %02ld:%02ld</td>", buf, m / 60, m % 60);
        } else {
            fprintf(p->out, "<td class=\"date\">%s</td>", buf);
        }
        return;
    }
    case SL_CELL_BOOL:
        fputs("<td>", p->out);
        esc(p, sl_label(p->l, "bool", c->num != 0 ? "true" : "false"));
        fputs("</td>", p->out);
        return;
    case SL_CELL_EMPTY:
    default:
        fputs("<td></td>", p->out);
    }
}

void sl_html_table(const page *p, const sl_table *t, const char *const *cols, size_t max_rows)
{
    if (!t)
        return;
    size_t idx[64], n = 0;
    for (size_t c = 0; c < t->n_cols && n < 64; c++) {
        bool want = !cols;
        for (size_t k = 0; cols && cols[k] && !want; k++)
            want = strcmp(cols[k], t->cols[c].name) == 0;
        if (want)
            idx[n++] = c;
    }
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", p->out);
    for (size_t k = 0; k < n; k++) {
        const sl_column *col = &t->cols[idx[k]];
        fputs("<th title=\"", p->out);
        esc(p, col->name);
        fputs("\">", p->out);
        esc(p, col->label ? col->label : col->name);
        if (col->unit) {
            fputs(" (", p->out);
            esc(p, col->unit);
            fputc(')', p->out);
        }
        fputs("</th>", p->out);
    }
    fputs("</tr></thead>\n<tbody>\n", p->out);
    for (size_t r = 0; r < t->n_rows && r < max_rows; r++) {
        fputs("<tr>", p->out);
        for (size_t k = 0; k < n; k++)
            cell_html(p, &t->cells[r * t->n_cols + idx[k]], &t->cols[idx[k]]);
        fputs("</tr>\n", p->out);
    }
    fputs("</tbody></table></div>\n", p->out);
    if (t->n_rows > max_rows) {
        fputs("<p class=\"note\">", p->out);
        char note[256];
        sl_saysn(note, sizeof note, p->l, t->n_rows - max_rows,
                 "%zu more row: the workbook and the CSV files have them all.",
                 "%zu more rows: the workbook and the CSV files have them all.",
                 t->n_rows - max_rows);
        esc(p, note);
        fputs("</p>\n", p->out);
    }
}

void sl_html_figures_table(const page *p, const char *arr_path, const fcol *cols, size_t n_cols)
{
    json_t *arr = sl_jarray(p->doc, arr_path);
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", p->out);
    for (size_t c = 0; c < n_cols; c++) {
        fputs("<th>", p->out);
        esc(p, sl_trc(p->l, "column", cols[c].header));
        fputs("</th>", p->out);
    }
    fputs("</tr></thead>\n<tbody>\n", p->out);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        fputs("<tr>", p->out);
        for (size_t c = 0; c < n_cols; c++) {
            char path[256];
            snprintf(path, sizeof path, "%s.%zu.%s", arr_path, i, cols[c].key);
            bool is_num = cols[c].k != K_TEXT && cols[c].k != K_DATE && cols[c].k != K_VERDICT &&
                          cols[c].k != K_BOOL && cols[c].k != K_LABEL;
            fputs(is_num ? "<td class=\"num\">" : "<td>", p->out);
            sl_html_fig(p, path, cols[c].k);
            fputs("</td>", p->out);
        }
        fputs("</tr>\n", p->out);
    }
    fputs("</tbody></table></div>\n", p->out);
}

void sl_html_tile(const page *p, const char *label, const char *path, kind k, const char *sub_key,
                  kind sub_kind, const char *sub_label)
{
    if (!sl_html_has(p, path))
        return;
    fputs("<div class=\"tile\"><div class=\"label\">", p->out);
    esc(p, sl_tr(p->l, label));
    fputs("</div><div class=\"big\">", p->out);
    sl_html_fig(p, path, k);
    fputs("</div>", p->out);
    if (sub_key && sl_html_has(p, sub_key)) {
        fputs("<div class=\"sub\">", p->out);
        esc(p, sl_tr(p->l, sub_label));
        fputc(' ', p->out);
        sl_html_fig(p, sub_key, sub_kind);
        fputs("</div>", p->out);
    }
    fputs("</div>\n", p->out);
}

/* ---- the page ------------------------------------------------------------------ */

/* Charts keep a natural width of 960 user units and are drawn no
 * narrower than 640 px, where their smallest text (11 units) is still
 * 7.3 px; a narrower screen scrolls the chart in its box instead of
 * shrinking it. */
static const char css[] =
    ":root{--ink:#1d2330;--muted:#5d6470;--line:#d9dde3;--bg:#f6f7f9;--go:#2e7d32;"
    "--cond:#b26a00;--nogo:#c62828}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--ink);"
    "background:#fff;overflow-wrap:break-word}\n"
    "header{padding:28px 40px 12px;border-bottom:1px solid var(--line);background:var(--bg)}\n"
    "h1{margin:0 0 4px;font-size:26px}h2{font-size:21px;margin:0 0 10px}"
    "h3{font-size:16px;margin:18px 0 8px}h4{margin:10px 0 4px;font-size:14px}\n"
    ".meta{color:var(--muted);margin:0}.missing{color:var(--muted);font-size:13px}\n"
    ".description{margin:6px 0 0;max-width:60em}\n"
    "nav{margin-top:12px;font-size:13px;display:flex;flex-wrap:wrap;gap:4px 14px}"
    "nav a{color:#0b5cad}\n"
    "main{padding:8px 40px 40px;max-width:1100px}\n"
    "section{padding-top:22px;border-bottom:1px solid var(--line);padding-bottom:18px;"
    "min-width:0}\n"
    ".lead{color:var(--muted);margin:0 0 10px}.note{color:var(--muted);font-size:13px}\n"
    ".tiles{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0 14px}\n"
    ".tile{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:170px;"
    "flex:1 1 170px;max-width:100%;background:#fff}\n"
    ".tile .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}"
    "\n.tile .big{font-size:22px;font-weight:600}.tile .sub{font-size:12px;color:var(--muted)}\n"
    ".answers{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,320px),1fr));"
    "gap:12px}\n"
    ".answer{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;"
    "padding:10px 14px;min-width:0}\n"
    ".answer p{margin:4px 0}.answer dl{display:grid;grid-template-columns:auto auto;"
    "gap:2px 12px;margin:8px 0 0;font-size:14px}.answer dt{color:var(--muted)}"
    ".answer dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}\n"
    ".verdicts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,300px),1fr));"
    "gap:12px}\n"
    ".verdict{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;"
    "padding:10px 14px;min-width:0}\n"
    ".verdict h3,.answer h3{margin:0;font-size:18px}.verdict .name,.answer .name{margin:0;"
    "color:var(--muted)}\n"
    ".badge{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff;background:var(--muted);"
    "vertical-align:middle;display:inline-block}\n"
    ".v-go{border-left-color:var(--go)}.v-go .badge{background:var(--go)}\n"
    ".v-conditional{border-left-color:var(--cond)}.v-conditional .badge{background:var(--cond)}\n"
    ".v-no-go{border-left-color:var(--nogo)}.v-no-go .badge{background:var(--nogo)}\n"
    "ul.reasons,ul.conditions,ul.drivers,ul.levers,ul.still{margin:6px 0 0;padding-left:18px}\n"
    "code{font-size:12px;background:var(--bg);padding:0 3px;border-radius:3px;"
    "overflow-wrap:anywhere}\n"
    ".scroll{overflow-x:auto;max-width:100%}\n"
    "table{border-collapse:collapse;font-size:13px;margin:6px 0 10px}\n"
    "th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;"
    "white-space:nowrap}td.wrap{white-space:normal;min-width:260px}\n"
    "th{background:var(--bg);font-weight:600}td.num{text-align:right;"
    "font-variant-numeric:tabular-nums;white-space:nowrap}td.date{white-space:nowrap}\n"
    "tr.total td{font-weight:600}\n"
    "figure.chart{margin:10px 0 16px;overflow-x:auto;max-width:100%}"
    "figure.chart svg{width:100%;min-width:640px;height:auto;display:block}\n"
    "figcaption{font-size:13px;color:var(--muted);margin-top:4px;max-width:60em}\n"
    "svg .tick{fill:#5d6470;font-size:11px}svg .label{fill:#1d2330;font-size:12px}\n"
    "svg .note{fill:#1d2330;font-size:11px}svg .count{fill:#1d2330;font-size:18px;"
    "font-weight:600}\n"
    "footer{padding:16px 40px;color:var(--muted);font-size:12px}\n"
    "@media (max-width:700px){header,main,footer{padding-left:14px;padding-right:14px}"
    "h1{font-size:22px}td.wrap{min-width:200px}.tile{min-width:140px;flex-basis:140px}}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{font-size:10pt}header,main,footer{padding-left:0;padding-right:0}"
    "main{max-width:none}nav{display:none}section{break-before:page;border:0}"
    "section:first-of-type{break-before:auto}figure,.tile,.verdict,.answer,tr{break-inside:avoid}"
    "h2,h3{break-after:avoid}thead{display:table-header-group}"
    ".scroll,figure.chart{overflow:visible}figure.chart svg{min-width:0}table{font-size:8pt}"
    "td.wrap{min-width:0}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static const char csp[] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                          "base-uri 'none'; form-action 'none'";

typedef struct toc_entry {
    const char *id, *title, *key;
} toc_entry;

static const toc_entry toc[] = {
    {"answer", N_("The answer"), "verdicts"},
    {"verdicts", N_("Verdicts"), "verdicts"},
    {"decision", N_("Decision"), "cost.per_agency"},
    {"figures", N_("Key figures"), "scenario"},
    {"schedule", N_("Schedule"), "schedule"},
    {"accounting", N_("Accounted for"), "accounting"},
    {"montecarlo", N_("Monte Carlo"), "simulation"},
    {"tornado", N_("Drivers"), "simulation.tornado.inputs.0"},
    {"capacity", N_("Capacity"), "schedule.windows"},
    {"cost", N_("Cost"), "cost"},
    {"readiness", N_("Readiness"), "assessment"},
    {"placement", N_("Placement"), "placement"},
    {"isolation", N_("Isolation"), "isolation.price.0"},
    {"cutflows", N_("Cut flows"), "grouping.cut_flows.0"},
    {"risks", N_("Risks"), "risks"},
    {"assumptions", N_("Assumptions"), "assumptions"},
};

static void head(const page *p)
{
    const char *name = sl_jstr(sl_jget(p->doc, "scenario.name"));
    const char *untitled = sl_tr(p->l, "samlok plan");
    fprintf(p->out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"samlok " SAMLOK_VERSION "\">\n<title>",
            sl_lang_code(p->l), csp);
    esc(p, name ? name : untitled);
    fputs(" - ", p->out);
    esc(p, untitled);
    fprintf(p->out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    fputs("<header>\n<h1>", p->out);
    esc(p, name ? name : untitled);
    fputs("</h1>\n", p->out);
    const char *description = sl_jstr(sl_jget(p->doc, "scenario.description"));
    if (description) {
        fputs("<p class=\"description\">", p->out);
        esc(p, description);
        fputs("</p>\n", p->out);
    }
    fputs("<p class=\"meta\">", p->out);
    static const fig_arg dates[] = {{"start", "scenario.start", K_DATE},
                                    {"deadline", "scenario.deadline", K_DATE},
                                    {"file", "scenario.file", K_TEXT},
                                    {"iterations", "simulation.iterations", K_INT},
                                    {"seed", "simulation.seed", K_TEXT}};
    if (sl_html_has(p, "simulation"))
        sl_html_sayn(p,
                     "Start {start}, deadline {deadline}; scenario file {file}; Monte Carlo with "
                     "{iterations} iteration, seed {seed}.",
                     "Start {start}, deadline {deadline}; scenario file {file}; Monte Carlo with "
                     "{iterations} iterations, seed {seed}.",
                     (unsigned long)sl_jnum_or(sl_jget(p->doc, "simulation.iterations"), 0), dates,
                     SL_ARRAY_LEN(dates));
    else
        sl_html_say(p, N_("Start {start}, deadline {deadline}; scenario file {file}."), dates,
                    SL_ARRAY_LEN(dates));
    fputc(' ', p->out);
    char written[64];
    sl_says(written, sizeof written, p->l, "Written by samlok %s.", SAMLOK_VERSION);
    esc(p, written);
    fputs("</p>\n", p->out);
    static const char *const later[] = {"verdicts", "cost", "risks"};
    static const char *const later_words[] = {N_("verdicts"), N_("cost"), N_("risks")};
    bool any = false;
    for (size_t i = 0; i < SL_ARRAY_LEN(later); i++)
        if (!sl_html_has(p, later[i])) {
            if (!any) {
                fputs("<p class=\"missing\">", p->out);
                esc(p, sl_tr(p->l, "Not in this plan:"));
                fputc(' ', p->out);
            } else {
                fputs(", ", p->out);
            }
            esc(p, sl_tr(p->l, later_words[i]));
            any = true;
        }
    if (any) {
        fputs(". ", p->out);
        esc(p, sl_tr(p->l, "Those parts of the report are left out."));
        fputs("</p>\n", p->out);
    }
    fputs("<nav>", p->out);
    for (size_t i = 0; i < SL_ARRAY_LEN(toc); i++)
        if (sl_html_has(p, toc[i].key)) {
            fprintf(p->out, "<a href=\"#%s\">", toc[i].id);
            esc(p, sl_tr(p->l, toc[i].title));
            fputs("</a>", p->out);
        }
    fputs("</nav>\n</header>\n<main>\n", p->out);
}

/* The top of the page: what a steering group reads first, and what an
 * interactive front end shows as its figures change. */
static void front_sections(const page *p)
{
    sl_html_verdicts(p);
    sl_html_decision_section(p);
    sl_html_figures(p);
    sl_html_schedule(p);
    sl_html_accounting(p);
    sl_html_simulation(p);
}

const char *sl_report_html_style(void)
{
    return css;
}

int sl_html_write_front(FILE *out, json_t *doc, const sl_lang *l)
{
    int err = 0;
    page p = {out, doc, sl_jstr(sl_jget(doc, "scenario.currency")), NULL, &err, l,
              sl_arena_new()};
    if (!p.arena)
        return SL_ENOMEM;
    int rc = sl_report_tables_human(&p.tables, doc, p.l);
    if (rc) {
        sl_arena_free(p.arena);
        return rc;
    }
    fputs("<div class=\"front\">\n", out);
    front_sections(&p);
    sl_html_cost(&p);
    fputs("</div>\n", out);
    sl_tables_free(p.tables);
    sl_arena_free(p.arena);
    if (err)
        return err;
    return ferror(out) ? SL_EIO : 0;
}

int sl_html_write_opts(FILE *out, json_t *doc, const sl_report_options *o)
{
    int err = 0;
    page p = {out, doc, sl_jstr(sl_jget(doc, "scenario.currency")), NULL, &err,
              o ? o->lang : NULL, sl_arena_new()};
    if (!p.arena)
        return SL_ENOMEM;
    int rc = sl_report_tables_human(&p.tables, doc, p.l);
    if (rc) {
        sl_arena_free(p.arena);
        return rc;
    }
    head(&p);
    sl_html_front(&p);
    front_sections(&p);
    sl_html_capacity(&p);
    sl_html_cost(&p);
    sl_html_readiness(&p);
    sl_html_placement(&p);
    sl_html_isolation(&p);
    sl_html_cut_flows(&p);
    sl_html_risks(&p);
    sl_html_assumptions(&p);
    fputs("</main>\n<footer>", out);
    esc(&p, sl_tr(p.l, "Every figure on this page is a figure of the plan document (samlok plan "
                       "--json); the workbook and the CSV files hold the same tables in full."));
    fputs("</footer>\n</body>\n</html>\n", out);
    sl_tables_free(p.tables);
    sl_arena_free(p.arena);
    if (err)
        return err;
    return ferror(out) ? SL_EIO : 0;
}

int sl_html_write(FILE *out, json_t *doc)
{
    return sl_html_write_opts(out, doc, NULL);
}

/* ---- for the sections in other files (html_page.h) ------------------------- */

void sl_html_sentence(const page *p, const piece *pieces, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputs(pieces[i].text, p->out);
        if (pieces[i].path)
            sl_html_fig(p, pieces[i].path, pieces[i].k);
    }
}

void sl_html_text(const page *p, const char *s)
{
    esc(p, s);
}

void sl_html_tr(const page *p, const char *msgid)
{
    esc(p, sl_tr(p->l, msgid));
}
