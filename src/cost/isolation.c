/* SPDX-License-Identifier: MIT */
/*
 * isolation.c - what each isolation rule costs over the horizon (issue
 * 14): the shared platform under the pool policy and under each looser
 * policy the placement packed (sl_placement.isolation_steps), costed the
 * way the shared platform is (chargeback.c): its hosts' purchase as
 * cost.capex says, licences, energy at the target and racks, from the day
 * the platform runs to the end of the horizon; present value at the
 * scenario's discount rate. The host's extra staff and the platform's
 * one-offs do not depend on the policy and are left out.
 */
#include "cost/cost.h"

#include <string.h>

int cost_isolation(sl_costing *c, const sl_plan *p, const cost_years *ys)
{
    const sl_model *m = p->model;
    const sl_placement *pl = p->placement;
    size_t n = pl->n_isolation_steps;
    c->isolation_npv = sl_arena_array(c->arena, n ? n : 1, sizeof *c->isolation_npv);
    double *year = sl_malloc((size_t)ys->n * sizeof *year);
    if (!c->isolation_npv || !year) {
        sl_free(year);
        return SL_ENOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        const sl_isolation_step *st = &pl->isolation_steps[k];
        memset(year, 0, (size_t)ys->n * sizeof *year);
        cost_hardware_years(year, m, ys, c->platform_from, st->cost_hardware);
        cost_spread_rate(year, ys, c->platform_from, ys->start[ys->n], st->cost_per_year);
        c->isolation_npv[k] = cost_npv(year, ys->n, m->discount_rate);
    }
    sl_free(year);
    return 0;
}
