/* SPDX-License-Identifier: MIT */
/*
 * html.h - the charts of the HTML report (html_charts.c, html_risk.c).
 * Each draws one inline SVG from the plan document in a language and
 * returns 1, or 0, writing nothing, when the document lacks what it needs,
 * or SL_ENOMEM. Data marks carry class "mark" (the browser test counts
 * them) and a <title> tooltip.
 */
#ifndef SL_REPORT_HTML_H
#define SL_REPORT_HTML_H

#include "report/svg.h"

/* The calendar the time charts share: the document's `calendar` span, or
 * the start to a month past the deadline and the planned finish; false
 * when the document has neither. */
bool sl_chart_time_span(json_t *doc, sl_date *t0, sl_date *t1);
/* A dashed vertical line at date d from y0 to y1 with "LABEL DATE" placed
 * beside it (nothing when d is outside the axis). */
void sl_chart_marker(FILE *out, sl_svg_boxes *b, const sl_scale *x, sl_date d, double y0,
                     double y1, const char *color, const char *label);
/* Waves per agency in time, with freezes, gates, deadline, hardware. */
int sl_chart_gantt(FILE *out, json_t *doc, const sl_lang *l);
/* Finish dates of the Monte Carlo: histogram and S-curve. */
int sl_chart_finish(FILE *out, json_t *doc, const sl_lang *l);
/* Migration cost of the Monte Carlo: histogram and S-curve. */
int sl_chart_cost_histogram(FILE *out, json_t *doc, const sl_lang *l);
/* P(on time) when each uncertain input is low or high. */
int sl_chart_tornado(FILE *out, json_t *doc, const sl_lang *l);
/* A tornado_measure as the charts number it: 0 P(on time) (also for NULL
 * or an unknown name), 1 P80 finish, 2 rank correlation. */
int sl_tornado_measure_of(const char *name);
/* A finish in days after the plan's start as a date, "never" when days is
 * not finite. */
void sl_finish_label(char *buf, size_t len, json_t *doc, const sl_lang *l, double days);
/* Share of the target platform in use as the waves land, against the
 * site's free racks and kW. */
int sl_chart_capacity(FILE *out, json_t *doc, const sl_lang *l);
/* Yearly cash flows, status quo against co-location. */
int sl_chart_cash_flows(FILE *out, json_t *doc, const sl_lang *l);
/* The risk register on a 5 x 5 likelihood x impact grid. */
int sl_chart_heat_map(FILE *out, json_t *doc, const sl_lang *l);
/* The label of an input of the tornado or the assumption log, from the
 * document's names (labels_path.c): a gate by its name, a site by its. */
const char *sl_doc_path_label(sl_arena *a, const sl_lang *l, json_t *doc, const char *path);

#endif
