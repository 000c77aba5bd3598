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
#include <string.h>

#define SET(o, k, v) ok = ok && sl_json_set((o), (k), (v))

/* Money in whole currency units: sums of prices and energy carry float
 * noise (a saving of 3.7e-09) that means nothing. */
static json_t *money(double v)
{
    return json_real(round(v));
}

static json_t *dims_json(const double *v, const sl_dim *dims, size_t n)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    for (size_t k = 0; k < n; k++)
        SET(o, sl_dim_name(dims[k]), json_real(v[dims[k]]));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *capacity_json(const sl_host_capacity *c, const sl_dim *dims, size_t n)
{
    double v[SL_N_DIMS] = {c->vcpu, c->ram_gb, c->storage_gb, c->busy_threads};
    return dims_json(v, dims, n);
}

static const sl_dim all_dims[SL_N_DIMS] = {SL_DIM_VCPU, SL_DIM_RAM_GB, SL_DIM_STORAGE_GB,
                                          SL_DIM_BUSY_THREADS};

/* Adds readiness, reasons, disposition (move, or declared to stay, retire
 * or be replaced), demand, confidence and host to each workload. */
static bool workloads_json(json_t *root, const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_assessment *a = p->assessment;
    const sl_placement *pl = p->placement;
    json_t *arr = json_object_get(root, "workloads");
    bool ok = arr && json_array_size(arr) == m->n_workloads;
    for (size_t i = 0; ok && i < m->n_workloads; i++) {
        json_t *o = json_array_get(arr, i);
        const sl_workload_assessment *wa = &a->workloads[i];
        json_t *reasons = json_array();
        ok = reasons != NULL;
        for (size_t r = 0; ok && r < wa->n_reasons; r++) {
            const sl_reason *rs = &wa->reasons[r];
            json_t *ro = json_object();
            ok = sl_json_push(reasons, ro);
            SET(ro, "code", json_string(sl_reason_name(rs->code)));
            SET(ro, "effect", json_string(sl_readiness_name(rs->effect)));
            SET(ro, "gate", rs->gate == SL_NONE ? json_null() : json_string(m->gates[rs->gate].id));
            SET(ro, "text", json_string(rs->text));
            ok = ok && sl_json_phrase_into(ro, &rs->phrase);
        }
        double v[SL_N_DIMS] = {wa->vcpu, wa->ram_gb, wa->storage_gb, wa->busy_threads};
        uint32_t h = pl ? pl->shared.workload_host[i] : SL_NONE;
        SET(o, "readiness", json_string(sl_readiness_name(wa->readiness)));
        if (ok)
            ok = sl_json_set(o, "reasons", reasons);
        else
            json_decref(reasons);
        SET(o, "disposition", json_string(sl_disposition_name(wa->disposition)));
        SET(o, "demand", dims_json(v, all_dims, SL_N_DIMS));
        SET(o, "low_confidence", json_boolean(wa->is_low_confidence));
        SET(o, "host", h == SL_NONE ? json_null() : json_string(pl->shared.hosts[h].id));
        const char *sep = NULL;
        for (size_t k = 0; pl && k < pl->n_separate && !sep; k++) {
            const sl_platform *pf = &pl->separate[k];
            if (pf->workload_host[i] != SL_NONE)
                sep = pf->hosts[pf->workload_host[i]].id;
        }
        SET(o, "host_separate", sl_json_str(sep));
    }
    return ok;
}

