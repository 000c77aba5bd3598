/* SPDX-License-Identifier: MIT */
/*
 * html_page.h - the HTML report's page toolkit (html.c), shared by the
 * files that write its sections (html_sections.c, html_front.c,
 * html_decision.c, html_account.c): the page being written in its
 * language, figures tagged with their place in the plan document,
 * sentences, tables and section frames. Private to src/report/html*.c.
 */
#ifndef SL_REPORT_HTML_PAGE_H
#define SL_REPORT_HTML_PAGE_H

#include "report/html.h"
#include "report/report.h"

/* How a figure reads. */
/* K_LABEL: a code of the document shown as its label (sl_label; the kind
 * from the key: disposition, rule, readiness, ...). */
typedef enum {
    K_TEXT,
    K_INT,
    K_DEC1,
    K_SHARE,
    K_DATE,
    K_MONEY,
    K_BOOL,
    K_NUM,
    K_VERDICT,
    K_LABEL
} kind;

typedef struct page {
    FILE *out;
    json_t *doc;
    const char *currency;
    sl_tables *tables;
    int *err; /* the first allocation failure; the page is then not written */
    const sl_lang *l;  /* the words' language; NULL: English */
    sl_arena *arena;   /* texts said for the page */
} page;

/* One column of a figures table: a key in each element of an array. */
typedef struct fcol {
    const char *key, *header; /* header: English, translated when written */
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
/* A whole sentence in the page's language: tmpl (English, the catalogue's
 * key) with {name} where the figure of that name goes; the text escaped,
 * each figure tagged (sl_html_fig). */
typedef struct fig_arg {
    const char *name, *path;
    kind k;
} fig_arg;
void sl_html_say(const page *p, const char *tmpl, const fig_arg *args, size_t n);
/* The same with a count: the template of its plural form (sl_trn). */
void sl_html_sayn(const page *p, const char *one, const char *many, unsigned long count,
                  const fig_arg *args, size_t n);
/* Escaped text. */
void sl_html_text(const page *p, const char *s);
/* Escaped text translated. */
void sl_html_tr(const page *p, const char *msgid);
/* <section id=ID><h2>TITLE</h2> ... </section> (title translated), and a
 * lead paragraph (translated, escaped). */
void sl_html_section_open(const page *p, const char *id, const char *title);
void sl_html_section_close(const page *p);
void sl_html_lead(const page *p, const char *text);
/* An sl_table (only the named columns, when cols is given), at most
 * max_rows rows; headers are the columns' labels, the key a tooltip. */
void sl_html_table(const page *p, const sl_table *t, const char *const *cols, size_t max_rows);
/* A table over an array of the document, every cell a tagged figure. */
void sl_html_figures_table(const page *p, const char *arr_path, const fcol *cols, size_t n_cols);
/* Notes a chart's result; true when it drew. */
bool sl_html_drew(const page *p, int rc);
/* A name of the scenario's: an agency's, a gate's, a site's; NULL when it
 * has none. */
const char *sl_html_name(const page *p, const char *what, const char *id);
/* A sentence of the plan (an object with "text" and maybe a phrase) said
 * in the page's language. */
const char *sl_html_said(const page *p, json_t *obj);
/* A tile: a label, a big figure and maybe a smaller one. */
void sl_html_tile(const page *p, const char *label, const char *path, kind k,
                  const char *sub_key, kind sub_kind, const char *sub_label);

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

/* html_front.c: the answer first: one sentence per agency (its verdict,
 * the reason that decided it, what would change it) and its key figures. */
void sl_html_front(const page *p);

/* html_sections.c: the report's sections in page order after the front. */
void sl_html_verdicts(const page *p);
void sl_html_figures(const page *p);
void sl_html_schedule(const page *p);
void sl_html_simulation(const page *p);
void sl_html_capacity(const page *p);
void sl_html_cost(const page *p);
void sl_html_readiness(const page *p);
void sl_html_placement(const page *p);
/* The hard edges the group stage cut (present only when there are any). */
void sl_html_cut_flows(const page *p);
void sl_html_risks(const page *p);
void sl_html_assumptions(const page *p);

#endif
