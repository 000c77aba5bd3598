/* SPDX-License-Identifier: MIT */
/*
 * rvtools.c - the vInfo tab of an RVTools export into inventory rows.
 *
 * Two header styles exist: the sheet's titles ("VM", "CPUs", "Memory",
 * "Provisioned MiB" or the older "Provisioned MB", ...) when the XLSX tab is
 * saved as CSV, and RVTools' own CSV export ("vInfoVMName", "vInfoCPUs",
 * ...). RVTools reports memory and disk in MiB under both "MB" and "MiB"
 * labels; we convert to GiB exactly (/ 1024). Swedish Excel writes ';'
 * separators, decimal commas and spaces as thousands separators, German
 * Excel '.' as thousands separators; all are read (sl_parse_grouped), and
 * a cell that could be read two ways, a factor of 1000 apart, is refused
 * with its location rather than guessed. CPUs and memory are whole
 * numbers. Templates are skipped; powered-off VMs are kept and flagged.
 * Storage is Provisioned MiB, or In Use MiB when asked (thin disks); the
 * cluster, folder and annotation are kept for the scenario's mapping
 * rules. The .xlsx export is read from its vInfo sheet (read/records.h).
 * A VM name seen more than once becomes name@vcenter, and name@vcenter#n
 * if it repeats within one vCenter, so no VM is lost or merged.
 */
#include "read/inventory.h"
#include "read/records.h"

#include <string.h>
#include <strings.h>

enum {
    RV_NAME, RV_POWER, RV_TEMPLATE, RV_CPUS, RV_MEMORY, RV_PROVISIONED, RV_IN_USE, RV_OS,
    RV_OS_TOOLS, RV_DATACENTER, RV_CLUSTER, RV_HOST, RV_UUID, RV_VCENTER, RV_FOLDER,
    RV_ANNOTATION, N_RV
};

static const sl_csv_column rv_cols[N_RV] = {
    [RV_NAME] = {{"VM", "vInfoVMName"}, true},
    [RV_POWER] = {{"Powerstate", "vInfoPowerstate"}, false},
    [RV_TEMPLATE] = {{"Template", "vInfoTemplate"}, false},
    [RV_CPUS] = {{"CPUs", "vInfoCPUs"}, true},
    [RV_MEMORY] = {{"Memory", "vInfoMemory"}, true},
    [RV_PROVISIONED] = {{"Provisioned MiB", "Provisioned MB", "vInfoProvisioned"}, false},
    [RV_IN_USE] = {{"In Use MiB", "In Use MB", "vInfoInUse"}, false},
    [RV_OS] = {{"OS according to the configuration file", "vInfoOS"}, false},
    [RV_OS_TOOLS] = {{"OS according to the VMware Tools", "vInfoOSTools"}, false},
    [RV_DATACENTER] = {{"Datacenter", "vInfoDataCenter"}, false},
    [RV_CLUSTER] = {{"Cluster", "vInfoCluster"}, false},
    [RV_HOST] = {{"Host", "vInfoHost"}, false},
    [RV_UUID] = {{"VM UUID", "vInfoUUID"}, false},
    [RV_VCENTER] = {{"VI SDK Server", "vInfoVISDKServer"}, false},
    [RV_FOLDER] = {{"Folder", "vInfoFolder"}, false},
    [RV_ANNOTATION] = {{"Annotation", "vInfoAnnotation"}, false},
};

typedef struct rv_reader {
    sl_inventory *inv;
    sl_diag *d;
    const char *file;
    const char *agency, *site;
    sl_storage_basis storage;
    int index[N_RV];
    bool header_ok;
    bool allow_comma;
    size_t cap_rows;
    const char **vcenters; /* per row, for renaming duplicates */
    size_t cap_vcenters;
    int rc;
} rv_reader;

static bool is_true(const sl_csv_field *f)
{
    const char *s = f->s;
    size_t len = f->len;
    sl_trim(&s, &len);
    return (len == 4 && (strncasecmp(s, "true", 4) == 0)) || (len == 1 && s[0] == '1') ||
           (len == 3 && strncasecmp(s, "yes", 3) == 0);
}

/* A number cell of the export (sl_parse_grouped: thousands grouped by
 * spaces, '.' or ','; a decimal comma in ';' and tab separated files), in
 * lo..hi; whole for counts (CPUs, MiB of memory). An empty optional cell
 * leaves *out. Kept apart from the CSV so that any reader of the same
 * export's cells can use it. False after a located error. */
