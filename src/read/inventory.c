/* SPDX-License-Identifier: MIT */
/*
 * inventory.c - samlok's own inventory CSV into rows, and rows back
 * to CSV.
 *
 * Columns (others are ignored; docs/FORMATS.md): id, agency, site, app,
 * env, tier, vcpu, ram_gb, storage_gb, cpu_p95, ram_p95, os,
 * security_class, legal_tags, ha_group, method, power_state, owner,
 * cluster, folder, annotation, and the older powered_off. Required: id,
 * agency, site, vcpu, ram_gb (agency and site not when the scenario gives
 * them). A column map (a CMDB export's own headers) renames columns and
 * scales numbers from the file's unit; the ranges stay samlok's. This reader checks syntax and numbers;
 * whether the ids exist is checked when a scenario loads the rows
 * (io/load.c).
 */
#include "read/inventory.h"
#include "read/records.h"

#include <math.h>
#include <string.h>
#include <strings.h>

const char *const sl_inventory_columns[] = {
    "id",      "agency",  "site", "app",            "env",        "tier",
    "vcpu",    "ram_gb",  "storage_gb", "cpu_p95",  "ram_p95",    "os",
    "security_class", "legal_tags", "ha_group", "method", "power_state", "owner",
    "cluster", "folder", "annotation", "powered_off", NULL,
};

enum {
    COL_ID, COL_AGENCY, COL_SITE, COL_APP, COL_ENV, COL_TIER, COL_VCPU, COL_RAM, COL_STORAGE,
    COL_CPU_P95, COL_RAM_P95, COL_OS, COL_CLASS, COL_TAGS, COL_HA, COL_METHOD, COL_POWER,
    COL_OWNER, COL_CLUSTER, COL_FOLDER, COL_ANNOTATION, COL_POWERED_OFF, N_COLS
};
_Static_assert(N_COLS == SL_INVENTORY_N_COLUMNS + 1, "samlok.h names the written columns");

static const sl_csv_column inventory_cols[N_COLS] = {
    {{"id"}, true},        {{"agency"}, true},   {{"site"}, true},       {{"app"}, false},
    {{"env"}, false},      {{"tier"}, false},    {{"vcpu"}, true},       {{"ram_gb"}, true},
    {{"storage_gb"}, false}, {{"cpu_p95"}, false}, {{"ram_p95"}, false}, {{"os"}, false},
    {{"security_class"}, false}, {{"legal_tags"}, false}, {{"ha_group"}, false},
    {{"method"}, false},   {{"power_state"}, false}, {{"owner"}, false}, {{"cluster"}, false},
    {{"folder"}, false},   {{"annotation"}, false}, {{"powered_off"}, false},
};

const char *sl_power_state_name(sl_power_state p)
{
    return p == SL_POWER_OFF ? "off" : p == SL_POWER_SUSPENDED ? "suspended" : "on";
}

bool sl_inventory_power_state(const sl_csv_field *f, sl_power_state *out)
{
    static const struct {
        const char *word;
        sl_power_state state;
    } words[] = {
        {"", SL_POWER_ON},          {"on", SL_POWER_ON},     {"poweredOn", SL_POWER_ON},
        {"off", SL_POWER_OFF},      {"poweredOff", SL_POWER_OFF},
        {"suspended", SL_POWER_SUSPENDED},
    };
    const char *s = f->s;
    size_t len = f->len;
    sl_trim(&s, &len);
    for (size_t i = 0; i < SL_ARRAY_LEN(words); i++) {
        if (strlen(words[i].word) == len && strncasecmp(words[i].word, s, len) == 0) {
            *out = words[i].state;
            return true;
        }
    }
    return false;
}

typedef struct inv_reader {
    sl_inventory *inv;
    sl_diag *d;
    const char *file;
    const sl_inventory_options *o;
    sl_csv_column cols[N_COLS]; /* inventory_cols, renamed by the column map */
    double factor[N_COLS];
    const char *agency, *site; /* defaults */
    int index[N_COLS];
    bool header_ok;
    bool allow_comma;
    size_t cap_rows;
    int rc;
} inv_reader;

