/* SPDX-License-Identifier: MIT */
/*
 * group.c - the group stage: which workloads must move together, in
 * groups that each fit one change window. Sits after assess/place and
 * before schedule; reads the model (and optionally which workloads may
 * move), writes an sl_grouping.
 *
 * Method (rules and their reasons in docs/GROUPING.md):
 *  1. Dependency graph from the flows (graph.c): weighted edges between
 *     workloads, hard where cutting would break the application.
 *  2. Shared services: workloads named in migration.shared_services (by
 *     application or workload id) and hubs, workloads with at least
 *     hub_degree distinct peers (0 = automatic: max(32, 8 x the median
 *     degree)). They are kept out of everyone else's groups.
 *  3. Union-find joins the ends of hard edges (same agency and site only:
 *     a group moves from one hall); the clusters it makes are not cut,
 *     unless one is larger than a window: then hard.c cuts it where the
 *     least traffic of hard edges crosses, and the cut edges are listed
 *     (cut_flows). Soft edges join clusters into connected components.
 *  4. A component that fits one window (servers, staff hours, TB to copy)
 *     is a group. A larger one is split (split.c): its clusters become the
 *     vertices of a graph with one weight per capped dimension, divided
 *     into parts that each fit (sl_partition_run with hard caps: METIS,
 *     then a repair and FM that never break a cap), minimising the traffic
 *     cut; few parts beyond the fewest the capacity allows.
 *  5. A workload larger than a window on its own is a group marked over
 *     capacity; the scheduler has to give it a longer window.
 *
 * Cost: O(flows + pairs) to build the graph, near-linear union-find, and
 * one partitioner run per oversized component or cluster (a few on small
 * ones).
 *
 * Regrouping (sl_group_run_from). An origin's groups are a function of
 * what the origin holds and nothing else: its movable workloads in
 * order, which of them are shared services, each one's staff hours and
 * TB, the flows between them (ends, hard or soft, traffic), its window
 * capacity and the seed. Nothing another origin holds reaches them:
 * unions join one origin's workloads only, the partitioner's graph keeps
 * one origin's edges, every random stream is seeded by the first
 * workload of its component or cluster (not by a rank another origin's
 * components would shift), the pieces cut_clusters adds keep their order
 * within each component whatever other clusters are cut into,
 * provisional group ids are labels only (finish() orders groups by
 * origin and first workload), and split_component checks every entry of
 * its scratch map. Each grouping keeps a fingerprint of those inputs per
 * origin (origin_keys: two 64-bit lanes); a regroup from a base of the
 * same workloads keeps the base's groups of every origin whose
 * fingerprint is the base's, so a re-plan that changes one agency's
 * hours, or leaves some of its workloads behind, groups that agency's
 * origins only. A kept origin's oversized hard clusters are not cut
 * again either: the counts of its splits and cut clusters are the
 * base's (origin_splits, origin_cut_clusters). tests/unit/test_group.c compares regrouped and fresh
 * results.
 */
#include "group/group.h"
#include "model/model.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DIMS GRP_DIMS

void sl_grouping_free(sl_grouping *g)
{
    if (!g)
        return;
    sl_arena_free(g->arena);
    sl_free(g);
}

/* Working state of one run. */
typedef struct grouper {
    const sl_model *m;
    const sl_group_options *o;
    sl_grouping *out;
    grp_graph g;
    uint32_t *origin;     /* per workload: origin index; SL_NONE when not movable */
    uint8_t *is_shared;   /* per workload */
    double *effort_h;     /* per workload */
    double *transfer_tb;  /* per workload */
    uint32_t *cluster_of; /* per workload: hard cluster (dense), SL_NONE when not movable */
    uint32_t n_clusters;
    uint32_t *group_tmp;  /* per workload: provisional group */
    uint32_t n_groups;
    uint8_t *group_shared, *group_over; /* per provisional group */
    size_t cap_groups;
    const sl_grouping *base; /* regrouping: groups kept from it, or NULL */
    uint8_t *keep_origin;    /* per origin: its fingerprint is the base's */
    uint32_t *base_group;    /* per base group: its provisional id here, or SL_NONE */
} grouper;

/* ---- origins and their window capacity ---------------------------------- */

/* The RTT of the site's link to the target and what it copies in the
 * shortest window: the same link and the same units as the scheduler
 * (sl_model_link_from, TB = 10^12 bytes). */
static double site_rtt(const sl_model *m, sl_index site, double *tb_per_window)
{
    double hours = 0;
    for (size_t r = 0; r < m->windows.n_rules; r++)
        if (hours == 0 || m->windows.rules[r].hours < hours)
            hours = m->windows.rules[r].hours;
    *tb_per_window = 0;
    const sl_link *l = sl_model_link_from(m, site);
    if (!l)
        return 0;
    /* Gbit/s x 3600 s/h / 8 bit/B / 1000 GB/TB = 0.45 TB per Gbit/s-hour */
    *tb_per_window = l->gbps * l->usable_share * hours * 0.45;
    return l->rtt_ms.likely;
}

