/* SPDX-License-Identifier: MIT */
/*
 * html_charts.c - the time and Monte Carlo charts of the HTML report, as
 * inline SVG drawn from the plan document: the Gantt of waves, the finish
 * and cost distributions, the tornado, and the target's capacity in use
 * over time. The cash-flow chart and the risk heat map are in
 * html_risk.c. Why SVG written here and no chart library: see
 * docs/REPORTS.md (deterministic bytes, no script, so the page's
 * Content-Security-Policy can forbid scripts altogether).
 */
#include "report/html.h"

#include <math.h>
#include <string.h>

#define W 960.0

void sl_money_text(char *buf, size_t len, double v, const char *currency)
{
    double a = fabs(v);
    const char *sp = currency ? " " : "";
    const char *cur = currency ? currency : "";
    if (a >= 1e9)
        snprintf(buf, len, "%.2f bn%s%s", v / 1e9, sp, cur);
    else if (a >= 1e6)
        snprintf(buf, len, "%.1f M%s%s", v / 1e6, sp, cur);
    else if (a >= 1e3)
        snprintf(buf, len, "%.0f k%s%s", v / 1e3, sp, cur);
    else
        snprintf(buf, len, "%.0f%s%s", v, sp, cur);
}

static void date_text(char buf[static 11], double day)
{
    sl_date_format(buf, sl_day_of(floor(day)));
}

/* The calendar the time charts share: the document's `calendar` span, or
 * the start to a month past the deadline and the planned finish. */
static bool time_span(json_t *doc, sl_date *t0, sl_date *t1)
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

/* A vertical marker line across the plot with a label at its top. */
static void marker(FILE *out, const sl_scale *x, sl_date d, double y0, double y1,
                   const char *color, const char *label)
{
    if (d == SL_DATE_NONE || d < x->d0 || d > x->d1)
        return;
    double px = sl_scale_at(x, d);
    sl_svg_line(out, px, y0, px, y1, color, 1.5, "5 3");
    char buf[11];
    sl_date_format(buf, d);
    bool right = px > x->r1 - 140;
    sl_svg_textf(out, right ? px - 4 : px + 4, y0 + 11, right ? "end" : "start", "note",
                 "%s %s", label, buf);
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

/* ---- Gantt ------------------------------------------------------------ */

/* Workloads each agency moves in each window, from the windows' groups. */
static long *wave_counts(json_t *doc, json_t *per, json_t *windows,
                         long *max_n)
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

static void freeze_rects(FILE *out, json_t *freezes, const char *agency, const sl_scale *x,
                         double y, double h)
{
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
        snprintf(title, sizeof title, "freeze %s to %s%s%s", a, b, why ? ": " : "", why ? why : "");
        double px0 = sl_scale_at(x, from), px1 = sl_scale_at(x, to + 1);
        sl_svg_rect(out, px0, y, px1 - px0, h, "url(#freeze)", "freeze", title);
    }
}

static void gate_row(FILE *out, json_t *g, const sl_scale *x, double y, double h)
{
    const char *id = sl_jstr(json_object_get(g, "id"));
    const char *name = sl_jstr(json_object_get(g, "name"));
    const char *applies = sl_jstr(json_object_get(g, "applies_to"));
    sl_date opens = sl_jdate(json_object_get(g, "opens"));
    sl_date p10 = sl_jdate(json_object_get(g, "passes_p10"));
    sl_date likely = sl_jdate(json_object_get(g, "passes_likely"));
    sl_date p90 = sl_jdate(json_object_get(g, "passes_p90"));
    double pass = sl_jnum_or(json_object_get(g, "pass_probability"), NAN);
    sl_svg_text(out, x->r0 - 8, y + h / 2 + 4, "end", "label", id ? id : "gate");
    if (likely == SL_DATE_NONE)
        return;
    double cy = y + h / 2;
    double lo = sl_scale_at(x, SL_MAX(p10 == SL_DATE_NONE ? likely : p10, (sl_date)x->d0));
    double hi = sl_scale_at(x, SL_MIN(p90 == SL_DATE_NONE ? likely : p90, (sl_date)x->d1));
    if (opens != SL_DATE_NONE) {
        double px = sl_scale_at(x, SL_MAX(opens, (sl_date)x->d0));
        sl_svg_rect(out, px, cy - 4, sl_scale_at(x, SL_MIN(likely, (sl_date)x->d1)) - px, 8,
                    "#c5cbe0", NULL, "work on the gate");
    }
    sl_svg_line(out, lo, cy, hi, cy, SL_COLOR_INK, 1, NULL);
    sl_svg_line(out, lo, cy - 4, lo, cy + 4, SL_COLOR_INK, 1, NULL);
    sl_svg_line(out, hi, cy - 4, hi, cy + 4, SL_COLOR_INK, 1, NULL);
    char t[1024], a[11], b[11], c[11];
    sl_date_format(a, likely);
    sl_date_format(b, p10 == SL_DATE_NONE ? likely : p10);
    sl_date_format(c, p90 == SL_DATE_NONE ? likely : p90);
    snprintf(t, sizeof t, "%s%s%s: passes %s (likely), %s to %s (P10 to P90)%s%.0f %%; applies to %s",
             id ? id : "", name ? " - " : "", name ? name : "", a, b, c,
             isfinite(pass) ? "; pass probability " : "", isfinite(pass) ? pass * 100 : 0.0,
             applies ? applies : "?");
    if (likely >= x->d0 && likely <= x->d1)
        sl_svg_diamond(out, sl_scale_at(x, likely), cy, 6, "#3b4a8c", t);
}

