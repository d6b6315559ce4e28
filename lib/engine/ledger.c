/* SPDX-License-Identifier: MIT */
/* The caller-owned year-to-date ledger and the record of what it counted. */
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "engine/ledger.h"
#include "model/layer.h"
#include "model/policy.h"

hpr_status hpr_ledger_create(hpr_ledger **out)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_create: out is NULL");
    *out = hpr__calloc(1, sizeof **out);
    return *out ? HPR_OK : hpr__seterr(HPR_ENOMEM, "out of memory creating a ledger");
}

void hpr_ledger_free(hpr_ledger *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < (l->n > l->nspare ? l->n : l->nspare); i++)
        hpr__free(l->e[i].id);
    hpr__free(l->e);
    hpr__free(l->person.s);
    hpr__free(l->policy_id.s);
    hpr__free(l->fingerprint.s);
    hpr__free(l->rec);
    hpr__free(l->d);
    hpr__free(l->ids);
    hpr__free(l);
}

void hpr__ledger_empty(hpr_ledger *l, bool keep_policy)
{
    /* the ids stay allocated as spares: the next person's ledger reuses them */
    if (l->n > l->nspare)
        l->nspare = l->n;
    l->n = 0;
    l->year = 0;
    l->checked = 0;
    l->bound = 0;
    memset(l->patient, 0, sizeof l->patient);
    l->person.set = false;
    if (!keep_policy) {
        /* the texts stay, with ptag naming the policy they are of: the next
         * person's first claim under the same policy sets them back */
        l->policy_id.set = l->fingerprint.set = false;
    }
    l->unrecorded = false;
    l->nrec = l->nd = l->idlen = 0;
    l->idbits = 0;
}

void hpr__ledger_reset(hpr_ledger *l) { hpr__ledger_empty(l, true); }

hpr_status hpr_ledger_clear(hpr_ledger *l)
{
    if (!l)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_clear: ledger is NULL");
    hpr__ledger_empty(l, false);
    return HPR_OK;
}

hpr_status hpr__ltext_set(hpr__ltext *t, const char *s, size_t len)
{
    if (len + 1 > t->cap) {
        char *c = hpr__realloc(t->s, len + 1);
        if (!c)
            return hpr__seterr(HPR_ENOMEM, "out of memory recording a ledger's owner");
        t->s = c;
        t->cap = len + 1;
    }
    memcpy(t->s, s, len);
    t->s[len] = '\0';
    t->set = true;
    return HPR_OK;
}

static hpr_status copy_text(hpr__ltext *to, const hpr__ltext *from)
{
    *to = (hpr__ltext){0};
    return from->set ? hpr__ltext_set(to, from->s, strlen(from->s)) : HPR_OK;
}

/* The record's arrays start with room for 8 claims. */
static inline bool grow(void **p, size_t *cap, size_t need, size_t size) { return hpr__grow(p, cap, need, size, 8); }

hpr_status hpr_ledger_copy(hpr_ledger **out, const hpr_ledger *l)
{
    if (out)
        *out = NULL;
    if (!out || !l)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_copy: %s is NULL", out ? "ledger" : "out");
    hpr_ledger *c = hpr__calloc(1, sizeof *c);
    if (!c)
        return hpr__seterr(HPR_ENOMEM, "out of memory copying a ledger");
    *c = *l;
    c->e = NULL;
    c->n = c->cap = c->nspare = 0;
    c->person = c->policy_id = c->fingerprint = (hpr__ltext){0};
    c->rec = NULL;
    c->d = NULL;
    c->ids = NULL;
    c->nrec = c->caprec = c->nd = c->capd = c->idlen = c->idcap = 0;
    bool ok = copy_text(&c->person, &l->person) == HPR_OK && copy_text(&c->policy_id, &l->policy_id) == HPR_OK &&
              copy_text(&c->fingerprint, &l->fingerprint) == HPR_OK &&
              grow((void **)&c->rec, &c->caprec, l->nrec, sizeof *c->rec) &&
              grow((void **)&c->d, &c->capd, l->nd, sizeof *c->d) && grow((void **)&c->ids, &c->idcap, l->idlen, 1);
    if (ok) {
        if (l->nrec)
            memcpy(c->rec, l->rec, l->nrec * sizeof *c->rec);
        if (l->nd)
            memcpy(c->d, l->d, l->nd * sizeof *c->d);
        if (l->idlen)
            memcpy(c->ids, l->ids, l->idlen);
        c->nrec = l->nrec;
        c->nd = l->nd;
        c->idlen = l->idlen;
    }
    if (ok && l->n) {
        ok = (c->e = hpr__calloc(l->n, sizeof *c->e)) != NULL;
        c->cap = ok ? l->n : 0;
        for (size_t i = 0; ok && i < l->n; i++) {
            c->e[i].v = l->e[i].v;
            char *id = hpr__strndup(l->e[i].id, strlen(l->e[i].id));
            if (!(ok = id != NULL))
                break;
            hpr__lentry_set_id(&c->e[i], id);
            c->n++;
        }
    }
    if (!ok) {
        hpr_ledger_free(c);
        return hpr__seterr(HPR_ENOMEM, "out of memory copying a ledger");
    }
    *out = c;
    return HPR_OK;
}

