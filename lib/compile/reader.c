/* SPDX-License-Identifier: MIT */
/* realpath */
#define _XOPEN_SOURCE 700
/* Located, typed reads of policy JSON; see reader.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/extends.h"
#include "compile/reader.h"
#include "model/policy.h"

/* ---- JSON pointer ----------------------------------------------------- */

size_t hpr__rd_push(hpr__reader *r, const char *key)
{
    size_t mark = hpr__jpointer_push(&r->path, key);
    if (r->path.oom)
        r->oom = true;
    return mark;
}

size_t hpr__rd_push_index(hpr__reader *r, size_t index)
{
    size_t mark = hpr__jpointer_push_index(&r->path, index);
    if (r->path.oom)
        r->oom = true;
    return mark;
}

void hpr__rd_pop(hpr__reader *r, size_t mark) { hpr__jpointer_pop(&r->path, mark); }

const hpr__jpos *hpr__rd_pos(const hpr__reader *r, const cJSON *node, const char **file,
                             const char **dir)
{
    *file = r->file;
    *dir = NULL;
    if (!node)
        return NULL;
    const hpr__jpos *p = hpr__jdoc_pos(r->doc, node);
    if (r->chain)
        for (size_t i = 0; i < r->chain->n; i++) {
            const hpr__chain_doc *d = &r->chain->doc[i];
            if (p && &d->jdoc != r->doc)
                continue;
            if (!p && !(p = hpr__jdoc_pos(&d->jdoc, node)))
                continue;
            *file = d->src.file;
            *dir = d->src.dir;
            break;
        }
    return p;
}

const char *hpr__rd_raw(const hpr__reader *r, const cJSON *node, size_t *len)
{
    const char *file, *dir;
    const hpr__jpos *p = hpr__rd_pos(r, node, &file, &dir);
    *len = p ? p->length : 0;
    if (!p)
        return NULL;
    if (r->chain)
        for (size_t i = 0; i < r->chain->n; i++)
            if (r->chain->doc[i].src.file == file)
                return r->chain->doc[i].src.text + p->offset;
    return r->doc->text + p->offset;
}

static const char *cur_path(const hpr__reader *r) { return r->path.ptr ? r->path.ptr : ""; }

static void report(hpr__reader *r, hpr_severity sev, const cJSON *node, bool at_key,
                   const char *pointer, const char *fmt, va_list ap) HPR__PRINTF(6, 0);
static void report(hpr__reader *r, hpr_severity sev, const cJSON *node, bool at_key,
                   const char *pointer, const char *fmt, va_list ap)
{
    char msg[480];
    vsnprintf(msg, sizeof msg, fmt, ap);
    const char *file = r->file, *dir;
    const hpr__jpos *p = hpr__rd_pos(r, node, &file, &dir);
    int line = 0, col = 0;
    if (p) {
        line = (int)(at_key && p->key_line ? p->key_line : p->line);
        col = (int)(at_key && p->key_line ? p->key_column : p->column);
    }
    hpr__diag_add(r->diag, sev, file, line, col, pointer, "%s", msg);
    if (r->diag->oom)
        r->oom = true;
}

void hpr__rd_error(hpr__reader *r, const cJSON *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, HPR_SEVERITY_ERROR, node, false, cur_path(r), fmt, ap);
    va_end(ap);
}

void hpr__rd_warn(hpr__reader *r, const cJSON *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(r, HPR_SEVERITY_WARNING, node, false, cur_path(r), fmt, ap);
    va_end(ap);
}

void hpr__rd_error_key(hpr__reader *r, const cJSON *member, const char *fmt, ...)
{
    size_t mark = hpr__rd_push(r, member->string ? member->string : "");
    va_list ap;
    va_start(ap, fmt);
    report(r, HPR_SEVERITY_ERROR, member, true, cur_path(r), fmt, ap);
    va_end(ap);
    hpr__rd_pop(r, mark);
}

/* ---- objects and members ---------------------------------------------- */

