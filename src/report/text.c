/* SPDX-License-Identifier: MIT */
/*
 * text.c - the terminal summary of a plan: what a planner reads first.
 * Aligned columns: the verdicts first (each with its heaviest reasons and
 * what would make it go), then cost (NPV, payback, chargeback), the highest
 * risks, the schedule (waves per month per agency, finish against the
 * deadline, what binds) and the Monte Carlo figures. In the language the
 * options give (numbers in its conventions, reasons said from their
 * phrases), its tables fitted to the width (ttable.c). Colour only when
 * asked (the CLI asks on a terminal without NO_COLOR).
 */
#include "core/core.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

typedef struct pen {
    FILE *out;
    bool color;
    const sl_lang *l;
    const sl_text_options *o;
    size_t width;
    sl_arena *arena; /* the sentences said in the language */
    const char *currency;
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

static void date_text(const pen *p, char buf[static 32], sl_date d)
{
    if (d == SL_DATE_NONE) {
        snprintf(buf, 32, "%s", sl_tr(p->l, "never"));
        return;
    }
    sl_date_format(buf, d);
}

/* "12.3 M" (the currency in the heading), "12,3 mnkr" in Swedish. */
static void money(const pen *p, char *buf, size_t len, double v)
{
    sl_fmt_money(buf, len, p->l, v, sl_fmt_money_names_currency(p->l, p->currency) ? p->currency
                                                                                    : NULL);
}

/* "12.3 M SEK": an amount in running text. */
static void amount(const pen *p, char *buf, size_t len, double v)
{
    sl_fmt_money(buf, len, p->l, v, p->currency);
}

/* "56.0%" in a table cell; "-" when there is no figure. */
static void share(const pen *p, char *buf, size_t len, double v, int decimals)
{
    if (isfinite(v))
        sl_fmt_share(buf, len, p->l, v, decimals, false);
    else
        snprintf(buf, len, "-");
}

static void count(const pen *p, char *buf, size_t len, double v)
{
    sl_fmt_number(buf, len, p->l, v, 0, true);
}

/* Prints text wrapped at the width; the first line after what is already
 * printed (`used` columns), the rest indented by `indent`. */
static void wrapped(const pen *p, const char *text, size_t used, size_t indent)
{
    size_t col = used;
    const char *s = text;
    bool first = true;
    while (*s) {
        size_t word = strcspn(s, " ");
        char w[512];
        snprintf(w, sizeof w, "%.*s", (int)(word < sizeof w ? word : sizeof w - 1), s);
        size_t ww = sl_text_width(w);
        if (!first && col + 1 + ww > p->width) {
            fprintf(p->out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', p->out);
            col++;
        }
        fwrite(s, 1, word, p->out);
        col += ww;
        first = false;
        s += word;
        while (*s == ' ')
            s++;
    }
    fputc('\n', p->out);
}

/* A reason of the plan in the pen's language. */
static const char *reason_text(const pen *p, const sl_verdict_reason *r)
{
    return sl_say_phrase(p->arena, &r->phrase, r->text, p->l, p->currency);
}

/* One agency's cell of the monthly table: its waves (windows in which some
 * of its groups move) and workloads moved from `from` up to `to` (exclusive;
 * SL_DATE_NONE: to the end); '-' for none. */
static void month_cell(const sl_schedule *s, size_t a, sl_date from, sl_date to, char *cell,
                       size_t len)
{
    long waves = 0, moved = 0;
    for (size_t w = 0; w < s->n_waves; w++) {
        sl_date day = s->waves[w].start_day;
        if (day < from || (to != SL_DATE_NONE && day >= to) || !s->waves[w].workloads_by_agency[a])
            continue;
        waves++;
        moved += s->waves[w].workloads_by_agency[a];
    }
    snprintf(cell, len, "-");
    if (waves)
        snprintf(cell, len, "%ld / %ld", waves, moved);
}

/* What an agency's last move waits for: "gate X" or the binding rule. */
static void binds_text(const pen *p, const sl_model *m, const sl_agency_schedule *as, char *buf,
                       size_t len)
{
    if (as->binds == SL_BINDS_GATE && as->binding_gate != SL_NONE)
        sl_says(buf, len, p->l, "gate %s", m->gates[as->binding_gate].id);
    else
        snprintf(buf, len, "%s", sl_label(p->l, "binds", sl_binds_name(as->binds)));
}

static int months_table(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_schedule *s = plan->schedule;
    int y0, m0, d0, y1, m1, d1;
    sl_date_to_ymd(s->waves[0].start_day, &y0, &m0, &d0);
    sl_date_to_ymd(s->waves[s->n_waves - 1].start_day, &y1, &m1, &d1);
    int months = (y1 - y0) * 12 + (m1 - m0) + 1;
    sl_tt_col cols[33] = {{{N_("month"), NULL}, false, 0, 0}};
    size_t n = 1, ag[32];
    for (size_t a = 0; a < m->n_agencies && n < 33; a++)
        if (s->per_agency[a].n_groups) {
            cols[n] = (sl_tt_col){{m->agencies[a].id, NULL}, true, (int)n, 0};
            ag[n - 1] = a;
            n++;
        }
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, n);
    /* two years in full; anything after on one line */
    int shown = months > 26 ? 24 : months;
    for (int k = 0; !rc && k <= shown && k < months; k++) {
        int y = y0 + (m0 - 1 + k) / 12, mo = (m0 - 1 + k) % 12 + 1;
        sl_date from = sl_date_from_ymd(y, mo, 1);
        sl_date to = k < shown ? sl_date_add_months(from, 1) : SL_DATE_NONE;
        char cells[33][32];
        const char *row[33];
        if (k < shown)
            snprintf(cells[0], sizeof cells[0], "%04d-%02d", y, mo);
        else
            snprintf(cells[0], sizeof cells[0], "%s", sl_tr(p->l, "later"));
        row[0] = cells[0];
        for (size_t c = 1; c < n; c++) {
            month_cell(s, ag[c - 1], from, to, cells[c], sizeof cells[c]);
            row[c] = cells[c];
        }
        rc = sl_tt_row(&t, row, NULL);
    }
    fputc('\n', p->out);
    fprintf(p->out, "  %s\n", sl_tr(p->l, "waves / workloads moved per month"));
    if (!rc)
        rc = sl_tt_write(p->out, &t, p->o, 2);
    if (!rc && months > shown)
        sl_sayn(p->out, p->l, (unsigned long)(months - shown), "  (later: %d more month)\n",
                "  (later: %d more months)\n", months - shown);
    sl_tt_free(&t);
    return rc;
}

static int schedule_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_schedule *s = plan->schedule;
    /* a plan with likely values and no failed move, not a forecast: the
     * simulated finish if every gate passes stands next to it (issue 14) */
    heading(p, sl_tr(p->l, "Planned schedule (likely values, no failed moves)"));
    char fin[32], dl[32];
    date_text(p, fin, s->finish);
    date_text(p, dl, m->deadline);
    bool late = s->finish == SL_DATE_NONE || s->finish > m->deadline || !s->is_complete;
    const sl_simulation *sim = plan->simulation;
    fprintf(p->out, "  %s %s%s%s%s", sl_tr(p->l, "planned finish"), on(p, late ? RED : GREEN),
            fin, on(p, RESET), s->n_unscheduled ? sl_tr(p->l, " of what can move") : "");
    if (sim && sim->if_gates_pass.iterations) {
        char f50[32], f80[32];
        date_text(p, f50, sim->if_gates_pass.finish_p50);
        date_text(p, f80, sim->if_gates_pass.finish_p80);
        sl_say(p->out, p->l, "; simulated if every gate passes: P50 %s, P80 %s", f50, f80);
    }
    fputc('\n', p->out);
    char waves[64], cannot[160];
    sl_saysn(waves, sizeof waves, p->l, s->n_waves, "%zu wave", "%zu waves", s->n_waves);
    sl_saysn(cannot, sizeof cannot, p->l, s->n_unscheduled, "%zu workload cannot move",
             "%zu workloads cannot move", s->n_unscheduled);
    sl_say(p->out, p->l, "  deadline %s; %s; %s", dl, waves, cannot);
    fprintf(p->out, "%s\n", s->n_unscheduled ? sl_tr(p->l, " (accounted for below)") : "");
    static const sl_tt_col cols[] = {
        {{N_("agency"), NULL}, false, 0, 0},     {{N_("first move"), NULL}, false, 4, 0},
        {{N_("planned"), NULL}, false, 0, 0},    {{N_("P50"), N_("if allowed")}, false, 2, 0},
        {{N_("P80"), N_("if allowed")}, false, 1, 0}, {{N_("groups"), NULL}, true, 5, 0},
        {{N_("hours"), NULL}, true, 3, 0},       {{N_("what binds"), NULL}, false, 0, 0},
    };
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, SL_ARRAY_LEN(cols));
    for (size_t a = 0; !rc && a < m->n_agencies; a++) {
        const sl_agency_schedule *as = &s->per_agency[a];
        if (!as->n_groups)
            continue;
        char first[32], last[32], a50[32] = "-", a80[32] = "-", groups[32], hours[32],
                                          binds[160];
        date_text(p, first, as->first_move);
        date_text(p, last, as->finish);
        const sl_sim_if_gates_pass *g = sim && sim->per_agency_if_gates_pass
                                            ? &sim->per_agency_if_gates_pass[a]
                                            : NULL;
        if (g && g->iterations) {
            date_text(p, a50, g->finish_p50);
            date_text(p, a80, g->finish_p80);
        }
        count(p, groups, sizeof groups, (double)as->n_groups);
        count(p, hours, sizeof hours, as->effort_hours);
        binds_text(p, m, as, binds, sizeof binds);
        if (as->n_unscheduled)
            snprintf(binds + strlen(binds), sizeof binds - strlen(binds), "%s",
                     sl_tr(p->l, " (some workloads cannot be scheduled)"));
        const char *row[] = {m->agencies[a].id, first, last, a50, a80, groups, hours, binds};
        rc = sl_tt_row(&t, row, NULL);
    }
    if (!rc)
        rc = sl_tt_write(p->out, &t, p->o, 2);
    sl_tt_free(&t);
    if (!rc && sim && sim->per_agency_if_gates_pass)
        fprintf(p->out, "  %s\n",
                sl_tr(p->l, "(if allowed: the simulated finish when every gate holding the "
                            "agency's moves passes)"));
    return rc || !s->n_waves ? rc : months_table(p, plan);
}

