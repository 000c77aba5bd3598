/* SPDX-License-Identifier: MIT */
/*
 * pack_construct.c - the constructions that start the packer: item-centric
 * first fit decreasing and a bin-centric dot product.
 *
 * Sources: Panigrahy, Talwar, Uyeda, Wieder, "Heuristics for vector bin
 * packing" (MSR TR, 2011) for the norms and the dot product; Mommessin,
 * Erlebach, Shakhlevich, "Classification and evaluation of the algorithms
 * for vector bin packing" (Computers & OR, 2024), which finds the
 * bin-centric dot product with dynamic average weights (their
 * BCS-DP1-Avg-Dyn) the best single heuristic on their benchmark.
 *
 * Item-centric (FFD): sort items by a norm of their sizes normalised by
 * the capacity (the sum, which is plain FFD in one dimension, or the
 * Euclidean norm), largest first, ties by index; put each into the first
 * bin it fits (found with a tree over the bins' free room, below); open a
 * bin when none fits. O(n log n + n d log m) for m bins in practice.
 * (Best fit and the largest-dimension norm were tried too; on the
 * published benchmarks they never changed the result after the local
 * search, so they are not run.)
 *
 * Exact fill (only when the total is exactly m bins in every dimension,
 * as in instances built from known optimal bins, e.g. triplets): every
 * bin of an m-bin packing is then exactly full, so look for such bins
 * directly. Items by decreasing weight; for item i, a partner j that
 * completes it alone (a hash lookup of C - s_i), else a pair j, k with
 * s_k = C - s_i - s_j (one lookup per j); the rest goes to FFD-L2.
 * O(n^2 d) expected.
 *
 * Bin-centric: open one bin and fill it, each time with the item that
 * fits and has the largest dot product between its normalised size and
 * the bin's normalised free room, each dimension weighted by the average
 * normalised size of the items still to pack (recomputed after every
 * placement); close it when nothing fits. O(n^2 d).
 */
#include "place/pack.h"

#include <stdlib.h>
#include <string.h>

const char *const pk_construct_names[PK_N_CONSTRUCT] = {
    [PK_FFD_L1] = "ffd-l1",
    [PK_FFD_L2] = "ffd-l2",
    [PK_BC_DOT] = "bin-centric-dot",
    [PK_EXACT] = "exact-fill",
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
        else
            key += v[k] * v[k];
    }
    return key;
}

static uint64_t hash_vec(const int64_t *v, size_t d);

/* ---- first fit in O(n log m) ---------------------------------------------
 * First fit asks, for each item, the lowest-numbered bin it fits. Scanning
 * the bins costs O(m) an item, O(n m) in all: 88 % of `samlok pack` on
 * 100,000 items (issue 18). A tournament tree over the bins keeps in each
 * node the largest free room in every dimension among the bins below it;
 * the search goes down the leftmost child whose room covers the item in
 * every dimension, and backs up when a bin turns out not to take it (the
 * room of different dimensions may come from different bins, and a
 * conflict group may bar it). So it finds exactly the bin the scan finds,
 * and packings do not change. Each step costs O(d); a placement updates
 * the path above its bin, O(d log m). */
typedef struct fit_tree {
    const pk_sol *s;
    uint32_t first;  /* the bin of leaf 0 */
    size_t leaves;   /* a power of two */
    int64_t *room;   /* 2 x leaves x d; node 1 the root, node i's children 2i and 2i + 1 */
} fit_tree;

/* Room of a leaf no bin uses yet: below any size. */
#define NO_ROOM (INT64_MIN / 4)

static int64_t *room_of(const fit_tree *t, size_t node)
{
    return t->room + node * t->s->in->d;
}

/* Sets the room of bin b's leaf (and the nodes above it) from its load. */
static void tree_update(fit_tree *t, uint32_t b)
{
    size_t d = t->s->in->d, node = t->leaves + (b - t->first);
    const int64_t *load = PK_LOAD(t->s, b);
    for (size_t k = 0; k < d; k++)
        room_of(t, node)[k] = t->s->in->cap[k] - load[k];
    for (node /= 2; node >= 1; node /= 2) {
        int64_t *r = room_of(t, node);
        const int64_t *l = room_of(t, 2 * node), *h = room_of(t, 2 * node + 1);
        for (size_t k = 0; k < d; k++)
            r[k] = l[k] > h[k] ? l[k] : h[k];
    }
}

/* Grows the tree to hold bins first .. first + n - 1, rebuilding it. */
static int tree_reserve(fit_tree *t, size_t n)
{
    if (t->room && n <= t->leaves)
        return 0;
    size_t leaves = t->leaves ? t->leaves : 64;
    while (leaves < n)
        leaves *= 2;
    size_t d = t->s->in->d;
    int64_t *room = sl_reallocarray(t->room, 2 * leaves * d, sizeof *room);
    if (!room)
        return SL_ENOMEM;
    t->room = room;
    t->leaves = leaves;
    for (size_t i = 0; i < 2 * leaves * d; i++)
        room[i] = NO_ROOM;
    for (uint32_t b = t->first; b < t->s->n_bins; b++)
        tree_update(t, b);
    return 0;
}

