/* SPDX-License-Identifier: MIT */
/*
 * cmd_compare.c - `samlok compare A.yaml B.yaml [...]`: plan several
 * scenarios and show them side by side, differences marked.
 *
 * Each argument is a scenario with optional overrides of its own:
 *   FILE[@PATH=VALUE[@PATH=VALUE...]]     e.g. demo/scenario.yaml@deadline=2028-12-31
 *   :demo[@PATH=VALUE...]                  the built-in demo
 * --set applies to every scenario, before the scenario's own overrides.
 * An argument naming an existing file is taken whole, so a file name may
 * hold '@'; a value may not.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SCENARIOS 16

typedef struct scenario {
    const char *label;
    char *spec; /* a copy of the argument, cut at each '@' */
    const char *path;
    const char *sets[SL_MAX_SETS];
    size_t n_sets;
    sl_demo *demo;
    sl_model *model;
    sl_plan *plan;
} scenario;

typedef struct compare_job {
    size_t n;
    const sl_plan *const *plans;
    const char *const *labels;
    sl_diag *d;
    sl_text_options to;
} compare_job;

static int fill_json(FILE *f, void *user)
{
    compare_job *job = user;
    return sl_write_compare_json(f, job->n, job->plans, job->labels, job->d);
}

static int fill_html(FILE *f, void *user)
{
    compare_job *job = user;
    return sl_write_compare_html_opts(f, job->n, job->plans, job->labels, &job->to);
}

/* Splits "FILE@A=1@B=2" into the file and its overrides. */
static int parse_spec(cli_ctx *ctx, scenario *s, const char *arg)
{
    s->label = arg;
    s->spec = malloc(strlen(arg) + 1);
    if (!s->spec)
        return SL_ENOMEM;
    memcpy(s->spec, arg, strlen(arg) + 1);
    for (size_t i = 0; i < ctx->n_sets; i++)
        s->sets[s->n_sets++] = ctx->sets[i];
    s->path = s->spec;
    if (strcmp(arg, CLI_DEMO) == 0 || access(arg, F_OK) == 0)
        return 0;
    char *at = strchr(s->spec, '@');
    while (at) {
        *at = '\0';
        char *item = at + 1;
        at = strchr(item, '@');
        if (at)
            *at = '\0';
        if (!strchr(item, '=') || item[0] == '=') {
            cli_usage_error(ctx, "'%s': an override after '@' is PATH=VALUE, got '%s'", arg, item);
            return SL_EUSAGE;
        }
        if (s->n_sets >= SL_MAX_SETS) {
            cli_usage_error(ctx, "'%s': more than %d overrides", arg, SL_MAX_SETS);
            return SL_EUSAGE;
        }
        s->sets[s->n_sets++] = item;
    }
    return 0;
}

static int run_compare(cli_ctx *ctx)
{
    size_t n = (size_t)ctx->n_args;
    scenario *sc = calloc(n, sizeof *sc);
    const sl_plan **plans = calloc(n, sizeof *plans);
    const char **labels = calloc(n, sizeof *labels);
    int rc = sc && plans && labels ? 0 : SL_ENOMEM;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = parse_spec(ctx, &sc[i], ctx->args[i]);
        if (rc == SL_EUSAGE) {
            rc = 2;
            goto done;
        }
    }
    for (size_t i = 0; i < n && !rc; i++) {
        scenario *s = &sc[i];
        sl_load_options lo = SL_LOAD_OPTIONS_INIT;
        rc = cli_scenario_source(ctx, s->path, &s->demo, &lo, &s->path);
        lo.n_sets = s->n_sets;
        lo.sets = s->sets;
        if (!rc) {
            rc = sl_model_load(&s->model, s->path, &lo, ctx->diag);
            if (rc == SL_EINPUT)
                sl_diag_add(ctx->diag, SL_NOTE, NULL, 0, 0, "(while loading scenario %s)",
                            s->label);
            if (!rc && !s->demo)
                rc = cli_protect_model(ctx, s->model);
        }
        if (!rc)
            rc = cli_run_plan(ctx, s->model, &s->plan);
        if (!rc)
            rc = cli_review_plan(ctx, s->path, &lo, s->plan);
        plans[i] = s->plan;
        labels[i] = s->label;
    }
    const char *json = cli_value(ctx, "json"), *html = cli_value(ctx, "html");
    compare_job job = {n, plans, labels, ctx->diag, cli_text_options(ctx)};
    /* both or neither */
    if (!rc && json)
        rc = sl_outputs_add(ctx->outputs, json, fill_json, &job, ctx->diag);
    if (!rc && html)
        rc = sl_outputs_add(ctx->outputs, html, fill_html, &job, ctx->diag);
    if (!rc && (json || html))
        rc = sl_outputs_commit(ctx->outputs, ctx->diag);
    bool to_stdout = sl_output_is_stdout(json) || sl_output_is_stdout(html);
    if (!rc && !to_stdout)
        rc = sl_write_compare_text_opts(stdout, n, plans, labels, &job.to);
    rc = cli_finish(ctx, rc);
done:
    for (size_t i = 0; sc && i < n; i++) {
        sl_plan_free(sc[i].plan);
        sl_model_free(sc[i].model);
        sl_demo_free(sc[i].demo);
        free(sc[i].spec);
    }
    free(sc);
    free(plans);
    free(labels);
    return rc;
}

static const cli_option compare_options[] = {
    {"json", 0, NC_("placeholder", "OUT.json"),
     N_("write the comparison as JSON ('-' for standard output)")},
    {"html", 0, NC_("placeholder", "OUT.html"),
     N_("write a self-contained HTML table ('-' for standard output)")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_compare = {
    .name = "compare",
    .summary = N_("plan several scenarios and show them side by side"),
    .usage = NC_("usage", "SCENARIO[@PATH=VALUE...] SCENARIO[@PATH=VALUE...] ..."),
    .description =
        N_("Plans each scenario and prints hosts, racks, kW, finish P50/P80, P(on time), NPV,\n"
           "and per agency P(on time), chargeback and verdict, marking what differs from the\n"
           "first. A scenario is a file or :demo (the built-in demo), optionally followed by\n"
           "its own overrides: FILE@PATH=VALUE@PATH=VALUE. --set applies to every scenario.\n"
           "  samlok compare :demo :demo@deadline=2028-12-31\n"
           "  samlok compare a.yaml b.yaml --set iterations=2000 --html cmp.html"),
    .options = compare_options,
    .has_pipeline_options = true,
    .min_args = 1,
    .max_args = MAX_SCENARIOS,
    .run = run_compare,
};
