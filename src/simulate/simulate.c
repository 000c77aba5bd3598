/* SPDX-License-Identifier: MIT */
/*
 * simulate.c - the simulate stage: run the iterations on worker threads,
 * then turn them into percentiles, P(on time), histograms and a tornado.
 *
 * Determinism: iteration i draws from Philox streams keyed by (seed, i), and
 * writes its results to slot i; workers take chunks of iterations from a
 * shared counter in any order. Every statistic is computed afterwards from
 * the slots in index order, so the output is bit-identical for any thread
 * count. A caller's is_cancelled is asked before each chunk; a cancelled
 * run produces nothing, so a run never cancelled is the same as without it.
 *
 * Statistics: percentiles are nearest-rank (the value at rank ceil(q n));
 * P(on time) is the share of iterations whose every movable workload moved
 * by the deadline, with standard error sqrt(p (1 - p) / n). The tornado
 * measures each uncertain input by the swing of P(on time) and of the P80
 * finish between the iterations where the input was in its lowest and in
 * its highest decile (a gate's pass/fail: failed vs passed), plus the
 * Spearman rank correlation of the input with the finish; all from the one
 * run, no extra iterations. It ranks them by the P(on time) swing; when
 * that is zero for every input (P(on time) is 0 or 1 in every subset), by
 * the P80 swing, and when that is zero too, by the correlation. Each
 * agency gets the same from its own finish, over the same deciles, but
 * keeps only the inputs that move it beyond Monte Carlo noise (more than
 * 3 standard errors; a gate holding its moves always counts), so another
 * agency's gate cannot top its list by chance. "If the approvals come
 * through": the same finish figures among the iterations in which every
 * gate holding moves passed.
 */
#include "simulate/sim.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 64

typedef struct run {
    const sim_ctx *c;
    uint64_t seed;
    long n;
    size_t na, nu, ng;
    int32_t *finish;
    int32_t *agency_finish;
    double *cost;
    double *agency_cost;
    int *agency_blocked;
    int *retries;
    double *inputs;
    uint8_t *gate_passed;
    size_t ns;
    sl_sim_hall_run *halls;
    atomic_long next;
    atomic_long done;
    atomic_int failed; /* 1: out of memory; 2: cancelled */
    bool (*is_cancelled)(void *user);
    void *cancel_user;
} run;

static void run_one(run *r, sim_work *w, long i)
{
    sim_result res;
    res.agency_finish = r->agency_finish + (size_t)i * r->na;
    res.agency_cost = r->agency_cost + (size_t)i * r->na;
    res.agency_blocked = r->agency_blocked + (size_t)i * r->na;
    res.inputs = r->inputs + (size_t)i * r->nu;
    res.gate_passed = r->gate_passed + (size_t)i * r->ng;
    res.halls = r->halls + (size_t)i * r->ns;
    sim_iterate(r->c, w, r->seed, (uint64_t)i, &res);
    r->finish[i] = res.finish;
    r->cost[i] = res.cost;
    r->retries[i] = res.retries;
}

static void *worker(void *arg)
{
    run *r = arg;
    sim_work w;
    if (sim_work_init(&w, r->c)) {
        atomic_store(&r->failed, 1);
        return NULL;
    }
    for (;;) {
        int none = 0; /* a cancel never hides an allocation failure */
        if (r->is_cancelled && r->is_cancelled(r->cancel_user))
            atomic_compare_exchange_strong(&r->failed, &none, 2);
        long start = atomic_fetch_add(&r->next, CHUNK);
        if (start >= r->n || atomic_load(&r->failed))
            break;
        long end = start + CHUNK < r->n ? start + CHUNK : r->n;
        for (long i = start; i < end; i++)
            run_one(r, &w, i);
        atomic_fetch_add(&r->done, end - start);
    }
    sim_work_free(&w);
    return NULL;
}

static int run_status(run *r)
{
    int failed = atomic_load(&r->failed);
    return failed == 2 ? SL_ECANCELLED : failed ? SL_ENOMEM : 0;
}

