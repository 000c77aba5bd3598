/* SPDX-License-Identifier: MIT */
/* The .vbp reader: VPSolver's format, located errors, item expansion. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static int read_text(sl_vbp **v, char **messages, const char *text)
{
    sl_diag *d = sl_diag_new();
    int rc = sl_vbp_read(v, "t.vbp", text, strlen(text), d);
    *messages = th_diag_text(d);
    sl_diag_free(d);
    return rc;
}

static void test_vbp__reads_types_and_expands_them_into_items(void **state)
{
    (void)state;
    sl_vbp *v = NULL;
    char *msg = NULL;
    assert_int_equal(read_text(&v, &msg, "2\n10 20\n3\n5 5 2\n1 20 1\r\n\n3 0 0\n"), 0);
    free(msg);
    assert_int_equal(v->n_dims, 2);
    assert_true(v->capacity[0] == 10 && v->capacity[1] == 20);
    assert_int_equal(v->n_types, 3);
    assert_int_equal(v->n_items, 3);
    sl_pack_problem p;
    assert_int_equal(sl_vbp_problem(&p, v), 0);
    assert_int_equal(p.n_items, 3);
    assert_true(p.sizes[0] == 5 && p.sizes[2] == 5 && p.sizes[4] == 1 && p.sizes[5] == 20);
    sl_vbp_free(v);
}

/* SL_VBP_MAX_ITEMS copies in all are read; one more is refused where the
 * demands pass it. */
static void test_vbp__reads_items_up_to_the_limit_and_not_past_it(void **state)
{
    (void)state;
    sl_vbp *v = NULL;
    char *msg = NULL;
    assert_int_equal(read_text(&v, &msg, "1\n10\n2\n1 9999999\n2 1\n"), 0);
    assert_int_equal(v->n_items, SL_VBP_MAX_ITEMS);
    free(msg);
    sl_vbp_free(v);
    assert_int_equal(read_text(&v, &msg, "1\n10\n3\n1 9999999\n2 1\n3 1\n"), SL_ELIMIT);
    assert_null(v);
    assert_string_equal(msg, "t.vbp:6:3: item type 3: the demands add up to more than 10000000 "
                             "items, the limit\n");
    free(msg);
    assert_int_equal(read_text(&v, &msg, "1\n10\n1\n1 10000001\n"), SL_EINPUT);
    assert_string_equal(msg, "t.vbp:4:3: the demand must be from 0 to 10000000\n");
    free(msg);
}

static void test_vbp__reports_bad_rows_with_line_and_column(void **state)
{
    (void)state;
    struct {
        const char *text, *want;
    } cases[] = {
        {"2\n10 0\n1\n1 1 1\n", "t.vbp:2:4: capacity 2 is 0; a bin needs a capacity"},
        {"1\n10\n2\n5 1\n11 1\n", "t.vbp:5:1: item type 2 is larger than a bin: size 11 in "
                                 "dimension 1, capacity 10"},
        {"1\n10\n3\n5 1\n4 1\n", "t.vbp:6: the file ends after 2 of the 3 item types "
                                "announced on line 3"},
        {"1\n10\n1\n5 1\n4 1\n", "t.vbp:5:1: more item types than the 1 announced on line 3"},
        {"2\n10 10\n1\n5 1\n", "t.vbp:4:1: item type 1: expected 2 sizes and a demand (3 "
                              "numbers), found 2"},
        {"2\n10 10\n1\n5 1 1 7\n", "t.vbp:4:7: item type 1: expected 2 sizes and a demand "
                                  "(3 numbers), found 4"},
        {"1\n10\n1\n5 x\n", "t.vbp:4:3: the demand: 'x' is not a whole number"},
        {"0\n", "t.vbp:1:1: the number of dimensions must be from 1 to 64"},
        {"1\n10\n1 5 1\n", "t.vbp:3:3: unexpected '5' after the number of item types"},
        {"1\n", "t.vbp:2:1: the file ends after 0 of 1 capacities"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sl_vbp *v = NULL;
        char *msg = NULL;
        assert_int_equal(read_text(&v, &msg, cases[i].text), SL_EINPUT);
        assert_null(v);
        assert_true(th_contains(msg, cases[i].want));
        free(msg);
    }
}

static void test_vbp__keeps_going_to_report_every_bad_row(void **state)
{
    (void)state;
    sl_vbp *v = NULL;
    char *msg = NULL;
    assert_int_equal(read_text(&v, &msg, "1\n10\n3\n11 1\n5 1\n12 1\n"), SL_EINPUT);
    assert_true(th_contains(msg, "t.vbp:4:1:"));
    assert_true(th_contains(msg, "t.vbp:6:1:"));
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vbp__reads_types_and_expands_them_into_items),
        cmocka_unit_test(test_vbp__reads_items_up_to_the_limit_and_not_past_it),
        cmocka_unit_test(test_vbp__reports_bad_rows_with_line_and_column),
        cmocka_unit_test(test_vbp__keeps_going_to_report_every_bad_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
