/* SPDX-License-Identifier: MIT */
/*
 * text_account.c - the terminal summary's account of every workload
 * (issue 14): per joining agency its inventory, how many move, how many
 * cannot (by reason) and how many the scenario declares will not move
 * (by disposition), and the source halls the plan keeps open.
 */
#include "core/core.h"
#include "report/report.h"

#include <string.h>

void sl_text_accounting(FILE *out, const sl_plan *plan, bool color)
{
    const sl_model *m = plan->model;
    const sl_schedule *s = plan->schedule;
    if (!s || !plan->assessment)
        return;
    fprintf(out, "\n%sWorkloads accounted for%s (moved + cannot move + declared not to move = "
                 "inventory)\n",
            color ? "\033[1m" : "", color ? "\033[0m" : "");
    fprintf(out, "  %-10s %9s %9s %12s %9s  %s\n", "agency", "inventory", "moved", "cannot move",
            "declared", "halls kept open");
    sl_hall_count *hc = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *hc);
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency_schedule *as = &s->per_agency[a];
        if (m->agencies[a].role != SL_ROLE_JOINING || !as->n_inventory)
            continue;
        sl_buf halls = {0};
        if (hc) {
            sl_account_halls(plan, (sl_index)a, hc);
            for (size_t k = 0; k < m->n_sites; k++) {
                const sl_hall_count *h = &hc[k];
                if (h->moved + h->unmovable + h->stays + h->leaves && sl_account_hall_kept(h))
                    sl_buf_printf(&halls, "%s%s", halls.len ? ", " : "", m->sites[k].id);
            }
        }
        fprintf(out, "  %-10s %9zu %9zu %12zu %9zu  %s\n", m->agencies[a].id, as->n_inventory,
                as->n_moved, as->n_unmovable, as->n_declared,
                halls.failed || !halls.len ? "-" : halls.data);
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
}
