/* SPDX-License-Identifier: MIT */
/*
 * register.c - the risk register: the scenario's declared risks and the
 * risks the plan itself shows, each scored likelihood x impact on 1..5
 * scales, and the stage's entry point.
 *
 * Computed risks, per joining agency (codes are stable; docs/COST.md):
 *   schedule_late      P(not on time) and how late the P80 finish is
 *   gate_may_fail      a gate that may be refused, by the share of the
 *                      agency's workloads it holds back
 *   gate_late          a gate whose lead time may run past the deadline
 *   capacity_short     the target site lacks room for the shared platform
 *   staff_hours_short  planned migration hours against the hours left
 *                      (after early leavers) from the platform's start to
 *                      the deadline, freezes not deducted
 *   staff_attrition    staff declining to follow the systems, and the
 *                      migration hours lost when they leave early
 *   not_ready          workloads assess says cannot move
 *   readiness_unknown  workloads the inventory says too little about
 *   budget_exceeded    P(migration cost over budget) and the P90 overrun
 *   npv_negative       P(co-location costs more than staying)
 *   hard_flows_cut     latency-sensitive flows the group stage cut to fit
 *                      clusters into windows, by how long they cross the
 *                      WAN (cut_flows.c)
 * Likelihood comes from a probability through fixed bands (risk_band);
 * impact from the share of workloads touched or the size of an overrun.
 * Risks that restate a verdict rule (schedule, gates, capacity, budget,
 * NPV, staff hours) are not scored against the risk-score thresholds:
 * their rule decides, and counting them twice would let one cause decide
 * twice.
 */
#include "risk/risk.h"

#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAYS_PER_MONTH 30.436875

int risk_band(double p)
{
    return p < 0.05 ? 1 : p < 0.2 ? 2 : p < 0.5 ? 3 : p < 0.8 ? 4 : 5;
}

int risk_impact_share(double share)
{
    return share < 0.05 ? 2 : share < 0.2 ? 3 : share < 0.5 ? 4 : 5;
}

const char *risk_money(sl_arena *a, double v, const char *currency)
{
    char buf[96];
    sl_fmt_money(buf, sizeof buf, NULL, v, currency);
    return sl_arena_strdup(a, buf);
}

sl_phrase risk_text_phrase(sl_arena *a, const sl_phrase *computed, const char *text)
{
    /* not a literal: a declared text is the scenario's, never a message */
    static const char verbatim[] = "{text}";
    sl_phrase ph = {0};
    if (computed && computed->tmpl)
        return *computed;
    sl_phrase_builder b;
    sl_pb_begin(&b, a, verbatim);
    sl_pb_text(&b, "text", text ? text : "");
    if (!sl_pb_end(&b, &ph))
        ph.tmpl = NULL;
    return ph;
}

/* P(the gate passes after the deadline): its lead time's quantiles on a
 * 200-point grid, each turned into a pass date. */
static double gate_p_late(const sl_model *m, const sl_gate *g)
{
    const int n = 200;
    int late = 0;
    for (int k = 0; k < n; k++) {
        double u = (k + 0.5) / n;
        late += sl_gate_date(g, sl_dist_quantile(&g->lead_time_months, u)) > m->deadline;
    }
    return (double)late / n;
}

