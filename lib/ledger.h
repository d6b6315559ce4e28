/* SPDX-License-Identifier: MIT */
#ifndef HPR_LEDGER_INTERNAL_H
#define HPR_LEDGER_INTERNAL_H

#include "layers.h"

typedef struct hpr__lentry {
    char *id;
    hpr_ledger_entry v;
} hpr__lentry;

struct hpr_ledger {
    int year; /* 0: empty */
    hpr__lentry *e;
    size_t n;
    size_t cap;
    size_t nspare; /* e[n..nspare) hold id strings kept for reuse after a reset */
    hpr_money patient[HPR__NBUCKETS]; /* the patient's own payments by bucket */
};

/* The entry for a layer id, or NULL. */
const hpr_ledger_entry *hpr__ledger_find(const hpr_ledger *l, const char *id);
/* The same, trying entry `hint` first (the layer's index). */
const hpr_ledger_entry *hpr__ledger_find_at(const hpr_ledger *l, const char *id, size_t hint);

/* Applies a settled year's state: makes room first, so it either fully
 * succeeds or changes nothing (HPR_ENOMEM). ids/entries have n items. */
hpr_status hpr__ledger_commit(hpr_ledger *l, int year, const char *const *ids,
                              const hpr_ledger_entry *entries, const bool *touched, size_t n,
                              const hpr_money patient_add[HPR__NBUCKETS]);

/* Empties the ledger for another person, keeping its memory. */
void hpr__ledger_reset(hpr_ledger *l);

void hpr__ledger_write(hpr__buf *b, const hpr_ledger *l);

#endif
