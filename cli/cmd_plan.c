/* SPDX-License-Identifier: MIT */
/*
 * cmd_plan.c - `samlok plan SCENARIO.yaml [--json OUT.json]`: run the whole
 * pipeline and write the plan document.
 */
#include "cli.h"

#include <time.h>

typedef struct plan_job {
    const sl_plan *plan;
    sl_diag *d;
} plan_job;

static int fill_json(FILE *f, void *user)
{
    plan_job *job = user;
    return sl_write_json(f, job->plan, job->d);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int run_plan(cli_ctx *ctx)
{
    sl_model *m = NULL;
    sl_plan *p = NULL;
    double t_load = 0;
    int rc = cli_plan_scenario(ctx, ctx->args[0], &m, &p, &t_load);
    const char *json = cli_value(ctx, "json");
    double t0 = now();
    if (rc == 0 && json) {
        plan_job job = {p, ctx->diag};
        rc = cli_write_file(ctx, json, fill_json, &job);
    }
    sl_text_options to = cli_text_options(ctx);
    if (rc == 0 && !json)
        rc = sl_write_text_opts(stdout, p, &to);
    if (rc == 0 && cli_flag(ctx, "timings"))
        fprintf(stderr,
                "timings (s): load %.3f, assess %.3f, place %.3f, group %.3f, schedule %.3f, "
                "simulate %.3f, cost %.3f, review %.3f, write %.3f\n",
                t_load, p->seconds_assess, p->seconds_place, p->seconds_group,
                p->seconds_schedule, p->seconds_simulate, p->seconds_cost_risk,
                p->seconds_review, now() - t0);
    if (rc == 0 && cli_flag(ctx, "timings"))
        fprintf(stderr,
                "cpu (s): assess %.3f, place %.3f, group %.3f, schedule %.3f, simulate %.3f "
                "(this thread), cost %.3f\n",
                p->cpu_assess, p->cpu_place, p->cpu_group, p->cpu_schedule, p->cpu_simulate,
                p->cpu_cost_risk);
    sl_plan_free(p);
    sl_model_free(m);
    return cli_finish(ctx, rc);
}

static const cli_option plan_options[] = {
    {"json", 0, NC_("placeholder", "OUT.json"),
     N_("write the plan document as JSON ('-' for standard output)")},
    {"timings", 0, NULL, N_("print each stage's wall and CPU seconds to standard error")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_plan = {
    .name = "plan",
    .summary = N_("compute the plan for a scenario"),
    .usage = NC_("usage", "SCENARIO.yaml"),
    .description =
        N_("Runs assess, place, group, schedule, simulate, cost and risk, and writes the\n"
           "plan document. Without --json it prints the terminal summary."),
    .options = plan_options,
    .has_pipeline_options = true,
    .min_args = 1,
    .max_args = 1,
    .run = run_plan,
};
