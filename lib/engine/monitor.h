/* SPDX-License-Identifier: MIT */
/* Relapse-risk monitoring (防止返贫, DOMAIN.md 3) after each settlement
 * (monitor.c): which rules' lines the claim crossed. */
#ifndef HPR_ENGINE_MONITOR_H
#define HPR_ENGINE_MONITOR_H

#include "model/policy.h"

/* A monitoring line the patient's payments crossed with a claim. */
typedef struct hpr__crossing {
    const hpr__monitor_rule *rule;
    hpr_money line;    /* share x income */
    hpr_money income;
    hpr_ratio share;
    bool reference;    /* the income is the policy's reference income, not the household's */
} hpr__crossing;

/* Every rule of the policy whose line the patient's own payments this
 * policy year crossed with this claim (before <= line < after), in the
 * policy's order, into out (room for p->nmonitors); returns how many. */
size_t hpr__monitor_crossings(hpr__crossing *out, const struct hpr_policy *p, const hpr_person *person,
                              uint64_t categories, hpr_date as_of, hpr_money before, hpr_money after);

/* The "relapse_risk" message for a crossing, after the patient's payments
 * this year reached `after`. */
void hpr__crossing_message(char *buf, size_t size, const hpr__crossing *c, hpr_money after);

#endif
