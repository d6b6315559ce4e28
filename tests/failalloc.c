/* SPDX-License-Identifier: MIT */
/* The failing-allocator test: for policy load, settle, classify, the JSON
 * entry point and the columnar batch, fail the N-th allocation for every N
 * up to the number the operation makes, and check that each run returns
 * HPR_ENOMEM and leaks nothing (live allocations before == after).
 *
 * malloc, calloc, realloc and free are replaced for the whole process
 * (libhpr and cJSON included) by wrappers around glibc's __libc_* entry
 * points that count live blocks and fail on request. Nothing is printed
 * while an operation runs, so stdio does not allocate in between.
 * usage: hpr_failalloc SOURCE_DIR */
#define _GNU_SOURCE
#include <hpr/hpr.h>
#include <errno.h>
#include <execinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

/* the build hides symbols by default; these must be seen by the libraries */
#define EXPORT __attribute__((visibility("default")))

static long live;       /* blocks allocated and not freed */
static long countdown;  /* fail when it reaches 0; < 0: never */
static long calls;      /* allocations attempted while armed */
static int failed;      /* the injected failure happened */

static int fail_now(void)
{
    if (countdown < 0)
        return 0;
    calls++;
    if (--countdown == 0) {
        failed = 1;
        errno = ENOMEM; /* as glibc's malloc does */
        if (getenv("HPR_FAILALLOC_TRACE")) { /* where an absorbed failure happened */
            void *frames[16];
            backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
            fputs("--\n", stderr);
        }
        return 1;
    }
    return 0;
}

EXPORT void *malloc(size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __libc_malloc(n);
    live += p != NULL;
    return p;
}

EXPORT void *calloc(size_t a, size_t b)
{
    if (fail_now())
        return NULL;
    void *p = __libc_calloc(a, b);
    live += p != NULL;
    return p;
}

EXPORT void *realloc(void *q, size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __libc_realloc(q, n);
    if (!q)
        live += p != NULL;
    return p;
}

EXPORT void free(void *p)
{
    live -= p != NULL;
    __libc_free(p);
}

static char root[4096];
static char request[] =
    "{\"person\":{\"id\":\"p\",\"birth_date\":\"1950-01-01\",\"statuses\":[{\"kind\":\"dibao\","
    "\"from\":\"2020-01-01\"}],\"enrollment\":[{\"scheme\":\"resident_basic\",\"from\":\"2015-01-01\"}],"
    "\"household\":{\"income_per_capita\":\"3000\"}},\"claims\":[{\"id\":\"c1\",\"type\":\"inpatient\","
    "\"admission_date\":\"2022-03-01\",\"facility\":{\"level\":\"county\",\"designated\":[\"esophageal_cancer\"]},"
    "\"location\":\"in_county\",\"diagnoses\":[\"C15.9\"],\"costs\":{\"total\":\"90000\",\"in_scope\":\"80000\","
    "\"out_of_catalog\":\"10000\"}},{\"id\":\"c2\",\"type\":\"inpatient\",\"admission_date\":\"2022-05-01\","
    "\"facility\":{\"level\":\"city\"},\"location\":\"in_city\",\"diagnoses\":[\"I10\"],"
    "\"costs\":{\"total\":\"30000\",\"in_scope\":\"30000\"}}],\"explain\":true}";

static hpr_policy *policy; /* loaded once, unarmed, for the operations that need one */

/* Each operation returns its status and, on success, a text that shows
 * everything it produced: a run whose injected failure was absorbed must
 * produce exactly the text of the run without one. */
static hpr_status op_load(char **out)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/policies/normalised-2021.json", root);
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_policy_load_file(&p, &d, path, NULL);
    if (st == HPR_OK)
        st = hpr_policy_describe(out, p);
    hpr_diagnostics_free(d);
    hpr_policy_free(p);
    return st;
}

