/* SPDX-License-Identifier: MIT */
/* Short keys for matching ids (layer ids against ledger entries). */
#ifndef HPR_CORE_IDKEY_H
#define HPR_CORE_IDKEY_H

#include <string.h>

#include "core/core.h"

/* The first 16 bytes of an id, zero padded. Two ids are the same when their
 * keys are and, for ids of 16 bytes or more, the rest compares equal: most
 * layer ids are short, so matching a ledger entry to a layer is two loads
 * and compares instead of a strcmp. */
typedef struct hpr__idkey {
    unsigned char b[16];
} hpr__idkey;

static inline hpr__idkey hpr__idkey_of(const char *id)
{
    hpr__idkey k;
    memset(&k, 0, sizeof k);
    for (size_t i = 0; i < sizeof k.b && id[i]; i++)
        k.b[i] = (unsigned char)id[i];
    return k;
}

static inline bool hpr__idkey_same(const hpr__idkey *a, const char *aid, const hpr__idkey *b,
                                   const char *bid)
{
    return memcmp(a->b, b->b, sizeof a->b) == 0 && (a->b[15] == 0 || strcmp(aid + 16, bid + 16) == 0);
}

#endif
