/* SPDX-License-Identifier: MIT */
/* The three batches, eligibility and relapse-risk monitoring on the shipped
 * policies and catalogs. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

#ifndef HPR_SOURCE_DIR
# error "HPR_SOURCE_DIR must be defined by the build"
#endif

static hpr_date day(const char *s)
{
    hpr_date out;
    ck_assert_int_eq(hpr_date_parse(&out, s, strlen(s)), HPR_OK);
    return out;
}

static cJSON *read_json(const char *rel)
{
    char *text = hpr_test_read_source(rel);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    ck_assert_ptr_nonnull(doc);
    return doc;
}

static hpr_status_period statuses[2];
static hpr_enrollment enrollment[1];

/* A registered-poor person born on `born`, enrolled since 2016. */
static hpr_person person_born(const char *born)
{
    statuses[0] = (hpr_status_period){"registered_poor", ymd(2016, 1, 1), HPR_DATE_OPEN};
    enrollment[0] = (hpr_enrollment){"resident_basic", ymd(2016, 1, 1), HPR_DATE_OPEN};
    hpr_person p = HPR_PERSON_INIT;
    p.id = "p";
    p.birth_date = day(born);
    p.statuses = statuses;
    p.nstatuses = 1;
    p.enrollments = enrollment;
    p.nenrollments = 1;
    return p;
}

static const char *diag_one[1];
static const char *desig_one[1];

static hpr_claim admission(const char *on, const char *code, const char *designated)
{
    hpr_claim c = HPR_CLAIM_INIT;
    c.id = "c";
    c.type = HPR_CLAIM_INPATIENT;
    c.admission_date = c.discharge_date = day(on);
    c.level = HPR_LEVEL_CITY;
    c.location = HPR_LOCATION_IN_CITY;
    diag_one[0] = code;
    c.diagnoses = diag_one;
    c.ndiagnoses = code ? 1 : 0;
    desig_one[0] = designated;
    c.designated = desig_one;
    c.ndesignated = designated ? 1 : 0;
    c.costs.total = c.costs.in_scope = 1000000;
    return c;
}

static int has_reason(const hpr_classification *c, const char *part)
{
    for (size_t i = 0; i < hpr_classification_reason_count(c); i++)
        if (strstr(hpr_classification_reason(c, i), part))
            return 1;
    return 0;
}

/* Codes inside a pattern: its low end, the low end with a subcode, its high end. */
static void probe_codes(const char *pattern, char out[3][24])
{
    char lo[16], hi[16];
    const char *dash = strchr(pattern, '-');
    if (dash) {
        snprintf(lo, sizeof lo, "%.*s", (int)(dash - pattern), pattern);
        snprintf(hi, sizeof hi, "%s", dash + 1);
    } else {
        snprintf(lo, sizeof lo, "%s", pattern);
        snprintf(hi, sizeof hi, "%s", pattern);
    }
    snprintf(out[0], 24, "%s", lo);
    snprintf(out[1], 24, "%s%s9", lo, strchr(lo, '.') ? "" : ".");
    snprintf(out[2], 24, "%s", hi);
}

/* Every entry of the national serious-disease catalog classifies as itself
 * on the day it enters the list and not the day before; the list has 9, 21,
 * 25 and 30 entries in 2017 to 2020. */
