/* SPDX-License-Identifier: MIT */
/* The ledger object (ledger.c): a person's running totals per layer in a
 * policy year, and the record of the claims that made them: whose ledger it
 * is, under which policy, and what each counted claim added. The record is
 * what makes a retry idempotent and a reversal exact (docs/interchange.md,
 * "Ledger"). io/ledger_json.c reads and writes it as JSON. */
#ifndef HPR_ENGINE_LEDGER_H
#define HPR_ENGINE_LEDGER_H

#include "core/idkey.h"
#include "engine/engine.h"
#include "model/vocab.h"

struct hpr__layer;
struct hpr_policy;

typedef struct hpr__lentry {
    char *id;
    hpr__idkey key; /* hpr__idkey_of(id) */
    hpr_ledger_entry v;
} hpr__lentry;

/* Give an entry its (owned) id. */
static inline void hpr__lentry_set_id(hpr__lentry *e, char *id)
{
    e->id = id;
    e->key = hpr__idkey_of(id);
}

/* What one counted claim added to one layer's entry (e[slot]). */
typedef struct hpr__ldelta {
    uint32_t slot;
    hpr_ledger_entry add;
} hpr__ldelta;

/* A claim's fixed-width fields as a record keeps them (host byte order):
 * type, dates, level, location, referral and the list sizes; the costs. */
typedef struct hpr__cfix {
    uint32_t w[8];
    int64_t m[5];
} hpr__cfix;

/* One counted claim of the policy year. Its content is its fixed fields
 * and a hash of its texts, kept as they are so that recording a claim
 * costs no more than a copy; the content hash (hpr__lrec_content) is
 * worked out from them when asked for. A record read from JSON has only
 * the hash. */
typedef struct hpr__lrec {
    uint32_t id_off;  /* its id in the ledger's id pool */
    uint32_t id_len;
    uint32_t d_first; /* its deltas: d[d_first .. d_first + nd) */
    uint32_t nd;
    uint32_t e_before; /* the ledger's entries before it was counted (it made those after) */
    hpr_date as_of;
    bool has_fix;
    bool started_year; /* it began the ledger's policy year: taken out, the ledger is empty again */
    hpr__cfix fix;
    uint64_t texts;   /* hpr__claim_texts_hash() */
    uint64_t content; /* when !has_fix */
    hpr_money total;                      /* the claim's total (the bound's share) */
    hpr_money patient[HPR__NBUCKETS];     /* what the patient paid of it, by bucket */
} hpr__lrec;

/* A growable text owned by the ledger (person id, policy id, fingerprint). */
typedef struct hpr__ltext {
    char *s; /* NULL or NUL-terminated */
    size_t cap;
    bool set;
} hpr__ltext;

struct hpr_ledger {
    int year; /* 0: empty */
    hpr__lentry *e;
    size_t n;
    size_t cap;
    size_t nspare; /* e[n..nspare) hold id strings kept for reuse after a reset */
    hpr_money patient[HPR__NBUCKETS]; /* the patient's own payments by bucket */
    uint64_t checked; /* tag of the policy whose layers the entries were checked against; 0: none */
    /* At least every amount the ledger holds, and every claim count times
     * HPR__CLAIM_WEIGHT: each claim adds its total plus the weight. While
     * bound + weight + a claim's total stays at or under HPR__AMOUNT_MAX no
     * year total or count can pass its limit, and settling skips the exact
     * checks. */
    hpr_money bound;
    /* the record: whose, under which policy, and the claims counted */
    hpr__ltext person;
    hpr__ltext policy_id;
    hpr__ltext fingerprint;
    uint64_t ptag; /* tag of the policy recorded in policy_id (0: none yet) */
    /* the entries hold amounts of claims that are not in rec: a ledger
     * written before the record existed (format 1.1) */
    bool unrecorded;
    hpr__lrec *rec;
    size_t nrec, caprec;
    uint64_t idbits; /* hpr__id_bit() of every recorded id: most claims are no retry, and skip the search */
    hpr__ldelta *d;
    size_t nd, capd;
    char *ids;
    size_t idlen, idcap;
};

/* The most layers a ledger read from JSON may hold. */
#define HPR__LEDGER_MAX_LAYERS 1024

