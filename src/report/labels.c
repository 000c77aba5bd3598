/* SPDX-License-Identifier: MIT */
/*
 * labels.c - plain words for the codes the plan document uses (a
 * verdict's "no_go", a readiness, what binds a schedule, a risk's
 * category...), in English and, through the catalogue, in any language.
 * The code stays in the document and, on the page, in a tooltip; a person
 * reads the label. A code without a label (a future one) reads as itself.
 *
 * The labels are messages with the code's kind as their context
 * (msgctxt), so "gate" the binding constraint and "gate" the noun can be
 * translated apart.
 */
#include "report/report.h"

#include <string.h>

typedef struct label {
    const char *kind, *code, *text;
} label;

/* each entry written out, so that xgettext sees every context */

static const label labels[] = {
    {"verdict", "go", NC_("verdict", "go")},
    /* the computed risks (risk/register.c), by the code their id begins with */
    {"risk", "schedule_late", NC_("risk", "late finish")},
    {"risk", "gate_may_fail", NC_("risk", "approval may be refused")},
    {"risk", "gate_late", NC_("risk", "approval may come late")},
    {"risk", "capacity_short", NC_("risk", "too little room at the target")},
    {"risk", "staff_hours_short", NC_("risk", "too few migration hours")},
    {"risk", "staff_attrition", NC_("risk", "staff leaving")},
    {"risk", "not_ready", NC_("risk", "workloads not ready")},
    {"risk", "readiness_unknown", NC_("risk", "readiness unknown")},
    {"risk", "budget_exceeded", NC_("risk", "over budget")},
    {"risk", "npv_negative", NC_("risk", "costs more than staying")},
    {"verdict", "conditional", NC_("verdict", "conditional")},
    {"verdict", "no_go", NC_("verdict", "no go")},
    {"verdict", "host", NC_("verdict", "host")},
    {"verdict", "out", NC_("verdict", "stays out")},
    {"readiness", "ready", NC_("readiness", "ready")},
    {"readiness", "conditional", NC_("readiness", "conditional")},
    {"readiness", "unknown", NC_("readiness", "unknown")},
    {"readiness", "not_ready", NC_("readiness", "not ready")},
    {"binds", "nothing", NC_("binds", "nothing in particular")},
    {"binds", "gate", NC_("binds", "a gate")},
    {"binds", "freeze", NC_("binds", "a freeze")},
    {"binds", "staff", NC_("binds", "staff hours")},
    {"binds", "bandwidth", NC_("binds", "link bandwidth")},
    {"binds", "critical", NC_("binds", "the cap on critical groups")},
    {"binds", "workloads", NC_("binds", "the cap on workloads")},
    {"binds", "capacity", NC_("binds", "room at the target")},
    {"category", "security", NC_("category", "security")},
    {"category", "legal", NC_("category", "legal")},
    {"category", "financing", NC_("category", "financing")},
    {"category", "staff", NC_("category", "staff")},
    {"category", "schedule", NC_("category", "schedule")},
    {"category", "technical", NC_("category", "technical")},
    {"unmovable", "not_ready", NC_("unmovable", "not ready")},
    {"unmovable", "too_large", NC_("unmovable", "too large for any window")},
    {"unmovable", "no_window", NC_("unmovable", "no window")},
    {"unmovable", "no_staff", NC_("unmovable", "no staff hours")},
    {"unmovable", "no_target_capacity", NC_("unmovable", "no room at the target")},
    {"reason", "size_missing", NC_("reason", "size not given")},
    {"reason", "os_missing", NC_("reason", "no operating system given")},
    {"reason", "os_unsupported", NC_("reason", "operating system out of support")},
    {"reason", "too_large", NC_("reason", "larger than any host")},
    {"reason", "class_gated", NC_("reason", "security class waits for a gate")},
    {"reason", "class_not_allowed", NC_("reason", "security class not allowed at the target")},
    {"reason", "content_access_gated", NC_("reason", "content access waits for a legal basis")},
    {"reason", "content_access_no_basis", NC_("reason", "content access without a legal basis")},
    {"reason", "powered_off", NC_("reason", "powered off")},
    {"reason", "no_utilisation", NC_("reason", "no utilisation data")},
    {"disposition", "move", NC_("disposition", "moves")},
    {"disposition", "stay", NC_("disposition", "stays")},
    {"disposition", "retire", NC_("disposition", "is retired")},
    {"disposition", "replace", NC_("disposition", "is replaced")},
    {"rule", "schedule", NC_("rule", "timeline")},
    {"rule", "gates", NC_("rule", "approvals")},
    {"rule", "budget", NC_("rule", "budget")},
    {"rule", "npv", NC_("rule", "saving")},
    {"rule", "capacity", NC_("rule", "capacity")},
    {"rule", "accounting", NC_("rule", "accounting")},
    {"rule", "risks", NC_("rule", "risks")},
    {"rule", "other", NC_("rule", "other")},
    {"source", "declared", NC_("source", "declared")},
    {"source", "computed", NC_("source", "computed")},
    {"dist", "fixed", NC_("dist", "fixed")},
    {"dist", "triangular", NC_("dist", "triangular")},
    {"dist", "pert", NC_("dist", "PERT")},
    {"dist", "uniform", NC_("dist", "uniform")},
    {"platform", "shared", NC_("platform", "shared")},
    {"platform", "separate", NC_("platform", "separate")},
    {"isolation", "agency", NC_("isolation", "agency")},
    {"isolation", "security_class", NC_("isolation", "security class")},
    {"isolation", "env", NC_("isolation", "environment")},
    {"isolation", "none", NC_("isolation", "none (one shared pool)")},
    {"outcome", "every gate passes", NC_("outcome", "every gate passes")},
    {"outcome", "some gate is refused", NC_("outcome", "some gate is refused")},
    {"outcome", "the gate passes", NC_("outcome", "the gate passes")},
    {"outcome", "the gate is refused", NC_("outcome", "the gate is refused")},
    {"effect", "ready", NC_("effect", "a note")},
    {"effect", "conditional", NC_("effect", "conditional")},
    {"effect", "unknown", NC_("effect", "unknown")},
    {"effect", "not_ready", NC_("effect", "not ready")},
    {"agency", "all", NC_("agency", "all")},
    {"role", "host", NC_("role", "host")},
    {"role", "joining", NC_("role", "joining")},
    {"site role", "target", NC_("site role", "target")},
    {"site role", "source", NC_("site role", "source")},
    {"bool", "true", NC_("bool", "yes")},
    {"bool", "false", NC_("bool", "no")},
};

