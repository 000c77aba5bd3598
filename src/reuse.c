/* SPDX-License-Identifier: MIT */
/*
 * reuse.c - stage reuse (reuse.h): a re-plan with overrides starts at the
 * first stage that reads what the overrides change, and borrows the base
 * plan's results of the stages before it.
 *
 * Which stage reads what. A conservative table maps override paths to the
 * first stage that reads the value (found by reading the stages: assess
 * reads the inventory, legal tags, pools, host models, sites and which
 * gates apply; place also the cost rules and a hardware gate's dates;
 * group also the windows, the migration rules and each agency's staff
 * hours; the deadline, budgets, declared risks, verdict rules and a gate's
 * pass probability are read from the schedule on). A path the table does
 * not list counts as read by assess: the whole pipeline runs. A mapping
 * set whole ("agencies.SKV={...}") is such a path.
 *
 * What is checked besides. The re-plan's model must have the base's
 * inventory and flows (compared field by field: an override cannot reach
 * them today, but the scenario files could differ), its agencies the same
 * in or out of the move (group reads that), and, to borrow the grouping
 * whole, the same seed. An agency that stays out (agencies.ID.joins=false)
 * changes what is placed: every stage runs.
 *
 * Why it is exact. A stage is a function of the model values it reads and
 * of earlier stages' results (plan.c); when none of those differ from the
 * base's, its result is the base's, bit for bit. The group stage, when it
 * runs, still keeps the base's groups of every origin whose own inputs did
 * not change (one agency's hours, or workloads it leaves behind: group.c).
 * tests/unit/test_reuse.c compares reused re-plans with full runs, byte
 * for byte, for overrides of every class. Cost: one comparison of the inventory and flows, O(n).
 */
#include "reuse.h"

#include "model/model.h"

#include <stdatomic.h>
#include <string.h>

/* Override paths by the first stage that reads them. A `*` matches one
 * path segment; a pattern ending in `.**` matches the path before it and
 * anything below. The first matching row counts. */
static const struct {
    const char *pattern;
    sl_stage stage;
} table[] = {
    {"deadline", SL_STAGE_SCHEDULE},
    {"iterations", SL_STAGE_SCHEDULE},
    {"discount_rate", SL_STAGE_SCHEDULE},
    {"horizon_years", SL_STAGE_SCHEDULE},
    {"verdict.**", SL_STAGE_SCHEDULE},
    {"risks.**", SL_STAGE_SCHEDULE},
    {"one_offs.**", SL_STAGE_SCHEDULE},
    {"windows.max_critical_groups", SL_STAGE_SCHEDULE},
    {"agencies.*.budget", SL_STAGE_SCHEDULE},
    {"gates.*.pass_probability", SL_STAGE_SCHEDULE},
    {"windows.**", SL_STAGE_GROUP},
    {"migration.**", SL_STAGE_GROUP},
    {"agencies.*.staff.**", SL_STAGE_GROUP},
    {"gates.*.opens", SL_STAGE_PLACE},
    {"gates.*.lead_time_months", SL_STAGE_PLACE},
    {"cost.**", SL_STAGE_PLACE},
};

/* Override paths that none of the readers of the inventories, hosts
 * and flows use (load.c, reload.c: they read the agencies, sites,
 * methods, security classes, legal tags, mapping rules and cost rules):
 * a re-run with only these changed may copy its inputs from the model it
 * starts from. The review's and explain's levers are all here. */
static const char *const no_input[] = {
    "deadline",
    "iterations",
    "discount_rate",
    "horizon_years",
    "verdict.**",
    "risks.**",
    "one_offs.**",
    "windows.**",
    "agencies.*.budget",
    "agencies.*.staff.**",
    "agencies.*.stays",
    "agencies.*.joins",
    "gates.*.pass_probability",
    "gates.*.opens",
    "gates.*.lead_time_months",
    "sites.*.capacity.**",
};

/* The path [p, end) matches pattern (see the table). */
static bool matches(const char *pat, const char *p, const char *end)
{
    while (*pat) {
        if (strcmp(pat, ".**") == 0)
            return p == end || *p == '.';
        if (pat[0] == '*' && pat[1] != '*') {
            if (p == end || *p == '.')
                return false; /* an empty segment */
            while (p < end && *p != '.')
                p++;
            pat++;
            continue;
        }
        if (p == end || *pat != *p)
            return false;
        pat++;
        p++;
    }
    return p == end;
}

sl_stage sl_reuse_stage_of(const char *set)
{
    const char *eq = strchr(set, '=');
    const char *end = eq ? eq : set + strlen(set);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (matches(table[i].pattern, set, end))
            return table[i].stage;
    return SL_STAGE_ASSESS;
}

sl_stage sl_reuse_first_stage(size_t n, const char *const *sets)
{
    sl_stage first = SL_STAGE_SCHEDULE;
    for (size_t i = 0; i < n; i++) {
        sl_stage s = sl_reuse_stage_of(sets[i]);
        if (s < first)
            first = s;
    }
    return first;
}

