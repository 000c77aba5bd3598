/* SPDX-License-Identifier: MIT */
/*
 * review.c - a plan checked by re-running the pipeline with changes
 * (sl_plan_review). It sits beside plan.c and explain.c because, like
 * them, it runs every stage.
 *
 * To go, verified. A verdict's conditions say what would have to become
 * true; here each objecting rule gets a lever, a decision someone can
 * take, and the levers are applied together and the pipeline re-run, so
 * "to go" is a set of decisions that is shown to be enough, or a list of
 * what still objects. The levers (docs/COST.md, "Review"):
 *
 *   schedule  P(on time | allowed) below go_p_on_time: a deadline at the
 *             go_p_on_time quantile of the agency's finish among the
 *             allowed iterations (the re-run draws the same numbers, as a
 *             deadline changes no draw, so this is exact); when that
 *             quantile never comes, or a later round still objects, twice
 *             the agency's migration hours a week (up to 8 times);
 *   budget    the P90 migration cost over 1 + budget_p90_margin, rounded
 *             up to three significant digits and to the precision the
 *             reports show (risk_budget_to_go, the figure the verdict's
 *             condition names);
 *   risks     a declared risk above max_risk_score mitigated to the
 *             likelihood that brings its score within it;
 *   capacity  the target site's racks, kW and floor raised to what the
 *             shared platform needs;
 *   scope     (the gates rule, the accounted rule) workloads left behind,
 *             declared to stay: those of the gates that may be refused
 *             and hold part of the agency's workloads, chosen to bring
 *             the blocked share within max_blocked_share at least cost,
 *             and those that cannot move (scope.c). Both are one
 *             `agencies.ID.stays` override that keeps the agency's own
 *             items. A workload too large for any window, or without a
 *             window or staff hours, is left to the schedule lever (more
 *             hours widen what a window takes) while the schedule
 *             objects, and one without room at the target to the
 *             capacity lever while capacity objects.
 *
 * Whether a gate passes is chance, not a decision, so no lever sets it;
 * a gate that holds every workload of the agency cannot be answered by
 * scope either (leaving everything behind is not joining), and the
 * review says why (sl_to_go.no_scope). The NPV rule and computed risks
 * have no lever. What no lever answers stays in the missing list. Up to
 * three rounds: each re-run may object anew (a budget a faster move
 * outgrows), and the next round answers what it still asks for; a round
 * that finds no new lever stops.
 *
 * Without the no-go agencies. The chargeback splits the platform among
 * the agencies that join; when some agency is no_go, the plan is re-run
 * with it staying out (`--set agencies.ID.joins=false`, the switch a
 * scenario or `samlok serve` uses: its workloads stay in its halls, it
 * moves nothing and pays nothing of the platform), and the others' fees,
 * savings and verdicts, and whether the host recovers its cost, are kept.
 *
 * Every re-run uses the plan's seed, iterations and threads, so the
 * results are deterministic; a caller's cancel check stops the review as
 * it stops a plan (SL_ECANCELLED). Cost: one pipeline run per round per agency
 * reviewed, plus one without the no-go agencies.
 *
 * What makes it cheaper, exactly. Each re-run borrows the stages its
 * levers cannot change (reuse.c): from the reviewed plan, or in a later
 * round from the last round's plan when that lends more, judged by the
 * levers in one round's list and not in the other's (a scope lever that
 * stays reaches every stage, but then costs the next round nothing; more
 * hours re-run group onwards). The jobs (one agency's rounds, in order;
 * the plan without the no-go agencies) share nothing but the reviewed
 * plan, which they only read, so they run on up to the plan's threads at
 * once, each in an arena and diagnostics list of its own, joined in job
 * order: the review is the same at any thread count. METIS, whose random
 * numbers are the process's one stream, runs one call at a time
 * (group/partition.c).
 */
#include "rerun.h"
#include "reuse.h"
#include "risk/risk.h"
#include "scope.h"

#include <assert.h>
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#define MAX_ROUNDS 3
#define MAX_HOURS_FACTOR 8.0
#define MAX_LEVERS 16

void sl_review_free(sl_review *r)
{
    if (!r)
        return;
    sl_arena_free(r->arena);
    sl_free(r);
}

typedef struct review_ctx {
    sl_plan *p;
    const char *path;
    const sl_load_options *load;
    sl_plan_options po;
    sl_review *r;
    sl_arena *a;
} review_ctx;