static int run_all(run *r, int threads, void (*progress)(void *, double), void *user)
{
    if (threads <= 1) {
        worker(r);
        if (progress)
            progress(user, 1.0);
        return run_status(r);
    }
    pthread_t tid[256];
    int started = 0;
    for (; started < threads; started++)
        if (pthread_create(&tid[started], NULL, worker, r) != 0)
            break;
    if (started == 0) {
        worker(r); /* no threads to be had: do it here */
    } else if (progress) {
        struct timespec nap = {0, 50 * 1000 * 1000};
        while (atomic_load(&r->done) < r->n && !atomic_load(&r->failed)) {
            progress(user, (double)atomic_load(&r->done) / (double)r->n);
            nanosleep(&nap, NULL);
        }
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    if (progress)
        progress(user, 1.0);
    return run_status(r);
}

static size_t rank_of(double q, size_t n)
{
    size_t k = (size_t)ceil(q * (double)n);
    return k == 0 ? 0 : k - 1;
}

static sl_date to_date(const sl_model *m, int32_t days)
{
    return days == SIM_NOT_DONE ? SL_DATE_NONE : m->start + days;
}

/* Outcome of one agency (stride na, offset a) or overall (stride 1). */
static int outcome(sl_sim_outcome *o, const sl_model *m, const run *r, const int32_t *finish,
                   const double *cost, const uint8_t *allowed, size_t stride, size_t offset,
                   double deadline, const int *blocked, double n_workloads)
{
    size_t n = (size_t)r->n;
    int32_t *f = sl_malloc(n * sizeof *f);
    double *c = sl_malloc(n * sizeof *c);
    if (!f || !c) {
        sl_free(f);
        sl_free(c);
        return SL_ENOMEM;
    }
    size_t on_time = 0, any_blocked = 0, n_allowed = 0;
    double cost_sum = 0, blocked_sum = 0;
    for (size_t i = 0; i < n; i++) {
        f[i] = finish[i * stride + offset];
        c[i] = cost[i * stride + offset];
        /* a refused gate keeps its moves behind, so on time implies allowed */
        on_time += f[i] != SIM_NOT_DONE && f[i] <= deadline;
        n_allowed += allowed[i * stride + offset];
        cost_sum += c[i];
        if (blocked) {
            blocked_sum += blocked[i * stride + offset];
            any_blocked += blocked[i * stride + offset] > 0;
        }
    }
    if (sl_sort_i32(f, n) || sl_sort_doubles(c, n)) {
        sl_free(f);
        sl_free(c);
        return SL_ENOMEM;
    }
    o->finish_p10 = to_date(m, f[rank_of(0.10, n)]);
    o->finish_p50 = to_date(m, f[rank_of(0.50, n)]);
    o->finish_p80 = to_date(m, f[rank_of(0.80, n)]);
    o->finish_p90 = to_date(m, f[rank_of(0.90, n)]);
    o->p_on_time = (double)on_time / (double)n;
    o->p_on_time_stderr = sqrt(o->p_on_time * (1.0 - o->p_on_time) / (double)n);
    o->p_allowed = (double)n_allowed / (double)n;
    double q = n_allowed ? (double)on_time / (double)n_allowed : NAN;
    o->p_on_time_given_allowed = q;
    o->p_on_time_given_allowed_stderr = n_allowed ? sqrt(q * (1.0 - q) / (double)n_allowed) : NAN;
    o->cost_p50 = c[rank_of(0.50, n)];
    o->cost_p90 = c[rank_of(0.90, n)];
    o->cost_mean = cost_sum / (double)n;
    o->blocked_share = n_workloads > 0 ? blocked_sum / (double)n / n_workloads : 0;
    o->p_blocked = (double)any_blocked / (double)n;
    sl_free(f);
    sl_free(c);
    return 0;
}

/* Whether every gate in `gates` passed in iteration i. */
static bool all_passed(const run *r, size_t i, uint64_t gates)
{
    bool passed = true;
    for (uint64_t bits = gates; bits && passed; bits &= bits - 1)
        passed = r->gate_passed[i * r->ng + (size_t)__builtin_ctzll(bits)];
    return passed;
}

/* The finish of one agency (stride na, offset a) or overall (stride 1)
 * among the allowed iterations (every gate the agency, or any joining
 * agency, needs passed). */
static int if_gates_pass(sl_sim_if_gates_pass *o, const sl_model *m, const run *r,
                         const int32_t *finish, const uint8_t *allowed, size_t stride,
                         size_t offset, double deadline)
{
    size_t n = (size_t)r->n, k = 0, on_time = 0;
    int32_t *f = sl_malloc((n ? n : 1) * sizeof *f);
    if (!f)
        return SL_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!allowed[i * stride + offset])
            continue;
        f[k] = finish[i * stride + offset];
        on_time += f[k] != SIM_NOT_DONE && f[k] <= deadline;
        k++;
    }
    o->iterations = (long)k;
    o->p_on_time = k ? (double)on_time / (double)k : NAN;
    o->finish_p50 = o->finish_p80 = o->finish_p90 = SL_DATE_NONE;
    if (k) {
        if (sl_sort_i32(f, k)) {
            sl_free(f);
            return SL_ENOMEM;
        }
        o->finish_p50 = to_date(m, f[rank_of(0.50, k)]);
        o->finish_p80 = to_date(m, f[rank_of(0.80, k)]);
        o->finish_p90 = to_date(m, f[rank_of(0.90, k)]);
    }
    sl_free(f);
    return 0;
}

/* The gates that hold some of an agency's planned moves. */
static uint64_t agency_gates(const sim_ctx *c, size_t a)
{
    uint64_t gates = 0;
    for (size_t i = c->lane_mask_start[a]; i < c->lane_mask_start[a + 1]; i++)
        gates |= c->masks[c->lane_masks[i]];
    return gates;
}

