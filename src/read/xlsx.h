/* SPDX-License-Identifier: MIT */
/*
 * xlsx.h - the sheets of an Excel workbook (.xlsx, Office Open XML) as
 * records, the way csv.h gives the records of a CSV file.
 *
 * The workbook is a ZIP archive (libzip) of XML parts (expat). A sheet is
 * streamed: its part is inflated and parsed a chunk at a time, and each
 * row reaches the callback as it ends, so a 200,000-row sheet is never in
 * memory whole. Only the shared-string table (every text cell's text, as
 * Excel stores it once per distinct text) is held, packed in one buffer.
 */
#ifndef SL_READ_XLSX_H
#define SL_READ_XLSX_H

#include "read/csv.h"

typedef struct sl_xlsx sl_xlsx;

/* True when the bytes begin as a ZIP archive does ("PK\3\4"). */
bool sl_xlsx_is_zip(const char *data, size_t len);
/* True for the older binary workbook (.xls, an OLE2 compound file). */
bool sl_xlsx_is_ole2(const char *data, size_t len);

/* Opens the workbook in data (borrowed until sl_xlsx_close): reads its
 * list of sheets, its date styles and its date system. SL_EINPUT with a
 * message naming file when it is not a workbook. */
int sl_xlsx_open(sl_xlsx **out, const char *file, const char *data, size_t len, sl_diag *d);
void sl_xlsx_close(sl_xlsx *x);
size_t sl_xlsx_n_sheets(const sl_xlsx *x);
const char *sl_xlsx_sheet_name(const sl_xlsx *x, size_t i);
/* The sheet with that name (ignoring ASCII case); SIZE_MAX when none. */
size_t sl_xlsx_find_sheet(const sl_xlsx *x, const char *name);

/* Streams sheet i's rows to fn: record 0 is the first row with a value,
 * line is the row's number in the sheet (1-based, as Excel shows it), and
 * fields run from column A to the last cell of the row with a value.
 * Cells read as text: a shared or inline string as it is, a number as
 * Excel stored it ("3072", "1.5E-3"), a number with a date format as
 * YYYY-MM-DD (THH:MM:SS when it has a time), a boolean as true or false,
 * an error as its code (#N/A). Rows whose cells are all empty are
 * skipped. label names the sheet in messages ("file.xlsx[vInfo]").
 * Returns 0, SL_EINPUT (message in d), SL_ELIMIT (the unpacked budget,
 * SL_MAX_XLSX_UNPACKED_BYTES, or a row's width) or SL_ENOMEM, or fn's
 * own non-zero result. */
int sl_xlsx_read_sheet(sl_xlsx *x, size_t i, const char *label, sl_csv_record_fn fn, void *user,
                       sl_diag *d);

/* A serial date of the workbook (days since its epoch, fraction = time of
 * day) as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS into buf; false when out of
 * Excel's range (years 1900 to 9999). Exposed for the tests. */
bool sl_xlsx_format_serial(char *buf, size_t cap, double serial, bool is_1904);

#endif