int sl_inventory_new(sl_inventory **out, const char *file)
{
    *out = NULL;
    sl_inventory *inv = sl_calloc(1, sizeof *inv);
    if (!inv)
        return SL_ENOMEM;
    inv->arena = sl_arena_new();
    if (!inv->arena) {
        sl_free(inv);
        return SL_ENOMEM;
    }
    inv->file = sl_arena_strdup(inv->arena, file);
    if (!inv->file) {
        sl_inventory_free(inv);
        return SL_ENOMEM;
    }
    *out = inv;
    return 0;
}

void sl_inventory_free(sl_inventory *inv)
{
    if (!inv)
        return;
    sl_free(inv->rows);
    sl_arena_free(inv->arena);
    sl_free(inv);
}

sl_inventory_row *sl_inventory_append(sl_inventory *inv, size_t *cap)
{
    if (SL_GROW(inv->rows, *cap, inv->n_rows + 1))
        return NULL;
    sl_inventory_row *r = &inv->rows[inv->n_rows++];
    memset(r, 0, sizeof *r);
    r->cpu_p95 = r->ram_p95 = -1;
    return r;
}

const char *sl_inventory_text(sl_inventory *inv, const sl_csv_field *f)
{
    const char *s = f->s;
    size_t len = f->len;
    sl_trim(&s, &len);
    return sl_arena_strndup(inv->arena, s, len);
}

bool sl_inventory_number(sl_diag *d, const char *file, long line, const char *col,
                         const sl_csv_field *f, bool allow_comma, double lo, double hi,
                         bool required, double *out)
{
    double v;
    sl_num_status st = sl_parse_double_ex(&v, f->s, f->len, allow_comma);
    if (st == SL_NUM_EMPTY && !required)
        return true;
    if (st == SL_NUM_EMPTY) {
        sl_diag_add_cell(d, SL_ERROR, file, line, col, "a value is required");
        return false;
    }
    if (st != SL_NUM_OK) {
        sl_diag_add_cell(d, SL_ERROR, file, line, col, "%s: '%.*s'",
                         sl_diag_tr(d, sl_num_status_text(st)), (int)SL_MIN(f->len, 40), f->s);
        return false;
    }
    if (v < lo || v > hi) {
        sl_diag_add_cell(d, SL_ERROR, file, line, col, "%.15g is outside %.15g..%.15g", v, lo, hi);
        return false;
    }
    *out = v;
    return true;
}

