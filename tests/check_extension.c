/* SPDX-License-Identifier: MIT */
/* Extension functions (hpr/extension.h): the registry, every type across
 * the libffi call, the layer kind and the condition member, located load
 * errors, and a result outside 0 .. unpaid failing only its claim. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

/* ---- the functions an application would register --------------------------- */

static int64_t half_above(int64_t unpaid, int64_t line) { return unpaid > line ? (unpaid - line) / 2 : 0; }
static int32_t means_test(int64_t income, int64_t paid, int64_t line) { return income - paid < line; }
static int64_t minus_one(int64_t unpaid) { return unpaid < 60000 ? unpaid + 1 : unpaid > 5000000 ? -100 : unpaid / 10; }
/* every type in, money out: the sum of what it was given, text by its length */
static int64_t every_type(int64_t m, int64_t r, int32_t d, int32_t i, int32_t b, const char *t)
{
    return m + r + d + i + b + (int64_t)strlen(t);
}
static int32_t an_int(void) { return -7; }
static int64_t refuses(int64_t unpaid)
{
    if (unpaid > 100000)
        hpr_extension_fail("no rule for amounts above 1000.00");
    return 0;
}

#define FN(f) ((hpr_extension_fn)(void (*)(void))(f))

static hpr_extensions *registry(void)
{
    hpr_extensions *x = NULL;
    ck_assert_int_eq(hpr_extensions_create(&x), HPR_OK);
    ck_assert_int_eq(hpr_extensions_add(x, "half_above", "money(money, money)", FN(half_above)), HPR_OK);
    ck_assert_int_eq(hpr_extensions_add(x, "means_test", "bool(money,money,money)", FN(means_test)), HPR_OK);
    ck_assert_int_eq(hpr_extensions_add(x, "minus_one", "money(money)", FN(minus_one)), HPR_OK);
    ck_assert_int_eq(hpr_extensions_add(x, "every_type", "money(money, ratio, date, int, bool, text)",
                                        FN(every_type)), HPR_OK);
    ck_assert_int_eq(hpr_extensions_add(x, "an_int", "int()", FN(an_int)), HPR_OK);
    ck_assert_int_eq(hpr_extensions_add(x, "refuses", "money(money)", FN(refuses)), HPR_OK);
    return x;
}
static const char DECLS[] =
    " 'extensions': {'half_above': {'params': ['money', 'money'], 'returns': 'money', 'ref': 't'},"
    "   'means_test': {'params': ['money', 'money', 'money'], 'returns': 'bool'},"
    "   'minus_one': {'params': ['money'], 'returns': 'money'},"
    "   'every_type': {'params': ['money', 'ratio', 'date', 'int', 'bool', 'text'], 'returns': 'money'},"
    "   'an_int': {'params': [], 'returns': 'int'},"
    "   'refuses': {'params': ['money'], 'returns': 'money'}},";

/* A policy with the declarations and the given layers; NULL and the
 * diagnostics in *diag when it does not load. */
static hpr_policy *load(hpr_extensions *x, const char *layers, hpr_diagnostics **diag)
{
    char text[8192];
    snprintf(text, sizeof text,
             "{'format': 1, 'id': 'x', 'title': 'x', 'sources': {'t': {'title': 't', 'confidence': 'assumption'}},"
             " 'status_kinds': ['dibao'], 'categories': {'low': {'statuses': ['dibao']}},"
             " 'parameters': {'line': {'type': 'money', 'value': {'2020-01-01': '1000'}}},"
             "%s 'layers': [%s]}", DECLS, layers);
    char *json = hpr_test_jq(text);
    hpr_policy_options o = HPR_POLICY_OPTIONS_INIT;
    o.extensions = x;
    hpr_policy *p = NULL;
    hpr_status st = hpr_policy_load_buffer(&p, diag, json, strlen(json), "x.json", &o);
    free(json);
    if (st != HPR_OK)
        return NULL;
    hpr_diagnostics_free(*diag);
    *diag = NULL;
    return p;
}

