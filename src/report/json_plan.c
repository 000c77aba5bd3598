/* SPDX-License-Identifier: MIT */
/*
 * json_plan.c - the plan document as JSON, written to a file as it is
 * produced or built as a jansson tree for the reports, from the same calls
 * (json_stream.c). Keys keep their order, numbers print with 12
 * significant digits, dates as YYYY-MM-DD, so the output is stable for
 * golden tests and diffs.
 *
 * Sections: samlok (format version), scenario, workloads; each later stage
 * adds its own section through report/json_<stage>.c (schedule and the
 * accounting of every workload, cost, risks, verdicts);
 * calendar and assumptions (json_assumptions.c) close the document.
 */
#include "report/json.h"

#include <string.h>

json_t *sl_json_date(sl_date d)
{
    if (d == SL_DATE_NONE)
        return json_null();
    char buf[11];
    sl_date_format(buf, d);
    return json_string(buf);
}

json_t *sl_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Adds value to obj under key, consuming value; false on failure. */
bool sl_json_set(json_t *obj, const char *key, json_t *value)
{
    return value && json_object_set_new(obj, key, value) == 0;
}

bool sl_json_push(json_t *arr, json_t *value)
{
    return value && json_array_append_new(arr, value) == 0;
}

json_t *sl_json_add_object(json_t *parent, const char *key)
{
    json_t *o = json_object();
    return parent && sl_json_set(parent, key, o) ? o : NULL;
}

json_t *sl_json_add_array(json_t *parent, const char *key)
{
    json_t *a = json_array();
    return parent && sl_json_set(parent, key, a) ? a : NULL;
}

json_t *sl_json_push_object(json_t *array)
{
    json_t *o = json_object();
    return array && sl_json_push(array, o) ? o : NULL;
}

static json_t *scenario_json(const sl_plan *p)
{
    const sl_model *m = p->model;
    json_t *o = json_object();
    if (!o)
        return NULL;
    bool ok = sl_json_set(o, "name", sl_json_str(m->name)) &&
              sl_json_set(o, "description", sl_json_str(m->description)) &&
              sl_json_set(o, "file", sl_json_str(m->file)) &&
              sl_json_set(o, "start", sl_json_date(m->start)) &&
              sl_json_set(o, "deadline", sl_json_date(m->deadline)) &&
              sl_json_set(o, "currency", sl_json_str(m->currency)) &&
              sl_json_set(o, "discount_rate", json_real(m->discount_rate)) &&
              sl_json_set(o, "horizon_years", json_integer(m->horizon_years)) &&
              sl_json_set(o, "seed", json_integer((json_int_t)p->seed)) &&
              sl_json_set(o, "iterations", json_integer(p->iterations));
    json_t *agencies = json_array();
    ok = ok && sl_json_set(o, "agencies", agencies);
    for (size_t i = 0; ok && i < m->n_agencies; i++) {
        const sl_agency *a = &m->agencies[i];
        json_t *ao = json_object();
        ok = sl_json_push(agencies, ao) && sl_json_set(ao, "id", sl_json_str(a->id)) &&
             sl_json_set(ao, "name", sl_json_str(a->name)) &&
             sl_json_set(ao, "role", json_string(sl_role_name(a->role))) &&
             sl_json_set(ao, "budget", a->budget > 0 ? json_real(a->budget) : json_null());
        /* only when it stays out, so plans of scenarios without the key
         * read as before */
        if (ok && sl_agency_stays_out(a))
            ok = sl_json_set(ao, "joins", json_false());
    }
    json_t *sites = json_array();
    ok = ok && sl_json_set(o, "sites", sites);
    for (size_t i = 0; ok && i < m->n_sites; i++) {
        const sl_site *s = &m->sites[i];
        json_t *so = json_object();
        ok = sl_json_push(sites, so) && sl_json_set(so, "id", sl_json_str(s->id)) &&
             sl_json_set(so, "name", sl_json_str(s->name)) &&
             sl_json_set(so, "owner", sl_json_str(m->agencies[s->owner].id)) &&
             sl_json_set(so, "role", json_string(s->role == SL_SITE_TARGET ? "target" : "source"));
    }
    /* the links by their ends, for the assumption log's links.N paths */
    json_t *links = json_array();
    ok = ok && sl_json_set(o, "links", links);
    for (size_t i = 0; ok && i < m->n_links; i++) {
        json_t *lo = json_object();
        ok = sl_json_push(links, lo) &&
             sl_json_set(lo, "from", sl_json_str(m->sites[m->links[i].from].id)) &&
             sl_json_set(lo, "to", sl_json_str(m->sites[m->links[i].to].id));
    }
    ok = ok && sl_json_set(o, "flows", json_integer((json_int_t)m->n_flows)) &&
         sl_json_set(o, "unmatched_endpoints", json_integer((json_int_t)m->n_unmatched_endpoints));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The document, section by section, in the order readers and golden
 * files know: what a stage adds to each workload or group is written with
 * it (json_workload.c, json_group.c), so nothing is built and revisited. */
void sl_json_plan_write(sl_jw *w, const sl_plan *p)
{
    sl_jw_object(w, NULL);
    sl_jw_int(w, "samlok", SL_FORMAT_VERSION);
    sl_jw_value(w, "scenario", scenario_json(p));
    sl_json_workloads(w, p);
    sl_json_place(w, p);
    if (p->placement && p->placement->n_isolation_steps)
        sl_jw_value(w, "isolation", sl_json_isolation(p));
    sl_json_groups(w, p);
    if (p->schedule) {
        sl_json_schedule(w, p);
        if (p->assessment)
            sl_json_accounting(w, p);
    }
    if (p->simulation)
        sl_jw_value(w, "simulation", sl_json_simulate(p));
    if (p->cost)
        sl_jw_value(w, "cost", sl_json_cost(p));
    if (p->risk) {
        sl_jw_value(w, "risks", sl_json_risks(p));
        sl_jw_value(w, "verdicts", sl_json_verdicts(p));
    }
    if (p->review && p->review->without.n_left_out)
        sl_jw_value(w, "without_no_go", sl_json_without_no_go(p));
    sl_jw_value(w, "calendar", sl_json_calendar(p));
    sl_jw_value(w, "assumptions", sl_json_assumptions(p));
    sl_jw_end(w);
}

json_t *sl_json_plan(const sl_plan *p)
{
    sl_jw w;
    sl_jw_to_tree(&w);
    sl_json_plan_write(&w, p);
    return sl_jw_finish(&w) == 0 ? sl_jw_take(&w) : NULL;
}

/* Streamed: the document reaches the file as it is produced, never whole
 * in memory (issue 18); the bytes are those json_dump_callback wrote for
 * the whole tree, with the same newline after it. */
int sl_write_json(FILE *out, const sl_plan *p, sl_diag *d)
{
    (void)d;
    sl_jw w;
    sl_jw_to_file(&w, out);
    sl_json_plan_write(&w, p);
    int rc = sl_jw_finish(&w);
    if (rc)
        return rc;
    return fputc('\n', out) == EOF ? SL_EIO : 0;
}
