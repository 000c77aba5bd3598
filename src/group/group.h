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

/* The dimensions a window caps, as the splitter sees them: which of the
 * GRP_DIMS (0 servers, 1 staff hours, 2 TB to copy) have a cap, the
 * integer unit of each (1 server, 0.01 h, 1 GB, coarser when totals would
 * pass 2^30) and the cap in those units, rounded down; demands round up,
 * so an integer fit is a real fit. */
#define GRP_DIMS 3
typedef struct grp_dims {
    int n;
    int which[GRP_DIMS];
    double unit[GRP_DIMS];
    int64_t cap[GRP_DIMS];
} grp_dims;

/* The capped dimensions of window capacity cap, for demands that total
 * `total` (per dimension, GRP_DIMS). */
void grp_dims_init(grp_dims *dm, const sl_wave_capacity *cap, const double *total);
/* A demand (GRP_DIMS values) in units, rounded up, into w (dm->n values). */
void grp_dims_weigh(const grp_dims *dm, const double *demand, int32_t *w);
/* The fewest parts total (GRP_DIMS values) needs, at most n. */
int32_t grp_dims_k_min(const grp_dims *dm, const double *total, int32_t n);

/* Splits g (one weight per capped dimension) into parts that each weigh
 * at most cap[d] in every dimension d, minimising the cut (split.c).
 * k_min: the fewest parts the totals allow. parts[v] gets each vertex's
 * part, *k_out the number of parts (some may be empty). Every vertex must
 * fit the caps alone. seeds: METIS runs on a small graph. */
int grp_split(int32_t *parts, int32_t *k_out, const sl_graph *g, const int64_t *cap,
              int32_t k_min, int seeds, uint64_t seed);

/* Cuts a cluster of hard edges too large for a window into pieces that
 * fit it, minimising the traffic of the hard edges cut (hard.c).
 * members[0..n): its workloads; demand: GRP_DIMS values per member (1
 * server, staff hours, TB); piece[i] gets member i's piece, numbered from
 * 0 in order of first member, *n_pieces their number. A member too large
 * for the window alone is a piece of its own. local: one entry per
 * workload, UINT32_MAX on entry and on return. */
int grp_split_cluster(uint32_t *piece, uint32_t *n_pieces, const grp_graph *g,
                      const uint32_t *members, uint32_t n, const double *demand,
                      const sl_wave_capacity *cap, uint32_t *local, int seeds, uint64_t seed);

/* sl_group_run, with the grouping of an earlier run on a model of the
 * same workloads (base, or NULL): every origin whose inputs are the
 * base's (its movable workloads, their shared-service marks, hours, TB
 * and flows among them, its window capacity, the seed: compared by
 * fingerprint) keeps the base's groups, and only the others are grouped
 * again. The result is the one sl_group_run gives, byte for byte
 * (group.c, "Regrouping"). */
int sl_group_run_from(sl_grouping **out, const sl_model *m, const sl_group_options *o,
                      const sl_grouping *base, sl_diag *d);

#endif
