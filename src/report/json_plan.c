/* SPDX-License-Identifier: MIT */
/*
 * json_plan.c - the plan document as JSON (jansson). Keys keep insertion
 * order, numbers print with 12 significant digits, dates as YYYY-MM-DD,
 * so the output is stable for golden tests and diffs.
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

static bool workload_json(json_t *o, const sl_model *m, const sl_workload *w)
{
    bool ok = sl_json_set(o, "id", json_string(w->id)) &&
              sl_json_set(o, "agency", json_string(m->agencies[w->agency].id)) &&
              sl_json_set(o, "site", json_string(m->sites[w->site].id)) &&
              sl_json_set(o, "app",
                          w->app == SL_NONE ? json_null() : json_string(m->apps[w->app].name)) &&
              sl_json_set(o, "env", json_string(w->env)) &&
              sl_json_set(o, "tier", json_integer(w->tier)) &&
              sl_json_set(o, "vcpu", json_real(w->vcpu)) &&
              sl_json_set(o, "ram_gb", json_real(w->ram_gb)) &&
              sl_json_set(o, "storage_gb", json_real(w->storage_gb)) &&
              sl_json_set(o, "os", json_string(w->os)) &&
              sl_json_set(o, "security_class", json_string(w->security_class));
    json_t *tags = ok ? sl_json_add_array(o, "legal_tags") : NULL;
    ok = tags != NULL;
    for (size_t i = 0; ok && i < w->n_legal_tags; i++)
        ok = sl_json_push(tags, json_string(w->legal_tags[i]));
    return ok && sl_json_set(o, "ha_group", sl_json_str(w->ha_group)) &&
           sl_json_set(o, "method", json_string(m->migration.methods[w->method].id)) &&
           sl_json_set(o, "powered_off", json_boolean(w->is_powered_off)) &&
           sl_json_set(o, "owner", json_string(w->owner ? w->owner : ""));
}

json_t *sl_json_plan(const sl_plan *p)
{
    const sl_model *m = p->model;
    json_t *root = json_object();
    bool ok = root && sl_json_set(root, "samlok", json_integer(SL_FORMAT_VERSION)) &&
              sl_json_set(root, "scenario", scenario_json(p));
    json_t *workloads = ok ? sl_json_add_array(root, "workloads") : NULL;
    ok = workloads != NULL;
    for (size_t i = 0; ok && i < m->n_workloads; i++) {
        json_t *o = sl_json_push_object(workloads);
        ok = o && workload_json(o, m, &m->workloads[i]);
    }
    ok = ok && sl_json_place(root, p) &&
         (!p->placement || !p->placement->n_isolation_steps ||
          sl_json_set(root, "isolation", sl_json_isolation(p))) &&
         sl_json_groups(root, p) && sl_json_runbook(root, p);
    if (ok && p->schedule)
        ok = sl_json_schedule_workloads(workloads, p) &&
             sl_json_set(root, "schedule", sl_json_schedule(p)) &&
             (!p->assessment || sl_json_set(root, "accounting", sl_json_accounting(p)));
    if (ok && p->simulation)
        ok = sl_json_set(root, "simulation", sl_json_simulate(p));
    if (ok && p->cost)
        ok = sl_json_set(root, "cost", sl_json_cost(p));
    if (ok && p->risk)
        ok = sl_json_set(root, "risks", sl_json_risks(p)) &&
             sl_json_set(root, "verdicts", sl_json_verdicts(p));
    if (ok && p->review && p->review->without.n_left_out)
        ok = sl_json_set(root, "without_no_go", sl_json_without_no_go(p));
    ok = ok && sl_json_set(root, "calendar", sl_json_calendar(p)) &&
         sl_json_set(root, "assumptions", sl_json_assumptions(p));
    if (!ok) {
        json_decref(root);
        return NULL;
    }
    return root;
}

static int dump_cb(const char *buf, size_t size, void *data)
{
    return fwrite(buf, 1, size, (FILE *)data) == size ? 0 : -1;
}

int sl_write_json(FILE *out, const sl_plan *p, sl_diag *d)
{
    json_t *root = sl_json_plan(p);
    if (!root)
        return SL_ENOMEM;
    int rc = json_dump_callback(root, dump_cb, out,
                                JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    json_decref(root);
    if (rc != 0)
        return SL_EIO;
    return fputc('\n', out) == EOF ? SL_EIO : 0;
}
