/* SPDX-License-Identifier: MIT */
/* Shared by the audit fuzz targets: the invariants every audit keeps,
 * checked through the public API. A broken invariant aborts. */
#ifndef HPR_FUZZ_AUDIT_COMMON_H
#define HPR_FUZZ_AUDIT_COMMON_H

#include "fuzz_common.h"

/* Rows read = rows accepted + rows refused (accepted villages are the
 * registry roll-up's); the registry roll-up is the sum of the counties';
 * every blank spot is a failure; the JSON is JSON. */
static void fuzz_check_audit(const hpr_registry *reg, const hpr_audit_result *r)
{
    size_t refused_villages = 0;
    for (size_t i = 0; i < hpr_registry_error_count(reg); i++) {
        hpr_registry_table t;
        if (!hpr_registry_error(reg, i, &t, NULL, NULL, NULL))
            abort();
        refused_villages += t == HPR_TABLE_VILLAGES;
    }
    hpr_audit_totals all = HPR_AUDIT_TOTALS_INIT, sum = HPR_AUDIT_TOTALS_INIT;
    if (hpr_audit_totals_get(r, 0, &all) != HPR_OK)
        abort();
    if ((size_t)all.villages + refused_villages != hpr_registry_rows(reg, HPR_TABLE_VILLAGES)) {
        fprintf(stderr, "villages: %zu read, %lld audited, %zu refused\n",
                hpr_registry_rows(reg, HPR_TABLE_VILLAGES), (long long)all.villages, refused_villages);
        abort();
    }
    for (size_t i = 1; i < hpr_audit_totals_count(r); i++) {
        hpr_audit_totals t = HPR_AUDIT_TOTALS_INIT;
        if (hpr_audit_totals_get(r, i, &t) != HPR_OK)
            abort();
        if (t.level != HPR_PLACE_COUNTY)
            continue;
        sum.villages += t.villages;
        sum.failed += t.failed;
        sum.passed += t.passed;
        sum.exempt += t.exempt;
        sum.grants_fen += t.grants_fen;
        sum.subsidy_annual_fen += t.subsidy_annual_fen;
    }
    if (sum.villages != all.villages || sum.failed != all.failed || sum.passed != all.passed ||
        sum.exempt != all.exempt || sum.grants_fen != all.grants_fen ||
        sum.subsidy_annual_fen != all.subsidy_annual_fen)
        abort();
    int64_t failed = 0, passed = 0, exempt = 0;
    for (size_t i = 0; i < hpr_audit_finding_count(r); i++) {
        hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
        if (hpr_audit_finding_get(r, i, &f) != HPR_OK || !f.reason || !f.citation || !f.place_id)
            abort();
        if (f.blank_spot != HPR_BLANK_NONE && f.status != HPR_AUDIT_FAIL)
            abort();
        if (f.amount_fen < 0 || f.annual_fen < 0 || f.shortfall < 0)
            abort();
        failed += f.status == HPR_AUDIT_FAIL;
        passed += f.status == HPR_AUDIT_PASS;
        exempt += f.status == HPR_AUDIT_EXEMPT;
    }
    if (failed != all.failed || passed != all.passed || exempt != all.exempt)
        abort();
    char *json = NULL;
    if (hpr_audit_to_json(r, &json, NULL) != HPR_OK)
        abort();
    cJSON *doc = cJSON_Parse(json);
    if (!doc)
        abort();
    cJSON_Delete(doc);
    hpr_free(json);
}

/* Reads a file of the source tree into a registry table; aborts on failure. */
static void fuzz_read_table(hpr_registry *reg, hpr_registry_table t, const char *relpath)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", HPR_SOURCE_DIR, relpath);
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (hpr_registry_read_csv(reg, t, buf, n, relpath) != HPR_OK)
        abort();
}

#endif