/* The levers of one agency while they are found: at most one per path. */
typedef struct levers {
    size_t n;
    sl_lever items[MAX_LEVERS];
    const char *paths[MAX_LEVERS];
    bool changed;
} levers;

/* Sets the lever for path (replacing an earlier one): its phrase and
 * that said in English; false on no memory. */
static bool put_phrase(levers *l, const char *path, const char *rule, const sl_phrase *ph,
                       const char *text, const char *set)
{
    if (!path || !text || !set)
        return false;
    size_t i = 0;
    while (i < l->n && strcmp(l->paths[i], path) != 0)
        i++;
    if (i == MAX_LEVERS)
        return true; /* more than a verdict has rules: keep the first */
    if (i < l->n && strcmp(l->items[i].set, set) == 0)
        return true;
    if (i == l->n)
        l->n++;
    l->paths[i] = path;
    l->items[i] = (sl_lever){rule, text, set, *ph};
    l->changed = true;
    return true;
}

/* Adds the lever b builds, its English text rendered from the phrase. */
static bool put(levers *l, const char *path, const char *rule, sl_phrase_builder *b,
                const char *currency, const char *set)
{
    sl_phrase ph;
    const char *text = sl_pb_end(b, &ph) ? sl_phrase_text(b->arena, &ph, NULL, currency) : NULL;
    return put_phrase(l, path, rule, &ph, text, set);
}

/* Removes the lever for path, if there is one. */
static void drop(levers *l, const char *path)
{
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->paths[i], path) != 0)
            continue;
        memmove(&l->items[i], &l->items[i + 1], (l->n - i - 1) * sizeof *l->items);
        memmove(&l->paths[i], &l->paths[i + 1], (l->n - i - 1) * sizeof *l->paths);
        l->n--;
        l->changed = true;
        return;
    }
}

static const sl_lever *lever_at(const levers *l, const char *path)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->paths[i], path) == 0)
            return &l->items[i];
    return NULL;
}

static bool objects(const sl_verdict *v, const char *code)
{
    for (size_t i = 0; i < v->n_reasons; i++)
        if (v->reasons[i].effect != SL_VERDICT_GO && strcmp(v->reasons[i].code, code) == 0)
            return true;
    return false;
}

/* The finish day (after the start) by which P(done | allowed) reaches q
 * in plan p: the nearest-rank quantile of the allowed iterations; -1 when
 * it never comes (or no iteration is allowed). */
static int32_t allowed_quantile(const sl_plan *p, sl_index a, double q)
{
    const sl_simulation *s = p->simulation;
    size_t n = (size_t)s->iterations, na = s->n_agencies, k = 0;
    int32_t *f = sl_malloc((n ? n : 1) * sizeof *f);
    if (!f)
        return -2;
    for (size_t i = 0; i < n; i++)
        if (s->agency_allowed_runs[i * na + a])
            f[k++] = s->agency_finish_runs[i * na + a] < 0 ? INT32_MAX
                                                            : s->agency_finish_runs[i * na + a];
    int32_t out = -1;
    if (k && sl_sort_i32(f, k) == 0) {
        size_t r = (size_t)ceil(q * (double)k);
        int32_t v = f[r ? r - 1 : 0];
        out = v == INT32_MAX ? -1 : v;
    } else if (k) {
        out = -2;
    }
    sl_free(f);
    return out;
}

/* Some number of the scenario was read under this path prefix. */
static bool has_param_prefix(const sl_model *m, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < m->n_params; i++)
        if (strncmp(m->params[i].path, prefix, n) == 0)
            return true;
    return false;
}

