/* SPDX-License-Identifier: MIT */
/*
 * csv.h - CSV records with their line numbers, over libcsv.
 *
 * Handles what real exports contain: a UTF-8 byte order mark, comma,
 * semicolon or tab separators (detected from the header line), CRLF or LF,
 * quoted fields holding separators and newlines. Each record reaches the
 * callback with the physical line it starts on.
 */
#ifndef SL_READ_CSV_H
#define SL_READ_CSV_H

#include "core/core.h"

/* Limits: SL_MAX_CSV_FIELD bytes in one field, SL_MAX_CSV_COLUMNS fields
 * in one record (samlok.h). */

typedef struct sl_csv_field {
    const char *s; /* NUL-terminated */
    size_t len;
} sl_csv_field;

/* Called for every record, the header included (record 0). Returns 0 to
 * go on, or a negative SL_E* to stop (SL_ENOMEM). Input errors go to the
 * diag, not the return value. */
typedef int (*sl_csv_record_fn)(void *user, long line, size_t record, const sl_csv_field *fields,
                                size_t n_fields);

/* The separator of the header line: ',', ';' or tab (after a BOM). */
char sl_csv_detect_delim(const char *data, size_t len);
/* Parses data; delim 0 = detect. Returns 0, SL_EINPUT (malformed: located
 * message in d) or SL_ENOMEM. */
int sl_csv_parse(const char *file, const char *data, size_t len, char delim, sl_csv_record_fn fn,
                 void *user, sl_diag *d);

/* A column the reader wants, by any of its names (header match ignores
 * case and surrounding spaces). */
typedef struct sl_csv_column {
    const char *names[4];
    bool required;
} sl_csv_column;

/* Maps header fields to wanted columns: index[i] is the field number of
 * column i or -1. Missing required columns are named in one error on
 * line 1. Duplicate header names are an error too. */
int sl_csv_map_header(const char *file, long line, const sl_csv_field *fields, size_t n_fields,
                      const sl_csv_column *cols, size_t n_cols, int *index, sl_diag *d);

/* Reads a yes/no cell: true, yes, y, 1 or false, no, n, 0, empty (any
 * case, spaces trimmed). Returns false when the cell is none of these. */
bool sl_csv_flag(const sl_csv_field *f, bool *out);

/* Writes one field, quoted when needed (RFC 4180). */
void sl_csv_put(FILE *out, const char *s, bool last);

#endif
