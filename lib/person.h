/* SPDX-License-Identifier: MIT */
/* Input validation and the facts about a person and a claim on the as-of
 * date that policy conditions test (person.c). */
#ifndef HPR_PERSON_H
#define HPR_PERSON_H

#include "hpr/claim.h"
#include "hpr/settle.h"
#include "layers.h"

struct hpr_policy;

typedef struct hpr__facts {
    const hpr_claim *claim;
    hpr_date as_of;
    uint64_t categories;
    bool enrolled;
    bool family_doctor;
    int batch;
    uint32_t bits; /* hpr__facts_bits() of the above, once the batch is known */
} hpr__facts;

/* The facts a condition tests, one bit per value of each (claim type,
 * level, location with referral, batch, enrollment, family doctor), so a
 * condition compiles to the set of bits it accepts and holds when every
 * bit of the facts is accepted. */
uint32_t hpr__facts_bits(const hpr__facts *f);

/* Whether a compiled condition holds: the same answer as
 * hpr__cond_fails() == NULL, which gives the reason when it does not. */
static inline bool hpr__cond_holds(const hpr__cond *c, const hpr__facts *f, int claims_n)
{
    return !(f->bits & ~c->allow) && (!c->categories || (c->categories & f->categories)) &&
           claims_n >= c->min_claims_in_year && f->as_of >= c->from && f->as_of <= c->to;
}

hpr_status hpr__check_person(const hpr_person *p);
hpr_status hpr__check_claim(const hpr_claim *c);
/* The categories (bits) the person is in on d. kinds: NULL, or
 * hpr__status_kinds() of the person. When kinds is NULL and s is not,
 * undeclared status kinds give s one "unknown_status" warning (callers
 * that pass kinds warn once per person themselves). */
uint64_t hpr__categories_on(const struct hpr_policy *p, const hpr_person *person, const int *kinds,
                            hpr_date d, hpr_settlement *s);
/* The index of each status's kind among the policy's (-1 if undeclared). */
void hpr__status_kinds(const struct hpr_policy *p, const hpr_person *person, int *kinds);
bool hpr__enrolled_on(const hpr_person *person, hpr_date d);
/* Why a condition fails, or NULL if it holds. `claims_n` is the claim's
 * number among the claims the layer sees this policy year. */
const char *hpr__cond_fails(const hpr__cond *c, const hpr__facts *f, int claims_n);

#endif
