/* SPDX-License-Identifier: MIT */
/* hpr_settle_columns: the columnar batch. Rows are grouped by person with
 * a counting sort, persons are split into contiguous chunks of about the
 * same number of claims, and each chunk is settled by one thread with its
 * own settlement, ledger and scratch buffers; the policy is shared
 * read-only. A person's claims depend on each other only through the
 * ledger, so the results do not depend on the thread count. */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hpr/columns.h"
#include "hpr/settle.h"
#include "engine/engine.h"
#include "model/policy.h"

/* ---- the error list ---------------------------------------------------- */

typedef struct rowerr {
    size_t row;
    hpr_status code;
    char *msg;
} rowerr;

typedef struct errlist {
    rowerr *e;
    size_t n, cap;
} errlist;

struct hpr_row_errors {
    errlist list;
};

static void errlist_clear(errlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        hpr__free(l->e[i].msg);
    hpr__free(l->e);
    memset(l, 0, sizeof *l);
}

/* Records a failed row. Out of memory only loses the message: the row's
 * status column still says it failed. */
static bool errlist_add(errlist *l, size_t row, hpr_status code, const char *msg)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        rowerr *e = hpr__realloc(l->e, cap * sizeof *e);
        if (!e)
            return false;
        l->e = e;
        l->cap = cap;
    }
    l->e[l->n].row = row;
    l->e[l->n].code = code;
    l->e[l->n].msg = hpr__strndup(msg, strlen(msg));
    l->n++;
    return true;
}

hpr_status hpr_row_errors_create(hpr_row_errors **out)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_row_errors_create: out is NULL");
    *out = hpr__calloc(1, sizeof **out);
    return *out ? HPR_OK : hpr__seterr(HPR_ENOMEM, "out of memory creating an error list");
}

void hpr_row_errors_free(hpr_row_errors *errors)
{
    if (!errors)
        return;
    errlist_clear(&errors->list);
    hpr__free(errors);
}

size_t hpr_row_errors_count(const hpr_row_errors *errors) { return errors ? errors->list.n : 0; }

const char *hpr_row_errors_get(const hpr_row_errors *errors, size_t index, size_t *row,
                               hpr_status *code)
{
    if (!errors || index >= errors->list.n)
        return NULL;
    const rowerr *e = &errors->list.e[index];
    if (row)
        *row = e->row;
    if (code)
        *code = e->code;
    return e->msg ? e->msg : "out of memory recording the error";
}

hpr_status hpr_columns_init(void *columns, size_t size, unsigned int version)
{
    if (!columns)
        return hpr__seterr(HPR_EINVAL, "hpr_columns_init: columns is NULL");
    /* each struct by its size at each of its versions (claims: 2 grew case_group) */
    bool v1 = size == offsetof(hpr_person_columns, household_size) ||
              size == offsetof(hpr_claim_columns, case_group) || size == sizeof(hpr_result_columns) ||
              size == sizeof(hpr_columns_options);
    bool v2 = size == sizeof(hpr_person_columns) || size == sizeof(hpr_claim_columns);
    if (!(version == 1 && v1) && !(version == 2 && v2))
        return hpr__seterr(HPR_EINVAL, "hpr_columns_init: no column struct of %zu bytes at version %u",
                           size, version);
    memset(columns, 0, size);
    *(unsigned int *)columns = version;
    return HPR_OK;
}

/* ---- text cells --------------------------------------------------------- */

/* Row i of a text column; false when the column is absent. A broken
 * offsets array gives an empty cell and *bad. */
static inline bool cell(const hpr_text_column *c, size_t i, const char **s, size_t *len, bool *bad)
{
    *s = "";
    *len = 0;
    if (!c->data)
        return false;
    if (c->offsets) {
        int64_t a = c->offsets[i], b = c->offsets[i + 1];
        if (a < 0 || b < a) {
            *bad = true;
            return true;
        }
        *s = c->data + a;
        *len = (size_t)(b - a);
    } else {
        *s = c->data + i * c->width;
        const char *nul = memchr(*s, 0, c->width);
        *len = nul ? (size_t)(nul - *s) : c->width;
    }
    return true;
}

