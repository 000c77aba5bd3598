/* SPDX-License-Identifier: MIT */
/*
 * verdict.c - go, conditional or no_go per joining agency, and a capacity
 * and finance statement for the host; every verdict with the reasons that
 * decided it and, when it is not go, the conditions that would make it go.
 *
 * Rules (the thresholds are the scenario's `verdict:` keys; docs/COST.md):
 *   schedule   P(on time) < conditional_p_on_time       -> no_go
 *              P(on time) < go_p_on_time                -> conditional
 *   gates      mean share of workloads blocked by refused gates
 *              > max_blocked_share                      -> conditional
 *   budget     P90 migration cost > budget x (1 + budget_p90_margin)
 *                                                       -> conditional
 *   NPV        NPV saving (status quo - co-location; the Monte Carlo
 *              median when there is one) < min_npv_saving -> conditional
 *   capacity   the shared platform does not fit the target
 *                                                       -> conditional
 *   accounted  workloads that cannot move and are not declared to stay
 *              (stays:)                                 -> conditional
 *   risks      a scored risk of the agency (or of all) with
 *              score >= no_go_risk_score                -> no_go
 *              score >  max_risk_score                  -> conditional
 * The verdict is the worst any rule gives; go when none objects. Each
 * reason carries a weight: 30, 20 or 10 for a no_go, conditional or go
 * effect, plus how far past its threshold it lies (0..10), so the list
 * reads heaviest first; ties by code, then text. Nothing here knows any
 * scenario: the thresholds decide.
 */
#include "risk/risk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAYS_PER_MONTH 30.436875

const char *sl_verdict_name(sl_verdict_kind v)
{
    switch (v) {
    case SL_VERDICT_GO:
        return "go";
    case SL_VERDICT_CONDITIONAL:
        return "conditional";
    case SL_VERDICT_NO_GO:
        return "no_go";
    case SL_VERDICT_HOST:
        return "host";
    case SL_VERDICT_OUT:
        return "out";
    }
    return "?";
}

typedef struct reasons {
    sl_verdict_reason *items;
    size_t n, cap;
    bool failed;
} reasons;

static void add(reasons *r, const char *code, sl_verdict_kind effect, double magnitude,
                const char *text)
{
    if (r->failed)
        return;
    if (!text || SL_GROW(r->items, r->cap, r->n + 1)) {
        r->failed = true;
        return;
    }
    double m = magnitude < 0 ? 0 : magnitude > 1 ? 1 : magnitude;
    double base = effect == SL_VERDICT_NO_GO ? 30 : effect == SL_VERDICT_CONDITIONAL ? 20 : 10;
    r->items[r->n++] = (sl_verdict_reason){code, text, effect, base + 10 * m};
}

/* A condition that would lift the reason just added: it weighs the same. */
static void add_cond(reasons *cond, const reasons *why, const char *code, const char *text)
{
    if (why->failed || !why->n) {
        add(cond, code, SL_VERDICT_CONDITIONAL, 0, text);
        return;
    }
    const sl_verdict_reason *last = &why->items[why->n - 1];
    double base = last->effect == SL_VERDICT_NO_GO         ? 30
                  : last->effect == SL_VERDICT_CONDITIONAL ? 20
                                                           : 10;
    add(cond, code, last->effect, (last->weight - base) / 10, text);
}

static int cmp_reason(const void *a, const void *b)
{
    const sl_verdict_reason *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    int c = strcmp(x->code, y->code);
    return c ? c : strcmp(x->text, y->text);
}

/* Sorts and copies the list into the arena; frees the working list. */
static int settle(sl_arena *a, reasons *r, sl_verdict_reason **out, size_t *n)
{
    bool failed = r->failed;
    if (!failed && r->n > 1)
        qsort(r->items, r->n, sizeof *r->items, cmp_reason);
    *n = failed ? 0 : r->n;
    *out = *n ? sl_arena_memdup(a, r->items, *n * sizeof *r->items) : NULL;
    sl_free(r->items);
    memset(r, 0, sizeof *r);
    return failed || (*n && !*out) ? SL_ENOMEM : 0;
}

