/* SPDX-License-Identifier: MIT */
/*
 * scope.c - scope levers: workloads an agency leaves behind, declared to
 * stay (its `stays:`), as a decision that answers the gates rule or the
 * accounted rule (issue 14: "scope: leave named workloads behind").
 * review.c applies the lever with the others and re-runs the pipeline;
 * explain.c tries each as a single decision. Nothing here runs a stage:
 * it reads a plan and writes an override.
 *
 * Gates. A gate that may be refused (pass_probability < 1) holds the
 * agency's workloads its applies_to selects among those that would move
 * (not declared already). Leaving them behind is a stays item with the
 * gate's own selector (security_classes, legal_tags, tiers: a stays item
 * reads and matches them as a gate does; the gate's `agencies` or `all`
 * is the agency itself) and a `why` naming the gate. A gate that holds
 * every workload that would move cannot be answered so: leaving them all
 * behind is not joining.
 *
 * Which gates. The rule reads the mean share of the agency's inventory
 * that refused gates hold back. The simulation holds back a whole move
 * group when a gate on any of its workloads is refused (the group moves
 * together), so the estimate works on the plan's move groups: a group is
 * held back with probability 1 - prod pass(k) over the refusable gates of
 * its workloads, and the expected share is sum |group| x that /
 * inventory, exact for a plan that schedules every group (the gates are
 * drawn independently). Groups the plan found no window for count too:
 * the simulation counts only scheduled ones, but the review's other
 * levers aim at a plan that moves them all, and a choice that held only
 * while hours were short would fall apart with the hours it also asks
 * for. Leaving a set S of gates behind takes their
 * workloads out of their groups; what is left keeps only its own gates.
 * A re-run may split such a group further, which only lowers the share,
 * so the estimate errs high. It is calibrated on the plan's own measure:
 * when the simulated share lies above the estimate for the plan as it is
 * (a hardware gate that joins every group taking room; Monte Carlo
 * noise), every estimate is scaled up by that ratio (never down: groups
 * without a window make the estimate the larger). A ratio, not a
 * difference, so that leaving every refusable gate behind still meets a
 * max_blocked_share of 0. S must contain every
 * partial gate that never passes (P(allowed) > 0 needs it) and leave
 * something to move. Among the sets that bring the estimate within the
 * target: the one that leaves the fewest workloads behind, then the one
 * with fewest gates, then the first as a bit mask over the gates in
 * scenario order. The search is exhaustive while 2^gates x the distinct
 * (group, gate set) entries stays under 2^24 steps (workloads of a group
 * with the same gates are one entry, so a subset costs O(entries)); past
 * that, greedy: largest expected held-back share (P(refused) x workloads
 * held) first until the estimate is within. When no set will do, which
 * happens when the gates that hold every workload alone hold back more
 * than the rule allows, there is no lever, and *why says so with the
 * figure.
 *
 * Unmovable. The workloads the schedule could not move, by reason (not
 * ready, too large for any window, ...), become stays items by ids, one
 * per reason, whose `why` names it. Declaring every workload that would
 * move is not joining either: no lever then.
 *
 * The override. --set replaces a list whole, so the lever is one
 * `agencies.ID.stays=[...]` with the agency's own items first, rendered
 * back in YAML flow form (every selector, disposition and why; strings
 * double-quoted with escapes), then the gates' items, then the ids. The
 * first item that selects a workload decides, so every declaration the
 * scenario makes keeps its disposition and its reason.
 */
#include "scope.h"
#include "model/model.h"

#include <math.h>
#include <string.h>

#define MAX_GATES 64
#define SEARCH_STEPS ((size_t)1 << 24)
#define LISTED_IDS 6

static bool would_move(const sl_plan *p, size_t i)
{
    return p->assessment->workloads[i].disposition == SL_DISPOSITION_MOVE;
}

static bool refusable(const sl_gate *g)
{
    return g->pass_probability < 1;
}

/* A gate of `gates` (bits over the model's gates) applies to w. */
static bool held_by(const sl_model *m, uint64_t gates, const sl_workload *w)
{
    for (uint64_t bits = gates; bits; bits &= bits - 1)
        if (sl_selector_matches(m, &m->gates[__builtin_ctzll(bits)].applies_to, w))
            return true;
    return false;
}

/* The refusable gates as they touch one agency. */
typedef struct split {
    size_t n_inventory, n_move; /* the agency's workloads; of them, those that would move */
    uint64_t whole;             /* gates holding every workload that would move */
    size_t np;                  /* gates holding some of them */
    int partial[MAX_GATES];     /* their model indices, in scenario order */
    size_t held[MAX_GATES];     /* how many each holds */
} split;

