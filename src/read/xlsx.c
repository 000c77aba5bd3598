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
 * SL_MAX_XLSX_UNPACKED_BYTES, checked against each part's declared size
 * before it is opened and again as it is inflated (a ZIP entry can lie
 * about its size); the shared strings are at most SL_MAX_XLSX_SHARED_STRINGS
 * and SL_MAX_INPUT_BYTES of text; a row has at most SL_MAX_CSV_COLUMNS
 * columns and a cell SL_MAX_CSV_FIELD bytes, as a CSV record. A DTD is
 * refused outright (no workbook has one), which also rules out entity
 * expansion; nothing is loaded from the network. libxml2 and libzip
 * allocate on their own (the allocation-failure tests reach samlok's
 * allocations only).
 *
 * Why libxml2's SAX2 and not expat: on a 200,000-row vInfo sheet (425 MB
 * of XML) libxml2 parses in about 3.0 s of CPU where expat takes 3.7 s
 * (bench/xlsx), which is what keeps the import under 5 s.
 */
#include "read/xlsx.h"
#include "read/inflate.h"

#include <libxml/parser.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <zip.h>

typedef struct xlsx_sheet {
    const char *name;
    const char *rel_id;
    const char *part; /* resolved from the workbook's relationships */
} xlsx_sheet;

struct sl_xlsx {
    const char *file;
    zip_t *zip;
    sl_arena *arena;
    size_t n_sheets, cap_sheets;
    xlsx_sheet *sheets;
    const char *workbook_part, *shared_part, *styles_part;
    bool is_1904;
    bool shared_loaded;
    sl_buf shared_text;   /* every shared string, NUL after each */
    uint64_t *shared_off; /* where string i starts in shared_text */
    size_t n_shared, cap_shared;
    bool *xf_is_date; /* per cell format (cellXfs index) */
    size_t n_xf;
    uint64_t unpacked; /* bytes inflated so far, all parts */
};

