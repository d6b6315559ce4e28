/* SPDX-License-Identifier: MIT */
/* The columnar batch: the same results as settling row by row, whatever
 * the thread count and text layout; every row accounted for; bad rows
 * and bad arguments reported precisely. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"

#define NPERSONS 300
#define MAXCLAIMS 8

static const char *const KINDS[] = {"registered_poor", "exited_poverty", "dibao", "tekun",
                                    "monitored", "low_income_margin"};
static const char *const CODES[] = {"C15.9", "I10", "E11.9", "C50.1", "J18.0", "N18.5", "Z00.0"};

/* A random population for normalised-2021 in Arrow layout, and the same
 * persons and claims as structs for settling one by one. */
typedef struct population {
    size_t np, nc;
    hpr_person persons[NPERSONS];
    hpr_status_period st[NPERSONS][2];
    hpr_enrollment en[NPERSONS];
    char pid[NPERSONS][16];
    /* columns */
    char ptext[3][NPERSONS * 96];
    int64_t poff[3][NPERSONS + 1];
    hpr_date birth[NPERSONS];
    int32_t fd[NPERSONS];
    hpr_money income[NPERSONS];
    hpr_claim *claims;      /* row order */
    char (*cid)[16];
    const char *(*dx)[2];
    int64_t *person;
    int32_t *type, *level, *location, *referral;
    hpr_date *adm, *dis;
    hpr_money *total, *in_scope, *bself, *ooc, *waiver;
    char *ctext[2];          /* id, diagnoses */
    int64_t *coff[2];
} population;

static void put_text(char *buf, int64_t *off, size_t i, const char *s)
{
    size_t len = strlen(s);
    memcpy(buf + off[i], s, len);
    off[i + 1] = off[i] + (int64_t)len;
}