const char *sl_tornado_heading(sl_tornado_measure t, const char **how)
{
    switch (t) {
    case SL_TORNADO_FINISH_P80:
        *how = N_("P(on time) does not move; lowest vs highest decile");
        return N_("what moves the P80 finish most");
    case SL_TORNADO_SPEARMAN:
        *how = N_("rank correlation; P(on time) and P80 do not move");
        return N_("what the finish follows most");
    default:
        *how = N_("lowest vs highest decile of the input");
        return N_("what moves P(on time) most");
    }
}

static void p80_text(char buf[static 32], const sl_lang *l, const sl_model *m, double days)
{
    if (isinf(days))
        snprintf(buf, 32, "%s", sl_tr(l, "never"));
    else
        sl_date_format(buf, m->start + (sl_date)days);
}

void sl_tornado_bar_text(char *buf, size_t len, const sl_lang *l, const sl_model *m,
                         sl_tornado_measure t, const sl_tornado_bar *b)
{
    char lo[32], hi[32];
    switch (t) {
    case SL_TORNADO_FINISH_P80:
        p80_text(lo, l, m, b->finish_p80_low_days);
        p80_text(hi, l, m, b->finish_p80_high_days);
        snprintf(buf, len, "%s -> %s", lo, hi);
        break;
    case SL_TORNADO_SPEARMAN:
        sl_fmt_number(lo, sizeof lo, l, b->spearman_finish, 2, false);
        snprintf(buf, len, "%s%s", lo[0] == '-' ? "" : "+", lo);
        break;
    default:
        sl_fmt_share(lo, sizeof lo, l, b->p_on_time_low, 1, false);
        sl_fmt_share(hi, sizeof hi, l, b->p_on_time_high, 1, false);
        snprintf(buf, len, "%6s -> %6s", lo, hi);
    }
}

