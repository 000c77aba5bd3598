/* SPDX-License-Identifier: MIT */
/*
 * jobs.c - independent jobs on worker threads (sl_jobs_run): the plan's
 * review re-plans each agency as one job, explain tries each single
 * decision as one. Jobs are taken in index order from a shared counter;
 * each writes only its own slot, so which thread ran which job changes
 * nothing the caller sees. The calling thread works too, so the jobs run
 * even when no thread can be started. Each worker formats numbers in the
 * C locale, as the calling thread does for a run (sl_c_numbers).
 */
#include "core.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

enum { MAX_JOB_THREADS = 64 };

typedef struct jobs {
    size_t n;
    atomic_size_t next;
    sl_job_fn *fn;
    void *user;
} jobs;

static void *worker(void *arg)
{
    jobs *js = arg;
    sl_c_numbers cn;
    sl_c_numbers_begin(&cn);
    for (;;) {
        size_t i = atomic_fetch_add(&js->next, 1);
        if (i >= js->n)
            break;
        js->fn(js->user, i);
    }
    sl_c_numbers_end(&cn);
    return NULL;
}

void sl_jobs_run(size_t n_jobs, int threads, sl_job_fn *fn, void *user)
{
    if (!n_jobs)
        return;
    if (threads <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores > 0 ? (int)cores : 1;
    }
    jobs js = {n_jobs, 0, fn, user};
    atomic_init(&js.next, 0);
    size_t extra = (size_t)threads - 1;
    if (extra > n_jobs - 1)
        extra = n_jobs - 1;
    if (extra > MAX_JOB_THREADS)
        extra = MAX_JOB_THREADS;
    pthread_t tid[MAX_JOB_THREADS];
    size_t started = 0;
    while (started < extra && pthread_create(&tid[started], NULL, worker, &js) == 0)
        started++;
    worker(&js); /* without threads to be had, all of it here */
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
}
