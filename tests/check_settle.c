/* SPDX-License-Identifier: MIT */
/* The settlement engine: every layer kind and modifier against hand-computed
 * amounts, the year-to-date ledger, explanations, the JSON entry point and
 * the validation of the layer sections. The arithmetic behind each expected
 * value is written next to it. */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

#ifndef HPR_SOURCE_DIR
# error "HPR_SOURCE_DIR must be defined by the build"
#endif

/* ---- helpers ------------------------------------------------------------------ */

static hpr_money yuan(const char *s)
{
    hpr_money m;
    ck_assert_int_eq(hpr_money_parse(&m, s, strlen(s)), HPR_OK);
    return m;
}

static void ck_money(hpr_money got, const char *want, const char *what)
{
    char g[HPR_MONEY_FORMAT_SIZE];
    hpr_money_format(g, sizeof g, got);
    ck_assert_msg(got == yuan(want), "%s: got %s, want %s", what, g, want);
}
static const char HEAD[] =
    "{'format': 1, 'id': 't', 'title': 't',"
    " 'sources': {'t': {'title': 'test', 'confidence': 'assumption'}},"
    " 'status_kinds': ['registered_poor', 'exited_poverty', 'dibao'],"
    " 'categories': {'poor': {'statuses': ['registered_poor']}},"
    " 'layers': [";

/* A policy made of HEAD, the given layers (single-quoted JSON) and "]}". */
static hpr_policy *load_layers(const char *layers)
{
    size_t n = strlen(HEAD) + strlen(layers) + 4;
    char *text = malloc(n);
    ck_assert_ptr_nonnull(text);
    snprintf(text, n, "%s%s]}", HEAD, layers);
    char *json = hpr_test_jq(text);
    hpr_policy *p = hpr_test_load_text(json, "inline.json");
    free(json);
    free(text);
    return p;
}

/* A registered-poor person, enrolled since 2016. */
static hpr_status_period poor_status[1];
static hpr_enrollment enrolled[1];

static hpr_person poor_person(void)
{
    poor_status[0] = (hpr_status_period){"registered_poor", ymd(2016, 1, 1), HPR_DATE_OPEN};
    enrolled[0] = (hpr_enrollment){"resident_basic", ymd(2016, 1, 1), HPR_DATE_OPEN};
    hpr_person p = HPR_PERSON_INIT;
    p.id = "p1";
    p.birth_date = ymd(1960, 5, 1);
    p.statuses = poor_status;
    p.nstatuses = 1;
    p.enrollments = enrolled;
    p.nenrollments = 1;
    return p;
}

static hpr_claim inpatient(const char *id, hpr_date when, hpr_level level, const char *in_scope)
{
    hpr_claim c = HPR_CLAIM_INIT;
    c.id = id;
    c.type = HPR_CLAIM_INPATIENT;
    c.admission_date = c.discharge_date = when;
    c.level = level;
    c.location = level >= HPR_LEVEL_CITY ? HPR_LOCATION_IN_CITY : HPR_LOCATION_IN_COUNTY;
    c.costs.in_scope = c.costs.total = yuan(in_scope);
    return c;
}

/* The line of a layer by id. */
static const hpr_settlement_line *line_of(const hpr_settlement *s, const char *layer)
{
    for (size_t i = 0; i < hpr_settlement_line_count(s); i++) {
        const hpr_settlement_line *l = hpr_settlement_line_get(s, i);
        if (strcmp(l->layer, layer) == 0)
            return l;
    }
    ck_abort_msg("no line for layer %s", layer);
    return NULL;
}

static void ck_paid(const hpr_settlement *s, const char *layer, const char *want)
{
    ck_money(line_of(s, layer)->paid, want, layer);
}

static void ck_balances(const hpr_settlement *s)
{
    ck_assert_int_eq(hpr_settlement_amount(s, HPR_AMOUNT_WAIVER) + hpr_settlement_amount(s, HPR_AMOUNT_PAID) +
                         hpr_settlement_amount(s, HPR_AMOUNT_PATIENT),
                     hpr_settlement_amount(s, HPR_AMOUNT_TOTAL));
}

static void settle_ok(hpr_settlement *s, hpr_ledger *l, const hpr_policy *p, const hpr_person *who,
                      const hpr_claim *c, uint32_t flags)
{
    hpr_settle_options o = HPR_SETTLE_OPTIONS_INIT;
    o.flags = flags;
    hpr_status st = hpr_settle(s, l, p, who, c, &o);
    ck_assert_msg(st == HPR_OK, "settle %s: %s", c->id, hpr_error_last()->message);
    ck_balances(s);
}

/* ---- the four-layer policy over a year ------------------------------------------ */

START_TEST(four_layers_over_a_year)
{
    hpr_policy *p = hpr_test_load_file("tests/data/four-layers.json");
    hpr_person who = poor_person();
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);

    /* Claim 1, county: in scope 50000 + class B 1000 + out of catalogue 1000.
     * basic: (50000 - 500) x (0.80 + 0.05) = 42075.00
     * critical: unpaid 7925; annual deductible 12000 x 0.5 = 6000; 1925 x (0.60 + 0.05) = 1251.25
     * assistance: 7925 - 1251.25 = 6673.75 x 0.7 = 4671.625 -> 4671.63 (half up)
     * oop cap 3000: patient's in-scope 2002.12 < 3000 -> 0 */
    hpr_claim c1 = inpatient("c1", ymd(2018, 3, 1), HPR_LEVEL_COUNTY, "50000");
    c1.costs.class_b_self = yuan("1000");
    c1.costs.out_of_catalog = yuan("1000");
    c1.costs.total = yuan("52000");
    settle_ok(s, l, p, &who, &c1, 0);
    ck_paid(s, "basic", "42075.00");
    ck_money(line_of(s, "basic")->deductible, "500.00", "basic deductible");
    ck_paid(s, "critical", "1251.25");
    ck_money(line_of(s, "critical")->deductible, "6000.00", "critical deductible");
    ck_paid(s, "assistance", "4671.63");
    ck_paid(s, "oop", "0.00");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PAID), "47997.88", "paid");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "4002.12", "patient");
    ck_money(hpr_settlement_payer_paid(s, "medical_assistance"), "4671.63", "assistance payer");

    /* Claim 2, county 30000: the second admission waives basic's deductible.
     * basic 30000 x 0.85 = 25500; critical deductible used up: 4500 x 0.65 = 2925
     * assistance 1575 x 0.7 = 1102.50; patient 472.50 */
    hpr_claim c2 = inpatient("c2", ymd(2018, 5, 1), HPR_LEVEL_COUNTY, "30000");
    settle_ok(s, l, p, &who, &c2, 0);
    ck_paid(s, "basic", "25500.00");
    ck_money(line_of(s, "basic")->deductible, "0.00", "basic deductible waived");
    ck_paid(s, "critical", "2925.00");
    ck_paid(s, "assistance", "1102.50");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "472.50", "patient");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT_YEAR), "4474.62", "patient year");

    /* Claim 3, city 200000: basic would pay (200000 - 800) x 0.75 = 149400 but the
     * annual cap 150000 leaves 150000 - 67575 = 82425. Critical (cap lifted):
     * axis 12425 -> 130000: 17575 x 0.65 + 70000 x 0.70 + 30000 x 0.80 = 84423.75.
     * Assistance: 33151.25 x 0.7 = 23205.88 > room 10000 - 5774.13 = 4225.87.
     * OOP cap at a city hospital is 5000 a year; 2002.12 + 472.50 paid before ->
     * the patient may pay 2525.38 more of the 28925.38 unpaid; the net pays 26400.00. */
    hpr_claim c3 = inpatient("c3", ymd(2018, 7, 1), HPR_LEVEL_CITY, "200000");
    settle_ok(s, l, p, &who, &c3, 0);
    ck_paid(s, "basic", "82425.00");
    ck_paid(s, "critical", "84423.75");
    ck_paid(s, "assistance", "4225.87");
    ck_paid(s, "oop", "26400.00");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "2525.38", "patient");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT_YEAR), "7000.00", "patient year");

    /* Claim 4, county 10000: basic's annual cap is spent, assistance's too;
     * critical 10000 x 0.80 = 8000; the patient already paid 5000 in scope, above
     * the county limit 3000, so the safety net pays all of the rest: 2000. */
    hpr_claim c4 = inpatient("c4", ymd(2018, 9, 1), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, l, p, &who, &c4, 0);
    ck_paid(s, "basic", "0.00");
    ck_paid(s, "critical", "8000.00");
    ck_paid(s, "assistance", "0.00");
    ck_paid(s, "oop", "2000.00");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "0.00", "patient after the cap");

    /* the ledger holds the year's totals */
    hpr_ledger_entry e;
    ck_assert_int_eq(hpr_ledger_policy_year(l), 2018);
    ck_assert_int_eq(hpr_ledger_get(&e, l, "basic"), HPR_OK);
    ck_money(e.paid, "150000.00", "basic paid in the year");
    ck_assert_int_eq(e.claims, 4);
    ck_assert_int_eq(hpr_ledger_get(&e, l, "assistance"), HPR_OK);
    ck_money(e.paid, "10000.00", "assistance paid in the year");
    ck_money(hpr_ledger_patient_paid(l), "7000.00", "patient paid in the year");
    ck_assert_int_eq(hpr_ledger_get(&e, l, "nope"), HPR_ENOTFOUND);

    /* Without a ledger, claim 4 is settled as the year's first claim:
     * basic 9500 x 0.85 = 8075; critical 1925 is under its 6000 deductible;
     * assistance 1925 x 0.7 = 1347.50. */
    settle_ok(s, NULL, p, &who, &c4, 0);
    ck_paid(s, "basic", "8075.00");
    ck_paid(s, "critical", "0.00");
    ck_paid(s, "assistance", "1347.50");
    ck_paid(s, "oop", "0.00");
    hpr_settlement_free(s);
    hpr_ledger_free(l);
    hpr_policy_free(p);
}
END_TEST

