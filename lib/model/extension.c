/* SPDX-License-Identifier: MIT */
/* The extension registry (hpr/extension.h) and the signature vocabulary. */
/* realpath */
#define _XOPEN_SOURCE 700
#include <dlfcn.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <nettle/sha2.h>

#include "core/file.h"
#include "core/names.h"
#include "model/extension.h"

const char *const hpr__xtype_names[] = {"money", "ratio", "date", "int", "bool", "text", NULL};

const char *const hpr__xfact_names[] = {
    "claim.total", "claim.in_scope", "claim.class_b_self", "claim.out_of_catalog", "claim.waiver",
    "claim.type", "claim.level", "claim.location", "claim.referral", "claim.admission_date",
    "claim.discharge_date", "claim.as_of", "claim.diagnosis", "claim.id", "person.age",
    "person.income_per_capita", "person.id", "ledger.patient_paid", "layer.unpaid_covered",
    "layer.covered_total", "layer.base_this_year", "layer.paid_this_year", "person.household_size",
    "category", NULL};
const hpr__xtype hpr__xfact_types[] = {
    HPR__X_MONEY, HPR__X_MONEY, HPR__X_MONEY, HPR__X_MONEY, HPR__X_MONEY,
    HPR__X_INT, HPR__X_INT, HPR__X_INT, HPR__X_BOOL, HPR__X_DATE,
    HPR__X_DATE, HPR__X_DATE, HPR__X_TEXT, HPR__X_TEXT, HPR__X_INT,
    HPR__X_MONEY, HPR__X_TEXT, HPR__X_MONEY, HPR__X_MONEY,
    HPR__X_MONEY, HPR__X_MONEY, HPR__X_MONEY, HPR__X_INT, HPR__X_BOOL};

struct hpr_extensions {
    hpr__xfn *fns;
    size_t n, cap;
    struct xlib {
        void *h;      /* dlopen handle, closed with the registry */
        char *origin; /* "PATH sha256:HEX": which file it is, for the identity of policies calling it */
    } *libs;
    size_t nlibs;
    atomic_int refs;     /* the caller's and one per compiled policy */
    atomic_bool frozen;  /* a policy was compiled with it */
};

/* ---- a call's failure, per thread -------------------------------------------- */

/* Like the error record: the one piece of thread-local state, written only
 * by the thread's own extension call. */
static _Thread_local struct {
    bool failed;
    char message[2048];
} call_state;

void hpr_extension_fail(const char *message)
{
    call_state.failed = true;
    hpr__text_copy(call_state.message, sizeof call_state.message, message ? message : "failed");
}

void hpr__extension_clear(void) { call_state.failed = false; }

const char *hpr__extension_failed(void)
{
    if (!call_state.failed)
        return NULL;
    call_state.failed = false;
    return call_state.message;
}

/* ---- signatures ---------------------------------------------------------- */

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* A type name at s; its end in *end. */
static int read_type(const char *s, const char **end)
{
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z'))
        n++;
    *end = s + n;
    for (int t = 0; hpr__xtype_names[t]; t++)
        if (strlen(hpr__xtype_names[t]) == n && strncmp(s, hpr__xtype_names[t], n) == 0)
            return t;
    return -1;
}

bool hpr__xsig_parse(hpr__xsig *out, const char *text, char *why, size_t whysz)
{
    memset(out, 0, sizeof *out);
    const char *s = skip_ws(text), *e;
    int t = read_type(s, &e);
    if (t < 0) {
        snprintf(why, whysz, "signature \"%s\": the return type at column %d is not one of money, ratio, "
                 "date, int, bool, text", text, (int)(s - text) + 1);
        return false;
    }
    out->ret = (hpr__xtype)t;
    s = skip_ws(e);
    if (*s != '(') {
        snprintf(why, whysz, "signature \"%s\": expected '(' at column %d", text, (int)(s - text) + 1);
        return false;
    }
    s = skip_ws(s + 1);
    if (*s == ')') {
        s = skip_ws(s + 1);
    } else {
        for (;;) {
            t = read_type(s, &e);
            if (t < 0) {
                snprintf(why, whysz, "signature \"%s\": the parameter type at column %d is not one of "
                         "money, ratio, date, int, bool, text", text, (int)(s - text) + 1);
                return false;
            }
            if (out->nparams == HPR_EXTENSION_MAX_PARAMS) {
                snprintf(why, whysz, "signature \"%s\": more than %d parameters", text,
                         HPR_EXTENSION_MAX_PARAMS);
                return false;
            }
            out->params[out->nparams++] = (hpr__xtype)t;
            s = skip_ws(e);
            if (*s == ',') {
                s = skip_ws(s + 1);
                continue;
            }
            if (*s == ')') {
                s = skip_ws(s + 1);
                break;
            }
            snprintf(why, whysz, "signature \"%s\": expected ',' or ')' at column %d", text,
                     (int)(s - text) + 1);
            return false;
        }
    }
    if (*s) {
        snprintf(why, whysz, "signature \"%s\": unexpected text at column %d", text, (int)(s - text) + 1);
        return false;
    }
    return true;
}

