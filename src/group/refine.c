/* SPDX-License-Identifier: MIT */
/*
 * refine.c - k-way refinement of a partition under hard balance limits:
 * balance repair and Fiduccia-Mattheyses passes. Used by partition.c after
 * every METIS run and by coarsen.c on every level of a V-cycle.
 *
 * FM (Fiduccia and Mattheyses, DAC 1982), k-way form as in Sanders and
 * Schulz, "Engineering multilevel graph partitioning algorithms" (ESA 2011,
 * KaFFPa): one priority queue of boundary vertices keyed by the gain of
 * their best move to an adjacent part; the best vertex moves even when its
 * gain is negative, is locked for the rest of the pass, and its unlocked
 * neighbours get their gains recomputed. A pass stops after `stall` moves
 * without a new best cut and rolls back to the best prefix. Deviations:
 * a move is only allowed when the target part stays within its limit in
 * every constraint (balance is hard, never traded against cut), and ties
 * go to the lighter target, then to a random per-pass order.
 *
 * Invariants: pw always matches part; *cut always equals pt_cut(g, part);
 * a pass never ends worse than it started; balanced in, balanced out.
 * Cost: one pass is O(m) to seed the queue plus, per move, O(sum of the
 * degrees of the moved vertex's neighbours) and O(log n) heap work.
 */
#include "group/partition.h"

#include <stdlib.h>
#include <string.h>

void pt_graph_free(pt_graph *g)
{
    if (g) {
        sl_free(g->own);
        g->own = NULL;
    }
}

/* Multi-try FM's work budget a round, per adjacency entry (below). */
#define LOCAL_WORK_PER_ENTRY 64

int pt_ctx_init(pt_ctx *c, int32_t n_max, int32_t k, int32_t ncon, const int64_t *limit,
                uint64_t seed)
{
    memset(c, 0, sizeof *c);
    c->k = k;
    c->ncon = ncon;
    c->n_max = n_max;
    for (int32_t i = 0; i < ncon; i++)
        c->limit[i] = c->exact[i] = limit[i];
    c->fm_passes = 1;
    c->local_rounds = 1;
    c->local_stall = 25;
    c->local_work = LOCAL_WORK_PER_ENTRY;
    c->cluster_div = 8;
    sl_rng_init(&c->rng, seed, 0, 0x9a27u);
    size_t n = (size_t)n_max + 1;
    c->conn = sl_calloc((size_t)k, sizeof *c->conn);
    c->touched = sl_malloc((size_t)k * sizeof *c->touched);
    c->heap = sl_malloc(n * sizeof *c->heap);
    c->pos = sl_malloc(n * sizeof *c->pos);
    c->key = sl_malloc(n * sizeof *c->key);
    c->tie = sl_malloc(n * sizeof *c->tie);
    c->moves = sl_malloc(n * sizeof *c->moves);
    c->from = sl_malloc(n * sizeof *c->from);
    c->locked = sl_calloc(n, 1);
    c->scratch = sl_malloc(n * sizeof *c->scratch);
    c->lheap = sl_malloc((size_t)k * sizeof *c->lheap);
    c->lpos = sl_malloc((size_t)k * sizeof *c->lpos);
    c->lkey = sl_malloc((size_t)k * sizeof *c->lkey);
    if (!c->conn || !c->touched || !c->heap || !c->pos || !c->key || !c->tie || !c->moves ||
        !c->from || !c->locked || !c->scratch || !c->lheap || !c->lpos || !c->lkey) {
        pt_ctx_free(c);
        return SL_ENOMEM;
    }
    return 0;
}

void pt_ctx_free(pt_ctx *c)
{
    sl_free(c->conn);
    sl_free(c->touched);
    sl_free(c->heap);
    sl_free(c->pos);
    sl_free(c->key);
    sl_free(c->tie);
    sl_free(c->moves);
    sl_free(c->from);
    sl_free(c->locked);
    sl_free(c->scratch);
    sl_free(c->lheap);
    sl_free(c->lpos);
    sl_free(c->lkey);
    memset(c, 0, sizeof *c);
}

int64_t pt_cut(const pt_graph *g, const int32_t *part)
{
    int64_t cut = 0;
    for (int32_t v = 0; v < g->n; v++)
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++)
            if (part[g->adjncy[e]] != part[v])
                cut += g->adjwgt[e];
    return cut / 2;
}