int sl_chart_gantt(FILE *out, json_t *doc)
{
    json_t *per = sl_jarray(doc, "schedule.per_agency");
    json_t *windows = sl_jarray(doc, "schedule.windows");
    json_t *freezes = sl_jarray(doc, "calendar.freezes");
    json_t *gates = sl_jarray(doc, "calendar.gates");
    sl_date t0, t1;
    if (!per || !windows || !json_array_size(per) || !time_span(doc, &t0, &t1))
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
    const double top = 30, row_h = 44, gate_h = 24, target_h = 24;
    double y_gates = top + (double)n_ag * row_h + (target_freezes ? target_h : 0);
    double y_end = y_gates + (double)n_gates * gate_h;
    double h = y_end + 46;
    sl_scale x = {t0, t1, 130, W - 20};
    sl_svg_open(out, "gantt", "Waves per agency over time, with freezes and gates", W, h);
    fputs("<defs><pattern id=\"freeze\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eceef1\"/>"
          "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b8bec8\" stroke-width=\"3\"/>"
          "</pattern></defs>\n",
          out);
    sl_svg_time_axis(out, &x, top - 6, y_end, 16);
    for (size_t a = 0; a < n_ag; a++) {
        json_t *pa = json_array_get(per, a);
        const char *id = sl_jstr(json_object_get(pa, "agency"));
        const char *color = sl_palette[agency_color(doc, id)];
        double y = top + (double)a * row_h;
        sl_svg_text(out, x.r0 - 8, y + row_h / 2 + 4, "end", "label", id ? id : "?");
        freeze_rects(out, freezes, id ? id : "", &x, y + 3, row_h - 6);
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
            char t[160], ds[11];
            date_text(ds, s);
            snprintf(t, sizeof t, "%s: %ld workloads in the window of %s", id ? id : "", n, ds);
            sl_svg_rect(out, sl_scale_at(&x, s), y + row_h - 5 - bh, sl_scale_at(&x, e) - sl_scale_at(&x, s),
                        bh, color, "mark", t);
        }
        if (fin != SL_DATE_NONE && fin >= x.d0 && fin <= x.d1) {
            char t[64], ds[11];
            sl_date_format(ds, fin);
            snprintf(t, sizeof t, "%s finishes %s (plan)", id ? id : "", ds);
            double px = sl_scale_at(&x, fin);
            sl_svg_diamond(out, px, y + row_h - 4, 5, SL_COLOR_INK, t);
            bool left = px > x.r1 - 90;
            sl_svg_text(out, left ? px - 8 : px + 8, y + 14, left ? "end" : "start", "note", ds);
        }
    }
    if (target_freezes) {
        double y = top + (double)n_ag * row_h;
        sl_svg_text(out, x.r0 - 8, y + target_h / 2 + 4, "end", "label", "target site");
        freeze_rects(out, freezes, NULL, &x, y + 3, target_h - 6);
    }
    for (size_t g = 0; g < n_gates; g++) {
        fputs("<g class=\"gate\">\n", out);
        gate_row(out, json_array_get(gates, g), &x, y_gates + (double)g * gate_h, gate_h);
        fputs("</g>\n", out);
    }
    marker(out, &x, sl_jdate(sl_jget(doc, "placement.hardware_arrives")), top - 6, y_end,
           SL_COLOR_MUTED, "hardware");
    marker(out, &x, sl_jdate(sl_jget(doc, "scenario.deadline")), top - 6, y_end, SL_COLOR_NO_GO,
           "deadline");
    double ly = y_end + 26;
    sl_svg_rect(out, x.r0, ly - 9, 10, 10, SL_COLOR_MUTED, NULL, NULL);
    sl_svg_text(out, x.r0 + 14, ly, "start", "note", "wave (height: workloads moved)");
    sl_svg_rect(out, x.r0 + 220, ly - 9, 14, 10, "url(#freeze)", NULL, NULL);
    sl_svg_text(out, x.r0 + 238, ly, "start", "note", "freeze");
    sl_svg_diamond(out, x.r0 + 300, ly - 4, 5, "#3b4a8c", NULL);
    sl_svg_text(out, x.r0 + 310, ly, "start", "note", "gate passes (likely), whiskers P10 to P90");
    sl_svg_line(out, x.r0 + 590, ly - 9, x.r0 + 590, ly + 1, SL_COLOR_NO_GO, 1.5, "5 3");
    sl_svg_text(out, x.r0 + 596, ly, "start", "note", "deadline");
    sl_svg_close(out, "Each agency's waves as planned with likely values and no failed move; a "
                      "bar's height is the number of workloads the wave moves. Hatched: "
                      "freezes. Below: each gate from the start of work to its likely date.");
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
static void s_curve(FILE *out, json_t *pts, const sl_scale *x, const sl_scale *y,
                    bool is_date, sl_date start)
{
    (void)start;
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
    if (open)
        fputs("\"><title>S-curve: share of iterations done by each value</title></path>\n", out);
}

