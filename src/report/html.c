/* SPDX-License-Identifier: MIT */
/*
 * html.c - the HTML report: one self-contained page for a director
 * general and a steering group, rendered from the plan document.
 *
 * The page holds no script and fetches nothing: its Content-Security-
 * Policy is default-src 'none' with inline styles and data: images only,
 * the charts are inline SVG (html_charts.c, html_risk.c), and every text
 * from the input goes through sl_html_escape. It prints: each section
 * starts a page, charts and rows do not break.
 *
 * Sections, each only when the document has its keys: verdicts, key
 * figures, schedule (Gantt), every workload accounted for
 * (html_account.c), Monte Carlo (finish, cost), tornado, capacity
 * at the target, cost over the horizon, readiness, placement, risks (heat
 * map and register), assumption log. Every key figure is written as
 *   <span class="v" data-key="PATH" data-format="F" data-value="JSON">text</span>
 * with PATH its place in the plan document and JSON its value there, so a
 * test can check the page against the document.
 */
#include "report/html_page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"text",  "int",  "dec1", "share",  "date",
                                         "money", "bool", "num",  "verdict"};

/* Notes a chart's result; true when it drew. */
static bool drew(const page *p, int rc)
{
    if (rc < 0 && !*p->err)
        *p->err = rc;
    return rc > 0;
}

static void esc(const page *p, const char *s)
{
    sl_html_escape(p->out, s);
}

static const char *verdict_label(const char *v)
{
    if (!v)
        return "?";
    if (strcmp(v, "go") == 0)
        return "Go";
    if (strcmp(v, "conditional") == 0)
        return "Conditional";
    if (strcmp(v, "no_go") == 0)
        return "No go";
    if (strcmp(v, "out") == 0)
        return "Stays out";
    return v;
}

/* What a figure the document leaves null shows: a mean or share over
 * the iterations of a case that never happened (P(on time | allowed)
 * when no iteration is allowed, the saving if a gate passes when it never
 * does) is not defined, and the page says so and why, never a blank. */
static const char *null_text(const char *path)
{
    if (strstr(path, "if_not_allowed"))
        return "not defined (always allowed)";
    if (strstr(path, "if_passes"))
        return "not defined (never passes)";
    if (strstr(path, "if_refused"))
        return "not defined (never refused)";
    if (strstr(path, "allowed"))
        return "not defined (never allowed)";
    return "not defined (no iteration)";
}

/* The text a figure at path shows. */
static void value_text(const page *p, char *buf, size_t len, const char *path, json_t *v, kind k)
{
    double x;
    buf[0] = '\0';
    if (k == K_DATE) {
        snprintf(buf, len, "%s", json_is_null(v) ? "never" : sl_jstr(v) ? sl_jstr(v) : "");
    } else if (k == K_BOOL) {
        snprintf(buf, len, "%s", json_is_true(v) ? "yes" : json_is_false(v) ? "no" : "");
    } else if (k == K_VERDICT) {
        snprintf(buf, len, "%s", verdict_label(sl_jstr(v)));
    } else if (k == K_TEXT) {
        if (sl_jnum(v, &x))
            snprintf(buf, len, "%.12g", x);
        else
            snprintf(buf, len, "%s", sl_jstr(v) ? sl_jstr(v) : "");
    } else if (sl_jnum(v, &x)) {
        if (k == K_MONEY)
            sl_money_text(buf, len, x, p->currency);
        else
            sl_cell_number_text(buf, len, x,
                                k == K_INT    ? SL_FMT_INT
                                : k == K_DEC1 ? SL_FMT_DEC1
                                : k == K_SHARE ? SL_FMT_SHARE
                                               : SL_FMT_GENERAL);
    } else if (sl_jstr(v)) {
        snprintf(buf, len, "%s", sl_jstr(v));
    } else if (json_is_null(v)) {
        snprintf(buf, len, "%s", null_text(path));
    }
}

/* A figure of the document at path, tagged for the tests; false (nothing
 * written) when the key is absent. */
bool sl_html_fig(const page *p, const char *path, kind k)
{
    json_t *v = sl_jget(p->doc, path);
    if (!v)
        return false;
    char text[128];
    value_text(p, text, sizeof text, path, v, k);
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
    esc(p, (k == K_TEXT || k == K_DATE) && sl_jstr(v) ? sl_jstr(v) : text);
    fputs("</span>", p->out);
    free(raw);
    return true;
}

bool sl_html_has(const page *p, const char *path)
{
    return sl_jget(p->doc, path) != NULL;
}

static const char *agency_name(const page *p, const char *id)
{
    json_t *a = sl_jfind(sl_jarray(p->doc, "scenario.agencies"), "id", id);
    return sl_jstr(json_object_get(a, "name"));
}

void sl_html_section_open(const page *p, const char *id, const char *title)
{
    fprintf(p->out, "<section id=\"%s\">\n<h2>", id);
    esc(p, title);
    fputs("</h2>\n", p->out);
}

void sl_html_section_close(const page *p)
{
    fputs("</section>\n", p->out);
}

void sl_html_lead(const page *p, const char *text)
{
    fputs("<p class=\"lead\">", p->out);
    esc(p, text);
    fputs("</p>\n", p->out);
}

/* ---- tables -------------------------------------------------------------- */

