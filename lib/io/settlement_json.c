/* SPDX-License-Identifier: MIT */
/* A settlement as JSON (docs/interchange.md "settlement"). */
#include "engine/settlement.h"
#include "io/io.h"
#include "json/jwrite.h"
#include "hpr/names.h"
#include "model/policy.h"

void hpr__settlement_write(hpr__buf *b, const hpr_settlement *s)
{
    const struct hpr_policy *p = s->policy;
    hpr__buf_puts(b, "{\"claim_id\":");
    hpr__jw_str(b, s->claim_id);
    hpr__buf_puts(b, ",\"policy\":{\"id\":");
    hpr__jw_str(b, p->id);
    hpr__buf_puts(b, ",\"fingerprint\":");
    hpr__jw_str(b, p->fingerprint);
    hpr__buf_puts(b, "},\"as_of\":");
    hpr__jw_date(b, s->as_of);
    hpr__buf_putf(b, ",\"policy_year\":%d", s->policy_year);
    hpr__buf_puts(b, ",\"classification\":{\"batch\":");
    hpr__jw_str(b, hpr__batch_names[s->batch]);
    if (s->cls.entry) {
        hpr__buf_puts(b, ",\"entry\":");
        hpr__jw_str(b, s->cls.entry);
        hpr__buf_puts(b, ",\"entry_name\":");
        hpr__jw_str(b, s->cls.entry_name);
        hpr__buf_puts(b, ",\"catalog\":");
        hpr__jw_str(b, s->cls.catalog);
        hpr__buf_puts(b, ",\"diagnosis\":");
        hpr__jw_str(b, s->cls.diagnosis);
    }
    if (s->cls.nreasons) {
        hpr__buf_puts(b, ",\"reasons\":");
        hpr__jw_strs(b, s->cls.reasons, s->cls.nreasons);
    }
    hpr__buf_puts(b, s->enrolled ? "},\"eligibility\":{\"enrolled\":true" : "},\"eligibility\":{\"enrolled\":false");
    if (s->tfpl >= 0)
        hpr__buf_puts(b, s->tfpl ? ",\"treat_first_pay_later\":true" : ",\"treat_first_pay_later\":false");
    if (s->one_stop >= 0)
        hpr__buf_puts(b, s->one_stop ? ",\"one_stop\":true" : ",\"one_stop\":false");
    hpr__buf_puts(b, ",\"categories\":[");
    bool first = true;
    for (size_t i = 0; i < p->ncategories; i++) {
        if (!(s->categories & ((uint64_t)1 << i)))
            continue;
        if (!first)
            hpr__buf_put(b, ",", 1);
        first = false;
        hpr__jw_str(b, p->categories[i].name);
    }
    /* the same categories for people, in the settlement's language */
    hpr__buf_puts(b, "],\"category_labels\":[");
    first = true;
    for (size_t i = 0; i < p->ncategories; i++) {
        if (!(s->categories & ((uint64_t)1 << i)))
            continue;
        const hpr__category *c = &p->categories[i];
        const char *label = s->lang == HPR_LANG_ZH && c->label_zh ? c->label_zh : c->label;
        if (!label)
            label = hpr_status_kind_label(c->name, s->lang);
        if (!first)
            hpr__buf_put(b, ",", 1);
        first = false;
        hpr__jw_str(b, label ? label : c->name);
    }
    hpr__buf_puts(b, "]},\"total\":");
    hpr__jw_money(b, s->total);
    hpr__buf_puts(b, ",\"waiver\":");
    hpr__jw_money(b, s->waiver);
    hpr__buf_puts(b, ",\"lines\":[");
    for (size_t i = 0; i < s->nlines; i++) {
        const hpr_settlement_line *l = &s->lines[i].pub;
        if (i)
            hpr__buf_put(b, ",", 1);
        hpr__buf_puts(b, "{\"layer\":");
        hpr__jw_str(b, l->layer);
        hpr__buf_puts(b, ",\"name\":");
        hpr__jw_str(b, l->name);
        hpr__buf_puts(b, ",\"payer\":");
        hpr__jw_str(b, l->payer);
        hpr__buf_puts(b, l->applied ? ",\"applied\":true" : ",\"applied\":false");
        if (!l->applied) {
            hpr__buf_puts(b, ",\"reason\":");
            hpr__jw_str(b, l->reason);
        }
        hpr__buf_puts(b, ",\"base\":");
        hpr__jw_money(b, l->base);
        hpr__buf_puts(b, ",\"deductible\":");
        hpr__jw_money(b, l->deductible);
        hpr__buf_puts(b, ",\"paid\":");
        hpr__jw_money(b, l->paid);
        if (s->explain) {
            hpr__buf_puts(b, ",\"steps\":");
            hpr__jw_strs(b, l->steps, l->nsteps);
        }
        hpr__buf_put(b, "}", 1);
    }
    hpr__buf_puts(b, "],\"payers\":{");
    first = true;
    for (int k = 0; hpr__payer_names[k]; k++) {
        hpr_money sum = hpr_settlement_payer_paid(s, hpr__payer_names[k]);
        bool used = false;
        for (size_t i = 0; i < s->nlines && !used; i++)
            used = strcmp(s->lines[i].pub.payer, hpr__payer_names[k]) == 0;
        if (!used)
            continue;
        if (!first)
            hpr__buf_put(b, ",", 1);
        first = false;
        hpr__jw_key(b, hpr__payer_names[k]);
        hpr__jw_money(b, sum);
    }
    hpr__buf_puts(b, "},\"paid_total\":");
    hpr__jw_money(b, s->paid);
    hpr__buf_puts(b, ",\"patient_pays\":");
    hpr__jw_money(b, s->patient);
    hpr__buf_puts(b, ",\"patient_year\":");
    hpr__jw_money(b, s->patient_year);
    hpr__buf_puts(b, ",\"monitoring\":{\"crossed\":");
    hpr__jw_strs(b, s->crossed, s->ncrossed);
    hpr__buf_puts(b, "},\"warnings\":[");
    for (size_t i = 0; i < s->nwarnings; i++) {
        if (i)
            hpr__buf_put(b, ",", 1);
        hpr__buf_puts(b, "{\"code\":");
        hpr__jw_str(b, s->warnings[i].code);
        hpr__buf_puts(b, ",\"message\":");
        hpr__jw_str(b, s->warnings[i].message);
        hpr__buf_put(b, "}", 1);
    }
    hpr__buf_puts(b, "]}");
}

hpr_status hpr_settlement_to_json(char **out, const hpr_settlement *s)
{
    if (out)
        *out = NULL;
    if (!out || !s)
        return hpr__seterr(HPR_EINVAL, "hpr_settlement_to_json: %s is NULL", out ? "settlement" : "out");
    if (!s->valid)
        return hpr__seterr(HPR_EINVAL, "hpr_settlement_to_json: the settlement is empty");
    hpr__buf b = {0};
    hpr__settlement_write(&b, s);
    if (b.oom) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_ENOMEM, "out of memory writing a settlement");
    }
    *out = b.ptr;
    return HPR_OK;
}
