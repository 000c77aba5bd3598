/* SPDX-License-Identifier: MIT */
/*
 * cmd_table.c - every subcommand, sorted by name. Adding a command: write
 * cmd_<name>.c with its descriptor and add one row here.
 */
#include "cli.h"

const cli_command *const cli_commands[] = {
    &cmd_compare,
    &cmd_demo,
    &cmd_explain,
    &cmd_import,
    &cmd_init,
    &cmd_pack,
    &cmd_partition,
    &cmd_plan,
    &cmd_report,
    &cmd_schema,
    &cmd_serve,
    &cmd_sweep,
    &cmd_validate,
};

const size_t cli_n_commands = sizeof cli_commands / sizeof cli_commands[0];
