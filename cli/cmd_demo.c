/* SPDX-License-Identifier: MIT */
/*
 * cmd_demo.c - `samlok demo`: the built-in scenario, end to end.
 * `--write-scenario DIR` writes its files so a user can start from them;
 * `--out DIR` writes the plan's outputs there: plan.json, report.html,
 * report.xlsx and csv/.
 */
#include "cli.h"

#include <string.h>

typedef struct text_job {
    const char *data;
    size_t len;
} text_job;

static int fill_text(FILE *f, void *user)
{
    text_job *job = user;
    return fwrite(job->data, 1, job->len, f) == job->len ? 0 : SL_EIO;
}

/* The demo's files live under this folder name in memory. */
#define DEMO_DIR "samlok-demo"

/* All the scenario's files or none (a new DIR appears whole). */
static int write_scenario(cli_ctx *ctx, const sl_demo *demo, const char *dir)
{
    const char *where = NULL;
    int rc = sl_outputs_dir(ctx->outputs, dir, &where, ctx->diag);
    for (size_t i = 0; rc == 0 && i < demo->n_files; i++) {
        const char *name = demo->files[i].path + strlen(DEMO_DIR "/");
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", where, name) >= sizeof path) {
            sl_diag_add(ctx->diag, SL_ERROR, dir, 0, 0, "path too long");
            rc = SL_EUSAGE;
            break;
        }
        text_job job = {demo->files[i].data, demo->files[i].len};
        rc = sl_outputs_add(ctx->outputs, path, fill_text, &job, ctx->diag);
    }
    if (rc == 0)
        rc = sl_outputs_commit(ctx->outputs, ctx->diag);
    for (size_t i = 0; rc == 0 && i < demo->n_files; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, demo->files[i].path + strlen(DEMO_DIR "/"));
        cli_say_wrote(ctx, path, "");
    }
    return rc;
}

/* DIR/plan.json, DIR/report.html, DIR/report.xlsx and DIR/csv/, all or
 * none. */
static int write_outputs(cli_ctx *ctx, const sl_plan *p, const char *dir)
{
    char json[4096], html[4096], xlsx[4096], csv[4096];
    const char *where = NULL;
    int rc = sl_outputs_dir(ctx->outputs, dir, &where, ctx->diag);
    if (rc == 0 && ((size_t)snprintf(json, sizeof json, "%s/plan.json", where) >= sizeof json ||
                    (size_t)snprintf(html, sizeof html, "%s/report.html", where) >= sizeof html ||
                    (size_t)snprintf(xlsx, sizeof xlsx, "%s/report.xlsx", where) >= sizeof xlsx ||
                    (size_t)snprintf(csv, sizeof csv, "%s/csv", where) >= sizeof csv)) {
        sl_diag_add(ctx->diag, SL_ERROR, dir, 0, 0, "path too long");
        rc = SL_EUSAGE;
    }
    sl_report *r = NULL;
    if (rc == 0)
        rc = sl_report_from_plan(&r, p, ctx->diag);
    sl_report_options ro;
    if (rc == 0 && cli_report_options(ctx, &ro) != 0)
        rc = SL_EUSAGE;
    if (rc == 0)
        sl_report_set_options(r, &ro);
    const char *names[] = {"plan.json", "report.html", "report.xlsx", "csv/"};
    if (rc == 0) {
        cli_outputs o = {json, html, xlsx, csv, NULL, NULL};
        sl_outputs *out = ctx->outputs;
        rc = sl_report_add_json(out, o.json, r, ctx->diag);
        if (!rc)
            rc = sl_report_add_html(out, o.html, r, ctx->diag);
        if (!rc)
            rc = sl_report_add_xlsx(out, o.xlsx, r, ctx->diag);
        if (!rc)
            rc = sl_report_add_csv(out, o.csv, r, ctx->diag);
        rc = rc ? rc : sl_outputs_commit(out, ctx->diag);
    }
    for (size_t i = 0; rc == 0 && i < 4; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        cli_say_wrote(ctx, path, "");
    }
    sl_report_free(r);
    return rc;
}

static int run_demo(cli_ctx *ctx)
{
    sl_demo *demo = NULL;
    sl_model *m = NULL;
    sl_plan *p = NULL;
    uint64_t seed = ctx->plan.has_seed ? ctx->plan.seed : 2014;
    int rc = sl_demo_generate(&demo, seed, ctx->diag);
    const char *scenario_dir = cli_value(ctx, "write-scenario");
    if (rc == 0 && scenario_dir) {
        rc = write_scenario(ctx, demo, scenario_dir);
        sl_demo_free(demo);
        return cli_finish(ctx, rc);
    }
    if (rc == 0) {
        ctx->load.n_memfiles = demo->n_files;
        ctx->load.memfiles = demo->files;
        rc = cli_plan_scenario(ctx, demo->files[0].path, &m, &p, NULL);
    }
    const char *out = cli_value(ctx, "out");
    if (rc == 0 && out)
        rc = write_outputs(ctx, p, out);
    sl_text_options to = cli_text_options(ctx);
    if (rc == 0)
        rc = sl_write_text_opts(stdout, p, &to);
    sl_plan_free(p);
    sl_model_free(m);
    sl_demo_free(demo);
    return cli_finish(ctx, rc);
}

static const cli_option demo_options[] = {
    {"out", 0, NC_("placeholder", "DIR"),
     N_("write plan.json, report.html, report.xlsx and csv/ into DIR")},
    {"write-scenario", 0, NC_("placeholder", "DIR"),
     N_("write the demo scenario's files into DIR and stop")},
    {"csv-dialect", 0, NC_("placeholder", "D"),
     N_("csv/ for rfc4180 (',', decimal point) or excel-sv (';', decimal comma, BOM); "
        "default: excel-sv with --lang sv")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_demo = {
    .name = "demo",
    .summary = N_("run the built-in scenario end to end"),
    .usage = "",
    .description =
        N_("A host agency with a target site in Sundsvall, one agency joining from its own\n"
           "hall, and a tax agency with two Stockholm halls weighing whether to join.\n"
           "Inventories and flows are generated from the seed (default 2014)."),
    .options = demo_options,
    .has_pipeline_options = true,
    .min_args = 0,
    .max_args = 0,
    .run = run_demo,
};
