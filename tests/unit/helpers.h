/* SPDX-License-Identifier: MIT */
/*
 * helpers.h - what the unit tests share: cmocka, the private headers, and
 * loading a scenario from in-memory files.
 */
#ifndef SL_TEST_HELPERS_H
#define SL_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/core.h"

/* Loads a scenario whose files are given as (path, text) pairs, the
 * scenario first; returns the status, the model (or NULL) and all
 * messages joined by newlines in *messages (free with free()). */
int th_load(sl_model **out, char **messages, size_t n_sets, const char *const *sets, size_t n_files,
            ...);
/* The diagnostics as "file:line:col: text" lines, as the CLI prints them. */
char *th_diag_text(const sl_diag *d);
/* True when haystack holds needle; prints both when not, to explain a
 * failing assert. */
bool th_contains(const char *haystack, const char *needle);
/* Switches LC_NUMERIC to Swedish (decimal comma). False when that locale
 * is not available; the caller then skips. th_c_numbers() switches back. */
bool th_swedish_numbers(void);
void th_c_numbers(void);
/* Loads the scenario at path (from n_memfiles in-memory files when
 * given, else from disk) with n_sets overrides, or fails the test with
 * every message. */
sl_model *th_load_or_fail(const char *path, size_t n_memfiles, const sl_memfile *memfiles,
                          size_t n_sets, const char *const *sets);
/* Fails the test unless the two plan documents are the same bytes,
 * showing what (the case) and where they part. */
void th_assert_same_doc(const char *want, const char *got, const char *what);
/* Writes the demo's files into a fresh folder under /tmp; returns its
 * path (th_remove_demo removes the files and the folder, and frees it). */
char *th_write_demo(const sl_demo *demo);
void th_remove_demo(const sl_demo *demo, char *dir);
/* The plan document sl_write_json writes, in memory (free with free()). */
char *th_plan_json(const sl_plan *p);
/* Loads a scenario from in-memory files without overrides: th_load with
 * the common arguments filled in. */
#define TH_LOAD(out, messages, ...)                                                                \
    th_load((out), (messages), 0, NULL, TH_NARGS(__VA_ARGS__) / 2, __VA_ARGS__)
#define TH_NARGS(...)                                                                              \
    TH_NARGS_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define TH_NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, n, ...) n

#endif
