/* SPDX-License-Identifier: MIT */
/*
 * output.c - how samlok writes every file it writes: the outputs of one
 * run, each written in full before any is committed (sl_outputs in
 * samlok.h).
 *
 * What an output path may be, decided once per path by lstat:
 *   - a regular file, or a name that does not exist yet: written to a
 *     temporary file created in the same folder with O_CREAT | O_EXCL |
 *     O_NOFOLLOW under an unpredictable name (so nothing planted there can
 *     redirect the write), with the target's permission bits (a new file:
 *     0666 less the umask, as open(2) gives), flushed, fsync'ed and, at
 *     commit, renamed over the target;
 *   - a symbolic link: followed. A link to a regular file replaces that
 *     file (the link stays a link); a link to a stream is a stream; a link
 *     to nothing is refused, since following it would create a file where
 *     the link points, which is how a planted link redirects a write;
 *   - a stream, written in place and never replaced: "-" and whatever is
 *     this process's standard output (/dev/stdout, /dev/fd/1), a FIFO, a
 *     terminal, or a null, zero or full device. Other character devices
 *     (/dev/mem, /dev/watchdog, ...) and block devices are refused, as
 *     folders and sockets are: writing a report into them damages the
 *     machine. Devices are told apart by their numbers, not their names,
 *     so a copy made with mknod is what it is a copy of;
 *   - a folder of outputs (sl_outputs_dir): an existing folder takes each
 *     file as above; a new one is built as a temporary folder beside it
 *     and renamed into place at commit.
 *
 * Committing: the streams are written first (their bytes are kept in
 * memory until then when the run has more than one output), then every
 * temporary file and folder is renamed into place. A failure before the
 * renames removes every temporary and changes nothing; a rename can fail
 * only when the folder itself changes under the run, and then the outputs
 * renamed before it stay (each one whole) and the message says which
 * failed. A write, fsync or close error (ENOSPC, EIO, EPIPE) is an
 * SL_EIO with the path and the system's words; SIGPIPE is blocked in the
 * writing thread around each write, so a closed pipe is an EPIPE, not a
 * killed process.
 *
 * Interruption without global state: the set keeps its temporary names
 * under a mutex, and sl_outputs_abandon() removes them from any thread.
 * The library installs no signal handler; the program that owns the
 * process does (the CLI blocks SIGINT and SIGTERM in every thread and
 * waits for them in one thread of its own, which calls
 * sl_outputs_abandon() and then dies of the signal: cli/main.c). A
 * thread, not a handler, so that unlink runs outside signal context and
 * the set needs no async-signal-safe copy of its state.
 */
#define _GNU_SOURCE /* fopencookie */
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

typedef enum {
    OUT_REPLACE, /* temp renamed over target at commit */
    OUT_STREAM,  /* data written to target (or standard output) at commit */
    OUT_DIR,     /* staging folder renamed to target at commit */
    OUT_SCRATCH, /* a file or folder removed unless a staging folder holding it commits */
} out_kind;

typedef struct out_item {
    out_kind kind;
    char *display;    /* what messages name */
    char *target;     /* the file replaced, the stream opened, the folder made */
    char *temp;       /* OUT_REPLACE, OUT_DIR, OUT_SCRATCH: what is removed on failure */
    sl_buf data;      /* OUT_STREAM */
    bool is_stdout;   /* OUT_STREAM */
    bool is_dir;      /* OUT_SCRATCH */
    bool is_removed;  /* temp already removed (abandoned) */
    /* identity, to refuse a second output to the same place */
    bool has_ident;
    dev_t dev;
    ino_t ino;
} out_item;

typedef struct protected_file {
    dev_t dev;
    ino_t ino;
    char *path;
} protected_file;

struct sl_outputs {
    pthread_mutex_t lock;
    bool abandoned;
    out_item *items;
    size_t n_items, cap_items;
    protected_file *inputs;
    size_t n_inputs, cap_inputs;
    uint64_t name_seed;
};

/* ---- the byte sink under every FILE an output is written through ----- */

typedef struct sink {
    int fd;      /* -1: into buf */
    sl_buf *buf;
    int err;     /* the first error, an errno value */
    bool counted; /* an output file the alloc_fail build may fail */
} sink;

