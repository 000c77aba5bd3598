/* SPDX-License-Identifier: MIT */
/*
 * date.c - calendar dates as day numbers.
 *
 * Conversion uses the days-from-civil algorithm of H. Hinnant
 * ("chrono-compatible low-level date algorithms", 2013): exact for the
 * proleptic Gregorian calendar, no tables, no time zones (a plan speaks of
 * days, never of instants).
 */
#include "core.h"

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void sl_date_to_ymd(sl_date date, int *year, int *month, int *day)
{
    int64_t z = (int64_t)date + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(y + (m <= 2));
    *month = m;
    *day = d;
}

static int days_in_month(int year, int month)
{
    static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2) {
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
    }
    return dim[month - 1];
}

sl_date sl_date_from_ymd(int year, int month, int day)
{
    return (sl_date)days_from_civil(year, month, day);
}

int sl_date_parse(sl_date *out, const char *s, size_t len)
{
    sl_trim(&s, &len);
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return SL_EINPUT;
    int v[3] = {0, 0, 0};
    const int start[3] = {0, 5, 8}, width[3] = {4, 2, 2};
    for (int f = 0; f < 3; f++) {
        for (int k = 0; k < width[f]; k++) {
            char c = s[start[f] + k];
            if (c < '0' || c > '9')
                return SL_EINPUT;
            v[f] = v[f] * 10 + (c - '0');
        }
    }
    if (v[0] < 1900 || v[0] > 2999 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
        v[2] > days_in_month(v[0], v[1]))
        return SL_EINPUT;
    *out = sl_date_from_ymd(v[0], v[1], v[2]);
    return 0;
}

void sl_date_format(char buf[static 11], sl_date d)
{
    int y, m, day;
    sl_date_to_ymd(d, &y, &m, &day);
    if (y < 0 || y > 9999) {
        buf[0] = '?';
        buf[1] = '\0';
        return;
    }
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + day / 10);
    buf[9] = (char)('0' + day % 10);
    buf[10] = '\0';
}

int sl_date_weekday(sl_date d)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0) */
    int64_t w = ((int64_t)d + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

sl_date sl_date_add_months(sl_date d, double months)
{
    if (!(months >= 0)) /* negative, or not a number */
        months = 0;
    if (months > 1200)
        months = 1200;
    int whole = (int)months;
    double frac = months - whole;
    int y, m, day;
    sl_date_to_ymd(d, &y, &m, &day);
    int total = (y * 12 + (m - 1)) + whole;
    y = total / 12;
    m = total % 12 + 1;
    int dim = days_in_month(y, m);
    if (day > dim)
        day = dim;
    sl_date r = sl_date_from_ymd(y, m, day);
    return r + (sl_date)(frac * dim + 0.5);
}
