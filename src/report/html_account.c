/* SPDX-License-Identifier: MIT */
/*
 * html_account.c - the HTML report's parts that say what a figure is
 * (issue 14). The account of every workload: per joining agency how many
 * of its workloads move, cannot move (by reason) or are declared not to
 * move (by disposition), the halls the plan keeps open and why, and the
 * declared workloads with the planner's reasons. And the planned finish,
 * which uses likely values and no failed move, beside the simulated P50
 * and P80 when the agency's gates pass. And the price of each isolation
 * rule. Figures are tagged with their place in the plan document, as
 * everywhere on the page (html.c).
 */
#include "report/html.h"
#include "report/html_page.h"

#include <stdio.h>
#include <string.h>

/* The halls an agency's plan keeps open, each with its reason. */
static void kept_halls(const page *p, size_t i)
{
    char path[128];
    snprintf(path, sizeof path, "accounting.per_agency.%zu.halls", i);
    json_t *halls = sl_jarray(p->doc, path);
    bool any = false;
    for (size_t k = 0; k < json_array_size(halls); k++) {
        if (!json_is_true(json_object_get(json_array_get(halls, k), "kept")))
            continue;
        if (any)
            fputs("<br>", p->out);
        any = true;
        snprintf(path, sizeof path, "accounting.per_agency.%zu.halls.%zu.site", i, k);
        sl_html_fig(p, path, K_TEXT);
        fputs(": ", p->out);
        snprintf(path, sizeof path, "accounting.per_agency.%zu.halls.%zu.why", i, k);
        const char *why = sl_jstr(sl_jget(p->doc, path));
        sl_html_text(p, why ? sl_tr(p->l, why) : "");
    }
    if (!any)
        sl_html_tr(p, N_("none"));
}

void sl_html_accounting(const page *p)
{
    json_t *per = sl_jarray(p->doc, "accounting.per_agency");
    if (!per)
        return;
    sl_html_section_open(p, "accounting", N_("Every workload accounted for"));
    sl_html_lead(p, N_("Each workload moves, cannot move (with the reason), or is declared by the "
                       "scenario not to move. A hall that keeps a workload stays open, and the "
                       "cost counts it; an agency with workloads that cannot move and are not "
                       "declared cannot be go."));
    static const char *const heads[] = {
        NC_("column", "agency"),    NC_("column", "inventory"), NC_("column", "moved"),
        NC_("column", "cannot move"), NC_("column", "declared not to move"),
        NC_("column", "not ready"), NC_("column", "too large for any window"),
        NC_("column", "no window"), NC_("column", "no staff hours"),
        NC_("column", "no room at the target"), NC_("column", "halls kept open")};
    static const char *const keys[] = {"agency", "inventory", "moved", "unmovable", "declared",
                                       "unmovable_by.not_ready", "unmovable_by.too_large",
                                       "unmovable_by.no_window", "unmovable_by.no_staff",
                                       "unmovable_by.no_target_capacity"};
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", p->out);
    for (size_t c = 0; c < SL_ARRAY_LEN(heads); c++) {
        fputs("<th>", p->out);
        sl_html_text(p, sl_trc(p->l, "column", heads[c]));
        fputs("</th>", p->out);
    }
    fputs("</tr></thead>\n<tbody>\n", p->out);
    for (size_t i = 0; i < json_array_size(per); i++) {
        fputs("<tr>", p->out);
        for (size_t c = 0; c < SL_ARRAY_LEN(keys); c++) {
            char path[128];
            snprintf(path, sizeof path, "accounting.per_agency.%zu.%s", i, keys[c]);
            fputs(c ? "<td class=\"num\">" : "<td>", p->out);
            sl_html_fig(p, path, c ? K_INT : K_TEXT);
            fputs("</td>", p->out);
        }
        fputs("<td class=\"wrap\">", p->out);
        kept_halls(p, i);
        fputs("</td></tr>\n", p->out);
    }
    fputs("</tbody></table></div>\n", p->out);
    if (json_array_size(sl_jarray(p->doc, "accounting.declared"))) {
        fputs("<h3>", p->out);
        sl_html_tr(p, N_("Declared not to move"));
        fputs("</h3>\n", p->out);
        static const fcol cols[] = {{"workload", NC_("column", "workload"), K_TEXT},
                                    {"agency", NC_("column", "agency"), K_TEXT},
                                    {"site", NC_("column", "hall"), K_TEXT},
                                    {"disposition", NC_("column", "disposition"), K_LABEL},
                                    {"why", NC_("column", "why"), K_TEXT}};
        sl_html_figures_table(p, "accounting.declared", cols, SL_ARRAY_LEN(cols));
    }
    sl_html_section_close(p);
}

/* Each agency's planned finish beside the Monte Carlo's P50 and P80 in
 * the iterations where every gate holding its moves passed: the plan
 * uses likely values and no failed move, so it is not a forecast. */
