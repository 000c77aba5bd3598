/* SPDX-License-Identifier: MIT */
/* The reports: tables from the plan document, CSV quoting and formula
 * neutralising, HTML escaping, sections only when present, atomic files. */
#include "helpers.h"

#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Runs a FILE writer into memory; the caller frees the text. */
static char *capture(int (*write)(FILE *, void *), void *user, int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    *rc = write(f, user);
    fclose(f);
    return text;
}

static int write_table(FILE *f, void *user)
{
    return sl_csv_write_table(f, user);
}

static int write_html(FILE *f, void *user)
{
    return sl_html_write(f, user);
}

/* A new folder under $TMPDIR (else /tmp) for a test's files. */
static void temp_folder(char *dir, size_t len, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, len, "%s/samlok-%s-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp", name);
    assert_non_null(mkdtemp(dir));
}

static json_t *doc_of(const char *text)
{
    json_error_t err;
    json_t *doc = json_loads(text, 0, &err);
    if (!doc)
        fail_msg("fixture JSON: %d:%d: %s", err.line, err.column, err.text);
    return doc;
}

/* A plan document with the later sections, as the cost and risk stages
 * will write them, and hostile text in every place a name can go. */
static const char hostile_doc[] =
    "{\"samlok\": 1,"
    " \"scenario\": {\"name\": \"<script>alert(1)</script>\", \"start\": \"2026-09-01\","
    "  \"deadline\": \"2027-12-31\", \"currency\": \"SEK\","
    "  \"agencies\": [{\"id\": \"A&B\", \"name\": \"=cmd\", \"role\": \"joining\"}]},"
    " \"workloads\": [{\"id\": \"=1+1\", \"agency\": \"A&B\", \"tier\": 2, \"vcpu\": 4,"
    "  \"readiness\": \"conditional\", \"reasons\": [{\"code\": \"os_unsupported\","
    "  \"text\": \"<b>old</b>\"}], \"window\": null}],"
    " \"cost\": {\"npv_status_quo\": 100.5, \"npv_colocation\": 90, \"payback_year\": 3,"
    "  \"cash_flows\": [{\"year\": 1, \"status_quo\": 10, \"colocation\": 20},"
    "                  {\"year\": 2, \"status_quo\": 10, \"colocation\": 5}],"
    "  \"chargeback\": {\"agencies\": [{\"agency\": \"A&B\", \"share\": 1, \"per_year\": 1234567}]}},"
    " \"risks\": [{\"id\": \"R1\", \"category\": \"staff\", \"title\": \"@SUM(A1)\","
    "  \"likelihood\": 4, \"impact\": 5, \"owner\": \"\\tx\", \"mitigation\": \"-1\","
    "  \"new_key\": \"shows up\"}],"
    " \"verdicts\": [{\"agency\": \"A&B\", \"verdict\": \"no_go\","
    "  \"reasons\": [{\"code\": \"p_on_time\", \"text\": \"'quoted' \\\"double\\\"\"}],"
    "  \"conditions\": [\"+plus\"]}]}";

static void test_report__formula_text_is_what_a_spreadsheet_would_run(void **state)
{
    (void)state;
    static const char *const formulas[] = {"=1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"};
    static const char *const plain[] = {"", "a=1", " =1", "'=1", "1", "<b>", "#x"};
    for (size_t i = 0; i < SL_ARRAY_LEN(formulas); i++)
        assert_true(sl_text_is_formula(formulas[i]));
    for (size_t i = 0; i < SL_ARRAY_LEN(plain); i++)
        assert_false(sl_text_is_formula(plain[i]));
}

static int write_escaped(FILE *f, void *user)
{
    sl_html_escape(f, user);
    return 0;
}

static void test_report__html_escape_covers_the_five_characters_and_controls(void **state)
{
    (void)state;
    int rc;
    char input[] = "<a href=\"x\">'&'</a>\x01\tok\n";
    char *text = capture(write_escaped, input, &rc);
    assert_string_equal(text, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
                              "\xEF\xBF\xBD\tok\n");
    free(text);
}