static void split_gates(split *sp, const sl_plan *p, sl_index a)
{
    const sl_model *m = p->model;
    size_t held[MAX_GATES] = {0}, ng = SL_MIN(m->n_gates, (size_t)MAX_GATES);
    memset(sp, 0, sizeof *sp);
    for (size_t i = 0; i < m->n_workloads; i++) {
        const sl_workload *w = &m->workloads[i];
        if (w->agency != a)
            continue;
        sp->n_inventory++;
        if (!would_move(p, i))
            continue;
        sp->n_move++;
        for (size_t k = 0; k < ng; k++)
            held[k] +=
                refusable(&m->gates[k]) && sl_selector_matches(m, &m->gates[k].applies_to, w);
    }
    for (size_t k = 0; k < ng; k++) {
        if (!held[k])
            continue;
        if (held[k] == sp->n_move) {
            sp->whole |= (uint64_t)1 << k;
        } else {
            sp->partial[sp->np] = (int)k;
            sp->held[sp->np++] = held[k];
        }
    }
}

uint64_t sl_scope_partial_gates(const sl_plan *p, sl_index a)
{
    split sp;
    split_gates(&sp, p, a);
    uint64_t out = 0;
    for (size_t j = 0; j < sp.np; j++)
        out |= (uint64_t)1 << sp.partial[j];
    return out;
}

/* The estimate's data: bit j of a mask is partial gate j. */
typedef struct estimate {
    double pass_whole; /* prod of pass over the gates that hold everything */
    double pass[MAX_GATES];
    size_t n_entries, cap_mask, cap_count;
    uint64_t *mask; /* per entry: its partial gates */
    size_t *count;  /* per entry: its workloads */
    size_t n_groups, cap_groups;
    size_t *start; /* group g's entries: start[g] .. start[g + 1] */
    size_t n_classes;
    uint64_t *class_mask; /* the agency's workloads that would move, by gates */
    size_t *class_count;
    double n_inventory;
} estimate;

static void estimate_free(estimate *e)
{
    sl_free(e->mask);
    sl_free(e->count);
    sl_free(e->start);
    sl_free(e->class_mask);
    sl_free(e->class_count);
}

static uint64_t mask_of(const sl_model *m, const split *sp, const sl_workload *w)
{
    uint64_t out = 0;
    for (size_t j = 0; j < sp->np; j++)
        if (sl_selector_matches(m, &m->gates[sp->partial[j]].applies_to, w))
            out |= (uint64_t)1 << j;
    return out;
}

/* Workload i's entry in the group being built. */
static int add_entry(estimate *e, size_t first, uint64_t mask)
{
    for (size_t k = first; k < e->n_entries; k++)
        if (e->mask[k] == mask) {
            e->count[k]++;
            return 0;
        }
    if (SL_GROW(e->mask, e->cap_mask, e->n_entries + 1) ||
        SL_GROW(e->count, e->cap_count, e->n_entries + 1))
        return SL_ENOMEM;
    e->mask[e->n_entries] = mask;
    e->count[e->n_entries++] = 1;
    return 0;
}