static bool rv_number(rv_reader *r, long line, int col, const sl_csv_field *f, double lo,
                      double hi, bool required, bool whole, double *out)
{
    const char *name = rv_cols[col].names[0];
    double v;
    sl_num_status st = sl_parse_grouped(&v, f->s, f->len, r->allow_comma, whole);
    if (st == SL_NUM_EMPTY && !required)
        return true;
    int shown = (int)SL_MIN(f->len, 40);
    switch (st) {
    case SL_NUM_OK:
        break;
    case SL_NUM_EMPTY:
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, name, "a value is required");
        return false;
    case SL_NUM_AMBIGUOUS:
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, name,
                         "'%.*s': the '.' or ',' may group thousands or mark decimals, which "
                         "differ by a factor of 1000; write the number without a thousands "
                         "separator",
                         shown, f->s);
        return false;
    case SL_NUM_FRACTION:
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, name, "must be a whole number, got '%.*s'",
                         shown, f->s);
        return false;
    default:
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, name, "%s: '%.*s'",
                         sl_diag_tr(r->d, sl_num_status_text(st)), shown, f->s);
        return false;
    }
    if (v < lo || v > hi) {
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, name, "%.15g is outside %.15g..%.15g", v,
                         lo, hi);
        return false;
    }
    *out = v;
    return true;
}

static int rv_record(void *user, long line, size_t record, const sl_csv_field *fields, size_t n)
{
    rv_reader *r = user;
    if (record == 0) {
        r->header_ok =
            sl_csv_map_header(r->file, line, fields, n, rv_cols, N_RV, r->index, r->d) == 0;
        return 0;
    }
    if (!r->header_ok || (n == 1 && fields[0].len == 0))
        return 0;
    static const sl_csv_field empty = {"", 0};
    const sl_csv_field *col[N_RV];
    for (int c = 0; c < N_RV; c++)
        col[c] = r->index[c] >= 0 && (size_t)r->index[c] < n ? &fields[r->index[c]] : &empty;
    if (is_true(col[RV_TEMPLATE])) {
        r->inv->n_templates_skipped++;
        return 0;
    }
    sl_inventory_row *row = sl_inventory_append(r->inv, &r->cap_rows);
    if (!row)
        return SL_ENOMEM;
    if (SL_GROW(r->vcenters, r->cap_vcenters, r->inv->n_rows))
        return SL_ENOMEM;
    row->line = line;
    row->id = sl_inventory_text(r->inv, col[RV_NAME]);
    const sl_csv_field *os = col[RV_OS]->len ? col[RV_OS] : col[RV_OS_TOOLS];
    row->os = sl_inventory_text(r->inv, os);
    const char *vc = sl_inventory_text(r->inv, col[RV_VCENTER]);
    if (!row->id || !row->os || !vc)
        return SL_ENOMEM;
    r->vcenters[r->inv->n_rows - 1] = vc;
    row->agency = r->agency;
    row->site = r->site;
    row->app = row->env = row->security_class = row->legal_tags = row->ha_group = row->method = "";
    row->owner = "";
    row->cluster = sl_inventory_text(r->inv, col[RV_CLUSTER]);
    row->folder = sl_inventory_text(r->inv, col[RV_FOLDER]);
    row->annotation = sl_inventory_text(r->inv, col[RV_ANNOTATION]);
    if (!row->cluster || !row->folder || !row->annotation)
        return SL_ENOMEM;
    if (!*row->id) {
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, rv_cols[RV_NAME].names[0],
                         "the VM has no name");
        r->rc = SL_EINPUT;
    }
    const char *p = col[RV_POWER]->s;
    size_t plen = col[RV_POWER]->len;
    sl_trim(&p, &plen);
    row->is_powered_off = plen && !(plen == 9 && strncasecmp(p, "poweredOn", 9) == 0);
    row->power_state = !row->is_powered_off                                   ? SL_POWER_ON
                       : plen == 9 && strncasecmp(p, "suspended", 9) == 0 ? SL_POWER_SUSPENDED
                                                                             : SL_POWER_OFF;
    if (row->is_powered_off)
        r->inv->n_powered_off++;
    double memory_mib = 0, provisioned_mib = 0, in_use_mib = 0;
    bool ok = true;
    /* CPUs and memory (whole MiB) are counts: no fraction is read as one */
    ok &= rv_number(r, line, RV_CPUS, col[RV_CPUS], 1, 4096, true, true, &row->vcpu);
    /* vSphere's smallest VM has 4 MiB; below that the row could not be
     * read back from the inventory CSV we write (ram_gb >= 0.001) */
    ok &= rv_number(r, line, RV_MEMORY, col[RV_MEMORY], 4, 64.0 * 1024 * 1024, true, true,
                    &memory_mib);
    ok &= rv_number(r, line, RV_PROVISIONED, col[RV_PROVISIONED], 0, 1e12, false, false,
                    &provisioned_mib);
    if (r->storage == SL_STORAGE_IN_USE)
        ok &= rv_number(r, line, RV_IN_USE, col[RV_IN_USE], 0, 1e12, false, false, &in_use_mib);
    if (!ok)
        r->rc = SL_EINPUT;
    row->ram_gb = memory_mib / 1024.0;
    row->storage_gb =
        (r->storage == SL_STORAGE_IN_USE ? in_use_mib : provisioned_mib) / 1024.0;
    return 0;
}

