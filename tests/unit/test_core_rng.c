/* SPDX-License-Identifier: MIT */
/* Random numbers: Philox known answers, keying, and distribution moments. */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>

static void test_rng__philox_matches_the_published_known_answers(void **state)
{
    (void)state;
    /* Random123 kat_vectors: philox4x32 10 rounds */
    uint32_t out[4];
    const uint32_t zero_key[2] = {0, 0}, zero_ctr[4] = {0, 0, 0, 0};
    sl_philox4x32(zero_key, zero_ctr, out);
    assert_int_equal(out[0], 0x6627e8d5u);
    assert_int_equal(out[1], 0xe169c58du);
    assert_int_equal(out[2], 0xbc57ac4cu);
    assert_int_equal(out[3], 0x9b00dbd8u);
    const uint32_t ones_key[2] = {0xffffffffu, 0xffffffffu};
    const uint32_t ones_ctr[4] = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu};
    sl_philox4x32(ones_key, ones_ctr, out);
    assert_int_equal(out[0], 0x408f276du);
    assert_int_equal(out[1], 0x41c83b0eu);
    assert_int_equal(out[2], 0xa20bc7c6u);
    assert_int_equal(out[3], 0x6d5451fdu);
    const uint32_t pi_key[2] = {0xa4093822u, 0x299f31d0u};
    const uint32_t pi_ctr[4] = {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u};
    sl_philox4x32(pi_key, pi_ctr, out);
    assert_int_equal(out[0], 0xd16cfe09u);
    assert_int_equal(out[1], 0x94fdccebu);
    assert_int_equal(out[2], 0x5001e420u);
    assert_int_equal(out[3], 0x24126ea1u);
}

static void test_rng__streams_depend_only_on_their_keys(void **state)
{
    (void)state;
    sl_rng a, b, c;
    sl_rng_init(&a, 42, 1000, 3);
    sl_rng_init(&b, 42, 1000, 3);
    sl_rng_init(&c, 42, 1001, 3);
    int same_as_c = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t x = sl_rng_u32(&a);
        assert_int_equal(x, sl_rng_u32(&b));
        same_as_c += x == sl_rng_u32(&c);
    }
    assert_true(same_as_c < 5);
}

static void test_rng__uniform_and_below_are_in_range_and_unbiased(void **state)
{
    (void)state;
    sl_rng r;
    sl_rng_init(&r, 1, 0, 0);
    int counts[7] = {0};
    double sum = 0;
    const int n = 700000;
    for (int i = 0; i < n; i++) {
        double u = sl_rng_uniform(&r);
        assert_true(u >= 0 && u < 1);
        sum += u;
        counts[sl_rng_below(&r, 7)]++;
    }
    assert_true(fabs(sum / n - 0.5) < 0.002);
    for (int k = 0; k < 7; k++) /* 100000 expected, sd ~ 293 */
        assert_true(abs(counts[k] - 100000) < 1500);
}

static void check_mean(const sl_dist *d, double want_mean, double tol)
{
    sl_rng r;
    sl_rng_init(&r, 9, 0, 1);
    double sum = 0;
    const int n = 200000;
    for (int i = 0; i < n; i++) {
        double x = sl_dist_sample(d, &r);
        if (d->kind != SL_DIST_LOGNORMAL)
            assert_true(x >= d->min && x <= d->max);
        sum += x;
    }
    if (fabs(sum / n - want_mean) > tol)
        fail_msg("%s mean %g, expected %g", sl_dist_kind_name(d->kind), sum / n, want_mean);
    assert_true(fabs(sl_dist_mean(d) - want_mean) < 1e-9);
}

static void test_rng__distributions_have_their_textbook_means(void **state)
{
    (void)state;
    sl_dist tri = {SL_DIST_TRIANGULAR, 2, 3, 10, SL_NONE};
    check_mean(&tri, 5.0, 0.02); /* (a + m + b) / 3 */
    sl_dist pert = {SL_DIST_PERT, 2, 3, 10, SL_NONE};
    check_mean(&pert, 4.0, 0.02); /* (a + 4m + b) / 6 */
    sl_dist uni = {SL_DIST_UNIFORM, 4, 6, 8, SL_NONE};
    check_mean(&uni, 6.0, 0.02);
    sl_dist logn = {SL_DIST_LOGNORMAL, 0, 10, 20, SL_NONE};
    double sigma = log(2.0) / 1.2815515655446004;
    check_mean(&logn, 10 * exp(sigma * sigma / 2), 0.05);
    sl_dist fixed = {SL_DIST_FIXED, 7, 7, 7, SL_NONE};
    check_mean(&fixed, 7.0, 0);
}

