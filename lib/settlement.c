/* SPDX-License-Identifier: MIT */
/* The settlement result: lines per layer, totals, warnings, explanation. */
#include <stdio.h>
#include <string.h>

#include "jwrite.h"
#include "ledger.h"
#include "policy_internal.h"
#include "settlement.h"

hpr_status hpr_settlement_create(hpr_settlement **out)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_settlement_create: out is NULL");
    *out = hpr__calloc(1, sizeof **out);
    return *out ? HPR_OK : hpr__seterr(HPR_ENOMEM, "out of memory creating a settlement");
}

void hpr_settlement_free(hpr_settlement *s)
{
    if (!s)
        return;
    hpr__free(s->lines);
    hpr__arena_release(&s->arena);
    hpr__arena_release(&s->cls.arena);
    hpr__free(s);
}

hpr_status hpr__settlement_reset(hpr_settlement *s, size_t nlines)
{
    hpr__arena_reset(&s->arena);
    s->valid = false;
    s->oom = false;
    s->claim_id = NULL;
    s->warnings = NULL;
    s->nwarnings = s->capwarnings = 0;
    s->ncrossed = 0;
    hpr__classification_reset(&s->cls);
    /* the amounts are read only while valid, and a settle that makes the
     * settlement valid sets every one of them */
    s->nlines = 0;
    if (nlines > s->caplines) {
        hpr__sline *l = hpr__realloc(s->lines, nlines * sizeof *l);
        if (!l)
            return hpr__seterr(HPR_ENOMEM, "out of memory settling a claim");
        s->lines = l;
        s->caplines = nlines;
    }
    s->nlines = nlines;
    return HPR_OK;
}

void hpr__settlement_step(hpr_settlement *s, hpr__sline *line, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    /* hpr_settle reports a failure: a step is never dropped silently */
    if (!hpr__arena_list_add(&s->arena, &line->steps, &line->pub.nsteps, &line->capsteps, text))
        s->oom = true;
    line->pub.steps = line->steps;
}

void hpr__settlement_warn(hpr_settlement *s, const char *code, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (s->nwarnings == s->capwarnings) {
        size_t cap = s->capwarnings ? s->capwarnings * 2 : 4;
        hpr__warning *v = hpr__arena_alloc(&s->arena, cap * sizeof *v);
        if (!v) {
            s->oom = true;
            return;
        }
        if (s->nwarnings)
            memcpy(v, s->warnings, s->nwarnings * sizeof *v);
        s->warnings = v;
        s->capwarnings = cap;
    }
    const char *msg = hpr__arena_strndup(&s->arena, text, strlen(text));
    if (!msg) {
        s->oom = true;
        return;
    }
    s->warnings[s->nwarnings].code = code;
    s->warnings[s->nwarnings++].message = msg;
}

size_t hpr_settlement_line_count(const hpr_settlement *s) { return s && s->valid ? s->nlines : 0; }

const hpr_settlement_line *hpr_settlement_line_get(const hpr_settlement *s, size_t index)
{
    return s && s->valid && index < s->nlines ? &s->lines[index].pub : NULL;
}

hpr_money hpr_settlement_amount(const hpr_settlement *s, hpr_amount which)
{
    if (!s || !s->valid)
        return 0;
    switch (which) {
    case HPR_AMOUNT_TOTAL: return s->total;
    case HPR_AMOUNT_WAIVER: return s->waiver;
    case HPR_AMOUNT_PAID: return s->paid;
    case HPR_AMOUNT_PATIENT: return s->patient;
    case HPR_AMOUNT_PATIENT_YEAR: return s->patient_year;
    }
    return 0;
}

hpr_money hpr_settlement_payer_paid(const hpr_settlement *s, const char *payer)
{
    if (!s || !s->valid || !payer)
        return 0;
    hpr_money sum = 0;
    for (size_t i = 0; i < s->nlines; i++)
        if (s->lines[i].pub.applied && strcmp(s->lines[i].pub.payer, payer) == 0)
            sum += s->lines[i].pub.paid;
    return sum;
}

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

const hpr_classification *hpr_settlement_classification(const hpr_settlement *s)
{
    return s && s->valid ? &s->cls : NULL;
}

size_t hpr_settlement_warning_count(const hpr_settlement *s) { return s && s->valid ? s->nwarnings : 0; }

const char *hpr_settlement_warning(const hpr_settlement *s, size_t index, const char **message)
{
    if (message)
        *message = NULL;
    if (!s || !s->valid || index >= s->nwarnings)
        return NULL;
    if (message)
        *message = s->warnings[index].message;
    return s->warnings[index].code;
}

size_t hpr_settlement_crossed_count(const hpr_settlement *s) { return s && s->valid ? s->ncrossed : 0; }

const char *hpr_settlement_crossed(const hpr_settlement *s, size_t index)
{
    return s && s->valid && index < s->ncrossed ? s->crossed[index] : NULL;
}

hpr_status hpr_monitor_first_crossing(size_t *index_out, const char **rule_out, const hpr_policy *policy,
                                      const hpr_person *person, const hpr_claim *claims, size_t nclaims,
                                      const hpr_ledger *ledger)
{
    if (index_out)
        *index_out = 0;
    if (rule_out)
        *rule_out = NULL;
    if (!index_out || !policy || !person || (!claims && nclaims))
        return hpr__seterr(HPR_EINVAL, "hpr_monitor_first_crossing: %s is NULL",
                           !index_out ? "index_out" : !policy ? "policy" : !person ? "person" : "claims");
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    hpr_status st = ledger ? hpr_ledger_copy(&l, ledger) : hpr_ledger_create(&l);
    if (st == HPR_OK)
        st = hpr_settlement_create(&s);
    for (size_t i = 0; st == HPR_OK && i < nclaims; i++) {
        st = hpr_settle(s, l, policy, person, &claims[i], NULL);
        if (st == HPR_OK && s->ncrossed) {
            *index_out = i;
            if (rule_out)
                *rule_out = s->crossed[0]; /* borrowed from the policy */
            hpr_settlement_free(s);
            hpr_ledger_free(l);
            return HPR_OK;
        }
    }
    hpr_settlement_free(s);
    hpr_ledger_free(l);
    if (st != HPR_OK)
        return st;
    return hpr__seterr(HPR_ENOTFOUND, "person %s crosses no monitoring line in these %zu claims",
                       person->id, nclaims);
}
