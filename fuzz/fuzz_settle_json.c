/* SPDX-License-Identifier: MIT */
/* The JSON entry point (and so the JSONL reader of `hpr settle`) on
 * arbitrary requests against the shipped policies: a response keeps every
 * settlement invariant, a refusal has a message. */
#include "fuzz_common.h"

#ifndef HPR_SOURCE_DIR
# define HPR_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static hpr_policy *policies[3];

static void load_once(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    const char *names[] = {"anhui-351-180", "guangxi-2017", "normalised-2021"};
    for (int i = 0; i < 3; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/policies/%s.json", HPR_SOURCE_DIR, names[i]);
        if (hpr_policy_load_file(&policies[i], NULL, path, NULL) != HPR_OK) {
            fprintf(stderr, "%s: %s\n", path, hpr_error_last()->message);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load_once();
    /* the first byte picks the policy */
    const hpr_policy *p = policies[size ? data[0] % 3 : 0];
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
