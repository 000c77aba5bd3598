/* SPDX-License-Identifier: MIT */
/*
 * A scenario loaded again with a model to copy from (sl_model_load_ex's
 * like, src/read/reload.c): its inventories, hosts and flows are copied
 * when the files are those like read and unchanged, and the plan is then
 * the one a fresh load gives, byte for byte, even with like freed first;
 * a file written, touched or replaced since, a file read too soon after
 * its last change, or in-memory bytes that are not the same, are read
 * again. Which overrides leave the reading alone is a table
 * (sl_reuse_reads_no_input), checked row by row.
 */
#include "helpers.h"
#include "model/model.h"
#include "reuse.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const STAYS = "agencies.SKV.stays=[{tiers: [1], disposition: stay, why: left}]";

static sl_model *load_like(const char *path, const sl_load_options *base, const char *set,
                           const sl_model *like)
{
    sl_load_options lo = *base;
    lo.n_sets = set ? 1 : 0;
    lo.sets = set ? &set : NULL;
    sl_model *m = NULL;
    sl_diag *d = sl_diag_new();
    if (sl_model_load_ex(&m, path, &lo, false, like, d)) {
        char *t = th_diag_text(d);
        fail_msg("%s: %s", path, t);
    }
    sl_diag_free(d);
    return m;
}

static char *plan_doc(const sl_model *m)
{
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    o.iterations = 200;
    o.threads = 1;
    sl_plan *p = NULL;
    assert_int_equal(sl_plan_run(&p, m, &o, NULL), 0);
    char *doc = th_plan_json(p);
    sl_plan_free(p);
    return doc;
}

/* m's plan against a fresh load's with the same override. */
static void assert_fresh(const sl_model *m, const char *path, const sl_load_options *base,
                         const char *set)
{
    sl_model *fresh = load_like(path, base, set, NULL);
    assert_false(sl_model_inputs_copied(fresh));
    char *want = plan_doc(fresh), *got = plan_doc(m);
    th_assert_same_doc(want, got, set ? set : "(none)");
    free(want);
    free(got);
    sl_model_free(fresh);
}

/* Sets every file of dir's demo a minute into the past, then waits until
 * their last change (ctime, which that sets to now) has settled. */
static void settle(const sl_demo *demo, const char *dir)
{
    struct timespec past[2];
    clock_gettime(CLOCK_REALTIME, &past[0]);
    past[0].tv_sec -= 60;
    past[1] = past[0];
    for (size_t i = 0; i < demo->n_files; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, strrchr(demo->files[i].path, '/') + 1);
        assert_int_equal(utimensat(AT_FDCWD, path, past, 0), 0);
    }
    struct timespec wait = {SL_FILE_SETTLED_S, 200 * 1000 * 1000};
    nanosleep(&wait, NULL);
}

static void test_reload__unchanged_files_are_copied_and_plan_as_a_fresh_load(void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    char *dir = th_write_demo(demo);
    char scn[512];
    snprintf(scn, sizeof scn, "%s/scenario.yaml", dir);
    sl_load_options none = SL_LOAD_OPTIONS_INIT;

    /* read in the same tick as they were written: not settled, read again */
    sl_model *early = load_like(scn, &none, NULL, NULL);
    sl_model *m = load_like(scn, &none, STAYS, early);
    assert_false(sl_model_inputs_copied(m));
    sl_model_free(m);
    sl_model_free(early);

    settle(demo, dir);
    sl_model *base = load_like(scn, &none, NULL, NULL);
    m = load_like(scn, &none, STAYS, base);
    assert_true(sl_model_inputs_copied(m));
    assert_int_equal(m->n_workloads, base->n_workloads);
    assert_int_equal(m->n_flows, base->n_flows);
    /* nothing borrowed: like may go first */
    sl_model_free(base);
    assert_fresh(m, scn, &none, STAYS);

    /* a copy's record of what was read lends itself to the next copy */
    sl_model *again = load_like(scn, &none, "deadline=2029-06-30", m);
    assert_true(sl_model_inputs_copied(again));
    assert_fresh(again, scn, &none, "deadline=2029-06-30");
    sl_model_free(again);
    sl_model_free(m);
    th_remove_demo(demo, dir);
    sl_demo_free(demo);
}

