/* SPDX-License-Identifier: MIT */
/* realpath */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "compile/compile.h"
#include "compile/reader.h"
#include "core/file.h"
#include "model/catalog.h"
#include "model/policy.h"

/* ---- reading ----------------------------------------------------------------- */

typedef struct pending_iv {
    uint64_t lo, hi;
} pending_iv;

/* A parsed entry before the catalog is compiled. */
typedef struct raw_entry {
    hpr__centry e;
    pending_iv *iv;
    size_t niv;
} raw_entry;

static int cmp_iv(const void *a, const void *b)
{
    const hpr__cinterval *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* One code pattern: "C15", "C91.0", "H25-H26", "Q21.0-Q21.3". */
static bool read_pattern(hpr__reader *r, const cJSON *node, pending_iv *out)
{
    if (!cJSON_IsString(node)) {
        hpr__rd_error(r, node, "expected an ICD-10 code, prefix or range as a string");
        return false;
    }
    const char *s = node->valuestring;
    const char *dash = strchr(s, '-');
    char a[32], b[32];
    size_t la = dash ? (size_t)(dash - s) : strlen(s);
    const char *bs = dash ? dash + 1 : s;
    if (la >= sizeof a || strlen(bs) >= sizeof b) {
        hpr__rd_error(r, node, "code pattern \"%s\" is too long", s);
        return false;
    }
    memcpy(a, s, la);
    a[la] = 0;
    strcpy(b, bs);
    uint64_t lo, hi;
    int na, nb;
    if (!hpr__icd_pack(a, &lo, &na) || !hpr__icd_pack(b, &hi, &nb) || !((a[0] >= 'A' && a[0] <= 'Z') || (a[0] >= 'a' && a[0] <= 'z'))) { /* case does not matter */
        hpr__rd_error(r, node,
                      "\"%s\" is not an ICD-10 pattern: expected a code or prefix such as \"C15\" "
                      "or \"C91.0\", or a range such as \"H25-H26\"",
                      s);
        return false;
    }
    (void)na;
    hi = hpr__icd_pad_high(hi, nb);
    if (hi < lo) {
        hpr__rd_error(r, node, "range \"%s\" ends before it starts", s);
        return false;
    }
    out->lo = lo;
    out->hi = hi;
    return true;
}

static const char *const ENTRY_KEYS[] = {"id", "name", "codes", "from", "to", "min_age", "max_age",
                                         "ref", "note", NULL};

/* `sources` is the object refs are checked against (the catalog file's, or
 * NULL to use the policy's). */
static bool read_entry(hpr__reader *r, const cJSON *node, const cJSON *sources, raw_entry *out)
{
    memset(out, 0, sizeof *out);
    if (!hpr__rd_object(r, node, "a catalog entry", ENTRY_KEYS))
        return false;
    hpr__centry *e = &out->e;
    bool ok = hpr__rd_string(r, node, "id", true, &e->id);
    ok = hpr__rd_string(r, node, "name", true, &e->name) && ok;
    ok = hpr__rd_string(r, node, "ref", false, &e->ref) && ok;
    const char *note;
    ok = hpr__rd_string(r, node, "note", false, &note) && ok;
    if (e->ref) {
        bool known;
        if (sources) {
            size_t w = strcspn(e->ref, " ");
            known = false;
            for (const cJSON *s = sources->child; s; s = s->next)
                known |= strlen(s->string) == w && strncmp(s->string, e->ref, w) == 0;
        } else {
            known = hpr__rd_ref_ok(r, e->ref);
        }
        if (!known) {
            size_t mark = hpr__rd_push(r, "ref");
            hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "ref"),
                          "ref \"%s\" does not start with the id of a declared source", e->ref);
            hpr__rd_pop(r, mark);
            ok = false;
        }
    }
    bool has_from = false, has_to = false;
    ok = hpr__rd_date(r, node, "from", true, &e->from, &has_from) && ok;
    ok = hpr__rd_date(r, node, "to", false, &e->to, &has_to) && ok;
    if (!has_to)
        e->to = INT32_MAX;
    long v;
    bool has;
    ok = hpr__rd_int(r, node, "min_age", false, 0, 150, &v, &has) && ok;
    e->min_age = has ? (int)v : -1;
    ok = hpr__rd_int(r, node, "max_age", false, 0, 150, &v, &has) && ok;
    e->max_age = has ? (int)v : -1;
    if (ok && e->min_age >= 0 && e->max_age >= 0 && e->max_age < e->min_age) {
        size_t mark = hpr__rd_push(r, "max_age");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "max_age"), "max_age is below min_age");
        hpr__rd_pop(r, mark);
        ok = false;
    }
    if (ok && has_from && has_to && e->to < e->from) {
        size_t mark = hpr__rd_push(r, "to");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "to"), "\"to\" is before \"from\"");
        hpr__rd_pop(r, mark);
        ok = false;
    }
    const cJSON *codes = hpr__rd_member(r, node, "codes", true);
    if (!codes)
        return false;
    size_t mark = hpr__rd_push(r, "codes");
    if (!hpr__rd_array(r, codes, "\"codes\"") || !codes->child) {
        if (cJSON_IsArray(codes))
            hpr__rd_error(r, codes, "\"codes\" must list at least one ICD-10 code, prefix or range");
        hpr__rd_pop(r, mark);
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(codes);
    out->iv = hpr__arena_alloc(r->arena, n * sizeof *out->iv);
    hpr__buf joined = {0};
    if (!out->iv) {
        r->oom = true;
        hpr__rd_pop(r, mark);
        return false;
    }
    size_t i = 0;
    for (const cJSON *c = codes->child; c; c = c->next, i++) {
        size_t m2 = hpr__rd_push_index(r, i);
        if (read_pattern(r, c, &out->iv[out->niv])) {
            if (joined.len)
                hpr__buf_puts(&joined, ", ");
            hpr__buf_puts(&joined, c->valuestring);
            out->niv++;
        } else {
            ok = false;
        }
        hpr__rd_pop(r, m2);
    }
    hpr__rd_pop(r, mark);
    e->codes = joined.ptr ? hpr__arena_strndup(r->arena, joined.ptr, joined.len) : "";
    if (!e->codes || joined.oom)
        r->oom = true;
    hpr__buf_dispose(&joined);
    return ok;
}

