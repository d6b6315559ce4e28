/* SPDX-License-Identifier: MIT */
/* The eligibility answer object (eligibility.c); io/eligibility_write.c
 * writes it as JSON. */
#ifndef HPR_ENGINE_ELIGIBILITY_H
#define HPR_ENGINE_ELIGIBILITY_H

#include "hpr/eligibility.h"
#include "model/policy.h"

struct hpr_eligibility {
    bool valid;
    hpr_lang lang;            /* of the reasons (hpr_eligibility_set_lang) */
    bool has_claim;
    hpr_date on;
    bool enrolled;
    size_t ncat;
    const char *cat[HPR__MAX_CATEGORIES];
    const char *cat_reason[HPR__MAX_CATEGORIES];
    int tfpl, one_stop;
    const char *tfpl_reason, *one_stop_reason;
    size_t nlayers;
    const char *layer[64];
    int applies[64];
    const char *layer_reason[64];
    hpr__arena arena;
    bool oom;
};

#endif
