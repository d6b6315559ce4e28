/* SPDX-License-Identifier: MIT */
/* Matching an ICD-10 code against a compiled catalog: a binary search over
 * sorted intervals of packed codes. Reading a catalog is compile/catalogs.c. */
#include <string.h>

#include "model/catalog.h"
#include "model/policy.h"

bool hpr__icd_pack(const char *code, uint64_t *out, int *len_out)
{
    uint64_t v = 0;
    int n = 0;
    for (const char *c = code; *c; c++) {
        char ch = *c;
        if (ch == '.' || ch == ' ')
            continue;
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return false;
        if (n < 8)
            v |= (uint64_t)(unsigned char)ch << (8 * (7 - n));
        n++;
    }
    if (n == 0)
        return false;
    *out = v;
    if (len_out)
        *len_out = n > 8 ? 8 : n;
    return true;
}

/* The packed pattern padded with 0xff after its first n bytes: the largest
 * code that starts with it. */

size_t hpr__catalog_match(const hpr__catalog *c, uint64_t x, uint32_t *out, size_t cap)
{
    /* the last interval with lo <= x */
    size_t lo = 0, hi = c->niv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->iv[mid].lo <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    for (size_t i = lo; i-- > 0 && c->maxhi[i] >= x;) {
        if (c->iv[i].hi < x)
            continue;
        uint32_t e = c->iv[i].entry;
        bool seen = false;
        for (size_t k = 0; k < n && k < cap; k++)
            seen |= out[k] == e;
        if (seen)
            continue;
        if (n < cap)
            out[n] = e;
        n++;
    }
    /* catalog order: a small insertion sort (matches are few) */
    size_t m = n < cap ? n : cap;
    for (size_t i = 1; i < m; i++)
        for (size_t k = i; k > 0 && out[k - 1] > out[k]; k--) {
            uint32_t t = out[k];
            out[k] = out[k - 1];
            out[k - 1] = t;
        }
    return n;
}

int hpr__catalog_index(const struct hpr_policy *p, const char *name)
{
    for (size_t i = 0; i < p->ncatalogs; i++)
        if (strcmp(p->catalogs[i].name, name) == 0)
            return (int)i;
    return -1;
}