void pt_part_weights(const pt_graph *g, const int32_t *part, int32_t k, int64_t *pw)
{
    memset(pw, 0, (size_t)k * (size_t)g->ncon * sizeof *pw);
    for (int32_t v = 0; v < g->n; v++)
        for (int32_t c = 0; c < g->ncon; c++)
            pw[(size_t)part[v] * (size_t)g->ncon + (size_t)c] += g->vwgt[(size_t)v * g->ncon + c];
}

bool pt_is_balanced(const pt_ctx *c, const int64_t *pw)
{
    for (int32_t p = 0; p < c->k; p++)
        for (int32_t i = 0; i < c->ncon; i++)
            if (pw[(size_t)p * c->ncon + i] > c->limit[i])
                return false;
    return true;
}

static const int32_t *vw_of(const pt_graph *g, int32_t v)
{
    return g->vwgt + (size_t)v * (size_t)g->ncon;
}

static bool fits(const pt_ctx *c, const int64_t *pw, int32_t p, const int32_t *vw)
{
    const int64_t *w = pw + (size_t)p * c->ncon;
    for (int32_t i = 0; i < c->ncon; i++)
        if (vw[i] > 0 && w[i] + vw[i] > c->limit[i])
            return false;
    return true;
}

/* The fullest constraint of part p, as a share of its limit. */
static double load(const pt_ctx *c, const int64_t *pw, int32_t p)
{
    double worst = 0;
    for (int32_t i = 0; i < c->ncon; i++) {
        double l = c->limit[i] > 0 ? (double)pw[(size_t)p * c->ncon + i] / (double)c->limit[i]
                                   : 0.0;
        if (l > worst)
            worst = l;
    }
    return worst;
}

static void move_weights(const pt_ctx *c, int64_t *pw, int32_t from, int32_t to,
                         const int32_t *vw)
{
    for (int32_t i = 0; i < c->ncon; i++) {
        pw[(size_t)from * c->ncon + i] -= vw[i];
        pw[(size_t)to * c->ncon + i] += vw[i];
    }
}

/* ---- parts by load --------------------------------------------------------
 * The balance repair wants "the least loaded part that takes v" when no
 * adjacent part does. Scanning all k parts for it costs O(k) per vertex,
 * O(n k) per repair, and the group stage splits components into k in the
 * thousands (issue 18). A binary min-heap of the parts on (load, index),
 * kept up to date as vertices move, yields them in that order; the repair
 * tries the first LEAST_TRIED. When k is at most that, every part is
 * tried and the answer is the full scan's: the least loaded part that
 * fits, ties to the lower index. */
#define LEAST_TRIED 16

static bool lighter(const pt_ctx *c, int32_t a, int32_t b)
{
    return c->lkey[a] < c->lkey[b] || (c->lkey[a] == c->lkey[b] && a < b);
}

static void lh_swap(pt_ctx *c, int32_t i, int32_t j)
{
    int32_t t = c->lheap[i];
    c->lheap[i] = c->lheap[j];
    c->lheap[j] = t;
    c->lpos[c->lheap[i]] = i;
    c->lpos[c->lheap[j]] = j;
}

static void lh_down(pt_ctx *c, int32_t i)
{
    for (;;) {
        int32_t l = 2 * i + 1, m = i;
        if (l < c->k && lighter(c, c->lheap[l], c->lheap[m]))
            m = l;
        if (l + 1 < c->k && lighter(c, c->lheap[l + 1], c->lheap[m]))
            m = l + 1;
        if (m == i)
            return;
        lh_swap(c, i, m);
        i = m;
    }
}