static int schedule_lever(review_ctx *c, const sl_plan *cur, sl_index a, levers *l)
{
    const sl_model *m = cur->model;
    const sl_agency *ag = &m->agencies[a];
    sl_arena *ar = c->a;
    char to[11];
    sl_phrase_builder b;
    if (!lever_at(l, "deadline")) {
        int32_t day = allowed_quantile(cur, a, m->verdict.go_p_on_time);
        if (day == -2)
            return SL_ENOMEM;
        sl_date dl = m->start + day;
        if (day >= 0 && dl > m->deadline) {
            sl_date_format(to, dl);
            long months = lround((double)(dl - m->deadline) / 30.436875);
            if (months >= 1) {
                sl_pb_begin(&b, ar, "a deadline {n:int} month later ({from:date} -> {to:date})");
                sl_pb_plural(&b, "a deadline {n:int} months later ({from:date} -> {to:date})", "n");
                sl_pb_num(&b, "n", (double)months);
            } else {
                sl_pb_begin(&b, ar, "a deadline {n:int} day later ({from:date} -> {to:date})");
                sl_pb_plural(&b, "a deadline {n:int} days later ({from:date} -> {to:date})", "n");
                sl_pb_num(&b, "n", (double)(dl - m->deadline));
            }
            sl_pb_date(&b, "from", m->deadline);
            sl_pb_date(&b, "to", dl);
            return put(l, "deadline", "schedule", &b, m->currency,
                       sl_arena_printf(ar, "deadline=%s", to))
                       ? 0
                       : SL_ENOMEM;
        }
    }
    /* the deadline alone does not do it: more hands */
    const char *path = sl_arena_printf(ar, "agencies.%s.staff.migration_hours_per_week", ag->id);
    const char *staff = sl_arena_printf(ar, "agencies.%s.staff.", ag->id);
    if (!path || !staff)
        return SL_ENOMEM;
    double base = c->p->model->agencies[a].migration_hours_per_week.likely;
    const sl_lever *had = lever_at(l, path);
    double now = had ? ag->migration_hours_per_week.likely : base;
    double want = ceil(fmax(now, 1) * 2);
    if (want > base * MAX_HOURS_FACTOR && base > 0)
        return 0;
    sl_pb_begin(&b, ar, N_("{agency} gives {hours:g} migration hour a week (now {now:g})"));
    sl_pb_plural(&b, N_("{agency} gives {hours:g} migration hours a week (now {now:g})"), "hours");
    sl_pb_text(&b, "agency", ag->id);
    sl_pb_num(&b, "hours", want);
    sl_pb_num(&b, "now", base);
    /* a --set reaches into a mapping the scenario has; without a `staff`
     * of the agency's (none of its numbers given), the mapping is set
     * whole, with what else it may hold at the values the model has */
    const char *set;
    if (has_param_prefix(c->p->model, staff)) {
        set = sl_arena_printf(ar, "%s=%g", path, want);
    } else {
        char announce[11];
        sl_date_format(announce, ag->staff_announce);
        set = sl_arena_printf(ar,
                              "agencies.%s.staff={migration_hours_per_week: %g, relocate: %s, "
                              "announce: %s}",
                              ag->id, want, ag->staff_relocate ? "true" : "false", announce);
    }
    return put(l, path, "schedule", &b, m->currency, set) ? 0 : SL_ENOMEM;
}

static int budget_lever(review_ctx *c, const sl_plan *cur, sl_index a, levers *l)
{
    const sl_model *m = cur->model;
    const char *id = m->agencies[a].id;
    double p90 = cur->simulation->per_agency[a].cost_p90;
    double want = risk_budget_to_go(p90, m->verdict.budget_p90_margin);
    double base = c->p->model->agencies[a].budget;
    const char *path = sl_arena_printf(c->a, "agencies.%s.budget", id);
    sl_phrase_builder b;
    sl_pb_begin(&b, c->a, "a migration budget of {budget:money} for {agency} (now {now:money})");
    sl_pb_num(&b, "budget", want);
    sl_pb_text(&b, "agency", id);
    sl_pb_num(&b, "now", base);
    return put(l, path, "budget", &b, m->currency,
               sl_arena_printf(c->a, "%s=%.0f", path ? path : "", want))
               ? 0
               : SL_ENOMEM;
}

/* Declared risks of the agency (or of all) above max_risk_score: a
 * mitigation that lowers the likelihood enough. */
