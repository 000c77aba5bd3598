/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - scenario.yaml into the model: the top level, agencies
 * (staff, freezes, their inventory and flow files), sites, links and host
 * models. The rules (windows, migration, gates, risks, verdict, cost) are
 * in scenario_rules.c. docs/SCENARIO.md documents every key.
 *
 * First step of the pipeline. The walk is table-driven (io/yaml.h); ids may
 * be referenced before they are defined, so references are collected and
 * resolved at the end, each error located at the node that named the id.
 */
#include "read/scenario.h"

#include <stdio.h>
#include <string.h>

/* ---- references ------------------------------------------------------ */

int scn_ref(yw *w, ref_kind kind, struct fy_node *node, sl_index *target)
{
    scn *s = scn_of(w);
    const char *id = yw_string_value(w, node);
    if (!id)
        return SL_EINPUT;
    if (SL_GROW(s->refs, s->cap_refs, s->n_refs + 1)) {
        w->oom = true;
        return SL_ENOMEM;
    }
    s->refs[s->n_refs++] = (pending_ref){kind, id, node, target};
    *target = SL_NONE;
    return 0;
}

int scn_ref_agency(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return scn_ref(w, REF_AGENCY, node, (sl_index *)((char *)target + f->offset));
}

int scn_ref_site(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return scn_ref(w, REF_SITE, node, (sl_index *)((char *)target + f->offset));
}

static const char *const ref_what[] = {N_("agency"), N_("site"), N_("gate"), N_("host model"),
                                       N_("migration method")};

static int resolve_refs(scn *s)
{
    sl_model *m = s->m;
    struct sl_model_private *p = m->priv;
    int rc = 0;
    for (size_t i = 0; i < s->n_refs; i++) {
        pending_ref *r = &s->refs[i];
        sl_strmap *map;
        const char *base; /* the entity array, NULL when the list is absent */
        size_t n, stride, offset;
        switch (r->kind) {
        case REF_AGENCY:
            map = &p->agencies;
            base = (const char *)m->agencies;
            n = m->n_agencies;
            stride = sizeof(sl_agency);
            offset = offsetof(sl_agency, id);
            break;
        case REF_SITE:
            map = &p->sites;
            base = (const char *)m->sites;
            n = m->n_sites;
            stride = sizeof(sl_site);
            offset = offsetof(sl_site, id);
            break;
        case REF_GATE:
            map = &p->gates;
            base = (const char *)m->gates;
            n = m->n_gates;
            stride = sizeof(sl_gate);
            offset = offsetof(sl_gate, id);
            break;
        case REF_HOST_MODEL:
            map = &p->host_models;
            base = (const char *)m->host_models;
            n = m->n_host_models;
            stride = sizeof(sl_host_model);
            offset = offsetof(sl_host_model, id);
            break;
        default:
            map = &p->methods;
            base = (const char *)m->migration.methods;
            n = m->migration.n_methods;
            stride = sizeof(sl_method);
            offset = offsetof(sl_method, id);
            break;
        }
        sl_index idx = sl_strmap_get(map, r->id);
        if (idx != SL_NONE) {
            *r->target = idx;
            continue;
        }
        const char *cands[64];
        size_t nc = 0;
        for (size_t k = 0; base && k < n && nc < SL_ARRAY_LEN(cands); k++) {
            const char *id = *(const char *const *)(base + k * stride + offset);
            if (id)
                cands[nc++] = id;
        }
        const char *near = sl_nearest(r->id, cands, nc);
        if (near)
            yw_error(&s->w, r->node, "unknown %s '%s' (did you mean '%s'?)",
                     sl_diag_tr(s->w.d, ref_what[r->kind]), r->id, near);
        else
            yw_error(&s->w, r->node, "unknown %s '%s'", sl_diag_tr(s->w.d, ref_what[r->kind]),
                     r->id);
        rc = SL_EINPUT;
    }
    return rc;
}

/* ---- lists of entities ----------------------------------------------- */

/* "agency" -> "agencies", "site" -> "sites" (the words marked here, so a
 * language has them) */
