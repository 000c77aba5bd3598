/* SPDX-License-Identifier: MIT */
/*
 * place.c - the place stage: pools under the isolation policy, a host
 * model and a packing per pool, N+k spares, then racks, kW and floor at the
 * target (place_site.c); the same workloads on separate per-agency
 * platforms, to show what sharing saves; and the shared platform under
 * ever looser isolation policies, to show what each rule costs.
 *
 * Which workloads: those of joining agencies (the host's own estate is
 * already counted in the site's `used`) that are not not_ready and have a
 * size. Pools: one per distinct (agency, security class, env) tuple, each
 * part only when the policy isolates by it; workloads of different pools
 * never share a host. Dimensions (sl_dim): vCPU and RAM, storage when
 * local, busy threads when power counts; capacities from the assessment's
 * sl_host_capacity, so both stages agree on what fits.
 *
 * Host model: among the candidate models that can take every workload of
 * the pool, the one whose construction-only packing (the best of the
 * packer's constructions, cheap) gives the lowest cost over the
 * depreciation period (price, then licence, energy at the target and a
 * rack share per year), ties to fewer hosts, then to the model listed
 * first; the pool is then packed for real with that model. When no single
 * model takes every workload, the model taking the most is packed first
 * and the rest continue with another: a mix. After packing, each host
 * whose load fits a cheaper candidate model becomes that model (another
 * kind of mix). Spares are of the pool's main model. Anti-affinity
 * (`ha_group`) goes to the packer as conflict groups, so members never
 * share a host; racks (place_site.c) keep them apart when the policy says
 * rack.
 *
 * Sizes become integers for the packer: each dimension is scaled (1000
 * units per vCPU, per GB, per thread), sizes round up and capacities down,
 * so an integer packing that fits also fits in real numbers.
 * Deterministic: pools sorted by id, workloads in model order, ties by
 * index. Cost: one packing per pool and candidate model (construction
 * only) plus one full packing per pool, for the policy and for each of
 * its rules dropped in turn.
 */
#include "place/place.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const dim_names[SL_N_DIMS] = {"vcpu", "ram_gb", "storage_gb", "busy_threads"};

const char *sl_dim_name(sl_dim dim)
{
    return (unsigned)dim < SL_N_DIMS ? dim_names[dim] : "?";
}

static double demand_of(const sl_workload_assessment *wa, sl_dim dim)
{
    switch (dim) {
    case SL_DIM_VCPU:
        return wa->vcpu;
    case SL_DIM_RAM_GB:
        return wa->ram_gb;
    case SL_DIM_STORAGE_GB:
        return wa->storage_gb;
    default:
        return wa->busy_threads;
    }
}

static double capacity_of(const sl_host_capacity *c, sl_dim dim)
{
    switch (dim) {
    case SL_DIM_VCPU:
        return c->vcpu;
    case SL_DIM_RAM_GB:
        return c->ram_gb;
    case SL_DIM_STORAGE_GB:
        return c->storage_gb;
    default:
        return c->busy_threads;
    }
}

/* ---- one pool ---------------------------------------------------------- */

typedef struct pool_work {
    const place_ctx *c;
    sl_pool *pool;
    double scale[SL_N_DIMS];
    int64_t *size;     /* n x nd, for the current subset */
    uint32_t *group;   /* n: pool-local conflict group or SL_NONE */
    uint32_t *local;   /* the subset being packed: positions in pool->workloads */
    uint32_t *bin_of;  /* n: position -> host index within the pool, SL_NONE */
    size_t n_groups;
} pool_work;

/* Hosts under construction for a whole platform. */
typedef struct host_list {
    sl_host *hosts;
    size_t n, cap;
} host_list;

static int64_t to_size(double v, double scale)
{
    double x = ceil(v * scale - 1e-6);
    return x < 0 ? 0 : (int64_t)x;
}

static int64_t to_cap(double v, double scale)
{
    double x = floor(v * scale + 1e-6);
    return x < 0 ? 0 : (int64_t)x;
}

static bool fits_model(const pool_work *pw, sl_index model, uint32_t pos)
{
    const sl_pool *p = pw->pool;
    const sl_host_capacity *hc = &pw->c->a->host_capacity[model];
    const sl_workload_assessment *wa = &pw->c->a->workloads[p->workloads[pos]];
    for (size_t k = 0; k < p->n_dims; k++) {
        sl_dim dim = p->dims[k];
        if (to_size(demand_of(wa, dim), pw->scale[dim]) > to_cap(capacity_of(hc, dim), pw->scale[dim]))
            return false;
    }
    return true;
}