/* A reform derived from the loaded chain, its base, and what it changes. */
static hpr_status op_derive(char **out)
{
    static const char patch[] =
        "{\"set\": {\"/layers/critical/deductible/amount\": {\"2024-01-01\": \"8000\"},"
        " \"/layers/assistance/ratio\": \"0.55\"}, \"remove\": [\"/monitoring/relapse_risk\"],"
        " \"layers\": [{\"id\": \"topup\", \"before\": \"assistance\", \"name\": \"Top-up\","
        " \"kind\": \"share\", \"payer\": \"fiscal_safety_net\", \"covers\": [\"in_scope\"], \"ratio\": \"0.1\"}]}";
    hpr_policy *p = NULL, *b = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_policy_derive(&p, &d, policy, patch, strlen(patch), "reform", NULL);
    hpr_diagnostics_free(d);
    if (st == HPR_OK)
        st = hpr_policy_load_base(&b, NULL, p, NULL);
    if (st == HPR_OK)
        st = hpr_policy_changes(out, p, b);
    hpr_policy_free(p);
    hpr_policy_free(b);
    return st;
}

/* An extension registry, a policy that calls it, and a settlement through
 * the call (examples/extensions). */
static int32_t means_test(int64_t income, int32_t size, int64_t paid, int64_t claim, int64_t line)
{
    return income * size - (paid + claim) < line * size;
}

static hpr_status op_extension(char **out)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/examples/extensions/application-assistance.json", root);
    hpr_extensions *x = NULL;
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_extensions_create(&x);
    if (st == HPR_OK)
        st = hpr_extensions_add(x, "means_test", "bool(money, int, money, money, money)",
                                (hpr_extension_fn)(void (*)(void))means_test);
    hpr_policy_options o = HPR_POLICY_OPTIONS_INIT;
    o.extensions = x;
    if (st == HPR_OK)
        st = hpr_policy_load_file(&p, &d, path, &o);
    hpr_extensions_free(x);
    static const char req[] =
        "{\"person\":{\"id\":\"p\",\"birth_date\":\"1960-01-01\",\"household\":{\"size\":3,\"income_per_capita\":\"5000\"}},"
        "\"claims\":[{\"id\":\"c\",\"type\":\"inpatient\",\"admission_date\":\"2022-09-01\",\"facility\":"
        "{\"level\":\"city\"},\"location\":\"in_city\",\"costs\":{\"total\":\"100000\",\"in_scope\":\"100000\"}}],"
        "\"explain\":true}";
    if (st == HPR_OK)
        st = hpr_settle_json(p, req, sizeof req - 1, out);
    hpr_diagnostics_free(d);
    hpr_policy_free(p);
    return st;
}

static void person_and_claim(hpr_person *who, hpr_claim *c, hpr_status_period *sp, hpr_enrollment *en)
{
    static const char *dx[] = {"C15.9"};
    static const char *des[] = {"esophageal_cancer"};
    hpr_person_init(who, HPR_PERSON_VERSION);
    hpr_date_parse(&sp->from, "2020-01-01", 10);
    sp->kind = "dibao";
    sp->to = HPR_DATE_OPEN;
    hpr_date_parse(&en->from, "2015-01-01", 10);
    en->scheme = "resident_basic";
    en->to = HPR_DATE_OPEN;
    who->id = "p";
    hpr_date_parse(&who->birth_date, "1950-01-01", 10);
    who->statuses = sp;
    who->nstatuses = 1;
    who->enrollments = en;
    who->nenrollments = 1;
    who->income_per_capita = 300000;
    hpr_claim_init(c, HPR_CLAIM_VERSION);
    c->id = "c1";
    hpr_date_parse(&c->admission_date, "2022-03-01", 10);
    c->discharge_date = c->admission_date;
    c->level = HPR_LEVEL_COUNTY;
    c->diagnoses = dx;
    c->ndiagnoses = 1;
    c->designated = des;
    c->ndesignated = 1;
    c->costs.total = 9000000;
    c->costs.in_scope = 8000000;
    c->costs.out_of_catalog = 1000000;
}