static int inv_record(void *user, long line, size_t record, const sl_csv_field *fields,
                      size_t n)
{
    inv_reader *r = user;
    if (record == 0) {
        r->header_ok =
            sl_csv_map_header(r->file, line, fields, n, r->cols, N_COLS, r->index, r->d) == 0;
        return 0;
    }
    if (!r->header_ok)
        return 0;
    if (n == 1 && fields[0].len == 0)
        return 0; /* a line of spaces */
    static const sl_csv_field empty = {"", 0};
    const sl_csv_field *col[N_COLS];
    for (int c = 0; c < N_COLS; c++)
        col[c] = r->index[c] >= 0 && (size_t)r->index[c] < n ? &fields[r->index[c]] : &empty;
    sl_inventory_row *row = sl_inventory_append(r->inv, &r->cap_rows);
    if (!row)
        return SL_ENOMEM;
    row->line = line;
    const char **text[N_COLS] = {
        [COL_ID] = &row->id,       [COL_AGENCY] = &row->agency, [COL_SITE] = &row->site,
        [COL_APP] = &row->app,     [COL_ENV] = &row->env,       [COL_OS] = &row->os,
        [COL_CLASS] = &row->security_class, [COL_TAGS] = &row->legal_tags,
        [COL_HA] = &row->ha_group, [COL_METHOD] = &row->method, [COL_OWNER] = &row->owner,
        [COL_CLUSTER] = &row->cluster, [COL_FOLDER] = &row->folder,
        [COL_ANNOTATION] = &row->annotation,
    };
    for (int c = 0; c < N_COLS; c++) {
        if (!text[c])
            continue;
        *text[c] = sl_inventory_text(r->inv, col[c]);
        if (!*text[c])
            return SL_ENOMEM;
    }
    /* a file without an agency or site column takes the scenario's */
    if (!row->agency[0] && r->agency)
        row->agency = r->agency;
    if (!row->site[0] && r->site)
        row->site = r->site;
    for (int c = 0; c < N_COLS; c++) {
        if (text[c] && r->cols[c].required && !**text[c]) {
            sl_diag_add_cell(r->d, SL_ERROR, r->file, line, r->cols[c].names[0],
                             "a value is required");
            r->rc = SL_EINPUT;
        }
    }
    static const struct {
        int col;
        double lo, hi;
        size_t offset;
    } numbers[] = {
        {COL_VCPU, 0.01, 4096, offsetof(sl_inventory_row, vcpu)},
        {COL_RAM, 0.001, 65536, offsetof(sl_inventory_row, ram_gb)},
        {COL_STORAGE, 0, 1e9, offsetof(sl_inventory_row, storage_gb)},
        {COL_CPU_P95, 0, 100, offsetof(sl_inventory_row, cpu_p95)},
        {COL_RAM_P95, 0, 100, offsetof(sl_inventory_row, ram_p95)},
    };
    bool ok = true;
    for (size_t k = 0; k < SL_ARRAY_LEN(numbers); k++) {
        int c = numbers[k].col;
        double *v = (double *)((char *)row + numbers[k].offset);
        double f = r->factor[c];
        /* the range is samlok's, said in the file's unit */
        double raw = NAN;
        if (!sl_inventory_number(r->d, r->file, line, r->cols[c].names[0], col[c],
                                 r->allow_comma, numbers[k].lo / f, numbers[k].hi / f,
                                 r->cols[c].required, &raw))
            ok = false;
        else if (!isnan(raw))
            *v = raw * f;
    }
    double tier = 0;
    if (sl_inventory_number(r->d, r->file, line, r->cols[COL_TIER].names[0], col[COL_TIER],
                            false, 1, 4, false, &tier)) {
        if (tier != (int)tier) {
            sl_diag_add_cell(r->d, SL_ERROR, r->file, line, r->cols[COL_TIER].names[0],
                             "must be 1, 2, 3 or 4");
            ok = false;
        }
        row->tier = (int)tier;
    } else {
        ok = false;
    }
    bool off_flag = false;
    if (!sl_csv_flag(col[COL_POWERED_OFF], &off_flag)) {
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, r->cols[COL_POWERED_OFF].names[0],
                         "must be true or false");
        ok = false;
    }
    if (!sl_inventory_power_state(col[COL_POWER], &row->power_state)) {
        sl_diag_add_cell(r->d, SL_ERROR, r->file, line, r->cols[COL_POWER].names[0],
                         "must be on, off or suspended (or vSphere's poweredOn, poweredOff)");
        ok = false;
    }
    if (off_flag && row->power_state == SL_POWER_ON)
        row->power_state = SL_POWER_OFF;
    row->is_powered_off = row->power_state != SL_POWER_ON;
    if (row->is_powered_off)
        r->inv->n_powered_off++;
    if (!ok)
        r->rc = SL_EINPUT;
    return 0;
}

/* The reader's columns: samlok's names, renamed by the column map, with
 * agency and site optional when the options give them. */
static int setup_columns(inv_reader *r, const sl_inventory_options *o, sl_diag *d)
{
    memcpy(r->cols, inventory_cols, sizeof r->cols);
    for (int c = 0; c < N_COLS; c++)
        r->factor[c] = 1;
    if (!o)
        return 0;
    r->agency = o->agency;
    r->site = o->site;
    if (o->agency)
        r->cols[COL_AGENCY].required = false;
    if (o->site)
        r->cols[COL_SITE].required = false;
    for (size_t i = 0; i < o->n_columns; i++) {
        const sl_column_map *cm = &o->columns[i];
        int c = 0;
        while (c < N_COLS && strcmp(inventory_cols[c].names[0], cm->field) != 0)
            c++;
        if (c == N_COLS) {
            sl_diag_add(d, SL_ERROR, r->file, 0, 0, "'%s' is not an inventory column", cm->field);
            return SL_EUSAGE;
        }
        r->cols[c].names[0] = cm->header;
        r->factor[c] = cm->factor > 0 ? cm->factor : 1;
    }
    return 0;
}

