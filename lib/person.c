/* SPDX-License-Identifier: MIT */
/* Who the person is on a date (categories, enrollment), whether a claim
 * and a person are valid input, and whether a policy condition holds. */
#include <string.h>

#include "person.h"
#include "policy_internal.h"
#include "settlement.h"

/* ---- input validation ---------------------------------------------------- */

static inline bool date_ok(hpr_date d) { return hpr__day_ok(d); }

static inline hpr_status check_period(const char *what, size_t i, const char *name, hpr_date from,
                               hpr_date to)
{
    if (!name)
        return hpr__seterr(HPR_EINVAL, "person %s[%zu] has no name", what, i);
    if (!date_ok(from))
        return hpr__seterr(HPR_EINVAL, "person %s[%zu] (%s): \"from\" is not a valid date", what, i, name);
    if (to != HPR_DATE_OPEN && (!date_ok(to) || to < from))
        return hpr__seterr(HPR_EINVAL, "person %s[%zu] (%s): \"to\" is not a date on or after \"from\"",
                           what, i, name);
    return HPR_OK;
}

hpr_status hpr__check_person(const hpr_person *p)
{
    if (p->version == 0 || p->version > HPR_PERSON_VERSION)
        return hpr__seterr(p->version ? HPR_EVERSION : HPR_EINVAL,
                           "hpr_person version %u: use HPR_PERSON_INIT or hpr_person_init()", p->version);
    if (!p->id)
        return hpr__seterr(HPR_EINVAL, "person: id is NULL");
    if (!date_ok(p->birth_date))
        return hpr__seterr(HPR_EINVAL, "person %s: birth_date is not a valid date", p->id);
    if ((p->nstatuses && !p->statuses) || (p->nenrollments && !p->enrollments))
        return hpr__seterr(HPR_EINVAL, "person %s: %s is NULL but its count is not 0", p->id,
                           p->nstatuses && !p->statuses ? "statuses" : "enrollments");
    for (size_t i = 0; i < p->nstatuses; i++) {
        hpr_status st = check_period("statuses", i, p->statuses[i].kind, p->statuses[i].from,
                                     p->statuses[i].to);
        if (st != HPR_OK)
            return st;
    }
    for (size_t i = 0; i < p->nenrollments; i++) {
        hpr_status st = check_period("enrollments", i, p->enrollments[i].scheme,
                                     p->enrollments[i].from, p->enrollments[i].to);
        if (st != HPR_OK)
            return st;
    }
    if (p->income_per_capita < -1)
        return hpr__seterr(HPR_EINVAL, "person %s: income_per_capita is negative", p->id);
    return HPR_OK;
}

hpr_status hpr__check_claim(const hpr_claim *c)
{
    if (c->version == 0 || c->version > HPR_CLAIM_VERSION)
        return hpr__seterr(c->version ? HPR_EVERSION : HPR_EINVAL,
                           "hpr_claim version %u: use HPR_CLAIM_INIT or hpr_claim_init()", c->version);
    if (!c->id)
        return hpr__seterr(HPR_EINVAL, "claim: id is NULL");
    if ((unsigned)c->type > HPR_CLAIM_OUTPATIENT)
        return hpr__seterr(HPR_EINVAL, "claim %s: unknown type %d", c->id, (int)c->type);
    if ((unsigned)c->level > HPR_LEVEL_PROVINCE)
        return hpr__seterr(HPR_EINVAL, "claim %s: unknown facility level %d", c->id, (int)c->level);
    if ((unsigned)c->location > HPR_LOCATION_OUT_OF_PROVINCE)
        return hpr__seterr(HPR_EINVAL, "claim %s: unknown location %d", c->id, (int)c->location);
    if (!date_ok(c->admission_date) || !date_ok(c->discharge_date))
        return hpr__seterr(HPR_EINVAL, "claim %s: %s is not a valid date", c->id,
                           date_ok(c->admission_date) ? "discharge_date" : "admission_date");
    if (c->discharge_date < c->admission_date)
        return hpr__seterr(HPR_EINVAL, "claim %s: discharge_date is before admission_date", c->id);
    if ((c->ndesignated && !c->designated) || (c->ndiagnoses && !c->diagnoses))
        return hpr__seterr(HPR_EINVAL, "claim %s: %s is NULL but its count is not 0", c->id,
                           c->ndiagnoses && !c->diagnoses ? "diagnoses" : "designated");
    for (size_t i = 0; i < c->ndiagnoses; i++)
        if (!c->diagnoses[i])
            return hpr__seterr(HPR_EINVAL, "claim %s: diagnoses[%zu] is NULL", c->id, i);
    for (size_t i = 0; i < c->ndesignated; i++)
        if (!c->designated[i])
            return hpr__seterr(HPR_EINVAL, "claim %s: designated[%zu] is NULL", c->id, i);
    const hpr_costs *k = &c->costs;
    if ((k->total | k->in_scope | k->class_b_self | k->out_of_catalog | k->waiver) < 0) {
        const struct { const char *name; hpr_money v; } parts[] = {
            {"total", k->total}, {"in_scope", k->in_scope}, {"class_b_self", k->class_b_self},
            {"out_of_catalog", k->out_of_catalog}, {"waiver", k->waiver}};
        for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
            if (parts[i].v < 0)
                return hpr__seterr(HPR_EINVAL, "claim %s: costs.%s is negative", c->id, parts[i].name);
    }
    hpr_money sum;
    if (__builtin_add_overflow(k->in_scope, k->class_b_self, &sum) ||
        __builtin_add_overflow(sum, k->out_of_catalog, &sum))
        return hpr__seterr(HPR_EOVERFLOW, "claim %s: the cost buckets overflow", c->id);
    if (sum != k->total) {
        char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE];
        hpr_money_format(a, sizeof a, sum);
        hpr_money_format(b, sizeof b, k->total);
        return hpr__seterr(HPR_EINVAL,
                           "claim %s: in_scope + class_b_self + out_of_catalog = %s, but total is %s",
                           c->id, a, b);
    }
    if (k->waiver > k->total)
        return hpr__seterr(HPR_EINVAL, "claim %s: costs.waiver is larger than costs.total", c->id);
    if (k->total > HPR__AMOUNT_MAX)
        return hpr__seterr(HPR_EOVERFLOW, "claim %s: costs.total is implausibly large", c->id);
    return HPR_OK;
}

