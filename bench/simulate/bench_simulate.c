/* SPDX-License-Identifier: MIT */
/*
 * bench_simulate - times the Monte Carlo alone on a scenario: loads it,
 * plans it once, then runs sl_simulate_run and prints iterations per
 * second (median of repeats) for the thread counts asked.
 *
 *   bench_simulate SCENARIO.yaml ITERATIONS REPEATS THREADS...
 */
#include "samlok.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_simulate SCENARIO.yaml ITERATIONS REPEATS THREADS...\n");
        return 2;
    }
    long iterations = strtol(argv[2], NULL, 10);
    int repeats = (int)strtol(argv[3], NULL, 10);
    sl_diag *d = sl_diag_new();
    sl_model *m = NULL;
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    if (sl_model_load(&m, argv[1], &lo, d)) {
        sl_diag_write(d, stderr);
        return 2;
    }
    sl_plan_options po = SL_PLAN_OPTIONS_INIT;
    po.iterations = 1;
    sl_plan *p = NULL;
    if (sl_plan_run(&p, m, &po, d)) {
        sl_diag_write(d, stderr);
        return 1;
    }
    sl_index *wg = malloc(m->n_workloads * sizeof *wg);
    for (size_t i = 0; i < m->n_workloads; i++)
        wg[i] = (sl_index)i;
    size_t tasks = 0;
    for (size_t g = 0; g < p->schedule->n_groups; g++)
        tasks += p->schedule->group_window[g] >= 0;
    printf("scenario %s: %zu workloads, %zu planned tasks, %ld iterations\n", argv[1],
           m->n_workloads, tasks, iterations);
    for (int a = 4; a < argc; a++) {
        int threads = (int)strtol(argv[a], NULL, 10);
        double *t = malloc((size_t)repeats * sizeof *t);
        for (int r = 0; r < repeats; r++) {
            sl_simulate_options so = SL_SIMULATE_OPTIONS_INIT;
            so.iterations = iterations;
            so.threads = threads;
            sl_simulation *s = NULL;
            double t0 = now();
            if (sl_simulate_run(&s, m, m->n_workloads, wg, NULL, p->schedule, &so, d))
                return 1;
            t[r] = now() - t0;
            sl_simulation_free(s);
        }
        qsort(t, (size_t)repeats, sizeof *t, cmp);
        double med = t[repeats / 2];
        printf("threads %d: median %.3f s, %.0f iterations/s, %.0f per thread\n", threads, med,
               (double)iterations / med, (double)iterations / med / threads);
        free(t);
    }
    free(wg);
    sl_plan_free(p);
    sl_model_free(m);
    sl_diag_free(d);
    return 0;
}
