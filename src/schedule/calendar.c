/* SPDX-License-Identifier: MIT */
/*
 * calendar.c - change windows in time and the freezes that close them.
 *
 * Windows repeat weekly from the scenario's rules (e.g. Friday 18:00 for
 * 60 hours). A window is closed to an agency when any calendar day it
 * touches lies in one of that agency's freezes, or in a target freeze: a
 * move that starts before the income tax return season but runs into it is
 * still a move during the season.
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

bool sl_window_frozen(const sl_sched_window *w, const sl_freeze *f, size_t n)
{
    for (sl_date d = w->day; d <= w->last_day; d++)
        if (sl_freeze_covers(f, n, d))
            return true;
    return false;
}
