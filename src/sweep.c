/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - a workspace planned over a grid of overrides, and shards of
 * one sweep joined (samlok.h, "Sweep").
 *
 * The grid is the product of its axes, points numbered with the last
 * axis varying fastest. A shard I of N (0-based here, 1-based on the
 * command line and in the document) plans the points i with i mod N == I:
 * round robin rather than blocks, so that neighbouring points, which cost
 * about the same, spread over the shards. Every point runs with the same
 * seed and iterations through sl_workspace_plan, so its early stages are
 * reused where the axes cannot change them (reuse.c).
 *
 * The table is a JSON document (sweep.h): the scenario's name and digest
 * (a hash of every file the workspace holds and of its --set options),
 * the seed, iterations, the workspace's overrides, the grid, the joining
 * agencies, and a row per point planned with each agency's verdict and
 * the number of iterations on time (a count, so P(on time) is written
 * the same from a merged document). A shard's document says which shard
 * it is; merging checks that the shards agree on everything else, that
 * each shard comes once and none is missing, and that each holds exactly
 * its points, then writes the rows in point order without the shard.
 */
#include "sweep.h"

#include "workspace.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#define MAX_POINTS 1000000

void sl_sweep_free(sl_sweep *s)
{
    if (!s)
        return;
    json_decref(s->root);
    sl_free(s);
}

static uint64_t mix(uint64_t h, const void *p, size_t len)
{
    return (h ^ sl_hash_bytes(p, len)) * 0x100000001b3ull + len;
}

/* The scenario as the workspace holds it: its files (paths and bytes) and
 * its --set options. */
static uint64_t digest(const sl_workspace *ws)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < ws->n_files; i++) {
        h = mix(h, ws->files[i].path, strlen(ws->files[i].path));
        h = mix(h, ws->files[i].data, ws->files[i].len);
    }
    for (size_t i = 0; i < ws->n_base_sets; i++)
        h = mix(h, ws->base_sets[i], strlen(ws->base_sets[i]));
    return h;
}

static bool put(json_t *o, const char *k, json_t *v)
{
    return v && json_object_set_new(o, k, v) == 0;
}

static bool push(json_t *a, json_t *v)
{
    return v && json_array_append_new(a, v) == 0;
}

/* The document without its rows. */
static json_t *header(const sl_workspace *ws, size_t n_axes, const sl_sweep_axis *axes,
                      size_t total, size_t shard, size_t n_shards, const sl_plan_options *po)
{
    const sl_model *m = ws->model;
    char buf[32];
    json_t *root = json_object(), *sets = json_array(), *grid = json_array(),
           *agencies = json_array();
    bool ok = root && sets && grid && agencies;
    ok = ok && put(root, "samlok_sweep", json_integer(1));
    ok = ok && put(root, "scenario", json_string(m->name ? m->name : ""));
    snprintf(buf, sizeof buf, "%016" PRIx64, digest(ws));
    ok = ok && put(root, "digest", json_string(buf));
    snprintf(buf, sizeof buf, "%" PRIu64, po->has_seed ? po->seed : m->seed);
    ok = ok && put(root, "seed", json_string(buf));
    ok = ok &&
         put(root, "iterations", json_integer(po->iterations > 0 ? po->iterations : m->iterations));
    for (size_t i = 0; ok && i < ws->n_base_sets; i++)
        ok = push(sets, json_string(ws->base_sets[i]));
    ok = ok && put(root, "sets", json_incref(sets));
    for (size_t i = 0; ok && i < n_axes; i++) {
        json_t *axis = json_object(), *values = json_array();
        ok = push(grid, axis) && values && put(axis, "path", json_string(axes[i].path)) &&
             put(axis, "values", values);
        for (size_t k = 0; ok && k < axes[i].n_values; k++)
            ok = push(values, json_string(axes[i].values[k]));
    }
    ok = ok && put(root, "grid", json_incref(grid));
    ok = ok && put(root, "points", json_integer((json_int_t)total));
    for (size_t a = 0; ok && a < m->n_agencies; a++)
        if (m->agencies[a].role == SL_ROLE_JOINING)
            ok = push(agencies, json_string(m->agencies[a].id));
    ok = ok && put(root, "agencies", json_incref(agencies));
    if (ok && n_shards > 1) {
        json_t *sh = json_object();
        ok = put(root, "shard", sh) && put(sh, "index", json_integer((json_int_t)shard + 1)) &&
             put(sh, "of", json_integer((json_int_t)n_shards));
    }
    json_decref(sets);
    json_decref(grid);
    json_decref(agencies);
    if (!ok) {
        json_decref(root);
        return NULL;
    }
    return root;
}

/* One point's row: its values, and per joining agency the verdict and
 * the iterations on time. */
