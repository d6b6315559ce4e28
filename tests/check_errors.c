/* SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

static const hpr_status ALL_CODES[] = {HPR_OK,     HPR_ERROR,  HPR_ENOMEM,   HPR_EINVAL,
                                       HPR_ENOTFOUND, HPR_EBUFS, HPR_EUSER, HPR_EVERSION,
                                       HPR_EPARSE, HPR_EPOLICY, HPR_EOVERFLOW, HPR_EIO};

START_TEST(test_errors__codes_are_fixed)
{
    /* The values are ABI: a renumbering must fail here. */
    ck_assert_int_eq(HPR_OK, 0);
    ck_assert_int_eq(HPR_ERROR, -1);
    ck_assert_int_eq(HPR_ENOMEM, -2);
    ck_assert_int_eq(HPR_EINVAL, -3);
    ck_assert_int_eq(HPR_ENOTFOUND, -4);
    ck_assert_int_eq(HPR_EBUFS, -5);
    ck_assert_int_eq(HPR_EUSER, -6);
    ck_assert_int_eq(HPR_EVERSION, -7);
    ck_assert_int_eq(HPR_EPARSE, -8);
    ck_assert_int_eq(HPR_EPOLICY, -9);
    ck_assert_int_eq(HPR_EOVERFLOW, -10);
    ck_assert_int_eq(HPR_EIO, -11);
}
END_TEST

START_TEST(test_errors__every_code_has_a_name_and_text)
{
    for (size_t i = 0; i < sizeof ALL_CODES / sizeof *ALL_CODES; i++) {
        hpr_status c = ALL_CODES[i];
        const char *name = hpr_status_name(c);
        ck_assert_str_ne(name, "HPR_UNKNOWN");
        ck_assert_str_ne(hpr_strerror(c), "unknown status code");
        hpr_status back = 99;
        ck_assert_int_eq(hpr_status_from_name(&back, name), HPR_OK);
        ck_assert_int_eq(back, c);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(hpr_strerror(ALL_CODES[j]), hpr_strerror(c));
    }
    ck_assert_str_eq(hpr_status_name(-999), "HPR_UNKNOWN");
    ck_assert_str_eq(hpr_strerror(42), "unknown status code");
}
END_TEST

START_TEST(test_errors__from_name_rejects_unknown_and_null)
{
    hpr_status out = 7;
    ck_assert_int_eq(hpr_status_from_name(&out, "HPR_NOPE"), HPR_ENOTFOUND);
    ck_assert_int_eq(out, HPR_OK);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "HPR_NOPE"));
    ck_assert_int_eq(hpr_status_from_name(&out, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_status_from_name(NULL, "HPR_OK"), HPR_EINVAL);
}
END_TEST

START_TEST(test_errors__last_error_and_clear)
{
    hpr_error_clear();
    ck_assert_int_eq(hpr_error_last()->code, HPR_OK);
    ck_assert_str_eq(hpr_error_last()->message, "no error");
    hpr_money m;
    ck_assert_int_eq(hpr_money_parse(&m, "12.345", 6), HPR_EPARSE);
    ck_assert_int_eq(hpr_error_last()->code, HPR_EPARSE);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "more than 2 decimals"));
    hpr_error_clear();
    ck_assert_int_eq(hpr_error_last()->code, HPR_OK);
}
END_TEST

static void *fail_in_thread(void *arg)
{
    (void)arg;
    hpr_date d;
    hpr_date_parse(&d, "2019-02-29", 10);
    return (void *)(intptr_t)hpr_error_last()->code;
}

START_TEST(test_errors__record_is_thread_local)
{
    hpr_error_clear();
    pthread_t t;
    void *code;
    ck_assert_int_eq(pthread_create(&t, NULL, fail_in_thread, NULL), 0);
    ck_assert_int_eq(pthread_join(t, &code), 0);
    ck_assert_int_eq((int)(intptr_t)code, HPR_EPARSE);
    ck_assert_int_eq(hpr_error_last()->code, HPR_OK); /* this thread saw nothing */
}
END_TEST

START_TEST(test_errors__version_matches_header)
{
    int ma = -1, mi = -1, pa = -1;
    ck_assert_int_eq(hpr_version(&ma, &mi, &pa), HPR_VERSION_NUMBER);
    ck_assert_int_eq(ma, HPR_VERSION_MAJOR);
    ck_assert_int_eq(mi, HPR_VERSION_MINOR);
    ck_assert_int_eq(pa, HPR_VERSION_PATCH);
    ck_assert_str_eq(hpr_version_string(), HPR_VERSION_STRING);
    ck_assert_int_eq(hpr_version(NULL, NULL, NULL), HPR_VERSION_NUMBER);
    hpr_free(NULL); /* a no-op */
}
END_TEST

Suite *hpr_errors_suite(void)
{
    Suite *s = suite_create("errors");
    /* one TCase per area: CK_RUN_CASE=<area> runs one */
    TCase *codes = tcase_create("codes");
    tcase_add_test(codes, test_errors__codes_are_fixed);
    tcase_add_test(codes, test_errors__every_code_has_a_name_and_text);
    tcase_add_test(codes, test_errors__from_name_rejects_unknown_and_null);
    suite_add_tcase(s, codes);
    TCase *record = tcase_create("record");
    tcase_add_test(record, test_errors__last_error_and_clear);
    tcase_add_test(record, test_errors__record_is_thread_local);
    suite_add_tcase(s, record);
    TCase *version = tcase_create("version");
    tcase_add_test(version, test_errors__version_matches_header);
    suite_add_tcase(s, version);
    return s;
}