START_TEST(walk_serious_catalog)
{
    hpr_policy *p = hpr_test_load_file("policies/city-2017.json");
    cJSON *doc = read_json("catalogs/national-serious-diseases.json");
    hpr_classification *c = NULL;
    ck_assert_int_eq(hpr_classification_create(&c), HPR_OK);
    int per_year[4] = {0};
    int checked = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "entries"))
    {
        const char *id = cJSON_GetObjectItemCaseSensitive(e, "id")->valuestring;
        const char *from = cJSON_GetObjectItemCaseSensitive(e, "from")->valuestring;
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(e, "to");
        const cJSON *max_age = cJSON_GetObjectItemCaseSensitive(e, "max_age");
        for (int y = 2017; y <= 2020; y++) {
            char mid[16];
            snprintf(mid, sizeof mid, "%d-06-01", y);
            if (strcmp(from, mid) <= 0 && (!to || strcmp(mid, to->valuestring) <= 0))
                per_year[y - 2017]++;
        }
        hpr_person who = person_born(max_age ? "2010-01-01" : "1960-01-01");
        const cJSON *code;
        cJSON_ArrayForEach(code, cJSON_GetObjectItemCaseSensitive(e, "codes"))
        {
            char probes[3][24];
            probe_codes(code->valuestring, probes);
            for (int k = 0; k < 3; k++) {
                hpr_claim cl = admission(from, probes[k], id);
                if (cl.admission_date < ymd(2017, 1, 1))
                    continue;
                ck_assert_int_eq(hpr_classify(c, p, &who, &cl, NULL), HPR_OK);
                ck_assert_msg(hpr_classification_batch(c) == HPR_BATCH_SERIOUS_DISEASE &&
                                  strcmp(hpr_classification_entry(c), id) == 0,
                              "%s (%s) on %s: batch %s entry %s", probes[k], id, from,
                              hpr_batch_name(hpr_classification_batch(c)),
                              hpr_classification_entry(c) ? hpr_classification_entry(c) : "-");
                const char *m = NULL;
                ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "serious", probes[k], cl.admission_date),
                                 HPR_OK);
                ck_assert_str_eq(m, id);
                /* the day before it entered the list it was not this entry */
                if (hpr_policy_catalog_match(&m, p, "serious", probes[k], cl.admission_date - 1) == HPR_OK)
                    ck_assert_str_ne(m, id);
                checked++;
            }
        }
    }
    ck_assert_int_eq(per_year[0], 9);
    ck_assert_int_eq(per_year[1], 21);
    ck_assert_int_eq(per_year[2], 25);
    ck_assert_int_eq(per_year[3], 30);
    ck_assert_int_ge(checked, 100);
    cJSON_Delete(doc);
    hpr_classification_free(c);
    hpr_policy_free(p);
}
END_TEST

/* The chronic catalogs, walked the same way against the catalog matcher. */
START_TEST(walk_chronic_catalog)
{
    hpr_policy *p = hpr_test_load_file("policies/city-2017.json");
    cJSON *doc = read_json("catalogs/priority-chronic-diseases.json");
    const cJSON *e;
    int n = 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "entries"))
    {
        const char *id = cJSON_GetObjectItemCaseSensitive(e, "id")->valuestring;
        const cJSON *code;
        cJSON_ArrayForEach(code, cJSON_GetObjectItemCaseSensitive(e, "codes"))
        {
            char probes[3][24];
            probe_codes(code->valuestring, probes);
            for (int k = 0; k < 3; k++) {
                const char *m = NULL;
                ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "chronic", probes[k], ymd(2018, 1, 1)),
                                 HPR_OK);
                ck_assert_str_eq(m, id);
                n++;
            }
        }
    }
    ck_assert_int_eq(n, 3 * 9);
    cJSON_Delete(doc);
    hpr_policy_free(p);
}
END_TEST

