/* SPDX-License-Identifier: MIT */
/* hpr._core: errors as hpr._core.CError, policy handles and the JSON entry
 * points, the GIL released while C works. Declared to SWIG in hpr.i. */
#include "py_core.h" /* Python.h first, as CPython asks */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

PyObject *hpr_py_error;

void hpr_py_raise(hpr_status st, const hpr_diagnostics *d)
{
    PyObject *diags = PyList_New(0);
    for (size_t i = 0; diags && d && i < hpr_diagnostics_count(d); i++) {
        const hpr_diagnostic *g = hpr_diagnostics_get(d, i);
        PyObject *t = Py_BuildValue("(sssiiss)", g->severity == HPR_SEVERITY_ERROR ? "error" : "warning",
                                    g->file ? g->file : "", "", g->line, g->column,
                                    g->pointer ? g->pointer : "", g->message ? g->message : "");
        if (t) {
            PyList_Append(diags, t);
            Py_DECREF(t);
        }
    }
    PyObject *args = Py_BuildValue("(issN)", (int)st, hpr_status_name(st),
                                   hpr_error_last()->message ? hpr_error_last()->message : "",
                                   diags ? diags : PyList_New(0));
    if (args) {
        PyErr_SetObject(hpr_py_error, args);
        Py_DECREF(args);
    }
}

const char *py_version(void) { return hpr_version_string(); }

/* A language code or locale name to hpr_lang; raises CError when not one. */
static bool py_lang(const char *code, hpr_lang *out)
{
    hpr_status st = hpr_lang_parse(out, code ? code : "");
    if (st != HPR_OK)
        hpr_py_raise(st, NULL);
    return st == HPR_OK;
}

const char *py_translate(const char *lang, const char *english)
{
    hpr_lang l;
    return py_lang(lang, &l) ? hpr_translate(l, english ? english : "") : NULL;
}

const char *py_payer_label(const char *payer, const char *lang)
{
    hpr_lang l;
    hpr_payer p;
    if (!py_lang(lang, &l))
        return NULL;
    if (hpr_payer_parse(&p, payer ? payer : "") != HPR_OK) {
        hpr_py_raise(HPR_EINVAL, NULL);
        return NULL;
    }
    return hpr_payer_label(p, l);
}

/* Loads from a file (data NULL) or from memory, the GIL released: a load
 * reads files and may take a while. catalog_dirs: directories separated
 * by newlines, or NULL. */
static hpr_policy *py_policy_load(const char *path, const char *data, size_t len, const char *base_dir,
                                  unsigned int flags, const char *include_root, const char *catalog_dirs,
                                  PyObject *extensions)
{
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_policy_options o;
    hpr_policy_options_init(&o, HPR_POLICY_OPTIONS_VERSION);
    o.base_dir = base_dir;
    o.flags = flags;
    o.include_root = include_root;
    if (extensions && extensions != Py_None) {
        o.extensions = PyCapsule_GetPointer(extensions, "hpr_extensions");
        if (!o.extensions)
            return NULL;
    }
    char *copy = catalog_dirs ? strdup(catalog_dirs) : NULL;
    const char *dirs[17] = {0};
    size_t n = 0;
    for (char *save = NULL, *t = copy ? strtok_r(copy, "\n", &save) : NULL; t && n < 16;
         t = strtok_r(NULL, "\n", &save))
        dirs[n++] = t;
    o.catalog_dirs = n ? dirs : NULL;
    hpr_status st;
    Py_BEGIN_ALLOW_THREADS
    st = data ? hpr_policy_load_buffer(&p, &d, data, len, path, &o) : hpr_policy_load_file(&p, &d, path, &o);
    Py_END_ALLOW_THREADS
    free(copy);
    if (st != HPR_OK)
        hpr_py_raise(st, d);
    hpr_diagnostics_free(d);
    return p;
}

hpr_policy *py_policy_load_file(const char *path, const char *base_dir, unsigned int flags,
                                const char *include_root, const char *catalog_dirs, PyObject *extensions)
{
    return py_policy_load(path, NULL, 0, base_dir, flags, include_root, catalog_dirs, extensions);
}

hpr_policy *py_policy_load_buffer(const char *data, size_t len, const char *name, const char *base_dir,
                                  unsigned int flags, const char *include_root, const char *catalog_dirs,
                                  PyObject *extensions)
{
    return py_policy_load(name, data ? data : "", len, base_dir, flags, include_root, catalog_dirs, extensions);
}

void py_policy_free(hpr_policy *p) { hpr_policy_free(p); }
const char *py_policy_id(const hpr_policy *p) { return hpr_policy_id(p); }
const char *py_policy_title(const hpr_policy *p) { return hpr_policy_title(p); }
const char *py_policy_fingerprint(const hpr_policy *p) { return hpr_policy_fingerprint(p); }

char *py_policy_describe(const hpr_policy *p)
{
    char *out = NULL;
    hpr_status st = hpr_policy_describe(&out, p);
    if (st != HPR_OK)
        hpr_py_raise(st, NULL);
    return out;
}