static void cell_html(const page *p, const sl_cell *c, const sl_column *col)
{
    char buf[64];
    switch (c->kind) {
    case SL_CELL_TEXT:
        fputs(col->is_wrapped || strlen(c->text) > 40 ? "<td class=\"wrap\">" : "<td>", p->out);
        for (const char *s = c->text, *nl; s; s = nl ? nl + 1 : NULL) {
            nl = strchr(s, '\n');
            sl_html_escape_n(p->out, s, nl ? (size_t)(nl - s) : strlen(s));
            if (nl)
                fputs("<br>", p->out);
        }
        fputs("</td>", p->out);
        return;
    case SL_CELL_NUMBER:
        sl_cell_number_text(buf, sizeof buf, c->num, c->fmt ? c->fmt : col->fmt);
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
        fprintf(p->out, "<td>%s</td>", c->num != 0 ? "yes" : "no");
        return;
    case SL_CELL_EMPTY:
    default:
        fputs("<td></td>", p->out);
    }
}

static void header_text(const page *p, const char *name)
{
    for (const char *s = name; *s; s++) {
        char c[2] = {*s == '_' ? ' ' : *s, '\0'};
        esc(p, c);
    }
}

/* An sl_table (only the named columns, when cols is given), at most
 * max_rows rows. */
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
        fputs("<th>", p->out);
        header_text(p, t->cols[idx[k]].name);
        if (t->cols[idx[k]].unit) {
            fputs(" (", p->out);
            esc(p, t->cols[idx[k]].unit);
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
    if (t->n_rows > max_rows)
        fprintf(p->out,
                "<p class=\"note\">%zu more rows: the workbook and the CSV files have them "
                "all.</p>\n",
                t->n_rows - max_rows);
}

/* A table over an array of the document, every cell a tagged figure. */
void sl_html_figures_table(const page *p, const char *arr_path, const fcol *cols, size_t n_cols)
{
    json_t *arr = sl_jarray(p->doc, arr_path);
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", p->out);
    for (size_t c = 0; c < n_cols; c++) {
        fprintf(p->out, "<th>");
        header_text(p, cols[c].header);
        fputs("</th>", p->out);
    }
    fputs("</tr></thead>\n<tbody>\n", p->out);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        fputs("<tr>", p->out);
        for (size_t c = 0; c < n_cols; c++) {
            char path[256];
            snprintf(path, sizeof path, "%s.%zu.%s", arr_path, i, cols[c].key);
            bool is_num = cols[c].k != K_TEXT && cols[c].k != K_DATE && cols[c].k != K_VERDICT;
            fputs(is_num ? "<td class=\"num\">" : "<td>", p->out);
            sl_html_fig(p, path, cols[c].k);
            fputs("</td>", p->out);
        }
        fputs("</tr>\n", p->out);
    }
    fputs("</tbody></table></div>\n", p->out);
}

/* The scalar keys of an array's objects as figure columns (order first). */
static size_t scalar_columns(json_t *arr, const char *const *order, fcol *cols, size_t cap)
{
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < json_array_size(arr); i++) {
            const char *k;
            json_t *v;
            json_object_foreach(json_array_get(arr, i), k, v)
            {
                bool first = false;
                for (size_t o = 0; order && order[o]; o++)
                    first = first || strcmp(order[o], k) == 0;
                if ((pass == 0) != first || json_is_object(v) || json_is_array(v) || n == cap)
                    continue;
                bool seen = false;
                for (size_t c = 0; c < n && !seen; c++)
                    seen = strcmp(cols[c].key, k) == 0;
                if (seen)
                    continue;
                double x;
                kind kd = K_TEXT;
                if (json_is_boolean(v))
                    kd = K_BOOL;
                else if (sl_jnum(v, &x)) {
                    sl_num_fmt f = sl_report_key_fmt(k, x == floor(x));
                    kd = f == SL_FMT_SHARE ? K_SHARE : f == SL_FMT_MONEY ? K_MONEY
                         : f == SL_FMT_INT ? K_INT : K_NUM;
                } else if (sl_report_is_date_key(k))
                    kd = K_DATE;
                cols[n++] = (fcol){k, k, kd};
            }
        }
    return n;
}

/* ---- sections --------------------------------------------------------------- */

static void list_items(const page *p, json_t *arr, const char *cls)
{
    if (!json_array_size(arr))
        return;
    fprintf(p->out, "<ul class=\"%s\">\n", cls);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        const char *code = sl_jstr(json_object_get(v, "code"));
        const char *text = sl_jstr(v) ? sl_jstr(v) : sl_jstr(json_object_get(v, "text"));
        fputs("<li>", p->out);
        if (code) {
            fputs("<code>", p->out);
            esc(p, code);
            fputs("</code> ", p->out);
        }
        esc(p, text ? text : "");
        fputs("</li>\n", p->out);
    }
    fputs("</ul>\n", p->out);
}

/* The agency's own tornado entry in simulation.per_agency, or NULL. */
static json_t *agency_sim(const page *p, const char *agency)
{
    json_t *all = sl_jarray(p->doc, "simulation.per_agency");
    for (size_t i = 0; agency && i < json_array_size(all); i++) {
        json_t *a = json_array_get(all, i);
        const char *id = sl_jstr(json_object_get(a, "agency"));
        if (id && strcmp(id, agency) == 0)
            return a;
    }
    return NULL;
}

/* The top of the agency's own tornado (what explain shows): the inputs
 * that move its finish most, low decile to high, by its measure. */