/* DOMAIN.md section 6, example 2: 150000 after basic insurance, deductible 12000,
 * 18000 x 0.6 + 70000 x 0.65 + 50000 x 0.75 = 93800.00. */
START_TEST(domain_example_2_critical_bands)
{
    hpr_policy *p = hpr_test_load_file("tests/data/critical-only.json");
    hpr_person who = poor_person();
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_claim c = inpatient("ex2", ymd(2024, 3, 4), HPR_LEVEL_CITY, "150000");
    settle_ok(s, NULL, p, &who, &c, HPR_SETTLE_EXPLAIN);
    ck_paid(s, "critical", "93800.00");
    const hpr_settlement_line *l = line_of(s, "critical");
    ck_money(l->deductible, "12000.00", "deductible");
    /* one step per band, each with the published partial amount */
    const char *want[] = {"on 18000.00 = 10800.00", "on 70000.00 = 45500.00", "on 50000.00 = 37500.00"};
    for (size_t w = 0; w < 3; w++) {
        int found = 0;
        for (size_t k = 0; k < l->nsteps; k++)
            found |= strstr(l->steps[k], want[w]) != NULL;
        ck_assert_msg(found, "no step with \"%s\"", want[w]);
    }
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

/* DOMAIN 2.1, Gansu 甘医保发〔2021〕80号:
 *   assistance base = basic's in-scope self-pay - critical - the reduction for a missing referral
 *   assistance = base x ratio
 *   second assistance = (self-pay left after assistance - its deductible) x 30%
 *   个人自负 = total - every payment. */
static const char GANSU[] =
    "{'id': 'basic', 'name': 'basic', 'kind': 'share', 'payer': 'basic_insurance_fund',"
    "  'covers': ['in_scope'], 'deductible': {'per': 'claim', 'amount': '1000'}, 'ratio': '0.7',"
    "  'modifiers': [{'when': {'referral': false, 'locations': ['in_province', 'out_of_province']},"
    "                 'label': 'no referral', 'ratio_add': '-0.1', 'shortfall': true}]},"
    "{'id': 'critical', 'name': 'critical', 'kind': 'share', 'payer': 'critical_illness_insurer',"
    "  'covers': ['in_scope'], 'deductible': {'per': 'year', 'amount': '5000'}, 'ratio': '0.6'},"
    "{'id': 'assistance', 'name': 'assistance', 'kind': 'share', 'payer': 'medical_assistance',"
    "  'covers': ['in_scope'], 'ratio': '0.6', 'base_excludes_shortfall': true},"
    "{'id': 'second', 'name': 'second assistance', 'kind': 'share', 'payer': 'medical_assistance',"
    "  'covers': ['in_scope'], 'deductible': {'per': 'claim', 'amount': '2000'}, 'ratio': '0.3',"
    "  'base_excludes_shortfall': true}";

START_TEST(gansu_formulas)
{
    hpr_policy *p = load_layers(GANSU);
    hpr_person who = poor_person();
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_claim c = inpatient("g1", ymd(2021, 9, 1), HPR_LEVEL_PROVINCE, "100000");
    c.location = HPR_LOCATION_IN_PROVINCE;
    c.costs.out_of_catalog = yuan("5000");
    c.costs.total = yuan("105000");
    /* basic: 99000 x 0.6 = 59400 (99000 x 0.7 = 69300 with a referral: reduction 9900)
     * critical: 100000 - 59400 = 40600 self-pay; (40600 - 5000) x 0.6 = 21360
     * assistance base: 40600 - 21360 - 9900 = 9340; x 0.6 = 5604
     * in-scope self-pay by the formula: 9340 - 5604 = 3736
     * second: (3736 - 2000) x 0.3 = 520.80
     * 个人自负: 105000 - 59400 - 21360 - 5604 - 520.80 = 18115.20 */
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "59400.00");
    ck_paid(s, "critical", "21360.00");
    ck_paid(s, "assistance", "5604.00");
    ck_money(line_of(s, "assistance")->base, "9340.00", "assistance base");
    ck_paid(s, "second", "520.80");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "18115.20", "patient");

    /* with a referral there is no reduction: basic 69300, critical (30700 - 5000) x 0.6
     * = 15420, assistance 15280 x 0.6 = 9168, second (6112 - 2000) x 0.3 = 1233.60 */
    c.referral = 1;
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "69300.00");
    ck_paid(s, "critical", "15420.00");
    ck_paid(s, "assistance", "9168.00");
    ck_paid(s, "second", "1233.60");
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

/* target_ratio (Guangxi's commercial top-up to 90%) and remainder_share
 * (Chongqing's per-visit bands), with the annual cap carried in the ledger. */
START_TEST(target_ratio_and_remainder_share)
{
    hpr_policy *p = load_layers(
        "{'id': 'basic', 'name': 'b', 'kind': 'share', 'payer': 'basic_insurance_fund',"
        "  'covers': ['in_scope'], 'ratio': {'by_level': {'county': '0.95', 'city': '0.5'}}},"
        "{'id': 'fund', 'name': 'f', 'kind': 'remainder_share', 'payer': 'other_fund',"
        "  'covers': ['in_scope'], 'applies_to': {'levels': ['city']},"
        "  'bands': {'per': 'claim', 'bands': [{'up_to': '1000', 'ratio': '0'},"
        "     {'up_to': '10000', 'ratio': '0.7'}, {'up_to': '50000', 'ratio': '0.85'}, {'ratio': '0.95'}]},"
        "  'cap': {'per_year': '8000'}},"
        "{'id': 'topup', 'name': 't', 'kind': 'target_ratio', 'payer': 'commercial_supplementary',"
        "  'covers': ['in_scope'], 'target': '0.90', 'applies_to': {'categories': ['poor']}}");
    hpr_person who = poor_person();
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);

    /* county 10000: basic 9500 is already 95% >= 90%: the top-up pays nothing */
    hpr_claim c1 = inpatient("c1", ymd(2019, 2, 1), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, l, p, &who, &c1, 0);
    ck_paid(s, "basic", "9500.00");
    ck_assert_int_eq(line_of(s, "fund")->applied, 0);
    ck_assert_str_eq(line_of(s, "fund")->reason, "the facility level is not covered");
    ck_paid(s, "topup", "0.00");

    /* city 20000: basic 10000; fund on the remainder 10000: 0 on the first 1000,
     * 9000 x 0.7 = 6300; the top-up brings the total to 18000: 1700 */
    hpr_claim c2 = inpatient("c2", ymd(2019, 3, 1), HPR_LEVEL_CITY, "20000");
    settle_ok(s, l, p, &who, &c2, 0);
    ck_paid(s, "basic", "10000.00");
    ck_paid(s, "fund", "6300.00");
    ck_paid(s, "topup", "1700.00");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "2000.00", "patient 10%");

    /* city 120000: basic 60000; fund 9000 x 0.7 + 40000 x 0.85 + 10000 x 0.95 = 49800,
     * but only 8000 - 6300 = 1700 of the annual cap is left; top-up to 108000: 46300 */
    hpr_claim c3 = inpatient("c3", ymd(2019, 4, 1), HPR_LEVEL_CITY, "120000");
    settle_ok(s, l, p, &who, &c3, 0);
    ck_paid(s, "fund", "1700.00");
    ck_paid(s, "topup", "46300.00");

    /* a person in no category gets no top-up, and the reason says so */
    hpr_person other = poor_person();
    other.nstatuses = 0;
    settle_ok(s, NULL, p, &other, &c2, 0);
    ck_assert_int_eq(line_of(s, "topup")->applied, 0);
    ck_assert_str_eq(line_of(s, "topup")->reason,
                     "the person is in none of the required categories on the as-of date");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "3700.00", "patient without top-up");
    hpr_settlement_free(s);
    hpr_ledger_free(l);
    hpr_policy_free(p);
}
END_TEST