/* write(2) all of it; SIGPIPE held back in this thread so a closed pipe
 * returns EPIPE (and a SIGPIPE that this write raised is taken back). */
static bool write_all(int fd, const char *b, size_t n, int *err)
{
    sigset_t pipe_set, old, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE) == 1;
    bool ok = true;
    while (n > 0) {
        ssize_t k = write(fd, b, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            *err = k < 0 ? errno : EIO;
            ok = false;
            break;
        }
        b += k;
        n -= (size_t)k;
    }
    if (!ok && *err == EPIPE && !was_pending) {
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ok;
}

static ssize_t sink_write(void *cookie, const char *b, size_t n)
{
    sink *s = cookie;
    if (s->err) {
        errno = s->err;
        return 0;
    }
#ifdef SL_ALLOC_FAIL
    /* test build: the Nth write of an output file fails as a full disk */
    if (s->counted && sl_fault_hit(SL_FAULT_WRITE)) {
        s->err = errno = ENOSPC;
        return 0;
    }
#endif
    if (s->fd < 0) {
        sl_buf_append(s->buf, b, n);
        if (s->buf->failed) {
            s->err = errno = ENOMEM;
            return 0;
        }
        return (ssize_t)n;
    }
    if (!write_all(s->fd, b, n, &s->err)) {
        errno = s->err;
        return 0;
    }
    return (ssize_t)n;
}

static int sink_close(void *cookie)
{
    (void)cookie; /* the fd is closed by its owner, after fsync */
    return 0;
}

static FILE *sink_open(sink *s)
{
    cookie_io_functions_t io = {NULL, sink_write, NULL, sink_close};
    return fopencookie(s, "wb", io);
}

/* Runs fill into s and flushes; SL_EIO with a message naming display on a
 * failed write, or fill's own error. */
static int fill_sink(sink *s, const char *display, int (*fill)(FILE *f, void *user), void *user,
                     sl_diag *d)
{
    FILE *f = sink_open(s);
    if (!f)
        return SL_ENOMEM;
    int rc = fill(f, user);
    if (fflush(f) != 0 && !s->err)
        s->err = errno ? errno : EIO;
    if (fclose(f) != 0 && !s->err)
        s->err = errno ? errno : EIO;
    if (s->err == ENOMEM && s->fd < 0)
        return SL_ENOMEM;
    /* a writer that met a failed write returns SL_EIO without a message:
     * the sink says what went wrong */
    if (s->err && (!rc || rc == SL_EIO)) {
        sl_diag_add(d, SL_ERROR, display, 0, 0, "write failed: %s", strerror(s->err));
        rc = SL_EIO;
    }
    return rc;
}

/* ---- the set ---------------------------------------------------------- */

int sl_outputs_new(sl_outputs **out)
{
    *out = NULL;
    sl_outputs *o = sl_calloc(1, sizeof *o);
    if (!o)
        return SL_ENOMEM;
    if (pthread_mutex_init(&o->lock, NULL) != 0) {
        sl_free(o);
        return SL_ENOMEM;
    }
    *out = o;
    return 0;
}

static void item_free(out_item *it)
{
    sl_free(it->display);
    sl_free(it->target);
    sl_free(it->temp);
    sl_buf_free(&it->data);
}

/* Removes every temporary of the set, newest first (a folder after the
 * files in it). Called with the lock held. */
static void remove_temps(sl_outputs *o)
{
    for (size_t i = o->n_items; i-- > 0;) {
        out_item *it = &o->items[i];
        if (!it->temp || it->is_removed)
            continue;
        if (it->kind == OUT_DIR || (it->kind == OUT_SCRATCH && it->is_dir))
            rmdir(it->temp);
        else
            unlink(it->temp);
        it->is_removed = true;
    }
}

/* Forgets every pending output, removing their temporaries. Lock held. */
static void clear(sl_outputs *o)
{
    remove_temps(o);
    for (size_t i = 0; i < o->n_items; i++)
        item_free(&o->items[i]);
    o->n_items = 0;
}

void sl_outputs_discard(sl_outputs *o)
{
    if (!o)
        return;
    pthread_mutex_lock(&o->lock);
    clear(o);
    pthread_mutex_unlock(&o->lock);
}