/* The codes some sentences of the plan name as they are ("3 not_ready
 * (os_unsupported 2)"): messages of their own, so those sentences
 * translate too ({reason:tr} in the template). */
static const char *const sentence_codes[] = {
    N_("not_ready"),          N_("too_large"),        N_("no_window"),
    N_("no_staff"),           N_("no_target_capacity"), N_("size_missing"),
    N_("os_missing"),         N_("os_unsupported"),   N_("class_gated"),
    N_("class_not_allowed"),  N_("content_access_gated"), N_("content_access_no_basis"),
    N_("powered_off"),        N_("no_utilisation"),
};

const char *sl_label(const sl_lang *l, const char *kind, const char *code)
{
    if (!code)
        return "";
    for (size_t i = 0; i < SL_ARRAY_LEN(labels); i++)
        if (strcmp(labels[i].kind, kind) == 0 && strcmp(labels[i].code, code) == 0)
            return sl_trc(l, kind, labels[i].text);
    (void)sentence_codes;
    return code;
}

bool sl_label_known(const char *kind, const char *code)
{
    for (size_t i = 0; code && i < SL_ARRAY_LEN(labels); i++)
        if (strcmp(labels[i].kind, kind) == 0 && strcmp(labels[i].code, code) == 0)
            return true;
    return false;
}

/* ---- the tables' columns ----------------------------------------------
 * A column is named by its key in the plan document; people read these
 * words instead (a key with a part after a dot: "workloads_by_agency.SKV"
 * reads "workloads moved: SKV"). */
typedef struct key_label {
    const char *key, *text;
} key_label;