/* Every modifier action, a per-claim cap and the rounding modes. */
START_TEST(modifiers_caps_rounding)
{
    hpr_policy *p = load_layers(
        "{'id': 'a', 'name': 'a', 'kind': 'share', 'payer': 'basic_insurance_fund',"
        "  'covers': ['in_scope'], 'deductible': {'per': 'claim', 'amount': '1000'}, 'ratio': '0.5',"
        "  'cap': {'per_claim': '3000', 'per_year': '100000'},"
        "  'modifiers': ["
        "   {'when': {'levels': ['township']}, 'label': 'township', 'ratio_set': '0.9',"
        "    'deductible_set': '100'},"
        "   {'when': {'levels': ['province']}, 'label': 'province', 'deductible_scale': '2',"
        "    'cap_year_set': '2500'},"
        "   {'when': {'referral': true}, 'label': 'referred', 'cap_lift': true}]},"
        "{'id': 'r', 'name': 'r', 'kind': 'share', 'payer': 'other_fund', 'rounding': 'down',"
        "  'covers': ['in_scope'], 'ratio': '0.333333'}");
    hpr_person who = poor_person();
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);

    /* county 5000: (5000 - 1000) x 0.5 = 2000 under the claim cap;
     * r: 3000 x 0.333333 = 999.999 -> 999.99 (down) */
    hpr_claim c = inpatient("c", ymd(2019, 1, 5), HPR_LEVEL_COUNTY, "5000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "a", "2000.00");
    ck_paid(s, "r", "999.99");
    /* county 20000: 9500 capped at 3000 per claim */
    c.costs.in_scope = c.costs.total = yuan("20000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "a", "3000.00");
    /* referred: the caps are lifted: 19000 x 0.5 = 9500 */
    c.referral = 1;
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "a", "9500.00");
    /* township 2000: ratio set 0.9, deductible set 100: 1900 x 0.9 = 1710 */
    c = inpatient("c", ymd(2019, 1, 5), HPR_LEVEL_TOWNSHIP, "2000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "a", "1710.00");
    ck_money(line_of(s, "a")->deductible, "100.00", "deductible set");
    /* province 6000: deductible x 2 = 2000: 4000 x 0.5 = 2000 under the claim cap,
     * and the annual cap set to 2500 does not bind */
    c = inpatient("c", ymd(2019, 1, 5), HPR_LEVEL_PROVINCE, "6000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "a", "2000.00");
    ck_money(line_of(s, "a")->deductible, "2000.00", "deductible scaled");
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

/* Enrollment and categories on the as-of date, the transition after exit. */
START_TEST(eligibility_conditions)
{
    hpr_policy *p = hpr_test_load_file("tests/data/four-layers.json");
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);

    /* unenrolled: no insurance layer, and the reason says why */
    hpr_person who = poor_person();
    who.nenrollments = 0;
    hpr_claim c = inpatient("c", ymd(2018, 3, 1), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_assert_int_eq(line_of(s, "basic")->applied, 0);
    ck_assert_str_eq(line_of(s, "basic")->reason, "the person is not enrolled on the as-of date");
    ck_assert_int_eq(line_of(s, "critical")->applied, 0);
    ck_assert_int_eq(line_of(s, "assistance")->applied, 1); /* assistance needs no enrollment */
    ck_paid(s, "assistance", "7000.00");

    /* exited poverty in 2020: in the poverty population (5-year transition) in 2023,
     * not in 2026 */
    hpr_status_period st[2] = {{"registered_poor", ymd(2016, 1, 1), ymd(2020, 6, 30)},
                               {"exited_poverty", ymd(2020, 7, 1), HPR_DATE_OPEN}};
    hpr_enrollment en[1] = {{"resident_basic", ymd(2016, 1, 1), HPR_DATE_OPEN}};
    hpr_person exited = poor_person();
    exited.statuses = st;
    exited.nstatuses = 2;
    exited.enrollments = en;
    hpr_claim c23 = inpatient("c23", ymd(2023, 5, 1), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, NULL, p, &exited, &c23, 0);
    ck_assert_int_eq(line_of(s, "assistance")->applied, 1);
    ck_assert_int_eq(line_of(s, "oop")->applied, 0); /* registered_poor only */
    ck_paid(s, "basic", "8075.00");                  /* 9500 x (0.80 + 0.05) */
    hpr_claim c26 = inpatient("c26", ymd(2026, 5, 1), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, NULL, p, &exited, &c26, 0);
    ck_assert_int_eq(line_of(s, "assistance")->applied, 0);
    ck_paid(s, "basic", "7600.00"); /* 9500 x 0.80, no tilt */
    /* five whole years after the exit on 2020-07-01: 2025-06-30 is the last day */
    hpr_claim edge = inpatient("edge", ymd(2025, 6, 30), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, NULL, p, &exited, &edge, 0);
    ck_assert_int_eq(line_of(s, "assistance")->applied, 1);
    edge.admission_date = edge.discharge_date = ymd(2025, 7, 1);
    settle_ok(s, NULL, p, &exited, &edge, 0);
    ck_assert_int_eq(line_of(s, "assistance")->applied, 0);
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

/* family_doctor in a condition: true needs a contract, false needs none. */
START_TEST(family_doctor_condition_both_ways)
{
    hpr_policy *p = load_layers(
        "{'id': 'contract', 'name': 'c', 'kind': 'share', 'payer': 'basic_insurance_fund',"
        "  'covers': ['in_scope'], 'ratio': '0.1', 'applies_to': {'family_doctor': true}},"
        "{'id': 'none', 'name': 'n', 'kind': 'share', 'payer': 'other_fund',"
        "  'covers': ['in_scope'], 'ratio': '0.2', 'applies_to': {'family_doctor': false}}");
    hpr_person who = poor_person();
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_claim c = inpatient("fd", ymd(2021, 9, 1), HPR_LEVEL_COUNTY, "1000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_assert_int_eq(line_of(s, "contract")->applied, 0);
    ck_assert_str_eq(line_of(s, "contract")->reason, "requires a family doctor contract");
    ck_paid(s, "none", "200.00");
    who.family_doctor_contract = 1;
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "contract", "100.00");
    ck_assert_int_eq(line_of(s, "none")->applied, 0);
    ck_assert_str_eq(line_of(s, "none")->reason, "applies only to persons without a family doctor contract");
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

/* The ledger: a new policy year resets it; an earlier year is refused and
 * leaves it untouched; JSON round-trips; a failed claim commits nothing. */
START_TEST(ledger_years_and_json)
{
    hpr_policy *p = hpr_test_load_file("tests/data/four-layers.json");
    hpr_person who = poor_person();
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_ledger_policy_year(l), 0);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);

    hpr_claim big = inpatient("big", ymd(2018, 11, 1), HPR_LEVEL_CITY, "400000");
    settle_ok(s, l, p, &who, &big, 0);
    ck_paid(s, "basic", "150000.00"); /* the annual cap, reached at once */
    char *j1 = NULL, *j2 = NULL;
    ck_assert_int_eq(hpr_ledger_to_json(&j1, l), HPR_OK);

    /* an earlier year: refused, ledger unchanged */
    hpr_claim early = inpatient("early", ymd(2017, 12, 1), HPR_LEVEL_COUNTY, "1000");
    ck_assert_int_eq(hpr_settle(s, l, p, &who, &early, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "date order"));
    ck_assert_int_eq(hpr_settlement_line_count(s), 0);
    ck_assert_int_eq(hpr_ledger_to_json(&j2, l), HPR_OK);
    ck_assert_str_eq(j1, j2);
    hpr_free(j2);

    /* same year: basic pays nothing more */
    hpr_claim again = inpatient("again", ymd(2018, 12, 1), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, l, p, &who, &again, 0);
    ck_paid(s, "basic", "0.00");

    /* JSON round trip of the ledger, then a new year on the copy resets it */
    hpr_ledger *back = NULL, *copy = NULL;
    ck_assert_int_eq(hpr_ledger_to_json(&j2, l), HPR_OK);
    ck_assert_int_eq(hpr_ledger_from_json(&back, j2, strlen(j2)), HPR_OK);
    char *j3 = NULL;
    ck_assert_int_eq(hpr_ledger_to_json(&j3, back), HPR_OK);
    ck_assert_str_eq(j2, j3);
    ck_assert_int_eq(hpr_ledger_copy(&copy, back), HPR_OK);
    hpr_claim next = inpatient("next", ymd(2019, 1, 2), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, copy, p, &who, &next, 0);
    ck_paid(s, "basic", "8075.00");
    ck_assert_int_eq(hpr_ledger_policy_year(copy), 2019);
    ck_assert_int_eq(hpr_ledger_policy_year(back), 2018);

    /* cleared, a ledger is as new: the annual cap is whole again */
    ck_assert_int_eq(hpr_ledger_clear(l), HPR_OK);
    ck_assert_int_eq(hpr_ledger_policy_year(l), 0);
    ck_assert_int_eq(hpr_ledger_patient_paid(l), 0);
    settle_ok(s, l, p, &who, &big, 0);
    ck_paid(s, "basic", "150000.00");
    char *j4 = NULL;
    ck_assert_int_eq(hpr_ledger_to_json(&j4, l), HPR_OK);
    ck_assert_str_eq(j1, j4);
    hpr_free(j4);

    /* a ledger from outside is checked against the policy: an unknown layer
     * warns, and is an error with HPR_SETTLE_STRICT; the ledger is unchanged */
    const char *foreign = "{\"policy_year\": 2018, \"layers\": {\"basic\": {\"base\": \"100\", "
                          "\"deductible\": \"0\", \"paid\": \"50\", \"claims\": 1}, \"BASIC\": {\"base\": \"1\", "
                          "\"deductible\": \"0\", \"paid\": \"0\", \"claims\": 1}}}";
    hpr_ledger *fl = NULL;
    ck_assert_int_eq(hpr_ledger_from_json(&fl, foreign, strlen(foreign)), HPR_OK);
    hpr_settle_options strict = HPR_SETTLE_OPTIONS_INIT;
    strict.flags = HPR_SETTLE_STRICT;
    ck_assert_int_eq(hpr_settle(s, fl, p, &who, &again, &strict), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "\"BASIC\" is not a layer"));
    ck_assert_int_eq(hpr_ledger_policy_year(fl), 2018);
    settle_ok(s, fl, p, &who, &again, 0);
    /* a ledger of before 1.2 lists no claims: read with a warning */
    ck_assert_uint_eq(hpr_settlement_warning_count(s), 2);
    ck_assert_str_eq(hpr_settlement_warning(s, 0, NULL), "ledger_unrecorded");
    ck_assert_str_eq(hpr_settlement_warning(s, 1, NULL), "unknown_layer");
    hpr_ledger_free(fl);
    /* a ledger amount past 10^15 fen is refused */
    const char *huge = "{\"policy_year\": 2018, \"layers\": {\"basic\": {\"base\": \"10000000000000.01\", "
                       "\"deductible\": \"0\", \"paid\": \"0\", \"claims\": 1}}}";
    hpr_ledger *hl = (hpr_ledger *)&hl;
    ck_assert_int_eq(hpr_ledger_from_json(&hl, huge, strlen(huge)), HPR_EOVERFLOW);
    ck_assert_ptr_null(hl);

    /* bad ledger JSON is refused with *out NULL */
    hpr_ledger *bad = (hpr_ledger *)&bad;
    const char *badjson = "{\"policy_year\": 2018, \"layers\": {\"basic\": {\"paid\": \"-1\"}}}";
    ck_assert_int_eq(hpr_ledger_from_json(&bad, badjson, strlen(badjson)), HPR_EINVAL);
    ck_assert_ptr_null(bad);

    hpr_free(j1);
    hpr_free(j2);
    hpr_free(j3);
    hpr_ledger_free(back);
    hpr_ledger_free(copy);
    hpr_ledger_free(l);
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

/* Explanations: off by default; on, every layer's steps cite the policy's refs. */
START_TEST(explanations)
{
    hpr_policy *p = hpr_test_load_file("tests/data/four-layers.json");
    hpr_person who = poor_person();
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_claim c = inpatient("c", ymd(2018, 3, 1), HPR_LEVEL_COUNTY, "50000");
    settle_ok(s, NULL, p, &who, &c, 0);
    for (size_t i = 0; i < hpr_settlement_line_count(s); i++)
        ck_assert_uint_eq(hpr_settlement_line_get(s, i)->nsteps, 0);
    hpr_money off = hpr_settlement_amount(s, HPR_AMOUNT_PAID);

    settle_ok(s, NULL, p, &who, &c, HPR_SETTLE_EXPLAIN);
    ck_assert_int_eq(hpr_settlement_amount(s, HPR_AMOUNT_PAID), off);
    const hpr_settlement_line *b = line_of(s, "basic");
    ck_assert_uint_ge(b->nsteps, 4);
    ck_assert_ptr_nonnull(strstr(b->steps[0], "base 50000.00"));
    int tilt = 0, paid = 0;
    for (size_t k = 0; k < b->nsteps; k++) {
        tilt |= strstr(b->steps[k], "poverty tilt: ratio +0.05 [t tilt]") != NULL;
        paid |= strstr(b->steps[k], "paid 42075.00 [t basic]") != NULL;
    }
    ck_assert(tilt && paid);
    for (size_t i = 0; i < hpr_settlement_line_count(s); i++)
        ck_assert_uint_ge(hpr_settlement_line_get(s, i)->nsteps, 1);
    ck_assert_ptr_null(hpr_settlement_line_get(s, hpr_settlement_line_count(s)));
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

static const char REQUEST[] =
    "{'person': {'id': 'p1', 'birth_date': '1960-05-01',"
    "  'statuses': [{'kind': 'registered_poor', 'from': '2016-01-01'}],"
    "  'enrollment': [{'scheme': 'resident_basic', 'from': '2016-01-01'}]},"
    " 'claims': ["
    "  {'id': 'c1', 'type': 'inpatient', 'admission_date': '2018-03-01',"
    "   'facility': {'level': 'county'}, 'location': 'in_county',"
    "   'costs': {'total': '52000', 'in_scope': '50000', 'class_b_self': '1000', 'out_of_catalog': 1000}},"
    "  {'id': 'c2', 'type': 'inpatient', 'admission_date': '2018-05-01',"
    "   'facility': {'level': 'county'}, 'location': 'in_county',"
    "   'costs': {'total': 30000, 'in_scope': '30000'}},"
    "  {'id': 'c3', 'type': 'inpatient', 'admission_date': '2018-07-01',"
    "   'facility': {'level': 'city'}, 'location': 'in_city',"
    "   'costs': {'total': '200000.00', 'in_scope': '200000.00'}}]}";

/* The JSON entry point gives what the C API gives, claim by claim. */
START_TEST(json_entry_point_matches_c_api)
{
    hpr_policy *p = hpr_test_load_file("tests/data/four-layers.json");
    char *req = hpr_test_jq(REQUEST);
    char *resp = NULL;
    ck_assert_msg(hpr_settle_json(p, req, strlen(req), &resp) == HPR_OK, "%s", hpr_error_last()->message);
    cJSON *root = cJSON_Parse(resp);
    ck_assert_ptr_nonnull(root);
    const cJSON *sets = cJSON_GetObjectItemCaseSensitive(root, "settlements");
    ck_assert_int_eq(cJSON_GetArraySize(sets), 3);

    hpr_person who = poor_person();
    hpr_claim cs[3] = {inpatient("c1", ymd(2018, 3, 1), HPR_LEVEL_COUNTY, "50000"),
                       inpatient("c2", ymd(2018, 5, 1), HPR_LEVEL_COUNTY, "30000"),
                       inpatient("c3", ymd(2018, 7, 1), HPR_LEVEL_CITY, "200000")};
    cs[0].costs.class_b_self = cs[0].costs.out_of_catalog = yuan("1000");
    cs[0].costs.total = yuan("52000");
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    for (int i = 0; i < 3; i++) {
        settle_ok(s, l, p, &who, &cs[i], 0);
        char *one = NULL;
        ck_assert_int_eq(hpr_settlement_to_json(&one, s), HPR_OK);
        char *from_api = cJSON_PrintUnformatted(cJSON_GetArrayItem(sets, i));
        cJSON *parsed = cJSON_Parse(one);
        char *from_c = cJSON_PrintUnformatted(parsed);
        ck_assert_str_eq(from_api, from_c);
        cJSON_free(from_api);
        cJSON_free(from_c);
        cJSON_Delete(parsed);
        hpr_free(one);
    }
    /* and the final ledgers agree */
    char *lj = NULL;
    ck_assert_int_eq(hpr_ledger_to_json(&lj, l), HPR_OK);
    cJSON *lp = cJSON_Parse(lj);
    char *a = cJSON_PrintUnformatted(lp);
    char *b = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(root, "ledger"));
    ck_assert_str_eq(a, b);
    cJSON_free(a);
    cJSON_free(b);
    cJSON_Delete(lp);
    hpr_free(lj);

    /* the ledger passed back in continues the year */
    size_t n = strlen(resp) + strlen(req) + 64;
    char *req2 = malloc(n);
    ck_assert_ptr_nonnull(req2);
    char *ledger_json = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(root, "ledger"));
    snprintf(req2, n,
             "{\"person\": {\"id\": \"p1\", \"birth_date\": \"1960-05-01\","
             " \"statuses\": [{\"kind\": \"registered_poor\", \"from\": \"2016-01-01\"}],"
             " \"enrollment\": [{\"scheme\": \"resident_basic\", \"from\": \"2016-01-01\"}]},"
             " \"ledger\": %s, "
             "\"claims\": [{\"id\": \"c4\", \"type\": \"inpatient\", \"admission_date\": \"2018-09-01\","
             " \"facility\": {\"level\": \"county\"}, \"location\": \"in_county\","
             " \"costs\": {\"total\": \"10000\", \"in_scope\": \"10000\"}}]}",
             ledger_json);
    char *resp2 = NULL;
    ck_assert_msg(hpr_settle_json(p, req2, strlen(req2), &resp2) == HPR_OK, "%s", hpr_error_last()->message);
    /* as claim 4 of four_layers_over_a_year: the caps spent, the safety net pays */
    ck_assert_ptr_nonnull(strstr(resp2, "\"critical_illness_insurer\":\"8000.00\""));
    ck_assert_ptr_nonnull(strstr(resp2, "\"fiscal_safety_net\":\"2000.00\""));
    cJSON_free(ledger_json);
    free(req2);
    hpr_free(resp2);
    cJSON_Delete(root);
    hpr_free(resp);
    free(req);
    hpr_ledger_free(l);
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

/* Every error in the layer sections at once, each located. */
START_TEST(layer_validation_errors)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/bad-layers.json", HPR_SOURCE_DIR);
    hpr_policy *p = (hpr_policy *)&p;
    hpr_diagnostics *d = NULL;
    ck_assert_int_eq(hpr_policy_load_file(&p, &d, path, NULL), HPR_EPOLICY);
    ck_assert_ptr_null(p);
    static const struct {
        int line, column;
        const char *pointer, *message;
    } want[] = {
        {7, 76, "/layers/0/bands/bands/1", "bands must rise"},
        {9, 50, "/layers/1/applies_to/categories/0", "unknown category \"rich\""},
        {10, 101, "/layers/2/covers/1", "unknown cost bucket"},
        {13, 76, "/layers/3/cap", "the annual cap 3000.00 is below the annual deductible 5000.00"},
        {15, 13, "/layers/4/ratio", "ratio 1.5 is out of range"},
        {17, 35, "/layers/5/ratio/2018-01-01", "increasing date order"},
        {18, 10, "/layers/6/id", "layer id \"a\" is used by layer 0"},
    };
    size_t n = sizeof want / sizeof want[0];
    ck_assert_uint_eq(hpr_diagnostics_error_count(d), n);
    for (size_t i = 0; i < n; i++) {
        const hpr_diagnostic *g = hpr_diagnostics_get(d, i);
        ck_assert_int_eq(g->line, want[i].line);
        ck_assert_int_eq(g->column, want[i].column);
        ck_assert_str_eq(g->pointer, want[i].pointer);
        ck_assert_msg(strstr(g->message, want[i].message), "%s: \"%s\" lacks \"%s\"", g->pointer,
                      g->message, want[i].message);
    }
    hpr_diagnostics_free(d);

    /* single mistakes that the file above does not show */
    static const char *const bad[][2] = {
        {"{'id': 'x', 'name': 'x', 'kind': 'share', 'payer': 'mystery', 'covers': ['in_scope'], 'ratio': '1'}",
         "/layers/0/payer"},
        {"{'id': 'x', 'name': 'x', 'kind': 'share', 'payer': 'other_fund', 'covers': ['in_scope']}",
         "/layers/0"},
        {"{'id': 'x', 'name': 'x', 'kind': 'share', 'payer': 'other_fund', 'covers': [], 'ratio': '1'}",
         "/layers/0/covers"},
        {"{'id': 'x', 'name': 'x', 'kind': 'oop_cap', 'payer': 'other_fund', 'covers': ['in_scope']}",
         "/layers/0"},
        {"{'id': 'x', 'name': 'x', 'kind': 'share', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'ratio': '0.5', 'modifiers': [{'when': {}, 'label': 'nothing'}]}",
         "/layers/0/modifiers/0"},
        {"{'id': 'x', 'name': 'x', 'kind': 'share', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'ratio': {'by_level': {'county': '0.5', 'hamlet': '0.6'}}}",
         "/layers/0/ratio/by_level/hamlet"},
        {"{'id': 'x', 'name': 'x', 'kind': 'oop_cap', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'limit': '1', 'base_excludes_shortfall': true}",
         "/layers/0/base_excludes_shortfall"},
        {"{'id': 'x', 'name': 'x', 'kind': 'share', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'ratio': '0.5', 'colour': 'red'}",
         "/layers/0/colour"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t len = strlen(HEAD) + strlen(bad[i][0]) + 4;
        char *text = malloc(len);
        ck_assert_ptr_nonnull(text);
        snprintf(text, len, "%s%s]}", HEAD, bad[i][0]);
        char *json = hpr_test_jq(text);
        p = (hpr_policy *)&p;
        d = NULL;
        ck_assert_int_eq(hpr_policy_load_buffer(&p, &d, json, strlen(json), "x.json", NULL), HPR_EPOLICY);
        ck_assert_ptr_null(p);
        ck_assert_uint_ge(hpr_diagnostics_error_count(d), 1);
        ck_assert_msg(strcmp(hpr_diagnostics_get(d, 0)->pointer, bad[i][1]) == 0, "case %zu: %s: %s", i,
                      hpr_diagnostics_get(d, 0)->pointer, hpr_diagnostics_get(d, 0)->message);
        hpr_diagnostics_free(d);
        free(json);
        free(text);
    }
}
END_TEST

/* Bad arguments and inconsistent claims: a status and a message, never a crash. */
START_TEST(bad_inputs)
{
    hpr_policy *p = hpr_test_load_file("tests/data/four-layers.json");
    hpr_person who = poor_person();
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_claim c = inpatient("c", ymd(2018, 3, 1), HPR_LEVEL_COUNTY, "1000");

    ck_assert_int_eq(hpr_settle(NULL, NULL, p, &who, &c, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle(s, NULL, NULL, &who, &c, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle(s, NULL, p, NULL, &c, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_settlement_create(NULL), HPR_EINVAL);

    hpr_claim bad = c;
    bad.costs.total = yuan("999"); /* buckets add to 1000 */
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &bad, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "c"));
    bad = c;
    bad.costs.waiver = yuan("1000.01");
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &bad, NULL), HPR_EINVAL);
    bad = c;
    bad.costs.in_scope = -1;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &bad, NULL), HPR_EINVAL);
    bad = c;
    bad.discharge_date = ymd(2018, 2, 1);
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &bad, NULL), HPR_EINVAL);
    bad = c;
    bad.level = (hpr_level)9;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &bad, NULL), HPR_EINVAL);
    bad = c;
    bad.id = NULL;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &bad, NULL), HPR_EINVAL);
    bad = c;
    bad.version = 99;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &bad, NULL), HPR_EVERSION);
    hpr_person nobody = who;
    nobody.nstatuses = 1;
    nobody.statuses = NULL;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &nobody, &c, NULL), HPR_EINVAL);
    hpr_settle_options o = HPR_SETTLE_OPTIONS_INIT;
    o.flags = 0x80;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &c, &o), HPR_EINVAL);
    /* after a failure the settlement reads as empty */
    ck_assert_uint_eq(hpr_settlement_line_count(s), 0);
    char *out = (char *)&out;
    ck_assert_int_eq(hpr_settlement_to_json(&out, s), HPR_EINVAL);
    ck_assert_ptr_null(out);

    /* a waiver comes off first: out of catalogue, then class B, then in scope */
    c.costs.out_of_catalog = yuan("300");
    c.costs.total = yuan("1300");
    c.costs.waiver = yuan("500");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_money(line_of(s, "basic")->base, "800.00", "base after the waiver");

    /* the JSON entry point names the bad member */
    static const struct {
        const char *request, *says;
        hpr_status status;
    } bads[] = {
        {"{'person': {'id': 'p', 'birth_date': '1960-01-01'}, 'claims': [{}]}", "/claims/0", HPR_EINVAL},
        {"{'person': {'id': 'p', 'birth_date': '1960-02-30'}, 'claims': []}", "/person/birth_date",
         HPR_EPARSE},
        /* unknown members are warnings, unless the request asks to be strict */
        {"{'person': {'id': 'p', 'birth_date': '1960-01-01'}, 'claims': [], 'extra': 1, 'strict': true}",
         "extra", HPR_EINVAL},
        {"[1, 2", "line 1, column 6", HPR_EPARSE},
    };
    for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
        char *req = hpr_test_jq(bads[i].request);
        char *resp = (char *)&resp;
        ck_assert_int_eq(hpr_settle_json(p, req, strlen(req), &resp), bads[i].status);
        ck_assert_ptr_null(resp);
        ck_assert_msg(strstr(hpr_error_last()->message, bads[i].says), "case %zu: %s", i,
                      hpr_error_last()->message);
        free(req);
    }
    char *req = hpr_test_jq("{'person': {'id': 'p', 'birth_date': '1960-01-01'}, 'claims': [], 'extra': 1}");
    char *resp = NULL;
    ck_assert_int_eq(hpr_settle_json(p, req, strlen(req), &resp), HPR_OK);
    ck_assert_ptr_nonnull(strstr(resp, "\"code\":\"unknown_field\",\"pointer\":\"/extra\""));
    hpr_free(resp);
    free(req);
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST


