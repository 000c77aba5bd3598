/* SPDX-License-Identifier: MIT */
/*
 * json_schedule.c - the `schedule` section of the plan document, and each
 * workload's `window`.
 */
#include "report/json.h"

#include <stdio.h>

static json_t *moment(sl_date day, int minute)
{
    char d[11], buf[32];
    sl_date_format(d, day);
    snprintf(buf, sizeof buf, "%sT%02d:%02d", d, minute / 60, minute % 60);
    return json_string(buf);
}

/* The id the `groups` section gives the group (json_group.c). */
static json_t *group_id(const sl_plan *p, sl_index g)
{
    (void)p;
    return json_integer((json_int_t)g);
}

/* {"vcpu": v[0], "ram_gb": v[1]} */
static json_t *cap_dims(const double *v)
{
    json_t *o = json_object();
    if (o && sl_json_set(o, "vcpu", json_real(v[0])) && sl_json_set(o, "ram_gb", json_real(v[1])))
        return o;
    json_decref(o);
    return NULL;
}

static bool wave_json(json_t *o, const sl_plan *p, const sl_wave *w)
{
    const sl_model *m = p->model;
    bool ok = sl_json_set(o, "index", json_integer(w->index)) &&
              sl_json_set(o, "start", moment(w->start_day, w->start_minute)) &&
              sl_json_set(o, "end", moment(w->end_day, w->end_minute)) &&
              sl_json_set(o, "hours", json_real(w->hours));
    json_t *groups = ok ? sl_json_add_array(o, "groups") : NULL;
    ok = groups != NULL;
    for (size_t i = 0; ok && i < w->n_groups; i++)
        ok = sl_json_push(groups, group_id(p, w->groups[i]));
    json_t *hours = ok ? sl_json_add_object(o, "staff_hours") : NULL;
    json_t *cap = hours ? sl_json_add_object(o, "staff_capacity") : NULL;
    json_t *open = cap ? sl_json_add_object(o, "open_hours") : NULL;
    ok = open != NULL;
    /* only the agencies that move in the wave; open_hours: what the
     * freezes leave of the window to each (docs/SCHEDULE.md) */
    for (size_t a = 0; ok && a < m->n_agencies; a++)
        if (w->staff_hours[a] > 0)
            ok = sl_json_set(hours, m->agencies[a].id, json_real(w->staff_hours[a])) &&
                 sl_json_set(cap, m->agencies[a].id, json_real(w->staff_cap[a])) &&
                 sl_json_set(open, m->agencies[a].id, json_real(w->open_hours[a]));
    return ok && sl_json_set(o, "transfer_tb", json_real(w->transfer_tb)) &&
           sl_json_set(o, "workloads", json_integer(w->n_workloads)) &&
           sl_json_set(o, "critical_groups", json_integer(w->n_critical)) &&
           (!p->schedule->capacity.is_limited ||
            (sl_json_set(o, "target_load", cap_dims(w->target_load)) &&
             sl_json_set(o, "target_capacity", cap_dims(w->target_capacity))));
}

/* The limit the schedule kept: capacity steps over windows and each
 * group's load, enough for a checker to verify it from the document. */
static bool capacity_json(json_t *o, const sl_schedule *s)
{
    const sl_target_capacity *c = &s->capacity;
    bool ok = sl_json_set(o, "limited", json_boolean(c->is_limited));
    if (!c->is_limited)
        return ok;
    json_t *dims = ok ? sl_json_add_array(o, "dims") : NULL;
    ok = dims && sl_json_push(dims, json_string("vcpu")) &&
         sl_json_push(dims, json_string("ram_gb")) &&
         sl_json_set(o, "hosts_needed", json_integer((json_int_t)c->hosts_needed)) &&
         sl_json_set(o, "hosts_taken", json_integer((json_int_t)c->hosts_taken)) &&
         sl_json_set(o, "spare_hosts", json_integer((json_int_t)c->spare_hosts)) &&
         sl_json_set(o, "site_share", json_real(c->share)) &&
         sl_json_set(o, "available_from", sl_json_date(c->available_from));
    json_t *steps = ok ? sl_json_add_array(o, "steps") : NULL;
    ok = steps != NULL;
    for (size_t k = 0; ok && k < c->n_steps; k++) {
        json_t *so = sl_json_push_object(steps);
        ok = so && sl_json_set(so, "from_window", json_integer(c->step_window[k])) &&
             sl_json_set(so, "vcpu", json_real(c->step_cap[k * SL_SCHEDULE_CAP_DIMS])) &&
             sl_json_set(so, "ram_gb", json_real(c->step_cap[k * SL_SCHEDULE_CAP_DIMS + 1]));
    }
    /* [group id, vcpu, ram_gb] for every group with a load */
    json_t *loads = ok ? sl_json_add_array(o, "group_load") : NULL;
    ok = loads != NULL;
    for (size_t g = 0; ok && g < s->n_groups; g++) {
        const double *v = &c->group_load[g * SL_SCHEDULE_CAP_DIMS];
        if (v[0] <= 0 && v[1] <= 0)
            continue;
        json_t *row = json_array();
        ok = row && sl_json_push(loads, row) && sl_json_push(row, json_integer((json_int_t)g)) &&
             sl_json_push(row, json_real(v[0])) && sl_json_push(row, json_real(v[1]));
    }
    return ok;
}