int risk_prepare(risk_ctx *c)
{
    const sl_model *m = c->m;
    const sl_plan *p = c->p;
    c->agencies = sl_arena_array(c->arena, m->n_agencies ? m->n_agencies : 1, sizeof *c->agencies);
    if (!c->agencies)
        return SL_ENOMEM;
    for (size_t a = 0; a < m->n_agencies; a++) {
        c->agencies[a].gates =
            sl_arena_array(c->arena, m->n_gates ? m->n_gates : 1, sizeof(risk_gate));
        if (!c->agencies[a].gates)
            return SL_ENOMEM;
    }
    for (size_t i = 0; i < m->n_workloads; i++) {
        const sl_workload *w = &m->workloads[i];
        risk_agency *ra = &c->agencies[w->agency];
        ra->n_workloads++;
        /* what the scenario declares will not move is accounted for */
        sl_readiness r = p->assessment->workloads[i].readiness;
        bool moves = p->assessment->workloads[i].disposition == SL_DISPOSITION_MOVE;
        ra->n_not_ready += moves && r == SL_NOT_READY;
        ra->n_unknown += moves && r == SL_UNKNOWN;
        /* a declared workload waits for no gate: leaving a gate's
         * workloads behind (scope.c) leaves the gate nothing to hold */
        for (size_t g = 0; g < m->n_gates && moves; g++)
            if (sl_selector_matches(m, &m->gates[g].applies_to, w))
                ra->gates[g].n_workloads++;
    }
    for (size_t g = 0; g < m->n_gates; g++) {
        double p_late = gate_p_late(m, &m->gates[g]);
        for (size_t a = 0; a < m->n_agencies; a++) {
            risk_gate *rg = &c->agencies[a].gates[g];
            rg->share = c->agencies[a].n_workloads
                            ? (double)rg->n_workloads / (double)c->agencies[a].n_workloads
                            : 0;
            rg->p_fail = 1 - m->gates[g].pass_probability;
            rg->p_late = p_late;
        }
    }
    const sl_grouping *gr = p->grouping;
    for (size_t g = 0; gr && g < gr->n_groups; g++)
        c->agencies[gr->groups[g].agency].hours_needed += gr->groups[g].effort_hours;
    sl_date from = p->cost ? p->cost->platform_from : m->start;
    double weeks = m->deadline > from ? (double)(m->deadline - from) / 7.0 : 0;
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency *ag = &m->agencies[a];
        double hours = ag->migration_hours_per_week.likely;
        if (ag->role == SL_ROLE_JOINING)
            hours *= 1 - ag->staff_decline_share.likely * ag->staff_early_leave_share.likely;
        c->agencies[a].hours_available = hours * weeks;
    }
    return 0;
}

static sl_risk *new_risk(risk_ctx *c)
{
    sl_risk_register *r = c->out;
    if (SL_GROW(r->risks, c->cap_risks, r->n_risks + 1))
        return NULL;
    sl_risk *k = &r->risks[r->n_risks++];
    memset(k, 0, sizeof *k);
    k->agency = SL_NONE;
    k->gate = SL_NONE;
    k->owner = "";
    k->mitigation = "";
    k->basis = "";
    k->judged_by = "";
    return k;
}

/* A computed risk, its texts rendered in English from t; false when out
 * of memory. */
static bool computed(risk_ctx *c, const char *code, sl_risk_category cat, sl_index agency,
                     sl_index gate, int likelihood, int impact, const char *judged_by,
                     risk_texts *t)
{
    const sl_model *m = c->m;
    sl_risk *k = new_risk(c);
    if (!k || !sl_pb_end(&t->title, &k->title_phrase) || !sl_pb_end(&t->basis, &k->basis_phrase) ||
        !sl_pb_end(&t->mitigation, &k->mitigation_phrase))
        return false;
    const char *title = sl_phrase_text(c->arena, &k->title_phrase, NULL, m->currency);
    const char *basis = sl_phrase_text(c->arena, &k->basis_phrase, NULL, m->currency);
    const char *mitigation = sl_phrase_text(c->arena, &k->mitigation_phrase, NULL, m->currency);
    if (!title || !basis || !mitigation)
        return false;
    const char *aid = agency != SL_NONE ? m->agencies[agency].id : NULL;
    if (gate != SL_NONE)
        k->id = sl_arena_printf(c->arena, "%s/%s/%s", code, aid ? aid : "all", m->gates[gate].id);
    else if (aid)
        k->id = sl_arena_printf(c->arena, "%s/%s", code, aid);
    else
        k->id = code;
    k->code = code;
    k->category = cat;
    k->agency = agency;
    k->gate = gate;
    k->likelihood = likelihood;
    k->impact = impact;
    k->score = likelihood * impact;
    k->title = title;
    k->basis = basis;
    k->mitigation = mitigation;
    k->is_scored = judged_by == NULL;
    k->judged_by = judged_by ? judged_by : "";
    return k->id != NULL;
}

bool risk_computed(risk_ctx *c, const char *code, sl_risk_category cat, sl_index agency,
                   int likelihood, int impact, const char *judged_by, risk_texts *t)
{
    return computed(c, code, cat, agency, SL_NONE, likelihood, impact, judged_by, t);
}

