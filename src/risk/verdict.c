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
    const char *currency; /* the scenario's, for amounts in the texts */
} reasons;

/* Adds a reason whose sentence is the phrase b holds (its English text
 * rendered from it). */
static void add(reasons *r, const char *code, sl_verdict_kind effect, double magnitude,
                sl_phrase_builder *b)
{
    sl_phrase ph;
    bool ok = sl_pb_end(b, &ph);
    if (r->failed)
        return;
    const char *text = ok ? sl_phrase_text(b->arena, &ph, NULL, r->currency) : NULL;
    if (!text || SL_GROW(r->items, r->cap, r->n + 1)) {
        r->failed = true;
        return;
    }
    double m = magnitude < 0 ? 0 : magnitude > 1 ? 1 : magnitude;
    double base = effect == SL_VERDICT_NO_GO ? 30 : effect == SL_VERDICT_CONDITIONAL ? 20 : 10;
    r->items[r->n++] = (sl_verdict_reason){code, text, effect, base + 10 * m, ph};
}

/* A condition that would lift the reason just added: it weighs the same. */
static void add_cond(reasons *cond, const reasons *why, const char *code, sl_phrase_builder *b)
{
    if (why->failed || !why->n) {
        add(cond, code, SL_VERDICT_CONDITIONAL, 0, b);
        return;
    }
    const sl_verdict_reason *last = &why->items[why->n - 1];
    double base = last->effect == SL_VERDICT_NO_GO         ? 30
                  : last->effect == SL_VERDICT_CONDITIONAL ? 20
                                                           : 10;
    add(cond, code, last->effect, (last->weight - base) / 10, b);
}

