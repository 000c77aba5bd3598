/* SPDX-License-Identifier: MIT */
/*
 * file.h - file helpers for readers and writers: bounded reads (file.c)
 * and the outputs of a run (output.c; the public part is in samlok.h).
 */
#ifndef SL_CORE_FILE_H
#define SL_CORE_FILE_H

#include "core/core.h"

/* limit: SL_MAX_INPUT_BYTES or SL_MAX_SCENARIO_BYTES (samlok.h). Refuses
 * (SL_EINPUT) anything but a regular file, before reading it. */
int sl_file_read_limited(char **out, size_t *len, const char *path, size_t limit, sl_diag *d);
/* The folder part of path ("a/b" of "a/b/c", "/" of "/c"), or a copy of
 * if_none when path has no '/'; NULL when out of memory. */
char *sl_path_dir(const char *path, const char *if_none);
/* "a FIFO (named pipe)", "a folder", ... for a st_mode. */
const char *sl_file_kind(unsigned mode);

/* A private name for a file that a library insists on writing by name
 * (the workbook): NAME in a folder made with mkdtemp in $TMPDIR (else
 * /tmp), so nothing can be planted there. The file and the folder are
 * removed by sl_outputs_scratch_done, and when the run's outputs are
 * discarded or abandoned. *path is owned by o. */
int sl_outputs_scratch(sl_outputs *o, const char *name, const char **path, sl_diag *d);
void sl_outputs_scratch_done(sl_outputs *o, const char *path);

#endif
