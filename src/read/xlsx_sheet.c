/* SPDX-License-Identifier: MIT */
/*
 * xlsx_sheet.c - a sheet's rows as records (sl_xlsx_read_sheet) and
 * Excel's serial dates as text. Each row reaches the callback as it ends;
 * cells are placed by their reference (a cell without one follows the
 * one before), so gaps become empty fields, and a row holds at most
 * SL_MAX_CSV_COLUMNS columns and a cell SL_MAX_CSV_FIELD bytes.
 */
#include "read/xlsx_part.h"

#include <limits.h>
#include <math.h>
#include <string.h>

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
        sl_xlsx_job_stop(&s->j, SL_EINPUT);
        return;
    }
    if (c < s->next_col) {
        sheet_error(s, c + 1, "cell %.20s comes after a cell to its right: cells out of order",
                    ref);
        sl_xlsx_job_stop(&s->j, SL_EINPUT);
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
    if (!st || !sl_xlsx_parse_index(st, 1000000, &s->style))
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
        const char *rs = sl_xlsx_attr(atts, "r");
        if (rs) {
            if (!sl_xlsx_parse_index(rs, 1048576, &r) || r < 1) {
                s->row = s->prev_row + 1;
                sheet_error(s, 0, "row number '%.20s' is not one", rs);
                sl_xlsx_job_stop(&s->j, SL_EINPUT);
                return;
            }
        } else {
            r = s->prev_row + 1;
        }
        if (r <= s->prev_row) {
            s->row = r;
            sheet_error(s, 0, "row %ld comes after row %ld: rows out of order", r, s->prev_row);
            sl_xlsx_job_stop(&s->j, SL_EINPUT);
            return;
        }
        s->row = r;
        s->n_spans = 0;
        /* text starts with the NUL that empty fields point at */
        s->text.len = 0;
        sl_buf_append(&s->text, "", 1);
        if (s->text.failed)
            sl_xlsx_job_stop(&s->j, SL_ENOMEM);
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
        sl_xlsx_job_stop(&s->j, SL_ENOMEM);
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
        if (!sl_xlsx_parse_index(v, LONG_MAX, &i) || (size_t)i >= x->n_shared) {
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
            sl_xlsx_decode_escapes(s->cell.data, &n);
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
        sl_xlsx_job_stop(&s->j, SL_ENOMEM);
        return;
    }
    while (s->n_spans < (size_t)s->col)
        s->spans[s->n_spans++] = (field_span){0, 0};
    s->spans[s->n_spans++] = (field_span){s->text.len, len};
    sl_buf_append(&s->text, v, len);
    sl_buf_append(&s->text, "", 1);
    if (s->text.failed)
        sl_xlsx_job_stop(&s->j, SL_ENOMEM);
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
            sl_xlsx_job_stop(&s->j, SL_ENOMEM);
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
        sl_xlsx_job_stop(&s->j, rc);
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
    int rc = sl_xlsx_load_shared(x, d);
    if (rc)
        return rc;
    sheet_job s;
    memset(&s, 0, sizeof s);
    s.x = x;
    s.label = label;
    s.d = d;
    s.fn = fn;
    s.user = user;
    rc = sl_xlsx_parse_part(x, x->sheets[i].part, false, &s.j, sheet_start, sheet_end, NULL, d);
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

