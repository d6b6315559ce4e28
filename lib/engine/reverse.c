/* SPDX-License-Identifier: MIT */
/* Reversal (结算撤销) and re-settlement: a counted claim taken out of a
 * ledger exactly, the claims counted after it settled again. */
#include <stdio.h>
#include <string.h>

#include "engine/ledger.h"
#include "engine/settlement.h"
#include "model/policy.h"

hpr_status hpr__settle_reverse(hpr_ledger *ledger, const struct hpr_policy *p, const hpr_person *person,
                               const int *kinds, const char *claim_id, const hpr_claim *const *claims, size_t n,
                               hpr_settlement *const *results, hpr_lang lang, uint32_t flags, hpr_ledger **old_out)
{
    if (old_out)
        *old_out = NULL;
    if (ledger->person.set && strcmp(ledger->person.s, person->id) != 0)
        return hpr__seterr(HPR_EINVAL, "the ledger is person %s's, not %s's: each person has a ledger "
                                       "of their own", ledger->person.s, person->id);
    if (ledger->policy_id.set && strcmp(ledger->policy_id.s, p->id) != 0)
        return hpr__seterr(HPR_EINVAL, "the ledger is from another policy: it was kept under policy %s, "
                                       "not %s", ledger->policy_id.s, p->id);
    size_t len = strlen(claim_id);
    size_t k = len ? hpr__ledger_rec_find(ledger, claim_id, len) : SIZE_MAX;
    if (k == SIZE_MAX)
        return hpr__seterr(HPR_ENOTFOUND, "claim %s is not among the %zu claims the ledger counted in policy "
                                          "year %d: nothing to reverse", claim_id, ledger->nrec, ledger->year);
    /* every claim counted after it is settled again, unchanged */
    for (size_t j = k + 1; j < ledger->nrec; j++) {
        const hpr__lrec *r = &ledger->rec[j];
        const char *id = hpr__lrec_id(ledger, r);
        size_t i = 0;
        while (i < n && strcmp(claims[i]->id, id) != 0)
            i++;
        if (i == n)
            return hpr__seterr(HPR_EINVAL, "claim %s, counted after %s, is not among the claims to settle "
                                           "again: give every later claim, or the year would lose it",
                               id, claim_id);
        if (hpr__check_claim(claims[i]) == HPR_OK && hpr__claim_hash(claims[i]) != hpr__lrec_content(r))
            return hpr__seterr(HPR_EINVAL, "claims[%zu] (%s) differs from the claim the ledger counted: a "
                                           "claim counted after %s is settled again unchanged (reverse %s "
                                           "itself to correct it)", i, id, claim_id, id);
    }
    hpr_ledger *work;
    hpr_settlement *scratch = NULL;
    hpr_status st = hpr_ledger_copy(&work, ledger);
    if (st != HPR_OK)
        return st;
    hpr__ledger_rollback(work, k);
    for (size_t i = 0; i < n && st == HPR_OK; i++) {
        hpr_settlement *s = results && results[i] ? results[i] : NULL;
        if (!s && !scratch && (st = hpr_settlement_create(&scratch)) != HPR_OK)
            break;
        if (!s)
            s = scratch;
        if (s->lang != lang)
            hpr__settlement_set_lang(s, lang);
        st = hpr__settle_claim(s, work, p, person, kinds, claims[i], flags);
        if (st != HPR_OK) {
            char msg[1024];
            hpr__text_copy(msg, sizeof msg, hpr_error_last()->message);
            hpr__seterr(st, "claims[%zu]: %s", i, msg);
        }
    }
    hpr_settlement_free(scratch);
    if (st != HPR_OK) {
        hpr_ledger_free(work);
        return st;
    }
    /* the reversed ledger takes the caller's ledger's place */
    hpr_ledger tmp = *ledger;
    *ledger = *work;
    *work = tmp;
    if (old_out)
        *old_out = work;
    else
        hpr_ledger_free(work);
    return HPR_OK;
}

hpr_status hpr_settle_reverse(hpr_ledger *ledger, const hpr_policy *policy, const hpr_person *person,
                              const char *claim_id, const hpr_claim *claims, size_t nclaims,
                              hpr_settlement *const *results, const hpr_settle_options *opts)
{
    if (!ledger || !policy || !person || !claim_id || (!claims && nclaims))
        return hpr__seterr(HPR_EINVAL, "hpr_settle_reverse: %s is NULL",
                           !ledger ? "ledger" : !policy ? "policy" : !person ? "person" : !claim_id ? "claim_id"
                                                                                                    : "claims");
    uint32_t flags;
    hpr_lang lang;
    hpr_status st = hpr__settle_opts(opts, &flags, &lang);
    if (st != HPR_OK || (st = hpr__check_person(person)) != HPR_OK)
        return st;
    if (nclaims > HPR_LEDGER_MAX_CLAIMS)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_reverse: %zu claims, more than a ledger records (%d)", nclaims,
                           HPR_LEDGER_MAX_CLAIMS);
    const hpr_claim **list = NULL;
    if (nclaims && !(list = hpr__malloc(nclaims * sizeof *list)))
        return hpr__seterr(HPR_ENOMEM, "out of memory reversing claim %s", claim_id);
    for (size_t i = 0; i < nclaims; i++)
        list[i] = &claims[i];
    st = hpr__settle_reverse(ledger, policy, person, NULL, claim_id, list, nclaims, results, lang, flags, NULL);
    hpr__free(list);
    return st;
}
