/* SPDX-License-Identifier: MIT */
#include "flat.h"

#include <errno.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>

/* ---- growable columns ------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

static int text_push(textcol *t, const char *s, size_t len)
{
    if (grow((void **)&t->off, &t->offcap, t->n + 2, sizeof *t->off) ||
        grow((void **)&t->data, &t->cap, t->len + len + 1, 1))
        return -1;
    if (t->n == 0)
        t->off[0] = 0;
    memcpy(t->data + t->len, s, len);
    t->len += len;
    t->n++;
    t->off[t->n] = (int64_t)t->len;
    return 0;
}

const char *textcol_get(const textcol *t, size_t i, size_t *len)
{
    *len = (size_t)(t->off[i + 1] - t->off[i]);
    return t->data + t->off[i];
}

static void text_truncate(textcol *t, size_t n)
{
    if (n < t->n) {
        t->n = n;
        t->len = (size_t)t->off[n];
    }
}

static void text_free(textcol *t)
{
    free(t->data);
    free(t->off);
    memset(t, 0, sizeof *t);
}

/* ---- columns of the flat form ----------------------------------------- */

enum { C_ID, C_PERSON, C_TYPE, C_ADM, C_DIS, C_LEVEL, C_LOC, C_REF, C_FAC, C_DES, C_DX, C_GROUP,
       C_TOTAL, C_SCOPE, C_BSELF, C_OOC, C_WAIVER, C_N };
_Static_assert(C_N <= sizeof ((flat_in *)0)->cc / sizeof(int), "flat_in.cc holds every claims column");
static const char *const CLAIM_COLS[C_N] = {"claim_id", "person_id", "type", "admission_date",
    "discharge_date", "level", "location", "referral", "facility_id", "designated", "diagnoses",
    "case_group", "total", "in_scope", "class_b_self", "out_of_catalog", "waiver"};
enum { P_ID, P_BIRTH, P_ST, P_EN, P_FD, P_INCOME, P_HH, P_N };
_Static_assert(P_N <= sizeof ((flat_in *)0)->pc / sizeof(int), "flat_in.pc holds every persons column");
static const char *const PERSON_COLS[P_N] = {"person_id", "birth_date", "statuses", "enrollments",
    "family_doctor", "income_per_capita", "household_size"};


static int find_col(const csv_row *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->field[i], name) == 0)
            return (int)i;
    return -1;
}

/* A money column: NAME_fen (integer fen) or NAME (yuan); -2 when both are
 * there (which one is meant is a guess). */
static int find_money(const csv_row *h, const char *name, bool *fen)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s_fen", name);
    int i = find_col(h, buf);
    *fen = i >= 0;
    if (i >= 0 && find_col(h, name) >= 0)
        return -2;
    return i >= 0 ? i : find_col(h, name);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A column named twice is refused: which one would be read is a guess. */
static int unique_header(const csv_row *h, const char *name, char *why, size_t whysz)
{
    char **names = malloc((h->n ? h->n : 1) * sizeof *names);
    if (!names) {
        snprintf(why, whysz, "%s: out of memory", name);
        return -1;
    }
    memcpy(names, h->field, h->n * sizeof *names);
    qsort(names, h->n, sizeof *names, cmp_name);
    const char *dup = NULL;
    for (size_t i = 1; i < h->n && !dup; i++)
        if (strcmp(names[i - 1], names[i]) == 0)
            dup = names[i];
    if (dup)
        snprintf(why, whysz, "%s: column \"%.100s\" appears twice in the header", name, dup);
    free(names);
    return dup ? -1 : 0;
}

static int read_header(csv_reader *r, const char *what, char *why, size_t whysz)
{
    int st = csvr_next(r);
    if (st == CSV_ROW_OK)
        return unique_header(&r->out, r->name, why, whysz);
    snprintf(why, whysz, "%s: %s", r->name,
             st == CSV_ROW_EOF ? "empty, no header row" : st == CSV_ROW_BAD ? r->err : strerror(errno));
    (void)what;
    return -1;
}

