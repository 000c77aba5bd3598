/* SPDX-License-Identifier: MIT */
/*
 * rng.c - counter-based random numbers and sampling of sl_dist.
 *
 * Generator: Philox4x32-10 (J. K. Salmon, M. A. Moraes, R. O. Dror,
 * D. E. Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11). The
 * key is the seed; the counter holds (block, stream, iteration), so each
 * (seed, iteration, stream) names its own independent sequence and a
 * Monte Carlo iteration draws the same numbers on any thread.
 *
 * Distributions: triangular by its closed-form inverse CDF; PERT as
 * a + (b - a) * Beta(alpha, beta) with alpha = 1 + 4 (m - a) / (b - a),
 * beta = 1 + 4 (b - m) / (b - a) (Vose, "Risk Analysis", 3rd ed., 2008),
 * Beta from two Gamma draws (Marsaglia & Tsang 2000); lognormal from its
 * median (`likely`) and 90th percentile (`max`).
 */
#include "core.h"

#include <float.h>
#include <math.h>

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u
#define Z90 1.2815515655446004 /* standard normal 90th percentile */

static void philox_block(const uint32_t key_in[2], const uint32_t ctr_in[4], uint32_t out[4])
{
    uint32_t k0 = key_in[0], k1 = key_in[1];
    uint32_t c0 = ctr_in[0], c1 = ctr_in[1], c2 = ctr_in[2], c3 = ctr_in[3];
    for (int round = 0; round < 10; round++) {
        uint64_t p0 = (uint64_t)PHILOX_M0 * c0;
        uint64_t p1 = (uint64_t)PHILOX_M1 * c2;
        uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

void sl_philox4x32(const uint32_t key[2], const uint32_t ctr[4], uint32_t out[4])
{
    philox_block(key, ctr, out);
}

void sl_rng_init(sl_rng *r, uint64_t seed, uint64_t iteration, uint32_t stream)
{
    r->key[0] = (uint32_t)seed;
    r->key[1] = (uint32_t)(seed >> 32);
    r->ctr[0] = 0;
    r->ctr[1] = stream;
    r->ctr[2] = (uint32_t)iteration;
    r->ctr[3] = (uint32_t)(iteration >> 32);
    r->used = 4;
}

uint32_t sl_rng_u32(sl_rng *r)
{
    if (r->used == 4) {
        philox_block(r->key, r->ctr, r->out);
        r->ctr[0]++;
        r->used = 0;
    }
    return r->out[r->used++];
}

uint64_t sl_rng_u64(sl_rng *r)
{
    uint64_t hi = sl_rng_u32(r);
    return (hi << 32) | sl_rng_u32(r);
}

double sl_rng_uniform(sl_rng *r)
{
    return (double)(sl_rng_u64(r) >> 11) * 0x1.0p-53;
}

uint32_t sl_rng_below(sl_rng *r, uint32_t n)
{
    /* Lemire's multiply-shift with rejection: unbiased. */
    uint64_t m = (uint64_t)sl_rng_u32(r) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t threshold = (uint32_t)(-n) % n;
        while (low < threshold) {
            m = (uint64_t)sl_rng_u32(r) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

double sl_rng_normal(sl_rng *r)
{
    double u1 = sl_rng_uniform(r);
    double u2 = sl_rng_uniform(r);
    return sqrt(-2.0 * log1p(-u1)) * cos(6.283185307179586 * u2);
}

static double gamma_sample(sl_rng *r, double shape)
{
    if (shape < 1.0) {
        double u = sl_rng_uniform(r);
        return gamma_sample(r, shape + 1.0) * pow(1.0 - u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x = sl_rng_normal(r);
        double v = 1.0 + c * x;
        if (v <= 0)
            continue;
        v = v * v * v;
        double u = 1.0 - sl_rng_uniform(r);
        if (u < 1.0 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
            return d * v;
    }
}

static void pert_shape(const sl_dist *d, double *alpha, double *beta)
{
    double span = d->max - d->min;
    *alpha = 1.0 + 4.0 * (d->likely - d->min) / span;
    *beta = 1.0 + 4.0 * (d->max - d->likely) / span;
}

static double triangular_quantile(const sl_dist *d, double u)
{
    double a = d->min, m = d->likely, b = d->max;
    double f = (m - a) / (b - a);
    if (u < f)
        return a + sqrt(u * (b - a) * (m - a));
    return b - sqrt((1.0 - u) * (b - a) * (b - m));
}

double sl_dist_sample(const sl_dist *d, sl_rng *r)
{
    if (d->kind == SL_DIST_FIXED || d->max <= d->min)
        return d->likely;
    switch (d->kind) {
    case SL_DIST_TRIANGULAR:
        return triangular_quantile(d, sl_rng_uniform(r));
    case SL_DIST_UNIFORM:
        return d->min + (d->max - d->min) * sl_rng_uniform(r);
    case SL_DIST_PERT: {
        double alpha, beta;
        pert_shape(d, &alpha, &beta);
        double x = gamma_sample(r, alpha);
        double y = gamma_sample(r, beta);
        return d->min + (d->max - d->min) * (x / (x + y));
    }
    case SL_DIST_LOGNORMAL: {
        double sigma = log(d->max / d->likely) / Z90;
        return d->likely * exp(sigma * sl_rng_normal(r));
    }
    default:
        return d->likely;
    }
}

/* Regularised incomplete beta I_x(a, b) by Lentz's continued fraction
 * (Press et al., Numerical Recipes 3rd ed., section 6.4). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1.0, dd = 1.0 - (a + b) * x / (a + 1.0);
    if (fabs(dd) < tiny)
        dd = tiny;
    dd = 1.0 / dd;
    double h = dd;
    for (int m = 1; m <= 300; m++) {
        double m2 = 2.0 * m;
        double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        dd = 1.0 + num * dd;
        dd = fabs(dd) < tiny ? 1.0 / tiny : 1.0 / dd;
        c = 1.0 + num / c;
        if (fabs(c) < tiny)
            c = tiny;
        h *= dd * c;
        num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        dd = 1.0 + num * dd;
        dd = fabs(dd) < tiny ? 1.0 / tiny : 1.0 / dd;
        c = 1.0 + num / c;
        if (fabs(c) < tiny)
            c = tiny;
        double del = dd * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-14)
            break;
    }
    return h;
}

/* I_x(a, b), given log_norm = ln(1 / B(a, b)). */
static double incomplete_beta(double a, double b, double x, double log_norm)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    double front = exp(log_norm + a * log(x) + b * log1p(-x));
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * beta_cf(a, b, x) / a;
    return 1.0 - front * beta_cf(b, a, 1.0 - x) / b;
}

/* The x in [0, 1] with I_x(a, b) = u, for a, b >= 1 (PERT shapes): Newton's
 * method with the beta density as slope, inside a bracket that every step
 * narrows; a step that would leave it bisects instead. Some six
 * evaluations where plain bisection needs sixty: the simulation builds a
 * 257-point quantile table of every uncertain number each run. */
static double beta_quantile(double a, double b, double u)
{
    if (u <= 0)
        return 0;
    if (u >= 1)
        return 1;
    const double log_norm = lgamma(a + b) - lgamma(a) - lgamma(b);
    double lo = 0, hi = 1, x = a / (a + b);
    for (int i = 0; i < 200; i++) {
        double f = incomplete_beta(a, b, x, log_norm) - u;
        if (f == 0)
            return x;
        if (f < 0)
            lo = x;
        else
            hi = x;
        double density = exp(log_norm + (a - 1) * log(x) + (b - 1) * log1p(-x));
        double next = x - f / density;
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (fabs(next - x) <= 4 * DBL_EPSILON * x || hi - lo <= 4 * DBL_EPSILON * hi)
            return next;
        x = next;
    }
    return x;
}

double sl_dist_quantile(const sl_dist *d, double u)
{
    if (u < 0)
        u = 0;
    if (u > 1)
        u = 1;
    if (d->kind == SL_DIST_FIXED || d->max <= d->min)
        return d->likely;
    switch (d->kind) {
    case SL_DIST_TRIANGULAR:
        return triangular_quantile(d, u);
    case SL_DIST_UNIFORM:
        return d->min + (d->max - d->min) * u;
    case SL_DIST_PERT: {
        double alpha, beta;
        pert_shape(d, &alpha, &beta);
        return d->min + (d->max - d->min) * beta_quantile(alpha, beta, u);
    }
    case SL_DIST_LOGNORMAL: {
        /* inverse normal CDF by bisection on erfc: rare, not on a hot path */
        double lo = -8, hi = 8;
        for (int i = 0; i < 80; i++) {
            double mid = 0.5 * (lo + hi);
            if (0.5 * erfc(-mid / sqrt(2.0)) < u)
                lo = mid;
            else
                hi = mid;
        }
        double sigma = log(d->max / d->likely) / Z90;
        return d->likely * exp(sigma * 0.5 * (lo + hi));
    }
    default:
        return d->likely;
    }
}

double sl_dist_mean(const sl_dist *d)
{
    if (d->kind == SL_DIST_FIXED || d->max <= d->min)
        return d->likely;
    switch (d->kind) {
    case SL_DIST_TRIANGULAR:
        return (d->min + d->likely + d->max) / 3.0;
    case SL_DIST_UNIFORM:
        return 0.5 * (d->min + d->max);
    case SL_DIST_PERT:
        return (d->min + 4.0 * d->likely + d->max) / 6.0;
    case SL_DIST_LOGNORMAL: {
        double sigma = log(d->max / d->likely) / Z90;
        return d->likely * exp(0.5 * sigma * sigma);
    }
    default:
        return d->likely;
    }
}
