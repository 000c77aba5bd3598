/* SPDX-License-Identifier: MIT */
/*
 * file.h - file helpers for readers and writers.
 */
#ifndef SL_IO_FILE_H
#define SL_IO_FILE_H

#include "core/core.h"

#define SL_MAX_INPUT_BYTES ((size_t)1 << 30) /* 1 GiB per input file */
#define SL_MAX_SCENARIO_BYTES ((size_t)16 << 20)

int sl_file_read_limited(char **out, size_t *len, const char *path, size_t limit, sl_diag *d);

#endif
