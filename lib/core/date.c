/* SPDX-License-Identifier: MIT */
/* Civil dates as day counts (H. Hinnant's days_from_civil algorithm). */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define YEAR_MIN 1000
#define YEAR_MAX 9999

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static bool ymd_valid(int y, int m, int d)
{
    return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

static bool date_in_range(hpr_date date) { return hpr__day_ok(date); }

hpr_status hpr_date_from_ymd(hpr_date *out, int year, int month, int day)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_date_from_ymd: out is NULL");
    *out = 0;
    if (!ymd_valid(year, month, day))
        return hpr__seterr(HPR_EINVAL, "%04d-%02d-%02d is not a date between 1000 and 9999", year,
                           month, day);
    *out = days_from_civil(year, month, day);
    return HPR_OK;
}

hpr_status hpr_date_to_ymd(hpr_date date, int *year, int *month, int *day)
{
    if (!date_in_range(date))
        return hpr__seterr(HPR_EINVAL, "day number %ld is outside years 1000 to 9999", (long)date);
    if (!year && !month && !day)
        return HPR_OK; /* a validity check: every day number in range is a date */
    int y, m, d;
    civil_from_days(date, &y, &m, &d);
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    return HPR_OK;
}

/* The digits of "YYYY-MM-DD" as year, month, day; false if it is not that
 * shape. Each character tested without a branch of its own. */
static bool iso_fields(const char *text, size_t len, int *y, int *m, int *d)
{
    if (len != 10 || text[4] != '-' || text[7] != '-')
        return false;
    const unsigned char *t = (const unsigned char *)text;
    unsigned y0 = t[0] - '0', y1 = t[1] - '0', y2 = t[2] - '0', y3 = t[3] - '0';
    unsigned m0 = t[5] - '0', m1 = t[6] - '0', d0 = t[8] - '0', d1 = t[9] - '0';
    if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9))
        return false;
    *y = (int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
    *m = (int)(m0 * 10 + m1);
    *d = (int)(d0 * 10 + d1);
    return true;
}

bool hpr__date_iso(hpr_date *out, const char *text, size_t len)
{
    int y, m, d;
    if (!iso_fields(text, len, &y, &m, &d) || !ymd_valid(y, m, d))
        return false;
    *out = days_from_civil(y, m, d);
    return true;
}

hpr_status hpr_date_parse(hpr_date *out, const char *text, size_t len)
{
    if (!out || !text) {
        if (out)
            *out = 0;
        return hpr__seterr(HPR_EINVAL, "hpr_date_parse: %s is NULL", out ? "text" : "out");
    }
    *out = 0;
    int y, m, d;
    if (!iso_fields(text, len, &y, &m, &d))
        return hpr__seterr(HPR_EPARSE, "date \"%.*s\": expected YYYY-MM-DD", (int)(len > 40 ? 40 : len),
                           text);
    if (!ymd_valid(y, m, d)) {
        if (y < YEAR_MIN)
            return hpr__seterr(HPR_EPARSE, "date \"%.10s\": year before 1000", text);
        if (m < 1 || m > 12)
            return hpr__seterr(HPR_EPARSE, "date \"%.10s\": month must be 01 to 12", text);
        return hpr__seterr(HPR_EPARSE, "date \"%.10s\": %04d-%02d has %d days", text, y, m,
                           month_days(y, m));
    }
    *out = days_from_civil(y, m, d);
    return HPR_OK;
}

hpr_status hpr_date_format(char *buf, size_t size, hpr_date date)
{
    if (!buf)
        return hpr__seterr(HPR_EINVAL, "hpr_date_format: buf is NULL");
    if (size > 0)
        buf[0] = '\0';
    if (!date_in_range(date))
        return hpr__seterr(HPR_EINVAL, "day number %ld is outside years 1000 to 9999", (long)date);
    if (size < HPR_DATE_FORMAT_SIZE)
        return hpr__seterr(HPR_EBUFS, "hpr_date_format: buffer of %zu bytes is too small (need %d)",
                           size, HPR_DATE_FORMAT_SIZE);
    int y, m, d;
    civil_from_days(date, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    return HPR_OK;
}

hpr_status hpr_date_add_years(hpr_date *out, hpr_date date, int years)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_date_add_years: out is NULL");
    *out = 0;
    if (!date_in_range(date))
        return hpr__seterr(HPR_EINVAL, "day number %ld is outside years 1000 to 9999", (long)date);
    int y, m, d;
    civil_from_days(date, &y, &m, &d);
    if (years > YEAR_MAX || years < -YEAR_MAX || y + years < YEAR_MIN || y + years > YEAR_MAX)
        return hpr__seterr(HPR_EINVAL, "adding %d years leaves years 1000 to 9999", years);
    y += years;
    if (m == 2 && d == 29 && !is_leap(y))
        d = 28;
    *out = days_from_civil(y, m, d);
    return HPR_OK;
}

hpr_status hpr_date_age(int *out, hpr_date birth, hpr_date on)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_date_age: out is NULL");
    *out = 0;
    if (!date_in_range(birth) || !date_in_range(on))
        return hpr__seterr(HPR_EINVAL, "hpr_date_age: date outside years 1000 to 9999");
    if (on < birth)
        return hpr__seterr(HPR_EINVAL, "hpr_date_age: the date is before the birth date");
    int by, bm, bd, y, m, d;
    civil_from_days(birth, &by, &bm, &bd);
    civil_from_days(on, &y, &m, &d);
    /* A 29 February birthday falls on 1 March in a common year. */
    if (bm == 2 && bd == 29 && !is_leap(y)) {
        bm = 3;
        bd = 1;
    }
    int age = y - by;
    if (m < bm || (m == bm && d < bd))
        age--;
    *out = age;
    return HPR_OK;
}

hpr_status hpr_date_policy_year(int *out, hpr_date date, int start_month, int start_day)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_date_policy_year: out is NULL");
    *out = 0;
    if (start_month < 1 || start_month > 12 || start_day < 1 || start_day > 28)
        return hpr__seterr(HPR_EINVAL, "policy year start %02d-%02d: month must be 1-12, day 1-28",
                           start_month, start_day);
    if (!date_in_range(date))
        return hpr__seterr(HPR_EINVAL, "day number %ld is outside years 1000 to 9999", (long)date);
    int y, m, d;
    civil_from_days(date, &y, &m, &d);
    *out = (m < start_month || (m == start_month && d < start_day)) ? y - 1 : y;
    return HPR_OK;
}