/* A histogram with an S-curve over it and, right of the plot, a bar for
 * the iterations that never finish. */
static void distribution(FILE *out, const hist *h, const sl_scale *x, json_t *curve,
                         bool is_date, sl_date start, const char *currency, double y_top,
                         double y_bottom)
{
    double ymax = SL_MAX(h->max_count, (double)h->never);
    ymax = ymax > 0 ? ymax * 1.08 : 1;
    sl_scale y = {0, ymax, y_bottom, y_top};
    sl_scale yp = {0, 100, y_bottom, y_top};
    sl_svg_value_axis(out, &y, x->r0, x->r1, false, SL_FMT_INT, NULL);
    sl_svg_value_axis(out, &yp, x->r1, x->r1, true, SL_FMT_INT, " %");
    for (size_t k = 0; k < json_array_size(h->counts); k++) {
        double c = sl_jnum_or(json_array_get(h->counts, k), 0);
        if (c <= 0)
            continue;
        double a = h->lo + (double)k * h->width, b = a + h->width;
        char t[200];
        if (is_date) {
            char da[11], db[11];
            sl_date_format(da, sl_day_of(start + floor(a)));
            sl_date_format(db, sl_day_of(start + ceil(b) - 1));
            snprintf(t, sizeof t, "finish %s to %s: %.0f iterations (%.1f %%)", da, db, c,
                     100 * c / (double)h->iterations);
        } else {
            char ma[48], mb[48];
            sl_money_text(ma, sizeof ma, a, NULL);
            sl_money_text(mb, sizeof mb, b, currency);
            snprintf(t, sizeof t, "%s to %s: %.0f iterations (%.1f %%)", ma, mb, c,
                     100 * c / (double)h->iterations);
        }
        double xa = sl_scale_at(x, is_date ? start + a : a);
        double xb = sl_scale_at(x, is_date ? start + b : b);
        sl_svg_rect(out, xa + 0.5, sl_scale_at(&y, c), xb - xa - 1, y_bottom - sl_scale_at(&y, c),
                    "#9ab7d3", "mark", t);
    }
    s_curve(out, curve, x, &yp, is_date, start);
    if (h->never > 0) {
        double bx = x->r1 + 52, by = sl_scale_at(&y, (double)h->never);
        char t[160];
        snprintf(t, sizeof t, "%ld of %ld iterations (%.1f %%) never finish: a gate fails or the "
                              "move runs past the simulated horizon",
                 h->never, h->iterations, 100.0 * (double)h->never / (double)h->iterations);
        sl_svg_rect(out, bx, by, 40, y_bottom - by, SL_COLOR_NO_GO, "mark", t);
        sl_svg_text(out, bx + 20, y_bottom + 16, "middle", "tick", "never");
        sl_svg_textf(out, bx + 20, by - 4, "middle", "note", "%.0f %%",
                     100.0 * (double)h->never / (double)h->iterations);
    }
    sl_svg_line(out, x->r0, y_bottom, x->r1, y_bottom, SL_COLOR_INK, 1, NULL);
}

