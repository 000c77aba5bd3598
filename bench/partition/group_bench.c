/* SPDX-License-Identifier: MIT */
/*
 * group_bench.c - times the group stage on a large synthetic estate:
 * `group_bench [WORKLOADS] [FLOWS] [MAX_WORKLOADS_PER_WINDOW]` (defaults
 * 100000, 1000000, 200). Builds the scenario, inventory and flows in
 * memory, loads them (not timed), then times sl_group_run and prints the
 * groups it made, the time and the peak memory of the process.
 *
 * The estate: two agencies with two halls each; applications of 3 to 15
 * servers (web -> app -> db tiers, app -> db latency-sensitive); calls
 * between applications; per hall four shared services of eight servers
 * that every application server talks to; the rest of the flow budget as
 * cross-application calls. Deterministic for the built-in seed.
 */
#include "samlok.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        t->cap = t->cap ? t->cap * 2 : 1 << 20;
        t->s = realloc(t->s, t->cap);
        if (!t->s) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
    }
}

static uint64_t state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)(state % n);
}

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    long n_work = argc > 1 ? atol(argv[1]) : 100000;
    long n_flows = argc > 2 ? atol(argv[2]) : 1000000;
    long per_window = argc > 3 ? atol(argv[3]) : 200;
    static const char *const sites[4] = {"A1", "A2", "B1", "B2"};
    static const char *const agency[4] = {"A", "A", "B", "B"};
    text yaml = {0}, inv = {0}, fl = {0};
    put(&yaml,
        "samlok: 1\nname: group bench\nstart: 2026-09-01\ndeadline: 2028-12-31\n"
        "agencies:\n  - {id: H, role: host}\n"
        "  - {id: A, role: joining, staff: {migration_hours_per_week: 2000},\n"
        "     inventory: inv.csv, flows: flows.csv}\n"
        "  - {id: B, role: joining, staff: {migration_hours_per_week: 2000}}\n"
        "sites:\n  - {id: T, owner: H, role: target, capacity: {racks: 5000, kw: 50000}}\n"
        "  - {id: A1, owner: A, role: source}\n  - {id: A2, owner: A, role: source}\n"
        "  - {id: B1, owner: B, role: source}\n  - {id: B2, owner: B, role: source}\n"
        "links:\n");
    for (int s = 0; s < 4; s++)
        put(&yaml, "  - {from: %s, to: T, gbps: 40, usable_share: 0.5, rtt_ms: 6}\n", sites[s]);
    put(&yaml,
        "host_models:\n  - {id: H, cores: 64, ram_gb: 1024}\n"
        "windows:\n  weekly:\n    - {day: friday, start: \"18:00\", hours: 60}\n"
        "  max_workloads: %ld\n"
        "migration:\n  hard_edge_mbps: 100\n",
        per_window);
    put(&inv, "id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
              "security_class,legal_tags,ha_group,method\n");
    put(&fl, "src,dst,mbps,latency_sensitive\n");
    long made = 0, flows = 0;
    long per_site = n_work / 4;
    long *app_first = malloc(sizeof(long) * (size_t)(n_work + 1));
    long *app_size = malloc(sizeof(long) * (size_t)(n_work + 1));
    long n_apps = 0;
    for (int s = 0; s < 4; s++) {
        /* shared services first: 4 x 8 servers */
        static const char *const svc[4] = {"dir", "dns", "bak", "mon"};
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < 8; i++) {
                put(&inv, "%s-%s%d,%s,%s,%s-%s,prod,1,4,16,200,,,RHEL 9,open,,,\n", sites[s],
                    svc[k], i, agency[s], sites[s], sites[s], svc[k]);
                made++;
            }
        long site_end = made + per_site - 32;
        while (made < site_end) {
            long size = 3 + rnd(13);
            if (made + size > site_end)
                size = site_end - made;
            app_first[n_apps] = made;
            app_size[n_apps] = size;
            for (long i = 0; i < size; i++) {
                put(&inv, "w%ld,%s,%s,app%ld,prod,%u,4,16,%u,,,RHEL 9,open,,,\n", made + i,
                    agency[s], sites[s], n_apps, 1 + rnd(4), 50 + rnd(500));
            }
            /* tiers: first third web, middle app, last db */
            long web = size / 3, db = size - 2 * (size / 3);
            for (long i = 0; i < web; i++)
                for (long j = web; j < size - db; j++, flows++)
                    put(&fl, "w%ld,w%ld,%u,false\n", made + i, made + j, 1 + rnd(50));
            for (long i = web; i < size - db; i++)
                for (long j = size - db; j < size; j++, flows++)
                    put(&fl, "w%ld,w%ld,%u,true\n", made + i, made + j, 5 + rnd(200));
            for (long i = 0; i < size && flows < n_flows; i++, flows += 2) {
                put(&fl, "w%ld,%s-%s%u,0.1,false\n", made + i, sites[s], svc[rnd(2)], rnd(8));
                put(&fl, "%s-%s%u,w%ld,2,false\n", sites[s], svc[2 + rnd(2)], rnd(8), made + i);
            }
            made += size;
            n_apps++;
        }
    }
    /* the rest: calls between applications of the same hall, mostly near */
    while (flows < n_flows && n_apps > 1) {
        long a = rnd((uint32_t)n_apps);
        long b = a + 1 + rnd(40);
        if (b >= n_apps || (app_first[b] / per_site) != (app_first[a] / per_site))
            b = a > 0 ? a - 1 : a + 1;
        put(&fl, "w%ld,w%ld,%u,false\n", app_first[a] + rnd((uint32_t)app_size[a]),
            app_first[b] + rnd((uint32_t)app_size[b]), 1 + rnd(20));
        flows++;
    }
    sl_memfile files[3] = {{"scenario.yaml", yaml.s, yaml.len},
                           {"inv.csv", inv.s, inv.len},
                           {"flows.csv", fl.s, fl.len}};
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = 3;
    lo.memfiles = files;
    sl_diag *d = sl_diag_new();
    sl_model *m = NULL;
    double t0 = now(CLOCK_MONOTONIC);
    int rc = sl_model_load(&m, "scenario.yaml", &lo, d);
    double t_load = now(CLOCK_MONOTONIC) - t0;
    if (rc) {
        sl_diag_write(d, stderr);
        return 1;
    }
    printf("estate: %zu workloads, %zu flows, %ld per window (load %.2f s, not timed)\n",
           m->n_workloads, m->n_flows, per_window, t_load);
    sl_group_options go = SL_GROUP_OPTIONS_INIT;
    sl_grouping *g = NULL;
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    rc = sl_group_run(&g, m, &go, d);
    double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (rc) {
        sl_diag_write(d, stderr);
        return 1;
    }
    size_t biggest = 0, over = 0;
    for (size_t i = 0; i < g->n_groups; i++) {
        if (g->groups[i].n_workloads > biggest)
            biggest = g->groups[i].n_workloads;
        over += g->groups[i].is_over_capacity;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("group stage: %.3f s wall, %.3f s CPU; %zu groups (largest %zu, %zu over capacity), "
           "%zu split components, %zu edges (%zu hard), %zu shared-service workloads, "
           "cut %.0f Mbit/s; peak RSS of the process %.0f MiB\n",
           wall, cpu, g->n_groups, biggest, over, g->n_split, g->n_edges, g->n_hard_edges,
           g->n_shared, g->total_cut_mbps, (double)ru.ru_maxrss / 1024.0);
    sl_grouping_free(g);
    sl_model_free(m);
    sl_diag_free(d);
    free(app_first);
    free(app_size);
    free(yaml.s);
    free(inv.s);
    free(fl.s);
    return 0;
}
