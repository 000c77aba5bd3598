/* SPDX-License-Identifier: MIT */
/*
 * bounds.c - lower bounds on the number of bins, so every packing is
 * reported next to how far from optimal it can at most be.
 *
 * L1: in each dimension the bins must hold the total size:
 *     max_d ceil(sum_i s_id / C_d). O(n d).
 * L2: Martello & Toth, "Lower bounds and reduction procedures for the bin
 *     packing problem" (Discrete Applied Math. 28, 1990), applied to each
 *     dimension alone (a vector packing is also a packing of every one of
 *     its dimensions). For every K in {0} and the sizes <= C/2: items
 *     larger than C-K each need a bin of their own; items in (C/2, C-K]
 *     each need one too, and items in [K, C/2] fill the room those leave
 *     before needing more. O(n log n) per dimension.
 * Clique: items i, j that cannot share a bin (s_i + s_j > C in some
 *     dimension, or the same conflict group) need distinct bins, so a
 *     clique of such items bounds from below. Two items that are at most
 *     half a bin in every dimension always fit together, so a clique holds
 *     at most one of them: the greedy search runs over the "big" items
 *     (and conflict-group members) in three orders (the largest
 *     normalised size, then the two dimensions with the most demand),
 *     then tries one more.
 *     The bound also charges what the other items cannot fit into the
 *     clique's bins: |K| + max_d ceil((sum_{i not in K} s_id -
 *     sum_{k in K} (C_d - s_kd))^+ / C_d). O(q |K| d) per order for q
 *     candidates.
 * With negative sizes (some published benchmark instances have them) an
 * item can make room for others, so only L1 holds; the others are 0.
 */
#include "place/pack.h"

#include <stdlib.h>
#include <string.h>

static size_t ceil_div(int64_t a, int64_t b)
{
    return a <= 0 ? 0 : (size_t)((a + b - 1) / b);
}

/* Sorts ascending: quicksort with a median-of-three pivot and insertion
 * sort for short runs (qsort's calls per comparison were a sixth of the
 * packer's time on 500 items). */
