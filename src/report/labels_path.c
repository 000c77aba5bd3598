/* SPDX-License-Identifier: MIT */
/*
 * labels_path.c - plain words for the scenario paths a person meets in
 * the reports: the tornado's inputs ("hours of migration work per week at
 * SKV" for agencies.SKV.staff.migration_hours_per_week, a gate's name for
 * gates.ID.passes) and the assumption log's rows. The path stays beside
 * the label where someone checks the figures (a tooltip, the log's path
 * column).
 *
 * A pattern matches a path segment by segment; "*" takes one segment (an
 * id or an index), named {a} and {b} in the label in order, and said by
 * its name where the document gives one (a gate's or site's name, a
 * link's ends). The labels are phrases (core/phrase.c), so translated as
 * whole sentences. A path no pattern matches reads as itself.
 */
#include "report/html.h"
#include "report/report.h"

#include <string.h>

typedef struct path_label {
    const char *pattern;
    const char *kind[2]; /* the kind of each "*" segment, for its name */
    const char *label;
} path_label;

static const path_label labels[] = {
    {"deadline", {NULL, NULL}, N_("deadline")},
    {"discount_rate", {NULL, NULL}, N_("discount rate")},
    {"gates.*.passes", {"gate", NULL}, N_("approval: {a}")},
    {"gates.*.lead_time_months", {"gate", NULL}, N_("lead time of {a}, months")},
    {"gates.*.pass_probability", {"gate", NULL}, N_("chance that {a} is approved")},
    {"agencies.*.budget", {"agency", NULL}, N_("migration budget of {a}")},
    {"agencies.*.staff.migration_hours_per_week", {"agency", NULL},
     N_("hours of migration work per week at {a}")},
    {"agencies.*.staff.decline_share", {"agency", NULL},
     N_("share of the operations staff at {a} who decline to follow")},
    {"agencies.*.staff.early_leave_share", {"agency", NULL},
     N_("share of those at {a} who decline and leave early")},
    {"agencies.*.staff.cost_per_hour", {"agency", NULL}, N_("cost of a staff hour at {a}")},
    {"agencies.*.staff.ops_fte", {"agency", NULL}, N_("operations staff at {a}, FTE")},
    {"agencies.*.staff.fte_after", {"agency", NULL},
     N_("operations staff at {a} after the move, FTE")},
    {"agencies.*.staff.fte_cost_per_year", {"agency", NULL},
     N_("cost of a full-time employee a year at {a}")},
    {"migration.methods.*.effort_hours", {"method", NULL},
     N_("hours of work per server moved by {a}")},
    {"migration.methods.*.effort_hours_per_tb", {"method", NULL},
     N_("hours of work per TB moved by {a}")},
    {"migration.methods.*.failure_rate", {"method", NULL},
     N_("share of moves by {a} that fail")},
    {"migration.methods.*.legacy_failure_factor", {"method", NULL},
     N_("how much more often an old system's move by {a} fails")},
    {"migration.methods.*.copy_share", {"method", NULL},
     N_("share of the data copied in a move by {a}")},
    {"migration.effort_correlation", {NULL, NULL},
     N_("how much the work per move varies together")},
    {"migration.hard_edge_mbps", {NULL, NULL},
     N_("traffic that makes servers move together, Mbit/s")},
    {"sites.*.energy_price", {"site", NULL}, N_("energy price at {a}")},
    {"sites.*.energy_tax", {"site", NULL}, N_("energy tax at {a}")},
    {"sites.*.pue", {"site", NULL}, N_("power usage effectiveness (PUE) of {a}")},
    {"sites.*.rent_per_year", {"site", NULL}, N_("rent a year for {a}")},
    {"sites.*.opex_per_year", {"site", NULL}, N_("running costs a year of {a}")},
    {"sites.*.exit_cost", {"site", NULL}, N_("cost of leaving {a}")},
    {"sites.*.extension_cost_per_month", {"site", NULL},
     N_("cost of a month's extension at {a}")},
    {"sites.*.capacity.racks", {"site", NULL}, N_("racks at {a}")},
    {"sites.*.capacity.kw", {"site", NULL}, N_("power at {a}, kW")},
    {"sites.*.capacity.floor_m2", {"site", NULL}, N_("floor space at {a}")},
    {"sites.*.used.racks", {"site", NULL}, N_("racks already in use at {a}")},
    {"sites.*.used.kw", {"site", NULL}, N_("power already in use at {a}, kW")},
    {"sites.*.used.floor_m2", {"site", NULL}, N_("floor space already in use at {a}")},
    {"sites.*.rack_kw", {"site", NULL}, N_("power per rack at {a}")},
    {"sites.*.rack_floor_m2", {"site", NULL}, N_("floor space per rack at {a}")},
    {"sites.*.rack_units", {"site", NULL}, N_("height units per rack at {a}")},
    {"host_models.*.cores", {NULL, NULL}, N_("cores of host model {a}")},
    {"host_models.*.threads_per_core", {NULL, NULL}, N_("threads per core of host model {a}")},
    {"host_models.*.ram_gb", {NULL, NULL}, N_("RAM of host model {a}")},
    {"host_models.*.watts", {NULL, NULL}, N_("power of host model {a}")},
    {"host_models.*.price", {NULL, NULL}, N_("price of host model {a}")},
    {"host_models.*.rack_units", {NULL, NULL}, N_("height units of host model {a}")},
    {"host_models.*.licence_per_year", {NULL, NULL},
     N_("licences a year of host model {a}")},
    {"links.*.gbps", {"link", NULL}, N_("bandwidth of the link {a}")},
    {"links.*.rtt_ms", {"link", NULL}, N_("round-trip time of the link {a}")},
    {"links.*.usable_share", {"link", NULL}, N_("share of the link {a} the move may use")},
    {"cost.chargeback_weights.vcpu", {NULL, NULL}, N_("weight of vCPU in the chargeback")},
    {"cost.chargeback_weights.ram", {NULL, NULL}, N_("weight of RAM in the chargeback")},
    {"cost.chargeback_weights.storage", {NULL, NULL},
     N_("weight of storage in the chargeback")},
    {"cost.depreciation_years", {NULL, NULL}, N_("years hardware is written off over")},
    {"cost.host_ops_fte", {NULL, NULL}, N_("the host's operations staff for the platform, FTE")},
    {"cost.legacy_watts_per_vcpu", {NULL, NULL}, N_("power per vCPU in the old halls")},
    {"cost.licence_per_core_year", {NULL, NULL}, N_("licences a year per core")},
    {"cost.one_off.*.amount", {"index", NULL}, N_("one-off cost no. {a}")},
    {"cost.rack_cost_per_year", {NULL, NULL}, N_("cost of a rack a year")},
    {"cost.staff_reduction_cost_per_fte", {NULL, NULL},
     N_("cost of reducing the staff by one FTE")},
    {"cost.status_quo_hardware_share", {NULL, NULL},
     N_("share of the old halls' cost that is hardware")},
    {"pools.comfort_factor", {NULL, NULL}, N_("margin on the measured need")},
    {"pools.cpu_overcommit", {NULL, NULL}, N_("vCPU per hardware thread")},
    {"pools.ram_overcommit", {NULL, NULL}, N_("RAM overcommit")},
    {"pools.max_utilisation", {NULL, NULL}, N_("highest planned use of a host")},
    {"status_quo.*.it_kw", {"site", NULL}, N_("IT power of {a} today")},
    {"status_quo.*.hardware_per_year", {"agency", NULL}, N_("hardware a year of {a} today")},
    {"verdict.budget_p90_margin", {NULL, NULL},
     N_("how far the P90 cost may exceed the budget")},
    {"verdict.conditional_p_on_time", {NULL, NULL},
     N_("chance of finishing on time a conditional verdict needs")},
    {"verdict.go_p_on_time", {NULL, NULL}, N_("chance of finishing on time a go needs")},
    {"verdict.max_blocked_share", {NULL, NULL},
     N_("largest share of workloads gates may hold back for a go")},
    {"verdict.max_risk_score", {NULL, NULL}, N_("highest risk score a go allows")},
    {"verdict.min_npv_saving", {NULL, NULL}, N_("smallest saving a go needs")},
    {"verdict.no_go_risk_score", {NULL, NULL}, N_("risk score that stops the move")},
    {"windows.weekly.*.hours", {"index", NULL}, N_("hours of weekly change window no. {a}")},
    {"windows.max_critical_groups", {NULL, NULL}, N_("most critical groups in one window")},
    {"windows.max_workloads", {NULL, NULL}, N_("most workloads in one window")},
};