static population *make_population(unsigned long long seed)
{
    population *P = calloc(1, sizeof *P);
    ck_assert_ptr_nonnull(P);
    unsigned long long r = seed;
    size_t cap = NPERSONS * MAXCLAIMS;
    P->claims = calloc(cap, sizeof *P->claims);
    P->cid = calloc(cap, sizeof *P->cid);
    P->dx = calloc(cap, sizeof *P->dx);
    P->person = calloc(cap, sizeof *P->person);
    P->type = calloc(cap, sizeof(int32_t));
    P->level = calloc(cap, sizeof(int32_t));
    P->location = calloc(cap, sizeof(int32_t));
    P->referral = calloc(cap, sizeof(int32_t));
    P->adm = calloc(cap, sizeof(hpr_date));
    P->dis = calloc(cap, sizeof(hpr_date));
    P->total = calloc(cap, sizeof(hpr_money));
    P->in_scope = calloc(cap, sizeof(hpr_money));
    P->bself = calloc(cap, sizeof(hpr_money));
    P->ooc = calloc(cap, sizeof(hpr_money));
    P->waiver = calloc(cap, sizeof(hpr_money));
    for (int t = 0; t < 2; t++) {
        P->ctext[t] = calloc(cap, 32);
        P->coff[t] = calloc(cap + 1, sizeof(int64_t));
    }
    P->np = NPERSONS;
    /* per-person claim sequences, then interleaved round robin */
    hpr_claim seq[NPERSONS][MAXCLAIMS];
    int nseq[NPERSONS];
    for (size_t k = 0; k < NPERSONS; k++) {
        hpr_person *p = &P->persons[k];
        hpr_person_init(p, HPR_PERSON_VERSION);
        snprintf(P->pid[k], sizeof P->pid[k], "P%zu", k);
        p->id = P->pid[k];
        p->birth_date = ymd(1940, 1, 1) + (hpr_date)(hpr_test_rand(&r) % 29000); /* born before the first claim (2021) */
        char st[160] = "", en[64] = "";
        size_t nst = hpr_test_rand(&r) % 3;
        for (size_t i = 0; i < nst; i++) {
            hpr_status_period *s = &P->st[k][i];
            s->kind = KINDS[hpr_test_rand(&r) % 6];
            s->from = ymd(2016, 1, 1) + (hpr_date)(hpr_test_rand(&r) % 2500);
            s->to = hpr_test_rand(&r) % 2 ? HPR_DATE_OPEN : s->from + (hpr_date)(hpr_test_rand(&r) % 1500);
            char a[11], b[11] = "";
            hpr_date_format(a, sizeof a, s->from);
            if (s->to != HPR_DATE_OPEN)
                hpr_date_format(b, sizeof b, s->to);
            size_t used = strlen(st);
            snprintf(st + used, sizeof st - used, "%s %s=%s..%s", i ? ";" : "", s->kind, a, b);
        }
        p->statuses = P->st[k];
        p->nstatuses = nst;
        P->en[k] = (hpr_enrollment){"resident_basic", ymd(2015, 1, 1), HPR_DATE_OPEN};
        if (hpr_test_rand(&r) % 10) {
            p->enrollments = &P->en[k];
            p->nenrollments = 1;
            snprintf(en, sizeof en, "resident_basic=2015-01-01..");
        }
        p->family_doctor_contract = (int)(hpr_test_rand(&r) % 2);
        p->income_per_capita = hpr_test_rand(&r) % 4 ? (hpr_money)(hpr_test_rand(&r) % 2000000) : -1;
        put_text(P->ptext[0], P->poff[0], k, p->id);
        put_text(P->ptext[1], P->poff[1], k, st);
        put_text(P->ptext[2], P->poff[2], k, en);
        P->birth[k] = p->birth_date;
        P->fd[k] = p->family_doctor_contract;
        P->income[k] = p->income_per_capita;

        nseq[k] = (int)(hpr_test_rand(&r) % (MAXCLAIMS + 1));
        hpr_date day = ymd(2021, 1, 1) + (hpr_date)(hpr_test_rand(&r) % 1500);
        for (int i = 0; i < nseq[k]; i++) {
            hpr_claim *c = &seq[k][i];
            hpr_claim_init(c, HPR_CLAIM_VERSION);
            c->type = (hpr_claim_type)(hpr_test_rand(&r) % 3);
            day += (hpr_date)(hpr_test_rand(&r) % 120);
            c->admission_date = day;
            c->discharge_date = day + (c->type == HPR_CLAIM_INPATIENT ? (hpr_date)(hpr_test_rand(&r) % 20) : 0);
            day = c->discharge_date;
            c->level = (hpr_level)(hpr_test_rand(&r) % 5);
            c->location = (hpr_location)(hpr_test_rand(&r) % 4);
            c->referral = (int)(hpr_test_rand(&r) % 2);
            c->costs.in_scope = (hpr_money)(hpr_test_rand(&r) % 30000000);
            c->costs.class_b_self = (hpr_money)(hpr_test_rand(&r) % 300000);
            c->costs.out_of_catalog = (hpr_money)(hpr_test_rand(&r) % 500000);
            c->costs.waiver = (hpr_money)(hpr_test_rand(&r) % 3 == 0 ? hpr_test_rand(&r) % 100000 : 0);
            c->costs.total = c->costs.in_scope + c->costs.class_b_self + c->costs.out_of_catalog;
            c->ndiagnoses = 1 + hpr_test_rand(&r) % 2;
        }
    }
    size_t row = 0;
    for (int i = 0; i < MAXCLAIMS; i++)
        for (size_t k = 0; k < NPERSONS; k++) {
            if (i >= nseq[k])
                continue;
            hpr_claim *c = &P->claims[row];
            *c = seq[k][i];
            snprintf(P->cid[row], sizeof P->cid[row], "C%zu-%d", k, i);
            c->id = P->cid[row];
            char dx[32];
            P->dx[row][0] = CODES[hpr_test_rand(&r) % 7];
            P->dx[row][1] = CODES[hpr_test_rand(&r) % 7];
            c->diagnoses = P->dx[row];
            snprintf(dx, sizeof dx, "%s%s%s", P->dx[row][0], c->ndiagnoses > 1 ? " ; " : "",
                     c->ndiagnoses > 1 ? P->dx[row][1] : "");
            put_text(P->ctext[0], P->coff[0], row, c->id);
            put_text(P->ctext[1], P->coff[1], row, dx);
            P->person[row] = (int64_t)k;
            P->type[row] = c->type;
            P->level[row] = c->level;
            P->location[row] = c->location;
            P->referral[row] = c->referral;
            P->adm[row] = c->admission_date;
            P->dis[row] = c->discharge_date;
            P->total[row] = c->costs.total;
            P->in_scope[row] = c->costs.in_scope;
            P->bself[row] = c->costs.class_b_self;
            P->ooc[row] = c->costs.out_of_catalog;
            P->waiver[row] = c->costs.waiver;
            row++;
        }
    P->nc = row;
    return P;
}

static void free_population(population *P)
{
    free(P->claims);
    free(P->cid);
    free(P->dx);
    free(P->person);
    free(P->type);
    free(P->level);
    free(P->location);
    free(P->referral);
    free(P->adm);
    free(P->dis);
    free(P->total);
    free(P->in_scope);
    free(P->bself);
    free(P->ooc);
    free(P->waiver);
    for (int t = 0; t < 2; t++) {
        free(P->ctext[t]);
        free(P->coff[t]);
    }
    free(P);
}