static int estimate_build(estimate *e, const sl_plan *p, sl_index a, const split *sp)
{
    const sl_model *m = p->model;
    const sl_grouping *gr = p->grouping;
    memset(e, 0, sizeof *e);
    e->n_inventory = (double)sp->n_inventory;
    e->pass_whole = 1;
    for (uint64_t bits = sp->whole; bits; bits &= bits - 1)
        e->pass_whole *= m->gates[__builtin_ctzll(bits)].pass_probability;
    for (size_t j = 0; j < sp->np; j++)
        e->pass[j] = m->gates[sp->partial[j]].pass_probability;
    uint64_t *all = sl_malloc((sp->n_move ? sp->n_move : 1) * sizeof *all);
    uint64_t *tmp = sl_malloc((sp->n_move ? sp->n_move : 1) * sizeof *tmp);
    int rc = all && tmp ? 0 : SL_ENOMEM;
    /* every move group, whether the plan found it a window or not: the
     * review aims at a plan that moves them all (the schedule's levers),
     * and a refused gate would hold back each */
    for (size_t g = 0; !rc && gr && g < gr->n_groups; g++) {
        const sl_group *grp = &gr->groups[g];
        if (grp->agency != a)
            continue;
        if (SL_GROW(e->start, e->cap_groups, e->n_groups + 2)) {
            rc = SL_ENOMEM;
            break;
        }
        size_t first = e->n_entries;
        e->start[e->n_groups] = first;
        for (size_t k = 0; k < grp->n_workloads && !rc; k++)
            rc = add_entry(e, first, mask_of(m, sp, &m->workloads[grp->workloads[k]]));
        e->n_groups++;
        e->start[e->n_groups] = e->n_entries;
    }
    /* every workload that would move: what leaving gates behind costs */
    size_t n = 0;
    for (size_t i = 0; !rc && i < m->n_workloads; i++)
        if (m->workloads[i].agency == a && would_move(p, i))
            all[n++] = mask_of(m, sp, &m->workloads[i]);
    if (!rc) {
        sl_sort_keys(all, n, tmp);
        e->class_mask = sl_malloc((n ? n : 1) * sizeof *e->class_mask);
        e->class_count = sl_malloc((n ? n : 1) * sizeof *e->class_count);
        rc = e->class_mask && e->class_count ? 0 : SL_ENOMEM;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        if (e->n_classes && e->class_mask[e->n_classes - 1] == all[i]) {
            e->class_count[e->n_classes - 1]++;
        } else {
            e->class_mask[e->n_classes] = all[i];
            e->class_count[e->n_classes++] = 1;
        }
    }
    sl_free(all);
    sl_free(tmp);
    return rc;
}

/* The expected share of the inventory held back with the gates of S
 * (bits over the partial gates) left behind. */
static double share_held(const estimate *e, uint64_t s)
{
    double sum = 0;
    for (size_t g = 0; g < e->n_groups; g++) {
        uint64_t left = 0;
        size_t n = 0;
        for (size_t k = e->start[g]; k < e->start[g + 1]; k++) {
            if (e->mask[k] & s)
                continue;
            left |= e->mask[k];
            n += e->count[k];
        }
        double pass = e->pass_whole;
        for (uint64_t bits = left; bits; bits &= bits - 1)
            pass *= e->pass[__builtin_ctzll(bits)];
        sum += (double)n * (1 - pass);
    }
    return e->n_inventory > 0 ? sum / e->n_inventory : 0;
}

/* How many workloads that would move the gates of S leave behind. */
static size_t left_behind(const estimate *e, uint64_t s)
{
    size_t n = 0;
    for (size_t k = 0; k < e->n_classes; k++)
        n += e->class_mask[k] & s ? e->class_count[k] : 0;
    return n;
}

/* The set of partial gates that does it at least cost; false when none. */
static bool search(const estimate *e, const split *sp, uint64_t required, double target,
                   uint64_t *best)
{
    size_t np = sp->np, steps = e->n_entries + e->n_classes + 1;
    if (np < 24 && ((size_t)1 << np) <= SEARCH_STEPS / steps) {
        size_t best_cost = SIZE_MAX;
        int best_gates = MAX_GATES + 1;
        for (uint64_t s = 0; s < (uint64_t)1 << np; s++) {
            if ((s & required) != required)
                continue;
            size_t cost = left_behind(e, s);
            int gates = __builtin_popcountll(s);
            if (cost >= sp->n_move || cost > best_cost ||
                (cost == best_cost && gates >= best_gates))
                continue;
            if (share_held(e, s) > target)
                continue;
            *best = s;
            best_cost = cost;
            best_gates = gates;
        }
        return best_cost != SIZE_MAX;
    }
    /* greedy: the largest expected held-back share first */
    size_t order[MAX_GATES];
    for (size_t j = 0; j < np; j++)
        order[j] = j;
    for (size_t j = 1; j < np; j++) {
        size_t x = order[j], k = j;
        double vx = (1 - e->pass[x]) * (double)sp->held[x];
        while (k > 0 && (1 - e->pass[order[k - 1]]) * (double)sp->held[order[k - 1]] < vx) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = x;
    }
    uint64_t s = required;
    for (size_t j = 0; j < np && share_held(e, s) > target; j++)
        s |= (uint64_t)1 << order[j];
    *best = s;
    return share_held(e, s) <= target && left_behind(e, s) < sp->n_move;
}

/* "gate X", "gates X and Y", "gates X, Y and Z" as a phrase (the ids as
 * they are, the words in the language). */
