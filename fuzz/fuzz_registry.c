/* SPDX-License-Identifier: MIT */
/* The registry CSV reader on arbitrary bytes: the input is the four tables
 * (counties, townships, villages, staff) separated by lines "%%". Every
 * row is read or refused with its line, nothing crashes or leaks, and the
 * audit against the shipped national and city standards keeps the audit
 * invariants (fuzz_audit_common.h), rows read = accepted + refused first. */
#include "fuzz_audit_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static hpr_standards *shipped(const char *name)
{
    static hpr_standards *s[2];
    int k = strcmp(name, "national-2019") == 0 ? 0 : 1;
    if (!s[k]) {
        char path[4096];
        snprintf(path, sizeof path, "%s/standards/%s.json", HPR_SOURCE_DIR, name);
        if (hpr_standards_load_file(&s[k], NULL, path) != HPR_OK)
            abort();
    }
    return s[k];
}

static const char *find_sep(const char *p, const char *end)
{
    for (; p + 3 <= end; p++)
        if (p[0] == '%' && p[1] == '%' && p[2] == '\n')
            return p;
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hpr_registry *reg = NULL;
    if (hpr_registry_new(&reg) != HPR_OK)
        abort();
    const char *p = (const char *)data, *end = p + size;
    for (int t = 0; t < HPR_REGISTRY_TABLES; t++) {
        const char *sep = find_sep(p, end);
        const char *stop = sep ? sep : end;
        hpr_status st = hpr_registry_read_csv(reg, (hpr_registry_table)t, p, (size_t)(stop - p), "fuzz.csv");
        if (st != HPR_OK && st != HPR_EINVAL)
            abort();
        p = sep ? sep + 3 : end;
    }
    if (hpr_registry_finish(reg) != HPR_OK)
        abort();
    for (size_t i = 0; i < hpr_registry_error_count(reg); i++) {
        const char *file, *id;
        long line;
        const char *msg = hpr_registry_error(reg, i, NULL, &file, &line, &id);
        if (!msg || !file || !id || line < 1)
            abort();
    }
    static const char *const docs[] = {"national-2019", "city-2017"};
    for (size_t k = 0; k < 2; k++) {
        hpr_date on;
        hpr_audit_result *r = NULL;
        if (hpr_date_from_ymd(&on, 2020, 12, 31) != HPR_OK || hpr_audit(&r, shipped(docs[k]), reg, on, NULL) != HPR_OK)
            abort();
        fuzz_check_audit(reg, r);
        hpr_audit_result_free(r);
    }
    hpr_registry_free(reg);
    return 0;
}
