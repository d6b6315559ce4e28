/* SPDX-License-Identifier: MIT */
/* The standards loader on arbitrary bytes: any document either loads or is
 * refused with located diagnostics; nothing crashes or leaks. A document
 * that loads audits the small test registry on two dates, keeping the
 * audit invariants (fuzz_audit_common.h). */
#include "fuzz_audit_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static hpr_registry *small_registry(void)
{
    static hpr_registry *reg;
    if (!reg) {
        if (hpr_registry_new(&reg) != HPR_OK)
            abort();
        fuzz_read_table(reg, HPR_TABLE_COUNTIES, "tests/audit/small/counties.csv");
        fuzz_read_table(reg, HPR_TABLE_TOWNSHIPS, "tests/audit/small/townships.csv");
        fuzz_read_table(reg, HPR_TABLE_VILLAGES, "tests/audit/small/villages.csv");
        fuzz_read_table(reg, HPR_TABLE_STAFF, "tests/audit/small/staff.csv");
        if (hpr_registry_finish(reg) != HPR_OK)
            abort();
    }
    return reg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hpr_standards *s = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_standards_load_buffer(&s, &d, (const char *)data, size, "fuzz.json");
    if (st != HPR_OK && st != HPR_EPOLICY && st != HPR_EPARSE && st != HPR_EVERSION) {
        fprintf(stderr, "unexpected status %s: %s\n", hpr_status_name(st), hpr_error_last()->message);
        abort();
    }
    if (st == HPR_EPOLICY && (!d || hpr_diagnostics_error_count(d) == 0))
        abort(); /* a refused document always says where */
    char *text = NULL;
    if (d && hpr_diagnostics_format(&text, d) == HPR_OK)
        hpr_free(text);
    if (s) {
        static const int days[][3] = {{2017, 12, 31}, {2020, 12, 31}};
        for (size_t i = 0; i < 2; i++) {
            hpr_date on;
            hpr_audit_result *r = NULL;
            if (hpr_date_from_ymd(&on, days[i][0], days[i][1], days[i][2]) != HPR_OK)
                abort();
            hpr_status st2 = hpr_audit(&r, s, small_registry(), on, NULL);
            if (st2 == HPR_EINVAL && !r && strstr(hpr_error_last()->message, "is in force on"))
                continue; /* no standard of the document in force that day: refused, as documented */
            if (st2 != HPR_OK)
                abort();
            fuzz_check_audit(small_registry(), r);
            hpr_audit_result_free(r);
        }
    }
    hpr_diagnostics_free(d);
    hpr_standards_free(s);
    return 0;
}
