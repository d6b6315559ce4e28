/* SPDX-License-Identifier: MIT */
/* Languages (hpr/lang.h): codes and locale names, labels, the catalogue
 * lookup, a settlement's explanation, reasons and layer names in Chinese
 * and English chosen per call, and two languages at once from several
 * threads. */
#include <check.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

START_TEST(codes_and_locales)
{
    static const struct {
        const char *text;
        int lang; /* -1: refused */
    } cases[] = {{"en", HPR_LANG_EN}, {"zh", HPR_LANG_ZH},       {"zh_CN.UTF-8", HPR_LANG_ZH},
                 {"zh-CN", HPR_LANG_ZH}, {"zh_TW", HPR_LANG_ZH}, {"en_US.UTF-8", HPR_LANG_EN},
                 {"C", HPR_LANG_EN},   {"C.UTF-8", HPR_LANG_EN}, {"POSIX", HPR_LANG_EN},
                 {"fr_FR.UTF-8", -1},  {"zhx", -1},              {"", -1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hpr_lang l = (hpr_lang)7;
        hpr_status st = hpr_lang_parse(&l, cases[i].text);
        if (cases[i].lang < 0) {
            ck_assert_int_eq(st, HPR_EINVAL);
            ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "en (English) or zh"));
        } else {
            ck_assert_msg(st == HPR_OK && (int)l == cases[i].lang, "%s", cases[i].text);
        }
    }
    ck_assert_str_eq(hpr_lang_name(HPR_LANG_ZH), "zh");
    ck_assert_ptr_null(hpr_lang_name((hpr_lang)2));
    ck_assert_int_eq(hpr_lang_parse(NULL, "en"), HPR_EINVAL);
}
END_TEST

START_TEST(labels_and_catalogue)
{
    ck_assert_str_eq(hpr_payer_label(HPR_PAYER_BASIC_INSURANCE_FUND, HPR_LANG_ZH), "基本医保统筹基金");
    ck_assert_str_eq(hpr_payer_label(HPR_PAYER_MEDICAL_ASSISTANCE, HPR_LANG_EN), "Medical assistance");
    ck_assert_ptr_null(hpr_payer_label((hpr_payer)99, HPR_LANG_ZH));
    ck_assert_str_eq(hpr_batch_label(HPR_BATCH_SERIOUS_DISEASE, HPR_LANG_ZH), "大病集中救治一批");
    ck_assert_str_eq(hpr_status_kind_label("dibao", HPR_LANG_ZH), "低保对象");
    ck_assert_str_eq(hpr_status_kind_label("tekun", HPR_LANG_ZH), "特困人员");
    ck_assert_ptr_null(hpr_status_kind_label("no_such_kind", HPR_LANG_ZH));
    ck_assert_str_eq(hpr_translate(HPR_LANG_ZH, "requires a referral"), "须经转诊");
    const char *en = "requires a referral";
    ck_assert_ptr_eq(hpr_translate(HPR_LANG_EN, en), en);
    const char *unknown = "a text hpr never writes";
    ck_assert_ptr_eq(hpr_translate(HPR_LANG_ZH, unknown), unknown);
    ck_assert_ptr_null(hpr_translate(HPR_LANG_ZH, NULL));
}
END_TEST

static char *request(const char *lang)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/examples/requests/anhui-discharge.json", HPR_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *text = malloc(8192); /* each thread its own: the request is read from several at once */
    ck_assert_ptr_nonnull(text);
    size_t n = fread(text, 1, 8191, f);
    fclose(f);
    text[n] = '\0';
    char *out = malloc(n + 64);
    char *brace = strchr(text, '{');
    sprintf(out, "{\"lang\": \"%s\", \"explain\": true,%s", lang, brace + 1);
    free(text);
    return out;
}

static char *settle_json(const hpr_policy *p, const char *lang)
{
    char *req = request(lang), *resp = NULL;
    ck_assert_msg(hpr_settle_json(p, req, strlen(req), &resp) == HPR_OK, "%s", hpr_error_last()->message);
    free(req);
    return resp;
}