static void test_report__csv_quotes_per_rfc4180_and_neutralises_formulas(void **state)
{
    (void)state;
    sl_column cols[] = {{"name", SL_FMT_GENERAL, 0, false, NULL, NULL},
                        {"n", SL_FMT_INT, 0, false, NULL, NULL},
                        {"day", SL_FMT_GENERAL, 0, false, NULL, NULL},
                        {"ok", SL_FMT_GENERAL, 0, false, NULL, NULL}};
    sl_cell cells[] = {
        {SL_CELL_TEXT, 0, 0, "=1+1"},   {SL_CELL_NUMBER, 0, 1234.5, NULL},
        {SL_CELL_DATE, 0, 20819, NULL}, {SL_CELL_BOOL, 0, 1, NULL},
        {SL_CELL_TEXT, 0, 0, "a,\"b\"\nc"}, {SL_CELL_EMPTY, 0, 0, NULL},
        {SL_CELL_DATETIME, 0, 20819.75, NULL}, {SL_CELL_TEXT, 0, 0, "plain"},
    };
    sl_table t = {"T", "t.csv", 4, cols, 2, cells, NULL};
    int rc;
    char *text = capture(write_table, &t, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(text, "name,n,day,ok\r\n"
                              "\"'=1+1\",1234.5,2027-01-01,true\r\n"
                              "\"a,\"\"b\"\"\nc\",,2027-01-01T18:00,plain\r\n");
    free(text);
}

static void test_report__tables_follow_the_sections_present(void **state)
{
    (void)state;
    json_t *doc = doc_of("{\"samlok\": 1, \"scenario\": {\"name\": \"x\"}}");
    sl_tables *ts = NULL;
    assert_int_equal(sl_report_tables(&ts, doc), 0);
    assert_int_equal(ts->n, 1);
    assert_string_equal(ts->t[0].sheet, "Summary");
    sl_tables_free(ts);
    json_decref(doc);

    doc = doc_of(hostile_doc);
    assert_int_equal(sl_report_tables(&ts, doc), 0);
    static const char *const sheets[] = {"Summary", "Verdicts", "Workloads", "Cost",
                                         "Chargeback", "Risks"};
    assert_int_equal(ts->n, SL_ARRAY_LEN(sheets));
    for (size_t i = 0; i < ts->n; i++)
        assert_string_equal(ts->t[i].sheet, sheets[i]);
    /* a key no one told the writers about is a column */
    const sl_table *risks = sl_tables_find(ts, "Risks");
    bool found = false;
    for (size_t c = 0; c < risks->n_cols; c++)
        found = found || strcmp(risks->cols[c].name, "new_key") == 0;
    assert_true(found);
    /* reasons become "code: text" */
    const sl_table *w = sl_tables_find(ts, "Workloads");
    for (size_t c = 0; c < w->n_cols; c++)
        if (strcmp(w->cols[c].name, "reasons") == 0)
            assert_string_equal(w->cells[c].text, "os_unsupported: <b>old</b>");
    /* the cost sheet: agency "all" first, then the yearly figures */
    const sl_table *cost = sl_tables_find(ts, "Cost");
    assert_int_equal(cost->n_rows, 2);
    assert_string_equal(cost->cols[0].name, "agency");
    assert_string_equal(cost->cells[0].text, "all");
    assert_int_equal(cost->cols[3].fmt, SL_FMT_MONEY);
    sl_tables_free(ts);
    json_decref(doc);
}

static void test_report__summary_keys_name_the_json_figures(void **state)
{
    (void)state;
    json_t *doc = doc_of(hostile_doc);
    sl_tables *ts = NULL;
    assert_int_equal(sl_report_tables(&ts, doc), 0);
    const sl_table *s = sl_tables_find(ts, "Summary");
    assert_non_null(s);
    size_t checked = 0;
    for (size_t r = 0; r < s->n_rows; r++) {
        const sl_cell *key = &s->cells[r * 5 + 4], *value = &s->cells[r * 5 + 2];
        assert_int_equal(key->kind, SL_CELL_TEXT);
        if (strchr(key->text, '[') || value->kind != SL_CELL_NUMBER)
            continue;
        double x;
        assert_true(sl_jnum(sl_jget(doc, key->text), &x));
        assert_true(x == value->num);
        checked++;
    }
    assert_true(checked >= 4); /* NPVs, payback, chargeback */
    sl_tables_free(ts);
    json_decref(doc);
}

static void test_report__html_escapes_input_and_carries_no_script(void **state)
{
    (void)state;
    json_t *doc = doc_of(hostile_doc);
    int rc;
    char *html = capture(write_html, doc, &rc);
    assert_int_equal(rc, 0);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<b>old"));
    assert_true(th_contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_true(th_contains(html, "&#39;quoted&#39; &quot;double&quot;"));
    assert_true(th_contains(html, "content=\"default-src 'none'"));
    /* every section whose keys are present, and its chart */
    static const char *const parts[] = {"id=\"verdicts\"", "id=\"cost\"", "id=\"risks\"",
                                        "id=\"chart-heatmap\"", "id=\"chart-cashflow\"",
                                        "data-key=\"cost.chargeback.agencies.0.per_year\""};
    for (size_t i = 0; i < SL_ARRAY_LEN(parts); i++)
        assert_true(th_contains(html, parts[i]));
    /* ... and none of the sections that are not */
    assert_null(strstr(html, "id=\"schedule\""));
    assert_null(strstr(html, "id=\"montecarlo\""));
    free(html);
    json_decref(doc);
}

static void test_report__html_of_an_empty_plan_is_still_a_page(void **state)
{
    (void)state;
    json_t *doc = doc_of("{\"samlok\": 1, \"scenario\": {}}");
    int rc;
    char *html = capture(write_html, doc, &rc);
    assert_int_equal(rc, 0);
    assert_true(th_contains(html, "</html>"));
    free(html);
    json_decref(doc);
}

static void test_report__numbers_read_the_same_everywhere(void **state)
{
    (void)state;
    char buf[64];
    sl_cell_number_text(buf, sizeof buf, 1234567.4, SL_FMT_INT);
    assert_string_equal(buf, "1,234,567");
    sl_cell_number_text(buf, sizeof buf, -1234.56, SL_FMT_DEC1);
    assert_string_equal(buf, "-1,234.6");
    sl_cell_number_text(buf, sizeof buf, 0.125, SL_FMT_SHARE);
    assert_string_equal(buf, "12.5 %");
    sl_cell_number_text(buf, sizeof buf, 0.035, SL_FMT_GENERAL);
    assert_string_equal(buf, "0.035");
    sl_cell_number_text(buf, sizeof buf, 2457.6, SL_FMT_GENERAL);
    assert_string_equal(buf, "2,457.6");
    sl_cell_number_text(buf, sizeof buf, -0.0001, SL_FMT_INT);
    assert_string_equal(buf, "0");
}

static const sl_column *column(const sl_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->cols[c].name, name) == 0)
            return &t->cols[c];
    fail_msg("%s has no column %s", t->sheet, name);
    abort(); /* not reached: fail_msg ends the test */
}