START_TEST(dates_ages_ranges_designation)
{
    hpr_policy *p = hpr_test_load_file("policies/city-2017.json");
    hpr_classification *c = NULL;
    ck_assert_int_eq(hpr_classification_create(&c), HPR_OK);
    hpr_person adult = person_born("1950-03-01");

    /* a stroke admission in 2018 is not in the serious batch; in 2019 it is */
    hpr_claim cl = admission("2018-05-01", "I63.9", "stroke");
    ck_assert_int_eq(hpr_classify(c, p, &adult, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_NONE);
    ck_assert(has_reason(c, "on the list only from 2019-01-01"));
    cl = admission("2019-05-01", "I63.9", "stroke");
    ck_assert_int_eq(hpr_classify(c, p, &adult, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_SERIOUS_DISEASE);
    ck_assert_str_eq(hpr_classification_entry(c), "stroke");
    ck_assert_str_eq(hpr_classification_diagnosis(c), "I63.9");
    ck_assert(has_reason(c, "the project's own mapping"));

    /* a 2020 severe mental illness admission is serious; in 2019 it is chronic */
    cl = admission("2020-02-01", "F20.0", "severe_mental_illness");
    ck_assert_int_eq(hpr_classify(c, p, &adult, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_SERIOUS_DISEASE);
    ck_assert_str_eq(hpr_classification_entry(c), "severe_mental_illness");
    cl = admission("2019-02-01", "F20.0", "severe_mental_illness");
    ck_assert_int_eq(hpr_classify(c, p, &adult, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_CHRONIC_DISEASE);
    ck_assert_str_eq(hpr_classification_entry(c), "severe_mental_disorder");

    /* age limits: leukaemia at 15 is not under the 14-and-under rule, at 14 it is;
     * the birthday decides */
    hpr_person teen = person_born("2004-06-15");
    cl = admission("2019-06-14", "C91.0", "child_leukaemia"); /* 14 the day before the birthday */
    ck_assert_int_eq(hpr_classify(c, p, &teen, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_SERIOUS_DISEASE);
    ck_assert(has_reason(c, "age 14 is within 0 to 14"));
    cl = admission("2019-06-15", "C91.0", "child_leukaemia"); /* 15 */
    ck_assert_int_eq(hpr_classify(c, p, &teen, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_NONE);
    ck_assert(has_reason(c, "the patient is 15"));

    /* ranges and prefixes, case and dots */
    const struct {
        const char *code, *entry;
    } hits[] = {{"H25.9", "cataract"},   {"H26.0", "cataract"},          {"h26", "cataract"},
                {"C34.1", "lung_cancer"}, {"c341", "lung_cancer"},        {"J65", "pneumoconiosis"},
                {"Q35.1", "cleft_lip_palate"}, {"N18.5", "end_stage_renal_disease"}};
    const char *misses[] = {"H27", "H24.9", "J66", "C33", "Q21.2", "N18.4"};
    const char *m;
    for (size_t i = 0; i < sizeof hits / sizeof *hits; i++) {
        ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "serious", hits[i].code, ymd(2020, 1, 1)), HPR_OK);
        ck_assert_str_eq(m, hits[i].entry);
    }
    for (size_t i = 0; i < sizeof misses / sizeof *misses; i++)
        ck_assert_msg(hpr_policy_catalog_match(&m, p, "serious", misses[i], ymd(2020, 1, 1)) ==
                          HPR_ENOTFOUND,
                      "%s matched %s", misses[i], m);
    ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "serious", "C3#", ymd(2020, 1, 1)), HPR_EPARSE);
    ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "nope", "C34", ymd(2020, 1, 1)), HPR_ENOTFOUND);

    /* designation: a lung cancer admission at a facility not designated for it */
    cl = admission("2019-05-01", "C34.1", NULL);
    ck_assert_int_eq(hpr_classify(c, p, &adult, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_NONE);
    ck_assert(has_reason(c, "not designated"));

    /* a person in no poverty category is none, with that reason */
    hpr_person rich = adult;
    rich.nstatuses = 0;
    cl = admission("2019-05-01", "C34.1", "lung_cancer");
    ck_assert_int_eq(hpr_classify(c, p, &rich, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_NONE);
    ck_assert(has_reason(c, "none of the categories"));

    /* secondary diagnoses count when the primary matches nothing */
    static const char *two[] = {"Z51.1", "C50.9"};
    cl = admission("2019-05-01", NULL, "breast_cancer");
    cl.diagnoses = two;
    cl.ndiagnoses = 2;
    ck_assert_int_eq(hpr_classify(c, p, &adult, &cl, NULL), HPR_OK);
    ck_assert_str_eq(hpr_classification_entry(c), "breast_cancer");
    ck_assert_int_eq(hpr_classify(NULL, p, &adult, &cl, NULL), HPR_EINVAL);
    hpr_classification_free(c);
    hpr_policy_free(p);
}
END_TEST

/* Eligibility: categories with reasons, the transition, enrollment,
 * treat-first-pay-later and each layer's answer. */
START_TEST(eligibility_answers)
{
    hpr_policy *p = hpr_test_load_file("policies/normalised-2021.json");
    hpr_eligibility *e = NULL;
    ck_assert_int_eq(hpr_eligibility_create(&e), HPR_OK);
    hpr_status_period st[1] = {{"exited_poverty", ymd(2020, 11, 30), HPR_DATE_OPEN}};
    hpr_enrollment en[1] = {{"resident_basic", ymd(2016, 1, 1), ymd(2024, 12, 31)}};
    hpr_person who = HPR_PERSON_INIT;
    who.id = "x";
    who.birth_date = ymd(1970, 1, 1);
    who.statuses = st;
    who.nstatuses = 1;
    who.enrollments = en;
    who.nenrollments = 1;

    /* exited 2020: in the poverty population (transition) in 2023 */
    ck_assert_int_eq(hpr_eligibility_check(e, p, &who, ymd(2023, 6, 1), NULL), HPR_OK);
    ck_assert_uint_eq(hpr_eligibility_category_count(e), 1);
    const char *why = NULL;
    ck_assert_str_eq(hpr_eligibility_category(e, 0, &why), "transition");
    ck_assert_ptr_nonnull(strstr(why, "5-year transition period, which ends on 2025-11-29"));
    ck_assert_int_eq(hpr_eligibility_enrolled(e), 1);
    /* assistance applies to the transition population; whether basic applies
     * depends on the claim type, so it is unknown without a claim */
    int applies = 0;
    for (size_t i = 0; i < hpr_eligibility_layer_count(e); i++) {
        const char *id = hpr_eligibility_layer(e, i, &applies, &why);
        if (strcmp(id, "assistance") == 0 || strcmp(id, "basic") == 0)
            ck_assert_int_eq(applies, HPR_ELIGIBILITY_UNKNOWN);
    }
    ck_assert_int_eq(hpr_eligibility_treat_first_pay_later(e, &why), 0); /* class 1-3 only */

    /* not in 2026, and no longer enrolled: no insurance layer, with the reason */
    hpr_claim cl = admission("2026-03-01", "C34.1", NULL);
    ck_assert_int_eq(hpr_eligibility_check(e, p, &who, ymd(2026, 3, 1), &cl), HPR_OK);
    ck_assert_uint_eq(hpr_eligibility_category_count(e), 0);
    ck_assert_int_eq(hpr_eligibility_enrolled(e), 0);
    const char *id = hpr_eligibility_layer(e, 0, &applies, &why);
    ck_assert_str_eq(id, "basic");
    ck_assert_int_eq(applies, 0);
    ck_assert_str_eq(why, "the person is not enrolled on the as-of date");
    id = hpr_eligibility_layer(e, 2, &applies, &why);
    ck_assert_str_eq(id, "assistance");
    ck_assert_int_eq(applies, 0);
    ck_assert_ptr_nonnull(strstr(why, "none of the required categories"));

    /* treat first, pay later under the 2017 city plan: registered poor, enrolled, in the county */
    hpr_policy *city = hpr_test_load_file("policies/city-2017.json");
    hpr_person poor = person_born("1960-01-01");
    cl = admission("2018-04-01", "C34.1", NULL);
    cl.location = HPR_LOCATION_IN_COUNTY;
    cl.level = HPR_LEVEL_COUNTY;
    ck_assert_int_eq(hpr_eligibility_check(e, city, &poor, cl.discharge_date, &cl), HPR_OK);
    ck_assert_int_eq(hpr_eligibility_treat_first_pay_later(e, &why), 1);
    ck_assert_ptr_null(why);
    ck_assert_int_eq(hpr_eligibility_one_stop(e, NULL), 1);
    cl.location = HPR_LOCATION_IN_PROVINCE;
    ck_assert_int_eq(hpr_eligibility_check(e, city, &poor, cl.discharge_date, &cl), HPR_OK);
    ck_assert_int_eq(hpr_eligibility_treat_first_pay_later(e, &why), 0);
    ck_assert_str_eq(why, "care at this location is not covered");
    ck_assert_str_eq(hpr_eligibility_category(e, 0, &why), "registered_poor");
    ck_assert_str_eq(why, "status registered_poor held since 2016-01-01");
    char *json = NULL;
    ck_assert_int_eq(hpr_eligibility_to_json(&json, e), HPR_OK);
    cJSON *parsed = cJSON_Parse(json);
    ck_assert_ptr_nonnull(parsed);
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(parsed, "treat_first_pay_later"), "value")));
    cJSON_Delete(parsed);
    hpr_free(json);
    ck_assert_int_eq(hpr_eligibility_check(e, city, NULL, cl.discharge_date, &cl), HPR_EINVAL);
    ck_assert_uint_eq(hpr_eligibility_layer_count(e), 0);
    hpr_policy_free(city);
    hpr_eligibility_free(e);
    hpr_policy_free(p);
}
END_TEST