int hpr_ledger_policy_year(const hpr_ledger *l) { return l ? l->year : 0; }

/* Entries are usually in the policy's layer order, so the slot of the same
 * number is tried first. */
size_t hpr__ledger_slot(const hpr_ledger *l, const hpr__idkey *key, const char *id, size_t hint)
{
    if (hint < l->n && hpr__idkey_same(&l->e[hint].key, l->e[hint].id, key, id))
        return hint;
    for (size_t i = 0; i < l->n; i++)
        if (hpr__idkey_same(&l->e[i].key, l->e[i].id, key, id))
            return i;
    return SIZE_MAX;
}

static hpr__lentry *find_entry(const hpr_ledger *l, const char *id)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (strcmp(l->e[i].id, id) == 0)
            return &l->e[i];
    return NULL;
}

const hpr_ledger_entry *hpr__ledger_find(const hpr_ledger *l, const char *id)
{
    hpr__lentry *e = find_entry(l, id);
    return e ? &e->v : NULL;
}

hpr_status hpr_ledger_get(hpr_ledger_entry *out, const hpr_ledger *l, const char *layer_id)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!out || !l || !layer_id)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_get: %s is NULL",
                           !out ? "out" : !l ? "ledger" : "layer_id");
    const hpr_ledger_entry *e = hpr__ledger_find(l, layer_id);
    if (!e)
        return hpr__seterr(HPR_ENOTFOUND, "layer \"%s\" has not applied in policy year %d",
                           layer_id, l->year);
    *out = *e;
    return HPR_OK;
}

hpr_money hpr_ledger_patient_paid(const hpr_ledger *l)
{
    if (!l)
        return 0;
    return l->patient[0] + l->patient[1] + l->patient[2];
}

/* ---- the record ----------------------------------------------------------- */

static inline uint32_t le32(uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap32(v);
#else
    return v;
#endif
}

static inline uint64_t le64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(v);
#else
    return v;
#endif
}

void hpr__claim_fix(hpr__cfix *f, const hpr_claim *c)
{
    f->w[0] = (uint32_t)c->type;
    f->w[1] = (uint32_t)c->admission_date;
    f->w[2] = (uint32_t)c->discharge_date;
    f->w[3] = (uint32_t)c->level;
    f->w[4] = (uint32_t)c->location;
    f->w[5] = c->referral != 0;
    f->w[6] = (uint32_t)c->ndesignated;
    f->w[7] = (uint32_t)c->ndiagnoses;
    f->m[0] = c->costs.total;
    f->m[1] = c->costs.in_scope;
    f->m[2] = c->costs.class_b_self;
    f->m[3] = c->costs.out_of_catalog;
    f->m[4] = c->costs.waiver;
}

/* Each text hashed into the seed of the next, so boundaries count; an
 * absent text differs from an empty one. */
static inline uint64_t text_hash(const char *s, uint64_t h)
{
    return s ? XXH3_64bits_withSeed(s, strlen(s), h) : h * 0x9E3779B97F4A7C15u + 1;
}

uint64_t hpr__claim_texts_hash(const hpr_claim *c)
{
    uint64_t h = text_hash(c->facility_id, 0);
    for (size_t i = 0; i < c->ndiagnoses; i++)
        h = text_hash(c->diagnoses[i], h);
    for (size_t i = 0; i < c->ndesignated; i++)
        h = text_hash(c->designated[i], h);
    return text_hash(c->version >= 2 ? c->case_group : NULL, h);
}

