/* SPDX-License-Identifier: MIT */
/*
 * vbp.c - vector bin packing instances in VPSolver's .vbp format, the
 * form the literature publishes (Brandao & Pedroso; Mommessin et al.),
 * for `samlok pack`.
 *
 *   d                      number of dimensions
 *   C_1 ... C_d            bin capacity per dimension
 *   m                      number of item types
 *   s_1 ... s_d  q         m lines: sizes, then the demand (copies)
 *
 * Sizes may be negative (down to minus the capacity): one published
 * generator (Caprara-type triplets, Mommessin et al.) produces a few, and
 * the packer copes (only the L1 bound holds then). The header numbers may
 * be spread over lines as the reader likes; each
 * item type must be one line of exactly d+1 whole numbers, so a missing
 * or extra number is reported on the line where it happens instead of
 * shifting every later row. Every problem is reported as
 * file:line:column and reading goes on to find the rest; nothing is
 * returned unless the whole file is right.
 */
#include "core/core.h"

#include <string.h>

typedef struct vbp_lexer {
    const char *file;
    const char *p, *end;
    long line;
    const char *line_start;
    sl_diag *d;
} vbp_lexer;

typedef struct vbp_token {
    const char *s;
    size_t len;
    long line, column;
} vbp_token;

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The next token on the current line; false at the end of the line. */
static bool next_on_line(vbp_lexer *lx, vbp_token *t)
{
    while (lx->p < lx->end && is_space(*lx->p))
        lx->p++;
    if (lx->p >= lx->end || *lx->p == '\n')
        return false;
    t->s = lx->p;
    t->line = lx->line;
    t->column = (long)(lx->p - lx->line_start) + 1;
    while (lx->p < lx->end && !is_space(*lx->p) && *lx->p != '\n')
        lx->p++;
    t->len = (size_t)(lx->p - t->s);
    return true;
}

/* Moves past the end of the current line; false at the end of input. */
static bool next_line(vbp_lexer *lx)
{
    while (lx->p < lx->end && *lx->p != '\n')
        lx->p++;
    if (lx->p >= lx->end)
        return false;
    lx->p++;
    lx->line++;
    lx->line_start = lx->p;
    return true;
}

/* The next token anywhere; false at the end of input. */
static bool next_token(vbp_lexer *lx, vbp_token *t)
{
    for (;;) {
        if (next_on_line(lx, t))
            return true;
        if (!next_line(lx))
            return false;
    }
}

/* Parses a whole number in [lo, hi]; reports and returns false if not. */
static bool token_int(vbp_lexer *lx, const vbp_token *t, const char *what, int64_t lo, int64_t hi,
                      int64_t *out)
{
    int64_t v;
    sl_num_status st = sl_parse_int64(&v, t->s, t->len);
    if (st != SL_NUM_OK) {
        sl_diag_add(lx->d, SL_ERROR, lx->file, t->line, t->column, "%s: '%.*s' is not a whole number",
                    what, (int)(t->len > 40 ? 40 : t->len), t->s);
        return false;
    }
    if (v < lo || v > hi) {
        sl_diag_add(lx->d, SL_ERROR, lx->file, t->line, t->column, "%s must be from %lld to %lld",
                    what, (long long)lo, (long long)hi);
        return false;
    }
    *out = v;
    return true;
}

static bool header_int(vbp_lexer *lx, const char *what, int64_t lo, int64_t hi, int64_t *out)
{
    vbp_token t;
    if (!next_token(lx, &t)) {
        sl_diag_add(lx->d, SL_ERROR, lx->file, lx->line, (long)(lx->p - lx->line_start) + 1,
                    "the file ends where %s was expected", what);
        return false;
    }
    return token_int(lx, &t, what, lo, hi, out);
}

#define VBP_MAX_CAPACITY (INT64_MAX >> 24)

