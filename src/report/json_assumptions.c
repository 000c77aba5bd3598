/* SPDX-License-Identifier: MIT */
/*
 * json_assumptions.c - two sections of the plan document that restate
 * inputs for the reports:
 *
 * - `assumptions`: every number the scenario gave (sl_model.params), with
 *   its value or distribution, unit and where it was written
 *   (file:line:column), so a reader can check each figure at its source;
 *   then every default the plan used (json_defaults.c), file "(default)";
 *   each with the page that documents its key.
 * - `calendar`: the freezes as dated spans between the start and a little
 *   after the last date the plan talks about, and each gate with the date
 *   it passes at its likely lead time and at the 10th and 90th percentile,
 *   so the Gantt can draw them without knowing the freeze rules.
 */
#include "report/json.h"
#include "model/model.h"

#include <math.h>

#define SET(o, k, v) ok = ok && sl_json_set((o), (k), (v))

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

json_t *sl_json_assumptions(const sl_plan *p)
{
    const sl_model *m = p->model;
    json_t *arr = json_array();
    bool ok = arr != NULL;
    for (size_t i = 0; ok && i < m->n_params; i++) {
        const sl_param *pa = &m->params[i];
        const sl_dist *v = pa->value;
        json_t *o = sl_json_push_object(arr);
        ok = o != NULL;
        SET(o, "path", sl_json_str(pa->path));
        SET(o, "value", v ? num(v->likely) : json_null());
        SET(o, "dist", json_string(v ? sl_dist_kind_name(v->kind) : "fixed"));
        bool is_range = v && v->kind != SL_DIST_FIXED;
        SET(o, "min", is_range ? num(v->min) : json_null());
        SET(o, "max", is_range ? num(v->max) : json_null());
        /* false for a distribution the plan takes at its likely value only */
        SET(o, "simulated", json_boolean(is_range && pa->simulated));
        SET(o, "unit", sl_json_str(pa->unit));
        SET(o, "file", sl_json_str(pa->file));
        SET(o, "line", json_integer(pa->line));
        SET(o, "column", json_integer(pa->column));
        SET(o, "documented", json_string(sl_assumption_doc(pa->path)));
    }
    /* then every default the plan used: they decide as much */
    ok = ok && sl_json_assumption_defaults(arr, p);
    if (!ok) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* Appends the days in [from, to] that the freeze closes, as spans. */
static bool freeze_spans(json_t *arr, const sl_freeze *f, const char *agency, sl_date from,
                         sl_date to)
{
    bool ok = true;
    sl_date open = SL_DATE_NONE;
    for (sl_date d = from; ok && d <= to + 1; d++) {
        bool frozen = d <= to && sl_freeze_covers(f, 1, d);
        if (frozen && open == SL_DATE_NONE)
            open = d;
        if (!frozen && open != SL_DATE_NONE) {
            json_t *o = sl_json_push_object(arr);
            ok = o != NULL;
            SET(o, "agency", sl_json_str(agency));
            SET(o, "from", sl_json_date(open));
            SET(o, "to", sl_json_date(d - 1));
            SET(o, "why", sl_json_str(f->why));
            open = SL_DATE_NONE;
        }
    }
    return ok;
}

static bool selector_text(sl_buf *b, const sl_model *m, const sl_selector *s)
{
    if (s->is_all) {
        sl_buf_puts(b, "all");
        return !b->failed;
    }
    const char *sep = "";
    if (s->n_agencies) {
        sl_buf_puts(b, "agencies");
        for (size_t i = 0; i < s->n_agencies; i++)
            sl_buf_printf(b, "%s %s", i ? "," : "", m->agencies[s->agencies[i]].id);
        sep = "; ";
    }
    if (s->n_security_classes) {
        sl_buf_printf(b, "%ssecurity classes", sep);
        for (size_t i = 0; i < s->n_security_classes; i++)
            sl_buf_printf(b, "%s %s", i ? "," : "", s->security_classes[i]);
        sep = "; ";
    }
    if (s->n_legal_tags) {
        sl_buf_printf(b, "%slegal tags", sep);
        for (size_t i = 0; i < s->n_legal_tags; i++)
            sl_buf_printf(b, "%s %s", i ? "," : "", s->legal_tags[i]);
        sep = "; ";
    }
    if (s->n_tiers) {
        sl_buf_printf(b, "%stiers", sep);
        for (size_t i = 0; i < s->n_tiers; i++)
            sl_buf_printf(b, "%s %d", i ? "," : "", s->tiers[i]);
    }
    if (!b->len)
        sl_buf_puts(b, "none");
    return !b->failed;
}

static json_t *gate_json(const sl_model *m, const sl_gate *g)
{
    json_t *o = json_object(), *lead = NULL;
    bool ok = o != NULL;
    const sl_dist *lt = &g->lead_time_months;
    SET(o, "id", sl_json_str(g->id));
    SET(o, "name", sl_json_str(g->name));
    SET(o, "kind", json_string(sl_gate_kind_name(g->kind)));
    SET(o, "opens", sl_json_date(g->opens));
    SET(o, "lead_time_months", lead = json_object());
    SET(lead, "p10", num(sl_dist_quantile(lt, 0.1)));
    SET(lead, "likely", num(lt->likely));
    SET(lead, "p90", num(sl_dist_quantile(lt, 0.9)));
    SET(o, "passes_p10", sl_json_date(sl_gate_date(g, sl_dist_quantile(lt, 0.1))));
    SET(o, "passes_likely", sl_json_date(sl_gate_date(g, lt->likely)));
    SET(o, "passes_p90", sl_json_date(sl_gate_date(g, sl_dist_quantile(lt, 0.9))));
    SET(o, "pass_probability", num(g->pass_probability));
    sl_buf b = {0};
    ok = ok && selector_text(&b, m, &g->applies_to);
    SET(o, "applies_to", json_string(b.data ? b.data : ""));
    sl_buf_free(&b);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The last date the plan talks about: deadline, planned finish, gates at
 * their 90th percentile, the simulated P90 finish. */
static sl_date last_date(const sl_plan *p)
{
    const sl_model *m = p->model;
    sl_date last = m->deadline;
    if (p->schedule && p->schedule->finish != SL_DATE_NONE)
        last = SL_MAX(last, p->schedule->finish);
    if (p->simulation && p->simulation->overall.finish_p90 != SL_DATE_NONE)
        last = SL_MAX(last, p->simulation->overall.finish_p90);
    for (size_t g = 0; g < m->n_gates; g++) {
        const sl_gate *gt = &m->gates[g];
        last = SL_MAX(last, sl_gate_date(gt, sl_dist_quantile(&gt->lead_time_months, 0.9)));
    }
    return last;
}

json_t *sl_json_calendar(const sl_plan *p)
{
    const sl_model *m = p->model;
    sl_date from = m->start;
    /* a month past the last date, and never more than ten years of spans */
    sl_date to = SL_MIN(last_date(p) + 31, sl_date_add_months(from, 120));
    json_t *o = json_object(), *freezes = NULL, *gates = NULL;
    bool ok = o != NULL;
    SET(o, "from", sl_json_date(from));
    SET(o, "to", sl_json_date(to));
    SET(o, "freezes", freezes = json_array());
    for (size_t a = 0; ok && a < m->n_agencies; a++)
        for (size_t f = 0; ok && f < m->agencies[a].n_freezes; f++)
            ok = freeze_spans(freezes, &m->agencies[a].freezes[f], m->agencies[a].id, from, to);
    for (size_t f = 0; ok && f < m->windows.n_target_freezes; f++)
        ok = freeze_spans(freezes, &m->windows.target_freezes[f], NULL, from, to);
    SET(o, "gates", gates = json_array());
    for (size_t g = 0; ok && g < m->n_gates; g++)
        ok = sl_json_push(gates, gate_json(m, &m->gates[g]));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}