static bool agency_json(json_t *ao, const sl_model *m, size_t a, const sl_agency_schedule *as)
{
    return sl_json_set(ao, "agency", json_string(m->agencies[a].id)) &&
           sl_json_set(ao, "first_move", sl_json_date(as->first_move)) &&
           sl_json_set(ao, "finish", sl_json_date(as->finish)) &&
           sl_json_set(ao, "groups", json_integer((json_int_t)as->n_groups)) &&
           sl_json_set(ao, "workloads", json_integer((json_int_t)as->n_workloads)) &&
           sl_json_set(ao, "unscheduled", json_integer((json_int_t)as->n_unscheduled)) &&
           sl_json_set(ao, "effort_hours", json_real(as->effort_hours)) &&
           sl_json_set(ao, "binds", json_string(sl_binds_name(as->binds))) &&
           sl_json_set(ao, "binding_gate", as->binding_gate == SL_NONE
                                               ? json_null()
                                               : json_string(m->gates[as->binding_gate].id)) &&
           sl_json_set(ao, "frozen_windows", json_integer((json_int_t)as->n_frozen_windows));
}

json_t *sl_json_schedule(const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_schedule *s = p->schedule;
    json_t *o = json_object();
    bool ok = o && sl_json_set(o, "finish", sl_json_date(s->finish)) &&
              sl_json_set(o, "assumes",
                          json_string("the likely value of every input, each gate passing at its "
                                      "likely date, no move failing: a plan, not a forecast "
                                      "(simulation.if_gates_pass has the simulated finish)")) &&
              sl_json_set(o, "deadline", sl_json_date(m->deadline)) &&
              sl_json_set(o, "complete", json_boolean(s->is_complete)) &&
              sl_json_set(o, "wan_exposure", json_real(s->wan_exposure)) &&
              sl_json_set(o, "wan_exposure_unit", json_string("Mbit/s x days")) &&
              sl_json_set(o, "max_critical_per_wave", json_integer(s->max_critical_per_wave));
    json_t *exact = ok ? sl_json_add_object(o, "exact") : NULL;
    ok = exact && sl_json_set(exact, "used", json_boolean(s->used_exact)) &&
         sl_json_set(exact, "proven_optimal", json_boolean(s->is_proven_optimal)) &&
         sl_json_set(exact, "heuristic_gap_windows", json_real(s->heuristic_finish_gap_windows));
    json_t *agencies = ok ? sl_json_add_array(o, "per_agency") : NULL;
    ok = agencies != NULL;
    for (size_t a = 0; ok && a < m->n_agencies; a++) {
        const sl_agency_schedule *as = &s->per_agency[a];
        if ((m->agencies[a].role == SL_ROLE_HOST && as->n_groups == 0) ||
            sl_agency_stays_out(&m->agencies[a]))
            continue;
        json_t *ao = sl_json_push_object(agencies);
        ok = ao && agency_json(ao, m, a, as);
    }
    json_t *binds = ok ? sl_json_add_object(o, "binds") : NULL;
    ok = binds != NULL;
    for (int b = 1; ok && b < SL_N_BINDS; b++)
        ok = sl_json_set(binds, sl_binds_name((sl_binds)b), json_integer(s->binds_count[b]));
    json_t *capacity = ok ? sl_json_add_object(o, "target_capacity") : NULL;
    ok = capacity && capacity_json(capacity, s);
    json_t *waves = ok ? sl_json_add_array(o, "windows") : NULL;
    ok = waves != NULL;
    for (size_t i = 0; ok && i < s->n_waves; i++) {
        json_t *wo = sl_json_push_object(waves);
        ok = wo && wave_json(wo, p, &s->waves[i]);
    }
    json_t *un = ok ? sl_json_add_array(o, "unscheduled") : NULL;
    ok = un != NULL;
    for (size_t i = 0; ok && i < s->n_unscheduled; i++) {
        const sl_unscheduled *u = &s->unscheduled[i];
        json_t *uo = sl_json_push_object(un);
        ok = uo && sl_json_set(uo, "workload", json_string(m->workloads[u->workload].id)) &&
             sl_json_set(uo, "reason", json_string(sl_unsched_name(u->reason))) &&
             sl_json_set(uo, "text", json_string(u->text)) &&
             sl_json_phrase_into(uo, &u->phrase);
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

bool sl_json_schedule_workloads(json_t *workloads, const sl_plan *p)
{
    const sl_schedule *s = p->schedule;
    const sl_grouping *g = p->grouping;
    for (size_t i = 0; i < json_array_size(workloads); i++) {
        json_t *o = json_array_get(workloads, i);
        sl_index grp = g && i < g->n_workloads ? g->group_of[i] : SL_NONE;
        int w = grp != SL_NONE && grp < s->n_groups ? s->group_window[grp] : -1;
        if (!sl_json_set(o, "window", w >= 0 ? json_integer(w) : json_null()))
            return false;
    }
    return true;
}
