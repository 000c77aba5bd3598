/* SPDX-License-Identifier: MIT */
/*
 * html_sections.c - the sections of the HTML report after the answer
 * (html_front.c), each only when the document has its keys: verdicts,
 * key figures, schedule (Gantt), Monte Carlo (finish, cost), tornado,
 * capacity at the target, cost over the horizon, readiness, placement,
 * risks (heat map and register), assumption log. Every word in the
 * page's language; every figure tagged with its place in the document
 * (html.c); codes and paths in tooltips.
 */
#include "report/html_page.h"

#include <math.h>
#include <string.h>

static void esc(const page *p, const char *s)
{
    sl_html_escape(p->out, s);
}

/* Reasons, conditions: each sentence said in the page's language, its
 * code in the tooltip. */
static void list_items(const page *p, json_t *arr, const char *cls)
{
    if (!json_array_size(arr))
        return;
    fprintf(p->out, "<ul class=\"%s\">\n", cls);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        const char *code = sl_jstr(json_object_get(v, "code"));
        if (code) {
            fputs("<li title=\"", p->out);
            esc(p, code);
            fputs("\">", p->out);
        } else {
            fputs("<li>", p->out);
        }
        esc(p, sl_html_said(p, v));
        fputs("</li>\n", p->out);
    }
    fputs("</ul>\n", p->out);
}

/* The agency's own tornado entry in simulation.per_agency, or NULL. */
static json_t *agency_sim(const page *p, const char *agency)
{
    return sl_jfind(sl_jarray(p->doc, "simulation.per_agency"), "agency", agency);
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
    static const char *const heads[] = {N_("What moves its P(on time) most"),
                                        N_("What moves its P80 finish most"),
                                        N_("What its finish follows most")};
    fputs("<h4>", p->out);
    sl_html_tr(p, heads[measure]);
    fputs("</h4>\n<ul class=\"drivers\">\n", p->out);
    for (size_t i = 0; i < n; i++) {
        json_t *b = json_array_get(inputs, i);
        char lo[48], hi[48], text[160];
        if (measure == 0) {
            sl_fmt_share(lo, sizeof lo, p->l, sl_jnum_or(json_object_get(b, "p_on_time_low"), NAN),
                         1, true);
            sl_fmt_share(hi, sizeof hi, p->l,
                         sl_jnum_or(json_object_get(b, "p_on_time_high"), NAN), 1, true);
            sl_says(text, sizeof text, p->l, "P(on time) %s to %s", lo, hi);
        } else if (measure == 1) {
            sl_finish_label(lo, sizeof lo, p->doc, p->l,
                            sl_jnum_or(json_object_get(b, "finish_p80_low_days"), INFINITY));
            sl_finish_label(hi, sizeof hi, p->doc, p->l,
                            sl_jnum_or(json_object_get(b, "finish_p80_high_days"), INFINITY));
            sl_says(text, sizeof text, p->l, "P80 finish %s to %s", lo, hi);
        } else {
            sl_fmt_number(lo, sizeof lo, p->l,
                          sl_jnum_or(json_object_get(b, "spearman_finish"), NAN), 2, false);
            sl_says(text, sizeof text, p->l, "rank correlation %s%s", lo[0] == '-' ? "" : "+",
                    lo);
        }
        const char *input = sl_jstr(json_object_get(b, "input"));
        fputs("<li title=\"", p->out);
        esc(p, input ? input : "");
        fputs("\">", p->out);
        const char *label = sl_doc_path_label(p->arena, p->l, p->doc, input);
        if (!label && !*p->err)
            *p->err = SL_ENOMEM; /* the page is then not written */
        esc(p, label ? label : input ? input : "");
        fputs(": ", p->out);
        esc(p, text);
        fputs("</li>\n", p->out);
    }
    fputs("</ul>\n", p->out);
}

