/* SPDX-License-Identifier: MIT */
/*
 * fuzz_flows.c - the flows CSV reader, resolving endpoints against the
 * fixture scenario's workloads (web1, db1) and application (shop).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    fuzz_load("flows.csv", data, size, 0, NULL);
    return 0;
}
