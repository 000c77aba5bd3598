/* SPDX-License-Identifier: MIT */
/*
 * xlsx.c - the report tables as an Excel workbook (libxlsxwriter):
 * one sheet per table, in the order of tables.c (Summary, Verdicts,
 * Workloads, Waves, Placement, Cost, Chargeback, Risks, Assumptions).
 *
 * Numbers are number cells with a format (grouped thousands, decimals,
 * percentages; tables.c picks it), money columns name the currency
 * in their header, dates and times are date cells, booleans boolean cells;
 * each sheet has a bold frozen header row, an autofilter over the table
 * and column widths from the content. A text that a spreadsheet would
 * take for a formula (= + - @, tab, CR first) gets a leading apostrophe,
 * as in the CSV files, so a copy-paste or a CSV export of the sheet stays
 * inert too.
 *
 * libxlsxwriter 1.1 writes only to a named file, so the workbook is built
 * in a private scratch folder (sl_outputs_scratch: mkdtemp, so nothing can
 * be planted at the name) and its bytes then go through the run's outputs
 * like every other output; the scratch file is always removed. The document's creation time is SOURCE_DATE_EPOCH when set, else
 * 1980-01-01 (the ZIP epoch), so the same plan gives the same bytes.
 */
#include "core/file.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define ZIP_EPOCH 315532800 /* 1980-01-01T00:00:00Z */
#define XLSX_STR_MAX 32767  /* characters in one cell */

typedef struct formats {
    lxw_format *header, *text, *wrap, *num[SL_FMT_COUNT], *date, *datetime;
} formats;

static lxw_format *num_format(lxw_workbook *wb, const char *code)
{
    lxw_format *f = workbook_add_format(wb);
    if (f)
        format_set_num_format(f, code);
    return f;
}

static bool make_formats(lxw_workbook *wb, formats *fm)
{
    fm->header = workbook_add_format(wb);
    fm->text = workbook_add_format(wb);
    fm->wrap = workbook_add_format(wb);
    if (!fm->header || !fm->text || !fm->wrap)
        return false;
    format_set_bold(fm->header);
    format_set_bottom(fm->header, LXW_BORDER_THIN);
    format_set_bg_color(fm->header, 0xE7ECF2);
    format_set_text_wrap(fm->wrap);
    format_set_align(fm->wrap, LXW_ALIGN_VERTICAL_TOP);
    fm->num[SL_FMT_GENERAL] = num_format(wb, "General");
    fm->num[SL_FMT_INT] = num_format(wb, "#,##0");
    fm->num[SL_FMT_DEC1] = num_format(wb, "#,##0.0");
    fm->num[SL_FMT_DEC2] = num_format(wb, "#,##0.00");
    fm->num[SL_FMT_MONEY] = num_format(wb, "#,##0");
    fm->num[SL_FMT_SHARE] = num_format(wb, "0.0%");
    fm->num[SL_FMT_DEC3] = num_format(wb, "#,##0.000");
    fm->num[SL_FMT_PLAIN] = num_format(wb, "0");
    fm->date = num_format(wb, "yyyy-mm-dd");
    fm->datetime = num_format(wb, "yyyy-mm-dd hh:mm");
    for (int i = 0; i < SL_FMT_COUNT; i++)
        if (!fm->num[i])
            return false;
    return fm->date && fm->datetime;
}

/* Text as a cell: neutralised, cut to Excel's limit at a character
 * boundary. */
static lxw_error put_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                          lxw_format *f)
{
    size_t len = strlen(s);
    bool formula = sl_text_is_formula(s);
    size_t max = XLSX_STR_MAX - 1; /* bytes: never more characters than this */
    if (!formula && len <= max)
        return worksheet_write_string(ws, r, c, s, f);
    size_t keep = SL_MIN(len, max);
    while (keep > 0 && keep < len && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    char *buf = sl_malloc(keep + 2);
    if (!buf)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    size_t o = 0;
    if (formula)
        buf[o++] = '\'';
    memcpy(buf + o, s, keep);
    buf[o + keep] = '\0';
    lxw_error e = worksheet_write_string(ws, r, c, buf, f);
    sl_free(buf);
    return e;
}

static lxw_datetime to_datetime(double v)
{
    sl_date d = (sl_date)floor(v);
    int y, m, day;
    sl_date_to_ymd(d, &y, &m, &day);
    long minutes = lround((v - d) * 1440.0);
    lxw_datetime dt = {y, m, day, (int)(minutes / 60), (int)(minutes % 60), 0};
    return dt;
}

static lxw_error put_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const sl_cell *cell,
                          const sl_column *col, const formats *fm)
{
    switch (cell->kind) {
    case SL_CELL_TEXT:
        return put_text(ws, r, c, cell->text, col->is_wrapped ? fm->wrap : NULL);
    case SL_CELL_NUMBER: {
        sl_num_fmt nf = cell->fmt != SL_FMT_GENERAL ? cell->fmt : col->fmt;
        return worksheet_write_number(ws, r, c, cell->num, fm->num[nf]);
    }
    case SL_CELL_DATE:
    case SL_CELL_DATETIME: {
        lxw_datetime dt = to_datetime(cell->num);
        return worksheet_write_datetime(ws, r, c, &dt,
                                        cell->kind == SL_CELL_DATE ? fm->date : fm->datetime);
    }
    case SL_CELL_BOOL:
        return worksheet_write_boolean(ws, r, c, cell->num != 0, NULL);
    case SL_CELL_EMPTY:
    default:
        return LXW_NO_ERROR;
    }
}

