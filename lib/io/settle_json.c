/* SPDX-License-Identifier: MIT */
/* The JSON entry point: a person's claims in, settlements and ledger out.
 * Every claim is read and checked before the first is settled, so a bad
 * request changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lang.h"
#include "engine/engine.h"
#include "engine/ledger.h"
#include "engine/settlement.h"
#include "io/input.h"
#include "io/io.h"
#include "json/jwrite.h"
#include "model/policy.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Claims are settled in date order (discharge, then admission), as the CSV
 * and DataFrame paths sort them; a request out of that order is refused
 * rather than settled differently. Claim ids must be unique. */
static hpr_status check_claims(hpr__in *in, const cJSON *cj, const hpr__parsed_claim *claims, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const hpr_claim *a = &claims[i - 1].c, *b = &claims[i].c;
        if (b->discharge_date < a->discharge_date ||
            (b->discharge_date == a->discharge_date && b->admission_date < a->admission_date)) {
            size_t mark = hpr__in_push(in, "claims");
            hpr__in_push_index(in, i);
            hpr_status st = hpr__in_fail(in, HPR_EINVAL, cJSON_GetArrayItem(cj, (int)i),
                                         "claim %s is dated before claim %s, the one before it: "
                                         "give a person's claims in date order (discharge date, then "
                                         "admission date)", b->id, a->id);
            hpr__in_pop(in, mark);
            return st;
        }
    }
    if (n < 2)
        return HPR_OK;
    const char **ids = hpr__malloc(n * sizeof *ids);
    if (!ids)
        return hpr__seterr(HPR_ENOMEM, "out of memory reading a request");
    for (size_t i = 0; i < n; i++)
        ids[i] = claims[i].c.id;
    qsort(ids, n, sizeof *ids, cmp_str);
    const char *dup = NULL;
    for (size_t i = 1; i < n && !dup; i++)
        if (strcmp(ids[i - 1], ids[i]) == 0)
            dup = ids[i];
    hpr__free(ids);
    bool first = true; /* the pointer names the second claim with the id */
    for (size_t i = 0; dup && i < n; i++)
        if (strcmp(claims[i].c.id, dup) == 0 && !(first && !(first = false))) {
            size_t mark = hpr__in_push(in, "claims");
            hpr__in_push_index(in, i);
            hpr_status st = hpr__in_fail(in, HPR_EINVAL, cJSON_GetArrayItem(cj, (int)i),
                                         "claim id \"%s\" appears more than once", dup);
            hpr__in_pop(in, mark);
            return st;
        }
    return HPR_OK;
}

/* One "unknown_status" warning per undeclared status kind of the person. */
static hpr_status warn_unknown_kinds(hpr__in *in, const struct hpr_policy *p, const hpr_person *person,
                                     const int *kinds, hpr_lang lang)
{
    size_t n = 0;
    for (size_t i = 0; i < person->nstatuses; i++)
        n += kinds[i] < 0;
    if (!n)
        return HPR_OK;
    const char **names = hpr__malloc(n * sizeof *names);
    if (!names)
        return hpr__seterr(HPR_ENOMEM, "out of memory reading a request");
    n = 0;
    for (size_t i = 0; i < person->nstatuses; i++)
        if (kinds[i] < 0)
            names[n++] = person->statuses[i].kind;
    qsort(names, n, sizeof *names, cmp_str);
    char msg[1024];
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(names[i - 1], names[i]) == 0)
            continue;
        if (in->strict) {
            hpr_status st = hpr__in_fail(in, HPR_EINVAL, NULL, "status kind \"%s\" is not declared by policy %s "
                                         "(strict)", names[i], p->id);
            hpr__free(names);
            return st;
        }
        hpr__text_fit(msg, sizeof msg,
                      snprintf(msg, sizeof msg, HPR__T(lang, "status kind \"%s\" is not declared by policy %s; ignored"),
                               names[i], p->id));
        hpr__in_warn(in, "unknown_status", "/person/statuses", msg);
    }
    hpr__free(names);
    return in->warnings.oom ? hpr__seterr(HPR_ENOMEM, "out of memory reading a request") : HPR_OK;
}

/* A reversal: the claims are those to settle after the reversed one. Writes
 * {"reversed", "settlements", "changes", then the caller adds the ledger. */
