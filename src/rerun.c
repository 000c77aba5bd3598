/* SPDX-License-Identifier: MIT */
/*
 * rerun.c - plans a scenario again with more overrides (rerun.h): a
 * change judged by the whole pipeline, as explain.c's search and
 * review.c's checks need. The scenario is loaded afresh, so a change
 * reaches every stage as if it had been written in the file; the stages
 * it cannot change are the base plan's when po->reuse_from gives one
 * (reuse.c), and so are its inventories and flows, copied, when the
 * change leaves their reading alone and the files have not changed
 * (read/reload.c).
 */
#include "rerun.h"

#include "model/model.h"
#include "reuse.h"

int sl_rerun(sl_model **m, sl_plan **p, const char *path, const sl_load_options *load,
             const char *const *extra, size_t n_extra, const sl_plan_options *po, sl_arena *a,
             const char **first_error)
{
    return sl_rerun_changed(m, p, path, load, extra, n_extra, extra, n_extra, po, a,
                            first_error);
}

int sl_rerun_changed(sl_model **m, sl_plan **p, const char *path, const sl_load_options *load,
                     const char *const *extra, size_t n_extra, const char *const *changed,
                     size_t n_changed, const sl_plan_options *po, sl_arena *a,
                     const char **first_error)
{
    *m = NULL;
    *p = NULL;
    if (first_error)
        *first_error = NULL;
    size_t n_base = load ? load->n_sets : 0;
    const char **sets = sl_malloc((n_base + n_extra + 1) * sizeof *sets);
    sl_diag *d = sl_diag_new();
    if (!sets || !d) {
        sl_free(sets);
        sl_diag_free(d);
        return SL_ENOMEM;
    }
    for (size_t i = 0; i < n_base; i++)
        sets[i] = load->sets[i];
    for (size_t i = 0; i < n_extra; i++)
        sets[n_base + i] = extra[i];
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    if (load)
        lo = *load;
    lo.n_sets = n_base + n_extra;
    lo.sets = sets;
    /* the adjustable values were all checked when the scenario was first
     * loaded: not again for each re-run (100,000 values cost seconds);
     * the inventories and flows are the base model's when the changes
     * leave their reading alone and the files are unchanged */
    const sl_model *like = po && po->reuse_from && sl_reuse_reads_no_input(n_changed, changed)
                               ? po->reuse_from->model
                               : NULL;
    int rc = sl_model_load_ex(m, path, &lo, false, like, d);
    if (!rc)
        rc = sl_reuse_run(p, *m, n_changed, changed, po, d);
    if (rc && rc != SL_ENOMEM && rc != SL_ECANCELLED && first_error && sl_diag_count(d))
        *first_error = sl_arena_strdup(a, sl_diag_at(d, 0)->text);
    if (rc) {
        sl_plan_free(*p);
        sl_model_free(*m);
        *p = NULL;
        *m = NULL;
    }
    sl_diag_free(d);
    sl_free(sets);
    return rc;
}