uint64_t hpr__cfix_content(const hpr__cfix *f, uint64_t texts)
{
    hpr__cfix le;
    for (int i = 0; i < 8; i++)
        le.w[i] = le32(f->w[i]);
    for (int i = 0; i < 5; i++)
        le.m[i] = (int64_t)le64((uint64_t)f->m[i]);
    return XXH3_64bits_withSeed(&le, sizeof le, texts);
}

uint64_t hpr__claim_hash(const hpr_claim *c)
{
    hpr__cfix f;
    hpr__claim_fix(&f, c);
    return hpr__cfix_content(&f, hpr__claim_texts_hash(c));
}

size_t hpr__ledger_rec_find(const hpr_ledger *l, const char *id, size_t len)
{
    if (!(l->idbits & hpr__id_bit(id, len)))
        return SIZE_MAX;
    /* the length, then the last and first bytes (where a year's claim ids
     * usually differ), before the bytes compared whole */
    for (size_t i = l->nrec; i-- > 0;) { /* a retry is most often of the last claim */
        const hpr__lrec *r = &l->rec[i];
        const char *rid = l->ids + r->id_off;
        if (r->id_len == len && rid[len - 1] == id[len - 1] && rid[0] == id[0] && memcmp(rid, id, len) == 0)
            return i;
    }
    return SIZE_MAX;
}

bool hpr__ledger_counted(const hpr_ledger *l, const char *id)
{
    size_t len = strlen(id);
    return len && hpr__ledger_rec_find(l, id, len) != SIZE_MAX;
}

void hpr__ledger_rollback(hpr_ledger *l, size_t k)
{
    if (k >= l->nrec)
        return;
    for (size_t i = k; i < l->nrec; i++) {
        const hpr__lrec *r = &l->rec[i];
        for (uint32_t j = 0; j < r->nd; j++) {
            const hpr__ldelta *d = &l->d[r->d_first + j];
            hpr_ledger_entry *v = &l->e[d->slot].v;
            v->base -= d->add.base;
            v->deductible -= d->add.deductible;
            v->paid -= d->add.paid;
            v->claims -= d->add.claims;
        }
        for (int b = 0; b < HPR__NBUCKETS; b++)
            l->patient[b] -= r->patient[b];
        l->bound -= r->total + HPR__CLAIM_WEIGHT;
    }
    /* entries are appended when first touched: those claim k and later
     * made are the last ones */
    if (l->n > l->nspare)
        l->nspare = l->n;
    l->n = l->rec[k].e_before;
    l->nd = l->rec[k].d_first;
    l->idlen = l->rec[k].id_off;
    bool empty = l->rec[k].started_year && !l->unrecorded;
    l->nrec = k;
    l->idbits = 0;
    for (size_t i = 0; i < k; i++)
        l->idbits |= hpr__id_bit(hpr__lrec_id(l, &l->rec[i]), l->rec[i].id_len);
    if (empty)
        l->year = 0; /* the claim began the year: nothing is left of it */
}

hpr_status hpr__ledger_own(hpr_ledger *l, const hpr_person *person, const hpr_policy *p)
{
    hpr_status st = HPR_OK;
    if (!l->person.set && (st = hpr__ltext_set(&l->person, person->id, strlen(person->id))) != HPR_OK)
        return st;
    if (l->ptag == p->tag && l->policy_id.s && l->fingerprint.s) {
        l->policy_id.set = l->fingerprint.set = true;
    } else if (l->ptag != p->tag || !l->policy_id.set) {
        if ((st = hpr__ltext_set(&l->policy_id, p->id, strlen(p->id))) != HPR_OK ||
            (st = hpr__ltext_set(&l->fingerprint, p->fingerprint, strlen(p->fingerprint))) != HPR_OK)
            return st;
        l->ptag = p->tag;
    }
    return st;
}

