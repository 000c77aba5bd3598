/* SPDX-License-Identifier: MIT */
/* The packing engine: known answers, feasibility on random instances,
 * bounds never above the optimum (found here by brute force), conflict
 * groups, determinism, bad problems. */
#include "helpers.h"
#include "place/pack.h"

#include <stdlib.h>
#include <string.h>

/* ---- an independent check: loads, conflicts, every item in a bin ---- */

static bool feasible(const sl_pack_problem *p, const sl_packing *pk)
{
    size_t d = p->n_dims;
    int64_t *load = calloc(pk->n_bins * d + 1, sizeof *load);
    bool *used = calloc(pk->n_bins + 1, sizeof *used);
    bool ok = load && used;
    for (size_t i = 0; ok && i < p->n_items; i++) {
        uint32_t b = pk->bin_of[i];
        if (b >= pk->n_bins) {
            ok = false;
            break;
        }
        used[b] = true;
        for (size_t k = 0; k < d; k++)
            load[b * d + k] += p->sizes[i * d + k];
        for (size_t j = 0; p->conflict && j < i; j++)
            if (p->conflict[i] != SL_NONE && p->conflict[i] == p->conflict[j] &&
                pk->bin_of[j] == b)
                ok = false;
    }
    for (size_t b = 0; ok && b < pk->n_bins; b++) {
        ok = used[b];
        for (size_t k = 0; k < d && ok; k++)
            ok = load[b * d + k] <= p->capacity[k];
    }
    free(load);
    free(used);
    return ok;
}

/* The optimum by exhaustive search (items in order, into an open bin or a
 * new one); for a handful of items only. */
static void brute(const sl_pack_problem *p, size_t i, int64_t *load, size_t used, size_t *best)
{
    size_t d = p->n_dims;
    if (used >= *best)
        return;
    if (i == p->n_items) {
        *best = used;
        return;
    }
    for (size_t b = 0; b <= used && b < p->n_items; b++) {
        bool fits = true;
        for (size_t k = 0; k < d && fits; k++)
            fits = load[b * d + k] + p->sizes[i * d + k] <= p->capacity[k];
        if (!fits)
            continue;
        for (size_t k = 0; k < d; k++)
            load[b * d + k] += p->sizes[i * d + k];
        brute(p, i + 1, load, b == used ? used + 1 : used, best);
        for (size_t k = 0; k < d; k++)
            load[b * d + k] -= p->sizes[i * d + k];
    }
}

static size_t optimum(const sl_pack_problem *p)
{
    int64_t *load = calloc(p->n_items * p->n_dims + 1, sizeof *load);
    size_t best = p->n_items;
    brute(p, 0, load, 0, &best);
    free(load);
    return best;
}

static sl_packing *solve(const sl_pack_problem *p)
{
    sl_packing *pk = NULL;
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_pack_solve(&pk, p, NULL, d), 0);
    sl_diag_free(d);
    assert_non_null(pk);
    assert_true(feasible(p, pk));
    assert_true(pk->lower_bound <= pk->n_bins);
    assert_true(pk->n_bins <= pk->n_bins_ffd);
    return pk;
}

static void test_pack__known_answers_by_hand(void **state)
{
    (void)state;
    /* 1-D: 6+4, 5+3+2 fill two bins of 10 exactly */
    int64_t cap1[] = {10};
    int64_t s1[] = {6, 5, 4, 3, 2};
    sl_pack_problem p1 = {1, cap1, 5, s1, NULL};
    sl_packing *pk = solve(&p1);
    assert_int_equal(pk->n_bins, 2);
    assert_int_equal(pk->lower_bound, 2);
    sl_packing_free(pk);

    /* 2-D: CPU-heavy and RAM-heavy items pair up; FFD by either norm
     * alone could pair badly, the answer is 2 */
    int64_t cap2[] = {10, 10};
    int64_t s2[] = {7, 2, 2, 7, 3, 8, 8, 3};
    sl_pack_problem p2 = {2, cap2, 4, s2, NULL};
    pk = solve(&p2);
    assert_int_equal(pk->n_bins, 2);
    assert_true(pk->bin_of[0] == pk->bin_of[1] || pk->bin_of[0] == pk->bin_of[2]);
    sl_packing_free(pk);

    /* every item more than half a bin: one bin each, and the bounds know */
    int64_t s3[] = {6, 7, 8, 9, 6};
    sl_pack_problem p3 = {1, cap1, 5, s3, NULL};
    pk = solve(&p3);
    assert_int_equal(pk->n_bins, 5);
    assert_int_equal(pk->lb_l2, 5);
    sl_packing_free(pk);
}

