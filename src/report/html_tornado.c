/* SPDX-License-Identifier: MIT */
/*
 * html_tornado.c - two charts of the HTML report drawn from the plan
 * document in a language: the tornado (what moves the result most, each
 * uncertain input by its plain-words label) and the target platform in
 * use as the waves land, against the site's free racks and kW.
 *
 * As in html_charts.c, labels go through a box registry (svg.c) so no two
 * collide and none runs past the chart; an input's label is shortened to
 * its column with the whole label in a tooltip.
 */
#include "report/html.h"

#include <math.h>
#include <string.h>

#define W 960.0

/* ---- tornado ------------------------------------------------------------ */

/* How the tornado reads its bars: by P(on time) in percent, by the P80
 * finish in days after the start (never: past the axis's end), or by the
 * rank correlation (one bar from 0). simulation.tornado_measure says
 * which; a document without it is by P(on time). */
typedef struct tornado_view {
    int measure; /* 0 P(on time), 1 P80 finish, 2 correlation */
    double base; /* where the bars start */
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

void sl_finish_label(char *buf, size_t len, json_t *doc, const sl_lang *l, double days)
{
    if (!isfinite(days)) {
        snprintf(buf, len, "%s", sl_tr(l, "never"));
        return;
    }
    char d[24];
    sl_date_format(d, sl_day_of(sl_jdate(sl_jget(doc, "scenario.start")) + days));
    snprintf(buf, len, "%s", d);
}

static void bar_label(char *buf, size_t len, const tornado_view *v, json_t *doc,
                      const sl_lang *l, double x, bool is_never)
{
    if (v->measure == 1) {
        sl_finish_label(buf, len, doc, l, is_never ? INFINITY : x);
    } else if (v->measure == 2) {
        char num[24];
        sl_fmt_number(num, sizeof num, l, fabs(x), 2, false);
        snprintf(buf, len, "%s%s", x < 0 ? "\xE2\x88\x92" : "+", num); /* U+2212 minus */
    } else {
        sl_fmt_share(buf, len, l, x / 100, 1, true);
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

/* An input's label at the right edge x of the label column, shortened to
 * the column with the whole label as its tooltip. */
static void input_label(FILE *out, double x, double y, const char *label)
{
    char cut[256];
    sl_text_cut(cut, sizeof cut, label, (size_t)floor((x - 8) / (0.62 * 12)));
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"label\">", x, y);
    sl_html_escape(out, cut);
    fputs("<title>", out);
    sl_html_escape(out, label);
    fputs("</title></text>\n", out);
}

/* One input's bars (tooltips in words) and its figures right of them;
 * returns the swing between its low and high bar. */
static double tornado_row(FILE *out, sl_arena *a, const sl_lang *l, json_t *doc,
                          const tornado_view *v, sl_svg_boxes *boxes, json_t *b, double y,
                          double row_h, bool *oom)
{
    static const char *const whats[] = {N_("chance of finishing on time"), N_("P80 finish"),
                                        N_("rank correlation with the finish")};
    const char *input = sl_jstr(json_object_get(b, "input"));
    const char *name = input ? sl_doc_path_label(a, l, doc, input) : "?";
    if (!name) {
        *oom = true;
        name = input;
    }
    const sl_scale *x = &v->x;
    double bx = sl_scale_at(x, v->base);
    double lo = bar_value(v, b, false), hi = bar_value(v, b, true);
    bool lo_never = v->measure == 1 &&
                    !isfinite(sl_jnum_or(json_object_get(b, "finish_p80_low_days"), NAN));
    bool hi_never = v->measure == 1 &&
                    !isfinite(sl_jnum_or(json_object_get(b, "finish_p80_high_days"), NAN));
    input_label(out, x->r0 - 8, y + row_h / 2 + 4, name);
    char t[768], ta[48], tc[48], vlo[32], vhi[32];
    bar_label(ta, sizeof ta, v, doc, l, lo, lo_never);
    bar_label(tc, sizeof tc, v, doc, l, hi, hi_never);
    sl_fmt_g(vlo, sizeof vlo, l, sl_jnum_or(json_object_get(b, "low"), NAN));
    sl_fmt_g(vhi, sizeof vhi, l, sl_jnum_or(json_object_get(b, "high"), NAN));
    if (v->measure == 2) {
        sl_says(t, sizeof t, l, "%s: rank correlation with the finish %s", name, tc);
    } else {
        sl_says(t, sizeof t, l, "%s at or below %s (lowest tenth): %s %s", name, vlo,
                sl_tr(l, whats[v->measure]), ta);
        sl_svg_rect(out, bx, y + 4, sl_scale_at(x, lo) - bx, row_h - 8, "#56B4E9", "mark", t);
        sl_says(t, sizeof t, l, "%s at or above %s (highest tenth): %s %s", name, vhi,
                sl_tr(l, whats[v->measure]), tc);
    }
    sl_svg_rect(out, bx, y + 4, sl_scale_at(x, hi) - bx, row_h - 8, "#E69F00", "mark", t);
    double rx = SL_MAX(sl_scale_at(x, SL_MAX(lo, hi)), bx) + 6, ty = y + row_h / 2 + 4;
    char figs[96];
    if (v->measure == 2)
        snprintf(figs, sizeof figs, "%s", tc);
    else
        sl_says(figs, sizeof figs, l, "%s to %s", ta, tc);
    sl_svg_place(out, boxes, rx, ty, "start", "note", 11, figs, 0);
    return fabs(hi - lo);
}

int sl_chart_tornado(FILE *out, json_t *doc, const sl_lang *l)
{
    json_t *inputs = sl_jarray(doc, "simulation.tornado.inputs");
    size_t n = SL_MIN(json_array_size(inputs), (size_t)12);
    tornado_view v;
    if (!n || !tornado_view_of(&v, doc, inputs, n))
        return 0;
    sl_arena *a = sl_arena_new();
    if (!a)
        return SL_ENOMEM;
    static const char *const titles[] = {N_("What moves the chance of finishing on time most"),
                                         N_("What moves the P80 finish most"),
                                         N_("What the finish follows most")};
    const double top = 34, row_h = 24;
    double y_end = top + (double)n * row_h;
    double h = y_end + 56;
    sl_svg_open(out, "tornado", sl_tr(l, titles[v.measure]), W, h);
    sl_svg_boxes boxes = {W, 0, {{0}}};
    const sl_scale *x = &v.x;
    double step = v.measure == 0 ? 20 : v.measure == 2 ? 0.5 : sl_nice_step(x->d1 - x->d0, 5);
    fputs("<g class=\"axis\">\n", out);
    int ticks = 0;
    for (double t = ceil(x->d0 / step - 1e-9) * step;
         t <= x->d1 + step * 1e-9 && ticks++ < SL_MAX_TICKS; t += step) {
        double px = sl_scale_at(x, t);
        char tick[32];
        bar_label(tick, sizeof tick, &v, doc, l, fabs(t) < step * 1e-9 ? 0 : t, false);
        sl_svg_line(out, px, top - 6, px, y_end, SL_COLOR_GRID, 1, NULL);
        sl_svg_place(out, &boxes, px, y_end + 16, "middle", "tick", 11, tick, 0);
    }
    fputs("</g>\n", out);
    double bx = sl_scale_at(x, v.base), swing = 0;
    if (v.measure == 0) {
        char share[32], text[96];
        sl_fmt_share(share, sizeof share, l, v.base / 100, 1, false);
        sl_says(text, sizeof text, l, "overall %s", share);
        sl_svg_place(out, &boxes, bx, top - 14, "middle", "note", 11, text, 0);
    }
    bool oom = false;
    for (size_t i = 0; i < n; i++) {
        double s = tornado_row(out, a, l, doc, &v, &boxes, json_array_get(inputs, i),
                               top + (double)i * row_h, row_h, &oom);
        swing = SL_MAX(swing, s); /* a macro: the row drawn once */
    }
    sl_svg_line(out, bx, top - 8, bx, y_end, SL_COLOR_INK, 1.5, NULL);
    if (v.measure == 0 && swing < 0.05)
        sl_svg_place(out, &boxes, x->r1, top - 14, "end", "note", 11,
                     sl_tr(l, "no single input moves the chance in these iterations"), 0);
    if (v.measure != 2) {
        sl_legend_item items[] = {{0, "#56B4E9", sl_tr(l, "input in its lowest tenth")},
                                  {0, "#E69F00", sl_tr(l, "input in its highest tenth")}};
        sl_svg_legend(out, &boxes, x->r0, y_end + 40, W - 10, items, SL_ARRAY_LEN(items));
    }
    static const char *const captions[] = {
        N_("The chance of finishing on time among the iterations where one input is in its "
           "lowest or highest tenth (gates: failed or passed); the longest bars are the "
           "uncertainties worth reducing first."),
        N_("The chance of finishing on time is the same whichever input is low or high, so the "
           "inputs are ranked by the P80 finish among the iterations where one input is in its "
           "lowest or highest tenth (gates: failed or passed); never done is drawn at the right "
           "end."),
        N_("Neither the chance of finishing on time nor the P80 finish moves with any single "
           "input, so the inputs are ranked by the rank (Spearman) correlation of each with the "
           "finish.")};
    sl_svg_close(out, sl_tr(l, captions[v.measure]));
    sl_arena_free(a);
    return oom ? SL_ENOMEM : 1;
}

/* ---- capacity over time ------------------------------------------------- */

typedef struct cap_step {
    double day, vcpu, ram, hosts;
} cap_step;

/* The site's free racks or kW as a share of what the whole platform needs.
 * Racks and power grow with the hosts, so where the hosts line crosses a
 * reference the site runs out. */
typedef struct site_ref {
    const char *key, *color;
    bool is_racks;
    double free, need, pct; /* pct NAN: the placement section lacks it */
} site_ref;

#define REF_MAX_PCT 400.0 /* a reference further up is named, not drawn */

static void site_refs(json_t *doc, site_ref refs[2])
{
    static const char *const keys[] = {"racks", "kw"};
    static const char *const colors[] = {"#CC79A7", "#7a5195"};
    for (int i = 0; i < 2; i++) {
        char path[64];
        site_ref *r = &refs[i];
        r->key = keys[i];
        r->is_racks = i == 0;
        r->color = colors[i];
        snprintf(path, sizeof path, "placement.site.%s.free", keys[i]);
        r->free = sl_jnum_or(sl_jget(doc, path), NAN);
        snprintf(path, sizeof path, "placement.site.%s.need", keys[i]);
        r->need = sl_jnum_or(sl_jget(doc, path), NAN);
        r->pct = isfinite(r->free) && r->need > 0 ? 100 * SL_MAX(r->free, 0.0) / r->need : NAN;
    }
}

/* "free racks at the site: 12", or the kW; with the share when asked. */
static void ref_text(char *buf, size_t len, const sl_lang *l, const site_ref *r, bool with_pct)
{
    char num[32], pct[32];
    sl_fmt_number(num, sizeof num, l, r->free, 0, true);
    sl_fmt_share(pct, sizeof pct, l, r->pct / 100, 0, false);
    if (r->is_racks && with_pct)
        sl_says(buf, len, l, "free racks at the site: %s (%s, above)", num, pct);
    else if (r->is_racks)
        sl_says(buf, len, l, "free racks at the site: %s", num);
    else if (with_pct)
        sl_says(buf, len, l, "free kW at the site: %s (%s, above)", num, pct);
    else
        sl_says(buf, len, l, "free kW at the site: %s", num);
}

/* A dashed line at the reference, or a note in the row at y_note above
 * the plot when it is beyond the scale; both class "reference" with the
 * figures as a tooltip. */
static void site_ref_mark(FILE *out, const sl_lang *l, sl_svg_boxes *b, const site_ref *r,
                          const sl_scale *x, const sl_scale *y, double y_note, int slot)
{
    char t[256], fr[32], nd[32], pct[32], text[160];
    sl_fmt_number(fr, sizeof fr, l, r->free, 0, true);
    sl_fmt_number(nd, sizeof nd, l, r->need, 0, true);
    sl_fmt_share(pct, sizeof pct, l, r->pct / 100, 0, true);
    if (r->is_racks)
        sl_says(t, sizeof t, l,
                "%s racks free at the site, %s of the %s racks the full platform needs", fr, pct,
                nd);
    else
        sl_says(t, sizeof t, l, "%s kW free at the site, %s of the %s kW the full platform needs",
                fr, pct, nd);
    if (r->pct <= y->d1) {
        double py = sl_scale_at(y, r->pct);
        fprintf(out, "<line class=\"reference\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"2 3\"><title>",
                x->r0, py, x->r1, py, r->color);
        sl_html_escape(out, t);
        fputs("</title></line>\n", out);
        ref_text(text, sizeof text, l, r, false);
        sl_svg_place(out, b, x->r0 + 6, py + 13, "start", "note", 11, text, 2);
        return;
    }
    double px = x->r0 + 8 + 330.0 * slot, py = y_note - 9;
    fprintf(out, "<path class=\"reference\" d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"><title>",
            px, py, px + 5, py + 8, px - 5, py + 8, r->color);
    sl_html_escape(out, t);
    fputs("</title></path>\n", out);
    ref_text(text, sizeof text, l, r, true);
    sl_svg_place(out, b, px + 9, py + 8, "start", "note", 11, text, 0);
}

/* What lands in each window, accumulated in window order; the top of the
 * plot in percent. NULL when out of memory. */
static cap_step *cap_steps(json_t *doc, json_t *windows, double cap_vcpu, double cap_ram,
                           double *top_pct)
{
    json_t *workloads = sl_jarray(doc, "workloads");
    size_t n_w = json_array_size(windows);
    cap_step *steps = sl_calloc(n_w, sizeof *steps);
    sl_strmap hosts = {0};
    if (!steps)
        return NULL;
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
            return NULL;
        }
        steps[lo].hosts += seen == SL_NONE;
    }
    sl_strmap_free(&hosts);
    *top_pct = 100;
    for (size_t k = 0; k < n_w; k++) {
        steps[k].day = sl_jdatetime(json_object_get(json_array_get(windows, k), "start"));
        if (k) {
            steps[k].vcpu += steps[k - 1].vcpu;
            steps[k].ram += steps[k - 1].ram;
            steps[k].hosts += steps[k - 1].hosts;
        }
        *top_pct = SL_MAX(*top_pct,
                          100 * SL_MAX(steps[k].vcpu / cap_vcpu, steps[k].ram / cap_ram));
    }
    return steps;
}

