/* SPDX-License-Identifier: MIT */
/*
 * chargeback.c - what the shared platform costs its host, year by year,
 * and what each agency is charged for it.
 *
 * Method (docs/COST.md): each pool of the shared platform costs its
 * hosts' purchase (as depreciation or as purchases, per cost.capex), their
 * licences (per host, and per core when cost.licence_per_core_year is
 * given), their energy at the target (typical watts x 8760 h x PUE x
 * (price + tax)) and its share of the racks by rack units. A pool isolated
 * for one agency is charged to that agency; a pool several agencies share
 * is split by their weighted resource share
 *
 *   share(a) = sum_k w_k used(a, k) / used(k)  /  sum_k w_k   (k: vCPU, RAM, storage
 *                                                             with used(k) > 0)
 *
 * with the scenario's chargeback weights and the right-sized resources of
 * the workloads placed. The platform's own costs (the host's extra staff,
 * cost.host_ops_fte, and one-offs declared without an agency) are split by
 * the same share over the whole platform. Everything runs from the day
 * the platform runs (the hardware delivery) to the end of the horizon.
 *
 * Statskontoret's proposed KPIs for state IT operations come out per
 * agency: cost per unit (per VM and per vCPU, at the yearly run rate),
 * the year-on-year fee change, and the share of capacity used.
 *
 * Cost: O(hosts + workloads x agencies per pool).
 */
#include "cost/cost.h"

#include <math.h>
#include <string.h>

typedef struct sizes {
    double v[3]; /* vCPU, RAM GB, storage GB */
} sizes;

static double weighted_share(const sl_model *m, const sizes *mine, const sizes *all)
{
    const double w[3] = {m->cost.chargeback_weight_vcpu, m->cost.chargeback_weight_ram,
                         m->cost.chargeback_weight_storage};
    double num = 0, den = 0;
    for (int k = 0; k < 3; k++) {
        if (all->v[k] <= 0 || w[k] <= 0)
            continue;
        num += w[k] * mine->v[k] / all->v[k];
        den += w[k];
    }
    return den > 0 ? num / den : 0;
}

void cost_hardware_years(double *out, const sl_model *m, const cost_years *ys, sl_date from,
                         double price)
{
    double dep = m->cost.depreciation_years > 0 ? m->cost.depreciation_years : 5;
    sl_date end = ys->start[ys->n];
    if (m->cost.capex == SL_CAPEX_DEPRECIATION) {
        cost_spread_rate(out, ys, from, end, price / dep);
        return;
    }
    for (int k = 0;; k++) {
        sl_date when = sl_date_add_months(from, 12.0 * dep * k);
        if (when >= end || k > 100)
            break;
        cost_at(out, ys, when, price);
    }
}