/* Packs the subset local[0..n) on `model`. */
static int pack_subset(pool_work *pw, sl_index model, size_t n, double effort, sl_packing **out,
                       sl_diag *d)
{
    const sl_pool *p = pw->pool;
    size_t nd = p->n_dims;
    int64_t cap[SL_N_DIMS];
    const sl_host_capacity *hc = &pw->c->a->host_capacity[model];
    for (size_t k = 0; k < nd; k++)
        cap[k] = to_cap(capacity_of(hc, p->dims[k]), pw->scale[p->dims[k]]);
    uint32_t *group = sl_malloc((n ? n : 1) * sizeof *group);
    if (!group)
        return SL_ENOMEM;
    bool any_group = false;
    for (size_t i = 0; i < n; i++) {
        uint32_t pos = pw->local[i];
        const sl_workload_assessment *wa = &pw->c->a->workloads[p->workloads[pos]];
        for (size_t k = 0; k < nd; k++)
            pw->size[i * nd + k] = to_size(demand_of(wa, p->dims[k]), pw->scale[p->dims[k]]);
        group[i] = pw->group[pos];
        any_group |= group[i] != SL_NONE;
    }
    sl_pack_problem prob = {nd, cap, n, pw->size, any_group ? group : NULL};
    sl_pack_options o = SL_PACK_OPTIONS_INIT;
    o.effort = effort;
    o.is_bound_exact = effort > 0;
    int rc = sl_pack_solve(out, &prob, &o, d);
    sl_free(group);
    return rc;
}

static int push_host(host_list *hl, const sl_host *h)
{
    if (SL_GROW(hl->hosts, hl->cap, hl->n + 1))
        return SL_ENOMEM;
    hl->hosts[hl->n++] = *h;
    return 0;
}

/* The cheapest candidate model (not above `model`'s cost) whose capacity
 * holds `load`; `model` itself when none is cheaper. */
static sl_index cheapest_for(const pool_work *pw, sl_index model, const double *load)
{
    const place_ctx *c = pw->c;
    const sl_pool *p = pw->pool;
    sl_index best = model;
    for (sl_index h = 0; h < c->m->n_host_models; h++) {
        if (!c->a->host_capacity[h].is_candidate || c->unit_cost[h] >= c->unit_cost[best])
            continue;
        bool ok = true;
        for (size_t k = 0; k < p->n_dims && ok; k++) {
            sl_dim dim = p->dims[k];
            ok = to_size(load[dim], pw->scale[dim]) <=
                 to_cap(capacity_of(&c->a->host_capacity[h], dim), pw->scale[dim]);
        }
        if (ok)
            best = h;
    }
    return best;
}

/* Turns a packing of local[0..n) on `model` into hosts of the pool. */
static int emit_hosts(pool_work *pw, host_list *hl, const sl_packing *pk, sl_index model, size_t n)
{
    sl_pool *p = pw->pool;
    const place_ctx *c = pw->c;
    size_t first = hl->n, nb = pk->n_bins;
    /* the items of each bin, in order: a counting sort */
    size_t *start = sl_calloc(nb + 1, sizeof *start);
    uint32_t *by_bin = sl_malloc((n ? n : 1) * sizeof *by_bin);
    int rc = start && by_bin ? 0 : SL_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++)
        start[pk->bin_of[i] + 1]++;
    for (size_t b = 0; b < nb && !rc; b++)
        start[b + 1] += start[b];
    for (size_t i = 0; i < n && !rc; i++)
        by_bin[start[pk->bin_of[i]]++] = (uint32_t)i;
    for (size_t b = nb; b > 0 && !rc; b--)
        start[b] = start[b - 1];
    if (!rc)
        start[0] = 0;
    for (size_t b = 0; b < nb && !rc; b++) {
        sl_host h;
        memset(&h, 0, sizeof h);
        h.pool = SL_NONE; /* place_pool knows the pool's index */
        h.model = model;
        h.rack = SL_NONE;
        rc = push_host(hl, &h);
        for (size_t k = start[b]; k < start[b + 1] && !rc; k++) {
            uint32_t pos = pw->local[by_bin[k]];
            sl_host *hp = &hl->hosts[first + b];
            const sl_workload_assessment *wa = &c->a->workloads[p->workloads[pos]];
            for (int dim = 0; dim < SL_N_DIMS; dim++)
                hp->used[dim] += demand_of(wa, (sl_dim)dim);
            hp->n_workloads++;
            pw->bin_of[pos] = (uint32_t)(first + b);
        }
        /* a mix: a host whose load fits a cheaper model becomes that model */
        if (!rc)
            hl->hosts[first + b].model = cheapest_for(pw, model, hl->hosts[first + b].used);
    }
    sl_free(start);
    sl_free(by_bin);
    p->lower_bound += pk->lower_bound;
    p->lb_l1 += pk->lb_l1;
    p->lb_l2 += pk->lb_l2;
    p->lb_clique += pk->lb_clique;
    p->lb_arcflow += pk->lb_arcflow;
    return rc;
}

