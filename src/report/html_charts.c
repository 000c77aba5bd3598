/* SPDX-License-Identifier: MIT */
/*
 * html_charts.c - the time and Monte Carlo charts of the HTML report, as
 * inline SVG drawn from the plan document in a language: the Gantt of
 * waves and the finish and cost distributions. The tornado and the
 * capacity in use over time are in html_tornado.c, the cash-flow chart
 * and the risk heat map in html_risk.c. Why SVG written here and no chart
 * library: see docs/REPORTS.md (deterministic bytes, no script, so the
 * page's Content-Security-Policy can forbid scripts altogether).
 *
 * No text collides or is cut: labels go through a box registry (svg.c)
 * that moves a label down a line, or to the other side of its point, when
 * it would cover another or run past the chart; long names (a gate's, in
 * the Gantt's label column) are shortened with the whole name in a
 * tooltip; a caption says only what the chart draws.
 */
#include "report/html.h"

#include <math.h>
#include <string.h>

#define W 960.0

static void date_text(char buf[static 11], double day)
{
    sl_date_format(buf, sl_day_of(floor(day)));
}

/* The calendar the time charts share: the document's `calendar` span, or
 * the start to a month past the deadline and the planned finish. */
bool sl_chart_time_span(json_t *doc, sl_date *t0, sl_date *t1)
{
    *t0 = sl_jdate(sl_jget(doc, "calendar.from"));
    *t1 = sl_jdate(sl_jget(doc, "calendar.to"));
    if (*t0 == SL_DATE_NONE)
        *t0 = sl_jdate(sl_jget(doc, "scenario.start"));
    if (*t1 == SL_DATE_NONE) {
        sl_date dl = sl_jdate(sl_jget(doc, "scenario.deadline"));
        sl_date fin = sl_jdate(sl_jget(doc, "schedule.finish"));
        *t1 = SL_MAX(dl, fin) == SL_DATE_NONE ? SL_DATE_NONE : SL_MAX(dl, fin) + 31;
    }
    return *t0 != SL_DATE_NONE && *t1 != SL_DATE_NONE && *t1 > *t0;
}

void sl_chart_marker(FILE *out, sl_svg_boxes *b, const sl_scale *x, sl_date d, double y0,
                     double y1, const char *color, const char *label)
{
    if (d == SL_DATE_NONE || d < x->d0 || d > x->d1)
        return;
    double px = sl_scale_at(x, d);
    sl_svg_line(out, px, y0, px, y1, color, 1.5, "5 3");
    char buf[11], text[256];
    sl_date_format(buf, d);
    snprintf(text, sizeof text, "%s %s", label, buf);
    sl_svg_place(out, b, px + 4, y0 + 11, "start", "note", 11, text, 6);
}

static int agency_color(json_t *doc, const char *id)
{
    json_t *ags = sl_jarray(doc, "scenario.agencies");
    for (size_t i = 0; id && i < json_array_size(ags); i++) {
        const char *a = sl_jstr(json_object_get(json_array_get(ags, i), "id"));
        if (a && strcmp(a, id) == 0)
            return (int)(i % 8);
    }
    return 7;
}

/* A row label in the label column, right-aligned at x, shortened to fit
 * `room` px with the whole text as its tooltip. */
static void row_label(FILE *out, double x, double y, double room, const char *text)
{
    char cut[256];
    size_t max_chars = (size_t)fmax(4, floor(room / (0.62 * 12)));
    sl_text_cut(cut, sizeof cut, text, max_chars);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"label\">", x, y);
    sl_html_escape(out, cut);
    fputs("<title>", out);
    sl_html_escape(out, text);
    fputs("</title></text>\n", out);
}

/* ---- Gantt ------------------------------------------------------------ */