static int cmp_member(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    int c = strcmp(x->string, y->string);
    if (c)
        return c;
    /* keep document order between duplicates: compare positions via pointers' order in list
     * is not available here, so fall back to address order (stable enough for reporting). */
    return (uintptr_t)x < (uintptr_t)y ? -1 : (uintptr_t)x > (uintptr_t)y;
}

static void list_allowed(char *buf, size_t size, const char *const *allowed)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; allowed[i] && used + 1 < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", allowed[i]);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

bool hpr__rd_object(hpr__reader *r, const cJSON *node, const char *what,
                    const char *const *allowed)
{
    if (!cJSON_IsObject(node)) {
        hpr__rd_error(r, node, "%s must be an object, found %s", what, hpr__json_type_name(node));
        return false;
    }
    bool ok = true;
    size_t n = 0;
    for (const cJSON *m = node->child; m; m = m->next) {
        n++;
        if (!allowed)
            continue;
        bool known = false;
        for (size_t i = 0; allowed[i] && !known; i++)
            known = strcmp(allowed[i], m->string) == 0;
        if (!known) {
            char list[400];
            list_allowed(list, sizeof list, allowed);
            const char *near = hpr__closest(m->string, allowed, SIZE_MAX);
            if (near)
                hpr__rd_error_key(r, m, "unknown member \"%s\" in %s; did you mean \"%s\"?", m->string,
                                  what, near);
            else
                hpr__rd_error_key(r, m, "unknown member \"%s\" in %s; expected one of: %s", m->string,
                                  what, list);
            ok = false;
        }
    }
    if (n > 1) {
        const cJSON *small[64];
        const cJSON **v = n <= 64 ? small : hpr__malloc(n * sizeof *v);
        if (!v) {
            r->oom = true;
            return false;
        }
        size_t k = 0;
        for (const cJSON *m = node->child; m; m = m->next)
            v[k++] = m;
        qsort(v, n, sizeof *v, cmp_member);
        for (size_t i = 1; i < n; i++) {
            if (strcmp(v[i]->string, v[i - 1]->string) == 0) {
                /* report the later occurrence, citing the earlier one */
                const char *fa, *fb, *da, *db;
                const hpr__jpos *a = hpr__rd_pos(r, v[i - 1], &fa, &da);
                const hpr__jpos *b = hpr__rd_pos(r, v[i], &fb, &db);
                const cJSON *later = (a && b && a->offset > b->offset) ? v[i - 1] : v[i];
                const hpr__jpos *first = later == v[i] ? a : b;
                hpr__rd_error_key(r, later, "duplicate member \"%s\" (first at line %u)",
                                  later->string, first ? first->key_line : 0u);
                ok = false;
            }
        }
        if (v != small)
            hpr__free((void *)v);
    }
    return ok;
}

bool hpr__rd_array(hpr__reader *r, const cJSON *node, const char *what)
{
    if (!cJSON_IsArray(node)) {
        hpr__rd_error(r, node, "%s must be an array, found %s", what, hpr__json_type_name(node));
        return false;
    }
    return true;
}

const cJSON *hpr__rd_member(hpr__reader *r, const cJSON *obj, const char *key, bool required)
{
    const cJSON *m = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (!m && required && cJSON_IsObject(obj))
        hpr__rd_error(r, obj, "missing required member \"%s\"", key);
    return m;
}

bool hpr__rd_string(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                    const char **out)
{
    *out = NULL;
    const cJSON *m = hpr__rd_member(r, obj, key, required);
    if (!m)
        return !required;
    size_t mark = hpr__rd_push(r, key);
    bool ok = cJSON_IsString(m);
    if (!ok)
        hpr__rd_error(r, m, "\"%s\" must be a string, found %s", key, hpr__json_type_name(m));
    else if (!(*out = hpr__arena_strndup(r->arena, m->valuestring, strlen(m->valuestring)))) {
        r->oom = true; /* HPR_ENOMEM, not a policy error */
        ok = false;
    }
    hpr__rd_pop(r, mark);
    return ok;
}

