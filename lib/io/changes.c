/* SPDX-License-Identifier: MIT */
/* hpr_policy_changes: what a policy changes against another (a child
 * against its base, a reform against the policy it was derived from), as
 * JSON: each parameter whose dated values differ, and each layer,
 * category, status kind, catalog and monitoring rule added, removed or
 * moved. docs/policy-format.md "What a child changes". */
#include <stdlib.h>
#include <string.h>

#include "io/io.h"
#include "json/jwrite.h"
#include "model/policy.h"

/* A parameter under a name that survives insertions: layers and
 * monitoring rules by id ("/layers/critical/deductible/amount"). */
typedef struct named {
    char *key;
    const hpr__param *param;
} named;

static char *stable_pointer(const hpr_policy *p, const char *ptr)
{
    hpr__buf b = {0};
    static const char *const arrays[] = {"/layers/", "/monitoring/"};
    for (int a = 0; a < 2; a++) {
        size_t n = strlen(arrays[a]);
        if (strncmp(ptr, arrays[a], n) != 0 || ptr[n] < '0' || ptr[n] > '9')
            continue;
        char *end;
        unsigned long i = strtoul(ptr + n, &end, 10);
        const char *id = a == 0 ? (i < p->nlayers ? p->layers[i].id : NULL)
                                : (i < p->nmonitors ? p->monitors[i].id : NULL);
        if (id) {
            hpr__buf_putf(&b, "%s%s%s", arrays[a], id, end);
            return b.oom ? NULL : b.ptr;
        }
    }
    hpr__buf_puts(&b, ptr);
    return b.oom ? NULL : b.ptr;
}

static int cmp_named(const void *a, const void *b)
{
    return strcmp(((const named *)a)->key, ((const named *)b)->key);
}

static named *params_by_name(const hpr_policy *p)
{
    named *v = hpr__calloc(p->nparams + 1, sizeof *v);
    for (size_t i = 0; v && i < p->nparams; i++) {
        v[i].param = p->params[i];
        if (!(v[i].key = stable_pointer(p, p->params[i]->pointer))) {
            for (size_t k = 0; k < i; k++)
                hpr__free(v[k].key);
            hpr__free(v);
            return NULL;
        }
    }
    if (v)
        qsort(v, p->nparams, sizeof *v, cmp_named);
    return v;
}

