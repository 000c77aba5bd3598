/* SPDX-License-Identifier: MIT */
/*
 * estate.c - a synthetic but realistic server estate for the demo:
 * applications with web, app and db tiers, shared services (directory,
 * DNS, backup, monitoring) that talk to everything, and the flows between
 * them, written as samlok inventory CSV (or an RVTools vInfo export) and a
 * flows CSV.
 *
 * Sizes follow common shapes of enterprise VMs (web 2-4 vCPU, databases up
 * to 32 vCPU and 256 GB); utilisation p95 is skewed low with a long tail,
 * as measured in hosting datacenters; a few servers lack monitoring data.
 * Everything is drawn from one counter-based stream, so the same seed
 * gives the same estate on every machine.
 */
#include "demo/demo.h"

#include <math.h>
#include <string.h>

typedef struct gen {
    sl_rng rng;
    const sl_estate_spec *spec;
    sl_estate *out;
    bool as_rvtools;
    int server_no;
} gen;

static double uni(gen *g, double lo, double hi)
{
    return lo + (hi - lo) * sl_rng_uniform(&g->rng);
}

static int pick(gen *g, int n)
{
    return (int)sl_rng_below(&g->rng, (uint32_t)n);
}

static bool chance(gen *g, double p)
{
    return sl_rng_uniform(&g->rng) < p;
}

static double pick_of(gen *g, const double *v, int n)
{
    return v[pick(g, n)];
}

static const char *const windows_os[] = {"Microsoft Windows Server 2019 (64-bit)",
                                         "Microsoft Windows Server 2022 (64-bit)",
                                         "Microsoft Windows Server 2016 (64-bit)"};
static const char *const linux_os[] = {"Red Hat Enterprise Linux 8 (64-bit)",
                                       "Red Hat Enterprise Linux 9 (64-bit)",
                                       "SUSE Linux Enterprise 15 (64-bit)"};
static const char *const legacy_os[] = {"Microsoft Windows Server 2012 R2 (64-bit)",
                                        "Microsoft Windows Server 2008 R2 (64-bit)",
                                        "CentOS 7 (64-bit)", "Red Hat Enterprise Linux 6 (64-bit)"};

typedef struct server {
    char id[96];
    char app[64];
    char env[8];
    char ha_group[96];
    int tier;
    double vcpu, ram_gb, storage_gb, cpu_p95, ram_p95;
    const char *os;
    const char *security_class;
    const char *legal_tags;
    const char *method;
    bool is_powered_off;
} server;

static void write_server(gen *g, const server *s)
{
    sl_buf *b = &g->out->inventory;
    if (g->as_rvtools) {
        /* vInfo as Swedish Excel saves it: ';', decimal comma, MiB */
        char uuid[40];
        snprintf(uuid, sizeof uuid, "4210%04x-%04x-%04x-%04x-%012llx", (unsigned)pick(g, 65536),
                 (unsigned)pick(g, 65536), (unsigned)pick(g, 65536), (unsigned)pick(g, 65536),
                 (unsigned long long)sl_rng_u64(&g->rng) & 0xffffffffffffull);
        double in_use = s->storage_gb * uni(g, 0.3, 0.9) * 1024.0;
        char in_use_text[32];
        snprintf(in_use_text, sizeof in_use_text, "%.1f", in_use);
        char *dot = strchr(in_use_text, '.');
        if (dot)
            *dot = ',';
        sl_buf_printf(b, "%s;%s;False;%d;%d;%d;%s;%s;DC-%s;CL-%s-%02d;esx%02d.%s.local;vm-%d;%s;"
                         "vcenter-%s.local;\"%s app %s\"\r\n",
                      s->id, s->is_powered_off ? "poweredOff" : "poweredOn", (int)s->vcpu,
                      (int)(s->ram_gb * 1024), (int)(s->storage_gb * 1024), in_use_text, s->os,
                      g->spec->site, g->spec->agency, pick(g, 4) + 1, pick(g, 24) + 1,
                      g->spec->prefix, 1000 + g->server_no, uuid, g->spec->prefix, s->env, s->app);
    } else {
        sl_buf_printf(b, "%s,%s,%s,%s,%s,%d,%g,%g,%g,", s->id, g->spec->agency, g->spec->site,
                      s->app, s->env, s->tier, s->vcpu, s->ram_gb, s->storage_gb);
        if (s->cpu_p95 >= 0)
            sl_buf_printf(b, "%.1f,%.1f,", s->cpu_p95, s->ram_p95);
        else
            sl_buf_puts(b, ",,");
        sl_buf_printf(b, "%s,%s,%s,%s,%s\n", s->os, s->security_class, s->legal_tags,
                      s->ha_group, s->method);
    }
    g->server_no++;
    g->out->n_workloads++;
}

