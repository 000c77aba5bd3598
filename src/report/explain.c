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

typedef struct ex {
    FILE *out;
    const sl_text_options *o;
    const sl_lang *l;
    size_t width;
    sl_arena *arena;
    const char *currency;
} ex;

static const char *on(const ex *x, const char *code)
{
    return x->o->color ? code : "";
}

/* Word-wraps text at the width with a hanging indent. */
static void para(const ex *x, const char *lead, const char *text, size_t indent)
{
    fputs(lead, x->out);
    size_t col = sl_text_width(lead);
    bool first = true;
    for (const char *s = text; *s;) {
        size_t word = strcspn(s, " ");
        char w[512];
        snprintf(w, sizeof w, "%.*s", (int)(word < sizeof w ? word : sizeof w - 1), s);
        size_t ww = sl_text_width(w);
        if (!first && col + 1 + ww > x->width) {
            fprintf(x->out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', x->out);
            col++;
        }
        fwrite(s, 1, word, x->out);
        col += ww;
        first = false;
        s += word;
        while (*s == ' ')
            s++;
    }
    fputc('\n', x->out);
}

static const char *verdict_word(const ex *x, sl_verdict_kind v)
{
    return sl_label(x->l, "verdict", sl_verdict_name(v));
}

static void reasons(const ex *x, const sl_verdict_reason *r, size_t n, const char *bullet)
{
    char lead[8];
    snprintf(lead, sizeof lead, "  %s ", bullet);
    for (size_t i = 0; i < n; i++)
        para(x, lead, sl_say_phrase(x->arena, &r[i].phrase, r[i].text, x->l, x->currency), 4);
}

/* The agency's own tornado: what moves its finish, never another
 * agency's drivers (a gate that holds none of its workloads shows only
 * when it moves this agency beyond Monte Carlo noise). */
static void drivers(const ex *x, const sl_plan *p, sl_index agency)
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
            is_flat = s->agency_finish_runs[(size_t)i * na + agency] ==
                      s->agency_finish_runs[agency];
        char text[256], day[11] = "";
        int32_t f = s->agency_finish_runs[agency];
        if (f >= 0)
            sl_date_format(day, p->model->start + f);
        if (f < 0)
            snprintf(text, sizeof text, "%s",
                     sl_tr(x->l, "nothing: it never finishes, in any iteration"));
        else
            sl_says(text, sizeof text, x->l, "nothing: it finishes on %s in every iteration", day);
        fputc('\n', x->out);
        sl_say(x->out, x->l, "What moves %s's finish\n", id);
        para(x, "  ",
             is_flat ? text
                     : sl_tr(x->l, "no uncertain input moves it beyond Monte Carlo noise (3 "
                                   "standard errors); more iterations show smaller effects"),
             4);
        return;
    }
    const char *how, *what = sl_tornado_heading(t->measure, &how);
    char head[256];
    snprintf(head, sizeof head, "%s", sl_tr(x->l, what));
    if (head[0] >= 'a' && head[0] <= 'z')
        head[0] = (char)(head[0] - 'a' + 'A');
    fputc('\n', x->out);
    sl_say(x->out, x->l, "%s for %s (%s)\n", head, id, sl_tr(x->l, how));
    sl_tornado_lines(x->out, x->arena, x->o, p->model, t->measure, t->bars,
                     SL_MIN(t->n_bars, (size_t)5));
}

/* The decisions that answer every objecting rule, applied together and
 * re-run by the plan's review: enough, or what still objects. */
