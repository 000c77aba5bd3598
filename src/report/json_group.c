/* SPDX-License-Identifier: MIT */
/*
 * json_group.c - the group stage in JSON: the plan document's `groups`
 * section (with each workload's `group`), and the document `samlok
 * partition` writes.
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

static json_t *capacity_json(const sl_model *m, const sl_wave_capacity *c)
{
    json_t *o = json_object();
    bool ok = o && sl_json_set(o, "agency", json_string(m->agencies[c->agency].id)) &&
              sl_json_set(o, "site", json_string(m->sites[c->site].id)) &&
              sl_json_set(o, "servers", json_real(c->servers)) &&
              sl_json_set(o, "effort_hours", json_real(c->effort_hours)) &&
              sl_json_set(o, "transfer_tb", json_real(c->transfer_tb)) &&
              sl_json_set(o, "rtt_ms", json_real(c->rtt_ms));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *group_json(const sl_model *m, const sl_group *g)
{
    json_t *o = json_object();
    json_t *ws = json_array();
    bool ok = o && ws;
    for (size_t i = 0; ok && i < g->n_workloads; i++)
        ok = sl_json_push(ws, json_string(m->workloads[g->workloads[i]].id));
    ok = ok && sl_json_set(o, "id", json_integer((json_int_t)g->id)) &&
         sl_json_set(o, "agency", json_string(m->agencies[g->agency].id)) &&
         sl_json_set(o, "site", json_string(m->sites[g->site].id));
    json_t *w = ws;
    ws = NULL;
    ok = ok ? sl_json_set(o, "workloads", w) : (json_decref(w), false);
    ok = ok && sl_json_set(o, "cut_mbps", json_real(g->cut_mbps)) &&
         sl_json_set(o, "effort_hours", json_real(g->effort_hours)) &&
         sl_json_set(o, "transfer_tb", json_real(g->transfer_tb)) &&
         sl_json_set(o, "min_tier", json_integer(g->min_tier)) &&
         sl_json_set(o, "shared_service", json_boolean(g->is_shared_service)) &&
         sl_json_set(o, "over_capacity", json_boolean(g->is_over_capacity));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The hard edges cut to fit clusters into windows, heaviest first, with
 * how long each crosses the WAN (null: one side is not scheduled). */
static json_t *cut_flows_json(const sl_plan *p)
{
    const sl_grouping *gr = p->grouping;
    const sl_model *m = p->model;
    json_t *a = json_array();
    for (size_t i = 0; a && i < gr->n_cut_flows; i++) {
        const sl_cut_flow *f = &gr->cut_flows[i];
        double weeks = sl_plan_weeks_apart(p, f->group_a, f->group_b);
        json_t *o = json_object();
        bool ok = o && sl_json_set(o, "src", json_string(m->workloads[f->a].id)) &&
                  sl_json_set(o, "dst", json_string(m->workloads[f->b].id)) &&
                  sl_json_set(o, "mbps", json_real(f->mbps)) &&
                  sl_json_set(o, "src_group", json_integer((json_int_t)f->group_a)) &&
                  sl_json_set(o, "dst_group", json_integer((json_int_t)f->group_b)) &&
                  sl_json_set(o, "weeks_across_wan", isnan(weeks) ? json_null() : json_real(weeks));
        if (!ok || !sl_json_push(a, o)) {
            if (!ok)
                json_decref(o);
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* The workloads too large for any window (each its own group). */
static json_t *over_capacity_json(const sl_plan *p)
{
    const sl_grouping *gr = p->grouping;
    json_t *a = json_array();
    for (size_t i = 0; a && i < gr->n_groups; i++) {
        const sl_group *g = &gr->groups[i];
        for (size_t j = 0; g->is_over_capacity && j < g->n_workloads; j++)
            if (!sl_json_push(a, json_string(p->model->workloads[g->workloads[j]].id))) {
                json_decref(a);
                return NULL;
            }
    }
    return a;
}

bool sl_json_groups(json_t *root, const sl_plan *p)
{
    const sl_grouping *gr = p->grouping;
    const sl_model *m = p->model;
    if (!gr)
        return true;
    json_t *summary = json_object();
    json_t *caps = json_array();
    bool ok = summary && caps &&
              sl_json_set(summary, "hub_degree", json_real(gr->hub_degree)) &&
              sl_json_set(summary, "shared_service_workloads", json_integer((json_int_t)gr->n_shared)) &&
              sl_json_set(summary, "edges", json_integer((json_int_t)gr->n_edges)) &&
              sl_json_set(summary, "hard_edges", json_integer((json_int_t)gr->n_hard_edges)) &&
              sl_json_set(summary, "hard_edges_cut", json_integer((json_int_t)gr->n_hard_cut)) &&
              sl_json_set(summary, "split_components", json_integer((json_int_t)gr->n_split)) &&
              sl_json_set(summary, "cut_mbps", json_real(gr->total_cut_mbps)) &&
              sl_json_set(summary, "cut_clusters", json_integer((json_int_t)gr->n_cut_clusters)) &&
              sl_json_set(summary, "cut_flows_mbps", json_real(gr->cut_flows_mbps)) &&
              sl_json_set(summary, "cut_flows", cut_flows_json(p)) &&
              sl_json_set(summary, "over_capacity_workloads", over_capacity_json(p));
    for (size_t i = 0; ok && i < gr->n_capacities; i++)
        ok = sl_json_push(caps, capacity_json(m, &gr->capacities[i]));
    json_t *c = caps;
    caps = NULL;
    ok = ok ? sl_json_set(summary, "window_capacity", c) : (json_decref(c), false);
    json_t *s = summary;
    summary = NULL;
    ok = ok ? sl_json_set(root, "grouping", s) : (json_decref(s), false);
    json_t *groups = json_array();
    ok = ok && sl_json_set(root, "groups", groups);
    for (size_t i = 0; ok && i < gr->n_groups; i++)
        ok = sl_json_push(groups, group_json(m, &gr->groups[i]));
    /* each workload names its group */
    json_t *workloads = json_object_get(root, "workloads");
    for (size_t i = 0; ok && workloads && i < json_array_size(workloads) && i < gr->n_workloads;
         i++) {
        sl_index g = gr->group_of[i];
        ok = sl_json_set(json_array_get(workloads, i), "group",
                         g == SL_NONE ? json_null() : json_integer((json_int_t)g));
    }
    return ok;
}