/* Relapse-risk monitoring: the line is 50% of the 2021 reference income
 * (18931 x 0.5 = 9465.50) for the exited-poverty population in 2022; the
 * patient pays 4100 out of catalogue at each visit; the warning fires at the
 * third visit (12300) and not before, and not again at the fourth. */
START_TEST(monitoring_fires_at_the_crossing)
{
    hpr_policy *p = hpr_test_load_file("policies/normalised-2021.json");
    hpr_status_period st[1] = {{"exited_poverty", ymd(2020, 11, 30), HPR_DATE_OPEN}};
    hpr_enrollment en[1] = {{"resident_basic", ymd(2016, 1, 1), HPR_DATE_OPEN}};
    hpr_person who = HPR_PERSON_INIT;
    who.id = "m";
    who.birth_date = ymd(1970, 1, 1);
    who.statuses = st;
    who.nstatuses = 1;
    who.enrollments = en;
    who.nenrollments = 1;
    hpr_claim cs[5];
    static const char *const ids[5] = {"m1", "m2", "m3", "m4", "m5"};
    for (int i = 0; i < 5; i++) {
        cs[i] = admission("2022-01-10", NULL, NULL);
        cs[i].id = ids[i];
        cs[i].admission_date = cs[i].discharge_date = ymd(2022, 2 + i, 10);
        cs[i].type = HPR_CLAIM_OUTPATIENT;
        cs[i].costs.in_scope = 0;
        cs[i].costs.out_of_catalog = cs[i].costs.total = 410000; /* 4100.00 */
    }
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    const char *crossed[5] = {NULL};
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(hpr_settle(s, l, p, &who, &cs[i], NULL), HPR_OK);
        crossed[i] = hpr_settlement_crossed_count(s) ? hpr_settlement_crossed(s, 0) : NULL;
        if (i == 2) {
            const char *msg = NULL;
            ck_assert_str_eq(hpr_settlement_warning(s, 0, &msg), "relapse_risk");
            ck_assert_ptr_nonnull(strstr(msg, "passed 9465.50"));
        }
    }
    ck_assert_ptr_null(crossed[0]);
    ck_assert_ptr_null(crossed[1]);
    ck_assert_str_eq(crossed[2], "relapse_risk");
    ck_assert_ptr_null(crossed[3]);
    ck_assert_str_eq(crossed[4], "impoverishment_risk"); /* 20500 > 18931 */
    size_t at = 99;
    const char *rule = NULL;
    ck_assert_int_eq(hpr_monitor_first_crossing(&at, &rule, p, &who, cs, 5, NULL), HPR_OK);
    ck_assert_uint_eq(at, 2);
    ck_assert_str_eq(rule, "relapse_risk");
    ck_assert_int_eq(hpr_monitor_first_crossing(&at, &rule, p, &who, cs, 2, NULL), HPR_ENOTFOUND);
    /* the fifth claim is also a severe illness: 16400 + 4100 passes 20000 */
    ck_assert_int_eq(hpr_classification_batch(hpr_settlement_classification(s)), HPR_BATCH_SEVERE_ILLNESS);
    hpr_settlement_free(s);
    hpr_ledger_free(l);
    hpr_policy_free(p);
}
END_TEST

