/* SPDX-License-Identifier: MIT */
/*
 * html_front.c - the first thing on the page: the answer. Per joining
 * agency one sentence that says its verdict, the reason that decided it
 * (the heaviest of its reasons) and what would change it (the decisions
 * the review verified together, else the first condition, else that no
 * decision reaches it), and its key figures: the chance that its
 * approvals come through (P(allowed)), the chance of finishing on time if
 * they do (P(on time | allowed)), the expected saving with its P10 to
 * P90, and the P90 migration cost against its budget. The charts and the
 * evidence follow in the sections.
 */
#include "report/html_page.h"

#include <math.h>
#include <string.h>

static void esc(const page *p, const char *s)
{
    sl_html_escape(p->out, s);
}

/* A sentence template with {name} filled by already-said texts. */
static void say_with(const page *p, const char *tmpl, const char *const *names,
                     const char *const *texts, size_t n)
{
    const char *t = sl_tr(p->l, tmpl);
    while (*t) {
        const char *open = strchr(t, '{'), *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            esc(p, t);
            return;
        }
        sl_html_escape_n(p->out, t, (size_t)(open - t));
        size_t len = (size_t)(close - open - 1);
        size_t i = 0;
        while (i < n && !(strlen(names[i]) == len && strncmp(names[i], open + 1, len) == 0))
            i++;
        if (i < n)
            esc(p, texts[i]);
        t = close + 1;
    }
}

/* What would change the verdict: the levers verified together, else the
 * first condition, else that no decision reaches it. */
static void change(const page *p, json_t *v, const char *agency)
{
    json_t *to_go = json_object_get(v, "to_go");
    json_t *levers = json_object_get(to_go, "levers");
    const char *names[] = {"agency", "levers", "condition"};
    if (json_array_size(levers)) {
        sl_buf b = {0};
        for (size_t i = 0; i < json_array_size(levers); i++)
            sl_buf_printf(&b, "%s%s", i ? "; " : "", sl_html_said(p, json_array_get(levers, i)));
        if (b.failed && !*p->err)
            *p->err = SL_ENOMEM; /* the page is then not written */
        const char *texts[] = {agency, b.data ? b.data : "", ""};
        say_with(p,
                 json_is_true(json_object_get(to_go, "verified"))
                     ? N_("{agency} could go ahead with these decisions together (verified by "
                          "re-running the plan): {levers}.")
                     : N_("These decisions together would improve the verdict, though not to go "
                          "(verified by re-running the plan): {levers}."),
                 names, texts, 3);
        sl_buf_free(&b);
        return;
    }
    json_t *conds = json_object_get(v, "conditions");
    if (json_array_size(conds) && !json_is_object(to_go)) {
        const char *texts[] = {agency, "", sl_html_said(p, json_array_get(conds, 0))};
        say_with(p, N_("What would lift it: {condition}."), names, texts, 3);
        return;
    }
    if (json_is_object(to_go))
        say_with(p,
                 N_("No decision in reach changes it: what objects is whether the approvals come "
                    "through, which is chance, not a decision."),
                 names, names, 0);
}


/* The expected saving outside its P10 to P90 reads as a contradiction
 * unless the card says why: a rare outcome far from the rest (a refused
 * gate, or every gate passing) pulls the mean. Paths into the document:
 * base is the agency's cost.per_agency.N.monte_carlo. */