int cost_chargeback(sl_costing *c, const sl_plan *p, const cost_years *ys)
{
    const sl_model *m = p->model;
    const sl_placement *pl = p->placement;
    const sl_assessment *as = p->assessment;
    const sl_platform *pf = &pl->shared;
    size_t na = m->n_agencies ? m->n_agencies : 1;
    int n = ys->n;
    sl_arena *ar = c->arena;
    c->chargeback = sl_arena_array(ar, na, sizeof *c->chargeback);
    c->platform_cost = sl_arena_array(ar, (size_t)n, sizeof(double));
    c->platform_charged = sl_arena_array(ar, (size_t)n, sizeof(double));
    sizes *overall = sl_calloc(na, sizeof *overall), *in_pool = sl_calloc(na, sizeof *in_pool);
    double *year = sl_calloc((size_t)n, sizeof *year), *level = sl_calloc((size_t)n, sizeof *level);
    double *alloc = sl_calloc(na, sizeof *alloc);
    int rc = 0;
    if (!c->chargeback || !c->platform_cost || !c->platform_charged || !overall || !in_pool ||
        !year || !level || !alloc) {
        rc = SL_ENOMEM;
        goto done;
    }
    for (size_t a = 0; a < m->n_agencies && !rc; a++) {
        sl_chargeback *cb = &c->chargeback[a];
        cb->agency = (sl_index)a;
        cb->fee = sl_arena_array(ar, (size_t)n, sizeof(double));
        cb->fee_change = sl_arena_array(ar, (size_t)n, sizeof(double));
        if (!cb->fee || !cb->fee_change)
            rc = SL_ENOMEM;
    }
    if (rc)
        goto done;

    const sl_site *target = pl->target_site != SL_NONE ? &m->sites[pl->target_site] : NULL;
    double pue = target ? target->pue : 1.5;
    double per_kwh = target ? target->energy_price.likely + target->energy_tax : 0;
    sl_date from = c->platform_from, end = ys->start[n];
    double dep = m->cost.depreciation_years > 0 ? m->cost.depreciation_years : 5;

    /* sizes on the platform, per agency */
    sizes all = {{0, 0, 0}};
    for (size_t i = 0; i < m->n_workloads; i++) {
        if (!pf->workload_host || pf->workload_host[i] == SL_NONE)
            continue;
        const sl_workload_assessment *wa = &as->workloads[i];
        sl_chargeback *cb = &c->chargeback[m->workloads[i].agency];
        sizes *o = &overall[m->workloads[i].agency];
        o->v[0] += wa->vcpu;
        o->v[1] += wa->ram_gb;
        o->v[2] += wa->storage_gb;
        cb->n_vms++;
        cb->vcpu += wa->vcpu;
        cb->ram_gb += wa->ram_gb;
        cb->storage_gb += wa->storage_gb;
    }
    for (size_t a = 0; a < m->n_agencies; a++)
        for (int k = 0; k < 3; k++)
            all.v[k] += overall[a].v[k];
    double share_sum = 0;
    for (size_t a = 0; a < m->n_agencies; a++) {
        c->chargeback[a].share = weighted_share(m, &overall[a], &all);
        share_sum += c->chargeback[a].share;
    }

    double units_total = 0;
    for (size_t h = 0; h < pf->n_hosts; h++)
        units_total += m->host_models[pf->hosts[h].model].rack_units;
    double used[SL_N_DIMS] = {0}, capacity[SL_N_DIMS] = {0};

    for (size_t k = 0; k < pf->n_pools; k++) {
        const sl_pool *pool = &pf->pools[k];
        double hardware = 0, per_year = 0, units = 0;
        for (size_t j = 0; j < pool->hosts; j++) {
            const sl_host_model *hm = &m->host_models[pf->hosts[pool->first_host + j].model];
            hardware += hm->price;
            per_year += hm->licence_per_year + hm->cores * m->cost.licence_per_core_year +
                        hm->watts / 1000.0 * 8760.0 * pue * per_kwh;
            units += hm->rack_units;
        }
        if (units_total > 0)
            per_year += (double)pf->racks * m->cost.rack_cost_per_year * units / units_total;
        c->platform_hardware += hardware;
        c->platform_per_year += hardware / dep + per_year;
        for (size_t d = 0; d < pool->n_dims; d++) {
            used[pool->dims[d]] += pool->used[pool->dims[d]];
            capacity[pool->dims[d]] += pool->capacity[pool->dims[d]];
        }
        memset(year, 0, (size_t)n * sizeof *year);
        cost_hardware_years(year, m, ys, from, hardware);
        cost_spread_rate(year, ys, from, end, per_year);
        /* who pays: the owner of a dedicated pool, else its users by share */
        memset(alloc, 0, na * sizeof *alloc);
        bool is_dedicated = pool->agency != SL_NONE;
        if (is_dedicated) {
            alloc[pool->agency] = 1;
        } else {
            memset(in_pool, 0, na * sizeof *in_pool);
            sizes pool_all = {{0, 0, 0}};
            for (size_t w = 0; w < pool->n_workloads; w++) {
                sl_index wi = pool->workloads[w];
                if (pf->workload_host[wi] == SL_NONE)
                    continue;
                const sl_workload_assessment *wa = &as->workloads[wi];
                sizes *s = &in_pool[m->workloads[wi].agency];
                s->v[0] += wa->vcpu;
                s->v[1] += wa->ram_gb;
                s->v[2] += wa->storage_gb;
                pool_all.v[0] += wa->vcpu;
                pool_all.v[1] += wa->ram_gb;
                pool_all.v[2] += wa->storage_gb;
            }
            double sum = 0;
            for (size_t a = 0; a < m->n_agencies; a++)
                sum += alloc[a] = weighted_share(m, &in_pool[a], &pool_all);
            if (sum <= 0)
                for (size_t a = 0; a < m->n_agencies; a++)
                    alloc[a] = share_sum > 0 ? c->chargeback[a].share / share_sum : 0;
        }
        for (size_t a = 0; a < m->n_agencies; a++) {
            if (alloc[a] <= 0)
                continue;
            sl_chargeback *cb = &c->chargeback[a];
            double rate = alloc[a] * (hardware / dep + per_year);
            if (is_dedicated)
                cb->dedicated_per_year += rate;
            else
                cb->shared_per_year += rate;
            for (int y = 0; y < n; y++)
                cb->fee[y] += alloc[a] * year[y];
        }
        for (int y = 0; y < n; y++)
            c->platform_cost[y] += year[y];
    }

    /* the platform's own costs: the host's extra staff, shared one-offs */
    sl_index host = SL_NONE;
    for (size_t a = 0; a < m->n_agencies && host == SL_NONE; a++)
        if (m->agencies[a].role == SL_ROLE_HOST)
            host = (sl_index)a;
    double staff = host != SL_NONE ? m->cost.host_ops_fte * m->agencies[host].fte_cost_per_year : 0;
    if (pf->hosts_total > 0) {
        cost_spread_rate(level, ys, from, end, staff);
        c->platform_per_year += staff;
    }
    for (size_t i = 0; i < m->n_one_offs; i++) {
        const sl_one_off *o = &m->one_offs[i];
        if (o->agency == SL_NONE && o->year >= 1 && o->year <= n)
            level[o->year - 1] += o->amount.likely;
    }
    for (size_t a = 0; a < m->n_agencies; a++) {
        sl_chargeback *cb = &c->chargeback[a];
        double s = share_sum > 0 ? cb->share / share_sum : 0;
        cb->shared_per_year += s * (pf->hosts_total > 0 ? staff : 0);
        for (int y = 0; y < n; y++)
            cb->fee[y] += s * level[y];
        cb->fee_per_year = cb->dedicated_per_year + cb->shared_per_year;
        cb->cost_per_vm = cb->n_vms ? cb->fee_per_year / (double)cb->n_vms : NAN;
        cb->cost_per_vcpu = cb->vcpu > 0 ? cb->fee_per_year / cb->vcpu : NAN;
        for (int y = 0; y < n; y++) {
            cb->fee_change[y] = y > 0 && cb->fee[y - 1] > 0 ? cb->fee[y] / cb->fee[y - 1] - 1 : NAN;
            c->platform_charged[y] += cb->fee[y];
        }
    }
    for (int y = 0; y < n; y++)
        c->platform_cost[y] += level[y];
    for (int d = 0; d < SL_N_DIMS; d++)
        c->capacity_used[d] = capacity[d] > 0 ? used[d] / capacity[d] : NAN;
done:
    sl_free(overall);
    sl_free(in_pool);
    sl_free(year);
    sl_free(level);
    sl_free(alloc);
    return rc;
}
