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

/* ---- text that neither collides nor is cut ---------------------------
 * The charts know their text boxes only by estimate (no fonts here): a
 * character is at most 0.62 of the font size wide, a line 1.25 of it
 * high, so an estimated box covers the drawn one. Labels placed through a
 * sl_svg_boxes never overlap one another and stay inside [0, width]; the
 * browser test measures the real boxes. */
#define SL_SVG_MAX_BOXES 96
typedef struct sl_svg_boxes {
    double w; /* the chart's width: nothing may reach past it */
    size_t n;
    double box[SL_SVG_MAX_BOXES][4]; /* x0, y0, x1, y1 */
} sl_svg_boxes;

/* The estimated box of text drawn at (x, y) (its baseline) with an anchor
 * and a font size. */
void sl_svg_text_box(const char *text, double x, double y, const char *anchor, double size,
                     double box[4]);
/* Text of font size `size` (its class's) at (x, y), or lower by steps of
 * a line until it overlaps nothing placed before and fits the chart's
 * width (an end anchor is used when the start would run past it); at most
 * `tries` steps. Its box is taken. False, writing nothing, when no place
 * was free. */
bool sl_svg_place(FILE *out, sl_svg_boxes *b, double x, double y, const char *anchor,
                  const char *cls, double size, const char *text, int tries);
/* Takes a box without drawing (a mark labels must not cover). */
void sl_svg_take(sl_svg_boxes *b, double x0, double y0, double x1, double y1);
/* Legend entries in a row from x at baseline y: a swatch drawn by the
 * caller's kind (0 rect, 1 line, 2 dashed line, 3 hatched) and its text,
 * wrapping to a next row at max_x; returns the y of the last row. */
typedef struct sl_legend_item {
    int kind;
    const char *color, *text;
} sl_legend_item;
double sl_svg_legend(FILE *out, sl_svg_boxes *b, double x, double y, double max_x,
                     const sl_legend_item *items, size_t n);

/* Time axis along the top or bottom of a plot: grid lines from y0 to y1,
 * labels at y_label; ticks every 1, 2, 3, 6 or 12 months, as many as the
 * labels have room for; a label names its year at the first tick and at
 * each January, when the span crosses a year. Month names in language l;
 * labels that would run past the chart's right edge are left out. */
void sl_svg_time_axis(FILE *out, const sl_scale *x, double y0, double y1, double y_label,
                      const sl_lang *l, sl_svg_boxes *b);
/* Value axis on the left (or right when is_right) at x: ticks, labels by
 * fmt, grid lines to x_grid_end when it differs from x. */
void sl_svg_value_axis(FILE *out, const sl_scale *y, double x, double x_grid_end, bool is_right,
                       sl_num_fmt fmt, const char *suffix, const sl_lang *l);

/* Colours of the report, shared by charts and the page. */
extern const char *const sl_palette[8];
#define SL_COLOR_GO "#2e7d32"
#define SL_COLOR_CONDITIONAL "#b26a00"
#define SL_COLOR_NO_GO "#c62828"
#define SL_COLOR_MUTED "#8a8f98"
#define SL_COLOR_GRID "#e3e6ea"
#define SL_COLOR_INK "#1d2330"

#endif