void sl_outputs_abandon(sl_outputs *o)
{
    if (!o)
        return;
    pthread_mutex_lock(&o->lock);
    o->abandoned = true;
    remove_temps(o);
    pthread_mutex_unlock(&o->lock);
}

void sl_outputs_free(sl_outputs *o)
{
    if (!o)
        return;
    sl_outputs_discard(o);
    for (size_t i = 0; i < o->n_inputs; i++)
        sl_free(o->inputs[i].path);
    sl_free(o->inputs);
    sl_free(o->items);
    pthread_mutex_destroy(&o->lock);
    sl_free(o);
}

int sl_outputs_protect(sl_outputs *o, const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) != 0)
        return 0; /* not a file: nothing an output could overwrite */
    for (size_t i = 0; i < o->n_inputs; i++)
        if (o->inputs[i].dev == st.st_dev && o->inputs[i].ino == st.st_ino)
            return 0;
    if (SL_GROW(o->inputs, o->cap_inputs, o->n_inputs + 1))
        return SL_ENOMEM;
    char *copy = sl_strdup(path);
    if (!copy)
        return SL_ENOMEM;
    o->inputs[o->n_inputs++] = (protected_file){st.st_dev, st.st_ino, copy};
    return 0;
}

/* Appends an item (zeroed but for what is given); NULL when out of
 * memory. Lock held. */
static out_item *push(sl_outputs *o, out_kind kind, const char *display)
{
    if (SL_GROW(o->items, o->cap_items, o->n_items + 1))
        return NULL;
    out_item *it = &o->items[o->n_items];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->display = sl_strdup(display);
    if (!it->display)
        return NULL;
    o->n_items++;
    return it;
}

/* ---- names ------------------------------------------------------------ */

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Six unpredictable letters: getrandom, else time, pid and a counter
 * mixed (only a fallback: O_EXCL makes a guessed name harmless, at worst
 * a retry). */
static void random_letters(sl_outputs *o, char out[7])
{
    static const char abc[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char r[6];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        uint64_t x = (uint64_t)t.tv_nsec ^ ((uint64_t)t.tv_sec << 20) ^
                     ((uint64_t)getpid() << 40) ^ ++o->name_seed * 0x9E3779B97F4A7C15ull;
        x = sl_hash_bytes(&x, sizeof x);
        for (int i = 0; i < 6; i++, x >>= 8)
            r[i] = (unsigned char)x;
    }
    for (int i = 0; i < 6; i++)
        out[i] = abc[r[i] % (sizeof abc - 1)];
    out[6] = '\0';
}

/* "DIR/.BASE.XXXXXX.tmp" with a fresh random part; BASE is cut so the
 * name stays within NAME_MAX. */
static char *temp_name(sl_outputs *o, const char *dir, const char *base)
{
    char letters[7];
    random_letters(o, letters);
    int keep = (int)SL_MIN(strlen(base), (size_t)NAME_MAX - 16);
    size_t len = strlen(dir) + (size_t)keep + 16;
    char *name = sl_malloc(len);
    if (name)
        snprintf(name, len, "%s/.%.*s.%s.tmp", dir, keep, base, letters);
    return name;
}

/* Creates a new temporary file (mode as open(2) takes it) or folder
 * beside `target` and registers it as an item of `kind`; the lock is held
 * from creation to registration, so sl_outputs_abandon() sees it. */
static out_item *make_temp(sl_outputs *o, out_kind kind, const char *display, const char *target,
                           bool is_dir, mode_t mode, int *fd, sl_diag *d)
{
    char *dir = sl_path_dir(target, ".");
    if (!dir)
        return NULL;
    out_item *it = NULL;
    int err = 0;
    pthread_mutex_lock(&o->lock);
    for (int attempt = 0; attempt < 100 && !o->abandoned; attempt++) {
        char *name = temp_name(o, dir, base_of(target));
        if (!name) {
            err = ENOMEM;
            break;
        }
        int r = is_dir ? mkdir(name, 0777)
                       : open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (r < 0) {
            err = errno;
            sl_free(name);
            if (err == EEXIST)
                continue;
            break;
        }
        it = push(o, kind, display);
        if (!it) {
            if (is_dir) {
                rmdir(name);
            } else {
                close(r);
                unlink(name);
            }
            sl_free(name);
            err = ENOMEM;
            break;
        }
        it->temp = name;
        it->is_dir = is_dir;
        if (!is_dir)
            *fd = r;
        err = 0;
        break;
    }
    bool abandoned = o->abandoned;
    pthread_mutex_unlock(&o->lock);
    sl_free(dir);
    if (!it && err == ENOMEM)
        return NULL;
    if (!it) {
        if (abandoned)
            sl_diag_add(d, SL_ERROR, display, 0, 0, "not written: the run was interrupted");
        else
            sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: %s", strerror(err ? err : EEXIST));
    }
    return it;
}