static inline void trim(char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* ---- the work ----------------------------------------------------------- */

typedef struct job {
    const hpr_policy *p;
    const hpr_person_columns *P;
    const hpr_claim_columns *C;
    hpr_result_columns *R;
    const size_t *order; /* claim rows grouped by person */
    const size_t *start; /* person k's rows: order[start[k]..start[k+1]) */
    size_t npayers;
    int payer_col[64];   /* layer -> payer column */
    bool keep_errors;    /* the caller wants the messages */
} job;

typedef struct worker {
    const job *j;
    size_t from, to;     /* persons */
    hpr_settlement *s;
    hpr_ledger *l;
    char *pbuf;          /* the person's texts, NUL-terminated */
    size_t pcap;
    char *cbuf;          /* the claim's texts, NUL-terminated */
    size_t ccap;
    const char **items;  /* designations then diagnoses */
    size_t itemscap;
    hpr_status_period *st, *tmp;
    size_t stcap, tmpcap;
    hpr_enrollment *en;
    size_t encap;
    int *kinds;          /* the person's status kinds as policy indexes */
    size_t kindscap;
    errlist err;
} worker;

static inline bool grow(void **p, size_t *cap, size_t need, size_t elem) { return hpr__grow(p, cap, need, elem, 64); }

/* Parses "kind=FROM..TO;..." in place (buf is a writable NUL-terminated
 * copy) into periods; a message in *why on failure. */
static size_t parse_periods(char *text, size_t textlen, hpr_status_period *out, size_t max,
                            const char *what, char *why, size_t whysz)
{
    /* one bounded pass over the items (a person has a few, and a batch a
     * million persons): no strlen/strchr/strstr over the text again */
    size_t n = 0, item = 0;
    char *p = text, *stop = text + textlen;
    if (memchr(text, '\0', textlen)) {
        snprintf(why, whysz, "%s hold a NUL byte", what);
        return (size_t)-1;
    }
    while (p < stop) {
        char *end = memchr(p, ';', (size_t)(stop - p));
        if (!end)
            end = stop;
        *end = '\0'; /* the item's end (text[textlen] is already NUL) */
        size_t len = (size_t)(end - p);
        char *s = p;
        trim(&s, &len);
        item++;
        if (len) {
            char *eq = memchr(s, '=', len), *dots = NULL;
            if (eq && s + len - eq >= 13 && eq[11] == '.' && eq[12] == '.')
                dots = eq + 11; /* kind=YYYY-MM-DD..: an earlier ".." would fail the date too */
            for (char *q = eq && !dots ? eq + 1 : s + len; q + 1 < s + len; q++)
                if (q[0] == '.' && q[1] == '.') {
                    dots = q;
                    break;
                }
            hpr_date from = 0, to = HPR_DATE_OPEN;
            size_t klen = eq ? (size_t)(eq - s) : 0;
            while (klen && (s[klen - 1] == ' '))
                klen--;
            char *f = eq ? eq + 1 : NULL, *t = dots ? dots + 2 : NULL;
            size_t flen = dots ? (size_t)(dots - f) : 0;
            size_t tlen = t ? (size_t)(s + len - t) : 0;
            if (f)
                trim(&f, &flen);
            if (t)
                trim(&t, &tlen);
            if (!eq || klen == 0 || !dots || !hpr__date_iso(&from, f, flen) ||
                (tlen && !hpr__date_iso(&to, t, tlen))) {
                snprintf(why, whysz, "%s item %zu \"%.*s\" is not kind=YYYY-MM-DD..[YYYY-MM-DD]",
                         what, item, (int)(len > 80 ? 80 : len), s);
                return (size_t)-1;
            }
            if (n < max) {
                s[klen] = '\0';
                out[n].kind = s;
                out[n].from = from;
                out[n].to = to;
            }
            n++;
        }
        p = end + 1;
    }
    return n;
}

static size_t count_items(const char *s, size_t len)
{
    size_t n = 1;
    for (const char *p = s, *end = s + len; (p = memchr(p, ';', (size_t)(end - p))); p++)
        n++;
    return n;
}

/* Splits a ';' list of len bytes in place into items (empty ones skipped). */
static size_t split_list(char *text, size_t len, const char **items)
{
    if (!memchr(text, ';', len)) { /* one item, the usual case */
        char *s = text;
        trim(&s, &len);
        if (!len)
            return 0;
        s[len] = '\0';
        items[0] = s;
        return 1;
    }
    size_t n = 0;
    char *p = text;
    for (;;) {
        char *end = strchr(p, ';');
        if (end)
            *end = '\0';
        char *s = p;
        size_t ilen = strlen(p);
        trim(&s, &ilen);
        if (ilen) {
            s[ilen] = '\0';
            items[n++] = s;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return n;
}

static void row_failed(worker *w, size_t row, hpr_status code, const char *msg)
{
    const job *j = w->j;
    hpr_result_columns *R = j->R;
    R->status[row] = code;
    if (R->batch)
        R->batch[row] = 0;
    if (R->categories)
        R->categories[row] = 0;
    if (R->crossed)
        R->crossed[row] = 0;
    if (R->total)
        R->total[row] = 0;
    if (R->paid)
        R->paid[row] = 0;
    if (R->patient)
        R->patient[row] = 0;
    if (R->patient_year)
        R->patient_year[row] = 0;
    if (R->layer_paid)
        memset(R->layer_paid + row * j->p->nlayers, 0, j->p->nlayers * sizeof(hpr_money));
    if (R->payer_paid)
        memset(R->payer_paid + row * j->npayers, 0, j->npayers * sizeof(hpr_money));
    if (w->j->keep_errors)
        errlist_add(&w->err, row, code, msg);
}

static void row_settled(worker *w, size_t row)
{
    const job *j = w->j;
    const struct hpr_policy *p = j->p;
    const hpr_settlement *s = w->s;
    hpr_result_columns *R = j->R;
    R->status[row] = HPR_OK;
    if (R->batch)
        R->batch[row] = (int)hpr_classification_batch(hpr_settlement_classification(s));
    if (R->categories)
        R->categories[row] = hpr__settlement_categories(s);
    if (R->crossed)
        R->crossed[row] = hpr__settlement_crossed_mask(s);
    if (R->total)
        R->total[row] = hpr_settlement_amount(s, HPR_AMOUNT_TOTAL);
    if (R->paid)
        R->paid[row] = hpr_settlement_amount(s, HPR_AMOUNT_PAID);
    if (R->patient)
        R->patient[row] = hpr_settlement_amount(s, HPR_AMOUNT_PATIENT);
    if (R->patient_year)
        R->patient_year[row] = hpr_settlement_amount(s, HPR_AMOUNT_PATIENT_YEAR);
    if (R->layer_paid || R->payer_paid) {
        hpr_money *by_layer = R->layer_paid ? R->layer_paid + row * p->nlayers : NULL;
        hpr_money *by_payer = R->payer_paid ? R->payer_paid + row * j->npayers : NULL;
        if (by_payer)
            memset(by_payer, 0, j->npayers * sizeof *by_payer);
        for (size_t i = 0; i < p->nlayers; i++) {
            const hpr_settlement_line *line = hpr_settlement_line_get(s, i);
            hpr_money paid = line->applied ? line->paid : 0;
            if (by_layer)
                by_layer[i] = paid;
            if (by_payer)
                by_payer[j->payer_col[i]] += paid;
        }
    }
}

/* Builds person k into *person (texts in w->pbuf); a message on failure. */
static hpr_status load_person(worker *w, size_t k, hpr_person *person, char *why, size_t whysz)
{
    const hpr_person_columns *P = w->j->P;
    const char *id, *st, *en;
    size_t idlen, stlen, enlen;
    bool bad = false;
    cell(&P->id, k, &id, &idlen, &bad);
    cell(&P->statuses, k, &st, &stlen, &bad);
    cell(&P->enrollments, k, &en, &enlen, &bad);
    if (bad) {
        snprintf(why, whysz, "person row %zu: a text column has offsets that go backwards", k);
        return HPR_EINVAL;
    }
    if (!grow((void **)&w->pbuf, &w->pcap, idlen + stlen + enlen + 3, 1))
        return HPR_ENOMEM;
    char *b = w->pbuf, *sb = b + idlen + 1, *eb = sb + stlen + 1;
    memcpy(b, id, idlen);
    b[idlen] = '\0';
    memcpy(sb, st, stlen);
    sb[stlen] = '\0';
    memcpy(eb, en, enlen);
    eb[enlen] = '\0';
    if (idlen == 0 || memchr(b, '\0', idlen)) {
        snprintf(why, whysz, "person row %zu: id is empty or holds a NUL", k);
        return HPR_EINVAL;
    }
    size_t nst = count_items(sb, stlen), nen = count_items(eb, enlen);
    if (!grow((void **)&w->st, &w->stcap, nst, sizeof *w->st) ||
        !grow((void **)&w->tmp, &w->tmpcap, nen, sizeof *w->tmp) ||
        !grow((void **)&w->en, &w->encap, nen, sizeof *w->en))
        return HPR_ENOMEM;
    char msg[160];
    size_t ns = parse_periods(sb, stlen, w->st, nst, "statuses", msg, sizeof msg);
    size_t ne = ns == (size_t)-1 ? 0 : parse_periods(eb, enlen, w->tmp, nen, "enrollments", msg, sizeof msg);
    if (ns == (size_t)-1 || ne == (size_t)-1) {
        snprintf(why, whysz, "person %s: %s", b, msg);
        return HPR_EINVAL;
    }
    for (size_t i = 0; i < ne; i++) {
        w->en[i].scheme = w->tmp[i].kind;
        w->en[i].from = w->tmp[i].from;
        w->en[i].to = w->tmp[i].to;
    }
    hpr_person_init(person, HPR_PERSON_VERSION);
    person->id = b;
    person->birth_date = P->birth_date[k];
    person->statuses = w->st;
    person->nstatuses = ns;
    person->enrollments = w->en;
    person->nenrollments = ne;
    person->family_doctor_contract = P->family_doctor ? P->family_doctor[k] != 0 : 0;
    person->income_per_capita = P->income_per_capita ? P->income_per_capita[k] : -1;
    person->household_size = P->version >= 2 && P->household_size ? P->household_size[k] : 0;
    return HPR_OK;
}

/* Builds claim row i into *claim (texts in w->cbuf); a message on failure. */
static hpr_status load_claim(worker *w, size_t i, hpr_claim *claim, char *why, size_t whysz)
{
    const hpr_claim_columns *C = w->j->C;
    const char *id, *fac, *des, *dia, *grp = "";
    size_t idlen, faclen, deslen, dialen, grplen = 0;
    bool bad = false;
    cell(&C->id, i, &id, &idlen, &bad);
    bool has_fac = cell(&C->facility_id, i, &fac, &faclen, &bad);
    cell(&C->designated, i, &des, &deslen, &bad);
    cell(&C->diagnoses, i, &dia, &dialen, &bad);
    if (C->version >= 2)
        cell(&C->case_group, i, &grp, &grplen, &bad);
    if (bad) {
        snprintf(why, whysz, "claim row %zu: a text column has offsets that go backwards", i);
        return HPR_EINVAL;
    }
    if (!grow((void **)&w->cbuf, &w->ccap, idlen + faclen + deslen + dialen + grplen + 5, 1))
        return HPR_ENOMEM;
    char *b = w->cbuf, *fb = b + idlen + 1, *db = fb + faclen + 1, *gb = db + deslen + 1;
    char *kb = gb + dialen + 1; /* the case group */
    if (grplen)
        memcpy(kb, grp, grplen);
    kb[grplen] = '\0';
    if (grplen && memchr(kb, '\0', grplen)) {
        snprintf(why, whysz, "claim row %zu: case_group holds a NUL", i);
        return HPR_EINVAL;
    }
    memcpy(b, id, idlen);
    b[idlen] = '\0';
    if (faclen) /* optional columns are often absent: no call for nothing */
        memcpy(fb, fac, faclen);
    fb[faclen] = '\0';
    if (deslen)
        memcpy(db, des, deslen);
    db[deslen] = '\0';
    memcpy(gb, dia, dialen);
    gb[dialen] = '\0';
    if (idlen == 0 || memchr(b, '\0', idlen)) {
        snprintf(why, whysz, "claim row %zu: id is empty or holds a NUL", i);
        return HPR_EINVAL;
    }
    size_t need = count_items(db, deslen) + count_items(gb, dialen);
    if (!grow((void **)&w->items, &w->itemscap, need, sizeof *w->items))
        return HPR_ENOMEM;
    size_t nd = deslen ? split_list(db, deslen, w->items) : 0;
    size_t ng = dialen ? split_list(gb, dialen, w->items + nd) : 0;

    *claim = (hpr_claim){.version = HPR_CLAIM_VERSION};
    claim->id = b;
    claim->type = (hpr_claim_type)C->type[i];
    claim->admission_date = C->admission_date[i];
    claim->discharge_date = C->discharge_date ? C->discharge_date[i] : C->admission_date[i];
    claim->level = (hpr_level)C->level[i];
    claim->location = (hpr_location)C->location[i];
    claim->referral = C->referral ? C->referral[i] != 0 : 0;
    claim->facility_id = has_fac && faclen ? fb : NULL;
    claim->designated = w->items;
    claim->ndesignated = nd;
    claim->diagnoses = w->items + nd;
    claim->ndiagnoses = ng;
    claim->case_group = grplen ? kb : NULL;
    hpr_costs *c = &claim->costs;
    c->in_scope = C->in_scope[i];
    c->class_b_self = C->class_b_self ? C->class_b_self[i] : 0;
    c->out_of_catalog = C->out_of_catalog ? C->out_of_catalog[i] : 0;
    c->waiver = C->waiver ? C->waiver[i] : 0;
    if (C->total)
        c->total = C->total[i];
    else if (hpr_money_add(&c->total, c->in_scope, c->class_b_self) != HPR_OK ||
             hpr_money_add(&c->total, c->total, c->out_of_catalog) != HPR_OK) {
        snprintf(why, whysz, "claim %s: the costs overflow", b);
        return HPR_EOVERFLOW;
    }
    return HPR_OK;
}

/* A row's message as the readers wrote it: marked if it filled the buffer,
 * valid UTF-8 whatever an id held. */
static void end_text(char *why, size_t size)
{
    size_t n = strlen(why);
    hpr__text_fit(why, size, n + 1 >= size ? (int)size : (int)n);
}

static void run_person(worker *w, size_t k)
{
    const job *j = w->j;
    size_t first = j->start[k], last = j->start[k + 1];
    char why[4096]; /* an error record's size: a message of any id comes out whole or marked cut */
    hpr_person person;
    hpr_status st = load_person(w, k, &person, why, sizeof why);
    if (st == HPR_OK && !grow((void **)&w->kinds, &w->kindscap, person.nstatuses, sizeof *w->kinds))
        st = HPR_ENOMEM;
    if (st == HPR_OK && (st = hpr__check_person(&person)) != HPR_OK) /* once, not per claim */
        hpr__text_copy(why, sizeof why, hpr_error_last()->message);
    if (st != HPR_OK) {
        if (st == HPR_ENOMEM)
            snprintf(why, sizeof why, "out of memory reading person row %zu", k);
        end_text(why, sizeof why);
        for (size_t r = first; r < last; r++)
            row_failed(w, j->order[r], st, why);
        return;
    }
    hpr__status_kinds(j->p, &person, w->kinds);
    hpr__ledger_reset(w->l);
    for (size_t r = first; r < last; r++) {
        size_t row = j->order[r];
        hpr_claim claim;
        st = load_claim(w, row, &claim, why, sizeof why);
        if (st == HPR_OK && hpr__ledger_counted(w->l, claim.id)) {
            /* one batch gives each claim once, as one JSON request does */
            st = HPR_EINVAL;
            snprintf(why, sizeof why, "claim id \"%s\" appears more than once for person %s: a batch gives "
                     "each claim once", claim.id, person.id);
        } else if (st == HPR_OK) {
            /* what hpr_settle() does, less checking the person again */
            st = hpr__settle_claim(w->s, w->l, j->p, &person, w->kinds, &claim, 0);
            if (st == HPR_OK) {
                row_settled(w, row);
                continue;
            }
            const char *m = hpr_error_last()->message;
            hpr__text_copy(why, sizeof why, m ? m : hpr_strerror(st));
        } else if (st == HPR_ENOMEM) {
            snprintf(why, sizeof why, "out of memory reading claim row %zu", row);
        }
        end_text(why, sizeof why);
        row_failed(w, row, st, why);
    }
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    for (size_t k = w->from; k < w->to; k++)
        run_person(w, k);
    return NULL;
}

static void worker_dispose(worker *w)
{
    hpr_settlement_free(w->s);
    hpr_ledger_free(w->l);
    hpr__free(w->pbuf);
    hpr__free(w->cbuf);
    hpr__free(w->items);
    hpr__free(w->st);
    hpr__free(w->tmp);
    hpr__free(w->en);
    hpr__free(w->kinds);
    errlist_clear(&w->err);
}

static int cmp_row(const void *a, const void *b)
{
    const rowerr *x = a, *y = b;
    return (x->row > y->row) - (x->row < y->row);
}

static hpr_status check_args(const hpr_policy *policy, const hpr_person_columns *P,
                             const hpr_claim_columns *C, const hpr_result_columns *R,
                             const hpr_columns_options *opts)
{
    if (!policy || !P || !C || !R)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_columns: %s is NULL",
                           !policy ? "policy" : !P ? "persons" : !C ? "claims" : "results");
    struct {
        unsigned int v, want;
        const char *name;
    } vs[] = {{P->version, HPR_PERSON_COLUMNS_VERSION, "hpr_person_columns"},
              {C->version, HPR_CLAIM_COLUMNS_VERSION, "hpr_claim_columns"},
              {R->version, HPR_RESULT_COLUMNS_VERSION, "hpr_result_columns"},
              {opts ? opts->version : 1, HPR_COLUMNS_OPTIONS_VERSION, "hpr_columns_options"}};
    for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++)
        if (vs[i].v == 0 || vs[i].v > vs[i].want)
            return hpr__seterr(vs[i].v ? HPR_EVERSION : HPR_EINVAL,
                               "%s version %u: use its INIT macro or hpr_columns_init()", vs[i].name,
                               vs[i].v);
    if (R->nrows != C->nrows)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_columns: results have %zu rows, claims %zu",
                           R->nrows, C->nrows);
    const char *missing = !R->status ? "results.status"
                          : !C->nrows ? NULL
                          : !C->person ? "claims.person"
                          : !C->id.data ? "claims.id"
                          : !C->type ? "claims.type"
                          : !C->admission_date ? "claims.admission_date"
                          : !C->level ? "claims.level"
                          : !C->location ? "claims.location"
                          : !C->in_scope ? "claims.in_scope"
                          : !P->nrows ? NULL
                          : !P->id.data ? "persons.id"
                          : !P->birth_date ? "persons.birth_date"
                                           : NULL;
    if (missing)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_columns: the required column %s is NULL", missing);
    const hpr_text_column *texts[] = {&P->id, &P->statuses, &P->enrollments, &C->id, &C->facility_id,
                                      &C->designated, &C->diagnoses,
                                      C->version >= 2 ? &C->case_group : &C->diagnoses};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i]->data && !texts[i]->offsets && texts[i]->width == 0)
            return hpr__seterr(HPR_EINVAL, "hpr_settle_columns: a fixed-width text column has width 0");
    if (policy->nlayers > 64)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_columns: more than 64 layers");
    return HPR_OK;
}

