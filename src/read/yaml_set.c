/* SPDX-License-Identifier: MIT */
/*
 * yaml_set.c - `--set PATH=VALUE` overrides applied to the document before
 * the walk (yaml.h), and the same path and value checked without being
 * applied: what `adjustable` values are checked with when the scenario
 * is read, so `explain` does not find a bad one only when it runs it.
 */
#include "read/yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- --set overrides ------------------------------------------------ */

/* What is wrong, into why, in the messages' language (po/meson.build:
 * why_printf is a keyword). */
static void why_printf(yw *w, char *why, size_t why_len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void why_printf(yw *w, char *why, size_t why_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(why, why_len, sl_diag_tr_format(w->d, fmt), ap);
#pragma GCC diagnostic pop
    va_end(ap);
}

static struct fy_node *find_item(yw *w, struct fy_node *seq, const char *seg, size_t len)
{
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(seq, &it)) != NULL) {
        struct fy_node *r = yw_resolve(w, item);
        if (!r || fy_node_get_type(r) != FYNT_MAPPING)
            continue;
        struct fy_node *id = fy_node_mapping_lookup_by_string(r, "id", 2);
        size_t idlen;
        const char *ids = id && fy_node_get_type(id) == FYNT_SCALAR ? fy_node_get_scalar(id, &idlen)
                                                                   : NULL;
        if (ids && idlen == len && memcmp(ids, seg, len) == 0)
            return r;
    }
    /* no item with that id: a plain index */
    int64_t index;
    if (sl_parse_int64(&index, seg, len) == SL_NUM_OK && index >= 0 &&
        index < fy_node_sequence_item_count(seq))
        return fy_node_sequence_get_by_index(seq, (int)index);
    return NULL;
}

struct fy_node *yw_lookup(yw *w, const char *path, size_t len)
{
    struct fy_node *cur = w->doc ? fy_document_root(w->doc) : NULL;
    const char *seg = path, *end_all = path + len;
    while (cur && seg <= end_all) {
        const char *dot = memchr(seg, '.', (size_t)(end_all - seg));
        const char *end = dot ? dot : end_all;
        size_t n = (size_t)(end - seg);
        cur = yw_resolve(w, cur);
        if (!cur || n == 0)
            return NULL;
        if (fy_node_get_type(cur) == FYNT_SEQUENCE)
            cur = find_item(w, cur, seg, n);
        else if (fy_node_get_type(cur) == FYNT_MAPPING)
            cur = fy_node_mapping_lookup_by_string(cur, seg, n);
        else
            return NULL;
        if (!dot)
            return cur ? yw_resolve(w, cur) : NULL;
        seg = end + 1;
    }
    return NULL;
}

/* True when a mapping in the small tree of a --set value repeats a key
 * (quadratic, but a value on the command line is small). */
static bool has_duplicate_keys(struct fy_node *node)
{
    if (!node)
        return false;
    void *it = NULL;
    if (fy_node_get_type(node) == FYNT_SEQUENCE) {
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(node, &it)) != NULL)
            if (has_duplicate_keys(item))
                return true;
        return false;
    }
    if (fy_node_get_type(node) != FYNT_MAPPING)
        return false;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(node, &it)) != NULL) {
        size_t la = 0, lb = 0;
        const char *a = fy_node_get_scalar(fy_node_pair_key(p), &la);
        void *it2 = it;
        struct fy_node_pair *q;
        while (a && (q = fy_node_mapping_iterate(node, &it2)) != NULL) {
            const char *b = fy_node_get_scalar(fy_node_pair_key(q), &lb);
            if (b && la == lb && memcmp(a, b, la) == 0)
                return true;
        }
        if (has_duplicate_keys(fy_node_pair_value(p)))
            return true;
    }
    return false;
}

/* Parses a --set value into a node of w->doc. The value gets a document
 * and a diagnostics object of its own: libfyaml leaks the errors it
 * collects while building a node into a document whose diagnostics
 * outlive the parse (fy_node_build_from_string on "[1"). NULL when the
 * value is not valid YAML or memory ran out. */
static struct fy_node *build_value(yw *w, const char *value, bool *misread)
{
    struct fy_diag *fdiag = NULL;
    long second[2];
    struct fy_document *tmp = yw_parse_text(value, strlen(value), &fdiag, second);
    if (!fdiag)
        return NULL;
    struct fy_node *copy = NULL;
    bool oom = false;
    *misread = false;
    if (tmp && !fy_diag_got_error(fdiag) && fy_document_root(tmp) && !second[0]) {
        *misread = yw_misread_quotes(fy_document_root(tmp), value, strlen(value), &oom) != NULL;
        /* keys are read only after the misread check (reading one leaks) */
        if (!*misread && !oom && !has_duplicate_keys(fy_document_root(tmp)))
            copy = fy_node_copy(w->doc, fy_document_root(tmp));
    }
    if (tmp)
        fy_document_destroy(tmp);
    fy_diag_destroy(fdiag);
    return copy;
}

