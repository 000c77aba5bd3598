/* SPDX-License-Identifier: MIT */
/*
 * load.c - sl_model_load: the scenario, then every inventory (samlok CSV
 * or RVTools) it names, then every flow file, into one validated model.
 *
 * The readers check syntax and numbers; here rows meet the scenario: their
 * agency, site, method, security class and legal tags must exist. Errors in
 * one file do not stop the others from being read, so a user sees every
 * problem in one run. Nothing is returned unless everything is right.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "core/file.h"
#include "read/flows.h"
#include "read/hosts.h"
#include "read/inventory.h"
#include "read/reload.h"
#include "read/scenario.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct loader {
    sl_model *m;
    const sl_load_options *opts;
    sl_diag *d;
    bool foreign_seen[SL_MAX_AGENCIES]; /* in the file being read */
} loader;

/* The bytes of path: an in-memory file's, or the file's on disk. in:
 * the input it is (NULL for the scenario), told what was read. */
static int load_text(loader *l, const char *path, size_t limit, sl_input_file *in, char **buf,
                     const char **data, size_t *len)
{
    *buf = NULL;
    if (l->opts && l->opts->n_memfiles) {
        for (size_t i = 0; i < l->opts->n_memfiles; i++) {
            if (strcmp(l->opts->memfiles[i].path, path) == 0) {
                *data = l->opts->memfiles[i].data;
                *len = l->opts->memfiles[i].len;
                if (in) {
                    in->is_read = true;
                    in->mem_data = *data;
                    in->mem_len = *len;
                }
                return 0;
            }
        }
        sl_diag_add(l->d, SL_ERROR, path, 0, 0, "no such file");
        return SL_EINPUT;
    }
    sl_file_id id;
    int rc = sl_file_read_id(buf, len, path, limit, &id, l->d);
    *data = *buf;
    if (in && rc == 0) {
        in->is_read = true;
        in->id = id;
        in->mem_data = NULL;
    }
    return rc;
}

/* The id nearest to word among n entities of `stride` bytes whose id is
 * at `offset`; base may be NULL when the scenario lists none. */
static const char *nearest_id(const char *word, const void *base, size_t stride, size_t offset,
                              size_t n)
{
    const char *cands[64];
    size_t k = 0;
    for (size_t i = 0; base && i < n && k < SL_ARRAY_LEN(cands); i++)
        cands[k++] = *(const char *const *)((const char *)base + i * stride + offset);
    return sl_nearest(word, cands, k);
}

static bool in_list(const char *word, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(word, list[i]) == 0)
            return true;
    return false;
}

/* Splits "a;b|c" into arena strings. */
static int split_tags(sl_arena *a, const char *text, size_t *n, const char ***out)
{
    size_t count = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ";|");
        const char *s = p;
        size_t tl = len;
        sl_trim(&s, &tl);
        count += tl > 0;
        p += len + (p[len] ? 1 : 0);
    }
    *n = 0;
    *out = NULL;
    if (!count)
        return 0;
    const char **tags = sl_arena_array(a, count, sizeof *tags);
    if (!tags)
        return SL_ENOMEM;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ";|");
        const char *s = p;
        size_t tl = len;
        sl_trim(&s, &tl);
        if (tl) {
            tags[*n] = sl_arena_strndup(a, s, tl);
            if (!tags[*n])
                return SL_ENOMEM;
            (*n)++;
        }
        p += len + (p[len] ? 1 : 0);
    }
    *out = tags;
    return 0;
}