/* Per agency and overall, the finish if the approvals come through. */
static int conditional(sl_simulation *s, const sim_ctx *c, const run *r, const uint8_t *all)
{
    const sl_model *m = c->m;
    size_t na = m->n_agencies;
    s->per_agency_if_gates_pass =
        sl_arena_array(s->arena, na ? na : 1, sizeof *s->per_agency_if_gates_pass);
    if (!s->per_agency_if_gates_pass)
        return SL_ENOMEM;
    int rc = 0;
    for (size_t a = 0; a < na && !rc; a++)
        rc = if_gates_pass(&s->per_agency_if_gates_pass[a], m, r, r->agency_finish,
                           s->agency_allowed_runs, na, a, c->deadline_day);
    return rc ? rc : if_gates_pass(&s->if_gates_pass, m, r, r->finish, all, 1, 0, c->deadline_day);
}

/* Which iterations are allowed, per agency (into the result, for the
 * stages after simulate) and for all joining agencies together (*all,
 * owned by the caller); the gates each asks for go into the result too. */
static int allowed_runs(sl_simulation *s, const sim_ctx *c, const run *r, uint8_t **all)
{
    const sl_model *m = c->m;
    size_t n = (size_t)r->n, na = m->n_agencies;
    s->n_gates = m->n_gates;
    s->agency_gates = sl_arena_memdup(s->arena, c->agency_gates,
                                      (na ? na : 1) * sizeof *c->agency_gates);
    s->agency_allowed_runs = sl_arena_array(s->arena, n * (na ? na : 1), 1);
    s->gate_passed_runs =
        sl_arena_memdup(s->arena, r->gate_passed, n * (r->ng ? r->ng : 1) * sizeof(uint8_t));
    *all = sl_malloc(n ? n : 1);
    if (!s->agency_gates || !s->agency_allowed_runs || !s->gate_passed_runs || !*all)
        return SL_ENOMEM;
    uint64_t joining = 0;
    for (size_t a = 0; a < na; a++)
        if (sl_agency_moves(&m->agencies[a]))
            joining |= c->agency_gates[a];
    for (size_t i = 0; i < n; i++) {
        for (size_t a = 0; a < na; a++)
            s->agency_allowed_runs[i * na + a] = all_passed(r, i, c->agency_gates[a]);
        (*all)[i] = all_passed(r, i, joining);
    }
    return 0;
}

static int histogram(sl_histogram *h, sl_arena *a, const double *v, size_t n, double unit)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            continue;
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    if (!isfinite(lo)) {
        h->n_bins = 0;
        h->counts = NULL;
        return 0;
    }
    /* about 30 bins, each a whole number of units wide */
    double width = ceil((hi - lo) / 30.0 / unit) * unit;
    if (width <= 0)
        width = unit;
    h->lo = floor(lo / unit) * unit;
    h->width = width;
    h->n_bins = (size_t)((hi - h->lo) / width) + 1;
    h->counts = sl_arena_array(a, h->n_bins, sizeof *h->counts);
    if (!h->counts)
        return SL_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            continue;
        size_t k = (size_t)((v[i] - h->lo) / width);
        h->counts[k < h->n_bins ? k : h->n_bins - 1]++;
    }
    return 0;
}

/* Iterations ordered by a value: the value's order key and the
 * iteration, sorted stably from iteration order, so that equal values
 * stay in iteration order. */
typedef sl_keyed ranked;

/* The order key of a value; -0 and +0 are equal, as they compare. */
static uint64_t key_of(double v)
{
    return sl_order_key(v == 0 ? 0.0 : v);
}

/* The k-th smallest of a[0..n), k < n: Wirth's selection (Hoare
 * partitions around a[k], which split runs of equal values evenly;
 * N. Wirth, Algorithms + Data Structures = Programs, 1976, 2.3). Leaves
 * a[0..k) <= a[k] <= a(k..n). Expected O(n), where a sort is O(n log n):
 * the tornado needs only order statistics of its subsets. */
