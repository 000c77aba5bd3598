/* SPDX-License-Identifier: MIT */
/* The outputs of a run (core/output.c): temporaries that cannot be
 * planted and carry the target's permissions, symbolic links followed and
 * never replaced, outputs committed together or not at all, inputs never
 * overwritten, and a failed write named. Everything happens in a fresh
 * folder under the test's working folder. */
#define _GNU_SOURCE
#include "helpers.h"

#include "core/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static char dir[256];

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/samlok-output-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Device nodes made with mknod work only as root, and only where the file
 * system allows devices; the reason is printed when not. */
static bool can_make_devices(void)
{
    if (geteuid() != 0) {
        print_message("skipped: not root, and mknod needs root\n");
        return false;
    }
    char path[600];
    snprintf(path, sizeof path, "%s/probe", dir);
    if (mknod(path, S_IFCHR | 0600, makedev(1, 3)) != 0) {
        print_message("skipped: mknod failed: %s\n", strerror(errno));
        return false;
    }
    int fd = open(path, O_WRONLY);
    unlink(path);
    if (fd < 0) {
        print_message("skipped: a device node in %s cannot be opened (%s; a nodev mount?)\n",
                      dir, strerror(errno));
        return false;
    }
    close(fd);
    return true;
}

/* A string literal as a fill's user pointer. */
#define T(s) ((void *)(uintptr_t)(s))

static char *in_dir(const char *name)
{
    static char paths[4][600];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof paths[0], "%s/%s", dir, name);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *get(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    sl_diag *d = sl_diag_new();
    int rc = sl_file_read(&text, &len, path, d);
    sl_diag_free(d);
    return rc ? NULL : text;
}

/* Names in dir other than the given ones (NULL-terminated). */
static size_t others(const char *const *known)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        bool is_known = false;
        for (size_t i = 0; known[i]; i++)
            is_known |= strcmp(e->d_name, known[i]) == 0;
        n += !is_known;
    }
    closedir(dp);
    return n;
}

static int fill_text(FILE *f, void *user)
{
    fputs(user, f);
    return 0;
}

/* What the temporary looks like while it is written: its name, mode and
 * kind, seen from inside the fill. */
typedef struct peek {
    char name[256];
    mode_t mode;
    int count;
} peek;

static int fill_peek(FILE *f, void *user)
{
    peek *p = user;
    DIR *dp = opendir(dir);
    struct dirent *e;
    while (dp && (e = readdir(dp)) != NULL) {
        if (strncmp(e->d_name, ".out.html.", 10) != 0)
            continue;
        struct stat st;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            snprintf(p->name, sizeof p->name, "%s", e->d_name);
            p->mode = st.st_mode & 0777;
            p->count++;
        }
    }
    if (dp)
        closedir(dp);
    fputs("new", f);
    return 0;
}

static void test_output__the_temporary_has_an_unpredictable_name_and_the_targets_mode(void **s)
{
    (void)s;
    const char *out = in_dir("out.html");
    put(out, "old");
    assert_int_equal(chmod(out, 0640), 0);
    peek a = {0}, b = {0};
    assert_int_equal(sl_file_write_atomic(out, fill_peek, &a, NULL), 0);
    assert_int_equal(sl_file_write_atomic(out, fill_peek, &b, NULL), 0);
    assert_int_equal(a.count, 1);
    assert_int_equal(a.mode, 0640); /* never wider than the target */
    /* not "<name>.tmp.<pid>": two runs of one process use two names */
    assert_string_not_equal(a.name, b.name);
    char pid[32];
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    assert_null(strstr(a.name, pid));
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    char *text = get(out);
    assert_string_equal(text, "new");
    sl_free(text);
    const char *const known[] = {"out.html", NULL};
    assert_int_equal(others(known), 0);
}

