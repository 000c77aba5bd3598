/* SPDX-License-Identifier: MIT */
/* The .xlsx reader's pieces that the workbook tests (tests/xlsx) cannot
 * reach one at a time: Excel serial dates, and the mapping rules' glob
 * matcher with its captures. Known answers computed by hand. */
#include "helpers.h"
#include "model/model.h"
#include "read/xlsx.h"

#include <stdlib.h>
#include <string.h>

static void serial(double v, bool is_1904, const char *want)
{
    char buf[40];
    bool ok = sl_xlsx_format_serial(buf, sizeof buf, v, is_1904);
    if (!want) {
        assert_false(ok);
        return;
    }
    assert_true(ok);
    assert_string_equal(buf, want);
}

static void test_xlsx__serials_are_excel_dates(void **state)
{
    (void)state;
    serial(1, false, "1900-01-01");
    serial(59, false, "1900-02-28");
    /* 60 is Lotus 1-2-3's 29 February 1900; 61 is 1 March */
    serial(61, false, "1900-03-01");
    /* 2023-01-01 is 44927; 73 days on is 15 March */
    serial(45000, false, "2023-03-15");
    serial(45000.5, false, "2023-03-15T12:00:00");
    serial(45000.75 + 1.0 / 86400, false, "2023-03-15T18:00:01");
    serial(2958465, false, "9999-12-31");
    serial(2958466, false, NULL);
    serial(0.5, false, NULL);
    /* the 1904 system counts from 1 January 1904 */
    serial(1, true, "1904-01-02");
    serial(45000 - 1462, true, "2023-03-15");
}

static bool match(const char *pattern, const char *text, size_t *caps, size_t *n)
{
    *n = 0;
    return sl_glob_match(pattern, text, strlen(text), caps, n, 9);
}

static void test_xlsx__globs_match_ignoring_case_and_capture_stars(void **state)
{
    (void)state;
    size_t caps[18], n;
    assert_true(match("CL-PROD*", "cl-prod-02", caps, &n));
    assert_int_equal(n, 1);
    assert_int_equal(caps[0], 7);
    assert_int_equal(caps[1], 3); /* "-02" */
    assert_false(match("CL-PROD*", "CL-TEST", caps, &n));
    /* each star as short as it can be, left to right */
    assert_true(match("sol-*-*", "sol-deklaration-web-01", caps, &n));
    assert_int_equal(n, 2);
    assert_int_equal(caps[0], 4);
    assert_int_equal(caps[1], 11); /* deklaration */
    assert_int_equal(caps[2], 16);
    assert_int_equal(caps[3], 6); /* web-01 */
    assert_true(match("*db?", "ERP-DB1", caps, &n));
    assert_false(match("*db?", "erp-db", caps, &n));
    assert_true(match("*", "", caps, &n));
    assert_false(match("a*b", "a", caps, &n));
    /* ? is one character, not one byte */
    assert_true(match("k?ke", "k\xc3\xb6ke", caps, &n));
    assert_int_equal(sl_glob_stars("a*b*"), 2);
    assert_int_equal(sl_template_max_ref("$2-$1 $$9"), 2);
}

static void test_xlsx__rules_fill_only_what_is_empty(void **state)
{
    (void)state;
    sl_map_rule rules[2];
    memset(rules, 0, sizeof rules);
    rules[0].when[SL_MATCH_CLUSTER] = "CL-PROD*";
    rules[0].env = "prod";
    rules[0].tier = 1;
    rules[1].when[SL_MATCH_NAME] = "sol-*-*";
    rules[1].app = "$1";
    rules[1].env = "test";
    rules[1].owner = "team $2";
    const char *values[SL_N_MATCH] = {"sol-deklaration-web01", "CL-PROD-1", "", ""};
    sl_arena *a = sl_arena_new();
    const char *env = "", *app = "", *owner = "";
    int tier = 0;
    assert_int_equal(sl_rules_apply(rules, 2, values, a, &env, &app, &owner, &tier), 0);
    assert_string_equal(env, "prod"); /* the first rule that sets it */
    assert_int_equal(tier, 1);
    assert_string_equal(app, "deklaration");
    assert_string_equal(owner, "team web01");
    /* a value the inventory gives stays */
    env = "acc";
    app = "";
    owner = "";
    tier = 2;
    assert_int_equal(sl_rules_apply(rules, 2, values, a, &env, &app, &owner, &tier), 0);
    assert_string_equal(env, "acc");
    assert_int_equal(tier, 2);
    sl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx__serials_are_excel_dates),
        cmocka_unit_test(test_xlsx__globs_match_ignoring_case_and_capture_stars),
        cmocka_unit_test(test_xlsx__rules_fill_only_what_is_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
