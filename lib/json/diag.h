/* SPDX-License-Identifier: MIT */
#ifndef HPR_DIAG_H
#define HPR_DIAG_H

#include "core/core.h"

struct hpr_diagnostics {
    hpr_diagnostic *items;
    size_t n;
    size_t cap;
    size_t errors;
    hpr__arena strings;
    bool oom; /* an item could not be recorded */
    size_t dropped; /* items past HPR__DIAG_MAX, counted only */
};

/* The most diagnostics one load records: a broken generated document must
 * not turn into millions of messages. The rest are counted. */
#define HPR__DIAG_MAX 1000

hpr_diagnostics *hpr__diag_new(void);
void hpr__diag_add(hpr_diagnostics *d, hpr_severity sev, const char *file, int line, int column,
                   const char *pointer, const char *fmt, ...) HPR__PRINTF(7, 8);
/* Orders by file, line, column: the order a reader of the file expects. */
void hpr__diag_sort(hpr_diagnostics *d);
/* Appends "file:line:col: severity: pointer: message" (no newline). */
void hpr__diag_line(hpr__buf *b, const hpr_diagnostic *item);

#endif