int flat_open(flat_in *in, const char *claims, const char *persons, size_t max_line, char *why,
              size_t whysz)
{
    memset(in, 0, sizeof *in);
    if (csvr_open(&in->claims, claims, max_line) != 0) {
        snprintf(why, whysz, "%s: %s", claims, strerror(errno));
        return -1;
    }
    if (csvr_open(&in->persons, persons, max_line) != 0) {
        snprintf(why, whysz, "%s: %s", persons, strerror(errno));
        csvr_close(&in->claims);
        return -1;
    }
    if (read_header(&in->claims, "claims", why, whysz) || read_header(&in->persons, "persons", why, whysz))
        goto fail;
    const csv_row *h = &in->claims.out;
    in->ncclaims = h->n;
    for (int i = 0; i < C_N; i++)
        in->cc[i] = i >= C_TOTAL ? find_money(h, CLAIM_COLS[i], &in->cfen[i]) : find_col(h, CLAIM_COLS[i]);
    if (in->cc[C_ID] < 0)
        in->cc[C_ID] = find_col(h, "id");
    for (int i = C_TOTAL; i < C_N; i++)
        if (in->cc[i] == -2) {
            snprintf(why, whysz, "%s: give %s or %s_fen, not both", claims, CLAIM_COLS[i], CLAIM_COLS[i]);
            goto fail;
        }
    const int required[] = {C_ID, C_PERSON, C_TYPE, C_ADM, C_LEVEL, C_LOC, C_SCOPE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (in->cc[required[i]] < 0) {
            snprintf(why, whysz, "%s: no %s column in the header%s", claims, CLAIM_COLS[required[i]],
                     required[i] == C_SCOPE ? " (in_scope or in_scope_fen)" : "");
            goto fail;
        }
    in->have_total = in->cc[C_TOTAL] >= 0;
    h = &in->persons.out;
    in->npfields = h->n;
    for (int i = 0; i < P_N; i++)
        in->pc[i] = i == P_INCOME ? find_money(h, PERSON_COLS[i], &in->pfen) : find_col(h, PERSON_COLS[i]);
    if (in->pc[P_ID] < 0)
        in->pc[P_ID] = find_col(h, "id");
    if (in->pc[P_INCOME] == -2) {
        snprintf(why, whysz, "%s: give income_per_capita or income_per_capita_fen, not both", persons);
        goto fail;
    }
    if (in->pc[P_ID] < 0 || in->pc[P_BIRTH] < 0) {
        snprintf(why, whysz, "%s: no %s column in the header", persons,
                 in->pc[P_ID] < 0 ? "person_id" : "birth_date");
        goto fail;
    }
    return 0;
fail:
    csvr_close(&in->claims);
    csvr_close(&in->persons);
    return -1;
}

/* ---- persons: read forward, remember the ones passed over ---------------- */

typedef struct prow {
    char *id;
    char **field;
    size_t n;
    long line;
} prow;

static int cmp_prow(const void *a, const void *b)
{
    return strcmp(((const prow *)a)->id, ((const prow *)b)->id);
}

static void prow_free(void *p)
{
    prow *r = p;
    for (size_t i = 0; i < r->n; i++)
        free(r->field[i]);
    free(r->field);
    free(r);
}

/* Takes the reader's current row into a prow. */
static prow *take_person(flat_in *in)
{
    csv_row *o = &in->persons.out;
    prow *r = malloc(sizeof *r);
    if (!r)
        return NULL;
    *r = (prow){.field = o->field, .n = o->n, .line = o->line};
    r->id = (size_t)in->pc[P_ID] < o->n ? r->field[in->pc[P_ID]] : (char *)"";
    *o = (csv_row){0};
    return r;
}

/* The person row with this id, or NULL (*why set when reading failed). */
static prow *find_person(flat_in *in, const char *id, char *why, size_t whysz)
{
    prow key = {.id = (char *)id};
    void **hit = in->pending ? tfind(&key, &in->pending, cmp_prow) : NULL;
    if (hit) {
        prow *r = *hit;
        tdelete(&key, &in->pending, cmp_prow);
        return r;
    }
    while (!in->persons_eof) {
        int st = csvr_next(&in->persons);
        if (st == CSV_ROW_EOF) {
            in->persons_eof = true;
            break;
        }
        if (st == CSV_ROW_IOERR) {
            snprintf(why, whysz, "%s: %s", in->persons.name, strerror(errno));
            return NULL;
        }
        if (st == CSV_ROW_BAD) {
            fprintf(stderr, "%s:%ld: %s; row skipped\n", in->persons.name, in->persons.out.line,
                    in->persons.err);
            continue;
        }
        prow *r = take_person(in);
        if (!r) {
            snprintf(why, whysz, "out of memory reading persons");
            return NULL;
        }
        if (strcmp(r->id, id) == 0)
            return r;
        void **slot = tsearch(r, &in->pending, cmp_prow);
        if (!slot) {
            prow_free(r);
            snprintf(why, whysz, "out of memory reading persons");
            return NULL;
        }
        if (*slot != r) {
            fprintf(stderr, "%s:%ld: person %s appears again; the first row is used\n",
                    in->persons.name, r->line, r->id);
            prow_free(r);
        }
    }
    return NULL;
}

static void destroy_pending(flat_in *in)
{
    while (in->pending) {
        prow *r = *(prow **)in->pending;
        tdelete(r, &in->pending, cmp_prow);
        prow_free(r);
    }
}

void flat_close(flat_in *in)
{
    destroy_pending(in);
    free(in->cur_pid);
    free(in->done);
    csvr_close(&in->claims);
    csvr_close(&in->persons);
}

/* ---- persons whose claims have been read --------------------------------- */

static uint64_t id_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h | 1; /* 0 marks an empty slot */
}

