/* SPDX-License-Identifier: MIT */
#include <stdbool.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

static hpr_status parse(const char *s, hpr_date *d) { return hpr_date_parse(d, s, strlen(s)); }

START_TEST(test_date__parses_and_validates)
{
    hpr_date d = 1;
    ck_assert_int_eq(parse("1970-01-01", &d), HPR_OK);
    ck_assert_int_eq(d, 0);
    ck_assert_int_eq(parse("2019-03-12", &d), HPR_OK);
    ck_assert_int_eq(d, 17967); /* days from 1970-01-01, as `date -d 2019-03-12 +%s` / 86400 */
    ck_assert_int_eq(parse("2020-02-29", &d), HPR_OK);
    ck_assert_int_eq(parse("2000-02-29", &d), HPR_OK);
    static const char *const bad[] = {"2019-02-29", "1900-02-29", "2019-13-01", "2019-00-10",
                                      "2019-04-31", "2019-4-01",  "20190401",   "0999-12-31",
                                      "2019-01-00", "",           "2019-01-01T", "２019-01-01",
                                      "2019/01/01", " 019-01-01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = 5;
        ck_assert_msg(parse(bad[i], &d) == HPR_EPARSE, "\"%s\" accepted", bad[i]);
        ck_assert_int_eq(d, 0);
    }
    ck_assert_int_eq(parse("2019-02-29", &d), HPR_EPARSE);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "28 days"));
    ck_assert_int_eq(hpr_date_parse(NULL, "2019-01-01", 10), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_parse(&d, NULL, 10), HPR_EINVAL);
}
END_TEST

