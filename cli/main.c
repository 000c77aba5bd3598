/* SPDX-License-Identifier: MIT */
/*
 * main.c - `samlok COMMAND [OPTIONS] [ARGS]`: finds the command in the
 * table and hands it the rest of the line.
 *
 * The process never calls setlocale(): numbers are read and written the
 * same way whatever LC_ALL says.
 *
 * Interruption: every command writes its files through one sl_outputs
 * (ctx.outputs), whose temporaries must not outlive an interrupted run.
 * SIGINT and SIGTERM are blocked in every thread (the library's workers
 * inherit the mask) and one thread of ours waits for them with sigwait:
 * on either it removes the temporaries (sl_outputs_abandon) and dies of
 * the same signal, so the exit status says what happened. No handler
 * runs in signal context and no global variable is involved: the thread
 * gets the set as its argument.
 */
#include "cli.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A message on standard error in language l (the translation used only
 * when it reads the same arguments). */
static void say_error(const sl_lang *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say_error(const sl_lang *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vfprintf(stderr, sl_tr_format(fmt, sl_tr(l, fmt)), ap);
#pragma GCC diagnostic pop
    va_end(ap);
}

/* The command list, in the environment's language (no --lang here). */
static void usage(FILE *out)
{
    sl_lang *l = NULL;
    if (cli_open_lang(&l, 0, NULL, NULL) != 0)
        l = NULL;
    fprintf(out, "%s samlok %s\n\n%s\n\n%s\n", sl_tr(l, "usage:"),
            sl_trc(l, "usage", "COMMAND [OPTIONS] [ARGS]"),
            sl_tr(l, "Plans the co-location of agencies' datacenter operations in one shared\n"
                     "datacenter, and says whether each agency should join."),
            sl_tr(l, "commands:"));
    for (size_t i = 0; i < cli_n_commands; i++)
        fprintf(out, "  %-10s %s\n", cli_commands[i]->name, sl_tr(l, cli_commands[i]->summary));
    fprintf(out, "\n%s\n", sl_tr(l, "`samlok COMMAND --help` describes one command."));
    sl_lang_free(l);
}

#ifdef __SANITIZE_ADDRESS__
/* Sanitizer builds only. libmicrohttpd (for `samlok serve`) brings in
 * p11-kit, whose start-up code has glibc split LOCPATH, when it is set, into
 * a buffer kept for the life of the process (__argz_add_sep): 55 bytes,
 * once, not ours, reported as a leak by every command under the tests that
 * set LOCPATH (tests/identity). Only that allocation is suppressed. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:__argz_add_sep\n";
}
#endif

typedef struct watcher {
    sl_outputs *outputs;
    sigset_t signals;
    pthread_t thread;
    bool running;
} watcher;

static void *watch(void *arg)
{
    watcher *w = arg;
    int sig = 0;
    while (sigwait(&w->signals, &sig) != 0)
        ;
    sl_outputs_abandon(w->outputs);
    /* the disposition is the default (terminate): let it happen here */
    pthread_sigmask(SIG_UNBLOCK, &w->signals, NULL);
    raise(sig);
    return NULL;
}

static void watch_start(watcher *w, sl_outputs *outputs)
{
    w->outputs = outputs;
    w->running = false;
    sigemptyset(&w->signals);
    sigaddset(&w->signals, SIGINT);
    sigaddset(&w->signals, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &w->signals, NULL) != 0)
        return;
    if (pthread_create(&w->thread, NULL, watch, w) == 0)
        w->running = true;
    else /* no watcher: interruption kills as before */
        pthread_sigmask(SIG_UNBLOCK, &w->signals, NULL);
}

static void watch_stop(watcher *w)
{
    if (!w->running)
        return;
    pthread_cancel(w->thread);
    pthread_join(w->thread, NULL);
}

/* Standard output was written through stdio; a failed write shows only
 * now (a full disk, a closed pipe): say so and fail. */
