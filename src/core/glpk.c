/* SPDX-License-Identifier: MIT */
/*
 * glpk.c - GLPK's environment tied to the life of the thread that uses it.
 *
 * GLPK (built reentrant, as Debian's is) keeps one environment per thread,
 * made on a thread's first call and freed only by glp_free_env() on that
 * thread. The exact solvers (place/arcflow.c, schedule/exact.c) may run on
 * threads that end before the process does (the plan's review re-plans on
 * several), where the environment would be lost. sl_glpk_thread() makes a
 * thread that uses GLPK free its environment as it ends; the main thread's
 * lives as long as the process. Freeing only at thread end leaves alone
 * any problem a caller of the library holds on the same thread.
 */
#include "core.h"

#include <glpk.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t key;
static bool has_key;

static void free_env(void *unused)
{
    (void)unused;
    glp_free_env();
}

static void make_key(void)
{
    has_key = pthread_key_create(&key, free_env) == 0;
}

void sl_glpk_thread(void)
{
    pthread_once(&once, make_key);
    /* any non-NULL value: the destructor runs only for those */
    if (has_key && !pthread_getspecific(key))
        pthread_setspecific(key, &key);
}