static void gate_list_phrase(sl_phrase_builder *b, sl_arena *ar, const sl_model *m,
                             uint64_t gates)
{
    int n = __builtin_popcountll(gates), i = 0;
    sl_phrase items[64];
    bool ok = true;
    const char *last = NULL;
    for (uint64_t bits = gates; bits; bits &= bits - 1, i++) {
        const char *id = m->gates[__builtin_ctzll(bits)].id;
        if (i == n - 1) {
            last = id;
            break;
        }
        sl_phrase_builder ib;
        sl_pb_begin(&ib, ar, "{gate}");
        sl_pb_text(&ib, "gate", id);
        ok = sl_pb_end(&ib, &items[i]) && ok;
    }
    if (n == 1) {
        sl_pb_begin(b, ar, N_("gate {last}"));
    } else {
        sl_pb_begin(b, ar, N_("gates {rest:list} and {last}"));
        sl_pb_list(b, "rest", items, (size_t)(n - 1));
    }
    sl_pb_text(b, "last", last);
    b->failed = b->failed || !ok;
}

/* Why no set of gates will do, as a phrase. */
static bool no_gates(sl_phrase *why, sl_arena *ar, const sl_plan *p, sl_index a, const split *sp,
                     const estimate *e, double scale, uint64_t never)
{
    const sl_model *m = p->model;
    const char *id = m->agencies[a].id;
    double limit = m->verdict.max_blocked_share;
    sl_phrase_builder b, gb;
    sl_phrase gates;
    uint64_t listed = never;
    size_t moving = 0;
    for (size_t k = 0; k < e->n_entries; k++)
        moving += e->count[k];
    /* what the gates that hold everything hold back even if every other
     * gate passed */
    double alone = e->n_inventory > 0 ? (double)moving * (1 - e->pass_whole) / e->n_inventory : 0;
    uint64_t every = sp->np >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << sp->np) - 1;
    if (never) {
        sl_pb_begin(&b, ar,
                    N_("leaving workloads behind cannot lift the gates rule: {gates:list} holds "
                       "every one of {agency}'s {n:int} workloads that would move and never "
                       "passes, so P(allowed) stays 0 (leaving them all behind is not joining)"));
        sl_pb_plural(&b,
                     N_("leaving workloads behind cannot lift the gates rule: {gates:list} hold "
                        "every one of {agency}'s {n:int} workloads that would move and never "
                        "pass, so P(allowed) stays 0 (leaving them all behind is not joining)"),
                     "n_gates");
    } else if (sp->whole && alone > m->verdict.max_blocked_share + 1e-12) {
        listed = sp->whole;
        sl_pb_begin(&b, ar,
                    N_("leaving workloads behind cannot lift the gates rule: {gates:list} holds "
                       "every one of {agency}'s {n:int} workloads that would move (leaving them "
                       "all behind is not joining); it is refused with P {p:pct1}, which alone "
                       "holds back {alone:pct1} of its workloads on average, above the "
                       "{limit:pct1} a go allows"));
        sl_pb_plural(&b,
                     N_("leaving workloads behind cannot lift the gates rule: {gates:list} hold "
                        "every one of {agency}'s {n:int} workloads that would move (leaving them "
                        "all behind is not joining); at least one of them is refused with P "
                        "{p:pct1}, which alone holds back {alone:pct1} of its workloads on "
                        "average, above the {limit:pct1} a go allows"),
                     "n_gates");
        sl_pb_num(&b, "p", 1 - e->pass_whole);
        sl_pb_num(&b, "alone", alone);
        sl_pb_num(&b, "limit", limit);
    } else if (left_behind(e, every) >= sp->n_move) {
        listed = 0;
        sl_pb_begin(&b, ar,
                    N_("leaving workloads behind cannot lift the gates rule: the gates that may "
                       "be refused hold every one of {agency}'s {n:int} workloads that would move "
                       "between them (leaving them all behind is not joining)"));
    } else {
        listed = 0;
        sl_pb_begin(&b, ar,
                    N_("leaving workloads behind cannot lift the gates rule: with the workloads "
                       "of every gate that may be refused left behind, {held:pct1} of {agency}'s "
                       "workloads would still be held back on average (the simulation's share "
                       "lies above what the gates explain), above the {limit:pct1} a go allows"));
        sl_pb_num(&b, "held", share_held(e, every) * scale);
        sl_pb_num(&b, "limit", limit);
    }
    bool ok = true;
    if (listed) {
        gate_list_phrase(&gb, ar, m, listed);
        ok = sl_pb_end(&gb, &gates);
        sl_pb_list(&b, "gates", &gates, 1);
        sl_pb_num(&b, "n_gates", (double)__builtin_popcountll(listed));
    }
    sl_pb_text(&b, "agency", id);
    sl_pb_num(&b, "n", (double)sp->n_move);
    return sl_pb_end(&b, why) && ok;
}

