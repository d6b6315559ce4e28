/* SPDX-License-Identifier: MIT */
/* Compiled categories and layers: flat structs and bit masks, built once
 * at load time so that settling is table lookups and integer arithmetic. */
#ifndef HPR_MODEL_LAYER_H
#define HPR_MODEL_LAYER_H

#include "core/idkey.h"
#include "hpr/lang.h"
#include "model/cond.h"
#include "model/param.h"
#include "model/vocab.h"

typedef enum hpr__layer_kind {
    HPR__K_SHARE = 0,
    HPR__K_OOP_CAP = 1,
    HPR__K_TARGET_RATIO = 2,
    HPR__K_REMAINDER_SHARE = 3,
    HPR__K_EXTENSION = 4      /* an extension function computes the payment */
} hpr__layer_kind;

typedef enum hpr__per { HPR__PER_CLAIM = 0, HPR__PER_YEAR = 1 } hpr__per;

/* What a share layer computes its payment on (its "base"). */
typedef enum hpr__base {
    HPR__BASE_UNPAID = 0,     /* what is still unpaid in the buckets it covers */
    HPR__BASE_FIXED_FEE = 1,  /* the claim's fixed fee (定额), or its cost when lower */
    HPR__BASE_ABOVE_FEE = 2   /* the part of the cost above the fixed fee still unpaid */
} hpr__base;

/* A value that may differ by facility level. */
typedef struct hpr__leveled {
    const hpr__param *all;                    /* used when not by level */
    const hpr__param *by_level[HPR__NLEVELS]; /* NULL: no value at that level */
    bool leveled;
} hpr__leveled;


/* The entry of a leveled value in force at a level on d, or NULL. */
static inline const hpr__pentry *hpr__leveled_at(const hpr__leveled *l, int level, hpr_date d)
{
    return hpr__param_at(l->leveled ? l->by_level[level] : l->all, d);
}

/* Whether the policy gives the value at all (at some level). */
static inline bool hpr__leveled_present(const hpr__leveled *l) { return l->leveled || l->all; }

typedef struct hpr__modifier {
    hpr__cond when;
    const char *label;
    const char *label_zh;  /* NULL: the label is shown in every language */
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
    const char *names[HPR_LANGS]; /* by language, each filled (the other's when one is given) */
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
    hpr__base base;               /* share, remainder_share: what the payment is computed on */
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
    /* extension */
    const struct hpr__xcall *xcall;
} hpr__layer;

typedef struct hpr__category {
    const char *name;
    const char *label, *label_zh; /* for people ("label"); NULL when not given */
    const char *ref;
    uint64_t statuses;        /* status kinds (bits) that make the category while active */
    int exit_status;          /* status kind whose start is an exit date; -1 none */
    const hpr__param *exit_years; /* integer: years after exit still in the category */
} hpr__category;

#endif