bool hpr__rd_text(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                  const char **en, const char **zh)
{
    *en = *zh = NULL;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!m || !cJSON_IsObject(m))
        return hpr__rd_string(r, obj, key, required, en);
    size_t mark = hpr__rd_push(r, key);
    static const char *const keys[] = {"en", "zh", NULL};
    bool ok = hpr__rd_object(r, m, "a text in two languages {\"zh\": ..., \"en\": ...}", keys) &&
              hpr__rd_string(r, m, "en", false, en) && hpr__rd_string(r, m, "zh", false, zh);
    if (ok && !*en && !*zh) {
        hpr__rd_error(r, m, "\"%s\" gives neither \"zh\" nor \"en\"", key);
        ok = false;
    }
    if (!*en)
        *en = *zh; /* one language only: it is shown in both */
    hpr__rd_pop(r, mark);
    return ok;
}

bool hpr__rd_date(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                  hpr_date *out, bool *present)
{
    *out = 0;
    if (present)
        *present = false;
    const cJSON *m = hpr__rd_member(r, obj, key, required);
    if (!m)
        return !required;
    size_t mark = hpr__rd_push(r, key);
    bool ok = false;
    if (!cJSON_IsString(m)) {
        hpr__rd_error(r, m, "\"%s\" must be a date string YYYY-MM-DD, found %s", key, hpr__json_type_name(m));
    } else if (hpr_date_parse(out, m->valuestring, strlen(m->valuestring)) != HPR_OK) {
        hpr__rd_error(r, m, "%s", hpr_error_last()->message);
    } else {
        ok = true;
        if (present)
            *present = true;
    }
    hpr__rd_pop(r, mark);
    return ok;
}

bool hpr__rd_enum(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                  const char *const *names, int *out)
{
    const cJSON *m = hpr__rd_member(r, obj, key, required);
    if (!m)
        return !required;
    size_t mark = hpr__rd_push(r, key);
    bool ok = false;
    if (cJSON_IsString(m)) {
        for (int i = 0; names[i]; i++) {
            if (strcmp(names[i], m->valuestring) == 0) {
                *out = i;
                ok = true;
                break;
            }
        }
    }
    if (!ok) {
        char list[400];
        list_allowed(list, sizeof list, names);
        const char *near = cJSON_IsString(m) ? hpr__closest(m->valuestring, names, SIZE_MAX) : NULL;
        if (near)
            hpr__rd_error(r, m, "\"%s\" is not a valid %s; did you mean \"%s\"?", m->valuestring, key, near);
        else if (cJSON_IsString(m))
            hpr__rd_error(r, m, "\"%s\" is not a valid %s; expected one of: %s", m->valuestring,
                          key, list);
        else
            hpr__rd_error(r, m, "\"%s\" must be one of the strings %s, found %s", key, list,
                          hpr__json_type_name(m));
    }
    hpr__rd_pop(r, mark);
    return ok;
}

static bool parse_int_node(hpr__reader *r, const cJSON *m, long min, long max, long *out)
{
    size_t len;
    const char *raw = cJSON_IsNumber(m) ? hpr__rd_raw(r, m, &len) : NULL;
    int64_t v;
    if (!raw) {
        hpr__rd_error(r, m, "expected an integer, found %s", hpr__json_type_name(m));
        return false;
    }
    if (hpr__decimal_parse(&v, raw, len, 0, true, "integer") != HPR_OK) {
        hpr__rd_error(r, m, "%s", hpr_error_last()->message);
        return false;
    }
    if (v < min || v > max) {
        hpr__rd_error(r, m, "%lld is out of range: expected %ld to %ld", (long long)v, min, max);
        return false;
    }
    *out = (long)v;
    return true;
}

bool hpr__rd_int(hpr__reader *r, const cJSON *obj, const char *key, bool required, long min,
                 long max, long *out, bool *present)
{
    if (present)
        *present = false;
    const cJSON *m = hpr__rd_member(r, obj, key, required);
    if (!m)
        return !required;
    size_t mark = hpr__rd_push(r, key);
    bool ok = parse_int_node(r, m, min, max, out);
    if (ok && present)
        *present = true;
    hpr__rd_pop(r, mark);
    return ok;
}

