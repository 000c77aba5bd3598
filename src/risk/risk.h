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

/* Fills ctx->agencies (register.c). */
int risk_prepare(risk_ctx *c);
/* The register: declared risks, then computed ones by agency. */
int risk_register(risk_ctx *c);
/* One verdict per agency (verdict.c). */
int risk_verdicts(risk_ctx *c);

#endif
