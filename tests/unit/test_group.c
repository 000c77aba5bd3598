/* SPDX-License-Identifier: MIT */
/* Group: hand-computed small estates. A hard edge joins two workloads; a
 * chain of hard edges too large for a window is cut where the least
 * traffic crosses, and only a single workload too large for any window
 * is over capacity; a hub is split out; staff hours or bandwidth force a
 * split; groups never mix sites; traffic cut per group; app endpoints
 * expand. Regrouping from a base grouping (sl_group_run_from) after a
 * change of staff hours, or with workloads of one agency left behind,
 * gives what a fresh run gives, field by field, and keeps the groups of
 * the origins that did not change. */
#define _DEFAULT_SOURCE
#include "helpers.h"

#include "group/group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a test scenario varies. */
typedef struct knobs {
    int max_workloads;       /* 0 = no cap */
    double hours_per_week;   /* agency A's migration hours */
    double gbps, usable, rtt; /* link S -> T */
    double window_hours;
    double hard_edge_mbps;
    double hub_degree;
    const char *shared;      /* YAML list body, or NULL */
} knobs;

static knobs defaults(void)
{
    knobs k = {0, 1000, 10, 0.5, 6, 60, 100, 0, NULL};
    return k;
}

static sl_model *load(const knobs *k, const char *inventory, const char *flows)
{
    char yaml[4096], cap[64] = "";
    if (k->max_workloads)
        snprintf(cap, sizeof cap, "  max_workloads: %d\n", k->max_workloads);
    snprintf(yaml, sizeof yaml,
             "samlok: 1\n"
             "name: group test\n"
             "start: 2026-09-01\n"
             "deadline: 2027-12-31\n"
             "agencies:\n"
             "  - {id: HOST, role: host}\n"
             "  - id: A\n"
             "    role: joining\n"
             "    staff: {migration_hours_per_week: %g}\n"
             "    inventory: inv.csv\n"
             "    flows: flows.csv\n"
             "sites:\n"
             "  - {id: T, owner: HOST, role: target, capacity: {racks: 10, kw: 100}}\n"
             "  - {id: S, owner: A, role: source}\n"
             "  - {id: S2, owner: A, role: source}\n"
             "links:\n"
             "  - {from: S, to: T, gbps: %g, usable_share: %g, rtt_ms: %g}\n"
             "host_models:\n"
             "  - {id: H, cores: 32, ram_gb: 512}\n"
             "windows:\n"
             "  weekly:\n"
             "    - {day: friday, start: \"18:00\", hours: %g}\n"
             "%s"
             "migration:\n"
             "  hard_edge_mbps: %g\n"
             "  hub_degree: %g\n"
             "%s%s%s",
             k->hours_per_week, k->gbps, k->usable, k->rtt, k->window_hours,
             cap, k->hard_edge_mbps, k->hub_degree,
             k->shared ? "  shared_services: [" : "", k->shared ? k->shared : "",
             k->shared ? "]\n" : "");
    char inv[8192];
    snprintf(inv, sizeof inv,
             "id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
             "security_class,legal_tags,ha_group,method\n%s",
             inventory);
    char fl[65536];
    snprintf(fl, sizeof fl, "src,dst,mbps,latency_sensitive\n%s", flows);
    sl_model *m = NULL;
    char *msg = NULL;
    int rc = th_load(&m, &msg, 0, NULL, 3, "scenario.yaml", yaml, "inv.csv", inv, "flows.csv",
                     fl);
    if (rc)
        fprintf(stderr, "%s\n", msg);
    free(msg);
    assert_int_equal(rc, 0);
    return m;
}

/* A workload line: id, site, app, storage GB. */
static void server(char *buf, size_t cap, const char *id, const char *site, const char *app,
                   int tier, double storage_gb)
{
    size_t len = strlen(buf);
    snprintf(buf + len, cap - len, "%s,A,%s,%s,prod,%d,2,4,%g,,,RHEL 9,open,,,\n", id, site, app,
             tier, storage_gb);
}