static int place_pool(const place_ctx *c, sl_pool *p, sl_index pool_index, host_list *hl,
                      uint32_t *workload_host, sl_diag *d)
{
    const sl_model *m = c->m;
    size_t n = p->n_workloads, nd = 0;
    p->dims[nd++] = SL_DIM_VCPU;
    p->dims[nd++] = SL_DIM_RAM_GB;
    if (m->pools.storage == SL_STORAGE_LOCAL)
        p->dims[nd++] = SL_DIM_STORAGE_GB;
    if (m->pools.power_dimension)
        p->dims[nd++] = SL_DIM_BUSY_THREADS;
    p->n_dims = nd;
    p->first_host = hl->n;
    p->host_model = SL_NONE;
    p->hosts_per_model = sl_arena_array(c->arena, m->n_host_models, sizeof *p->hosts_per_model);
    if (!p->hosts_per_model)
        return SL_ENOMEM;

    pool_work pw;
    memset(&pw, 0, sizeof pw);
    pw.c = c;
    pw.pool = p;
    /* 1000 units per vCPU, GB, thread, unless a capacity would overflow
     * the packer's range */
    for (int dim = 0; dim < SL_N_DIMS; dim++) {
        double top = 1;
        for (size_t h = 0; h < m->n_host_models; h++)
            top = SL_MAX(top, capacity_of(&c->a->host_capacity[h], (sl_dim)dim));
        pw.scale[dim] = top * 1000 < 1e11 ? 1000 : 1e11 / top;
    }
    pw.size = sl_malloc((n ? n : 1) * nd * sizeof *pw.size);
    pw.group = sl_malloc((n ? n : 1) * sizeof *pw.group);
    pw.local = sl_malloc((n ? n : 1) * sizeof *pw.local);
    pw.bin_of = sl_malloc((n ? n : 1) * sizeof *pw.bin_of);
    sl_strmap groups = {0};
    int rc = pw.size && pw.group && pw.local && pw.bin_of ? 0 : SL_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        const sl_workload *w = &m->workloads[p->workloads[i]];
        const sl_workload_assessment *wa = &c->a->workloads[p->workloads[i]];
        pw.group[i] = SL_NONE;
        pw.bin_of[i] = SL_NONE;
        for (int dim = 0; dim < SL_N_DIMS; dim++)
            p->used[dim] += demand_of(wa, (sl_dim)dim);
        if (w->ha_group) {
            uint32_t existing;
            rc = sl_strmap_put(&groups, w->ha_group, (uint32_t)pw.n_groups, &existing);
            pw.group[i] = existing == SL_NONE ? (uint32_t)pw.n_groups++ : existing;
        }
    }
    sl_strmap_free(&groups);

    /* what is left to place, as positions in p->workloads */
    uint32_t *left = sl_malloc((n ? n : 1) * sizeof *left);
    size_t n_left = n;
    if (!left && !rc)
        rc = SL_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++)
        left[i] = (uint32_t)i;
    while (!rc && n_left) {
        /* models taking every workload left, else the one taking most */
        sl_index pick = SL_NONE;
        double pick_cost = INFINITY;
        size_t pick_bins = SIZE_MAX, most = 0;
        sl_index most_model = SL_NONE;
        /* one model taking every workload is the pick without an estimate
         * (a construction-only packing is the dearest step on a big pool) */
        size_t n_all = 0;
        sl_index only = SL_NONE;
        for (sl_index h = 0; h < m->n_host_models; h++) {
            size_t k = 0;
            for (size_t i = 0; i < n_left && c->a->host_capacity[h].is_candidate; i++)
                k += fits_model(&pw, h, left[i]);
            if (c->a->host_capacity[h].is_candidate && k == n_left) {
                n_all++;
                only = h;
            }
        }
        for (sl_index h = 0; h < m->n_host_models && !rc; h++) {
            if (!c->a->host_capacity[h].is_candidate)
                continue;
            size_t k = 0;
            for (size_t i = 0; i < n_left; i++)
                k += fits_model(&pw, h, left[i]);
            if (k > most || (k == most && most_model != SL_NONE &&
                             c->unit_cost[h] < c->unit_cost[most_model])) {
                most = k;
                most_model = h;
            }
            if (k < n_left)
                continue;
            if (n_all == 1) {
                pick = only;
                continue;
            }
            memcpy(pw.local, left, n_left * sizeof *left);
            sl_packing *est = NULL;
            rc = pack_subset(&pw, h, n_left, 0, &est, d);
            if (rc)
                break;
            double cost = (double)(est->n_bins + (size_t)m->pools.ha_spare_hosts) * c->unit_cost[h];
            if (cost < pick_cost - 1e-6 || (fabs(cost - pick_cost) <= 1e-6 && est->n_bins < pick_bins)) {
                pick = h;
                pick_cost = cost;
                pick_bins = est->n_bins;
            }
            sl_packing_free(est);
        }
        if (rc)
            break;
        size_t k = 0;
        if (pick == SL_NONE) {
            if (most == 0)
                break; /* nothing fits any model: assess said not_ready */
            pick = most_model;
        }
        /* the subset for `pick`: what fits it; the rest waits */
        size_t rest = 0;
        for (size_t i = 0; i < n_left; i++) {
            if (fits_model(&pw, pick, left[i]))
                pw.local[k++] = left[i];
            else
                left[rest++] = left[i];
        }
        n_left = rest;
        if (p->host_model == SL_NONE)
            p->host_model = pick;
        sl_packing *pk = NULL;
        rc = pack_subset(&pw, pick, k, 1.0, &pk, d);
        if (!rc)
            rc = emit_hosts(&pw, hl, pk, pick, k);
        sl_packing_free(pk);
    }
    sl_free(left);
    p->hosts_used = hl->n - p->first_host;
    if (!rc && p->hosts_used && p->host_model != SL_NONE) {
        p->spare_hosts = (size_t)m->pools.ha_spare_hosts;
        for (size_t s = 0; s < p->spare_hosts && !rc; s++) {
            sl_host h;
            memset(&h, 0, sizeof h);
            h.model = p->host_model;
            h.rack = SL_NONE;
            h.is_spare = true;
            rc = push_host(hl, &h);
        }
    }
    p->hosts = hl->n - p->first_host;
    for (size_t i = p->first_host; i < hl->n && !rc; i++) {
        sl_host *h = &hl->hosts[i];
        h->pool = pool_index;
        h->id = sl_arena_printf(c->arena, "%s#%zu", p->id, i - p->first_host + 1);
        if (!h->id)
            rc = SL_ENOMEM;
        p->hosts_per_model[h->model]++;
        p->cost += c->unit_cost[h->model];
        for (size_t k = 0; k < p->n_dims; k++)
            p->capacity[p->dims[k]] +=
                capacity_of(&c->a->host_capacity[h->model], p->dims[k]);
    }
    for (size_t i = 0; i < n && !rc; i++)
        workload_host[p->workloads[i]] = pw.bin_of[i];
    sl_free(pw.size);
    sl_free(pw.group);
    sl_free(pw.local);
    sl_free(pw.bin_of);
    return rc;
}

