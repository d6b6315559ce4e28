/* SPDX-License-Identifier: MIT */
/* Evaluating conditions: the reason one fails, and the compiled form (one
 * bit per fact value) that settling tests. check_internal.c proves the
 * two agree. */
#include "core/lang.h"
#include "model/cond.h"

/* Why a condition fails, or NULL if it holds. `claims_n` is this claim's
 * number among the claims the layer sees this year. */
const char *hpr__cond_fails(const hpr__cond *c, const hpr__facts *f, int claims_n)
{
    const hpr_claim *cl = f->claim;
    if (c->claim_types && !(c->claim_types & (1u << cl->type)))
        return HPR__N("the claim type is not covered");
    if (c->levels && !(c->levels & (1u << cl->level)))
        return HPR__N("the facility level is not covered");
    if (c->locations && !(c->locations & (1u << cl->location)))
        return HPR__N("care at this location is not covered");
    if (c->referral == 1 && !cl->referral)
        return HPR__N("requires a referral");
    if (c->referral == 0 && cl->referral)
        return HPR__N("applies only to care without referral");
    if ((c->referral_required_at & (1u << cl->location)) && !cl->referral)
        return HPR__N("care at this location needs a referral");
    if (c->enrolled == 1 && !f->enrolled)
        return HPR__N("the person is not enrolled on the as-of date");
    if (c->enrolled == 0 && f->enrolled)
        return HPR__N("applies only to persons not enrolled");
    if (c->family_doctor == 1 && !f->family_doctor)
        return HPR__N("requires a family doctor contract");
    if (c->family_doctor == 0 && f->family_doctor)
        return HPR__N("applies only to persons without a family doctor contract");
    if (c->categories && !(c->categories & f->categories))
        return HPR__N("the person is in none of the required categories on the as-of date");
    if (c->batches && !(c->batches & (1u << f->batch)))
        return HPR__N("the claim's treatment batch is not covered");
    if (c->min_claims_in_year && claims_n < c->min_claims_in_year)
        return HPR__N("applies only from a later claim in the policy year");
    if (f->as_of < c->from || f->as_of > c->to)
        return HPR__N("not in force on the as-of date");
    if (c->ndiseases && !hpr__cond_disease(c, f->entry))
        return HPR__N("the claim's classified disease is not one the rule names");
    if (c->ext) {
        const char *lacked = NULL;
        hpr__facts g = *f;
        g.xmissing = &lacked;
        if (!g.xholds(c->ext, &g))
            return lacked ? HPR__N("a fact its extension function needs is missing, so it does not apply")
                          : HPR__N("its extension function says no");
    }
    return NULL;
}

enum { F_TYPE = 0, F_LEVEL = 3, F_LOCREF = 8, F_BATCH = 16, F_ENROLLED = 20, F_FAMDOC = 22 };

uint32_t hpr__facts_bits(const hpr__facts *f)
{
    const hpr_claim *cl = f->claim;
    return 1u << (F_TYPE + cl->type) | 1u << (F_LEVEL + cl->level) |
           1u << (F_LOCREF + 2 * cl->location + (cl->referral != 0)) | 1u << (F_BATCH + f->batch) |
           1u << (F_ENROLLED + f->enrolled) | 1u << (F_FAMDOC + f->family_doctor);
}

void hpr__cond_compile(hpr__cond *c)
{
    uint32_t a = 0;
    for (int t = 0; t < HPR__NCLAIM_TYPES; t++)
        if (!c->claim_types || (c->claim_types & (1u << t)))
            a |= 1u << (F_TYPE + t);
    for (int l = 0; l < HPR__NLEVELS; l++)
        if (!c->levels || (c->levels & (1u << l)))
            a |= 1u << (F_LEVEL + l);
    for (int loc = 0; loc < HPR__NLOCATIONS; loc++)
        for (int ref = 0; ref < 2; ref++) {
            bool ok = (!c->locations || (c->locations & (1u << loc))) &&
                      (c->referral < 0 || c->referral == ref) &&
                      (ref || !(c->referral_required_at & (1u << loc)));
            if (ok)
                a |= 1u << (F_LOCREF + 2 * loc + ref);
        }
    for (int b = 0; b < HPR__NBATCHES; b++)
        if (!c->batches || (c->batches & (1u << b)))
            a |= 1u << (F_BATCH + b);
    for (int v = 0; v < 2; v++) {
        if (c->enrolled < 0 || c->enrolled == v)
            a |= 1u << (F_ENROLLED + v);
        if (c->family_doctor < 0 || c->family_doctor == v)
            a |= 1u << (F_FAMDOC + v);
    }
    c->allow = a;
}

hpr__cond hpr__cond_person_part(const hpr__cond *c)
{
    hpr__cond q = *c;
    q.claim_types = q.levels = q.locations = q.batches = q.referral_required_at = 0;
    q.referral = -1;
    q.min_claims_in_year = 0;
    q.diseases = NULL;
    q.ndiseases = 0;
    q.ext = NULL; /* a function of the claim's facts, undecided without a claim */
    return q;
}

bool hpr__cond_has_claim_part(const hpr__cond *c)
{
    return c->claim_types || c->levels || c->locations || c->batches || c->referral_required_at ||
           c->referral >= 0 || c->min_claims_in_year || c->ndiseases || c->ext;
}