static void agency_drivers(const page *p, const char *agency)
{
    json_t *a = agency_sim(p, agency);
    json_t *inputs = json_object_get(json_object_get(a, "tornado"), "inputs");
    size_t n = SL_MIN(json_array_size(inputs), (size_t)3);
    if (!n)
        return;
    int measure = sl_tornado_measure_of(sl_jstr(json_object_get(a, "tornado_measure")));
    static const char *const heads[] = {"What moves its P(on time) most",
                                        "What moves its P80 finish most",
                                        "What its finish follows most"};
    fprintf(p->out, "<h4>%s</h4>\n<ul class=\"drivers\">\n", heads[measure]);
    for (size_t i = 0; i < n; i++) {
        json_t *b = json_array_get(inputs, i);
        char lo[32], hi[32], text[96];
        if (measure == 0) {
            snprintf(text, sizeof text, "P(on time) %.1f %% to %.1f %%",
                     100 * sl_jnum_or(json_object_get(b, "p_on_time_low"), NAN),
                     100 * sl_jnum_or(json_object_get(b, "p_on_time_high"), NAN));
        } else if (measure == 1) {
            sl_finish_label(lo, sizeof lo, p->doc,
                            sl_jnum_or(json_object_get(b, "finish_p80_low_days"), INFINITY));
            sl_finish_label(hi, sizeof hi, p->doc,
                            sl_jnum_or(json_object_get(b, "finish_p80_high_days"), INFINITY));
            snprintf(text, sizeof text, "P80 finish %s to %s", lo, hi);
        } else {
            snprintf(text, sizeof text, "rank correlation %+.2f",
                     sl_jnum_or(json_object_get(b, "spearman_finish"), NAN));
        }
        fputs("<li><code>", p->out);
        esc(p, sl_jstr(json_object_get(b, "input")));
        fputs("</code>: ", p->out);
        esc(p, text);
        fputs("</li>\n", p->out);
    }
    fputs("</ul>\n", p->out);
}

static void verdicts_section(const page *p)
{
    json_t *vs = sl_jarray(p->doc, "verdicts");
    if (!vs)
        return;
    sl_html_section_open(p, "verdicts", "Verdict per agency");
    sl_html_lead(p, "Whether each agency should join, the reasons that decided it, and what moves its "
            "finish most in the Monte Carlo (low decile of the input to high; for a gate: "
            "refused to passed).");
    fputs("<div class=\"verdicts\">\n", p->out);
    for (size_t i = 0; i < json_array_size(vs); i++) {
        json_t *v = json_array_get(vs, i);
        const char *ag = sl_jstr(json_object_get(v, "agency"));
        const char *verdict = sl_jstr(json_object_get(v, "verdict"));
        const char *cls = !verdict                              ? "v-unknown"
                          : strcmp(verdict, "go") == 0          ? "v-go"
                          : strcmp(verdict, "conditional") == 0 ? "v-conditional"
                          : strcmp(verdict, "no_go") == 0       ? "v-no-go"
                          : strcmp(verdict, "out") == 0         ? "v-out"
                                                                : "v-unknown";
        fprintf(p->out, "<article class=\"verdict %s\">\n<h3>", cls);
        esc(p, ag ? ag : "?");
        fputs(" <span class=\"badge\">", p->out);
        char path[64];
        snprintf(path, sizeof path, "verdicts.%zu.verdict", i);
        sl_html_fig(p, path, K_VERDICT);
        fputs("</span></h3>\n", p->out);
        const char *name = agency_name(p, ag);
        if (name) {
            fputs("<p class=\"name\">", p->out);
            esc(p, name);
            fputs("</p>\n", p->out);
        }
        list_items(p, json_object_get(v, "reasons"), "reasons");
        json_t *conds = json_object_get(v, "conditions");
        if (json_array_size(conds)) {
            fputs("<h4>Conditions</h4>\n", p->out);
            list_items(p, conds, "conditions");
        }
        sl_html_to_go(p, v, i);
        agency_drivers(p, ag);
        fputs("</article>\n", p->out);
    }
    fputs("</div>\n", p->out);
    sl_html_section_close(p);
}

static void tile(const page *p, const char *label, const char *path, kind k, const char *sub_key,
                 kind sub_kind, const char *sub_label)
{
    if (!sl_html_has(p, path))
        return;
    fputs("<div class=\"tile\"><div class=\"label\">", p->out);
    esc(p, label);
    fputs("</div><div class=\"big\">", p->out);
    sl_html_fig(p, path, k);
    fputs("</div>", p->out);
    if (sub_key && sl_html_has(p, sub_key)) {
        fputs("<div class=\"sub\">", p->out);
        esc(p, sub_label);
        fputc(' ', p->out);
        sl_html_fig(p, sub_key, sub_kind);
        fputs("</div>", p->out);
    }
    fputs("</div>\n", p->out);
}

