/* SPDX-License-Identifier: MIT */
/* Partition: hand-computed cuts, balance limits never exceeded (re-counted
 * here, not trusted), hard caps in several constraints, determinism, and
 * the METIS graph reader. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

/* A small graph built edge by edge, both directions stored. */
typedef struct tgraph {
    int32_t n, ncon;
    int32_t xadj[1025];
    int32_t adj[8192], wgt[8192];
    int32_t vwgt[1024 * 2];
} tgraph;

static void tg_build(tgraph *t, int32_t n, int32_t ncon, const int32_t (*edges)[3], size_t ne)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->ncon = ncon;
    int32_t deg[1024] = {0};
    for (size_t i = 0; i < ne; i++) {
        deg[edges[i][0]]++;
        deg[edges[i][1]]++;
    }
    for (int32_t v = 0; v < n; v++)
        t->xadj[v + 1] = t->xadj[v] + deg[v];
    int32_t at[1024];
    memcpy(at, t->xadj, sizeof(int32_t) * (size_t)n);
    for (size_t i = 0; i < ne; i++) {
        int32_t a = edges[i][0], b = edges[i][1], w = edges[i][2];
        t->adj[at[a]] = b;
        t->wgt[at[a]++] = w;
        t->adj[at[b]] = a;
        t->wgt[at[b]++] = w;
    }
    for (int32_t i = 0; i < n * ncon; i++)
        t->vwgt[i] = 1;
}

static sl_graph tg_view(const tgraph *t)
{
    sl_graph g = {t->n, t->ncon, t->xadj, t->adj, t->vwgt, t->wgt, NULL};
    return g;
}

/* The cut and heaviest part, counted from scratch. */
static int64_t recount(const tgraph *t, const int32_t *parts, int32_t k, int32_t c,
                       int64_t *heaviest)
{
    int64_t cut = 0, pw[256] = {0};
    for (int32_t v = 0; v < t->n; v++) {
        assert_true(parts[v] >= 0 && parts[v] < k);
        pw[parts[v]] += t->vwgt[v * t->ncon + c];
        for (int32_t e = t->xadj[v]; e < t->xadj[v + 1]; e++)
            if (parts[t->adj[e]] != parts[v])
                cut += t->wgt[e];
    }
    *heaviest = 0;
    for (int32_t p = 0; p < k; p++)
        if (pw[p] > *heaviest)
            *heaviest = pw[p];
    return cut / 2;
}

static sl_partition *run(const tgraph *t, int32_t k, double imbalance, const int64_t *caps,
                         uint64_t seed)
{
    sl_graph g = tg_view(t);
    sl_partition_options o = SL_PARTITION_OPTIONS_INIT;
    o.k = k;
    o.imbalance = imbalance;
    o.max_part_weight = caps;
    o.seed = seed;
    sl_diag *d = sl_diag_new();
    sl_partition *p = NULL;
    assert_int_equal(sl_partition_run(&p, &g, &o, d), 0);
    sl_diag_free(d);
    return p;
}

static void test_partition__two_triangles_joined_by_one_edge_are_cut_once(void **state)
{
    (void)state;
    static const int32_t e[][3] = {{0, 1, 5}, {1, 2, 5}, {0, 2, 5}, {3, 4, 5},
                                   {4, 5, 5}, {3, 5, 5}, {2, 3, 1}};
    tgraph t;
    tg_build(&t, 6, 1, e, SL_ARRAY_LEN(e));
    sl_partition *p = run(&t, 2, 0.0, NULL, 1);
    assert_int_equal(p->cut, 1);
    assert_true(p->is_balanced);
    assert_int_equal(p->limit[0], 3);
    assert_int_equal(p->parts[0], p->parts[1]);
    assert_int_equal(p->parts[0], p->parts[2]);
    assert_int_not_equal(p->parts[0], p->parts[3]);
    sl_partition_free(p);
}

/* An 8 x 8 grid: the best 4-way cut into 2 x 2 blocks of 16 is 16 edges. */
static void grid(tgraph *t, int side)
{
    int32_t e[512][3];
    size_t ne = 0;
    for (int r = 0; r < side; r++)
        for (int c = 0; c < side; c++) {
            int v = r * side + c;
            if (c + 1 < side) {
                e[ne][0] = v, e[ne][1] = v + 1, e[ne][2] = 1;
                ne++;
            }
            if (r + 1 < side) {
                e[ne][0] = v, e[ne][1] = v + side, e[ne][2] = 1;
                ne++;
            }
        }
    tg_build(t, side * side, 1, (const int32_t(*)[3])e, ne);
}