void hpr__xsig_format(char *buf, size_t size, const hpr__xsig *sig)
{
    size_t used = (size_t)snprintf(buf, size, "%s(", hpr__xtype_names[sig->ret]);
    for (int i = 0; i < sig->nparams && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? "," : "", hpr__xtype_names[sig->params[i]]);
    if (used < size)
        snprintf(buf + used, size - used, ")");
}

bool hpr__xsig_equal(const hpr__xsig *a, const hpr__xsig *b)
{
    if (a->ret != b->ret || a->nparams != b->nparams)
        return false;
    for (int i = 0; i < a->nparams; i++)
        if (a->params[i] != b->params[i])
            return false;
    return true;
}

/* ---- the registry ---------------------------------------------------------- */

hpr_status hpr_extensions_create(hpr_extensions **out)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_create: out is NULL");
    *out = hpr__calloc(1, sizeof **out);
    if (!*out)
        return hpr__seterr(HPR_ENOMEM, "out of memory creating an extension registry");
    atomic_init(&(*out)->refs, 1);
    atomic_init(&(*out)->frozen, false);
    return HPR_OK;
}

void hpr__extensions_retain(hpr_extensions *x)
{
    atomic_fetch_add(&x->refs, 1);
    atomic_store(&x->frozen, true);
}

void hpr__extensions_release(hpr_extensions *x)
{
    if (!x || atomic_fetch_sub(&x->refs, 1) != 1)
        return;
    for (size_t i = 0; i < x->n; i++) {
        hpr__free(x->fns[i].name);
        hpr__free(x->fns[i].sig_text);
    }
    hpr__free(x->fns);
    for (size_t i = 0; i < x->nlibs; i++) {
        dlclose(x->libs[i].h);
        hpr__free(x->libs[i].origin);
    }
    hpr__free(x->libs);
    hpr__free(x);
}

void hpr_extensions_free(hpr_extensions *x) { hpr__extensions_release(x); }

static bool name_ok(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
            return false;
    return n <= 64;
}

const hpr__xfn *hpr__extensions_find(const hpr_extensions *x, const char *name)
{
    for (size_t i = 0; x && i < x->n; i++)
        if (strcmp(x->fns[i].name, name) == 0)
            return &x->fns[i];
    return NULL;
}

hpr_status hpr_extensions_add(hpr_extensions *x, const char *name, const char *signature, hpr_extension_fn fn)
{
    if (!x || !name || !signature || !fn)
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_add: %s is NULL",
                           !x ? "extensions" : !name ? "name" : !signature ? "signature" : "fn");
    if (atomic_load(&x->frozen))
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_add: the registry has compiled a policy and is "
                                       "immutable; register every function before loading policies");
    if (!name_ok(name))
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_add: name \"%s\" must be [a-z][a-z0-9_]*, at "
                                       "most 64 bytes", name);
    if (hpr__extensions_find(x, name))
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_add: \"%s\" is registered already", name);
    hpr__xsig sig;
    char why[200], canon[256];
    if (!hpr__xsig_parse(&sig, signature, why, sizeof why))
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_add: %s: %s", name, why);
    hpr__xsig_format(canon, sizeof canon, &sig);
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 8;
        hpr__xfn *v = hpr__realloc(x->fns, cap * sizeof *v);
        if (!v)
            return hpr__seterr(HPR_ENOMEM, "out of memory registering %s", name);
        x->fns = v;
        x->cap = cap;
    }
    hpr__xfn *f = &x->fns[x->n];
    f->name = hpr__strndup(name, strlen(name));
    f->sig_text = hpr__strndup(canon, strlen(canon));
    if (!f->name || !f->sig_text) {
        hpr__free(f->name);
        hpr__free(f->sig_text);
        return hpr__seterr(HPR_ENOMEM, "out of memory registering %s", name);
    }
    f->sig = sig;
    f->fn = fn;
    f->origin = NULL;
    x->n++;
    return HPR_OK;
}

/* "PATH sha256:HEX" of a library file: two libraries that pay differently
 * give policies two identities (the fingerprint covers it). */