static const char *verdict_class(const char *verdict)
{
    return !verdict                              ? "v-unknown"
           : strcmp(verdict, "go") == 0          ? "v-go"
           : strcmp(verdict, "conditional") == 0 ? "v-conditional"
           : strcmp(verdict, "no_go") == 0       ? "v-no-go"
           : strcmp(verdict, "out") == 0         ? "v-out"
                                                 : "v-unknown";
}

void sl_html_verdicts(const page *p)
{
    json_t *vs = sl_jarray(p->doc, "verdicts");
    if (!vs)
        return;
    sl_html_section_open(p, "verdicts", N_("Verdict per agency"));
    sl_html_lead(p, N_("Whether each agency should join, the reasons that decided it, and what "
                       "moves its finish most in the Monte Carlo (low decile of the input to "
                       "high; for a gate: refused to passed)."));
    fputs("<div class=\"verdicts\">\n", p->out);
    for (size_t i = 0; i < json_array_size(vs); i++) {
        json_t *v = json_array_get(vs, i);
        const char *ag = sl_jstr(json_object_get(v, "agency"));
        const char *verdict = sl_jstr(json_object_get(v, "verdict"));
        fprintf(p->out, "<article class=\"verdict %s\">\n<h3>", verdict_class(verdict));
        esc(p, ag ? ag : "?");
        fputs(" <span class=\"badge\">", p->out);
        char path[64];
        snprintf(path, sizeof path, "verdicts.%zu.verdict", i);
        sl_html_fig(p, path, K_VERDICT);
        fputs("</span></h3>\n", p->out);
        const char *name = sl_html_name(p, "agency", ag);
        if (name) {
            fputs("<p class=\"name\">", p->out);
            esc(p, name);
            fputs("</p>\n", p->out);
        }
        list_items(p, json_object_get(v, "reasons"), "reasons");
        json_t *conds = json_object_get(v, "conditions");
        if (json_array_size(conds)) {
            fputs("<h4>", p->out);
            sl_html_tr(p, N_("Conditions"));
            fputs("</h4>\n", p->out);
            list_items(p, conds, "conditions");
        }
        sl_html_to_go(p, v, i);
        agency_drivers(p, ag);
        fputs("</article>\n", p->out);
    }
    fputs("</div>\n", p->out);
    sl_html_section_close(p);
}

/* Whether the scenario has a gate for the delivery of the target's
 * hardware: without one there is nothing to arrive. */
static bool has_hardware_gate(const page *p)
{
    json_t *gates = sl_jarray(p->doc, "calendar.gates");
    for (size_t i = 0; i < json_array_size(gates); i++) {
        const char *k = sl_jstr(json_object_get(json_array_get(gates, i), "kind"));
        if (k && strcmp(k, "hardware") == 0)
            return true;
    }
    return false;
}