hpr_status hpr__ledger_rec_push(hpr_ledger *l, const char *id, size_t len, hpr_date as_of, uint64_t content,
                                hpr_money total, const hpr_money patient[HPR__NBUCKETS], const hpr__ldelta *d,
                                size_t nd, size_t e_before)
{
    if (!grow((void **)&l->rec, &l->caprec, l->nrec + 1, sizeof *l->rec) ||
        !grow((void **)&l->d, &l->capd, l->nd + nd, sizeof *l->d) ||
        !grow((void **)&l->ids, &l->idcap, l->idlen + len + 1, 1))
        return hpr__seterr(HPR_ENOMEM, "out of memory recording a claim in a ledger");
    hpr__lrec *r = &l->rec[l->nrec++];
    l->idbits |= hpr__id_bit(id, len);
    r->has_fix = false;
    r->started_year = false;
    r->content = content;
    r->id_off = (uint32_t)l->idlen;
    r->id_len = (uint32_t)len;
    r->d_first = (uint32_t)l->nd;
    r->nd = (uint32_t)nd;
    r->e_before = (uint32_t)e_before;
    r->as_of = as_of;
    r->total = total;
    memcpy(r->patient, patient, sizeof r->patient);
    memcpy(l->ids + l->idlen, id, len);
    l->ids[l->idlen + len] = '\0';
    l->idlen += len + 1;
    if (nd)
        memcpy(l->d + l->nd, d, nd * sizeof *d);
    l->nd += nd;
    return HPR_OK;
}

/* ---- applying a claim ------------------------------------------------------- */

hpr_status hpr__ledger_commit(hpr_ledger *l, int year, const hpr__layer *layers, const size_t *known,
                              const hpr_ledger_entry *entries, const bool *touched, size_t n,
                              const hpr_money patient_add[HPR__NBUCKETS], uint64_t tag, const hpr__lclaim *c)
{
    if (n > 64)
        return hpr__seterr(HPR_EINVAL, "internal error: %zu layers in one ledger update", n);
    bool reset = l->year != year;
    size_t nrec = reset ? 0 : l->nrec, nd = reset ? 0 : l->nd, idlen = reset ? 0 : l->idlen;
    size_t ntouched = c->ntouched;
    /* room for the record first: all or nothing */
    if (!grow((void **)&l->rec, &l->caprec, nrec + 1, sizeof *l->rec) ||
        !grow((void **)&l->d, &l->capd, nd + ntouched, sizeof *l->d) ||
        !grow((void **)&l->ids, &l->idcap, idlen + c->id_len + 1, 1))
        return hpr__seterr(HPR_ENOMEM, "out of memory updating a ledger");
    hpr__ldelta *delta = ntouched ? l->d + nd : NULL; /* no array yet when nothing applied */
    hpr__lrec *r = &l->rec[nrec];
    r->e_before = reset ? 0 : (uint32_t)l->n;
    if (!reset) { /* the common case: every layer that applied has its entry already */
        if (c->all_known) {
            for (size_t i = 0; i < n; i++)
                if (touched[i]) {
                    hpr_ledger_entry *v = &l->e[known[i]].v;
                    *delta++ = (hpr__ldelta){(uint32_t)known[i],
                                             {entries[i].base - v->base, entries[i].deductible - v->deductible,
                                              entries[i].paid - v->paid, entries[i].claims - v->claims}};
                    *v = entries[i];
                }
            goto record;
        }
    }
    size_t base = reset ? 0 : l->n;     /* entries kept */
    size_t spare = l->n > l->nspare ? l->n : l->nspare; /* slots holding an id string */
    /* 1. decide where each new entry goes and copy the ids that cannot be
     *    reused, touching nothing the caller sees: all or nothing */
    char *fresh[64];
    size_t slot[64], next = base;
    hpr_status st = HPR_OK;
    for (size_t i = 0; i < n; i++) {
        fresh[i] = NULL;
        slot[i] = SIZE_MAX;
        if (!touched[i])
            continue;
        if (!reset && known[i] != SIZE_MAX) {
            slot[i] = known[i]; /* an entry of this year: updated in place */
            continue;
        }
        slot[i] = next++;
        /* a slot freed by an earlier reset usually holds this very id */
        if (slot[i] < spare && hpr__idkey_same(&l->e[slot[i]].key, l->e[slot[i]].id, &layers[i].idkey,
                                               layers[i].id))
            continue;
        if (st == HPR_OK && !(fresh[i] = hpr__strndup(layers[i].id, strlen(layers[i].id))))
            st = hpr__seterr(HPR_ENOMEM, "out of memory updating a ledger");
    }
    if (st == HPR_OK && next > l->cap) {
        hpr__lentry *e = hpr__realloc(l->e, next * sizeof *e);
        if (!e)
            st = hpr__seterr(HPR_ENOMEM, "out of memory updating a ledger");
        else {
            l->e = e;
            l->cap = next;
        }
    }
    if (st != HPR_OK) {
        for (size_t i = 0; i < n; i++)
            hpr__free(fresh[i]);
        return st;
    }
    /* 2. apply: nothing below can fail */
    if (reset) {
        l->nspare = spare;
        l->n = 0;
        l->year = year;
        l->bound = 0;
        memset(l->patient, 0, sizeof l->patient);
        l->unrecorded = false;
        l->nrec = l->nd = l->idlen = 0;
        l->idbits = 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!touched[i])
            continue;
        hpr__lentry *e = &l->e[slot[i]];
        if (fresh[i]) {
            if (slot[i] < spare)
                hpr__free(e->id);
            hpr__lentry_set_id(e, fresh[i]);
        }
        hpr_ledger_entry was = slot[i] < base ? e->v : (hpr_ledger_entry){0};
        *delta++ = (hpr__ldelta){(uint32_t)slot[i],
                                 {entries[i].base - was.base, entries[i].deductible - was.deductible,
                                  entries[i].paid - was.paid, entries[i].claims - was.claims}};
        e->v = entries[i];
    }
    l->n = next;
    if (l->nspare < l->n)
        l->nspare = l->n;
    if (reset || base == 0)
        l->checked = tag; /* every entry is now one of this policy's layers */
