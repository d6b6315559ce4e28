/* SPDX-License-Identifier: MIT */
/* Building JSON pointers (RFC 6901) while walking a document, and naming
 * a value's JSON type in messages. Shared by the policy reader and the
 * request reader so both locate problems the same way. */
#ifndef HPR_JSON_POINTER_H
#define HPR_JSON_POINTER_H

#include <cjson/cJSON.h>

#include "core/core.h"

/* Appends "/key" ('~' and '/' escaped) to the pointer in path; returns the
 * length to pop back to. Out of memory sticks in path->oom. */
size_t hpr__jpointer_push(hpr__buf *path, const char *key);
/* Appends "/index". */
size_t hpr__jpointer_push_index(hpr__buf *path, size_t index);
/* Cuts the pointer back to a length push returned. */
void hpr__jpointer_pop(hpr__buf *path, size_t mark);

/* "a string", "an array", ... for messages; "nothing" for NULL. */
const char *hpr__json_type_name(const cJSON *n);

#endif