static void test_reload__a_file_changed_since_is_read_again(void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    char *dir = th_write_demo(demo);
    char scn[512], flows[512], moved[512];
    snprintf(scn, sizeof scn, "%s/scenario.yaml", dir);
    snprintf(flows, sizeof flows, "%s/skv-flows.csv", dir);
    snprintf(moved, sizeof moved, "%s/skv-flows.csv.new", dir);
    sl_load_options none = SL_LOAD_OPTIONS_INIT;
    settle(demo, dir);
    sl_model *base = load_like(scn, &none, NULL, NULL);

    /* the same bytes written again (same size): the times changed */
    FILE *f = fopen(flows, "r+");
    assert_non_null(f);
    int c = fgetc(f);
    rewind(f);
    fputc(c, f);
    fclose(f);
    sl_model *m = load_like(scn, &none, STAYS, base);
    assert_false(sl_model_inputs_copied(m));
    assert_int_equal(m->n_flows, base->n_flows);
    sl_model_free(m);

    /* replaced by a file of fewer flows (renamed over it) */
    f = fopen(moved, "w");
    assert_non_null(f);
    fputs("src,dst,mbps,latency_sensitive\n", f);
    fclose(f);
    assert_int_equal(rename(moved, flows), 0);
    m = load_like(scn, &none, STAYS, base);
    assert_false(sl_model_inputs_copied(m));
    assert_true(m->n_flows < base->n_flows);
    sl_model_free(m);
    sl_model_free(base);
    th_remove_demo(demo, dir);
    sl_demo_free(demo);
}

static void test_reload__in_memory_files_are_copied_only_when_the_bytes_are_the_same(void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = demo->files;
    const char *scn = demo->files[0].path;
    sl_model *base = load_like(scn, &lo, NULL, NULL);
    sl_model *m = load_like(scn, &lo, STAYS, base);
    assert_true(sl_model_inputs_copied(m));
    assert_fresh(m, scn, &lo, STAYS);
    sl_model_free(m);

    /* the same text at another address: not known to be the same */
    sl_memfile *files = calloc(demo->n_files, sizeof *files);
    char *copy = NULL;
    assert_non_null(files);
    for (size_t i = 0; i < demo->n_files; i++) {
        files[i] = demo->files[i];
        if (strstr(files[i].path, "skv-flows.csv")) {
            copy = malloc(files[i].len + 1);
            assert_non_null(copy);
            memcpy(copy, files[i].data, files[i].len + 1);
            files[i].data = copy;
        }
    }
    assert_non_null(copy);
    sl_load_options other = lo;
    other.memfiles = files;
    m = load_like(scn, &other, STAYS, base);
    assert_false(sl_model_inputs_copied(m));
    sl_model_free(m);
    free(copy);
    free(files);

    /* an override a reader uses: the caller does not offer like, and a
     * scenario naming other files is never copied */
    m = load_like(scn, &lo, "agencies.AGY.flows=[]", base);
    assert_false(sl_model_inputs_copied(m));
    assert_true(m->n_flows < base->n_flows);
    sl_model_free(m);
    sl_model_free(base);
    sl_demo_free(demo);
}

static void test_reload__overrides_that_leave_the_reading_alone(void **state)
{
    (void)state;
    static const struct {
        const char *set;
        bool no_input;
    } cases[] = {
        {"deadline=2029-06-30", true},
        {"agencies.SKV.staff.migration_hours_per_week=400", true},
        {"agencies.SKV.staff={ops_fte: 3}", true},
        {STAYS, true},
        {"agencies.SKV.joins=false", true},
        {"agencies.SKV.budget=8e7", true},
        {"risks.R-STAFF.likelihood=3", true},
        {"sites.SOLNA.capacity.racks=40", true},
        {"gates.UNION.pass_probability=0.5", true},
        {"windows.max_workloads=12", true},
        {"verdict.go_p_on_time=0.6", true},
        /* what the readers use */
        {"agencies.SKV={id: SKV}", false},
        {"agencies.SKV.inventory=[x.csv]", false},
        {"agencies.SKV.flows=[]", false},
        {"sites.SOLNA.hosts=h.csv", false},
        {"sites.SOLNA={id: SOLNA}", false},
        {"migration.default_method=replatform", false},
        {"migration.methods=[]", false},
        {"security_classes=[open]", false},
        {"legal_tags=[]", false},
        {"cost.legacy_watts_per_core=9", false},
        {"inventory_rules=[]", false},
        {"pools.cpu_overcommit=2", false},
        {"unknown.path=1", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (sl_reuse_reads_no_input(1, &cases[i].set) != cases[i].no_input)
            fail_msg("%s: reads no input should be %d", cases[i].set, cases[i].no_input);
    const char *two[] = {"deadline=2029-06-30", "migration.default_method=replatform"};
    assert_false(sl_reuse_reads_no_input(2, two));
    assert_true(sl_reuse_reads_no_input(0, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reload__unchanged_files_are_copied_and_plan_as_a_fresh_load),
        cmocka_unit_test(test_reload__a_file_changed_since_is_read_again),
        cmocka_unit_test(
            test_reload__in_memory_files_are_copied_only_when_the_bytes_are_the_same),
        cmocka_unit_test(test_reload__overrides_that_leave_the_reading_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