void sl_html_planned_finish(const page *p)
{
    json_t *planned = sl_jarray(p->doc, "schedule.per_agency");
    json_t *sim = sl_jarray(p->doc, "simulation.per_agency");
    if (!planned || !sim)
        return;
    static const char *const heads[] = {
        NC_("column", "agency"), NC_("column", "planned finish (likely values, no failures)"),
        NC_("column", "simulated P50 if its gates pass"),
        NC_("column", "simulated P80 if its gates pass")};
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", p->out);
    for (size_t c = 0; c < SL_ARRAY_LEN(heads); c++) {
        fputs("<th>", p->out);
        sl_html_text(p, sl_trc(p->l, "column", heads[c]));
        fputs("</th>", p->out);
    }
    fputs("</tr></thead>\n<tbody>\n", p->out);
    for (size_t i = 0; i < json_array_size(planned); i++) {
        const char *id = sl_jstr(json_object_get(json_array_get(planned, i), "agency"));
        size_t k = 0;
        while (k < json_array_size(sim)) {
            const char *other = sl_jstr(json_object_get(json_array_get(sim, k), "agency"));
            if (id && other && strcmp(id, other) == 0)
                break;
            k++;
        }
        if (k == json_array_size(sim))
            continue;
        char path[128];
        fputs("<tr><td>", p->out);
        snprintf(path, sizeof path, "schedule.per_agency.%zu.agency", i);
        sl_html_fig(p, path, K_TEXT);
        fputs("</td><td>", p->out);
        snprintf(path, sizeof path, "schedule.per_agency.%zu.finish", i);
        sl_html_fig(p, path, K_DATE);
        fputs("</td><td>", p->out);
        snprintf(path, sizeof path, "simulation.per_agency.%zu.if_gates_pass.finish_p50", k);
        sl_html_fig(p, path, K_DATE);
        fputs("</td><td>", p->out);
        snprintf(path, sizeof path, "simulation.per_agency.%zu.if_gates_pass.finish_p80", k);
        sl_html_fig(p, path, K_DATE);
        fputs("</td></tr>\n", p->out);
    }
    fputs("</tbody></table></div>\n", p->out);
}

/* A policy's rules, each said as its label (the code a tooltip); "none"
 * for none. */
static void policy_cell(const page *p, const char *path)
{
    json_t *arr = sl_jarray(p->doc, path);
    for (size_t j = 0; j < json_array_size(arr); j++) {
        const char *code = sl_jstr(json_array_get(arr, j));
        if (j)
            fputs(", ", p->out);
        fputs("<span title=\"", p->out);
        sl_html_text(p, code ? code : "");
        fputs("\">", p->out);
        sl_html_text(p, sl_label(p->l, "isolation", code));
        fputs("</span>", p->out);
    }
    if (!json_array_size(arr))
        sl_html_tr(p, N_("none"));
}

/* The rows of one of the isolation tables: policy first, then figures. */
static void isolation_rows(const page *p, const char *arr_path, const char *policy_key,
                           const fcol *cols, size_t n_cols)
{
    json_t *arr = sl_jarray(p->doc, arr_path);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        char path[160];
        fputs("<tr>", p->out);
        for (size_t c = 0; c < n_cols; c++) {
            snprintf(path, sizeof path, "%.64s.%zu.%.32s", arr_path, i, cols[c].key);
            fputs(cols[c].k == K_TEXT || cols[c].k == K_LABEL ? "<td>" : "<td class=\"num\">", p->out);
            sl_html_fig(p, path, cols[c].k);
            fputs("</td>", p->out);
        }
        snprintf(path, sizeof path, "%.64s.%zu.%.32s", arr_path, i, policy_key);
        fputs("<td>", p->out);
        policy_cell(p, path);
        fputs("</td></tr>\n", p->out);
    }
}

static void isolation_table(const page *p, const char *arr_path, const fcol *cols, size_t n_cols,
                            const char *policy_head, const char *policy_key)
{
    fputs("<div class=\"scroll\"><table>\n<thead><tr>", p->out);
    for (size_t c = 0; c < n_cols; c++) {
        fputs("<th>", p->out);
        sl_html_text(p, sl_trc(p->l, "column", cols[c].header));
        fputs("</th>", p->out);
    }
    fputs("<th>", p->out);
    sl_html_text(p, sl_trc(p->l, "column", policy_head));
    fputs("</th></tr></thead>\n<tbody>\n", p->out);
    isolation_rows(p, arr_path, policy_key, cols, n_cols);
    fputs("</tbody></table></div>\n", p->out);
}

void sl_html_isolation(const page *p)
{
    if (!json_array_size(sl_jarray(p->doc, "isolation.price")))
        return;
    sl_html_section_open(p, "isolation", N_("The price of isolation"));
    sl_html_lead(p, N_("The shared platform under the pool policy, then with each of its rules "
                       "dropped in turn: what a security or organisational requirement costs in "
                       "hosts, racks, power and money over the horizon (present value), against "
                       "the next looser policy. Its cost counts hardware, licences, energy and "
                       "racks; the host's staff and the platform's one-offs, the same under every "
                       "policy, are left out."));
    static const fcol price[] = {
        {"rule", NC_("column", "isolating by"), K_LABEL},
        {"hosts", NC_("column", "more hosts"), K_INT},
        {"racks", NC_("column", "more racks"), K_INT},
        {"facility_kw", NC_("column", "more kW at the facility"), K_DEC1},
        {"hardware", NC_("column", "more hardware"), K_MONEY},
        {"npv_horizon", NC_("column", "more cost over the horizon"), K_MONEY},
    };
    isolation_table(p, "isolation.price", price, SL_ARRAY_LEN(price),
                    NC_("column", "against isolation by"), "against");
    static const fcol steps[] = {
        {"hosts", NC_("column", "hosts"), K_INT},
        {"racks", NC_("column", "racks"), K_INT},
        {"facility_kw", NC_("column", "kW at the facility"), K_DEC1},
        {"hardware", NC_("column", "hardware"), K_MONEY},
        {"npv_horizon", NC_("column", "cost over the horizon"), K_MONEY},
    };
    fputs("<h3>", p->out);
    sl_html_tr(p, N_("The platform under each policy"));
    fputs("</h3>\n", p->out);
    isolation_table(p, "isolation.steps", steps, SL_ARRAY_LEN(steps), NC_("column", "isolation by"),
                    "isolation");
    sl_html_section_close(p);
}
