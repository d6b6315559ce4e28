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
/* Appends, as a JSON array, what a reversal changed: each claim the ledger
 * `old` counted from the reversed one (`from`) on whose amounts differ in
 * `now`, with what each layer paid and the patient paid before and after
 * (ledger_json.c). */
void hpr__ledger_write_changes(hpr__buf *b, const hpr_ledger *old, const hpr_ledger *now, size_t from);

struct hpr__param;
/* describe.c: a parameter's dated values, [{"from", "value", "ref", "assumed"}, ...]. */
void hpr__jw_param_values(hpr__buf *b, const struct hpr__param *p);

#endif