static json_t *assessment_json(const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_assessment *a = p->assessment;
    json_t *o = json_object(), *counts = NULL, *reasons = NULL, *caps = NULL;
    bool ok = o != NULL;
    SET(o, "sizing", json_string(a->sizing == SL_SIZING_PERFORMANCE ? "performance" : "as_is"));
    SET(o, "workloads", json_integer((json_int_t)a->n_workloads));
    SET(o, "counts", counts = json_object());
    SET(o, "reasons", reasons = json_object());
    for (int r = 0; ok && r < SL_N_READINESS; r++)
        SET(counts, sl_readiness_name((sl_readiness)r), json_integer((json_int_t)a->count[r]));
    for (int r = 0; ok && r < SL_N_REASONS; r++)
        SET(reasons, sl_reason_name((sl_reason_code)r), json_integer((json_int_t)a->reason_count[r]));
    SET(o, "host_capacity", caps = json_object());
    for (size_t h = 0; ok && h < a->n_host_models; h++) {
        json_t *c = ok ? capacity_json(&a->host_capacity[h], all_dims, SL_N_DIMS) : NULL;
        SET(caps, m->host_models[h].id, c);
        SET(c, "candidate", json_boolean(a->host_capacity[h].is_candidate));
    }
    SET(o, "low_confidence", json_integer((json_int_t)a->n_low_confidence));
    SET(o, "powered_off_as_allocated", json_integer((json_int_t)a->n_powered_off_as_allocated));
    SET(o, "vcpu_allocated", json_real(a->vcpu_allocated));
    SET(o, "vcpu_sized", json_real(a->vcpu_sized));
    SET(o, "ram_gb_allocated", json_real(a->ram_gb_allocated));
    SET(o, "ram_gb_sized", json_real(a->ram_gb_sized));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *pool_json(const sl_plan *p, const sl_platform *pf, const sl_pool *pool)
{
    const sl_model *m = p->model;
    const sl_assessment *a = p->assessment;
    json_t *o = json_object();
    bool ok = o != NULL;
    SET(o, "id", json_string(pool->id));
    SET(o, "agency", pool->agency == SL_NONE ? json_null() : json_string(m->agencies[pool->agency].id));
    SET(o, "security_class", sl_json_str(pool->security_class));
    SET(o, "env", sl_json_str(pool->env));
    SET(o, "workload_count", json_integer((json_int_t)pool->n_workloads));
    json_t *dims = NULL;
    SET(o, "dimensions", dims = json_array());
    for (size_t k = 0; ok && k < pool->n_dims; k++)
        ok = sl_json_push(dims, json_string(sl_dim_name(pool->dims[k])));
    SET(o, "host_model",
        pool->host_model == SL_NONE ? json_null() : json_string(m->host_models[pool->host_model].id));
    json_t *per_model = NULL, *caps = NULL;
    SET(o, "host_models", per_model = json_object());
    for (size_t h = 0; ok && h < m->n_host_models; h++)
        if (pool->hosts_per_model[h])
            SET(per_model, m->host_models[h].id, json_integer((json_int_t)pool->hosts_per_model[h]));
    SET(o, "hosts", json_integer((json_int_t)pool->hosts));
    SET(o, "hosts_used", json_integer((json_int_t)pool->hosts_used));
    SET(o, "spare_hosts", json_integer((json_int_t)pool->spare_hosts));
    SET(o, "lower_bound", json_integer((json_int_t)pool->lower_bound));
    SET(o, "gap", json_integer((json_int_t)(pool->hosts_used - SL_MIN(pool->hosts_used, pool->lower_bound))));
    json_t *bounds = NULL;
    SET(o, "bounds", bounds = json_object());
    SET(bounds, "l1", json_integer((json_int_t)pool->lb_l1));
    SET(bounds, "l2", json_integer((json_int_t)pool->lb_l2));
    SET(bounds, "clique", json_integer((json_int_t)pool->lb_clique));
    SET(bounds, "arcflow", pool->lb_arcflow ? json_integer((json_int_t)pool->lb_arcflow) : json_null());
    SET(o, "used", dims_json(pool->used, pool->dims, pool->n_dims));
    SET(o, "capacity", dims_json(pool->capacity, pool->dims, pool->n_dims));
    SET(o, "host_capacity", caps = json_object());
    for (size_t h = 0; ok && h < m->n_host_models; h++)
        if (pool->hosts_per_model[h])
            SET(caps, m->host_models[h].id,
                capacity_json(&a->host_capacity[h], pool->dims, pool->n_dims));
    SET(o, "anti_affinity", json_string(m->pools.anti_affinity == SL_SPREAD_RACK ? "rack" : "host"));
    SET(o, "cost", money(pool->cost));
    json_t *hosts = NULL;
    SET(o, "host_list", hosts = json_array());
    for (size_t i = 0; ok && i < pool->hosts; i++) {
        const sl_host *h = &pf->hosts[pool->first_host + i];
        json_t *ho = json_object();
        ok = sl_json_push(hosts, ho);
        SET(ho, "id", json_string(h->id));
        SET(ho, "model", json_string(m->host_models[h->model].id));
        SET(ho, "rack", json_integer((json_int_t)h->rack + 1));
        SET(ho, "spare", json_boolean(h->is_spare));
        SET(ho, "workloads", json_integer((json_int_t)h->n_workloads));
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The figures of one platform into o. */
static bool platform_json(json_t *o, const sl_plan *p, const sl_platform *pf)
{
    bool ok = true;
    json_t *pools = NULL, *cost = NULL;
    SET(o, "pools", pools = json_array());
    for (size_t i = 0; ok && i < pf->n_pools; i++)
        ok = sl_json_push(pools, pool_json(p, pf, &pf->pools[i]));
    SET(o, "hosts_total", json_integer((json_int_t)pf->hosts_total));
    SET(o, "lower_bound_total", json_integer((json_int_t)pf->lower_bound_total));
    SET(o, "gap", json_integer((json_int_t)(pf->hosts_total - SL_MIN(pf->hosts_total,
                                                                        pf->lower_bound_total))));
    SET(o, "racks", json_integer((json_int_t)pf->racks));
    SET(o, "kw", json_real(pf->facility_kw));
    SET(o, "it_kw", json_real(pf->it_kw));
    SET(o, "floor_m2", json_real(pf->floor_m2));
    SET(o, "cost", cost = json_object());
    SET(cost, "hardware", money(pf->cost_hardware));
    SET(cost, "per_year", money(pf->cost_per_year));
    SET(cost, "total", money(pf->cost_total));
    return ok;
}

static json_t *need_json(const sl_site_need *n)
{
    json_t *o = json_object();
    bool ok = o != NULL;
    SET(o, "need", json_real(n->need));
    SET(o, "free", n->free < 0 ? json_null() : json_real(n->free));
    SET(o, "margin", n->free < 0 ? json_null() : json_real(n->margin));
    SET(o, "fits", json_boolean(n->fits));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *placement_json(const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_placement *pl = p->placement;
    json_t *o = json_object();
    bool ok = o != NULL;
    SET(o, "target_site", pl->target_site == SL_NONE ? json_null()
                                                     : json_string(m->sites[pl->target_site].id));
    SET(o, "hardware_arrives", sl_json_date(pl->hardware_arrives));
    if (pl->hardware_arrives != SL_DATE_NONE) {
        char buf[11];
        sl_date_format(buf, pl->hardware_arrives);
        buf[7] = '\0';
        SET(o, "hardware_month", json_string(buf));
    } else {
        SET(o, "hardware_month", json_null());
    }
    SET(o, "placed", json_integer((json_int_t)pl->n_placed));
    SET(o, "unplaced", json_integer((json_int_t)pl->n_unplaced));
    ok = ok && platform_json(o, p, &pl->shared);
    SET(o, "fits", json_boolean(pl->fits));
    json_t *site = NULL;
    SET(o, "site", site = json_object());
    SET(site, "racks", need_json(&pl->racks));
    SET(site, "kw", need_json(&pl->kw));
    SET(site, "floor_m2", need_json(&pl->floor_m2));

    json_t *sep = NULL, *agencies = NULL, *cost = NULL, *save = NULL;
    SET(o, "separate", sep = json_object());
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
    SET(sep, "hosts_total", json_integer((json_int_t)hosts));
    SET(sep, "lower_bound_total", json_integer((json_int_t)lb));
    SET(sep, "racks", json_integer((json_int_t)racks));
    SET(sep, "kw", json_real(kw));
    SET(sep, "it_kw", json_real(it_kw));
    SET(sep, "floor_m2", json_real(floor));
    SET(sep, "fits", json_boolean(pl->separate_fits));
    json_t *sep_site = NULL;
    SET(sep, "site", sep_site = json_object());
    SET(sep_site, "racks", need_json(&pl->separate_racks));
    SET(sep_site, "kw", need_json(&pl->separate_kw));
    SET(sep_site, "floor_m2", need_json(&pl->separate_floor_m2));
    SET(sep, "cost", cost = json_object());
    SET(cost, "hardware", money(hw));
    SET(cost, "per_year", money(year));
    SET(cost, "total", money(total));
    SET(sep, "agencies", agencies = json_array());
    for (size_t i = 0; ok && i < pl->n_separate; i++) {
        const sl_platform *pf = &pl->separate[i];
        json_t *ao = json_object();
        ok = sl_json_push(agencies, ao);
        SET(ao, "agency", json_string(m->agencies[pf->agency].id));
        ok = ok && platform_json(ao, p, pf);
    }
    SET(o, "savings", save = json_object());
    SET(save, "hosts", json_integer((json_int_t)hosts - (json_int_t)pl->shared.hosts_total));
    SET(save, "racks", json_integer((json_int_t)racks - (json_int_t)pl->shared.racks));
    SET(save, "kw", json_real(kw - pl->shared.facility_kw));
    SET(save, "cost", money(round(total) - round(pl->shared.cost_total)));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

bool sl_json_place(json_t *root, const sl_plan *p)
{
    if (!p->assessment)
        return true;
    bool ok = workloads_json(root, p) && sl_json_set(root, "assessment", assessment_json(p));
    if (ok && p->placement)
        ok = sl_json_set(root, "placement", placement_json(p));
    return ok;
}