static void figures_section(const page *p)
{
    sl_html_section_open(p, "figures", "Key figures");
    fputs("<div class=\"tiles\">\n", p->out);
    tile(p, "Hosts at the target", "placement.hosts_total", K_INT, "placement.lower_bound_total",
         K_INT, "lower bound");
    tile(p, "Racks", "placement.racks", K_INT, "placement.site.racks.free", K_DEC1, "free at the site");
    tile(p, "Power at the target, kW", "placement.kw", K_DEC1, "placement.site.kw.free", K_DEC1,
         "free at the site");
    tile(p, "Planned finish (likely values, no failed moves)", "schedule.finish", K_DATE,
         "scenario.deadline", K_DATE, "deadline");
    tile(p, "Finish P50 if every gate passes", "simulation.if_gates_pass.finish_p50", K_DATE,
         "simulation.if_gates_pass.finish_p80", K_DATE, "P80");
    tile(p, "Finish P50", "simulation.finish_p50", K_DATE, "scenario.deadline", K_DATE,
         "deadline");
    tile(p, "Finish P80", "simulation.finish_p80", K_DATE, "scenario.deadline", K_DATE,
         "deadline");
    tile(p, "P(on time)", "simulation.p_on_time", K_SHARE, "simulation.iterations", K_INT,
         "iterations");
    tile(p, "Migration cost P50", "simulation.cost_p50", K_MONEY, "simulation.cost_p90", K_MONEY,
         "P90");
    tile(p, "NPV status quo", "cost.npv_status_quo", K_MONEY, NULL, K_TEXT, NULL);
    tile(p, "Expected NPV saving", "cost.monte_carlo.npv_saving_mean", K_MONEY,
         "cost.monte_carlo.p_saving_positive", K_SHARE, "P(saving > 0)");
    tile(p, "NPV co-location if every gate passes and no move fails", "cost.npv_colocation",
         K_MONEY, "cost.payback_year", K_INT, "payback year");
    json_t *cb = sl_jarray(p->doc, "cost.chargeback.agencies");
    for (size_t i = 0; i < json_array_size(cb); i++) {
        json_t *row = json_array_get(cb, i);
        const char *key = sl_report_chargeback_key(row);
        const char *ag = sl_jstr(json_object_get(row, "agency"));
        if (!key || !ag)
            continue;
        char label[160], path[128], share[128];
        snprintf(label, sizeof label, "Chargeback %s per year", ag);
        snprintf(path, sizeof path, "cost.chargeback.agencies.%zu.%s", i, key);
        snprintf(share, sizeof share, "cost.chargeback.agencies.%zu.share", i);
        tile(p, label, path, K_MONEY, share, K_SHARE, "share");
    }
    fputs("</div>\n", p->out);
    sl_html_section_close(p);
}

static void schedule_section(const page *p)
{
    if (!sl_html_has(p, "schedule"))
        return;
    sl_html_section_open(p, "schedule", "Schedule");
    sl_html_lead(p, "Which agency moves when, as planned with the likely value of every input, each "
            "gate passing at its likely date and no move failing: a plan, not a forecast. Next "
            "to each planned finish stands the Monte Carlo's finish when every gate holding the "
            "agency's moves passes.");
    drew(p, sl_chart_gantt(p->out, p->doc));
    sl_html_planned_finish(p);
    static const fcol cols[] = {
        {"agency", "agency", K_TEXT},        {"first_move", "first move", K_DATE},
        {"finish", "finish", K_DATE},        {"groups", "move groups", K_INT},
        {"workloads", "workloads", K_INT},   {"effort_hours", "staff hours", K_INT},
        {"binds", "what binds", K_TEXT},     {"binding_gate", "gate", K_TEXT},
        {"unscheduled", "not scheduled", K_INT},
    };
    sl_html_figures_table(p, "schedule.per_agency", cols, SL_ARRAY_LEN(cols));
    json_t *un = sl_jarray(p->doc, "schedule.unscheduled");
    if (json_array_size(un)) {
        fputs("<h3>Workloads that cannot be scheduled</h3>\n", p->out);
        static const fcol ucols[] = {{"workload", "workload", K_TEXT},
                                     {"reason", "reason", K_TEXT},
                                     {"text", "why", K_TEXT}};
        sl_html_figures_table(p, "schedule.unscheduled", ucols, SL_ARRAY_LEN(ucols));
    }
    sl_html_section_close(p);
}

static void simulation_section(const page *p)
{
    if (!sl_html_has(p, "simulation"))
        return;
    sl_html_section_open(p, "montecarlo", "When will it really finish, and at what cost?");
    sl_html_lead(p, "The Monte Carlo samples every uncertain input and re-runs the schedule; each "
            "iteration is one possible course of the move.");
    drew(p, sl_chart_finish(p->out, p->doc));
    static const fcol cols[] = {
        {"agency", "agency", K_TEXT},          {"p_allowed", "P(allowed)", K_SHARE},
        {"p_on_time_given_allowed", "P(on time | allowed)", K_SHARE},
        {"p_on_time", "P(on time)", K_SHARE},
        {"finish_p50", "finish P50", K_DATE},  {"finish_p80", "finish P80", K_DATE},
        {"finish_p90", "finish P90", K_DATE},  {"cost_p50", "cost P50", K_MONEY},
        {"cost_p90", "cost P90", K_MONEY},     {"blocked_share", "blocked by a gate", K_SHARE},
    };
    sl_html_figures_table(p, "simulation.per_agency", cols, SL_ARRAY_LEN(cols));
    drew(p, sl_chart_cost_histogram(p->out, p->doc));
    sl_html_section_close(p);
    if (json_array_size(sl_jarray(p->doc, "simulation.tornado.inputs"))) {
        sl_html_section_open(p, "tornado", "What drives the result");
        drew(p, sl_chart_tornado(p->out, p->doc));
        sl_html_section_close(p);
    }
}

static void capacity_section(const page *p)
{
    if (!sl_html_has(p, "placement") || !sl_html_has(p, "schedule.windows"))
        return;
    sl_html_section_open(p, "capacity", "Capacity at the target over time");
    if (!drew(p, sl_chart_capacity(p->out, p->doc)))
        sl_html_lead(p, "Nothing lands on the shared platform in this plan.");
    sl_html_section_close(p);
}

