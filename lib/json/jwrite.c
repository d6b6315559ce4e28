/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "json/jwrite.h"

void hpr__jw_str(hpr__buf *b, const char *s)
{
    if (!s) {
        hpr__buf_put(b, "null", 4);
        return;
    }
    hpr__buf_put(b, "\"", 1);
    const char *run = s;
    for (const char *c = s; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        hpr__buf_put(b, run, (size_t)(c - run));
        switch (u) {
        case '"': hpr__buf_put(b, "\\\"", 2); break;
        case '\\': hpr__buf_put(b, "\\\\", 2); break;
        case '\n': hpr__buf_put(b, "\\n", 2); break;
        case '\t': hpr__buf_put(b, "\\t", 2); break;
        case '\r': hpr__buf_put(b, "\\r", 2); break;
        default: hpr__buf_putf(b, "\\u%04x", u); break;
        }
        run = c + 1;
    }
    hpr__buf_puts(b, run);
    hpr__buf_put(b, "\"", 1);
}

void hpr__jw_key(hpr__buf *b, const char *key)
{
    hpr__jw_str(b, key);
    hpr__buf_put(b, ":", 1);
}

void hpr__jw_money(hpr__buf *b, hpr_money m)
{
    char t[HPR_MONEY_FORMAT_SIZE];
    hpr_money_format(t, sizeof t, m);
    hpr__buf_putf(b, "\"%s\"", t);
}

void hpr__jw_ratio(hpr__buf *b, hpr_ratio r)
{
    char t[HPR_RATIO_FORMAT_SIZE];
    hpr_ratio_format(t, sizeof t, r);
    hpr__buf_putf(b, "\"%s\"", t);
}

void hpr__jw_date(hpr__buf *b, hpr_date d)
{
    char t[HPR_DATE_FORMAT_SIZE];
    if (hpr_date_format(t, sizeof t, d) != HPR_OK) {
        hpr__buf_put(b, "null", 4);
        return;
    }
    hpr__buf_putf(b, "\"%s\"", t);
}

void hpr__jw_strs(hpr__buf *b, const char *const *v, size_t n)
{
    hpr__buf_put(b, "[", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            hpr__buf_put(b, ",", 1);
        hpr__jw_str(b, v[i]);
    }
    hpr__buf_put(b, "]", 1);
}
