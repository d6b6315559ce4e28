/* SPDX-License-Identifier: MIT */
/* The compiled policy: freeing it, its policy-year table, and the public
 * queries (metadata, dated parameters, layers, payers, categories,
 * monitoring rules, catalog matching). Building one is compile/. */
#include <string.h>

#include "model/policy.h"

void hpr_policy_free(hpr_policy *policy)
{
    if (!policy)
        return;
    hpr__free((void *)policy->params);
    hpr__extensions_release(policy->extensions);
    hpr__arena_release(&policy->arena);
    hpr__free(policy);
}

/* The first days of the policy years the policy is in force, at most 200
 * of them from its start: the settlement finds a claim's year in it. */
bool hpr__policy_compile_years(struct hpr_policy *p)
{
    hpr_date from = p->effective_from < HPR__DAY_MIN ? HPR__DAY_MIN : p->effective_from;
    hpr_date to = p->effective_to > HPR__DAY_MAX ? HPR__DAY_MAX : p->effective_to;
    int y0 = 0, y1 = 0;
    if (hpr_date_policy_year(&y0, from, p->year_start_month, p->year_start_day) != HPR_OK ||
        hpr_date_policy_year(&y1, to, p->year_start_month, p->year_start_day) != HPR_OK)
        return true; /* no table: the arithmetic answers */
    if (y1 > y0 + 199)
        y1 = y0 + 199;
    if (y1 + 1 > 9999)
        y1 = 9998;
    int n = y1 - y0 + 1;
    if (n < 1)
        return true;
    hpr_date *t = hpr__arena_alloc(&p->arena, (size_t)(n + 1) * sizeof *t);
    if (!t)
        return false;
    for (int k = 0; k <= n; k++)
        if (hpr_date_from_ymd(&t[k], y0 + k, p->year_start_month, p->year_start_day) != HPR_OK)
            return true;
    p->year_starts = t;
    p->year0 = y0;
    p->nyears = n;
    return true;
}

const char *hpr_policy_id(const hpr_policy *p) { return p ? p->id : NULL; }

const char *hpr_policy_title(const hpr_policy *p) { return p ? p->title : NULL; }

const char *hpr_policy_fingerprint(const hpr_policy *p) { return p ? p->fingerprint : NULL; }

int hpr_policy_format(const hpr_policy *p) { return p ? p->format : 0; }

const hpr__param *hpr__policy_param(const hpr_policy *p, const char *pointer)
{
    size_t lo = 0, hi = p->nparams;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p->params[mid]->pointer, pointer);
        if (c == 0)
            return p->params[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static hpr_status lookup(const hpr__pentry **out, const hpr_policy *policy, const char *pointer,
                         hpr_date as_of, int want, const char *fn)
{
    *out = NULL;
    if (!policy || !pointer)
        return hpr__seterr(HPR_EINVAL, "%s: %s is NULL", fn, policy ? "pointer" : "policy");
    const hpr__param *p = hpr__policy_param(policy, pointer);
    if (!p)
        return hpr__seterr(HPR_ENOTFOUND, "policy %s has no parameter at %s", policy->id, pointer);
    if (want >= 0 && (int)p->type != want)
        return hpr__seterr(HPR_EINVAL, "parameter %s is a %s, not a %s", pointer,
                           hpr__ptype_name(p->type), hpr__ptype_name((hpr__ptype)want));
    const hpr__pentry *e = hpr__param_at(p, as_of);
    if (!e) {
        char d[HPR_DATE_FORMAT_SIZE] = "?";
        hpr_date_format(d, sizeof d, as_of);
        return hpr__seterr(HPR_ENOTFOUND, "parameter %s has no value in force on %s", pointer, d);
    }
    *out = e;
    return HPR_OK;
}

hpr_status hpr_policy_param_money(hpr_money *out, const hpr_policy *policy, const char *pointer,
                                  hpr_date as_of)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_param_money: out is NULL");
    *out = 0;
    const hpr__pentry *e;
    hpr_status st = lookup(&e, policy, pointer, as_of, HPR__P_MONEY, "hpr_policy_param_money");
    if (st == HPR_OK)
        *out = e->value;
    return st;
}

hpr_status hpr_policy_param_ratio(hpr_ratio *out, const hpr_policy *policy, const char *pointer,
                                  hpr_date as_of)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_param_ratio: out is NULL");
    *out = 0;
    const hpr__pentry *e;
    hpr_status st = lookup(&e, policy, pointer, as_of, HPR__P_RATIO, "hpr_policy_param_ratio");
    if (st == HPR_OK)
        *out = e->value;
    return st;
}

