/* SPDX-License-Identifier: MIT */
/* Lists of names (NULL-terminated arrays of strings). */
#ifndef HPR_CORE_NAMES_H
#define HPR_CORE_NAMES_H

#include "core/core.h"

/* The index of name in a NULL-terminated list (names may be NULL); -1 if
 * absent. */
int hpr__name_index(const char *const *names, const char *name);

/* The name closest to word (a typo's worth of edits away), or NULL; names
 * is NULL-terminated when n is SIZE_MAX. For "did you mean" hints. */
const char *hpr__closest(const char *word, const char *const *names, size_t n);

#endif
