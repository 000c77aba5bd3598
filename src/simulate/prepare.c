/* SPDX-License-Identifier: MIT */
/*
 * prepare.c - everything an iteration needs, computed once: the planned
 * schedule's windows and freezes (as the schedule stage saw them), each
 * planned group packed as a task in planned order with its gates and effort
 * by effort row (a method's distribution, or one of its tiers'), quantile
 * tables of the effort distributions, the sites' running costs, and which
 * scenario numbers are uncertain.
 */
#include "simulate/sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sim_ctx_free(sim_ctx *c)
{
    sl_sched_problem_free(&c->base);
    sl_free(c->moves);
    sl_free(c->tasks);
    sl_free(c->task_vcpu);
    sl_free(c->masks);
    sl_free(c->row_dist);
    sl_free(c->row_method);
    sl_free(c->row_of);
    sl_free(c->own_table);
    sl_free(c->own_pairs);
    sl_free(c->own_least);
    sl_free(c->param_table);
    sl_free(c->announce_window);
    sl_free(c->share);
    sl_free(c->lane_share);
    sl_free(c->agency_has_never);
    sl_free(c->agency_gates);
    sl_free(c->unplanned_cost);
    sl_free(c->least_fixed);
    sl_free(c->least_hours);
    sl_free(c->lane_mask_start);
    sl_free(c->lane_masks);

    sl_free(c->window_on_or_after);
    sl_free(c->uncertain);
    sl_free(c->reaches_finish);
    sl_free(c->sites);
    memset(c, 0, sizeof *c);
}

typedef struct planned_key {
    int window;
    sl_index g;
} planned_key;

static int cmp_planned(const void *a, const void *b)
{
    const planned_key *x = a, *y = b;
    if (x->window != y->window)
        return x->window < y->window ? -1 : 1;
    return x->g < y->g ? -1 : x->g > y->g;
}

/* The effort rows: per method its effort_hours, then each tier it gives
 * a distribution of its own, in tier order. A workload's row is its
 * method's for its tier, or the method's own when the tier has none, so
 * without tiers row k is method k. */
static int prepare_rows(sim_ctx *c)
{
    const sl_model *m = c->m;
    size_t nk = c->n_methods ? c->n_methods : 1;
    c->row_dist = sl_malloc(nk * (1 + SL_N_TIERS) * sizeof *c->row_dist);
    c->row_method = sl_malloc(nk * (1 + SL_N_TIERS) * sizeof *c->row_method);
    c->row_of = sl_malloc(nk * (1 + SL_N_TIERS) * sizeof *c->row_of);
    if (!c->row_dist || !c->row_method || !c->row_of)
        return SL_ENOMEM;
    c->n_rows = 0;
    for (size_t k = 0; k < c->n_methods; k++) {
        const sl_method *me = &m->migration.methods[k];
        size_t own = c->n_rows++;
        c->row_dist[own] = &me->effort_hours;
        c->row_method[own] = (uint8_t)k;
        c->row_of[k * (1 + SL_N_TIERS)] = (uint16_t)own;
        for (size_t t = 1; t <= SL_N_TIERS; t++) {
            size_t r = own;
            if (me->has_tier_effort[t - 1]) {
                r = c->n_rows++;
                c->row_dist[r] = &me->effort_hours_by_tier[t - 1];
                c->row_method[r] = (uint8_t)k;
            }
            c->row_of[k * (1 + SL_N_TIERS) + t] = (uint16_t)r;
        }
    }
    return 0;
}

/* The effort row of a workload. */
static size_t row_of(const sim_ctx *c, const sl_workload *w)
{
    size_t t = w->tier >= 1 && w->tier <= SL_N_TIERS ? (size_t)w->tier : 0;
    return c->row_of[w->method * (1 + SL_N_TIERS) + t];
}

/* Per group: hours by effort row, gates, legacy flag; then the planned
 * groups packed as tasks in planned order. */
