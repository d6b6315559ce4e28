/* SPDX-License-Identifier: MIT */
/* The registry: rows, refusals, and hpr_registry_finish(), which checks the
 * references between tables and builds the indexes the audit walks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/registry.h"

static const char *const TABLE_NAMES[HPR_REGISTRY_TABLES] = {"counties", "townships", "villages",
                                                             "staff"};

const char *hpr_registry_table_name(hpr_registry_table t)
{
    return (unsigned)t < HPR_REGISTRY_TABLES ? TABLE_NAMES[t] : NULL;
}

hpr_status hpr_registry_new(hpr_registry **out)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_registry_new: out is NULL");
    *out = hpr__calloc(1, sizeof **out);
    return *out ? HPR_OK : hpr__seterr(HPR_ENOMEM, "out of memory making a registry");
}

static void children_free(hpr__children *c)
{
    hpr__free(c->off);
    hpr__free(c->idx);
}

void hpr_registry_free(hpr_registry *reg)
{
    if (!reg)
        return;
    hpr__free(reg->counties);
    hpr__free(reg->townships);
    hpr__free(reg->villages);
    hpr__free(reg->staff);
    hpr__free(reg->errors);
    children_free(&reg->townships_of);
    children_free(&reg->villages_of);
    for (int i = 0; i < 3; i++)
        children_free(&reg->staff_of[i]);
    hpr__arena_release(&reg->arena);
    hpr__free(reg);
}

static void *grow(void **items, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        void *p = hpr__realloc(*items, c * size);
        if (!p)
            return NULL;
        *items = p;
        *cap = c;
    }
    char *slot = (char *)*items + *n * size;
    memset(slot, 0, size);
    (*n)++;
    return slot;
}

hpr__county *hpr__registry_add_county(hpr_registry *reg)
{
    return grow((void **)&reg->counties, &reg->ncounties, &reg->capcounties, sizeof *reg->counties);
}

hpr__township *hpr__registry_add_township(hpr_registry *reg)
{
    return grow((void **)&reg->townships, &reg->ntownships, &reg->captownships,
                sizeof *reg->townships);
}

hpr__village *hpr__registry_add_village(hpr_registry *reg)
{
    return grow((void **)&reg->villages, &reg->nvillages, &reg->capvillages, sizeof *reg->villages);
}

hpr__staff *hpr__registry_add_staff(hpr_registry *reg)
{
    return grow((void **)&reg->staff, &reg->nstaff, &reg->capstaff, sizeof *reg->staff);
}

bool hpr__registry_refuse(hpr_registry *reg, hpr_registry_table table, hpr__rrow *row,
                          const char *fmt, ...)
{
    row->refused = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hpr__rerror *e = grow((void **)&reg->errors, &reg->nerrors, &reg->caperrors, sizeof *reg->errors);
    if (!e)
        return false;
    e->table = table;
    e->file = row->file;
    e->line = row->line;
    e->id = row->id ? row->id : "";
    e->message = hpr__arena_strndup(&reg->arena, msg, strlen(msg));
    if (!e->message) {
        reg->nerrors--;
        return false;
    }
    return true;
}

/* ---- finishing ---------------------------------------------------------- */

typedef struct idref {
    const char *id;
    size_t index;
} idref;

static int cmp_idref(const void *a, const void *b)
{
    const idref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* The rows of one table sorted by id (then reading order), NULL on ENOMEM.
 * Rows refused while reading have no usable id and are left out. */
static idref *index_ids(const void *rows, size_t n, size_t size, size_t *nout)
{
    idref *ix = hpr__malloc((n ? n : 1) * sizeof *ix);
    if (!ix)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const hpr__rrow *r = (const hpr__rrow *)(const void *)((const char *)rows + i * size);
        if (r->id && r->id[0])
            ix[k++] = (idref){r->id, i};
    }
    qsort(ix, k, sizeof *ix, cmp_idref);
    *nout = k;
    return ix;
}

/* The index of the row with this id that was read first, or HPR__NONE. */
static size_t find_id(const idref *ix, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ix[mid].id, id);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(ix[lo].id, id) == 0 ? ix[lo].index : HPR__NONE;
}

