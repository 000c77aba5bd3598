/* SPDX-License-Identifier: MIT */
/* The assess stage: readiness with reasons, right-sizing, host capacity. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static const char scenario[] =
    "samlok: 1\n"
    "name: assess test\n"
    "start: 2026-09-01\n"
    "deadline: 2027-12-31\n"
    "security_classes: [open, internal, classified, secret]\n"
    "unsupported_os: [\"Windows Server 2008\", \"CentOS 6\"]\n"
    "legal_tags:\n"
    "  - {id: tax, content_access: false}\n"
    "  - {id: tax_content, content_access: true}\n"
    "  - {id: health_content, content_access: true}\n"
    "agencies:\n"
    "  - {id: HOST, role: host}\n"
    "  - id: A\n"
    "    role: joining\n"
    "    inventory: inv.csv\n"
    "sites:\n"
    "  - {id: T, owner: HOST, role: target, security_classes: [open, internal]}\n"
    "  - {id: S, owner: A, role: source}\n"
    "host_models:\n"
    "  - {id: SMALL, cores: 16, threads_per_core: 2, ram_gb: 256}\n"
    "  - {id: BIG, cores: 32, threads_per_core: 2, ram_gb: 1024}\n"
    "pools:\n"
    "  cpu_overcommit: 2\n"
    "  ram_overcommit: 1\n"
    "  max_utilisation: 0.5\n"
    "  sizing: performance\n"
    "  comfort_factor: 1.25\n"
    "  min_vcpu: 2\n"
    "  min_ram_gb: 4\n"
    "gates:\n"
    "  - id: SEC\n"
    "    kind: security\n"
    "    lead_time_months: 6\n"
    "    applies_to: {security_classes: [classified]}\n"
    "  - id: LAW\n"
    "    kind: legal\n"
    "    lead_time_months: 12\n"
    "    applies_to: {legal_tags: [tax_content]}\n";

/* BIG under this policy: 64 threads x 2 x 0.5 = 64 vCPU, 512 GB. */
static const char inventory[] =
    "id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,security_class,"
    "legal_tags,ha_group,method\n"
    "ok1,A,S,app,prod,2,8,32,100,40,50,RHEL 9,open,tax,,\n"
    "old,A,S,app,prod,2,4,8,100,10,20,Windows Server 2008 R2,internal,,,\n"
    "huge,A,S,app,prod,2,128,256,100,,,RHEL 9,open,,,\n"
    "cls,A,S,app,prod,2,2,4,100,50,50,RHEL 9,classified,,,\n"
    "sec,A,S,app,prod,2,2,4,100,50,50,RHEL 9,secret,,,\n"
    "law,A,S,app,prod,2,2,4,100,50,50,RHEL 9,open,tax_content,,\n"
    "health,A,S,app,prod,2,2,4,100,50,50,RHEL 9,open,health_content,,\n"
    "noos,A,S,app,prod,2,2,4,100,50,50,,open,,,\n"
    "nop95,A,S,app,prod,2,6,24,100,,,RHEL 9,open,,,\n"
    "tiny,A,S,app,prod,2,16,64,100,1,1,RHEL 9,open,,,\n";

static sl_model *load(const char *const *sets, size_t n_sets)
{
    sl_model *m = NULL;
    char *msg = NULL;
    int rc = th_load(&m, &msg, n_sets, sets, 2, "s.yaml", scenario, "inv.csv", inventory);
    if (rc)
        fprintf(stderr, "%s\n", msg);
    free(msg);
    assert_int_equal(rc, 0);
    return m;
}

static const sl_workload_assessment *of(const sl_model *m, const sl_assessment *a, const char *id)
{
    sl_index i = sl_model_workload(m, id);
    assert_true(i != SL_NONE);
    return &a->workloads[i];
}

static bool has_reason(const sl_workload_assessment *wa, sl_reason_code code)
{
    for (size_t i = 0; i < wa->n_reasons; i++)
        if (wa->reasons[i].code == code)
            return true;
    return false;
}

