/* SPDX-License-Identifier: MIT */
/* Shared by the fuzz targets: the settlement invariants every settlement
 * must keep, checked on the JSON entry point's response. A broken
 * invariant aborts, which libFuzzer and the replay runner report. */
#ifndef HPR_FUZZ_COMMON_H
#define HPR_FUZZ_COMMON_H

#include <cjson/cJSON.h>
#include <hpr/hpr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HPR_SOURCE_DIR
# define HPR_SOURCE_DIR "."
#endif

/* A shipped policy, loaded on first use and kept for the whole run
 * (policies/NAME.json); aborts if it does not load. */
static hpr_policy *fuzz_shipped_policy(const char *name)
{
    static struct { const char *name; hpr_policy *p; } loaded[4];
    size_t i = 0;
    for (; i < 4 && loaded[i].name; i++)
        if (strcmp(loaded[i].name, name) == 0)
            return loaded[i].p;
    char path[4096];
    snprintf(path, sizeof path, "%s/policies/%s.json", HPR_SOURCE_DIR, name);
    hpr_policy *p = NULL;
    if (i == 4 || hpr_policy_load_file(&p, NULL, path, NULL) != HPR_OK) {
        fprintf(stderr, "%s: %s\n", path, hpr_error_last()->message);
        abort();
    }
    loaded[i].name = name;
    loaded[i].p = p;
    return p;
}

static hpr_money fuzz_money(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    hpr_money m = 0;
    if (!s || hpr_money_parse(&m, s, strlen(s)) != HPR_OK) {
        fprintf(stderr, "invariant: %s is not money\n", key);
        abort();
    }
    return m;
}

/* Balance to the fen, nothing negative, lines and payers add up. */
static void fuzz_check_response(const char *json)
{
    cJSON *doc = cJSON_Parse(json);
    if (!doc) {
        fprintf(stderr, "invariant: the response is not JSON\n");
        abort();
    }
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "settlements"))
    {
        hpr_money total = fuzz_money(s, "total"), waiver = fuzz_money(s, "waiver");
        hpr_money paid = fuzz_money(s, "paid_total"), patient = fuzz_money(s, "patient_pays");
        if (total < 0 || waiver < 0 || paid < 0 || patient < 0 || waiver + paid + patient != total) {
            fprintf(stderr, "invariant: total %lld != waiver %lld + paid %lld + patient %lld\n", (long long)total,
                    (long long)waiver, (long long)paid, (long long)patient);
            abort();
        }
        hpr_money lines = 0, payers = 0;
        const cJSON *l;
        cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(s, "lines"))
            if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(l, "applied"))) {
                hpr_money p = fuzz_money(l, "paid");
                if (p < 0)
                    abort();
                lines += p;
            }
        cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(s, "payers"))
        {
            hpr_money p = 0;
            if (!cJSON_IsString(l) || hpr_money_parse(&p, l->valuestring, strlen(l->valuestring)) != HPR_OK)
                abort();
            payers += p;
        }
        if (lines != paid || payers != paid) {
            fprintf(stderr, "invariant: lines %lld, payers %lld, paid %lld\n", (long long)lines, (long long)payers,
                    (long long)paid);
            abort();
        }
    }
    /* the ledger returned can always be passed back (no value past the
     * bounds the reader enforces, nothing negative) */
    char *ledger = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(doc, "ledger"));
    hpr_ledger *back = NULL;
    if (!ledger || hpr_ledger_from_json(&back, ledger, strlen(ledger)) != HPR_OK) {
        fprintf(stderr, "invariant: the returned ledger does not read back: %s\n",
                ledger ? hpr_error_last()->message : "none");
        abort();
    }
    hpr_ledger_free(back);
    cJSON_free(ledger);
    cJSON_Delete(doc);
}

#endif
