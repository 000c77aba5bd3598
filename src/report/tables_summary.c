/* SPDX-License-Identifier: MIT */
/*
 * tables_summary.c - the Summary table: the plan's key figures, one row
 * each (section, figure, value, unit, and the JSON path it was read
 * from, for whoever checks the figures), then per-agency figures. The
 * other tables are arrays of the plan document turned into rows
 * (tables.c).
 */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Summary --------------------------------------------------------- */

#define F(sec, label, key, fmt, unit) {sec, label, key, fmt, unit, false}

static const sl_figure figures[] = {
    F(NC_("summary", "Scenario"), NC_("summary", "name"), "scenario.name", SL_FMT_GENERAL, NULL),
    F(NC_("summary", "Scenario"), NC_("summary", "start"), "scenario.start", SL_FMT_GENERAL, "date"),
    F(NC_("summary", "Scenario"), NC_("summary", "deadline"), "scenario.deadline", SL_FMT_GENERAL, "date"),
    F(NC_("summary", "Scenario"), NC_("summary", "currency"), "scenario.currency", SL_FMT_GENERAL, NULL),
    F(NC_("summary", "Scenario"), NC_("summary", "workloads"), "workloads[]", SL_FMT_INT, NC_("unit", "workloads")),
    F(NC_("summary", "Scenario"), NC_("summary", "Monte Carlo iterations"), "scenario.iterations", SL_FMT_INT, NULL),
    F(NC_("summary", "Scenario"), NC_("summary", "seed"), "scenario.seed", SL_FMT_PLAIN, NULL),
    F(NC_("summary", "Readiness"), NC_("summary", "ready"), "assessment.counts.ready", SL_FMT_INT, NC_("unit", "workloads")),
    F(NC_("summary", "Readiness"), NC_("summary", "conditional"), "assessment.counts.conditional", SL_FMT_INT, NC_("unit", "workloads")),
    F(NC_("summary", "Readiness"), NC_("summary", "unknown"), "assessment.counts.unknown", SL_FMT_INT, NC_("unit", "workloads")),
    F(NC_("summary", "Readiness"), NC_("summary", "not ready"), "assessment.counts.not_ready", SL_FMT_INT, NC_("unit", "workloads")),
    F(NC_("summary", "Readiness"), NC_("summary", "powered off (moved once confirmed)"), "assessment.reasons.powered_off",
      SL_FMT_INT, NC_("unit", "workloads")),
    F(NC_("summary", "Readiness"), NC_("summary", "powered off, sized as allocated"), "assessment.powered_off_as_allocated",
      SL_FMT_INT, NC_("unit", "workloads")),
    F(NC_("summary", "Placement"), NC_("summary", "hosts at the target"), "placement.hosts_total", SL_FMT_INT, NC_("unit", "hosts")),
    F(NC_("summary", "Placement"), NC_("summary", "lower bound on hosts"), "placement.lower_bound_total", SL_FMT_INT, NC_("unit", "hosts")),
    F(NC_("summary", "Placement"), NC_("summary", "racks"), "placement.racks", SL_FMT_INT, NC_("unit", "racks")),
    F(NC_("summary", "Placement"), NC_("summary", "facility power (with PUE)"), "placement.kw", SL_FMT_DEC1, NC_("unit", "kW")),
    F(NC_("summary", "Placement"), NC_("summary", "IT power"), "placement.it_kw", SL_FMT_DEC1, NC_("unit", "kW")),
    F(NC_("summary", "Placement"), NC_("summary", "floor"), "placement.floor_m2", SL_FMT_DEC1, NC_("unit", "m2")),
    F(NC_("summary", "Placement"), NC_("summary", "fits the target site"), "placement.fits", SL_FMT_GENERAL, NULL),
    F(NC_("summary", "Placement"), NC_("summary", "power margin at the site"), "placement.site.kw.margin", SL_FMT_DEC1, NC_("unit", "kW")),
    F(NC_("summary", "Placement"), NC_("summary", "rack margin at the site"), "placement.site.racks.margin", SL_FMT_DEC1, NC_("unit", "racks")),
    F(NC_("summary", "Placement"), NC_("summary", "hosts on separate platforms"), "placement.separate.hosts_total", SL_FMT_INT,
      NC_("unit", "hosts")),
    F(NC_("summary", "Placement"), NC_("summary", "saving against separate platforms"), "placement.savings.cost", SL_FMT_MONEY,
      "$currency"),
    F(NC_("summary", "Placement"), NC_("summary", "hardware arrives"), "placement.hardware_arrives", SL_FMT_GENERAL, "date"),
    F(NC_("summary", "Schedule"), NC_("summary", "planned finish (likely values, no failed moves)"), "schedule.finish",
      SL_FMT_GENERAL, "finish"),
    F(NC_("summary", "Schedule"), NC_("summary", "simulated finish P50 if every gate passes"), "simulation.if_gates_pass.finish_p50",
      SL_FMT_GENERAL, "finish"),
    F(NC_("summary", "Schedule"), NC_("summary", "simulated finish P80 if every gate passes"), "simulation.if_gates_pass.finish_p80",
      SL_FMT_GENERAL, "finish"),
    F(NC_("summary", "Schedule"), NC_("summary", "every workload scheduled"), "schedule.complete", SL_FMT_GENERAL, NULL),
    F(NC_("summary", "Schedule"), NC_("summary", "waves"), "schedule.windows[]", SL_FMT_INT, NC_("unit", "waves")),
    F(NC_("summary", "Schedule"), NC_("summary", "workloads not scheduled"), "schedule.unscheduled[]", SL_FMT_INT, NC_("unit", "workloads")),
    F(NC_("summary", "Monte Carlo"), NC_("summary", "P(allowed): every gate passes"), "simulation.p_allowed", SL_FMT_SHARE, NULL),
    F(NC_("summary", "Monte Carlo"), NC_("summary", "P(on time | allowed)"), "simulation.p_on_time_given_allowed", SL_FMT_SHARE,
      NULL),
    F(NC_("summary", "Monte Carlo"), NC_("summary", "P(on time)"), "simulation.p_on_time", SL_FMT_SHARE, NULL),
    F(NC_("summary", "Monte Carlo"), NC_("summary", "finish P50"), "simulation.finish_p50", SL_FMT_GENERAL, "finish"),
    F(NC_("summary", "Monte Carlo"), NC_("summary", "finish P80"), "simulation.finish_p80", SL_FMT_GENERAL, "finish"),
    F(NC_("summary", "Monte Carlo"), NC_("summary", "finish P90"), "simulation.finish_p90", SL_FMT_GENERAL, "finish"),
    F(NC_("summary", "Monte Carlo"), NC_("summary", "migration cost P50"), "simulation.cost_p50", SL_FMT_MONEY, "$currency"),
    F(NC_("summary", "Monte Carlo"), NC_("summary", "migration cost P90"), "simulation.cost_p90", SL_FMT_MONEY, "$currency"),
    F(NC_("summary", "Cost"), NC_("summary", "NPV status quo"), "cost.npv_status_quo", SL_FMT_MONEY, "$currency"),
    F(NC_("summary", "Cost"), NC_("summary", "expected NPV saving"), "cost.monte_carlo.npv_saving_mean", SL_FMT_MONEY,
      "$currency"),
    F(NC_("summary", "Cost"), NC_("summary", "P(saving > 0)"), "cost.monte_carlo.p_saving_positive", SL_FMT_SHARE, NULL),
    F(NC_("summary", "Cost"), NC_("summary", "NPV saving P10"), "cost.monte_carlo.npv_saving_p10", SL_FMT_MONEY, "$currency"),
    F(NC_("summary", "Cost"), NC_("summary", "NPV saving P90"), "cost.monte_carlo.npv_saving_p90", SL_FMT_MONEY, "$currency"),
    F(NC_("summary", "Cost"), NC_("summary", "NPV co-location if every gate passes and no move fails"), "cost.npv_colocation",
      SL_FMT_MONEY, "$currency"),
    F(NC_("summary", "Cost"), NC_("summary", "payback year if every gate passes and no move fails"), "cost.payback_year",
      SL_FMT_PLAIN, NULL),
    F(NC_("summary", "Risks"), NC_("summary", "risks in the register"), "risks[]", SL_FMT_INT, NC_("unit", "risks")),
};

