/* SPDX-License-Identifier: MIT */
/*
 * json_group.c - the group stage in JSON: the plan document's `groups`
 * section (with each workload's `group`), and the document `samlok
 * partition` writes.
 *
 * The partition document is written by hand rather than through jansson:
 * its `parts` array has one number per vertex and belongs on one line.
 */
#include "io/json.h"

#include <inttypes.h>

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
