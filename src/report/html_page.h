/* SPDX-License-Identifier: MIT */
/*
 * html_page.h - the HTML report's page toolkit (html.c), shared by the
 * files that write its sections (html.c, html_account.c): the page being
 * written, figures tagged with their place in the plan document, tables,
 * and section frames. Private to src/report/html*.c.
 */
#ifndef SL_REPORT_HTML_PAGE_H
#define SL_REPORT_HTML_PAGE_H

#include "report/report.h"

/* The toolkit's functions keep their short names in the page's files and
 * are linked under the library's prefix. */
#define fig sl_html_fig
#define has sl_html_has
#define section_open sl_html_section_open
#define section_close sl_html_section_close
#define para sl_html_para
#define table_html sl_html_table
#define figures_table sl_html_figures_table

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

/* A figure of the document at path, tagged for the tests; false (nothing
 * written) when the key is absent. */
bool fig(const page *p, const char *path, kind k);
/* True when the document has path. */
bool has(const page *p, const char *path);
void section_open(const page *p, const char *id, const char *title);
void section_close(const page *p);
/* A lead paragraph, escaped. */
void para(const page *p, const char *text);
/* An sl_table (only the named columns, when cols is given), at most
 * max_rows rows. */
void table_html(const page *p, const sl_table *t, const char *const *cols, size_t max_rows);
/* A table over an array of the document, every cell a tagged figure. */
void figures_table(const page *p, const char *arr_path, const fcol *cols, size_t n_cols);

/* html_account.c: every workload accounted for; the planned finish
 * beside the simulated one when the gates pass; the price of isolation. */
void sl_html_accounting(const page *p);
void sl_html_planned_finish(const page *p);
/* The price of each isolation rule of the pool policy. */
void sl_html_isolation(const page *p);

#endif
