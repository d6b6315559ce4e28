/* SPDX-License-Identifier: MIT */
/* The cost of an extension call: the same rule (pay half of what is
 * unpaid) as a built-in share layer and as an extension layer calling a C
 * function through libffi, settled side by side in one run, best of five.
 *   hpr_extension_bench [CLAIMS]
 * Figures: docs/performance.md. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpr/hpr.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int64_t half(int64_t unpaid) { return unpaid / 2; }

static const char HEAD[] =
    "{\"format\": 1, \"id\": \"b\", \"title\": \"b\", \"sources\": {\"t\": {\"title\": \"t\", "
    "\"confidence\": \"assumption\"}}, \"extensions\": {\"half\": {\"params\": [\"money\"], \"returns\": "
    "\"money\"}}, \"layers\": [";

static hpr_policy *load(hpr_extensions *x, const char *layer)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s]}", HEAD, layer);
    hpr_policy_options o = HPR_POLICY_OPTIONS_INIT;
    o.extensions = x;
    hpr_policy *p = NULL;
    if (hpr_policy_load_buffer(&p, NULL, text, strlen(text), "bench.json", &o) != HPR_OK) {
        fprintf(stderr, "%s\n", hpr_error_last()->message);
        exit(2);
    }
    return p;
}

/* Seconds for n claims, best of five; the sum paid, to compare. */
static double run(const hpr_policy *p, long n, hpr_money *sum)
{
    hpr_settlement *s;
    hpr_settlement_create(&s);
    hpr_person who = HPR_PERSON_INIT;
    who.id = "p";
    hpr_date_from_ymd(&who.birth_date, 1960, 1, 1);
    hpr_claim c = HPR_CLAIM_INIT;
    c.id = "c";
    c.type = HPR_CLAIM_INPATIENT;
    hpr_date_from_ymd(&c.admission_date, 2022, 3, 1);
    c.discharge_date = c.admission_date;
    c.level = HPR_LEVEL_COUNTY;
    double best = 1e9;
    for (int rep = 0; rep < 5; rep++) {
        *sum = 0;
        double t0 = now();
        for (long i = 0; i < n; i++) {
            c.costs.total = c.costs.in_scope = 100000 + (i % 1000) * 37;
            if (hpr_settle(s, NULL, p, &who, &c, NULL) != HPR_OK) {
                fprintf(stderr, "%s\n", hpr_error_last()->message);
                exit(2);
            }
            *sum += hpr_settlement_amount(s, HPR_AMOUNT_PAID);
        }
        double t = now() - t0;
        best = t < best ? t : best;
    }
    hpr_settlement_free(s);
    return best;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    hpr_extensions *x;
    hpr_extensions_create(&x);
    hpr_extensions_add(x, "half", "money(money)", (hpr_extension_fn)(void (*)(void))half);
    hpr_policy *builtin = load(x, "{\"id\": \"l\", \"name\": \"l\", \"kind\": \"share\", \"payer\": \"other_fund\", "
                                  "\"covers\": [\"in_scope\"], \"ratio\": \"0.5\", \"rounding\": \"down\"}");
    hpr_policy *ext = load(x, "{\"id\": \"l\", \"name\": \"l\", \"kind\": \"extension\", \"payer\": "
                              "\"other_fund\", \"covers\": [\"in_scope\"], \"function\": \"half\", "
                              "\"args\": [\"layer.unpaid_covered\"]}");
    hpr_money a, b;
    double tb = run(builtin, n, &a), te = run(ext, n, &b);
    if (a != b) {
        fprintf(stderr, "the two layers disagree: %lld vs %lld\n", (long long)a, (long long)b);
        return 1;
    }
    printf("built-in share layer   %7.1f ns a claim\n", tb / (double)n * 1e9);
    printf("extension layer (C)    %7.1f ns a claim\n", te / (double)n * 1e9);
    printf("an extension call costs %.1f ns more (%ld claims, best of 5, same answers)\n",
           (te - tb) / (double)n * 1e9, n);
    hpr_policy_free(builtin);
    hpr_policy_free(ext);
    hpr_extensions_free(x);
    return 0;
}
