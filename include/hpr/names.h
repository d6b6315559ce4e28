/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/names.h
 * @brief The names of the fixed vocabularies: facility levels, locations,
 *        claim types, treatment batches, payers and cost buckets.
 *
 * Every enum the policy format and the interchange JSON spell as text has
 * one pair here: `hpr_<enum>_name()` gives the JSON name of a value, and
 * `hpr_<enum>_parse()` the value of a name. The CLI, the Python package and
 * every binding use these instead of copies of the tables, so a name exists
 * once. To list a vocabulary, call the name function with 0, 1, 2, ...
 * until it returns NULL.
 */
#ifndef HPR_NAMES_H
#define HPR_NAMES_H

#include "hpr/common.h"
#include "hpr/errors.h"
#include "hpr/claim.h"
#include "hpr/classify.h"
#include "hpr/lang.h"

HPR_BEGIN_DECL

/** Who pays a layer (a layer's "payer" in the policy). Part of the ABI: values never change. */
typedef enum hpr_payer {
    HPR_PAYER_BASIC_INSURANCE_FUND     = 0, /**< "basic_insurance_fund": 基本医疗保险基金 */
    HPR_PAYER_CRITICAL_ILLNESS_INSURER = 1, /**< "critical_illness_insurer": 大病保险承办机构 */
    HPR_PAYER_MEDICAL_ASSISTANCE       = 2, /**< "medical_assistance": 医疗救助 */
    HPR_PAYER_FISCAL_SAFETY_NET        = 3, /**< "fiscal_safety_net": 财政兜底 */
    HPR_PAYER_COMMERCIAL_SUPPLEMENTARY = 4, /**< "commercial_supplementary": 商业补充保险 */
    HPR_PAYER_OTHER_FUND               = 5  /**< "other_fund": 其他基金 */
} hpr_payer;

/** A cost bucket of a claim (hpr_costs). Part of the ABI: values never change. */
typedef enum hpr_bucket {
    HPR_BUCKET_IN_SCOPE       = 0, /**< "in_scope": costs within the insurance catalogues */
    HPR_BUCKET_CLASS_B_SELF   = 1, /**< "class_b_self": the self-paid part of class-B items */
    HPR_BUCKET_OUT_OF_CATALOG = 2  /**< "out_of_catalog": costs outside the catalogues */
} hpr_bucket;

/**
 * @brief The JSON name of a facility level ("village", ..., "province").
 * @param level A level.
 * @return A static string; NULL for a value outside the enum.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_level_name(hpr_level level);

/**
 * @brief The facility level a JSON name stands for.
 * @param[out] out  Receives the level; left unchanged on failure.
 * @param[in]  name A name as hpr_level_name() returns it (exact, case-sensitive).
 * @return HPR_OK; HPR_EINVAL when out or name is NULL or name is not a
 *         level (the message lists the names).
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_level_parse(hpr_level *out, const char *name);

/**
 * @brief The JSON name of a location ("in_county", ..., "out_of_province").
 * @param location A location.
 * @return A static string; NULL for a value outside the enum.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_location_name(hpr_location location);

/**
 * @brief The location a JSON name stands for.
 * @param[out] out  Receives the location; left unchanged on failure.
 * @param[in]  name A name as hpr_location_name() returns it.
 * @return HPR_OK; HPR_EINVAL when out or name is NULL or name is not a location.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_location_parse(hpr_location *out, const char *name);

/**
 * @brief The JSON name of a claim type ("inpatient", "outpatient_chronic", "outpatient").
 * @param type A claim type.
 * @return A static string; NULL for a value outside the enum.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_claim_type_name(hpr_claim_type type);

/**
 * @brief The claim type a JSON name stands for.
 * @param[out] out  Receives the claim type; left unchanged on failure.
 * @param[in]  name A name as hpr_claim_type_name() returns it.
 * @return HPR_OK; HPR_EINVAL when out or name is NULL or name is not a claim type.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_claim_type_parse(hpr_claim_type *out, const char *name);

/**
 * @brief The batch a JSON name stands for ("none", "serious_disease", ...).
 *
 * Its name function is hpr_batch_name() (hpr/classify.h), which returns
 * "unknown", not NULL, outside the enum (kept for ABI 1).
 * @param[out] out  Receives the batch; left unchanged on failure.
 * @param[in]  name A name as hpr_batch_name() returns it ("unknown" is not one).
 * @return HPR_OK; HPR_EINVAL when out or name is NULL or name is not a batch.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_batch_parse(hpr_batch *out, const char *name);

/**
 * @brief The JSON name of a payer ("basic_insurance_fund", ...), as
 *        hpr_settlement_line::payer and hpr_policy_payer() spell it.
 * @param payer A payer.
 * @return A static string; NULL for a value outside the enum.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_payer_name(hpr_payer payer);

/**
 * @brief The payer a JSON name stands for.
 * @param[out] out  Receives the payer; left unchanged on failure.
 * @param[in]  name A name as hpr_payer_name() returns it.
 * @return HPR_OK; HPR_EINVAL when out or name is NULL or name is not a payer.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_payer_parse(hpr_payer *out, const char *name);

/**
 * @brief The JSON name of a cost bucket ("in_scope", "class_b_self", "out_of_catalog").
 * @param bucket A bucket.
 * @return A static string; NULL for a value outside the enum.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_bucket_name(hpr_bucket bucket);

/**
 * @brief The cost bucket a JSON name stands for.
 * @param[out] out  Receives the bucket; left unchanged on failure.
 * @param[in]  name A name as hpr_bucket_name() returns it.
 * @return HPR_OK; HPR_EINVAL when out or name is NULL or name is not a bucket.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_bucket_parse(hpr_bucket *out, const char *name);

/* ---- labels for people, in each language -------------------------------------- */

/**
 * @brief The label of a payer for people, e.g. "基本医保统筹基金" or "Basic medical
 *        insurance fund".
 * @param[in] payer A payer.
 * @param[in] lang  The language.
 * @return The label; NULL for a value outside either enum.
 * @ownership Static storage.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_payer_label(hpr_payer payer, hpr_lang lang);

/**
 * @brief The label of a batch of the three batches, e.g. "大病集中救治一批".
 * @param[in] batch A batch.
 * @param[in] lang  The language.
 * @return The label; NULL for a value outside either enum.
 * @ownership Static storage.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_batch_label(hpr_batch batch, hpr_lang lang);

/**
 * @brief The standard label of a status kind a policy may declare, e.g.
 *        "dibao" -> "低保对象" or "Minimum living guarantee (dibao)".
 * @param[in] kind A status kind's name.
 * @param[in] lang The language.
 * @return The label; NULL for NULL, a kind hpr has no label for, or a value
 *         outside the language enum.
 * @ownership Static storage.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_status_kind_label(const char *kind, hpr_lang lang);

/**
 * @brief A text hpr writes (a label, a message, a word of the command's
 *        output), in a language: the library's one catalogue per language.
 * @param[in] lang    The language.
 * @param[in] english The text's English form, as hpr writes it.
 * @return The text in @p lang; @p english itself for English, for a text
 *         the catalogue does not hold, or for a value outside the enum;
 *         NULL for NULL.
 * @ownership Static storage, or @p english.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_translate(hpr_lang lang, const char *english)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format_arg(2))) /* a translated printf format takes the English one's arguments */
#endif
    ;

HPR_END_DECL

#endif /* HPR_NAMES_H */