static json_t *row(size_t point, size_t n_axes, const char *const *values, const sl_plan *p)
{
    const sl_model *m = p->model;
    json_t *r = json_object(), *vals = json_array(), *res = json_array();
    bool ok = r && put(r, "point", json_integer((json_int_t)point)) && put(r, "values", vals) &&
              put(r, "results", res);
    for (size_t i = 0; ok && i < n_axes; i++)
        ok = push(vals, json_string(values[i]));
    for (size_t a = 0; ok && a < m->n_agencies; a++) {
        if (m->agencies[a].role != SL_ROLE_JOINING)
            continue;
        const sl_verdict *v = sl_plan_verdict(p, (sl_index)a);
        double on_time = p->simulation->per_agency[a].p_on_time * (double)p->iterations;
        json_t *o = json_object();
        ok = push(res, o) &&
             put(o, "verdict", json_string(sl_verdict_name(v ? v->verdict : SL_VERDICT_NO_GO))) &&
             put(o, "on_time", json_integer((json_int_t)llround(on_time)));
    }
    if (!ok) {
        json_decref(r);
        return NULL;
    }
    return r;
}

/* Text naming a point: "PATH=VALUE, PATH=VALUE". */
static void point_text(char *buf, size_t cap, size_t n, const char *const *sets)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", sets[i]);
}