static int simulation_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_simulation *s = plan->simulation;
    char head[160];
    sl_saysn(head, sizeof head, p->l, (unsigned long)s->iterations,
             "Monte Carlo (%ld iteration, seed %llu)", "Monte Carlo (%ld iterations, seed %llu)",
             s->iterations, (unsigned long long)s->seed);
    heading(p, head);
    static const sl_tt_col cols[] = {
        {{N_("agency"), NULL}, false, 0, 0},      {{N_("P(on time)"), NULL}, true, 0, 0},
        {{N_("P50 finish"), NULL}, true, 3, 0},   {{N_("P80 finish"), NULL}, true, 0, 0},
        {{N_("P90 finish"), NULL}, true, 4, 0},   {{N_("cost P50"), NULL}, true, 2, 0},
        {{N_("cost P90"), NULL}, true, 1, 0},     {{N_("blocked"), NULL}, true, 5, 0},
    };
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, SL_ARRAY_LEN(cols));
    for (size_t k = 0; !rc && k <= s->n_agencies; k++) {
        const sl_sim_outcome *o = k < s->n_agencies ? &s->per_agency[k] : &s->overall;
        if (k < s->n_agencies && !sl_agency_moves(&m->agencies[k]))
            continue;
        char pot[32], f50[32], f80[32], f90[32], c50[48], c90[48], blocked[32];
        share(p, pot, sizeof pot, o->p_on_time, 1);
        date_text(p, f50, o->finish_p50);
        date_text(p, f80, o->finish_p80);
        date_text(p, f90, o->finish_p90);
        amount(p, c50, sizeof c50, o->cost_p50);
        amount(p, c90, sizeof c90, o->cost_p90);
        share(p, blocked, sizeof blocked, o->blocked_share, 1);
        const char *color = o->p_on_time >= m->verdict.go_p_on_time             ? GREEN
                            : o->p_on_time >= m->verdict.conditional_p_on_time ? YELLOW
                                                                               : RED;
        const char *row[] = {k < s->n_agencies ? m->agencies[k].id : sl_label(p->l, "agency", "all"),
                             pot, f50, f80, f90, c50, c90, blocked};
        const char *colors[] = {NULL, color, NULL, NULL, NULL, NULL, NULL, NULL};
        rc = sl_tt_row(&t, row, colors);
    }
    if (!rc)
        rc = sl_tt_write(p->out, &t, p->o, 2);
    sl_tt_free(&t);
    if (!rc && s->per_agency_if_gates_pass) {
        fprintf(p->out, "\n  ");
        wrapped(p,
                sl_tr(p->l, "allowed: every gate on the agency's workloads passes; then the "
                            "timeline decides (P(on time) = P(allowed) x P(on time | allowed))"),
                2, 2);
        static const sl_tt_col acols[] = {
            {{N_("agency"), NULL}, false, 0, 0},         {{N_("P(allowed)"), NULL}, true, 0, 0},
            {{N_("P(on time"), N_("| allowed)")}, true, 0, 0},
            {{N_("P50 finish"), N_("if allowed")}, true, 2, 0},
            {{N_("P80 finish"), N_("if allowed")}, true, 0, 0},
            {{N_("P90 finish"), N_("if allowed")}, true, 1, 0},
        };
        rc = sl_tt_init(&t, acols, SL_ARRAY_LEN(acols));
        for (size_t k = 0; !rc && k <= s->n_agencies; k++) {
            const sl_sim_if_gates_pass *g =
                k < s->n_agencies ? &s->per_agency_if_gates_pass[k] : &s->if_gates_pass;
            const sl_sim_outcome *o = k < s->n_agencies ? &s->per_agency[k] : &s->overall;
            if (k < s->n_agencies && !sl_agency_moves(&m->agencies[k]))
                continue;
            char pa[32], pot[32] = "-", f50[32] = "-", f80[32] = "-", f90[32] = "-";
            share(p, pa, sizeof pa, o->p_allowed, 1);
            if (g->iterations) {
                share(p, pot, sizeof pot, o->p_on_time_given_allowed, 1);
                date_text(p, f50, g->finish_p50);
                date_text(p, f80, g->finish_p80);
                date_text(p, f90, g->finish_p90);
            }
            const char *row[] = {
                k < s->n_agencies ? m->agencies[k].id : sl_label(p->l, "agency", "all"), pa, pot,
                f50, f80, f90};
            rc = sl_tt_row(&t, row, NULL);
        }
        if (!rc)
            rc = sl_tt_write(p->out, &t, p->o, 2);
        sl_tt_free(&t);
    }
    if (!rc && s->n_tornado) {
        const char *how, *what = sl_tornado_heading(s->tornado_measure, &how);
        fprintf(p->out, "\n  %s (%s)\n", sl_tr(p->l, what), sl_tr(p->l, how));
        rc = sl_tornado_lines(p->out, p->arena, p->o, m, s->tornado_measure, s->tornado,
                              SL_MIN(s->n_tornado, (size_t)5));
    }
    return rc;
}

