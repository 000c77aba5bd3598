/* SPDX-License-Identifier: MIT */
/*
 * cut_flows.c - the computed risk hard_flows_cut: hard edges (latency-
 * sensitive flows, or traffic over the threshold) the group stage cut
 * because chains of them joined more workloads than a change window can
 * move (sl_grouping.cut_flows). Until both sides have moved, each such
 * flow crosses the WAN, and the application it belongs to runs slower or
 * breaks; the longer, the likelier.
 *
 * Likelihood, from the longest time any of the agency's cut flows crosses
 * the WAN in the plan's schedule (sl_plan_weeks_apart): both sides in one
 * window 2, up to 2 weeks 3, up to 8 weeks 4, longer or never (a side not
 * scheduled) 5. Impact: the share of the agency's workloads at an end of
 * a cut flow (risk_impact_share). Scored: no verdict rule restates it.
 * A flow neither of whose groups is scheduled never crosses the WAN: both
 * ends stay in the old hall, which the accounting of stuck workloads
 * already judges, so it is not counted here.
 */
#include "risk/risk.h"

#include <math.h>

static bool scheduled(const sl_plan *p, sl_index group)
{
    const sl_schedule *s = p->schedule;
    return s && group < s->n_groups && s->group_wave[group] >= 0;
}

bool risk_cut_flows(risk_ctx *c, sl_index a)
{
    const sl_grouping *gr = c->p->grouping;
    const sl_model *m = c->m;
    if (!gr || !gr->n_cut_flows)
        return true;
    size_t n = 0, touched = 0;
    double mbps = 0, longest = 0;
    bool never = false;
    /* each workload counted once: a cut flow's ends, in workload order */
    uint8_t *end = sl_calloc(m->n_workloads + 1, 1);
    if (!end)
        return false;
    for (size_t i = 0; i < gr->n_cut_flows; i++) {
        const sl_cut_flow *f = &gr->cut_flows[i];
        if (gr->groups[f->group_a].agency != a ||
            (!scheduled(c->p, f->group_a) && !scheduled(c->p, f->group_b)))
            continue;
        n++;
        mbps += f->mbps;
        double weeks = sl_plan_weeks_apart(c->p, f->group_a, f->group_b);
        if (isnan(weeks))
            never = true;
        else if (weeks > longest)
            longest = weeks;
        touched += !end[f->a] + !end[f->b];
        end[f->a] = end[f->b] = 1;
    }
    sl_free(end);
    if (!n)
        return true;
    int likelihood = never || longest > 8 ? 5 : longest > 2 ? 4 : longest > 0 ? 3 : 2;
    size_t n_workloads = c->agencies[a].n_workloads;
    double share = n_workloads ? (double)touched / (double)n_workloads : 0;
    sl_arena *ar = c->arena;
    sl_phrase how_long;
    sl_phrase_builder hb;
    if (never) {
        sl_pb_begin(&hb, ar, N_("some cross it for good: one side is not scheduled"));
    } else {
        sl_pb_begin(&hb, ar, N_("the longest crosses it for {weeks:num1} week"));
        sl_pb_plural(&hb, N_("the longest crosses it for {weeks:num1} weeks"), "weeks");
        sl_pb_num(&hb, "weeks", longest);
    }
    bool ok = sl_pb_end(&hb, &how_long);
    risk_texts t;
    risk_texts_begin(&t, ar, N_("{n:int} latency-sensitive flows of {agency} cross the WAN during "
                                "the move"),
                     N_("chains of hard edges joined more workloads than a window moves, so the "
                        "plan cuts {n:int} of them ({mbps:num1} Mbit/s) where the least traffic "
                        "crosses; {how_long}; {touched:int} of its {total:int} workloads at their "
                        "ends ({share:pct1})"),
                     N_("larger or better staffed windows so a chain moves at once, the two sides "
                        "of each cut flow in consecutive windows, or the application changed to "
                        "tolerate the WAN"));
    sl_pb_num(&t.title, "n", (double)n);
    sl_pb_text(&t.title, "agency", m->agencies[a].id);
    sl_pb_num(&t.basis, "n", (double)n);
    sl_pb_num(&t.basis, "mbps", mbps);
    sl_pb_list(&t.basis, "how_long", &how_long, 1);
    sl_pb_num(&t.basis, "touched", (double)touched);
    sl_pb_num(&t.basis, "total", (double)n_workloads);
    sl_pb_num(&t.basis, "share", share);
    t.basis.failed = t.basis.failed || !ok;
    return risk_computed(c, "hard_flows_cut", SL_RISK_TECHNICAL, a, likelihood,
                         risk_impact_share(share), NULL, &t);
}
