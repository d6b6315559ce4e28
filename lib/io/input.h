/* SPDX-License-Identifier: MIT */
/* Reading interchange JSON (persons, claims, ledgers, requests). Unlike a
 * policy, a request stops at its first problem; the error names the JSON
 * pointer and position. Unknown members are errors in strict mode and
 * warnings otherwise. */
#ifndef HPR_INPUT_H
#define HPR_INPUT_H

#include "json/jdoc.h"
#include "model/layer.h"

typedef struct hpr__in {
    const hpr__jdoc *doc;
    hpr__buf path;
    bool strict;
    hpr__buf warnings; /* JSON objects, comma-separated */
    size_t nwarnings;
    bool oom;
} hpr__in;

typedef struct hpr__parsed_person {
    hpr_person p;
    hpr_status_period *statuses;
    hpr_enrollment *enrollments;
} hpr__parsed_person;

typedef struct hpr__parsed_claim {
    hpr_claim c;
    const char **diagnoses;
    const char **designated;
} hpr__parsed_claim;

/* Each returns HPR_OK or the error (record set). Strings borrow from the
 * jdoc; free the arrays with the matching dispose. */
/* Parses JSON input (`what`: "request", "ledger"); HPR_EPARSE naming the
 * line and column when it is not JSON. */
hpr_status hpr__in_parse(hpr__jdoc *doc, const char *text, size_t len, const char *what);
hpr_status hpr__in_person(hpr__in *in, const cJSON *node, hpr__parsed_person *out);
void hpr__parsed_person_dispose(hpr__parsed_person *p);
hpr_status hpr__in_claim(hpr__in *in, const cJSON *node, hpr__parsed_claim *out);
void hpr__parsed_claim_dispose(hpr__parsed_claim *c);
hpr_status hpr__in_ledger(hpr__in *in, const cJSON *node, hpr_ledger **out);

size_t hpr__in_push(hpr__in *in, const char *key);
size_t hpr__in_push_index(hpr__in *in, size_t i);
void hpr__in_pop(hpr__in *in, size_t mark);
hpr_status hpr__in_fail(hpr__in *in, hpr_status code, const cJSON *node, const char *fmt, ...)
    HPR__PRINTF(4, 5);
hpr_status hpr__in_keys(hpr__in *in, const cJSON *obj, const char *what, const char *const *allowed);
/* The most warnings one request collects; past it, one "too_many_warnings". */
#define HPR__IN_MAX_WARNINGS 100
/* Adds a warning {code, pointer, message} (HPR__IN_MAX_WARNINGS at most). */
void hpr__in_warn(hpr__in *in, const char *code, const char *pointer, const char *message);
hpr_status hpr__in_bool(hpr__in *in, const cJSON *obj, const char *key, bool *out);

#endif
