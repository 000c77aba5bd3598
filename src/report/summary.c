/* SPDX-License-Identifier: MIT */
/*
 * summary.c - the short account of a loaded model that `validate`
 * prints: agencies, sites, workloads per agency and site, flows, and the
 * files read from outside the scenario's folder; in the options' language.
 */
#include "core/core.h"
#include "report/report.h"

static int write_summary(FILE *out, const sl_model *m, const sl_text_options *o)
{
    const sl_lang *l = o ? o->lang : NULL;
    char start[11], deadline[11];
    sl_date_format(start, m->start);
    sl_date_format(deadline, m->deadline);
    sl_say(out, l, "scenario   %s\n", m->name);
    sl_say(out, l, "period     %s to %s (deadline)\n", start, deadline);
    sl_say(out, l, "agencies   %zu\n", m->n_agencies);
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
    /* the role column as wide as its widest label in the language */
    size_t role_w = 8;
    for (size_t a = 0; a < m->n_agencies; a++)
        role_w = SL_MAX(role_w,
                        sl_text_width(sl_label(l, "role", sl_role_name(m->agencies[a].role))));
    for (size_t a = 0; a < m->n_agencies; a++) {
        fputs("  ", out);
        sl_text_pad(out, m->agencies[a].id, 10, false);
        fputc(' ', out);
        sl_text_pad(out, sl_label(l, "role", sl_role_name(m->agencies[a].role)), role_w, false);
        sl_sayn(out, l, per_agency[a], " %6zu workload", " %6zu workloads", per_agency[a]);
        if (off_agency[a])
            sl_say(out, l, " (%zu powered off)", off_agency[a]);
        fputc('\n', out);
    }
    sl_say(out, l, "sites      %zu\n", m->n_sites);
    for (size_t s = 0; s < m->n_sites; s++) {
        fputs("  ", out);
        sl_text_pad(out, m->sites[s].id, 14, false);
        fputc(' ', out);
        sl_text_pad(out,
                    sl_label(l, "site role", m->sites[s].role == SL_SITE_TARGET ? "target" : "source"),
                    6, false);
        fputc(' ', out);
        sl_text_pad(out, m->agencies[m->sites[s].owner].id, 8, false);
        sl_sayn(out, l, per_site[s], " %6zu workload", " %6zu workloads", per_site[s]);
        if (m->sites[s].n_hosts_today)
            sl_sayn(out, l, m->sites[s].n_hosts_today, " on %zu host today (%s)",
                    " on %zu hosts today (%s)", m->sites[s].n_hosts_today, m->sites[s].hosts_file);
        fputc('\n', out);
    }
    char apps[64];
    sl_saysn(apps, sizeof apps, l, m->n_apps, "%zu application", "%zu applications", m->n_apps);
    sl_say(out, l, "workloads  %zu in %s\n", m->n_workloads, apps);
    sl_say(out, l, "flows      %zu", m->n_flows);
    if (m->n_unmatched_flows) {
        char rows[64], ends[64];
        sl_saysn(rows, sizeof rows, l, m->n_unmatched_flows, "%zu row", "%zu rows",
                 m->n_unmatched_flows);
        sl_saysn(ends, sizeof ends, l, m->n_unmatched_endpoints, "%zu unmatched endpoint",
                 "%zu unmatched endpoints", m->n_unmatched_endpoints);
        sl_say(out, l, " (+%s naming %s, e.g. %s)", rows, ends,
               m->n_sample_unmatched ? m->sample_unmatched[0] : "?");
    }
    fputc('\n', out);
    sl_say(out, l, "gates      %zu, declared risks %zu\n", m->n_gates, m->n_risks);
    /* allowed (scenarios may share files), but said */
    size_t outside = 0;
    for (size_t i = 1; sl_model_file(m, i); i++)
        outside += sl_model_file_is_outside(m, i);
    if (outside)
        sl_sayn(out, l, outside, "outside    %zu file read from outside the scenario's folder:\n",
                 "outside    %zu files read from outside the scenario's folder:\n", outside);
    for (size_t i = 1; outside && sl_model_file(m, i); i++)
        if (sl_model_file_is_outside(m, i))
            fprintf(out, "  %s\n", sl_model_file(m, i));
    sl_free(per_agency);
    sl_free(per_site);
    sl_free(off_agency);
    return ferror(out) ? SL_EIO : 0;
}

int sl_write_model_summary_opts(FILE *out, const sl_model *m, const sl_text_options *o)
{
    sl_term *t;
    FILE *f = sl_term_open(out, false, &t);
    return sl_term_close(f, t, f ? write_summary(f, m, o) : 0);
}

int sl_write_model_summary(FILE *out, const sl_model *m)
{
    return sl_write_model_summary_opts(out, m, NULL);
}