static hpr_status op_settle(char **out)
{
    hpr_person who;
    hpr_claim c;
    hpr_status_period sp;
    hpr_enrollment en;
    person_and_claim(&who, &c, &sp, &en);
    hpr_settlement *s = NULL;
    hpr_ledger *l = NULL;
    hpr_settle_options o;
    hpr_settle_options_init(&o, HPR_SETTLE_OPTIONS_VERSION);
    o.flags = HPR_SETTLE_EXPLAIN;
    char *json = NULL;
    hpr_status st = hpr_settlement_create(&s);
    if (st == HPR_OK)
        st = hpr_ledger_create(&l);
    if (st == HPR_OK)
        st = hpr_settle(s, l, policy, &who, &c, &o);
    if (st == HPR_OK)
        st = hpr_settlement_to_json(out, s);
    if (st == HPR_OK && (st = hpr_ledger_to_json(&json, l)) == HPR_OK) {
        char *both = malloc(strlen(*out) + strlen(json) + 1);
        if (both) {
            strcpy(both, *out);
            strcat(both, json);
        }
        hpr_free(*out);
        *out = both;
        st = both ? HPR_OK : HPR_ENOMEM;
    }
    if (st != HPR_OK) {
        hpr_free(*out);
        *out = NULL;
    }
    hpr_free(json);
    hpr_settlement_free(s);
    hpr_ledger_free(l);
    return st;
}

/* A desk's year: three claims counted, a retry, the first reversed with
 * the later two settled again, the ledger through JSON and back. */
static hpr_status op_reverse(char **out)
{
    hpr_person who;
    hpr_claim c[3];
    hpr_status_period sp;
    hpr_enrollment en;
    static const char *const ids[3] = {"c1", "c2", "c3"};
    for (int i = 0; i < 3; i++) {
        person_and_claim(&who, &c[i], &sp, &en);
        c[i].id = ids[i];
        c[i].admission_date = c[i].discharge_date = c[i].admission_date + 30 * i;
    }
    hpr_settlement *s = NULL, *res[2] = {NULL, NULL};
    hpr_ledger *l = NULL, *back = NULL;
    hpr_status st = hpr_settlement_create(&s);
    for (int i = 0; i < 2 && st == HPR_OK; i++)
        st = hpr_settlement_create(&res[i]);
    if (st == HPR_OK)
        st = hpr_ledger_create(&l);
    for (int i = 0; i < 3 && st == HPR_OK; i++)
        st = hpr_settle(s, l, policy, &who, &c[i], NULL);
    if (st == HPR_OK)
        st = hpr_settle(s, l, policy, &who, &c[1], NULL); /* a retry */
    if (st == HPR_OK)
        st = hpr_settle_reverse(l, policy, &who, "c1", &c[1], 2, res, NULL);
    char *json = NULL;
    if (st == HPR_OK)
        st = hpr_ledger_to_json(&json, l);
    if (st == HPR_OK)
        st = hpr_ledger_from_json(&back, json, strlen(json));
    if (st == HPR_OK)
        st = hpr_ledger_to_json(out, back);
    if (st != HPR_OK) {
        hpr_free(*out);
        *out = NULL;
    }
    hpr_free(json);
    hpr_ledger_free(back);
    hpr_ledger_free(l);
    hpr_settlement_free(s);
    for (int i = 0; i < 2; i++)
        hpr_settlement_free(res[i]);
    return st;
}

static hpr_status op_classify(char **out)
{
    hpr_person who;
    hpr_claim c;
    hpr_status_period sp;
    hpr_enrollment en;
    person_and_claim(&who, &c, &sp, &en);
    hpr_classification *k = NULL;
    hpr_status st = hpr_classification_create(&k);
    if (st == HPR_OK)
        st = hpr_classify(k, policy, &who, &c, NULL);
    if (st == HPR_OK) {
        /* the batch, the entry and every reason, one per line */
        size_t len = 64;
        for (size_t i = 0; i < hpr_classification_reason_count(k); i++)
            len += strlen(hpr_classification_reason(k, i)) + 1;
        if ((*out = malloc(len))) {
            snprintf(*out, len, "%d %s\n", (int)hpr_classification_batch(k),
                     hpr_classification_entry(k) ? hpr_classification_entry(k) : "-");
            for (size_t i = 0; i < hpr_classification_reason_count(k); i++) {
                strcat(*out, hpr_classification_reason(k, i));
                strcat(*out, "\n");
            }
        } else
            st = HPR_ENOMEM;
    }
    hpr_classification_free(k);
    return st;
}