int sl_chart_finish(FILE *out, json_t *doc)
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
    const double H = 320, top = 34, bottom = H - 44;
    sl_scale x = {d0, d1, 64, W - 150};
    sl_svg_open(out, "finish", "Simulated finish dates: histogram and S-curve", W, H);
    sl_svg_time_axis(out, &x, bottom, bottom + 4, bottom + 18);
    distribution(out, &h, &x, sl_jget(doc, "simulation.s_curve.finish"), true, start, NULL, top,
                 bottom);
    double p = sl_jnum_or(sl_jget(doc, "simulation.p_on_time"), NAN);
    if (deadline != SL_DATE_NONE) {
        char label[64];
        snprintf(label, sizeof label, isfinite(p) ? "P(on time) %.1f %%; deadline" : "deadline",
                 100 * p);
        marker(out, &x, deadline, top - 20, bottom, SL_COLOR_NO_GO, label);
    }
    sl_svg_text(out, 64, 14, "start", "note", "iterations per finish date (bars), share done by "
                                              "then (line, right axis)");
    char cap[256], its[32];
    sl_cell_number_text(its, sizeof its, (double)h.iterations, SL_FMT_INT);
    snprintf(cap, sizeof cap,
             "%s iterations. The line climbs to the share of iterations that finish at all; "
             "the red bar on the right counts those that never do.",
             its);
    sl_svg_close(out, cap);
    return 1;
}

void sl_money_tick(char *buf, size_t len, double v, double step)
{
    double unit = fabs(v) >= 1e9 || step >= 1e9 ? 1e9 : fabs(v) >= 1e6 || step >= 1e6 ? 1e6
                  : fabs(v) >= 1e3 || step >= 1e3                                    ? 1e3
                                                                                     : 1;
    const char *name = unit == 1e9 ? " bn" : unit == 1e6 ? " M" : unit == 1e3 ? " k" : "";
    int decimals = step / unit >= 1 ? 0 : step / unit >= 0.1 ? 1 : 2;
    snprintf(buf, len, "%.*f%s", decimals, v / unit, name);
}

static void money_axis(FILE *out, const sl_scale *x, double y, const char *currency)
{
    double step = sl_nice_step(x->d1 - x->d0, 6);
    fputs("<g class=\"axis\">\n", out);
    int ticks = 0;
    for (double v = ceil(x->d0 / step) * step; v <= x->d1 + step * 1e-9 && ticks++ < SL_MAX_TICKS;
         v += step) {
        char buf[48];
        sl_money_tick(buf, sizeof buf, fabs(v) < step * 1e-9 ? 0 : v, step);
        double px = sl_scale_at(x, v);
        sl_svg_line(out, px, y, px, y + 4, SL_COLOR_INK, 1, NULL);
        sl_svg_text(out, px, y + 16, "middle", "tick", buf);
    }
    if (currency)
        sl_svg_text(out, x->r1, y + 32, "end", "tick", currency);
    fputs("</g>\n", out);
}

int sl_chart_cost_histogram(FILE *out, json_t *doc)
{
    hist h;
    if (!read_hist(&h, doc, "simulation.histogram.cost") || !json_array_size(h.counts))
        return 0;
    const char *currency = sl_jstr(sl_jget(doc, "scenario.currency"));
    size_t n = json_array_size(h.counts);
    const double H = 300, top = 30, bottom = H - 50;
    sl_scale x = {h.lo, h.lo + (double)n * h.width, 64, W - 150};
    h.never = 0; /* every iteration has a cost */
    sl_svg_open(out, "cost", "Simulated migration cost: histogram and S-curve", W, H);
    distribution(out, &h, &x, sl_jget(doc, "simulation.s_curve.cost"), false, 0, currency, top,
                 bottom);
    money_axis(out, &x, bottom, currency);
    static const char *const keys[] = {"simulation.cost_p50", "simulation.cost_p90"};
    static const char *const names[] = {"P50", "P90"};
    for (int i = 0; i < 2; i++) {
        double v;
        if (!sl_jnum(sl_jget(doc, keys[i]), &v) || v < x.d0 || v > x.d1)
            continue;
        double px = sl_scale_at(&x, v);
        char buf[48];
        sl_money_text(buf, sizeof buf, v, currency);
        sl_svg_line(out, px, top, px, bottom, SL_COLOR_INK, 1, "3 3");
        bool left = px > x.r1 - 160;
        sl_svg_textf(out, left ? px - 4 : px + 4, top + 12 + 14 * i, left ? "end" : "start",
                     "note", "%s %s", names[i], buf);
    }
    sl_svg_close(out, "Migration cost per iteration: labour, double running and contract "
                      "extensions while the move lasts.");
    return 1;
}

/* ---- tornado ------------------------------------------------------------ */

/* How the tornado reads its bars: by P(on time) in percent, by the P80
 * finish in days after the start (never: past the axis's end), or by the
 * rank correlation (one bar from 0). simulation.tornado_measure says
 * which; a document without it is by P(on time). */
typedef struct tornado_view {
    int measure; /* 0 P(on time), 1 P80 finish, 2 correlation */
    double base; /* where the bars start; NAN: no line */
    sl_scale x;
} tornado_view;

