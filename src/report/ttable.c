/* SPDX-License-Identifier: MIT */
/*
 * ttable.c - aligned tables for the terminal texts (text.c, explain.c,
 * compare.c) that fit the terminal's width.
 *
 * Each column has a header of one or two lines, an alignment, and a rank:
 * 0 is always shown, higher ranks are dropped first (ties: the rightmost
 * first) until the table fits the width, and a note under it names what
 * was left out. Widths count characters, not bytes (a Swedish header with
 * å or a narrow no-break space in a number is one column per character),
 * so the columns stay aligned in every language. Nothing is wrapped inside
 * a cell: a figure cut in two reads wrong.
 */
#include "report/report.h"

#include <string.h>

#define TT_GAP 2

size_t sl_text_width(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

void sl_text_pad(FILE *out, const char *s, size_t width, bool is_right)
{
    size_t w = sl_text_width(s);
    if (is_right)
        for (; w < width; w++)
            fputc(' ', out);
    fputs(s, out);
    if (!is_right)
        for (; w < width; w++)
            fputc(' ', out);
}

int sl_tt_init(sl_ttable *t, const sl_tt_col *cols, size_t n_cols)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->n_cols = n_cols;
    t->arena = sl_arena_new();
    return t->arena ? 0 : SL_ENOMEM;
}

void sl_tt_free(sl_ttable *t)
{
    sl_free(t->cells);
    sl_free(t->colors);
    sl_free(t->notes);
    sl_arena_free(t->arena);
    memset(t, 0, sizeof *t);
}

int sl_tt_note(sl_ttable *t, const char *text)
{
    size_t cap = t->cap_notes;
    if (SL_GROW(t->notes, cap, t->n_rows + 1))
        return SL_ENOMEM;
    t->cap_notes = cap;
    const char *cells[32] = {text};
    int rc = sl_tt_row(t, cells, NULL);
    if (!rc)
        t->notes[t->n_rows - 1] = true;
    return rc;
}

int sl_tt_row(sl_ttable *t, const char *const *cells, const char *const *colors)
{
    size_t cap_n = t->cap_notes;
    if (SL_GROW(t->notes, cap_n, t->n_rows + 1))
        return SL_ENOMEM;
    t->cap_notes = cap_n;
    t->notes[t->n_rows] = false;
    size_t need = (t->n_rows + 1) * t->n_cols;
    if (SL_GROW(t->cells, t->cap, need))
        return SL_ENOMEM;
    size_t cap = t->cap_colors;
    if (SL_GROW(t->colors, cap, need))
        return SL_ENOMEM;
    t->cap_colors = cap;
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *s = cells[c] ? cells[c] : "";
        char *copy = sl_arena_strdup(t->arena, s);
        if (!copy)
            return SL_ENOMEM;
        t->cells[t->n_rows * t->n_cols + c] = copy;
        t->colors[t->n_rows * t->n_cols + c] = colors ? colors[c] : NULL;
    }
    t->n_rows++;
    return 0;
}

/* One line of cells: the shown columns padded to their widths, nothing
 * after the last cell with text, so no line ends in blanks. */
static void put_line(FILE *out, const sl_ttable *t, const char *const *cells,
                     const char *const *colors, const bool *shown, const size_t *width,
                     size_t indent, bool color)
{
    size_t n = t->n_cols, last = n;
    for (size_t c = 0; c < n; c++)
        if (shown[c] && cells[c] && cells[c][0])
            last = c;
    fprintf(out, "%*s", last == n ? 0 : (int)indent, "");
    bool first = true;
    for (size_t c = 0; c < n && last < n && c <= last; c++) {
        if (!shown[c])
            continue;
        if (!first)
            fprintf(out, "%*s", TT_GAP, "");
        first = false;
        const char *code = color && colors ? colors[c] : NULL;
        if (code)
            fputs(code, out);
        char cut[512];
        const char *text = cells[c] ? cells[c] : "";
        if (t->cols[c].min_width && sl_text_width(text) > width[c]) {
            sl_text_cut(cut, sizeof cut, text, width[c]);
            text = cut;
        }
        sl_text_pad(out, text,
                    c == last && !t->cols[c].is_right ? 0 : width[c], t->cols[c].is_right);
        if (code)
            fputs(SL_TERM_SGR "[0m", out);
    }
    fputc('\n', out);
}