START_TEST(settlement_in_two_languages)
{
    hpr_policy *p = hpr_test_load_file("policies/anhui-351-180.json");
    char *zh = settle_json(p, "zh"), *en = settle_json(p, "en");
    /* the same amounts, the texts in each language, the ids unchanged */
    ck_assert_ptr_nonnull(strstr(zh, "\"name\":\"城乡居民基本医疗保险（住院）\""));
    ck_assert_ptr_nonnull(strstr(zh, "支付 39600.00"));
    ck_assert_ptr_nonnull(strstr(zh, "不覆盖该就诊类型"));
    ck_assert_ptr_nonnull(strstr(zh, "大病集中救治一批：诊断 C15.9（主诊断）"));
    ck_assert_ptr_nonnull(strstr(zh, "\"layer\":\"basic\""));
    ck_assert_ptr_nonnull(strstr(zh, "\"categories\":[\"registered_poor\"],\"category_labels\":[\"建档立卡贫困人口\"]"));
    ck_assert_ptr_nonnull(strstr(en, "\"category_labels\":[\"Registered poor (建档立卡)\"]"));
    ck_assert_ptr_nonnull(strstr(en, "\"name\":\"Residents' basic medical insurance, inpatient\""));
    ck_assert_ptr_nonnull(strstr(en, "paid 39600.00"));
    ck_assert_ptr_null(strstr(en, "支付"));
    const char *zp = strstr(zh, "\"patient_pays\""), *ep = strstr(en, "\"patient_pays\"");
    ck_assert_ptr_nonnull(zp);
    ck_assert_int_eq(strncmp(zp, ep, 30), 0);
    hpr_free(zh);
    hpr_free(en);

    char *bad = NULL, *req = request("fr");
    ck_assert_int_eq(hpr_settle_json(p, req, strlen(req), &bad), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "\"lang\""));
    free(req);

    /* the C API: options version 2 carry the language; version 1 is English */
    hpr_settle_options o;
    ck_assert_int_eq(hpr_settle_options_init(&o, 1), HPR_OK);
    ck_assert_int_eq(hpr_settle_options_init(&o, HPR_SETTLE_OPTIONS_VERSION), HPR_OK);
    ck_assert_int_eq(o.lang, HPR_LANG_EN);
    o.lang = (hpr_lang)5;
    hpr_settlement *s = NULL;
    hpr_settlement_create(&s);
    hpr_person person;
    hpr_person_init(&person, HPR_PERSON_VERSION);
    person.id = "p";
    person.birth_date = ymd(1950, 1, 1);
    hpr_claim claim;
    hpr_claim_init(&claim, HPR_CLAIM_VERSION);
    claim.id = "c";
    claim.type = HPR_CLAIM_INPATIENT;
    claim.admission_date = claim.discharge_date = ymd(2018, 3, 1);
    claim.level = HPR_LEVEL_COUNTY;
    claim.costs.total = claim.costs.in_scope = 100000;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &person, &claim, &o), HPR_EINVAL);
    o.lang = HPR_LANG_ZH;
    o.flags = HPR_SETTLE_EXPLAIN;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &person, &claim, &o), HPR_OK);
    ck_assert_str_eq(hpr_settlement_line_get(s, 0)->name, "城乡居民基本医疗保险（住院）");
    o.version = 1; /* a caller built against version 1 has no lang */
    ck_assert_int_eq(hpr_settle(s, NULL, p, &person, &claim, &o), HPR_OK);
    ck_assert_str_eq(hpr_settlement_line_get(s, 0)->name, "Residents' basic medical insurance, inpatient");
    hpr_settlement_free(s);

    /* classification reasons */
    hpr_classification *c = NULL;
    hpr_classification_create(&c);
    ck_assert_int_eq(hpr_classification_set_lang(c, HPR_LANG_ZH), HPR_OK);
    ck_assert_int_eq(hpr_classification_set_lang(c, (hpr_lang)9), HPR_EINVAL);
    ck_assert_int_eq(hpr_classify(c, p, &person, &claim, NULL), HPR_OK);
    ck_assert_ptr_nonnull(strstr(hpr_classification_reason(c, 0), "未分类"));
    hpr_classification_free(c);
    hpr_policy_free(p);
}
END_TEST

START_TEST(eligibility_in_chinese)
{
    hpr_policy *p = hpr_test_load_file("policies/normalised-2021.json");
    static const char req[] =
        "{\"lang\": \"zh\", \"on\": \"2022-06-01\", \"person\": {\"id\": \"p\", \"birth_date\": "
        "\"1950-01-01\", \"statuses\": [{\"kind\": \"exited_poverty\", \"from\": \"2020-06-01\"}], "
        "\"enrollment\": [{\"scheme\": \"resident_basic\", \"from\": \"2015-01-01\"}]}}";
    char *resp = NULL;
    ck_assert_int_eq(hpr_eligibility_json(p, req, sizeof req - 1, &resp), HPR_OK);
    ck_assert_ptr_nonnull(strstr(resp, "年过渡期内"));
    ck_assert_ptr_nonnull(strstr(resp, "取决于就诊情况"));
    hpr_free(resp);
    hpr_eligibility *e = NULL;
    hpr_eligibility_create(&e);
    ck_assert_int_eq(hpr_eligibility_set_lang(e, (hpr_lang)3), HPR_EINVAL);
    ck_assert_int_eq(hpr_eligibility_set_lang(NULL, HPR_LANG_ZH), HPR_EINVAL);
    hpr_eligibility_free(e);
    hpr_policy_free(p);
}
END_TEST

/* Settling in Chinese and English at once from four threads: each thread
 * gets its own language, the same text as alone. */
typedef struct lang_job {
    const hpr_policy *p;
    const char *lang;
    const char *want;
    int bad;
} lang_job;

static void *lang_thread(void *arg)
{
    lang_job *j = arg;
    char *req = request(j->lang);
    for (int k = 0; k < 50; k++) {
        char *resp = NULL;
        if (hpr_settle_json(j->p, req, strlen(req), &resp) != HPR_OK || strcmp(resp, j->want) != 0)
            j->bad++;
        hpr_free(resp);
    }
    free(req);
    return NULL;
}

START_TEST(two_languages_at_once)
{
    hpr_policy *p = hpr_test_load_file("policies/anhui-351-180.json");
    char *zh = settle_json(p, "zh"), *en = settle_json(p, "en");
    pthread_t t[4];
    lang_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (lang_job){p, i % 2 ? "zh" : "en", i % 2 ? zh : en, 0};
        ck_assert_int_eq(pthread_create(&t[i], NULL, lang_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ck_assert_int_eq(jobs[i].bad, 0);
    }
    hpr_free(zh);
    hpr_free(en);
    hpr_policy_free(p);
}
END_TEST

Suite *hpr_lang_suite(void)
{
    Suite *s = suite_create("lang");
    TCase *tc = tcase_create("lang");
    tcase_add_test(tc, codes_and_locales);
    tcase_add_test(tc, labels_and_catalogue);
    tcase_add_test(tc, settlement_in_two_languages);
    tcase_add_test(tc, two_languages_at_once);
    tcase_add_test(tc, eligibility_in_chinese);
    suite_add_tcase(s, tc);
    return s;
}
