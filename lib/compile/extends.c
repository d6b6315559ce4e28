/* SPDX-License-Identifier: MIT */
/* realpath, tsearch and tdestroy */
#define _GNU_SOURCE
/* Policy inheritance: reading a chain of documents and merging each
 * child into its base (extends.h; the rules are in docs/policy-format.md
 * "Inheritance"). Nodes are moved between the parsed trees, never copied,
 * so each keeps its position in the document it came from; whatever the
 * merge takes out is kept in a graveyard until the chain is disposed. */
#include <errno.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "compile/extends.h"
#include "core/file.h"

/* Policies are hand-written documents (load.c has the same limit). */
#define MAX_POLICY_BYTES (64u * 1024u * 1024u)

/* Top-level arrays merged element by element (by "id", or by the string
 * itself); every other array is replaced whole. */
static const char *const ARRAY_COLLECTIONS[] = {"layers", "monitoring", "status_kinds", NULL};
/* Top-level objects replaced whole; every other object is merged by key. */
static const char *const WHOLE_OBJECTS[] = {"effective", NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* ---- pieces of trees ---------------------------------------------------- */

static void bury(hpr__chain *c, cJSON *node)
{
    if (node)
        cJSON_AddItemToArray(c->graveyard, node);
}

/* Links item into parent's children before ref (at the end for NULL).
 * (cJSON_InsertItemInArray refuses some valid positions in Debian 12's cJSON.) */
static void insert_before(cJSON *parent, cJSON *ref, cJSON *item)
{
    if (!ref) {
        cJSON_AddItemToArray(parent, item); /* keeps item->string */
        return;
    }
    item->next = ref;
    item->prev = ref->prev; /* the first child's prev is the last child */
    if (ref == parent->child)
        parent->child = item;
    else
        item->prev->next = item;
    ref->prev = item;
}

/* Puts item where old was (old goes to the graveyard); keeps item->string. */
static void replace_at(hpr__chain *c, cJSON *parent, cJSON *old, cJSON *item)
{
    cJSON *after = old->next;
    bury(c, cJSON_DetachItemViaPointer(parent, old));
    insert_before(parent, after, item);
}

/* Sets a member's name (cJSON owns it, allocated with malloc). */
static bool rename_item(cJSON *item, const char *name)
{
    char *s = NULL;
    if (name) {
        size_t n = strlen(name);
        if (!(s = malloc(n + 1)))
            return false;
        memcpy(s, name, n + 1);
    }
    if (!(item->type & cJSON_StringIsConst))
        free(item->string);
    item->type &= ~cJSON_StringIsConst;
    item->string = s;
    return true;
}

/* An array element's name: an object's "id", or a string's value. */
static const char *element_key(const cJSON *e)
{
    if (cJSON_IsString(e))
        return e->valuestring;
    const cJSON *id = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "id") : NULL;
    return cJSON_IsString(id) ? id->valuestring : NULL;
}

static cJSON *find_element(const cJSON *array, const char *key)
{
    for (cJSON *e = array->child; e; e = e->next) {
        const char *k = element_key(e);
        if (k && strcmp(k, key) == 0)
            return e;
    }
    return NULL;
}

/* ---- names in big objects and arrays ---------------------------------------
 * cJSON finds a member by walking the list, so a child re-keying 80,000
 * sources would take 80,000 walks of 80,000. An object or array the merge
 * looks into that has more than INDEX_MIN items gets a tree of its names
 * (POSIX tsearch) the first time, kept current as the merge replaces, adds
 * and removes; smaller ones are walked. Keys are the nodes' own strings,
 * alive until the chain is disposed (the graveyard keeps every node). */
#define INDEX_MIN 32

typedef struct kentry {
    const char *key;
    cJSON *node; /* NULL: removed */
} kentry;

typedef struct hpr__kindex {
    const cJSON *parent;
    void *tree;
    kentry **all; /* to free them */
    size_t n, cap;
    bool broken; /* out of memory once: walked from then on */
} kindex;

