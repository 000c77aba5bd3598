/* SPDX-License-Identifier: MIT */
/*
 * scenario_inputs.c - the files a scenario names and how to read them:
 * an agency's inventories (samlok's CSV, with a column map and unit hints
 * for a CMDB export; or an RVTools export with its site and storage
 * basis) and flow files, a site's hosts, and the inventory mapping rules
 * (inventory_rules:) that fill env, tier, app and owner from a VM's name,
 * cluster, folder and annotation. The files themselves are read by the
 * loader (load.c) once the scenario is whole. docs/SCENARIO.md.
 */
#include "read/scenario.h"

#include <string.h>

static int add_input(yw *w, sl_input_kind kind, struct fy_node *node, const char *path,
                     struct fy_node *site_node, sl_input_file **added)
{
    scn *s = scn_of(w);
    struct sl_model_private *p = s->m->priv;
    sl_input_file *in = sl_reallocarray(p->inputs, p->n_inputs + 1, sizeof *in);
    if (!in) {
        w->oom = true;
        return SL_ENOMEM;
    }
    p->inputs = in;
    in = &p->inputs[p->n_inputs];
    memset(in, 0, sizeof *in);
    in->kind = kind;
    in->display = path;
    if (path[0] == '/' || !s->base_dir[0])
        in->path = path;
    else
        in->path = sl_arena_printf(w->arena, "%s/%s", s->base_dir, path);
    if (!in->path) {
        w->oom = true;
        return SL_ENOMEM;
    }
    in->agency = s->current_agency;
    yw_loc loc = yw_where(w, kind == SL_INPUT_RVTOOLS && site_node ? site_node : node);
    in->where_file = loc.file;
    in->where_line = loc.line;
    in->where_column = loc.column;
    p->n_inputs++;
    if (added)
        *added = in;
    if (kind == SL_INPUT_HOSTS)
        in->site_id = s->current_site;
    if (site_node) {
        /* not a pending reference: inputs move when the array grows */
        in->site_id = yw_string_value(w, site_node);
        if (!in->site_id)
            return SL_EINPUT;
    }
    return 0;
}

/* ---- column maps ---------------------------------------------------- */

typedef struct unit {
    const char *name;
    double factor; /* to samlok's unit */
} unit;

/* GiB for memory and storage (what samlok's _gb columns hold), percent
 * for utilisation. */
static const unit size_units[] = {
    {"GiB", 1},
    {"GB", 1e9 / 1073741824.0},
    {"MiB", 1.0 / 1024},
    {"MB", 1e6 / 1073741824.0},
    {"TiB", 1024},
    {"TB", 1e12 / 1073741824.0},
};
static const unit share_units[] = {{"percent", 1}, {"share", 100}};

typedef struct column_spec {
    const char *column, *unit;
    struct fy_node *unit_node;
} column_spec;

static int column_key(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    column_spec *cs = target;
    const char *v = yw_string_value(w, node);
    if (!v)
        return SL_EINPUT;
    if (strcmp(f->key, "column") == 0) {
        cs->column = v;
    } else {
        cs->unit = v;
        cs->unit_node = node;
    }
    return 0;
}

static const yw_field column_fields[] = {
    {"column", column_key, 0, true, NULL, 0, -1, NULL},
    {"unit", column_key, 0, false, NULL, 0, -1, NULL},
};