/* The chargeback amount of one agency: the first of these keys given. */
static const char *const chargeback_keys[] = {"fee_per_year", "per_year", "amount_per_year", "yearly",
                                              "amount", "cost_per_year", "total", NULL};

const char *sl_report_chargeback_key(json_t *row)
{
    for (size_t i = 0; chargeback_keys[i]; i++)
        if (json_is_number(json_object_get(row, chargeback_keys[i])))
            return chargeback_keys[i];
    return NULL;
}

typedef struct summary {
    const sl_tables *ts;
    sl_arena *a;
    json_t *doc;
    const char *currency;
    sl_cell *cells; /* 5 per row: section, figure, value, unit, key */
    size_t n, cap;
} summary;

static bool text_cell(summary *s, sl_cell *c, const char *text)
{
    c->kind = text ? SL_CELL_TEXT : SL_CELL_EMPTY;
    c->text = text ? sl_arena_strdup(s->a, text) : NULL;
    return !text || c->text;
}

static int add_figure(summary *s, const sl_figure *f)
{
    json_t *v;
    size_t kl = strlen(f->key);
    char path[256];
    bool is_count = kl > 2 && strcmp(f->key + kl - 2, "[]") == 0;
    snprintf(path, sizeof path, "%.*s", (int)(is_count ? kl - 2 : kl), f->key);
    v = sl_jget(s->doc, path);
    if (!v || (is_count && !json_is_array(v)))
        return 0;
    if (SL_GROW(s->cells, s->cap, s->n + 5))
        return SL_ENOMEM;
    sl_cell *c = &s->cells[s->n];
    memset(c, 0, 5 * sizeof *c);
    const char *unit = f->unit;
    /* "date": a date, empty when null; "finish": a date, "never" when null */
    bool is_finish = unit && strcmp(unit, "finish") == 0;
    bool is_date = is_finish || (unit && strcmp(unit, "date") == 0);
    if (unit && strcmp(unit, "$currency") == 0)
        unit = s->currency;
    if (is_date)
        unit = NULL;
    const sl_lang *l = s->ts->lang;
    bool human = s->ts->is_human;
    if (human && unit && unit != s->currency)
        unit = sl_trc(l, "unit", unit);
    bool ok = text_cell(s, &c[0], human ? sl_trc(l, "summary", f->section) : f->section) &&
              text_cell(s, &c[1], human && !f->is_said ? sl_trc(l, "summary", f->label) : f->label) &&
              text_cell(s, &c[3], unit) && text_cell(s, &c[4], f->key);
    if (is_count) {
        c[2].kind = SL_CELL_NUMBER;
        c[2].num = (double)json_array_size(v);
    } else if (is_finish && json_is_null(v)) {
        ok = ok && text_cell(s, &c[2], human ? sl_tr(l, "never") : "never");
    } else {
        const char *leaf = strrchr(path, '.');
        ok = ok && sl_tables_cell(s->ts, &c[2], v, is_date ? "date" : leaf ? leaf + 1 : path);
    }
    c[2].fmt = f->fmt;
    s->n += 5;
    return ok ? 0 : SL_ENOMEM;
}

