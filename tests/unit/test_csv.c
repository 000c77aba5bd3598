/* SPDX-License-Identifier: MIT */
/* CSV records: separators, BOM, CRLF, quoted newlines and the line each
 * record starts on; header mapping; located errors. */
#include "helpers.h"

#include "read/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the callback saw: per record its start line and its fields joined
 * by '|'. */
typedef struct seen {
    size_t n;
    size_t record[16];
    long line[16];
    size_t n_fields[16];
    char text[16][128];
} seen;

static int collect(void *user, long line, size_t record, const sl_csv_field *fields, size_t n)
{
    seen *s = user;
    if (s->n >= 16)
        return 0;
    s->record[s->n] = record;
    s->line[s->n] = line;
    s->n_fields[s->n] = n;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(strlen(fields[i].s), fields[i].len);
        used += (size_t)snprintf(s->text[s->n] + used, sizeof s->text[0] - used, "%s%s",
                                 i ? "|" : "", fields[i].s);
    }
    s->n++;
    return 0;
}

static int parse(seen *s, const char *data, char **messages)
{
    memset(s, 0, sizeof *s);
    sl_diag *d = sl_diag_new();
    int rc = sl_csv_parse("t.csv", data, strlen(data), 0, collect, s, d);
    *messages = th_diag_text(d);
    sl_diag_free(d);
    return rc;
}

static void test_csv__detects_the_separator_of_the_header_line(void **state)
{
    (void)state;
    const char *comma = "a,b,c\n1;2;3;4;5\n";
    const char *semi = "\xef\xbb\xbf"
                       "a;b;c\n";
    const char *tab = "a\tb\tc\r\n";
    const char *quoted = "\"x;y;z\",b\n";
    assert_int_equal(sl_csv_detect_delim(comma, strlen(comma)), ',');
    assert_int_equal(sl_csv_detect_delim(semi, strlen(semi)), ';');
    assert_int_equal(sl_csv_detect_delim(tab, strlen(tab)), '\t');
    /* separators inside quotes do not count */
    assert_int_equal(sl_csv_detect_delim(quoted, strlen(quoted)), ',');
}

static void test_csv__records_start_on_the_right_line_after_quoted_newlines(void **state)
{
    (void)state;
    seen s;
    char *msg;
    /* line 1 header; record 1 spans lines 2-4; record 2 is line 5 */
    assert_int_equal(parse(&s, "name,note\nvm1,\"first\nsecond\nthird\"\nvm2,plain\n", &msg), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.record[2], 2);
    assert_int_equal(s.line[0], 1);
    assert_int_equal(s.line[1], 2);
    assert_int_equal(s.line[2], 5);
    assert_string_equal(s.text[1], "vm1|first\nsecond\nthird");
    assert_string_equal(s.text[2], "vm2|plain");
    free(msg);
}

static void test_csv__crlf_bom_and_semicolons_give_clean_fields(void **state)
{
    (void)state;
    seen s;
    char *msg;
    assert_int_equal(parse(&s,
                           "\xef\xbb\xbf"
                           "VM;Memory\r\n\"a;b\";3072\r\nc;\"1\"\"5\"\r\n",
                           &msg),
                     0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.text[0], "VM|Memory"); /* no BOM on the first name */
    assert_string_equal(s.text[1], "a;b|3072");  /* no \r at the end */
    assert_string_equal(s.text[2], "c|1\"5");    /* doubled quote */
    assert_int_equal(s.line[2], 3);
    free(msg);
}

static void test_csv__a_quoted_crlf_counts_as_one_line(void **state)
{
    (void)state;
    seen s;
    char *msg;
    assert_int_equal(parse(&s, "a,b\r\n\"x\r\ny\",1\r\nz,2\r\n", &msg), 0);
    assert_int_equal(s.line[1], 2);
    assert_int_equal(s.line[2], 4);
    free(msg);
}

