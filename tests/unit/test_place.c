/* SPDX-License-Identifier: MIT */
/* The place stage: known answers by hand on small pools, isolation,
 * anti-affinity on hosts and racks, host model choice, site fit, and
 * separate platforms. */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One host: 8 cores x 2 threads x overcommit 2 x 100 % = 32 vCPU, 64 GB,
 * 400 W; a rack takes 2 of them (1 kW). */
static const char scenario[] =
    "samlok: 1\n"
    "name: place test\n"
    "start: 2026-09-01\n"
    "deadline: 2027-12-31\n"
    "agencies:\n"
    "  - {id: HOST, role: host}\n"
    "  - {id: A, role: joining, inventory: a.csv}\n"
    "  - {id: B, role: joining, inventory: b.csv}\n"
    "sites:\n"
    "  - id: T\n"
    "    owner: HOST\n"
    "    role: target\n"
    "    capacity: {racks: 2, kw: 10, floor_m2: 10}\n"
    "    used: {racks: 1, kw: 2, floor_m2: 4}\n"
    "    rack_kw: 1\n"
    "    rack_floor_m2: 2.5\n"
    "    pue: 1.5\n"
    "  - {id: SA, owner: A, role: source}\n"
    "  - {id: SB, owner: B, role: source}\n"
    "host_models:\n"
    "  - {id: H, cores: 8, threads_per_core: 2, ram_gb: 64, watts: 400, price: 100000,\n"
    "     rack_units: 2, licence_per_year: 10000}\n"
    "pools:\n"
    "  isolation: [security_class]\n"
    "  cpu_overcommit: 2\n"
    "  ram_overcommit: 1\n"
    "  max_utilisation: 1\n"
    "  ha_spare_hosts: 1\n"
    "  anti_affinity: host\n"
    "  sizing: as_is\n"
    "gates:\n"
    "  - {id: HW, kind: hardware, opens: 2026-10-01, lead_time_months: 3,\n"
    "     applies_to: {all: true}}\n";

static const char header[] = "id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
                             "security_class,legal_tags,ha_group,method\n";

static sl_model *load(const char *a_rows, const char *b_rows, const char *const *sets,
                      size_t n_sets)
{
    size_t la = strlen(header) + strlen(a_rows) + 1, lb = strlen(header) + strlen(b_rows) + 1;
    char *a = malloc(la), *b = malloc(lb);
    snprintf(a, la, "%s%s", header, a_rows);
    snprintf(b, lb, "%s%s", header, b_rows);
    sl_model *m = NULL;
    char *msg = NULL;
    int rc = th_load(&m, &msg, n_sets, sets, 3, "s.yaml", scenario, "a.csv", a, "b.csv", b);
    free(a);
    free(b);
    if (rc)
        fprintf(stderr, "%s\n", msg);
    free(msg);
    assert_int_equal(rc, 0);
    return m;
}

static sl_placement *place(const sl_model *m, sl_assessment **a)
{
    assert_int_equal(sl_assess_run(a, m, NULL), 0);
    sl_placement *p = NULL;
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_place_run(&p, m, *a, d), 0);
    sl_diag_free(d);
    return p;
}

static const sl_pool *pool_named(const sl_platform *pf, const char *id)
{
    for (size_t i = 0; i < pf->n_pools; i++)
        if (strcmp(pf->pools[i].id, id) == 0)
            return &pf->pools[i];
    fail_msg("no pool %s", id);
    static const sl_pool none;
    return &none;
}

static const sl_host *host_of(const sl_model *m, const sl_placement *p, const char *wid)
{
    uint32_t h = p->shared.workload_host[sl_model_workload(m, wid)];
    assert_true(h != SL_NONE);
    return &p->shared.hosts[h];
}

static const char a_rows[] =
    "w1,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,g,\n"
    "w2,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,g,\n"
    "w3,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
    "w4,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
    "i1,A,SA,db,prod,2,8,16,10,,,RHEL 9,internal,,,\n";

