/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/settle.h
 * @brief Settling a claim through the policy's layers.
 *
 * @defgroup hpr_settle Settlement
 * One claim in; every layer's payment, each payer's share, the patient's
 * share, the updated ledger and (on request) the reasons out. Every
 * settlement balances to the fen: waiver + payments + patient share =
 * total. The layer semantics are in docs/policy-format.md.
 * @{
 */
#ifndef HPR_SETTLE_H
#define HPR_SETTLE_H

#include "hpr/claim.h"
#include "hpr/classify.h"
#include "hpr/common.h"
#include "hpr/errors.h"
#include "hpr/lang.h"
#include "hpr/ledger.h"
#include "hpr/money.h"
#include "hpr/policy.h"

HPR_BEGIN_DECL

/** The result of settling one claim. Opaque and reusable. */
typedef struct hpr_settlement hpr_settlement;

/** Option flags for ::hpr_settle_options. */
enum hpr_settle_flag {
    HPR_SETTLE_EXPLAIN = 1u << 0, /**< Record the steps of every layer (costs time; off by default). */
    /** A ledger entry whose id is not a layer of the policy is an error
     *  (#HPR_EINVAL) instead of an `unknown_layer` warning. @since 1.1 */
    HPR_SETTLE_STRICT = 1u << 1
};

/** Options for hpr_settle(). Versioned; fields are only appended. */
typedef struct hpr_settle_options {
    unsigned int version; /**< #HPR_SETTLE_OPTIONS_VERSION. */
    uint32_t     flags;   /**< A bitwise OR of ::hpr_settle_flag values. @since 1.0 */
    hpr_lang     lang;    /**< The language of the explanation, reasons, warnings and layer
                           *   names (default #HPR_LANG_EN). Read only when `version` is 2
                           *   or more. @since 1.1 */
} hpr_settle_options;

/** The current version of ::hpr_settle_options. */
#define HPR_SETTLE_OPTIONS_VERSION 2

#if !defined(__cplusplus) || __cplusplus >= 202002L
/** Static initialiser for ::hpr_settle_options with defaults. */
# define HPR_SETTLE_OPTIONS_INIT { .version = HPR_SETTLE_OPTIONS_VERSION }
#endif

/**
 * @brief Initialises settle options to their defaults.
 * @param[out] opts    The struct to fill.
 * @param[in]  version #HPR_SETTLE_OPTIONS_VERSION.
 * @return #HPR_OK; #HPR_EINVAL; #HPR_EVERSION.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_settle_options_init(hpr_settle_options *opts, unsigned int version);

/** One layer's part of a settlement. Library-owned; fields may be appended. */
typedef struct hpr_settlement_line {
    const char  *layer;      /**< The layer's id. */
    const char  *name;       /**< The layer's human-readable name. */
    const char  *payer;      /**< The fund that pays, e.g. "basic_insurance_fund". */
    int          applied;    /**< Non-zero if the layer applied to the claim. */
    const char  *reason;     /**< Why it did not apply; NULL when it applied. */
    hpr_money    base;       /**< The amount the layer worked on. */
    hpr_money    deductible; /**< Deductible taken from this claim. */
    hpr_money    paid;       /**< What the layer paid. */
    size_t       nsteps;     /**< Number of explanation steps (0 unless #HPR_SETTLE_EXPLAIN). */
    const char *const *steps;/**< The explanation, one sentence per step, each citing its source. */
} hpr_settlement_line;

/**
 * @brief Creates an empty settlement to settle into (reuse it across claims).
 * @param[out] out Receives the settlement; NULL on failure.
 * @return #HPR_OK; #HPR_EINVAL; #HPR_ENOMEM.
 * @ownership The caller owns `*out`; free it with hpr_settlement_free().
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_settlement_create(hpr_settlement **out);

/**
 * @brief Frees a settlement.
 * @param[in] settlement The settlement, or NULL (a no-op).
 * @ownership Takes ownership; every string borrowed from it becomes invalid.
 * @threadsafety No other thread may use it.
 * @since 1.0
 */
HPR_API void hpr_settlement_free(hpr_settlement *settlement);

/**
 * @brief Settles one claim.
 *
 * The as-of date (discharge or admission date, as the policy says) selects
 * every dated value; the policy year of that date selects the ledger's
 * year (a ledger of an earlier year is started afresh). Layers run in the
 * policy's order, each paying part of what is still unpaid in the buckets
 * it covers.
 *
 * A ledger of the claim's year is checked against the policy the first
 * time it is used with it (a ledger read by hpr_ledger_from_json(), or
 * last used with another policy): one none of whose layers the policy has
 * is refused as another policy's; an entry the layer could not have
 * produced is refused; an unknown layer is an `unknown_layer` warning, or
 * an error with #HPR_SETTLE_STRICT. Each of the year's totals (a layer's
 * base and paid, the patient's payments) stays at or under 10^15 fen: a
 * claim that would pass it is #HPR_EOVERFLOW and changes nothing. An
 * undeclared status kind gives one `unknown_status` warning.
 *
 * @param[out]    result A settlement from hpr_settlement_create(); overwritten.
 * @param[in,out] ledger The person's ledger; updated only on success. May be
 *                       NULL for a claim settled on its own (an empty year).
 * @param[in]     policy A loaded policy.
 * @param[in]     person The patient.
 * @param[in]     claim  The claim.
 * @param[in]     opts   Options, or NULL for defaults.
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument or an invalid person or
 *         claim (the message names the field), a birth date after the
 *         as-of date, a claim dated before the ledger's year, a claim
 *         outside the policy's effective dates, or a ledger refused as
 *         above; #HPR_EOVERFLOW for a year total past 10^15 fen;
 *         #HPR_EVERSION for a struct newer than the library; #HPR_ENOMEM.
 *         On failure @p result is emptied and @p ledger is unchanged.
 * @ownership Borrows every argument for the call only.
 * @threadsafety Any number of threads may settle with one policy at once,
 *               each with its own result and ledger.
 * @since 1.0
 */
HPR_API hpr_status hpr_settle(hpr_settlement *result, hpr_ledger *ledger, const hpr_policy *policy,
                              const hpr_person *person, const hpr_claim *claim,
                              const hpr_settle_options *opts);

/**
 * @brief Takes a counted claim out of a ledger (结算撤销), settling the
 *        claims counted after it again; a corrected bill (重新结算) is
 *        this with the new bill among @p claims.
 *
 * The ledger afterwards is exactly the ledger of the year without the
 * claim: the amounts of @p claim_id and of every claim counted after it
 * are taken out, then @p claims are settled in their order (the date-order
 * and retry rules of hpr_settle() apply). @p claims must hold every claim
 * the ledger counted after @p claim_id, unchanged (the ledger knows them by
 * the hash of their content), and may hold new claims or the corrected
 * bill under the reversed id. To see which amounts changed, compare
 * hpr_ledger_claim_added() before and after, or read @p results.
 *
 * @param[in,out] ledger   The person's ledger; changed only on success.
 * @param[in]     policy   The policy the ledger was kept under.
 * @param[in]     person   The patient.
 * @param[in]     claim_id The counted claim to take out.
 * @param[in]     claims   The claims to settle after it, in date order; may
 *                         be NULL when @p nclaims is 0.
 * @param[in]     nclaims  Their number (at most #HPR_LEDGER_MAX_CLAIMS).
 * @param[out]    results  NULL, or @p nclaims settlements (each may be NULL)
 *                         that receive the settlements of @p claims.
 * @param[in]     opts     Options, or NULL for defaults.
 * @return #HPR_OK; #HPR_ENOTFOUND if the ledger has not counted
 *         @p claim_id; #HPR_EINVAL for a NULL argument, a ledger of another
 *         person or policy, a later counted claim missing from or changed
 *         in @p claims, or a claim hpr_settle() refuses (the message names
 *         `claims[i]`); the other codes of hpr_settle().
 * @ownership Borrows every argument for the call only.
 * @threadsafety As hpr_settle().
 * @since 1.2
 */
HPR_API hpr_status hpr_settle_reverse(hpr_ledger *ledger, const hpr_policy *policy, const hpr_person *person,
                                      const char *claim_id, const hpr_claim *claims, size_t nclaims,
                                      hpr_settlement *const *results, const hpr_settle_options *opts);

/**
 * @brief Number of lines (one per policy layer, in order).
 * @param[in] settlement A settlement.
 * @return The count; 0 for NULL or an empty settlement.
 * @threadsafety Safe while nobody settles into it.
 * @since 1.0
 */
HPR_API size_t hpr_settlement_line_count(const hpr_settlement *settlement);

/**
 * @brief One line.
 * @param[in] settlement A settlement.
 * @param[in] index      0 to hpr_settlement_line_count() - 1.
 * @return The line, or NULL if out of range.
 * @ownership Borrowed; valid until the settlement is reused or freed.
 * @threadsafety Safe while nobody settles into it.
 * @since 1.0
 */
HPR_API const hpr_settlement_line *hpr_settlement_line_get(const hpr_settlement *settlement,
                                                           size_t index);

/** Which amount of a settlement hpr_settlement_amount() returns. Part of the ABI. */
typedef enum hpr_amount {
    HPR_AMOUNT_TOTAL        = 0, /**< The claim's total cost. */
    HPR_AMOUNT_WAIVER       = 1, /**< The hospital's waiver. */
    HPR_AMOUNT_PAID         = 2, /**< Everything the layers paid. */
    HPR_AMOUNT_PATIENT      = 3, /**< What the patient pays. */
    HPR_AMOUNT_PATIENT_YEAR = 4  /**< The patient's payments this policy year, this claim included. */
} hpr_amount;

/**
 * @brief An amount of the settlement.
 * @param[in] settlement A settlement.
 * @param[in] which      An ::hpr_amount.
 * @return The amount in fen; 0 for NULL, an empty settlement or an unknown @p which.
 * @threadsafety Safe while nobody settles into it.
 * @since 1.0
 */
HPR_API hpr_money hpr_settlement_amount(const hpr_settlement *settlement, hpr_amount which);

/**
 * @brief What one payer paid in this settlement (summed over its layers).
 * @param[in] settlement A settlement.
 * @param[in] payer      A payer name, e.g. "basic_insurance_fund".
 * @return The amount in fen; 0 if the payer paid nothing or an argument is NULL.
 * @threadsafety Safe while nobody settles into it.
 * @since 1.0
 */
HPR_API hpr_money hpr_settlement_payer_paid(const hpr_settlement *settlement, const char *payer);

/**
 * @brief Writes the settlement as JSON (docs/interchange.md, "Settlement").
 * @param[out] out        Receives the JSON text; NULL on failure.
 * @param[in]  settlement A settlement.
 * @return #HPR_OK; #HPR_EINVAL if an argument is NULL or the settlement is
 *         empty; #HPR_ENOMEM.
 * @ownership The caller owns `*out`; free it with hpr_free().
 * @threadsafety Safe while nobody settles into it.
 * @since 1.0
 */
HPR_API hpr_status hpr_settlement_to_json(char **out, const hpr_settlement *settlement);

/**
 * @brief The JSON entry point: settles a person's claims in order.
 *
 * The request is `{"person": {...}, "claims": [...], "ledger": {...},
 * "explain": false, "strict": false}` (docs/interchange.md); `ledger`,
 * `explain` and `strict` are optional. Claims are given in date order
 * (discharge, then admission: the order the batch paths sort them in) and
 * settled with the ledger carried from one to the next; a claim dated
 * before the one before it, an empty or repeated claim id, is
 * #HPR_EINVAL before anything is settled. The response is
 * `{"settlements": [...], "ledger": {...}, "warnings": [...]}`; the
 * top-level warnings hold one `unknown_status` per undeclared status kind
 * and at most 100 warnings. Unknown members (and unknown ledger layers)
 * are errors with `"strict": true` and warnings otherwise.
 *
 * @param[in]  policy        A loaded policy.
 * @param[in]  request       The request JSON; need not be NUL-terminated.
 * @param[in]  request_len   Its length in bytes.
 * @param[out] response_out  Receives the response JSON; NULL on failure.
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument or a request that is
 *         not valid (the message names the JSON pointer); #HPR_EPARSE for
 *         malformed JSON, money or dates; and the codes of hpr_settle().
 * @ownership The caller owns `*response_out`; free it with hpr_free().
 * @threadsafety Any number of threads may call it with one policy at once.
 * @since 1.0
 */
HPR_API hpr_status hpr_settle_json(const hpr_policy *policy, const char *request,
                                   size_t request_len, char **response_out);

/**
 * @brief The three-batch classification of the settled claim.
 *
 * Its reasons are recorded only with #HPR_SETTLE_EXPLAIN; the batch and the
 * matched entry always.
 * @param settlement A settlement.
 * @return Owned by the settlement (valid until it is settled again or
 *         freed); NULL if it holds no result.
 * @since 1.0
 */
HPR_API const hpr_classification *hpr_settlement_classification(const hpr_settlement *settlement);

/**
 * @brief Number of warnings on the settlement (unknown status kinds,
 *        relapse-risk lines crossed, ...).
 * @param settlement A settlement.
 * @return The count.
 * @since 1.0
 */
HPR_API size_t hpr_settlement_warning_count(const hpr_settlement *settlement);

/**
 * @brief One warning.
 * @param settlement A settlement.
 * @param index      0 .. hpr_settlement_warning_count() - 1.
 * @param[out] message Receives the text (owned by the settlement); may be NULL.
 * @return The warning's code ("relapse_risk", "unknown_status"); NULL out of range.
 * @since 1.0
 */
HPR_API const char *hpr_settlement_warning(const hpr_settlement *settlement, size_t index,
                                           const char **message);

/**
 * @brief Number of monitoring rules whose line this claim crossed: the
 *        patient's own payments this policy year were at or under the line
 *        before the claim and are above it after.
 * @param settlement A settlement.
 * @return The count.
 * @since 1.0
 */
HPR_API size_t hpr_settlement_crossed_count(const hpr_settlement *settlement);

/**
 * @brief The id of a monitoring rule crossed at this claim.
 * @param settlement A settlement.
 * @param index      0 .. hpr_settlement_crossed_count() - 1.
 * @return Borrowed from the policy; NULL out of range.
 * @since 1.0
 */
HPR_API const char *hpr_settlement_crossed(const hpr_settlement *settlement, size_t index);

/**
 * @brief The first claim at which a person crosses a monitoring line.
 *
 * Settles the claims in order on a copy of @p ledger (which is not
 * changed) and stops at the first claim that crosses any rule's line.
 * @param[out] index_out Receives the claim's index.
 * @param[out] rule_out  Receives the rule's id (borrowed from the policy); may be NULL.
 * @param[in]  policy    A loaded policy.
 * @param[in]  person    The person.
 * @param[in]  claims    The person's claims in date order.
 * @param[in]  nclaims   Their number.
 * @param[in]  ledger    The ledger before the first claim, or NULL.
 * @return #HPR_OK; #HPR_ENOTFOUND if no claim crosses a line; any status of
 *         hpr_settle() for a claim that cannot be settled.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_monitor_first_crossing(size_t *index_out, const char **rule_out,
                                              const hpr_policy *policy, const hpr_person *person,
                                              const hpr_claim *claims, size_t nclaims,
                                              const hpr_ledger *ledger);

HPR_END_DECL

/** @} */
#endif /* HPR_SETTLE_H */