void sl_html_figures(const page *p)
{
    sl_html_section_open(p, "figures", N_("Key figures"));
    /* the front page gives each agency's; these are the whole plan's */
    sl_html_lead(p, N_("The whole plan: every joining agency together. Each agency's own figures "
                       "are on its card above and in the sections below."));
    fputs("<div class=\"tiles\">\n", p->out);
    sl_html_tile(p, N_("Hosts at the target"), "placement.hosts_total", K_INT,
                 "placement.lower_bound_total", K_INT, N_("lower bound"));
    sl_html_tile(p, N_("Racks"), "placement.racks", K_INT, "placement.site.racks.free", K_DEC1,
                 N_("free at the site"));
    sl_html_tile(p, N_("Power at the target, kW"), "placement.kw", K_DEC1, "placement.site.kw.free",
                 K_DEC1, N_("free at the site"));
    sl_html_tile(p, N_("Planned finish (likely values, no failed moves)"), "schedule.finish",
                 K_DATE, "scenario.deadline", K_DATE, N_("deadline"));
    sl_html_tile(p, N_("Finish P50 if every gate passes"), "simulation.if_gates_pass.finish_p50",
                 K_DATE, "simulation.if_gates_pass.finish_p80", K_DATE, N_("P80"));
    sl_html_tile(p, N_("Finish P50"), "simulation.finish_p50", K_DATE, "scenario.deadline", K_DATE,
                 N_("deadline"));
    sl_html_tile(p, N_("Finish P80"), "simulation.finish_p80", K_DATE, "scenario.deadline", K_DATE,
                 N_("deadline"));
    sl_html_tile(p, N_("Chance that every agency finishes on time"), "simulation.p_on_time", K_SHARE,
                 "simulation.iterations", K_INT, N_("iterations"));
    sl_html_tile(p, N_("Migration cost P50"), "simulation.cost_p50", K_MONEY, "simulation.cost_p90",
                 K_MONEY, N_("P90"));
    sl_html_tile(p, N_("Net present cost, status quo"), "cost.npv_status_quo", K_MONEY, NULL,
                 K_TEXT, NULL);
    sl_html_tile(p, N_("Expected saving"), "cost.monte_carlo.npv_saving_mean", K_MONEY,
                 "cost.monte_carlo.p_saving_positive", K_SHARE, N_("chance of a saving"));
    sl_html_tile(p, N_("Net present cost of co-location if every gate passes and no move fails"),
                 "cost.npv_colocation", K_MONEY, "cost.payback_year", K_INT, N_("payback year"));
    json_t *cb = sl_jarray(p->doc, "cost.chargeback.agencies");
    for (size_t i = 0; i < json_array_size(cb); i++) {
        json_t *row = json_array_get(cb, i);
        const char *key = sl_report_chargeback_key(row);
        const char *ag = sl_jstr(json_object_get(row, "agency"));
        if (!key || !ag)
            continue;
        char label[160], path[128], share[128];
        sl_says(label, sizeof label, p->l, "Chargeback %s per year", ag);
        snprintf(path, sizeof path, "cost.chargeback.agencies.%zu.%s", i, key);
        snprintf(share, sizeof share, "cost.chargeback.agencies.%zu.share", i);
        /* the label is said already: no second lookup */
        if (!sl_html_has(p, path))
            continue;
        fputs("<div class=\"tile\"><div class=\"label\">", p->out);
        esc(p, label);
        fputs("</div><div class=\"big\">", p->out);
        sl_html_fig(p, path, K_MONEY);
        fputs("</div><div class=\"sub\">", p->out);
        sl_html_tr(p, N_("share"));
        fputc(' ', p->out);
        sl_html_fig(p, share, K_SHARE);
        fputs("</div></div>\n", p->out);
    }
    fputs("</div>\n", p->out);
    sl_html_section_close(p);
}

