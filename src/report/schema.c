/* SPDX-License-Identifier: MIT */
/*
 * schema.c - the JSON Schema of the plan document. The schema is kept as
 * a JSON file beside the writers (plan.schema.json, the one place to
 * extend when a writer adds a key) and built into the library as a string
 * by tools/embed.py, so the binary prints exactly the reviewed file and
 * reads nothing at run time. The tests validate every plan they write
 * against that file (tests/schema/check_schema.py).
 */
#include "core/core.h"
#include "report/plan_schema.h" /* generated from plan.schema.json */

const char *sl_plan_schema(void)
{
    return sl_plan_schema_json;
}

int sl_write_plan_schema(FILE *out)
{
    size_t n = sizeof sl_plan_schema_json - 1;
    return fwrite(sl_plan_schema_json, 1, n, out) == n ? 0 : SL_EIO;
}
