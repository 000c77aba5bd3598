/* SPDX-License-Identifier: MIT */
/*
 * controls.c - what a front end may change in a workspace, and the check
 * that an override from an untrusted source is one of those changes.
 *
 * The controls (samlok.h, sl_control) are a whitelist of --set paths
 * built from the scenario as loaded: the deadline; per joining agency its
 * migration hours, budget and participation; per gate its outcome; and
 * the scenario's `adjustable` paths. Each says what values it takes, so
 * sl_workspace_check_set can refuse anything else before the YAML reader
 * sees it: no path outside the list (above all none that names a file),
 * no value but a plain number in the key's range, a real date, a boolean,
 * or one of a fixed list. The value as loaded comes from the scenario
 * text (read/edit.c), as the user wrote it. Labels are phrases, so a
 * front end says them in its language (sl_phrase_say); `label` is their
 * English text.
 */
#include "workspace.h"

#include <math.h>
#include <string.h>

typedef struct builder {
    sl_workspace *ws;
    sl_scenario_doc *doc;
    size_t cap;
    int rc;
} builder;

static const char *dup(builder *b, const char *s)
{
    const char *c = s ? sl_arena_strdup(b->ws->arena, s) : NULL;
    if (s && !c)
        b->rc = SL_ENOMEM;
    return c;
}

/* A label as a phrase (pb, ended here) and its English text; NULL when
 * out of memory. */
static const char *said(builder *b, sl_phrase_builder *pb, sl_phrase *out)
{
    const char *text = NULL;
    if (!b->rc && sl_pb_end(pb, out))
        text = sl_phrase_text(b->ws->arena, out, NULL, NULL);
    if (!text && !b->rc)
        b->rc = SL_ENOMEM;
    return text;
}

/* A new control at path, its loaded text read from the document, its
 * label the phrase pb (NULL: the path itself, as the scenario wrote it). */
static sl_control *add(builder *b, const char *path, sl_phrase_builder *pb, const char *group,
                       sl_control_kind kind)
{
    sl_workspace *ws = b->ws;
    if (b->rc || !path || ws->n_controls == b->cap) {
        b->rc = b->rc ? b->rc : SL_ENOMEM;
        return NULL;
    }
    sl_control *c = &ws->controls[ws->n_controls];
    memset(c, 0, sizeof *c);
    c->path = path;
    c->label = pb ? said(b, pb, &c->label_phrase) : path;
    c->group = group;
    c->kind = kind;
    c->loaded_number = NAN;
    if (b->rc || !c->label)
        return NULL;
    char *text = NULL;
    b->rc = sl_scenario_doc_value(&text, b->doc, path);
    c->loaded = dup(b, text);
    sl_free(text);
    if (b->rc)
        return NULL;
    ws->n_controls++;
    return c;
}

static void number(sl_control *c, double loaded, double min, double max, double step)
{
    if (!c)
        return;
    c->loaded_number = loaded;
    c->min = min;
    c->max = max;
    c->step = step;
}

/* Sets the choices of c from n values and, when labels is not NULL, their
 * labels as phrases (the builders, ended here). */
static void choices(builder *b, sl_control *c, size_t n, const char *const *values,
                    sl_phrase_builder *labels)
{
    if (!c || b->rc)
        return;
    sl_arena *a = b->ws->arena;
    c->choices = sl_arena_array(a, n ? n : 1, sizeof *c->choices);
    c->choice_labels = labels ? sl_arena_array(a, n ? n : 1, sizeof *c->choice_labels) : NULL;
    c->choice_phrases = labels ? sl_arena_array(a, n ? n : 1, sizeof *c->choice_phrases) : NULL;
    if (!c->choices || (labels && (!c->choice_labels || !c->choice_phrases))) {
        b->rc = SL_ENOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        c->choices[i] = dup(b, values[i]);
        if (labels)
            c->choice_labels[i] = said(b, &labels[i], &c->choice_phrases[i]);
    }
    c->n_choices = n;
}