static sl_risk_category gate_category(sl_gate_kind k)
{
    switch (k) {
    case SL_GATE_SECURITY:
        return SL_RISK_SECURITY;
    case SL_GATE_LEGAL:
        return SL_RISK_LEGAL;
    case SL_GATE_STAFF:
        return SL_RISK_STAFF;
    case SL_GATE_HARDWARE:
        return SL_RISK_TECHNICAL;
    default:
        return SL_RISK_SCHEDULE;
    }
}

/* Begins the three texts of a risk: title and basis templates (their
 * arguments follow), and a mitigation without arguments. */
void risk_texts_begin(risk_texts *t, sl_arena *ar, const char *title, const char *basis,
                      const char *mitigation)
{
    sl_pb_begin(&t->title, ar, title);
    sl_pb_begin(&t->basis, ar, basis);
    sl_pb_begin(&t->mitigation, ar, mitigation);
}

static bool agency_risks(risk_ctx *c, sl_index a)
{
    const sl_model *m = c->m;
    const sl_plan *p = c->p;
    const sl_agency *ag = &m->agencies[a];
    const risk_agency *ra = &c->agencies[a];
    sl_arena *ar = c->arena;
    const char *id = ag->id;
    bool ok = true;
    risk_texts t;

    /* schedule risk given allowed: a refused gate is gate_may_fail's */
    if (p->simulation && isfinite(p->simulation->per_agency[a].p_on_time_given_allowed)) {
        const sl_sim_outcome *o = &p->simulation->per_agency[a];
        const sl_sim_if_gates_pass *g = &p->simulation->per_agency_if_gates_pass[a];
        double q = 1 - o->p_on_time_given_allowed;
        if (q >= 0.05) {
            int impact = 5;
            if (g->finish_p80 != SL_DATE_NONE) {
                double late = (double)(g->finish_p80 - m->deadline) / DAYS_PER_MONTH;
                impact = late <= 0 ? 2 : late <= 3 ? 3 : late <= 6 ? 4 : 5;
            }
            risk_texts_begin(&t, ar, N_("{agency} may not finish by the deadline even if every gate passes"),
                  N_("P(on time | allowed) {p:pct1}; P80 finish if allowed {p80:date}, deadline "
                     "{deadline:date}"),
                  N_("more migration hours, fewer freezes, gates started earlier, a later "
                     "deadline (samlok explain)"));
            sl_pb_text(&t.title, "agency", id);
            sl_pb_num(&t.basis, "p", o->p_on_time_given_allowed);
            sl_pb_date(&t.basis, "p80", g->finish_p80);
            sl_pb_date(&t.basis, "deadline", m->deadline);
            ok = computed(c, "schedule_late", SL_RISK_SCHEDULE, a, SL_NONE, risk_band(q), impact,
                          "schedule", &t);
        }
    }
    for (size_t g = 0; g < m->n_gates && ok; g++) {
        const sl_gate *gate = &m->gates[g];
        const risk_gate *rg = &ra->gates[g];
        if (!rg->n_workloads)
            continue;
        sl_risk_category cat = gate_category(gate->kind);
        if (rg->p_fail > 0) {
            risk_texts_begin(&t, ar, N_("{gate_name} may be refused"),
                  N_("P(refused) {p:pct0}; it holds {n:int} of {agency}'s {total:int} workloads "
                     "({share:pct1})"),
                  N_("prepare the case early; plan for the workloads it holds to stay"));
            sl_pb_text(&t.title, "gate_name", gate->name);
            sl_pb_text(&t.title, "gate", gate->id);
            sl_pb_num(&t.basis, "p", rg->p_fail);
            sl_pb_num(&t.basis, "n", (double)rg->n_workloads);
            sl_pb_text(&t.basis, "agency", id);
            sl_pb_num(&t.basis, "total", (double)ra->n_workloads);
            sl_pb_num(&t.basis, "share", rg->share);
            ok = computed(c, "gate_may_fail", cat, a, (sl_index)g, risk_band(rg->p_fail),
                          risk_impact_share(rg->share), "gates", &t);
        }
        if (ok && rg->p_late >= 0.05) {
            risk_texts_begin(&t, ar, N_("{gate_name} may pass after the deadline"),
                  N_("P(passes after {deadline:date}) {p:pct0}: lead time {min:g}-{max:g} months "
                     "(likely {likely:g}) from {opens:date}"),
                  N_("start the gate's work earlier or move its workloads last"));
            sl_pb_text(&t.title, "gate_name", gate->name);
            sl_pb_text(&t.title, "gate", gate->id);
            sl_pb_date(&t.basis, "deadline", m->deadline);
            sl_pb_num(&t.basis, "p", rg->p_late);
            sl_pb_num(&t.basis, "min", gate->lead_time_months.min);
            sl_pb_num(&t.basis, "max", gate->lead_time_months.max);
            sl_pb_num(&t.basis, "likely", gate->lead_time_months.likely);
            sl_pb_date(&t.basis, "opens", gate->opens);
            ok = computed(c, "gate_late", cat, a, (sl_index)g, risk_band(rg->p_late),
                          risk_impact_share(rg->share), "schedule", &t);
        }
    }
    if (ok && ra->hours_needed > 0) {
        double ratio = ra->hours_available > 0 ? ra->hours_needed / ra->hours_available : INFINITY;
        int l = ratio < 0.5 ? 1 : ratio < 0.75 ? 2 : ratio < 1 ? 3 : ratio < 1.25 ? 4 : 5;
        if (l >= 2) {
            risk_texts_begin(&t, ar, N_("{agency} has few migration hours for the work"),
                  N_("{need:int} hours planned against {available:int} available from the "
                     "platform's start to the deadline ({share:pct0}), freezes not deducted"),
                  N_("more hours per week (backfill, contractors) or fewer moves"));
            sl_pb_text(&t.title, "agency", id);
            sl_pb_num(&t.basis, "need", ra->hours_needed);
            sl_pb_num(&t.basis, "available", ra->hours_available);
            sl_pb_num(&t.basis, "share",
                      ra->hours_available > 0 ? ra->hours_needed / ra->hours_available : 0.0);
            ok = computed(c, "staff_hours_short", SL_RISK_STAFF, a, SL_NONE, l, 3, "schedule",
                          &t);
        }
    }
    double decline = ag->staff_decline_share.likely;
    if (ok && decline > 0 && ra->n_workloads) {
        double lost = decline * ag->staff_early_leave_share.likely;
        int impact = lost >= 0.3 ? 4 : lost >= 0.15 ? 3 : 2;
        risk_texts_begin(&t, ar, N_("{agency}'s operations staff may leave before the move is done"),
              ag->staff_relocate
                  ? N_("{decline:pct0} of {fte:g} FTE expected to decline to follow; {lost:pct0} "
                       "of migration hours lost to early leavers")
                  : N_("{decline:pct0} of {fte:g} FTE expected to decline to follow (the unit "
                       "does not relocate); {lost:pct0} of migration hours lost to early leavers"),
              N_("retention agreements, remote operations roles, knowledge transfer first"));
        sl_pb_text(&t.title, "agency", id);
        sl_pb_num(&t.basis, "decline", decline);
        sl_pb_num(&t.basis, "fte", ag->ops_fte);
        sl_pb_num(&t.basis, "lost", lost);
        ok = computed(c, "staff_attrition", SL_RISK_STAFF, a, SL_NONE, risk_band(decline), impact,
                      NULL, &t);
    }
    if (ok && ra->n_not_ready) {
        double share = (double)ra->n_not_ready / (double)ra->n_workloads;
        /* not scored: the verdict's accounting rule (verdict.c) judges it */
        risk_texts_begin(&t, ar, N_("{n:int} of {agency}'s workloads cannot move as they are"),
              N_("{share:pct1} of its workloads are not ready (see each workload's readiness "
                 "reasons); their hall stays open"),
              N_("fix, replace or retire them before the move, or keep a small hall"));
        sl_pb_num(&t.title, "n", (double)ra->n_not_ready);
        sl_pb_text(&t.title, "agency", id);
        sl_pb_num(&t.basis, "share", share);
        ok = computed(c, "not_ready", SL_RISK_TECHNICAL, a, SL_NONE, 4, risk_impact_share(share),
                      "accounting", &t);
    }
    if (ok && ra->n_unknown) {
        double share = (double)ra->n_unknown / (double)ra->n_workloads;
        risk_texts_begin(&t, ar, N_("{n:int} of {agency}'s workloads lack what readiness needs"),
              N_("{share:pct1} of its workloads have no size or OS in the inventory"),
              N_("complete the inventory"));
        sl_pb_num(&t.title, "n", (double)ra->n_unknown);
        sl_pb_text(&t.title, "agency", id);
        sl_pb_num(&t.basis, "share", share);
        ok = computed(c, "readiness_unknown", SL_RISK_TECHNICAL, a, SL_NONE, 3,
                      risk_impact_share(share), NULL, &t);
    }
    const sl_agency_cost *ac = p->cost ? &p->cost->per_agency[a] : NULL;
    const sl_sim_outcome *o = p->simulation ? &p->simulation->per_agency[a] : NULL;
    if (ok && ac && o && ag->budget > 0 && ac->p_over_budget >= 0.05) {
        double ratio = o->cost_p90 / ag->budget;
        int impact = ratio <= 1                                  ? 2
                     : ratio <= 1 + m->verdict.budget_p90_margin ? 3
                     : ratio <= 1.5                              ? 4
                                                                 : 5;
        risk_texts_begin(&t, ar, N_("{agency}'s migration may exceed its budget"),
              N_("P(over budget) {p:pct0}; P90 migration cost {p90:money} against a budget of "
                 "{budget:money}"),
              N_("shorter double running, a larger budget, or a smaller first step"));
        sl_pb_text(&t.title, "agency", id);
        sl_pb_num(&t.basis, "p", ac->p_over_budget);
        sl_pb_num(&t.basis, "p90", o->cost_p90);
        sl_pb_num(&t.basis, "budget", ag->budget);
        ok = computed(c, "budget_exceeded", SL_RISK_FINANCING, a, SL_NONE,
                      risk_band(ac->p_over_budget), impact, "budget", &t);
    }
    if (ok && ac && ac->is_costed) {
        double p_neg =
            isfinite(ac->p_npv_negative) ? ac->p_npv_negative : (ac->npv_saving < 0 ? 1.0 : 0.0);
        /* the pessimistic side of the saving: its P10 */
        bool mc = isfinite(ac->npv_saving_p10);
        double saving = mc ? ac->npv_saving_p10 : ac->npv_saving;
        if (p_neg >= 0.05) {
            double loss = saving < 0 && ac->status_quo.npv > 0 ? -saving / ac->status_quo.npv : 0;
            int impact = loss < 0.05 ? 2 : loss < 0.15 ? 3 : loss < 0.3 ? 4 : 5;
            risk_texts_begin(&t, ar, N_("Co-location may cost {agency} more than staying"),
                  mc ? N_("P(NPV saving < 0) {p:pct0}; saving P10 {saving:money} over {years:int} "
                          "years at {rate:pctg}")
                     : N_("P(NPV saving < 0) {p:pct0}; saving if every gate passes "
                          "{saving:money} over {years:int} years at {rate:pctg}"),
                  N_("shorter double running, lower chargeback, fewer staff after the move"));
            sl_pb_text(&t.title, "agency", id);
            sl_pb_num(&t.basis, "p", p_neg);
            sl_pb_num(&t.basis, "saving", saving);
            sl_pb_num(&t.basis, "years", m->horizon_years);
            sl_pb_num(&t.basis, "rate", m->discount_rate);
            ok = computed(c, "npv_negative", SL_RISK_FINANCING, a, SL_NONE, risk_band(p_neg),
                          impact, "npv", &t);
        }
    }
    return ok;
}