static int risk_levers(review_ctx *c, const sl_plan *cur, sl_index a, levers *l)
{
    const sl_model *m = cur->model;
    double limit = m->verdict.max_risk_score;
    for (size_t i = 0; i < cur->risk->n_risks; i++) {
        const sl_risk *k = &cur->risk->risks[i];
        if (!k->is_scored || !k->is_declared || (k->agency != SL_NONE && k->agency != a) ||
            k->score <= limit || k->impact <= 0)
            continue;
        int likelihood = (int)floor(limit / k->impact);
        if (likelihood < 1)
            continue; /* its impact alone is past the limit */
        const char *path = sl_arena_printf(c->a, "risks.%s.likelihood", k->id);
        bool has_mitigation = k->mitigation && k->mitigation[0];
        sl_phrase_builder b;
        sl_pb_begin(&b, c->a,
                    has_mitigation ? N_("risk {risk} mitigated to likelihood {likelihood:int} "
                                        "(score {score:int}, now {now:int}): {mitigation:list}")
                                   : N_("risk {risk} mitigated to likelihood {likelihood:int} "
                                        "(score {score:int}, now {now:int})"));
        sl_pb_text(&b, "risk", k->id);
        sl_pb_num(&b, "likelihood", likelihood);
        sl_pb_num(&b, "score", likelihood * k->impact);
        sl_pb_num(&b, "now", k->score);
        if (has_mitigation) {
            sl_phrase mit = risk_text_phrase(c->a, &k->mitigation_phrase, k->mitigation);
            sl_pb_list(&b, "mitigation", &mit, 1);
        }
        if (!put(l, path, "risks", &b, m->currency,
                 sl_arena_printf(c->a, "%s=%d", path ? path : "", likelihood)))
            return SL_ENOMEM;
    }
    return 0;
}

static int capacity_lever(review_ctx *c, const sl_plan *cur, levers *l)
{
    const sl_placement *pl = cur->placement;
    if (pl->target_site == SL_NONE || pl->fits)
        return 0;
    const sl_site *t = &cur->model->sites[pl->target_site];
    /* what the platform needs on top of what others use */
    double racks = fmax(t->racks, ceil(t->used_racks + pl->racks.need));
    double kw = fmax(t->kw, ceil(t->used_kw + pl->kw.need));
    double floor_m2 = fmax(t->floor_m2, ceil(t->used_floor_m2 + pl->floor_m2.need));
    const char *path = sl_arena_printf(c->a, "sites.%s.capacity", t->id);
    sl_phrase_builder b;
    sl_pb_begin(&b, c->a,
                N_("the target site {site} grows to {racks:g} rack, {kw:g} kW and {floor:g} m2 "
                   "(now {racks_now:g}, {kw_now:g}, {floor_now:g})"));
    sl_pb_plural(&b,
                 N_("the target site {site} grows to {racks:g} racks, {kw:g} kW and {floor:g} m2 "
                    "(now {racks_now:g}, {kw_now:g}, {floor_now:g})"),
                 "racks");
    sl_pb_text(&b, "site", t->id);
    sl_pb_num(&b, "racks", racks);
    sl_pb_num(&b, "kw", kw);
    sl_pb_num(&b, "floor", floor_m2);
    sl_pb_num(&b, "racks_now", t->racks);
    sl_pb_num(&b, "kw_now", t->kw);
    sl_pb_num(&b, "floor_now", t->floor_m2);
    const char *set = sl_arena_printf(c->a, "%s={racks: %g, kw: %g, floor_m2: %g}",
                                      path ? path : "", racks, kw, floor_m2);
    return put(l, path, "capacity", &b, cur->model->currency, set) ? 0 : SL_ENOMEM;
}

/* What the agency leaves behind so far, and why scope cannot do more. */
typedef struct scope_state {
    sl_scope left;
    const char *no_scope;
    sl_phrase no_scope_phrase;
} scope_state;

/* Workloads left behind for the gates rule and the accounted rule, added
 * to what earlier rounds left (the re-run's model declares those, so
 * they are no longer candidates): one lever at the agency's stays. */
