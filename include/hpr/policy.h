/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/policy.h
 * @brief Loading policy documents into immutable compiled policies.
 *
 * @defgroup hpr_policy Policies
 * A policy document is a JSON file holding every rule that differs between
 * places and years (docs/policy-format.md). Loading parses and validates
 * it and compiles it into an immutable ::hpr_policy that any number of
 * threads may use at once. A malformed or invalid document yields every
 * problem at once as ::hpr_diagnostics, each with file, line, column and
 * JSON pointer.
 * @{
 */
#ifndef HPR_POLICY_H
#define HPR_POLICY_H

#include "hpr/common.h"
#include "hpr/errors.h"
#include "hpr/money.h"
#include "hpr/date.h"

HPR_BEGIN_DECL

/** A compiled, immutable policy. Opaque. */
typedef struct hpr_policy hpr_policy;

/** The problems found while loading a policy. Opaque. */
typedef struct hpr_diagnostics hpr_diagnostics;

/** How serious a diagnostic is. Part of the ABI. */
typedef enum hpr_severity {
    HPR_SEVERITY_ERROR   = 0, /**< The document is rejected. */
    HPR_SEVERITY_WARNING = 1  /**< Legal but suspicious; the document loads. */
} hpr_severity;

/**
 * @brief One problem in a policy document.
 *
 * Library-owned and read-only; the caller never allocates one. Fields may
 * be appended in later versions.
 */
typedef struct hpr_diagnostic {
    hpr_severity severity; /**< Error or warning. */
    const char  *file;     /**< The file name, or the name given to hpr_policy_load_buffer(). */
    int          line;     /**< 1-based line; 0 when the problem has no place (e.g. an unreadable file). */
    int          column;   /**< 1-based column in characters (UTF-8 code points). */
    const char  *pointer;  /**< RFC 6901 JSON pointer of the value concerned; "" for the whole document. */
    const char  *message;  /**< What is wrong and what was expected. */
} hpr_diagnostic;

/** Option flags for ::hpr_policy_options. */
enum hpr_policy_flag {
    HPR_POLICY_WARNINGS_AS_ERRORS = 1u << 0, /**< Reject the document if it has any warning. */
    /** Confine `include`: a catalog document must be named by a relative
     *  path that resolves (symlinks followed) inside
     *  hpr_policy_options.include_root, or, when that is NULL, inside the
     *  policy file's directory (`base_dir` when loading from memory).
     *  For services that load policies they did not write: without it a
     *  policy may include any regular file the process can read, and the
     *  diagnostics quote parts of it. @since 1.1 */
    HPR_POLICY_CONFINE_INCLUDES = 1u << 1
};

/**
 * @brief Options for loading a policy. Versioned; fields are only appended.
 */
typedef struct hpr_policy_options {
    unsigned int version;  /**< Set to #HPR_POLICY_OPTIONS_VERSION. */
    uint32_t     flags;    /**< A bitwise OR of ::hpr_policy_flag values. @since 1.0 */
    const char  *base_dir; /**< Directory that relative file references resolve against when loading from memory; NULL for the current directory. @since 1.0 */
    const char  *include_root; /**< With #HPR_POLICY_CONFINE_INCLUDES, the directory tree includes must stay in (e.g. the parent of `policies/` and `catalogs/`); NULL for the policy's own directory. Read from version 2. @since 1.1 */
    const char *const *catalog_dirs; /**< NULL, or a NULL-terminated list of directories where an `include` that is not found next to the policy is looked for by its file name, in order (a copied policy finds the shipped catalogs). The host names them, so they are allowed under #HPR_POLICY_CONFINE_INCLUDES. Read from version 2. @since 1.1 */
    /** The extension functions the policy may call (hpr/extension.h), or
     *  NULL for none: a policy that declares extensions then fails to load.
     *  The policy keeps a reference; the registry becomes immutable. Read
     *  from version 3. @since 1.1 */
    struct hpr_extensions *extensions;
} hpr_policy_options;

/** The current version of ::hpr_policy_options (2 added include_root and
 *  catalog_dirs, 3 extensions). */
#define HPR_POLICY_OPTIONS_VERSION 3

#if !defined(__cplusplus) || __cplusplus >= 202002L
/** Static initialiser for ::hpr_policy_options with defaults. */
# define HPR_POLICY_OPTIONS_INIT { .version = HPR_POLICY_OPTIONS_VERSION }
#endif

/**
 * @brief Initialises options to their defaults (for FFI and C++ callers).
 * @param[out] opts    The struct to fill.
 * @param[in]  version #HPR_POLICY_OPTIONS_VERSION.
 * @return #HPR_OK; #HPR_EINVAL if @p opts is NULL or @p version is 0;
 *         #HPR_EVERSION if @p version is newer than this library.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_policy_options_init(hpr_policy_options *opts, unsigned int version);

/**
 * @brief Loads and compiles a policy document from a file.
 *
 * @param[out] out             Receives the policy; NULL on failure.
 * @param[out] diagnostics_out If not NULL, receives every error and
 *                             warning found (also on success, and also on
 *                             an I/O failure); free with hpr_diagnostics_free().
 *                             Set to NULL only when memory ran out.
 * @param[in]  path            The file to read.
 * @param[in]  opts            Options, or NULL for defaults.
 * @return #HPR_OK; #HPR_EINVAL for a NULL @p out or @p path or bad options;
 *         #HPR_EVERSION for options or a document format newer than this
 *         library; #HPR_EIO if the file cannot be read; #HPR_EPARSE if it
 *         is not JSON; #HPR_EPOLICY if it is JSON but not a valid policy;
 *         #HPR_ENOMEM. On failure hpr_error_last() names the first problem.
 * @ownership The caller owns `*out` (hpr_policy_free()) and
 *            `*diagnostics_out` (hpr_diagnostics_free()).
 * @threadsafety Safe from any thread; loads share nothing.
 * @since 1.0
 */
HPR_API hpr_status hpr_policy_load_file(hpr_policy **out, hpr_diagnostics **diagnostics_out,
                                        const char *path, const hpr_policy_options *opts);

/**
 * @brief Derives a reform from a loaded policy and a patch, in memory.
 *
 * The patch is a policy document that extends @p base without naming it
 * (no "extends"): it may replace or add layers, categories and the other
 * sections by id, "remove" values and "set" any value by JSON pointer, as
 * a file that extends @p base may (docs/policy-format.md "Inheritance").
 * `{"set": {"/layers/critical/deductible/amount": {"2019-01-01": "2500"}}}`
 * lowers a deductible from 2019 and keeps the base's earlier values. The
 * result is validated as a file would be. No file is read: the base's
 * documents and catalogs are those @p base was compiled from.
 *
 * @param[out] out             Receives the derived policy; NULL on failure.
 * @param[out] diagnostics_out As for hpr_policy_load_file(); problems in
 *                             the patch are located in @p name.
 * @param[in]  base            A loaded policy (not modified; it may be freed
 *                             before the result).
 * @param[in]  patch           The patch's bytes (UTF-8 JSON object).
 * @param[in]  len             Length of @p patch.
 * @param[in]  name            Name of the patch in diagnostics; NULL for "<patch>".
 * @param[in]  opts            Options, or NULL for defaults; without an
 *                             extension registry the base's is used.
 * @return As hpr_policy_load_buffer(); #HPR_EINVAL also for a base chain
 *         already as long as inheritance allows (8 documents).
 * @ownership The caller owns the results.
 * @threadsafety Safe from any thread, also on the same @p base at once.
 * @since 1.1
 */
HPR_API hpr_status hpr_policy_derive(hpr_policy **out, hpr_diagnostics **diagnostics_out,
                                     const hpr_policy *base, const char *patch, size_t len,
                                     const char *name, const hpr_policy_options *opts);

/**
 * @brief Compiles the policy a policy extends, as it was when the policy
 *        was loaded.
 *
 * For a document with "extends" (or a policy from hpr_policy_derive()),
 * the base is compiled from the documents the policy keeps, so it is the
 * base that was merged, even if its file changed since. With
 * hpr_policy_changes() it tells what a child changes.
 *
 * @param[out] out             Receives the base; NULL on failure.
 * @param[out] diagnostics_out As for hpr_policy_load_file().
 * @param[in]  policy          A loaded policy.
 * @param[in]  opts            Options, or NULL for defaults.
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument or bad options;
 *         #HPR_ENOTFOUND if @p policy extends nothing; otherwise as
 *         hpr_policy_load_buffer().
 * @ownership The caller owns the results.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_policy_load_base(hpr_policy **out, hpr_diagnostics **diagnostics_out,
                                        const hpr_policy *policy, const hpr_policy_options *opts);

/**
 * @brief What a policy changes against another: each parameter whose
 *        dated values differ, old and new with their citations, and each
 *        layer, category, status kind, catalog and monitoring rule added,
 *        removed or moved.
 *
 * Parameters are matched by pointer, with layers and monitoring rules
 * named by id (`/layers/critical/deductible/amount`), so inserting a layer
 * does not make every later one "changed". The JSON shape is in
 * docs/policy-format.md ("What a child changes").
 *
 * @param[out] out    Receives the JSON text; NULL on failure.
 * @param[in]  policy The child or reform.
 * @param[in]  base   What it is compared with (hpr_policy_load_base()).
 * @return #HPR_OK; #HPR_EINVAL if an argument is NULL; #HPR_ENOMEM.
 * @ownership The caller owns `*out` and frees it with hpr_free().
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_policy_changes(char **out, const hpr_policy *policy, const hpr_policy *base);

/**
 * @brief Loads and compiles a policy document from memory.
 *
 * @param[out] out             Receives the policy; NULL on failure.
 * @param[out] diagnostics_out As for hpr_policy_load_file().
 * @param[in]  data            The document's bytes (UTF-8 JSON); need not be NUL-terminated.
 * @param[in]  len             Length of @p data.
 * @param[in]  name            Name used as the file in diagnostics; NULL for "<memory>".
 * @param[in]  opts            Options, or NULL for defaults.
 * @return As hpr_policy_load_file(), without #HPR_EIO unless the document
 *         refers to other files.
 * @ownership Copies what it needs from @p data; the caller owns the results.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_policy_load_buffer(hpr_policy **out, hpr_diagnostics **diagnostics_out,
                                          const char *data, size_t len, const char *name,
                                          const hpr_policy_options *opts);

/**
 * @brief Frees a policy.
 * @param[in] policy The policy, or NULL.
 * @ownership Takes ownership. hpr_policy_free(NULL) is a no-op. Every
 *            string borrowed from the policy becomes invalid.
 * @threadsafety No other thread may use the policy during or after the call.
 * @since 1.0
 */
HPR_API void hpr_policy_free(hpr_policy *policy);

/**
 * @brief The policy's `id`, e.g. "anhui-351-2017".
 * @param[in] policy A loaded policy.
 * @return The id, or NULL if @p policy is NULL.
 * @ownership Borrowed from @p policy.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_policy_id(const hpr_policy *policy);

/**
 * @brief The policy's human-readable `title`.
 * @param[in] policy A loaded policy.
 * @return The title, or NULL if @p policy is NULL.
 * @ownership Borrowed from @p policy.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_policy_title(const hpr_policy *policy);

/**
 * @brief The content fingerprint: "sha256:" and the SHA-256 of the
 *        document's bytes in lower-case hex.
 * @param[in] policy A loaded policy.
 * @return The fingerprint, or NULL if @p policy is NULL.
 * @ownership Borrowed from @p policy.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_policy_fingerprint(const hpr_policy *policy);

/**
 * @brief The document's `format` version (at most #HPR_POLICY_FORMAT_VERSION).
 * @param[in] policy A loaded policy.
 * @return The format version, or 0 if @p policy is NULL.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API int hpr_policy_format(const hpr_policy *policy);

/**
 * @brief Number of layers, in the order they pay.
 * @param[in] policy A loaded policy; NULL gives 0.
 * @return The count.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API size_t hpr_policy_layer_count(const hpr_policy *policy);

/**
 * @brief One layer's id and payer.
 * @param[in]  policy A loaded policy.
 * @param[in]  index  From 0 to hpr_policy_layer_count() - 1.
 * @param[out] payer  Receives the payer, e.g. "medical_assistance"; may be NULL.
 * @return The layer id; NULL if @p index is out of range.
 * @ownership Borrowed from @p policy.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_policy_layer(const hpr_policy *policy, size_t index, const char **payer);

/**
 * @brief Number of distinct payers of the policy's layers.
 * @param[in] policy A loaded policy; NULL gives 0.
 * @return The count.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API size_t hpr_policy_payer_count(const hpr_policy *policy);

/**
 * @brief One payer, in the order of the first layer it pays for.
 * @param[in] policy A loaded policy.
 * @param[in] index  From 0 to hpr_policy_payer_count() - 1.
 * @return The payer's name; NULL if @p index is out of range.
 * @ownership Static or borrowed from @p policy.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_policy_payer(const hpr_policy *policy, size_t index);

/**
 * @brief Number of population categories the policy declares.
 * @param[in] policy A loaded policy; NULL gives 0.
 * @return The count.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API size_t hpr_policy_category_count(const hpr_policy *policy);

/**
 * @brief One category's name; bit @p index of a category mask.
 * @param[in] policy A loaded policy.
 * @param[in] index  From 0 to hpr_policy_category_count() - 1.
 * @return The name; NULL if @p index is out of range.
 * @ownership Borrowed from @p policy.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_policy_category(const hpr_policy *policy, size_t index);

/**
 * @brief Number of relapse-risk monitoring rules.
 * @param[in] policy A loaded policy; NULL gives 0.
 * @return The count.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API size_t hpr_policy_monitor_count(const hpr_policy *policy);

/**
 * @brief One monitoring rule's id; bit @p index of a "crossed" mask.
 * @param[in]  policy A loaded policy.
 * @param[in]  index  From 0 to hpr_policy_monitor_count() - 1.
 * @param[out] label  Receives the rule's label; may be NULL.
 * @return The id; NULL if @p index is out of range.
 * @ownership Borrowed from @p policy.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API const char *hpr_policy_monitor(const hpr_policy *policy, size_t index, const char **label);

/**
 * @brief Describes a policy as JSON: metadata, sources and every dated
 *        parameter with its values and citations.
 *
 * The shape is documented in docs/policy-format.md ("Describing a policy").
 * Money is written as decimal strings with two decimals.
 *
 * @param[out] out    Receives the JSON text; NULL on failure.
 * @param[in]  policy A loaded policy.
 * @return #HPR_OK; #HPR_EINVAL if an argument is NULL; #HPR_ENOMEM.
 * @ownership The caller owns `*out` and frees it with hpr_free().
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_policy_describe(char **out, const hpr_policy *policy);

/**
 * @brief Looks up a money parameter by JSON pointer on a date.
 *
 * Every parameter may be dated (docs/policy-format.md): the value whose
 * start date is the latest on or before @p as_of is chosen.
 *
 * @param[out] out     Receives the amount in fen; 0 on failure.
 * @param[in]  policy  A loaded policy.
 * @param[in]  pointer JSON pointer of the parameter, e.g. "/parameters/income_line".
 * @param[in]  as_of   The date.
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument or a parameter that is
 *         not money; #HPR_ENOTFOUND if there is no parameter there, or it
 *         has no value in force on @p as_of.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_policy_param_money(hpr_money *out, const hpr_policy *policy,
                                          const char *pointer, hpr_date as_of);

/**
 * @brief Looks up a ratio parameter by JSON pointer on a date.
 * @param[out] out     Receives the ratio in millionths; 0 on failure.
 * @param[in]  policy  A loaded policy.
 * @param[in]  pointer JSON pointer of the parameter.
 * @param[in]  as_of   The date.
 * @return As hpr_policy_param_money(), for ratio parameters.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_policy_param_ratio(hpr_ratio *out, const hpr_policy *policy,
                                          const char *pointer, hpr_date as_of);

/**
 * @brief The source citation (`ref`) of a parameter's value on a date.
 * @param[out] out     Receives the citation, e.g. "sixian-2017 art. 3";
 *                     NULL on failure or when the value cites nothing.
 * @param[in]  policy  A loaded policy.
 * @param[in]  pointer JSON pointer of the parameter.
 * @param[in]  as_of   The date.
 * @return As hpr_policy_param_money(), for parameters of any type.
 * @ownership `*out` is borrowed from @p policy.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_policy_param_ref(const char **out, const hpr_policy *policy,
                                        const char *pointer, hpr_date as_of);

/**
 * @brief Number of diagnostics.
 * @param[in] diagnostics Diagnostics, or NULL.
 * @return The count; 0 for NULL.
 * @threadsafety Safe from any thread if nobody frees the diagnostics.
 * @since 1.0
 */
HPR_API size_t hpr_diagnostics_count(const hpr_diagnostics *diagnostics);

/**
 * @brief Number of diagnostics of error severity.
 * @param[in] diagnostics Diagnostics, or NULL.
 * @return The count; 0 for NULL.
 * @threadsafety Safe from any thread if nobody frees the diagnostics.
 * @since 1.0
 */
HPR_API size_t hpr_diagnostics_error_count(const hpr_diagnostics *diagnostics);

/**
 * @brief One diagnostic, in document order.
 * @param[in] diagnostics Diagnostics.
 * @param[in] index       0 to hpr_diagnostics_count() - 1.
 * @return The diagnostic, or NULL if @p diagnostics is NULL or @p index is
 *         out of range.
 * @ownership Borrowed from @p diagnostics.
 * @threadsafety Safe from any thread if nobody frees the diagnostics.
 * @since 1.0
 */
HPR_API const hpr_diagnostic *hpr_diagnostics_get(const hpr_diagnostics *diagnostics, size_t index);

/**
 * @brief Formats all diagnostics as lines
 *        "file:line:column: severity: pointer: message".
 * @param[out] out         Receives the text (empty if there are none); NULL on failure.
 * @param[in]  diagnostics Diagnostics.
 * @return #HPR_OK; #HPR_EINVAL if an argument is NULL; #HPR_ENOMEM.
 * @ownership The caller owns `*out` and frees it with hpr_free().
 * @threadsafety Safe from any thread if nobody frees the diagnostics.
 * @since 1.0
 */
HPR_API hpr_status hpr_diagnostics_format(char **out, const hpr_diagnostics *diagnostics);

/**
 * @brief Frees diagnostics.
 * @param[in] diagnostics Diagnostics, or NULL.
 * @ownership Takes ownership. hpr_diagnostics_free(NULL) is a no-op.
 * @threadsafety No other thread may use them during or after the call.
 * @since 1.0
 */
HPR_API void hpr_diagnostics_free(hpr_diagnostics *diagnostics);

HPR_END_DECL

/** @} */
#endif /* HPR_POLICY_H */
