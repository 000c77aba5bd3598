/* SPDX-License-Identifier: MIT */
/*
 * text_account.c - parts of the terminal summary that say what a plan's
 * figures stand on (issue 14): the account of every workload (per
 * joining agency its inventory, how many move, how many cannot, by
 * reason, and how many the scenario declares will not move, by
 * disposition, and the source halls the plan keeps open), and the price
 * of each isolation rule of the pool policy. In the options' language
 * and width, as text.c.
 */
#include "core/core.h"
#include "report/report.h"

#include <math.h>
#include <string.h>

static const sl_lang *lang_of(const sl_text_options *o)
{
    return o ? o->lang : NULL;
}

/* "3 not ready, 1 no window": the counts of codes[] by label. */
static void by_kind(char *buf, size_t len, const sl_lang *l, const char *kind,
                    const size_t *counts, int from, int to, const char *(*name)(int))
{
    buf[0] = '\0';
    for (int r = from; r < to; r++) {
        if (!counts[r])
            continue;
        size_t at = strlen(buf);
        snprintf(buf + at, len - at, "%s%zu %s", at ? ", " : "", counts[r],
                 sl_label(l, kind, name(r)));
    }
}

static const char *unsched_name(int r)
{
    return sl_unsched_name((sl_unsched_reason)r);
}

static const char *disposition_name(int d)
{
    return sl_disposition_name((sl_disposition)d);
}

int sl_text_accounting(FILE *out, const sl_plan *plan, const sl_text_options *o)
{
    const sl_model *m = plan->model;
    const sl_schedule *s = plan->schedule;
    const sl_lang *l = lang_of(o);
    bool color = o && o->color;
    if (!s || !plan->assessment)
        return 0;
    fprintf(out, "\n%s%s%s %s\n", color ? SL_TERM_SGR "[1m" : "", sl_tr(l, "Workloads accounted for"),
            color ? SL_TERM_SGR "[0m" : "",
            sl_tr(l, "(moved + cannot move + declared not to move = inventory)"));
    static const sl_tt_col cols[] = {
        {{N_("agency"), NULL}, false, 0, 0},    {{N_("inventory"), NULL}, true, 0, 0},
        {{N_("moved"), NULL}, true, 0, 0},      {{N_("cannot move"), NULL}, true, 0, 0},
        {{N_("declared"), NULL}, true, 0, 0},   {{N_("halls kept open"), NULL}, false, 0, 0},
    };
    sl_ttable t;
    sl_hall_count *hc = sl_calloc(m->n_sites ? m->n_sites : 1, sizeof *hc);
    int rc = hc ? sl_tt_init(&t, cols, SL_ARRAY_LEN(cols)) : SL_ENOMEM;
    if (rc) {
        sl_free(hc);
        return rc;
    }
    for (size_t a = 0; !rc && a < m->n_agencies; a++) {
        const sl_agency_schedule *as = &s->per_agency[a];
        if (m->agencies[a].role != SL_ROLE_JOINING || !as->n_inventory)
            continue;
        sl_buf halls = {0};
        sl_account_halls(plan, (sl_index)a, hc);
        for (size_t k = 0; k < m->n_sites; k++) {
            const sl_hall_count *h = &hc[k];
            if (h->moved + h->unmovable + h->stays + h->leaves && sl_account_hall_kept(h))
                sl_buf_printf(&halls, "%s%s", halls.len ? ", " : "", m->sites[k].id);
        }
        if (halls.failed) {
            rc = SL_ENOMEM;
            sl_buf_free(&halls);
            break;
        }
        char n[4][32];
        size_t v[4] = {as->n_inventory, as->n_moved, as->n_unmovable, as->n_declared};
        for (int k = 0; k < 4; k++)
            sl_fmt_number(n[k], sizeof n[k], l, (double)v[k], 0, true);
        const char *row[] = {m->agencies[a].id, n[0], n[1], n[2], n[3],
                             halls.len ? halls.data : "-"};
        rc = sl_tt_row(&t, row, NULL);
        sl_buf_free(&halls);
        char detail[512];
        if (!rc && as->n_unmovable) {
            by_kind(detail, sizeof detail, l, "unmovable", as->unmovable_by, 0, SL_N_UNSCHED,
                    unsched_name);
            char line[768];
            sl_says(line, sizeof line, l,
                    "cannot move: %s (not declared to stay: the agency cannot be go)", detail);
            rc = sl_tt_note(&t, line);
        }
        if (!rc && as->n_declared) {
            by_kind(detail, sizeof detail, l, "disposition", as->declared_by, SL_DISPOSITION_STAY,
                    SL_N_DISPOSITIONS, disposition_name);
            char line[768];
            sl_says(line, sizeof line, l,
                    "declared: %s (listed in the plan document with the reasons)", detail);
            rc = sl_tt_note(&t, line);
        }
    }
    sl_free(hc);
    if (!rc)
        rc = sl_tt_write(out, &t, o, 2);
    sl_tt_free(&t);
    return rc;
}

