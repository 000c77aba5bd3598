/* SPDX-License-Identifier: MIT */
/*
 * cost.h - private parts of the cost stage: the horizon's years and how
 * amounts land in them (cashflow.c), the shared platform's cost and its
 * allocation to agencies (chargeback.c), and the stage itself (cost.c).
 */
#ifndef SL_COST_COST_H
#define SL_COST_COST_H

#include "core/core.h"

/* The horizon: n years, year y from start[y] (inclusive) to start[y + 1]. */
typedef struct cost_years {
    int n;
    const sl_date *start; /* n + 1 boundaries */
} cost_years;

/* Adds per_year x (the share of year y inside [from, to)) to out[y] for
 * every year: a yearly rate running over a stretch of days. */
void cost_spread_rate(double *out, const cost_years *ys, sl_date from, sl_date to, double per_year);
/* Spreads total evenly over the days of [from, to) (clipped to the
 * horizon); a stretch that ends before it starts puts it all on from. */
void cost_spread_total(double *out, const cost_years *ys, sl_date from, sl_date to, double total);
/* Adds amount to the year holding day (the first year before the start;
 * nothing after the horizon). */
void cost_at(double *out, const cost_years *ys, sl_date day, double amount);
/* Present value of a cost per year, end-of-year discounting:
 * sum of flows[y] / (1 + rate)^(y + 1). */
double cost_npv(const double *flows, int n, double rate);
/* The first year (1-based) from which the cumulative discounted saving
 * (status quo minus co-location) stays >= 0; 0 when it never does. */
int cost_payback_year(const double *status_quo, const double *colocation, int n, double rate);

/* The shape of an agency's saving from each iteration's saving, in
 * iteration order: mean, P(> 0) and the split by gate outcome, into ac
 * (by_gate in the arena) (saving.c). */
int cost_saving_shape(sl_agency_cost *ac, sl_arena *arena, const double *saving,
                      const sl_simulation *sim, const sl_model *m);

/* Fills c->chargeback, c->platform_* and c->capacity_used from the
 * placement (chargeback.c). */
int cost_chargeback(sl_costing *c, const sl_plan *p, const cost_years *ys);
/* Adds the hardware bought for `price` at `from` to each year: as
 * depreciation, or as purchases every depreciation_years (cost.capex). */
void cost_hardware_years(double *out, const sl_model *m, const cost_years *ys, sl_date from,
                         double price);
/* Fills c->isolation_npv from the placement's isolation steps
 * (isolation.c); c->platform_from must be set. */
int cost_isolation(sl_costing *c, const sl_plan *p, const cost_years *ys);

#endif
