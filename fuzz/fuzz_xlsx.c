/* SPDX-License-Identifier: MIT */
/*
 * fuzz_xlsx.c - the .xlsx reader (read/xlsx.c over libzip and expat),
 * through the two readers that take workbooks: the input read as an
 * RVTools export (its vInfo sheet) and as samlok's inventory (its first
 * sheet). A reader that succeeds must have said nothing wrong, and what
 * it read must write out as an inventory CSV that reads back with the
 * same rows. The seed corpus (fuzz/corpus/xlsx/) holds small workbooks:
 * openpyxl's, one with shared and inline strings mixed, dates, a vHost
 * sheet.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_round_trip(const sl_inventory *inv)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int wrc = f ? sl_inventory_write_csv(f, inv) : SL_ENOMEM;
    if (f && fclose(f) == 0 && wrc == 0) {
        sl_diag *d2 = sl_diag_new();
        sl_inventory *again = NULL;
        if (d2 && sl_inventory_read(&again, "out.csv", buf, len, d2) != 0 && sl_diag_errors(d2)) {
            sl_diag_write(d2, stderr);
            abort();
        }
        if (again && again->n_rows != inv->n_rows)
            abort();
        for (size_t i = 0; again && i < inv->n_rows; i++)
            if (strcmp(inv->rows[i].id, again->rows[i].id) != 0 ||
                inv->rows[i].vcpu != again->rows[i].vcpu ||
                inv->rows[i].ram_gb != again->rows[i].ram_gb)
                abort();
        sl_inventory_free(again);
        sl_diag_free(d2);
    }
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int as_rvtools = 0; as_rvtools < 2; as_rvtools++) {
        sl_diag *d = fuzz_diag(size);
        if (!d)
            return 0;
        sl_inventory *inv = NULL;
        int rc = as_rvtools ? sl_rvtools_read(&inv, "in.xlsx", (const char *)data, size, "A", "S", d)
                            : sl_inventory_read(&inv, "in.xlsx", (const char *)data, size, d);
        if (rc == 0) {
            if (sl_diag_errors(d))
                abort(); /* success with an error message */
            check_round_trip(inv);
        } else if (rc != SL_ENOMEM && !sl_diag_errors(d)) {
            abort(); /* a failure must say why */
        }
        sl_inventory_free(inv);
        sl_diag_free(d);
    }
    return 0;
}
