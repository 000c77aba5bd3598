/* SPDX-License-Identifier: MIT */
/*
 * cmd_pack.c - `samlok pack FILE.vbp [--json]`: pack a standalone vector
 * bin packing instance (VPSolver's .vbp format) with the engine placement
 * uses, and print the bins, the lower bound and the assignment, so anyone
 * can check the packer against published results.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

static int run_pack(cli_ctx *ctx)
{
    sl_pack_options opts = SL_PACK_OPTIONS_INIT;
    const char *effort = cli_value(ctx, "effort");
    if (effort) {
        char *end;
        errno = 0;
        long v = strtol(effort, &end, 10);
        if (errno || end == effort || *end || v < 0 || v > 1000)
            return cli_usage_error(ctx, "--effort wants a whole number from 0 to 1000, got '%s'",
                                   effort);
        opts.effort = (double)v;
    }
    const char *seed = cli_value(ctx, "seed");
    if (seed) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(seed, &end, 10);
        if (errno || end == seed || *end || seed[0] == '-')
            return cli_usage_error(ctx, "--seed wants a whole number >= 0, got '%s'", seed);
        opts.seed = v;
    }
    char *data = NULL;
    size_t len = 0;
    sl_vbp *v = NULL;
    sl_packing *pk = NULL;
    sl_pack_problem prob;
    int rc = sl_file_read(&data, &len, ctx->args[0], ctx->diag);
    if (rc == 0)
        rc = sl_vbp_read(&v, ctx->args[0], data, len, ctx->diag);
    free(data);
    if (rc == 0)
        rc = sl_vbp_problem(&prob, v);
    if (rc == 0)
        rc = sl_pack_solve(&pk, &prob, &opts, ctx->diag);
    if (rc == 0)
        rc = cli_flag(ctx, "json") ? sl_write_pack_json(stdout, v, pk)
                                   : sl_write_pack_text(stdout, v, pk);
    if (rc == 0 && fflush(stdout) != 0)
        rc = SL_EIO;
    sl_packing_free(pk);
    sl_vbp_free(v);
    return cli_finish(ctx, rc);
}

static const cli_option pack_options[] = {
    {"json", 0, NULL, N_("print the packing as JSON (bins, lower_bound, assignment)")},
    {"effort", 0, NC_("placeholder", "N"),
     N_("local-search work, a multiple of the default (0 = construction only)")},
    {"seed", 0, NC_("placeholder", "N"),
     N_("seed of the local search's random choices (default 1)")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_pack = {
    .name = "pack",
    .summary = N_("pack a vector bin packing instance (.vbp) and show its lower bound"),
    .usage = NC_("usage", "FILE.vbp"),
    .description =
        N_("Reads VPSolver's .vbp format: the number of dimensions d; d bin capacities;\n"
           "the number of item types m; m lines of d sizes and a demand. Prints the bins\n"
           "used, the lower bound (L1, Martello-Toth L2, clique, and the arc-flow LP on\n"
           "small instances) and, with --json, the bin of every copy of every type.\n"
           "The result is the same on every run and machine for the same file and seed."),
    .options = pack_options,
    .min_args = 1,
    .max_args = 1,
    .run = run_pack,
};
