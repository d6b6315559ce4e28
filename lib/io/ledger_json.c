/* SPDX-License-Identifier: MIT */
/* A ledger as JSON, and back (docs/interchange.md "ledger"). */
#include <string.h>

#include "engine/ledger.h"
#include "io/input.h"
#include "io/io.h"
#include "json/jwrite.h"

/* A layer's amounts as an object: the year's entry (with its claim count)
 * or what one counted claim added (without: it is 1). */
static void write_amounts(hpr__buf *b, const char *layer, const hpr_ledger_entry *v, bool claims)
{
    hpr__jw_key(b, layer);
    hpr__buf_puts(b, "{\"base\":");
    hpr__jw_money(b, v->base);
    hpr__buf_puts(b, ",\"deductible\":");
    hpr__jw_money(b, v->deductible);
    hpr__buf_puts(b, ",\"paid\":");
    hpr__jw_money(b, v->paid);
    if (claims)
        hpr__buf_putf(b, ",\"claims\":%d", v->claims);
    hpr__buf_put(b, "}", 1);
}

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
        write_amounts(b, l->e[i].id, &l->e[i].v, true);
    }
    hpr__buf_puts(b, "},\"patient\":{");
    for (int k = 0; k < HPR__NBUCKETS; k++) {
        hpr__jw_key(b, hpr__bucket_names[k]);
        hpr__jw_money(b, l->patient[k]);
        hpr__buf_put(b, ",", 1);
    }
    hpr__buf_puts(b, "\"total\":");
    hpr__jw_money(b, hpr_ledger_patient_paid(l));
    hpr__buf_put(b, "}", 1);
    if (l->person.set) {
        hpr__buf_puts(b, ",\"person\":");
        hpr__jw_str(b, l->person.s);
    }
    if (l->policy_id.set) {
        hpr__buf_puts(b, ",\"policy\":{\"id\":");
        hpr__jw_str(b, l->policy_id.s);
        if (l->fingerprint.set) {
            hpr__buf_puts(b, ",\"fingerprint\":");
            hpr__jw_str(b, l->fingerprint.s);
        }
        hpr__buf_put(b, "}", 1);
    }
    if (l->unrecorded)
        hpr__buf_puts(b, ",\"unrecorded\":true");
    hpr__buf_puts(b, ",\"claims\":[");
    for (size_t i = 0; i < l->nrec; i++) {
        const hpr__lrec *r = &l->rec[i];
        char date[HPR_DATE_FORMAT_SIZE];
        hpr_date_format(date, sizeof date, r->as_of);
        hpr__buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
        hpr__jw_str(b, hpr__lrec_id(l, r));
        hpr__buf_putf(b, ",\"as_of\":\"%s\",\"content\":\"xxh3:%016llx\",\"total\":", date,
                      (unsigned long long)hpr__lrec_content(r));
        hpr__jw_money(b, r->total);
        hpr__buf_puts(b, ",\"patient\":{");
        for (int k = 0; k < HPR__NBUCKETS; k++) {
            if (k)
                hpr__buf_put(b, ",", 1);
            hpr__jw_key(b, hpr__bucket_names[k]);
            hpr__jw_money(b, r->patient[k]);
        }
        hpr__buf_puts(b, "},\"layers\":{");
        for (uint32_t j = 0; j < r->nd; j++) {
            const hpr__ldelta *d = &l->d[r->d_first + j];
            if (j)
                hpr__buf_put(b, ",", 1);
            write_amounts(b, l->e[d->slot].id, &d->add, false);
        }
        hpr__buf_puts(b, "}}");
    }
    hpr__buf_puts(b, "]}");
}

/* The record of claim id in l, or NULL. */
static const hpr__lrec *rec_of(const hpr_ledger *l, const char *id)
{
    size_t len = strlen(id);
    size_t k = len ? hpr__ledger_rec_find(l, id, len) : SIZE_MAX;
    return k == SIZE_MAX ? NULL : &l->rec[k];
}

