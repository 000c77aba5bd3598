/* SPDX-License-Identifier: MIT */
/*
 * xlsx.c - an Excel workbook's sheets as records (see xlsx.h), for the
 * readers that also take CSV: RVTools exports (vInfo, vHost), samlok's
 * inventory, flows, hosts.
 *
 * An .xlsx file is a ZIP archive of XML parts (ECMA-376 part 1, 4th ed.).
 * libzip opens it from memory and inflates one part at a time (in a
 * second thread, read/inflate.c); libxml2's SAX2 push parser parses each
 * part as it is inflated, 256 KiB at a time. The parts read:
 *
 *   _rels/.rels                 where the workbook part is (usually xl/workbook.xml)
 *   xl/workbook.xml             sheet names and their relationship ids; date1904
 *   xl/_rels/workbook.xml.rels  relationship id -> sheet part; shared strings; styles
 *   xl/styles.xml               which cell formats (cellXfs) show a date
 *   xl/sharedStrings.xml        the text of every shared-string cell, by index
 *   xl/worksheets/sheetN.xml    the rows, streamed
 *
 * Element names are matched by their local name (after any prefix), so a
 * writer that prefixes the main namespace (x:row) reads the same.
 * Text in shared and inline strings is the concatenation of its <t>
 * runs, leaving out phonetic runs (<rPh>); OOXML's _xHHHH_ escapes (how
 * Excel stores control characters) are decoded.
 *
 * Bounds (samlok.h, README "Limits"): every byte inflated counts against
 * SL_MAX_XLSX_UNPACKED_BYTES (xlsx_part.c); the shared strings are at
 * most SL_MAX_XLSX_SHARED_STRINGS, with at most SL_MAX_INPUT_BYTES of
 * text; a row has at most SL_MAX_CSV_COLUMNS columns and a cell
 * SL_MAX_CSV_FIELD bytes, as a CSV record (xlsx_sheet.c). libxml2 and
 * libzip allocate on their own (the allocation-failure tests reach
 * samlok's allocations only).
 *
 * The sheets themselves are streamed by xlsx_sheet.c; each part is
 * inflated and parsed by xlsx_part.c.
 */
#include "read/xlsx_part.h"

#include <string.h>

