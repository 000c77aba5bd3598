/* SPDX-License-Identifier: MIT */
/*
 * floor - a yardstick for bench_simulate: what a bare Monte Carlo replay
 * of a 2,000-move plan costs on this machine, with none of samlok's rules
 * beyond windows, freezes, staff hours and failed moves.
 *
 *   bench_floor [MOVES] [ITERATIONS] [REPEATS]      (defaults 2000 10000 7)
 *
 * The synthetic plan has the shape of the benchmark estate
 * (bench/gen_estate.py --workloads 2000 --agencies 2): two agencies whose
 * moves come in runs of 30, 92 % with a PERT(4, 6, 8) effort in hours and
 * 8 % with PERT(14, 20, 32), failure rates 10 % and 18 %, doubled for the
 * half of the moves on an old OS and retried up to 8 times, 522 weekly
 * windows with the estate's freezes (1 March to 15 May, 15 December to
 * 10 January), each agency's weekly staff hours drawn in [175, 300] less
 * 13 % for staff who leave, and a release 3 to 7 months out.
 *
 * It times, as the median of REPEATS runs in CPU seconds:
 *   sample  each move's effort and first failure, drawn as samlok draws
 *           them (a keyed SplitMix64 hash through a 256-point quantile
 *           table), and nothing else;
 *   replay  the sample, then each move into the first window at or after
 *           the release with room for it (windows too full for any move
 *           are linked past, union-find), a failed move retried in a
 *           later window.
 * The replay leaves out what samlok's pass also does: critical slots,
 * link capacity, the per-window workload cap, gates per move, the effort
 * correlation, sites' first and last windows, costs and the statistics
 * over the iterations.
 *
 * Self-contained on purpose (its hash is a copy of sim_mix): a yardstick
 * must not move when the library changes.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TABLE 256
#define WINDOWS 522
#define RETRIES 8

typedef struct move {
    uint64_t key;
    double likely;     /* likely hours */
    uint32_t row;      /* effort row: 0 rehost, 1 replatform */
    uint32_t fail_row; /* row * 2 + old OS */
    int agency;
} move;

typedef struct plan {
    size_t n;
    move *moves;
    double pairs[2][TABLE][2]; /* per row: quantile / likely and step to the next */
    int frozen[WINDOWS];
} plan;

static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unit(uint64_t h)
{
    return (double)(h >> 11) * 0x1.0p-53;
}

#define GRID (1 << 14)

/* The PERT(a, m, b) quantile table of a row, divided by m: the beta
 * density summed on a fine grid (trapezoids), then inverted by linear
 * interpolation; cdf has GRID + 1 places. Set-up only, and a yardstick,
 * so plain rather than exact. */
static void pert_table(double a, double m, double b, double q[TABLE + 1], double *cdf)
{
    const double al = 1 + 4 * (m - a) / (b - a), be = 1 + 4 * (b - m) / (b - a);
    double prev = 0; /* the density is 0 at both ends when al, be > 1 */
    cdf[0] = 0;
    for (int i = 1; i <= GRID; i++) {
        double t = (double)i / GRID;
        double d = i < GRID ? pow(t, al - 1) * pow(1 - t, be - 1) : 0;
        cdf[i] = cdf[i - 1] + (prev + d) / 2;
        prev = d;
    }
    int i = 0;
    for (int j = 0; j <= TABLE; j++) {
        double target = cdf[GRID] * j / TABLE;
        while (i < GRID - 1 && cdf[i + 1] < target)
            i++;
        double span = cdf[i + 1] - cdf[i];
        double x = ((double)i + (span > 0 ? (target - cdf[i]) / span : 0)) / GRID;
        q[j] = (a + x * (b - a)) / m;
    }
}

static int make_plan(plan *p, size_t n)
{
    p->n = n;
    p->moves = calloc(n, sizeof *p->moves);
    double *cdf = malloc((GRID + 1) * sizeof *cdf);
    if (!p->moves || !cdf) {
        free(cdf);
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        move *mv = &p->moves[k];
        uint64_t h = mix(k * 0x51ed27ull);
        mv->key = 0x3000000000ull + ((uint64_t)k << 4);
        mv->row = h % 100 < 8;
        mv->likely = mv->row ? 20 : 6;
        mv->fail_row = 2 * mv->row + ((h >> 20) % 2);
        mv->agency = (int)(k / 30 % 2);
    }
    const double abm[2][3] = {{4, 6, 8}, {14, 20, 32}};
    for (int r = 0; r < 2; r++) {
        double q[TABLE + 1];
        pert_table(abm[r][0], abm[r][1], abm[r][2], q, cdf);
        for (int i = 0; i < TABLE; i++) {
            p->pairs[r][i][0] = q[i];
            p->pairs[r][i][1] = q[i + 1] - q[i];
        }
    }
    /* weekly windows from Friday 4 September (day 247 of the year) */
    for (int v = 0; v < WINDOWS; v++) {
        int doy = (247 + 7 * v) % 365;
        p->frozen[v] = (doy >= 59 && doy <= 134) || doy >= 348 || doy <= 9;
    }
    free(cdf);
    return 0;
}

typedef struct work {
    double *effort;
    uint8_t *fails;
    double room[2][WINDOWS + 1];
    int next[2][WINDOWS + 1]; /* union-find past windows with no room */
} work;