/* Open addressing, kept at most half full. */
static bool done_has(const flat_in *in, uint64_t h)
{
    if (!in->done_cap)
        return false;
    for (size_t i = h & (in->done_cap - 1);; i = (i + 1) & (in->done_cap - 1)) {
        if (in->done[i] == h)
            return true;
        if (!in->done[i])
            return false;
    }
}

static int done_add(flat_in *in, uint64_t h)
{
    if (2 * (in->ndone + 1) > in->done_cap) {
        size_t cap = in->done_cap ? 2 * in->done_cap : 1024;
        uint64_t *t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < in->done_cap; i++)
            if (in->done[i])
                for (size_t j = in->done[i] & (cap - 1);; j = (j + 1) & (cap - 1))
                    if (!t[j]) {
                        t[j] = in->done[i];
                        break;
                    }
        free(in->done);
        in->done = t;
        in->done_cap = cap;
    }
    for (size_t i = h & (in->done_cap - 1);; i = (i + 1) & (in->done_cap - 1)) {
        if (in->done[i] == h)
            return 0;
        if (!in->done[i]) {
            in->done[i] = h;
            in->ndone++;
            return 0;
        }
    }
}

/* ---- chunks -------------------------------------------------------------- */

static int add_error(flat_chunk *ch, long line, const char *id, hpr_status code, const char *msg)
{
    if (grow((void **)&ch->err, &ch->errcap, ch->nerr + 1, sizeof *ch->err))
        return -1;
    flat_error *e = &ch->err[ch->nerr++];
    e->line = line;
    e->id = strdup(id ? id : "");
    e->code = code;
    e->message = strdup(msg);
    return 0;
}

static bool truthy(const char *s)
{
    return strcmp(s, "1") == 0 || strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0;
}

static bool falsy(const char *s)
{
    return !*s || strcmp(s, "0") == 0 || strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0;
}

/* Yuan as hpr_money_parse() reads them; fen as an integer: an optional
 * minus and digits, nothing else (no "+", spaces, decimals or exponent),
 * the same rule as settle_frame's *_fen columns. */
static hpr_status parse_money(const char *s, bool fen, hpr_money *out)
{
    if (!fen)
        return hpr_money_parse(out, s, strlen(s));
    const char *d = s + (*s == '-');
    if (!*d || strspn(d, "0123456789") != strlen(d))
        return HPR_EPARSE;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno)
        return HPR_EPARSE;
    *out = v;
    return HPR_OK;
}

static const char *field(const csv_row *r, int col) { return col >= 0 && (size_t)col < r->n ? r->field[col] : ""; }

