/* SPDX-License-Identifier: MIT */
/*
 * report.h - the reports' private toolbox. Every report (HTML, XLSX, CSV)
 * renders from the plan document (the json_t of sl_json_plan), never from
 * the stage structs: a figure in a report is a figure of the JSON by
 * construction, and a section appears as soon as its keys do.
 *
 *   report.c          sl_report, lookups in the document, text safety
 *   tables.c   the tables every tabular output shares
 *   csv.c       tables -> CSV files
 *   xlsx.c      tables -> workbook
 *   html.c      the page; html_charts.c and svg.c draw its charts
 */
#ifndef SL_REPORT_REPORT_H
#define SL_REPORT_REPORT_H

#include "report/json.h"

#include <stdio.h>

struct sl_report {
    json_t *doc; /* owned */
    sl_report_options opts;
};

/* Wraps a document (taking its reference) without checking it. */
int sl_report_wrap(sl_report **out, json_t *doc);
/* Checks that a document is a samlok plan document; messages to d. */
int sl_report_check(json_t *doc, const char *file, sl_diag *d);
/* sl_report_check, then every key the reports read: types, ranges,
 * table shapes (check.c). text (len bytes) is the document as read, to
 * locate each error by line and column; may be NULL. */
int sl_report_validate(json_t *doc, const char *text, size_t len, const char *file, sl_diag *d);

/* ---- lookups --------------------------------------------------------
 * path is dotted; a segment made of digits indexes an array:
 * "simulation.per_agency.1.p_on_time". NULL when absent. */
json_t *sl_jget(const json_t *root, const char *path);
/* Numbers: integer or real; false for anything else (null included). */
bool sl_jnum(json_t *v, double *out);
double sl_jnum_or(json_t *v, double fallback);
/* The string, or NULL. */
const char *sl_jstr(json_t *v);
/* A "YYYY-MM-DD" string (time after it ignored), else SL_DATE_NONE. */
sl_date sl_jdate(json_t *v);
/* "YYYY-MM-DDTHH:MM": days since 1970 plus the fraction of the day; NAN
 * when not one. */
double sl_jdatetime(json_t *v);
/* The array, or NULL. */
json_t *sl_jarray(json_t *root, const char *path);
/* The element of array arr whose `key` is the string `value`, or NULL. */
json_t *sl_jfind(json_t *arr, const char *key, const char *value);

/* ---- phrases (phrase_json.c) -------------------------------------------
 * Reads a phrase the document carries in obj ("template", "args", ...)
 * into the arena; false when obj has none or it is malformed. */
bool sl_phrase_from_json(sl_phrase *out, json_t *obj, sl_arena *a);
/* The sentence obj carries said in language l: its phrase rendered, or
 * else its fallback_key member ("text" when NULL), or obj itself when it
 * is a string; NULL when there is none. In the arena. */
const char *sl_report_say(sl_arena *a, json_t *obj, const sl_lang *l, const char *currency,
                          const char *fallback_key);

/* ---- text safety ------------------------------------------------------
 * OWASP CSV injection: a text cell that a spreadsheet could take for a
 * formula begins with = + - @, a tab or a carriage return. */
bool sl_text_is_formula(const char *s);
/* Writes s with & < > " ' escaped, and control characters other than tab
 * and newline replaced by U+FFFD (they are not allowed in HTML or XML). */
void sl_html_escape(FILE *out, const char *s);
/* The same for the first len bytes of s. */
void sl_html_escape_n(FILE *out, const char *s, size_t len);

/* ---- tables ---------------------------------------------------------- */

typedef enum {
    SL_CELL_EMPTY = 0,
    SL_CELL_TEXT,
    SL_CELL_NUMBER,
    SL_CELL_DATE,     /* num = sl_date */
    SL_CELL_DATETIME, /* num = days since 1970 + fraction of the day */
    SL_CELL_BOOL,     /* num = 0 or 1 */
} sl_cell_kind;

