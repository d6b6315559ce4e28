/* SPDX-License-Identifier: MIT */
/* The three batches (三个一批). A claim is a serious disease if one of its
 * diagnoses matches an entry of the serious catalog on the list on the
 * as-of date, the patient's age is within the entry's limits and (if the
 * policy says so) the facility is designated for it; else a chronic
 * disease by the chronic catalog; else a severe illness if the year's
 * potential own burden passes the policy's threshold; else none.
 * docs/three-batches.md explains the policy behind it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/lang.h"
#include "engine/classify.h"
#include "engine/engine.h"
#include "engine/facts.h"
#include "model/policy.h"

/* ---- the result ----------------------------------------------------------- */

void hpr__classification_reset(hpr_classification *c)
{
    hpr__arena_reset(&c->arena); /* keeps a chunk for the next claim */
    c->valid = false;
    c->batch = HPR_BATCH_NONE;
    c->entry = c->entry_name = c->catalog = c->diagnosis = NULL;
    c->diagnosis_buf[0] = '\0';
    c->reasons = NULL;
    c->nreasons = c->capreasons = 0;
    c->oom = false;
}

static void reason_(hpr_classification *c, const char *fmt, ...) HPR__PRINTF(2, 3);
/* Records a reason; its arguments are not even evaluated when reasons are off. */
#define reason(c, ...)                                                                             \
    do {                                                                                           \
        if ((c)->want_reasons)                                                                     \
            reason_((c), __VA_ARGS__);                                                             \
    } while (0)
static void reason_(hpr_classification *c, const char *fmt, ...)
{
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, hpr__tr(c->lang, fmt), ap);
    va_end(ap);
    /* hpr__classify reports a failure: a reason is never dropped silently */
    if (!hpr__arena_list_add(&c->arena, &c->reasons, &c->nreasons, &c->capreasons, text))
        c->oom = true;
}

static bool designated_for(const hpr_claim *claim, const char *entry)
{
    for (size_t i = 0; i < claim->ndesignated; i++)
        if (strcmp(claim->designated[i], entry) == 0)
            return true;
    return false;
}

/* Tries one catalog batch; true if it decided the claim. */
/* The patient's age on the as-of date, worked out the first time an entry
 * with age limits asks (0 if born after it). */
typedef struct lazy_age {
    hpr_date birth;
    int age;
    bool known;
} lazy_age;

static int age_of(lazy_age *a, hpr_date as_of)
{
    if (!a->known) {
        hpr_date_age(&a->age, a->birth, as_of);
        a->known = true;
    }
    return a->age;
}

