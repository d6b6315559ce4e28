/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

static hpr_status parse(const char *s, hpr_money *m) { return hpr_money_parse(m, s, strlen(s)); }
static hpr_status parse_json(const char *s, hpr_money *m)
{
    return hpr_money_parse_json_number(m, s, strlen(s));
}

START_TEST(test_money__parses_valid_amounts)
{
    static const struct { const char *text; hpr_money fen; } cases[] = {
        {"52000", 5200000},   {"52000.5", 5200050}, {"52000.50", 5200050},
        {"0", 0},             {"-3.20", -320},      {"0.01", 1},
        {"007", 700},         {"-0", 0},            {"92233720368547758.07", INT64_MAX},
        {"-92233720368547758.07", -INT64_MAX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hpr_money m = 12345;
        ck_assert_msg(parse(cases[i].text, &m) == HPR_OK, "%s", cases[i].text);
        ck_assert_msg(m == cases[i].fen, "%s gave %lld", cases[i].text, (long long)m);
    }
}
END_TEST

START_TEST(test_money__rejects_junk_and_extra_decimals)
{
    static const char *const bad[] = {"",    "52000.", ".5",   "+1",    " 1",   "1 ",
                                      "1,000", "12.345", "1e3", "abc",  "--1",   "-",
                                      "1.2.3", "0x10",  "52000.500", "1.", "¥5"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        hpr_money m = 99;
        ck_assert_msg(parse(bad[i], &m) == HPR_EPARSE, "\"%s\" accepted", bad[i]);
        ck_assert_int_eq(m, 0);
        ck_assert_int_eq(hpr_error_last()->code, HPR_EPARSE);
    }
    hpr_money m;
    ck_assert_int_eq(parse("12.345", &m), HPR_EPARSE);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "more than 2 decimals"));
}
END_TEST

START_TEST(test_money__detects_overflow)
{
    hpr_money m = 5;
    ck_assert_int_eq(parse("92233720368547758.08", &m), HPR_EOVERFLOW);
    ck_assert_int_eq(m, 0);
    ck_assert_int_eq(parse("99999999999999999999999", &m), HPR_EOVERFLOW);
    ck_assert_int_eq(parse_json("1e400", &m), HPR_EOVERFLOW);
    ck_assert_int_eq(hpr_money_add(&m, INT64_MAX, 1), HPR_EOVERFLOW);
    ck_assert_int_eq(m, 0);
    ck_assert_int_eq(hpr_money_add(&m, INT64_MIN, -1), HPR_EOVERFLOW);
    ck_assert_int_eq(hpr_money_add(&m, 250, -100), HPR_OK);
    ck_assert_int_eq(m, 150);
}
END_TEST