int sl_chart_capacity(FILE *out, json_t *doc, const sl_lang *l)
{
    json_t *windows = sl_jarray(doc, "schedule.windows");
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
        !sl_chart_time_span(doc, &t0, &t1))
        return 0;
    double top_pct;
    cap_step *steps = cap_steps(doc, windows, cap_vcpu, cap_ram, &top_pct);
    if (!steps)
        return SL_ENOMEM;
    site_ref refs[2];
    site_refs(doc, refs);
    for (int i = 0; i < 2; i++)
        if (refs[i].pct <= REF_MAX_PCT)
            top_pct = SL_MAX(top_pct, refs[i].pct);
    bool beyond = refs[0].pct > REF_MAX_PCT || refs[1].pct > REF_MAX_PCT;
    const double y_note = 16, H = beyond ? 340 : 318, top = beyond ? 52 : 30, bottom = H - 72;
    sl_scale x = {t0, t1, 64, W - 60};
    sl_scale y = {0, top_pct * 1.2, bottom, top};
    sl_svg_boxes b = {W, 0, {{0}}};
    sl_svg_open(out, "capacity", sl_tr(l, "Target platform in use as the waves land"), W, H);
    sl_svg_time_axis(out, &x, bottom, bottom + 4, bottom + 18, l, &b);
    sl_svg_value_axis(out, &y, x.r0, x.r1, false, SL_FMT_INT, " %", l);
    static const char *const names[] = {N_("vCPU in use"), N_("RAM in use"), N_("hosts in use")};
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
        char t[160], share[32];
        sl_fmt_share(share, sizeof share, l, prev, 1, false);
        sl_says(t, sizeof t, l, "%s at the end: %s of the platform", sl_tr(l, names[s]), share);
        fprintf(out, " H%.1f\"><title>", x.r1);
        sl_html_escape(out, t);
        fputs("</title></path>\n", out);
    }
    double py = sl_scale_at(&y, 100);
    sl_svg_line(out, x.r0, py, x.r1, py, SL_COLOR_INK, 1, "6 3");
    char cap[256], nh[32], nv[32], nr[32];
    sl_fmt_number(nh, sizeof nh, l, hosts_total, 0, true);
    sl_fmt_number(nv, sizeof nv, l, cap_vcpu, 0, true);
    sl_fmt_number(nr, sizeof nr, l, cap_ram, 0, true);
    sl_says(cap, sizeof cap, l, "platform capacity: %s hosts, %s vCPU, %s GB RAM", nh, nv, nr);
    sl_svg_place(out, &b, x.r1 - 4, py - 5, "end", "note", 11, cap, 0);
    for (int i = 0, slot = 0; i < 2; i++)
        if (isfinite(refs[i].pct))
            site_ref_mark(out, l, &b, &refs[i], &x, &y, y_note, refs[i].pct > y.d1 ? slot++ : slot);
    sl_chart_marker(out, &b, &x, sl_jdate(sl_jget(doc, "placement.hardware_arrives")), top,
                    bottom, SL_COLOR_MUTED, sl_tr(l, "hardware"));
    sl_chart_marker(out, &b, &x, sl_jdate(sl_jget(doc, "scenario.deadline")), top, bottom,
                    SL_COLOR_NO_GO, sl_tr(l, "deadline"));
    sl_legend_item items[5];
    size_t n_items = 0;
    for (int s = 0; s < 3; s++)
        items[n_items++] = (sl_legend_item){1, colors[s], sl_tr(l, names[s])};
    for (int i = 0; i < 2; i++)
        if (isfinite(refs[i].pct))
            items[n_items++] = (sl_legend_item){2, refs[i].color,
                                                refs[i].is_racks ? sl_tr(l, "free racks at the site")
                                                                 : sl_tr(l, "free kW at the site")};
    sl_svg_legend(out, &b, x.r0, H - 30, W - 10, items, n_items);
    sl_svg_close(out, sl_tr(l, "Share of the shared platform's vCPU, RAM (after overcommit and "
                               "headroom) and hosts holding moved workloads, after each wave as "
                               "planned. Dotted: the target site's free racks and kW as a share "
                               "of what the full platform needs; racks and power grow with the "
                               "hosts, so the site runs out where the hosts line crosses one."));
    sl_free(steps);
    return 1;
}