static int find_origins(grouper *G)
{
    const sl_model *m = G->m;
    sl_grouping *out = G->out;
    size_t na = m->n_agencies, ns = m->n_sites;
    uint32_t *index = sl_malloc((na * ns + 1) * sizeof *index);
    if (!index)
        return SL_ENOMEM;
    for (size_t i = 0; i < na * ns; i++)
        index[i] = SL_NONE;
    for (size_t w = 0; w < m->n_workloads; w++)
        if (G->origin[w] != SL_NONE)
            index[(size_t)m->workloads[w].agency * ns + m->workloads[w].site] = 0;
    size_t n = 0;
    for (size_t i = 0; i < na * ns; i++)
        if (index[i] != SL_NONE)
            index[i] = (uint32_t)n++;
    out->capacities = sl_arena_array(out->arena, n + 1, sizeof *out->capacities);
    if (!out->capacities) {
        sl_free(index);
        return SL_ENOMEM;
    }
    out->n_capacities = n;
    out->origin_splits = sl_arena_array(out->arena, n + 1, sizeof *out->origin_splits);
    out->origin_cut_clusters =
        sl_arena_array(out->arena, n + 1, sizeof *out->origin_cut_clusters);
    if (!out->origin_splits || !out->origin_cut_clusters) {
        sl_free(index);
        return SL_ENOMEM;
    }
    memset(out->origin_splits, 0, (n + 1) * sizeof *out->origin_splits);
    memset(out->origin_cut_clusters, 0, (n + 1) * sizeof *out->origin_cut_clusters);
    /* the scheduler shares a week's hours among its windows by length:
     * a group must fit the smallest share */
    double week_hours = 0, shortest = 0;
    for (size_t r = 0; r < m->windows.n_rules; r++) {
        week_hours += m->windows.rules[r].hours;
        if (shortest == 0 || m->windows.rules[r].hours < shortest)
            shortest = m->windows.rules[r].hours;
    }
    double share = week_hours > 0 ? shortest / week_hours : 1;
    for (size_t i = 0; i < na * ns; i++) {
        if (index[i] == SL_NONE)
            continue;
        sl_wave_capacity *c = &out->capacities[index[i]];
        c->agency = (sl_index)(i / ns);
        c->site = (sl_index)(i % ns);
        c->servers = m->windows.max_workloads > 0 ? m->windows.max_workloads : 0;
        /* the hours left once staff who will not follow start leaving:
         * a group must fit the leaner weeks too */
        double hours = sl_agency_hours_after_notice(&m->agencies[c->agency]);
        c->effort_hours = hours > 0 ? hours * share : 0;
        c->rtt_ms = site_rtt(m, c->site, &c->transfer_tb);
    }
    for (size_t w = 0; w < m->n_workloads; w++)
        if (G->origin[w] != SL_NONE)
            G->origin[w] = index[(size_t)m->workloads[w].agency * ns + m->workloads[w].site];
    sl_free(index);
    return 0;
}

/* ---- shared services ----------------------------------------------------- */

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static int mark_shared(grouper *G)
{
    const sl_model *m = G->m;
    size_t n = m->n_workloads;
    for (size_t i = 0; i < m->migration.n_shared_services; i++) {
        const char *name = m->migration.shared_services[i];
        sl_index w = sl_model_workload(m, name);
        if (w != SL_NONE) {
            G->is_shared[w] = 1;
            continue;
        }
        for (size_t a = 0; a < m->n_apps; a++)
            if (strcmp(m->apps[a].name, name) == 0)
                for (size_t j = 0; j < m->apps[a].n_workloads; j++)
                    G->is_shared[m->apps[a].workloads[j]] = 1;
    }
    double threshold = m->migration.hub_degree;
    if (threshold <= 0) {
        size_t *deg = sl_malloc((n + 1) * sizeof *deg);
        if (!deg)
            return SL_ENOMEM;
        size_t k = 0;
        for (size_t w = 0; w < n; w++)
            if (G->g.xadj[w + 1] > G->g.xadj[w])
                deg[k++] = G->g.xadj[w + 1] - G->g.xadj[w];
        qsort(deg, k, sizeof *deg, cmp_size);
        double median = k ? (double)deg[k / 2] : 0;
        sl_free(deg);
        threshold = SL_MAX(32.0, 8.0 * median);
    }
    G->out->hub_degree = threshold;
    for (size_t w = 0; w < n; w++)
        if ((double)(G->g.xadj[w + 1] - G->g.xadj[w]) >= threshold)
            G->is_shared[w] = 1;
    for (size_t w = 0; w < n; w++)
        if (G->is_shared[w] && G->origin[w] != SL_NONE)
            G->out->n_shared++;
    return 0;
}

/* ---- provisional groups ----------------------------------------------------- */

static int new_group(grouper *G, bool shared, bool over, uint32_t *id)
{
    if (G->n_groups + 1 > G->cap_groups) {
        size_t cap = G->cap_groups ? G->cap_groups * 2 : 64;
        uint8_t *s = sl_realloc(G->group_shared, cap);
        if (!s)
            return SL_ENOMEM;
        G->group_shared = s;
        uint8_t *o = sl_realloc(G->group_over, cap);
        if (!o)
            return SL_ENOMEM;
        G->group_over = o;
        G->cap_groups = cap;
    }
    *id = G->n_groups++;
    G->group_shared[*id] = shared;
    G->group_over[*id] = over;
    return 0;
}

/* One component to place into groups: its clusters and their members. */
typedef struct component {
    uint32_t n_clusters;
    const uint32_t *clusters; /* cluster ids */
    const uint32_t *mstart;   /* per cluster id: first member in members[] */
    const uint32_t *members;  /* workloads, grouped by cluster */
    uint32_t origin;
    bool shared;
} component;

