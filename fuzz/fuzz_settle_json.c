/* SPDX-License-Identifier: MIT */
/* The JSON entry point (and so the JSONL reader of `hpr settle`) on
 * arbitrary requests against the shipped policies: a response keeps every
 * settlement invariant, a refusal has a message. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the first byte picks the policy */
    static const char *const names[] = {"anhui-351-180", "guangxi-2017", "normalised-2021"};
    const hpr_policy *p = fuzz_shipped_policy(names[size ? data[0] % 3 : 0]);
    char *out = NULL;
    hpr_status st = hpr_settle_json(p, (const char *)data, size, &out);
    if (st == HPR_OK) {
        fuzz_check_response(out);
        hpr_free(out);
    } else if (out || !hpr_error_last()->message || !*hpr_error_last()->message) {
        abort();
    }
    return 0;
}
