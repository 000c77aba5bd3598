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
        sl_html_text(p, sl_trc(p->l, "column", heads[c]));
        fputs("</th>", p->out);
    }
    fputs("</tr></thead>\n<tbody>\n", p->out);
}

static void figures(const page *p)
{
    json_t *sim = sl_jarray(p->doc, "simulation.per_agency");
    static const char *const heads[] = {NC_("column", "agency"),
                                        NC_("column", "chance the approvals come through"),
                                        NC_("column", "chance of finishing on time if they do"),
                                        NC_("column", "chance of finishing on time"),
                                        NC_("column", "expected saving"),
                                        NC_("column", "chance of a saving"),
                                        NC_("column", "saving P10"),
                                        NC_("column", "saving P90"),
                                        NC_("column", "saving if every gate passes and no move "
                                                      "fails")};
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
    fputs("<h3>", p->out);
    sl_html_tr(p, N_("The saving by gate outcome"));
    fputs("</h3>\n<p>", p->out);
    sl_html_tr(p, N_("Where a gate may be refused the saving has two humps: the halls close when "
                     "every gate passes, and stay paid for the whole horizon when one is "
                     "refused. The expected saving is their mean, weighted by how often each "
                     "happens."));
    fputs("</p>\n", p->out);
    static const char *const heads[] = {NC_("column", "agency"), NC_("column", "outcome"),
                                        NC_("column", "chance of the outcome"),
                                        NC_("column", "expected saving"),
                                        NC_("column", "chance of a saving")};
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
        outcome_row(p, id, sl_label(p->l, "outcome", "every gate passes"), path);
        snprintf(path, sizeof path, "%s.if_not_allowed", base);
        outcome_row(p, id, sl_label(p->l, "outcome", "some gate is refused"), path);
        json_t *gates = json_object_get(bo, "by_gate");
        for (size_t g = 0; g < json_array_size(gates); g++) {
            const char *gid = sl_jstr(json_object_get(json_array_get(gates, g), "gate"));
            const char *gname = gid && sl_html_name(p, "gate", gid) ? sl_html_name(p, "gate", gid)
                                : gid                               ? gid
                                                                    : "?";
            char what[512];
            sl_says(what, sizeof what, p->l, "%s is approved", gname);
            snprintf(path, sizeof path, "%s.by_gate.%zu.if_passes", base, g);
            outcome_row(p, id, what, path);
            sl_says(what, sizeof what, p->l, "%s is refused", gname);
            snprintf(path, sizeof path, "%s.by_gate.%zu.if_refused", base, g);
            outcome_row(p, id, what, path);
        }
    }
    fputs("</tbody></table></div>\n", p->out);
}

/* Why leaving workloads behind does not answer the gates or the
 * accounted rule (to_go.no_scope), as its own paragraph. */
static void scope_note(const page *p, json_t *to_go)
{
    const char *no_scope = sl_jstr(json_object_get(to_go, "no_scope"));
    json_t *ph = json_object_get(to_go, "no_scope_phrase");
    if (!no_scope)
        return;
    /* said in the page's language from its phrase, when the document has it */
    const char *said = json_is_object(ph) ? sl_report_say(p->arena, ph, p->l, p->currency, NULL)
                                          : NULL;
    if (json_is_object(ph) && !said)
        *p->err = SL_ENOMEM;
    fputs("<p>", p->out);
    sl_html_tr(p, N_("Scope: "));
    sl_html_text(p, said ? said : no_scope);
    fputs(".</p>\n", p->out);
}