static int scope_lever(review_ctx *c, const sl_plan *cur, sl_index a, levers *l, scope_state *st)
{
    const sl_verdict *v = sl_plan_verdict(cur, a);
    bool gates = objects(v, "blocked_share_high") || objects(v, "gates_never_pass");
    bool stuck = objects(v, "workloads_unmovable");
    if (!gates && !stuck) {
        st->no_scope = NULL;
        memset(&st->no_scope_phrase, 0, sizeof st->no_scope_phrase);
        return 0;
    }
    sl_scope next = st->left;
    bool by_gates = false, by_ids = false;
    sl_phrase why_gates = {0}, why_ids = {0};
    int rc = gates ? sl_scope_gates(&next, &by_gates, &why_gates, cur, a, c->a) : 0;
    if (!rc && stuck) {
        unsigned reasons = SL_SCOPE_ALL_REASONS;
        if (objects(v, "schedule_p_on_time_low"))
            reasons &= ~((1u << SL_UNSCHED_TOO_LARGE) | (1u << SL_UNSCHED_NO_STAFF) |
                         (1u << SL_UNSCHED_NO_WINDOW));
        if (objects(v, "capacity_short"))
            reasons &= ~(1u << SL_UNSCHED_NO_TARGET_CAPACITY);
        rc = sl_scope_unmovable(&next, &by_ids, &why_ids, cur, a, reasons, c->a);
    }
    if (rc)
        return rc;
    /* both reasons, one after the other */
    memset(&st->no_scope_phrase, 0, sizeof st->no_scope_phrase);
    st->no_scope = NULL;
    if (why_gates.tmpl && why_ids.tmpl) {
        sl_phrase both[2] = {why_gates, why_ids};
        sl_phrase_builder b;
        sl_pb_begin(&b, c->a, "{why:list;}");
        sl_pb_list(&b, "why", both, 2);
        if (!sl_pb_end(&b, &st->no_scope_phrase))
            return SL_ENOMEM;
    } else if (why_gates.tmpl || why_ids.tmpl) {
        st->no_scope_phrase = why_gates.tmpl ? why_gates : why_ids;
    }
    if (st->no_scope_phrase.tmpl &&
        !(st->no_scope = sl_phrase_text(c->a, &st->no_scope_phrase, NULL, cur->model->currency)))
        return SL_ENOMEM;
    const char *path = sl_arena_printf(c->a, "agencies.%s.stays", cur->model->agencies[a].id);
    if (!path)
        return SL_ENOMEM;
    /* gates left behind in an earlier round that no longer answer the
     * rule (a later plan moves more) would cost workloads for nothing */
    if (gates && !by_gates && next.gates) {
        next.gates = 0;
        by_gates = true;
    }
    if (!by_gates && !by_ids)
        return 0;
    st->left = next;
    bool empty = !next.gates;
    for (int r = 0; r < SL_N_UNSCHED; r++)
        empty &= !next.n_ids[r];
    if (empty) {
        drop(l, path);
        return 0;
    }
    const char *text, *set, *rule;
    size_t n_left;
    sl_phrase ph;
    rc = sl_scope_lever(&ph, &text, &set, &rule, &n_left, c->p, a, &st->left, c->a);
    if (rc)
        return rc;
    return put_phrase(l, path, rule, &ph, text, set) ? 0 : SL_ENOMEM;
}

/* The levers that answer what objects in plan cur, added to l. */
static int find_levers(review_ctx *c, const sl_plan *cur, sl_index a, levers *l, scope_state *st)
{
    const sl_verdict *v = sl_plan_verdict(cur, a);
    int rc = 0;
    if (objects(v, "schedule_p_on_time_low"))
        rc = schedule_lever(c, cur, a, l);
    if (!rc && objects(v, "budget_exceeded"))
        rc = budget_lever(c, cur, a, l);
    if (!rc && objects(v, "risk_score_high"))
        rc = risk_levers(c, cur, a, l);
    if (!rc && objects(v, "capacity_short"))
        rc = capacity_lever(c, cur, l);
    if (!rc)
        rc = scope_lever(c, cur, a, l, st);
    return rc;
}

static int keep_missing(review_ctx *c, sl_to_go *t, const sl_verdict *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n_reasons; i++)
        n += v->reasons[i].effect != SL_VERDICT_GO;
    t->n_missing = n;
    t->missing = n ? sl_arena_array(c->a, n, sizeof *t->missing) : NULL;
    if (n && !t->missing)
        return SL_ENOMEM;
    n = 0;
    for (size_t i = 0; i < v->n_reasons; i++) {
        if (v->reasons[i].effect == SL_VERDICT_GO)
            continue;
        sl_verdict_reason *r = &t->missing[n++];
        *r = v->reasons[i];
        r->code = sl_arena_strdup(c->a, r->code);
        r->text = sl_arena_strdup(c->a, r->text);
        if (!r->code || !r->text || !sl_phrase_copy(c->a, &v->reasons[i].phrase, &r->phrase))
            return SL_ENOMEM;
    }
    return 0;
}

/* The plans of one agency's rounds: the last (cur), and those a later
 * one borrows stages from, kept until the review of the agency ends. */
typedef struct round_chain {
    sl_plan *cur;
    sl_model *cur_model;
    size_t n_kept;
    sl_plan *kept[MAX_ROUNDS];
    sl_model *kept_model[MAX_ROUNDS];
} round_chain;

/* p (of model m) is the last round's plan now; the one before is kept
 * while p borrows from it. */