static double demand_of(const grouper *G, uint32_t w, int which)
{
    return which == 0 ? 1.0 : which == 1 ? G->effort_h[w] : G->transfer_tb[w];
}

static void cluster_demand(const grouper *G, const component *c, uint32_t cl, double *out)
{
    out[0] = out[1] = out[2] = 0;
    for (uint32_t i = c->mstart[cl]; i < c->mstart[cl + 1]; i++)
        for (int d = 0; d < MAX_DIMS; d++)
            out[d] += demand_of(G, c->members[i], d);
}

static bool fits_caps(const sl_wave_capacity *cap, const double *need)
{
    return (cap->servers <= 0 || need[0] <= cap->servers + 1e-9) &&
           (cap->effort_hours <= 0 || need[1] <= cap->effort_hours + 1e-9) &&
           (cap->transfer_tb <= 0 || need[2] <= cap->transfer_tb + 1e-9);
}

static void assign_cluster(grouper *G, const component *c, uint32_t cl, uint32_t group)
{
    for (uint32_t i = c->mstart[cl]; i < c->mstart[cl + 1]; i++)
        G->group_tmp[c->members[i]] = group;
}

/* Splits the fitting clusters of an oversized component with the
 * partitioner; parts[i] gets the part of the i-th listed cluster. */
static int split_component(grouper *G, const component *c, const uint32_t *list, uint32_t nl,
                           const grp_dims *dm, const double *need, uint32_t *local, uint32_t first,
                           int32_t *parts, int32_t *k_out)
{
    /* local[cluster id] = vertex index, for edge lookup */
    for (uint32_t i = 0; i < nl; i++)
        local[list[i]] = i;
    int32_t *xadj = sl_malloc(((size_t)nl + 1) * sizeof *xadj);
    int32_t *vwgt = sl_malloc(((size_t)nl * dm->n + 1) * sizeof *vwgt);
    int32_t *mark = sl_malloc(((size_t)nl + 1) * sizeof *mark);
    int32_t *adj = NULL, *wgt = NULL;
    double *acc = NULL;
    size_t na = 0, cap = 0;
    int rc = xadj && vwgt && mark ? 0 : SL_ENOMEM;
    double total_mbps = 0;
    for (uint32_t i = 0; rc == 0 && i < nl; i++) {
        uint32_t cl = list[i];
        for (uint32_t j = c->mstart[cl]; j < c->mstart[cl + 1]; j++) {
            uint32_t w = c->members[j];
            for (size_t e = G->g.xadj[w]; e < G->g.xadj[w + 1]; e++)
                total_mbps += G->g.mbps[e];
        }
    }
    double scale = total_mbps > 0 ? SL_MIN(1000.0, (double)(1 << 30) / total_mbps) : 1;
    for (uint32_t i = 0; rc == 0 && i < nl; i++)
        mark[i] = -1;
    if (rc == 0)
        xadj[0] = 0;
    for (uint32_t i = 0; rc == 0 && i < nl; i++) {
        uint32_t cl = list[i];
        size_t row = na;
        for (uint32_t j = c->mstart[cl]; j < c->mstart[cl + 1] && rc == 0; j++) {
            uint32_t w = c->members[j];
            for (size_t e = G->g.xadj[w]; e < G->g.xadj[w + 1]; e++) {
                uint32_t u = G->g.adj[e];
                uint32_t cu = G->cluster_of[u];
                if (cu == SL_NONE || cu == cl || G->is_shared[u] || G->origin[u] != c->origin)
                    continue;
                uint32_t lu = local[cu];
                if (lu >= nl || list[lu] != cu)
                    continue; /* another component, or an oversized cluster */
                if (mark[lu] >= 0 && (size_t)mark[lu] >= row) {
                    acc[mark[lu]] += G->g.mbps[e];
                    continue;
                }
                if (na + 1 > cap) {
                    size_t ncap = cap ? cap * 2 : 256;
                    int32_t *a2 = sl_reallocarray(adj, ncap, sizeof *a2);
                    if (!a2) {
                        rc = SL_ENOMEM;
                        break;
                    }
                    adj = a2;
                    double *c2 = sl_reallocarray(acc, ncap, sizeof *c2);
                    if (!c2) {
                        rc = SL_ENOMEM;
                        break;
                    }
                    acc = c2;
                    cap = ncap;
                }
                mark[lu] = (int32_t)na;
                adj[na] = (int32_t)lu;
                acc[na] = G->g.mbps[e];
                na++;
            }
        }
        xadj[i + 1] = (int32_t)na;
        double cd[MAX_DIMS];
        cluster_demand(G, c, cl, cd);
        grp_dims_weigh(dm, cd, vwgt + (size_t)i * dm->n);
    }
    if (rc == 0) {
        wgt = sl_malloc((na + 1) * sizeof *wgt);
        if (!wgt)
            rc = SL_ENOMEM;
        for (size_t e = 0; rc == 0 && e < na; e++) {
            double x = acc[e] * scale;
            wgt[e] = x < 1 ? 1 : x > (double)(1 << 30) ? (1 << 30) : (int32_t)llround(x);
        }
    }
    *k_out = 0;
    if (rc == 0) {
        sl_graph g = {(int32_t)nl, dm->n, xadj, adj ? adj : xadj, vwgt, wgt, NULL};
        rc = grp_split(parts, k_out, &g, dm->cap, grp_dims_k_min(dm, need, (int32_t)nl),
                       G->o->seeds, G->o->seed ^ ((uint64_t)first << 20));
    }
    sl_free(xadj);
    sl_free(vwgt);
    sl_free(mark);
    sl_free(adj);
    sl_free(wgt);
    sl_free(acc);
    return rc;
}

