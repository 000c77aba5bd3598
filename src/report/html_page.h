/* SPDX-License-Identifier: MIT */
/*
 * html_page.h - the HTML report's page toolkit (html.c), shared by the
 * files that write its sections (html.c, html_decision.c,
 * html_account.c): the page being written, figures tagged with their
 * place in the plan document, sentences, tables and section frames.
 * Private to src/report/html*.c.
 */
#ifndef SL_REPORT_HTML_PAGE_H
#define SL_REPORT_HTML_PAGE_H

#include "report/html.h"
#include "report/report.h"

/* How a figure reads. */
typedef enum { K_TEXT, K_INT, K_DEC1, K_SHARE, K_DATE, K_MONEY, K_BOOL, K_NUM, K_VERDICT } kind;

typedef struct page {
    FILE *out;
    json_t *doc;
    const char *currency;
    sl_tables *tables;
    int *err; /* the first allocation failure; the page is then not written */
} page;

/* One column of a figures table: a key in each element of an array. */
typedef struct fcol {
    const char *key, *header;
    kind k;
} fcol;

/* A figure of the document at path, as
 *   <span class="v" data-key="PATH" data-format="F" data-value="JSON">text</span>
 * false (nothing written) when the key is absent. */
bool sl_html_fig(const page *p, const char *path, kind k);
/* True when the document has path. */
bool sl_html_has(const page *p, const char *path);
/* A sentence of texts and figures: each piece writes its text, then the
 * figure at its path when it has one. */
typedef struct piece {
    const char *text;
    const char *path; /* NULL: text only */
    kind k;
} piece;
void sl_html_sentence(const page *p, const piece *pieces, size_t n);
/* Escaped text. */
void sl_html_text(const page *p, const char *s);
/* <section id=ID><h2>TITLE</h2> ... </section>, and a lead paragraph
 * (escaped). */
void sl_html_section_open(const page *p, const char *id, const char *title);
void sl_html_section_close(const page *p);
void sl_html_lead(const page *p, const char *text);
/* An sl_table (only the named columns, when cols is given), at most
 * max_rows rows. */
void sl_html_table(const page *p, const sl_table *t, const char *const *cols, size_t max_rows);
/* A table over an array of the document, every cell a tagged figure. */
void sl_html_figures_table(const page *p, const char *arr_path, const fcol *cols, size_t n_cols);

/* The decision in figures (html_decision.c): per agency P(allowed),
 * P(on time | allowed), the expected saving and its spread, the saving
 * by gate outcome, and what the plan's review found. */
void sl_html_decision_section(const page *p);
/* A verdict's `to_go` (verdicts.INDEX): the levers applied together and
 * what the re-run gave; nothing when the verdict has none. */
void sl_html_to_go(const page *p, json_t *verdict, size_t index);

/* html_account.c: every workload accounted for; the planned finish
 * beside the simulated one when the gates pass; the price of isolation. */
void sl_html_accounting(const page *p);
void sl_html_planned_finish(const page *p);
/* The price of each isolation rule of the pool policy. */
void sl_html_isolation(const page *p);

#endif