static const char *binds_phrase(sl_binds b)
{
    switch (b) {
    case SL_BINDS_GATE:
        return "a gate";
    case SL_BINDS_FREEZE:
        return "a freeze period";
    case SL_BINDS_STAFF:
        return "staff hours";
    case SL_BINDS_BANDWIDTH:
        return "link bandwidth";
    case SL_BINDS_CRITICAL:
        return "the cap on critical groups per window";
    case SL_BINDS_WORKLOADS:
        return "the cap on workloads per window";
    case SL_BINDS_CAPACITY:
        return "room at the target";
    default:
        return "nothing in particular";
    }
}

static double pct(double p)
{
    return 100 * p;
}

static const char *date_or_never(sl_arena *ar, sl_date d)
{
    char buf[11];
    if (d == SL_DATE_NONE)
        return "never";
    sl_date_format(buf, d);
    return sl_arena_strdup(ar, buf);
}

/* Schedule risk, judged once: P(on time | allowed), the chance of
 * making the deadline in the iterations where every gate of the agency
 * passed. Whether the gates pass is the gate rule's (judge_gates), so a
 * refusal never counts as late too. */
static void judge_schedule(risk_ctx *c, sl_index a, const sl_sim_outcome *o, reasons *why,
                           reasons *cond, reasons *good)
{
    const sl_model *m = c->m;
    const sl_plan *p = c->p;
    const sl_verdict_rules *vr = &m->verdict;
    const risk_agency *ra = &c->agencies[a];
    sl_arena *ar = c->arena;
    const char *id = m->agencies[a].id;
    double q = o->p_on_time_given_allowed;
    if (!isfinite(q))
        return; /* never allowed: nothing to time; judge_gates says so */
    const sl_sim_if_gates_pass *g =
        p->simulation->per_agency_if_gates_pass ? &p->simulation->per_agency_if_gates_pass[a] : NULL;
    char dl[11];
    sl_date_format(dl, m->deadline);
    const char *p80 = g ? date_or_never(ar, g->finish_p80) : "?";
    if (q < vr->conditional_p_on_time) {
        add(why, "schedule_p_on_time_low", SL_VERDICT_NO_GO,
            (vr->conditional_p_on_time - q) / fmax(vr->conditional_p_on_time, 1e-9),
            sl_arena_printf(ar,
                            "if every gate passes, %s is done by the deadline %s with P %.1f%% "
                            "(P(on time | allowed); P80 finish %s), below the %.0f%% a "
                            "conditional verdict needs",
                            id, dl, pct(q), p80, pct(vr->conditional_p_on_time)));
    } else if (q < vr->go_p_on_time) {
        add(why, "schedule_p_on_time_low", SL_VERDICT_CONDITIONAL,
            (vr->go_p_on_time - q) / fmax(vr->go_p_on_time, 1e-9),
            sl_arena_printf(ar,
                            "if every gate passes, %s is done by the deadline %s with P %.1f%% "
                            "(P(on time | allowed); P80 finish %s), below the %.0f%% a go needs",
                            id, dl, pct(q), p80, pct(vr->go_p_on_time)));
    } else {
        add(good, "schedule_p_on_time_ok", SL_VERDICT_GO, q - vr->go_p_on_time,
            sl_arena_printf(ar,
                            "if every gate passes, %s is done by the deadline %s with P %.1f%% "
                            "(P(on time | allowed)), at least the %.0f%% a go needs",
                            id, dl, pct(q), pct(vr->go_p_on_time)));
        return;
    }
    add_cond(cond, why, "schedule_p_on_time",
             sl_arena_printf(ar,
                             "P(on time | allowed) reaches %.0f%% (now %.1f%%): more migration "
                             "hours, wider change windows or a deadline later than %s",
                             pct(vr->go_p_on_time), pct(q), dl));
    const sl_agency_schedule *as = p->schedule ? &p->schedule->per_agency[a] : NULL;
    if (as && (as->finish == SL_DATE_NONE || as->finish > m->deadline)) {
        const char *binds = as->binds == SL_BINDS_GATE && as->binding_gate != SL_NONE
                                ? sl_arena_printf(ar, "gate %s", m->gates[as->binding_gate].id)
                                : binds_phrase(as->binds);
        add(why, "schedule_plan_late", SL_VERDICT_CONDITIONAL, 0,
            sl_arena_printf(ar,
                            "the plan with likely values and no failed move finishes %s, after the "
                            "deadline %s; the last move waits for %s",
                            date_or_never(ar, as->finish), dl, binds ? binds : "?"));
    }
    /* a gate's lead time is the schedule's: it may let the moves go late */
    for (size_t k = 0; k < m->n_gates; k++) {
        const risk_gate *rg = &ra->gates[k];
        if (rg->n_workloads && rg->p_late >= 0.2)
            add(why, "gate_late", SL_VERDICT_CONDITIONAL, rg->p_late * rg->share,
                sl_arena_printf(ar,
                                "gate %s (%s) passes after the deadline with P %.0f%% and holds "
                                "%.1f%% of %s's workloads",
                                m->gates[k].id, m->gates[k].name, pct(rg->p_late),
                                pct(rg->share), id));
    }
}