/* Per-agency figures: one row per element of an array section. */
static int per_agency(summary *s, const char *arr_path, const char *section, const char *label,
                      const char *key, sl_num_fmt fmt, const char *unit)
{
    json_t *arr = sl_jarray(s->doc, arr_path);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *row = json_array_get(arr, i);
        const char *k = key ? key : sl_report_chargeback_key(row);
        const char *ag = sl_jstr(json_object_get(row, "agency"));
        if (!k || !ag || !sl_jget(row, k))
            continue;
        const char *said = s->ts->is_human ? sl_trc(s->ts->lang, "summary", label) : label;
        sl_figure f = {section, sl_arena_printf(s->a, "%s %s", said, ag),
                       sl_arena_printf(s->a, "%s.%zu.%s", arr_path, i, k), fmt, unit, true};
        if (!f.label || !f.key)
            return SL_ENOMEM;
        int rc = add_figure(s, &f);
        if (rc)
            return rc;
    }
    return 0;
}

int sl_tables_summary(sl_tables *ts, json_t *doc)
{
    summary s = {ts, ts->arena, doc, sl_jstr(sl_jget(doc, "scenario.currency")), NULL, 0, 0};
    int rc = per_agency(&s, "verdicts", NC_("summary", "Verdicts"), NC_("summary", "verdict"), "verdict", SL_FMT_GENERAL, NULL);
    for (size_t i = 0; !rc && i < SL_ARRAY_LEN(figures); i++) {
        rc = add_figure(&s, &figures[i]);
        if (!rc && strcmp(figures[i].key, "simulation.finish_p90") == 0) {
            rc = per_agency(&s, "simulation.per_agency", NC_("summary", "Monte Carlo"), NC_("summary", "P(allowed)"),
                            "p_allowed", SL_FMT_SHARE, NULL);
            if (!rc)
                rc = per_agency(&s, "simulation.per_agency", NC_("summary", "Monte Carlo"), NC_("summary", "P(on time | allowed)"), "p_on_time_given_allowed",
                                SL_FMT_SHARE, NULL);
            if (!rc)
                rc = per_agency(&s, "simulation.per_agency", NC_("summary", "Monte Carlo"), NC_("summary", "P(on time)"),
                                "p_on_time", SL_FMT_SHARE, NULL);
            if (!rc)
                rc = per_agency(&s, "simulation.per_agency", NC_("summary", "Monte Carlo"), NC_("summary", "finish P80"),
                                "finish_p80", SL_FMT_GENERAL, "finish");
        }
        if (!rc && strcmp(figures[i].key, "cost.payback_year") == 0) {
            rc = per_agency(&s, "cost.per_agency", NC_("summary", "Cost"), NC_("summary", "NPV status quo"), "npv_status_quo",
                            SL_FMT_MONEY, "$currency");
            static const struct {
                const char *label, *key;
                sl_num_fmt fmt;
            } mc[] = {
                {NC_("summary", "expected NPV saving"), "monte_carlo.npv_saving_mean", SL_FMT_MONEY},
                {NC_("summary", "P(saving > 0)"), "monte_carlo.p_saving_positive", SL_FMT_SHARE},
                {NC_("summary", "NPV saving P10"), "monte_carlo.npv_saving_p10", SL_FMT_MONEY},
                {NC_("summary", "NPV saving P90"), "monte_carlo.npv_saving_p90", SL_FMT_MONEY},
                {NC_("summary", "NPV saving if every gate passes and no move fails"), "npv_saving",
                 SL_FMT_MONEY},
            };
            for (size_t k = 0; !rc && k < SL_ARRAY_LEN(mc); k++)
                rc = per_agency(&s, "cost.per_agency", "Cost", mc[k].label, mc[k].key, mc[k].fmt,
                                mc[k].fmt == SL_FMT_MONEY ? "$currency" : NULL);
            if (!rc)
                rc = per_agency(&s, "cost.per_agency", NC_("summary", "Cost"), NC_("summary", "NPV co-location if every gate passes and no move fails"),
                                "npv_colocation", SL_FMT_MONEY, "$currency");
            if (!rc)
                rc = per_agency(&s, "cost.chargeback.agencies", NC_("summary", "Cost"), NC_("summary", "chargeback per year"), NULL,
                                SL_FMT_MONEY, "$currency");
        }
    }
    if (!rc && SL_GROW(ts->t, ts->cap, ts->n + 1))
        rc = SL_ENOMEM;
    if (rc) {
        sl_free(s.cells);
        return rc;
    }
    static const char *const names[] = {"section", "figure", "value", "unit", "key"};
    sl_table *t = &ts->t[ts->n];
    memset(t, 0, sizeof *t);
    t->sheet = "Summary";
    t->file = "summary.csv";
    t->n_cols = 5;
    t->n_rows = s.n / 5;
    t->cols = sl_arena_array(ts->arena, 5, sizeof *t->cols);
    t->cells = s.n ? sl_arena_memdup(ts->arena, s.cells, s.n * sizeof *s.cells)
               : sl_arena_alloc(ts->arena, sizeof *t->cells);
    sl_free(s.cells);
    if (!t->cols || !t->cells)
        return SL_ENOMEM;
    for (size_t c = 0; c < 5; c++)
        t->cols[c].name = names[c];
    sl_table_finish_columns(t);
    t->cols[2].fmt = SL_FMT_DEC2;
    ts->n++;
    return 0;
}
