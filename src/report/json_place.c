/* SPDX-License-Identifier: MIT */
/*
 * json_place.c - the plan document's assess and place sections:
 * readiness, reasons and size per workload, `assessment` (counts), and
 * `placement` (pools, hosts, racks, kW, the site verdict, and the same
 * figures for separate per-agency platforms). docs/PACKING.md describes
 * every field; tests/oracles/check_packing.py reads them back.
 */
#include "report/json.h"

#include <math.h>

/* Money in whole currency units: sums of prices and energy carry float
 * noise (a saving of 3.7e-09) that means nothing. */
static void money(sl_jw *w, const char *key, double v)
{
    sl_jw_real(w, key, round(v));
}

/* {"vcpu": ..., ...} over the dimensions given, left open. */
static void dims_open(sl_jw *w, const char *key, const double *v, const sl_dim *dims, size_t n)
{
    sl_jw_object(w, key);
    for (size_t k = 0; k < n; k++)
        sl_jw_real(w, sl_dim_name(dims[k]), v[dims[k]]);
}

static void dims_jw(sl_jw *w, const char *key, const double *v, const sl_dim *dims, size_t n)
{
    dims_open(w, key, v, dims, n);
    sl_jw_end(w);
}

static void capacity_open(sl_jw *w, const char *key, const sl_host_capacity *c,
                          const sl_dim *dims, size_t n)
{
    double v[SL_N_DIMS] = {c->vcpu, c->ram_gb, c->storage_gb, c->busy_threads};
    dims_open(w, key, v, dims, n);
}

static const sl_dim all_dims[SL_N_DIMS] = {SL_DIM_VCPU, SL_DIM_RAM_GB, SL_DIM_STORAGE_GB,
                                          SL_DIM_BUSY_THREADS};

