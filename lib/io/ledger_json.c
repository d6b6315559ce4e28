/* SPDX-License-Identifier: MIT */
/* A ledger as JSON, and back (docs/interchange.md "ledger"). */
#include <string.h>

#include "engine/ledger.h"
#include "io/input.h"
#include "io/io.h"
#include "json/jwrite.h"

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
