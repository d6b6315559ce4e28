/* SPDX-License-Identifier: MIT */
/* Eligibility of a person on a date: categories with reasons, enrollment,
 * treat-first-pay-later and one-stop settlement (the policy's
 * "eligibility" conditions), and every layer's applies_to. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/lang.h"
#include "core/names.h"
#include "engine/classify.h"
#include "engine/eligibility.h"
#include "engine/engine.h"
#include "engine/extension.h"
#include "engine/facts.h"


/* ---- checking ------------------------------------------------------------------ */

static const char *reason_text(hpr_eligibility *e, const char *f, ...) HPR__PRINTF(2, 3);
static const char *reason_text(hpr_eligibility *e, const char *f, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, f);
    vsnprintf(text, sizeof text, hpr__tr(e->lang, f), ap);
    va_end(ap);
    const char *s = hpr__arena_strndup(&e->arena, text, strlen(text));
    if (!s)
        e->oom = true;
    return s;
}

/* Why the person is in category c on d (the status that makes it). */
static const char *category_reason(hpr_eligibility *e, const struct hpr_policy *p, size_t c,
                                   const hpr_person *person, hpr_date d)
{
    const hpr__category *cat = &p->categories[c];
    char a[HPR_DATE_FORMAT_SIZE], b[HPR_DATE_FORMAT_SIZE];
    for (size_t i = 0; i < person->nstatuses; i++) {
        const hpr_status_period *st = &person->statuses[i];
        int k = hpr__name_index(p->status_kinds, st->kind);
        if (k < 0 || !(st->from <= d && d <= st->to))
            continue;
        if (cat->statuses & ((uint64_t)1 << k)) {
            hpr_date_format(a, sizeof a, st->from);
            return reason_text(e, "status %s held since %s", st->kind, a);
        }
        if (k == cat->exit_status) {
            const hpr__pentry *y = hpr__param_at(cat->exit_years, d);
            hpr_date end = st->from;
            if (y)
                hpr_date_add_years(&end, st->from, (int)y->value);
            hpr_date_format(a, sizeof a, st->from);
            hpr_date_format(b, sizeof b, end - 1);
            return reason_text(e, "%s since %s: within the %lld-year transition period, which ends on %s%s%s%s",
                       st->kind, a, y ? (long long)y->value : 0LL, b, y && y->ref ? " [" : "",
                       y && y->ref ? y->ref : "", y && y->ref ? "]" : "");
        }
    }
    return "";
}

static int decide(const hpr__cond *c, const hpr__facts *f, bool has_claim, hpr_lang lang,
                  const char **why)
{
    if (has_claim) {
        *why = hpr__cond_fails(c, f, 1);
        if (*why)
            *why = hpr__tr(lang, *why);
        return *why == NULL;
    }
    hpr__cond q = hpr__cond_person_part(c);
    *why = hpr__cond_fails(&q, f, 1);
    if (*why)
        *why = hpr__tr(lang, *why);
    if (*why)
        return 0;
    if (hpr__cond_has_claim_part(c)) {
        *why = HPR__T(lang, "depends on the claim (type, facility level, location or referral)");
        return HPR_ELIGIBILITY_UNKNOWN;
    }
    return 1;
}