/* A one-item list argument: the phrase b holds. */
static void add_item(sl_phrase_builder *to, const char *name, sl_phrase_builder *b)
{
    sl_phrase item;
    if (sl_pb_end(b, &item))
        sl_pb_list(to, name, &item, 1);
    else
        to->failed = true;
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

/* What the last move waits for, as a phrase begun in b. */
static void binds_phrase(sl_phrase_builder *b, sl_arena *ar, const sl_model *m,
                         const sl_agency_schedule *as)
{
    if (as->binds == SL_BINDS_GATE && as->binding_gate != SL_NONE) {
        sl_pb_begin(b, ar, "gate {gate}");
        sl_pb_text(b, "gate", m->gates[as->binding_gate].id);
        return;
    }
    switch (as->binds) {
    case SL_BINDS_GATE:
        sl_pb_begin(b, ar, "a gate");
        break;
    case SL_BINDS_FREEZE:
        sl_pb_begin(b, ar, "a freeze period");
        break;
    case SL_BINDS_STAFF:
        sl_pb_begin(b, ar, "staff hours");
        break;
    case SL_BINDS_BANDWIDTH:
        sl_pb_begin(b, ar, "link bandwidth");
        break;
    case SL_BINDS_CRITICAL:
        sl_pb_begin(b, ar, "the cap on critical groups per window");
        break;
    case SL_BINDS_WORKLOADS:
        sl_pb_begin(b, ar, "the cap on workloads per window");
        break;
    case SL_BINDS_CAPACITY:
        sl_pb_begin(b, ar, "room at the target");
        break;
    default:
        sl_pb_begin(b, ar, "nothing in particular");
    }
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
    sl_phrase_builder b;
    if (q < vr->go_p_on_time) {
        bool no_go = q < vr->conditional_p_on_time;
        double need = no_go ? vr->conditional_p_on_time : vr->go_p_on_time;
        sl_pb_begin(&b, ar,
                    no_go ? N_("if every gate passes, {agency} is done by the deadline "
                            "{deadline:date} with P {p:pct1} (P(on time | allowed); P80 finish "
                            "{p80:date}), below the {need:pct0} a conditional verdict needs")
                          : N_("if every gate passes, {agency} is done by the deadline "
                            "{deadline:date} with P {p:pct1} (P(on time | allowed); P80 finish "
                            "{p80:date}), below the {need:pct0} a go needs"));
        sl_pb_text(&b, "agency", id);
        sl_pb_date(&b, "deadline", m->deadline);
        sl_pb_num(&b, "p", q);
        if (g)
            sl_pb_date(&b, "p80", g->finish_p80);
        else
            sl_pb_text(&b, "p80", "?");
        sl_pb_num(&b, "need", need);
        add(why, "schedule_p_on_time_low", no_go ? SL_VERDICT_NO_GO : SL_VERDICT_CONDITIONAL,
            (need - q) / fmax(need, 1e-9), &b);
    } else {
        sl_pb_begin(&b, ar,
                    "if every gate passes, {agency} is done by the deadline {deadline:date} with "
                    "P {p:pct1} (P(on time | allowed)), at least the {need:pct0} a go needs");
        sl_pb_text(&b, "agency", id);
        sl_pb_date(&b, "deadline", m->deadline);
        sl_pb_num(&b, "p", q);
        sl_pb_num(&b, "need", vr->go_p_on_time);
        add(good, "schedule_p_on_time_ok", SL_VERDICT_GO, q - vr->go_p_on_time, &b);
        return;
    }
    sl_pb_begin(&b, ar,
                "P(on time | allowed) reaches {need:pct0} (now {p:pct1}): more migration hours, "
                "wider change windows or a deadline later than {deadline:date}");
    sl_pb_num(&b, "need", vr->go_p_on_time);
    sl_pb_num(&b, "p", q);
    sl_pb_date(&b, "deadline", m->deadline);
    add_cond(cond, why, "schedule_p_on_time", &b);
    const sl_agency_schedule *as = p->schedule ? &p->schedule->per_agency[a] : NULL;
    if (as && (as->finish == SL_DATE_NONE || as->finish > m->deadline)) {
        sl_phrase_builder bi;
        binds_phrase(&bi, ar, m, as);
        sl_pb_begin(&b, ar,
                    "the plan with likely values and no failed move finishes {finish:date}, after "
                    "the deadline {deadline:date}; the last move waits for {binds:list}");
        sl_pb_date(&b, "finish", as->finish);
        sl_pb_date(&b, "deadline", m->deadline);
        add_item(&b, "binds", &bi);
        add(why, "schedule_plan_late", SL_VERDICT_CONDITIONAL, 0, &b);
    }
    /* a gate's lead time is the schedule's: it may let the moves go late */
    for (size_t k = 0; k < m->n_gates; k++) {
        const risk_gate *rg = &ra->gates[k];
        if (!rg->n_workloads || rg->p_late < 0.2)
            continue;
        sl_pb_begin(&b, ar,
                    "gate {gate} ({gate_name}) passes after the deadline with P {p:pct0} and "
                    "holds {share:pct1} of {agency}'s workloads");
        sl_pb_text(&b, "gate", m->gates[k].id);
        sl_pb_text(&b, "gate_name", m->gates[k].name);
        sl_pb_num(&b, "p", rg->p_late);
        sl_pb_num(&b, "share", rg->share);
        sl_pb_text(&b, "agency", id);
        add(why, "gate_late", SL_VERDICT_CONDITIONAL, rg->p_late * rg->share, &b);
    }
}

/* "; the expected saving is S (if it passes: T)", from the cost stage's
 * split by gate outcome, as the list argument `then` of b (no item when
 * there is no split). */
static void saving_if_refused(sl_phrase_builder *b, const sl_agency_cost *ac, size_t gate)
{
    for (size_t k = 0; ac && k < ac->n_by_gate; k++) {
        const sl_saving_by_gate *bg = &ac->by_gate[k];
        if (bg->gate != gate || !bg->if_refused.iterations || !bg->if_passes.iterations)
            continue;
        sl_phrase_builder t;
        sl_pb_begin(&t, b->arena, "; expected NPV saving then {refused:money} (if it passes: "
                                  "{passes:money})");
        sl_pb_num(&t, "refused", bg->if_refused.npv_saving_mean);
        sl_pb_num(&t, "passes", bg->if_passes.npv_saving_mean);
        add_item(b, "then", &t);
        return;
    }
    sl_pb_list(b, "then", NULL, 0);
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
    sl_phrase_builder b;
    if (!never && !blocked_high) {
        sl_pb_begin(&b, ar,
                    "{agency} is allowed (every gate on its workloads passes) with P {p:pct1}; "
                    "gates hold back {blocked:pct1} of its workloads on average, within "
                    "{max:pct1}");
        sl_pb_text(&b, "agency", id);
        sl_pb_num(&b, "p", o->p_allowed);
        sl_pb_num(&b, "blocked", o->blocked_share);
        sl_pb_num(&b, "max", vr->max_blocked_share);
        add(good, "blocked_share_ok", SL_VERDICT_GO, 0, &b);
        return;
    }
    if (never) {
        sl_pb_begin(&b, ar,
                    "in no iteration does every gate on {agency}'s workloads pass (P(allowed) "
                    "0%): its move can never complete");
        sl_pb_text(&b, "agency", id);
        add(why, "gates_never_pass", SL_VERDICT_NO_GO, 1, &b);
    } else {
        sl_pb_begin(&b, ar,
                    "{agency} is allowed (every gate on its workloads passes) with P {p:pct1}; "
                    "refused gates hold back {blocked:pct1} of its workloads on average, above "
                    "the {max:pct1} a go allows");
        sl_pb_text(&b, "agency", id);
        sl_pb_num(&b, "p", o->p_allowed);
        sl_pb_num(&b, "blocked", o->blocked_share);
        sl_pb_num(&b, "max", vr->max_blocked_share);
        add(why, "blocked_share_high", SL_VERDICT_CONDITIONAL,
            4 * (o->blocked_share - vr->max_blocked_share), &b);
    }
    sl_pb_begin(&b, ar,
                "at most {max:pct1} of workloads held back by gates that may be refused (now "
                "{blocked:pct1}): the workloads of the gates below left out of the move; whether "
                "a gate passes is not a decision");
    sl_pb_num(&b, "max", vr->max_blocked_share);
    sl_pb_num(&b, "blocked", o->blocked_share);
    add_cond(cond, why, "blocked_share", &b);
    for (size_t g = 0; g < m->n_gates; g++) {
        const risk_gate *rg = &ra->gates[g];
        if (!rg->n_workloads || rg->p_fail <= 0)
            continue;
        sl_pb_begin(&b, ar,
                    "if gate {gate} ({gate_name}) is refused (P {p:pct0}), {n:int} of {agency}'s "
                    "workloads ({share:pct1}) cannot move{then:list}");
        sl_pb_text(&b, "gate", m->gates[g].id);
        sl_pb_text(&b, "gate_name", m->gates[g].name);
        sl_pb_num(&b, "p", rg->p_fail);
        sl_pb_num(&b, "n", (double)rg->n_workloads);
        sl_pb_text(&b, "agency", id);
        sl_pb_num(&b, "share", rg->share);
        saving_if_refused(&b, ac, g);
        add(why, "gate_may_fail", SL_VERDICT_CONDITIONAL, rg->p_fail * rg->share, &b);
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
    sl_phrase_builder f, b;
    if (mc) {
        sl_pb_begin(&f, ar,
                    "expected NPV saving {saving:money}, P(saving > 0) {p:pct0}, P10 "
                    "{p10:money}, P90 {p90:money}");
        sl_pb_num(&f, "saving", saving);
        sl_pb_num(&f, "p", ac->p_saving_positive);
        sl_pb_num(&f, "p10", ac->npv_saving_p10);
        sl_pb_num(&f, "p90", ac->npv_saving_p90);
    } else {
        sl_pb_begin(&f, ar, "NPV saving {saving:money} if every gate passes and no move fails");
        sl_pb_num(&f, "saving", saving);
    }
    if (saving < vr->min_npv_saving) {
        double scale = fmax(fabs(ac->status_quo.npv), 1);
        sl_pb_begin(&b, ar,
                    saving < 0 ? N_("over {years:int} years at {rate:pctg} co-location is expected "
                                 "to cost {amount:money} against staying ({figures:list}), short "
                                 "of the required saving of {min:money}")
                               : N_("over {years:int} years at {rate:pctg} co-location is expected "
                                 "to save {amount:money} against staying ({figures:list}), short "
                                 "of the required saving of {min:money}"));
        sl_pb_num(&b, "years", m->horizon_years);
        sl_pb_num(&b, "rate", m->discount_rate);
        sl_pb_num(&b, "amount", fabs(saving));
        add_item(&b, "figures", &f);
        sl_pb_num(&b, "min", vr->min_npv_saving);
        add(why, "npv_negative", SL_VERDICT_CONDITIONAL, (vr->min_npv_saving - saving) / scale,
            &b);
        sl_pb_begin(&b, ar, "an expected NPV saving of at least {min:money} (now {saving:money})");
        sl_pb_num(&b, "min", vr->min_npv_saving);
        sl_pb_num(&b, "saving", saving);
        add_cond(cond, why, "npv_saving", &b);
    } else {
        sl_pb_begin(&b, ar,
                    "over {years:int} years at {rate:pctg} co-location is expected to save "
                    "{saving:money} ({figures:list})");
        sl_pb_num(&b, "years", m->horizon_years);
        sl_pb_num(&b, "rate", m->discount_rate);
        sl_pb_num(&b, "saving", saving);
        add_item(&b, "figures", &f);
        add(good, "npv_ok", SL_VERDICT_GO, 0, &b);
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
    sl_phrase_builder b;
    if (!as->n_unmovable) {
        sl_pb_begin(&b, ar,
                    "all {n:int} of {agency}'s workloads are accounted for: {moved:int} move, "
                    "{declared:int} are declared not to move");
        sl_pb_num(&b, "n", (double)as->n_inventory);
        sl_pb_text(&b, "agency", id);
        sl_pb_num(&b, "moved", (double)as->n_moved);
        sl_pb_num(&b, "declared", (double)as->n_declared);
        add(good, "workloads_accounted", SL_VERDICT_GO, 0, &b);
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
    /* "3 not_ready (os_unsupported 2, class_not_allowed 1), 1 no_window" */
    sl_phrase items[SL_N_UNSCHED], codes[SL_N_REASONS];
    size_t n_items = 0;
    sl_phrase_builder ib;
    bool ok = true;
    for (int r = 0; r < SL_N_UNSCHED; r++) {
        if (!as->unmovable_by[r])
            continue;
        size_t n_codes = 0;
        for (int k = 0; r == SL_UNSCHED_NOT_READY && k < SL_N_REASONS; k++) {
            if (!by_code[k])
                continue;
            sl_pb_begin(&ib, ar, "{code:tr} {n:int}");
            sl_pb_text(&ib, "code", sl_reason_name((sl_reason_code)k));
            sl_pb_num(&ib, "n", (double)by_code[k]);
            ok = sl_pb_end(&ib, &codes[n_codes++]) && ok;
        }
        sl_pb_begin(&ib, ar, n_codes ? N_("{n:int} {reason:tr} ({codes:list})") : N_("{n:int} {reason:tr}"));
        sl_pb_num(&ib, "n", (double)as->unmovable_by[r]);
        sl_pb_text(&ib, "reason", sl_unsched_name((sl_unsched_reason)r));
        if (n_codes)
            sl_pb_list(&ib, "codes", codes, n_codes);
        ok = sl_pb_end(&ib, &items[n_items++]) && ok;
    }
    double share = (double)as->n_unmovable / (double)as->n_inventory;
    sl_pb_begin(&b, ar,
                "{n:int} of {agency}'s {total:int} workloads cannot move and are not declared to "
                "stay behind: {detail:list}; their halls stay open, and the cost keeps them");
    sl_pb_num(&b, "n", (double)as->n_unmovable);
    sl_pb_text(&b, "agency", id);
    sl_pb_num(&b, "total", (double)as->n_inventory);
    sl_pb_list(&b, "detail", items, n_items);
    b.failed = b.failed || !ok;
    add(why, "workloads_unmovable", SL_VERDICT_CONDITIONAL, share, &b);
    sl_pb_begin(&b, ar,
                N_("the {n:int} workload moves or is declared to stay, retire or be replaced "
                   "(the agency's stays:, with a reason)"));
    sl_pb_plural(&b,
                 N_("each of the {n:int} workloads moves or is declared to stay, retire or be "
                    "replaced (the agency's stays:, with a reason)"),
                 "n");
    sl_pb_num(&b, "n", (double)as->n_unmovable);
    add_cond(cond, why, "workloads_accounted", &b);
}

/* The rules for one joining agency. */
double risk_budget_to_go(double cost_p90, double margin)
{
    double x = cost_p90 / (1 + margin);
    if (x <= 0)
        return 0;
    /* three significant digits, and never finer than the reports show
     * money (sl_fmt_money: 0.01 bn, 0.1 M, 1 k), so the figure read is
     * the figure set */
    double step = pow(10, floor(log10(x)) - 2);
    double shown = x >= 1e9 ? 1e7 : x >= 1e6 ? 1e5 : x >= 1e3 ? 1e3 : 1;
    step = fmax(step, shown);
    return ceil(x / step - 1e-9) * step;
}

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
    why.currency = cond.currency = good.currency = m->currency;
    sl_phrase_builder b;

    if (!ra->n_workloads) {
        sl_pb_begin(&b, ar, "{agency} has no workloads in the inventory: nothing to judge");
        sl_pb_text(&b, "agency", id);
        add(&why, "nothing_to_move", SL_VERDICT_CONDITIONAL, 0, &b);
        sl_pb_begin(&b, ar, "an inventory of {agency}'s workloads");
        sl_pb_text(&b, "agency", id);
        add_cond(&cond, &why, "inventory_missing", &b);
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
        if (o->cost_p90 > limit) {
            /* only figures the reports show: the P90 cost and the budget */
            sl_pb_begin(&b, ar,
                        "the P90 migration cost {p90:money} exceeds the budget {budget:money} by "
                        "more than the {margin:pct0} margin");
            sl_pb_num(&b, "p90", o->cost_p90);
            sl_pb_num(&b, "budget", ag->budget);
            sl_pb_num(&b, "margin", vr->budget_p90_margin);
            add(&why, "budget_exceeded", SL_VERDICT_CONDITIONAL, o->cost_p90 / limit - 1, &b);
            sl_pb_begin(&b, ar,
                        "a P90 migration cost within {limit:money} (now {p90:money}), or a budget "
                        "of {want:money}");
            sl_pb_num(&b, "limit", limit);
            sl_pb_num(&b, "p90", o->cost_p90);
            sl_pb_num(&b, "want", risk_budget_to_go(o->cost_p90, vr->budget_p90_margin));
            add_cond(&cond, &why, "budget", &b);
        } else {
            sl_pb_begin(&b, ar,
                        "the P90 migration cost {p90:money} is within the budget {budget:money} "
                        "plus {margin:pct0}");
            sl_pb_num(&b, "p90", o->cost_p90);
            sl_pb_num(&b, "budget", ag->budget);
            sl_pb_num(&b, "margin", vr->budget_p90_margin);
            add(&good, "budget_ok", SL_VERDICT_GO, 0, &b);
        }
    }
    if (ac && ac->is_costed)
        judge_npv(c, a, ac, &why, &cond, &good);
    rule_unmovable(c, a, &why, &cond, &good);
    /* capacity */
    const sl_placement *pl = p->placement;
    if (ra->n_workloads && pl->target_site != SL_NONE && !pl->fits) {
        const sl_site_need *needs[] = {&pl->racks, &pl->kw, &pl->floor_m2};
        const char *const more_of[] = {N_("{n:int} more rack"), N_("{n:int} more kW"),
                                       N_("{n:int} more m2 of floor")};
        sl_phrase more[3];
        size_t n_more = 0;
        bool ok = true;
        double worst = 0;
        for (size_t i = 0; i < 3; i++) {
            if (needs[i]->fits)
                continue;
            worst = fmax(worst, -needs[i]->margin / fmax(needs[i]->need, 1e-9));
            sl_phrase_builder ib;
            sl_pb_begin(&ib, ar, more_of[i]);
            if (i == 0)
                sl_pb_plural(&ib, N_("{n:int} more racks"), "n");
            sl_pb_num(&ib, "n", -needs[i]->margin);
            ok = sl_pb_end(&ib, &more[n_more++]) && ok;
        }
        sl_pb_begin(&b, ar, "the shared platform does not fit the target site: it needs "
                            "{more:list}");
        sl_pb_list(&b, "more", more, n_more);
        b.failed = b.failed || !ok;
        add(&why, "capacity_short", SL_VERDICT_CONDITIONAL, worst, &b);
        sl_pb_begin(&b, ar, "the target site gets {more:list}");
        sl_pb_list(&b, "more", more, n_more);
        b.failed = b.failed || !ok;
        add_cond(&cond, &why, "capacity", &b);
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
        sl_pb_begin(&b, ar,
                    is_no_go ? N_("risk {risk} ({title:list}) scores {score:int} (likelihood "
                               "{likelihood:int} x impact {impact:int}), at or above the no-go "
                               "threshold {threshold:g}")
                             : N_("risk {risk} ({title:list}) scores {score:int} (likelihood "
                               "{likelihood:int} x impact {impact:int}), above the go limit "
                               "{threshold:g}"));
        sl_pb_text(&b, "risk", k->id);
        sl_phrase title = risk_text_phrase(ar, &k->title_phrase, k->title);
        sl_pb_list(&b, "title", &title, 1);
        sl_pb_num(&b, "score", k->score);
        sl_pb_num(&b, "likelihood", k->likelihood);
        sl_pb_num(&b, "impact", k->impact);
        sl_pb_num(&b, "threshold", is_no_go ? vr->no_go_risk_score : vr->max_risk_score);
        add(&why, "risk_score_high", is_no_go ? SL_VERDICT_NO_GO : SL_VERDICT_CONDITIONAL,
            ((double)k->score - vr->max_risk_score) / 25.0, &b);
        bool has_mitigation = k->mitigation && k->mitigation[0];
        sl_pb_begin(&b, ar,
                    has_mitigation
                        ? N_("risk {risk} mitigated to a score of {max:g} or less: {mitigation:list}")
                        : N_("risk {risk} mitigated to a score of {max:g} or less"));
        sl_pb_text(&b, "risk", k->id);
        sl_pb_num(&b, "max", vr->max_risk_score);
        if (has_mitigation) {
            sl_phrase mit = risk_text_phrase(ar, &k->mitigation_phrase, k->mitigation);
            sl_pb_list(&b, "mitigation", &mit, 1);
        }
        add_cond(&cond, &why, "risk_mitigated", &b);
    }
    if (worst_risk && worst_risk->score <= vr->max_risk_score) {
        sl_pb_begin(&b, ar, "no scored risk above {max:g} (highest: {risk}, {score:int})");
        sl_pb_num(&b, "max", vr->max_risk_score);
        sl_pb_text(&b, "risk", worst_risk->id);
        sl_pb_num(&b, "score", worst_risk->score);
        add(&good, "risks_within_appetite", SL_VERDICT_GO, 0, &b);
    }

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
    why.currency = m->currency;
    v->verdict = SL_VERDICT_HOST;
    const sl_platform *pf = &pl->shared;
    sl_phrase_builder b, ib;
    if (pl->target_site != SL_NONE) {
        const sl_site *t = &m->sites[pl->target_site];
        const sl_site_need *needs[] = {&pl->racks, &pl->kw, &pl->floor_m2};
        static const char *const used[] = {N_("{need:int} of {free:int} free racks used"),
                                           N_("{need:int} of {free:int} free kW used"),
                                           N_("{need:int} of {free:int} free m2 used")};
        static const char *const needed[] = {N_("{need:int} of {free:int} free racks needed"),
                                             N_("{need:int} of {free:int} free kW needed"),
                                             N_("{need:int} of {free:int} free m2 needed")};
        sl_phrase items[3];
        size_t n = 0;
        bool ok = true;
        for (size_t i = 0; i < 3; i++) {
            if (needs[i]->free < 0)
                continue;
            sl_pb_begin(&ib, ar, needs[i]->fits ? used[i] : needed[i]);
            sl_pb_num(&ib, "need", needs[i]->need);
            sl_pb_num(&ib, "free", needs[i]->free);
            ok = sl_pb_end(&ib, &items[n++]) && ok;
        }
        if (!n) {
            sl_pb_begin(&ib, ar, "no capacity given");
            ok = sl_pb_end(&ib, &items[n++]) && ok;
        }
        sl_pb_begin(&b, ar,
                    pl->fits ? N_("the shared platform ({hosts:int} hosts, {racks:int} racks, "
                                  "{kw:int} kW at the facility) fits {site}: {detail:list}")
                             : N_("the shared platform ({hosts:int} hosts, {racks:int} racks, "
                                  "{kw:int} kW at the facility) does not fit {site}: "
                                  "{detail:list}"));
        sl_pb_num(&b, "hosts", (double)pf->hosts_total);
        sl_pb_num(&b, "racks", (double)pf->racks);
        sl_pb_num(&b, "kw", pf->facility_kw);
        sl_pb_text(&b, "site", t->id);
        sl_pb_list(&b, "detail", items, n);
        b.failed = b.failed || !ok;
        add(&why, pl->fits ? "capacity_fits" : "capacity_short",
            pl->fits ? SL_VERDICT_GO : SL_VERDICT_CONDITIONAL, 0, &b);
    }
    const sl_costing *co = p->cost;
    if (co) {
        sl_phrase *who = sl_arena_array(ar, m->n_agencies + 1, sizeof *who);
        size_t n = 0;
        bool ok = who != NULL;
        for (size_t k = 0; ok && k < m->n_agencies; k++) {
            const sl_chargeback *cb = &co->chargeback[k];
            if (cb->fee_per_year <= 0)
                continue;
            sl_pb_begin(&ib, ar, "{agency} {fee:money}");
            sl_pb_text(&ib, "agency", m->agencies[k].id);
            sl_pb_num(&ib, "fee", cb->fee_per_year);
            ok = sl_pb_end(&ib, &who[n++]);
        }
        if (ok && !n) {
            sl_pb_begin(&ib, ar, "nobody");
            ok = sl_pb_end(&ib, &who[n++]);
        }
        double cost = 0, charged = 0;
        for (int y = 0; y < co->n_years; y++) {
            cost += co->platform_cost[y];
            charged += co->platform_charged[y];
        }
        sl_pb_begin(&b, ar,
                    "the shared platform costs {per_year:money} a year at run rate "
                    "({hardware:money} of hardware); charged back a year: {who:list}");
        sl_pb_num(&b, "per_year", co->platform_per_year);
        sl_pb_num(&b, "hardware", co->platform_hardware);
        if (ok)
            sl_pb_list(&b, "who", who, n);
        b.failed = b.failed || !ok;
        add(&why, "platform_cost", SL_VERDICT_GO, 0, &b);
        bool recovered = fabs(cost - charged) <= 1e-6 * fmax(1, cost);
        sl_pb_begin(&b, ar,
                    recovered ? N_("over {years:int} years the platform costs {cost:money} undiscounted "
                                   "(one-offs and the host's staff included) and "
                                   "{charged:money} is charged back in full")
                              : N_("over {years:int} years the platform costs {cost:money} undiscounted "
                                   "(one-offs and the host's staff included) and "
                                   "{charged:money} is charged back: the host carries the rest"));
        sl_pb_num(&b, "years", co->n_years);
        sl_pb_num(&b, "cost", cost);
        sl_pb_num(&b, "charged", charged);
        add(&why, recovered ? "cost_recovered" : "cost_not_recovered",
            recovered ? SL_VERDICT_GO : SL_VERDICT_CONDITIONAL, 0, &b);
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
    why.currency = m->currency;
    v->verdict = SL_VERDICT_OUT;
    size_t n = 0;
    for (size_t i = 0; i < m->n_workloads; i++)
        n += m->workloads[i].agency == a;
    sl_phrase_builder b;
    sl_pb_begin(&b, c->arena,
                N_("{agency} stays out (joins: false): its {n:int} workload stays in its own "
                   "hall, and it pays nothing of the shared platform"));
    sl_pb_plural(&b,
                 N_("{agency} stays out (joins: false): its {n:int} workloads stay in its own "
                    "halls, and it pays nothing of the shared platform"),
                 "n");
    sl_pb_text(&b, "agency", m->agencies[a].id);
    sl_pb_num(&b, "n", (double)n);
    add(&why, "stays_out", SL_VERDICT_OUT, 0, &b);
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