static int prepare_tasks(sim_ctx *c, size_t n_groups, const sl_index *wg,
                         const sl_schedule *planned)
{
    const sl_model *m = c->m;
    size_t ng = n_groups ? n_groups : 1, nr = c->n_rows;
    double *by_row = sl_calloc(ng * nr, sizeof *by_row);
    double *fixed = sl_calloc(ng, sizeof *fixed);
    uint64_t *mask = sl_calloc(ng, sizeof *mask);
    uint8_t *legacy = sl_calloc(ng, 1);
    int *count = sl_calloc(ng, sizeof *count);
    double *vcpu = sl_calloc(ng, sizeof *vcpu);
    planned_key *keys = sl_malloc(ng * sizeof *keys);
    c->agency_has_never = sl_calloc(m->n_agencies ? m->n_agencies : 1, 1);
    c->agency_gates = sl_calloc(m->n_agencies ? m->n_agencies : 1, sizeof *c->agency_gates);
    c->unplanned_cost = sl_calloc(m->n_agencies ? m->n_agencies : 1, sizeof *c->unplanned_cost);
    int rc = 0;
    if (!by_row || !fixed || !mask || !legacy || !count || !vcpu || !keys ||
        !c->agency_has_never || !c->agency_gates || !c->unplanned_cost) {
        rc = SL_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < m->n_workloads; i++) {
        sl_index g = wg[i];
        if (g == SL_NONE)
            continue;
        const sl_workload *w = &m->workloads[i];
        by_row[g * nr + row_of(c, w)] += sl_workload_effort_dist(m, w)->likely;
        fixed[g] += sl_workload_effort_h(m, w, 0.0);
        legacy[g] |= sl_os_is_unsupported(m, w->os);
        count[g]++;
        vcpu[g] += w->vcpu;
        for (size_t k = 0; k < m->n_gates; k++)
            if (sl_selector_matches(m, &m->gates[k].applies_to, w))
                mask[g] |= (uint64_t)1 << k;
    }
    /* A group that takes room on the shared platform waits for its
     * hardware, as in the plan (capacity.c: none before delivery): the
     * hardware gate joins its gates, so its sampled date, or its refusal,
     * holds the group whatever the gate's own selector says. */
    const sl_target_capacity *cap = &planned->capacity;
    int hardware = -1;
    for (size_t k = 0; k < m->n_gates && hardware < 0 && cap->is_limited; k++)
        if (m->gates[k].kind == SL_GATE_HARDWARE)
            hardware = (int)k;
    for (size_t g = 0; g < n_groups && hardware >= 0; g++) {
        bool takes_room = false;
        for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS && g < planned->n_groups; d++)
            takes_room |= cap->group_load[g * SL_SCHEDULE_CAP_DIMS + d] > 0;
        if (takes_room)
            mask[g] |= (uint64_t)1 << hardware;
    }
    size_t n = 0;
    for (size_t g = 0; g < n_groups; g++) {
        if (!count[g])
            continue;
        /* "allowed": every gate on some movable workload passes, whether
         * the plan found its group a window or not */
        c->agency_gates[c->base.group_agency[g]] |= mask[g];
        int w = g < planned->n_groups ? planned->group_window[g] : -1;
        if (w >= 0) {
            keys[n++] = (planned_key){w, (sl_index)g};
        } else {
            sl_index a = c->base.group_agency[g];
            c->agency_has_never[a] = 1;
            c->unplanned_cost[a] += c->base.group_effort_h[g] * m->agencies[a].cost_per_hour;
        }
    }
    qsort(keys, n, sizeof *keys, cmp_planned);
    size_t na = m->n_agencies ? m->n_agencies : 1;
    c->moves = sl_calloc(n ? n : 1, sizeof *c->moves);
    c->tasks = sl_calloc(n ? n : 1, sizeof *c->tasks);
    c->task_vcpu = sl_calloc(n ? n : 1, sizeof *c->task_vcpu);
    c->masks = sl_calloc(n ? n : 1, sizeof *c->masks);
    c->least_fixed = sl_malloc(na * sizeof *c->least_fixed);
    c->least_hours = sl_malloc(na * sizeof *c->least_hours);
    if (!c->moves || !c->tasks || !c->task_vcpu || !c->masks || !c->least_fixed ||
        !c->least_hours) {
        rc = SL_ENOMEM;
        goto done;
    }
    for (size_t a = 0; a < na; a++)
        c->least_fixed[a] = c->least_hours[a] = 1e300;
    c->n_tasks = n;
    for (size_t k = 0; k < n; k++) {
        size_t g = keys[k].g;
        sim_move *mv = &c->moves[k];
        sim_task *t = &c->tasks[k];
        /* the two effort rows with most hours; the hours of any further
         * row ride on the second (rare: a group is mostly one method, and
         * its workloads mostly of one or two tiers; docs/SCHEDULE.md) */
        size_t first = 0, second = SIZE_MAX;
        for (size_t j = 1; j < nr; j++)
            if (by_row[g * nr + j] > by_row[g * nr + first])
                first = j;
        for (size_t j = 0; j < nr; j++)
            if (j != first && by_row[g * nr + j] > 0 &&
                (second == SIZE_MAX || by_row[g * nr + j] > by_row[g * nr + second]))
                second = j;
        mv->key = SIM_KEY_MOVE + ((uint64_t)g << 4);
        mv->row[0] = (uint16_t)first;
        mv->table[0] = (uint32_t)(first * 2 * SIM_TABLE);
        mv->effort[0] = by_row[g * nr + first];
        mv->n_rows = 1;
        if (second != SIZE_MAX) {
            mv->row[1] = (uint16_t)second;
            mv->table[1] = (uint32_t)(second * 2 * SIM_TABLE);
            for (size_t j = 0; j < nr; j++)
                if (j != first)
                    mv->effort[1] += by_row[g * nr + j];
            mv->n_rows = 2;
        }
        mv->fixed_effort = fixed[g];
        mv->fail_slot = (uint16_t)(c->row_method[first] * 2 + legacy[g]);
        t->tb = c->base.group_tb[g];
        /* few distinct gate sets: each iteration resolves them once */
        size_t id = 0;
        while (id < c->n_masks && c->masks[id] != mask[g])
            id++;
        if (id == c->n_masks)
            c->masks[c->n_masks++] = mask[g];
        t->mask = (uint32_t)id;
        t->is_critical = c->base.max_critical > 0 && c->base.group_is_critical[g];
        t->agency = (uint16_t)c->base.group_agency[g];
        t->site = (uint16_t)c->base.group_site[g];
        t->n_workloads = count[g];
        c->task_vcpu[k] = vcpu[g];
        double hours = mv->effort[0] + mv->effort[1];
        if (mv->fixed_effort < c->least_fixed[t->agency])
            c->least_fixed[t->agency] = mv->fixed_effort;
        if (hours < c->least_hours[t->agency])
            c->least_hours[t->agency] = hours;
    }
    /* per agency, the distinct gate sets of its moves */
    c->lane_mask_start = sl_calloc(na + 1, sizeof *c->lane_mask_start);
    c->lane_masks = sl_malloc((n ? n : 1) * sizeof *c->lane_masks);
    uint8_t *seen = sl_calloc(c->n_masks ? c->n_masks : 1, 1);
    if (!c->lane_mask_start || !c->lane_masks || !seen) {
        sl_free(seen);
        rc = SL_ENOMEM;
        goto done;
    }
    size_t n_lane_masks = 0;
    for (size_t a = 0; a < na; a++) {
        c->lane_mask_start[a] = n_lane_masks;
        for (size_t k = 0; k < n; k++) {
            uint32_t id = c->tasks[k].mask;
            if (c->tasks[k].agency == a && seen[id] != a + 1) {
                seen[id] = (uint8_t)(a + 1);
                c->lane_masks[n_lane_masks++] = id;
            }
        }
    }
    c->lane_mask_start[na] = n_lane_masks;
    sl_free(seen);