/* HPR__AMOUNT_MAX / HPR__CLAIMS_MAX: a claim's share of the bound. */
#define HPR__CLAIM_WEIGHT (HPR__AMOUNT_MAX / HPR__CLAIMS_MAX)

/* The entry for a layer id, or NULL. */
const hpr_ledger_entry *hpr__ledger_find(const hpr_ledger *l, const char *id);
/* The index of the entry for a layer id, trying `hint` (the layer's index)
 * first; SIZE_MAX when there is none. */
size_t hpr__ledger_slot(const hpr_ledger *l, const hpr__idkey *key, const char *id, size_t hint);

/* A claim's content as a record keeps it, and its content hash: xxHash's
 * XXH3-64 of the fixed fields (little-endian, in a fixed order) seeded with
 * the chained hash of its texts, the same on every machine. */
void hpr__claim_fix(hpr__cfix *f, const hpr_claim *c);
uint64_t hpr__claim_texts_hash(const hpr_claim *c);
uint64_t hpr__cfix_content(const hpr__cfix *f, uint64_t texts);
uint64_t hpr__claim_hash(const hpr_claim *c);
static inline uint64_t hpr__lrec_content(const hpr__lrec *r)
{
    return r->has_fix ? hpr__cfix_content(&r->fix, r->texts) : r->content;
}

/* One of 64 bits an id sets in the ledger's filter (its length, first and
 * last bytes: a year's claim ids mostly differ there). */
static inline uint64_t hpr__id_bit(const char *id, size_t len)
{
    return (uint64_t)1 << (((unsigned char)id[len - 1] ^ (unsigned char)id[0] * 7u ^ (unsigned)len * 13u) & 63u);
}

/* The record of the counted claim with this id; SIZE_MAX when none. */
size_t hpr__ledger_rec_find(const hpr_ledger *l, const char *id, size_t len);
static inline const char *hpr__lrec_id(const hpr_ledger *l, const hpr__lrec *r) { return l->ids + r->id_off; }

/* Takes the counted claims rec[k..] out of the ledger: every amount they
 * added is subtracted and the entries only they made are dropped, so the
 * ledger is what it was before claim k was counted. Cannot fail. */
void hpr__ledger_rollback(hpr_ledger *l, size_t k);

/* Records the person and policy a ledger is for (on its first claim). */
hpr_status hpr__ledger_own(hpr_ledger *l, const hpr_person *person, const struct hpr_policy *p);

/* Appends a record (reading a ledger). */
hpr_status hpr__ledger_rec_push(hpr_ledger *l, const char *id, size_t len, hpr_date as_of, uint64_t content,
                                hpr_money total, const hpr_money patient[HPR__NBUCKETS], const hpr__ldelta *d,
                                size_t nd, size_t e_before);

/* Replaces a text of the record. */
hpr_status hpr__ltext_set(hpr__ltext *t, const char *s, size_t len);

/* What a claim being committed is: the claim, its id's length and key, its
 * as-of date. Its content is copied and hashed into the record itself. */
typedef struct hpr__lclaim {
    const hpr_claim *claim;
    size_t id_len;
    size_t ntouched;  /* layers that applied */
    bool all_known;   /* every one of them has its entry in the ledger's year */
    hpr_date as_of;
} hpr__lclaim;

/* Applies a settled claim to the ledger and records it: makes room first,
 * so it either fully succeeds or changes nothing (HPR_ENOMEM). layers,
 * slot, entries and touched have n items; slot[i] is hpr__ledger_slot() of
 * layers[i] in this ledger as it is now (SIZE_MAX when new or when the year
 * changes). tag: the policy's (its entries are that policy's layers). */
hpr_status hpr__ledger_commit(hpr_ledger *l, int year, const struct hpr__layer *layers, const size_t *slot,
                              const hpr_ledger_entry *entries, const bool *touched, size_t n,
                              const hpr_money patient_add[HPR__NBUCKETS], uint64_t tag, const hpr__lclaim *c);

/* Empties the ledger for another person or year, keeping its memory. With
 * keep_policy the recorded policy stays (the batch settles one policy). */
void hpr__ledger_empty(hpr_ledger *l, bool keep_policy);

#endif
