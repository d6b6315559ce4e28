/* SPDX-License-Identifier: MIT */
/* Message catalogues (lang.c). A text for people is written in the source
 * as its English template inside HPR__T(lang, "..."): xgettext extracts
 * the templates (keyword HPR__T:2, and HPR__N for a template stored before
 * it is translated), po/zh_CN.po holds their Chinese, and the compiler
 * checks every call's arguments against the English template (format_arg). */
#ifndef HPR_CORE_LANG_H
#define HPR_CORE_LANG_H

#include "core/core.h"
#include "hpr/lang.h"

typedef struct hpr__tr_entry {
    const char *msgid;
    const char *msgstr;
} hpr__tr_entry;

/* catalog_zh.c, generated: sorted by msgid (strcmp). */
extern const hpr__tr_entry hpr__catalog_zh[];
extern const size_t hpr__catalog_zh_n;

/* The template in lang; the English msgid itself when lang is English or
 * the catalogue lacks it (a test keeps the catalogue complete). */
const char *hpr__tr(hpr_lang lang, const char *msgid) __attribute__((format_arg(2)));

#define HPR__T(lang, msgid) hpr__tr((lang), (msgid))
/* Marks a template for the catalogue where it is stored, to be translated
 * by HPR__T(lang, stored) when it is written out. */
#define HPR__N(msgid) (msgid)

#endif