/* The staging folder of this set that path lies in, or NULL. */
static const out_item *staging_of(const sl_outputs *o, const char *path)
{
    for (size_t i = 0; i < o->n_items; i++) {
        const out_item *it = &o->items[i];
        if (it->kind != OUT_DIR || !it->temp)
            continue;
        size_t n = strlen(it->temp);
        if (strncmp(path, it->temp, n) == 0 && path[n] == '/')
            return it;
    }
    return NULL;
}

/* What a path inside a staging folder will be called: the folder's
 * final name and the rest. */
static char *display_of(const sl_outputs *o, const char *path)
{
    const out_item *st = staging_of(o, path);
    if (!st)
        return sl_strdup(path);
    const char *rest = path + strlen(st->temp);
    size_t len = strlen(st->target) + strlen(rest) + 1;
    char *s = sl_malloc(len);
    if (s)
        snprintf(s, len, "%s%s", st->target, rest);
    return s;
}

/* ---- what a path is ----------------------------------------------------- */

/* Character devices a report may go to: /dev/null, /dev/zero and
 * /dev/full (major 1, minors 3, 5, 7), terminals: the virtual consoles
 * and serial lines (major 4), /dev/tty and /dev/console (major 5, minors 0
 * and 1), pseudo-terminals (majors 136 to 143). Linux's numbering
 * (Documentation/admin-guide/devices.txt). */
static bool is_safe_device(dev_t rdev)
{
    unsigned maj = major(rdev), min = minor(rdev);
    return (maj == 1 && (min == 3 || min == 5 || min == 7)) || maj == 4 ||
           (maj == 5 && min <= 1) || (maj >= 136 && maj <= 143);
}

static bool is_stdout(const struct stat *st)
{
    struct stat so;
    return fstat(STDOUT_FILENO, &so) == 0 && so.st_dev == st->st_dev && so.st_ino == st->st_ino;
}

bool sl_output_is_stdout(const char *path)
{
    struct stat st;
    return path && (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && is_stdout(&st)));
}

typedef enum { PATH_NEW, PATH_FILE, PATH_STREAM, PATH_STDOUT, PATH_REFUSED } path_kind;

/* Decides what path is; *target gets the file to replace (a symbolic
 * link's target) and *st its status. */
static path_kind classify(const char *path, const char *display, char **target, struct stat *st,
                          sl_diag *d)
{
    *target = NULL;
    if (strcmp(path, "-") == 0)
        return PATH_STDOUT;
    if (lstat(path, st) != 0) {
        if (errno != ENOENT) {
            sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: %s", strerror(errno));
            return PATH_REFUSED;
        }
        *target = sl_strdup(path);
        return *target ? PATH_NEW : PATH_REFUSED;
    }
    if (S_ISLNK(st->st_mode)) {
        if (stat(path, st) != 0) {
            sl_diag_add(d, SL_ERROR, display, 0, 0,
                        "cannot write: a symbolic link to a file that does not exist (%s); "
                        "name the file itself",
                        strerror(errno));
            return PATH_REFUSED;
        }
        if (S_ISREG(st->st_mode) && !is_stdout(st)) {
            *target = realpath(path, NULL); /* libc's allocation, copied below */
            char *copy = *target ? sl_strdup(*target) : NULL;
            free(*target);
            *target = copy;
            if (!copy) {
                sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: %s", strerror(errno));
                return PATH_REFUSED;
            }
            return PATH_FILE;
        }
    }
    if (is_stdout(st))
        return PATH_STDOUT;
    if (S_ISREG(st->st_mode)) {
        *target = sl_strdup(path);
        return *target ? PATH_FILE : PATH_REFUSED;
    }
    if (S_ISFIFO(st->st_mode) || (S_ISCHR(st->st_mode) && is_safe_device(st->st_rdev)))
        return PATH_STREAM;
    if (S_ISCHR(st->st_mode))
        sl_diag_add(d, SL_ERROR, display, 0, 0,
                    "cannot write: a character device other than a terminal or a null, zero or "
                    "full device (%u:%u); refused",
                    major(st->st_rdev), minor(st->st_rdev));
    else
        sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: it is %s; refused",
                    sl_file_kind((unsigned)st->st_mode));
    return PATH_REFUSED;
}

