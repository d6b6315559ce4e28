/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/lang.h
 * @brief The languages hpr writes its texts in.
 *
 * @defgroup hpr_lang Languages
 * Every text the library writes for people (explanation steps, reasons,
 * warnings, labels) exists in Chinese and English. The language is chosen
 * per call (hpr_settle_options.lang, hpr_classification_set_lang(), a
 * request's "lang"), never per process: two threads may settle in two
 * languages at once. English is the default. Machine-readable names (JSON
 * members, CSV columns, layer and payer ids, warning codes) never change
 * with the language.
 * @{
 */
#ifndef HPR_LANG_H
#define HPR_LANG_H

#include "hpr/common.h"
#include "hpr/errors.h"

HPR_BEGIN_DECL

/** A language of the library's texts. Part of the ABI. */
typedef enum hpr_lang {
    HPR_LANG_EN = 0, /**< English (the default). */
    HPR_LANG_ZH = 1  /**< Simplified Chinese (简体中文). */
} hpr_lang;

/** The number of languages (::hpr_lang values). */
#define HPR_LANGS 2

/**
 * @brief A language's code: "en" or "zh".
 * @param[in] lang A language.
 * @return The code; NULL for another value.
 * @ownership Static storage.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_lang_name(hpr_lang lang);

/**
 * @brief The language of a code or a locale name.
 *
 * Takes "en", "zh" and locale names as LANG and LC_MESSAGES give them:
 * "zh_CN.UTF-8", "zh-CN", "zh_TW" are Chinese; "en_US.UTF-8", "C",
 * "POSIX" are English.
 *
 * @param[out] out  Receives the language.
 * @param[in]  text The code or locale name.
 * @return #HPR_OK; #HPR_EINVAL for NULL or a language hpr does not have
 *         (the message lists those it has).
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_lang_parse(hpr_lang *out, const char *text);

HPR_END_DECL

/** @} */
#endif
