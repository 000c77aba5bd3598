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

static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void sl_svg_time_axis(FILE *out, const sl_scale *x, double y0, double y1, double y_label)
{
    double span_days = x->d1 - x->d0;
    int step = span_days <= 550 ? 1 : span_days <= 1500 ? 3 : 12;
    int y, m, d;
    sl_date_to_ymd(sl_day_of(ceil(x->d0)), &y, &m, &d);
    if (d != 1) {
        m++;
        if (m > 12) {
            m = 1;
            y++;
        }
    }
    while ((m - 1) % step != 0) {
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    fputs("<g class=\"axis\">\n", out);
    for (int guard = 0; guard < 400 && isfinite(x->d0) && isfinite(x->d1); guard++) {
        sl_date t = sl_date_from_ymd(y, m, 1);
        if (t > x->d1)
            break;
        double px = sl_scale_at(x, t);
        bool is_year = m == 1;
        sl_svg_line(out, px, y0, px, y1, is_year ? "#c9ced6" : SL_COLOR_GRID, 1, NULL);
        if (step == 12)
            sl_svg_textf(out, px + 3, y_label, "start", "tick", "%d", y);
        else if (is_year || step == 3)
            sl_svg_textf(out, px + 3, y_label, "start", "tick", "%s %d", month_names[m - 1], y);
        else
            sl_svg_text(out, px + 3, y_label, "start", "tick", month_names[m - 1]);
        m += step;
        while (m > 12) {
            m -= 12;
            y++;
        }
    }
    fputs("</g>\n", out);
}

void sl_svg_value_axis(FILE *out, const sl_scale *y, double x, double x_grid_end, bool is_right,
                       sl_num_fmt fmt, const char *suffix)
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
        sl_cell_number_text(num, sizeof num, fabs(v) < step * 1e-9 ? 0 : v, fmt);
        sl_svg_textf(out, is_right ? x + 4 : x - 4, py + 4, is_right ? "start" : "end", "tick",
                     "%s%s", num, suffix ? suffix : "");
    }
    fputs("</g>\n", out);
}