bool hpr__rd_bool(hpr__reader *r, const cJSON *obj, const char *key, bool required, bool *out)
{
    const cJSON *m = hpr__rd_member(r, obj, key, required);
    if (!m)
        return !required;
    size_t mark = hpr__rd_push(r, key);
    bool ok = cJSON_IsBool(m);
    if (ok)
        *out = cJSON_IsTrue(m);
    else
        hpr__rd_error(r, m, "\"%s\" must be true or false, found %s", key, hpr__json_type_name(m));
    hpr__rd_pop(r, mark);
    return ok;
}

bool hpr__rd_id_ok(const char *s)
{
    if (!s[0] || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
        return false;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
              *c == '.'))
            return false;
    return true;
}


/* HPR_POLICY_CONFINE_INCLUDES (includes and extends): the path is relative and, symlinks
 * resolved, inside the include root (or the policy's directory). Reports and returns false
 * otherwise, saying nothing of the file itself. */
bool hpr__rd_confined(hpr__reader *r, const cJSON *node, const char *rel, const char *path,
                      const char *dir, const char *verb)
{
    const char *why = NULL;
    char *root = NULL, *real = NULL;
    if (rel[0] == '/')
        why = "an absolute path";
    else if (!(root = realpath(r->include_root ? r->include_root
                               : dir && dir[0] ? dir : ".", NULL)))
        why = errno == ENOMEM ? NULL : "the include root cannot be resolved";
    else if (!(real = realpath(path, NULL)))
        why = errno == ENOMEM ? NULL : "no such file inside the include root";
    else {
        size_t n = strlen(root);
        bool inside = strncmp(real, root, n) == 0 && (real[n] == '/' || (n == 1 && root[0] == '/'));
        if (!inside)
            why = "outside the include root";
    }
    bool oom = !why && (!root || !real);
    free(root);
    free(real);
    if (oom) {
        r->oom = true;
        return false;
    }
    if (why)
        hpr__rd_error(r, node, "cannot %s \"%s\": %s (includes are confined)", verb, rel, why);
    return !why;
}

/* ---- dated parameters --------------------------------------------------- */

bool hpr__rd_ref_ok(hpr__reader *r, const char *ref)
{
    size_t n = strcspn(ref, " \t");
    return n > 0 && r->sources && hpr__source_find(*r->sources, *r->nsources, ref, n) != NULL;
}

static void format_value(char *buf, size_t size, hpr__ptype t, int64_t v)
{
    switch (t) {
    case HPR__P_MONEY: hpr_money_format(buf, size, v); break;
    case HPR__P_RATIO: hpr_ratio_format(buf, size, v); break;
    default: snprintf(buf, size, "%lld", (long long)v); break;
    }
}

static bool parse_scalar(hpr__reader *r, const cJSON *n, const hpr__pspec *spec, int64_t *out)
{
    *out = 0;
    hpr_status st = HPR_OK;
    size_t len = 0;
    const char *raw;
    switch (spec->type) {
    case HPR__P_MONEY:
    case HPR__P_RATIO: {
        bool money = spec->type == HPR__P_MONEY;
        if (cJSON_IsString(n)) {
            st = money ? hpr_money_parse(out, n->valuestring, strlen(n->valuestring))
                       : hpr_ratio_parse(out, n->valuestring, strlen(n->valuestring));
        } else if (cJSON_IsNumber(n) && (raw = hpr__rd_raw(r, n, &len))) {
            st = money ? hpr_money_parse_json_number(out, raw, len)
                       : hpr_ratio_parse_json_number(out, raw, len);
        } else {
            hpr__rd_error(r, n, "expected %s (a decimal string such as \"%s\" or a number), found %s",
                          money ? "a money amount" : "a ratio", money ? "3000.00" : "0.65",
                          hpr__json_type_name(n));
            return false;
        }
        break;
    }
    case HPR__P_INT: {
        long v;
        if (!parse_int_node(r, n, (long)spec->min, (long)spec->max, &v))
            return false;
        *out = v;
        return true;
    }
    case HPR__P_BOOL:
        if (!cJSON_IsBool(n)) {
            hpr__rd_error(r, n, "expected true or false, found %s", hpr__json_type_name(n));
            return false;
        }
        *out = cJSON_IsTrue(n);
        return true;
    }
    if (st != HPR_OK) {
        hpr__rd_error(r, n, "%s", hpr_error_last()->message);
        return false;
    }
    if (*out < spec->min || *out > spec->max) {
        char v[40], lo[40], hi[40];
        format_value(v, sizeof v, spec->type, *out);
        format_value(lo, sizeof lo, spec->type, spec->min);
        format_value(hi, sizeof hi, spec->type, spec->max);
        hpr__rd_error(r, n, "%s %s is out of range: expected %s to %s", hpr__ptype_name(spec->type),
                      v, lo, hi);
        return false;
    }
    return true;
}

