/* SPDX-License-Identifier: MIT */
/* Loads a policy through an installed libhpr; prints its id. */
#include <stdio.h>

#include <hpr/hpr.h>

int main(int argc, char **argv)
{
    hpr_policy *p = NULL;
    if (argc != 2 || hpr_policy_load_file(&p, NULL, argv[1], NULL) != HPR_OK) {
        fprintf(stderr, "consumer: %s\n", hpr_error_last()->message);
        return 1;
    }
    printf("%s %s\n", hpr_version_string(), hpr_policy_id(p));
    hpr_policy_free(p);
    return 0;
}
