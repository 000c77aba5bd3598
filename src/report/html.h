/* SPDX-License-Identifier: MIT */
/*
 * html.h - the charts of the HTML report (html_charts.c, html_risk.c).
 * Each draws one inline SVG from the plan document and returns 1, or 0,
 * writing nothing, when the document lacks what it needs, or SL_ENOMEM. Data marks carry
 * class "mark" (the browser test counts them) and a <title> tooltip.
 */
#ifndef SL_REPORT_HTML_H
#define SL_REPORT_HTML_H

#include "report/svg.h"

/* Waves per agency in time, with freezes, gates, deadline, hardware. */
int sl_chart_gantt(FILE *out, json_t *doc);
/* Finish dates of the Monte Carlo: histogram and S-curve. */
int sl_chart_finish(FILE *out, json_t *doc);
/* Migration cost of the Monte Carlo: histogram and S-curve. */
int sl_chart_cost_histogram(FILE *out, json_t *doc);
/* P(on time) when each uncertain input is low or high. */
int sl_chart_tornado(FILE *out, json_t *doc);
/* A tornado_measure as the charts number it: 0 P(on time) (also for NULL
 * or an unknown name), 1 P80 finish, 2 rank correlation. */
int sl_tornado_measure_of(const char *name);
/* A finish in days after the plan's start as a date, "never" when days is
 * not finite. */
void sl_finish_label(char *buf, size_t len, json_t *doc, double days);
/* Share of the target platform in use as the waves land, against the
 * site's free racks and kW. */
int sl_chart_capacity(FILE *out, json_t *doc);
/* Yearly cash flows, status quo against co-location. */
int sl_chart_cash_flows(FILE *out, json_t *doc);
/* The risk register on a 5 x 5 likelihood x impact grid. */
int sl_chart_heat_map(FILE *out, json_t *doc);

/* "250 M": an axis label for money, with decimals only when the axis step
 * needs them. */
void sl_money_tick(char *buf, size_t len, double v, double step);
/* "429.3 M SEK": an amount for people; currency may be NULL. */
void sl_money_text(char *buf, size_t len, double v, const char *currency);

#endif
