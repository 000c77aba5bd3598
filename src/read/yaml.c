/* SPDX-License-Identifier: MIT */
/*
 * yaml.c - typed, located walk over a libfyaml document (see yaml.h);
 * the text becomes the document in yaml_parse.c, and --set overrides are
 * applied in yaml_set.c.
 *
 * Scalar tokens carry 0-based marks, which we report 1-based. Mappings and
 * sequences carry no mark in this libfyaml version, so they are located
 * by their first key or item.
 */
#include "read/yaml.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libfyaml stops at its own depth limit first; ours must not be deeper */
_Static_assert(SL_MAX_YAML_DEPTH <= FYPCF_GUARANTEED_MINIMUM_DEPTH_LIMIT,
               "libfyaml refuses nesting past its limit");

/* True when `key` is a mapping key somewhere in the tree under node. */
static bool holds_key(struct fy_node *node, struct fy_node *key, int depth)
{
    if (!node || depth > 64)
        return false;
    void *it = NULL;
    if (fy_node_get_type(node) == FYNT_MAPPING) {
        struct fy_node_pair *p;
        while ((p = fy_node_mapping_iterate(node, &it)) != NULL)
            if (fy_node_pair_key(p) == key || holds_key(fy_node_pair_key(p), key, depth + 1) ||
                holds_key(fy_node_pair_value(p), key, depth + 1))
                return true;
    } else if (fy_node_get_type(node) == FYNT_SEQUENCE) {
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(node, &it)) != NULL)
            if (holds_key(item, key, depth + 1))
                return true;
    }
    return false;
}

static const char *yw_override_of(yw *w, struct fy_node *node)
{
    for (struct fy_node *n = node; n; n = fy_node_get_parent(n)) {
        for (size_t i = 0; i < w->n_overrides; i++)
            if (w->override_nodes[i] == n)
                return w->override_texts[i];
    }
    /* a mapping key has no parent to walk up by: look for it in the
     * values --set gave (small, and only on the way to an error) */
    if (node && !fy_node_get_parent(node))
        for (size_t i = 0; i < w->n_overrides; i++)
            if (holds_key(w->override_nodes[i], node, 0))
                return w->override_texts[i];
    return NULL;
}

static struct fy_node *first_scalar(struct fy_node *node, int depth)
{
    if (!node || depth > 8)
        return NULL;
    switch (fy_node_get_type(node)) {
    case FYNT_SCALAR:
        return node;
    case FYNT_MAPPING: {
        struct fy_node_pair *p = fy_node_mapping_get_by_index(node, 0);
        return p ? first_scalar(fy_node_pair_key(p), depth + 1) : NULL;
    }
    case FYNT_SEQUENCE:
        return first_scalar(fy_node_sequence_get_by_index(node, 0), depth + 1);
    }
    return NULL;
}

yw_loc yw_where(yw *w, struct fy_node *node)
{
    yw_loc loc = {w->file, 0, 0};
    const char *ov = yw_override_of(w, node);
    if (ov) {
        loc.file = ov;
        return loc;
    }
    struct fy_node *s = first_scalar(node, 0);
    if (!s && node) {
        /* an empty {} or []: locate it by the key that holds it */
        struct fy_node *parent = fy_node_get_parent(node);
        if (parent && fy_node_get_type(parent) == FYNT_MAPPING) {
            void *it = NULL;
            struct fy_node_pair *p;
            while ((p = fy_node_mapping_iterate(parent, &it)) != NULL) {
                if (fy_node_pair_value(p) == node) {
                    s = fy_node_pair_key(p);
                    break;
                }
            }
        }
    }
    struct fy_token *t = s ? fy_node_get_scalar_token(s) : NULL;
    const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
    if (m) {
        loc.line = m->line + 1;
        loc.column = m->column + 1;
        /* a quoted scalar's mark is its first character: point at the
         * quote; an alias's is its name: point at the '*' */
        enum fy_node_style st = fy_node_get_style(s);
        if ((st == FYNS_SINGLE_QUOTED || st == FYNS_DOUBLE_QUOTED || st == FYNS_ALIAS) &&
            loc.column > 1)
            loc.column--;
    } else if (node && fy_node_get_parent(node)) {
        /* an empty document or a node without a token: where its parent is */
        return yw_where(w, fy_node_get_parent(node));
    } else {
        loc.line = loc.column = 1;
    }
    return loc;
}