/* " and the expected saving is S (if it passes: T)", from the cost
 * stage's split by gate outcome; "" when there is none. */
static const char *saving_if_refused(sl_arena *ar, const sl_model *m, const sl_agency_cost *ac,
                                     size_t gate)
{
    for (size_t k = 0; ac && k < ac->n_by_gate; k++) {
        const sl_saving_by_gate *bg = &ac->by_gate[k];
        if (bg->gate != gate || !bg->if_refused.iterations || !bg->if_passes.iterations)
            continue;
        return sl_arena_printf(ar, "; expected NPV saving then %s (if it passes: %s)",
                               risk_money(ar, bg->if_refused.npv_saving_mean, m->currency),
                               risk_money(ar, bg->if_passes.npv_saving_mean, m->currency));
    }
    return "";
}

/* Gate risk, judged once: P(allowed) and the mean share of workloads
 * refused gates hold back. A gate's outcome is chance, not a decision,
 * so it is shown as a scenario ("if X is refused") and never proposed
 * as a condition; what lifts the rule is leaving the workloads it holds
 * out of the move, or a scenario threshold. */
static void judge_gates(risk_ctx *c, sl_index a, const sl_sim_outcome *o, const sl_agency_cost *ac,
                        reasons *why, reasons *cond, reasons *good)
{
    const sl_model *m = c->m;
    const sl_verdict_rules *vr = &m->verdict;
    const risk_agency *ra = &c->agencies[a];
    sl_arena *ar = c->arena;
    const char *id = m->agencies[a].id;
    bool never = o->p_allowed <= 0;
    bool blocked_high = o->blocked_share > vr->max_blocked_share + 1e-12;
    if (!never && !blocked_high) {
        add(good, "blocked_share_ok", SL_VERDICT_GO, 0,
            sl_arena_printf(ar,
                            "%s is allowed (every gate on its workloads passes) with P %.1f%%; "
                            "gates hold back %.1f%% of its workloads on average, within %.1f%%",
                            id, pct(o->p_allowed), pct(o->blocked_share),
                            pct(vr->max_blocked_share)));
        return;
    }
    if (never)
        add(why, "gates_never_pass", SL_VERDICT_NO_GO, 1,
            sl_arena_printf(ar,
                            "in no iteration does every gate on %s's workloads pass "
                            "(P(allowed) 0%%): its move can never complete",
                            id));
    else
        add(why, "blocked_share_high", SL_VERDICT_CONDITIONAL,
            4 * (o->blocked_share - vr->max_blocked_share),
            sl_arena_printf(ar,
                            "%s is allowed (every gate on its workloads passes) with P %.1f%%; "
                            "refused gates hold back %.1f%% of its workloads on average, above "
                            "the %.1f%% a go allows",
                            id, pct(o->p_allowed), pct(o->blocked_share),
                            pct(vr->max_blocked_share)));
    add_cond(cond, why, "blocked_share",
             sl_arena_printf(ar,
                             "at most %.1f%% of workloads held back by gates that may be refused "
                             "(now %.1f%%): the workloads of the gates below left out of the "
                             "move; whether a gate passes is not a decision",
                             pct(vr->max_blocked_share), pct(o->blocked_share)));
    for (size_t g = 0; g < m->n_gates; g++) {
        const risk_gate *rg = &ra->gates[g];
        if (!rg->n_workloads || rg->p_fail <= 0)
            continue;
        add(why, "gate_may_fail", SL_VERDICT_CONDITIONAL, rg->p_fail * rg->share,
            sl_arena_printf(ar,
                            "if gate %s (%s) is refused (P %.0f%%), %zu of %s's workloads "
                            "(%.1f%%) cannot move%s",
                            m->gates[g].id, m->gates[g].name, pct(rg->p_fail), rg->n_workloads,
                            id, pct(rg->share), saving_if_refused(ar, m, ac, g)));
    }
}