hpr_status hpr_eligibility_check(hpr_eligibility *e, const hpr_policy *policy, const hpr_person *person,
                                 hpr_date on, const hpr_claim *claim)
{
    hpr_lang lang = e ? e->lang : HPR_LANG_EN;
    if (e) {
        hpr__arena_release(&e->arena);
        memset(e, 0, sizeof *e);
        e->lang = lang; /* hpr_eligibility_set_lang's choice outlives the result */
    }
    if (!e || !policy || !person)
        return hpr__seterr(HPR_EINVAL, "hpr_eligibility_check: %s is NULL",
                           !e ? "result" : !policy ? "policy" : "person");
    hpr_status st = hpr__check_person(person);
    if (st == HPR_OK && claim)
        st = hpr__check_claim(claim);
    if (st != HPR_OK)
        return st;
    if (hpr_date_to_ymd(on, NULL, NULL, NULL) != HPR_OK)
        return hpr__seterr(HPR_EINVAL, "hpr_eligibility_check: the date is not valid");
    const struct hpr_policy *p = policy;
    e->on = on;
    e->has_claim = claim != NULL;
    uint64_t cats = hpr__categories_on(p, person, NULL, on, NULL);
    e->enrolled = hpr__enrolled_on(person, on);
    for (size_t c = 0; c < p->ncategories; c++)
        if (cats & ((uint64_t)1 << c)) {
            e->cat[e->ncat] = p->category_names[c];
            e->cat_reason[e->ncat++] = category_reason(e, p, c, person, on);
        }
    hpr_claim dummy = HPR_CLAIM_INIT;
    dummy.id = "(eligibility without a claim)";
    hpr_status xerr = HPR_OK; /* an extension call that failed fails the check, as it fails a claim */
    hpr__facts f = {.claim = claim ? claim : &dummy, .as_of = on, .categories = cats,
                    .enrolled = e->enrolled, .family_doctor = person->family_doctor_contract != 0,
                    .person = person, .xholds = hpr__xholds, .xerr = &xerr};
    if (claim && p->classify.present) {
        /* the batch decides conditions on batches */
        hpr_classification cls = {.want_reasons = false};
        hpr__classify(&cls, p, person, claim, on, cats, 0);
        f.batch = cls.batch;
        f.entry = cls.entry; /* the policy's string: outlives cls */
        hpr__arena_release(&cls.arena);
    }
    e->tfpl = e->one_stop = HPR_ELIGIBILITY_UNKNOWN;
    e->tfpl_reason = e->one_stop_reason = HPR__T(lang, "the policy states no rule");
    if (p->has_tfpl)
        e->tfpl = decide(&p->tfpl, &f, claim != NULL, lang, &e->tfpl_reason);
    if (p->has_one_stop)
        e->one_stop = decide(&p->one_stop, &f, claim != NULL, lang, &e->one_stop_reason);
    if (e->tfpl == 1)
        e->tfpl_reason = NULL;
    if (e->one_stop == 1)
        e->one_stop_reason = NULL;
    for (size_t i = 0; i < p->nlayers && i < 64; i++) {
        const hpr__layer *L = &p->layers[i];
        e->layer[i] = L->id;
        if (on < L->eff_from || on > L->eff_to) {
            e->applies[i] = 0;
            e->layer_reason[i] = HPR__T(lang, "the layer is not in force on the date");
        } else {
            e->applies[i] = decide(&L->applies, &f, claim != NULL, lang, &e->layer_reason[i]);
        }
    }
    e->nlayers = p->nlayers;
    if (xerr != HPR_OK) { /* the record holds the call's message */
        hpr__arena_release(&e->arena);
        memset(e, 0, sizeof *e);
        e->lang = lang;
        return xerr;
    }
    if (e->oom) {
        hpr__arena_release(&e->arena);
        memset(e, 0, sizeof *e);
        e->lang = lang;
        return hpr__seterr(HPR_ENOMEM, "out of memory checking eligibility");
    }
    e->valid = true;
    return HPR_OK;
}

hpr_status hpr_eligibility_set_lang(hpr_eligibility *e, hpr_lang lang)
{
    if (!e || !hpr_lang_name(lang))
        return hpr__seterr(HPR_EINVAL, "hpr_eligibility_set_lang: %s", e ? "not a language" : "eligibility is NULL");
    e->lang = lang;
    return HPR_OK;
}

/* ---- reading the result ------------------------------------------------------------ */

hpr_status hpr_eligibility_create(hpr_eligibility **out)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_eligibility_create: out is NULL");
    *out = hpr__calloc(1, sizeof **out);
    return *out ? HPR_OK : hpr__seterr(HPR_ENOMEM, "out of memory creating an eligibility result");
}

void hpr_eligibility_free(hpr_eligibility *e)
{
    if (!e)
        return;
    hpr__arena_release(&e->arena);
    hpr__free(e);
}

int hpr_eligibility_enrolled(const hpr_eligibility *e) { return e && e->valid && e->enrolled; }
size_t hpr_eligibility_category_count(const hpr_eligibility *e) { return e && e->valid ? e->ncat : 0; }

const char *hpr_eligibility_category(const hpr_eligibility *e, size_t i, const char **reason)
{
    if (reason)
        *reason = NULL;
    if (!e || !e->valid || i >= e->ncat)
        return NULL;
    if (reason)
        *reason = e->cat_reason[i];
    return e->cat[i];
}

int hpr_eligibility_treat_first_pay_later(const hpr_eligibility *e, const char **reason)
{
    if (reason)
        *reason = e && e->valid ? e->tfpl_reason : NULL;
    return e && e->valid ? e->tfpl : HPR_ELIGIBILITY_UNKNOWN;
}

int hpr_eligibility_one_stop(const hpr_eligibility *e, const char **reason)
{
    if (reason)
        *reason = e && e->valid ? e->one_stop_reason : NULL;
    return e && e->valid ? e->one_stop : HPR_ELIGIBILITY_UNKNOWN;
}

size_t hpr_eligibility_layer_count(const hpr_eligibility *e) { return e && e->valid ? e->nlayers : 0; }

const char *hpr_eligibility_layer(const hpr_eligibility *e, size_t i, int *applies, const char **reason)
{
    if (applies)
        *applies = HPR_ELIGIBILITY_UNKNOWN;
    if (reason)
        *reason = NULL;
    if (!e || !e->valid || i >= e->nlayers)
        return NULL;
    if (applies)
        *applies = e->applies[i];
    if (reason)
        *reason = e->layer_reason[i];
    return e->layer[i];
}
