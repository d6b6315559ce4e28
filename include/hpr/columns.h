/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/columns.h
 * @brief Columnar batch settlement: many persons' claims in, one row of
 * results per claim out, in parallel across persons.
 *
 * @defgroup hpr_columns Columnar batch
 * The caller describes persons and claims as columns (plain arrays, as
 * numpy, Arrow or a database cursor hold them) and provides the output
 * columns; hpr_settle_columns() fills them without copying the inputs.
 * A claim names its person by row index. Each person's claims are settled
 * in row order with a fresh ledger carried from one to the next, persons
 * are spread over threads, and the results are identical whatever the
 * thread count. Every input row is accounted for: it is settled (status
 * #HPR_OK) or its status is the error code and the error list says why.
 *
 * Text columns hold UTF-8 in one of two layouts (see ::hpr_text_column).
 * Lists inside a text cell are separated by `;`:
 * - diagnoses, designations: `C92.0;I10`;
 * - statuses, enrollments: `kind=FROM..TO` items, TO optional (open),
 *   e.g. `registered_poor=2016-01-01..2020-06-30;exited_poverty=2020-07-01..`.
 *   A cell is read to its length (Arrow layout) or first NUL (fixed width);
 *   a NUL byte inside an Arrow cell fails the person's claims rather than
 *   hiding the items after it.
 * @{
 */
#ifndef HPR_COLUMNS_H
#define HPR_COLUMNS_H

#include "hpr/common.h"
#include "hpr/errors.h"
#include "hpr/money.h"
#include "hpr/policy.h"

HPR_BEGIN_DECL

/**
 * A column of text. Absent when @c data is NULL.
 *
 * - Arrow layout: @c offsets has nrows + 1 non-decreasing entries and row
 *   i is the bytes `data[offsets[i]]` to `data[offsets[i+1]]`.
 * - Fixed width (numpy `S` arrays): @c offsets is NULL and row i is the
 *   @c width bytes at `data + i * width`, ending at the first NUL.
 */
typedef struct hpr_text_column {
    const char    *data;    /**< The bytes of every row; NULL: the column is absent. */
    const int64_t *offsets; /**< nrows + 1 offsets into @c data, or NULL for fixed width. */
    size_t         width;   /**< Bytes per row when @c offsets is NULL. */
} hpr_text_column;

/** Persons, one per row. Claims refer to them by row index. */
typedef struct hpr_person_columns {
    unsigned int     version;           /**< #HPR_PERSON_COLUMNS_VERSION. */
    size_t           nrows;             /**< Number of persons. @since 1.0 */
    hpr_text_column  id;                /**< Required. @since 1.0 */
    const hpr_date  *birth_date;        /**< Required. @since 1.0 */
    hpr_text_column  statuses;          /**< `kind=FROM..TO;...`; absent: none. @since 1.0 */
    hpr_text_column  enrollments;       /**< `scheme=FROM..TO;...`; absent: none. @since 1.0 */
    const int32_t   *family_doctor;     /**< Non-zero: contracted family doctor; NULL: none. @since 1.0 */
    const hpr_money *income_per_capita; /**< Fen, -1 unknown; NULL: all unknown. @since 1.0 */
    /** Members of the household; 0 unknown; NULL: all unknown. Read only at
     *  version 2. @since 1.1 */
    const int32_t   *household_size;
} hpr_person_columns;

/** The current version of ::hpr_person_columns. */
#define HPR_PERSON_COLUMNS_VERSION 2

/** Claims, one per row, grouped by person in the order they are to be settled. */
typedef struct hpr_claim_columns {
    unsigned int     version;        /**< #HPR_CLAIM_COLUMNS_VERSION. */
    size_t           nrows;          /**< Number of claims. @since 1.0 */
    const int64_t   *person;         /**< Required: row index into the persons. @since 1.0 */
    hpr_text_column  id;             /**< Required. @since 1.0 */
    const int32_t   *type;           /**< Required: ::hpr_claim_type values. @since 1.0 */
    const hpr_date  *admission_date; /**< Required. @since 1.0 */
    const hpr_date  *discharge_date; /**< NULL: equal to admission. @since 1.0 */
    const int32_t   *level;          /**< Required: ::hpr_level values. @since 1.0 */
    const int32_t   *location;       /**< Required: ::hpr_location values. @since 1.0 */
    const int32_t   *referral;       /**< Non-zero: referred; NULL: none. @since 1.0 */
    hpr_text_column  facility_id;    /**< May be absent. @since 1.0 */
    hpr_text_column  designated;     /**< Catalog entries, `;`-separated; may be absent. @since 1.0 */
    hpr_text_column  diagnoses;      /**< ICD-10 codes, primary first, `;`-separated. @since 1.0 */
    const hpr_money *total;          /**< NULL: the sum of the three buckets. @since 1.0 */
    const hpr_money *in_scope;       /**< Required. @since 1.0 */
    const hpr_money *class_b_self;   /**< NULL: zero. @since 1.0 */
    const hpr_money *out_of_catalog; /**< NULL: zero. @since 1.0 */
    const hpr_money *waiver;         /**< NULL: zero. @since 1.0 */
    /** The claim's case group for a fixed fee (hpr_claim::case_group); may
     *  be absent; an empty cell is none. Read only at version 2. @since 1.1 */
    hpr_text_column  case_group;
} hpr_claim_columns;

/** The current version of ::hpr_claim_columns. */
#define HPR_CLAIM_COLUMNS_VERSION 2

/**
 * Output columns, each with one entry per claim row (the two matrices one
 * row of entries per claim). Only @c status is required; a NULL column is
 * not written. A row that failed has its status set and zeros elsewhere.
 * When hpr_settle_columns() returns #HPR_OK it has written every entry of
 * every non-NULL column, so they need no initialisation.
 */
typedef struct hpr_result_columns {
    unsigned int version;      /**< #HPR_RESULT_COLUMNS_VERSION. */
    size_t       nrows;        /**< Must equal the claims' nrows. @since 1.0 */
    int32_t     *status;       /**< Required: #HPR_OK or the row's error code. @since 1.0 */
    int32_t     *batch;        /**< ::hpr_batch of the claim. @since 1.0 */
    uint64_t    *categories;   /**< Bit i: in hpr_policy_category() i on the as-of date. @since 1.0 */
    uint64_t    *crossed;      /**< Bit i: monitoring rule hpr_policy_monitor() i crossed. @since 1.0 */
    hpr_money   *total;        /**< The claim's total. @since 1.0 */
    hpr_money   *paid;         /**< Paid by all layers. @since 1.0 */
    hpr_money   *patient;      /**< The patient's share. @since 1.0 */
    hpr_money   *patient_year; /**< The patient's payments this policy year, this claim included. @since 1.0 */
    hpr_money   *layer_paid;   /**< nrows x hpr_policy_layer_count(), row-major. @since 1.0 */
    hpr_money   *payer_paid;   /**< nrows x hpr_policy_payer_count(), row-major. @since 1.0 */
} hpr_result_columns;

/** The current version of ::hpr_result_columns. */
#define HPR_RESULT_COLUMNS_VERSION 1

/** Options of hpr_settle_columns(). */
typedef struct hpr_columns_options {
    unsigned int version; /**< #HPR_COLUMNS_OPTIONS_VERSION. */
    unsigned int threads; /**< Worker threads; 0: one per online CPU. @since 1.0 */
} hpr_columns_options;

/** The current version of ::hpr_columns_options. */
#define HPR_COLUMNS_OPTIONS_VERSION 1

#if !defined(__cplusplus) || __cplusplus >= 202002L
/** Initialiser of ::hpr_person_columns (C, C++20). */
# define HPR_PERSON_COLUMNS_INIT { .version = HPR_PERSON_COLUMNS_VERSION }
/** Initialiser of ::hpr_claim_columns (C, C++20). */
# define HPR_CLAIM_COLUMNS_INIT { .version = HPR_CLAIM_COLUMNS_VERSION }
/** Initialiser of ::hpr_result_columns (C, C++20). */
# define HPR_RESULT_COLUMNS_INIT { .version = HPR_RESULT_COLUMNS_VERSION }
/** Initialiser of ::hpr_columns_options (C, C++20). */
# define HPR_COLUMNS_OPTIONS_INIT { .version = HPR_COLUMNS_OPTIONS_VERSION }
#endif

/**
 * @brief Zeroes a column struct and sets its version (for C++ before 20
 * and for bindings that cannot use the INIT macros).
 *
 * @param[out] columns An ::hpr_person_columns, ::hpr_claim_columns,
 *                     ::hpr_result_columns or ::hpr_columns_options.
 * @param[in]  size    `sizeof *columns`.
 * @param[in]  version Its version macro, e.g. #HPR_CLAIM_COLUMNS_VERSION.
 * @return #HPR_OK; #HPR_EINVAL if @p columns is NULL or @p size is not
 *         the size of a struct of that version.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_columns_init(void *columns, size_t size, unsigned int version);

/** The reasons rows failed. Opaque. */
typedef struct hpr_row_errors hpr_row_errors;

/**
 * @brief Creates an empty error list.
 * @param[out] out Receives the list; NULL on failure.
 * @return #HPR_OK; #HPR_EINVAL; #HPR_ENOMEM.
 * @ownership Free it with hpr_row_errors_free().
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_row_errors_create(hpr_row_errors **out);

/**
 * @brief Frees an error list.
 * @param[in] errors The list; NULL is a no-op.
 * @since 1.0
 */
HPR_API void hpr_row_errors_free(hpr_row_errors *errors);

/**
 * @brief Number of failed rows.
 * @param[in] errors The list; NULL gives 0.
 * @return The count.
 * @since 1.0
 */
HPR_API size_t hpr_row_errors_count(const hpr_row_errors *errors);

/**
 * @brief One failed row, in row order.
 * @param[in]  errors The list.
 * @param[in]  index  From 0 to hpr_row_errors_count() - 1.
 * @param[out] row    Receives the claim row; may be NULL.
 * @param[out] code   Receives the row's status; may be NULL.
 * @return The message, e.g. "claim D-7: discharge_date is before
 *         admission_date"; NULL if @p index is out of range.
 * @ownership Owned by the list; valid until it is freed or reused.
 * @since 1.0
 */
HPR_API const char *hpr_row_errors_get(const hpr_row_errors *errors, size_t index, size_t *row,
                                       hpr_status *code);

/**
 * @brief Settles every claim row.
 *
 * Rows whose person index is the same are one person's claims, settled in
 * row order with a ledger that starts empty; sort claims by discharge date
 * within a person. Rows of one person need not be adjacent.
 *
 * @param[in]     policy  The policy.
 * @param[in]     persons The persons.
 * @param[in]     claims  The claims.
 * @param[in,out] results Output columns; @c nrows must equal the claims'.
 * @param[in,out] errors  Receives the failed rows (emptied first); may be NULL.
 * @param[in]     opts    Options; NULL for defaults.
 * @return #HPR_OK when every row is accounted for (check @c status or
 *         @p errors for failed rows); #HPR_EINVAL for a NULL argument, a
 *         missing required column, a size mismatch or an unknown version
 *         (#HPR_EVERSION if newer); #HPR_ENOMEM.
 * @threadsafety Safe from any thread; uses up to @c opts->threads threads
 *         of its own and joins them before returning.
 * @since 1.0
 */
HPR_API hpr_status hpr_settle_columns(const hpr_policy *policy, const hpr_person_columns *persons,
                                      const hpr_claim_columns *claims, hpr_result_columns *results,
                                      hpr_row_errors *errors, const hpr_columns_options *opts);

HPR_END_DECL

/** @} */
#endif /* HPR_COLUMNS_H */
