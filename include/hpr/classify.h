/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/classify.h
 * @brief The "three batches" (三个一批): classifying a claim as a serious
 *        disease treated centrally, a chronic disease under a family-doctor
 *        contract, a severe illness under the safety net, or none.
 *
 * The policy's `catalogs` list diseases with ICD-10 codes, prefixes and
 * ranges, dated (the national serious-disease list grew from 9 in 2017 to
 * 30 in 2020) and with age limits; its `classification` says which catalog
 * makes which batch, which categories of person the batches serve and
 * whether the facility must be designated (docs/three-batches.md).
 */
#ifndef HPR_CLASSIFY_H
#define HPR_CLASSIFY_H

#include "hpr/claim.h"
#include "hpr/common.h"
#include "hpr/errors.h"
#include "hpr/lang.h"
#include "hpr/ledger.h"
#include "hpr/policy.h"

HPR_BEGIN_DECL

/** The treatment batch of a claim. Part of the ABI: values never change. */
typedef enum hpr_batch {
    HPR_BATCH_NONE            = 0, /**< "none" */
    HPR_BATCH_SERIOUS_DISEASE = 1, /**< "serious_disease": 大病集中救治一批 */
    HPR_BATCH_CHRONIC_DISEASE = 2, /**< "chronic_disease": 慢病签约服务管理一批 */
    HPR_BATCH_SEVERE_ILLNESS  = 3  /**< "severe_illness": 重病兜底保障一批 */
} hpr_batch;

/**
 * @brief The JSON name of a batch ("serious_disease", ...).
 * @param batch A batch.
 * @return A static string; "unknown" for a value outside the enum.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_batch_name(hpr_batch batch);

/** A classification result (opaque; reusable from call to call). */
typedef struct hpr_classification hpr_classification;

/**
 * @brief Creates an empty classification result.
 * @param[out] out Receives the result; NULL on failure.
 * @return #HPR_OK, #HPR_EINVAL if @p out is NULL, #HPR_ENOMEM.
 * @ownership The caller frees it with hpr_classification_free().
 * @since 1.0
 */
HPR_API hpr_status hpr_classification_create(hpr_classification **out);

/**
 * @brief Frees a classification result. NULL is a no-op.
 * @param classification The result.
 * @since 1.0
 */
HPR_API void hpr_classification_free(hpr_classification *classification);

/**
 * @brief Sets the language of a classification's reasons for the next
 *        hpr_classify() into it (default English).
 * @param[in] classification A classification object.
 * @param[in] lang           The language.
 * @return #HPR_OK; #HPR_EINVAL for NULL or a value that is not a language.
 * @threadsafety One thread at a time per classification object.
 * @since 1.1
 */
HPR_API hpr_status hpr_classification_set_lang(hpr_classification *classification, hpr_lang lang);

/**
 * @brief Classifies a claim into one of the three batches, with reasons.
 *
 * The as-of date (the policy's `as_of` date of the claim) selects the
 * catalog entries in force and the person's categories and age. Diagnoses
 * are tried in order (primary first). The serious-disease batch needs a
 * matching entry in force, the age within the entry's limits and, if the
 * policy requires it, the facility designated for the entry; then the
 * chronic-disease batch is tried; then the severe-illness rule (the
 * patient's payments this policy year, from @p ledger, plus this claim's
 * cost after the waiver, above the policy's threshold). A person in none
 * of the categories the batches serve is `none`, with that reason.
 *
 * @param[out] result  Overwritten with the batch, the matched entry and the reasons.
 * @param[in]  policy  A loaded policy.
 * @param[in]  person  The patient.
 * @param[in]  claim   The claim.
 * @param[in]  ledger  The person's ledger for the year, or NULL (nothing paid yet).
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument or an invalid person or
 *         claim (the message says which member); #HPR_EVERSION for a struct
 *         version this library does not know; #HPR_ENOMEM.
 * @threadsafety Safe from any thread with distinct results.
 * @since 1.0
 */
HPR_API hpr_status hpr_classify(hpr_classification *result, const hpr_policy *policy,
                                const hpr_person *person, const hpr_claim *claim,
                                const hpr_ledger *ledger);

/**
 * @brief The batch. #HPR_BATCH_NONE for a result that holds nothing.
 * @param classification The result.
 * @return The batch.
 * @since 1.0
 */
HPR_API hpr_batch hpr_classification_batch(const hpr_classification *classification);

/**
 * @brief The matched catalog entry's id ("esophageal_cancer"), or NULL.
 * @param classification The result.
 * @return Borrowed from the policy; NULL when no entry decided the batch.
 * @since 1.0
 */
HPR_API const char *hpr_classification_entry(const hpr_classification *classification);

/**
 * @brief The matched entry's name, or NULL.
 * @param classification The result.
 * @return Borrowed from the policy.
 * @since 1.0
 */
HPR_API const char *hpr_classification_entry_name(const hpr_classification *classification);

/**
 * @brief The policy's name of the catalog that matched ("serious"), or NULL.
 * @param classification The result.
 * @return Borrowed from the policy.
 * @since 1.0
 */
HPR_API const char *hpr_classification_catalog(const hpr_classification *classification);

/**
 * @brief The diagnosis code that matched, as the claim gave it, or NULL.
 * @param classification The result.
 * @return Owned by the result.
 * @since 1.0
 */
HPR_API const char *hpr_classification_diagnosis(const hpr_classification *classification);

/**
 * @brief Number of reasons (the decisions that led to the batch).
 * @param classification The result.
 * @return The count.
 * @since 1.0
 */
HPR_API size_t hpr_classification_reason_count(const hpr_classification *classification);

/**
 * @brief One reason, in the order the decisions were taken.
 * @param classification The result.
 * @param index          0 .. hpr_classification_reason_count() - 1.
 * @return Owned by the result; NULL for an index out of range.
 * @since 1.0
 */
HPR_API const char *hpr_classification_reason(const hpr_classification *classification, size_t index);

/**
 * @brief Matches one ICD-10 code against a catalog of the policy.
 *
 * Codes are compared without dots and case ("c15.9" is "C159"); an entry
 * matches if one of its patterns (a code taken as a prefix, or a range of
 * them) covers the code and it is on the list on @p as_of. Compiled
 * intervals make this a binary search.
 *
 * @param[out] entry_out Receives the id of the first matching entry in
 *                       catalog order (borrowed from the policy); NULL if none.
 * @param[in]  policy    A loaded policy.
 * @param[in]  catalog   The policy's name of the catalog ("serious").
 * @param[in]  code      An ICD-10 code.
 * @param[in]  as_of     The date the list is read on.
 * @return #HPR_OK (a match); #HPR_ENOTFOUND if no entry in force matches or
 *         the policy has no such catalog; #HPR_EINVAL for a NULL argument;
 *         #HPR_EPARSE for a code with characters other than letters,
 *         digits and dots.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_policy_catalog_match(const char **entry_out, const hpr_policy *policy,
                                            const char *catalog, const char *code, hpr_date as_of);

HPR_END_DECL

#endif /* HPR_CLASSIFY_H */