/* One entry of `columns:`: FIELD: "Header" or FIELD: {column, unit}. */
static int column_entry(yw *w, struct fy_node *key, struct fy_node *value, sl_column_map *cm)
{
    const char *field = yw_string_value(w, key);
    if (!field)
        return SL_EINPUT;
    size_t k = 0;
    while (sl_inventory_columns[k] && strcmp(sl_inventory_columns[k], field) != 0)
        k++;
    if (!sl_inventory_columns[k]) {
        const char *near = sl_nearest(field, sl_inventory_columns, SL_INVENTORY_N_COLUMNS + 1);
        yw_error(w, key, "'%s' is not a column of samlok's inventory%s%s%s", field,
                 near ? sl_diag_tr(w->d, N_(" (did you mean '")) : "", near ? near : "",
                 near ? "'?)" : "");
        return SL_EINPUT;
    }
    column_spec cs = {NULL, NULL, NULL};
    struct fy_node *r = yw_resolve(w, value);
    if (!r)
        return SL_EINPUT;
    if (fy_node_get_type(r) == FYNT_MAPPING) {
        if (yw_mapping(w, value, column_fields, SL_ARRAY_LEN(column_fields), &cs))
            return SL_EINPUT;
    } else {
        cs.column = yw_string_value(w, value);
        if (!cs.column)
            return SL_EINPUT;
    }
    if (!cs.column[0]) {
        yw_error(w, value, "the column name of '%s' is empty", field);
        return SL_EINPUT;
    }
    cm->field = sl_inventory_columns[k];
    cm->header = cs.column;
    cm->factor = 1;
    if (!cs.unit)
        return 0;
    bool is_size = strcmp(field, "ram_gb") == 0 || strcmp(field, "storage_gb") == 0;
    bool is_share = strcmp(field, "cpu_p95") == 0 || strcmp(field, "ram_p95") == 0;
    const unit *units = is_size ? size_units : share_units;
    size_t n = is_size ? SL_ARRAY_LEN(size_units) : is_share ? SL_ARRAY_LEN(share_units) : 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(units[i].name, cs.unit) == 0) {
            cm->factor = units[i].factor;
            return 0;
        }
    }
    if (!n)
        yw_error(w, cs.unit_node, "'%s' takes no unit (units are for ram_gb, storage_gb, "
                 "cpu_p95 and ram_p95)", field);
    else
        yw_error(w, cs.unit_node, "unknown unit '%s' for %s; use %s", cs.unit, field,
                 is_size ? "GiB, GB, MiB, MB, TiB or TB" : "percent or share");
    return SL_EINPUT;
}

static int read_columns(yw *w, struct fy_node *node, sl_input_file *in)
{
    struct fy_node *r = yw_resolve(w, node);
    if (!r)
        return SL_EINPUT;
    if (fy_node_get_type(r) != FYNT_MAPPING) {
        yw_error(w, node, "columns: wants a mapping from samlok's column to the file's header, "
                 "e.g. {vcpu: \"CPU count\"}");
        return SL_EINPUT;
    }
    int n = fy_node_mapping_item_count(r);
    in->columns = sl_arena_array(w->arena, (size_t)(n > 0 ? n : 1), sizeof *in->columns);
    if (!in->columns) {
        w->oom = true;
        return SL_ENOMEM;
    }
    int rc = 0;
    void *it = NULL;
    struct fy_node_pair *pair;
    while ((pair = fy_node_mapping_iterate(r, &it)) != NULL) {
        sl_column_map *cm = &in->columns[in->n_columns];
        if (column_entry(w, fy_node_pair_key(pair), fy_node_pair_value(pair), cm))
            rc = SL_EINPUT;
        else
            in->n_columns++;
    }
    return rc;
}

/* ---- inventory entries --------------------------------------------- */

typedef struct inventory_spec {
    const char *file, *rvtools, *basis;
    struct fy_node *site_node, *basis_node, *columns_node;
} inventory_spec;

static int inventory_key(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    inventory_spec *is = target;
    if (strcmp(f->key, "columns") == 0) {
        is->columns_node = node;
        return 0;
    }
    const char *v = yw_string_value(w, node);
    if (!v)
        return SL_EINPUT;
    if (strcmp(f->key, "site") == 0)
        is->site_node = node;
    else if (strcmp(f->key, "file") == 0)
        is->file = v;
    else if (strcmp(f->key, "rvtools") == 0)
        is->rvtools = v;
    else {
        is->basis = v;
        is->basis_node = node;
    }
    return 0;
}

static const yw_field inventory_fields[] = {
    {"file", inventory_key, 0, false, NULL, 0, -1, NULL},
    {"rvtools", inventory_key, 0, false, NULL, 0, -1, NULL},
    {"site", inventory_key, 0, false, NULL, 0, -1, NULL},
    {"storage_basis", inventory_key, 0, false, NULL, 0, -1, NULL},
    {"columns", inventory_key, 0, false, NULL, 0, -1, NULL},
};