/* What a whole component asks of its origin's window capacity: the sum
 * of its clusters' demands. */
static void component_demand(const grouper *G, const component *c, double need[MAX_DIMS])
{
    for (int d = 0; d < MAX_DIMS; d++)
        need[d] = 0;
    for (uint32_t i = 0; i < c->n_clusters; i++) {
        double cd[MAX_DIMS];
        cluster_demand(G, c, c->clusters[i], cd);
        for (int d = 0; d < MAX_DIMS; d++)
            need[d] += cd[d];
    }
}

/* The component's first workload: what seeds its split, so that the
 * split does not depend on other origins' components. */
static uint32_t component_first(const component *c)
{
    uint32_t first = UINT32_MAX;
    for (uint32_t i = 0; i < c->n_clusters; i++) {
        uint32_t w = c->members[c->mstart[c->clusters[i]]];
        if (w < first)
            first = w;
    }
    return first;
}

static int place_component(grouper *G, const component *c, uint32_t *local)
{
    const sl_wave_capacity *cap = &G->out->capacities[c->origin];
    double need[MAX_DIMS];
    component_demand(G, c, need);
    uint32_t id;
    int rc;
    if (fits_caps(cap, need) || c->n_clusters == 1) {
        rc = new_group(G, c->shared, !fits_caps(cap, need), &id);
        for (uint32_t i = 0; rc == 0 && i < c->n_clusters; i++)
            assign_cluster(G, c, c->clusters[i], id);
        return rc;
    }
    /* too big for one window: oversized clusters alone, the rest split */
    G->out->n_split++;
    G->out->origin_splits[c->origin]++;
    uint32_t *list = sl_malloc(((size_t)c->n_clusters + 1) * sizeof *list);
    int32_t *parts = sl_malloc(((size_t)c->n_clusters + 1) * sizeof *parts);
    if (!list || !parts) {
        sl_free(list);
        sl_free(parts);
        return SL_ENOMEM;
    }
    uint32_t nl = 0;
    double rest[MAX_DIMS] = {0, 0, 0};
    rc = 0;
    for (uint32_t i = 0; rc == 0 && i < c->n_clusters; i++) {
        double cd[MAX_DIMS];
        cluster_demand(G, c, c->clusters[i], cd);
        if (fits_caps(cap, cd)) {
            list[nl++] = c->clusters[i];
            for (int d = 0; d < MAX_DIMS; d++)
                rest[d] += cd[d];
            continue;
        }
        rc = new_group(G, c->shared, true, &id);
        if (rc == 0)
            assign_cluster(G, c, c->clusters[i], id);
    }
    int32_t k = 0;
    if (rc == 0 && nl > 0) {
        grp_dims dm;
        grp_dims_init(&dm, cap, rest);
        rc = split_component(G, c, list, nl, &dm, rest, local, component_first(c), parts, &k);
    }
    uint32_t first = G->n_groups;
    for (int32_t q = 0; rc == 0 && q < k; q++)
        rc = new_group(G, c->shared, false, &id);
    for (uint32_t i = 0; rc == 0 && i < nl; i++)
        assign_cluster(G, c, list[i], first + (uint32_t)parts[i]);
    sl_free(list);
    sl_free(parts);
    return rc;
}

/* A component of an origin whose inputs are the base's: the base's
 * groups (its splits and cut clusters are counted by plan_regroup). */
static int copy_component(grouper *G, const component *c)
{
    const sl_grouping *b = G->base;
    int rc = 0;
    for (uint32_t i = 0; rc == 0 && i < c->n_clusters; i++) {
        uint32_t cl = c->clusters[i];
        for (uint32_t j = c->mstart[cl]; rc == 0 && j < c->mstart[cl + 1]; j++) {
            uint32_t w = c->members[j];
            sl_index bg = b->group_of[w];
            if (G->base_group[bg] == SL_NONE)
                rc = new_group(G, b->groups[bg].is_shared_service,
                               b->groups[bg].is_over_capacity, &G->base_group[bg]);
            G->group_tmp[w] = G->base_group[bg];
        }
    }
    return rc;
}

/* One step of a fingerprint lane: x folded in and mixed (splitmix64's
 * finaliser), so that every bit of each input reaches every bit of h. */
