/* SPDX-License-Identifier: MIT */
/*
 * workspace.c - a scenario loaded once and re-planned with overrides
 * (samlok.h, "Workspace"): the library side of what-if questions, for
 * `samlok serve` and any other front end.
 *
 * Opening reads the scenario and every file it names into memory (or
 * copies the in-memory files it was given), then loads the model from
 * those copies, so the scenario "as loaded" is exactly what later
 * re-plans see. A re-plan is sl_model_load over the same in-memory files
 * with the workspace's --set options and then the call's, followed by
 * sl_plan_run, and its review sl_plan_review over the same files and
 * options: the same three calls `samlok plan` makes, hence the same plan
 * bit for bit. Keeping the review a call of its own lets a front end show
 * a quick pass without it (the review re-runs the pipeline once per round
 * per agency that is not go, and once without the no-go agencies). The loader looks up no file
 * outside the in-memory list, so no override can make a re-plan read the disk.
 *
 * Stage reuse: a re-plan runs only the stages downstream of what its
 * overrides change (reuse.c) and borrows the earlier ones from a base
 * plan the workspace keeps (plan_variant).
 */
#include "core/file.h"
#include "model/model.h"
#include "rerun.h"
#include "reuse.h"
#include "workspace.h"

#include <string.h>

const sl_memfile *ws_scenario_file(const sl_workspace *ws)
{
    for (size_t i = 0; i < ws->n_files; i++)
        if (strcmp(ws->files[i].path, ws->path) == 0)
            return &ws->files[i];
    return NULL;
}

const sl_model *sl_workspace_model(const sl_workspace *ws)
{
    return ws->model;
}

void sl_workspace_free(sl_workspace *ws)
{
    if (!ws)
        return;
    sl_reuse_hold_release(ws->reuse);
    sl_model_free(ws->model);
    sl_arena_free(ws->arena);
    sl_free(ws);
}

/* Copies a file into the workspace, once per path. */
static int keep_file(sl_workspace *ws, size_t *cap, const char *path, const char *data, size_t len)
{
    for (size_t i = 0; i < ws->n_files; i++)
        if (strcmp(ws->files[i].path, path) == 0)
            return 0;
    if (SL_GROW(ws->files, *cap, ws->n_files + 1))
        return SL_ENOMEM;
    char *p = sl_arena_strdup(ws->arena, path);
    char *copy = sl_arena_alloc(ws->arena, len + 1);
    if (!p || !copy)
        return SL_ENOMEM;
    memcpy(copy, data, len);
    ws->files[ws->n_files++] = (sl_memfile){p, copy, len};
    return 0;
}

static int read_into(sl_workspace *ws, size_t *cap, const char *path, size_t limit, sl_diag *d)
{
    char *data = NULL;
    size_t len = 0;
    int rc = sl_file_read_limited(&data, &len, path, limit, d);
    if (!rc)
        rc = keep_file(ws, cap, path, data, len);
    sl_free(data);
    return rc;
}

/* The scenario and every input it names, from disk into memory: the
 * disk load finds the list of files (and reports what is wrong with
 * them); the copies are what the workspace then loads. */
static int read_files(sl_workspace *ws, size_t *cap, const char *path, const sl_load_options *lo,
                      sl_diag *d)
{
    sl_model *m = NULL;
    int rc = sl_model_load(&m, path, lo, d);
    if (!rc)
        rc = read_into(ws, cap, path, SL_MAX_SCENARIO_BYTES, d);
    for (size_t i = 0; !rc && i < m->priv->n_inputs; i++)
        rc = read_into(ws, cap, m->priv->inputs[i].path, SL_MAX_INPUT_BYTES, d);
    sl_model_free(m);
    return rc;
}

/* Load options over the in-memory files with the workspace's --set
 * options then the caller's; *sets is sl_malloc'ed (free it). */
static int load_options(sl_load_options *lo, const char ***sets, const sl_workspace *ws, size_t n,
                        const char *const *extra)
{
    *lo = (sl_load_options)SL_LOAD_OPTIONS_INIT;
    size_t total = ws->n_base_sets + n;
    *sets = sl_malloc((total ? total : 1) * sizeof **sets);
    if (!*sets)
        return SL_ENOMEM;
    for (size_t i = 0; i < ws->n_base_sets; i++)
        (*sets)[i] = ws->base_sets[i];
    for (size_t i = 0; i < n; i++)
        (*sets)[ws->n_base_sets + i] = extra[i];
    lo->n_sets = total;
    lo->sets = *sets;
    lo->n_memfiles = ws->n_files;
    lo->memfiles = ws->files;
    return 0;
}

