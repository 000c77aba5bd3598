/* SPDX-License-Identifier: MIT */
/*
 * stays.c - the workloads an agency declares will not move (`stays:`):
 * which of its workloads an item selects, and the checks that need the
 * inventory (the reader checked the syntax, scenario_stays.c).
 *
 * An item selects a workload of its own agency when the workload matches
 * every criterion the item gives, any entry of each: ids, apps, envs and
 * sites here, classes, tags and tiers by the gates' rule (derive.c). The checks, each
 * at the place it was written: an id must name one of the agency's
 * workloads, an app one of the agency's applications, a site one of its
 * source halls; an item must select at least one workload (a declaration
 * that matches nothing is a slip, and would silently declare nothing).
 */
#include "model/model.h"

#include <string.h>

static bool has_word(const char *const *list, size_t n, const char *word)
{
    for (size_t i = 0; i < n; i++)
        if (word && strcmp(list[i], word) == 0)
            return true;
    return false;
}

bool sl_stay_rule_matches(const sl_model *m, const sl_stay_rule *r, const sl_workload *w)
{
    if (r->n_ids && !has_word(r->ids, r->n_ids, w->id))
        return false;
    if (r->n_apps && (w->app == SL_NONE || !has_word(r->apps, r->n_apps, m->apps[w->app].name)))
        return false;
    if (r->n_envs && !has_word(r->envs, r->n_envs, w->env))
        return false;
    bool on_site = !r->n_sites;
    for (size_t i = 0; i < r->n_sites && !on_site; i++)
        on_site = r->sites[i] == w->site;
    if (!on_site)
        return false;
    /* classes, tags and tiers: the gates' rule, when the item gives any */
    const sl_selector *s = &r->select;
    return !(s->n_security_classes || s->n_legal_tags || s->n_tiers) ||
           sl_selector_matches(m, s, w);
}

sl_index sl_stay_rule_of(const sl_model *m, const sl_workload *w)
{
    const sl_agency *a = &m->agencies[w->agency];
    for (size_t k = 0; k < a->n_stays; k++)
        if (sl_stay_rule_matches(m, &a->stays[k], w))
            return (sl_index)k;
    return SL_NONE;
}

/* The references of one item; false when one names nothing of the agency. */
static bool check_refs(const sl_model *m, sl_index a, const sl_stay_rule *r, sl_diag *d)
{
    const char *id = m->agencies[a].id;
    bool ok = true;
    for (size_t i = 0; i < r->n_ids; i++) {
        sl_index wi = sl_model_workload(m, r->ids[i]);
        if (wi != SL_NONE && m->workloads[wi].agency == a)
            continue;
        if (wi == SL_NONE)
            sl_diag_add(d, SL_ERROR, r->file, r->id_at[i].line, r->id_at[i].column,
                        "stays: no workload '%s' in %s's inventory", r->ids[i], id);
        else
            sl_diag_add(d, SL_ERROR, r->file, r->id_at[i].line, r->id_at[i].column,
                        "stays: workload '%s' belongs to %s, not %s", r->ids[i],
                        m->agencies[m->workloads[wi].agency].id, id);
        ok = false;
    }
    for (size_t i = 0; i < r->n_apps; i++) {
        sl_index app = sl_strmap_get(&m->priv->apps, r->apps[i]);
        bool mine = false;
        for (size_t k = 0; app != SL_NONE && k < m->apps[app].n_workloads && !mine; k++)
            mine = m->workloads[m->apps[app].workloads[k]].agency == a;
        if (mine)
            continue;
        sl_diag_add(d, SL_ERROR, r->file, r->app_at[i].line, r->app_at[i].column,
                    "stays: no application '%s' among %s's workloads", r->apps[i], id);
        ok = false;
    }
    for (size_t i = 0; i < r->n_sites; i++) {
        const sl_site *s = &m->sites[r->sites[i]];
        if (s->owner == a && s->role == SL_SITE_SOURCE)
            continue;
        sl_diag_add(d, SL_ERROR, r->file, r->at.line, r->at.column,
                    "stays: site '%s' is not a source hall of %s", s->id, id);
        ok = false;
    }
    return ok;
}

int sl_model_check_stays(const sl_model *m, sl_diag *d)
{
    int rc = 0;
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency *ag = &m->agencies[a];
        for (size_t k = 0; k < ag->n_stays; k++) {
            const sl_stay_rule *r = &ag->stays[k];
            if (!check_refs(m, (sl_index)a, r, d)) {
                rc = SL_EINPUT;
                continue;
            }
            bool any = false;
            for (size_t i = 0; i < m->n_workloads && !any; i++)
                any = m->workloads[i].agency == a && sl_stay_rule_matches(m, r, &m->workloads[i]);
            if (!any) {
                sl_diag_add(d, SL_ERROR, r->file, r->at.line, r->at.column,
                            "this stays item selects none of %s's workloads", ag->id);
                rc = SL_EINPUT;
            }
        }
    }
    return rc;
}
