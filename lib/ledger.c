/* SPDX-License-Identifier: MIT */
/* The caller-owned year-to-date ledger and its JSON form. */
#include <string.h>

#include "jdoc.h"
#include "jwrite.h"
#include "ledger.h"

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
    for (size_t i = 0; i < l->n; i++)
        hpr__free(l->e[i].id);
    hpr__free(l->e);
    hpr__free(l);
}

void hpr__ledger_reset(hpr_ledger *l)
{
    for (size_t i = 0; i < l->n; i++)
        hpr__free(l->e[i].id);
    l->n = 0;
    l->year = 0;
    memset(l->patient, 0, sizeof l->patient);
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
    c->n = c->cap = 0;
    if (l->n) {
        c->e = hpr__calloc(l->n, sizeof *c->e);
        if (!c->e) {
            hpr__free(c);
            return hpr__seterr(HPR_ENOMEM, "out of memory copying a ledger");
        }
        c->cap = l->n;
        for (size_t i = 0; i < l->n; i++) {
            c->e[i].v = l->e[i].v;
            c->e[i].id = hpr__strndup(l->e[i].id, strlen(l->e[i].id));
            if (!c->e[i].id) {
                hpr_ledger_free(c);
                return hpr__seterr(HPR_ENOMEM, "out of memory copying a ledger");
            }
            c->n++;
        }
    }
    *out = c;
    return HPR_OK;
}

int hpr_ledger_policy_year(const hpr_ledger *l) { return l ? l->year : 0; }

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

hpr_status hpr__ledger_commit(hpr_ledger *l, int year, const char *const *ids,
                              const hpr_ledger_entry *entries, const bool *touched, size_t n,
                              const hpr_money patient_add[HPR__NBUCKETS])
{
    bool reset = l->year != year;
    /* 1. make room and copy new ids, touching nothing the caller sees */
    size_t need = reset ? 0 : l->n;
    char **fresh = n ? hpr__calloc(n, sizeof *fresh) : NULL;
    if (n && !fresh)
        return hpr__seterr(HPR_ENOMEM, "out of memory updating a ledger");
    hpr_status st = HPR_OK;
    for (size_t i = 0; i < n && st == HPR_OK; i++) {
        if (!touched[i] || (!reset && hpr__ledger_find(l, ids[i])))
            continue;
        fresh[i] = hpr__strndup(ids[i], strlen(ids[i]));
        if (!fresh[i])
            st = hpr__seterr(HPR_ENOMEM, "out of memory updating a ledger");
        need++;
    }
    if (st == HPR_OK && need > l->cap) {
        hpr__lentry *e = hpr__realloc(l->e, need * sizeof *e);
        if (!e)
            st = hpr__seterr(HPR_ENOMEM, "out of memory updating a ledger");
        else {
            l->e = e;
            l->cap = need;
        }
    }
    if (st != HPR_OK) {
        for (size_t i = 0; i < n; i++)
            hpr__free(fresh[i]);
        hpr__free(fresh);
        return st;
    }
    /* 2. apply: nothing below can fail */
    if (reset) {
        for (size_t i = 0; i < l->n; i++)
            hpr__free(l->e[i].id);
        l->n = 0;
        l->year = year;
        memset(l->patient, 0, sizeof l->patient);
    }
    for (size_t i = 0; i < n; i++) {
        if (!touched[i])
            continue;
        hpr__lentry *e = find_entry(l, ids[i]);
        if (!e) {
            e = &l->e[l->n++];
            e->id = fresh[i];
            fresh[i] = NULL;
        }
        e->v = entries[i];
    }
    for (int b = 0; b < HPR__NBUCKETS; b++)
        l->patient[b] += patient_add[b];
    for (size_t i = 0; i < n; i++)
        hpr__free(fresh[i]);
    hpr__free(fresh);
    return HPR_OK;
}

/* ---- JSON ---------------------------------------------------------------- */

void hpr__ledger_write(hpr__buf *b, const hpr_ledger *l)
{
    hpr__buf_puts(b, "{\"policy_year\":");
    if (l->year)
        hpr__buf_putf(b, "%d", l->year);
    else
        hpr__buf_puts(b, "null");
    hpr__buf_puts(b, ",\"layers\":{");
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            hpr__buf_put(b, ",", 1);
        hpr__jw_key(b, l->e[i].id);
        hpr__buf_puts(b, "{\"base\":");
        hpr__jw_money(b, l->e[i].v.base);
        hpr__buf_puts(b, ",\"deductible\":");
        hpr__jw_money(b, l->e[i].v.deductible);
        hpr__buf_puts(b, ",\"paid\":");
        hpr__jw_money(b, l->e[i].v.paid);
        hpr__buf_putf(b, ",\"claims\":%d}", l->e[i].v.claims);
    }
    hpr__buf_puts(b, "},\"patient\":{");
    for (int k = 0; k < HPR__NBUCKETS; k++) {
        hpr__jw_key(b, hpr__bucket_names[k]);
        hpr__jw_money(b, l->patient[k]);
        hpr__buf_put(b, ",", 1);
    }
    hpr__buf_puts(b, "\"total\":");
    hpr__jw_money(b, hpr_ledger_patient_paid(l));
    hpr__buf_puts(b, "}}");
}

hpr_status hpr_ledger_to_json(char **out, const hpr_ledger *l)
{
    if (out)
        *out = NULL;
    if (!out || !l)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_to_json: %s is NULL", out ? "ledger" : "out");
    hpr__buf b = {0};
    hpr__ledger_write(&b, l);
    if (b.oom) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_ENOMEM, "out of memory writing a ledger");
    }
    *out = b.ptr;
    return HPR_OK;
}
