/* SPDX-License-Identifier: MIT */
/*
 * json_runbook.c - what the runbook and the project-tool exports need
 * that the other sections do not say, added to the plan document:
 *
 *   workloads[].effort_hours  staff hours to move it (its method's likely
 *                             effort, by tier where given, plus per TB)
 *   workloads[].depends_on    the workloads it sends traffic to (a flow
 *                             src -> dst: src needs dst up), by traffic,
 *                             heaviest first, at most SL_RUNBOOK_MAX_DEPS
 *   groups[].gates            the gates that hold some of its workloads
 *                             (the schedule does not place it before they
 *                             pass): the predecessors of its wave
 */
#include "report/json.h"
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

#define SL_RUNBOOK_MAX_DEPS 16

typedef struct dep {
    sl_index src, dst;
    double mbps;
    const char *dst_id; /* for the order within one src */
} dep;

static int cmp_dep(const void *a, const void *b)
{
    const dep *x = a, *y = b;
    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    if (x->dst != y->dst)
        return x->dst < y->dst ? -1 : 1;
    return 0;
}

/* Within one src: heaviest first, then by the dependency's id. */
static int cmp_weight(const void *a, const void *b)
{
    const dep *x = a, *y = b;
    if (x->mbps != y->mbps)
        return x->mbps > y->mbps ? -1 : 1;
    return strcmp(x->dst_id, y->dst_id);
}

static bool depends_on(json_t *workloads, const sl_model *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_flows; i++) {
        const sl_flow *f = &m->flows[i];
        n += f->src_kind == SL_END_WORKLOAD && f->dst_kind == SL_END_WORKLOAD && f->src != f->dst;
    }
    dep *d = sl_malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < m->n_flows; i++) {
        const sl_flow *f = &m->flows[i];
        if (f->src_kind == SL_END_WORKLOAD && f->dst_kind == SL_END_WORKLOAD && f->src != f->dst)
            d[k++] = (dep){f->src, f->dst, f->mbps, m->workloads[f->dst].id};
    }
    /* one entry per pair (a pair on several ports adds up) */
    qsort(d, n, sizeof *d, cmp_dep);
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        if (u && d[u - 1].src == d[i].src && d[u - 1].dst == d[i].dst)
            d[u - 1].mbps += d[i].mbps;
        else
            d[u++] = d[i];
    }
    bool ok = true;
    size_t i = 0;
    for (size_t w = 0; ok && w < m->n_workloads; w++) {
        size_t from = i;
        while (i < u && d[i].src == w)
            i++;
        qsort(d + from, i - from, sizeof *d, cmp_weight);
        json_t *arr = json_array();
        ok = sl_json_set(json_array_get(workloads, w), "depends_on", arr);
        for (size_t j = from; ok && j < i && j - from < SL_RUNBOOK_MAX_DEPS; j++)
            ok = sl_json_push(arr, json_string(m->workloads[d[j].dst].id));
    }
    sl_free(d);
    return ok;
}

bool sl_json_runbook(json_t *root, const sl_plan *p)
{
    const sl_model *m = p->model;
    json_t *workloads = json_object_get(root, "workloads");
    bool ok = workloads && json_array_size(workloads) == m->n_workloads;
    for (size_t i = 0; ok && i < m->n_workloads; i++) {
        const sl_workload *w = &m->workloads[i];
        double h = sl_workload_effort_h(m, w, sl_workload_effort_dist(m, w)->likely);
        ok = sl_json_set(json_array_get(workloads, i), "effort_hours", json_real(h));
    }
    ok = ok && depends_on(workloads, m);
    const sl_grouping *gr = p->grouping;
    json_t *groups = json_object_get(root, "groups");
    for (size_t g = 0; ok && gr && groups && g < gr->n_groups; g++) {
        const sl_group *grp = &gr->groups[g];
        json_t *arr = json_array();
        ok = sl_json_set(json_array_get(groups, g), "gates", arr);
        for (size_t k = 0; ok && k < m->n_gates; k++) {
            bool holds = false;
            for (size_t i = 0; i < grp->n_workloads && !holds; i++)
                holds = sl_selector_matches(m, &m->gates[k].applies_to,
                                            &m->workloads[grp->workloads[i]]);
            if (holds)
                ok = sl_json_push(arr, json_string(m->gates[k].id));
        }
    }
    return ok;
}
