/* SPDX-License-Identifier: MIT */
/* Dated parameters: the value in force on a date. */
#include "model/param.h"

const char *hpr__ptype_name(hpr__ptype t)
{
    switch (t) {
    case HPR__P_MONEY: return "money";
    case HPR__P_RATIO: return "ratio";
    case HPR__P_INT: return "integer";
    case HPR__P_BOOL: return "boolean";
    }
    return "?";
}

const hpr__pentry *hpr__param_at(const hpr__param *p, hpr_date on)
{
    if (!p)
        return NULL;
    const hpr__pentry *hit = NULL;
    /* few entries per parameter: a linear scan from the end is fastest */
    for (uint32_t i = p->n; i-- > 0;) {
        if (p->e[i].from <= on) {
            hit = &p->e[i];
            break;
        }
    }
    return hit && hit->present ? hit : NULL;
}