static void chain_next(round_chain *ch, sl_plan *p, sl_model *m, bool borrows_cur)
{
    assert(ch->n_kept < MAX_ROUNDS); /* one plan a round, the last not kept */
    if (ch->cur && borrows_cur) {
        ch->kept[ch->n_kept] = ch->cur;
        ch->kept_model[ch->n_kept++] = ch->cur_model;
    } else {
        sl_plan_free(ch->cur);
        sl_model_free(ch->cur_model);
    }
    ch->cur = p;
    ch->cur_model = m;
}

/* Borrowers first, then what they borrow, then the models. */
static void chain_free(round_chain *ch)
{
    sl_plan_free(ch->cur);
    for (size_t i = ch->n_kept; i-- > 0;)
        sl_plan_free(ch->kept[i]);
    sl_model_free(ch->cur_model);
    for (size_t i = ch->n_kept; i-- > 0;)
        sl_model_free(ch->kept_model[i]);
}

static bool has_set(const char *const *sets, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(sets[i], set) == 0)
            return true;
    return false;
}

/* The overrides in a and not in b, then those in b and not in a: what
 * differs between two rounds' models, each set or given up. */
static size_t changed_sets(const char **out, const char *const *a, size_t na,
                           const char *const *b, size_t nb)
{
    size_t n = 0;
    for (size_t i = 0; i < na; i++)
        if (!has_set(b, nb, a[i]))
            out[n++] = a[i];
    for (size_t i = 0; i < nb; i++)
        if (!has_set(a, na, b[i]))
            out[n++] = b[i];
    return n;
}

static int review_agency(review_ctx *c, sl_index a, sl_diag *d)
{
    sl_to_go *t = &c->r->to_go[a];
    const sl_verdict *v = sl_plan_verdict(c->p, a);
    t->is_reviewed = true;
    t->verdict = v->verdict;
    levers l = {0};
    scope_state st;
    memset(&st, 0, sizeof st);
    round_chain ch = {0};
    int rc = 0;
    const sl_plan *judged = c->p;
    const char *last[MAX_LEVERS]; /* the overrides the last round ran */
    size_t n_last = 0;
    for (int round = 0; round < MAX_ROUNDS && !rc; round++) {
        l.changed = false;
        rc = find_levers(c, judged, a, &l, &st);
        if (rc || !l.changed)
            break;
        const char *sets[MAX_LEVERS];
        for (size_t i = 0; i < l.n; i++)
            sets[i] = l.items[i].set;
        sl_model *m2 = NULL;
        sl_plan *p2 = NULL;
        const char *err = NULL;
        /* from the last round's plan where that lends more stages than
         * the reviewed plan: the overrides both share (a scope lever that
         * stays) cannot have changed them */
        sl_plan_options po = c->po;
        const char *diff[2 * MAX_LEVERS];
        size_t n_diff = ch.cur ? changed_sets(diff, sets, l.n, last, n_last) : 0;
        const char *const *changed = sets;
        size_t n_changed = l.n;
        if (ch.cur && sl_reuse_first_stage(n_diff, diff) > sl_reuse_first_stage(l.n, sets)) {
            po.reuse_from = ch.cur;
            changed = diff;
            n_changed = n_diff;
        }
        rc = sl_rerun_changed(&m2, &p2, c->path, c->load, sets, l.n, changed, n_changed, &po,
                              c->a, &err);
        t->runs++;
        if (rc) {
            /* the plan stands; this agency's way to go stays unverified */
            if (rc != SL_ENOMEM && rc != SL_ECANCELLED) {
                sl_diag_add(d, SL_WARNING, NULL, 0, 0,
                            "review of %s: the re-run with its levers failed: %s",
                            c->p->model->agencies[a].id, err ? err : sl_strerror(rc));
                t->error = err ? err : sl_strerror(rc);
                rc = 0;
            }
            break;
        }
        chain_next(&ch, p2, m2, po.reuse_from == ch.cur && p2->borrowed);
        memcpy(last, sets, l.n * sizeof *sets);
        n_last = l.n;
        judged = ch.cur;
        if (sl_plan_verdict(ch.cur, a)->verdict == SL_VERDICT_GO)
            break;
    }
    if (!rc) {
        const sl_verdict *fv = sl_plan_verdict(judged, a);
        t->verdict = fv->verdict;
        t->is_verified = fv->verdict == SL_VERDICT_GO;
        /* the note speaks of a rule that still objects, or not at all */
        if (objects(fv, "blocked_share_high") || objects(fv, "gates_never_pass") ||
            objects(fv, "workloads_unmovable")) {
            t->no_scope = st.no_scope;
            t->no_scope_phrase = st.no_scope_phrase;
        }
        rc = keep_missing(c, t, fv);
    }
    if (!rc && l.n) {
        t->levers = sl_arena_memdup(c->a, l.items, l.n * sizeof *l.items);
        t->n_levers = t->levers ? l.n : 0;
        rc = t->levers ? 0 : SL_ENOMEM;
    }
    chain_free(&ch);
    return rc;
}