int sl_vbp_read(sl_vbp **out, const char *path, const char *data, size_t len, sl_diag *d)
{
    *out = NULL;
    sl_vbp *v = sl_calloc(1, sizeof *v);
    if (!v)
        return SL_ENOMEM;
    v->arena = sl_arena_new();
    if (!v->arena) {
        sl_free(v);
        return SL_ENOMEM;
    }
    vbp_lexer lx = {path, data, data + len, 1, data, d};
    size_t bad = 0;
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "a ZIP archive (an .xlsx workbook?), not .vbp text");
        sl_vbp_free(v);
        return SL_EINPUT;
    }
    if (!sl_utf8_valid(data, len, &bad)) {
        long line = 1, column = 1;
        for (size_t i = 0; i < bad; i++) {
            if (data[i] == '\n') {
                line++;
                column = 1;
            } else if (((unsigned char)data[i] & 0xc0) != 0x80) {
                column++;
            }
        }
        sl_diag_add(d, SL_ERROR, path, line, column, "not valid UTF-8 text (byte %zu)", bad + 1);
        sl_vbp_free(v);
        return SL_EINPUT;
    }
    int rc = 0;
    int64_t dims = 0, types = 0;
    if (!header_int(&lx, "the number of dimensions", 1, SL_PACK_MAX_DIMS, &dims)) {
        sl_vbp_free(v);
        return SL_EINPUT;
    }
    v->n_dims = (size_t)dims;
    v->capacity = sl_arena_array(v->arena, v->n_dims, sizeof *v->capacity);
    if (!v->capacity) {
        sl_vbp_free(v);
        return SL_ENOMEM;
    }
    for (size_t k = 0; k < v->n_dims; k++) {
        vbp_token t;
        if (!next_token(&lx, &t)) {
            sl_diag_add(d, SL_ERROR, path, lx.line, (long)(lx.p - lx.line_start) + 1,
                        "the file ends after %zu of %zu capacities", k, v->n_dims);
            sl_vbp_free(v);
            return SL_EINPUT;
        }
        int64_t c;
        if (sl_parse_int64(&c, t.s, t.len) != SL_NUM_OK) {
            sl_diag_add(d, SL_ERROR, path, t.line, t.column,
                        "capacity %zu: '%.*s' is not a whole number", k + 1,
                        (int)(t.len > 40 ? 40 : t.len), t.s);
            rc = SL_EINPUT;
        } else if (c <= 0 || c > VBP_MAX_CAPACITY) {
            sl_diag_add(d, SL_ERROR, path, t.line, t.column,
                        "capacity %zu is %lld; a bin needs a capacity from 1 to %lld", k + 1,
                        (long long)c, (long long)VBP_MAX_CAPACITY);
            rc = SL_EINPUT;
        }
        v->capacity[k] = c;
    }
    if (rc || !header_int(&lx, "the number of item types", 0, SL_VBP_MAX_ITEMS, &types)) {
        sl_vbp_free(v);
        return SL_EINPUT;
    }
    v->n_types = (size_t)types;
    v->sizes = sl_arena_array(v->arena, v->n_types ? v->n_types : 1, v->n_dims * sizeof *v->sizes);
    v->demand = sl_arena_array(v->arena, v->n_types ? v->n_types : 1, sizeof *v->demand);
    if (!v->sizes || !v->demand) {
        sl_vbp_free(v);
        return SL_ENOMEM;
    }
    long count_line = lx.line;
    vbp_token extra;
    if (next_on_line(&lx, &extra)) {
        sl_diag_add(d, SL_ERROR, path, extra.line, extra.column,
                    "unexpected '%.*s' after the number of item types; each item type goes on "
                    "a line of its own", (int)(extra.len > 40 ? 40 : extra.len), extra.s);
        sl_vbp_free(v);
        return SL_EINPUT;
    }
    size_t row = 0;
    uint64_t items = 0;
    bool too_many = false;
    /* item types start on the line after the count */
    bool more = next_line(&lx);
    while (more) {
        vbp_token t;
        if (!next_on_line(&lx, &t)) { /* blank line */
            more = next_line(&lx);
            continue;
        }
        if (row == v->n_types) {
            sl_diag_add(d, SL_ERROR, path, t.line, t.column,
                        "more item types than the %zu announced on line %ld", v->n_types,
                        count_line);
            rc = SL_EINPUT;
            break;
        }
        int64_t *sz = v->sizes + row * v->n_dims;
        size_t got = 0;
        bool row_ok = true;
        vbp_token last = t;
        do {
            last = t;
            if (got < v->n_dims) {
                int64_t x;
                if (sl_parse_int64(&x, t.s, t.len) != SL_NUM_OK) {
                    sl_diag_add(d, SL_ERROR, path, t.line, t.column,
                                "item type %zu: '%.*s' is not a whole number", row + 1,
                                (int)(t.len > 40 ? 40 : t.len), t.s);
                    row_ok = false;
                } else if (x < -v->capacity[got]) {
                    sl_diag_add(d, SL_ERROR, path, t.line, t.column,
                                "item type %zu: size %lld in dimension %zu is below minus the "
                                "capacity",
                                row + 1, (long long)x, got + 1);
                    row_ok = false;
                } else if (x > v->capacity[got]) {
                    sl_diag_add(d, SL_ERROR, path, t.line, t.column,
                                "item type %zu is larger than a bin: size %lld in dimension %zu, "
                                "capacity %lld",
                                row + 1, (long long)x, got + 1, (long long)v->capacity[got]);
                    row_ok = false;
                }
                sz[got] = x;
            } else if (got == v->n_dims) {
                int64_t q = 0;
                if (!token_int(&lx, &t, "the demand", 0, SL_VBP_MAX_ITEMS, &q))
                    row_ok = false;
                v->demand[row] = q;
                items += (uint64_t)q;
                if (items > SL_VBP_MAX_ITEMS && !too_many) {
                    sl_diag_add(d, SL_ERROR, path, t.line, t.column,
                                "item type %zu: the demands add up to more than %d items, the "
                                "limit",
                                row + 1, SL_VBP_MAX_ITEMS);
                    too_many = true;
                }
            }
            got++;
        } while (next_on_line(&lx, &t));
        if (got != v->n_dims + 1) {
            sl_diag_add(d, SL_ERROR, path, last.line, got > v->n_dims + 1 ? last.column : 1,
                        "item type %zu: expected %zu sizes and a demand (%zu numbers), found %zu",
                        row + 1, v->n_dims, v->n_dims + 1, got);
            row_ok = false;
        }
        if (!row_ok)
            rc = SL_EINPUT;
        row++;
        more = next_line(&lx);
    }
    if (!rc && row < v->n_types) {
        sl_diag_add(d, SL_ERROR, path, lx.line, 0,
                    "the file ends after %zu of the %zu item types announced on line %ld", row,
                    v->n_types, count_line);
        rc = SL_EINPUT;
    }
    if (!rc && too_many)
        rc = SL_ELIMIT;
    if (rc) {
        sl_vbp_free(v);
        return rc;
    }
    v->n_items = (size_t)items;
    *out = v;
    return 0;
}

void sl_vbp_free(sl_vbp *v)
{
    if (!v)
        return;
    sl_arena_free(v->arena);
    sl_free(v);
}

int sl_vbp_problem(sl_pack_problem *out, sl_vbp *v)
{
    memset(out, 0, sizeof *out);
    int64_t *sizes = sl_arena_array(v->arena, v->n_items ? v->n_items : 1,
                                    v->n_dims * sizeof *sizes);
    if (!sizes)
        return SL_ENOMEM;
    size_t i = 0;
    for (size_t t = 0; t < v->n_types; t++)
        for (int64_t c = 0; c < v->demand[t]; c++, i++)
            memcpy(sizes + i * v->n_dims, v->sizes + t * v->n_dims, v->n_dims * sizeof *sizes);
    out->n_dims = v->n_dims;
    out->capacity = v->capacity;
    out->n_items = v->n_items;
    out->sizes = sizes;
    out->conflict = NULL;
    return 0;
}