bool sl_xlsx_is_zip(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

bool sl_xlsx_is_ole2(const char *data, size_t len)
{
    return len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

/* A relationship target, resolved against the folder of the part that
 * holds the relationships ("xl/" for xl/_rels/workbook.xml.rels). */
static const char *resolve_target(sl_arena *a, const char *base_dir, const char *target)
{
    sl_buf b = {0};
    if (target[0] == '/')
        sl_buf_puts(&b, target + 1);
    else
        sl_buf_printf(&b, "%s%s", base_dir, target);
    if (b.failed) {
        sl_buf_free(&b);
        return NULL;
    }
    /* drop "./" and fold "dir/../" */
    char *s = b.data;
    size_t out = 0;
    for (size_t i = 0; s[i];) {
        size_t seg = strcspn(s + i, "/");
        bool slash = s[i + seg] == '/';
        if (seg == 1 && s[i] == '.') {
            /* nothing */
        } else if (seg == 2 && s[i] == '.' && s[i + 1] == '.') {
            if (out > 0)
                out--; /* the slash before the last segment */
            while (out > 0 && s[out - 1] != '/')
                out--;
        } else {
            memmove(s + out, s + i, seg + slash);
            out += seg + slash;
        }
        i += seg + slash;
    }
    s[out] = '\0';
    const char *r = sl_arena_strdup(a, s);
    sl_buf_free(&b);
    return r;
}

/* ---- relationships ---------------------------------------------------- */

typedef struct rels_job {
    xml_job j;
    sl_xlsx *x;
    const char *base_dir;
    bool is_root;
} rels_job;

static bool type_is(const char *type, const char *suffix)
{
    size_t lt = strlen(type), ls = strlen(suffix);
    return lt >= ls && strcmp(type + lt - ls, suffix) == 0;
}

static void rels_start(void *user, const char *name, const char **atts)
{
    rels_job *r = user;
    sl_xlsx *x = r->x;
    if (strcmp(sl_xlsx_local(name), "Relationship") != 0)
        return;
    const char *id = sl_xlsx_attr(atts, "Id"), *type = sl_xlsx_attr(atts, "Type"), *target = sl_xlsx_attr(atts, "Target");
    const char *mode = sl_xlsx_attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    const char *path = resolve_target(x->arena, r->base_dir, target);
    if (!path) {
        sl_xlsx_job_stop(&r->j, SL_ENOMEM);
        return;
    }
    if (r->is_root) {
        if (type_is(type, "/officeDocument") && !x->workbook_part)
            x->workbook_part = path;
        return;
    }
    if (type_is(type, "/sharedStrings"))
        x->shared_part = path;
    else if (type_is(type, "/styles"))
        x->styles_part = path;
    else if (type_is(type, "/worksheet"))
        for (size_t i = 0; i < x->n_sheets; i++)
            if (strcmp(x->sheets[i].rel_id, id) == 0)
                x->sheets[i].part = path;
}

static void no_end(void *user, const char *name)
{
    (void)user, (void)name;
}

static void no_text(void *user, const char *s, int len)
{
    (void)user, (void)s, (void)len;
}

/* ---- workbook --------------------------------------------------------- */

typedef struct book_job {
    xml_job j;
    sl_xlsx *x;
} book_job;

static void book_start(void *user, const char *name, const char **atts)
{
    book_job *b = user;
    sl_xlsx *x = b->x;
    const char *el = sl_xlsx_local(name);
    if (strcmp(el, "workbookPr") == 0) {
        const char *v = sl_xlsx_attr(atts, "date1904");
        x->is_1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(el, "sheet") == 0) {
        const char *sheet_name = sl_xlsx_attr(atts, "name"), *id = sl_xlsx_attr(atts, "id");
        if (!sheet_name || !id)
            return;
        if (SL_GROW(x->sheets, x->cap_sheets, x->n_sheets + 1)) {
            sl_xlsx_job_stop(&b->j, SL_ENOMEM);
            return;
        }
        xlsx_sheet *s = &x->sheets[x->n_sheets];
        s->name = sl_arena_strdup(x->arena, sheet_name);
        s->rel_id = sl_arena_strdup(x->arena, id);
        s->part = NULL;
        if (!s->name || !s->rel_id) {
            sl_xlsx_job_stop(&b->j, SL_ENOMEM);
            return;
        }
        x->n_sheets++;
    }
}

/* ---- styles: which cell formats are dates ------------------------------ */

typedef struct styles_job {
    xml_job j;
    sl_xlsx *x;
    int in_cell_xfs;
    size_t cap_xf;
    int *custom_date; /* numFmtIds of custom date formats */
    size_t n_custom, cap_custom;
} styles_job;

/* Excel's built-in number formats that show a date or a time. */
static bool builtin_is_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* A custom format code shows a date or time when its first section has a
 * y, m, d, h or s outside quotes, escapes and [brackets] (colours,
 * locales, and elapsed durations such as [h], which are not dates). */
static bool code_is_date(const char *s)
{
    for (; *s && *s != ';'; s++) {
        char c = *s;
        if (c == '"') {
            const char *e = strchr(s + 1, '"');
            if (!e)
                return false;
            s = e;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!s[1])
                return false;
            s++;
        } else if (c == '[') {
            const char *e = strchr(s, ']');
            if (!e)
                return false;
            s = e;
        } else {
            c = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's')
                return true;
        }
    }
    return false;
}

static void styles_start(void *user, const char *name, const char **atts)
{
    styles_job *s = user;
    sl_xlsx *x = s->x;
    const char *el = sl_xlsx_local(name);
    long id;
    if (strcmp(el, "cellXfs") == 0) {
        s->in_cell_xfs++;
    } else if (strcmp(el, "numFmt") == 0) {
        const char *code = sl_xlsx_attr(atts, "formatCode");
        if (code && sl_xlsx_parse_index(sl_xlsx_attr(atts, "numFmtId"), 100000, &id) && code_is_date(code)) {
            if (SL_GROW(s->custom_date, s->cap_custom, s->n_custom + 1)) {
                sl_xlsx_job_stop(&s->j, SL_ENOMEM);
                return;
            }
            s->custom_date[s->n_custom++] = (int)id;
        }
    } else if (strcmp(el, "xf") == 0 && s->in_cell_xfs) {
        if (x->n_xf >= 1000000) /* far past any workbook; bounds the array */
            return;
        if (SL_GROW(x->xf_is_date, s->cap_xf, x->n_xf + 1)) {
            sl_xlsx_job_stop(&s->j, SL_ENOMEM);
            return;
        }
        bool is_date = false;
        if (sl_xlsx_parse_index(sl_xlsx_attr(atts, "numFmtId"), 100000, &id)) {
            is_date = builtin_is_date(id);
            for (size_t i = 0; i < s->n_custom && !is_date; i++)
                is_date = s->custom_date[i] == id;
        }
        x->xf_is_date[x->n_xf++] = is_date;
    }
}