static int without_no_go(review_ctx *c, sl_diag *d)
{
    const sl_model *m = c->p->model;
    sl_without *w = &c->r->without;
    const char **sets = sl_arena_array(c->a, m->n_agencies ? m->n_agencies : 1, sizeof *sets);
    w->left_out = sl_arena_array(c->a, m->n_agencies ? m->n_agencies : 1, sizeof *w->left_out);
    w->per_agency = sl_arena_array(c->a, m->n_agencies ? m->n_agencies : 1, sizeof *w->per_agency);
    if (!sets || !w->left_out || !w->per_agency)
        return SL_ENOMEM;
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_verdict *v = sl_plan_verdict(c->p, (sl_index)a);
        if (m->agencies[a].role == SL_ROLE_JOINING && v && v->verdict == SL_VERDICT_NO_GO) {
            /* staying out is the scenario's own participation switch */
            sets[w->n_left_out] =
                sl_arena_printf(c->a, "agencies.%s.joins=false", m->agencies[a].id);
            if (!sets[w->n_left_out])
                return SL_ENOMEM;
            w->left_out[w->n_left_out++] = (sl_index)a;
        }
    }
    if (!w->n_left_out)
        return 0;
    sl_model *m2 = NULL;
    sl_plan *p2 = NULL;
    const char *err = NULL;
    int rc = sl_rerun(&m2, &p2, c->path, c->load, sets, w->n_left_out, &c->po, c->a, &err);
    if (rc) {
        /* the plan stands, without this part of its review */
        bool fatal = rc == SL_ENOMEM || rc == SL_ECANCELLED;
        if (!fatal)
            sl_diag_add(d, SL_WARNING, NULL, 0, 0,
                        "review: the plan without the no-go agencies failed: %s",
                        err ? err : sl_strerror(rc));
        w->n_left_out = 0;
        return fatal ? rc : 0;
    }
    const sl_costing *co = p2->cost;
    for (size_t a = 0; a < m->n_agencies && a < m2->n_agencies; a++) {
        sl_without_agency *wa = &w->per_agency[a];
        const sl_agency_cost *ac = &co->per_agency[a];
        wa->is_in = ac->is_costed;
        wa->verdict = sl_plan_verdict(p2, (sl_index)a)->verdict;
        wa->fee_per_year = co->chargeback[a].fee_per_year;
        wa->npv_saving_mean = ac->npv_saving_mean;
        wa->p_saving_positive = ac->p_saving_positive;
        wa->npv_saving = ac->npv_saving;
    }
    for (int y = 0; y < co->n_years; y++) {
        w->platform_cost += co->platform_cost[y];
        w->platform_charged += co->platform_charged[y];
    }
    w->platform_per_year = co->platform_per_year;
    w->hosts = p2->placement->shared.hosts_total;
    /* as the host's statement judges it (verdict.c) */
    w->is_cost_recovered =
        fabs(w->platform_cost - w->platform_charged) <= 1e-6 * fmax(1, w->platform_cost);
    sl_plan_free(p2);
    sl_model_free(m2);
    return 0;
}

/* The review's re-runs as jobs: each agency reviewed is one (its rounds
 * run in order, each judging the last), the plan without the no-go
 * agencies another. No job reads what another finds: each works in an
 * arena, a diagnostics list and a slot of the review of its own, so jobs
 * run on worker threads in any order and the review is the same, byte
 * for byte; the arenas and messages join the review in job order. */
typedef struct review_job {
    review_ctx c;
    sl_index agency; /* SL_NONE: the plan without the no-go agencies */
    sl_diag *d;
    int rc;
} review_job;

typedef struct review_pool {
    review_job *jobs;
    size_t n_jobs;
    atomic_int stop; /* a job failed for want of memory or was cancelled */
    const sl_plan_options *cancel;
} review_pool;

