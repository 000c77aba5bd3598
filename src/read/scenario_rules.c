/* SPDX-License-Identifier: MIT */
/*
 * scenario_rules.c - the rule sections of scenario.yaml: change
 * windows, migration methods, gates, declared risks, verdict thresholds,
 * cost rules, adjustable values and legal tags. See scenario.c for
 * the entities and docs/SCENARIO.md for every key.
 */
#include "read/scenario.h"

#include <stdio.h>
#include <string.h>

static sl_dist fixed(double v)
{
    return (sl_dist){SL_DIST_FIXED, v, v, v, SL_NONE};
}

void scn_rules_defaults(sl_model *m)
{
    m->migration.default_method = SL_NONE;
    m->migration.hard_edge_mbps = 100;
    m->migration.hub_degree = 0;
    m->migration.effort_correlation = 0.5;
    m->verdict.go_p_on_time = 0.8;
    m->verdict.conditional_p_on_time = 0.5;
    m->verdict.max_blocked_share = 0.0;
    m->verdict.max_risk_score = 15;
    m->verdict.no_go_risk_score = 20;
    m->verdict.budget_p90_margin = 0.1;
    m->verdict.min_npv_saving = 0;
    m->cost.depreciation_years = 5;
    m->cost.chargeback_weight_vcpu = 0.4;
    m->cost.chargeback_weight_ram = 0.4;
    m->cost.chargeback_weight_storage = 0.2;
    m->cost.rack_cost_per_year = 0;
    m->cost.licence_per_core_year = 0;
    m->cost.capex = SL_CAPEX_DEPRECIATION;
    m->cost.status_quo_hardware_share = 1;
    m->cost.legacy_watts_per_vcpu = 5;
    m->cost.legacy_watts_per_core = 10;
    m->cost.legacy_price_per_core = 2500;
    m->cost.legacy_price_per_ram_gb = 100;
    m->cost.host_ops_fte = 0;
    m->cost.staff_reduction_cost_per_fte = 0;
}

/* ---- windows --------------------------------------------------------- */

typedef struct weekly_spec {
    int day;
    const char *start;
    struct fy_node *start_node;
    double hours;
} weekly_spec;

static int weekly_start(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    weekly_spec *ws = target;
    ws->start_node = node;
    ws->start = yw_string_value(w, node);
    return ws->start ? 0 : SL_EINPUT;
}

static const char *const day_names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday",    NULL};

static const yw_field weekly_fields[] = {
    {"day", yw_enum, offsetof(weekly_spec, day), true, NULL, 0, -1, day_names},
    {"start", weekly_start, 0, true, NULL, 0, -1, NULL},
    {"hours", yw_number, offsetof(weekly_spec, hours), true, "h", 1, 168, NULL},
};

static int weekly_item(yw *w, struct fy_node *node, void *elem)
{
    sl_window_rule *rule = elem;
    weekly_spec ws;
    memset(&ws, 0, sizeof ws);
    if (yw_mapping(w, node, weekly_fields, SL_ARRAY_LEN(weekly_fields), &ws))
        return SL_EINPUT;
    const char *t = ws.start;
    if (strlen(t) != 5 || t[2] != ':' || t[0] < '0' || t[0] > '2' || t[1] < '0' || t[1] > '9' ||
        t[3] < '0' || t[3] > '5' || t[4] < '0' || t[4] > '9' || (t[0] - '0') * 10 + (t[1] - '0') > 23) {
        yw_error(w, ws.start_node, "start must be a time HH:MM, got '%s'", t);
        return SL_EINPUT;
    }
    rule->start_weekday = ws.day;
    rule->start_minute = ((t[0] - '0') * 10 + (t[1] - '0')) * 60 + (t[3] - '0') * 10 + (t[4] - '0');
    rule->hours = ws.hours;
    return 0;
}

/* An empty list where samlok would put its default in its place says
 * the opposite of what it reads as: refused, not silently defaulted. */
