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