typedef struct entries {
    hpr__pentry *v;
    size_t n;
    size_t cap;
} entries;

static bool add_entry(hpr__reader *r, entries *es, hpr__pentry e)
{
    if (es->n == es->cap) {
        size_t cap = es->cap ? es->cap * 2 : 4;
        hpr__pentry *p = hpr__realloc(es->v, cap * sizeof *p);
        if (!p) {
            r->oom = true;
            return false;
        }
        es->v = p;
        es->cap = cap;
    }
    es->v[es->n++] = e;
    return true;
}

/* "ref" and "assumed" of an annotated value. */
static bool read_annotations(hpr__reader *r, const cJSON *obj, const char **ref, bool *assumed)
{
    bool ok = hpr__rd_string(r, obj, "ref", false, ref);
    if (ok && *ref && !hpr__rd_ref_ok(r, *ref)) {
        size_t mark = hpr__rd_push(r, "ref");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(obj, "ref"),
                      "ref \"%s\" does not start with the id of a declared source (see /sources)",
                      *ref);
        hpr__rd_pop(r, mark);
        ok = false;
    }
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, "assumed");
    if (a) {
        size_t mark = hpr__rd_push(r, "assumed");
        if (cJSON_IsBool(a)) {
            *assumed = cJSON_IsTrue(a);
        } else if (cJSON_IsString(a) && a->valuestring[0]) {
            *assumed = true;
        } else {
            hpr__rd_error(r, a, "\"assumed\" must be true, false or a non-empty explanation, found %s",
                          hpr__json_type_name(a));
            ok = false;
        }
        hpr__rd_pop(r, mark);
    }
    return ok;
}

static bool is_date_key(const char *k)
{
    return strlen(k) == 10 && k[4] == '-' && k[7] == '-';
}

static const char *const ANNOTATED_KEYS[] = {"value", "ref", "assumed", "note", NULL};

/* One dated entry's value: scalar, null, or {"value": scalar|null, ref, assumed, note}. */
static bool read_entry(hpr__reader *r, const cJSON *n, const hpr__pspec *spec, hpr__pentry *e)
{
    if (cJSON_IsObject(n)) {
        if (!hpr__rd_object(r, n, "an annotated value", ANNOTATED_KEYS))
            return false;
        bool ok = read_annotations(r, n, &e->ref, &e->assumed);
        const cJSON *v = hpr__rd_member(r, n, "value", true);
        if (!v)
            return false;
        size_t mark = hpr__rd_push(r, "value");
        if (cJSON_IsNull(v))
            e->present = false;
        else if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
            hpr__rd_error(r, v, "a dated entry's value must be a %s or null, found %s",
                          hpr__ptype_name(spec->type), hpr__json_type_name(v));
            ok = false;
        } else {
            e->present = parse_scalar(r, v, spec, &e->value);
            ok = ok && e->present;
        }
        hpr__rd_pop(r, mark);
        return ok;
    }
    if (cJSON_IsNull(n)) {
        e->present = false;
        return true;
    }
    e->present = parse_scalar(r, n, spec, &e->value);
    return e->present;
}

