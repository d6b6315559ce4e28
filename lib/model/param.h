/* SPDX-License-Identifier: MIT */
/* Dated parameters: a value, or values that change on given dates. */
#ifndef HPR_MODEL_PARAM_H
#define HPR_MODEL_PARAM_H

#include "core/core.h"

typedef enum hpr__ptype {
    HPR__P_MONEY = 0, /* fen */
    HPR__P_RATIO = 1, /* millionths */
    HPR__P_INT = 2,
    HPR__P_BOOL = 3
} hpr__ptype;

/* What a parameter slot accepts. */
typedef struct hpr__pspec {
    hpr__ptype type;
    int64_t min;
    int64_t max;
} hpr__pspec;

typedef struct hpr__pentry {
    hpr_date from;    /* in force from this date until the next entry's */
    int64_t value;
    const char *ref;  /* source citation, or NULL */
    bool present;     /* false: explicitly not in force (null) */
    bool assumed;     /* the value is the project's assumption */
} hpr__pentry;

typedef struct hpr__param {
    const char *pointer; /* where it sits in the document */
    hpr__ptype type;
    uint32_t n;
    const hpr__pentry *e; /* ascending by date */
} hpr__param;

/* The entry in force on `on`, or NULL if none is (before the first date,
 * or an explicit null). */
const hpr__pentry *hpr__param_at(const hpr__param *p, hpr_date on);

const char *hpr__ptype_name(hpr__ptype t);

#endif