/* Workloads each agency moves in each window, from the windows' groups. */
static long *wave_counts(json_t *doc, json_t *per, json_t *windows, long *max_n)
{
    size_t n_ag = json_array_size(per), n_w = json_array_size(windows);
    long *counts = sl_calloc(n_ag * n_w + 1, sizeof *counts);
    json_t *groups = sl_jarray(doc, "groups");
    *max_n = 1;
    for (size_t w = 0; counts && w < n_w; w++) {
        json_t *gs = json_object_get(json_array_get(windows, w), "groups");
        for (size_t g = 0; g < json_array_size(gs); g++) {
            double gi;
            if (!sl_jnum(json_array_get(gs, g), &gi) || !(gi >= 0) ||
                gi >= (double)json_array_size(groups))
                continue;
            json_t *go = json_array_get(groups, (size_t)gi);
            const char *ga = sl_jstr(json_object_get(go, "agency"));
            for (size_t a = 0; ga && a < n_ag; a++) {
                const char *id = sl_jstr(json_object_get(json_array_get(per, a), "agency"));
                if (id && strcmp(id, ga) == 0) {
                    counts[a * n_w + w] += (long)json_array_size(json_object_get(go, "workloads"));
                    *max_n = SL_MAX(*max_n, counts[a * n_w + w]);
                }
            }
        }
    }
    return counts;
}

static bool freeze_rects(FILE *out, const sl_lang *l, json_t *freezes, const char *agency,
                         const sl_scale *x, double y, double h)
{
    bool any = false;
    for (size_t i = 0; i < json_array_size(freezes); i++) {
        json_t *f = json_array_get(freezes, i);
        const char *fa = sl_jstr(json_object_get(f, "agency"));
        if (agency ? !fa || strcmp(fa, agency) != 0 : fa != NULL)
            continue;
        sl_date from = sl_jdate(json_object_get(f, "from")), to = sl_jdate(json_object_get(f, "to"));
        if (from == SL_DATE_NONE || to == SL_DATE_NONE || to < x->d0 || from > x->d1)
            continue;
        from = SL_MAX(from, (sl_date)x->d0);
        to = SL_MIN(to, (sl_date)x->d1 - 1);
        char a[11], b[11], title[512];
        sl_date_format(a, from);
        sl_date_format(b, to);
        const char *why = sl_jstr(json_object_get(f, "why"));
        if (why)
            sl_says(title, sizeof title, l, "freeze %s to %s: %s", a, b, why);
        else
            sl_says(title, sizeof title, l, "freeze %s to %s", a, b);
        double px0 = sl_scale_at(x, from), px1 = sl_scale_at(x, to + 1);
        sl_svg_rect(out, px0, y, px1 - px0, h, "url(#freeze)", "freeze", title);
        any = true;
    }
    return any;
}

static void gate_row(FILE *out, const sl_lang *l, json_t *g, const sl_scale *x, double y,
                     double h)
{
    const char *id = sl_jstr(json_object_get(g, "id"));
    const char *name = sl_jstr(json_object_get(g, "name"));
    const char *applies = sl_jstr(json_object_get(g, "applies_to"));
    sl_date opens = sl_jdate(json_object_get(g, "opens"));
    sl_date p10 = sl_jdate(json_object_get(g, "passes_p10"));
    sl_date likely = sl_jdate(json_object_get(g, "passes_likely"));
    sl_date p90 = sl_jdate(json_object_get(g, "passes_p90"));
    double pass = sl_jnum_or(json_object_get(g, "pass_probability"), NAN);
    row_label(out, x->r0 - 8, y + h / 2 + 4, x->r0 - 16, name ? name : id ? id : "?");
    if (likely == SL_DATE_NONE)
        return;
    double cy = y + h / 2;
    double lo = sl_scale_at(x, SL_MAX(p10 == SL_DATE_NONE ? likely : p10, (sl_date)x->d0));
    double hi = sl_scale_at(x, SL_MIN(p90 == SL_DATE_NONE ? likely : p90, (sl_date)x->d1));
    if (opens != SL_DATE_NONE) {
        double px = sl_scale_at(x, SL_MAX(opens, (sl_date)x->d0));
        sl_svg_rect(out, px, cy - 4, sl_scale_at(x, SL_MIN(likely, (sl_date)x->d1)) - px, 8,
                    "#c5cbe0", NULL, sl_tr(l, "work on the gate"));
    }
    sl_svg_line(out, lo, cy, hi, cy, SL_COLOR_INK, 1, NULL);
    sl_svg_line(out, lo, cy - 4, lo, cy + 4, SL_COLOR_INK, 1, NULL);
    sl_svg_line(out, hi, cy - 4, hi, cy + 4, SL_COLOR_INK, 1, NULL);
    char t[1024], a[11], b[11], c[11], pct[32];
    sl_date_format(a, likely);
    sl_date_format(b, p10 == SL_DATE_NONE ? likely : p10);
    sl_date_format(c, p90 == SL_DATE_NONE ? likely : p90);
    sl_fmt_share(pct, sizeof pct, l, isfinite(pass) ? pass : 1, 0, false);
    sl_says(t, sizeof t, l,
            "%s (%s): passes %s (likely), %s to %s (P10 to P90); chance it is approved %s; "
            "applies to %s",
            name ? name : "", id ? id : "", a, b, c, pct, applies ? applies : "?");
    if (likely >= x->d0 && likely <= x->d1)
        sl_svg_diamond(out, sl_scale_at(x, likely), cy, 6, "#3b4a8c", t);
}

