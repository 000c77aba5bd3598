/* SPDX-License-Identifier: MIT */
/*
 * pack_search.c - local search that empties bins.
 *
 * Method: consistent neighbourhood search after Buljubasic & Vasquez,
 * "Consistent neighborhood search for one-dimensional bin packing and
 * two-dimensional vector packing" (Computers & OR 76, 2016), with our own
 * choices for vectors. To go from m bins to m-1, the three lightest bins
 * are emptied into a set U of unpacked items; the other m-3 form a
 * partial packing that stays feasible throughout, and the search succeeds
 * as soon as U fits into two bins (a small exact test). Two kinds of
 * moves, each between one bin and U:
 *  - tabu moves exchange a set P of at most two items of a bin with a set
 *    Q of one or two items of U (P may be empty: insertion) when the bin
 *    stays feasible. A step looks at bins from a random one on, stops
 *    after the first bin offering a move that removes weight from U
 *    (weight = sum of sizes normalised by the capacity), else after 15
 *    bins (or more, until some move is admissible), and takes the best
 *    move seen, even one that adds weight. Items that just left a bin
 *    may not return to it for a few steps (tenure drawn from the seeded
 *    counter-based RNG);
 *  - when U's weight has not improved for a while, a descent refills a
 *    window of bins: each gets the heaviest content that fits, chosen
 *    from its items and U by a small depth-first knapsack ("unlimited
 *    add/drop" in the paper); now and then one random item is kicked out
 *    to U to leave a plateau.
 * On success the search starts again one bin lower, until the lower
 * bound is met or the work budget is spent.
 *
 * Invariants (asserted in tests from outside): bins never exceed their
 * capacity; conflict groups never share a bin; every item is in a bin or
 * in U; the packing handed back is always complete and never has more
 * bins than the one handed in.
 *
 * Cost per step: for each bin looked at, every P (1 + k + k(k-1)/2 for
 * k items), the Q options in decreasing weight until one fits or cannot
 * beat the best move found (in one dimension the first that fits is found
 * by bisection, the options being sorted by size too); O(|U|^2 log |U|) to
 * sort the Q options. Work is counted in options examined and knapsack
 * nodes; the budget bounds it.
 */
#include "place/pack.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bins examined per step before taking the best move found (more when
 * none is admissible yet); bins refilled per descent. */
#define SAMPLE_BINS 15
#define DESCENT_BINS 16

typedef struct qopt {
    double w;
    uint32_t a, b; /* items; b = SL_NONE for one item */
} qopt;

typedef struct ls {
    const pk_inst *in;
    pk_sol *s;
    size_t d;
    uint32_t *U;
    size_t nU;
    int64_t *uload;
    uint64_t *tabu_until;
    uint32_t *tabu_bin;
    uint64_t iter;
    pk_budget *budget;
    sl_rng rng;
    qopt *q;
    size_t nq, capq;
    int64_t *qsize; /* capq x d */
    int64_t *avail; /* d */
    uint32_t *items; /* scratch: the items of one bin */
    uint32_t *order; /* n: U by weight, for the two-bin test */
    uint8_t *side;   /* n: the side of order[k] */
    int64_t *la, *lb; /* d each */
    uint32_t *cand;  /* n: refill candidates */
    double *suffix;  /* n + 1 */
    uint8_t *take, *best_take; /* n each */
} ls;

static int cmp_qopt(const void *x, const void *y)
{
    const qopt *a = x, *b = y;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return (a->b > b->b) - (a->b < b->b);
}

static double u_weight(const ls *st)
{
    double w = 0;
    for (size_t i = 0; i < st->nU; i++)
        w += st->in->w[st->U[i]];
    return w;
}

static void u_add(ls *st, uint32_t item)
{
    st->U[st->nU++] = item;
    const int64_t *sz = PK_SIZE(st->in, item);
    for (size_t k = 0; k < st->d; k++)
        st->uload[k] += sz[k];
}