static bool try_catalog(hpr_classification *c, const struct hpr_policy *p, hpr_batch batch,
                        const hpr_claim *claim, hpr_date as_of, lazy_age *la)
{
    const hpr__batch_rule *rule = &p->classify.rule[batch];
    if (!rule->present || rule->catalog < 0)
        return false;
    const hpr__catalog *cat = &p->catalogs[rule->catalog];
    if (rule->claim_types && !(rule->claim_types & (1u << claim->type))) {
        reason(c, "%s: the claim type %s is not covered", hpr_batch_label(batch, c->lang),
               hpr__claim_type_names[claim->type]);
        return false;
    }
    char d[HPR_DATE_FORMAT_SIZE];
    for (size_t i = 0; i < claim->ndiagnoses; i++) {
        const char *code = claim->diagnoses[i];
        uint64_t packed;
        if (!hpr__icd_pack(code, &packed, NULL)) {
            reason(c, "diagnosis \"%s\" is not an ICD-10 code; ignored", code);
            continue;
        }
        uint32_t hits[8];
        size_t n = hpr__catalog_match(cat, packed, hits, 8);
        for (size_t k = 0; k < n && k < 8; k++) {
            const hpr__centry *e = &cat->entries[hits[k]];
            if (as_of < e->from || as_of > e->to) {
                if (c->want_reasons)
                    hpr_date_format(d, sizeof d, as_of < e->from ? e->from : e->to);
                reason(c, "diagnosis %s matches %s (%s) of catalog %s, which is on the list only %s %s",
                       code, e->id, e->codes, cat->name, as_of < e->from ? HPR__T(c->lang, "from") : HPR__T(c->lang, "until"), d);
                continue;
            }
            int age = e->min_age >= 0 || e->max_age >= 0 ? age_of(la, as_of) : 0;
            if ((e->min_age >= 0 && age < e->min_age) || (e->max_age >= 0 && age > e->max_age)) {
                reason(c, "diagnosis %s matches %s, but the patient is %d on the as-of date and the "
                          "entry covers ages %d to %d",
                       code, e->id, age, e->min_age >= 0 ? e->min_age : 0,
                       e->max_age >= 0 ? e->max_age : 150);
                continue;
            }
            if (rule->designated_required && !designated_for(claim, e->id)) {
                reason(c, "diagnosis %s matches %s, but the facility is not designated for it",
                       code, e->id);
                continue;
            }
            c->batch = batch;
            c->entry = e->id;
            c->entry_name = e->name;
            c->catalog = cat->name;
            size_t dlen = 0; /* copied and cut as snprintf would, without its cost */
            while (dlen < sizeof c->diagnosis_buf - 1 && code[dlen])
                dlen++;
            memcpy(c->diagnosis_buf, code, dlen);
            c->diagnosis_buf[dlen] = '\0';
            c->diagnosis = c->diagnosis_buf;
            if (c->want_reasons) {
                hpr_date_format(d, sizeof d, e->from);
                reason(c, "%s: diagnosis %s%s matches %s \"%s\" (%s) of catalog %s (%s), on the list "
                          "since %s%s%s%s",
                       hpr_batch_label(batch, c->lang), code, i == 0 ? HPR__T(c->lang, " (primary)") : "", e->id, e->name,
                       e->codes, cat->name, cat->id ? cat->id : "", d, e->ref ? " [" : "",
                       e->ref ? e->ref : "", e->ref ? "]" : "");
                if (e->min_age >= 0 || e->max_age >= 0)
                    reason(c, "age %d is within %d to %d", age, e->min_age >= 0 ? e->min_age : 0,
                           e->max_age >= 0 ? e->max_age : 150);
                if (rule->designated_required)
                    reason(c, "the facility is designated for %s", e->id);
                if (!cat->official_codes)
                    reason(c, "ICD-10 codes of catalog %s are the project's own mapping, not an official "
                              "list: %s",
                           cat->name, cat->mapping ? cat->mapping : "");
            }
            return true;
        }
    }
    return false;
}

static hpr_status classify_body(hpr_classification *c, const struct hpr_policy *p,
                                const hpr_person *person, const hpr_claim *claim, hpr_date as_of,
                                uint64_t categories, hpr_money patient_before);

hpr_status hpr__classify(hpr_classification *c, const struct hpr_policy *p, const hpr_person *person,
                         const hpr_claim *claim, hpr_date as_of, uint64_t categories,
                         hpr_money patient_before)
{
    hpr_status st = classify_body(c, p, person, claim, as_of, categories, patient_before);
    if (st == HPR_OK && c->oom) {
        c->valid = false;
        return hpr__seterr(HPR_ENOMEM, "out of memory recording the reasons of a classification");
    }
    return st;
}