int sl_chart_gantt(FILE *out, json_t *doc, const sl_lang *l)
{
    json_t *per = sl_jarray(doc, "schedule.per_agency");
    json_t *windows = sl_jarray(doc, "schedule.windows");
    json_t *freezes = sl_jarray(doc, "calendar.freezes");
    json_t *gates = sl_jarray(doc, "calendar.gates");
    sl_date t0, t1;
    if (!per || !windows || !json_array_size(per) || !sl_chart_time_span(doc, &t0, &t1))
        return 0;
    long max_n;
    long *counts = wave_counts(doc, per, windows, &max_n);
    if (!counts)
        return SL_ENOMEM;
    bool target_freezes = false;
    for (size_t i = 0; i < json_array_size(freezes); i++)
        target_freezes = target_freezes || json_is_null(json_object_get(json_array_get(freezes, i), "agency"));
    size_t n_ag = json_array_size(per), n_w = json_array_size(windows);
    size_t n_gates = json_array_size(gates);
    /* the label column as wide as its longest label needs, within a third
     * of the chart; longer names are shortened (tooltip: the whole name) */
    double label_w = 0.62 * 12 * (double)sl_text_width(sl_tr(l, "target site"));
    for (size_t a = 0; a < n_ag; a++)
        label_w = fmax(label_w, 0.62 * 12 *
                                    (double)sl_text_width(sl_jstr(json_object_get(
                                        json_array_get(per, a), "agency"))));
    for (size_t g = 0; g < n_gates; g++) {
        json_t *go = json_array_get(gates, g);
        const char *nm = sl_jstr(json_object_get(go, "name"));
        label_w = fmax(label_w, 0.62 * 12 * (double)sl_text_width(nm ? nm : sl_jstr(json_object_get(go, "id"))));
    }
    label_w = fmin(fmax(label_w, 80), 300);
    const double top = 30, row_h = 44, gate_h = 24, target_h = 24;
    double y_gates = top + (double)n_ag * row_h + (target_freezes ? target_h : 0);
    double y_end = y_gates + (double)n_gates * gate_h;
    double h = y_end + 64;
    sl_scale x = {t0, t1, label_w + 24, W - 20};
    sl_svg_boxes b = {W, 0, {{0}}};
    sl_svg_open(out, "gantt", sl_tr(l, "Waves per agency over time, with freezes and gates"), W, h);
    fputs("<defs><pattern id=\"freeze\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eceef1\"/>"
          "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b8bec8\" stroke-width=\"3\"/>"
          "</pattern></defs>\n",
          out);
    sl_svg_time_axis(out, &x, top - 6, y_end, 16, l, &b);
    bool any_freeze = false;
    for (size_t a = 0; a < n_ag; a++) {
        json_t *pa = json_array_get(per, a);
        const char *id = sl_jstr(json_object_get(pa, "agency"));
        const char *color = sl_palette[agency_color(doc, id)];
        double y = top + (double)a * row_h;
        row_label(out, x.r0 - 8, y + row_h / 2 + 4, x.r0 - 16, id ? id : "?");
        any_freeze = freeze_rects(out, l, freezes, id ? id : "", &x, y + 3, row_h - 6) ||
                     any_freeze;
        sl_date first = sl_jdate(json_object_get(pa, "first_move"));
        sl_date fin = sl_jdate(json_object_get(pa, "finish"));
        if (first != SL_DATE_NONE && fin != SL_DATE_NONE)
            sl_svg_line(out, sl_scale_at(&x, first), y + row_h - 4, sl_scale_at(&x, fin),
                        y + row_h - 4, color, 2, NULL);
        for (size_t w = 0; w < n_w; w++) {
            long n = counts[a * n_w + w];
            json_t *wo = json_array_get(windows, w);
            double s = sl_jdatetime(json_object_get(wo, "start"));
            double e = sl_jdatetime(json_object_get(wo, "end"));
            if (!n || !isfinite(s) || !isfinite(e) || s < x.d0 || s > x.d1)
                continue;
            double bh = 6 + (row_h - 14) * (double)n / (double)max_n;
            char t[256], ds[11];
            date_text(ds, s);
            sl_saysn(t, sizeof t, l, (unsigned long)n, "%s: %ld workload in the window of %s",
                     "%s: %ld workloads in the window of %s", id ? id : "", n, ds);
            sl_svg_rect(out, sl_scale_at(&x, s), y + row_h - 5 - bh,
                        sl_scale_at(&x, e) - sl_scale_at(&x, s), bh, color, "mark", t);
        }
        if (fin != SL_DATE_NONE && fin >= x.d0 && fin <= x.d1) {
            char t[160], ds[11];
            sl_date_format(ds, fin);
            sl_says(t, sizeof t, l, "%s finishes %s (plan)", id ? id : "", ds);
            double px = sl_scale_at(&x, fin);
            sl_svg_diamond(out, px, y + row_h - 4, 5, SL_COLOR_INK, t);
            sl_svg_place(out, &b, px + 8, y + 14, "start", "note", 11, ds, 1);
        }
    }
    if (target_freezes) {
        double y = top + (double)n_ag * row_h;
        row_label(out, x.r0 - 8, y + target_h / 2 + 4, x.r0 - 16, sl_tr(l, "target site"));
        any_freeze = freeze_rects(out, l, freezes, NULL, &x, y + 3, target_h - 6) || any_freeze;
    }
    for (size_t g = 0; g < n_gates; g++) {
        fputs("<g class=\"gate\">\n", out);
        gate_row(out, l, json_array_get(gates, g), &x, y_gates + (double)g * gate_h, gate_h);
        fputs("</g>\n", out);
    }
    sl_date hw = sl_jdate(sl_jget(doc, "placement.hardware_arrives"));
    sl_chart_marker(out, &b, &x, sl_jdate(sl_jget(doc, "scenario.deadline")), top - 6, y_end,
                    SL_COLOR_NO_GO, sl_tr(l, "deadline"));
    sl_chart_marker(out, &b, &x, hw, top - 6, y_end, SL_COLOR_MUTED, sl_tr(l, "hardware"));
    sl_legend_item items[4];
    size_t n_items = 0;
    items[n_items++] = (sl_legend_item){0, SL_COLOR_MUTED, sl_tr(l, "wave (height: workloads moved)")};
    if (any_freeze)
        items[n_items++] = (sl_legend_item){3, "url(#freeze)", sl_tr(l, "freeze")};
    if (n_gates)
        items[n_items++] =
            (sl_legend_item){5, "#3b4a8c", sl_tr(l, "gate passes (likely), whiskers P10 to P90")};
    items[n_items++] = (sl_legend_item){4, SL_COLOR_NO_GO, sl_tr(l, "deadline")};
    sl_svg_legend(out, &b, x.r0, y_end + 26, W - 10, items, n_items);
    char cap[512];
    snprintf(cap, sizeof cap, "%s%s%s",
             sl_tr(l, "Each agency's waves as planned with likely values and no failed move; a "
                      "bar's height is the number of workloads the wave moves."),
             any_freeze ? sl_tr(l, " Hatched: freezes.") : "",
             n_gates ? sl_tr(l, " Below: each gate from the start of work to its likely date.")
                     : "");
    sl_svg_close(out, cap);
    sl_free(counts);
    return 1;
}