static void columns_of(const population *P, hpr_person_columns *pc, hpr_claim_columns *cc)
{
    ck_assert_int_eq(hpr_columns_init(pc, sizeof *pc, HPR_PERSON_COLUMNS_VERSION), HPR_OK);
    ck_assert_int_eq(hpr_columns_init(cc, sizeof *cc, HPR_CLAIM_COLUMNS_VERSION), HPR_OK);
    pc->nrows = P->np;
    pc->id = (hpr_text_column){P->ptext[0], P->poff[0], 0};
    pc->statuses = (hpr_text_column){P->ptext[1], P->poff[1], 0};
    pc->enrollments = (hpr_text_column){P->ptext[2], P->poff[2], 0};
    pc->birth_date = P->birth;
    pc->family_doctor = P->fd;
    pc->income_per_capita = P->income;
    cc->nrows = P->nc;
    cc->person = P->person;
    cc->id = (hpr_text_column){P->ctext[0], P->coff[0], 0};
    cc->diagnoses = (hpr_text_column){P->ctext[1], P->coff[1], 0};
    cc->type = P->type;
    cc->admission_date = P->adm;
    cc->discharge_date = P->dis;
    cc->level = P->level;
    cc->location = P->location;
    cc->referral = P->referral;
    cc->total = P->total;
    cc->in_scope = P->in_scope;
    cc->class_b_self = P->bself;
    cc->out_of_catalog = P->ooc;
    cc->waiver = P->waiver;
}

typedef struct outcols {
    hpr_result_columns rc;
    size_t nl, np;
} outcols;

static void out_alloc(outcols *o, const hpr_policy *policy, size_t n)
{
    ck_assert_int_eq(hpr_columns_init(&o->rc, sizeof o->rc, HPR_RESULT_COLUMNS_VERSION), HPR_OK);
    o->nl = hpr_policy_layer_count(policy);
    o->np = hpr_policy_payer_count(policy);
    o->rc.nrows = n;
    o->rc.status = calloc(n + 1, sizeof(int32_t));
    o->rc.batch = calloc(n + 1, sizeof(int32_t));
    o->rc.categories = calloc(n + 1, sizeof(uint64_t));
    o->rc.crossed = calloc(n + 1, sizeof(uint64_t));
    o->rc.total = calloc(n + 1, sizeof(hpr_money));
    o->rc.paid = calloc(n + 1, sizeof(hpr_money));
    o->rc.patient = calloc(n + 1, sizeof(hpr_money));
    o->rc.patient_year = calloc(n + 1, sizeof(hpr_money));
    o->rc.layer_paid = calloc((n + 1) * o->nl, sizeof(hpr_money));
    o->rc.payer_paid = calloc((n + 1) * o->np, sizeof(hpr_money));
}

static void out_poison(outcols *o, size_t n)
{
    memset(o->rc.status, 0xA5, n * sizeof(int32_t));
    memset(o->rc.batch, 0xA5, n * sizeof(int32_t));
    memset(o->rc.categories, 0xA5, n * sizeof(uint64_t));
    memset(o->rc.crossed, 0xA5, n * sizeof(uint64_t));
    memset(o->rc.total, 0xA5, n * sizeof(hpr_money));
    memset(o->rc.paid, 0xA5, n * sizeof(hpr_money));
    memset(o->rc.patient, 0xA5, n * sizeof(hpr_money));
    memset(o->rc.patient_year, 0xA5, n * sizeof(hpr_money));
    memset(o->rc.layer_paid, 0xA5, n * o->nl * sizeof(hpr_money));
    memset(o->rc.payer_paid, 0xA5, n * o->np * sizeof(hpr_money));
}

static void out_free(outcols *o)
{
    free(o->rc.status);
    free(o->rc.batch);
    free(o->rc.categories);
    free(o->rc.crossed);
    free(o->rc.total);
    free(o->rc.paid);
    free(o->rc.patient);
    free(o->rc.patient_year);
    free(o->rc.layer_paid);
    free(o->rc.payer_paid);
}