void yw_error(yw *w, struct fy_node *node, const char *fmt, ...)
{
    char text[768];
    va_list ap;
    sl_c_numbers cn;
    sl_c_numbers_begin(&cn);
    va_start(ap, fmt);
    /* the format in the messages' language (po/meson.build: yw_error is
     * a keyword) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(text, sizeof text, sl_diag_tr_format(w->d, fmt), ap);
#pragma GCC diagnostic pop
    va_end(ap);
    sl_c_numbers_end(&cn);
    yw_loc loc = yw_where(w, node);
    sl_diag_add(w->d, SL_ERROR, loc.file, loc.line, loc.column, "%s", text);
}

struct fy_node *yw_resolve(yw *w, struct fy_node *node)
{
    (void)w;
    int hops = 0;
    while (node && fy_node_is_alias(node) && hops++ < 16)
        node = fy_node_resolve_alias(node);
    if (node && fy_node_is_alias(node))
        return NULL;
    return node;
}

bool yw_is_mapping(yw *w, struct fy_node *node)
{
    node = yw_resolve(w, node);
    return node && fy_node_get_type(node) == FYNT_MAPPING;
}

bool yw_is_sequence(yw *w, struct fy_node *node)
{
    node = yw_resolve(w, node);
    return node && fy_node_get_type(node) == FYNT_SEQUENCE;
}

static bool is_null_scalar(const char *s, size_t len);

bool yw_is_null(yw *w, struct fy_node *node)
{
    struct fy_node *r = yw_resolve(w, node);
    if (!r || fy_node_get_type(r) != FYNT_SCALAR || fy_node_get_style(r) != FYNS_PLAIN)
        return false;
    size_t len;
    const char *s = fy_node_get_scalar(r, &len);
    return !s || is_null_scalar(s, len);
}

static const char *node_kind(struct fy_node *node)
{
    if (!node)
        return N_("nothing");
    switch (fy_node_get_type(node)) {
    case FYNT_SCALAR:
        return N_("a scalar");
    case FYNT_SEQUENCE:
        return N_("a list");
    case FYNT_MAPPING:
        return N_("a mapping");
    }
    return N_("something else");
}

const char *yw_scalar(yw *w, struct fy_node *node, size_t *len)
{
    struct fy_node *r = yw_resolve(w, node);
    if (!r || fy_node_get_type(r) != FYNT_SCALAR) {
        yw_error(w, node, "expected a single value, found %s", sl_diag_tr(w->d, node_kind(r)));
        return NULL;
    }
    const char *s = fy_node_get_scalar(r, len);
    if (!s) {
        *len = 0;
        return "";
    }
    return s;
}

static bool is_plain(yw *w, struct fy_node *node)
{
    struct fy_node *r = yw_resolve(w, node);
    return r && fy_node_get_style(r) == FYNS_PLAIN;
}

static bool is_null_scalar(const char *s, size_t len)
{
    return len == 0 || (len == 1 && s[0] == '~') || (len == 4 && memcmp(s, "null", 4) == 0);
}

const char *yw_string_value(yw *w, struct fy_node *node)
{
    size_t len;
    const char *s = yw_scalar(w, node, &len);
    if (!s)
        return NULL;
    if (memchr(s, '\0', len)) {
        yw_error(w, node, "text must not contain NUL characters");
        return NULL;
    }
    if (len > SL_MAX_TEXT_BYTES) {
        yw_error(w, node, "text longer than %d bytes", SL_MAX_TEXT_BYTES);
        return NULL;
    }
    char *c = sl_arena_strndup(w->arena, s, len);
    if (!c)
        w->oom = true;
    return c;
}

int yw_string(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    const char *s = yw_string_value(w, node);
    if (!s)
        return w->oom ? SL_ENOMEM : SL_EINPUT;
    *(const char **)((char *)target + f->offset) = s;
    return 0;
}

size_t yw_path_push(yw *w, const char *segment)
{
    size_t saved = w->path_len;
    size_t seg = strlen(segment);
    size_t need = (w->path_len ? 1 : 0) + seg;
    if (w->path_len + need + 1 < sizeof w->path) {
        if (w->path_len)
            w->path[w->path_len++] = '.';
        memcpy(w->path + w->path_len, segment, seg);
        w->path_len += seg;
        w->path[w->path_len] = '\0';
    }
    return saved;
}

void yw_path_pop(yw *w, size_t saved_len)
{
    w->path_len = saved_len;
    w->path[saved_len] = '\0';
}

/* Appends a parameter at a place; its index, or SL_NONE when memory ran
 * out. */
static uint32_t record_param(yw *w, const char *path, yw_loc loc, sl_dist *value,
                             const char *unit, bool simulated)
{
    if (SL_GROW(w->params, w->cap_params, w->n_params + 1)) {
        w->oom = true;
        return SL_NONE;
    }
    sl_param *p = &w->params[w->n_params];
    p->path = sl_arena_strdup(w->arena, path);
    p->file = loc.file;
    p->line = loc.line;
    p->column = loc.column;
    p->value = value;
    p->unit = unit;
    p->simulated = simulated;
    if (!p->path) {
        w->oom = true;
        return SL_NONE;
    }
    return (uint32_t)w->n_params++;
}

static uint32_t yw_record_param(yw *w, struct fy_node *node, sl_dist *value, const char *unit,
                                bool simulated)
{
    return record_param(w, w->path, yw_where(w, node), value, unit, simulated);
}

uint32_t yw_default_param(yw *w, const char *path, sl_dist *value, const char *unit)
{
    return record_param(w, path, (yw_loc){"(default)", 0, 0}, value, unit, true);
}

static bool range_ok(yw *w, struct fy_node *node, double v, const yw_field *f)
{
    if (!f || f->min > f->max)
        return true;
    if (v < f->min || v > f->max) {
        bool has_unit = f->unit && f->unit[0];
        yw_error(w, node, "%s must be between %.15g and %.15g%s%s, got %.15g", f->key, f->min,
                 f->max, has_unit ? " " : "", has_unit ? sl_diag_trc(w->d, "unit", f->unit) : "",
                 v);
        return false;
    }
    return true;
}

/* A tag on a value read as a number, a flag or a date: only YAML's own
 * tags for that type (!!int, !!float; !!bool; !!timestamp) say what the
 * reader does anyway; !!str or a tag of one's own (!money) says the value
 * is something else, so it is refused rather than read as the number. */
static bool tag_ok(yw *w, struct fy_node *node, const char *const *allowed)
{
    struct fy_node *r = yw_resolve(w, node);
    size_t len = 0;
    const char *tag = r ? fy_node_get_tag(r, &len) : NULL;
    if (!tag)
        return true;
    for (size_t i = 0; allowed[i]; i++) {
        size_t n = strlen(allowed[i]);
        /* "!!int" as written, or "tag:yaml.org,2002:int" resolved */
        if (len >= n && memcmp(tag + len - n, allowed[i], n) == 0 &&
            (len == n + 2 || (len > n && tag[len - n - 1] == ':')))
            return true;
    }
    static const char yaml_tag[] = "tag:yaml.org,2002:";
    bool core = len > sizeof yaml_tag - 1 && memcmp(tag, yaml_tag, sizeof yaml_tag - 1) == 0;
    if (core) {
        tag += sizeof yaml_tag - 1;
        len -= sizeof yaml_tag - 1;
    }
    yw_error(w, node, "the tag '%s%.*s' says this is not %s; remove it", core ? "!!" : "",
             (int)SL_MIN(len, 40), tag,
             sl_diag_tr(w->d, allowed[0][0] == 'i'   ? N_("a number")
                              : allowed[0][0] == 'b' ? N_("true or false")
                                                     : N_("a date")));
    return false;
}

static const char *const number_tags[] = {"int", "float", NULL};
static const char *const bool_tags[] = {"bool", NULL};
static const char *const date_tags[] = {"timestamp", "str", NULL};

int yw_number_value(yw *w, struct fy_node *node, double *out, const yw_field *f)
{
    size_t len;
    const char *s = yw_scalar(w, node, &len);
    if (!s)
        return SL_EINPUT;
    if (!tag_ok(w, node, number_tags))
        return SL_EINPUT;
    if (!is_plain(w, node)) {
        yw_error(w, node, "expected a number, found quoted text");
        return SL_EINPUT;
    }
    double v;
    sl_num_status st = sl_parse_double(&v, s, len);
    if (st != SL_NUM_OK) {
        yw_error(w, node, "%s: '%.*s'", sl_diag_tr(w->d, sl_num_status_text(st)),
                 (int)SL_MIN(len, 40), s);
        return SL_EINPUT;
    }
    if (!range_ok(w, node, v, f))
        return SL_EINPUT;
    *out = v;
    return 0;
}

int yw_number(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    double *out = (double *)((char *)target + f->offset);
    /* any number may be uncertain: the plan uses the likely value (a
     * lognormal's median), and the parameter list keeps the distribution
     * for the Monte Carlo and the assumption log */
    sl_dist *rec = sl_arena_alloc(w->arena, sizeof *rec);
    if (!rec) {
        w->oom = true;
        return SL_ENOMEM;
    }
    if (yw_dist_value(w, node, rec, f))
        return SL_EINPUT;
    *out = rec->likely;
    rec->param = yw_record_param(w, node, rec, f->unit, false);
    if (rec->kind != SL_DIST_FIXED && rec->max > rec->min) {
        yw_loc loc = yw_where(w, node);
        sl_diag_add(w->d, SL_WARNING, loc.file, loc.line, loc.column,
                    "%s is a distribution; the plan uses its likely value and the Monte Carlo "
                    "does not vary it",
                    f->key);
    }
    return 0;
}

static int integer_value(yw *w, struct fy_node *node, int64_t *out, const yw_field *f)
{
    size_t len;
    const char *s = yw_scalar(w, node, &len);
    if (!s || !tag_ok(w, node, number_tags))
        return SL_EINPUT;
    if (!is_plain(w, node)) {
        yw_error(w, node, "expected a whole number, found quoted text");
        return SL_EINPUT;
    }
    int64_t v;
    sl_num_status st = sl_parse_int64(&v, s, len);
    if (st != SL_NUM_OK) {
        yw_error(w, node, "%s: expected a whole number, got '%.*s'", f->key,
                 (int)SL_MIN(len, 40), s);
        return SL_EINPUT;
    }
    if (!range_ok(w, node, (double)v, f))
        return SL_EINPUT;
    *out = v;
    return 0;
}

int yw_integer(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    int64_t v;
    if (integer_value(w, node, &v, f))
        return SL_EINPUT;
    if (v < -2147483647 || v > 2147483647) {
        yw_error(w, node, "%s: number out of range", f->key);
        return SL_EINPUT;
    }
    *(int *)((char *)target + f->offset) = (int)v;
    return 0;
}

int yw_long(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    int64_t v;
    if (integer_value(w, node, &v, f))
        return SL_EINPUT;
    *(long *)((char *)target + f->offset) = (long)v;
    return 0;
}

int yw_u64(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    size_t len;
    const char *s = yw_scalar(w, node, &len);
    if (!s || !tag_ok(w, node, number_tags))
        return SL_EINPUT;
    if (!is_plain(w, node)) {
        yw_error(w, node, "expected a whole number, found quoted text");
        return SL_EINPUT;
    }
    const char *t = s;
    size_t tl = len;
    sl_trim(&t, &tl);
    if (tl && t[0] == '-') {
        yw_error(w, node, "%s must not be negative", f->key);
        return SL_EINPUT;
    }
    uint64_t v;
    sl_num_status st = sl_parse_uint64(&v, s, len);
    if (st != SL_NUM_OK) {
        yw_error(w, node, "%s: expected a whole number from 0 to 18446744073709551615, got '%.*s'",
                 f->key, (int)SL_MIN(len, 40), s);
        return SL_EINPUT;
    }
    *(uint64_t *)((char *)target + f->offset) = v;
    return 0;
}

typedef struct dist_spec {
    const char *kind_name;
    double min, likely, max, median, p90;
    bool has_min, has_likely, has_max, has_median, has_p90;
} dist_spec;

static int dist_key(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    dist_spec *s = target;
    double v;
    if (strcmp(f->key, "dist") == 0) {
        s->kind_name = yw_string_value(w, node);
        return s->kind_name ? 0 : SL_EINPUT;
    }
    if (yw_number_value(w, node, &v, NULL))
        return SL_EINPUT;
    if (strcmp(f->key, "min") == 0) {
        s->min = v;
        s->has_min = true;
    } else if (strcmp(f->key, "likely") == 0) {
        s->likely = v;
        s->has_likely = true;
    } else if (strcmp(f->key, "max") == 0) {
        s->max = v;
        s->has_max = true;
    } else if (strcmp(f->key, "median") == 0) {
        s->median = v;
        s->has_median = true;
    } else {
        s->p90 = v;
        s->has_p90 = true;
    }
    return 0;
}

static const yw_field dist_fields[] = {
    {"dist", dist_key, 0, false, NULL, 0, -1, NULL},
    {"min", dist_key, 0, false, NULL, 0, -1, NULL},
    {"likely", dist_key, 0, false, NULL, 0, -1, NULL},
    {"max", dist_key, 0, false, NULL, 0, -1, NULL},
    {"median", dist_key, 0, false, NULL, 0, -1, NULL},
    {"p90", dist_key, 0, false, NULL, 0, -1, NULL},
};

static const char *const dist_names[] = {"fixed", "triangular", "pert", "uniform", "lognormal"};

/* A lognormal has no largest value: the Monte Carlo draws it up to its
 * quantile at 1 - SL_DIST_TAIL (core.h). That value, and the one at the
 * other end, must lie in the key's range too, or the plan would use
 * values `validate` refuses (a share above 1, a lead time of 1e300
 * months). */
static bool lognormal_tail_ok(yw *w, struct fy_node *node, const sl_dist *d, const yw_field *f)
{
    if (!f || f->min > f->max)
        return true;
    double lo = sl_dist_quantile(d, SL_DIST_TAIL), hi = sl_dist_quantile(d, 1 - SL_DIST_TAIL);
    if (isfinite(lo) && isfinite(hi) && lo >= f->min && hi <= f->max)
        return true;
    bool has_unit = f->unit && f->unit[0];
    yw_error(w, node,
             "%s: this lognormal (median %.6g, p90 %.6g) draws values from %.6g to %.6g, outside "
             "%.15g..%.15g%s%s; give a narrower one, or a bounded distribution (pert, "
             "triangular, uniform)",
             f->key, d->likely, d->max, lo, hi, f->min, f->max, has_unit ? " " : "",
             has_unit ? f->unit : "");
    return false;
}

int yw_dist_value(yw *w, struct fy_node *node, sl_dist *out, const yw_field *f)
{
    memset(out, 0, sizeof *out);
    out->param = SL_NONE;
    if (!yw_is_mapping(w, node)) {
        double v;
        if (yw_number_value(w, node, &v, f))
            return SL_EINPUT;
        out->kind = SL_DIST_FIXED;
        out->min = out->likely = out->max = v;
        return 0;
    }
    dist_spec s;
    memset(&s, 0, sizeof s);
    if (yw_mapping(w, node, dist_fields, SL_ARRAY_LEN(dist_fields), &s))
        return SL_EINPUT;
    int kind = SL_DIST_PERT;
    if (s.kind_name) {
        kind = -1;
        for (size_t i = 0; i < SL_ARRAY_LEN(dist_names); i++)
            if (strcmp(s.kind_name, dist_names[i]) == 0)
                kind = (int)i;
        if (kind < 0) {
            const char *near = sl_nearest(s.kind_name, dist_names, SL_ARRAY_LEN(dist_names));
            yw_error(w, node, "unknown distribution '%s'%s%s%s", s.kind_name,
                     near ? sl_diag_tr(w->d, N_(" (did you mean '")) : "", near ? near : "",
                     near ? "'?)" : "");
            return SL_EINPUT;
        }
    }
    out->kind = (sl_dist_kind)kind;
    switch (out->kind) {
    case SL_DIST_FIXED:
        if (!s.has_likely) {
            yw_error(w, node, "a fixed value needs 'likely'");
            return SL_EINPUT;
        }
        out->min = out->likely = out->max = s.likely;
        break;
    case SL_DIST_UNIFORM:
        if (!s.has_min || !s.has_max) {
            yw_error(w, node, "a uniform distribution needs 'min' and 'max'");
            return SL_EINPUT;
        }
        out->min = s.min;
        out->max = s.max;
        out->likely = s.has_likely ? s.likely : 0.5 * (s.min + s.max);
        break;
    case SL_DIST_TRIANGULAR:
    case SL_DIST_PERT:
        if (!s.has_min || !s.has_likely || !s.has_max) {
            yw_error(w, node, "a distribution needs 'min', 'likely' and 'max'");
            return SL_EINPUT;
        }
        out->min = s.min;
        out->likely = s.likely;
        out->max = s.max;
        break;
    case SL_DIST_LOGNORMAL:
        if (!s.has_median || !s.has_p90) {
            yw_error(w, node, "a lognormal distribution needs 'median' and 'p90'");
            return SL_EINPUT;
        }
        if (!(s.median > 0) || !(s.p90 > s.median)) {
            yw_error(w, node, "a lognormal distribution needs 0 < median < p90");
            return SL_EINPUT;
        }
        out->min = 0;
        out->likely = s.median;
        out->max = s.p90;
        if (!range_ok(w, node, s.median, f) || !range_ok(w, node, s.p90, f))
            return SL_EINPUT;
        return lognormal_tail_ok(w, node, out, f) ? 0 : SL_EINPUT;
    }
    if (!(out->min <= out->likely && out->likely <= out->max)) {
        yw_error(w, node, "a distribution needs min <= likely <= max (got %g, %g, %g)", out->min,
                 out->likely, out->max);
        return SL_EINPUT;
    }
    if (!range_ok(w, node, out->min, f) || !range_ok(w, node, out->max, f))
        return SL_EINPUT;
    return 0;
}

int yw_dist(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_dist *out = (sl_dist *)((char *)target + f->offset);
    if (yw_dist_value(w, node, out, f))
        return SL_EINPUT;
    out->param = yw_record_param(w, node, out, f->unit, true);
    return 0;
}

int yw_bool(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    size_t len;
    const char *s = yw_scalar(w, node, &len);
    if (!s || !tag_ok(w, node, bool_tags))
        return SL_EINPUT;
    bool *out = (bool *)((char *)target + f->offset);
    if (is_plain(w, node) && len == 4 && memcmp(s, "true", 4) == 0)
        *out = true;
    else if (is_plain(w, node) && len == 5 && memcmp(s, "false", 5) == 0)
        *out = false;
    else {
        yw_error(w, node, "%s must be true or false", f->key);
        return SL_EINPUT;
    }
    return 0;
}

int yw_date(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    size_t len;
    const char *s = yw_scalar(w, node, &len);
    if (!s || !tag_ok(w, node, date_tags))
        return SL_EINPUT;
    sl_date d;
    if (sl_date_parse(&d, s, len)) {
        yw_error(w, node, "%s: '%.*s' is not a date (YYYY-MM-DD) that exists", f->key,
                 (int)SL_MIN(len, 40), s);
        return SL_EINPUT;
    }
    *(sl_date *)((char *)target + f->offset) = d;
    return 0;
}

int yw_enum(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    size_t len;
    const char *s = yw_scalar(w, node, &len);
    if (!s)
        return SL_EINPUT;
    size_t n = 0;
    while (f->names[n])
        n++;
    for (size_t i = 0; i < n; i++) {
        if (strlen(f->names[i]) == len && memcmp(f->names[i], s, len) == 0) {
            *(int *)((char *)target + f->offset) = (int)i;
            return 0;
        }
    }
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)SL_MIN(len, 60), s);
    const char *near = sl_nearest(word, f->names, n);
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof list - 1; i++) {
        int k = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", f->names[i]);
        if (k < 0)
            break;
        used += (size_t)k;
    }
    if (near)
        yw_error(w, node, "%s: unknown value '%s' (did you mean '%s'?)", f->key, word, near);
    else
        yw_error(w, node, "%s: unknown value '%s'; expected one of: %s", f->key, word, list);
    return SL_EINPUT;
}