/* The NPV rule reads the expected saving (the mean over the iterations),
 * not the median: the saving is two-humped when a gate may be refused,
 * and a median jumps between the humps as a pass probability crosses
 * their split, while the mean moves by the probability's own effect
 * (docs/COST.md). Without a Monte Carlo, the plan's figure. */
static void judge_npv(risk_ctx *c, sl_index a, const sl_agency_cost *ac, reasons *why,
                      reasons *cond, reasons *good)
{
    const sl_model *m = c->m;
    const sl_verdict_rules *vr = &m->verdict;
    sl_arena *ar = c->arena;
    (void)a;
    bool mc = isfinite(ac->npv_saving_mean);
    double saving = mc ? ac->npv_saving_mean : ac->npv_saving;
    const char *figures =
        mc ? sl_arena_printf(ar, "expected NPV saving %s, P(saving > 0) %.0f%%, P10 %s, P90 %s",
                             risk_money(ar, saving, m->currency), pct(ac->p_saving_positive),
                             risk_money(ar, ac->npv_saving_p10, m->currency),
                             risk_money(ar, ac->npv_saving_p90, m->currency))
           : sl_arena_printf(ar, "NPV saving %s if every gate passes and no move fails",
                             risk_money(ar, saving, m->currency));
    if (saving < vr->min_npv_saving) {
        double scale = fmax(fabs(ac->status_quo.npv), 1);
        add(why, "npv_negative", SL_VERDICT_CONDITIONAL, (vr->min_npv_saving - saving) / scale,
            sl_arena_printf(ar,
                            "over %d years at %g%% co-location is expected to %s %s against "
                            "staying (%s), short of the required saving of %s",
                            m->horizon_years, pct(m->discount_rate),
                            saving < 0 ? "cost" : "save",
                            risk_money(ar, fabs(saving), m->currency), figures ? figures : "?",
                            risk_money(ar, vr->min_npv_saving, m->currency)));
        add_cond(cond, why, "npv_saving",
                 sl_arena_printf(ar, "an expected NPV saving of at least %s (now %s)",
                                 risk_money(ar, vr->min_npv_saving, m->currency),
                                 risk_money(ar, saving, m->currency)));
    } else {
        add(good, "npv_ok", SL_VERDICT_GO, 0,
            sl_arena_printf(ar, "over %d years at %g%% co-location is expected to save %s (%s)",
                            m->horizon_years, pct(m->discount_rate),
                            risk_money(ar, saving, m->currency), figures ? figures : "?"));
    }
}

/* Every workload accounted for (issue 14): workloads that cannot move
 * and that the scenario does not declare to stay keep their hall open,
 * and the agency cannot be go; the reason says how many and why, by
 * unscheduled reason and, for the not-ready ones, by readiness reason. */
static void rule_unmovable(risk_ctx *c, sl_index a, reasons *why, reasons *cond, reasons *good)
{
    const sl_model *m = c->m;
    const sl_plan *p = c->p;
    const sl_schedule *s = p->schedule;
    sl_arena *ar = c->arena;
    if (!s || !s->per_agency[a].n_inventory)
        return;
    const sl_agency_schedule *as = &s->per_agency[a];
    const char *id = m->agencies[a].id;
    if (!as->n_unmovable) {
        add(good, "workloads_accounted", SL_VERDICT_GO, 0,
            sl_arena_printf(ar,
                            "all %zu of %s's workloads are accounted for: %zu move, %zu are "
                            "declared not to move",
                            as->n_inventory, id, as->n_moved, as->n_declared));
        return;
    }
    /* the not-ready ones by the readiness reasons that hold them */
    size_t by_code[SL_N_REASONS] = {0};
    for (size_t i = 0; i < m->n_workloads; i++) {
        const sl_workload_assessment *wa = &p->assessment->workloads[i];
        if (m->workloads[i].agency != a || wa->disposition != SL_DISPOSITION_MOVE ||
            wa->readiness != SL_NOT_READY)
            continue;
        for (size_t r = 0; r < wa->n_reasons; r++)
            if (wa->reasons[r].effect == SL_NOT_READY)
                by_code[wa->reasons[r].code]++;
    }
    sl_buf b = {0};
    for (int r = 0; r < SL_N_UNSCHED; r++) {
        if (!as->unmovable_by[r])
            continue;
        sl_buf_printf(&b, "%s%zu %s", b.len ? ", " : "", as->unmovable_by[r],
                      sl_unsched_name((sl_unsched_reason)r));
        if (r != SL_UNSCHED_NOT_READY)
            continue;
        const char *sep = " (";
        for (int k = 0; k < SL_N_REASONS; k++)
            if (by_code[k]) {
                sl_buf_printf(&b, "%s%s %zu", sep, sl_reason_name((sl_reason_code)k), by_code[k]);
                sep = ", ";
            }
        if (sep[0] == ',')
            sl_buf_puts(&b, ")");
    }
    const char *detail = b.failed ? NULL : sl_arena_strdup(ar, b.len ? b.data : "");
    sl_buf_free(&b);
    double share = (double)as->n_unmovable / (double)as->n_inventory;
    add(why, "workloads_unmovable", SL_VERDICT_CONDITIONAL, share,
        detail ? sl_arena_printf(ar,
                                 "%zu of %s's %zu workloads cannot move and are not declared to "
                                 "stay behind: %s; their halls stay open, and the cost keeps them",
                                 as->n_unmovable, id, as->n_inventory, detail)
               : NULL);
    add_cond(cond, why, "workloads_accounted",
             sl_arena_printf(ar,
                             "each of the %zu workloads moves or is declared to stay, retire or "
                             "be replaced (the agency's stays:, with a reason)",
                             as->n_unmovable));
}

