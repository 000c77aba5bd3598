/* SPDX-License-Identifier: MIT */
/*
 * explain.c - what would flip an agency's verdict: a search over single
 * decisions, each judged by re-running the whole pipeline. It sits beside
 * plan.c because, like plan.c, it runs every stage.
 *
 * Candidates are decisions someone can take, and only those that act on
 * a rule that objects (issue 14):
 *   - every value the scenario marks `adjustable` (a path and candidate
 *     values), as a --set override, unless it sets a gate's outcome
 *     (pass_probability, lead_time_months: chance, not a decision; the
 *     explanation shows those as scenarios, "if X is refused") or its
 *     path names a rule that does not object (a deadline when only the
 *     budget objects);
 *   - the agency's own migration hours a week (x1.25, x1.5, x2, x3) when
 *     the schedule objects, and its budget (what the P90 cost needs) when
 *     the budget objects, even when `adjustable` does not list them;
 *   - scope (scope.c): when the gates rule objects, leaving behind the
 *     workloads of each gate that may be refused and holds part of the
 *     agency's, and the set the review would choose when it takes more
 *     than one gate; when the accounted rule objects, declaring the
 *     workloads that cannot move to stay. Each is one stays override.
 * A path's rule: deadline, staff hours, windows, freezes and a gate's
 * `opens` act on the schedule; a budget on the budget rule; a declared
 * risk on the risk rule; a site's capacity on capacity; any other path
 * counts as acting on whatever objects.
 * Order (cheapest first): by the relative size of the change, |new - now|
 * / |now| for numbers, |days moved| / (now - start) for dates, and the
 * share of the agency's workloads left behind for scope; a value whose
 * current setting is unknown costs 1 + its place in the list. Ties by the
 * overrides' text.
 *
 * Every candidate runs the pipeline at a reduced iteration count with the
 * baseline's seed: the simulation draws the same numbers for every input
 * the change does not touch (common random numbers), so differences come
 * from the change, not from noise. A candidate flips the verdict when the
 * agency's verdict is better than the baseline's at the same iterations
 * (no_go -> conditional or go; conditional -> go). The first that flips
 * is the cheapest; the first that reaches go is reported too. The result
 * is deterministic for a scenario and seed. Cost: one pipeline run per
 * candidate, at most max_runs, each from the first stage its change
 * reaches (reuse.c: a deadline re-runs schedule on, staff hours group
 * on). Several decisions together: the plan's review (review.c) verifies
 * the levers of every objecting rule at once.
 */
#include "model/model.h"
#include "rerun.h"
#include "reuse.h"
#include "risk/risk.h"
#include "scope.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define DAYS_PER_MONTH 30.436875

void sl_explanation_free(sl_explanation *e)
{
    if (!e)
        return;
    sl_plan_free((sl_plan *)(uintptr_t)e->plan);
    sl_model_free((sl_model *)(uintptr_t)e->model);
    sl_free(e->candidates);
    sl_arena_free(e->arena);
    sl_free(e);
}

typedef enum { NOW_UNKNOWN = 0, NOW_NUMBER, NOW_DATE } now_kind;

/* The current value of a scenario path, when the model says. */
static now_kind current_value(const sl_model *m, const char *path, double *num, sl_date *date,
                              const char **unit)
{
    *unit = "";
    for (size_t i = 0; i < m->n_params; i++) {
        if (strcmp(m->params[i].path, path) == 0) {
            *num = m->params[i].value->likely;
            *unit = m->params[i].unit ? m->params[i].unit : "";
            return NOW_NUMBER;
        }
    }
    if (strcmp(path, "deadline") == 0 || strcmp(path, "start") == 0) {
        *date = path[0] == 'd' ? m->deadline : m->start;
        return NOW_DATE;
    }
    static const struct {
        const char *path;
        size_t offset;
        size_t size;
    } ints[] = {
        {"windows.max_critical_groups", offsetof(sl_model, windows.max_critical_groups),
         sizeof(int)},
        {"windows.max_workloads", offsetof(sl_model, windows.max_workloads), sizeof(int)},
        {"horizon_years", offsetof(sl_model, horizon_years), sizeof(int)},
    };
    for (size_t i = 0; i < SL_ARRAY_LEN(ints); i++) {
        if (strcmp(path, ints[i].path) == 0) {
            *num = *(const int *)(const void *)((const char *)m + ints[i].offset);
            return NOW_NUMBER;
        }
    }
    return NOW_UNKNOWN;
}