static bool capacity_risk(risk_ctx *c)
{
    const sl_placement *pl = c->p->placement;
    if (!pl || pl->target_site == SL_NONE || pl->fits)
        return true;
    const sl_site_need *needs[] = {&pl->racks, &pl->kw, &pl->floor_m2};
    static const char *const needs_of[] = {N_("needs {need:int} rack, {free:int} free"),
                                           N_("needs {need:int} kW, {free:int} free"),
                                           N_("needs {need:int} m2 of floor, {free:int} free")};
    double worst = 0;
    sl_phrase items[3];
    size_t n = 0;
    bool ok = true;
    for (size_t i = 0; i < 3; i++) {
        const sl_site_need *sn = needs[i];
        if (sn->fits || sn->need <= 0)
            continue;
        double short_share = -sn->margin / sn->need;
        worst = short_share > worst ? short_share : worst;
        sl_phrase_builder b;
        sl_pb_begin(&b, c->arena, needs_of[i]);
        if (i == 0)
            sl_pb_plural(&b, N_("needs {need:int} racks, {free:int} free"), "need");
        sl_pb_num(&b, "need", sn->need);
        sl_pb_num(&b, "free", sn->free);
        ok = sl_pb_end(&b, &items[n++]) && ok;
    }
    int impact = worst <= 0.1 ? 3 : worst <= 0.3 ? 4 : 5;
    risk_texts t;
    risk_texts_begin(&t, c->arena, N_("The target site lacks room for the shared platform"), "{needs:list;}",
          N_("more racks, power or floor at the target, or fewer workloads moved"));
    sl_pb_list(&t.basis, "needs", items, n);
    t.basis.failed = t.basis.failed || !ok;
    return computed(c, "capacity_short", SL_RISK_TECHNICAL, SL_NONE, SL_NONE, 5, impact, "capacity",
                    &t);
}

