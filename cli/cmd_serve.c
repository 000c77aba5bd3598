/* SPDX-License-Identifier: MIT */
/*
 * cmd_serve.c - `samlok serve SCENARIO [--port N] [--bind ADDR]`: the
 * what-if table for a meeting. Opens a workspace on the scenario (every
 * file it names read once, into memory) and serves it as a local web page
 * (serve/) until interrupted; the first line on standard output is the
 * page's address with its token.
 */
#include "cli.h"
#include "../serve/serve.h"

#include <string.h>

static int run_serve(cli_ctx *ctx)
{
    long port = 0, quick = 1000;
    const char *v = cli_value(ctx, "port");
    if (v && !cli_parse_long(v, 0, 65535, &port))
        return cli_usage_error(ctx, "--port wants a number from 0 to 65535, got '%s'", v);
    v = cli_value(ctx, "quick-iterations");
    if (v && !cli_parse_long(v, 1, SL_MAX_ITERATIONS, &quick))
        return cli_usage_error(ctx, "--quick-iterations wants a number from 1 to %d, got '%s'",
                               SL_MAX_ITERATIONS, v);
    sl_demo *demo = NULL;
    sl_load_options load = ctx->load;
    const char *path = NULL;
    sl_workspace *ws = NULL;
    int rc = cli_scenario_source(ctx, ctx->args[0], &demo, &load, &path);
    if (rc == 0)
        rc = sl_workspace_open(&ws, path, &load, ctx->diag);
    sl_demo_free(demo); /* the workspace keeps its own copies */
    if (rc)
        return cli_finish(ctx, rc);
    sl_diag_write(ctx->diag, stderr); /* warnings of the load */
    sv_config cfg = {ctx->plan.iterations, quick,          ctx->plan.threads,
                     ctx->plan.has_seed,   ctx->plan.seed, ctx->lang};
    sv_session *s = NULL;
    rc = sv_session_new(&s, ws, &cfg);
    int status = 1;
    if (rc == 0) {
        sv_server_options so = {cli_value(ctx, "bind"), (unsigned)port};
        status = sv_serve(s, &so);
    } else {
        fprintf(stderr, "samlok serve: %s\n", sl_strerror(rc));
    }
    sv_session_free(s);
    sl_workspace_free(ws);
    return status;
}

static const cli_option serve_options[] = {
    {"port", 0, NC_("placeholder", "N"),
     N_("the port to listen on; 0 (the default) picks a free one")},
    {"bind", 0, NC_("placeholder", "ADDR"),
     N_("the address to listen on (default 127.0.0.1: this machine only)")},
    {"quick-iterations", 0, NC_("placeholder", "N"),
     N_("Monte Carlo iterations of the quick pass shown first, and of each sweep point "
        "(default 1000)")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_serve = {
    .name = "serve",
    .summary = N_("a local web page to change the scenario and see the plan change"),
    .usage = NC_("usage", "SCENARIO.yaml"),
    .description =
        N_("Serves the scenario as a page with controls for the deadline, each joining agency's\n"
           "staff hours, budget and participation, each gate's outcome and every `adjustable`\n"
           "value; each change re-plans (a quick pass, then the full count) and shows the\n"
           "report's verdicts and figures, marked where they differ from the scenario as loaded.\n"
           "It keeps the variants tried (compare, export) and sweeps two controls. The first\n"
           "line on standard output is the address with its access token; the server runs\n"
           "until interrupted (Ctrl-C). `:demo` names the built-in demo."),
    .options = serve_options,
    .has_pipeline_options = true,
    .min_args = 1,
    .max_args = 1,
    .run = run_serve,
};
