/* SPDX-License-Identifier: MIT */
/* Text: UTF-8 validation, edit distance, nearest match, string map, and
 * the plural form a phrase picks for the number it shows. */
#define _GNU_SOURCE
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_text__utf8_accepts_valid_and_locates_invalid(void **state)
{
    (void)state;
    size_t bad = 99;
    assert_true(sl_utf8_valid("Sk\xc3\xa4rholmen \xe2\x82\xac \xf0\x9f\x98\x80", 20, &bad));
    assert_false(sl_utf8_valid("ab\xff", 3, &bad));
    assert_int_equal(bad, 2);
    assert_false(sl_utf8_valid("a\xc0\xaf", 3, &bad)); /* overlong '/' */
    assert_int_equal(bad, 1);
    assert_false(sl_utf8_valid("\xed\xa0\x80", 3, &bad)); /* surrogate */
    assert_false(sl_utf8_valid("\xe2\x82", 2, &bad));     /* truncated */
    assert_false(sl_utf8_valid("\xf4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
    assert_true(sl_utf8_valid("", 0, &bad));
}

static void test_text__edit_distance_by_hand(void **state)
{
    (void)state;
    assert_int_equal(sl_edit_distance("kitten", "sitting", 10), 3);
    assert_int_equal(sl_edit_distance("deadline", "deadlin", 10), 1);
    assert_int_equal(sl_edit_distance("", "abc", 10), 3);
    assert_int_equal(sl_edit_distance("abc", "abc", 10), 0);
    assert_int_equal(sl_edit_distance("abcdef", "uvwxyz", 2), 3); /* capped at limit + 1 */
}

static void test_text__nearest_suggests_close_words_only(void **state)
{
    (void)state;
    const char *keys[] = {"deadline", "start", "currency", "discount_rate"};
    assert_string_equal(sl_nearest("deadlien", keys, 4), "deadline");
    assert_string_equal(sl_nearest("curency", keys, 4), "currency");
    assert_null(sl_nearest("banana", keys, 4));
}

static void test_text__strmap_finds_every_key_and_nothing_else(void **state)
{
    (void)state;
    sl_strmap m = {0};
    static char keys[5000][16];
    for (uint32_t i = 0; i < 5000; i++) {
        snprintf(keys[i], sizeof keys[i], "vm%04u", i);
        uint32_t existing;
        assert_int_equal(sl_strmap_put(&m, keys[i], i, &existing), 0);
        assert_int_equal(existing, SL_NONE);
    }
    uint32_t existing;
    assert_int_equal(sl_strmap_put(&m, "vm0042", 7, &existing), 0);
    assert_int_equal(existing, 42);
    for (uint32_t i = 0; i < 5000; i++)
        assert_int_equal(sl_strmap_get(&m, keys[i]), i);
    assert_int_equal(sl_strmap_get(&m, "vm5000"), SL_NONE);
    assert_int_equal(sl_strmap_getn(&m, "vm0001xyz", 6), 1);
    sl_strmap_free(&m);
}

static void test_text__arena_and_buffers(void **state)
{
    (void)state;
    sl_arena *a = sl_arena_new();
    assert_non_null(a);
    char *big = sl_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    memset(big, 1, 1 << 20);
    for (int i = 0; i < 10000; i++) {
        char *s = sl_arena_printf(a, "item-%d", i);
        assert_non_null(s);
        assert_true(((uintptr_t)s & 15) == 0);
    }
    assert_null(sl_arena_array(a, SIZE_MAX / 2, 4));
    sl_arena_free(a);
    sl_buf b = {0};
    sl_buf_printf(&b, "%d-%s", 12, "x");
    sl_buf_puts(&b, "yz");
    assert_string_equal(b.data, "12-xyz");
    sl_buf_free(&b);
}

static char *escaped(const char *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    sl_term_escape(f, s);
    fclose(f);
    return text;
}

/* What reaches a terminal: C0, DEL, C1, bidi overrides, line separators
 * and bytes that are not UTF-8 as visible escapes; text untouched. */
static void test_text__terminal_escapes_every_control(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"plain åäö \xe2\x82\xac", "plain åäö \xe2\x82\xac"},
        {"\x1b[31mred\x07\x08", "\\x1b[31mred\\x07\\x08"},
        {"a\nb\tc\rd\x7f", "a\\nb\\tc\\rd\\x7f"},
        {"c1 \xc2\x9b" "2J", "c1 \\u009b2J"},
        {"rtl \xe2\x80\xae" "gpj.exe", "rtl \\u202egpj.exe"},
        {"bad \xff\xc3 end", "bad \\xff\\xc3 end"},
        {"cut \xe2\x82", "cut \\xe2\\x82"},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(cases); i++) {
        char *got = escaped(cases[i][0]);
        assert_string_equal(got, cases[i][1]);
        free(got);
    }
}

