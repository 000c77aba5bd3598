/* SPDX-License-Identifier: MIT */
/*
 * summary.c - the short account of a loaded model that `validate`
 * prints: agencies, sites, workloads per agency and site, flows, and the
 * files read from outside the scenario's folder.
 */
#include "core/core.h"

static int write_summary(FILE *out, const sl_model *m)
{
    char start[11], deadline[11];
    sl_date_format(start, m->start);
    sl_date_format(deadline, m->deadline);
    fprintf(out, "scenario   %s\n", m->name);
    fprintf(out, "period     %s to %s (deadline)\n", start, deadline);
    fprintf(out, "agencies   %zu\n", m->n_agencies);
    size_t *per_agency = sl_calloc(m->n_agencies + 1, sizeof *per_agency);
    size_t *per_site = sl_calloc(m->n_sites + 1, sizeof *per_site);
    size_t *off_agency = sl_calloc(m->n_agencies + 1, sizeof *off_agency);
    if (!per_agency || !per_site || !off_agency) {
        sl_free(per_agency);
        sl_free(per_site);
        sl_free(off_agency);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < m->n_workloads; i++) {
        per_agency[m->workloads[i].agency]++;
        per_site[m->workloads[i].site]++;
        off_agency[m->workloads[i].agency] += m->workloads[i].is_powered_off;
    }
    for (size_t a = 0; a < m->n_agencies; a++) {
        fprintf(out, "  %-10s %-8s %6zu workloads", m->agencies[a].id,
                sl_role_name(m->agencies[a].role), per_agency[a]);
        if (off_agency[a])
            fprintf(out, " (%zu powered off)", off_agency[a]);
        fputc('\n', out);
    }
    fprintf(out, "sites      %zu\n", m->n_sites);
    for (size_t s = 0; s < m->n_sites; s++) {
        fprintf(out, "  %-14s %-6s %-8s %6zu workloads", m->sites[s].id,
                m->sites[s].role == SL_SITE_TARGET ? "target" : "source",
                m->agencies[m->sites[s].owner].id, per_site[s]);
        if (m->sites[s].n_hosts_today)
            fprintf(out, " on %zu hosts today (%s)", m->sites[s].n_hosts_today,
                    m->sites[s].hosts_file);
        fputc('\n', out);
    }
    fprintf(out, "workloads  %zu in %zu applications\n", m->n_workloads, m->n_apps);
    fprintf(out, "flows      %zu", m->n_flows);
    if (m->n_unmatched_flows)
        fprintf(out, " (+%zu row%s naming %zu unmatched endpoint%s, e.g. %s)", m->n_unmatched_flows,
                m->n_unmatched_flows == 1 ? "" : "s", m->n_unmatched_endpoints,
                m->n_unmatched_endpoints == 1 ? "" : "s",
                m->n_sample_unmatched ? m->sample_unmatched[0] : "?");
    fputc('\n', out);
    fprintf(out, "gates      %zu, declared risks %zu\n", m->n_gates, m->n_risks);
    /* allowed (scenarios may share files), but said */
    size_t outside = 0;
    for (size_t i = 1; sl_model_file(m, i); i++)
        outside += sl_model_file_is_outside(m, i);
    if (outside)
        fprintf(out, "outside    %zu file%s read from outside the scenario's folder:\n", outside,
                outside == 1 ? "" : "s");
    for (size_t i = 1; outside && sl_model_file(m, i); i++)
        if (sl_model_file_is_outside(m, i))
            fprintf(out, "  %s\n", sl_model_file(m, i));
    sl_free(per_agency);
    sl_free(per_site);
    sl_free(off_agency);
    return ferror(out) ? SL_EIO : 0;
}

int sl_write_model_summary(FILE *out, const sl_model *m)
{
    sl_term *t;
    FILE *f = sl_term_open(out, false, &t);
    return sl_term_close(f, t, f ? write_summary(f, m) : 0);
}
