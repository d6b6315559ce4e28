/* SPDX-License-Identifier: MIT */
#ifndef HPR_CHECK_SUITES_H
#define HPR_CHECK_SUITES_H

#include <check.h>

#include "hpr/hpr.h"

Suite *hpr_errors_suite(void);
Suite *hpr_money_suite(void);
Suite *hpr_date_suite(void);
Suite *hpr_policy_suite(void);
Suite *hpr_settle_suite(void);
Suite *hpr_classify_suite(void);
Suite *hpr_columns_suite(void);
Suite *hpr_names_suite(void);
Suite *hpr_extension_suite(void);
Suite *hpr_audit_suite(void);
Suite *hpr_lang_suite(void);
Suite *hpr_inherit_suite(void);
Suite *hpr_ledger_suite(void);

/* check_util.c: a valid date (aborts the test otherwise), and policies that
 * must load (the test aborts with every diagnostic if not). */
hpr_date ymd(int y, int m, int d);
hpr_policy *hpr_test_load_text(const char *text, const char *name);
hpr_policy *hpr_test_load_file(const char *relpath); /* relative to the source tree */
/* A file of the source tree, NUL-terminated; the caller frees it. */
char *hpr_test_read_source(const char *relpath);
/* JSON written with single quotes for readability in C: a malloc'd copy
 * with every ' turned into ". */
char *hpr_test_jq(const char *text);

/* A small deterministic PRNG (xorshift64*) so random tests reproduce. */
static inline unsigned long long hpr_test_rand(unsigned long long *state)
{
    unsigned long long x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 2685821657736338717ULL;
}

#endif