/* Refuses every row with an id seen before (ix sorted by id, then reading
 * order: the first of each run is kept). */
static bool refuse_duplicates(hpr_registry *reg, hpr_registry_table t, void *rows, size_t size,
                              const idref *ix, size_t n)
{
    size_t first = 0; /* the start of the run of equal ids */
    for (size_t i = 1; i < n; i++) {
        if (strcmp(ix[i].id, ix[first].id) != 0) {
            first = i;
            continue;
        }
        const hpr__rrow *kept = (const hpr__rrow *)(const void *)((const char *)rows + ix[first].index * size);
        hpr__rrow *dup = (hpr__rrow *)(void *)((char *)rows + ix[i].index * size);
        if (!dup->refused &&
            !hpr__registry_refuse(reg, t, dup, "duplicate id \"%s\": first at %s line %ld",
                                  dup->id, kept->file, kept->line))
            return false;
    }
    return true;
}

static bool build_children(hpr__children *c, size_t nparents, const size_t *parent, size_t n)
{
    c->off = hpr__calloc(nparents + 1, sizeof *c->off);
    c->idx = hpr__malloc((n ? n : 1) * sizeof *c->idx);
    size_t *fill = hpr__malloc((nparents ? nparents : 1) * sizeof *fill);
    bool ok = c->off && c->idx && fill;
    if (ok) {
        for (size_t i = 0; i < n; i++)
            if (parent[i] != HPR__NONE)
                c->off[parent[i] + 1]++;
        for (size_t p = 0; p < nparents; p++)
            c->off[p + 1] += c->off[p];
        memcpy(fill, c->off, nparents * sizeof *fill);
        for (size_t i = 0; i < n; i++)
            if (parent[i] != HPR__NONE)
                c->idx[fill[parent[i]]++] = i;
    }
    hpr__free(fill);
    return ok;
}

static bool is_neighbour(const hpr__village *v, const char *id)
{
    for (size_t i = 0; i < v->nneighbours; i++)
        if (strcmp(v->neighbours[i], id) == 0)
            return true;
    return false;
}

typedef struct finish_ix {
    idref *c, *t, *v;
    size_t nc, nt, nv;
} finish_ix;

/* Townships need an accepted county; villages an accepted township. */
static bool check_parents(hpr_registry *reg, const finish_ix *x)
{
    for (size_t i = 0; i < reg->ntownships; i++) {
        hpr__township *t = &reg->townships[i];
        if (t->r.refused)
            continue;
        size_t c = find_id(x->c, x->nc, t->county_id);
        t->county = c;
        if (c == HPR__NONE) {
            if (!hpr__registry_refuse(reg, HPR_TABLE_TOWNSHIPS, &t->r,
                                      "county \"%s\" is not in the counties table", t->county_id))
                return false;
        } else if (reg->counties[c].r.refused) {
            if (!hpr__registry_refuse(reg, HPR_TABLE_TOWNSHIPS, &t->r,
                                      "its county \"%s\" was refused (%s line %ld)", t->county_id,
                                      reg->counties[c].r.file, reg->counties[c].r.line))
                return false;
        }
    }
    for (size_t i = 0; i < reg->nvillages; i++) {
        hpr__village *v = &reg->villages[i];
        if (v->r.refused)
            continue;
        size_t t = find_id(x->t, x->nt, v->township_id);
        v->township = t;
        if (t == HPR__NONE) {
            if (!hpr__registry_refuse(reg, HPR_TABLE_VILLAGES, &v->r,
                                      "township \"%s\" is not in the townships table",
                                      v->township_id))
                return false;
        } else if (reg->townships[t].r.refused) {
            if (!hpr__registry_refuse(reg, HPR_TABLE_VILLAGES, &v->r,
                                      "its township \"%s\" was refused (%s line %ld)",
                                      v->township_id, reg->townships[t].r.file,
                                      reg->townships[t].r.line))
                return false;
        }
    }
    return true;
}

/* A shared clinic must be in an accepted neighbouring village. First what
 * each row says alone (a missing village, itself, not a neighbour); then a
 * village sharing the clinic of a refused one is refused, along chains of
 * sharing followed once each (a cycle refuses nothing). */