static const char *plural(char *buf, size_t cap, const char *what)
{
    static const char *const known[][2] = {{"agency", N_("agencies")},
                                           {"freeze", N_("freezes")},
                                           {"gate", N_("gates")},
                                           {"link", N_("links")},
                                           {"migration method", N_("migration methods")},
                                           {"site", N_("sites")},
                                           {"stays item", N_("stays items")},
                                           {"weekly window", N_("weekly windows")},
                                           {"host model", N_("host models")}};
    for (size_t i = 0; i < SL_ARRAY_LEN(known); i++)
        if (strcmp(what, known[i][0]) == 0)
            return known[i][1];
    size_t len = strlen(what);
    if (len >= 2 && what[len - 1] == 'y' && !strchr("aeiou", what[len - 2]))
        snprintf(buf, cap, "%.*sies", (int)(len - 1), what);
    else
        snprintf(buf, cap, "%ss", what);
    return buf;
}

int scn_list(yw *w, struct fy_node *node, void **items, size_t *n, size_t size,
             int (*item)(yw *w, struct fy_node *node, void *elem), sl_strmap *map,
             const char *what, size_t max)
{
    char many[64];
    struct fy_node *r = yw_resolve(w, node);
    if (!r || fy_node_get_type(r) != FYNT_SEQUENCE) {
        yw_error(w, node, "expected a list of %s",
                 sl_diag_tr(w->d, plural(many, sizeof many, what)));
        return SL_EINPUT;
    }
    /* past the limit: one error, and the first max items are still read
     * so that what names them does not fail too */
    int rc = yw_count_ok(w, r, max, plural(many, sizeof many, what)) ? 0 : SL_EINPUT;
    int count = fy_node_sequence_item_count(r);
    if (count > 0 && (size_t)count > max)
        count = (int)max;
    char *arr = sl_arena_array(w->arena, (size_t)(count > 0 ? count : 1), size);
    if (!arr) {
        w->oom = true;
        return SL_ENOMEM;
    }
    *items = arr;
    *n = 0;
    void *it = NULL;
    struct fy_node *elem;
    int visited = 0;
    while (visited++ < count && (elem = fy_node_sequence_iterate(r, &it)) != NULL) {
        struct fy_node *er = yw_resolve(w, elem);
        if (!er || fy_node_get_type(er) != FYNT_MAPPING) {
            yw_error(w, elem, "each %s must be a mapping (key: value)", sl_diag_tr(w->d, what));
            rc = SL_EINPUT;
            continue;
        }
        size_t saved = w->path_len;
        struct fy_node *idn = fy_node_mapping_lookup_by_string(er, "id", 2);
        const char *id = NULL;
        if (map) {
            if (!idn) {
                yw_error(w, elem, "this %s has no 'id'", sl_diag_tr(w->d, what));
                rc = SL_EINPUT;
                continue;
            }
            /* as yw_mapping sees it: 'id: null' is no id, and the element
             * would be kept without one */
            if (yw_is_null(w, idn)) {
                yw_error(w, idn, "this %s has no 'id'", sl_diag_tr(w->d, what));
                rc = SL_EINPUT;
                continue;
            }
            id = yw_string_value(w, idn);
            if (!id) {
                rc = SL_EINPUT;
                continue;
            }
            if (!*id || strchr(id, '.') || strchr(id, '=')) {
                yw_error(w, idn, "%s id '%s' must be non-empty without '.' or '='",
                         sl_diag_tr(w->d, what), id);
                rc = SL_EINPUT;
                continue;
            }
            yw_path_push(w, id);
        } else {
            char index[24];
            snprintf(index, sizeof index, "%zu", *n);
            yw_path_push(w, index);
        }
        void *slot = arr + *n * size;
        int r2 = item(w, elem, slot);
        yw_path_pop(w, saved);
        if (r2 == SL_ENOMEM)
            return r2;
        if (r2)
            rc = SL_EINPUT;
        if (map && id) {
            uint32_t existing;
            if (sl_strmap_put(map, id, (uint32_t)*n, &existing)) {
                w->oom = true;
                return SL_ENOMEM;
            }
            if (existing != SL_NONE) {
                yw_error(w, idn, "duplicate %s id '%s'", sl_diag_tr(w->d, what), id);
                rc = SL_EINPUT;
                continue;
            }
        }
        (*n)++;
    }
    return rc;
}

/* ---- freeze periods --------------------------------------------------- */

typedef struct freeze_spec {
    const char *from, *to, *why;
    int month_end_days;
    bool has_days;
    struct fy_node *from_node, *to_node;
} freeze_spec;

static int freeze_text(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    freeze_spec *fs = target;
    const char *v = yw_string_value(w, node);
    if (!v)
        return SL_EINPUT;
    if (strcmp(f->key, "from") == 0) {
        fs->from = v;
        fs->from_node = node;
    } else if (strcmp(f->key, "to") == 0) {
        fs->to = v;
        fs->to_node = node;
    } else {
        fs->why = v;
    }
    return 0;
}

