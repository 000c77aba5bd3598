/* SPDX-License-Identifier: MIT */
/*
 * fuzz_report.c - a plan document as `samlok report PLAN.json` reads it:
 * parsed, checked, and when it passes, rendered as HTML and as every CSV
 * table (the workbook takes the same tables). The output goes nowhere (a
 * FILE that counts and discards), and must stay within a bound of the
 * input: a number from the document that drove a loop without end, or a
 * chart without a clamped scale, shows up as a timeout or an abort.
 */
#define _GNU_SOURCE /* fopencookie */
#include "fuzz.h"

#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>

static ssize_t count_write(void *cookie, const char *buf, size_t size)
{
    (void)buf;
    *(size_t *)cookie += size;
    return (ssize_t)size;
}

/* What rendering a document of size bytes may write: the page's fixed
 * part, and a generous factor of the document (a table repeats each of
 * its rows' keys in every row). */
#define OUTPUT_BOUND(size) (((size_t)4 << 20) + 4096 * (size_t)(size))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sl_diag *d = fuzz_diag(size);
    if (!d)
        return 0;
    sl_report *r = NULL;
    int rc = sl_report_parse(&r, "fuzz/plan.json", (const char *)data, size, d);
    /* refused: no report and a located error; accepted: a report, no error */
    if ((rc == SL_EINPUT && (r || sl_diag_errors(d) == 0)) ||
        (rc == 0 && (!r || sl_diag_errors(d) != 0)))
        abort();
    fuzz_errors_have_lines(d);
    if (rc == 0) {
        size_t written = 0;
        cookie_io_functions_t io = {NULL, count_write, NULL, NULL};
        FILE *sink = fopencookie(&written, "w", io);
        sl_tables *ts = NULL;
        if (sink) {
            sl_html_write(sink, r->doc);
            if (sl_report_tables(&ts, r->doc) == 0)
                for (size_t i = 0; i < ts->n; i++)
                    sl_csv_write_table(sink, &ts->t[i]);
            sl_tables_free(ts);
            fclose(sink);
        }
        if (written > OUTPUT_BOUND(size))
            abort();
    }
    sl_report_free(r);
    sl_diag_free(d);
    return 0;
}
