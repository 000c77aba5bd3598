/* SPDX-License-Identifier: MIT */
/*
 * parse_num.c - text to numbers, the same in every locale.
 *
 * strtod reads the decimal separator from LC_NUMERIC, so a Swedish locale
 * would make "1.5" parse as 1. We validate the syntax ourselves and convert
 * with Clinger's fast path (W. D. Clinger, "How to read floating point
 * numbers accurately", PLDI 1990): when the decimal mantissa fits in 53 bits
 * and the power of ten is at most 22, m * 10^e or m / 10^e is one correctly
 * rounded IEEE operation. Other inputs (rare: long mantissas, big
 * exponents) go to strtod_l with a "C" locale object, which is exact.
 *
 * The other direction, numbers into text, is printf's; sl_c_numbers_begin
 * makes it use the C locale for the calling thread (uselocale).
 */
#define _GNU_SOURCE
#include "core.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

const char *sl_num_status_text(sl_num_status st)
{
    switch (st) {
    case SL_NUM_OK:
        return N_("ok");
    case SL_NUM_EMPTY:
        return N_("a number is required here");
    case SL_NUM_SYNTAX:
        return N_("not a number");
    case SL_NUM_RANGE:
        return N_("number out of range");
    case SL_NUM_NOT_FINITE:
        return N_("number must be finite");
    case SL_NUM_AMBIGUOUS:
        return N_("a separator that may group thousands or mark decimals");
    case SL_NUM_FRACTION:
        return N_("not a whole number");
    }
    return N_("not a number");
}

static sl_num_status parse_slow(double *out, const char *s, size_t len, size_t comma_at)
{
    char tmp[128];
    if (len >= sizeof tmp)
        return SL_NUM_RANGE;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    if (comma_at != SIZE_MAX)
        tmp[comma_at] = '.';
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c == (locale_t)0)
        return SL_NUM_RANGE;
    errno = 0;
    char *end = NULL;
    double v = strtod_l(tmp, &end, c);
    int err = errno;
    freelocale(c);
    if (end != tmp + len)
        return SL_NUM_SYNTAX;
    if (err == ERANGE && (isinf(v) || v == 0.0)) {
        /* underflow to zero is harmless for our quantities; overflow is not */
        if (isinf(v))
            return SL_NUM_RANGE;
    }
    if (!isfinite(v))
        return SL_NUM_RANGE;
    *out = v;
    return SL_NUM_OK;
}

sl_num_status sl_parse_double_ex(double *out, const char *s, size_t len, bool allow_comma)
{
    sl_trim(&s, &len);
    if (len == 0)
        return SL_NUM_EMPTY;
    size_t i = 0;
    bool negative = false;
    if (s[i] == '+' || s[i] == '-') {
        negative = s[i] == '-';
        i++;
    }
    if (i < len && (s[i] == 'i' || s[i] == 'I' || s[i] == 'n' || s[i] == 'N')) {
        /* inf, nan, .inf, .nan: say what is wrong rather than "syntax" */
        if (len - i >= 3 && (strncasecmp(s + i, "inf", 3) == 0 || strncasecmp(s + i, "nan", 3) == 0))
            return SL_NUM_NOT_FINITE;
        return SL_NUM_SYNTAX;
    }
    if (i < len && s[i] == '.' && len - i >= 4 &&
        (strncasecmp(s + i, ".inf", 4) == 0 || strncasecmp(s + i, ".nan", 4) == 0))
        return SL_NUM_NOT_FINITE;

    uint64_t mantissa = 0;
    int digits = 0;  /* significant digits taken into mantissa */
    int dropped = 0; /* integer digits beyond what the mantissa holds */
    int frac = 0;    /* fraction digits taken */
    bool any = false, exact = true;
    size_t comma_at = SIZE_MAX;
    for (; i < len && is_digit(s[i]); i++) {
        any = true;
        if (digits < 19) {
            mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
            if (mantissa)
                digits++;
        } else {
            dropped++;
            exact = false;
        }
    }
    if (i < len && (s[i] == '.' || (allow_comma && s[i] == ','))) {
        if (s[i] == ',')
            comma_at = i;
        i++;
        for (; i < len && is_digit(s[i]); i++) {
            any = true;
            if (digits < 19) {
                mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
                if (mantissa)
                    digits++;
                frac++;
            } else if (s[i] != '0') {
                exact = false;
            }
        }
    }
    if (!any)
        return SL_NUM_SYNTAX;
    long exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= len || !is_digit(s[i]))
            return SL_NUM_SYNTAX;
        for (; i < len && is_digit(s[i]); i++) {
            if (exp10 < 100000)
                exp10 = exp10 * 10 + (s[i] - '0');
        }
        if (eneg)
            exp10 = -exp10;
    }
    if (i != len)
        return SL_NUM_SYNTAX;

    long e = exp10 + dropped - frac;
    if (exact && mantissa <= (1ull << 53) && e >= -22 && e <= 22) {
        double v = (double)mantissa;
        v = e >= 0 ? v * pow10_exact[e] : v / pow10_exact[-e];
        *out = negative ? -v : v;
        return SL_NUM_OK;
    }
    if (mantissa == 0) {
        *out = negative ? -0.0 : 0.0;
        return SL_NUM_OK;
    }
    return parse_slow(out, s, len, comma_at);
}

