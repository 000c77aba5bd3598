/* SPDX-License-Identifier: MIT */
/*
 * cmd_init.c - `samlok init DIR`: a commented starter scenario and the
 * empty CSV files it names, to fill in.
 */
#include "cli.h"

static int run_init(cli_ctx *ctx)
{
    int rc = sl_starter_write(ctx->args[0], ctx->diag);
    if (rc == 0)
        printf("wrote %s/scenario.yaml, inventory.csv and flows.csv\n"
               "next: fill them in, then `samlok validate %s/scenario.yaml`\n",
               ctx->args[0], ctx->args[0]);
    return cli_finish(ctx, rc);
}

const cli_command cmd_init = {
    .name = "init",
    .summary = N_("write a commented starter scenario and empty CSV files into DIR"),
    .usage = NC_("usage", "DIR"),
    .description =
        N_("Writes DIR/scenario.yaml (one host agency with the target site, one joining\n"
           "agency with its hall), and DIR/inventory.csv and DIR/flows.csv with their\n"
           "header rows only. It validates as written. Existing files are never\n"
           "overwritten."),
    .options = NULL,
    .min_args = 1,
    .max_args = 1,
    .run = run_init,
};
