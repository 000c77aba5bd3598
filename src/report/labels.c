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

#define L(kind, code, text) {kind, code, NC_(kind, text)}

static const label labels[] = {
    L("verdict", "go", "go"),
    L("verdict", "conditional", "conditional"),
    L("verdict", "no_go", "no go"),
    L("verdict", "host", "host"),
    L("readiness", "ready", "ready"),
    L("readiness", "conditional", "conditional"),
    L("readiness", "unknown", "unknown"),
    L("readiness", "not_ready", "not ready"),
    L("binds", "nothing", "nothing in particular"),
    L("binds", "gate", "a gate"),
    L("binds", "freeze", "a freeze"),
    L("binds", "staff", "staff hours"),
    L("binds", "bandwidth", "link bandwidth"),
    L("binds", "critical", "the cap on critical groups"),
    L("binds", "workloads", "the cap on workloads"),
    L("binds", "capacity", "room at the target"),
    L("category", "security", "security"),
    L("category", "legal", "legal"),
    L("category", "financing", "financing"),
    L("category", "staff", "staff"),
    L("category", "schedule", "schedule"),
    L("category", "technical", "technical"),
    L("unmovable", "not_ready", "not ready"),
    L("unmovable", "too_large", "too large for any window"),
    L("unmovable", "no_window", "no window"),
    L("unmovable", "no_staff", "no staff hours"),
    L("unmovable", "no_target_capacity", "no room at the target"),
    L("reason", "size_missing", "size not given"),
    L("reason", "os_missing", "no operating system given"),
    L("reason", "os_unsupported", "operating system out of support"),
    L("reason", "too_large", "larger than any host"),
    L("reason", "class_gated", "security class waits for a gate"),
    L("reason", "class_not_allowed", "security class not allowed at the target"),
    L("reason", "content_access_gated", "content access waits for a legal basis"),
    L("reason", "content_access_no_basis", "content access without a legal basis"),
    L("reason", "powered_off", "powered off"),
    L("reason", "no_utilisation", "no utilisation data"),
    L("disposition", "move", "moves"),
    L("disposition", "stay", "stays"),
    L("disposition", "retire", "is retired"),
    L("disposition", "replace", "is replaced"),
    L("rule", "schedule", "timeline"),
    L("rule", "gates", "approvals"),
    L("rule", "budget", "budget"),
    L("rule", "npv", "saving"),
    L("rule", "capacity", "capacity"),
    L("rule", "accounting", "accounting"),
    L("rule", "risks", "risks"),
    L("rule", "other", "other"),
    L("source", "declared", "declared"),
    L("source", "computed", "computed"),
    L("dist", "fixed", "fixed"),
    L("dist", "triangular", "triangular"),
    L("dist", "pert", "PERT"),
    L("dist", "uniform", "uniform"),
    L("platform", "shared", "shared"),
    L("platform", "separate", "separate"),
    L("isolation", "agency", "agency"),
    L("isolation", "security_class", "security class"),
    L("isolation", "env", "environment"),
    L("isolation", "none", "none (one shared pool)"),
    L("outcome", "every gate passes", "every gate passes"),
    L("outcome", "some gate is refused", "some gate is refused"),
    L("outcome", "the gate passes", "the gate passes"),
    L("outcome", "the gate is refused", "the gate is refused"),
    L("effect", "ready", "a note"),
    L("effect", "conditional", "conditional"),
    L("effect", "unknown", "unknown"),
    L("effect", "not_ready", "not ready"),
    L("agency", "all", "all"),
    L("role", "host", "host"),
    L("role", "joining", "joining"),
    L("site role", "target", "target"),
    L("site role", "source", "source"),
    L("bool", "true", "yes"),
    L("bool", "false", "no"),
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

#define K(key, text) {key, NC_("column", text)}

static const key_label keys[] = {
    K("against", "against isolation by"),
    K("agency", "agency"),
    K("anti_affinity", "kept apart on"),
    K("app", "application"),
    K("basis", "basis"),
    K("capacity", "capacity"),
    K("category", "category"),
    K("code", "code"),
    K("colocation", "co-location"),
    K("column", "column"),
    K("conditions", "conditions"),
    K("cost", "cost"),
    K("cost_per_year", "cost a year"),
    K("critical_groups", "critical groups"),
    K("declared", "declared not to move"),
    K("declared_by", "declared"),
    K("dedicated_per_year", "own pools a year"),
    K("demand", "need on the target"),
    K("depends_on", "depends on"),
    K("dimensions", "sized by"),
    K("disposition", "disposition"),
    K("dist", "distribution"),
    K("documented", "documented in"),
    K("effort_hours", "staff hours"),
    K("end", "end"),
    K("env", "environment"),
    K("facility_kw", "kW at the facility"),
    K("fee", "fee"),
    K("fee_change", "change of fee"),
    K("fee_per_year", "charge a year"),
    K("fee_per_year_with_all", "charge a year with all"),
    K("figure", "figure"),
    K("file", "file"),
    K("floor_m2", "floor, m2"),
    K("fte_after_from", "fewer staff from"),
    K("gap", "gap to the lower bound"),
    K("gate", "gate"),
    K("group", "move group"),
    K("groups", "move groups"),
    K("ha_group", "HA group"),
    K("halls_kept", "halls kept open"),
    K("hardware", "hardware"),
    K("host", "host"),
    K("host_model", "host model"),
    K("host_models", "host model"),
    K("host_separate", "host on separate platforms"),
    K("hosts", "hosts"),
    K("hosts_used", "hosts in use"),
    K("hours", "hours"),
    K("id", "id"),
    K("impact", "impact"),
    K("index", "window no."),
    K("inventory", "inventory"),
    K("isolation", "isolation by"),
    K("it_kw", "IT kW"),
    K("iterations", "iterations"),
    K("judged_by", "judged by"),
    K("key", "key"),
    K("kpi", "key figure"),
    K("cost_per_vcpu", "cost per vCPU"),
    K("cost_per_vm", "cost per VM"),
    K("legal_tags", "legal tags"),
    K("likelihood", "likelihood"),
    K("line", "line"),
    K("low_confidence", "low confidence"),
    K("lower_bound", "lower bound"),
    K("max", "max"),
    K("method", "method"),
    K("migration_owed", "migration work owed"),
    K("min", "min"),
    K("mitigation", "mitigation"),
    K("moved", "moved"),
    K("needs_up_first", "needs up first"),
    K("npv_horizon", "cost over the horizon"),
    K("npv_saving", "saving if every gate passes and no move fails"),
    K("npv_saving_if_every_gate_passes_and_no_move_fails",
      "saving if every gate passes and no move fails"),
    K("npv_saving_mean", "expected saving"),
    K("npv_saving_mean_with_all", "expected saving with all"),
    K("npv_saving_p10", "saving P10"),
    K("npv_saving_p50", "saving P50"),
    K("npv_saving_p90", "saving P90"),
    K("open_hours", "open hours"),
    K("order", "order"),
    K("os", "operating system"),
    K("outcome", "outcome"),
    K("owner", "owner"),
    K("p_allowed", "chance the approvals come through"),
    K("p_on_time", "chance of finishing on time"),
    K("p_on_time_given_allowed", "chance of finishing on time if they do"),
    K("p_outcome", "chance of the outcome"),
    K("p_saving_positive", "chance of a saving"),
    K("path", "path"),
    K("platform", "platform"),
    K("pool", "pool"),
    K("powered_off", "powered off"),
    K("racks", "racks"),
    K("ram_gb", "RAM, GB"),
    K("readiness", "readiness"),
    K("reasons", "reasons"),
    K("rule", "rule"),
    K("runs", "runs"),
    K("score", "score"),
    K("scored", "scored"),
    K("section", "section"),
    K("security_class", "security class"),
    K("share", "share"),
    K("shared_per_year", "shared pools a year"),
    K("simulated", "simulated"),
    K("site", "hall"),
    K("source", "source"),
    K("spare_hosts", "spare hosts"),
    K("staff_capacity", "staff hours open"),
    K("staff_hours", "staff hours used"),
    K("start", "start"),
    K("status_quo", "status quo"),
    K("storage_gb", "storage, GB"),
    K("busy_threads", "busy threads"),
    K("target_capacity", "capacity at the target"),
    K("target_load", "load at the target"),
    K("tier", "tier"),
    K("title", "title"),
    K("to_go", "to go"),
    K("levers", "decisions"),
    K("missing", "still objecting"),
    K("verified", "verified"),
    K("transfer_tb", "data to copy, TB"),
    K("unit", "unit"),
    K("unmovable", "cannot move"),
    K("unmovable_by", "cannot move"),
    K("used", "in use"),
    K("value", "value"),
    K("vcpu", "vCPU"),
    K("verdict", "verdict"),
    K("vms", "VMs"),
    K("wave", "wave"),
    K("what", "what"),
    K("why", "why"),
    K("window", "window"),
    K("window_start", "window starts"),
    K("workload", "workload"),
    K("workload_count", "workloads"),
    K("workloads", "workloads"),
    K("workloads_by_agency", "workloads moved"),
    K("error", "error"),
    K("year", "year"),
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
