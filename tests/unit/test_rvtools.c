/* SPDX-License-Identifier: MIT */
/* RVTools vInfo exports: both header styles, separators, decimal commas,
 * MiB to GiB, templates, powered-off VMs, duplicate names. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static int read_rv(sl_inventory **inv, const char *data, char **messages)
{
    sl_diag *d = sl_diag_new();
    int rc = sl_rvtools_read(inv, "vinfo.csv", data, strlen(data), "SKV", "SKV-SOLNA", d);
    *messages = th_diag_text(d);
    sl_diag_free(d);
    return rc;
}

/* The vInfo tab of the XLSX export saved as CSV by English Excel. */
static const char xlsx_csv[] =
    "VM,Powerstate,Template,CPUs,Memory,Provisioned MiB,In Use MiB,"
    "OS according to the configuration file,Datacenter,Cluster,Host,VM ID,VM UUID,"
    "VI SDK Server,Annotation\n"
    "web01,poweredOn,False,2,3072,10240,4096.5,Red Hat Enterprise Linux 9 (64-bit),DC1,CL1,"
    "esx01,vm-101,4210-aa,vc1.local,\"front end\nowner: web team\"\n"
    "db01,poweredOff,False,8,65536,512000,1000,Microsoft Windows Server 2019 (64-bit),DC1,CL1,"
    "esx02,vm-102,4210-bb,vc1.local,\n"
    "tmpl-rhel9,poweredOff,True,2,4096,61440,0,Red Hat Enterprise Linux 9 (64-bit),DC1,CL1,"
    "esx01,vm-103,,vc1.local,golden image\n"
    "app01,poweredOn,False,4,1536,1536,1,CentOS 7 (64-bit),DC1,CL1,esx03,vm-104,4210-cc,"
    "vc1.local,\n";

static void test_rvtools__converts_mib_to_gib_exactly(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv, xlsx_csv, &msg), 0);
    assert_int_equal(inv->n_rows, 3);
    /* 3072 MiB is 3 GiB; 10240 MiB is 10 GiB; 1536 MiB is 1.5 GiB */
    assert_true(inv->rows[0].ram_gb == 3.0);
    assert_true(inv->rows[0].storage_gb == 10.0);
    assert_true(inv->rows[1].ram_gb == 64.0);
    assert_true(inv->rows[1].storage_gb == 500.0);
    assert_true(inv->rows[2].ram_gb == 1.5);
    assert_true(inv->rows[2].storage_gb == 1.5);
    assert_true(inv->rows[0].vcpu == 2 && inv->rows[1].vcpu == 8 && inv->rows[2].vcpu == 4);
    sl_inventory_free(inv);
    free(msg);
}

static void test_rvtools__skips_templates_and_flags_powered_off_vms(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv, xlsx_csv, &msg), 0);
    assert_int_equal(inv->n_templates_skipped, 1);
    assert_int_equal(inv->n_powered_off, 1);
    assert_string_equal(inv->rows[1].id, "db01");
    assert_true(inv->rows[1].is_powered_off);
    assert_false(inv->rows[0].is_powered_off);
    assert_false(inv->rows[2].is_powered_off);
    sl_inventory_free(inv);
    free(msg);
}

static void test_rvtools__rows_take_agency_site_os_and_line(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv, xlsx_csv, &msg), 0);
    const sl_inventory_row *r = &inv->rows[1];
    assert_string_equal(r->agency, "SKV");
    assert_string_equal(r->site, "SKV-SOLNA");
    assert_string_equal(r->os, "Microsoft Windows Server 2019 (64-bit)");
    assert_string_equal(r->app, "");
    /* web01's annotation holds a newline: db01 starts on line 4 */
    assert_int_equal(inv->rows[0].line, 2);
    assert_int_equal(r->line, 4);
    assert_int_equal(inv->rows[2].line, 6);
    assert_true(r->cpu_p95 < 0 && r->ram_p95 < 0);
    sl_inventory_free(inv);
    free(msg);
}

/* RVTools' own CSV export, from a Swedish Windows: BOM, ';', CRLF,
 * decimal commas and spaces between thousands. */
static const char export_csv[] =
    "\xef\xbb\xbf"
    "vInfoVMName;vInfoPowerstate;vInfoTemplate;vInfoCPUs;vInfoMemory;vInfoProvisioned;"
    "vInfoInUse;vInfoOS;vInfoDataCenter;vInfoCluster;vInfoHost;vInfoUUID;vInfoVISDKServer\r\n"
    "sol-db01;poweredOn;False;16;131 072;1 024 000,5;2 048,25;Red Hat Enterprise Linux 8 (64-bit);"
    "DC;CL;esx1;4210-01;vc-solna.local\r\n"
    "sol-web01;poweredOn;False;2;4\xc2\xa0"
    "096;51\xe2\x80\xaf"
    "200;1,5;;DC;CL;esx1;4210-02;"
    "vc-solna.local\r\n";

static void test_rvtools__reads_the_csv_export_with_swedish_numbers(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv, export_csv, &msg), 0);
    assert_int_equal(inv->n_rows, 2);
    const sl_inventory_row *r = &inv->rows[0];
    assert_string_equal(r->id, "sol-db01");
    assert_true(r->vcpu == 16);
    assert_true(r->ram_gb == 128.0);                  /* 131072 MiB */
    assert_true(r->storage_gb == 1024000.5 / 1024.0); /* 1000.00048828125 */
    assert_true(r->storage_gb == 1000.00048828125);
    assert_string_equal(r->os, "Red Hat Enterprise Linux 8 (64-bit)");
    /* a no-break space and a narrow no-break space group thousands too */
    assert_true(inv->rows[1].ram_gb == 4.0);
    assert_true(inv->rows[1].storage_gb == 50.0);
    assert_int_equal(inv->rows[1].line, 3);
    sl_inventory_free(inv);
    free(msg);
}