static int not_empty(yw *w, struct fy_node *node, const char *key, const char *instead)
{
    struct fy_node *r = yw_resolve(w, node);
    if (r && fy_node_get_type(r) == FYNT_SEQUENCE && fy_node_sequence_is_empty(r)) {
        yw_error(w, node, "%s is an empty list; give at least one, or leave %s out for %s", key,
                 key, sl_diag_tr(w->d, instead));
        return SL_EINPUT;
    }
    return 0;
}

static int windows_weekly(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_windows *win = target;
    if (not_empty(w, node, "weekly", N_("the default window (Friday 18:00, 60 hours)")))
        return SL_EINPUT;
    return scn_list(w, node, (void **)&win->rules, &win->n_rules, sizeof(sl_window_rule),
                    weekly_item, NULL, N_("weekly window"), SL_MAX_WEEKLY_WINDOWS);
}

static int windows_freeze(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_windows *win = target;
    return scn_freezes(w, node, &win->n_target_freezes, &win->target_freezes);
}

static const yw_field window_fields[] = {
    YW_FIELD("weekly", windows_weekly, sl_windows, rules),
    {"max_critical_groups", yw_integer, offsetof(sl_windows, max_critical_groups), false, "groups",
     0, 100000, NULL},
    {"max_workloads", yw_integer, offsetof(sl_windows, max_workloads), false, "workloads", 0,
     10000000, NULL},
    YW_FIELD("freeze", windows_freeze, sl_windows, target_freezes),
};

int scn_read_windows(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return yw_mapping(w, node, window_fields, SL_ARRAY_LEN(window_fields),
                      &scn_of(w)->m->windows);
}

/* ---- migration --------------------------------------------------------- */

#define EFFORT_UNIT "h/workload"
#define EFFORT_MAX 10000

/* effort_hours_by_tier: {TIER: DIST, ...}, a tier 1 to 4 to a value read
 * as effort_hours is. Each is an uncertain input of its own, logged as
 * migration.methods.ID.effort_hours_by_tier.TIER (a --set path too). */
static int method_tier_effort(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_method *me = target;
    struct fy_node *r = yw_resolve(w, node);
    if (!r || fy_node_get_type(r) != FYNT_MAPPING) {
        yw_error(w, node, "%s must be a mapping from tier (1 to 4) to staff hours, e.g. {1: 12}",
                 f->key);
        return SL_EINPUT;
    }
    int rc = 0;
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(r, &it)) != NULL) {
        struct fy_node *key = fy_node_pair_key(p), *value = fy_node_pair_value(p);
        size_t len;
        const char *k = key ? yw_scalar(w, key, &len) : NULL;
        if (!k) {
            if (!key)
                yw_error(w, node, "a key is missing");
            rc = SL_EINPUT;
            continue;
        }
        int64_t tier = 0;
        struct fy_node *rk = yw_resolve(w, key);
        bool quoted = !rk || fy_node_get_style(rk) != FYNS_PLAIN;
        if (quoted || sl_parse_int64(&tier, k, len) != SL_NUM_OK || tier < 1 || tier > SL_N_TIERS) {
            yw_error(w, key, "%s: a tier is a whole number from 1 to %d, got %s'%.*s'", f->key,
                     SL_N_TIERS, quoted ? sl_diag_tr(w->d, N_("quoted text ")) : "",
                     (int)SL_MIN(len, 40), k);
            rc = SL_EINPUT;
            continue;
        }
        if (me->has_tier_effort[tier - 1]) {
            yw_error(w, key, "%s: tier %d is given twice", f->key, (int)tier);
            rc = SL_EINPUT;
            continue;
        }
        if (!value || yw_is_null(w, value)) {
            yw_error(w, key, "%s: tier %d has no value", f->key, (int)tier);
            rc = SL_EINPUT;
            continue;
        }
        char segment[8], name[64];
        snprintf(segment, sizeof segment, "%d", (int)tier);
        snprintf(name, sizeof name, "%s.%d", f->key, (int)tier);
        const yw_field tf = {name, yw_dist, 0, false, EFFORT_UNIT, 0, EFFORT_MAX, NULL};
        size_t saved = yw_path_push(w, segment);
        int r2 = yw_dist(w, value, &me->effort_hours_by_tier[tier - 1], &tf);
        yw_path_pop(w, saved);
        if (r2) {
            rc = r2 == SL_ENOMEM || w->oom ? SL_ENOMEM : (rc ? rc : r2);
            continue;
        }
        me->has_tier_effort[tier - 1] = true;
    }
    return rc;
}

