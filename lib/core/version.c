/* SPDX-License-Identifier: MIT */
#include "core/core.h"

int hpr_version(int *major, int *minor, int *patch)
{
    if (major)
        *major = HPR_VERSION_MAJOR;
    if (minor)
        *minor = HPR_VERSION_MINOR;
    if (patch)
        *patch = HPR_VERSION_PATCH;
    return HPR_VERSION_NUMBER;
}

const char *hpr_version_string(void)
{
    return HPR_VERSION_STRING;
}
