/* SPDX-License-Identifier: MIT */
/*
 * file.c - whole-file reads with a size limit, and atomic writes.
 *
 * Writers never leave half a file: they write "<path>.tmp.<pid>" in the
 * same folder, flush and fsync it, and rename it over the target, so the
 * target is either the old file or the complete new one.
 */
#include "io/file.h"

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
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        sl_diag_add(d, SL_ERROR, path, 0, 0, "is a folder, not a file");
        return SL_EINPUT;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536 * 2;
            char *nb = sl_realloc(buf, ncap);
            if (!nb) {
                rc = SL_ENOMEM;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > limit) {
            sl_diag_add(d, SL_ERROR, path, 0, 0, "larger than the limit of %zu MiB",
                        limit >> 20);
            rc = SL_ELIMIT;
            break;
        }
        if (got == 0) {
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
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(tmp);
        return SL_ENOMEM;
    }
    int rc = fill(f, user);
    if (!rc && (fflush(f) != 0 || ferror(f))) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "write failed: %s", strerror(errno));
        rc = SL_EIO;
    }
    if (!rc && fsync(fileno(f)) != 0 && errno != EINVAL) {
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
