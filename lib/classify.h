/* SPDX-License-Identifier: MIT */
/* The three batches: the compiled "classification" section and the
 * classification of a claim (classify.c). */
#ifndef HPR_CLASSIFY_INTERNAL_H
#define HPR_CLASSIFY_INTERNAL_H

#include "hpr/classify.h"
#include "monitor.h"
#include "param.h"

struct hpr__reader;
struct hpr_policy;

typedef struct hpr__batch_rule {
    bool present;
    int catalog;              /* index into policy->catalogs; -1 none */
    uint8_t claim_types;      /* bit mask; 0 any */
    bool designated_required; /* the facility must be designated for the entry */
    const char *ref;
    const hpr__param *burden_above; /* severe_illness: money */
} hpr__batch_rule;

typedef struct hpr__classify_rules {
    bool present;
    uint64_t population;      /* categories the batches serve; 0: everyone */
    hpr__batch_rule rule[4];  /* indexed by hpr_batch; rule[0] unused */
} hpr__classify_rules;

struct hpr_classification {
    bool valid;
    hpr_batch batch;
    const char *entry, *entry_name, *catalog; /* borrowed from the policy */
    const char *diagnosis;                    /* diagnosis_buf, or NULL */
    char diagnosis_buf[48];                   /* the matched code as given (cut at 47 bytes) */
    const char **reasons;                     /* arena */
    size_t nreasons, capreasons;
    bool want_reasons;
    bool oom;                                 /* a reason could not be recorded */
    hpr__arena arena;
};

/* The "classification" section (after categories and catalogs are read). */
void hpr__read_classification(struct hpr__reader *r, const void *root);

/* Classifies; reasons only when c->want_reasons. categories and the
 * patient's payments so far this policy year come from the caller. */
hpr_status hpr__classify(hpr_classification *c, const struct hpr_policy *p, const hpr_person *person,
                         const hpr_claim *claim, hpr_date as_of, uint64_t categories,
                         hpr_money patient_before);
void hpr__classification_reset(hpr_classification *c);

#endif