static void test_report__every_number_column_gets_a_format(void **state)
{
    (void)state;
    json_t *doc = doc_of(
        "{\"samlok\": 1, \"scenario\": {\"name\": \"x\", \"currency\": \"EUR\"},"
        " \"schedule\": {\"windows\": [{\"index\": 0, \"transfer_tb\": 3.42738390221,"
        "   \"staff_hours\": 1234.56789, \"hours\": 60.0, \"load\": 0.125}]},"
        " \"cost\": {\"cash_flows\": [{\"year\": 2026, \"status_quo\": 10.5}]},"
        " \"assumptions\": [{\"path\": \"a\", \"value\": 0.6, \"unit\": \"share\"},"
        "   {\"path\": \"b\", \"value\": 0.457, \"min\": 0.3, \"unit\": \"currency/kWh\"},"
        "   {\"path\": \"c\", \"value\": 850000, \"unit\": \"currency\"}]}");
    sl_tables *ts = NULL;
    assert_int_equal(sl_report_tables(&ts, doc), 0);
    const sl_table *waves = sl_tables_find(ts, "Waves");
    assert_int_equal(column(waves, "index")->fmt, SL_FMT_PLAIN);
    assert_int_equal(column(waves, "hours")->fmt, SL_FMT_INT);
    assert_int_equal(column(waves, "load")->fmt, SL_FMT_DEC3);        /* exact in 3 places */
    assert_int_equal(column(waves, "transfer_tb")->fmt, SL_FMT_DEC2); /* small, inexact */
    assert_int_equal(column(waves, "staff_hours")->fmt, SL_FMT_DEC1); /* large, inexact */
    const sl_table *cost = sl_tables_find(ts, "Cost");
    assert_int_equal(column(cost, "year")->fmt, SL_FMT_PLAIN);
    assert_int_equal(column(cost, "status_quo")->fmt, SL_FMT_MONEY);
    assert_string_equal(column(cost, "status_quo")->unit, "EUR");
    assert_null(column(cost, "year")->unit);
    /* the assumption log formats each row by its own unit */
    const sl_table *log = sl_tables_find(ts, "Assumptions");
    assert_int_equal(log->cells[0 * log->n_cols + 1].fmt, SL_FMT_SHARE);
    assert_int_equal(log->cells[1 * log->n_cols + 1].fmt, SL_FMT_DEC3);
    assert_int_equal(log->cells[2 * log->n_cols + 1].fmt, SL_FMT_INT);
    sl_tables_free(ts);
    json_decref(doc);

    char buf[64];
    sl_cell_number_text(buf, sizeof buf, 2026, SL_FMT_PLAIN);
    assert_string_equal(buf, "2026");
    sl_cell_number_text(buf, sizeof buf, 1234.5678, SL_FMT_DEC3);
    assert_string_equal(buf, "1,234.568");
}

