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

static bool halls_json(json_t *arr, const sl_plan *p, sl_index a, sl_hall_count *hc)
{
    const sl_model *m = p->model;
    sl_account_halls(p, a, hc);
    bool ok = true;
    for (size_t k = 0; ok && k < m->n_sites; k++) {
        const sl_hall_count *h = &hc[k];
        if (!(h->moved + h->unmovable + h->stays + h->leaves))
            continue;
        const char *why = sl_account_hall_kept(h);
        json_t *o = sl_json_push_object(arr);
        ok = o && sl_json_set(o, "site", json_string(m->sites[k].id)) &&
             sl_json_set(o, "moved", json_integer((json_int_t)h->moved)) &&
             sl_json_set(o, "unmovable", json_integer((json_int_t)h->unmovable)) &&
             sl_json_set(o, "declared_stay", json_integer((json_int_t)h->stays)) &&
             sl_json_set(o, "declared_leave", json_integer((json_int_t)h->leaves)) &&
             sl_json_set(o, "kept", json_boolean(why != NULL)) &&
             sl_json_set(o, "why", sl_json_str(why));
    }
    return ok;
}

static bool agency_json(json_t *o, const sl_plan *p, sl_index a, sl_hall_count *hc)
{
    const sl_model *m = p->model;
    const sl_agency_schedule *as = &p->schedule->per_agency[a];
    bool ok = sl_json_set(o, "agency", json_string(m->agencies[a].id)) &&
              sl_json_set(o, "inventory", json_integer((json_int_t)as->n_inventory)) &&
              sl_json_set(o, "moved", json_integer((json_int_t)as->n_moved)) &&
              sl_json_set(o, "unmovable", json_integer((json_int_t)as->n_unmovable)) &&
              sl_json_set(o, "declared", json_integer((json_int_t)as->n_declared));
    json_t *by = ok ? sl_json_add_object(o, "unmovable_by") : NULL;
    ok = by != NULL;
    for (int r = 0; ok && r < SL_N_UNSCHED; r++)
        ok = sl_json_set(by, sl_unsched_name((sl_unsched_reason)r),
                         json_integer((json_int_t)as->unmovable_by[r]));
    json_t *dec = ok ? sl_json_add_object(o, "declared_by") : NULL;
    ok = dec != NULL;
    for (int d = SL_DISPOSITION_STAY; ok && d < SL_N_DISPOSITIONS; d++)
        ok = sl_json_set(dec, sl_disposition_name((sl_disposition)d),
                         json_integer((json_int_t)as->declared_by[d]));
    json_t *halls = ok ? sl_json_add_array(o, "halls") : NULL;
    ok = halls && halls_json(halls, p, a, hc);
    /* the same, as the ids of the halls kept open (for tables) */
    json_t *kept = ok ? sl_json_add_array(o, "halls_kept") : NULL;
    ok = kept != NULL;
    for (size_t i = 0; ok && i < json_array_size(halls); i++) {
        json_t *h = json_array_get(halls, i);
        if (json_is_true(json_object_get(h, "kept")))
            ok = sl_json_push(kept, json_incref(json_object_get(h, "site")));
    }
    const sl_agency_cost *ac = p->cost ? &p->cost->per_agency[a] : NULL;
    if (ok && ac && ac->is_costed)
        ok = sl_json_set(o, "fte_after_from", sl_json_date(ac->staff_after)) &&
             sl_json_set(o, "migration_owed", json_real(ac->migration_owed));
    return ok;
}

json_t *sl_json_accounting(const sl_plan *p)
{
    const sl_model *m = p->model;
    json_t *o = json_object();
    json_t *per = o ? sl_json_add_array(o, "per_agency") : NULL;
    sl_hall_count *hc = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *hc);
    bool ok = per && hc;
    for (size_t a = 0; ok && a < m->n_agencies; a++) {
        if (m->agencies[a].role != SL_ROLE_JOINING)
            continue;
        json_t *ao = sl_json_push_object(per);
        ok = ao && agency_json(ao, p, (sl_index)a, hc);
    }
    sl_free(hc);
    json_t *declared = ok ? sl_json_add_array(o, "declared") : NULL;
    ok = declared != NULL;
    for (size_t i = 0; ok && i < m->n_workloads; i++) {
        const sl_workload_assessment *wa = &p->assessment->workloads[i];
        if (wa->disposition == SL_DISPOSITION_MOVE)
            continue;
        const sl_workload *w = &m->workloads[i];
        const sl_stay_rule *r = &m->agencies[w->agency].stays[wa->stay_rule];
        json_t *d = sl_json_push_object(declared);
        ok = d && sl_json_set(d, "workload", json_string(w->id)) &&
             sl_json_set(d, "agency", json_string(m->agencies[w->agency].id)) &&
             sl_json_set(d, "site", json_string(m->sites[w->site].id)) &&
             sl_json_set(d, "disposition", json_string(sl_disposition_name(wa->disposition))) &&
             sl_json_set(d, "why", sl_json_str(r->why)) &&
             sl_json_set(d, "stays_item", json_integer((json_int_t)wa->stay_rule)) &&
             sl_json_set(d, "readiness", json_string(sl_readiness_name(wa->readiness)));
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
