/* SPDX-License-Identifier: MIT */
/* Dates: known day numbers, validation, weekdays, month arithmetic. */
#define _DEFAULT_SOURCE
#include "helpers.h"

#include <math.h>
#include <string.h>
#include <time.h>

static sl_date parse(const char *s)
{
    sl_date d = SL_DATE_NONE;
    assert_int_equal(sl_date_parse(&d, s, strlen(s)), 0);
    return d;
}

static void test_date__known_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(parse("1970-01-01"), 0);
    assert_int_equal(parse("2000-03-01"), 11017); /* 30 years, 7 leap days, Jan+Feb 2000 */
    assert_int_equal(parse("1969-12-31"), -1);
    assert_int_equal(parse("2026-09-01") - parse("2026-08-01"), 31);
    assert_int_equal(parse("2028-03-01") - parse("2028-02-01"), 29);
}

static void test_date__agrees_with_timegm_for_every_day_of_a_century(void **state)
{
    (void)state;
    /* an independent method: the C library's calendar */
    for (int y = 1950; y < 2050; y++) {
        for (int m = 1; m <= 12; m++) {
            struct tm tm;
            memset(&tm, 0, sizeof tm);
            tm.tm_year = y - 1900;
            tm.tm_mon = m - 1;
            tm.tm_mday = 15;
            time_t t = timegm(&tm);
            assert_int_equal(sl_date_from_ymd(y, m, 15), (sl_date)(t / 86400));
            int yy, mm, dd;
            sl_date_to_ymd(sl_date_from_ymd(y, m, 15), &yy, &mm, &dd);
            assert_int_equal(yy, y);
            assert_int_equal(mm, m);
            assert_int_equal(dd, 15);
        }
    }
}

static void test_date__rejects_days_that_do_not_exist(void **state)
{
    (void)state;
    sl_date d;
    const char *bad[] = {"2023-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-1-01",
                         "26-01-01",   "2026/01/01", "",           "2100-02-29", "abcd-ef-gh"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(sl_date_parse(&d, bad[i], strlen(bad[i])), SL_EINPUT);
    assert_int_equal(sl_date_parse(&d, "2024-02-29", 10), 0);
    assert_int_equal(sl_date_parse(&d, "2000-02-29", 10), 0);
}

static void test_date__weekday_of_known_dates(void **state)
{
    (void)state;
    assert_int_equal(sl_date_weekday(parse("1970-01-01")), 3); /* Thursday */
    assert_int_equal(sl_date_weekday(parse("2026-11-27")), 4); /* Friday */
    assert_int_equal(sl_date_weekday(parse("2027-12-31")), 4); /* Friday */
    assert_int_equal(sl_date_weekday(parse("1969-12-29")), 0); /* Monday */
}

static void test_date__adding_months_clamps_to_month_end(void **state)
{
    (void)state;
    assert_int_equal(sl_date_add_months(parse("2026-01-31"), 1), parse("2026-02-28"));
    assert_int_equal(sl_date_add_months(parse("2026-09-01"), 5), parse("2027-02-01"));
    assert_int_equal(sl_date_add_months(parse("2026-12-15"), 12), parse("2027-12-15"));
    /* half a month of 30 days is 15 days */
    assert_int_equal(sl_date_add_months(parse("2026-09-01"), 0.5), parse("2026-09-16"));
}

/* Months that are no number, or too many, never overflow a date (a
 * lognormal lead time of 1e300 months once made NaN here, then an int). */
static void test_date__adding_months_never_overflows(void **state)
{
    (void)state;
    sl_date start = sl_date_from_ymd(2026, 1, 31);
    assert_int_equal(sl_date_add_months(start, NAN), start);
    assert_int_equal(sl_date_add_months(start, -INFINITY), start);
    assert_int_equal(sl_date_add_months(start, 1e300), sl_date_add_months(start, 1200));
    assert_int_equal(sl_date_add_months(start, INFINITY), sl_date_add_months(start, 1200));
}

static void test_date__format_round_trips(void **state)
{
    (void)state;
    char buf[11];
    for (sl_date d = -25000; d < 60000; d += 37) {
        sl_date_format(buf, d);
        assert_int_equal(parse(buf), d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date__known_day_numbers),
        cmocka_unit_test(test_date__agrees_with_timegm_for_every_day_of_a_century),
        cmocka_unit_test(test_date__rejects_days_that_do_not_exist),
        cmocka_unit_test(test_date__weekday_of_known_dates),
        cmocka_unit_test(test_date__adding_months_clamps_to_month_end),
        cmocka_unit_test(test_date__adding_months_never_overflows),
        cmocka_unit_test(test_date__format_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