static bool covers(const fit_tree *t, size_t node, const int64_t *size)
{
    const int64_t *r = room_of(t, node);
    for (size_t k = 0; k < t->s->in->d; k++)
        if (r[k] < size[k])
            return false;
    return true;
}

/* The lowest bin at leaf `from` or after, under node (leaves lo .. hi - 1),
 * that takes item; SL_NONE if none. */
static uint32_t tree_find(const fit_tree *t, size_t node, size_t lo, size_t hi, size_t from,
                          uint32_t item, const int64_t *size)
{
    if (hi <= from || !covers(t, node, size))
        return SL_NONE;
    if (node >= t->leaves) {
        uint32_t b = t->first + (uint32_t)lo;
        return b < t->s->n_bins && pk_fits(t->s, item, b) ? b : SL_NONE;
    }
    size_t mid = lo + (hi - lo) / 2;
    uint32_t b = tree_find(t, 2 * node, lo, mid, from, item, size);
    return b != SL_NONE ? b : tree_find(t, 2 * node + 1, mid, hi, from, item, size);
}

/* Items alike: the same sizes and the same conflict group. An item never
 * fits a bin before the one its last like went to (that bin and those
 * before it have only filled up since), so the search starts there: on
 * estates many items are alike, and without it the search for an item
 * that fits nowhere visits most of the tree. Not with negative sizes
 * (.vbp files may have some), which let a bin's load fall. Open
 * addressing over items. */
typedef struct alike {
    uint32_t *item; /* a representative, SL_NONE = empty slot */
    uint32_t *bin;  /* where its last like went */
    size_t mask;
} alike;

static bool same_kind(const pk_inst *in, uint32_t a, uint32_t b)
{
    uint32_t ga = in->has_groups ? in->group[a] : SL_NONE;
    uint32_t gb = in->has_groups ? in->group[b] : SL_NONE;
    return ga == gb && memcmp(PK_SIZE(in, a), PK_SIZE(in, b), in->d * sizeof(int64_t)) == 0;
}

/* The slot of item's kind (empty if none seen yet). */
static size_t alike_slot(const alike *a, const pk_inst *in, uint32_t item)
{
    uint64_t h = hash_vec(PK_SIZE(in, item), in->d);
    if (in->has_groups)
        h ^= (uint64_t)in->group[item] * 0x9e3779b97f4a7c15ull;
    size_t at = (size_t)h & a->mask;
    while (a->item[at] != SL_NONE && !same_kind(in, a->item[at], item))
        at = (at + 1) & a->mask;
    return at;
}

/* First fit of the items order[0..n) into the bins from `first` on,
 * opening bins as needed. */
