/* SPDX-License-Identifier: MIT */
/* The settlement result: lines per layer, totals, warnings, explanation. */
#include <stdio.h>
#include <string.h>

#include "engine/ledger.h"
#include "core/lang.h"
#include "engine/settlement.h"
#include "model/policy.h"

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
    s->crossed_mask = 0;
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
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    int needed = vsnprintf(text, sizeof text, hpr__tr(s->lang, fmt), ap);
    va_end(ap);
    hpr__text_fit(text, sizeof text, needed);
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
    vsnprintf(text, sizeof text, hpr__tr(s->lang, fmt), ap);
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
