/* SPDX-License-Identifier: MIT */
/* A parsed JSON document with a position for every value.
 *
 * cJSON keeps no positions, so a strict pre-scan walks the text first:
 * it rejects anything that is not RFC 8259 JSON in valid UTF-8 (with a
 * line and column), and records each value's offset, length, line and
 * column in document order. Document order is the pre-order of cJSON's
 * tree (cJSON keeps members in order, duplicates included), so the n-th
 * scanned value is the n-th node of a pre-order walk. Because the text is
 * known valid before cJSON sees it, cJSON's global error pointer is never
 * written, which keeps parsing thread-safe. */
#ifndef HPR_JDOC_H
#define HPR_JDOC_H

#include <cjson/cJSON.h>

#include "core/core.h"

/* Deepest nesting accepted (cJSON's own limit is 1000). */
#define HPR__JSON_MAX_DEPTH 256

typedef struct hpr__jpos {
    uint32_t offset;     /* first byte of the value */
    uint32_t length;     /* bytes of the value (for numbers: the exact text) */
    uint32_t line;       /* 1-based */
    uint32_t column;     /* 1-based, in code points */
    uint32_t key_line;   /* position of the member's key, 0 if not a member */
    uint32_t key_column;
} hpr__jpos;

typedef struct hpr__jnode {
    const cJSON *node;
    uint32_t index;
} hpr__jnode;

typedef struct hpr__jdoc {
    cJSON *root;
    const char *text;    /* borrowed: must outlive the jdoc */
    size_t len;
    hpr__jpos *pos;      /* document order */
    size_t npos;
    hpr__jnode *map;     /* sorted by node address */
} hpr__jdoc;

typedef struct hpr__jerror {
    int line;
    int column;
    char message[200];
} hpr__jerror;

/* HPR_OK, HPR_EPARSE (err filled, no error record set), HPR_ENOMEM
 * (error record set). On failure the jdoc is empty. */
hpr_status hpr__jdoc_parse(hpr__jdoc *doc, const char *text, size_t len, hpr__jerror *err);
void hpr__jdoc_dispose(hpr__jdoc *doc);
/* The position of a node of doc->root; NULL if it is not one. */
const hpr__jpos *hpr__jdoc_pos(const hpr__jdoc *doc, const cJSON *node);
/* The exact source text of a number node. */
const char *hpr__jdoc_raw(const hpr__jdoc *doc, const cJSON *node, size_t *len);

#endif
