/* SPDX-License-Identifier: MIT */
/*
 * cmd_schema.c - `samlok schema [--out FILE]`: the JSON Schema (draft
 * 2020-12) of the plan document that `samlok plan --json` writes, for
 * integrators to validate against. Written through the run's outputs like
 * every other file, so `--out` replaces a file whole or not at all.
 */
#include "cli.h"

static int fill_schema(FILE *f, void *user)
{
    (void)user;
    return sl_write_plan_schema(f);
}

static int run_schema(cli_ctx *ctx)
{
    const char *out = cli_value(ctx, "out");
    int rc = cli_write_file(ctx, out ? out : "-", fill_schema, NULL);
    if (rc == 0 && out && !sl_output_is_stdout(out))
        cli_say_wrote(ctx, out, "");
    return cli_finish(ctx, rc);
}

static const cli_option schema_options[] = {
    {"out", 'o', NC_("placeholder", "FILE"),
     N_("write the schema to FILE instead of standard output")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_schema = {
    .name = "schema",
    .summary = N_("print the JSON Schema of the plan document"),
    .usage = "",
    .description =
        N_("Prints the JSON Schema (draft 2020-12) of the plan document that\n"
           "`samlok plan --json` writes and `samlok report PLAN.json` reads: every key,\n"
           "its type, range and meaning, which keys are required and where a figure may\n"
           "be null. Validate a plan with any draft 2020-12 validator, e.g.\n"
           "`python3 -m jsonschema -i plan.json schema.json`."),
    .options = schema_options,
    .min_args = 0,
    .max_args = 0,
    .run = run_schema,
};
