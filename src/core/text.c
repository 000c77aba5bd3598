/* SPDX-License-Identifier: MIT */
/*
 * text.c - UTF-8 validation, edit distance for "did you mean", trimming.
 */
#include "core.h"

#include <string.h>

size_t sl_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    unsigned min;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned v = c & (0x7fu >> len);
    for (size_t k = 1; k < len; k++) {
        if (k >= n)
            return SIZE_MAX;
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

void sl_text_position(const char *text, size_t at, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xc0) != 0x80) {
            ++*col;
        }
    }
}

bool sl_utf8_valid(const char *str, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned cp;
        size_t k = sl_utf8_decode(s + i, len - i, &cp);
        if (k == 0 || k == SIZE_MAX) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += k;
    }
    return true;
}

size_t sl_edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        size_t best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = SL_MIN(SL_MIN(row[j - 1] + 1, up + 1), diag + cost);
            row[j] = v;
            diag = up;
            best = SL_MIN(best, v);
        }
        if (best > limit)
            return limit + 1;
    }
    return SL_MIN(row[lb], limit + 1);
}

const char *sl_nearest(const char *word, const char *const *candidates, size_t n)
{
    size_t limit = SL_MAX((size_t)2, strlen(word) / 3);
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = sl_edit_distance(word, candidates[i], limit);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    return best;
}

bool sl_streq_nocase(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

bool sl_streq_null(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

void sl_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    while (n && (*p == ' ' || *p == '\t')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *s = p;
    *len = n;
}

const char *sl_nearest_word(const char *word, const char *const *candidates, size_t n)
{
    return sl_nearest(word, candidates, n);
}
