/* SPDX-License-Identifier: MIT */
/* Compiled categories and layers: flat structs and bit masks, built once
 * at load time so that settling is table lookups and integer arithmetic. */
#ifndef HPR_LAYERS_H
#define HPR_LAYERS_H

#include <string.h>

#include "param.h"

#define HPR__MAX_STATUS_KINDS 64
#define HPR__MAX_CATEGORIES 64
#define HPR__NLEVELS 5
#define HPR__NLOCATIONS 4
#define HPR__NCLAIM_TYPES 3
#define HPR__NBUCKETS 3
#define HPR__NBATCHES 4

/* Cost buckets, in their JSON names' order. */
enum { HPR__B_IN_SCOPE = 0, HPR__B_CLASS_B_SELF = 1, HPR__B_OUT_OF_CATALOG = 2 };
extern const char *const hpr__bucket_names[];      /* NULL-terminated */
extern const char *const hpr__level_names[];
extern const char *const hpr__location_names[];
extern const char *const hpr__claim_type_names[];
extern const char *const hpr__batch_names[];       /* none, serious_disease, chronic_disease, severe_illness */
extern const char *const hpr__payer_names[];
#define HPR__NPAYERS 6

/* The first 16 bytes of an id, zero padded. Two ids are the same when their
 * keys are and, for ids of 16 bytes or more, the rest compares equal: most
 * layer ids are short, so matching a ledger entry to a layer is two loads
 * and compares instead of a strcmp. */
typedef struct hpr__idkey {
    unsigned char b[16];
} hpr__idkey;

static inline hpr__idkey hpr__idkey_of(const char *id)
{
    hpr__idkey k;
    memset(&k, 0, sizeof k);
    for (size_t i = 0; i < sizeof k.b && id[i]; i++)
        k.b[i] = (unsigned char)id[i];
    return k;
}

static inline bool hpr__idkey_same(const hpr__idkey *a, const char *aid, const hpr__idkey *b,
                                   const char *bid)
{
    return memcmp(a->b, b->b, sizeof a->b) == 0 && (a->b[15] == 0 || strcmp(aid + 16, bid + 16) == 0);
}

typedef enum hpr__layer_kind {
    HPR__K_SHARE = 0,
    HPR__K_OOP_CAP = 1,
    HPR__K_TARGET_RATIO = 2,
    HPR__K_REMAINDER_SHARE = 3
} hpr__layer_kind;
extern const char *const hpr__kind_names[];

typedef enum hpr__per { HPR__PER_CLAIM = 0, HPR__PER_YEAR = 1 } hpr__per;

/* A value that may differ by facility level. */
typedef struct hpr__leveled {
    const hpr__param *all;                    /* used when not by level */
    const hpr__param *by_level[HPR__NLEVELS]; /* NULL: no value at that level */
    bool leveled;
} hpr__leveled;

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
    uint32_t allow;           /* compiled: the fact bits (person.h) the condition accepts */
} hpr__cond;

typedef struct hpr__modifier {
    hpr__cond when;
    const char *label;
    const char *ref;
    const hpr__param *ratio_add;        /* ratio, may be NULL */
    const hpr__param *ratio_set;
    const hpr__param *deductible_scale;
    const hpr__param *deductible_set;   /* money */
    const hpr__param *cap_year_set;     /* money */
    bool deductible_waive;
    bool cap_lift;
    bool shortfall;   /* a reduction for missing referral/registration; later layers may exclude it */
} hpr__modifier;

typedef struct hpr__band {
    const hpr__param *up_to; /* money; NULL for the last, open band */
    hpr__leveled ratio;
} hpr__band;

typedef struct hpr__layer {
    const char *id;
    hpr__idkey idkey;                /* hpr__idkey_of(id): matched against ledger entries */
    const char *name;
    const char *ref;
    hpr__layer_kind kind;
    int payer;                       /* index into hpr__payer_names */
    uint8_t covers[HPR__NBUCKETS];   /* bucket indexes, in payment order */
    uint8_t ncovers;
    uint8_t cover_mask;              /* the same buckets as bits */
    hpr__cond applies;
    hpr_date eff_from;
    hpr_date eff_to;
    hpr_rounding rounding;
    bool base_excludes_shortfall; /* base leaves out earlier layers' shortfall reductions (Gansu) */
    /* share, remainder_share */
    bool has_deductible;
    hpr__per ded_per;
    hpr__leveled deductible;
    hpr__per bands_per;
    hpr__band *bands;
    size_t nbands;
    /* every kind */
    hpr__leveled cap_claim;
    hpr__leveled cap_year;
    hpr__modifier *mods;
    size_t nmods;
    /* oop_cap */
    hpr__leveled limit;
    /* target_ratio */
    const hpr__param *target;
} hpr__layer;

typedef struct hpr__category {
    const char *name;
    const char *ref;
    uint64_t statuses;        /* status kinds (bits) that make the category while active */
    int exit_status;          /* status kind whose start is an exit date; -1 none */
    const hpr__param *exit_years; /* integer: years after exit still in the category */
} hpr__category;

struct hpr__reader;
struct hpr_policy;
/* The sections "status_kinds", "categories", "waiver_order", "layers". */
void hpr__read_layer_sections(struct hpr__reader *r, const void *root);

/* A condition object (applies_to, when, eligibility rules). */
bool hpr__read_cond(struct hpr__reader *r, const void *node, const char *what, hpr__cond *c);

/* Fills c->allow from the condition's members (person.h says how facts
 * are bits); hpr__read_cond does it. */
void hpr__cond_compile(hpr__cond *c);

/* Looks a name up in a NULL-terminated list; -1 if absent. */
int hpr__name_index(const char *const *names, const char *name);

#endif