static int freeze_days(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    freeze_spec *fs = target;
    fs->has_days = true;
    return yw_integer(w, node, &fs->month_end_days, &(yw_field){f->key, NULL, 0, false, "days", 1, 10, NULL});
}

static const yw_field freeze_fields[] = {
    {"from", freeze_text, 0, false, NULL, 0, -1, NULL},
    {"to", freeze_text, 0, false, NULL, 0, -1, NULL},
    {"why", freeze_text, 0, false, NULL, 0, -1, NULL},
    {"month_end_days", freeze_days, 0, false, NULL, 0, -1, NULL},
};

/* "MM-DD" -> month*100+day (Feb 29 allowed: it exists in leap years). */
static bool parse_month_day(const char *s, int *md)
{
    static const int dim[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 5 || s[2] != '-')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    int mo = (s[0] - '0') * 10 + (s[1] - '0');
    int day = (s[3] - '0') * 10 + (s[4] - '0');
    if (mo < 1 || mo > 12 || day < 1 || day > dim[mo - 1])
        return false;
    *md = mo * 100 + day;
    return true;
}

static int freeze_item(yw *w, struct fy_node *node, void *elem)
{
    sl_freeze *fr = elem;
    freeze_spec fs;
    memset(&fs, 0, sizeof fs);
    if (yw_mapping(w, node, freeze_fields, SL_ARRAY_LEN(freeze_fields), &fs))
        return SL_EINPUT;
    fr->why = fs.why ? fs.why : "";
    if (fs.has_days) {
        if (fs.from || fs.to) {
            yw_error(w, node, "a freeze is either month_end_days or from/to, not both");
            return SL_EINPUT;
        }
        fr->kind = SL_FREEZE_MONTH_END;
        fr->days = fs.month_end_days;
        return 0;
    }
    if (!fs.from || !fs.to) {
        yw_error(w, node, "a freeze needs 'from' and 'to' (MM-DD yearly, or YYYY-MM-DD)");
        return SL_EINPUT;
    }
    int a, b;
    if (parse_month_day(fs.from, &a) && parse_month_day(fs.to, &b)) {
        fr->kind = SL_FREEZE_YEARLY;
        fr->from_md = a;
        fr->to_md = b;
        return 0;
    }
    sl_date da, db;
    bool ok_a = sl_date_parse(&da, fs.from, strlen(fs.from)) == 0;
    bool ok_b = sl_date_parse(&db, fs.to, strlen(fs.to)) == 0;
    if (!ok_a || !ok_b) {
        yw_error(w, ok_a ? fs.to_node : fs.from_node,
                 "'%s' is neither a month-day (MM-DD) nor a date (YYYY-MM-DD) that exists",
                 ok_a ? fs.to : fs.from);
        return SL_EINPUT;
    }
    if (db < da) {
        yw_error(w, fs.to_node, "the freeze ends before it starts");
        return SL_EINPUT;
    }
    fr->kind = SL_FREEZE_DATES;
    fr->from = da;
    fr->to = db;
    return 0;
}

int scn_freezes(yw *w, struct fy_node *node, size_t *n, sl_freeze **items)
{
    return scn_list(w, node, (void **)items, n, sizeof **items, freeze_item, NULL, N_("freeze"),
                    SL_MAX_FREEZES);
}

/* ---- agencies --------------------------------------------------------- */

static const yw_field staff_fields[] = {
    YW_NUM("ops_fte", sl_agency, ops_fte, "FTE", 0, 1e6),
    YW_DIST("migration_hours_per_week", sl_agency, migration_hours_per_week, "h/week", 0, 1e7),
    YW_NUM("cost_per_hour", sl_agency, cost_per_hour, "currency/h", 0, 1e7),
    YW_NUM("fte_cost_per_year", sl_agency, fte_cost_per_year, "currency/FTE/year", 0, 1e9),
    YW_FIELD("relocate", yw_bool, sl_agency, staff_relocate),
    YW_DIST("decline_share", sl_agency, staff_decline_share, "share", 0, 1),
    YW_DIST("early_leave_share", sl_agency, staff_early_leave_share, "share", 0, 1),
    YW_FIELD("announce", yw_date, sl_agency, staff_announce),
    YW_NUM("fte_after", sl_agency, ops_fte_after, "FTE", 0, 1e6),
};

static int agency_staff(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return yw_mapping(w, node, staff_fields, SL_ARRAY_LEN(staff_fields), target);
}

