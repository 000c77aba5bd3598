/* SPDX-License-Identifier: MIT */
/*
 * validate.c - checks across the whole loaded model, after every file was
 * read: things no single reader can see. Errors stop the run; warnings are
 * things a planner should look at but may mean.
 */
#include "model/model.h"

#include <string.h>

int sl_model_validate(const sl_model *m, sl_diag *d)
{
    int rc = 0;
    size_t *per_agency = sl_calloc(m->n_agencies ? m->n_agencies : 1, sizeof *per_agency);
    if (!per_agency)
        return SL_ENOMEM;
    for (size_t i = 0; i < m->n_workloads; i++) {
        const sl_workload *w = &m->workloads[i];
        per_agency[w->agency]++;
        const sl_site *s = &m->sites[w->site];
        if (s->owner != w->agency && m->agencies[s->owner].role != SL_ROLE_HOST) {
            /* one warning per file is enough to make the point */
            if (i == 0 || m->workloads[i - 1].file != w->file ||
                m->workloads[i - 1].site != w->site)
                sl_diag_add(d, SL_WARNING, w->file, w->line, 0,
                            "workload '%s' of agency %s sits in site %s, which belongs to %s",
                            w->id, m->agencies[w->agency].id, s->id, m->agencies[s->owner].id);
        }
    }
    for (size_t a = 0; a < m->n_agencies; a++) {
        if (m->agencies[a].role == SL_ROLE_JOINING && per_agency[a] == 0)
            sl_diag_add(d, SL_WARNING, m->file, 0, 0,
                        "joining agency %s has no workloads (no inventory, or it is empty)",
                        m->agencies[a].id);
    }
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        if (site->role == SL_SITE_TARGET && m->agencies[site->owner].role != SL_ROLE_HOST)
            sl_diag_add(d, SL_WARNING, m->file, 0, 0,
                        "target site %s belongs to %s, which is not the host agency", site->id,
                        m->agencies[site->owner].id);
        if (site->role == SL_SITE_TARGET && site->racks <= 0)
            sl_diag_add(d, SL_WARNING, m->file, 0, 0,
                        "target site %s has no rack capacity given (capacity: racks:)", site->id);
    }
    for (size_t i = 0; i < m->migration.n_shared_services; i++) {
        const char *name = m->migration.shared_services[i];
        if (sl_strmap_get(&m->priv->apps, name) == SL_NONE &&
            sl_model_workload(m, name) == SL_NONE)
            sl_diag_add(d, SL_WARNING, m->file, 0, 0,
                        "shared service '%s' names no application or workload", name);
    }
    sl_free(per_agency);
    return sl_model_check_stays(m, d) ? SL_EINPUT : rc;
}
