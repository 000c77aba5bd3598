/* SPDX-License-Identifier: MIT */
/*
 * text.c - the terminal summary of a plan: what a planner reads first.
 * Aligned columns: the verdicts first (each with its heaviest reasons and
 * what would make it go), then cost (NPV, payback, chargeback), the highest
 * risks, the schedule (waves per month per agency, finish against the
 * deadline, what binds) and the Monte Carlo figures. Colour only when asked
 * (the CLI asks on a terminal without NO_COLOR).
 */
#include "core/core.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

typedef struct pen {
    FILE *out;
    bool color;
} pen;

static const char *on(const pen *p, const char *code)
{
    return p->color ? code : "";
}

/* colour codes as the terminal FILE takes them (core/term.c) */
#define BOLD SL_TERM_SGR "[1m"
#define RED SL_TERM_SGR "[31m"
#define GREEN SL_TERM_SGR "[32m"
#define YELLOW SL_TERM_SGR "[33m"
#define RESET SL_TERM_SGR "[0m"

static void heading(const pen *p, const char *title)
{
    fprintf(p->out, "\n%s%s%s\n", on(p, BOLD), title, on(p, RESET));
}

static void date_text(char buf[static 24], sl_date d)
{
    if (d == SL_DATE_NONE) {
        memcpy(buf, "never", 6);
        return;
    }
    sl_date_format(buf, d);
}

/* "12.3 M SEK" style amounts. */
static void money(char *buf, size_t len, double v, const char *currency)
{
    double a = fabs(v);
    if (a >= 1e9)
        snprintf(buf, len, "%.2f bn %s", v / 1e9, currency);
    else if (a >= 1e6)
        snprintf(buf, len, "%.1f M %s", v / 1e6, currency);
    else if (a >= 1e3)
        snprintf(buf, len, "%.0f k %s", v / 1e3, currency);
    else
        snprintf(buf, len, "%.0f %s", v, currency);
}


/* One agency's cell of the monthly table: its waves (windows in which some
 * of its groups move) and workloads moved from `from` up to `to` (exclusive;
 * SL_DATE_NONE: to the end); '-' for none. */
