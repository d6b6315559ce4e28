/* SPDX-License-Identifier: MIT */
/* Reading the "classification" section: which catalog makes each of the
 * three batches (三个一批), for whom, and the severe-illness threshold.
 * docs/three-batches.md explains the policy behind it. */
#include <string.h>

#include "compile/compile.h"
#include "core/names.h"
#include "model/policy.h"

static const hpr__pspec MONEY = {HPR__P_MONEY, 0, INT64_MAX / 4};

static bool read_rule(hpr__reader *r, const cJSON *parent, const char *key, int batch)
{
    struct hpr_policy *p = r->policy;
    hpr__batch_rule *rule = &p->classify.rule[batch];
    rule->catalog = -1;
    const cJSON *node = hpr__rd_member(r, parent, key, false);
    if (!node)
        return true;
    size_t mark = hpr__rd_push(r, key);
    static const char *const CAT_KEYS[] = {"catalog", "claim_types", "designated_required", "ref",
                                           "note", NULL};
    static const char *const SEVERE_KEYS[] = {"burden_above", "claim_types", "ref", "note", NULL};
    bool severe = batch == HPR_BATCH_SEVERE_ILLNESS;
    bool ok = hpr__rd_object(r, node, "a batch rule", severe ? SEVERE_KEYS : CAT_KEYS);
    if (ok) {
        const char *note;
        ok = hpr__rd_string(r, node, "ref", false, &rule->ref) && ok;
        ok = hpr__rd_string(r, node, "note", false, &note) && ok;
        if (rule->ref && !hpr__rd_ref_ok(r, rule->ref)) {
            size_t m2 = hpr__rd_push(r, "ref");
            hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "ref"),
                          "ref \"%s\" does not start with the id of a declared source", rule->ref);
            hpr__rd_pop(r, m2);
            ok = false;
        }
        const cJSON *types = hpr__rd_member(r, node, "claim_types", false);
        if (types) {
            size_t m2 = hpr__rd_push(r, "claim_types");
            if (hpr__rd_array(r, types, "\"claim_types\"")) {
                size_t i = 0;
                for (const cJSON *t = types->child; t; t = t->next, i++) {
                    int k = cJSON_IsString(t) ? hpr__name_index(hpr__claim_type_names, t->valuestring) : -1;
                    if (k < 0) {
                        size_t m3 = hpr__rd_push_index(r, i);
                        hpr__rd_error(r, t, "unknown claim type; expected inpatient, "
                                            "outpatient_chronic or outpatient");
                        hpr__rd_pop(r, m3);
                        ok = false;
                    } else {
                        rule->claim_types |= (uint8_t)(1u << k);
                    }
                }
            } else {
                ok = false;
            }
            hpr__rd_pop(r, m2);
        }
        if (severe) {
            ok = hpr__rd_param(r, node, "burden_above", true, &MONEY, &rule->burden_above) && ok;
        } else {
            const char *cat = NULL;
            ok = hpr__rd_string(r, node, "catalog", true, &cat) && ok;
            if (cat) {
                rule->catalog = hpr__catalog_index(p, cat);
                /* a catalog that is declared but failed has its own error:
                 * saying it again here would hide the cause */
                bool declared = cJSON_GetObjectItemCaseSensitive(
                                    cJSON_GetObjectItemCaseSensitive(r->root, "catalogs"), cat) != NULL;
                if (rule->catalog < 0 && !declared) {
                    size_t m2 = hpr__rd_push(r, "catalog");
                    hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "catalog"),
                                  "no catalog named \"%s\" in /catalogs", cat);
                    hpr__rd_pop(r, m2);
                }
                if (rule->catalog < 0)
                    ok = false;
            }
            ok = hpr__rd_bool(r, node, "designated_required", false, &rule->designated_required) && ok;
        }
    }
    rule->present = ok;
    hpr__rd_pop(r, mark);
    return ok;
}

void hpr__read_classification(hpr__reader *r, const void *root_)
{
    const cJSON *root = root_;
    struct hpr_policy *p = r->policy;
    for (int b = 0; b < 4; b++)
        p->classify.rule[b].catalog = -1;
    const cJSON *node = hpr__rd_member(r, root, "classification", false);
    if (!node)
        return;
    size_t mark = hpr__rd_push(r, "classification");
    static const char *const KEYS[] = {"population", "serious_disease", "chronic_disease",
                                       "severe_illness", "ref", "note", NULL};
    if (hpr__rd_object(r, node, "\"classification\"", KEYS)) {
        bool ok = true;
        const cJSON *pop = hpr__rd_member(r, node, "population", false);
        if (pop) {
            size_t m2 = hpr__rd_push(r, "population");
            if (hpr__rd_array(r, pop, "\"population\"")) {
                size_t i = 0;
                for (const cJSON *c = pop->child; c; c = c->next, i++) {
                    int k = cJSON_IsString(c) ? hpr__name_index(p->category_names, c->valuestring) : -1;
                    if (k < 0) {
                        size_t m3 = hpr__rd_push_index(r, i);
                        hpr__rd_error(r, c, "unknown category; the policy's categories are in /categories");
                        hpr__rd_pop(r, m3);
                        ok = false;
                    } else {
                        p->classify.population |= (uint64_t)1 << k;
                    }
                }
            } else {
                ok = false;
            }
            hpr__rd_pop(r, m2);
        }
        ok = read_rule(r, node, "serious_disease", HPR_BATCH_SERIOUS_DISEASE) && ok;
        ok = read_rule(r, node, "chronic_disease", HPR_BATCH_CHRONIC_DISEASE) && ok;
        ok = read_rule(r, node, "severe_illness", HPR_BATCH_SEVERE_ILLNESS) && ok;
        p->classify.present = ok;
    }
    hpr__rd_pop(r, mark);
}