/* One row meets the scenario. Returns SL_EINPUT after reporting. */
static int add_row(loader *l, const sl_input_file *in, const sl_inventory *inv,
                   const sl_inventory_row *row)
{
    sl_model *m = l->m;
    sl_arena *a = m->priv->arena;
    const char *file = inv->file;
    int rc = 0;
    sl_workload w;
    memset(&w, 0, sizeof w);
    w.agency = sl_model_agency(m, row->agency);
    if (w.agency != SL_NONE && in->agency != SL_NONE && w.agency != in->agency &&
        !l->foreign_seen[w.agency]) {
        /* rows count for the agency they name (docs/SCENARIO.md), but the
         * scenario gives this file to another: a slip of the agency
         * column would move a workload silently. Said once per agency
         * and file, at its first row. */
        l->foreign_seen[w.agency] = true;
        sl_diag_add_cell(l->d, SL_WARNING, file, row->line, "agency",
                         "a row of agency '%s' in a file the scenario lists under agency '%s' "
                         "(%s:%ld:%ld); it counts for '%s'",
                         row->agency, m->agencies[in->agency].id, in->where_file, in->where_line,
                         in->where_column, row->agency);
    }
    if (w.agency == SL_NONE) {
        const char *near = nearest_id(row->agency, m->agencies, sizeof(sl_agency),
                                      offsetof(sl_agency, id), m->n_agencies);
        sl_diag_add_cell(l->d, SL_ERROR, file, row->line, "agency", "unknown agency '%s'%s%s%s",
                         row->agency, near ? sl_diag_tr(l->d, N_(" (did you mean '")) : "",
                         near ? near : "", near ? "'?)" : "");
        rc = SL_EINPUT;
    }
    w.site = sl_model_site(m, row->site);
    if (w.site == SL_NONE) {
        /* only a source site is a valid answer */
        const char *sources[64];
        size_t n_sources = 0;
        for (size_t i = 0; i < m->n_sites && n_sources < SL_ARRAY_LEN(sources); i++)
            if (m->sites[i].role == SL_SITE_SOURCE)
                sources[n_sources++] = m->sites[i].id;
        const char *near = sl_nearest(row->site, sources, n_sources);
        sl_diag_add_cell(l->d, SL_ERROR, file, row->line, "site", "unknown site '%s'%s%s%s",
                         row->site, near ? sl_diag_tr(l->d, N_(" (did you mean '")) : "",
                         near ? near : "", near ? "'?)" : "");
        rc = SL_EINPUT;
    } else if (m->sites[w.site].role != SL_SITE_SOURCE) {
        sl_diag_add_cell(l->d, SL_ERROR, file, row->line, "site",
                         "'%s' is a target site; list only workloads that move (describe what "
                         "the target already holds under sites: used:)",
                         row->site);
        rc = SL_EINPUT;
    }
    w.method = m->migration.default_method;
    if (row->method && row->method[0]) {
        w.method = sl_strmap_get(&m->priv->methods, row->method);
        if (w.method == SL_NONE) {
            const char *near = nearest_id(row->method, m->migration.methods, sizeof(sl_method),
                                          offsetof(sl_method, id), m->migration.n_methods);
            sl_diag_add_cell(l->d, SL_ERROR, file, row->line, "method",
                             "unknown migration method '%s'%s%s%s", row->method,
                             near ? sl_diag_tr(l->d, N_(" (did you mean '")) : "", near ? near : "",
                             near ? "'?)" : "");
            rc = SL_EINPUT;
        }
    }
    const char *cls = row->security_class && row->security_class[0] ? row->security_class : NULL;
    if (!cls)
        cls = m->n_security_classes ? m->security_classes[0] : "open";
    else if (m->n_security_classes && !in_list(cls, m->security_classes, m->n_security_classes)) {
        const char *near = sl_nearest(cls, m->security_classes, m->n_security_classes);
        sl_diag_add_cell(l->d, SL_ERROR, file, row->line, "security_class",
                         "'%s' is not a declared security class%s%s%s", cls,
                         near ? sl_diag_tr(l->d, N_(" (did you mean '")) : "", near ? near : "",
                         near ? "'?)" : "");
        rc = SL_EINPUT;
    }
    if (split_tags(a, row->legal_tags ? row->legal_tags : "", &w.n_legal_tags, &w.legal_tags))
        return SL_ENOMEM;
    for (size_t i = 0; i < w.n_legal_tags && m->n_legal_tags; i++) {
        bool known = false;
        for (size_t k = 0; k < m->n_legal_tags; k++)
            known |= strcmp(m->legal_tags[k].id, w.legal_tags[i]) == 0;
        if (!known) {
            sl_diag_add_cell(l->d, SL_ERROR, file, row->line, "legal_tags",
                             "'%s' is not a declared legal tag", w.legal_tags[i]);
            rc = SL_EINPUT;
        }
    }
    if (rc)
        return rc;
    if (m->n_workloads >= SL_MAX_WORKLOADS) {
        sl_diag_add(l->d, SL_ERROR, file, row->line, 0,
                    "more than %d workloads in all inventories: the limit", SL_MAX_WORKLOADS);
        return SL_ELIMIT;
    }
    /* the scenario's mapping rules fill what the inventory left empty */
    const char *env = row->env ? row->env : "", *app = row->app ? row->app : "";
    const char *owner = row->owner ? row->owner : "";
    int tier = row->tier;
    if (m->priv->n_rules) {
        const char *values[SL_N_MATCH] = {
            [SL_MATCH_NAME] = row->id,
            [SL_MATCH_CLUSTER] = row->cluster ? row->cluster : "",
            [SL_MATCH_FOLDER] = row->folder ? row->folder : "",
            [SL_MATCH_ANNOTATION] = row->annotation ? row->annotation : "",
        };
        if (sl_rules_apply(m->priv->rules, m->priv->n_rules, values, a, &env, &app, &owner,
                           &tier))
            return SL_ENOMEM;
    }
    w.id = sl_arena_strdup(a, row->id);
    w.env = sl_arena_strdup(a, env);
    w.owner = sl_arena_strdup(a, owner);
    w.os = sl_arena_strdup(a, row->os ? row->os : "");
    w.security_class = sl_arena_strdup(a, cls);
    w.ha_group = row->ha_group && row->ha_group[0] ? sl_arena_strdup(a, row->ha_group) : NULL;
    w.file = file;
    if (!w.id || !w.env || !w.owner || !w.os || !w.security_class || (row->ha_group && row->ha_group[0] && !w.ha_group))
        return SL_ENOMEM;
    w.app = SL_NONE;
    if (app[0]) {
        w.app = sl_model_intern_app(m, app, strlen(app));
        if (w.app == SL_NONE)
            return SL_ENOMEM;
    }
    w.tier = tier ? tier : 3;
    w.vcpu = row->vcpu;
    w.ram_gb = row->ram_gb;
    w.storage_gb = row->storage_gb;
    w.cpu_p95 = row->cpu_p95;
    w.ram_p95 = row->ram_p95;
    w.is_powered_off = row->is_powered_off;
    w.line = row->line;
    sl_index dup;
    rc = sl_model_add_workload(m, &w, &dup);
    if (rc == SL_EINPUT) {
        const sl_workload *first = &m->workloads[dup];
        sl_diag_add_cell(l->d, SL_ERROR, file, row->line, "id",
                         "duplicate workload id '%s' (first at %s:%ld)", w.id, first->file,
                         first->line);
    }
    return rc;
}

