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
    heading(p, "Schedule (most likely values)");
    char fin[24], dl[24];
    date_text(fin, s->finish);
    date_text(dl, m->deadline);
    bool late = s->finish == SL_DATE_NONE || s->finish > m->deadline || !s->is_complete;
    fprintf(p->out, "  finish %s%s%s, deadline %s; %zu waves; %zu workloads not scheduled\n",
            on(p, late ? RED : GREEN), fin, on(p, RESET), dl, s->n_waves, s->n_unscheduled);
    fprintf(p->out, "  %-10s %-11s %-11s %7s %8s  %s\n", "agency", "first move", "finish",
            "groups", "hours", "what binds");
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency_schedule *as = &s->per_agency[a];
        if (!as->n_groups)
            continue;
        char first[24], last[24];
        date_text(first, as->first_move);
        date_text(last, as->finish);
        char binds[96];
        if (as->binds == SL_BINDS_GATE && as->binding_gate != SL_NONE)
            snprintf(binds, sizeof binds, "gate %s", m->gates[as->binding_gate].id);
        else
            snprintf(binds, sizeof binds, "%s", sl_binds_name(as->binds));
        fprintf(p->out, "  %-10s %-11s %-11s %7zu %8.0f  %s%s\n", m->agencies[a].id, first, last,
                as->n_groups, as->effort_hours, binds,
                as->n_unscheduled ? " (some workloads cannot be scheduled)" : "");
    }
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
        if (k < s->n_agencies && m->agencies[k].role != SL_ROLE_JOINING)
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
        fprintf(p->out, "\n  if the approvals come through (iterations in which every gate passed)\n");
        fprintf(p->out, "  %-10s %10s %9s %11s %11s %11s\n", "agency", "iterations", "P(on time)",
                "P50 finish", "P80 finish", "P90 finish");
        for (size_t k = 0; k <= s->n_agencies; k++) {
            const sl_sim_if_gates_pass *g =
                k < s->n_agencies ? &s->per_agency_if_gates_pass[k] : &s->if_gates_pass;
            if (k < s->n_agencies && m->agencies[k].role != SL_ROLE_JOINING)
                continue;
            char f50[24], f80[24], f90[24], pot[16] = "-";
            date_text(f50, g->finish_p50);
            date_text(f80, g->finish_p80);
            date_text(f90, g->finish_p90);
            if (g->iterations)
                snprintf(pot, sizeof pot, "%.1f%%", 100 * g->p_on_time);
            fprintf(p->out, "  %-10s %10ld %9s %11s %11s %11s\n",
                    k < s->n_agencies ? m->agencies[k].id : "all", g->iterations, pot,
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
    }
}

static void payback_text(char buf[static 16], int year)
{
    if (year > 0)
        snprintf(buf, 16, "year %d", year);
    else
        memcpy(buf, "never", 6);
}