sl_num_status sl_parse_double(double *out, const char *s, size_t len)
{
    return sl_parse_double_ex(out, s, len, false);
}

sl_num_status sl_parse_int64(int64_t *out, const char *s, size_t len)
{
    sl_trim(&s, &len);
    if (len == 0)
        return SL_NUM_EMPTY;
    size_t i = 0;
    bool negative = false;
    if (s[i] == '+' || s[i] == '-') {
        negative = s[i] == '-';
        i++;
    }
    if (i == len)
        return SL_NUM_SYNTAX;
    uint64_t v = 0;
    for (; i < len; i++) {
        if (!is_digit(s[i]))
            return SL_NUM_SYNTAX;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return SL_NUM_RANGE;
        v = v * 10 + d;
    }
    if (negative) {
        if (v > (uint64_t)INT64_MAX + 1)
            return SL_NUM_RANGE;
        *out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
    } else {
        if (v > INT64_MAX)
            return SL_NUM_RANGE;
        *out = (int64_t)v;
    }
    return SL_NUM_OK;
}

/* ---- grouped numbers (spreadsheet exports) ------------------------------
 *
 * The text is split at its separators: spaces (ASCII, U+00A0, U+202F),
 * '.' and ','. Spaces only ever group. Of '.' and ',':
 *   - both present: the one that comes last, once, is the decimal mark
 *     and the other groups ("1.234,5" and "1,234.5" are 1234.5);
 *   - one of them twice or more: it groups ("1.234.567");
 *   - one of them once: it groups only if it can (1 to 3 digits before,
 *     not starting with 0, exactly 3 after) and cannot be the decimal mark
 *     (',' in a file whose mark is '.'); it is the decimal mark if it
 *     cannot group; if it can be both ("8.192"), the file decides where
 *     only one is possible ('.' in a comma-separated file is its decimal
 *     mark); in a file that may write decimal commas, a '.' groups when a
 *     whole number is wanted and the decimal reading is not whole (8.192
 *     MiB of memory is 8192, as German Excel writes it), and otherwise the
 *     cell is ambiguous and refused ("2,500" vCPUs: 2.5 or 2500?).
 * Grouping must be regular: 1 to 3 digits, then groups of exactly 3, all
 * before the decimal mark. A sign may lead; an exponent turns grouping
 * off (the text is then a plain number). */

#define GROUPED_MAX 64 /* digits, separators and a sign; longer is no spreadsheet number */

/* Appends the digits of t[a..b) to buf; false when they are not all
 * digits. */
static bool append_digits(char *buf, size_t *n, const char *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        if (!is_digit(t[i]) || *n + 2 >= GROUPED_MAX)
            return false;
        buf[(*n)++] = t[i];
    }
    return true;
}