START_TEST(test_money__null_arguments_are_einval)
{
    hpr_money m = 3;
    ck_assert_int_eq(hpr_money_parse(NULL, "1", 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_money_parse(&m, NULL, 1), HPR_EINVAL);
    ck_assert_int_eq(m, 0);
    ck_assert_int_eq(hpr_money_parse_json_number(&m, NULL, 0), HPR_EINVAL);
    ck_assert_int_eq(hpr_ratio_parse(NULL, "1", 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_ratio_parse_json_number(NULL, "1", 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_money_format(NULL, 10, 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_ratio_format(NULL, 10, 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_money_add(NULL, 1, 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_money_mul_ratio(NULL, 1, 1, HPR_ROUND_HALF_UP), HPR_EINVAL);
}
END_TEST

START_TEST(test_money__json_numbers_are_exact)
{
    static const struct { const char *text; hpr_status st; hpr_money fen; } cases[] = {
        {"5.2e4", HPR_OK, 5200000}, {"1.25e1", HPR_OK, 1250},   {"52000.500", HPR_OK, 5200050},
        {"1E+2", HPR_OK, 10000},    {"-0", HPR_OK, 0},          {"0e400", HPR_OK, 0},
        {"1e-3", HPR_EPARSE, 0},    {"0.125", HPR_EPARSE, 0},   {"01", HPR_EPARSE, 0},
        {"1e", HPR_EPARSE, 0},      {"\"1\"", HPR_EPARSE, 0},   {"1.5e-1", HPR_OK, 15},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hpr_money m = 77;
        ck_assert_msg(parse_json(cases[i].text, &m) == cases[i].st, "%s", cases[i].text);
        ck_assert_msg(m == cases[i].fen, "%s gave %lld", cases[i].text, (long long)m);
    }
}
END_TEST

START_TEST(test_money__formats_two_decimals)
{
    char buf[HPR_MONEY_FORMAT_SIZE];
    ck_assert_int_eq(hpr_money_format(buf, sizeof buf, 5200000), HPR_OK);
    ck_assert_str_eq(buf, "52000.00");
    hpr_money_format(buf, sizeof buf, -50);
    ck_assert_str_eq(buf, "-0.50");
    hpr_money_format(buf, sizeof buf, 0);
    ck_assert_str_eq(buf, "0.00");
    hpr_money_format(buf, sizeof buf, 3479000);
    ck_assert_str_eq(buf, "34790.00");
    hpr_money_format(buf, sizeof buf, INT64_MIN);
    ck_assert_str_eq(buf, "-92233720368547758.08");
    char small[5];
    ck_assert_int_eq(hpr_money_format(small, sizeof small, 5200000), HPR_EBUFS);
    ck_assert_str_eq(small, "");
    ck_assert_int_eq(hpr_money_format(small, sizeof small, 123), HPR_OK); /* "1.23" fits */
    ck_assert_str_eq(small, "1.23");
}
END_TEST

START_TEST(test_money__round_trips_a_million_random_values)
{
    unsigned long long state = 0x9E3779B97F4A7C15ULL;
    char buf[HPR_MONEY_FORMAT_SIZE];
    long bad = 0; /* counted, not asserted per value: Check's assertions are slow in loops */
    for (int i = 0; i < 1000000; i++) {
        unsigned long long r = hpr_test_rand(&state);
        /* mix small amounts (realistic claims) and the full 64-bit range */
        hpr_money v = (i & 1) ? (hpr_money)(r % 100000000000ULL) - 50000000000LL
                              : (hpr_money)(r >> 1) * ((r & 1) ? -1 : 1);
        hpr_money back = 0;
        if (hpr_money_format(buf, sizeof buf, v) != HPR_OK ||
            hpr_money_parse(&back, buf, strlen(buf)) != HPR_OK || back != v)
            bad++;
    }
    ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(test_money__round_trips_random_decimal_text)
{
    unsigned long long state = 42;
    char text[40], buf[HPR_MONEY_FORMAT_SIZE];
    for (int i = 0; i < 200000; i++) {
        unsigned long long r = hpr_test_rand(&state);
        unsigned long long yuan = r % 10000000000ULL;
        int places = (int)((r >> 40) % 3);
        unsigned fen = (unsigned)((r >> 44) % 100);
        if (places == 0)
            snprintf(text, sizeof text, "%llu", yuan);
        else if (places == 1)
            snprintf(text, sizeof text, "%llu.%u", yuan, fen / 10);
        else
            snprintf(text, sizeof text, "%llu.%02u", yuan, fen);
        hpr_money m;
        ck_assert_int_eq(hpr_money_parse(&m, text, strlen(text)), HPR_OK);
        unsigned expect_fen = places == 0 ? 0 : places == 1 ? (fen / 10) * 10 : fen;
        ck_assert_int_eq(m, (hpr_money)(yuan * 100 + expect_fen));
        hpr_money_format(buf, sizeof buf, m);
        hpr_money again;
        ck_assert_int_eq(hpr_money_parse(&again, buf, strlen(buf)), HPR_OK);
        ck_assert_int_eq(again, m);
    }
}
END_TEST

START_TEST(test_money__mul_ratio_hand_computed)
{
    hpr_money m;
    /* 1267.73 x 0.70 = 887.411 -> 887.41 */
    ck_assert_int_eq(hpr_money_mul_ratio(&m, 126773, 700000, HPR_ROUND_HALF_UP), HPR_OK);
    ck_assert_int_eq(m, 88741);
    /* DOMAIN.md example 2: 18000 x 0.6 + 70000 x 0.65 + 50000 x 0.75 = 93800 */
    hpr_money a, b, c, sum;
    hpr_money_mul_ratio(&a, 1800000, 600000, HPR_ROUND_HALF_UP);
    hpr_money_mul_ratio(&b, 7000000, 650000, HPR_ROUND_HALF_UP);
    hpr_money_mul_ratio(&c, 5000000, 750000, HPR_ROUND_HALF_UP);
    ck_assert_int_eq(a, 1080000);
    ck_assert_int_eq(b, 4550000);
    ck_assert_int_eq(c, 3750000);
    hpr_money_add(&sum, a, b);
    hpr_money_add(&sum, sum, c);
    ck_assert_int_eq(sum, 9380000);
}
END_TEST

START_TEST(test_money__rounding_modes_on_ties)
{
    static const struct { hpr_money amount; hpr_rounding mode; hpr_money expect; } cases[] = {
        {5, HPR_ROUND_HALF_UP, 3},    {5, HPR_ROUND_HALF_EVEN, 2}, {5, HPR_ROUND_DOWN, 2},
        {5, HPR_ROUND_UP, 3},         {7, HPR_ROUND_HALF_EVEN, 4}, {-5, HPR_ROUND_HALF_UP, -3},
        {-5, HPR_ROUND_DOWN, -2},     {-5, HPR_ROUND_UP, -3},      {4, HPR_ROUND_UP, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hpr_money m;
        ck_assert_int_eq(hpr_money_mul_ratio(&m, cases[i].amount, 500000, cases[i].mode), HPR_OK);
        ck_assert_msg(m == cases[i].expect, "case %zu: %lld", i, (long long)m);
    }
    hpr_money m = 1;
    ck_assert_int_eq(hpr_money_mul_ratio(&m, 1, 1, (hpr_rounding)9), HPR_EINVAL);
    ck_assert_int_eq(m, 0);
    /* 0.01 x 0.000001 rounds up only in HPR_ROUND_UP */
    hpr_money_mul_ratio(&m, 1, 1, HPR_ROUND_HALF_UP);
    ck_assert_int_eq(m, 0);
    hpr_money_mul_ratio(&m, 1, 1, HPR_ROUND_UP);
    ck_assert_int_eq(m, 1);
}
END_TEST

START_TEST(test_money__mul_ratio_is_exact_and_within_half_a_fen)
{
    unsigned long long state = 7;
    for (int i = 0; i < 200000; i++) {
        hpr_money a = (hpr_money)(hpr_test_rand(&state) % 100000000000ULL);
        hpr_ratio r = (hpr_ratio)(hpr_test_rand(&state) % 1500001ULL);
        hpr_money m;
        ck_assert_int_eq(hpr_money_mul_ratio(&m, a, r, HPR_ROUND_HALF_UP), HPR_OK);
        __extension__ __int128 exact = (__int128)a * r, got = (__int128)m * HPR_RATIO_ONE;
        __int128 diff = got - exact;
        ck_assert(diff >= -(HPR_RATIO_ONE / 2) && diff < HPR_RATIO_ONE / 2);
    }
    hpr_money m;
    ck_assert_int_eq(hpr_money_mul_ratio(&m, INT64_MAX, 2 * HPR_RATIO_ONE, HPR_ROUND_HALF_UP),
                     HPR_EOVERFLOW);
    ck_assert_int_eq(hpr_money_mul_ratio(&m, INT64_MAX, HPR_RATIO_ONE, HPR_ROUND_HALF_UP), HPR_OK);
    ck_assert_int_eq(m, INT64_MAX);
}
END_TEST

START_TEST(test_money__ratios_parse_and_format)
{
    static const struct { const char *text; hpr_status st; hpr_ratio value; const char *fmt; } cases[] = {
        {"0.65", HPR_OK, 650000, "0.65"}, {"1", HPR_OK, 1000000, "1"},
        {"0.055", HPR_OK, 55000, "0.055"}, {"0", HPR_OK, 0, "0"},
        {"0.000001", HPR_OK, 1, "0.000001"}, {"1.500000", HPR_OK, 1500000, "1.5"},
        {"0.1234567", HPR_EPARSE, 0, NULL}, {"65%", HPR_EPARSE, 0, NULL},
        {"", HPR_EPARSE, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hpr_ratio r = 5;
        ck_assert_msg(hpr_ratio_parse(&r, cases[i].text, strlen(cases[i].text)) == cases[i].st, "%s",
                      cases[i].text);
        ck_assert_int_eq(r, cases[i].value);
        if (cases[i].fmt) {
            char buf[HPR_RATIO_FORMAT_SIZE];
            ck_assert_int_eq(hpr_ratio_format(buf, sizeof buf, r), HPR_OK);
            ck_assert_str_eq(buf, cases[i].fmt);
        }
    }
    hpr_ratio r;
    ck_assert_int_eq(hpr_ratio_parse_json_number(&r, "6.5e-1", 6), HPR_OK);
    ck_assert_int_eq(r, 650000);
    char tiny[2];
    ck_assert_int_eq(hpr_ratio_format(tiny, sizeof tiny, 650000), HPR_EBUFS);
}
END_TEST

Suite *hpr_money_suite(void)
{
    Suite *s = suite_create("money");
    /* one TCase per area: CK_RUN_CASE=<area> runs one */
    TCase *parse = tcase_create("parse");
    tcase_set_timeout(parse, 60);
    tcase_add_test(parse, test_money__parses_valid_amounts);
    tcase_add_test(parse, test_money__rejects_junk_and_extra_decimals);
    tcase_add_test(parse, test_money__detects_overflow);
    tcase_add_test(parse, test_money__null_arguments_are_einval);
    tcase_add_test(parse, test_money__json_numbers_are_exact);
    suite_add_tcase(s, parse);
    TCase *format = tcase_create("format");
    tcase_set_timeout(format, 60);
    tcase_add_test(format, test_money__formats_two_decimals);
    tcase_add_test(format, test_money__round_trips_a_million_random_values);
    tcase_add_test(format, test_money__round_trips_random_decimal_text);
    tcase_add_test(format, test_money__ratios_parse_and_format);
    suite_add_tcase(s, format);
    TCase *arithmetic = tcase_create("arithmetic");
    tcase_set_timeout(arithmetic, 60);
    tcase_add_test(arithmetic, test_money__mul_ratio_hand_computed);
    tcase_add_test(arithmetic, test_money__rounding_modes_on_ties);
    tcase_add_test(arithmetic, test_money__mul_ratio_is_exact_and_within_half_a_fen);
    suite_add_tcase(s, arithmetic);
    return s;
}