/* The writers' FILE: the same escapes, whatever size the pieces come in,
 * newlines kept, and colour only when asked for and only as the writers
 * write it (SL_TERM_SGR). */
static void test_text__terminal_file_escapes_across_writes(void **state)
{
    (void)state;
    for (int color = 0; color < 2; color++) {
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        sl_term *t;
        FILE *f = sl_term_open(out, color, &t);
        assert_non_null(f);
        setvbuf(f, NULL, _IONBF, 0); /* every byte its own write */
        const char *in = "x\xe2\x80\xae\n" SL_TERM_SGR "[1mbold" SL_TERM_SGR "[0m\x1b[2J\xc3";
        for (const char *p = in; *p; p++)
            fputc(*p, f);
        assert_int_equal(sl_term_close(f, t, 0), 0);
        fclose(out);
        assert_string_equal(text, color ? "x\\u202e\n\x1b[1mbold\x1b[0m\\x1b[2J\\xc3"
                                        : "x\\u202e\n\\xff[1mbold\\xff[0m\\x1b[2J\\xc3");
        free(text);
    }
}

/* The form follows the number as shown: 1 and "1" take the singular,
 * 1.5 and "1.0" (decimals shown) the plural, 0.6 shown as a whole "1"
 * the singular (issue 16: "1 more migration hours"). */
static const char *said(sl_arena *a, const char *one, const char *many, double n)
{
    sl_phrase_builder b;
    sl_phrase p;
    sl_pb_begin(&b, a, one);
    sl_pb_plural(&b, many, "n");
    sl_pb_num(&b, "n", n);
    assert_true(sl_pb_end(&b, &p));
    return sl_phrase_text(a, &p, NULL, NULL);
}

static void test_text__a_phrase_plural_follows_the_number_shown(void **state)
{
    (void)state;
    sl_arena *a = sl_arena_new();
    assert_non_null(a);
    const char *g1 = "{n:g} more hour", *gn = "{n:g} more hours";
    assert_string_equal(said(a, g1, gn, 1), "1 more hour");
    assert_string_equal(said(a, g1, gn, 2), "2 more hours");
    assert_string_equal(said(a, g1, gn, 1.5), "1.5 more hours");
    assert_string_equal(said(a, g1, gn, 0.5), "0.5 more hours");
    assert_string_equal(said(a, "{n:num1} week", "{n:num1} weeks", 1), "1.0 weeks");
    assert_string_equal(said(a, "{n:int} rack", "{n:int} racks", 0.6), "1 rack");
    assert_string_equal(said(a, "{n:int} rack", "{n:int} racks", 1.6), "2 racks");
    sl_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text__utf8_accepts_valid_and_locates_invalid),
        cmocka_unit_test(test_text__edit_distance_by_hand),
        cmocka_unit_test(test_text__nearest_suggests_close_words_only),
        cmocka_unit_test(test_text__strmap_finds_every_key_and_nothing_else),
        cmocka_unit_test(test_text__arena_and_buffers),
        cmocka_unit_test(test_text__terminal_escapes_every_control),
        cmocka_unit_test(test_text__terminal_file_escapes_across_writes),
        cmocka_unit_test(test_text__a_phrase_plural_follows_the_number_shown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
