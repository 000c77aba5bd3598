/* SPDX-License-Identifier: MIT */
/*
 * pack.h - private parts of the vector bin packing engine (place/pack*.c,
 * place/bounds.c, place/arcflow.c): the working instance, a packing under
 * construction, and the pieces the driver in pack.c strings together.
 *
 * Sizes are int64 so "fits" is exact; scores (which item first, which move
 * is better) use sizes normalised by the capacity, as doubles. Every loop
 * runs in index order and every tie is broken by the lower index, so the
 * result is a pure function of the input.
 */
#ifndef SL_PLACE_PACK_H
#define SL_PLACE_PACK_H

#include "core/core.h"

/* The instance as the engine sees it, items in the caller's order. */
typedef struct pk_inst {
    size_t n, d;
    const int64_t *cap;     /* d */
    const int64_t *size;    /* n x d */
    const uint32_t *group;  /* n; SL_NONE = no conflict group; NULL = none at all */
    double *norm;           /* n x d: size / capacity */
    double *w;              /* n: sum over dimensions of norm */
    bool has_groups;
    bool has_negative;      /* some size < 0: only L1 is a valid bound */
} pk_inst;

#define PK_SIZE(in, i) ((in)->size + (size_t)(i) * (in)->d)

/* A packing being built or improved. Bins hold doubly linked item lists so
 * moves are O(1); loads are exact. */
typedef struct pk_sol {
    const pk_inst *in;
    size_t n_bins, cap_bins;
    uint32_t *bin_of; /* n; SL_NONE = not packed */
    int64_t *load;    /* cap_bins x d */
    uint32_t *count;  /* cap_bins */
    uint32_t *head;   /* cap_bins: first item or SL_NONE */
    uint32_t *next, *prev; /* n */
} pk_sol;

#define PK_LOAD(s, b) ((s)->load + (size_t)(b) * (s)->in->d)

int pk_inst_init(pk_inst *in, const sl_pack_problem *p);
void pk_inst_done(pk_inst *in);

int pk_sol_init(pk_sol *s, const pk_inst *in);
void pk_sol_done(pk_sol *s);
void pk_sol_clear(pk_sol *s);
/* Copies src into dst (same instance); SL_ENOMEM when dst cannot grow. */
int pk_sol_copy(pk_sol *dst, const pk_sol *src);
/* Appends an empty bin; returns its index or SL_NONE when out of memory. */
uint32_t pk_sol_open(pk_sol *s);
void pk_sol_put(pk_sol *s, uint32_t item, uint32_t bin);
void pk_sol_take(pk_sol *s, uint32_t item);
/* Removes empty bins, renumbering the others in order. */
void pk_sol_compact(pk_sol *s);
/* Renumbers bins by their lowest item index, so equal packings print
 * equal. */
int pk_sol_canonical(pk_sol *s);

/* True when b holds an item of group g other than the items in skip[0..n_skip). */
bool pk_bin_has_group(const pk_sol *s, uint32_t b, uint32_t g, const uint32_t *skip,
                      size_t n_skip);

/* True when item fits into bin b: capacity and conflict groups. Inline:
 * the constructions call it for every (item, bin) pair they try. */
static inline bool pk_fits(const pk_sol *s, uint32_t item, uint32_t b)
{
    const pk_inst *in = s->in;
    const int64_t *load = PK_LOAD(s, b);
    const int64_t *sz = PK_SIZE(in, item);
    for (size_t k = 0; k < in->d; k++)
        if (load[k] + sz[k] > in->cap[k])
            return false;
    if (in->has_groups && in->group[item] != SL_NONE &&
        pk_bin_has_group(s, b, in->group[item], NULL, 0))
        return false;
    return true;
}

/* ---- construction (pack_construct.c) -------------------------------- */

typedef enum {
    PK_FFD_L1 = 0,  /* first fit, items by decreasing sum of normalised sizes */
    PK_FFD_L2,      /* ... by decreasing Euclidean norm */
    PK_BC_DOT,      /* bin-centric, dot product with dynamic average weights */
    PK_EXACT,       /* exactly full pairs and triples first, then FFD-L2 */
    PK_N_CONSTRUCT
} pk_construct;

/* True when the items' total is exactly m bins in every dimension, for one
 * m: then an optimal packing with m bins fills every bin exactly, and
 * PK_EXACT is worth its O(n^2) time. */
bool pk_is_exact_total(const pk_inst *in);

extern const char *const pk_construct_names[PK_N_CONSTRUCT];

/* Packs every item with one heuristic into an empty s. */
int pk_construct_run(pk_sol *s, pk_construct how);

/* ---- local search (pack_search.c) ------------------------------------- */

typedef struct pk_budget {
    uint64_t work;  /* basic steps spent */
    uint64_t limit; /* stop when work reaches it */
} pk_budget;

/* Tries to lower the number of bins of s towards lb within the budget;
 * s always stays a complete, feasible packing. */
int pk_search_run(pk_sol *s, size_t lb, pk_budget *budget, uint64_t seed);

/* ---- lower bounds (bounds.c) ------------------------------------------- */

typedef struct pk_bounds {
    size_t l1, l2, clique;
} pk_bounds;

/* L1 and L2 always; the clique bound (the costly one) when asked. */
int pk_bounds_compute(pk_bounds *out, const pk_inst *in, bool with_clique);

/* ---- arc-flow LP bound (arcflow.c) --------------------------------------- */

/* The LP relaxation of the arc-flow model (Valerio de Carvalho 1999;
 * Brandao & Pedroso 2016 for vectors), rounded up; 0 in *out when the
 * instance is too large for it. */
int pk_arcflow_bound(size_t *out, const pk_inst *in, size_t max_types, size_t max_items,
                     size_t max_nodes, size_t max_arcs);
/* The same model solved as a MIP by GLPK's branch and bound, stopped
 * after node_limit nodes or at a packing with `target` bins, and not
 * started when the LP bound already reaches `upper` (the bins of the
 * packing in hand): *out gets the packing (n_bins 0 when none was found),
 * *bound the LP bound (0 when not computed). Instances with conflict
 * groups are left alone. */
int pk_arcflow_pack(pk_sol *out, size_t *bound, const pk_inst *in, size_t max_types,
                    size_t max_nodes, size_t max_arcs, long node_limit, size_t target,
                    size_t upper);

#endif
