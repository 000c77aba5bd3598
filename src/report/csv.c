/* SPDX-License-Identifier: MIT */
/*
 * csv.c - the report tables as CSV files, one per table, in a folder
 * (`samlok report --csv DIR`).
 *
 * Two dialects. RFC 4180 (the default): UTF-8 without a byte order mark,
 * CRLF line ends, a header row, fields quoted when they hold a comma, a
 * quote, CR or LF, quotes doubled; numbers as in the JSON (12 significant
 * digits, decimal point), dates as YYYY-MM-DD, times as
 * YYYY-MM-DDTHH:MM, booleans true and false, so a column reads back to
 * the value of the plan document. excel-sv, what Swedish Excel opens by a
 * double click: a UTF-8 byte order mark (else it reads Windows-1252 and
 * garbles "Rättslig"), ';' between fields (Swedish Excel's list
 * separator, since ',' is its decimal mark), numbers with a decimal comma
 * and no grouping, times as "YYYY-MM-DD HH:MM", booleans SANT and FALSKT
 * (what Swedish Excel calls them). The headers are the JSON keys in
 * English and plain words in another language (tables_lang.c).
 *
 * In both, a text that a spreadsheet would take for a formula (it begins
 * with = + - @, tab or CR) gets a leading apostrophe (OWASP, "CSV
 * injection"). File names are the tables' own, never a name from the
 * input.
 */
#include "core/file.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

static void put_text(FILE *out, const char *s, char sep)
{
    bool quote = sl_text_is_formula(s) || strpbrk(s, "\"\r\n") != NULL || strchr(s, sep);
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

static void put_datetime(FILE *out, double v, bool with_time, bool excel)
{
    sl_date d = (sl_date)floor(v);
    char buf[11];
    sl_date_format(buf, d);
    fputs(buf, out);
    if (with_time) {
        long minutes = lround((v - d) * 1440.0);
        fprintf(out, "%c%02ld:%02ld", excel ? ' ' : 'T', minutes / 60, minutes % 60);
    }
}

static void put_number(FILE *out, double v, bool excel)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.12g", v);
    if (excel) /* a decimal comma, whatever mark printf wrote */
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    fputs(buf, out);
}

int sl_csv_write_table_dialect(FILE *out, const sl_table *t, sl_csv_dialect dialect)
{
    bool excel = dialect == SL_CSV_EXCEL_SV;
    char sep = excel ? ';' : ',';
    if (excel)
        fputs("\xEF\xBB\xBF", out);
    for (size_t c = 0; c < t->n_cols; c++) {
        if (c)
            fputc(sep, out);
        put_text(out, t->cols[c].label ? t->cols[c].label : t->cols[c].name, sep);
    }
    fputs("\r\n", out);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const sl_cell *cell = &t->cells[r * t->n_cols + c];
            if (c)
                fputc(sep, out);
            switch (cell->kind) {
            case SL_CELL_TEXT:
                put_text(out, cell->text, sep);
                break;
            case SL_CELL_NUMBER:
                put_number(out, cell->num, excel);
                break;
            case SL_CELL_DATE:
            case SL_CELL_DATETIME:
                put_datetime(out, cell->num, cell->kind == SL_CELL_DATETIME, excel);
                break;
            case SL_CELL_BOOL:
                fputs(cell->num != 0 ? (excel ? "SANT" : "true") : (excel ? "FALSKT" : "false"),
                      out);
                break;
            case SL_CELL_EMPTY:
                break;
            }
        }
        fputs("\r\n", out);
    }
    return ferror(out) ? SL_EIO : 0;
}

int sl_csv_write_table(FILE *out, const sl_table *t)
{
    return sl_csv_write_table_dialect(out, t, SL_CSV_RFC4180);
}

typedef struct csv_job {
    const sl_table *t;
    sl_csv_dialect dialect;
} csv_job;

static int fill_table(FILE *f, void *user)
{
    const csv_job *job = user;
    return sl_csv_write_table_dialect(f, job->t, job->dialect);
}

int sl_report_add_csv(sl_outputs *o, const char *dir, const sl_report *r, sl_diag *d)
{
    const char *where = NULL;
    sl_tables *ts = NULL;
    /* English keeps the JSON's keys and codes; another language says them */
    int rc = sl_outputs_dir(o, dir, &where, d);
    if (!rc)
        rc = sl_report_lang_is_english(r->opts.lang)
                 ? sl_report_tables(&ts, r->doc)
                 : sl_report_tables_human(&ts, r->doc, r->opts.lang);
    for (size_t i = 0; !rc && i < ts->n; i++) {
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", where, ts->t[i].file) >= sizeof path) {
            sl_diag_add(d, SL_ERROR, dir, 0, 0, "path too long");
            rc = SL_EUSAGE;
            break;
        }
        csv_job job = {&ts->t[i], r->opts.csv_dialect};
        rc = sl_outputs_add(o, path, fill_table, &job, d);
    }
    sl_tables_free(ts);
    return rc;
}