static void month_cell(const pen *p, const sl_schedule *s, size_t a, sl_date from, sl_date to)
{
    long waves = 0, moved = 0;
    for (size_t w = 0; w < s->n_waves; w++) {
        sl_date day = s->waves[w].start_day;
        if (day < from || (to != SL_DATE_NONE && day >= to) || !s->waves[w].workloads_by_agency[a])
            continue;
        waves++;
        moved += s->waves[w].workloads_by_agency[a];
    }
    char cell[32] = "-";
    if (waves)
        snprintf(cell, sizeof cell, "%ld / %ld", waves, moved);
    fprintf(p->out, " %10s", cell);
}
static void schedule_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_schedule *s = plan->schedule;
    /* a plan with likely values and no failed move, not a forecast: the
     * simulated finish if every gate passes stands next to it (issue 14) */
    heading(p, "Planned schedule (likely values, no failed moves)");
    char fin[24], dl[24];
    date_text(fin, s->finish);
    date_text(dl, m->deadline);
    bool late = s->finish == SL_DATE_NONE || s->finish > m->deadline || !s->is_complete;
    const sl_simulation *sim = plan->simulation;
    fprintf(p->out, "  planned finish %s%s%s%s", on(p, late ? RED : GREEN), fin, on(p, RESET),
            s->n_unscheduled ? " of what can move" : "");
    if (sim && sim->if_gates_pass.iterations) {
        char f50[24], f80[24];
        date_text(f50, sim->if_gates_pass.finish_p50);
        date_text(f80, sim->if_gates_pass.finish_p80);
        fprintf(p->out, "; simulated if every gate passes: P50 %s, P80 %s", f50, f80);
    }
    fprintf(p->out, "\n  deadline %s; %zu waves; %zu workloads cannot move%s\n", dl, s->n_waves,
            s->n_unscheduled, s->n_unscheduled ? " (accounted for below)" : "");
    fprintf(p->out, "  %-10s %-11s %-11s %-11s %-11s %7s %8s  %s\n", "agency", "first move",
            "planned", "P50 allowed", "P80 allowed", "groups", "hours", "what binds");
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency_schedule *as = &s->per_agency[a];
        if (!as->n_groups)
            continue;
        char first[24], last[24], a50[24] = "-", a80[24] = "-";
        date_text(first, as->first_move);
        date_text(last, as->finish);
        const sl_sim_if_gates_pass *g = sim && sim->per_agency_if_gates_pass
                                            ? &sim->per_agency_if_gates_pass[a]
                                            : NULL;
        if (g && g->iterations) {
            date_text(a50, g->finish_p50);
            date_text(a80, g->finish_p80);
        }
        char binds[96];
        if (as->binds == SL_BINDS_GATE && as->binding_gate != SL_NONE)
            snprintf(binds, sizeof binds, "gate %s", m->gates[as->binding_gate].id);
        else
            snprintf(binds, sizeof binds, "%s", sl_binds_name(as->binds));
        fprintf(p->out, "  %-10s %-11s %-11s %-11s %-11s %7zu %8.0f  %s%s\n", m->agencies[a].id,
                first, last, a50, a80, as->n_groups, as->effort_hours, binds,
                as->n_unscheduled ? " (some workloads cannot be scheduled)" : "");
    }
    if (sim && sim->per_agency_if_gates_pass)
        fprintf(p->out, "  (P50, P80 allowed: the simulated finish when every gate holding "
                        "the agency's moves passes)\n");
    /* waves per month per agency */
    if (!s->n_waves)
        return;
    int y0, m0, d0, y1, m1, d1;
    sl_date_to_ymd(s->waves[0].start_day, &y0, &m0, &d0);
    sl_date_to_ymd(s->waves[s->n_waves - 1].start_day, &y1, &m1, &d1);
    int months = (y1 - y0) * 12 + (m1 - m0) + 1;
    fprintf(p->out, "\n  waves / workloads moved per month\n  %-8s", "month");
    for (size_t a = 0; a < m->n_agencies; a++)
        if (s->per_agency[a].n_groups)
            fprintf(p->out, " %10s", m->agencies[a].id);
    fputc('\n', p->out);
    /* two years in full; anything after on one line */
    int shown = months > 26 ? 24 : months;
    for (int k = 0; k <= shown && k < months; k++) {
        int y = y0 + (m0 - 1 + k) / 12, mo = (m0 - 1 + k) % 12 + 1;
        sl_date from = sl_date_from_ymd(y, mo, 1);
        sl_date to = k < shown ? sl_date_add_months(from, 1) : SL_DATE_NONE;
        if (k < shown)
            fprintf(p->out, "  %04d-%02d ", y, mo);
        else
            fprintf(p->out, "  later   ");
        for (size_t a = 0; a < m->n_agencies; a++)
            if (s->per_agency[a].n_groups)
                month_cell(p, s, a, from, to);
        if (k < shown)
            fputc('\n', p->out);
        else
            fprintf(p->out, "   (%d more months)\n", months - shown);
    }
}

const char *sl_tornado_heading(sl_tornado_measure t, const char **how)
{
    switch (t) {
    case SL_TORNADO_FINISH_P80:
        *how = "P(on time) does not move; lowest vs highest decile";
        return "what moves the P80 finish most";
    case SL_TORNADO_SPEARMAN:
        *how = "rank correlation; P(on time) and P80 do not move";
        return "what the finish follows most";
    default:
        *how = "lowest vs highest decile of the input";
        return "what moves P(on time) most";
    }
}

static void p80_text(char buf[static 24], const sl_model *m, double days)
{
    if (isinf(days))
        memcpy(buf, "never", 6);
    else
        sl_date_format(buf, m->start + (sl_date)days);
}

void sl_tornado_bar_text(char *buf, size_t len, const sl_model *m, sl_tornado_measure t,
                         const sl_tornado_bar *b)
{
    char lo[24], hi[24];
    switch (t) {
    case SL_TORNADO_FINISH_P80:
        p80_text(lo, m, b->finish_p80_low_days);
        p80_text(hi, m, b->finish_p80_high_days);
        snprintf(buf, len, "%s -> %s", lo, hi);
        break;
    case SL_TORNADO_SPEARMAN:
        snprintf(buf, len, "%+.2f", b->spearman_finish);
        break;
    default:
        snprintf(buf, len, "%5.1f%% -> %5.1f%%", 100 * b->p_on_time_low, 100 * b->p_on_time_high);
    }
}