static void test_output__a_symbolic_link_is_followed_and_stays_a_link(void **s)
{
    (void)s;
    put(in_dir("real.json"), "old");
    assert_int_equal(symlink("real.json", in_dir("link.json")), 0);
    assert_int_equal(sl_file_write_atomic(in_dir("link.json"), fill_text, T("new"), NULL), 0);
    struct stat st;
    assert_int_equal(lstat(in_dir("link.json"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *text = get(in_dir("real.json"));
    assert_string_equal(text, "new");
    sl_free(text);
    /* a link to nothing would create a file where it points: refused */
    assert_int_equal(symlink("elsewhere.json", in_dir("dangling.json")), 0);
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_file_write_atomic(in_dir("dangling.json"), fill_text, T("x"), d), SL_EIO);
    char *msg = th_diag_text(d);
    assert_true(th_contains(msg, "dangling.json: cannot write: a symbolic link to a file that "
                                 "does not exist"));
    free(msg);
    sl_diag_free(d);
    assert_int_equal(access(in_dir("elsewhere.json"), F_OK), -1);
}

static int fill_fail(FILE *f, void *user)
{
    (void)f;
    (void)user;
    return SL_EINPUT;
}

static void test_output__the_outputs_of_a_run_are_committed_together_or_not_at_all(void **s)
{
    (void)s;
    put(in_dir("a.json"), "old a");
    sl_outputs *o;
    assert_int_equal(sl_outputs_new(&o), 0);
    const char *where;
    assert_int_equal(sl_outputs_add(o, in_dir("a.json"), fill_text, T("new a"), NULL), 0);
    assert_int_equal(sl_outputs_add(o, in_dir("b.json"), fill_text, T("new b"), NULL), 0);
    assert_int_equal(sl_outputs_dir(o, in_dir("tables"), &where, NULL), 0);
    char path[1024];
    snprintf(path, sizeof path, "%s/t.csv", where);
    assert_int_equal(sl_outputs_add(o, path, fill_text, T("t"), NULL), 0);
    /* the third fails: nothing is committed, no temporary stays */
    assert_int_equal(sl_outputs_add(o, in_dir("c.json"), fill_fail, NULL, NULL), SL_EINPUT);
    sl_outputs_discard(o);
    char *text = get(in_dir("a.json"));
    assert_string_equal(text, "old a");
    sl_free(text);
    const char *const known[] = {"a.json", NULL};
    assert_int_equal(others(known), 0);
    /* the same outputs, all written: all there at once */
    assert_int_equal(sl_outputs_add(o, in_dir("a.json"), fill_text, T("new a"), NULL), 0);
    assert_int_equal(sl_outputs_add(o, in_dir("b.json"), fill_text, T("new b"), NULL), 0);
    assert_int_equal(sl_outputs_dir(o, in_dir("tables"), &where, NULL), 0);
    snprintf(path, sizeof path, "%s/t.csv", where);
    assert_int_equal(sl_outputs_add(o, path, fill_text, T("t"), NULL), 0);
    assert_int_equal(access(in_dir("b.json"), F_OK), -1); /* not before the commit */
    assert_int_equal(access(in_dir("tables"), F_OK), -1);
    assert_int_equal(sl_outputs_commit(o, NULL), 0);
    text = get(in_dir("tables/t.csv"));
    assert_string_equal(text, "t");
    sl_free(text);
    text = get(in_dir("a.json"));
    assert_string_equal(text, "new a");
    sl_free(text);
    const char *const all[] = {"a.json", "b.json", "tables", NULL};
    assert_int_equal(others(all), 0);
    sl_outputs_free(o);
}

static void test_output__an_input_or_a_second_output_to_one_file_is_refused(void **s)
{
    (void)s;
    put(in_dir("plan.json"), "the input");
    assert_int_equal(link(in_dir("plan.json"), in_dir("hard.json")), 0);
    sl_outputs *o;
    assert_int_equal(sl_outputs_new(&o), 0);
    assert_int_equal(sl_outputs_protect(o, in_dir("plan.json")), 0);
    sl_diag *d = sl_diag_new();
    /* the same file by another name too */
    assert_int_equal(sl_outputs_add(o, in_dir("hard.json"), fill_text, T("x"), d), SL_EUSAGE);
    assert_int_equal(sl_outputs_add(o, in_dir("new.html"), fill_text, T("x"), d), 0);
    char twice[600];
    snprintf(twice, sizeof twice, "%s/./new.html", dir);
    assert_int_equal(sl_outputs_add(o, twice, fill_text, T("y"), d), SL_EUSAGE);
    char *msg = th_diag_text(d);
    assert_true(th_contains(msg, "refused: this output is an input of the run"));
    assert_true(th_contains(msg, "refused: the run writes this name twice"));
    free(msg);
    sl_diag_free(d);
    sl_outputs_free(o);
    char *text = get(in_dir("plan.json"));
    assert_string_equal(text, "the input");
    sl_free(text);
    const char *const known[] = {"plan.json", "hard.json", NULL};
    assert_int_equal(others(known), 0);
}

static void test_output__folders_sockets_and_unsafe_devices_are_refused(void **s)
{
    (void)s;
    assert_int_equal(mkdir(in_dir("taken.html"), 0777), 0);
    assert_int_equal(mkfifo(in_dir("fifo"), 0600), 0);
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_file_write_atomic(in_dir("taken.html"), fill_text, T("x"), d), SL_EIO);
    char *msg = th_diag_text(d);
    assert_true(th_contains(msg, "taken.html: cannot write: it is a folder; refused"));
    free(msg);
    sl_diag_free(d);
    /* a device by its numbers, not its name: only as root */
    if (can_make_devices()) {
        assert_int_equal(mknod(in_dir("mem"), S_IFCHR | 0600, makedev(1, 1)), 0);
        d = sl_diag_new();
        assert_int_equal(sl_file_write_atomic(in_dir("mem"), fill_text, T("x"), d), SL_EIO);
        msg = th_diag_text(d);
        assert_true(th_contains(msg, "a character device other than a terminal or a null, zero "
                                     "or full device (1:1); refused"));
        free(msg);
        sl_diag_free(d);
    }
    const char *const known[] = {"taken.html", "fifo", "mem", NULL};
    assert_int_equal(others(known), 0);
}

/* A stream that fails (a copy of /dev/full made with mknod) is a named
 * error, and the files of the run are not committed. */
static void test_output__a_full_device_fails_the_run_and_names_itself(void **s)
{
    (void)s;
    if (!can_make_devices()) {
        skip();
        return;
    }
    assert_int_equal(mknod(in_dir("full"), S_IFCHR | 0600, makedev(1, 7)), 0);
    assert_int_equal(mknod(in_dir("null"), S_IFCHR | 0600, makedev(1, 3)), 0);
    sl_outputs *o;
    assert_int_equal(sl_outputs_new(&o), 0);
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_outputs_add(o, in_dir("null"), fill_text, T("x"), d), 0);
    assert_int_equal(sl_outputs_add(o, in_dir("report.html"), fill_text, T("x"), d), 0);
    assert_int_equal(sl_outputs_add(o, in_dir("full"), fill_text, T("x"), d), 0);
    assert_int_equal(sl_outputs_commit(o, d), SL_EIO);
    char *msg = th_diag_text(d);
    assert_true(th_contains(msg, "full: write failed: No space left on device"));
    free(msg);
    sl_diag_free(d);
    sl_outputs_free(o);
    struct stat st;
    assert_int_equal(lstat(in_dir("null"), &st), 0);
    assert_true(S_ISCHR(st.st_mode)); /* written in place, never replaced */
    const char *const known[] = {"full", "null", NULL};
    assert_int_equal(others(known), 0);
}

