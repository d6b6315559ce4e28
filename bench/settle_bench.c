/* SPDX-License-Identifier: MIT */
/* How fast claims are settled. Generates a synthetic population in memory
 * (deterministic), then reports side by side on the same claims:
 *   1. hpr_settle one claim at a time, ns per claim, explanations off and on;
 *   2. hpr_settle_columns, claims per second on 1 thread and on every core
 *      (results checked equal to 1. first), writing status, paid and
 *      patient; then on every core writing every result column, as
 *      Python's settle_frame does;
 *   3. policy load and compile time (best and median of repeated loads).
 * Usage: settle_bench POLICY.json [N_CLAIMS] [YEAR] [--csv OUT_PREFIX] [--profile single|batch]
 * With --profile, only 1. with explanations off, or only 2. on one thread,
 * runs once (for callgrind: --toggle-collect=hpr_settle or
 * --toggle-collect=hpr_settle_columns).
 * With --csv, also writes OUT_PREFIX-persons.csv and OUT_PREFIX-claims.csv
 * (the flat form) and OUT_PREFIX-expected.csv (paid and patient per claim,
 * fen) so bench/compare.py can run the same claims through Python, pandas
 * and ZEN and check the answers. */
#define _POSIX_C_SOURCE 200809L
#include <hpr/hpr.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;
static unsigned long long rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const STATUS[] = {"registered_poor", "dibao", "tekun", "exited_poverty"};
static const char *const DX[] = {"C15.9", "I10", "E11.9", "J18.9", "C34.9", "K35.8", "I63.9", "R50.9"};

/* The best of `reps` runs of the batch, in seconds (paid cleared before
 * each, so a run cannot pass on the previous one's answers); -1 on error. */
static double time_batch(const hpr_policy *policy, const hpr_person_columns *pc, const hpr_claim_columns *cc,
                         hpr_result_columns *rc, unsigned threads, int reps)
{
    hpr_columns_options o = HPR_COLUMNS_OPTIONS_INIT;
    o.threads = threads;
    double best = 1e30;
    for (int rep = 0; rep < reps; rep++) {
        memset(rc->paid, 0, rc->nrows * sizeof *rc->paid);
        double t0 = now();
        if (hpr_settle_columns(policy, pc, cc, rc, NULL, &o) != HPR_OK) {
            fprintf(stderr, "batch: %s\n", hpr_error_last()->message);
            return -1;
        }
        double dt = now() - t0;
        best = dt < best ? dt : best;
    }
    return best;
}

/* Every result column settle_frame asks for, in memory allocated afresh for
 * each run (uninitialised, as settle_frame's np.empty arrays are; the batch
 * writes every entry) and freed after it, as a caller making new arrays
 * each time does: the first touch of fresh pages is part of the cost. The
 * best wall time, and in *sys the kernel CPU time of that run. Checks the
 * last run against the one-by-one amounts. */