static int32_t select_i32(int32_t *a, size_t n, size_t k)
{
    long lo = 0, hi = (long)n - 1, at = (long)k;
    while (lo < hi) {
        int32_t x = a[at];
        long i = lo, j = hi;
        do {
            while (a[i] < x)
                i++;
            while (x < a[j])
                j--;
            if (i <= j) {
                int32_t t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        } while (i <= j);
        if (j < at)
            lo = i;
        if (at < i)
            hi = j;
    }
    return a[at];
}

static double days_of(int32_t f)
{
    return f == SIM_NOT_DONE ? INFINITY : f;
}

/* How far a swing must exceed the Monte Carlo noise to enter an agency's
 * tornado: 3 standard errors. A tornado tests tens of inputs, and at 2 an
 * input that cannot touch the agency would still show in about one of 20
 * tests; at 3 in one of 370. */
#define NOISE_Z 3.0

/* What one group of iterations (an input's decile, a gate's failed or
 * passed iterations) says about a finish. */
typedef struct subset {
    size_t n;
    double p;                /* P(on time) */
    double p80;              /* P80 finish, days; INFINITY: never done */
    double p80_lo, p80_hi;   /* the P80 within NOISE_Z / sqrt(2) standard errors */
} subset;

/* P(on time) and the P80 finish over the iterations in idx, of the finish
 * with that stride and offset (as outcome() reads it). With `noise`, also
 * the P80's noise interval: the order statistics NOISE_Z / sqrt(2) x
 * sqrt(n q (1 - q)) ranks either side of the P80's rank (the binomial
 * law of how many iterations fall below the true quantile; Conover,
 * Practical Nonparametric Statistics, 3.2), an end beyond the subset
 * being unbounded. Two P80s whose intervals do not overlap differ by
 * more than NOISE_Z standard errors of their difference (when their
 * errors are alike; more otherwise). O(n). */
static void subset_stats(subset *o, const int32_t *finish, size_t stride, size_t offset,
                         const ranked *idx, size_t n, double deadline, bool noise,
                         int32_t *scratch)
{
    size_t on = 0;
    for (size_t k = 0; k < n; k++) {
        int32_t f = finish[idx[k].item * stride + offset];
        on += f != SIM_NOT_DONE && f <= deadline;
        scratch[k] = f;
    }
    o->n = n;
    o->p = n ? (double)on / (double)n : 0;
    o->p80 = o->p80_lo = o->p80_hi = INFINITY;
    if (!n)
        return;
    size_t r = rank_of(0.8, n);
    o->p80 = days_of(select_i32(scratch, n, r));
    if (!noise)
        return;
    size_t h = (size_t)ceil(NOISE_Z / sqrt(2.0) * sqrt((double)n * 0.8 * 0.2));
    o->p80_lo = h <= r ? days_of(select_i32(scratch, r, r - h)) : -INFINITY;
    o->p80_hi = r + h < n ? days_of(select_i32(scratch + r + 1, n - r - 1, h - 1)) : INFINITY;
}

/* Ranks with ties sharing their mean rank. */
static void ranks(const ranked *sorted, size_t n, double *rank_of_iter)
{
    size_t k = 0;
    while (k < n) {
        size_t j = k;
        while (j + 1 < n && sorted[j + 1].key == sorted[k].key)
            j++;
        double mean = 0.5 * (double)(k + j);
        for (size_t t = k; t <= j; t++)
            rank_of_iter[sorted[t].item] = mean;
        k = j + 1;
    }
}

/* Mean and sum of squared deviations of a rank vector: computed once per
 * input and per finish, shared by every correlation that uses it. */
typedef struct moments {
    double mean, ss;
} moments;

static moments moments_of(const double *rk, size_t n)
{
    moments mo = {0, 0};
    for (size_t i = 0; i < n; i++)
        mo.mean += rk[i];
    mo.mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        mo.ss += (rk[i] - mo.mean) * (rk[i] - mo.mean);
    return mo;
}

static double spearman(const double *ra, moments a, const double *rb, moments b, size_t n)
{
    double sab = 0;
    for (size_t i = 0; i < n; i++)
        sab += (ra[i] - a.mean) * (rb[i] - b.mean);
    return a.ss > 0 && b.ss > 0 ? sab / sqrt(a.ss * b.ss) : 0;
}

const char *sl_tornado_measure_name(sl_tornado_measure t)
{
    static const char *const names[] = {"p_on_time", "finish_p80_days", "spearman_finish"};
    return (unsigned)t < SL_ARRAY_LEN(names) ? names[t] : "?";
}

/* The swing of the P80 finish in days; never done (infinite) is later
 * than any day, and never on both sides is no swing. */
static double p80_swing(const sl_tornado_bar *b)
{
    double lo = b->finish_p80_low_days, hi = b->finish_p80_high_days;
    if (isinf(lo) && isinf(hi))
        return 0;
    return fabs(hi - lo);
}

static int cmp_bar(const void *a, const void *b)
{
    const sl_tornado_bar *x = a, *y = b;
    if (x->swing != y->swing)
        return x->swing > y->swing ? -1 : 1;
    double fx = fabs(x->spearman_finish), fy = fabs(y->spearman_finish);
    if (fx != fy)
        return fx > fy ? -1 : 1;
    return strcmp(x->input, y->input);
}

/* Bits of what a bar moves, one per measure (bit t for measure t). */
#define MOVES_ALL (1u << SL_TORNADO_P_ON_TIME | 1u << SL_TORNADO_FINISH_P80 | 1u << SL_TORNADO_SPEARMAN)

/* What a bar moves at all: the overall tornado's rule, and an agency's
 * for a gate that holds some of its moves. */
static unsigned moves_at_all(const sl_tornado_bar *b)
{
    return (unsigned)(b->p_on_time_high != b->p_on_time_low) << SL_TORNADO_P_ON_TIME |
           (unsigned)(p80_swing(b) > 0) << SL_TORNADO_FINISH_P80 |
           (unsigned)(b->spearman_finish != 0) << SL_TORNADO_SPEARMAN;
}

/* What a bar moves beyond noise: by more than NOISE_Z standard errors.
 * P(on time): the two-proportion z-test with the pooled share (its error
 * under "the input does not matter", which stays honest for a small
 * group such as a rare refusal's); P80: the noise intervals do not
 * overlap; correlation: |rho| > NOISE_Z / sqrt(n - 1), its error when
 * input and finish are independent. */
static unsigned moves_beyond_noise(const sl_tornado_bar *b, const subset *lo, const subset *hi,
                                   size_t n)
{
    unsigned moves = 0;
    if (lo->n && hi->n) {
        double nl = (double)lo->n, nh = (double)hi->n;
        double pooled = (lo->p * nl + hi->p * nh) / (nl + nh);
        double se = sqrt(pooled * (1 - pooled) * (1 / nl + 1 / nh));
        if (fabs(hi->p - lo->p) > NOISE_Z * se)
            moves |= 1u << SL_TORNADO_P_ON_TIME;
    }
    if (lo->p80_hi < hi->p80_lo || hi->p80_hi < lo->p80_lo)
        moves |= 1u << SL_TORNADO_FINISH_P80;
    if (n > 1 && fabs(b->spearman_finish) > NOISE_Z / sqrt((double)(n - 1)))
        moves |= 1u << SL_TORNADO_SPEARMAN;
    return moves;
}

/* Picks a tornado's measure, the first (P(on time), P80, correlation)
 * that some bar moves, sets each bar's swing by it and sorts the bars by
 * it. With `keep_all` every bar stays (the overall tornado); else only
 * those that move the measure. Returns how many bars stay. */
static size_t rank_bars(sl_tornado_bar *bars, size_t n, const uint8_t *moves, bool keep_all,
                        sl_tornado_measure *measure)
{
    unsigned any = 0;
    for (size_t i = 0; i < n; i++)
        any |= moves[i];
    sl_tornado_measure t = any & 1u << SL_TORNADO_P_ON_TIME      ? SL_TORNADO_P_ON_TIME
                           : any & 1u << SL_TORNADO_FINISH_P80 ? SL_TORNADO_FINISH_P80
                                                               : SL_TORNADO_SPEARMAN;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep_all && !(moves[i] & 1u << t))
            continue;
        sl_tornado_bar *b = &bars[kept++];
        *b = bars[i];
        b->swing = t == SL_TORNADO_P_ON_TIME    ? fabs(b->p_on_time_high - b->p_on_time_low)
                   : t == SL_TORNADO_FINISH_P80 ? p80_swing(b)
                                                : fabs(b->spearman_finish);
    }
    *measure = t;
    if (kept > 1)
        qsort(bars, kept, sizeof *bars, cmp_bar);
    return kept;
}