static void test_report__a_yearly_series_spreads_over_a_column_a_year(void **state)
{
    (void)state;
    /* the chargeback fee and its change, one value a year, become columns
     * a spreadsheet can sum: money and share; another list stays text */
    json_t *doc = doc_of(
        "{\"samlok\": 1, \"scenario\": {\"name\": \"x\", \"currency\": \"SEK\"},"
        " \"cost\": {\"chargeback\": {\"agencies\": [{\"agency\": \"A\", \"share\": 1,"
        "   \"fee\": [100, 50.5], \"tags\": [1, \"x\"],"
        "   \"kpi\": {\"fee_change\": [null, -0.495]}}]}}}");
    sl_tables *ts = NULL;
    assert_int_equal(sl_report_tables(&ts, doc), 0);
    const sl_table *t = sl_tables_find(ts, "Chargeback");
    assert_non_null(t);
    if (!t)
        abort();
    const char *want[] = {"agency", "share", "fee year 1", "fee year 2", "tags",
                          "kpi.fee_change year 1", "kpi.fee_change year 2"};
    assert_int_equal(t->n_cols, SL_ARRAY_LEN(want));
    for (size_t c = 0; c < SL_ARRAY_LEN(want); c++)
        assert_string_equal(t->cols[c].name, want[c]);
    assert_int_equal(column(t, "fee year 2")->fmt, SL_FMT_MONEY);
    assert_string_equal(column(t, "fee year 2")->unit, "SEK");
    assert_true(t->cells[3].kind == SL_CELL_NUMBER && t->cells[3].num == 50.5);
    assert_int_equal(t->cells[4].kind, SL_CELL_TEXT); /* not all numbers: one text */
    assert_int_equal(t->cells[5].kind, SL_CELL_EMPTY);
    assert_int_equal(column(t, "kpi.fee_change year 2")->fmt, SL_FMT_SHARE);
    sl_tables_free(ts);
    json_decref(doc);
}

