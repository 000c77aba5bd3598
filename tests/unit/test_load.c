/* SPDX-License-Identifier: MIT */
/* sl_model_load: the scenario and every file it names become one model;
 * inventory rows meet the scenario; every problem in every file is
 * reported in one run. Runs in tests/data (meson's workdir). */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static const sl_workload *workload(const sl_model *m, const char *id)
{
    sl_index i = sl_model_workload(m, id);
    if (i == SL_NONE)
        fail_msg("no workload %s", id);
    return &m->workloads[i];
}

static void test_load__reads_the_files_a_scenario_names_relative_to_it(void **state)
{
    (void)state;
    sl_diag *d = sl_diag_new();
    sl_model *m;
    assert_int_equal(sl_model_load(&m, "small/scenario.yaml", NULL, d), 0);
    char *msg = th_diag_text(d);
    assert_string_equal(msg, "");
    free(msg);
    sl_diag_free(d);
    /* 4 rows of inventory.csv and 2 VMs of vinfo.csv (its template skipped) */
    assert_int_equal(m->n_workloads, 6);
    assert_string_equal(m->file, "small/scenario.yaml");
    assert_string_equal(m->workloads[0].file, "small/inventory.csv");
    assert_int_equal(m->workloads[0].line, 2);
    const sl_workload *f = workload(m, "file1");
    assert_string_equal(f->file, "small/vinfo.csv");
    assert_int_equal(f->agency, sl_model_agency(m, "A"));
    assert_int_equal(f->site, sl_model_site(m, "S2"));
    assert_true(f->ram_gb == 3 && f->storage_gb == 100);
    assert_false(f->is_powered_off);
    assert_true(workload(m, "file2")->is_powered_off);
    assert_true(workload(m, "old1")->is_powered_off);
    /* 3 flows between known endpoints; one to an outside address */
    assert_int_equal(m->n_flows, 3);
    assert_true(m->flows[2].mbps == 2.0); /* 21.6e9 bytes a day */
    assert_int_equal(m->flows[2].src_kind, SL_END_APP);
    assert_int_equal(m->n_unmatched_endpoints, 1);
    assert_string_equal(m->sample_unmatched[0], "203.0.113.7");
    sl_model_free(m);
}

static void test_load__rows_get_defaults_from_the_scenario(void **state)
{
    (void)state;
    sl_diag *d = sl_diag_new();
    sl_model *m;
    assert_int_equal(sl_model_load(&m, "small/scenario.yaml", NULL, d), 0);
    sl_diag_free(d);
    const sl_workload *db = workload(m, "db1");
    /* no class given: the first declared class */
    assert_string_equal(db->security_class, "internal");
    assert_int_equal(db->n_legal_tags, 2);
    assert_string_equal(db->legal_tags[0], "osl27");
    assert_string_equal(db->legal_tags[1], "gdpr");
    assert_string_equal(m->migration.methods[db->method].id, "replatform");
    assert_int_equal(db->tier, 1);
    assert_null(db->ha_group);
    const sl_workload *old = workload(m, "old1");
    assert_int_equal(old->tier, 3); /* unknown tier: 3 */
    assert_int_equal(old->app, SL_NONE);
    assert_string_equal(m->migration.methods[old->method].id, "rehost"); /* the default */
    assert_true(old->cpu_p95 < 0);
    const sl_workload *web = workload(m, "web1");
    assert_string_equal(web->ha_group, "web");
    assert_string_equal(m->apps[web->app].name, "shop");
    /* the application knows its workloads, in inventory order */
    const sl_app *shop = &m->apps[web->app];
    assert_int_equal(shop->n_workloads, 3);
    assert_string_equal(m->workloads[shop->workloads[0]].id, "web1");
    assert_string_equal(m->workloads[shop->workloads[2]].id, "db1");
    /* RVTools rows carry no application, tier or class */
    const sl_workload *file1 = workload(m, "file1");
    assert_int_equal(file1->app, SL_NONE);
    assert_string_equal(file1->security_class, "internal");
    sl_model_free(m);
}

static const char scenario[] =
    "samlok: 1\n"
    "name: load\n"
    "start: 2026-09-01\n"
    "deadline: 2027-12-31\n"
    "security_classes: [open, internal]\n"
    "legal_tags: [{id: osl27}]\n"
    "agencies:\n"
    "  - {id: HOST, role: host}\n"
    "  - {id: SKV, role: joining, inventory: [a.csv, b.csv], flows: f.csv}\n"
    "sites:\n"
    "  - {id: T, owner: HOST, role: target, capacity: {racks: 10}}\n"
    "  - {id: SOLNA, owner: SKV, role: source}\n"
    "host_models: [{id: H, cores: 32, ram_gb: 512}]\n";