typedef enum {
    SL_FMT_GENERAL = 0, /* integers as such, others with up to 4 decimals */
    SL_FMT_INT,         /* grouped thousands, no decimals */
    SL_FMT_DEC1,
    SL_FMT_DEC2,
    SL_FMT_MONEY,       /* grouped thousands, no decimals */
    SL_FMT_SHARE,       /* a share 0..1 shown as a percentage */
    SL_FMT_DEC3,
    SL_FMT_PLAIN,       /* an ordinal or an identifier (year, index, line): digits only */
    SL_FMT_COUNT
} sl_num_fmt;

typedef struct sl_cell {
    sl_cell_kind kind;
    sl_num_fmt fmt; /* for numbers; SL_FMT_GENERAL = the column's */
    double num;
    const char *text; /* SL_CELL_TEXT; borrowed from the document or the arena */
} sl_cell;

typedef struct sl_column {
    const char *name; /* the JSON key */
    sl_num_fmt fmt;
    double width; /* in characters, for the workbook */
    bool is_wrapped; /* long text that wraps in the workbook */
    const char *unit; /* NULL, or the currency of a money column (shown after the name
                         in the workbook and page headers, not in CSV) */
    const char *label; /* what people read (sl_key_label), or NULL: the name */
} sl_column;

typedef struct sl_table {
    const char *sheet; /* workbook sheet name, e.g. "Workloads" */
    const char *file;  /* CSV file name, e.g. "workloads.csv" */
    size_t n_cols;
    sl_column *cols;
    size_t n_rows;
    sl_cell *cells; /* n_rows x n_cols, row-major */
    const char *key; /* the English sheet name, whatever the language (sl_tables_find) */
} sl_table;

typedef struct sl_tables {
    size_t n, cap;
    sl_table *t;
    struct sl_arena *arena;
    /* for people (the page; the workbook and CSV in a language other than
     * English): plain-words headers, codes as labels, sentences said in
     * lang; else the JSON's keys, codes and English texts */
    bool is_human;
    const sl_lang *lang;
    const char *currency;
} sl_tables;

/* Builds the tables of a plan document, in workbook order: Summary,
 * Verdicts, Decision, Outcomes, Workloads, Waves, Placement, Cost,
 * Chargeback, Without no-go, Risks, Assumptions; a table whose section is absent (or
 * that has no row) is left out. */
int sl_report_tables(sl_tables **out, json_t *doc);
/* The same for people in language l (is_human above). */
int sl_report_tables_human(sl_tables **out, json_t *doc, const sl_lang *l);
/* For the human tables (tables_lang.c): what people read for a value v
 * of the document under key (a code's label, sentences said in the
 * language, a unit), or NULL to keep the machine text; *failed set when
 * an allocation failed. In ts's arena. */
const char *sl_tables_human_text(const sl_tables *ts, const char *key, json_t *v,
                                 bool *failed);
/* Sheet names and column headers for people, after the tables are built. */
void sl_tables_humanise(sl_tables *ts);
/* Between tables.c and tables_summary.c: c from JSON value v of key (a
 * date when the key names one; false when out of memory), every column's
 * number format and width from its cells, and the Summary table added to
 * ts. */
bool sl_tables_cell(const sl_tables *ts, sl_cell *c, json_t *v, const char *key);
void sl_table_finish_columns(sl_table *t);
int sl_tables_summary(sl_tables *ts, json_t *doc);
/* The risk register for people: each computed risk's title, basis and
 * mitigation said from its phrases; NULL when out of memory. The caller
 * decrefs. */
json_t *sl_tables_human_risks(const sl_tables *ts, json_t *risks);
void sl_tables_free(sl_tables *t);
/* The table with that English sheet name, or NULL. */
const sl_table *sl_tables_find(const sl_tables *t, const char *sheet);
/* How a number under this JSON key reads: a share (share, *_share, p_*,
 * *probability*), money (npv, cost, status_quo, colocation, amount, ...),
 * an ordinal (year, *_year, index, line, column, group, window, seed) when
 * integral, else an integer, or SL_FMT_GENERAL for a decimal whose places
 * the column's values decide. */
sl_num_fmt sl_report_key_fmt(const char *key, bool is_integral);
/* True when a string under this key is a date (start, end, finish, from,
 * to, opens, deadline, *_date, ...). */
