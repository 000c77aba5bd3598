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
                    sl_lang *lang = NULL;
                    int rc = cli_open_lang(&lang, cli_commands[i], 0, NULL, NULL);
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
        int rc = cli_open_lang(&lang, cmd, argc - 2, argv + 2, d);
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
        rc = cmd->run(&ctx);
        sl_diag_free(d);
        sl_lang_free(lang);
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
