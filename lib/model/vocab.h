/* SPDX-License-Identifier: MIT */
/* The fixed vocabularies of the policy format and the public API: facility
 * levels, locations, claim types, batches, payers, cost buckets and layer
 * kinds, each a NULL-terminated list of names indexed by its enum value
 * (vocab.c; the public hpr_<enum>_name / _parse are in hpr/names.h). */
#ifndef HPR_MODEL_VOCAB_H
#define HPR_MODEL_VOCAB_H

#include "core/core.h"

#define HPR__MAX_STATUS_KINDS 64
#define HPR__MAX_CATEGORIES 64
#define HPR__NLEVELS 5
#define HPR__NLOCATIONS 4
#define HPR__NCLAIM_TYPES 3
#define HPR__NBUCKETS 3
#define HPR__NBATCHES 4

/* Cost buckets, in their JSON names' order. */
enum { HPR__B_IN_SCOPE = 0, HPR__B_CLASS_B_SELF = 1, HPR__B_OUT_OF_CATALOG = 2 };
extern const char *const hpr__bucket_names[];      /* NULL-terminated */
extern const char *const hpr__level_names[];
extern const char *const hpr__location_names[];
extern const char *const hpr__claim_type_names[];
extern const char *const hpr__batch_names[];       /* none, serious_disease, chronic_disease, severe_illness */
extern const char *const hpr__payer_names[];
#define HPR__NPAYERS 6
extern const char *const hpr__kind_names[];        /* indexed by hpr__layer_kind */

#endif