static int agency_freeze(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_agency *a = target;
    return scn_freezes(w, node, &a->n_freezes, &a->freezes);
}

static int agency_inventory(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return scn_file_list(w, node, SL_INPUT_INVENTORY);
}

static int agency_flows(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return scn_file_list(w, node, SL_INPUT_FLOWS);
}

static const char *const role_names[] = {"host", "joining", NULL};

static const yw_field agency_fields[] = {
    YW_REQUIRED("id", yw_string, sl_agency, id),
    YW_FIELD("name", yw_string, sl_agency, name),
    {"role", yw_enum, offsetof(sl_agency, role), true, NULL, 0, -1, role_names},
    YW_FIELD("joins", yw_bool, sl_agency, joins),
    YW_FIELD("staff", agency_staff, sl_agency, ops_fte),
    YW_NUM("budget", sl_agency, budget, "currency", 0, 1e13),
    YW_FIELD("freeze", agency_freeze, sl_agency, freezes),
    YW_FIELD("inventory", agency_inventory, sl_agency, id),
    YW_FIELD("flows", agency_flows, sl_agency, id),
    YW_FIELD("stays", scn_read_stays, sl_agency, stays),
};

static sl_dist fixed(double v)
{
    return (sl_dist){SL_DIST_FIXED, v, v, v, SL_NONE};
}

static int agency_item(yw *w, struct fy_node *node, void *elem)
{
    sl_agency *a = elem;
    scn *s = scn_of(w);
    memset(a, 0, sizeof *a);
    a->migration_hours_per_week = fixed(0);
    a->staff_decline_share = fixed(0);
    a->staff_early_leave_share = fixed(0.3);
    a->staff_announce = SL_DATE_NONE;
    a->cost_per_hour = 800;
    a->fte_cost_per_year = 800000;
    a->ops_fte_after = -1;
    a->joins = true;
    s->current_agency = (sl_index)s->m->n_agencies;
    int rc = yw_mapping(w, node, agency_fields, SL_ARRAY_LEN(agency_fields), a);
    s->current_agency = SL_NONE;
    if (!a->joins && a->role == SL_ROLE_HOST) {
        struct fy_node *r = yw_resolve(w, node);
        struct fy_node *j = r ? fy_node_mapping_lookup_by_string(r, "joins", 5) : NULL;
        yw_error(w, j ? j : node, "the host runs the target and cannot stay out (joins: false)");
        rc = SL_EINPUT;
    }
    if (!a->name)
        a->name = a->id;
    /* fte_after not given: the move changes nothing in staffing */
    if (a->ops_fte_after < 0)
        a->ops_fte_after = a->ops_fte;

    return rc;
}

static int read_agencies(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    return scn_list(w, node, (void **)&m->agencies, &m->n_agencies, sizeof(sl_agency), agency_item,
                    &m->priv->agencies, N_("agency"), SL_MAX_AGENCIES);
}

/* ---- sites ------------------------------------------------------------ */

static const yw_field capacity_fields[] = {
    YW_NUM("racks", sl_site, racks, "racks", 0, 1e6),
    YW_NUM("kw", sl_site, kw, "kW", 0, 1e7),
    YW_NUM("floor_m2", sl_site, floor_m2, "m2", 0, 1e8),
};

static const yw_field used_fields[] = {
    YW_NUM("racks", sl_site, used_racks, "racks", 0, 1e6),
    YW_NUM("kw", sl_site, used_kw, "kW", 0, 1e7),
    YW_NUM("floor_m2", sl_site, used_floor_m2, "m2", 0, 1e8),
};

static int site_capacity(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return yw_mapping(w, node, capacity_fields, SL_ARRAY_LEN(capacity_fields), target);
}

static int site_used(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return yw_mapping(w, node, used_fields, SL_ARRAY_LEN(used_fields), target);
}

static int site_classes(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_site *site = target;
    yw_string_list l = {0, NULL};
    int rc = yw_words(w, node, &l, f->key);
    site->n_security_classes = l.n;
    site->security_classes = l.items;
    return rc ? rc : scn_words(w, node, WORD_CLASS);
}

/* The hosts a source hall runs today (status quo): files read after the
 * scenario, under the site being read. */
static int site_hosts(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    scn *s = scn_of(w);
    struct fy_node *id = fy_node_mapping_lookup_by_string(s->current_site_node, "id", 2);
    s->current_site = id ? yw_string_value(w, id) : NULL;
    if (!s->current_site)
        return SL_EINPUT;
    int rc = scn_file_list(w, node, SL_INPUT_HOSTS);
    s->current_site = NULL;
    return rc;
}