static void test_place__known_answer_by_hand(void **state)
{
    (void)state;
    sl_model *m = load(a_rows, "", NULL, 0);
    sl_assessment *a = NULL;
    sl_placement *p = place(m, &a);
    const sl_platform *s = &p->shared;
    assert_int_equal(s->n_pools, 2);
    const sl_pool *open = pool_named(s, "open"), *internal = pool_named(s, "internal");
    /* four halves of a host, two of them apart: 2 hosts and a spare */
    assert_int_equal(open->hosts_used, 2);
    assert_int_equal(open->spare_hosts, 1);
    assert_int_equal(open->hosts, 3);
    assert_int_equal(open->lower_bound, 2);
    assert_int_equal(internal->hosts, 2);
    assert_int_equal(s->hosts_total, 5);
    assert_int_equal(s->lower_bound_total, 5);
    assert_true(open->used[SL_DIM_VCPU] == 64 && open->capacity[SL_DIM_VCPU] == 96);
    assert_true(host_of(m, p, "w1") != host_of(m, p, "w2"));
    /* 5 hosts, 2 a rack by power: 3 racks; 5 x 0.4 kW x PUE 1.5 */
    assert_int_equal(s->racks, 3);
    assert_true(s->it_kw > 1.999 && s->it_kw < 2.001);
    assert_true(s->facility_kw > 2.999 && s->facility_kw < 3.001);
    assert_true(s->floor_m2 == 7.5);
    assert_true(s->cost_hardware == 500000);
    /* one rack free, three needed: does not fit, by 2 racks and 1.5 m2 */
    assert_false(p->fits);
    assert_false(p->racks.fits);
    assert_true(p->racks.margin == -2);
    assert_true(p->kw.fits && p->kw.margin > 4.999 && p->kw.margin < 5.001);
    assert_true(p->floor_m2.margin == -1.5);
    assert_int_equal(p->hardware_arrives, sl_date_from_ymd(2027, 1, 1));
    /* A alone: the same pools, so the same three racks and the same verdict */
    assert_int_equal(p->n_separate, 1);
    assert_int_equal(p->separate[0].hosts_total, 5);
    assert_int_equal(p->separate[0].racks, 3);
    assert_false(p->separate_fits);
    assert_true(p->separate_racks.margin == -2);
    assert_int_equal(p->n_placed, 5);
    assert_int_equal(p->n_unplaced, 0);
    sl_placement_free(p);
    sl_assessment_free(a);
    sl_model_free(m);
}

static void test_place__anti_affinity_on_racks_when_asked(void **state)
{
    (void)state;
    const char *sets[] = {"pools.anti_affinity=rack"};
    sl_model *m = load(a_rows, "", sets, 1);
    sl_assessment *a = NULL;
    sl_placement *p = place(m, &a);
    assert_true(host_of(m, p, "w1")->rack != host_of(m, p, "w2")->rack);
    sl_placement_free(p);
    sl_assessment_free(a);
    sl_model_free(m);
}

static void test_place__isolation_keeps_pools_apart_and_sharing_saves(void **state)
{
    (void)state;
    const char *sets[] = {"pools.isolation=[]"};
    const char b_rows[] = "v1,B,SB,web,prod,2,16,32,10,,,RHEL 9,internal,,,\n";
    sl_model *m = load("w1,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                       "w2,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                       "w3,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n",
                       b_rows, sets, 1);
    sl_assessment *a = NULL;
    sl_placement *p = place(m, &a);
    /* one pool for all: 4 halves = 2 hosts + 1 spare */
    assert_int_equal(p->shared.n_pools, 1);
    assert_string_equal(p->shared.pools[0].id, "shared");
    assert_int_equal(p->shared.hosts_total, 3);
    /* alone: A 2 + 1, B 1 + 1 */
    assert_int_equal(p->n_separate, 2);
    assert_int_equal(p->separate[0].hosts_total + p->separate[1].hosts_total, 5);
    assert_true(p->separate[1].agency == sl_model_agency(m, "B"));
    sl_placement_free(p);
    sl_assessment_free(a);
    sl_model_free(m);

    /* isolated by class: A's open and B's internal workloads never share */
    m = load("w1,A,SA,web,prod,2,2,2,10,,,RHEL 9,open,,,\n", b_rows, NULL, 0);
    p = place(m, &a);
    assert_int_equal(p->shared.n_pools, 2);
    assert_true(host_of(m, p, "w1")->pool != host_of(m, p, "v1")->pool);
    assert_true(host_of(m, p, "w1") != host_of(m, p, "v1"));
    sl_placement_free(p);
    sl_assessment_free(a);
    sl_model_free(m);
}

/* Issue 14, the price of isolation, by hand: A has two open and one
 * internal half-host workloads, B one internal. Isolated by agency and
 * class: A/open 1 + 1 spare, A/internal 1 + 1, B/internal 1 + 1 = 6
 * hosts. Without the class rule: A 2 + 1, B 1 + 1 = 5, so the class
 * rule costs 1 host. Without any rule: 4 halves, 2 + 1 = 3, so the
 * agency rule costs 2 more. Two hosts a rack: 3, 3 and 2 racks. */