/* The scenario with the workspace's sets and then sets, from its files
 * in memory; the inventories and flows copied from the workspace's own
 * model when sets leave their reading alone (read/reload.c). */
static int load_from_memory(sl_model **out, const sl_workspace *ws, size_t n,
                            const char *const *sets, sl_diag *d)
{
    sl_load_options lo;
    const char **all;
    int rc = load_options(&lo, &all, ws, n, sets);
    const sl_model *like = ws->model && sl_reuse_reads_no_input(n, sets) ? ws->model : NULL;
    if (!rc)
        rc = sl_model_load_ex(out, ws->path, &lo, true, like, d);
    sl_free(all);
    return rc;
}

int sl_workspace_open(sl_workspace **out, const char *scenario_path, const sl_load_options *load,
                      sl_diag *d)
{
    *out = NULL;
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    if (load)
        lo = *load;
    if (lo.n_sets > SL_MAX_SETS) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "at most %d --set options", SL_MAX_SETS);
        return SL_EUSAGE;
    }
    sl_workspace *ws = sl_calloc(1, sizeof *ws);
    if (!ws)
        return SL_ENOMEM;
    ws->arena = sl_arena_new();
    ws->path = ws->arena ? sl_arena_strdup(ws->arena, scenario_path) : NULL;
    ws->base_sets =
        ws->arena ? sl_arena_array(ws->arena, lo.n_sets ? lo.n_sets : 1, sizeof *ws->base_sets)
                  : NULL;
    int rc = ws->path && ws->base_sets ? 0 : SL_ENOMEM;
    for (size_t i = 0; !rc && i < lo.n_sets; i++) {
        ws->base_sets[i] = sl_arena_strdup(ws->arena, lo.sets[i]);
        rc = ws->base_sets[i] ? 0 : SL_ENOMEM;
        ws->n_base_sets += !rc;
    }
    size_t cap = 0;
    for (size_t i = 0; !rc && i < lo.n_memfiles; i++)
        rc = keep_file(ws, &cap, lo.memfiles[i].path, lo.memfiles[i].data, lo.memfiles[i].len);
    if (!rc && !lo.n_memfiles)
        rc = read_files(ws, &cap, scenario_path, &lo, d);
    if (!rc)
        rc = load_from_memory(&ws->model, ws, 0, NULL, d);
    if (!rc)
        rc = ws_controls_build(ws, d);
    if (rc) {
        sl_free(ws->files);
        ws->files = NULL;
        sl_workspace_free(ws);
        return rc;
    }
    /* the file list is final: into the arena, so freeing is one call */
    sl_memfile *files = sl_arena_memdup(ws->arena, ws->files, ws->n_files * sizeof *files);
    sl_free(ws->files);
    ws->files = files;
    if (!files) {
        sl_workspace_free(ws);
        return SL_ENOMEM;
    }
    *out = ws;
    return 0;
}

void sl_variant_free(sl_variant *v)
{
    if (!v)
        return;
    sl_plan_free(v->plan);
    sl_model_free(v->model);
    sl_arena_free(v->arena);
    sl_free(v);
}

/* Plans m (the workspace's scenario with the n overrides) reusing what it
 * can of the base plan, made first when there is none at this seed: a
 * plan of the scenario as opened, at one Monte Carlo iteration and one
 * thread, since only its assessment, placement and grouping are
 * borrowed and those read neither. Overrides that reach every stage
 * plan from scratch. */
static int plan_variant(sl_plan **out, sl_workspace *ws, const sl_model *m, size_t n,
                        const char *const *sets, const sl_plan_options *opts, sl_diag *d)
{
    sl_plan_options po = SL_PLAN_OPTIONS_INIT;
    if (opts)
        po = *opts;
    uint64_t seed = po.has_seed ? po.seed : m->seed;
    if (!n || sl_reuse_first_stage(n, sets) == SL_STAGE_ASSESS)
        return sl_plan_run(out, m, &po, d);
    const sl_plan *base = sl_reuse_hold_plan(ws->reuse);
    if (!base || base->seed != seed) {
        sl_model *bm = NULL;
        sl_plan *bp = NULL;
        sl_plan_options bo = po;
        bo.iterations = 1;
        bo.threads = 1;
        bo.progress = NULL;
        bo.has_seed = true;
        bo.seed = seed;
        int rc = load_from_memory(&bm, ws, 0, NULL, d);
        if (!rc)
            rc = sl_plan_run(&bp, bm, &bo, d);
        if (rc) {
            sl_model_free(bm);
            return rc;
        }
        sl_reuse_hold *h = sl_reuse_hold_new(bp, bm);
        if (!h)
            return SL_ENOMEM;
        sl_reuse_hold_release(ws->reuse);
        ws->reuse = h;
        base = bp;
    }
    po.reuse_from = base;
    int rc = sl_reuse_run(out, m, n, sets, &po, d);
    if (!rc && (*out)->borrowed) {
        sl_reuse_hold_take(ws->reuse);
        (*out)->hold = ws->reuse;
    }
    return rc;
}