static const yw_field method_fields[] = {
    YW_REQUIRED("id", yw_string, sl_method, id),
    YW_DIST("effort_hours", sl_method, effort_hours, EFFORT_UNIT, 0, EFFORT_MAX),
    YW_FIELD("effort_hours_by_tier", method_tier_effort, sl_method, effort_hours_by_tier),
    YW_NUM("effort_hours_per_tb", sl_method, effort_hours_per_tb, "h/TB", 0, 10000),
    YW_DIST("failure_rate", sl_method, failure_rate, "probability", 0, 1),
    YW_NUM("legacy_failure_factor", sl_method, legacy_failure_factor, "", 1, 100),
    YW_NUM("copy_share", sl_method, copy_factor, "share", 0, 10),
};

static void method_defaults(sl_method *me)
{
    memset(me, 0, sizeof *me);
    me->effort_hours = (sl_dist){SL_DIST_PERT, 4, 6, 8, SL_NONE};
    me->effort_hours_per_tb = 0;
    me->failure_rate = fixed(0.1);
    me->legacy_failure_factor = 2;
    me->copy_factor = 1;
}

/* A method's effort left at its default range is as uncertain as a given
 * one: logged, drawn by the Monte Carlo, in the tornado. */
static int log_default_effort(yw *w, sl_method *me)
{
    if (me->effort_hours.param != SL_NONE || !me->id)
        return 0;
    const char *path = sl_arena_printf(w->arena, "migration.methods.%s.effort_hours", me->id);
    if (!path)
        return SL_ENOMEM;
    me->effort_hours.param = yw_default_param(w, path, &me->effort_hours, EFFORT_UNIT);
    return me->effort_hours.param == SL_NONE ? SL_ENOMEM : 0;
}

static int method_item(yw *w, struct fy_node *node, void *elem)
{
    sl_method *me = elem;
    method_defaults(me);
    int rc = yw_mapping(w, node, method_fields, SL_ARRAY_LEN(method_fields), me);
    int r2 = log_default_effort(w, me);
    return r2 ? r2 : rc;
}

static int migration_methods(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    if (not_empty(w, node, "methods", N_("the built-in method rehost")))
        return SL_EINPUT;
    return scn_list(w, node, (void **)&m->migration.methods, &m->migration.n_methods,
                    sizeof(sl_method), method_item, &m->priv->methods, N_("migration method"),
                    SL_MAX_METHODS);
}

static int migration_default(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return scn_ref(w, REF_METHOD, node, &scn_of(w)->m->migration.default_method);
}

static int migration_shared(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_migration *mg = target;
    yw_string_list l = {0, NULL};
    int rc = yw_words(w, node, &l, f->key);
    mg->n_shared_services = l.n;
    mg->shared_services = l.items;
    return rc;
}

static const yw_field migration_fields[] = {
    YW_FIELD("methods", migration_methods, sl_migration, methods),
    YW_FIELD("default_method", migration_default, sl_migration, default_method),
    YW_NUM("hard_edge_mbps", sl_migration, hard_edge_mbps, "Mbit/s", 0, 1e7),
    YW_NUM("hub_degree", sl_migration, hub_degree, "peers", 0, 1e7),
    YW_NUM("effort_correlation", sl_migration, effort_correlation, "0..1", 0, 1),
    YW_FIELD("shared_services", migration_shared, sl_migration, shared_services),
};

