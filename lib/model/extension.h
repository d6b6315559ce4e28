/* SPDX-License-Identifier: MIT */
/* Extension functions (hpr/extension.h): the registry the application
 * fills, the signature vocabulary, and the compiled calls a policy makes
 * (a layer of kind "extension", a condition member "extension"), with the
 * libffi call interface prepared at load. Calling is engine/extension.c;
 * reading the policy's declarations and calls is compile/extensions.c. */
#ifndef HPR_MODEL_EXTENSION_H
#define HPR_MODEL_EXTENSION_H

#include <ffi.h>

#include "hpr/extension.h"
#include "model/param.h"

typedef enum hpr__xtype {
    HPR__X_MONEY = 0,
    HPR__X_RATIO = 1,
    HPR__X_DATE = 2,
    HPR__X_INT = 3,
    HPR__X_BOOL = 4,
    HPR__X_TEXT = 5
} hpr__xtype;
extern const char *const hpr__xtype_names[]; /* NULL-terminated, by hpr__xtype */

typedef struct hpr__xsig {
    hpr__xtype ret;
    uint8_t nparams;
    hpr__xtype params[HPR_EXTENSION_MAX_PARAMS];
} hpr__xsig;

/* Parses "ret(type, ...)"; false with the reason in why. */
bool hpr__xsig_parse(hpr__xsig *out, const char *text, char *why, size_t whysz);
/* The canonical text "ret(type,type)". */
void hpr__xsig_format(char *buf, size_t size, const hpr__xsig *sig);
bool hpr__xsig_equal(const hpr__xsig *a, const hpr__xsig *b);

typedef struct hpr__xfn {
    char *name;
    char *sig_text; /* canonical */
    hpr__xsig sig;
    hpr_extension_fn fn;
    const char *origin; /* a library's function: "PATH sha256:HEX" of the file it came from (the
                         * registry's); NULL for a function the application registered itself */
} hpr__xfn;

/* The function registered under name, or NULL. */
const hpr__xfn *hpr__extensions_find(const hpr_extensions *x, const char *name);
/* A policy compiled with the registry holds a reference (and freezes it). */
void hpr__extensions_retain(hpr_extensions *x);
void hpr__extensions_release(hpr_extensions *x);

/* A function the policy declares, bound to the registry's. */
typedef struct hpr__xdecl {
    const char *name;
    const char *ref;
    hpr__xsig sig;
    hpr_extension_fn fn;
    ffi_cif *cif;       /* prepared at load; ffi_call only reads it (the policy's arena) */
    ffi_type **types;
} hpr__xdecl;

/* The calling thread's hpr_extension_fail() since the last clear: clears
 * it and returns its message, or NULL when the call did not fail. */
const char *hpr__extension_failed(void);
void hpr__extension_clear(void);

/* The facts an argument may take (docs/extensions.md). */
typedef enum hpr__xfact {
    HPR__XF_CLAIM_TOTAL, HPR__XF_CLAIM_IN_SCOPE, HPR__XF_CLAIM_CLASS_B_SELF, HPR__XF_CLAIM_OUT_OF_CATALOG,
    HPR__XF_CLAIM_WAIVER, HPR__XF_CLAIM_TYPE, HPR__XF_CLAIM_LEVEL, HPR__XF_CLAIM_LOCATION,
    HPR__XF_CLAIM_REFERRAL, HPR__XF_CLAIM_ADMISSION, HPR__XF_CLAIM_DISCHARGE, HPR__XF_AS_OF,
    HPR__XF_CLAIM_DIAGNOSIS, HPR__XF_CLAIM_ID, HPR__XF_PERSON_AGE, HPR__XF_PERSON_INCOME,
    HPR__XF_PERSON_ID, HPR__XF_LEDGER_PATIENT_PAID, HPR__XF_UNPAID_COVERED, HPR__XF_COVERED_TOTAL,
    HPR__XF_LAYER_BASE_YEAR, HPR__XF_LAYER_PAID_YEAR, HPR__XF_PERSON_HOUSEHOLD, HPR__XF_CATEGORY, HPR__XF_N
} hpr__xfact;
extern const char *const hpr__xfact_names[];  /* "claim.total", ...; the category fact is "category:NAME" */
extern const hpr__xtype hpr__xfact_types[];
/* Facts only a layer has (its covered buckets and its ledger entry). */
static inline bool hpr__xfact_layer_only(hpr__xfact f)
{
    return f == HPR__XF_UNPAID_COVERED || f == HPR__XF_COVERED_TOTAL || f == HPR__XF_LAYER_BASE_YEAR ||
           f == HPR__XF_LAYER_PAID_YEAR;
}

typedef enum hpr__xarg_kind { HPR__XA_LITERAL = 0, HPR__XA_FACT = 1, HPR__XA_PARAM = 2 } hpr__xarg_kind;

typedef struct hpr__xarg {
    hpr__xarg_kind kind;
    hpr__xtype type;
    hpr__xfact fact;          /* FACT */
    int category;             /* FACT HPR__XF_CATEGORY: the category's index */
    int64_t value;            /* LITERAL (not text) */
    const char *text;         /* LITERAL text */
    const hpr__param *param;  /* PARAM: a named parameter, dated */
} hpr__xarg;

/* A call in a layer or a condition. */
typedef struct hpr__xcall {
    const hpr__xdecl *decl;
    hpr__xarg *args;          /* decl->sig.nparams of them */
    bool missing_is_error;    /* "when_missing": "error" (else "skip") */
} hpr__xcall;

#endif
