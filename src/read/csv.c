/* SPDX-License-Identifier: MIT */
/*
 * csv.c - CSV records with line numbers (see csv.h).
 *
 * libcsv does the tokenising. It does not count lines, so we feed it one
 * physical line at a time (a long line in pieces of CSV_FEED bytes): a
 * record that ends while line L is fed ended on line L, and started L -
 * (newlines inside its quoted fields) lines up. After each piece the field
 * libcsv is collecting is measured, so a field past the limit is refused
 * after at most SL_MAX_CSV_FIELD + CSV_FEED bytes of it were buffered.
 */
#include "read/csv.h"

#include <csv.h>
#include <string.h>

/* Bytes handed to libcsv at a time: a line, or this much of a long one, so
 * that a field past SL_MAX_CSV_FIELD is stopped while it is read. */
#define CSV_FEED 16384

typedef struct csv_state {
    const char *file;
    sl_diag *d;
    sl_csv_record_fn fn;
    void *user;
    sl_buf text;           /* the current record's fields, NUL-separated */
    struct field_span {
        size_t off, len;
    } *spans;              /* the current record's fields within text */
    size_t n_fields, cap_fields;
    long line;             /* physical line being fed */
    long newlines_in_record;
    size_t records;
    int rc;
    bool too_wide, too_long;
    bool had_error; /* a record was dropped after a located error */
    long problem_line;
} csv_state;

static void on_field(void *data, size_t len, void *user)
{
    csv_state *st = user;
    if (st->rc)
        return;
    if (st->n_fields >= SL_MAX_CSV_COLUMNS) {
        st->too_wide = true;
        return;
    }
    if (len > SL_MAX_CSV_FIELD) {
        st->too_long = true;
        len = 0;
    }
    if (SL_GROW(st->spans, st->cap_fields, st->n_fields + 1)) {
        st->rc = SL_ENOMEM;
        return;
    }
    const char *s = data ? data : "";
    for (size_t i = 0; i < len; i++)
        st->newlines_in_record += s[i] == '\n';
    st->spans[st->n_fields].off = st->text.len;
    st->spans[st->n_fields].len = len;
    sl_buf_append(&st->text, s, len);
    sl_buf_append(&st->text, "", 1); /* keep the NUL between fields */
    if (st->text.failed) {
        st->rc = SL_ENOMEM;
        return;
    }
    st->n_fields++;
}

static void on_record(int c, void *user)
{
    csv_state *st = user;
    (void)c;
    if (st->rc)
        goto reset;
    long start = st->line - st->newlines_in_record;
    if (st->too_wide || st->too_long) {
        if (st->too_wide)
            sl_diag_add(st->d, SL_ERROR, st->file, start, 0, "more than %d columns",
                        SL_MAX_CSV_COLUMNS);
        else
            sl_diag_add(st->d, SL_ERROR, st->file, start, 0, "a field is longer than %d bytes",
                        SL_MAX_CSV_FIELD);
        /* the record is dropped, but it keeps its number (record 0 is the
         * header) and the file fails */
        st->had_error = true;
        st->records++;
        goto reset;
    }
    sl_csv_field stack[64];
    sl_csv_field *fields = stack;
    if (st->n_fields > SL_ARRAY_LEN(stack)) {
        fields = sl_reallocarray(NULL, st->n_fields, sizeof *fields);
        if (!fields) {
            st->rc = SL_ENOMEM;
            goto reset;
        }
    }
    for (size_t i = 0; i < st->n_fields; i++) {
        fields[i].s = st->text.data + st->spans[i].off;
        fields[i].len = st->spans[i].len;
    }
    int rc = st->fn(st->user, start, st->records, fields, st->n_fields);
    if (fields != stack)
        sl_free(fields);
    if (rc)
        st->rc = rc;
    st->records++;
reset:
    st->n_fields = 0;
    st->text.len = 0;
    st->newlines_in_record = 0;
    st->too_wide = st->too_long = false;
}

char sl_csv_detect_delim(const char *s, size_t len)
{
    if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        s += 3;
        len -= 3;
    }
    size_t commas = 0, semis = 0, tabs = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            commas++;
        else if (!quoted && c == ';')
            semis++;
        else if (!quoted && c == '\t')
            tabs++;
    }
    if (semis > commas && semis >= tabs)
        return ';';
    if (tabs > commas && tabs > semis)
        return '\t';
    return ',';
}

/* The line the record being read starts on, while a field of it is
 * still in libcsv's entry buffer (its newlines not yet counted). */
static long record_start(const csv_state *st, const struct csv_parser *p)
{
    long pending = 0;
    for (size_t i = 0; p->entry_buf && i < p->entry_pos; i++)
        pending += p->entry_buf[i] == '\n';
    return st->line - st->newlines_in_record - pending;
}

static void *csv_realloc(void *p, size_t n)
{
    return sl_realloc(p, n);
}

/* Reports msg at the line and column (in characters) of byte offset at. */
static void error_at_offset(sl_diag *d, const char *file, const char *data, size_t at,
                            const char *msg)
{
    long line = 1, col = 1;
    for (size_t i = 0; i < at; i++) {
        if (data[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)data[i] & 0xc0) != 0x80) {
            col++;
        }
    }
    sl_diag_add(d, SL_ERROR, file, line, col, "%s", msg);
}

