/* SPDX-License-Identifier: MIT */
/* Relapse-risk monitoring (防止返贫, DOMAIN.md 3): a rule fires at the claim
 * with which the patient's own payments this policy year pass a share of an
 * income (the household's, or a reference income the policy gives, such as
 * last year's provincial rural per-capita disposable income). */
#include <stdio.h>

#include "engine/monitor.h"
#include "engine/settlement.h"


size_t hpr__monitor_crossings(hpr__crossing *out, const struct hpr_policy *p, const hpr_person *person,
                              uint64_t categories, hpr_date as_of, hpr_money before, hpr_money after)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nmonitors; i++) {
        const hpr__monitor_rule *rule = &p->monitors[i];
        if (rule->categories && !(rule->categories & categories))
            continue;
        const hpr__pentry *share = hpr__param_at(rule->share, as_of);
        if (!share)
            continue;
        hpr_money income;
        if (rule->income) {
            const hpr__pentry *e = hpr__param_at(rule->income, as_of);
            if (!e)
                continue;
            income = e->value;
        } else {
            if (person->income_per_capita < 0)
                continue;
            income = person->income_per_capita;
        }
        hpr_money line;
        if (hpr_money_mul_ratio(&line, income, share->value, HPR_ROUND_HALF_UP) != HPR_OK)
            continue;
        if (before <= line && after > line)
            out[n++] = (hpr__crossing){.rule = rule, .line = line, .income = income,
                                       .share = share->value, .reference = rule->income != NULL};
    }
    return n;
}

void hpr__crossing_message(char *buf, size_t size, const hpr__crossing *c, hpr_money after)
{
    const hpr__monitor_rule *rule = c->rule;
    char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE], m[HPR_MONEY_FORMAT_SIZE];
    char r[HPR_RATIO_FORMAT_SIZE];
    hpr_money_format(a, sizeof a, after);
    hpr_money_format(b, sizeof b, c->line);
    hpr_money_format(m, sizeof m, c->income);
    hpr_ratio_format(r, sizeof r, c->share);
    snprintf(buf, size,
             "%s%s%s%s: the patient's own payments this policy year, %s, passed %s "
             "(%s of %s, %s) with this claim%s%s%s",
             rule->id, rule->label ? " (" : "", rule->label ? rule->label : "", rule->label ? ")" : "", a,
             b, r, c->reference ? "the reference income" : "the household's income per capita", m,
             rule->ref ? " [" : "", rule->ref ? rule->ref : "", rule->ref ? "]" : "");
}

hpr_status hpr_monitor_first_crossing(size_t *index_out, const char **rule_out, const hpr_policy *policy,
                                      const hpr_person *person, const hpr_claim *claims, size_t nclaims,
                                      const hpr_ledger *ledger)
{
    if (index_out)
        *index_out = 0;
    if (rule_out)
        *rule_out = NULL;
    if (!index_out || !policy || !person || (!claims && nclaims))
        return hpr__seterr(HPR_EINVAL, "hpr_monitor_first_crossing: %s is NULL",
                           !index_out ? "index_out" : !policy ? "policy" : !person ? "person" : "claims");
    hpr_ledger *l = NULL;
    hpr_settlement *s = NULL;
    hpr_status st = ledger ? hpr_ledger_copy(&l, ledger) : hpr_ledger_create(&l);
    if (st == HPR_OK)
        st = hpr_settlement_create(&s);
    for (size_t i = 0; st == HPR_OK && i < nclaims; i++) {
        st = hpr_settle(s, l, policy, person, &claims[i], NULL);
        if (st == HPR_OK && s->ncrossed) {
            *index_out = i;
            if (rule_out)
                *rule_out = s->crossed[0]; /* borrowed from the policy */
            hpr_settlement_free(s);
            hpr_ledger_free(l);
            return HPR_OK;
        }
    }
    hpr_settlement_free(s);
    hpr_ledger_free(l);
    if (st != HPR_OK)
        return st;
    return hpr__seterr(HPR_ENOTFOUND, "person %s crosses no monitoring line in these %zu claims",
                       person->id, nclaims);
}
