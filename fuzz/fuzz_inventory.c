/* SPDX-License-Identifier: MIT */
/*
 * fuzz_inventory.c - samlok's inventory CSV: the reader on its own, the
 * writer on what it read (which must read back the same), and the rows
 * meeting a scenario in the loader.
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
    if (!f)
        return;
    int rc = sl_inventory_write_csv(f, inv);
    fclose(f);
    if (rc) {
        free(buf);
        return;
    }
    sl_diag *d = sl_diag_new();
    sl_inventory *again = NULL;
    if (d && sl_inventory_read(&again, "again.csv", buf, len, d) == 0) {
        if (again->n_rows != inv->n_rows)
            abort();
        for (size_t i = 0; i < inv->n_rows; i++) {
            const sl_inventory_row *a = &inv->rows[i], *b = &again->rows[i];
            if (strcmp(a->id, b->id) != 0 || a->vcpu != b->vcpu || a->ram_gb != b->ram_gb ||
                a->storage_gb != b->storage_gb)
                abort();
        }
    } else if (d && sl_diag_errors(d) && !sl_diag_lost(d)) {
        /* what the writer wrote, the reader must accept */
        sl_diag_write(d, stderr);
        abort();
    }
    sl_inventory_free(again);
    sl_diag_free(d);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_diag *d = fuzz_diag(size);
    if (!d)
        return 0;
    sl_inventory *inv = NULL;
    if (sl_inventory_read(&inv, "inventory.csv", (const char *)data, size, d) == 0) {
        if (sl_diag_errors(d))
            abort(); /* success with an error message */
        check_round_trip(inv);
    }
    sl_inventory_free(inv);
    sl_diag_free(d);
    fuzz_load("inventory.csv", data, size, 0, NULL);
    return 0;
}
