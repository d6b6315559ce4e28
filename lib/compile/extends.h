/* SPDX-License-Identifier: MIT */
/* Policy inheritance (docs/policy-format.md "Inheritance"): a document
 * that "extends" a base is merged into it, as JSON, before anything is
 * compiled. The chain keeps every document's parse, so a value keeps the
 * file and line it was written at wherever the merge moved it, and a
 * value given by "set" remembers the one it replaced (a dated value set
 * from a date keeps the base's earlier entries). */
#ifndef HPR_COMPILE_EXTENDS_H
#define HPR_COMPILE_EXTENDS_H

#include "compile/reader.h"
#include "model/policy.h"

/* Longest chain: a nation, a province, a city, a county, and room. */
#define HPR__CHAIN_MAX 8

typedef struct hpr__chain_doc {
    hpr__pdoc src;
    hpr__jdoc jdoc;
    char *owned;      /* text and names read from disk (freed with the chain) */
    char *real;       /* resolved path, for cycles; NULL for a document from memory */
    const char *id;   /* its "id", or NULL */
} hpr__chain_doc;

typedef struct hpr__overlay {
    const cJSON *node; /* a value "set" put in */
    const cJSON *old;  /* the base's value it replaced */
} hpr__overlay;

typedef struct hpr__chain {
    hpr__chain_doc doc[HPR__CHAIN_MAX]; /* doc[0] the document loaded; doc[i + 1] what doc[i] extends */
    size_t n;
    cJSON *root;       /* the merged document */
    cJSON *graveyard;  /* nodes the merge took out: kept alive so no address is reused */
    hpr__overlay *overlay;
    size_t noverlay, capoverlay;
    struct hpr__kindex *index; /* names of the big objects and arrays merged into (extends.c) */
    size_t nindex, capindex;
} hpr__chain;

typedef enum hpr__chain_result {
    HPR__CHAIN_OK = 0,     /* merged; r->diag may hold errors of the merge */
    HPR__CHAIN_FAILED = 1, /* a document could not be read or parsed (reported) */
    HPR__CHAIN_NEWER = 2,  /* a document of a newer format (reported) */
    HPR__CHAIN_OOM = 3,
    HPR__CHAIN_PARSE = 4   /* a document is not JSON (reported) */
} hpr__chain_result;

/* Parses top, follows its "extends" (or, when bases is given, takes those
 * documents in order instead of reading any file) and merges the chain
 * into c->root. Errors go to r->diag, located in the document that wrote
 * the offending value; r->fingerprint takes every document's bytes in
 * chain order. `patch`: top is a patch for bases[0] and may not name a
 * base itself. On return r->doc, r->file and r->chain point into c. */
hpr__chain_result hpr__chain_build(hpr__chain *c, hpr__reader *r, const hpr__pdoc *top,
                                   const hpr__pdoc *bases, size_t nbases, bool patch);
void hpr__chain_dispose(hpr__chain *c);

/* The value a "set" replaced with node, or NULL. */
const cJSON *hpr__chain_replaced(const hpr__chain *c, const cJSON *node);

#endif
