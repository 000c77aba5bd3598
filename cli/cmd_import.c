/* SPDX-License-Identifier: MIT */
/*
 * cmd_import.c - `samlok import rvtools FILE --agency ID --site ID -o OUT
 * [--storage-basis provisioned|in_use]`: an RVTools export (workbook or
 * CSV) into samlok's inventory CSV.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct import_job {
    const sl_inventory *inv;
} import_job;

static int fill_csv(FILE *f, void *user)
{
    return sl_inventory_write_csv(f, ((import_job *)user)->inv);
}

/* A count and its noun in language l, as one, many and the count n read
 * (po/meson.build: cli_counted is a keyword). */
static void cli_counted(char *buf, size_t len, const sl_lang *l, size_t n, const char *one,
                        const char *many)
{
    const char *fmt = sl_tr_format(n == 1 ? one : many, sl_trn(l, one, many, n));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(buf, len, fmt, n);
#pragma GCC diagnostic pop
}

static int run_import(cli_ctx *ctx)
{
    if (strcmp(ctx->args[0], "rvtools") != 0)
        return cli_usage_error(ctx, "unknown import format '%s' (known: rvtools)", ctx->args[0]);
    const char *agency = cli_value(ctx, "agency");
    const char *site = cli_value(ctx, "site");
    const char *out = cli_value(ctx, "output");
    if (!agency || !site || !out)
        return cli_usage_error(ctx, "--agency, --site and -o are required");
    const char *basis_text = cli_value(ctx, "storage-basis");
    sl_storage_basis basis = SL_STORAGE_PROVISIONED;
    if (basis_text && strcmp(basis_text, "in_use") == 0)
        basis = SL_STORAGE_IN_USE;
    else if (basis_text && strcmp(basis_text, "provisioned") != 0)
        return cli_usage_error(ctx, "--storage-basis is provisioned or in_use, not '%s'",
                               basis_text);
    char *data = NULL;
    size_t len = 0;
    sl_inventory *inv = NULL;
    int rc = sl_outputs_protect(ctx->outputs, ctx->args[1]);
    if (rc == 0)
        rc = sl_file_read(&data, &len, ctx->args[1], ctx->diag);
    if (rc == 0)
        rc = sl_rvtools_read_with(&inv, ctx->args[1], data, len, agency, site, basis, ctx->diag);
    free(data);
    if (rc == 0) {
        import_job job = {inv};
        rc = cli_write_file(ctx, out, fill_csv, &job);
    }
    if (rc == 0) {
        const sl_lang *l = ctx->lang;
        char vms[96], off[96], templates[96], renamed[96];
        cli_counted(vms, sizeof vms, l, inv->n_rows, "imported %zu VM", "imported %zu VMs");
        cli_counted(off, sizeof off, l, inv->n_powered_off, "%zu powered off, kept and flagged",
                    "%zu powered off, kept and flagged");
        cli_counted(templates, sizeof templates, l, inv->n_templates_skipped,
                    "%zu template skipped", "%zu templates skipped");
        cli_counted(renamed, sizeof renamed, l, inv->n_renamed, "%zu duplicate name made distinct",
                    "%zu duplicate names made distinct");
        fprintf(stderr, "%s (%s; %s; %s)\n", vms, off, templates, renamed);
    }
    sl_inventory_free(inv);
    return cli_finish(ctx, rc);
}

static const cli_option import_options[] = {
    {"agency", 0, NC_("placeholder", "ID"), N_("the agency the VMs belong to")},
    {"site", 0, NC_("placeholder", "ID"), N_("the site (hall) they run in today")},
    {"output", 'o', NC_("placeholder", "OUT.csv"), N_("where to write samlok's inventory CSV")},
    {"storage-basis", 0, NC_("placeholder", "BASIS"),
     N_("storage_gb from provisioned (default) or in_use MiB")},
    {NULL, 0, NULL, NULL},
};

const cli_command cmd_import = {
    .name = "import",
    .summary = N_("turn an RVTools vInfo export into samlok's inventory CSV"),
    .usage = NC_("usage", "rvtools FILE"),
    .description =
        N_("Accepts RVTools' .xlsx export (its vInfo sheet), the vInfo tab saved as CSV,\n"
           "or RVTools' own CSV export; comma or semicolon, decimal comma or point,\n"
           "with or without BOM. Templates are skipped; powered-off VMs are kept with\n"
           "power_state off; duplicate names across vCenters become name@vcenter;\n"
           "cluster, folder and annotation are kept for the scenario's inventory_rules."),
    .options = import_options,
    .min_args = 2,
    .max_args = 2,
    .run = run_import,
};
