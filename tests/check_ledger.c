/* SPDX-License-Identifier: MIT */
/* The ledger's record: retries, date order, owner and policy, reversal and
 * re-settlement, the JSON of a recorded ledger, ledgers of 1.1, and the
 * property that a reversed ledger equals the year built without the claim. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"

static hpr_policy *pol;
static hpr_status_period poor[1];
static hpr_enrollment enr[1];

static hpr_person person(const char *id)
{
    hpr_person p = HPR_PERSON_INIT;
    p.id = id;
    p.birth_date = ymd(1960, 1, 1);
    poor[0] = (hpr_status_period){"registered_poor", ymd(2016, 1, 1), HPR_DATE_OPEN};
    enr[0] = (hpr_enrollment){"resident_basic", ymd(2016, 1, 1), HPR_DATE_OPEN};
    p.statuses = poor;
    p.nstatuses = 1;
    p.enrollments = enr;
    p.nenrollments = 1;
    return p;
}

static const char *const dx[1] = {"C15.9"};

static hpr_claim claim(const char *id, hpr_date d, hpr_money in_scope)
{
    hpr_claim c = HPR_CLAIM_INIT;
    c.id = id;
    c.type = HPR_CLAIM_INPATIENT;
    c.admission_date = c.discharge_date = d;
    c.level = HPR_LEVEL_COUNTY;
    c.location = HPR_LOCATION_IN_COUNTY;
    c.diagnoses = dx;
    c.ndiagnoses = 1;
    c.costs.in_scope = in_scope;
    c.costs.out_of_catalog = in_scope / 10;
    c.costs.total = c.costs.in_scope + c.costs.out_of_catalog;
    return c;
}

static void setup(void) { pol = hpr_test_load_file("policies/normalised-2021.json"); }
static void teardown(void) { hpr_policy_free(pol); }

static char *json_of(const hpr_ledger *l)
{
    char *j = NULL;
    ck_assert_int_eq(hpr_ledger_to_json(&j, l), HPR_OK);
    return j;
}

/* The ledger of settling claims[0..n) in order from an empty one. */
static hpr_ledger *from_scratch(const hpr_person *who, const hpr_claim *c, size_t n)
{
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(hpr_settle(s, l, pol, who, &c[i], NULL) == HPR_OK, "%s", hpr_error_last()->message);
    hpr_settlement_free(s);
    return l;
}

