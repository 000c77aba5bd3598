/* SPDX-License-Identifier: MIT */
/*
 * json_group.c - the group stage in JSON: the plan document's `grouping`
 * and `groups` sections, each group written whole with its gates
 * (json_runbook.c; each workload's `group` is written with the workload,
 * json_workload.c), and the document `samlok partition` writes.
 *
 * The partition document is written by hand rather than through jansson:
 * its `parts` array has one number per vertex and belongs on one line.
 */
#include "report/json.h"

#include <inttypes.h>
#include <math.h>

static void put_weights(FILE *out, const int64_t *w, int32_t ncon, size_t stride)
{
    if (ncon == 1) {
        fprintf(out, "%" PRId64, w[0]);
        return;
    }
    fputc('[', out);
    for (int32_t c = 0; c < ncon; c++)
        fprintf(out, "%s%" PRId64, c ? ", " : "", w[(size_t)c * stride]);
    fputc(']', out);
}

int sl_write_partition_json(FILE *out, const sl_partition *p, double imbalance)
{
    int32_t ncon = p->n_constraints;
    fprintf(out, "{\n  \"k\": %ld,\n  \"vertices\": %ld,\n", (long)p->k, (long)p->n_vertices);
    if (imbalance >= 0)
        fprintf(out, "  \"imbalance\": %.12g,\n", imbalance);
    fprintf(out, "  \"cut\": %" PRId64 ",\n  \"max_part_weight\": ", p->cut);
    put_weights(out, p->max_part_weight, ncon, 1);
    fprintf(out, ",\n  \"limit\": ");
    put_weights(out, p->limit, ncon, 1);
    fprintf(out, ",\n  \"balanced\": %s,\n  \"part_weights\": [", p->is_balanced ? "true" : "false");
    for (int32_t q = 0; q < p->k; q++) {
        fputs(q ? ", " : "", out);
        put_weights(out, p->part_weights + (size_t)q * ncon, ncon, 1);
    }
    fprintf(out, "],\n  \"parts\": [");
    for (int32_t v = 0; v < p->n_vertices; v++)
        fprintf(out, v ? ",%ld" : "%ld", (long)p->parts[v]);
    fprintf(out, "]\n}\n");
    return ferror(out) ? SL_EIO : 0;
}

static void capacity_jw(sl_jw *w, const sl_model *m, const sl_wave_capacity *c)
{
    sl_jw_object(w, NULL);
    sl_jw_str(w, "agency", m->agencies[c->agency].id);
    sl_jw_str(w, "site", m->sites[c->site].id);
    sl_jw_real(w, "servers", c->servers);
    sl_jw_real(w, "effort_hours", c->effort_hours);
    sl_jw_real(w, "transfer_tb", c->transfer_tb);
    sl_jw_real(w, "rtt_ms", c->rtt_ms);
    sl_jw_end(w);
}

static void group_jw(sl_jw *w, const sl_plan *p, size_t gi)
{
    const sl_model *m = p->model;
    const sl_group *g = &p->grouping->groups[gi];
    sl_jw_object(w, NULL);
    sl_jw_int(w, "id", (long long)g->id);
    sl_jw_str(w, "agency", m->agencies[g->agency].id);
    sl_jw_str(w, "site", m->sites[g->site].id);
    sl_jw_array(w, "workloads");
    for (size_t i = 0; i < g->n_workloads; i++)
        sl_jw_str(w, NULL, m->workloads[g->workloads[i]].id);
    sl_jw_end(w);
    sl_jw_real(w, "cut_mbps", g->cut_mbps);
    sl_jw_real(w, "effort_hours", g->effort_hours);
    sl_jw_real(w, "transfer_tb", g->transfer_tb);
    sl_jw_int(w, "min_tier", g->min_tier);
    sl_jw_bool(w, "shared_service", g->is_shared_service);
    sl_jw_bool(w, "over_capacity", g->is_over_capacity);
    sl_json_group_gates(w, p, gi);
    sl_jw_end(w);
}

/* The hard edges cut to fit clusters into windows, heaviest first, with
 * how long each crosses the WAN (null: one side is not scheduled). */
static void cut_flows_jw(sl_jw *w, const sl_plan *p)
{
    const sl_grouping *gr = p->grouping;
    const sl_model *m = p->model;
    sl_jw_array(w, "cut_flows");
    for (size_t i = 0; i < gr->n_cut_flows && !w->rc; i++) {
        const sl_cut_flow *f = &gr->cut_flows[i];
        double weeks = sl_plan_weeks_apart(p, f->group_a, f->group_b);
        sl_jw_object(w, NULL);
        sl_jw_str(w, "src", m->workloads[f->a].id);
        sl_jw_str(w, "dst", m->workloads[f->b].id);
        sl_jw_real(w, "mbps", f->mbps);
        sl_jw_int(w, "src_group", (long long)f->group_a);
        sl_jw_int(w, "dst_group", (long long)f->group_b);
        if (isnan(weeks))
            sl_jw_null(w, "weeks_across_wan");
        else
            sl_jw_real(w, "weeks_across_wan", weeks);
        sl_jw_end(w);
    }
    sl_jw_end(w);
}

/* The workloads too large for any window (each its own group). */
static void over_capacity_jw(sl_jw *w, const sl_plan *p)
{
    const sl_grouping *gr = p->grouping;
    sl_jw_array(w, "over_capacity_workloads");
    for (size_t i = 0; i < gr->n_groups; i++) {
        const sl_group *g = &gr->groups[i];
        for (size_t j = 0; g->is_over_capacity && j < g->n_workloads; j++)
            sl_jw_str(w, NULL, p->model->workloads[g->workloads[j]].id);
    }
    sl_jw_end(w);
}

void sl_json_groups(sl_jw *w, const sl_plan *p)
{
    const sl_grouping *gr = p->grouping;
    if (!gr)
        return;
    sl_jw_object(w, "grouping");
    sl_jw_real(w, "hub_degree", gr->hub_degree);
    sl_jw_int(w, "shared_service_workloads", (long long)gr->n_shared);
    sl_jw_int(w, "edges", (long long)gr->n_edges);
    sl_jw_int(w, "hard_edges", (long long)gr->n_hard_edges);
    sl_jw_int(w, "hard_edges_cut", (long long)gr->n_hard_cut);
    sl_jw_int(w, "split_components", (long long)gr->n_split);
    sl_jw_real(w, "cut_mbps", gr->total_cut_mbps);
    sl_jw_int(w, "cut_clusters", (long long)gr->n_cut_clusters);
    sl_jw_real(w, "cut_flows_mbps", gr->cut_flows_mbps);
    cut_flows_jw(w, p);
    over_capacity_jw(w, p);
    sl_jw_array(w, "window_capacity");
    for (size_t i = 0; i < gr->n_capacities; i++)
        capacity_jw(w, p->model, &gr->capacities[i]);
    sl_jw_end(w);
    sl_jw_end(w);
    sl_jw_array(w, "groups");
    for (size_t i = 0; i < gr->n_groups && !w->rc; i++)
        group_jw(w, p, i);
    sl_jw_end(w);
}
