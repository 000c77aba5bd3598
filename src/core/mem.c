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
/* Test-build only: the one piece of global state, per kind of fault a
 * countdown to the failing call and a count of every call. */
typedef struct fault_point {
    const char *fail_env, *count_env;
    atomic_long countdown; /* -2: not read from the environment yet */
    atomic_long calls;
} fault_point;

static fault_point faults[SL_N_FAULTS] = {
    [SL_FAULT_ALLOC] = {"SAMLOK_ALLOC_FAIL", "SAMLOK_ALLOC_COUNT", -2, 0},
    [SL_FAULT_WRITE] = {"SAMLOK_WRITE_FAIL", "SAMLOK_WRITE_COUNT", -2, 0},
};

static void report_counts(void)
{
    for (size_t i = 0; i < SL_N_FAULTS; i++) {
        const char *path = getenv(faults[i].count_env);
        FILE *f = path && path[0] ? fopen(path, "w") : NULL;
        if (f) {
            fprintf(f, "%ld\n", atomic_load(&faults[i].calls));
            fclose(f);
        }
    }
}

bool sl_fault_hit(sl_fault which)
{
    fault_point *fp = &faults[which];
    long n = atomic_load(&fp->countdown);
    if (n == -2) {
        const char *env = getenv(fp->fail_env);
        long v = env ? strtol(env, NULL, 10) : -1;
        long expected = -2;
        static atomic_flag reporting = ATOMIC_FLAG_INIT;
        if (atomic_compare_exchange_strong(&fp->countdown, &expected, v > 0 ? v : -1) &&
            !atomic_flag_test_and_set(&reporting))
            atexit(report_counts);
    }
    atomic_fetch_add(&fp->calls, 1);
    n = atomic_fetch_sub(&fp->countdown, 1);
    if (n < 0) {
        atomic_store(&fp->countdown, -1);
        return false;
    }
    return n == 1;
}

static bool alloc_should_fail(void)
{
    return sl_fault_hit(SL_FAULT_ALLOC);
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
