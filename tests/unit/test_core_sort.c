/* SPDX-License-Identifier: MIT */
/* Radix sorts against qsort with a plain comparison (stable by position
 * where keys tie), on arrays with the awkward values: negatives, both
 * zeros, infinities, extremes of int32, long runs of one value. */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A small deterministic generator (xorshift64*), independent of core. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

typedef struct pos_double {
    double v;
    size_t pos;
} pos_double;

/* Numeric order; a tie (-0 and +0 too) by position: a stable sort. */
static int cmp_pos_double(const void *a, const void *b)
{
    const pos_double *x = a, *y = b;
    if (x->v < y->v)
        return -1;
    if (x->v > y->v)
        return 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

static double awkward_double(uint64_t *s)
{
    static const double special[] = {0.0,  -0.0,   INFINITY, -INFINITY, 1.0,
                                     -1.0, 1e-310, -1e-310,  1e308,     -1e308};
    uint64_t r = next(s);
    switch (r % 4) {
    case 0:
        return special[(r >> 8) % SL_ARRAY_LEN(special)];
    case 1:
        return (double)((int64_t)(r >> 20) % 7); /* many ties */
    default:
        return ((double)(r >> 11) * 0x1.0p-53 - 0.5) * pow(10, (double)((r >> 3) % 20) - 10);
    }
}

static void test_sort__keys_order_doubles_numerically(void **state)
{
    (void)state;
    const double v[] = {-INFINITY, -1e308, -1.5, -1e-310, -0.0, 0.0, 1e-310, 2.0, 1e308, INFINITY};
    for (size_t i = 0; i + 1 < SL_ARRAY_LEN(v); i++)
        assert_true(sl_order_key(v[i]) < sl_order_key(v[i + 1]));
    for (size_t i = 0; i < SL_ARRAY_LEN(v); i++) {
        double back = sl_order_value(sl_order_key(v[i]));
        assert_memory_equal(&back, &v[i], sizeof back); /* the bits, -0 included */
    }
    assert_true(sl_order_key(NAN) > sl_order_key(INFINITY));
}

static void test_sort__doubles_agree_with_qsort(void **state)
{
    (void)state;
    uint64_t s = 0x9e3779b97f4a7c15ull;
    const size_t sizes[] = {0, 1, 2, 3, 17, 256, 1000, 20000};
    for (size_t t = 0; t < SL_ARRAY_LEN(sizes); t++) {
        size_t n = sizes[t];
        double *a = malloc((n ? n : 1) * sizeof *a);
        pos_double *o = malloc((n ? n : 1) * sizeof *o);
        assert_non_null(a);
        assert_non_null(o);
        for (size_t i = 0; i < n; i++) {
            a[i] = awkward_double(&s);
            o[i] = (pos_double){a[i], i};
        }
        assert_int_equal(sl_sort_doubles(a, n), 0);
        qsort(o, n, sizeof *o, cmp_pos_double);
        for (size_t i = 0; i < n; i++) {
            /* the same numbers; a run of zeros may differ in their signs
             * (the radix sort puts -0 first), not in their count */
            assert_true(a[i] == o[i].v);
            if (i > 0)
                assert_true(sl_order_key(a[i - 1]) <= sl_order_key(a[i]));
        }
        free(a);
        free(o);
    }
}

static void test_sort__int32_agree_with_qsort(void **state)
{
    (void)state;
    uint64_t s = 12345;
    const size_t n = 5000;
    int32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next(&s);
        a[i] = r % 5 == 0   ? INT32_MIN
               : r % 5 == 1 ? INT32_MAX
               : r % 5 == 2 ? (int32_t)(r >> 40) % 3 - 1
                            : (int32_t)(uint32_t)(r >> 32);
        b[i] = a[i];
    }
    assert_int_equal(sl_sort_i32(a, n), 0);
    qsort(b, n, sizeof *b, cmp_i32);
    assert_memory_equal(a, b, n * sizeof *a);
    free(a);
    free(b);
}

/* Equal keys keep their order: what the Monte Carlo's tornado relies on
 * to cut deciles through ties the same way every time. */
static void test_sort__keyed_is_stable(void **state)
{
    (void)state;
    uint64_t s = 777;
    const size_t n = 3000;
    sl_keyed *a = malloc(n * sizeof *a), *tmp = malloc(n * sizeof *tmp);
    pos_double *o = malloc(n * sizeof *o);
    assert_non_null(a);
    assert_non_null(tmp);
    assert_non_null(o);
    for (size_t i = 0; i < n; i++) {
        double v = awkward_double(&s);
        v = v == 0 ? 0.0 : v; /* one zero: ties by position only */
        a[i] = (sl_keyed){sl_order_key(v), i};
        o[i] = (pos_double){v, i};
    }
    sl_sort_keyed(a, n, tmp);
    qsort(o, n, sizeof *o, cmp_pos_double);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].item, o[i].pos);
        assert_true(sl_order_value(a[i].key) == o[i].v);
    }
    free(a);
    free(tmp);
    free(o);
}

/* Keys that share their high bytes (small integers) or all bytes. */
static void test_sort__keys_sharing_bytes(void **state)
{
    (void)state;
    uint64_t k[6] = {5, 3, 5, 1, 3, 0}, tmp[6];
    sl_sort_keys(k, 6, tmp);
    const uint64_t want[6] = {0, 1, 3, 3, 5, 5};
    assert_memory_equal(k, want, sizeof k);
    uint64_t same[4] = {42, 42, 42, 42};
    sl_sort_keys(same, 4, tmp);
    for (int i = 0; i < 4; i++)
        assert_true(same[i] == 42);
    uint64_t top[3] = {1ull << 63, 1, 1ull << 62};
    sl_sort_keys(top, 3, tmp);
    assert_true(top[0] == 1 && top[1] == 1ull << 62 && top[2] == 1ull << 63);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort__keys_order_doubles_numerically),
        cmocka_unit_test(test_sort__doubles_agree_with_qsort),
        cmocka_unit_test(test_sort__int32_agree_with_qsort),
        cmocka_unit_test(test_sort__keyed_is_stable),
        cmocka_unit_test(test_sort__keys_sharing_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
