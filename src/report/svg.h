/* SPDX-License-Identifier: MIT */
/*
 * svg.h - small helpers for the SVG charts of the HTML report: linear and
 * time scales, "nice" axis steps, escaped text, and the few shapes the
 * charts use. Coordinates print with one decimal, so the same plan gives
 * the same bytes.
 */
#ifndef SL_REPORT_SVG_H
#define SL_REPORT_SVG_H

#include "report/report.h"

/* At most this many ticks on an axis: a tick loop stops there whatever the
 * numbers (a domain of 1e17 +- 7 would not advance by its step). */
#define SL_MAX_TICKS 100

/* Maps [d0, d1] onto [r0, r1]; a degenerate or non-finite domain, or a
 * value that is not a number, maps to r0; a value far outside the domain
 * is clamped a little outside the range, so no coordinate runs away. */
typedef struct sl_scale {
    double d0, d1, r0, r1;
} sl_scale;

double sl_scale_at(const sl_scale *s, double v);
/* A day number from a double of the document, clamped into the years a
 * date can have (no cast of 1e17 to int); NaN gives the low end. */
sl_date sl_day_of(double day);
/* A step of 1, 2 or 5 times a power of ten giving about `ticks` ticks. */
double sl_nice_step(double range, int ticks);

/* Opens <figure><svg> with a viewBox of w x h; id names the chart, title is
 * its accessible name. */
void sl_svg_open(FILE *out, const char *id, const char *title, double w, double h);
/* Closes the svg, writes the caption (escaped; may be NULL) and closes the
 * figure. */
void sl_svg_close(FILE *out, const char *caption);
/* Text at (x, y); anchor "start", "middle" or "end"; cls may be NULL. */
void sl_svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
                 const char *text);
void sl_svg_textf(FILE *out, double x, double y, const char *anchor, const char *cls,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A rectangle; fill is a colour; title (escaped) becomes a tooltip; cls
 * "mark" for a data mark. Widths below min_w are widened around x. */
void sl_svg_rect(FILE *out, double x, double y, double w, double h, const char *fill,
                 const char *cls, const char *title);
void sl_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *stroke,
                 double width, const char *dash);
/* A diamond of half-size r centred on (x, y). */
void sl_svg_diamond(FILE *out, double x, double y, double r, const char *fill, const char *title);

/* Time axis along the top or bottom of a plot: grid lines from y0 to y1,
 * labels at y_label; ticks on months, quarters or years by the span. */
void sl_svg_time_axis(FILE *out, const sl_scale *x, double y0, double y1, double y_label);
/* Value axis on the left (or right when is_right) at x: ticks, labels by
 * fmt, grid lines to x_grid_end when it differs from x. */
void sl_svg_value_axis(FILE *out, const sl_scale *y, double x, double x_grid_end, bool is_right,
                       sl_num_fmt fmt, const char *suffix);

/* Colours of the report, shared by charts and the page. */
extern const char *const sl_palette[8];
#define SL_COLOR_GO "#2e7d32"
#define SL_COLOR_CONDITIONAL "#b26a00"
#define SL_COLOR_NO_GO "#c62828"
#define SL_COLOR_MUTED "#8a8f98"
#define SL_COLOR_GRID "#e3e6ea"
#define SL_COLOR_INK "#1d2330"

#endif
