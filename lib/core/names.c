/* SPDX-License-Identifier: MIT */
/* Lists of names: lookup, and the closest name for "did you mean" hints. */
#include <stdint.h>
#include <string.h>

#include "core/names.h"

int hpr__name_index(const char *const *names, const char *name)
{
    /* a policy may declare no status kinds or categories: then nothing matches */
    for (int i = 0; names && names[i]; i++)
        if (names[i][0] == name[0] && strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* Edit distance (insert, delete, replace, swap of neighbours) of two short
 * words; more than `most` counts as most + 1. */
static size_t edits(const char *a, const char *b, size_t most)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63 || (la > lb ? la - lb : lb - la) > most)
        return most + 1;
    size_t d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            best = d[i - 1][j] + 1 < best ? d[i - 1][j] + 1 : best;
            best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *hpr__closest(const char *word, const char *const *names, size_t n)
{
    size_t len = strlen(word), most = len < 4 ? 1 : len < 8 ? 2 : 3, best = most + 1;
    const char *hit = NULL;
    for (size_t i = 0; n == SIZE_MAX ? names[i] != NULL : i < n; i++) {
        size_t e = edits(word, names[i], most);
        if (e < best) {
            best = e;
            hit = names[i];
        }
    }
    return hit;
}