/* Restores the heap after slot i's key changed. */
static void lh_sift(pt_ctx *c, int32_t i)
{
    while (i > 0 && lighter(c, c->lheap[i], c->lheap[(i - 1) / 2])) {
        lh_swap(c, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
    lh_down(c, i);
}

static void lh_build(pt_ctx *c, const int64_t *pw)
{
    for (int32_t p = 0; p < c->k; p++) {
        c->lheap[p] = c->lpos[p] = p;
        c->lkey[p] = load(c, pw, p);
    }
    for (int32_t i = c->k / 2 - 1; i >= 0; i--)
        lh_down(c, i);
}

/* After the weights of parts from and to changed. */
static void lh_moved(pt_ctx *c, const int64_t *pw, int32_t from, int32_t to)
{
    c->lkey[from] = load(c, pw, from);
    lh_sift(c, c->lpos[from]);
    c->lkey[to] = load(c, pw, to);
    lh_sift(c, c->lpos[to]);
}

/* The up to LEAST_TRIED least loaded parts, least first: a best-first walk
 * of the heap from its root (each step takes the lightest slot seen and
 * adds its two children, so at most LEAST_TRIED + 1 slots wait). */
static int32_t lh_least(const pt_ctx *c, int32_t *out)
{
    int32_t wait[LEAST_TRIED + 2], n_wait = 0, n = 0;
    if (c->k > 0)
        wait[n_wait++] = 0;
    while (n < LEAST_TRIED && n_wait > 0) {
        int32_t best = 0;
        for (int32_t i = 1; i < n_wait; i++)
            if (lighter(c, c->lheap[wait[i]], c->lheap[wait[best]]))
                best = i;
        int32_t slot = wait[best];
        wait[best] = wait[--n_wait];
        out[n++] = c->lheap[slot];
        for (int32_t ch = 2 * slot + 1; ch <= 2 * slot + 2 && ch < c->k; ch++)
            wait[n_wait++] = ch;
    }
    return n;
}

/* The best allowed move of v to an adjacent part: *to = -1 when none.
 * *own gets v's connection to its own part; returns true when v lies on
 * the boundary. With any_part, a vertex without an allowed adjacent move
 * may go to the least loaded part that takes it, among the LEAST_TRIED
 * least loaded (balance repair; the part heap must be current). */
static bool best_move(pt_ctx *c, const pt_graph *g, const int32_t *part, const int64_t *pw,
                      int32_t v, bool any_part, int32_t *to, int64_t *gain)
{
    int32_t a = part[v];
    int64_t own = 0;
    int32_t nt = 0;
    c->work += (uint64_t)(g->xadj[v + 1] - g->xadj[v]) + 1;
    for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
        int32_t p = part[g->adjncy[e]];
        if (p == a) {
            own += g->adjwgt[e];
        } else {
            if (c->conn[p] == 0)
                c->touched[nt++] = p;
            c->conn[p] += g->adjwgt[e];
        }
    }
    const int32_t *vw = vw_of(g, v);
    int32_t best = -1;
    int64_t best_conn = 0;
    double best_load = 0;
    for (int32_t i = 0; i < nt; i++) {
        int32_t p = c->touched[i];
        int64_t cn = c->conn[p];
        c->conn[p] = 0;
        if (cn < best_conn || !fits(c, pw, p, vw))
            continue;
        if (best >= 0 && cn == best_conn) {
            /* a tie: the lighter part, then the lower index */
            double l = load(c, pw, p);
            if (l > best_load || (l == best_load && p > best))
                continue;
            best_load = l;
        } else {
            best_load = load(c, pw, p);
        }
        best = p;
        best_conn = cn;
    }
    if (best < 0 && any_part) {
        int32_t least[LEAST_TRIED];
        int32_t n_least = lh_least(c, least);
        for (int32_t i = 0; i < n_least && best < 0; i++)
            if (least[i] != a && fits(c, pw, least[i], vw))
                best = least[i];
        best_conn = 0;
    }
    *to = best;
    *gain = best_conn - own;
    return nt > 0;
}

/* ---- addressable binary max-heap on (key, tie) --------------------------- */

typedef struct heap {
    int32_t *items, *pos; /* pos[v] = slot or -1 */
    int64_t *key;
    uint32_t *tie;
    int32_t n;
} heap;

static bool above(const heap *h, int32_t a, int32_t b)
{
    return h->key[a] > h->key[b] || (h->key[a] == h->key[b] && h->tie[a] > h->tie[b]);
}

static void sift_up(heap *h, int32_t i)
{
    int32_t v = h->items[i];
    while (i > 0) {
        int32_t parent = (i - 1) / 2;
        if (!above(h, v, h->items[parent]))
            break;
        h->items[i] = h->items[parent];
        h->pos[h->items[i]] = i;
        i = parent;
    }
    h->items[i] = v;
    h->pos[v] = i;
}

static void sift_down(heap *h, int32_t i)
{
    int32_t v = h->items[i];
    for (;;) {
        int32_t l = 2 * i + 1;
        if (l >= h->n)
            break;
        int32_t child = l;
        if (l + 1 < h->n && above(h, h->items[l + 1], h->items[l]))
            child = l + 1;
        if (!above(h, h->items[child], v))
            break;
        h->items[i] = h->items[child];
        h->pos[h->items[i]] = i;
        i = child;
    }
    h->items[i] = v;
    h->pos[v] = i;
}

static void heap_set(heap *h, int32_t v, int64_t key)
{
    if (h->pos[v] < 0) {
        h->key[v] = key;
        h->items[h->n] = v;
        h->pos[v] = h->n++;
        sift_up(h, h->pos[v]);
    } else if (key > h->key[v]) {
        h->key[v] = key;
        sift_up(h, h->pos[v]);
    } else if (key < h->key[v]) {
        h->key[v] = key;
        sift_down(h, h->pos[v]);
    }
}

static void heap_remove(heap *h, int32_t v)
{
    int32_t i = h->pos[v];
    if (i < 0)
        return;
    h->pos[v] = -1;
    h->n--;
    if (i == h->n)
        return;
    int32_t last = h->items[h->n];
    h->items[i] = last;
    h->pos[last] = i;
    sift_up(h, i);
    sift_down(h, h->pos[last]);
}

static int32_t heap_pop(heap *h)
{
    int32_t v = h->items[0];
    heap_remove(h, v);
    return v;
}

static heap heap_of(pt_ctx *c, int32_t n)
{
    heap h = {c->heap, c->pos, c->key, c->tie, 0};
    for (int32_t v = 0; v < n; v++)
        h.pos[v] = -1;
    for (int32_t v = 0; v < n; v++)
        h.tie[v] = sl_rng_u32(&c->rng);
    return h;
}

/* ---- balance repair ------------------------------------------------------ */

static bool balance_greedy(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw,
                           int64_t *cut);

static bool overloaded(const pt_ctx *c, const int64_t *pw, int32_t p, const int32_t *vw)
{
    for (int32_t i = 0; i < c->ncon; i++)
        if (vw[i] > 0 && pw[(size_t)p * c->ncon + i] > c->limit[i])
            return true;
    return false;
}

/* The overload a part would have: sum over constraints of the excess over
 * the limit, each as a share of its limit. */
static double overload(const pt_ctx *c, const int64_t *w)
{
    double o = 0;
    for (int32_t i = 0; i < c->ncon; i++)
        if (w[i] > c->limit[i])
            o += (double)(w[i] - c->limit[i]) / (double)(c->limit[i] > 0 ? c->limit[i] : 1);
    return o;
}

/* How much moving v from a to p lowers the total overload (> 0: better). */
static double overload_drop(const pt_ctx *c, const int64_t *pw, int32_t a, int32_t p,
                            const int32_t *vw)
{
    int64_t wa[SL_GRAPH_MAX_CONSTRAINTS], wp[SL_GRAPH_MAX_CONSTRAINTS];
    const int64_t *pa = pw + (size_t)a * c->ncon, *pp = pw + (size_t)p * c->ncon;
    for (int32_t i = 0; i < c->ncon; i++) {
        wa[i] = pa[i] - vw[i];
        wp[i] = pp[i] + vw[i];
    }
    return overload(c, pa) + overload(c, pp) - overload(c, wa) - overload(c, wp);
}

typedef struct candidate {
    int32_t v, to;
    double drop;
    int64_t gain;
} candidate;

static int cmp_candidate(const void *x, const void *y)
{
    const candidate *a = x, *b = y;
    if (a->drop != b->drop)
        return a->drop > b->drop ? -1 : 1;
    if (a->gain != b->gain)
        return a->gain > b->gain ? -1 : 1;
    return (a->v > b->v) - (a->v < b->v);
}

static double total_overload(const pt_ctx *c, const int64_t *pw)
{
    double o = 0;
    for (int32_t p = 0; p < c->k; p++)
        o += overload(c, pw + (size_t)p * c->ncon);
    return o;
}

/* Second phase of the repair, for several constraints pulling in different
 * directions (part A too heavy in one, part B in another: no single move
 * fits anywhere). Moves may go into a part over its limit as long as the
 * total overload falls; each round takes every vertex's best such move,
 * best first, rechecked when applied. A vertex's targets are its adjacent
 * parts and the LEAST_TRIED least loaded ones (every part when k is
 * small), ties to the lower index. Ends when balanced, stuck, or when a
 * round no longer lowers the total overload. Cost per round: O(n + the
 * degrees of the vertices in overloaded parts + their number x
 * LEAST_TRIED), and a sort of the candidates. */
static bool balance_overload(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw,
                             int64_t *cut)
{
    candidate *cand = sl_malloc(((size_t)g->n + 1) * sizeof *cand);
    if (!cand)
        return false;
    double before = total_overload(c, pw);
    for (int round = 0; round < 64 && !pt_is_balanced(c, pw); round++) {
        int32_t least[LEAST_TRIED];
        int32_t n_least = lh_least(c, least);
        size_t nc = 0;
        for (int32_t v = 0; v < g->n; v++) {
            int32_t a = part[v];
            if (overload(c, pw + (size_t)a * c->ncon) <= 0)
                continue;
            const int32_t *vw = vw_of(g, v);
            int64_t own = 0;
            int32_t nt = 0;
            for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
                int32_t p = part[g->adjncy[e]];
                if (p == a) {
                    own += g->adjwgt[e];
                    continue;
                }
                if (c->conn[p] == 0)
                    c->touched[nt++] = p;
                c->conn[p] += g->adjwgt[e];
            }
            candidate best = {v, -1, 0, 0};
            /* adjacent parts (conn > 0), then the least loaded others */
            for (int32_t i = 0; i < nt + n_least; i++) {
                int32_t p = i < nt ? c->touched[i] : least[i - nt];
                if (p == a || (i >= nt && c->conn[p] > 0))
                    continue;
                double drop = overload_drop(c, pw, a, p, vw);
                int64_t gain = c->conn[p] - own;
                if (drop > 1e-12 &&
                    (best.to < 0 || drop > best.drop ||
                     (drop == best.drop && (gain > best.gain || (gain == best.gain && p < best.to))))) {
                    best.to = p;
                    best.drop = drop;
                    best.gain = gain;
                }
            }
            for (int32_t i = 0; i < nt; i++)
                c->conn[c->touched[i]] = 0;
            if (best.to >= 0)
                cand[nc++] = best;
        }
        if (nc == 0)
            break;
        qsort(cand, nc, sizeof *cand, cmp_candidate);
        for (size_t i = 0; i < nc && !pt_is_balanced(c, pw); i++) {
            int32_t v = cand[i].v, a = part[v], to = cand[i].to;
            const int32_t *vw = vw_of(g, v);
            if (overload_drop(c, pw, a, to, vw) <= 1e-12)
                continue;
            int64_t own = 0, there = 0;
            for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
                int32_t q = part[g->adjncy[e]];
                own += q == a ? g->adjwgt[e] : 0;
                there += q == to ? g->adjwgt[e] : 0;
            }
            part[v] = to;
            move_weights(c, pw, a, to, vw);
            lh_moved(c, pw, a, to);
            *cut -= there - own;
        }
        double after = total_overload(c, pw);
        if (!(after < before))
            break; /* the overload stopped falling */
        before = after;
    }
    sl_free(cand);
    return pt_is_balanced(c, pw);
}

