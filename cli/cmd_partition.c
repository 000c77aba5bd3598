/* SPDX-License-Identifier: MIT */
/*
 * cmd_partition.c - `samlok partition GRAPH K`: partition a METIS-format
 * graph into K parts with the partitioner the group stage uses, and print
 * the cut, the heaviest part and (with --json) the part of every vertex.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int run_partition(cli_ctx *ctx)
{
    sl_partition_options o = SL_PARTITION_OPTIONS_INIT;
    long v;
    if (!cli_parse_long(ctx->args[1], 1, 1000000, &v))
        return cli_usage_error(ctx, "K must be a whole number from 1 to 1000000, got '%s'",
                               ctx->args[1]);
    o.k = (int32_t)v;
    const char *s = cli_value(ctx, "imbalance");
    if (s) {
        /* strtod is safe here: the process never calls setlocale */
        char *end;
        errno = 0;
        double x = strtod(s, &end);
        if (errno || end == s || *end || !(x >= 0 && x <= 10))
            return cli_usage_error(ctx, "--imbalance wants a share from 0 to 10 (0.03 = 3 %%), "
                                        "got '%s'", s);
        o.imbalance = x;
    }
    if ((s = cli_value(ctx, "seeds"))) {
        if (!cli_parse_long(s, 1, 1000, &v))
            return cli_usage_error(ctx, "--seeds wants a number from 1 to 1000, got '%s'", s);
        o.seeds = (int)v;
    }
    if ((s = cli_value(ctx, "vcycles"))) {
        if (!cli_parse_long(s, 0, 1000, &v))
            return cli_usage_error(ctx, "--vcycles wants a number from 0 to 1000, got '%s'", s);
        o.vcycles = (int)v;
    }
    if ((s = cli_value(ctx, "seed"))) {
        char *end;
        errno = 0;
        unsigned long long seed = strtoull(s, &end, 10);
        if (errno || end == s || *end || s[0] == '-')
            return cli_usage_error(ctx, "--seed wants a whole number >= 0, got '%s'", s);
        o.seed = seed;
    }
    char *data = NULL;
    size_t len = 0;
    sl_graph *g = NULL;
    sl_partition *p = NULL;
    const char *path = ctx->args[0];
    int rc = sl_file_read(&data, &len, path, ctx->diag);
    if (rc == 0)
        rc = sl_graph_read(&g, path, data, len, ctx->diag);
    free(data);
    if (rc == 0)
        rc = sl_partition_run(&p, g, &o, ctx->diag);
    if (rc == 0 && !p->is_balanced) {
        /* name the cause when it is a single vertex */
        long heavy = -1, c_heavy = 0;
        for (int32_t x = 0; g->vwgt && heavy < 0 && x < g->n_vertices; x++)
            for (int32_t c = 0; c < g->n_constraints; c++)
                if (g->vwgt[(size_t)x * g->n_constraints + c] > p->limit[c]) {
                    heavy = x;
                    c_heavy = c;
                    break;
                }
        if (heavy >= 0)
            sl_diag_add(ctx->diag, SL_ERROR, path, 0, 0,
                        "vertex %ld weighs %ld, more than the limit of %lld per part",
                        heavy + 1, (long)g->vwgt[(size_t)heavy * g->n_constraints + c_heavy],
                        (long long)p->limit[c_heavy]);
        else
            sl_diag_add(ctx->diag, SL_ERROR, path, 0, 0,
                        "no partition into %ld parts within the balance limit was found",
                        (long)o.k);
        rc = SL_EINFEASIBLE;
    }
    if (rc == 0 && cli_flag(ctx, "json")) {
        rc = sl_write_partition_json(stdout, p, o.imbalance);
    } else if (rc == 0) {
        printf("%s: %ld vertices, %ld edges, k = %ld, imbalance %g\n", path,
               (long)g->n_vertices, (long)(g->xadj[g->n_vertices] / 2), (long)o.k, o.imbalance);
        printf("cut %lld\n", (long long)p->cut);
        for (int32_t c = 0; c < p->n_constraints; c++) {
            if (p->n_constraints > 1)
                printf("constraint %ld: ", (long)c + 1);
            printf("max part weight %lld, limit %lld\n", (long long)p->max_part_weight[c],
                   (long long)p->limit[c]);
        }
    }
    if (rc == 0 && fflush(stdout) != 0)
        rc = SL_EIO;
    sl_partition_free(p);
    sl_graph_free(g);
    return cli_finish(ctx, rc);
}

static const cli_option partition_options[] = {
    {"imbalance", 0, NC_("placeholder", "X"),
     N_("allowed excess of a part over ceil(total/K), default 0.03 (3 %)")},
    {"seeds", 0, NC_("placeholder", "N"), N_("METIS runs on the coarsened graph (default 8)")},
    {"vcycles", 0, NC_("placeholder", "N"),
     N_("refinement V-cycles on the best run (default: by graph size)")},
    {"seed", 0, NC_("placeholder", "N"), N_("random seed (default 0)")},
    {"json", 0, NULL, N_("print JSON: cut, max_part_weight, limit, parts (one per vertex)")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_partition = {
    .name = "partition",
    .summary = N_("partition a METIS-format graph into K parts (minimum cut, hard balance)"),
    .usage = NC_("usage", "GRAPH K"),
    .description =
        N_("Reads a graph in METIS format and splits it into K parts of at most\n"
           "(1 + imbalance) * ceil(total weight / K) each, minimising the weight of cut edges:\n"
           "METIS from several seeds, then k-way FM and V-cycles that keep the balance hard.\n"
           "Errors in the graph are reported as file:line:column: message (exit status 2)."),
    .options = partition_options,
    .min_args = 2,
    .max_args = 2,
    .run = run_partition,
};