/* The tornados' working memory: one input's order, the finishes' ranks
 * (overall first, then each agency's), and per agency its bars and what
 * each moves. */
typedef struct tornado_work {
    ranked *sorted;
    ranked *sort_tmp;      /* room for the sort */
    double *rank_in;
    double *rank_f;        /* (1 + na) x n; an agency that never varies has none */
    moments *fm;           /* 1 + na */
    int32_t *scratch;
    uint8_t *moves;        /* (1 + na) x total */
    bool *is_flat;         /* na: its finish is the same in every iteration */
    uint64_t *own_gates;   /* na */
} tornado_work;

static void tornado_work_free(tornado_work *w)
{
    sl_free(w->sorted);
    sl_free(w->sort_tmp);
    sl_free(w->rank_in);
    sl_free(w->rank_f);
    sl_free(w->fm);
    sl_free(w->scratch);
    sl_free(w->moves);
    sl_free(w->is_flat);
    sl_free(w->own_gates);
}

/* The ranks of a finish (overall: stride 1) over the iterations. */
static void finish_ranks(tornado_work *w, const int32_t *finish, size_t stride, size_t offset,
                         size_t n, double *rk, moments *mo)
{
    for (size_t i = 0; i < n; i++)
        w->sorted[i] = (ranked){key_of(finish[i * stride + offset]), i};
    sl_sort_keyed(w->sorted, n, w->sort_tmp);
    ranks(w->sorted, n, rk);
    *mo = moments_of(rk, n);
}

/* The overall tornado and each agency's (sl_sim_tornado): every input is
 * ordered once, and each finish measured over the same deciles. An agency
 * whose finish never varies has an empty tornado: nothing moves it. Cost:
 * O(inputs x n log n) for the orders, plus O(inputs x agencies x n). */