static void test_place__each_isolation_rule_has_its_price(void **state)
{
    (void)state;
    const char *sets[] = {"pools.isolation=[agency, security_class]"};
    sl_model *m = load("w1,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                       "w2,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                       "w3,A,SA,db,prod,2,16,32,10,,,RHEL 9,internal,,,\n",
                       "v1,B,SB,web,prod,2,16,32,10,,,RHEL 9,internal,,,\n", sets, 1);
    sl_assessment *a = NULL;
    sl_placement *p = place(m, &a);
    assert_int_equal(p->n_isolation_steps, 3);
    const sl_isolation_step *st = p->isolation_steps;
    assert_int_equal(st[0].isolation, SL_ISOLATE_AGENCY | SL_ISOLATE_SECURITY_CLASS);
    assert_int_equal(st[0].hosts, p->shared.hosts_total);
    assert_int_equal(st[0].hosts, 6);
    assert_int_equal(st[1].isolation, SL_ISOLATE_AGENCY);
    assert_int_equal(st[1].dropped, SL_ISOLATE_SECURITY_CLASS);
    assert_int_equal(st[1].hosts, 5);
    assert_int_equal(st[2].isolation, 0);
    assert_int_equal(st[2].dropped, SL_ISOLATE_AGENCY);
    assert_int_equal(st[2].hosts, 3);
    assert_int_equal(st[0].racks, 3);
    assert_int_equal(st[1].racks, 3);
    assert_int_equal(st[2].racks, 2);
    /* a host: 100,000 to buy, 0.4 kW x PUE 1.5 at the facility */
    assert_true(st[0].cost_hardware - st[1].cost_hardware == 100000);
    assert_true(st[1].cost_hardware - st[2].cost_hardware == 200000);
    assert_true(fabs(st[1].facility_kw - st[2].facility_kw - 1.2) < 1e-9);
    /* the policy's own platform is step 0, whatever the policy */
    sl_placement_free(p);
    sl_assessment_free(a);
    sl_model_free(m);
    const char *none[] = {"pools.isolation=[]"};
    m = load("w1,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n", "", none, 1);
    p = place(m, &a);
    assert_int_equal(p->n_isolation_steps, 1);
    assert_int_equal(p->isolation_steps[0].hosts, p->shared.hosts_total);
    sl_placement_free(p);
    sl_assessment_free(a);
    sl_model_free(m);
}

static void test_place__host_model_by_cost_and_not_ready_stays_out(void **state)
{
    (void)state;
    /* BIG takes four times as much for 1.5 times the price: cheaper here */
    const char *sets[] = {"host_models=[{id: H, cores: 8, threads_per_core: 2, ram_gb: 64, "
                          "price: 100000}, {id: BIG, cores: 32, threads_per_core: 2, ram_gb: 256, "
                          "price: 150000}]"};
    static const char eight[] = "e1,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                                "e2,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                                "e3,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                                "e4,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                                "e5,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                                "e6,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                                "e7,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n"
                                "e8,A,SA,web,prod,2,16,32,10,,,RHEL 9,open,,,\n";
    sl_model *m = load(eight, "huge,B,SB,web,prod,2,1024,64,10,,,RHEL 9,open,,,\n", sets, 1);
    sl_assessment *a = NULL;
    sl_placement *p = place(m, &a);
    /* H: 4 hosts + a spare; BIG: 1 + a spare, at 1.5 times the price */
    const sl_pool *open = pool_named(&p->shared, "open");
    assert_int_equal(open->host_model, 1);
    assert_int_equal(open->hosts_used, 1);
    /* huge wants 1024 vCPU: not ready, not placed */
    assert_int_equal(p->n_unplaced, 1);
    assert_true(p->shared.workload_host[sl_model_workload(m, "huge")] == SL_NONE);
    sl_placement_free(p);
    sl_assessment_free(a);
    sl_model_free(m);
}

static void test_place__same_input_same_placement(void **state)
{
    (void)state;
    char rows[16384];
    size_t len = 0;
    uint64_t x = 7;
    for (int i = 0; i < 150; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        int v = 1 + (int)((x >> 33) % 8), r = 2 + (int)((x >> 40) % 30);
        len += (size_t)snprintf(rows + len, sizeof rows - len,
                                "x%03d,%s,%s,app,prod,2,%d,%d,10,,,RHEL 9,%s,,%s,\n", i,
                                i % 3 ? "A" : "B", i % 3 ? "SA" : "SB", v, r,
                                i % 4 ? "open" : "internal", i % 5 == 0 ? "grp" : "");
    }
    sl_model *m = load(rows, "", NULL, 0);
    sl_assessment *a1 = NULL, *a2 = NULL;
    sl_placement *p1 = place(m, &a1), *p2 = place(m, &a2);
    assert_int_equal(p1->shared.n_hosts, p2->shared.n_hosts);
    assert_memory_equal(p1->shared.workload_host, p2->shared.workload_host,
                        m->n_workloads * sizeof(uint32_t));
    for (size_t h = 0; h < p1->shared.n_hosts; h++) {
        assert_string_equal(p1->shared.hosts[h].id, p2->shared.hosts[h].id);
        assert_int_equal(p1->shared.hosts[h].rack, p2->shared.hosts[h].rack);
    }
    /* the "grp" members (30 of them) sit on distinct hosts of their pools */
    for (size_t i = 0; i < m->n_workloads; i++)
        for (size_t j = i + 1; j < m->n_workloads; j++)
            if (m->workloads[i].ha_group && m->workloads[j].ha_group)
                assert_true(p1->shared.workload_host[i] != p1->shared.workload_host[j]);
    sl_placement_free(p1);
    sl_placement_free(p2);
    sl_assessment_free(a1);
    sl_assessment_free(a2);
    sl_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_place__known_answer_by_hand),
        cmocka_unit_test(test_place__anti_affinity_on_racks_when_asked),
        cmocka_unit_test(test_place__isolation_keeps_pools_apart_and_sharing_saves),
        cmocka_unit_test(test_place__each_isolation_rule_has_its_price),
        cmocka_unit_test(test_place__host_model_by_cost_and_not_ready_stays_out),
        cmocka_unit_test(test_place__same_input_same_placement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