/* Adds the person row to the chunk's persons; a message on a bad field. */
static int add_person(flat_in *in, flat_chunk *ch, const prow *p, char *msg, size_t msgsz)
{
    csv_row r = {.field = p->field, .n = p->n, .line = p->line};
    hpr_date birth;
    const char *b = field(&r, in->pc[P_BIRTH]);
    if (r.n != in->npfields) {
        snprintf(msg, msgsz, "person %s (%s line %ld): %zu fields, the header has %zu", p->id,
                 in->persons.name, p->line, r.n, in->npfields);
        return 1;
    }
    if (hpr_date_parse(&birth, b, strlen(b)) != HPR_OK) {
        snprintf(msg, msgsz, "person %s (%s line %ld): birth_date \"%s\" is not a date", p->id,
                 in->persons.name, p->line, b);
        return 1;
    }
    hpr_money income = -1;
    const char *inc = field(&r, in->pc[P_INCOME]);
    if (*inc && parse_money(inc, in->pfen, &income) != HPR_OK) {
        snprintf(msg, msgsz, "person %s (%s line %ld): income_per_capita \"%s\" is not an amount",
                 p->id, in->persons.name, p->line, inc);
        return 1;
    }
    const char *hh = field(&r, in->pc[P_HH]);
    char *hh_end = NULL;
    /* digits only, as the JSON entry point and settle_frame read text */
    long household = *hh && strspn(hh, "0123456789") == strlen(hh) ? strtol(hh, &hh_end, 10) : 0;
    if (*hh && (!hh_end || *hh_end || household < 0 || household > 1000)) {
        snprintf(msg, msgsz, "person %s (%s line %ld): household_size \"%s\" is not a whole number from 0 "
                 "(unknown) to 1000", p->id, in->persons.name, p->line, hh);
        return 1;
    }
    const char *fd = field(&r, in->pc[P_FD]);
    if (!truthy(fd) && !falsy(fd)) {
        snprintf(msg, msgsz, "person %s (%s line %ld): family_doctor \"%s\" is not true or false "
                 "(true/false, yes/no, 1/0)", p->id, in->persons.name, p->line, fd);
        return 1;
    }
    size_t k = ch->np;
    if (k + 1 > ch->pcap) {
        size_t cap = ch->pcap ? 2 * ch->pcap : 256;
        hpr_date *b2 = realloc(ch->p_birth, cap * sizeof *b2);
        if (b2)
            ch->p_birth = b2;
        int32_t *f2 = realloc(ch->p_fd, cap * sizeof *f2);
        if (f2)
            ch->p_fd = f2;
        int32_t *h2 = realloc(ch->p_hh, cap * sizeof *h2);
        if (h2)
            ch->p_hh = h2;
        hpr_money *i2 = realloc(ch->p_income, cap * sizeof *i2);
        if (i2)
            ch->p_income = i2;
        if (!b2 || !f2 || !h2 || !i2)
            return -1;
        ch->pcap = cap;
    }
    const char *st = field(&r, in->pc[P_ST]), *en = field(&r, in->pc[P_EN]);
    if (text_push(&ch->p_id, p->id, strlen(p->id)) || text_push(&ch->p_st, st, strlen(st)) ||
        text_push(&ch->p_en, en, strlen(en)))
        return -1;
    ch->p_birth[k] = birth;
    ch->p_fd[k] = truthy(fd);
    ch->p_income[k] = income;
    ch->p_hh[k] = (int32_t)household;
    ch->np++;
    return 0;
}

static int ensure_rows(flat_chunk *ch, size_t need)
{
    if (need <= ch->cap)
        return 0;
    size_t cap = ch->cap ? ch->cap : 1024;
    while (cap < need)
        cap *= 2;
#define G(p) if (!((p) = realloc((p), cap * sizeof *(p)))) return -1
    G(ch->person); G(ch->type); G(ch->level); G(ch->loc); G(ch->ref); G(ch->adm); G(ch->dis);
    G(ch->total); G(ch->scope); G(ch->bself); G(ch->ooc); G(ch->waiver); G(ch->line);
#undef G
    ch->cap = cap;
    return 0;
}

