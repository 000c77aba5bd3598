/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the command-line front end: one descriptor per subcommand
 * (cmd_<name>.c), a sorted table of them (cmd_table.c), option parsing and
 * help generated from the descriptors (opts.c). The front end includes
 * only samlok.h from the library.
 */
#ifndef SL_CLI_H
#define SL_CLI_H

#include "samlok.h"

#include <stdbool.h>
#include <stdio.h>

#define SL_ARRAY_COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* Marks an English message for the catalogue (po/): the descriptors'
 * help texts, translated where they are shown. */
#define N_(s) (s)
/* a message in a context: a placeholder of --help, or a usage line */
#define NC_(context, s) (s)

typedef struct cli_option {
    const char *name;  /* long name, without "--" */
    char short_name;   /* 0 when none */
    const char *arg;   /* metavariable; NULL for a flag */
    const char *help;
} cli_option;

#define CLI_MAX_OPTIONS 24
#define CLI_MAX_GIVEN 64

typedef struct cli_ctx cli_ctx;

typedef struct cli_command {
    const char *name;
    const char *summary;     /* one line for the command list */
    const char *usage;       /* arguments after "samlok NAME" */
    const char *description; /* a paragraph for --help */
    const cli_option *options;
    bool has_pipeline_options; /* --set --seed --iterations --threads --quiet */
    bool reads_scenario;       /* --set only */
    int min_args, max_args;
    int (*run)(cli_ctx *ctx);
} cli_command;

struct cli_ctx {
    const cli_command *cmd;
    int n_args;
    char **args;
    const char *values[CLI_MAX_OPTIONS]; /* last value per option, by table index */
    bool present[CLI_MAX_OPTIONS];
    /* every value of the command's own options in order, for one given
     * more than once (sweep's --grid): see cli_values */
    size_t n_given;
    const char *given[CLI_MAX_GIVEN];
    size_t given_option[CLI_MAX_GIVEN];
    const char *sets[SL_MAX_SETS];
    size_t n_sets;
    sl_load_options load;
    sl_plan_options plan;
    bool quiet;
    sl_diag *diag;
    /* every file the command writes goes through this one set, so an
     * interrupted run can remove its temporaries (main.c) */
    sl_outputs *outputs;
    const sl_lang *lang; /* the words' language (lang.c); NULL: English */
};

extern const cli_command *const cli_commands[];
extern const size_t cli_n_commands;

/* Writes the man page (roff), or the bash or zsh completion script, from
 * the command table (gen.c): `samlok --generate man|bash|zsh`, which the
 * build runs so `meson install` installs them. */
int cli_generate(FILE *out, const char *what);
/* Every option cmd accepts, its own first (opts.c); n at most cap. */
size_t cli_collect_options(const cli_command *cmd, const cli_option **out, size_t cap);

/* Parses argv for cmd into ctx, whose words are in lang (borrowed);
 * prints usage errors; returns 0 or 2 (1: --help was shown). */
int cli_parse(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv, const sl_lang *lang);
void cli_help(FILE *out, const cli_command *cmd, const sl_lang *lang);

/* The language of a command's words, its help and messages included
 * (lang.c): --lang in argv, else the environment's (LC_ALL, LC_MESSAGES,
 * LANG), else English (*out NULL). An unknown --lang is an error with a
 * message in d. */
int cli_open_lang(sl_lang **out, int argc, char **argv, sl_diag *d);
/* The language part of the environment's locale ("sv_SE"), or NULL. */
const char *cli_env_language(char *buf, size_t len);
/* The terminal's width in columns: COLUMNS when set, else the terminal's
 * own when standard output is one, else 0 (the writers' fixed width). */
int cli_term_width(void);
/* Language, colour and width for the terminal writers. */
sl_text_options cli_text_options(const cli_ctx *ctx);
/* The value of option `name`, or NULL when absent. */
const char *cli_value(const cli_ctx *ctx, const char *name);
bool cli_flag(const cli_ctx *ctx, const char *name);
/* Every value given to option `name`, in order, into out (at most cap);
 * returns how many were given. */
