/* SPDX-License-Identifier: MIT */
/* Languages and the message catalogues. A message is its English template
 * (the msgid, as in gettext); each other language has one catalogue, made
 * from its PO file (po/zh_CN.po) by scripts/po2c.py into a sorted table
 * (catalog_zh.c). hpr__tr looks a template up by the caller's language;
 * nothing here depends on the process locale. */
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "hpr/names.h"

const char *hpr_lang_name(hpr_lang lang)
{
    switch (lang) {
    case HPR_LANG_EN: return "en";
    case HPR_LANG_ZH: return "zh";
    default: return NULL;
    }
}

hpr_status hpr_lang_parse(hpr_lang *out, const char *text)
{
    if (!out || !text)
        return hpr__seterr(HPR_EINVAL, "hpr_lang_parse: %s is NULL", out ? "text" : "out");
    /* a language code in either case, alone or as a locale name: "zh",
     * "ZH", "zh_CN", "zh-Hans", "zh_CN.UTF-8"; a separator must be followed
     * by something ("zh_" is no locale) */
    char lc[3] = {0};
    for (int i = 0; i < 2 && text[i]; i++)
        lc[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
    bool tail_ok = text[0] && text[1] &&
                   (text[2] == '\0' || ((text[2] == '_' || text[2] == '-' || text[2] == '.') && text[3]));
    if (tail_ok && strcmp(lc, "zh") == 0) {
        *out = HPR_LANG_ZH;
        return HPR_OK;
    }
    if ((tail_ok && strcmp(lc, "en") == 0) || strcmp(text, "C") == 0 || strncmp(text, "C.", 2) == 0 ||
        strcmp(text, "POSIX") == 0) {
        *out = HPR_LANG_EN;
        return HPR_OK;
    }
    return hpr__seterr(HPR_EINVAL, "language \"%s\" is not one hpr writes: en (English) or zh (中文)",
                       text);
}

static int cmp_entry(const void *key, const void *entry)
{
    return strcmp(key, ((const hpr__tr_entry *)entry)->msgid);
}

const char *hpr__tr(hpr_lang lang, const char *msgid)
{
    if (lang != HPR_LANG_ZH)
        return msgid;
    const hpr__tr_entry *e =
        bsearch(msgid, hpr__catalog_zh, hpr__catalog_zh_n, sizeof *hpr__catalog_zh, cmp_entry);
    return e ? e->msgstr : msgid;
}

const char *hpr_translate(hpr_lang lang, const char *english)
{
    return english ? hpr__tr(lang, english) : NULL;
}