void sl_html_schedule(const page *p)
{
    if (!sl_html_has(p, "schedule"))
        return;
    sl_html_section_open(p, "schedule", N_("Schedule"));
    sl_html_lead(p, N_("Which agency moves when, as planned with the likely value of every "
                       "input, each gate passing at its likely date and no move failing: a plan, "
                       "not a forecast. Next to each planned finish stands the Monte Carlo's "
                       "finish when every gate holding the agency's moves passes."));
    sl_html_drew(p, sl_chart_gantt(p->out, p->doc, p->l));
    sl_html_planned_finish(p);
    static const fcol cols[] = {
        {"agency", NC_("column", "agency"), K_TEXT},        {"first_move", NC_("column", "first move"), K_DATE},
        {"finish", NC_("column", "finish"), K_DATE},        {"groups", NC_("column", "move groups"), K_INT},
        {"workloads", NC_("column", "workloads"), K_INT},   {"effort_hours", NC_("column", "staff hours"), K_INT},
        {"unscheduled", NC_("column", "not scheduled"), K_INT},
    };
    sl_html_figures_table(p, "schedule.per_agency", cols, SL_ARRAY_LEN(cols));
    /* what binds each agency's finish, in words */
    json_t *per = sl_jarray(p->doc, "schedule.per_agency");
    fputs("<ul class=\"binds\">\n", p->out);
    for (size_t i = 0; i < json_array_size(per); i++) {
        json_t *a = json_array_get(per, i);
        const char *ag = sl_jstr(json_object_get(a, "agency"));
        const char *binds = sl_jstr(json_object_get(a, "binds"));
        const char *gate = sl_jstr(json_object_get(a, "binding_gate"));
        if (!ag || !binds)
            continue;
        char text[512];
        if (gate)
            sl_says(text, sizeof text, p->l, "%s: the last move waits for the gate %s", ag,
                    sl_html_name(p, "gate", gate) ? sl_html_name(p, "gate", gate) : gate);
        else
            sl_says(text, sizeof text, p->l, "%s: the last move waits for %s", ag,
                    sl_label(p->l, "binds", binds));
        fputs("<li>", p->out);
        esc(p, text);
        fputs("</li>\n", p->out);
    }
    fputs("</ul>\n", p->out);
    json_t *un = sl_jarray(p->doc, "schedule.unscheduled");
    if (json_array_size(un)) {
        fputs("<h3>", p->out);
        sl_html_tr(p, N_("Workloads that cannot be scheduled"));
        fputs("</h3>\n<div class=\"scroll\"><table>\n<thead><tr><th>", p->out);
        sl_html_tr(p, N_("workload"));
        fputs("</th><th>", p->out);
        sl_html_tr(p, N_("why"));
        fputs("</th></tr></thead>\n<tbody>\n", p->out);
        for (size_t i = 0; i < json_array_size(un); i++) {
            json_t *u = json_array_get(un, i);
            char path[96];
            snprintf(path, sizeof path, "schedule.unscheduled.%zu.workload", i);
            fputs("<tr><td>", p->out);
            sl_html_fig(p, path, K_TEXT);
            fputs("</td><td class=\"wrap\" title=\"", p->out);
            esc(p, sl_jstr(json_object_get(u, "reason")) ? sl_jstr(json_object_get(u, "reason"))
                                                          : "");
            fputs("\">", p->out);
            esc(p, sl_html_said(p, u));
            fputs("</td></tr>\n", p->out);
        }
        fputs("</tbody></table></div>\n", p->out);
    }
    sl_html_section_close(p);
}

void sl_html_simulation(const page *p)
{
    if (!sl_html_has(p, "simulation"))
        return;
    sl_html_section_open(p, "montecarlo", N_("When will it really finish, and at what cost?"));
    sl_html_lead(p, N_("The Monte Carlo samples every uncertain input and re-runs the schedule; "
                       "each iteration is one possible course of the move."));
    sl_html_drew(p, sl_chart_finish(p->out, p->doc, p->l));
    static const fcol cols[] = {
        {"agency", NC_("column", "agency"), K_TEXT},
        {"p_allowed", NC_("column", "chance the approvals come through"), K_SHARE},
        {"p_on_time_given_allowed", NC_("column", "chance of finishing on time if they do"), K_SHARE},
        {"p_on_time", NC_("column", "chance of finishing on time"), K_SHARE},
        {"finish_p50", NC_("column", "finish P50"), K_DATE},
        {"finish_p80", NC_("column", "finish P80"), K_DATE},
        {"finish_p90", NC_("column", "finish P90"), K_DATE},
        {"cost_p50", NC_("column", "cost P50"), K_MONEY},
        {"cost_p90", NC_("column", "cost P90"), K_MONEY},
        {"blocked_share", NC_("column", "held back by a gate"), K_SHARE},
    };
    sl_html_figures_table(p, "simulation.per_agency", cols, SL_ARRAY_LEN(cols));
    sl_html_drew(p, sl_chart_cost_histogram(p->out, p->doc, p->l));
    sl_html_section_close(p);
    if (json_array_size(sl_jarray(p->doc, "simulation.tornado.inputs"))) {
        sl_html_section_open(p, "tornado", N_("What drives the result"));
        sl_html_drew(p, sl_chart_tornado(p->out, p->doc, p->l));
        sl_html_section_close(p);
    }
}

