/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/errors.h
 * @brief Status codes and the thread-local last-error record.
 *
 * @defgroup hpr_errors Errors
 * Every fallible function returns an ::hpr_status: #HPR_OK (0) on success,
 * a negative ::hpr_status_code on failure. The details of the calling
 * thread's last failure are in hpr_error_last().
 * @{
 */
#ifndef HPR_ERRORS_H
#define HPR_ERRORS_H

#include "hpr/common.h"

HPR_BEGIN_DECL

/** Return type of every fallible call: 0 on success, < 0 on failure. */
typedef int hpr_status;

/**
 * @brief Status values.
 *
 * Part of the ABI: a value is never renumbered or reused. A retired code
 * stays as `HPR_OBSOLETE_<n>`.
 */
enum hpr_status_code {
    HPR_OK        =   0, /**< Success. */
    HPR_ERROR     =  -1, /**< Unclassified failure; see hpr_error_last(). */
    HPR_ENOMEM    =  -2, /**< An allocation failed. */
    HPR_EINVAL    =  -3, /**< An argument is invalid (NULL, out of range, wrong shape). */
    HPR_ENOTFOUND =  -4, /**< The requested item does not exist. */
    HPR_EBUFS     =  -5, /**< A caller-provided buffer is too small. */
    HPR_EUSER     =  -6, /**< A user callback asked to stop; never raised by libhpr itself. */
    HPR_EVERSION  =  -7, /**< A versioned struct or document is newer than this library. */
    HPR_EPARSE    =  -8, /**< Text is malformed: JSON syntax, money, ratio or date. */
    HPR_EPOLICY   =  -9, /**< A policy document is invalid; see the diagnostics. */
    HPR_EOVERFLOW = -10, /**< Money arithmetic would overflow 64-bit fen. */
    HPR_EIO       = -11  /**< A file could not be read. */
};

/**
 * @brief Details of the calling thread's last failure.
 *
 * Library-owned; the caller never allocates one. Fields may be appended
 * in later versions, never reordered.
 */
typedef struct hpr_error {
    int         code;    /**< An ::hpr_status_code value; #HPR_OK when there was no failure. */
    const char *message; /**< Owned by libhpr; valid until the next libhpr call on this thread. */
} hpr_error;

/**
 * @brief Returns the calling thread's last failure.
 *
 * @return Never NULL. When no call on this thread has failed since the
 *         last hpr_error_clear(), the record has code #HPR_OK and the
 *         message "no error".
 * @ownership Borrowed; valid until the next libhpr call on this thread.
 * @threadsafety The record is thread-local: read it on the thread that
 *               made the failing call.
 * @since 1.0
 */
HPR_API const hpr_error *hpr_error_last(void);

/**
 * @brief Resets the calling thread's last-error record to #HPR_OK.
 * @threadsafety Affects only the calling thread.
 * @since 1.0
 */
HPR_API void hpr_error_clear(void);

/**
 * @brief Describes a status code in a short English sentence.
 *
 * @param[in] code Any value; unknown values get "unknown status code".
 * @return A static string, never NULL.
 * @ownership Static storage; never free it.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_strerror(hpr_status code);

/**
 * @brief Returns the symbolic name of a status code, e.g. "HPR_EINVAL".
 *
 * Regression case files name expected errors this way.
 *
 * @param[in] code Any value; unknown values get "HPR_UNKNOWN".
 * @return A static string, never NULL.
 * @ownership Static storage; never free it.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_status_name(hpr_status code);

/**
 * @brief Looks up a status code by its symbolic name.
 *
 * @param[out] out  Receives the code; set to #HPR_OK on failure.
 * @param[in]  name A name as returned by hpr_status_name().
 * @return #HPR_OK, #HPR_EINVAL if an argument is NULL, #HPR_ENOTFOUND if
 *         no code has that name.
 * @ownership Borrows @p name for the call only.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_status_from_name(hpr_status *out, const char *name);

HPR_END_DECL

/** @} */
#endif /* HPR_ERRORS_H */
