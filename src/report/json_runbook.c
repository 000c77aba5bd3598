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

struct sl_json_deps {
    dep *d;
    size_t n;    /* distinct (src, dst) pairs, by src */
    size_t next; /* the first pair of the next workload written */
};

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

sl_json_deps *sl_json_deps_new(const sl_model *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_flows; i++) {
        const sl_flow *f = &m->flows[i];
        n += f->src_kind == SL_END_WORKLOAD && f->dst_kind == SL_END_WORKLOAD && f->src != f->dst;
    }
    sl_json_deps *ds = sl_calloc(1, sizeof *ds);
    dep *d = ds ? sl_malloc((n ? n : 1) * sizeof *d) : NULL;
    if (!d) {
        sl_free(ds);
        return NULL;
    }
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
    ds->d = d;
    ds->n = u;
    return ds;
}

void sl_json_deps_free(sl_json_deps *ds)
{
    if (!ds)
        return;
    sl_free(ds->d);
    sl_free(ds);
}

void sl_json_workload_runbook(sl_jw *w, const sl_model *m, sl_json_deps *ds, size_t i)
{
    const sl_workload *wl = &m->workloads[i];
    sl_jw_real(w, "effort_hours", sl_workload_effort_h(m, wl, sl_workload_effort_dist(m, wl)->likely));
    /* the pairs are by src, and the workloads come in order */
    size_t from = ds->next;
    while (from < ds->n && ds->d[from].src < i)
        from++;
    size_t to = from;
    while (to < ds->n && ds->d[to].src == i)
        to++;
    qsort(ds->d + from, to - from, sizeof *ds->d, cmp_weight);
    sl_jw_array(w, "depends_on");
    for (size_t j = from; j < to && j - from < SL_RUNBOOK_MAX_DEPS; j++)
        sl_jw_str(w, NULL, m->workloads[ds->d[j].dst].id);
    sl_jw_end(w);
    ds->next = to;
}

void sl_json_group_gates(sl_jw *w, const sl_plan *p, size_t g)
{
    const sl_model *m = p->model;
    const sl_group *grp = &p->grouping->groups[g];
    sl_jw_array(w, "gates");
    for (size_t k = 0; k < m->n_gates; k++) {
        bool holds = false;
        for (size_t i = 0; i < grp->n_workloads && !holds; i++)
            holds = sl_selector_matches(m, &m->gates[k].applies_to, &m->workloads[grp->workloads[i]]);
        if (holds)
            sl_jw_str(w, NULL, m->gates[k].id);
    }
    sl_jw_end(w);
}
