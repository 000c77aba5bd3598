/* SPDX-License-Identifier: MIT */
/*
 * workspace.h - inside a workspace (workspace.c) and its controls
 * (controls.c).
 */
#ifndef SL_WORKSPACE_H
#define SL_WORKSPACE_H

#include "core/core.h"
#include "read/edit.h"

struct sl_workspace {
    sl_arena *arena;  /* everything below but the model */
    const char *path; /* the scenario, as named */
    size_t n_files;
    sl_memfile *files; /* the scenario and every file it names */
    size_t n_base_sets;
    const char **base_sets; /* --set options it was opened with */
    sl_model *model;        /* as loaded */
    size_t n_controls;
    sl_control *controls;
    /* the base plan re-plans borrow stages from (reuse.c), made by the
     * first re-plan that can, again when the seed changes; NULL before */
    struct sl_reuse_hold *reuse;
};

/* The scenario's own file among ws->files. */
const sl_memfile *ws_scenario_file(const sl_workspace *ws);
/* Fills ws->controls from ws->model and the scenario text. */
int ws_controls_build(sl_workspace *ws, sl_diag *d);

#endif