static void flow(gen *g, const char *src, const char *dst, double mbps, double bytes_per_day,
                 int port, const char *proto, bool latency)
{
    sl_buf *b = &g->out->flows;
    sl_buf_printf(b, "%s,%s,", src, dst);
    if (mbps > 0)
        sl_buf_printf(b, "%.3f,,", mbps);
    else
        sl_buf_printf(b, ",%.0f,", bytes_per_day);
    sl_buf_printf(b, "%d,%s,%s\n", port, proto, latency ? "true" : "false");
    g->out->n_flows++;
}

static void size_server(gen *g, server *s, char role)
{
    static const double web_cpu[] = {2, 2, 4};
    static const double app_cpu[] = {4, 4, 8, 8, 16};
    static const double db_cpu[] = {4, 8, 8, 16, 16, 32};
    static const double ram_per_cpu[] = {2, 4, 4, 8};
    switch (role) {
    case 'w':
        s->vcpu = pick_of(g, web_cpu, 3);
        s->ram_gb = s->vcpu * pick_of(g, ram_per_cpu, 3);
        s->storage_gb = round(uni(g, 60, 120));
        break;
    case 'a':
        s->vcpu = pick_of(g, app_cpu, 5);
        s->ram_gb = s->vcpu * pick_of(g, ram_per_cpu, 4);
        s->storage_gb = round(uni(g, 100, 400));
        break;
    default:
        s->vcpu = pick_of(g, db_cpu, 6);
        s->ram_gb = s->vcpu * pick_of(g, ram_per_cpu + 1, 3);
        s->storage_gb = round(exp(uni(g, log(400), log(6000))));
        break;
    }
    if (strcmp(s->env, "prod") != 0) {
        s->vcpu = s->vcpu > 2 ? s->vcpu / 2 : s->vcpu;
        s->ram_gb = s->ram_gb > 4 ? s->ram_gb / 2 : s->ram_gb;
    }
    if (chance(g, 0.08)) {
        s->cpu_p95 = s->ram_p95 = -1; /* no monitoring data */
    } else {
        /* log-uniform p95 CPU: most servers idle, a long tail busy */
        s->cpu_p95 = round(exp(uni(g, log(3), log(85))) * 10) / 10;
        s->ram_p95 = round(uni(g, 35, 95) * 10) / 10;
    }
}

static const char *pick_os(gen *g)
{
    if (chance(g, g->spec->share_legacy_os))
        return legacy_os[pick(g, 4)];
    if (chance(g, g->spec->share_windows))
        return windows_os[pick(g, 3)];
    return linux_os[pick(g, 3)];
}