static int tornado(sl_simulation *s, const sim_ctx *c, const run *r)
{
    const sl_model *m = c->m;
    size_t n = (size_t)r->n, na = m->n_agencies;
    size_t n_gate_inputs = 0;
    for (size_t g = 0; g < m->n_gates; g++)
        n_gate_inputs += m->gates[g].pass_probability < 1.0;
    size_t total = c->n_uncertain + n_gate_inputs, cap = total ? total : 1;
    s->tornado = sl_arena_array(s->arena, cap, sizeof *s->tornado);
    s->per_agency_tornado = sl_arena_array(s->arena, na ? na : 1, sizeof *s->per_agency_tornado);
    tornado_work w = {
        .sorted = sl_malloc(n * sizeof *w.sorted),
        .sort_tmp = sl_malloc(n * sizeof *w.sort_tmp),
        .rank_in = sl_malloc(n * sizeof *w.rank_in),
        .rank_f = sl_malloc((1 + na) * n * sizeof *w.rank_f),
        .fm = sl_calloc(1 + na, sizeof *w.fm),
        .scratch = sl_malloc(n * sizeof *w.scratch),
        .moves = sl_calloc((1 + na) * cap, sizeof *w.moves),
        .is_flat = sl_calloc(na ? na : 1, sizeof *w.is_flat),
        .own_gates = sl_calloc(na ? na : 1, sizeof *w.own_gates),
    };
    bool ok = s->tornado && s->per_agency_tornado && w.sorted && w.sort_tmp && w.rank_in && w.rank_f && w.fm &&
              w.scratch && w.moves && w.is_flat && w.own_gates;
    for (size_t a = 0; ok && a < na; a++) {
        sl_sim_tornado *t = &s->per_agency_tornado[a];
        t->measure = SL_TORNADO_SPEARMAN;
        w.is_flat[a] = true;
        for (size_t i = 1; i < n && w.is_flat[a]; i++)
            w.is_flat[a] = r->agency_finish[i * na + a] == r->agency_finish[a];
        w.own_gates[a] = agency_gates(c, a);
        if (!w.is_flat[a]) {
            t->bars = sl_arena_array(s->arena, cap, sizeof *t->bars);
            ok = t->bars != NULL;
        }
    }
    if (!ok) {
        tornado_work_free(&w);
        return SL_ENOMEM;
    }
    finish_ranks(&w, r->finish, 1, 0, n, w.rank_f, &w.fm[0]);
    for (size_t a = 0; a < na; a++)
        if (!w.is_flat[a])
            finish_ranks(&w, r->agency_finish, na, a, n, w.rank_f + (1 + a) * n, &w.fm[1 + a]);
    uint64_t joining_gates = 0;
    for (size_t a = 0; a < na; a++)
        if (sl_agency_moves(&m->agencies[a]))
            joining_gates |= w.own_gates[a];
    size_t decile = n / 10 ? n / 10 : 1;
    for (size_t u = 0; u < total; u++) {
        sl_tornado_bar *b = &s->tornado[s->n_tornado];
        size_t lo_n, hi_off, gate = SIZE_MAX;
        if (u < c->n_uncertain && !c->reaches_finish[u])
            continue; /* a price or a one-off: it cannot move a finish */
        if (u < c->n_uncertain) {
            for (size_t i = 0; i < n; i++)
                w.sorted[i] = (ranked){key_of(r->inputs[i * r->nu + u]), i};
            sl_sort_keyed(w.sorted, n, w.sort_tmp);
            b->input = m->params[c->uncertain[u]].path;
            lo_n = decile;
            hi_off = n - decile;
        } else {
            /* the k-th gate that may fail: failed iterations against passed */
            size_t k = u - c->n_uncertain;
            for (gate = 0;; gate++) {
                if (m->gates[gate].pass_probability >= 1.0)
                    continue;
                if (k == 0)
                    break;
                k--;
            }
            /* 0 before 1, each in iteration order: what sorting by
             * (value, iteration) gives, in one pass */
            lo_n = 0;
            for (size_t i = 0; i < n; i++)
                lo_n += !r->gate_passed[i * r->ng + gate];
            for (size_t i = 0, f = 0, p = lo_n; i < n; i++) {
                uint8_t v = r->gate_passed[i * r->ng + gate];
                w.sorted[v ? p++ : f++] = (ranked){key_of(v), i};
            }
            b->input = sl_arena_printf(s->arena, "gates.%s.passes", m->gates[gate].id);
            if (!b->input) {
                tornado_work_free(&w);
                return SL_ENOMEM;
            }
            hi_off = lo_n;
            if (lo_n == 0 || lo_n == n)
                continue; /* never failed, or never passed: no swing to show */
        }
        b->low = sl_order_value(w.sorted[rank_of(0.1, n)].key);
        b->high = sl_order_value(w.sorted[rank_of(0.9, n)].key);
        subset lo, hi;
        subset_stats(&lo, r->finish, 1, 0, w.sorted, lo_n, c->deadline_day, true, w.scratch);
        subset_stats(&hi, r->finish, 1, 0, w.sorted + hi_off, n - hi_off, c->deadline_day, true,
                     w.scratch);
        b->p_on_time_low = lo.p;
        b->p_on_time_high = hi.p;
        b->finish_p80_low_days = lo.p80;
        b->finish_p80_high_days = hi.p80;
        ranks(w.sorted, n, w.rank_in);
        moments mi = moments_of(w.rank_in, n);
        b->spearman_finish = spearman(w.rank_in, mi, w.rank_f, w.fm[0], n);
        /* as an agency's: beyond noise, or a gate holding some joining
         * agency's moves */
        bool holds_moves = gate != SIZE_MAX && (joining_gates >> gate & 1);
        w.moves[s->n_tornado] =
            (uint8_t)(holds_moves ? moves_at_all(b) : moves_beyond_noise(b, &lo, &hi, n));
        for (size_t a = 0; a < na; a++) {
            if (w.is_flat[a])
                continue;
            sl_tornado_bar *ab = &s->per_agency_tornado[a].bars[s->n_tornado];
            *ab = *b;
            subset_stats(&lo, r->agency_finish, na, a, w.sorted, lo_n, c->deadline_day, true,
                         w.scratch);
            subset_stats(&hi, r->agency_finish, na, a, w.sorted + hi_off, n - hi_off,
                         c->deadline_day, true, w.scratch);
            ab->p_on_time_low = lo.p;
            ab->p_on_time_high = hi.p;
            ab->finish_p80_low_days = lo.p80;
            ab->finish_p80_high_days = hi.p80;
            ab->spearman_finish = spearman(w.rank_in, mi, w.rank_f + (1 + a) * n, w.fm[1 + a], n);
            /* a refusal of a gate holding the agency's moves keeps them
             * behind: known, however few iterations refused it */
            bool is_own = gate != SIZE_MAX && (w.own_gates[a] >> gate & 1);
            w.moves[(1 + a) * cap + s->n_tornado] =
                (uint8_t)(is_own ? moves_at_all(ab) : moves_beyond_noise(ab, &lo, &hi, n));
        }
        s->n_tornado++;
    }
    size_t measured = s->n_tornado;
    s->n_tornado = rank_bars(s->tornado, measured, w.moves, false, &s->tornado_measure);
    for (size_t a = 0; a < na; a++) {
        sl_sim_tornado *t = &s->per_agency_tornado[a];
        if (!w.is_flat[a])
            t->n_bars = rank_bars(t->bars, measured, w.moves + (1 + a) * cap, false, &t->measure);
    }
    tornado_work_free(&w);
    return 0;
}