done:
    sl_free(by_row);
    sl_free(fixed);
    sl_free(mask);
    sl_free(legacy);
    sl_free(count);
    sl_free(vcpu);
    sl_free(keys);
    return rc;
}

/* Per site its running cost, and what stays for good (not movable, so
 * the hall is kept; not a workload declared to retire or be replaced,
 * which needs no hall) or was never planned (its move is pending). */
static int prepare_sites(sim_ctx *c, const sl_index *wg, const sl_schedule *planned,
                         const sl_assessment *as)
{
    const sl_model *m = c->m;
    c->n_sites = m->n_sites;
    c->sites = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *c->sites);
    double *vcpu = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *vcpu);
    if (!c->sites || !vcpu) {
        sl_free(vcpu);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < m->n_workloads; i++) {
        sim_site *ss = &c->sites[m->workloads[i].site];
        vcpu[m->workloads[i].site] += m->workloads[i].vcpu;
        ss->has_workloads = true;
        sl_index g = wg[i];
        sl_disposition fate = as && i < as->n_workloads ? as->workloads[i].disposition
                                                         : SL_DISPOSITION_MOVE;
        bool leaves = fate == SL_DISPOSITION_RETIRE || fate == SL_DISPOSITION_REPLACE;
        ss->vcpu += m->workloads[i].vcpu;
        if (g == SL_NONE) {
            ss->is_kept |= !leaves;
            ss->kept_vcpu += leaves ? 0 : m->workloads[i].vcpu;
        } else if (g >= planned->n_groups || planned->group_window[g] < 0) {
            ss->has_unplanned = true;
            ss->kept_vcpu += m->workloads[i].vcpu;
        }
    }
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        sim_site *ss = &c->sites[s];
        /* as the cost stage counts it: given, from the hosts, or per vCPU */
        double it_kw = sl_site_it_kw(m, site, vcpu[s], NULL);
        ss->monthly_cost_fixed = (site->rent_per_year + site->opex_per_year) / 12.0;
        ss->monthly_kwh = it_kw * site->pue * 8760.0 / 12.0;
        ss->energy_tax = site->energy_tax;
        ss->energy_param = site->energy_price.param;
        ss->energy_price = site->energy_price.likely;
        ss->contract_end = site->contract_end;
        ss->extension_per_month = site->extension_cost_per_month;
        ss->owner = site->owner;
    }
    sl_free(vcpu);
    return 0;
}