/* The settlement JSON carries the classification (with reasons when
 * explaining) and the eligibility. */
START_TEST(settlement_json_carries_classification)
{
    hpr_policy *p = hpr_test_load_file("policies/guangxi-2017.json");
    const char *req =
        "{\"person\": {\"id\": \"p\", \"birth_date\": \"2012-02-02\","
        " \"statuses\": [{\"kind\": \"registered_poor\", \"from\": \"2016-01-01\"}],"
        " \"enrollment\": [{\"scheme\": \"resident_basic\", \"from\": \"2016-01-01\"}]},"
        " \"explain\": true,"
        " \"claims\": [{\"id\": \"k\", \"type\": \"inpatient\", \"admission_date\": \"2018-04-01\","
        "  \"facility\": {\"level\": \"province\", \"designated\": [\"child_leukaemia\"]},"
        "  \"location\": \"in_province\", \"diagnoses\": [\"C91.00\"],"
        "  \"costs\": {\"total\": \"80000\", \"in_scope\": \"80000\"}}]}";
    char *resp = NULL;
    ck_assert_msg(hpr_settle_json(p, req, strlen(req), &resp) == HPR_OK, "%s", hpr_error_last()->message);
    cJSON *r = cJSON_Parse(resp);
    const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "settlements"), 0);
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(s0, "classification");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cls, "batch")->valuestring, "serious_disease");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cls, "entry")->valuestring, "child_leukaemia");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(cls, "diagnosis")->valuestring, "C91.00");
    ck_assert_int_ge(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cls, "reasons")), 2);
    const cJSON *elig = cJSON_GetObjectItemCaseSensitive(s0, "eligibility");
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(elig, "enrolled")));
    /* in the province, not the county: no treat-first-pay-later, but one-stop */
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(elig, "treat_first_pay_later")));
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(elig, "one_stop")));
    cJSON_Delete(r);
    hpr_free(resp);
    hpr_policy_free(p);
}
END_TEST