bool pt_balance(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut)
{
    if (pt_is_balanced(c, pw))
        return true;
    lh_build(c, pw);
    if (!balance_greedy(c, g, part, pw, cut))
        balance_overload(c, g, part, pw, cut);
    /* the second phase may have left room the first can use */
    return balance_greedy(c, g, part, pw, cut);
}

/* First phase of the repair: moves that fit, least cut increase first. */
static bool balance_greedy(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw,
                           int64_t *cut)
{
    if (pt_is_balanced(c, pw))
        return true;
    heap h = heap_of(c, g->n);
    int32_t to;
    int64_t gain;
    for (int32_t v = 0; v < g->n; v++) {
        if (!overloaded(c, pw, part[v], vw_of(g, v)))
            continue;
        best_move(c, g, part, pw, v, true, &to, &gain);
        if (to >= 0)
            heap_set(&h, v, gain);
    }
    while (h.n > 0 && !pt_is_balanced(c, pw)) {
        int32_t v = heap_pop(&h);
        const int32_t *vw = vw_of(g, v);
        int32_t a = part[v];
        if (!overloaded(c, pw, a, vw))
            continue;
        best_move(c, g, part, pw, v, true, &to, &gain);
        if (to < 0)
            continue;
        if (h.n > 0 && gain < h.key[h.items[0]]) {
            heap_set(&h, v, gain); /* stale key: let a better vertex go first */
            continue;
        }
        part[v] = to;
        move_weights(c, pw, a, to, vw);
        lh_moved(c, pw, a, to);
        *cut -= gain;
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
            int32_t u = g->adjncy[e];
            if (h.pos[u] < 0)
                continue;
            best_move(c, g, part, pw, u, true, &to, &gain);
            if (to >= 0)
                heap_set(&h, u, gain);
            else
                heap_remove(&h, u);
        }
    }
    return pt_is_balanced(c, pw);
}