static const key_label keys[] = {
    {"against", NC_("column", "against isolation by")},
    {"agency", NC_("column", "agency")},
    {"anti_affinity", NC_("column", "kept apart on")},
    {"app", NC_("column", "application")},
    {"basis", NC_("column", "basis")},
    {"capacity", NC_("column", "capacity")},
    {"category", NC_("column", "category")},
    {"code", NC_("column", "code")},
    {"colocation", NC_("column", "co-location")},
    {"column", NC_("column", "column")},
    {"conditions", NC_("column", "conditions")},
    {"cost", NC_("column", "cost")},
    {"cost_per_year", NC_("column", "cost a year")},
    {"critical_groups", NC_("column", "critical groups")},
    {"declared", NC_("column", "declared not to move")},
    {"declared_by", NC_("column", "declared")},
    {"dedicated_per_year", NC_("column", "own pools a year")},
    {"demand", NC_("column", "need on the target")},
    {"depends_on", NC_("column", "depends on")},
    {"dimensions", NC_("column", "sized by")},
    {"disposition", NC_("column", "disposition")},
    {"dist", NC_("column", "distribution")},
    {"documented", NC_("column", "documented in")},
    {"effort_hours", NC_("column", "staff hours")},
    {"end", NC_("column", "end")},
    {"env", NC_("column", "environment")},
    {"facility_kw", NC_("column", "kW at the facility")},
    {"fee", NC_("column", "fee")},
    {"fee_change", NC_("column", "change of fee")},
    {"fee_per_year", NC_("column", "charge a year")},
    {"fee_per_year_with_all", NC_("column", "charge a year with all")},
    {"figure", NC_("column", "figure")},
    {"file", NC_("column", "file")},
    {"floor_m2", NC_("column", "floor, m2")},
    {"fte_after_from", NC_("column", "fewer staff from")},
    {"gap", NC_("column", "gap to the lower bound")},
    {"gate", NC_("column", "gate")},
    {"group", NC_("column", "move group")},
    {"groups", NC_("column", "move groups")},
    {"ha_group", NC_("column", "HA group")},
    {"halls_kept", NC_("column", "halls kept open")},
    {"hardware", NC_("column", "hardware")},
    {"host", NC_("column", "host")},
    {"host_model", NC_("column", "host model")},
    {"host_models", NC_("column", "host model")},
    {"host_separate", NC_("column", "host on separate platforms")},
    {"hosts", NC_("column", "hosts")},
    {"hosts_used", NC_("column", "hosts in use")},
    {"hours", NC_("column", "hours")},
    {"id", NC_("column", "id")},
    {"impact", NC_("column", "impact")},
    {"index", NC_("column", "window no.")},
    {"inventory", NC_("column", "inventory")},
    {"isolation", NC_("column", "isolation by")},
    {"it_kw", NC_("column", "IT kW")},
    {"iterations", NC_("column", "iterations")},
    {"judged_by", NC_("column", "judged by")},
    {"key", NC_("column", "key")},
    {"kpi", NC_("column", "key figure")},
    {"cost_per_vcpu", NC_("column", "cost per vCPU")},
    {"cost_per_vm", NC_("column", "cost per VM")},
    {"legal_tags", NC_("column", "legal tags")},
    {"likelihood", NC_("column", "likelihood")},
    {"line", NC_("column", "line")},
    {"low_confidence", NC_("column", "low confidence")},
    {"lower_bound", NC_("column", "lower bound")},
    {"max", NC_("column", "max")},
    {"method", NC_("column", "method")},
    {"migration_owed", NC_("column", "migration work owed")},
    {"min", NC_("column", "min")},
    {"mitigation", NC_("column", "mitigation")},
    {"moved", NC_("column", "moved")},
    {"needs_up_first", NC_("column", "needs up first")},
    {"npv_horizon", NC_("column", "cost over the horizon")},
    {"npv_saving", NC_("column", "saving if every gate passes and no move fails")},
    {"npv_saving_if_every_gate_passes_and_no_move_fails",
     NC_("column", "saving if every gate passes and no move fails")},
    {"npv_saving_mean", NC_("column", "expected saving")},
    {"npv_saving_mean_with_all", NC_("column", "expected saving with all")},
    {"npv_saving_p10", NC_("column", "saving P10")},
    {"npv_saving_p50", NC_("column", "saving P50")},
    {"npv_saving_p90", NC_("column", "saving P90")},
    {"open_hours", NC_("column", "open hours")},
    {"order", NC_("column", "order")},
    {"os", NC_("column", "operating system")},
    {"outcome", NC_("column", "outcome")},
    {"owner", NC_("column", "owner")},
    {"p_allowed", NC_("column", "chance the approvals come through")},
    {"p_on_time", NC_("column", "chance of finishing on time")},
    {"p_on_time_given_allowed", NC_("column", "chance of finishing on time if they do")},
    {"p_outcome", NC_("column", "chance of the outcome")},
    {"p_saving_positive", NC_("column", "chance of a saving")},
    {"path", NC_("column", "path")},
    {"platform", NC_("column", "platform")},
    {"pool", NC_("column", "pool")},
    {"powered_off", NC_("column", "powered off")},
    {"racks", NC_("column", "racks")},
    {"ram_gb", NC_("column", "RAM, GB")},
    {"readiness", NC_("column", "readiness")},
    {"reasons", NC_("column", "reasons")},
    {"rule", NC_("column", "rule")},
    {"runs", NC_("column", "runs")},
    {"score", NC_("column", "score")},
    {"scored", NC_("column", "scored")},
    {"section", NC_("column", "section")},
    {"security_class", NC_("column", "security class")},
    {"share", NC_("column", "share")},
    {"shared_per_year", NC_("column", "shared pools a year")},
    {"simulated", NC_("column", "simulated")},
    {"site", NC_("column", "hall")},
    {"source", NC_("column", "source")},
    {"spare_hosts", NC_("column", "spare hosts")},
    {"staff_capacity", NC_("column", "staff hours open")},
    {"staff_hours", NC_("column", "staff hours used")},
    {"start", NC_("column", "start")},
    {"status_quo", NC_("column", "status quo")},
    {"storage_gb", NC_("column", "storage, GB")},
    {"busy_threads", NC_("column", "busy threads")},
    {"target_capacity", NC_("column", "capacity at the target")},
    {"target_load", NC_("column", "load at the target")},
    {"tier", NC_("column", "tier")},
    {"title", NC_("column", "title")},
    {"to_go", NC_("column", "to go")},
    {"levers", NC_("column", "decisions")},
    {"missing", NC_("column", "still objecting")},
    {"verified", NC_("column", "verified")},
    {"no_scope", NC_("column", "why leaving workloads behind does not help")},
    {"transfer_tb", NC_("column", "data to copy, TB")},
    {"unit", NC_("column", "unit")},
    {"unmovable", NC_("column", "cannot move")},
    {"unmovable_by", NC_("column", "cannot move")},
    {"used", NC_("column", "in use")},
    {"value", NC_("column", "value")},
    {"vcpu", NC_("column", "vCPU")},
    {"verdict", NC_("column", "verdict")},
    {"vms", NC_("column", "VMs")},
    {"wave", NC_("column", "wave")},
    {"what", NC_("column", "what")},
    {"why", NC_("column", "why")},
    {"window", NC_("column", "window")},
    {"window_start", NC_("column", "window starts")},
    {"workload", NC_("column", "workload")},
    {"workload_count", NC_("column", "workloads")},
    {"workloads", NC_("column", "workloads")},
    {"workloads_by_agency", NC_("column", "workloads moved")},
    {"error", NC_("column", "error")},
    {"year", NC_("column", "year")},
};