typedef struct id_ref {
    const char *id;
    size_t index;       /* in the array */
    const cJSON *node;  /* the entry */
} id_ref;

/* By id, then by position: equal ids sit together in document order. */
static int cmp_id_ref(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const id_ref *)a)->id, ((const id_ref *)b)->id);
}

/* Reads an "entries" or "override" array into raw entries (arena). */
static bool read_entries(hpr__reader *r, const cJSON *list, const char *key, const cJSON *sources,
                         raw_entry **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t mark = hpr__rd_push(r, key);
    bool ok = hpr__rd_array(r, list, key);
    if (ok) {
        size_t n = (size_t)cJSON_GetArraySize(list);
        raw_entry *v = n ? hpr__arena_alloc(r->arena, n * sizeof *v) : NULL;
        if (n && !v) {
            r->oom = true;
            n = 0;
        }
        size_t i = 0, k = 0;
        id_ref *ids = n ? hpr__malloc(n * sizeof *ids) : NULL;
        if (n && !ids) {
            r->oom = true;
            n = 0;
        }
        for (const cJSON *e = list->child; e && k < n; e = e->next, i++) {
            size_t m2 = hpr__rd_push_index(r, i);
            if (read_entry(r, e, sources, &v[k])) {
                ids[k] = (id_ref){v[k].e.id, i, e};
                k++;
            } else {
                ok = false;
            }
            hpr__rd_pop(r, m2);
        }
        /* duplicate ids by sorting (a catalog may hold 100,000 entries):
         * one diagnostic per duplicated id, at its second appearance */
        if (k > 1)
            qsort(ids, k, sizeof *ids, cmp_id_ref);
        for (size_t a = 0, b; a < k; a = b) {
            for (b = a + 1; b < k && strcmp(ids[a].id, ids[b].id) == 0; b++)
                ;
            if (b - a > 1) {
                size_t m2 = hpr__rd_push_index(r, ids[a + 1].index);
                size_t m3 = hpr__rd_push(r, "id");
                hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(ids[a + 1].node, "id"),
                              "entry id \"%s\" appears %zu times (first at index %zu)", ids[a].id,
                              b - a, ids[a].index);
                hpr__rd_pop(r, m3);
                hpr__rd_pop(r, m2);
                ok = false;
            }
        }
        hpr__free(ids);
        *out = v;
        *n_out = k;
    }
    hpr__rd_pop(r, mark);
    return ok;
}

static const char *const CATALOG_DOC_KEYS[] = {"format", "id", "title", "description", "kind",
                                               "icd10", "sources", "entries", NULL};

/* An included catalog document, read with its own positions and file name. */
/* The file of a catalog include: from the bundle of files read before
 * (a derived policy), else from the disk. */
