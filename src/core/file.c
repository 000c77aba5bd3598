/* SPDX-License-Identifier: MIT */
/*
 * file.c - whole-file reads with a size limit, and atomic writes.
 *
 * Writers never leave half a file: they write "<path>.tmp.<pid>" in the
 * same folder, flush and fsync it, and rename it over the target, so the
 * target is either the old file or the complete new one.
 *
 * The alloc_fail test build also fails the Nth write(2) of an output file
 * with ENOSPC when SAMLOK_WRITE_FAIL=N is set, as a full disk would, and
 * with SAMLOK_WRITE_COUNT=FILE writes the number of writes into FILE at
 * exit: tests/failures/sweep.py runs every N and checks that the previous file is
 * left as it was and no temporary file stays behind.
 */
#ifdef SL_ALLOC_FAIL
#define _GNU_SOURCE /* fopencookie, for the write-failure hook below */
#endif
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int sl_file_read_limited(char **out, size_t *len, const char *path, size_t limit, sl_diag *d)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return SL_EINPUT;
    }
    struct stat st;
    bool known = fstat(fileno(f), &st) == 0;
    if (known && S_ISDIR(st.st_mode)) {
        fclose(f);
        sl_diag_add(d, SL_ERROR, path, 0, 0, "is a folder, not a file");
        return SL_EINPUT;
    }
    /* a regular file says its size: refuse it before reading a byte, and
     * read it into one buffer of that size (a pipe grows as it comes) */
    known = known && S_ISREG(st.st_mode) && st.st_size >= 0;
    if (known && (uint64_t)st.st_size > limit) {
        fclose(f);
        sl_diag_add(d, SL_ERROR, path, 0, 0, "the file is %llu bytes; the limit is %zu bytes",
                    (unsigned long long)st.st_size, limit);
        return SL_ELIMIT;
    }
    size_t cap = known ? (size_t)st.st_size + 1 : 65536;
    char *buf = sl_malloc(cap);
    size_t n = 0;
    int rc = buf ? 0 : SL_ENOMEM;
    while (rc == 0) {
        if (n + 1 == cap) {
            /* full: one more byte says whether the file goes on */
            int c = fgetc(f);
            if (c == EOF)
                break;
            size_t ncap = cap * 2;
            char *nb = sl_realloc(buf, ncap);
            if (!nb) {
                rc = SL_ENOMEM;
                break;
            }
            buf = nb;
            cap = ncap;
            buf[n++] = (char)c;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > limit) {
            sl_diag_add(d, SL_ERROR, path, 0, 0, "the file is more than %zu bytes, the limit",
                        limit);
            rc = SL_ELIMIT;
        } else if (got == 0 && n + 1 < cap) {
            if (ferror(f)) {
                sl_diag_add(d, SL_ERROR, path, 0, 0, "read error: %s", strerror(errno));
                rc = SL_EIO;
            }
            break;
        }
    }
    fclose(f);
    if (rc) {
        sl_free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

int sl_file_read(char **out, size_t *len, const char *path, sl_diag *d)
{
    return sl_file_read_limited(out, len, path, SL_MAX_INPUT_BYTES, d);
}

#ifdef SL_ALLOC_FAIL
/* Test-build only: the Nth write fails as a full disk would (mem.c keeps
 * the count, as it does for allocations). */
static ssize_t counted_write(void *cookie, const char *buf, size_t size)
{
    if (sl_fault_hit(SL_FAULT_WRITE)) {
        errno = ENOSPC;
        return 0; /* a cookie reports an error with 0 */
    }
    ssize_t n = write(*(int *)cookie, buf, size);
    return n < 0 ? 0 : n;
}

static int counted_close(void *cookie)
{
    return close(*(int *)cookie);
}

static FILE *open_output(int *fd)
{
    cookie_io_functions_t io = {NULL, counted_write, NULL, counted_close};
    return fopencookie(fd, "wb", io);
}
#else
static FILE *open_output(int *fd)
{
    return fdopen(*fd, "wb");
}
#endif

int sl_file_write_atomic(const char *path, int (*fill)(FILE *f, void *user), void *user,
                         sl_diag *d)
{
    if (strcmp(path, "-") == 0) {
        int rc = fill(stdout, user);
        if (fflush(stdout) != 0 && !rc)
            rc = SL_EIO;
        return rc;
    }
    char tmp[4096];
    int k = snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    if (k < 0 || (size_t)k >= sizeof tmp) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "path too long");
        return SL_EUSAGE;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "cannot write: %s", strerror(errno));
        return SL_EIO;
    }
    FILE *f = open_output(&fd);
    if (!f) {
        close(fd);
        unlink(tmp);
        return SL_ENOMEM;
    }
    int rc = fill(f, user);
    /* a writer that met a failed write returns SL_EIO without a message:
     * the stream says what went wrong */
    if ((!rc || rc == SL_EIO) && (fflush(f) != 0 || ferror(f))) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "write failed: %s", strerror(errno));
        rc = SL_EIO;
    }
    if (!rc && fsync(fd) != 0 && errno != EINVAL) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "write failed: %s", strerror(errno));
        rc = SL_EIO;
    }
    if (fclose(f) != 0 && !rc) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "write failed: %s", strerror(errno));
        rc = SL_EIO;
    }
    if (!rc && rename(tmp, path) != 0) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "cannot replace: %s", strerror(errno));
        rc = SL_EIO;
    }
    if (rc)
        unlink(tmp);
    return rc;
}
