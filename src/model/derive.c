/* SPDX-License-Identifier: MIT */
/*
 * derive.c - small values derived from the model that several stages need
 * in the same form: which gates apply to a workload, when a gate passes,
 * which days a freeze closes, how much data and effort a workload's move
 * takes.
 */
#include "model/model.h"

#include <string.h>

static bool has_word(const char *const *list, size_t n, const char *word)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], word) == 0)
            return true;
    return false;
}

bool sl_selector_matches(const sl_model *m, const sl_selector *s, const sl_workload *w)
{
    (void)m;
    if (s->is_all)
        return true;
    if (s->n_agencies) {
        bool hit = false;
        for (size_t i = 0; i < s->n_agencies && !hit; i++)
            hit = s->agencies[i] == w->agency;
        if (!hit)
            return false;
    }
    if (s->n_security_classes &&
        !has_word(s->security_classes, s->n_security_classes, w->security_class))
        return false;
    if (s->n_legal_tags) {
        bool hit = false;
        for (size_t i = 0; i < w->n_legal_tags && !hit; i++)
            hit = has_word(s->legal_tags, s->n_legal_tags, w->legal_tags[i]);
        if (!hit)
            return false;
    }
    if (s->n_tiers) {
        bool hit = false;
        for (size_t i = 0; i < s->n_tiers && !hit; i++)
            hit = s->tiers[i] == w->tier;
        if (!hit)
            return false;
    }
    return s->n_agencies || s->n_security_classes || s->n_legal_tags || s->n_tiers;
}

/* month*100 + day of a date */
static int month_day(sl_date d)
{
    int y, m, day;
    sl_date_to_ymd(d, &y, &m, &day);
    return m * 100 + day;
}

/* True when d is among the last `days` working days (Mon-Fri) of its
 * month. Public holidays are not modelled; a scenario can add them as
 * dated freezes. */
static bool is_month_end(sl_date d, int days)
{
    if (sl_date_weekday(d) >= 5)
        return false;
    int y, m, day;
    sl_date_to_ymd(d, &y, &m, &day);
    sl_date last = sl_date_add_months(sl_date_from_ymd(y, m, 1), 1) - 1;
    int working_after = 0;
    for (sl_date x = d + 1; x <= last; x++)
        working_after += sl_date_weekday(x) < 5;
    return working_after < days;
}

bool sl_freeze_covers(const sl_freeze *f, size_t n, sl_date day)
{
    for (size_t i = 0; i < n; i++) {
        switch (f[i].kind) {
        case SL_FREEZE_YEARLY: {
            int md = month_day(day);
            bool in = f[i].from_md <= f[i].to_md ? md >= f[i].from_md && md <= f[i].to_md
                                                 : md >= f[i].from_md || md <= f[i].to_md;
            if (in)
                return true;
            break;
        }
        case SL_FREEZE_DATES:
            if (day >= f[i].from && day <= f[i].to)
                return true;
            break;
        case SL_FREEZE_MONTH_END:
            if (is_month_end(day, f[i].days))
                return true;
            break;
        }
    }
    return false;
}

sl_date sl_gate_date(const sl_gate *g, double lead_months)
{
    return sl_date_add_months(g->opens, lead_months);
}

double sl_workload_tb(const sl_model *m, const sl_workload *w)
{
    const sl_method *me = &m->migration.methods[w->method];
    /* storage is in GiB: 2^30 bytes */
    return w->storage_gb * me->copy_factor * 1073741824.0 / 1e12;
}

const sl_dist *sl_workload_effort_dist(const sl_model *m, const sl_workload *w)
{
    const sl_method *me = &m->migration.methods[w->method];
    if (w->tier >= 1 && w->tier <= SL_N_TIERS && me->has_tier_effort[w->tier - 1])
        return &me->effort_hours_by_tier[w->tier - 1];
    return &me->effort_hours;
}

double sl_workload_effort_h(const sl_model *m, const sl_workload *w, double effort_hours)
{
    const sl_method *me = &m->migration.methods[w->method];
    return effort_hours + me->effort_hours_per_tb * sl_workload_tb(m, w);
}

const sl_link *sl_model_link_from(const sl_model *m, sl_index site)
{
    for (size_t i = 0; i < m->n_links; i++) {
        const sl_link *l = &m->links[i];
        if (l->from == site && m->sites[l->to].role == SL_SITE_TARGET)
            return l;
        if (l->to == site && m->sites[l->from].role == SL_SITE_TARGET)
            return l;
    }
    return NULL;
}

static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return false;
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i]) {
            char a = hay[i], b = needle[i];
            a = a >= 'A' && a <= 'Z' ? (char)(a + 32) : a;
            b = b >= 'A' && b <= 'Z' ? (char)(b + 32) : b;
            if (a != b)
                break;
            i++;
        }
        if (i == n)
            return true;
    }
    return false;
}

const char *sl_os_unsupported_by(const sl_model *m, const char *os)
{
    for (size_t i = 0; os && i < m->n_unsupported_os; i++)
        if (contains_nocase(os, m->unsupported_os[i]))
            return m->unsupported_os[i];
    return NULL;
}

bool sl_os_is_unsupported(const sl_model *m, const char *os)
{
    return sl_os_unsupported_by(m, os) != NULL;
}

double sl_agency_hours_after_notice(const sl_agency *a)
{
    double hours = a->migration_hours_per_week.likely;
    if (a->role != SL_ROLE_JOINING)
        return hours;
    return hours * (1.0 - a->staff_decline_share.likely * a->staff_early_leave_share.likely);
}

double sl_site_it_kw(const sl_model *m, const sl_site *s, double vcpu, sl_it_kw_source *source)
{
    sl_it_kw_source src = s->it_kw > 0               ? SL_IT_KW_GIVEN
                          : s->n_hosts_today > 0 ? SL_IT_KW_HOSTS
                                                 : SL_IT_KW_PER_VCPU;
    if (source)
        *source = src;
    if (src == SL_IT_KW_GIVEN)
        return s->it_kw;
    if (src == SL_IT_KW_HOSTS)
        return s->host_watts_today / 1000.0;
    return vcpu * m->cost.legacy_watts_per_vcpu / 1000.0;
}

bool sl_agency_has_hosts_today(const sl_model *m, sl_index a)
{
    /* without allocating (a caller cannot tell a failure from "no"): most
     * agencies list no hosts at all, and the others few halls without */
    bool any = false;
    for (size_t s = 0; s < m->n_sites; s++)
        any |= m->sites[s].owner == a && m->sites[s].role == SL_SITE_SOURCE &&
               m->sites[s].n_hosts_today > 0;
    if (!any)
        return false;
    for (size_t s = 0; s < m->n_sites; s++) {
        const sl_site *site = &m->sites[s];
        if (site->owner != a || site->role != SL_SITE_SOURCE || site->n_hosts_today > 0)
            continue;
        for (size_t i = 0; i < m->n_workloads; i++)
            if (m->workloads[i].agency == a && m->workloads[i].site == s)
                return false; /* a hall with workloads and no hosts listed */
    }
    return true;
}
