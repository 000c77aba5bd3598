/* SPDX-License-Identifier: MIT */
/*
 * yaml.h - a typed walk over a libfyaml document with located errors.
 *
 * The scenario reader describes each mapping as a table of fields (key,
 * handler, offset into the target struct, unit, range); yw_mapping() checks
 * every key against the table (unknown keys get a "did you mean"), calls the
 * handlers, and reports missing required keys. Every message carries
 * file:line:column of the offending node. --set overrides are applied to
 * the document before the walk, so they pass the same checks.
 */
#ifndef SL_READ_YAML_H
#define SL_READ_YAML_H

#include "core/core.h"

#include <libfyaml.h>

typedef struct yw_loc {
    const char *file;
    long line, column;
} yw_loc;

/* A mapping the walk read, and the table it read it with. */
typedef struct yw_table {
    struct fy_node *node;
    const struct yw_field *fields;
    size_t n_fields;
} yw_table;

typedef struct yw {
    sl_diag *d;
    const char *file;  /* as the user named it */
    sl_arena *arena;   /* where strings and arrays go */
    struct fy_document *doc;
    size_t n_overrides;
    struct fy_node **override_nodes;
    const char **override_texts;
    char path[512];    /* dotted path of the node being read, for params */
    size_t path_len;
    int depth;
    sl_param *params;  /* every number read */
    size_t n_params, cap_params;
    bool oom;
    void *user;        /* the reader's own context */
    yw_table *tables;  /* every mapping yw_mapping read */
    size_t n_tables, cap_tables;
    bool tables_sorted;
} yw;

typedef struct yw_field yw_field;
/* A handler reads `node` into `target` (the struct being filled, at
 * f->offset). It reports its own errors and returns 0 or SL_EINPUT. */
typedef int (*yw_handler)(yw *w, struct fy_node *node, void *target, const yw_field *f);

struct yw_field {
    const char *key;
    yw_handler read;
    size_t offset;
    bool required;
    const char *unit;
    double min, max;      /* numbers: inclusive range; min > max disables */
    const char *const *names; /* yw_enum: the accepted words, index = value */
};

/* Parses text into w->doc (yaml_parse.c); errors (syntax, duplicate keys,
 * bad UTF-8, a second document, aliases past SL_MAX_YAML_ALIAS_BYTES) go
 * to w->d. */
int yw_parse(yw *w, const char *text, size_t len);
/* Shared by yaml_parse.c and yaml_set.c: one YAML text into a document
 * (second gets the line and column of a second document, else 0), and the
 * first single-quoted scalar libfyaml would misread, or NULL. */
struct fy_document *yw_parse_text(const char *text, size_t len, struct fy_diag **diag,
                                  long second[2]);
struct fy_node *yw_misread_quotes(struct fy_node *root, const char *text, size_t len, bool *oom);
#define YW_MISREAD_QUOTES_TEXT                                                                     \
    N_("two quotes in a row inside a single-quoted value are misread by the YAML library; "        \
       "write this value in double quotes")

/* Applies "PATH=VALUE" overrides to w->doc (yaml_set.c). */
int yw_apply_sets(yw *w, size_t n, const char *const *sets);
/* The node a --set path (its first len bytes) names in w->doc, aliases
 * followed: list items by id, else by index, as --set finds them. NULL
 * when a segment leads nowhere. */
struct fy_node *yw_lookup(yw *w, const char *path, size_t len);
/* After the walk: the field a --set of PATH would replace, through the
 * mappings the walk read. SL_EINPUT (why says it) when the path names
 * nothing or a section; SL_EUSAGE when it leads where no table read (a
 * place this cannot check). */
int yw_find_field(yw *w, const char *path, const yw_field **field, char *why, size_t why_len);
/* Whether VALUE (YAML text) passes f's handler; why gets its message. */
int yw_check_value(yw *w, const yw_field *f, const char *value, char *why, size_t why_len);
void yw_done(yw *w);

