/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/claim.h
 * @brief Persons and claims: the inputs of a settlement.
 *
 * @defgroup hpr_claim Persons and claims
 * The caller fills these structs; the library only reads them during a
 * call and never keeps a pointer into them. Each starts with a `version`
 * field (set it with the `*_INIT` macro or hpr_person_init() /
 * hpr_claim_init()), and new fields are only ever appended.
 * The JSON form of both is in docs/interchange.md.
 * @{
 */
#ifndef HPR_CLAIM_H
#define HPR_CLAIM_H

#include "hpr/common.h"
#include "hpr/date.h"
#include "hpr/errors.h"
#include "hpr/money.h"

HPR_BEGIN_DECL

/** A date that means "open-ended" in a period's `to`. */
#define HPR_DATE_OPEN INT32_MAX

/** Kind of claim. Part of the ABI. */
typedef enum hpr_claim_type {
    HPR_CLAIM_INPATIENT          = 0, /**< An admission ("inpatient"). */
    HPR_CLAIM_OUTPATIENT_CHRONIC = 1, /**< Chronic or special-disease outpatient care ("outpatient_chronic"). */
    HPR_CLAIM_OUTPATIENT         = 2  /**< General outpatient care ("outpatient"). */
} hpr_claim_type;

/** Level of the treating facility. Part of the ABI. */
typedef enum hpr_level {
    HPR_LEVEL_VILLAGE  = 0, /**< Village clinic ("village"). */
    HPR_LEVEL_TOWNSHIP = 1, /**< Township health centre ("township"). */
    HPR_LEVEL_COUNTY   = 2, /**< County hospital ("county"). */
    HPR_LEVEL_CITY     = 3, /**< City (prefecture) hospital ("city"). */
    HPR_LEVEL_PROVINCE = 4  /**< Provincial hospital ("province"). */
} hpr_level;

/** Where care took place relative to the person's insurance area. Part of the ABI. */
typedef enum hpr_location {
    HPR_LOCATION_IN_COUNTY       = 0, /**< "in_county" */
    HPR_LOCATION_IN_CITY         = 1, /**< "in_city" */
    HPR_LOCATION_IN_PROVINCE     = 2, /**< "in_province" */
    HPR_LOCATION_OUT_OF_PROVINCE = 3  /**< "out_of_province" */
} hpr_location;

/** A status the person holds over a period (e.g. "registered_poor"). */
typedef struct hpr_status_period {
    const char *kind; /**< A status kind the policy declares. */
    hpr_date    from; /**< First day. */
    hpr_date    to;   /**< Last day, or #HPR_DATE_OPEN. */
} hpr_status_period;

/** An insurance enrollment over a period. */
typedef struct hpr_enrollment {
    const char *scheme; /**< E.g. "resident_basic". */
    hpr_date    from;   /**< First day. */
    hpr_date    to;     /**< Last day, or #HPR_DATE_OPEN. */
} hpr_enrollment;

/** A person. Versioned: set `version` to #HPR_PERSON_VERSION. */
typedef struct hpr_person {
    unsigned int version;                 /**< #HPR_PERSON_VERSION. */
    const char  *id;                      /**< The person's id (required). @since 1.0 */
    hpr_date     birth_date;              /**< Date of birth. @since 1.0 */
    const hpr_status_period *statuses;    /**< Statuses held; may be NULL when `nstatuses` is 0. @since 1.0 */
    size_t       nstatuses;               /**< Number of statuses. @since 1.0 */
    const hpr_enrollment *enrollments;    /**< Enrollments; may be NULL when `nenrollments` is 0. @since 1.0 */
    size_t       nenrollments;            /**< Number of enrollments. @since 1.0 */
    int          family_doctor_contract;  /**< Non-zero if the person has a contracted family doctor. @since 1.0 */
    hpr_money    income_per_capita;       /**< Household disposable income per capita, fen; -1 if unknown. @since 1.0 */
    /** Members of the household (for means tests); 0 if unknown. Read only
     *  when `version` is 2 or more. @since 1.1 */
    int          household_size;
} hpr_person;

/** The current version of ::hpr_person (2: `household_size`). */
#define HPR_PERSON_VERSION 2

/** The cost buckets of a claim, in fen. */
typedef struct hpr_costs {
    hpr_money total;          /**< Everything billed; equals the sum of the three buckets. */
    hpr_money in_scope;       /**< In-policy-scope (政策范围内 / 合规) costs. */
    hpr_money class_b_self;   /**< The part of class-B items the patient pays first (乙类先自付). */
    hpr_money out_of_catalog; /**< Out-of-catalogue costs (目录外自费). */
    hpr_money waiver;         /**< A hospital reduction taken off before any payer (at most `total`). */
} hpr_costs;

/** One claim: an admission or an outpatient settlement. Versioned. */
typedef struct hpr_claim {
    unsigned int   version;        /**< #HPR_CLAIM_VERSION. */
    const char    *id;             /**< The claim's id (required). @since 1.0 */
    hpr_claim_type type;           /**< Kind of claim. @since 1.0 */
    hpr_date       admission_date; /**< Admission (or visit) date. @since 1.0 */
    hpr_date       discharge_date; /**< Discharge date; equal to admission for outpatient care. @since 1.0 */
    hpr_level      level;          /**< Level of the facility. @since 1.0 */
    hpr_location   location;       /**< Where care took place. @since 1.0 */
    int            referral;       /**< Non-zero if the care was referred under the rules. @since 1.0 */
    const char    *facility_id;    /**< The facility's id; may be NULL. @since 1.0 */
    const char *const *designated; /**< Catalog entries the facility is designated for; may be NULL. @since 1.0 */
    size_t         ndesignated;    /**< Number of designations. @since 1.0 */
    const char *const *diagnoses;  /**< ICD-10 codes, primary first; may be NULL. @since 1.0 */
    size_t         ndiagnoses;     /**< Number of diagnoses. @since 1.0 */
    hpr_costs      costs;          /**< The bill. @since 1.0 */
    /** The case group of the claim's disease where a policy's fixed fee
     *  (定额) depends on it, e.g. "standard_risk" for childhood leukaemia;
     *  NULL for none. Read only when `version` is 2 or more. @since 1.1 */
    const char    *case_group;
} hpr_claim;

/** The current version of ::hpr_claim (2: `case_group`). */
#define HPR_CLAIM_VERSION 2

#if !defined(__cplusplus) || __cplusplus >= 202002L
/** Static initialiser for ::hpr_person: version set, income unknown. */
# define HPR_PERSON_INIT { .version = HPR_PERSON_VERSION, .income_per_capita = -1 }
/** Static initialiser for ::hpr_claim. */
# define HPR_CLAIM_INIT { .version = HPR_CLAIM_VERSION }
#endif

/**
 * @brief Initialises a person to defaults (for FFI and C++ callers).
 * @param[out] person  The struct to fill.
 * @param[in]  version #HPR_PERSON_VERSION.
 * @return #HPR_OK; #HPR_EINVAL if @p person is NULL or @p version is 0;
 *         #HPR_EVERSION if @p version is newer than this library.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_person_init(hpr_person *person, unsigned int version);

/**
 * @brief Initialises a claim to defaults (for FFI and C++ callers).
 * @param[out] claim   The struct to fill.
 * @param[in]  version #HPR_CLAIM_VERSION.
 * @return #HPR_OK; #HPR_EINVAL if @p claim is NULL or @p version is 0;
 *         #HPR_EVERSION if @p version is newer than this library.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_claim_init(hpr_claim *claim, unsigned int version);

HPR_END_DECL

/** @} */
#endif /* HPR_CLAIM_H */