START_TEST(retry_is_idempotent)
{
    hpr_person who = person("P1");
    hpr_claim c[3] = {claim("C1", ymd(2022, 2, 1), 3000000), claim("C2", ymd(2022, 4, 1), 5000000),
                      claim("C3", ymd(2022, 6, 1), 8000000)};
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL, *first[3] = {NULL};
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(hpr_settlement_create(&first[i]), HPR_OK);
        ck_assert_int_eq(hpr_settle(first[i], l, pol, &who, &c[i], NULL), HPR_OK);
    }
    ck_assert_uint_eq(hpr_ledger_claim_count(l), 3);
    ck_assert_str_eq(hpr_ledger_person(l), "P1");
    ck_assert_str_eq(hpr_ledger_policy(l), "normalised-2021");
    ck_assert_str_eq(hpr_ledger_claim_id(l, 1), "C2");
    ck_assert_int_eq(hpr_ledger_claim_as_of(l, 1), ymd(2022, 4, 1));
    ck_assert_int_eq(hpr_ledger_claim_patient(l, 1), hpr_settlement_amount(first[1], HPR_AMOUNT_PATIENT));
    hpr_ledger_entry add;
    ck_assert_int_eq(hpr_ledger_claim_added(&add, l, 1, "basic"), HPR_OK);
    ck_assert_int_eq(add.claims, 1);
    ck_assert_int_eq(add.paid, hpr_settlement_payer_paid(first[1], "basic_insurance_fund"));
    ck_assert_int_eq(hpr_ledger_claim_added(&add, l, 3, "basic"), HPR_EINVAL);
    /* the accessors' error paths */
    ck_assert_ptr_null(hpr_ledger_person(NULL));
    ck_assert_ptr_null(hpr_ledger_policy(NULL));
    ck_assert_uint_eq(hpr_ledger_claim_count(NULL), 0);
    ck_assert_ptr_null(hpr_ledger_claim_id(l, 3));
    ck_assert_ptr_null(hpr_ledger_claim_id(NULL, 0));
    ck_assert_int_eq(hpr_ledger_claim_as_of(l, 3), 0);
    ck_assert_int_eq(hpr_ledger_claim_patient(NULL, 0), 0);
    ck_assert_int_eq(hpr_ledger_claim_added(NULL, l, 0, "basic"), HPR_EINVAL);
    ck_assert_int_eq(hpr_ledger_claim_added(&add, NULL, 0, "basic"), HPR_EINVAL);
    ck_assert_int_eq(hpr_ledger_claim_added(&add, l, 0, NULL), HPR_EINVAL);
    hpr_ledger *fresh = NULL;
    ck_assert_int_eq(hpr_ledger_create(&fresh), HPR_OK);
    ck_assert_ptr_null(hpr_ledger_person(fresh));
    ck_assert_ptr_null(hpr_ledger_policy(fresh));
    hpr_ledger_free(fresh);
    ck_assert_int_eq(hpr_ledger_claim_added(&add, l, 1, "nope"), HPR_ENOTFOUND);
    char *before = json_of(l);
    /* each claim again, the last and the earlier ones: the same amounts, the
     * ledger unchanged */
    for (int i = 2; i >= 0; i--) {
        ck_assert_msg(hpr_settle(s, l, pol, &who, &c[i], NULL) == HPR_OK, "%s", hpr_error_last()->message);
        for (int a = HPR_AMOUNT_TOTAL; a <= HPR_AMOUNT_PATIENT_YEAR; a++)
            ck_assert_int_eq(hpr_settlement_amount(s, (hpr_amount)a),
                             hpr_settlement_amount(first[i], (hpr_amount)a));
        const char *code = hpr_settlement_warning(s, hpr_settlement_warning_count(s) - 1, NULL);
        ck_assert_str_eq(code, "already_counted");
        char *after = json_of(l);
        ck_assert_str_eq(before, after);
        hpr_free(after);
    }
    /* the same id with other content is refused, the ledger unchanged */
    hpr_claim changed = c[1];
    changed.costs.in_scope += 1;
    changed.costs.total += 1;
    ck_assert_int_eq(hpr_settle(s, l, pol, &who, &changed, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "claim C2 was already settled with other amounts"));
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "reverse it first"));
    static const char *const other_dx[1] = {"C16.0"};
    changed = c[1];
    changed.diagnoses = other_dx;
    ck_assert_int_eq(hpr_settle(s, l, pol, &who, &changed, NULL), HPR_EINVAL);
    changed = c[0];
    changed.facility_id = "F1";
    ck_assert_int_eq(hpr_settle(s, l, pol, &who, &changed, NULL), HPR_EINVAL);
    /* the same content, another person's statuses: other amounts, refused */
    hpr_person rich = person("P1");
    rich.nenrollments = 0; /* not enrolled: the insurance pays nothing */
    ck_assert_int_eq(hpr_settle(s, l, pol, &rich, &c[2], NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "the person or the policy has changed"));
    char *after = json_of(l);
    ck_assert_str_eq(before, after);
    hpr_free(after);
    hpr_free(before);
    for (int i = 0; i < 3; i++)
        hpr_settlement_free(first[i]);
    hpr_settlement_free(s);
    hpr_ledger_free(l);
}
END_TEST

