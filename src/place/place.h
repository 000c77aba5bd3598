/* SPDX-License-Identifier: MIT */
/*
 * place.h - private parts of the place stage: the context place.c builds
 * platforms in, and the rack and site arithmetic of place_site.c.
 */
#ifndef SL_PLACE_PLACE_H
#define SL_PLACE_PLACE_H

#include "core/core.h"

typedef struct place_ctx {
    const sl_model *m;
    const sl_assessment *a;
    sl_arena *arena;
    const sl_site *target; /* NULL when the model has none */
    double years;          /* depreciation period */
    double pue;
    double energy_per_kwh; /* price (most likely) + tax */
    double rack_units, rack_kw, rack_floor_m2;
    double *unit_cost;     /* per host model, over the depreciation period */
    size_t *per_rack;      /* per host model: hosts one rack takes */
} place_ctx;

/* Hosts of one model that fit a rack, by units and power; at least 1. */
size_t sl_place_hosts_per_rack(const place_ctx *c, const sl_host_model *h);
/* Yearly running cost of one host: licence and energy (no rack). */
double sl_place_host_year(const place_ctx *c, const sl_host_model *h);
/* Puts the platform's hosts into racks (first fit by units and kW; hosts
 * sharing an anti-affinity group on distinct racks when the policy says
 * rack) and fills racks, kW, floor and cost. ha_of lists, per host, the
 * conflict keys it holds (pool-local group ids offset per pool) as
 * ranges into keys. */
int sl_place_racks(const place_ctx *c, sl_platform *pf, const size_t *key_start,
                   const uint32_t *keys);

#endif