static const char *verdict_color(sl_verdict_kind v)
{
    return v == SL_VERDICT_GO ? GREEN : v == SL_VERDICT_CONDITIONAL ? YELLOW
                                    : v == SL_VERDICT_NO_GO         ? RED
                                                                    : "";
}

static const char *verdict_word(const pen *p, sl_verdict_kind v)
{
    return sl_label(p->l, "verdict", sl_verdict_name(v));
}

/* At most this many reasons and conditions per agency here; the plan
 * document has them all. */
#define TEXT_REASONS 4
#define INDENT 23

/* The review of a not-go verdict: the decisions that answer what objects,
 * applied together and re-run, and what that gave. */
static void to_go_lines(const pen *p, const sl_to_go *t)
{
    char line[1024];
    if (!t->n_levers) {
        snprintf(line, sizeof line, "%s%s%s",
                 sl_tr(p->l, "verified: no decision in reach lifts what objects (whether a gate "
                             "passes is not a decision)"),
                 t->no_scope ? "; " : "",
                 t->no_scope ? sl_say_phrase(p->arena, &t->no_scope_phrase, t->no_scope, p->l,
                                             p->currency)
                             : "");
        fprintf(p->out, "%*s", INDENT, "");
        wrapped(p, line, INDENT, INDENT + 2);
        return;
    }
    if (t->is_verified)
        sl_says(line, sizeof line, p->l,
                "verified by re-running with these decisions together: %s", verdict_word(p, t->verdict));
    else
        sl_says(line, sizeof line, p->l,
                "verified by re-running with these decisions together: %s, not go",
                verdict_word(p, t->verdict));
    fprintf(p->out, "%*s", INDENT, "");
    wrapped(p, line, INDENT, INDENT + 2);
    for (size_t k = 0; k < t->n_levers; k++) {
        fprintf(p->out, "%*s* ", INDENT, "");
        wrapped(p,
                sl_say_phrase(p->arena, &t->levers[k].phrase, t->levers[k].text, p->l,
                              p->currency),
                INDENT + 2, INDENT + 2);
    }
    if (t->no_scope) {
        fprintf(p->out, "%*s", INDENT, "");
        wrapped(p, sl_say_phrase(p->arena, &t->no_scope_phrase, t->no_scope, p->l, p->currency),
                INDENT, INDENT + 2);
    }
    if (t->n_missing) {
        sl_says(line, sizeof line, p->l, "still objecting: %s", reason_text(p, &t->missing[0]));
        fprintf(p->out, "%*s", INDENT, "");
        wrapped(p, line, INDENT, INDENT + 2);
        if (t->n_missing > 1) {
            fprintf(p->out, "%*s", INDENT + 2, "");
            sl_sayn(p->out, p->l, t->n_missing - 1, "(%zu more in the plan document)\n",
                    "(%zu more in the plan document)\n", t->n_missing - 1);
        }
    }
}