/* Refuses an output that is an input of the run or another output of it. */
static bool is_taken(sl_outputs *o, const char *display, bool exists, const struct stat *st,
                     const char *canon, sl_diag *d)
{
    for (size_t i = 0; exists && i < o->n_inputs; i++) {
        if (o->inputs[i].dev == st->st_dev && o->inputs[i].ino == st->st_ino) {
            sl_diag_add(d, SL_ERROR, display, 0, 0,
                        "refused: this output is an input of the run (%s); write it elsewhere",
                        o->inputs[i].path);
            return true;
        }
    }
    for (size_t i = 0; i < o->n_items; i++) {
        const out_item *it = &o->items[i];
        bool same = it->has_ident && exists ? it->dev == st->st_dev && it->ino == st->st_ino
                                            : canon && it->target && it->kind == OUT_REPLACE &&
                                                  strcmp(it->target, canon) == 0;
        if (same) {
            sl_diag_add(d, SL_ERROR, display, 0, 0,
                        "refused: the run writes %s twice (also as %s)",
                        exists ? "this file" : "this name", it->display);
            return true;
        }
    }
    return false;
}

/* The name a new file will have, with its folder resolved, so that two
 * spellings of one new name are seen to be one. */
static char *canonical_new(const char *path)
{
    char *dir = sl_path_dir(path, ".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    sl_free(dir);
    if (!real)
        return sl_strdup(path);
    size_t len = strlen(real) + strlen(base_of(path)) + 2;
    char *s = sl_malloc(len);
    if (s)
        snprintf(s, len, "%s/%s", real, base_of(path));
    free(real); /* libc's */
    return s;
}

/* ---- adding outputs ------------------------------------------------------- */

/* Renders fill into the file fd, syncs and closes it; SL_EIO with a
 * message naming display when any of that fails. */
static int fill_file(int fd, const char *display, int (*fill)(FILE *f, void *user), void *user,
                     sl_diag *d)
{
    sink s = {fd, NULL, 0, true};
    int rc = fill_sink(&s, display, fill, user, d);
    if (!rc && fsync(fd) != 0 && errno != EINVAL) {
        sl_diag_add(d, SL_ERROR, display, 0, 0, "write failed: %s", strerror(errno));
        rc = SL_EIO;
    }
    if (close(fd) != 0 && !rc) {
        sl_diag_add(d, SL_ERROR, display, 0, 0, "write failed: %s", strerror(errno));
        rc = SL_EIO;
    }
    return rc;
}

/* A file inside a staging folder: written directly (the folder is the
 * temporary), removed unless the folder commits. */
static int add_staged(sl_outputs *o, const char *path, const char *display,
                      int (*fill)(FILE *f, void *user), void *user, sl_diag *d)
{
    int fd = -1;
    pthread_mutex_lock(&o->lock);
    bool abandoned = o->abandoned;
    out_item *it = NULL;
    int err = 0;
    if (!abandoned) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        err = errno;
        if (fd >= 0) {
            it = push(o, OUT_SCRATCH, display);
            char *temp = it ? sl_strdup(path) : NULL;
            if (!temp) {
                if (it)
                    item_free(&o->items[--o->n_items]);
                it = NULL;
                unlink(path);
                close(fd);
                pthread_mutex_unlock(&o->lock);
                return SL_ENOMEM;
            }
            it->temp = temp;
        }
    }
    pthread_mutex_unlock(&o->lock);
    if (fd < 0) {
        if (abandoned)
            sl_diag_add(d, SL_ERROR, display, 0, 0, "not written: the run was interrupted");
        else
            sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: %s", strerror(err));
        return SL_EIO;
    }
    return fill_file(fd, display, fill, user, d);
}