/* What decides first: scored risks before the others, each by score,
 * ties in the order built. */
static int cmp_deciding(const void *a, const void *b)
{
    const sl_risk *x = *(const sl_risk *const *)a, *y = *(const sl_risk *const *)b;
    if (x->is_scored != y->is_scored)
        return x->is_scored ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x < y ? -1 : x > y;
}

static int order_by_what_decides(sl_risk_register *r)
{
    if (r->n_risks < 2)
        return 0;
    const sl_risk **order = sl_malloc(r->n_risks * sizeof *order);
    sl_risk *sorted = sl_malloc(r->n_risks * sizeof *sorted);
    if (!order || !sorted) {
        sl_free(order);
        sl_free(sorted);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < r->n_risks; i++)
        order[i] = &r->risks[i];
    qsort(order, r->n_risks, sizeof *order, cmp_deciding);
    for (size_t i = 0; i < r->n_risks; i++)
        sorted[i] = *order[i];
    sl_free(order);
    sl_free(r->risks);
    r->risks = sorted;
    return 0;
}

int risk_register(risk_ctx *c)
{
    const sl_model *m = c->m;
    for (size_t i = 0; i < m->n_risks; i++) {
        const sl_risk_decl *rd = &m->risks[i];
        sl_risk *k = new_risk(c);
        if (!k)
            return SL_ENOMEM;
        k->id = rd->id;
        k->code = "declared";
        k->is_declared = true;
        k->category = rd->category;
        k->agency = rd->agency;
        k->title = rd->title;
        k->likelihood = rd->likelihood;
        k->impact = rd->impact;
        k->score = rd->likelihood * rd->impact;
        k->owner = rd->owner;
        k->mitigation = rd->mitigation;
        k->is_scored = true;
    }
    if (!capacity_risk(c))
        return SL_ENOMEM;
    for (size_t a = 0; a < m->n_agencies; a++) {
        if (!sl_agency_moves(&m->agencies[a]) || !c->agencies[a].n_workloads)
            continue;
        if (!agency_risks(c, (sl_index)a) || !risk_cut_flows(c, (sl_index)a))
            return SL_ENOMEM;
    }
    return order_by_what_decides(c->out);
}

void sl_risk_register_free(sl_risk_register *r)
{
    if (!r)
        return;
    sl_free(r->risks);
    sl_arena_free(r->arena);
    sl_free(r);
}

int sl_risk_run(sl_risk_register **out, const sl_plan *p, sl_diag *d)
{
    (void)d;
    *out = NULL;
    if (!p->assessment || !p->placement)
        return SL_EUSAGE;
    sl_risk_register *r = sl_calloc(1, sizeof *r);
    if (!r)
        return SL_ENOMEM;
    r->arena = sl_arena_new();
    risk_ctx c = {p, p->model, r->arena, NULL, r, 0};
    int rc = r->arena ? risk_prepare(&c) : SL_ENOMEM;
    if (!rc)
        rc = risk_register(&c);
    if (!rc)
        rc = risk_verdicts(&c);
    if (rc) {
        sl_risk_register_free(r);
        return rc;
    }
    *out = r;
    return 0;
}