static const char *const site_role_names[] = {"source", "target", NULL};
static const char *const site_kind_names[] = {"own", "hosting", NULL};

static const yw_field site_fields[] = {
    YW_REQUIRED("id", yw_string, sl_site, id),
    YW_FIELD("name", yw_string, sl_site, name),
    {"owner", scn_ref_agency, offsetof(sl_site, owner), true, NULL, 0, -1, NULL},
    {"role", yw_enum, offsetof(sl_site, role), true, NULL, 0, -1, site_role_names},
    YW_ENUM("kind", sl_site, kind, site_kind_names),
    YW_FIELD("region", yw_string, sl_site, region),
    YW_FIELD("capacity", site_capacity, sl_site, racks),
    YW_FIELD("used", site_used, sl_site, used_racks),
    YW_NUM("rack_kw", sl_site, rack_kw, "kW/rack", 0.1, 200),
    YW_NUM("rack_units", sl_site, rack_units, "U", 1, 100),
    YW_NUM("rack_floor_m2", sl_site, rack_floor_m2, "m2/rack", 0.1, 100),
    YW_NUM("pue", sl_site, pue, "", 1, 5),
    YW_DIST("energy_price", sl_site, energy_price, "currency/kWh", 0, 1000),
    YW_NUM("energy_tax", sl_site, energy_tax, "currency/kWh", 0, 1000),
    YW_NUM("rent_per_year", sl_site, rent_per_year, "currency/year", 0, 1e12),
    YW_NUM("opex_per_year", sl_site, opex_per_year, "currency/year", 0, 1e12),
    YW_FIELD("contract_end", yw_date, sl_site, contract_end),
    YW_NUM("exit_cost", sl_site, exit_cost, "currency", 0, 1e12),
    YW_NUM("extension_cost_per_month", sl_site, extension_cost_per_month, "currency/month", 0,
           1e12),
    YW_NUM("it_kw", sl_site, it_kw, "kW", 0, 1e7),
    YW_FIELD("security_classes", site_classes, sl_site, security_classes),
    YW_FIELD("hosts", site_hosts, sl_site, id),
};

static int site_item(yw *w, struct fy_node *node, void *elem)
{
    sl_site *site = elem;
    memset(site, 0, sizeof *site);
    site->owner = SL_NONE;
    site->rack_kw = 8;
    site->rack_units = 42;
    site->rack_floor_m2 = 2.5;
    site->pue = 1.5;
    site->energy_price = fixed(0.5);
    site->contract_end = SL_DATE_NONE;
    scn_of(w)->current_site_node = yw_resolve(w, node);
    int rc = yw_mapping(w, node, site_fields, SL_ARRAY_LEN(site_fields), site);
    scn_of(w)->current_site_node = NULL;
    if (!site->name)
        site->name = site->id;
    if (rc == 0 && site->used_racks > site->racks && site->racks > 0) {
        yw_error(w, node, "site '%s' uses more racks (%g) than it has (%g)", site->id,
                 site->used_racks, site->racks);
        rc = SL_EINPUT;
    }
    return rc;
}

static int read_sites(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    return scn_list(w, node, (void **)&m->sites, &m->n_sites, sizeof(sl_site), site_item,
                    &m->priv->sites, N_("site"), SL_MAX_SITES);
}

/* ---- links and host models -------------------------------------------- */

static const yw_field link_fields[] = {
    {"from", scn_ref_site, offsetof(sl_link, from), true, NULL, 0, -1, NULL},
    {"to", scn_ref_site, offsetof(sl_link, to), true, NULL, 0, -1, NULL},
    {"gbps", yw_number, offsetof(sl_link, gbps), true, "Gbit/s", 0.001, 1e5, NULL},
    YW_NUM("usable_share", sl_link, usable_share, "share", 0.01, 1),
    YW_DIST("rtt_ms", sl_link, rtt_ms, "ms", 0, 10000),
};

static int link_item(yw *w, struct fy_node *node, void *elem)
{
    sl_link *l = elem;
    memset(l, 0, sizeof *l);
    l->usable_share = 0.5;
    l->rtt_ms = fixed(1);
    return yw_mapping(w, node, link_fields, SL_ARRAY_LEN(link_fields), l);
}

static int read_links(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    return scn_list(w, node, (void **)&m->links, &m->n_links, sizeof(sl_link), link_item, NULL,
                    N_("link"), SL_MAX_LIST_ITEMS);
}

