/* SPDX-License-Identifier: MIT */
/*
 * exact.c - the schedule as a mixed-integer program, solved with GLPK, for
 * small instances (tens of groups and windows): the yardstick the
 * heuristic is measured against, and the solver of choice when it is fast.
 *
 * Model: x[g][w] = 1 when group g moves in window w, only for windows at
 * or after g's release, not frozen for its agency, and no later than the
 * finish of the starting solution (an optimum is never later).
 *   sum_w x[g][w] = 1                                  every group moves
 *   sum_g effort[g] x[g][w] <= staff[w][a]             per agency
 *   sum_g tb[g] x[g][w] <= link[w][s]                  per source hall
 *   sum_g critical[g] x[g][w] <= max_critical          per window
 *   sum_g n[g] x[g][w] <= max_workloads                per window
 *   sum_g sum_{w' <= c} load[g][d] x[g][w'] <= cap[c][d]  per capacity
 *                                        check c and dimension d (cumulative)
 * Phase 1 minimises the finish F >= sum_w w x[g][w]. Phase 2 fixes F and
 * minimises WAN exposure sum_e mbps[e] d[e], d[e] >= |D[g] - D[h]| with
 * D[g] = sum_w day[w] x[g][w]. Both phases respect the time limit; when it
 * runs out the best solution found is returned with is_optimal false.
 * Groups released after the last window considered stay unscheduled.
 * GLPK aborts the process on internal errors and out-of-memory; inputs are
 * checked so the first cannot happen, and the MIP is only used on small
 * problems so the second is remote.
 */
#include "schedule/schedule.h"

#include <glpk.h>
#include <string.h>

typedef struct mip {
    glp_prob *lp;
    int *col_of;  /* n_groups x n_windows: GLPK column or 0 */
    int f_col;
    int *ia, *ja;
    double *ar;
    size_t n_nz, cap_nz;
} mip;

static int nz(mip *m, int row, int col, double v)
{
    if (m->n_nz + 2 > m->cap_nz) {
        size_t cap = m->cap_nz ? m->cap_nz * 2 : 1024;
        int *ia = sl_reallocarray(m->ia, cap, sizeof *ia);
        if (ia)
            m->ia = ia;
        int *ja = sl_reallocarray(m->ja, cap, sizeof *ja);
        if (ja)
            m->ja = ja;
        double *ar = sl_reallocarray(m->ar, cap, sizeof *ar);
        if (ar)
            m->ar = ar;
        if (!ia || !ja || !ar)
            return SL_ENOMEM;
        m->cap_nz = cap;
    }
    m->n_nz++; /* GLPK arrays are 1-based */
    m->ia[m->n_nz] = row;
    m->ja[m->n_nz] = col;
    m->ar[m->n_nz] = v;
    return 0;
}

static int add_row(mip *m, int type, double lo, double hi)
{
    int r = glp_add_rows(m->lp, 1);
    glp_set_row_bnds(m->lp, r, type, lo, hi);
    return r;
}

static int solve(mip *m, double time_limit_s, bool *is_optimal)
{
    glp_load_matrix(m->lp, (int)m->n_nz, m->ia, m->ja, m->ar);
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.tm_lim = (int)(time_limit_s * 1000);
    int rc = glp_intopt(m->lp, &parm);
    int st = glp_mip_status(m->lp);
    if (st == GLP_NOFEAS)
        return SL_EINFEASIBLE;
    if (st != GLP_OPT && st != GLP_FEAS)
        return rc == GLP_ENOPFS || rc == GLP_ENODFS ? SL_EINFEASIBLE : SL_ELIMIT;
    if (st != GLP_OPT)
        *is_optimal = false;
    return 0;
}

static void read_solution(const mip *m, const sl_sched_problem *p, int *window, int wmax)
{
    for (size_t g = 0; g < p->n_groups; g++) {
        window[g] = -1;
        for (int w = 0; w <= wmax; w++) {
            int c = m->col_of[g * (size_t)(wmax + 1) + (size_t)w];
            if (c && glp_mip_col_val(m->lp, c) > 0.5)
                window[g] = w;
        }
    }
}