static void cost_section(const page *p)
{
    if (!sl_html_has(p, "cost"))
        return;
    sl_html_section_open(p, "cost", "Cost over the horizon: status quo against co-location");
    fputs("<div class=\"tiles\">\n", p->out);
    tile(p, "NPV status quo", "cost.npv_status_quo", K_MONEY, NULL, K_TEXT, NULL);
    tile(p, "Expected NPV saving", "cost.monte_carlo.npv_saving_mean", K_MONEY,
         "cost.monte_carlo.p_saving_positive", K_SHARE, "P(saving > 0)");
    tile(p, "Saving P10", "cost.monte_carlo.npv_saving_p10", K_MONEY,
         "cost.monte_carlo.npv_saving_p90", K_MONEY, "P90");
    tile(p, "NPV co-location if every gate passes and no move fails", "cost.npv_colocation",
         K_MONEY, "cost.payback_year", K_INT, "payback year");
    fputs("</div>\n", p->out);
    drew(p, sl_chart_cash_flows(p->out, p->doc));
    fcol cols[24];
    static const char *const order[] = {"agency", NULL};
    json_t *per = sl_jarray(p->doc, "cost.per_agency");
    if (json_array_size(per)) {
        fputs("<h3>Per agency</h3>\n<p>The expected saving and its spread are in \"The "
              "decision in figures\"; the plan's own figures here assume that every gate "
              "passes and no move fails.</p>\n",
              p->out);
        static const fcol pcols[] = {
            {"agency", "agency", K_TEXT},
            {"npv_status_quo", "NPV status quo", K_MONEY},
            {"monte_carlo.npv_saving_mean", "expected NPV saving", K_MONEY},
            {"monte_carlo.p_saving_positive", "P(saving > 0)", K_SHARE},
            {"monte_carlo.payback_year_p50", "payback year P50", K_INT},
            {"npv_colocation", "NPV co-location if every gate passes and no move fails", K_MONEY},
            {"npv_saving", "saving if every gate passes and no move fails", K_MONEY},
            {"payback_year", "payback year if every gate passes and no move fails", K_INT},
            {"migration_labour", "planned migration labour", K_MONEY},
            {"double_running", "planned double running", K_MONEY},
            {"halls_empty", "halls empty (planned)", K_DATE},
        };
        sl_html_figures_table(p, "cost.per_agency", pcols, SL_ARRAY_LEN(pcols));
    }
    json_t *cb = sl_jarray(p->doc, "cost.chargeback.agencies");
    if (json_array_size(cb)) {
        fputs("<h3>Chargeback of the shared platform</h3>\n", p->out);
        if (sl_html_has(p, "cost.chargeback.platform.cost_total")) {
            static const piece platform[] = {
                {"<p>The platform costs ", "cost.chargeback.platform.per_year", K_MONEY},
                {" a year at run rate (", "cost.chargeback.platform.hardware", K_MONEY},
                {" of hardware), ", "cost.chargeback.platform.cost_total", K_MONEY},
                {" over the horizon, of which ", "cost.chargeback.platform.charged_total",
                 K_MONEY},
                {" is charged back.</p>\n", NULL, K_TEXT},
            };
            sl_html_sentence(p, platform, SL_ARRAY_LEN(platform));
        }
        sl_html_figures_table(p, "cost.chargeback.agencies", cols, scalar_columns(cb, order, cols, 24));
    }
    sl_html_section_close(p);
}

static void readiness_section(const page *p)
{
    json_t *ws = sl_jarray(p->doc, "workloads");
    if (!sl_html_has(p, "assessment") || !ws)
        return;
    sl_html_section_open(p, "readiness", "Readiness of the workloads");
    static const char *const states[] = {"ready", "conditional", "unknown", "not_ready"};
    json_t *ags = sl_jarray(p->doc, "scenario.agencies");
    fputs("<div class=\"scroll\"><table>\n<thead><tr><th>agency</th><th>ready</th>"
          "<th>conditional</th><th>unknown</th><th>not ready</th><th>total</th></tr></thead>\n"
          "<tbody>\n",
          p->out);
    for (size_t a = 0; a < json_array_size(ags); a++) {
        const char *id = sl_jstr(json_object_get(json_array_get(ags, a), "id"));
        long n[4] = {0}, total = 0;
        for (size_t i = 0; i < json_array_size(ws); i++) {
            json_t *w = json_array_get(ws, i);
            const char *wa = sl_jstr(json_object_get(w, "agency"));
            const char *r = sl_jstr(json_object_get(w, "readiness"));
            if (!id || !wa || strcmp(wa, id) != 0)
                continue;
            total++;
            for (int s = 0; r && s < 4; s++)
                n[s] += strcmp(r, states[s]) == 0;
        }
        if (!total)
            continue;
        fputs("<tr><td>", p->out);
        esc(p, id);
        fputs("</td>", p->out);
        for (int s = 0; s < 5; s++) {
            char buf[32];
            sl_cell_number_text(buf, sizeof buf, (double)(s < 4 ? n[s] : total), SL_FMT_INT);
            fprintf(p->out, "<td class=\"num\">%s</td>", buf);
        }
        fputs("</tr>\n", p->out);
    }
    fputs("<tr class=\"total\"><td>all</td>", p->out);
    for (int s = 0; s < 4; s++) {
        char path[64];
        snprintf(path, sizeof path, "assessment.counts.%s", states[s]);
        fputs("<td class=\"num\">", p->out);
        sl_html_fig(p, path, K_INT);
        fputs("</td>", p->out);
    }
    fputs("<td class=\"num\">", p->out);
    sl_html_fig(p, "assessment.workloads", K_INT);
    fputs("</td></tr>\n</tbody></table></div>\n", p->out);
    /* the reasons, most frequent first as the document counts them */
    json_t *reasons = sl_jget(p->doc, "assessment.reasons");
    if (json_is_object(reasons)) {
        fputs("<h3>Reasons</h3>\n<div class=\"scroll\"><table>\n<thead><tr><th>reason</th>"
              "<th>workloads</th><th>for example</th></tr></thead>\n<tbody>\n",
              p->out);
        const char *code;
        json_t *count;
        json_object_foreach(reasons, code, count)
        {
            if (sl_jnum_or(count, 0) <= 0)
                continue;
            const char *example = NULL;
            for (size_t i = 0; i < json_array_size(ws) && !example; i++) {
                json_t *rs = json_object_get(json_array_get(ws, i), "reasons");
                json_t *hit = sl_jfind(rs, "code", code);
                example = sl_jstr(json_object_get(hit, "text"));
            }
            char path[160];
            snprintf(path, sizeof path, "assessment.reasons.%s", code);
            fputs("<tr><td><code>", p->out);
            esc(p, code);
            fputs("</code></td><td class=\"num\">", p->out);
            sl_html_fig(p, path, K_INT);
            fputs("</td><td class=\"wrap\">", p->out);
            esc(p, example ? example : "");
            fputs("</td></tr>\n", p->out);
        }
        fputs("</tbody></table></div>\n", p->out);
    }
    /* workloads that are not simply ready */
    const sl_table *t = sl_tables_find(p->tables, "Workloads");
    size_t col_r = SIZE_MAX;
    for (size_t c = 0; t && c < t->n_cols; c++)
        if (strcmp(t->cols[c].name, "readiness") == 0)
            col_r = c;
    if (t && col_r != SIZE_MAX) {
        static const char *const cols[] = {"id", "agency", "app", "readiness", "reasons", NULL};
        sl_table sub = *t;
        sl_cell *cells = sl_malloc((t->n_rows * t->n_cols + 1) * sizeof *cells);
        if (!cells)
            *p->err = SL_ENOMEM;
        if (cells) {
            sub.cells = cells;
            sub.n_rows = 0;
            for (size_t r = 0; r < t->n_rows; r++) {
                const sl_cell *rc = &t->cells[r * t->n_cols + col_r];
                if (rc->kind == SL_CELL_TEXT && strcmp(rc->text, "ready") == 0)
                    continue;
                memcpy(&cells[sub.n_rows * t->n_cols], &t->cells[r * t->n_cols],
                       t->n_cols * sizeof *cells);
                sub.n_rows++;
            }
            if (sub.n_rows) {
                fprintf(p->out, "<h3>Workloads that are not simply ready (%zu)</h3>\n",
                        sub.n_rows);
                sl_html_table(p, &sub, cols, 150);
            }
            sl_free(cells);
        }
    }
    sl_html_section_close(p);
}