static double bar_value(const tornado_view *v, json_t *b, bool high)
{
    if (v->measure == 2)
        return high ? sl_jnum_or(json_object_get(b, "spearman_finish"), 0) : 0;
    if (v->measure == 1) {
        double d = sl_jnum_or(json_object_get(b, high ? "finish_p80_high_days"
                                                       : "finish_p80_low_days"),
                              INFINITY);
        return isfinite(d) ? d : v->x.d1;
    }
    return 100 * sl_jnum_or(json_object_get(b, high ? "p_on_time_high" : "p_on_time_low"),
                            v->base / 100);
}

int sl_tornado_measure_of(const char *name)
{
    return name && strcmp(name, "finish_p80_days") == 0   ? 1
           : name && strcmp(name, "spearman_finish") == 0 ? 2
                                                          : 0;
}

void sl_finish_label(char *buf, size_t len, json_t *doc, double days)
{
    if (!isfinite(days)) {
        snprintf(buf, len, "never");
        return;
    }
    char d[24];
    sl_date_format(d, sl_day_of(sl_jdate(sl_jget(doc, "scenario.start")) + days));
    snprintf(buf, len, "%s", d);
}

static void bar_label(char *buf, size_t len, const tornado_view *v, json_t *doc, double x,
                      bool is_never)
{
    if (v->measure == 1) {
        sl_finish_label(buf, len, doc, is_never ? INFINITY : x);
    } else if (v->measure == 2) {
        snprintf(buf, len, "%+.2f", x);
    } else {
        snprintf(buf, len, "%.1f %%", x);
    }
}

static bool tornado_view_of(tornado_view *v, json_t *doc, json_t *inputs, size_t n)
{
    v->measure = sl_tornado_measure_of(sl_jstr(sl_jget(doc, "simulation.tornado_measure")));
    v->x = (sl_scale){0, 100, 330, W - 150};
    if (v->measure == 0)
        return sl_jnum(sl_jget(doc, "simulation.p_on_time"), &v->base) && (v->base *= 100, true);
    if (v->measure == 2) {
        v->x.d0 = -1;
        v->x.d1 = 1;
        v->base = 0;
        return true;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 2; k++) {
            double d = sl_jnum_or(json_object_get(json_array_get(inputs, i),
                                                  k ? "finish_p80_high_days"
                                                    : "finish_p80_low_days"),
                                  NAN);
            if (isfinite(d)) {
                lo = SL_MIN(lo, d);
                hi = SL_MAX(hi, d);
            }
        }
    if (!isfinite(lo))
        return false;
    double pad = SL_MAX((hi - lo) * 0.08, 7);
    v->x.d0 = lo - pad;
    v->x.d1 = hi + pad;
    sl_date start = sl_jdate(sl_jget(doc, "scenario.start"));
    sl_date p80 = sl_jdate(sl_jget(doc, "simulation.finish_p80"));
    double p80_days = p80 == SL_DATE_NONE || start == SL_DATE_NONE ? NAN : (double)p80 - start;
    v->base = p80_days >= v->x.d0 && p80_days <= v->x.d1 ? p80_days : v->x.d0;
    return true;
}

