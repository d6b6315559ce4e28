/* SPDX-License-Identifier: MIT */
/* The settlement result object (settlement.c): what hpr_settle fills and
 * the public accessors read. The engine records steps and warnings in it;
 * io/settlement_json.c writes it out. */
#ifndef HPR_ENGINE_SETTLEMENT_H
#define HPR_ENGINE_SETTLEMENT_H

#include "engine/classify.h"
#include "engine/engine.h"
#include "model/vocab.h"

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
    uint64_t crossed_mask;           /* the same rules as bits (bit i: the policy's rule i) */
    hpr__sline *lines;
    size_t nlines;
    size_t caplines;
    hpr__warning *warnings; /* arena */
    size_t nwarnings;
    size_t capwarnings;
    hpr__arena arena;               /* explanation text, ids; emptied per settle */
    hpr_lang lang;                  /* of steps, reasons, warnings and names: hpr__settlement_set_lang */
};

/* The language of what the next settles write (and of their classification). */
static inline void hpr__settlement_set_lang(hpr_settlement *s, hpr_lang lang)
{
    s->lang = lang;
    s->cls.lang = lang;
}

/* Empties the settlement and sizes it for n lines; the lines' contents
 * are left for the caller to set. */
hpr_status hpr__settlement_reset(hpr_settlement *s, size_t nlines);
void hpr__settlement_step(hpr_settlement *s, hpr__sline *line, const char *fmt, ...) HPR__PRINTF(3, 4);
void hpr__settlement_warn(hpr_settlement *s, const char *code, const char *fmt, ...) HPR__PRINTF(3, 4);

#endif
