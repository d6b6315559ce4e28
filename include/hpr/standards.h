/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/standards.h
 * @brief Loading basic-care standards documents (三个一 / 三合格 / 三达标).
 *
 * @defgroup hpr_standards Standards documents
 * A standards document is a JSON file holding the basic medical care
 * standards a registry of places is audited against: every county,
 * township and village with its institution (三个一), every institution
 * with a qualified doctor (三合格), capacity to a standard (三达标), their
 * exceptions, and local targets and subsidies, each value dated and cited
 * (docs/standards-audit.md). Loading reports every problem at once as
 * ::hpr_diagnostics, like a policy, and yields an immutable
 * ::hpr_standards any number of threads may use at once.
 * @{
 */
#ifndef HPR_STANDARDS_H
#define HPR_STANDARDS_H

#include "hpr/common.h"
#include "hpr/errors.h"
#include "hpr/policy.h"

HPR_BEGIN_DECL

/** A compiled, immutable standards document. Opaque. */
typedef struct hpr_standards hpr_standards;

/** The newest standards document `format` this library reads. */
#define HPR_STANDARDS_FORMAT_VERSION 1

/**
 * @brief Loads and compiles a standards document from a file.
 *
 * @param[out] out             Receives the standards; NULL on failure.
 * @param[out] diagnostics_out If not NULL, receives every error and
 *                             warning found (also on success); free with
 *                             hpr_diagnostics_free().
 * @param[in]  path            The file to read.
 * @return #HPR_OK; #HPR_EINVAL for a NULL @p out or @p path; #HPR_EVERSION
 *         for a document format newer than this library; #HPR_EIO if the
 *         file cannot be read; #HPR_EPARSE if it is not JSON; #HPR_EPOLICY
 *         if it is JSON but not a valid standards document; #HPR_ENOMEM.
 *         On failure hpr_error_last() names the first problem.
 * @ownership The caller owns `*out` (hpr_standards_free()) and
 *            `*diagnostics_out` (hpr_diagnostics_free()).
 * @threadsafety Safe from any thread; loads share nothing.
 * @since 1.1
 */
HPR_API hpr_status hpr_standards_load_file(hpr_standards **out, hpr_diagnostics **diagnostics_out,
                                           const char *path);

/**
 * @brief Loads and compiles a standards document from memory.
 *
 * @param[out] out             Receives the standards; NULL on failure.
 * @param[out] diagnostics_out As for hpr_standards_load_file().
 * @param[in]  data            The document's bytes (UTF-8 JSON); need not be NUL-terminated.
 * @param[in]  len             Length of @p data.
 * @param[in]  name            Name used as the file in diagnostics; NULL for "<memory>".
 * @return As hpr_standards_load_file(), without #HPR_EIO.
 * @ownership Copies what it needs from @p data; the caller owns the results.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_standards_load_buffer(hpr_standards **out,
                                             hpr_diagnostics **diagnostics_out, const char *data,
                                             size_t len, const char *name);

/**
 * @brief Frees a standards document.
 * @param[in] standards The document, or NULL.
 * @ownership Takes ownership; hpr_standards_free(NULL) is a no-op. Every
 *            string borrowed from it, and every audit result made with it,
 *            becomes invalid.
 * @threadsafety No other thread may use it during or after the call.
 * @since 1.1
 */
HPR_API void hpr_standards_free(hpr_standards *standards);

/**
 * @brief The document's `id`, e.g. "national-2019".
 * @param[in] standards A loaded document.
 * @return The id, or NULL if @p standards is NULL.
 * @ownership Borrowed from @p standards.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_standards_id(const hpr_standards *standards);

/**
 * @brief The document's `title`.
 * @param[in] standards A loaded document.
 * @return The title, or NULL if @p standards is NULL.
 * @ownership Borrowed from @p standards.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_standards_title(const hpr_standards *standards);

/**
 * @brief The document's fingerprint: "sha256:" and the hex SHA-256 of its bytes.
 * @param[in] standards A loaded document.
 * @return The fingerprint, or NULL if @p standards is NULL.
 * @ownership Borrowed from @p standards.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_standards_fingerprint(const hpr_standards *standards);

/**
 * @brief How many standards (entries of `standards`) the document holds.
 * @param[in] standards A loaded document.
 * @return The count; 0 if @p standards is NULL.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API size_t hpr_standards_count(const hpr_standards *standards);

/**
 * @brief The id of the i-th standard, in document order.
 * @param[in]  standards A loaded document.
 * @param[in]  i         From 0 to hpr_standards_count() - 1.
 * @param[out] rule      If not NULL, receives its rule kind, e.g. "village_clinic".
 * @return The standard's id, or NULL if @p standards is NULL or @p i is out of range.
 * @ownership Borrowed from @p standards.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_standards_entry(const hpr_standards *standards, size_t i,
                                        const char **rule);

HPR_END_DECL

/** @} */
#endif
