/* SPDX-License-Identifier: MIT */
/*
 * records.h - the records of an input file that may be CSV text or a
 * sheet of an .xlsx workbook, told apart by the file's bytes (a workbook
 * is a ZIP archive), so every reader that takes CSV takes a workbook too.
 */
#ifndef SL_READ_RECORDS_H
#define SL_READ_RECORDS_H

#include "read/csv.h"
#include "read/xlsx.h"

typedef struct sl_records {
    const char *file;
    const char *label;  /* "file", or "file[sheet]" for a workbook: for messages */
    bool is_xlsx;
    bool allow_comma;   /* a decimal comma may appear (CSV separated by ; or tab) */
    char delim;         /* CSV only */
    const char *data;
    size_t len;
    sl_xlsx *book;
    size_t sheet;
} sl_records;

/* Looks at data: a workbook is opened and the sheet named `sheet` found
 * (ignoring case; NULL = the first sheet; a workbook with one sheet
 * gives that one whatever its name); an old binary .xls is refused with
 * advice; anything else is CSV. label lives in arena a. */
int sl_records_open(sl_records *r, sl_arena *a, const char *file, const char *data, size_t len,
                    const char *sheet, sl_diag *d);
/* Reads every record (csv.h's contract; line = the sheet's row number). */
int sl_records_read(sl_records *r, sl_csv_record_fn fn, void *user, sl_diag *d);
void sl_records_close(sl_records *r);

#endif
