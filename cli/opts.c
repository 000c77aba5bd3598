/* SPDX-License-Identifier: MIT */
/*
 * opts.c - option parsing and --help, generated from a command's
 * descriptor, plus the helpers every pipeline command shares.
 *
 * Hand-written rather than getopt_long: getopt keeps its state in globals
 * and prints its own messages; ours must suggest the nearest option and
 * keep one message format. Accepted forms: --name value, --name=value,
 * -x value, and "--" to end options.
 */
#include "cli.h"

#include <time.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const cli_option pipeline_options[] = {
    {"set", 0, NC_("placeholder", "PATH=VALUE"),
     N_("override a scenario value (repeatable), e.g. deadline=2028-06-30")},
    {"seed", 0, NC_("placeholder", "N"), N_("random seed (default: the scenario's)")},
    {"iterations", 0, NC_("placeholder", "N"),
     N_("Monte Carlo iterations (default: the scenario's, else 10000)")},
    {"threads", 0, NC_("placeholder", "N"), N_("worker threads (default: all cores)")},
    {"quiet", 'q', NULL, N_("no progress bar")},
    {NULL, 0, NULL, NULL},
};

static const cli_option scenario_options[] = {
    {"set", 0, NC_("placeholder", "PATH=VALUE"),
     N_("override a scenario value (repeatable), e.g. deadline=2028-06-30")},
    {NULL, 0, NULL, NULL},
};

static const cli_option lang_option = {
    "lang", 0, NC_("placeholder", "LANG"),
    N_("language of the words written: en or sv (default: LC_ALL, LC_MESSAGES or LANG, else en)")};

static const cli_option help_option = {"help", 'h', NULL, N_("show this help")};

/* The options a command accepts: its own, then the shared ones. */
size_t cli_collect_options(const cli_command *cmd, const cli_option **out, size_t cap)
{
    size_t n = 0;
    for (const cli_option *o = cmd->options; o && o->name && n < cap; o++)
        out[n++] = o;
    const cli_option *shared = cmd->has_pipeline_options ? pipeline_options
                               : cmd->reads_scenario      ? scenario_options
                                                          : NULL;
    for (const cli_option *o = shared; o && o->name && n < cap; o++)
        out[n++] = o;
    if (n < cap)
        out[n++] = &lang_option;
    if (n < cap)
        out[n++] = &help_option;
    return n;
}

void cli_help(FILE *out, const cli_command *cmd, const sl_lang *lang)
{
    fprintf(out, "%s samlok %s [%s]%s%s\n\n%s\n", sl_tr(lang, "usage:"), cmd->name,
            sl_tr(lang, "OPTIONS"), cmd->usage[0] ? " " : "",
            cmd->usage[0] ? sl_trc(lang, "usage", cmd->usage) : "", sl_tr(lang, cmd->summary));
    if (cmd->description)
        fprintf(out, "\n%s\n", sl_tr(lang, cmd->description));
    const cli_option *opts[CLI_MAX_OPTIONS];
    size_t n = cli_collect_options(cmd, opts, CLI_MAX_OPTIONS);
    fprintf(out, "\n%s\n", sl_tr(lang, "options:"));
    for (size_t i = 0; i < n; i++) {
        char left[64];
        const char *arg = opts[i]->arg ? sl_trc(lang, "placeholder", opts[i]->arg) : "";
        if (opts[i]->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", opts[i]->short_name, opts[i]->name,
                     opts[i]->arg ? " " : "", arg);
        else
            snprintf(left, sizeof left, "    --%s%s%s", opts[i]->name, opts[i]->arg ? " " : "",
                     arg);
        fprintf(out, "  %-28s %s\n", left, sl_tr(lang, opts[i]->help));
    }
}

/* The translation of a printf format, when it reads the same arguments. */
static const char *checked_tr(const sl_lang *lang, const char *fmt)
{
    return sl_tr_format(fmt, sl_tr(lang, fmt));
}