static void assert_same(const outcols *a, const outcols *b, size_t n)
{
    ck_assert_mem_eq(a->rc.status, b->rc.status, n * sizeof(int32_t));
    ck_assert_mem_eq(a->rc.batch, b->rc.batch, n * sizeof(int32_t));
    ck_assert_mem_eq(a->rc.categories, b->rc.categories, n * sizeof(uint64_t));
    ck_assert_mem_eq(a->rc.crossed, b->rc.crossed, n * sizeof(uint64_t));
    ck_assert_mem_eq(a->rc.paid, b->rc.paid, n * sizeof(hpr_money));
    ck_assert_mem_eq(a->rc.patient, b->rc.patient, n * sizeof(hpr_money));
    ck_assert_mem_eq(a->rc.patient_year, b->rc.patient_year, n * sizeof(hpr_money));
    ck_assert_mem_eq(a->rc.layer_paid, b->rc.layer_paid, n * a->nl * sizeof(hpr_money));
    ck_assert_mem_eq(a->rc.payer_paid, b->rc.payer_paid, n * a->np * sizeof(hpr_money));
}

START_TEST(test_columns_equal_one_by_one)
{
    hpr_policy *policy = hpr_test_load_file("policies/normalised-2021.json");
    population *P = make_population(77);
    ck_assert_uint_gt(P->nc, 800);
    hpr_person_columns pc;
    hpr_claim_columns cc;
    columns_of(P, &pc, &cc);

    /* one by one, each person's ledger carried in row order */
    outcols ref;
    out_alloc(&ref, policy, P->nc);
    hpr_ledger *ledgers[NPERSONS];
    for (size_t k = 0; k < NPERSONS; k++)
        ck_assert_int_eq(hpr_ledger_create(&ledgers[k]), HPR_OK);
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    size_t failed = 0, crossed = 0, categorised = 0;
    for (size_t i = 0; i < P->nc; i++) {
        size_t k = (size_t)P->person[i];
        hpr_status st = hpr_settle(s, ledgers[k], policy, &P->persons[k], &P->claims[i], NULL);
        ref.rc.status[i] = st;
        if (st != HPR_OK) {
            failed++;
            continue;
        }
        ref.rc.batch[i] = hpr_classification_batch(hpr_settlement_classification(s));
        ref.rc.paid[i] = hpr_settlement_amount(s, HPR_AMOUNT_PAID);
        ref.rc.patient[i] = hpr_settlement_amount(s, HPR_AMOUNT_PATIENT);
        ref.rc.patient_year[i] = hpr_settlement_amount(s, HPR_AMOUNT_PATIENT_YEAR);
        for (size_t l = 0; l < ref.nl; l++) {
            const hpr_settlement_line *line = hpr_settlement_line_get(s, l);
            ref.rc.layer_paid[i * ref.nl + l] = line->applied ? line->paid : 0;
        }
        for (size_t q = 0; q < ref.np; q++)
            ref.rc.payer_paid[i * ref.np + q] = hpr_settlement_payer_paid(s, hpr_policy_payer(policy, q));
        for (size_t c = 0; c < hpr_settlement_crossed_count(s); c++)
            for (size_t m = 0; m < hpr_policy_monitor_count(policy); m++)
                if (strcmp(hpr_settlement_crossed(s, c), hpr_policy_monitor(policy, m, NULL)) == 0)
                    ref.rc.crossed[i] |= 1ull << m;
        crossed += ref.rc.crossed[i] != 0;
        /* categories through the public eligibility check on the as-of date */
        hpr_eligibility *e = NULL;
        ck_assert_int_eq(hpr_eligibility_create(&e), HPR_OK);
        ck_assert_int_eq(hpr_eligibility_check(e, policy, &P->persons[k], P->claims[i].discharge_date, NULL), HPR_OK);
        for (size_t c = 0; c < hpr_eligibility_category_count(e); c++)
            for (size_t m = 0; m < hpr_policy_category_count(policy); m++)
                if (strcmp(hpr_eligibility_category(e, c, NULL), hpr_policy_category(policy, m)) == 0)
                    ref.rc.categories[i] |= 1ull << m;
        categorised += ref.rc.categories[i] != 0;
        hpr_eligibility_free(e);
    }
    /* the population exercises what it should */
    ck_assert_uint_gt(categorised, 100);
    ck_assert_uint_gt(crossed, 0);
    ck_assert_uint_lt(failed, P->nc / 2);

    unsigned int threads[] = {1, 2, 3, 8};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        outcols got;
        out_alloc(&got, policy, P->nc);
        /* poison: every entry must be written (settle_frame hands the batch
         * uninitialised numpy arrays) */
        out_poison(&got, P->nc);
        hpr_row_errors *errs = NULL;
        ck_assert_int_eq(hpr_row_errors_create(&errs), HPR_OK);
        hpr_columns_options o = HPR_COLUMNS_OPTIONS_INIT;
        o.threads = threads[t];
        ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, &got.rc, errs, &o), HPR_OK);
        assert_same(&ref, &got, P->nc);
        ck_assert_mem_eq(got.rc.total, P->total, P->nc * sizeof(hpr_money));
        /* every row accounted for: settled + errors = rows */
        ck_assert_uint_eq(hpr_row_errors_count(errs), failed);
        size_t prev = 0;
        for (size_t i = 0; i < hpr_row_errors_count(errs); i++) {
            size_t row = 0;
            hpr_status code = HPR_OK;
            const char *m = hpr_row_errors_get(errs, i, &row, &code);
            ck_assert_ptr_nonnull(m);
            ck_assert_int_eq(code, ref.rc.status[row]);
            ck_assert(i == 0 || row > prev);
            prev = row;
        }
        hpr_row_errors_free(errs);
        out_free(&got);
    }
    hpr_settlement_free(s);
    for (size_t k = 0; k < NPERSONS; k++)
        hpr_ledger_free(ledgers[k]);
    out_free(&ref);
    free_population(P);
    hpr_policy_free(policy);
}
END_TEST