/* A file past the size limit: say where the scenario names it. */
static void note_named_here(loader *l, const sl_input_file *in)
{
    sl_diag_add(l->d, SL_NOTE, in->where_file, in->where_line, in->where_column,
                "'%s' is named here", in->display ? in->display : in->path);
}

static int load_inventory(loader *l, sl_input_file *in)
{
    char *buf;
    const char *data;
    size_t len;
    int rc = load_text(l, in->path, SL_MAX_INPUT_BYTES, in, &buf, &data, &len);
    if (rc == SL_ELIMIT)
        note_named_here(l, in);
    if (rc)
        return rc;
    sl_inventory *inv = NULL;
    const char *agency = l->m->agencies[in->agency].id;
    if (in->kind == SL_INPUT_RVTOOLS) {
        rc = sl_rvtools_read_with(&inv, in->path, data, len, agency, in->site_id,
                                  in->storage_basis, l->d);
    } else {
        /* a file without an agency column belongs to the agency that lists it */
        sl_inventory_options o = {in->n_columns, in->columns, agency, in->site_id};
        rc = sl_inventory_read_with(&inv, in->path, data, len, &o, l->d);
    }
    sl_free(buf);
    if (rc == SL_EINPUT || rc == SL_ELIMIT)
        note_named_here(l, in);
    if (rc)
        return rc;
    /* rows keep the model's copy of the file name (with the sheet of a
     * workbook) for later messages */
    inv->file = sl_arena_strdup(l->m->priv->arena, inv->file);
    if (!inv->file) {
        sl_inventory_free(inv);
        return SL_ENOMEM;
    }
    memset(l->foreign_seen, 0, sizeof l->foreign_seen);
    for (size_t i = 0; i < inv->n_rows; i++) {
        int r2 = add_row(l, in, inv, &inv->rows[i]);
        if (r2 == SL_ENOMEM || r2 == SL_ELIMIT) {
            rc = r2;
            break;
        }
        if (r2)
            rc = r2;
    }
    if (rc == SL_EINPUT || rc == SL_ELIMIT)
        note_named_here(l, in);
    sl_inventory_free(inv);
    return rc;
}