/* Parses one claims row into the chunk; 1 with msg for a bad row. */
static int add_claim(flat_in *in, flat_chunk *ch, const csv_row *r, int64_t person, char *msg, size_t msgsz)
{
    const int *cc = in->cc;
    const char *id = field(r, cc[C_ID]);
    if (r->n != in->ncclaims) {
        snprintf(msg, msgsz, "claim %s: %zu fields, the header has %zu", id, r->n, in->ncclaims);
        return 1;
    }
    if (!*id) {
        snprintf(msg, msgsz, "claim_id is empty");
        return 1;
    }
    hpr_claim_type type;
    hpr_level level;
    hpr_location loc;
    bool type_ok = hpr_claim_type_parse(&type, field(r, cc[C_TYPE])) == HPR_OK;
    bool level_ok = hpr_level_parse(&level, field(r, cc[C_LEVEL])) == HPR_OK;
    bool loc_ok = hpr_location_parse(&loc, field(r, cc[C_LOC])) == HPR_OK;
    if (!type_ok || !level_ok || !loc_ok) {
        int bad = !type_ok ? C_TYPE : !level_ok ? C_LEVEL : C_LOC;
        snprintf(msg, msgsz, "claim %s: unknown %s \"%s\"", id, CLAIM_COLS[bad], field(r, cc[bad]));
        return 1;
    }
    hpr_date adm, dis;
    const char *a = field(r, cc[C_ADM]), *d = field(r, cc[C_DIS]);
    if (hpr_date_parse(&adm, a, strlen(a)) != HPR_OK) {
        snprintf(msg, msgsz, "claim %s: admission_date \"%s\" is not a date", id, a);
        return 1;
    }
    if (!*d)
        dis = adm;
    else if (hpr_date_parse(&dis, d, strlen(d)) != HPR_OK) {
        snprintf(msg, msgsz, "claim %s: discharge_date \"%s\" is not a date", id, d);
        return 1;
    }
    hpr_money m[5] = {0, 0, 0, 0, 0};
    for (int k = C_TOTAL; k <= C_WAIVER; k++) {
        const char *s = field(r, cc[k]);
        if (cc[k] < 0 || (!*s && k != C_SCOPE && k != C_TOTAL))
            continue;
        if (parse_money(s, in->cfen[k], &m[k - C_TOTAL]) != HPR_OK) {
            snprintf(msg, msgsz, "claim %s: %s%s \"%s\" is not an amount%s", id, CLAIM_COLS[k],
                     in->cfen[k] ? "_fen" : "", s, in->cfen[k] ? " in fen" : "");
            return 1;
        }
    }
    const char *ref = field(r, cc[C_REF]);
    if (!truthy(ref) && !falsy(ref)) {
        snprintf(msg, msgsz, "claim %s: referral \"%s\" is not true or false", id, ref);
        return 1;
    }
    size_t i = ch->n;
    if (ensure_rows(ch, i + 1))
        return -1;
    const char *pid = field(r, cc[C_PERSON]), *fac = field(r, cc[C_FAC]), *des = field(r, cc[C_DES]),
               *dx = field(r, cc[C_DX]), *grp = field(r, cc[C_GROUP]);
    if (text_push(&ch->id, id, strlen(id)) || text_push(&ch->pid, pid, strlen(pid)) ||
        text_push(&ch->fac, fac, strlen(fac)) || text_push(&ch->des, des, strlen(des)) ||
        text_push(&ch->dx, dx, strlen(dx)) || text_push(&ch->grp, grp, strlen(grp)))
        return -1;
    ch->person[i] = person;
    ch->type[i] = type;
    ch->level[i] = level;
    ch->loc[i] = loc;
    ch->ref[i] = truthy(ref);
    ch->adm[i] = adm;
    ch->dis[i] = dis;
    ch->total[i] = m[0];
    ch->scope[i] = m[1];
    ch->bself[i] = m[2];
    ch->ooc[i] = m[3];
    ch->waiver[i] = m[4];
    ch->line[i] = r->line;
    ch->n++;
    return 0;
}

typedef struct sort_key {
    hpr_date dis, adm;
    size_t row;
} sort_key;

