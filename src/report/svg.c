/* SPDX-License-Identifier: MIT */
/*
 * svg.c - scales, axes, escaped text and shapes for the report's charts.
 * See svg.h.
 */
#include "report/svg.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* Okabe & Ito's colour-blind-safe palette (2008), black last. */
const char *const sl_palette[8] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                   "#56B4E9", "#D55E00", "#7a6f00", "#000000"};

double sl_scale_at(const sl_scale *s, double v)
{
    if (s->d1 == s->d0 || !isfinite(s->d1 - s->d0) || !isfinite(v))
        return s->r0;
    double p = s->r0 + (v - s->d0) * (s->r1 - s->r0) / (s->d1 - s->d0);
    double lo = SL_MIN(s->r0, s->r1) - 1000, hi = SL_MAX(s->r0, s->r1) + 1000;
    return !(p >= lo) ? lo : p > hi ? hi : p;
}

sl_date sl_day_of(double day)
{
    /* the years 0000 to 9999 and then some: every date a report shows */
    const double lo = -800000, hi = 3000000;
    return !(day >= lo) ? (sl_date)lo : day > hi ? (sl_date)hi : (sl_date)day;
}

double sl_nice_step(double range, int ticks)
{
    if (!(range > 0) || ticks < 1)
        return 1;
    double raw = range / ticks;
    double p = pow(10, floor(log10(raw)));
    double f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/* Texts here are often cut to a buffer by snprintf; this drops a UTF-8
 * sequence the cut left incomplete, so the page stays valid UTF-8. */
static void put_text(FILE *out, const char *s)
{
    size_t len = strlen(s), back = 0;
    while (back < 4 && back < len && ((unsigned char)s[len - 1 - back] & 0xC0) == 0x80)
        back++;
    if (back < len) {
        unsigned char lead = (unsigned char)s[len - 1 - back];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (need > back + 1)
            len -= back + 1;
    }
    sl_html_escape_n(out, s, len);
}

void sl_svg_open(FILE *out, const char *id, const char *title, double w, double h)
{
    fprintf(out, "<figure class=\"chart\" id=\"chart-%s\">\n", id);
    fprintf(out,
            "<svg class=\"chart-svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
            "role=\"img\" aria-label=\"",
            w, h, w, h);
    sl_html_escape(out, title);
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui, sans-serif\" "
          "font-size=\"12\">\n",
          out);
}

void sl_svg_close(FILE *out, const char *caption)
{
    fputs("</svg>\n", out);
    if (caption) {
        fputs("<figcaption>", out);
        sl_html_escape(out, caption);
        fputs("</figcaption>\n", out);
    }
    fputs("</figure>\n", out);
}

void sl_svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
                 const char *text)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\"", x, y);
    if (anchor && strcmp(anchor, "start") != 0)
        fprintf(out, " text-anchor=\"%s\"", anchor);
    if (cls)
        fprintf(out, " class=\"%s\"", cls);
    fputc('>', out);
    put_text(out, text);
    fputs("</text>\n", out);
}

void sl_svg_textf(FILE *out, double x, double y, const char *anchor, const char *cls,
                  const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sl_svg_text(out, x, y, anchor, cls, buf);
}

static void title_child(FILE *out, const char *title)
{
    if (!title)
        return;
    fputs("<title>", out);
    put_text(out, title);
    fputs("</title>", out);
}

void sl_svg_rect(FILE *out, double x, double y, double w, double h, const char *fill,
                 const char *cls, const char *title)
{
    if (w < 0) {
        x += w;
        w = -w;
    }
    if (h < 0) {
        y += h;
        h = -h;
    }
    if (w < 1.5) { /* a mark that is too thin to see still shows */
        x -= (1.5 - w) / 2;
        w = 1.5;
    }
    fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"", x, y,
            w, h, fill);
    if (cls)
        fprintf(out, " class=\"%s\"", cls);
    if (title) {
        fputc('>', out);
        title_child(out, title);
        fputs("</rect>\n", out);
    } else {
        fputs("/>\n", out);
    }
}