START_TEST(test_columns_fixed_width)
{
    hpr_policy *policy = hpr_test_load_file("policies/city-2017.json");
    /* three claims of one person; ids and diagnoses as numpy "S8"/"S12" arrays */
    const char ids[] = "a\0\0\0\0\0\0\0bb\0\0\0\0\0\0ccc\0\0\0\0\0";
    const char dx[] = "C15.9\0\0\0\0\0\0\0I10\0\0\0\0\0\0\0\0\0C50.1;I10\0\0\0";
    const char pid[] = "P1\0\0";
    const char pst[] = "registered_poor=2016-01-01..";
    int64_t pst_off[] = {0, sizeof pst - 1};
    hpr_date birth = ymd(1960, 5, 1);
    int64_t person[] = {0, 0, 0};
    int32_t type[] = {0, 2, 0}, level[] = {2, 1, 3}, loc[] = {0, 0, 1};
    hpr_date adm[] = {ymd(2018, 3, 1), ymd(2018, 4, 1), ymd(2018, 9, 1)};
    hpr_money scope[] = {5000000, 30000, 12000000};
    hpr_person_columns pc = HPR_PERSON_COLUMNS_INIT;
    pc.nrows = 1;
    pc.id = (hpr_text_column){pid, NULL, 4};
    const char pen[] = "resident_basic=2015-01-01..";
    int64_t pen_off[] = {0, sizeof pen - 1};
    pc.statuses = (hpr_text_column){pst, pst_off, 0};
    pc.enrollments = (hpr_text_column){pen, pen_off, 0};
    pc.birth_date = &birth;
    hpr_claim_columns cc = HPR_CLAIM_COLUMNS_INIT;
    cc.nrows = 3;
    cc.person = person;
    cc.id = (hpr_text_column){ids, NULL, 8};
    cc.diagnoses = (hpr_text_column){dx, NULL, 12};
    cc.type = type;
    cc.level = level;
    cc.location = loc;
    cc.admission_date = adm;
    cc.in_scope = scope;
    int32_t status[3];
    hpr_money paid[3], year[3], total[3];
    hpr_result_columns rc = HPR_RESULT_COLUMNS_INIT;
    rc.nrows = 3;
    rc.status = status;
    rc.paid = paid;
    rc.total = total;
    rc.patient_year = year;
    ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, &rc, NULL, NULL), HPR_OK);

    /* the same through structs */
    hpr_status_period sp = {"registered_poor", ymd(2016, 1, 1), HPR_DATE_OPEN};
    hpr_person p = HPR_PERSON_INIT;
    p.id = "P1";
    p.birth_date = birth;
    p.statuses = &sp;
    p.nstatuses = 1;
    hpr_enrollment en = {"resident_basic", ymd(2015, 1, 1), HPR_DATE_OPEN};
    p.enrollments = &en;
    p.nenrollments = 1;
    const char *d0[] = {"C15.9"}, *d1[] = {"I10"}, *d2[] = {"C50.1", "I10"};
    const char *const *dxs[] = {d0, d1, d2};
    size_t ndx[] = {1, 1, 2};
    const char *cid[] = {"a", "bb", "ccc"};
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    ck_assert_int_eq(hpr_ledger_create(&l), HPR_OK);
    ck_assert_int_eq(hpr_settlement_create(&s), HPR_OK);
    for (int i = 0; i < 3; i++) {
        hpr_claim c = HPR_CLAIM_INIT;
        c.id = cid[i];
        c.type = (hpr_claim_type)type[i];
        c.admission_date = c.discharge_date = adm[i];
        c.level = (hpr_level)level[i];
        c.location = (hpr_location)loc[i];
        c.diagnoses = dxs[i];
        c.ndiagnoses = ndx[i];
        c.costs.total = c.costs.in_scope = scope[i];
        ck_assert_int_eq(hpr_settle(s, l, policy, &p, &c, NULL), HPR_OK);
        ck_assert_int_eq(status[i], HPR_OK);
        ck_assert_int_eq(paid[i], hpr_settlement_amount(s, HPR_AMOUNT_PAID));
        ck_assert_int_eq(year[i], hpr_settlement_amount(s, HPR_AMOUNT_PATIENT_YEAR));
        ck_assert_int_eq(total[i], scope[i]);
        ck_assert_int_gt(paid[i], 0);
    }
    hpr_settlement_free(s);
    hpr_ledger_free(l);
    hpr_policy_free(policy);
}
END_TEST

