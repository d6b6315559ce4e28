/* SPDX-License-Identifier: MIT */
/* Reading the "monitoring" section: relapse-risk rules (防止返贫, DOMAIN.md 3). */
#include <string.h>

#include "compile/compile.h"
#include "core/names.h"
#include "model/policy.h"

static const hpr__pspec MONEY = {HPR__P_MONEY, 0, INT64_MAX / 4};
static const hpr__pspec SHARE = {HPR__P_RATIO, 0, 100 * HPR_RATIO_ONE};

void hpr__read_monitoring(hpr__reader *r, const void *root_)
{
    const cJSON *root = root_;
    struct hpr_policy *p = r->policy;
    const cJSON *list = hpr__rd_member(r, root, "monitoring", false);
    if (!list)
        return;
    size_t mark = hpr__rd_push(r, "monitoring");
    if (hpr__rd_array(r, list, "\"monitoring\"")) {
        size_t n = (size_t)cJSON_GetArraySize(list);
        if (n > 64) {
            hpr__rd_error(r, list, "at most 64 monitoring rules, found %zu", n);
            n = 0;
        }
        p->monitors = n ? hpr__arena_alloc(r->arena, n * sizeof *p->monitors) : NULL;
        if (n && !p->monitors) {
            r->oom = true;
            n = 0;
        }
        static const char *const KEYS[] = {"id", "label", "categories", "burden_share_above",
                                           "income", "ref", "note", NULL};
        size_t i = 0;
        for (const cJSON *m = list->child; m && i < n; m = m->next, i++) {
            size_t m2 = hpr__rd_push_index(r, i);
            hpr__monitor_rule *rule = &p->monitors[p->nmonitors];
            memset(rule, 0, sizeof *rule);
            bool ok = hpr__rd_object(r, m, "a monitoring rule", KEYS);
            if (ok) {
                const char *note;
                ok = hpr__rd_string(r, m, "id", true, &rule->id) && ok;
                ok = hpr__rd_string(r, m, "label", false, &rule->label) && ok;
                ok = hpr__rd_string(r, m, "note", false, &note) && ok;
                ok = hpr__rd_string(r, m, "ref", false, &rule->ref) && ok;
                if (rule->ref && !hpr__rd_ref_ok(r, rule->ref)) {
                    size_t m3 = hpr__rd_push(r, "ref");
                    hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(m, "ref"),
                                  "ref \"%s\" does not start with the id of a declared source", rule->ref);
                    hpr__rd_pop(r, m3);
                    ok = false;
                }
                ok = hpr__rd_param(r, m, "burden_share_above", true, &SHARE, &rule->share) && ok;
                ok = hpr__rd_param(r, m, "income", false, &MONEY, &rule->income) && ok;
                const cJSON *cats = hpr__rd_member(r, m, "categories", false);
                if (cats) {
                    size_t m3 = hpr__rd_push(r, "categories");
                    if (hpr__rd_array(r, cats, "\"categories\"")) {
                        size_t k = 0;
                        for (const cJSON *c = cats->child; c; c = c->next, k++) {
                            int idx = cJSON_IsString(c) ? hpr__name_index(p->category_names, c->valuestring) : -1;
                            if (idx < 0) {
                                size_t m4 = hpr__rd_push_index(r, k);
                                hpr__rd_error(r, c, "unknown category; the policy's categories are in "
                                                    "/categories");
                                hpr__rd_pop(r, m4);
                                ok = false;
                            } else {
                                rule->categories |= (uint64_t)1 << idx;
                            }
                        }
                    } else {
                        ok = false;
                    }
                    hpr__rd_pop(r, m3);
                }
                for (size_t j = 0; ok && j < p->nmonitors; j++)
                    if (strcmp(p->monitors[j].id, rule->id) == 0) {
                        size_t m3 = hpr__rd_push(r, "id");
                        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(m, "id"),
                                      "monitoring rule id \"%s\" is used twice", rule->id);
                        hpr__rd_pop(r, m3);
                        ok = false;
                    }
            }
            if (ok)
                p->nmonitors++;
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}