static hpr_person person_with(hpr_money income)
{
    hpr_person p = HPR_PERSON_INIT;
    p.id = "p";
    p.birth_date = ymd(1970, 1, 1);
    p.income_per_capita = income;
    return p;
}

static hpr_claim claim_of(const char *id, hpr_money in_scope)
{
    hpr_claim c = HPR_CLAIM_INIT;
    c.id = id;
    c.type = HPR_CLAIM_INPATIENT;
    c.admission_date = c.discharge_date = ymd(2021, 3, 1);
    c.level = HPR_LEVEL_COUNTY;
    c.costs.total = c.costs.in_scope = in_scope;
    return c;
}

START_TEST(registry_rules)
{
    hpr_extensions *x = registry();
    ck_assert_uint_eq(hpr_extensions_count(x), 6);
    const char *sig;
    ck_assert_str_eq(hpr_extensions_get(x, 0, &sig), "half_above");
    ck_assert_str_eq(sig, "money(money,money)");
    ck_assert_ptr_null(hpr_extensions_get(x, 6, &sig));
    ck_assert_int_eq(hpr_extensions_add(x, "half_above", "money(money,money)", FN(half_above)), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "registered already"));
    ck_assert_int_eq(hpr_extensions_add(x, "Bad", "money()", FN(an_int)), HPR_EINVAL);
    ck_assert_int_eq(hpr_extensions_add(x, "f", "float()", FN(an_int)), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "return type at column 1"));
    ck_assert_int_eq(hpr_extensions_add(x, "f", "money(money,", FN(an_int)), HPR_EINVAL);
    ck_assert_int_eq(hpr_extensions_add(x, "f", "money(money) x", FN(an_int)), HPR_EINVAL);
    ck_assert_int_eq(hpr_extensions_add(x, "f", "money(double)", FN(an_int)), HPR_EINVAL);
    ck_assert_int_eq(hpr_extensions_add(x, "f",
                                        "money(int,int,int,int,int,int,int,int,int,int,int,int,int,int,int,int,int)",
                                        FN(an_int)), HPR_EINVAL);
    ck_assert_int_eq(hpr_extensions_add(x, "f", "money()", NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_extensions_add(NULL, "f", "money()", FN(an_int)), HPR_EINVAL);
    ck_assert_int_eq(hpr_extensions_load(x, "/nonexistent/libx.so", "f", "money()", NULL), HPR_EIO);
    ck_assert_int_eq(hpr_extensions_load_table(x, "/nonexistent/libx.so"), HPR_EIO);
    ck_assert_uint_eq(hpr_extensions_count(x), 6);
    /* once a policy is compiled with it, the registry is immutable; it lives on in the policy */
    hpr_diagnostics *d = NULL;
    hpr_policy *p = load(x, "", &d);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(hpr_extensions_add(x, "later", "money()", FN(an_int)), HPR_EINVAL);
    hpr_extensions_free(x);   /* the policy keeps its reference */
    hpr_policy_free(p);       /* the last one frees it (valgrind and ASan check) */
}
END_TEST

