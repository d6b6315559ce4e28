/* SPDX-License-Identifier: MIT */
/* Settling a discharge at the hospital desk: the code a HIS developer copies.
 *
 *   settle_discharge [-d DISCHARGE_DATE] [-i CLAIM_ID] POLICY.json [LEDGER_IN.json [LEDGER_OUT.json]]
 *
 * Loads the policy once (at start-up, in real software), reads the patient's
 * year-to-date ledger as stored by the HIS (JSON), settles one discharge with
 * explanations on, prints the settlement slip and writes the new ledger back.
 * The ledger remembers the claims it counted: settling the same claim id
 * again (a retry after a network error) returns the same settlement and
 * leaves the ledger as it was.
 * The patient and the bill are made up here; in a HIS they come from the
 * registration and billing tables. */
#include <hpr/hpr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file; NULL if it cannot. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) != NULL) {
            *len = fread(buf, 1, (size_t)n, f);
            buf[*len] = '\0';
        }
    }
    fclose(f);
    return buf;
}

static int fail(const char *what)
{
    const hpr_error *e = hpr_error_last();
    fprintf(stderr, "%s: %s (%s)\n", what, e->message, hpr_status_name(e->code));
    return 1;
}

static void money_row(const char *label, hpr_money m, const char *note)
{
    char s[HPR_MONEY_FORMAT_SIZE];
    hpr_money_format(s, sizeof s, m);
    printf("  %-44s %12s  %s\n", label, s, note ? note : "");
}