void sl_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *stroke,
                 double width, const char *dash)
{
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"%.1f\"",
            x1, y1, x2, y2, stroke, width);
    if (dash)
        fprintf(out, " stroke-dasharray=\"%s\"", dash);
    fputs("/>\n", out);
}

void sl_svg_diamond(FILE *out, double x, double y, double r, const char *fill, const char *title)
{
    fprintf(out,
            "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\" class=\"mark\">",
            x, y - r, x + r, y, x, y + r, x - r, y, fill);
    title_child(out, title);
    fputs("</path>\n", out);
}

/* ---- boxes --------------------------------------------------------------- */

void sl_svg_text_box(const char *text, double x, double y, const char *anchor, double size,
                     double box[4])
{
    double w = 0.62 * size * (double)sl_text_width(text);
    double x0 = !anchor || strcmp(anchor, "start") == 0 ? x
                : strcmp(anchor, "end") == 0            ? x - w
                                                        : x - w / 2;
    box[0] = x0;
    box[1] = y - size;
    box[2] = x0 + w;
    box[3] = y + 0.25 * size;
}

static bool overlaps(const sl_svg_boxes *b, const double box[4])
{
    for (size_t i = 0; i < b->n; i++) {
        const double *o = b->box[i];
        if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3])
            return true;
    }
    return false;
}

void sl_svg_take(sl_svg_boxes *b, double x0, double y0, double x1, double y1)
{
    if (b->n < SL_SVG_MAX_BOXES) {
        b->box[b->n][0] = x0;
        b->box[b->n][1] = y0;
        b->box[b->n][2] = x1;
        b->box[b->n][3] = y1;
        b->n++;
    }
}

bool sl_svg_place(FILE *out, sl_svg_boxes *b, double x, double y, const char *anchor,
                  const char *cls, double size, const char *text, int tries)
{
    for (int k = 0; k <= tries; k++) {
        double yy = y + (double)k * 1.3 * size, box[4];
        const char *a = anchor;
        sl_svg_text_box(text, x, yy, a, size, box);
        if (box[2] > b->w - 1 && (!a || strcmp(a, "end") != 0)) {
            a = "end"; /* flip to the left of the point */
            sl_svg_text_box(text, x, yy, a, size, box);
        }
        if (box[0] < 1)
            continue;
        if (!overlaps(b, box)) {
            sl_svg_text(out, x, yy, a, cls, text);
            sl_svg_take(b, box[0], box[1], box[2], box[3]);
            return true;
        }
    }
    return false;
}

double sl_svg_legend(FILE *out, sl_svg_boxes *b, double x, double y, double max_x,
                     const sl_legend_item *items, size_t n)
{
    double cx = x;
    for (size_t i = 0; i < n; i++) {
        double w = 26 + 0.62 * 11 * (double)sl_text_width(items[i].text);
        if (cx > x && cx + w > max_x) {
            cx = x;
            y += 18;
        }
        switch (items[i].kind) {
        case 1:
            sl_svg_line(out, cx, y - 4, cx + 20, y - 4, items[i].color, 2, NULL);
            break;
        case 2:
            sl_svg_line(out, cx, y - 4, cx + 20, y - 4, items[i].color, 2, "2 3");
            break;
        case 3:
            sl_svg_rect(out, cx, y - 9, 14, 10, items[i].color, NULL, NULL);
            break;
        case 4:
            sl_svg_line(out, cx + 7, y - 9, cx + 7, y + 1, items[i].color, 1.5, "5 3");
            break;
        case 5:
            sl_svg_diamond(out, cx + 7, y - 4, 5, items[i].color, NULL);
            break;
        default:
            sl_svg_rect(out, cx, y - 9, 10, 10, items[i].color, NULL, NULL);
        }
        sl_svg_text(out, cx + 24, y, "start", "note", items[i].text);
        sl_svg_take(b, cx, y - 11, cx + w, y + 3);
        cx += w + 14;
    }
    return y;
}