static int cmp_sort_key(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    if (x->dis != y->dis)
        return x->dis < y->dis ? -1 : 1;
    if (x->adm != y->adm)
        return x->adm < y->adm ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* Puts the current person's rows [group_start, n) in date order. */
static int sort_group(flat_chunk *ch)
{
    size_t g = ch->group_start, n = ch->n - g;
    bool sorted = true;
    for (size_t i = g + 1; i < ch->n && sorted; i++)
        sorted = ch->dis[i - 1] < ch->dis[i] ||
                 (ch->dis[i - 1] == ch->dis[i] && ch->adm[i - 1] <= ch->adm[i]);
    if (sorted || n < 2)
        return 0;
    /* by (discharge, admission), ties in file order: O(n log n) however
     * many claims one person has */
    sort_key *keys = malloc(n * sizeof *keys);
    size_t *ord = malloc(n * sizeof *ord);
    if (!keys || !ord) {
        free(keys);
        free(ord);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        keys[i] = (sort_key){ch->dis[g + i], ch->adm[g + i], i};
    qsort(keys, n, sizeof *keys, cmp_sort_key);
    for (size_t i = 0; i < n; i++)
        ord[i] = keys[i].row;
    free(keys);
    /* permute the numbers through a scratch copy, the texts by re-pushing */
    int rc = 0;
    textcol *texts[] = {&ch->id, &ch->pid, &ch->fac, &ch->des, &ch->dx, &ch->grp};
    for (size_t t = 0; t < sizeof texts / sizeof *texts && rc == 0; t++) {
        textcol *c = texts[t];
        size_t base = (size_t)c->off[g], total = c->len - base;
        char *copy = malloc(total + 1);
        int64_t *offs = malloc((n + 1) * sizeof *offs);
        if (!copy || !offs) {
            free(copy);
            free(offs);
            rc = -1;
            break;
        }
        memcpy(copy, c->data + base, total);
        for (size_t i = 0; i <= n; i++)
            offs[i] = c->off[g + i] - (int64_t)base;
        text_truncate(c, g);
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = text_push(c, copy + offs[ord[i]], (size_t)(offs[ord[i] + 1] - offs[ord[i]]));
        free(copy);
        free(offs);
    }
    /* one scratch buffer big enough for n of the widest column */
    void *tmp = rc == 0 ? malloc(n * sizeof(int64_t)) : NULL;
    if (rc == 0 && !tmp)
        rc = -1;
#define PERMUTE(arr, T)                                                                          \
    do {                                                                                         \
        T *t_ = tmp;                                                                             \
        for (size_t i = 0; i < n; i++)                                                           \
            t_[i] = arr[g + ord[i]];                                                             \
        memcpy(arr + g, t_, n * sizeof(T));                                                      \
    } while (0)
    if (rc == 0) {
        PERMUTE(ch->person, int64_t); PERMUTE(ch->type, int32_t); PERMUTE(ch->level, int32_t);
        PERMUTE(ch->loc, int32_t); PERMUTE(ch->ref, int32_t); PERMUTE(ch->adm, hpr_date);
        PERMUTE(ch->dis, hpr_date); PERMUTE(ch->total, hpr_money); PERMUTE(ch->scope, hpr_money);
        PERMUTE(ch->bself, hpr_money); PERMUTE(ch->ooc, hpr_money); PERMUTE(ch->waiver, hpr_money);
        PERMUTE(ch->line, long);
    }
    free(tmp);
#undef PERMUTE
    free(ord);
    return rc;
}

int flat_read_chunk(flat_in *in, flat_chunk *ch, size_t want, char *why, size_t whysz)
{
    char msg[512];
    int64_t person = -1; /* the chunk's person index for the current group */
    bool person_bad = false;
    char person_msg[512] = "";
    bool any = false;
    why[0] = '\0';
    ch->group_start = 0;
    for (;;) {
        int st = in->has_row ? CSV_ROW_OK : csvr_next(&in->claims);
        in->has_row = false;
        if (st == CSV_ROW_EOF)
            break;
        if (st == CSV_ROW_IOERR) {
            snprintf(why, whysz, "%s: %s", in->claims.name, strerror(errno));
            return -1;
        }
        any = true;
        if (st == CSV_ROW_BAD) {
            in->rows++;
            if (add_error(ch, in->claims.out.line, "", HPR_EPARSE, in->claims.err))
                goto nomem;
            continue;
        }
        const csv_row *r = &in->claims.out;
        const char *pid = field(r, in->cc[C_PERSON]);
        if (!in->cur_pid || strcmp(pid, in->cur_pid) != 0 || ch->n + ch->nerr == 0) {
            /* a new person: close the last group, stop if the chunk is full */
            if (sort_group(ch))
                goto nomem;
            if (ch->n + ch->nerr >= want) {
                in->has_row = true; /* keep this row for the next chunk */
                return 1;
            }
            bool same = in->cur_pid && strcmp(pid, in->cur_pid) == 0; /* continued from the last chunk */
            if (in->cur_pid && !same && done_add(in, id_hash(in->cur_pid)))
                goto nomem;
            size_t plen = strlen(pid);
            if (plen + 1 > in->cur_cap) {
                char *c = realloc(in->cur_pid, plen + 1);
                if (!c)
                    goto nomem;
                in->cur_pid = c;
                in->cur_cap = plen + 1;
            }
            memcpy(in->cur_pid, pid, plen + 1);
            ch->group_start = ch->n;
            person_bad = false;
            /* a person whose claims came earlier and stopped: refused with
             * what is wrong, not looked up again */
            prow *p = same ? NULL : done_has(in, id_hash(pid)) ? NULL : find_person(in, pid, why, whysz);
            if (!p && why[0])
                return -1;
            if (!p) {
                person_bad = true;
                if (same || done_has(in, id_hash(pid)))
                    snprintf(person_msg, sizeof person_msg,
                             "person %s's claims are not together: an earlier run of them ended before "
                             "this row (give each person's claims one after another)", pid);
                else
                    snprintf(person_msg, sizeof person_msg, "person %s is not in %s", pid, in->persons.name);
            } else {
                int rc = add_person(in, ch, p, person_msg, sizeof person_msg);
                prow_free(p);
                if (rc < 0)
                    goto nomem;
                person_bad = rc > 0;
                person = (int64_t)ch->np - 1;
            }
        }
        in->rows++;
        if (person_bad) {
            snprintf(msg, sizeof msg, "claim %s: %s", field(r, in->cc[C_ID]), person_msg);
            if (add_error(ch, r->line, field(r, in->cc[C_ID]), HPR_EINVAL, msg))
                goto nomem;
            continue;
        }
        int rc = add_claim(in, ch, r, person, msg, sizeof msg);
        if (rc < 0)
            goto nomem;
        if (rc > 0 && add_error(ch, r->line, field(r, in->cc[C_ID]), HPR_EINVAL, msg))
            goto nomem;
    }
    if (sort_group(ch))
        goto nomem;
    return any ? 1 : 0;
nomem:
    snprintf(why, whysz, "out of memory reading claims");
    return -1;
}

void flat_chunk_clear(flat_chunk *ch)
{
    for (size_t i = 0; i < ch->nerr; i++) {
        free(ch->err[i].id);
        free(ch->err[i].message);
    }
    ch->nerr = 0;
    ch->n = ch->np = 0;
    textcol *t[] = {&ch->id, &ch->pid, &ch->fac, &ch->des, &ch->dx, &ch->grp, &ch->p_id, &ch->p_st, &ch->p_en};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        text_truncate(t[i], 0);
    ch->group_start = 0;
}

void flat_chunk_free(flat_chunk *ch)
{
    flat_chunk_clear(ch);
    textcol *t[] = {&ch->id, &ch->pid, &ch->fac, &ch->des, &ch->dx, &ch->grp, &ch->p_id, &ch->p_st, &ch->p_en};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        text_free(t[i]);
    free(ch->person); free(ch->type); free(ch->level); free(ch->loc); free(ch->ref);
    free(ch->adm); free(ch->dis); free(ch->total); free(ch->scope); free(ch->bself);
    free(ch->ooc); free(ch->waiver); free(ch->line);
    free(ch->p_birth); free(ch->p_fd); free(ch->p_income); free(ch->p_hh);
    free(ch->err);
    memset(ch, 0, sizeof *ch);
}

static hpr_text_column tc(const textcol *t)
{
    return (hpr_text_column){t->n ? t->data : "", t->off, 0};
}

void flat_columns(const flat_chunk *ch, bool have_total, hpr_person_columns *pc, hpr_claim_columns *cc)
{
    hpr_columns_init(pc, sizeof *pc, HPR_PERSON_COLUMNS_VERSION);
    hpr_columns_init(cc, sizeof *cc, HPR_CLAIM_COLUMNS_VERSION);
    pc->nrows = ch->np;
    pc->id = tc(&ch->p_id);
    pc->statuses = tc(&ch->p_st);
    pc->enrollments = tc(&ch->p_en);
    pc->birth_date = ch->p_birth;
    pc->family_doctor = ch->p_fd;
    pc->income_per_capita = ch->p_income;
    pc->household_size = ch->p_hh;
    cc->nrows = ch->n;
    cc->person = ch->person;
    cc->id = tc(&ch->id);
    cc->type = ch->type;
    cc->admission_date = ch->adm;
    cc->discharge_date = ch->dis;
    cc->level = ch->level;
    cc->location = ch->loc;
    cc->referral = ch->ref;
    cc->facility_id = tc(&ch->fac);
    cc->designated = tc(&ch->des);
    cc->diagnoses = tc(&ch->dx);
    cc->case_group = tc(&ch->grp);
    cc->total = have_total ? ch->total : NULL;
    cc->in_scope = ch->scope;
    cc->class_b_self = ch->bself;
    cc->out_of_catalog = ch->ooc;
    cc->waiver = ch->waiver;
}
