/* SPDX-License-Identifier: MIT */
/*
 * json_account.c - the `accounting` section of the plan document: every
 * workload of every joining agency accounted for (issue 14). Per agency
 * inventory = moved + unmovable + declared, the unmovable ones by reason
 * (they are listed one by one in schedule.unscheduled), the declared ones
 * by disposition, each source hall and whether the plan keeps it open and
 * for what, when the staff drop to fte_after, and the migration labour
 * still owed for moves without a window. Then `declared`: each workload
 * the scenario declares will not move, with the stays item's reason.
 */
#include "report/json.h"

void sl_account_halls(const sl_plan *p, sl_index a, sl_hall_count *hc)
{
    const sl_model *m = p->model;
    const sl_schedule *s = p->schedule;
    for (size_t k = 0; k < m->n_sites; k++)
        hc[k] = (sl_hall_count){0, 0, 0, 0};
    for (size_t i = 0; i < m->n_workloads; i++) {
        const sl_workload *w = &m->workloads[i];
        if (w->agency != a || m->sites[w->site].role != SL_SITE_SOURCE)
            continue;
        const sl_workload_assessment *wa = &p->assessment->workloads[i];
        sl_hall_count *h = &hc[w->site];
        sl_index g = p->grouping ? p->grouping->group_of[i] : SL_NONE;
        bool moved = sl_workload_moves(wa) && g != SL_NONE && g < s->n_groups &&
                     s->group_window[g] >= 0;
        if (wa->disposition == SL_DISPOSITION_STAY)
            h->stays++;
        else if (wa->disposition != SL_DISPOSITION_MOVE)
            h->leaves++;
        else if (moved)
            h->moved++;
        else
            h->unmovable++;
    }
}

const char *sl_account_hall_kept(const sl_hall_count *h)
{
    /* kept: something stays in it, or nothing moves from it */
    return h->unmovable ? "holds workloads that cannot move"
           : h->stays   ? "holds workloads declared to stay"
           : !h->moved  ? "nothing moves from it"
                        : NULL;
}

/* The halls with something of the agency in them, and then the ids of
 * those kept open (for tables). */
static void halls_jw(sl_jw *w, const sl_plan *p, sl_index a, sl_hall_count *hc)
{
    const sl_model *m = p->model;
    sl_account_halls(p, a, hc);
    sl_jw_array(w, "halls");
    for (size_t k = 0; k < m->n_sites; k++) {
        const sl_hall_count *h = &hc[k];
        if (!(h->moved + h->unmovable + h->stays + h->leaves))
            continue;
        const char *why = sl_account_hall_kept(h);
        sl_jw_object(w, NULL);
        sl_jw_str(w, "site", m->sites[k].id);
        sl_jw_int(w, "moved", (long long)h->moved);
        sl_jw_int(w, "unmovable", (long long)h->unmovable);
        sl_jw_int(w, "declared_stay", (long long)h->stays);
        sl_jw_int(w, "declared_leave", (long long)h->leaves);
        sl_jw_bool(w, "kept", why != NULL);
        sl_jw_str(w, "why", why);
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_jw_array(w, "halls_kept");
    for (size_t k = 0; k < m->n_sites; k++) {
        const sl_hall_count *h = &hc[k];
        if (h->moved + h->unmovable + h->stays + h->leaves && sl_account_hall_kept(h))
            sl_jw_str(w, NULL, m->sites[k].id);
    }
    sl_jw_end(w);
}

static void agency_jw(sl_jw *w, const sl_plan *p, sl_index a, sl_hall_count *hc)
{
    const sl_model *m = p->model;
    const sl_agency_schedule *as = &p->schedule->per_agency[a];
    sl_jw_object(w, NULL);
    sl_jw_str(w, "agency", m->agencies[a].id);
    sl_jw_int(w, "inventory", (long long)as->n_inventory);
    sl_jw_int(w, "moved", (long long)as->n_moved);
    sl_jw_int(w, "unmovable", (long long)as->n_unmovable);
    sl_jw_int(w, "declared", (long long)as->n_declared);
    sl_jw_object(w, "unmovable_by");
    for (int r = 0; r < SL_N_UNSCHED; r++)
        sl_jw_int(w, sl_unsched_name((sl_unsched_reason)r), (long long)as->unmovable_by[r]);
    sl_jw_end(w);
    sl_jw_object(w, "declared_by");
    for (int d = SL_DISPOSITION_STAY; d < SL_N_DISPOSITIONS; d++)
        sl_jw_int(w, sl_disposition_name((sl_disposition)d), (long long)as->declared_by[d]);
    sl_jw_end(w);
    halls_jw(w, p, a, hc);
    const sl_agency_cost *ac = p->cost ? &p->cost->per_agency[a] : NULL;
    if (ac && ac->is_costed) {
        sl_jw_date(w, "fte_after_from", ac->staff_after);
        sl_jw_real(w, "migration_owed", ac->migration_owed);
    }
    sl_jw_end(w);
}

void sl_json_accounting(sl_jw *w, const sl_plan *p)
{
    const sl_model *m = p->model;
    sl_hall_count *hc = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *hc);
    if (!hc) {
        sl_jw_value(w, "accounting", NULL); /* out of memory */
        return;
    }
    sl_jw_object(w, "accounting");
    sl_jw_array(w, "per_agency");
    for (size_t a = 0; a < m->n_agencies; a++)
        if (m->agencies[a].role == SL_ROLE_JOINING)
            agency_jw(w, p, (sl_index)a, hc);
    sl_jw_end(w);
    sl_free(hc);
    sl_jw_array(w, "declared");
    for (size_t i = 0; i < m->n_workloads && !w->rc; i++) {
        const sl_workload_assessment *wa = &p->assessment->workloads[i];
        if (wa->disposition == SL_DISPOSITION_MOVE)
            continue;
        const sl_workload *wl = &m->workloads[i];
        const sl_stay_rule *r = &m->agencies[wl->agency].stays[wa->stay_rule];
        sl_jw_object(w, NULL);
        sl_jw_str(w, "workload", wl->id);
        sl_jw_str(w, "agency", m->agencies[wl->agency].id);
        sl_jw_str(w, "site", m->sites[wl->site].id);
        sl_jw_str(w, "disposition", sl_disposition_name(wa->disposition));
        sl_jw_str(w, "why", r->why);
        sl_jw_int(w, "stays_item", (long long)wa->stay_rule);
        sl_jw_str(w, "readiness", sl_readiness_name(wa->readiness));
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_jw_end(w);
}