int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
{
    /* the arguments are the user's words: escaped like any input */
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    /* a translation has the conversions of fmt (checked_tr) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(text, sizeof text, checked_tr(ctx->lang, fmt), ap);
#pragma GCC diagnostic pop
    va_end(ap);
    fprintf(stderr, "samlok %s: ", ctx->cmd->name);
    sl_term_escape(stderr, text);
    fputc('\n', stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    /* xgettext:c-format */
    fprintf(stderr, checked_tr(ctx->lang, N_("(see `samlok %s --help`)")), ctx->cmd->name);
#pragma GCC diagnostic pop
    fputc('\n', stderr);
    return 2;
}

bool cli_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int apply_pipeline_option(cli_ctx *ctx, const char *name, const char *value)
{
    long v;
    if (strcmp(name, "set") == 0) {
        if (ctx->n_sets >= SL_MAX_SETS)
            return cli_usage_error(ctx, "more than %d --set options", SL_MAX_SETS);
        if (!strchr(value, '=') || value[0] == '=')
            return cli_usage_error(ctx, "--set wants PATH=VALUE, got '%s'", value);
        ctx->sets[ctx->n_sets++] = value;
    } else if (strcmp(name, "seed") == 0) {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(value, &end, 10);
        if (errno || end == value || *end || value[0] == '-')
            return cli_usage_error(ctx, "--seed wants a whole number >= 0, got '%s'", value);
        ctx->plan.has_seed = true;
        ctx->plan.seed = s;
    } else if (strcmp(name, "iterations") == 0) {
        if (!cli_parse_long(value, 1, SL_MAX_ITERATIONS, &v))
            return cli_usage_error(ctx, "--iterations wants a number from 1 to %d, got '%s'",
                                   SL_MAX_ITERATIONS, value);
        ctx->plan.iterations = v;
    } else if (strcmp(name, "threads") == 0) {
        if (!cli_parse_long(value, 1, SL_MAX_THREADS, &v))
            return cli_usage_error(ctx, "--threads wants a number from 1 to %d, got '%s'",
                                   SL_MAX_THREADS, value);
        ctx->plan.threads = (int)v;
    } else if (strcmp(name, "quiet") == 0) {
        ctx->quiet = true;
    }
    return 0;
}