/* One hand-computed settlement or two on each shipped policy. */
START_TEST(shipped_policies_by_hand)
{
    hpr_person who = poor_person();
    hpr_settlement *s = NULL;
    hpr_ledger *l = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);

    /* city-2017, county 40000. 2018: NRCMS (40000 - 500) x (0.80 + 0.05) = 33575;
     * critical deductible 3000: 3425 x (0.50 + 0.03) = 1815.25; assistance
     * 4609.75 x 0.7 = 3226.825 -> 3226.83. 2017: deductible 5000, no tilt:
     * 1425 x 0.50 = 712.50, and no assistance layer yet. */
    hpr_policy *p = hpr_test_load_file("policies/city-2017.json");
    hpr_claim c = inpatient("c", ymd(2018, 6, 1), HPR_LEVEL_COUNTY, "40000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "nrcms", "33575.00");
    ck_paid(s, "critical", "1815.25");
    ck_paid(s, "assistance", "3226.83");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "1382.92", "city-2017 2018 patient");
    c.admission_date = c.discharge_date = ymd(2017, 6, 1);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "critical", "712.50");
    ck_assert_str_eq(line_of(s, "assistance")->reason, "the layer is not in force on the as-of date");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "5712.50", "city-2017 2017 patient");
    hpr_policy_free(p);

    /* anhui-351-180, county 50000 in 2018: basic 49500 x 0.80 = 39600; critical
     * deductible 20000 x 0.5: 400 x 0.55 = 220; assistance 10180 x 0.7 = 7126;
     * 351: 3054 left, the patient pays 3000 and the government 54. Out of the
     * province neither assistance nor 351 apply. Chronic outpatient 2000: basic
     * 2000 x 0.6 = 1200, 180 pays 800 x 0.8 = 640. */
    p = hpr_test_load_file("policies/anhui-351-180.json");
    c = inpatient("c", ymd(2018, 6, 1), HPR_LEVEL_COUNTY, "50000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "39600.00");
    ck_paid(s, "critical", "220.00");
    ck_paid(s, "assistance", "7126.00");
    ck_paid(s, "cap_351", "54.00");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "3000.00", "351 at county level");
    c.location = HPR_LOCATION_OUT_OF_PROVINCE;
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "21375.00"); /* (50000 - 2500) x 0.45 */
    ck_assert_int_eq(line_of(s, "assistance")->applied, 0);
    ck_assert_int_eq(line_of(s, "cap_351")->applied, 0);
    hpr_claim o = inpatient("o", ymd(2018, 6, 1), HPR_LEVEL_TOWNSHIP, "2000");
    o.type = HPR_CLAIM_OUTPATIENT_CHRONIC;
    settle_ok(s, NULL, p, &who, &o, 0); /* no diagnosis: not in the chronic batch */
    ck_assert_str_eq(line_of(s, "supplement_180")->reason, "the claim's treatment batch is not covered");
    static const char *const hypertension[] = {"I10"};
    o.diagnoses = hypertension;
    o.ndiagnoses = 1;
    settle_ok(s, NULL, p, &who, &o, 0);
    ck_assert_int_eq(hpr_classification_batch(hpr_settlement_classification(s)), HPR_BATCH_CHRONIC_DISEASE);
    ck_paid(s, "basic_chronic", "1200.00");
    ck_paid(s, "supplement_180", "640.00");
    ck_assert_int_eq(line_of(s, "basic")->applied, 0);
    hpr_policy_free(p);

    /* guangxi-2017, a registered poor patient at a regional hospital out of the
     * province, two admissions in 2018:
     * 1) 200000: basic (200000 - 800) x 0.60 = 119520; critical deductible 5000:
     *    75480 x 0.60 = 45288; assistance 35192 x 0.7 = 24634.40 > cap 20000;
     *    92.4% reimbursed, no top-up.
     * 2) 100000: basic 99200 x 0.60 = 59520; critical on the year's axis from
     *    80480: 19520 x 0.60 + 20960 x 0.70 = 26384; assistance cap spent;
     *    top-up to 90%: 90000 - 85904 = 4096. */
    p = hpr_test_load_file("policies/guangxi-2017.json");
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    c = inpatient("g1", ymd(2018, 3, 1), HPR_LEVEL_PROVINCE, "200000");
    c.location = HPR_LOCATION_OUT_OF_PROVINCE;
    settle_ok(s, l, p, &who, &c, 0);
    ck_paid(s, "basic", "119520.00");
    ck_paid(s, "critical", "45288.00");
    ck_paid(s, "assistance", "20000.00");
    ck_paid(s, "topup_90", "0.00");
    c = inpatient("g2", ymd(2018, 8, 1), HPR_LEVEL_PROVINCE, "100000");
    c.location = HPR_LOCATION_OUT_OF_PROVINCE;
    settle_ok(s, l, p, &who, &c, 0);
    ck_paid(s, "basic", "59520.00");
    ck_paid(s, "critical", "26384.00");
    ck_paid(s, "assistance", "0.00");
    ck_paid(s, "topup_90", "4096.00");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "10000.00", "guangxi 10%");
    /* in the county: no deductible, 0.75 + 0.05 */
    c = inpatient("g3", ymd(2018, 9, 1), HPR_LEVEL_COUNTY, "10000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "8000.00");
    hpr_ledger_free(l);
    hpr_policy_free(p);

    /* chongqing-2018, county 60000 in 2019: basic deductible 400 x 0.5 = 200,
     * (60000 - 200) x (0.70 + 0.10) = 47840; critical deductible 5000: 7160 x 0.55
     * = 3938; assistance 8222 x 0.7 = 5755.40; the fund on the 2466.60 left:
     * 1466.60 x 0.70 = 1026.62; the patient 1439.98. */
    p = hpr_test_load_file("policies/chongqing-2018.json");
    c = inpatient("q", ymd(2019, 6, 1), HPR_LEVEL_COUNTY, "60000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "47840.00");
    ck_paid(s, "critical", "3938.00");
    ck_paid(s, "assistance", "5755.40");
    ck_paid(s, "poverty_fund", "1026.62");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "1439.98", "chongqing patient");
    /* the poor's critical illness cap (300000) is lifted from 2020: a 900000 city
     * admission pays more than 300000 in 2020, exactly 300000 in 2019 */
    c = inpatient("big", ymd(2019, 6, 1), HPR_LEVEL_CITY, "900000");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "critical", "300000.00");
    c.admission_date = c.discharge_date = ymd(2020, 6, 1);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_assert_int_gt(line_of(s, "critical")->paid, yuan("300000"));
    hpr_policy_free(p);

    /* normalised-2021, a 低保 member, county 30000 in 2022: basic (30000 - 400)
     * x 0.80 = 23680; critical deductible set to 5000: 1320 x 0.65 = 858;
     * assistance class 2 (no deductible, 70%): 5462 x 0.7 = 3823.40. */
    p = hpr_test_load_file("policies/normalised-2021.json");
    hpr_status_period dibao[1] = {{"dibao", ymd(2020, 1, 1), HPR_DATE_OPEN}};
    hpr_person d = poor_person();
    d.statuses = dibao;
    c = inpatient("n", ymd(2022, 6, 1), HPR_LEVEL_COUNTY, "30000");
    settle_ok(s, NULL, p, &d, &c, 0);
    ck_paid(s, "basic", "23680.00");
    ck_paid(s, "critical", "858.00");
    ck_paid(s, "assistance", "3823.40");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "1638.60", "dibao patient");
    /* exited in 2021: transition; critical untilted: 6320 < 10000, nothing;
     * assistance (6320 - 2000) x 0.6 = 2592 in 2022; nothing from July 2026 */
    hpr_status_period exited[1] = {{"exited_poverty", ymd(2021, 7, 1), HPR_DATE_OPEN}};
    d.statuses = exited;
    settle_ok(s, NULL, p, &d, &c, 0);
    ck_paid(s, "critical", "0.00");
    ck_paid(s, "assistance", "2592.00");
    c.admission_date = c.discharge_date = ymd(2026, 7, 1);
    settle_ok(s, NULL, p, &d, &c, 0);
    ck_assert_int_eq(line_of(s, "assistance")->applied, 0);
    hpr_policy_free(p);
    hpr_settlement_free(s);
}
END_TEST


