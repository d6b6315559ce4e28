/* SPDX-License-Identifier: MIT */
/* Internal tables against the code they replace on the hot path, compared
 * exhaustively (linked against the library's objects, not its API):
 *   - a compiled condition (hpr__cond_holds) against hpr__cond_fails,
 *     the reason giver, on every combination of claim and person facts;
 *   - the policy-year table (hpr__policy_year) against the calendar
 *     arithmetic of hpr_date_policy_year, day by day over 250 years;
 *   - the batch's date reader (hpr__date_iso) against hpr_date_parse and
 *     hpr_date_format, on every day from 1000 to 9999 and on a million
 *     mutated strings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/facts.h"
#include "model/policy.h"

static unsigned long long rng = 0x2545F4914F6CDD1DULL;
static unsigned long long rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Catalog entry ids as a policy holds them: a condition names some, a
 * claim is classified to one or none. */
static const char *const ENTRIES[] = {"childhood_all", "esophageal_cancer", "copd"};

/* A random condition: each member absent about half the time. */
static hpr__cond random_cond(void)
{
    hpr__cond c = {0};
    if (rnd() % 2) {
        size_t first = rnd() % 3;
        c.diseases = &ENTRIES[first];
        c.ndiseases = (uint32_t)(1 + rnd() % (3 - first));
    }
    c.categories = rnd() % 2 ? rnd() & 0xF : 0;
    c.claim_types = (uint8_t)(rnd() % 2 ? rnd() & 7 : 0);
    c.levels = (uint8_t)(rnd() % 2 ? rnd() & 31 : 0);
    c.locations = (uint8_t)(rnd() % 2 ? rnd() & 15 : 0);
    c.batches = (uint8_t)(rnd() % 2 ? rnd() & 15 : 0);
    c.referral_required_at = (uint8_t)(rnd() % 3 == 0 ? rnd() & 15 : 0);
    c.referral = (int8_t)((int)(rnd() % 3) - 1);
    c.enrolled = (int8_t)((int)(rnd() % 3) - 1);
    c.family_doctor = (int8_t)((int)(rnd() % 3) - 1);
    c.min_claims_in_year = rnd() % 3 == 0 ? (int)(rnd() % 3) + 1 : 0;
    c.from = rnd() % 2 ? 100 + (hpr_date)(rnd() % 3) : INT32_MIN;
    c.to = rnd() % 2 ? 102 + (hpr_date)(rnd() % 3) : INT32_MAX;
    hpr__cond_compile(&c);
    return c;
}

START_TEST(compiled_conditions_agree_with_reasons)
{
    size_t checked = 0, held = 0;
    for (int n = 0; n < 3000; n++) {
        hpr__cond c = random_cond();
        hpr_claim claim = {.version = HPR_CLAIM_VERSION};
        hpr__facts f = {.claim = &claim};
        for (int type = 0; type < HPR__NCLAIM_TYPES; type++)
            for (int level = 0; level < HPR__NLEVELS; level++)
                for (int loc = 0; loc < HPR__NLOCATIONS; loc++)
                    for (int ref = 0; ref < 2; ref++)
                        for (int batch = 0; batch < HPR__NBATCHES; batch++)
                            for (int bits = 0; bits < 4; bits++) {
                                claim.type = (hpr_claim_type)type;
                                claim.level = (hpr_level)level;
                                claim.location = (hpr_location)loc;
                                claim.referral = ref;
                                f.batch = batch;
                                f.enrolled = bits & 1;
                                f.family_doctor = (bits >> 1) & 1;
                                f.categories = rnd() & 0xF;
                                f.as_of = 99 + (hpr_date)(rnd() % 7);
                                f.entry = rnd() % 4 ? ENTRIES[rnd() % 3] : NULL;
                                f.bits = hpr__facts_bits(&f);
                                int claims_n = 1 + (int)(rnd() % 3);
                                bool holds = hpr__cond_holds(&c, &f, claims_n);
                                const char *why = hpr__cond_fails(&c, &f, claims_n);
                                if (holds != (why == NULL)) /* ck_assert per check is slow */
                                    ck_abort_msg("condition %d: compiled says %d, reasons say \"%s\"", n,
                                                 holds, why ? why : "(holds)");
                                checked++;
                                held += holds;
                            }
    }
    /* both answers occur often: the comparison is not vacuous */
    ck_assert_uint_gt(held, checked / 50);
    ck_assert_uint_lt(held, checked - checked / 50);
}
END_TEST