static void cost_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_costing *c = plan->cost;
    char head[128];
    snprintf(head, sizeof head, "Cost (present value of %d years at %g%%, %s)", c->n_years,
             100 * c->discount_rate, m->currency);
    heading(p, head);
    fprintf(p->out, "  %-8s %10s %11s %10s %8s %10s %10s %8s %10s %7s\n", "agency", "status quo",
            "co-location", "saving", "payback", "saving", "saving", "payback", "charge", "per VM");
    fprintf(p->out, "  %-8s %10s %11s %10s %8s %10s %10s %8s %10s %7s\n", "", "", "", "", "",
            "P50 (MC)", "P10 (MC)", "P50 (MC)", "a year", "a year");
    for (size_t a = 0; a <= m->n_agencies; a++) {
        bool total = a == m->n_agencies;
        if (!total && !c->per_agency[a].is_costed)
            continue;
        /* one agency's figures, or all joining agencies' */
        double sq = c->npv_status_quo, cl = c->npv_colocation, sv = c->npv_saving;
        double s50 = c->npv_saving_p50, s10 = c->npv_saving_p10, fee = 0;
        int pb_year = c->payback_year, pb50_year = -1;
        size_t vms = 0;
        for (size_t k = 0; k < m->n_agencies; k++) {
            fee += c->chargeback[k].fee_per_year;
            vms += c->chargeback[k].n_vms;
        }
        if (!total) {
            const sl_agency_cost *ac = &c->per_agency[a];
            sq = ac->status_quo.npv;
            cl = ac->colocation.npv;
            sv = ac->npv_saving;
            s50 = ac->npv_saving_p50;
            s10 = ac->npv_saving_p10;
            pb_year = ac->payback_year;
            pb50_year = ac->payback_year_p50;
            fee = c->chargeback[a].fee_per_year;
            vms = c->chargeback[a].n_vms;
        }
        char b1[32], b2[32], b3[32], b4[32] = "-", b5[32] = "-", b6[32], pb[16], pb50[16] = "-";
        money(b1, sizeof b1, sq, "");
        money(b2, sizeof b2, cl, "");
        money(b3, sizeof b3, sv, "");
        if (isfinite(s50))
            money(b4, sizeof b4, s50, "");
        if (isfinite(s10))
            money(b5, sizeof b5, s10, "");
        payback_text(pb, pb_year);
        if (pb50_year >= 0)
            payback_text(pb50, pb50_year);
        money(b6, sizeof b6, fee, "");
        char vm[32] = "-";
        if (vms)
            snprintf(vm, sizeof vm, "%.0f", fee / (double)vms);
        fprintf(p->out, "  %-8s %10s %11s %s%10s%s %8s %10s %10s %8s %10s %7s\n",
                total ? "all" : m->agencies[a].id, b1, b2, on(p, sv < 0 ? RED : GREEN), b3,
                on(p, RESET), pb, b4, b5, pb50, b6, vm);
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

static void risk_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_risk_register *r = plan->risk;
    if (!r->n_risks)
        return;
    heading(p, "Risks (highest scores; all in the plan document)");
    /* the five highest, ties in register order: each pick is the best
     * after the previous one in (score descending, index) order */
    int prev_score = 26;
    size_t prev = SIZE_MAX;
    for (int k = 0; k < 5; k++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < r->n_risks; i++) {
            int sc = r->risks[i].score;
            bool after = sc < prev_score || (sc == prev_score && prev != SIZE_MAX && i > prev);
            if (after && (best == SIZE_MAX || sc > r->risks[best].score))
                best = i;
        }
        if (best == SIZE_MAX)
            break;
        prev = best;
        prev_score = r->risks[best].score;
        const sl_risk *k2 = &r->risks[best];
        fprintf(p->out, "  %2d = %dx%d  %-10s %-6s ", k2->score, k2->likelihood, k2->impact,
                sl_risk_category_name(k2->category),
                k2->agency == SL_NONE ? "all" : m->agencies[k2->agency].id);
        char line[512];
        snprintf(line, sizeof line, "%s%s", k2->title ? k2->title : k2->id,
                 k2->is_declared ? "" : " (computed)");
        wrapped(p, line, 32, 32);
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
    size_t joining = 0;
    for (size_t a = 0; a < m->n_agencies; a++)
        joining += m->agencies[a].role == SL_ROLE_JOINING;
    fprintf(out, "  %zu agencies (%zu joining), %zu workloads, %zu flows; %s to %s\n",
            m->n_agencies, joining, m->n_workloads, m->n_flows, start, deadline);
    if (plan->risk)
        verdict_section(&p, plan);
    if (plan->cost)
        cost_section(&p, plan);
    if (plan->risk)
        risk_section(&p, plan);
    if (plan->schedule)
        schedule_section(&p, plan);
    if (plan->simulation)
        simulation_section(&p, plan);
    return ferror(out) ? SL_EIO : 0;
}

int sl_write_text(FILE *out, const sl_plan *plan, bool color)
{
    sl_term *t;
    FILE *f = sl_term_open(out, color, &t);
    return sl_term_close(f, t, f ? write_text(f, plan, color) : 0);
}
