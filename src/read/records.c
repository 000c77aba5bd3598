/* SPDX-License-Identifier: MIT */
/*
 * records.c - CSV or a workbook's sheet, by the file's bytes (records.h).
 * The readers of inventories, RVTools exports, flows and hosts read their
 * input through here and never ask which of the two it was.
 */
#include "read/records.h"

#include <string.h>

static int sheet_missing(sl_records *r, const char *sheet, sl_diag *d)
{
    const char *names[64];
    size_t n = SL_MIN(sl_xlsx_n_sheets(r->book), SL_ARRAY_LEN(names));
    sl_buf list = {0};
    for (size_t i = 0; i < n; i++) {
        names[i] = sl_xlsx_sheet_name(r->book, i);
        sl_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    }
    const char *near = sl_nearest(sheet, names, n);
    sl_diag_add(d, SL_ERROR, r->file, 0, 0, "the workbook has no sheet '%s' (it has: %s%s%s%s)",
                sheet, list.failed || !list.data ? "?" : list.data,
                near ? sl_diag_tr(d, N_("; did you mean '")) : "", near ? near : "",
                near ? "'?" : "");
    sl_buf_free(&list);
    return SL_EINPUT;
}

int sl_records_open(sl_records *r, sl_arena *a, const char *file, const char *data, size_t len,
                    const char *sheet, sl_diag *d)
{
    memset(r, 0, sizeof *r);
    r->file = file;
    r->label = file;
    r->data = data;
    r->len = len;
    if (sl_xlsx_is_ole2(data, len)) {
        sl_diag_add(d, SL_ERROR, file, 0, 0,
                    "an Excel 97-2003 workbook (.xls) is not read: save it as .xlsx (Excel "
                    "Workbook) or as CSV UTF-8");
        return SL_EINPUT;
    }
    if (!sl_xlsx_is_zip(data, len)) {
        r->delim = sl_csv_detect_delim(data, len);
        r->allow_comma = r->delim != ',';
        return 0;
    }
    r->is_xlsx = true;
    int rc = sl_xlsx_open(&r->book, file, data, len, d);
    if (rc)
        return rc;
    size_t i = sheet ? sl_xlsx_find_sheet(r->book, sheet) : 0;
    if (i == SIZE_MAX && sl_xlsx_n_sheets(r->book) == 1)
        i = 0;
    if (i == SIZE_MAX) {
        rc = sheet_missing(r, sheet, d);
        sl_records_close(r);
        return rc;
    }
    r->sheet = i;
    r->label = sl_arena_printf(a, "%s[%s]", file, sl_xlsx_sheet_name(r->book, i));
    if (!r->label) {
        sl_records_close(r);
        return SL_ENOMEM;
    }
    return 0;
}

int sl_records_read(sl_records *r, sl_csv_record_fn fn, void *user, sl_diag *d)
{
    if (r->is_xlsx)
        return sl_xlsx_read_sheet(r->book, r->sheet, r->label, fn, user, d);
    return sl_csv_parse(r->file, r->data, r->len, r->delim, fn, user, d);
}

void sl_records_close(sl_records *r)
{
    sl_xlsx_close(r->book);
    r->book = NULL;
}
