/* SPDX-License-Identifier: MIT */
/*
 * text_account.c - parts of the terminal summary that say what a plan's
 * figures stand on (issue 14): the account of every workload (per
 * joining agency its inventory, how many move, how many cannot, by
 * reason, and how many the scenario declares will not move, by
 * disposition, and the source halls the plan keeps open), and the price
 * of each isolation rule of the pool policy.
 */
#include "core/core.h"
#include "report/html.h"
#include "report/report.h"

#include <string.h>

int sl_text_accounting(FILE *out, const sl_plan *plan, bool color)
{
    const sl_model *m = plan->model;
    const sl_schedule *s = plan->schedule;
    if (!s || !plan->assessment)
        return 0;
    fprintf(out, "\n%sWorkloads accounted for%s (moved + cannot move + declared not to move = "
                 "inventory)\n",
            color ? "\033[1m" : "", color ? "\033[0m" : "");
    fprintf(out, "  %-10s %9s %9s %12s %9s  %s\n", "agency", "inventory", "moved", "cannot move",
            "declared", "halls kept open");
    sl_hall_count *hc = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *hc);
    if (!hc)
        return SL_ENOMEM;
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency_schedule *as = &s->per_agency[a];
        if (m->agencies[a].role != SL_ROLE_JOINING || !as->n_inventory)
            continue;
        sl_buf halls = {0};
        sl_account_halls(plan, (sl_index)a, hc);
        for (size_t k = 0; k < m->n_sites; k++) {
            const sl_hall_count *h = &hc[k];
            if (h->moved + h->unmovable + h->stays + h->leaves && sl_account_hall_kept(h))
                sl_buf_printf(&halls, "%s%s", halls.len ? ", " : "", m->sites[k].id);
        }
        if (halls.failed) {
            sl_buf_free(&halls);
            sl_free(hc);
            return SL_ENOMEM;
        }
        fprintf(out, "  %-10s %9zu %9zu %12zu %9zu  %s\n", m->agencies[a].id, as->n_inventory,
                as->n_moved, as->n_unmovable, as->n_declared, halls.len ? halls.data : "-");
        sl_buf_free(&halls);
        if (as->n_unmovable) {
            fprintf(out, "  %-10s cannot move:", "");
            const char *sep = " ";
            for (int r = 0; r < SL_N_UNSCHED; r++)
                if (as->unmovable_by[r]) {
                    fprintf(out, "%s%zu %s", sep, as->unmovable_by[r],
                            sl_unsched_name((sl_unsched_reason)r));
                    sep = ", ";
                }
            fputs(" (not declared to stay: the agency cannot be go)\n", out);
        }
        if (as->n_declared) {
            fprintf(out, "  %-10s declared:", "");
            const char *sep = " ";
            for (int d = SL_DISPOSITION_STAY; d < SL_N_DISPOSITIONS; d++)
                if (as->declared_by[d]) {
                    fprintf(out, "%s%zu %s", sep, as->declared_by[d],
                            sl_disposition_name((sl_disposition)d));
                    sep = ", ";
                }
            fputs(" (listed in the plan document with the reasons)\n", out);
        }
    }
    sl_free(hc);
    return 0;
}

/* "agency, security_class", or `none` for no rule. */
static void policy_text(char *buf, size_t len, unsigned isolation, const char *none)
{
    static const unsigned rules[] = {SL_ISOLATE_AGENCY, SL_ISOLATE_SECURITY_CLASS, SL_ISOLATE_ENV};
    const char *on[3] = {"", "", ""};
    size_t n = 0;
    for (size_t i = 0; i < SL_ARRAY_LEN(rules); i++)
        if (isolation & rules[i])
            on[n++] = sl_isolation_name(rules[i]);
    if (!n)
        snprintf(buf, len, "%s", none);
    else
        snprintf(buf, len, "%s%s%s%s%s", on[0], n > 1 ? ", " : "", on[1], n > 2 ? ", " : "", on[2]);
}

void sl_text_isolation(FILE *out, const sl_plan *plan, bool color)
{
    const sl_model *m = plan->model;
    const sl_placement *pl = plan->placement;
    if (!pl || pl->n_isolation_steps < 2)
        return;
    const double *npv = plan->cost ? plan->cost->isolation_npv : NULL;
    char money_a[32], money_b[32];
    fprintf(out, "\n%sThe price of isolation%s (the shared platform under the pool policy, then "
                 "each rule dropped)\n",
            color ? "\033[1m" : "", color ? "\033[0m" : "");
    char head[48];
    if (npv)
        snprintf(head, sizeof head, "cost over %d years (PV)", m->horizon_years);
    else
        snprintf(head, sizeof head, "cost a year");
    fprintf(out, "  %-24s %6s %6s %12s %14s %24s\n", "isolation", "hosts", "racks", "facility kW",
            "hardware", head);
    for (size_t k = 0; k < pl->n_isolation_steps; k++) {
        const sl_isolation_step *st = &pl->isolation_steps[k];
        char pol[64];
        policy_text(pol, sizeof pol, st->isolation, "none (one shared pool)");
        sl_money_text(money_a, sizeof money_a, st->cost_hardware, m->currency);
        sl_money_text(money_b, sizeof money_b, npv ? npv[k] : st->cost_per_year, m->currency);
        fprintf(out, "  %-24s %6zu %6zu %12.1f %14s %24s\n", pol, st->hosts, st->racks,
                st->facility_kw, money_a, money_b);
    }
    for (size_t k = 1; k < pl->n_isolation_steps; k++) {
        const sl_isolation_step *st = &pl->isolation_steps[k], *prev = st - 1;
        char pol[64], rule[64];
        policy_text(pol, sizeof pol, st->isolation, "no isolation");
        policy_text(rule, sizeof rule, st->dropped, "?");
        sl_money_text(money_a, sizeof money_a,
                      npv ? npv[k - 1] - npv[k] : prev->cost_per_year - st->cost_per_year,
                      m->currency);
        fprintf(out, "  price of %s: %+ld hosts, %+ld racks, %+.1f kW, %s%s (against %s)\n", rule,
                (long)prev->hosts - (long)st->hosts, (long)prev->racks - (long)st->racks,
                prev->facility_kw - st->facility_kw, money_a, npv ? "" : " a year", pol);
    }
}