static void test_csv__blank_lines_are_skipped_but_counted(void **state)
{
    (void)state;
    seen s;
    char *msg;
    assert_int_equal(parse(&s, "a,b\n\n1,2\n\n\n3,4", &msg), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.line[1], 3);
    assert_int_equal(s.line[2], 6); /* no newline at the end is fine */
    free(msg);
}

static void test_csv__an_unclosed_quote_is_located_where_its_record_starts(void **state)
{
    (void)state;
    seen s;
    char *msg;
    assert_int_equal(parse(&s, "a,b\n1,2\n3,\"open\nstill open\n", &msg), SL_EINPUT);
    assert_true(th_contains(msg, "t.csv:3: a quoted field is never closed"));
    free(msg);
}

static void test_csv__a_stray_quote_is_located_on_its_line(void **state)
{
    (void)state;
    seen s;
    char *msg;
    assert_int_equal(parse(&s, "a,b\n1,2\n3,\"4\"x\n", &msg), SL_EINPUT);
    assert_true(th_contains(msg, "t.csv:3: malformed quoting"));
    free(msg);
}

static void test_csv__rejects_empty_utf16_non_utf8_and_nul(void **state)
{
    (void)state;
    seen s;
    char *msg;
    assert_int_equal(parse(&s, " \r\n\n", &msg), SL_EINPUT);
    assert_true(th_contains(msg, "t.csv:1: the file is empty: a header line is needed"));
    free(msg);
    assert_int_equal(parse(&s,
                           "\xff\xfe"
                           "a\0",
                           &msg),
                     SL_EINPUT);
    assert_true(th_contains(msg, "t.csv:1:1: the file is UTF-16; save it as UTF-8 CSV"));
    free(msg);
    /* Latin-1 "Sk\xe4r" on line 2: the bad byte is the 5th character */
    assert_int_equal(parse(&s, "a,b\nx,Sk\xe4r\n", &msg), SL_EINPUT);
    assert_true(th_contains(msg, "t.csv:2:5: not valid UTF-8 text (save the file as UTF-8)"));
    free(msg);
    /* columns count characters, not bytes: 'å' is one */
    memset(&s, 0, sizeof s);
    sl_diag *d = sl_diag_new();
    const char data[] = "a,b\n\xc3\xa5x,y\0z\n";
    assert_int_equal(sl_csv_parse("t.csv", data, sizeof data - 1, 0, collect, &s, d), SL_EINPUT);
    msg = th_diag_text(d);
    assert_true(th_contains(msg, "t.csv:2:5: a NUL character is not allowed in CSV text"));
    assert_int_equal(s.n, 0);
    free(msg);
    sl_diag_free(d);
}

static void test_csv__an_oversized_record_fails_the_file_but_keeps_its_number(void **state)
{
    (void)state;
    /* a field over SL_MAX_CSV_FIELD on line 3: reported, dropped, and the
     * parse fails even though the records around it are fine */
    size_t big = SL_MAX_CSV_FIELD + 10;
    char *data = malloc(big + 64);
    int k = snprintf(data, 64, "a,b\n1,2\nx,");
    memset(data + k, '9', big);
    snprintf(data + k + big, 64 - (size_t)k, "\ny,3\n");
    seen s;
    char *msg;
    assert_int_equal(parse(&s, data, &msg), SL_EINPUT);
    assert_string_equal(msg, "t.csv:3: a field is longer than 65536 bytes\n");
    assert_int_equal(s.n, 3); /* header, 1,2 and y,3 */
    assert_string_equal(s.text[2], "y|3");
    assert_int_equal(s.line[2], 4);
    assert_int_equal(s.record[2], 3); /* the dropped record kept number 2 */
    free(msg);
    free(data);
}

static void test_csv__header_mapping_ignores_case_and_spaces(void **state)
{
    (void)state;
    const sl_csv_column cols[] = {
        {{"VM", "vInfoVMName"}, true},
        {{"Memory", "vInfoMemory"}, true},
        {{"Host"}, false},
    };
    sl_csv_field f[] = {{" vinfomemory ", 13}, {"x", 1}, {"VINFOVMNAME", 11}};
    int index[3];
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_csv_map_header("t.csv", 1, f, 3, cols, 3, index, d), 0);
    assert_int_equal(index[0], 2);
    assert_int_equal(index[1], 0);
    assert_int_equal(index[2], -1);
    assert_int_equal(sl_diag_count(d), 0);
    sl_diag_free(d);
}

