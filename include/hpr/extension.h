/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/extension.h
 * @brief Extension functions: local rules the built-in layer kinds cannot
 *        express, supplied by the embedding application and called through
 *        libffi with signatures known only when a policy is loaded.
 *
 * The host decides what code may run; a policy only declares what it
 * calls. The application fills an ::hpr_extensions registry (functions it
 * links, or named symbols of a shared library it names itself), passes it
 * in ::hpr_policy_options (version 3), and loading checks every function
 * the policy's `extensions` section declares against it. A policy never
 * causes code to be loaded. docs/extensions.md has the policy side.
 *
 * **Types.** A signature is text: `"ret(type, type, ...)"`, e.g.
 * `"money(money, money, int)"` or `"bool(money, int)"`, spaces optional.
 * Each type name is passed and returned as a C type:
 *
 * | name    | C type         | meaning |
 * |---------|----------------|---------|
 * | `money` | `int64_t`      | fen (::hpr_money) |
 * | `ratio` | `int64_t`      | millionths (::hpr_ratio) |
 * | `date`  | `int32_t`      | day number (::hpr_date) |
 * | `int`   | `int32_t`      | a whole number |
 * | `bool`  | `int32_t`      | 0 or 1 |
 * | `text`  | `const char *` | read-only, NUL-terminated, valid for the call only |
 *
 * No floating point. At most 16 parameters.
 *
 * **Threads.** The batch calls extension functions from several threads at
 * once: they must be thread-safe, and must not call back into the
 * settlement that calls them.
 */
#ifndef HPR_EXTENSION_H
#define HPR_EXTENSION_H

#include "hpr/common.h"
#include "hpr/errors.h"

HPR_BEGIN_DECL

/** A registry of extension functions (opaque). */
typedef struct hpr_extensions hpr_extensions;

/** Any function pointer; cast yours to it when registering. */
typedef void (*hpr_extension_fn)(void);

/** The most parameters an extension function may take. */
#define HPR_EXTENSION_MAX_PARAMS 16

/**
 * @brief Creates an empty registry.
 * @param[out] out Receives the registry; free it with hpr_extensions_free().
 * @return #HPR_OK; #HPR_EINVAL if @p out is NULL; #HPR_ENOMEM.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_extensions_create(hpr_extensions **out);

/**
 * @brief Releases the caller's reference to a registry.
 *
 * Every policy compiled with the registry holds a reference of its own, so
 * the functions and the shared libraries they came from stay loaded until
 * the last such policy is freed too. NULL is ignored.
 * @param[in] extensions The registry.
 * @threadsafety Safe from any thread, once per create.
 * @since 1.1
 */
HPR_API void hpr_extensions_free(hpr_extensions *extensions);

/**
 * @brief Registers a function by name with its signature.
 * @param[in] extensions The registry; it must not have compiled a policy yet.
 * @param[in] name       `[a-z][a-z0-9_]*`, at most 64 bytes, not yet registered.
 * @param[in] signature  E.g. `"money(money, money, int)"` (see the file's description).
 * @param[in] fn         The function, cast to ::hpr_extension_fn.
 * @return #HPR_OK; #HPR_EINVAL for a NULL argument, a bad name, a name
 *         registered before, a signature that does not parse (the message
 *         says where), or a registry already used to compile a policy;
 *         #HPR_ENOMEM.
 * @threadsafety Not with other calls on the same registry.
 * @since 1.1
 */
HPR_API hpr_status hpr_extensions_add(hpr_extensions *extensions, const char *name, const char *signature,
                                      hpr_extension_fn fn);

/**
 * @brief Registers a symbol of a shared library the application names.
 *
 * The library is opened with dlopen (once per path; kept open while the
 * registry is) and @p symbol looked up in it. The path comes from the
 * application, never from a policy.
 * @param[in] extensions The registry, as for hpr_extensions_add().
 * @param[in] library    The shared library's path (a file: a name without a `/` is relative to
 *                       the current directory, never searched for by the dynamic linker).
 * @param[in] name       The name policies call it by.
 * @param[in] signature  Its signature.
 * @param[in] symbol     The symbol in the library; NULL: @p name.
 * @return #HPR_OK; #HPR_EIO when the library cannot be opened or has no
 *         such symbol (dlerror's text in the message); otherwise as
 *         hpr_extensions_add().
 * @threadsafety Not with other calls on the same registry.
 * @since 1.1
 */
HPR_API hpr_status hpr_extensions_load(hpr_extensions *extensions, const char *library, const char *name,
                                       const char *signature, const char *symbol);

/** One function of a shared library's table (hpr_extensions_load_table()). */
typedef struct hpr_extension_entry {
    const char      *name;      /**< The name policies call it by; NULL ends the table. */
    const char      *signature; /**< Its signature. */
    hpr_extension_fn fn;        /**< The function. */
} hpr_extension_entry;

/**
 * @brief Registers every function of a shared library's table.
 *
 * Opens the library (dlopen) and registers each entry of its exported
 * array `const hpr_extension_entry hpr_extension_table[]`, which ends with
 * an entry whose name is NULL. The way `hpr --extension-library PATH` loads
 * a library the user names.
 * @param[in] extensions The registry, as for hpr_extensions_add().
 * @param[in] library    The shared library's path.
 * @return #HPR_OK; #HPR_EIO when the library cannot be opened or exports no
 *         table; otherwise as hpr_extensions_add() for the first entry that
 *         fails (the entries before it stay registered).
 * @threadsafety Not with other calls on the same registry.
 * @since 1.1
 */
HPR_API hpr_status hpr_extensions_load_table(hpr_extensions *extensions, const char *library);

/**
 * @brief Called by an extension function, during its call, to fail it.
 *
 * The claim being settled fails with @p message (its result is ignored);
 * in the batch only its row fails. For functions that cannot return a
 * meaningful value: a Python callable that raised, a lookup that failed.
 * @param[in] message Why; copied (at most 255 bytes). NULL: "failed".
 * @threadsafety Safe from any thread; it concerns the calling thread's call.
 * @since 1.1
 */
HPR_API void hpr_extension_fail(const char *message);

/**
 * @brief The number of registered functions.
 * @param[in] extensions The registry, or NULL.
 * @return The count; 0 for NULL.
 * @threadsafety Safe from any thread while the registry is not changed.
 * @since 1.1
 */
HPR_API size_t hpr_extensions_count(const hpr_extensions *extensions);

/**
 * @brief A registered function's name and its signature in canonical form.
 * @param[in]  extensions The registry.
 * @param[in]  index      0 .. count - 1.
 * @param[out] signature  Receives the signature (`"money(money,money,int)"`); may be NULL.
 * @return The name, or NULL past the end; strings owned by the registry.
 * @threadsafety Safe from any thread while the registry is not changed.
 * @since 1.1
 */
HPR_API const char *hpr_extensions_get(const hpr_extensions *extensions, size_t index, const char **signature);

HPR_END_DECL

#endif /* HPR_EXTENSION_H */
