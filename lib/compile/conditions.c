/* SPDX-License-Identifier: MIT */
/* Reading a condition object (a layer's applies_to, a modifier's when, an
 * eligibility rule) into the compiled hpr__cond of model/cond.h. */
#include <string.h>

#include "compile/compile.h"
#include "core/names.h"
#include "model/policy.h"

static void list_names(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; (n == SIZE_MAX ? names[i] != NULL : i < n) && used + 2 < size; i++) {
        size_t len = strlen(names[i]);
        if (used + len + 3 >= size)
            break;
        if (i) {
            memcpy(buf + used, ", ", 2);
            used += 2;
        }
        memcpy(buf + used, names[i], len);
        used += len;
        buf[used] = '\0';
    }
}

/* An array of names from a fixed list (NULL-terminated, or the first n of
 * names) into a bit mask; every unknown name reported. */
bool hpr__rd_mask(hpr__reader *r, const cJSON *obj, const char *key, const char *const *names,
                      size_t n, const char *what, uint64_t *mask)
{
    *mask = 0;
    const cJSON *a = hpr__rd_member(r, obj, key, false);
    if (!a)
        return true;
    size_t mark = hpr__rd_push(r, key);
    bool ok = hpr__rd_array(r, a, key);
    size_t i = 0;
    for (const cJSON *e = ok ? a->child : NULL; e; e = e->next, i++) {
        size_t m2 = hpr__rd_push_index(r, i);
        int idx = -1;
        if (cJSON_IsString(e)) {
            for (size_t k = 0; n == SIZE_MAX ? names[k] != NULL : k < n; k++)
                if (strcmp(names[k], e->valuestring) == 0) {
                    idx = (int)k;
                    break;
                }
        }
        if (idx < 0) {
            char list[400];
            list_names(list, sizeof list, names, n);
            const char *near = cJSON_IsString(e) ? hpr__closest(e->valuestring, names, n) : NULL;
            if (near)
                hpr__rd_error(r, e, "unknown %s \"%s\"; did you mean \"%s\"?", what, e->valuestring, near);
            else if (cJSON_IsString(e) && !list[0])
                hpr__rd_error(r, e, "unknown %s \"%s\": the policy declares none", what, e->valuestring);
            else if (cJSON_IsString(e))
                hpr__rd_error(r, e, "unknown %s \"%s\"; expected one of: %s", what, e->valuestring,
                              list);
            else
                hpr__rd_error(r, e, "expected a %s name (a string)", what);
            ok = false;
        } else {
            *mask |= (uint64_t)1 << idx;
        }
        hpr__rd_pop(r, m2);
    }
    if (ok && i == 0) {
        hpr__rd_error(r, a, "\"%s\" is empty: leave it out to mean any %s", key, what);
        ok = false;
    }
    hpr__rd_pop(r, mark);
    return ok;
}

static int8_t tri(hpr__reader *r, const cJSON *obj, const char *key)
{
    bool v = false;
    if (!cJSON_GetObjectItemCaseSensitive(obj, key))
        return -1;
    return hpr__rd_bool(r, obj, key, false, &v) ? (int8_t)v : -1;
}

static const char *const COND_KEYS[] = {"categories", "claim_types", "levels", "locations",
                                        "batches", "referral", "referral_required_at", "enrolled",
                                        "family_doctor", "min_claims_in_year", "from", "to", "diseases", "extension", NULL};