static void test_partition__grid_cut_matches_a_recount_and_the_optimum(void **state)
{
    (void)state;
    tgraph t;
    grid(&t, 8);
    sl_partition *p = run(&t, 4, 0.0, NULL, 0);
    int64_t heaviest;
    assert_int_equal(recount(&t, p->parts, 4, 0, &heaviest), p->cut);
    assert_int_equal(heaviest, p->max_part_weight[0]);
    assert_true(heaviest <= 16);
    assert_int_equal(p->cut, 16);
    sl_partition_free(p);
}

static void test_partition__never_exceeds_the_limit_on_random_weighted_graphs(void **state)
{
    (void)state;
    sl_rng r;
    sl_rng_init(&r, 7, 0, 0);
    for (int trial = 0; trial < 12; trial++) {
        int32_t n = 60 + (int32_t)sl_rng_below(&r, 300);
        int32_t e[2048][3];
        size_t ne = 0;
        /* a ring keeps it connected, chords make it interesting; no duplicates */
        for (int32_t v = 0; v < n; v++) {
            e[ne][0] = v, e[ne][1] = (v + 1) % n, e[ne][2] = 1 + (int32_t)sl_rng_below(&r, 9);
            ne++;
        }
        for (int32_t v = 0; v < n && ne < 2000; v += 2) {
            int32_t u = (v + 2 + (int32_t)sl_rng_below(&r, (uint32_t)n - 3)) % n;
            if (u == v || u == (v + 1) % n || v == (u + 1) % n || u % 2 == 0)
                continue;
            e[ne][0] = v, e[ne][1] = u, e[ne][2] = 1 + (int32_t)sl_rng_below(&r, 9);
            ne++;
        }
        tgraph t;
        tg_build(&t, n, 1, (const int32_t(*)[3])e, ne);
        int64_t total = 0;
        for (int32_t v = 0; v < n; v++) {
            t.vwgt[v] = 1 + (int32_t)sl_rng_below(&r, 5);
            total += t.vwgt[v];
        }
        int32_t k = 2 + (int32_t)sl_rng_below(&r, 7);
        double eps = trial % 3 == 0 ? 0.0 : trial % 3 == 1 ? 0.03 : 0.1;
        sl_partition *p = run(&t, k, eps, NULL, (uint64_t)trial);
        int64_t limit = (int64_t)((1.0 + eps) * (double)((total + k - 1) / k) + 1e-9);
        int64_t heaviest;
        assert_int_equal(recount(&t, p->parts, k, 0, &heaviest), p->cut);
        assert_int_equal(p->limit[0], limit);
        if (p->is_balanced)
            assert_true(heaviest <= limit);
        /* with 3 % or more and weights <= 5 a balanced partition exists
         * and the repair finds one */
        if (eps > 0 && limit >= (total + k - 1) / k + 5)
            assert_true(p->is_balanced);
        sl_partition_free(p);
    }
}

static void test_partition__hard_caps_hold_in_every_constraint(void **state)
{
    (void)state;
    tgraph t;
    grid(&t, 8);
    t.ncon = 2;
    /* constraint 0: 1 each; constraint 1: heavy in the first rows */
    for (int32_t v = 0; v < 64; v++) {
        t.vwgt[v * 2] = 1;
        t.vwgt[v * 2 + 1] = v < 16 ? 4 : 1;
    }
    const int64_t caps[2] = {18, 30}; /* totals 64 and 112: 4 parts are needed */
    sl_partition *p = run(&t, 4, 0, caps, 3);
    assert_true(p->is_balanced);
    for (int c = 0; c < 2; c++) {
        int64_t heaviest;
        assert_int_equal(recount(&t, p->parts, 4, c, &heaviest), p->cut);
        assert_true(heaviest <= caps[c]);
    }
    sl_partition_free(p);
}

static void test_partition__reports_unbalanced_when_a_vertex_weighs_more_than_the_limit(
    void **state)
{
    (void)state;
    tgraph t;
    grid(&t, 4);
    t.vwgt[5] = 100;
    sl_partition *p = run(&t, 2, 0.03, NULL, 0);
    assert_false(p->is_balanced);
    sl_partition_free(p);
}

static void test_partition__is_deterministic_for_a_seed(void **state)
{
    (void)state;
    tgraph t;
    grid(&t, 16);
    sl_partition *a = run(&t, 5, 0.03, NULL, 42);
    sl_partition *b = run(&t, 5, 0.03, NULL, 42);
    assert_int_equal(a->cut, b->cut);
    assert_memory_equal(a->parts, b->parts, sizeof(int32_t) * 256);
    sl_partition_free(a);
    sl_partition_free(b);
}