/* The interrupted run's cleanup, as the CLI's signal thread calls it. */
static void test_output__abandon_removes_every_temporary_and_stops_the_commit(void **s)
{
    (void)s;
    sl_outputs *o;
    assert_int_equal(sl_outputs_new(&o), 0);
    const char *where;
    assert_int_equal(sl_outputs_add(o, in_dir("a.json"), fill_text, T("a"), NULL), 0);
    assert_int_equal(sl_outputs_dir(o, in_dir("csv"), &where, NULL), 0);
    char path[1024];
    snprintf(path, sizeof path, "%s/t.csv", where);
    assert_int_equal(sl_outputs_add(o, path, fill_text, T("t"), NULL), 0);
    sl_outputs_abandon(o);
    const char *const none[] = {NULL};
    assert_int_equal(others(none), 0);
    sl_diag *d = sl_diag_new();
    assert_int_equal(sl_outputs_commit(o, d), SL_EIO);
    assert_int_equal(others(none), 0);
    sl_diag_free(d);
    sl_outputs_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_output__the_temporary_has_an_unpredictable_name_and_the_targets_mode, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_output__a_symbolic_link_is_followed_and_stays_a_link,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_output__the_outputs_of_a_run_are_committed_together_or_not_at_all, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_output__an_input_or_a_second_output_to_one_file_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_output__folders_sockets_and_unsafe_devices_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output__a_full_device_fails_the_run_and_names_itself,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_output__abandon_removes_every_temporary_and_stops_the_commit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
