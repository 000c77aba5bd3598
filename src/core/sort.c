/* SPDX-License-Identifier: MIT */
/*
 * sort.c - stable sorts by unsigned 64-bit keys: least significant byte
 * first radix sort (Knuth, TAOCP vol. 3, 5.2.5).
 *
 * Hand-written rather than qsort because of what the Monte Carlo sorts:
 * every uncertain input's draws and every finish over all iterations,
 * tens of arrays of 10,000 items or more, after the parallel iterations.
 * With qsort's comparison callback that took about a tenth of a run and
 * held back the second thread; these sorts take a fixed number of passes
 * (at most 8, none for a byte every key shares) and keep equal keys in
 * their order, so a sort by (value, position) is a sort by value.
 */
#include "core.h"

#include <string.h>

#define DIGITS 8

/* Counts of each byte value at each byte of the n >= 1 keys (every
 * `stride`th uint64_t of `words`); the bits of the bytes at which keys
 * differ. */
static unsigned count_digits(size_t (*count)[256], const uint64_t *words, size_t stride, size_t n)
{
    memset(count, 0, DIGITS * sizeof *count);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = words[i * stride];
        for (int d = 0; d < DIGITS; d++)
            count[d][(k >> (8 * d)) & 0xff]++;
    }
    unsigned varying = 0;
    for (int d = 0; d < DIGITS; d++)
        if (count[d][(words[0] >> (8 * d)) & 0xff] != n)
            varying |= 1u << d;
    return varying;
}

/* Turns counts into each byte value's first place. */
static void starts_of(size_t count[256])
{
    size_t at = 0;
    for (int v = 0; v < 256; v++) {
        size_t c = count[v];
        count[v] = at;
        at += c;
    }
}

void sl_sort_keyed(sl_keyed *a, size_t n, sl_keyed *tmp)
{
    if (n < 2)
        return;
    size_t count[DIGITS][256];
    unsigned varying = count_digits(count, &a->key, sizeof *a / sizeof(uint64_t), n);
    sl_keyed *from = a, *to = tmp;
    for (int d = 0; d < DIGITS; d++) {
        if (!(varying >> d & 1))
            continue;
        starts_of(count[d]);
        for (size_t i = 0; i < n; i++)
            to[count[d][(from[i].key >> (8 * d)) & 0xff]++] = from[i];
        sl_keyed *t = from;
        from = to;
        to = t;
    }
    if (from != a)
        memcpy(a, from, n * sizeof *a);
}

void sl_sort_keys(uint64_t *a, size_t n, uint64_t *tmp)
{
    if (n < 2)
        return;
    size_t count[DIGITS][256];
    unsigned varying = count_digits(count, a, 1, n);
    uint64_t *from = a, *to = tmp;
    for (int d = 0; d < DIGITS; d++) {
        if (!(varying >> d & 1))
            continue;
        starts_of(count[d]);
        for (size_t i = 0; i < n; i++)
            to[count[d][(from[i] >> (8 * d)) & 0xff]++] = from[i];
        uint64_t *t = from;
        from = to;
        to = t;
    }
    if (from != a)
        memcpy(a, from, n * sizeof *a);
}

/* IEEE 754 doubles order as their bits do when the sign bit is flipped
 * for positive numbers and every bit for negative ones. */
uint64_t sl_order_key(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b >> 63 ? ~b : b | 1ull << 63;
}

double sl_order_value(uint64_t key)
{
    uint64_t b = key >> 63 ? key & ~(1ull << 63) : ~key;
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

int sl_sort_doubles(double *a, size_t n)
{
    uint64_t *k = sl_malloc((n ? n : 1) * 2 * sizeof *k);
    if (!k)
        return SL_ENOMEM;
    for (size_t i = 0; i < n; i++)
        k[i] = sl_order_key(a[i]);
    sl_sort_keys(k, n, k + n);
    for (size_t i = 0; i < n; i++)
        a[i] = sl_order_value(k[i]);
    sl_free(k);
    return 0;
}

int sl_sort_i32(int32_t *a, size_t n)
{
    uint64_t *k = sl_malloc((n ? n : 1) * 2 * sizeof *k);
    if (!k)
        return SL_ENOMEM;
    for (size_t i = 0; i < n; i++)
        k[i] = (uint32_t)a[i] ^ 0x80000000u; /* two's complement, in unsigned order */
    sl_sort_keys(k, n, k + n);
    for (size_t i = 0; i < n; i++)
        a[i] = (int32_t)((uint32_t)k[i] ^ 0x80000000u);
    sl_free(k);
    return 0;
}