START_TEST(layer_and_condition)
{
    hpr_extensions *x = registry();
    hpr_diagnostics *d = NULL;
    hpr_policy *p = load(x,
        "{'id': 'fund', 'name': 'f', 'kind': 'share', 'payer': 'basic_insurance_fund', 'covers': ['in_scope'],"
        " 'ratio': '0.5'},"
        "{'id': 'topup', 'name': 't', 'kind': 'extension', 'payer': 'fiscal_safety_net', 'covers': ['in_scope'],"
        " 'function': 'half_above', 'args': ['layer.unpaid_covered', {'param': 'line'}], 'cap': {'per_claim': '3000'}},"
        "{'id': 'assist', 'name': 'a', 'kind': 'share', 'payer': 'medical_assistance', 'covers': ['in_scope'],"
        " 'ratio': '0.5', 'applies_to': {'extension': {'function': 'means_test',"
        "   'args': ['person.income_per_capita', 'ledger.patient_paid', {'money': '5000'}], 'when_missing': 'skip'}}}",
        &d);
    ck_assert_msg(p != NULL, "load failed");
    hpr_settlement *s;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_person poor = person_with(400000); /* 4000.00 a head: passes the means test (< 5000) */
    hpr_claim c = claim_of("c1", 1000000); /* 10000.00 */
    hpr_settle_options o = HPR_SETTLE_OPTIONS_INIT;
    o.flags = HPR_SETTLE_EXPLAIN;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &poor, &c, &o), HPR_OK);
    /* fund 5000.00; topup (5000 - 1000) / 2 = 2000.00 (the cap of 3000 does not bite); assist 3000 x 0.5 */
    ck_assert_int_eq(hpr_settlement_line_get(s, 0)->paid, 500000);
    ck_assert_int_eq(hpr_settlement_line_get(s, 1)->paid, 200000);
    ck_assert_ptr_nonnull(strstr(hpr_settlement_line_get(s, 1)->steps[0], "extension half_above: 2000.00 of the 5000.00 unpaid [t]"));
    ck_assert_int_eq(hpr_settlement_line_get(s, 2)->paid, 150000);
    /* richer: the condition says no */
    hpr_person rich = person_with(900000);
    ck_assert_int_eq(hpr_settle(s, NULL, p, &rich, &c, NULL), HPR_OK);
    ck_assert_int_eq(hpr_settlement_line_get(s, 2)->applied, 0);
    /* no household income: skipped, not zero */
    hpr_person unknown = person_with(-1);
    ck_assert_int_eq(hpr_settle(s, NULL, p, &unknown, &c, NULL), HPR_OK);
    ck_assert_int_eq(hpr_settlement_line_get(s, 2)->applied, 0);
    hpr_settlement_free(s);
    hpr_policy_free(p);
    hpr_extensions_free(x);
}
END_TEST

START_TEST(household_size_is_checked)
{
    hpr_extensions *x = registry();
    hpr_diagnostics *d = NULL;
    hpr_policy *p = load(x, "", &d);
    ck_assert_ptr_nonnull(p);
    hpr_settlement *s;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_person who = person_with(-1);
    hpr_claim c = claim_of("c", 1000);
    who.household_size = -2;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &c, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "household_size -2"));
    who.household_size = 1001;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &c, NULL), HPR_EINVAL);
    who.household_size = 4;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &c, NULL), HPR_OK);
    who.version = 1; /* a version-1 caller's struct has no household_size: never read */
    who.household_size = -2;
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &c, NULL), HPR_OK);
    hpr_settlement_free(s);
    hpr_policy_free(p);
    hpr_extensions_free(x);
}
END_TEST

START_TEST(every_type_crosses_the_call)
{
    hpr_extensions *x = registry();
    hpr_diagnostics *d = NULL;
    hpr_policy *p = load(x,
        "{'id': 'all', 'name': 'a', 'kind': 'extension', 'payer': 'other_fund', 'covers': ['in_scope'],"
        " 'function': 'every_type', 'args': [{'money': '1.00'}, {'ratio': '0.000002'}, {'date': '1970-01-04'},"
        "  {'int': 4}, {'bool': true}, 'claim.id']}", &d);
    ck_assert_ptr_nonnull(p);
    hpr_settlement *s;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_person who = person_with(-1);
    hpr_claim c = claim_of("abcde", 1000000);
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &c, NULL), HPR_OK);
    /* 100 fen + 2 millionths + day 3 + 4 + 1 + strlen("abcde") */
    ck_assert_int_eq(hpr_settlement_line_get(s, 0)->paid, 100 + 2 + 3 + 4 + 1 + 5);
    hpr_settlement_free(s);
    hpr_policy_free(p);
    hpr_extensions_free(x);
}
END_TEST

