/* SPDX-License-Identifier: MIT */
/*
 * cell_text.c - a number of the reports as people read it (the HTML
 * tables and charts), in a language's conventions (core/lang_fmt.c):
 * grouped thousands, the decimals its format asks for, shares as
 * percentages.
 */
#include "report/report.h"

#include <math.h>
#include <string.h>

/* Drops trailing zeros of the decimals (and the mark when none is left). */
static void trim_decimals(char *buf, const sl_lang *l)
{
    const char *mark = sl_trc(l, "decimal mark", ".");
    char *at = strstr(buf, mark);
    if (!at)
        return;
    size_t end = strlen(buf);
    size_t first = (size_t)(at - buf) + strlen(mark);
    while (end > first && buf[end - 1] == '0')
        end--;
    if (end == first)
        end = (size_t)(at - buf);
    buf[end] = '\0';
}

void sl_cell_number_text_l(char *buf, size_t len, const sl_lang *l, double v, sl_num_fmt fmt)
{
    switch (fmt) {
    case SL_FMT_INT:
    case SL_FMT_MONEY:
        sl_fmt_number(buf, len, l, v, 0, true);
        break;
    case SL_FMT_DEC1:
        sl_fmt_number(buf, len, l, v, 1, true);
        break;
    case SL_FMT_DEC2:
        sl_fmt_number(buf, len, l, v, 2, true);
        break;
    case SL_FMT_DEC3:
        sl_fmt_number(buf, len, l, v, 3, true);
        break;
    case SL_FMT_PLAIN:
        snprintf(buf, len, "%.0f", fabs(v) < 0.5 ? 0.0 : v);
        break;
    case SL_FMT_SHARE:
        sl_fmt_share(buf, len, l, v, 1, true);
        break;
    case SL_FMT_GENERAL:
    default:
        /* six significant digits, never an exponent in the usual range */
        if (!isfinite(v) || (v != 0 && (fabs(v) < 1e-4 || fabs(v) >= 1e15))) {
            sl_fmt_g(buf, len, l, v);
        } else if (v == floor(v)) {
            sl_fmt_number(buf, len, l, v, 0, true);
        } else {
            sl_fmt_number(buf, len, l, v,
                          (int)SL_MIN(6.0, SL_MAX(0.0, 5 - floor(log10(fabs(v))))), true);
            trim_decimals(buf, l);
        }
        break;
    }
}

void sl_cell_number_text(char *buf, size_t len, double v, sl_num_fmt fmt)
{
    sl_cell_number_text_l(buf, len, NULL, v, fmt);
}