void sl_svg_time_axis(FILE *out, const sl_scale *x, double y0, double y1, double y_label,
                      const sl_lang *l, sl_svg_boxes *b)
{
    /* room per month in px against the widest label ("May 2027": 8 or 9
     * characters of 11 px text), so labels never touch */
    double px_per_month = (x->r1 - x->r0) / fmax((x->d1 - x->d0) / 30.44, 1);
    double label_w = 0.62 * 11 * 9 + 8;
    static const int steps[] = {1, 2, 3, 6, 12};
    int step = 12;
    for (size_t i = 0; i < SL_ARRAY_LEN(steps); i++)
        if (px_per_month * steps[i] >= label_w) {
            step = steps[i];
            break;
        }
    int y, m, d;
    sl_date_to_ymd(sl_day_of(ceil(x->d0)), &y, &m, &d);
    if (d != 1 && ++m > 12) {
        m = 1;
        y++;
    }
    while ((m - 1) % step != 0) {
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    int y_first, m_first, d_first, y_last, m_last, d_last;
    sl_date_to_ymd(sl_day_of(ceil(x->d0)), &y_first, &m_first, &d_first);
    sl_date_to_ymd(sl_day_of(floor(x->d1)), &y_last, &m_last, &d_last);
    bool crosses = y_last != y_first;
    fputs("<g class=\"axis\">\n", out);
    bool first = true;
    for (int guard = 0; guard < 400 && isfinite(x->d0) && isfinite(x->d1); guard++) {
        sl_date t = sl_date_from_ymd(y, m, 1);
        if (t > x->d1)
            break;
        double px = sl_scale_at(x, t);
        bool is_year = m == 1;
        sl_svg_line(out, px, y0, px, y1, is_year ? "#c9ced6" : SL_COLOR_GRID, 1, NULL);
        char text[48];
        if (step == 12)
            snprintf(text, sizeof text, "%d", y);
        else if (is_year || (first && crosses) || step >= 6)
            snprintf(text, sizeof text, "%s %d", sl_fmt_month(l, m), y);
        else
            snprintf(text, sizeof text, "%s", sl_fmt_month(l, m));
        double box[4];
        sl_svg_text_box(text, px + 3, y_label, "start", 11, box);
        /* a label that would run past the chart's edge is left out */
        if (box[2] <= (b ? b->w : x->r1 + 60) - 2 && (!b || !overlaps(b, box))) {
            sl_svg_text(out, px + 3, y_label, "start", "tick", text);
            if (b)
                sl_svg_take(b, box[0], box[1], box[2], box[3]);
            first = false;
        }
        m += step;
        while (m > 12) {
            m -= 12;
            y++;
        }
    }
    fputs("</g>\n", out);
}

void sl_svg_value_axis(FILE *out, const sl_scale *y, double x, double x_grid_end, bool is_right,
                       sl_num_fmt fmt, const char *suffix, const sl_lang *l)
{
    double lo = SL_MIN(y->d0, y->d1), hi = SL_MAX(y->d0, y->d1);
    double step = sl_nice_step(hi - lo, 5);
    fputs("<g class=\"axis\">\n", out);
    int ticks = 0;
    for (double v = ceil(lo / step) * step; v <= hi + step * 1e-9 && ticks++ < SL_MAX_TICKS;
         v += step) {
        double py = sl_scale_at(y, v);
        if (x_grid_end != x)
            sl_svg_line(out, x, py, x_grid_end, py, SL_COLOR_GRID, 1, NULL);
        char num[64];
        sl_cell_number_text_l(num, sizeof num, l, fabs(v) < step * 1e-9 ? 0 : v, fmt);
        sl_svg_textf(out, is_right ? x + 4 : x - 4, py + 4, is_right ? "start" : "end", "tick",
                     "%s%s", num, suffix ? suffix : "");
    }
    fputs("</g>\n", out);
}