/* An RVTools export named .xlsx (or .xlsm) may hold a vHost sheet; a CSV
 * export is not read a second time to find out that it does not. */
static bool is_workbook_name(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && (sl_streq_nocase(path + n - 5, ".xlsx") || sl_streq_nocase(path + n - 5, ".xlsm"));
}

/* A site's hosts today: a hosts file the scenario names, or the vHost
 * sheet of an RVTools workbook (is_optional: none there is no error). */
static int load_hosts(loader *l, sl_input_file *in, bool is_optional)
{
    sl_index s = sl_model_site(l->m, in->site_id);
    if (s == SL_NONE)
        return 0; /* reported with the inventories */
    if (l->m->sites[s].role != SL_SITE_SOURCE) {
        sl_diag_add(l->d, SL_ERROR, in->where_file, in->where_line, in->where_column,
                    "hosts belong to a source site; '%s' is the target", in->site_id);
        return SL_EINPUT;
    }
    char *buf;
    const char *data;
    size_t len;
    int rc = load_text(l, in->path, SL_MAX_INPUT_BYTES, in, &buf, &data, &len);
    if (rc == 0) {
        const char *file = sl_arena_strdup(l->m->priv->arena, in->path);
        rc = file ? sl_hosts_read(l->m, s, file, data, len, is_optional, l->d) : SL_ENOMEM;
        sl_free(buf);
    }
    if (rc == SL_EINPUT || rc == SL_ELIMIT)
        note_named_here(l, in);
    return rc;
}

static int load_flows(loader *l, sl_input_file *in, sl_flow_unmatched *un)
{
    char *buf;
    const char *data;
    size_t len;
    int rc = load_text(l, in->path, SL_MAX_INPUT_BYTES, in, &buf, &data, &len);
    if (rc == SL_ELIMIT)
        note_named_here(l, in);
    if (rc)
        return rc;
    const char *file = sl_arena_strdup(l->m->priv->arena, in->path);
    rc = file ? sl_flows_read(l->m, un, file, data, len, l->d) : SL_ENOMEM;
    sl_free(buf);
    if (rc == SL_EINPUT || rc == SL_ELIMIT)
        note_named_here(l, in);
    return rc;
}

/* The worst of two results: out of memory beats input errors. */
static int worst(int a, int b)
{
    if (a == SL_ENOMEM || b == SL_ENOMEM)
        return SL_ENOMEM;
    if (a == SL_EIO || b == SL_EIO)
        return SL_EIO;
    return a ? a : b;
}

/* Marks each input file that lies outside the scenario's folder once
 * symbolic links are resolved. Such files are read all the same (scenarios
 * may share files); `validate` names them so nobody is surprised. */
static void mark_outside(sl_model *m, const char *dir, const sl_load_options *opts)
{
    if (opts && opts->n_memfiles)
        return;
    char *base = realpath(dir[0] ? dir : ".", NULL); /* libc's allocations here */
    if (!base)
        return;
    size_t n = strlen(base);
    struct sl_model_private *p = m->priv;
    for (size_t i = 0; i < p->n_inputs; i++) {
        char *real = realpath(p->inputs[i].path, NULL);
        p->inputs[i].is_outside =
            real && !(strncmp(real, base, n) == 0 && (real[n] == '/' || (n == 1 && base[0] == '/')));
        free(real);
    }
    free(base);
}

/* Reads every inventory, hosts file and flow file the scenario names
 * (rc: the scenario's result; every file is read even after an input
 * error, so that one run shows every problem). */