static void test_load__rows_must_name_what_the_scenario_declares(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    int rc = TH_LOAD(&m, &msg, "s/s.yaml", scenario, "s/a.csv",
                     "id,agency,site,vcpu,ram_gb,method,security_class,legal_tags\n"
                     "w1,SKW,SOLNA,1,1,,,\n"
                     "w2,SKV,SOLAN,1,1,,,\n"
                     "w3,SKV,T,1,1,,,\n"
                     "w4,SKV,SOLNA,1,1,rehots,,\n"
                     "w5,SKV,SOLNA,1,1,,secret,\n"
                     "w6,SKV,SOLNA,1,1,,,osl27|gdpr\n",
                     "s/b.csv", "id,agency,site,vcpu,ram_gb\nok,SKV,SOLNA,1,1\n", "s/f.csv",
                     "src,dst,mbps\n");
    assert_int_equal(rc, SL_EINPUT);
    assert_null(m);
    assert_true(th_contains(msg, "s/a.csv:2: column agency: unknown agency 'SKW' (did you mean "
                                 "'SKV'?)\n"));
    assert_true(th_contains(msg, "s/a.csv:3: column site: unknown site 'SOLAN' (did you mean "
                                 "'SOLNA'?)\n"));
    assert_true(th_contains(msg, "s/a.csv:4: column site: 'T' is a target site; list only "
                                 "workloads that move"));
    assert_true(th_contains(msg, "s/a.csv:5: column method: unknown migration method 'rehots' "
                                 "(did you mean 'rehost'?)\n"));
    assert_true(th_contains(msg, "s/a.csv:6: column security_class: 'secret' is not a declared "
                                 "security class\n"));
    assert_true(th_contains(msg, "s/a.csv:7: column legal_tags: 'gdpr' is not a declared legal "
                                 "tag\n"));
    free(msg);
}

static void test_load__duplicate_ids_across_files_name_the_first(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    int rc =
        TH_LOAD(&m, &msg, "s/s.yaml", scenario, "s/a.csv",
                "id,agency,site,vcpu,ram_gb\nx,SKV,SOLNA,1,1\ny,SKV,SOLNA,1,1\n", "s/b.csv",
                "id,agency,site,vcpu,ram_gb\n\ny,SKV,SOLNA,2,2\n", "s/f.csv", "src,dst,mbps\n");
    assert_int_equal(rc, SL_EINPUT);
    assert_string_equal(msg, "s/b.csv:3: column id: duplicate workload id 'y' (first at "
                             "s/a.csv:3)\n"
                             "s/s.yaml:9:49: note: 'b.csv' is named here\n");
    free(msg);
}

static void test_load__problems_in_every_file_are_reported_in_one_run(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    int rc = TH_LOAD(&m, &msg, "s/s.yaml", scenario, "s/a.csv", "id,agency,site\n", "s/b.csv",
                     "id,agency,site,vcpu,ram_gb\nz,SKV,SOLNA,x,1\n", "s/f.csv", "src,dst,mbps\n");
    assert_int_equal(rc, SL_EINPUT);
    assert_true(th_contains(msg, "s/a.csv:1: missing required columns: vcpu, ram_gb\n"));
    assert_true(th_contains(msg, "s/b.csv:2: column vcpu: not a number: 'x'\n"));
    free(msg);
}

static void test_load__a_missing_file_is_named(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    int rc = TH_LOAD(&m, &msg, "s/s.yaml", scenario, "s/a.csv", "id,agency,site,vcpu,ram_gb\n",
                     "s/f.csv", "src,dst,mbps\n");
    assert_int_equal(rc, SL_EINPUT);
    assert_string_equal(msg, "s/b.csv: no such file\n");
    free(msg);
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_model_load(&m, "small/absent.yaml", NULL, d), SL_EINPUT);
    msg = th_diag_text(d);
    assert_string_equal(msg, "small/absent.yaml: cannot open: No such file or directory\n");
    free(msg);
    sl_diag_free(d);
}

static void test_load__warns_about_a_joining_agency_without_workloads(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    int rc = TH_LOAD(&m, &msg, "s/s.yaml", scenario, "s/a.csv", "id,agency,site,vcpu,ram_gb\n",
                     "s/b.csv", "id,agency,site,vcpu,ram_gb\n", "s/f.csv", "src,dst,mbps\n");
    assert_int_equal(rc, 0);
    assert_string_equal(msg, "s/s.yaml: warning: joining agency SKV has no workloads (no "
                             "inventory, or it is empty)\n");
    sl_model_free(m);
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load__reads_the_files_a_scenario_names_relative_to_it),
        cmocka_unit_test(test_load__rows_get_defaults_from_the_scenario),
        cmocka_unit_test(test_load__rows_must_name_what_the_scenario_declares),
        cmocka_unit_test(test_load__duplicate_ids_across_files_name_the_first),
        cmocka_unit_test(test_load__problems_in_every_file_are_reported_in_one_run),
        cmocka_unit_test(test_load__a_missing_file_is_named),
        cmocka_unit_test(test_load__warns_about_a_joining_agency_without_workloads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
