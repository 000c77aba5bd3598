/* SPDX-License-Identifier: MIT */
/*
 * The plan document's JSON Schema (sl_plan_schema, src/report/plan.schema.json)
 * against the library's own names: every enumeration of the schema holds
 * exactly the words the writers can print for it (sl_readiness_name,
 * sl_verdict_name, ...), so a value a test plan happens not to show (a
 * tornado measure, a gate kind, a distribution) cannot be missing from the
 * schema, and the schema promises no word the library never writes. The
 * format version is the library's. tests/schema/check_schema.py validates
 * whole plan documents against the same schema.
 */
#include "helpers.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The names of one enumeration of the library, n of them. */
typedef struct names {
    const char *list[32];
    size_t n;
} names;

static json_t *load_schema(void)
{
    json_error_t err;
    json_t *s = json_loads(sl_plan_schema(), 0, &err);
    if (!s)
        fail_msg("the built-in schema is not JSON: %d:%d: %s", err.line, err.column, err.text);
    return s;
}

/* The schema at a path of keys (NULL-terminated). */
static json_t *at(json_t *s, ...)
{
    va_list ap;
    va_start(ap, s);
    for (const char *k = va_arg(ap, const char *); k && s; k = va_arg(ap, const char *))
        s = json_object_get(s, k);
    va_end(ap);
    if (!s)
        fail_msg("a path of the schema is missing");
    return s;
}

/* The enumeration at e equals the names, as sets, in both directions. */
static void same_words(json_t *e, const names *want, const char *what)
{
    assert_true(json_is_array(e));
    for (size_t i = 0; i < want->n; i++) {
        bool found = false;
        for (size_t k = 0; k < json_array_size(e) && !found; k++)
            found = strcmp(json_string_value(json_array_get(e, k)), want->list[i]) == 0;
        if (!found)
            fail_msg("%s: the library writes '%s', the schema does not list it", what,
                     want->list[i]);
    }
    for (size_t k = 0; k < json_array_size(e); k++) {
        const char *w = json_string_value(json_array_get(e, k));
        bool found = false;
        for (size_t i = 0; i < want->n && w && !found; i++)
            found = strcmp(w, want->list[i]) == 0;
        if (!found)
            fail_msg("%s: the schema lists '%s', which the library never writes", what,
                     w ? w : "(not a string)");
    }
}

#define NAMES(fn, type, count)                                                                     \
    do {                                                                                           \
        nm.n = 0;                                                                                  \
        for (int i_ = 0; i_ < (int)(count); i_++)                                                  \
            nm.list[nm.n++] = fn((type)i_);                                                        \
    } while (0)

static void test_schema__enumerations_are_the_names_the_writers_print(void **state)
{
    (void)state;
    json_t *s = load_schema();
    json_t *defs = at(s, "$defs", NULL);
    names nm;

    NAMES(sl_readiness_name, sl_readiness, SL_N_READINESS);
    same_words(at(defs, "readiness", "enum", NULL), &nm, "readiness");
    NAMES(sl_reason_name, sl_reason_code, SL_N_REASONS);
    same_words(at(defs, "readiness_reason", "enum", NULL), &nm, "readiness reasons");
    NAMES(sl_disposition_name, sl_disposition, SL_N_DISPOSITIONS);
    same_words(at(defs, "disposition", "enum", NULL), &nm, "dispositions");
    NAMES(sl_unsched_name, sl_unsched_reason, SL_N_UNSCHED);
    same_words(at(defs, "unscheduled_reason", "enum", NULL), &nm, "unscheduled reasons");
    NAMES(sl_binds_name, sl_binds, SL_N_BINDS);
    same_words(at(defs, "binds", "enum", NULL), &nm, "what binds");
    NAMES(sl_verdict_name, sl_verdict_kind, SL_VERDICT_OUT + 1);
    same_words(at(defs, "verdict_name", "enum", NULL), &nm, "verdicts");
    NAMES(sl_tornado_measure_name, sl_tornado_measure, SL_TORNADO_SPEARMAN + 1);
    same_words(at(defs, "tornado_measure", "enum", NULL), &nm, "tornado measures");
    NAMES(sl_cost_line_name, sl_cost_line, SL_COST_N_LINES);
    same_words(at(defs, "cost_line", "enum", NULL), &nm, "cost lines");
    NAMES(sl_dim_name, sl_dim, SL_N_DIMS);
    same_words(at(defs, "dim", "enum", NULL), &nm, "dimensions");
    NAMES(sl_risk_category_name, sl_risk_category, SL_RISK_N_CATEGORIES);
    same_words(at(defs, "risk", "properties", "category", "enum", NULL), &nm, "risk categories");
    NAMES(sl_gate_kind_name, sl_gate_kind, SL_GATE_OTHER + 1);
    same_words(at(defs, "calendar", "properties", "gates", "items", "properties", "kind", "enum",
                  NULL),
               &nm, "gate kinds");
    NAMES(sl_dist_kind_name, sl_dist_kind, SL_DIST_LOGNORMAL + 1);
    same_words(at(defs, "assumption", "properties", "dist", "enum", NULL), &nm, "distributions");

    nm.n = 0;
    const unsigned rules[] = {SL_ISOLATE_AGENCY, SL_ISOLATE_SECURITY_CLASS, SL_ISOLATE_ENV};
    for (size_t i = 0; i < SL_ARRAY_LEN(rules); i++)
        nm.list[nm.n++] = sl_isolation_name(rules[i]);
    same_words(at(defs, "isolation_rule", "enum", NULL), &nm, "isolation rules");

    nm.n = 0;
    nm.list[nm.n++] = sl_role_name(SL_ROLE_HOST);
    nm.list[nm.n++] = sl_role_name(SL_ROLE_JOINING);
    same_words(at(defs, "scenario", "properties", "agencies", "items", "properties", "role", "enum",
                  NULL),
               &nm, "agency roles");
    json_decref(s);
}

static void test_schema__describes_the_format_version_the_library_writes(void **state)
{
    (void)state;
    json_t *s = load_schema();
    assert_int_equal(json_integer_value(at(s, "properties", "samlok", "const", NULL)),
                     SL_FORMAT_VERSION);
    assert_string_equal(json_string_value(at(s, "$schema", NULL)),
                        "https://json-schema.org/draft/2020-12/schema");
    json_decref(s);
}

static void test_schema__is_written_whole(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(sl_write_plan_schema(f), 0);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(len, strlen(sl_plan_schema()));
    assert_memory_equal(buf, sl_plan_schema(), len);
    assert_int_equal(buf[len - 1], '\n');
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schema__enumerations_are_the_names_the_writers_print),
        cmocka_unit_test(test_schema__describes_the_format_version_the_library_writes),
        cmocka_unit_test(test_schema__is_written_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
