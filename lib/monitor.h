/* SPDX-License-Identifier: MIT */
/* Relapse-risk monitoring (防止返贫): the compiled "monitoring" rules and
 * the check after each settlement (monitor.c). */
#ifndef HPR_MONITOR_H
#define HPR_MONITOR_H

#include "param.h"

struct hpr__reader;

typedef struct hpr__monitor_rule {
    const char *id;
    const char *label;
    const char *ref;
    uint64_t categories;            /* 0: everyone */
    const hpr__param *share;        /* ratio of the income */
    const hpr__param *income;       /* money: a reference income; NULL: the household's */
} hpr__monitor_rule;

void hpr__read_monitoring(struct hpr__reader *r, const void *root);
/* The "eligibility" section (eligibility.c). */
void hpr__read_eligibility(struct hpr__reader *r, const void *root);

struct hpr_policy;
struct hpr_settlement;
struct hpr_person;
/* After a claim: every rule whose line the patient's payments this year
 * crossed with this claim (before <= line < after) is recorded on the
 * settlement with a "relapse_risk" warning. */
void hpr__monitor_check(struct hpr_settlement *s, const struct hpr_policy *p,
                        const struct hpr_person *person, uint64_t categories, hpr_date as_of,
                        hpr_money before, hpr_money after);

#endif
