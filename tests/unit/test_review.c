/* SPDX-License-Identifier: MIT */
/*
 * The plan's review (src/review.c) re-plans on several threads, borrowing
 * stages from the reviewed plan and from its own earlier rounds: what it
 * finds is what fresh full runs with its levers find (a fresh load, every
 * stage, one thread), and the reviewed plan is the same document at 1 and
 * at 4 threads.
 */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITERATIONS 300

static sl_plan_options options(uint64_t seed, int threads)
{
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    o.iterations = ITERATIONS;
    o.threads = threads;
    o.has_seed = true;
    o.seed = seed;
    return o;
}

/* The demo with few hours: both joining agencies go through two rounds
 * of levers, and both are no-go, so the plan without them is re-run
 * too. Each agency's outcome is what a fresh load and full run with its
 * levers gives (no reuse, one thread); the plan without them likewise;
 * and the whole document is the same planned at 1 and at 4 threads. */
static void test_review__finds_what_fresh_full_runs_find(void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    const char *base_sets[] = {"agencies.AGY.staff.migration_hours_per_week=10",
                               "agencies.SKV.staff.migration_hours_per_week=40"};
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = demo->files;
    lo.n_sets = 2;
    lo.sets = base_sets;
    char *doc[2];
    sl_model *m[2];
    sl_plan *p[2];
    const int threads[2] = {1, 4};
    for (int k = 0; k < 2; k++) {
        m[k] = th_load_or_fail(demo->files[0].path, demo->n_files, demo->files, 2, base_sets);
        sl_plan_options o = options(m[k]->seed, threads[k]);
        assert_int_equal(sl_plan_run(&p[k], m[k], &o, NULL), 0);
        assert_int_equal(sl_plan_review(p[k], demo->files[0].path, &lo, NULL), 0);
        doc[k] = th_plan_json(p[k]);
    }
    if (strcmp(doc[0], doc[1]) != 0)
        fail_msg("the reviewed plan differs between 1 and 4 threads");
    const sl_plan *rp = p[1];
    const sl_review *r = rp->review;
    size_t reviewed = 0;
    for (size_t a = 0; a < r->n_agencies; a++) {
        const sl_to_go *t = &r->to_go[a];
        if (!t->is_reviewed)
            continue;
        reviewed++;
        assert_int_equal(t->runs, 2);
        const char *sets[2 + 16];
        sets[0] = base_sets[0];
        sets[1] = base_sets[1];
        assert_true(t->n_levers <= 16);
        for (size_t i = 0; i < t->n_levers; i++)
            sets[2 + i] = t->levers[i].set;
        sl_model *fm =
            th_load_or_fail(demo->files[0].path, demo->n_files, demo->files, 2 + t->n_levers, sets);
        sl_plan_options o = options(fm->seed, 1);
        sl_plan *fresh = NULL;
        assert_int_equal(sl_plan_run(&fresh, fm, &o, NULL), 0);
        const sl_verdict *v = sl_plan_verdict(fresh, (sl_index)a);
        assert_int_equal(v->verdict, t->verdict);
        size_t n_missing = 0;
        for (size_t i = 0; i < v->n_reasons; i++) {
            if (v->reasons[i].effect == SL_VERDICT_GO)
                continue;
            assert_true(n_missing < t->n_missing);
            assert_string_equal(v->reasons[i].code, t->missing[n_missing].code);
            assert_string_equal(v->reasons[i].text, t->missing[n_missing].text);
            n_missing++;
        }
        assert_int_equal(n_missing, t->n_missing);
        sl_plan_free(fresh);
        sl_model_free(fm);
    }
    assert_int_equal(reviewed, 2);
    /* without the no-go agencies, fresh */
    const sl_without *w = &r->without;
    assert_int_equal(w->n_left_out, 2);
    const char *sets[4] = {base_sets[0], base_sets[1]};
    char out[2][64];
    for (size_t i = 0; i < w->n_left_out; i++) {
        snprintf(out[i], sizeof out[i], "agencies.%s.joins=false",
                 rp->model->agencies[w->left_out[i]].id);
        sets[2 + i] = out[i];
    }
    sl_model *fm = th_load_or_fail(demo->files[0].path, demo->n_files, demo->files, 4, sets);
    sl_plan_options o = options(fm->seed, 1);
    sl_plan *fresh = NULL;
    assert_int_equal(sl_plan_run(&fresh, fm, &o, NULL), 0);
    for (size_t a = 0; a < fm->n_agencies; a++) {
        assert_int_equal(w->per_agency[a].verdict, sl_plan_verdict(fresh, (sl_index)a)->verdict);
        assert_true(w->per_agency[a].fee_per_year == fresh->cost->chargeback[a].fee_per_year);
    }
    assert_int_equal(w->hosts, fresh->placement->shared.hosts_total);
    sl_plan_free(fresh);
    sl_model_free(fm);
    for (int k = 0; k < 2; k++) {
        free(doc[k]);
        sl_plan_free(p[k]);
        sl_model_free(m[k]);
    }
    sl_demo_free(demo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_review__finds_what_fresh_full_runs_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
