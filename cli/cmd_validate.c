/* SPDX-License-Identifier: MIT */
/*
 * cmd_validate.c - `samlok validate SCENARIO.yaml`: load everything, report
 * every problem, print a short summary.
 */
#include "cli.h"

static int run_validate(cli_ctx *ctx)
{
    sl_model *m = NULL;
    int rc = cli_load_model(ctx, ctx->args[0], &m);
    sl_text_options to = cli_text_options(ctx);
    if (rc == 0)
        rc = sl_write_model_summary_opts(stdout, m, &to);
    sl_model_free(m);
    return cli_finish(ctx, rc);
}

const cli_command cmd_validate = {
    .name = "validate",
    .summary = N_("check a scenario and every file it names; print a summary"),
    .usage = NC_("usage", "SCENARIO.yaml"),
    .description =
        N_("Reads the scenario, its inventories (samlok CSV or RVTools) and flow files,\n"
           "and reports every problem as file:line:column: message (exit status 2)."),
    .options = NULL,
    .reads_scenario = true,
    .min_args = 1,
    .max_args = 1,
    .run = run_validate,
};