static int to_go(const ex *x, const sl_plan *p, sl_index agency)
{
    if (!p->review || !p->review->to_go[agency].is_reviewed)
        return 0;
    const sl_to_go *t = &p->review->to_go[agency];
    if (!t->n_levers) {
        fprintf(x->out, "\n%s\n", sl_tr(x->l, "Decisions that make it go"));
        para(x, "  ",
             sl_tr(x->l, "none in reach: what objects is a gate's outcome, which is chance, not "
                         "a decision (see the scenarios below), or a rule no lever here moves"),
             4);
        if (t->no_scope)
            para(x, "  ", sl_say_phrase(x->arena, &t->no_scope_phrase, t->no_scope, x->l, x->currency),
                 4);
        return 0;
    }
    fputc('\n', x->out);
    if (t->is_verified)
        sl_say(x->out, x->l, "Decisions that make it go, applied together and re-run: %s (verified)\n",
               verdict_word(x, t->verdict));
    else
        sl_say(x->out, x->l, "Decisions that make it go, applied together and re-run: %s, not go\n",
               verdict_word(x, t->verdict));
    for (size_t i = 0; i < t->n_levers; i++) {
        /* a scope lever's set carries the agency's whole stays list */
        sl_buf text = {0};
        sl_buf_printf(&text, "%s (--set %s)",
                      sl_say_phrase(x->arena, &t->levers[i].phrase, t->levers[i].text, x->l,
                                    x->currency),
                      t->levers[i].set);
        if (text.failed) {
            sl_buf_free(&text);
            return SL_ENOMEM;
        }
        para(x, "  * ", text.data, 4);
        sl_buf_free(&text);
    }
    if (t->no_scope)
        para(x, "  ", sl_say_phrase(x->arena, &t->no_scope_phrase, t->no_scope, x->l, x->currency),
             4);
    if (t->n_missing) {
        fprintf(x->out, "  %s\n", sl_tr(x->l, "still objecting then:"));
        reasons(x, t->missing, t->n_missing, "-");
    }
    return 0;
}

/* A gate's outcome as a scenario: how often it is refused, what it then
 * holds back, and the expected saving either way. */
static void gate_scenarios(const ex *x, const sl_plan *p, sl_index agency)
{
    const sl_agency_cost *ac = p->cost ? &p->cost->per_agency[agency] : NULL;
    if (!ac || !ac->n_by_gate)
        return;
    const sl_model *m = p->model;
    fprintf(x->out, "\n%s\n", sl_tr(x->l, "If a gate is refused (chance, not a decision)"));
    for (size_t k = 0; k < ac->n_by_gate; k++) {
        const sl_saving_by_gate *bg = &ac->by_gate[k];
        char text[512], a[48] = "-", b[48] = "-", pr[32];
        if (bg->if_refused.iterations)
            sl_fmt_money(a, sizeof a, x->l, bg->if_refused.npv_saving_mean, m->currency);
        if (bg->if_passes.iterations)
            sl_fmt_money(b, sizeof b, x->l, bg->if_passes.npv_saving_mean, m->currency);
        sl_fmt_share(pr, sizeof pr, x->l, bg->if_refused.p, 1, false);
        const char *gate = m->gates[bg->gate].name ? m->gates[bg->gate].name : m->gates[bg->gate].id;
        if (!bg->if_refused.iterations)
            sl_says(text, sizeof text, x->l, "%s is refused in no iteration: expected NPV saving %s",
                    gate, b);
        else if (!bg->if_passes.iterations)
            sl_says(text, sizeof text, x->l,
                    "%s is refused in every iteration: expected NPV saving %s", gate, a);
        else
            sl_says(text, sizeof text, x->l,
                    "if %s is refused (P %s): expected NPV saving %s; if it passes: %s", gate, pr,
                    a, b);
        para(x, "  - ", text, 4);
    }
}

/* "56.0%", or "-" when there is no figure (never allowed). */
static const char *share_text(const ex *x, char buf[static 32], double p)
{
    if (isfinite(p))
        sl_fmt_share(buf, 32, x->l, p, 1, false);
    else
        memcpy(buf, "-", 2);
    return buf;
}

static const char *candidate_text(const ex *x, const sl_explain_candidate *c)
{
    return sl_say_phrase(x->arena, &c->phrase, c->text, x->l, x->currency);
}

static int outcome(const ex *x, const sl_explanation *e, const sl_explain_candidate *c,
                   const char *what)
{
    char lead[128];
    snprintf(lead, sizeof lead, "  %s: ", what);
    char q0[32], q1[32], p0[32], p1[32];
    share_text(x, q0, e->baseline_p_on_time_given_allowed);
    share_text(x, q1, c->p_on_time_given_allowed);
    share_text(x, p0, e->baseline_p_on_time);
    share_text(x, p1, c->p_on_time);
    /* a scope change's set carries a whole stays list: no fixed buffer */
    sl_buf sets = {0}, text = {0};
    sl_buf_printf(&sets, "%s%s%s", c->sets[0], c->n_sets > 1 ? " --set " : "",
                  c->sets[1] && c->n_sets > 1 ? c->sets[1] : "");
    const char *en = N_("%s: %s -> %s (P(on time | allowed) %s -> %s, P(on time) %s -> %s); "
                        "as --set: %s");
    const char *fmt = sl_tr_format(en, sl_tr(x->l, en));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (!sets.failed)
        sl_buf_printf(&text, fmt, candidate_text(x, c), verdict_word(x, e->baseline),
                      verdict_word(x, c->verdict), q0, q1, p0, p1, sets.data);
#pragma GCC diagnostic pop
    int rc = sets.failed || text.failed ? SL_ENOMEM : 0;
    if (!rc)
        para(x, lead, text.data, 4);
    sl_buf_free(&sets);
    sl_buf_free(&text);
    return rc;
}

