/* SPDX-License-Identifier: MIT */
/*
 * csv.c - the report tables as CSV files, one per table, in a folder
 * (`samlok report --csv DIR`).
 *
 * RFC 4180: UTF-8 without a byte order mark, CRLF line ends, a header row,
 * fields quoted when they hold a comma, a quote, CR or LF, quotes doubled.
 * Numbers print as in the JSON (12 significant digits, decimal point),
 * dates as YYYY-MM-DD, times as YYYY-MM-DDTHH:MM, so a column reads back
 * to the value of the plan document. A text that a spreadsheet would take
 * for a formula (it begins with = + - @, tab or CR) gets a leading
 * apostrophe (OWASP, "CSV injection"). File names are the tables' own,
 * never a name from the input.
 */
#include "core/file.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

static void put_text(FILE *out, const char *s)
{
    bool quote = sl_text_is_formula(s) || strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', out);
    if (sl_text_is_formula(s))
        fputc('\'', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    if (quote)
        fputc('"', out);
}

static void put_datetime(FILE *out, double v, bool with_time)
{
    sl_date d = (sl_date)floor(v);
    char buf[11];
    sl_date_format(buf, d);
    fputs(buf, out);
    if (with_time) {
        long minutes = lround((v - d) * 1440.0);
        fprintf(out, "T%02ld:%02ld", minutes / 60, minutes % 60);
    }
}

int sl_csv_write_table(FILE *out, const sl_table *t)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        if (c)
            fputc(',', out);
        put_text(out, t->cols[c].name);
    }
    fputs("\r\n", out);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const sl_cell *cell = &t->cells[r * t->n_cols + c];
            if (c)
                fputc(',', out);
            switch (cell->kind) {
            case SL_CELL_TEXT:
                put_text(out, cell->text);
                break;
            case SL_CELL_NUMBER:
                fprintf(out, "%.12g", cell->num);
                break;
            case SL_CELL_DATE:
            case SL_CELL_DATETIME:
                put_datetime(out, cell->num, cell->kind == SL_CELL_DATETIME);
                break;
            case SL_CELL_BOOL:
                fputs(cell->num != 0 ? "true" : "false", out);
                break;
            case SL_CELL_EMPTY:
                break;
            }
        }
        fputs("\r\n", out);
    }
    return ferror(out) ? SL_EIO : 0;
}

static int fill_table(FILE *f, void *user)
{
    return sl_csv_write_table(f, user);
}

int sl_report_add_csv(sl_outputs *o, const char *dir, const sl_report *r, sl_diag *d)
{
    const char *where = NULL;
    sl_tables *ts = NULL;
    int rc = sl_outputs_dir(o, dir, &where, d);
    if (!rc)
        rc = sl_report_tables(&ts, r->doc);
    for (size_t i = 0; !rc && i < ts->n; i++) {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", where, ts->t[i].file) >= sizeof path) {
            sl_diag_add(d, SL_ERROR, dir, 0, 0, "path too long");
            rc = SL_EUSAGE;
            break;
        }
        rc = sl_outputs_add(o, path, fill_table, &ts->t[i], d);
    }
    sl_tables_free(ts);
    return rc;
}
