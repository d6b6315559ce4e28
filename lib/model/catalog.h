/* SPDX-License-Identifier: MIT */
/* Disease catalogs: dated entries with ICD-10 codes, prefixes and ranges,
 * compiled into sorted integer intervals so that matching a code is a
 * binary search, not a scan of strings. */
#ifndef HPR_MODEL_CATALOG_H
#define HPR_MODEL_CATALOG_H

#include "core/core.h"

struct hpr_policy;

typedef struct hpr__centry {
    const char *id;
    const char *name;
    const char *ref;     /* may be NULL */
    const char *codes;   /* the code patterns as written, ", "-joined, for reasons */
    hpr_date from, to;   /* on the list from .. to (inclusive); to INT32_MAX when open */
    int min_age, max_age; /* whole years on the as-of date; -1 when open */
} hpr__centry;

/* A code pattern as an interval of packed codes (see hpr__icd_pack). */
typedef struct hpr__cinterval {
    uint64_t lo, hi;
    uint32_t entry;
} hpr__cinterval;

typedef struct hpr__catalog {
    const char *name;      /* the policy's name for it ("serious") */
    const char *id;        /* the catalog document's id */
    const char *title;
    const char *mapping;   /* note on where the ICD-10 codes come from */
    bool official_codes;   /* false: the project's own mapping (DOMAIN 1.1) */
    hpr__centry *entries;
    size_t nentries;
    hpr__cinterval *iv;    /* sorted by lo */
    uint64_t *maxhi;       /* maxhi[i] = max(iv[0..i].hi) */
    size_t niv;
} hpr__catalog;

/* Packs a normalised ICD-10 code (upper-case letters and digits, dots and
 * spaces dropped) into 8 bytes, big-endian, zero-padded, so that integer
 * order is string order. Returns false if the code has other characters or
 * is empty; codes longer than 8 are cut (matching uses at most 8). */
bool hpr__icd_pack(const char *code, uint64_t *out, int *len_out);

/* A packed code of n significant bytes with the rest set to 0xff: the
 * highest code it is a prefix of (the top of a prefix or range pattern). */
static inline uint64_t hpr__icd_pad_high(uint64_t v, int n) { return n >= 8 ? v : v | (UINT64_MAX >> (8 * n)); }

/* The entries whose patterns match the code, in catalog order; at most
 * `cap` are written. Returns how many match (may exceed cap). */
size_t hpr__catalog_match(const hpr__catalog *c, uint64_t packed, uint32_t *out, size_t cap);

/* Index of a catalog by its policy name, or -1. */
int hpr__catalog_index(const struct hpr_policy *p, const char *name);

#endif