/* A reform from a base and a patch (hpr_policy_derive), the GIL released. */
hpr_policy *py_policy_derive(const hpr_policy *base, const char *data, size_t len, const char *name)
{
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st;
    Py_BEGIN_ALLOW_THREADS
    st = hpr_policy_derive(&p, &d, base, data, len, name, NULL);
    Py_END_ALLOW_THREADS
    if (st != HPR_OK)
        hpr_py_raise(st, d);
    hpr_diagnostics_free(d);
    return p;
}

/* The policy p extends, as it was merged (hpr_policy_load_base). */
hpr_policy *py_policy_load_base(const hpr_policy *p)
{
    hpr_policy *b = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st;
    Py_BEGIN_ALLOW_THREADS
    st = hpr_policy_load_base(&b, &d, p, NULL);
    Py_END_ALLOW_THREADS
    if (st != HPR_OK)
        hpr_py_raise(st, d);
    hpr_diagnostics_free(d);
    return b;
}

char *py_policy_changes(const hpr_policy *p, const hpr_policy *base)
{
    char *out = NULL;
    hpr_status st = hpr_policy_changes(&out, p, base);
    if (st != HPR_OK)
        hpr_py_raise(st, NULL);
    return out;
}

/* The JSON entry point, with the GIL released while C works. */
char *py_settle_json(const hpr_policy *p, const char *data, size_t len)
{
    char *out = NULL;
    hpr_status st;
    Py_BEGIN_ALLOW_THREADS
    st = hpr_settle_json(p, data, len, &out);
    Py_END_ALLOW_THREADS
    if (st != HPR_OK)
        hpr_py_raise(st, NULL);
    return out;
}

char *py_eligibility_json(const hpr_policy *p, const char *data, size_t len)
{
    char *out = NULL;
    hpr_status st;
    Py_BEGIN_ALLOW_THREADS
    st = hpr_eligibility_json(p, data, len, &out);
    Py_END_ALLOW_THREADS
    if (st != HPR_OK)
        hpr_py_raise(st, NULL);
    return out;
}

/* {"levels": [...], "locations": [...], ...}: the library's vocabularies
 * (hpr/names.h) in enum order, so Python keeps no copy of them. */
PyObject *py_vocabularies(void)
{
    PyObject *out = PyDict_New();
    const struct {
        const char *key;
        const char *(*name)(int);
    } lists[] = {
        {"levels", (const char *(*)(int))hpr_level_name},
        {"locations", (const char *(*)(int))hpr_location_name},
        {"claim_types", (const char *(*)(int))hpr_claim_type_name},
        {"payers", (const char *(*)(int))hpr_payer_name},
        {"buckets", (const char *(*)(int))hpr_bucket_name},
    };
    for (size_t k = 0; out && k < sizeof lists / sizeof *lists; k++) {
        PyObject *l = PyList_New(0);
        for (int v = 0; l && lists[k].name(v); v++) {
            PyObject *s = PyUnicode_FromString(lists[k].name(v));
            if (!s || PyList_Append(l, s) < 0)
                Py_CLEAR(l);
            Py_XDECREF(s);
        }
        if (!l || PyDict_SetItemString(out, lists[k].key, l) < 0)
            Py_CLEAR(out);
        Py_XDECREF(l);
    }
    PyObject *batches = out ? PyList_New(0) : NULL;
    for (int v = HPR_BATCH_NONE; batches && v <= HPR_BATCH_SEVERE_ILLNESS; v++) {
        PyObject *s = PyUnicode_FromString(hpr_batch_name((hpr_batch)v));
        if (!s || PyList_Append(batches, s) < 0)
            Py_CLEAR(batches);
        Py_XDECREF(s);
    }
    if (!batches || PyDict_SetItemString(out, "batches", batches) < 0)
        Py_CLEAR(out);
    Py_XDECREF(batches);
    return out;
}

/* ---- extension registries (hpr.Extensions) ------------------------------------- */

static void extensions_destroy(PyObject *capsule)
{
    hpr_extensions_free(PyCapsule_GetPointer(capsule, "hpr_extensions"));
}

PyObject *py_extensions_new(void)
{
    hpr_extensions *x = NULL;
    hpr_status st = hpr_extensions_create(&x);
    if (st != HPR_OK) {
        hpr_py_raise(st, NULL);
        return NULL;
    }
    PyObject *cap = PyCapsule_New(x, "hpr_extensions", extensions_destroy);
    if (!cap)
        hpr_extensions_free(x);
    return cap;
}

PyObject *py_extensions_add(PyObject *capsule, const char *name, const char *signature, unsigned long long address)
{
    hpr_extensions *x = PyCapsule_GetPointer(capsule, "hpr_extensions");
    if (!x)
        return NULL;
    hpr_extension_fn fn;
    uintptr_t a = (uintptr_t)address;
    memcpy(&fn, &a, sizeof fn); /* a ctypes function pointer's address */
    hpr_status st = hpr_extensions_add(x, name, signature, address ? fn : NULL);
    if (st != HPR_OK) {
        hpr_py_raise(st, NULL);
        return NULL;
    }
    Py_RETURN_NONE;
}

void py_extension_fail(const char *message) { hpr_extension_fail(message); }