/* The body of a parameter: a scalar, null, or dated entries. */
static bool read_body(hpr__reader *r, const cJSON *n, const hpr__pspec *spec, const char *dref,
                      bool dassumed, entries *es)
{
    if (cJSON_IsArray(n)) {
        hpr__rd_error(r, n, "expected a %s, null or dated values {\"YYYY-MM-DD\": ...}, found an array",
                      hpr__ptype_name(spec->type));
        return false;
    }
    if (!cJSON_IsObject(n)) {
        hpr__pentry e = {.from = HPR__DATE_MIN, .ref = dref, .assumed = dassumed};
        bool ok = read_entry(r, n, spec, &e);
        return add_entry(r, es, e) && ok;
    }
    if (!n->child) {
        hpr__rd_error(r, n, "empty dated value: expected {\"YYYY-MM-DD\": value, ...}");
        return false;
    }
    bool ok = true;
    hpr_date prev = 0;
    bool have_prev = false;
    for (const cJSON *m = n->child; m; m = m->next) {
        hpr_date d;
        if (!is_date_key(m->string) || hpr_date_parse(&d, m->string, strlen(m->string)) != HPR_OK) {
            if (!is_date_key(m->string))
                hpr__rd_error_key(r, m,
                                  "\"%s\" is not a date: a dated value has keys YYYY-MM-DD (or use "
                                  "{\"value\": ..., \"ref\": ...})",
                                  m->string);
            else
                hpr__rd_error_key(r, m, "%s", hpr_error_last()->message);
            ok = false;
            continue;
        }
        if (have_prev && d <= prev) {
            hpr__rd_error_key(r, m,
                              d == prev ? "dated values overlap: %s is given twice"
                                        : "dated values must be in increasing date order: %s "
                                          "comes after a later date",
                              m->string);
            ok = false;
            continue;
        }
        prev = d;
        have_prev = true;
        hpr__pentry e = {.from = d, .ref = dref, .assumed = dassumed};
        size_t mark = hpr__rd_push(r, m->string);
        bool eok = read_entry(r, m, spec, &e);
        hpr__rd_pop(r, mark);
        if (!e.ref)
            e.ref = dref;
        ok = add_entry(r, es, e) && eok && ok;
    }
    return ok;
}

static bool register_param(hpr__reader *r, hpr__param *p)
{
    if (r->nparams == r->capparams) {
        size_t cap = r->capparams ? r->capparams * 2 : 32;
        hpr__param **v = hpr__realloc(r->params, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return false;
        }
        r->params = v;
        r->capparams = cap;
    }
    r->params[r->nparams++] = p;
    return true;
}

static bool is_dated(const cJSON *n)
{
    return cJSON_IsObject(n) && n->child && is_date_key(n->child->string);
}

/* A value "set" put over the base's old one (extends.h): the set value's
 * entries carry only its own citations; when it is dated, the base's
 * entries before its first date stay in force. */
typedef struct body {
    const cJSON *node;  /* the dated or plain value */
    const char *ref;
    bool assumed;
    const cJSON *whole; /* the node a "set" wrote (node, or the annotated value around it) */
} body;

static body base_body(const cJSON *old);

static bool read_over(hpr__reader *r, const hpr__pspec *spec, body now, body was, entries *es)
{
    if (!is_dated(now.node)) /* a plain value replaces the base's whole */
        return read_body(r, now.node, spec, now.ref, now.assumed, es);
    entries base = {0};
    if (was.ref && !(was.ref = hpr__arena_strndup(r->arena, was.ref, strlen(was.ref)))) {
        r->oom = true;
        return false;
    }
    const cJSON *older = hpr__chain_replaced(r->chain, was.whole); /* a chain of sets */
    bool ok = older ? read_over(r, spec, was, base_body(older), &base)
                    : read_body(r, was.node, spec, was.ref, was.assumed, &base);
    ok = read_body(r, now.node, spec, now.ref, now.assumed, es) && ok;
    if (ok && es->n) {
        size_t keep = 0;
        while (keep < base.n && base.v[keep].from < es->v[0].from)
            keep++;
        base.n = keep;
        for (size_t i = 0; i < es->n && ok; i++)
            ok = add_entry(r, &base, es->v[i]);
        if (ok) {
            hpr__free(es->v);
            *es = base;
            return true;
        }
    }
    hpr__free(base.v);
    return ok;
}

