/* SPDX-License-Identifier: MIT */
/*
 * fuzz_rvtools.c - the RVTools vInfo reader, and what `import rvtools`
 * does with its rows: they are written as samlok's inventory CSV, which
 * must read back with the same ids and sizes.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_ids(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Duplicate VM names were made distinct: no two rows share an id. */
static void check_unique_ids(const sl_inventory *inv)
{
    const char **ids = malloc((inv->n_rows + 1) * sizeof *ids);
    if (!ids)
        return;
    for (size_t i = 0; i < inv->n_rows; i++)
        ids[i] = inv->rows[i].id;
    qsort(ids, inv->n_rows, sizeof *ids, cmp_ids);
    for (size_t i = 1; i < inv->n_rows; i++)
        if (strcmp(ids[i - 1], ids[i]) == 0)
            abort();
    free(ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_diag *d = fuzz_diag(size);
    if (!d)
        return 0;
    sl_inventory *inv = NULL;
    if (sl_rvtools_read(&inv, "vinfo.csv", (const char *)data, size, "A", "S", d) == 0) {
        if (sl_diag_errors(d))
            abort(); /* success with an error message */
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        int wrc = f ? sl_inventory_write_csv(f, inv) : SL_ENOMEM;
        if (f && fclose(f) == 0 && wrc == 0) {
            sl_diag *d2 = sl_diag_new();
            sl_inventory *again = NULL;
            if (d2 && sl_inventory_read(&again, "out.csv", buf, len, d2) != 0 &&
                sl_diag_errors(d2)) {
                sl_diag_write(d2, stderr);
                abort();
            }
            if (again && again->n_rows != inv->n_rows)
                abort();
            for (size_t i = 0; again && i < inv->n_rows; i++) {
                const sl_inventory_row *a = &inv->rows[i], *b = &again->rows[i];
                if (strcmp(a->id, b->id) != 0 || a->vcpu != b->vcpu || a->ram_gb != b->ram_gb ||
                    a->storage_gb != b->storage_gb)
                    abort();
            }
            check_unique_ids(inv);
            sl_inventory_free(again);
            sl_diag_free(d2);
        }
        free(buf);
    }
    sl_inventory_free(inv);
    sl_diag_free(d);
    return 0;
}