static bool check_sharing(hpr_registry *reg, const finish_ix *x)
{
    for (size_t i = 0; i < reg->nvillages; i++) {
        hpr__village *v = &reg->villages[i];
        if (v->r.refused || !v->shares_id)
            continue;
        size_t h = find_id(x->v, x->nv, v->shares_id);
        v->shares = h;
        const char *why = NULL;
        char buf[300];
        if (h == HPR__NONE) {
            why = "it shares the clinic of a village that is not in the villages table";
        } else if (h == i) {
            why = "it names itself in shares_clinic_of";
        } else if (!reg->villages[h].r.refused && !is_neighbour(v, v->shares_id) &&
                   !is_neighbour(&reg->villages[h], v->r.id)) {
            snprintf(buf, sizeof buf,
                     "it shares the clinic of %s, which neither village lists among its neighbours",
                     v->shares_id);
            why = buf;
        }
        if (why && !hpr__registry_refuse(reg, HPR_TABLE_VILLAGES, &v->r, "%s (%s)", why, v->shares_id))
            return false;
    }
    /* 0: undecided, 1: on the chain being followed, 2: decided */
    unsigned char *mark = hpr__calloc(reg->nvillages ? reg->nvillages : 1, 1);
    size_t *chain = hpr__malloc((reg->nvillages ? reg->nvillages : 1) * sizeof *chain);
    bool ok = mark && chain;
    for (size_t i = 0; ok && i < reg->nvillages; i++) {
        size_t n = 0, j = i;
        while (!reg->villages[j].r.refused && reg->villages[j].shares_id && mark[j] == 0) {
            mark[j] = 1;
            chain[n++] = j;
            j = reg->villages[j].shares;
        }
        while (n > 0) {
            hpr__village *v = &reg->villages[chain[--n]];
            const hpr__village *h = &reg->villages[v->shares];
            mark[chain[n]] = 2;
            if (h->r.refused &&
                !hpr__registry_refuse(reg, HPR_TABLE_VILLAGES, &v->r,
                                      "it shares the clinic of %s, which was refused (%s line %ld) (%s)",
                                      v->shares_id, h->r.file, h->r.line, v->shares_id))
                ok = false;
        }
    }
    hpr__free(mark);
    hpr__free(chain);
    return ok;
}

static bool check_staff(hpr_registry *reg, const finish_ix *x)
{
    static const char *const level_table[] = {"counties", "townships", "villages"};
    for (size_t i = 0; i < reg->nstaff; i++) {
        hpr__staff *s = &reg->staff[i];
        if (s->r.refused)
            continue;
        const idref *ix = s->level == HPR__LEVEL_COUNTY ? x->c : s->level == HPR__LEVEL_TOWNSHIP ? x->t : x->v;
        size_t n = s->level == HPR__LEVEL_COUNTY ? x->nc : s->level == HPR__LEVEL_TOWNSHIP ? x->nt : x->nv;
        size_t p = find_id(ix, n, s->place_id);
        s->place = p;
        const hpr__rrow *pr = p == HPR__NONE ? NULL
                              : s->level == HPR__LEVEL_COUNTY   ? &reg->counties[p].r
                              : s->level == HPR__LEVEL_TOWNSHIP ? &reg->townships[p].r
                                                                : &reg->villages[p].r;
        bool ok = true;
        if (!pr)
            ok = hpr__registry_refuse(reg, HPR_TABLE_STAFF, &s->r, "place \"%s\" is not in the %s table",
                                      s->place_id, level_table[s->level]);
        else if (pr->refused)
            ok = hpr__registry_refuse(reg, HPR_TABLE_STAFF, &s->r,
                                      "its place \"%s\" was refused (%s line %ld)", s->place_id,
                                      pr->file, pr->line);
        if (!ok)
            return false;
    }
    return true;
}

