/* SPDX-License-Identifier: MIT */
/*
 * partition.h - the pieces of the k-way partitioner shared between
 * partition.c (METIS runs, orchestration), refine.c (k-way FM and balance
 * repair) and coarsen.c (partition-preserving V-cycles). The group stage
 * reaches them only through sl_partition_run.
 */
#ifndef SL_GROUP_PARTITION_H
#define SL_GROUP_PARTITION_H

#include "core/core.h"

/* A working graph: like sl_graph, but every weight array is present. The
 * arrays are borrowed or live in `own` (freed with pt_graph_free). */
typedef struct pt_graph {
    int32_t n, ncon;
    const int32_t *xadj, *adjncy, *adjwgt, *vwgt; /* vwgt: n * ncon */
    void *own;
} pt_graph;

void pt_graph_free(pt_graph *g);

/* What refinement needs: the balance limits and scratch arrays sized for
 * the finest graph, reused at every level. */
typedef struct pt_ctx {
    int32_t k, ncon;
    int64_t limit[SL_GRAPH_MAX_CONSTRAINTS];
    sl_rng rng;
    int32_t n_max;   /* scratch sized for this many vertices */
    int64_t *conn;   /* k: connectivity of one vertex to each part */
    int32_t *touched;
    int32_t *heap, *pos; /* addressable max-heap of vertices */
    int64_t *key;
    uint32_t *tie;   /* random tie-breaks, per pass */
    int32_t *moves, *from;
    uint8_t *locked;
    int32_t *scratch; /* n_max ints for coarsening */
    /* parts by load (the fullest constraint's share of its limit), least
     * first, for the balance repair: a binary min-heap on (load, index) */
    int32_t *lheap, *lpos;
    double *lkey;
    int64_t exact[SL_GRAPH_MAX_CONSTRAINTS]; /* the true limits, when relaxed */
    /* effort */
    int fm_passes;       /* global FM passes per level */
    int local_rounds;    /* multi-try FM rounds per level */
    int32_t local_stall; /* moves without improvement before a search stops */
    uint32_t local_work; /* multi-try FM's budget a round, per adjacency entry */
    int32_t cluster_div; /* coarse vertices weigh at most limit / this */
    uint64_t work;       /* adjacency entries scanned, for work budgets */
    /* SL_ENOMEM once a step that returns nothing could not allocate: the
     * run then fails, since skipping the step would give another
     * partition than the same input gives otherwise */
    int rc;
} pt_ctx;

int pt_ctx_init(pt_ctx *c, int32_t n_max, int32_t k, int32_t ncon, const int64_t *limit,
                uint64_t seed);
void pt_ctx_free(pt_ctx *c);

int64_t pt_cut(const pt_graph *g, const int32_t *part);
/* pw[p * ncon + c] = weight of part p in constraint c. */
void pt_part_weights(const pt_graph *g, const int32_t *part, int32_t k, int64_t *pw);
bool pt_is_balanced(const pt_ctx *c, const int64_t *pw);

/* Moves vertices out of overweight parts at the least cut increase until
 * every part is within its limit. Returns true on success. */
bool pt_balance(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut);
/* k-way Fiduccia-Mattheyses passes that keep every part within its limit;
 * never returns a worse cut. */
void pt_fm(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut,
           int max_passes);
/* Rounds of many small FM searches, each from one boundary vertex. */
void pt_fm_local(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut,
                 int rounds, int32_t stall);
/* Global FM, then multi-try FM, with the context's effort. */
void pt_refine(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut);
/* Coarse levels: limit = exact limit + the heaviest vertex of g, so that
 * clustered weights can be balanced at all; exact: back to the limit. */
void pt_ctx_relax(pt_ctx *c, const pt_graph *g);
void pt_ctx_exact(pt_ctx *c);

/* A coarser graph, the map onto it from the next finer one, and the
 * partitions carried along (part, other: NULL when not preserved). */
#define PT_MAX_LEVELS 48
typedef struct pt_level {
    pt_graph g;
    int32_t *cmap;
    int32_t *part;
    int32_t *other;
} pt_level;

/* Contracts matchings until at most stop_n vertices remain or the graph
 * stops shrinking. With part (and other) given, no two vertices of
 * different parts are merged. lv must hold PT_MAX_LEVELS. */
int pt_coarsen(pt_ctx *c, const pt_graph *g, const int32_t *part, const int32_t *other,
               int32_t stop_n, pt_level *lv, int *n_lv);
void pt_levels_free(pt_level *lv, int n_lv);
/* Projects lv[n_lv-1].part up to part on g, refining on every level; with
 * relax, coarse levels use relaxed limits and every level is repaired. */
void pt_uncoarsen(pt_ctx *c, const pt_graph *g, pt_level *lv, int n_lv, int32_t *part,
                  int64_t *pw, int64_t *cut, bool relax);
/* One V-cycle: coarsen without crossing parts, refine on the way up.
 * With other (a second partition, may be NULL) it is KaFFPaE's combine:
 * the matching respects both partitions and the better one starts. */
int pt_vcycle(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut,
              const int32_t *other);

/* FM and multi-try FM on a partition of g into k parts under hard caps
 * (one per constraint): never a worse cut, never a part newly over a cap.
 * For the group stage's splitter (split.c), after it evicted vertices. */
int pt_refine_caps(const sl_graph *g, const int64_t *cap, int32_t *parts, int32_t k,
                   uint64_t seed);

#endif
