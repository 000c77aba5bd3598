/* SPDX-License-Identifier: MIT */
/*
 * hosts.c - a source hall's hosts today (hosts.h), so the status quo
 * counts the hardware that is there instead of a modelled platform.
 *
 * Two header styles, told apart by name as RVTools' are in rvtools.c:
 * samlok's hosts CSV (id, cores, ram_gb, and optional model, watts,
 * price) and RVTools' vHost tab (Host, # Cores, # Memory in MiB, Model;
 * or its CSV export's vHostName, vHostNumCpuCores, vHostMemorySize,
 * vHostModel). A host without watts or price is estimated from the
 * scenario's cost.legacy_watts_per_core and legacy_price_per_core /
 * _per_ram_gb, and the site counts how many were, for the assumption log.
 */
#include "read/hosts.h"
#include "read/inventory.h"
#include "read/records.h"

#include <string.h>

enum { H_ID, H_CORES, H_RAM_GB, H_MEMORY_MIB, H_MODEL, H_WATTS, H_PRICE, N_H };

static const sl_csv_column host_cols[N_H] = {
    [H_ID] = {{"id", "Host", "vHostName"}, true},
    [H_CORES] = {{"cores", "# Cores", "vHostNumCpuCores"}, true},
    [H_RAM_GB] = {{"ram_gb"}, false},
    [H_MEMORY_MIB] = {{"# Memory", "vHostMemorySize"}, false},
    [H_MODEL] = {{"model", "Model", "vHostModel"}, false},
    [H_WATTS] = {{"watts"}, false},
    [H_PRICE] = {{"price"}, false},
};

typedef struct host_reader {
    sl_model *m;
    sl_site *site;
    sl_diag *d;
    const char *file;
    bool allow_comma;
    int index[N_H];
    bool header_ok;
    int rc;
} host_reader;

static int host_record(void *user, long line, size_t record, const sl_csv_field *fields,
                       size_t n)
{
    host_reader *r = user;
    if (record == 0) {
        r->header_ok =
            sl_csv_map_header(r->file, line, fields, n, host_cols, N_H, r->index, r->d) == 0;
        if (r->header_ok && r->index[H_RAM_GB] < 0 && r->index[H_MEMORY_MIB] < 0) {
            sl_diag_add(r->d, SL_ERROR, r->file, line, 0,
                        "missing required column: ram_gb (or RVTools' # Memory)");
            r->header_ok = false;
        }
        if (!r->header_ok)
            r->rc = SL_EINPUT;
        return 0;
    }
    if (!r->header_ok || (n == 1 && fields[0].len == 0))
        return 0;
    static const sl_csv_field empty = {"", 0};
    const sl_csv_field *col[N_H];
    for (int c = 0; c < N_H; c++)
        col[c] = r->index[c] >= 0 && (size_t)r->index[c] < n ? &fields[r->index[c]] : &empty;
    double cores = 0, ram_gb = 0, mib = 0, watts = -1, price = -1;
    bool ok = col[H_ID]->len > 0;
    if (!ok)
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, host_cols[H_ID].names[0],
                         "a value is required");
    const char *cname = r->index[H_CORES] >= 0 ? host_cols[H_CORES].names[0] : "cores";
    ok &= sl_inventory_number(r->d, r->file, line, cname, col[H_CORES], r->allow_comma, 1, 4096,
                              true, &cores);
    if (r->index[H_RAM_GB] >= 0)
        ok &= sl_inventory_number(r->d, r->file, line, "ram_gb", col[H_RAM_GB], r->allow_comma,
                                  0.001, 1e6, true, &ram_gb);
    else if ((ok &= sl_inventory_number(r->d, r->file, line, "# Memory", col[H_MEMORY_MIB],
                                        r->allow_comma, 1, 1e9, true, &mib)))
        ram_gb = mib / 1024.0;
    ok &= sl_inventory_number(r->d, r->file, line, "watts", col[H_WATTS], r->allow_comma, 1, 1e5,
                              false, &watts);
    ok &= sl_inventory_number(r->d, r->file, line, "price", col[H_PRICE], r->allow_comma, 0, 1e9,
                              false, &price);
    if (!ok) {
        r->rc = SL_EINPUT;
        return 0;
    }
    const sl_cost_rules *c = &r->m->cost;
    sl_site *s = r->site;
    s->n_hosts_today++;
    s->host_cores_today += cores;
    s->host_ram_gb_today += ram_gb;
    if (watts < 0) {
        watts = cores * c->legacy_watts_per_core;
        s->n_hosts_estimated_watts++;
    }
    if (price < 0) {
        price = cores * c->legacy_price_per_core + ram_gb * c->legacy_price_per_ram_gb;
        s->n_hosts_estimated_price++;
    }
    s->host_watts_today += watts;
    s->host_price_today += price;
    return 0;
}

int sl_hosts_read(sl_model *m, sl_index s, const char *path, const char *data, size_t len,
                  bool is_optional, sl_diag *d)
{
    sl_records src;
    int rc;
    if (is_optional) {
        /* an RVTools export: only a workbook holds a vHost sheet */
        if (!sl_xlsx_is_zip(data, len))
            return 0;
        sl_xlsx *x = NULL;
        rc = sl_xlsx_open(&x, path, data, len, d);
        bool has = rc == 0 && sl_xlsx_find_sheet(x, "vHost") != SIZE_MAX;
        sl_xlsx_close(x);
        if (rc || !has)
            return rc;
    }
    host_reader r;
    memset(&r, 0, sizeof r);
    r.m = m;
    r.site = &m->sites[s];
    r.d = d;
    /* a workbook: its vHost sheet, or its only one */
    rc = sl_records_open(&src, m->priv->arena, path, data, len, "vHost", d);
    if (rc)
        return rc;
    r.file = src.label;
    r.allow_comma = src.allow_comma;
    /* a failed file adds nothing: totals are kept aside until it reads */
    sl_site saved = *r.site;
    rc = sl_records_read(&src, host_record, &r, d);
    sl_records_close(&src);
    if (rc == 0 && !r.header_ok)
        rc = SL_EINPUT;
    if (rc == 0)
        rc = r.rc;
    if (rc) {
        *r.site = saved;
        return rc;
    }
    if (!r.site->hosts_file)
        r.site->hosts_file = r.file;
    return 0;
}