static int inventory_entry(yw *w, struct fy_node *node)
{
    struct fy_node *r = yw_resolve(w, node);
    if (r && fy_node_get_type(r) == FYNT_SCALAR) {
        const char *path = yw_string_value(w, node);
        return path ? add_input(w, SL_INPUT_INVENTORY, node, path, NULL, NULL) : SL_EINPUT;
    }
    inventory_spec is;
    memset(&is, 0, sizeof is);
    if (yw_mapping(w, node, inventory_fields, SL_ARRAY_LEN(inventory_fields), &is))
        return SL_EINPUT;
    if (!!is.file == !!is.rvtools) {
        yw_error(w, node, "an inventory entry names either 'file' or 'rvtools'");
        return SL_EINPUT;
    }
    sl_input_file *in = NULL;
    if (is.rvtools) {
        if (!is.site_node) {
            yw_error(w, node, "an RVTools export needs 'site': where its VMs run today");
            return SL_EINPUT;
        }
        if (is.columns_node) {
            yw_error(w, is.columns_node, "'columns' belongs to 'file' entries: an RVTools "
                     "export has its own headers");
            return SL_EINPUT;
        }
        sl_storage_basis basis = SL_STORAGE_PROVISIONED;
        if (is.basis && strcmp(is.basis, "in_use") == 0) {
            basis = SL_STORAGE_IN_USE;
        } else if (is.basis && strcmp(is.basis, "provisioned") != 0) {
            yw_error(w, is.basis_node, "storage_basis is provisioned or in_use, not '%s'",
                     is.basis);
            return SL_EINPUT;
        }
        int rc = add_input(w, SL_INPUT_RVTOOLS, node, is.rvtools, is.site_node, &in);
        if (in)
            in->storage_basis = basis;
        return rc;
    }
    if (is.basis_node) {
        yw_error(w, is.basis_node, "'storage_basis' belongs to RVTools entries; samlok's CSV "
                 "has one storage_gb column");
        return SL_EINPUT;
    }
    int rc = add_input(w, SL_INPUT_INVENTORY, node, is.file, is.site_node, &in);
    if (rc == 0 && is.columns_node)
        rc = read_columns(w, is.columns_node, in);
    return rc;
}

static int one_file(yw *w, struct fy_node *node, sl_input_kind kind)
{
    if (kind == SL_INPUT_INVENTORY)
        return inventory_entry(w, node);
    const char *path = yw_string_value(w, node);
    return path ? add_input(w, kind, node, path, NULL, NULL) : SL_EINPUT;
}

int scn_file_list(yw *w, struct fy_node *node, sl_input_kind kind)
{
    struct fy_node *r = yw_resolve(w, node);
    if (!r)
        return SL_EINPUT;
    if (fy_node_get_type(r) != FYNT_SEQUENCE)
        return one_file(w, node, kind);
    if (!yw_count_ok(w, r, SL_MAX_LIST_ITEMS, N_("files")))
        return SL_EINPUT;
    int rc = 0;
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(r, &it)) != NULL) {
        int r2 = one_file(w, item, kind);
        if (r2 == SL_ENOMEM)
            return r2;
        if (r2)
            rc = r2;
    }
    return rc;
}

/* ---- inventory mapping rules ---------------------------------------- */

static const char *const match_names[SL_N_MATCH] = {"name", "cluster", "folder", "annotation"};

typedef struct rule_read {
    sl_map_rule *rule;
    size_t stars;
} rule_read;

static int when_key(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    rule_read *rr = target;
    const char *v = yw_string_value(w, node);
    if (!v)
        return SL_EINPUT;
    for (int k = 0; k < SL_N_MATCH; k++)
        if (strcmp(f->key, match_names[k]) == 0)
            rr->rule->when[k] = v;
    rr->stars += sl_glob_stars(v);
    return 0;
}

static const yw_field when_fields[] = {
    {"name", when_key, 0, false, NULL, 0, -1, NULL},
    {"cluster", when_key, 0, false, NULL, 0, -1, NULL},
    {"folder", when_key, 0, false, NULL, 0, -1, NULL},
    {"annotation", when_key, 0, false, NULL, 0, -1, NULL},
};