int sl_csv_parse(const char *file, const char *data, size_t len, char delim, sl_csv_record_fn fn,
                 void *user, sl_diag *d)
{
    if (len >= 2 && (((unsigned char)data[0] == 0xff && (unsigned char)data[1] == 0xfe) ||
                     ((unsigned char)data[0] == 0xfe && (unsigned char)data[1] == 0xff))) {
        sl_diag_add(d, SL_ERROR, file, 1, 1, "the file is UTF-16; save it as UTF-8 CSV");
        return SL_EINPUT;
    }
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t bad;
    if (!sl_utf8_valid(data, len, &bad)) {
        error_at_offset(d, file, data, bad, "not valid UTF-8 text (save the file as UTF-8)");
        return SL_EINPUT;
    }
    /* a NUL would cut the cell short when it becomes a C string */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        error_at_offset(d, file, data, (size_t)(nul - data),
                        "a NUL character is not allowed in CSV text");
        return SL_EINPUT;
    }
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
        blank = data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n';
    if (blank) {
        sl_diag_add(d, SL_ERROR, file, 1, 0, "the file is empty: a header line is needed");
        return SL_EINPUT;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return SL_ENOMEM;
    csv_set_realloc_func(&p, csv_realloc);
    csv_set_free_func(&p, sl_free);
    csv_set_delim(&p, (unsigned char)(delim ? delim : sl_csv_detect_delim(data, len)));

    csv_state st;
    memset(&st, 0, sizeof st);
    st.file = file;
    st.d = d;
    st.fn = fn;
    st.user = user;
    st.line = 1;
    int rc = 0;
    size_t pos = 0;
    while (pos < len && !st.rc) {
        const char *nl = memchr(data + pos, '\n', SL_MIN(len - pos, (size_t)CSV_FEED));
        size_t chunk = nl ? (size_t)(nl - (data + pos)) + 1 : SL_MIN(len - pos, (size_t)CSV_FEED);
        if (csv_parse(&p, data + pos, chunk, on_field, on_record, &st) != chunk) {
            int e = csv_error(&p);
            if (e == CSV_ENOMEM || e == CSV_ETOOBIG) {
                rc = SL_ENOMEM;
            } else {
                sl_diag_add(d, SL_ERROR, file, st.line, 0,
                            "malformed quoting: a quote inside a field must be doubled (\"\")");
                rc = SL_EINPUT;
            }
            break;
        }
        pos += chunk;
        if (nl)
            st.line++;
        /* a field libcsv is still collecting: stop it at the limit, not
         * after a 200 MB field is in memory */
        if (p.entry_pos > SL_MAX_CSV_FIELD) {
            sl_diag_add(d, SL_ERROR, file, record_start(&st, &p), 0,
                        "a field is longer than %d bytes", SL_MAX_CSV_FIELD);
            rc = SL_EINPUT;
            break;
        }
    }
    if (!rc && !st.rc && csv_fini(&p, on_field, on_record, &st) != 0) {
        sl_diag_add(d, SL_ERROR, file, record_start(&st, &p), 0, "a quoted field is never closed");
        rc = SL_EINPUT;
    }
    csv_free(&p);
    sl_buf_free(&st.text);
    sl_free(st.spans);
    if (st.rc)
        return st.rc;
    if (rc == 0 && st.had_error)
        rc = SL_EINPUT;
    return rc;
}

static bool header_eq(const char *want, const sl_csv_field *f)
{
    const char *s = f->s;
    size_t len = f->len;
    sl_trim(&s, &len);
    size_t wl = strlen(want);
    if (wl != len)
        return false;
    for (size_t i = 0; i < len; i++) {
        char a = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
        char b = want[i] >= 'A' && want[i] <= 'Z' ? (char)(want[i] + 32) : want[i];
        if (a != b)
            return false;
    }
    return true;
}

int sl_csv_map_header(const char *file, long line, const sl_csv_field *fields, size_t n_fields,
                      const sl_csv_column *cols, size_t n_cols, int *index, sl_diag *d)
{
    int rc = 0;
    for (size_t c = 0; c < n_cols; c++) {
        index[c] = -1;
        for (size_t k = 0; k < SL_ARRAY_LEN(cols[c].names) && cols[c].names[k] && index[c] < 0;
             k++) {
            for (size_t f = 0; f < n_fields; f++) {
                if (header_eq(cols[c].names[k], &fields[f])) {
                    if (index[c] >= 0) {
                        sl_diag_add(d, SL_ERROR, file, line, 0, "column '%s' appears twice",
                                    cols[c].names[k]);
                        rc = SL_EINPUT;
                        break;
                    }
                    index[c] = (int)f;
                }
            }
        }
    }
    sl_buf missing = {0};
    size_t n_missing = 0;
    for (size_t c = 0; c < n_cols; c++) {
        if (cols[c].required && index[c] < 0) {
            sl_buf_printf(&missing, "%s%s", n_missing ? ", " : "", cols[c].names[0]);
            n_missing++;
        }
    }
    if (n_missing) {
        const char *list = missing.failed ? "?" : missing.data;
        if (n_missing > 1)
            sl_diag_add(d, SL_ERROR, file, line, 0, "missing required columns: %s", list);
        else
            sl_diag_add(d, SL_ERROR, file, line, 0, "missing required column: %s", list);
        rc = SL_EINPUT;
    }
    sl_buf_free(&missing);
    return rc;
}

bool sl_csv_flag(const sl_csv_field *f, bool *out)
{
    static const char *const yes[] = {"true", "yes", "y", "1"};
    static const char *const no[] = {"false", "no", "n", "0", ""};
    const char *s = f->s;
    size_t len = f->len;
    sl_trim(&s, &len);
    sl_csv_field t = {s, len};
    for (size_t i = 0; i < SL_ARRAY_LEN(yes); i++)
        if (header_eq(yes[i], &t)) {
            *out = true;
            return true;
        }
    for (size_t i = 0; i < SL_ARRAY_LEN(no); i++)
        if (header_eq(no[i], &t)) {
            *out = false;
            return true;
        }
    return false;
}

void sl_csv_put(FILE *out, const char *s, bool last)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
    fputc(last ? '\n' : ',', out);
}
