/* SPDX-License-Identifier: MIT */
/*
 * html_decision.c - the section of the HTML report that states each
 * agency's decision in figures, as the verdict reads them (docs/COST.md,
 * docs/SCHEDULE.md):
 *
 *   - allowed (every gate on its workloads passes) and on time given
 *     allowed, apart, and their product P(on time);
 *   - the expected NPV saving (the mean over the iterations), P(saving >
 *     0), P10 and P90, beside the plan's figure, labelled with what it
 *     assumes (every gate passes and no move fails);
 *   - the saving by gate outcome, each outcome with its probability.
 *
 * Every figure is a tagged figure of the plan document (sl_html_fig).
 */
#include "report/html_page.h"

#include <string.h>

/* The index of agency id in the array at path, or -1. */
static long index_of(const page *p, const char *path, const char *id)
{
    json_t *arr = sl_jarray(p->doc, path);
    for (size_t i = 0; id && i < json_array_size(arr); i++) {
        const char *a = sl_jstr(json_object_get(json_array_get(arr, i), "agency"));
        if (a && strcmp(a, id) == 0)
            return (long)i;
    }
    return -1;
}

/* One cell: the figure at "<arr>.<i>.<key>", or empty when absent. */
static void cell(const page *p, const char *arr, long i, const char *key, kind k)
{
    fputs(k == K_TEXT || k == K_DATE ? "<td>" : "<td class=\"num\">", p->out);
    if (i >= 0) {
        char path[256];
        snprintf(path, sizeof path, "%s.%ld.%s", arr, i, key);
        sl_html_fig(p, path, k);
    }
    fputs("</td>", p->out);
}

static void head_row(const page *p, const char *const *heads, size_t n)
{
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", p->out);
    for (size_t c = 0; c < n; c++) {
        fputs("<th>", p->out);
        sl_html_text(p, heads[c]);
        fputs("</th>", p->out);
    }
    fputs("</tr></thead>\n<tbody>\n", p->out);
}

static void figures(const page *p)
{
    json_t *sim = sl_jarray(p->doc, "simulation.per_agency");
    static const char *const heads[] = {
        "agency",         "P(allowed)",        "P(on time | allowed)",
        "P(on time)",     "expected NPV saving", "P(saving > 0)",
        "saving P10",     "saving P90",        "saving if all gates pass, no move fails"};
    head_row(p, heads, SL_ARRAY_LEN(heads));
    for (size_t i = 0; i < json_array_size(sim); i++) {
        const char *id = sl_jstr(json_object_get(json_array_get(sim, i), "agency"));
        long c = index_of(p, "cost.per_agency", id);
        fputs("<tr>", p->out);
        cell(p, "simulation.per_agency", (long)i, "agency", K_TEXT);
        cell(p, "simulation.per_agency", (long)i, "p_allowed", K_SHARE);
        cell(p, "simulation.per_agency", (long)i, "p_on_time_given_allowed", K_SHARE);
        cell(p, "simulation.per_agency", (long)i, "p_on_time", K_SHARE);
        cell(p, "cost.per_agency", c, "monte_carlo.npv_saving_mean", K_MONEY);
        cell(p, "cost.per_agency", c, "monte_carlo.p_saving_positive", K_SHARE);
        cell(p, "cost.per_agency", c, "monte_carlo.npv_saving_p10", K_MONEY);
        cell(p, "cost.per_agency", c, "monte_carlo.npv_saving_p90", K_MONEY);
        cell(p, "cost.per_agency", c, "npv_saving", K_MONEY);
        fputs("</tr>\n", p->out);
    }
    fputs("</tbody></table></div>\n", p->out);
}

static void outcome_row(const page *p, const char *agency, const char *what, const char *base)
{
    char path[256];
    fputs("<tr><td>", p->out);
    sl_html_text(p, agency);
    fputs("</td><td>", p->out);
    sl_html_text(p, what);
    fputs("</td>", p->out);
    static const char *const keys[] = {"p", "npv_saving_mean", "p_saving_positive"};
    static const kind kinds[] = {K_SHARE, K_MONEY, K_SHARE};
    for (size_t k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s.%s", base, keys[k]);
        fputs("<td class=\"num\">", p->out);
        sl_html_fig(p, path, kinds[k]);
        fputs("</td>", p->out);
    }
    fputs("</tr>\n", p->out);
}