typedef struct search {
    const sl_model *m;
    sl_explanation *e;
    size_t cap;
    const sl_verdict *v; /* the baseline's, at the search's iterations */
    const sl_plan *base; /* the same plan */
} search;

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

/* The verdict rule a scenario path acts on; NULL for a gate's outcome,
 * which is chance and never a candidate. */
static const char *rule_of(const char *path)
{
    if (strncmp(path, "gates.", 6) == 0 &&
        (ends_with(path, ".pass_probability") || ends_with(path, ".lead_time_months")))
        return NULL;
    if (strcmp(path, "deadline") == 0 || ends_with(path, ".migration_hours_per_week") ||
        strncmp(path, "windows.", 8) == 0 || strstr(path, "freeze") || ends_with(path, ".opens") ||
        ends_with(path, ".announce"))
        return "schedule";
    if (ends_with(path, ".budget"))
        return "budget";
    if (strncmp(path, "risks.", 6) == 0)
        return "risks";
    if (strncmp(path, "sites.", 6) == 0 && strstr(path, "capacity"))
        return "capacity";
    return "other";
}

/* Does a rule object to the baseline verdict? "other" is taken to act on
 * whatever objects. */
static bool rule_objects(const sl_verdict *v, const char *rule)
{
    static const struct {
        const char *code, *rule;
    } map[] = {
        {"schedule_p_on_time_low", "schedule"}, {"schedule_plan_late", "schedule"},
        {"gate_late", "schedule"},             {"budget_exceeded", "budget"},
        {"risk_score_high", "risks"},           {"capacity_short", "capacity"},
        {"blocked_share_high", "gates"},        {"gates_never_pass", "gates"},
        {"workloads_unmovable", "accounted"},
    };
    if (strcmp(rule, "other") == 0)
        return true;
    for (size_t i = 0; i < v->n_reasons; i++) {
        if (v->reasons[i].effect == SL_VERDICT_GO)
            continue;
        /* a faster move also shortens double running: schedule levers act on the NPV too */
        if (strcmp(v->reasons[i].code, "npv_negative") == 0 && strcmp(rule, "schedule") == 0)
            return true;
        for (size_t k = 0; k < SL_ARRAY_LEN(map); k++)
            if (strcmp(v->reasons[i].code, map[k].code) == 0 && strcmp(map[k].rule, rule) == 0)
                return true;
    }
    return false;
}

static sl_explain_candidate *new_candidate(search *s)
{
    if (SL_GROW(s->e->candidates, s->cap, s->e->n_candidates + 1))
        return NULL;
    sl_explain_candidate *c = &s->e->candidates[s->e->n_candidates++];
    memset(c, 0, sizeof *c);
    return c;
}

/* The candidate's text said in English from the phrase b holds, kept
 * with it; false when out of memory. */
static bool say(sl_explain_candidate *c, sl_phrase_builder *b, const char *currency)
{
    if (!sl_pb_end(b, &c->phrase))
        return false;
    c->text = sl_phrase_text(b->arena, &c->phrase, NULL, currency);
    return c->text != NULL;
}

/* "a deadline 3 months later (2027-12-31 -> 2028-03-31)", begun in b. */
static void shift_phrase(sl_phrase_builder *b, sl_arena *a, const char *path, sl_date from,
                         sl_date to)
{
    long days = (long)(to - from);
    long months = lround(fabs((double)days) / DAYS_PER_MONTH);
    bool later = days >= 0, deadline = strcmp(path, "deadline") == 0;
    /* [deadline?][later?][months?]: singular, plural */
    static const char *const forms[2][2][2][2] = {
        {{{N_("{path} {n:int} day earlier ({from:date} -> {to:date})"),
           N_("{path} {n:int} days earlier ({from:date} -> {to:date})")},
          {N_("{path} {n:int} month earlier ({from:date} -> {to:date})"),
           N_("{path} {n:int} months earlier ({from:date} -> {to:date})")}},
         {{N_("{path} {n:int} day later ({from:date} -> {to:date})"),
           N_("{path} {n:int} days later ({from:date} -> {to:date})")},
          {N_("{path} {n:int} month later ({from:date} -> {to:date})"),
           N_("{path} {n:int} months later ({from:date} -> {to:date})")}}},
        {{{N_("a deadline {n:int} day earlier ({from:date} -> {to:date})"),
           N_("a deadline {n:int} days earlier ({from:date} -> {to:date})")},
          {N_("a deadline {n:int} month earlier ({from:date} -> {to:date})"),
           N_("a deadline {n:int} months earlier ({from:date} -> {to:date})")}},
         {{N_("a deadline {n:int} day later ({from:date} -> {to:date})"),
           N_("a deadline {n:int} days later ({from:date} -> {to:date})")},
          {N_("a deadline {n:int} month later ({from:date} -> {to:date})"),
           N_("a deadline {n:int} months later ({from:date} -> {to:date})")}}}};
    const char *const *f = forms[deadline][later][months >= 1];
    sl_pb_begin(b, a, f[0]);
    sl_pb_plural(b, f[1], "n");
    sl_pb_num(b, "n", months >= 1 ? (double)months : (double)labs(days));
    sl_pb_text(b, "path", path);
    sl_pb_date(b, "from", from);
    sl_pb_date(b, "to", to);
}