int sl_scope_gates(sl_scope *s, bool *found, sl_phrase *why, const sl_plan *p, sl_index a,
                   sl_arena *ar)
{
    *found = false;
    memset(why, 0, sizeof *why);
    const sl_model *m = p->model;
    split sp;
    split_gates(&sp, p, a);
    if (!sp.n_move || (!sp.whole && !sp.np))
        return 0;
    estimate e;
    int rc = estimate_build(&e, p, a, &sp);
    if (rc) {
        estimate_free(&e);
        return rc;
    }
    double measured = p->simulation ? p->simulation->per_agency[a].blocked_share : 0;
    double now = share_held(&e, 0);
    double scale = now > 0 && measured > now ? measured / now : 1;
    double target = (m->verdict.max_blocked_share + 1e-12) / scale;
    uint64_t required = 0, never = 0;
    for (size_t j = 0; j < sp.np; j++)
        required |= e.pass[j] <= 0 ? (uint64_t)1 << j : 0;
    for (uint64_t bits = sp.whole; bits; bits &= bits - 1)
        never |= m->gates[__builtin_ctzll(bits)].pass_probability <= 0
                     ? (uint64_t)1 << __builtin_ctzll(bits)
                     : 0;
    uint64_t best = 0;
    if (!never && search(&e, &sp, required, target, &best)) {
        for (size_t j = 0; j < sp.np; j++)
            s->gates |= best & ((uint64_t)1 << j) ? (uint64_t)1 << sp.partial[j] : 0;
        *found = true;
    } else {
        rc = no_gates(why, ar, p, a, &sp, &e, scale, never) ? 0 : SL_ENOMEM;
    }
    estimate_free(&e);
    return rc;
}

int sl_scope_unmovable(sl_scope *s, bool *found, sl_phrase *why, const sl_plan *p, sl_index a,
                       unsigned reasons, sl_arena *ar)
{
    *found = false;
    memset(why, 0, sizeof *why);
    const sl_model *m = p->model;
    const sl_schedule *sc = p->schedule;
    if (!sc)
        return 0;
    size_t n_move = 0, held = 0, add[SL_N_UNSCHED] = {0}, total = 0;
    for (size_t i = 0; i < m->n_workloads; i++) {
        if (m->workloads[i].agency != a || !would_move(p, i))
            continue;
        n_move++;
        held += held_by(m, s->gates, &m->workloads[i]);
    }
    for (size_t k = 0; k < sc->n_unscheduled; k++) {
        const sl_unscheduled *u = &sc->unscheduled[k];
        const sl_workload *w = &m->workloads[u->workload];
        if (w->agency != a || !(reasons & (1u << u->reason)) || held_by(m, s->gates, w))
            continue;
        add[u->reason]++;
        total++;
    }
    if (!total)
        return 0;
    if (held + total >= n_move) {
        sl_phrase_builder b;
        sl_pb_begin(&b, ar,
                    N_("declaring the {n:int} workloads that cannot move to stay would leave "
                       "nothing of {agency}'s to move (not joining)"));
        sl_pb_num(&b, "n", (double)total);
        sl_pb_text(&b, "agency", m->agencies[a].id);
        return sl_pb_end(&b, why) ? 0 : SL_ENOMEM;
    }
    const char **ids[SL_N_UNSCHED] = {0};
    size_t n[SL_N_UNSCHED];
    for (int r = 0; r < SL_N_UNSCHED; r++) {
        n[r] = s->n_ids[r];
        if (!add[r])
            continue;
        ids[r] = sl_arena_array(ar, s->n_ids[r] + add[r], sizeof *ids[r]);
        if (!ids[r])
            return SL_ENOMEM;
        if (s->n_ids[r])
            memcpy(ids[r], s->ids[r], s->n_ids[r] * sizeof *ids[r]);
    }
    for (size_t k = 0; k < sc->n_unscheduled; k++) {
        const sl_unscheduled *u = &sc->unscheduled[k];
        const sl_workload *w = &m->workloads[u->workload];
        if (w->agency != a || !(reasons & (1u << u->reason)) || held_by(m, s->gates, w))
            continue;
        /* a copy: the plan's model may go before the scope does */
        const char *id = sl_arena_strdup(ar, w->id);
        if (!id)
            return SL_ENOMEM;
        ids[u->reason][n[u->reason]++] = id;
    }
    for (int r = 0; r < SL_N_UNSCHED; r++) {
        if (!add[r])
            continue;
        s->ids[r] = ids[r];
        s->n_ids[r] = n[r];
    }
    *found = true;
    return 0;
}