/* The batch over pc and cc with only the status and paid columns asked for;
 * the failed rows go to errs. */
static void settle_status_paid(const hpr_policy *policy, const hpr_person_columns *pc,
                               const hpr_claim_columns *cc, int32_t *status, hpr_money *paid,
                               hpr_row_errors *errs)
{
    hpr_result_columns rc = HPR_RESULT_COLUMNS_INIT;
    rc.nrows = cc->nrows;
    rc.status = status;
    rc.paid = paid;
    ck_assert_int_eq(hpr_settle_columns(policy, pc, cc, &rc, errs, NULL), HPR_OK);
}

START_TEST(test_columns_bad_rows)
{
    hpr_policy *policy = hpr_test_load_file("policies/city-2017.json");
    /* person 0 fine, person 1 has a malformed status, person 2 a bad date */
    const char pid[] = "P0P1P2";
    int64_t pid_off[] = {0, 2, 4, 6};
    const char pst[] = "dibao=2016-01-01..registered_poor@2016..dibao=2016-13-01..";
    int64_t pst_off[] = {0, 18, 40, 58};
    hpr_date birth[] = {ymd(1960, 1, 1), ymd(1960, 1, 1), ymd(1960, 1, 1)};
    /* rows: ok, bad person index, person 1, dates reversed, person 2, ok */
    int64_t person[] = {0, 7, 1, 0, 2, 0};
    const char cid[] = "r0r1r2r3r4r5";
    int64_t cid_off[] = {0, 2, 4, 6, 8, 10, 12};
    int32_t type[6] = {0}, level[] = {2, 2, 2, 2, 2, 2}, loc[6] = {0};
    hpr_date adm[] = {ymd(2018, 1, 5), ymd(2018, 1, 6), ymd(2018, 1, 7), ymd(2018, 3, 9),
                      ymd(2018, 1, 9), ymd(2018, 5, 1)};
    hpr_date dis[] = {ymd(2018, 1, 9), ymd(2018, 1, 9), ymd(2018, 1, 9), ymd(2018, 3, 1),
                      ymd(2018, 1, 9), ymd(2018, 5, 3)};
    hpr_money scope[] = {100000, 100000, 100000, 100000, 100000, 200000};
    hpr_person_columns pc = HPR_PERSON_COLUMNS_INIT;
    pc.nrows = 3;
    pc.id = (hpr_text_column){pid, pid_off, 0};
    /* fixed width, one cell each, no NUL at the end of a full cell */
    const char pen[] = "resident_basic=2015-01-01..resident_basic=2015-01-01..resident_basic=2015-01-01..";
    pc.statuses = (hpr_text_column){pst, pst_off, 0};
    pc.enrollments = (hpr_text_column){pen, NULL, 27};
    pc.birth_date = birth;
    hpr_claim_columns cc = HPR_CLAIM_COLUMNS_INIT;
    cc.nrows = 6;
    cc.person = person;
    cc.id = (hpr_text_column){cid, cid_off, 0};
    cc.type = type;
    cc.level = level;
    cc.location = loc;
    cc.admission_date = adm;
    cc.discharge_date = dis;
    cc.in_scope = scope;
    int32_t status[6];
    hpr_money paid[6];
    hpr_row_errors *errs = NULL;
    ck_assert_int_eq(hpr_row_errors_create(&errs), HPR_OK);
    settle_status_paid(policy, &pc, &cc, status, paid, errs);
    ck_assert_int_eq(status[0], HPR_OK);
    ck_assert_int_eq(status[5], HPR_OK);
    ck_assert_int_gt(paid[5], 0);
    ck_assert_uint_eq(hpr_row_errors_count(errs), 4);
    size_t row;
    hpr_status code;
    const char *m = hpr_row_errors_get(errs, 0, &row, &code);
    ck_assert_uint_eq(row, 1);
    ck_assert_int_eq(code, HPR_EINVAL);
    ck_assert_str_eq(m, "claim row 1: person index 7 is not a person row");
    m = hpr_row_errors_get(errs, 1, &row, &code);
    ck_assert_uint_eq(row, 2);
    ck_assert_str_eq(m, "person P1: statuses item 1 \"registered_poor@2016..\" is not "
                        "kind=YYYY-MM-DD..[YYYY-MM-DD]");
    m = hpr_row_errors_get(errs, 2, &row, &code);
    ck_assert_uint_eq(row, 3);
    ck_assert_str_eq(m, "claim r3: discharge_date is before admission_date");
    ck_assert_int_eq(paid[3], 0);
    m = hpr_row_errors_get(errs, 3, &row, &code);
    ck_assert_uint_eq(row, 4);
    ck_assert_ptr_nonnull(strstr(m, "person P2: statuses item 1"));
    ck_assert_ptr_null(hpr_row_errors_get(errs, 4, &row, &code));
    /* a second run empties the list first */
    settle_status_paid(policy, &pc, &cc, status, paid, errs);
    ck_assert_uint_eq(hpr_row_errors_count(errs), 4);
    hpr_row_errors_free(errs);
    hpr_policy_free(policy);
}
END_TEST