int sl_chart_tornado(FILE *out, json_t *doc)
{
    json_t *inputs = sl_jarray(doc, "simulation.tornado.inputs");
    size_t n = SL_MIN(json_array_size(inputs), (size_t)12);
    tornado_view v;
    if (!n || !tornado_view_of(&v, doc, inputs, n))
        return 0;
    static const char *const titles[] = {"What moves P(on time) most",
                                         "What moves the P80 finish most",
                                         "What the finish follows most"};
    static const char *const whats[] = {"P(on time)", "P80 finish", "rank correlation with the finish"};
    const double top = 34, row_h = 24;
    double h = top + (double)n * row_h + 44;
    sl_svg_open(out, "tornado", titles[v.measure], W, h);
    double y_end = top + (double)n * row_h;
    const sl_scale *x = &v.x;
    double step = v.measure == 0 ? 20 : v.measure == 2 ? 0.5 : sl_nice_step(x->d1 - x->d0, 5);
    fputs("<g class=\"axis\">\n", out);
    int ticks = 0;
    for (double t = ceil(x->d0 / step - 1e-9) * step;
         t <= x->d1 + step * 1e-9 && ticks++ < SL_MAX_TICKS; t += step) {
        double px = sl_scale_at(x, t);
        char tick[32];
        bar_label(tick, sizeof tick, &v, doc, t, false);
        sl_svg_line(out, px, top - 6, px, y_end, SL_COLOR_GRID, 1, NULL);
        sl_svg_text(out, px, y_end + 16, "middle", "tick", tick);
    }
    fputs("</g>\n", out);
    double bx = sl_scale_at(x, v.base), swing = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *b = json_array_get(inputs, i);
        const char *name = sl_jstr(json_object_get(b, "input"));
        double lo = bar_value(&v, b, false), hi = bar_value(&v, b, true);
        bool lo_never = v.measure == 1 && !isfinite(sl_jnum_or(json_object_get(b, "finish_p80_low_days"), NAN));
        bool hi_never = v.measure == 1 && !isfinite(sl_jnum_or(json_object_get(b, "finish_p80_high_days"), NAN));
        double vlo = sl_jnum_or(json_object_get(b, "low"), NAN);
        double vhi = sl_jnum_or(json_object_get(b, "high"), NAN);
        double y = top + (double)i * row_h;
        char label[64];
        size_t len = name ? strlen(name) : 0;
        if (len > 46) {
            size_t cut = 43;
            while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
                cut--;
            snprintf(label, sizeof label, "%.*s...", (int)cut, name);
        } else {
            snprintf(label, sizeof label, "%s", name ? name : "?");
        }
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"label\">",
                x->r0 - 8, y + row_h / 2 + 4);
        sl_html_escape(out, label);
        fputs("<title>", out);
        sl_html_escape(out, name ? name : "");
        fputs("</title></text>\n", out);
        char t[512], a[32], c[32];
        bar_label(a, sizeof a, &v, doc, lo, lo_never);
        bar_label(c, sizeof c, &v, doc, hi, hi_never);
        if (v.measure == 2) {
            snprintf(t, sizeof t, "%s: rank correlation with the finish %s", name ? name : "", c);
        } else {
            snprintf(t, sizeof t, "%s at or below %.4g (lowest decile): %s %s", name ? name : "",
                     vlo, whats[v.measure], a);
            sl_svg_rect(out, bx, y + 4, sl_scale_at(x, lo) - bx, row_h - 8, "#56B4E9", "mark", t);
            snprintf(t, sizeof t, "%s at or above %.4g (highest decile): %s %s",
                     name ? name : "", vhi, whats[v.measure], c);
        }
        sl_svg_rect(out, bx, y + 4, sl_scale_at(x, hi) - bx, row_h - 8, "#E69F00", "mark", t);
        double r = SL_MAX(lo, hi);
        swing = SL_MAX(swing, fabs(hi - lo));
        double rx = SL_MAX(sl_scale_at(x, r), bx) + 6, ty = y + row_h / 2 + 4;
        if (v.measure == 2)
            sl_svg_text(out, rx, ty, "start", "note", c);
        else
            sl_svg_textf(out, rx, ty, "start", "note", "%s to %s", a, c);
    }
    sl_svg_line(out, bx, top - 8, bx, y_end, SL_COLOR_INK, 1.5, NULL);
    if (v.measure == 0)
        sl_svg_textf(out, bx, top - 14, "middle", "note", "overall %.1f %%", v.base);
    if (v.measure == 0 && swing < 0.05)
        sl_svg_text(out, x->r1, top - 14, "end", "note",
                    "no single input moves P(on time) in these iterations");
    double ly = y_end + 34;
    if (v.measure != 2) {
        sl_svg_rect(out, x->r0, ly - 9, 10, 10, "#56B4E9", NULL, NULL);
        sl_svg_text(out, x->r0 + 14, ly, "start", "note", "input in its lowest decile");
        sl_svg_rect(out, x->r0 + 200, ly - 9, 10, 10, "#E69F00", NULL, NULL);
        sl_svg_text(out, x->r0 + 214, ly, "start", "note", "input in its highest decile");
    }
    static const char *const captions[] = {
        "P(on time) among the iterations where one input is in its lowest or highest tenth "
        "(gates: failed or passed); the longest bars are the uncertainties worth reducing first.",
        "P(on time) is the same whichever input is low or high, so the inputs are ranked by the "
        "P80 finish among the iterations where one input is in its lowest or highest tenth "
        "(gates: failed or passed); never done is drawn at the right end.",
        "Neither P(on time) nor the P80 finish moves with any single input, so the inputs are "
        "ranked by the rank (Spearman) correlation of each with the finish."};
    sl_svg_close(out, captions[v.measure]);
    return 1;
}

/* ---- capacity over time ------------------------------------------------- */

typedef struct cap_step {
    double day, vcpu, ram, hosts;
} cap_step;

/* The site's free racks or kW as a share of what the whole platform needs.
 * Racks and power grow with the hosts, so where the hosts line crosses a
 * reference the site runs out. */
typedef struct site_ref {
    const char *key, *unit, *color;
    double free, need, pct; /* pct NAN: the placement section lacks it */
} site_ref;

