/* SPDX-License-Identifier: MIT */
/*
 * coarsen.c - partition-preserving V-cycles: the "iterated multilevel"
 * refinement of Walshaw ("Multilevel refinement for combinatorial
 * optimisation problems", Annals of OR 2004) as used by KaFFPa (Sanders
 * and Schulz, ESA 2011).
 *
 * Method: contract a matching that never pairs vertices of different
 * parts, so the partition carries over to every coarser graph unchanged
 * (same cut, same part weights); repeat until the graph stops shrinking;
 * then project back level by level and run k-way FM (refine.c) on each.
 * Moving one coarse vertex moves a whole cluster, which lets FM climb out
 * of local minima a fine-level pass cannot leave. Matching: vertices in
 * random order, each paired with the unmatched same-part neighbour of
 * highest rating w(u,v)^2 / (c(u) c(v)) ("expansion*2", Holtgrewe, Sanders,
 * Schulz, IPDPS 2010), with coarse vertex weights capped so that clusters
 * stay small next to the balance limit.
 *
 * Invariants: a V-cycle never returns a worse cut and never breaks the
 * balance limits. Cost: O(m) per level, about log(n) levels.
 */
#include "group/partition.h"

#include <string.h>

static double weight_sum(const pt_graph *g, int32_t v)
{
    double s = 1;
    for (int32_t i = 0; i < g->ncon; i++)
        s += g->vwgt[(size_t)v * g->ncon + i];
    return s;
}

/* Contracts a same-part matching of g into cg; cmap[v] = coarse vertex. */
static int contract(pt_ctx *c, const pt_graph *g, const int32_t *part, const int32_t *other,
                    const int64_t *max_vw, pt_graph *cg, int32_t *cmap, int32_t **cpart,
                    int32_t **cother)
{
    int32_t n = g->n, ncon = g->ncon;
    int32_t *match = c->scratch;
    int32_t *perm = sl_malloc((size_t)n * sizeof *perm);
    if (!perm)
        return SL_ENOMEM;
    for (int32_t v = 0; v < n; v++) {
        match[v] = -1;
        perm[v] = v;
    }
    for (int32_t i = n - 1; i > 0; i--) {
        int32_t j = (int32_t)sl_rng_below(&c->rng, (uint32_t)i + 1);
        int32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (int32_t i = 0; i < n; i++) {
        int32_t v = perm[i];
        if (match[v] >= 0)
            continue;
        int32_t best = -1;
        double best_r = 0, wv = weight_sum(g, v);
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
            int32_t u = g->adjncy[e];
            if (match[u] >= 0 || (part && part[u] != part[v]) || (other && other[u] != other[v]))
                continue;
            bool small = true;
            for (int32_t k = 0; k < ncon && small; k++)
                small = (int64_t)g->vwgt[(size_t)u * ncon + k] + g->vwgt[(size_t)v * ncon + k] <=
                        max_vw[k];
            if (!small)
                continue;
            double w = g->adjwgt[e];
            double r = w * w / (wv * weight_sum(g, u));
            if (best < 0 || r > best_r) {
                best = u;
                best_r = r;
            }
        }
        match[v] = best >= 0 ? best : v;
        if (best >= 0)
            match[best] = v;
    }
    int32_t cn = 0;
    for (int32_t v = 0; v < n; v++)
        cmap[v] = -1;
    for (int32_t v = 0; v < n; v++) {
        if (cmap[v] >= 0)
            continue;
        cmap[v] = cn;
        cmap[match[v]] = cn;
        perm[cn] = v; /* the first member of each coarse vertex */
        cn++;
    }
    int32_t m = g->xadj[n];
    /* one block: xadj, vwgt, adjncy, adjwgt, part, other */
    size_t ints = (size_t)cn + 1 + (size_t)cn * ncon + 2 * (size_t)m + 2 * (size_t)cn;
    int32_t *block = sl_malloc(ints * sizeof *block);
    int32_t *mark = sl_malloc((size_t)cn * sizeof *mark);
    if (!block || !mark) {
        sl_free(block);
        sl_free(mark);
        sl_free(perm);
        return SL_ENOMEM;
    }
    int32_t *cxadj = block, *cvwgt = cxadj + cn + 1, *cadj = cvwgt + (size_t)cn * ncon;
    int32_t *cwgt = cadj + m, *cp = cwgt + m, *co = cp + cn;
    for (int32_t i = 0; i < cn; i++)
        mark[i] = -1;
    int32_t ne = 0;
    cxadj[0] = 0;
    for (int32_t cv = 0; cv < cn; cv++) {
        int32_t v = perm[cv], u = match[v];
        cp[cv] = part ? part[v] : 0;
        co[cv] = other ? other[v] : 0;
        for (int32_t k = 0; k < ncon; k++)
            cvwgt[(size_t)cv * ncon + k] =
                g->vwgt[(size_t)v * ncon + k] + (u != v ? g->vwgt[(size_t)u * ncon + k] : 0);
        int32_t start = ne;
        for (int pass = 0; pass < (u != v ? 2 : 1); pass++) {
            int32_t x = pass ? u : v;
            for (int32_t e = g->xadj[x]; e < g->xadj[x + 1]; e++) {
                int32_t cu = cmap[g->adjncy[e]];
                if (cu == cv)
                    continue;
                if (mark[cu] >= start) {
                    cwgt[mark[cu]] += g->adjwgt[e];
                } else {
                    mark[cu] = ne;
                    cadj[ne] = cu;
                    cwgt[ne] = g->adjwgt[e];
                    ne++;
                }
            }
        }
        cxadj[cv + 1] = ne;
    }
    sl_free(mark);
    sl_free(perm);
    cg->n = cn;
    cg->ncon = ncon;
    cg->xadj = cxadj;
    cg->vwgt = cvwgt;
    cg->adjncy = cadj;
    cg->adjwgt = cwgt;
    cg->own = block;
    *cpart = cp;
    *cother = other ? co : NULL;
    return 0;
}