static sl_grouping *group(const sl_model *m, const bool *movable)
{
    sl_group_options o = SL_GROUP_OPTIONS_INIT;
    o.movable = movable;
    sl_diag *d = sl_diag_new();
    sl_grouping *g = NULL;
    assert_int_equal(sl_group_run(&g, m, &o, d), 0);
    sl_diag_free(d);
    return g;
}

static sl_index gid(const sl_model *m, const sl_grouping *g, const char *workload)
{
    sl_index w = sl_model_workload(m, workload);
    assert_int_not_equal(w, SL_NONE);
    return g->group_of[w];
}

/* Every workload in exactly one group, as listed, with group ids in place. */
static void check_invariants(const sl_model *m, const sl_grouping *g)
{
    size_t seen = 0;
    for (size_t i = 0; i < g->n_groups; i++) {
        const sl_group *gr = &g->groups[i];
        assert_int_equal(gr->id, i);
        assert_true(gr->n_workloads > 0);
        for (size_t j = 0; j < gr->n_workloads; j++) {
            const sl_workload *w = &m->workloads[gr->workloads[j]];
            assert_int_equal(g->group_of[gr->workloads[j]], i);
            assert_int_equal(w->site, gr->site);
            assert_int_equal(w->agency, gr->agency);
            if (j > 0)
                assert_true(gr->workloads[j] > gr->workloads[j - 1]);
        }
        seen += gr->n_workloads;
    }
    size_t movable = 0;
    for (size_t w = 0; w < m->n_workloads; w++)
        movable += g->group_of[w] != SL_NONE;
    assert_int_equal(seen, movable);
}

static void test_group__a_hard_edge_joins_two_workloads_a_soft_one_may_be_cut(void **state)
{
    (void)state;
    knobs k = defaults();
    k.max_workloads = 2;
    char inv[4096] = "";
    server(inv, sizeof inv, "a", "S", "x", 2, 100);
    server(inv, sizeof inv, "b", "S", "x", 2, 100);
    server(inv, sizeof inv, "c", "S", "y", 2, 100);
    server(inv, sizeof inv, "d", "S", "y", 2, 100);
    /* a-b latency-sensitive, c-d above hard_edge_mbps, b-c soft: with two
     * servers per window the chain must break at b-c */
    sl_model *m = load(&k, inv, "a,b,1,true\nc,d,150,false\nb,c,40,false\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_int_equal(g->n_groups, 2);
    assert_int_equal(gid(m, g, "a"), gid(m, g, "b"));
    assert_int_equal(gid(m, g, "c"), gid(m, g, "d"));
    assert_int_not_equal(gid(m, g, "a"), gid(m, g, "c"));
    assert_int_equal(g->n_hard_edges, 2);
    assert_int_equal(g->n_split, 1);
    /* the cut is the soft edge, seen from both sides */
    assert_true(g->groups[0].cut_mbps == 40.0 && g->groups[1].cut_mbps == 40.0);
    assert_true(g->total_cut_mbps == 40.0);
    sl_grouping_free(g);
    sl_model_free(m);
}

/* The cut flows, as "a-b:mbps" joined by spaces (workload ids). */
static void cut_text(const sl_model *m, const sl_grouping *g, char *buf, size_t cap)
{
    buf[0] = 0;
    for (size_t i = 0; i < g->n_cut_flows; i++) {
        const sl_cut_flow *f = &g->cut_flows[i];
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, "%s%s-%s:%g", i ? " " : "", m->workloads[f->a].id,
                 m->workloads[f->b].id, f->mbps);
        assert_int_not_equal(f->group_a, f->group_b);
        assert_int_equal(f->group_a, g->group_of[f->a]);
        assert_int_equal(f->group_b, g->group_of[f->b]);
    }
}

