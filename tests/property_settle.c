/* SPDX-License-Identifier: MIT */
/* Property test of the settlement engine on a shipped policy: random persons
 * with claims in date order, the ledger carried, and on every claim:
 *   - the waiver, the payments and the patient's share add up to the total;
 *   - no payment and no share is negative;
 *   - no layer's annual cap is exceeded (read from the policy by JSON pointer,
 *     for layers whose cap no modifier changes);
 *   - an out-of-pocket cap holds: the patient's capped payments this year stay
 *     within the limit at the claim's level (or where they already were);
 *   - a claim that costs more (in scope) is never reimbursed less.
 * Usage: property_settle POLICY.json [N_CLAIMS] [SEED]. Exits 1 on any
 * violation, printing the first few with the claim that broke the rule. */
#include <stdbool.h>

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hpr/hpr.h"

static uint64_t rng_state;
static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 2685821657736338717ULL;
}
static uint64_t below(uint64_t n) { return n ? rnd() % n : 0; }

typedef struct layer_check {
    char id[64];
    char cap_pointer[96];    /* "" when the annual cap is not checked */
    int is_oop;
    char limit_pointer[128]; /* oop_cap: pointer prefix of the limit */
    int limit_by_level;
} layer_check;

static long failures;
static void fail(const char *what, const hpr_claim *c, const char *detail)
{
    if (failures++ < 10) {
        char d[HPR_DATE_FORMAT_SIZE];
        hpr_date_format(d, sizeof d, c->admission_date);
        fprintf(stderr, "VIOLATION %s: claim %s on %s level %d in_scope %" PRId64 " total %" PRId64
                        ": %s\n",
                what, c->id, d, (int)c->level, c->costs.in_scope, c->costs.total, detail);
    }
}