bool sl_report_is_date_key(const char *key);
/* The key of a chargeback row that holds its amount: the first of
 * per_year, amount_per_year, yearly, amount, cost_per_year, total that is a
 * number; NULL when none is. */
const char *sl_report_chargeback_key(json_t *row);
/* Formats a number cell for people (HTML): grouped thousands with ',',
 * shares as "12.5 %". Writes at most len bytes (cell_text.c). */
void sl_cell_number_text(char *buf, size_t len, double v, sl_num_fmt fmt);
/* The same in language l's conventions ("1 234,5", "12,5 %" in Swedish). */
void sl_cell_number_text_l(char *buf, size_t len, const sl_lang *l, double v, sl_num_fmt fmt);

/* One key figure of the Summary table. */
typedef struct sl_figure {
    const char *section; /* "Placement" */
    const char *label;   /* "hosts at the target" */
    const char *key;     /* JSON path; "[]" at the end: the length of that array */
    sl_num_fmt fmt;
    const char *unit;    /* may be NULL; "$currency" = the scenario's currency */
    bool is_said;        /* label already in the tables' language */
} sl_figure;

/* The rows of the Decision and Outcomes tables, joined from the plan
 * document by agency (tables_decision.c); an empty array when the
 * sections are absent, NULL when out of memory. The caller decrefs. */
json_t *sl_report_decision_rows(json_t *doc);
json_t *sl_report_outcome_rows(json_t *doc);
/* The runbook's rows (runbook.c): per wave in time order, the servers in
 * move order with app, owner, method, hours and what must be up first;
 * *out NULL when the document has no schedule. */
int sl_runbook_rows(json_t *doc, const sl_lang *l, json_t **out);

/* ---- renderers (FILE-based, for tests) -------------------------------- */
int sl_html_write(FILE *out, json_t *doc);
/* The front page's sections (verdicts, key figures, schedule, Monte Carlo
 * and drivers, cost) in a <div class="front">, without the page around
 * them: for embedding, styled by sl_report_html_style(); in language l
 * (NULL: English). */
int sl_html_write_front(FILE *out, json_t *doc, const sl_lang *l);
/* The page in the options' language (NULL: English). */
int sl_html_write_opts(FILE *out, json_t *doc, const sl_report_options *o);
int sl_csv_write_table(FILE *out, const sl_table *t);
int sl_csv_write_table_dialect(FILE *out, const sl_table *t, sl_csv_dialect dialect);
/* True for no language or English: the workbook and CSV keep the JSON's
 * keys and codes then. */
bool sl_report_lang_is_english(const sl_lang *l);

/* ---- plain words for codes (labels.c) ----------------------------------
 * The label of a code of the plan document in language l ("no_go" of
 * kind "verdict" reads "no go"); kinds: verdict, readiness, binds,
 * category, unmovable, reason, disposition, rule, source, dist, platform,
 * isolation, outcome, effect, agency ("all"), bool. An unknown code
 * reads as itself. */
const char *sl_label(const sl_lang *l, const char *kind, const char *code);
bool sl_label_known(const char *kind, const char *code);
/* The plain-words header of a table column named by its key in the plan
 * document ("p_allowed": "chance the approvals come through";
 * "workloads_by_agency.SKV": "workloads moved: SKV"); the key itself when
 * there is none. In the arena. */
const char *sl_key_label(sl_arena *a, const sl_lang *l, const char *key);

/* ---- printf in a language (say.c) ---------------------------------------
 * fmt is the English message; its translation is used when it has the
 * same conversions (sl_tr_format). sl_sayn picks one or many by n
 * (ngettext). The s forms write into buf. */