static int first_fit(pk_sol *s, const keyed *order, size_t n, uint32_t first)
{
    const pk_inst *in = s->in;
    fit_tree t = {s, first, 0, NULL};
    alike a = {NULL, NULL, 15};
    while (a.mask + 1 < 2 * n)
        a.mask = a.mask * 2 + 1;
    a.item = sl_malloc((a.mask + 1) * sizeof *a.item);
    a.bin = sl_malloc((a.mask + 1) * sizeof *a.bin);
    int rc = a.item && a.bin ? tree_reserve(&t, s->n_bins - first + 1) : SL_ENOMEM;
    for (size_t h = 0; !rc && h <= a.mask; h++)
        a.item[h] = SL_NONE;
    for (size_t r = 0; r < n && !rc; r++) {
        uint32_t i = order[r].item;
        size_t slot = alike_slot(&a, in, i);
        size_t from = a.item[slot] == SL_NONE || in->has_negative ? 0 : a.bin[slot] - first;
        uint32_t into = tree_find(&t, 1, 0, t.leaves, from, i, PK_SIZE(in, i));
        if (into == SL_NONE) {
            if ((into = pk_sol_open(s)) == SL_NONE || tree_reserve(&t, s->n_bins - first)) {
                rc = SL_ENOMEM;
                break;
            }
        }
        pk_sol_put(s, i, into);
        tree_update(&t, into);
        a.item[slot] = i;
        a.bin[slot] = into;
    }
    sl_free(t.room);
    sl_free(a.item);
    sl_free(a.bin);
    return rc;
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
    int rc = first_fit(s, order, in->n, 0);
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

bool pk_is_exact_total(const pk_inst *in)
{
    int64_t m = -1;
    for (size_t k = 0; k < in->d; k++) {
        int64_t total = 0;
        for (size_t i = 0; i < in->n; i++)
            total += PK_SIZE(in, i)[k];
        if (total <= 0 || total % in->cap[k] != 0 || (m >= 0 && total / in->cap[k] != m))
            return false;
        m = total / in->cap[k];
    }
    return in->n > 0;
}

/* Unplaced items by size vector: open addressing over item indices. */
typedef struct size_table {
    uint32_t *slot; /* item index or SL_NONE */
    size_t mask;
} size_table;

static uint64_t hash_vec(const int64_t *v, size_t d)
{
    return sl_hash_bytes(v, d * sizeof *v);
}

/* An unplaced item other than a and b with size v; SL_NONE if none. */
static uint32_t find_size(const size_table *t, const pk_sol *s, const int64_t *v, uint32_t a,
                          uint32_t b)
{
    const pk_inst *in = s->in;
    size_t h = (size_t)hash_vec(v, in->d) & t->mask;
    for (; t->slot[h] != SL_NONE; h = (h + 1) & t->mask) {
        uint32_t i = t->slot[h];
        if (i == a || i == b || s->bin_of[i] != SL_NONE)
            continue;
        if (memcmp(PK_SIZE(in, i), v, in->d * sizeof *v) == 0)
            return i;
    }
    return SL_NONE;
}

static int exact_fill(pk_sol *s)
{
    const pk_inst *in = s->in;
    size_t n = in->n, d = in->d;
    size_table t;
    t.mask = 15;
    while (t.mask + 1 < 2 * n)
        t.mask = t.mask * 2 + 1;
    t.slot = sl_malloc((t.mask + 1) * sizeof *t.slot);
    keyed *order = sl_malloc((n ? n : 1) * sizeof *order);
    int64_t *need = sl_malloc(2 * d * sizeof *need);
    if (!t.slot || !order || !need) {
        sl_free(t.slot);
        sl_free(order);
        sl_free(need);
        return SL_ENOMEM;
    }
    for (size_t h = 0; h <= t.mask; h++)
        t.slot[h] = SL_NONE;
    for (uint32_t i = 0; i < n; i++) {
        size_t h = (size_t)hash_vec(PK_SIZE(in, i), d) & t.mask;
        while (t.slot[h] != SL_NONE)
            h = (h + 1) & t.mask;
        t.slot[h] = i;
        order[i] = (keyed){in->w[i], i};
    }
    qsort(order, n, sizeof *order, cmp_keyed_desc);
    int64_t *rest = need + d;
    int rc = 0;
    for (size_t r = 0; r < n && !rc; r++) {
        uint32_t i = order[r].item;
        if (s->bin_of[i] != SL_NONE)
            continue;
        for (size_t k = 0; k < d; k++)
            need[k] = in->cap[k] - PK_SIZE(in, i)[k];
        uint32_t j = find_size(&t, s, need, i, i), k3 = SL_NONE;
        for (size_t q = r + 1; q < n && j == SL_NONE; q++) {
            uint32_t c = order[q].item;
            if (s->bin_of[c] != SL_NONE)
                continue;
            bool ok = true;
            for (size_t k = 0; k < d && ok; k++) {
                rest[k] = need[k] - PK_SIZE(in, c)[k];
                ok = rest[k] >= -in->cap[k] && rest[k] <= in->cap[k];
            }
            if (!ok)
                continue;
            k3 = find_size(&t, s, rest, i, c);
            if (k3 != SL_NONE)
                j = c;
        }
        if (j == SL_NONE)
            continue;
        uint32_t b = pk_sol_open(s);
        if (b == SL_NONE) {
            rc = SL_ENOMEM;
            break;
        }
        /* conflict groups: the bin must be valid like any other */
        if (!pk_fits(s, i, b)) {
            s->n_bins--;
            continue;
        }
        pk_sol_put(s, i, b);
        if (!pk_fits(s, j, b) || (k3 != SL_NONE && in->has_groups &&
                                  in->group[k3] != SL_NONE && in->group[k3] == in->group[j])) {
            pk_sol_take(s, i);
            s->n_bins--;
            continue;
        }
        pk_sol_put(s, j, b);
        if (k3 != SL_NONE) {
            if (!pk_fits(s, k3, b)) {
                pk_sol_take(s, i);
                pk_sol_take(s, j);
                s->n_bins--;
                continue;
            }
            pk_sol_put(s, k3, b);
        }
    }
    sl_free(t.slot);
    sl_free(need);
    /* the rest: first fit decreasing by the Euclidean norm, after the
     * exact bins (which nothing else fits into) */
    size_t k = 0;
    for (size_t r = 0; r < n; r++) {
        uint32_t i = order[r].item;
        if (s->bin_of[i] == SL_NONE)
            order[k++] = (keyed){item_key(in, i, PK_FFD_L2), i};
    }
    qsort(order, k, sizeof *order, cmp_keyed_desc);
    if (!rc)
        rc = first_fit(s, order, k, (uint32_t)s->n_bins);
    sl_free(order);
    return rc;
}

int pk_construct_run(pk_sol *s, pk_construct how)
{
    switch (how) {
    case PK_BC_DOT:
        return bin_centric(s);
    case PK_EXACT:
        return exact_fill(s);
    default:
        return item_centric(s, how);
    }
}