static void styles_end(void *user, const char *name)
{
    styles_job *s = user;
    if (strcmp(sl_xlsx_local(name), "cellXfs") == 0 && s->in_cell_xfs)
        s->in_cell_xfs--;
}

typedef struct shared_job {
    xml_job j;
    sl_xlsx *x;
    sl_diag *d;
    bool in_si, in_t;
    int rph; /* depth inside phonetic runs */
    size_t start;
} shared_job;

static void shared_start(void *user, const char *name, const char **atts)
{
    (void)atts;
    shared_job *s = user;
    const char *el = sl_xlsx_local(name);
    if (strcmp(el, "si") == 0) {
        s->in_si = true;
        s->start = s->x->shared_text.len;
    } else if (strcmp(el, "rPh") == 0) {
        s->rph++;
    } else if (strcmp(el, "t") == 0 && s->in_si && !s->rph) {
        s->in_t = true;
    }
}

static void shared_end(void *user, const char *name)
{
    shared_job *s = user;
    sl_xlsx *x = s->x;
    const char *el = sl_xlsx_local(name);
    if (strcmp(el, "t") == 0) {
        s->in_t = false;
    } else if (strcmp(el, "rPh") == 0 && s->rph) {
        s->rph--;
    } else if (strcmp(el, "si") == 0 && s->in_si) {
        s->in_si = false;
        if (x->n_shared >= SL_MAX_XLSX_SHARED_STRINGS) {
            sl_diag_add(s->d, SL_ERROR, x->file, 0, 0,
                        "the workbook has more than %d shared strings, the limit",
                        SL_MAX_XLSX_SHARED_STRINGS);
            sl_xlsx_job_stop(&s->j, SL_ELIMIT);
            return;
        }
        size_t len = x->shared_text.len - s->start;
        if (len)
            sl_xlsx_decode_escapes(x->shared_text.data + s->start, &len);
        x->shared_text.len = s->start + len;
        sl_buf_append(&x->shared_text, "", 1);
        if (x->shared_text.failed || SL_GROW(x->shared_off, x->cap_shared, x->n_shared + 1)) {
            sl_xlsx_job_stop(&s->j, SL_ENOMEM);
            return;
        }
        x->shared_off[x->n_shared++] = s->start;
    }
}

static void shared_text(void *user, const char *t, int len)
{
    shared_job *s = user;
    if (!s->in_t)
        return;
    sl_xlsx *x = s->x;
    if (x->shared_text.len + (size_t)len > SL_MAX_INPUT_BYTES) {
        sl_diag_add(s->d, SL_ERROR, x->file, 0, 0,
                    "the workbook's shared strings hold more than %zu bytes of text, the limit",
                    SL_MAX_INPUT_BYTES);
        sl_xlsx_job_stop(&s->j, SL_ELIMIT);
        return;
    }
    sl_buf_append(&x->shared_text, t, (size_t)len);
    if (x->shared_text.failed)
        sl_xlsx_job_stop(&s->j, SL_ENOMEM);
}

int sl_xlsx_load_shared(sl_xlsx *x, sl_diag *d)
{
    if (x->shared_loaded || !x->shared_part)
        return 0;
    x->shared_loaded = true;
    shared_job s;
    memset(&s, 0, sizeof s);
    s.x = x;
    s.d = d;
    int rc = sl_xlsx_parse_part(x, x->shared_part, true, &s.j, shared_start, shared_end, shared_text, d);
    return rc == 1 ? 0 : rc;
}

/* ---- opening ---------------------------------------------------------- */