static int set_key(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    rule_read *rr = target;
    if (strcmp(f->key, "tier") == 0)
        return yw_integer(w, node, &rr->rule->tier, f);
    const char *v = yw_string_value(w, node);
    if (!v)
        return SL_EINPUT;
    int ref = sl_template_max_ref(v);
    size_t usable = SL_MIN(rr->stars, (size_t)9);
    if ((size_t)ref > usable) {
        yw_error(w, node, "'$%d' names a star that the rule's patterns do not have (they have "
                 "%zu)", ref, rr->stars);
        return SL_EINPUT;
    }
    if (strcmp(f->key, "env") == 0)
        rr->rule->env = v;
    else if (strcmp(f->key, "app") == 0)
        rr->rule->app = v;
    else
        rr->rule->owner = v;
    return 0;
}

static const yw_field set_fields[] = {
    {"env", set_key, 0, false, NULL, 0, -1, NULL},
    {"tier", set_key, 0, false, NULL, 1, 4, NULL},
    {"app", set_key, 0, false, NULL, 0, -1, NULL},
    {"owner", set_key, 0, false, NULL, 0, -1, NULL},
};

static int rule_part(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    rule_read *rr = target;
    if (strcmp(f->key, "when") == 0) {
        if (yw_mapping(w, node, when_fields, SL_ARRAY_LEN(when_fields), rr))
            return SL_EINPUT;
        bool any = false;
        for (int k = 0; k < SL_N_MATCH; k++)
            any |= rr->rule->when[k] != NULL;
        if (!any) {
            yw_error(w, node, "when: needs name, cluster, folder or annotation");
            return SL_EINPUT;
        }
        return 0;
    }
    int rc = yw_mapping(w, node, set_fields, SL_ARRAY_LEN(set_fields), rr);
    const sl_map_rule *r = rr->rule;
    if (rc == 0 && !r->env && !r->app && !r->owner && !r->tier) {
        yw_error(w, node, "set: needs env, tier, app or owner");
        rc = SL_EINPUT;
    }
    return rc;
}

/* `when` first, so `set` knows how many stars its $N may name */
static const yw_field rule_when_fields[] = {
    {"when", rule_part, 0, true, NULL, 0, -1, NULL},
};
static int already_read(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    (void)w, (void)node, (void)target, (void)f;
    return 0;
}

static const yw_field rule_fields[] = {
    {"when", already_read, 0, true, NULL, 0, -1, NULL},
    {"set", rule_part, 0, true, NULL, 0, -1, NULL},
};

static int rule_item(yw *w, struct fy_node *node, void *elem)
{
    sl_map_rule *r = elem;
    memset(r, 0, sizeof *r);
    rule_read rr = {r, 0};
    struct fy_node *m = yw_resolve(w, node);
    if (!m || fy_node_get_type(m) != FYNT_MAPPING) {
        yw_error(w, node, "a rule is a mapping: {when: {...}, set: {...}}");
        return SL_EINPUT;
    }
    struct fy_node *when = fy_node_mapping_lookup_by_string(m, "when", 4);
    int rc = 0;
    if (when && rule_part(w, when, &rr, &rule_when_fields[0]))
        rc = SL_EINPUT;
    /* the whole mapping, so unknown and missing keys are reported; `when`
     * has been read and is skipped */
    int r2 = yw_mapping(w, node, rule_fields, SL_ARRAY_LEN(rule_fields), &rr);
    return rc ? rc : r2;
}

int scn_read_inventory_rules(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    struct sl_model_private *p = scn_of(w)->m->priv;
    struct fy_node *r = yw_resolve(w, node);
    if (!r)
        return SL_EINPUT;
    if (fy_node_get_type(r) != FYNT_SEQUENCE) {
        yw_error(w, node, "inventory_rules: wants a list of {when: {...}, set: {...}}");
        return SL_EINPUT;
    }
    if (!yw_count_ok(w, r, SL_MAX_LIST_ITEMS, N_("rules")))
        return SL_EINPUT;
    int n = fy_node_sequence_item_count(r);
    p->rules = sl_arena_array(w->arena, (size_t)(n > 0 ? n : 1), sizeof *p->rules);
    if (!p->rules) {
        w->oom = true;
        return SL_ENOMEM;
    }
    int rc = 0;
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(r, &it)) != NULL) {
        if (rule_item(w, item, &p->rules[p->n_rules]))
            rc = SL_EINPUT;
        else
            p->n_rules++;
    }
    return rc;
}