int sl_sched_exact(int *window, const sl_sched_problem *p, double time_limit_s, bool *is_optimal)
{
    *is_optimal = true;
    int wmax = sl_sched_finish(window, p);
    if (wmax < 0)
        wmax = (int)p->n_windows - 1;
    if (wmax < 0 || p->n_groups == 0)
        return p->n_groups ? SL_EINFEASIBLE : 0;
    size_t nw = (size_t)wmax + 1;
    mip m;
    memset(&m, 0, sizeof m);
    m.col_of = sl_calloc(p->n_groups * nw, sizeof *m.col_of);
    if (!m.col_of)
        return SL_ENOMEM;
    sl_glpk_thread(); /* its environment goes with this thread */
    m.lp = glp_create_prob();
    glp_set_obj_dir(m.lp, GLP_MIN);
    int rc = 0;

    /* columns: x[g][w], then F */
    for (size_t g = 0; g < p->n_groups; g++) {
        for (size_t w = (size_t)p->group_release[g]; w < nw; w++) {
            if (p->frozen[w * p->n_agencies + p->group_agency[g]])
                continue;
            int c = glp_add_cols(m.lp, 1);
            glp_set_col_kind(m.lp, c, GLP_BV);
            m.col_of[g * nw + w] = c;
        }
    }
    m.f_col = glp_add_cols(m.lp, 1);
    glp_set_col_bnds(m.lp, m.f_col, GLP_LO, 0, 0);
    glp_set_obj_coef(m.lp, m.f_col, 1.0);

    for (size_t g = 0; g < p->n_groups && !rc; g++) {
        if (p->group_release[g] >= (int)nw)
            continue; /* set aside by the caller: it stays unscheduled */
        int r = add_row(&m, GLP_FX, 1, 1);
        int rf = add_row(&m, GLP_LO, 0, 0); /* F - sum w x >= 0 */
        rc = nz(&m, rf, m.f_col, 1.0);
        bool any = false;
        for (size_t w = 0; w < nw && !rc; w++) {
            int c = m.col_of[g * nw + w];
            if (!c)
                continue;
            any = true;
            rc = nz(&m, r, c, 1.0);
            if (!rc && w > 0)
                rc = nz(&m, rf, c, -(double)w);
        }
        if (!any && !rc)
            rc = SL_EINFEASIBLE;
    }
    for (size_t w = 0; w < nw && !rc; w++) {
        for (size_t a = 0; a < p->n_agencies && !rc; a++) {
            int r = 0;
            for (size_t g = 0; g < p->n_groups && !rc; g++) {
                int c = m.col_of[g * nw + w];
                if (!c || p->group_agency[g] != a)
                    continue;
                if (!r)
                    r = add_row(&m, GLP_UP, 0, p->staff_cap[w * p->n_agencies + a]);
                rc = nz(&m, r, c, p->group_effort_h[g]);
            }
        }
        for (size_t s = 0; s < p->n_sites && !rc; s++) {
            if (p->tb_cap[w * p->n_sites + s] < 0)
                continue;
            int r = 0;
            for (size_t g = 0; g < p->n_groups && !rc; g++) {
                int c = m.col_of[g * nw + w];
                if (!c || p->group_site[g] != s || p->group_tb[g] <= 0)
                    continue;
                if (!r)
                    r = add_row(&m, GLP_UP, 0, p->tb_cap[w * p->n_sites + s]);
                rc = nz(&m, r, c, p->group_tb[g]);
            }
        }
        if (p->max_critical) {
            int r = 0;
            for (size_t g = 0; g < p->n_groups && !rc; g++) {
                int c = m.col_of[g * nw + w];
                if (!c || !p->group_is_critical[g])
                    continue;
                if (!r)
                    r = add_row(&m, GLP_UP, 0, p->max_critical);
                rc = nz(&m, r, c, 1.0);
            }
        }
        if (p->max_workloads) {
            int r = add_row(&m, GLP_UP, 0, p->max_workloads);
            for (size_t g = 0; g < p->n_groups && !rc; g++) {
                int c = m.col_of[g * nw + w];
                if (c)
                    rc = nz(&m, r, c, p->group_n_workloads[g]);
            }
        }
    }
    /* target capacity: checks past the last window considered still bind
     * (every group moved by then counts), so each check reads all columns
     * up to its window */
    for (size_t k = 0; k < p->n_cap_checks && !rc; k++) {
        size_t upto = SL_MIN((size_t)p->cap_check_window[k] + 1, nw);
        for (size_t d = 0; d < SL_SCHEDULE_CAP_DIMS && !rc; d++) {
            int r = 0;
            for (size_t g = 0; g < p->n_groups && !rc; g++) {
                double load = p->group_load[g * SL_SCHEDULE_CAP_DIMS + d];
                if (load <= 0)
                    continue;
                for (size_t w = 0; w < upto && !rc; w++) {
                    int c = m.col_of[g * nw + w];
                    if (!c)
                        continue;
                    if (!r)
                        r = add_row(&m, GLP_UP, 0, p->cap_check[k * SL_SCHEDULE_CAP_DIMS + d]);
                    rc = nz(&m, r, c, load);
                }
            }
        }
    }
    if (!rc)
        rc = solve(&m, time_limit_s, is_optimal);
    int finish = 0;
    if (!rc) {
        read_solution(&m, p, window, wmax);
        finish = sl_sched_finish(window, p);
        /* phase 2: fix the finish, minimise exposure */
        glp_set_col_bnds(m.lp, m.f_col, GLP_DB, 0, finish);
        glp_set_obj_coef(m.lp, m.f_col, 0.0);
        for (size_t g = 0; g < p->n_groups && !rc; g++) {
            for (size_t e = p->edge_start[g]; e < p->edge_start[g + 1] && !rc; e++) {
                size_t h = p->edge_to[e];
                if (h <= g)
                    continue;
                int d = glp_add_cols(m.lp, 1);
                glp_set_col_bnds(m.lp, d, GLP_LO, 0, 0);
                glp_set_obj_coef(m.lp, d, p->edge_mbps[e]);
                /* d - D[g] + D[h] >= 0 and d + D[g] - D[h] >= 0 */
                for (int sign = -1; sign <= 1 && !rc; sign += 2) {
                    int r = add_row(&m, GLP_LO, 0, 0);
                    rc = nz(&m, r, d, 1.0);
                    for (size_t w = 0; w < nw && !rc; w++) {
                        double day = (double)(p->windows[w].day - p->windows[0].day);
                        int cg = m.col_of[g * nw + w], ch = m.col_of[h * nw + w];
                        if (cg && day != 0)
                            rc = nz(&m, r, cg, sign * day);
                        if (ch && day != 0 && !rc)
                            rc = nz(&m, r, ch, -sign * day);
                    }
                }
            }
        }
        if (!rc) {
            /* warm start is not exposed by glp_intopt; GLPK re-solves */
            int r2 = solve(&m, time_limit_s, is_optimal);
            if (r2 == 0)
                read_solution(&m, p, window, wmax);
            else if (r2 != SL_ELIMIT)
                rc = r2;
            else
                *is_optimal = false;
        }
    }
    glp_delete_prob(m.lp);
    sl_free(m.col_of);
    sl_free(m.ia);
    sl_free(m.ja);
    sl_free(m.ar);
    return rc;
}