/* The error paths of the settlement, ledger and init functions: a status
 * and *out NULL, or an empty answer, never a crash. */
START_TEST(public_error_paths)
{
    hpr_person person;
    hpr_claim claim;
    hpr_settle_options opts;
    ck_assert_int_eq(hpr_person_init(NULL, HPR_PERSON_VERSION), HPR_EINVAL);
    ck_assert_int_eq(hpr_person_init(&person, 0), HPR_EINVAL);
    ck_assert_int_eq(hpr_person_init(&person, HPR_PERSON_VERSION + 1), HPR_EVERSION);
    ck_assert_int_eq(hpr_claim_init(NULL, HPR_CLAIM_VERSION), HPR_EINVAL);
    ck_assert_int_eq(hpr_claim_init(&claim, 0), HPR_EINVAL);
    ck_assert_int_eq(hpr_claim_init(&claim, HPR_CLAIM_VERSION + 1), HPR_EVERSION);
    ck_assert_int_eq(hpr_settle_options_init(NULL, HPR_SETTLE_OPTIONS_VERSION), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle_options_init(&opts, HPR_SETTLE_OPTIONS_VERSION + 1), HPR_EVERSION);
    ck_assert_int_eq(hpr_person_init(&person, HPR_PERSON_VERSION), HPR_OK);
    ck_assert_int_eq(person.income_per_capita, -1);

    hpr_ledger *l = (hpr_ledger *)&l;
    ck_assert_int_eq(hpr_ledger_create(NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_ledger_copy(&l, NULL), HPR_EINVAL);
    ck_assert_ptr_null(l);
    hpr_ledger_entry e = {.paid = 7};
    ck_assert_int_eq(hpr_ledger_get(&e, NULL, "basic"), HPR_EINVAL);
    ck_assert_int_eq(e.paid, 0);
    ck_assert_int_eq(hpr_ledger_policy_year(NULL), 0);
    ck_assert_int_eq(hpr_ledger_patient_paid(NULL), 0);
    char *out = (char *)&out;
    ck_assert_int_eq(hpr_ledger_to_json(&out, NULL), HPR_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(hpr_ledger_from_json(NULL, "{}", 2), HPR_EINVAL);
    ck_assert_int_eq(hpr_ledger_clear(NULL), HPR_EINVAL);
    hpr_ledger_free(NULL);

    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    /* an empty settlement answers with nothing */
    ck_assert_uint_eq(hpr_settlement_line_count(s), 0);
    ck_assert_int_eq(hpr_settlement_amount(s, HPR_AMOUNT_TOTAL), 0);
    ck_assert_int_eq(hpr_settlement_amount(NULL, HPR_AMOUNT_PAID), 0);
    ck_assert_int_eq(hpr_settlement_payer_paid(s, "basic_insurance_fund"), 0);
    ck_assert_int_eq(hpr_settlement_payer_paid(NULL, NULL), 0);
    ck_assert_ptr_null(hpr_settlement_classification(s));
    ck_assert_uint_eq(hpr_settlement_warning_count(s), 0);
    const char *msg = (const char *)&msg;
    ck_assert_ptr_null(hpr_settlement_warning(s, 0, &msg));
    ck_assert_ptr_null(msg);
    ck_assert_uint_eq(hpr_settlement_crossed_count(NULL), 0);
    ck_assert_ptr_null(hpr_settlement_crossed(s, 0));
    hpr_settlement_free(NULL);

    hpr_policy *p = hpr_test_load_file("tests/data/four-layers.json");
    ck_assert_int_eq(hpr_settle_json(NULL, "{}", 2, &out), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle_json(p, NULL, 0, &out), HPR_EINVAL);
    ck_assert_int_eq(hpr_settle_json(p, "{}", 2, NULL), HPR_EINVAL);
    out = (char *)&out;
    ck_assert_int_eq(hpr_settle_json(p, "{}", 2, &out), HPR_EINVAL); /* no person */
    ck_assert_ptr_null(out);
    size_t at = 5;
    ck_assert_int_eq(hpr_monitor_first_crossing(&at, NULL, p, NULL, NULL, 0, NULL), HPR_EINVAL);
    ck_assert_uint_eq(at, 0);
    hpr_person who = poor_person();
    ck_assert_int_eq(hpr_monitor_first_crossing(NULL, NULL, p, &who, NULL, 0, NULL), HPR_EINVAL);
    /* a policy without monitoring rules: nothing is ever crossed */
    hpr_claim c = inpatient("c", ymd(2018, 3, 1), HPR_LEVEL_COUNTY, "900000");
    ck_assert_int_eq(hpr_monitor_first_crossing(&at, NULL, p, &who, &c, 1, NULL), HPR_ENOTFOUND);
    /* a claim that cannot be settled stops the search with its status */
    c.costs.total = 1;
    ck_assert_int_eq(hpr_monitor_first_crossing(&at, NULL, p, &who, &c, 1, NULL), HPR_EINVAL);
    hpr_policy_free(p);
    hpr_settlement_free(s);
}
END_TEST

/* ---- per-disease rules and fixed fees (四定) ---------------------------------- */

/* A policy with a serious-disease catalog (esophageal C15, gastric C16), the
 * classification, fixed fees and the given layers. above: "hospital" or "pay". */
static hpr_policy *load_fee_policy(const char *above, const char *layers)
{
    static const char FMT[] =
        "{'format': 1, 'id': 'fee', 'title': 'fee',"
        " 'sources': {'t': {'title': 'test', 'confidence': 'assumption'}},"
        " 'catalogs': {'serious': {'id': 's', 'title': 's', 'icd10_note': 'test',"
        "   'entries': [{'id': 'esophageal', 'name': 'esophageal cancer', 'codes': ['C15'], 'from': '2017-01-01'},"
        "               {'id': 'gastric', 'name': 'gastric cancer', 'codes': ['C16'], 'from': '2017-01-01'}]}},"
        " 'classification': {'serious_disease': {'catalog': 'serious'}},"
        " 'fixed_fees': {'above': '%s', 'fees': ["
        "   {'diseases': ['esophageal'], 'amount': {'by_level': {'county': '20000', 'province': '30000'}}},"
        "   {'diseases': ['gastric'], 'case_group': 'early', 'amount': '15000'}]},"
        " 'layers': [%s]}";
    size_t n = sizeof FMT + strlen(above) + strlen(layers);
    char *text = malloc(n);
    ck_assert_ptr_nonnull(text);
    snprintf(text, n, FMT, above, layers);
    char *json = hpr_test_jq(text);
    hpr_policy *p = hpr_test_load_text(json, "fee.json");
    free(json);
    free(text);
    return p;
}

static hpr_claim diagnosed(const char *id, hpr_level level, const char *code, const char *total,
                           const char *group)
{
    static const char *codes[8];
    static int next;
    hpr_claim c = inpatient(id, ymd(2018, 5, 1), level, total);
    codes[next % 8] = code;
    c.diagnoses = &codes[next++ % 8];
    c.ndiagnoses = 1;
    c.case_group = group;
    return c;
}

START_TEST(disease_condition_sets_a_ratio_for_one_disease)
{
    /* 50% for everyone, 80% for esophageal cancer (a modifier naming the disease) */
    hpr_policy *p = load_fee_policy("hospital",
        "{'id': 'basic', 'name': 'b', 'kind': 'share', 'payer': 'basic_insurance_fund', 'covers': ['in_scope'],"
        " 'ratio': '0.50', 'modifiers': [{'when': {'diseases': ['esophageal']}, 'ratio_set': '0.80'}]}");
    hpr_person who = poor_person();
    hpr_settlement *s;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_claim c = diagnosed("e", HPR_LEVEL_CITY, "C15.9", "10000", NULL);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "8000"); /* 10000 x 0.80 */
    c = diagnosed("g", HPR_LEVEL_CITY, "C16.0", "10000", NULL);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "5000"); /* another disease: 10000 x 0.50 */
    c = diagnosed("n", HPR_LEVEL_CITY, "I10", "10000", NULL);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "basic", "5000"); /* no classified disease */
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

