/* SPDX-License-Identifier: MIT */
/* The built-in demo: deterministic per seed, and it loads as a realistic
 * estate (about 1,000 tax-agency servers in two halls). */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static const sl_memfile *file_named(const sl_demo *demo, const char *name)
{
    for (size_t i = 0; i < demo->n_files; i++) {
        const char *slash = strrchr(demo->files[i].path, '/');
        if (strcmp(slash ? slash + 1 : demo->files[i].path, name) == 0)
            return &demo->files[i];
    }
    fail_msg("the demo has no file %s", name);
    /* not reached: fail_msg ends the test; an empty file keeps the
     * compiler from seeing a NULL dereference in the callers */
    static const sl_memfile none = {0};
    return &none;
}

static bool same_file(const sl_memfile *a, const sl_memfile *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void test_demo__writes_a_scenario_and_its_five_data_files(void **state)
{
    (void)state;
    sl_demo *demo;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    assert_int_equal(demo->n_files, 6);
    assert_string_equal(demo->files[0].path, "samlok-demo/scenario.yaml");
    const char *names[] = {"skv-solna.csv", "skv-hosting.csv", "agy-rvtools-vinfo.csv",
                           "skv-flows.csv", "agy-flows.csv"};
    for (size_t i = 0; i < SL_ARRAY_LEN(names); i++)
        assert_true(file_named(demo, names[i])->len > 1000);
    assert_non_null(strstr(demo->files[0].data, "\nseed: 2014\n"));
    /* the small agency's estate is an RVTools export from Swedish Excel */
    const sl_memfile *rv = file_named(demo, "agy-rvtools-vinfo.csv");
    assert_memory_equal(rv->data, "\xef\xbb\xbfVM;Powerstate;", 17);
    sl_demo_free(demo);
}

static void test_demo__is_the_same_for_a_seed_and_differs_for_another(void **state)
{
    (void)state;
    sl_demo *a, *b, *c;
    assert_int_equal(sl_demo_generate(&a, 2014, NULL), 0);
    assert_int_equal(sl_demo_generate(&b, 2014, NULL), 0);
    assert_int_equal(sl_demo_generate(&c, 2015, NULL), 0);
    assert_int_equal(a->n_files, b->n_files);
    for (size_t i = 0; i < a->n_files; i++) {
        assert_string_equal(a->files[i].path, b->files[i].path);
        assert_true(same_file(&a->files[i], &b->files[i]));
    }
    /* another seed: another estate, in every generated file */
    for (size_t i = 0; i < a->n_files; i++)
        assert_false(same_file(&a->files[i], &c->files[i]));
    /* the scenarios differ only in their seed line */
    const sl_memfile *sa = &a->files[0], *sc = &c->files[0];
    assert_int_equal(sa->len, sc->len);
    size_t diffs = 0;
    for (size_t i = 0; i < sa->len; i++)
        diffs += sa->data[i] != sc->data[i];
    assert_int_equal(diffs, 1); /* 2014 vs 2015 */
    sl_demo_free(a);
    sl_demo_free(b);
    sl_demo_free(c);
}

static void test_demo__loads_with_about_a_thousand_tax_agency_servers(void **state)
{
    (void)state;
    sl_demo *demo;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    sl_load_options opts = SL_LOAD_OPTIONS_INIT;
    opts.n_memfiles = demo->n_files;
    opts.memfiles = demo->files;
    sl_diag *d = sl_diag_new();
    sl_model *m;
    assert_int_equal(sl_model_load(&m, demo->files[0].path, &opts, d), 0);
    assert_int_equal(sl_diag_errors(d), 0);
    sl_index skv = sl_model_agency(m, "SKV"), agy = sl_model_agency(m, "AGY");
    sl_index solna = sl_model_site(m, "SKV-SOLNA"), hosting = sl_model_site(m, "SKV-HOSTING");
    assert_int_not_equal(skv, SL_NONE);
    size_t n_skv = 0, n_solna = 0, n_hosting = 0, n_agy = 0, off_skv = 0, off_agy = 0;
    for (size_t i = 0; i < m->n_workloads; i++) {
        const sl_workload *w = &m->workloads[i];
        n_skv += w->agency == skv;
        n_agy += w->agency == agy;
        n_solna += w->site == solna;
        n_hosting += w->site == hosting;
        off_skv += w->agency == skv && w->is_powered_off;
        off_agy += w->agency == agy && w->is_powered_off;
    }
    /* about 1,000 servers in two halls of about 500 (trade press, 2013) */
    assert_int_equal(n_skv, 1000);
    assert_int_equal(n_solna, 520);
    assert_int_equal(n_hosting, 480);
    assert_int_equal(n_agy, 140); /* the RVTools export's template is skipped */
    /* samlok's CSV has no power state; the RVTools export carries it */
    assert_int_equal(off_skv, 0);
    assert_true(off_agy > 0);
    assert_true(m->n_flows > 3000);
    assert_true(m->n_unmatched_endpoints > 0); /* a few flows leave the estate */
    assert_int_equal(m->n_agencies, 3);
    assert_int_equal(m->agencies[sl_model_agency(m, "HOST")].role, SL_ROLE_HOST);
    assert_int_equal(m->n_gates, 5);
    assert_true(m->seed == 2014);
    sl_model_free(m);
    sl_diag_free(d);
    sl_demo_free(demo);
}

static void test_demo__is_the_same_under_a_swedish_locale(void **state)
{
    (void)state;
    sl_demo *c, *sv;
    assert_int_equal(sl_demo_generate(&c, 2014, NULL), 0);
    if (!th_swedish_numbers()) {
        sl_demo_free(c);
        skip();
    }
    int rc = sl_demo_generate(&sv, 2014, NULL);
    th_c_numbers();
    assert_int_equal(rc, 0);
    for (size_t i = 0; i < c->n_files; i++)
        if (!same_file(&c->files[i], &sv->files[i]))
            fail_msg("%s differs under LC_NUMERIC=sv_SE", c->files[i].path);
    sl_demo_free(c);
    sl_demo_free(sv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo__writes_a_scenario_and_its_five_data_files),
        cmocka_unit_test(test_demo__is_the_same_for_a_seed_and_differs_for_another),
        cmocka_unit_test(test_demo__loads_with_about_a_thousand_tax_agency_servers),
        cmocka_unit_test(test_demo__is_the_same_under_a_swedish_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