static void test_report__capacity_chart_draws_the_sites_free_racks_and_kw(void **state)
{
    (void)state;
    json_t *doc = doc_of(
        "{\"samlok\": 1, \"scenario\": {\"name\": \"x\", \"start\": \"2026-09-01\","
        "  \"deadline\": \"2027-06-30\"},"
        " \"workloads\": [{\"id\": \"w\", \"host\": \"h1\", \"window\": 0,"
        "   \"demand\": {\"vcpu\": 4, \"ram_gb\": 8}}],"
        " \"placement\": {\"hosts_total\": 2, \"pools\": [{\"id\": \"p\","
        "   \"capacity\": {\"vcpu\": 64, \"ram_gb\": 256}, \"host_list\": [{\"id\": \"h1\"}]}],"
        "   \"site\": {\"racks\": {\"need\": 4, \"free\": 3}, \"kw\": {\"need\": 10, \"free\": 100}}},"
        " \"schedule\": {\"windows\": [{\"index\": 0, \"start\": \"2026-10-03T08:00\","
        "   \"end\": \"2026-10-03T18:00\"}]}}");
    int rc;
    char *html = capture(write_html, doc, &rc);
    assert_int_equal(rc, 0);
    assert_true(th_contains(html, "id=\"chart-capacity\""));
    /* within the scale: a line at 75 % of the platform */
    assert_true(th_contains(html, "<line class=\"reference\""));
    assert_true(th_contains(html, "3 racks free at the site, 75 % of the 4 racks"));
    /* beyond it: named above the plot */
    assert_true(th_contains(html, "<path class=\"reference\""));
    assert_true(th_contains(html, "100 kW free at the site, 1,000 % of the 10 kW"));
    free(html);
    json_decref(doc);
}

static void test_report__each_verdict_card_names_what_moves_its_agency(void **state)
{
    (void)state;
    /* the card shows the agency's own tornado, at most three inputs, by its
     * measure; an agency without one gets no list */
    json_t *doc = doc_of(
        "{\"samlok\": 1, \"scenario\": {\"name\": \"x\", \"start\": \"2026-09-01\","
        "  \"deadline\": \"2027-06-30\"},"
        " \"verdicts\": [{\"agency\": \"A\", \"verdict\": \"no_go\", \"reasons\": []},"
        "  {\"agency\": \"B\", \"verdict\": \"go\", \"reasons\": []},"
        "  {\"agency\": \"C\", \"verdict\": \"go\", \"reasons\": []}],"
        " \"simulation\": {\"per_agency\": ["
        "  {\"agency\": \"A\", \"tornado_measure\": \"p_on_time\", \"tornado\": {\"inputs\": ["
        "   {\"input\": \"gates.G.passes\", \"p_on_time_low\": 0, \"p_on_time_high\": 0.875},"
        "   {\"input\": \"i2\", \"p_on_time_low\": 0.5, \"p_on_time_high\": 0.25},"
        "   {\"input\": \"i3\", \"p_on_time_low\": 0.5, \"p_on_time_high\": 0.5},"
        "   {\"input\": \"i4 not shown\", \"p_on_time_low\": 0.5, \"p_on_time_high\": 0.5}]}},"
        "  {\"agency\": \"B\", \"tornado_measure\": \"finish_p80_days\", \"tornado\": {\"inputs\": ["
        "   {\"input\": \"<b>staff</b>\", \"finish_p80_low_days\": 30,"
        "    \"finish_p80_high_days\": null}]}},"
        "  {\"agency\": \"C\", \"tornado_measure\": \"spearman_finish\","
        "   \"tornado\": {\"inputs\": []}}]}}");
    int rc;
    char *html = capture(write_html, doc, &rc);
    assert_int_equal(rc, 0);
    assert_true(th_contains(html, "What moves its P(on time) most"));
    /* inputs in plain words, the path in a tooltip */
    assert_true(th_contains(html, "<li title=\"gates.G.passes\">approval: G: P(on time) 0.0 % to 87.5 %"));
    assert_true(th_contains(html, "<li title=\"i3\">i3:"));
    assert_false(th_contains(html, "i4 not shown"));
    /* B's by the P80 finish: 30 days after 1 September, and never */
    assert_true(th_contains(html, "What moves its P80 finish most"));
    assert_true(th_contains(html, "\">&lt;b&gt;staff&lt;/b&gt;: P80 finish 2026-10-01 to never"));
    /* C: an empty tornado, no heading */
    assert_false(th_contains(html, "What its finish follows most"));
    free(html);
    json_decref(doc);
}