static bool build_indexes(hpr_registry *reg)
{
    size_t n = reg->ntownships > reg->nvillages ? reg->ntownships : reg->nvillages;
    n = n > reg->nstaff ? n : reg->nstaff;
    size_t *parent = hpr__malloc((n ? n : 1) * sizeof *parent);
    if (!parent)
        return false;
    for (size_t i = 0; i < reg->ntownships; i++)
        parent[i] = reg->townships[i].r.refused ? HPR__NONE : reg->townships[i].county;
    bool ok = build_children(&reg->townships_of, reg->ncounties, parent, reg->ntownships);
    for (size_t i = 0; ok && i < reg->nvillages; i++)
        parent[i] = reg->villages[i].r.refused ? HPR__NONE : reg->villages[i].township;
    ok = ok && build_children(&reg->villages_of, reg->ntownships, parent, reg->nvillages);
    for (int level = 0; ok && level < 3; level++) {
        for (size_t i = 0; i < reg->nstaff; i++)
            parent[i] = reg->staff[i].r.refused || (int)reg->staff[i].level != level
                            ? HPR__NONE
                            : reg->staff[i].place;
        size_t np = level == 0 ? reg->ncounties : level == 1 ? reg->ntownships : reg->nvillages;
        ok = build_children(&reg->staff_of[level], np, parent, reg->nstaff);
    }
    hpr__free(parent);
    /* service population: a clinic serves its village and those sharing it */
    for (size_t i = 0; ok && i < reg->nvillages; i++)
        reg->villages[i].service_population = reg->villages[i].population;
    for (size_t i = 0; ok && i < reg->nvillages; i++) {
        const hpr__village *v = &reg->villages[i];
        if (!v->r.refused && v->shares_id && v->shares != HPR__NONE)
            reg->villages[v->shares].service_population += v->population;
    }
    return ok;
}

hpr_status hpr_registry_finish(hpr_registry *reg)
{
    if (!reg)
        return hpr__seterr(HPR_EINVAL, "hpr_registry_finish: registry is NULL");
    if (reg->finished)
        return hpr__seterr(HPR_EINVAL, "hpr_registry_finish: the registry is already finished");
    finish_ix x = {0};
    x.c = index_ids(reg->counties, reg->ncounties, sizeof *reg->counties, &x.nc);
    x.t = index_ids(reg->townships, reg->ntownships, sizeof *reg->townships, &x.nt);
    x.v = index_ids(reg->villages, reg->nvillages, sizeof *reg->villages, &x.nv);
    size_t nst = 0;
    idref *st = index_ids(reg->staff, reg->nstaff, sizeof *reg->staff, &nst);
    bool ok = x.c && x.t && x.v && st &&
              refuse_duplicates(reg, HPR_TABLE_COUNTIES, reg->counties, sizeof *reg->counties, x.c, x.nc) &&
              refuse_duplicates(reg, HPR_TABLE_TOWNSHIPS, reg->townships, sizeof *reg->townships, x.t, x.nt) &&
              refuse_duplicates(reg, HPR_TABLE_VILLAGES, reg->villages, sizeof *reg->villages, x.v, x.nv) &&
              refuse_duplicates(reg, HPR_TABLE_STAFF, reg->staff, sizeof *reg->staff, st, nst) &&
              check_parents(reg, &x) && check_sharing(reg, &x) && check_staff(reg, &x) &&
              build_indexes(reg);
    hpr__free(x.c);
    hpr__free(x.t);
    hpr__free(x.v);
    hpr__free(st);
    if (!ok)
        return hpr__seterr(HPR_ENOMEM, "out of memory finishing a registry");
    reg->finished = true;
    return HPR_OK;
}

size_t hpr_registry_rows(const hpr_registry *reg, hpr_registry_table t)
{
    return reg && (unsigned)t < HPR_REGISTRY_TABLES ? reg->rows[t] : 0;
}

size_t hpr_registry_error_count(const hpr_registry *reg) { return reg ? reg->nerrors : 0; }

const char *hpr_registry_error(const hpr_registry *reg, size_t i, hpr_registry_table *table,
                               const char **file, long *line, const char **id)
{
    if (!reg || i >= reg->nerrors)
        return NULL;
    const hpr__rerror *e = &reg->errors[i];
    if (table)
        *table = e->table;
    if (file)
        *file = e->file;
    if (line)
        *line = e->line;
    if (id)
        *id = e->id;
    return e->message;
}