static const char FEE_LAYERS[] =
    "{'id': 'fund', 'name': 'f', 'kind': 'share', 'payer': 'basic_insurance_fund', 'base': 'fixed_fee',"
    " 'covers': ['in_scope', 'class_b_self', 'out_of_catalog'], 'applies_to': {'diseases': ['esophageal', 'gastric']},"
    " 'ratio': '0.70'},"
    "{'id': 'assist', 'name': 'a', 'kind': 'share', 'payer': 'medical_assistance', 'base': 'fixed_fee',"
    " 'covers': ['in_scope', 'class_b_self', 'out_of_catalog'], 'ratio': '0.20'}";

START_TEST(fixed_fee_at_below_and_above)
{
    hpr_policy *p = load_fee_policy("hospital", FEE_LAYERS);
    hpr_person who = poor_person();
    hpr_settlement *s;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    /* at the county fee of 20000: 70% / 20% / the patient 10% */
    hpr_claim c = diagnosed("at", HPR_LEVEL_COUNTY, "C15", "20000", NULL);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "fund", "14000");
    ck_paid(s, "assist", "4000");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "2000", "patient at the fee");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_WAIVER), "0", "no reduction at the fee");
    /* below: the shares are of the cost, 15000 */
    c = diagnosed("below", HPR_LEVEL_COUNTY, "C15", "15000", NULL);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "fund", "10500");
    ck_paid(s, "assist", "3000");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "1500", "patient below the fee");
    /* above: the hospital bears the 6000 above 20000; the shares are of the fee */
    c = diagnosed("above", HPR_LEVEL_COUNTY, "C15", "26000", NULL);
    settle_ok(s, NULL, p, &who, &c, HPR_SETTLE_EXPLAIN);
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_WAIVER), "6000", "the hospital's part above the fee");
    ck_paid(s, "fund", "14000");
    ck_paid(s, "assist", "4000");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "2000", "patient above the fee");
    const hpr_settlement_line *l = line_of(s, "fund");
    ck_assert_uint_gt(l->nsteps, 0);
    ck_assert_ptr_nonnull(strstr(l->steps[0], "fixed fee (定额) 20000.00 for esophageal"));
    ck_assert_ptr_nonnull(strstr(l->steps[0], "the hospital bears 6000.00 above the fee"));
    /* by level: 30000 at a provincial hospital, so 26000 is below it */
    c = diagnosed("province", HPR_LEVEL_PROVINCE, "C15", "26000", NULL);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "fund", "18200");
    ck_paid(s, "assist", "5200");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_WAIVER), "0", "below the provincial fee");
    /* no fee at city level: the fee layers do not apply */
    c = diagnosed("city", HPR_LEVEL_CITY, "C15", "26000", NULL);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_assert_int_eq(line_of(s, "fund")->applied, 0);
    ck_assert_str_eq(line_of(s, "fund")->reason, "the claim has no fixed fee (定额) under the policy");
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "26000", "no fee: nothing paid");
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

