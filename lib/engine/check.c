/* SPDX-License-Identifier: MIT */
/* Whether a person and a claim are valid input, and the public
 * initialisers of the input structs. */
#include <stddef.h>
#include <string.h>

#include "engine/engine.h"

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
    if (p->version >= 2 && (p->household_size < 0 || p->household_size > 1000))
        return hpr__seterr(HPR_EINVAL, "person %s: household_size %d is not 0 (unknown) to 1000", p->id,
                           p->household_size);
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



hpr_status hpr_settle_options_init(hpr_settle_options *opts, unsigned int version)
{
    if (!opts || version == 0)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_options_init: %s",
                           opts ? "version must be HPR_SETTLE_OPTIONS_VERSION" : "opts is NULL");
    if (version > HPR_SETTLE_OPTIONS_VERSION)
        return hpr__seterr(HPR_EVERSION, "hpr_settle_options version %u is newer than this library (%d)",
                           version, HPR_SETTLE_OPTIONS_VERSION);
    /* a caller built against version 1 has the smaller struct */
    memset(opts, 0, version >= 2 ? sizeof *opts : offsetof(hpr_settle_options, lang));
    opts->version = version;
    return HPR_OK;
}

hpr_status hpr_person_init(hpr_person *person, unsigned int version)
{
    if (!person || version == 0)
        return hpr__seterr(HPR_EINVAL, "hpr_person_init: %s",
                           person ? "version must be HPR_PERSON_VERSION" : "person is NULL");
    if (version > HPR_PERSON_VERSION)
        return hpr__seterr(HPR_EVERSION, "hpr_person version %u is newer than this library (%d)",
                           version, HPR_PERSON_VERSION);
    /* a caller built against version 1 has the smaller struct */
    memset(person, 0, version >= 2 ? sizeof *person : offsetof(hpr_person, household_size));
    person->version = version;
    person->income_per_capita = -1;
    return HPR_OK;
}

hpr_status hpr_claim_init(hpr_claim *claim, unsigned int version)
{
    if (!claim || version == 0)
        return hpr__seterr(HPR_EINVAL, "hpr_claim_init: %s",
                           claim ? "version must be HPR_CLAIM_VERSION" : "claim is NULL");
    if (version > HPR_CLAIM_VERSION)
        return hpr__seterr(HPR_EVERSION, "hpr_claim version %u is newer than this library (%d)",
                           version, HPR_CLAIM_VERSION);
    /* a caller built against version 1 has the smaller struct */
    memset(claim, 0, version >= 2 ? sizeof *claim : offsetof(hpr_claim, case_group));
    claim->version = version;
    return HPR_OK;
}