static void test_report__lookups_walk_objects_and_arrays(void **state)
{
    (void)state;
    json_t *doc = doc_of("{\"a\": {\"b\": [10, {\"c\": \"2027-02-03T04:05\"}]}}");
    double x;
    assert_true(sl_jnum(sl_jget(doc, "a.b.0"), &x) && x == 10);
    assert_null(sl_jget(doc, "a.b.2"));
    assert_null(sl_jget(doc, "a.x"));
    json_t *c = sl_jget(doc, "a.b.1.c");
    assert_int_equal(sl_jdate(c), sl_date_from_ymd(2027, 2, 3));
    assert_true(sl_jdatetime(c) == sl_date_from_ymd(2027, 2, 3) + (4 * 60 + 5) / 1440.0);
    json_decref(doc);
}

static int fill_then_fail(FILE *f, void *user)
{
    (void)user;
    fputs("half a file", f);
    return SL_EIO;
}

static int fill_ok(FILE *f, void *user)
{
    fputs(user, f);
    return 0;
}

static void test_report__a_failed_write_keeps_the_old_file_and_no_temporary(void **state)
{
    (void)state;
    char dir[256];
    temp_folder(dir, sizeof dir, "report-atomic");
    char path[300];
    snprintf(path, sizeof path, "%s/out.html", dir);
    char old[] = "old";
    assert_int_equal(sl_file_write_atomic(path, fill_ok, old, NULL), 0);
    assert_int_equal(sl_file_write_atomic(path, fill_then_fail, NULL, NULL), SL_EIO);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(sl_file_read(&text, &len, path, NULL), 0);
    assert_string_equal(text, "old");
    sl_free(text);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* empty: no temporary left behind */
}

static void test_report__reading_something_else_is_a_located_error(void **state)
{
    (void)state;
    static const char *const bad[] = {"{\"samlok\": 1}", "[1, 2]", "{\"samlok\": 99, "
                                      "\"scenario\": {}}", "{\"samlok\": 1,\n  oops}"};
    static const char *const want[] = {"without a \"scenario\" section", "not a samlok plan document",
                                       "format 99", "2:"};
    char dir[256], path[300];
    temp_folder(dir, sizeof dir, "report-bad");
    snprintf(path, sizeof path, "%s/report-bad.json", dir);
    for (size_t i = 0; i < SL_ARRAY_LEN(bad); i++) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(bad[i], f);
        fclose(f);
        sl_diag *d = sl_diag_new();
        sl_report *r = NULL;
        assert_int_equal(sl_report_read(&r, path, d), SL_EINPUT);
        assert_null(r);
        char *msg = th_diag_text(d);
        assert_true(th_contains(msg, "report-bad.json:"));
        assert_true(th_contains(msg, want[i]));
        free(msg);
        sl_diag_free(d);
    }
    unlink(path);
    rmdir(dir);
}

/* A tornado of 1e17 days once sent the tick loop round forever (1e17 + 2
 * is 1e17); every axis now stops at SL_MAX_TICKS ticks and every scale
 * clamps, so even a plan the document check never saw renders in bounded
 * time and size. */
static void test_report__charts_stay_bounded_whatever_the_numbers(void **state)
{
    (void)state;
    json_t *doc = doc_of(
        "{\"samlok\": 1, \"scenario\": {\"name\": \"x\", \"start\": \"2026-01-01\","
        " \"deadline\": \"2027-01-01\", \"agencies\": [{\"id\": \"A\"}]},"
        " \"simulation\": {\"iterations\": 1e300, \"p_on_time\": 0.5,"
        "  \"tornado_measure\": \"finish_p80_days\","
        "  \"tornado\": {\"inputs\": [{\"input\": \"a\", \"finish_p80_low_days\": 1e17,"
        "   \"finish_p80_high_days\": 1e17}]},"
        "  \"histogram\": {\"finish\": {\"lo\": 1e300, \"width\": 1e300, \"counts\": [1e300, 5]},"
        "   \"cost\": {\"lo\": -1e300, \"width\": 1e-300, \"counts\": [3, 4]}}},"
        " \"cost\": {\"cash_flows\": [{\"year\": 1e300, \"status_quo\": 1e300,"
        "  \"colocation\": -1e300}, {\"year\": 2, \"status_quo\": 1, \"colocation\": 1e-300}]}}");
    int rc;
    char *html = capture(write_html, doc, &rc);
    assert_int_equal(rc, 0);
    assert_true(strlen(html) < 2000000);
    assert_true(th_contains(html, "id=\"chart-tornado\""));
    free(html);
    json_decref(doc);
}

