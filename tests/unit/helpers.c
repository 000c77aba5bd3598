/* SPDX-License-Identifier: MIT */
#include "helpers.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *th_diag_text(const sl_diag *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sl_diag_write(d, f);
    fclose(f);
    return buf;
}

sl_model *th_load_or_fail(const char *path, size_t n_memfiles, const sl_memfile *memfiles,
                          size_t n_sets, const char *const *sets)
{
    sl_load_options lo = SL_LOAD_OPTIONS_INIT;
    lo.n_memfiles = n_memfiles;
    lo.memfiles = memfiles;
    lo.n_sets = n_sets;
    lo.sets = sets;
    sl_diag *d = sl_diag_new();
    assert_non_null(d);
    sl_model *m = NULL;
    if (sl_model_load(&m, path, &lo, d)) {
        char *t = th_diag_text(d);
        fail_msg("%s with %s: %s", path, n_sets ? sets[n_sets - 1] : "no override", t);
    }
    sl_diag_free(d);
    return m;
}

void th_assert_same_doc(const char *want, const char *got, const char *what)
{
    if (strcmp(want, got) == 0)
        return;
    size_t i = 0;
    while (want[i] && want[i] == got[i])
        i++;
    fail_msg("%s: the plan documents differ at byte %zu: ...%.80s... against ...%.80s...", what, i,
             want + (i > 40 ? i - 40 : 0), got + (i > 40 ? i - 40 : 0));
}

char *th_write_demo(const sl_demo *demo)
{
    char *dir = strdup("/tmp/samlok-ws-XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < demo->n_files; i++) {
        const char *name = strrchr(demo->files[i].path, '/') + 1;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fwrite(demo->files[i].data, 1, demo->files[i].len, f);
        fclose(f);
    }
    return dir;
}

void th_remove_demo(const sl_demo *demo, char *dir)
{
    for (size_t i = 0; i < demo->n_files; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, strrchr(demo->files[i].path, '/') + 1);
        unlink(path);
    }
    rmdir(dir);
    free(dir);
}

char *th_plan_json(const sl_plan *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(sl_write_json(f, p, NULL), 0);
    fclose(f);
    return buf;
}

bool th_contains(const char *haystack, const char *needle)
{
    if (haystack && strstr(haystack, needle))
        return true;
    fprintf(stderr, "expected to find:\n  %s\nin:\n%s\n", needle, haystack ? haystack : "(null)");
    return false;
}

int th_load(sl_model **out, char **messages, size_t n_sets, const char *const *sets, size_t n_files,
            ...)
{
    sl_memfile files[16];
    va_list ap;
    va_start(ap, n_files);
    for (size_t i = 0; i < n_files && i < 16; i++) {
        files[i].path = va_arg(ap, const char *);
        files[i].data = va_arg(ap, const char *);
        files[i].len = strlen(files[i].data);
    }
    va_end(ap);
    sl_load_options opts = SL_LOAD_OPTIONS_INIT;
    opts.n_sets = n_sets;
    opts.sets = sets;
    opts.n_memfiles = n_files;
    opts.memfiles = files;
    sl_diag *d = sl_diag_new();
    int rc = sl_model_load(out, files[0].path, &opts, d);
    if (messages)
        *messages = th_diag_text(d);
    sl_diag_free(d);
    return rc;
}

bool th_swedish_numbers(void)
{
    static const char *const names[] = {"sv_SE.UTF-8", "sv_SE.utf8", "sv_SE"};
    for (size_t i = 0; i < SL_ARRAY_LEN(names); i++) {
        if (setlocale(LC_NUMERIC, names[i])) {
            if (localeconv()->decimal_point[0] == ',')
                return true;
            setlocale(LC_NUMERIC, "C");
        }
    }
    return false;
}

void th_c_numbers(void)
{
    setlocale(LC_NUMERIC, "C");
}
