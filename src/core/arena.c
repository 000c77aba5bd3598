/* SPDX-License-Identifier: MIT */
/*
 * arena.c - bump allocation for data that lives and dies together (the
 * model, a stage's result).
 *
 * Blocks grow geometrically from 4 KiB to 1 MiB; a request larger than a
 * quarter block gets a block of its own so big arrays waste nothing. With
 * SL_ARENA_DEBUG each allocation is a separate malloc on a list, which lets
 * AddressSanitizer catch an overflow from one allocation into the next.
 */
#include "core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ARENA_ALIGN 16
#define ARENA_MIN_BLOCK 4096
#define ARENA_MAX_BLOCK (1u << 20)

typedef struct arena_block {
    struct arena_block *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
} arena_block;

struct sl_arena {
    arena_block *head;
    size_t next_size;
    size_t bytes;
};

sl_arena *sl_arena_new(void)
{
    sl_arena *a = sl_calloc(1, sizeof *a);
    if (a)
        a->next_size = ARENA_MIN_BLOCK;
    return a;
}

void sl_arena_free(sl_arena *a)
{
    if (!a)
        return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        sl_free(b);
        b = next;
    }
    sl_free(a);
}

static arena_block *arena_new_block(sl_arena *a, size_t size)
{
    if (size > SIZE_MAX - sizeof(arena_block))
        return NULL;
    arena_block *b = sl_malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->size = size;
    b->used = 0;
    return b;
}

void *sl_arena_alloc(sl_arena *a, size_t size)
{
    if (size == 0)
        size = 1;
#ifdef SL_ARENA_DEBUG
    arena_block *b = arena_new_block(a, size);
    if (!b)
        return NULL;
    b->used = size;
    b->next = a->head;
    a->head = b;
    a->bytes += size;
    memset(b->data, 0, size);
    return b->data;
#else
    if (size > SIZE_MAX - ARENA_ALIGN)
        return NULL;
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    arena_block *b = a->head;
    if (!b || b->size - b->used < rounded) {
        if (rounded > a->next_size / 4) {
            /* A big request gets its own block behind the current one, so
             * the current block keeps serving small requests. */
            arena_block *big = arena_new_block(a, rounded);
            if (!big)
                return NULL;
            big->used = rounded;
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                big->next = NULL;
                a->head = big;
            }
            a->bytes += rounded;
            memset(big->data, 0, size);
            return big->data;
        }
        b = arena_new_block(a, a->next_size);
        if (!b)
            return NULL;
        b->next = a->head;
        a->head = b;
        if (a->next_size < ARENA_MAX_BLOCK)
            a->next_size *= 2;
    }
    void *p = b->data + b->used;
    b->used += rounded;
    a->bytes += rounded;
    memset(p, 0, size);
    return p;
#endif
}

void *sl_arena_array(sl_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return sl_arena_alloc(a, n * size);
}

char *sl_arena_strndup(sl_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *c = sl_arena_alloc(a, len + 1);
    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

char *sl_arena_strdup(sl_arena *a, const char *s)
{
    return sl_arena_strndup(a, s, strlen(s));
}

void *sl_arena_memdup(sl_arena *a, const void *p, size_t size)
{
    void *c = sl_arena_alloc(a, size);
    if (c && size)
        memcpy(c, p, size);
    return c;
}

char *sl_arena_printf(sl_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = sl_arena_alloc(a, (size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void sl_arena_adopt(sl_arena *dst, sl_arena *src)
{
    if (!src)
        return;
    arena_block *last = src->head;
    if (last) {
        while (last->next)
            last = last->next;
        /* behind dst's current block, which keeps serving small requests */
        if (dst->head) {
            last->next = dst->head->next;
            dst->head->next = src->head;
        } else {
            dst->head = src->head;
        }
        dst->bytes += src->bytes;
    }
    sl_free(src);
}

size_t sl_arena_bytes(const sl_arena *a)
{
    return a->bytes;
}