int cli_parse(cli_ctx *ctx, const cli_command *cmd, int argc, char **argv, const sl_lang *lang)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->cmd = cmd;
    ctx->lang = lang;
    ctx->plan = (sl_plan_options)SL_PLAN_OPTIONS_INIT;
    ctx->load = (sl_load_options)SL_LOAD_OPTIONS_INIT;
    ctx->args = argv;
    const cli_option *opts[CLI_MAX_OPTIONS];
    size_t n_opts = cli_collect_options(cmd, opts, CLI_MAX_OPTIONS);
    int n_pos = 0;
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            argv[n_pos++] = a; /* positional arguments move to the front */
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        const char *name = a + 1;
        size_t name_len;
        const char *inline_value = NULL;
        const cli_option *o = NULL;
        size_t oi = 0;
        if (a[1] == '-') {
            name = a + 2;
            const char *eq = strchr(name, '=');
            name_len = eq ? (size_t)(eq - name) : strlen(name);
            inline_value = eq ? eq + 1 : NULL;
            for (oi = 0; oi < n_opts; oi++)
                if (strlen(opts[oi]->name) == name_len && strncmp(opts[oi]->name, name, name_len) == 0)
                    break;
        } else {
            name_len = 1;
            for (oi = 0; oi < n_opts; oi++)
                if (opts[oi]->short_name && opts[oi]->short_name == a[1] && a[2] == '\0')
                    break;
        }
        if (oi == n_opts) {
            const char *names[CLI_MAX_OPTIONS];
            for (size_t k = 0; k < n_opts; k++)
                names[k] = opts[k]->name;
            char word[64];
            snprintf(word, sizeof word, "%.*s", (int)(name_len < 60 ? name_len : 60), name);
            const char *near = sl_nearest_word(word, names, n_opts);
            if (near)
                return cli_usage_error(ctx, "unknown option '%s' (did you mean '--%s'?)", a,
                                       near);
            return cli_usage_error(ctx, "unknown option '%s'", a);
        }
        o = opts[oi];
        if (o == &help_option) {
            cli_help(stdout, cmd, lang);
            return 1;
        }
        const char *value = NULL;
        if (o->arg) {
            if (inline_value)
                value = inline_value;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return cli_usage_error(ctx, "option --%s needs a value (%s)", o->name,
                                       sl_trc(ctx->lang, "placeholder", o->arg));
        } else if (inline_value) {
            return cli_usage_error(ctx, "option --%s takes no value", o->name);
        }
        size_t own = 0;
        for (const cli_option *c = cmd->options; c && c->name; c++)
            own++;
        if (o == &lang_option)
            continue; /* read before parsing (cli_open_lang) */
        if (oi >= own) {
            int rc = apply_pipeline_option(ctx, o->name, value);
            if (rc)
                return rc;
        } else {
            ctx->values[oi] = value;
            ctx->present[oi] = true;
            if (ctx->n_given == CLI_MAX_GIVEN)
                return cli_usage_error(ctx, "more than %d options", CLI_MAX_GIVEN);
            ctx->given_option[ctx->n_given] = oi;
            ctx->given[ctx->n_given++] = value;
        }
    }
    ctx->n_args = n_pos;
    if (n_pos < cmd->min_args)
        return cli_usage_error(ctx, "expected %s", cmd->usage);
    if (n_pos > cmd->max_args)
        return cli_usage_error(ctx, "unexpected argument '%s'", argv[cmd->max_args]);
    ctx->load.n_sets = ctx->n_sets;
    ctx->load.sets = ctx->sets;
    if (!isatty(STDERR_FILENO))
        ctx->quiet = true;
    return 0;
}

static size_t option_index(const cli_ctx *ctx, const char *name)
{
    size_t i = 0;
    for (const cli_option *o = ctx->cmd->options; o && o->name; o++, i++)
        if (strcmp(o->name, name) == 0)
            return i;
    return SIZE_MAX;
}

const char *cli_value(const cli_ctx *ctx, const char *name)
{
    size_t i = option_index(ctx, name);
    return i == SIZE_MAX ? NULL : ctx->values[i];
}

bool cli_flag(const cli_ctx *ctx, const char *name)
{
    size_t i = option_index(ctx, name);
    return i != SIZE_MAX && ctx->present[i];
}

size_t cli_values(const cli_ctx *ctx, const char *name, const char **out, size_t cap)
{
    size_t oi = option_index(ctx, name), n = 0;
    for (size_t i = 0; oi != SIZE_MAX && i < ctx->n_given; i++)
        if (ctx->given_option[i] == oi) {
            if (n < cap)
                out[n] = ctx->given[i];
            n++;
        }
    return n;
}

int cli_finish(cli_ctx *ctx, int err)
{
    /* what the command printed: a full disk or a closed pipe shows now
     * (main.c gives standard output a buffer that holds a summary whole,
     * so the first failed write is this one and errno is its own) */
    bool failed = ferror(stdout) != 0;
    int e = 0;
    if (fflush(stdout) != 0) {
        failed = true;
        e = errno;
    }
    if (failed) {
        sl_diag_add(ctx->diag, SL_ERROR, "standard output", 0, 0, "write failed: %s",
                    e ? strerror(e) : sl_tr(ctx->lang, "an earlier write failed"));
        clearerr(stdout);
        err = err ? err : SL_EIO;
    }
    if (err)
        sl_outputs_discard(ctx->outputs); /* nothing half-written stays */
    sl_diag_write(ctx->diag, stderr);
    if (err == 0)
        return 0;
    if (sl_diag_count(ctx->diag) == 0 || err == SL_ENOMEM || err == SL_EIO)
        fprintf(stderr, "samlok %s: %s\n", ctx->cmd->name, sl_tr(ctx->lang, sl_strerror(err)));
    switch (err) {
    case SL_EINPUT:
    case SL_EUSAGE:
    case SL_ELIMIT:
        return 2;
    default:
        return 1;
    }
}