/* What a report reads from a plan document is checked before anything
 * renders it, each error at its JSON path, line and column. */
static void test_report__a_plan_document_is_checked_before_it_is_rendered(void **state)
{
    (void)state;
    static const char text[] =
        "{\"samlok\": 1,\n"
        " \"scenario\": {\"name\": \"x\", \"start\": \"2026-01-01\"},\n"
        " \"simulation\": {\"iterations\": 100, \"p_on_time\": 1.5,\n"
        "  \"tornado\": {\"inputs\": [{\"input\": \"a\", \"finish_p80_high_days\": 1e17}]},\n"
        "  \"histogram\": {\"finish\": {\"lo\": \"soon\", \"counts\": [1, -2]}}},\n"
        " \"schedule\": {\"windows\": [{\"index\": 0, \"start\": \"2026-02-30\","
        " \"end\": \"2026-03-01\", \"groups\": [1e300]}]}}\n";
    char dir[256], path[300];
    temp_folder(dir, sizeof dir, "report-check");
    snprintf(path, sizeof path, "%s/report-check.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    sl_diag *d = sl_diag_new();
    sl_report *r = NULL;
    assert_int_equal(sl_report_read(&r, path, d), SL_EINPUT);
    assert_null(r);
    char *msg = th_diag_text(d);
    assert_true(th_contains(msg, "/report-check.json:3:49: simulation.p_on_time: 1.5 is outside "
                                 "0..1 probability"));
    assert_true(th_contains(msg, "/report-check.json:4:65: simulation.tornado.inputs[0]."
                                 "finish_p80_high_days: 1e+17 is outside -4000000..4000000"));
    assert_true(th_contains(msg, "/report-check.json:5:34: simulation.histogram.finish.lo: "
                                 "expected a number or null, found a string"));
    assert_true(th_contains(msg, "/report-check.json:5:56: simulation.histogram.finish.counts[1]: "
                                 "-2 is outside 0..10000000"));
    assert_true(th_contains(msg, "/report-check.json:6:49: schedule.windows[0].start: expected a "
                                 "date YYYY-MM-DD or date-time"));
    assert_true(th_contains(msg, "/report-check.json:6:95: schedule.windows[0].groups[0]: 1e+300 is outside"));
    free(msg);
    sl_diag_free(d);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__formula_text_is_what_a_spreadsheet_would_run),
        cmocka_unit_test(test_report__html_escape_covers_the_five_characters_and_controls),
        cmocka_unit_test(test_report__csv_quotes_per_rfc4180_and_neutralises_formulas),
        cmocka_unit_test(test_report__tables_follow_the_sections_present),
        cmocka_unit_test(test_report__summary_keys_name_the_json_figures),
        cmocka_unit_test(test_report__html_escapes_input_and_carries_no_script),
        cmocka_unit_test(test_report__html_of_an_empty_plan_is_still_a_page),
        cmocka_unit_test(test_report__numbers_read_the_same_everywhere),
        cmocka_unit_test(test_report__every_number_column_gets_a_format),
        cmocka_unit_test(test_report__a_yearly_series_spreads_over_a_column_a_year),
        cmocka_unit_test(test_report__capacity_chart_draws_the_sites_free_racks_and_kw),
        cmocka_unit_test(test_report__each_verdict_card_names_what_moves_its_agency),
        cmocka_unit_test(test_report__lookups_walk_objects_and_arrays),
        cmocka_unit_test(test_report__a_failed_write_keeps_the_old_file_and_no_temporary),
        cmocka_unit_test(test_report__reading_something_else_is_a_located_error),
        cmocka_unit_test(test_report__charts_stay_bounded_whatever_the_numbers),
        cmocka_unit_test(test_report__a_plan_document_is_checked_before_it_is_rendered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