/* One application with its tiers; returns the number of servers made. */
static int make_app(gen *g, const char *app, int budget, char (*app_tier_ids)[96], int *n_app_tier)
{
    const sl_estate_spec *sp = g->spec;
    bool is_prod = !chance(g, 0.2);
    int tier = chance(g, sp->share_tier1) ? 1 : 2 + pick(g, 3);
    const char *cls = chance(g, sp->share_classified) ? "classified"
                      : chance(g, 0.15)               ? "open"
                                                      : "internal";
    const char *tags = "";
    if (chance(g, sp->share_secrecy))
        tags = chance(g, sp->share_content) ? "osl27;osl27_content" : "osl27";
    const char *method = chance(g, sp->share_physical) ? "replatform" : "rehost";
    int n_web = is_prod ? pick(g, 4) : pick(g, 2);
    int n_app = 1 + (is_prod ? pick(g, 5) : pick(g, 2));
    int n_db = 1 + (is_prod ? pick(g, 2) : 0);
    if (n_web + n_app + n_db > budget) {
        n_web = 0;
        n_app = budget > 1 ? budget - 1 : 1;
        n_db = budget > 1 ? 1 : 0;
    }
    const char roles[3] = {'w', 'a', 'd'};
    const char *role_names[3] = {"web", "app", "db"};
    int counts[3] = {n_web, n_app, n_db};
    char web_ids[8][96], db_ids[4][96];
    int n_web_ids = 0, n_db_ids = 0;
    *n_app_tier = 0;
    int made = 0;
    for (int r = 0; r < 3; r++) {
        for (int i = 0; i < counts[r]; i++) {
            server s;
            memset(&s, 0, sizeof s);
            snprintf(s.env, sizeof s.env, "%s", is_prod ? "prod" : "test");
            snprintf(s.id, sizeof s.id, "%s-%s-%s%02d", sp->prefix, app, role_names[r], i + 1);
            snprintf(s.app, sizeof s.app, "%s", app);
            if (counts[r] >= 2 && is_prod)
                snprintf(s.ha_group, sizeof s.ha_group, "%s-%s-%s", sp->prefix, app,
                         role_names[r]);
            s.tier = is_prod ? tier : 4;
            size_server(g, &s, roles[r]);
            s.os = pick_os(g);
            s.security_class = cls;
            s.legal_tags = tags;
            s.method = method;
            s.is_powered_off = !is_prod && chance(g, sp->share_powered_off * 5);
            write_server(g, &s);
            made++;
            if (r == 0 && n_web_ids < 8)
                snprintf(web_ids[n_web_ids++], 96, "%s", s.id);
            if (r == 1 && *n_app_tier < 8)
                snprintf(app_tier_ids[(*n_app_tier)++], 96, "%s", s.id);
            if (r == 2 && n_db_ids < 4)
                snprintf(db_ids[n_db_ids++], 96, "%s", s.id);
        }
    }
    /* the tiers talk: web -> app, app -> db (latency-sensitive) */
    for (int w = 0; w < n_web_ids; w++)
        for (int a = 0; a < *n_app_tier; a++)
            flow(g, web_ids[w], app_tier_ids[a], round(uni(g, 2, 60) * 10) / 10, 0, 8443, "tcp",
                 false);
    for (int a = 0; a < *n_app_tier; a++)
        for (int d = 0; d < n_db_ids; d++)
            flow(g, app_tier_ids[a], db_ids[d], round(uni(g, 10, 250) * 10) / 10, 0, 1521, "tcp",
                 true);
    return made;
}

static void make_shared_service(gen *g, const char *name, int count, const char *cls)
{
    for (int i = 0; i < count; i++) {
        server s;
        memset(&s, 0, sizeof s);
        snprintf(s.env, sizeof s.env, "prod");
        snprintf(s.id, sizeof s.id, "%s-%s%02d", g->spec->prefix, name, i + 1);
        snprintf(s.app, sizeof s.app, "%s-%s", g->spec->prefix, name);
        snprintf(s.ha_group, sizeof s.ha_group, "%s-%s", g->spec->prefix, name);
        s.tier = 1;
        size_server(g, &s, strcmp(name, "backup") == 0 ? 'd' : 'a');
        s.os = strcmp(name, "directory") == 0 ? windows_os[0] : linux_os[0];
        s.security_class = cls;
        s.legal_tags = "";
        s.method = "rehost";
        write_server(g, &s);
    }
}

