/* SPDX-License-Identifier: MIT */
/*
 * calendar.c - change windows in time and the freezes that clip them.
 *
 * Windows repeat weekly from the scenario's rules (e.g. Friday 18:00 for
 * 60 hours). Freezes are whole calendar days. A freeze clips a window
 * instead of closing it: the window keeps, for an agency, its hours on
 * days that lie in none of the agency's freezes nor in a target freeze,
 * so a 108-hour window from Friday evening that runs into a frozen
 * Monday keeps its weekend. Only a window with every day frozen is
 * closed. The open hours set the link's capacity in the window
 * (problem.c), and the day of the last open minute dates a move in it;
 * the agency's staff hours stay the week's share, since a freeze stops
 * changes, not people, and scaling them by the open hours would give a
 * wider window that runs further into a freeze fewer staff hours than a
 * narrower one (issue 14: closing the whole window made a wider window
 * give a later plan).
 */
#include "schedule/schedule.h"

#include <stdlib.h>

static int cmp_window(const void *a, const void *b)
{
    const sl_sched_window *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->start_minute != y->start_minute)
        return x->start_minute < y->start_minute ? -1 : 1;
    return x->hours < y->hours ? -1 : x->hours > y->hours;
}

int sl_sched_windows(sl_sched_window **out, size_t *n, const sl_windows *rules, sl_date from,
                     sl_date until)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    sl_sched_window *w = NULL;
    for (sl_date day = from; day < until; day++) {
        int wd = sl_date_weekday(day);
        for (size_t r = 0; r < rules->n_rules; r++) {
            const sl_window_rule *rule = &rules->rules[r];
            if (rule->start_weekday != wd)
                continue;
            if (SL_GROW(w, cap, *n + 1)) {
                sl_free(w);
                *n = 0;
                return SL_ENOMEM;
            }
            sl_sched_window *x = &w[(*n)++];
            x->day = day;
            x->start_minute = rule->start_minute;
            x->hours = rule->hours;
            long end = (long)rule->start_minute + (long)(rule->hours * 60.0 + 0.5);
            x->end_day = day + (sl_date)(end / 1440);
            x->end_minute = (int)(end % 1440);
            /* the day of the last minute inside the window */
            x->last_day = day + (sl_date)((end - 1) / 1440);
        }
    }
    if (*n)
        qsort(w, *n, sizeof *w, cmp_window);
    /* staff hours are weekly: windows of one week share them by length */
    double week_hours = 0;
    for (size_t r = 0; r < rules->n_rules; r++)
        week_hours += rules->rules[r].hours;
    for (size_t i = 0; i < *n; i++)
        w[i].week_share = week_hours > 0 ? w[i].hours / week_hours : 1.0;
    *out = w;
    return 0;
}

sl_window_open sl_window_open_part(const sl_sched_window *w, const sl_freeze *f, size_t nf,
                                   const sl_freeze *g, size_t ng)
{
    sl_window_open o = {1.0, w->day, w->last_day};
    /* minutes from the midnight that starts w->day, as the calendar
     * rounds a window's length */
    const long begin = w->start_minute;
    const long end = begin + (long)(w->hours * 60.0 + 0.5);
    long open = 0;
    bool any_frozen = false, any_open = false;
    for (sl_date d = w->day; d <= w->last_day; d++) {
        const long day_from = (long)(d - w->day) * 1440, day_to = day_from + 1440;
        const long from = begin > day_from ? begin : day_from;
        const long to = end < day_to ? end : day_to;
        if (to <= from)
            continue;
        if (sl_freeze_covers(f, nf, d) || sl_freeze_covers(g, ng, d)) {
            any_frozen = true;
            continue;
        }
        if (!any_open)
            o.first_day = d;
        any_open = true;
        o.last_day = d;
        open += to - from;
    }
    if (!any_frozen)
        return o; /* the window whole, its hours exactly as given */
    if (!any_open)
        return (sl_window_open){0.0, SL_DATE_NONE, SL_DATE_NONE};
    o.share = end > begin ? (double)open / (double)(end - begin) : 0.0;
    return o;
}