/* Status and enrollment lists are read by length, not up to a NUL: a NUL
 * byte inside one fails the person's claims instead of silently dropping
 * what follows it; the same list without it settles. */
START_TEST(test_columns_nul_in_periods)
{
    hpr_policy *policy = hpr_test_load_file("policies/city-2017.json");
    const char pid[] = "P0P1";
    int64_t pid_off[] = {0, 2, 4};
    static const char pst[] = "resident_basic=2015-01-01..resident_basic=2015-01-01..\0;resident_basic=2016-01-01..";
    int64_t pst_off[] = {0, 27, (int64_t)sizeof pst - 1};
    hpr_date birth[] = {ymd(1960, 1, 1), ymd(1960, 1, 1)};
    int64_t person[] = {0, 1};
    const char cid[] = "r0r1";
    int64_t cid_off[] = {0, 2, 4};
    int32_t type[2] = {0}, level[] = {2, 2}, loc[2] = {0};
    hpr_date adm[] = {ymd(2018, 1, 5), ymd(2018, 1, 5)};
    hpr_money scope[] = {100000, 100000};
    hpr_person_columns pc = HPR_PERSON_COLUMNS_INIT;
    pc.nrows = 2;
    pc.id = (hpr_text_column){pid, pid_off, 0};
    pc.enrollments = (hpr_text_column){pst, pst_off, 0};
    pc.birth_date = birth;
    hpr_claim_columns cc = HPR_CLAIM_COLUMNS_INIT;
    cc.nrows = 2;
    cc.person = person;
    cc.id = (hpr_text_column){cid, cid_off, 0};
    cc.type = type;
    cc.level = level;
    cc.location = loc;
    cc.admission_date = adm;
    cc.in_scope = scope;
    int32_t status[2];
    hpr_money paid[2];
    hpr_row_errors *errs = NULL;
    ck_assert_int_eq(hpr_row_errors_create(&errs), HPR_OK);
    settle_status_paid(policy, &pc, &cc, status, paid, errs);
    ck_assert_int_eq(status[0], HPR_OK);
    ck_assert_int_gt(paid[0], 0);
    ck_assert_int_eq(status[1], HPR_EINVAL);
    ck_assert_uint_eq(hpr_row_errors_count(errs), 1);
    size_t row;
    hpr_status code;
    const char *m = hpr_row_errors_get(errs, 0, &row, &code);
    ck_assert_uint_eq(row, 1);
    ck_assert_str_eq(m, "person P1: enrollments hold a NUL byte");
    hpr_row_errors_free(errs);
    hpr_policy_free(policy);
}
END_TEST