/* Remembers a node made by --set so errors in it name the --set. */
static int remember_override(yw *w, struct fy_node *node, const char *label)
{
    struct fy_node **nodes = sl_reallocarray(w->override_nodes, w->n_overrides + 1, sizeof *nodes);
    if (!nodes)
        return SL_ENOMEM;
    w->override_nodes = nodes;
    const char **texts = sl_reallocarray(w->override_texts, w->n_overrides + 1, sizeof *texts);
    if (!texts)
        return SL_ENOMEM;
    w->override_texts = texts;
    w->override_nodes[w->n_overrides] = node;
    w->override_texts[w->n_overrides] = label;
    w->n_overrides++;
    return 0;
}

/* Follows path[0..len) through w->doc as --set does: a mapping by key, a
 * list by an item's id (else its index). Returns the mapping that holds
 * the last segment (*last, *last_len), or NULL with what is wrong in why. */
static struct fy_node *walk_path(yw *w, const char *path, size_t len, const char **last,
                                 size_t *last_len, char *why, size_t why_len)
{
    struct fy_node *cur = fy_document_root(w->doc);
    const char *seg = path, *end_all = path + len;
    if (len == 0) {
        why_printf(w, why, why_len, "the path is empty");
        return NULL;
    }
    for (;;) {
        const char *dot = memchr(seg, '.', (size_t)(end_all - seg));
        const char *end = dot ? dot : end_all;
        size_t n = (size_t)(end - seg);
        cur = yw_resolve(w, cur);
        if (n == 0 || !cur) {
            why_printf(w, why, why_len, "'%.*s': empty path segment", (int)len, path);
            return NULL;
        }
        if (!dot && fy_node_get_type(cur) == FYNT_MAPPING) {
            *last = seg;
            *last_len = n;
            return cur;
        }
        if (fy_node_get_type(cur) == FYNT_SEQUENCE && dot) {
            struct fy_node *item = find_item(w, cur, seg, n);
            if (!item) {
                why_printf(w, why, why_len, "'%.*s': no list item with id '%.*s'", (int)len, path,
                           (int)n, seg);
                return NULL;
            }
            cur = item;
        } else if (fy_node_get_type(cur) == FYNT_MAPPING) {
            struct fy_node_pair *pair = fy_node_mapping_lookup_pair_by_string(cur, seg, n);
            if (!pair) {
                why_printf(w, why, why_len, "'%.*s': no key '%.*s' there", (int)len, path, (int)n,
                           seg);
                return NULL;
            }
            cur = fy_node_pair_value(pair);
        } else {
            why_printf(w, why, why_len, "'%.*s': '%.*s' is not inside a mapping", (int)len, path,
                       (int)n, seg);
            return NULL;
        }
        seg = end + 1;
    }
}

static int apply_one_set(yw *w, const char *set)
{
    const char *eq = strchr(set, '=');
    if (!eq || eq == set) {
        sl_diag_add(w->d, SL_ERROR, "--set", 0, 0, "'%s' is not PATH=VALUE", set);
        return SL_EINPUT;
    }
    const char *value = eq + 1, *seg;
    size_t len;
    char why[512];
    struct fy_node *cur = walk_path(w, set, (size_t)(eq - set), &seg, &len, why, sizeof why);
    if (!cur) {
        sl_diag_add(w->d, SL_ERROR, "--set", 0, 0, "%s", why);
        return SL_EINPUT;
    }
    struct fy_node_pair *pair = fy_node_mapping_lookup_pair_by_string(cur, seg, len);
    bool misread;
    struct fy_node *v = build_value(w, value, &misread);
    if (!v) {
        sl_diag_add(
            w->d, SL_ERROR, "--set", 0, 0, "'%s': %s", set,
            sl_diag_tr(w->d, misread ? YW_MISREAD_QUOTES_TEXT : N_("the value is not valid YAML")));
        return SL_EINPUT;
    }
    int rc;
    struct fy_node *k = NULL;
    if (pair) {
        rc = fy_node_pair_set_value(pair, v);
    } else {
        k = fy_node_create_scalar_copy(w->doc, seg, len);
        rc = k ? fy_node_mapping_append(cur, k, v) : -1;
    }
    if (rc) {
        fy_node_free(k);
        fy_node_free(v);
        return SL_ENOMEM;
    }
    /* a new key is the --set's too: an unknown key is its error */
    const char *label = sl_arena_printf(w->arena, "--set %s", set);
    if (!label)
        return SL_ENOMEM;
    rc = remember_override(w, v, label);
    if (rc == 0 && k)
        rc = remember_override(w, k, label);
    return rc;
}