START_TEST(policy_year_table_agrees_with_the_calendar)
{
    static const int starts[][2] = {{1, 1}, {7, 1}, {3, 15}, {12, 28}, {2, 28}};
    for (size_t k = 0; k < sizeof starts / sizeof *starts; k++) {
        struct hpr_policy p = {0};
        hpr_date_from_ymd(&p.effective_from, 1990, 6, 1);
        p.effective_to = INT32_MAX; /* open: the table covers 200 years */
        p.year_start_month = starts[k][0];
        p.year_start_day = starts[k][1];
        ck_assert(hpr__policy_compile_years(&p));
        ck_assert_ptr_nonnull(p.year_starts);
        ck_assert_int_eq(p.nyears, 200);
        hpr_date from, to;
        hpr_date_from_ymd(&from, 1985, 1, 1); /* before the table */
        hpr_date_from_ymd(&to, 2235, 12, 31); /* after it */
        for (hpr_date d = from; d <= to; d++) {
            int want = 0;
            if (hpr_date_policy_year(&want, d, p.year_start_month, p.year_start_day) != HPR_OK ||
                hpr__policy_year(&p, d) != want)
                ck_abort_msg("year start %02d-%02d, day %d: table %d, calendar %d", p.year_start_month,
                             p.year_start_day, (int)d, hpr__policy_year(&p, d), want);
        }
        hpr__arena_release(&p.arena);
    }
}
END_TEST

/* The 16-byte id key against strcmp: ids shorter than, equal to and longer
 * than the key, sharing the key's bytes or differing after them. */
START_TEST(id_keys_agree_with_strcmp)
{
    static const char *const ids[] = {"", "a", "basic", "basic_", "abcdefghijklmno", "abcdefghijklmnop",
                                      "abcdefghijklmnopq", "abcdefghijklmnopr", "abcdefghijklmnopqr",
                                      "abcdefghijklmnoq", "supplement_180", "supplement_1800"};
    size_t n = sizeof ids / sizeof *ids;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            char copy[64]; /* a different address with the same text */
            snprintf(copy, sizeof copy, "%s", ids[j]);
            hpr__idkey a = hpr__idkey_of(ids[i]), b = hpr__idkey_of(copy);
            ck_assert_msg(hpr__idkey_same(&a, ids[i], &b, copy) == (strcmp(ids[i], copy) == 0),
                          "\"%s\" vs \"%s\"", ids[i], copy);
        }
}
END_TEST

START_TEST(iso_date_reader_agrees_with_hpr_date_parse)
{
    char t[HPR_DATE_FORMAT_SIZE];
    for (hpr_date day = HPR__DAY_MIN; day <= HPR__DAY_MAX; day++) {
        ck_assert_int_eq(hpr_date_format(t, sizeof t, day), HPR_OK);
        hpr_date got = 0;
        ck_assert_msg(hpr__date_iso(&got, t, strlen(t)) && got == day, "%s", t);
    }
    static const char alphabet[] = "0123456789-/ .a\xff";
    for (int i = 0; i < 1000000; i++) {
        hpr_date_format(t, sizeof t, HPR__DAY_MIN + (hpr_date)(rnd() % (HPR__DAY_MAX - HPR__DAY_MIN + 1)));
        size_t len = strlen(t);
        for (int k = (int)(rnd() % 3); k > 0; k--) /* one or two characters changed, or none */
            t[rnd() % 10] = alphabet[rnd() % (sizeof alphabet - 1)];
        if (rnd() % 8 == 0)
            len = rnd() % 11;
        hpr_date a = 0, b = 0;
        bool ok = hpr__date_iso(&a, t, len);
        ck_assert_msg(ok == (hpr_date_parse(&b, t, len) == HPR_OK), "\"%.*s\"", (int)len, t);
        ck_assert_msg(!ok || a == b, "\"%.*s\"", (int)len, t);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("internal");
    /* one TCase per fast path: CK_RUN_CASE=<name> runs one */
    const struct { const char *name; const TTest *test; } cases[] = {
        {"conditions", compiled_conditions_agree_with_reasons},
        {"years", policy_year_table_agrees_with_the_calendar},
        {"idkeys", id_keys_agree_with_strcmp},
        {"dates", iso_date_reader_agrees_with_hpr_date_parse},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, cases[i].test);
        suite_add_tcase(s, tc);
    }
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