static double time_batch_fresh(const hpr_policy *policy, const hpr_person_columns *pc,
                               const hpr_claim_columns *cc, unsigned threads, int reps,
                               const hpr_money *paid1, double *sys)
{
    size_t n = cc->nrows, nl = hpr_policy_layer_count(policy), npay = hpr_policy_payer_count(policy);
    hpr_columns_options o = HPR_COLUMNS_OPTIONS_INIT;
    o.threads = threads;
    double best = 1e30;
    for (int rep = 0; rep < reps; rep++) {
        struct rusage r0, r1;
        getrusage(RUSAGE_SELF, &r0);
        double t0 = now();
        hpr_result_columns rc = HPR_RESULT_COLUMNS_INIT;
        rc.nrows = n;
        rc.status = malloc(n * 4);
        rc.batch = malloc(n * 4);
        rc.categories = malloc(n * 8);
        rc.crossed = malloc(n * 8);
        rc.total = malloc(n * 8);
        rc.paid = malloc(n * 8);
        rc.patient = malloc(n * 8);
        rc.patient_year = malloc(n * 8);
        rc.layer_paid = malloc(n * nl * 8);
        rc.payer_paid = malloc(n * npay * 8);
        int ok = rc.status && rc.batch && rc.categories && rc.crossed && rc.total && rc.paid && rc.patient &&
                 rc.patient_year && rc.layer_paid && rc.payer_paid &&
                 hpr_settle_columns(policy, pc, cc, &rc, NULL, &o) == HPR_OK;
        double dt = now() - t0;
        getrusage(RUSAGE_SELF, &r1);
        for (size_t i = 0; ok && i < n; i++)
            ok = rc.status[i] == HPR_OK && rc.paid[i] == paid1[i];
        void *cols[] = {rc.status, rc.batch, rc.categories, rc.crossed, rc.total, rc.paid, rc.patient,
                        rc.patient_year, rc.layer_paid, rc.payer_paid};
        for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
            free(cols[k]);
        if (!ok) {
            fprintf(stderr, "batch into fresh memory: failed or differs from one by one\n");
            return -1;
        }
        if (dt < best) {
            best = dt;
            *sys = (double)(r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) +
                   (double)(r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
        }
    }
    return best;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s POLICY.json [N_CLAIMS] [YEAR] [--csv OUT_PREFIX] [--profile single|batch]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000000;
    int year = argc > 3 ? atoi(argv[3]) : 2019;
    const char *csv = NULL;
    int profile = 0; /* 1 single, 2 batch */
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc)
            csv = argv[++i];
        else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
            profile = strcmp(argv[++i], "batch") == 0 ? 2 : 1;
    }
    const size_t per = 4; /* claims per person */
    size_t np = (n + per - 1) / per;

    /* ---- policy load and compile ---- */
    double loads[200];
    hpr_policy *policy = NULL;
    for (int i = 0; i < (profile ? 1 : 200); i++) {
        hpr_policy *p = NULL;
        double t0 = now();
        if (hpr_policy_load_file(&p, NULL, path, NULL) != HPR_OK) {
            fprintf(stderr, "%s: %s\n", path, hpr_error_last()->message);
            return 2;
        }
        loads[i] = now() - t0;
        if (i == 0)
            policy = p;
        else
            hpr_policy_free(p);
    }
    qsort(loads, profile ? 1 : 200, sizeof loads[0], cmp_double);

    /* ---- the population: persons and claims as structs and as columns ---- */
    hpr_person *persons = calloc(np, sizeof *persons);
    hpr_status_period *st = calloc(np, sizeof *st);
    hpr_enrollment en = {"resident_basic", 0, HPR_DATE_OPEN};
    char *pid = calloc(np, 24), *cid = calloc(n, 24), *ptext = calloc(np, 64);
    int64_t *poff = calloc(np + 1, sizeof *poff), *pidoff = calloc(np + 1, sizeof *pidoff);
    char *ptext_en = calloc(np, 32);
    int64_t *enoff = calloc(np + 1, sizeof *enoff);
    hpr_date *birth = calloc(np, sizeof *birth);
    hpr_claim *claims = calloc(n, sizeof *claims);
    const char **dx = calloc(n, sizeof *dx);
    int64_t *person = calloc(n, sizeof *person);
    int32_t *type = calloc(n, 4), *level = calloc(n, 4), *loc = calloc(n, 4);
    hpr_date *adm = calloc(n, sizeof *adm);
    hpr_money *scope = calloc(n, 8), *ooc = calloc(n, 8), *total = calloc(n, 8);
    char *cidtext = calloc(n, 16), *dxtext = calloc(n, 8);
    int64_t *cidoff = calloc(n + 1, 8), *dxoff = calloc(n + 1, 8);
    if (!persons || !st || !pid || !cid || !claims || !dx || !person || !type || !level || !loc || !adm ||
        !scope || !ooc || !total || !cidtext || !dxtext || !cidoff || !dxoff || !ptext || !poff || !birth ||
        !pidoff || !ptext_en || !enoff) {
        fprintf(stderr, "out of memory\n");
        return 2;
    }
    hpr_date_from_ymd(&en.from, 2015, 1, 1);
    hpr_date y0;
    hpr_date_from_ymd(&y0, year, 1, 1);
    size_t plen = 0, enlen = 0, cidlen = 0, dxlen = 0, c = 0;
    for (size_t k = 0; k < np; k++) {
        hpr_person *p = &persons[k];
        hpr_person_init(p, HPR_PERSON_VERSION);
        snprintf(pid + 24 * k, 24, "P%zu", k);
        p->id = pid + 24 * k;
        birth[k] = p->birth_date = y0 - (hpr_date)(365 * (1 + rnd() % 90));
        bool poor = rnd() % 3 != 0;
        st[k] = (hpr_status_period){STATUS[rnd() % 4], y0 - 1000, HPR_DATE_OPEN};
        p->statuses = poor ? &st[k] : NULL;
        p->nstatuses = poor ? 1 : 0;
        p->enrollments = &en;
        p->nenrollments = 1;
        poff[k] = (int64_t)plen;
        if (poor) {
            char a[11];
            hpr_date_format(a, sizeof a, st[k].from);
            plen += (size_t)sprintf(ptext + plen, "%s=%s..", st[k].kind, a);
        }
        enoff[k] = (int64_t)enlen;
        enlen += (size_t)sprintf(ptext_en + enlen, "resident_basic=2015-01-01..");
        hpr_date day = y0;
        for (size_t i = 0; i < per && c < n; i++, c++) {
            hpr_claim *cl = &claims[c];
            hpr_claim_init(cl, HPR_CLAIM_VERSION);
            snprintf(cid + 24 * c, 24, "C%zu", c);
            cl->id = cid + 24 * c;
            cl->type = (hpr_claim_type)(rnd() % 3);
            day += (hpr_date)(rnd() % 80);
            cl->admission_date = cl->discharge_date = day;
            cl->level = (hpr_level)(rnd() % 5);
            cl->location = (hpr_location)(cl->level <= 2 ? 0 : rnd() % 4);
            dx[c] = DX[rnd() % 8];
            cl->diagnoses = &dx[c];
            cl->ndiagnoses = 1;
            cl->costs.in_scope = (hpr_money)(cl->type == HPR_CLAIM_INPATIENT ? 100000 + rnd() % 8000000
                                                                               : 2000 + rnd() % 50000);
            cl->costs.out_of_catalog = cl->costs.in_scope / 10;
            cl->costs.total = cl->costs.in_scope + cl->costs.out_of_catalog;
            person[c] = (int64_t)k;
            type[c] = cl->type;
            level[c] = cl->level;
            loc[c] = cl->location;
            adm[c] = day;
            scope[c] = cl->costs.in_scope;
            ooc[c] = cl->costs.out_of_catalog;
            total[c] = cl->costs.total;
            cidoff[c] = (int64_t)cidlen;
            cidlen += (size_t)sprintf(cidtext + cidlen, "%s", cl->id);
            dxoff[c] = (int64_t)dxlen;
            size_t l = strlen(dx[c]);
            memcpy(dxtext + dxlen, dx[c], l);
            dxlen += l;
        }
    }
    poff[np] = (int64_t)plen;
    enoff[np] = (int64_t)enlen;
    cidoff[n] = (int64_t)cidlen;
    dxoff[n] = (int64_t)dxlen;
    /* person ids as Arrow text */
    char *pidtext = calloc(np, 16);
    size_t pl = 0;
    for (size_t k = 0; k < np; k++) {
        pidoff[k] = (int64_t)pl;
        pl += (size_t)sprintf(pidtext + pl, "%s", persons[k].id);
    }
    pidoff[np] = (int64_t)pl;

    /* ---- 1. one claim at a time ---- */
    hpr_settlement *s = NULL;
    hpr_ledger *l = NULL;
    hpr_settlement_create(&s);
    hpr_ledger_create(&l);
    hpr_money *paid1 = calloc(n, 8), *patient1 = calloc(n, 8);
    double ns[2];
    /* explanations off: best of 3 passes (the machine is noisy); on: one pass over a tenth */
    for (int pass = 0; pass < (profile == 2 ? 0 : profile ? 1 : 4); pass++) {
        int explain = pass == 3;
        hpr_settle_options o = HPR_SETTLE_OPTIONS_INIT;
        o.flags = explain ? HPR_SETTLE_EXPLAIN : 0;
        size_t m = explain ? n / 10 : n, failed = 0;
        double t0 = now();
        for (size_t i = 0; i < m; i++) {
            if (i % per == 0)
                hpr_ledger_clear(l);
            if (hpr_settle(s, l, policy, &persons[person[i]], &claims[i], &o) != HPR_OK) {
                failed++;
                continue;
            }
            if (!explain) {
                paid1[i] = hpr_settlement_amount(s, HPR_AMOUNT_PAID);
                patient1[i] = hpr_settlement_amount(s, HPR_AMOUNT_PATIENT);
            }
        }
        double t = (now() - t0) / (double)m * 1e9;
        if (explain || pass == 0 || t < ns[0])
            ns[explain] = t;
        if (failed) {
            fprintf(stderr, "%zu claims failed: %s\n", failed, hpr_error_last()->message);
            return 1;
        }
    }

    if (profile == 1) {
        printf("hpr_settle, explain off: %.1f ns/claim\n", ns[0]);
        return 0;
    }

    /* ---- 2. the columnar batch ---- */
    hpr_person_columns pc = HPR_PERSON_COLUMNS_INIT;
    pc.nrows = np;
    pc.id = (hpr_text_column){pidtext, pidoff, 0};
    pc.birth_date = birth;
    pc.statuses = (hpr_text_column){ptext, poff, 0};
    pc.enrollments = (hpr_text_column){ptext_en, enoff, 0};
    hpr_claim_columns cc = HPR_CLAIM_COLUMNS_INIT;
    cc.nrows = n;
    cc.person = person;
    cc.id = (hpr_text_column){cidtext, cidoff, 0};
    cc.type = type;
    cc.admission_date = adm;
    cc.level = level;
    cc.location = loc;
    cc.diagnoses = (hpr_text_column){dxtext, dxoff, 0};
    cc.in_scope = scope;
    cc.out_of_catalog = ooc;
    cc.total = total;
    hpr_result_columns rc = HPR_RESULT_COLUMNS_INIT;
    rc.nrows = n;
    rc.status = calloc(n, 4);
    rc.paid = calloc(n, 8);
    rc.patient = calloc(n, 8);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads[2] = {1, ncpu > 0 ? (unsigned)ncpu : 1};
    double cps[2];
    for (int t = 0; t < (profile ? 1 : 2); t++) {
        double best = time_batch(policy, &pc, &cc, &rc, threads[t], profile ? 1 : 3);
        if (best < 0)
            return 1;
        cps[t] = (double)n / best;
        if (profile) {
            printf("hpr_settle_columns, 1 thread: %.1f ns/claim\n", 1e9 / cps[0]);
            return 0;
        }
        for (size_t i = 0; i < n; i++)
            if (rc.status[i] != HPR_OK || rc.paid[i] != paid1[i] || rc.patient[i] != patient1[i]) {
                fprintf(stderr, "claim %zu: the batch (%d threads) differs from one by one\n", i, threads[t]);
                return 1;
            }
    }

    /* ---- 2b. every core, every result column (what settle_frame asks for) ---- */
    size_t nl = hpr_policy_layer_count(policy), npay = hpr_policy_payer_count(policy);
    hpr_result_columns full = rc;
    full.batch = calloc(n, 4);
    full.categories = calloc(n, 8);
    full.crossed = calloc(n, 8);
    full.total = calloc(n, 8);
    full.patient_year = calloc(n, 8);
    full.layer_paid = calloc(n * nl, 8);
    full.payer_paid = calloc(n * npay, 8);
    if (!full.batch || !full.categories || !full.crossed || !full.total || !full.patient_year ||
        !full.layer_paid || !full.payer_paid)
        return 2;
    double best_full = time_batch(policy, &pc, &cc, &full, threads[1], 3);
    if (best_full < 0)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (full.status[i] != HPR_OK || full.paid[i] != paid1[i] || full.total[i] != total[i]) {
            fprintf(stderr, "claim %zu: the batch with every column differs from one by one\n", i);
            return 1;
        }

    /* ---- 2c. the same into fresh memory each run (what settle_frame pays) ---- */
    double fresh_sys = 0;
    double best_fresh = time_batch_fresh(policy, &pc, &cc, threads[1], 3, paid1, &fresh_sys);
    if (best_fresh < 0)
        return 1;

    printf("policy %s (%s), %zu layers; %zu claims of %zu persons in %d\n", hpr_policy_id(policy), path,
           hpr_policy_layer_count(policy), n, np, year);
    printf("  policy load + compile       best %8.1f us   median %8.1f us\n", loads[0] * 1e6, loads[100] * 1e6);
    printf("  hpr_settle, explain off     %8.1f ns/claim   (%5.2f M claims/s)\n", ns[0], 1e3 / ns[0]);
    printf("  hpr_settle, explain on      %8.1f ns/claim\n", ns[1]);
    printf("  hpr_settle_columns 1 thread %8.2f M claims/s  (%5.1f ns/claim)\n", cps[0] / 1e6, 1e9 / cps[0]);
    printf("  hpr_settle_columns %u threads %6.2f M claims/s  (x%.2f)\n", threads[1], cps[1] / 1e6,
           cps[1] / cps[0]);
    printf("  every result column, %u threads %6.2f M claims/s  (status, batch, categories, monitoring, "
           "amounts, %zu layers, %zu payers: what settle_frame returns)\n",
           threads[1], (double)n / best_full / 1e6, nl, npay);
    printf("  the same into fresh memory  %8.2f M claims/s  (new columns each run, as settle_frame makes; "
           "kernel %.0f ms CPU of %.0f ms)\n",
           (double)n / best_fresh / 1e6, fresh_sys * 1e3, best_fresh * 1e3);
    printf("  batch results equal one-by-one results on all %zu claims\n", n);

    if (csv) {
        char f[4096];
        snprintf(f, sizeof f, "%s-persons.csv", csv);
        FILE *pf = fopen(f, "w");
        snprintf(f, sizeof f, "%s-claims.csv", csv);
        FILE *cf = fopen(f, "w");
        snprintf(f, sizeof f, "%s-expected.csv", csv);
        FILE *ef = fopen(f, "w");
        if (!pf || !cf || !ef)
            return 2;
        fputs("person_id,birth_date,statuses,enrollments\n", pf);
        for (size_t k = 0; k < np; k++) {
            char b[11];
            hpr_date_format(b, sizeof b, birth[k]);
            fprintf(pf, "%s,%s,%.*s,resident_basic=2015-01-01..\n", persons[k].id, b,
                    (int)(poff[k + 1] - poff[k]), ptext + poff[k]);
        }
        fputs("claim_id,person_id,type,admission_date,level,location,diagnoses,in_scope_fen,"
              "out_of_catalog_fen,total_fen\n", cf);
        fputs("claim_id,paid_fen,patient_fen\n", ef);
        for (size_t i = 0; i < n; i++) {
            char a[11];
            hpr_date_format(a, sizeof a, adm[i]);
            fprintf(cf, "%s,%s,%s,%s,%s,%s,%s,%lld,%lld,%lld\n", claims[i].id, persons[person[i]].id,
                    hpr_claim_type_name((hpr_claim_type)type[i]), a, hpr_level_name((hpr_level)level[i]),
                    hpr_location_name((hpr_location)loc[i]), dx[i], (long long)scope[i],
                    (long long)ooc[i], (long long)total[i]);
            fprintf(ef, "%s,%lld,%lld\n", claims[i].id, (long long)paid1[i], (long long)patient1[i]);
        }
        fclose(pf);
        fclose(cf);
        fclose(ef);
    }
    hpr_settlement_free(s);
    hpr_ledger_free(l);
    hpr_policy_free(policy);
    return 0;
}
