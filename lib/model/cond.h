/* SPDX-License-Identifier: MIT */
/* Conditions (a layer's applies_to, a modifier's when, the eligibility
 * rules): the compiled struct, the facts about a person and a claim they
 * test, and their evaluation (cond.c). Reading one from JSON is
 * compile/conditions.c. */
#ifndef HPR_MODEL_COND_H
#define HPR_MODEL_COND_H

#include "hpr/claim.h"
#include "hpr/errors.h"
#include "model/vocab.h"

/* A condition (applies_to, or a modifier's when). A zero mask means "any". */
typedef struct hpr__cond {
    uint64_t categories;      /* any of */
    uint8_t claim_types;
    uint8_t levels;
    uint8_t locations;
    uint8_t batches;
    uint8_t referral_required_at; /* locations where referral is required */
    int8_t referral;          /* -1 any, 0 must not be referred, 1 must be */
    int8_t enrolled;          /* -1 any, 1 must be enrolled on the as-of date */
    int8_t family_doctor;     /* -1 any, 1 must have a contract */
    int min_claims_in_year;   /* this claim is at least the n-th the layer sees this year; 0 any */
    hpr_date from, to;        /* the as-of date lies in [from, to]; INT32_MIN / INT32_MAX when open */
    const char *const *diseases; /* the claim's classified catalog entry is one of these (the
                                    entries' id strings in the policy, compared by address) */
    uint32_t ndiseases;       /* 0: any disease, or none */
    const struct hpr__xcall *ext; /* an extension function that must return true, or NULL */
    uint32_t allow;           /* compiled: the fact bits (hpr__facts_bits) it accepts */
} hpr__cond;

struct hpr__xcall;
struct hpr__facts;

typedef struct hpr__facts {
    const hpr_claim *claim;
    hpr_date as_of;
    uint64_t categories;
    bool enrolled;
    bool family_doctor;
    int batch;
    const char *entry;        /* the classified catalog entry's id (the policy's string), or NULL */
    const hpr_person *person; /* for extension conditions (NULL where none can be) */
    hpr_money patient_before; /* the patient's own payments earlier this policy year */
    /* Evaluates an extension condition (engine/extension.c); a failure of
     * the call (a missing fact under "error") is left in *xerr. */
    bool (*xholds)(const struct hpr__xcall *call, const struct hpr__facts *f);
    hpr_status *xerr;
    const char **xmissing; /* when not NULL: the fact the last call lacked (answered "no"), else NULL */
    uint32_t bits; /* hpr__facts_bits() of the above, once the batch is known */
} hpr__facts;

/* The facts a condition tests, one bit per value of each (claim type,
 * level, location with referral, batch, enrollment, family doctor), so a
 * condition compiles to the set of bits it accepts and holds when every
 * bit of the facts is accepted. */
uint32_t hpr__facts_bits(const hpr__facts *f);

/* Whether a compiled condition holds: the same answer as
 * hpr__cond_fails() == NULL, which gives the reason when it does not. */
/* Whether the claim's classified entry is one the condition names. */
static inline bool hpr__cond_disease(const hpr__cond *c, const char *entry)
{
    for (uint32_t i = 0; i < c->ndiseases; i++)
        if (c->diseases[i] == entry)
            return true;
    return false;
}

static inline bool hpr__cond_holds(const hpr__cond *c, const hpr__facts *f, int claims_n)
{
    return !(f->bits & ~c->allow) && (!c->categories || (c->categories & f->categories)) &&
           claims_n >= c->min_claims_in_year && f->as_of >= c->from && f->as_of <= c->to &&
           (!c->ndiseases || hpr__cond_disease(c, f->entry)) && (!c->ext || f->xholds(c->ext, f));
}

/* Why a condition fails, or NULL if it holds. `claims_n` is the claim's
 * number among the claims the layer sees this policy year. */
const char *hpr__cond_fails(const hpr__cond *c, const hpr__facts *f, int claims_n);

/* The condition without its claim-dependent members (claim type, level,
 * location, referral, batch, claims in year): what can be decided of a
 * person alone (eligibility without a claim). */
hpr__cond hpr__cond_person_part(const hpr__cond *c);
/* Whether the condition has claim-dependent members. */
bool hpr__cond_has_claim_part(const hpr__cond *c);

/* Fills c->allow from the condition's members; call once its members are
 * set (compile/conditions.c does). */
void hpr__cond_compile(hpr__cond *c);

#endif