/* ---- FM ------------------------------------------------------------------ */

static int64_t fm_pass(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t cut,
                       int32_t stall)
{
    heap h = heap_of(c, g->n);
    int32_t to;
    int64_t gain;
    for (int32_t v = 0; v < g->n; v++) {
        int32_t a = part[v];
        bool boundary = false;
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1] && !boundary; e++)
            boundary = part[g->adjncy[e]] != a;
        if (boundary && (best_move(c, g, part, pw, v, false, &to, &gain), to >= 0))
            heap_set(&h, v, gain);
    }
    int64_t cur = cut, best = cut;
    double best_balance = 0;
    for (int32_t p = 0; p < c->k && c->k <= 64; p++)
        best_balance += load(c, pw, p) * load(c, pw, p);
    int32_t n_moves = 0, best_moves = 0, since_best = 0;
    while (h.n > 0 && since_best < stall) {
        int32_t v = heap_pop(&h);
        int64_t expected = h.key[v];
        best_move(c, g, part, pw, v, false, &to, &gain);
        if (to < 0)
            continue;
        if (gain < expected && h.n > 0 && gain < h.key[h.items[0]]) {
            heap_set(&h, v, gain);
            continue;
        }
        int32_t a = part[v];
        const int32_t *vw = vw_of(g, v);
        part[v] = to;
        move_weights(c, pw, a, to, vw);
        c->locked[v] = 1;
        c->moves[n_moves] = v;
        c->from[n_moves] = a;
        n_moves++;
        cur -= gain;
        if (cur < best) {
            best = cur;
            best_moves = n_moves;
            since_best = 0;
        } else if (cur == best) {
            /* same cut: keep the prefix with the more even parts */
            if (c->k <= 64) {
                double bal = 0;
                for (int32_t p = 0; p < c->k; p++)
                    bal += load(c, pw, p) * load(c, pw, p);
                if (bal < best_balance) {
                    best_balance = bal;
                    best_moves = n_moves;
                }
            }
            since_best++;
        } else {
            since_best++;
        }
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
            int32_t u = g->adjncy[e];
            if (c->locked[u])
                continue;
            bool boundary = best_move(c, g, part, pw, u, false, &to, &gain);
            if (boundary && to >= 0)
                heap_set(&h, u, gain);
            else
                heap_remove(&h, u);
        }
    }
    for (int32_t i = n_moves - 1; i >= best_moves; i--) {
        int32_t v = c->moves[i];
        move_weights(c, pw, part[v], c->from[i], vw_of(g, v));
        part[v] = c->from[i];
    }
    for (int32_t i = 0; i < n_moves; i++)
        c->locked[c->moves[i]] = 0;
    return best;
}