sl_num_status sl_parse_grouped(double *out, const char *s, size_t len, bool decimal_comma,
                               bool whole)
{
    sl_trim(&s, &len);
    if (len == 0)
        return SL_NUM_EMPTY;
    /* every kind of space becomes ' ' */
    char t[GROUPED_MAX];
    size_t n = 0;
    bool spaces = false, exponent = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xa0) {
            c = ' ';
            i += 1;
        } else if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0xaf) {
            c = ' ';
            i += 2;
        }
        if (n + 1 >= GROUPED_MAX)
            return SL_NUM_SYNTAX;
        spaces |= c == ' ';
        exponent |= c == 'e' || c == 'E';
        t[n++] = (char)c;
    }
    while (n && t[n - 1] == ' ')
        n--;
    t[n] = '\0';
    sl_num_status st;
    if (exponent && !spaces) {
        /* "1e3", "2,5e2": a plain number, nothing groups */
        st = sl_parse_double_ex(out, t, n, decimal_comma);
        return st == SL_NUM_OK && whole && *out != floor(*out) ? SL_NUM_FRACTION : st;
    }
    size_t p0 = n && (t[0] == '+' || t[0] == '-') ? 1 : 0;
    const char *d = t + p0;
    size_t dn = n - p0;
    size_t dots = 0, commas = 0, last_dot = 0, last_comma = 0;
    for (size_t i = 0; i < dn; i++) {
        if (d[i] == '.') {
            dots++;
            last_dot = i;
        } else if (d[i] == ',') {
            commas++;
            last_comma = i;
        }
    }
    /* which of '.' and ',' is the decimal mark, which groups */
    char mark = 0, group = 0;
    if (dots && commas) {
        mark = last_dot > last_comma ? '.' : ',';
        group = mark == '.' ? ',' : '.';
        if ((mark == '.' ? dots : commas) != 1 || (mark == ',' && !decimal_comma))
            return SL_NUM_SYNTAX;
    } else if (dots > 1 || commas > 1) {
        group = dots ? '.' : ',';
    } else if (dots || commas) {
        char sep = dots ? '.' : ',';
        size_t at = dots ? last_dot : last_comma;
        bool can_group = !spaces && at >= 1 && at <= 3 && dn - at - 1 == 3 && d[0] != '0';
        bool can_mark = sep == '.' || decimal_comma;
        if (can_group && can_mark) {
            if (!decimal_comma)
                mark = sep; /* a file whose mark is '.' */
            else if (whole && sep == '.' && memcmp(d + at + 1, "000", 3) != 0)
                group = sep; /* 8.192 MiB of memory is 8192: 8.192 is no whole number */
            else
                return SL_NUM_AMBIGUOUS;
        } else if (can_group) {
            group = sep;
        } else if (can_mark) {
            mark = sep;
        } else {
            return SL_NUM_SYNTAX;
        }
    }
    /* the integer part in runs between its separators, then the fraction */
    size_t int_end = dn;
    for (size_t i = 0; mark && i < dn; i++)
        if (d[i] == mark) {
            int_end = i;
            break;
        }
    char plain[GROUPED_MAX];
    size_t pn = 0, runs = 0, start = 0;
    bool regular = true;
    if (p0)
        plain[pn++] = t[0];
    for (size_t i = 0; i <= int_end; i++) {
        if (i < int_end && d[i] != ' ' && !(group && d[i] == group))
            continue;
        size_t run = i - start;
        regular = regular && (runs == 0 ? run >= 1 && run <= 3 : run == 3);
        if (!append_digits(plain, &pn, d, start, i))
            return SL_NUM_SYNTAX;
        runs++;
        start = i + 1;
    }
    if (pn == p0 || (runs > 1 && (!regular || d[0] == '0')))
        return SL_NUM_SYNTAX;
    if (mark) {
        plain[pn++] = '.';
        if (int_end + 1 >= dn || !append_digits(plain, &pn, d, int_end + 1, dn))
            return SL_NUM_SYNTAX;
    }
    st = sl_parse_double(out, plain, pn);
    return st == SL_NUM_OK && whole && *out != floor(*out) ? SL_NUM_FRACTION : st;
}

sl_num_status sl_parse_uint64(uint64_t *out, const char *s, size_t len)
{
    sl_trim(&s, &len);
    if (len == 0)
        return SL_NUM_EMPTY;
    size_t i = s[0] == '+' ? 1 : 0;
    if (i == len)
        return SL_NUM_SYNTAX;
    uint64_t v = 0;
    for (; i < len; i++) {
        if (!is_digit(s[i]))
            return SL_NUM_SYNTAX;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return SL_NUM_RANGE;
        v = v * 10 + d;
    }
    *out = v;
    return SL_NUM_OK;
}

void sl_c_numbers_begin(sl_c_numbers *s)
{
    s->old = s->c = NULL;
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c == (locale_t)0)
        return; /* out of memory: format as the process does */
    s->c = c;
    s->old = uselocale(c);
}

void sl_c_numbers_end(sl_c_numbers *s)
{
    if (!s->c)
        return;
    uselocale((locale_t)s->old);
    freelocale((locale_t)s->c);
    s->c = NULL;
}

sl_num_status sl_parse_index(uint64_t *out, const char *s, uint64_t max)
{
    /* digits only, NUL-terminated: indices inside generated files (an
     * .xlsx cell's style and shared-string numbers), read by the million */
    if (!s[0])
        return SL_NUM_EMPTY;
    uint64_t v = 0;
    for (; *s; s++) {
        if (!is_digit(*s))
            return SL_NUM_SYNTAX;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return SL_NUM_RANGE;
    }
    *out = v;
    return SL_NUM_OK;
}