static void test_rng__quantiles_invert_the_cdf(void **state)
{
    (void)state;
    sl_dist tri = {SL_DIST_TRIANGULAR, 0, 1, 2, SL_NONE};
    assert_true(fabs(sl_dist_quantile(&tri, 0.5) - 1.0) < 1e-12);
    assert_true(fabs(sl_dist_quantile(&tri, 0.125) - 0.5) < 1e-12); /* F(0.5) = 0.5^2 / 2 */
    sl_dist pert = {SL_DIST_PERT, 0, 5, 10, SL_NONE};
    assert_true(fabs(sl_dist_quantile(&pert, 0.5) - 5.0) < 1e-6);
    /* empirical check of a skewed PERT quantile against samples */
    sl_dist skew = {SL_DIST_PERT, 3, 5, 9, SL_NONE};
    double q80 = sl_dist_quantile(&skew, 0.8);
    sl_rng r;
    sl_rng_init(&r, 3, 0, 0);
    int below = 0;
    for (int i = 0; i < 100000; i++)
        below += sl_dist_sample(&skew, &r) <= q80;
    assert_true(abs(below - 80000) < 600);
    sl_dist logn = {SL_DIST_LOGNORMAL, 0, 10, 20, SL_NONE};
    assert_true(fabs(sl_dist_quantile(&logn, 0.9) - 20.0) < 1e-6);
    assert_true(fabs(sl_dist_quantile(&logn, 0.5) - 10.0) < 1e-6);
}

/* The PERT density's integral from min to x, by composite Simpson over
 * theta with t = sin^2 theta (which smooths the density's ends for shapes
 * near 1): shares nothing with the library's incomplete beta. */
static double pert_cdf_by_simpson(const sl_dist *d, double x)
{
    double span = d->max - d->min;
    double a = 1 + 4 * (d->likely - d->min) / span, b = 1 + 4 * (d->max - d->likely) / span;
    const int n = 20000; /* even */
    double total = 0, part = 0;
    for (int pass = 0; pass < 2; pass++) {
        double hi = asin(sqrt(pass ? (x - d->min) / span : 1)), h = hi / n, sum = 0;
        for (int i = 0; i <= n; i++) {
            double th = i * h, f = pow(sin(th), 2 * a - 1) * pow(cos(th), 2 * b - 1);
            sum += f * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
        }
        *(pass ? &part : &total) = sum * h / 3;
    }
    return part / total;
}

static void test_rng__pert_quantiles_match_an_integrated_density(void **state)
{
    (void)state;
    const sl_dist shapes[] = {
        {SL_DIST_PERT, 4, 6, 8, SL_NONE},    {SL_DIST_PERT, 3, 5, 9, SL_NONE},
        {SL_DIST_PERT, 0, 0, 10, SL_NONE},   {SL_DIST_PERT, 0, 10, 10, SL_NONE},
        {SL_DIST_PERT, 1, 1.2, 30, SL_NONE}, {SL_DIST_PERT, 0.05, 0.1, 0.2, SL_NONE},
    };
    const double us[] = {0.5 / 256, 0.01, 0.1, 0.25, 0.5, 0.8, 0.9, 0.99, 1 - 0.5 / 256};
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        double last = -INFINITY;
        for (size_t i = 0; i < sizeof us / sizeof *us; i++) {
            double q = sl_dist_quantile(&shapes[k], us[i]);
            assert_true(q >= shapes[k].min && q <= shapes[k].max);
            assert_true(q > last); /* increasing in u */
            last = q;
            assert_true(fabs(pert_cdf_by_simpson(&shapes[k], q) - us[i]) < 1e-7);
        }
        assert_true(sl_dist_quantile(&shapes[k], 0) == shapes[k].min);
        assert_true(sl_dist_quantile(&shapes[k], 1) == shapes[k].max);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng__philox_matches_the_published_known_answers),
        cmocka_unit_test(test_rng__streams_depend_only_on_their_keys),
        cmocka_unit_test(test_rng__uniform_and_below_are_in_range_and_unbiased),
        cmocka_unit_test(test_rng__distributions_have_their_textbook_means),
        cmocka_unit_test(test_rng__quantiles_invert_the_cdf),
        cmocka_unit_test(test_rng__pert_quantiles_match_an_integrated_density),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
