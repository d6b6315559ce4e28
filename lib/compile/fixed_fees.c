/* SPDX-License-Identifier: MIT */
/* Reading the "fixed_fees" section: a fixed fee per case (定额, 四定's
 * 定单病种费用) for the claims classified to given catalog entries,
 * optionally by the claim's case group, by level and dated; and who bears
 * the cost above it. */
#include <string.h>

#include "compile/compile.h"
#include "model/policy.h"

static const hpr__pspec MONEY = {HPR__P_MONEY, 0, INT64_MAX / 4};

/* Whether two fees are for the same entry and case group. */
static bool same_case(const hpr__fixed_fee *a, const hpr__fixed_fee *b)
{
    if ((a->group == NULL) != (b->group == NULL) || (a->group && strcmp(a->group, b->group) != 0))
        return false;
    for (uint32_t i = 0; i < a->nentries; i++)
        for (uint32_t k = 0; k < b->nentries; k++)
            if (a->entries[i] == b->entries[k])
                return true;
    return false;
}

static bool read_fee(hpr__reader *r, const cJSON *node, hpr__fixed_fee *f)
{
    static const char *const KEYS[] = {"diseases", "case_group", "amount", "ref", "note", NULL};
    memset(f, 0, sizeof *f);
    if (!hpr__rd_object(r, node, "a fixed fee", KEYS))
        return false;
    const char *note;
    bool ok = hpr__rd_entries(r, node, "diseases", true, &f->entries, &f->nentries);
    ok = hpr__rd_string(r, node, "case_group", false, &f->group) && ok;
    ok = hpr__rd_leveled(r, node, "amount", true, &MONEY, &f->amount) && ok;
    ok = hpr__rd_string(r, node, "ref", false, &f->ref) && ok;
    ok = hpr__rd_string(r, node, "note", false, &note) && ok;
    if (f->ref && !hpr__rd_ref_ok(r, f->ref)) {
        size_t mark = hpr__rd_push(r, "ref");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "ref"),
                      "ref \"%s\" does not start with the id of a declared source", f->ref);
        hpr__rd_pop(r, mark);
        ok = false;
    }
    if (f->group && !f->group[0]) {
        size_t mark = hpr__rd_push(r, "case_group");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "case_group"),
                      "\"case_group\" is empty: leave it out for claims without a case group");
        hpr__rd_pop(r, mark);
        ok = false;
    }
    return ok;
}

void hpr__read_fixed_fees(hpr__reader *r, const void *root_)
{
    const cJSON *root = root_;
    struct hpr_policy *p = r->policy;
    const cJSON *node = hpr__rd_member(r, root, "fixed_fees", false);
    if (!node)
        return;
    size_t mark = hpr__rd_push(r, "fixed_fees");
    static const char *const KEYS[] = {"above", "fees", "ref", "note", NULL};
    static const char *const ABOVE[] = {"pay", "hospital", NULL};
    if (hpr__rd_object(r, node, "\"fixed_fees\"", KEYS)) {
        int above = 0;
        const char *note;
        hpr__rd_enum(r, node, "above", true, ABOVE, &above);
        p->fee_above = (hpr__fee_above)above;
        hpr__rd_string(r, node, "note", false, &note);
        if (hpr__rd_string(r, node, "ref", false, &p->fee_above_ref) && p->fee_above_ref &&
            !hpr__rd_ref_ok(r, p->fee_above_ref)) {
            size_t m2 = hpr__rd_push(r, "ref");
            hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "ref"),
                          "ref \"%s\" does not start with the id of a declared source", p->fee_above_ref);
            hpr__rd_pop(r, m2);
        }
        const cJSON *list = hpr__rd_member(r, node, "fees", true);
        size_t m2 = hpr__rd_push(r, "fees");
        if (list && hpr__rd_array(r, list, "\"fees\"")) {
            size_t n = (size_t)cJSON_GetArraySize(list);
            if (n > 1000) {
                hpr__rd_error(r, list, "at most 1000 fixed fees, found %zu", n);
                n = 0;
            }
            p->fees = n ? hpr__arena_alloc(r->arena, n * sizeof *p->fees) : NULL;
            if (n && !p->fees) {
                r->oom = true;
                n = 0;
            }
            size_t i = 0;
            for (const cJSON *e = list->child; e && i < n; e = e->next, i++) {
                size_t m3 = hpr__rd_push_index(r, i);
                hpr__fixed_fee *f = &p->fees[p->nfees];
                if (read_fee(r, e, f)) {
                    size_t dup = SIZE_MAX;
                    for (size_t k = 0; k < p->nfees && dup == SIZE_MAX; k++)
                        if (same_case(&p->fees[k], f))
                            dup = k;
                    if (dup != SIZE_MAX)
                        hpr__rd_error(r, e, "a fee for the same disease and case group as fee %zu", dup);
                    else
                        p->nfees++;
                }
                hpr__rd_pop(r, m3);
            }
        }
        hpr__rd_pop(r, m2);
    }
    hpr__rd_pop(r, mark);
}
