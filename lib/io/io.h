/* SPDX-License-Identifier: MIT */
/* Writing results as JSON (the JSON entry points and the *_to_json
 * functions share these). */
#ifndef HPR_IO_H
#define HPR_IO_H

#include "core/core.h"

/* Appends the settlement as a JSON object (settlement_json.c). */
void hpr__settlement_write(hpr__buf *b, const hpr_settlement *s);
/* Appends the ledger as a JSON object (ledger_json.c). */
void hpr__ledger_write(hpr__buf *b, const hpr_ledger *l);

struct hpr__param;
/* describe.c: a parameter's dated values, [{"from", "value", "ref", "assumed"}, ...]. */
void hpr__jw_param_values(hpr__buf *b, const struct hpr__param *p);

#endif
