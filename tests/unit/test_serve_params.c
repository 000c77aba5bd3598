/* SPDX-License-Identifier: MIT */
/*
 * The parameters of `samlok serve` (serve/params.c): decoding by hand-
 * worked examples, every refusal the parser promises, the limit on
 * parameters at and past it; the token (serve/token.c): its alphabet and
 * length, and the comparison; the requests (serve/requests.c): the status
 * of each refusal.
 */
#include "helpers.h"
#include "serve.h"

#include <stdlib.h>
#include <string.h>

static int parse(sv_params *p, const char *text)
{
    const char *why = NULL;
    int rc = sv_params_parse(p, text, strlen(text), &why);
    assert_true(rc == 0 || why != NULL);
    return rc;
}

static void test_params__decode_plus_and_escapes(void **state)
{
    (void)state;
    sv_params p;
    assert_int_equal(parse(&p, "set=deadline%3D2028-06-30&x=a+b%20c&&empty=&bare"), 0);
    assert_int_equal(p.n, 4);
    assert_string_equal(p.items[0].name, "set");
    assert_string_equal(p.items[0].value, "deadline=2028-06-30");
    assert_string_equal(sv_param(&p, "x"), "a b c");
    assert_string_equal(sv_param(&p, "empty"), "");
    assert_string_equal(sv_param(&p, "bare"), "");
    assert_null(sv_param(&p, "nothing"));
    sv_params_remove(&p, "x");
    assert_int_equal(p.n, 3);
    assert_null(sv_param(&p, "x"));
    sv_params_free(&p);
    assert_int_equal(parse(&p, ""), 0);
    assert_int_equal(p.n, 0);
    sv_params_free(&p);
    /* UTF-8 of four bytes, an emoji, and the Swedish letters */
    assert_int_equal(parse(&p, "a=%F0%9F%98%80&b=%C3%A5%C3%A4%C3%B6"), 0);
    assert_string_equal(sv_param(&p, "a"), "\xf0\x9f\x98\x80");
    assert_string_equal(sv_param(&p, "b"), "\xc3\xa5\xc3\xa4\xc3\xb6");
    sv_params_free(&p);
}

static void test_params__refuse_bad_text_whole(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "a=%",
        "a=%4",
        "a=%G0",
        "a=%4G",
        "a=1&b=%",
        "a=%00",
        "a=%1F",
        "a=%7F",
        "a=\x01",
        "a=%0A",
        "a=%C3%28",
        "a=%C0%AF",
        "a=%ED%A0%80",
        "a=%F4%90%80%80",
        "a=%FF",
        "a=%E2%82",
        "A=1",
        "a1=1",
        "=1",
        "a-b=1",
        "abcdefghijklmnopqrstuvwxyzabcdefg=1",
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(bad); i++) {
        sv_params p = {7, (sv_pair *)1};
        if (parse(&p, bad[i]) != SL_EINPUT)
            fail_msg("took %s", bad[i]);
        assert_int_equal(p.n, 0);
        assert_null(p.items);
    }
}

static void test_params__at_most_256(void **state)
{
    (void)state;
    char text[256 * 4 + 8] = "";
    for (int i = 0; i < 256; i++)
        strcat(text, i ? "&a=1" : "a=1");
    sv_params p;
    assert_int_equal(parse(&p, text), 0);
    assert_int_equal(p.n, 256);
    sv_params_free(&p);
    strcat(text, "&a=1");
    assert_int_equal(parse(&p, text), SL_EINPUT);
}

static void test_token__is_url_safe_random_and_compared_exactly(void **state)
{
    (void)state;
    char a[64], b[64];
    assert_int_equal(sv_random_text(a, sizeof a, SV_TOKEN_BYTES), 0);
    assert_int_equal(sv_random_text(b, sizeof b, SV_TOKEN_BYTES), 0);
    assert_int_equal(strlen(a), 43); /* 256 bits, 6 a character */
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     43);
    assert_string_not_equal(a, b);
    assert_int_equal(sv_random_text(a, 10, SV_TOKEN_BYTES), SL_EUSAGE);
    assert_true(sv_token_equal("secret", "secret"));
    assert_false(sv_token_equal("secret", "secreT"));
    assert_false(sv_token_equal("secret", "secre"));
    assert_false(sv_token_equal("secret", "secrets"));
    assert_false(sv_token_equal("secret", ""));
    assert_false(sv_token_equal("secret", "xecret"));
}