/* ---- distributions ----------------------------------------------------- */

typedef struct hist {
    json_t *counts;
    double lo, width, total, max_count;
    long iterations, never;
} hist;

static bool read_hist(hist *h, json_t *doc, const char *path)
{
    json_t *o = sl_jget(doc, path);
    h->counts = json_object_get(o, "counts");
    h->lo = sl_jnum_or(json_object_get(o, "lo"), 0);
    h->width = sl_jnum_or(json_object_get(o, "width"), 0);
    /* counts past the iteration limit are no counts of a run (and would not
     * fit a long): clamped, as the document check refuses them anyway */
    double its = sl_jnum_or(sl_jget(doc, "simulation.iterations"), 0);
    h->iterations = its > 0 ? (long)SL_MIN(its, (double)SL_MAX_ITERATIONS) : 0;
    h->total = h->max_count = 0;
    for (size_t k = 0; k < json_array_size(h->counts); k++) {
        double c = sl_jnum_or(json_array_get(h->counts, k), 0);
        c = c > 0 ? SL_MIN(c, (double)SL_MAX_ITERATIONS) : 0;
        h->total += c;
        h->max_count = SL_MAX(h->max_count, c);
    }
    h->never = (double)h->iterations > h->total ? h->iterations - (long)h->total : 0;
    return json_is_array(h->counts) && h->iterations > 0;
}