START_TEST(order_owner_and_policy)
{
    hpr_person who = person("P1");
    hpr_claim c[2] = {claim("C1", ymd(2022, 2, 1), 3000000), claim("C2", ymd(2022, 4, 1), 5000000)};
    hpr_ledger *l = from_scratch(&who, c, 2);
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    char *before = json_of(l);
    /* a late discharge: refused, saying so */
    hpr_claim late = claim("C0", ymd(2022, 3, 1), 100000);
    ck_assert_int_eq(hpr_settle(s, l, pol, &who, &late, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "claim C0 is dated 2022-03-01, before claim C2 "
                                                           "(2022-04-01)"));
    /* the same date as the latest is in order */
    hpr_claim same_day = claim("C3", ymd(2022, 4, 1), 100000);
    hpr_ledger *copy = NULL;
    ck_assert_int_eq(hpr_ledger_copy(&copy, l), HPR_OK);
    ck_assert_int_eq(hpr_settle(s, copy, pol, &who, &same_day, NULL), HPR_OK);
    ck_assert_uint_eq(hpr_ledger_claim_count(copy), 3);
    hpr_ledger_free(copy);
    /* another person's ledger */
    hpr_person other = person("P2");
    hpr_claim next = claim("C9", ymd(2022, 9, 1), 100000);
    ck_assert_int_eq(hpr_settle(s, l, pol, &other, &next, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "the ledger is person P1's, not P2's"));
    /* a ledger kept under another policy id */
    hpr_policy *national = hpr_test_load_file("policies/national-2021.json");
    ck_assert_int_eq(hpr_settle(s, l, national, &who, &next, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "kept under policy normalised-2021, not national-2021"));
    hpr_policy_free(national);
    char *after = json_of(l);
    ck_assert_str_eq(before, after);
    hpr_free(after);
    hpr_free(before);
    /* a new policy year starts the record afresh */
    hpr_claim next_year = claim("C1", ymd(2023, 2, 1), 100000);
    ck_assert_int_eq(hpr_settle(s, l, pol, &who, &next_year, NULL), HPR_OK);
    ck_assert_uint_eq(hpr_ledger_claim_count(l), 1);
    ck_assert_int_eq(hpr_ledger_policy_year(l), 2023);
    hpr_settlement_free(s);
    hpr_ledger_free(l);
}
END_TEST