static void placement_section(const page *p)
{
    if (!sl_html_has(p, "placement"))
        return;
    sl_html_section_open(p, "placement", "Placement at the target");
    fputs("<div class=\"tiles\">\n", p->out);
    tile(p, "Fits the target site", "placement.fits", K_BOOL, "placement.target_site", K_TEXT,
         "site");
    tile(p, "Hosts, shared platform", "placement.hosts_total", K_INT, "placement.separate.hosts_total",
         K_INT, "separate platforms:");
    tile(p, "Saving against separate platforms", "placement.savings.cost", K_MONEY,
         "placement.savings.hosts", K_INT, "hosts saved:");
    tile(p, "Hardware arrives", "placement.hardware_arrives", K_DATE, NULL, K_TEXT, NULL);
    fputs("</div>\n", p->out);
    static const char *const dims[] = {"racks", "kw", "floor_m2"};
    static const char *const names[] = {"racks", "kW (with PUE)", "floor, m2"};
    fputs("<div class=\"scroll\"><table>\n<thead><tr><th>at the target site</th><th>need</th>"
          "<th>free</th><th>margin</th><th>fits</th></tr></thead>\n<tbody>\n",
          p->out);
    for (int d = 0; d < 3; d++) {
        static const char *const parts[] = {"need", "free", "margin", "fits"};
        fputs("<tr><td>", p->out);
        esc(p, names[d]);
        fputs("</td>", p->out);
        for (int k = 0; k < 4; k++) {
            char path[96];
            snprintf(path, sizeof path, "placement.site.%s.%s", dims[d], parts[k]);
            fputs(k < 3 ? "<td class=\"num\">" : "<td>", p->out);
            sl_html_fig(p, path, k < 3 ? K_DEC1 : K_BOOL);
            fputs("</td>", p->out);
        }
        fputs("</tr>\n", p->out);
    }
    fputs("</tbody></table></div>\n<h3>Pools</h3>\n", p->out);
    static const char *const cols[] = {"platform", "id", "workload_count", "host_model", "hosts",
                                       "spare_hosts", "lower_bound", "gap", "used.vcpu",
                                       "capacity.vcpu", "used.ram_gb", "capacity.ram_gb", NULL};
    sl_html_table(p, sl_tables_find(p->tables, "Placement"), cols, 400);
    sl_html_section_close(p);
}

/* The finish if the approvals come through: the gates are the risk a
 * director weighs the schedule against. */
static void if_gates_pass(const page *p)
{
    if (!sl_html_has(p, "simulation.if_gates_pass"))
        return;
    fputs("<h3>If the approvals come through</h3>\n<p>Among the ", p->out);
    sl_html_fig(p, "simulation.if_gates_pass.iterations", K_INT);
    fputs(" of ", p->out);
    sl_html_fig(p, "simulation.iterations", K_INT);
    fputs(" iterations in which every gate passed, all joining agencies are done on time with "
          "P ",
          p->out);
    sl_html_fig(p, "simulation.if_gates_pass.p_on_time", K_SHARE);
    fputs("; finish P50 ", p->out);
    sl_html_fig(p, "simulation.if_gates_pass.finish_p50", K_DATE);
    fputs(", P80 ", p->out);
    sl_html_fig(p, "simulation.if_gates_pass.finish_p80", K_DATE);
    fputs(", P90 ", p->out);
    sl_html_fig(p, "simulation.if_gates_pass.finish_p90", K_DATE);
    fputs(". Per agency, the gates holding its workloads:</p>\n", p->out);
    static const fcol cols[] = {
        {"agency", "agency", K_TEXT},
        {"if_gates_pass.iterations", "iterations", K_INT},
        {"if_gates_pass.p_on_time", "P(on time)", K_SHARE},
        {"if_gates_pass.finish_p50", "finish P50", K_DATE},
        {"if_gates_pass.finish_p80", "finish P80", K_DATE},
        {"if_gates_pass.finish_p90", "finish P90", K_DATE},
    };
    sl_html_figures_table(p, "simulation.per_agency", cols, SL_ARRAY_LEN(cols));
}