/* The body of a parameter node as the base wrote it (its value and citations). */
static body base_body(const cJSON *old)
{
    const cJSON *v = cJSON_IsObject(old) ? cJSON_GetObjectItemCaseSensitive(old, "value") : NULL;
    if (!v)
        return (body){old, NULL, false, old};
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(old, "ref");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(old, "assumed");
    return (body){v, cJSON_IsString(ref) ? ref->valuestring : NULL,
                  cJSON_IsTrue(a) || (cJSON_IsString(a) && a->valuestring[0]), old};
}

bool hpr__rd_param_node(hpr__reader *r, const cJSON *node, const hpr__pspec *spec,
                        const char *const *extra, const hpr__param **out)
{
    *out = NULL;
    entries es = {0};
    bool ok;
    bool annotated = cJSON_IsObject(node) &&
                     (cJSON_GetObjectItemCaseSensitive(node, "value") ||
                      (node->child && !is_date_key(node->child->string)));
    if (annotated) {
        const char *keys[16];
        size_t k = 0;
        for (size_t i = 0; ANNOTATED_KEYS[i]; i++)
            keys[k++] = ANNOTATED_KEYS[i];
        for (size_t i = 0; extra && extra[i] && k < 15; i++)
            keys[k++] = extra[i];
        keys[k] = NULL;
        const char *ref = NULL;
        bool assumed = false;
        ok = hpr__rd_object(r, node, "an annotated value", keys);
        ok = read_annotations(r, node, &ref, &assumed) && ok;
        const cJSON *v = hpr__rd_member(r, node, "value", true);
        if (v) {
            size_t mark = hpr__rd_push(r, "value");
            const cJSON *was = hpr__chain_replaced(r->chain, node);
            const cJSON *was_value = hpr__chain_replaced(r->chain, v);
            body now = {v, ref, assumed, node};
            if (was) /* the whole parameter was set */
                ok = read_over(r, spec, now, base_body(was), &es) && ok;
            else if (was_value) /* only its value: the citations beside it were the base's */
                ok = read_over(r, spec, (body){v, NULL, false, v}, (body){was_value, ref, assumed, was_value},
                               &es) && ok;
            else
                ok = read_body(r, v, spec, ref, assumed, &es) && ok;
            hpr__rd_pop(r, mark);
        } else {
            ok = false;
        }
    } else {
        const cJSON *was = hpr__chain_replaced(r->chain, node);
        ok = was ? read_over(r, spec, (body){node, NULL, false, node}, base_body(was), &es)
                 : read_body(r, node, spec, NULL, false, &es);
    }
    if (ok && !r->oom) {
        hpr__param *p = hpr__arena_alloc(r->arena, sizeof *p);
        hpr__pentry *e = es.n ? hpr__arena_alloc(r->arena, es.n * sizeof *e) : NULL;
        const char *ptr = hpr__arena_strndup(r->arena, cur_path(r), strlen(cur_path(r)));
        if (!p || (es.n && !e) || !ptr) {
            r->oom = true;
            ok = false;
        } else {
            if (es.n)
                memcpy(e, es.v, es.n * sizeof *e);
            p->pointer = ptr;
            p->type = spec->type;
            p->n = (uint32_t)es.n;
            p->e = e;
            ok = register_param(r, p);
            *out = p;
        }
    }
    hpr__free(es.v);
    return ok;
}

bool hpr__rd_param(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                   const hpr__pspec *spec, const hpr__param **out)
{
    *out = NULL;
    const cJSON *m = hpr__rd_member(r, obj, key, required);
    if (!m)
        return !required;
    size_t mark = hpr__rd_push(r, key);
    bool ok = hpr__rd_param_node(r, m, spec, NULL, out);
    hpr__rd_pop(r, mark);
    return ok;
}

bool hpr__rd_name_ok(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (const char *c = s; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return false;
    return true;
}