static void u_remove(ls *st, uint32_t item)
{
    for (size_t i = 0; i < st->nU; i++) {
        if (st->U[i] == item) {
            /* keep U in a fixed order so ties resolve the same way */
            memmove(st->U + i, st->U + i + 1, (st->nU - i - 1) * sizeof *st->U);
            st->nU--;
            break;
        }
    }
    const int64_t *sz = PK_SIZE(st->in, item);
    for (size_t k = 0; k < st->d; k++)
        st->uload[k] -= sz[k];
}

static int build_q(ls *st)
{
    size_t n = st->nU, need = n + n * (n - (n > 0)) / 2;
    if (need > st->capq) {
        size_t cap = need * 2;
        qopt *q = sl_reallocarray(st->q, cap, sizeof *q);
        if (!q)
            return SL_ENOMEM;
        st->q = q;
        int64_t *qs = sl_reallocarray(st->qsize, cap, st->d * sizeof *qs);
        if (!qs)
            return SL_ENOMEM;
        st->qsize = qs;
        st->capq = cap;
    }
    const pk_inst *in = st->in;
    size_t nq = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t a = st->U[i];
        st->q[nq++] = (qopt){in->w[a], a, SL_NONE};
        for (size_t j = i + 1; j < n; j++) {
            uint32_t b = st->U[j];
            if (in->has_groups && in->group[a] != SL_NONE && in->group[a] == in->group[b])
                continue;
            uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
            st->q[nq++] = (qopt){in->w[a] + in->w[b], lo, hi};
        }
    }
    qsort(st->q, nq, sizeof *st->q, cmp_qopt);
    for (size_t i = 0; i < nq; i++) {
        int64_t *v = st->qsize + i * st->d;
        const int64_t *sa = PK_SIZE(in, st->q[i].a);
        if (st->q[i].b == SL_NONE) {
            memcpy(v, sa, st->d * sizeof *v);
        } else {
            const int64_t *sb = PK_SIZE(in, st->q[i].b);
            for (size_t k = 0; k < st->d; k++)
                v[k] = sa[k] + sb[k];
        }
    }
    st->nq = nq;
    st->budget->work += nq;
    return 0;
}

static bool is_tabu(const ls *st, uint32_t item, uint32_t bin)
{
    return st->tabu_bin[item] == bin && st->tabu_until[item] > st->iter;
}

/* Can Q option qi enter bin b once the items of P have left? */
static bool q_admissible(const ls *st, const qopt *o, uint32_t b, const uint32_t *P, size_t nP)
{
    if (is_tabu(st, o->a, b) || (o->b != SL_NONE && is_tabu(st, o->b, b)))
        return false;
    const pk_inst *in = st->in;
    if (!in->has_groups)
        return true;
    if (in->group[o->a] != SL_NONE && pk_bin_has_group(st->s, b, in->group[o->a], P, nP))
        return false;
    if (o->b != SL_NONE && in->group[o->b] != SL_NONE &&
        pk_bin_has_group(st->s, b, in->group[o->b], P, nP))
        return false;
    return true;
}

typedef struct move {
    double gain;
    uint32_t bin;
    uint32_t P[2];
    size_t nP;
    size_t q;
} move;

/* The best Q for bin b with P leaving it, better than m->gain. */
static void scan_q(ls *st, uint32_t b, const uint32_t *P, size_t nP, move *m)
{
    const pk_inst *in = st->in;
    size_t d = st->d;
    const int64_t *load = PK_LOAD(st->s, b);
    double wp = 0;
    for (size_t k = 0; k < d; k++)
        st->avail[k] = in->cap[k] - load[k];
    for (size_t p = 0; p < nP; p++) {
        const int64_t *sz = PK_SIZE(in, P[p]);
        for (size_t k = 0; k < d; k++)
            st->avail[k] += sz[k];
        wp += in->w[P[p]];
    }
    size_t scanned = 0, first = 0;
    if (d == 1) {
        /* one dimension: the options are sorted by size too, so the first
         * that fits is found by bisection */
        size_t lo = 0, hi = st->nq;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (st->qsize[mid] > st->avail[0])
                lo = mid + 1;
            else
                hi = mid;
        }
        first = lo;
    }
    for (size_t i = first; i < st->nq; i++) {
        double gain = st->q[i].w - wp;
        if (gain <= m->gain)
            break;
        scanned++;
        const int64_t *v = st->qsize + i * d;
        size_t k = 0;
        while (k < d && v[k] <= st->avail[k])
            k++;
        if (k < d || !q_admissible(st, &st->q[i], b, P, nP))
            continue;
        m->gain = gain;
        m->bin = b;
        m->nP = nP;
        for (size_t p = 0; p < nP; p++)
            m->P[p] = P[p];
        m->q = i;
        break;
    }
    st->budget->work += 1 + scanned;
}