static void verdict_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    heading(p, sl_tr(p->l, "Verdicts"));
    for (size_t i = 0; i < plan->risk->n_verdicts; i++) {
        const sl_verdict *v = &plan->risk->verdicts[i];
        const char *word = verdict_word(p, v->verdict);
        fputs("  ", p->out);
        sl_text_pad(p->out, m->agencies[v->agency].id, 8, false);
        fprintf(p->out, " %s", on(p, verdict_color(v->verdict)));
        /* a long verdict (Swedish "går inte vidare nu") has a line of its own */
        bool own_line = sl_text_width(word) > INDENT - 11;
        sl_text_pad(p->out, word, own_line || !v->n_reasons ? 0 : INDENT - 11, false);
        fputs(on(p, RESET), p->out);
        if (!v->n_reasons || own_line)
            fputc('\n', p->out);
        for (size_t k = 0; k < v->n_reasons && k < TEXT_REASONS; k++) {
            if (k || own_line)
                fprintf(p->out, "%*s", INDENT, "");
            fputs("- ", p->out);
            wrapped(p, reason_text(p, &v->reasons[k]), INDENT + 2, INDENT + 2);
        }
        if (v->n_reasons > TEXT_REASONS) {
            fprintf(p->out, "%*s", INDENT, "");
            sl_sayn(p->out, p->l, v->n_reasons - TEXT_REASONS,
                    "(%zu more reason in the plan document)\n",
                    "(%zu more reasons in the plan document)\n", v->n_reasons - TEXT_REASONS);
        }
        if (v->n_conditions) {
            fprintf(p->out, "%*s%s%s%s\n", INDENT, "", on(p, BOLD), sl_tr(p->l, "to go:"),
                    on(p, RESET));
            for (size_t k = 0; k < v->n_conditions && k < TEXT_REASONS; k++) {
                fprintf(p->out, "%*s+ ", INDENT, "");
                wrapped(p, reason_text(p, &v->conditions[k]), INDENT + 2, INDENT + 2);
            }
            if (v->n_conditions > TEXT_REASONS) {
                fprintf(p->out, "%*s", INDENT, "");
                sl_sayn(p->out, p->l, v->n_conditions - TEXT_REASONS,
                        "(%zu more condition in the plan document)\n",
                        "(%zu more conditions in the plan document)\n",
                        v->n_conditions - TEXT_REASONS);
            }
        }
        if (plan->review && plan->review->to_go[v->agency].is_reviewed)
            to_go_lines(p, &plan->review->to_go[v->agency]);
    }
}

static void payback_text(const pen *p, char buf[static 32], int year)
{
    if (year > 0)
        sl_says(buf, 32, p->l, "year %d", year);
    else
        snprintf(buf, 32, "%s", sl_tr(p->l, "never"));
}

/* Per agency whose gates may be refused: the saving when every gate
 * passes and when some is refused, then per gate, each with its
 * probability: the humps the expected saving averages. */
static int saving_by_outcome(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_costing *c = plan->cost;
    static const sl_tt_col cols[] = {
        {{N_("agency"), NULL}, false, 0, 0},  {{N_("outcome"), NULL}, false, 0, 0},
        {{N_("P"), NULL}, true, 0, 0},        {{N_("expected"), N_("saving")}, true, 0, 0},
        {{N_("P(saving"), N_("> 0)")}, true, 1, 0},
    };
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, SL_ARRAY_LEN(cols));
    for (size_t a = 0; !rc && a < m->n_agencies; a++) {
        const sl_agency_cost *ac = &c->per_agency[a];
        if (!ac->is_costed || !ac->if_not_allowed.iterations || !ac->if_allowed.iterations)
            continue;
        size_t n_gates = 0;
        for (size_t k = 0; k < ac->n_by_gate; k++) {
            const sl_saving_by_gate *bg = &ac->by_gate[k];
            /* a gate refused exactly when some gate is: the rows above */
            n_gates += bg->if_passes.iterations && bg->if_refused.iterations &&
                       bg->if_refused.iterations != ac->if_not_allowed.iterations;
        }
        for (size_t k = 0; !rc && k < 2 + 2 * ac->n_by_gate; k++) {
            const sl_saving_if *s;
            char what[128];
            if (k < 2) {
                s = k ? &ac->if_not_allowed : &ac->if_allowed;
                snprintf(what, sizeof what, "%s",
                         sl_label(p->l, "outcome", k ? "some gate is refused" : "every gate passes"));
            } else {
                const sl_saving_by_gate *bg = &ac->by_gate[(k - 2) / 2];
                if (!bg->if_passes.iterations || !bg->if_refused.iterations ||
                    bg->if_refused.iterations == ac->if_not_allowed.iterations)
                    continue;
                bool refused = (k - 2) % 2;
                s = refused ? &bg->if_refused : &bg->if_passes;
                if (refused)
                    sl_says(what, sizeof what, p->l, "%.20s is refused", m->gates[bg->gate].id);
                else
                    sl_says(what, sizeof what, p->l, "%.20s passes", m->gates[bg->gate].id);
            }
            char pr[32], v[48], pos[32];
            share(p, pr, sizeof pr, s->p, 1);
            money(p, v, sizeof v, s->npv_saving_mean);
            share(p, pos, sizeof pos, s->p_saving_positive, 0);
            const char *row[] = {k ? "" : m->agencies[a].id, what, pr, v, pos};
            rc = sl_tt_row(&t, row, NULL);
        }
        (void)n_gates;
    }
    if (!rc && t.n_rows) {
        fprintf(p->out, "\n  %s\n",
                sl_tr(p->l, "the saving by gate outcome (among the iterations where it happens)"));
        rc = sl_tt_write(p->out, &t, p->o, 2);
    }
    sl_tt_free(&t);
    return rc;
}

/* When an agency's expected saving lies outside its P10 to P90 (a rare
 * outcome, such as a refused gate, far from the rest pulls the mean), a
 * line under the table says so and why, so the two figures do not
 * read as a contradiction. */