static void test_group__a_hard_chain_larger_than_a_window_is_cut_at_its_lightest_flow(
    void **state)
{
    (void)state;
    knobs k = defaults();
    k.max_workloads = 3;
    char inv[4096] = "";
    const char *ids[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++)
        server(inv, sizeof inv, ids[i], "S", "x", 2, 100);
    /* six servers chained by latency-sensitive flows, three per window:
     * the only two-piece cuts that fit are 3 + 3, and of all the cuts
     * that fit, c-d (5) carries the least traffic */
    sl_model *m = load(&k, inv,
                       "a,b,50,true\nb,c,40,true\nc,d,5,true\nd,e,30,true\ne,f,60,true\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_int_equal(g->n_groups, 2);
    assert_int_equal(gid(m, g, "a"), gid(m, g, "c"));
    assert_int_equal(gid(m, g, "d"), gid(m, g, "f"));
    assert_int_equal(g->n_cut_clusters, 1);
    char text[256];
    cut_text(m, g, text, sizeof text);
    assert_string_equal(text, "c-d:5");
    assert_true(g->cut_flows_mbps == 5.0);
    for (size_t i = 0; i < g->n_groups; i++)
        assert_false(g->groups[i].is_over_capacity);
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__a_cut_flow_crosses_the_wan_until_its_other_side_moves_and_is_a_risk(
    void **state)
{
    (void)state;
    knobs k = defaults();
    k.max_workloads = 3;
    char inv[4096] = "";
    const char *ids[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++)
        server(inv, sizeof inv, ids[i], "S", "x", 2, 100);
    sl_model *m = load(&k, inv,
                       "a,b,50,true\nb,c,40,true\nc,d,5,true\nd,e,30,true\ne,f,60,true\n");
    sl_plan *p = NULL;
    sl_plan_options o = SL_PLAN_OPTIONS_INIT;
    o.iterations = 50;
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_plan_run(&p, m, &o, d), 0);
    const sl_grouping *g = p->grouping;
    assert_int_equal(g->n_cut_flows, 1);
    /* three servers a window: the two groups go in the first two Friday
     * windows, one week apart, and c-d crosses the WAN in between */
    assert_true(sl_plan_weeks_apart(p, g->cut_flows[0].group_a, g->cut_flows[0].group_b) == 1.0);
    /* the risk: likelihood 3 (up to 2 weeks), impact 4 (2 of 6 workloads,
     * 33 %, at an end of a cut flow) */
    size_t at = 0;
    while (at < p->risk->n_risks && strcmp(p->risk->risks[at].code, "hard_flows_cut") != 0)
        at++;
    assert_true(at < p->risk->n_risks);
    const sl_risk *r = &p->risk->risks[at];
    assert_string_equal(r->id, "hard_flows_cut/A");
    assert_int_equal(r->likelihood, 3);
    assert_int_equal(r->impact, 4);
    assert_true(r->is_scored);
    assert_true(th_contains(r->basis, "cuts 1 of them (5.0 Mbit/s)"));
    assert_true(th_contains(r->basis, "the longest crosses it for 1.0 weeks"));
    sl_diag_free(d);
    sl_plan_free(p);
    sl_model_free(m);
}

static void test_group__more_pieces_when_they_cut_less_traffic(void **state)
{
    (void)state;
    knobs k = defaults();
    k.max_workloads = 3;
    char inv[4096] = "";
    const char *ids[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++)
        server(inv, sizeof inv, ids[i], "S", "x", 2, 100);
    /* heavy pairs a-b, c-d, e-f joined by light flows: two pieces of
     * three must cut a heavy pair (100), three pairs cut only the two
     * light flows (1 + 1) */
    sl_model *m = load(&k, inv,
                       "a,b,100,true\nb,c,1,true\nc,d,100,true\nd,e,1,true\ne,f,100,true\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    char text[256];
    cut_text(m, g, text, sizeof text);
    assert_string_equal(text, "b-c:1 d-e:1");
    assert_int_equal(gid(m, g, "a"), gid(m, g, "b"));
    assert_int_equal(gid(m, g, "c"), gid(m, g, "d"));
    assert_int_equal(gid(m, g, "e"), gid(m, g, "f"));
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__only_a_workload_too_large_for_any_window_is_over_capacity(void **state)
{
    (void)state;
    knobs k = defaults();
    /* 10 Gbit/s x 0.5 x 60 h x 0.45 = 135 TB a window */
    char inv[4096] = "";
    server(inv, sizeof inv, "big", "S", "x", 2, 200000);
    server(inv, sizeof inv, "a", "S", "x", 2, 100000);
    server(inv, sizeof inv, "b", "S", "x", 2, 100000);
    /* big - a - b chained: big fits no window, a + b (200 TB) do not fit
     * one either, so both flows are cut */
    sl_model *m = load(&k, inv, "big,a,7,true\na,b,3,true\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_int_equal(g->n_groups, 3);
    size_t over = 0;
    for (size_t i = 0; i < g->n_groups; i++) {
        over += g->groups[i].is_over_capacity;
        if (g->groups[i].is_over_capacity) {
            assert_int_equal(g->groups[i].n_workloads, 1);
            assert_int_equal(g->groups[i].workloads[0], sl_model_workload(m, "big"));
        }
    }
    assert_int_equal(over, 1);
    char text[256];
    cut_text(m, g, text, sizeof text);
    assert_string_equal(text, "big-a:7 a-b:3");
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__a_hub_is_split_out_and_does_not_glue_the_estate(void **state)
{
    (void)state;
    knobs k = defaults(); /* hub_degree 0: automatic, at least 32 peers */
    char inv[8192] = "";
    char flows[8192] = "";
    server(inv, sizeof inv, "dns", "S", "dns", 1, 50);
    for (int i = 0; i < 40; i++) {
        char id[16];
        snprintf(id, sizeof id, "w%02d", i);
        server(inv, sizeof inv, id, "S", id, 3, 50);
        size_t len = strlen(flows);
        snprintf(flows + len, sizeof flows - len, "%s,dns,0.5,false\n", id);
    }
    sl_model *m = load(&k, inv, flows);
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_true(g->hub_degree >= 32);
    assert_int_equal(g->n_shared, 1);
    assert_int_equal(g->n_groups, 41); /* 40 lone servers and the hub */
    const sl_group *hub = &g->groups[gid(m, g, "dns")];
    assert_true(hub->is_shared_service);
    assert_int_equal(hub->n_workloads, 1);
    assert_true(hub->cut_mbps > 19.99 && hub->cut_mbps < 20.01);
    assert_int_equal(hub->min_tier, 1);
    /* shared services come last within their origin */
    assert_int_equal(hub->id, g->n_groups - 1);
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__a_named_shared_service_app_is_its_own_group(void **state)
{
    (void)state;
    knobs k = defaults();
    k.shared = "backup";
    char inv[4096] = "";
    server(inv, sizeof inv, "bak1", "S", "backup", 2, 500);
    server(inv, sizeof inv, "bak2", "S", "backup", 2, 500);
    server(inv, sizeof inv, "app1", "S", "crm", 2, 100);
    server(inv, sizeof inv, "app2", "S", "erp", 2, 100);
    /* backup talks to both: without the rule, all four would be one group */
    sl_model *m = load(&k, inv, "bak1,app1,10,false\nbak2,app2,10,false\nbak1,bak2,5,true\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_int_equal(g->n_groups, 3);
    assert_int_equal(gid(m, g, "bak1"), gid(m, g, "bak2")); /* a hard edge between them */
    assert_true(g->groups[gid(m, g, "bak1")].is_shared_service);
    assert_int_not_equal(gid(m, g, "app1"), gid(m, g, "app2"));
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__staff_hours_force_a_split(void **state)
{
    (void)state;
    knobs k = defaults();
    k.hours_per_week = 13; /* one window a week: 13 h; rehost is 6 h per server */
    char inv[4096] = "";
    server(inv, sizeof inv, "a", "S", "x", 2, 100);
    server(inv, sizeof inv, "b", "S", "x", 2, 100);
    server(inv, sizeof inv, "c", "S", "x", 2, 100);
    server(inv, sizeof inv, "d", "S", "x", 2, 100);
    /* a ring with one weak link: a-b 50, b-c 1, c-d 50, d-a 1 */
    sl_model *m = load(&k, inv, "a,b,50,false\nb,c,1,false\nc,d,50,false\nd,a,1,false\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_int_equal(g->n_groups, 2);
    assert_int_equal(gid(m, g, "a"), gid(m, g, "b"));
    assert_int_equal(gid(m, g, "c"), gid(m, g, "d"));
    assert_true(g->total_cut_mbps == 2.0);
    for (size_t i = 0; i < g->n_groups; i++)
        assert_true(g->groups[i].effort_hours <= 13.0);
    assert_true(g->capacities[0].effort_hours == 13.0);
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__bandwidth_forces_a_split(void **state)
{
    (void)state;
    knobs k = defaults();
    k.gbps = 1;
    k.usable = 0.5;
    k.window_hours = 4; /* 0.5 Gbit/s x 4 h = 0.9 TB per window */
    char inv[4096] = "";
    server(inv, sizeof inv, "a", "S", "x", 2, 400);
    server(inv, sizeof inv, "b", "S", "x", 2, 400);
    server(inv, sizeof inv, "c", "S", "x", 2, 400);
    sl_model *m = load(&k, inv, "a,b,5,false\nb,c,20,false\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_true(g->capacities[0].transfer_tb > 0.899 && g->capacities[0].transfer_tb < 0.901);
    assert_int_equal(g->n_groups, 2);
    assert_int_equal(gid(m, g, "b"), gid(m, g, "c")); /* the heavier edge stays inside */
    for (size_t i = 0; i < g->n_groups; i++)
        assert_true(g->groups[i].transfer_tb <= 0.9);
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__groups_never_mix_sites_even_for_hard_edges(void **state)
{
    (void)state;
    knobs k = defaults();
    char inv[4096] = "";
    server(inv, sizeof inv, "a", "S", "x", 2, 100);
    server(inv, sizeof inv, "b", "S2", "x", 2, 100);
    sl_model *m = load(&k, inv, "a,b,1,true\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_int_equal(g->n_groups, 2);
    assert_int_equal(g->n_hard_cut, 1);
    assert_int_equal(g->n_capacities, 2);
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__long_rtt_lowers_the_traffic_threshold(void **state)
{
    (void)state;
    knobs k = defaults();
    k.max_workloads = 1; /* anything not hard is split */
    char inv[4096] = "";
    server(inv, sizeof inv, "a", "S", "x", 2, 100);
    server(inv, sizeof inv, "b", "S", "x", 2, 100);
    k.rtt = 6; /* 60 Mbit/s is below 100 */
    sl_model *m = load(&k, inv, "a,b,60,false\n");
    sl_grouping *g = group(m, NULL);
    assert_int_equal(g->n_hard_edges, 0);
    assert_int_equal(g->n_groups, 2);
    sl_grouping_free(g);
    sl_model_free(m);
    k.rtt = 20; /* 100 x 10 / 20 = 50 Mbit/s: now hard */
    m = load(&k, inv, "a,b,60,false\n");
    g = group(m, NULL);
    assert_int_equal(g->n_hard_edges, 1);
    /* one server a window: the hard pair is cut, and listed as such */
    assert_int_equal(g->n_groups, 2);
    assert_int_equal(g->n_cut_flows, 1);
    assert_false(g->groups[0].is_over_capacity || g->groups[1].is_over_capacity);
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__an_app_endpoint_expands_to_its_workloads(void **state)
{
    (void)state;
    knobs k = defaults();
    k.max_workloads = 3;
    char inv[4096] = "";
    server(inv, sizeof inv, "web", "S", "shop", 2, 100);
    server(inv, sizeof inv, "db1", "S", "data", 2, 100);
    server(inv, sizeof inv, "db2", "S", "data", 2, 100);
    server(inv, sizeof inv, "lone", "S", "misc", 2, 100);
    /* web -> app "data", latency-sensitive: web joins both db servers */
    sl_model *m = load(&k, inv, "web,data,30,true\nlone,web,1,false\n");
    sl_grouping *g = group(m, NULL);
    check_invariants(m, g);
    assert_int_equal(g->n_edges, 3);
    assert_int_equal(gid(m, g, "web"), gid(m, g, "db1"));
    assert_int_equal(gid(m, g, "web"), gid(m, g, "db2"));
    assert_int_not_equal(gid(m, g, "web"), gid(m, g, "lone"));
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__workloads_that_may_not_move_get_no_group(void **state)
{
    (void)state;
    knobs k = defaults();
    char inv[4096] = "";
    server(inv, sizeof inv, "a", "S", "x", 2, 100);
    server(inv, sizeof inv, "b", "S", "x", 2, 100);
    sl_model *m = load(&k, inv, "a,b,7,false\n");
    bool movable[2] = {true, false};
    sl_grouping *g = group(m, movable);
    check_invariants(m, g);
    assert_int_equal(g->n_groups, 1);
    assert_int_equal(gid(m, g, "b"), SL_NONE);
    assert_true(g->groups[0].cut_mbps == 7.0); /* traffic to b stays on the WAN */
    sl_grouping_free(g);
    sl_model_free(m);
}

static void test_group__plan_json_lists_groups_and_each_workloads_group(void **state)
{
    (void)state;
    knobs k = defaults();
    char inv[4096] = "";
    server(inv, sizeof inv, "a", "S", "x", 2, 100);
    server(inv, sizeof inv, "b", "S", "x", 2, 100);
    sl_model *m = load(&k, inv, "a,b,7,true\n");
    sl_plan *p = NULL;
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_plan_run(&p, m, NULL, d), 0);
    assert_non_null(p->grouping);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(sl_write_json(f, p, d), 0);
    fclose(f);
    assert_true(th_contains(buf, "\"groups\": [\n    {\n      \"id\": 0,"));
    assert_true(th_contains(buf, "\"workloads\": [\n        \"a\",\n        \"b\"\n      ],"));
    assert_true(th_contains(buf, "\"cut_mbps\": 0.0,"));
    assert_true(th_contains(buf, "\"group\": 0,\n"));
    free(buf);
    sl_diag_free(d);
    sl_plan_free(p);
    sl_model_free(m);
}

/* Every field of two groupings alike. */
static void assert_same_grouping(const sl_grouping *a, const sl_grouping *b, const char *what)
{
    if (a->n_groups != b->n_groups)
        fail_msg("%s: %zu groups against %zu", what, a->n_groups, b->n_groups);
    assert_int_equal(a->n_workloads, b->n_workloads);
    for (size_t w = 0; w < a->n_workloads; w++)
        if (a->group_of[w] != b->group_of[w])
            fail_msg("%s: workload %zu in group %u against %u", what, w,
                     (unsigned)a->group_of[w], (unsigned)b->group_of[w]);
    for (size_t i = 0; i < a->n_groups; i++) {
        const sl_group *x = &a->groups[i], *y = &b->groups[i];
        assert_int_equal(x->id, y->id);
        assert_int_equal(x->agency, y->agency);
        assert_int_equal(x->site, y->site);
        assert_int_equal(x->origin, y->origin);
        assert_int_equal(x->n_workloads, y->n_workloads);
        assert_memory_equal(x->workloads, y->workloads, x->n_workloads * sizeof *x->workloads);
        assert_true(x->cut_mbps == y->cut_mbps && x->effort_hours == y->effort_hours &&
                    x->transfer_tb == y->transfer_tb);
        assert_int_equal(x->min_tier, y->min_tier);
        assert_int_equal(x->is_shared_service, y->is_shared_service);
        assert_int_equal(x->is_over_capacity, y->is_over_capacity);
    }
    assert_int_equal(a->n_capacities, b->n_capacities);
    for (size_t o = 0; o < a->n_capacities; o++)
        assert_true(a->capacities[o].effort_hours == b->capacities[o].effort_hours &&
                    a->capacities[o].servers == b->capacities[o].servers &&
                    a->capacities[o].transfer_tb == b->capacities[o].transfer_tb);
    assert_true(a->hub_degree == b->hub_degree);
    assert_int_equal(a->n_shared, b->n_shared);
    assert_int_equal(a->n_edges, b->n_edges);
    assert_int_equal(a->n_hard_edges, b->n_hard_edges);
    assert_int_equal(a->n_hard_cut, b->n_hard_cut);
    if (a->n_split != b->n_split)
        fail_msg("%s: %zu splits against %zu", what, a->n_split, b->n_split);
    assert_true(a->total_cut_mbps == b->total_cut_mbps);
    assert_int_equal(a->n_cut_clusters, b->n_cut_clusters);
    assert_int_equal(a->n_cut_flows, b->n_cut_flows);
    for (size_t i = 0; i < a->n_cut_flows; i++) {
        const sl_cut_flow *x = &a->cut_flows[i], *y = &b->cut_flows[i];
        assert_true(x->a == y->a && x->b == y->b && x->group_a == y->group_a &&
                    x->group_b == y->group_b && x->mbps == y->mbps);
    }
    assert_true(a->cut_flows_mbps == b->cut_flows_mbps);
}

/* Which workloads a regroup case moves. */
typedef enum {
    MOVE_ALL,
    MOVE_EVEN,     /* those at even indices only */
    MOVE_BUT_AGY3, /* all but every third of AGY's (workloads left behind) */
} movers;

static bool *movable_for(const sl_model *m, movers which)
{
    if (which == MOVE_ALL)
        return NULL;
    bool *mv = calloc(m->n_workloads + 1, sizeof *mv);
    assert_non_null(mv);
    size_t agy = 0;
    for (size_t w = 0; w < m->n_workloads; w++) {
        bool is_agy = strcmp(m->agencies[m->workloads[w].agency].id, "AGY") == 0;
        mv[w] = which == MOVE_EVEN ? w % 2 == 0 : !(is_agy && agy++ % 3 == 0);
    }
    return mv;
}

/* The demo (three origins: AGY's hall, SKV's two; four components split
 * by METIS), grouped with base_sets and base_moves, then with one more
 * override (change, or none) and moves: regrouped from the first
 * grouping and fresh, alike, with want_kept origins taken from the
 * base. */
static void regroup_case(const sl_demo *demo, size_t n_base, const char *const *base_sets,
                         movers base_moves, const char *change, movers moves, size_t want_kept)
{
    sl_model *bm =
        th_load_or_fail(demo->files[0].path, demo->n_files, demo->files, n_base, base_sets);
    const char *sets[8];
    for (size_t i = 0; i < n_base; i++)
        sets[i] = base_sets[i];
    size_t n = n_base;
    if (change)
        sets[n++] = change;
    sl_model *m = th_load_or_fail(demo->files[0].path, demo->n_files, demo->files, n, sets);
    sl_group_options o = SL_GROUP_OPTIONS_INIT;
    o.seed = 2014;
    o.seeds = 3;
    bool *base_movable = movable_for(bm, base_moves), *movable = movable_for(m, moves);
    sl_grouping *base = NULL, *fresh = NULL, *re = NULL;
    o.movable = base_movable;
    assert_int_equal(sl_group_run(&base, bm, &o, NULL), 0);
    o.movable = movable;
    assert_int_equal(sl_group_run(&fresh, m, &o, NULL), 0);
    assert_int_equal(sl_group_run_from(&re, m, &o, base, NULL), 0);
    const char *what = change ? change : "workloads left behind";
    check_invariants(m, re);
    assert_same_grouping(fresh, re, what);
    assert_int_equal(fresh->n_kept_origins, 0);
    if (re->n_kept_origins != want_kept)
        fail_msg("%s: %zu origins kept, want %zu", what, re->n_kept_origins, want_kept);
    sl_grouping_free(re);
    sl_grouping_free(fresh);
    sl_grouping_free(base);
    free(base_movable);
    free(movable);
    sl_model_free(m);
    sl_model_free(bm);
}

static void test_group__regrouping_after_a_change_of_hours_is_a_fresh_grouping(void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    /* one agency's hours: the other's origins keep their groups */
    regroup_case(demo, 0, NULL, MOVE_ALL, "agencies.AGY.staff.migration_hours_per_week=30",
                 MOVE_ALL, 2);
    regroup_case(demo, 0, NULL, MOVE_ALL, "agencies.SKV.staff.migration_hours_per_week=90",
                 MOVE_ALL, 1);
    regroup_case(demo, 0, NULL, MOVE_ALL, "agencies.SKV.staff.decline_share=0.9", MOVE_ALL, 1);
    /* nothing the group stage reads: every origin kept */
    regroup_case(demo, 0, NULL, MOVE_ALL, "deadline=2028-06-30", MOVE_ALL, 3);
    /* hard clusters larger than a window, cut (hard.c), and a cap on
     * servers, in both */
    const char *tight[] = {"windows.max_workloads=6", "migration.hard_edge_mbps=2"};
    regroup_case(demo, 2, tight, MOVE_ALL, "agencies.AGY.staff.migration_hours_per_week=12",
                 MOVE_ALL, 2);
    regroup_case(demo, 2, tight, MOVE_ALL, "agencies.SKV.staff.migration_hours_per_week=60",
                 MOVE_ALL, 1);
    /* every window's capacity: nothing kept */
    regroup_case(demo, 0, NULL, MOVE_ALL, "windows.max_workloads=5", MOVE_ALL, 0);
    sl_demo_free(demo);
}

static void test_group__regrouping_after_workloads_stay_behind_groups_their_origin_only(
    void **state)
{
    (void)state;
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    /* some of AGY's workloads stay: SKV's two origins keep their groups */
    regroup_case(demo, 0, NULL, MOVE_ALL, NULL, MOVE_BUT_AGY3, 2);
    const char *tight[] = {"windows.max_workloads=6", "migration.hard_edge_mbps=2"};
    regroup_case(demo, 2, tight, MOVE_ALL, NULL, MOVE_BUT_AGY3, 2);
    /* and back: the base left them behind, the re-plan moves them */
    regroup_case(demo, 2, tight, MOVE_BUT_AGY3, "deadline=2028-06-30", MOVE_ALL, 2);
    /* a base of other workloads in every origin: nothing kept, still the
     * fresh grouping */
    regroup_case(demo, 0, NULL, MOVE_EVEN, "agencies.AGY.staff.migration_hours_per_week=30",
                 MOVE_ALL, 0);
    sl_demo_free(demo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group__a_hard_edge_joins_two_workloads_a_soft_one_may_be_cut),
        cmocka_unit_test(test_group__a_hard_chain_larger_than_a_window_is_cut_at_its_lightest_flow),
        cmocka_unit_test(
            test_group__a_cut_flow_crosses_the_wan_until_its_other_side_moves_and_is_a_risk),
        cmocka_unit_test(test_group__more_pieces_when_they_cut_less_traffic),
        cmocka_unit_test(test_group__only_a_workload_too_large_for_any_window_is_over_capacity),
        cmocka_unit_test(test_group__a_hub_is_split_out_and_does_not_glue_the_estate),
        cmocka_unit_test(test_group__a_named_shared_service_app_is_its_own_group),
        cmocka_unit_test(test_group__staff_hours_force_a_split),
        cmocka_unit_test(test_group__bandwidth_forces_a_split),
        cmocka_unit_test(test_group__groups_never_mix_sites_even_for_hard_edges),
        cmocka_unit_test(test_group__long_rtt_lowers_the_traffic_threshold),
        cmocka_unit_test(test_group__an_app_endpoint_expands_to_its_workloads),
        cmocka_unit_test(test_group__workloads_that_may_not_move_get_no_group),
        cmocka_unit_test(test_group__plan_json_lists_groups_and_each_workloads_group),
        cmocka_unit_test(test_group__regrouping_after_a_change_of_hours_is_a_fresh_grouping),
        cmocka_unit_test(
            test_group__regrouping_after_workloads_stay_behind_groups_their_origin_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
