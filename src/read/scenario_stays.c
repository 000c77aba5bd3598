/* SPDX-License-Identifier: MIT */
/*
 * scenario_stays.c - an agency's `stays:` list: the workloads the
 * scenario declares will not move, and what becomes of them (stay in the
 * hall, retire, replace), each item with the planner's reason.
 *
 *   stays:
 *     - {apps: [mainframe-gateway], disposition: replace,
 *        why: replaced by the new tax platform}
 *     - {security_classes: [classified], why: stays in the own hall}
 *
 * An item selects the agency's workloads that match every criterion it
 * gives (any entry of each): ids, apps, envs, sites, security_classes,
 * legal_tags, tiers. Syntax is checked here, each error at its node; that
 * the ids, apps and sites name the agency's own workloads and halls, and
 * that every item selects something, needs the inventory, so the model's
 * validation checks it (model/stays.c) at the locations kept here.
 */
#include "read/scenario.h"

#include <string.h>

const char *sl_disposition_name(sl_disposition d)
{
    static const char *const names[SL_N_DISPOSITIONS] = {"move", "stay", "retire", "replace"};
    return (unsigned)d < SL_N_DISPOSITIONS ? names[d] : "?";
}

/* One word or a list of words, each with where it was written. */
static int located_words(yw *w, struct fy_node *node, const char ***items, sl_where **at,
                         size_t *n, const char *key)
{
    struct fy_node *r = yw_resolve(w, node);
    if (!r)
        return SL_EINPUT;
    bool one = fy_node_get_type(r) == FYNT_SCALAR;
    if (!one && fy_node_get_type(r) != FYNT_SEQUENCE) {
        yw_error(w, node, "%s must be a list of words", key);
        return SL_EINPUT;
    }
    if (!one && !yw_count_ok(w, r, SL_MAX_LIST_ITEMS, key))
        return SL_EINPUT;
    int count = one ? 1 : fy_node_sequence_item_count(r);
    *items = sl_arena_array(w->arena, (size_t)(count > 0 ? count : 1), sizeof **items);
    *at = sl_arena_array(w->arena, (size_t)(count > 0 ? count : 1), sizeof **at);
    if (!*items || !*at) {
        w->oom = true;
        return SL_ENOMEM;
    }
    *n = 0;
    int rc = 0;
    void *it = NULL;
    struct fy_node *item = one ? node : fy_node_sequence_iterate(r, &it);
    for (; item; item = one ? NULL : fy_node_sequence_iterate(r, &it)) {
        const char *v = yw_string_value(w, item);
        if (!v) {
            rc = SL_EINPUT;
            continue;
        }
        yw_loc loc = yw_where(w, item);
        (*items)[*n] = v;
        (*at)[(*n)++] = (sl_where){loc.line, loc.column};
    }
    return rc;
}

static int stay_ids(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_stay_rule *r = target;
    return located_words(w, node, &r->ids, &r->id_at, &r->n_ids, f->key);
}

static int stay_apps(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_stay_rule *r = target;
    return located_words(w, node, &r->apps, &r->app_at, &r->n_apps, f->key);
}

static int stay_envs(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_stay_rule *r = target;
    yw_string_list l = {0, NULL};
    int rc = yw_words(w, node, &l, f->key);
    r->n_envs = l.n;
    r->envs = l.items;
    return rc;
}

/* security_classes, legal_tags, tiers: as a gate's applies_to reads them */
static int stay_select(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_stay_rule *r = target;
    return strcmp(f->key, "tiers") == 0 ? scn_selector_tiers(w, node, &r->select, f)
                                        : scn_selector_words(w, node, &r->select, f);
}

/* A list of site ids, resolved with the scenario's other references. */
static int stay_sites(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_stay_rule *r = target;
    struct fy_node *seq = yw_resolve(w, node);
    if (!seq)
        return SL_EINPUT;
    if (fy_node_get_type(seq) != FYNT_SEQUENCE) {
        yw_error(w, node, "%s must be a list of site ids", f->key);
        return SL_EINPUT;
    }
    if (!yw_count_ok(w, seq, SL_MAX_LIST_ITEMS, f->key))
        return SL_EINPUT;
    int n = fy_node_sequence_item_count(seq);
    r->sites = sl_arena_array(w->arena, (size_t)(n > 0 ? n : 1), sizeof *r->sites);
    if (!r->sites) {
        w->oom = true;
        return SL_ENOMEM;
    }
    int rc = 0;
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(seq, &it)) != NULL) {
        int r2 = scn_ref(w, REF_SITE, item, &r->sites[r->n_sites]);
        if (r2 == SL_ENOMEM)
            return r2;
        if (r2)
            rc = SL_EINPUT;
        else
            r->n_sites++;
    }
    return rc;
}

/* stay, retire, replace: the enum's values after SL_DISPOSITION_MOVE */
static const char *const disposition_names[] = {"stay", "retire", "replace", NULL};

typedef struct stay_spec {
    sl_stay_rule rule;
    int disposition; /* index into disposition_names */
} stay_spec;

static const yw_field stay_fields[] = {
    YW_FIELD("ids", stay_ids, stay_spec, rule),
    YW_FIELD("apps", stay_apps, stay_spec, rule),
    YW_FIELD("envs", stay_envs, stay_spec, rule),
    YW_FIELD("sites", stay_sites, stay_spec, rule),
    YW_FIELD("security_classes", stay_select, stay_spec, rule),
    YW_FIELD("legal_tags", stay_select, stay_spec, rule),
    YW_FIELD("tiers", stay_select, stay_spec, rule),
    {"disposition", yw_enum, offsetof(stay_spec, disposition), false, NULL, 0, -1,
     disposition_names},
    YW_REQUIRED("why", yw_string, stay_spec, rule.why),
};

static int stay_item(yw *w, struct fy_node *node, void *elem)
{
    sl_stay_rule *out = elem;
    stay_spec spec;
    memset(&spec, 0, sizeof spec);
    int rc = yw_mapping(w, node, stay_fields, SL_ARRAY_LEN(stay_fields), &spec);
    const sl_stay_rule *r = &spec.rule;
    if (rc == 0 && !r->n_ids && !r->n_apps && !r->n_envs && !r->n_sites &&
        !r->select.n_security_classes && !r->select.n_legal_tags && !r->select.n_tiers) {
        yw_error(w, node, "this stays item selects nothing; name ids, apps, envs, sites, "
                          "security_classes, legal_tags or tiers");
        rc = SL_EINPUT;
    }
    *out = spec.rule;
    out->disposition = (sl_disposition)(SL_DISPOSITION_STAY + spec.disposition);
    yw_loc loc = yw_where(w, node);
    out->file = loc.file;
    out->at = (sl_where){loc.line, loc.column};
    return rc;
}

int scn_read_stays(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_agency *a = target;
    (void)f;
    return scn_list(w, node, (void **)&a->stays, &a->n_stays, sizeof *a->stays, stay_item, NULL,
                    N_("stays item"), SL_MAX_LIST_ITEMS);
}