void sl_html_capacity(const page *p)
{
    if (!sl_html_has(p, "placement") || !sl_html_has(p, "schedule.windows"))
        return;
    sl_html_section_open(p, "capacity", N_("Capacity at the target over time"));
    if (!sl_html_drew(p, sl_chart_capacity(p->out, p->doc, p->l)))
        sl_html_lead(p, N_("Nothing lands on the shared platform in this plan."));
    sl_html_section_close(p);
}

/* The scalar keys of an array's objects as figure columns (order first),
 * each headed by its label. */
static size_t scalar_columns(const page *p, json_t *arr, const char *const *order, fcol *cols,
                             size_t cap)
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
                /* the label is said in the page's language; the figures
                 * table looks it up once more, which finds nothing */
                cols[n++] = (fcol){k, sl_key_label(p->arena, NULL, k), kd};
            }
        }
    return n;
}

void sl_html_cost(const page *p)
{
    if (!sl_html_has(p, "cost"))
        return;
    sl_html_section_open(p, "cost", N_("Cost over the horizon: status quo against co-location"));
    fputs("<div class=\"tiles\">\n", p->out);
    sl_html_tile(p, N_("Net present cost, status quo"), "cost.npv_status_quo", K_MONEY, NULL,
                 K_TEXT, NULL);
    sl_html_tile(p, N_("Expected saving"), "cost.monte_carlo.npv_saving_mean", K_MONEY,
                 "cost.monte_carlo.p_saving_positive", K_SHARE, N_("chance of a saving"));
    sl_html_tile(p, N_("Saving P10"), "cost.monte_carlo.npv_saving_p10", K_MONEY,
                 "cost.monte_carlo.npv_saving_p90", K_MONEY, N_("P90"));
    sl_html_tile(p, N_("Net present cost of co-location if every gate passes and no move fails"),
                 "cost.npv_colocation", K_MONEY, "cost.payback_year", K_INT, N_("payback year"));
    fputs("</div>\n", p->out);
    sl_html_drew(p, sl_chart_cash_flows(p->out, p->doc, p->l));
    json_t *per = sl_jarray(p->doc, "cost.per_agency");
    if (json_array_size(per)) {
        fputs("<h3>", p->out);
        sl_html_tr(p, N_("Per agency"));
        fputs("</h3>\n<p>", p->out);
        sl_html_tr(p, N_("The expected saving and its spread are in \"The decision in figures\"; "
                         "the plan's own figures here assume that every gate passes and no move "
                         "fails."));
        fputs("</p>\n", p->out);
        static const fcol pcols[] = {
            {"agency", NC_("column", "agency"), K_TEXT},
            {"npv_status_quo", NC_("column", "net present cost, status quo"), K_MONEY},
            {"monte_carlo.npv_saving_mean", NC_("column", "expected saving"), K_MONEY},
            {"monte_carlo.p_saving_positive", NC_("column", "chance of a saving"), K_SHARE},
            {"monte_carlo.payback_year_p50", NC_("column", "payback year P50"), K_INT},
            {"npv_colocation",
             NC_("column", "net present cost of co-location if every gate passes and no move fails"),
             K_MONEY},
            {"npv_saving", NC_("column", "saving if every gate passes and no move fails"), K_MONEY},
            {"payback_year", NC_("column", "payback year if every gate passes and no move fails"), K_INT},
            {"migration_labour", NC_("column", "planned migration labour"), K_MONEY},
            {"double_running", NC_("column", "planned double running"), K_MONEY},
            {"halls_empty", NC_("column", "halls empty (planned)"), K_DATE},
        };
        sl_html_figures_table(p, "cost.per_agency", pcols, SL_ARRAY_LEN(pcols));
    }
    json_t *cb = sl_jarray(p->doc, "cost.chargeback.agencies");
    if (json_array_size(cb)) {
        fputs("<h3>", p->out);
        sl_html_tr(p, N_("Chargeback of the shared platform"));
        fputs("</h3>\n", p->out);
        if (sl_html_has(p, "cost.chargeback.platform.cost_total")) {
            static const fig_arg args[] = {
                {"per_year", "cost.chargeback.platform.per_year", K_MONEY},
                {"hardware", "cost.chargeback.platform.hardware", K_MONEY},
                {"total", "cost.chargeback.platform.cost_total", K_MONEY},
                {"charged", "cost.chargeback.platform.charged_total", K_MONEY},
            };
            fputs("<p>", p->out);
            sl_html_say(p,
                        N_("The platform costs {per_year} a year at run rate ({hardware} of "
                           "hardware), {total} over the horizon undiscounted (one-offs and the "
                           "host's staff included), of which {charged} is charged back."),
                        args, SL_ARRAY_LEN(args));
            fputs("</p>\n", p->out);
        }
        fcol cols[24];
        static const char *const order[] = {"agency", NULL};
        sl_html_figures_table(p, "cost.chargeback.agencies", cols,
                              scalar_columns(p, cb, order, cols, 24));
    }
    sl_html_section_close(p);
}