int yw_apply_sets(yw *w, size_t n, const char *const *sets)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        int r = apply_one_set(w, sets[i]);
        if (r == SL_ENOMEM)
            return r;
        if (r)
            rc = r;
    }
    return rc;
}

/* ---- checking a --set before it is made -------------------------------- */

static int cmp_table(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const yw_table *)a)->node, y = (uintptr_t)((const yw_table *)b)->node;
    return x < y ? -1 : x > y;
}

/* The handlers that read one value, which a --set can replace on its own. */
static bool is_value_handler(yw_handler h)
{
    return h == yw_number || h == yw_dist || h == yw_integer || h == yw_long || h == yw_u64 ||
           h == yw_bool || h == yw_date || h == yw_enum || h == yw_string;
}

int yw_find_field(yw *w, const char *path, const yw_field **field, char *why, size_t why_len)
{
    *field = NULL;
    const char *seg;
    size_t len;
    struct fy_node *map = walk_path(w, path, strlen(path), &seg, &len, why, why_len);
    if (!map)
        return SL_EINPUT;
    if (!w->tables_sorted) {
        qsort(w->tables, w->n_tables, sizeof *w->tables, cmp_table);
        w->tables_sorted = true;
    }
    yw_table key = {map, NULL, 0};
    const yw_table *t = bsearch(&key, w->tables, w->n_tables, sizeof *w->tables, cmp_table);
    if (!t) {
        why_printf(w, why, why_len, "'%s' is not a place samlok can check a value for", path);
        return SL_EUSAGE; /* not wrong, only unchecked */
    }
    for (size_t i = 0; i < t->n_fields; i++) {
        if (strlen(t->fields[i].key) == len && memcmp(t->fields[i].key, seg, len) == 0) {
            if (!is_value_handler(t->fields[i].read)) {
                why_printf(w, why, why_len, "'%s' names a section, not one value", path);
                return SL_EINPUT;
            }
            *field = &t->fields[i];
            return 0;
        }
    }
    const char *names[64];
    size_t n = SL_MIN(t->n_fields, SL_ARRAY_LEN(names));
    for (size_t j = 0; j < n; j++)
        names[j] = t->fields[j].key;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)SL_MIN(len, 60), seg);
    const char *near = sl_nearest(word, names, n);
    why_printf(w, why, why_len, "'%s': unknown key '%s'%s%s%s", path, word,
               near ? sl_diag_tr(w->d, N_(" (did you mean '")) : "", near ? near : "",
               near ? "'?)" : "");
    return SL_EINPUT;
}

int yw_check_value(yw *w, const yw_field *f, const char *value, char *why, size_t why_len)
{
    bool misread;
    struct fy_node *v = build_value(w, value, &misread);
    if (!v) {
        why_printf(w, why, why_len, "%s",
                   sl_diag_tr(w->d, misread ? YW_MISREAD_QUOTES_TEXT : N_("not valid YAML")));
        return w->oom ? SL_ENOMEM : SL_EINPUT;
    }
    /* the handler writes into a scratch target, its messages into a
     * scratch list, and what it logs (parameters, the path) is undone */
    void *scratch = sl_calloc(1, f->offset + sizeof(sl_dist) + 16);
    sl_diag *d = sl_diag_new();
    sl_diag_share_lang(d, w->d);
    int rc = scratch && d ? 0 : SL_ENOMEM;
    if (!rc) {
        sl_diag *keep = w->d;
        size_t n_params = w->n_params, saved = w->path_len;
        w->d = d;
        rc = f->read(w, v, scratch, f);
        w->d = keep;
        w->n_params = n_params;
        yw_path_pop(w, saved);
        if (rc && rc != SL_ENOMEM)
            why_printf(w, why, why_len, "%s",
                       sl_diag_count(d) ? sl_diag_at(d, 0)->text : sl_diag_tr(w->d, N_("refused")));
    }
    sl_diag_free(d);
    sl_free(scratch);
    fy_node_free(v);
    return w->oom ? SL_ENOMEM : rc;
}