START_TEST(test_columns_bad_arguments)
{
    hpr_policy *policy = hpr_test_load_file("policies/city-2017.json");
    hpr_person_columns pc = HPR_PERSON_COLUMNS_INIT;
    hpr_claim_columns cc = HPR_CLAIM_COLUMNS_INIT;
    hpr_result_columns rc = HPR_RESULT_COLUMNS_INIT;
    int32_t status[1];
    rc.status = status;
    ck_assert_int_eq(hpr_settle_columns(NULL, &pc, &cc, &rc, NULL, NULL), HPR_EINVAL);
    ck_assert_str_eq(hpr_error_last()->message, "hpr_settle_columns: policy is NULL");
    ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, NULL, NULL, NULL), HPR_EINVAL);
    /* nothing to do is fine */
    ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, &rc, NULL, NULL), HPR_OK);
    cc.nrows = 1;
    ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, &rc, NULL, NULL), HPR_EINVAL);
    ck_assert_str_eq(hpr_error_last()->message, "hpr_settle_columns: results have 0 rows, claims 1");
    rc.nrows = 1;
    ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, &rc, NULL, NULL), HPR_EINVAL);
    ck_assert_str_eq(hpr_error_last()->message,
                     "hpr_settle_columns: the required column claims.person is NULL");
    cc.version = HPR_CLAIM_COLUMNS_VERSION + 1; /* newer than this library */
    ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, &rc, NULL, NULL), HPR_EVERSION);
    cc.version = 0;
    ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, &rc, NULL, NULL), HPR_EINVAL);
    hpr_columns_options o = {.version = 9};
    cc.version = 1;
    ck_assert_int_eq(hpr_settle_columns(policy, &pc, &cc, &rc, NULL, &o), HPR_EVERSION);
    ck_assert_int_eq(hpr_columns_init(NULL, 8, 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_columns_init(&pc, 3, 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_columns_init(&pc, sizeof pc, 3), HPR_EINVAL);
    /* claims: version 1 (without case_group) and version 2 */
    ck_assert_int_eq(hpr_columns_init(&cc, offsetof(hpr_claim_columns, case_group), 1), HPR_OK);
    ck_assert_int_eq(cc.version, 1);
    ck_assert_int_eq(hpr_columns_init(&cc, sizeof cc, 2), HPR_OK);
    ck_assert_int_eq(hpr_columns_init(&cc, sizeof cc, 1), HPR_EINVAL);
    ck_assert_int_eq(hpr_row_errors_create(NULL), HPR_EINVAL);
    ck_assert_uint_eq(hpr_row_errors_count(NULL), 0);
    ck_assert_ptr_null(hpr_row_errors_get(NULL, 0, NULL, NULL));
    hpr_row_errors_free(NULL);
    /* the policy's names */
    ck_assert_uint_eq(hpr_policy_layer_count(policy), 3);
    const char *payer = NULL;
    ck_assert_str_eq(hpr_policy_layer(policy, 0, &payer), "nrcms");
    ck_assert_str_eq(payer, "basic_insurance_fund");
    ck_assert_ptr_null(hpr_policy_layer(policy, 3, &payer));
    ck_assert_ptr_null(payer);
    ck_assert_uint_eq(hpr_policy_payer_count(policy), 3);
    ck_assert_str_eq(hpr_policy_payer(policy, 2), "medical_assistance");
    ck_assert_ptr_null(hpr_policy_payer(policy, 3));
    ck_assert_uint_eq(hpr_policy_category_count(policy), 1);
    ck_assert_str_eq(hpr_policy_category(policy, 0), "registered_poor");
    ck_assert_ptr_null(hpr_policy_category(NULL, 0));
    ck_assert_uint_eq(hpr_policy_monitor_count(NULL), 0);
    ck_assert_ptr_null(hpr_policy_monitor(policy, 0, NULL));
    /* NULL policies give empty answers, never a crash */
    ck_assert_uint_eq(hpr_policy_layer_count(NULL), 0);
    ck_assert_ptr_null(hpr_policy_layer(NULL, 0, &payer));
    ck_assert_ptr_null(payer);
    ck_assert_uint_eq(hpr_policy_payer_count(NULL), 0);
    ck_assert_ptr_null(hpr_policy_payer(NULL, 0));
    ck_assert_uint_eq(hpr_policy_category_count(NULL), 0);
    const char *label = "x";
    ck_assert_ptr_null(hpr_policy_monitor(NULL, 0, &label));
    ck_assert_ptr_null(label);
    hpr_policy_free(policy);
}
END_TEST

Suite *hpr_columns_suite(void)
{
    Suite *s = suite_create("columns");
    /* one TCase per area: CK_RUN_CASE=<area> runs one */
    TCase *equal = tcase_create("equal");
    tcase_set_timeout(equal, 60);
    tcase_add_test(equal, test_columns_equal_one_by_one);
    tcase_add_test(equal, test_columns_fixed_width);
    suite_add_tcase(s, equal);
    TCase *errors = tcase_create("errors");
    tcase_set_timeout(errors, 60);
    tcase_add_test(errors, test_columns_bad_rows);
    tcase_add_test(errors, test_columns_nul_in_periods);
    tcase_add_test(errors, test_columns_bad_arguments);
    suite_add_tcase(s, errors);
    return s;
}