#define REF_MAX_PCT 400.0 /* a reference further up is named, not drawn */

static void site_refs(json_t *doc, site_ref refs[2])
{
    static const char *const keys[] = {"racks", "kw"};
    static const char *const units[] = {"racks", "kW"};
    static const char *const colors[] = {"#CC79A7", "#7a5195"};
    for (int i = 0; i < 2; i++) {
        char path[64];
        site_ref *r = &refs[i];
        r->key = keys[i];
        r->unit = units[i];
        r->color = colors[i];
        snprintf(path, sizeof path, "placement.site.%s.free", keys[i]);
        r->free = sl_jnum_or(sl_jget(doc, path), NAN);
        snprintf(path, sizeof path, "placement.site.%s.need", keys[i]);
        r->need = sl_jnum_or(sl_jget(doc, path), NAN);
        r->pct = isfinite(r->free) && r->need > 0 ? 100 * SL_MAX(r->free, 0.0) / r->need : NAN;
    }
}

/* A dashed line at the reference, or a note in the row at y_note above
 * the plot when it is beyond the scale; both class "reference" with the
 * figures as a tooltip. */
static void site_ref_mark(FILE *out, const site_ref *r, const sl_scale *x, const sl_scale *y,
                          double y_note, int slot)
{
    char t[200];
    snprintf(t, sizeof t, "%.0f %s free at the site, %.0f %% of the %.0f %s the full platform needs",
             r->free, r->unit, r->pct, r->need, r->unit);
    if (r->pct <= y->d1) {
        double py = sl_scale_at(y, r->pct);
        fprintf(out, "<line class=\"reference\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"2 3\"><title>",
                x->r0, py, x->r1, py, r->color);
        sl_html_escape(out, t);
        fputs("</title></line>\n", out);
        sl_svg_textf(out, x->r0 + 6, py + 13, "start", "note", "free %s at the site: %.0f",
                     r->unit, r->free);
        return;
    }
    double px = x->r0 + 8 + 330.0 * slot, py = y_note - 9;
    fprintf(out, "<path class=\"reference\" d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"><title>",
            px, py, px + 5, py + 8, px - 5, py + 8, r->color);
    sl_html_escape(out, t);
    fputs("</title></path>\n", out);
    sl_svg_textf(out, px + 9, py + 8, "start", "note", "free %s at the site: %.0f (%.0f %%, above)",
                 r->unit, r->free, r->pct);
}