static int runs_table(const ex *x, const sl_explanation *e)
{
    static const sl_tt_col cols[] = {
        {{N_("change (cheapest first)"), NULL}, false, 0, 0},
        {{N_("acts on"), NULL}, false, 2, 0},
        {{N_("size"), NULL}, true, 3, 0},
        {{N_("verdict"), NULL}, false, 0, 0},
        {{N_("P(on time"), N_("| allowed)")}, true, 0, 0},
        {{N_("P(on"), N_("time)")}, true, 1, 0},
        {{"", NULL}, false, 0, 0},
    };
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, SL_ARRAY_LEN(cols));
    for (size_t k = 0; !rc && k < e->n_run; k++) {
        const sl_explain_candidate *c = &e->candidates[k];
        char text[96], size[32], q[32], pt[32], verdict[256];
        const char *ct = candidate_text(x, c);
        size_t len = sl_text_width(ct);
        if (len > 58) {
            /* cut at a character, not inside one */
            size_t keep = 0, chars = 0;
            while (ct[keep] && chars < 55) {
                keep++;
                while ((ct[keep] & 0xC0) == 0x80)
                    keep++;
                chars++;
            }
            snprintf(text, sizeof text, "%.*s...", (int)keep, ct);
        } else {
            snprintf(text, sizeof text, "%s", ct);
        }
        sl_fmt_number(size, sizeof size, x->l, c->distance, 2, false);
        if (c->status) {
            sl_says(verdict, sizeof verdict, x->l, "failed: %s",
                    c->error ? c->error : sl_strerror(c->status));
            const char *row[] = {text, sl_label(x->l, "rule", c->rule), size, verdict, "", "", ""};
            rc = sl_tt_row(&t, row, NULL);
            continue;
        }
        snprintf(verdict, sizeof verdict, "%s", verdict_word(x, c->verdict));
        const char *row[] = {text,
                             sl_label(x->l, "rule", c->rule),
                             size,
                             verdict,
                             share_text(x, q, c->p_on_time_given_allowed),
                             share_text(x, pt, c->p_on_time),
                             c->flips ? "<" : ""};
        rc = sl_tt_row(&t, row, NULL);
    }
    if (!rc) {
        fputc('\n', x->out);
        rc = sl_tt_write(x->out, &t, x->o, 2);
    }
    sl_tt_free(&t);
    return rc;
}

