/* SPDX-License-Identifier: MIT */
/*
 * lang_fmt.c - numbers, shares, money and month names in a language's
 * conventions, for the human outputs. The conventions are messages of the
 * catalogue like any other (a context says which), so a translator sets
 * them in po/<code>.po without touching C:
 *
 *   "decimal mark"                       "."   (sv ",")
 *   "thousands separator"                ","   (sv U+202F, a narrow no-break space)
 *   "thousands separator in sentences"   "none": numbers in running text
 *                                         are not grouped (sv U+202F)
 *   "percent"                            "{n}%" and "{n} %" (sv "{n} %", no-break)
 *   "money"                              "{n} M {currency}", "{n} k", ... by size
 *   "money SEK"                          the same for Swedish kronor (sv "{n} mnkr")
 *   "month"                              "Jan" ... "Dec" (sv "jan" ... "dec")
 *
 * Digits come from printf in the C locale (the process never calls
 * setlocale; a decimal mark printf might still write is replaced all the
 * same), so the result depends on the language and nothing else.
 */
#include "core.h"

#include <math.h>
#include <string.h>

/* Replaces "{n}" and "{currency}" in tmpl. */
static void fill(char *buf, size_t len, const char *tmpl, const char *n, const char *currency)
{
    size_t o = 0;
    for (const char *s = tmpl; *s && o + 1 < len;) {
        const char *put = NULL;
        size_t skip = 1;
        if (strncmp(s, "{n}", 3) == 0) {
            put = n;
            skip = 3;
        } else if (strncmp(s, "{currency}", 10) == 0) {
            put = currency ? currency : "";
            skip = 10;
        }
        if (put) {
            size_t k = strlen(put);
            if (k > len - 1 - o)
                k = len - 1 - o;
            memcpy(buf + o, put, k);
            o += k;
        } else {
            buf[o++] = *s;
        }
        s += skip;
    }
    buf[o] = '\0';
}

/* Copies digits (and a sign) of raw into buf with the language's marks:
 * the first character that is neither a digit nor a sign is the decimal
 * point, whatever printf wrote. */
static void localise(char *buf, size_t len, const char *raw, const char *mark, const char *group)
{
    const char *neg = raw[0] == '-' ? raw + 1 : raw;
    size_t int_len = strspn(neg, "0123456789");
    bool is_zero = strspn(neg, "0.,") == strlen(neg);
    size_t o = 0;
#define PUT(str)                                                                                   \
    do {                                                                                           \
        size_t k_ = strlen(str);                                                                   \
        if (o + k_ < len) {                                                                        \
            memcpy(buf + o, str, k_);                                                              \
            o += k_;                                                                               \
        }                                                                                          \
    } while (0)
    if (neg != raw && !is_zero)
        PUT("-");
    for (size_t i = 0; i < int_len; i++) {
        char d[2] = {neg[i], '\0'};
        PUT(d);
        size_t left = int_len - i - 1;
        if (group && left && left % 3 == 0)
            PUT(group);
    }
    const char *rest = neg + int_len;
    if (*rest && strchr(".,", *rest)) {
        PUT(mark);
        PUT(rest + 1);
    } else {
        PUT(rest);
    }
#undef PUT
    buf[o] = '\0';
}

static const char *group_of(const sl_lang *l, bool is_sentence)
{
    const char *g = is_sentence ? sl_trc(l, "thousands separator in sentences", "none")
                                : sl_trc(l, "thousands separator", ",");
    return strcmp(g, "none") == 0 ? NULL : g;
}

void sl_fmt_number(char *buf, size_t len, const sl_lang *l, double v, int decimals,
                   bool is_grouped)
{
    char raw[64];
    if (!(fabs(v) < 1e15)) { /* past what 64 digits hold, or not a number */
        char g[64];
        snprintf(g, sizeof g, "%.6g", v);
        localise(buf, len, g, sl_trc(l, "decimal mark", "."), NULL);
        return;
    }
    snprintf(raw, sizeof raw, "%.*f", decimals < 0 ? 0 : decimals > 12 ? 12 : decimals, v);
    localise(buf, len, raw, sl_trc(l, "decimal mark", "."), is_grouped ? group_of(l, false) : NULL);
}

void sl_fmt_sentence_number(char *buf, size_t len, const sl_lang *l, double v, int decimals)
{
    char raw[64];
    if (!isfinite(v)) {
        snprintf(buf, len, "%g", v);
        return;
    }
    snprintf(raw, sizeof raw, "%.*f", decimals < 0 ? 0 : decimals > 12 ? 12 : decimals, v);
    /* printf keeps "-0.0"; so do the sentences the library has always written */
    const char *mark = sl_trc(l, "decimal mark", ".");
    if (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1)) {
        localise(buf + 1, len > 1 ? len - 1 : 0, raw + 1, mark, group_of(l, true));
        if (len > 1)
            buf[0] = '-';
        return;
    }
    localise(buf, len, raw, mark, group_of(l, true));
}

