/* SPDX-License-Identifier: MIT */
/* The vocabularies (hpr/names.h): every value has its JSON name and back,
 * and the names are the ones the policy format and the interchange JSON
 * spell. */
#include <check.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

START_TEST(every_name_round_trips)
{
    int n = 0;
    for (int v = 0; hpr_level_name((hpr_level)v); v++, n++) {
        hpr_level back = (hpr_level)-1;
        ck_assert_int_eq(hpr_level_parse(&back, hpr_level_name((hpr_level)v)), HPR_OK);
        ck_assert_int_eq(back, v);
    }
    ck_assert_int_eq(n, 5);
    n = 0;
    for (int v = 0; hpr_location_name((hpr_location)v); v++, n++) {
        hpr_location back = (hpr_location)-1;
        ck_assert_int_eq(hpr_location_parse(&back, hpr_location_name((hpr_location)v)), HPR_OK);
        ck_assert_int_eq(back, v);
    }
    ck_assert_int_eq(n, 4);
    n = 0;
    for (int v = 0; hpr_claim_type_name((hpr_claim_type)v); v++, n++) {
        hpr_claim_type back = (hpr_claim_type)-1;
        ck_assert_int_eq(hpr_claim_type_parse(&back, hpr_claim_type_name((hpr_claim_type)v)), HPR_OK);
        ck_assert_int_eq(back, v);
    }
    ck_assert_int_eq(n, 3);
    n = 0;
    for (int v = 0; hpr_payer_name((hpr_payer)v); v++, n++) {
        hpr_payer back = (hpr_payer)-1;
        ck_assert_int_eq(hpr_payer_parse(&back, hpr_payer_name((hpr_payer)v)), HPR_OK);
        ck_assert_int_eq(back, v);
    }
    ck_assert_int_eq(n, 6);
    n = 0;
    for (int v = 0; hpr_bucket_name((hpr_bucket)v); v++, n++) {
        hpr_bucket back = (hpr_bucket)-1;
        ck_assert_int_eq(hpr_bucket_parse(&back, hpr_bucket_name((hpr_bucket)v)), HPR_OK);
        ck_assert_int_eq(back, v);
    }
    ck_assert_int_eq(n, 3);
    for (int v = HPR_BATCH_NONE; v <= HPR_BATCH_SEVERE_ILLNESS; v++) {
        hpr_batch back = (hpr_batch)-1;
        ck_assert_int_eq(hpr_batch_parse(&back, hpr_batch_name((hpr_batch)v)), HPR_OK);
        ck_assert_int_eq(back, v);
    }
}
END_TEST

START_TEST(names_are_the_json_names)
{
    ck_assert_str_eq(hpr_level_name(HPR_LEVEL_VILLAGE), "village");
    ck_assert_str_eq(hpr_level_name(HPR_LEVEL_PROVINCE), "province");
    ck_assert_str_eq(hpr_location_name(HPR_LOCATION_OUT_OF_PROVINCE), "out_of_province");
    ck_assert_str_eq(hpr_claim_type_name(HPR_CLAIM_OUTPATIENT_CHRONIC), "outpatient_chronic");
    ck_assert_str_eq(hpr_payer_name(HPR_PAYER_MEDICAL_ASSISTANCE), "medical_assistance");
    ck_assert_str_eq(hpr_bucket_name(HPR_BUCKET_CLASS_B_SELF), "class_b_self");
    /* a loaded policy names its payers with the same words */
    hpr_policy *p = NULL;
    ck_assert_int_eq(hpr_policy_load_file(&p, NULL, HPR_SOURCE_DIR "/policies/guangxi-2017.json", NULL),
                     HPR_OK);
    ck_assert_uint_gt(hpr_policy_payer_count(p), 0);
    for (size_t i = 0; i < hpr_policy_payer_count(p); i++) {
        hpr_payer v;
        ck_assert_int_eq(hpr_payer_parse(&v, hpr_policy_payer(p, i)), HPR_OK);
        ck_assert_str_eq(hpr_payer_name(v), hpr_policy_payer(p, i));
    }
    hpr_policy_free(p);
}
END_TEST

START_TEST(out_of_range_and_unknown)
{
    ck_assert_ptr_null(hpr_level_name((hpr_level)5));
    ck_assert_ptr_null(hpr_level_name((hpr_level)-1));
    ck_assert_ptr_null(hpr_location_name((hpr_location)4));
    ck_assert_ptr_null(hpr_claim_type_name((hpr_claim_type)3));
    ck_assert_ptr_null(hpr_payer_name((hpr_payer)6));
    ck_assert_ptr_null(hpr_bucket_name((hpr_bucket)3));
    ck_assert_str_eq(hpr_batch_name((hpr_batch)4), "unknown"); /* kept for ABI 1 */

    hpr_level level = HPR_LEVEL_CITY;
    ck_assert_int_eq(hpr_level_parse(&level, "County"), HPR_EINVAL);
    ck_assert_int_eq(level, HPR_LEVEL_CITY); /* unchanged on failure */
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "\"village\""));
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "not a level"));
    hpr_batch b = HPR_BATCH_NONE;
    ck_assert_int_eq(hpr_batch_parse(&b, "unknown"), HPR_EINVAL);
    ck_assert_int_eq(hpr_payer_parse(NULL, "medical_assistance"), HPR_EINVAL);
    ck_assert_int_eq(hpr_bucket_parse(&(hpr_bucket){0}, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_location_parse(&(hpr_location){0}, ""), HPR_EINVAL);
}
END_TEST

Suite *hpr_names_suite(void)
{
    Suite *s = suite_create("names");
    TCase *tc = tcase_create("names");
    tcase_add_test(tc, every_name_round_trips);
    tcase_add_test(tc, names_are_the_json_names);
    tcase_add_test(tc, out_of_range_and_unknown);
    suite_add_tcase(s, tc);
    return s;
}
