/* SPDX-License-Identifier: MIT */
/* The three batches (三个一批): the classification of a claim and its
 * result object (classify.c). The rules are model/policy.h's
 * hpr__classify_rules, read by compile/classification.c. */
#ifndef HPR_ENGINE_CLASSIFY_H
#define HPR_ENGINE_CLASSIFY_H

#include "hpr/classify.h"
#include "hpr/lang.h"
#include "model/policy.h"


struct hpr_classification {
    bool valid;
    hpr_batch batch;
    const char *entry, *entry_name, *catalog; /* borrowed from the policy */
    const char *diagnosis;                    /* diagnosis_buf, or NULL */
    char diagnosis_buf[48];                   /* the matched code as given (cut at 47 bytes) */
    const char **reasons;                     /* arena */
    size_t nreasons, capreasons;
    bool want_reasons;
    hpr_lang lang;                            /* of the reasons (hpr_classification_set_lang) */
    bool oom;                                 /* a reason could not be recorded */
    hpr__arena arena;
};

/* Classifies; reasons only when c->want_reasons. categories and the
 * patient's payments so far this policy year come from the caller. */
hpr_status hpr__classify(hpr_classification *c, const struct hpr_policy *p, const hpr_person *person,
                         const hpr_claim *claim, hpr_date as_of, uint64_t categories,
                         hpr_money patient_before);
void hpr__classification_reset(hpr_classification *c);

#endif