void sl_fmt_g(char *buf, size_t len, const sl_lang *l, double v)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%g", v);
    const char *mark = sl_trc(l, "decimal mark", ".");
    size_t o = 0;
    for (const char *s = raw; *s && o + 1 < len; s++) {
        if (*s == '.' || *s == ',') {
            size_t k = strlen(mark);
            if (o + k >= len)
                break;
            memcpy(buf + o, mark, k);
            o += k;
        } else {
            buf[o++] = *s;
        }
    }
    buf[o] = '\0';
}

void sl_fmt_share(char *buf, size_t len, const sl_lang *l, double share, int decimals,
                  bool is_spaced)
{
    char n[64];
    if (decimals < 0)
        sl_fmt_g(n, sizeof n, l, 100 * share);
    else if (is_spaced)
        sl_fmt_number(n, sizeof n, l, 100 * share, decimals, true);
    else
        sl_fmt_sentence_number(n, sizeof n, l, 100 * share, decimals);
    fill(buf, len, is_spaced ? sl_trc(l, "percent", "{n} %") : sl_trc(l, "percent", "{n}%"), n,
         NULL);
}

/* The amount templates by size, with and without a currency: English
 * and, under the context "money SEK", the same for Swedish kronor. */
static const char *const money_tmpl[2][4] = {
    {NC_("money", "{n} bn {currency}"), NC_("money", "{n} M {currency}"),
     NC_("money", "{n} k {currency}"), NC_("money", "{n} {currency}")},
    {NC_("money", "{n} bn"), NC_("money", "{n} M"), NC_("money", "{n} k"), "{n}"},
};
static const char *const money_sek[4] = {
    NC_("money SEK", "{n} bn {currency}"), NC_("money SEK", "{n} M {currency}"),
    NC_("money SEK", "{n} k {currency}"), NC_("money SEK", "{n} {currency}")};

void sl_fmt_money(char *buf, size_t len, const sl_lang *l, double v, const char *currency)
{
    double a = fabs(v);
    int size = a >= 1e9 ? 0 : a >= 1e6 ? 1 : a >= 1e3 ? 2 : 3;
    static const double unit[] = {1e9, 1e6, 1e3, 1};
    static const int places[] = {2, 1, 0, 0};
    char n[64];
    sl_fmt_sentence_number(n, sizeof n, l, v / unit[size], places[size]);
    const char *tmpl = money_tmpl[currency ? 0 : 1][size];
    if (currency && strcmp(currency, "SEK") == 0 && sl_lang_has(l, "money SEK", money_sek[size]))
        tmpl = sl_trc(l, "money SEK", money_sek[size]);
    else if (size < 3 || currency)
        tmpl = sl_trc(l, "money", tmpl);
    fill(buf, len, tmpl, n, currency);
}

void sl_fmt_money_tick(char *buf, size_t len, const sl_lang *l, double v, double step,
                       const char *currency)
{
    double unit = fabs(v) >= 1e9 || step >= 1e9   ? 1e9
                  : fabs(v) >= 1e6 || step >= 1e6 ? 1e6
                  : fabs(v) >= 1e3 || step >= 1e3 ? 1e3
                                                  : 1;
    int size = unit == 1e9 ? 0 : unit == 1e6 ? 1 : unit == 1e3 ? 2 : 3;
    int decimals = step / unit >= 1 ? 0 : step / unit >= 0.1 ? 1 : 2;
    char n[64];
    sl_fmt_number(n, sizeof n, l, v / unit, decimals, true);
    const char *tmpl = money_tmpl[1][size];
    if (currency && strcmp(currency, "SEK") == 0 && sl_lang_has(l, "money SEK", money_sek[size]))
        fill(buf, len, sl_trc(l, "money SEK", money_sek[size]), n, currency);
    else
        fill(buf, len, size < 3 ? sl_trc(l, "money", tmpl) : tmpl, n, NULL);
}

bool sl_fmt_money_names_currency(const sl_lang *l, const char *currency)
{
    return currency && strcmp(currency, "SEK") == 0 && sl_lang_has(l, "money SEK", money_sek[1]);
}

const char *sl_fmt_month(const sl_lang *l, int month)
{
    static const char *const names[12] = {
        NC_("month", "Jan"), NC_("month", "Feb"), NC_("month", "Mar"), NC_("month", "Apr"),
        NC_("month", "May"), NC_("month", "Jun"), NC_("month", "Jul"), NC_("month", "Aug"),
        NC_("month", "Sep"), NC_("month", "Oct"), NC_("month", "Nov"), NC_("month", "Dec")};
    return month >= 1 && month <= 12 ? sl_trc(l, "month", names[month - 1]) : "?";
}
