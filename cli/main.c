/* SPDX-License-Identifier: MIT */
/*
 * main.c - `samlok COMMAND [OPTIONS] [ARGS]`: finds the command in the
 * table and hands it the rest of the line.
 *
 * The process never calls setlocale(): numbers are read and written the
 * same way whatever LC_ALL says.
 */
#include "cli.h"

#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: samlok COMMAND [OPTIONS] [ARGS]\n\n"
                 "Plans the co-location of agencies' datacenter operations in one shared\n"
                 "datacenter, and says whether each agency should join.\n\ncommands:\n");
    for (size_t i = 0; i < cli_n_commands; i++)
        fprintf(out, "  %-10s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    fprintf(out, "\n`samlok COMMAND --help` describes one command.\n");
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

int main(int argc, char **argv)
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
                    cli_help(stdout, cli_commands[i]);
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
        int rc = cli_parse(&ctx, cmd, argc - 2, argv + 2);
        if (rc)
            return rc == 1 ? 0 : rc; /* 1: --help was shown */
        ctx.diag = sl_diag_new();
        if (!ctx.diag) {
            fprintf(stderr, "samlok: out of memory\n");
            return 1;
        }
        rc = cmd->run(&ctx);
        sl_diag_free(ctx.diag);
        return rc;
    }
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < cli_n_commands && n < 64; i++)
        names[n++] = cli_commands[i]->name;
    const char *near = sl_nearest_word(argv[1], names, n);
    if (near) {
        fprintf(stderr, "samlok: unknown command '%s' (did you mean '%s'?)\n"
                        "(see `samlok --help`)\n", argv[1], near);
        return 2;
    }
    fprintf(stderr, "samlok: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