static void reasons_table(const page *p, json_t *ws)
{
    json_t *reasons = sl_jget(p->doc, "assessment.reasons");
    if (!json_is_object(reasons))
        return;
    fputs("<h3>", p->out);
    sl_html_tr(p, N_("Reasons"));
    fputs("</h3>\n<div class=\"scroll\"><table>\n<thead><tr><th>", p->out);
    sl_html_tr(p, N_("reason"));
    fputs("</th><th>", p->out);
    sl_html_tr(p, N_("workloads"));
    fputs("</th><th>", p->out);
    sl_html_tr(p, N_("for example"));
    fputs("</th></tr></thead>\n<tbody>\n", p->out);
    const char *code;
    json_t *count;
    json_object_foreach(reasons, code, count)
    {
        if (sl_jnum_or(count, 0) <= 0)
            continue;
        json_t *example = NULL;
        for (size_t i = 0; i < json_array_size(ws) && !example; i++)
            example = sl_jfind(json_object_get(json_array_get(ws, i), "reasons"), "code", code);
        char path[160];
        snprintf(path, sizeof path, "assessment.reasons.%s", code);
        fputs("<tr><td title=\"", p->out);
        esc(p, code);
        fputs("\">", p->out);
        esc(p, sl_label(p->l, "reason", code));
        fputs("</td><td class=\"num\">", p->out);
        sl_html_fig(p, path, K_INT);
        fputs("</td><td class=\"wrap\">", p->out);
        esc(p, example ? sl_html_said(p, example) : "");
        fputs("</td></tr>\n", p->out);
    }
    fputs("</tbody></table></div>\n", p->out);
}