int main(int argc, char **argv)
{
    const char *discharge_date = "2019-06-14", *claim_id = "D-0603-17";
    while (argc > 2 && (strcmp(argv[1], "-d") == 0 || strcmp(argv[1], "-i") == 0)) {
        if (argv[1][1] == 'd')
            discharge_date = argv[2];
        else
            claim_id = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: settle_discharge [-d DISCHARGE_DATE] [-i CLAIM_ID] POLICY.json "
                        "[LEDGER_IN.json [LEDGER_OUT.json]]\n");
        return 2;
    }

    /* 1. Load the policy once; it is immutable and may be shared by threads. */
    hpr_policy *policy = NULL;
    hpr_diagnostics *diag = NULL;
    if (hpr_policy_load_file(&policy, &diag, argv[1], NULL) != HPR_OK) {
        char *text = NULL;
        if (diag && hpr_diagnostics_format(&text, diag) == HPR_OK)
            fputs(text, stderr);
        hpr_free(text);
        hpr_diagnostics_free(diag);
        return fail("loading the policy");
    }
    hpr_diagnostics_free(diag);

    /* 2. The patient's ledger for the year, as the HIS stored it (or empty). */
    hpr_ledger *ledger = NULL;
    if (argc > 2) {
        size_t len = 0;
        char *json = read_file(argv[2], &len);
        if (!json) {
            fprintf(stderr, "cannot read %s\n", argv[2]);
            return 1;
        }
        hpr_status st = hpr_ledger_from_json(&ledger, json, len);
        free(json);
        if (st != HPR_OK)
            return fail("reading the ledger");
    } else if (hpr_ledger_create(&ledger) != HPR_OK) {
        return fail("creating a ledger");
    }

    /* 3. The patient: registered poor since 2016, enrolled in residents' insurance. */
    hpr_date since, born, admitted, discharged;
    hpr_date_parse(&since, "2016-01-01", 10);
    hpr_date_parse(&born, "1958-04-12", 10);
    if (hpr_date_parse(&discharged, discharge_date, strlen(discharge_date)) != HPR_OK)
        return fail("reading the discharge date");
    admitted = discharged - 11;
    hpr_status_period statuses[] = {{"registered_poor", since, HPR_DATE_OPEN}};
    hpr_enrollment enrollments[] = {{"resident_basic", since, HPR_DATE_OPEN}};
    hpr_person person;
    hpr_person_init(&person, HPR_PERSON_VERSION);
    person.id = "P-0001";
    person.birth_date = born;
    person.statuses = statuses;
    person.nstatuses = 1;
    person.enrollments = enrollments;
    person.nenrollments = 1;

    /* 4. The discharge: an admission at the county hospital. */
    hpr_claim claim;
    hpr_claim_init(&claim, HPR_CLAIM_VERSION);
    claim.id = claim_id;
    claim.type = HPR_CLAIM_INPATIENT;
    claim.admission_date = admitted;
    claim.discharge_date = discharged;
    claim.level = HPR_LEVEL_COUNTY;
    claim.location = HPR_LOCATION_IN_COUNTY;
    hpr_money_parse(&claim.costs.in_scope, "46380.50", 8);
    hpr_money_parse(&claim.costs.class_b_self, "1210.00", 7);
    hpr_money_parse(&claim.costs.out_of_catalog, "2409.50", 7);
    claim.costs.total = claim.costs.in_scope + claim.costs.class_b_self + claim.costs.out_of_catalog;

    /* 5. Settle with explanations; the ledger is updated only on success. */
    hpr_settlement *s = NULL;
    hpr_settle_options opts;
    hpr_settle_options_init(&opts, HPR_SETTLE_OPTIONS_VERSION);
    opts.flags = HPR_SETTLE_EXPLAIN;
    if (hpr_settlement_create(&s) != HPR_OK)
        return fail("creating a settlement");
    if (hpr_settle(s, ledger, policy, &person, &claim, &opts) != HPR_OK)
        return fail("settling the discharge");

    /* 6. The slip. */
    char d1[HPR_DATE_FORMAT_SIZE], d2[HPR_DATE_FORMAT_SIZE];
    hpr_date_format(d1, sizeof d1, admitted);
    hpr_date_format(d2, sizeof d2, discharged);
    printf("SETTLEMENT SLIP  claim %s  patient %s\n", claim.id, person.id);
    printf("policy %s  %s\n", hpr_policy_id(policy), hpr_policy_fingerprint(policy));
    printf("stay %s to %s  (policy year %d)\n\n", d1, d2, hpr_ledger_policy_year(ledger));
    money_row("Total billed", hpr_settlement_amount(s, HPR_AMOUNT_TOTAL), NULL);
    money_row("Hospital waiver", hpr_settlement_amount(s, HPR_AMOUNT_WAIVER), NULL);
    for (size_t i = 0; i < hpr_settlement_line_count(s); i++) {
        const hpr_settlement_line *l = hpr_settlement_line_get(s, i);
        if (!l->applied) {
            printf("  %-44s %12s  not applied: %s\n", l->name, "-", l->reason);
            continue;
        }
        money_row(l->name, l->paid, l->payer);
        for (size_t k = 0; k < l->nsteps; k++)
            printf("      %s\n", l->steps[k]);
    }
    money_row("Paid by the funds", hpr_settlement_amount(s, HPR_AMOUNT_PAID), NULL);
    money_row("PATIENT PAYS", hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), NULL);
    money_row("Patient's payments this policy year", hpr_settlement_amount(s, HPR_AMOUNT_PATIENT_YEAR),
              NULL);

    /* 7. Store the new ledger with the patient's record. */
    char *ledger_json = NULL;
    if (hpr_ledger_to_json(&ledger_json, ledger) != HPR_OK)
        return fail("writing the ledger");
    if (argc > 3) {
        FILE *f = fopen(argv[3], "wb");
        if (!f || fputs(ledger_json, f) < 0 || fclose(f) != 0) {
            fprintf(stderr, "cannot write %s\n", argv[3]);
            return 1;
        }
    } else {
        printf("\nnew ledger: %s\n", ledger_json);
    }
    hpr_free(ledger_json);
    hpr_settlement_free(s);
    hpr_ledger_free(ledger);
    hpr_policy_free(policy);
    return 0;
}
