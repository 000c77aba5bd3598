/* SPDX-License-Identifier: MIT */
/* The group stage's splitter (src/group/split.c) on graphs too large for
 * its retries: every part within every cap (re-counted here), every vertex
 * placed, few parts beyond the fewest the totals allow, vertices that
 * cannot share a part each alone, and the same parts for the same seed. */
#include "helpers.h"

#include "group/group.h"

#include <stdlib.h>
#include <string.h>

/* A ring lattice: vertex v linked to v+1 .. v+reach (mod n), weights from
 * a fixed xorshift, ncon constraints. */
typedef struct ring {
    sl_graph g;
    int32_t *xadj, *adj, *wgt, *vwgt;
} ring;

static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static ring ring_new(int32_t n, int32_t reach, int ncon, int32_t w_min, int32_t w_max)
{
    ring r;
    r.xadj = malloc(((size_t)n + 1) * sizeof *r.xadj);
    r.adj = malloc((size_t)n * 2 * (size_t)reach * sizeof *r.adj);
    r.wgt = malloc((size_t)n * 2 * (size_t)reach * sizeof *r.wgt);
    r.vwgt = malloc((size_t)n * (size_t)ncon * sizeof *r.vwgt);
    assert_non_null(r.xadj);
    assert_non_null(r.adj);
    assert_non_null(r.wgt);
    assert_non_null(r.vwgt);
    uint32_t s = 12345;
    int32_t at = 0;
    for (int32_t v = 0; v < n; v++) {
        r.xadj[v] = at;
        for (int32_t d = -reach; d <= reach; d++) {
            if (d == 0)
                continue;
            r.adj[at] = (v + d + n) % n;
            /* symmetric: the weight depends on the pair */
            int32_t lo = SL_MIN(v, r.adj[at]), hi = SL_MAX(v, r.adj[at]);
            r.wgt[at] = 1 + (int32_t)(((uint32_t)lo * 2654435761u ^ (uint32_t)hi) % 50);
            at++;
        }
        for (int c = 0; c < ncon; c++)
            r.vwgt[(size_t)v * ncon + c] =
                w_min + (int32_t)(next_rand(&s) % (uint32_t)(w_max - w_min + 1));
    }
    r.xadj[n] = at;
    r.g = (sl_graph){n, ncon, r.xadj, r.adj, r.vwgt, r.wgt, NULL};
    return r;
}

static void ring_free(ring *r)
{
    free(r->xadj);
    free(r->adj);
    free(r->wgt);
    free(r->vwgt);
}

/* Checks the split from scratch; returns the number of non-empty parts. */
static int32_t check_split(const sl_graph *g, const int64_t *cap, const int32_t *parts,
                           int32_t k)
{
    int ncon = g->n_constraints;
    int64_t *load = calloc((size_t)k * (size_t)ncon + 1, sizeof *load);
    assert_non_null(load);
    for (int32_t v = 0; v < g->n_vertices; v++) {
        assert_true(parts[v] >= 0 && parts[v] < k);
        for (int c = 0; c < ncon; c++)
            load[(size_t)parts[v] * ncon + c] += g->vwgt[(size_t)v * ncon + c];
    }
    int32_t used = 0;
    for (int32_t p = 0; p < k; p++) {
        bool any = false;
        for (int c = 0; c < ncon; c++) {
            assert_true(load[(size_t)p * ncon + c] <= cap[c]);
            any |= load[(size_t)p * ncon + c] > 0;
        }
        used += any;
    }
    free(load);
    return used;
}

static void test_group_split__a_large_graph_fits_every_cap_with_few_parts_beyond_the_fewest(
    void **state)
{
    (void)state;
    /* 6,000 vertices (past the small-graph retries), two constraints */
    ring r = ring_new(6000, 4, 2, 1, 12);
    const int64_t cap[2] = {100, 140};
    int64_t total[2] = {0, 0};
    for (int32_t v = 0; v < r.g.n_vertices; v++)
        for (int c = 0; c < 2; c++)
            total[c] += r.vwgt[v * 2 + c];
    int32_t k_min = (int32_t)SL_MAX((total[0] + cap[0] - 1) / cap[0],
                                    (total[1] + cap[1] - 1) / cap[1]);
    int32_t *parts = malloc(6000 * sizeof *parts), k = 0;
    assert_non_null(parts);
    assert_int_equal(grp_split(parts, &k, &r.g, cap, k_min, 3, 7), 0);
    int32_t used = check_split(&r.g, cap, parts, k);
    /* the 3 % slack, and a little for what the repair could not place */
    assert_true(used >= k_min);
    assert_true(used <= k_min + k_min / 16);
    /* the same seed gives the same parts */
    int32_t *again = malloc(6000 * sizeof *again), k2 = 0;
    assert_non_null(again);
    assert_int_equal(grp_split(again, &k2, &r.g, cap, k_min, 3, 7), 0);
    assert_int_equal(k, k2);
    assert_memory_equal(parts, again, 6000 * sizeof *parts);
    free(again);
    free(parts);
    ring_free(&r);
}

static void test_group_split__vertices_that_cannot_share_a_part_each_get_one(void **state)
{
    (void)state;
    /* 2,500 vertices of 60 under a cap of 100: no two share a part, so
     * the answer is 2,500 parts, far past the fewest the total allows
     * (1,500) and the slack (1,547): the eviction must open the rest */
    ring r = ring_new(2500, 2, 1, 60, 60);
    const int64_t cap[1] = {100};
    int32_t *parts = malloc(2500 * sizeof *parts), k = 0;
    assert_non_null(parts);
    assert_int_equal(grp_split(parts, &k, &r.g, cap, 1500, 1, 3), 0);
    assert_int_equal(check_split(&r.g, cap, parts, k), 2500);
    free(parts);
    ring_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_group_split__a_large_graph_fits_every_cap_with_few_parts_beyond_the_fewest),
        cmocka_unit_test(test_group_split__vertices_that_cannot_share_a_part_each_get_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