static int summarise(sl_simulation *s, const sim_ctx *c, const run *r)
{
    const sl_model *m = c->m;
    size_t n = (size_t)r->n, na = m->n_agencies;
    double *workloads = sl_calloc(na ? na : 1, sizeof *workloads);
    if (!workloads)
        return SL_ENOMEM;
    double total_joining = 0;
    for (size_t i = 0; i < m->n_workloads; i++)
        workloads[m->workloads[i].agency] += 1;
    for (size_t a = 0; a < na; a++)
        if (sl_agency_moves(&m->agencies[a]))
            total_joining += workloads[a];
    uint8_t *all_allowed = NULL;
    int rc = allowed_runs(s, c, r, &all_allowed);
    for (size_t a = 0; a < na && !rc; a++) {
        s->per_agency[a].agency = (sl_index)a;
        rc = outcome(&s->per_agency[a], m, r, r->agency_finish, r->agency_cost,
                     s->agency_allowed_runs, na, a, c->deadline_day, r->agency_blocked,
                     workloads[a]);
    }
    /* overall blocked: summed over joining agencies */
    int *blocked = sl_calloc(n ? n : 1, sizeof *blocked);
    if (!rc && !blocked)
        rc = SL_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++)
        for (size_t a = 0; a < na; a++)
            if (sl_agency_moves(&m->agencies[a]))
                blocked[i] += r->agency_blocked[i * na + a];
    if (!rc) {
        s->overall.agency = SL_NONE;
        rc = outcome(&s->overall, m, r, r->finish, r->cost, all_allowed, 1, 0, c->deadline_day,
                     blocked, total_joining);
    }
    sl_free(blocked);
    sl_free(workloads);
    if (!rc)
        rc = conditional(s, c, r, all_allowed);
    sl_free(all_allowed);
    if (rc)
        return rc;
    long retries = 0;
    for (size_t i = 0; i < n; i++)
        retries += r->retries[i];
    s->overall.mean_retries = (double)retries / (double)n;
    s->finish_sorted_days = sl_arena_array(s->arena, n, sizeof(double));
    s->cost_sorted = sl_arena_array(s->arena, n, sizeof(double));
    if (!s->finish_sorted_days || !s->cost_sorted)
        return SL_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        s->finish_sorted_days[i] = r->finish[i] == SIM_NOT_DONE ? INFINITY : r->finish[i];
        s->cost_sorted[i] = r->cost[i];
    }
    s->agency_cost_runs = sl_arena_memdup(s->arena, r->agency_cost,
                                          n * (na ? na : 1) * sizeof *r->agency_cost);
    s->agency_finish_runs = sl_arena_array(s->arena, n * (na ? na : 1), sizeof(int32_t));
    if (!s->agency_cost_runs || !s->agency_finish_runs)
        return SL_ENOMEM;
    for (size_t i = 0; i < n * na; i++)
        s->agency_finish_runs[i] = r->agency_finish[i] == SIM_NOT_DONE ? -1 : r->agency_finish[i];
    if (sl_sort_doubles(s->finish_sorted_days, n) || sl_sort_doubles(s->cost_sorted, n))
        return SL_ENOMEM;
    rc = histogram(&s->finish_days, s->arena, s->finish_sorted_days, n, 7.0);
    if (!rc) {
        double unit = pow(10, floor(log10(fmax(1.0, s->cost_sorted[n - 1] - s->cost_sorted[0]) / 30)));
        rc = histogram(&s->cost, s->arena, s->cost_sorted, n, unit);
    }
    return rc ? rc : tornado(s, c, r);
}