static void mean_outside(const page *p, const char *base, const char *mean, const char *p10,
                         const char *p90)
{
    double m = sl_jnum_or(sl_jget(p->doc, mean), NAN);
    double lo = sl_jnum_or(sl_jget(p->doc, p10), NAN), hi = sl_jnum_or(sl_jget(p->doc, p90), NAN);
    bool below = m < lo, above = m > hi;
    if (!below && !above)
        return;
    char pr[192], v[192];
    snprintf(pr, sizeof pr, "%s.by_outcome.%s.p", base, below ? "if_not_allowed" : "if_allowed");
    snprintf(v, sizeof v, "%s.by_outcome.%s.npv_saving_mean", base,
             below ? "if_not_allowed" : "if_allowed");
    double pull = sl_jnum_or(sl_jget(p->doc, v), NAN);
    bool by_gates = sl_jnum_or(sl_jget(p->doc, pr), 0) > 0 && (below ? pull < m : pull > m);
    fig_arg args[] = {{"p", pr, K_SHARE}, {"saving", v, K_MONEY}};
    fputs("<br><small>", p->out);
    if (by_gates)
        sl_html_say(p,
                    below ? N_("below P10: the {p} of iterations in which some gate is refused "
                               "(saving {saving}) pull the mean down")
                          : N_("above P90: the {p} of iterations in which every gate passes "
                               "(saving {saving}) pull the mean up"),
                    args, 2);
    else
        sl_html_tr(p, below ? N_("below P10: a few iterations with a much lower saving pull the "
                                 "mean down")
                            : N_("above P90: a few iterations with a much higher saving pull the "
                                 "mean up"));
    fputs("</small>", p->out);
}

