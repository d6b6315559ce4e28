/* SPDX-License-Identifier: MIT */
/* Who the person is on the as-of date: categories (from status periods and
 * the years after an exit) and enrollment. */
#include <string.h>

#include "core/names.h"
#include "engine/engine.h"
#include "engine/facts.h"

void hpr__status_kinds(const struct hpr_policy *p, const hpr_person *person, int *kinds)
{
    for (size_t i = 0; i < person->nstatuses; i++)
        kinds[i] = p->status_kinds ? hpr__name_index(p->status_kinds, person->statuses[i].kind) : -1;
}

uint64_t hpr__categories_on(const struct hpr_policy *p, const hpr_person *person, const int *kinds,
                            hpr_date d, const char **unknown)
{
    uint64_t active = 0;
    if (unknown)
        *unknown = NULL;
    for (size_t i = 0; i < person->nstatuses; i++) {
        const hpr_status_period *st = &person->statuses[i];
        int k = kinds ? kinds[i] : p->status_kinds ? hpr__name_index(p->status_kinds, st->kind) : -1;
        if (k < 0) {
            if (unknown && !kinds && !*unknown)
                *unknown = st->kind;
            continue;
        }
        if (st->from <= d && d <= st->to)
            active |= (uint64_t)1 << k;
    }
    uint64_t cats = 0;
    for (size_t c = 0; c < p->ncategories; c++) {
        const hpr__category *cat = &p->categories[c];
        bool member = (cat->statuses & active) != 0;
        if (!member && cat->exit_status >= 0) {
            const hpr__pentry *years = hpr__param_at(cat->exit_years, d);
            for (size_t i = 0; years && i < person->nstatuses && !member; i++) {
                const hpr_status_period *st = &person->statuses[i];
                if (kinds ? kinds[i] != cat->exit_status
                          : strcmp(st->kind, p->status_kinds[cat->exit_status]) != 0)
                    continue;
                hpr_date end;
                /* in the category for n whole years after the exit: up to the day
                 * before its n-th anniversary */
                if (st->from <= d && d <= st->to &&
                    hpr_date_add_years(&end, st->from, (int)years->value) == HPR_OK && d < end)
                    member = true;
            }
        }
        if (member)
            cats |= (uint64_t)1 << c;
    }
    return cats;
}

bool hpr__enrolled_on(const hpr_person *person, hpr_date d)
{
    for (size_t i = 0; i < person->nenrollments; i++)
        if (person->enrollments[i].from <= d && d <= person->enrollments[i].to)
            return true;
    return false;
}