static hpr_status op_json(char **out)
{
    return hpr_settle_json(policy, request, strlen(request), out);
}

static hpr_status op_columns(char **out)
{
    const char pid[] = "P0P1", cid[] = "abc", dx[] = "C15.9I10J18.9";
    const char st[] = "dibao=2020-01-01..registered_poor=2016-01-01..2020-12-31;exited_poverty=2021-01-01..";
    const char enr[] = "resident_basic=2015-01-01..resident_basic=2015-01-01..";
    int64_t pid_off[] = {0, 2, 4}, st_off[] = {0, 18, (int64_t)sizeof st - 1}, en_off[] = {0, 27, 54};
    int64_t cid_off[] = {0, 1, 2, 3}, dx_off[] = {0, 5, 8, 13};
    hpr_date birth[2], adm[3];
    hpr_date_parse(&birth[0], "1950-01-01", 10);
    birth[1] = birth[0];
    hpr_date_parse(&adm[0], "2022-03-01", 10);
    adm[1] = adm[0] + 30;
    adm[2] = adm[0] + 60;
    int64_t person[] = {0, 1, 0};
    int32_t type[] = {0, 0, 2}, level[] = {2, 3, 1}, loc[] = {0, 1, 0};
    hpr_money scope[] = {8000000, 3000000, 20000};
    hpr_person_columns pc;
    hpr_claim_columns cc;
    hpr_result_columns rc;
    hpr_columns_options o;
    hpr_columns_init(&pc, sizeof pc, HPR_PERSON_COLUMNS_VERSION);
    hpr_columns_init(&cc, sizeof cc, HPR_CLAIM_COLUMNS_VERSION);
    hpr_columns_init(&rc, sizeof rc, HPR_RESULT_COLUMNS_VERSION);
    hpr_columns_init(&o, sizeof o, HPR_COLUMNS_OPTIONS_VERSION);
    o.threads = 1;
    pc.nrows = 2;
    pc.id = (hpr_text_column){pid, pid_off, 0};
    pc.statuses = (hpr_text_column){st, st_off, 0};
    pc.enrollments = (hpr_text_column){enr, en_off, 0};
    pc.birth_date = birth;
    cc.nrows = 3;
    cc.person = person;
    cc.id = (hpr_text_column){cid, cid_off, 0};
    cc.diagnoses = (hpr_text_column){dx, dx_off, 0};
    cc.type = type;
    cc.level = level;
    cc.location = loc;
    cc.admission_date = adm;
    cc.in_scope = scope;
    int32_t status[3];
    hpr_money paid[3];
    rc.nrows = 3;
    rc.status = status;
    rc.paid = paid;
    hpr_row_errors *errs = NULL;
    hpr_status s = hpr_row_errors_create(&errs);
    if (s == HPR_OK)
        s = hpr_settle_columns(policy, &pc, &cc, &rc, errs, &o);
    /* a row may fail for want of memory: then the batch is fine and the row says so */
    for (int i = 0; s == HPR_OK && i < 3; i++)
        if (status[i] != HPR_OK)
            s = status[i];
    if (s == HPR_OK && (*out = malloc(96)))
        snprintf(*out, 96, "%lld %lld %lld", (long long)paid[0], (long long)paid[1], (long long)paid[2]);
    else if (s == HPR_OK)
        s = HPR_ENOMEM;
    hpr_row_errors_free(errs);
    return s;
}

/* The audit: the national standards, the small test registry (read from
 * its directory), the audit and its JSON. */
static hpr_status op_audit(char **out)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/standards/national-2019.json", root);
    hpr_standards *s = NULL;
    hpr_registry *reg = NULL;
    hpr_audit_result *r = NULL;
    hpr_date on;
    hpr_date_from_ymd(&on, 2020, 12, 31);
    hpr_status st = hpr_standards_load_file(&s, NULL, path);
    if (st == HPR_OK) {
        snprintf(path, sizeof path, "%s/tests/audit/refused", root);
        st = hpr_registry_load_dir(&reg, path);
    }
    if (st == HPR_OK)
        st = hpr_audit(&r, s, reg, on, NULL);
    if (st == HPR_OK)
        st = hpr_audit_to_json(r, out, NULL);
    hpr_audit_result_free(r);
    hpr_registry_free(reg);
    hpr_standards_free(s);
    return st;
}