START_TEST(test_date__every_day_round_trips)
{
    hpr_date first = ymd(1000, 1, 1), last = ymd(9999, 12, 31);
    char buf[HPR_DATE_FORMAT_SIZE];
    int py = 999, pm = 12, pd = 31;
    long bad = 0; /* counted, not asserted per day: Check's assertions are slow in loops */
    for (hpr_date d = first; d <= last; d++) {
        int y, m, day;
        if (hpr_date_to_ymd(d, &y, &m, &day) != HPR_OK) {
            bad++;
            continue;
        }
        /* consecutive days follow the calendar: next day, or 1st of next month/year */
        bool next = day == pd + 1 ? (m == pm && y == py)
                                  : day == 1 && ((m == pm + 1 && y == py) ||
                                                 (m == 1 && pm == 12 && y == py + 1));
        hpr_date back = -1;
        if (!next || hpr_date_format(buf, sizeof buf, d) != HPR_OK ||
            hpr_date_parse(&back, buf, strlen(buf)) != HPR_OK || back != d)
            bad++;
        py = y;
        pm = m;
        pd = day;
    }
    ck_assert_int_eq(bad, 0);
    ck_assert_int_eq(last - first + 1, 3287182); /* days in years 1000-9999 */
    ck_assert_int_eq(hpr_date_to_ymd(first - 1, NULL, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_format(buf, sizeof buf, last + 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_format(buf, 10, 0), HPR_EBUFS);
    ck_assert_int_eq(hpr_date_format(NULL, 11, 0), HPR_EINVAL);
}
END_TEST

START_TEST(test_date__from_ymd_rejects_impossible_days)
{
    hpr_date d = 9;
    ck_assert_int_eq(hpr_date_from_ymd(&d, 2019, 2, 29), HPR_EINVAL);
    ck_assert_int_eq(d, 0);
    ck_assert_int_eq(hpr_date_from_ymd(&d, 2019, 6, 31), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_from_ymd(&d, 10000, 1, 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_from_ymd(NULL, 2019, 1, 1), HPR_EINVAL);
}
END_TEST

START_TEST(test_date__age_in_whole_years)
{
    int age = -1;
    ck_assert_int_eq(hpr_date_age(&age, ymd(2004, 6, 15), ymd(2018, 6, 14)), HPR_OK);
    ck_assert_int_eq(age, 13);
    hpr_date_age(&age, ymd(2004, 6, 15), ymd(2018, 6, 15));
    ck_assert_int_eq(age, 14);
    hpr_date_age(&age, ymd(2004, 6, 15), ymd(2004, 6, 15));
    ck_assert_int_eq(age, 0);
    /* born on 29 February */
    hpr_date_age(&age, ymd(2008, 2, 29), ymd(2009, 2, 28));
    ck_assert_int_eq(age, 0);
    hpr_date_age(&age, ymd(2008, 2, 29), ymd(2009, 3, 1));
    ck_assert_int_eq(age, 1);
    hpr_date_age(&age, ymd(2008, 2, 29), ymd(2012, 2, 28));
    ck_assert_int_eq(age, 3);
    hpr_date_age(&age, ymd(2008, 2, 29), ymd(2012, 2, 29));
    ck_assert_int_eq(age, 4);
    ck_assert_int_eq(hpr_date_age(&age, ymd(2010, 1, 1), ymd(2009, 12, 31)), HPR_EINVAL);
    ck_assert_int_eq(age, 0);
    ck_assert_int_eq(hpr_date_age(NULL, 0, 1), HPR_EINVAL);
}
END_TEST

START_TEST(test_date__add_years_clamps_29_february)
{
    hpr_date d;
    ck_assert_int_eq(hpr_date_add_years(&d, ymd(2020, 12, 31), 5), HPR_OK);
    ck_assert_int_eq(d, ymd(2025, 12, 31));
    hpr_date_add_years(&d, ymd(2020, 2, 29), 1);
    ck_assert_int_eq(d, ymd(2021, 2, 28));
    hpr_date_add_years(&d, ymd(2020, 2, 29), 4);
    ck_assert_int_eq(d, ymd(2024, 2, 29));
    hpr_date_add_years(&d, ymd(2020, 3, 1), -1);
    ck_assert_int_eq(d, ymd(2019, 3, 1));
    ck_assert_int_eq(hpr_date_add_years(&d, ymd(9998, 1, 1), 2), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_add_years(&d, 0, 2000000000), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_add_years(NULL, 0, 1), HPR_EINVAL);
}
END_TEST

START_TEST(test_date__policy_year)
{
    int y;
    ck_assert_int_eq(hpr_date_policy_year(&y, ymd(2019, 3, 12), 1, 1), HPR_OK);
    ck_assert_int_eq(y, 2019);
    hpr_date_policy_year(&y, ymd(2019, 12, 31), 1, 1);
    ck_assert_int_eq(y, 2019);
    hpr_date_policy_year(&y, ymd(2019, 3, 12), 7, 1);
    ck_assert_int_eq(y, 2018);
    hpr_date_policy_year(&y, ymd(2019, 7, 1), 7, 1);
    ck_assert_int_eq(y, 2019);
    hpr_date_policy_year(&y, ymd(2019, 6, 30), 7, 1);
    ck_assert_int_eq(y, 2018);
    ck_assert_int_eq(hpr_date_policy_year(&y, 0, 2, 29), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_policy_year(&y, 0, 13, 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_date_policy_year(NULL, 0, 1, 1), HPR_EINVAL);
}
END_TEST

Suite *hpr_date_suite(void)
{
    Suite *s = suite_create("date");
    /* one TCase per area: CK_RUN_CASE=<area> runs one */
    TCase *parse = tcase_create("parse");
    tcase_set_timeout(parse, 60);
    tcase_add_test(parse, test_date__parses_and_validates);
    tcase_add_test(parse, test_date__every_day_round_trips);
    tcase_add_test(parse, test_date__from_ymd_rejects_impossible_days);
    suite_add_tcase(s, parse);
    TCase *arithmetic = tcase_create("arithmetic");
    tcase_set_timeout(arithmetic, 60);
    tcase_add_test(arithmetic, test_date__age_in_whole_years);
    tcase_add_test(arithmetic, test_date__add_years_clamps_29_february);
    tcase_add_test(arithmetic, test_date__policy_year);
    suite_add_tcase(s, arithmetic);
    return s;
}