int scn_read_migration(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return yw_mapping(w, node, migration_fields, SL_ARRAY_LEN(migration_fields),
                      &scn_of(w)->m->migration);
}

/* ---- gates -------------------------------------------------------------- */

static int selector_agencies(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_selector *sel = target;
    struct fy_node *r = yw_resolve(w, node);
    if (!r)
        return SL_EINPUT;
    if (fy_node_get_type(r) != FYNT_SEQUENCE) {
        yw_error(w, node, "agencies must be a list of agency ids");
        return SL_EINPUT;
    }
    if (!yw_count_ok(w, r, SL_MAX_LIST_ITEMS, N_("agencies")))
        return SL_EINPUT;
    int n = fy_node_sequence_item_count(r);
    sel->agencies = sl_arena_array(w->arena, (size_t)(n > 0 ? n : 1), sizeof(sl_index));
    if (!sel->agencies) {
        w->oom = true;
        return SL_ENOMEM;
    }
    int rc = 0;
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(r, &it)) != NULL) {
        if (scn_ref(w, REF_AGENCY, item, &sel->agencies[sel->n_agencies]))
            rc = SL_EINPUT;
        else
            sel->n_agencies++;
    }
    return rc;
}

int scn_selector_words(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_selector *sel = target;
    yw_string_list l = {0, NULL};
    int rc = yw_words(w, node, &l, f->key);
    bool classes = strcmp(f->key, "security_classes") == 0;
    if (classes) {
        sel->n_security_classes = l.n;
        sel->security_classes = l.items;
    } else {
        sel->n_legal_tags = l.n;
        sel->legal_tags = l.items;
    }
    return rc ? rc : scn_words(w, node, classes ? WORD_CLASS : WORD_TAG);
}

int scn_selector_tiers(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_selector *sel = target;
    struct fy_node *r = yw_resolve(w, node);
    if (!r || fy_node_get_type(r) != FYNT_SEQUENCE) {
        yw_error(w, node, "tiers must be a list of numbers 1-4");
        return SL_EINPUT;
    }
    if (!yw_count_ok(w, r, SL_MAX_LIST_ITEMS, N_("tiers")))
        return SL_EINPUT;
    int n = fy_node_sequence_item_count(r);
    sel->tiers = sl_arena_array(w->arena, (size_t)(n > 0 ? n : 1), sizeof(int));
    if (!sel->tiers) {
        w->oom = true;
        return SL_ENOMEM;
    }
    int rc = 0;
    void *it = NULL;
    struct fy_node *item;
    const yw_field tf = {"tier", NULL, 0, false, NULL, 1, 4, NULL};
    while ((item = fy_node_sequence_iterate(r, &it)) != NULL) {
        int *slot = &sel->tiers[sel->n_tiers];
        if (yw_integer(w, item, slot, &tf))
            rc = SL_EINPUT;
        else
            sel->n_tiers++;
    }
    return rc;
}

static const yw_field selector_fields[] = {
    YW_FIELD("all", yw_bool, sl_selector, is_all),
    YW_FIELD("agencies", selector_agencies, sl_selector, agencies),
    YW_FIELD("security_classes", scn_selector_words, sl_selector, security_classes),
    YW_FIELD("legal_tags", scn_selector_words, sl_selector, legal_tags),
    YW_FIELD("tiers", scn_selector_tiers, sl_selector, tiers),
};

static int gate_selector(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_gate *g = target;
    int rc = yw_mapping(w, node, selector_fields, SL_ARRAY_LEN(selector_fields), &g->applies_to);
    const sl_selector *s = &g->applies_to;
    if (rc == 0 && !s->is_all && !s->n_agencies && !s->n_security_classes && !s->n_legal_tags &&
        !s->n_tiers) {
        yw_error(w, node, "applies_to selects nothing; use all: true or name agencies, "
                          "security_classes, legal_tags or tiers");
        rc = SL_EINPUT;
    }
    return rc;
}

static const char *const gate_kind_names[] = {"security", "legal", "staff", "hardware", "other",
                                              NULL};

