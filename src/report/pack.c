/* SPDX-License-Identifier: MIT */
/*
 * pack.c - the result of `samlok pack` for a .vbp instance, as a
 * short text or as JSON.
 *
 * The JSON is written by hand rather than through jansson: its bulk is
 * the assignment, one short array per item type, and one line per type
 * keeps a 10,000-item answer readable and diffable. Keys in a fixed
 * order; nothing in it depends on the machine or the clock. A bound that
 * was not computed (the packing met a cheaper one first, or the instance
 * is too large for it) is null, or "-" in the text.
 */
#include "core/core.h"

static void put_bound(FILE *out, size_t v)
{
    if (v)
        fprintf(out, "%zu", v);
    else
        fputs("null", out);
}

int sl_write_pack_json(FILE *out, const sl_vbp *v, const sl_packing *pk)
{
    fprintf(out, "{\n  \"samlok\": %d,\n", SL_FORMAT_VERSION);
    fprintf(out, "  \"dims\": %zu,\n  \"types\": %zu,\n  \"items\": %zu,\n", v->n_dims,
            v->n_types, v->n_items);
    fprintf(out, "  \"bins\": %zu,\n  \"lower_bound\": %zu,\n  \"gap\": %zu,\n", pk->n_bins,
            pk->lower_bound, pk->n_bins - SL_MIN(pk->n_bins, pk->lower_bound));
    fprintf(out, "  \"bounds\": {\"l1\": %zu, \"l2\": %zu, \"clique\": ", pk->lb_l1, pk->lb_l2);
    put_bound(out, pk->lb_clique);
    fputs(", \"arcflow\": ", out);
    put_bound(out, pk->lb_arcflow);
    fprintf(out, "},\n  \"ffd_bins\": %zu,\n", pk->n_bins_ffd);
    fprintf(out, "  \"start\": {\"method\": \"%s\", \"bins\": %zu},\n", pk->start,
            pk->n_bins_start);
    fputs("  \"assignment\": [", out);
    size_t i = 0;
    for (size_t t = 0; t < v->n_types; t++) {
        fputs(t ? ",\n    [" : "\n    [", out);
        for (int64_t c = 0; c < v->demand[t]; c++, i++)
            fprintf(out, c ? ", %u" : "%u", pk->bin_of[i]);
        fputc(']', out);
    }
    fputs(v->n_types ? "\n  ]\n}\n" : "]\n}\n", out);
    return ferror(out) ? SL_EIO : 0;
}

int sl_write_pack_text(FILE *out, const sl_vbp *v, const sl_packing *pk)
{
    size_t gap = pk->n_bins - SL_MIN(pk->n_bins, pk->lower_bound);
    fprintf(out, "items        %zu in %zu types, %zu dimensions\n", v->n_items, v->n_types,
            v->n_dims);
    fprintf(out, "bins         %zu\n", pk->n_bins);
    fprintf(out, "lower bound  %zu (L1 %zu, L2 %zu, clique ", pk->lower_bound, pk->lb_l1,
            pk->lb_l2);
    if (pk->lb_clique)
        fprintf(out, "%zu", pk->lb_clique);
    else
        fputs("-", out);
    if (pk->lb_arcflow)
        fprintf(out, ", arc-flow %zu)\n", pk->lb_arcflow);
    else
        fputs(", arc-flow -)\n", out);
    fprintf(out, "gap          %zu bin%s%s\n", gap, gap == 1 ? "" : "s",
            gap ? "" : ": optimal");
    fprintf(out, "start        %s, %zu bins (plain FFD %zu)\n", pk->start, pk->n_bins_start,
            pk->n_bins_ffd);
    return ferror(out) ? SL_EIO : 0;
}