static hpr_status classify_body(hpr_classification *c, const struct hpr_policy *p,
                                const hpr_person *person, const hpr_claim *claim, hpr_date as_of,
                                uint64_t categories, hpr_money patient_before)
{
    hpr__classification_reset(c);
    c->valid = true;
    c->batch = HPR_BATCH_NONE;
    if (!p->classify.present) {
        reason(c, "policy %s defines no classification", p->id);
        return HPR_OK;
    }
    if (p->classify.population && !(p->classify.population & categories)) {
        reason(c, "none: the person is in none of the categories the three batches serve on the "
                  "as-of date");
        return HPR_OK;
    }
    lazy_age la = {.birth = person->birth_date};
    if (try_catalog(c, p, HPR_BATCH_SERIOUS_DISEASE, claim, as_of, &la) ||
        try_catalog(c, p, HPR_BATCH_CHRONIC_DISEASE, claim, as_of, &la))
        return HPR_OK;
    const hpr__batch_rule *sev = &p->classify.rule[HPR_BATCH_SEVERE_ILLNESS];
    const hpr__pentry *th = sev->present ? hpr__param_at(sev->burden_above, as_of) : NULL;
    if (th && (!sev->claim_types || (sev->claim_types & (1u << claim->type)))) {
        hpr_money burden = patient_before + (claim->costs.total - claim->costs.waiver);
        if (burden > th->value) {
            c->batch = HPR_BATCH_SEVERE_ILLNESS;
            if (c->want_reasons) {
                char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE];
                hpr_money_format(a, sizeof a, burden);
                hpr_money_format(b, sizeof b, th->value);
                reason(c, "%s: the patient's payments this year plus this claim, %s, are above %s%s%s%s",
                       hpr_batch_label(HPR_BATCH_SEVERE_ILLNESS, c->lang), a, b, th->ref ? " [" : "", th->ref ? th->ref : "", th->ref ? "]" : "");
            }
            return HPR_OK;
        }
    }
    if (c->nreasons == 0)
        reason(c, "none: no diagnosis matches a catalog of the three batches%s",
               th ? HPR__T(c->lang, " and the year's burden is under the severe-illness line") : "");
    return HPR_OK;
}

/* ---- public API ------------------------------------------------------------ */

hpr_status hpr_classification_create(hpr_classification **out)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_classification_create: out is NULL");
    *out = hpr__calloc(1, sizeof **out);
    if (!*out)
        return hpr__seterr(HPR_ENOMEM, "out of memory creating a classification");
    (*out)->want_reasons = true;
    return HPR_OK;
}

void hpr_classification_free(hpr_classification *c)
{
    if (!c)
        return;
    hpr__arena_release(&c->arena);
    hpr__free(c);
}

hpr_status hpr_classification_set_lang(hpr_classification *c, hpr_lang lang)
{
    if (!c || !hpr_lang_name(lang))
        return hpr__seterr(HPR_EINVAL, "hpr_classification_set_lang: %s",
                           c ? "not a language" : "classification is NULL");
    c->lang = lang;
    return HPR_OK;
}

hpr_status hpr_classify(hpr_classification *result, const hpr_policy *policy, const hpr_person *person,
                        const hpr_claim *claim, const hpr_ledger *ledger)
{
    if (!result || !policy || !person || !claim)
        return hpr__seterr(HPR_EINVAL, "hpr_classify: %s is NULL",
                           !result ? "result" : !policy ? "policy" : !person ? "person" : "claim");
    hpr__classification_reset(result);
    result->want_reasons = true;
    hpr_status st;
    if ((st = hpr__check_person(person)) != HPR_OK || (st = hpr__check_claim(claim)) != HPR_OK)
        return st;
    hpr_date d = policy->as_of == HPR__AS_OF_ADMISSION ? claim->admission_date : claim->discharge_date;
    int year = hpr__policy_year(policy, d);
    hpr_money before = ledger && hpr_ledger_policy_year(ledger) == year ? hpr_ledger_patient_paid(ledger) : 0;
    uint64_t cats = hpr__categories_on(policy, person, NULL, d, NULL);
    return hpr__classify(result, policy, person, claim, d, cats, before);
}

hpr_batch hpr_classification_batch(const hpr_classification *c)
{
    return c && c->valid ? c->batch : HPR_BATCH_NONE;
}
const char *hpr_classification_entry(const hpr_classification *c) { return c && c->valid ? c->entry : NULL; }
const char *hpr_classification_entry_name(const hpr_classification *c)
{
    return c && c->valid ? c->entry_name : NULL;
}
const char *hpr_classification_catalog(const hpr_classification *c) { return c && c->valid ? c->catalog : NULL; }
const char *hpr_classification_diagnosis(const hpr_classification *c)
{
    return c && c->valid ? c->diagnosis : NULL;
}
size_t hpr_classification_reason_count(const hpr_classification *c) { return c && c->valid ? c->nreasons : 0; }
const char *hpr_classification_reason(const hpr_classification *c, size_t i)
{
    return c && c->valid && i < c->nreasons ? c->reasons[i] : NULL;
}
