/* SPDX-License-Identifier: MIT */
/*
 * cashflow.c - how amounts land in the horizon's years, present values
 * and payback: the arithmetic under the cost stage.
 *
 * Years follow the scenario's start date (year 1 runs from the start to
 * the same day a year later), not calendar years, so a plan starting on
 * 1 September has its first year end on 31 August. A yearly rate running
 * for part of a year counts for that share of the year's days. Present
 * values discount each year's total at the end of the year: a cost C in
 * year y (1-based) is worth C / (1 + r)^y today (docs/COST.md).
 */
#include "cost/cost.h"

static double overlap_days(sl_date a0, sl_date a1, sl_date b0, sl_date b1)
{
    sl_date lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? (double)(hi - lo) : 0.0;
}

void cost_spread_rate(double *out, const cost_years *ys, sl_date from, sl_date to, double per_year)
{
    if (to <= from || per_year == 0)
        return;
    for (int y = 0; y < ys->n; y++) {
        double days = (double)(ys->start[y + 1] - ys->start[y]);
        out[y] += per_year * overlap_days(from, to, ys->start[y], ys->start[y + 1]) / days;
    }
}

void cost_at(double *out, const cost_years *ys, sl_date day, double amount)
{
    if (amount == 0 || ys->n <= 0 || day >= ys->start[ys->n])
        return;
    int y = 0;
    while (y + 1 < ys->n && day >= ys->start[y + 1])
        y++;
    out[y] += amount;
}

void cost_spread_total(double *out, const cost_years *ys, sl_date from, sl_date to, double total)
{
    if (total == 0 || ys->n <= 0)
        return;
    sl_date lo = from > ys->start[0] ? from : ys->start[0];
    sl_date hi = to < ys->start[ys->n] ? to : ys->start[ys->n];
    if (hi <= lo) {
        cost_at(out, ys, lo, total);
        return;
    }
    for (int y = 0; y < ys->n; y++)
        out[y] += total * overlap_days(lo, hi, ys->start[y], ys->start[y + 1]) / (double)(hi - lo);
}

double cost_npv(const double *flows, int n, double rate)
{
    double pv = 0, factor = 1;
    for (int y = 0; y < n; y++) {
        factor /= 1 + rate;
        pv += flows[y] * factor;
    }
    return pv;
}

int cost_payback_year(const double *status_quo, const double *colocation, int n, double rate)
{
    double factor = 1, cumulative = 0;
    int from = 0; /* 1-based year since which the cumulative saving held >= 0 */
    for (int y = 0; y < n; y++) {
        factor /= 1 + rate;
        cumulative += (status_quo[y] - colocation[y]) * factor;
        /* a rounding error is no saving lost */
        if (cumulative >= -1e-6) {
            if (!from)
                from = y + 1;
        } else {
            from = 0;
        }
    }
    return from;
}