static void simulation_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_simulation *s = plan->simulation;
    char head[96];
    snprintf(head, sizeof head, "Monte Carlo (%ld iterations, seed %llu)", s->iterations,
             (unsigned long long)s->seed);
    heading(p, head);
    fprintf(p->out, "  %-10s %9s %11s %11s %11s %14s %14s %8s\n", "agency", "P(on time)", "P50 finish",
            "P80 finish", "P90 finish", "cost P50", "cost P90", "blocked");
    for (size_t k = 0; k <= s->n_agencies; k++) {
        const sl_sim_outcome *o = k < s->n_agencies ? &s->per_agency[k] : &s->overall;
        if (k < s->n_agencies && !sl_agency_moves(&m->agencies[k]))
            continue;
        char f50[24], f80[24], f90[24], c50[32], c90[32];
        date_text(f50, o->finish_p50);
        date_text(f80, o->finish_p80);
        date_text(f90, o->finish_p90);
        money(c50, sizeof c50, o->cost_p50, m->currency);
        money(c90, sizeof c90, o->cost_p90, m->currency);
        const char *color = o->p_on_time >= m->verdict.go_p_on_time             ? GREEN
                            : o->p_on_time >= m->verdict.conditional_p_on_time ? YELLOW
                                                                               : RED;
        fprintf(p->out, "  %-10s %s%8.1f%%%s %11s %11s %11s %14s %14s %7.1f%%\n",
                k < s->n_agencies ? m->agencies[k].id : "all", on(p, color), 100 * o->p_on_time,
                on(p, RESET), f50, f80, f90, c50, c90, 100 * o->blocked_share);
    }
    if (s->per_agency_if_gates_pass) {
        fprintf(p->out, "\n  allowed: every gate on the agency's workloads passes; then the "
                        "timeline decides\n  (P(on time) = P(allowed) x P(on time | allowed))\n");
        fprintf(p->out, "  %-10s %10s %9s %11s %11s %11s\n", "agency", "P(allowed)", "P(on time",
                "P50 finish", "P80 finish", "P90 finish");
        fprintf(p->out, "  %-10s %10s %9s %11s %11s %11s\n", "", "", "| allowed)", "if allowed",
                "if allowed", "if allowed");
        for (size_t k = 0; k <= s->n_agencies; k++) {
            const sl_sim_if_gates_pass *g =
                k < s->n_agencies ? &s->per_agency_if_gates_pass[k] : &s->if_gates_pass;
            const sl_sim_outcome *o = k < s->n_agencies ? &s->per_agency[k] : &s->overall;
            if (k < s->n_agencies && !sl_agency_moves(&m->agencies[k]))
                continue;
            char f50[24], f80[24], f90[24], pot[16] = "-";
            date_text(f50, g->finish_p50);
            date_text(f80, g->finish_p80);
            date_text(f90, g->finish_p90);
            if (g->iterations)
                snprintf(pot, sizeof pot, "%.1f%%", 100 * o->p_on_time_given_allowed);
            fprintf(p->out, "  %-10s %9.1f%% %9s %11s %11s %11s\n",
                    k < s->n_agencies ? m->agencies[k].id : "all", 100 * o->p_allowed, pot,
                    g->iterations ? f50 : "-", g->iterations ? f80 : "-",
                    g->iterations ? f90 : "-");
        }
    }
    if (s->n_tornado) {
        const char *how, *what = sl_tornado_heading(s->tornado_measure, &how);
        fprintf(p->out, "\n  %s (%s)\n", what, how);
        for (size_t i = 0; i < s->n_tornado && i < 5; i++) {
            char text[64];
            sl_tornado_bar_text(text, sizeof text, m, s->tornado_measure, &s->tornado[i]);
            fprintf(p->out, "  %-48s %s\n", s->tornado[i].input, text);
        }
    }
}

/* Prints text wrapped at 100 columns; the first line after `lead`
 * (already printed, `used` columns wide), the rest indented by `indent`. */