static char *library_origin(const char *path)
{
    char *data = NULL, *real = realpath(path, NULL);
    size_t len = 0;
    if (!real || hpr__read_file(real, (size_t)1 << 30, &data, &len) != HPR_OK) {
        free(real);
        return NULL;
    }
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, (const uint8_t *)data);
    sha256_digest(&c, sizeof d, d);
    hpr__free(data);
    size_t n = strlen(real);
    char *o = hpr__malloc(n + 8 + 2 * sizeof d + 1);
    if (o) {
        memcpy(o, real, n);
        memcpy(o + n, " sha256:", 8);
        for (size_t i = 0; i < sizeof d; i++)
            snprintf(o + n + 8 + 2 * i, 3, "%02x", d[i]);
    }
    free(real);
    return o;
}

/* The library's handle, opened once per registry, and its origin. */
static hpr_status open_library(hpr_extensions *x, const char *library, void **out, const char **origin)
{
    /* a path, never a name for the dynamic linker to search for: without a
     * '/' dlopen would look in LD_LIBRARY_PATH, the run path and the system
     * directories instead of the file named */
    char *rel = NULL;
    if (!strchr(library, '/')) {
        size_t len = strlen(library);
        if (!(rel = hpr__malloc(len + 3)))
            return hpr__seterr(HPR_ENOMEM, "out of memory loading extension library %s", library);
        memcpy(rel, "./", 2);
        memcpy(rel + 2, library, len + 1);
    }
    void *h = dlopen(rel ? rel : library, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        hpr__free(rel);
        const char *e = dlerror();
        return hpr__seterr(HPR_EIO, "cannot load extension library %s: %s", library, e ? e : "dlopen failed");
    }
    for (size_t i = 0; i < x->nlibs; i++)
        if (x->libs[i].h == h) { /* dlopen counts: close the extra reference */
            hpr__free(rel);
            dlclose(h);
            *out = h;
            *origin = x->libs[i].origin;
            return HPR_OK;
        }
    char *o = library_origin(rel ? rel : library);
    hpr__free(rel);
    struct xlib *v = o ? hpr__realloc(x->libs, (x->nlibs + 1) * sizeof *v) : NULL;
    if (!v) {
        dlclose(h);
        hpr__free(o);
        return hpr__seterr(HPR_ENOMEM, "out of memory loading %s (or it cannot be read)", library);
    }
    x->libs = v;
    x->libs[x->nlibs++] = (struct xlib){h, o};
    *out = h;
    *origin = o;
    return HPR_OK;
}

hpr_status hpr_extensions_load(hpr_extensions *x, const char *library, const char *name, const char *signature,
                               const char *symbol)
{
    if (!x || !library || !name || !signature)
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_load: %s is NULL",
                           !x ? "extensions" : !library ? "library" : !name ? "name" : "signature");
    if (atomic_load(&x->frozen))
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_load: the registry has compiled a policy and is immutable");
    void *h;
    const char *origin;
    hpr_status st = open_library(x, library, &h, &origin);
    if (st != HPR_OK)
        return st;
    dlerror();
    void *p = dlsym(h, symbol ? symbol : name);
    if (!p)
        return hpr__seterr(HPR_EIO, "extension library %s has no symbol %s", library, symbol ? symbol : name);
    hpr_extension_fn fn;
    memcpy(&fn, &p, sizeof fn); /* object to function pointer, as POSIX dlsym allows */
    if ((st = hpr_extensions_add(x, name, signature, fn)) == HPR_OK)
        x->fns[x->n - 1].origin = origin;
    return st;
}

hpr_status hpr_extensions_load_table(hpr_extensions *x, const char *library)
{
    if (!x || !library)
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_load_table: %s is NULL", !x ? "extensions" : "library");
    if (atomic_load(&x->frozen))
        return hpr__seterr(HPR_EINVAL, "hpr_extensions_load_table: the registry has compiled a policy and is "
                                       "immutable");
    void *h;
    const char *origin;
    hpr_status st = open_library(x, library, &h, &origin);
    if (st != HPR_OK)
        return st;
    const hpr_extension_entry *t = dlsym(h, "hpr_extension_table");
    if (!t)
        return hpr__seterr(HPR_EIO, "extension library %s exports no hpr_extension_table", library);
    for (size_t i = 0; t[i].name && i < 4096; i++) {
        if ((st = hpr_extensions_add(x, t[i].name, t[i].signature, t[i].fn)) != HPR_OK)
            return st;
        x->fns[x->n - 1].origin = origin;
    }
    return HPR_OK;
}

size_t hpr_extensions_count(const hpr_extensions *x) { return x ? x->n : 0; }

const char *hpr_extensions_get(const hpr_extensions *x, size_t i, const char **signature)
{
    if (signature)
        *signature = NULL;
    if (!x || i >= x->n)
        return NULL;
    if (signature)
        *signature = x->fns[i].sig_text;
    return x->fns[i].name;
}