/* ---- pools of one platform ---------------------------------------------- */

static int cmp_pool_id(const void *a, const void *b)
{
    return strcmp(((const sl_pool *)a)->id, ((const sl_pool *)b)->id);
}

static bool eligible(const place_ctx *c, sl_index wi)
{
    const sl_workload *w = &c->m->workloads[wi];
    const sl_workload_assessment *wa = &c->a->workloads[wi];
    return sl_agency_moves(&c->m->agencies[w->agency]) && sl_workload_moves(wa) &&
           w->vcpu > 0 && w->ram_gb > 0;
}

/* Totals, then racks: the conflict keys each host holds (anti-affinity
 * groups, numbered densely per platform) go to the rack step. */
static int finish_platform(const place_ctx *c, sl_platform *pf)
{
    const sl_model *m = c->m;
    pf->hosts_total = pf->lower_bound_total = 0;
    for (size_t i = 0; i < pf->n_pools; i++) {
        pf->hosts_total += pf->pools[i].hosts;
        pf->lower_bound_total += pf->pools[i].lower_bound + pf->pools[i].spare_hosts;
    }
    size_t *key_start = sl_calloc(pf->n_hosts + 2, sizeof *key_start);
    uint32_t *keys = NULL, *key_host = NULL;
    size_t n_keys = 0, cap = 0, cap2 = 0;
    int rc = key_start ? 0 : SL_ENOMEM;
    uint32_t base = 0;
    for (size_t i = 0; i < pf->n_pools && !rc; i++) {
        const sl_pool *p = &pf->pools[i];
        sl_strmap groups = {0};
        uint32_t n_groups = 0;
        for (size_t k = 0; k < p->n_workloads && !rc; k++) {
            sl_index wi = p->workloads[k];
            const char *g = m->workloads[wi].ha_group;
            uint32_t h = pf->workload_host[wi];
            if (!g || h == SL_NONE)
                continue;
            uint32_t existing;
            rc = sl_strmap_put(&groups, g, n_groups, &existing);
            if (rc)
                break;
            uint32_t id = existing == SL_NONE ? n_groups++ : existing;
            if (SL_GROW(keys, cap, n_keys + 1) || SL_GROW(key_host, cap2, n_keys + 1)) {
                rc = SL_ENOMEM;
                break;
            }
            keys[n_keys] = base + id;
            key_host[n_keys++] = h;
            key_start[h + 1]++;
        }
        sl_strmap_free(&groups);
        base += n_groups;
    }
    uint32_t *sorted = rc ? NULL : sl_malloc((n_keys ? n_keys : 1) * sizeof *sorted);
    if (!rc && !sorted)
        rc = SL_ENOMEM;
    if (!rc) {
        for (size_t h = 0; h < pf->n_hosts; h++)
            key_start[h + 1] += key_start[h];
        size_t *fill = sl_malloc((pf->n_hosts + 1) * sizeof *fill);
        if (!fill) {
            rc = SL_ENOMEM;
        } else {
            memcpy(fill, key_start, (pf->n_hosts + 1) * sizeof *fill);
            for (size_t k = 0; k < n_keys; k++)
                sorted[fill[key_host[k]]++] = keys[k];
            sl_free(fill);
            rc = sl_place_racks(c, pf, key_start, sorted);
        }
    }
    sl_free(key_start);
    sl_free(keys);
    sl_free(key_host);
    sl_free(sorted);
    return rc;
}