static int add_file(sl_outputs *o, const char *display, char *target, bool exists,
                    const struct stat *st, int (*fill)(FILE *f, void *user), void *user,
                    sl_diag *d)
{
    int fd = -1;
    out_item *it = make_temp(o, OUT_REPLACE, display, target, false, exists ? 0600 : 0666, &fd, d);
    if (!it) {
        sl_free(target);
        return sl_diag_errors(d) ? SL_EIO : SL_ENOMEM;
    }
    it->target = target;
    if (exists) {
        it->has_ident = true;
        it->dev = st->st_dev;
        it->ino = st->st_ino;
        /* the target's permission bits, never wider: when the owner
         * cannot be kept, the group and others lose theirs */
        mode_t mode = st->st_mode & 0777;
        if ((st->st_uid != geteuid() || st->st_gid != getegid()) &&
            fchown(fd, st->st_uid, st->st_gid) != 0)
            mode &= 0700;
        if (fchmod(fd, mode) != 0) {
            sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: %s", strerror(errno));
            close(fd);
            return SL_EIO;
        }
    }
    return fill_file(fd, display, fill, user, d);
}

/* Opens a stream output for writing in place; -1 after a message. */
static int open_stream(const char *target, const char *display, sl_diag *d)
{
    int fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 ||
        !(S_ISFIFO(st.st_mode) || (S_ISCHR(st.st_mode) && is_safe_device(st.st_rdev)))) {
        sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: it changed while samlok ran");
        close(fd);
        return -1;
    }
    return fd;
}

/* Writes a stream now: fill straight into it. */
static int stream_now(const char *target, bool to_stdout, const char *display,
                      int (*fill)(FILE *f, void *user), void *user, sl_diag *d)
{
    int fd = STDOUT_FILENO;
    if (to_stdout)
        fflush(stdout); /* what the program printed before comes first */
    else if ((fd = open_stream(target, display, d)) < 0)
        return SL_EIO;
    sink s = {fd, NULL, 0, true};
    int rc = fill_sink(&s, display, fill, user, d);
    if (!to_stdout && close(fd) != 0 && !rc) {
        sl_diag_add(d, SL_ERROR, display, 0, 0, "write failed: %s", strerror(errno));
        rc = SL_EIO;
    }
    return rc;
}

static int add(sl_outputs *o, const char *path, bool now, int (*fill)(FILE *f, void *user),
               void *user, sl_diag *d)
{
    char *display = display_of(o, path);
    if (!display)
        return SL_ENOMEM;
    int rc = 0;
    if (staging_of(o, path)) {
        rc = add_staged(o, path, display, fill, user, d);
        sl_free(display);
        return rc;
    }
    const char *name = strcmp(path, "-") == 0 ? "standard output" : display;
    char *target = NULL;
    struct stat st;
    path_kind kind = classify(path, name, &target, &st, d);
    char *canon = kind == PATH_NEW ? canonical_new(target) : NULL;
    if (kind == PATH_NEW && !canon)
        rc = SL_ENOMEM;
    else if (kind == PATH_REFUSED)
        rc = target ? SL_EIO : (sl_diag_errors(d) ? SL_EIO : SL_ENOMEM);
    if (!rc && (kind == PATH_NEW || kind == PATH_FILE)) {
        if (is_taken(o, name, kind == PATH_FILE, &st, canon, d)) {
            rc = SL_EUSAGE;
        } else if (kind == PATH_NEW) {
            sl_free(target);
            target = canon;
            canon = NULL;
        }
    }
    if (!rc && kind == PATH_STDOUT) {
        for (size_t i = 0; i < o->n_items; i++) {
            if (o->items[i].kind == OUT_STREAM && o->items[i].is_stdout) {
                sl_diag_add(d, SL_ERROR, name, 0, 0,
                            "refused: two outputs of the run go to standard output");
                rc = SL_EUSAGE;
            }
        }
    }
    sl_free(canon);
    if (rc) {
        sl_free(target);
        sl_free(display);
        return rc;
    }
    if (kind == PATH_NEW || kind == PATH_FILE) {
        rc = add_file(o, name, target, kind == PATH_FILE, &st, fill, user, d);
    } else if (now) {
        rc = stream_now(path, kind == PATH_STDOUT, name, fill, user, d);
    } else {
        pthread_mutex_lock(&o->lock);
        out_item *it = push(o, OUT_STREAM, name);
        char *t = it ? sl_strdup(path) : NULL;
        if (it && !t)
            item_free(&o->items[--o->n_items]);
        pthread_mutex_unlock(&o->lock);
        if (!t) {
            rc = SL_ENOMEM;
        } else {
            it->target = t;
            it->is_stdout = kind == PATH_STDOUT;
            sink s = {-1, &it->data, 0, false};
            rc = fill_sink(&s, name, fill, user, d);
        }
    }
    sl_free(display);
    return rc;
}

