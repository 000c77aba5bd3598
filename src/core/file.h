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

/* Which file was read, and as it was then: device, inode, size, and the
 * times of its last change of content (mtime) and of anything (ctime),
 * taken from the open file before it was read. settled: its last change
 * was at least SL_FILE_SETTLED_S seconds before the read, so a change
 * after the read cannot leave the times as they were (the clock a file
 * system stamps with is coarse: a write in the same tick as the read
 * would). */
typedef struct sl_file_id {
    uint64_t dev, ino, size;
    int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
    bool settled;
} sl_file_id;

#define SL_FILE_SETTLED_S 1

/* sl_file_read_limited, and the file's identity into *id. */
int sl_file_read_id(char **out, size_t *len, const char *path, size_t limit, sl_file_id *id,
                    sl_diag *d);
/* True when path still names the file id describes, unchanged since:
 * a write, a replacement (rename over it) or a touch makes it false, so
 * do a file that cannot be looked at and one that was not settled when
 * it was read. */
bool sl_file_unchanged(const char *path, const sl_file_id *id);
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
