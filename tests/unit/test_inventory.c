/* SPDX-License-Identifier: MIT */
/* samlok's inventory CSV: columns, numbers, located errors, writing back. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER                                                                                     \
    "id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,security_class,"        \
    "legal_tags,ha_group,method,powered_off\n"

static int read_inv(sl_inventory **inv, const char *data, char **messages)
{
    sl_diag *d = sl_diag_new();
    int rc = sl_inventory_read(inv, "inv.csv", data, strlen(data), d);
    *messages = th_diag_text(d);
    sl_diag_free(d);
    return rc;
}

static void test_inventory__reads_every_column(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_inv(&inv,
                              HEADER "web1,A,S,shop,prod,2,2,4,60,20.5,50,RHEL 9,open,osl27;gdpr,"
                                     "web,rehost,false\n"
                                     "db1, A , S ,,,,8,64,,,,,,,,,yes\n",
                              &msg),
                     0);
    assert_int_equal(inv->n_rows, 2);
    const sl_inventory_row *r = &inv->rows[0];
    assert_string_equal(r->id, "web1");
    assert_string_equal(r->agency, "A");
    assert_string_equal(r->site, "S");
    assert_string_equal(r->app, "shop");
    assert_string_equal(r->env, "prod");
    assert_int_equal(r->tier, 2);
    assert_true(r->vcpu == 2 && r->ram_gb == 4 && r->storage_gb == 60);
    assert_true(r->cpu_p95 == 20.5 && r->ram_p95 == 50);
    assert_string_equal(r->os, "RHEL 9");
    assert_string_equal(r->security_class, "open");
    assert_string_equal(r->legal_tags, "osl27;gdpr");
    assert_string_equal(r->ha_group, "web");
    assert_string_equal(r->method, "rehost");
    assert_false(r->is_powered_off);
    assert_int_equal(r->line, 2);
    /* the second row: cells trimmed, optional numbers left unknown */
    r = &inv->rows[1];
    assert_string_equal(r->agency, "A");
    assert_string_equal(r->site, "S");
    assert_int_equal(r->tier, 0);
    assert_true(r->storage_gb == 0);
    assert_true(r->cpu_p95 < 0 && r->ram_p95 < 0);
    assert_true(r->is_powered_off);
    assert_int_equal(inv->n_powered_off, 1);
    assert_int_equal(r->line, 3);
    sl_inventory_free(inv);
    free(msg);
}

static void test_inventory__needs_only_five_columns_in_any_order(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(
        read_inv(&inv, "RAM_GB,vcpu,Site,agency,id,comment\n0.5,1,S,A,x,ignored\n", &msg), 0);
    assert_int_equal(inv->n_rows, 1);
    assert_string_equal(inv->rows[0].id, "x");
    assert_true(inv->rows[0].ram_gb == 0.5);
    sl_inventory_free(inv);
    free(msg);
}

static void test_inventory__names_the_missing_columns(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_inv(&inv, "id,agency,vcpu\nx,A,1\n", &msg), SL_EINPUT);
    assert_null(inv);
    assert_string_equal(msg, "inv.csv:1: missing required columns: site, ram_gb\n");
    free(msg);
}

static void test_inventory__reports_every_bad_cell_with_line_and_column(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_inv(&inv,
                              HEADER "a,A,S,,,5,0,4,,,,,,,,,\n"
                                     "b,A,S,,,1,2,nan,-1,101,,,,,,,maybe\n"
                                     ",A,S,,,2.5,1e999,4,,,,,,,,,\n",
                              &msg),
                     SL_EINPUT);
    assert_null(inv);
    assert_true(th_contains(msg, "inv.csv:2: column vcpu: 0 is outside 0.01..4096\n"));
    assert_true(th_contains(msg, "inv.csv:2: column tier: 5 is outside 1..4\n"));
    assert_true(th_contains(msg, "inv.csv:3: column ram_gb: number must be finite: 'nan'\n"));
    assert_true(th_contains(msg, "inv.csv:3: column storage_gb: -1 is outside 0..1000000000\n"));
    assert_true(th_contains(msg, "inv.csv:3: column cpu_p95: 101 is outside 0..100\n"));
    assert_true(th_contains(msg, "inv.csv:3: column powered_off: must be true or false\n"));
    assert_true(th_contains(msg, "inv.csv:4: column id: a value is required\n"));
    assert_true(th_contains(msg, "inv.csv:4: column vcpu: number out of range: '1e999'\n"));
    assert_true(th_contains(msg, "inv.csv:4: column tier: must be 1, 2, 3 or 4\n"));
    free(msg);
}

static void test_inventory__rows_after_a_quoted_newline_keep_their_line(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_inv(&inv,
                              "id,agency,site,vcpu,ram_gb,os\n"
                              "a,A,S,1,2,\"Windows\nServer\"\n"
                              "b,A,S,1,x,\n",
                              &msg),
                     SL_EINPUT);
    assert_string_equal(msg, "inv.csv:4: column ram_gb: not a number: 'x'\n");
    free(msg);
}