static void wrapped(const pen *p, const char *text, size_t used, size_t indent)
{
    const size_t width = 100;
    size_t col = used;
    const char *s = text;
    bool first = true;
    while (*s) {
        size_t word = strcspn(s, " ");
        if (!first && col + 1 + word > width) {
            fprintf(p->out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', p->out);
            col++;
        }
        fwrite(s, 1, word, p->out);
        col += word;
        first = false;
        s += word;
        while (*s == ' ')
            s++;
    }
    fputc('\n', p->out);
}

static const char *verdict_color(sl_verdict_kind v)
{
    return v == SL_VERDICT_GO ? GREEN : v == SL_VERDICT_CONDITIONAL ? YELLOW
                                    : v == SL_VERDICT_NO_GO         ? RED
                                                                    : "";
}

/* At most this many reasons and conditions per agency here; the plan
 * document has them all. */
#define TEXT_REASONS 4

/* The review of a not-go verdict: the decisions that answer what objects,
 * applied together and re-run, and what that gave. */
static void to_go_lines(const pen *p, const sl_to_go *t)
{
    char line[1024];
    if (!t->n_levers) {
        snprintf(line, sizeof line,
                 "verified: no decision in reach lifts what objects (whether a gate passes is "
                 "not a decision)%s%s",
                 t->no_scope ? "; " : "", t->no_scope ? t->no_scope : "");
        fprintf(p->out, "%*s", 23, "");
        wrapped(p, line, 23, 25);
        return;
    }
    snprintf(line, sizeof line, "verified by re-running with these decisions together: %s%s",
             sl_verdict_name(t->verdict), t->is_verified ? "" : ", not go");
    fprintf(p->out, "%*s", 23, "");
    wrapped(p, line, 23, 25);
    for (size_t k = 0; k < t->n_levers; k++) {
        fprintf(p->out, "%*s* ", 23, "");
        wrapped(p, t->levers[k].text, 25, 25);
    }
    if (t->no_scope) {
        fprintf(p->out, "%*s", 23, "");
        wrapped(p, t->no_scope, 23, 25);
    }
    if (t->n_missing) {
        snprintf(line, sizeof line, "still objecting: %s", t->missing[0].text);
        fprintf(p->out, "%*s", 23, "");
        wrapped(p, line, 23, 25);
        if (t->n_missing > 1)
            fprintf(p->out, "%*s(%zu more in the plan document)\n", 25, "", t->n_missing - 1);
    }
}

static void verdict_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    heading(p, "Verdicts");
    for (size_t i = 0; i < plan->risk->n_verdicts; i++) {
        const sl_verdict *v = &plan->risk->verdicts[i];
        const char *name = sl_verdict_name(v->verdict);
        fprintf(p->out, "  %-8s %s%-12s%s", m->agencies[v->agency].id, on(p, verdict_color(v->verdict)),
                name, on(p, RESET));
        if (!v->n_reasons)
            fputc('\n', p->out);
        for (size_t k = 0; k < v->n_reasons && k < TEXT_REASONS; k++) {
            if (k)
                fprintf(p->out, "%*s", 23, "");
            fprintf(p->out, "- ");
            wrapped(p, v->reasons[k].text, 25, 25);
        }
        if (v->n_reasons > TEXT_REASONS)
            fprintf(p->out, "%*s(%zu more reasons in the plan document)\n", 23, "",
                    v->n_reasons - TEXT_REASONS);
        if (v->n_conditions) {
            fprintf(p->out, "%*s%sto go:%s\n", 23, "", on(p, BOLD), on(p, RESET));
            for (size_t k = 0; k < v->n_conditions && k < TEXT_REASONS; k++) {
                fprintf(p->out, "%*s+ ", 23, "");
                wrapped(p, v->conditions[k].text, 25, 25);
            }
            if (v->n_conditions > TEXT_REASONS)
                fprintf(p->out, "%*s(%zu more conditions in the plan document)\n", 23, "",
                        v->n_conditions - TEXT_REASONS);
        }
        if (plan->review && plan->review->to_go[v->agency].is_reviewed)
            to_go_lines(p, &plan->review->to_go[v->agency]);
    }
}

static void payback_text(char buf[static 16], int year)
{
    if (year > 0)
        snprintf(buf, 16, "year %d", year);
    else
        memcpy(buf, "never", 6);
}

/* One row of the saving by outcome: what happened, how often, and the
 * expected saving and P(saving > 0) among those iterations. */
static void outcome_row(const pen *p, const char *agency, const char *what, const sl_saving_if *s)
{
    char v[32];
    money(v, sizeof v, s->npv_saving_mean, "");
    fprintf(p->out, "  %-8s %-30s %6.1f%% %10s %9.0f%%\n", agency, what, 100 * s->p, v,
            100 * s->p_saving_positive);
}