void pt_fm(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut,
           int max_passes)
{
    int32_t stall = g->n / 100 + 50;
    if (stall > 2000)
        stall = 2000;
    for (int pass = 0; pass < max_passes; pass++) {
        int64_t before = *cut;
        *cut = fm_pass(c, g, part, pw, *cut, stall);
        if (*cut >= before)
            break;
    }
}

/* ---- localized multi-try FM ----------------------------------------------
 * KaFFPa's "multi-try FM" (Sanders and Schulz, ESA 2011, section 4.2): many
 * small FM searches, each started from one boundary vertex, with only the
 * neighbours of moved vertices entering its queue. A search stops after
 * `stall` moves without a new best and rolls back to its best prefix.
 * Many short searches find improvements that need a few negative-gain
 * moves in one place, which a global pass tends to spend its budget on
 * elsewhere. Vertices moved by a search do not start another in the same
 * round. Cost per round: O(boundary x stall x degree^2) at worst. */

static int64_t local_search(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw,
                            heap *h, int32_t start, int32_t stall, uint8_t *used)
{
    int32_t to;
    int64_t gain;
    best_move(c, g, part, pw, start, false, &to, &gain);
    if (to < 0)
        return 0;
    heap_set(h, start, gain);
    int64_t cur = 0, best = 0;
    int32_t n_moves = 0, best_moves = 0, since_best = 0;
    while (h->n > 0 && since_best < stall && n_moves < c->n_max) {
        int32_t v = heap_pop(h);
        int64_t expected = h->key[v];
        best_move(c, g, part, pw, v, false, &to, &gain);
        if (to < 0)
            continue;
        if (gain < expected && h->n > 0 && gain < h->key[h->items[0]]) {
            heap_set(h, v, gain);
            continue;
        }
        int32_t a = part[v];
        part[v] = to;
        move_weights(c, pw, a, to, vw_of(g, v));
        c->locked[v] = 1;
        used[v] = 1;
        c->moves[n_moves] = v;
        c->from[n_moves] = a;
        n_moves++;
        cur += gain;
        if (cur > best) {
            best = cur;
            best_moves = n_moves;
            since_best = 0;
        } else {
            since_best++;
        }
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
            int32_t u = g->adjncy[e];
            if (c->locked[u])
                continue;
            bool boundary = best_move(c, g, part, pw, u, false, &to, &gain);
            if (boundary && to >= 0)
                heap_set(h, u, gain);
            else
                heap_remove(h, u);
        }
    }
    while (h->n > 0)
        heap_pop(h);
    for (int32_t i = n_moves - 1; i >= best_moves; i--) {
        int32_t v = c->moves[i];
        move_weights(c, pw, part[v], c->from[i], vw_of(g, v));
        part[v] = c->from[i];
    }
    for (int32_t i = 0; i < n_moves; i++)
        c->locked[c->moves[i]] = 0;
    return best;
}