/* Matches path against pattern; the "*" segments into seg[] (at most 2). */
static bool match(const char *pattern, const char *path, const char *seg[2], size_t seg_len[2])
{
    size_t n = 0;
    const char *p = pattern, *s = path;
    for (;;) {
        size_t pl = strcspn(p, "."), sl = strcspn(s, ".");
        if (pl == 1 && p[0] == '*') {
            if (n >= 2 || !sl)
                return false;
            seg[n] = s;
            seg_len[n++] = sl;
        } else if (pl != sl || strncmp(p, s, pl) != 0) {
            return false;
        }
        p += pl;
        s += sl;
        if (!*p || !*s)
            return !*p && !*s;
        p++;
        s++;
    }
}

const char *sl_path_label(sl_arena *a, const sl_lang *l, const char *path, sl_name_fn name,
                          void *ctx)
{
    if (!path)
        return "";
    for (size_t i = 0; i < SL_ARRAY_LEN(labels); i++) {
        const char *seg[2];
        size_t len[2];
        if (!match(labels[i].pattern, path, seg, len))
            continue;
        sl_phrase_builder b;
        sl_pb_begin(&b, a, labels[i].label);
        bool failed = false;
        int stars = 0;
        for (const char *q = labels[i].pattern; *q; q++)
            stars += *q == '*';
        for (int k = 0; k < stars && k < 2; k++) {
            char *id = sl_arena_strndup(a, seg[k], len[k]);
            const char *shown = id;
            if (id && labels[i].kind[k] && strcmp(labels[i].kind[k], "index") == 0) {
                /* an index from 0 reads as a number from 1 */
                uint64_t v;
                if (sl_parse_uint64(&v, id, strlen(id)) == SL_NUM_OK)
                    shown = sl_arena_printf(a, "%llu", (unsigned long long)v + 1);
            } else if (id && labels[i].kind[k] && name) {
                shown = name(ctx, labels[i].kind[k], id);
            }
            failed = failed || !shown;
            sl_pb_text(&b, k ? "b" : "a", shown ? shown : "?");
        }
        sl_phrase ph;
        /* an allocation that failed is said, never hidden behind the path */
        return sl_pb_end(&b, &ph) && !failed ? sl_phrase_text(a, &ph, l, NULL) : NULL;
    }
    return path;
}