static const char *const LEVELS[] = {"village", "township", "county", "city", "province"};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s POLICY.json [N_CLAIMS] [SEED]\n", argv[0]);
        return 2;
    }
    long nclaims = argc > 2 ? atol(argv[2]) : 1000000;
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 20261122;
    if (!rng_state)
        rng_state = 1;

    hpr_policy *policy = NULL;
    hpr_diagnostics *diag = NULL;
    if (hpr_policy_load_file(&policy, &diag, argv[1], NULL) != HPR_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], hpr_error_last()->message);
        return 2;
    }
    hpr_diagnostics_free(diag);

    /* what to draw from, from the policy as compiled (hpr_policy_describe:
     * a policy that extends another is the whole chain) */
    char *text = NULL;
    cJSON *doc = hpr_policy_describe(&text, policy) == HPR_OK ? cJSON_Parse(text) : NULL;
    hpr_free(text);
    if (!doc) {
        fprintf(stderr, "%s: cannot describe\n", argv[1]);
        return 2;
    }
    const char *kinds[64];
    size_t nkinds = 0;
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(doc, "status_kinds"))
        if (nkinds < 64)
            kinds[nkinds++] = k->valuestring;
    hpr_date from = 0, to = 0;
    const cJSON *eff = cJSON_GetObjectItemCaseSensitive(doc, "effective");
    const char *ef = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(eff, "from"));
    const char *et = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(eff, "to"));
    if (hpr_date_parse(&from, ef ? ef : "2016-01-01", 10) != HPR_OK ||
        hpr_date_parse(&to, et ? et : "2026-12-31", 10) != HPR_OK) {
        fprintf(stderr, "bad effective period\n");
        return 2;
    }
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(doc, "parameters");
    layer_check checks[64];
    size_t nlayers = 0;
    const cJSON *L;
    cJSON_ArrayForEach(L, cJSON_GetObjectItemCaseSensitive(doc, "layers"))
    {
        if (nlayers == 64)
            break;
        layer_check *c = &checks[nlayers];
        memset(c, 0, sizeof *c);
        snprintf(c->id, sizeof c->id, "%s", cJSON_GetObjectItemCaseSensitive(L, "id")->valuestring);
        bool cap_changed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(L, "cap_changed_by_modifiers"));
        char cap[64], limit[64];
        snprintf(cap, sizeof cap, "/layers/%zu/cap/per_year", nlayers);
        snprintf(limit, sizeof limit, "/layers/%zu/limit/by_level/", nlayers);
        bool has_cap = false, limit_by_level = false;
        const cJSON *q;
        cJSON_ArrayForEach(q, params)
        {
            const char *ptr = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(q, "pointer"));
            has_cap |= ptr && strcmp(ptr, cap) == 0; /* one value, not by level */
            limit_by_level |= ptr && strncmp(ptr, limit, strlen(limit)) == 0;
        }
        if (has_cap && !cap_changed)
            snprintf(c->cap_pointer, sizeof c->cap_pointer, "%s", cap);
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(L, "kind"));
        if (kind && strcmp(kind, "oop_cap") == 0) {
            c->is_oop = 1;
            c->limit_by_level = limit_by_level;
            snprintf(c->limit_pointer, sizeof c->limit_pointer, "/layers/%zu/limit%s", nlayers,
                     c->limit_by_level ? "/by_level/" : "");
        }
        nlayers++;
    }

    hpr_settlement *s = NULL, *s2 = NULL;
    hpr_ledger *ledger = NULL;
    if (hpr_settlement_create(&s) || hpr_settlement_create(&s2) || hpr_ledger_create(&ledger)) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }
    long done = 0, persons = 0, errors = 0, monotone_checks = 0, cap_checks = 0, oop_checks = 0;
    char idbuf[32], detail[256];
    hpr_money total_paid = 0;
    while (done < nclaims) {
        /* a person */
        hpr_status_period st[3];
        size_t nst = 0;
        hpr_date pstart = from - 365 * 3;
        for (int i = 0; i < 2 && nkinds; i++) {
            if (below(3) == 0)
                continue;
            hpr_date a = pstart + (hpr_date)below(365 * 10);
            hpr_date b = below(2) ? HPR_DATE_OPEN : a + (hpr_date)below(365 * 6);
            st[nst++] = (hpr_status_period){kinds[below(nkinds)], a, b};
        }
        hpr_enrollment en = {"resident_basic", pstart, HPR_DATE_OPEN};
        hpr_person who = HPR_PERSON_INIT;
        who.id = "p";
        who.birth_date = from - 365 * (hpr_date)(1 + below(90));
        who.statuses = st;
        who.nstatuses = nst;
        who.enrollments = &en;
        who.nenrollments = below(10) ? 1 : 0;
        persons++;

        /* a year of claims in date order */
        hpr_ledger_free(ledger);
        ledger = NULL;
        if (hpr_ledger_create(&ledger) != HPR_OK)
            return 2;
        int n = 1 + (int)below(6);
        hpr_date day = from + (hpr_date)below((uint64_t)(to - from + 1));
        hpr_money oop_prev[64] = {0};
        int year_prev = 0;
        for (int i = 0; i < n && done < nclaims; i++, done++) {
            day += (hpr_date)below(90);
            if (day > to)
                break;
            hpr_claim c = HPR_CLAIM_INIT;
            snprintf(idbuf, sizeof idbuf, "c%ld", done);
            c.id = idbuf;
            c.type = (hpr_claim_type)below(3);
            c.admission_date = day;
            c.discharge_date = day + (c.type == HPR_CLAIM_INPATIENT ? (hpr_date)below(20) : 0);
            if (c.discharge_date > to)
                c.discharge_date = to;
            c.level = (hpr_level)below(5);
            c.location = (hpr_location)below(4);
            day = c.discharge_date; /* the next claim comes after this discharge */
            c.referral = (int)below(2);
            /* costs: log-uniform up to about 600000 yuan, with odd fen */
            hpr_money scale = (hpr_money)1 << below(26);
            c.costs.in_scope = scale + (hpr_money)below((uint64_t)scale * 2);
            c.costs.class_b_self = below(2) ? (hpr_money)below((uint64_t)c.costs.in_scope / 10 + 1) : 0;
            c.costs.out_of_catalog = below(2) ? (hpr_money)below((uint64_t)c.costs.in_scope / 5 + 1) : 0;
            c.costs.total = c.costs.in_scope + c.costs.class_b_self + c.costs.out_of_catalog;
            c.costs.waiver = below(8) == 0 ? (hpr_money)below((uint64_t)c.costs.total + 1) : 0;

            /* the same claim costing more, settled on a copy of the ledger */
            hpr_ledger *copy = NULL;
            int monotone = below(4) == 0;
            hpr_money bigger_paid = 0;
            if (monotone) {
                hpr_claim big = c;
                hpr_money extra = 1 + (hpr_money)below(10000000);
                big.costs.in_scope += extra;
                big.costs.total += extra;
                if (hpr_ledger_copy(&copy, ledger) != HPR_OK ||
                    hpr_settle(s2, copy, policy, &who, &big, NULL) != HPR_OK) {
                    fail("settle (bigger claim)", &big, hpr_error_last()->message);
                    monotone = 0;
                } else {
                    bigger_paid = hpr_settlement_amount(s2, HPR_AMOUNT_PAID);
                }
                hpr_ledger_free(copy);
            }

            if (hpr_settle(s, ledger, policy, &who, &c, NULL) != HPR_OK) {
                errors++;
                fail("settle", &c, hpr_error_last()->message);
                continue;
            }
            hpr_money total = hpr_settlement_amount(s, HPR_AMOUNT_TOTAL);
            hpr_money waiver = hpr_settlement_amount(s, HPR_AMOUNT_WAIVER);
            hpr_money paid = hpr_settlement_amount(s, HPR_AMOUNT_PAID);
            hpr_money patient = hpr_settlement_amount(s, HPR_AMOUNT_PATIENT);
            total_paid += paid;
            if (waiver + paid + patient != total) {
                snprintf(detail, sizeof detail, "%" PRId64 " + %" PRId64 " + %" PRId64 " != %" PRId64,
                         waiver, paid, patient, total);
                fail("balance", &c, detail);
            }
            if (patient < 0 || paid < 0)
                fail("negative share", &c, "patient or paid < 0");
            for (size_t li = 0; li < hpr_settlement_line_count(s); li++)
                if (hpr_settlement_line_get(s, li)->paid < 0)
                    fail("negative payment", &c, hpr_settlement_line_get(s, li)->layer);
            if (monotone) {
                monotone_checks++;
                if (bigger_paid < paid) {
                    snprintf(detail, sizeof detail, "costs more but paid %" PRId64 " < %" PRId64,
                             bigger_paid, paid);
                    fail("monotonicity", &c, detail);
                }
            }
            /* annual caps and out-of-pocket limits, from the ledger */
            hpr_date asof = c.discharge_date;
            int year = hpr_ledger_policy_year(ledger);
            if (year != year_prev)
                memset(oop_prev, 0, sizeof oop_prev);
            year_prev = year;
            for (size_t li = 0; li < nlayers; li++) {
                hpr_ledger_entry e;
                if (hpr_ledger_get(&e, ledger, checks[li].id) != HPR_OK)
                    continue;
                hpr_money cap;
                if (checks[li].cap_pointer[0] &&
                    hpr_policy_param_money(&cap, policy, checks[li].cap_pointer, asof) == HPR_OK &&
                    ++cap_checks && e.paid > cap) {
                    snprintf(detail, sizeof detail, "layer %s paid %" PRId64 " this year, cap %" PRId64,
                             checks[li].id, e.paid, cap);
                    fail("annual cap", &c, detail);
                }
                if (checks[li].is_oop) {
                    char ptr[160];
                    snprintf(ptr, sizeof ptr, "%s%s", checks[li].limit_pointer,
                             checks[li].limit_by_level ? LEVELS[c.level] : "");
                    hpr_money limit;
                    const hpr_settlement_line *line = hpr_settlement_line_get(s, li);
                    if (line->applied &&
                        hpr_policy_param_money(&limit, policy, ptr, asof) == HPR_OK) {
                        hpr_money bound = limit > oop_prev[li] ? limit : oop_prev[li];
                        oop_checks++;
                        if (e.base > bound) {
                            snprintf(detail, sizeof detail,
                                     "patient's capped payments %" PRId64 " above the limit %" PRId64,
                                     e.base, limit);
                            fail("out-of-pocket cap", &c, detail);
                        }
                    }
                    oop_prev[li] = e.base;
                }
            }
        }
    }
    char tp[HPR_MONEY_FORMAT_SIZE];
    hpr_money_format(tp, sizeof tp, total_paid);
    printf("%s: %ld claims of %ld persons settled, %ld errors, %s paid; checks: %ld monotonicity, "
           "%ld annual cap, %ld out-of-pocket cap; %ld violations\n",
           hpr_policy_id(policy), done, persons, errors, tp, monotone_checks, cap_checks, oop_checks,
           failures);
    hpr_settlement_free(s);
    hpr_settlement_free(s2);
    hpr_ledger_free(ledger);
    hpr_policy_free(policy);
    cJSON_Delete(doc);
    return failures ? 1 : 0;
}
