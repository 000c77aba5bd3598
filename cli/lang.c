/* SPDX-License-Identifier: MIT */
/*
 * lang.c - which language the words of a command are in, and the width of
 * the terminal its tables fit.
 *
 * The language is --lang when given, else the one the environment names as
 * command-line tools read it (POSIX: LC_ALL, then LC_MESSAGES, then LANG;
 * GNU's LANGUAGE list first when that locale is not C), else English. Only
 * the language is taken from there: the process never calls setlocale, so
 * numbers are written by the language's conventions, never LC_NUMERIC's.
 * A language named by the environment whose messages are missing falls
 * back to English quietly, as gettext programs do; one asked for with
 * --lang is an error.
 *
 * Its messages (po/<code>.po compiled to <code>/LC_MESSAGES/samlok.mo) are
 * looked for in $SAMLOK_LOCALEDIR, then beside the binary as the build
 * leaves them (BUILD/cli/samlok finds BUILD/po/), then as `meson install`
 * puts them relative to the binary (PREFIX/bin/samlok finds
 * PREFIX/share/locale/), then in the locale folder the build was
 * configured with.
 */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef SL_LOCALEDIR
#define SL_LOCALEDIR "/usr/local/share/locale"
#endif

/* The language part of a locale name: "sv_SE.UTF-8@euro" -> "sv_SE";
 * NULL for C, POSIX and nothing. */
static const char *locale_language(const char *name, char *buf, size_t len)
{
    if (!name || !name[0] || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0 ||
        strncmp(name, "C.", 2) == 0)
        return NULL;
    size_t n = strcspn(name, ".@:");
    if (n == 0 || n >= len)
        return NULL;
    memcpy(buf, name, n);
    buf[n] = '\0';
    return buf;
}

const char *cli_env_language(char *buf, size_t len)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *locale = NULL;
    for (size_t i = 0; i < SL_ARRAY_COUNT(vars) && !locale; i++) {
        const char *v = getenv(vars[i]);
        if (v && v[0])
            locale = v;
    }
    const char *code = locale_language(locale, buf, len);
    if (!code)
        return NULL;
    /* GNU: LANGUAGE, a list such as "sv:en", first when the locale is not C */
    const char *list = getenv("LANGUAGE");
    if (list && list[0]) {
        char first[32];
        const char *c = locale_language(list, first, sizeof first);
        if (c && strlen(c) < len) {
            memcpy(buf, c, strlen(c) + 1);
            return buf;
        }
    }
    return code;
}

/* The folder the running binary is in, or "" when it cannot be told. */
static void exe_dir(char *buf, size_t len)
{
    buf[0] = '\0';
    ssize_t n = readlink("/proc/self/exe", buf, len - 1);
    if (n <= 0 || (size_t)n >= len - 1) {
        buf[0] = '\0';
        return;
    }
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
    else
        buf[0] = '\0';
}

int cli_open_lang(sl_lang **out, int argc, char **argv, sl_diag *d)
{
    *out = NULL;
    const char *code = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            code = argv[i + 1];
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            code = argv[i] + 7;
    }
    char env_code[32];
    bool is_explicit = code != NULL;
    if (!code)
        code = cli_env_language(env_code, sizeof env_code);
    if (!code)
        return 0;
    char here[PATH_MAX], build[PATH_MAX + 8], installed[PATH_MAX + 24];
    exe_dir(here, sizeof here);
    snprintf(build, sizeof build, "%s/../po", here);
    snprintf(installed, sizeof installed, "%s/../share/locale", here);
    const char *dirs[] = {getenv("SAMLOK_LOCALEDIR"), here[0] ? build : NULL,
                          here[0] ? installed : NULL, SL_LOCALEDIR};
    sl_diag *quiet = is_explicit ? d : sl_diag_new();
    int rc = sl_lang_open(out, code, dirs, SL_ARRAY_COUNT(dirs), quiet);
    if (!is_explicit) {
        sl_diag_free(quiet);
        return rc == SL_ENOMEM ? rc : 0; /* English, quietly */
    }
    return rc;
}

int cli_term_width(void)
{
    const char *cols = getenv("COLUMNS");
    long v;
    if (cols && cli_parse_long(cols, 20, 1000, &v))
        return (int)v;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 0; /* not a terminal: the writers' fixed width */
}

sl_text_options cli_text_options(const cli_ctx *ctx)
{
    sl_text_options o = SL_TEXT_OPTIONS_INIT;
    o.lang = ctx->lang;
    o.color = cli_use_color();
    o.width = cli_term_width();
    return o;
}
