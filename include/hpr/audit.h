/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/audit.h
 * @brief Auditing a registry against basic-care standards.
 *
 * @defgroup hpr_audit Standards audits
 * hpr_audit() applies every standard of a document in force on a date to
 * every accepted place of a registry. The result holds one finding per
 * place and applicable standard (pass, fail or exempt, with the reason and
 * the citation that decided it; for subsidies and grants: due or not, with
 * the amount in fen), the blank spots (空白点) among the failures, and
 * roll-ups per township, county and the whole registry
 * (docs/standards-audit.md).
 * @{
 */
#ifndef HPR_AUDIT_H
#define HPR_AUDIT_H

#include "hpr/common.h"
#include "hpr/date.h"
#include "hpr/errors.h"
#include "hpr/lang.h"
#include "hpr/registry.h"
#include "hpr/standards.h"

HPR_BEGIN_DECL

/** The result of an audit. Immutable. Opaque. */
typedef struct hpr_audit_result hpr_audit_result;

/** What a finding says of a place. Part of the ABI. */
typedef enum hpr_audit_status {
    HPR_AUDIT_PASS = 0,    /**< The place meets the standard. */
    HPR_AUDIT_FAIL = 1,    /**< It does not: a blank spot or a shortfall. */
    HPR_AUDIT_EXEMPT = 2,  /**< An exception or the standard's scope exempts it. */
    HPR_AUDIT_DUE = 3,     /**< A subsidy or grant is due (amount_fen). */
    HPR_AUDIT_NOT_DUE = 4  /**< A subsidy or grant is not due, and why. */
} hpr_audit_status;

/** The kind of blank spot (空白点) a failure is. Part of the ABI. */
typedef enum hpr_blank_spot {
    HPR_BLANK_NONE = 0,        /**< Not a blank spot (a pass, or a capacity or target shortfall). */
    HPR_BLANK_INSTITUTION = 1, /**< No institution where one is required (三个一). */
    HPR_BLANK_PERSONNEL = 2    /**< An institution without a qualified doctor (三合格). */
} hpr_blank_spot;

/** The level of a place. Part of the ABI. */
typedef enum hpr_place_level {
    HPR_PLACE_REGISTRY = 0, /**< The whole registry (roll-ups only). */
    HPR_PLACE_COUNTY = 1,
    HPR_PLACE_TOWNSHIP = 2,
    HPR_PLACE_VILLAGE = 3
} hpr_place_level;

/** The version of ::hpr_audit_options this header describes. */
#define HPR_AUDIT_OPTIONS_VERSION 1

/** Options of hpr_audit(); NULL means the defaults. Part of the ABI: members are only added at the end. */
typedef struct hpr_audit_options {
    unsigned int version; /**< #HPR_AUDIT_OPTIONS_VERSION. */
    hpr_lang lang;        /**< The language of the reasons (default #HPR_LANG_EN). */
} hpr_audit_options;

/** Initialises an ::hpr_audit_options with the defaults. */
#define HPR_AUDIT_OPTIONS_INIT {HPR_AUDIT_OPTIONS_VERSION, HPR_LANG_EN}

/**
 * @brief Audits a finished registry against the standards in force on a date.
 *
 * Refused rows of the registry are not audited (they are its errors).
 *
 * @param[out] out       Receives the result.
 * @param[in]  standards A loaded standards document.
 * @param[in]  registry  A finished registry (hpr_registry_finish()).
 * @param[in]  as_of     The day the standards are read on.
 * @param[in]  opts      Options (the language of the reasons), or NULL for the defaults.
 * @return #HPR_OK; #HPR_EINVAL for NULL arguments, an unfinished registry,
 *         an invalid date or bad options; #HPR_EVERSION for options newer
 *         than this library; #HPR_ENOMEM.
 * @ownership The caller frees `*out` with hpr_audit_result_free(); it
 *            borrows from @p standards and @p registry, which must outlive it.
 * @threadsafety Safe from any thread; any number of audits may share a
 *               document and a finished registry.
 * @since 1.1
 */
HPR_API hpr_status hpr_audit(hpr_audit_result **out, const hpr_standards *standards,
                             const hpr_registry *registry, hpr_date as_of,
                             const hpr_audit_options *opts);

/**
 * @brief Frees an audit result.
 * @param[in] result The result, or NULL.
 * @ownership Takes ownership; hpr_audit_result_free(NULL) is a no-op.
 * @threadsafety No other thread may use it during or after the call.
 * @since 1.1
 */
HPR_API void hpr_audit_result_free(hpr_audit_result *result);

/** The version of ::hpr_audit_finding this header describes. */
#define HPR_AUDIT_FINDING_VERSION 1

/**
 * @brief One finding: a standard applied to a place.
 *
 * The caller sets `version` (#HPR_AUDIT_FINDING_VERSION, or HPR_AUDIT_FINDING_INIT);
 * hpr_audit_finding_get() fills the members that version has. Members may
 * be added at the end in later versions. Strings are borrowed from the result.
 */
typedef struct hpr_audit_finding {
    unsigned int version;    /**< Set by the caller. */
    hpr_place_level level;   /**< County, township or village. */
    const char *place_id;    /**< The place's id. */
    const char *place_name;  /**< Its name ("" when the registry gives none). */
    const char *county_id;   /**< The county it is in (itself for a county). */
    const char *township_id; /**< The township it is in (itself for a township); NULL for a county. */
    int poor;                /**< Non-zero for a poor county, township or village (the registry's `poor`). */
    const char *standard;    /**< The standard's id in the document. */
    const char *rule;        /**< Its rule kind, e.g. "village_clinic". */
    const char *group;       /**< Its group: "三个一", "三合格", "三达标", "target", "subsidy". */
    hpr_audit_status status; /**< Pass, fail, exempt, due or not due. */
    hpr_blank_spot blank_spot; /**< The kind of blank spot a failure is. */
    const char *reason;      /**< Why, with the figures that decided it. */
    const char *citation;    /**< The document and the source of the rule that decided it. */
    int64_t amount_fen;      /**< Due: the monthly subsidy or the grant; else 0. */
    int64_t annual_fen;      /**< Due: the subsidy over the calendar year of the audit date; else 0. */
    int64_t shortfall;       /**< Fail: what is missing (GPs, departments, m²); else 0. */
} hpr_audit_finding;

/** Initialises an ::hpr_audit_finding of this header's version. */
#define HPR_AUDIT_FINDING_INIT {HPR_AUDIT_FINDING_VERSION, HPR_PLACE_REGISTRY, 0, 0, 0, 0, 0, 0, 0, 0, HPR_AUDIT_PASS, HPR_BLANK_NONE, 0, 0, 0, 0, 0}

/**
 * @brief How many findings the result holds.
 * @param[in] result An audit result.
 * @return The count; 0 for NULL.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API size_t hpr_audit_finding_count(const hpr_audit_result *result);

/**
 * @brief The i-th finding: counties in registry order, each followed by its
 *        townships, each followed by its villages; per place in document order.
 * @param[in]  result An audit result.
 * @param[in]  i      From 0 to hpr_audit_finding_count() - 1.
 * @param[out] out    A finding whose `version` the caller set.
 * @return #HPR_OK; #HPR_EINVAL for NULL, @p i out of range or version 0;
 *         #HPR_EVERSION for a version newer than this library's.
 * @ownership Strings are borrowed from @p result.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_audit_finding_get(const hpr_audit_result *result, size_t i,
                                         hpr_audit_finding *out);

/** The version of ::hpr_audit_totals this header describes. */
#define HPR_AUDIT_TOTALS_VERSION 1

/**
 * @brief The roll-up of a township, a county or the whole registry: sums
 *        over its own findings and those of every place in it.
 *
 * The caller sets `version`; members may be added at the end later.
 */
typedef struct hpr_audit_totals {
    unsigned int version;      /**< Set by the caller. */
    hpr_place_level level;     /**< Registry, county or township. */
    const char *id;            /**< The place's id; "" for the registry. */
    const char *name;          /**< Its name. */
    const char *parent_id;     /**< The county of a township; NULL otherwise. */
    int64_t villages;          /**< Accepted villages in it. */
    int64_t poor_villages;     /**< Of which poor. */
    int64_t passed;            /**< Findings that pass. */
    int64_t failed;            /**< Findings that fail. */
    int64_t failed_poor;       /**< Failures at poor places. */
    int64_t exempt;            /**< Findings that exempt. */
    int64_t institution_blank_spots;      /**< Failures that are institution blank spots. */
    int64_t institution_blank_spots_poor; /**< Of which at poor places. */
    int64_t personnel_blank_spots;        /**< Failures that are personnel blank spots. */
    int64_t personnel_blank_spots_poor;   /**< Of which at poor places. */
    int64_t subsidy_monthly_fen; /**< Village-doctor subsidies due, a month. */
    int64_t subsidy_annual_fen;  /**< The same over the audit date's calendar year. */
    int64_t grants_fen;          /**< Construction grants due to close blank spots. */
    int64_t gp_shortfall;        /**< GPs missing against the year's target. */
} hpr_audit_totals;

/** Initialises an ::hpr_audit_totals of this header's version. */
#define HPR_AUDIT_TOTALS_INIT {HPR_AUDIT_TOTALS_VERSION, HPR_PLACE_REGISTRY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

/**
 * @brief How many roll-ups the result holds: 1 (the registry) + counties + townships.
 * @param[in] result An audit result.
 * @return The count; 0 for NULL.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API size_t hpr_audit_totals_count(const hpr_audit_result *result);

/**
 * @brief The i-th roll-up: 0 is the registry, then each county followed by its townships.
 * @param[in]  result An audit result.
 * @param[in]  i      From 0 to hpr_audit_totals_count() - 1.
 * @param[out] out    Totals whose `version` the caller set.
 * @return #HPR_OK; #HPR_EINVAL for NULL, @p i out of range or version 0;
 *         #HPR_EVERSION for a version newer than this library's.
 * @ownership Strings are borrowed from the result.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_audit_totals_get(const hpr_audit_result *result, size_t i,
                                        hpr_audit_totals *out);

/**
 * @brief The result as one JSON document: the standards applied, every
 *        finding, the roll-ups and the registry's refused rows
 *        (docs/standards-audit.md).
 * @param[in]  result  An audit result.
 * @param[out] out     Receives the NUL-terminated JSON.
 * @param[out] len_out If not NULL, receives its length.
 * @return #HPR_OK; #HPR_EINVAL for NULL arguments; #HPR_ENOMEM.
 * @ownership The caller owns `*out`; free it with hpr_free().
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_audit_to_json(const hpr_audit_result *result, char **out, size_t *len_out);

/**
 * @brief The name of a status: "pass", "fail", "exempt", "due", "not_due".
 * @param[in] status A status.
 * @return The name, or NULL for another value.
 * @ownership Static storage.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_audit_status_name(hpr_audit_status status);

/**
 * @brief The name of a blank-spot kind: "", "institution", "personnel".
 * @param[in] kind A kind.
 * @return The name, or NULL for another value.
 * @ownership Static storage.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_blank_spot_name(hpr_blank_spot kind);

/**
 * @brief The name of a place level: "registry", "county", "township", "village".
 * @param[in] level A level.
 * @return The name, or NULL for another value.
 * @ownership Static storage.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_place_level_name(hpr_place_level level);

HPR_END_DECL

/** @} */
#endif