static int kcmp(const void *a, const void *b)
{
    return strcmp(((const kentry *)a)->key, ((const kentry *)b)->key);
}

static const char *name_in(const cJSON *parent, const cJSON *e)
{
    return cJSON_IsObject(parent) ? e->string : element_key(e);
}

/* Records key -> node in x (the first of equal names stays, as a walk finds it). */
static void kput(kindex *x, const char *key, cJSON *node, bool replace)
{
    if (x->broken || !key)
        return;
    kentry probe = {key, NULL}, **found = tfind(&probe, &x->tree, kcmp);
    if (found) {
        if (replace)
            (*found)->node = node;
        return;
    }
    kentry *e = hpr__malloc(sizeof *e);
    if (e && x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 64;
        kentry **all = hpr__realloc(x->all, cap * sizeof *all);
        if (all) {
            x->all = all;
            x->cap = cap;
        }
    }
    if (!e || x->n == x->cap || !tsearch((*e = (kentry){key, node}, e), &x->tree, kcmp)) {
        hpr__free(e);
        x->broken = true;
        return;
    }
    x->all[x->n++] = e;
}

static void no_free(void *p) { (void)p; }

static void kindex_dispose(kindex *x)
{
    tdestroy(x->tree, no_free);
    for (size_t i = 0; i < x->n; i++)
        hpr__free(x->all[i]);
    hpr__free(x->all);
}

/* The index of parent: made the first time when parent is big; NULL when
 * it is small or out of memory (then it is walked). */
static kindex *index_of(hpr__chain *c, const cJSON *parent)
{
    for (size_t i = 0; i < c->nindex; i++)
        if (c->index[i].parent == parent)
            return c->index[i].broken ? NULL : &c->index[i];
    if (cJSON_GetArraySize(parent) <= INDEX_MIN)
        return NULL;
    if (c->nindex == c->capindex) {
        size_t cap = c->capindex ? c->capindex * 2 : 8;
        kindex *v = hpr__realloc(c->index, cap * sizeof *v);
        if (!v)
            return NULL;
        c->index = v;
        c->capindex = cap;
    }
    kindex *x = &c->index[c->nindex++];
    *x = (kindex){.parent = parent};
    for (cJSON *e = parent->child; e && !x->broken; e = e->next)
        kput(x, name_in(parent, e), e, false);
    return x->broken ? NULL : x;
}

/* The member or element of parent named key, or NULL. */
static cJSON *lookup(hpr__chain *c, cJSON *parent, const char *key)
{
    kindex *x = index_of(c, parent);
    if (!x)
        return cJSON_IsObject(parent) ? cJSON_GetObjectItemCaseSensitive(parent, key) : find_element(parent, key);
    kentry probe = {key, NULL}, **found = tfind(&probe, &x->tree, kcmp);
    return found ? (*found)->node : NULL;
}

/* What the merge did under parent, told to its index if it has one: key
 * now names node (NULL: nothing). */
static void noted(hpr__chain *c, const cJSON *parent, const char *key, cJSON *node)
{
    for (size_t i = 0; i < c->nindex; i++)
        if (c->index[i].parent == parent) {
            kput(&c->index[i], key, node, true);
            return;
        }
}

/* One token of a JSON pointer in parent: a member, or an array element by
 * name (element_key) or else by index. The name comes first, so a token of
 * digits names the element whose id it is ("/layers/2" is the layer "2",
 * as describe --changes writes it), and an index only where no id is it. */
static cJSON *step(hpr__chain *c, cJSON *parent, const char *token)
{
    if (!cJSON_IsObject(parent) && !cJSON_IsArray(parent))
        return NULL;
    cJSON *named = lookup(c, parent, token);
    if (named || cJSON_IsObject(parent))
        return named;
    if (token[0] >= '0' && token[0] <= '9' && strspn(token, "0123456789") == strlen(token) &&
        (token[0] != '0' || !token[1]) && strlen(token) < 9)
        return cJSON_GetArrayItem(parent, atoi(token));
    return NULL;
}