/* The quantile at each of SIM_TABLE + 1 points, the end points moved in by
 * half a cell so unbounded tails stay finite. Sampling interpolates
 * linearly between them: one lookup per draw, whatever the distribution. */
static void quantile_table(double *out, const sl_dist *d, double scale)
{
    for (size_t i = 0; i <= SIM_TABLE; i++) {
        double u = i == 0 ? 0.5 / SIM_TABLE : i == SIM_TABLE ? 1 - 0.5 / SIM_TABLE
                                                              : (double)i / SIM_TABLE;
        out[i] = sl_dist_quantile(d, u) * scale;
    }
}

static int prepare_tables(sim_ctx *c)
{
    const sl_model *m = c->m;
    size_t nk = c->n_rows ? c->n_rows : 1;
    c->correlation = m->migration.effort_correlation;
    c->own_table = sl_malloc(nk * (SIM_TABLE + 1) * sizeof(double));
    c->own_pairs = sl_malloc(nk * 2 * SIM_TABLE * sizeof(double));
    c->own_least = sl_malloc(nk * sizeof(double));
    c->param_table = sl_malloc((c->n_uncertain ? c->n_uncertain : 1) * (SIM_TABLE + 1) *
                               sizeof(double));
    if (!c->own_table || !c->own_pairs || !c->own_least || !c->param_table)
        return SL_ENOMEM;
    for (size_t k = 0; k < c->n_rows; k++) {
        const sl_dist *d = c->row_dist[k];
        double likely = d->likely > 0 ? d->likely : 1;
        double *tab = c->own_table + k * (SIM_TABLE + 1);
        quantile_table(tab, d, (1 - c->correlation) / likely);
        /* value and step side by side: one cache line per draw */
        double least = tab[SIM_TABLE];
        for (size_t i = 0; i < SIM_TABLE; i++) {
            c->own_pairs[(k * SIM_TABLE + i) * 2] = tab[i];
            c->own_pairs[(k * SIM_TABLE + i) * 2 + 1] = tab[i + 1] - tab[i];
            least = tab[i] < least ? tab[i] : least;
        }
        c->own_least[k] = least;
    }
    for (size_t u = 0; u < c->n_uncertain; u++)
        quantile_table(c->param_table + u * (SIM_TABLE + 1), m->params[c->uncertain[u]].value, 1);
    return 0;
}

/* Which uncertain inputs the replay reads, so can move a finish: the
 * distributions iterate.c draws from for the schedule (effort rows,
 * failure rates, gate lead times, staff hours and leavers). The rest
 * (energy prices, one-off amounts, RTT) move only the cost, or nothing;
 * the tornado, which measures finishes, leaves them out by structure
 * rather than by a noise test that would let one in by chance. */
