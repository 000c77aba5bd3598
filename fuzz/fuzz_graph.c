/* SPDX-License-Identifier: MIT */
/*
 * fuzz_graph.c - the METIS graph reader (`samlok partition`). A graph read
 * without error keeps the reader's promises (offsets rise, neighbours in
 * range, no self-loops, every edge listed by both ends with one weight);
 * a small one is then split in two, which must give every vertex a part.
 * A failed read returns nothing and says on which line.
 */
#include "fuzz.h"

#include <stdlib.h>

static void check_graph(const sl_graph *g)
{
    int32_t n = g->n_vertices;
    if (n < 0 || g->xadj[0] != 0 || g->n_constraints < 1 ||
        g->n_constraints > SL_GRAPH_MAX_CONSTRAINTS)
        abort();
    for (int32_t v = 0; v < n; v++) {
        if (g->xadj[v + 1] < g->xadj[v])
            abort();
        for (int32_t e = g->xadj[v]; e < g->xadj[v + 1]; e++) {
            int32_t u = g->adjncy[e];
            if (u < 0 || u >= n || u == v)
                abort();
            int32_t w = g->adjwgt ? g->adjwgt[e] : 1;
            bool back = false;
            for (int32_t f = g->xadj[u]; f < g->xadj[u + 1] && !back; f++)
                back = g->adjncy[f] == v && (g->adjwgt ? g->adjwgt[f] : 1) == w;
            if (!back || w < 1)
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_diag *d = fuzz_diag(size);
    if (!d)
        return 0;
    sl_graph *g = NULL;
    int rc = sl_graph_read(&g, "fuzz.graph", (const char *)data, size, d);
    if (rc == 0) {
        if (!g || sl_diag_errors(d))
            abort();
        check_graph(g);
        if (g->n_vertices <= 200 && g->xadj[g->n_vertices] <= 2000) {
            sl_partition_options o = SL_PARTITION_OPTIONS_INIT;
            o.seeds = 1;
            sl_partition *p = NULL;
            if (sl_partition_run(&p, g, &o, d) == 0) {
                for (int32_t v = 0; v < g->n_vertices; v++)
                    if (p->parts[v] < 0 || p->parts[v] >= o.k)
                        abort();
            }
            sl_partition_free(p);
        }
    } else {
        if (g || (rc == SL_EINPUT && sl_diag_errors(d) == 0))
            abort();
        fuzz_errors_have_lines(d);
    }
    sl_graph_free(g);
    sl_diag_free(d);
    return 0;
}
