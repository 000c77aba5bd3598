/* SPDX-License-Identifier: MIT */
/*
 * xlsx_part.h - inside the .xlsx reader: the workbook's state and the
 * streaming of one XML part through libxml2's SAX2 parser, shared by
 * xlsx.c (the workbook, its relationships, styles and shared strings),
 * xlsx_part.c (inflating and parsing a part) and xlsx_sheet.c (a sheet's
 * rows).
 */
#ifndef SL_READ_XLSX_PART_H
#define SL_READ_XLSX_PART_H

#include "read/xlsx.h"

#include <libxml/parser.h>
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

typedef void (*start_fn)(void *user, const char *name, const char **atts);
typedef void (*end_fn)(void *user, const char *name);
typedef void (*text_fn)(void *user, const char *s, int len);

/* What every part's handlers share: the parser, to stop it; the handlers
 * (text may change while parsing: sheets want text only inside values);
 * the first non-zero result a handler decided; and room for a start tag's
 * attributes as name, value pairs of NUL-terminated strings. A part's own
 * job struct begins with one, and its handlers get that struct. */
typedef struct xml_job {
    xmlParserCtxtPtr ctxt;
    start_fn start;
    end_fn end;
    text_fn text;
    int rc;
    char *store; /* the attribute values, NUL-terminated */
    size_t cap_store;
    const char **atts;
    size_t cap_atts;
} xml_job;

/* Stops the parse with rc (the first one kept). */
void sl_xlsx_job_stop(xml_job *j, int rc);
/* Inflates one part and parses it with the handlers. A missing part is
 * SL_EINPUT unless optional, when it returns 1 and reads nothing. */
int sl_xlsx_parse_part(sl_xlsx *x, const char *part, bool optional, xml_job *job,
                       start_fn start, end_fn end, text_fn text, sl_diag *d);
/* The local name (after any prefix), and an attribute by local name. */
const char *sl_xlsx_local(const char *name);
const char *sl_xlsx_attr(const char **atts, const char *name);
/* Digits only, 0..max; false otherwise. */
bool sl_xlsx_parse_index(const char *s, long max, long *out);
/* OOXML's _xHHHH_ escapes decoded in s[0..*len), in place. */
void sl_xlsx_decode_escapes(char *s, size_t *len);
/* Reads the shared strings once, before the first sheet. */
int sl_xlsx_load_shared(sl_xlsx *x, sl_diag *d);

#endif
