/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/common.h
 * @brief Export macros and C/C++ linkage helpers shared by every hpr header.
 *
 * Nothing here is called directly; every other public header includes it.
 */
#ifndef HPR_COMMON_H
#define HPR_COMMON_H

#include <stddef.h>
#include <stdint.h>

/**
 * @def HPR_BEGIN_DECL
 * Opens a block of declarations with C linkage when compiled as C++.
 * @def HPR_END_DECL
 * Closes a block opened by #HPR_BEGIN_DECL.
 * @def HPR_API
 * Marks a function as part of the exported, stable ABI: default
 * visibility on GCC and Clang, dllexport/dllimport on Windows.
 * @def HPR_DEPRECATED
 * Marks a symbol as deprecated; it stays until the next ABI major.
 */
#ifdef __cplusplus
# define HPR_BEGIN_DECL extern "C" {
# define HPR_END_DECL   }
#else
# define HPR_BEGIN_DECL
# define HPR_END_DECL
#endif

/*
 * HPR_BUILDING: set privately by CMake while compiling lib/.
 * HPR_STATIC:   set publicly by CMake (and libhpr.pc) for static builds.
 */
#if defined(_WIN32) && !defined(HPR_STATIC)
# ifdef HPR_BUILDING
#  define HPR_API __declspec(dllexport)
# else
#  define HPR_API __declspec(dllimport)
# endif
#elif defined(__GNUC__) && __GNUC__ >= 4
# define HPR_API __attribute__((visibility("default")))
#else
# define HPR_API
#endif

#if defined(__GNUC__)
# define HPR_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(_MSC_VER)
# define HPR_DEPRECATED(msg) __declspec(deprecated(msg))
#else
# define HPR_DEPRECATED(msg)
#endif

HPR_BEGIN_DECL

/**
 * @brief Releases memory that libhpr handed to the caller.
 *
 * Use it for every `char *` the library returns (JSON responses,
 * formatted diagnostics). Never pass such memory to `free()` directly:
 * the library and the caller may use different allocators.
 *
 * @param[in] ptr Memory returned by libhpr, or NULL.
 * @ownership Takes ownership of @p ptr. hpr_free(NULL) is a no-op.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API void hpr_free(void *ptr);

HPR_END_DECL

#endif /* HPR_COMMON_H */
