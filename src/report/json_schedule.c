/* SPDX-License-Identifier: MIT */
/*
 * json_schedule.c - the `schedule` section of the plan document, and each
 * workload's `window`.
 */
#include "report/json.h"

#include <stdio.h>

static void moment(sl_jw *w, const char *key, sl_date day, int minute)
{
    char d[11], buf[32];
    sl_date_format(d, day);
    snprintf(buf, sizeof buf, "%sT%02d:%02d", d, minute / 60, minute % 60);
    sl_jw_str(w, key, buf);
}

/* {"vcpu": v[0], "ram_gb": v[1]} */
static void cap_dims(sl_jw *w, const char *key, const double *v)
{
    sl_jw_object(w, key);
    sl_jw_real(w, "vcpu", v[0]);
    sl_jw_real(w, "ram_gb", v[1]);
    sl_jw_end(w);
}

/* One window; the groups in it by the id the `groups` section gives them
 * (json_group.c), only the agencies that move in it. */
static void wave_jw(sl_jw *w, const sl_plan *p, const sl_wave *wv)
{
    const sl_model *m = p->model;
    sl_jw_object(w, NULL);
    sl_jw_int(w, "index", wv->index);
    moment(w, "start", wv->start_day, wv->start_minute);
    moment(w, "end", wv->end_day, wv->end_minute);
    sl_jw_real(w, "hours", wv->hours);
    sl_jw_array(w, "groups");
    for (size_t i = 0; i < wv->n_groups; i++)
        sl_jw_int(w, NULL, (long long)wv->groups[i]);
    sl_jw_end(w);
    /* open_hours: what the freezes leave of the window to each agency
     * (docs/SCHEDULE.md) */
    static const char *const keys[] = {"staff_hours", "staff_capacity", "open_hours"};
    const double *const vals[] = {wv->staff_hours, wv->staff_cap, wv->open_hours};
    for (size_t k = 0; k < 3; k++) {
        sl_jw_object(w, keys[k]);
        for (size_t a = 0; a < m->n_agencies; a++)
            if (wv->staff_hours[a] > 0)
                sl_jw_real(w, m->agencies[a].id, vals[k][a]);
        sl_jw_end(w);
    }
    sl_jw_real(w, "transfer_tb", wv->transfer_tb);
    sl_jw_int(w, "workloads", wv->n_workloads);
    sl_jw_int(w, "critical_groups", wv->n_critical);
    if (p->schedule->capacity.is_limited) {
        cap_dims(w, "target_load", wv->target_load);
        cap_dims(w, "target_capacity", wv->target_capacity);
    }
    sl_jw_end(w);
}

/* The limit the schedule kept: capacity steps over windows and each
 * group's load, enough for a checker to verify it from the document. */
static void capacity_jw(sl_jw *w, const sl_schedule *s)
{
    const sl_target_capacity *c = &s->capacity;
    sl_jw_object(w, "target_capacity");
    sl_jw_bool(w, "limited", c->is_limited);
    if (c->is_limited) {
        sl_jw_array(w, "dims");
        sl_jw_str(w, NULL, "vcpu");
        sl_jw_str(w, NULL, "ram_gb");
        sl_jw_end(w);
        sl_jw_int(w, "hosts_needed", (long long)c->hosts_needed);
        sl_jw_int(w, "hosts_taken", (long long)c->hosts_taken);
        sl_jw_int(w, "spare_hosts", (long long)c->spare_hosts);
        sl_jw_real(w, "site_share", c->share);
        sl_jw_date(w, "available_from", c->available_from);
        sl_jw_array(w, "steps");
        for (size_t k = 0; k < c->n_steps; k++) {
            sl_jw_object(w, NULL);
            sl_jw_int(w, "from_window", c->step_window[k]);
            sl_jw_real(w, "vcpu", c->step_cap[k * SL_SCHEDULE_CAP_DIMS]);
            sl_jw_real(w, "ram_gb", c->step_cap[k * SL_SCHEDULE_CAP_DIMS + 1]);
            sl_jw_end(w);
        }
        sl_jw_end(w);
        /* [group id, vcpu, ram_gb] for every group with a load */
        sl_jw_array(w, "group_load");
        for (size_t g = 0; g < s->n_groups && !w->rc; g++) {
            const double *v = &c->group_load[g * SL_SCHEDULE_CAP_DIMS];
            if (v[0] <= 0 && v[1] <= 0)
                continue;
            sl_jw_array(w, NULL);
            sl_jw_int(w, NULL, (long long)g);
            sl_jw_real(w, NULL, v[0]);
            sl_jw_real(w, NULL, v[1]);
            sl_jw_end(w);
        }
        sl_jw_end(w);
    }
    sl_jw_end(w);
}

