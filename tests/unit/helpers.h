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

#endif
