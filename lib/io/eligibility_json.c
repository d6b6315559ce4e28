/* SPDX-License-Identifier: MIT */
/* The eligibility JSON entry point: {"person", "on", "claim"?} in, the
 * answers of hpr_eligibility_check() out. */
#include <string.h>

#include "hpr/eligibility.h"
#include "io/input.h"
#include "json/jdoc.h"

hpr_status hpr_eligibility_json(const hpr_policy *policy, const char *request, size_t request_len,
                                char **response_out)
{
    if (response_out)
        *response_out = NULL;
    if (!policy || !request || !response_out)
        return hpr__seterr(HPR_EINVAL, "hpr_eligibility_json: %s is NULL",
                           !policy ? "policy" : !request ? "request" : "response_out");
    hpr__jdoc doc;
    hpr_status st = hpr__in_parse(&doc, request, request_len, "request");
    if (st != HPR_OK)
        return st;
    hpr__in in = {.doc = &doc};
    hpr__parsed_person person = {0};
    hpr__parsed_claim claim = {0};
    bool has_claim = false, strict = false;
    hpr_eligibility *e = NULL;
    hpr_date on = 0;
    const cJSON *root = doc.root;
    static const char *const keys[] = {"person", "on", "claim", "strict", "lang", NULL};
    if (cJSON_IsObject(root) && (st = hpr__in_bool(&in, root, "strict", &strict)) != HPR_OK)
        goto done;
    in.strict = strict;
    if ((st = hpr__in_keys(&in, root, "a request", keys)) != HPR_OK)
        goto done;
    hpr_lang lang = HPR_LANG_EN;
    const cJSON *lj = cJSON_GetObjectItemCaseSensitive(root, "lang");
    if (lj && (!cJSON_IsString(lj) || hpr_lang_parse(&lang, lj->valuestring) != HPR_OK)) {
        size_t m = hpr__in_push(&in, "lang");
        st = hpr__in_fail(&in, HPR_EINVAL, lj, "\"lang\" is \"en\" or \"zh\"");
        hpr__in_pop(&in, m);
        goto done;
    }
    const cJSON *pj = cJSON_GetObjectItemCaseSensitive(root, "person");
    const cJSON *oj = cJSON_GetObjectItemCaseSensitive(root, "on");
    if (!pj || !oj) {
        st = hpr__in_fail(&in, HPR_EINVAL, root, "missing required member \"%s\"", pj ? "on" : "person");
        goto done;
    }
    size_t mark = hpr__in_push(&in, "on");
    if (!cJSON_IsString(oj) || hpr_date_parse(&on, oj->valuestring, strlen(oj->valuestring)) != HPR_OK) {
        st = hpr__in_fail(&in, cJSON_IsString(oj) ? HPR_EPARSE : HPR_EINVAL, oj,
                          "expected a date YYYY-MM-DD");
        goto done;
    }
    hpr__in_pop(&in, mark);
    mark = hpr__in_push(&in, "person");
    st = hpr__in_person(&in, pj, &person);
    hpr__in_pop(&in, mark);
    if (st != HPR_OK)
        goto done;
    const cJSON *cj = cJSON_GetObjectItemCaseSensitive(root, "claim");
    if (cj) {
        mark = hpr__in_push(&in, "claim");
        st = hpr__in_claim(&in, cj, &claim);
        hpr__in_pop(&in, mark);
        if (st != HPR_OK)
            goto done;
        has_claim = true;
    }
    if ((st = hpr_eligibility_create(&e)) != HPR_OK || (st = hpr_eligibility_set_lang(e, lang)) != HPR_OK ||
        (st = hpr_eligibility_check(e, policy, &person.p, on, has_claim ? &claim.c : NULL)) != HPR_OK ||
        (st = hpr_eligibility_to_json(response_out, e)) != HPR_OK)
        goto done;
done:
    hpr_eligibility_free(e);
    hpr__parsed_claim_dispose(&claim); /* also after a partly read claim */
    hpr__parsed_person_dispose(&person);
    hpr__buf_dispose(&in.path);
    hpr__buf_dispose(&in.warnings);
    hpr__jdoc_dispose(&doc);
    return st;
}
