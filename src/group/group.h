/* SPDX-License-Identifier: MIT */
/*
 * group.h - the group stage's private parts: the dependency graph between
 * workloads (graph.c), built from the model's flows, which group.c turns
 * into move groups.
 */
#ifndef SL_GROUP_GROUP_H
#define SL_GROUP_GROUP_H

#include "core/core.h"

/* Flows naming two applications with more workload pairs than this are
 * spread over max(|A|, |B|) pairs instead of every pair. */
#define GRP_APP_PAIR_LIMIT 256

/* Below this RTT a flow's traffic threshold applies as given; above it
 * the threshold falls as 1/RTT (docs/GROUPING.md). */
#define GRP_REFERENCE_RTT_MS 10.0

/* Workload-to-workload traffic, both directions stored, parallel flows
 * merged: the neighbours of w are adj[xadj[w] .. xadj[w+1]). */
typedef struct grp_graph {
    size_t n;
    size_t *xadj;
    uint32_t *adj;
    double *mbps;  /* per entry: traffic between the two, both directions summed */
    uint8_t *hard; /* per entry: must move together */
    size_t n_edges, n_hard; /* distinct pairs */
} grp_graph;

/* Builds the graph. site_rtt_ms[s] is the likely RTT from site s to the
 * target (0 = unknown); it scales the traffic threshold for hard edges. */
int grp_graph_build(grp_graph *g, const sl_model *m, const double *site_rtt_ms);
void grp_graph_free(grp_graph *g);

/* Union-find with path halving; unions keep the smaller index as root,
 * so the result does not depend on the order of unions. */
uint32_t grp_find(uint32_t *parent, uint32_t x);
void grp_union(uint32_t *parent, uint32_t a, uint32_t b);

#endif