static const yw_field gate_fields[] = {
    YW_REQUIRED("id", yw_string, sl_gate, id),
    YW_FIELD("name", yw_string, sl_gate, name),
    {"kind", yw_enum, offsetof(sl_gate, kind), true, NULL, 0, -1, gate_kind_names},
    YW_FIELD("opens", yw_date, sl_gate, opens),
    {"lead_time_months", yw_dist, offsetof(sl_gate, lead_time_months), true, "months", 0, 240,
     NULL},
    YW_NUM("pass_probability", sl_gate, pass_probability, "probability", 0, 1),
    {"applies_to", gate_selector, 0, true, NULL, 0, -1, NULL},
};

static int gate_item(yw *w, struct fy_node *node, void *elem)
{
    sl_gate *g = elem;
    memset(g, 0, sizeof *g);
    g->opens = SL_DATE_NONE;
    g->pass_probability = 1;
    int rc = yw_mapping(w, node, gate_fields, SL_ARRAY_LEN(gate_fields), g);
    if (!g->name)
        g->name = g->id;
    return rc;
}

int scn_read_gates(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    return scn_list(w, node, (void **)&m->gates, &m->n_gates, sizeof(sl_gate), gate_item,
                    &m->priv->gates, N_("gate"), SL_MAX_GATES);
}

/* ---- declared risks ------------------------------------------------------ */

static const char *const risk_names[] = {"security", "legal",    "financing",
                                         "staff",    "schedule", "technical", NULL};

static const yw_field risk_fields[] = {
    YW_REQUIRED("id", yw_string, sl_risk_decl, id),
    {"title", yw_string, offsetof(sl_risk_decl, title), true, NULL, 0, -1, NULL},
    {"category", yw_enum, offsetof(sl_risk_decl, category), true, NULL, 0, -1, risk_names},
    YW_FIELD("agency", scn_ref_agency, sl_risk_decl, agency),
    {"likelihood", yw_integer, offsetof(sl_risk_decl, likelihood), true, "1-5", 1, 5, NULL},
    {"impact", yw_integer, offsetof(sl_risk_decl, impact), true, "1-5", 1, 5, NULL},
    YW_FIELD("owner", yw_string, sl_risk_decl, owner),
    YW_FIELD("mitigation", yw_string, sl_risk_decl, mitigation),
};

static int risk_item(yw *w, struct fy_node *node, void *elem)
{
    sl_risk_decl *r = elem;
    memset(r, 0, sizeof *r);
    r->agency = SL_NONE;
    int rc = yw_mapping(w, node, risk_fields, SL_ARRAY_LEN(risk_fields), r);
    if (!r->owner)
        r->owner = "";
    if (!r->mitigation)
        r->mitigation = "";
    return rc;
}

int scn_read_risks(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    sl_strmap ids = {0};
    int rc = scn_list(w, node, (void **)&m->risks, &m->n_risks, sizeof(sl_risk_decl), risk_item,
                      &ids, "risk", SL_MAX_LIST_ITEMS);
    sl_strmap_free(&ids);
    return rc;
}

/* ---- verdict thresholds ---------------------------------------------------- */

static const yw_field verdict_fields[] = {
    YW_NUM("go_p_on_time", sl_verdict_rules, go_p_on_time, "probability", 0, 1),
    YW_NUM("conditional_p_on_time", sl_verdict_rules, conditional_p_on_time, "probability", 0, 1),
    YW_NUM("max_blocked_share", sl_verdict_rules, max_blocked_share, "share", 0, 1),
    YW_NUM("max_risk_score", sl_verdict_rules, max_risk_score, "likelihood x impact", 1, 25),
    YW_NUM("no_go_risk_score", sl_verdict_rules, no_go_risk_score, "likelihood x impact", 1, 25),
    YW_NUM("budget_p90_margin", sl_verdict_rules, budget_p90_margin, "share", 0, 10),
    YW_NUM("min_npv_saving", sl_verdict_rules, min_npv_saving, "currency", -1e13, 1e13),
};