static const hpr__pdoc *in_bundle(const hpr__reader *r, const char *path)
{
    for (size_t i = 0; i < r->nbundle; i++)
        if (strcmp(r->bundle[i].file, path) == 0)
            return &r->bundle[i];
    return NULL;
}

static bool file_exists(const hpr__reader *r, const char *path)
{
    struct stat sb;
    return in_bundle(r, path) || stat(path, &sb) == 0;
}

/* Keeps what was read (policy->includes): a reform derived later reads it from there. */
static void keep(hpr__reader *r, const char *file, const char *data, size_t len)
{
    if (r->nkept == r->capkept) {
        size_t cap = r->capkept ? 2 * r->capkept : 4;
        hpr__pdoc *v = hpr__realloc(r->kept, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->kept = v;
        r->capkept = cap;
    }
    const char *text = hpr__arena_strndup(r->arena, data, len);
    if (!text)
        r->oom = true;
    else
        r->kept[r->nkept++] = (hpr__pdoc){file, NULL, text, len};
}

static bool read_include(hpr__reader *r, const cJSON *inc, const char *base_dir, hpr__catalog *cat,
                         raw_entry **entries, size_t *n)
{
    const char *rel = inc->valuestring;
    const char *where, *dir;
    if (r->chain && hpr__rd_pos(r, inc, &where, &dir))
        base_dir = dir; /* written in a base: relative to that base's file */
    hpr__buf path = {0};
    if (rel[0] != '/' && base_dir && base_dir[0]) {
        hpr__buf_puts(&path, base_dir);
        if (base_dir[strlen(base_dir) - 1] != '/')
            hpr__buf_puts(&path, "/");
    }
    hpr__buf_puts(&path, rel);
    /* not next to the policy: the host's catalog directories, by the
     * include's file name (hpr_policy_options.catalog_dirs, --catalogs) */
    bool searched = false;
    if (!path.oom && rel[0] != '/' && r->catalog_dirs && !file_exists(r, path.ptr)) {
        const char *name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
        for (size_t i = 0; r->catalog_dirs[i] && !searched; i++) {
            hpr__buf alt = {0};
            hpr__buf_putf(&alt, "%s/%s", r->catalog_dirs[i], name);
            if (!alt.oom && file_exists(r, alt.ptr)) {
                hpr__buf_dispose(&path);
                path = alt;
                searched = true;
            } else {
                r->oom |= alt.oom;
                hpr__buf_dispose(&alt);
            }
        }
    }
    if (path.oom || r->oom) {
        r->oom = true;
        hpr__buf_dispose(&path);
        return false;
    }
    const hpr__pdoc *known = in_bundle(r, path.ptr); /* confined when it was first read */
    if (r->confine_includes && !searched && !known &&
        !hpr__rd_confined(r, inc, rel, path.ptr, base_dir, "include")) {
        hpr__buf_dispose(&path);
        return false;
    }
    char *data = NULL;
    size_t len = 0;
    hpr_status st = HPR_OK;
    if (known) {
        len = known->len;
        if (!(data = hpr__strndup(known->text, len)))
            st = hpr__seterr(HPR_ENOMEM, "out of memory");
    } else {
        st = hpr__read_file(path.ptr, 16u << 20, &data, &len);
    }
    if (st == HPR_ENOMEM) {
        r->oom = true;
        hpr__buf_dispose(&path);
        return false;
    }
    if (st != HPR_OK) {
        if (rel[0] == '/')
            hpr__rd_error(r, inc, "cannot include \"%s\": %s", rel, hpr_error_last()->message);
        else
            hpr__rd_error(r, inc, "cannot include \"%s\" (a relative include is read from the policy file's "
                          "directory, %s%s): %s", rel, base_dir && base_dir[0] ? base_dir : "the current directory",
                          r->catalog_dirs ? ", then the catalog directories" : "; --catalogs DIR adds one to search",
                          hpr_error_last()->message);
        hpr__buf_dispose(&path);
        return false;
    }
    if (r->fingerprint)
        sha256_update((struct sha256_ctx *)r->fingerprint, len, (const uint8_t *)data);
    hpr__jdoc doc;
    hpr__jerror jerr;
    st = hpr__jdoc_parse(&doc, data, len, &jerr);
    const char *file = hpr__arena_strndup(r->arena, path.ptr, path.len);
    hpr__buf_dispose(&path);
    if (!file) {
        r->oom = true;
        if (st == HPR_OK)
            hpr__jdoc_dispose(&doc);
        hpr__free(data);
        return false;
    }
    if (st != HPR_OK) {
        if (st == HPR_EPARSE)
            hpr__diag_add(r->diag, HPR_SEVERITY_ERROR, file, jerr.line, jerr.column, "",
                          "invalid JSON: %s", jerr.message);
        else
            r->oom = true;
        hpr__free(data);
        return false;
    }
    keep(r, file, data, len);
    /* a reader over the included document, sharing diagnostics and arena */
    hpr__reader sub = *r;
    sub.chain = NULL;
    sub.doc = &doc;
    sub.file = file;
    sub.path = (hpr__buf){0};
    hpr__buf_put(&sub.path, "", 0);
    const cJSON *root = doc.root;
    bool ok = hpr__rd_object(&sub, root, "a catalog document", CATALOG_DOC_KEYS);
    if (ok) {
        long format = 0;
        ok = hpr__rd_int(&sub, root, "format", true, 1, HPR_POLICY_FORMAT_VERSION, &format, NULL);
        ok = hpr__rd_string(&sub, root, "id", true, &cat->id) && ok;
        ok = hpr__rd_string(&sub, root, "title", true, &cat->title) && ok;
        const char *ignored;
        ok = hpr__rd_string(&sub, root, "description", false, &ignored) && ok;
        ok = hpr__rd_string(&sub, root, "kind", false, &ignored) && ok;
        const cJSON *icd = hpr__rd_member(&sub, root, "icd10", true);
        if (icd) {
            static const char *const keys[] = {"official", "note", NULL};
            size_t mark = hpr__rd_push(&sub, "icd10");
            if (hpr__rd_object(&sub, icd, "\"icd10\"", keys)) {
                ok = hpr__rd_bool(&sub, icd, "official", true, &cat->official_codes) && ok;
                ok = hpr__rd_string(&sub, icd, "note", true, &cat->mapping) && ok;
            } else {
                ok = false;
            }
            hpr__rd_pop(&sub, mark);
        } else {
            ok = false;
        }
        const cJSON *sources = cJSON_GetObjectItemCaseSensitive(root, "sources");
        if (sources && !cJSON_IsObject(sources)) {
            size_t mark = hpr__rd_push(&sub, "sources");
            hpr__rd_error(&sub, sources, "\"sources\" must be an object of source id to source");
            hpr__rd_pop(&sub, mark);
            ok = false;
            sources = NULL;
        }
        const cJSON *list = hpr__rd_member(&sub, root, "entries", true);
        if (list)
            ok = read_entries(&sub, list, "entries", sources ? sources : &(cJSON){0}, entries, n) && ok;
        else
            ok = false;
    }
    r->oom |= sub.oom;
    r->kept = sub.kept;
    r->nkept = sub.nkept;
    r->capkept = sub.capkept;
    r->params = sub.params;
    r->nparams = sub.nparams;
    r->capparams = sub.capparams;
    hpr__buf_dispose(&sub.path);
    hpr__jdoc_dispose(&doc);
    hpr__free(data);
    return ok;
}

static const char *const CATALOG_KEYS[] = {"include", "id", "title", "icd10_note", "entries",
                                           "override", "ref", "note", NULL};

static bool compile(hpr__reader *r, hpr__catalog *cat, raw_entry *v, size_t n)
{
    size_t niv = 0;
    for (size_t i = 0; i < n; i++)
        niv += v[i].niv;
    cat->entries = n ? hpr__arena_alloc(r->arena, n * sizeof *cat->entries) : NULL;
    cat->iv = niv ? hpr__arena_alloc(r->arena, niv * sizeof *cat->iv) : NULL;
    cat->maxhi = niv ? hpr__arena_alloc(r->arena, niv * sizeof *cat->maxhi) : NULL;
    if ((n && !cat->entries) || (niv && (!cat->iv || !cat->maxhi))) {
        r->oom = true;
        return false;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        cat->entries[i] = v[i].e;
        for (size_t j = 0; j < v[i].niv; j++)
            cat->iv[k++] = (hpr__cinterval){v[i].iv[j].lo, v[i].iv[j].hi, (uint32_t)i};
    }
    cat->nentries = n;
    cat->niv = niv;
    qsort(cat->iv, niv, sizeof *cat->iv, cmp_iv);
    uint64_t m = 0;
    for (size_t i = 0; i < niv; i++) {
        if (cat->iv[i].hi > m)
            m = cat->iv[i].hi;
        cat->maxhi[i] = m;
    }
    return true;
}

void hpr__read_catalogs(hpr__reader *r, const void *root_, const char *base_dir)
{
    const cJSON *root = root_;
    struct hpr_policy *p = r->policy;
    const cJSON *s = hpr__rd_member(r, root, "catalogs", false);
    if (!s)
        return;
    size_t mark = hpr__rd_push(r, "catalogs");
    if (!hpr__rd_object(r, s, "\"catalogs\"", NULL)) {
        hpr__rd_pop(r, mark);
        return;
    }
    size_t n = (size_t)cJSON_GetArraySize(s);
    p->catalogs = n ? hpr__arena_alloc(r->arena, n * sizeof *p->catalogs) : NULL;
    if (n && !p->catalogs) {
        r->oom = true;
        hpr__rd_pop(r, mark);
        return;
    }
    for (const cJSON *c = s->child; c; c = c->next) {
        size_t m2 = hpr__rd_push(r, c->string);
        hpr__catalog *cat = &p->catalogs[p->ncatalogs];
        memset(cat, 0, sizeof *cat);
        cat->name = hpr__arena_strndup(r->arena, c->string, strlen(c->string));
        if (!cat->name) {
            r->oom = true;
            break;
        }
        if (!hpr__rd_object(r, c, "a catalog", CATALOG_KEYS)) {
            hpr__rd_pop(r, m2);
            continue;
        }
        raw_entry *base = NULL, *over = NULL;
        size_t nbase = 0, nover = 0;
        bool ok = true;
        const cJSON *inc = hpr__rd_member(r, c, "include", false);
        const cJSON *inl = hpr__rd_member(r, c, "entries", false);
        const char *ignored;
        ok = hpr__rd_string(r, c, "ref", false, &ignored) && ok;
        ok = hpr__rd_string(r, c, "note", false, &ignored) && ok;
        if (inc && inl) {
            hpr__rd_error(r, c, "give \"include\" or \"entries\", not both");
            ok = false;
        } else if (inc) {
            size_t m3 = hpr__rd_push(r, "include");
            if (!cJSON_IsString(inc)) {
                hpr__rd_error(r, inc, "\"include\" must be the path of a catalog document");
                ok = false;
            } else {
                ok = read_include(r, inc, base_dir, cat, &base, &nbase) && ok;
            }
            hpr__rd_pop(r, m3);
        } else if (inl) {
            ok = hpr__rd_string(r, c, "id", true, &cat->id) && ok;
            ok = hpr__rd_string(r, c, "title", true, &cat->title) && ok;
            ok = hpr__rd_string(r, c, "icd10_note", true, &cat->mapping) && ok;
            ok = read_entries(r, inl, "entries", NULL, &base, &nbase) && ok;
        } else {
            hpr__rd_error(r, c, "a catalog needs \"include\" (a catalog document) or \"entries\"");
            ok = false;
        }
        const cJSON *ov = hpr__rd_member(r, c, "override", false);
        if (ov)
            ok = read_entries(r, ov, "override", NULL, &over, &nover) && ok;
        if (ok) {
            /* overrides replace the entry with the same id, or add one */
            raw_entry *all = hpr__arena_alloc(r->arena, (nbase + nover + 1) * sizeof *all);
            if (!all) {
                r->oom = true;
                ok = false;
            } else {
                size_t k = nbase;
                if (nbase)
                    memcpy(all, base, nbase * sizeof *all);
                /* the base's ids sorted once, each override found by bsearch */
                id_ref *sorted = nover && nbase ? hpr__malloc(nbase * sizeof *sorted) : NULL;
                if (nover && nbase && !sorted) {
                    r->oom = true;
                    ok = false;
                }
                for (size_t i = 0; i < nbase && sorted; i++)
                    sorted[i] = (id_ref){base[i].e.id, i, NULL};
                if (sorted)
                    qsort(sorted, nbase, sizeof *sorted, cmp_id_ref);
                for (size_t i = 0; i < nover && ok; i++) {
                    id_ref key = {over[i].e.id, 0, NULL};
                    const id_ref *hit = sorted ? bsearch(&key, sorted, nbase, sizeof *sorted, cmp_id) : NULL;
                    all[hit ? hit->index : k++] = over[i];
                }
                hpr__free(sorted);
                if (ok)
                    ok = compile(r, cat, all, k);
            }
        }
        if (ok)
            p->ncatalogs++;
        hpr__rd_pop(r, m2);
    }
    hpr__rd_pop(r, mark);
}