int sl_chart_capacity(FILE *out, json_t *doc)
{
    json_t *windows = sl_jarray(doc, "schedule.windows");
    json_t *workloads = sl_jarray(doc, "workloads");
    json_t *pools = sl_jarray(doc, "placement.pools");
    double hosts_total = sl_jnum_or(sl_jget(doc, "placement.hosts_total"), 0);
    double cap_vcpu = 0, cap_ram = 0;
    for (size_t p = 0; p < json_array_size(pools); p++) {
        json_t *po = json_array_get(pools, p);
        cap_vcpu += sl_jnum_or(sl_jget(po, "capacity.vcpu"), 0);
        cap_ram += sl_jnum_or(sl_jget(po, "capacity.ram_gb"), 0);
    }
    sl_date t0, t1;
    size_t n_w = json_array_size(windows);
    if (!n_w || !(cap_vcpu > 0) || !(cap_ram > 0) || !(hosts_total > 0) ||
        !time_span(doc, &t0, &t1))
        return 0;
    cap_step *steps = sl_calloc(n_w, sizeof *steps);
    sl_strmap hosts = {0};
    if (!steps)
        return SL_ENOMEM;
    /* what lands in each window, in window order */
    for (size_t i = 0; i < json_array_size(workloads); i++) {
        json_t *w = json_array_get(workloads, i);
        double win;
        const char *host = sl_jstr(json_object_get(w, "host"));
        if (!host || !sl_jnum(json_object_get(w, "window"), &win))
            continue;
        size_t lo = 0, hi = n_w;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sl_jnum_or(json_object_get(json_array_get(windows, mid), "index"), -1) < win)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == n_w ||
            sl_jnum_or(json_object_get(json_array_get(windows, lo), "index"), -1) != win)
            continue;
        steps[lo].vcpu += sl_jnum_or(sl_jget(w, "demand.vcpu"), 0);
        steps[lo].ram += sl_jnum_or(sl_jget(w, "demand.ram_gb"), 0);
        uint32_t seen = 0;
        if (sl_strmap_put(&hosts, host, 0, &seen)) {
            sl_strmap_free(&hosts);
            sl_free(steps);
            return SL_ENOMEM;
        }
        steps[lo].hosts += seen == SL_NONE;
    }
    sl_strmap_free(&hosts);
    double top_pct = 100;
    for (size_t k = 0; k < n_w; k++) {
        steps[k].day = sl_jdatetime(json_object_get(json_array_get(windows, k), "start"));
        if (k) {
            steps[k].vcpu += steps[k - 1].vcpu;
            steps[k].ram += steps[k - 1].ram;
            steps[k].hosts += steps[k - 1].hosts;
        }
        top_pct = SL_MAX(top_pct, 100 * SL_MAX(steps[k].vcpu / cap_vcpu, steps[k].ram / cap_ram));
    }
    site_ref refs[2];
    site_refs(doc, refs);
    for (int i = 0; i < 2; i++)
        if (refs[i].pct <= REF_MAX_PCT)
            top_pct = SL_MAX(top_pct, refs[i].pct);
    bool beyond = refs[0].pct > REF_MAX_PCT || refs[1].pct > REF_MAX_PCT;
    const double y_note = 16, H = beyond ? 322 : 300, top = beyond ? 52 : 30, bottom = H - 54;
    sl_scale x = {t0, t1, 64, W - 60};
    /* room above the top line for its label below the markers' labels */
    sl_scale y = {0, top_pct * 1.2, bottom, top};
    sl_svg_open(out, "capacity", "Target platform in use as the waves land", W, H);
    sl_svg_time_axis(out, &x, bottom, bottom + 4, bottom + 18);
    sl_svg_value_axis(out, &y, x.r0, x.r1, false, SL_FMT_INT, " %");
    static const char *const names[] = {"vCPU", "RAM", "hosts"};
    static const char *const colors[] = {"#0072B2", "#009E73", "#D55E00"};
    for (int s = 0; s < 3; s++) {
        fprintf(out, "<path class=\"mark\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" d=\"M%.1f %.1f",
                colors[s], x.r0, bottom);
        double prev = 0;
        for (size_t k = 0; k < n_w; k++) {
            if (!isfinite(steps[k].day))
                continue;
            double v = s == 0 ? steps[k].vcpu / cap_vcpu
                       : s == 1 ? steps[k].ram / cap_ram
                                : steps[k].hosts / hosts_total;
            double px = sl_scale_at(&x, SL_MIN(SL_MAX(steps[k].day, x.d0), x.d1));
            fprintf(out, " H%.1f V%.1f", px, sl_scale_at(&y, 100 * v));
            prev = v;
        }
        fprintf(out, " H%.1f\"><title>%s in use at the end: %.1f %% of the platform</title></path>\n",
                x.r1, names[s], 100 * prev);
    }
    double py = sl_scale_at(&y, 100);
    sl_svg_line(out, x.r0, py, x.r1, py, SL_COLOR_INK, 1, "6 3");
    char cap[200];
    snprintf(cap, sizeof cap, "platform capacity: %.0f hosts, %.0f vCPU, %.0f GB RAM", hosts_total,
             cap_vcpu, cap_ram);
    sl_svg_text(out, x.r1 - 4, py - 5, "end", "note", cap);
    for (int i = 0, slot = 0; i < 2; i++)
        if (isfinite(refs[i].pct))
            site_ref_mark(out, &refs[i], &x, &y, y_note, refs[i].pct > y.d1 ? slot++ : slot);
    marker(out, &x, sl_jdate(sl_jget(doc, "placement.hardware_arrives")), top, bottom,
           SL_COLOR_MUTED, "hardware");
    marker(out, &x, sl_jdate(sl_jget(doc, "scenario.deadline")), top, bottom, SL_COLOR_NO_GO,
           "deadline");
    double ly = H - 14;
    for (int s = 0; s < 3; s++) {
        sl_svg_line(out, x.r0 + 130.0 * s, ly - 4, x.r0 + 130.0 * s + 20, ly - 4, colors[s], 2, NULL);
        sl_svg_textf(out, x.r0 + 130.0 * s + 26, ly, "start", "note", "%s in use", names[s]);
    }
    for (int i = 0; i < 2; i++) {
        if (!isfinite(refs[i].pct))
            continue;
        double lx = x.r0 + 390 + 170.0 * i;
        sl_svg_line(out, lx, ly - 4, lx + 20, ly - 4, refs[i].color, 2, "2 3");
        sl_svg_textf(out, lx + 26, ly, "start", "note", "free %s at the site", refs[i].unit);
    }
    sl_svg_close(out, "Share of the shared platform's vCPU, RAM (after overcommit and headroom) "
                      "and hosts holding moved workloads, after each wave as planned. Dotted: "
                      "the target site's free racks and kW as a share of what the full "
                      "platform needs; racks and power grow with the hosts, so the site runs "
                      "out where the hosts line crosses one.");
    sl_free(steps);
    return 1;
}