/* The rules for one joining agency. */
static int judge(risk_ctx *c, sl_index a, sl_verdict *v)
{
    const sl_model *m = c->m;
    const sl_plan *p = c->p;
    const sl_verdict_rules *vr = &m->verdict;
    const sl_agency *ag = &m->agencies[a];
    const risk_agency *ra = &c->agencies[a];
    sl_arena *ar = c->arena;
    const char *id = ag->id;
    reasons why = {0}, cond = {0}, good = {0};

    if (!ra->n_workloads) {
        add(&why, "nothing_to_move", SL_VERDICT_CONDITIONAL, 0,
            sl_arena_printf(ar, "%s has no workloads in the inventory: nothing to judge", id));
        add_cond(&cond, &why, "inventory_missing",
                 sl_arena_printf(ar, "an inventory of %s's workloads", id));
    }
    const sl_sim_outcome *o = p->simulation ? &p->simulation->per_agency[a] : NULL;
    const sl_agency_cost *ac = p->cost ? &p->cost->per_agency[a] : NULL;
    if (ra->n_workloads && o) {
        judge_schedule(c, a, o, &why, &cond, &good);
        judge_gates(c, a, o, ac, &why, &cond, &good);
    }
    /* budget */
    if (ra->n_workloads && o && ag->budget > 0) {
        double limit = ag->budget * (1 + vr->budget_p90_margin);
        const char *p90 = risk_money(ar, o->cost_p90, m->currency);
        if (o->cost_p90 > limit) {
            /* only figures the reports show: the P90 cost and the budget */
            add(&why, "budget_exceeded", SL_VERDICT_CONDITIONAL, o->cost_p90 / limit - 1,
                sl_arena_printf(ar,
                                "the P90 migration cost %s exceeds the budget %s by more than "
                                "the %.0f%% margin",
                                p90, risk_money(ar, ag->budget, m->currency),
                                pct(vr->budget_p90_margin)));
            add_cond(&cond, &why, "budget",
                     sl_arena_printf(
                         ar, "a P90 migration cost within %s (now %s), or a budget of %s",
                         risk_money(ar, limit, m->currency), p90,
                         risk_money(ar, o->cost_p90 / (1 + vr->budget_p90_margin), m->currency)));
        } else {
            add(&good, "budget_ok", SL_VERDICT_GO, 0,
                sl_arena_printf(ar, "the P90 migration cost %s is within the budget %s plus %.0f%%",
                                p90, risk_money(ar, ag->budget, m->currency),
                                pct(vr->budget_p90_margin)));
        }
    }
    if (ac && ac->is_costed)
        judge_npv(c, a, ac, &why, &cond, &good);
    rule_unmovable(c, a, &why, &cond, &good);
    /* capacity */
    const sl_placement *pl = p->placement;
    if (ra->n_workloads && pl->target_site != SL_NONE && !pl->fits) {
        const sl_site_need *needs[] = {&pl->racks, &pl->kw, &pl->floor_m2};
        const char *names[] = {"racks", "kW", "m2 of floor"};
        sl_buf b = {0};
        double worst = 0;
        for (size_t i = 0; i < 3; i++) {
            if (needs[i]->fits)
                continue;
            worst = fmax(worst, -needs[i]->margin / fmax(needs[i]->need, 1e-9));
            sl_buf_printf(&b, "%s%.0f more %s", b.len ? ", " : "", -needs[i]->margin, names[i]);
        }
        const char *more = b.failed ? NULL : sl_arena_strdup(ar, b.len ? b.data : "");
        sl_buf_free(&b);
        add(&why, "capacity_short", SL_VERDICT_CONDITIONAL, worst,
            more ? sl_arena_printf(
                       ar, "the shared platform does not fit the target site: it needs %s", more)
                 : NULL);
        add_cond(&cond, &why, "capacity",
                 more ? sl_arena_printf(ar, "the target site gets %s", more) : NULL);
    }
    /* scored risks */
    const sl_risk *worst_risk = NULL;
    for (size_t i = 0; i < c->out->n_risks; i++) {
        const sl_risk *k = &c->out->risks[i];
        if (!k->is_scored || (k->agency != SL_NONE && k->agency != a))
            continue;
        if (!worst_risk || k->score > worst_risk->score)
            worst_risk = k;
        if (k->score <= vr->max_risk_score)
            continue;
        bool is_no_go = k->score >= vr->no_go_risk_score;
        add(&why, "risk_score_high", is_no_go ? SL_VERDICT_NO_GO : SL_VERDICT_CONDITIONAL,
            ((double)k->score - vr->max_risk_score) / 25.0,
            sl_arena_printf(ar, "risk %s (%s) scores %d (likelihood %d x impact %d), %s %g", k->id,
                            k->title ? k->title : "", k->score, k->likelihood, k->impact,
                            is_no_go ? "at or above the no-go threshold" : "above the go limit",
                            is_no_go ? vr->no_go_risk_score : vr->max_risk_score));
        add_cond(&cond, &why, "risk_mitigated",
                 sl_arena_printf(ar, "risk %s mitigated to a score of %g or less%s%s", k->id,
                                 vr->max_risk_score, k->mitigation && k->mitigation[0] ? ": " : "",
                                 k->mitigation ? k->mitigation : ""));
    }
    if (worst_risk && worst_risk->score <= vr->max_risk_score)
        add(&good, "risks_within_appetite", SL_VERDICT_GO, 0,
            sl_arena_printf(ar, "no scored risk above %g (highest: %s, %d)", vr->max_risk_score,
                            worst_risk->id, worst_risk->score));

    sl_verdict_kind worst = SL_VERDICT_GO;
    for (size_t i = 0; i < why.n; i++)
        if (why.items[i].effect > worst)
            worst = why.items[i].effect;
    v->verdict = worst;
    /* a list that could not grow may have lost the reason that decides
     * the verdict, so the verdict itself is not known */
    bool lost = why.failed || good.failed;
    int rc;
    if (worst == SL_VERDICT_GO) {
        sl_free(why.items);
        sl_free(cond.items);
        memset(&cond, 0, sizeof cond);
        rc = settle(ar, &good, &v->reasons, &v->n_reasons);
    } else {
        sl_free(good.items);
        rc = settle(ar, &why, &v->reasons, &v->n_reasons);
    }
    int r2 = settle(ar, &cond, &v->conditions, &v->n_conditions);
    return rc ? rc : r2 ? r2 : lost ? SL_ENOMEM : 0;
}