static void test_inventory__semicolon_files_take_decimal_commas(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(
        read_inv(&inv, "id;agency;site;vcpu;ram_gb;storage_gb\r\nx;A;S;1,5;2,25;0\r\n", &msg), 0);
    assert_true(inv->rows[0].vcpu == 1.5);
    assert_true(inv->rows[0].ram_gb == 2.25);
    sl_inventory_free(inv);
    free(msg);
    /* with ',' as the separator a decimal comma is two cells */
    assert_int_equal(read_inv(&inv, "id,agency,site,vcpu,ram_gb\nx,A,S,1.5,2\n", &msg), 0);
    assert_true(inv->rows[0].vcpu == 1.5);
    sl_inventory_free(inv);
    free(msg);
}

static void test_inventory__numbers_ignore_a_swedish_locale(void **state)
{
    (void)state;
    if (!th_swedish_numbers())
        skip();
    sl_inventory *inv;
    char *msg;
    int rc = read_inv(&inv, "id,agency,site,vcpu,ram_gb\nx,A,S,1.5,0.25\n", &msg);
    char *msg2;
    sl_inventory *bad;
    int rc2 = read_inv(&bad, "id,agency,site,vcpu,ram_gb\nx,A,S,0,0.25\n", &msg2);
    th_c_numbers();
    assert_int_equal(rc, 0);
    assert_true(inv->rows[0].vcpu == 1.5);
    assert_true(inv->rows[0].ram_gb == 0.25);
    /* and messages keep their decimal points */
    assert_int_equal(rc2, SL_EINPUT);
    assert_string_equal(msg2, "inv.csv:2: column vcpu: 0 is outside 0.01..4096\n");
    sl_inventory_free(inv);
    free(msg);
    free(msg2);
}

static void test_inventory__writes_what_it_reads(void **state)
{
    (void)state;
    const char *text = HEADER "web1,A,S,shop,prod,2,2,4,60,20.5,50,RHEL 9,open,osl27;gdpr,web,"
                              "rehost,false\n"
                              "\"db,1\",A,S,,,,0.1,1.00048828125,0,,,\"say \"\"x\"\"\",,,,,true\n";
    /* exactly the documented columns come back; the older powered_off
     * column is read and written as power_state */
    const char *want =
        "id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,security_class,"
        "legal_tags,ha_group,method,power_state,owner,cluster,folder,annotation\n"
        "web1,A,S,shop,prod,2,2,4,60,20.5,50,RHEL 9,open,osl27;gdpr,web,rehost,on,,,,\n"
        "\"db,1\",A,S,,,,0.1,1.00048828125,0,,,\"say \"\"x\"\"\",,,,,off,,,,\n";
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_inv(&inv, text, &msg), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(sl_inventory_write_csv(f, inv), 0);
    fclose(f);
    assert_string_equal(buf, want);
    free(buf);
    sl_inventory_free(inv);
    free(msg);
}

static void test_inventory__writes_decimal_points_under_a_swedish_locale(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_inv(&inv, "id,agency,site,vcpu,ram_gb\nx,A,S,0.5,1.5\n", &msg), 0);
    if (!th_swedish_numbers()) {
        sl_inventory_free(inv);
        free(msg);
        skip();
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc = sl_inventory_write_csv(f, inv);
    fclose(f);
    th_c_numbers();
    assert_int_equal(rc, 0);
    assert_non_null(strstr(buf, "\nx,A,S,,,,0.5,1.5,0,,,"));
    free(buf);
    sl_inventory_free(inv);
    free(msg);
}

static void test_inventory__an_empty_file_needs_a_header(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_inv(&inv, "", &msg), SL_EINPUT);
    assert_string_equal(msg, "inv.csv:1: the file is empty: a header line is needed\n");
    free(msg);
    /* a header alone is a valid, empty inventory */
    assert_int_equal(read_inv(&inv, "id,agency,site,vcpu,ram_gb\n", &msg), 0);
    assert_int_equal(inv->n_rows, 0);
    sl_inventory_free(inv);
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inventory__reads_every_column),
        cmocka_unit_test(test_inventory__needs_only_five_columns_in_any_order),
        cmocka_unit_test(test_inventory__names_the_missing_columns),
        cmocka_unit_test(test_inventory__reports_every_bad_cell_with_line_and_column),
        cmocka_unit_test(test_inventory__rows_after_a_quoted_newline_keep_their_line),
        cmocka_unit_test(test_inventory__semicolon_files_take_decimal_commas),
        cmocka_unit_test(test_inventory__numbers_ignore_a_swedish_locale),
        cmocka_unit_test(test_inventory__writes_what_it_reads),
        cmocka_unit_test(test_inventory__writes_decimal_points_under_a_swedish_locale),
        cmocka_unit_test(test_inventory__an_empty_file_needs_a_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