/* Per agency whose gates may be refused: the saving when every gate
 * passes and when some is refused, then per gate, each with its
 * probability: the humps the expected saving averages. */
static void saving_by_outcome(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_costing *c = plan->cost;
    bool any = false;
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency_cost *ac = &c->per_agency[a];
        if (!ac->is_costed || !ac->if_not_allowed.iterations || !ac->if_allowed.iterations)
            continue;
        if (!any) {
            fprintf(p->out, "\n  the saving by gate outcome (among the iterations where it happens)\n");
            fprintf(p->out, "  %-8s %-30s %7s %10s %10s\n", "agency", "outcome", "P", "expected",
                    "P(saving");
            fprintf(p->out, "  %-8s %-30s %7s %10s %10s\n", "", "", "", "saving", "> 0)");
        }
        any = true;
        const char *id = m->agencies[a].id;
        outcome_row(p, id, "every gate passes", &ac->if_allowed);
        outcome_row(p, "", "some gate is refused", &ac->if_not_allowed);
        for (size_t k = 0; k < ac->n_by_gate; k++) {
            const sl_saving_by_gate *bg = &ac->by_gate[k];
            /* a gate refused exactly when some gate is: the rows above */
            if (!bg->if_passes.iterations || !bg->if_refused.iterations ||
                bg->if_refused.iterations == ac->if_not_allowed.iterations)
                continue;
            char what[64];
            snprintf(what, sizeof what, "%.20s passes", m->gates[bg->gate].id);
            outcome_row(p, "", what, &bg->if_passes);
            snprintf(what, sizeof what, "%.20s is refused", m->gates[bg->gate].id);
            outcome_row(p, "", what, &bg->if_refused);
        }
    }
}

static void cost_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_costing *c = plan->cost;
    char head[160];
    bool mc = isfinite(c->npv_saving_mean);
    snprintf(head, sizeof head, "Cost (present value of %d years at %g%%, %s%s)", c->n_years,
             100 * c->discount_rate, m->currency,
             mc ? "; expected = the mean over the Monte Carlo iterations" : "");
    heading(p, head);
    fprintf(p->out, "  %-8s %10s %10s %9s %10s %10s %8s %10s %7s\n", "agency", "status quo",
            "expected", "P(saving", "saving", "saving", "payback", "charge", "per VM");
    fprintf(p->out, "  %-8s %10s %10s %9s %10s %10s %8s %10s %7s\n", "", "", "saving", "> 0)",
            "P10", "P90", "P50", "a year", "a year");
    for (size_t a = 0; a <= m->n_agencies; a++) {
        bool total = a == m->n_agencies;
        if (!total && !c->per_agency[a].is_costed)
            continue;
        /* one agency's figures, or all joining agencies' */
        double sq = c->npv_status_quo, mean = c->npv_saving_mean, pos = c->p_saving_positive;
        double s10 = c->npv_saving_p10, s90 = c->npv_saving_p90, fee = 0;
        int pb50_year = -1;
        size_t vms = 0;
        for (size_t k = 0; k < m->n_agencies; k++) {
            fee += c->chargeback[k].fee_per_year;
            vms += c->chargeback[k].n_vms;
        }
        if (!total) {
            const sl_agency_cost *ac = &c->per_agency[a];
            sq = ac->status_quo.npv;
            mean = ac->npv_saving_mean;
            pos = ac->p_saving_positive;
            s10 = ac->npv_saving_p10;
            s90 = ac->npv_saving_p90;
            pb50_year = ac->payback_year_p50;
            fee = c->chargeback[a].fee_per_year;
            vms = c->chargeback[a].n_vms;
        }
        char b1[32], b3[32] = "-", b4[32] = "-", b5[32] = "-", b6[32], pp[16] = "-",
                     pb50[16] = "-";
        money(b1, sizeof b1, sq, "");
        if (isfinite(mean))
            money(b3, sizeof b3, mean, "");
        if (isfinite(pos))
            snprintf(pp, sizeof pp, "%.0f%%", 100 * pos);
        if (isfinite(s10))
            money(b4, sizeof b4, s10, "");
        if (isfinite(s90))
            money(b5, sizeof b5, s90, "");
        if (pb50_year >= 0 && mc)
            payback_text(pb50, pb50_year);
        money(b6, sizeof b6, fee, "");
        char vm[32] = "-";
        if (vms)
            snprintf(vm, sizeof vm, "%.0f", fee / (double)vms);
        fprintf(p->out, "  %-8s %10s %s%10s%s %9s %10s %10s %8s %10s %7s\n",
                total ? "all" : m->agencies[a].id, b1, on(p, !(mean >= 0) ? RED : GREEN), b3,
                on(p, RESET), pp, b4, b5, pb50, b6, vm);
    }
    if (mc)
        saving_by_outcome(p, plan);
    fprintf(p->out, "\n  if every gate passes and no move fails (the plan with most likely values)\n");
    fprintf(p->out, "  %-8s %11s %10s %8s\n", "agency", "co-location", "saving", "payback");
    for (size_t a = 0; a <= m->n_agencies; a++) {
        bool total = a == m->n_agencies;
        if (!total && !c->per_agency[a].is_costed)
            continue;
        const sl_agency_cost *ac = total ? NULL : &c->per_agency[a];
        char b2[32], b3[32], pb[16];
        money(b2, sizeof b2, ac ? ac->colocation.npv : c->npv_colocation, "");
        money(b3, sizeof b3, ac ? ac->npv_saving : c->npv_saving, "");
        payback_text(pb, ac ? ac->payback_year : c->payback_year);
        fprintf(p->out, "  %-8s %11s %10s %8s\n", total ? "all" : m->agencies[a].id, b2, b3, pb);
    }
    char hw[32], yr[32], from[24];
    money(hw, sizeof hw, c->platform_hardware, m->currency);
    money(yr, sizeof yr, c->platform_per_year, m->currency);
    date_text(from, c->platform_from);
    fprintf(p->out, "  shared platform from %s: %s of hardware, %s a year at run rate", from, hw,
            yr);
    const char *dims[] = {"vCPU", "RAM", "storage", "busy threads"};
    bool any = false;
    for (int d = 0; d < SL_N_DIMS; d++) {
        if (!isfinite(c->capacity_used[d]))
            continue;
        fprintf(p->out, "%s%s %.0f%%", any ? ", " : "; used: ", dims[d], 100 * c->capacity_used[d]);
        any = true;
    }
    fputc('\n', p->out);
}

