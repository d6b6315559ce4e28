/* SPDX-License-Identifier: MIT */
/* The ledger object (ledger.c): a person's running totals per layer in a
 * policy year. io/ledger_json.c reads and writes it as JSON. */
#ifndef HPR_ENGINE_LEDGER_H
#define HPR_ENGINE_LEDGER_H

#include "core/idkey.h"
#include "engine/engine.h"
#include "model/vocab.h"

struct hpr__layer;

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

/* Applies a settled claim to the ledger: makes room first, so it either
 * fully succeeds or changes nothing (HPR_ENOMEM). layers, slot, entries and
 * touched have n items; slot[i] is hpr__ledger_slot() of layers[i] in this
 * ledger as it is now (SIZE_MAX when new or when the year changes). tag:
 * the policy's (its entries are that policy's layers); total: the claim's,
 * which no amount grows by more than. */
hpr_status hpr__ledger_commit(hpr_ledger *l, int year, const struct hpr__layer *layers, const size_t *slot,
                              const hpr_ledger_entry *entries, const bool *touched, size_t n,
                              const hpr_money patient_add[HPR__NBUCKETS], uint64_t tag, hpr_money total);


#endif
