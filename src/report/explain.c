/* SPDX-License-Identifier: MIT */
/*
 * explain.c - the plain-text account `samlok explain` prints: one
 * agency's verdict, the reasons that decided it, what would make it go,
 * the inputs that move its schedule most, and the cheapest single change
 * that flips it (or a clear statement that none in the scenario's
 * adjustable space does).
 */
#include "core/core.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

#define BOLD SL_TERM_SGR "[1m"
#define RESET SL_TERM_SGR "[0m"

static const char *on(bool color, const char *code)
{
    return color ? code : "";
}

/* Word-wraps text at 100 columns with a hanging indent. */
static void para(FILE *out, const char *lead, const char *text, size_t indent)
{
    fputs(lead, out);
    size_t col = strlen(lead);
    bool first = true;
    for (const char *s = text; *s;) {
        size_t word = strcspn(s, " ");
        if (!first && col + 1 + word > 100) {
            fprintf(out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', out);
            col++;
        }
        fwrite(s, 1, word, out);
        col += word;
        first = false;
        s += word;
        while (*s == ' ')
            s++;
    }
    fputc('\n', out);
}

static void reasons(FILE *out, const sl_verdict_reason *r, size_t n, const char *bullet)
{
    char lead[8];
    snprintf(lead, sizeof lead, "  %s ", bullet);
    for (size_t i = 0; i < n; i++)
        para(out, lead, r[i].text, 4);
}

/* The agency's own tornado: what moves its finish, never another
 * agency's drivers (a gate that holds none of its workloads shows only
 * when it moves this agency beyond Monte Carlo noise). */
static void drivers(FILE *out, const sl_plan *p, sl_index agency)
{
    const sl_simulation *s = p->simulation;
    if (!s || !s->per_agency_tornado)
        return;
    const sl_sim_tornado *t = &s->per_agency_tornado[agency];
    const char *id = p->model->agencies[agency].id;
    if (!t->n_bars) {
        bool is_flat = true;
        size_t na = s->n_agencies;
        for (long i = 1; i < s->iterations && is_flat; i++)
            is_flat =
                s->agency_finish_runs[(size_t)i * na + agency] == s->agency_finish_runs[agency];
        char text[96], day[11] = "";
        int32_t f = s->agency_finish_runs[agency];
        if (f >= 0)
            sl_date_format(day, p->model->start + f);
        snprintf(text, sizeof text,
                 f < 0 ? "nothing: it never finishes, in any iteration%s"
                       : "nothing: it finishes on %s in every iteration",
                 day);
        fprintf(out, "\nWhat moves %s's finish\n", id);
        para(out, "  ",
             is_flat ? text
                     : "no uncertain input moves it beyond Monte Carlo noise (3 standard errors); "
                       "more iterations show smaller effects",
             4);
        return;
    }
    const char *how, *what = sl_tornado_heading(t->measure, &how);
    fprintf(out, "\n%c%s for %s (%s)\n", (char)(*what - 'a' + 'A'), what + 1, id, how);
    for (size_t i = 0; i < t->n_bars && i < 5; i++) {
        char text[64];
        sl_tornado_bar_text(text, sizeof text, p->model, t->measure, &t->bars[i]);
        fprintf(out, "  %-50s %s\n", t->bars[i].input, text);
    }
}

/* The decisions that answer every objecting rule, applied together and
 * re-run by the plan's review: enough, or what still objects. */
static int to_go(FILE *out, const sl_plan *p, sl_index agency)
{
    if (!p->review || !p->review->to_go[agency].is_reviewed)
        return 0;
    const sl_to_go *t = &p->review->to_go[agency];
    if (!t->n_levers) {
        fprintf(out, "\nDecisions that make it go\n");
        para(out, "  ",
             "none in reach: what objects is a gate's outcome, which is chance, not a "
             "decision (see the scenarios below), or a rule no lever here moves",
             4);
        if (t->no_scope)
            para(out, "  ", t->no_scope, 4);
        return 0;
    }
    fprintf(out, "\nDecisions that make it go, applied together and re-run: %s%s\n",
            sl_verdict_name(t->verdict), t->is_verified ? " (verified)" : ", not go");
    for (size_t i = 0; i < t->n_levers; i++) {
        /* a scope lever's set carries the agency's whole stays list */
        sl_buf text = {0};
        sl_buf_printf(&text, "%s (--set %s)", t->levers[i].text, t->levers[i].set);
        if (text.failed) {
            sl_buf_free(&text);
            return SL_ENOMEM;
        }
        para(out, "  * ", text.data, 4);
        sl_buf_free(&text);
    }
    if (t->no_scope)
        para(out, "  ", t->no_scope, 4);
    if (t->n_missing) {
        fprintf(out, "  still objecting then:\n");
        reasons(out, t->missing, t->n_missing, "-");
    }
    return 0;
}

/* A gate's outcome as a scenario: how often it is refused, what it then
 * holds back, and the expected saving either way. */
static void gate_scenarios(FILE *out, const sl_plan *p, sl_index agency)
{
    const sl_agency_cost *ac = p->cost ? &p->cost->per_agency[agency] : NULL;
    if (!ac || !ac->n_by_gate)
        return;
    const sl_model *m = p->model;
    fprintf(out, "\nIf a gate is refused (chance, not a decision)\n");
    for (size_t k = 0; k < ac->n_by_gate; k++) {
        const sl_saving_by_gate *bg = &ac->by_gate[k];
        char text[512], a[32] = "-", b[32] = "-";
        if (bg->if_refused.iterations)
            snprintf(a, sizeof a, "%.1f M %s", bg->if_refused.npv_saving_mean / 1e6, m->currency);
        if (bg->if_passes.iterations)
            snprintf(b, sizeof b, "%.1f M %s", bg->if_passes.npv_saving_mean / 1e6, m->currency);
        if (!bg->if_refused.iterations)
            snprintf(text, sizeof text, "%s is refused in no iteration: expected NPV saving %s",
                     m->gates[bg->gate].id, b);
        else if (!bg->if_passes.iterations)
            snprintf(text, sizeof text, "%s is refused in every iteration: expected NPV saving %s",
                     m->gates[bg->gate].id, a);
        else
            snprintf(text, sizeof text,
                     "if %s is refused (P %.1f%%): expected NPV saving %s; if it passes: %s",
                     m->gates[bg->gate].id, 100 * bg->if_refused.p, a, b);
        para(out, "  - ", text, 4);
    }
}

/* "56.0%", or "-" when there is no figure (never allowed). */
static const char *share_text(char buf[static 16], double p)
{
    if (isfinite(p))
        snprintf(buf, 16, "%.1f%%", 100 * p);
    else
        memcpy(buf, "-", 2);
    return buf;
}

static int outcome(FILE *out, const sl_explanation *e, const sl_explain_candidate *c,
                   const char *what)
{
    char lead[64];
    snprintf(lead, sizeof lead, "  %s: ", what);
    sl_buf text = {0}; /* a scope change's set carries a whole stays list */
    char q0[16], q1[16];
    sl_buf_printf(&text,
                  "%s: %s -> %s (P(on time | allowed) %s -> %s, P(on time) %.1f%% -> "
                  "%.1f%%); as --set: %s%s%s",
                  c->text, sl_verdict_name(e->baseline), sl_verdict_name(c->verdict),
                  share_text(q0, e->baseline_p_on_time_given_allowed),
                  share_text(q1, c->p_on_time_given_allowed), 100 * e->baseline_p_on_time,
                  100 * c->p_on_time, c->sets[0], c->n_sets > 1 ? " --set " : "",
                  c->sets[1] && c->n_sets > 1 ? c->sets[1] : "");
    if (text.failed) {
        sl_buf_free(&text);
        return SL_ENOMEM;
    }
    para(out, lead, text.data, 4);
    sl_buf_free(&text);
    return 0;
}

static int write_explain(FILE *out, const sl_explanation *e, bool color)
{
    const sl_model *m = e->model;
    const sl_plan *p = e->plan;
    const sl_agency *ag = &m->agencies[e->agency];
    const sl_verdict *v = sl_plan_verdict(p, e->agency);
    if (!v)
        return SL_EUSAGE;
    fprintf(out, "%s%s (%s): %s%s\n", on(color, BOLD), ag->id, ag->name,
            sl_verdict_name(v->verdict), on(color, RESET));
    fprintf(out, "  %s, plan at %ld iterations, seed %llu\n", m->name, p->iterations,
            (unsigned long long)p->seed);
    if (v->verdict == SL_VERDICT_HOST) {
        fprintf(out, "\nThe host gives a capacity and finance statement, not a verdict:\n");
        reasons(out, v->reasons, v->n_reasons, "-");
        return ferror(out) ? SL_EIO : 0;
    }
    if (v->verdict == SL_VERDICT_OUT) {
        fprintf(out, "\nIt stays out of the move in this scenario (joins: false):\n");
        reasons(out, v->reasons, v->n_reasons, "-");
        return ferror(out) ? SL_EIO : 0;
    }
    fprintf(out, "\nWhy, heaviest first\n");
    reasons(out, v->reasons, v->n_reasons, "-");
    if (v->n_conditions) {
        fprintf(out, "\nWhat would make it go\n");
        reasons(out, v->conditions, v->n_conditions, "+");
    }
    int rc = to_go(out, p, e->agency);
    if (rc)
        return rc;
    gate_scenarios(out, p, e->agency);
    drivers(out, p, e->agency);
    if (!e->is_searched) {
        fprintf(out, "\n%s is go: there is no verdict to flip.\n", ag->id);
        return ferror(out) ? SL_EIO : 0;
    }
    fprintf(out, "\nSearch: %zu of %zu single decisions run at %ld iterations, same seed", e->n_run,
            e->n_candidates, e->search_iterations);
    char q[16];
    fprintf(out, "; there the verdict is %s (P(on time | allowed) %s, P(on time) %.1f%%)\n",
            sl_verdict_name(e->baseline), share_text(q, e->baseline_p_on_time_given_allowed),
            100 * e->baseline_p_on_time);
    if (e->flip != SIZE_MAX) {
        rc = outcome(out, e, &e->candidates[e->flip], "cheapest change that flips it");
        if (!rc && e->to_go != SIZE_MAX && e->to_go != e->flip)
            rc = outcome(out, e, &e->candidates[e->to_go], "cheapest change that makes it go");
        else if (!rc && e->to_go == SIZE_MAX && e->baseline == SL_VERDICT_NO_GO)
            fprintf(out, "  no single change makes it go\n");
        if (rc)
            return rc;
    } else {
        para(out, "  ",
             e->n_candidates
                 ? "Nothing in the adjustable space flips it: no single change tried improves the "
                   "verdict. Changes together may; try them with --set."
                 : "Nothing to try: no adjustable value (key `adjustable`), none of the "
                   "agency's own hours or budget and no workloads left behind act on a rule "
                   "that objects.",
             4);
    }
    if (e->n_skipped)
        fprintf(out,
                "  (%zu adjustable values not tried: a gate's outcome, or a rule that does not "
                "object)\n",
                e->n_skipped);
    if (e->n_run) {
        fprintf(out, "\n  %-58s %-9s %5s  %-12s %9s %9s\n", "change (cheapest first)", "acts on",
                "size", "verdict", "P(on time", "P(on");
        fprintf(out, "  %-58s %-9s %5s  %-12s %9s %9s\n", "", "", "", "", "| allowed)", "time)");
        for (size_t k = 0; k < e->n_run; k++) {
            const sl_explain_candidate *c = &e->candidates[k];
            char text[59];
            size_t len = strlen(c->text);
            if (len > 58)
                snprintf(text, sizeof text, "%.55s...", c->text);
            else
                snprintf(text, sizeof text, "%s", c->text);
            if (c->status)
                fprintf(out, "  %-58s %-9s %5.2f  failed: %s\n", text, c->rule, c->distance,
                        c->error ? c->error : sl_strerror(c->status));
            else
                fprintf(out, "  %-58s %-9s %5.2f  %-12s %9s %8.1f%%%s\n", text, c->rule,
                        c->distance, sl_verdict_name(c->verdict),
                        share_text(q, c->p_on_time_given_allowed), 100 * c->p_on_time,
                        c->flips ? "  <" : "");
        }
        if (e->n_run < e->n_candidates)
            fprintf(out, "  (%zu more not run: --max-runs)\n", e->n_candidates - e->n_run);
    }
    return ferror(out) ? SL_EIO : 0;
}

int sl_write_explain_text(FILE *out, const sl_explanation *e, bool color)
{
    sl_term *t;
    FILE *f = sl_term_open(out, color, &t);
    return sl_term_close(f, t, f ? write_explain(f, e, color) : 0);
}