record:
    for (int b = 0; b < HPR__NBUCKETS; b++)
        l->patient[b] += patient_add[b];
    l->bound += c->claim->costs.total + HPR__CLAIM_WEIGHT;
    r->has_fix = true;
    r->started_year = reset;
    hpr__claim_fix(&r->fix, c->claim);
    r->texts = hpr__claim_texts_hash(c->claim);
    r->id_off = (uint32_t)l->idlen;
    r->id_len = (uint32_t)c->id_len;
    r->d_first = (uint32_t)l->nd;
    r->nd = (uint32_t)ntouched;
    r->as_of = c->as_of;
    r->total = c->claim->costs.total;
    memcpy(r->patient, patient_add, sizeof r->patient);
    memcpy(l->ids + l->idlen, c->claim->id, c->id_len + 1);
    l->idlen += c->id_len + 1;
    l->nd += ntouched;
    l->nrec++;
    l->idbits |= hpr__id_bit(c->claim->id, c->id_len);
    return HPR_OK;
}

/* ---- the public view of the record ------------------------------------------ */

const char *hpr_ledger_person(const hpr_ledger *l) { return l && l->person.set ? l->person.s : NULL; }

const char *hpr_ledger_policy(const hpr_ledger *l) { return l && l->policy_id.set ? l->policy_id.s : NULL; }

size_t hpr_ledger_claim_count(const hpr_ledger *l) { return l ? l->nrec : 0; }

const char *hpr_ledger_claim_id(const hpr_ledger *l, size_t index)
{
    return l && index < l->nrec ? hpr__lrec_id(l, &l->rec[index]) : NULL;
}

hpr_date hpr_ledger_claim_as_of(const hpr_ledger *l, size_t index)
{
    return l && index < l->nrec ? l->rec[index].as_of : 0;
}

hpr_money hpr_ledger_claim_patient(const hpr_ledger *l, size_t index)
{
    if (!l || index >= l->nrec)
        return 0;
    const hpr__lrec *r = &l->rec[index];
    return r->patient[0] + r->patient[1] + r->patient[2];
}

hpr_status hpr_ledger_claim_added(hpr_ledger_entry *out, const hpr_ledger *l, size_t index, const char *layer_id)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!out || !l || !layer_id)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_claim_added: %s is NULL",
                           !out ? "out" : !l ? "ledger" : "layer_id");
    if (index >= l->nrec)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_claim_added: index %zu, but the ledger records %zu claims",
                           index, l->nrec);
    const hpr__lrec *r = &l->rec[index];
    for (uint32_t j = 0; j < r->nd; j++) {
        const hpr__ldelta *d = &l->d[r->d_first + j];
        if (strcmp(l->e[d->slot].id, layer_id) == 0) {
            *out = d->add;
            return HPR_OK;
        }
    }
    return hpr__seterr(HPR_ENOTFOUND, "layer \"%s\" did not apply to claim %s", layer_id, hpr__lrec_id(l, r));
}
