/* SPDX-License-Identifier: MIT */
/*
 * outputs.c - writing a plan's files: the plan document, the HTML report,
 * the workbook and the CSV tables, from one sl_report, all or none.
 * Shared by `report` and `demo --out`.
 */
#include "cli.h"

#include <string.h>

int cli_report_options(cli_ctx *ctx, sl_report_options *ro)
{
    *ro = (sl_report_options)SL_REPORT_OPTIONS_INIT;
    ro->lang = ctx->lang;
    /* Swedish words go with the CSV Swedish Excel opens, unless told */
    ro->csv_dialect = strcmp(sl_lang_code(ctx->lang), "sv") == 0 ? SL_CSV_EXCEL_SV
                                                                  : SL_CSV_RFC4180;
    const char *d = cli_value(ctx, "csv-dialect");
    if (!d)
        return 0;
    if (strcmp(d, "rfc4180") == 0)
        ro->csv_dialect = SL_CSV_RFC4180;
    else if (strcmp(d, "excel-sv") == 0)
        ro->csv_dialect = SL_CSV_EXCEL_SV;
    else
        return cli_usage_error(ctx, "--csv-dialect wants rfc4180 or excel-sv, got '%s'", d);
    return 0;
}

void cli_say_wrote(const cli_ctx *ctx, const char *path, const char *suffix)
{
    fputs(sl_tr(ctx->lang, "wrote"), stdout);
    fputc(' ', stdout);
    sl_term_escape(stdout, path);
    fputs(suffix, stdout);
    fputc('\n', stdout);
}

int cli_write_outputs(cli_ctx *ctx, sl_report *r, const cli_outputs *o)
{
    sl_report_options ro;
    int rc = cli_report_options(ctx, &ro);
    if (rc)
        return SL_EUSAGE;
    sl_report_set_options(r, &ro);
    sl_outputs *out = ctx->outputs;
    if (!rc && o->json)
        rc = sl_report_add_json(out, o->json, r, ctx->diag);
    if (!rc && o->html)
        rc = sl_report_add_html(out, o->html, r, ctx->diag);
    if (!rc && o->xlsx)
        rc = sl_report_add_xlsx(out, o->xlsx, r, ctx->diag);
    if (!rc && o->csv)
        rc = sl_report_add_csv(out, o->csv, r, ctx->diag);
    if (!rc && o->ics)
        rc = sl_report_add_ics(out, o->ics, r, ctx->diag);
    if (!rc && o->mspdi)
        rc = sl_report_add_mspdi(out, o->mspdi, r, ctx->diag);
    if (rc) {
        sl_outputs_discard(out);
        return rc;
    }
    rc = sl_outputs_commit(out, ctx->diag);
    if (rc || cli_outputs_use_stdout(o))
        return rc;
    const char *paths[] = {o->json, o->html, o->xlsx, o->csv, o->ics, o->mspdi};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (paths[i])
            cli_say_wrote(ctx, paths[i], i == 3 ? "/" : "");
    return 0;
}

int cli_write_file(cli_ctx *ctx, const char *path, int (*fill)(FILE *f, void *user), void *user)
{
    return sl_outputs_write_now(ctx->outputs, path, fill, user, ctx->diag);
}

bool cli_outputs_use_stdout(const cli_outputs *o)
{
    return sl_output_is_stdout(o->json) || sl_output_is_stdout(o->html) ||
           sl_output_is_stdout(o->xlsx) || sl_output_is_stdout(o->csv) ||
           sl_output_is_stdout(o->ics) || sl_output_is_stdout(o->mspdi);
}
