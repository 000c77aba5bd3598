/* SPDX-License-Identifier: MIT */
/*
 * risk.h - private parts of the risk stage: figures per agency both the
 * register (register.c) and the verdicts (verdict.c) read, the scoring
 * bands, and text helpers.
 */
#ifndef SL_RISK_RISK_H
#define SL_RISK_RISK_H

#include "core/core.h"

/* One gate as it touches one agency. */
typedef struct risk_gate {
    size_t n_workloads; /* of the agency's workloads it applies to */
    double share;       /* of the agency's workloads */
    double p_fail;      /* 1 - pass_probability */
    double p_late;      /* P(it passes after the deadline), over its lead time */
} risk_gate;

/* What the register and the verdicts know of one agency. */
typedef struct risk_agency {
    size_t n_workloads, n_not_ready, n_unknown;
    risk_gate *gates;       /* per model gate */
    double hours_needed;    /* planned staff hours of its move groups */
    double hours_available; /* weekly hours after early leavers x weeks from the
                               platform's start to the deadline */
} risk_agency;

typedef struct risk_ctx {
    const sl_plan *p;
    const sl_model *m;
    sl_arena *arena;
    risk_agency *agencies; /* per model agency */
    sl_risk_register *out;
    size_t cap_risks;
} risk_ctx;

/* Likelihood 1..5 from a probability: < 5 %, < 20 %, < 50 %, < 80 %, else. */
int risk_band(double p);
/* Impact 1..5 from the share of an agency's workloads something touches:
 * < 5 % -> 2, < 20 % -> 3, < 50 % -> 4, else 5. */
int risk_impact_share(double share);

/* Amounts as "12.3 M SEK"; into an arena. */
const char *risk_money(sl_arena *a, double v, const char *currency);
/* A risk's text as a phrase: its computed phrase, or a verbatim one for
 * the scenario's own text (a declared risk's title or mitigation). */
sl_phrase risk_text_phrase(sl_arena *a, const sl_phrase *computed, const char *text);

/* Adds a computed risk of one agency (register.c); judged_by names the
 * verdict rule that already counts it (NULL: scored against the risk
 * thresholds). False when out of memory. */
/* The three texts of a computed risk, each as a phrase being built
 * (templates with named arguments, core/phrase.c). */
typedef struct risk_texts {
    sl_phrase_builder title, basis, mitigation;
} risk_texts;
void risk_texts_begin(risk_texts *t, sl_arena *ar, const char *title, const char *basis,
                      const char *mitigation);
bool risk_computed(risk_ctx *c, const char *code, sl_risk_category cat, sl_index agency,
                   int likelihood, int impact, const char *judged_by, risk_texts *t);
/* The hard_flows_cut risk of agency a, when it has cut flows
 * (cut_flows.c); false when out of memory. */
bool risk_cut_flows(risk_ctx *c, sl_index a);

/* Fills ctx->agencies (register.c). */
int risk_prepare(risk_ctx *c);
/* The register: declared risks, then computed ones by agency. */
int risk_register(risk_ctx *c);
/* The budget that lifts the budget rule for a P90 migration cost: the
 * cost over 1 + margin, rounded up to three significant digits and to
 * the precision the reports show money in: a figure people would write,
 * read as it is set (verdict.c). The verdict's condition and the
 * review's lever name this one figure. */
double risk_budget_to_go(double cost_p90, double margin);
/* One verdict per agency (verdict.c). */
int risk_verdicts(risk_ctx *c);

#endif
