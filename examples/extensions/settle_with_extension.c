/* SPDX-License-Identifier: MIT */
/* Settles one admission under a policy that calls an extension function,
 * loading the function from a shared library the program names:
 *   settle_with_extension LIBRARY POLICY INCOME_PER_CAPITA IN_SCOPE
 * Prints what each layer paid and what the patient pays. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpr/hpr.h>

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s LIBRARY POLICY INCOME_PER_CAPITA IN_SCOPE\n", argv[0]);
        return 2;
    }
    hpr_extensions *ext = NULL;
    hpr_policy *policy = NULL;
    hpr_diagnostics *diag = NULL;
    /* the application decides what code runs: it names the library */
    if (hpr_extensions_create(&ext) != HPR_OK || hpr_extensions_load_table(ext, argv[1]) != HPR_OK) {
        fprintf(stderr, "%s\n", hpr_error_last()->message);
        hpr_extensions_free(ext);
        return 1;
    }
    hpr_policy_options opts = HPR_POLICY_OPTIONS_INIT;
    opts.extensions = ext;
    if (hpr_policy_load_file(&policy, &diag, argv[2], &opts) != HPR_OK) {
        char *text = NULL;
        if (diag && hpr_diagnostics_format(&text, diag) == HPR_OK)
            fputs(text, stderr);
        hpr_free(text);
        hpr_diagnostics_free(diag);
        hpr_extensions_free(ext);
        return 1;
    }
    hpr_diagnostics_free(diag);
    hpr_extensions_free(ext); /* the policy keeps what it needs */

    hpr_person person = HPR_PERSON_INIT;
    person.id = "P1";
    person.household_size = 3;
    hpr_date_from_ymd(&person.birth_date, 1961, 5, 1);
    if (hpr_money_parse(&person.income_per_capita, argv[3], strlen(argv[3])) != HPR_OK) {
        fprintf(stderr, "%s\n", hpr_error_last()->message);
        hpr_policy_free(policy);
        return 2;
    }
    hpr_claim claim = HPR_CLAIM_INIT;
    claim.id = "C1";
    claim.type = HPR_CLAIM_INPATIENT;
    hpr_date_from_ymd(&claim.admission_date, 2022, 9, 1);
    hpr_date_from_ymd(&claim.discharge_date, 2022, 9, 20);
    claim.level = HPR_LEVEL_CITY;
    claim.location = HPR_LOCATION_IN_CITY;
    if (hpr_money_parse(&claim.costs.in_scope, argv[4], strlen(argv[4])) != HPR_OK) {
        fprintf(stderr, "%s\n", hpr_error_last()->message);
        hpr_policy_free(policy);
        return 2;
    }
    claim.costs.total = claim.costs.in_scope;

    hpr_settlement *s = NULL;
    hpr_settle_options so = HPR_SETTLE_OPTIONS_INIT;
    so.flags = HPR_SETTLE_EXPLAIN;
    int rc = 0;
    if (hpr_settlement_create(&s) != HPR_OK || hpr_settle(s, NULL, policy, &person, &claim, &so) != HPR_OK) {
        fprintf(stderr, "%s\n", hpr_error_last()->message);
        rc = 1;
    } else {
        char a[HPR_MONEY_FORMAT_SIZE];
        for (size_t i = 0; i < hpr_settlement_line_count(s); i++) {
            const hpr_settlement_line *l = hpr_settlement_line_get(s, i);
            hpr_money_format(a, sizeof a, l->applied ? l->paid : 0);
            if (l->applied)
                printf("%-16s %12s\n", l->layer, a);
            else
                printf("%-16s %12s  (%s)\n", l->layer, a, l->reason);
        }
        hpr_money_format(a, sizeof a, hpr_settlement_amount(s, HPR_AMOUNT_PATIENT));
        printf("%-16s %12s\n", "patient pays", a);
    }
    hpr_settlement_free(s);
    hpr_policy_free(policy);
    return rc;
}
