/* SPDX-License-Identifier: MIT */
#ifndef HPR_SETTLEMENT_INTERNAL_H
#define HPR_SETTLEMENT_INTERNAL_H

#include "classify.h"
#include "layers.h"

typedef struct hpr__sline {
    hpr_settlement_line pub;
    const char **steps; /* arena */
    size_t capsteps;
} hpr__sline;

typedef struct hpr__warning {
    const char *code;
    const char *message;
} hpr__warning;

struct hpr_settlement {
    bool valid;
    bool explain;
    bool oom;                        /* a step or warning could not be recorded */
    const struct hpr_policy *policy; /* borrowed: strings of lines point into it */
    const char *claim_id;            /* claim_id_buf, or the arena when longer */
    char claim_id_buf[64];
    hpr_date as_of;
    int policy_year;
    hpr_money total, waiver, paid, patient, patient_year;
    hpr_money patient_by_bucket[HPR__NBUCKETS];
    uint64_t categories;
    bool enrolled;
    int8_t tfpl, one_stop;           /* 1, 0, or -1 when the policy states no rule */
    int batch;
    hpr_classification cls;          /* the three-batch classification */
    const char *crossed[64];         /* monitoring rules crossed at this claim (borrowed ids) */
    size_t ncrossed;
    hpr__sline *lines;
    size_t nlines;
    size_t caplines;
    hpr__warning *warnings; /* arena */
    size_t nwarnings;
    size_t capwarnings;
    hpr__arena arena;               /* explanation text, ids; emptied per settle */
};

/* hpr_settle() after its checks: s was reset for the policy's layers, the
 * person and the claim are valid. kinds, when not NULL, holds the index
 * of each of the person's status kinds in the policy (-1: unknown), so
 * the batch looks the names up once per person (and warns of unknown kinds
 * itself, once). flags: hpr_settle_flag bits. */
hpr_status hpr__settle_valid(hpr_settlement *s, hpr_ledger *ledger, const struct hpr_policy *p,
                             const hpr_person *person, const int *kinds, const hpr_claim *claim,
                             uint32_t flags);

/* Empties the settlement and sizes it for n lines; the lines' contents
 * are left for the caller to set. */
hpr_status hpr__settlement_reset(hpr_settlement *s, size_t nlines);
void hpr__settlement_step(hpr_settlement *s, hpr__sline *line, const char *fmt, ...) HPR__PRINTF(3, 4);
void hpr__settlement_warn(hpr_settlement *s, const char *code, const char *fmt, ...) HPR__PRINTF(3, 4);
void hpr__settlement_write(hpr__buf *b, const hpr_settlement *s);

#endif
