/* SPDX-License-Identifier: MIT */
/* The documents a policy or standards document cites ("sources"). */
#ifndef HPR_MODEL_SOURCE_H
#define HPR_MODEL_SOURCE_H

#include "core/core.h"

typedef struct hpr__source {
    const char *id;
    const char *title;
    const char *url;        /* may be NULL */
    const char *confidence; /* verified_text, secondary, unverified, assumption; may be NULL */
    const char *note;       /* may be NULL */
    hpr_date published;     /* the day the document was issued */
    hpr_date effective;     /* the day its rules take effect (may differ from published) */
    bool has_published, has_effective;
} hpr__source;

/* The source whose id is the first idlen bytes of id, or NULL. */
const hpr__source *hpr__source_find(const hpr__source *sources, size_t n, const char *id,
                                    size_t idlen);

#endif