static int run(const char *name, hpr_status (*op)(char **))
{
    /* one unarmed run: it must succeed; its text is the reference */
    countdown = -1;
    long before = live;
    char *want = NULL;
    hpr_status st = op(&want);
    if (st != HPR_OK || !want) {
        fprintf(stderr, "%s: the unarmed run gives %s\n", name, hpr_status_name(st));
        return 1;
    }
    free(want);
    if (live != before) {
        fprintf(stderr, "%s: the unarmed run leaks %ld blocks\n", name, live - before);
        return 1;
    }
    op(&want);
    int bad = 0;
    long n, absorbed = 0;
    for (n = 1;; n++) {
        before = live;
        calls = 0;
        failed = 0;
        countdown = n;
        char *got = NULL;
        st = op(&got);
        countdown = -1;
        bool same = got && strcmp(got, want) == 0;
        free(got);
        long leaked = live - before;
        if (!failed) {
            if (st != HPR_OK || !same || leaked) {
                fprintf(stderr, "%s: no failure injected at %ld but %s, %ld leaked\n", name, n,
                        hpr_status_name(st), leaked);
                bad++;
            }
            break; /* every allocation has been failed once */
        }
        /* HPR_ENOMEM, or the failure was absorbed and nothing changed
         * (stdio's buffers, a thread that runs its share on the caller) */
        absorbed += st == HPR_OK && same;
        if ((st != HPR_ENOMEM && !(st == HPR_OK && same)) || leaked) {
            fprintf(stderr, "%s: allocation %ld of %ld failed: got %s%s, %ld blocks leaked\n", name, n, calls,
                    hpr_status_name(st), st == HPR_OK ? " with a different result" : "", leaked);
            if (++bad > 10)
                break;
        }
    }
    free(want);
    printf("%-10s %4ld allocations failed in turn: %s (%ld absorbed with an identical result)\n", name, n - 1,
           bad ? "FAILURES" : "HPR_ENOMEM, no leak", absorbed);
    return bad != 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s SOURCE_DIR\n", argv[0]);
        return 2;
    }
    snprintf(root, sizeof root, "%s", argv[1]);
    char path[4200];
    snprintf(path, sizeof path, "%s/policies/normalised-2021.json", root);
    countdown = -1;
    if (hpr_policy_load_file(&policy, NULL, path, NULL) != HPR_OK) {
        fprintf(stderr, "%s: %s\n", path, hpr_error_last()->message);
        return 2;
    }
    /* HPR_FAILALLOC_OP=name HPR_FAILALLOC_N=n HPR_FAILALLOC_TRACE=1: one run, with the
     * backtrace of the failed allocation, to find where a failure went */
    const char *only = getenv("HPR_FAILALLOC_OP");
    if (only) {
        struct { const char *name; hpr_status (*op)(char **); } ops[] = {
            {"load", op_load}, {"settle", op_settle}, {"classify", op_classify}, {"json", op_json},
            {"columns", op_columns}, {"extension", op_extension}, {"audit", op_audit},
            {"derive", op_derive}, {"reverse", op_reverse}};
        void *warm[4];
        backtrace(warm, 4); /* the first call loads libgcc: not while armed */
        for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
            if (strcmp(ops[i].name, only) == 0) {
                countdown = atol(getenv("HPR_FAILALLOC_N") ? getenv("HPR_FAILALLOC_N") : "1");
                char *out = NULL;
                hpr_status st = ops[i].op(&out);
                countdown = -1;
                free(out);
                printf("%s: %s\n", only, hpr_status_name(st));
            }
        hpr_policy_free(policy);
        return 0;
    }
    int bad = 0;
    bad += run("load", op_load);
    bad += run("derive", op_derive);
    bad += run("settle", op_settle);
    bad += run("reverse", op_reverse);
    bad += run("classify", op_classify);
    bad += run("json", op_json);
    bad += run("columns", op_columns);
    bad += run("extension", op_extension);
    bad += run("audit", op_audit);
    hpr_policy_free(policy);
    return bad ? 1 : 0;
}
