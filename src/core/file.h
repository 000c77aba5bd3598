/* SPDX-License-Identifier: MIT */
/*
 * file.h - file helpers for readers and writers.
 */
#ifndef SL_CORE_FILE_H
#define SL_CORE_FILE_H

#include "core/core.h"

/* limit: SL_MAX_INPUT_BYTES or SL_MAX_SCENARIO_BYTES (samlok.h) */
int sl_file_read_limited(char **out, size_t *len, const char *path, size_t limit, sl_diag *d);

#endif