void sl_html_readiness(const page *p)
{
    json_t *ws = sl_jarray(p->doc, "workloads");
    if (!sl_html_has(p, "assessment") || !ws)
        return;
    sl_html_section_open(p, "readiness", N_("Readiness of the workloads"));
    static const char *const states[] = {"ready", "conditional", "unknown", "not_ready"};
    json_t *ags = sl_jarray(p->doc, "scenario.agencies");
    fputs("<div class=\"scroll\"><table>\n<thead><tr><th>", p->out);
    sl_html_tr(p, N_("agency"));
    fputs("</th>", p->out);
    for (int s = 0; s < 4; s++) {
        fputs("<th>", p->out);
        esc(p, sl_label(p->l, "readiness", states[s]));
        fputs("</th>", p->out);
    }
    fputs("<th>", p->out);
    sl_html_tr(p, N_("total"));
    fputs("</th></tr></thead>\n<tbody>\n", p->out);
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
            sl_cell_number_text_l(buf, sizeof buf, p->l, (double)(s < 4 ? n[s] : total),
                                  SL_FMT_INT);
            fprintf(p->out, "<td class=\"num\">%s</td>", buf);
        }
        fputs("</tr>\n", p->out);
    }
    fputs("<tr class=\"total\"><td>", p->out);
    esc(p, sl_label(p->l, "agency", "all"));
    fputs("</td>", p->out);
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
    reasons_table(p, ws);
    /* workloads that are not simply ready */
    const sl_table *t = sl_tables_find(p->tables, "Workloads");
    if (t && t->n_rows == json_array_size(ws)) {
        static const char *const cols[] = {"id", "agency", "app", "readiness", "reasons", NULL};
        sl_table sub = *t;
        sl_cell *cells = sl_malloc((t->n_rows * t->n_cols + 1) * sizeof *cells);
        if (!cells)
            *p->err = SL_ENOMEM;
        if (cells) {
            sub.cells = cells;
            sub.n_rows = 0;
            for (size_t r = 0; r < t->n_rows; r++) {
                const char *rd = sl_jstr(json_object_get(json_array_get(ws, r), "readiness"));
                if (rd && strcmp(rd, "ready") == 0)
                    continue;
                memcpy(&cells[sub.n_rows * t->n_cols], &t->cells[r * t->n_cols],
                       t->n_cols * sizeof *cells);
                sub.n_rows++;
            }
            if (sub.n_rows) {
                char head[160];
                sl_saysn(head, sizeof head, p->l, sub.n_rows,
                         "Workloads that are not simply ready (%zu)",
                         "Workloads that are not simply ready (%zu)", sub.n_rows);
                fputs("<h3>", p->out);
                esc(p, head);
                fputs("</h3>\n", p->out);
                sl_html_table(p, &sub, cols, 150);
            }
            sl_free(cells);
        }
    }
    sl_html_section_close(p);
}