int sl_inventory_read_with(sl_inventory **out, const char *path, const char *data, size_t len,
                           const sl_inventory_options *o, sl_diag *d)
{
    *out = NULL;
    inv_reader r;
    memset(&r, 0, sizeof r);
    int rc = sl_inventory_new(&r.inv, path);
    if (rc)
        return rc;
    r.d = d;
    r.file = r.inv->file;
    rc = setup_columns(&r, o, d);
    if (rc == 0 && ((r.agency && !(r.agency = sl_arena_strdup(r.inv->arena, r.agency))) ||
                    (r.site && !(r.site = sl_arena_strdup(r.inv->arena, r.site)))))
        rc = SL_ENOMEM;
    sl_records src;
    if (rc == 0)
        rc = sl_records_open(&src, r.inv->arena, r.inv->file, data, len, NULL, d);
    if (rc == 0) {
        r.file = r.inv->file = src.label;
        r.allow_comma = src.allow_comma;
        rc = sl_records_read(&src, inv_record, &r, d);
        sl_records_close(&src);
    }
    if (rc == 0 && !r.header_ok)
        rc = SL_EINPUT;
    if (rc == 0)
        rc = r.rc;
    if (rc) {
        sl_inventory_free(r.inv);
        return rc;
    }
    *out = r.inv;
    return 0;
}

int sl_inventory_read(sl_inventory **out, const char *path, const char *data, size_t len,
                      sl_diag *d)
{
    return sl_inventory_read_with(out, path, data, len, NULL, d);
}

/* The shortest of %.15g and %.17g that reads back as the same double, so
 * an imported inventory loads exactly as the export it came from. */
static void put_number(FILE *out, double v, bool present)
{
    if (!present) {
        fputc(',', out);
        return;
    }
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", v);
    double back;
    if (sl_parse_double(&back, buf, strlen(buf)) != SL_NUM_OK || back != v)
        snprintf(buf, sizeof buf, "%.17g", v);
    fprintf(out, "%s,", buf);
}

int sl_inventory_write_csv(FILE *out, const sl_inventory *inv)
{
    sl_c_numbers cn;
    sl_c_numbers_begin(&cn);
    /* exactly the documented columns, in their order: the older
     * powered_off column is read when present but never written */
    for (int c = 0; c < SL_INVENTORY_N_COLUMNS; c++)
        sl_csv_put(out, sl_inventory_columns[c], c == SL_INVENTORY_N_COLUMNS - 1);
    for (size_t i = 0; i < inv->n_rows; i++) {
        const sl_inventory_row *r = &inv->rows[i];
        sl_csv_put(out, r->id, false);
        sl_csv_put(out, r->agency, false);
        sl_csv_put(out, r->site, false);
        sl_csv_put(out, r->app, false);
        sl_csv_put(out, r->env, false);
        if (r->tier)
            fprintf(out, "%d,", r->tier);
        else
            fputc(',', out);
        put_number(out, r->vcpu, true);
        put_number(out, r->ram_gb, true);
        put_number(out, r->storage_gb, true);
        put_number(out, r->cpu_p95, r->cpu_p95 >= 0);
        put_number(out, r->ram_p95, r->ram_p95 >= 0);
        sl_csv_put(out, r->os, false);
        sl_csv_put(out, r->security_class, false);
        sl_csv_put(out, r->legal_tags, false);
        sl_csv_put(out, r->ha_group, false);
        sl_csv_put(out, r->method, false);
        sl_csv_put(out, sl_power_state_name(r->power_state), false);
        sl_csv_put(out, r->owner, false);
        sl_csv_put(out, r->cluster, false);
        sl_csv_put(out, r->folder, false);
        sl_csv_put(out, r->annotation, true);
    }
    sl_c_numbers_end(&cn);
    return ferror(out) ? SL_EIO : 0;
}