int scn_read_verdict(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    int rc = yw_mapping(w, node, verdict_fields, SL_ARRAY_LEN(verdict_fields), &m->verdict);
    if (rc == 0 && m->verdict.conditional_p_on_time > m->verdict.go_p_on_time) {
        yw_error(w, node, "conditional_p_on_time (%g) must not exceed go_p_on_time (%g)",
                 m->verdict.conditional_p_on_time, m->verdict.go_p_on_time);
        rc = SL_EINPUT;
    }
    if (rc == 0 && m->verdict.max_risk_score > m->verdict.no_go_risk_score) {
        yw_error(w, node, "max_risk_score (%g) must not exceed no_go_risk_score (%g)",
                 m->verdict.max_risk_score, m->verdict.no_go_risk_score);
        rc = SL_EINPUT;
    }
    return rc;
}

/* ---- cost rules ------------------------------------------------------------ */

static const yw_field weight_fields[] = {
    YW_NUM("vcpu", sl_cost_rules, chargeback_weight_vcpu, "weight", 0, 1),
    YW_NUM("ram", sl_cost_rules, chargeback_weight_ram, "weight", 0, 1),
    YW_NUM("storage", sl_cost_rules, chargeback_weight_storage, "weight", 0, 1),
};

static int cost_weights(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_cost_rules *c = target;
    int rc = yw_mapping(w, node, weight_fields, SL_ARRAY_LEN(weight_fields), c);
    double sum = c->chargeback_weight_vcpu + c->chargeback_weight_ram + c->chargeback_weight_storage;
    if (rc == 0 && !(sum > 0.999 && sum < 1.001)) {
        yw_error(w, node, "chargeback weights must add up to 1 (they add up to %g)", sum);
        rc = SL_EINPUT;
    }
    return rc;
}

static const yw_field one_off_fields[] = {
    YW_FIELD("agency", scn_ref_agency, sl_one_off, agency),
    {"year", yw_integer, offsetof(sl_one_off, year), true, "year of horizon", 1,
     SL_MAX_HORIZON_YEARS, NULL},
    {"amount", yw_dist, offsetof(sl_one_off, amount), true, "currency", -1e12, 1e12, NULL},
    {"what", yw_string, offsetof(sl_one_off, what), true, NULL, 0, -1, NULL},
};

static int one_off_item(yw *w, struct fy_node *node, void *elem)
{
    sl_one_off *o = elem;
    memset(o, 0, sizeof *o);
    o->agency = SL_NONE;
    return yw_mapping(w, node, one_off_fields, SL_ARRAY_LEN(one_off_fields), o);
}

static int cost_one_offs(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    return scn_list(w, node, (void **)&m->one_offs, &m->n_one_offs, sizeof(sl_one_off),
                    one_off_item, NULL, "one-off cost", SL_MAX_LIST_ITEMS);
}

static const char *const capex_names[] = {"depreciation", "purchase", NULL};

static const yw_field cost_fields[] = {
    YW_NUM("depreciation_years", sl_cost_rules, depreciation_years, "years", 1, 30),
    YW_FIELD("chargeback_weights", cost_weights, sl_cost_rules, chargeback_weight_vcpu),
    YW_NUM("rack_cost_per_year", sl_cost_rules, rack_cost_per_year, "currency/rack/year", 0, 1e9),
    YW_NUM("licence_per_core_year", sl_cost_rules, licence_per_core_year, "currency/core/year", 0,
           1e9),
    YW_FIELD("one_off", cost_one_offs, sl_cost_rules, depreciation_years),
    YW_ENUM("capex", sl_cost_rules, capex, capex_names),
    YW_NUM("status_quo_hardware_share", sl_cost_rules, status_quo_hardware_share, "share", 0, 10),
    YW_NUM("legacy_watts_per_vcpu", sl_cost_rules, legacy_watts_per_vcpu, "W/vCPU", 0, 1000),
    YW_NUM("legacy_watts_per_core", sl_cost_rules, legacy_watts_per_core, "W/core", 0, 1000),
    YW_NUM("legacy_price_per_core", sl_cost_rules, legacy_price_per_core, "currency/core", 0,
           1e7),
    YW_NUM("legacy_price_per_ram_gb", sl_cost_rules, legacy_price_per_ram_gb, "currency/GB", 0,
           1e6),
    YW_NUM("host_ops_fte", sl_cost_rules, host_ops_fte, "FTE", 0, 1e5),
    YW_NUM("staff_reduction_cost_per_fte", sl_cost_rules, staff_reduction_cost_per_fte,
           "currency/FTE", 0, 1e9),
};