/* "SKV gives 40 more migration hours a week (260 -> 300)" for the paths
 * people adjust most; "PATH 260 -> 300 UNIT (+40)" for the rest; begun
 * in b. */
static void number_phrase(sl_phrase_builder *b, sl_arena *a, const char *path, double now,
                          double x, const char *unit)
{
    static const char hours[] = ".staff.migration_hours_per_week";
    size_t len = strlen(path), hl = sizeof hours - 1;
    if (strncmp(path, "agencies.", 9) == 0 && len > 9 + hl && strcmp(path + len - hl, hours) == 0) {
        if (x > now) {
            sl_pb_begin(b, a,
                        N_("{agency} gives {d:g} more migration hour a week ({now:g} -> "
                           "{x:g})"));
            sl_pb_plural(b,
                         N_("{agency} gives {d:g} more migration hours a week ({now:g} -> "
                            "{x:g})"),
                         "d");
        } else {
            sl_pb_begin(b, a,
                        N_("{agency} gives {d:g} fewer migration hour a week ({now:g} -> "
                           "{x:g})"));
            sl_pb_plural(b,
                         N_("{agency} gives {d:g} fewer migration hours a week ({now:g} -> "
                            "{x:g})"),
                         "d");
        }
        char *agency = sl_arena_strndup(a, path + 9, len - 9 - hl);
        sl_pb_text(b, "agency", agency ? agency : "?");
        b->failed = b->failed || !agency;
        sl_pb_num(b, "d", fabs(x - now));
    } else if (strcmp(path, "windows.max_critical_groups") == 0) {
        sl_pb_begin(b, a, N_("up to {x:g} critical group per window (now {now:g})"));
        sl_pb_plural(b, N_("up to {x:g} critical groups per window (now {now:g})"), "x");
    } else if (strcmp(path, "windows.max_workloads") == 0) {
        sl_pb_begin(b, a, N_("up to {x:g} workload per window (now {now:g})"));
        sl_pb_plural(b, N_("up to {x:g} workloads per window (now {now:g})"), "x");
    } else {
        sl_pb_begin(b, a,
                    unit[0] ? N_("{path} {now:g} -> {x:g} {unit} ({d:sg})")
                            : N_("{path} {now:g} -> {x:g} ({d:sg})"));
        sl_pb_text(b, "path", path);
        sl_pb_text(b, "unit", unit);
        sl_pb_num(b, "d", x - now);
    }
    sl_pb_num(b, "now", now);
    sl_pb_num(b, "x", x);
}

static int adjustable_candidates(search *s, const sl_adjustable *adj)
{
    const sl_model *m = s->m;
    sl_arena *a = s->e->arena;
    const char *rule = rule_of(adj->path);
    if (!rule || !rule_objects(s->v, rule)) {
        s->e->n_skipped += adj->n_values;
        return 0;
    }
    double now = 0;
    sl_date now_day = 0;
    const char *unit;
    now_kind kind = current_value(m, adj->path, &now, &now_day, &unit);
    for (size_t i = 0; i < adj->n_values; i++) {
        const char *v = adj->values[i];
        double x = 0, distance = 1.0 + (double)i;
        sl_date day = 0;
        sl_phrase_builder b;
        if (kind == NOW_DATE && sl_date_parse(&day, v, strlen(v)) == 0) {
            if (day == now_day)
                continue;
            double span = (double)(now_day - m->start);
            distance = fabs((double)(day - now_day)) / (span > 1 ? span : 1);
            shift_phrase(&b, a, adj->path, now_day, day);
        } else if (kind == NOW_NUMBER && sl_parse_double(&x, v, strlen(v)) == SL_NUM_OK) {
            if (x == now)
                continue;
            distance = fabs(x - now) / (fabs(now) > 1e-9 ? fabs(now) : 1);
            number_phrase(&b, a, adj->path, now, x, unit);
        } else {
            sl_pb_begin(&b, a, "{path} = {value}");
            sl_pb_text(&b, "path", adj->path);
            sl_pb_text(&b, "value", v);
        }
        sl_explain_candidate *c = new_candidate(s);
        if (!c || !say(c, &b, m->currency))
            return SL_ENOMEM;
        c->kind = SL_CHANGE_VALUE;
        c->rule = rule;
        c->n_sets = 1;
        c->sets[0] = sl_arena_printf(a, "%s=%s", adj->path, v);
        c->distance = distance;
        if (!c->sets[0])
            return SL_ENOMEM;
    }
    return 0;
}

