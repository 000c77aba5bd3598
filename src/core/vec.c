/* SPDX-License-Identifier: MIT */
/*
 * vec.c - growable arrays and a growable text buffer.
 */
#include "core.h"

#include <stdio.h>
#include <string.h>

int sl_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return SL_ENOMEM;
        n *= 2;
    }
    void *p = sl_reallocarray(*items, n, size);
    if (!p)
        return SL_ENOMEM;
    *items = p;
    *cap = n;
    return 0;
}

void sl_buf_append(sl_buf *b, const char *s, size_t len)
{
    if (b->failed)
        return;
    if (len >= SIZE_MAX - b->len || sl_grow((void **)&b->data, &b->cap, b->len + len + 1, 1)) {
        b->failed = true;
        return;
    }
    if (len)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void sl_buf_puts(sl_buf *b, const char *s)
{
    sl_buf_append(b, s, strlen(s));
}

void sl_buf_vprintf(sl_buf *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return;
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || sl_grow((void **)&b->data, &b->cap, b->len + (size_t)n + 1, 1)) {
        b->failed = true;
        return;
    }
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void sl_buf_printf(sl_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sl_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void sl_buf_free(sl_buf *b)
{
    sl_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}