/* The plan re-run without the no-go agencies: what the others pay and
 * save then, beside their figures with everyone in. */
static void without_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_without *w = &plan->review->without;
    char head[256] = "If the no-go agencies stay out (";
    for (size_t i = 0; i < w->n_left_out; i++)
        snprintf(head + strlen(head), sizeof head - strlen(head), "%s%s", i ? ", " : "",
                 m->agencies[w->left_out[i]].id);
    snprintf(head + strlen(head), sizeof head - strlen(head), "): the plan re-run without them");
    heading(p, head);
    fprintf(p->out, "  %-8s %-12s %10s %10s %10s %9s\n", "agency", "verdict", "charge",
            "expected", "with all:", "P(saving");
    fprintf(p->out, "  %-8s %-12s %10s %10s %10s %9s\n", "", "", "a year", "saving", "saving",
            "> 0)");
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_without_agency *wa = &w->per_agency[a];
        if (!wa->is_in)
            continue;
        char fee[32], mean[32] = "-", all[32] = "-", pos[16] = "-";
        money(fee, sizeof fee, wa->fee_per_year, "");
        if (isfinite(wa->npv_saving_mean))
            money(mean, sizeof mean, wa->npv_saving_mean, "");
        if (isfinite(plan->cost->per_agency[a].npv_saving_mean))
            money(all, sizeof all, plan->cost->per_agency[a].npv_saving_mean, "");
        if (isfinite(wa->p_saving_positive))
            snprintf(pos, sizeof pos, "%.0f%%", 100 * wa->p_saving_positive);
        fprintf(p->out, "  %-8s %-12s %10s %10s %10s %9s\n", m->agencies[a].id,
                sl_verdict_name(wa->verdict), fee, mean, all, pos);
    }
    char cost[32], charged[32];
    money(cost, sizeof cost, w->platform_cost, m->currency);
    money(charged, sizeof charged, w->platform_charged, m->currency);
    fprintf(p->out, "  the platform (%zu hosts) costs %s over the horizon and %s is charged back: "
                    "%s\n",
            w->hosts, cost, charged,
            w->is_cost_recovered ? "the host recovers its cost" : "the host carries the rest");
}

