/* SPDX-License-Identifier: MIT */
/* How fast a diagnosis is matched against the 30-disease catalog and a claim
 * is classified. Usage: classify_bench POLICY.json [N]. Prints ns per call for
 *   1. hpr_policy_catalog_match (compiled intervals, binary search),
 *   2. a linear scan of the catalog's code strings (the baseline it replaces),
 *   3. hpr_classify with reasons,
 *   4. hpr_settle (classification included), explanations off. */
#define _POSIX_C_SOURCE 200809L
#include <hpr/hpr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* The baseline: every pattern of the 2020 list as text, matched by prefix. */
static const char *const PATTERNS[][2] = {
    {"C15", ""}, {"C16", ""}, {"C18", ""}, {"C20", ""}, {"N185", ""}, {"N180", ""}, {"Q210", ""},
    {"Q211", ""}, {"Q213", ""}, {"Q221", ""}, {"Q250", ""}, {"C910", ""}, {"C924", ""}, {"C34", ""},
    {"C22", ""}, {"C50", ""}, {"C53", ""}, {"I21", ""}, {"H25", "H26"}, {"J60", "J65"}, {"C74", ""},
    {"C81", "C85"}, {"C40", "C41"}, {"D66", "D67"}, {"D56", ""}, {"Q35", "Q37"}, {"Q54", ""},
    {"U843", ""}, {"I60", "I64"}, {"J43", "J44"}, {"B20", ""}, {"F20", ""}, {"F22", ""}, {"F25", ""},
    {"F31", ""}, {"F06", ""}, {"F70", "F79"}, {"I05", "I09"}, {"C67", ""}, {"C56", ""}, {"C64", ""}};

static int linear_match(const char *code)
{
    char c[16];
    size_t n = 0;
    for (const char *s = code; *s && n < 15; s++)
        if (*s != '.')
            c[n++] = *s;
    c[n] = 0;
    for (size_t i = 0; i < sizeof PATTERNS / sizeof *PATTERNS; i++) {
        const char *lo = PATTERNS[i][0], *hi = PATTERNS[i][1][0] ? PATTERNS[i][1] : lo;
        if (strncmp(c, lo, strlen(lo)) >= 0 && strncmp(c, hi, strlen(hi)) <= 0)
            return (int)i;
    }
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s POLICY.json [N]\n", argv[0]);
        return 2;
    }
    long n = argc > 2 ? atol(argv[2]) : 2000000;
    hpr_policy *p = NULL;
    if (hpr_policy_load_file(&p, NULL, argv[1], NULL) != HPR_OK) {
        fprintf(stderr, "%s\n", hpr_error_last()->message);
        return 1;
    }
    static const char *const codes[] = {"C15.9", "I63.9", "J18.9", "C91.0", "K35.8", "H25.1", "F20.0",
                                        "E11.9", "I10",   "C34.1", "S72.0", "N18.5", "Q21.0", "O80",
                                        "C50.9", "Z51.1"};
    size_t ncodes = sizeof codes / sizeof *codes;
    hpr_date on;
    hpr_date_parse(&on, "2020-06-01", 10);
    const char *m;
    long hits = 0;
    double t0 = now();
    for (long i = 0; i < n; i++)
        hits += hpr_policy_catalog_match(&m, p, "serious", codes[i % ncodes], on) == HPR_OK;
    double t1 = now();
    long hits2 = 0;
    for (long i = 0; i < n; i++)
        hits2 += linear_match(codes[i % ncodes]) >= 0;
    double t2 = now();

    hpr_status_period st[] = {{"registered_poor", on - 2000, HPR_DATE_OPEN}};
    hpr_enrollment en[] = {{"resident_basic", on - 2000, HPR_DATE_OPEN}};
    hpr_person who = HPR_PERSON_INIT;
    who.id = "p";
    who.birth_date = on - 365 * 50;
    who.statuses = st;
    who.nstatuses = 1;
    who.enrollments = en;
    who.nenrollments = 1;
    const char *diag[1];
    hpr_claim c = HPR_CLAIM_INIT;
    c.id = "c";
    c.admission_date = c.discharge_date = on;
    c.level = HPR_LEVEL_COUNTY;
    c.diagnoses = diag;
    c.ndiagnoses = 1;
    c.costs.total = c.costs.in_scope = 5000000;
    hpr_classification *cls = NULL;
    hpr_settlement *s = NULL;
    hpr_classification_create(&cls);
    hpr_settlement_create(&s);
    long m3 = n / 4;
    double t3 = now();
    for (long i = 0; i < m3; i++) {
        diag[0] = codes[i % ncodes];
        hpr_classify(cls, p, &who, &c, NULL);
    }
    double t4 = now();
    for (long i = 0; i < m3; i++) {
        diag[0] = codes[i % ncodes];
        hpr_settle(s, NULL, p, &who, &c, NULL);
    }
    double t5 = now();
    printf("policy %s, %ld codes (%ld of %zu distinct codes match)\n", hpr_policy_id(p), n,
           (long)(hits / (n / (long)ncodes)), ncodes);
    printf("  catalog match, compiled intervals   %7.1f ns/code\n", (t1 - t0) * 1e9 / n);
    printf("  catalog match, linear string scan   %7.1f ns/code (baseline; %ld matches)\n",
           (t2 - t1) * 1e9 / n, hits2);
    printf("  hpr_classify with reasons           %7.1f ns/claim\n", (t4 - t3) * 1e9 / m3);
    printf("  hpr_settle incl. classification     %7.1f ns/claim (explanations off)\n",
           (t5 - t4) * 1e9 / m3);
    hpr_classification_free(cls);
    hpr_settlement_free(s);
    hpr_policy_free(p);
    return 0;
}
