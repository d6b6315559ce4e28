/* SPDX-License-Identifier: MIT */
/* A year-to-date ledger as it comes back from a hospital system: arbitrary
 * JSON read by hpr_ledger_from_json() and, when accepted, used to settle
 * the same claim under every shipped policy. A settlement keeps every
 * invariant whatever the ledger held (nothing negative, no wrapped sum:
 * hostile-input findings 4 and 5), a refusal has a message, a ledger the
 * library returns reads back, settling the claim again changes nothing
 * (a retry), and reversing it gives back the year's totals as they were. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The part of a ledger's JSON before its record: the year, the layers and
 * the patient's payments. */
static size_t totals_len(const char *json)
{
    const char *p = strstr(json, "\"patient\":{");
    p = p ? strchr(p, '}') : NULL;
    return p ? (size_t)(p - json) + 1 : strlen(json);
}

/* A retry and a reversal of the claim just settled into l (before: l as it
 * was): the retry leaves l as it is; the reversal gives back before's
 * totals when the claim was of before's year. */
static void retry_and_reverse(const hpr_policy *p, const hpr_person *person, const hpr_claim *c,
                              const hpr_ledger *before, hpr_ledger *l, hpr_settlement *s)
{
    char *now = NULL, *again = NULL, *was = NULL, *back = NULL;
    if (hpr_ledger_to_json(&now, l) != HPR_OK)
        abort();
    if (hpr_settle(s, l, p, person, c, NULL) != HPR_OK || hpr_ledger_to_json(&again, l) != HPR_OK ||
        strcmp(now, again) != 0) {
        fprintf(stderr, "invariant: a retry changed the ledger or failed: %s\n", hpr_error_last()->message);
        abort();
    }
    hpr_ledger *r = NULL;
    if (hpr_ledger_copy(&r, l) != HPR_OK || hpr_settle_reverse(r, p, person, c->id, NULL, 0, NULL, NULL) != HPR_OK) {
        fprintf(stderr, "invariant: the claim just counted does not reverse: %s\n", hpr_error_last()->message);
        abort();
    }
    if (hpr_ledger_policy_year(before) == hpr_ledger_policy_year(l) &&
        (hpr_ledger_to_json(&was, before) != HPR_OK || hpr_ledger_to_json(&back, r) != HPR_OK ||
         totals_len(was) != totals_len(back) || memcmp(was, back, totals_len(was)) != 0)) {
        fprintf(stderr, "invariant: a reversal did not give back the totals:\n%s\n%s\n", was, back);
        abort();
    }
    hpr_ledger_free(r);
    hpr_free(now);
    hpr_free(again);
    hpr_free(was);
    hpr_free(back);
}

static void settle_with(const hpr_policy *p, const hpr_ledger *read)
{
    hpr_ledger *l = NULL;
    if (hpr_ledger_copy(&l, read) != HPR_OK)
        abort();
    hpr_settlement *s = NULL;
    if (hpr_settlement_create(&s) != HPR_OK)
        abort();
    hpr_status_period st[] = {{.kind = "registered_poor", .from = 16801, .to = HPR_DATE_OPEN},
                              {.kind = "dibao", .from = 16801, .to = HPR_DATE_OPEN}};
    hpr_enrollment en = {"resident_basic", 16801, HPR_DATE_OPEN};
    hpr_person person = HPR_PERSON_INIT;
    person.id = "P1";
    person.birth_date = -4000;
    person.statuses = st;
    person.nstatuses = 2;
    person.enrollments = &en;
    person.nenrollments = 1;
    static const char *const dx[] = {"C16.9"};
    hpr_date days[] = {17600, 17966, 18700, 19000}; /* 2018, 2019, 2021, 2022 */
    for (size_t k = 0; k < sizeof days / sizeof *days; k++) {
        hpr_claim c = HPR_CLAIM_INIT;
        c.id = "C1";
        c.type = HPR_CLAIM_INPATIENT;
        c.admission_date = c.discharge_date = days[k];
        c.level = HPR_LEVEL_COUNTY;
        c.location = HPR_LOCATION_IN_COUNTY;
        c.diagnoses = dx;
        c.ndiagnoses = 1;
        c.costs.in_scope = 5000000;
        c.costs.out_of_catalog = 20000;
        c.costs.total = 5020000;
        hpr_ledger *before = NULL;
        if (hpr_ledger_copy(&before, l) != HPR_OK)
            abort();
        hpr_status r = hpr_settle(s, l, p, &person, &c, NULL);
        if (r == HPR_OK)
            retry_and_reverse(p, &person, &c, before, l, s);
        hpr_ledger_free(before);
        if (r != HPR_OK) {
            if (!hpr_error_last()->message || !*hpr_error_last()->message)
                abort();
            continue;
        }
        hpr_money paid = hpr_settlement_amount(s, HPR_AMOUNT_PAID),
                  patient = hpr_settlement_amount(s, HPR_AMOUNT_PATIENT),
                  year = hpr_settlement_amount(s, HPR_AMOUNT_PATIENT_YEAR);
        if (paid < 0 || patient < 0 || year < patient || paid + patient != c.costs.total)
            abort();
        /* what the library returns reads back */
        char *json = NULL;
        hpr_ledger *back = NULL;
        if (hpr_ledger_to_json(&json, l) != HPR_OK || hpr_ledger_from_json(&back, json, strlen(json)) != HPR_OK) {
            fprintf(stderr, "invariant: a returned ledger does not read back: %s\n", json ? json : "");
            abort();
        }
        hpr_ledger_free(back);
        hpr_free(json);
    }
    hpr_settlement_free(s);
    hpr_ledger_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hpr_ledger *l = NULL;
    if (hpr_ledger_from_json(&l, (const char *)data, size) != HPR_OK) {
        if (l || !hpr_error_last()->message || !*hpr_error_last()->message)
            abort();
        return 0;
    }
    static const char *const names[] = {"anhui-351-180", "guangxi-2017", "normalised-2021", "city-2017"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        settle_with(fuzz_shipped_policy(names[i]), l);
    hpr_ledger_free(l);
    return 0;
}