void sl_simulation_free(sl_simulation *s)
{
    if (!s)
        return;
    sl_arena_free(s->arena);
    sl_free(s);
}

int sl_simulate_run(sl_simulation **out, const sl_model *m, size_t n_groups,
                    const sl_index *workload_group, const bool *is_movable,
                    const sl_schedule *planned, const sl_simulate_options *opts, sl_diag *d)
{
    *out = NULL;
    sl_simulate_options o = SL_SIMULATE_OPTIONS_INIT;
    if (opts)
        o = *opts;
    long n = o.iterations > 0 ? o.iterations : m->iterations;
    if (n <= 0)
        n = 10000;
    int threads = o.threads;
    if (threads <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores > 0 ? (int)cores : 1;
    }
    if (threads > 256)
        threads = 256;
    if (n < (long)threads * CHUNK)
        threads = (int)((n + CHUNK - 1) / CHUNK);
    sim_ctx c;
    int rc = sim_prepare(&c, m, n_groups, workload_group, is_movable, planned, o.assessment);
    if (rc == SL_ELIMIT)
        sl_diag_add(d, SL_ERROR, m->file, 0, 0,
                    "the simulation handles at most 64 gates, %d agencies and %d sites",
                    SIM_MAX_AGENCIES, SIM_MAX_SITES);
    if (rc)
        return rc;
    sl_simulation *s = sl_calloc(1, sizeof *s);
    run r;
    memset(&r, 0, sizeof r);
    r.c = &c;
    r.seed = o.has_seed ? o.seed : m->seed;
    r.n = n;
    r.na = m->n_agencies;
    r.nu = c.n_uncertain;
    r.ng = m->n_gates;
    r.ns = m->n_sites;
    size_t un = (size_t)n;
    r.finish = sl_malloc(un * sizeof *r.finish);
    r.agency_finish = sl_malloc(un * (r.na ? r.na : 1) * sizeof *r.agency_finish);
    r.cost = sl_malloc(un * sizeof *r.cost);
    r.agency_cost = sl_malloc(un * (r.na ? r.na : 1) * sizeof *r.agency_cost);
    r.agency_blocked = sl_malloc(un * (r.na ? r.na : 1) * sizeof *r.agency_blocked);
    r.retries = sl_malloc(un * sizeof *r.retries);
    r.inputs = sl_malloc(un * (r.nu ? r.nu : 1) * sizeof *r.inputs);
    r.gate_passed = sl_malloc(un * (r.ng ? r.ng : 1) * sizeof *r.gate_passed);
    rc = s && r.finish && r.agency_finish && r.cost && r.agency_cost && r.agency_blocked &&
                 r.retries && r.inputs && r.gate_passed
             ? 0
             : SL_ENOMEM;
    if (!rc) {
        s->arena = sl_arena_new();
        s->per_agency = s->arena ? sl_arena_array(s->arena, r.na ? r.na : 1, sizeof *s->per_agency)
                                 : NULL;
        /* the stages after simulate read the halls' spans: straight into
         * the result */
        s->hall_runs = s->arena ? sl_arena_array(s->arena, un * (r.ns ? r.ns : 1),
                                                 sizeof *s->hall_runs)
                                : NULL;
        r.halls = s->hall_runs;
        s->n_sites = r.ns;
        rc = s->per_agency && s->hall_runs ? 0 : SL_ENOMEM;
    }
    if (!rc) {
        atomic_init(&r.next, 0);
        atomic_init(&r.done, 0);
        atomic_init(&r.failed, 0);
        r.is_cancelled = o.is_cancelled;
        r.cancel_user = o.cancel_user;
        rc = run_all(&r, threads, o.progress, o.progress_user);
    }
    if (!rc) {
        s->iterations = n;
        s->seed = r.seed;
        s->threads = threads;
        s->n_agencies = m->n_agencies;
        rc = summarise(s, &c, &r);
    }
    sl_free(r.finish);
    sl_free(r.agency_finish);
    sl_free(r.cost);
    sl_free(r.agency_cost);
    sl_free(r.agency_blocked);
    sl_free(r.retries);
    sl_free(r.inputs);
    sl_free(r.gate_passed);
    sim_ctx_free(&c);
    if (rc) {
        sl_simulation_free(s);
        return rc;
    }
    *out = s;
    return 0;
}