/* German Excel's export: ';' separated, '.' grouping thousands. 8.192
 * MiB is no VM: the memory is 8192 MiB, 8 GiB, never 8 MiB. */
static void test_rvtools__a_dot_grouping_thousands_is_not_a_decimal_point(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv,
                             "VM;CPUs;Memory;Provisioned MiB\n"
                             "a;2;8.192;40.960,5\n"
                             "b;4;16384;1.048.576\n",
                             &msg),
                     0);
    assert_true(inv->rows[0].ram_gb == 8.0);
    assert_true(inv->rows[0].storage_gb == 40960.5 / 1024.0);
    assert_true(inv->rows[1].ram_gb == 16.0);
    assert_true(inv->rows[1].storage_gb == 1024.0);
    sl_inventory_free(inv);
    free(msg);
}

static void test_rvtools__accepts_the_older_mb_headers(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv,
                             "VM,CPUs,Memory,Provisioned MB,In Use MB,"
                             "OS according to the VMware Tools\n"
                             "a,1,2048,2048,10,Ubuntu Linux (64-bit)\n",
                             &msg),
                     0);
    assert_true(inv->rows[0].ram_gb == 2.0);
    assert_true(inv->rows[0].storage_gb == 2.0);
    /* the VMware Tools OS is used when the configuration file's is absent */
    assert_string_equal(inv->rows[0].os, "Ubuntu Linux (64-bit)");
    sl_inventory_free(inv);
    free(msg);
}

static void test_rvtools__same_name_in_two_vcenters_stays_two_workloads(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv,
                             "VM,CPUs,Memory,VI SDK Server\n"
                             "dc01,2,4096,vc-solna\n"
                             "dc01,4,8192,vc-hosting\n"
                             "web,1,1024,vc-solna\n"
                             "dc01,1,1024,vc-solna\n"
                             "x,1,1024,\n"
                             "x,1,1024,\n",
                             &msg),
                     0);
    assert_int_equal(inv->n_rows, 6);
    assert_string_equal(inv->rows[0].id, "dc01@vc-solna");
    assert_string_equal(inv->rows[1].id, "dc01@vc-hosting");
    assert_string_equal(inv->rows[2].id, "web");
    assert_string_equal(inv->rows[3].id, "dc01@vc-solna#2");
    assert_string_equal(inv->rows[4].id, "x@unknown-vcenter");
    assert_string_equal(inv->rows[5].id, "x@unknown-vcenter#2");
    assert_int_equal(inv->n_renamed, 5);
    /* the sizes stay with their VM */
    assert_true(inv->rows[1].ram_gb == 8.0);
    sl_inventory_free(inv);
    free(msg);
}

static void test_rvtools__names_the_missing_columns(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv, "Powerstate;CPUs;Host\npoweredOn;2;esx1\n", &msg), SL_EINPUT);
    assert_null(inv);
    assert_string_equal(msg, "vinfo.csv:1: missing required columns: VM, Memory\n");
    free(msg);
}

static void test_rvtools__bad_cells_are_located(void **state)
{
    (void)state;
    sl_inventory *inv;
    char *msg;
    assert_int_equal(read_rv(&inv,
                             "VM,CPUs,Memory,Provisioned MiB\n"
                             "a,0,1024,0\n"
                             ",2,2,x\n"
                             "c,2,,-5\n",
                             &msg),
                     SL_EINPUT);
    assert_null(inv);
    assert_true(th_contains(msg, "vinfo.csv:2: column CPUs: 0 is outside 1..4096\n"));
    assert_true(th_contains(msg, "vinfo.csv:3: column VM: the VM has no name\n"));
    assert_true(th_contains(msg, "vinfo.csv:3: column Memory: 2 is outside 4..67108864\n"));
    assert_true(th_contains(msg, "vinfo.csv:3: column Provisioned MiB: not a number: 'x'\n"));
    assert_true(th_contains(msg, "vinfo.csv:4: column Memory: a value is required\n"));
    assert_true(th_contains(msg, "vinfo.csv:4: column Provisioned MiB: -5 is outside 0..1000000000000\n"));
    free(msg);
}

static void test_rvtools__numbers_ignore_a_swedish_locale(void **state)
{
    (void)state;
    if (!th_swedish_numbers())
        skip();
    sl_inventory *inv;
    char *msg;
    int rc = read_rv(&inv, "VM,CPUs,Memory,Provisioned MiB\na,2,1536,1536.5\n", &msg);
    th_c_numbers();
    assert_int_equal(rc, 0);
    assert_true(inv->rows[0].ram_gb == 1.5);
    assert_true(inv->rows[0].storage_gb == 1536.5 / 1024.0);
    sl_inventory_free(inv);
    free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rvtools__converts_mib_to_gib_exactly),
        cmocka_unit_test(test_rvtools__skips_templates_and_flags_powered_off_vms),
        cmocka_unit_test(test_rvtools__rows_take_agency_site_os_and_line),
        cmocka_unit_test(test_rvtools__reads_the_csv_export_with_swedish_numbers),
        cmocka_unit_test(test_rvtools__a_dot_grouping_thousands_is_not_a_decimal_point),
        cmocka_unit_test(test_rvtools__accepts_the_older_mb_headers),
        cmocka_unit_test(test_rvtools__same_name_in_two_vcenters_stays_two_workloads),
        cmocka_unit_test(test_rvtools__names_the_missing_columns),
        cmocka_unit_test(test_rvtools__bad_cells_are_located),
        cmocka_unit_test(test_rvtools__numbers_ignore_a_swedish_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
