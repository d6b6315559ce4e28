/* SPDX-License-Identifier: MIT */
/* Runs every Check suite; CK_RUN_SUITE=<name> selects one (ctest does),
 * CK_RUN_CASE=<area> one area of it. */
#include <check.h>
#include <stdlib.h>

#include "check_suites.h"

int main(void)
{
    SRunner *sr = srunner_create(hpr_errors_suite());
    srunner_add_suite(sr, hpr_money_suite());
    srunner_add_suite(sr, hpr_date_suite());
    srunner_add_suite(sr, hpr_policy_suite());
    srunner_add_suite(sr, hpr_settle_suite());
    srunner_add_suite(sr, hpr_classify_suite());
    srunner_add_suite(sr, hpr_columns_suite());
    srunner_add_suite(sr, hpr_names_suite());
    srunner_add_suite(sr, hpr_audit_suite());
    srunner_add_suite(sr, hpr_lang_suite());
    srunner_add_suite(sr, hpr_extension_suite());
    srunner_add_suite(sr, hpr_inherit_suite());
    srunner_add_suite(sr, hpr_ledger_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
