/* SPDX-License-Identifier: MIT */
/*
 * flows.h - the flow reader's interface to the loader.
 */
#ifndef SL_READ_FLOWS_H
#define SL_READ_FLOWS_H

#include "read/csv.h"
#include "model/model.h"

/* Endpoint names that matched nothing, across all flow files. */
typedef struct sl_flow_unmatched {
    sl_strmap names;
    sl_arena *arena;
    size_t n_rows;
    size_t n_rows_read; /* data rows of every flow file so far: SL_MAX_FLOW_ROWS */
} sl_flow_unmatched;

/* Appends the flows of one file to m; workloads and apps must be loaded. */
int sl_flows_read(sl_model *m, sl_flow_unmatched *un, const char *path, const char *data,
                  size_t len, sl_diag *d);
/* Copies the unmatched counts and a sorted sample into m. */
int sl_flows_finish_unmatched(sl_model *m, sl_flow_unmatched *un);

#endif