int yw_strings(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    yw_string_list *out = (yw_string_list *)((char *)target + f->offset);
    struct fy_node *r = yw_resolve(w, node);
    if (!r)
        return SL_EINPUT;
    if (fy_node_get_type(r) == FYNT_SCALAR) {
        const char *s = yw_string_value(w, node);
        if (!s)
            return SL_EINPUT;
        out->items = sl_arena_alloc(w->arena, sizeof *out->items);
        if (!out->items) {
            w->oom = true;
            return SL_ENOMEM;
        }
        out->items[0] = s;
        out->n = 1;
        return 0;
    }
    if (fy_node_get_type(r) != FYNT_SEQUENCE) {
        yw_error(w, node, "%s must be a list of words", f->key);
        return SL_EINPUT;
    }
    if (!yw_count_ok(w, r, SL_MAX_LIST_ITEMS, N_("items")))
        return SL_EINPUT;
    int n = fy_node_sequence_item_count(r);
    out->items = sl_arena_array(w->arena, (size_t)(n > 0 ? n : 1), sizeof *out->items);
    if (!out->items) {
        w->oom = true;
        return SL_ENOMEM;
    }
    out->n = 0;
    int rc = 0;
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(r, &it)) != NULL) {
        const char *s = yw_string_value(w, item);
        if (!s) {
            rc = SL_EINPUT;
            continue;
        }
        out->items[out->n++] = s;
    }
    return rc;
}