/* ---- the override ---------------------------------------------------- */

/* A YAML double-quoted scalar: reads back as exactly s, whatever it holds. */
static void yaml_string(sl_buf *b, const char *s)
{
    sl_buf_puts(b, "\"");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            sl_buf_printf(b, "\\%c", *c);
        else if (*c == '\n')
            sl_buf_puts(b, "\\n");
        else if (*c == '\t')
            sl_buf_puts(b, "\\t");
        else if (*c < 0x20 || *c == 0x7f)
            sl_buf_printf(b, "\\x%02x", *c);
        else if (c[0] == 0xc2 && c[1] == 0x85 && ++c) /* NEL: a line break to YAML */
            sl_buf_puts(b, "\\N");
        else if (c[0] == 0xe2 && c[1] == 0x80 && (c[2] == 0xa8 || c[2] == 0xa9)) {
            sl_buf_puts(b, c[2] == 0xa8 ? "\\L" : "\\P"); /* line and paragraph separators */
            c += 2;
        } else
            sl_buf_append(b, (const char *)c, 1);
    }
    sl_buf_puts(b, "\"");
}

static void yaml_words(sl_buf *b, const char *key, const char *const *words, size_t n)
{
    if (!n)
        return;
    sl_buf_printf(b, "%s: [", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sl_buf_puts(b, ", ");
        yaml_string(b, words[i]);
    }
    sl_buf_puts(b, "], ");
}

/* One stays item in flow form, every field it gives. */
static void yaml_item(sl_buf *b, const sl_model *m, const sl_stay_rule *r)
{
    sl_buf_puts(b, "{");
    yaml_words(b, "ids", r->ids, r->n_ids);
    yaml_words(b, "apps", r->apps, r->n_apps);
    yaml_words(b, "envs", r->envs, r->n_envs);
    if (r->n_sites) {
        sl_buf_puts(b, "sites: [");
        for (size_t i = 0; i < r->n_sites; i++) {
            if (i)
                sl_buf_puts(b, ", ");
            yaml_string(b, m->sites[r->sites[i]].id);
        }
        sl_buf_puts(b, "], ");
    }
    const sl_selector *s = &r->select;
    yaml_words(b, "security_classes", s->security_classes, s->n_security_classes);
    yaml_words(b, "legal_tags", s->legal_tags, s->n_legal_tags);
    if (s->n_tiers) {
        sl_buf_puts(b, "tiers: [");
        for (size_t i = 0; i < s->n_tiers; i++)
            sl_buf_printf(b, "%s%d", i ? ", " : "", s->tiers[i]);
        sl_buf_puts(b, "], ");
    }
    sl_buf_printf(b, "disposition: %s, why: ", sl_disposition_name(r->disposition));
    yaml_string(b, r->why ? r->why : "");
    sl_buf_puts(b, "}");
}

static const char *reason_phrase(int r)
{
    static const char *const phrases[SL_N_UNSCHED] = {
        N_("not ready"), N_("too large for any window"), N_("no window before the horizon"),
        N_("no migration hours"), N_("no room at the target")};
    return r >= 0 && r < SL_N_UNSCHED ? phrases[r] : "?";
}

/* The ids of reason r that no gate of s holds, into out; how many. */
static size_t kept_ids(const char **out, const sl_model *m, const sl_scope *s, int r)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_ids[r]; i++) {
        sl_index w = sl_model_workload(m, s->ids[r][i]);
        if (w != SL_NONE && !held_by(m, s->gates, &m->workloads[w]))
            out[n++] = s->ids[r][i];
    }
    return n;
}