/* Makes every id unique: name@vcenter for names seen more than once,
 * with #2, #3 ... when a name repeats within one vCenter too. */
static int rename_duplicates(rv_reader *r)
{
    sl_inventory *inv = r->inv;
    sl_strmap seen = {0};
    int rc = 0;
    uint32_t *count = sl_calloc(inv->n_rows ? inv->n_rows : 1, sizeof *count);
    if (!count)
        return SL_ENOMEM;
    for (size_t i = 0; i < inv->n_rows && !rc; i++) {
        uint32_t first;
        if (sl_strmap_put(&seen, inv->rows[i].id, (uint32_t)i, &first))
            rc = SL_ENOMEM;
        else if (first != SL_NONE)
            count[first]++;
    }
    for (size_t i = 0; i < inv->n_rows && !rc; i++) {
        uint32_t first = sl_strmap_get(&seen, inv->rows[i].id);
        count[i] = count[first];
    }
    sl_strmap used = {0};
    for (size_t i = 0; i < inv->n_rows && !rc; i++) {
        if (count[i] == 0)
            continue;
        const char *vc = r->vcenters[i][0] ? r->vcenters[i] : "unknown-vcenter";
        const char *id = sl_arena_printf(inv->arena, "%s@%s", inv->rows[i].id, vc);
        for (int k = 2; id && (sl_strmap_get(&used, id) != SL_NONE ||
                               sl_strmap_get(&seen, id) != SL_NONE);
             k++)
            id = sl_arena_printf(inv->arena, "%s@%s#%d", inv->rows[i].id, vc, k);
        if (!id || sl_strmap_put(&used, id, (uint32_t)i, NULL)) {
            rc = SL_ENOMEM;
            break;
        }
        inv->rows[i].id = id;
        inv->n_renamed++;
    }
    sl_strmap_free(&used);
    sl_strmap_free(&seen);
    sl_free(count);
    return rc;
}

const char *sl_storage_basis_name(sl_storage_basis b)
{
    return b == SL_STORAGE_IN_USE ? "in_use" : "provisioned";
}

int sl_rvtools_read(sl_inventory **out, const char *path, const char *data, size_t len,
                    const char *agency, const char *site, sl_diag *d)
{
    return sl_rvtools_read_with(out, path, data, len, agency, site, SL_STORAGE_PROVISIONED, d);
}

int sl_rvtools_read_with(sl_inventory **out, const char *path, const char *data, size_t len,
                         const char *agency, const char *site, sl_storage_basis storage,
                         sl_diag *d)
{
    *out = NULL;
    rv_reader r;
    memset(&r, 0, sizeof r);
    int rc = sl_inventory_new(&r.inv, path);
    if (rc)
        return rc;
    r.d = d;
    r.file = r.inv->file;
    r.storage = storage;
    r.agency = sl_arena_strdup(r.inv->arena, agency);
    r.site = sl_arena_strdup(r.inv->arena, site);
    if (!r.agency || !r.site) {
        sl_inventory_free(r.inv);
        return SL_ENOMEM;
    }
    sl_records src;
    rc = sl_records_open(&src, r.inv->arena, r.inv->file, data, len, "vInfo", d);
    if (rc == 0) {
        r.file = r.inv->file = src.label;
        r.allow_comma = src.allow_comma;
        rc = sl_records_read(&src, rv_record, &r, d);
        sl_records_close(&src);
    }
    if (rc == 0 && !r.header_ok)
        rc = SL_EINPUT;
    if (rc == 0)
        rc = r.rc;
    if (rc == 0)
        rc = rename_duplicates(&r);
    sl_free(r.vcenters);
    if (rc) {
        sl_inventory_free(r.inv);
        return rc;
    }
    *out = r.inv;
    return 0;
}