/* A provincial list included from memory with a base directory, an entry
 * overridden and one added, and the Hebei age rule (60 and over). */
START_TEST(provincial_list_override_and_min_age)
{
    static const char text[] =
        "{\"format\": 1, \"id\": \"hebei-test\", \"title\": \"t\","
        " \"sources\": {\"t\": {\"title\": \"test\", \"confidence\": \"assumption\"}},"
        " \"status_kinds\": [\"registered_poor\"],"
        " \"categories\": {\"registered_poor\": {\"statuses\": [\"registered_poor\"]}},"
        " \"catalogs\": {\"hebei\": {\"include\": \"hebei-chronic-4-plus-6.json\", \"override\": ["
        "   {\"id\": \"hypertension\", \"name\": \"hypertension from 2019\", \"codes\": [\"I10\"], \"from\": \"2019-01-01\", \"ref\": \"t\"},"
        "   {\"id\": \"gout\", \"name\": \"gout\", \"codes\": [\"M10\"], \"from\": \"2018-01-01\"}]}},"
        " \"classification\": {\"chronic_disease\": {\"catalog\": \"hebei\"}},"
        " \"layers\": []}";
    hpr_policy_options o;
    hpr_policy_options_init(&o, HPR_POLICY_OPTIONS_VERSION);
    o.base_dir = HPR_SOURCE_DIR "/catalogs";
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    ck_assert_msg(hpr_policy_load_buffer(&p, &d, text, strlen(text), "hebei-test.json", &o) == HPR_OK, "%s",
                  hpr_error_last()->message);
    hpr_diagnostics_free(d);
    const char *m;
    /* the override moved hypertension to 2019 and dropped I11-I15 */
    ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "hebei", "I10", ymd(2018, 6, 1)), HPR_ENOTFOUND);
    ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "hebei", "I10", ymd(2019, 6, 1)), HPR_OK);
    ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "hebei", "I11.9", ymd(2019, 6, 1)), HPR_ENOTFOUND);
    ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "hebei", "M10.0", ymd(2018, 6, 1)), HPR_OK);
    ck_assert_str_eq(m, "gout");
    ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "hebei", "M17.1", ymd(2018, 6, 1)), HPR_OK);
    ck_assert_str_eq(m, "osteoarthritis");
    /* severe chronic bronchitis of the elderly: 60 and over */
    hpr_classification *c = NULL;
    ck_assert_int_eq(hpr_classification_create(&c), HPR_OK);
    hpr_person old = person_born("1958-07-01");
    hpr_claim cl = admission("2018-06-30", "J42", NULL);
    cl.type = HPR_CLAIM_OUTPATIENT_CHRONIC;
    ck_assert_int_eq(hpr_classify(c, p, &old, &cl, NULL), HPR_OK); /* 59 */
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_NONE);
    ck_assert(has_reason(c, "the patient is 59"));
    cl.admission_date = cl.discharge_date = ymd(2018, 7, 1); /* 60 */
    ck_assert_int_eq(hpr_classify(c, p, &old, &cl, NULL), HPR_OK);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_CHRONIC_DISEASE);
    ck_assert_str_eq(hpr_classification_entry(c), "severe_chronic_bronchitis_elderly");
    hpr_classification_free(c);
    hpr_policy_free(p);

    /* a missing include and a bad code are located errors */
    static const char bad[] =
        "{\"format\": 1, \"id\": \"bad\", \"title\": \"t\", \"sources\": {},"
        " \"catalogs\": {\"a\": {\"include\": \"no-such-file.json\"},"
        "               \"b\": {\"id\": \"b\", \"title\": \"b\", \"icd10_note\": \"n\","
        "                      \"entries\": [{\"id\": \"x\", \"name\": \"x\", \"codes\": [\"C1#\"], \"from\": \"2018-01-01\"}]}}}";
    p = (hpr_policy *)&p;
    ck_assert_int_eq(hpr_policy_load_buffer(&p, &d, bad, strlen(bad), "bad.json", &o), HPR_EPOLICY);
    ck_assert_ptr_null(p);
    ck_assert_uint_eq(hpr_diagnostics_error_count(d), 2);
    ck_assert_str_eq(hpr_diagnostics_get(d, 0)->pointer, "/catalogs/a/include");
    ck_assert_ptr_nonnull(strstr(hpr_diagnostics_get(d, 0)->message, "cannot include"));
    ck_assert_str_eq(hpr_diagnostics_get(d, 1)->pointer, "/catalogs/b/entries/0/codes/0");
    hpr_diagnostics_free(d);
}
END_TEST