/* The S-curve: value at each percent, as a polyline (nulls end it). */
static void s_curve(FILE *out, const sl_lang *l, json_t *pts, const sl_scale *x,
                    const sl_scale *y, bool is_date)
{
    bool open = false;
    for (size_t q = 0; q < json_array_size(pts); q++) {
        json_t *v = json_array_get(pts, q);
        double val = is_date ? (sl_jdate(v) == SL_DATE_NONE ? NAN : sl_jdate(v))
                             : sl_jnum_or(v, NAN);
        if (!isfinite(val))
            continue;
        double pct = 100.0 * (double)q / (double)(json_array_size(pts) - 1);
        fprintf(out, "%s%.1f %.1f", open ? " L" : "<path class=\"mark curve\" fill=\"none\" "
                                                  "stroke=\"" SL_COLOR_INK "\" stroke-width=\"2\" d=\"M",
                sl_scale_at(x, SL_MIN(SL_MAX(val, x->d0), x->d1)), sl_scale_at(y, pct));
        open = true;
    }
    if (open) {
        fputs("\"><title>", out);
        sl_html_escape(out, sl_tr(l, "S-curve: share of iterations done by each value"));
        fputs("</title></path>\n", out);
    }
}

/* A histogram with an S-curve over it and, right of the plot, a bar for
 * the iterations that never finish (when there are any). */