bool hpr__rd_entries(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                     const char *const **out, uint32_t *nout)
{
    *out = NULL;
    *nout = 0;
    const cJSON *a = hpr__rd_member(r, obj, key, required);
    if (!a)
        return !required;
    const struct hpr_policy *p = r->policy;
    size_t mark = hpr__rd_push(r, key);
    bool ok = hpr__rd_array(r, a, key);
    const char **ids = NULL;
    size_t n = 0, cap = 0, i = 0;
    for (const cJSON *e = ok ? a->child : NULL; e; e = e->next, i++) {
        size_t m2 = hpr__rd_push_index(r, i);
        bool found = false;
        for (size_t k = 0; cJSON_IsString(e) && k < p->ncatalogs; k++)
            for (size_t j = 0; j < p->catalogs[k].nentries; j++)
                if (strcmp(p->catalogs[k].entries[j].id, e->valuestring) == 0) {
                    found = true;
                    if (n == cap) { /* the list lives in the policy's arena */
                        size_t cap2 = cap ? 2 * cap : 4;
                        const char **v = hpr__arena_alloc(r->arena, cap2 * sizeof *v);
                        if (!v) {
                            r->oom = true;
                            continue;
                        }
                        if (n)
                            memcpy(v, ids, n * sizeof *v);
                        ids = v;
                        cap = cap2;
                    }
                    ids[n++] = p->catalogs[k].entries[j].id;
                }
        if (!cJSON_IsString(e)) {
            hpr__rd_error(r, e, "expected a catalog entry id (a string)");
            ok = false;
        } else if (!found) {
            hpr__rd_error(r, e, "no catalog of the policy has an entry \"%s\"%s", e->valuestring,
                          p->ncatalogs ? "" : " (the policy has no catalogs)");
            ok = false;
        }
        hpr__rd_pop(r, m2);
    }
    if (ok && i == 0) {
        hpr__rd_error(r, a, "\"%s\" is empty: leave it out to mean any disease", key);
        ok = false;
    }
    hpr__rd_pop(r, mark);
    if (ok) {
        *out = ids;
        *nout = (uint32_t)n;
    }
    return ok;
}

bool hpr__read_cond(hpr__reader *r, const void *node_, const char *what, hpr__cond *c)
{
    const cJSON *node = node_;
    memset(c, 0, sizeof *c);
    c->referral = c->enrolled = c->family_doctor = -1;
    if (!hpr__rd_object(r, node, what, COND_KEYS))
        return false;
    const struct hpr_policy *p = r->policy;
    uint64_t m;
    bool ok = true;
    ok = hpr__rd_mask(r, node, "categories", (const char *const *)p->category_names, p->ncategories,
                   "category", &c->categories) && ok;
    ok = hpr__rd_mask(r, node, "claim_types", hpr__claim_type_names, SIZE_MAX, "claim type", &m) && ok;
    c->claim_types = (uint8_t)m;
    ok = hpr__rd_mask(r, node, "levels", hpr__level_names, SIZE_MAX, "level", &m) && ok;
    c->levels = (uint8_t)m;
    ok = hpr__rd_mask(r, node, "locations", hpr__location_names, SIZE_MAX, "location", &m) && ok;
    c->locations = (uint8_t)m;
    ok = hpr__rd_mask(r, node, "batches", hpr__batch_names, SIZE_MAX, "batch", &m) && ok;
    c->batches = (uint8_t)m;
    ok = hpr__rd_mask(r, node, "referral_required_at", hpr__location_names, SIZE_MAX, "location", &m) &&
         ok;
    c->referral_required_at = (uint8_t)m;
    c->referral = tri(r, node, "referral");
    c->enrolled = tri(r, node, "enrolled");
    c->family_doctor = tri(r, node, "family_doctor");
    ok = hpr__rd_entries(r, node, "diseases", false, &c->diseases, &c->ndiseases) && ok;
    const cJSON *ext = hpr__rd_member(r, node, "extension", false);
    if (ext) {
        size_t mark = hpr__rd_push(r, "extension");
        hpr__xcall *call = NULL;
        static const char *const XKEYS[] = {"function", "args", "when_missing", NULL};
        ok = hpr__rd_object(r, ext, "an extension call", XKEYS) &&
             hpr__rd_xcall(r, ext, false, HPR__X_BOOL, &call) && ok;
        c->ext = call;
        hpr__rd_pop(r, mark);
    }
    long n = 0;
    bool has = false;
    ok = hpr__rd_int(r, node, "min_claims_in_year", false, 1, 1000, &n, &has) && ok;
    c->min_claims_in_year = has ? (int)n : 0;
    bool has_from = false, has_to = false;
    ok = hpr__rd_date(r, node, "from", false, &c->from, &has_from) && ok;
    ok = hpr__rd_date(r, node, "to", false, &c->to, &has_to) && ok;
    if (!has_from)
        c->from = INT32_MIN;
    if (!has_to)
        c->to = INT32_MAX;
    if (ok && c->to < c->from) {
        size_t mark = hpr__rd_push(r, "to");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "to"), "\"to\" is before \"from\"");
        hpr__rd_pop(r, mark);
        ok = false;
    }
    hpr__cond_compile(c);
    return ok;
}