static void test_pack__conflict_groups_get_distinct_bins(void **state)
{
    (void)state;
    int64_t cap[] = {100, 100};
    int64_t s[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    uint32_t g[] = {7, 7, 7, SL_NONE, 3, 3};
    sl_pack_problem p = {2, cap, 6, s, g};
    sl_packing *pk = solve(&p);
    assert_int_equal(pk->n_bins, 3);
    assert_int_equal(pk->lb_clique, 3);
    assert_true(pk->bin_of[0] != pk->bin_of[1] && pk->bin_of[1] != pk->bin_of[2] &&
                pk->bin_of[0] != pk->bin_of[2]);
    assert_true(pk->bin_of[4] != pk->bin_of[5]);
    sl_packing_free(pk);
}

static uint64_t next_rand(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static void test_pack__random_instances_are_feasible_and_bounded_by_the_optimum(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252ull;
    for (int round = 0; round < 300; round++) {
        size_t d = 1 + next_rand(&x) % 3, n = 1 + next_rand(&x) % 8;
        int64_t cap[3], s[8 * 3];
        uint32_t g[8];
        for (size_t k = 0; k < d; k++)
            cap[k] = 10 + (int64_t)(next_rand(&x) % 40);
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < d; k++)
                s[i * d + k] = (int64_t)(next_rand(&x) % (uint64_t)(cap[k] + 1));
            g[i] = SL_NONE;
        }
        sl_pack_problem p = {d, cap, n, s, NULL};
        sl_packing *pk = solve(&p);
        size_t opt = optimum(&p);
        assert_true(pk->lower_bound <= opt);
        assert_true(pk->lb_arcflow <= opt);
        assert_true(pk->n_bins >= opt);
        /* on this few items the search reaches the optimum */
        assert_int_equal(pk->n_bins, opt);
        sl_packing_free(pk);

        /* with conflict groups: feasible and never below the group size */
        for (size_t i = 0; i < n; i++)
            g[i] = next_rand(&x) % 3 == 0 ? (uint32_t)(next_rand(&x) % 2) : SL_NONE;
        p.conflict = g;
        pk = solve(&p);
        size_t biggest = 0;
        for (uint32_t grp = 0; grp < 2; grp++) {
            size_t c = 0;
            for (size_t i = 0; i < n; i++)
                c += g[i] == grp;
            biggest = c > biggest ? c : biggest;
        }
        assert_true(pk->lower_bound >= biggest);
        assert_true(pk->n_bins >= biggest);
        sl_packing_free(pk);
    }
}

static void test_pack__larger_random_instances_stay_feasible(void **state)
{
    (void)state;
    uint64_t x = 1234567;
    for (int round = 0; round < 12; round++) {
        size_t d = 1 + next_rand(&x) % 5, n = 50 + next_rand(&x) % 250;
        int64_t cap[5];
        int64_t *s = calloc(n * d, sizeof *s);
        uint32_t *g = calloc(n, sizeof *g);
        for (size_t k = 0; k < d; k++)
            cap[k] = 100 + (int64_t)(next_rand(&x) % 900);
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < d; k++)
                s[i * d + k] = (int64_t)(next_rand(&x) % (uint64_t)(cap[k] / 2 + 1));
            g[i] = next_rand(&x) % 4 == 0 ? (uint32_t)(next_rand(&x) % 20) : SL_NONE;
        }
        sl_pack_problem p = {d, cap, n, s, round % 2 ? g : NULL};
        sl_packing *pk = solve(&p);
        sl_packing_free(pk);
        free(s);
        free(g);
    }
}

/* First fit decreasing by the sum of normalised sizes, written plainly:
 * every bin scanned in order for every item. */
