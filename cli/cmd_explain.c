/* SPDX-License-Identifier: MIT */
/*
 * cmd_explain.c - `samlok explain SCENARIO.yaml --agency ID`: one agency's
 * verdict in plain text, its reasons and drivers, and the cheapest single
 * change in the scenario's adjustable space that would flip it.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

static int parse_count(cli_ctx *ctx, const char *name, long lo, long hi, long *out)
{
    const char *v = cli_value(ctx, name);
    if (!v)
        return 0;
    if (!cli_parse_long(v, lo, hi, out))
        return cli_usage_error(ctx, "--%s wants a number from %ld to %ld, got '%s'", name, lo, hi,
                               v);
    return 0;
}

static int run_explain(cli_ctx *ctx)
{
    const char *agency = cli_value(ctx, "agency");
    if (!agency)
        return cli_usage_error(ctx, "--agency ID is required");
    long iterations = 0, max_runs = 0;
    if (parse_count(ctx, "search-iterations", 1, SL_MAX_ITERATIONS, &iterations) ||
        parse_count(ctx, "max-runs", 1, 100000, &max_runs))
        return 2;
    sl_explain_options eo = SL_EXPLAIN_OPTIONS_INIT;
    eo.iterations = iterations;
    eo.max_runs = (size_t)max_runs;
    if (!ctx->quiet)
        eo.progress = cli_progress_bar;
    sl_demo *demo = NULL;
    const char *path = NULL;
    int rc = cli_scenario_source(ctx, ctx->args[0], &demo, &ctx->load, &path);
    sl_explanation *e = NULL;
    if (!rc) {
        if (!ctx->quiet)
            ctx->plan.progress = cli_progress_bar;
        rc = sl_explain_run(&e, path, &ctx->load, agency, &ctx->plan, &eo, ctx->diag);
    }
    sl_text_options to = cli_text_options(ctx);
    if (!rc)
        rc = sl_write_explain_text_opts(stdout, e, &to);
    sl_explanation_free(e);
    sl_demo_free(demo);
    return cli_finish(ctx, rc);
}

static const cli_option explain_options[] = {
    {"agency", 0, NC_("placeholder", "ID"), N_("the agency whose verdict to explain (required)")},
    {"search-iterations", 0, NC_("placeholder", "N"),
     N_("Monte Carlo iterations per tried change (default 2000)")},
    {"max-runs", 0, NC_("placeholder", "N"),
     N_("changes tried at most, cheapest first (default 200)")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_explain = {
    .name = "explain",
    .summary = N_("explain an agency's verdict and the cheapest change that flips it"),
    .usage = NC_("usage", "SCENARIO.yaml --agency ID"),
    .description =
        N_("Plans the scenario, then prints the agency's verdict, the reasons that decided it,\n"
           "what would make it go (the decisions for every objecting rule, applied together\n"
           "and re-run), what each gate's refusal would mean, and the inputs that move its\n"
           "schedule most. Then it tries single decisions, cheapest first, that act on a rule\n"
           "that objects: each value the scenario lists under `adjustable` (never a gate's\n"
           "outcome) and the agency's own migration hours and budget, re-running the pipeline\n"
           "for each with the same seed, and reports the cheapest change that improves the\n"
           "verdict, or that none does. SCENARIO may be :demo.\n"
           "  samlok explain :demo --agency SKV"),
    .options = explain_options,
    .has_pipeline_options = true,
    .min_args = 1,
    .max_args = 1,
    .run = run_explain,
};