static void distribution(FILE *out, const sl_lang *l, sl_svg_boxes *b, const hist *h,
                         const sl_scale *x, json_t *curve, bool is_date, sl_date start,
                         const char *currency, double y_top, double y_bottom)
{
    double ymax = SL_MAX(h->max_count, (double)h->never);
    ymax = ymax > 0 ? ymax * 1.08 : 1;
    sl_scale y = {0, ymax, y_bottom, y_top};
    sl_scale yp = {0, 100, y_bottom, y_top};
    sl_svg_value_axis(out, &y, x->r0, x->r1, false, SL_FMT_INT, NULL, l);
    sl_svg_value_axis(out, &yp, x->r1, x->r1, true, SL_FMT_INT, " %", l);
    for (size_t k = 0; k < json_array_size(h->counts); k++) {
        double c = sl_jnum_or(json_array_get(h->counts, k), 0);
        if (c <= 0)
            continue;
        double a = h->lo + (double)k * h->width, bb = a + h->width;
        char t[320], share[32];
        sl_fmt_share(share, sizeof share, l, c / (double)h->iterations, 1, false);
        if (is_date) {
            char da[11], db[11];
            sl_date_format(da, sl_day_of(start + floor(a)));
            sl_date_format(db, sl_day_of(start + ceil(bb) - 1));
            sl_saysn(t, sizeof t, l, (unsigned long)c, "finish %s to %s: %.0f iteration (%s)",
                     "finish %s to %s: %.0f iterations (%s)", da, db, c, share);
        } else {
            char ma[64], mb[64];
            sl_fmt_money(ma, sizeof ma, l, a, NULL);
            sl_fmt_money(mb, sizeof mb, l, bb, currency);
            sl_saysn(t, sizeof t, l, (unsigned long)c, "%s to %s: %.0f iteration (%s)",
                     "%s to %s: %.0f iterations (%s)", ma, mb, c, share);
        }
        double xa = sl_scale_at(x, is_date ? start + a : a);
        double xb = sl_scale_at(x, is_date ? start + bb : bb);
        sl_svg_rect(out, xa + 0.5, sl_scale_at(&y, c), xb - xa - 1, y_bottom - sl_scale_at(&y, c),
                    "#9ab7d3", "mark", t);
    }
    s_curve(out, l, curve, x, &yp, is_date);
    if (h->never > 0) {
        double bx = x->r1 + 52, by = sl_scale_at(&y, (double)h->never);
        char t[320], share[32];
        sl_fmt_share(share, sizeof share, l, (double)h->never / (double)h->iterations, 1, false);
        sl_says(t, sizeof t, l,
                "%ld of %ld iterations (%s) never finish: a gate fails or the move runs past the "
                "simulated horizon",
                h->never, h->iterations, share);
        sl_svg_rect(out, bx, by, 40, y_bottom - by, SL_COLOR_NO_GO, "mark", t);
        sl_svg_place(out, b, bx + 20, y_bottom + 16, "middle", "tick", 11, sl_tr(l, "never"), 0);
        sl_fmt_share(share, sizeof share, l, (double)h->never / (double)h->iterations, 0, true);
        sl_svg_place(out, b, bx + 20, by - 4, "middle", "note", 11, share, 0);
    }
    sl_svg_line(out, x->r0, y_bottom, x->r1, y_bottom, SL_COLOR_INK, 1, NULL);
}

int sl_chart_finish(FILE *out, json_t *doc, const sl_lang *l)
{
    hist h;
    if (!read_hist(&h, doc, "simulation.histogram.finish"))
        return 0;
    sl_date start = sl_jdate(sl_jget(doc, "simulation.histogram.finish.start"));
    if (start == SL_DATE_NONE)
        start = sl_jdate(sl_jget(doc, "scenario.start"));
    sl_date deadline = sl_jdate(sl_jget(doc, "scenario.deadline"));
    if (start == SL_DATE_NONE)
        return 0;
    size_t n = json_array_size(h.counts);
    double d0 = n ? start + h.lo : (deadline != SL_DATE_NONE ? deadline - 90 : start);
    double d1 = n ? start + h.lo + (double)n * h.width : d0 + 180;
    if (deadline != SL_DATE_NONE) {
        d0 = SL_MIN(d0, deadline - 30);
        d1 = SL_MAX(d1, deadline + 30);
    }
    const double H = 330, top = 44, bottom = H - 44;
    sl_scale x = {d0, d1, 64, W - 150};
    sl_svg_boxes b = {W, 0, {{0}}};
    sl_svg_open(out, "finish", sl_tr(l, "Simulated finish dates: histogram and S-curve"), W, H);
    sl_svg_place(out, &b, 64, 14, "start", "note", 11,
                 sl_tr(l, "iterations per finish date (bars), share done by then (line, right "
                          "axis)"),
                 0);
    sl_svg_time_axis(out, &x, bottom, bottom + 4, bottom + 18, l, &b);
    distribution(out, l, &b, &h, &x, sl_jget(doc, "simulation.s_curve.finish"), true, start, NULL,
                 top, bottom);
    double p = sl_jnum_or(sl_jget(doc, "simulation.p_on_time"), NAN);
    if (deadline != SL_DATE_NONE) {
        char label[160], share[32];
        sl_fmt_share(share, sizeof share, l, p, 1, false);
        if (isfinite(p))
            sl_says(label, sizeof label, l, "chance of finishing on time %s; deadline", share);
        else
            snprintf(label, sizeof label, "%s", sl_tr(l, "deadline"));
        sl_chart_marker(out, &b, &x, deadline, top - 18, bottom, SL_COLOR_NO_GO, label);
    }
    char cap[512], its[32];
    sl_cell_number_text_l(its, sizeof its, l, (double)h.iterations, SL_FMT_INT);
    unsigned long n_its = (unsigned long)h.iterations;
    if (h.never > 0)
        sl_saysn(cap, sizeof cap, l, n_its,
                 "%s iteration. The line climbs to the share of iterations that finish at all; "
                 "the red bar on the right counts those that never do.",
                 "%s iterations. The line climbs to the share of iterations that finish at all; "
                 "the red bar on the right counts those that never do.",
                 its);
    else
        sl_saysn(cap, sizeof cap, l, n_its,
                 "%s iteration, which finishes. The line climbs to the share of iterations done "
                 "by each date.",
                 "%s iterations, each of which finishes. The line climbs to the share of "
                 "iterations done by each date.",
                 its);
    sl_svg_close(out, cap);
    return 1;
}