/* The hard edges the group stage cut to fit clusters into windows: the
 * price of the split (present only when there are any). */
static void cut_flows_section(const page *p)
{
    const sl_table *t = sl_tables_find(p->tables, "Cut flows");
    if (!t)
        return;
    sl_html_section_open(p, "cutflows", "Latency-sensitive flows cut");
    fputs("<p>Hard edges (latency-sensitive flows, or traffic over the threshold) joined more "
          "workloads than a change window can move, so the plan cuts ",
          p->out);
    sl_html_fig(p, "grouping.cut_clusters", K_INT);
    fputs(" such clusters where the least traffic crosses: ", p->out);
    sl_html_fig(p, "grouping.cut_flows_mbps", K_DEC1);
    fputs(" Mbit/s in all. Each flow below crosses the WAN between the moves of its two groups, "
          "for the weeks shown (empty: one side is not scheduled).</p>\n",
          p->out);
    sl_html_table(p, t, NULL, 200);
    sl_html_section_close(p);
}

static void risks_section(const page *p)
{
    json_t *risks = sl_jarray(p->doc, "risks");
    if (!risks)
        return;
    sl_html_section_open(p, "risks", "Risks");
    if (!drew(p, sl_chart_heat_map(p->out, p->doc)))
        sl_html_lead(p, "The register holds no risk with a likelihood and an impact from 1 to 5.");
    sl_html_table(p, sl_tables_find(p->tables, "Risks"), NULL, 1000);
    if_gates_pass(p);
    sl_html_section_close(p);
}

static void assumptions_section(const page *p)
{
    const sl_table *t = sl_tables_find(p->tables, "Assumptions");
    if (!t)
        return;
    sl_html_section_open(p, "assumptions", "Assumption log");
    sl_html_lead(p, "Every number the scenario gave, with its unit and where it was written, then every "
            "default the plan used where the scenario left a key out (file \"(default)\"); "
            "each with the page that documents it. A range (min to max) is sampled by the Monte "
            "Carlo; the plan uses the value.");
    sl_html_table(p, t, NULL, SIZE_MAX);
    sl_html_section_close(p);
}

/* ---- the page ------------------------------------------------------------------ */

static const char css[] =
    ":root{--ink:#1d2330;--muted:#5d6470;--line:#d9dde3;--bg:#f6f7f9;--go:#2e7d32;"
    "--cond:#b26a00;--nogo:#c62828}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--ink);"
    "background:#fff}\n"
    "header{padding:28px 40px 12px;border-bottom:1px solid var(--line);background:var(--bg)}\n"
    "h1{margin:0 0 4px;font-size:26px}h2{font-size:21px;margin:0 0 10px}"
    "h3{font-size:16px;margin:18px 0 8px}h4{margin:10px 0 4px;font-size:14px}\n"
    ".meta{color:var(--muted);margin:0}.missing{color:var(--muted);font-size:13px}\n"
    "nav{margin-top:12px;font-size:13px}nav a{margin-right:14px;color:#0b5cad}\n"
    "main{padding:8px 40px 40px;max-width:1100px}\n"
    "section{padding-top:22px;border-bottom:1px solid var(--line);padding-bottom:18px}\n"
    ".lead{color:var(--muted);margin:0 0 10px}.note{color:var(--muted);font-size:13px}\n"
    ".tiles{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0 14px}\n"
    ".tile{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:170px;"
    "background:#fff}\n"
    ".tile .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}"
    "\n.tile .big{font-size:22px;font-weight:600}.tile .sub{font-size:12px;color:var(--muted)}\n"
    ".verdicts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:12px}\n"
    ".verdict{border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;"
    "padding:10px 14px}\n"
    ".verdict h3{margin:0;font-size:18px}.verdict .name{margin:0;color:var(--muted)}\n"
    ".badge{font-size:13px;padding:2px 8px;border-radius:10px;color:#fff;background:var(--muted);"
    "vertical-align:middle}\n"
    ".v-go{border-left-color:var(--go)}.v-go .badge{background:var(--go)}\n"
    ".v-conditional{border-left-color:var(--cond)}.v-conditional .badge{background:var(--cond)}\n"
    ".v-no-go{border-left-color:var(--nogo)}.v-no-go .badge{background:var(--nogo)}\n"
    "ul.reasons,ul.conditions,ul.drivers{margin:6px 0 0;padding-left:18px}\n"
    "code{font-size:12px;background:var(--bg);padding:0 3px;border-radius:3px}\n"
    ".scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;font-size:13px;margin:6px 0 10px}\n"
    "th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top;"
    "white-space:nowrap}td.wrap{white-space:normal;min-width:260px}\n"
    "th{background:var(--bg);font-weight:600}td.num{text-align:right;"
    "font-variant-numeric:tabular-nums;white-space:nowrap}td.date{white-space:nowrap}\n"
    "tr.total td{font-weight:600}\n"
    "figure.chart{margin:10px 0 16px}figure.chart svg{max-width:100%;height:auto;display:block}\n"
    "figcaption{font-size:13px;color:var(--muted);margin-top:4px}\n"
    "svg .tick{fill:#5d6470;font-size:11px}svg .label{fill:#1d2330;font-size:12px}\n"
    "svg .note{fill:#1d2330;font-size:11px}svg .count{fill:#1d2330;font-size:18px;"
    "font-weight:600}\n"
    "footer{padding:16px 40px;color:var(--muted);font-size:12px}\n"
    "@page{size:A4;margin:14mm}\n"
    "@media print{body{font-size:10pt}header,main,footer{padding-left:0;padding-right:0}"
    "nav{display:none}section{break-before:page;border:0}section:first-of-type{break-before:"
    "auto}figure,.tile,.verdict,tr{break-inside:avoid}thead{display:table-header-group}"
    ".scroll{overflow:visible}table{font-size:8pt}td.wrap{min-width:0}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

