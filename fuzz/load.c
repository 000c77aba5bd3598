/* SPDX-License-Identifier: MIT */
/*
 * load.c - fuzz_load: the fixture scenario with one file swapped for the
 * fuzzer's input, loaded from memory.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

void fuzz_fixture(sl_memfile files[3], const char *scenario, size_t len)
{
    static const char inventory[] = FUZZ_INVENTORY;
    static const char flows[] = FUZZ_FLOWS;
    files[0] = (sl_memfile){"fuzz/scenario.yaml", scenario, len};
    files[1] = (sl_memfile){"fuzz/inventory.csv", inventory, sizeof inventory - 1};
    files[2] = (sl_memfile){"fuzz/flows.csv", flows, sizeof flows - 1};
}

int fuzz_load(const char *which, const uint8_t *data, size_t size, size_t n_sets,
              const char *const *sets)
{
    static const char scenario[] = FUZZ_SCENARIO;
    sl_memfile files[3];
    fuzz_fixture(files, scenario, sizeof scenario - 1);
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(files[i].path + strlen("fuzz/"), which) == 0) {
            files[i].data = (const char *)data;
            files[i].len = size;
        }
    }
    sl_load_options opts = SL_LOAD_OPTIONS_INIT;
    opts.n_memfiles = 3;
    opts.memfiles = files;
    opts.n_sets = n_sets;
    opts.sets = sets;
    sl_diag *d = sl_diag_new();
    if (!d)
        return SL_ENOMEM;
    sl_model *m = NULL;
    int rc = sl_model_load(&m, files[0].path, &opts, d);
    /* a failed load returns no model and at least one error; a good one
     * a model and no error */
    if (rc == SL_EINPUT && (m || sl_diag_errors(d) == 0))
        abort();
    if (rc == 0 && (!m || sl_diag_errors(d) != 0))
        abort();
    /* every error in one of these text files says on which line (a
     * workbook or another binary container has no lines: its errors name
     * the file, or the sheet and row) */
    for (size_t i = 0; i < sl_diag_count(d); i++) {
        const sl_diag_msg *msg = sl_diag_at(d, i);
        for (size_t k = 0; msg->severity == SL_ERROR && msg->file && k < 3; k++)
            if (strcmp(msg->file, files[k].path) == 0 && msg->line < 1 &&
                !fuzz_is_container(files[k].data, files[k].len))
                abort();
    }
    sl_model_free(m);
    sl_diag_free(d);
    return rc;
}

sl_diag *fuzz_diag(size_t size)
{
    return size > FUZZ_MAX_INPUT ? NULL : sl_diag_new();
}

bool fuzz_is_container(const char *data, size_t len)
{
    return (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) ||
           (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0);
}

void fuzz_errors_have_lines(const sl_diag *d)
{
    for (size_t i = 0; i < sl_diag_count(d); i++) {
        const sl_diag_msg *msg = sl_diag_at(d, i);
        if (msg->severity == SL_ERROR && msg->line < 1)
            abort();
    }
}