static void money_axis(FILE *out, const sl_lang *l, sl_svg_boxes *b, const sl_scale *x, double y,
                       const char *currency)
{
    double step = sl_nice_step(x->d1 - x->d0, 6);
    fputs("<g class=\"axis\">\n", out);
    int ticks = 0;
    for (double v = ceil(x->d0 / step) * step; v <= x->d1 + step * 1e-9 && ticks++ < SL_MAX_TICKS;
         v += step) {
        char buf[64];
        sl_fmt_money_tick(buf, sizeof buf, l, fabs(v) < step * 1e-9 ? 0 : v, step, currency);
        double px = sl_scale_at(x, v);
        sl_svg_line(out, px, y, px, y + 4, SL_COLOR_INK, 1, NULL);
        sl_svg_place(out, b, px, y + 16, "middle", "tick", 11, buf, 0);
    }
    if (currency && !sl_fmt_money_names_currency(l, currency))
        sl_svg_place(out, b, x->r1, y + 32, "end", "tick", 11, currency, 0);
    fputs("</g>\n", out);
}

int sl_chart_cost_histogram(FILE *out, json_t *doc, const sl_lang *l)
{
    hist h;
    if (!read_hist(&h, doc, "simulation.histogram.cost") || !json_array_size(h.counts))
        return 0;
    const char *currency = sl_jstr(sl_jget(doc, "scenario.currency"));
    size_t n = json_array_size(h.counts);
    const double H = 300, top = 30, bottom = H - 50;
    sl_scale x = {h.lo, h.lo + (double)n * h.width, 64, W - 150};
    h.never = 0; /* every iteration has a cost */
    sl_svg_boxes b = {W, 0, {{0}}};
    sl_svg_open(out, "cost", sl_tr(l, "Simulated migration cost: histogram and S-curve"), W, H);
    money_axis(out, l, &b, &x, bottom, currency);
    distribution(out, l, &b, &h, &x, sl_jget(doc, "simulation.s_curve.cost"), false, 0, currency,
                 top, bottom);
    static const char *const keys[] = {"simulation.cost_p50", "simulation.cost_p90"};
    static const char *const names[] = {"P50", "P90"};
    for (int i = 0; i < 2; i++) {
        double v;
        if (!sl_jnum(sl_jget(doc, keys[i]), &v) || v < x.d0 || v > x.d1)
            continue;
        double px = sl_scale_at(&x, v);
        char buf[64], text[96];
        sl_fmt_money(buf, sizeof buf, l, v, currency);
        snprintf(text, sizeof text, "%s %s", names[i], buf);
        sl_svg_line(out, px, top, px, bottom, SL_COLOR_INK, 1, "3 3");
        sl_svg_place(out, &b, px + 4, top + 12, "start", "note", 11, text, 4);
    }
    sl_svg_close(out, sl_tr(l, "Migration cost per iteration: labour, double running and contract "
                               "extensions while the move lasts."));
    return 1;
}
