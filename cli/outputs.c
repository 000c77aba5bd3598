/* SPDX-License-Identifier: MIT */
/*
 * outputs.c - writing a plan's files: the plan document, the HTML report,
 * the workbook and the CSV tables, from one sl_report, all or none.
 * Shared by `report` and `demo --out`.
 */
#include "cli.h"

#include <string.h>

void cli_say_wrote(const char *path, const char *suffix)
{
    fputs("wrote ", stdout);
    sl_term_escape(stdout, path);
    fputs(suffix, stdout);
    fputc('\n', stdout);
}

int cli_write_outputs(cli_ctx *ctx, const sl_report *r, const cli_outputs *o)
{
    sl_outputs *out = ctx->outputs;
    int rc = 0;
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
            cli_say_wrote(paths[i], i == 3 ? "/" : "");
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
