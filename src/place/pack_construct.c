/* SPDX-License-Identifier: MIT */
/*
 * pack_construct.c - the constructions that start the packer: item-centric
 * first fit and best fit decreasing, and a bin-centric dot product.
 *
 * Sources: Panigrahy, Talwar, Uyeda, Wieder, "Heuristics for vector bin
 * packing" (MSR TR, 2011) for the norms and the dot product; Mommessin,
 * Erlebach, Shakhlevich, "Classification and evaluation of the algorithms
 * for vector bin packing" (Computers & OR, 2024), which finds the
 * bin-centric dot product with dynamic average weights (their
 * BCS-DP1-Avg-Dyn) the best single heuristic on their benchmark.
 *
 * Item-centric (FFD/BFD): sort items by a norm of their sizes normalised
 * by the capacity, largest first, ties by index; put each into the first
 * bin it fits (FFD) or the bin left fullest (BFD); open a bin when none
 * fits. O(n log n + n m d) for m bins.
 *
 * Bin-centric: open one bin and fill it, each time with the item that
 * fits and has the largest dot product between its normalised size and
 * the bin's normalised free room, each dimension weighted by the average
 * normalised size of the items still to pack (recomputed after every
 * placement); close it when nothing fits. O(n^2 d).
 */
#include "place/pack.h"

#include <math.h>
#include <stdlib.h>

const char *const pk_construct_names[PK_N_CONSTRUCT] = {
    [PK_FFD_L1] = "ffd-l1",
    [PK_FFD_L2] = "ffd-l2",
    [PK_FFD_LINF] = "ffd-linf",
    [PK_BFD_L2] = "bfd-l2",
    [PK_BC_DOT] = "bin-centric-dot",
};

typedef struct keyed {
    double key;
    uint32_t item;
} keyed;

static int cmp_keyed_desc(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return x->item < y->item ? -1 : x->item > y->item;
}

static double item_key(const pk_inst *in, uint32_t i, pk_construct how)
{
    const double *v = in->norm + (size_t)i * in->d;
    double key = 0;
    for (size_t k = 0; k < in->d; k++) {
        if (how == PK_FFD_L1)
            key += v[k];
        else if (how == PK_FFD_LINF)
            key = v[k] > key ? v[k] : key;
        else
            key += v[k] * v[k];
    }
    return key;
}

static int item_centric(pk_sol *s, pk_construct how)
{
    const pk_inst *in = s->in;
    keyed *order = sl_malloc((in->n ? in->n : 1) * sizeof *order);
    if (!order)
        return SL_ENOMEM;
    for (uint32_t i = 0; i < in->n; i++)
        order[i] = (keyed){item_key(in, i, how), i};
    qsort(order, in->n, sizeof *order, cmp_keyed_desc);
    int rc = 0;
    for (size_t r = 0; r < in->n && !rc; r++) {
        uint32_t i = order[r].item;
        uint32_t into = SL_NONE;
        double best_room = INFINITY;
        for (uint32_t b = 0; b < s->n_bins; b++) {
            if (!pk_fits(s, i, b))
                continue;
            if (how != PK_BFD_L2) {
                into = b;
                break;
            }
            /* best fit: the least normalised free room left */
            const int64_t *load = PK_LOAD(s, b);
            double room = 0;
            for (size_t k = 0; k < in->d; k++)
                room += (double)(in->cap[k] - load[k] - PK_SIZE(in, i)[k]) / (double)in->cap[k];
            if (room < best_room) {
                best_room = room;
                into = b;
            }
        }
        if (into == SL_NONE && (into = pk_sol_open(s)) == SL_NONE)
            rc = SL_ENOMEM;
        if (!rc)
            pk_sol_put(s, i, into);
    }
    sl_free(order);
    return rc;
}

static int bin_centric(pk_sol *s)
{
    const pk_inst *in = s->in;
    size_t n = in->n, d = in->d;
    uint32_t *left = sl_malloc((n ? n : 1) * sizeof *left);
    double *sum = sl_calloc(d, sizeof *sum);
    double *weight = sl_malloc(d * sizeof *weight);
    double *room = sl_malloc(d * sizeof *room);
    if (!left || !sum || !weight || !room) {
        sl_free(left);
        sl_free(sum);
        sl_free(weight);
        sl_free(room);
        return SL_ENOMEM;
    }
    size_t n_left = n;
    for (uint32_t i = 0; i < n; i++) {
        left[i] = i;
        for (size_t k = 0; k < d; k++)
            sum[k] += in->norm[(size_t)i * d + k];
    }
    int rc = 0;
    while (n_left && !rc) {
        uint32_t b = pk_sol_open(s);
        if (b == SL_NONE) {
            rc = SL_ENOMEM;
            break;
        }
        for (size_t k = 0; k < d; k++)
            room[k] = 1.0;
        for (;;) {
            for (size_t k = 0; k < d; k++)
                weight[k] = sum[k] / (double)n_left * room[k];
            size_t pick = SIZE_MAX;
            double best = -1;
            for (size_t r = 0; r < n_left; r++) {
                uint32_t i = left[r];
                const double *v = in->norm + (size_t)i * d;
                double score = 0;
                for (size_t k = 0; k < d; k++)
                    score += weight[k] * v[k];
                if (score > best && pk_fits(s, i, b)) {
                    best = score;
                    pick = r;
                }
            }
            if (pick == SIZE_MAX)
                break;
            uint32_t i = left[pick];
            pk_sol_put(s, i, b);
            for (size_t k = 0; k < d; k++) {
                sum[k] -= in->norm[(size_t)i * d + k];
                room[k] = (double)(in->cap[k] - PK_LOAD(s, b)[k]) / (double)in->cap[k];
            }
            /* keep `left` in index order so ties go to the lowest index */
            for (size_t r = pick; r + 1 < n_left; r++)
                left[r] = left[r + 1];
            n_left--;
            if (!n_left)
                break;
        }
    }
    sl_free(left);
    sl_free(sum);
    sl_free(weight);
    sl_free(room);
    return rc;
}

int pk_construct_run(pk_sol *s, pk_construct how)
{
    return how == PK_BC_DOT ? bin_centric(s) : item_centric(s, how);
}