static void risk_line(const pen *p, const sl_model *m, const sl_risk *k)
{
    fprintf(p->out, "  %2d = %dx%d  %-10s %-6s ", k->score, k->likelihood, k->impact,
            sl_risk_category_name(k->category), k->agency == SL_NONE ? "all" : m->agencies[k->agency].id);
    char line[512];
    if (k->is_scored)
        snprintf(line, sizeof line, "%s%s", k->title ? k->title : k->id,
                 k->is_declared ? "" : " (computed)");
    else
        snprintf(line, sizeof line, "%s (computed; not scored: the %s rule judges it)",
                 k->title ? k->title : k->id, k->judged_by);
    wrapped(p, line, 32, 32);
}

/* The register comes ordered by what decides the verdict: the scored
 * risks (which count against its thresholds) first, by score; here the
 * highest five of them, then the three highest of the others, marked as
 * restating a rule that judges them. */
static void risk_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_risk_register *r = plan->risk;
    if (!r->n_risks)
        return;
    heading(p, "Risks (scored ones count against the verdict; all in the plan document)");
    size_t shown = 0, n_unscored = 0;
    for (size_t i = 0; i < r->n_risks; i++) {
        if (r->risks[i].is_scored && shown < 5) {
            risk_line(p, m, &r->risks[i]);
            shown++;
        }
        n_unscored += !r->risks[i].is_scored;
    }
    if (!n_unscored)
        return;
    fprintf(p->out, "  not scored (%zu; each restates a verdict rule, which judges it once):\n",
            n_unscored);
    shown = 0;
    for (size_t i = 0; i < r->n_risks && shown < 3; i++) {
        if (r->risks[i].is_scored)
            continue;
        risk_line(p, m, &r->risks[i]);
        shown++;
    }
}

static int write_text(FILE *out, const sl_plan *plan, bool color)
{
    const sl_model *m = plan->model;
    pen p = {out, color};
    char start[24], deadline[24];
    date_text(start, m->start);
    date_text(deadline, m->deadline);
    fprintf(out, "%s%s%s\n", on(&p, BOLD), m->name, on(&p, RESET));
    size_t joining = 0, out_of_it = 0;
    for (size_t a = 0; a < m->n_agencies; a++) {
        joining += m->agencies[a].role == SL_ROLE_JOINING;
        out_of_it += sl_agency_stays_out(&m->agencies[a]);
    }
    char staying[48] = "";
    if (out_of_it)
        snprintf(staying, sizeof staying, ", %zu of them staying out", out_of_it);
    fprintf(out, "  %zu agencies (%zu joining%s), %zu workloads, %zu flows; %s to %s\n",
            m->n_agencies, joining, staying, m->n_workloads, m->n_flows, start, deadline);
    const sl_assessment *as = plan->assessment;
    if (as && as->reason_count[SL_REASON_POWERED_OFF]) {
        size_t off = as->reason_count[SL_REASON_POWERED_OFF];
        fprintf(out, "  %zu powered off: moved, to be confirmed as still needed", off);
        if (as->n_powered_off_as_allocated)
            fprintf(out, "; sized as allocated, not by their p95");
        fputc('\n', out);
    }
    if (plan->risk)
        verdict_section(&p, plan);
    if (plan->cost)
        cost_section(&p, plan);
    if (plan->placement)
        sl_text_isolation(out, plan, color);
    if (plan->cost && plan->review && plan->review->without.n_left_out)
        without_section(&p, plan);
    if (plan->risk)
        risk_section(&p, plan);
    if (plan->schedule)
        schedule_section(&p, plan);
    int rc = plan->schedule ? sl_text_accounting(out, plan, color) : 0;
    if (plan->simulation)
        simulation_section(&p, plan);
    return rc ? rc : ferror(out) ? SL_EIO : 0;
}

int sl_write_text(FILE *out, const sl_plan *plan, bool color)
{
    sl_term *t;
    FILE *f = sl_term_open(out, color, &t);
    return sl_term_close(f, t, f ? write_text(f, plan, color) : 0);
}