static void mean_outside_note(const pen *p, const char *agency, const sl_agency_cost *ac)
{
    double mean = ac->npv_saving_mean;
    bool below = mean < ac->npv_saving_p10, above = mean > ac->npv_saving_p90;
    if (!isfinite(mean) || (!below && !above))
        return;
    const sl_saving_if *pull = below ? &ac->if_not_allowed : &ac->if_allowed;
    char m_[48], q[48], pr[32], v[48], line[512];
    amount(p, m_, sizeof m_, mean);
    amount(p, q, sizeof q, below ? ac->npv_saving_p10 : ac->npv_saving_p90);
    if (pull->iterations > 0 && (below ? pull->npv_saving_mean < mean : pull->npv_saving_mean > mean)) {
        share(p, pr, sizeof pr, pull->p, 1);
        amount(p, v, sizeof v, pull->npv_saving_mean);
        if (below)
            sl_says(line, sizeof line, p->l,
                    "%s: the expected saving %s lies below its P10 %s: the %s of iterations in "
                    "which some gate is refused (saving %s) pull the mean down",
                    agency, m_, q, pr, v);
        else
            sl_says(line, sizeof line, p->l,
                    "%s: the expected saving %s lies above its P90 %s: the %s of iterations in "
                    "which every gate passes (saving %s) pull the mean up",
                    agency, m_, q, pr, v);
    } else if (below) {
        sl_says(line, sizeof line, p->l,
                "%s: the expected saving %s lies below its P10 %s: a few iterations with a much "
                "lower saving pull the mean down", agency, m_, q);
    } else {
        sl_says(line, sizeof line, p->l,
                "%s: the expected saving %s lies above its P90 %s: a few iterations with a much "
                "higher saving pull the mean up", agency, m_, q);
    }
    fputs("  ", p->out);
    wrapped(p, line, 2, 4);
}

static int cost_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_costing *c = plan->cost;
    char head[256], rate[32];
    bool mc = isfinite(c->npv_saving_mean);
    sl_fmt_share(rate, sizeof rate, p->l, c->discount_rate, -1, false);
    /* the currency, unless the amounts name it themselves (sv: "mnkr") */
    char cur[64] = "";
    if (!sl_fmt_money_names_currency(p->l, m->currency))
        snprintf(cur, sizeof cur, ", %s", m->currency ? m->currency : "");
    if (mc)
        sl_saysn(head, sizeof head, p->l, (unsigned long)c->n_years,
                 "Cost (present value of %d year at %s%s; expected = the mean over the Monte "
                 "Carlo iterations)",
                 "Cost (present value of %d years at %s%s; expected = the mean over the Monte "
                 "Carlo iterations)",
                 c->n_years, rate, cur);
    else
        sl_saysn(head, sizeof head, p->l, (unsigned long)c->n_years,
                 "Cost (present value of %d year at %s%s)",
                 "Cost (present value of %d years at %s%s)", c->n_years, rate, cur);
    heading(p, head);
    static const sl_tt_col cols[] = {
        {{N_("agency"), NULL}, false, 0, 0},       {{N_("status quo"), NULL}, true, 4, 0},
        {{N_("expected"), N_("saving")}, true, 0, 0}, {{N_("P(saving"), N_("> 0)")}, true, 0, 0},
        {{N_("saving"), N_("P10")}, true, 0, 0},   {{N_("saving"), N_("P90")}, true, 3, 0},
        {{N_("payback"), N_("P50")}, true, 5, 0},  {{N_("charge"), N_("a year")}, true, 1, 0},
        {{N_("per VM"), N_("a year")}, true, 2, 0},
    };
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, SL_ARRAY_LEN(cols));
    for (size_t a = 0; !rc && a <= m->n_agencies; a++) {
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
        char b1[48], b3[48] = "-", b4[48] = "-", b5[48] = "-", b6[48], pp[32] = "-",
                     pb50[32] = "-", vm[32] = "-";
        money(p, b1, sizeof b1, sq);
        if (isfinite(mean))
            money(p, b3, sizeof b3, mean);
        if (isfinite(pos))
            share(p, pp, sizeof pp, pos, 0);
        if (isfinite(s10))
            money(p, b4, sizeof b4, s10);
        if (isfinite(s90))
            money(p, b5, sizeof b5, s90);
        if (pb50_year >= 0 && mc)
            payback_text(p, pb50, pb50_year);
        money(p, b6, sizeof b6, fee);
        if (vms)
            count(p, vm, sizeof vm, fee / (double)vms);
        const char *row[] = {total ? sl_label(p->l, "agency", "all") : m->agencies[a].id,
                             b1, b3, pp, b4, b5, pb50, b6, vm};
        const char *colors[] = {NULL, NULL, !(mean >= 0) ? RED : GREEN, NULL, NULL,
                                NULL, NULL, NULL, NULL};
        rc = sl_tt_row(&t, row, colors);
    }
    if (!rc)
        rc = sl_tt_write(p->out, &t, p->o, 2);
    sl_tt_free(&t);
    for (size_t a = 0; !rc && mc && a < m->n_agencies; a++)
        if (c->per_agency[a].is_costed)
            mean_outside_note(p, m->agencies[a].id, &c->per_agency[a]);
    if (!rc && mc)
        rc = saving_by_outcome(p, plan);
    if (rc)
        return rc;
    fprintf(p->out, "\n  %s\n",
            sl_tr(p->l, "if every gate passes and no move fails (the plan with most likely values)"));
    static const sl_tt_col pcols[] = {
        {{N_("agency"), NULL}, false, 0, 0},
        {{N_("co-location"), NULL}, true, 0, 0},
        {{N_("saving"), NULL}, true, 0, 0},
        {{N_("payback"), NULL}, true, 0, 0},
    };
    rc = sl_tt_init(&t, pcols, SL_ARRAY_LEN(pcols));
    for (size_t a = 0; !rc && a <= m->n_agencies; a++) {
        bool total = a == m->n_agencies;
        if (!total && !c->per_agency[a].is_costed)
            continue;
        const sl_agency_cost *ac = total ? NULL : &c->per_agency[a];
        char b2[48], b3[48], pb[32];
        money(p, b2, sizeof b2, ac ? ac->colocation.npv : c->npv_colocation);
        money(p, b3, sizeof b3, ac ? ac->npv_saving : c->npv_saving);
        payback_text(p, pb, ac ? ac->payback_year : c->payback_year);
        const char *row[] = {total ? sl_label(p->l, "agency", "all") : m->agencies[a].id, b2, b3,
                             pb};
        rc = sl_tt_row(&t, row, NULL);
    }
    if (!rc)
        rc = sl_tt_write(p->out, &t, p->o, 2);
    sl_tt_free(&t);
    char hw[48], yr[48], from[32];
    amount(p, hw, sizeof hw, c->platform_hardware);
    amount(p, yr, sizeof yr, c->platform_per_year);
    date_text(p, from, c->platform_from);
    char line[512];
    sl_says(line, sizeof line, p->l, "shared platform from %s: %s of hardware, %s a year at run rate",
            from, hw, yr);
    static const char *const dims[] = {N_("vCPU"), N_("RAM"), N_("storage"), N_("busy threads")};
    bool any = false;
    for (int d = 0; d < SL_N_DIMS; d++) {
        if (!isfinite(c->capacity_used[d]))
            continue;
        char used[32];
        share(p, used, sizeof used, c->capacity_used[d], 0);
        snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s %s",
                 any ? ", " : sl_tr(p->l, "; used: "), sl_tr(p->l, dims[d]), used);
        any = true;
    }
    fputs("  ", p->out);
    wrapped(p, line, 2, 4);
    return 0;
}