int sl_estate_generate(sl_estate *out, const sl_estate_spec *spec, uint64_t seed, uint32_t stream,
                       bool as_rvtools)
{
    memset(out, 0, sizeof *out);
    gen g;
    memset(&g, 0, sizeof g);
    sl_rng_init(&g.rng, seed, 0, stream);
    g.spec = spec;
    g.out = out;
    g.as_rvtools = as_rvtools;
    if (as_rvtools)
        sl_buf_puts(&out->inventory,
                    "\xef\xbb\xbfVM;Powerstate;Template;CPUs;Memory;Provisioned MiB;In Use MiB;"
                    "OS according to the configuration file;Datacenter;Cluster;Host;VM ID;VM UUID;"
                    "VI SDK Server;Annotation\r\n");
    else
        sl_buf_puts(&out->inventory,
                    "id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,"
                    "security_class,legal_tags,ha_group,method\n");
    sl_buf_puts(&out->flows, "src,dst,mbps,bytes_per_day,port,protocol,latency_sensitive\n");

    /* shared services first: everything below talks to them */
    static const char *const services[] = {"directory", "dns", "backup", "monitoring"};
    int per_service = spec->shared_services / 4 > 0 ? spec->shared_services / 4 : 1;
    for (size_t i = 0; i < 4; i++)
        make_shared_service(&g, services[i], per_service, "internal");
    int made = out->n_workloads;
    char (*all_app_tier)[96] = sl_malloc(sizeof(*all_app_tier) * 4096);
    char (*app_names)[64] = sl_malloc(sizeof(*app_names) * 4096);
    int n_all_app_tier = 0, n_apps = 0;
    if (!all_app_tier || !app_names) {
        sl_free(all_app_tier);
        sl_free(app_names);
        sl_estate_free(out);
        return SL_ENOMEM;
    }
    while (made < spec->n_servers && n_apps < 4096) {
        char app[64];
        size_t base = (size_t)n_apps % spec->n_app_names;
        int round_no = n_apps / (int)spec->n_app_names;
        if (round_no)
            snprintf(app, sizeof app, "%s%d", spec->app_names[base], round_no + 1);
        else
            snprintf(app, sizeof app, "%s", spec->app_names[base]);
        char tier_ids[8][96];
        int n_tier = 0;
        made += make_app(&g, app, spec->n_servers - made, tier_ids, &n_tier);
        snprintf(app_names[n_apps], 64, "%s", app);
        for (int k = 0; k < n_tier && n_all_app_tier < 4096; k++)
            memcpy(all_app_tier[n_all_app_tier++], tier_ids[k], sizeof tier_ids[k]);
        /* cross-application calls, by application name (not for RVTools
         * estates: their rows carry no application) */
        if (n_apps > 0 && n_tier > 0) {
            int calls = pick(&g, 3);
            for (int c = 0; c < calls; c++) {
                int other = pick(&g, n_apps);
                if (as_rvtools)
                    flow(&g, tier_ids[0], all_app_tier[pick(&g, n_all_app_tier)],
                         round(uni(&g, 0.5, 20) * 10) / 10, 0, 443, "tcp", false);
                else
                    flow(&g, tier_ids[0], app_names[other], round(uni(&g, 0.5, 20) * 10) / 10, 0,
                         443, "tcp", false);
            }
        }
        n_apps++;
    }
    /* everything talks to the shared services; backup pulls its daily
     * increment; a few flows leave the estate (unmatched endpoints) */
    for (int i = 0; i < n_all_app_tier; i++) {
        char dir[96], dns[96], bak[96], mon[96];
        snprintf(dir, sizeof dir, "%s-directory%02d", spec->prefix, 1 + pick(&g, per_service));
        snprintf(dns, sizeof dns, "%s-dns%02d", spec->prefix, 1 + pick(&g, per_service));
        snprintf(bak, sizeof bak, "%s-backup%02d", spec->prefix, 1 + pick(&g, per_service));
        snprintf(mon, sizeof mon, "%s-monitoring%02d", spec->prefix, 1 + pick(&g, per_service));
        flow(&g, all_app_tier[i], dir, round(uni(&g, 0.05, 2) * 100) / 100, 0, 389, "tcp", false);
        flow(&g, all_app_tier[i], dns, 0.01, 0, 53, "udp", false);
        flow(&g, bak, all_app_tier[i], 0, round(uni(&g, 2e9, 60e9)), 10000, "tcp", false);
        flow(&g, mon, all_app_tier[i], 0.02, 0, 5666, "tcp", false);
        if (chance(&g, 0.03)) {
            char ext[32];
            snprintf(ext, sizeof ext, "10.%d.%d.%d", 40 + pick(&g, 8), pick(&g, 256),
                     1 + pick(&g, 254));
            flow(&g, all_app_tier[i], ext, round(uni(&g, 0.1, 5) * 10) / 10, 0, 443, "tcp",
                 false);
        }
    }
    sl_free(all_app_tier);
    sl_free(app_names);
    if (as_rvtools) {
        /* templates are part of every real export, and are skipped */
        sl_buf_printf(&out->inventory,
                      "%s-tmpl-rhel9;poweredOff;True;2;4096;61440;0,0;Red Hat Enterprise Linux 9 "
                      "(64-bit);DC-%s;CL-%s-01;esx01.%s.local;vm-99;;vcenter-%s.local;\"golden "
                      "image\nrebuilt monthly\"\r\n",
                      spec->prefix, spec->site, spec->agency, spec->prefix, spec->prefix);
    }
    if (out->inventory.failed || out->flows.failed) {
        sl_estate_free(out);
        return SL_ENOMEM;
    }
    return 0;
}

void sl_estate_free(sl_estate *e)
{
    sl_buf_free(&e->inventory);
    sl_buf_free(&e->flows);
}
