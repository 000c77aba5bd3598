/* SPDX-License-Identifier: MIT */
/*
 * fuzz_params.c - what `samlok serve` makes of a request's parameters
 * (serve/params.c, serve/requests.c) and the library's check of the
 * overrides they carry (sl_workspace_check_set), on a workspace of the
 * fixture scenario with gates and adjustable values, so every kind of
 * control is there. The first byte picks what the rest is: even, a
 * re-plan's body; odd, a sweep's. The harness aborts when a promise
 * breaks: an accepted request holds an override that names files or that
 * the check refuses, a refusal without a status of 400, 403 or 503, or
 * parsed parameters whose names are not [a-z_]. (A path-typed adjustable,
 * such as an inventory file, is refused when the scenario is read, so the
 * fixture has none; requests still try such paths.)
 */
#include "fuzz.h"
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARAMS_SCENARIO                                                                            \
    FUZZ_SCENARIO                                                                                  \
    "gates:\n"                                                                                     \
    "  - {id: G, kind: legal, lead_time_months: {min: 1, likely: 2, max: 4},\n"                    \
    "     pass_probability: 0.5, applies_to: {all: true}}\n"                                       \
    "adjustable:\n"                                                                                \
    "  - {path: deadline, values: [2028-06-30]}\n"                                                 \
    "  - {path: windows.max_workloads, values: [10, 20]}\n"                                        \
    "windows: {max_workloads: 30}\n"

/* One workspace for every input: opening it is the costly part, and it
 * is read-only after. */
static const sl_workspace *workspace(void)
{
    static sl_workspace *ws;
    if (ws)
        return ws;
    static const char scenario[] = PARAMS_SCENARIO;
    sl_memfile files[3];
    fuzz_fixture(files, scenario, sizeof scenario - 1);
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = 3;
    lo.memfiles = files;
    sl_diag *d = sl_diag_new();
    if (!d || sl_workspace_open(&ws, files[0].path, &lo, d) != 0) {
        /* the fixture itself failed: say why before stopping */
        for (size_t i = 0; d && i < sl_diag_count(d); i++)
            fprintf(stderr, "fuzz_params fixture: %s:%ld:%ld: %s\n",
                    sl_diag_at(d, i)->file ? sl_diag_at(d, i)->file : "", sl_diag_at(d, i)->line,
                    sl_diag_at(d, i)->column, sl_diag_at(d, i)->text);
        abort();
    }
    sl_diag_free(d);
    return ws;
}

static void accepted(const sl_workspace *ws, const sv_strings *sets, const char *prefix)
{
    for (size_t i = 0; i < sets->n; i++) {
        char set[1024];
        if (prefix)
            snprintf(set, sizeof set, "%s=%s", prefix, sets->items[i]);
        else
            snprintf(set, sizeof set, "%s", sets->items[i]);
        if (strlen(set) < sizeof set - 1 &&
            (sl_workspace_check_set(ws, set, NULL) != 0 || sl_path_names_file(set)))
            abort();
    }
}

static void refused(const sv_error *e)
{
    if (e->status != 400 && e->status != 403 && e->status != 503)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FUZZ_MAX_INPUT)
        return 0;
    const sl_workspace *ws = workspace();
    sv_params p;
    const char *why = NULL;
    if (sv_params_parse(&p, (const char *)data + 1, size - 1, &why) != 0) {
        if (!why || p.n)
            abort();
        return 0;
    }
    for (size_t i = 0; i < p.n; i++)
        for (const char *c = p.items[i].name; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || *c == '_'))
                abort();
    sv_error e;
    if (data[0] % 2 == 0) {
        sv_strings sets;
        if (sv_plan_request(&sets, &p, ws, NULL, &e) == 0) {
            accepted(ws, &sets, NULL);
            sv_strings_free(&sets);
        } else {
            refused(&e);
        }
    } else {
        sv_sweep_request r;
        if (sv_sweep_request_parse(&r, &p, ws, NULL, &e) == 0) {
            accepted(ws, &r.xs, r.x);
            accepted(ws, &r.ys, r.y);
            accepted(ws, &r.sets, NULL);
            if (sl_path_names_file(r.x) || sl_path_names_file(r.y))
                abort();
            sv_sweep_request_free(&r);
        } else {
            refused(&e);
        }
    }
    sv_params_free(&p);
    return 0;
}
