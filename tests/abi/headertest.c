/* SPDX-License-Identifier: MIT */
/* The public headers compile alone as strict C99, and every *_INIT macro
 * expands cleanly under -Wall -Wextra -pedantic -Werror. */
#include "hpr/hpr.h"

int hpr_headertest_c(void);
int hpr_headertest_c(void)
{
    hpr_policy_options opts = HPR_POLICY_OPTIONS_INIT;
    return (int)opts.version + HPR_VERSION_NUMBER;
}
