/* SPDX-License-Identifier: MIT */
/*
 * runbook.c - the runbook for a change advisory board: per wave, in time
 * order, the servers in the order they move within the wave, each with
 * its application, owner, method, staff hours and what must be up first.
 * One table (tables.c) that the workbook shows as the Runbook sheet and
 * `--csv` writes as runbook.csv. Built from the plan document only.
 *
 * Move order within a wave: a server moves after the servers of the same
 * wave it depends on (workloads[].depends_on: it sends them traffic), so
 * they are up on the target when it starts. That is a topological order
 * (Kahn, 1962) of the wave's dependency graph; among the servers whose
 * dependencies have moved, the one listed first (by group, then as the
 * group lists its workloads) goes next, so the order is deterministic. A
 * cycle (two servers that depend on each other) is broken at the first
 * server listed in it. O((n + e) log n) per wave.
 *
 * "Needs up first" lists every dependency with where it is when the
 * server moves: earlier in this wave (#k), moved in an earlier wave, at
 * its source hall until a later wave, or staying there.
 */
#include "report/report.h"

#include <string.h>

typedef struct wl_info {
    json_t *o;       /* the workload's object in the document */
    long wave;       /* 1-based wave, 0 = not scheduled */
    long position;   /* within its wave once ordered, 1-based */
} wl_info;

/* A binary min-heap of list positions: the next server that may move. */
typedef struct heap {
    size_t *a, n;
} heap;

static void heap_push(heap *h, size_t v)
{
    size_t i = h->n++;
    h->a[i] = v;
    while (i && h->a[(i - 1) / 2] > h->a[i]) {
        size_t p = (i - 1) / 2, t = h->a[p];
        h->a[p] = h->a[i];
        h->a[i] = t;
        i = p;
    }
}

static size_t heap_pop(heap *h)
{
    size_t top = h->a[0];
    h->a[0] = h->a[--h->n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->a[l] < h->a[m])
            m = l;
        if (r < h->n && h->a[r] < h->a[m])
            m = r;
        if (m == i)
            break;
        size_t t = h->a[m];
        h->a[m] = h->a[i];
        h->a[i] = t;
        i = m;
    }
    return top;
}

