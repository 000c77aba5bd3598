/* SPDX-License-Identifier: MIT */
/*
 * outputs.c - writing a plan's files: the plan document, the HTML report,
 * the workbook and the CSV tables, from one sl_report. Shared by `report`
 * and `demo --out`.
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

static void wrote(const cli_ctx *ctx, const char *path, const char *slash)
{
    printf("%s %s%s\n", sl_tr(ctx->lang, "wrote"), path, slash);
}

int cli_write_outputs(cli_ctx *ctx, sl_report *r, const cli_outputs *o)
{
    sl_report_options ro;
    int rc = cli_report_options(ctx, &ro);
    if (rc)
        return SL_EUSAGE;
    sl_report_set_options(r, &ro);
    bool say = !cli_outputs_use_stdout(o);
    if (!rc && o->json && (rc = sl_report_write_json(o->json, r, ctx->diag)) == 0 && say)
        wrote(ctx, o->json, "");
    if (!rc && o->html && (rc = sl_report_write_html(o->html, r, ctx->diag)) == 0 && say)
        wrote(ctx, o->html, "");
    if (!rc && o->xlsx && (rc = sl_report_write_xlsx(o->xlsx, r, ctx->diag)) == 0 && say)
        wrote(ctx, o->xlsx, "");
    if (!rc && o->csv && (rc = sl_report_write_csv(o->csv, r, ctx->diag)) == 0 && say)
        wrote(ctx, o->csv, "/");
    if (!rc && o->ics && (rc = sl_report_write_ics(o->ics, r, ctx->diag)) == 0 && say)
        wrote(ctx, o->ics, "");
    if (!rc && o->mspdi && (rc = sl_report_write_mspdi(o->mspdi, r, ctx->diag)) == 0 && say)
        wrote(ctx, o->mspdi, "");
    return rc;
}

bool cli_outputs_use_stdout(const cli_outputs *o)
{
    return (o->json && strcmp(o->json, "-") == 0) || (o->html && strcmp(o->html, "-") == 0);
}
