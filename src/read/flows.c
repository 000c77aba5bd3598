/* SPDX-License-Identifier: MIT */
/*
 * flows.c - flow CSV (from a flow collector or a dependency-mapping
 * tool) into the model's flows.
 *
 * Columns: src, dst, then traffic as mbps or bytes_per_day, and optional
 * port, protocol, latency_sensitive. An endpoint names a workload id, or
 * else an application (expanded to its workloads by the group stage).
 * Endpoints that match neither (external addresses, retired servers) are
 * counted and a few reported; they are not errors.
 * Runs after every inventory is loaded, so ids can be resolved.
 */
#include "read/csv.h"
#include "read/flows.h"
#include "read/inventory.h"
#include "read/records.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { FL_SRC, FL_DST, FL_MBPS, FL_BYTES, FL_PORT, FL_PROTO, FL_LATENCY, N_FL };

static const sl_csv_column flow_cols[N_FL] = {
    [FL_SRC] = {{"src"}, true},
    [FL_DST] = {{"dst"}, true},
    [FL_MBPS] = {{"mbps"}, false},
    [FL_BYTES] = {{"bytes_per_day"}, false},
    [FL_PORT] = {{"port"}, false},
    [FL_PROTO] = {{"protocol"}, false},
    [FL_LATENCY] = {{"latency_sensitive"}, false},
};

typedef struct flow_reader {
    sl_model *m;
    sl_flow_unmatched *un;
    sl_diag *d;
    const char *file;
    int index[N_FL];
    bool header_ok;
    bool allow_comma;
    int rc;
} flow_reader;

static bool resolve(flow_reader *r, const sl_csv_field *f, sl_index *idx, uint8_t *kind,
                    int *oom)
{
    const char *s = f->s;
    size_t len = f->len;
    sl_trim(&s, &len);
    sl_index w = sl_strmap_getn(&r->m->priv->workloads, s, len);
    if (w != SL_NONE) {
        *idx = w;
        *kind = SL_END_WORKLOAD;
        return true;
    }
    sl_index a = sl_strmap_getn(&r->m->priv->apps, s, len);
    if (a != SL_NONE) {
        *idx = a;
        *kind = SL_END_APP;
        return true;
    }
    if (sl_strmap_getn(&r->un->names, s, len) == SL_NONE) {
        char *copy = sl_arena_strndup(r->un->arena, s, len);
        if (!copy || sl_strmap_put(&r->un->names, copy, 0, NULL)) {
            *oom = 1;
            return false;
        }
    }
    return false;
}

static const char *cell_text(sl_model *m, const sl_csv_field *f)
{
    const char *s = f->s;
    size_t len = f->len;
    sl_trim(&s, &len);
    return sl_arena_strndup(m->priv->arena, s, len);
}