/* The JSON key, with the currency of a money column: "status_quo (SEK)";
 * for people the column's label, the key kept as the cell's comment. */
static lxw_error put_header(lxw_worksheet *ws, lxw_col_t c, const sl_column *col,
                            const formats *fm)
{
    const char *name = col->label ? col->label : col->name;
    lxw_error e;
    if (!col->unit) {
        e = put_text(ws, 0, c, name, fm->header);
    } else {
        sl_buf b = {0};
        sl_buf_printf(&b, "%s (%s)", name, col->unit);
        e = b.failed ? LXW_ERROR_MEMORY_MALLOC_FAILED : put_text(ws, 0, c, b.data, fm->header);
        sl_buf_free(&b);
    }
    if (!e && col->label && strcmp(col->label, col->name) != 0)
        e = worksheet_write_comment(ws, 0, c, col->name);
    return e;
}

static lxw_error put_sheet(lxw_workbook *wb, const sl_table *t, const formats *fm)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (t->n_rows + 1 > LXW_ROW_MAX || t->n_cols > LXW_COL_MAX)
        return LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE;
    lxw_error e = LXW_NO_ERROR;
    for (size_t c = 0; !e && c < t->n_cols; c++) {
        const sl_column *col = &t->cols[c];
        e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col->width, NULL);
        if (!e)
            e = put_header(ws, (lxw_col_t)c, col, fm);
    }
    for (size_t r = 0; !e && r < t->n_rows; r++)
        for (size_t c = 0; !e && c < t->n_cols; c++)
            e = put_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &t->cells[r * t->n_cols + c],
                         &t->cols[c], fm);
    if (!e && t->n_cols) {
        worksheet_freeze_panes(ws, 1, 0);
        e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->n_rows, (lxw_col_t)(t->n_cols - 1));
    }
    return e;
}

static time_t created_time(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    int64_t v;
    if (s && sl_parse_int64(&v, s, strlen(s)) == SL_NUM_OK && v >= 0)
        return (time_t)v;
    return ZIP_EPOCH;
}

typedef struct xlsx_job {
    const sl_report *r;
    sl_outputs *o;
    const char *path;
    sl_diag *d;
} xlsx_job;

/* Builds the workbook in a scratch file and copies it into f. */
static int fill_xlsx(FILE *f, void *user)
{
    xlsx_job *job = user;
    const char *build = NULL;
    sl_tables *ts = NULL;
    /* English keeps the JSON's keys and codes; another language says them */
    const sl_lang *l = job->r->opts.lang;
    int rc = sl_outputs_scratch(job->o, "book.xlsx", &build, job->d);
    if (!rc)
        rc = sl_report_lang_is_english(l) ? sl_report_tables(&ts, job->r->doc)
                                          : sl_report_tables_human(&ts, job->r->doc, l);
    if (rc) {
        if (build)
            sl_outputs_scratch_done(job->o, build);
        return rc;
    }
    lxw_workbook *wb = workbook_new(build);
    formats fm = {0};
    lxw_error e = wb && make_formats(wb, &fm) ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
    char title[256], subject[64];
    snprintf(subject, sizeof subject, "%s", sl_tr(l, "samlok plan"));
    const char *name = sl_jstr(sl_jget(job->r->doc, "scenario.name"));
    snprintf(title, sizeof title, "%s", name ? name : "");
    lxw_doc_properties props = {0};
    props.title = title;
    props.subject = subject;
    props.created = created_time();
    if (!e)
        e = workbook_set_properties(wb, &props);
    for (size_t i = 0; !e && i < ts->n; i++)
        e = put_sheet(wb, &ts->t[i], &fm);
    lxw_error closed = wb ? workbook_close(wb) : LXW_NO_ERROR;
    if (!e)
        e = closed;
    sl_tables_free(ts);
    if (e) {
        sl_diag_add(job->d, SL_ERROR, job->path, 0, 0, "cannot write the workbook: %s",
                    lxw_strerror(e));
        sl_outputs_scratch_done(job->o, build);
        return e == LXW_ERROR_MEMORY_MALLOC_FAILED ? SL_ENOMEM : SL_EIO;
    }
    char *data = NULL;
    size_t len = 0;
    rc = sl_file_read(&data, &len, build, job->d);
    sl_outputs_scratch_done(job->o, build);
    if (!rc && fwrite(data, 1, len, f) != len)
        rc = SL_EIO;
    sl_free(data);
    return rc;
}

int sl_report_add_xlsx(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d)
{
    xlsx_job job = {r, o, path, d};
    return sl_outputs_add(o, path, fill_xlsx, &job, d);
}
