/* SPDX-License-Identifier: MIT */
/*
 * fuzz_scenario.c - the scenario reader (YAML walk, --set overrides,
 * references, the loader behind it). An input whose first line starts
 * with "#set " passes the rest of that line as one --set override, so the
 * override paths are fuzzed too.
 */
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *text = (const char *)data;
    char set[256];
    const char *sets[1] = {set};
    size_t n_sets = 0;
    if (size > 5 && memcmp(text, "#set ", 5) == 0) {
        const char *nl = memchr(text, '\n', size);
        size_t len = (nl ? (size_t)(nl - text) : size) - 5;
        if (len < sizeof set && !memchr(text + 5, '\0', len)) {
            memcpy(set, text + 5, len);
            set[len] = '\0';
            n_sets = 1;
        }
    }
    fuzz_load("scenario.yaml", data, size, n_sets, sets);
    return 0;
}