static int write_explain(FILE *out, const sl_explanation *e, const sl_text_options *o)
{
    const sl_model *m = e->model;
    const sl_plan *p = e->plan;
    const sl_agency *ag = &m->agencies[e->agency];
    const sl_verdict *v = sl_plan_verdict(p, e->agency);
    sl_text_options dflt = SL_TEXT_OPTIONS_INIT;
    if (!o)
        o = &dflt;
    if (!v)
        return SL_EUSAGE;
    ex x = {out, o, o->lang, o->width > 0 ? (size_t)o->width : 100, sl_arena_new(), m->currency};
    if (!x.arena)
        return SL_ENOMEM;
    int rc = 0;
    fprintf(out, "%s%s (%s): %s%s\n", on(&x, BOLD), ag->id, ag->name, verdict_word(&x, v->verdict),
            on(&x, RESET));
    char its[64];
    sl_saysn(its, sizeof its, x.l, (unsigned long)p->iterations, "%ld iteration", "%ld iterations",
             p->iterations);
    sl_say(out, x.l, "  %s, plan at %s, seed %llu\n", m->name, its, (unsigned long long)p->seed);
    if (v->verdict == SL_VERDICT_HOST) {
        fprintf(out, "\n%s\n",
                sl_tr(x.l, "The host gives a capacity and finance statement, not a verdict:"));
        reasons(&x, v->reasons, v->n_reasons, "-");
        goto done;
    }
    if (v->verdict == SL_VERDICT_OUT) {
        fprintf(out, "\n%s\n", sl_tr(x.l, "It stays out of the move in this scenario (joins: false):"));
        reasons(&x, v->reasons, v->n_reasons, "-");
        goto done;
    }
    fprintf(out, "\n%s\n", sl_tr(x.l, "Why, heaviest first"));
    reasons(&x, v->reasons, v->n_reasons, "-");
    if (v->n_conditions) {
        fprintf(out, "\n%s\n", sl_tr(x.l, "What would make it go"));
        reasons(&x, v->conditions, v->n_conditions, "+");
    }
    rc = to_go(&x, p, e->agency);
    if (rc)
        goto done;
    gate_scenarios(&x, p, e->agency);
    drivers(&x, p, e->agency);
    if (!e->is_searched) {
        fputc('\n', out);
        sl_say(out, x.l, "%s is go: there is no verdict to flip.\n", ag->id);
        goto done;
    }
    char q[32], pt[32], run[128];
    sl_saysn(run, sizeof run, x.l, e->n_candidates, "%zu of %zu single decision run",
             "%zu of %zu single decisions run", e->n_run, e->n_candidates);
    fputc('\n', out);
    sl_sayn(out, x.l, (unsigned long)e->search_iterations, "Search: %s at %ld iteration, same seed",
            "Search: %s at %ld iterations, same seed", run, e->search_iterations);
    sl_say(out, x.l, "; there the verdict is %s (P(on time | allowed) %s, P(on time) %s)\n",
           verdict_word(&x, e->baseline), share_text(&x, q, e->baseline_p_on_time_given_allowed),
           share_text(&x, pt, e->baseline_p_on_time));
    if (e->flip != SIZE_MAX) {
        rc = outcome(&x, e, &e->candidates[e->flip], sl_tr(x.l, "cheapest change that flips it"));
        if (!rc && e->to_go != SIZE_MAX && e->to_go != e->flip)
            rc = outcome(&x, e, &e->candidates[e->to_go],
                         sl_tr(x.l, "cheapest change that makes it go"));
        else if (!rc && e->to_go == SIZE_MAX && e->baseline == SL_VERDICT_NO_GO)
            fprintf(out, "  %s\n", sl_tr(x.l, "no single change makes it go"));
        if (rc)
            goto done;
    } else {
        para(&x, "  ",
             e->n_candidates
                 ? sl_tr(x.l, "Nothing in the adjustable space flips it: no single change tried "
                              "improves the verdict. Changes together may; try them with --set.")
                 : sl_tr(x.l, "Nothing to try: no adjustable value (key `adjustable`), none of the "
                              "agency's own hours or budget and no workloads left behind act on a "
                              "rule that objects."),
             4);
    }
    if (e->n_skipped)
        sl_sayn(out, x.l, e->n_skipped,
                "  (%zu adjustable value not tried: a gate's outcome, or a rule that does not "
                "object)\n",
                "  (%zu adjustable values not tried: a gate's outcome, or a rule that does not "
                "object)\n",
                e->n_skipped);
    if (e->n_run) {
        rc = runs_table(&x, e);
        if (!rc && e->n_run < e->n_candidates)
            sl_sayn(out, x.l, e->n_candidates - e->n_run, "  (%zu more not run: --max-runs)\n",
                    "  (%zu more not run: --max-runs)\n", e->n_candidates - e->n_run);
    }
done:
    sl_arena_free(x.arena);
    return rc ? rc : ferror(out) ? SL_EIO : 0;
}

int sl_write_explain_text(FILE *out, const sl_explanation *e, bool color)
{
    sl_text_options o = SL_TEXT_OPTIONS_INIT;
    o.color = color;
    return sl_write_explain_text_opts(out, e, &o);
}

int sl_write_explain_text_opts(FILE *out, const sl_explanation *e, const sl_text_options *o)
{
    sl_term *t;
    FILE *f = sl_term_open(out, o && o->color, &t);
    return sl_term_close(f, t, f ? write_explain(f, e, o) : 0);
}