/* The eligibility JSON entry point answers as the C API does. */
START_TEST(eligibility_json_entry_point)
{
    hpr_policy *p = hpr_test_load_file("policies/city-2017.json");
    const char *req =
        "{\"person\": {\"id\": \"p\", \"birth_date\": \"1960-01-01\","
        " \"statuses\": [{\"kind\": \"registered_poor\", \"from\": \"2016-01-01\"}],"
        " \"enrollment\": [{\"scheme\": \"resident_basic\", \"from\": \"2016-01-01\"}]},"
        " \"on\": \"2018-04-01\","
        " \"claim\": {\"id\": \"c\", \"type\": \"inpatient\", \"admission_date\": \"2018-04-01\","
        "  \"facility\": {\"level\": \"county\"}, \"location\": \"in_county\","
        "  \"costs\": {\"total\": \"100\", \"in_scope\": \"100\"}}}";
    char *resp = NULL;
    ck_assert_msg(hpr_eligibility_json(p, req, strlen(req), &resp) == HPR_OK, "%s", hpr_error_last()->message);
    cJSON *r = cJSON_Parse(resp);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(r, "treat_first_pay_later"), "value")));
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(
                         cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "categories"), 0), "name")
                         ->valuestring,
                     "registered_poor");
    cJSON_Delete(r);
    hpr_free(resp);
    const char *bad = "{\"person\": {\"id\": \"p\", \"birth_date\": \"1960-01-01\"}, \"on\": \"2018-02-30\"}";
    resp = (char *)&resp;
    ck_assert_int_eq(hpr_eligibility_json(p, bad, strlen(bad), &resp), HPR_EPARSE);
    ck_assert_ptr_null(resp);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "/on"));
    hpr_policy_free(p);
}
END_TEST