void sl_json_workload_place(sl_jw *w, const sl_plan *p, size_t i)
{
    const sl_model *m = p->model;
    const sl_workload_assessment *wa = &p->assessment->workloads[i];
    const sl_placement *pl = p->placement;
    sl_jw_str(w, "readiness", sl_readiness_name(wa->readiness));
    sl_jw_array(w, "reasons");
    for (size_t r = 0; r < wa->n_reasons; r++) {
        const sl_reason *rs = &wa->reasons[r];
        sl_jw_object(w, NULL);
        sl_jw_str(w, "code", sl_reason_name(rs->code));
        sl_jw_str(w, "effect", sl_readiness_name(rs->effect));
        sl_jw_str(w, "gate", rs->gate == SL_NONE ? NULL : m->gates[rs->gate].id);
        sl_jw_str(w, "text", rs->text);
        sl_jw_phrase_into(w, &rs->phrase);
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_jw_str(w, "disposition", sl_disposition_name(wa->disposition));
    double v[SL_N_DIMS] = {wa->vcpu, wa->ram_gb, wa->storage_gb, wa->busy_threads};
    dims_jw(w, "demand", v, all_dims, SL_N_DIMS);
    sl_jw_bool(w, "low_confidence", wa->is_low_confidence);
    uint32_t h = pl ? pl->shared.workload_host[i] : SL_NONE;
    sl_jw_str(w, "host", h == SL_NONE ? NULL : pl->shared.hosts[h].id);
    const char *sep = NULL;
    for (size_t k = 0; pl && k < pl->n_separate && !sep; k++) {
        const sl_platform *pf = &pl->separate[k];
        if (pf->workload_host[i] != SL_NONE)
            sep = pf->hosts[pf->workload_host[i]].id;
    }
    sl_jw_str(w, "host_separate", sep);
}

static void assessment_jw(sl_jw *w, const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_assessment *a = p->assessment;
    sl_jw_object(w, "assessment");
    sl_jw_str(w, "sizing", a->sizing == SL_SIZING_PERFORMANCE ? "performance" : "as_is");
    sl_jw_int(w, "workloads", (long long)a->n_workloads);
    sl_jw_object(w, "counts");
    for (int r = 0; r < SL_N_READINESS; r++)
        sl_jw_int(w, sl_readiness_name((sl_readiness)r), (long long)a->count[r]);
    sl_jw_end(w);
    sl_jw_object(w, "reasons");
    for (int r = 0; r < SL_N_REASONS; r++)
        sl_jw_int(w, sl_reason_name((sl_reason_code)r), (long long)a->reason_count[r]);
    sl_jw_end(w);
    sl_jw_object(w, "host_capacity");
    for (size_t h = 0; h < a->n_host_models; h++) {
        capacity_open(w, m->host_models[h].id, &a->host_capacity[h], all_dims, SL_N_DIMS);
        sl_jw_bool(w, "candidate", a->host_capacity[h].is_candidate);
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_jw_int(w, "low_confidence", (long long)a->n_low_confidence);
    sl_jw_int(w, "powered_off_as_allocated", (long long)a->n_powered_off_as_allocated);
    sl_jw_real(w, "vcpu_allocated", a->vcpu_allocated);
    sl_jw_real(w, "vcpu_sized", a->vcpu_sized);
    sl_jw_real(w, "ram_gb_allocated", a->ram_gb_allocated);
    sl_jw_real(w, "ram_gb_sized", a->ram_gb_sized);
    sl_jw_end(w);
}

static void pool_jw(sl_jw *w, const sl_plan *p, const sl_platform *pf, const sl_pool *pool)
{
    const sl_model *m = p->model;
    const sl_assessment *a = p->assessment;
    sl_jw_object(w, NULL);
    sl_jw_str(w, "id", pool->id);
    sl_jw_str(w, "agency", pool->agency == SL_NONE ? NULL : m->agencies[pool->agency].id);
    sl_jw_str(w, "security_class", pool->security_class);
    sl_jw_str(w, "env", pool->env);
    sl_jw_int(w, "workload_count", (long long)pool->n_workloads);
    sl_jw_array(w, "dimensions");
    for (size_t k = 0; k < pool->n_dims; k++)
        sl_jw_str(w, NULL, sl_dim_name(pool->dims[k]));
    sl_jw_end(w);
    sl_jw_str(w, "host_model",
              pool->host_model == SL_NONE ? NULL : m->host_models[pool->host_model].id);
    sl_jw_object(w, "host_models");
    for (size_t h = 0; h < m->n_host_models; h++)
        if (pool->hosts_per_model[h])
            sl_jw_int(w, m->host_models[h].id, (long long)pool->hosts_per_model[h]);
    sl_jw_end(w);
    sl_jw_int(w, "hosts", (long long)pool->hosts);
    sl_jw_int(w, "hosts_used", (long long)pool->hosts_used);
    sl_jw_int(w, "spare_hosts", (long long)pool->spare_hosts);
    sl_jw_int(w, "lower_bound", (long long)pool->lower_bound);
    sl_jw_int(w, "gap",
              (long long)(pool->hosts_used - SL_MIN(pool->hosts_used, pool->lower_bound)));
    sl_jw_object(w, "bounds");
    sl_jw_int(w, "l1", (long long)pool->lb_l1);
    sl_jw_int(w, "l2", (long long)pool->lb_l2);
    sl_jw_int(w, "clique", (long long)pool->lb_clique);
    if (pool->lb_arcflow)
        sl_jw_int(w, "arcflow", (long long)pool->lb_arcflow);
    else
        sl_jw_null(w, "arcflow");
    sl_jw_end(w);
    dims_jw(w, "used", pool->used, pool->dims, pool->n_dims);
    dims_jw(w, "capacity", pool->capacity, pool->dims, pool->n_dims);
    sl_jw_object(w, "host_capacity");
    for (size_t h = 0; h < m->n_host_models; h++)
        if (pool->hosts_per_model[h]) {
            capacity_open(w, m->host_models[h].id, &a->host_capacity[h], pool->dims,
                          pool->n_dims);
            sl_jw_end(w);
        }
    sl_jw_end(w);
    sl_jw_str(w, "anti_affinity", m->pools.anti_affinity == SL_SPREAD_RACK ? "rack" : "host");
    money(w, "cost", pool->cost);
    sl_jw_array(w, "host_list");
    for (size_t i = 0; i < pool->hosts && !w->rc; i++) {
        const sl_host *h = &pf->hosts[pool->first_host + i];
        sl_jw_object(w, NULL);
        sl_jw_str(w, "id", h->id);
        sl_jw_str(w, "model", m->host_models[h->model].id);
        sl_jw_int(w, "rack", (long long)h->rack + 1);
        sl_jw_bool(w, "spare", h->is_spare);
        sl_jw_int(w, "workloads", (long long)h->n_workloads);
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_jw_end(w);
}

/* The figures of one platform as members of the open object. */
static void platform_jw(sl_jw *w, const sl_plan *p, const sl_platform *pf)
{
    sl_jw_array(w, "pools");
    for (size_t i = 0; i < pf->n_pools; i++)
        pool_jw(w, p, pf, &pf->pools[i]);
    sl_jw_end(w);
    sl_jw_int(w, "hosts_total", (long long)pf->hosts_total);
    sl_jw_int(w, "lower_bound_total", (long long)pf->lower_bound_total);
    sl_jw_int(w, "gap",
              (long long)(pf->hosts_total - SL_MIN(pf->hosts_total, pf->lower_bound_total)));
    sl_jw_int(w, "racks", (long long)pf->racks);
    sl_jw_real(w, "kw", pf->facility_kw);
    sl_jw_real(w, "it_kw", pf->it_kw);
    sl_jw_real(w, "floor_m2", pf->floor_m2);
    sl_jw_object(w, "cost");
    money(w, "hardware", pf->cost_hardware);
    money(w, "per_year", pf->cost_per_year);
    money(w, "total", pf->cost_total);
    sl_jw_end(w);
}

static void need_jw(sl_jw *w, const char *key, const sl_site_need *n)
{
    sl_jw_object(w, key);
    sl_jw_real(w, "need", n->need);
    if (n->free < 0) {
        sl_jw_null(w, "free");
        sl_jw_null(w, "margin");
    } else {
        sl_jw_real(w, "free", n->free);
        sl_jw_real(w, "margin", n->margin);
    }
    sl_jw_bool(w, "fits", n->fits);
    sl_jw_end(w);
}

static void site_jw(sl_jw *w, const sl_site_need *racks, const sl_site_need *kw,
                    const sl_site_need *floor)
{
    sl_jw_object(w, "site");
    need_jw(w, "racks", racks);
    need_jw(w, "kw", kw);
    need_jw(w, "floor_m2", floor);
    sl_jw_end(w);
}

static void placement_jw(sl_jw *w, const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_placement *pl = p->placement;
    sl_jw_object(w, "placement");
    sl_jw_str(w, "target_site", pl->target_site == SL_NONE ? NULL : m->sites[pl->target_site].id);
    sl_jw_date(w, "hardware_arrives", pl->hardware_arrives);
    if (pl->hardware_arrives != SL_DATE_NONE) {
        char buf[11];
        sl_date_format(buf, pl->hardware_arrives);
        buf[7] = '\0';
        sl_jw_str(w, "hardware_month", buf);
    } else {
        sl_jw_null(w, "hardware_month");
    }
    sl_jw_int(w, "placed", (long long)pl->n_placed);
    sl_jw_int(w, "unplaced", (long long)pl->n_unplaced);
    platform_jw(w, p, &pl->shared);
    sl_jw_bool(w, "fits", pl->fits);
    site_jw(w, &pl->racks, &pl->kw, &pl->floor_m2);

    size_t hosts = 0, lb = 0, racks = 0;
    double kw = 0, it_kw = 0, floor = 0, hw = 0, year = 0, total = 0;
    for (size_t i = 0; i < pl->n_separate; i++) {
        const sl_platform *pf = &pl->separate[i];
        hosts += pf->hosts_total;
        lb += pf->lower_bound_total;
        racks += pf->racks;
        kw += pf->facility_kw;
        it_kw += pf->it_kw;
        floor += pf->floor_m2;
        hw += pf->cost_hardware;
        year += pf->cost_per_year;
        total += pf->cost_total;
    }
    sl_jw_object(w, "separate");
    sl_jw_int(w, "hosts_total", (long long)hosts);
    sl_jw_int(w, "lower_bound_total", (long long)lb);
    sl_jw_int(w, "racks", (long long)racks);
    sl_jw_real(w, "kw", kw);
    sl_jw_real(w, "it_kw", it_kw);
    sl_jw_real(w, "floor_m2", floor);
    sl_jw_bool(w, "fits", pl->separate_fits);
    site_jw(w, &pl->separate_racks, &pl->separate_kw, &pl->separate_floor_m2);
    sl_jw_object(w, "cost");
    money(w, "hardware", hw);
    money(w, "per_year", year);
    money(w, "total", total);
    sl_jw_end(w);
    sl_jw_array(w, "agencies");
    for (size_t i = 0; i < pl->n_separate; i++) {
        const sl_platform *pf = &pl->separate[i];
        sl_jw_object(w, NULL);
        sl_jw_str(w, "agency", m->agencies[pf->agency].id);
        platform_jw(w, p, pf);
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_jw_end(w);
    sl_jw_object(w, "savings");
    sl_jw_int(w, "hosts", (long long)hosts - (long long)pl->shared.hosts_total);
    sl_jw_int(w, "racks", (long long)racks - (long long)pl->shared.racks);
    sl_jw_real(w, "kw", kw - pl->shared.facility_kw);
    money(w, "cost", round(total) - round(pl->shared.cost_total));
    sl_jw_end(w);
    sl_jw_end(w);
}

void sl_json_place(sl_jw *w, const sl_plan *p)
{
    if (!p->assessment)
        return;
    assessment_jw(w, p);
    if (p->placement)
        placement_jw(w, p);
}
