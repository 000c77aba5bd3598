/* SPDX-License-Identifier: MIT */
/* Flows CSV: traffic units, endpoints naming workloads or applications,
 * unmatched endpoints counted, located errors. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static const char scenario[] = "samlok: 1\n"
                               "name: flows\n"
                               "start: 2026-09-01\n"
                               "deadline: 2027-12-31\n"
                               "agencies:\n"
                               "  - {id: HOST, role: host}\n"
                               "  - {id: A, role: joining, inventory: inv.csv, flows: flows.csv}\n"
                               "sites:\n"
                               "  - {id: T, owner: HOST, role: target, capacity: {racks: 10}}\n"
                               "  - {id: S, owner: A, role: source}\n"
                               "host_models: [{id: H, cores: 32, ram_gb: 512}]\n";

/* two applications: shop (web1, db1) and crm (crm1); "crm1" is also an
 * application name, to show that a workload id wins */
static const char inventory[] = "id,agency,site,app,vcpu,ram_gb\n"
                                "web1,A,S,shop,2,4\n"
                                "db1,A,S,shop,8,64\n"
                                "crm1,A,S,crm,4,16\n"
                                "solo,A,S,crm1,1,1\n";

static int load(sl_model **m, const char *flows, char **msg)
{
    return TH_LOAD(m, msg, "d/scenario.yaml", scenario, "d/inv.csv", inventory, "d/flows.csv",
                   flows);
}

static void test_flows__reads_mbps_port_protocol_and_latency(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m,
                          "src,dst,mbps,port,protocol,latency_sensitive\n"
                          "web1,db1,12.5,1521,tcp,true\n"
                          "db1,web1,0,,,\n",
                          &msg),
                     0);
    assert_int_equal(m->n_flows, 2);
    const sl_flow *f = &m->flows[0];
    assert_int_equal(f->src, sl_model_workload(m, "web1"));
    assert_int_equal(f->dst, sl_model_workload(m, "db1"));
    assert_int_equal(f->src_kind, SL_END_WORKLOAD);
    assert_int_equal(f->dst_kind, SL_END_WORKLOAD);
    assert_true(f->mbps == 12.5);
    assert_int_equal(f->port, 1521);
    assert_string_equal(f->protocol, "tcp");
    assert_true(f->is_latency_sensitive);
    assert_false(m->flows[1].is_latency_sensitive);
    assert_int_equal(m->flows[1].port, 0);
    assert_null(m->flows[1].protocol);
    sl_model_free(m);
    free(msg);
}

static void test_flows__bytes_per_day_become_mbps(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    /* mbps = bytes * 8 / 86400 / 1e6: 10.8e9 bytes a day is 1 Mbit/s,
     * 864e9 is 80 */
    assert_int_equal(load(&m,
                          "src,dst,mbps,bytes_per_day\n"
                          "web1,db1,,10800000000\n"
                          "web1,db1,,864000000000\n"
                          "web1,db1,3,864000000000\n",
                          &msg),
                     0);
    assert_int_equal(m->n_flows, 3);
    assert_true(m->flows[0].mbps == 1.0);
    assert_true(m->flows[1].mbps == 80.0);
    /* a row with both: mbps is the measured rate and wins */
    assert_true(m->flows[2].mbps == 3.0);
    sl_model_free(m);
    free(msg);
}

static void test_flows__endpoints_may_name_applications(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m,
                          "src,dst,mbps\n"
                          "crm,shop,5\n"
                          "crm1,db1,1\n",
                          &msg),
                     0);
    assert_int_equal(m->n_flows, 2);
    const sl_flow *f = &m->flows[0];
    assert_int_equal(f->src_kind, SL_END_APP);
    assert_int_equal(f->dst_kind, SL_END_APP);
    assert_string_equal(m->apps[f->src].name, "crm");
    assert_string_equal(m->apps[f->dst].name, "shop");
    assert_int_equal(m->apps[f->dst].n_workloads, 2);
    /* "crm1" is a workload and an application: the workload wins */
    assert_int_equal(m->flows[1].src_kind, SL_END_WORKLOAD);
    assert_string_equal(m->workloads[m->flows[1].src].id, "crm1");
    sl_model_free(m);
    free(msg);
}

