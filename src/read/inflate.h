/* SPDX-License-Identifier: MIT */
/*
 * inflate.h - one part of a ZIP archive, inflated by a second thread while
 * the caller parses what came before (xlsx.c): on a 200,000-row sheet the
 * inflating is a sixth of the work, and this takes it off the path.
 */
#ifndef SL_READ_INFLATE_H
#define SL_READ_INFLATE_H

#include "core/core.h"

#include <zip.h>

typedef struct sl_inflate sl_inflate;

/* Starts inflating zf (owned from here on; closed by sl_inflate_close).
 * SL_ENOMEM when the buffers or the thread cannot be had. */
int sl_inflate_open(sl_inflate **out, zip_file_t *zf);
/* The next chunk (valid until the next call); *len 0 at the end. SL_EINPUT
 * when the archive is damaged: sl_inflate_error() says how. */
int sl_inflate_next(sl_inflate *s, const char **data, size_t *len);
const char *sl_inflate_error(const sl_inflate *s);
/* Stops the thread (also mid-part) and frees everything. NULL-safe. */
void sl_inflate_close(sl_inflate *s);

#endif