static int build_platform(const place_ctx *c, sl_platform *pf, sl_index agency, unsigned isolation,
                          sl_diag *d)
{
    const sl_model *m = c->m;
    pf->agency = agency;
    pf->workload_host = sl_arena_array(c->arena, m->n_workloads ? m->n_workloads : 1,
                                       sizeof *pf->workload_host);
    if (!pf->workload_host)
        return SL_ENOMEM;
    uint32_t *workload_host = pf->workload_host;
    for (size_t i = 0; i < m->n_workloads; i++)
        workload_host[i] = SL_NONE;
    sl_strmap keys = {0};
    sl_pool *pools = NULL;
    size_t n_pools = 0, cap_pools = 0;
    int rc = 0;
    sl_buf key = {0};
    for (sl_index wi = 0; wi < m->n_workloads && !rc; wi++) {
        const sl_workload *w = &m->workloads[wi];
        if (!eligible(c, wi) || (agency != SL_NONE && w->agency != agency))
            continue;
        key.len = 0;
        if (isolation & SL_ISOLATE_AGENCY)
            sl_buf_printf(&key, "%s", m->agencies[w->agency].id);
        if (isolation & SL_ISOLATE_SECURITY_CLASS)
            sl_buf_printf(&key, "%s%s", key.len ? "/" : "", w->security_class);
        if (isolation & SL_ISOLATE_ENV)
            sl_buf_printf(&key, "%s%s", key.len ? "/" : "", w->env[0] ? w->env : "-");
        if (!key.len)
            sl_buf_puts(&key, "shared");
        if (key.failed) {
            rc = SL_ENOMEM;
            break;
        }
        uint32_t at = sl_strmap_getn(&keys, key.data, key.len);
        if (at == SL_NONE) {
            if (SL_GROW(pools, cap_pools, n_pools + 1)) {
                rc = SL_ENOMEM;
                break;
            }
            sl_pool *p = &pools[n_pools];
            memset(p, 0, sizeof *p);
            p->id = sl_arena_strndup(c->arena, key.data, key.len);
            p->agency = isolation & SL_ISOLATE_AGENCY ? w->agency : SL_NONE;
            p->security_class = isolation & SL_ISOLATE_SECURITY_CLASS ? w->security_class : NULL;
            p->env = isolation & SL_ISOLATE_ENV ? w->env : NULL;
            if (!p->id || sl_strmap_put(&keys, p->id, (uint32_t)n_pools, NULL)) {
                rc = SL_ENOMEM;
                break;
            }
            at = (uint32_t)n_pools++;
        }
        pools[at].n_workloads++;
    }
    sl_buf_free(&key);
    sl_strmap_free(&keys);
    if (!rc && n_pools)
        qsort(pools, n_pools, sizeof *pools, cmp_pool_id);
    /* fill each pool's workloads in model order */
    for (size_t i = 0; i < n_pools && !rc; i++) {
        pools[i].workloads = sl_arena_array(c->arena, pools[i].n_workloads, sizeof(sl_index));
        if (!pools[i].workloads)
            rc = SL_ENOMEM;
        pools[i].n_workloads = 0;
    }
    for (sl_index wi = 0; wi < m->n_workloads && !rc; wi++) {
        const sl_workload *w = &m->workloads[wi];
        if (!eligible(c, wi) || (agency != SL_NONE && w->agency != agency))
            continue;
        for (size_t i = 0; i < n_pools; i++) {
            sl_pool *p = &pools[i];
            if ((p->agency == SL_NONE || p->agency == w->agency) &&
                (!p->security_class || strcmp(p->security_class, w->security_class) == 0) &&
                (!p->env || strcmp(p->env, w->env) == 0)) {
                p->workloads[p->n_workloads++] = wi;
                break;
            }
        }
    }
    host_list hl;
    memset(&hl, 0, sizeof hl);
    for (size_t i = 0; i < n_pools && !rc; i++)
        rc = place_pool(c, &pools[i], (sl_index)i, &hl, workload_host, d);
    if (!rc && n_pools) {
        pf->pools = sl_arena_memdup(c->arena, pools, n_pools * sizeof *pools);
        if (!pf->pools)
            rc = SL_ENOMEM;
    }
    if (!rc && hl.n) {
        pf->hosts = sl_arena_memdup(c->arena, hl.hosts, hl.n * sizeof *hl.hosts);
        if (!pf->hosts)
            rc = SL_ENOMEM;
    }
    if (!rc) {
        pf->n_pools = n_pools;
        pf->n_hosts = hl.n;
        rc = finish_platform(c, pf);
    }
    sl_free(pools);
    sl_free(hl.hosts);
    return rc;
}