/* "agency, security class", or `none` for no rule. */
static void policy_text(char *buf, size_t len, const sl_lang *l, unsigned isolation,
                        const char *none)
{
    static const unsigned rules[] = {SL_ISOLATE_AGENCY, SL_ISOLATE_SECURITY_CLASS, SL_ISOLATE_ENV};
    buf[0] = '\0';
    for (size_t i = 0; i < SL_ARRAY_LEN(rules); i++) {
        if (!(isolation & rules[i]))
            continue;
        size_t at = strlen(buf);
        snprintf(buf + at, len - at, "%s%s", at ? ", " : "",
                 sl_label(l, "isolation", sl_isolation_name(rules[i])));
    }
    if (!buf[0])
        snprintf(buf, len, "%s", none);
}

int sl_text_isolation(FILE *out, const sl_plan *plan, const sl_text_options *o)
{
    const sl_model *m = plan->model;
    const sl_placement *pl = plan->placement;
    const sl_lang *l = lang_of(o);
    bool color = o && o->color;
    if (!pl || pl->n_isolation_steps < 2)
        return 0;
    const double *npv = plan->cost ? plan->cost->isolation_npv : NULL;
    char money_a[48], money_b[48], head[96];
    fprintf(out, "\n%s%s%s %s\n", color ? SL_TERM_SGR "[1m" : "", sl_tr(l, "The price of isolation"),
            color ? SL_TERM_SGR "[0m" : "",
            sl_tr(l, "(the shared platform under the pool policy, then each rule dropped)"));
    if (npv)
        sl_saysn(head, sizeof head, l, (unsigned long)m->horizon_years, "cost over %d year (PV)",
                 "cost over %d years (PV)", m->horizon_years);
    else
        snprintf(head, sizeof head, "%s", sl_tr(l, "cost a year"));
    sl_tt_col cols[] = {
        {{N_("isolation"), NULL}, false, 0, 0}, {{N_("hosts"), NULL}, true, 0, 0},
        {{N_("racks"), NULL}, true, 2, 0},      {{N_("facility kW"), NULL}, true, 3, 0},
        {{N_("hardware"), NULL}, true, 1, 0},   {{head, NULL}, true, 0, 0},
    };
    sl_ttable t;
    int rc = sl_tt_init(&t, cols, SL_ARRAY_LEN(cols));
    for (size_t k = 0; !rc && k < pl->n_isolation_steps; k++) {
        const sl_isolation_step *st = &pl->isolation_steps[k];
        char pol[160], hosts[32], racks[32], kw[32];
        policy_text(pol, sizeof pol, l, st->isolation, sl_label(l, "isolation", "none"));
        sl_fmt_money(money_a, sizeof money_a, l, st->cost_hardware, m->currency);
        sl_fmt_money(money_b, sizeof money_b, l, npv ? npv[k] : st->cost_per_year, m->currency);
        sl_fmt_number(hosts, sizeof hosts, l, (double)st->hosts, 0, true);
        sl_fmt_number(racks, sizeof racks, l, (double)st->racks, 0, true);
        sl_fmt_number(kw, sizeof kw, l, st->facility_kw, 1, true);
        const char *row[] = {pol, hosts, racks, kw, money_a, money_b};
        rc = sl_tt_row(&t, row, NULL);
    }
    if (!rc)
        rc = sl_tt_write(out, &t, o, 2);
    sl_tt_free(&t);
    for (size_t k = 1; !rc && k < pl->n_isolation_steps; k++) {
        const sl_isolation_step *st = &pl->isolation_steps[k], *prev = st - 1;
        char pol[160], rule[160], kw[32], line[512];
        policy_text(pol, sizeof pol, l, st->isolation, sl_tr(l, "no isolation"));
        policy_text(rule, sizeof rule, l, st->dropped, "?");
        sl_fmt_money(money_a, sizeof money_a, l,
                     npv ? npv[k - 1] - npv[k] : prev->cost_per_year - st->cost_per_year,
                     m->currency);
        sl_fmt_number(kw, sizeof kw, l, prev->facility_kw - st->facility_kw, 1, false);
        long dh = (long)prev->hosts - (long)st->hosts, dr = (long)prev->racks - (long)st->racks;
        char hosts[48], racks[48];
        sl_saysn(hosts, sizeof hosts, l, (unsigned long)labs(dh), "%+ld host", "%+ld hosts", dh);
        sl_saysn(racks, sizeof racks, l, (unsigned long)labs(dr), "%+ld rack", "%+ld racks", dr);
        if (npv)
            sl_says(line, sizeof line, l, "price of %s: %s, %s, %s%s kW, %s (against %s)", rule,
                    hosts, racks, kw[0] == '-' ? "" : "+", kw, money_a, pol);
        else
            sl_says(line, sizeof line, l, "price of %s: %s, %s, %s%s kW, %s a year (against %s)",
                    rule, hosts, racks, kw[0] == '-' ? "" : "+", kw, money_a, pol);
        fprintf(out, "  %s\n", line);
    }
    if (!rc && npv)
        fprintf(out, "  %s\n",
                sl_tr(l, "(hardware, licences, energy, racks; staff and one-offs left out)"));
    return rc;
}