void pt_fm_local(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut,
                 int rounds, int32_t stall)
{
    uint8_t *used = sl_calloc((size_t)g->n + 1, 1);
    int32_t *order = sl_malloc(((size_t)g->n + 1) * sizeof *order);
    if (!used || !order) {
        sl_free(used);
        sl_free(order);
        c->rc = SL_ENOMEM;
        return;
    }
    heap h = heap_of(c, g->n);
    for (int r = 0; r < rounds; r++) {
        int32_t nb = 0;
        for (int32_t v = 0; v < g->n; v++) {
            used[v] = 0;
            for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++)
                if (part[g->adjncy[e]] != part[v]) {
                    order[nb++] = v;
                    break;
                }
        }
        for (int32_t i = nb - 1; i > 0; i--) {
            int32_t j = (int32_t)sl_rng_below(&c->rng, (uint32_t)i + 1);
            int32_t t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        /* a work budget per round: on dense graphs (clusters of clusters)
         * a search costs degree^2 per move, and the searches started from
         * a random part of the boundary already find most of the gain */
        uint64_t budget = c->work + c->local_work * ((uint64_t)g->xadj[g->n] + (uint64_t)g->n);
        int64_t gained = 0;
        for (int32_t i = 0; i < nb && c->work < budget; i++)
            if (!used[order[i]])
                gained += local_search(c, g, part, pw, &h, order[i], stall, used);
        *cut -= gained;
        if (gained == 0)
            break;
    }
    sl_free(used);
    sl_free(order);
}

void pt_refine(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut)
{
    pt_fm(c, g, part, pw, cut, c->fm_passes);
    if (c->local_rounds > 0)
        pt_fm_local(c, g, part, pw, cut, c->local_rounds, c->local_stall);
}

void pt_ctx_relax(pt_ctx *c, const pt_graph *g)
{
    for (int32_t i = 0; i < c->ncon; i++) {
        int64_t heaviest = 0;
        for (int32_t v = 0; v < g->n; v++)
            if (g->vwgt[(size_t)v * g->ncon + i] > heaviest)
                heaviest = g->vwgt[(size_t)v * g->ncon + i];
        c->limit[i] = c->exact[i] + heaviest;
    }
}

void pt_ctx_exact(pt_ctx *c)
{
    for (int32_t i = 0; i < c->ncon; i++)
        c->limit[i] = c->exact[i];
}