static void free_named(named *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        hpr__free(v[i].key);
    hpr__free(v);
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_param(const hpr__param *a, const hpr__param *b)
{
    if (a->type != b->type || a->n != b->n)
        return false;
    for (uint32_t i = 0; i < a->n; i++) {
        const hpr__pentry *x = &a->e[i], *y = &b->e[i];
        if (x->from != y->from || x->present != y->present || (x->present && x->value != y->value) ||
            x->assumed != y->assumed || !same_text(x->ref, y->ref))
            return false;
    }
    return true;
}

static void put_param_change(hpr__buf *b, bool *first, const char *key, const hpr__param *old,
                             const hpr__param *now)
{
    hpr__buf_puts(b, *first ? "{" : ",{");
    *first = false;
    hpr__jw_key(b, "pointer");
    hpr__jw_str(b, key);
    hpr__buf_put(b, ",", 1);
    hpr__jw_key(b, "type");
    hpr__jw_str(b, hpr__ptype_name((now ? now : old)->type));
    hpr__buf_put(b, ",", 1);
    hpr__jw_key(b, "change");
    hpr__jw_str(b, !old ? "added" : !now ? "removed" : "changed");
    hpr__buf_put(b, ",", 1);
    hpr__jw_key(b, "old");
    if (old)
        hpr__jw_param_values(b, old);
    else
        hpr__buf_puts(b, "null");
    hpr__buf_put(b, ",", 1);
    hpr__jw_key(b, "new");
    if (now)
        hpr__jw_param_values(b, now);
    else
        hpr__buf_puts(b, "null");
    hpr__buf_put(b, "}", 1);
}

static void put_parameters(hpr__buf *b, const hpr_policy *now, const hpr_policy *old)
{
    named *x = params_by_name(old), *y = params_by_name(now);
    if (!x || !y) {
        b->oom = true;
        free_named(x, old->nparams);
        free_named(y, now->nparams);
        return;
    }
    bool first = true;
    hpr__buf_put(b, "[", 1);
    size_t i = 0, j = 0;
    while (i < old->nparams || j < now->nparams) {
        int c = i == old->nparams ? 1 : j == now->nparams ? -1 : strcmp(x[i].key, y[j].key);
        if (c < 0) {
            put_param_change(b, &first, x[i].key, x[i].param, NULL);
            i++;
        } else if (c > 0) {
            put_param_change(b, &first, y[j].key, NULL, y[j].param);
            j++;
        } else {
            if (!same_param(x[i].param, y[j].param))
                put_param_change(b, &first, y[j].key, x[i].param, y[j].param);
            i++;
            j++;
        }
    }
    hpr__buf_put(b, "]", 1);
    free_named(x, old->nparams);
    free_named(y, now->nparams);
}

/* The names of one kind of item, for the comparison below. */
typedef struct names {
    const char *section;
    const char *(*at)(const hpr_policy *, size_t);
    bool ordered; /* its order matters: a layer's place in the waterfall */
} names;

static const char *layer_at(const hpr_policy *p, size_t i) { return p->layers[i].id; }
static const char *category_at(const hpr_policy *p, size_t i) { return p->category_names[i]; }
static const char *status_at(const hpr_policy *p, size_t i) { return p->status_kinds[i]; }
static const char *catalog_at(const hpr_policy *p, size_t i) { return p->catalogs[i].name; }
static const char *monitor_at(const hpr_policy *p, size_t i) { return p->monitors[i].id; }

static size_t count(const hpr_policy *p, int kind)
{
    switch (kind) {
    case 0: return p->nlayers;
    case 1: return p->ncategories;
    case 2: return p->nstatus_kinds;
    case 3: return p->ncatalogs;
    default: return p->nmonitors;
    }
}

static long find(const hpr_policy *p, const names *k, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (same_text(k->at(p, i), id))
            return (long)i;
    return -1;
}

static void put_item(hpr__buf *b, bool *first, const char *section, const char *id, const char *change)
{
    hpr__buf_puts(b, *first ? "{" : ",{");
    *first = false;
    hpr__jw_key(b, "section");
    hpr__jw_str(b, section);
    hpr__buf_put(b, ",", 1);
    hpr__jw_key(b, "id");
    hpr__jw_str(b, id);
    hpr__buf_put(b, ",", 1);
    hpr__jw_key(b, "change");
    hpr__jw_str(b, change);
    hpr__buf_put(b, "}", 1);
}

/* Added and removed items; an ordered item is "moved" when the items
 * both policies have come in another order around it. */
static void put_items(hpr__buf *b, const hpr_policy *now, const hpr_policy *old)
{
    static const names kinds[] = {
        {"layers", layer_at, true},         {"categories", category_at, false},
        {"status_kinds", status_at, false}, {"catalogs", catalog_at, false},
        {"monitoring", monitor_at, false},
    };
    bool first = true;
    hpr__buf_put(b, "[", 1);
    for (int k = 0; k < 5; k++) {
        const names *kd = &kinds[k];
        size_t nn = count(now, k), no = count(old, k);
        for (size_t i = 0; i < no; i++)
            if (find(now, kd, nn, kd->at(old, i)) < 0)
                put_item(b, &first, kd->section, kd->at(old, i), "removed");
        size_t shared = 0; /* rank among the items both have */
        for (size_t i = 0; i < nn; i++) {
            long at = find(old, kd, no, kd->at(now, i));
            if (at < 0) {
                put_item(b, &first, kd->section, kd->at(now, i), "added");
                continue;
            }
            size_t rank = 0;
            for (long j = 0; j < at; j++)
                rank += find(now, kd, nn, kd->at(old, (size_t)j)) >= 0;
            if (kd->ordered && rank != shared)
                put_item(b, &first, kd->section, kd->at(now, i), "moved");
            shared++;
        }
    }
    hpr__buf_put(b, "]", 1);
}

static void put_policy(hpr__buf *b, const char *key, const hpr_policy *p)
{
    hpr__jw_key(b, key);
    hpr__buf_put(b, "{", 1);
    hpr__jw_key(b, "id");
    hpr__jw_str(b, p->id);
    hpr__buf_put(b, ",", 1);
    hpr__jw_key(b, "file");
    hpr__jw_str(b, p->file);
    hpr__buf_put(b, ",", 1);
    hpr__jw_key(b, "fingerprint");
    hpr__jw_str(b, p->fingerprint);
    hpr__buf_put(b, "}", 1);
}

hpr_status hpr_policy_changes(char **out, const hpr_policy *policy, const hpr_policy *base)
{
    if (out)
        *out = NULL;
    if (!out || !policy || !base)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_changes: %s is NULL",
                           !out ? "out" : !policy ? "policy" : "base");
    hpr__buf b = {0};
    hpr__buf_put(&b, "{", 1);
    put_policy(&b, "policy", policy);
    hpr__buf_put(&b, ",", 1);
    put_policy(&b, "base", base);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "parameters");
    put_parameters(&b, policy, base);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "items");
    put_items(&b, policy, base);
    hpr__buf_put(&b, "}", 1);
    if (b.oom) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_ENOMEM, "out of memory comparing policies");
    }
    *out = b.ptr;
    return HPR_OK;
}