size_t cli_values(const cli_ctx *ctx, const char *name, const char **out, size_t cap);
/* Reports err (with the diagnostics collected) and maps it to an exit
 * status: 0 ok, 1 internal or I/O failure, 2 usage or input. */
int cli_finish(cli_ctx *ctx, int err);
/* Prints "samlok NAME: message" and returns 2. */
int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Loads the scenario named by the first argument with the --set options
 * (":demo" names the built-in demo); every file it read becomes an input no
 * output may overwrite. */
int cli_load_model(cli_ctx *ctx, const char *path, sl_model **out);
/* Marks every file of a loaded model as an input of the run. */
int cli_protect_model(cli_ctx *ctx, const sl_model *m);
/* Writes one file (the run's only output) through ctx->outputs. */
int cli_write_file(cli_ctx *ctx, const char *path, int (*fill)(FILE *f, void *user), void *user);
/* Prints "wrote PATH" on standard output, the path escaped. */
void cli_say_wrote(const cli_ctx *ctx, const char *path, const char *suffix);
/* A whole number from lo to hi, the whole text and nothing else. */
bool cli_parse_long(const char *s, long lo, long hi, long *out);
/* True when standard output is a terminal and NO_COLOR is not set. */
bool cli_use_color(void);
/* Runs the pipeline with the progress bar when stderr is a terminal. */
int cli_run_plan(cli_ctx *ctx, const sl_model *m, sl_plan **out);
/* Reviews a plan (sl_plan_review): its scenario at path, loaded with lo,
 * re-run with each not-go agency's levers, and without the no-go ones. */
int cli_review_plan(cli_ctx *ctx, const char *path, const sl_load_options *lo, sl_plan *p);
/* Loads the scenario named on the command line (a file or ":demo") with
 * the --set options, runs the pipeline and reviews the plan against the
 * same files and overrides, as plan, report and demo do. *m and *p are
 * the caller's (free the plan first), also after a failure; *load_s (may
 * be NULL) gets the seconds loading took. */
int cli_plan_scenario(cli_ctx *ctx, const char *name, sl_model **m, sl_plan **p, double *load_s);
/* The progress bar cli_run_plan shows, for other long runs. */
void cli_progress_bar(void *user, double done);

/* A scenario named on the command line: a file, or ":demo" for the
 * built-in demo (generated from --seed, default 2014), in which case
 * *demo holds its files and load->memfiles points at them. */
#define CLI_DEMO ":demo"
int cli_scenario_source(cli_ctx *ctx, const char *name, sl_demo **demo, sl_load_options *load,
                        const char **path);

extern const cli_command cmd_compare;
/* The files a plan can be written to; NULL = not wanted. */
typedef struct cli_outputs {
    const char *json, *html, *xlsx, *csv; /* csv: a folder */
    const char *ics, *mspdi;
} cli_outputs;

/* Writes each wanted file (outputs.c), all or none: each is rendered to a
 * temporary and they are committed together; then says "wrote PATH" on
 * standard output unless a file goes there. */
int cli_write_outputs(cli_ctx *ctx, sl_report *r, const cli_outputs *o);
/* The reports' options: the command's language, and the CSV dialect of
 * --csv-dialect (default: excel-sv for Swedish, else rfc4180); 2 after a
 * usage error. */
int cli_report_options(cli_ctx *ctx, sl_report_options *ro);
/* True when one of the files goes to standard output ('-', /dev/stdout). */
bool cli_outputs_use_stdout(const cli_outputs *o);

extern const cli_command cmd_demo;
extern const cli_command cmd_explain;
extern const cli_command cmd_import;
extern const cli_command cmd_init;
extern const cli_command cmd_pack;
extern const cli_command cmd_partition;
extern const cli_command cmd_plan;
extern const cli_command cmd_report;
extern const cli_command cmd_schema;
extern const cli_command cmd_serve;
extern const cli_command cmd_sweep;
extern const cli_command cmd_validate;

#endif