START_TEST(reverse_and_correct)
{
    hpr_person who = person("P1");
    hpr_claim c[4] = {claim("C1", ymd(2022, 2, 1), 3000000), claim("C2", ymd(2022, 4, 1), 5000000),
                      claim("C3", ymd(2022, 6, 1), 8000000), claim("C4", ymd(2022, 7, 1), 2000000)};
    hpr_ledger *l = from_scratch(&who, c, 4);
    char *before = json_of(l);
    /* C2 out: C3 and C4 settled again; the ledger is the year without C2 */
    hpr_claim later[2] = {c[2], c[3]};
    hpr_settlement *res[2] = {NULL};
    ck_assert_int_eq(hpr_settlement_create(&res[0]), HPR_OK);
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C2", later, 2, res, NULL), HPR_OK);
    hpr_claim without[3] = {c[0], c[2], c[3]};
    hpr_ledger *expect = from_scratch(&who, without, 3);
    char *a = json_of(l), *b = json_of(expect);
    ck_assert_str_eq(a, b);
    hpr_free(a);
    hpr_free(b);
    /* the re-settled C3 pays what it pays without C2 */
    ck_assert_int_eq(hpr_settlement_amount(res[0], HPR_AMOUNT_PATIENT), hpr_ledger_claim_patient(expect, 1));
    hpr_ledger_free(expect);
    hpr_ledger_free(l);

    /* a corrected bill for C2, in its place */
    ck_assert_int_eq(hpr_ledger_from_json(&l, before, strlen(before)), HPR_OK);
    hpr_claim fixed[3] = {claim("C2", ymd(2022, 4, 1), 4500000), c[2], c[3]};
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C2", fixed, 3, NULL, NULL), HPR_OK);
    hpr_claim corrected[4] = {c[0], fixed[0], c[2], c[3]};
    expect = from_scratch(&who, corrected, 4);
    a = json_of(l), b = json_of(expect);
    ck_assert_str_eq(a, b);
    hpr_free(a);
    hpr_free(b);
    hpr_ledger_free(expect);
    hpr_ledger_free(l);

    /* refusals leave the ledger as it was */
    ck_assert_int_eq(hpr_ledger_from_json(&l, before, strlen(before)), HPR_OK);
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C2", later, 1, NULL, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "claim C4, counted after C2, is not among"));
    hpr_claim changed[2] = {c[2], c[3]};
    changed[1].costs.in_scope += 100;
    changed[1].costs.total += 100;
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C2", changed, 2, NULL, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "(C4) differs from the claim the ledger counted"));
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C9", NULL, 0, NULL, NULL), HPR_ENOTFOUND);
    hpr_claim early[3] = {claim("C0", ymd(2022, 1, 1), 100), c[2], c[3]};
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C2", early, 3, NULL, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "claims[0]: claim C0 is dated 2022-01-01"));
    hpr_person other = person("P2");
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &other, "C4", NULL, 0, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle_reverse(NULL, pol, &who, "C4", NULL, 0, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, NULL, NULL, 0, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C4", NULL, 1, NULL, NULL), HPR_EINVAL);
    a = json_of(l);
    ck_assert_str_eq(a, before);
    hpr_free(a);
    /* the last claim out, then every claim: an empty year */
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C4", NULL, 0, NULL, NULL), HPR_OK);
    expect = from_scratch(&who, c, 3);
    a = json_of(l), b = json_of(expect);
    ck_assert_str_eq(a, b);
    hpr_free(a);
    hpr_free(b);
    hpr_ledger_free(expect);
    hpr_claim rest[2] = {c[1], c[2]};
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C1", rest, 2, NULL, NULL), HPR_OK);
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C2", &c[2], 1, NULL, NULL), HPR_OK);
    ck_assert_int_eq(hpr_settle_reverse(l, pol, &who, "C3", NULL, 0, NULL, NULL), HPR_OK);
    ck_assert_uint_eq(hpr_ledger_claim_count(l), 0);
    ck_assert_int_eq(hpr_ledger_patient_paid(l), 0);
    ck_assert_int_eq(hpr_ledger_policy_year(l), 0);
    hpr_settlement_free(res[0]);
    hpr_ledger_free(l);
    hpr_free(before);
}
END_TEST

START_TEST(recorded_json_and_old_ledgers)
{
    hpr_person who = person("P1");
    hpr_claim c[2] = {claim("C1", ymd(2022, 2, 1), 3000000), claim("C2", ymd(2022, 4, 1), 5000000)};
    hpr_ledger *l = from_scratch(&who, c, 2), *r = NULL;
    char *j = json_of(l);
    ck_assert_ptr_nonnull(strstr(j, "\"person\":\"P1\""));
    ck_assert_ptr_nonnull(strstr(j, "\"claims\":[{\"id\":\"C1\",\"as_of\":\"2022-02-01\",\"content\":\"xxh3:"));
    ck_assert_int_eq(hpr_ledger_from_json(&r, j, strlen(j)), HPR_OK);
    char *j2 = json_of(r);
    ck_assert_str_eq(j, j2);
    /* a ledger read back knows its claims by their content */
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    ck_assert_int_eq(hpr_settle(s, r, pol, &who, &c[0], NULL), HPR_OK);
    hpr_claim changed = c[0];
    changed.costs.waiver = 1;
    ck_assert_int_eq(hpr_settle(s, r, pol, &who, &changed, NULL), HPR_EINVAL);
    hpr_ledger_free(r);
    /* a record that does not add up to the totals is refused */
    char *bad = malloc(strlen(j) + 1);
    strcpy(bad, j);
    char *p = strstr(bad, "\"claims\":[");
    p = strstr(p, "\"paid\":\"");
    p[8] = p[8] == '9' ? '8' : '9';
    ck_assert_int_eq(hpr_ledger_from_json(&r, bad, strlen(bad)), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "do not add up"));
    free(bad);
    /* claims out of order, twice, or a bad content hash are refused */
    const char *forged[] = {
        "{'policy_year': 2022, 'layers': {}, 'patient': {}, 'claims': [{'id': 'A', 'as_of': '2022-03-01', "
        "'content': 'xxh3:0000000000000001', 'total': '0'}, {'id': 'B', 'as_of': '2022-02-01', "
        "'content': 'xxh3:0000000000000001', 'total': '0'}]}",
        "{'policy_year': 2022, 'layers': {}, 'patient': {}, 'claims': [{'id': 'A', 'as_of': '2022-03-01', "
        "'content': 'xxh3:0000000000000001', 'total': '0'}, {'id': 'A', 'as_of': '2022-03-01', "
        "'content': 'xxh3:0000000000000001', 'total': '0'}]}",
        "{'policy_year': 2022, 'layers': {}, 'patient': {}, 'claims': [{'id': 'A', 'as_of': '2022-03-01', "
        "'content': 'md5:0000000000000001', 'total': '0'}]}",
        "{'policy_year': 2022, 'layers': {}, 'patient': {}, 'claims': [{'id': 'A', 'as_of': '2022-03-01', "
        "'content': 'xxh3:0000000000000001', 'total': '0', 'layers': {'basic': {'base': '1', "
        "'deductible': '0', 'paid': '0'}}}]}",
    };
    for (size_t i = 0; i < sizeof forged / sizeof *forged; i++) {
        char *t = hpr_test_jq(forged[i]);
        ck_assert_msg(hpr_ledger_from_json(&r, t, strlen(t)) == HPR_EINVAL, "forged %zu read", i);
        free(t);
    }
    /* a ledger of 1.1 (no person, policy or claims) reads, warns, and is
     * checked as before; claims after it are recorded */
    const char *old = "{\"policy_year\": 2022, \"layers\": {\"basic\": {\"base\": \"30000.00\", "
                      "\"deductible\": \"1200.00\", \"paid\": \"20000.00\", \"claims\": 1}}, \"patient\": "
                      "{\"in_scope\": \"1000.00\"}}";
    ck_assert_int_eq(hpr_ledger_from_json(&r, old, strlen(old)), HPR_OK);
    ck_assert_int_eq(hpr_settle(s, r, pol, &who, &c[1], NULL), HPR_OK);
    ck_assert_str_eq(hpr_settlement_warning(s, 0, NULL), "ledger_unrecorded");
    ck_assert_uint_eq(hpr_ledger_claim_count(r), 1);
    char *j3 = json_of(r);
    ck_assert_ptr_nonnull(strstr(j3, "\"unrecorded\":true"));
    hpr_ledger *r2 = NULL;
    ck_assert_int_eq(hpr_ledger_from_json(&r2, j3, strlen(j3)), HPR_OK);
    ck_assert_int_eq(hpr_settle_reverse(r2, pol, &who, "C2", NULL, 0, NULL, NULL), HPR_OK);
    ck_assert_int_eq(hpr_ledger_patient_paid(r2), 100000);
    ck_assert_uint_eq(hpr_ledger_claim_count(r2), 0);
    hpr_ledger_free(r2);
    hpr_free(j3);
    hpr_ledger_free(r);
    hpr_settlement_free(s);
    hpr_free(j);
    hpr_free(j2);
    hpr_ledger_free(l);
}
END_TEST

