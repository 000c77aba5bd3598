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

/* One derived figure of the status quo, in the assumption log's shape:
 * `file` says where it comes from (a hosts file, or the estimate used). */
static bool derived(json_t *arr, const char *path, double value, const char *unit,
                    const char *source)
{
    json_t *o = sl_json_push_object(arr);
    bool ok = o != NULL;
    SET(o, "path", json_string(path));
    SET(o, "value", num(value));
    SET(o, "dist", json_string("fixed"));
    SET(o, "min", json_null());
    SET(o, "max", json_null());
    SET(o, "simulated", json_false());
    SET(o, "unit", json_string(unit));
    SET(o, "file", json_string(source));
    SET(o, "line", json_integer(0));
    SET(o, "column", json_integer(0));
    SET(o, "documented", json_string(sl_assumption_doc(path)));
    return ok;
}

/* Which source each status-quo figure used: a hall's IT load (its it_kw,
 * the hosts it runs today, or the per-vCPU estimate), its hosts and their
 * price, and each joining agency's yearly hardware refresh. */
static bool status_quo_sources(json_t *arr, const sl_plan *p)
{
    const sl_model *m = p->model;
    double *vcpu = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *vcpu);
    bool *used = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *used);
    bool ok = vcpu && used;
    for (size_t i = 0; ok && i < m->n_workloads; i++) {
        vcpu[m->workloads[i].site] += m->workloads[i].vcpu;
        used[m->workloads[i].site] = true;
    }
    sl_buf path = {0}, src = {0};
    for (size_t s = 0; ok && s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        if (site->role != SL_SITE_SOURCE || !used[s])
            continue;
        sl_it_kw_source how;
        double kw = sl_site_it_kw(m, site, vcpu[s], &how);
        path.len = src.len = 0;
        sl_buf_printf(&path, "status_quo.%s.it_kw", site->id);
        if (how == SL_IT_KW_GIVEN)
            sl_buf_printf(&src, "sites.%s.it_kw", site->id);
        else if (how == SL_IT_KW_HOSTS)
            sl_buf_printf(&src, "%s (%zu hosts; %zu at cost.legacy_watts_per_core)",
                          site->hosts_file, site->n_hosts_today, site->n_hosts_estimated_watts);
        else
            sl_buf_printf(&src, "estimate: cost.legacy_watts_per_vcpu x %g vCPU", vcpu[s]);
        ok = !path.failed && !src.failed && derived(arr, path.data, kw, "kW", src.data);
        if (ok && site->n_hosts_today) {
            path.len = src.len = 0;
            sl_buf_printf(&path, "status_quo.%s.hosts", site->id);
            ok = !path.failed && derived(arr, path.data, (double)site->n_hosts_today, "hosts",
                                         site->hosts_file);
            path.len = 0;
            sl_buf_printf(&path, "status_quo.%s.hardware_price", site->id);
            sl_buf_printf(&src, "%s (%zu of %zu hosts at cost.legacy_price_per_core and "
                          "legacy_price_per_ram_gb)", site->hosts_file,
                          site->n_hosts_estimated_price, site->n_hosts_today);
            ok = ok && !path.failed && !src.failed &&
                 derived(arr, path.data, site->host_price_today, "currency", src.data);
        }
    }
    const sl_costing *c = p->cost;
    for (size_t a = 0; ok && c && a < m->n_agencies && a < c->n_agencies; a++) {
        const sl_agency_cost *ac = &c->per_agency[a];
        if (!ac->is_costed || !c->n_years)
            continue;
        path.len = 0;
        sl_buf_printf(&path, "status_quo.%s.hardware_per_year", m->agencies[a].id);
        const char *how = sl_agency_has_hosts_today(m, (sl_index)a)
                              ? "the hosts its halls run today x cost.status_quo_hardware_share"
                              : "modelled: its separate platform x "
                                "cost.status_quo_hardware_share (no hosts given for every hall)";
        ok = !path.failed &&
             derived(arr, path.data, ac->status_quo.lines[SL_COST_HARDWARE * c->n_years],
                     "currency/year", how);
    }
    sl_buf_free(&path);
    sl_buf_free(&src);
    sl_free(vcpu);
    sl_free(used);
    return ok;
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
    ok = ok && status_quo_sources(arr, p);
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
