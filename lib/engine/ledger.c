/* SPDX-License-Identifier: MIT */
/* The caller-owned year-to-date ledger and its JSON form. */
#include <string.h>

#include "engine/ledger.h"
#include "model/layer.h"

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
    hpr__free(l);
}

void hpr__ledger_reset(hpr_ledger *l)
{
    /* the ids stay allocated as spares: the next person's ledger reuses them */
    if (l->n > l->nspare)
        l->nspare = l->n;
    l->n = 0;
    l->year = 0;
    l->checked = 0;
    l->bound = 0;
    memset(l->patient, 0, sizeof l->patient);
}

hpr_status hpr_ledger_clear(hpr_ledger *l)
{
    if (!l)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_clear: ledger is NULL");
    hpr__ledger_reset(l);
    return HPR_OK;
}

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
    if (l->n) {
        c->e = hpr__calloc(l->n, sizeof *c->e);
        if (!c->e) {
            hpr__free(c);
            return hpr__seterr(HPR_ENOMEM, "out of memory copying a ledger");
        }
        c->cap = l->n;
        for (size_t i = 0; i < l->n; i++) {
            c->e[i].v = l->e[i].v;
            char *id = hpr__strndup(l->e[i].id, strlen(l->e[i].id));
            if (!id) {
                hpr_ledger_free(c);
                return hpr__seterr(HPR_ENOMEM, "out of memory copying a ledger");
            }
            hpr__lentry_set_id(&c->e[i], id);
            c->n++;
        }
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
        return hpr__seterr(HPR_ENOTFOUND, "layer \"%.64s\" has not applied in policy year %d",
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

hpr_status hpr__ledger_commit(hpr_ledger *l, int year, const hpr__layer *layers, const size_t *known,
                              const hpr_ledger_entry *entries, const bool *touched, size_t n,
                              const hpr_money patient_add[HPR__NBUCKETS], uint64_t tag, hpr_money total)
{
    if (n > 64)
        return hpr__seterr(HPR_EINVAL, "internal error: %zu layers in one ledger update", n);
    bool reset = l->year != year;
    if (!reset) { /* the common case: every layer that applied has its entry already */
        bool all_known = true;
        for (size_t i = 0; i < n; i++)
            all_known &= !touched[i] || known[i] != SIZE_MAX;
        if (all_known) {
            for (size_t i = 0; i < n; i++)
                if (touched[i])
                    l->e[known[i]].v = entries[i];
            for (int b = 0; b < HPR__NBUCKETS; b++)
                l->patient[b] += patient_add[b];
            l->bound += total + HPR__CLAIM_WEIGHT;
            return HPR_OK;
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
        e->v = entries[i];
    }
    l->n = next;
    if (l->nspare < l->n)
        l->nspare = l->n;
    for (int b = 0; b < HPR__NBUCKETS; b++)
        l->patient[b] += patient_add[b];
    l->bound += total + HPR__CLAIM_WEIGHT;
    if (reset || base == 0)
        l->checked = tag; /* every entry is now one of this policy's layers */
    return HPR_OK;
}

/* ---- JSON ---------------------------------------------------------------- */