START_TEST(fixed_fee_by_case_group)
{
    hpr_policy *p = load_fee_policy("hospital", FEE_LAYERS);
    hpr_person who = poor_person();
    hpr_settlement *s;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_claim c = diagnosed("early", HPR_LEVEL_CITY, "C16", "15000", "early");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_paid(s, "fund", "10500");
    ck_paid(s, "assist", "3000");
    /* the fee is for the "early" group only: another group, or none, has no fee and a warning says so */
    c = diagnosed("late", HPR_LEVEL_CITY, "C16", "15000", "late");
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_assert_int_eq(line_of(s, "fund")->applied, 0);
    const char *msg = NULL;
    for (size_t i = 0; i < hpr_settlement_warning_count(s); i++) { /* and unknown_status: no kinds here */
        const char *m;
        if (strcmp(hpr_settlement_warning(s, i, &m), "no_fixed_fee") == 0)
            msg = m;
    }
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "\"late\""));
    /* a version-1 caller's claim has no case group */
    c = diagnosed("v1", HPR_LEVEL_CITY, "C16", "15000", "early");
    c.version = 1;
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_assert_int_eq(line_of(s, "fund")->applied, 0);
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

START_TEST(fixed_fee_above_paid_as_usual)
{
    /* Sichuan's form: the cost above the fee is paid at 40% by its own layer */
    char layers[2048];
    snprintf(layers, sizeof layers, "%s,{'id': 'above40', 'name': 'x', 'kind': 'share', 'payer': "
             "'basic_insurance_fund', 'base': 'above_fixed_fee', 'covers': ['in_scope'], 'ratio': '0.40'}",
             FEE_LAYERS);
    hpr_policy *p = load_fee_policy("pay", layers);
    hpr_person who = poor_person();
    hpr_settlement *s;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_claim c = diagnosed("above", HPR_LEVEL_COUNTY, "C15", "26000", NULL);
    settle_ok(s, NULL, p, &who, &c, 0);
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_WAIVER), "0", "nothing borne by the hospital");
    ck_paid(s, "fund", "14000");   /* 20000 x 0.70 */
    ck_paid(s, "assist", "4000");  /* 20000 x 0.20, of the 12000 unpaid */
    ck_paid(s, "above40", "2400"); /* (26000 - 20000) x 0.40 */
    ck_money(hpr_settlement_amount(s, HPR_AMOUNT_PATIENT), "5600", "patient");
    hpr_settlement_free(s);
    hpr_policy_free(p);
}
END_TEST

