/* SPDX-License-Identifier: MIT */
/*
 * gen.c - the man page and the bash and zsh completion scripts, written
 * from the command table (`samlok --generate man|bash|zsh`), so they
 * always list the commands and options the binary has. The build writes
 * them into the build folder and `meson install` installs them
 * (cli/meson.build).
 */
#include "cli.h"

#include <string.h>

/* Text for roff: backslashes doubled, a leading . or ' made literal. */
static void roff(FILE *out, const char *s)
{
    bool line_start = true;
    for (; *s; s++) {
        if (line_start && (*s == '.' || *s == '\''))
            fputs("\\&", out);
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else
            fputc(*s, out);
        line_start = *s == '\n';
    }
}

static void man(FILE *out)
{
    fprintf(out, ".TH SAMLOK 1 \"\" \"samlok %s\" \"User Commands\"\n", SAMLOK_VERSION);
    fputs(".SH NAME\nsamlok \\- plan the co-location of agencies' datacenters and say whether "
          "each should join\n.SH SYNOPSIS\n.B samlok\n.I COMMAND\n[\\fIOPTIONS\\fR] "
          "[\\fIARGS\\fR]\n.SH DESCRIPTION\n"
          "samlok reads a scenario (YAML) and the inventories, RVTools exports (CSV or .xlsx)\n"
          "and flow files it names, and plans readiness, placement, move groups, waves,\n"
          "a Monte Carlo of dates and costs, costs and risks, with a go / conditional /\n"
          "no\\-go verdict per agency.\n.SH COMMANDS\n",
          out);
    for (size_t i = 0; i < cli_n_commands; i++) {
        const cli_command *c = cli_commands[i];
        fprintf(out, ".SS \"%s", c->name);
        if (c->usage[0]) {
            fputc(' ', out);
            roff(out, c->usage);
        }
        fputs("\"\n", out);
        roff(out, c->summary);
        fputs(".\n", out);
        if (c->description) {
            fputs(".PP\n", out);
            roff(out, c->description);
            fputc('\n', out);
        }
        const cli_option *opts[CLI_MAX_OPTIONS];
        size_t n = cli_collect_options(c, opts, CLI_MAX_OPTIONS);
        for (size_t k = 0; k < n; k++) {
            fputs(".TP\n", out);
            if (opts[k]->short_name)
                fprintf(out, "\\fB\\-%c\\fR, ", opts[k]->short_name);
            fputs("\\fB\\-\\-", out);
            roff(out, opts[k]->name);
            fputs("\\fR", out);
            if (opts[k]->arg) {
                fputs(" \\fI", out);
                roff(out, opts[k]->arg);
                fputs("\\fR", out);
            }
            fputc('\n', out);
            roff(out, opts[k]->help);
            fputc('\n', out);
        }
    }
    fputs(".SH EXIT STATUS\n0 success; 1 an internal or I/O failure; 2 a usage or input error, "
          "every input error located as file:line:column.\n"
          ".SH SEE ALSO\nThe README and docs/ of the samlok sources: SCENARIO.md (every scenario "
          "key), FORMATS.md (the input files), REPORTS.md (the outputs).\n",
          out);
}

static void bash(FILE *out)
{
    fputs("# bash completion for samlok, written by `samlok --generate bash`\n"
          "_samlok() {\n"
          "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} opts=\n"
          "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
          "        COMPREPLY=($(compgen -W \"",
          out);
    for (size_t i = 0; i < cli_n_commands; i++)
        fprintf(out, "%s%s", i ? " " : "", cli_commands[i]->name);
    fputs(" --help --version\" -- \"$cur\"))\n        return\n    fi\n"
          "    case ${COMP_WORDS[1]} in\n",
          out);
    for (size_t i = 0; i < cli_n_commands; i++) {
        const cli_command *c = cli_commands[i];
        const cli_option *opts[CLI_MAX_OPTIONS];
        size_t n = cli_collect_options(c, opts, CLI_MAX_OPTIONS);
        fprintf(out, "    %s) opts=\"", c->name);
        for (size_t k = 0; k < n; k++)
            fprintf(out, "%s--%s", k ? " " : "", opts[k]->name);
        fputs("\" ;;\n", out);
    }
    fputs("    esac\n"
          "    if [[ $cur == -* ]]; then\n"
          "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
          "    else\n"
          "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
          "    fi\n"
          "}\n"
          "complete -o filenames -F _samlok samlok\n",
          out);
}

/* Text inside a zsh single-quoted _arguments spec: ' ends it, and [ ] :
 * have meanings there. */
static void zsh_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", out);
        else if (*s == '[' || *s == ']' || *s == ':' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if (*s == '\n')
            fputc(' ', out);
        else
            fputc(*s, out);
    }
}

static void zsh(FILE *out)
{
    fputs("#compdef samlok\n# zsh completion for samlok, written by `samlok --generate zsh`\n"
          "_samlok() {\n    local -a commands\n    commands=(\n",
          out);
    for (size_t i = 0; i < cli_n_commands; i++) {
        fprintf(out, "        '%s:", cli_commands[i]->name);
        zsh_text(out, cli_commands[i]->summary);
        fputs("'\n", out);
    }
    fputs("    )\n    if (( CURRENT == 2 )); then\n        _describe 'command' commands\n"
          "        return\n    fi\n    case $words[2] in\n",
          out);
    for (size_t i = 0; i < cli_n_commands; i++) {
        const cli_command *c = cli_commands[i];
        const cli_option *opts[CLI_MAX_OPTIONS];
        size_t n = cli_collect_options(c, opts, CLI_MAX_OPTIONS);
        fprintf(out, "    %s)\n        _arguments", c->name);
        for (size_t k = 0; k < n; k++) {
            fprintf(out, " \\\n            '--%s[", opts[k]->name);
            zsh_text(out, opts[k]->help);
            fputc(']', out);
            if (opts[k]->arg) {
                fputc(':', out);
                zsh_text(out, opts[k]->arg);
                fputs(":_files", out);
            }
            fputc('\'', out);
        }
        fputs(" \\\n            '*:file:_files' ;;\n", out);
    }
    fputs("    esac\n}\n_samlok \"$@\"\n", out);
}

int cli_generate(FILE *out, const char *what)
{
    if (strcmp(what, "man") == 0)
        man(out);
    else if (strcmp(what, "bash") == 0)
        bash(out);
    else if (strcmp(what, "zsh") == 0)
        zsh(out);
    else {
        fprintf(stderr, "samlok: --generate wants man, bash or zsh\n");
        return 2;
    }
    return fflush(out) == 0 && !ferror(out) ? 0 : 1;
}
