/* SPDX-License-Identifier: MIT */
/* An extension library for hpr: the means test of medical assistance on
 * application (依申请救助), a local rule the built-in layer kinds cannot
 * express. An Anhui county's rule: a household whose annual income, less
 * what it paid for medical care this year, falls below the rural
 * low-income line may apply; assistance then pays 50% of the compliant
 * burden above 20000 a year, at most 30000 (the policy's layer says that
 * part). hpr loads it only when the application names it:
 *   hpr settle --extension-library ./libhpr_means_test.so ...
 * The household's income is its income per capita times its size; the
 * line is per capita, so the household's line is the line times its size.
 * Thread-safe: it reads only its arguments. */
#include <stdint.h>

#include "hpr/extension.h"

/* bool(money income_per_capita, int household_size, money paid_this_year, money this_claim, money line) */
static int32_t below_line_after_medical_costs(int64_t income, int32_t size, int64_t paid, int64_t claim,
                                              int64_t line)
{
    return income * size - (paid + claim) < line * size;
}

/* The table hpr_extensions_load_table() reads; a NULL name ends it. It is
 * the one symbol the library exports. */
#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
const hpr_extension_entry hpr_extension_table[] = {
    {"means_test", "bool(money, int, money, money, money)",
     (hpr_extension_fn)(void (*)(void))below_line_after_medical_costs},
    {0, 0, 0},
};
