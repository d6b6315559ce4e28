/* SPDX-License-Identifier: MIT */
/* Writing JSON text into an hpr__buf: escaping, money as "0.00" strings. */
#ifndef HPR_JWRITE_H
#define HPR_JWRITE_H

#include "core/core.h"

void hpr__jw_str(hpr__buf *b, const char *s);         /* "escaped", or null for NULL */
void hpr__jw_key(hpr__buf *b, const char *key);       /* "key": */
void hpr__jw_money(hpr__buf *b, hpr_money m);         /* "1234.50" */
void hpr__jw_ratio(hpr__buf *b, hpr_ratio r);         /* "0.65" */
void hpr__jw_date(hpr__buf *b, hpr_date d);           /* "2019-03-12" */
void hpr__jw_strs(hpr__buf *b, const char *const *v, size_t n); /* ["a","b"] */

#endif