static void gate_control(builder *b, const sl_gate *g)
{
    sl_arena *a = b->ws->arena;
    const char *path = sl_arena_printf(a, "gates.%s.pass_probability", g->id);
    sl_phrase_builder pb;
    if (strcmp(g->name, g->id) == 0) {
        sl_pb_begin(&pb, a, "{gate}: outcome");
    } else {
        sl_pb_begin(&pb, a, "{gate} ({name}): outcome");
        sl_pb_text(&pb, "name", g->name);
    }
    sl_pb_text(&pb, "gate", g->id);
    sl_control *c = add(b, path, &pb, "gates", SL_CONTROL_CHOICE);
    if (!c)
        return;
    sl_phrase_builder l[3];
    if (g->pass_probability >= 1) {
        static const char *const values[] = {"1", "0"};
        const char *v[] = {c->loaded ? c->loaded : values[0], values[1]};
        sl_pb_begin(&l[0], a, "passes (as the scenario says)");
        sl_pb_begin(&l[1], a, "refused");
        choices(b, c, 2, v, l);
        return;
    }
    const char *loaded = c->loaded ? c->loaded : sl_arena_printf(a, "%g", g->pass_probability);
    const char *v[] = {loaded, "1", "0"};
    sl_pb_begin(&l[0], a, "uncertain: passes with P {p:g} (as the scenario says)");
    sl_pb_num(&l[0], "p", g->pass_probability);
    sl_pb_begin(&l[1], a, "passes");
    sl_pb_begin(&l[2], a, "refused");
    if (!loaded)
        b->rc = SL_ENOMEM;
    choices(b, c, 3, v, l);
}

static void agency_controls(builder *b, const sl_agency *ag)
{
    sl_arena *a = b->ws->arena;
    const sl_model *m = b->ws->model;
    sl_phrase_builder pb;
    sl_pb_begin(&pb, a, "{agency}: migration hours per week");
    sl_pb_text(&pb, "agency", ag->id);
    sl_control *c = add(b, sl_arena_printf(a, "agencies.%s.staff.migration_hours_per_week", ag->id),
                        &pb, ag->id, SL_CONTROL_NUMBER);
    /* the ranges are the scenario reader's for these keys (docs/SCENARIO.md) */
    number(c, ag->migration_hours_per_week.likely, 0, 1e7, 10);
    sl_pb_begin(&pb, a, "{agency}: migration budget, {currency}");
    sl_pb_text(&pb, "agency", ag->id);
    sl_pb_text(&pb, "currency", m->currency);
    c = add(b, sl_arena_printf(a, "agencies.%s.budget", ag->id), &pb, ag->id, SL_CONTROL_NUMBER);
    number(c, ag->budget, 0, 1e13, 100000);
    sl_pb_begin(&pb, a, "{agency}: joins the move");
    sl_pb_text(&pb, "agency", ag->id);
    c = add(b, sl_arena_printf(a, "agencies.%s.joins", ag->id), &pb, ag->id, SL_CONTROL_BOOL);
    if (c && !c->loaded)
        c->loaded = "true";
}

/* An `adjustable` path: its candidates become suggestions of the control
 * it names, or a choice of its own. */
static void adjustable_control(builder *b, const sl_adjustable *adj)
{
    sl_workspace *ws = b->ws;
    if (sl_path_names_file(adj->path))
        return;
    for (size_t i = 0; i < ws->n_controls; i++) {
        sl_control *c = &ws->controls[i];
        if (strcmp(c->path, adj->path) != 0)
            continue;
        if (c->kind == SL_CONTROL_NUMBER || c->kind == SL_CONTROL_DATE)
            choices(b, c, adj->n_values, adj->values, NULL);
        return;
    }
    sl_control *c = add(b, dup(b, adj->path), NULL, "adjustable", SL_CONTROL_CHOICE);
    if (!c)
        return;
    size_t n = 0;
    const char **v = sl_arena_array(ws->arena, adj->n_values + 1, sizeof *v);
    if (!v) {
        b->rc = SL_ENOMEM;
        return;
    }
    if (c->loaded)
        v[n++] = c->loaded;
    for (size_t i = 0; i < adj->n_values; i++)
        if (!c->loaded || strcmp(adj->values[i], c->loaded) != 0)
            v[n++] = adj->values[i];
    choices(b, c, n, v, NULL);
}

int ws_controls_build(sl_workspace *ws, sl_diag *d)
{
    const sl_model *m = ws->model;
    const sl_memfile *scn = ws_scenario_file(ws);
    if (!scn)
        return SL_EUSAGE;
    builder b = {ws, NULL, 1 + 3 * m->n_agencies + m->n_gates + m->n_adjustables, 0};
    ws->controls = sl_arena_array(ws->arena, b.cap, sizeof *ws->controls);
    if (!ws->controls)
        return SL_ENOMEM;
    b.rc = sl_scenario_doc_open(&b.doc, ws->path, scn->data, scn->len, ws->n_base_sets,
                                ws->base_sets, d);
    if (b.rc)
        return b.rc;
    sl_c_numbers cn; /* labels and values are written with "%g" */
    sl_c_numbers_begin(&cn);
    sl_phrase_builder pb;
    sl_pb_begin(&pb, ws->arena, "Deadline");
    (void)add(&b, "deadline", &pb, "scenario", SL_CONTROL_DATE);
    for (size_t a = 0; a < m->n_agencies; a++)
        if (m->agencies[a].role == SL_ROLE_JOINING)
            agency_controls(&b, &m->agencies[a]);
    for (size_t g = 0; g < m->n_gates; g++)
        gate_control(&b, &m->gates[g]);
    for (size_t i = 0; i < m->n_adjustables; i++)
        adjustable_control(&b, &m->adjustables[i]);
    sl_c_numbers_end(&cn);
    sl_scenario_doc_free(b.doc);
    return b.rc;
}

