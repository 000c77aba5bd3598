/* SPDX-License-Identifier: MIT */
/*
 * inventory.h - helpers shared by the inventory readers (own CSV and
 * RVTools): row storage and cell parsing with located errors.
 */
#ifndef SL_READ_INVENTORY_H
#define SL_READ_INVENTORY_H

#include "read/csv.h"

int sl_inventory_new(sl_inventory **out, const char *file);
/* Appends a zeroed row (p95 unknown); NULL when out of memory. */
sl_inventory_row *sl_inventory_append(sl_inventory *inv, size_t *cap);
/* The trimmed cell as an arena string; NULL when out of memory. */
const char *sl_inventory_text(sl_inventory *inv, const sl_csv_field *f);
/* Parses a number cell within lo..hi; an empty optional cell leaves *out.
 * Returns false after reporting an error. */
bool sl_inventory_number(sl_diag *d, const char *file, long line, const char *col,
                         const sl_csv_field *f, bool allow_comma, double lo, double hi,
                         bool required, double *out);

/* Reads a power_state cell: on, off, suspended, or vSphere's poweredOn,
 * poweredOff (any case); empty is on. False for anything else. */
bool sl_inventory_power_state(const sl_csv_field *f, sl_power_state *out);

#endif
