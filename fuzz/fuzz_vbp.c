/* SPDX-License-Identifier: MIT */
/*
 * fuzz_vbp.c - the .vbp reader (`samlok pack`), and the expansion of its
 * item types into a pack problem. A read that succeeds must carry no
 * error and agree with itself (demands sum to n_items, every size within
 * the capacity's range); a failed one returns nothing and says on which
 * line.
 */
#include "fuzz.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_diag *d = fuzz_diag(size);
    if (!d)
        return 0;
    sl_vbp *v = NULL;
    int rc = sl_vbp_read(&v, "fuzz.vbp", (const char *)data, size, d);
    if (rc == 0) {
        if (!v || sl_diag_errors(d))
            abort();
        int64_t total = 0;
        for (size_t t = 0; t < v->n_types; t++) {
            if (v->demand[t] < 0)
                abort();
            total += v->demand[t];
        }
        if ((size_t)total != v->n_items || v->n_items > SL_VBP_MAX_ITEMS)
            abort();
        /* expanding is linear in the copies: keep each run quick */
        sl_pack_problem p;
        if (v->n_items <= 100000 && sl_vbp_problem(&p, v) == 0 && p.n_items != v->n_items)
            abort();
    } else {
        if (v || sl_diag_errors(d) == 0)
            abort();
        if (!fuzz_is_container((const char *)data, size))
            fuzz_errors_have_lines(d);
    }
    sl_vbp_free(v);
    sl_diag_free(d);
    return 0;
}