/* Names from a model: a gate's, a site's or an agency's name; a link by
 * its ends. */
static const char *model_name(void *ctx, const char *kind, const char *id)
{
    const sl_model *m = ctx;
    if (strcmp(kind, "gate") == 0) {
        for (size_t i = 0; i < m->n_gates; i++)
            if (strcmp(m->gates[i].id, id) == 0)
                return m->gates[i].name ? m->gates[i].name : id;
    } else if (strcmp(kind, "site") == 0) {
        for (size_t i = 0; i < m->n_sites; i++)
            if (strcmp(m->sites[i].id, id) == 0)
                return m->sites[i].name ? m->sites[i].name : id;
    }
    return id; /* an agency by its id, as everywhere in the reports */
}

const char *sl_input_label(sl_arena *a, const sl_lang *l, const char *path, const sl_model *m)
{
    return sl_path_label(a, l, path, model_name, (void *)(uintptr_t)m);
}

/* Names from the plan document: scenario.agencies, scenario.sites,
 * calendar.gates, scenario.links ("FROM - TO"). */
typedef struct doc_names {
    json_t *doc;
    sl_arena *a;
} doc_names;

static const char *doc_name(void *ctx, const char *kind, const char *id)
{
    const doc_names *d = ctx;
    const char *arr = strcmp(kind, "gate") == 0     ? "calendar.gates"
                      : strcmp(kind, "site") == 0   ? "scenario.sites"
                      : strcmp(kind, "agency") == 0 ? "scenario.agencies"
                                                    : NULL;
    if (strcmp(kind, "link") == 0) {
        uint64_t i;
        json_t *link = sl_parse_uint64(&i, id, strlen(id)) == SL_NUM_OK
                           ? json_array_get(sl_jarray(d->doc, "scenario.links"), (size_t)i)
                           : NULL;
        const char *from = sl_jstr(json_object_get(link, "from"));
        const char *to = sl_jstr(json_object_get(link, "to"));
        return from && to ? sl_arena_printf(d->a, "%s \xE2\x80\x93 %s", from, to) : id;
    }
    if (!arr)
        return id;
    json_t *o = sl_jfind(sl_jarray(d->doc, arr), "id", id);
    const char *name = sl_jstr(json_object_get(o, "name"));
    /* agencies go by their ids in the reports; gates and sites by name */
    return name && strcmp(kind, "agency") != 0 ? name : id;
}

const char *sl_doc_path_label(sl_arena *a, const sl_lang *l, json_t *doc, const char *path)
{
    doc_names d = {doc, a};
    return sl_path_label(a, l, path, doc_name, &d);
}
