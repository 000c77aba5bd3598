/* SPDX-License-Identifier: MIT */
/*
 * json_workload.c - the plan document's `workloads` section: one object
 * per workload, written whole as it comes (issue 18), with what each
 * stage says of it in the order the document has always had:
 *
 *   the inventory      id ... owner (below)
 *   assess and place   readiness, reasons, disposition, demand,
 *                      low_confidence, host, host_separate (json_place.c)
 *   group              group: its move group's id
 *   runbook            effort_hours, depends_on (json_runbook.c)
 *   schedule           window (json_schedule.c)
 */
#include "report/json.h"

static void inventory_jw(sl_jw *w, const sl_model *m, const sl_workload *wl)
{
    sl_jw_str(w, "id", wl->id);
    sl_jw_str(w, "agency", m->agencies[wl->agency].id);
    sl_jw_str(w, "site", m->sites[wl->site].id);
    sl_jw_str(w, "app", wl->app == SL_NONE ? NULL : m->apps[wl->app].name);
    sl_jw_str(w, "env", wl->env);
    sl_jw_int(w, "tier", wl->tier);
    sl_jw_real(w, "vcpu", wl->vcpu);
    sl_jw_real(w, "ram_gb", wl->ram_gb);
    sl_jw_real(w, "storage_gb", wl->storage_gb);
    sl_jw_str(w, "os", wl->os);
    sl_jw_str(w, "security_class", wl->security_class);
    sl_jw_array(w, "legal_tags");
    for (size_t i = 0; i < wl->n_legal_tags; i++)
        sl_jw_str(w, NULL, wl->legal_tags[i]);
    sl_jw_end(w);
    sl_jw_str(w, "ha_group", wl->ha_group);
    sl_jw_str(w, "method", m->migration.methods[wl->method].id);
    sl_jw_bool(w, "powered_off", wl->is_powered_off);
    sl_jw_str(w, "owner", wl->owner ? wl->owner : "");
}

void sl_json_workloads(sl_jw *w, const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_grouping *gr = p->grouping;
    sl_json_deps *deps = sl_json_deps_new(m);
    if (!deps) {
        sl_jw_value(w, "workloads", NULL); /* out of memory */
        return;
    }
    sl_jw_array(w, "workloads");
    for (size_t i = 0; i < m->n_workloads && !w->rc; i++) {
        sl_jw_object(w, NULL);
        inventory_jw(w, m, &m->workloads[i]);
        if (p->assessment)
            sl_json_workload_place(w, p, i);
        if (gr && i < gr->n_workloads) {
            sl_index g = gr->group_of[i];
            if (g == SL_NONE)
                sl_jw_null(w, "group");
            else
                sl_jw_int(w, "group", (long long)g);
        }
        sl_json_workload_runbook(w, m, deps, i);
        if (p->schedule)
            sl_json_workload_window(w, p, i);
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_json_deps_free(deps);
}