/* One agency's separate platform when the policy already isolates by
 * agency: its pools are exactly the shared platform's pools of that
 * agency, packed the same way; only racks and totals differ. */
static int copy_platform(const place_ctx *c, sl_platform *pf, const sl_platform *from,
                         sl_index agency)
{
    const sl_model *m = c->m;
    pf->agency = agency;
    size_t n_pools = 0, n_hosts = 0;
    for (size_t i = 0; i < from->n_pools; i++) {
        if (from->pools[i].agency == agency) {
            n_pools++;
            n_hosts += from->pools[i].hosts;
        }
    }
    pf->pools = sl_arena_array(c->arena, n_pools ? n_pools : 1, sizeof *pf->pools);
    pf->hosts = sl_arena_array(c->arena, n_hosts ? n_hosts : 1, sizeof *pf->hosts);
    pf->workload_host = sl_arena_array(c->arena, m->n_workloads ? m->n_workloads : 1,
                                       sizeof *pf->workload_host);
    if (!pf->pools || !pf->hosts || !pf->workload_host)
        return SL_ENOMEM;
    for (size_t i = 0; i < m->n_workloads; i++)
        pf->workload_host[i] = SL_NONE;
    for (size_t i = 0; i < from->n_pools; i++) {
        const sl_pool *src = &from->pools[i];
        if (src->agency != agency)
            continue;
        sl_pool *p = &pf->pools[pf->n_pools];
        *p = *src;
        p->first_host = pf->n_hosts;
        for (size_t h = 0; h < src->hosts; h++) {
            pf->hosts[pf->n_hosts + h] = from->hosts[src->first_host + h];
            pf->hosts[pf->n_hosts + h].pool = (sl_index)pf->n_pools;
            pf->hosts[pf->n_hosts + h].rack = SL_NONE;
        }
        for (size_t w = 0; w < src->n_workloads; w++) {
            uint32_t h = from->workload_host[src->workloads[w]];
            pf->workload_host[src->workloads[w]] =
                h == SL_NONE ? SL_NONE : (uint32_t)(h - src->first_host + p->first_host);
        }
        pf->n_hosts += src->hosts;
        pf->n_pools++;
    }
    return finish_platform(c, pf);
}