int sl_tt_write(FILE *out, const sl_ttable *t, const sl_text_options *o, size_t indent)
{
    size_t n = t->n_cols, max_width = o && o->width > 0 ? (size_t)o->width : 100;
    size_t width[32];
    bool shown[32];
    if (n > 32)
        return SL_EUSAGE;
    for (size_t c = 0; c < n; c++) {
        const sl_tt_col *col = &t->cols[c];
        width[c] = SL_MAX(sl_text_width(sl_tr(o ? o->lang : NULL, col->head[0])),
                          col->head[1] ? sl_text_width(sl_tr(o ? o->lang : NULL, col->head[1]))
                                       : 0);
        for (size_t r = 0; r < t->n_rows; r++)
            if (!t->notes[r])
                width[c] = SL_MAX(width[c], sl_text_width(t->cells[r * n + c]));
        shown[c] = true;
    }
    /* cut the texts that may be cut, then drop the highest ranks,
     * rightmost first, until it fits */
    for (;;) {
        size_t total = indent;
        for (size_t c = 0; c < n; c++)
            total += shown[c] ? width[c] + (total > indent ? TT_GAP : 0) : 0;
        if (total <= max_width)
            break;
        bool cut = false;
        for (size_t c = 0; c < n && !cut; c++) {
            size_t min = t->cols[c].min_width;
            if (shown[c] && min && width[c] > min) {
                width[c] = SL_MAX(min, width[c] - SL_MIN(width[c] - min, total - max_width));
                cut = true;
            }
        }
        if (cut)
            continue;
        size_t drop = n;
        for (size_t c = 0; c < n; c++)
            if (shown[c] && t->cols[c].rank > 0 &&
                (drop == n || t->cols[c].rank >= t->cols[drop].rank))
                drop = c;
        if (drop == n)
            break; /* only what is always shown is left: it runs over */
        shown[drop] = false;
    }
    const sl_lang *l = o ? o->lang : NULL;
    bool two = false;
    for (size_t c = 0; c < n; c++)
        two = two || (shown[c] && t->cols[c].head[1]);
    bool any_head = false;
    for (size_t c = 0; c < n; c++)
        any_head = any_head || (t->cols[c].head[0] && t->cols[c].head[0][0]);
    for (int line = 0; any_head && line < (two ? 2 : 1); line++) {
        const char *heads[32];
        for (size_t c = 0; c < n; c++)
            heads[c] = t->cols[c].head[line] ? sl_tr(l, t->cols[c].head[line]) : "";
        put_line(out, t, heads, NULL, shown, width, indent, false);
    }
    for (size_t r = 0; r < t->n_rows; r++) {
        if (t->notes[r]) { /* from the second column on */
            fprintf(out, "%*s%s\n", (int)(indent + width[0] + TT_GAP), "", t->cells[r * n]);
            continue;
        }
        put_line(out, t, (const char *const *)&t->cells[r * n], &t->colors[r * n], shown, width,
                 indent, o && o->color);
    }
    /* what was left out, by its header */
    bool any = false;
    for (size_t c = 0; c < n; c++) {
        if (shown[c] || !t->cols[c].head[0] || !t->cols[c].head[0][0])
            continue; /* a column without a header (a mark's) goes unnamed */
        if (any)
            fputs(", ", out);
        else
            fprintf(out, "%*s(%s ", (int)indent, "", sl_tr(l, "left out to fit the width:"));
        fputs(sl_tr(l, t->cols[c].head[0]), out);
        if (t->cols[c].head[1]) {
            fputc(' ', out);
            fputs(sl_tr(l, t->cols[c].head[1]), out);
        }
        any = true;
    }
    if (any)
        fprintf(out, "; %s)\n", sl_tr(l, "the plan document has every column"));
    return ferror(out) ? SL_EIO : 0;
}

void sl_text_cut(char *buf, size_t len, const char *s, size_t max_chars)
{
    size_t chars = sl_text_width(s);
    if (chars <= max_chars || max_chars < 4) {
        snprintf(buf, len, "%s", s);
        return;
    }
    size_t keep = 0, n = 0;
    while (s[keep] && n < max_chars - 3) {
        keep++;
        while ((s[keep] & 0xC0) == 0x80)
            keep++;
        n++;
    }
    snprintf(buf, len, "%.*s...", (int)keep, s);
}

int sl_tornado_lines(FILE *out, sl_arena *a, const sl_text_options *o, const sl_model *m,
                     sl_tornado_measure measure, const sl_tornado_bar *bars, size_t n)
{
    static const sl_tt_col cols[] = {{{"", NULL}, false, 0, 0}, {{"", NULL}, true, 0, 0}};
    const sl_lang *l = o ? o->lang : NULL;
    size_t width = o && o->width > 0 ? (size_t)o->width : 100;
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, 2);
    for (size_t i = 0; !rc && i < n; i++) {
        char text[96], label[256];
        sl_tornado_bar_text(text, sizeof text, l, m, measure, &bars[i]);
        const char *said = sl_input_label(a, l, bars[i].input, m);
        if (!said) {
            rc = SL_ENOMEM;
            break;
        }
        /* the label gives way to the figures */
        sl_text_cut(label, sizeof label, said, width > 30 + 20 ? width - 30 : 20);
        const char *row[] = {label, text};
        rc = sl_tt_row(&t, row, NULL);
    }
    if (!rc)
        rc = sl_tt_write(out, &t, o, 2);
    sl_tt_free(&t);
    return rc;
}