START_TEST(a_bad_result_fails_only_its_claim)
{
    hpr_extensions *x = registry();
    hpr_diagnostics *d = NULL;
    hpr_policy *p = load(x,
        "{'id': 'odd', 'name': 'o', 'kind': 'extension', 'payer': 'other_fund', 'covers': ['in_scope'],"
        " 'function': 'minus_one', 'args': ['layer.unpaid_covered']}", &d);
    ck_assert_ptr_nonnull(p);
    hpr_settlement *s;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    hpr_person who = person_with(-1);
    hpr_claim c = claim_of("small", 50000); /* returns unpaid + 1: too large */
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &c, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "extension minus_one returned 500.01"));
    c = claim_of("big", 10000000); /* returns -1.00 */
    ck_assert_int_eq(hpr_settle(s, NULL, p, &who, &c, NULL), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "returned -1.00"));
    hpr_policy *q = load(x,
        "{'id': 'r', 'name': 'r', 'kind': 'extension', 'payer': 'other_fund', 'covers': ['in_scope'],"
        " 'function': 'refuses', 'args': ['layer.unpaid_covered']}", &d);
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(hpr_settle(s, NULL, q, &who, &c, NULL), HPR_EINVAL); /* the function said it failed */
    ck_assert_str_eq(hpr_error_last()->message, "claim big: extension refuses failed: no rule for amounts above 1000.00");
    c = claim_of("fine", 50000);
    ck_assert_int_eq(hpr_settle(s, NULL, q, &who, &c, NULL), HPR_OK); /* and the next call is clean */
    hpr_policy_free(q);
    /* the batch: the two bad rows fail, the rest settle */
    int64_t prow[1] = {0};
    hpr_date birth[1] = {ymd(1970, 1, 1)};
    int64_t person[3] = {0, 0, 0};
    int32_t type[3] = {0, 0, 0}, level[3] = {2, 2, 2}, loc[3] = {0, 0, 0};
    hpr_date adm[3] = {ymd(2021, 3, 1), ymd(2021, 3, 2), ymd(2021, 3, 3)};
    hpr_money scope[3] = {50000, 10000000, 99000};
    int32_t status[3];
    hpr_person_columns P = HPR_PERSON_COLUMNS_INIT;
    P.nrows = 1;
    P.id = (hpr_text_column){"p", NULL, 1};
    P.birth_date = birth;
    (void)prow;
    hpr_claim_columns C = HPR_CLAIM_COLUMNS_INIT;
    C.nrows = 3;
    C.person = person;
    C.id = (hpr_text_column){"abc", NULL, 1};
    C.type = type;
    C.admission_date = adm;
    C.level = level;
    C.location = loc;
    C.in_scope = scope;
    hpr_result_columns R = HPR_RESULT_COLUMNS_INIT;
    R.nrows = 3;
    R.status = status;
    ck_assert_int_eq(hpr_settle_columns(p, &P, &C, &R, NULL, NULL), HPR_OK);
    ck_assert_int_eq(status[0], HPR_EINVAL);
    ck_assert_int_eq(status[1], HPR_EINVAL);
    ck_assert_int_eq(status[2], HPR_OK);
    hpr_settlement_free(s);
    hpr_policy_free(p);
    hpr_extensions_free(x);
}
END_TEST

