/* SPDX-License-Identifier: MIT */
/*
 * outputs.c - writing a plan's files: the plan document, the HTML report,
 * the workbook and the CSV tables, from one sl_report. Shared by `report`
 * and `demo --out`.
 */
#include "cli.h"

#include <string.h>

int cli_write_outputs(cli_ctx *ctx, const sl_report *r, const cli_outputs *o)
{
    int rc = 0;
    bool say = !cli_outputs_use_stdout(o);
    if (!rc && o->json && (rc = sl_report_write_json(o->json, r, ctx->diag)) == 0 && say)
        printf("wrote %s\n", o->json);
    if (!rc && o->html && (rc = sl_report_write_html(o->html, r, ctx->diag)) == 0 && say)
        printf("wrote %s\n", o->html);
    if (!rc && o->xlsx && (rc = sl_report_write_xlsx(o->xlsx, r, ctx->diag)) == 0 && say)
        printf("wrote %s\n", o->xlsx);
    if (!rc && o->csv && (rc = sl_report_write_csv(o->csv, r, ctx->diag)) == 0 && say)
        printf("wrote %s/\n", o->csv);
    if (!rc && o->ics && (rc = sl_report_write_ics(o->ics, r, ctx->diag)) == 0 && say)
        printf("wrote %s\n", o->ics);
    if (!rc && o->mspdi && (rc = sl_report_write_mspdi(o->mspdi, r, ctx->diag)) == 0 && say)
        printf("wrote %s\n", o->mspdi);
    return rc;
}

bool cli_outputs_use_stdout(const cli_outputs *o)
{
    return (o->json && strcmp(o->json, "-") == 0) || (o->html && strcmp(o->html, "-") == 0);
}