/* The items s adds, after the agency's own. */
static void scope_items(sl_buf *b, const sl_plan *p, const sl_scope *s, const char ***kept,
                        size_t *n_kept, bool *first)
{
    const sl_model *m = p->model;
    for (uint64_t bits = s->gates; bits; bits &= bits - 1) {
        const sl_gate *g = &m->gates[__builtin_ctzll(bits)];
        sl_stay_rule r = {0};
        r.disposition = SL_DISPOSITION_STAY;
        r.select = g->applies_to;
        r.select.is_all = false;
        r.select.n_agencies = 0;
        bool named = g->name && strcmp(g->name, g->id) != 0;
        sl_buf text = {0};
        sl_buf_printf(&text, "left behind: gate %s%s%s%s ", g->id, named ? " (" : "",
                      named ? g->name : "", named ? ")" : "");
        if (g->pass_probability <= 0)
            sl_buf_puts(&text, "never passes");
        else
            sl_buf_printf(&text, "may be refused (P %.3g%%)", 100 * (1 - g->pass_probability));
        r.why = text.failed ? "" : text.data;
        sl_buf_puts(b, *first ? "" : ", ");
        yaml_item(b, m, &r);
        b->failed |= text.failed;
        sl_buf_free(&text);
        *first = false;
    }
    /* one item per reason, split where a list would pass the reader's limit */
    for (int k = 0; k < SL_N_UNSCHED; k++) {
        for (size_t at = 0; at < n_kept[k]; at += SL_MAX_LIST_ITEMS) {
            sl_stay_rule r = {0};
            r.disposition = SL_DISPOSITION_STAY;
            r.n_ids = SL_MIN(n_kept[k] - at, (size_t)SL_MAX_LIST_ITEMS);
            r.ids = kept[k] + at;
            char why[64];
            snprintf(why, sizeof why, "cannot move: %s", reason_phrase(k));
            r.why = why;
            sl_buf_puts(b, *first ? "" : ", ");
            yaml_item(b, m, &r);
            *first = false;
        }
    }
}

/* The workloads that cannot move, by reason, as list items "not ready:
 * a, b" (at most LISTED_IDS ids in all, then "and N more"). */
static bool reason_items(sl_phrase *items, size_t *n_items, sl_arena *ar, const char ***kept,
                         const size_t *n_kept, size_t n_ids)
{
    size_t listed = 0;
    bool ok = true;
    *n_items = 0;
    for (int r = 0; r < SL_N_UNSCHED && listed < LISTED_IDS; r++) {
        if (!n_kept[r])
            continue;
        sl_buf ids = {0};
        size_t i = 0;
        for (; i < n_kept[r] && listed < LISTED_IDS; i++, listed++)
            sl_buf_printf(&ids, "%s%s", i ? ", " : "", kept[r][i]);
        bool is_cut = listed == LISTED_IDS && n_ids > LISTED_IDS;
        sl_phrase_builder b;
        sl_pb_begin(&b, ar,
                    is_cut ? N_("{reason:tr}: {ids} and {more:int} more")
                           : N_("{reason:tr}: {ids}"));
        sl_pb_text(&b, "reason", reason_phrase(r));
        sl_pb_text(&b, "ids", ids.failed ? "" : ids.data);
        if (is_cut)
            sl_pb_num(&b, "more", (double)(n_ids - LISTED_IDS));
        ok = !ids.failed && sl_pb_end(&b, &items[(*n_items)++]) && ok;
        sl_buf_free(&ids);
    }
    return ok;
}

/* The lever's sentence: one template per case, each with its plural, so
 * a language words the whole sentence (issue 16). */