static void plain_ffd(const sl_pack_problem *p, uint32_t *bin_of, size_t *n_bins)
{
    size_t n = p->n_items, d = p->n_dims;
    uint32_t *order = malloc(n * sizeof *order);
    double *key = malloc(n * sizeof *key);
    int64_t *load = calloc(n * d, sizeof *load);
    assert_non_null(order);
    assert_non_null(key);
    assert_non_null(load);
    for (size_t i = 0; i < n; i++) {
        order[i] = (uint32_t)i;
        key[i] = 0;
        for (size_t k = 0; k < d; k++)
            key[i] += (double)p->sizes[i * d + k] / (double)p->capacity[k];
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: larger key first, then lower index */
        for (size_t j = i; j > 0 && key[order[j]] > key[order[j - 1]]; j--) {
            uint32_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    *n_bins = 0;
    for (size_t i = 0; i < n; i++)
        bin_of[i] = UINT32_MAX;
    for (size_t r = 0; r < n; r++) {
        uint32_t i = order[r];
        size_t b = 0;
        for (; b < *n_bins; b++) {
            bool ok = true;
            for (size_t k = 0; k < d && ok; k++)
                ok = load[b * d + k] + p->sizes[i * d + k] <= p->capacity[k];
            for (size_t j = 0; j < n && ok && p->conflict && p->conflict[i] != SL_NONE; j++)
                ok = !(bin_of[j] == b && j != i && p->conflict[j] == p->conflict[i]);
            if (ok)
                break;
        }
        if (b == *n_bins)
            (*n_bins)++;
        for (size_t k = 0; k < d; k++)
            load[b * d + k] += p->sizes[i * d + k];
        bin_of[i] = (uint32_t)b;
    }
    free(order);
    free(key);
    free(load);
}

static void test_pack__first_fit_finds_the_bin_a_plain_scan_finds(void **state)
{
    (void)state;
    /* by hand, with negative sizes (capacities of 8, so the keys are exact
     * and the last three tie, taken in index order): (6,0) opens bin 0,
     * (4,-2) does not fit it and opens bin 1, (-2,4) brings bin 0 down to
     * (4,4) in the first dimension, and the second (4,-2) now fits bin 0,
     * before the bin its like went to */
    const int64_t hcap[2] = {8, 8}, hs[] = {6, 0, 4, -2, -2, 4, 4, -2};
    sl_pack_problem hp = {2, hcap, 4, hs, NULL};
    pk_inst hin;
    pk_sol hsol;
    assert_int_equal(pk_inst_init(&hin, &hp), 0);
    assert_int_equal(pk_sol_init(&hsol, &hin), 0);
    assert_int_equal(pk_construct_run(&hsol, PK_FFD_L1), 0);
    const uint32_t want[] = {0, 1, 0, 0};
    assert_memory_equal(hsol.bin_of, want, sizeof want);
    pk_sol_done(&hsol);
    pk_inst_done(&hin);
    uint64_t x = 99991;
    for (int round = 0; round < 40; round++) {
        /* many alike items, some conflict groups, some negative sizes */
        size_t d = 1 + next_rand(&x) % 4, n = 200 + next_rand(&x) % 1500;
        int64_t cap[4];
        int64_t *s = calloc(n * d, sizeof *s);
        uint32_t *g = calloc(n, sizeof *g), *mine = calloc(n, sizeof *mine);
        assert_non_null(s);
        assert_non_null(g);
        assert_non_null(mine);
        for (size_t k = 0; k < d; k++)
            cap[k] = 50 + (int64_t)(next_rand(&x) % 200);
        uint64_t kinds = 3 + next_rand(&x) % 60;
        for (size_t i = 0; i < n; i++) {
            uint64_t kind = next_rand(&x) % kinds, y = kind * 7919 + 17;
            for (size_t k = 0; k < d; k++)
                s[i * d + k] = (int64_t)(next_rand(&y) % (uint64_t)(cap[k] / 2 + 1)) -
                               (round % 5 == 4 && next_rand(&x) % 9 == 0 ? 3 : 0);
            g[i] = round % 2 && next_rand(&x) % 5 == 0 ? (uint32_t)(next_rand(&x) % 30) : SL_NONE;
        }
        sl_pack_problem p = {d, cap, n, s, round % 2 ? g : NULL};
        pk_inst in;
        pk_sol sol;
        assert_int_equal(pk_inst_init(&in, &p), 0);
        assert_int_equal(pk_sol_init(&sol, &in), 0);
        assert_int_equal(pk_construct_run(&sol, PK_FFD_L1), 0);
        size_t n_bins = 0;
        plain_ffd(&p, mine, &n_bins);
        assert_int_equal(sol.n_bins, n_bins);
        assert_memory_equal(sol.bin_of, mine, n * sizeof *mine);
        pk_sol_done(&sol);
        pk_inst_done(&in);
        free(s);
        free(g);
        free(mine);
    }
}

static void test_pack__same_input_same_answer(void **state)
{
    (void)state;
    uint64_t x = 99;
    size_t n = 200, d = 3;
    int64_t cap[] = {100, 100, 100};
    int64_t *s = calloc(n * d, sizeof *s);
    for (size_t i = 0; i < n * d; i++)
        s[i] = 5 + (int64_t)(next_rand(&x) % 40);
    sl_pack_problem p = {d, cap, n, s, NULL};
    sl_packing *a = solve(&p);
    sl_packing *b = solve(&p);
    assert_int_equal(a->n_bins, b->n_bins);
    assert_memory_equal(a->bin_of, b->bin_of, n * sizeof *a->bin_of);
    /* bins are numbered by their lowest item */
    uint32_t next = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(a->bin_of[i] <= next);
        if (a->bin_of[i] == next)
            next++;
    }
    sl_packing_free(a);
    sl_packing_free(b);
    free(s);
}

static void test_pack__an_item_larger_than_a_bin_is_an_input_error(void **state)
{
    (void)state;
    int64_t cap[] = {10, 10};
    int64_t s[] = {5, 5, 3, 11};
    sl_pack_problem p = {2, cap, 2, s, NULL};
    sl_packing *pk = NULL;
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_pack_solve(&pk, &p, NULL, d), SL_EINPUT);
    assert_null(pk);
    char *text = th_diag_text(d);
    assert_true(th_contains(text, "item 2: size 11 in dimension 2 does not fit a bin (10)"));
    free(text);
    sl_diag_free(d);

    /* no items: no bins */
    sl_pack_problem empty = {2, cap, 0, s, NULL};
    d = sl_diag_new();
    assert_int_equal(sl_pack_solve(&pk, &empty, NULL, d), 0);
    assert_int_equal(pk->n_bins, 0);
    assert_int_equal(pk->lower_bound, 0);
    sl_packing_free(pk);
    sl_diag_free(d);
}