int sl_sweep_run(sl_sweep **out, sl_workspace *ws, size_t n_axes, const sl_sweep_axis *axes,
                 size_t shard, size_t n_shards, const sl_plan_options *po, sl_diag *d)
{
    *out = NULL;
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    if (po)
        o = *po;
    size_t total = 1;
    for (size_t i = 0; i < n_axes; i++) {
        if (axes[i].n_values == 0 || total > MAX_POINTS / axes[i].n_values) {
            sl_diag_add(d, SL_ERROR, "--grid", 0, 0,
                        "a grid has 1 to %d points, each axis at least one value", MAX_POINTS);
            return SL_EUSAGE;
        }
        total *= axes[i].n_values;
    }
    if (n_axes == 0 || n_axes > SL_MAX_SETS || n_shards == 0 || shard >= n_shards) {
        sl_diag_add(d, SL_ERROR, "--grid", 0, 0, "a sweep needs 1 to %d axes and a valid shard",
                    SL_MAX_SETS);
        return SL_EUSAGE;
    }
    /* every point with the same seed: the base plans' seed when not given */
    if (!o.has_seed) {
        o.has_seed = true;
        o.seed = ws->model->seed;
    }
    sl_sweep *s = sl_calloc(1, sizeof *s);
    const char **sets = sl_malloc(n_axes * 2 * sizeof *sets);
    sl_arena *a = sl_arena_new();
    json_t *rows = json_array();
    int rc = s && sets && a && rows ? 0 : SL_ENOMEM;
    if (!rc) {
        s->root = header(ws, n_axes, axes, total, shard, n_shards, &o);
        rc = s->root && put(s->root, "rows", json_incref(rows)) ? 0 : SL_ENOMEM;
    }
    const char **values = sets ? sets + n_axes : NULL;
    for (size_t i = shard; !rc && i < total; i += n_shards) {
        size_t rest = i;
        for (size_t k = n_axes; k-- > 0;) {
            values[k] = axes[k].values[rest % axes[k].n_values];
            rest /= axes[k].n_values;
            sets[k] = sl_arena_printf(a, "%s=%s", axes[k].path, values[k]);
            if (!sets[k])
                rc = SL_ENOMEM;
        }
        sl_variant *v = NULL;
        if (!rc)
            rc = sl_workspace_plan(&v, ws, n_axes, sets, &o, d);
        if (rc && rc != SL_ENOMEM && rc != SL_ECANCELLED) {
            char text[512];
            point_text(text, sizeof text, n_axes, sets);
            sl_diag_add(d, SL_ERROR, "--grid", 0, 0, "the point %zu (%s) does not plan", i, text);
        }
        if (!rc && !push(rows, row(i, n_axes, values, v->plan)))
            rc = SL_ENOMEM;
        sl_variant_free(v);
    }
    json_decref(rows);
    sl_arena_free(a);
    sl_free(sets);
    if (rc) {
        sl_sweep_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* ---- merge ---- */

/* An error about a shard file: each message one whole sentence, so a
 * language can word it (the diagnostics translate the format; xgettext
 * knows sweep_bad as a keyword, po/meson.build). */
#define sweep_bad(d, path, ...) (sl_diag_add((d), SL_ERROR, (path), 0, 0, __VA_ARGS__), SL_EINPUT)

/* A shard's document, checked for the keys merging reads. */
static int load_shard(json_t **out, const char *path, sl_diag *d)
{
    json_error_t e;
    *out = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    if (!*out) {
        sl_diag_add(d, SL_ERROR, path, e.line > 0 ? e.line : 0, e.column > 0 ? e.column : 0, "%s",
                    e.text);
        return SL_EINPUT;
    }
    json_t *sh = json_object_get(*out, "shard");
    if (!json_is_integer(json_object_get(*out, "samlok_sweep")) ||
        !json_is_array(json_object_get(*out, "rows")) ||
        !json_is_integer(json_object_get(*out, "points")))
        return sweep_bad(d, path, "not a samlok sweep table");
    if (!json_is_integer(json_object_get(sh, "index")) || !json_is_integer(json_object_get(sh, "of")))
        return sweep_bad(d, path, "not a shard: it has no \"shard\" (the whole sweep already)");
    return 0;
}

/* doc without its rows and shard: what every shard must agree on. */
static json_t *common(const json_t *doc)
{
    json_t *c = json_deep_copy(doc);
    if (c) {
        json_object_del(c, "rows");
        json_object_del(c, "shard");
    }
    return c;
}

static int merge(json_t **docs, size_t n, const char *const *paths, json_t **out, sl_diag *d)
{
    json_t *first = common(docs[0]);
    if (!first)
        return SL_ENOMEM;
    json_int_t of = json_integer_value(json_object_get(json_object_get(docs[0], "shard"), "of"));
    json_int_t points = json_integer_value(json_object_get(docs[0], "points"));
    int rc = 0;
    const char **seen = sl_calloc((size_t)(of > 0 ? of : 1), sizeof *seen);
    json_t **by_point = sl_calloc((size_t)(points > 0 ? points : 1), sizeof *by_point);
    if (!seen || !by_point)
        rc = SL_ENOMEM;
    if (!rc && (of < 1 || points < 1 || points > MAX_POINTS))
        rc = sweep_bad(d, paths[0], "a shard's \"of\" and \"points\" must be positive");
    for (size_t i = 0; !rc && i < n; i++) {
        json_t *c = common(docs[i]);
        if (!c) {
            rc = SL_ENOMEM;
            break;
        }
        bool same = json_equal(c, first);
        json_decref(c);
        json_t *sh = json_object_get(docs[i], "shard");
        json_int_t idx = json_integer_value(json_object_get(sh, "index"));
        json_int_t of_i = json_integer_value(json_object_get(sh, "of"));
        if (!same) {
            rc = sweep_bad(d, paths[i],
                           "another sweep: its scenario, digest, seed, iterations, overrides or "
                           "grid differ from the first file's (%s)",
                           paths[0]);
        } else if (of_i != of) {
            rc = sweep_bad(d, paths[i],
                           "a shard of another split: \"of\" differs from the first file's (%s)",
                           paths[0]);
        } else if (idx < 1 || idx > of) {
            rc = sweep_bad(d, paths[i], "its shard index is out of range");
        } else if (seen[idx - 1]) {
            rc = sweep_bad(d, paths[i], "this shard is given twice (%s)", seen[idx - 1]);
        } else {
            seen[idx - 1] = paths[i];
        }
        json_t *rows = json_object_get(docs[i], "rows");
        size_t k;
        json_t *r;
        json_array_foreach(rows, k, r)
        {
            if (rc)
                break;
            json_t *pt = json_object_get(r, "point");
            json_int_t p = json_integer_value(pt);
            if (!json_is_integer(pt) || p < 0 || p >= points || p % of != idx - 1)
                rc = sweep_bad(d, paths[i], "a row's point is not one of this shard's");
            else if (by_point[p])
                rc = sweep_bad(d, paths[i], "a point is given twice");
            else
                by_point[p] = r;
        }
    }
    for (json_int_t s = 0; !rc && s < of; s++)
        if (!seen[s]) {
            rc = sweep_bad(d, paths[0], "shard %lld of %lld is missing", (long long)s + 1,
                           (long long)of);
        }
    for (json_int_t p = 0; !rc && p < points; p++)
        if (!by_point[p]) {
            rc = sweep_bad(d, paths[0], "the point %lld is in none of the shards", (long long)p);
        }
    json_t *rows = rc ? NULL : json_array();
    if (!rc && !rows)
        rc = SL_ENOMEM;
    for (json_int_t p = 0; !rc && p < points; p++)
        if (json_array_append(rows, by_point[p]))
            rc = SL_ENOMEM;
    if (!rc && json_object_set_new(first, "rows", rows))
        rc = SL_ENOMEM;
    else if (rc)
        json_decref(rows);
    sl_free(seen);
    sl_free(by_point);
    if (rc) {
        json_decref(first);
        return rc;
    }
    *out = first;
    return 0;
}

int sl_sweep_merge(sl_sweep **out, size_t n, const char *const *paths, sl_diag *d)
{
    *out = NULL;
    if (n == 0) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "merge needs the shards' JSON files");
        return SL_EUSAGE;
    }
    json_t **docs = sl_calloc(n, sizeof *docs);
    int rc = docs ? 0 : SL_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++)
        rc = load_shard(&docs[i], paths[i], d);
    sl_sweep *s = NULL;
    if (!rc) {
        s = sl_calloc(1, sizeof *s);
        rc = s ? merge(docs, n, paths, &s->root, d) : SL_ENOMEM;
    }
    for (size_t i = 0; docs && i < n; i++)
        json_decref(docs[i]);
    sl_free(docs);
    if (rc) {
        sl_sweep_free(s);
        return rc;
    }
    *out = s;
    return 0;
}