static const char csp[] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                          "base-uri 'none'; form-action 'none'";

typedef struct toc_entry {
    const char *id, *title, *key;
} toc_entry;

static const toc_entry toc[] = {
    {"verdicts", "Verdicts", "verdicts"},
    {"decision", "Decision", "cost.per_agency"},
    {"figures", "Key figures", "scenario"},
    {"schedule", "Schedule", "schedule"},
    {"accounting", "Accounted for", "accounting"},
    {"montecarlo", "Monte Carlo", "simulation"},
    {"tornado", "Drivers", "simulation.tornado.inputs.0"},
    {"capacity", "Capacity", "schedule.windows"},
    {"cost", "Cost", "cost"},
    {"readiness", "Readiness", "assessment"},
    {"placement", "Placement", "placement"},
    {"isolation", "Isolation", "isolation.price.0"},
    {"cutflows", "Cut flows", "grouping.cut_flows.0"},
    {"risks", "Risks", "risks"},
    {"assumptions", "Assumptions", "assumptions"},
};

static void head(const page *p)
{
    const char *name = sl_jstr(sl_jget(p->doc, "scenario.name"));
    fprintf(p->out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"samlok " SAMLOK_VERSION "\">\n<title>",
            csp);
    esc(p, name ? name : "samlok plan");
    fprintf(p->out, " - samlok plan</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    fputs("<header>\n<h1>", p->out);
    esc(p, name ? name : "samlok plan");
    fputs("</h1>\n<p class=\"meta\">Start ", p->out);
    sl_html_fig(p, "scenario.start", K_DATE);
    fputs(", deadline ", p->out);
    sl_html_fig(p, "scenario.deadline", K_DATE);
    fputs("; scenario file ", p->out);
    sl_html_fig(p, "scenario.file", K_TEXT);
    if (sl_html_has(p, "simulation")) {
        fputs("; Monte Carlo with ", p->out);
        sl_html_fig(p, "simulation.iterations", K_INT);
        fputs(" iterations, seed ", p->out);
        sl_html_fig(p, "simulation.seed", K_TEXT);
    }
    fputs(". Written by samlok " SAMLOK_VERSION ".</p>\n", p->out);
    static const char *const later[] = {"verdicts", "cost", "risks"};
    bool any = false;
    for (size_t i = 0; i < SL_ARRAY_LEN(later); i++)
        if (!sl_html_has(p, later[i])) {
            fprintf(p->out, "%s%s", any ? ", " : "<p class=\"missing\">Not in this plan: ",
                    later[i]);
            any = true;
        }
    if (any)
        fputs(". Those parts of the report are left out.</p>\n", p->out);
    fputs("<nav>", p->out);
    for (size_t i = 0; i < SL_ARRAY_LEN(toc); i++)
        if (sl_html_has(p, toc[i].key))
            fprintf(p->out, "<a href=\"#%s\">%s</a>", toc[i].id, toc[i].title);
    fputs("</nav>\n</header>\n<main>\n", p->out);
}

/* The front page: what a steering group reads first, and what an
 * interactive front end shows as its figures change. */
static void front_sections(const page *p)
{
    verdicts_section(p);
    sl_html_decision_section(p);
    figures_section(p);
    schedule_section(p);
    sl_html_accounting(p);
    simulation_section(p);
}

const char *sl_report_html_style(void)
{
    return css;
}

int sl_html_write_front(FILE *out, json_t *doc)
{
    int err = 0;
    page p = {out, doc, sl_jstr(sl_jget(doc, "scenario.currency")), NULL, &err};
    int rc = sl_report_tables(&p.tables, doc);
    if (rc)
        return rc;
    fputs("<div class=\"front\">\n", out);
    front_sections(&p);
    cost_section(&p);
    fputs("</div>\n", out);
    sl_tables_free(p.tables);
    if (err)
        return err;
    return ferror(out) ? SL_EIO : 0;
}

int sl_html_write(FILE *out, json_t *doc)
{
    int err = 0;
    page p = {out, doc, sl_jstr(sl_jget(doc, "scenario.currency")), NULL, &err};
    int rc = sl_report_tables(&p.tables, doc);
    if (rc)
        return rc;
    head(&p);
    front_sections(&p);
    capacity_section(&p);
    cost_section(&p);
    readiness_section(&p);
    placement_section(&p);
    sl_html_isolation(&p);
    cut_flows_section(&p);
    risks_section(&p);
    assumptions_section(&p);
    fputs("</main>\n<footer>Every figure on this page is a figure of the plan document "
          "(samlok plan --json); the workbook and the CSV files hold the same tables in "
          "full.</footer>\n</body>\n</html>\n",
          out);
    sl_tables_free(p.tables);
    if (err)
        return err;
    return ferror(out) ? SL_EIO : 0;
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