/* ---- the price of isolation ------------------------------------------------- */

const char *sl_isolation_name(unsigned rule)
{
    return rule == SL_ISOLATE_AGENCY           ? "agency"
           : rule == SL_ISOLATE_SECURITY_CLASS ? "security_class"
           : rule == SL_ISOLATE_ENV            ? "env"
                                               : "?";
}

static void step_of(sl_isolation_step *st, const sl_platform *pf, unsigned isolation,
                    unsigned dropped)
{
    *st = (sl_isolation_step){isolation,       dropped,         pf->hosts_total,
                              pf->racks,       pf->it_kw,       pf->facility_kw,
                              pf->floor_m2,    pf->cost_hardware, pf->cost_per_year};
}

/* The shared platform again under ever looser policies: the policy less
 * env, then less security class, then less agency (the finer and the more
 * technical rules first: an agency's own hosts are the last thing a
 * co-location gives up). Each is packed as the shared platform is, so
 * the difference between two steps is the price of the rule between
 * them, not of a different effort. Cost: one placement per rule. */
static int isolation_steps(const place_ctx *c, sl_placement *pl, sl_diag *d)
{
    static const unsigned order[] = {SL_ISOLATE_ENV, SL_ISOLATE_SECURITY_CLASS, SL_ISOLATE_AGENCY};
    unsigned iso = c->m->pools.isolation;
    pl->isolation_steps = sl_arena_array(c->arena, 1 + SL_ARRAY_LEN(order),
                                         sizeof *pl->isolation_steps);
    if (!pl->isolation_steps)
        return SL_ENOMEM;
    step_of(&pl->isolation_steps[0], &pl->shared, iso, 0);
    pl->n_isolation_steps = 1;
    for (size_t k = 0; k < SL_ARRAY_LEN(order); k++) {
        if (!(iso & order[k]))
            continue;
        iso &= ~order[k];
        sl_platform looser;
        memset(&looser, 0, sizeof looser);
        int rc = build_platform(c, &looser, SL_NONE, iso, d);
        if (rc)
            return rc;
        step_of(&pl->isolation_steps[pl->n_isolation_steps++], &looser, iso, order[k]);
    }
    return 0;
}

/* ---- the stage ------------------------------------------------------------ */

/* One need against the site: free = capacity - used; not judged (free
 * -1, fits) when the scenario gives no capacity. */
static bool need_fit(sl_site_need *sn, double want, double have, double used)
{
    sn->need = want;
    if (have > 0) {
        sn->free = have - used;
        sn->margin = sn->free - sn->need;
        sn->fits = sn->margin >= -1e-9;
    } else {
        sn->free = -1;
        sn->margin = 0;
        sn->fits = true;
    }
    return sn->fits;
}

static bool site_fit(const sl_site *t, double racks, double kw, double floor_m2, sl_site_need *r,
                     sl_site_need *k, sl_site_need *f)
{
    bool a = need_fit(r, racks, t->racks, t->used_racks);
    bool b = need_fit(k, kw, t->kw, t->used_kw);
    bool c = need_fit(f, floor_m2, t->floor_m2, t->used_floor_m2);
    return a && b && c;
}