static int read_inputs(loader *l, int rc)
{
    sl_model *m = l->m;
    sl_diag *d = l->d;
    struct sl_model_private *p = m->priv;
    for (size_t i = 0; rc != SL_ENOMEM && i < p->n_inputs; i++) {
        /* a scenario with errors still has its file list: read them all */
        if (rc && rc != SL_EINPUT)
            break;
        if (p->inputs[i].kind == SL_INPUT_FLOWS || p->inputs[i].kind == SL_INPUT_HOSTS)
            continue;
        if (p->inputs[i].site_id && sl_model_site(m, p->inputs[i].site_id) == SL_NONE) {
            const sl_input_file *in = &p->inputs[i];
            if (m->n_sites) /* else the scenario's own errors said enough */
                sl_diag_add(d, SL_ERROR, in->where_file, in->where_line, in->where_column,
                            "unknown site '%s'", in->site_id);
            rc = worst(rc, SL_EINPUT);
            continue;
        }
        if (p->inputs[i].agency == SL_NONE)
            continue;
        rc = worst(rc, load_inventory(l, &p->inputs[i]));
    }
    /* the hosts of the halls: named files, and the vHost sheets of RVTools
     * workbooks (read again: the inventory pass kept nothing of them) */
    for (size_t i = 0; rc != SL_ENOMEM && rc != SL_ELIMIT && i < p->n_inputs; i++)
        if (p->inputs[i].kind == SL_INPUT_HOSTS ||
            (p->inputs[i].kind == SL_INPUT_RVTOOLS && p->inputs[i].agency != SL_NONE &&
             is_workbook_name(p->inputs[i].path)))
            rc = worst(rc, load_hosts(l, &p->inputs[i], p->inputs[i].kind == SL_INPUT_RVTOOLS));
    if (rc == 0)
        rc = sl_model_index_apps(m);
    sl_flow_unmatched un = {0};
    if (rc == 0) {
        un.arena = sl_arena_new();
        if (!un.arena)
            rc = SL_ENOMEM;
    }
    if (rc == 0) {
        /* every flow file is read even when one has errors */
        for (size_t i = 0; i < p->n_inputs && rc != SL_ENOMEM && rc != SL_ELIMIT; i++)
            if (p->inputs[i].kind == SL_INPUT_FLOWS)
                rc = worst(rc, load_flows(l, &p->inputs[i], &un));
    }
    if (rc == 0)
        rc = sl_flows_finish_unmatched(m, &un);
    sl_strmap_free(&un.names);
    sl_arena_free(un.arena);
    return rc;
}

int sl_model_load(sl_model **out, const char *path, const sl_load_options *opts, sl_diag *d)
{
    return sl_model_load_ex(out, path, opts, true, NULL, d);
}

int sl_model_load_ex(sl_model **out, const char *path, const sl_load_options *opts,
                     bool check_adjustables, const sl_model *like, sl_diag *d)
{
    *out = NULL;
    sl_model *m;
    int rc = sl_model_new(&m);
    if (rc)
        return rc;
    loader l = {m, opts, d, {false}};
    char *dir = sl_path_dir(path, "");
    m->file = sl_arena_strdup(m->priv->arena, path);
    if (!dir || !m->file) {
        sl_free(dir);
        sl_model_free(m);
        return SL_ENOMEM;
    }
    char *buf;
    const char *data;
    size_t len;
    rc = load_text(&l, path, SL_MAX_SCENARIO_BYTES, NULL, &buf, &data, &len);
    if (rc == 0) {
        rc = sl_scenario_read(m, m->file, data, len, dir, opts, check_adjustables, d);
        sl_free(buf);
    }
    if (rc == 0)
        mark_outside(m, dir, opts);
    sl_free(dir);
    if (rc == 0 && like && sl_reload_can_copy(m, like, opts))
        rc = sl_reload_copy(m, like);
    else
        rc = read_inputs(&l, rc);
    if (rc == 0)
        rc = sl_model_validate(m, d);
    if (rc) {
        sl_model_free(m);
        return rc;
    }
    *out = m;
    return 0;
}

bool sl_model_inputs_copied(const sl_model *m)
{
    return m && m->priv->inputs_copied;
}
