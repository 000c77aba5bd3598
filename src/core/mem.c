/* SPDX-License-Identifier: MIT */
/*
 * mem.c - the allocation functions every part of samlok uses.
 *
 * A build with -Dalloc_fail=true makes the Nth allocation fail, N taken from
 * the environment variable SAMLOK_ALLOC_FAIL, so tests can prove that every
 * failure path reports SL_ENOMEM cleanly and leaks nothing; with
 * SAMLOK_ALLOC_COUNT=FILE it writes the number of allocations made into
 * FILE at exit (tests/failures/sweep.py runs every N up to it). Release builds
 * carry no counter and no global state.
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>

#ifdef SL_ALLOC_FAIL
#include <stdatomic.h>
#include <stdio.h>
/* Test-build only: the one piece of global state, a countdown, and a
 * count of every allocation for SAMLOK_ALLOC_COUNT (the sweep's total). */
static atomic_long alloc_countdown = -2;
static atomic_long alloc_calls;

static void report_count(void)
{
    const char *path = getenv("SAMLOK_ALLOC_COUNT");
    FILE *f = path && path[0] ? fopen(path, "w") : NULL;
    if (f) {
        fprintf(f, "%ld\n", atomic_load(&alloc_calls));
        fclose(f);
    }
}

static bool alloc_should_fail(void)
{
    long n = atomic_load(&alloc_countdown);
    if (n == -2) {
        const char *env = getenv("SAMLOK_ALLOC_FAIL");
        long v = env ? strtol(env, NULL, 10) : -1;
        long expected = -2;
        if (atomic_compare_exchange_strong(&alloc_countdown, &expected, v > 0 ? v : -1) &&
            getenv("SAMLOK_ALLOC_COUNT"))
            atexit(report_count);
    }
    atomic_fetch_add(&alloc_calls, 1);
    n = atomic_fetch_sub(&alloc_countdown, 1);
    if (n < 0) {
        atomic_store(&alloc_countdown, -1);
        return false;
    }
    return n == 1;
}
#else
static bool alloc_should_fail(void)
{
    return false;
}
#endif

void *sl_malloc(size_t size)
{
    if (alloc_should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *sl_calloc(size_t n, size_t size)
{
    if (alloc_should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *sl_realloc(void *p, size_t size)
{
    if (alloc_should_fail())
        return NULL;
    return realloc(p, size ? size : 1);
}

void *sl_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return sl_realloc(p, n * size);
}

void sl_free(void *p)
{
    free(p);
}

char *sl_strdup(const char *s)
{
    size_t len = strlen(s);
    char *c = sl_malloc(len + 1);
    if (c)
        memcpy(c, s, len + 1);
    return c;
}
