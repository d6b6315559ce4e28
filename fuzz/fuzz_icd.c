/* SPDX-License-Identifier: MIT */
/* The ICD-10 matcher on arbitrary codes: the compiled-interval match must
 * agree with itself under the case and dot rules (a code matches exactly
 * when its upper-case form without dots matches), and never crash. */
#include <ctype.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const hpr_policy *policy = fuzz_shipped_policy("normalised-2021");
    if (size > 64)
        return 0;
    char code[65], norm[65];
    memcpy(code, data, size);
    code[size] = '\0';
    size_t n = 0;
    for (size_t i = 0; i < size && code[i]; i++)
        if (code[i] != '.')
            norm[n++] = (char)toupper((unsigned char)code[i]);
    norm[n] = '\0';
    hpr_date on;
    hpr_date_parse(&on, "2021-06-01", 10);
    const char *catalogs[] = {"serious", "chronic"};
    for (int c = 0; c < 2; c++) {
        const char *e1 = NULL, *e2 = NULL;
        hpr_status s1 = hpr_policy_catalog_match(&e1, policy, catalogs[c], code, on);
        hpr_status s2 = hpr_policy_catalog_match(&e2, policy, catalogs[c], norm, on);
        if (strlen(code) == size && n && s1 == HPR_OK && (s2 != HPR_OK || (e1 && e2 && strcmp(e1, e2) != 0)))
            abort();
    }
    return 0;
}