/* The host: does the platform fit, and is its cost charged back. */
static int host_statement(risk_ctx *c, sl_index a, sl_verdict *v)
{
    const sl_model *m = c->m;
    const sl_plan *p = c->p;
    const sl_placement *pl = p->placement;
    sl_arena *ar = c->arena;
    reasons why = {0};
    v->verdict = SL_VERDICT_HOST;
    const sl_platform *pf = &pl->shared;
    if (pl->target_site != SL_NONE) {
        const sl_site *t = &m->sites[pl->target_site];
        const sl_site_need *needs[] = {&pl->racks, &pl->kw, &pl->floor_m2};
        const char *names[] = {"racks", "kW", "m2"};
        sl_buf b = {0};
        for (size_t i = 0; i < 3; i++) {
            if (needs[i]->free < 0)
                continue;
            sl_buf_printf(&b, "%s%.0f of %.0f free %s %s", b.len ? ", " : "", needs[i]->need,
                          needs[i]->free, names[i], needs[i]->fits ? "used" : "needed");
        }
        const char *detail =
            b.failed ? NULL : sl_arena_strdup(ar, b.len ? b.data : "no capacity given");
        sl_buf_free(&b);
        add(&why, pl->fits ? "capacity_fits" : "capacity_short",
            pl->fits ? SL_VERDICT_GO : SL_VERDICT_CONDITIONAL, 0,
            detail ? sl_arena_printf(ar,
                                     "the shared platform (%zu hosts, %zu racks, %.0f kW at the "
                                     "facility) %s %s: %s",
                                     pf->hosts_total, pf->racks, pf->facility_kw,
                                     pl->fits ? "fits" : "does not fit", t->id, detail)
                   : NULL);
    }
    const sl_costing *co = p->cost;
    if (co) {
        sl_buf b = {0};
        for (size_t k = 0; k < m->n_agencies; k++) {
            const sl_chargeback *cb = &co->chargeback[k];
            if (cb->fee_per_year <= 0)
                continue;
            sl_buf_printf(&b, "%s%s %s", b.len ? ", " : "", m->agencies[k].id,
                          risk_money(ar, cb->fee_per_year, m->currency));
        }
        double cost = 0, charged = 0;
        for (int y = 0; y < co->n_years; y++) {
            cost += co->platform_cost[y];
            charged += co->platform_charged[y];
        }
        const char *who = b.failed ? NULL : sl_arena_strdup(ar, b.len ? b.data : "nobody");
        sl_buf_free(&b);
        add(&why, "platform_cost", SL_VERDICT_GO, 0,
            who ? sl_arena_printf(ar,
                                  "the shared platform costs %s a year at run rate (%s of "
                                  "hardware); charged back a year: %s",
                                  risk_money(ar, co->platform_per_year, m->currency),
                                  risk_money(ar, co->platform_hardware, m->currency), who)
                : NULL);
        bool recovered = fabs(cost - charged) <= 1e-6 * fmax(1, cost);
        add(&why, recovered ? "cost_recovered" : "cost_not_recovered",
            recovered ? SL_VERDICT_GO : SL_VERDICT_CONDITIONAL, 0,
            sl_arena_printf(ar, "over %d years the platform costs %s and %s is charged back%s",
                            co->n_years, risk_money(ar, cost, m->currency),
                            risk_money(ar, charged, m->currency),
                            recovered ? " in full" : ": the host carries the rest"));
    }
    (void)a;
    return settle(ar, &why, &v->reasons, &v->n_reasons);
}

