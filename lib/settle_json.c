/* SPDX-License-Identifier: MIT */
/* The JSON entry point: a person's claims in, settlements and ledger out.
 * Every claim is read and checked before the first is settled, so a bad
 * request changes nothing. */
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "jwrite.h"
#include "ledger.h"
#include "settlement.h"

hpr_status hpr_settle_json(const hpr_policy *policy, const char *request, size_t request_len,
                           char **response_out)
{
    if (response_out)
        *response_out = NULL;
    if (!policy || !request || !response_out)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_json: %s is NULL",
                           !policy ? "policy" : !request ? "request" : "response_out");
    hpr__jdoc doc;
    hpr_status st = hpr__in_parse(&doc, request, request_len, "request");
    if (st != HPR_OK)
        return st;

    hpr__in in = {.doc = &doc};
    hpr__parsed_person person = {0};
    hpr__parsed_claim *claims = NULL;
    size_t nclaims = 0;
    hpr_ledger *ledger = NULL;
    hpr_settlement *s = NULL;
    hpr__buf out = {0};
    bool explain = false;
    const cJSON *root = doc.root;

    static const char *const keys[] = {"person", "claims", "ledger", "explain", "strict", NULL};
    bool strict = false;
    if (cJSON_IsObject(root) && (st = hpr__in_bool(&in, root, "strict", &strict)) != HPR_OK)
        goto done;
    in.strict = strict;
    if ((st = hpr__in_keys(&in, root, "a request", keys)) != HPR_OK ||
        (st = hpr__in_bool(&in, root, "explain", &explain)) != HPR_OK)
        goto done;
    const cJSON *pj = cJSON_GetObjectItemCaseSensitive(root, "person");
    if (!pj) {
        st = hpr__in_fail(&in, HPR_EINVAL, root, "missing required member \"person\"");
        goto done;
    }
    size_t mark = hpr__in_push(&in, "person");
    st = hpr__in_person(&in, pj, &person);
    hpr__in_pop(&in, mark);
    if (st != HPR_OK)
        goto done;
    const cJSON *cj = cJSON_GetObjectItemCaseSensitive(root, "claims");
    if (!cJSON_IsArray(cj)) {
        mark = hpr__in_push(&in, "claims");
        st = hpr__in_fail(&in, HPR_EINVAL, cj ? cj : root, "\"claims\" must be an array of claims");
        hpr__in_pop(&in, mark);
        goto done;
    }
    size_t n = (size_t)cJSON_GetArraySize(cj);
    if (n && !(claims = hpr__calloc(n, sizeof *claims))) {
        st = hpr__seterr(HPR_ENOMEM, "out of memory reading a request");
        goto done;
    }
    mark = hpr__in_push(&in, "claims");
    for (const cJSON *c = cj->child; c && st == HPR_OK; c = c->next) {
        size_t m2 = hpr__in_push_index(&in, nclaims);
        st = hpr__in_claim(&in, c, &claims[nclaims]);
        if (st == HPR_OK)
            nclaims++;
        hpr__in_pop(&in, m2);
    }
    hpr__in_pop(&in, mark);
    if (st != HPR_OK)
        goto done;
    const cJSON *lj = cJSON_GetObjectItemCaseSensitive(root, "ledger");
    if (lj && !cJSON_IsNull(lj)) {
        mark = hpr__in_push(&in, "ledger");
        st = hpr__in_ledger(&in, lj, &ledger);
        hpr__in_pop(&in, mark);
    } else {
        st = hpr_ledger_create(&ledger);
    }
    if (st != HPR_OK || (st = hpr_settlement_create(&s)) != HPR_OK)
        goto done;

    hpr_settle_options opts;
    hpr_settle_options_init(&opts, HPR_SETTLE_OPTIONS_VERSION);
    opts.flags = explain ? HPR_SETTLE_EXPLAIN : 0;
    hpr__buf_puts(&out, "{\"settlements\":[");
    for (size_t i = 0; i < nclaims; i++) {
        st = hpr_settle(s, ledger, policy, &person.p, &claims[i].c, &opts);
        if (st != HPR_OK) {
            char msg[900];
            snprintf(msg, sizeof msg, "%s", hpr_error_last()->message);
            hpr__seterr(st, "/claims/%zu: %s", i, msg);
            goto done;
        }
        if (i)
            hpr__buf_put(&out, ",", 1);
        hpr__settlement_write(&out, s);
    }
    hpr__buf_puts(&out, "],\"ledger\":");
    hpr__ledger_write(&out, ledger);
    hpr__buf_puts(&out, ",\"warnings\":[");
    if (in.warnings.ptr)
        hpr__buf_put(&out, in.warnings.ptr, in.warnings.len);
    hpr__buf_puts(&out, "]}");
    if (out.oom || in.warnings.oom)
        st = hpr__seterr(HPR_ENOMEM, "out of memory writing a response");

done:
    if (st == HPR_OK) {
        *response_out = out.ptr;
        out.ptr = NULL;
    }
    hpr__buf_dispose(&out);
    hpr_settlement_free(s);
    hpr_ledger_free(ledger);
    for (size_t i = 0; i < nclaims; i++)
        hpr__parsed_claim_dispose(&claims[i]);
    hpr__free(claims);
    hpr__parsed_person_dispose(&person);
    hpr__buf_dispose(&in.path);
    hpr__buf_dispose(&in.warnings);
    hpr__jdoc_dispose(&doc);
    return st;
}