static uint64_t mix(uint64_t h, uint64_t x)
{
    h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Both lanes of an origin's fingerprint take x. */
static void key_add(uint64_t *key, uint64_t x)
{
    key[0] = mix(key[0], x);
    key[1] = mix(key[1] ^ 0x5851f42d4c957f2dull, ~x);
}

/* The fingerprint of each origin's inputs (see "Regrouping" above), two
 * lanes per origin into out->origin_keys. O(workloads + edges). */
static int origin_keys(grouper *G)
{
    sl_grouping *out = G->out;
    const grp_graph *g = &G->g;
    uint64_t *key = sl_arena_array(out->arena, 2 * out->n_capacities + 1, sizeof *key);
    if (!key)
        return SL_ENOMEM;
    for (size_t o = 0; o < out->n_capacities; o++) {
        const sl_wave_capacity *c = &out->capacities[o];
        uint64_t *k = key + 2 * o;
        k[0] = 0x243f6a8885a308d3ull;
        k[1] = 0x13198a2e03707344ull;
        key_add(k, G->o->seed);
        key_add(k, (uint64_t)G->o->seeds);
        key_add(k, c->agency);
        key_add(k, c->site);
        key_add(k, bits_of(c->servers));
        key_add(k, bits_of(c->effort_hours));
        key_add(k, bits_of(c->transfer_tb));
        key_add(k, bits_of(c->rtt_ms));
    }
    for (size_t w = 0; w < g->n; w++) {
        uint32_t o = G->origin[w];
        if (o == SL_NONE)
            continue;
        uint64_t *k = key + 2 * (size_t)o;
        key_add(k, w);
        key_add(k, G->is_shared[w]);
        key_add(k, bits_of(G->effort_h[w]));
        key_add(k, bits_of(G->transfer_tb[w]));
        for (size_t e = g->xadj[w]; e < g->xadj[w + 1]; e++) {
            uint32_t u = g->adj[e];
            if (G->origin[u] != o)
                continue;
            key_add(k, u);
            key_add(k, g->hard[e]);
            key_add(k, bits_of(g->mbps[e]));
        }
    }
    out->origin_keys = key;
    return 0;
}

/* Which origins keep the base's groups: those of the same agency and
 * site whose fingerprint is the base's. A base of another number of
 * workloads (another inventory) lends nothing. */
static int plan_regroup(grouper *G, const sl_grouping *b)
{
    sl_grouping *out = G->out;
    size_t n = G->m->n_workloads;
    if (!b || b->n_workloads != n || !b->origin_keys || !b->origin_splits ||
        !b->origin_cut_clusters)
        return 0;
    G->keep_origin = sl_calloc(out->n_capacities + 1, 1);
    if (!G->keep_origin)
        return SL_ENOMEM;
    for (size_t o = 0; o < out->n_capacities; o++) {
        const sl_wave_capacity *c = &out->capacities[o];
        const uint64_t *k = out->origin_keys + 2 * o;
        for (size_t j = 0; j < b->n_capacities; j++) {
            const uint64_t *bk = b->origin_keys + 2 * j;
            if (b->capacities[j].agency == c->agency && b->capacities[j].site == c->site &&
                bk[0] == k[0] && bk[1] == k[1]) {
                G->keep_origin[o] = 1;
                out->n_kept_origins++;
                /* what the base counted there; its clusters are not cut again */
                out->origin_splits[o] = b->origin_splits[j];
                out->origin_cut_clusters[o] = b->origin_cut_clusters[j];
                out->n_split += b->origin_splits[j];
                out->n_cut_clusters += b->origin_cut_clusters[j];
                break;
            }
        }
    }
    if (out->n_kept_origins == 0)
        return 0;
    G->base_group = sl_malloc((b->n_groups + 1) * sizeof *G->base_group);
    if (!G->base_group)
        return SL_ENOMEM;
    for (size_t g = 0; g < b->n_groups; g++)
        G->base_group[g] = SL_NONE;
    G->base = b;
    return 0;
}

/* ---- clusters and components -------------------------------------------------- */

/* Does the edge w-u hold inside one origin between movable workloads of
 * the same kind (both shared services or neither)? */
static bool same_side(const grouper *G, uint32_t w, uint32_t u)
{
    return G->origin[w] != SL_NONE && G->origin[w] == G->origin[u] &&
           G->is_shared[w] == G->is_shared[u];
}

/* members[mstart[c] .. mstart[c+1]) = the workloads of cluster c, in
 * workload order (a counting sort); count: scratch, one per workload. */
static void list_members(const grouper *G, uint32_t *mstart, uint32_t *members, uint32_t *count)
{
    size_t n = G->m->n_workloads;
    memset(mstart, 0, ((size_t)G->n_clusters + 2) * sizeof *mstart);
    for (size_t w = 0; w < n; w++)
        if (G->cluster_of[w] != SL_NONE)
            mstart[G->cluster_of[w] + 1]++;
    for (uint32_t c = 0; c < G->n_clusters; c++)
        mstart[c + 1] += mstart[c];
    memset(count, 0, n * sizeof *count);
    for (size_t w = 0; w < n; w++) {
        uint32_t c = G->cluster_of[w];
        if (c != SL_NONE)
            members[mstart[c] + count[c]++] = (uint32_t)w;
    }
}

/* Cuts every cluster of two or more workloads that does not fit its
 * origin's window into pieces that do (hard.c); the first piece keeps
 * the cluster's id, the others get new ones, and the member lists are
 * rebuilt. scratch: one per workload. */
static int cut_clusters(grouper *G, uint32_t *mstart, uint32_t *members, uint32_t *scratch)
{
    uint32_t nc = G->n_clusters, next = nc;
    uint32_t *local = NULL, *piece = NULL;
    double *demand = NULL;
    int rc = 0;
    for (uint32_t c = 0; rc == 0 && c < nc; c++) {
        uint32_t size = mstart[c + 1] - mstart[c];
        const uint32_t *mem = members + mstart[c];
        if (size < 2 || (G->keep_origin && G->keep_origin[G->origin[mem[0]]]))
            continue; /* a kept origin's groups are copied whole */
        const sl_wave_capacity *cap = &G->out->capacities[G->origin[mem[0]]];
        double need[MAX_DIMS] = {0, 0, 0};
        for (uint32_t i = 0; i < size; i++)
            for (int d = 0; d < MAX_DIMS; d++)
                need[d] += demand_of(G, mem[i], d);
        if (fits_caps(cap, need))
            continue;
        if (!local) {
            size_t n = G->m->n_workloads;
            local = sl_malloc((n + 1) * sizeof *local);
            piece = sl_malloc((n + 1) * sizeof *piece);
            demand = sl_malloc((n + 1) * MAX_DIMS * sizeof *demand);
            if (!local || !piece || !demand) {
                rc = SL_ENOMEM;
                break;
            }
            for (size_t w = 0; w < n; w++)
                local[w] = UINT32_MAX;
        }
        for (uint32_t i = 0; i < size; i++)
            for (int d = 0; d < MAX_DIMS; d++)
                demand[(size_t)i * MAX_DIMS + d] = demand_of(G, mem[i], d);
        uint32_t n_pieces = 0;
        rc = grp_split_cluster(piece, &n_pieces, &G->g, mem, size, demand, cap, local,
                               G->o->seeds, G->o->seed ^ ((uint64_t)mem[0] << 20) ^ 0xc1u);
        for (uint32_t i = 0; rc == 0 && i < size; i++)
            if (piece[i] > 0)
                G->cluster_of[mem[i]] = next + piece[i] - 1;
        if (rc == 0 && n_pieces > 1) {
            next += n_pieces - 1;
            G->out->n_cut_clusters++;
            G->out->origin_cut_clusters[G->origin[mem[0]]]++;
        }
    }
    sl_free(local);
    sl_free(piece);
    sl_free(demand);
    if (rc == 0 && next != nc) {
        G->n_clusters = next;
        list_members(G, mstart, members, scratch);
    }
    return rc;
}

static int build_groups(grouper *G)
{
    size_t n = G->m->n_workloads;
    const grp_graph *g = &G->g;
    uint32_t *hard_uf = sl_malloc((n + 1) * sizeof *hard_uf);
    uint32_t *soft_uf = sl_malloc((n + 1) * sizeof *soft_uf);
    uint32_t *comp_of = sl_malloc((n + 1) * sizeof *comp_of);
    uint32_t *mstart = sl_calloc(n + 2, sizeof *mstart);
    uint32_t *members = sl_malloc((n + 1) * sizeof *members);
    uint32_t *cstart = sl_calloc(n + 2, sizeof *cstart);
    uint32_t *clusters = sl_malloc((n + 1) * sizeof *clusters);
    uint32_t *local = sl_malloc((n + 1) * sizeof *local);
    uint32_t *comp_origin = sl_malloc((n + 1) * sizeof *comp_origin);
    uint8_t *comp_shared = sl_malloc(n + 1);
    int rc = hard_uf && soft_uf && comp_of && mstart && members && cstart && clusters && local &&
                     comp_origin && comp_shared
                 ? 0
                 : SL_ENOMEM;
    if (rc == 0) {
        for (size_t w = 0; w < n; w++)
            hard_uf[w] = soft_uf[w] = (uint32_t)w;
        for (size_t w = 0; w < n; w++) {
            for (size_t e = g->xadj[w]; e < g->xadj[w + 1]; e++) {
                uint32_t u = g->adj[e];
                if (u < w)
                    continue; /* each pair once */
                bool together = same_side(G, (uint32_t)w, u);
                /* shared services glue nothing softly, not even each other */
                if (together && !G->is_shared[w])
                    grp_union(soft_uf, (uint32_t)w, u);
                if (!g->hard[e])
                    continue;
                if (together) {
                    grp_union(hard_uf, (uint32_t)w, u);
                    grp_union(soft_uf, (uint32_t)w, u);
                } else if (G->origin[w] != SL_NONE && G->origin[u] != SL_NONE) {
                    G->out->n_hard_cut++;
                }
            }
        }
        /* dense cluster ids, in order of first workload */
        uint32_t nc = 0;
        for (size_t w = 0; w < n; w++) {
            G->cluster_of[w] = SL_NONE;
            if (G->origin[w] == SL_NONE)
                continue;
            uint32_t r = grp_find(hard_uf, (uint32_t)w);
            if (r == w)
                local[w] = nc++;
            G->cluster_of[w] = local[r];
        }
        G->n_clusters = nc;
        list_members(G, mstart, members, local);
        /* clusters too large for a window are cut where it costs least */
        rc = cut_clusters(G, mstart, members, local);
        nc = G->n_clusters;
        /* dense component ids, in order of first workload */
        uint32_t ncomp = 0;
        for (size_t w = 0; w < n; w++) {
            if (G->origin[w] == SL_NONE)
                continue;
            uint32_t r = grp_find(soft_uf, (uint32_t)w);
            if (r == w) {
                comp_origin[ncomp] = G->origin[w];
                comp_shared[ncomp] = G->is_shared[w];
                comp_of[w] = ncomp++;
            }
        }
        /* clusters by component: the component of a cluster's first member */
        for (uint32_t c = 0; c < nc; c++) {
            uint32_t w = members[mstart[c]];
            local[c] = comp_of[grp_find(soft_uf, w)];
            cstart[local[c] + 1]++;
        }
        for (uint32_t q = 0; q < ncomp; q++)
            cstart[q + 1] += cstart[q];
        uint32_t *fill = comp_of; /* reused: comp_of is no longer needed */
        for (uint32_t q = 0; q < ncomp; q++)
            fill[q] = cstart[q];
        for (uint32_t c = 0; c < nc; c++)
            clusters[fill[local[c]]++] = c;
        for (size_t w = 0; w < n; w++)
            local[w] = UINT32_MAX;
        for (uint32_t q = 0; rc == 0 && q < ncomp; q++) {
            component comp = {cstart[q + 1] - cstart[q], clusters + cstart[q], mstart, members,
                              comp_origin[q], comp_shared[q]};
            rc = G->base && G->keep_origin[comp.origin] ? copy_component(G, &comp)
                                                        : place_component(G, &comp, local);
        }
    }
    sl_free(hard_uf);
    sl_free(soft_uf);
    sl_free(comp_of);
    sl_free(mstart);
    sl_free(members);
    sl_free(cstart);
    sl_free(clusters);
    sl_free(local);
    sl_free(comp_origin);
    sl_free(comp_shared);
    return rc;
}

/* ---- the result ------------------------------------------------------------ */

typedef struct group_key {
    uint32_t origin, first, tmp;
    uint8_t shared;
} group_key;

static int cmp_group_key(const void *a, const void *b)
{
    const group_key *x = a, *y = b;
    if (x->origin != y->origin)
        return x->origin < y->origin ? -1 : 1;
    if (x->shared != y->shared)
        return x->shared < y->shared ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

static int cmp_cut_flow(const void *a, const void *b)
{
    const sl_cut_flow *x = a, *y = b;
    if (x->mbps != y->mbps)
        return x->mbps > y->mbps ? -1 : 1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

/* The hard edges left between groups of one origin (only cut_clusters
 * makes such), heaviest first. */
static int list_cut_flows(grouper *G)
{
    sl_grouping *out = G->out;
    const grp_graph *g = &G->g;
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t w = 0; w < g->n; w++) {
            for (size_t e = g->xadj[w]; e < g->xadj[w + 1]; e++) {
                uint32_t u = g->adj[e];
                if (u <= w || !g->hard[e] || !same_side(G, (uint32_t)w, u) ||
                    out->group_of[w] == out->group_of[u])
                    continue;
                if (pass == 1)
                    out->cut_flows[n] = (sl_cut_flow){(sl_index)w, u, out->group_of[w],
                                                      out->group_of[u], g->mbps[e]};
                n++;
            }
        }
        if (pass == 0) {
            out->cut_flows = sl_arena_array(out->arena, n + 1, sizeof *out->cut_flows);
            if (!out->cut_flows)
                return SL_ENOMEM;
            out->n_cut_flows = n;
            n = 0;
        }
    }
    qsort(out->cut_flows, out->n_cut_flows, sizeof *out->cut_flows, cmp_cut_flow);
    for (size_t i = 0; i < out->n_cut_flows; i++)
        out->cut_flows_mbps += out->cut_flows[i].mbps;
    return 0;
}

static int finish(grouper *G)
{
    const sl_model *m = G->m;
    sl_grouping *out = G->out;
    size_t n = m->n_workloads;
    uint32_t ng = G->n_groups;
    group_key *keys = sl_malloc(((size_t)ng + 1) * sizeof *keys);
    uint32_t *rank = sl_malloc(((size_t)ng + 1) * sizeof *rank);
    uint32_t *count = sl_calloc((size_t)ng + 1, sizeof *count);
    size_t *start = sl_malloc(((size_t)ng + 1) * sizeof *start);
    out->groups = sl_arena_array(out->arena, (size_t)ng + 1, sizeof *out->groups);
    out->group_of = sl_arena_array(out->arena, n + 1, sizeof *out->group_of);
    sl_index *all = sl_arena_array(out->arena, n + 1, sizeof *all);
    int rc = keys && rank && count && start && out->groups && out->group_of && all ? 0 : SL_ENOMEM;
    if (rc == 0) {
        for (uint32_t q = 0; q < ng; q++)
            keys[q] = (group_key){SL_NONE, SL_NONE, q, G->group_shared[q]};
        for (size_t w = 0; w < n; w++) {
            uint32_t q = G->group_tmp[w];
            if (q == SL_NONE)
                continue;
            count[q]++;
            if (keys[q].first == SL_NONE) {
                keys[q].first = (uint32_t)w;
                keys[q].origin = G->origin[w];
            }
        }
        qsort(keys, ng, sizeof *keys, cmp_group_key);
        uint32_t kept = 0;
        size_t at = 0;
        for (uint32_t i = 0; i < ng; i++) {
            uint32_t q = keys[i].tmp;
            rank[q] = SL_NONE;
            if (count[q] == 0)
                continue; /* an empty part */
            rank[q] = kept;
            sl_group *gr = &out->groups[kept];
            const sl_wave_capacity *cap = &out->capacities[keys[i].origin];
            gr->id = kept;
            gr->origin = keys[i].origin;
            gr->agency = cap->agency;
            gr->site = cap->site;
            gr->is_shared_service = G->group_shared[q];
            gr->is_over_capacity = G->group_over[q];
            gr->workloads = all + at;
            start[kept] = at;
            at += count[q];
            kept++;
        }
        out->n_groups = kept;
        out->n_workloads = n;
        for (size_t w = 0; w < n; w++) {
            uint32_t q = G->group_tmp[w];
            out->group_of[w] = q == SL_NONE ? SL_NONE : rank[q];
            if (q == SL_NONE)
                continue;
            sl_group *gr = &out->groups[rank[q]];
            const sl_workload *wl = &m->workloads[w];
            all[start[rank[q]] + gr->n_workloads++] = (sl_index)w;
            gr->effort_hours += G->effort_h[w];
            gr->transfer_tb += G->transfer_tb[w];
            if (wl->tier > 0 && (gr->min_tier == 0 || wl->tier < gr->min_tier))
                gr->min_tier = wl->tier;
        }
        /* traffic leaving each group, and between groups in all */
        for (size_t w = 0; w < n; w++) {
            for (size_t e = G->g.xadj[w]; e < G->g.xadj[w + 1]; e++) {
                uint32_t u = G->g.adj[e];
                sl_index gw = out->group_of[w], gu = out->group_of[u];
                if (gw == gu && gw != SL_NONE)
                    continue;
                if (gw != SL_NONE)
                    out->groups[gw].cut_mbps += G->g.mbps[e];
                if (u > w && (gw != SL_NONE || gu != SL_NONE))
                    out->total_cut_mbps += G->g.mbps[e];
            }
        }
        if (rc == 0)
            rc = list_cut_flows(G);
        /* a re-check of what the header promises */
        for (size_t i = 0; i < out->n_groups; i++) {
            const sl_group *gr = &out->groups[i];
            double need[MAX_DIMS] = {(double)gr->n_workloads, gr->effort_hours, gr->transfer_tb};
            assert(gr->is_over_capacity || fits_caps(&out->capacities[gr->origin], need));
            (void)need;
        }
    }
    sl_free(keys);
    sl_free(rank);
    sl_free(count);
    sl_free(start);
    return rc;
}

int sl_group_run(sl_grouping **out, const sl_model *m, const sl_group_options *o, sl_diag *d)
{
    return sl_group_run_from(out, m, o, NULL, d);
}

int sl_group_run_from(sl_grouping **out, const sl_model *m, const sl_group_options *o,
                      const sl_grouping *base, sl_diag *d)
{
    *out = NULL;
    sl_group_options opts = SL_GROUP_OPTIONS_INIT;
    if (o)
        opts = *o;
    if (opts.seeds < 1 || opts.seeds > 1000) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "group: seeds must be 1..1000, not %d", opts.seeds);
        return SL_EUSAGE;
    }
    if (m->n_workloads >= SL_NONE) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "group: too many workloads");
        return SL_ELIMIT;
    }
    grouper G;
    memset(&G, 0, sizeof G);
    G.m = m;
    G.o = &opts;
    sl_grouping *res = sl_calloc(1, sizeof *res);
    if (!res)
        return SL_ENOMEM;
    res->arena = sl_arena_new();
    G.out = res;
    size_t n = m->n_workloads;
    G.origin = sl_malloc((n + 1) * sizeof *G.origin);
    G.is_shared = sl_calloc(n + 1, 1);
    G.effort_h = sl_malloc((n + 1) * sizeof *G.effort_h);
    G.transfer_tb = sl_malloc((n + 1) * sizeof *G.transfer_tb);
    G.cluster_of = sl_malloc((n + 1) * sizeof *G.cluster_of);
    G.group_tmp = sl_malloc((n + 1) * sizeof *G.group_tmp);
    double *site_rtt_ms = sl_calloc(m->n_sites + 1, sizeof *site_rtt_ms);
    int rc = res->arena && G.origin && G.is_shared && G.effort_h && G.transfer_tb &&
                     G.cluster_of && G.group_tmp && site_rtt_ms
                 ? 0
                 : SL_ENOMEM;
    if (rc == 0) {
        for (size_t w = 0; w < n; w++) {
            const sl_workload *wl = &m->workloads[w];
            G.origin[w] = opts.movable && !opts.movable[w] ? SL_NONE : 0;
            G.group_tmp[w] = SL_NONE;
            /* the scheduler's own definitions (model/derive.c) */
            G.effort_h[w] = sl_workload_effort_h(m, wl, sl_workload_effort_dist(m, wl)->likely);
            G.transfer_tb[w] = sl_workload_tb(m, wl);
        }
        for (size_t s = 0; s < m->n_sites; s++) {
            double tb;
            site_rtt_ms[s] = site_rtt(m, (sl_index)s, &tb);
        }
        rc = find_origins(&G);
    }
    if (rc == 0) {
        rc = grp_graph_build(&G.g, m, site_rtt_ms);
        if (rc == SL_ELIMIT)
            sl_diag_add(d, SL_ERROR, NULL, 0, 0,
                        "group: the flows expand to 2^31 or more workload pairs");
    }
    if (rc == 0) {
        res->n_edges = G.g.n_edges;
        res->n_hard_edges = G.g.n_hard;
        rc = mark_shared(&G);
    }
    if (rc == 0)
        rc = origin_keys(&G);
    if (rc == 0)
        rc = plan_regroup(&G, base);
    if (rc == 0)
        rc = build_groups(&G);
    if (rc == 0)
        rc = finish(&G);
    grp_graph_free(&G.g);
    sl_free(G.origin);
    sl_free(G.is_shared);
    sl_free(G.effort_h);
    sl_free(G.transfer_tb);
    sl_free(G.cluster_of);
    sl_free(G.group_tmp);
    sl_free(G.group_shared);
    sl_free(G.group_over);
    sl_free(G.keep_origin);
    sl_free(G.base_group);
    sl_free(site_rtt_ms);
    if (rc) {
        sl_grouping_free(res);
        return rc;
    }
    *out = res;
    return 0;
}