int pt_coarsen(pt_ctx *c, const pt_graph *g, const int32_t *part, const int32_t *other,
               int32_t stop_n, pt_level *lv, int *n_lv)
{
    *n_lv = 0;
    int64_t max_vw[SL_GRAPH_MAX_CONSTRAINTS];
    for (int32_t i = 0; i < g->ncon; i++) {
        max_vw[i] = c->limit[i] / c->cluster_div;
        if (max_vw[i] < 1)
            max_vw[i] = 1;
    }
    const pt_graph *fine = g;
    const int32_t *fine_part = part, *fine_other = other;
    while (*n_lv < PT_MAX_LEVELS && fine->n > stop_n) {
        pt_level *L = &lv[*n_lv];
        memset(L, 0, sizeof *L);
        L->cmap = sl_malloc(((size_t)fine->n + 1) * sizeof *L->cmap);
        if (!L->cmap)
            return SL_ENOMEM;
        int rc = contract(c, fine, fine_part, fine_other, max_vw, &L->g, L->cmap, &L->part,
                          &L->other);
        if (rc) {
            sl_free(L->cmap);
            return rc;
        }
        (*n_lv)++;
        bool shrunk = L->g.n < fine->n - fine->n / 20;
        fine = &L->g;
        fine_part = L->part;
        fine_other = L->other;
        if (!shrunk)
            break;
    }
    return 0;
}

void pt_levels_free(pt_level *lv, int n_lv)
{
    for (int i = 0; i < n_lv; i++) {
        sl_free(lv[i].cmap);
        pt_graph_free(&lv[i].g);
    }
}

void pt_uncoarsen(pt_ctx *c, const pt_graph *g, pt_level *lv, int n_lv, int32_t *part,
                  int64_t *pw, int64_t *cut, bool relax)
{
    for (int i = n_lv - 1; i >= 0; i--) {
        pt_level *L = &lv[i];
        if (relax) {
            pt_ctx_relax(c, &L->g);
            pt_balance(c, &L->g, L->part, pw, cut);
        }
        pt_refine(c, &L->g, L->part, pw, cut);
        const pt_graph *up = i > 0 ? &lv[i - 1].g : g;
        int32_t *up_part = i > 0 ? lv[i - 1].part : part;
        for (int32_t v = 0; v < up->n; v++)
            up_part[v] = L->part[L->cmap[v]];
    }
    if (relax) {
        pt_ctx_exact(c);
        pt_balance(c, g, part, pw, cut);
    }
    pt_refine(c, g, part, pw, cut);
}

int pt_vcycle(pt_ctx *c, const pt_graph *g, int32_t *part, int64_t *pw, int64_t *cut,
              const int32_t *other)
{
    pt_level lv[PT_MAX_LEVELS];
    int n_lv = 0;
    int32_t stop = 2 * c->k > 64 ? 2 * c->k : 64;
    int rc = pt_coarsen(c, g, part, other, stop, lv, &n_lv);
    /* combining: start from the second parent when it is the better one
     * (both partitions live on the coarsest graph unchanged) */
    if (rc == 0 && other && n_lv > 0) {
        pt_level *L = &lv[n_lv - 1];
        int64_t *opw = sl_malloc((size_t)c->k * c->ncon * sizeof *opw);
        if (!opw) {
            rc = SL_ENOMEM;
        } else {
            pt_part_weights(&L->g, L->other, c->k, opw);
            int64_t ocut = pt_cut(&L->g, L->other);
            if (ocut < *cut && pt_is_balanced(c, opw)) {
                memcpy(L->part, L->other, (size_t)L->g.n * sizeof *L->part);
                memcpy(pw, opw, (size_t)c->k * c->ncon * sizeof *opw);
                *cut = ocut;
            }
            sl_free(opw);
        }
    }
    if (rc == 0)
        pt_uncoarsen(c, g, lv, n_lv, part, pw, cut, false);
    pt_levels_free(lv, n_lv);
    return rc;
}