int sl_workspace_plan(sl_variant **out, sl_workspace *ws, size_t n_sets, const char *const *sets,
                      const sl_plan_options *opts, sl_diag *d)
{
    *out = NULL;
    if (ws->n_base_sets + n_sets > SL_MAX_SETS) {
        sl_diag_add(d, SL_ERROR, "--set", 0, 0, "at most %d --set options", SL_MAX_SETS);
        return SL_EUSAGE;
    }
    sl_variant *v = sl_calloc(1, sizeof *v);
    if (!v)
        return SL_ENOMEM;
    v->arena = sl_arena_new();
    v->sets = v->arena ? sl_arena_array(v->arena, n_sets ? n_sets : 1, sizeof *v->sets) : NULL;
    int rc = v->sets ? 0 : SL_ENOMEM;
    for (size_t i = 0; !rc && i < n_sets; i++) {
        v->sets[i] = sl_arena_strdup(v->arena, sets[i]);
        rc = v->sets[i] ? 0 : SL_ENOMEM;
        v->n_sets += !rc;
    }
    bool stop = opts && opts->is_cancelled && opts->is_cancelled(opts->cancel_user);
    if (!rc && stop)
        rc = SL_ECANCELLED;
    if (!rc)
        rc = load_from_memory(&v->model, ws, n_sets, sets, d);
    if (!rc)
        rc = plan_variant(&v->plan, ws, v->model, n_sets, sets, opts, d);
    if (rc) {
        sl_variant_free(v);
        return rc;
    }
    *out = v;
    return 0;
}

int sl_workspace_review(sl_workspace *ws, sl_variant *v, const sl_plan_options *opts, sl_diag *d)
{
    sl_load_options lo;
    const char **all;
    int rc = load_options(&lo, &all, ws, v->n_sets, v->sets);
    if (!rc)
        rc = sl_review_run(v->plan, ws->path, &lo, opts, d);
    sl_free(all);
    return rc;
}

/* Text inside a YAML comment: a line break would end the comment and
 * turn the rest into YAML, so control characters become '?'; quoted, it
 * is one shell word. */
static void comment_text(sl_buf *b, const char *s, bool quoted)
{
    if (quoted)
        sl_buf_puts(b, "'");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (quoted && c == '\'')
            sl_buf_puts(b, "'\\''");
        else
            sl_buf_append(b, c < 0x20 || c == 0x7f ? "?" : s, 1);
    }
    if (quoted)
        sl_buf_puts(b, "'");
}

int sl_workspace_export_scenario(char **out, size_t *len, const sl_workspace *ws, size_t n_sets,
                                 const char *const *sets, sl_diag *d)
{
    *out = NULL;
    *len = 0;
    const sl_memfile *scn = ws_scenario_file(ws);
    if (!scn)
        return SL_EUSAGE;
    sl_load_options lo;
    const char **all;
    int rc = load_options(&lo, &all, ws, n_sets, sets);
    sl_scenario_doc *doc = NULL;
    if (!rc)
        rc = sl_scenario_doc_open(&doc, ws->path, scn->data, scn->len, lo.n_sets, lo.sets, d);
    char *body = NULL;
    size_t body_len = 0;
    if (!rc)
        rc = sl_scenario_doc_emit(&body, &body_len, doc);
    sl_buf b = {0};
    if (!rc) {
        const char *base = strrchr(ws->path, '/');
        sl_buf_puts(&b, "# ");
        comment_text(&b, ws->model->name, false);
        sl_buf_printf(&b, " with %zu override%s applied; the same plan as\n#   samlok plan ",
                      lo.n_sets, lo.n_sets == 1 ? "" : "s");
        comment_text(&b, base ? base + 1 : ws->path, true);
        for (size_t i = 0; i < lo.n_sets; i++) {
            sl_buf_puts(&b, " \\\n#     --set ");
            comment_text(&b, lo.sets[i], true);
        }
        sl_buf_puts(&b, "\n# It names the same inventory and flow files, by the same relative "
                        "paths.\n");
        sl_buf_append(&b, body, body_len);
        rc = b.failed ? SL_ENOMEM : 0;
    }
    if (!rc) {
        *out = b.data;
        *len = b.len;
    } else {
        sl_buf_free(&b);
    }
    sl_free(body);
    sl_scenario_doc_free(doc);
    sl_free(all);
    return rc;
}
