/* SPDX-License-Identifier: MIT */
/*
 * bench_simulate - times the Monte Carlo alone on a scenario: loads it,
 * plans it once, then runs sl_simulate_run and prints iterations per
 * second (median of repeats) for the thread counts asked: by the wall
 * clock, and per CPU second (the process's CPU time, all threads), which
 * a busy shared machine disturbs much less.
 *
 *   bench_simulate SCENARIO.yaml ITERATIONS REPEATS THREADS...
 *
 * It also prints a checksum of every iteration's per-agency finish and
 * cost, so two builds can be compared for bit-identical results.
 */
#include "samlok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* FNV-1a over the bytes of an array. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
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
    /* the groups, movability and planned schedule exactly as sl_plan_run
     * hands them to the simulation */
    const sl_grouping *g = p->grouping;
    bool *movable = malloc((m->n_workloads ? m->n_workloads : 1) * sizeof *movable);
    for (size_t i = 0; i < m->n_workloads; i++)
        movable[i] = sl_workload_moves(&p->assessment->workloads[i]);
    size_t tasks = 0;
    for (size_t k = 0; k < p->schedule->n_groups; k++)
        tasks += p->schedule->group_window[k] >= 0;
    printf("scenario %s: %zu workloads, %zu planned tasks, %ld iterations\n", argv[1],
           m->n_workloads, tasks, iterations);
    for (int a = 4; a < argc; a++) {
        int threads = (int)strtol(argv[a], NULL, 10);
        double *t = malloc((size_t)repeats * sizeof *t);
        double *cpu = malloc((size_t)repeats * sizeof *cpu);
        for (int r = 0; r < repeats; r++) {
            sl_simulate_options so = SL_SIMULATE_OPTIONS_INIT;
            so.iterations = iterations;
            so.threads = threads;
            so.assessment = p->assessment;
            sl_simulation *s = NULL;
            double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
            if (sl_simulate_run(&s, m, g->n_groups, g->group_of, movable, p->schedule, &so, d))
                return 1;
            t[r] = clock_s(CLOCK_MONOTONIC) - t0;
            cpu[r] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
            if (r == 0) {
                size_t n = (size_t)s->iterations * s->n_agencies;
                uint64_t h = fnv(0xcbf29ce484222325ull, s->agency_finish_runs,
                                 n * sizeof *s->agency_finish_runs);
                h = fnv(h, s->agency_cost_runs, n * sizeof *s->agency_cost_runs);
                h = fnv(h, &s->overall, sizeof s->overall);
                printf("threads %d: checksum %016llx, P(on time) %.4f, mean retries %.3f\n",
                       threads, (unsigned long long)h, s->overall.p_on_time,
                       s->overall.mean_retries);
            }
            sl_simulation_free(s);
        }
        qsort(t, (size_t)repeats, sizeof *t, cmp);
        qsort(cpu, (size_t)repeats, sizeof *cpu, cmp);
        double med = t[repeats / 2], med_cpu = cpu[repeats / 2];
        printf("threads %d: median %.3f s, %.0f iterations/s, %.0f per thread; "
               "%.3f CPU s, %.0f iterations per CPU second\n",
               threads, med, (double)iterations / med, (double)iterations / med / threads,
               med_cpu, (double)iterations / med_cpu);
        free(t);
        free(cpu);
    }
    free(movable);
    sl_plan_free(p);
    sl_model_free(m);
    sl_diag_free(d);
    return 0;
}