hpr_status hpr_settle_columns(const hpr_policy *policy, const hpr_person_columns *persons,
                              const hpr_claim_columns *claims, hpr_result_columns *results,
                              hpr_row_errors *errors, const hpr_columns_options *opts)
{
    hpr_status st = check_args(policy, persons, claims, results, opts);
    if (st != HPR_OK)
        return st;
    if (errors)
        errlist_clear(&errors->list);
    size_t n = claims->nrows, np = persons->nrows;

    job j = {.p = policy, .P = persons, .C = claims, .R = results};
    int payers[HPR__NPAYERS];
    j.npayers = hpr__policy_payers(policy, payers);
    for (size_t i = 0; i < policy->nlayers; i++)
        for (size_t k = 0; k < j.npayers; k++)
            if (payers[k] == policy->layers[i].payer)
                j.payer_col[i] = (int)k;

    /* group rows by person (stable); rows naming no person fail here */
    size_t *start = hpr__calloc(np + 2, sizeof *start);
    size_t *order = hpr__malloc((n ? n : 1) * sizeof *order);
    j.keep_errors = errors != NULL;
    worker main_w = {.j = &j};
    if (!start || !order) {
        st = hpr__seterr(HPR_ENOMEM, "out of memory grouping %zu claims by person", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t k = claims->person[i];
        if (k >= 0 && (uint64_t)k < np)
            start[k + 1]++;
    }
    for (size_t k = 0; k < np; k++)
        start[k + 1] += start[k];
    {
        size_t *fill = hpr__malloc((np ? np : 1) * sizeof *fill);
        if (!fill) {
            st = hpr__seterr(HPR_ENOMEM, "out of memory grouping %zu claims by person", n);
            goto done;
        }
        memcpy(fill, start, np * sizeof *fill);
        for (size_t i = 0; i < n; i++) {
            int64_t k = claims->person[i];
            if (k >= 0 && (uint64_t)k < np) {
                order[fill[k]++] = i;
            } else {
                char why[96];
                snprintf(why, sizeof why, "claim row %zu: person index %lld is not a person row", i,
                         (long long)k);
                row_failed(&main_w, i, HPR_EINVAL, why);
            }
        }
        hpr__free(fill);
    }
    j.order = order;
    j.start = start;

    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = opts && opts->threads ? opts->threads : (ncpu > 0 ? (size_t)ncpu : 1);
    if (nt > 256)
        nt = 256;
    if (nt > np)
        nt = np ? np : 1;
    worker *ws = hpr__calloc(nt, sizeof *ws);
    if (!ws) {
        st = hpr__seterr(HPR_ENOMEM, "out of memory starting %zu workers", nt);
        goto done;
    }
    /* contiguous person ranges of about n / nt claims each */
    size_t k = 0, total = start[np];
    for (size_t t = 0; t < nt; t++) {
        ws[t].j = &j;
        ws[t].from = k;
        size_t goal = total / nt * (t + 1);
        while (k < np && (t == nt - 1 || start[k + 1] <= goal))
            k++;
        ws[t].to = k;
        if (hpr_settlement_create(&ws[t].s) != HPR_OK || hpr_ledger_create(&ws[t].l) != HPR_OK)
            st = hpr__seterr(HPR_ENOMEM, "out of memory starting %zu workers", nt);
    }
    if (st == HPR_OK) {
        pthread_t *tids = hpr__calloc(nt, sizeof *tids);
        bool *started = hpr__calloc(nt, sizeof *started);
        for (size_t t = 1; tids && started && t < nt; t++)
            started[t] = pthread_create(&tids[t], NULL, run_worker, &ws[t]) == 0;
        run_worker(&ws[0]);
        for (size_t t = 1; t < nt; t++) {
            if (started && started[t])
                pthread_join(tids[t], NULL);
            else
                run_worker(&ws[t]); /* no thread: do its share here */
        }
        hpr__free(tids);
        hpr__free(started);
    }
    /* gather the failed rows in row order */
    if (st == HPR_OK && errors) {
        errlist *out = &errors->list;
        *out = main_w.err;
        memset(&main_w.err, 0, sizeof main_w.err);
        for (size_t t = 0; t < nt; t++)
            for (size_t i = 0; i < ws[t].err.n; i++) {
                rowerr *e = &ws[t].err.e[i];
                if (!grow((void **)&out->e, &out->cap, out->n + 1, sizeof *out->e)) {
                    st = hpr__seterr(HPR_ENOMEM, "out of memory gathering row errors");
                    break;
                }
                out->e[out->n++] = *e;
                e->msg = NULL;
            }
        if (out->n > 1)
            qsort(out->e, out->n, sizeof *out->e, cmp_row);
    }
    for (size_t t = 0; t < nt; t++)
        worker_dispose(&ws[t]);
    hpr__free(ws);
done:
    errlist_clear(&main_w.err);
    hpr__free(start);
    hpr__free(order);
    return st;
}