static void sort_i64(int64_t *a, size_t n)
{
    while (n > 16) {
        int64_t x = a[0], y = a[n / 2], z = a[n - 1];
        int64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            int64_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* recurse on the smaller side, loop on the larger */
        size_t left = j + 1;
        if (left < n - left) {
            sort_i64(a, left);
            a += left;
            n -= left;
        } else {
            sort_i64(a + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        int64_t v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

/* First index with a[i] >= v (a ascending). */
static size_t lower_idx(const int64_t *a, size_t n, int64_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Martello-Toth L2 for one dimension; a is sorted ascending, pre holds
 * prefix sums (n+1). */
static size_t l2_one(const int64_t *a, const int64_t *pre, size_t n, int64_t c)
{
    /* first index of items larger than C/2, i.e. 2a > C */
    size_t half = lower_idx(a, n, c / 2 + 1);
    size_t best = 0;
    for (size_t k = 0; k <= half; k++) {
        int64_t K = k == 0 ? 0 : a[k - 1];
        if (k > 0 && k < half && a[k] == K)
            continue; /* evaluate each distinct K once */
        size_t i3 = lower_idx(a, n, K);       /* J3 = [i3, half) */
        size_t i1 = lower_idx(a, n, c - K + 1); /* J1 = [i1, n) */
        if (i1 < half)
            i1 = half;
        size_t n1 = n - i1, n2 = i1 - half;
        int64_t s2 = pre[i1] - pre[half], s3 = pre[half] - pre[i3];
        int64_t free2 = (int64_t)n2 * c - s2;
        size_t v = n1 + n2 + ceil_div(s3 - free2, c);
        if (v > best)
            best = v;
    }
    return best;
}

static inline bool incompatible(const pk_inst *in, uint32_t i, uint32_t j)
{
    if (in->has_groups && in->group[i] != SL_NONE && in->group[i] == in->group[j])
        return true;
    const int64_t *a = PK_SIZE(in, i), *b = PK_SIZE(in, j);
    for (size_t k = 0; k < in->d; k++)
        if (a[k] + b[k] > in->cap[k])
            return true;
    return false;
}

typedef struct keyed {
    double key;
    uint32_t item;
} keyed;

static int cmp_keyed_desc(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

/* The clique bound for one greedy order of the candidates. */
static size_t clique_in_order(const pk_inst *in, const keyed *order, size_t q, uint32_t *clique,
                              const bool *is_cand, const int64_t *total, int64_t *room,
                              uint64_t *work)
{
    size_t nk = 0;
    for (size_t r = 0; r < q; r++) {
        uint32_t i = order[r].item;
        bool all = true;
        *work += nk;
        for (size_t c = 0; c < nk && all; c++)
            all = incompatible(in, i, clique[c]);
        if (all)
            clique[nk++] = i;
    }
    /* one item that is small everywhere may still join (a candidate left
     * out is compatible with a member already) */
    for (uint32_t i = 0; i < in->n && nk > 0; i++) {
        if (is_cand[i])
            continue;
        bool all = true;
        for (size_t c = 0; c < nk && all; c++) {
            ++*work;
            all = incompatible(in, i, clique[c]);
        }
        if (all) {
            clique[nk++] = i;
            break;
        }
    }
    size_t extra = 0;
    for (size_t k = 0; k < in->d; k++) {
        int64_t rest = total[k];
        room[k] = 0;
        for (size_t c = 0; c < nk; c++) {
            rest -= PK_SIZE(in, clique[c])[k];
            room[k] += in->cap[k] - PK_SIZE(in, clique[c])[k];
        }
        size_t e = ceil_div(rest - room[k], in->cap[k]);
        if (e > extra)
            extra = e;
    }
    return nk + extra;
}

static int clique_bound(size_t *out, const pk_inst *in, const int64_t *total)
{
    size_t n = in->n, d = in->d;
    *out = 0;
    keyed *cand = sl_malloc((n ? n : 1) * sizeof *cand);
    keyed *order = sl_malloc((n ? n : 1) * sizeof *order);
    uint32_t *clique = sl_malloc((n + 1) * sizeof *clique);
    int64_t *room = sl_malloc(d * sizeof *room);
    bool *is_cand = sl_calloc(n ? n : 1, sizeof *is_cand);
    if (!cand || !order || !clique || !room || !is_cand) {
        sl_free(cand);
        sl_free(order);
        sl_free(clique);
        sl_free(room);
        sl_free(is_cand);
        return SL_ENOMEM;
    }
    size_t q = 0;
    for (uint32_t i = 0; i < n; i++) {
        bool big = in->has_groups && in->group[i] != SL_NONE;
        for (size_t k = 0; k < d && !big; k++)
            big = 2 * PK_SIZE(in, i)[k] > in->cap[k];
        if (big) {
            cand[q++] = (keyed){0, i};
            is_cand[i] = true;
        }
    }
    /* the largest conflict group is a clique of its own: its members go
     * first in the first order */
    uint32_t big_group = SL_NONE;
    if (in->has_groups) {
        /* group ids are small in practice (placement numbers them densely);
         * count in an array then, else pair by pair */
        uint32_t max_g = 0;
        for (size_t r = 0; r < q; r++) {
            uint32_t g = in->group[cand[r].item];
            if (g != SL_NONE && g > max_g)
                max_g = g;
        }
        uint32_t *count = max_g <= 4 * n + 16 ? sl_calloc((size_t)max_g + 1, sizeof *count) : NULL;
        size_t best = 0;
        for (size_t r = 0; r < q; r++) {
            uint32_t g = in->group[cand[r].item];
            if (g == SL_NONE)
                continue;
            size_t c = 0;
            if (count) {
                c = ++count[g];
            } else {
                for (size_t t = 0; t < q; t++)
                    c += in->group[cand[t].item] == g;
            }
            if (c > best || (c == best && g < big_group)) {
                best = c;
                big_group = g;
            }
        }
        sl_free(count);
    }
    /* orders: by the largest normalised size, then by the two dimensions
     * with the most demand */
    size_t tight[2] = {SIZE_MAX, SIZE_MAX};
    double tw[2] = {-1, -1};
    for (size_t k = 0; k < d; k++) {
        double v = (double)total[k] / (double)in->cap[k];
        if (v > tw[0]) {
            tw[1] = tw[0];
            tight[1] = tight[0];
            tw[0] = v;
            tight[0] = k;
        } else if (v > tw[1]) {
            tw[1] = v;
            tight[1] = k;
        }
    }
    uint64_t work = 0;
    for (size_t pass = 0; pass < 3 && q; pass++) {
        if (pass > 0 && (d == 1 || tight[pass - 1] == SIZE_MAX))
            break;
        for (size_t r = 0; r < q; r++) {
            uint32_t i = cand[r].item;
            const double *v = in->norm + (size_t)i * d;
            double key = 0;
            if (pass == 0) {
                for (size_t k = 0; k < d; k++)
                    key = v[k] > key ? v[k] : key;
                if (big_group != SL_NONE && in->group[i] == big_group)
                    key += 2; /* ahead of every item outside the group */
            } else {
                key = v[tight[pass - 1]];
            }
            order[r] = (keyed){key, i};
        }
        qsort(order, q, sizeof *order, cmp_keyed_desc);
        size_t v = clique_in_order(in, order, q, clique, is_cand, total, room, &work);
        if (v > *out)
            *out = v;
    }
    sl_free(cand);
    sl_free(order);
    sl_free(clique);
    sl_free(room);
    sl_free(is_cand);
    return 0;
}

int pk_bounds_compute(pk_bounds *out, const pk_inst *in, bool with_clique)
{
    size_t n = in->n, d = in->d;
    memset(out, 0, sizeof *out);
    if (n == 0)
        return 0;
    int64_t *total = sl_calloc(d, sizeof *total);
    int64_t *a = sl_malloc(n * sizeof *a);
    int64_t *pre = sl_malloc((n + 1) * sizeof *pre);
    int rc = total && a && pre ? 0 : SL_ENOMEM;
    for (size_t k = 0; k < d && !rc; k++) {
        for (size_t i = 0; i < n; i++) {
            a[i] = PK_SIZE(in, i)[k];
            total[k] += a[i];
        }
        size_t l1 = ceil_div(total[k], in->cap[k]);
        if (l1 > out->l1)
            out->l1 = l1;
        sort_i64(a, n);
        pre[0] = 0;
        for (size_t i = 0; i < n; i++)
            pre[i + 1] = pre[i] + a[i];
        size_t l2 = in->has_negative ? 0 : l2_one(a, pre, n, in->cap[k]);
        if (l2 > out->l2)
            out->l2 = l2;
    }
    if (!rc && with_clique && !in->has_negative)
        rc = clique_bound(&out->clique, in, total);
    if (out->l1 == 0)
        out->l1 = 1; /* n > 0 items need a bin even when all are empty */
    sl_free(total);
    sl_free(a);
    sl_free(pre);
    return rc;
}