size_t sl_workspace_n_controls(const sl_workspace *ws)
{
    return ws->n_controls;
}

const sl_control *sl_workspace_control(const sl_workspace *ws, size_t i)
{
    return i < ws->n_controls ? &ws->controls[i] : NULL;
}

const sl_control *sl_workspace_find_control(const sl_workspace *ws, const char *path)
{
    for (size_t i = 0; i < ws->n_controls; i++)
        if (strcmp(ws->controls[i].path, path) == 0)
            return &ws->controls[i];
    return NULL;
}

bool sl_path_names_file(const char *path)
{
    static const char *const keys[] = {"inventory", "flows"};
    for (const char *seg = path; seg;) {
        const char *dot = strchr(seg, '.');
        size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
        for (size_t k = 0; k < SL_ARRAY_LEN(keys); k++)
            if (strlen(keys[k]) == len && memcmp(keys[k], seg, len) == 0)
                return true;
        seg = dot ? dot + 1 : NULL;
    }
    return false;
}

/* At most this many bytes in a value a control takes. */
#define CONTROL_VALUE_MAX 256

static bool takes(const sl_control *c, const char *value)
{
    size_t len = strlen(value);
    for (size_t i = 0; i < c->n_choices; i++)
        if (c->kind == SL_CONTROL_CHOICE && strcmp(value, c->choices[i]) == 0)
            return true;
    if (c->loaded && strcmp(value, c->loaded) == 0)
        return true;
    if (len == 0 || len > CONTROL_VALUE_MAX)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)value[i] <= ' ' || (unsigned char)value[i] >= 0x7f)
            return false; /* plain ASCII words only, nothing YAML reads as structure */
    switch (c->kind) {
    case SL_CONTROL_NUMBER: {
        double x;
        return strchr("+-.0123456789", value[0]) && sl_parse_double(&x, value, len) == SL_NUM_OK &&
               x >= c->min && x <= c->max;
    }
    case SL_CONTROL_DATE: {
        sl_date day;
        return len == 10 && sl_date_parse(&day, value, len) == 0;
    }
    case SL_CONTROL_BOOL:
        return strcmp(value, "true") == 0 || strcmp(value, "false") == 0;
    case SL_CONTROL_CHOICE:
        return false;
    }
    return false;
}

int sl_workspace_check_set(const sl_workspace *ws, const char *set, sl_diag *d)
{
    const char *eq = strchr(set, '=');
    if (!eq || eq == set) {
        sl_diag_add(d, SL_ERROR, "--set", 0, 0, "'%.80s' is not PATH=VALUE", set);
        return SL_EUSAGE;
    }
    size_t plen = (size_t)(eq - set);
    char path[256];
    if (plen >= sizeof path) {
        sl_diag_add(d, SL_ERROR, "--set", 0, 0, "'%.80s...': no control has so long a path", set);
        return SL_EUSAGE;
    }
    memcpy(path, set, plen);
    path[plen] = '\0';
    if (sl_path_names_file(path)) {
        sl_diag_add(d, SL_ERROR, "--set", 0, 0,
                    "'%s' names files: a control changes values of the loaded scenario, never "
                    "which files it reads",
                    path);
        return SL_EUSAGE;
    }
    const sl_control *c = sl_workspace_find_control(ws, path);
    if (!c) {
        sl_diag_add(d, SL_ERROR, "--set", 0, 0, "'%s' is not a control of this scenario", path);
        return SL_EUSAGE;
    }
    if (!takes(c, eq + 1)) {
        /* one message per kind, so that each translates whole */
        if (c->kind == SL_CONTROL_NUMBER)
            sl_diag_add(d, SL_ERROR, "--set", 0, 0,
                        "'%s' takes a plain number in range, not '%.80s'", path, eq + 1);
        else if (c->kind == SL_CONTROL_DATE)
            sl_diag_add(d, SL_ERROR, "--set", 0, 0, "'%s' takes a date YYYY-MM-DD, not '%.80s'",
                        path, eq + 1);
        else if (c->kind == SL_CONTROL_BOOL)
            sl_diag_add(d, SL_ERROR, "--set", 0, 0, "'%s' takes true or false, not '%.80s'", path,
                        eq + 1);
        else
            sl_diag_add(d, SL_ERROR, "--set", 0, 0, "'%s' takes one of its choices, not '%.80s'",
                        path, eq + 1);
        return SL_EUSAGE;
    }
    return 0;
}