int sl_place_run(sl_placement **out, const sl_model *m, const sl_assessment *a, sl_diag *d)
{
    *out = NULL;
    sl_placement *pl = sl_calloc(1, sizeof *pl);
    if (!pl)
        return SL_ENOMEM;
    pl->arena = sl_arena_new();
    int rc = pl->arena ? 0 : SL_ENOMEM;
    place_ctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.a = a;
    c.arena = pl->arena;
    c.years = m->cost.depreciation_years > 0 ? m->cost.depreciation_years : 5;
    pl->target_site = SL_NONE;
    pl->hardware_arrives = SL_DATE_NONE;
    for (size_t s = 0; s < m->n_sites && !c.target; s++) {
        if (m->sites[s].role == SL_SITE_TARGET) {
            c.target = &m->sites[s];
            pl->target_site = (sl_index)s;
        }
    }
    c.pue = c.target ? c.target->pue : 1.5;
    c.energy_per_kwh = c.target ? c.target->energy_price.likely + c.target->energy_tax : 0;
    c.rack_units = c.target ? c.target->rack_units : 42;
    c.rack_kw = c.target ? c.target->rack_kw : 8;
    c.rack_floor_m2 = c.target ? c.target->rack_floor_m2 : 2.5;
    if (!rc) {
        c.unit_cost = sl_arena_array(pl->arena, m->n_host_models ? m->n_host_models : 1,
                                     sizeof *c.unit_cost);
        c.per_rack = sl_arena_array(pl->arena, m->n_host_models ? m->n_host_models : 1,
                                    sizeof *c.per_rack);
        if (!c.unit_cost || !c.per_rack)
            rc = SL_ENOMEM;
    }
    for (size_t h = 0; h < m->n_host_models && !rc; h++) {
        const sl_host_model *hm = &m->host_models[h];
        c.per_rack[h] = sl_place_hosts_per_rack(&c, hm);
        c.unit_cost[h] = hm->price + c.years * (sl_place_host_year(&c, hm) +
                                                m->cost.rack_cost_per_year / (double)c.per_rack[h]);
    }
    if (!rc)
        rc = build_platform(&c, &pl->shared, SL_NONE, m->pools.isolation, d);
    if (!rc)
        rc = isolation_steps(&c, pl, d);
    for (size_t i = 0; i < m->n_workloads && !rc; i++) {
        if (pl->shared.workload_host[i] != SL_NONE)
            pl->n_placed++;
        else if (sl_agency_moves(&m->agencies[m->workloads[i].agency]))
            pl->n_unplaced++;
    }
    /* separate platforms: each joining agency alone, own pools and spares */
    if (!rc) {
        pl->separate = sl_arena_array(pl->arena, m->n_agencies ? m->n_agencies : 1,
                                      sizeof *pl->separate);
        if (!pl->separate)
            rc = SL_ENOMEM;
    }
    for (sl_index ag = 0; ag < m->n_agencies && !rc; ag++) {
        if (!sl_agency_moves(&m->agencies[ag]))
            continue;
        bool any = false;
        for (sl_index wi = 0; wi < m->n_workloads && !any; wi++)
            any = m->workloads[wi].agency == ag && eligible(&c, wi);
        if (!any)
            continue;
        if (m->pools.isolation & SL_ISOLATE_AGENCY)
            rc = copy_platform(&c, &pl->separate[pl->n_separate], &pl->shared, ag);
        else
            rc = build_platform(&c, &pl->separate[pl->n_separate], ag,
                                m->pools.isolation | SL_ISOLATE_AGENCY, d);
        if (!rc)
            pl->n_separate++;
    }
    /* the shared platform, and the separate ones together, against the
     * target's free capacity */
    if (!rc && c.target) {
        double racks = 0, kw = 0, floor_m2 = 0;
        for (size_t i = 0; i < pl->n_separate; i++) {
            racks += (double)pl->separate[i].racks;
            kw += pl->separate[i].facility_kw;
            floor_m2 += pl->separate[i].floor_m2;
        }
        pl->fits = site_fit(c.target, (double)pl->shared.racks, pl->shared.facility_kw,
                            pl->shared.floor_m2, &pl->racks, &pl->kw, &pl->floor_m2);
        pl->separate_fits = site_fit(c.target, racks, kw, floor_m2, &pl->separate_racks,
                                     &pl->separate_kw, &pl->separate_floor_m2);
    }
    for (size_t g = 0; g < m->n_gates && !rc; g++) {
        const sl_gate *gate = &m->gates[g];
        if (gate->kind != SL_GATE_HARDWARE)
            continue;
        pl->hardware_arrives = sl_date_add_months(gate->opens, gate->lead_time_months.likely);
        break;
    }
    if (rc) {
        sl_placement_free(pl);
        return rc;
    }
    *out = pl;
    return 0;
}

void sl_placement_free(sl_placement *p)
{
    if (!p)
        return;
    sl_arena_free(p->arena);
    sl_free(p);
}