/* ---- who the person is on the as-of date ---------------------------------- */

void hpr__status_kinds(const struct hpr_policy *p, const hpr_person *person, int *kinds)
{
    for (size_t i = 0; i < person->nstatuses; i++)
        kinds[i] = p->status_kinds ? hpr__name_index(p->status_kinds, person->statuses[i].kind) : -1;
}

uint64_t hpr__categories_on(const struct hpr_policy *p, const hpr_person *person, const int *kinds,
                            hpr_date d, hpr_settlement *s)
{
    uint64_t active = 0;
    for (size_t i = 0; i < person->nstatuses; i++) {
        const hpr_status_period *st = &person->statuses[i];
        int k = kinds ? kinds[i] : p->status_kinds ? hpr__name_index(p->status_kinds, st->kind) : -1;
        if (k < 0) {
            if (s && !kinds) { /* one warning a claim, for the first undeclared kind */
                hpr__settlement_warn(s, "unknown_status",
                                     "status kind \"%.64s\" is not declared by policy %s; ignored, as "
                                     "is any other undeclared kind", st->kind, p->id);
                s = NULL;
            }
            continue;
        }
        if (st->from <= d && d <= st->to)
            active |= (uint64_t)1 << k;
    }
    uint64_t cats = 0;
    for (size_t c = 0; c < p->ncategories; c++) {
        const hpr__category *cat = &p->categories[c];
        bool member = (cat->statuses & active) != 0;
        if (!member && cat->exit_status >= 0) {
            const hpr__pentry *years = hpr__param_at(cat->exit_years, d);
            for (size_t i = 0; years && i < person->nstatuses && !member; i++) {
                const hpr_status_period *st = &person->statuses[i];
                if (kinds ? kinds[i] != cat->exit_status
                          : strcmp(st->kind, p->status_kinds[cat->exit_status]) != 0)
                    continue;
                hpr_date end;
                /* in the category for n whole years after the exit: up to the day
                 * before its n-th anniversary */
                if (st->from <= d && d <= st->to &&
                    hpr_date_add_years(&end, st->from, (int)years->value) == HPR_OK && d < end)
                    member = true;
            }
        }
        if (member)
            cats |= (uint64_t)1 << c;
    }
    return cats;
}

bool hpr__enrolled_on(const hpr_person *person, hpr_date d)
{
    for (size_t i = 0; i < person->nenrollments; i++)
        if (person->enrollments[i].from <= d && d <= person->enrollments[i].to)
            return true;
    return false;
}

/* Why a condition fails, or NULL if it holds. `claims_n` is this claim's
 * number among the claims the layer sees this year. */
const char *hpr__cond_fails(const hpr__cond *c, const hpr__facts *f, int claims_n)
{
    const hpr_claim *cl = f->claim;
    if (c->claim_types && !(c->claim_types & (1u << cl->type)))
        return "the claim type is not covered";
    if (c->levels && !(c->levels & (1u << cl->level)))
        return "the facility level is not covered";
    if (c->locations && !(c->locations & (1u << cl->location)))
        return "care at this location is not covered";
    if (c->referral == 1 && !cl->referral)
        return "requires a referral";
    if (c->referral == 0 && cl->referral)
        return "applies only to care without referral";
    if ((c->referral_required_at & (1u << cl->location)) && !cl->referral)
        return "care at this location needs a referral";
    if (c->enrolled == 1 && !f->enrolled)
        return "the person is not enrolled on the as-of date";
    if (c->enrolled == 0 && f->enrolled)
        return "applies only to persons not enrolled";
    if (c->family_doctor == 1 && !f->family_doctor)
        return "requires a family doctor contract";
    if (c->family_doctor == 0 && f->family_doctor)
        return "applies only to persons without a family doctor contract";
    if (c->categories && !(c->categories & f->categories))
        return "the person is in none of the required categories on the as-of date";
    if (c->batches && !(c->batches & (1u << f->batch)))
        return "the claim's treatment batch is not covered";
    if (c->min_claims_in_year && claims_n < c->min_claims_in_year)
        return "applies only from a later claim in the policy year";
    if (f->as_of < c->from || f->as_of > c->to)
        return "not in force on the as-of date";
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

/* ---- layers ----------------------------------------------------------------- */

