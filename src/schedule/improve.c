/* SPDX-License-Identifier: MIT */
/*
 * improve.c - local search on a feasible schedule.
 *
 * Objective, lexicographic: (1) the last window used (finish), (2) WAN
 * exposure: the sum over pairs of communicating groups of traffic x days
 * between their moves, (3) the most critical groups in any one window.
 * Moves, each kept only when it keeps every constraint and improves the
 * objective without worsening an earlier part:
 *  - empty the last window: move its groups to earlier windows, directly
 *    or by an ejection chain (g takes h's window, h moves elsewhere);
 *  - relocate a group to the window that minimises its own exposure
 *    (candidates: its neighbours' windows), never past the finish;
 *  - move a critical group out of the busiest window.
 * Invariant: the assignment is feasible after every accepted move.
 * Cost per pass: O(G x (deg + candidates)); passes stop when nothing
 * improves or the move budget is spent.
 */
#include "schedule/schedule.h"

#include <stdlib.h>
#include <string.h>

static double group_exposure_at(const sl_sched_problem *p, const int *window, size_t g, int w)
{
    double sum = 0;
    for (size_t e = p->edge_start[g]; e < p->edge_start[g + 1]; e++) {
        int wh = window[p->edge_to[e]];
        if (wh < 0)
            continue;
        sl_date a = p->windows[w].day, b = p->windows[wh].day;
        sum += p->edge_mbps[e] * (double)(a > b ? a - b : b - a);
    }
    return sum;
}

/* Tries to move every group out of window f; true when it is empty. */
static bool empty_window(int *window, const sl_sched_problem *p, sl_sched_load *l, int f,
                         long *budget)
{
    bool emptied = true;
    for (size_t g = 0; g < p->n_groups && *budget > 0; g++) {
        if (window[g] != f)
            continue;
        bool moved = false;
        sl_sched_add(p, l, g, (size_t)f, -1);
        for (int w = p->group_release[g]; w < f && !moved; w++) {
            (*budget)--;
            if (sl_sched_fits(p, l, g, (size_t)w) == SL_BIND_NONE) {
                window[g] = w;
                sl_sched_add(p, l, g, (size_t)w, +1);
                moved = true;
            }
        }
        /* ejection chain of length two: g takes the place of a group h in
         * an earlier window, h moves to another window before f */
        for (size_t h = 0; h < p->n_groups && !moved && *budget > 0; h++) {
            int wh = window[h];
            if (wh < p->group_release[g] || wh >= f || h == g)
                continue;
            (*budget)--;
            sl_sched_add(p, l, h, (size_t)wh, -1);
            if (sl_sched_fits(p, l, g, (size_t)wh) == SL_BIND_NONE) {
                sl_sched_add(p, l, g, (size_t)wh, +1);
                for (int w2 = p->group_release[h]; w2 < f && !moved; w2++) {
                    (*budget)--;
                    if (w2 != wh && sl_sched_fits(p, l, h, (size_t)w2) == SL_BIND_NONE) {
                        sl_sched_add(p, l, h, (size_t)w2, +1);
                        window[g] = wh;
                        window[h] = w2;
                        moved = true;
                    }
                }
                if (moved)
                    break;
                sl_sched_add(p, l, g, (size_t)wh, -1);
            }
            sl_sched_add(p, l, h, (size_t)wh, +1);
        }
        if (!moved) {
            sl_sched_add(p, l, g, (size_t)f, +1);
            emptied = false;
        }
    }
    return emptied;
}

/* One pass of exposure moves; returns the number of improvements. */
static long exposure_pass(int *window, const sl_sched_problem *p, sl_sched_load *l, int finish,
                          long *budget)
{
    long improved = 0;
    for (size_t g = 0; g < p->n_groups && *budget > 0; g++) {
        int cur = window[g];
        if (cur < 0 || p->edge_start[g] == p->edge_start[g + 1])
            continue;
        double best = group_exposure_at(p, window, g, cur);
        int best_w = cur;
        sl_sched_add(p, l, g, (size_t)cur, -1);
        for (size_t e = p->edge_start[g]; e < p->edge_start[g + 1] && *budget > 0; e++) {
            int wh = window[p->edge_to[e]];
            for (int d = -1; d <= 1; d++) {
                int w = wh + d;
                if (wh < 0 || w < p->group_release[g] || w > finish || w == cur || w == best_w)
                    continue;
                (*budget)--;
                if (sl_sched_fits(p, l, g, (size_t)w) != SL_BIND_NONE)
                    continue;
                double x = group_exposure_at(p, window, g, w);
                if (x < best - 1e-9 || (x <= best + 1e-9 && w < best_w)) {
                    best = x;
                    best_w = w;
                }
            }
        }
        window[g] = best_w;
        sl_sched_add(p, l, g, (size_t)best_w, +1);
        if (best_w != cur)
            improved++;
    }
    return improved;
}

/* Moves critical groups out of the busiest windows while exposure does
 * not grow. */
static void critical_pass(int *window, const sl_sched_problem *p, sl_sched_load *l, int finish,
                          long *budget)
{
    int peak = 0;
    for (size_t w = 0; w < p->n_windows; w++)
        peak = SL_MAX(peak, l->critical[w]);
    if (peak <= 1)
        return;
    for (size_t g = 0; g < p->n_groups && *budget > 0; g++) {
        int cur = window[g];
        if (cur < 0 || !p->group_is_critical[g] || l->critical[cur] < peak)
            continue;
        double here = group_exposure_at(p, window, g, cur);
        sl_sched_add(p, l, g, (size_t)cur, -1);
        int best_w = cur;
        for (int w = p->group_release[g]; w <= finish && *budget > 0; w++) {
            (*budget)--;
            if (w == cur || l->critical[w] + 1 >= peak)
                continue;
            if (sl_sched_fits(p, l, g, (size_t)w) != SL_BIND_NONE)
                continue;
            if (group_exposure_at(p, window, g, w) <= here + 1e-9) {
                best_w = w;
                break;
            }
        }
        window[g] = best_w;
        sl_sched_add(p, l, g, (size_t)best_w, +1);
    }
}

int sl_sched_improve(int *window, const sl_sched_problem *p, long max_moves)
{
    sl_sched_load l;
    if (sl_sched_load_init(&l, p))
        return SL_ENOMEM;
    for (size_t g = 0; g < p->n_groups; g++)
        if (window[g] >= 0)
            sl_sched_add(p, &l, g, (size_t)window[g], +1);
    long budget = max_moves;
    int finish = sl_sched_finish(window, p);
    while (finish > 0 && budget > 0 && empty_window(window, p, &l, finish, &budget)) {
        int f = sl_sched_finish(window, p);
        if (f >= finish)
            break;
        finish = f;
    }
    finish = sl_sched_finish(window, p);
    for (int pass = 0; pass < 20 && budget > 0; pass++)
        if (exposure_pass(window, p, &l, finish, &budget) == 0)
            break;
    critical_pass(window, p, &l, finish, &budget);
    sl_sched_load_free(&l);
    return 0;
}