int cli_protect_model(cli_ctx *ctx, const sl_model *m)
{
    int rc = 0;
    for (size_t i = 0; !rc && sl_model_file(m, i); i++)
        rc = sl_outputs_protect(ctx->outputs, sl_model_file(m, i));
    return rc;
}

int cli_load_model(cli_ctx *ctx, const char *path, sl_model **out)
{
    sl_demo *demo = NULL;
    sl_load_options load = ctx->load;
    int rc = cli_scenario_source(ctx, path, &demo, &load, &path);
    if (rc == 0)
        rc = sl_model_load(out, path, &load, ctx->diag);
    if (rc == 0 && !load.n_memfiles)
        rc = cli_protect_model(ctx, *out);
    sl_demo_free(demo); /* the model keeps copies of what it read */
    return rc;
}

void cli_progress_bar(void *user, double done)
{
    (void)user;
    int width = 40, filled = (int)(done * width + 0.5);
    fprintf(stderr, "\r[");
    for (int i = 0; i < width; i++)
        fputc(i < filled ? '#' : ' ', stderr);
    fprintf(stderr, "] %3d%%", (int)(done * 100 + 0.5));
    if (done >= 1.0)
        fputc('\n', stderr);
    fflush(stderr);
}

int cli_run_plan(cli_ctx *ctx, const sl_model *m, sl_plan **out)
{
    if (!ctx->quiet)
        ctx->plan.progress = cli_progress_bar;
    return sl_plan_run(out, m, &ctx->plan, ctx->diag);
}

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int cli_review_plan(cli_ctx *ctx, const char *path, const sl_load_options *lo, sl_plan *p)
{
    double t0 = seconds_now();
    int rc = sl_plan_review(p, path, lo, ctx->diag);
    p->seconds_review = seconds_now() - t0;
    return rc;
}

int cli_plan_scenario(cli_ctx *ctx, const char *name, sl_model **m, sl_plan **p, double *load_s)
{
    *m = NULL;
    *p = NULL;
    sl_demo *demo = NULL;
    sl_load_options load = ctx->load;
    const char *path = name;
    double t0 = seconds_now();
    int rc = cli_scenario_source(ctx, name, &demo, &load, &path);
    if (rc == 0)
        rc = sl_model_load(m, path, &load, ctx->diag);
    /* every file the scenario read is an input no output may replace */
    if (rc == 0 && !load.n_memfiles)
        rc = cli_protect_model(ctx, *m);
    if (load_s)
        *load_s = seconds_now() - t0;
    if (rc == 0)
        rc = cli_run_plan(ctx, *m, p);
    /* the review re-loads the scenario: the demo's files must still be there */
    if (rc == 0)
        rc = cli_review_plan(ctx, path, &load, *p);
    sl_demo_free(demo);
    return rc;
}

bool cli_use_color(void)
{
    const char *no = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no && no[0]);
}

int cli_scenario_source(cli_ctx *ctx, const char *name, sl_demo **demo, sl_load_options *load,
                        const char **path)
{
    *demo = NULL;
    *path = name;
    if (strcmp(name, CLI_DEMO) != 0)
        return 0;
    uint64_t seed = ctx->plan.has_seed ? ctx->plan.seed : 2014;
    int rc = sl_demo_generate(demo, seed, ctx->diag);
    if (rc)
        return rc;
    load->n_memfiles = (*demo)->n_files;
    load->memfiles = (*demo)->files;
    *path = (*demo)->files[0].path;
    return 0;
}