static void test_flows__unmatched_endpoints_are_counted_not_fatal(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m,
                          "src,dst,mbps\n"
                          "web1,10.0.0.9,1\n"
                          "10.0.0.9,db1,1\n"
                          "web1,db1,1\n"
                          "ext-b,ext-a,1\n",
                          &msg),
                     0);
    assert_int_equal(m->n_flows, 1);
    assert_int_equal(m->n_unmatched_flows, 3);     /* rows */
    assert_int_equal(m->n_unmatched_endpoints, 3); /* distinct names */
    assert_int_equal(m->n_sample_unmatched, 3);
    assert_string_equal(m->sample_unmatched[0], "10.0.0.9");
    assert_string_equal(m->sample_unmatched[1], "ext-a");
    assert_string_equal(m->sample_unmatched[2], "ext-b");
    assert_string_equal(msg, "");
    sl_model_free(m);
    free(msg);
}

static void test_flows__semicolons_and_decimal_commas(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, "\xef\xbb\xbfsrc;dst;mbps\r\nweb1;db1;2,5\r\n", &msg), 0);
    assert_true(m->flows[0].mbps == 2.5);
    sl_model_free(m);
    free(msg);
}

static void test_flows__a_traffic_column_is_required(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m, "src,dst,port\nweb1,db1,80\n", &msg), SL_EINPUT);
    assert_null(m);
    /* and the scenario line that names the file */
    assert_string_equal(msg, "d/flows.csv:1: missing required column: mbps or bytes_per_day\n"
                             "d/scenario.yaml:7:55: note: 'flows.csv' is named here\n");
    free(msg);
    assert_int_equal(load(&m, "source,dst,mbps\n", &msg), SL_EINPUT);
    assert_string_equal(msg, "d/flows.csv:1: missing required column: src\n"
                             "d/scenario.yaml:7:55: note: 'flows.csv' is named here\n");
    free(msg);
}

static void test_flows__bad_cells_are_located_and_all_reported(void **state)
{
    (void)state;
    sl_model *m;
    char *msg;
    assert_int_equal(load(&m,
                          "src,dst,mbps,bytes_per_day,port,latency_sensitive\n"
                          "web1,db1,-1,,80,true\n"
                          "web1,db1,,,70000,maybe\n"
                          ",db1,inf,,,\n",
                          &msg),
                     SL_EINPUT);
    assert_true(th_contains(msg, "d/flows.csv:2: column mbps: -1 is outside 0..10000000\n"));
    assert_true(th_contains(msg, "d/flows.csv:3: column mbps: a value is required\n"));
    assert_true(th_contains(msg, "d/flows.csv:3: column port: must be 0..65535\n"));
    assert_true(
        th_contains(msg, "d/flows.csv:3: column latency_sensitive: must be true or false\n"));
    assert_true(th_contains(msg, "d/flows.csv:4: column mbps: number must be finite: 'inf'\n"));
    assert_true(th_contains(msg, "d/flows.csv:4: column src: a value is required\n"));
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flows__reads_mbps_port_protocol_and_latency),
        cmocka_unit_test(test_flows__bytes_per_day_become_mbps),
        cmocka_unit_test(test_flows__endpoints_may_name_applications),
        cmocka_unit_test(test_flows__unmatched_endpoints_are_counted_not_fatal),
        cmocka_unit_test(test_flows__semicolons_and_decimal_commas),
        cmocka_unit_test(test_flows__a_traffic_column_is_required),
        cmocka_unit_test(test_flows__bad_cells_are_located_and_all_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