static hpr_status reverse(hpr__buf *out, hpr_ledger *ledger, const struct hpr_policy *p, const hpr_person *person,
                          const int *kinds, const char *id, const hpr__parsed_claim *claims, size_t n,
                          hpr_lang lang, uint32_t flags)
{
    const hpr_claim **list = n ? hpr__calloc(n, sizeof *list) : NULL;
    hpr_settlement **res = n ? hpr__calloc(n, sizeof *res) : NULL;
    hpr_status st = n && (!list || !res) ? hpr__seterr(HPR_ENOMEM, "out of memory reading a request") : HPR_OK;
    for (size_t i = 0; i < n && st == HPR_OK; i++) {
        list[i] = &claims[i].c;
        st = hpr_settlement_create(&res[i]);
    }
    size_t from = SIZE_MAX;
    for (size_t i = 0; i < ledger->nrec && st == HPR_OK; i++)
        if (strcmp(hpr__lrec_id(ledger, &ledger->rec[i]), id) == 0)
            from = i;
    hpr_ledger *old = NULL;
    if (st == HPR_OK)
        st = hpr__settle_reverse(ledger, p, person, kinds, id, list, n, res, lang, flags, &old);
    if (st == HPR_OK) {
        hpr__buf_puts(out, "{\"reversed\":");
        hpr__jw_str(out, id);
        hpr__buf_puts(out, ",\"settlements\":[");
        for (size_t i = 0; i < n; i++) {
            if (i)
                hpr__buf_put(out, ",", 1);
            hpr__settlement_write(out, res[i]);
        }
        hpr__buf_puts(out, "],\"changes\":");
        hpr__ledger_write_changes(out, old, ledger, from);
        hpr__buf_puts(out, ",\"ledger\":");
    }
    hpr_ledger_free(old);
    for (size_t i = 0; res && i < n; i++)
        hpr_settlement_free(res[i]);
    hpr__free(res);
    hpr__free(list);
    return st;
}

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
    int *kinds = NULL;
    hpr__buf out = {0};
    bool explain = false;
    const cJSON *root = doc.root;

    static const char *const keys[] = {"person", "claims", "ledger", "explain", "strict", "lang", "reverse", NULL};
    bool strict = false;
    if (cJSON_IsObject(root) && (st = hpr__in_bool(&in, root, "strict", &strict)) != HPR_OK)
        goto done;
    in.strict = strict;
    if ((st = hpr__in_keys(&in, root, "a request", keys)) != HPR_OK ||
        (st = hpr__in_bool(&in, root, "explain", &explain)) != HPR_OK)
        goto done;
    hpr_lang lang = HPR_LANG_EN;
    const cJSON *lang_j = cJSON_GetObjectItemCaseSensitive(root, "lang");
    if (lang_j && (!cJSON_IsString(lang_j) || hpr_lang_parse(&lang, lang_j->valuestring) != HPR_OK)) {
        size_t m = hpr__in_push(&in, "lang");
        st = hpr__in_fail(&in, HPR_EINVAL, lang_j, "\"lang\" is \"en\" or \"zh\"");
        hpr__in_pop(&in, m);
        goto done;
    }
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
    const cJSON *rj = cJSON_GetObjectItemCaseSensitive(root, "reverse");
    if (rj && (!cJSON_IsString(rj) || !*rj->valuestring)) {
        mark = hpr__in_push(&in, "reverse");
        st = hpr__in_fail(&in, HPR_EINVAL, rj, "\"reverse\" is the id of the counted claim to take out");
        hpr__in_pop(&in, mark);
        goto done;
    }
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
    if (rj && (!lj || cJSON_IsNull(lj))) {
        st = hpr__in_fail(&in, HPR_EINVAL, root, "a reversal needs the \"ledger\" that counted claim %s",
                          rj->valuestring);
        goto done;
    }
    if (lj && !cJSON_IsNull(lj)) {
        mark = hpr__in_push(&in, "ledger");
        st = hpr__in_ledger(&in, lj, &ledger);
        hpr__in_pop(&in, mark);
    } else {
        st = hpr_ledger_create(&ledger);
    }
    if (st != HPR_OK || (st = hpr_settlement_create(&s)) != HPR_OK)
        goto done;
    hpr__settlement_set_lang(s, lang);

    uint32_t flags = (explain ? HPR_SETTLE_EXPLAIN : 0) | (strict ? HPR_SETTLE_STRICT : 0);
    if ((st = hpr__check_person(&person.p)) != HPR_OK ||
        (st = check_claims(&in, cj, claims, nclaims)) != HPR_OK)
        goto done;
    if (person.p.nstatuses && !(kinds = hpr__malloc(person.p.nstatuses * sizeof *kinds))) {
        st = hpr__seterr(HPR_ENOMEM, "out of memory reading a request");
        goto done;
    }
    if (kinds) {
        hpr__status_kinds(policy, &person.p, kinds);
        if ((st = warn_unknown_kinds(&in, policy, &person.p, kinds, lang)) != HPR_OK)
            goto done;
    }
    if (rj) {
        st = reverse(&out, ledger, policy, &person.p, kinds, rj->valuestring, claims, nclaims, lang, flags);
        if (st != HPR_OK)
            goto done;
        goto ledger_out;
    }
    hpr__buf_puts(&out, "{\"settlements\":[");
    for (size_t i = 0; i < nclaims; i++) {
        st = hpr__settle_claim(s, ledger, policy, &person.p, kinds, &claims[i].c, flags);
        if (st != HPR_OK) {
            char msg[900];
            hpr__text_copy(msg, sizeof msg, hpr_error_last()->message);
            hpr__seterr(st, "/claims/%zu: %s", i, msg);
            goto done;
        }
        if (i)
            hpr__buf_put(&out, ",", 1);
        hpr__settlement_write(&out, s);
    }
    hpr__buf_puts(&out, "],\"ledger\":");
ledger_out:
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
    hpr__free(kinds);
    hpr__parsed_person_dispose(&person);
    hpr__buf_dispose(&in.path);
    hpr__buf_dispose(&in.warnings);
    hpr__jdoc_dispose(&doc);
    return st;
}
