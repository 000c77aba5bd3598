/* SPDX-License-Identifier: MIT */
/*
 * place_site.c - from hosts to racks, kW, floor and cost: the part of
 * placement that meets the building.
 *
 * Racks: hosts in platform order (pools by id, a pool's hosts in order)
 * go first fit into racks, limited by the site's usable rack units and
 * rack_kw (at each model's typical draw). When the pool policy says
 * `anti_affinity: rack`, a host may not join a rack that already holds a
 * host with a member of one of its anti-affinity groups, so a group's
 * members end on distinct racks. O(hosts x racks x keys).
 * kW: IT = sum of typical draw; facility = IT x PUE of the target site.
 * Floor: racks x rack_floor_m2. Cost over the depreciation period: the
 * purchase, plus per year licences, energy (IT kW x PUE x 8760 h x price
 * with tax) and a cost per rack.
 */
#include "place/place.h"

#include <math.h>

size_t sl_place_hosts_per_rack(const place_ctx *c, const sl_host_model *h)
{
    double by_units = h->rack_units > 0 ? floor(c->rack_units / h->rack_units) : 1;
    double by_kw = h->watts > 0 ? floor(c->rack_kw * 1000.0 / h->watts) : by_units;
    double v = by_units < by_kw ? by_units : by_kw;
    return v >= 1 ? (size_t)v : 1;
}

double sl_place_host_year(const place_ctx *c, const sl_host_model *h)
{
    return h->licence_per_year + h->watts / 1000.0 * 8760.0 * c->pue * c->energy_per_kwh;
}

typedef struct rack {
    double units, kw;
    size_t n_hosts;
} rack;

int sl_place_racks(const place_ctx *c, sl_platform *pf, const size_t *key_start,
                   const uint32_t *keys)
{
    const sl_model *m = c->m;
    bool spread = m->pools.anti_affinity == SL_SPREAD_RACK;
    rack *racks = NULL;
    size_t n_racks = 0, cap_racks = 0;
    /* per conflict key (dense ids), the racks its members use: linked
     * lists through node_rack/node_next */
    size_t n_keys = key_start ? key_start[pf->n_hosts] : 0;
    uint32_t max_key = 0;
    for (size_t k = 0; k < n_keys; k++)
        max_key = keys[k] > max_key ? keys[k] : max_key;
    uint32_t *head = NULL, *node_rack = NULL, *node_next = NULL;
    size_t n_nodes = 0;
    int rc = 0;
    if (spread && n_keys) {
        head = sl_malloc(((size_t)max_key + 1) * sizeof *head);
        node_rack = sl_malloc(n_keys * sizeof *node_rack);
        node_next = sl_malloc(n_keys * sizeof *node_next);
        if (!head || !node_rack || !node_next)
            rc = SL_ENOMEM;
        for (size_t k = 0; !rc && k <= max_key; k++)
            head[k] = SL_NONE;
    }
    for (size_t i = 0; i < pf->n_hosts && !rc; i++) {
        sl_host *h = &pf->hosts[i];
        const sl_host_model *hm = &m->host_models[h->model];
        double units = hm->rack_units, kw = hm->watts / 1000.0;
        size_t ks = key_start ? key_start[i] : 0, ke = key_start ? key_start[i + 1] : 0;
        size_t into = SIZE_MAX;
        for (size_t r = 0; r < n_racks && into == SIZE_MAX; r++) {
            bool room = racks[r].n_hosts == 0 ||
                        (racks[r].units + units <= c->rack_units + 1e-9 &&
                         racks[r].kw + kw <= c->rack_kw + 1e-9);
            if (!room)
                continue;
            bool clash = false;
            for (size_t k = ks; head && k < ke && !clash; k++)
                for (uint32_t u = head[keys[k]]; u != SL_NONE && !clash; u = node_next[u])
                    clash = node_rack[u] == r;
            if (!clash)
                into = r;
        }
        if (into == SIZE_MAX) {
            if (SL_GROW(racks, cap_racks, n_racks + 1)) {
                rc = SL_ENOMEM;
                break;
            }
            racks[n_racks] = (rack){0, 0, 0};
            into = n_racks++;
        }
        racks[into].units += units;
        racks[into].kw += kw;
        racks[into].n_hosts++;
        h->rack = (sl_index)into;
        for (size_t k = ks; head && k < ke; k++) {
            node_rack[n_nodes] = (uint32_t)into;
            node_next[n_nodes] = head[keys[k]];
            head[keys[k]] = (uint32_t)n_nodes++;
        }
        pf->it_kw += kw;
        pf->cost_hardware += hm->price;
        pf->cost_per_year += sl_place_host_year(c, hm);
    }
    sl_free(racks);
    sl_free(head);
    sl_free(node_rack);
    sl_free(node_next);
    if (rc)
        return rc;
    pf->racks = n_racks;
    pf->facility_kw = pf->it_kw * c->pue;
    pf->floor_m2 = (double)n_racks * c->rack_floor_m2;
    pf->cost_per_year += (double)n_racks * m->cost.rack_cost_per_year;
    pf->cost_total = pf->cost_hardware + c->years * pf->cost_per_year;
    return 0;
}