START_TEST(bounded_record)
{
    hpr_person who = person("P1");
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    char id[32];
    for (int i = 0; i <= HPR_LEDGER_MAX_CLAIMS; i++) {
        snprintf(id, sizeof id, "OP%05d", i);
        hpr_claim c = claim(id, ymd(2022, 1, 1) + i * 300 / HPR_LEDGER_MAX_CLAIMS, 1000);
        c.type = HPR_CLAIM_OUTPATIENT;
        hpr_status st = hpr_settle(s, l, pol, &who, &c, NULL);
        ck_assert_int_eq(st, i < HPR_LEDGER_MAX_CLAIMS ? HPR_OK : HPR_EOVERFLOW);
    }
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "the most one ledger records"));
    ck_assert_uint_eq(hpr_ledger_claim_count(l), HPR_LEDGER_MAX_CLAIMS);
    hpr_settlement_free(s);
    hpr_ledger_free(l);
}
END_TEST

/* Random years of claims, a random claim reversed (the later ones settled
 * again): the ledger equals the one built from scratch without it. */
START_TEST(reversal_property)
{
    unsigned long long rng = 0x5eed1234abcdull;
    size_t total_claims = 0, reversed = 0, changed = 0;
    char ids[16][16];
    hpr_settlement *res[16] = {NULL};
    for (int i = 0; i < 16; i++)
        ck_assert_int_eq(hpr_settlement_create(&res[i]), HPR_OK);
    while (total_claims < 100000) {
        hpr_person who = person("P");
        size_t n = 1 + hpr_test_rand(&rng) % 15;
        hpr_claim c[16];
        hpr_date d = ymd(2022, 1, 1);
        for (size_t i = 0; i < n; i++) {
            snprintf(ids[i], sizeof ids[i], "C%zu", i);
            d += (hpr_date)(hpr_test_rand(&rng) % 20);
            c[i] = claim(ids[i], d, (hpr_money)(hpr_test_rand(&rng) % 6000000));
            if (hpr_test_rand(&rng) % 3 == 0)
                c[i].type = HPR_CLAIM_OUTPATIENT;
        }
        total_claims += n;
        hpr_ledger *l = from_scratch(&who, c, n);
        size_t k = hpr_test_rand(&rng) % n;
        hpr_money was[16];
        for (size_t i = 0; i < n; i++)
            was[i] = hpr_ledger_claim_patient(l, i);
        ck_assert_msg(hpr_settle_reverse(l, pol, &who, ids[k], c + k + 1, n - k - 1, res, NULL) == HPR_OK, "%s",
                      hpr_error_last()->message);
        hpr_claim rest[16];
        for (size_t i = 0, m = 0; i < n; i++)
            if (i != k)
                rest[m++] = c[i];
        hpr_ledger *expect = from_scratch(&who, rest, n - 1);
        char *a = json_of(l), *b = json_of(expect);
        if (n > 1)
            ck_assert_str_eq(a, b);
        else /* an empty year, still the person's */
            ck_assert(hpr_ledger_claim_count(l) == 0 && hpr_ledger_patient_paid(l) == 0 &&
                      hpr_ledger_policy_year(l) == 0 && strcmp(hpr_ledger_person(l), "P") == 0);
        for (size_t i = k + 1; i < n; i++) /* each re-settled claim as settled without it */
            ck_assert_int_eq(hpr_settlement_amount(res[i - k - 1], HPR_AMOUNT_PATIENT),
                             hpr_ledger_claim_patient(expect, i - 1));
        for (size_t i = k + 1; i < n; i++) /* later claims whose amounts the reversal changed */
            changed += hpr_ledger_claim_patient(l, i - 1) != was[i];
        reversed++;
        hpr_free(a);
        hpr_free(b);
        hpr_ledger_free(l);
        hpr_ledger_free(expect);
    }
    for (int i = 0; i < 16; i++)
        hpr_settlement_free(res[i]);
    ck_assert_uint_ge(reversed, 10000);
    ck_assert_uint_gt(changed, 0);
}
END_TEST

Suite *hpr_ledger_suite(void)
{
    Suite *s = suite_create("ledger");
    TCase *t = tcase_create("record");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_set_timeout(t, 120);
    tcase_add_test(t, retry_is_idempotent);
    tcase_add_test(t, order_owner_and_policy);
    tcase_add_test(t, reverse_and_correct);
    tcase_add_test(t, recorded_json_and_old_ledgers);
    tcase_add_test(t, bounded_record);
    tcase_add_test(t, reversal_property);
    suite_add_tcase(s, t);
    return s;
}