int scn_read_cost(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    return yw_mapping(w, node, cost_fields, SL_ARRAY_LEN(cost_fields), &scn_of(w)->m->cost);
}

/* ---- adjustable values (for explain) --------------------------------------- */

typedef struct adjust_spec {
    const char *path;
    yw_string_list values;
    double min, max, step;
    bool has_min, has_max, has_step;
} adjust_spec;

static int adjust_num(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    adjust_spec *a = target;
    double v;
    if (yw_number_value(w, node, &v, NULL))
        return SL_EINPUT;
    if (strcmp(f->key, "min") == 0) {
        a->min = v;
        a->has_min = true;
    } else if (strcmp(f->key, "max") == 0) {
        a->max = v;
        a->has_max = true;
    } else {
        a->step = v;
        a->has_step = true;
    }
    return 0;
}

static const yw_field adjust_fields[] = {
    {"path", yw_string, offsetof(adjust_spec, path), true, NULL, 0, -1, NULL},
    {"values", yw_strings, offsetof(adjust_spec, values), false, NULL, 0, -1, NULL},
    {"min", adjust_num, 0, false, NULL, 0, -1, NULL},
    {"max", adjust_num, 0, false, NULL, 0, -1, NULL},
    {"step", adjust_num, 0, false, NULL, 0, -1, NULL},
};

static int adjust_item(yw *w, struct fy_node *node, void *elem)
{
    sl_adjustable *adj = elem;
    scn *s = scn_of(w);
    size_t index = (size_t)(adj - s->m->adjustables);
    if (SL_GROW(s->adjust_nodes, s->cap_adjust_nodes, index + 1)) {
        w->oom = true;
        return SL_ENOMEM;
    }
    s->adjust_nodes[index] = node;
    memset(adj, 0, sizeof *adj);
    adjust_spec a;
    memset(&a, 0, sizeof a);
    if (yw_mapping(w, node, adjust_fields, SL_ARRAY_LEN(adjust_fields), &a))
        return SL_EINPUT;
    adj->path = a.path;
    if (a.values.n) {
        if (a.has_min || a.has_max || a.has_step) {
            yw_error(w, node, "give either values or min/max/step, not both");
            return SL_EINPUT;
        }
        struct fy_node *r = yw_resolve(w, node);
        struct fy_node *vals = r ? fy_node_mapping_lookup_by_string(r, "values", 6) : NULL;
        struct fy_node *vr = vals ? yw_resolve(w, vals) : NULL;
        if (vr && fy_node_get_type(vr) == FYNT_SEQUENCE &&
            !yw_count_ok(w, vr, SL_MAX_ADJUST_VALUES, N_("candidate values")))
            return SL_EINPUT;
        adj->n_values = a.values.n;
        adj->values = a.values.items;
        return 0;
    }
    if (!a.has_min || !a.has_max || !a.has_step || !(a.step > 0) || a.max < a.min) {
        yw_error(w, node, "an adjustable value needs values: [...] or min <= max and step > 0");
        return SL_EINPUT;
    }
    double span = (a.max - a.min) / a.step;
    if (span + 1e-9 >= SL_MAX_ADJUST_VALUES) { /* n below would pass the limit */
        yw_error(w, node, "more than %d candidate values; use a larger step",
                 SL_MAX_ADJUST_VALUES);
        return SL_EINPUT;
    }
    size_t n = (size_t)(span + 1e-9) + 1;
    adj->values = sl_arena_array(w->arena, n, sizeof *adj->values);
    if (!adj->values) {
        w->oom = true;
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        adj->values[i] = sl_arena_printf(w->arena, "%.15g", a.min + (double)i * a.step);
        if (!adj->values[i]) {
            w->oom = true;
            return SL_ENOMEM;
        }
    }
    adj->n_values = n;
    return 0;
}

