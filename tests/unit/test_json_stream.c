/* SPDX-License-Identifier: MIT */
/* The plan document's streaming writer (report/json_stream.c) against
 * jansson's own dump of the same tree with the document's flags: every
 * byte 1-127 in a string and a key, non-ASCII text, reals across
 * magnitudes (and under a decimal-comma locale), integers at their ends,
 * empty and nested containers, jansson values written inside, and the
 * same calls in tree mode. jansson is the reference: the writer shares no
 * code with its dump. */
#include "helpers.h"

#include "report/json.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

static char *jansson_text(json_t *v)
{
    char *s = json_dumps(v, FLAGS);
    assert_non_null(s);
    return s;
}

/* Runs fill on a file writer and returns what it wrote (free()). */
static char *stream_text(void (*fill)(sl_jw *, void *), void *arg, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    sl_jw *w = malloc(sizeof *w);
    assert_non_null(w);
    sl_jw_to_file(w, f);
    fill(w, arg);
    *rc = sl_jw_finish(w);
    free(w);
    fclose(f);
    return buf;
}

static json_t *tree_of(void (*fill)(sl_jw *, void *), void *arg)
{
    sl_jw *w = malloc(sizeof *w);
    assert_non_null(w);
    sl_jw_to_tree(w);
    fill(w, arg);
    assert_int_equal(sl_jw_finish(w), 0);
    json_t *t = sl_jw_take(w);
    free(w);
    assert_non_null(t);
    return t;
}

/* The writer's bytes, jansson's dump of expect, and jansson's dump of
 * the writer's tree mode, all equal. */
static void assert_same(void (*fill)(sl_jw *, void *), void *arg, json_t *expect)
{
    int rc;
    char *got = stream_text(fill, arg, &rc);
    assert_int_equal(rc, 0);
    char *want = jansson_text(expect);
    if (strcmp(got, want) != 0)
        fail_msg("streamed:\n%s\njansson:\n%s", got, want);
    json_t *tree = tree_of(fill, arg);
    char *again = jansson_text(tree);
    assert_string_equal(again, want);
    free(got);
    free(want);
    free(again);
    json_decref(tree);
}

/* ---- strings ------------------------------------------------------- */

static const char *const texts[] = {
    "", "plain", "slash / and \\ back", "quote \" here", "\x7f del", "Skatteverket åäö ÅÄÖ",
    "euro € and emoji \xf0\x9f\x98\x80", "line\u2028sep", "tab\tnl\nret\rff\fbs\b",
};

static void fill_strings(sl_jw *w, void *arg)
{
    (void)arg;
    sl_jw_object(w, NULL);
    sl_jw_array(w, "texts");
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        sl_jw_str(w, NULL, texts[i]);
    for (int c = 1; c < 128; c++) {
        char s[4] = {'a', (char)c, 'b', 0};
        sl_jw_str(w, NULL, s);
    }
    sl_jw_end(w);
    sl_jw_object(w, "keys");
    for (int c = 1; c < 128; c++) {
        char k[3] = {(char)c, 'k', 0};
        sl_jw_int(w, k, c);
    }
    sl_jw_end(w);
    sl_jw_str(w, "null", NULL);
    sl_jw_end(w);
}

static void test_json_stream__strings_escape_as_jansson(void **state)
{
    (void)state;
    json_t *root = json_object(), *arr = json_array(), *keys = json_object();
    json_object_set_new(root, "texts", arr);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        json_array_append_new(arr, json_string(texts[i]));
    for (int c = 1; c < 128; c++) {
        char s[4] = {'a', (char)c, 'b', 0};
        json_array_append_new(arr, json_string(s));
    }
    json_object_set_new(root, "keys", keys);
    for (int c = 1; c < 128; c++) {
        char k[3] = {(char)c, 'k', 0};
        json_object_set_new(keys, k, json_integer(c));
    }
    json_object_set_new(root, "null", json_null());
    assert_same(fill_strings, NULL, root);
    json_decref(root);
}

/* ---- numbers ------------------------------------------------------- */

#define N_REALS 4000

static double *reals(void)
{
    static const double fixed[] = {
        0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3, 2.0 / 3, 1e-5, 1e-4, 0.001, 123456789012.0,
        1234567890123.0, 999999999999.5, 1e15, 1e16, 1e17, 1e21, 1e22, 1e100, -1e-100, 5e-324,
        DBL_MIN, DBL_MAX, -DBL_MAX, 0.5, 2.5, 1e-7, 12.5, 100.0, 1e12, 1e11, 260.0, 0.05,
    };
    double *v = malloc(N_REALS * sizeof *v);
    assert_non_null(v);
    size_t n = sizeof fixed / sizeof *fixed;
    memcpy(v, fixed, sizeof fixed);
    /* a fixed pseudo-random spread of mantissas over exponents 1e-40..1e40 */
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (size_t i = n; i < N_REALS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double mant = (double)(x >> 11) / (double)(1ull << 53);
        int exp10 = (int)(x % 81) - 40;
        v[i] = (x & 1 ? -1 : 1) * mant * pow(10.0, exp10);
        if (i % 7 == 0)
            v[i] = round(v[i] * 1000) / 1000; /* short decimals, as money and hours */
    }
    return v;
}

static const long long ints[] = {0, 1, -1, 42, LLONG_MAX, LLONG_MIN, 1000000000000LL};

static void fill_numbers(sl_jw *w, void *arg)
{
    const double *v = arg;
    sl_jw_object(w, NULL);
    sl_jw_array(w, "reals");
    for (size_t i = 0; i < N_REALS; i++)
        sl_jw_real(w, NULL, v[i]);
    sl_jw_end(w);
    sl_jw_array(w, "ints");
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        sl_jw_int(w, NULL, ints[i]);
    sl_jw_end(w);
    sl_jw_bool(w, "yes", true);
    sl_jw_bool(w, "no", false);
    sl_jw_end(w);
}