static int mark_reaches_finish(sim_ctx *c)
{
    const sl_model *m = c->m;
    uint8_t *by_param = sl_calloc(m->n_params ? m->n_params : 1, 1);
    c->reaches_finish = sl_calloc(c->n_uncertain ? c->n_uncertain : 1, 1);
    if (!by_param || !c->reaches_finish) {
        sl_free(by_param);
        return SL_ENOMEM;
    }
#define MARK(dist)                                                                                 \
    do {                                                                                           \
        if ((dist).param != SL_NONE && (dist).param < m->n_params)                                 \
            by_param[(dist).param] = 1;                                                            \
    } while (0)
    for (size_t r = 0; r < c->n_rows; r++)
        MARK(*c->row_dist[r]);
    for (size_t k = 0; k < m->migration.n_methods; k++)
        MARK(m->migration.methods[k].failure_rate);
    for (size_t g = 0; g < m->n_gates; g++)
        MARK(m->gates[g].lead_time_months);
    for (size_t a = 0; a < m->n_agencies; a++) {
        MARK(m->agencies[a].migration_hours_per_week);
        MARK(m->agencies[a].staff_decline_share);
        MARK(m->agencies[a].staff_early_leave_share);
    }
#undef MARK
    for (size_t u = 0; u < c->n_uncertain; u++)
        c->reaches_finish[u] = by_param[c->uncertain[u]];
    sl_free(by_param);
    return 0;
}

int sim_prepare(sim_ctx *c, const sl_model *m, size_t n_groups, const sl_index *workload_group,
                const bool *is_movable, const sl_schedule *planned, const sl_assessment *as)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->n_methods = m->migration.n_methods;
    if (m->n_gates > SIM_MAX_GATES || m->n_agencies > SIM_MAX_AGENCIES ||
        m->n_sites > SIM_MAX_SITES || m->migration.n_methods > 255)
        return SL_ELIMIT;
    sl_index *wg = sl_malloc((m->n_workloads ? m->n_workloads : 1) * sizeof *wg);
    if (!wg)
        return SL_ENOMEM;
    for (size_t i = 0; i < m->n_workloads; i++)
        wg[i] = is_movable && !is_movable[i] ? SL_NONE : workload_group[i];
    int rc = sl_sched_problem_build(&c->base, m, n_groups, wg, NULL);
    if (!rc)
        rc = prepare_rows(c);
    if (!rc)
        rc = prepare_tasks(c, n_groups, wg, planned);
    if (!rc)
        rc = prepare_sites(c, wg, planned, as);
    sl_free(wg);
    if (rc)
        goto fail;
    c->first_day = m->start;
    size_t nw = c->base.n_windows, na = m->n_agencies;
    c->n_blocks = (nw + SIM_BLOCK - 1) / SIM_BLOCK;
    sl_date last = nw ? c->base.windows[nw - 1].day : m->start;
    c->n_days = (size_t)(last - m->start) + 2;
    c->window_on_or_after = sl_malloc(c->n_days * sizeof *c->window_on_or_after);
    c->n_params = m->n_params;
    c->uncertain = sl_malloc((m->n_params ? m->n_params : 1) * sizeof *c->uncertain);
    if (!c->window_on_or_after || !c->uncertain) {
        rc = SL_ENOMEM;
        goto fail;
    }
    size_t w = 0;
    for (size_t d = 0; d < c->n_days; d++) {
        while (w < nw && c->base.windows[w].day < m->start + (sl_date)d)
            w++;
        c->window_on_or_after[d] = (int)w;
    }
    for (size_t p = 0; p < m->n_params; p++) {
        const sl_dist *d = m->params[p].value;
        if (m->params[p].simulated && d->kind != SL_DIST_FIXED && d->max > d->min)
            c->uncertain[c->n_uncertain++] = (uint32_t)p;
    }
    rc = mark_reaches_finish(c);
    if (rc)
        goto fail;
    c->deadline_day = (double)(m->deadline - m->start);
    rc = prepare_tables(c);
    c->announce_window = sl_malloc((na ? na : 1) * sizeof *c->announce_window);
    c->share = sl_malloc((nw ? nw : 1) * sizeof *c->share);
    c->lane_share = sl_malloc((na ? na : 1) * (nw ? nw : 1) * sizeof *c->lane_share);
    if (rc || !c->announce_window || !c->share || !c->lane_share) {
        rc = SL_ENOMEM;
        goto fail;
    }
    for (size_t a = 0; a < na; a++) {
        sl_date day = m->agencies[a].staff_announce;
        c->announce_window[a] = day <= m->start ? 0
                                : (size_t)(day - m->start) < c->n_days
                                    ? c->window_on_or_after[day - m->start]
                                    : (int)nw;
    }
    for (size_t win = 0; win < nw; win++)
        c->share[win] = c->base.windows[win].week_share;
    /* per agency, window after window: what one lane reads; a window a
     * freeze clips keeps its share of the week's staff hours, one it
     * closes has none (calendar.c) */
    for (size_t a = 0; a < na; a++)
        for (size_t win = 0; win < nw; win++)
            c->lane_share[a * nw + win] = c->base.frozen[win * na + a] ? -INFINITY : c->share[win];
    return 0;