hpr_status hpr_policy_param_ref(const char **out, const hpr_policy *policy, const char *pointer,
                                hpr_date as_of)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_param_ref: out is NULL");
    *out = NULL;
    const hpr__pentry *e;
    hpr_status st = lookup(&e, policy, pointer, as_of, -1, "hpr_policy_param_ref");
    if (st == HPR_OK)
        *out = e->ref;
    return st;
}

const hpr__source *hpr__policy_source(const struct hpr_policy *p, const char *id, size_t idlen)
{
    return p ? hpr__source_find(p->sources, p->nsources, id, idlen) : NULL;
}

size_t hpr_policy_layer_count(const hpr_policy *p) { return p ? p->nlayers : 0; }

const char *hpr_policy_layer(const hpr_policy *p, size_t i, const char **payer)
{
    if (payer)
        *payer = NULL;
    if (!p || i >= p->nlayers)
        return NULL;
    if (payer)
        *payer = hpr__payer_names[p->layers[i].payer];
    return p->layers[i].id;
}

size_t hpr__policy_payers(const hpr_policy *p, int payers[HPR__NPAYERS])
{
    size_t n = 0;
    for (size_t i = 0; p && i < p->nlayers; i++) {
        size_t k = 0;
        while (k < n && payers[k] != p->layers[i].payer)
            k++;
        if (k == n)
            payers[n++] = p->layers[i].payer;
    }
    return n;
}

size_t hpr_policy_payer_count(const hpr_policy *p)
{
    int payers[HPR__NPAYERS];
    return hpr__policy_payers(p, payers);
}

const char *hpr_policy_payer(const hpr_policy *p, size_t i)
{
    int payers[HPR__NPAYERS];
    return i < hpr__policy_payers(p, payers) ? hpr__payer_names[payers[i]] : NULL;
}

size_t hpr_policy_category_count(const hpr_policy *p) { return p ? p->ncategories : 0; }

const char *hpr_policy_category(const hpr_policy *p, size_t i)
{
    return p && i < p->ncategories ? p->category_names[i] : NULL;
}

size_t hpr_policy_monitor_count(const hpr_policy *p) { return p ? p->nmonitors : 0; }

const char *hpr_policy_monitor(const hpr_policy *p, size_t i, const char **label)
{
    if (label)
        *label = NULL;
    if (!p || i >= p->nmonitors)
        return NULL;
    if (label)
        *label = p->monitors[i].label;
    return p->monitors[i].id;
}

hpr_status hpr_policy_catalog_match(const char **entry_out, const hpr_policy *policy, const char *catalog,
                                    const char *code, hpr_date as_of)
{
    if (entry_out)
        *entry_out = NULL;
    if (!entry_out || !policy || !catalog || !code)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_catalog_match: %s is NULL",
                           !entry_out ? "entry_out" : !policy ? "policy" : !catalog ? "catalog" : "code");
    int ci = hpr__catalog_index(policy, catalog);
    if (ci < 0)
        return hpr__seterr(HPR_ENOTFOUND, "policy %s has no catalog \"%s\"", policy->id, catalog);
    uint64_t packed;
    if (!hpr__icd_pack(code, &packed, NULL))
        return hpr__seterr(HPR_EPARSE, "\"%s\" is not an ICD-10 code", code);
    const hpr__catalog *cat = &policy->catalogs[ci];
    uint32_t hits[8];
    size_t n = hpr__catalog_match(cat, packed, hits, 8);
    for (size_t k = 0; k < n && k < 8; k++) {
        const hpr__centry *e = &cat->entries[hits[k]];
        if (e->from <= as_of && as_of <= e->to) {
            *entry_out = e->id;
            return HPR_OK;
        }
    }
    /* a miss is a normal answer: its message is joined, not formatted */
    const char *parts[] = {"no entry of catalog ", catalog, " in force matches ", code};
    return hpr__seterr_join(HPR_ENOTFOUND, parts, 4);
}

const hpr__fixed_fee *hpr__policy_fee(const struct hpr_policy *p, const char *entry, const char *group,
                                      bool *other_groups)
{
    *other_groups = false;
    for (size_t i = 0; entry && i < p->nfees; i++) {
        const hpr__fixed_fee *f = &p->fees[i];
        bool for_entry = false;
        for (uint32_t k = 0; k < f->nentries && !for_entry; k++)
            for_entry = f->entries[k] == entry;
        if (!for_entry)
            continue;
        if (group ? f->group && strcmp(f->group, group) == 0 : !f->group)
            return f;
        *other_groups = true;
    }
    return NULL;
}
