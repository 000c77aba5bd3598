/* SPDX-License-Identifier: MIT */
/*
 * sweep.h - a sweep's table (sweep.c) as its writers (report/sweep.c)
 * see it: the JSON document itself, which is also what shards are merged
 * from, so a merged table and an unsharded one are written by the same
 * code from equal documents.
 */
#ifndef SL_SWEEP_H
#define SL_SWEEP_H

#include "core/core.h"

#include <jansson.h>

struct sl_sweep {
    json_t *root;
};

#endif