fail:
    sim_ctx_free(c);
    return rc;
}

int sim_work_init(sim_work *w, const sim_ctx *c)
{
    memset(w, 0, sizeof *w);
    const sl_model *m = c->m;
    size_t nw = c->base.n_windows ? c->base.n_windows : 1;
    size_t na = m->n_agencies ? m->n_agencies : 1, ns = m->n_sites ? m->n_sites : 1;
    size_t nk = c->n_methods ? c->n_methods : 1;
    size_t nr = c->n_rows ? c->n_rows : 1;
    size_t nb = c->n_blocks ? c->n_blocks : 1;
    w->x = sl_calloc(c->n_params ? c->n_params : 1, sizeof(double));
    w->lanes = sl_calloc(na, sizeof *w->lanes);
    w->hours = sl_calloc(na * nw * 2, sizeof(double));
    w->bound = sl_calloc(na * nb, sizeof(double));
    w->next = sl_calloc(na * (nw + 1), sizeof(int));
    w->mask_release = sl_calloc(c->n_masks ? c->n_masks : 1, sizeof(int));
    w->mask_blocked = sl_calloc(c->n_masks ? c->n_masks : 1, 1);
    w->links = sl_calloc(ns * nw * 2, sizeof(double));
    w->site_link = sl_calloc(ns, sizeof *w->site_link);
    w->critical = sl_calloc(nw, sizeof(int));
    w->workloads = sl_calloc(nw, sizeof(int));
    w->gate_window = sl_calloc(m->n_gates ? m->n_gates : 1, sizeof(int));
    w->gate_failed = sl_calloc(m->n_gates ? m->n_gates : 1, 1);
    w->team_rate = sl_calloc(nr, sizeof(double));
    w->fail_below = sl_calloc(2 * nk, sizeof(uint32_t));
    w->next_critical = sl_malloc((nw + 1) * sizeof(int));
    w->high_water = (int)nw - 1;
    if (!w->x || !w->lanes || !w->hours || !w->bound || !w->next || !w->mask_release ||
        !w->mask_blocked || !w->links || !w->site_link || !w->critical || !w->workloads || !w->gate_window ||
        !w->gate_failed || !w->team_rate ||
        !w->fail_below || !w->next_critical) {
        sim_work_free(w);
        return SL_ENOMEM;
    }
    for (size_t a = 0; a < m->n_agencies; a++) {
        sim_lane *l = &w->lanes[a];
        l->hours = w->hours + a * nw * 2;
        l->next = w->next + a * (nw + 1);
        l->next[c->base.n_windows] = (int)c->base.n_windows; /* the end: never moves */
        l->bound = w->bound + a * nb;
        l->share = c->lane_share + a * c->base.n_windows;
        l->announce = c->announce_window[a];
    }
    for (size_t s = 0; s < m->n_sites; s++) {
        if (!sl_model_link_from(m, (sl_index)s))
            continue;
        double *link = w->site_link[s] = w->links + s * nw * 2;
        /* what a window's TB may reach, so the test per move is one
         * comparison: the capacity plus a margin far above rounding, or
         * +inf where the capacity is unlimited (negative) */
        for (size_t win = 0; win < c->base.n_windows; win++) {
            const double cap = c->base.tb_cap[win * m->n_sites + s];
            link[2 * win] = cap >= 0 ? cap + 1e-9 : INFINITY;
        }
    }
    /* fixed numbers keep their value; uncertain ones are drawn each time */
    for (size_t p = 0; p < c->n_params; p++)
        w->x[p] = m->params[p].value->likely;
    return 0;
}

void sim_work_free(sim_work *w)
{
    sl_free(w->x);
    sl_free(w->lanes);
    sl_free(w->hours);
    sl_free(w->bound);
    sl_free(w->next);
    sl_free(w->mask_release);
    sl_free(w->mask_blocked);
    sl_free(w->links);
    sl_free(w->site_link);
    sl_free(w->critical);
    sl_free(w->workloads);
    sl_free(w->gate_window);
    sl_free(w->gate_failed);
    sl_free(w->team_rate);
    sl_free(w->fail_below);
    sl_free(w->next_critical);
    memset(w, 0, sizeof *w);
}