bool sl_reuse_reads_no_input(size_t n, const char *const *sets)
{
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(sets[i], '=');
        const char *end = eq ? eq : sets[i] + strlen(sets[i]);
        bool found = false;
        for (size_t k = 0; k < SL_ARRAY_LEN(no_input) && !found; k++)
            found = matches(no_input[k], sets[i], end);
        if (!found)
            return false;
    }
    return true;
}

static bool same_workload(const sl_workload *a, const sl_workload *b)
{
    if (a->agency != b->agency || a->site != b->site || a->app != b->app || a->tier != b->tier ||
        a->vcpu != b->vcpu || a->ram_gb != b->ram_gb || a->storage_gb != b->storage_gb ||
        a->cpu_p95 != b->cpu_p95 || a->ram_p95 != b->ram_p95 || a->method != b->method ||
        a->is_powered_off != b->is_powered_off || a->n_legal_tags != b->n_legal_tags)
        return false;
    if (!sl_streq_null(a->id, b->id) || !sl_streq_null(a->env, b->env) || !sl_streq_null(a->os, b->os) ||
        !sl_streq_null(a->security_class, b->security_class) || !sl_streq_null(a->ha_group, b->ha_group))
        return false;
    for (size_t t = 0; t < a->n_legal_tags; t++)
        if (!sl_streq_null(a->legal_tags[t], b->legal_tags[t]))
            return false;
    return true;
}

static bool same_flow(const sl_flow *a, const sl_flow *b)
{
    return a->src == b->src && a->dst == b->dst && a->src_kind == b->src_kind &&
           a->dst_kind == b->dst_kind && a->is_latency_sensitive == b->is_latency_sensitive &&
           a->port == b->port && a->mbps == b->mbps;
}

/* The model a and b have the same inventory, flows and shape (the
 * numbers of everything the early stages index), and the same agencies
 * in and out of the move. */
static bool same_inventory(const sl_model *a, const sl_model *b)
{
    if (a->n_agencies != b->n_agencies || a->n_sites != b->n_sites ||
        a->n_links != b->n_links || a->n_host_models != b->n_host_models ||
        a->n_gates != b->n_gates || a->n_legal_tags != b->n_legal_tags ||
        a->n_workloads != b->n_workloads || a->n_apps != b->n_apps || a->n_flows != b->n_flows)
        return false;
    for (size_t i = 0; i < a->n_agencies; i++)
        if (a->agencies[i].role != b->agencies[i].role ||
            sl_agency_stays_out(&a->agencies[i]) != sl_agency_stays_out(&b->agencies[i]) ||
            !sl_streq_null(a->agencies[i].id, b->agencies[i].id))
            return false;
    for (size_t i = 0; i < a->n_workloads; i++)
        if (!same_workload(&a->workloads[i], &b->workloads[i]))
            return false;
    for (size_t i = 0; i < a->n_flows; i++)
        if (!same_flow(&a->flows[i], &b->flows[i]))
            return false;
    return true;
}

int sl_reuse_run(sl_plan **out, const sl_model *m, size_t n_extra, const char *const *extra,
                 const sl_plan_options *po, sl_diag *d)
{
    const sl_plan *base = po ? po->reuse_from : NULL;
    sl_stage from = SL_STAGE_ASSESS;
    bool same = base && base->assessment && base->placement && base->grouping &&
                same_inventory(base->model, m);
    if (same) {
        from = sl_reuse_first_stage(n_extra, extra);
        uint64_t seed = po->has_seed ? po->seed : m->seed;
        if (from > SL_STAGE_GROUP && seed != base->seed)
            from = SL_STAGE_GROUP; /* the grouping is seeded */
    }
    /* the same workloads: a group stage that runs keeps the groups of
     * every origin whose inputs stay (group.c) */
    return sl_plan_run_from(out, m, po, same ? base : NULL, from, same, d);
}

struct sl_reuse_hold {
    atomic_size_t refs;
    sl_plan *plan;
    sl_model *model;
};

sl_reuse_hold *sl_reuse_hold_new(sl_plan *p, sl_model *m)
{
    sl_reuse_hold *h = sl_calloc(1, sizeof *h);
    if (!h) {
        sl_plan_free(p);
        sl_model_free(m);
        return NULL;
    }
    atomic_init(&h->refs, 1);
    h->plan = p;
    h->model = m;
    return h;
}

const sl_plan *sl_reuse_hold_plan(const sl_reuse_hold *h)
{
    return h ? h->plan : NULL;
}

void sl_reuse_hold_take(sl_reuse_hold *h)
{
    if (h)
        atomic_fetch_add(&h->refs, 1);
}

void sl_reuse_hold_release(sl_reuse_hold *h)
{
    if (!h || atomic_fetch_sub(&h->refs, 1) != 1)
        return;
    sl_plan_free(h->plan);
    sl_model_free(h->model);
    sl_free(h);
}