static const yw_field host_model_fields[] = {
    YW_REQUIRED("id", yw_string, sl_host_model, id),
    {"cores", yw_number, offsetof(sl_host_model, cores), true, "cores", 1, 4096, NULL},
    YW_NUM("threads_per_core", sl_host_model, threads_per_core, "threads", 1, 8),
    {"ram_gb", yw_number, offsetof(sl_host_model, ram_gb), true, "GB", 1, 1e6, NULL},
    YW_NUM("storage_gb", sl_host_model, storage_gb, "GB", 0, 1e9),
    YW_NUM("watts", sl_host_model, watts, "W", 1, 1e5),
    YW_NUM("price", sl_host_model, price, "currency", 0, 1e9),
    YW_NUM("rack_units", sl_host_model, rack_units, "U", 1, 50),
    YW_NUM("licence_per_year", sl_host_model, licence_per_year, "currency/year", 0, 1e9),
};

static int host_model_item(yw *w, struct fy_node *node, void *elem)
{
    sl_host_model *h = elem;
    memset(h, 0, sizeof *h);
    h->threads_per_core = 2;
    h->watts = 600;
    h->rack_units = 2;
    return yw_mapping(w, node, host_model_fields, SL_ARRAY_LEN(host_model_fields), h);
}

static int read_host_models(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    return scn_list(w, node, (void **)&m->host_models, &m->n_host_models, sizeof(sl_host_model),
                    host_model_item, &m->priv->host_models, N_("host model"), SL_MAX_LIST_ITEMS);
}

/* ---- pool policy ------------------------------------------------------ */

static int pool_isolation(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    static const char *const names[] = {"agency", "security_class", "env"};
    sl_pool_policy *pp = target;
    yw_string_list l = {0, NULL};
    if (yw_words(w, node, &l, f->key))
        return SL_EINPUT;
    pp->isolation = 0;
    for (size_t i = 0; i < l.n; i++) {
        size_t k;
        for (k = 0; k < SL_ARRAY_LEN(names); k++)
            if (strcmp(l.items[i], names[k]) == 0)
                break;
        if (k == SL_ARRAY_LEN(names)) {
            if (strcmp(l.items[i], "none") == 0 && l.n == 1)
                return 0;
            const char *near = sl_nearest(l.items[i], names, SL_ARRAY_LEN(names));
            yw_error(w, node,
                     "isolation: unknown key '%s'%s%s%s; use agency, security_class, env "
                     "or none",
                     l.items[i], near ? sl_diag_tr(w->d, N_(" (did you mean '")) : "",
                     near ? near : "", near ? "'?)" : "");
            return SL_EINPUT;
        }
        pp->isolation |= 1u << k;
    }
    return 0;
}

static int pool_host_models(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_pool_policy *pp = target;
    struct fy_node *r = yw_resolve(w, node);
    if (!r)
        return SL_EINPUT;
    if (fy_node_get_type(r) != FYNT_SEQUENCE) {
        yw_error(w, node, "host_models must be a list of host model ids");
        return SL_EINPUT;
    }
    if (!yw_count_ok(w, r, SL_MAX_LIST_ITEMS, N_("host models")))
        return SL_EINPUT;
    int n = fy_node_sequence_item_count(r);
    pp->host_models = sl_arena_array(w->arena, (size_t)(n > 0 ? n : 1), sizeof(sl_index));
    if (!pp->host_models) {
        w->oom = true;
        return SL_ENOMEM;
    }
    pp->n_host_models = 0;
    int rc = 0;
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(r, &it)) != NULL) {
        if (scn_ref(w, REF_HOST_MODEL, item, &pp->host_models[pp->n_host_models]))
            rc = SL_EINPUT;
        else
            pp->n_host_models++;
    }
    return rc;
}

static const char *const spread_names[] = {"host", "rack", NULL};
static const char *const storage_names[] = {"shared", "local", NULL};
static const char *const sizing_names[] = {"as_is", "performance", NULL};