static const char *key_text(const char *key, size_t len)
{
    for (size_t i = 0; i < SL_ARRAY_LEN(keys); i++)
        if (strlen(keys[i].key) == len && strncmp(keys[i].key, key, len) == 0)
            return keys[i].text;
    return NULL;
}

const char *sl_key_label(sl_arena *a, const sl_lang *l, const char *key)
{
    const char *whole = key_text(key, strlen(key));
    if (whole)
        return sl_trc(l, "column", whole);
    /* "key year 3": a yearly series spread over columns */
    const char *year = strstr(key, " year ");
    if (year) {
        const char *head = sl_key_label(a, l, sl_arena_strndup(a, key, (size_t)(year - key)));
        return sl_arena_printf(a, "%s, %s %s", head, sl_trc(l, "column", "year"), year + 6);
    }
    const char *dot = strchr(key, '.');
    const char *head = dot ? key_text(key, (size_t)(dot - key)) : NULL;
    if (!dot || !head)
        return key;
    /* the part after the dot: a code of its kind, a column, or an id */
    const char *sub = dot + 1;
    const char *kind = strncmp(key, "unmovable_by.", 13) == 0  ? "unmovable"
                       : strncmp(key, "declared_by.", 12) == 0 ? "disposition"
                                                               : NULL;
    const char *sub_text = kind && sl_label_known(kind, sub) ? sl_label(l, kind, sub)
                           : key_text(sub, strlen(sub))        ? sl_trc(l, "column", key_text(sub, strlen(sub)))
                                                               : sub;
    const char *out = a ? sl_arena_printf(a, "%s: %s", sl_trc(l, "column", head), sub_text) : NULL;
    return out ? out : key;
}