int sl_xlsx_open(sl_xlsx **out, const char *file, const char *data, size_t len, sl_diag *d)
{
    *out = NULL;
    sl_xlsx *x = sl_calloc(1, sizeof *x);
    if (!x)
        return SL_ENOMEM;
    x->arena = sl_arena_new();
    x->file = x->arena ? sl_arena_strdup(x->arena, file) : NULL;
    if (!x->file) {
        sl_xlsx_close(x);
        return SL_ENOMEM;
    }
    /* idempotent; libxml2 wants it before the first parser */
    xmlInitParser();
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (src) {
        x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!x->zip)
            zip_source_free(src);
    }
    if (!x->zip) {
        int code = zip_error_code_zip(&ze);
        sl_diag_add(d, SL_ERROR, file, 0, 0,
                    "the file is a ZIP archive, as an .xlsx workbook is, but cannot be "
                    "opened (damaged or cut short?): %s",
                    zip_error_strerror(&ze));
        zip_error_fini(&ze);
        sl_xlsx_close(x);
        return code == ZIP_ER_MEMORY ? SL_ENOMEM : SL_EINPUT;
    }
    zip_error_fini(&ze);

    rels_job rj;
    memset(&rj, 0, sizeof rj);
    rj.x = x;
    rj.base_dir = "";
    rj.is_root = true;
    int rc = sl_xlsx_parse_part(x, "_rels/.rels", true, &rj.j, rels_start, no_end, no_text, d);
    if (rc == 1 || (rc == 0 && !x->workbook_part)) {
        x->workbook_part = "xl/workbook.xml";
        rc = 0;
    }
    book_job bj;
    memset(&bj, 0, sizeof bj);
    bj.x = x;
    if (rc == 0)
        rc = sl_xlsx_parse_part(x, x->workbook_part, false, &bj.j, book_start, no_end, no_text, d);
    /* the workbook's relationships sit in _rels/ beside it */
    const char *dir = NULL, *rels = NULL;
    if (rc == 0) {
        const char *slash = strrchr(x->workbook_part, '/');
        size_t dir_len = slash ? (size_t)(slash - x->workbook_part) + 1 : 0;
        dir = sl_arena_strndup(x->arena, x->workbook_part, dir_len);
        rels = dir ? sl_arena_printf(x->arena, "%s_rels/%s.rels", dir,
                                     x->workbook_part + dir_len)
                   : NULL;
        if (!rels)
            rc = SL_ENOMEM;
    }
    if (rc == 0) {
        memset(&rj, 0, sizeof rj);
        rj.x = x;
        rj.base_dir = dir;
        rc = sl_xlsx_parse_part(x, rels, false, &rj.j, rels_start, no_end, no_text, d);
    }
    if (rc == 0 && x->n_sheets == 0) {
        sl_diag_add(d, SL_ERROR, file, 0, 0, "the workbook has no sheet");
        rc = SL_EINPUT;
    }
    for (size_t i = 0; rc == 0 && i < x->n_sheets; i++) {
        if (!x->sheets[i].part) {
            sl_diag_add(d, SL_ERROR, file, 0, 0,
                        "the workbook names sheet '%s' but does not say where it is",
                        x->sheets[i].name);
            rc = SL_EINPUT;
        }
    }
    if (rc == 0 && x->styles_part) {
        styles_job sj;
        memset(&sj, 0, sizeof sj);
        sj.x = x;
        rc = sl_xlsx_parse_part(x, x->styles_part, true, &sj.j, styles_start, styles_end, no_text, d);
        if (rc == 1)
            rc = 0;
        sl_free(sj.custom_date);
    }
    if (rc) {
        sl_xlsx_close(x);
        return rc;
    }
    *out = x;
    return 0;
}

void sl_xlsx_close(sl_xlsx *x)
{
    if (!x)
        return;
    if (x->zip)
        zip_discard(x->zip);
    sl_free(x->sheets);
    sl_free(x->shared_off);
    sl_free(x->xf_is_date);
    sl_buf_free(&x->shared_text);
    sl_arena_free(x->arena);
    sl_free(x);
}

size_t sl_xlsx_n_sheets(const sl_xlsx *x)
{
    return x->n_sheets;
}

const char *sl_xlsx_sheet_name(const sl_xlsx *x, size_t i)
{
    return i < x->n_sheets ? x->sheets[i].name : NULL;
}

size_t sl_xlsx_find_sheet(const sl_xlsx *x, const char *name)
{
    for (size_t i = 0; i < x->n_sheets; i++)
        if (sl_streq_nocase(x->sheets[i].name, name))
            return i;
    return SIZE_MAX;
}