static void test_partition__one_part_and_more_parts_than_vertices(void **state)
{
    (void)state;
    tgraph t;
    grid(&t, 3);
    sl_partition *p = run(&t, 1, 0.03, NULL, 0);
    assert_int_equal(p->cut, 0);
    assert_true(p->is_balanced);
    sl_partition_free(p);
    p = run(&t, 12, 0.03, NULL, 0);
    assert_true(p->is_balanced);
    assert_int_equal(p->max_part_weight[0], 1);
    assert_int_equal(p->cut, 12); /* every edge */
    sl_partition_free(p);
}

static void test_partition__rejects_bad_options(void **state)
{
    (void)state;
    tgraph t;
    grid(&t, 3);
    sl_graph g = tg_view(&t);
    sl_partition_options o = SL_PARTITION_OPTIONS_INIT;
    o.k = 0;
    sl_diag *d = sl_diag_new();
    sl_partition *p = NULL;
    assert_int_equal(sl_partition_run(&p, &g, &o, d), SL_EUSAGE);
    assert_null(p);
    o.k = 2;
    o.seeds = 0;
    assert_int_equal(sl_partition_run(&p, &g, &o, d), SL_EUSAGE);
    sl_diag_free(d);
}

/* ---- the METIS format reader ---------------------------------------------- */

static sl_graph *read_text(const char *text, char **messages)
{
    sl_diag *d = sl_diag_new();
    sl_graph *g = NULL;
    int rc = sl_graph_read(&g, "t.graph", text, strlen(text), d);
    *messages = th_diag_text(d);
    sl_diag_free(d);
    assert_true((rc == 0) == (g != NULL));
    return g;
}

static void test_graph_read__reads_weights_comments_and_empty_vertex_lines(void **state)
{
    (void)state;
    char *msg;
    sl_graph *g = read_text("% a comment\n"
                            "4 2 11\n"
                            "3 2 7\n"
                            "5 1 7 3 2\n"
                            "% between vertices\n"
                            "2 2 2\n"
                            "1\n",
                            &msg);
    assert_non_null(g);
    assert_int_equal(g->n_vertices, 4);
    assert_int_equal(g->n_constraints, 1);
    assert_int_equal(g->xadj[4], 4);
    assert_int_equal(g->vwgt[0], 3);
    assert_int_equal(g->vwgt[3], 1);
    assert_int_equal(g->adjncy[0], 1);
    assert_int_equal(g->adjwgt[0], 7);
    assert_int_equal(g->adjwgt[3], 2);
    sl_graph_free(g);
    free(msg);
    g = read_text("3 1\n2\n1\n\n", &msg); /* the empty line is vertex 3 */
    assert_non_null(g);
    assert_int_equal(g->xadj[3], 2);
    assert_null(g->vwgt);
    sl_graph_free(g);
    free(msg);
}

static void test_graph_read__reports_located_errors(void **state)
{
    (void)state;
    char *msg;
    assert_null(read_text("3 2\n2 3\n1\n1 9\n", &msg));
    assert_true(th_contains(msg, "t.graph:4:3: neighbour 9 is out of range (1..3)"));
    free(msg);
    assert_null(read_text("3 2\n2\n1 3\n1\n", &msg));
    assert_true(th_contains(msg, "t.graph:4:1: edge 3-1: vertex 1 (line 2) does not list 3"));
    free(msg);
    assert_null(read_text("2 1\n2 2\n1\n", &msg));
    assert_true(th_contains(msg, "t.graph:2:3: neighbour 2 is listed twice"));
    free(msg);
    assert_null(read_text("2 1 1\n2 4\n1 5\n", &msg));
    assert_true(th_contains(msg, "t.graph:3:1: edge 2-1 has weight 5 here but 4 on line 2"));
    free(msg);
    assert_null(read_text("2 1\n1\n", &msg));
    assert_true(th_contains(msg, "vertex 1 lists itself as a neighbour"));
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partition__two_triangles_joined_by_one_edge_are_cut_once),
        cmocka_unit_test(test_partition__grid_cut_matches_a_recount_and_the_optimum),
        cmocka_unit_test(test_partition__never_exceeds_the_limit_on_random_weighted_graphs),
        cmocka_unit_test(test_partition__hard_caps_hold_in_every_constraint),
        cmocka_unit_test(
            test_partition__reports_unbalanced_when_a_vertex_weighs_more_than_the_limit),
        cmocka_unit_test(test_partition__is_deterministic_for_a_seed),
        cmocka_unit_test(test_partition__one_part_and_more_parts_than_vertices),
        cmocka_unit_test(test_partition__rejects_bad_options),
        cmocka_unit_test(test_graph_read__reads_weights_comments_and_empty_vertex_lines),
        cmocka_unit_test(test_graph_read__reports_located_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