/* The error paths of classification and eligibility. */
START_TEST(classify_eligibility_error_paths)
{
    ck_assert_str_eq(hpr_batch_name(HPR_BATCH_SEVERE_ILLNESS), "severe_illness");
    ck_assert_str_eq(hpr_batch_name((hpr_batch)9), "unknown");
    ck_assert_int_eq(hpr_classification_create(NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_eligibility_create(NULL), HPR_EINVAL);
    /* NULL and empty results answer with nothing */
    ck_assert_int_eq(hpr_classification_batch(NULL), HPR_BATCH_NONE);
    ck_assert_ptr_null(hpr_classification_entry(NULL));
    ck_assert_ptr_null(hpr_classification_entry_name(NULL));
    ck_assert_ptr_null(hpr_classification_catalog(NULL));
    ck_assert_ptr_null(hpr_classification_diagnosis(NULL));
    ck_assert_uint_eq(hpr_classification_reason_count(NULL), 0);
    ck_assert_ptr_null(hpr_classification_reason(NULL, 0));
    hpr_classification_free(NULL);
    hpr_eligibility *e = NULL;
    ck_assert_int_eq(hpr_eligibility_create(&e), HPR_OK);
    ck_assert_int_eq(hpr_eligibility_enrolled(e), 0);
    ck_assert_uint_eq(hpr_eligibility_category_count(e), 0);
    const char *why = (const char *)&why;
    ck_assert_ptr_null(hpr_eligibility_category(e, 0, &why));
    ck_assert_ptr_null(why);
    int applies = 1;
    ck_assert_ptr_null(hpr_eligibility_layer(e, 0, &applies, NULL));
    ck_assert_int_eq(applies, HPR_ELIGIBILITY_UNKNOWN);
    ck_assert_int_eq(hpr_eligibility_treat_first_pay_later(NULL, NULL), HPR_ELIGIBILITY_UNKNOWN);
    ck_assert_int_eq(hpr_eligibility_one_stop(e, NULL), HPR_ELIGIBILITY_UNKNOWN);
    char *out = (char *)&out;
    ck_assert_int_eq(hpr_eligibility_to_json(&out, e), HPR_EINVAL); /* empty */
    ck_assert_ptr_null(out);
    ck_assert_int_eq(hpr_eligibility_to_json(NULL, e), HPR_EINVAL);

    hpr_policy *p = hpr_test_load_file("policies/city-2017.json");
    hpr_person who = person_born("1960-01-01");
    ck_assert_int_eq(hpr_eligibility_check(NULL, p, &who, ymd(2018, 1, 1), NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_eligibility_check(e, p, &who, HPR_DATE_OPEN, NULL), HPR_EINVAL);
    hpr_person bad = who;
    bad.version = 0;
    ck_assert_int_eq(hpr_eligibility_check(e, p, &bad, ymd(2018, 1, 1), NULL), HPR_EINVAL);
    ck_assert_uint_eq(hpr_eligibility_layer_count(e), 0);
    ck_assert_int_eq(hpr_eligibility_json(NULL, "{}", 2, &out), HPR_EINVAL);
    ck_assert_int_eq(hpr_eligibility_json(p, "{}", 2, &out), HPR_EINVAL); /* no person */
    ck_assert_ptr_null(out);
    ck_assert_int_eq(hpr_eligibility_json(p, "[", 1, &out), HPR_EPARSE);
    const char *m = (const char *)&m;
    ck_assert_int_eq(hpr_policy_catalog_match(&m, NULL, "serious", "C15", ymd(2018, 1, 1)), HPR_EINVAL);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(hpr_policy_catalog_match(NULL, p, "serious", "C15", ymd(2018, 1, 1)), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_catalog_match(&m, p, "serious", "", ymd(2018, 1, 1)), HPR_EPARSE);
    hpr_classification *c = NULL;
    ck_assert_int_eq(hpr_classification_create(&c), HPR_OK);
    hpr_claim cl = admission("2018-05-01", "C15", NULL);
    ck_assert_int_eq(hpr_classify(c, NULL, &who, &cl, NULL), HPR_EINVAL);
    cl.version = 42;
    ck_assert_int_eq(hpr_classify(c, p, &who, &cl, NULL), HPR_EVERSION);
    ck_assert_int_eq(hpr_classification_batch(c), HPR_BATCH_NONE);
    ck_assert_uint_eq(hpr_classification_reason_count(c), 0);
    hpr_classification_free(c);
    hpr_eligibility_free(e);
    hpr_policy_free(p);
}
END_TEST

Suite *hpr_classify_suite(void)
{
    Suite *s = suite_create("classify");
    /* one TCase per area: CK_RUN_CASE=<area> runs one */
    TCase *catalogs = tcase_create("catalogs");
    tcase_add_test(catalogs, walk_serious_catalog);
    tcase_add_test(catalogs, walk_chronic_catalog);
    tcase_add_test(catalogs, dates_ages_ranges_designation);
    tcase_add_test(catalogs, provincial_list_override_and_min_age);
    suite_add_tcase(s, catalogs);
    TCase *eligibility = tcase_create("eligibility");
    tcase_add_test(eligibility, eligibility_answers);
    tcase_add_test(eligibility, eligibility_json_entry_point);
    suite_add_tcase(s, eligibility);
    TCase *monitoring = tcase_create("monitoring");
    tcase_add_test(monitoring, monitoring_fires_at_the_crossing);
    suite_add_tcase(s, monitoring);
    TCase *json = tcase_create("json");
    tcase_add_test(json, settlement_json_carries_classification);
    suite_add_tcase(s, json);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, classify_eligibility_error_paths);
    suite_add_tcase(s, errors);
    return s;
}