/* The plan re-run without the no-go agencies: what the others pay and
 * save then, beside their figures with everyone in. */
static int without_section(const pen *p, const sl_plan *plan)
{
    const sl_model *m = plan->model;
    const sl_without *w = &plan->review->without;
    char ids[160] = "", head[256];
    for (size_t i = 0; i < w->n_left_out; i++)
        snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", i ? ", " : "",
                 m->agencies[w->left_out[i]].id);
    sl_says(head, sizeof head, p->l, "If the no-go agencies stay out (%s): the plan re-run without them",
            ids);
    heading(p, head);
    static const sl_tt_col cols[] = {
        {{N_("agency"), NULL}, false, 0, 0},          {{N_("verdict"), NULL}, false, 0, 0},
        {{N_("charge"), N_("a year")}, true, 0, 0},   {{N_("expected"), N_("saving")}, true, 0, 0},
        {{N_("with all:"), N_("saving")}, true, 1, 0}, {{N_("P(saving"), N_("> 0)")}, true, 2, 0},
    };
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, SL_ARRAY_LEN(cols));
    for (size_t a = 0; !rc && a < m->n_agencies; a++) {
        const sl_without_agency *wa = &w->per_agency[a];
        if (!wa->is_in)
            continue;
        char fee[48], mean[48] = "-", all[48] = "-", pos[32] = "-";
        money(p, fee, sizeof fee, wa->fee_per_year);
        if (isfinite(wa->npv_saving_mean))
            money(p, mean, sizeof mean, wa->npv_saving_mean);
        if (isfinite(plan->cost->per_agency[a].npv_saving_mean))
            money(p, all, sizeof all, plan->cost->per_agency[a].npv_saving_mean);
        if (isfinite(wa->p_saving_positive))
            share(p, pos, sizeof pos, wa->p_saving_positive, 0);
        const char *row[] = {m->agencies[a].id, verdict_word(p, wa->verdict), fee, mean, all, pos};
        rc = sl_tt_row(&t, row, NULL);
    }
    if (!rc)
        rc = sl_tt_write(p->out, &t, p->o, 2);
    sl_tt_free(&t);
    char cost[48], charged[48], line[512], hosts[64];
    amount(p, cost, sizeof cost, w->platform_cost);
    amount(p, charged, sizeof charged, w->platform_charged);
    sl_saysn(hosts, sizeof hosts, p->l, w->hosts, "%zu host", "%zu hosts", w->hosts);
    sl_says(line, sizeof line, p->l,
            "the platform (%s) costs %s over the horizon, undiscounted, and %s is charged back: %s",
            hosts, cost, charged,
            w->is_cost_recovered ? sl_tr(p->l, "the host recovers its cost")
                                 : sl_tr(p->l, "the host carries the rest"));
    fputs("  ", p->out);
    wrapped(p, line, 2, 4);
    return rc;
}

/* The category column: as wide as the longest category in the language
 * ("finansiering"), at least 10. */
static size_t category_width(const pen *p)
{
    size_t w = 10;
    for (int c = 0; c < SL_RISK_N_CATEGORIES; c++) {
        size_t n = sl_text_width(sl_label(p->l, "category", sl_risk_category_name(c)));
        w = n > w ? n : w;
    }
    return w;
}