int scn_read_adjustable(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    int rc = scn_list(w, node, (void **)&m->adjustables, &m->n_adjustables,
                      sizeof(sl_adjustable), adjust_item, NULL, "adjustable value",
                      SL_MAX_LIST_ITEMS);
    /* explain runs the pipeline per candidate: all of them together are
     * bounded too, and validate checks each one */
    size_t total = 0;
    for (size_t i = 0; rc != SL_ENOMEM && i < m->n_adjustables; i++) {
        total += m->adjustables[i].n_values;
        if (total > SL_MAX_ADJUST_TOTAL) {
            yw_error(w, scn_of(w)->adjust_nodes[i],
                     "more than %d candidate values in all adjustables together: the limit",
                     SL_MAX_ADJUST_TOTAL);
            return SL_EINPUT;
        }
    }
    return rc;
}

/* ---- legal tags --------------------------------------------------------------- */

static const yw_field legal_tag_fields[] = {
    YW_REQUIRED("id", yw_string, sl_legal_tag, id),
    YW_FIELD("content_access", yw_bool, sl_legal_tag, needs_content_access),
};

static int legal_tag_item(yw *w, struct fy_node *node, void *elem)
{
    sl_legal_tag *t = elem;
    memset(t, 0, sizeof *t);
    return yw_mapping(w, node, legal_tag_fields, SL_ARRAY_LEN(legal_tag_fields), t);
}

int scn_read_legal_tags(yw *w, struct fy_node *node, void *target, const yw_field *f)
{
    sl_model *m = scn_of(w)->m;
    sl_strmap ids = {0};
    int rc = scn_list(w, node, (void **)&m->legal_tags, &m->n_legal_tags, sizeof(sl_legal_tag),
                      legal_tag_item, &ids, "legal tag", SL_MAX_LIST_ITEMS);
    sl_strmap_free(&ids);
    return rc;
}

/* ---- completion ------------------------------------------------------------ */

int scn_rules_finish(scn *s)
{
    sl_model *m = s->m;
    sl_arena *a = m->priv->arena;
    if (m->windows.n_rules == 0) {
        /* the usual weekend change window: Friday 18:00 to Monday 06:00 */
        m->windows.rules = sl_arena_alloc(a, sizeof *m->windows.rules);
        if (!m->windows.rules)
            return SL_ENOMEM;
        m->windows.rules[0] = (sl_window_rule){4, 18 * 60, 60};
        m->windows.n_rules = 1;
    }
    if (m->migration.n_methods == 0) {
        m->migration.methods = sl_arena_alloc(a, sizeof *m->migration.methods);
        if (!m->migration.methods)
            return SL_ENOMEM;
        method_defaults(&m->migration.methods[0]);
        m->migration.methods[0].id = "rehost";
        m->migration.n_methods = 1;
        if (log_default_effort(&s->w, &m->migration.methods[0]))
            return SL_ENOMEM;
        if (sl_strmap_put(&m->priv->methods, "rehost", 0, NULL))
            return SL_ENOMEM;
    }
    if (m->migration.default_method == SL_NONE)
        m->migration.default_method = 0;
    for (size_t i = 0; i < m->n_gates; i++)
        if (m->gates[i].opens == SL_DATE_NONE)
            m->gates[i].opens = m->start;
    for (size_t i = 0; i < m->n_agencies; i++)
        if (m->agencies[i].staff_announce == SL_DATE_NONE)
            m->agencies[i].staff_announce = m->start;
    return 0;
}
