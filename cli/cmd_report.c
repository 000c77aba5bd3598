/* SPDX-License-Identifier: MIT */
/*
 * cmd_report.c - `samlok report SCENARIO.yaml|PLAN.json [--html OUT.html]
 * [--xlsx OUT.xlsx] [--csv DIR] [--json OUT.json] [--ics OUT.ics]
 * [--mspdi OUT.xml]`: the reports of a plan, and exports for project tools.
 * From a scenario it runs the pipeline first and prints the terminal
 * summary; from a plan document (a .json file `plan --json` wrote) it
 * renders that document again without re-running anything.
 */
#include "cli.h"

#include <string.h>

static bool is_plan_document(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcmp(path + n - 5, ".json") == 0;
}

static int run_report(cli_ctx *ctx)
{
    cli_outputs o = {cli_value(ctx, "json"), cli_value(ctx, "html"), cli_value(ctx, "xlsx"),
                     cli_value(ctx, "csv"), cli_value(ctx, "ics"), cli_value(ctx, "mspdi")};
    bool any = o.json || o.html || o.xlsx || o.csv || o.ics || o.mspdi;
    if (sl_output_is_stdout(o.json) && sl_output_is_stdout(o.html))
        return cli_usage_error(ctx, "only one of --json and --html can go to standard output");
    const char *input = ctx->args[0];
    sl_model *m = NULL;
    sl_plan *p = NULL;
    sl_report *r = NULL;
    int rc;
    if (is_plan_document(input)) {
        if (!any)
            return cli_usage_error(ctx, "a plan document needs --html, --xlsx, --csv, --json, "
                                        "--ics or --mspdi");
        if (ctx->n_sets || ctx->plan.has_seed || ctx->plan.iterations || ctx->plan.threads)
            return cli_usage_error(ctx, "--set, --seed, --iterations and --threads apply to a "
                                        "scenario, not to a plan document");
        rc = sl_outputs_protect(ctx->outputs, input);
        if (rc == 0)
            rc = sl_report_read(&r, input, ctx->diag);
    } else {
        rc = cli_plan_scenario(ctx, input, &m, &p, NULL);
        if (rc == 0 && any)
            rc = sl_report_from_plan(&r, p, ctx->diag);
    }
    if (rc == 0 && any)
        rc = cli_write_outputs(ctx, r, &o);
    sl_text_options to = cli_text_options(ctx);
    if (rc == 0 && p && !cli_outputs_use_stdout(&o))
        rc = sl_write_text_opts(stdout, p, &to);
    sl_report_free(r);
    sl_plan_free(p);
    sl_model_free(m);
    return cli_finish(ctx, rc);
}

static const cli_option report_options[] = {
    {"html", 0, NC_("placeholder", "OUT.html"),
     N_("one self-contained page, printable, no script ('-': standard output)")},
    {"xlsx", 0, NC_("placeholder", "OUT.xlsx"),
     N_("the workbook: Summary, Verdicts, Workloads, Waves, ... sheets")},
    {"csv", 0, NC_("placeholder", "DIR"),
     N_("the same tables as CSV files (UTF-8, RFC 4180) in DIR")},
    {"json", 0, NC_("placeholder", "OUT.json"), N_("the plan document ('-' for standard output)")},
    {"ics", 0, NC_("placeholder", "OUT.ics"),
     N_("the waves and gate dates as a calendar (iCalendar, RFC 5545)")},
    {"mspdi", 0, NC_("placeholder", "OUT.xml"),
     N_("the waves and gates as a Microsoft Project XML file")},
    {"csv-dialect", 0, NC_("placeholder", "D"),
     N_("--csv as rfc4180 (',', decimal point) or excel-sv (';', decimal comma, UTF-8 BOM); "
        "default: excel-sv with --lang sv")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_report = {
    .name = "report",
    .summary = N_("write the HTML report, the workbook and CSV tables of a plan"),
    .usage = NC_("usage", "SCENARIO.yaml|PLAN.json"),
    .description =
        N_("Runs the pipeline on a scenario (or reads a plan document written by\n"
           "`samlok plan --json`, a file ending in .json) and writes the reports asked for.\n"
           "From a scenario it then prints the terminal summary, in colour on a terminal\n"
           "unless NO_COLOR is set. Every output is written to a temporary file and\n"
           "renamed, so a file is either complete or not there; output names never come\n"
           "from the input."),
    .options = report_options,
    .has_pipeline_options = true,
    .min_args = 1,
    .max_args = 1,
    .run = run_report,
};