/* The humps of the saving: every gate passes or some is refused, then
 * per gate that may be refused, each with its probability. */
static void by_outcome(const page *p)
{
    json_t *cost = sl_jarray(p->doc, "cost.per_agency");
    bool any = false;
    for (size_t i = 0; i < json_array_size(cost); i++) {
        json_t *o = sl_jget(json_array_get(cost, i), "monte_carlo.by_outcome.if_not_allowed");
        double n = 0;
        any = any || (sl_jnum(json_object_get(o, "iterations"), &n) && n > 0);
    }
    if (!any)
        return;
    fputs("<h3>The saving by gate outcome</h3>\n<p>Where a gate may be refused the saving "
          "has two humps: the halls close when every gate passes, and stay paid for the "
          "whole horizon when one is refused. The expected saving is their mean, weighted "
          "by how often each happens.</p>\n",
          p->out);
    static const char *const heads[] = {"agency", "outcome", "P", "expected NPV saving",
                                        "P(saving > 0)"};
    head_row(p, heads, SL_ARRAY_LEN(heads));
    for (size_t i = 0; i < json_array_size(cost); i++) {
        json_t *row = json_array_get(cost, i);
        const char *id = sl_jstr(json_object_get(row, "agency"));
        char base[256];
        snprintf(base, sizeof base, "cost.per_agency.%zu.monte_carlo.by_outcome", i);
        json_t *bo = sl_jget(p->doc, base);
        if (!bo || !id)
            continue;
        char path[320];
        snprintf(path, sizeof path, "%s.if_allowed", base);
        outcome_row(p, id, "every gate passes", path);
        snprintf(path, sizeof path, "%s.if_not_allowed", base);
        outcome_row(p, id, "some gate is refused", path);
        json_t *gates = json_object_get(bo, "by_gate");
        for (size_t g = 0; g < json_array_size(gates); g++) {
            const char *gid = sl_jstr(json_object_get(json_array_get(gates, g), "gate"));
            char what[160];
            snprintf(what, sizeof what, "gate %s passes", gid ? gid : "?");
            snprintf(path, sizeof path, "%s.by_gate.%zu.if_passes", base, g);
            outcome_row(p, id, what, path);
            snprintf(what, sizeof what, "gate %s is refused", gid ? gid : "?");
            snprintf(path, sizeof path, "%s.by_gate.%zu.if_refused", base, g);
            outcome_row(p, id, what, path);
        }
    }
    fputs("</tbody></table></div>\n", p->out);
}

/* Why leaving workloads behind does not answer the gates or the
 * accounted rule (to_go.no_scope), as its own paragraph. */
static void scope_note(const page *p, const char *no_scope)
{
    if (!no_scope)
        return;
    fputs("<p>", p->out);
    sl_html_text(p, "Scope: ");
    sl_html_text(p, no_scope);
    fputs(".</p>\n", p->out);
}

