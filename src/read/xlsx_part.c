/* SPDX-License-Identifier: MIT */
/*
 * xlsx_part.c - one XML part of a workbook, inflated by a second thread
 * (read/inflate.c) and parsed by libxml2's SAX2 push parser, 256 KiB at a
 * time, into the handlers of the part's reader (xlsx_part.h).
 *
 * Every byte inflated counts against SL_MAX_XLSX_UNPACKED_BYTES, checked
 * against the part's declared size before it is opened and again as it is
 * inflated (a ZIP entry can lie about its size). A document type
 * declaration is refused (no workbook has one; it also rules out entity
 * expansion), nothing is loaded from the network, and libxml2's messages
 * are read from its context instead of printed.
 *
 * Why libxml2's SAX2 and not expat: on a 200,000-row vInfo sheet (425 MB
 * of XML) libxml2 parses in about 3.0 s of CPU where expat takes 3.7 s
 * (bench/xlsx), which is what keeps the import near 5 s.
 */
#include "read/xlsx_part.h"
#include "read/inflate.h"

#include <string.h>

void sl_xlsx_job_stop(xml_job *j, int rc)
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
    sl_xlsx_job_stop(ctx, RC_DOCTYPE);
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    xml_job *j = ctx;
    if (j->rc)
        return;
    size_t n = SL_MIN((size_t)nb_attributes, (size_t)32);
    /* SAX2 gives each attribute as (localname, prefix, URI, value, end):
     * the names are NUL-terminated already, the values are copied into
     * one store that grows once and is reused for every element */
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += (size_t)(attributes[5 * i + 4] - attributes[5 * i + 3]) + 1;
    if (SL_GROW(j->atts, j->cap_atts, 2 * n + 1) ||
        sl_grow((void **)&j->store, &j->cap_store, total + 1, 1)) {
        sl_xlsx_job_stop(j, SL_ENOMEM);
        return;
    }
    char *dst = j->store;
    for (size_t i = 0; i < n; i++) {
        const char *v = (const char *)attributes[5 * i + 3];
        size_t len = (size_t)(attributes[5 * i + 4] - attributes[5 * i + 3]);
        memcpy(dst, v, len);
        dst[len] = '\0';
        j->atts[2 * i] = (const char *)attributes[5 * i];
        j->atts[2 * i + 1] = dst;
        dst += len + 1;
    }
    j->atts[2 * n] = NULL;
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
const char *sl_xlsx_local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

const char *sl_xlsx_attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(sl_xlsx_local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* Inflates one part into a libxml2 push parser set up with the handlers,
 * a chunk at a time. A missing part is SL_EINPUT unless `optional`, when
 * it returns 1 and reads nothing. */
int sl_xlsx_parse_part(sl_xlsx *x, const char *part, bool optional, xml_job *job, start_fn start,
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
    sl_free(job->store);
    sl_free(job->atts);
    job->store = NULL;
    job->atts = NULL;
    job->cap_atts = job->cap_store = 0;
    sl_inflate_close(in);
    return rc ? rc : job->rc;
}

/* A relationship target, resolved against the folder of the part that
 * holds the relationships ("xl/" for xl/_rels/workbook.xml.rels). */
bool sl_xlsx_parse_index(const char *s, long max, long *out)
{
    uint64_t v;
    if (!s || sl_parse_index(&v, s, (uint64_t)max) != SL_NUM_OK)
        return false;
    *out = (long)v;
    return true;
}

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
void sl_xlsx_decode_escapes(char *s, size_t *len)
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