static void answer(const page *p, json_t *v, size_t vi)
{
    const char *ag = sl_jstr(json_object_get(v, "agency"));
    const char *verdict = sl_jstr(json_object_get(v, "verdict"));
    if (!ag || !verdict || strcmp(verdict, "host") == 0)
        return;
    const char *cls = strcmp(verdict, "go") == 0            ? "v-go"
                      : strcmp(verdict, "conditional") == 0 ? "v-conditional"
                      : strcmp(verdict, "no_go") == 0       ? "v-no-go"
                      : strcmp(verdict, "out") == 0         ? "v-out"
                                                            : "v-unknown";
    fprintf(p->out, "<article class=\"answer %s\">\n<h3>", cls);
    esc(p, ag);
    fputs(" <span class=\"badge\">", p->out);
    char path[160];
    snprintf(path, sizeof path, "verdicts.%zu.verdict", vi);
    sl_html_fig(p, path, K_VERDICT);
    fputs("</span></h3>\n", p->out);
    const char *name = sl_html_name(p, "agency", ag);
    if (name) {
        fputs("<p class=\"name\">", p->out);
        esc(p, name);
        fputs("</p>\n", p->out);
    }
    /* the verdict, the reason that decided it, what would change it */
    static const char *const names[] = {"agency", "reason"};
    json_t *reasons = json_object_get(v, "reasons");
    json_t *first = json_array_get(reasons, 0);
    const char *texts[] = {ag, first ? sl_html_said(p, first) : ""};
    fputs("<p class=\"sentence\">", p->out);
    say_with(p,
             strcmp(verdict, "go") == 0 ? N_("{agency} can join: every rule is met.")
             : strcmp(verdict, "conditional") == 0
                 ? N_("{agency} can join once its conditions are met.")
                 : N_("{agency} should not join now."),
             names, texts, 2);
    if (first && strcmp(verdict, "go") != 0) {
        fputc(' ', p->out);
        fputs("<span title=\"", p->out);
        esc(p, sl_jstr(json_object_get(first, "code")) ? sl_jstr(json_object_get(first, "code"))
                                                       : "");
        fputs("\">", p->out);
        say_with(p, N_("Deciding: {reason}."), names, texts, 2);
        fputs("</span>", p->out);
    }
    fputs("</p>\n<p class=\"change\">", p->out);
    change(p, v, ag);
    fputs("</p>\n<dl>\n", p->out);
    json_t *sims = sl_jarray(p->doc, "simulation.per_agency");
    json_t *costs = sl_jarray(p->doc, "cost.per_agency");
    size_t si = SIZE_MAX, ci = SIZE_MAX;
    for (size_t i = 0; i < json_array_size(sims); i++)
        if (json_array_get(sims, i) == sl_jfind(sims, "agency", ag))
            si = i;
    for (size_t i = 0; i < json_array_size(costs); i++)
        if (json_array_get(costs, i) == sl_jfind(costs, "agency", ag))
            ci = i;
    if (si != SIZE_MAX) {
        fputs("<dt>", p->out);
        sl_html_tr(p, N_("chance that its approvals come through"));
        fputs("</dt><dd>", p->out);
        snprintf(path, sizeof path, "simulation.per_agency.%zu.p_allowed", si);
        sl_html_fig(p, path, K_SHARE);
        fputs("</dd>\n<dt>", p->out);
        sl_html_tr(p, N_("chance of finishing on time if they do"));
        fputs("</dt><dd>", p->out);
        snprintf(path, sizeof path, "simulation.per_agency.%zu.p_on_time_given_allowed", si);
        if (!sl_html_fig(p, path, K_SHARE) || json_is_null(sl_jget(p->doc, path)))
            fputs("-", p->out);
        fputs("</dd>\n", p->out);
    }
    if (ci != SIZE_MAX) {
        char base[96];
        snprintf(base, sizeof base, "cost.per_agency.%zu.monte_carlo", ci);
        char mean[160], p10[160], p90[160];
        snprintf(mean, sizeof mean, "%s.npv_saving_mean", base);
        snprintf(p10, sizeof p10, "%s.npv_saving_p10", base);
        snprintf(p90, sizeof p90, "%s.npv_saving_p90", base);
        if (sl_html_has(p, mean)) {
            fputs("<dt>", p->out);
            sl_html_tr(p, N_("expected saving (P10 to P90)"));
            fputs("</dt><dd>", p->out);
            fig_arg args[] = {{"mean", mean, K_MONEY}, {"p10", p10, K_MONEY},
                              {"p90", p90, K_MONEY}};
            sl_html_say(p, N_("{mean} ({p10} to {p90})"), args, 3);
            mean_outside(p, base, mean, p10, p90);
            fputs("</dd>\n", p->out);
        }
    }
    json_t *agencies = sl_jarray(p->doc, "scenario.agencies");
    size_t ai = SIZE_MAX;
    for (size_t i = 0; i < json_array_size(agencies); i++)
        if (json_array_get(agencies, i) == sl_jfind(agencies, "agency", ag) ||
            json_array_get(agencies, i) == sl_jfind(agencies, "id", ag))
            ai = i;
    if (si != SIZE_MAX) {
        char cost[160], budget[160];
        snprintf(cost, sizeof cost, "simulation.per_agency.%zu.cost_p90", si);
        snprintf(budget, sizeof budget, "scenario.agencies.%zu.budget", ai);
        if (sl_html_has(p, cost)) {
            fputs("<dt>", p->out);
            sl_html_tr(p, N_("migration cost P90 against the budget"));
            fputs("</dt><dd>", p->out);
            fig_arg args[] = {{"cost", cost, K_MONEY}, {"budget", budget, K_MONEY}};
            if (ai != SIZE_MAX && sl_jnum_or(sl_jget(p->doc, budget), 0) > 0)
                sl_html_say(p, N_("{cost} against {budget}"), args, 2);
            else
                sl_html_say(p, N_("{cost} (no budget given)"), args, 2);
            fputs("</dd>\n", p->out);
        }
    }
    fputs("</dl>\n</article>\n", p->out);
}

void sl_html_front(const page *p)
{
    json_t *vs = sl_jarray(p->doc, "verdicts");
    if (!json_array_size(vs))
        return;
    sl_html_section_open(p, "answer", N_("The answer"));
    sl_html_lead(p, N_("For each agency: should it join, what decided that, and what would "
                       "change it; then the figures behind it. The sections below give the "
                       "evidence."));
    fputs("<div class=\"answers\">\n", p->out);
    for (size_t i = 0; i < json_array_size(vs); i++)
        answer(p, json_array_get(vs, i), i);
    fputs("</div>\n", p->out);
    sl_html_section_close(p);
}
