/* SPDX-License-Identifier: MIT */
/* Who the person is on the as-of date: the categories they are in and
 * whether they are enrolled (facts.c). What conditions test of these is
 * model/cond.h. */
#ifndef HPR_ENGINE_FACTS_H
#define HPR_ENGINE_FACTS_H

#include "model/policy.h"

/* The categories (bits) the person is in on d. kinds: NULL, or
 * hpr__status_kinds() of the person. When kinds is NULL, *unknown (if
 * unknown is not NULL) is set to the first status kind the policy does not
 * declare, or NULL; such kinds are ignored. */
uint64_t hpr__categories_on(const struct hpr_policy *p, const hpr_person *person, const int *kinds,
                            hpr_date d, const char **unknown);

/* Whether one of the person's enrollments covers d. */
bool hpr__enrolled_on(const hpr_person *person, hpr_date d);

#endif