static sl_workspace *demo_workspace(void)
{
    sl_demo *demo = NULL;
    assert_int_equal(sl_demo_generate(&demo, 2014, NULL), 0);
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = demo->n_files;
    lo.memfiles = demo->files;
    sl_workspace *ws = NULL;
    assert_int_equal(sl_workspace_open(&ws, demo->files[0].path, &lo, NULL), 0);
    sl_demo_free(demo);
    return ws;
}

static int plan_status(const sl_workspace *ws, const char *body)
{
    sv_params p;
    if (parse(&p, body))
        return 400; /* as http.c answers a malformed body */
    sv_strings sets;
    sv_error e;
    int rc = sv_plan_request(&sets, &p, ws, NULL, &e);
    sv_params_free(&p);
    if (rc == 0) {
        sv_strings_free(&sets);
        return 202;
    }
    return e.status;
}

static int sweep_status(const sl_workspace *ws, const char *body, size_t *n_sets)
{
    sv_params p;
    assert_int_equal(parse(&p, body), 0);
    sv_sweep_request r;
    sv_error e;
    int rc = sv_sweep_request_parse(&r, &p, ws, NULL, &e);
    sv_params_free(&p);
    if (rc)
        return e.status;
    *n_sets = r.sets.n;
    sv_sweep_request_free(&r);
    return 202;
}

static void test_requests__refusals_carry_their_status(void **state)
{
    (void)state;
    sl_workspace *ws = demo_workspace();
    assert_int_equal(plan_status(ws, ""), 202); /* back to the scenario as loaded */
    assert_int_equal(plan_status(ws, "set=deadline%3D2028-06-30&set=agencies.SKV.joins%3Dfalse"),
                     202);
    assert_int_equal(plan_status(ws, "set=seed%3D3"), 400);
    assert_int_equal(plan_status(ws, "set=deadline%3D2028-02-30"), 400);
    assert_int_equal(plan_status(ws, "sets=deadline%3D2028-06-30"), 400);
    assert_int_equal(plan_status(ws, "set=agencies.SKV.inventory%3Dx.csv"), 403);
    assert_int_equal(plan_status(ws, "set=agencies.SKV.flows%3Dx.csv"), 403);
    size_t n = 9;
    assert_int_equal(sweep_status(ws,
                                  "x=deadline&xv=2028-06-30&xv=2028-12-31&"
                                  "y=agencies.SKV.staff.migration_hours_per_week&yv=300&"
                                  "set=deadline%3D2029-01-31&set=agencies.AGY.budget%3D1",
                                  &n),
                     202);
    assert_int_equal(n, 1); /* the override on an axis is dropped */
    assert_int_equal(sweep_status(ws, "x=deadline&xv=2028-06-30&y=deadline&yv=2028-06-30", &n),
                     400);
    assert_int_equal(sweep_status(ws, "x=deadline&xv=2028-06-30&y=agencies.SKV.joins", &n), 400);
    assert_int_equal(sweep_status(ws, "x=deadline&xv=nope&y=agencies.SKV.joins&yv=true", &n), 400);
    assert_int_equal(sweep_status(ws, "x=agencies.SKV.inventory&xv=a&y=deadline&yv=2028-01-01", &n),
                     403);
    char many[1024] = "x=deadline&y=agencies.SKV.joins&yv=true";
    for (int i = 1; i <= SV_MAX_SWEEP_VALUES + 1; i++) {
        char v[32];
        snprintf(v, sizeof v, "&xv=2028-01-%02d", i);
        strcat(many, v);
    }
    assert_int_equal(sweep_status(ws, many, &n), 400);
    sl_workspace_free(ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params__decode_plus_and_escapes),
        cmocka_unit_test(test_params__refuse_bad_text_whole),
        cmocka_unit_test(test_params__at_most_256),
        cmocka_unit_test(test_token__is_url_safe_random_and_compared_exactly),
        cmocka_unit_test(test_requests__refusals_carry_their_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