static bool find_move(ls *st, move *m)
{
    memset(m, 0, sizeof *m);
    m->gain = -INFINITY;
    m->bin = SL_NONE;
    pk_sol *s = st->s;
    /* first improvement from a random bin on; the best move when none
     * improves */
    uint32_t start = s->n_bins ? sl_rng_below(&st->rng, (uint32_t)s->n_bins) : 0;
    for (uint32_t r = 0; r < s->n_bins; r++) {
        uint32_t b = (start + r) % (uint32_t)s->n_bins;
        if (m->gain > 1e-12)
            break;
        if (r >= SAMPLE_BINS && m->bin != SL_NONE)
            break;
        size_t k = 0;
        for (uint32_t i = s->head[b]; i != SL_NONE; i = s->next[i])
            st->items[k++] = i;
        scan_q(st, b, NULL, 0, m);
        for (size_t x = 0; x < k; x++) {
            uint32_t P[2] = {st->items[x], SL_NONE};
            scan_q(st, b, P, 1, m);
            for (size_t y = x + 1; y < k; y++) {
                P[1] = st->items[y];
                scan_q(st, b, P, 2, m);
            }
        }
    }
    return m->bin != SL_NONE;
}

static uint64_t tenure(ls *st)
{
    return 3 + sl_rng_below(&st->rng, (uint32_t)(st->nU + 3));
}

static void apply_move(ls *st, const move *m)
{
    const qopt o = st->q[m->q];
    for (size_t p = 0; p < m->nP; p++) {
        uint32_t i = m->P[p];
        pk_sol_take(st->s, i);
        u_add(st, i);
        st->tabu_bin[i] = m->bin;
        st->tabu_until[i] = st->iter + tenure(st);
    }
    u_remove(st, o.a);
    pk_sol_put(st->s, o.a, m->bin);
    if (o.b != SL_NONE) {
        u_remove(st, o.b);
        pk_sol_put(st->s, o.b, m->bin);
    }
}

/* ---- does U fit into two bins? ---------------------------------------
 * Depth-first: items by decreasing weight go to side 0 or 1; the first
 * item always to side 0 (the sides are interchangeable). A node limit
 * keeps it cheap; hitting it counts as "does not fit". */

#define TWO_BIN_NODES 4000

static bool two_dfs(ls *st, size_t k, int64_t *la, int64_t *lb, long *nodes)
{
    if (k == st->nU)
        return true;
    if (--*nodes < 0)
        return false;
    const pk_inst *in = st->in;
    uint32_t item = st->order[k];
    const int64_t *sz = PK_SIZE(in, item);
    for (int side = 0; side < 2; side++) {
        if (k == 0 && side == 1)
            break;
        int64_t *l = side ? lb : la;
        size_t j = 0;
        while (j < st->d && l[j] + sz[j] <= in->cap[j])
            j++;
        if (j < st->d)
            continue;
        if (in->has_groups && in->group[item] != SL_NONE) {
            bool clash = false;
            for (size_t x = 0; x < k && !clash; x++)
                clash = st->side[x] == side && in->group[st->order[x]] == in->group[item];
            if (clash)
                continue;
        }
        for (j = 0; j < st->d; j++)
            l[j] += sz[j];
        st->side[k] = (uint8_t)side;
        bool ok = two_dfs(st, k + 1, la, lb, nodes);
        for (j = 0; j < st->d; j++)
            l[j] -= sz[j];
        if (ok)
            return true;
    }
    return false;
}