int sl_outputs_add(sl_outputs *o, const char *path, int (*fill)(FILE *f, void *user), void *user,
                   sl_diag *d)
{
    return add(o, path, false, fill, user, d);
}

int sl_outputs_dir(sl_outputs *o, const char *dir, const char **where, sl_diag *d)
{
    *where = NULL;
    char *display = display_of(o, dir);
    if (!display)
        return SL_ENOMEM;
    struct stat st;
    int rc = 0;
    if (staging_of(o, dir)) {
        /* inside a folder that is itself new: made directly */
        pthread_mutex_lock(&o->lock);
        int r = o->abandoned ? -1 : mkdir(dir, 0777);
        int err = o->abandoned ? EINTR : errno;
        out_item *it = r == 0 ? push(o, OUT_SCRATCH, display) : NULL;
        if (it && !(it->temp = sl_strdup(dir)))
            item_free(&o->items[--o->n_items]), it = NULL;
        pthread_mutex_unlock(&o->lock);
        if (r != 0)
            sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot create folder: %s", strerror(err));
        rc = r != 0 ? SL_EIO : !it ? SL_ENOMEM : 0;
        if (it) {
            it->is_dir = true;
            *where = it->temp;
        }
    } else if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: it is %s, not a folder",
                        sl_file_kind((unsigned)st.st_mode));
            rc = SL_EIO;
        } else {
            /* an existing folder: its files are replaced one by one */
            pthread_mutex_lock(&o->lock);
            out_item *it = push(o, OUT_SCRATCH, display);
            if (it && !(it->target = sl_strdup(dir)))
                item_free(&o->items[--o->n_items]), it = NULL;
            pthread_mutex_unlock(&o->lock);
            rc = it ? 0 : SL_ENOMEM;
            if (it)
                *where = it->target;
        }
    } else if (errno != ENOENT) {
        sl_diag_add(d, SL_ERROR, display, 0, 0, "cannot write: %s", strerror(errno));
        rc = SL_EIO;
    } else {
        int fd = -1;
        out_item *it = make_temp(o, OUT_DIR, display, dir, true, 0, &fd, d);
        char *target = it ? sl_strdup(dir) : NULL;
        if (!target)
            rc = it || !sl_diag_errors(d) ? SL_ENOMEM : SL_EIO;
        else {
            it->target = target;
            *where = it->temp;
        }
    }
    sl_free(display);
    return rc;
}

/* ---- committing ------------------------------------------------------------ */

static int write_stream(out_item *it, sl_diag *d)
{
    int fd = STDOUT_FILENO;
    if (it->is_stdout)
        fflush(stdout);
    else if ((fd = open_stream(it->target, it->display, d)) < 0)
        return SL_EIO;
    int err = 0;
    bool ok = write_all(fd, it->data.data ? it->data.data : "", it->data.len, &err);
    if (!it->is_stdout && close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        sl_diag_add(d, SL_ERROR, it->display, 0, 0, "write failed: %s", strerror(err));
        return SL_EIO;
    }
    return 0;
}