static const yw_field pool_fields[] = {
    YW_FIELD("isolation", pool_isolation, sl_pool_policy, isolation),
    YW_NUM("cpu_overcommit", sl_pool_policy, cpu_overcommit, "vCPU/thread", 0.1, 64),
    YW_NUM("ram_overcommit", sl_pool_policy, ram_overcommit, "", 0.1, 4),
    YW_NUM("max_utilisation", sl_pool_policy, max_utilisation, "share", 0.05, 1),
    {"ha_spare_hosts", yw_integer, offsetof(sl_pool_policy, ha_spare_hosts), false, "hosts", 0,
     64, NULL},
    YW_ENUM("anti_affinity", sl_pool_policy, anti_affinity, spread_names),
    YW_ENUM("storage", sl_pool_policy, storage, storage_names),
    YW_FIELD("power", yw_bool, sl_pool_policy, power_dimension),
    YW_ENUM("sizing", sl_pool_policy, sizing, sizing_names),
    YW_NUM("comfort_factor", sl_pool_policy, comfort_factor, "", 1, 10),
    YW_NUM("min_vcpu", sl_pool_policy, min_vcpu, "vCPU", 0.1, 1024),
    YW_NUM("min_ram_gb", sl_pool_policy, min_ram_gb, "GB", 0.1, 65536),
    YW_FIELD("host_models", pool_host_models, sl_pool_policy, host_models),
};

static int read_pools(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    return yw_mapping(w, node, pool_fields, SL_ARRAY_LEN(pool_fields), &m->pools);
}

/* ---- top level -------------------------------------------------------- */

static int read_version(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    scn *s = scn_of(w);
    s->version_node = node;
    return yw_integer(w, node, &s->format_version, f);
}

static int read_strings_into(yw *w, struct fy_node *node, size_t *n, const char ***items,
                             const char *key)
{
    yw_string_list l = {0, NULL};
    int rc = yw_words(w, node, &l, key);
    *n = l.n;
    *items = l.items;
    return rc;
}

static int read_classes(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = target;
    return read_strings_into(w, node, &m->n_security_classes, &m->security_classes, f->key);
}

static int read_unsupported(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = target;
    return read_strings_into(w, node, &m->n_unsupported_os, &m->unsupported_os, f->key);
}

static const yw_field top_fields[] = {
    {"samlok", read_version, 0, true, NULL, 0, 1000, NULL},
    YW_REQUIRED("name", yw_string, sl_model, name),
    YW_FIELD("description", yw_string, sl_model, description),
    YW_REQUIRED("start", yw_date, sl_model, start),
    YW_REQUIRED("deadline", yw_date, sl_model, deadline),
    YW_FIELD("currency", yw_string, sl_model, currency),
    YW_NUM("discount_rate", sl_model, discount_rate, "per year", -0.5, 1),
    {"horizon_years", yw_integer, offsetof(sl_model, horizon_years), false, "years", 1,
     SL_MAX_HORIZON_YEARS, NULL},
    YW_FIELD("seed", yw_u64, sl_model, seed),
    {"iterations", yw_long, offsetof(sl_model, iterations), false, "iterations", 1,
     SL_MAX_ITERATIONS, NULL},
    YW_FIELD("security_classes", read_classes, sl_model, security_classes),
    YW_FIELD("unsupported_os", read_unsupported, sl_model, unsupported_os),
    YW_FIELD("legal_tags", scn_read_legal_tags, sl_model, legal_tags),
    {"agencies", read_agencies, 0, true, NULL, 0, -1, NULL},
    {"sites", read_sites, 0, true, NULL, 0, -1, NULL},
    YW_FIELD("links", read_links, sl_model, links),
    {"host_models", read_host_models, 0, true, NULL, 0, -1, NULL},
    YW_FIELD("pools", read_pools, sl_model, pools),
    YW_FIELD("windows", scn_read_windows, sl_model, windows),
    YW_FIELD("migration", scn_read_migration, sl_model, migration),
    YW_FIELD("gates", scn_read_gates, sl_model, gates),
    YW_FIELD("risks", scn_read_risks, sl_model, risks),
    YW_FIELD("verdict", scn_read_verdict, sl_model, verdict),
    YW_FIELD("cost", scn_read_cost, sl_model, cost),
    YW_FIELD("adjustable", scn_read_adjustable, sl_model, adjustables),
    YW_FIELD("inventory_rules", scn_read_inventory_rules, sl_model, name),
};

static void model_defaults(sl_model *m)
{
    m->currency = "SEK";
    m->discount_rate = 0.035;
    m->horizon_years = 10;
    m->seed = 1;
    m->iterations = 10000;
    m->pools.cpu_overcommit = 4;
    m->pools.ram_overcommit = 1;
    m->pools.max_utilisation = 0.8;
    m->pools.ha_spare_hosts = 1;
    m->pools.comfort_factor = 1.3;
    m->pools.min_vcpu = 1;
    m->pools.min_ram_gb = 1;
    m->pools.isolation = SL_ISOLATE_SECURITY_CLASS;
    scn_rules_defaults(m);
}