/* Orders the wave's servers (model indices in list[0..n)) into out. */
static int order_wave(const sl_strmap *ids, const wl_info *info, size_t n_all,
                      const size_t *list, size_t n, long wave, size_t *out)
{
    /* in-wave dependencies as edges dep -> dependant, CSR by dep */
    size_t *indeg = sl_calloc(n + 1, sizeof *indeg), *start = sl_calloc(n + 2, sizeof *start);
    size_t *pos_of = NULL, *adj = NULL, *fill = NULL;
    bool *placed = sl_calloc(n + 1, sizeof *placed);
    heap h = {sl_malloc((n + 1) * sizeof *h.a), 0};
    int rc = indeg && start && placed && h.a ? 0 : SL_ENOMEM;
    size_t n_edges = 0;
    for (int pass = 0; pass < 2 && !rc; pass++) {
        for (size_t k = 0; k < n; k++) {
            json_t *deps = json_object_get(info[list[k]].o, "depends_on");
            for (size_t j = 0; j < json_array_size(deps); j++) {
                const char *d = sl_jstr(json_array_get(deps, j));
                uint32_t w = d ? sl_strmap_get(ids, d) : SL_NONE;
                if (w == SL_NONE || info[w].wave != wave || w == list[k])
                    continue;
                if (pass == 0) {
                    n_edges++;
                    continue;
                }
                size_t dk = pos_of[w];
                adj[fill[dk]++] = k;
                indeg[k]++;
            }
        }
        if (pass == 0) {
            adj = sl_malloc((n_edges + 1) * sizeof *adj);
            fill = sl_calloc(n + 1, sizeof *fill);
            /* position of each model index in the list, through a map */
            pos_of = sl_calloc(n_all + 1, sizeof *pos_of);
            if (!adj || !fill || !pos_of) {
                rc = SL_ENOMEM;
                break;
            }
            for (size_t k = 0; k < n; k++)
                pos_of[list[k]] = k;
            /* count out-edges per dependency for the CSR starts */
            for (size_t k = 0; k < n; k++) {
                json_t *deps = json_object_get(info[list[k]].o, "depends_on");
                for (size_t j = 0; j < json_array_size(deps); j++) {
                    const char *d = sl_jstr(json_array_get(deps, j));
                    uint32_t w = d ? sl_strmap_get(ids, d) : SL_NONE;
                    if (w != SL_NONE && info[w].wave == wave && w != list[k])
                        start[pos_of[w] + 1]++;
                }
            }
            for (size_t k = 0; k < n; k++)
                start[k + 1] += start[k];
            for (size_t k = 0; k < n; k++)
                fill[k] = start[k];
        }
    }
    size_t done = 0, scan = 0;
    for (size_t k = 0; !rc && k < n; k++)
        if (!indeg[k])
            heap_push(&h, k);
    while (!rc && done < n) {
        size_t k;
        if (h.n) {
            k = heap_pop(&h);
        } else {
            /* a cycle: the first server listed that has not moved */
            while (placed[scan])
                scan++;
            k = scan;
        }
        if (placed[k])
            continue;
        placed[k] = true;
        out[done++] = list[k];
        for (size_t e = start[k]; e < start[k + 1]; e++)
            if (indeg[adj[e]] && --indeg[adj[e]] == 0 && !placed[adj[e]])
                heap_push(&h, adj[e]);
    }
    sl_free(indeg);
    sl_free(start);
    sl_free(pos_of);
    sl_free(adj);
    sl_free(fill);
    sl_free(placed);
    sl_free(h.a);
    return rc;
}

/* "db01 (#2 in this wave); dc01 (moved in wave 3); ldap (at SOLNA until wave 9)" */
static const char *needs_text(sl_buf *b, const sl_lang *l, const sl_strmap *ids,
                              const wl_info *info, json_t *o, long wave)
{
    b->len = 0;
    json_t *deps = json_object_get(o, "depends_on");
    for (size_t j = 0; j < json_array_size(deps); j++) {
        const char *d = sl_jstr(json_array_get(deps, j));
        uint32_t w = d ? sl_strmap_get(ids, d) : SL_NONE;
        if (w == SL_NONE)
            continue;
        const wl_info *x = &info[w];
        const char *site = sl_jstr(json_object_get(x->o, "site"));
        char t[256];
        if (x->wave == wave)
            sl_says(t, sizeof t, l, "(#%ld in this wave)", x->position);
        else if (x->wave && x->wave < wave)
            sl_says(t, sizeof t, l, "(moved in wave %ld)", x->wave);
        else if (x->wave && site)
            sl_says(t, sizeof t, l, "(at %s until wave %ld)", site, x->wave);
        else if (x->wave)
            sl_says(t, sizeof t, l, "(at its hall until wave %ld)", x->wave);
        else if (site)
            sl_says(t, sizeof t, l, "(stays at %s)", site);
        else
            sl_says(t, sizeof t, l, "(stays at its hall)");
        sl_buf_printf(b, "%s%s %s", b->len ? "; " : "", d, t);
    }
    return b->failed ? NULL : b->len ? b->data : "";
}

/* A copy of v, or null when the document lacks it. */
static json_t *copy(json_t *v)
{
    return v ? json_deep_copy(v) : json_null();
}