/* What a record's claim added to layer `id`, or NULL when it did not apply. */
static const hpr__ldelta *delta_of(const hpr_ledger *l, const hpr__lrec *r, const char *id)
{
    for (uint32_t j = 0; r && j < r->nd; j++)
        if (strcmp(l->e[l->d[r->d_first + j].slot].id, id) == 0)
            return &l->d[r->d_first + j];
    return NULL;
}

static hpr_money paid_by(const hpr_ledger *l, const hpr__lrec *r, const char *id)
{
    const hpr__ldelta *d = delta_of(l, r, id);
    return d ? d->add.paid : 0;
}

static hpr_money patient_of(const hpr__lrec *r)
{
    return r ? r->patient[0] + r->patient[1] + r->patient[2] : 0;
}

static void before_after(hpr__buf *b, hpr_money before, hpr_money after)
{
    hpr__buf_puts(b, "{\"before\":");
    hpr__jw_money(b, before);
    hpr__buf_puts(b, ",\"after\":");
    hpr__jw_money(b, after);
    hpr__buf_put(b, "}", 1);
}

/* Writes the layers of a (one of the two records) not yet written. */
static bool layer_changes(hpr__buf *b, const hpr_ledger *old, const hpr__lrec *ro, const hpr_ledger *now,
                          const hpr__lrec *rn, bool first)
{
    for (int side = 0; side < 2; side++) {
        const hpr_ledger *l = side ? now : old;
        const hpr__lrec *r = side ? rn : ro;
        for (uint32_t j = 0; r && j < r->nd; j++) {
            const char *id = l->e[l->d[r->d_first + j].slot].id;
            if (side && delta_of(old, ro, id))
                continue; /* written from the old side */
            hpr_money x = paid_by(old, ro, id), y = paid_by(now, rn, id);
            if (x == y)
                continue;
            if (!first)
                hpr__buf_put(b, ",", 1);
            first = false;
            hpr__jw_key(b, id);
            before_after(b, x, y);
        }
    }
    return first;
}

void hpr__ledger_write_changes(hpr__buf *b, const hpr_ledger *old, const hpr_ledger *now, size_t from)
{
    hpr__buf_put(b, "[", 1);
    bool first = true;
    for (size_t i = from; i < old->nrec; i++) {
        const hpr__lrec *ro = &old->rec[i];
        const char *id = hpr__lrec_id(old, ro);
        const hpr__lrec *rn = rec_of(now, id);
        bool same = rn && patient_of(ro) == patient_of(rn) && rn->nd == ro->nd;
        for (uint32_t j = 0; same && j < ro->nd; j++) {
            const char *lid = old->e[old->d[ro->d_first + j].slot].id;
            same = paid_by(old, ro, lid) == paid_by(now, rn, lid);
        }
        if (same && (i != from || hpr__lrec_content(ro) == hpr__lrec_content(rn)))
            continue;
        hpr__buf_puts(b, first ? "{\"claim\":" : ",{\"claim\":");
        first = false;
        hpr__jw_str(b, id);
        hpr__buf_puts(b, i == from ? (rn ? ",\"corrected\":true" : ",\"reversed\":true") : "");
        hpr__buf_puts(b, ",\"paid\":{");
        layer_changes(b, old, ro, now, rn, true);
        hpr__buf_puts(b, "},\"patient\":");
        before_after(b, patient_of(ro), patient_of(rn));
        hpr__buf_put(b, "}", 1);
    }
    hpr__buf_put(b, "]", 1);
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

hpr_status hpr_ledger_from_json(hpr_ledger **out, const char *json, size_t len)
{
    if (out)
        *out = NULL;
    if (!out || !json)
        return hpr__seterr(HPR_EINVAL, "hpr_ledger_from_json: %s is NULL", out ? "json" : "out");
    hpr__jdoc doc;
    hpr_status st = hpr__in_parse(&doc, json, len, "ledger");
    if (st != HPR_OK)
        return st;
    hpr__in in = {.doc = &doc, .strict = true};
    st = hpr__in_ledger(&in, doc.root, out);
    hpr__buf_dispose(&in.path);
    hpr__buf_dispose(&in.warnings);
    hpr__jdoc_dispose(&doc);
    return st;
}