/* Splits a pointer ("/a/b~1c"; "a/b" is read as "/a/b") into unescaped
 * tokens in buf (NUL-separated); returns the count, or -1 if malformed. */
static int split_pointer(const char *ptr, char *buf, size_t size)
{
    if (*ptr == '/')
        ptr++;
    if (!*ptr || strlen(ptr) >= size)
        return -1;
    int n = 1;
    char *o = buf;
    for (const char *s = ptr; *s; s++) {
        if (*s == '/') {
            *o++ = '\0';
            n++;
        } else if (*s == '~') {
            if (s[1] != '0' && s[1] != '1')
                return -1;
            *o++ = s[1] == '0' ? '~' : '/';
            s++;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return n;
}

/* Walks all tokens but the last; *last is the last one. NULL, with
 * *missing the first token not found, when the way is broken. */
static cJSON *walk_to_parent(hpr__chain *c, cJSON *root, char *buf, int ntokens, const char **last,
                             const char **missing)
{
    cJSON *at = root;
    const char *t = buf;
    for (int i = 0; i + 1 < ntokens; i++) {
        cJSON *next = step(c, at, t);
        if (!next) {
            *missing = t;
            return NULL;
        }
        at = next;
        t += strlen(t) + 1;
    }
    *last = t;
    return at;
}

/* ---- the merge ----------------------------------------------------------- */

static bool remember(hpr__chain *c, const cJSON *node, const cJSON *old)
{
    if (c->noverlay == c->capoverlay) {
        size_t cap = c->capoverlay ? 2 * c->capoverlay : 8;
        hpr__overlay *v = hpr__realloc(c->overlay, cap * sizeof *v);
        if (!v)
            return false;
        c->overlay = v;
        c->capoverlay = cap;
    }
    c->overlay[c->noverlay++] = (hpr__overlay){node, old};
    return true;
}

const cJSON *hpr__chain_replaced(const hpr__chain *c, const cJSON *node)
{
    for (size_t i = 0; c && i < c->noverlay; i++)
        if (c->overlay[i].node == node)
            return c->overlay[i].old;
    return NULL;
}

/* "remove": ["/layers/tilt", ...]: each value is taken out of the base. */
static void apply_remove(hpr__chain *c, hpr__reader *r, cJSON *base, const cJSON *list)
{
    size_t mark = hpr__rd_push(r, "remove");
    if (hpr__rd_array(r, list, "\"remove\"")) {
        size_t i = 0;
        for (const cJSON *e = list->child; e; e = e->next, i++) {
            size_t m2 = hpr__rd_push_index(r, i);
            char buf[512];
            int n = cJSON_IsString(e) ? split_pointer(e->valuestring, buf, sizeof buf) : -2;
            const char *last = NULL, *missing = NULL;
            cJSON *parent = n > 0 ? walk_to_parent(c, base, buf, n, &last, &missing) : NULL;
            cJSON *target = parent ? step(c, parent, last) : NULL;
            if (n == -2)
                hpr__rd_error(r, e, "expected a JSON pointer such as \"/layers/tilt\", found %s",
                              hpr__json_type_name(e));
            else if (n < 0)
                hpr__rd_error(r, e, "\"%s\" is not a JSON pointer such as \"/layers/tilt\"",
                              e->valuestring);
            else if (!target)
                hpr__rd_error(r, e, "nothing to remove at \"%s\": the base has no \"%s\" there",
                              e->valuestring, missing ? missing : last);
            else {
                noted(c, parent, name_in(parent, target), NULL);
                bury(c, cJSON_DetachItemViaPointer(parent, target));
            }
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}

/* A top-level array merged element by element: an element whose name the
 * base has replaces it in place; a new one is appended; "before"/"after"
 * (another element's name) place either. */
static void merge_array(hpr__chain *c, hpr__reader *r, cJSON *base, cJSON *child)
{
    size_t i = 0;
    for (cJSON *e = child->child; e; i++) {
        cJSON *next = e->next;
        size_t mark = hpr__rd_push_index(r, i);
        cJSON_DetachItemViaPointer(child, e);
        const char *where[2] = {"before", "after"};
        cJSON *anchor_node[2] = {NULL, NULL};
        for (int k = 0; k < 2 && cJSON_IsObject(e); k++)
            anchor_node[k] = cJSON_DetachItemFromObjectCaseSensitive(e, where[k]);
        int k = anchor_node[0] ? 0 : 1;
        const char *key = element_key(e);
        cJSON *old = key ? lookup(c, base, key) : NULL;
        bool placed = false;
        if (anchor_node[0] && anchor_node[1]) {
            size_t m2 = hpr__rd_push(r, "after");
            hpr__rd_error(r, anchor_node[1], "an element is placed \"before\" or \"after\" another, not both");
            hpr__rd_pop(r, m2);
        } else if (anchor_node[k]) {
            size_t m2 = hpr__rd_push(r, where[k]);
            const char *name = cJSON_IsString(anchor_node[k]) ? anchor_node[k]->valuestring : NULL;
            cJSON *anchor = name ? lookup(c, base, name) : NULL;
            if (!name)
                hpr__rd_error(r, anchor_node[k], "\"%s\" must name an element of the base, found %s",
                              where[k], hpr__json_type_name(anchor_node[k]));
            else if (!anchor || anchor == old)
                hpr__rd_error(r, anchor_node[k], "\"%s\": the base has no other element \"%s\" here",
                              where[k], name);
            else {
                if (old)
                    bury(c, cJSON_DetachItemViaPointer(base, old));
                insert_before(base, k == 0 ? anchor : anchor->next, e);
                placed = true;
            }
            hpr__rd_pop(r, m2);
        } else if (old) {
            replace_at(c, base, old, e);
            placed = true;
        } else {
            cJSON_AddItemToArray(base, e);
            placed = true;
        }
        if (!placed)
            bury(c, e);
        else
            noted(c, base, key, e);
        bury(c, anchor_node[0]);
        bury(c, anchor_node[1]);
        hpr__rd_pop(r, mark);
        e = next;
    }
}

/* A member of the child put into parent: replacing the base's member of
 * that name in place, or appended. */
static void put_member(hpr__chain *c, cJSON *parent, cJSON *m)
{
    cJSON *old = lookup(c, parent, m->string);
    if (old)
        replace_at(c, parent, old, m);
    else
        cJSON_AddItemToArray(parent, m); /* keeps m->string: an object member */
    noted(c, parent, m->string, m);
}

/* "set": {pointer: value}: each value replaces the one at the pointer, or
 * is added as a new member of an existing object, or ("/-") appended to an array. */
static bool apply_set(hpr__chain *c, hpr__reader *r, cJSON *root, cJSON *set)
{
    size_t mark = hpr__rd_push(r, "set");
    bool ok = true;
    if (hpr__rd_object(r, set, "\"set\"", NULL)) {
        for (cJSON *m = set->child; m && ok;) {
            cJSON *next = m->next;
            char buf[512];
            int n = split_pointer(m->string, buf, sizeof buf);
            const char *last = NULL, *missing = NULL;
            cJSON *parent = n > 0 ? walk_to_parent(c, root, buf, n, &last, &missing) : NULL;
            cJSON *old = parent ? step(c, parent, last) : NULL;
            bool append = parent && cJSON_IsArray(parent) && strcmp(last, "-") == 0; /* RFC 6902 */
            if (n < 0)
                hpr__rd_error_key(r, m, "\"%s\" is not a JSON pointer such as "
                                  "\"/layers/critical/deductible/amount\"", m->string);
            else if (!parent || (!old && !append && !cJSON_IsObject(parent)))
                hpr__rd_error_key(r, m, "\"%s\" names nothing in the base: there is no \"%s\"",
                                  m->string, missing ? missing : last);
            else {
                cJSON_DetachItemViaPointer(set, m);
                ok = rename_item(m, cJSON_IsObject(parent) ? last : NULL);
                if (ok && old) {
                    ok = remember(c, m, old);
                    noted(c, parent, name_in(parent, old), NULL);
                    replace_at(c, parent, old, m);
                    noted(c, parent, name_in(parent, m), m);
                } else if (ok) {
                    cJSON_AddItemToArray(parent, m);
                    noted(c, parent, name_in(parent, m), m);
                } else {
                    bury(c, m);
                }
            }
            m = next;
        }
    }
    hpr__rd_pop(r, mark);
    return ok;
}

/* Merges child (a whole document) into base (the merged chain above it). */
static bool merge(hpr__chain *c, hpr__reader *r, cJSON *base, cJSON *child)
{
    bury(c, cJSON_DetachItemFromObjectCaseSensitive(child, "extends"));
    cJSON *rm = cJSON_DetachItemFromObjectCaseSensitive(child, "remove");
    cJSON *set = cJSON_DetachItemFromObjectCaseSensitive(child, "set");
    bury(c, rm);
    bury(c, set);
    if (rm)
        apply_remove(c, r, base, rm);
    for (cJSON *m = child->child; m;) {
        cJSON *next = m->next;
        cJSON *old = cJSON_GetObjectItemCaseSensitive(base, m->string);
        size_t mark = hpr__rd_push(r, m->string);
        cJSON_DetachItemViaPointer(child, m);
        if (old && cJSON_IsArray(old) && cJSON_IsArray(m) && in_list(ARRAY_COLLECTIONS, m->string)) {
            merge_array(c, r, old, m);
            bury(c, m);
        } else if (old && cJSON_IsObject(old) && cJSON_IsObject(m) &&
                   !in_list(WHOLE_OBJECTS, m->string)) {
            for (cJSON *mm = m->child; mm;) {
                cJSON *n2 = mm->next;
                cJSON_DetachItemViaPointer(m, mm);
                put_member(c, old, mm);
                mm = n2;
            }
            bury(c, m);
        } else {
            put_member(c, base, m);
        }
        hpr__rd_pop(r, mark);
        m = next;
    }
    return set ? apply_set(c, r, base, set) : true;
}

/* ---- reading the chain --------------------------------------------------- */

/* The format of a base: present and not newer than this library. */
static hpr__chain_result check_format(hpr__reader *r, const cJSON *root)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, "format");
    size_t len = 0;
    const char *raw = cJSON_IsNumber(f) ? hpr__rd_raw(r, f, &len) : NULL;
    int64_t v = 0;
    if (raw && hpr__decimal_parse(&v, raw, len, 0, true, "format") == HPR_OK &&
        v > HPR_POLICY_FORMAT_VERSION) {
        size_t mark = hpr__rd_push(r, "format");
        hpr__rd_error(r, f, "policy format %lld is newer than this library supports (%d); upgrade "
                      "libhpr to load it", (long long)v, HPR_POLICY_FORMAT_VERSION);
        hpr__rd_pop(r, mark);
        return HPR__CHAIN_NEWER;
    }
    return HPR__CHAIN_OK;
}

/* The file a document's "extends" names, read into doc (a located error
 * at the "extends" value otherwise). */
static hpr__chain_result read_base(hpr__chain *c, hpr__reader *r, const cJSON *ext,
                                   hpr__chain_doc *doc)
{
    const hpr__chain_doc *child = &c->doc[c->n - 1];
    const char *rel = ext->valuestring;
    size_t mark = hpr__rd_push(r, "extends");
    hpr__buf path = {0};
    if (rel[0] != '/' && child->src.dir && child->src.dir[0]) {
        hpr__buf_puts(&path, child->src.dir);
        if (child->src.dir[strlen(child->src.dir) - 1] != '/')
            hpr__buf_puts(&path, "/");
    }
    hpr__buf_puts(&path, rel);
    hpr__chain_result res = HPR__CHAIN_FAILED;
    char *data = NULL;
    size_t len = 0;
    if (path.oom) {
        res = HPR__CHAIN_OOM;
    } else if (!rel[0]) {
        hpr__rd_error(r, ext, "\"extends\" is empty: expected the path of the base policy");
    } else if (r->confine_includes && !hpr__rd_confined(r, ext, rel, path.ptr, child->src.dir, "extend")) {
        res = r->oom ? HPR__CHAIN_OOM : HPR__CHAIN_FAILED;
    } else {
        hpr_status st = hpr__read_file(path.ptr, MAX_POLICY_BYTES, &data, &len);
        char *real = st == HPR_OK ? realpath(path.ptr, NULL) : NULL;
        if (st == HPR_ENOMEM || (st == HPR_OK && !real && errno == ENOMEM)) {
            res = HPR__CHAIN_OOM;
        } else if (st != HPR_OK) {
            hpr__rd_error(r, ext, "cannot read the base policy \"%s\" (a relative path is read from "
                          "the directory of the policy that names it, %s): %s", rel,
                          child->src.dir && child->src.dir[0] ? child->src.dir : "the current directory",
                          hpr_error_last()->message);
        } else {
            hpr__buf trail = {0};
            bool cycle = false;
            for (size_t i = 0; i < c->n; i++) {
                hpr__buf_putf(&trail, "%s -> ", c->doc[i].src.file);
                cycle |= real && c->doc[i].real && strcmp(c->doc[i].real, real) == 0;
            }
            hpr__buf_puts(&trail, path.ptr);
            if (trail.oom)
                res = HPR__CHAIN_OOM;
            else if (cycle)
                hpr__rd_error(r, ext, "\"%s\" is already in the chain of bases: %s", rel, trail.ptr);
            else if (c->n == HPR__CHAIN_MAX)
                hpr__rd_error(r, ext, "a chain of more than %d policies: %s", HPR__CHAIN_MAX, trail.ptr);
            else {
                /* owned: the text, then the file name and directory after it */
                size_t plen = path.len;
                const char *slash = strrchr(path.ptr, '/');
                size_t dlen = slash ? (size_t)(slash - path.ptr) + 1 : 0;
                char *own = hpr__realloc(data, len + 1 + plen + 1 + dlen + 1);
                if (!own) {
                    res = HPR__CHAIN_OOM;
                } else {
                    data = NULL;
                    char *file = own + len + 1;
                    memcpy(file, path.ptr, plen + 1);
                    char *dir = file + plen + 1;
                    memcpy(dir, path.ptr, dlen);
                    dir[dlen] = '\0';
                    doc->owned = own;
                    doc->real = real;
                    real = NULL;
                    doc->src = (hpr__pdoc){file, dlen ? dir : NULL, own, len};
                    res = HPR__CHAIN_OK;
                }
            }
            hpr__buf_dispose(&trail);
        }
        free(real);
    }
    hpr__free(data);
    hpr__buf_dispose(&path);
    hpr__rd_pop(r, mark);
    return res;
}

/* Parses doc->src; a parse error is reported at its own line. */
static hpr__chain_result parse_doc(hpr__chain *c, hpr__reader *r, hpr__chain_doc *doc)
{
    hpr__jerror jerr;
    hpr_status st = hpr__jdoc_parse(&doc->jdoc, doc->src.text, doc->src.len, &jerr);
    if (st == HPR_EPARSE) {
        hpr__diag_add(r->diag, HPR_SEVERITY_ERROR, doc->src.file, jerr.line, jerr.column, "",
                      "invalid JSON: %s", jerr.message);
        return r->diag->oom ? HPR__CHAIN_OOM : HPR__CHAIN_PARSE;
    }
    if (st != HPR_OK)
        return HPR__CHAIN_OOM;
    c->n++;
    if (r->fingerprint)
        sha256_update((struct sha256_ctx *)r->fingerprint, doc->src.len, (const uint8_t *)doc->src.text);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc->jdoc.root, "id");
    doc->id = cJSON_IsString(id) ? id->valuestring : NULL;
    return HPR__CHAIN_OK;
}

hpr__chain_result hpr__chain_build(hpr__chain *c, hpr__reader *r, const hpr__pdoc *top,
                                   const hpr__pdoc *bases, size_t nbases, bool patch)
{
    memset(c, 0, sizeof *c);
    c->graveyard = cJSON_CreateArray();
    if (!c->graveyard)
        return HPR__CHAIN_OOM;
    r->chain = c;
    c->doc[0].src = *top;
    if (!bases && !(c->doc[0].real = realpath(top->file, NULL)) && errno == ENOMEM)
        return HPR__CHAIN_OOM; /* (a name that is no file has no path: no cycle can come back to it) */
    hpr__chain_result res = parse_doc(c, r, &c->doc[0]);
    r->doc = &c->doc[0].jdoc;
    r->file = c->doc[0].src.file;
    for (size_t i = 0; res == HPR__CHAIN_OK; i++) {
        const cJSON *root = c->doc[i].jdoc.root;
        const cJSON *ext = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "extends") : NULL;
        if (cJSON_IsObject(root) && (res = check_format(r, root)) != HPR__CHAIN_OK)
            break;
        if (patch && i == 0 && ext) {
            size_t mark = hpr__rd_push(r, "extends");
            hpr__rd_error(r, ext, "a patch is applied to the policy it derives from; it names no "
                          "base of its own (remove \"extends\")");
            hpr__rd_pop(r, mark);
            return HPR__CHAIN_FAILED;
        }
        if (bases ? i >= nbases : !ext)
            break;
        if (!bases && !cJSON_IsString(ext)) {
            size_t mark = hpr__rd_push(r, "extends");
            hpr__rd_error(r, ext, "\"extends\" must be the path of the base policy, found %s",
                          hpr__json_type_name(ext));
            hpr__rd_pop(r, mark);
            return HPR__CHAIN_FAILED;
        }
        if (bases && c->n == HPR__CHAIN_MAX)
            return HPR__CHAIN_FAILED; /* a chain that loaded has at most this many */
        hpr__chain_doc *next = &c->doc[c->n];
        if (bases)
            next->src = bases[i];
        else if ((res = read_base(c, r, ext, next)) != HPR__CHAIN_OK)
            break;
        res = parse_doc(c, r, next);
    }
    if (res != HPR__CHAIN_OK)
        return res;
    /* every document an object: the merge has nothing else to do */
    for (size_t i = 0; i < c->n; i++)
        if (!cJSON_IsObject(c->doc[i].jdoc.root)) {
            hpr__rd_error(r, c->doc[i].jdoc.root, "a policy document must be a JSON object");
            return HPR__CHAIN_FAILED;
        }
    cJSON *merged = c->doc[c->n - 1].jdoc.root;
    c->doc[c->n - 1].jdoc.root = NULL;
    c->root = merged;
    bury(c, cJSON_DetachItemFromObjectCaseSensitive(merged, "extends"));
    for (size_t i = c->n - 1; i-- > 0;) {
        cJSON *child = c->doc[i].jdoc.root;
        c->doc[i].jdoc.root = NULL;
        bury(c, child); /* first: what merge leaves in it is then buried too */
        if (!merge(c, r, merged, child))
            return HPR__CHAIN_OOM;
    }
    return r->oom || r->diag->oom ? HPR__CHAIN_OOM : HPR__CHAIN_OK;
}

void hpr__chain_dispose(hpr__chain *c)
{
    cJSON_Delete(c->root);
    cJSON_Delete(c->graveyard);
    for (size_t i = 0; i < HPR__CHAIN_MAX; i++) { /* also a document read but not parsed */
        hpr__jdoc_dispose(&c->doc[i].jdoc);
        hpr__free(c->doc[i].owned);
        free(c->doc[i].real);
    }
    hpr__free(c->overlay);
    for (size_t i = 0; i < c->nindex; i++)
        kindex_dispose(&c->index[i]);
    hpr__free(c->index);
    memset(c, 0, sizeof *c);
}
