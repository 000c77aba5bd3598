/* SPDX-License-Identifier: MIT */
/*
 * html_risk.c - the money and risk charts of the HTML report: yearly cash
 * flows of the status quo against co-location (the `cost` section) and
 * the risk register as a 5 x 5 likelihood x impact heat map (`risks`),
 * in a language; a computed risk's title is said from its phrase.
 */
#include "report/html.h"

#include <math.h>
#include <string.h>

#define W 960.0

/* The yearly cash flows: cost.cash_flows, or cost.yearly. */
static json_t *flows_of(json_t *doc)
{
    json_t *f = sl_jarray(doc, "cost.cash_flows");
    return f ? f : sl_jarray(doc, "cost.yearly");
}

int sl_chart_cash_flows(FILE *out, json_t *doc, const sl_lang *l)
{
    json_t *flows = flows_of(doc);
    size_t n = json_array_size(flows);
    double lo = 0, hi = 0;
    size_t usable = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(flows, i);
        double a, b;
        bool has_a = sl_jnum(json_object_get(f, "status_quo"), &a);
        bool has_b = sl_jnum(json_object_get(f, "colocation"), &b);
        if (has_a) {
            lo = SL_MIN(lo, a);
            hi = SL_MAX(hi, a);
        }
        if (has_b) {
            lo = SL_MIN(lo, b);
            hi = SL_MAX(hi, b);
        }
        usable += has_a || has_b;
    }
    if (!usable || hi == lo)
        return 0;
    const char *currency = sl_jstr(sl_jget(doc, "scenario.currency"));
    double payback = sl_jnum_or(sl_jget(doc, "cost.payback_year"), NAN);
    const double H = 320, top = 30, bottom = H - 56;
    double pad = (hi - lo) * 0.08;
    sl_scale y = {lo < 0 ? lo - pad : 0, hi + pad, bottom, top};
    double band = (W - 100 - 30) / (double)n;
    sl_svg_boxes boxes = {W, 0, {{0}}};
    sl_svg_open(out, "cashflow", sl_tr(l, "Yearly cash flows: status quo against co-location"),
                W, H);
    /* the value axis in millions, with the currency once */
    double step = sl_nice_step(y.d1 - y.d0, 5);
    fputs("<g class=\"axis\">\n", out);
    int ticks = 0;
    for (double v = ceil(y.d0 / step) * step; v <= y.d1 + step * 1e-9 && ticks++ < SL_MAX_TICKS;
         v += step) {
        char buf[48];
        sl_fmt_money_tick(buf, sizeof buf, l, fabs(v) < step * 1e-9 ? 0 : v, step, currency);
        double py = sl_scale_at(&y, v);
        sl_svg_line(out, 100, py, W - 30, py, "#e3e6ea", 1, NULL);
        sl_svg_text(out, 96, py + 4, "end", "tick", buf);
    }
    if (currency && !sl_fmt_money_names_currency(l, currency))
        sl_svg_text(out, 96, top - 12, "end", "tick", currency);
    fputs("</g>\n", out);
    double zero = sl_scale_at(&y, 0);
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(flows, i);
        double year = sl_jnum_or(json_object_get(f, "year"), (double)i + 1);
        double x0 = 100 + band * (double)i;
        static const char *const keys[] = {"status_quo", "colocation"};
        static const char *const names[] = {N_("status quo"), N_("co-location")};
        static const char *const colors[] = {"#8a8f98", "#0072B2"};
        for (int s = 0; s < 2; s++) {
            double v;
            if (!sl_jnum(json_object_get(f, keys[s]), &v))
                continue;
            char t[256], m[64];
            sl_fmt_money(m, sizeof m, l, v, currency);
            sl_says(t, sizeof t, l, "year %.0f, %s: %s", year, sl_tr(l, names[s]), m);
            double bw = band * 0.36;
            sl_svg_rect(out, x0 + band * 0.12 + bw * s, sl_scale_at(&y, v), bw,
                        zero - sl_scale_at(&y, v), colors[s], "mark", t);
        }
        sl_svg_textf(out, x0 + band / 2, bottom + 16, "middle", "tick", "%.0f", year);
        if (isfinite(payback) && year == payback) {
            sl_svg_line(out, x0 + band / 2, top, x0 + band / 2, bottom, "#2e7d32", 1.5, "5 3");
            sl_svg_place(out, &boxes, x0 + band / 2 + 4, top + 10, "start", "note", 11,
                         sl_tr(l, "payback"), 2);
        }
    }
    sl_svg_line(out, 100, zero, W - 30, zero, "#1d2330", 1, NULL);
    sl_svg_text(out, W - 30, bottom + 32, "end", "tick", sl_tr(l, "year of the horizon"));
    sl_legend_item items[] = {{0, "#8a8f98", sl_tr(l, "status quo")},
                              {0, "#0072B2", sl_tr(l, "co-location")}};
    sl_svg_legend(out, &boxes, 100, H - 12, W - 260, items, SL_ARRAY_LEN(items));
    sl_svg_close(out, sl_tr(l, "Cash flows per year of the horizon as the cost stage gives them."));
    return 1;
}