static int cmp_by_weight(const ls *st, uint32_t a, uint32_t b)
{
    double wa = st->in->w[a], wb = st->in->w[b];
    if (wa != wb)
        return wa > wb ? -1 : 1;
    return (a > b) - (a < b);
}

/* Sorts st->order[0..n) by decreasing weight, ties by index. */
static void sort_by_weight(const ls *st, uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && cmp_by_weight(st, v[j - 1], x) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static bool u_fits_two_bins(ls *st)
{
    const pk_inst *in = st->in;
    for (size_t k = 0; k < st->d; k++)
        if (st->uload[k] > 2 * in->cap[k])
            return false;
    memcpy(st->order, st->U, st->nU * sizeof *st->order);
    sort_by_weight(st, st->order, st->nU);
    memset(st->la, 0, st->d * sizeof *st->la);
    memset(st->lb, 0, st->d * sizeof *st->lb);
    long nodes = TWO_BIN_NODES;
    bool ok = two_dfs(st, 0, st->la, st->lb, &nodes);
    st->budget->work += (uint64_t)(TWO_BIN_NODES - (nodes > 0 ? nodes : 0));
    return ok;
}

/* ---- refill: the best content for one bin from its items and U ------
 * A small knapsack (all dimensions, conflict groups): depth-first over
 * the candidates by decreasing weight, bounded by the weight still
 * available, with a node limit. Applied only when it strictly adds
 * weight to the bin. */

/* Knapsack nodes per refill; one dimension affords many more. */
#define REFILL_NODES (st->d == 1 ? 20000 : 300)

typedef struct refill_ctx {
    ls *st;
    uint32_t *cand;
    size_t n;
    double *suffix; /* suffix[k] = weight of cand[k..n) */
    uint8_t *take, *best_take;
    double best;
    long nodes;
    int64_t *load;
} refill_ctx;

static void refill_dfs(refill_ctx *c, size_t k, double w)
{
    if (w > c->best + 1e-12) {
        c->best = w;
        memcpy(c->best_take, c->take, c->n);
    }
    if (k == c->n || --c->nodes < 0 || w + c->suffix[k] <= c->best + 1e-12)
        return;
    const pk_inst *in = c->st->in;
    uint32_t item = c->cand[k];
    const int64_t *sz = PK_SIZE(in, item);
    size_t j = 0;
    while (j < in->d && c->load[j] + sz[j] <= in->cap[j])
        j++;
    bool fits = j == in->d;
    if (fits && in->has_groups && in->group[item] != SL_NONE)
        for (size_t x = 0; x < k && fits; x++)
            fits = !(c->take[x] && in->group[c->cand[x]] == in->group[item]);
    if (fits) {
        for (j = 0; j < in->d; j++)
            c->load[j] += sz[j];
        c->take[k] = 1;
        refill_dfs(c, k + 1, w + in->w[item]);
        c->take[k] = 0;
        for (j = 0; j < in->d; j++)
            c->load[j] -= sz[j];
    }
    refill_dfs(c, k + 1, w);
}

static bool refill(ls *st, uint32_t b)
{
    pk_sol *s = st->s;
    const pk_inst *in = st->in;
    size_t n = 0;
    double cur = 0;
    for (uint32_t i = s->head[b]; i != SL_NONE; i = s->next[i]) {
        st->cand[n++] = i;
        cur += in->w[i];
    }
    for (size_t i = 0; i < st->nU; i++)
        st->cand[n++] = st->U[i];
    sort_by_weight(st, st->cand, n);
    refill_ctx c = {st, st->cand, n, st->suffix, st->take, st->best_take, cur, REFILL_NODES,
                    st->la};
    st->suffix[n] = 0;
    for (size_t k = n; k-- > 0;)
        st->suffix[k] = st->suffix[k + 1] + in->w[st->cand[k]];
    memset(st->take, 0, n);
    memset(st->best_take, 0, n);
    memset(st->la, 0, st->d * sizeof *st->la);
    refill_dfs(&c, 0, 0);
    st->budget->work += (uint64_t)(REFILL_NODES - (c.nodes > 0 ? c.nodes : 0)) + n;
    if (c.best <= cur + 1e-12)
        return false;
    /* out first, so the bin never exceeds its capacity */
    for (size_t k = 0; k < n; k++) {
        uint32_t i = st->cand[k];
        if (!st->best_take[k] && s->bin_of[i] == b) {
            pk_sol_take(s, i);
            u_add(st, i);
        }
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t i = st->cand[k];
        if (st->best_take[k] && s->bin_of[i] == SL_NONE) {
            u_remove(st, i);
            pk_sol_put(s, i, b);
        }
    }
    return true;
}

/* Refills a window of bins from a random one on, again while that
 * helps. */
static void descent(ls *st)
{
    uint32_t nb = (uint32_t)st->s->n_bins;
    if (!nb)
        return;
    bool changed = true;
    for (int pass = 0; pass < 2 && changed; pass++) {
        changed = false;
        uint32_t start = sl_rng_below(&st->rng, nb);
        for (uint32_t r = 0; r < nb && r < DESCENT_BINS; r++) {
            if (st->budget->work >= st->budget->limit)
                return;
            changed |= refill(st, (start + r) % nb);
        }
    }
}

/* Moves one random item of a random bin to U. */
static void kick(ls *st)
{
    pk_sol *s = st->s;
    if (s->n_bins == 0)
        return;
    uint32_t b = sl_rng_below(&st->rng, (uint32_t)s->n_bins);
    if (s->count[b] == 0)
        return;
    uint32_t pick = sl_rng_below(&st->rng, s->count[b]);
    uint32_t i = s->head[b];
    while (pick-- > 0)
        i = s->next[i];
    if (st->in->has_negative) {
        /* taking out a negative size adds to the load */
        for (size_t k = 0; k < st->d; k++)
            if (PK_LOAD(s, b)[k] - PK_SIZE(st->in, i)[k] > st->in->cap[k])
                return;
    }
    pk_sol_take(s, i);
    u_add(st, i);
    st->tabu_bin[i] = b;
    st->tabu_until[i] = st->iter + tenure(st) + 5;
}

/* Runs the search on the partial packing st->s with the items in U;
 * true when U fits into two bins (st->order and st->side say how). */
static int search(ls *st, bool *ok)
{
    *ok = false;
    descent(st);
    double best_w = u_weight(st);
    uint64_t stall = 0, n_descents = 0;
    uint64_t stall_limit = 20 + 2 * (uint64_t)st->nU;
    while (st->budget->work < st->budget->limit) {
        if (u_fits_two_bins(st)) {
            *ok = true;
            return 0;
        }
        int rc = build_q(st);
        if (rc)
            return rc;
        move m;
        st->iter++;
        if (!find_move(st, &m)) {
            kick(st);
            continue;
        }
        apply_move(st, &m);
        double w = u_weight(st);
        if (w < best_w - 1e-12) {
            best_w = w;
            stall = 0;
        } else if (++stall >= stall_limit) {
            descent(st);
            if (++n_descents % 4 == 0)
                kick(st);
            stall = 0;
            best_w = u_weight(st);
        }
    }
    return 0;
}

/* The k bins of least weight, ties to the lower index, in out[0..k). */
static void lightest(const pk_sol *s, uint32_t *out, size_t k)
{
    const pk_inst *in = s->in;
    double w[3] = {INFINITY, INFINITY, INFINITY};
    for (size_t j = 0; j < k; j++)
        out[j] = SL_NONE;
    for (uint32_t b = 0; b < s->n_bins; b++) {
        double x = 0;
        for (uint32_t i = s->head[b]; i != SL_NONE; i = s->next[i])
            x += in->w[i];
        size_t j = k;
        while (j > 0 && x < w[j - 1])
            j--;
        if (j == k)
            continue;
        for (size_t t = k - 1; t > j; t--) {
            w[t] = w[t - 1];
            out[t] = out[t - 1];
        }
        w[j] = x;
        out[j] = b;
    }
}

int pk_search_run(pk_sol *best, size_t lb, pk_budget *budget, uint64_t seed)
{
    const pk_inst *in = best->in;
    size_t n = in->n, d = in->d;
    if (best->n_bins <= lb || best->n_bins < 2 || n == 0)
        return 0;
    ls st;
    memset(&st, 0, sizeof st);
    st.in = in;
    st.d = d;
    st.budget = budget;
    sl_rng_init(&st.rng, seed, 0, 0x7061636b); /* "pack" */
    pk_sol cur;
    int rc = pk_sol_init(&cur, in);
    bool have_cur = rc == 0;
    st.U = sl_malloc(n * sizeof *st.U);
    st.uload = sl_calloc(d, sizeof *st.uload);
    st.tabu_until = sl_calloc(n, sizeof *st.tabu_until);
    st.tabu_bin = sl_malloc(n * sizeof *st.tabu_bin);
    st.avail = sl_malloc(d * sizeof *st.avail);
    st.items = sl_malloc(n * sizeof *st.items);
    st.order = sl_malloc(n * sizeof *st.order);
    st.side = sl_malloc(n);
    st.la = sl_malloc(d * sizeof *st.la);
    st.lb = sl_malloc(d * sizeof *st.lb);
    st.cand = sl_malloc(n * sizeof *st.cand);
    st.suffix = sl_malloc((n + 1) * sizeof *st.suffix);
    st.take = sl_malloc(n);
    st.best_take = sl_malloc(n);
    if (!rc && (!st.U || !st.uload || !st.tabu_until || !st.tabu_bin || !st.avail || !st.items ||
                !st.order || !st.side || !st.la || !st.lb || !st.cand || !st.suffix || !st.take ||
                !st.best_take))
        rc = SL_ENOMEM;
    while (!rc && best->n_bins > lb && best->n_bins >= 2 && budget->work < budget->limit) {
        rc = pk_sol_copy(&cur, best);
        if (rc)
            break;
        st.s = &cur;
        st.nU = 0;
        memset(st.uload, 0, d * sizeof *st.uload);
        for (size_t i = 0; i < n; i++)
            st.tabu_bin[i] = SL_NONE;
        /* aim at one bin fewer: keep all but three bins, and succeed when
         * the rest fits into two */
        uint32_t drop[3];
        size_t k_drop = best->n_bins < 3 ? best->n_bins : 3;
        lightest(&cur, drop, k_drop);
        for (size_t k = 0; k < k_drop; k++)
            while (cur.head[drop[k]] != SL_NONE) {
                uint32_t i = cur.head[drop[k]];
                pk_sol_take(&cur, i);
                u_add(&st, i);
            }
        pk_sol_compact(&cur);
        bool ok = false;
        rc = search(&st, &ok);
        if (rc || !ok)
            break;
        uint32_t b0 = pk_sol_open(&cur), b1 = pk_sol_open(&cur);
        if (b0 == SL_NONE || b1 == SL_NONE) {
            rc = SL_ENOMEM;
            break;
        }
        for (size_t k = 0; k < st.nU; k++)
            pk_sol_put(&cur, st.order[k], st.side[k] ? b1 : b0);
        pk_sol_compact(&cur);
        if (cur.n_bins >= best->n_bins)
            break; /* cannot happen: U fits two of the three bins removed */
        rc = pk_sol_copy(best, &cur);
    }
    if (have_cur)
        pk_sol_done(&cur);
    sl_free(st.U);
    sl_free(st.uload);
    sl_free(st.tabu_until);
    sl_free(st.tabu_bin);
    sl_free(st.avail);
    sl_free(st.items);
    sl_free(st.order);
    sl_free(st.side);
    sl_free(st.la);
    sl_free(st.lb);
    sl_free(st.cand);
    sl_free(st.suffix);
    sl_free(st.take);
    sl_free(st.best_take);
    sl_free(st.q);
    sl_free(st.qsize);
    return rc;
}