/* Efforts and first failures: one hash and one table cell per move.
 * (noinline here and below: each part shows as itself in a profile) */
__attribute__((noinline)) static void sample(const plan *p, work *w, uint64_t key,
                                             const uint32_t fail_below[4])
{
    for (size_t k = 0; k < p->n; k++) {
        const move *mv = &p->moves[k];
        uint64_t h = mix(key ^ mv->key);
        size_t cell = (size_t)(h >> 56);
        double frac = (double)((h >> 11) & ((1ull << 45) - 1)) * 0x1.0p-45;
        const double *c = p->pairs[mv->row][cell];
        w->effort[k] = mv->likely * (c[0] + frac * c[1]);
        w->fails[k] = (uint32_t)h < fail_below[mv->fail_row];
    }
}

/* Every move into its first window with room, failed ones retried in a
 * later one. The last window used (a checksum). */
__attribute__((noinline)) static int replay(const plan *p, work *w, uint64_t key,
                                            const uint32_t fail_below[4])
{
    int last = -1;
    const int release = (int)(13 + 17 * unit(mix(key ^ 77)));
    for (int a = 0; a < 2; a++) {
        double hours = (175 + 125 * unit(mix(key ^ (uint64_t)(a + 1)))) * 0.87;
        for (int v = 0; v < WINDOWS; v++) {
            w->room[a][v] = p->frozen[v] ? -INFINITY : hours;
            w->next[a][v] = v;
        }
        w->room[a][WINDOWS] = INFINITY; /* stops every search */
        w->next[a][WINDOWS] = WINDOWS;
    }
    const double least = 4; /* no move needs less than the PERT minimum */
    for (size_t k = 0; k < p->n; k++) {
        const move *mv = &p->moves[k];
        double *room = w->room[mv->agency];
        int *next = w->next[mv->agency];
        const double e = w->effort[k];
        int win = release;
        uint64_t h = 0;
        for (int attempt = 0;; attempt++) {
            for (;;) {
                /* windows with less room than any move needs link past
                 * themselves (union-find, path halving) */
                while (next[win] != win) {
                    next[win] = next[next[win]];
                    win = next[win];
                }
                if (room[win] >= e)
                    break;
                if (!(room[win] >= least))
                    next[win] = win + 1;
                win++;
            }
            if (win >= WINDOWS) {
                win = -1;
                break;
            }
            room[win] -= e;
            int failed = attempt == 0
                             ? w->fails[k]
                             : (uint32_t)mix(h + (uint64_t)attempt) < fail_below[mv->fail_row];
            if (attempt == 0)
                h = mix(key ^ mv->key);
            if (!failed || attempt == RETRIES)
                break;
            win++;
        }
        last = win > last ? win : last;
    }
    return last;
}

/* One iteration: the sample alone, or with the replay; what it returns
 * goes into a checksum. */
static int iterate(const plan *p, work *w, uint64_t it, bool with_replay)
{
    const uint64_t key = mix(1 ^ mix(it));
    const uint32_t fail_below[4] = {429496730u, 858993459u, 773094113u, 1546188227u};
    sample(p, w, key, fail_below);
    if (!with_replay)
        return (int)w->effort[it % p->n];
    return replay(p, w, key, fail_below);
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
    long iterations = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
    long repeats = argc > 3 ? strtol(argv[3], NULL, 10) : 7;
    if (n < 1 || iterations < 1 || repeats < 1 || repeats > 1000) {
        fprintf(stderr, "usage: floor [MOVES] [ITERATIONS] [REPEATS]\n");
        return 2;
    }
    plan p;
    work w;
    w.effort = malloc((size_t)n * sizeof *w.effort);
    w.fails = malloc((size_t)n);
    if (make_plan(&p, (size_t)n) || !w.effort || !w.fails) {
        fprintf(stderr, "floor: out of memory\n");
        return 1;
    }
    printf("synthetic plan: %ld moves, %d windows, %ld iterations, median of %ld\n", n, WINDOWS,
           iterations, repeats);
    const char *names[2] = {"sample", "sample + replay"};
    double rate[2];
    for (int with_replay = 0; with_replay < 2; with_replay++) {
        double t[1000];
        long check = 0;
        for (long r = 0; r < repeats; r++) {
            double t0 = cpu_seconds();
            for (long it = 0; it < iterations; it++)
                check += iterate(&p, &w, (uint64_t)it, with_replay);
            t[r] = cpu_seconds() - t0;
        }
        qsort(t, (size_t)repeats, sizeof *t, cmp);
        rate[with_replay] = (double)iterations / t[repeats / 2];
        printf("%s: %.0f iterations per CPU second, %.2f us each (check %ld)\n", names[with_replay],
               rate[with_replay], 1e6 / rate[with_replay], check);
    }
    const double goal_us = 1e6 / 50000;
    printf("the replay's placements: %.2f us per iteration; at 50,000 iterations per "
           "second the sample leaves %.2f us for them\n",
           1e6 / rate[1] - 1e6 / rate[0], goal_us - 1e6 / rate[0]);
    free(w.effort);
    free(w.fails);
    free(p.moves);
    return 0;
}