static void test_pack__zero_effort_is_the_best_construction(void **state)
{
    (void)state;
    uint64_t x = 5;
    size_t n = 120, d = 2;
    int64_t cap[] = {1000, 1000};
    int64_t s[240];
    for (size_t i = 0; i < n * d; i++)
        s[i] = 200 + (int64_t)(next_rand(&x) % 300);
    sl_pack_problem p = {d, cap, n, s, NULL};
    sl_pack_options o = SL_PACK_OPTIONS_INIT;
    o.effort = 0;
    sl_packing *pk = NULL;
    sl_diag *dg = sl_diag_new();
    assert_int_equal(sl_pack_solve(&pk, &p, &o, dg), 0);
    assert_true(feasible(&p, pk));
    assert_int_equal(pk->n_bins, pk->n_bins_start);
    sl_packing *full = solve(&p);
    assert_true(full->n_bins <= pk->n_bins);
    sl_packing_free(full);
    sl_packing_free(pk);
    sl_diag_free(dg);
}


static void test_pack__arcflow_mip_reaches_the_optimum_on_small_instances(void **state)
{
    (void)state;
    uint64_t x = 4242;
    for (int round = 0; round < 60; round++) {
        size_t d = 1 + next_rand(&x) % 2, n = 3 + next_rand(&x) % 6;
        int64_t cap[2], s[16];
        for (size_t k = 0; k < d; k++)
            cap[k] = 20 + (int64_t)(next_rand(&x) % 20);
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < d; k++)
                s[i * d + k] = 1 + (int64_t)(next_rand(&x) % (uint64_t)cap[k]);
        sl_pack_problem p = {d, cap, n, s, NULL};
        pk_inst in;
        pk_sol sol;
        assert_int_equal(pk_inst_init(&in, &p), 0);
        assert_int_equal(pk_sol_init(&sol, &in), 0);
        size_t lp = 0;
        assert_int_equal(pk_arcflow_pack(&sol, &lp, &in, 100, 5000, 40000, 100000, 0, n + 1), 0);
        size_t opt = optimum(&p);
        assert_true(lp <= opt);
        assert_int_equal(sol.n_bins, opt);
        sl_packing pk = {sol.n_bins, sol.bin_of, 0, 0, 0, 0, 0, 0, 0, ""};
        assert_true(feasible(&p, &pk));
        pk_sol_done(&sol);
        pk_inst_done(&in);
    }
}

static void test_pack__negative_sizes_only_keep_the_l1_bound(void **state)
{
    (void)state;
    /* a triplet that fills a bin only thanks to its negative member */
    int64_t cap[] = {100, 100};
    int64_t s[] = {60, 40, 42, 30, -2, 30, 50, 50, 50, 50};
    sl_pack_problem p = {2, cap, 5, s, NULL};
    sl_packing *pk = solve(&p);
    assert_int_equal(pk->lb_l2, 0);
    assert_int_equal(pk->lb_clique, 0);
    assert_int_equal(pk->lb_arcflow, 0);
    assert_int_equal(pk->lower_bound, pk->lb_l1);
    assert_int_equal(pk->n_bins, 2);
    sl_packing_free(pk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack__known_answers_by_hand),
        cmocka_unit_test(test_pack__conflict_groups_get_distinct_bins),
        cmocka_unit_test(test_pack__random_instances_are_feasible_and_bounded_by_the_optimum),
        cmocka_unit_test(test_pack__larger_random_instances_stay_feasible),
        cmocka_unit_test(test_pack__first_fit_finds_the_bin_a_plain_scan_finds),
        cmocka_unit_test(test_pack__same_input_same_answer),
        cmocka_unit_test(test_pack__an_item_larger_than_a_bin_is_an_input_error),
        cmocka_unit_test(test_pack__zero_effort_is_the_best_construction),
        cmocka_unit_test(test_pack__arcflow_mip_reaches_the_optimum_on_small_instances),
        cmocka_unit_test(test_pack__negative_sizes_only_keep_the_l1_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