/* The caller's cancel check, and a failed job stops the others. */
static bool pool_cancelled(void *user)
{
    const review_pool *pool = user;
    return atomic_load(&pool->stop) ||
           (pool->cancel && pool->cancel->is_cancelled &&
            pool->cancel->is_cancelled(pool->cancel->cancel_user));
}

/* One job: an agency's rounds, or the plan without the no-go agencies. */
static void pool_job(void *user, size_t i)
{
    review_pool *pool = user;
    review_job *j = &pool->jobs[i];
    j->rc = pool_cancelled(pool) ? SL_ECANCELLED
            : j->agency == SL_NONE ? without_no_go(&j->c, j->d)
                                   : review_agency(&j->c, j->agency, j->d);
    if (j->rc)
        atomic_store(&pool->stop, 1);
}

int sl_review_run(sl_plan *p, const char *scenario_path, const sl_load_options *load,
                  const sl_plan_options *cancel, sl_diag *d)
{
    if (!p->risk || !p->simulation || !p->cost)
        return SL_EUSAGE;
    sl_review_free(p->review);
    p->review = NULL;
    const sl_model *m = p->model;
    sl_review *r = sl_calloc(1, sizeof *r);
    if (!r)
        return SL_ENOMEM;
    r->arena = sl_arena_new();
    r->n_agencies = m->n_agencies;
    r->to_go = r->arena ? sl_arena_array(r->arena, m->n_agencies ? m->n_agencies : 1,
                                         sizeof *r->to_go)
                        : NULL;
    review_pool pool = {0};
    pool.cancel = cancel;
    atomic_init(&pool.stop, 0);
    pool.jobs = sl_calloc(m->n_agencies + 1, sizeof *pool.jobs);
    int rc = r->to_go && pool.jobs ? 0 : SL_ENOMEM;
    review_ctx c = {p, scenario_path, load, SL_PLAN_OPTIONS_INIT, r, NULL};
    c.po.iterations = p->iterations;
    c.po.threads = p->threads;
    c.po.has_seed = true;
    c.po.seed = p->seed;
    c.po.is_cancelled = pool_cancelled;
    c.po.cancel_user = &pool;
    c.po.reuse_from = p; /* stages a lever cannot change are p's (reuse.c) */
    for (size_t a = 0; a <= m->n_agencies && !rc; a++) {
        bool is_without = a == m->n_agencies;
        if (!is_without) {
            const sl_verdict *v = sl_plan_verdict(p, (sl_index)a);
            if (m->agencies[a].role != SL_ROLE_JOINING || !p->cost->per_agency[a].is_costed ||
                v->verdict == SL_VERDICT_GO)
                continue;
        }
        review_job *j = &pool.jobs[pool.n_jobs++];
        j->c = c;
        j->agency = is_without ? SL_NONE : (sl_index)a;
        j->c.a = sl_arena_new();
        j->d = sl_diag_new();
        if (!j->c.a || !j->d)
            rc = SL_ENOMEM;
    }
    if (!rc)
        sl_jobs_run(pool.n_jobs, p->threads, pool_job, &pool);
    /* the first job's failure in job order, a want of memory before a
     * cancel (which a failed job causes in the others) */
    for (size_t i = 0; i < pool.n_jobs && !rc; i++)
        if (pool.jobs[i].rc == SL_ENOMEM)
            rc = SL_ENOMEM;
    for (size_t i = 0; i < pool.n_jobs && !rc; i++)
        rc = pool.jobs[i].rc;
    for (size_t i = 0; i < pool.n_jobs; i++) {
        review_job *j = &pool.jobs[i];
        for (size_t k = 0; !rc && k < sl_diag_count(j->d); k++) {
            const sl_diag_msg *msg = sl_diag_at(j->d, k);
            sl_diag_add(d, msg->severity, msg->file, msg->line, msg->column, "%s", msg->text);
        }
        sl_diag_free(j->d);
        if (r->arena)
            sl_arena_adopt(r->arena, j->c.a);
        else
            sl_arena_free(j->c.a);
    }
    sl_free(pool.jobs);
    if (rc) {
        sl_review_free(r);
        return rc;
    }
    p->review = r;
    return 0;
}

int sl_plan_review(sl_plan *p, const char *scenario_path, const sl_load_options *load,
                   sl_diag *d)
{
    return sl_review_run(p, scenario_path, load, NULL, d);
}
