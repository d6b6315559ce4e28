/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "model/source.h"

const hpr__source *hpr__source_find(const hpr__source *sources, size_t n, const char *id,
                                    size_t idlen)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(sources[i].id) == idlen && memcmp(sources[i].id, id, idlen) == 0)
            return &sources[i];
    return NULL;
}