void sl_html_to_go(const page *p, json_t *verdict, size_t index)
{
    json_t *t = json_object_get(verdict, "to_go");
    if (!json_is_object(t))
        return;
    json_t *levers = json_object_get(t, "levers");
    char path[128];
    fputs("<h4>To go, verified</h4>\n<p>", p->out);
    const char *no_scope = sl_jstr(json_object_get(t, "no_scope"));
    if (!json_array_size(levers)) {
        fputs("No decision in reach lifts what objects: whether a gate passes is not a "
              "decision.</p>\n",
              p->out);
        scope_note(p, no_scope);
        return;
    }
    fputs("With these decisions applied together and the plan re-run, the verdict is ", p->out);
    snprintf(path, sizeof path, "verdicts.%zu.to_go.verdict", index);
    sl_html_fig(p, path, K_VERDICT);
    fputs(json_is_true(json_object_get(t, "verified")) ? " (verified).</p>\n"
                                                       : ", not go.</p>\n",
          p->out);
    fputs("<ul class=\"levers\">\n", p->out);
    for (size_t i = 0; i < json_array_size(levers); i++) {
        json_t *l = json_array_get(levers, i);
        fputs("<li>", p->out);
        sl_html_text(p, sl_jstr(json_object_get(l, "text")) ? sl_jstr(json_object_get(l, "text"))
                                                           : "");
        fputs(" <code>--set ", p->out);
        sl_html_text(p, sl_jstr(json_object_get(l, "set")) ? sl_jstr(json_object_get(l, "set"))
                                                          : "");
        fputs("</code></li>\n", p->out);
    }
    fputs("</ul>\n", p->out);
    scope_note(p, no_scope);
    json_t *missing = json_object_get(t, "missing");
    if (json_array_size(missing)) {
        fputs("<p>Still objecting then:</p>\n<ul class=\"still\">\n", p->out);
        for (size_t i = 0; i < json_array_size(missing); i++) {
            fputs("<li>", p->out);
            const char *text = sl_jstr(json_object_get(json_array_get(missing, i), "text"));
            sl_html_text(p, text ? text : "");
            fputs("</li>\n", p->out);
        }
        fputs("</ul>\n", p->out);
    }
}

/* The plan re-run without the no-go agencies. */
static void without(const page *p)
{
    json_t *w = sl_jget(p->doc, "without_no_go");
    if (!json_is_object(w))
        return;
    fputs("<h3>If the no-go agencies stay out</h3>\n<p>The plan re-run without the workloads "
          "of ",
          p->out);
    json_t *left = json_object_get(w, "left_out");
    for (size_t i = 0; i < json_array_size(left); i++) {
        char path[64];
        snprintf(path, sizeof path, "without_no_go.left_out.%zu", i);
        if (i)
            fputs(", ", p->out);
        sl_html_fig(p, path, K_TEXT);
    }
    static const piece platform[] = {
        {": the shared platform then has ", "without_no_go.hosts", K_INT},
        {" hosts and costs ", "without_no_go.platform.cost", K_MONEY},
        {" over the horizon, of which ", "without_no_go.platform.charged", K_MONEY},
        {" is charged back (the host recovers its cost: ", "without_no_go.platform.cost_recovered",
         K_BOOL},
        {").</p>\n", NULL, K_TEXT},
    };
    sl_html_sentence(p, platform, SL_ARRAY_LEN(platform));
    static const fcol cols[] = {
        {"agency", "agency", K_TEXT},
        {"verdict", "verdict", K_VERDICT},
        {"fee_per_year", "charge a year", K_MONEY},
        {"fee_per_year_with_all", "with all", K_MONEY},
        {"npv_saving_mean", "expected NPV saving", K_MONEY},
        {"npv_saving_mean_with_all", "with all", K_MONEY},
        {"p_saving_positive", "P(saving > 0)", K_SHARE},
        {"npv_saving", "saving if all gates pass, no move fails", K_MONEY},
    };
    sl_html_figures_table(p, "without_no_go.agencies", cols, SL_ARRAY_LEN(cols));
}

void sl_html_decision_section(const page *p)
{
    if (!sl_jarray(p->doc, "simulation.per_agency") || !sl_jget(p->doc, "cost"))
        return;
    sl_html_section_open(p, "decision", "The decision in figures");
    sl_html_lead(p, "Allowed: every gate on the agency's workloads passes. On time: allowed, and "
                    "moved by the deadline, so P(on time) = P(allowed) x P(on time | allowed); "
                    "the verdict judges the gates by the first and the timeline by the second. "
                    "The expected NPV saving is the mean over the Monte Carlo iterations; the "
                    "last column is the plan's own figure, which assumes every gate passes and "
                    "no move fails.");
    figures(p);
    by_outcome(p);
    without(p);
    sl_html_section_close(p);
}