static json_t *numbers_tree(const double *v)
{
    json_t *root = json_object(), *r = json_array(), *n = json_array();
    json_object_set_new(root, "reals", r);
    for (size_t i = 0; i < N_REALS; i++)
        json_array_append_new(r, json_real(v[i]));
    json_object_set_new(root, "ints", n);
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        json_array_append_new(n, json_integer(ints[i]));
    json_object_set_new(root, "yes", json_true());
    json_object_set_new(root, "no", json_false());
    return root;
}

static void test_json_stream__numbers_print_as_jansson(void **state)
{
    (void)state;
    double *v = reals();
    json_t *root = numbers_tree(v);
    assert_same(fill_numbers, v, root);
    json_decref(root);
    free(v);
}

static void test_json_stream__reals_keep_the_point_under_a_comma_locale(void **state)
{
    (void)state;
    if (!th_swedish_numbers()) {
        print_message("sv_SE locale not available; decimal comma not exercised\n");
        skip();
    }
    double *v = reals();
    json_t *root = numbers_tree(v);
    int rc;
    char *got = stream_text(fill_numbers, v, &rc);
    char *want = jansson_text(root);
    th_c_numbers();
    assert_int_equal(rc, 0);
    assert_string_equal(got, want);
    /* and the same bytes as in the C locale: no decimal comma */
    char *c_text = stream_text(fill_numbers, v, &rc);
    assert_string_equal(got, c_text);
    free(got);
    free(want);
    free(c_text);
    json_decref(root);
    free(v);
}

/* ---- structure ----------------------------------------------------- */

static json_t *inner_value(void)
{
    return json_pack("{s:[i,{s:f,s:[]}],s:{},s:s,s:n}", "a", 1, "b", 0.25, "c", "e", "d",
                     "text \"x\"\n", "z");
}

static void fill_nested(sl_jw *w, void *arg)
{
    (void)arg;
    sl_jw_object(w, NULL);
    sl_jw_object(w, "empty_object");
    sl_jw_end(w);
    sl_jw_array(w, "empty_array");
    sl_jw_end(w);
    sl_jw_array(w, "rows");
    for (int i = 0; i < 3; i++) {
        sl_jw_object(w, NULL);
        sl_jw_int(w, "i", i);
        sl_jw_date(w, "day", i == 1 ? SL_DATE_NONE : 20000 + i);
        sl_jw_value(w, "inner", inner_value());
        sl_jw_array(w, "deep");
        sl_jw_array(w, NULL);
        sl_jw_value(w, NULL, json_integer(i));
        sl_jw_value(w, NULL, json_array());
        sl_jw_end(w);
        sl_jw_end(w);
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_jw_value(w, "scalar", json_real(1.5));
    sl_jw_end(w);
}

static void test_json_stream__containers_and_values_indent_as_jansson(void **state)
{
    (void)state;
    json_t *root = json_object(), *rows = json_array();
    json_object_set_new(root, "empty_object", json_object());
    json_object_set_new(root, "empty_array", json_array());
    json_object_set_new(root, "rows", rows);
    for (int i = 0; i < 3; i++) {
        json_t *o = json_object(), *deep = json_array(), *in = json_array();
        json_array_append_new(rows, o);
        json_object_set_new(o, "i", json_integer(i));
        json_object_set_new(o, "day", sl_json_date(i == 1 ? SL_DATE_NONE : 20000 + i));
        json_object_set_new(o, "inner", inner_value());
        json_object_set_new(o, "deep", deep);
        json_array_append_new(deep, in);
        json_array_append_new(in, json_integer(i));
        json_array_append_new(in, json_array());
    }
    json_object_set_new(root, "scalar", json_real(1.5));
    assert_same(fill_nested, NULL, root);
    json_decref(root);
}

/* ---- errors -------------------------------------------------------- */

static void fill_bad_utf8(sl_jw *w, void *arg)
{
    (void)arg;
    sl_jw_array(w, NULL);
    sl_jw_str(w, NULL, "ok");
    sl_jw_str(w, NULL, "cut \xc3");
    sl_jw_int(w, NULL, 1);
    sl_jw_end(w);
}

static void fill_nan(sl_jw *w, void *arg)
{
    (void)arg;
    sl_jw_array(w, NULL);
    sl_jw_real(w, NULL, NAN);
    sl_jw_end(w);
}

static void fill_key_in_array(sl_jw *w, void *arg)
{
    (void)arg;
    sl_jw_array(w, NULL);
    sl_jw_int(w, "key", 1);
    sl_jw_end(w);
}

static void test_json_stream__refuses_what_jansson_refuses(void **state)
{
    (void)state;
    int rc;
    free(stream_text(fill_bad_utf8, NULL, &rc));
    assert_int_equal(rc, SL_EINPUT);
    free(stream_text(fill_nan, NULL, &rc));
    assert_int_not_equal(rc, 0);
    free(stream_text(fill_key_in_array, NULL, &rc));
    assert_int_not_equal(rc, 0);
    assert_null(json_string("cut \xc3"));
    assert_null(json_real(NAN));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_stream__strings_escape_as_jansson),
        cmocka_unit_test(test_json_stream__numbers_print_as_jansson),
        cmocka_unit_test(test_json_stream__reals_keep_the_point_under_a_comma_locale),
        cmocka_unit_test(test_json_stream__containers_and_values_indent_as_jansson),
        cmocka_unit_test(test_json_stream__refuses_what_jansson_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