static int flow_record(void *user, long line, size_t record, const sl_csv_field *fields, size_t n)
{
    flow_reader *r = user;
    if (record == 0) {
        r->header_ok =
            sl_csv_map_header(r->file, line, fields, n, flow_cols, N_FL, r->index, r->d) == 0;
        if (r->header_ok && r->index[FL_MBPS] < 0 && r->index[FL_BYTES] < 0) {
            sl_diag_add(r->d, SL_ERROR, r->file, line, 0,
                        "missing required column: mbps or bytes_per_day");
            r->header_ok = false;
        }
        if (!r->header_ok)
            r->rc = SL_EINPUT;
        return 0;
    }
    if (!r->header_ok || (n == 1 && fields[0].len == 0))
        return 0;
    if (r->un->n_rows_read >= SL_MAX_FLOW_ROWS) {
        sl_diag_add(r->d, SL_ERROR, r->file, line, 0,
                    "more than %d flow rows in all flow files: the limit", SL_MAX_FLOW_ROWS);
        return SL_ELIMIT;
    }
    r->un->n_rows_read++;
    static const sl_csv_field empty = {"", 0};
    const sl_csv_field *col[N_FL];
    for (int c = 0; c < N_FL; c++)
        col[c] = r->index[c] >= 0 && (size_t)r->index[c] < n ? &fields[r->index[c]] : &empty;
    sl_flow fl;
    memset(&fl, 0, sizeof fl);
    bool ok = true;
    double v = 0;
    if (col[FL_MBPS]->len) {
        ok &= sl_inventory_number(r->d, r->file, line, "mbps", col[FL_MBPS], r->allow_comma, 0, 1e7,
                                  true, &v);
        fl.mbps = v;
    } else if (col[FL_BYTES]->len) {
        ok &= sl_inventory_number(r->d, r->file, line, "bytes_per_day", col[FL_BYTES],
                                  r->allow_comma, 0, 1e17, true, &v);
        fl.mbps = v * 8.0 / 86400.0 / 1e6;
    } else {
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line,
                         r->index[FL_MBPS] >= 0 ? "mbps" : "bytes_per_day", "a value is required");
        ok = false;
    }
    if (col[FL_PORT]->len) {
        int64_t port;
        if (sl_parse_int64(&port, col[FL_PORT]->s, col[FL_PORT]->len) != SL_NUM_OK || port < 0 ||
            port > 65535) {
            sl_diag_add_cell(r->d, SL_ERROR, r->file, line, "port", "must be 0..65535");
            ok = false;
        } else {
            fl.port = (uint16_t)port;
        }
    }
    if (!sl_csv_flag(col[FL_LATENCY], &fl.is_latency_sensitive)) {
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, "latency_sensitive",
                         "must be true or false");
        ok = false;
    }
    if (!col[FL_SRC]->len || !col[FL_DST]->len) {
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, col[FL_SRC]->len ? "dst" : "src",
                         "a value is required");
        ok = false;
    }
    if (!ok) {
        r->rc = SL_EINPUT;
        return 0;
    }
    int oom = 0;
    bool src_ok = resolve(r, col[FL_SRC], &fl.src, &fl.src_kind, &oom);
    bool dst_ok = resolve(r, col[FL_DST], &fl.dst, &fl.dst_kind, &oom);
    if (oom)
        return SL_ENOMEM;
    if (!src_ok || !dst_ok) {
        r->un->n_rows++;
        return 0;
    }
    if (col[FL_PROTO]->len) {
        fl.protocol = cell_text(r->m, col[FL_PROTO]);
        if (!fl.protocol)
            return SL_ENOMEM;
    }
    return sl_model_add_flow(r->m, &fl);
}

int sl_flows_read(sl_model *m, sl_flow_unmatched *un, const char *path, const char *data,
                  size_t len, sl_diag *d)
{
    flow_reader r;
    memset(&r, 0, sizeof r);
    r.m = m;
    r.un = un;
    r.d = d;
    sl_records src;
    int rc = sl_records_open(&src, m->priv->arena, path, data, len, NULL, d);
    if (rc == 0) {
        r.file = src.label;
        r.allow_comma = src.allow_comma;
        rc = sl_records_read(&src, flow_record, &r, d);
        sl_records_close(&src);
    }
    if (rc == 0 && !r.header_ok)
        rc = SL_EINPUT;
    return rc ? rc : r.rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int sl_flows_finish_unmatched(sl_model *m, sl_flow_unmatched *un)
{
    m->n_unmatched_endpoints = un->names.n;
    m->n_unmatched_flows = un->n_rows;
    if (!un->names.n)
        return 0;
    const char **all = sl_malloc(un->names.n * sizeof *all);
    if (!all)
        return SL_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < un->names.cap; i++)
        if (un->names.keys[i])
            all[k++] = un->names.keys[i];
    qsort(all, k, sizeof *all, cmp_str);
    size_t keep = SL_MIN(k, (size_t)10);
    m->sample_unmatched = sl_arena_array(m->priv->arena, keep, sizeof *m->sample_unmatched);
    int rc = m->sample_unmatched ? 0 : SL_ENOMEM;
    for (size_t i = 0; i < keep && !rc; i++) {
        m->sample_unmatched[i] = sl_arena_strdup(m->priv->arena, all[i]);
        if (!m->sample_unmatched[i])
            rc = SL_ENOMEM;
    }
    if (!rc)
        m->n_sample_unmatched = keep;
    sl_free(all);
    return rc;
}