static int close_stdout(int rc)
{
    bool failed = ferror(stdout) != 0;
    int err = 0;
    if (fflush(stdout) != 0) {
        failed = true;
        err = errno;
    }
    if (fclose(stdout) != 0 && !failed) {
        failed = true;
        err = errno;
    }
    if (!failed)
        return rc;
    fprintf(stderr, "samlok: standard output: write failed: %s\n",
            err ? strerror(err) : "an earlier write failed");
    return rc ? rc : 1;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc > 2) {
            for (size_t i = 0; i < cli_n_commands; i++) {
                if (strcmp(cli_commands[i]->name, argv[2]) == 0) {
                    sl_lang *lang = NULL;
                    int rc = cli_open_lang(&lang, 0, NULL, NULL);
                    cli_help(stdout, cli_commands[i], rc ? NULL : lang);
                    sl_lang_free(lang);
                    return 0;
                }
            }
        }
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--generate") == 0 && argc == 3)
        return cli_generate(stdout, argv[2]);
    if (strcmp(argv[1], "--version") == 0) {
        printf("samlok %s\n", SAMLOK_VERSION);
        return 0;
    }
    for (size_t i = 0; i < cli_n_commands; i++) {
        const cli_command *cmd = cli_commands[i];
        if (strcmp(cmd->name, argv[1]) != 0)
            continue;
        cli_ctx ctx;
        sl_lang *lang = NULL;
        sl_diag *d = sl_diag_new();
        if (!d) {
            fprintf(stderr, "samlok: out of memory\n");
            return 1;
        }
        int rc = cli_open_lang(&lang, argc - 2, argv + 2, d);
        if (rc) {
            sl_diag_write(d, stderr);
            fprintf(stderr, "samlok %s: %s\n", cmd->name, sl_strerror(rc));
            sl_diag_free(d);
            return rc == SL_EUSAGE || rc == SL_EINPUT ? 2 : 1;
        }
        rc = cli_parse(&ctx, cmd, argc - 2, argv + 2, lang);
        if (rc) {
            sl_diag_free(d);
            sl_lang_free(lang);
            return rc == 1 ? 0 : rc; /* 1: --help was shown */
        }
        ctx.diag = d;
        sl_diag_set_lang(d, lang);
        if (sl_outputs_new(&ctx.outputs) != 0) {
            sl_diag_free(d);
            sl_lang_free(lang);
            fprintf(stderr, "samlok: out of memory\n");
            return 1;
        }
        watcher w;
        watch_start(&w, ctx.outputs);
        rc = cmd->run(&ctx);
        watch_stop(&w);
        sl_outputs_free(ctx.outputs);
        sl_diag_free(d);
        sl_lang_free(lang);
        return rc;
    }
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < cli_n_commands && n < 64; i++)
        names[n++] = cli_commands[i]->name;
    const char *near = sl_nearest_word(argv[1], names, n);
    sl_lang *l = NULL;
    if (cli_open_lang(&l, 0, NULL, NULL) != 0)
        l = NULL;
    /* the name as the terminal may show it, then one message */
    char *shown = NULL;
    size_t shown_len = 0;
    FILE *mem = open_memstream(&shown, &shown_len);
    if (mem) {
        sl_term_escape(mem, argv[1]);
        if (fclose(mem) != 0) {
            free(shown);
            shown = NULL;
        }
    }
    const char *name = shown ? shown : "?";
    if (near)
        say_error(l,
                  N_("samlok: unknown command '%s' (did you mean '%s'?)\n"
                     "(see `samlok --help`)\n"),
                  name, near);
    else
        say_error(l, N_("samlok: unknown command '%s'\n"), name);
    free(shown);
    sl_lang_free(l);
    if (!near)
        usage(stderr);
    return 2;
}

int main(int argc, char **argv)
{
    /* a summary fits the buffer whole, so a write that fails (a full
     * disk) fails at the flush that reports it, with its own errno */
    size_t size = (size_t)1 << 20;
    char *buffer = isatty(STDOUT_FILENO) ? NULL : malloc(size); /* glibc ignores a size alone */
    if (buffer)
        setvbuf(stdout, buffer, _IOFBF, size);
    int rc = close_stdout(run(argc, argv));
    free(buffer); /* after stdout is closed */
    return rc;
}
