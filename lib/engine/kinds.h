/* SPDX-License-Identifier: MIT */
/* The layer kinds, one file each (kind_*.c), as settle.c drives them: a
 * kind gets the claim's facts and its layer's slice of the claim (what is
 * unpaid in the buckets it covers, its ledger entry before), and computes
 * what the layer pays, recording its explanation steps on the line. A new
 * layer kind is a new kind_*.c, its case in settle.c and its reader in
 * compile/layers.c. */
#ifndef HPR_ENGINE_KINDS_H
#define HPR_ENGINE_KINDS_H

#include "engine/settlement.h"
#include "model/policy.h"

/* One layer's part of a claim. */
typedef struct hpr__layer_io {
    const hpr__layer *L;
    hpr__sline *line;
    hpr_ledger_entry before;
    hpr_ledger_entry after;
    hpr_money unpaid_covered;  /* what the layer may pay at most */
    hpr_money covered_total;   /* the covered buckets after the waiver (target_ratio) */
    uint64_t mods_on;          /* the layer's modifiers whose condition holds (bit i: mods[i]) */
} hpr__layer_io;

/* Each sets *paid_out to the payment, or to -1 with the line's reason set
 * when the policy gives the layer no value for this claim; an error status
 * only for an arithmetic failure. */

/* share, remainder_share (kind_share.c); *shortfall_out: what the layer's
 * "shortfall" modifiers took away (Gansu 80号). Applies its own caps. */
hpr_status hpr__run_share(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid_out,
                          hpr_money *shortfall_out);
/* oop_cap (kind_oop_cap.c). */
void hpr__run_oop_cap(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid_out);
/* target_ratio (kind_target_ratio.c). */
hpr_status hpr__run_target_ratio(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io,
                                 hpr_money *paid_out);

/* extension (kind_extension.c). */
hpr_status hpr__run_extension(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid_out);

/* Formatting for explanation steps. */
static inline void hpr__fmt_money(char *buf, hpr_money m) { hpr_money_format(buf, HPR_MONEY_FORMAT_SIZE, m); }
static inline void hpr__fmt_ratio(char *buf, hpr_ratio r) { hpr_ratio_format(buf, HPR_RATIO_FORMAT_SIZE, r); }
/* " [ref]" of a parameter entry (three printf arguments for "%s%s%s"). */
#define HPR__REF(e) ((e) && (e)->ref ? " [" : ""), ((e) && (e)->ref ? (e)->ref : ""), ((e) && (e)->ref ? "]" : "")

#endif
