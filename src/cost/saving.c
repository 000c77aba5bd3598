/* SPDX-License-Identifier: MIT */
/*
 * saving.c - the shape of an agency's NPV saving over the Monte Carlo
 * iterations, after cost.c has priced each iteration: its mean (the
 * expected saving, the headline the verdict reads), P(saving > 0), and
 * the same split by what the gates did: allowed (every gate that holds
 * some of the agency's moves passed) or not, and per gate that may be
 * refused, passed against refused.
 *
 * Why the mean and not the median: a refused gate keeps both halls paid
 * for the whole horizon, so the saving is two-humped, and the median of
 * a two-humped law jumps from one hump to the other when a pass
 * probability crosses the share that separates them (docs/COST.md). The
 * mean is sum_k P(outcome k) x E[saving | k]: a pass probability that
 * moves by dp moves it by dp x (E[saving | passes] - E[saving | refused])
 * and no more. The split shows the humps themselves.
 *
 * Every sum runs in iteration order, so the figures are the same for any
 * thread count. Cost: O(iterations x (1 + gates)).
 */
#include "cost/cost.h"

#include <math.h>

typedef struct tally {
    long n, positive;
    double sum;
} tally;

static void count(tally *t, double saving)
{
    t->n++;
    t->positive += saving > 0;
    t->sum += saving;
}

static sl_saving_if settle(const tally *t, long iterations)
{
    sl_saving_if s = {t->n, (double)t->n / (double)iterations, NAN, NAN};
    if (t->n) {
        s.npv_saving_mean = t->sum / (double)t->n;
        s.p_saving_positive = (double)t->positive / (double)t->n;
    }
    return s;
}

int cost_saving_shape(sl_agency_cost *ac, sl_arena *arena, const double *saving,
                      const sl_simulation *sim, const sl_model *m)
{
    size_t n = (size_t)sim->iterations, na = sim->n_agencies, a = ac->agency;
    tally all = {0, 0, 0}, allowed = {0, 0, 0}, refused_any = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        count(&all, saving[i]);
        count(sim->agency_allowed_runs[i * na + a] ? &allowed : &refused_any, saving[i]);
    }
    sl_saving_if whole = settle(&all, (long)n);
    ac->npv_saving_mean = whole.npv_saving_mean;
    ac->p_saving_positive = whole.p_saving_positive;
    ac->if_allowed = settle(&allowed, (long)n);
    ac->if_not_allowed = settle(&refused_any, (long)n);

    uint64_t gates = sim->agency_gates[a];
    size_t k = 0;
    for (size_t g = 0; g < sim->n_gates; g++)
        k += (gates >> g & 1) && m->gates[g].pass_probability < 1.0;
    ac->n_by_gate = k;
    ac->by_gate = k ? sl_arena_array(arena, k, sizeof *ac->by_gate) : NULL;
    if (k && !ac->by_gate)
        return SL_ENOMEM;
    k = 0;
    for (size_t g = 0; g < sim->n_gates; g++) {
        if (!(gates >> g & 1) || m->gates[g].pass_probability >= 1.0)
            continue;
        tally pass = {0, 0, 0}, fail = {0, 0, 0};
        for (size_t i = 0; i < n; i++)
            count(sim->gate_passed_runs[i * sim->n_gates + g] ? &pass : &fail, saving[i]);
        ac->by_gate[k++] = (sl_saving_by_gate){(sl_index)g, settle(&pass, (long)n),
                                               settle(&fail, (long)n)};
    }
    return 0;
}