yw_loc yw_where(yw *w, struct fy_node *node);
void yw_error(yw *w, struct fy_node *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Walks a mapping node against a field table. */
int yw_mapping(yw *w, struct fy_node *node, const yw_field *fields, size_t n_fields,
               void *target);
/* Follows aliases (yw_parse has checked that their expansion stays
 * within SL_MAX_YAML_ALIAS_BYTES). */
struct fy_node *yw_resolve(yw *w, struct fy_node *node);
bool yw_is_mapping(yw *w, struct fy_node *node);
bool yw_is_sequence(yw *w, struct fy_node *node);
/* True for a plain null scalar: empty, ~ or null (a key without a value). */
bool yw_is_null(yw *w, struct fy_node *node);
/* The scalar text of node (NULL and an error when not a scalar). */
const char *yw_scalar(yw *w, struct fy_node *node, size_t *len);
/* Scalar as a NUL-terminated arena string, or NULL after an error. */
const char *yw_string_value(yw *w, struct fy_node *node);
int yw_number_value(yw *w, struct fy_node *node, double *out, const yw_field *f);
int yw_dist_value(yw *w, struct fy_node *node, sl_dist *out, const yw_field *f);

/* Path bookkeeping for the parameter log. */
size_t yw_path_push(yw *w, const char *segment);
void yw_path_pop(yw *w, size_t saved_len);
/* Logs a distribution the scenario left at its default as a parameter
 * (file "(default)", no line): the Monte Carlo draws it and the assumption
 * log shows it like one given. Its index, or SL_NONE when memory ran out. */
uint32_t yw_default_param(yw *w, const char *path, sl_dist *value, const char *unit);

/* Standard handlers. */
int yw_string(yw *w, struct fy_node *node, void *target, const yw_field *f);
int yw_number(yw *w, struct fy_node *node, void *target, const yw_field *f);   /* double */
int yw_integer(yw *w, struct fy_node *node, void *target, const yw_field *f);  /* int */
int yw_long(yw *w, struct fy_node *node, void *target, const yw_field *f);     /* long */
int yw_u64(yw *w, struct fy_node *node, void *target, const yw_field *f);      /* uint64_t */
int yw_dist(yw *w, struct fy_node *node, void *target, const yw_field *f);     /* sl_dist */
int yw_bool(yw *w, struct fy_node *node, void *target, const yw_field *f);     /* bool */
int yw_date(yw *w, struct fy_node *node, void *target, const yw_field *f);     /* sl_date */
int yw_enum(yw *w, struct fy_node *node, void *target, const yw_field *f);     /* int */
/* A sequence of strings (or one string) into {size_t n; const char **v}. */
int yw_strings(yw *w, struct fy_node *node, void *target, const yw_field *f);

typedef struct yw_string_list {
    size_t n;
    const char **items;
} yw_string_list;
/* True when the sequence seq has at most max items; otherwise reports
 * "too many <many>" at the first item past the limit. */
bool yw_count_ok(yw *w, struct fy_node *seq, size_t max, const char *many);
/* One word or a list of words into list; key names it in messages. */
int yw_words(yw *w, struct fy_node *node, yw_string_list *list, const char *key);

#define YW_FIELD(k, fn, type, member) {k, fn, offsetof(type, member), false, NULL, 0, -1, NULL}
#define YW_REQUIRED(k, fn, type, member) {k, fn, offsetof(type, member), true, NULL, 0, -1, NULL}
#define YW_NUM(k, type, member, unit, lo, hi) \
    {k, yw_number, offsetof(type, member), false, unit, lo, hi, NULL}
#define YW_DIST(k, type, member, unit, lo, hi) \
    {k, yw_dist, offsetof(type, member), false, unit, lo, hi, NULL}
#define YW_ENUM(k, type, member, names) {k, yw_enum, offsetof(type, member), false, NULL, 0, -1, names}

#endif