int sl_runbook_rows(json_t *doc, const sl_lang *l, json_t **out)
{
    *out = NULL;
    json_t *windows = sl_jarray(doc, "schedule.windows");
    json_t *groups = sl_jarray(doc, "groups");
    json_t *workloads = sl_jarray(doc, "workloads");
    if (!windows || !groups || !workloads)
        return 0;
    size_t n = json_array_size(workloads);
    json_t *rows = json_array();
    wl_info *info = sl_calloc(n + 1, sizeof *info);
    size_t *list = sl_malloc((n + 1) * sizeof *list), *ordered = sl_malloc((n + 1) * sizeof *list);
    sl_strmap ids = {0};
    sl_buf needs = {0};
    bool ok = rows && info && list && ordered;
    for (size_t i = 0; ok && i < n; i++) {
        info[i].o = json_array_get(workloads, i);
        const char *id = sl_jstr(json_object_get(info[i].o, "id"));
        ok = id && sl_strmap_put(&ids, id, (uint32_t)i, NULL) == 0;
    }
    /* each workload's wave: the position of its window among the waves */
    for (size_t i = 0; ok && i < n; i++) {
        double win;
        if (!sl_jnum(json_object_get(info[i].o, "window"), &win))
            continue;
        for (size_t k = 0; k < json_array_size(windows); k++)
            if (sl_jnum_or(json_object_get(json_array_get(windows, k), "index"), -1) == win)
                info[i].wave = (long)k + 1;
    }
    for (size_t k = 0; ok && k < json_array_size(windows); k++) {
        json_t *wo = json_array_get(windows, k);
        json_t *gs = json_object_get(wo, "groups");
        size_t m = 0;
        for (size_t g = 0; g < json_array_size(gs); g++) {
            json_t *go = json_array_get(groups, (size_t)sl_jnum_or(json_array_get(gs, g), 0));
            json_t *ws = json_object_get(go, "workloads");
            for (size_t j = 0; j < json_array_size(ws) && m < n; j++) {
                const char *id = sl_jstr(json_array_get(ws, j));
                uint32_t w = id ? sl_strmap_get(&ids, id) : SL_NONE;
                if (w != SL_NONE)
                    list[m++] = w;
            }
        }
        ok = order_wave(&ids, info, n, list, m, (long)k + 1, ordered) == 0;
        for (size_t p = 0; ok && p < m; p++)
            info[ordered[p]].position = (long)p + 1;
        for (size_t p = 0; ok && p < m; p++) {
            json_t *o = info[ordered[p]].o;
            const char *text = needs_text(&needs, l, &ids, info, o, (long)k + 1);
            /* the row belongs to rows from the push on, even if it fails */
            json_t *r = text ? json_object() : NULL;
            ok = r && sl_json_push(rows, r) &&
                 sl_json_set(r, "wave", json_integer((json_int_t)k + 1)) &&
                 sl_json_set(r, "start", copy(json_object_get(wo, "start"))) &&
                 sl_json_set(r, "end", copy(json_object_get(wo, "end"))) &&
                 sl_json_set(r, "order", json_integer((json_int_t)p + 1)) &&
                 sl_json_set(r, "workload", copy(json_object_get(o, "id"))) &&
                 sl_json_set(r, "agency", copy(json_object_get(o, "agency"))) &&
                 sl_json_set(r, "site", copy(json_object_get(o, "site"))) &&
                 sl_json_set(r, "app", copy(json_object_get(o, "app"))) &&
                 sl_json_set(r, "owner", copy(json_object_get(o, "owner"))) &&
                 sl_json_set(r, "method", copy(json_object_get(o, "method"))) &&
                 sl_json_set(r, "effort_hours", copy(json_object_get(o, "effort_hours"))) &&
                 sl_json_set(r, "tier", copy(json_object_get(o, "tier"))) &&
                 sl_json_set(r, "group", copy(json_object_get(o, "group"))) &&
                 sl_json_set(r, "needs_up_first", json_string(text));
        }
    }
    sl_buf_free(&needs);
    sl_strmap_free(&ids);
    sl_free(info);
    sl_free(list);
    sl_free(ordered);
    if (!ok) {
        json_decref(rows);
        return SL_ENOMEM;
    }
    *out = rows;
    return 0;
}