static void risk_line(const pen *p, const sl_model *m, const sl_risk *k)
{
    size_t cw = category_width(p);
    fprintf(p->out, "  %2d = %dx%d  ", k->score, k->likelihood, k->impact);
    sl_text_pad(p->out, sl_label(p->l, "category", sl_risk_category_name(k->category)), cw, false);
    fputc(' ', p->out);
    sl_text_pad(p->out,
                k->agency == SL_NONE ? sl_label(p->l, "agency", "all") : m->agencies[k->agency].id,
                6, false);
    fputc(' ', p->out);
    char line[768];
    const char *title = k->title_phrase.tmpl
                            ? sl_say_phrase(p->arena, &k->title_phrase, k->title, p->l, p->currency)
                            : k->title ? k->title : k->id;
    if (k->is_scored && k->is_declared)
        snprintf(line, sizeof line, "%s", title);
    else if (k->is_scored)
        sl_says(line, sizeof line, p->l, "%s (computed)", title);
    else
        sl_says(line, sizeof line, p->l, "%s (computed; not scored: the %s rule judges it)", title,
                sl_label(p->l, "rule", k->judged_by));
    wrapped(p, line, 22 + cw, 22 + cw);
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
    heading(p, sl_tr(p->l, "Risks (scored ones count against the verdict; all in the plan "
                           "document)"));
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
    sl_sayn(p->out, p->l, n_unscored,
            "  not scored (%zu; it restates a verdict rule, which judges it once):\n",
            "  not scored (%zu; each restates a verdict rule, which judges it once):\n",
            n_unscored);
    shown = 0;
    for (size_t i = 0; i < r->n_risks && shown < 3; i++) {
        if (r->risks[i].is_scored)
            continue;
        risk_line(p, m, &r->risks[i]);
        shown++;
    }
}

static int write_text(FILE *out, const sl_plan *plan, const sl_text_options *o)
{
    const sl_model *m = plan->model;
    sl_text_options dflt = SL_TEXT_OPTIONS_INIT;
    if (!o)
        o = &dflt;
    pen p = {out, o->color, o->lang, o, o->width > 0 ? (size_t)o->width : 100, sl_arena_new(),
             m->currency};
    if (!p.arena)
        return SL_ENOMEM;
    char start[32], deadline[32], agencies[96], workloads[64], flows[64];
    date_text(&p, start, m->start);
    date_text(&p, deadline, m->deadline);
    fprintf(out, "%s%s%s\n", on(&p, BOLD), m->name, on(&p, RESET));
    size_t joining = 0, out_of_it = 0;
    for (size_t a = 0; a < m->n_agencies; a++) {
        joining += m->agencies[a].role == SL_ROLE_JOINING;
        out_of_it += sl_agency_stays_out(&m->agencies[a]);
    }
    if (out_of_it)
        sl_saysn(agencies, sizeof agencies, p.l, m->n_agencies,
                 "%zu agency (%zu joining, %zu of them staying out)",
                 "%zu agencies (%zu joining, %zu of them staying out)", m->n_agencies, joining,
                 out_of_it);
    else
        sl_saysn(agencies, sizeof agencies, p.l, m->n_agencies, "%zu agency (%zu joining)",
                 "%zu agencies (%zu joining)", m->n_agencies, joining);
    sl_saysn(workloads, sizeof workloads, p.l, m->n_workloads, "%zu workload", "%zu workloads",
             m->n_workloads);
    sl_saysn(flows, sizeof flows, p.l, m->n_flows, "%zu flow", "%zu flows", m->n_flows);
    sl_say(out, p.l, "  %s, %s, %s; %s to %s\n", agencies, workloads, flows, start, deadline);
    const sl_assessment *as = plan->assessment;
    if (as && as->reason_count[SL_REASON_POWERED_OFF]) {
        size_t off = as->reason_count[SL_REASON_POWERED_OFF];
        sl_sayn(out, p.l, off, "  %zu powered off: moved, to be confirmed as still needed",
                "  %zu powered off: moved, to be confirmed as still needed", off);
        if (as->n_powered_off_as_allocated)
            fputs(sl_tr(p.l, "; sized as allocated, not by their p95"), out);
        fputc('\n', out);
    }
    int rc = 0;
    if (plan->risk)
        verdict_section(&p, plan);
    if (plan->cost)
        rc = cost_section(&p, plan);
    if (!rc && plan->placement)
        rc = sl_text_isolation(out, plan, o);
    if (!rc && plan->cost && plan->review && plan->review->without.n_left_out)
        rc = without_section(&p, plan);
    if (!rc && plan->risk)
        risk_section(&p, plan);
    if (!rc && plan->schedule)
        rc = schedule_section(&p, plan);
    if (!rc && plan->schedule)
        rc = sl_text_accounting(out, plan, o);
    if (!rc && plan->simulation)
        rc = simulation_section(&p, plan);
    sl_arena_free(p.arena);
    return rc ? rc : ferror(out) ? SL_EIO : 0;
}

int sl_write_text_opts(FILE *out, const sl_plan *plan, const sl_text_options *o)
{
    sl_text_options dflt = SL_TEXT_OPTIONS_INIT;
    if (!o)
        o = &dflt;
    sl_term *t;
    FILE *f = sl_term_open(out, o->color, &t);
    return sl_term_close(f, t, f ? write_text(f, plan, o) : 0);
}

int sl_write_text(FILE *out, const sl_plan *plan, bool color)
{
    sl_text_options o = SL_TEXT_OPTIONS_INIT;
    o.color = color;
    return sl_write_text_opts(out, plan, &o);
}