void sl_say(FILE *out, const sl_lang *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sl_sayn(FILE *out, const sl_lang *l, unsigned long n, const char *one, const char *many,
             ...) __attribute__((format(printf, 4, 6)));
void sl_says(char *buf, size_t len, const sl_lang *l, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void sl_saysn(char *buf, size_t len, const sl_lang *l, unsigned long n, const char *one,
              const char *many, ...) __attribute__((format(printf, 5, 7)));
/* A sentence of the plan said in l: the phrase rendered, or (English, or
 * no phrase) the English text looked up as a message. In the arena. */
const char *sl_say_phrase(sl_arena *a, const sl_phrase *p, const char *english,
                          const sl_lang *l, const char *currency);

/* ---- terminal tables (ttable.c) ---------------------------------------- */

/* Characters (not bytes) of UTF-8 text: its width in a terminal. */
size_t sl_text_width(const char *s);
/* s padded with blanks to width characters, right-aligned when asked. */
void sl_text_pad(FILE *out, const char *s, size_t width, bool is_right);

/* A column of a terminal table: one or two header lines (English;
 * translated when written), alignment, and its rank when the table is
 * too wide: 0 always shown, higher ranks dropped first. */
typedef struct sl_tt_col {
    const char *head[2];
    bool is_right;
    int rank;
    size_t min_width; /* > 0: texts may be cut down to this many characters
                         ("...") before any column is left out */
} sl_tt_col;

typedef struct sl_ttable {
    const sl_tt_col *cols;
    size_t n_cols, n_rows, cap, cap_colors, cap_notes;
    char **cells;        /* n_rows x n_cols, in the arena */
    const char **colors; /* ANSI code per cell, or NULL */
    bool *notes;         /* per row: a note, its text from the second column on */
    sl_arena *arena;
} sl_ttable;

int sl_tt_init(sl_ttable *t, const sl_tt_col *cols, size_t n_cols);
void sl_tt_free(sl_ttable *t);
/* Adds a row of n_cols texts (copied), with a colour per cell or NULL. */
int sl_tt_row(sl_ttable *t, const char *const *cells, const char *const *colors);
/* Adds a line of text under the row before, from the second column on; it
 * does not widen the columns. */
int sl_tt_note(sl_ttable *t, const char *text);
/* Writes the table indented, fitting o's width: columns of the highest
 * rank left out first, and a line saying which. */
int sl_tt_write(FILE *out, const sl_ttable *t, const sl_text_options *o, size_t indent);
/* s cut to max_chars characters, "..." at the end when cut. */
void sl_text_cut(char *buf, size_t len, const char *s, size_t max_chars);
/* A tornado's first n bars as lines: each input's label, low -> high. */
int sl_tornado_lines(FILE *out, sl_arena *a, const sl_text_options *o, const sl_model *m,
                     sl_tornado_measure measure, const sl_tornado_bar *bars, size_t n);

/* The terminal summary's account of every workload per joining agency
 * (text_account.c). */
int sl_text_accounting(FILE *out, const sl_plan *plan, const sl_text_options *o);
/* The shared platform under the pool policy and ever looser ones, and
 * what each rule costs (text_account.c). */
int sl_text_isolation(FILE *out, const sl_plan *plan, const sl_text_options *o);

/* A tornado in a text report (the simulation's or an agency's): a
 * heading naming its measure (lower case), how it is measured into *how,
 * and one bar's low -> high by it (text.c). */
const char *sl_tornado_heading(sl_tornado_measure t, const char **how);
void sl_tornado_bar_text(char *buf, size_t len, const sl_lang *l, const sl_model *m,
                         sl_tornado_measure t, const sl_tornado_bar *b);
/* A plain-words label of a scenario path in language l ("hours of
 * migration work per week at SKV" for
 * agencies.SKV.staff.migration_hours_per_week; a gate's name for
 * gates.ID.passes); name() gives the name of an id of a kind ("gate",
 * "site", "agency"), the id itself when it has none, NULL when out of
 * memory. The path itself when there is no label; NULL when out of
 * memory. In the arena. (labels_path.c) */
typedef const char *(*sl_name_fn)(void *ctx, const char *kind, const char *id);
const char *sl_path_label(sl_arena *a, const sl_lang *l, const char *path, sl_name_fn name,
                          void *ctx);
/* The same, the names from a model. */
const char *sl_input_label(sl_arena *a, const sl_lang *l, const char *path, const sl_model *m);

#endif
