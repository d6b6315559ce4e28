/* SPDX-License-Identifier: MIT */
/* The engine as the layers above it call it (batch/ settles rows, io/
 * settles JSON requests): check the inputs once, then settle checked
 * claims. Nothing else in engine/ is meant for them; batch/ includes only
 * this header of engine/ and reads results through the public API. */
#ifndef HPR_ENGINE_H
#define HPR_ENGINE_H

#include "core/core.h"

struct hpr_policy;

/* Checks a person (version, id, dates, periods, income) as hpr_settle()
 * does; HPR_OK or the error, with the record set. */
hpr_status hpr__check_person(const hpr_person *p);
/* Checks a claim (version, enums, dates, costs and their sum). */
hpr_status hpr__check_claim(const hpr_claim *c);

/* The index of each of the person's status kinds among the policy's (-1
 * if undeclared) into kinds (person->nstatuses items), so that a caller
 * settling many claims of one person looks the names up once. */
void hpr__status_kinds(const struct hpr_policy *p, const hpr_person *person, int *kinds);

/* Settles a claim of a checked person: checks the claim (as hpr_settle()
 * does) and settles it. The one way the layers above settle: hpr_settle()
 * is this after checking its arguments and the person. kinds, when not
 * NULL, is hpr__status_kinds() of the person, and the caller warns of
 * unknown kinds itself, once per person; when NULL, an unknown kind gives
 * the claim one "unknown_status" warning. flags: hpr_settle_flag bits. */
hpr_status hpr__settle_claim(hpr_settlement *s, hpr_ledger *ledger, const struct hpr_policy *p,
                             const hpr_person *person, const int *kinds, const hpr_claim *claim,
                             uint32_t flags);

/* Of a settlement hpr__settle_claim() made valid, what the public API does
 * not give: the categories the person was in (bit i: the policy's category
 * i) and the monitoring rules crossed (bit i: the policy's rule i). */
uint64_t hpr__settlement_categories(const hpr_settlement *s);
uint64_t hpr__settlement_crossed_mask(const hpr_settlement *s);

/* Reads settle options (NULL: the defaults) into flags and a language. */
hpr_status hpr__settle_opts(const hpr_settle_options *opts, uint32_t *flags, hpr_lang *lang);

/* Takes the counted claim claim_id out of a ledger and settles claims (n,
 * in order; each result into results[i] when results and it are not
 * NULL) on the ledger as it was before that claim: hpr_settle_reverse().
 * Every claim counted after claim_id must be among claims, unchanged. The
 * ledger changes only on success; old_out, when not NULL, then receives
 * the ledger as it was (the caller frees it). kinds as for
 * hpr__settle_claim(). */
hpr_status hpr__settle_reverse(hpr_ledger *ledger, const struct hpr_policy *p, const hpr_person *person,
                               const int *kinds, const char *claim_id, const hpr_claim *const *claims, size_t n,
                               hpr_settlement *const *results, hpr_lang lang, uint32_t flags,
                               hpr_ledger **old_out);

/* Whether the ledger has counted a claim with this id this policy year. */
bool hpr__ledger_counted(const hpr_ledger *l, const char *id);

/* Empties a ledger for another person, keeping its memory. */
void hpr__ledger_reset(hpr_ledger *l);

#endif
