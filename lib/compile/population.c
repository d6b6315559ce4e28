/* SPDX-License-Identifier: MIT */
/* Reading who a policy serves: the sections "status_kinds" and
 * "categories" (with the years a category lasts after an exit), and the
 * order the hospital's waiver comes off the cost buckets ("waiver_order"). */
#include <string.h>

#include "compile/compile.h"
#include "core/names.h"
#include "model/policy.h"

static const hpr__pspec YEARS = {HPR__P_INT, 0, 100};

void hpr__read_status_kinds(hpr__reader *r, const cJSON *root)
{
    struct hpr_policy *p = r->policy;
    const cJSON *a = hpr__rd_member(r, root, "status_kinds", false);
    if (!a)
        return;
    size_t mark = hpr__rd_push(r, "status_kinds");
    if (hpr__rd_array(r, a, "\"status_kinds\"")) {
        size_t n = (size_t)cJSON_GetArraySize(a);
        if (n > HPR__MAX_STATUS_KINDS) {
            hpr__rd_error(r, a, "at most %d status kinds, found %zu", HPR__MAX_STATUS_KINDS, n);
            n = HPR__MAX_STATUS_KINDS;
        }
        p->status_kinds = n ? hpr__arena_alloc(r->arena, (n + 1) * sizeof *p->status_kinds) : NULL;
        if (n && !p->status_kinds)
            r->oom = true;
        size_t i = 0;
        for (const cJSON *e = a->child; e && p->status_kinds && i < n; e = e->next, i++) {
            size_t m2 = hpr__rd_push_index(r, i);
            if (!cJSON_IsString(e) || !hpr__rd_name_ok(e->valuestring)) {
                hpr__rd_error(r, e, "a status kind is a name of a-z, 0-9 and '_'");
            } else if (hpr__name_index(p->status_kinds, e->valuestring) >= 0) {
                hpr__rd_error(r, e, "status kind \"%s\" is listed twice", e->valuestring);
            } else {
                p->status_kinds[p->nstatus_kinds++] =
                    hpr__arena_strndup(r->arena, e->valuestring, strlen(e->valuestring));
                p->status_kinds[p->nstatus_kinds] = NULL;
            }
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}

void hpr__read_categories(hpr__reader *r, const cJSON *root)
{
    struct hpr_policy *p = r->policy;
    const cJSON *s = hpr__rd_member(r, root, "categories", false);
    if (!s)
        return;
    size_t mark = hpr__rd_push(r, "categories");
    if (hpr__rd_object(r, s, "\"categories\"", NULL)) {
        size_t n = (size_t)cJSON_GetArraySize(s);
        if (n > HPR__MAX_CATEGORIES) {
            hpr__rd_error(r, s, "at most %d categories, found %zu", HPR__MAX_CATEGORIES, n);
            n = HPR__MAX_CATEGORIES;
        }
        p->categories = n ? hpr__arena_alloc(r->arena, n * sizeof *p->categories) : NULL;
        p->category_names = n ? hpr__arena_alloc(r->arena, (n + 1) * sizeof *p->category_names) : NULL;
        if (n && (!p->categories || !p->category_names)) {
            r->oom = true;
            n = 0;
        }
        size_t i = 0;
        static const char *const keys[] = {"statuses", "after_exit", "ref", "note", "label", NULL};
        for (const cJSON *c = s->child; c && i < n; c = c->next, i++) {
            size_t m2 = hpr__rd_push(r, c->string);
            hpr__category *cat = &p->categories[p->ncategories];
            memset(cat, 0, sizeof *cat); /* the slot may hold a category that failed */
            bool ok = hpr__rd_name_ok(c->string);
            if (!ok)
                hpr__rd_error_key(r, c, "a category name uses a-z, 0-9 and '_'");
            ok = hpr__rd_object(r, c, "a category", keys) && ok;
            ok = hpr__rd_text(r, c, "label", false, &cat->label, &cat->label_zh) && ok;
            cat->exit_status = -1;
            if (ok) {
                uint64_t m = 0;
                ok = hpr__rd_mask(r, c, "statuses", (const char *const *)p->status_kinds,
                               p->nstatus_kinds, "status kind", &m);
                cat->statuses = m;
                ok = hpr__rd_string(r, c, "ref", false, &cat->ref) && ok;
                const cJSON *ae = hpr__rd_member(r, c, "after_exit", false);
                if (ae) {
                    size_t m3 = hpr__rd_push(r, "after_exit");
                    static const char *const akeys[] = {"status", "years", "ref", "note", NULL};
                    if (hpr__rd_object(r, ae, "\"after_exit\"", akeys)) {
                        const char *st = NULL;
                        if (hpr__rd_string(r, ae, "status", true, &st) && st) {
                            cat->exit_status = hpr__name_index(p->status_kinds ? p->status_kinds
                                                                               : (const char *const[]){NULL},
                                                               st);
                            if (cat->exit_status < 0) {
                                size_t m4 = hpr__rd_push(r, "status");
                                hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(ae, "status"),
                                              "\"%s\" is not a declared status kind", st);
                                hpr__rd_pop(r, m4);
                                ok = false;
                            }
                        } else {
                            ok = false;
                        }
                        ok = hpr__rd_param(r, ae, "years", true, &YEARS, &cat->exit_years) && ok;
                    } else {
                        ok = false;
                    }
                    hpr__rd_pop(r, m3);
                }
                if (ok && !cat->statuses && cat->exit_status < 0) {
                    hpr__rd_error(r, c, "category \"%s\" has neither statuses nor after_exit",
                                  c->string);
                    ok = false;
                }
            }
            cat->name = hpr__arena_strndup(r->arena, c->string, strlen(c->string));
            if (!cat->name)
                r->oom = true;
            if (ok && cat->name) {
                p->category_names[p->ncategories++] = cat->name;
                p->category_names[p->ncategories] = NULL;
            }
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}

void hpr__read_waiver_order(hpr__reader *r, const cJSON *root)
{
    struct hpr_policy *p = r->policy;
    /* Default: the hospital's reduction first meets what no fund covers. */
    p->waiver_order[0] = HPR__B_OUT_OF_CATALOG;
    p->waiver_order[1] = HPR__B_CLASS_B_SELF;
    p->waiver_order[2] = HPR__B_IN_SCOPE;
    const cJSON *a = hpr__rd_member(r, root, "waiver_order", false);
    if (!a)
        return;
    size_t mark = hpr__rd_push(r, "waiver_order");
    uint8_t seen = 0, k = 0;
    bool ok = hpr__rd_array(r, a, "\"waiver_order\"") && cJSON_GetArraySize(a) == HPR__NBUCKETS;
    for (const cJSON *e = ok ? a->child : NULL; e; e = e->next) {
        int b = cJSON_IsString(e) ? hpr__name_index(hpr__bucket_names, e->valuestring) : -1;
        if (b < 0 || (seen & (1u << b))) {
            ok = false;
            break;
        }
        seen |= (uint8_t)(1u << b);
        p->waiver_order[k++] = (uint8_t)b;
    }
    if (!ok)
        hpr__rd_error(r, a, "\"waiver_order\" must list in_scope, class_b_self and "
                            "out_of_catalog once each");
    hpr__rd_pop(r, mark);
}

