/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/ledger.h
 * @brief A person's year-to-date state, owned by the caller.
 *
 * @defgroup hpr_ledger Ledgers
 * Annual deductibles, cumulative bands, annual caps and caps on the
 * patient's own payments depend on what happened earlier in the policy
 * year. The library keeps none of that: the caller passes a person's
 * ::hpr_ledger to every settlement, which updates it, and stores it
 * between claims (as JSON, hpr_ledger_to_json()). A ledger covers one
 * policy year; settling a claim of a later year starts it afresh.
 *
 * Since 1.2 a ledger also records whose it is (the person's id), under
 * which policy it was kept (id and fingerprint) and every claim it counted
 * in the year: its id, as-of date, a hash of its content and what it added
 * to each layer and to the patient. That record makes a desk's retries and
 * corrections safe (docs/interchange.md, "Retries, order and reversal"):
 * - settling a claim id the ledger has counted returns the same settlement
 *   and leaves the ledger unchanged, or is refused (#HPR_EINVAL) when the
 *   claim's content or its amounts differ ("reverse it first");
 * - a claim dated before the latest counted one is refused: claims are
 *   counted in date order;
 * - hpr_settle_reverse() takes a counted claim out exactly, settling the
 *   later ones again; a corrected bill is a reversal that settles the new
 *   bill in its place;
 * - a ledger of another person, or kept under a policy with another id, is
 *   refused.
 * A ledger records at most #HPR_LEDGER_MAX_CLAIMS claims a policy year.
 * @{
 */
#ifndef HPR_LEDGER_H
#define HPR_LEDGER_H

#include "hpr/common.h"
#include "hpr/date.h"
#include "hpr/errors.h"
#include "hpr/money.h"

HPR_BEGIN_DECL

/** A person's year-to-date state. Opaque. */
typedef struct hpr_ledger hpr_ledger;

/** What one layer has accumulated in the policy year. */
typedef struct hpr_ledger_entry {
    hpr_money base;       /**< Sum of the bases the layer saw (oop_cap layers: the patient's capped payments). */
    hpr_money deductible; /**< Deductible used. */
    hpr_money paid;       /**< Amount the layer paid. */
    int       claims;     /**< Claims the layer applied to. */
} hpr_ledger_entry;

/** The most claims a ledger records in one policy year (a claim past it is
 *  #HPR_EOVERFLOW): about 11 a day, far above a chronic patient's year of
 *  outpatient claims. Its JSON is at most about 1.5 MB. @since 1.2 */
#define HPR_LEDGER_MAX_CLAIMS 4096

/**
 * @brief Creates an empty ledger (no policy year yet).
 * @param[out] out Receives the ledger; NULL on failure.
 * @return #HPR_OK; #HPR_EINVAL if @p out is NULL; #HPR_ENOMEM.
 * @ownership The caller owns `*out`; free it with hpr_ledger_free().
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_ledger_create(hpr_ledger **out);

/**
 * @brief Copies a ledger.
 * @param[out] out    Receives the copy; NULL on failure.
 * @param[in]  ledger The ledger to copy.
 * @return #HPR_OK; #HPR_EINVAL if an argument is NULL; #HPR_ENOMEM.
 * @ownership The caller owns `*out`.
 * @threadsafety @p ledger must not be modified during the call.
 * @since 1.0
 */
HPR_API hpr_status hpr_ledger_copy(hpr_ledger **out, const hpr_ledger *ledger);

/**
 * @brief Frees a ledger.
 * @param[in] ledger The ledger, or NULL (a no-op).
 * @ownership Takes ownership.
 * @threadsafety No other thread may use the ledger.
 * @since 1.0
 */
HPR_API void hpr_ledger_free(hpr_ledger *ledger);

/**
 * @brief Empties a ledger for another person or year, keeping its memory.
 *
 * The same as freeing it and creating a new one, without the allocations:
 * a caller settling many persons one after another reuses one ledger.
 * @param[in,out] ledger The ledger.
 * @return #HPR_OK; #HPR_EINVAL if @p ledger is NULL.
 * @threadsafety No other thread may use the ledger.
 * @since 1.0
 */
HPR_API hpr_status hpr_ledger_clear(hpr_ledger *ledger);

/**
 * @brief The policy year the ledger is for.
 * @param[in] ledger A ledger.
 * @return The year, or 0 if the ledger is empty or NULL.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.0
 */
HPR_API int hpr_ledger_policy_year(const hpr_ledger *ledger);

/**
 * @brief What a layer has accumulated this policy year.
 * @param[out] out      Receives the entry; all zero on failure.
 * @param[in]  ledger   A ledger.
 * @param[in]  layer_id A layer id of the policy.
 * @return #HPR_OK; #HPR_EINVAL if an argument is NULL; #HPR_ENOTFOUND if
 *         the layer has not applied this year.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.0
 */
HPR_API hpr_status hpr_ledger_get(hpr_ledger_entry *out, const hpr_ledger *ledger,
                                  const char *layer_id);

/**
 * @brief The patient's own payments this policy year, all buckets.
 * @param[in] ledger A ledger.
 * @return The amount in fen; 0 for NULL.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.0
 */
HPR_API hpr_money hpr_ledger_patient_paid(const hpr_ledger *ledger);

/**
 * @brief The person whose ledger it is.
 * @param[in] ledger A ledger.
 * @return The person's id, recorded by the first claim counted (or read
 *         from JSON); NULL if none yet, or for NULL.
 * @ownership Borrowed; valid until the ledger is modified or freed.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.2
 */
HPR_API const char *hpr_ledger_person(const hpr_ledger *ledger);

/**
 * @brief The id of the policy the ledger was kept under.
 * @param[in] ledger A ledger.
 * @return The policy's id; NULL if none yet, or for NULL.
 * @ownership Borrowed; valid until the ledger is modified or freed.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.2
 */
HPR_API const char *hpr_ledger_policy(const hpr_ledger *ledger);

/**
 * @brief How many claims the ledger has counted this policy year.
 * @param[in] ledger A ledger.
 * @return The count (0 for NULL), at most #HPR_LEDGER_MAX_CLAIMS. Claims
 *         counted by a ledger written before 1.2 are not among them.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.2
 */
HPR_API size_t hpr_ledger_claim_count(const hpr_ledger *ledger);

/**
 * @brief The id of a counted claim.
 * @param[in] ledger A ledger.
 * @param[in] index  0 to hpr_ledger_claim_count() - 1, in the order counted.
 * @return The id; NULL if out of range.
 * @ownership Borrowed; valid until the ledger is modified or freed.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.2
 */
HPR_API const char *hpr_ledger_claim_id(const hpr_ledger *ledger, size_t index);

/**
 * @brief The as-of date a counted claim was settled on.
 * @param[in] ledger A ledger.
 * @param[in] index  As for hpr_ledger_claim_id().
 * @return The date; 0 if out of range.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.2
 */
HPR_API hpr_date hpr_ledger_claim_as_of(const hpr_ledger *ledger, size_t index);

/**
 * @brief What the patient paid of a counted claim.
 * @param[in] ledger A ledger.
 * @param[in] index  As for hpr_ledger_claim_id().
 * @return The amount in fen; 0 if out of range.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.2
 */
HPR_API hpr_money hpr_ledger_claim_patient(const hpr_ledger *ledger, size_t index);

/**
 * @brief What a counted claim added to one layer's entry.
 * @param[out] out      Receives the amounts added (`claims` is 1); all
 *                      zero on failure.
 * @param[in]  ledger   A ledger.
 * @param[in]  index    As for hpr_ledger_claim_id().
 * @param[in]  layer_id A layer id.
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument or an index out of
 *         range; #HPR_ENOTFOUND if the layer did not apply to the claim.
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.2
 */
HPR_API hpr_status hpr_ledger_claim_added(hpr_ledger_entry *out, const hpr_ledger *ledger, size_t index,
                                          const char *layer_id);

/**
 * @brief Writes a ledger as JSON (docs/interchange.md, "Ledger").
 * @param[out] out    Receives the JSON text; NULL on failure.
 * @param[in]  ledger A ledger.
 * @return #HPR_OK; #HPR_EINVAL; #HPR_ENOMEM.
 * @ownership The caller owns `*out`; free it with hpr_free().
 * @threadsafety Safe while nobody modifies the ledger.
 * @since 1.0
 */
HPR_API hpr_status hpr_ledger_to_json(char **out, const hpr_ledger *ledger);

/**
 * @brief Reads a ledger written by hpr_ledger_to_json().
 * @param[out] out  Receives the ledger; NULL on failure.
 * @param[in]  json The JSON text; need not be NUL-terminated.
 * @param[in]  len  Its length in bytes.
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument or a well-formed
 *         document that is not a ledger; #HPR_EPARSE for malformed JSON,
 *         money or numbers; #HPR_ENOMEM. The message names the JSON pointer.
 * @ownership The caller owns `*out`.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_ledger_from_json(hpr_ledger **out, const char *json, size_t len);

HPR_END_DECL

/** @} */
#endif /* HPR_LEDGER_H */