/* Checks that need the whole file: roles, dates, who owns what. */
static int check_scenario(scn *s, struct fy_node *root)
{
    sl_model *m = s->m;
    yw *w = &s->w;
    int rc = 0;
    if (s->format_version != SL_FORMAT_VERSION) {
        yw_error(w, s->version_node, "unsupported format version %d (this samlok reads %d)",
                 s->format_version, SL_FORMAT_VERSION);
        rc = SL_EINPUT;
    }
    if (m->deadline <= m->start) {
        struct fy_node *dl = fy_node_mapping_lookup_by_string(root, "deadline", 8);
        yw_error(w, dl ? dl : root, "the deadline must come after the start");
        rc = SL_EINPUT;
    }
    size_t hosts = 0, targets = 0;
    for (size_t i = 0; i < m->n_agencies; i++)
        hosts += m->agencies[i].role == SL_ROLE_HOST;
    for (size_t i = 0; i < m->n_sites; i++)
        targets += m->sites[i].role == SL_SITE_TARGET;
    struct fy_node *ag = fy_node_mapping_lookup_by_string(root, "agencies", 8);
    struct fy_node *si = fy_node_mapping_lookup_by_string(root, "sites", 5);
    if (hosts != 1) {
        yw_error(w, ag ? ag : root, "exactly one agency must have role: host (found %zu)", hosts);
        rc = SL_EINPUT;
    }
    if (targets == 0) {
        yw_error(w, si ? si : root, "no site has role: target");
        rc = SL_EINPUT;
    }
    if (m->n_host_models == 0) {
        struct fy_node *hm = fy_node_mapping_lookup_by_string(root, "host_models", 11);
        yw_error(w, hm ? hm : root, "at least one host model is needed");
        rc = SL_EINPUT;
    }
    for (size_t i = 0; i < m->n_links; i++) {
        if (m->links[i].from != SL_NONE && m->links[i].from == m->links[i].to) {
            struct fy_node *ln = fy_node_mapping_lookup_by_string(root, "links", 5);
            yw_error(w, ln ? ln : root, "link %zu goes from a site to itself", i + 1);
            rc = SL_EINPUT;
        }
    }
    return rc;
}

int sl_scenario_read(sl_model *m, const char *file, const char *text, size_t len,
                     const char *base_dir, const sl_load_options *opts, bool check_adjustables,
                     sl_diag *d)
{
    scn s;
    memset(&s, 0, sizeof s);
    s.m = m;
    s.base_dir = base_dir;
    s.current_agency = SL_NONE;
    s.w.d = d;
    s.w.file = file;
    s.w.arena = m->priv->arena;
    s.w.user = &s;
    model_defaults(m);
    sl_c_numbers cn; /* adjustable values are written as text */
    sl_c_numbers_begin(&cn);

    int rc = yw_parse(&s.w, text, len);
    bool parsed = rc == 0;
    if (parsed && opts && opts->n_sets)
        rc = yw_apply_sets(&s.w, opts->n_sets, opts->sets);
    /* a --set that failed changed nothing: still check the rest, so one
     * run reports every problem */
    struct fy_node *root = parsed && rc != SL_ENOMEM ? fy_document_root(s.w.doc) : NULL;
    if (root) {
        int sets_rc = rc;
        rc = yw_mapping(&s.w, root, top_fields, SL_ARRAY_LEN(top_fields), m);
        if (rc == 0)
            rc = sets_rc;
        /* defaults first: a default_method may name the built-in method */
        if (rc != SL_ENOMEM) {
            int r2 = scn_rules_finish(&s);
            if (r2)
                rc = r2;
        }
        if (rc == SL_EINPUT || rc == 0) {
            int r2 = resolve_refs(&s);
            if (r2 && !rc)
                rc = r2;
        }
        if (rc == 0)
            rc = check_scenario(&s, root);
        if (rc == 0 || rc == SL_EINPUT) {
            int r2 = scn_check_words(&s);
            int r3 = check_adjustables ? scn_check_adjustables(&s) : 0;
            rc = r3 == SL_ENOMEM ? r3 : rc ? rc : r2 ? r2 : r3;
        }
    }
    if (s.w.oom)
        rc = SL_ENOMEM;
    if (rc == 0) {
        m->params = s.w.params;
        m->n_params = s.w.n_params;
        s.w.params = NULL;
    }
    sl_free(s.refs);
    sl_free(s.words);
    sl_free(s.adjust_nodes);
    yw_done(&s.w);
    sl_c_numbers_end(&cn);
    return rc;
}