START_TEST(disease_and_fee_errors_are_located)
{
    static const char *const bad[][2] = {
        /* an unknown entry in a condition */
        {"{'id': 'x', 'name': 'x', 'kind': 'share', 'payer': 'basic_insurance_fund', 'covers': ['in_scope'],"
         " 'applies_to': {'diseases': ['esophagael']}, 'ratio': '0.5'}",
         "/layers/0/applies_to/diseases/0"},
        /* a fee base on a layer kind that has none */
        {"{'id': 'x', 'name': 'x', 'kind': 'oop_cap', 'payer': 'fiscal_safety_net', 'covers': ['in_scope'],"
         " 'base': 'fixed_fee', 'limit': '3000'}",
         "/layers/0/base"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char fmt[4096];
        snprintf(fmt, sizeof fmt,
                 "{'format': 1, 'id': 'fee', 'title': 'fee',"
                 " 'sources': {'t': {'title': 'test', 'confidence': 'assumption'}},"
                 " 'catalogs': {'serious': {'id': 's', 'title': 's', 'icd10_note': 'test',"
                 "   'entries': [{'id': 'esophageal', 'name': 'e', 'codes': ['C15'], 'from': '2017-01-01'}]}},"
                 " 'fixed_fees': {'above': 'hospital', 'fees': [{'diseases': ['esophageal'], 'amount': '1'},"
                 "   {'diseases': ['esophageal'], 'amount': '2'}, {'diseases': ['gastric'], 'amount': '3'}]},"
                 " 'layers': [%s]}", bad[i][0]);
        char *json = hpr_test_jq(fmt);
        hpr_policy *p = NULL;
        hpr_diagnostics *d = NULL;
        ck_assert_int_eq(hpr_policy_load_buffer(&p, &d, json, strlen(json), "bad.json", NULL), HPR_EPOLICY);
        bool layer_error = false, dup = false, unknown_fee_entry = false;
        for (size_t k = 0; k < hpr_diagnostics_count(d); k++) {
            const hpr_diagnostic *g = hpr_diagnostics_get(d, k);
            ck_assert_int_gt(g->line, 0);
            layer_error |= strcmp(g->pointer, bad[i][1]) == 0;
            dup |= strcmp(g->pointer, "/fixed_fees/fees/1") == 0 && strstr(g->message, "same disease") != NULL;
            unknown_fee_entry |= strcmp(g->pointer, "/fixed_fees/fees/2/diseases/0") == 0 &&
                                 strstr(g->message, "no catalog of the policy has an entry \"gastric\"") != NULL;
        }
        ck_assert_msg(layer_error, "case %zu: no error at %s", i, bad[i][1]);
        ck_assert(dup);
        ck_assert(unknown_fee_entry);
        hpr_diagnostics_free(d);
        free(json);
    }
}
END_TEST

Suite *hpr_settle_suite(void)
{
    Suite *s = suite_create("settle");
    /* one TCase per area: CK_RUN_CASE=<area> runs one */
    TCase *layers = tcase_create("layers");
    tcase_add_test(layers, four_layers_over_a_year);
    tcase_add_test(layers, domain_example_2_critical_bands);
    tcase_add_test(layers, gansu_formulas);
    tcase_add_test(layers, target_ratio_and_remainder_share);
    tcase_add_test(layers, modifiers_caps_rounding);
    suite_add_tcase(s, layers);
    TCase *conditions = tcase_create("conditions");
    tcase_add_test(conditions, eligibility_conditions);
    tcase_add_test(conditions, family_doctor_condition_both_ways);
    suite_add_tcase(s, conditions);
    TCase *ledger = tcase_create("ledger");
    tcase_add_test(ledger, ledger_years_and_json);
    suite_add_tcase(s, ledger);
    TCase *explain = tcase_create("explain");
    tcase_add_test(explain, explanations);
    suite_add_tcase(s, explain);
    TCase *json = tcase_create("json");
    tcase_add_test(json, json_entry_point_matches_c_api);
    suite_add_tcase(s, json);
    TCase *policies = tcase_create("policies");
    tcase_add_test(policies, shipped_policies_by_hand);
    suite_add_tcase(s, policies);
    TCase *fees = tcase_create("fees");
    tcase_add_test(fees, disease_condition_sets_a_ratio_for_one_disease);
    tcase_add_test(fees, fixed_fee_at_below_and_above);
    tcase_add_test(fees, fixed_fee_by_case_group);
    tcase_add_test(fees, fixed_fee_above_paid_as_usual);
    tcase_add_test(fees, disease_and_fee_errors_are_located);
    suite_add_tcase(s, fees);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, layer_validation_errors);
    tcase_add_test(errors, bad_inputs);
    tcase_add_test(errors, public_error_paths);
    suite_add_tcase(s, errors);
    return s;
}
