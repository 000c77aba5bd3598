/* SPDX-License-Identifier: MIT */
/*
 * file.c - whole-file reads with a size limit. The writes are in
 * output.c.
 *
 * An input is a regular file, or it is refused before a byte is read: a
 * FIFO would block the run forever, a device such as /dev/zero never ends,
 * and a folder is no text. The file is opened without blocking (so a FIFO
 * named by mistake cannot hang the open itself), its size is checked
 * against the limit before it is read, and it is read into one buffer of
 * that size; a file that grows while it is read is read no further than
 * one byte past the limit. sl_file_read_id also says which file it read
 * and as it was, so that a later run can tell whether it changed since.
 */
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *sl_file_kind(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG:
        return "a file";
    case S_IFDIR:
        return "a folder";
    case S_IFIFO:
        return "a FIFO (named pipe)";
    case S_IFCHR:
        return "a character device";
    case S_IFBLK:
        return "a block device";
    case S_IFSOCK:
        return "a socket";
    case S_IFLNK:
        return "a symbolic link";
    }
    return "not a file";
}

static void identify(const struct stat *st, sl_file_id *id)
{
    memset(id, 0, sizeof *id);
    id->dev = (uint64_t)st->st_dev;
    id->ino = (uint64_t)st->st_ino;
    id->size = (uint64_t)st->st_size;
    id->mtime_s = (int64_t)st->st_mtim.tv_sec;
    id->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
    id->ctime_s = (int64_t)st->st_ctim.tv_sec;
    id->ctime_ns = (int64_t)st->st_ctim.tv_nsec;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    id->settled = (int64_t)now.tv_sec - id->ctime_s > SL_FILE_SETTLED_S ||
                  ((int64_t)now.tv_sec - id->ctime_s == SL_FILE_SETTLED_S &&
                   (int64_t)now.tv_nsec >= id->ctime_ns);
}

bool sl_file_unchanged(const char *path, const sl_file_id *id)
{
    struct stat st;
    if (!id->settled || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    sl_file_id now;
    identify(&st, &now);
    return now.dev == id->dev && now.ino == id->ino && now.size == id->size &&
           now.mtime_s == id->mtime_s && now.mtime_ns == id->mtime_ns &&
           now.ctime_s == id->ctime_s && now.ctime_ns == id->ctime_ns;
}

int sl_file_read_limited(char **out, size_t *len, const char *path, size_t limit, sl_diag *d)
{
    sl_file_id id;
    return sl_file_read_id(out, len, path, limit, &id, d);
}

int sl_file_read_id(char **out, size_t *len, const char *path, size_t limit, sl_file_id *id,
                    sl_diag *d)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
        return SL_EINPUT;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        close(fd);
        return SL_EIO;
    }
    identify(&st, id);
    if (!S_ISREG(st.st_mode)) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "is %s, not a regular file; samlok reads its inputs "
                                             "only from files",
                    sl_file_kind((unsigned)st.st_mode));
        close(fd);
        return SL_EINPUT;
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > limit) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "the file is %llu bytes; the limit is %zu bytes",
                    (unsigned long long)st.st_size, limit);
        close(fd);
        return SL_ELIMIT;
    }
    /* one byte more than the size says, to see a file that grew */
    size_t cap = (size_t)st.st_size + 2;
    char *buf = sl_malloc(cap);
    if (!buf) {
        close(fd);
        return SL_ENOMEM;
    }
    size_t n = 0;
    int rc = 0;
    for (;;) {
        if (n + 1 == cap) {
            if (n > limit)
                break;
            /* n <= limit here, so cap < limit + 2 and the buffer grows */
            size_t ncap = SL_MIN(cap * 2, limit + 2);
            char *nb = sl_realloc(buf, ncap);
            if (!nb) {
                rc = SL_ENOMEM;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            sl_diag_add(d, SL_ERROR, path, 0, 0, "read error: %s", strerror(errno));
            rc = SL_EIO;
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    if (!rc && n > limit) {
        sl_diag_add(d, SL_ERROR, path, 0, 0, "the file is more than %zu bytes, the limit", limit);
        rc = SL_ELIMIT;
    }
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

char *sl_path_dir(const char *path, const char *if_none)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return sl_strdup(if_none);
    size_t len = slash == path ? 1 : (size_t)(slash - path);
    char *dir = sl_malloc(len + 1);
    if (dir) {
        memcpy(dir, path, len);
        dir[len] = '\0';
    }
    return dir;
}