START_TEST(load_errors_are_located)
{
    static const char *const cases[][2] = {
        {"{'id': 'a', 'name': 'a', 'kind': 'extension', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'function': 'nope', 'args': []}", "/layers/0/function"},
        {"{'id': 'a', 'name': 'a', 'kind': 'extension', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'function': 'half_above', 'args': ['claim.total']}", "/layers/0/args"},
        {"{'id': 'a', 'name': 'a', 'kind': 'extension', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'function': 'half_above', 'args': ['claim.total', 'claim.level']}", "/layers/0/args/1"},
        {"{'id': 'a', 'name': 'a', 'kind': 'extension', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'function': 'half_above', 'args': ['claim.totl', 'claim.total']}", "/layers/0/args/0"},
        {"{'id': 'a', 'name': 'a', 'kind': 'extension', 'payer': 'other_fund', 'covers': ['in_scope'],"
         " 'function': 'means_test', 'args': ['claim.total', 'claim.total', 'claim.total']}", "/layers/0/function"},
        {"{'id': 'a', 'name': 'a', 'kind': 'share', 'payer': 'other_fund', 'covers': ['in_scope'], 'ratio': '1',"
         " 'applies_to': {'extension': {'function': 'means_test', 'args': ['layer.unpaid_covered',"
         " 'claim.total', 'claim.total']}}}", "/layers/0/applies_to/extension/args/0"},
        {"{'id': 'a', 'name': 'a', 'kind': 'share', 'payer': 'other_fund', 'covers': ['in_scope'], 'ratio': '1',"
         " 'function': 'half_above'}", "/layers/0/function"},
    };
    hpr_extensions *x = registry();
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hpr_diagnostics *d = NULL;
        ck_assert_ptr_null(load(x, cases[i][0], &d));
        bool found = false;
        for (size_t k = 0; k < hpr_diagnostics_count(d); k++) {
            const hpr_diagnostic *g = hpr_diagnostics_get(d, k);
            ck_assert_int_gt(g->line, 0);
            found |= strcmp(g->pointer, cases[i][1]) == 0;
        }
        ck_assert_msg(found, "case %zu: no error at %s (first: %s %s)", i, cases[i][1],
                      hpr_diagnostics_count(d) ? hpr_diagnostics_get(d, 0)->pointer : "-",
                      hpr_diagnostics_count(d) ? hpr_diagnostics_get(d, 0)->message : "-");
        hpr_diagnostics_free(d);
    }
    /* the registry lacks a declared function, or has it with another signature */
    hpr_extensions *small = NULL;
    ck_assert_int_eq(hpr_extensions_create(&small), HPR_OK);
    ck_assert_int_eq(hpr_extensions_add(small, "half_above", "money(money)", FN(minus_one)), HPR_OK);
    hpr_diagnostics *d = NULL;
    ck_assert_ptr_null(load(small, "", &d));
    bool unregistered = false, differs = false;
    for (size_t k = 0; k < hpr_diagnostics_count(d); k++) {
        const hpr_diagnostic *g = hpr_diagnostics_get(d, k);
        unregistered |= strcmp(g->pointer, "/extensions/means_test") == 0 && strstr(g->message, "not registered");
        differs |= strcmp(g->pointer, "/extensions/half_above") == 0 &&
                   strstr(g->message, "registered as money(money), the policy declares money(money,money)");
    }
    ck_assert(unregistered);
    ck_assert(differs);
    hpr_diagnostics_free(d);
    /* no registry at all: the same error, naming how to supply one */
    ck_assert_ptr_null(load(NULL, "", &d));
    ck_assert_ptr_nonnull(strstr(hpr_diagnostics_get(d, 0)->message, "--extension-library"));
    hpr_diagnostics_free(d);
    hpr_extensions_free(small);
    hpr_extensions_free(x);
}
END_TEST

/* The batch calls extension functions from 8 threads at once (TSan runs
 * this suite, scripts/sanitize), with the same answers as one by one. */