/* An agency that stays out (joins: false): no verdict to judge, one
 * statement of what staying out means in this plan. */
static int out_statement(risk_ctx *c, sl_index a, sl_verdict *v)
{
    const sl_model *m = c->m;
    reasons why = {0};
    v->verdict = SL_VERDICT_OUT;
    size_t n = 0;
    for (size_t i = 0; i < m->n_workloads; i++)
        n += m->workloads[i].agency == a;
    add(&why, "stays_out", SL_VERDICT_OUT, 0,
        sl_arena_printf(c->arena,
                        "%s stays out (joins: false): its %zu workloads stay in its own halls, "
                        "and it pays nothing of the shared platform",
                        m->agencies[a].id, n));
    return settle(c->arena, &why, &v->reasons, &v->n_reasons);
}

int risk_verdicts(risk_ctx *c)
{
    const sl_model *m = c->m;
    sl_risk_register *r = c->out;
    r->verdicts = sl_arena_array(c->arena, m->n_agencies ? m->n_agencies : 1, sizeof *r->verdicts);
    if (!r->verdicts)
        return SL_ENOMEM;
    r->n_verdicts = m->n_agencies;
    for (size_t a = 0; a < m->n_agencies; a++) {
        sl_verdict *v = &r->verdicts[a];
        v->agency = (sl_index)a;
        int rc = m->agencies[a].role == SL_ROLE_HOST     ? host_statement(c, (sl_index)a, v)
                 : sl_agency_stays_out(&m->agencies[a]) ? out_statement(c, (sl_index)a, v)
                                                         : judge(c, (sl_index)a, v);
        if (rc)
            return rc;
    }
    return 0;
}