void sl_html_placement(const page *p)
{
    if (!sl_html_has(p, "placement"))
        return;
    sl_html_section_open(p, "placement", N_("Placement at the target"));
    fputs("<div class=\"tiles\">\n", p->out);
    sl_html_tile(p, N_("Fits the target site"), "placement.fits", K_BOOL, "placement.target_site",
                 K_TEXT, N_("site"));
    sl_html_tile(p, N_("Hosts, shared platform"), "placement.hosts_total", K_INT,
                 "placement.separate.hosts_total", K_INT, N_("separate platforms:"));
    sl_html_tile(p, N_("Saving against separate platforms"), "placement.savings.cost", K_MONEY,
                 "placement.savings.hosts", K_INT, N_("hosts saved:"));
    /* a date only when a gate delivers the hardware: without one there is
     * nothing to wait for, not "never" */
    if (has_hardware_gate(p) || !json_is_null(sl_jget(p->doc, "placement.hardware_arrives")))
        sl_html_tile(p, N_("Hardware arrives"), "placement.hardware_arrives", K_DATE, NULL, K_TEXT,
                     NULL);
    fputs("</div>\n", p->out);
    const char *site = sl_jstr(sl_jget(p->doc, "placement.target_site"));
    const char *site_name = site ? sl_html_name(p, "site", site) : NULL;
    if (site_name) {
        fputs("<p>", p->out);
        char text[512];
        sl_says(text, sizeof text, p->l, "The target site %s: %s.", site, site_name);
        esc(p, text);
        fputs("</p>\n", p->out);
    }
    static const char *const dims[] = {"racks", "kw", "floor_m2"};
    static const char *const names[] = {N_("racks"), N_("kW (with PUE)"), N_("floor, m2")};
    static const char *const heads[] = {N_("at the target site"), N_("need"), N_("free"),
                                        N_("margin"), N_("fits")};
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", p->out);
    for (int h = 0; h < 5; h++) {
        fputs("<th>", p->out);
        sl_html_tr(p, heads[h]);
        fputs("</th>", p->out);
    }
    fputs("</tr></thead>\n<tbody>\n", p->out);
    for (int d = 0; d < 3; d++) {
        static const char *const parts[] = {"need", "free", "margin", "fits"};
        fputs("<tr><td>", p->out);
        sl_html_tr(p, names[d]);
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
    fputs("</tbody></table></div>\n<h3>", p->out);
    sl_html_tr(p, N_("Pools"));
    fputs("</h3>\n", p->out);
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
    fputs("<h3>", p->out);
    sl_html_tr(p, N_("If the approvals come through"));
    fputs("</h3>\n<p>", p->out);
    static const fig_arg args[] = {
        {"n", "simulation.if_gates_pass.iterations", K_INT},
        {"all", "simulation.iterations", K_INT},
        {"p", "simulation.if_gates_pass.p_on_time", K_SHARE},
        {"p50", "simulation.if_gates_pass.finish_p50", K_DATE},
        {"p80", "simulation.if_gates_pass.finish_p80", K_DATE},
        {"p90", "simulation.if_gates_pass.finish_p90", K_DATE},
    };
    sl_html_say(p,
                N_("Among the {n} of {all} iterations in which every gate passed, all joining "
                   "agencies are done on time with a chance of {p}; finish P50 {p50}, P80 {p80}, "
                   "P90 {p90}. Per agency, the gates holding its workloads:"),
                args, SL_ARRAY_LEN(args));
    fputs("</p>\n", p->out);
    static const fcol cols[] = {
        {"agency", NC_("column", "agency"), K_TEXT},
        {"if_gates_pass.iterations", NC_("column", "iterations"), K_INT},
        {"if_gates_pass.p_on_time", NC_("column", "chance of finishing on time"), K_SHARE},
        {"if_gates_pass.finish_p50", NC_("column", "finish P50"), K_DATE},
        {"if_gates_pass.finish_p80", NC_("column", "finish P80"), K_DATE},
        {"if_gates_pass.finish_p90", NC_("column", "finish P90"), K_DATE},
    };
    sl_html_figures_table(p, "simulation.per_agency", cols, SL_ARRAY_LEN(cols));
}

/* The hard edges the group stage cut to fit clusters into windows: the
 * price of the split. */
void sl_html_cut_flows(const page *p)
{
    const sl_table *t = sl_tables_find(p->tables, "Cut flows");
    if (!t)
        return;
    sl_html_section_open(p, "cutflows", N_("Latency-sensitive flows cut"));
    fputs("<p>", p->out);
    static const fig_arg args[] = {
        {"clusters", "grouping.cut_clusters", K_INT},
        {"mbps", "grouping.cut_flows_mbps", K_DEC1},
    };
    sl_html_say(p,
                N_("Hard edges (latency-sensitive flows, or traffic over the threshold) joined "
                   "more workloads than a change window can move, so the plan cuts {clusters} "
                   "such clusters where the least traffic crosses: {mbps} Mbit/s in all. Each "
                   "flow below crosses the WAN between the moves of its two groups, for the "
                   "weeks shown (empty: one side is not scheduled)."),
                args, SL_ARRAY_LEN(args));
    fputs("</p>\n", p->out);
    sl_html_table(p, t, NULL, 200);
    sl_html_section_close(p);
}

void sl_html_risks(const page *p)
{
    json_t *risks = sl_jarray(p->doc, "risks");
    if (!risks)
        return;
    sl_html_section_open(p, "risks", N_("Risks"));
    if (!sl_html_drew(p, sl_chart_heat_map(p->out, p->doc, p->l)))
        sl_html_lead(p, N_("The register holds no risk with a likelihood and an impact from 1 to "
                           "5."));
    sl_html_table(p, sl_tables_find(p->tables, "Risks"), NULL, 1000);
    if_gates_pass(p);
    sl_html_section_close(p);
}

void sl_html_assumptions(const page *p)
{
    const sl_table *t = sl_tables_find(p->tables, "Assumptions");
    if (!t)
        return;
    sl_html_section_open(p, "assumptions", N_("Assumption log"));
    sl_html_lead(p, N_("Every number the scenario gave, with its unit and where it was written, "
                       "then every default the plan used where the scenario left a key out (file "
                       "\"(default)\"); each with the page that documents it. A range (min to "
                       "max) is sampled by the Monte Carlo; the plan uses the value."));
    sl_html_table(p, t, NULL, SIZE_MAX);
    sl_html_section_close(p);
}
