// SPDX-License-Identifier: MIT
// The public headers compile alone as C++11 with extern "C" linkage.
#include "hpr/hpr.h"

int hpr_headertest_cxx();
int hpr_headertest_cxx()
{
    hpr_policy_options opts;
    if (hpr_policy_options_init(&opts, HPR_POLICY_OPTIONS_VERSION) != HPR_OK)
        return -1;
    return static_cast<int>(opts.version) + HPR_VERSION_NUMBER;
}