static void test_csv__header_mapping_names_every_missing_column(void **state)
{
    (void)state;
    const sl_csv_column cols[] = {
        {{"id"}, true}, {{"agency"}, true}, {{"vcpu"}, true}, {{"os"}, false}};
    sl_csv_field f[] = {{"agency", 6}, {"os", 2}};
    int index[4];
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_csv_map_header("t.csv", 1, f, 2, cols, 4, index, d), SL_EINPUT);
    char *msg = th_diag_text(d);
    assert_string_equal(msg, "t.csv:1: missing required columns: id, vcpu\n");
    free(msg);
    sl_diag_free(d);
}

static void test_csv__a_column_named_twice_is_an_error(void **state)
{
    (void)state;
    const sl_csv_column cols[] = {{{"id"}, true}};
    sl_csv_field f[] = {{"id", 2}, {"ID", 2}};
    int index[1];
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_csv_map_header("t.csv", 1, f, 2, cols, 1, index, d), SL_EINPUT);
    char *msg = th_diag_text(d);
    assert_string_equal(msg, "t.csv:1: column 'id' appears twice\n");
    free(msg);
    sl_diag_free(d);
}

static void test_csv__flags_read_yes_and_no_words(void **state)
{
    (void)state;
    const char *yes[] = {"true", "TRUE", " yes ", "Y", "1"};
    const char *no[] = {"false", "No", "n", "0", "", "  "};
    const char *neither[] = {"maybe", "2", "tru"};
    for (size_t i = 0; i < SL_ARRAY_LEN(yes); i++) {
        bool v = false;
        sl_csv_field f = {yes[i], strlen(yes[i])};
        assert_true(sl_csv_flag(&f, &v));
        assert_true(v);
    }
    for (size_t i = 0; i < SL_ARRAY_LEN(no); i++) {
        bool v = true;
        sl_csv_field f = {no[i], strlen(no[i])};
        assert_true(sl_csv_flag(&f, &v));
        assert_false(v);
    }
    for (size_t i = 0; i < SL_ARRAY_LEN(neither); i++) {
        bool v;
        sl_csv_field f = {neither[i], strlen(neither[i])};
        assert_false(sl_csv_flag(&f, &v));
    }
}

static void test_csv__put_quotes_only_when_needed(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sl_csv_put(f, "plain", false);
    sl_csv_put(f, "a,b", false);
    sl_csv_put(f, "say \"hi\"", false);
    sl_csv_put(f, "two\nlines", false);
    sl_csv_put(f, NULL, true);
    fclose(f);
    assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv__detects_the_separator_of_the_header_line),
        cmocka_unit_test(test_csv__records_start_on_the_right_line_after_quoted_newlines),
        cmocka_unit_test(test_csv__crlf_bom_and_semicolons_give_clean_fields),
        cmocka_unit_test(test_csv__a_quoted_crlf_counts_as_one_line),
        cmocka_unit_test(test_csv__blank_lines_are_skipped_but_counted),
        cmocka_unit_test(test_csv__an_unclosed_quote_is_located_where_its_record_starts),
        cmocka_unit_test(test_csv__a_stray_quote_is_located_on_its_line),
        cmocka_unit_test(test_csv__rejects_empty_utf16_non_utf8_and_nul),
        cmocka_unit_test(test_csv__an_oversized_record_fails_the_file_but_keeps_its_number),
        cmocka_unit_test(test_csv__header_mapping_ignores_case_and_spaces),
        cmocka_unit_test(test_csv__header_mapping_names_every_missing_column),
        cmocka_unit_test(test_csv__a_column_named_twice_is_an_error),
        cmocka_unit_test(test_csv__flags_read_yes_and_no_words),
        cmocka_unit_test(test_csv__put_quotes_only_when_needed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