static void test_assess__readiness_follows_the_documented_rules(void **state)
{
    (void)state;
    sl_model *m = load(NULL, 0);
    sl_assessment *a = NULL;
    assert_int_equal(sl_assess_run(&a, m, NULL), 0);
    const sl_workload_assessment *wa = of(m, a, "ok1");
    assert_int_equal(wa->readiness, SL_READY);
    assert_int_equal(wa->n_reasons, 0);

    wa = of(m, a, "old");
    assert_int_equal(wa->readiness, SL_CONDITIONAL);
    assert_true(has_reason(wa, SL_REASON_OS_UNSUPPORTED));
    assert_true(th_contains(wa->reasons[0].text, "Windows Server 2008 R2"));

    wa = of(m, a, "huge");
    assert_int_equal(wa->readiness, SL_NOT_READY);
    assert_true(has_reason(wa, SL_REASON_TOO_LARGE));

    wa = of(m, a, "cls");
    assert_int_equal(wa->readiness, SL_CONDITIONAL);
    assert_true(has_reason(wa, SL_REASON_CLASS_GATED));
    assert_int_equal(wa->reasons[0].gate, sl_model_gate(m, "SEC"));

    wa = of(m, a, "sec");
    assert_int_equal(wa->readiness, SL_NOT_READY);
    assert_true(has_reason(wa, SL_REASON_CLASS_NOT_ALLOWED));

    wa = of(m, a, "law");
    assert_int_equal(wa->readiness, SL_CONDITIONAL);
    assert_true(has_reason(wa, SL_REASON_CONTENT_ACCESS_GATED));

    wa = of(m, a, "health");
    assert_int_equal(wa->readiness, SL_NOT_READY);
    assert_true(has_reason(wa, SL_REASON_CONTENT_ACCESS_NO_BASIS));

    wa = of(m, a, "noos");
    assert_int_equal(wa->readiness, SL_UNKNOWN);
    assert_true(has_reason(wa, SL_REASON_OS_MISSING));

    wa = of(m, a, "nop95");
    assert_int_equal(wa->readiness, SL_READY);
    assert_true(wa->is_low_confidence);
    assert_true(has_reason(wa, SL_REASON_NO_UTILISATION));

    assert_int_equal(a->count[SL_READY], 3);
    assert_int_equal(a->count[SL_CONDITIONAL], 3);
    assert_int_equal(a->count[SL_UNKNOWN], 1);
    assert_int_equal(a->count[SL_NOT_READY], 3);
    assert_int_equal(a->n_low_confidence, 2); /* huge and nop95 */
    assert_string_equal(sl_reason_name(SL_REASON_OS_UNSUPPORTED), "os_unsupported");
    assert_string_equal(sl_readiness_name(SL_NOT_READY), "not_ready");
    sl_assessment_free(a);
    sl_model_free(m);
}

static void test_assess__performance_sizing_rounds_up_within_floor_and_allocation(void **state)
{
    (void)state;
    sl_model *m = load(NULL, 0);
    sl_assessment *a = NULL;
    assert_int_equal(sl_assess_run(&a, m, NULL), 0);
    /* 8 vCPU x 40 % x 1.25 = 4; 32 GB x 50 % x 1.25 = 20 -> 24 */
    const sl_workload_assessment *wa = of(m, a, "ok1");
    assert_true(wa->vcpu == 4 && wa->ram_gb == 24);
    assert_true(wa->busy_threads == 8 * 0.4);
    /* 4 x 10 % x 1.25 = 0.5 -> floor 2; 8 x 20 % x 1.25 = 2 -> floor 4 */
    wa = of(m, a, "old");
    assert_true(wa->vcpu == 2 && wa->ram_gb == 4);
    /* no p95: as allocated */
    wa = of(m, a, "nop95");
    assert_true(wa->vcpu == 6 && wa->ram_gb == 24);
    /* 16 x 1 % x 1.25 = 0.2 -> floor 2 */
    wa = of(m, a, "tiny");
    assert_true(wa->vcpu == 2 && wa->ram_gb == 4);
    assert_true(a->vcpu_sized < a->vcpu_allocated);
    /* host capacity: 16 cores x 2 threads x 2 x 0.5 */
    assert_true(a->host_capacity[0].vcpu == 32 && a->host_capacity[0].ram_gb == 128);
    assert_true(a->host_capacity[1].busy_threads == 32);
    sl_assessment_free(a);
    sl_model_free(m);
}

static void test_assess__as_is_keeps_the_allocation(void **state)
{
    (void)state;
    const char *sets[] = {"pools.sizing=as_is"};
    sl_model *m = load(sets, 1);
    sl_assessment *a = NULL;
    assert_int_equal(sl_assess_run(&a, m, NULL), 0);
    const sl_workload_assessment *wa = of(m, a, "ok1");
    assert_true(wa->vcpu == 8 && wa->ram_gb == 32);
    assert_false(of(m, a, "nop95")->is_low_confidence);
    assert_int_equal(a->n_low_confidence, 0);
    assert_true(a->vcpu_sized == a->vcpu_allocated);
    sl_assessment_free(a);
    sl_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assess__readiness_follows_the_documented_rules),
        cmocka_unit_test(test_assess__performance_sizing_rounds_up_within_floor_and_allocation),
        cmocka_unit_test(test_assess__as_is_keeps_the_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