START_TEST(the_batch_calls_them_from_threads)
{
    hpr_extensions *x = registry();
    hpr_diagnostics *d = NULL;
    hpr_policy *p = load(x,
        "{'id': 'fund', 'name': 'f', 'kind': 'share', 'payer': 'basic_insurance_fund', 'covers': ['in_scope'],"
        " 'ratio': '0.5'},"
        "{'id': 'topup', 'name': 't', 'kind': 'extension', 'payer': 'fiscal_safety_net', 'covers': ['in_scope'],"
        " 'function': 'half_above', 'args': ['layer.unpaid_covered', {'param': 'line'}],"
        " 'applies_to': {'extension': {'function': 'means_test',"
        "   'args': ['person.income_per_capita', 'ledger.patient_paid', {'money': '5000'}]}}}", &d);
    ck_assert_ptr_nonnull(p);
    enum { NP = 400, PER = 5, NC = NP * PER };
    static char pid[NP * 8], cid[NC * 8];
    static int64_t offp[NP + 1], offc[NC + 1], person[NC], income[NP], scope[NC];
    static hpr_date birth[NP], adm[NC];
    static int32_t type[NC], level[NC], loc[NC], status[NC];
    static hpr_money paid[NC], patient[NC];
    size_t lp = 0, lc = 0;
    unsigned long long rng = 42;
    for (int i = 0; i < NP; i++) {
        offp[i] = (int64_t)lp;
        lp += (size_t)sprintf(pid + lp, "p%d", i);
        birth[i] = ymd(1960, 1, 1);
        income[i] = (int64_t)(hpr_test_rand(&rng) % 1000000) - 1; /* some unknown (-1) */
    }
    offp[NP] = (int64_t)lp;
    for (int c = 0; c < NC; c++) {
        offc[c] = (int64_t)lc;
        lc += (size_t)sprintf(cid + lc, "c%d", c);
        person[c] = c / PER;
        adm[c] = ymd(2021, 1, 1) + c % PER * 30;
        level[c] = 2;
        scope[c] = (int64_t)(hpr_test_rand(&rng) % 5000000);
    }
    offc[NC] = (int64_t)lc;
    hpr_person_columns P = HPR_PERSON_COLUMNS_INIT;
    P.nrows = NP;
    P.id = (hpr_text_column){pid, offp, 0};
    P.birth_date = birth;
    P.income_per_capita = income;
    hpr_claim_columns C = HPR_CLAIM_COLUMNS_INIT;
    C.nrows = NC;
    C.person = person;
    C.id = (hpr_text_column){cid, offc, 0};
    C.type = type;
    C.admission_date = adm;
    C.level = level;
    C.location = loc;
    C.in_scope = scope;
    hpr_result_columns R = HPR_RESULT_COLUMNS_INIT;
    R.nrows = NC;
    R.status = status;
    R.paid = paid;
    R.patient = patient;
    hpr_columns_options o = HPR_COLUMNS_OPTIONS_INIT;
    o.threads = 8;
    ck_assert_int_eq(hpr_settle_columns(p, &P, &C, &R, NULL, &o), HPR_OK);
    /* one by one, person by person */
    hpr_settlement *s;
    hpr_ledger *l;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    for (int c = 0; c < NC; c++) {
        if (c % PER == 0)
            hpr_ledger_clear(l);
        hpr_person who = person_with(income[c / PER]);
        char id[16];
        snprintf(id, sizeof id, "c%d", c);
        hpr_claim cl = claim_of(id, scope[c]);
        cl.admission_date = cl.discharge_date = adm[c];
        ck_assert_int_eq(status[c], hpr_settle(s, l, p, &who, &cl, NULL));
        if (status[c] == HPR_OK) {
            ck_assert_int_eq(paid[c], hpr_settlement_amount(s, HPR_AMOUNT_PAID));
            ck_assert_int_eq(patient[c], hpr_settlement_amount(s, HPR_AMOUNT_PATIENT));
        }
    }
    hpr_ledger_free(l);
    hpr_settlement_free(s);
    hpr_policy_free(p);
    hpr_extensions_free(x);
}
END_TEST

Suite *hpr_extension_suite(void)
{
    Suite *s = suite_create("extension");
    TCase *reg = tcase_create("registry");
    tcase_add_test(reg, registry_rules);
    suite_add_tcase(s, reg);
    TCase *calls = tcase_create("calls");
    tcase_add_test(calls, layer_and_condition);
    tcase_add_test(calls, every_type_crosses_the_call);
    tcase_add_test(calls, household_size_is_checked);
    tcase_add_test(calls, a_bad_result_fails_only_its_claim);
    tcase_add_test(calls, the_batch_calls_them_from_threads);
    tcase_set_timeout(calls, 60);
    suite_add_tcase(s, calls);
    TCase *load_errors = tcase_create("load");
    tcase_add_test(load_errors, load_errors_are_located);
    suite_add_tcase(s, load_errors);
    return s;
}