static void agency_jw(sl_jw *w, const sl_model *m, size_t a, const sl_agency_schedule *as)
{
    sl_jw_object(w, NULL);
    sl_jw_str(w, "agency", m->agencies[a].id);
    sl_jw_date(w, "first_move", as->first_move);
    sl_jw_date(w, "finish", as->finish);
    sl_jw_int(w, "groups", (long long)as->n_groups);
    sl_jw_int(w, "workloads", (long long)as->n_workloads);
    sl_jw_int(w, "unscheduled", (long long)as->n_unscheduled);
    sl_jw_real(w, "effort_hours", as->effort_hours);
    sl_jw_str(w, "binds", sl_binds_name(as->binds));
    sl_jw_str(w, "binding_gate",
              as->binding_gate == SL_NONE ? NULL : m->gates[as->binding_gate].id);
    sl_jw_int(w, "frozen_windows", (long long)as->n_frozen_windows);
    sl_jw_end(w);
}

void sl_json_schedule(sl_jw *w, const sl_plan *p)
{
    const sl_model *m = p->model;
    const sl_schedule *s = p->schedule;
    sl_jw_object(w, "schedule");
    sl_jw_date(w, "finish", s->finish);
    sl_jw_str(w, "assumes",
              "the likely value of every input, each gate passing at its likely date, no move "
              "failing: a plan, not a forecast (simulation.if_gates_pass has the simulated "
              "finish)");
    sl_jw_date(w, "deadline", m->deadline);
    sl_jw_bool(w, "complete", s->is_complete);
    sl_jw_real(w, "wan_exposure", s->wan_exposure);
    sl_jw_str(w, "wan_exposure_unit", "Mbit/s x days");
    sl_jw_int(w, "max_critical_per_wave", s->max_critical_per_wave);
    sl_jw_object(w, "exact");
    sl_jw_bool(w, "used", s->used_exact);
    sl_jw_bool(w, "proven_optimal", s->is_proven_optimal);
    sl_jw_real(w, "heuristic_gap_windows", s->heuristic_finish_gap_windows);
    sl_jw_end(w);
    sl_jw_array(w, "per_agency");
    for (size_t a = 0; a < m->n_agencies; a++) {
        const sl_agency_schedule *as = &s->per_agency[a];
        if ((m->agencies[a].role == SL_ROLE_HOST && as->n_groups == 0) ||
            sl_agency_stays_out(&m->agencies[a]))
            continue;
        agency_jw(w, m, a, as);
    }
    sl_jw_end(w);
    sl_jw_object(w, "binds");
    for (int b = 1; b < SL_N_BINDS; b++)
        sl_jw_int(w, sl_binds_name((sl_binds)b), s->binds_count[b]);
    sl_jw_end(w);
    capacity_jw(w, s);
    sl_jw_array(w, "windows");
    for (size_t i = 0; i < s->n_waves && !w->rc; i++)
        wave_jw(w, p, &s->waves[i]);
    sl_jw_end(w);
    sl_jw_array(w, "unscheduled");
    for (size_t i = 0; i < s->n_unscheduled && !w->rc; i++) {
        const sl_unscheduled *u = &s->unscheduled[i];
        sl_jw_object(w, NULL);
        sl_jw_str(w, "workload", m->workloads[u->workload].id);
        sl_jw_str(w, "reason", sl_unsched_name(u->reason));
        sl_jw_str(w, "text", u->text);
        sl_jw_phrase_into(w, &u->phrase);
        sl_jw_end(w);
    }
    sl_jw_end(w);
    sl_jw_end(w);
}

void sl_json_workload_window(sl_jw *w, const sl_plan *p, size_t i)
{
    const sl_schedule *s = p->schedule;
    const sl_grouping *g = p->grouping;
    sl_index grp = g && i < g->n_workloads ? g->group_of[i] : SL_NONE;
    int win = grp != SL_NONE && grp < s->n_groups ? s->group_window[grp] : -1;
    if (win >= 0)
        sl_jw_int(w, "window", win);
    else
        sl_jw_null(w, "window");
}