int sl_outputs_commit(sl_outputs *o, sl_diag *d)
{
    int rc = 0;
    /* streams without the lock: opening a FIFO waits for its reader, and
     * an interruption meanwhile must still be able to clean up */
    for (size_t i = 0; !rc && i < o->n_items; i++)
        if (o->items[i].kind == OUT_STREAM)
            rc = write_stream(&o->items[i], d);
    pthread_mutex_lock(&o->lock);
    if (!rc && o->abandoned) {
        sl_diag_add(d, SL_ERROR, NULL, 0, 0, "not written: the run was interrupted");
        rc = SL_EIO;
    }
    for (size_t i = 0; !rc && i < o->n_items; i++) {
        out_item *it = &o->items[i];
        if (it->kind != OUT_REPLACE && it->kind != OUT_DIR)
            continue;
        if (rename(it->temp, it->target) != 0) {
            sl_diag_add(d, SL_ERROR, it->display, 0, 0, "cannot replace: %s", strerror(errno));
            rc = SL_EIO;
            break;
        }
        it->is_removed = true; /* the temporary is the output now */
        if (it->kind == OUT_DIR) /* and so is everything in it */
            for (size_t k = 0; k < o->n_items; k++)
                if (o->items[k].kind == OUT_SCRATCH && o->items[k].temp &&
                    strncmp(o->items[k].temp, it->temp, strlen(it->temp)) == 0 &&
                    o->items[k].temp[strlen(it->temp)] == '/')
                    o->items[k].is_removed = true;
    }
    clear(o);
    pthread_mutex_unlock(&o->lock);
    return rc;
}

int sl_outputs_write_now(sl_outputs *o, const char *path, int (*fill)(FILE *f, void *user),
                         void *user, sl_diag *d)
{
    int rc = add(o, path, true, fill, user, d);
    if (rc) {
        sl_outputs_discard(o);
        return rc;
    }
    return sl_outputs_commit(o, d);
}

int sl_file_write_atomic(const char *path, int (*fill)(FILE *f, void *user), void *user,
                         sl_diag *d)
{
    sl_outputs *o;
    int rc = sl_outputs_new(&o);
    if (rc)
        return rc;
    rc = sl_outputs_write_now(o, path, fill, user, d);
    sl_outputs_free(o);
    return rc;
}

/* ---- scratch files ------------------------------------------------------------ */

int sl_outputs_scratch(sl_outputs *o, const char *name, const char **path, sl_diag *d)
{
    *path = NULL;
    const char *tmp = getenv("TMPDIR");
    if (!tmp || tmp[0] != '/')
        tmp = "/tmp";
    size_t dlen = strlen(tmp) + 16, flen = dlen + strlen(name) + 1;
    char *dir = sl_malloc(dlen), *file = sl_malloc(flen);
    if (!dir || !file) {
        sl_free(dir);
        sl_free(file);
        return SL_ENOMEM;
    }
    snprintf(dir, dlen, "%s/samlok-XXXXXX", tmp);
    pthread_mutex_lock(&o->lock);
    char *made = o->abandoned ? NULL : mkdtemp(dir);
    int err = o->abandoned ? EINTR : errno;
    out_item *di = made ? push(o, OUT_SCRATCH, made) : NULL;
    out_item *fi = NULL;
    if (di) {
        di->temp = dir;
        di->is_dir = true;
        dir = NULL;
        snprintf(file, flen, "%s/%s", di->temp, name);
        fi = push(o, OUT_SCRATCH, file);
    } else if (made) {
        rmdir(made);
    }
    if (fi) {
        fi->temp = file;
        file = NULL;
        *path = fi->temp;
    }
    pthread_mutex_unlock(&o->lock);
    sl_free(dir);
    sl_free(file);
    if (!made) {
        sl_diag_add(d, SL_ERROR, tmp, 0, 0, "cannot create a temporary folder: %s",
                    strerror(err));
        return SL_EIO;
    }
    return *path ? 0 : SL_ENOMEM;
}

void sl_outputs_scratch_done(sl_outputs *o, const char *path)
{
    pthread_mutex_lock(&o->lock);
    for (size_t i = 0; i + 1 < o->n_items; i++) {
        if (o->items[i + 1].temp != path)
            continue;
        /* the file, then its folder */
        for (size_t k = i + 2; k-- > i;) {
            out_item *it = &o->items[k];
            if (!it->is_removed && it->is_dir)
                rmdir(it->temp);
            else if (!it->is_removed)
                unlink(it->temp);
            item_free(it);
        }
        memmove(&o->items[i], &o->items[i + 2], (o->n_items - i - 2) * sizeof *o->items);
        o->n_items -= 2;
        break;
    }
    pthread_mutex_unlock(&o->lock);
}