void sl_html_to_go(const page *p, json_t *verdict, size_t index)
{
    json_t *t = json_object_get(verdict, "to_go");
    if (!json_is_object(t))
        return;
    json_t *levers = json_object_get(t, "levers");
    char path[128];
    fputs("<h4>", p->out);
    sl_html_tr(p, N_("To go, verified"));
    fputs("</h4>\n<p>", p->out);
    if (!json_array_size(levers)) {
        sl_html_tr(p, N_("No decision in reach lifts what objects: whether a gate passes is not "
                         "a decision."));
        fputs("</p>\n", p->out);
        scope_note(p, t);
        return;
    }
    snprintf(path, sizeof path, "verdicts.%zu.to_go.verdict", index);
    fig_arg args[] = {{"verdict", path, K_VERDICT}};
    sl_html_say(p,
                json_is_true(json_object_get(t, "verified"))
                    ? N_("With these decisions applied together and the plan re-run, the verdict "
                         "is {verdict} (verified).")
                    : N_("With these decisions applied together and the plan re-run, the verdict "
                         "is {verdict}, not go."),
                args, 1);
    fputs("</p>\n<ul class=\"levers\">\n", p->out);
    for (size_t i = 0; i < json_array_size(levers); i++) {
        json_t *l = json_array_get(levers, i);
        /* the --set form is for whoever re-runs it: a tooltip */
        fputs("<li title=\"--set ", p->out);
        sl_html_text(p, sl_jstr(json_object_get(l, "set")) ? sl_jstr(json_object_get(l, "set"))
                                                          : "");
        fputs("\">", p->out);
        sl_html_text(p, sl_html_said(p, l));
        fputs("</li>\n", p->out);
    }
    fputs("</ul>\n", p->out);
    scope_note(p, t);
    json_t *missing = json_object_get(t, "missing");
    if (json_array_size(missing)) {
        fputs("<p>", p->out);
        sl_html_tr(p, N_("Still objecting then:"));
        fputs("</p>\n<ul class=\"still\">\n", p->out);
        for (size_t i = 0; i < json_array_size(missing); i++) {
            json_t *m = json_array_get(missing, i);
            fputs("<li title=\"", p->out);
            sl_html_text(p, sl_jstr(json_object_get(m, "code")) ? sl_jstr(json_object_get(m, "code"))
                                                               : "");
            fputs("\">", p->out);
            sl_html_text(p, sl_html_said(p, m));
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
    fputs("<h3>", p->out);
    sl_html_tr(p, N_("If the no-go agencies stay out"));
    fputs("</h3>\n<p>", p->out);
    json_t *left = json_object_get(w, "left_out");
    sl_buf ids = {0};
    for (size_t i = 0; i < json_array_size(left); i++)
        sl_buf_printf(&ids, "%s%s", i ? ", " : "",
                      sl_jstr(json_array_get(left, i)) ? sl_jstr(json_array_get(left, i)) : "?");
    char lead[512];
    sl_says(lead, sizeof lead, p->l, "The plan re-run without the workloads of %s:",
            ids.data ? ids.data : "");
    sl_buf_free(&ids);
    sl_html_text(p, lead);
    fputc(' ', p->out);
    static const fig_arg platform[] = {
        {"hosts", "without_no_go.hosts", K_INT},
        {"cost", "without_no_go.platform.cost", K_MONEY},
        {"charged", "without_no_go.platform.charged", K_MONEY},
        {"recovered", "without_no_go.platform.cost_recovered", K_BOOL},
    };
    sl_html_say(p,
                N_("the shared platform then has {hosts} hosts and costs {cost} over the "
                   "horizon undiscounted, of which {charged} is charged back (the host recovers its cost: "
                   "{recovered})."),
                platform, SL_ARRAY_LEN(platform));
    fputs("</p>\n", p->out);
    static const fcol cols[] = {
        {"agency", NC_("column", "agency"), K_TEXT},
        {"verdict", NC_("column", "verdict"), K_VERDICT},
        {"fee_per_year", NC_("column", "charge a year"), K_MONEY},
        {"fee_per_year_with_all", NC_("column", "charge a year with all"), K_MONEY},
        {"npv_saving_mean", NC_("column", "expected saving"), K_MONEY},
        {"npv_saving_mean_with_all", NC_("column", "expected saving with all"), K_MONEY},
        {"p_saving_positive", NC_("column", "chance of a saving"), K_SHARE},
        {"npv_saving", NC_("column", "saving if every gate passes and no move fails"), K_MONEY},
    };
    sl_html_figures_table(p, "without_no_go.agencies", cols, SL_ARRAY_LEN(cols));
}

void sl_html_decision_section(const page *p)
{
    if (!sl_jarray(p->doc, "simulation.per_agency") || !sl_jget(p->doc, "cost"))
        return;
    sl_html_section_open(p, "decision", N_("The decision in figures"));
    sl_html_lead(p, N_("The approvals come through when every gate on the agency's workloads "
                       "passes. On time means they come through and the moves are done by the "
                       "deadline, so the chance of finishing on time is the chance the approvals "
                       "come through times the chance of finishing on time if they do; the "
                       "verdict judges the gates by the first and the timeline by the second. "
                       "The expected saving (net present value) is the mean over the Monte Carlo "
                       "iterations; the last column is the plan's own figure, which assumes every "
                       "gate passes and no move fails."));
    figures(p);
    by_outcome(p);
    without(p);
    sl_html_section_close(p);
}
