/* SPDX-License-Identifier: MIT */
/*
 * cmd_sweep.c - `samlok sweep SCENARIO --grid PATH=V1,V2,... [--grid ...]`:
 * the pipeline over the product of the grids' values, written as a table
 * (JSON, CSV, an HTML heat map); `--shard I/N` plans one share of the
 * points, and `samlok sweep merge SHARD.json...` joins the shares to what
 * the unsharded sweep writes.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define MAX_VALUES 1000

typedef struct sweep_job {
    const sl_sweep *s;
    const sl_lang *lang;
} sweep_job;

static int fill_json(FILE *f, void *user)
{
    return sl_write_sweep_json(f, ((sweep_job *)user)->s);
}

static int fill_csv(FILE *f, void *user)
{
    return sl_write_sweep_csv(f, ((sweep_job *)user)->s);
}

static int fill_html(FILE *f, void *user)
{
    const sweep_job *job = user;
    return sl_write_sweep_html(f, job->s, job->lang);
}

/* Every file asked for, all or none. */
static int write_tables(cli_ctx *ctx, const sl_sweep *s)
{
    sweep_job job = {s, ctx->lang};
    const char *names[] = {"json", "csv", "html"};
    int (*fills[])(FILE *, void *) = {fill_json, fill_csv, fill_html};
    int rc = 0;
    for (size_t i = 0; i < 3 && !rc; i++) {
        const char *path = cli_value(ctx, names[i]);
        if (path)
            rc = sl_outputs_add(ctx->outputs, path, fills[i], &job, ctx->diag);
    }
    if (rc) {
        sl_outputs_discard(ctx->outputs);
        return rc;
    }
    rc = sl_outputs_commit(ctx->outputs, ctx->diag);
    bool to_stdout = false;
    for (size_t i = 0; i < 3; i++)
        to_stdout |= sl_output_is_stdout(cli_value(ctx, names[i]));
    for (size_t i = 0; i < 3 && !rc && !to_stdout; i++)
        if (cli_value(ctx, names[i]))
            cli_say_wrote(ctx, cli_value(ctx, names[i]), "");
    return rc;
}

/* "PATH=V1,V2,..." into an axis; the text is cut in place. */
static int parse_axis(cli_ctx *ctx, char *spec, sl_sweep_axis *axis, const char **values,
                      size_t cap)
{
    const char *whole = spec;
    char *eq = strchr(spec, '=');
    if (!eq || eq == spec || eq[1] == '\0')
        return cli_usage_error(ctx, "--grid wants PATH=V1,V2,..., got '%s'", whole);
    *eq = '\0';
    axis->path = spec;
    axis->values = values;
    axis->n_values = 0;
    for (char *v = eq + 1;;) {
        char *comma = strchr(v, ',');
        if (comma)
            *comma = '\0';
        if (*v == '\0')
            return cli_usage_error(ctx, "--grid %s: an empty value", axis->path);
        if (axis->n_values == cap)
            return cli_usage_error(ctx, "--grid %s: more than %zu values", axis->path, cap);
        values[axis->n_values++] = v;
        if (!comma)
            break;
        v = comma + 1;
    }
    return 0;
}

/* "I/N" with 1 <= I <= N. */
static int parse_shard(cli_ctx *ctx, const char *text, size_t *index, size_t *n)
{
    const char *slash = text ? strchr(text, '/') : NULL;
    long i = 0, k = 0;
    char head[32];
    if (slash && (size_t)(slash - text) < sizeof head) {
        memcpy(head, text, (size_t)(slash - text));
        head[slash - text] = '\0';
        if (cli_parse_long(head, 1, 100000, &i) && cli_parse_long(slash + 1, 1, 100000, &k) &&
            i <= k) {
            *index = (size_t)i - 1;
            *n = (size_t)k;
            return 0;
        }
    }
    return cli_usage_error(ctx, "--shard wants I/N with 1 <= I <= N, got '%s'", text);
}

static int run_merge(cli_ctx *ctx)
{
    size_t n = (size_t)ctx->n_args - 1;
    const char *const *paths = (const char *const *)ctx->args + 1;
    if (n == 0)
        return cli_usage_error(ctx, "sweep merge wants the shards' JSON files");
    if (cli_value(ctx, "grid") || cli_value(ctx, "shard"))
        return cli_usage_error(ctx, "sweep merge takes no --grid or --shard");
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = sl_outputs_protect(ctx->outputs, paths[i]);
    sl_sweep *s = NULL;
    if (!rc)
        rc = sl_sweep_merge(&s, n, paths, ctx->diag);
    if (!rc)
        rc = write_tables(ctx, s);
    sl_sweep_free(s);
    return cli_finish(ctx, rc);
}