static bool is_adjustable(const sl_model *m, const char *path)
{
    for (size_t i = 0; i < m->n_adjustables; i++)
        if (strcmp(m->adjustables[i].path, path) == 0)
            return true;
    return false;
}

static int own_candidate(search *s, const char *path, const char *rule, double now, double x,
                         sl_phrase_builder *b)
{
    sl_explain_candidate *c = new_candidate(s);
    if (!c || !say(c, b, s->m->currency))
        return SL_ENOMEM;
    c->kind = SL_CHANGE_OWN;
    c->rule = rule;
    c->n_sets = 1;
    c->sets[0] = sl_arena_printf(s->e->arena, "%s=%.0f", path, x);
    c->distance = fabs(x - now) / (fabs(now) > 1e-9 ? fabs(now) : 1);
    return c->sets[0] ? 0 : SL_ENOMEM;
}

/* The agency's own hours and budget: decisions it can take, whether or
 * not the scenario lists them as adjustable. */
static int own_candidates(search *s, sl_index agency)
{
    const sl_model *m = s->m;
    const sl_agency *ag = &m->agencies[agency];
    sl_arena *a = s->e->arena;
    const char *hours = sl_arena_printf(a, "agencies.%s.staff.migration_hours_per_week", ag->id);
    const char *budget = sl_arena_printf(a, "agencies.%s.budget", ag->id);
    if (!hours || !budget)
        return SL_ENOMEM;
    double now = ag->migration_hours_per_week.likely;
    if (rule_objects(s->v, "schedule") && !is_adjustable(m, hours) && now > 0) {
        static const double factors[] = {1.25, 1.5, 2, 3};
        for (size_t i = 0; i < SL_ARRAY_LEN(factors); i++) {
            double x = ceil(now * factors[i]);
            sl_phrase_builder b;
            number_phrase(&b, a, hours, now, x, "h/week");
            int rc = own_candidate(s, hours, "schedule", now, x, &b);
            if (rc)
                return rc;
        }
    }
    if (rule_objects(s->v, "budget") && !is_adjustable(m, budget) && ag->budget > 0) {
        double p90 = s->base->simulation->per_agency[agency].cost_p90;
        double x = risk_budget_to_go(p90, m->verdict.budget_p90_margin);
        sl_phrase_builder b;
        /* the review's lever, in the same words and the same figure */
        sl_pb_begin(&b, a, "a migration budget of {budget:money} for {agency} (now {now:money})");
        sl_pb_num(&b, "budget", x);
        sl_pb_text(&b, "agency", ag->id);
        sl_pb_num(&b, "now", ag->budget);
        int rc = x > ag->budget ? own_candidate(s, budget, "budget", ag->budget, x, &b) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

static int scope_candidate(search *s, sl_index agency, const sl_scope *sc)
{
    sl_explain_candidate *c = new_candidate(s);
    if (!c)
        return SL_ENOMEM;
    size_t left = 0, n = 0;
    const char *rule = NULL;
    int rc = sl_scope_lever(&c->phrase, &c->text, &c->sets[0], &rule, &left, s->base, agency, sc,
                            s->e->arena);
    for (size_t i = 0; i < s->m->n_workloads; i++)
        n += s->m->workloads[i].agency == agency;
    c->kind = SL_CHANGE_SCOPE;
    c->rule = rule;
    c->n_sets = 1;
    c->distance = n ? (double)left / (double)n : 0;
    return rc;
}

/* Workloads left behind, declared to stay (scope.c), when the gates rule
 * or the accounted rule objects: each gate that may be refused and holds
 * part of the agency's workloads on its own, the set the review would
 * choose when it takes more than one gate, and the workloads that cannot
 * move (for any reason: a single decision, nothing else applied). */
static int scope_candidates(search *s, sl_index agency)
{
    sl_arena *a = s->e->arena;
    int rc = 0;
    if (rule_objects(s->v, "gates")) {
        uint64_t partial = sl_scope_partial_gates(s->base, agency);
        for (uint64_t bits = partial; bits && !rc; bits &= bits - 1) {
            sl_scope one = {0};
            one.gates = (uint64_t)1 << __builtin_ctzll(bits);
            rc = scope_candidate(s, agency, &one);
        }
        sl_scope chosen = {0};
        bool found = false;
        sl_phrase why;
        if (!rc)
            rc = sl_scope_gates(&chosen, &found, &why, s->base, agency, a);
        if (!rc && found && __builtin_popcountll(chosen.gates) > 1)
            rc = scope_candidate(s, agency, &chosen);
    }
    if (!rc && rule_objects(s->v, "accounted")) {
        sl_scope stuck = {0};
        bool found = false;
        sl_phrase why;
        rc = sl_scope_unmovable(&stuck, &found, &why, s->base, agency, SL_SCOPE_ALL_REASONS, a);
        if (!rc && found)
            rc = scope_candidate(s, agency, &stuck);
    }
    return rc;
}

static int cmp_candidate(const void *a, const void *b)
{
    const sl_explain_candidate *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    int c = strcmp(x->sets[0], y->sets[0]);
    if (c)
        return c;
    return (int)x->n_sets - (int)y->n_sets;
}

/* Runs the pipeline with the base overrides plus the candidate's; a
 * failed run's first message goes to arena a. */
static int try_candidate(const sl_explanation *e, sl_explain_candidate *c, const char *path,
                         const sl_load_options *load, const sl_plan_options *po, sl_arena *a)
{
    sl_model *m = NULL;
    sl_plan *p = NULL;
    const char *err = NULL;
    int rc = sl_rerun(&m, &p, path, load, c->sets, c->n_sets, po, a, &err);
    c->was_run = true;
    c->status = rc;
    c->error = err;
    if (!rc) {
        const sl_verdict *v = sl_plan_verdict(p, e->agency);
        c->verdict = v ? v->verdict : SL_VERDICT_NO_GO;
        c->p_on_time = p->simulation->per_agency[e->agency].p_on_time;
        c->p_on_time_given_allowed =
            p->simulation->per_agency[e->agency].p_on_time_given_allowed;
        c->flips = c->verdict < e->baseline;
    }
    sl_plan_free(p);
    sl_model_free(m);
    return rc == SL_ENOMEM ? SL_ENOMEM : 0;
}

/* The candidates as jobs on the plan's threads: each run writes only its
 * own candidate and its own arena (the arenas join the explanation's in
 * candidate order), so the search is the same at any thread count. */
typedef struct search_jobs {
    sl_explanation *e;
    const char *path;
    const sl_load_options *load;
    const sl_plan_options *po;
    sl_arena **arenas;
    int *rc;
    const sl_explain_options *o;
    pthread_mutex_t lock; /* the progress callback, and its count */
    size_t done, total;
} search_jobs;

static void search_job(void *user, size_t k)
{
    search_jobs *sj = user;
    sj->rc[k] = try_candidate(sj->e, &sj->e->candidates[k], sj->path, sj->load, sj->po,
                              sj->arenas[k]);
    if (sj->o->progress) {
        pthread_mutex_lock(&sj->lock);
        sj->done++;
        sj->o->progress(sj->o->progress_user, (double)sj->done / (double)sj->total);
        pthread_mutex_unlock(&sj->lock);
    }
}

static int run_candidates(sl_explanation *e, size_t total, const char *path,
                          const sl_load_options *load, const sl_plan_options *po,
                          const sl_explain_options *o)
{
    search_jobs sj = {e, path, load, po, NULL, NULL, o, PTHREAD_MUTEX_INITIALIZER, 0, total};
    sj.arenas = sl_calloc(total ? total : 1, sizeof *sj.arenas);
    sj.rc = sl_calloc(total ? total : 1, sizeof *sj.rc);
    int rc = sj.arenas && sj.rc ? 0 : SL_ENOMEM;
    for (size_t k = 0; k < total && !rc; k++)
        if (!(sj.arenas[k] = sl_arena_new()))
            rc = SL_ENOMEM;
    if (!rc)
        sl_jobs_run(total, po->threads, search_job, &sj);
    for (size_t k = 0; k < total && !rc; k++) {
        rc = sj.rc[k];
        e->n_run++;
        const sl_explain_candidate *c = &e->candidates[k];
        if (c->flips && e->flip == SIZE_MAX)
            e->flip = k;
        if (!c->status && c->verdict == SL_VERDICT_GO && e->to_go == SIZE_MAX)
            e->to_go = k;
    }
    for (size_t k = 0; sj.arenas && k < total; k++)
        sl_arena_adopt(e->arena, sj.arenas[k]);
    sl_free(sj.arenas);
    sl_free(sj.rc);
    return rc;
}

static int explain(sl_explanation *e, const char *path, const sl_load_options *load,
                   const char *agency_id, const sl_plan_options *plan_opts,
                   const sl_explain_options *o, sl_diag *d)
{
    sl_model *m = NULL;
    int rc = sl_model_load(&m, path, load, d);
    if (rc)
        return rc;
    e->model = m;
    e->agency = sl_model_agency(m, agency_id);
    if (e->agency == SL_NONE) {
        sl_buf ids = {0};
        for (size_t a = 0; a < m->n_agencies; a++)
            sl_buf_printf(&ids, "%s%s", a ? ", " : "", m->agencies[a].id);
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "--agency: no agency '%s' in %s (agencies: %s)",
                    agency_id, m->file, ids.failed || !ids.data ? "?" : ids.data);
        sl_buf_free(&ids);
        return SL_EUSAGE;
    }
    sl_plan *p = NULL;
    rc = sl_plan_run(&p, m, plan_opts, d);
    if (rc)
        return rc;
    e->plan = p;
    rc = sl_plan_review(p, path, load, d);
    if (rc)
        return rc;
    const sl_verdict *v = sl_plan_verdict(p, e->agency);
    if (!v || v->verdict == SL_VERDICT_HOST || v->verdict == SL_VERDICT_GO ||
        v->verdict == SL_VERDICT_OUT)
        return 0;

    sl_plan_options po = SL_PLAN_OPTIONS_INIT;
    if (plan_opts)
        po = *plan_opts;
    po.progress = NULL;
    po.progress_user = NULL;
    po.has_seed = true;
    po.seed = p->seed;
    po.iterations = o->iterations > 0 ? o->iterations : 2000;
    po.reuse_from = p; /* the stages a candidate cannot change are p's */
    e->search_iterations = po.iterations;
    e->is_searched = true;
    sl_plan *base = NULL;
    rc = sl_reuse_run(&base, m, 0, NULL, &po, d);
    if (rc)
        return rc;
    const sl_verdict *bv = sl_plan_verdict(base, e->agency);
    e->baseline = bv ? bv->verdict : SL_VERDICT_NO_GO;
    e->baseline_p_on_time = base->simulation->per_agency[e->agency].p_on_time;
    e->baseline_p_on_time_given_allowed =
        base->simulation->per_agency[e->agency].p_on_time_given_allowed;

    search s = {m, e, 0, bv, base};
    for (size_t i = 0; i < m->n_adjustables && !rc; i++)
        rc = adjustable_candidates(&s, &m->adjustables[i]);
    if (!rc)
        rc = own_candidates(&s, e->agency);
    if (!rc)
        rc = scope_candidates(&s, e->agency);
    sl_plan_free(base);
    if (rc)
        return rc;
    if (e->n_candidates > 1)
        qsort(e->candidates, e->n_candidates, sizeof *e->candidates, cmp_candidate);
    size_t max_runs = o->max_runs ? o->max_runs : 200;
    size_t total = e->n_candidates < max_runs ? e->n_candidates : max_runs;
    return run_candidates(e, total, path, load, &po, o);
}

int sl_explain_run(sl_explanation **out, const char *scenario_path, const sl_load_options *load,
                   const char *agency_id, const sl_plan_options *plan_opts,
                   const sl_explain_options *opts, sl_diag *d)
{
    *out = NULL;
    sl_explain_options o = SL_EXPLAIN_OPTIONS_INIT;
    if (opts)
        o = *opts;
    sl_explanation *e = sl_calloc(1, sizeof *e);
    if (!e)
        return SL_ENOMEM;
    e->arena = sl_arena_new();
    e->flip = e->to_go = SIZE_MAX;
    e->agency = SL_NONE;
    int rc = e->arena ? explain(e, scenario_path, load, agency_id, plan_opts, &o, d) : SL_ENOMEM;
    if (rc) {
        sl_explanation_free(e);
        return rc;
    }
    *out = e;
    return 0;
}