static bool lever_phrase(sl_phrase *out, sl_arena *ar, const sl_model *m, sl_index a,
                         const sl_scope *s, size_t n_gated, size_t n_inventory, const char ***kept,
                         const size_t *n_kept, size_t n_ids)
{
    bool ok = true;
    sl_phrase left, declared;
    if (s->gates) {
        sl_phrase_builder gb, sb, b;
        sl_phrase gates, share;
        gate_list_phrase(&gb, ar, m, s->gates);
        ok = sl_pb_end(&gb, &gates) && ok;
        sl_pb_begin(&sb, ar, N_("{share:pct1} of its {total:int} workload"));
        sl_pb_plural(&sb, N_("{share:pct1} of its {total:int} workloads"), "total");
        sl_pb_num(&sb, "share", n_inventory ? (double)n_gated / (double)n_inventory : 0.0);
        sl_pb_num(&sb, "total", (double)n_inventory);
        ok = sl_pb_end(&sb, &share) && ok;
        sl_pb_begin(&b, ar,
                    N_("{agency} leaves behind the {n:int} workload held by {gates:list}, "
                       "declared to stay ({share:list})"));
        sl_pb_plural(&b,
                     N_("{agency} leaves behind the {n:int} workloads held by {gates:list}, "
                        "declared to stay ({share:list})"),
                     "n");
        sl_pb_text(&b, "agency", m->agencies[a].id);
        sl_pb_num(&b, "n", (double)n_gated);
        sl_pb_list(&b, "gates", &gates, 1);
        sl_pb_list(&b, "share", &share, 1);
        ok = sl_pb_end(&b, n_ids ? &left : out) && ok;
    }
    if (n_ids) {
        sl_phrase items[SL_N_UNSCHED];
        size_t n_items;
        ok = reason_items(items, &n_items, ar, kept, n_kept, n_ids) && ok;
        sl_phrase_builder b;
        if (s->gates) {
            sl_pb_begin(&b, ar,
                        N_("and declares the {n:int} workload that cannot move to stay in "
                           "its hall ({reasons:list;})"));
            sl_pb_plural(&b,
                         N_("and declares the {n:int} workloads that cannot move to stay in "
                            "their halls ({reasons:list;})"),
                         "n");
        } else {
            sl_pb_begin(&b, ar,
                        N_("{agency} declares the {n:int} workload that cannot move to stay "
                           "in its hall ({reasons:list;})"));
            sl_pb_plural(&b,
                         N_("{agency} declares the {n:int} workloads that cannot move to stay "
                            "in their halls ({reasons:list;})"),
                         "n");
            sl_pb_text(&b, "agency", m->agencies[a].id);
        }
        sl_pb_num(&b, "n", (double)n_ids);
        sl_pb_list(&b, "reasons", items, n_items);
        ok = sl_pb_end(&b, s->gates ? &declared : out) && ok;
    }
    if (s->gates && n_ids) {
        sl_phrase parts[2] = {left, declared};
        sl_phrase_builder b;
        /* TRANSLATORS: the two sentences above, joined: "SKV leaves behind
         * ..., and declares ..." */
        sl_pb_begin(&b, ar, N_("{left:list}, {declared:list}"));
        sl_pb_list(&b, "left", &parts[0], 1);
        sl_pb_list(&b, "declared", &parts[1], 1);
        ok = sl_pb_end(&b, out) && ok;
    } else if (!s->gates && !n_ids) {
        sl_phrase_builder b;
        sl_pb_begin(&b, ar, N_("{agency} leaves nothing more behind"));
        sl_pb_text(&b, "agency", m->agencies[a].id);
        ok = sl_pb_end(&b, out) && ok;
    }
    return ok;
}

int sl_scope_lever(sl_phrase *phrase, const char **text, const char **set, const char **rule,
                   size_t *left, const sl_plan *p, sl_index a, const sl_scope *s, sl_arena *ar)
{
    const sl_model *m = p->model;
    const sl_agency *ag = &m->agencies[a];
    *text = *set = *rule = NULL;
    size_t n_inventory = 0, n_gated = 0, n_ids = 0, n_kept[SL_N_UNSCHED] = {0};
    for (size_t i = 0; i < m->n_workloads; i++) {
        if (m->workloads[i].agency != a)
            continue;
        n_inventory++;
        n_gated += would_move(p, i) && held_by(m, s->gates, &m->workloads[i]);
    }
    const char **kept[SL_N_UNSCHED] = {0};
    for (int r = 0; r < SL_N_UNSCHED; r++) {
        kept[r] = s->n_ids[r] ? sl_arena_array(ar, s->n_ids[r], sizeof *kept[r]) : NULL;
        if (s->n_ids[r] && !kept[r])
            return SL_ENOMEM;
        n_kept[r] = s->n_ids[r] ? kept_ids(kept[r], m, s, r) : 0;
        n_ids += n_kept[r];
    }
    *left = n_gated + n_ids;

    sl_buf b = {0};
    sl_buf_printf(&b, "agencies.%s.stays=[", ag->id);
    bool first = true;
    for (size_t k = 0; k < ag->n_stays; k++, first = false) {
        sl_buf_puts(&b, first ? "" : ", ");
        yaml_item(&b, m, &ag->stays[k]);
    }
    scope_items(&b, p, s, kept, n_kept, &first);
    sl_buf_puts(&b, "]");
    *set = b.failed ? NULL : sl_arena_strdup(ar, b.data);
    sl_buf_free(&b);

    bool ok = lever_phrase(phrase, ar, m, a, s, n_gated, n_inventory, kept, n_kept, n_ids);
    *text = ok ? sl_phrase_text(ar, phrase, NULL, NULL) : NULL;
    *rule = s->gates && n_ids ? "gates, accounted" : s->gates ? "gates" : "accounted";
    return *text && *set ? 0 : SL_ENOMEM;
}