bool yw_count_ok(yw *w, struct fy_node *seq, size_t max, const char *many)
{
    int n = fy_node_sequence_item_count(seq);
    if (n < 0 || (size_t)n <= max)
        return true;
    struct fy_node *past = fy_node_sequence_get_by_index(seq, (int)max);
    yw_error(w, past ? past : seq, "too many %s: the limit is %zu", sl_diag_tr(w->d, many), max);
    return false;
}

int yw_words(yw *w, struct fy_node *node, yw_string_list *list, const char *key)
{
    const yw_field f = {key, NULL, 0, false, NULL, 0, -1, NULL};
    return yw_strings(w, node, list, &f);
}

int yw_mapping(yw *w, struct fy_node *node, const yw_field *fields, size_t n_fields, void *target)
{
    struct fy_node *r = yw_resolve(w, node);
    if (!r) {
        yw_error(w, node, "an alias that leads to no value");
        return SL_EINPUT;
    }
    if (fy_node_get_type(r) != FYNT_MAPPING) {
        yw_error(w, node, "expected a mapping (key: value), found %s",
                 sl_diag_tr(w->d, node_kind(r)));
        return SL_EINPUT;
    }
    if (++w->depth > SL_MAX_YAML_DEPTH) {
        w->depth--;
        yw_error(w, node, "nesting deeper than %d levels", SL_MAX_YAML_DEPTH);
        return SL_EINPUT;
    }
    /* which table read this mapping: what a --set into it must pass */
    if (SL_GROW(w->tables, w->cap_tables, w->n_tables + 1)) {
        w->oom = true;
    } else {
        w->tables[w->n_tables++] = (yw_table){r, fields, n_fields};
        w->tables_sorted = false;
    }
    bool seen[64] = {false};
    int rc = 0;
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(r, &it)) != NULL) {
        struct fy_node *key = fy_node_pair_key(p);
        struct fy_node *value = fy_node_pair_value(p);
        size_t klen;
        const char *k = key ? yw_scalar(w, key, &klen) : NULL;
        if (!k) {
            if (!key)
                yw_error(w, node, "a key is missing");
            rc = SL_EINPUT;
            continue;
        }
        size_t i;
        for (i = 0; i < n_fields; i++)
            if (strlen(fields[i].key) == klen && memcmp(fields[i].key, k, klen) == 0)
                break;
        if (i == n_fields) {
            const char *names[64];
            size_t n = SL_MIN(n_fields, SL_ARRAY_LEN(names));
            for (size_t j = 0; j < n; j++)
                names[j] = fields[j].key;
            char word[64];
            snprintf(word, sizeof word, "%.*s", (int)SL_MIN(klen, 60), k);
            const char *near = sl_nearest(word, names, n);
            if (near)
                yw_error(w, key, "unknown key '%s' (did you mean '%s'?)", word, near);
            else
                yw_error(w, key, "unknown key '%s'", word);
            rc = SL_EINPUT;
            continue;
        }
        if (i < SL_ARRAY_LEN(seen))
            seen[i] = true;
        if (!value) {
            yw_error(w, key, "'%s' has no value", fields[i].key);
            rc = SL_EINPUT;
            continue;
        }
        {
            size_t vlen;
            struct fy_node *rv = yw_resolve(w, value);
            if (rv && fy_node_get_type(rv) == FYNT_SCALAR && fy_node_get_style(rv) == FYNS_PLAIN) {
                const char *vs = fy_node_get_scalar(rv, &vlen);
                if (!vs || is_null_scalar(vs, vlen)) {
                    yw_error(w, key, "'%s' has no value", fields[i].key);
                    rc = SL_EINPUT;
                    continue;
                }
            }
        }
        size_t saved = yw_path_push(w, fields[i].key);
        int r2 = fields[i].read(w, value, target, &fields[i]);
        yw_path_pop(w, saved);
        if (r2)
            rc = r2 == SL_ENOMEM ? SL_ENOMEM : (rc ? rc : r2);
    }
    for (size_t i = 0; i < n_fields && i < SL_ARRAY_LEN(seen); i++) {
        if (fields[i].required && !seen[i]) {
            yw_error(w, node, "missing required key '%s'", fields[i].key);
            rc = rc ? rc : SL_EINPUT;
        }
    }
    w->depth--;
    return rc;
}