bool sl_xlsx_is_zip(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

bool sl_xlsx_is_ole2(const char *data, size_t len)
{
    return len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

/* ---- parts ------------------------------------------------------------ */

typedef void (*start_fn)(void *user, const char *name, const char **atts);
typedef void (*end_fn)(void *user, const char *name);
typedef void (*text_fn)(void *user, const char *s, int len);

/* What every part's handlers share: the parser, to stop it; the handlers
 * (text may change while parsing: sheets want text only inside values);
 * the first non-zero result a handler decided; and room for a start tag's
 * attributes as name, value pairs of NUL-terminated strings. */
typedef struct xml_job {
    xmlParserCtxtPtr ctxt;
    start_fn start;
    end_fn end;
    text_fn text;
    int rc;
    sl_buf attr_text;
    const char **atts;
    size_t cap_atts;
} xml_job;

static void job_stop(xml_job *j, int rc)
{
    if (!j->rc)
        j->rc = rc;
    xmlStopParser(j->ctxt);
}

/* A handler's result for a DTD, which parse_part reports */
#define RC_DOCTYPE 99

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
    (void)name, (void)external_id, (void)system_id;
    job_stop(ctx, RC_DOCTYPE);
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    xml_job *j = ctx;
    if (j->rc)
        return;
    size_t n = (size_t)nb_attributes;
    if (SL_GROW(j->atts, j->cap_atts, 2 * n + 1)) {
        job_stop(j, SL_ENOMEM);
        return;
    }
    /* SAX2 gives each attribute as (localname, prefix, URI, value, end):
     * copied into NUL-terminated pairs, offsets first (the text may move) */
    j->attr_text.len = 0;
    size_t offs[2 * 32];
    size_t keep = SL_MIN(n, (size_t)32);
    for (size_t i = 0; i < keep; i++) {
        const char *name = (const char *)attributes[5 * i];
        const char *v = (const char *)attributes[5 * i + 3];
        const char *e = (const char *)attributes[5 * i + 4];
        offs[2 * i] = j->attr_text.len;
        sl_buf_append(&j->attr_text, name, strlen(name) + 1);
        offs[2 * i + 1] = j->attr_text.len;
        sl_buf_append(&j->attr_text, v, (size_t)(e - v));
        sl_buf_append(&j->attr_text, "", 1);
    }
    if (j->attr_text.failed) {
        job_stop(j, SL_ENOMEM);
        return;
    }
    for (size_t i = 0; i < 2 * keep; i++)
        j->atts[i] = j->attr_text.data + offs[i];
    j->atts[2 * keep] = NULL;
    j->start(j, (const char *)localname, j->atts);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    (void)prefix, (void)uri;
    xml_job *j = ctx;
    if (!j->rc)
        j->end(j, (const char *)localname);
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
    xml_job *j = ctx;
    if (j->text && !j->rc)
        j->text(j, (const char *)ch, len);
}

/* libxml2 would print its errors; they are read from the context instead */
static void sax_silent(void *ctx, xmlErrorPtr error)
{
    (void)ctx, (void)error;
}

/* The local name of an element or attribute: after its prefix (SAX2
 * gives local names already; kept for the handlers' sake). */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* Inflates one part into a libxml2 push parser set up with the handlers,
 * a chunk at a time. A missing part is SL_EINPUT unless `optional`, when
 * it returns 1 and reads nothing. */
static int parse_part(sl_xlsx *x, const char *part, bool optional, xml_job *job, start_fn start,
                      end_fn end, text_fn text, sl_diag *d)
{
    zip_int64_t idx = zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
    if (idx < 0) {
        if (optional)
            return 1;
        sl_diag_add(d, SL_ERROR, x->file, 0, 0,
                    "not an Excel workbook: the archive has no part %s", part);
        return SL_EINPUT;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > SL_MAX_XLSX_UNPACKED_BYTES - x->unpacked) {
        sl_diag_add(d, SL_ERROR, x->file, 0, 0,
                    "the workbook's part %s unpacks to %llu bytes; all parts together may "
                    "unpack to at most %llu bytes",
                    part, (unsigned long long)st.size,
                    (unsigned long long)SL_MAX_XLSX_UNPACKED_BYTES);
        return SL_ELIMIT;
    }
    zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        sl_diag_add(d, SL_ERROR, x->file, 0, 0, "cannot unpack the workbook's part %s: %s", part,
                    zip_strerror(x->zip));
        return SL_EINPUT;
    }
    sl_inflate *in = NULL;
    int rc = sl_inflate_open(&in, zf);
    if (rc)
        return rc;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = sax_start;
    sax.endElementNs = sax_end;
    sax.characters = sax_text;
    sax.cdataBlock = sax_text;
    sax.internalSubset = on_doctype;
    sax.externalSubset = on_doctype;
    sax.serror = sax_silent;
    job->start = start;
    job->end = end;
    job->text = text;
    job->rc = 0;
    job->ctxt = xmlCreatePushParserCtxt(&sax, job, NULL, 0, part);
    if (!job->ctxt) {
        sl_inflate_close(in);
        return SL_ENOMEM;
    }
    xmlCtxtUseOptions(job->ctxt, XML_PARSE_NONET);
    for (;;) {
        const char *chunk;
        size_t n;
        if (sl_inflate_next(in, &chunk, &n)) {
            sl_diag_add(d, SL_ERROR, x->file, 0, 0, "cannot unpack the workbook's part %s: %s",
                        part, sl_inflate_error(in));
            rc = SL_EINPUT;
            break;
        }
        x->unpacked += (uint64_t)n;
        if (x->unpacked > SL_MAX_XLSX_UNPACKED_BYTES) {
            sl_diag_add(d, SL_ERROR, x->file, 0, 0,
                        "the workbook unpacks to more than %llu bytes (in part %s), the limit",
                        (unsigned long long)SL_MAX_XLSX_UNPACKED_BYTES, part);
            rc = SL_ELIMIT;
            break;
        }
        int err = xmlParseChunk(job->ctxt, chunk, (int)n, n == 0);
        if (job->rc == RC_DOCTYPE) {
            sl_diag_add(d, SL_ERROR, x->file, 0, 0,
                        "the workbook's part %s has a document type declaration, which no "
                        "workbook has: refused",
                        part);
            rc = SL_EINPUT;
            break;
        }
        if (job->rc) {
            rc = job->rc;
            break;
        }
        if (err || !job->ctxt->wellFormed) {
            const xmlError *e = xmlCtxtGetLastError(job->ctxt);
            if (e && e->code == XML_ERR_NO_MEMORY) {
                rc = SL_ENOMEM;
            } else {
                char msg[160];
                snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "malformed");
                size_t ml = strlen(msg);
                while (ml && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
                    msg[--ml] = '\0';
                sl_diag_add(d, SL_ERROR, x->file, 0, 0,
                            "the workbook's part %s is not well-formed XML (its line %d, "
                            "column %d): %s",
                            part, e ? e->line : 0, e ? e->int2 : 0, msg);
                rc = SL_EINPUT;
            }
            break;
        }
        if (n == 0)
            break;
    }
    xmlFreeParserCtxt(job->ctxt);
    job->ctxt = NULL;
    sl_buf_free(&job->attr_text);
    sl_free(job->atts);
    job->atts = NULL;
    job->cap_atts = 0;
    sl_inflate_close(in);
    return rc ? rc : job->rc;
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
    if (strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    const char *path = resolve_target(x->arena, r->base_dir, target);
    if (!path) {
        job_stop(&r->j, SL_ENOMEM);
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
    const char *el = local(name);
    if (strcmp(el, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        x->is_1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(el, "sheet") == 0) {
        const char *sheet_name = attr(atts, "name"), *id = attr(atts, "id");
        if (!sheet_name || !id)
            return;
        if (SL_GROW(x->sheets, x->cap_sheets, x->n_sheets + 1)) {
            job_stop(&b->j, SL_ENOMEM);
            return;
        }
        xlsx_sheet *s = &x->sheets[x->n_sheets];
        s->name = sl_arena_strdup(x->arena, sheet_name);
        s->rel_id = sl_arena_strdup(x->arena, id);
        s->part = NULL;
        if (!s->name || !s->rel_id) {
            job_stop(&b->j, SL_ENOMEM);
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

static bool parse_index(const char *s, long max, long *out)
{
    uint64_t v;
    if (!s || sl_parse_index(&v, s, (uint64_t)max) != SL_NUM_OK)
        return false;
    *out = (long)v;
    return true;
}

static void styles_start(void *user, const char *name, const char **atts)
{
    styles_job *s = user;
    sl_xlsx *x = s->x;
    const char *el = local(name);
    long id;
    if (strcmp(el, "cellXfs") == 0) {
        s->in_cell_xfs++;
    } else if (strcmp(el, "numFmt") == 0) {
        const char *code = attr(atts, "formatCode");
        if (code && parse_index(attr(atts, "numFmtId"), 100000, &id) && code_is_date(code)) {
            if (SL_GROW(s->custom_date, s->cap_custom, s->n_custom + 1)) {
                job_stop(&s->j, SL_ENOMEM);
                return;
            }
            s->custom_date[s->n_custom++] = (int)id;
        }
    } else if (strcmp(el, "xf") == 0 && s->in_cell_xfs) {
        if (x->n_xf >= 1000000) /* far past any workbook; bounds the array */
            return;
        if (SL_GROW(x->xf_is_date, s->cap_xf, x->n_xf + 1)) {
            job_stop(&s->j, SL_ENOMEM);
            return;
        }
        bool is_date = false;
        if (parse_index(attr(atts, "numFmtId"), 100000, &id)) {
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
    if (strcmp(local(name), "cellXfs") == 0 && s->in_cell_xfs)
        s->in_cell_xfs--;
}

/* ---- text runs (shared strings and inline strings) --------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes OOXML's _xHHHH_ escapes in s[0..*len) in place (ECMA-376
 * 22.9.2.19 ST_Xstring): _x000D_ is a carriage return, _x005F_ an
 * underscore that would otherwise start an escape. */
static void decode_escapes(char *s, size_t *len)
{
    size_t in = 0, out = 0, n = *len;
    while (in < n) {
        if (in + 7 <= n && s[in] == '_' && s[in + 1] == 'x' && s[in + 6] == '_') {
            int h[4] = {hexval(s[in + 2]), hexval(s[in + 3]), hexval(s[in + 4]),
                        hexval(s[in + 5])};
            if (h[0] >= 0 && h[1] >= 0 && h[2] >= 0 && h[3] >= 0) {
                unsigned cp = (unsigned)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
                /* a surrogate or NUL cannot be text: keep the escape as written */
                if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
                    if (cp < 0x80) {
                        s[out++] = (char)cp;
                    } else if (cp < 0x800) {
                        s[out++] = (char)(0xC0 | cp >> 6);
                        s[out++] = (char)(0x80 | (cp & 0x3F));
                    } else {
                        s[out++] = (char)(0xE0 | cp >> 12);
                        s[out++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                        s[out++] = (char)(0x80 | (cp & 0x3F));
                    }
                    in += 7;
                    continue;
                }
            }
        }
        s[out++] = s[in++];
    }
    *len = out;
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
    const char *el = local(name);
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
    const char *el = local(name);
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
            job_stop(&s->j, SL_ELIMIT);
            return;
        }
        size_t len = x->shared_text.len - s->start;
        if (len)
            decode_escapes(x->shared_text.data + s->start, &len);
        x->shared_text.len = s->start + len;
        sl_buf_append(&x->shared_text, "", 1);
        if (x->shared_text.failed || SL_GROW(x->shared_off, x->cap_shared, x->n_shared + 1)) {
            job_stop(&s->j, SL_ENOMEM);
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
        job_stop(&s->j, SL_ELIMIT);
        return;
    }
    sl_buf_append(&x->shared_text, t, (size_t)len);
    if (x->shared_text.failed)
        job_stop(&s->j, SL_ENOMEM);
}

static int load_shared(sl_xlsx *x, sl_diag *d)
{
    if (x->shared_loaded || !x->shared_part)
        return 0;
    x->shared_loaded = true;
    shared_job s;
    memset(&s, 0, sizeof s);
    s.x = x;
    s.d = d;
    int rc = parse_part(x, x->shared_part, true, &s.j, shared_start, shared_end, shared_text, d);
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
    int rc = parse_part(x, "_rels/.rels", true, &rj.j, rels_start, no_end, no_text, d);
    if (rc == 1 || (rc == 0 && !x->workbook_part)) {
        x->workbook_part = "xl/workbook.xml";
        rc = 0;
    }
    book_job bj;
    memset(&bj, 0, sizeof bj);
    bj.x = x;
    if (rc == 0)
        rc = parse_part(x, x->workbook_part, false, &bj.j, book_start, no_end, no_text, d);
    /* the workbook's relationships sit in _rels/ beside it */
    const char *slash = strrchr(x->workbook_part, '/');
    size_t dir_len = slash ? (size_t)(slash - x->workbook_part) + 1 : 0;
    const char *dir = sl_arena_strndup(x->arena, x->workbook_part, dir_len);
    const char *rels = dir ? sl_arena_printf(x->arena, "%s_rels/%s.rels", dir,
                                             x->workbook_part + dir_len)
                           : NULL;
    if (rc == 0 && !rels)
        rc = SL_ENOMEM;
    if (rc == 0) {
        memset(&rj, 0, sizeof rj);
        rj.x = x;
        rj.base_dir = dir;
        rc = parse_part(x, rels, false, &rj.j, rels_start, no_end, no_text, d);
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
        rc = parse_part(x, x->styles_part, true, &sj.j, styles_start, styles_end, no_text, d);
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

/* ---- dates ------------------------------------------------------------- */

bool sl_xlsx_format_serial(char *buf, size_t cap, double serial, bool is_1904)
{
    /* 2958465 is 9999-12-31 in the 1900 system, Excel's last day */
    if (!(serial >= 1 && serial < 2958466) || (is_1904 && serial >= 2958466 - 1462))
        return false;
    double days = floor(serial);
    long secs = lround((serial - days) * 86400.0);
    if (secs >= 86400) {
        days += 1;
        secs = 0;
    }
    /* the 1900 system counts a 29 February 1900 that never was (serial
     * 60, kept from Lotus 1-2-3): serials 1..59 start a day later */
    sl_date base = is_1904      ? sl_date_from_ymd(1904, 1, 1)
                   : days < 60  ? sl_date_from_ymd(1899, 12, 31)
                                : sl_date_from_ymd(1899, 12, 30);
    char date[11];
    sl_date_format(date, base + (sl_date)days);
    int n;
    if (secs == 0)
        n = snprintf(buf, cap, "%s", date);
    else
        n = snprintf(buf, cap, "%sT%02ld:%02ld:%02ld", date, secs / 3600, secs / 60 % 60,
                     secs % 60);
    return n > 0 && (size_t)n < cap;
}

/* ---- sheets ------------------------------------------------------------ */

typedef enum { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_STR, CELL_BOOL, CELL_ERROR, CELL_DATE } cell_type;

typedef struct field_span {
    size_t off, len;
} field_span;

typedef struct sheet_job {
    xml_job j;
    sl_xlsx *x;
    const char *label;
    sl_diag *d;
    sl_csv_record_fn fn;
    void *user;
    bool in_data;
    long row, prev_row;
    bool row_too_wide, row_too_long, row_has_value;
    long col, next_col;
    cell_type type;
    long style;
    bool in_cell, in_v, in_is, in_t;
    int rph;
    bool cell_too_long;
    sl_buf cell;       /* the current cell's raw text */
    sl_buf text;       /* the row's fields, NUL after each */
    field_span *spans; /* per column of the row */
    size_t n_spans, cap_spans;
    size_t records;
    bool had_error;
} sheet_job;

/* "BC12" -> column 54 (0-based); -1 when not a cell reference. */
static long ref_column(const char *ref)
{
    long col = 0;
    size_t i = 0;
    for (; ref[i] >= 'A' && ref[i] <= 'Z' && i < 4; i++)
        col = col * 26 + (ref[i] - 'A' + 1);
    if (i == 0 || i > 3 || ref[i] < '0' || ref[i] > '9')
        return -1;
    return col - 1;
}

static void sheet_error(sheet_job *s, long column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void sheet_error(sheet_job *s, long column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl_buf b = {0};
    sl_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    sl_diag_add(s->d, SL_ERROR, s->label, s->row, column, "%s", b.failed ? "?" : b.data);
    sl_buf_free(&b);
    s->had_error = true;
}

static void sheet_text(void *user, const char *t, int len);

/* The elements of a sheet that matter, told apart by a look at their
 * first letters rather than string compares: this runs for every cell of
 * a 200,000-row sheet. */
typedef enum { EL_OTHER, EL_SHEET_DATA, EL_ROW, EL_C, EL_V, EL_IS, EL_T, EL_RPH } sheet_el;

static sheet_el classify(const char *name)
{
    const char *n = name;
    for (const char *p = name; *p; p++)
        if (*p == ':')
            n = p + 1;
    switch (n[0]) {
    case 'c':
        return n[1] ? EL_OTHER : EL_C;
    case 'v':
        return n[1] ? EL_OTHER : EL_V;
    case 't':
        return n[1] ? EL_OTHER : EL_T;
    case 'i':
        return n[1] == 's' && !n[2] ? EL_IS : EL_OTHER;
    case 'r':
        return strcmp(n, "row") == 0 ? EL_ROW : strcmp(n, "rPh") == 0 ? EL_RPH : EL_OTHER;
    case 's':
        return strcmp(n, "sheetData") == 0 ? EL_SHEET_DATA : EL_OTHER;
    default:
        return EL_OTHER;
    }
}

/* Text matters only inside <v> and inline <t>: none is handled elsewhere. */
static void want_text(sheet_job *s)
{
    s->j.text = s->in_v || s->in_t ? sheet_text : NULL;
}

static void start_cell(sheet_job *s, const char **atts)
{
    /* a cell's attributes have no namespace: r, s, t */
    const char *ref = NULL, *t = NULL, *st = NULL;
    for (size_t i = 0; atts[i]; i += 2) {
        const char *a = atts[i];
        if (a[0] && !a[1]) {
            if (a[0] == 'r')
                ref = atts[i + 1];
            else if (a[0] == 't')
                t = atts[i + 1];
            else if (a[0] == 's')
                st = atts[i + 1];
        }
    }
    long c = ref ? ref_column(ref) : s->next_col;
    if (c < 0) {
        sheet_error(s, 0, "'%.20s' is not a cell reference", ref);
        job_stop(&s->j, SL_EINPUT);
        return;
    }
    if (c < s->next_col) {
        sheet_error(s, c + 1, "cell %.20s comes after a cell to its right: cells out of order",
                    ref);
        job_stop(&s->j, SL_EINPUT);
        return;
    }
    s->col = c;
    s->type = !t || (t[0] == 'n' && !t[1]) ? CELL_NUMBER
              : t[0] == 's' && !t[1]        ? CELL_SHARED
              : strcmp(t, "inlineStr") == 0 ? CELL_INLINE
              : t[0] == 'b' && !t[1]        ? CELL_BOOL
              : t[0] == 'e' && !t[1]        ? CELL_ERROR
              : t[0] == 'd' && !t[1]        ? CELL_DATE
                                            : CELL_STR;
    if (!st || !parse_index(st, 1000000, &s->style))
        s->style = -1;
    s->in_cell = true;
    s->cell.len = 0;
    s->cell_too_long = false;
}

static void sheet_start(void *user, const char *name, const char **atts)
{
    sheet_job *s = user;
    sheet_el el = classify(name);
    if (!s->in_data) {
        if (el == EL_SHEET_DATA)
            s->in_data = true;
        return;
    }
    if (el == EL_C) {
        start_cell(s, atts);
    } else if (el == EL_ROW) {
        long r;
        const char *rs = attr(atts, "r");
        if (rs) {
            if (!parse_index(rs, 1048576, &r) || r < 1) {
                s->row = s->prev_row + 1;
                sheet_error(s, 0, "row number '%.20s' is not one", rs);
                job_stop(&s->j, SL_EINPUT);
                return;
            }
        } else {
            r = s->prev_row + 1;
        }
        if (r <= s->prev_row) {
            s->row = r;
            sheet_error(s, 0, "row %ld comes after row %ld: rows out of order", r, s->prev_row);
            job_stop(&s->j, SL_EINPUT);
            return;
        }
        s->row = r;
        s->n_spans = 0;
        /* text starts with the NUL that empty fields point at */
        s->text.len = 0;
        sl_buf_append(&s->text, "", 1);
        if (s->text.failed)
            job_stop(&s->j, SL_ENOMEM);
        s->next_col = 0;
        s->row_too_wide = s->row_too_long = s->row_has_value = false;
    } else if (!s->in_cell) {
        return;
    } else if (el == EL_V) {
        s->in_v = true;
        want_text(s);
    } else if (el == EL_IS) {
        s->in_is = true;
    } else if (el == EL_RPH) {
        s->rph++;
    } else if (el == EL_T && s->in_is && !s->rph) {
        s->in_t = true;
        want_text(s);
    }
}

static void sheet_text(void *user, const char *t, int len)
{
    sheet_job *s = user;
    if (!s->in_v && !s->in_t)
        return;
    if (s->cell.len + (size_t)len > SL_MAX_CSV_FIELD) {
        s->cell_too_long = true;
        return;
    }
    sl_buf_append(&s->cell, t, (size_t)len);
    if (s->cell.failed)
        job_stop(&s->j, SL_ENOMEM);
}

/* The text of the cell just closed, by its type; NULL after an error. */
static const char *cell_value(sheet_job *s, size_t *len, char *tmp, size_t cap)
{
    sl_xlsx *x = s->x;
    const char *v = s->cell.len ? s->cell.data : "";
    *len = s->cell.len;
    switch (s->type) {
    case CELL_SHARED: {
        long i;
        if (!*len)
            return v;
        if (!parse_index(v, LONG_MAX, &i) || (size_t)i >= x->n_shared) {
            sheet_error(s, s->col + 1, "shared string %.20s does not exist in the workbook", v);
            return NULL;
        }
        const char *str = x->shared_text.data + x->shared_off[i];
        /* strings lie end to end, each with its NUL */
        size_t next = (size_t)i + 1 < x->n_shared ? x->shared_off[i + 1] : x->shared_text.len;
        *len = next - x->shared_off[i] - 1;
        if (*len > SL_MAX_CSV_FIELD)
            s->cell_too_long = true;
        return str;
    }
    case CELL_INLINE:
    case CELL_STR: {
        size_t n = *len;
        if (n)
            decode_escapes(s->cell.data, &n);
        *len = n;
        return v;
    }
    case CELL_BOOL:
        if (*len == 1 && (v[0] == '0' || v[0] == '1')) {
            *len = v[0] == '1' ? 4 : 5;
            return v[0] == '1' ? "true" : "false";
        }
        return v;
    case CELL_DATE:
        /* ISO 8601 as written; a date at midnight as the date alone */
        if (*len == 19 && strcmp(v + 10, "T00:00:00") == 0)
            *len = 10;
        return v;
    case CELL_NUMBER: {
        double serial;
        if (s->style >= 0 && (size_t)s->style < x->n_xf && x->xf_is_date[s->style] && *len &&
            sl_parse_double(&serial, v, *len) == SL_NUM_OK &&
            sl_xlsx_format_serial(tmp, cap, serial, x->is_1904)) {
            *len = strlen(tmp);
            return tmp;
        }
        return v;
    }
    case CELL_ERROR:
    default:
        return v;
    }
}

static void end_cell(sheet_job *s)
{
    if (s->in_v || s->in_t) {
        s->in_v = s->in_t = false;
        want_text(s);
    }
    s->in_cell = s->in_is = false;
    s->rph = 0;
    char tmp[40];
    size_t len;
    const char *v = cell_value(s, &len, tmp, sizeof tmp);
    s->next_col = s->col + 1;
    if (!v)
        return;
    if (s->cell_too_long) {
        s->row_too_long = true;
        return;
    }
    if (!len)
        return;
    if (s->col >= SL_MAX_CSV_COLUMNS) {
        s->row_too_wide = true;
        return;
    }
    /* columns skipped since the last cell are empty fields */
    if (SL_GROW(s->spans, s->cap_spans, (size_t)s->col + 1)) {
        job_stop(&s->j, SL_ENOMEM);
        return;
    }
    while (s->n_spans < (size_t)s->col)
        s->spans[s->n_spans++] = (field_span){0, 0};
    s->spans[s->n_spans++] = (field_span){s->text.len, len};
    sl_buf_append(&s->text, v, len);
    sl_buf_append(&s->text, "", 1);
    if (s->text.failed)
        job_stop(&s->j, SL_ENOMEM);
    s->row_has_value = true;
}

static void end_row(sheet_job *s)
{
    s->prev_row = s->row;
    if (s->row_too_wide) {
        sheet_error(s, 0, "more than %d columns", SL_MAX_CSV_COLUMNS);
        s->records++;
        return;
    }
    if (s->row_too_long) {
        sheet_error(s, 0, "a field is longer than %d bytes", SL_MAX_CSV_FIELD);
        s->records++;
        return;
    }
    if (!s->row_has_value)
        return;
    sl_csv_field stack[64];
    sl_csv_field *fields = stack;
    if (s->n_spans > SL_ARRAY_LEN(stack)) {
        fields = sl_reallocarray(NULL, s->n_spans, sizeof *fields);
        if (!fields) {
            job_stop(&s->j, SL_ENOMEM);
            return;
        }
    }
    for (size_t i = 0; i < s->n_spans; i++) {
        fields[i].s = s->text.data + s->spans[i].off;
        fields[i].len = s->spans[i].len;
    }
    int rc = s->fn(s->user, s->row, s->records++, fields, s->n_spans);
    if (fields != stack)
        sl_free(fields);
    if (rc)
        job_stop(&s->j, rc);
}

static void sheet_end(void *user, const char *name)
{
    sheet_job *s = user;
    if (!s->in_data)
        return;
    switch (classify(name)) {
    case EL_SHEET_DATA:
        s->in_data = false;
        break;
    case EL_ROW:
        end_row(s);
        break;
    case EL_C:
        if (s->in_cell)
            end_cell(s);
        break;
    case EL_V:
        s->in_v = false;
        want_text(s);
        break;
    case EL_IS:
        s->in_is = false;
        break;
    case EL_T:
        s->in_t = false;
        want_text(s);
        break;
    case EL_RPH:
        if (s->rph)
            s->rph--;
        break;
    default:
        break;
    }
}

int sl_xlsx_read_sheet(sl_xlsx *x, size_t i, const char *label, sl_csv_record_fn fn, void *user,
                       sl_diag *d)
{
    if (i >= x->n_sheets)
        return SL_EUSAGE;
    int rc = load_shared(x, d);
    if (rc)
        return rc;
    sheet_job s;
    memset(&s, 0, sizeof s);
    s.x = x;
    s.label = label;
    s.d = d;
    s.fn = fn;
    s.user = user;
    rc = parse_part(x, x->sheets[i].part, false, &s.j, sheet_start, sheet_end, NULL, d);
    sl_buf_free(&s.cell);
    sl_buf_free(&s.text);
    sl_free(s.spans);
    if (rc == 0 && s.records == 0) {
        sl_diag_add(d, SL_ERROR, label, 1, 0, "the sheet is empty: a header row is needed");
        rc = SL_EINPUT;
    }
    if (rc == 0 && s.had_error)
        rc = SL_EINPUT;
    return rc;
}