static int run_sweep(cli_ctx *ctx)
{
    if (strcmp(ctx->args[0], "merge") == 0)
        return run_merge(ctx);
    if (ctx->n_args > 1)
        return cli_usage_error(ctx, "unexpected argument '%s'", ctx->args[1]);
    const char *specs[SL_MAX_SETS];
    size_t n_axes = cli_values(ctx, "grid", specs, SL_MAX_SETS);
    if (n_axes == 0)
        return cli_usage_error(ctx, "--grid PATH=V1,V2,... is required");
    if (n_axes > SL_MAX_SETS)
        return cli_usage_error(ctx, "at most %d --grid options", SL_MAX_SETS);
    size_t shard = 0, n_shards = 1;
    if (cli_value(ctx, "shard") && parse_shard(ctx, cli_value(ctx, "shard"), &shard, &n_shards))
        return 2;
    sl_sweep_axis axes[SL_MAX_SETS];
    char *copies[SL_MAX_SETS] = {0};
    const char **values = malloc((size_t)SL_MAX_SETS * MAX_VALUES * sizeof *values);
    int rc = values ? 0 : SL_ENOMEM;
    for (size_t i = 0; i < n_axes && !rc; i++) {
        copies[i] = strdup(specs[i]);
        rc = !copies[i] ? SL_ENOMEM
                        : parse_axis(ctx, copies[i], &axes[i], values + i * MAX_VALUES,
                                     MAX_VALUES);
    }
    for (size_t i = 0; i < n_axes && !rc; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(axes[i].path, axes[j].path) == 0)
                rc = cli_usage_error(ctx, "--grid %s is given twice", axes[i].path);
    sl_demo *demo = NULL;
    sl_workspace *ws = NULL;
    sl_sweep *s = NULL;
    const char *path = NULL;
    sl_load_options load = ctx->load;
    if (!rc)
        rc = cli_scenario_source(ctx, ctx->args[0], &demo, &load, &path);
    if (!rc)
        rc = sl_workspace_open(&ws, path, &load, ctx->diag);
    if (!rc && !demo)
        rc = cli_protect_model(ctx, sl_workspace_model(ws));
    if (!rc)
        rc = sl_sweep_run(&s, ws, n_axes, axes, shard, n_shards, &ctx->plan, ctx->diag);
    if (!rc)
        rc = write_tables(ctx, s);
    sl_sweep_free(s);
    sl_workspace_free(ws);
    sl_demo_free(demo);
    for (size_t i = 0; i < n_axes; i++)
        free(copies[i]);
    free(values);
    return rc == 2 ? 2 : cli_finish(ctx, rc);
}

static const cli_option sweep_options[] = {
    {"grid", 0, NC_("placeholder", "PATH=V1,V2,..."),
     N_("an axis: a scenario path and its values (repeatable)")},
    {"shard", 0, NC_("placeholder", "I/N"),
     N_("plan only the points i with i mod N = I-1 (1 <= I <= N)")},
    {"json", 0, NC_("placeholder", "OUT.json"),
     N_("write the table as JSON (what sweep merge reads)")},
    {"csv", 0, NC_("placeholder", "OUT.csv"),
     N_("write the table as CSV: a row per point and agency")},
    {"html", 0, NC_("placeholder", "OUT.html"),
     N_("write heat maps of P(on time) and verdict per agency")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_sweep = {
    .name = "sweep",
    .summary = N_("plan a scenario over a grid of overrides, or merge a sharded sweep"),
    .usage = NC_("usage", "SCENARIO.yaml --grid PATH=V1,V2,... [--grid ...] | merge SHARD.json..."),
    .description =
        N_("Plans the scenario at every point of the product of the --grid axes (the last\n"
           "varying fastest), each with the same seed and iterations, reusing the stages an\n"
           "axis cannot change, and writes per point and joining agency the verdict and\n"
           "P(on time). --shard I/N plans the points i (from 0) with i mod N = I-1, so N\n"
           "runs on as many machines share the grid; `samlok sweep merge` joins their JSON\n"
           "tables into exactly what the unsharded sweep writes. SCENARIO may be :demo.\n"
           "  samlok sweep :demo --grid deadline=2028-06-30,2028-12-31 \\\n"
           "    --grid agencies.SKV.staff.migration_hours_per_week=260,400 --html sweep.html"),
    .options = sweep_options,
    .has_pipeline_options = true,
    .min_args = 1,
    .max_args = 4096,
    .run = run_sweep,
};