static const char *score_color(int score)
{
    return score >= 15 ? "#f4a3a3" : score >= 10 ? "#ffd199" : score >= 5 ? "#fff2b3" : "#cfe8cf";
}

int sl_chart_heat_map(FILE *out, json_t *doc, const sl_lang *lang)
{
    json_t *risks = sl_jarray(doc, "risks");
    size_t n = json_array_size(risks);
    size_t placed = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(risks, i);
        double l = sl_jnum_or(json_object_get(r, "likelihood"), 0);
        double im = sl_jnum_or(json_object_get(r, "impact"), 0);
        placed += l >= 1 && l <= 5 && im >= 1 && im <= 5;
    }
    if (!placed)
        return 0;
    const double cw = 120, ch = 64, left = 110, top = 16;
    double h = top + 5 * ch + 56;
    sl_svg_open(out, "heatmap", sl_tr(lang, "Risk register: likelihood against impact"), W, h);
    sl_arena *a = sl_arena_new();
    const char *currency = sl_jstr(sl_jget(doc, "scenario.currency"));
    bool oom = !a;
    for (int l = 5; l >= 1; l--) {
        double y = top + (5 - l) * ch;
        sl_svg_textf(out, left - 10, y + ch / 2 + 4, "end", "tick", "%d", l);
        for (int im = 1; im <= 5; im++) {
            double x = left + (im - 1) * cw;
            sl_buf title = {0};
            const char *ids[2] = {NULL, NULL};
            int count = 0;
            for (size_t i = 0; i < n; i++) {
                json_t *r = json_array_get(risks, i);
                if (sl_jnum_or(json_object_get(r, "likelihood"), 0) != l ||
                    sl_jnum_or(json_object_get(r, "impact"), 0) != im)
                    continue;
                const char *id = sl_jstr(json_object_get(r, "id"));
                const char *t = a ? sl_report_say(a, sl_jget(r, "phrases.title"), lang,
                                                  currency, NULL)
                                  : NULL;
                if (!t)
                    t = sl_jstr(json_object_get(r, "title"));
                const char *ag = sl_jstr(json_object_get(r, "agency"));
                sl_buf_printf(&title, "%s%s: %s%s%s%s", count ? "\n" : "", id ? id : "?",
                              t ? t : "", ag ? " (" : "", ag ? ag : "", ag ? ")" : "");
                /* a computed risk's id begins with its code: the cell shows
                 * the rest (agency, gate), the tooltip the title */
                const char *slash = id ? strchr(id, '/') : NULL;
                if (count < 2)
                    ids[count] = slash ? slash + 1 : id ? id : "?";
                count++;
            }
            char head[160];
            sl_says(head, sizeof head, lang, "likelihood %d x impact %d = %d", l, im, l * im);
            oom = oom || title.failed;
            sl_svg_rect(out, x + 1, y + 1, cw - 2, ch - 2, score_color(l * im),
                        count ? "mark cell" : "cell", count && title.data ? title.data : head);
            if (count) {
                sl_svg_textf(out, x + cw / 2, y + 22, "middle", "count", "%d", count);
                for (int k = 0; k < 2 && ids[k]; k++) {
                    char id[40];
                    size_t len = strlen(ids[k]), cut = len > 18 ? 16 : len;
                    while (cut < len && cut > 0 && ((unsigned char)ids[k][cut] & 0xC0) == 0x80)
                        cut--;
                    snprintf(id, sizeof id, "%.*s%s%s", (int)cut, ids[k], cut < len ? "..." : "",
                             k == 1 && count > 2 ? " +" : "");
                    sl_svg_text(out, x + cw / 2, y + 38 + 13 * k, "middle", "note", id);
                }
            }
            sl_buf_free(&title);
        }
    }
    for (int im = 1; im <= 5; im++)
        sl_svg_textf(out, left + (im - 0.5) * cw, top + 5 * ch + 18, "middle", "tick", "%d", im);
    sl_svg_text(out, left + 2.5 * cw, top + 5 * ch + 38, "middle", "label", sl_tr(lang, "impact"));
    fprintf(out, "<text x=\"24\" y=\"%.1f\" text-anchor=\"middle\" class=\"label\" "
                 "transform=\"rotate(-90 24 %.1f)\">",
            top + 2.5 * ch, top + 2.5 * ch);
    sl_html_escape(out, sl_tr(lang, "likelihood"));
    fputs("</text>\n", out);
    double lx = left + 5 * cw + 30;
    static const int scores[] = {1, 5, 10, 15};
    static const char *const bands[] = {N_("score 1-4"), N_("score 5-9"), N_("score 10-14"),
                                        N_("score 15-25")};
    for (int i = 0; i < 4; i++) {
        sl_svg_rect(out, lx, top + 10 + 24.0 * i, 14, 14, score_color(scores[i]), NULL, NULL);
        sl_svg_text(out, lx + 20, top + 22 + 24.0 * i, "start", "note", sl_tr(lang, bands[i]));
    }
    sl_svg_close(out, sl_tr(lang, "Each cell counts the risks with that likelihood and impact (1 to "
                                  "5); hover a cell for their titles."));
    sl_arena_free(a);
    return oom ? SL_ENOMEM : 1;
}
