/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/eligibility.h
 * @brief Who a person is on a date under a policy: the categories with the
 *        reason for each, enrollment, treat-first-pay-later (先诊疗后付费),
 *        one-stop settlement, and for every layer whether it applies and,
 *        if not, why (docs/three-batches.md, "Eligibility").
 */
#ifndef HPR_ELIGIBILITY_H
#define HPR_ELIGIBILITY_H

#include "hpr/claim.h"
#include "hpr/common.h"
#include "hpr/errors.h"
#include "hpr/lang.h"
#include "hpr/policy.h"

HPR_BEGIN_DECL

/** An eligibility result (opaque; reusable from call to call). */
typedef struct hpr_eligibility hpr_eligibility;

/**
 * @brief Creates an empty eligibility result.
 * @param[out] out Receives the result; NULL on failure.
 * @return #HPR_OK, #HPR_EINVAL if @p out is NULL, #HPR_ENOMEM.
 * @ownership The caller frees it with hpr_eligibility_free().
 * @since 1.0
 */
HPR_API hpr_status hpr_eligibility_create(hpr_eligibility **out);

/**
 * @brief Frees an eligibility result. NULL is a no-op.
 * @param eligibility The result.
 * @since 1.0
 */
HPR_API void hpr_eligibility_free(hpr_eligibility *eligibility);

/**
 * @brief Sets the language of the reasons of the next hpr_eligibility_check()
 *        into this result (default English).
 * @param[in] eligibility A result object.
 * @param[in] lang        The language.
 * @return #HPR_OK; #HPR_EINVAL for NULL or a value that is not a language.
 * @threadsafety One thread at a time per result object.
 * @since 1.1
 */
HPR_API hpr_status hpr_eligibility_set_lang(hpr_eligibility *eligibility, hpr_lang lang);

/**
 * @brief Checks a person's eligibility on a date.
 *
 * With a @p claim, the claim's type, facility level, location and referral
 * take part: treat-first-pay-later, one-stop settlement and every layer's
 * `applies_to` are decided in full. Without one (NULL), only what depends
 * on the person is decided and the claim-dependent answers are "unknown".
 *
 * @param[out] result Overwritten with the answers.
 * @param[in]  policy A loaded policy.
 * @param[in]  person The person.
 * @param[in]  on     The date.
 * @param[in]  claim  A claim for the facility-dependent answers, or NULL.
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument or an invalid person or
 *         claim; #HPR_EVERSION for an unknown struct version; #HPR_ENOMEM.
 * @threadsafety Safe from any thread with distinct results.
 * @since 1.0
 */
HPR_API hpr_status hpr_eligibility_check(hpr_eligibility *result, const hpr_policy *policy,
                                         const hpr_person *person, hpr_date on,
                                         const hpr_claim *claim);

/**
 * @brief Whether the person is enrolled in basic medical insurance on the date.
 * @param eligibility The result.
 * @return 1 or 0.
 * @since 1.0
 */
HPR_API int hpr_eligibility_enrolled(const hpr_eligibility *eligibility);

/**
 * @brief Number of categories the person is in on the date.
 * @param eligibility The result.
 * @return The count.
 * @since 1.0
 */
HPR_API size_t hpr_eligibility_category_count(const hpr_eligibility *eligibility);

/**
 * @brief One category and the reason the person is in it.
 * @param eligibility The result.
 * @param index       0 .. hpr_eligibility_category_count() - 1.
 * @param[out] reason Receives the reason (owned by the result); may be NULL.
 * @return The category's name (borrowed from the policy); NULL out of range.
 * @since 1.0
 */
HPR_API const char *hpr_eligibility_category(const hpr_eligibility *eligibility, size_t index,
                                             const char **reason);

/** Answers that need a claim when none was given. */
#define HPR_ELIGIBILITY_UNKNOWN (-1)

/**
 * @brief Treat first, pay later (先诊疗后付费): no deposit at admission.
 * @param eligibility The result.
 * @param[out] reason Receives why (owned by the result); may be NULL.
 * @return 1, 0, or #HPR_ELIGIBILITY_UNKNOWN (no claim given, or the policy
 *         states no rule).
 * @since 1.0
 */
HPR_API int hpr_eligibility_treat_first_pay_later(const hpr_eligibility *eligibility,
                                                  const char **reason);

/**
 * @brief One-stop settlement (一站式): every layer settled at discharge.
 * @param eligibility The result.
 * @param[out] reason Receives why (owned by the result); may be NULL.
 * @return 1, 0, or #HPR_ELIGIBILITY_UNKNOWN.
 * @since 1.0
 */
HPR_API int hpr_eligibility_one_stop(const hpr_eligibility *eligibility, const char **reason);

/**
 * @brief Number of layers of the policy (each has an answer).
 * @param eligibility The result.
 * @return The count.
 * @since 1.0
 */
HPR_API size_t hpr_eligibility_layer_count(const hpr_eligibility *eligibility);

/**
 * @brief Whether one layer applies and, if not, why.
 * @param eligibility The result.
 * @param index       0 .. hpr_eligibility_layer_count() - 1.
 * @param[out] reason Receives why it does not apply (static or owned by the
 *                    result), NULL when it applies; may be NULL.
 * @param[out] applies Receives 1, 0 or #HPR_ELIGIBILITY_UNKNOWN; may be NULL.
 * @return The layer's id (borrowed from the policy); NULL out of range.
 * @since 1.0
 */
HPR_API const char *hpr_eligibility_layer(const hpr_eligibility *eligibility, size_t index,
                                          int *applies, const char **reason);

/**
 * @brief The result as JSON ({"on", "enrolled", "categories": [{"name",
 *        "reason"}], "treat_first_pay_later", "one_stop", "layers": [...]}).
 * @param[out] out      Receives the text; NULL on failure.
 * @param[in]  eligibility The result.
 * @return #HPR_OK, #HPR_EINVAL (NULL argument or an empty result), #HPR_ENOMEM.
 * @ownership The caller frees `*out` with hpr_free().
 * @since 1.0
 */
HPR_API hpr_status hpr_eligibility_to_json(char **out, const hpr_eligibility *eligibility);

/**
 * @brief The JSON entry point for eligibility.
 *
 * The request is `{"person": {...}, "on": "YYYY-MM-DD", "claim": {...}}`
 * (the claim is optional) in the interchange format (docs/interchange.md);
 * the response is hpr_eligibility_to_json()'s.
 * @param[in]  policy       A loaded policy.
 * @param[in]  request      The request text (need not be NUL-terminated).
 * @param[in]  request_len  Its length in bytes.
 * @param[out] response_out Receives the response; NULL on failure.
 * @return #HPR_OK; #HPR_EPARSE for malformed JSON or a malformed date;
 *         #HPR_EINVAL for a request that is not valid (the message names
 *         the member by JSON pointer); #HPR_ENOMEM.
 * @ownership The caller frees `*response_out` with hpr_free().
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_eligibility_json(const hpr_policy *policy, const char *request,
                                        size_t request_len, char **response_out);

HPR_END_DECL

#endif /* HPR_ELIGIBILITY_H */
