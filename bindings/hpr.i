/* SPDX-License-Identifier: MIT */
/* SWIG interface of the Python module hpr._hpr: policy handles and the JSON
 * entry points, with every failure raised as hpr._hpr.CError(code, name,
 * message, diagnostics). The Pythonic layer (python/hpr/__init__.py) maps
 * CError to exceptions that are also the natural Python ones. The wrapper
 * is generated at build time; never commit it. */
%module(package="hpr") _hpr

%{
#define SWIG_FILE_WITH_INIT
#include <string.h>
#include "hpr/hpr.h"

static PyObject *hpr_py_error;

/* Raises CError from the thread's last libhpr error and optional diagnostics. */
static void hpr_py_raise(hpr_status st, const hpr_diagnostics *d)
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
%}

%init %{
    hpr_py_error = PyErr_NewException("hpr._hpr.CError", NULL, NULL);
    Py_XINCREF(hpr_py_error);
    PyModule_AddObject(m, "CError", hpr_py_error);
%}

/* Strings the library allocates become Python str and are freed. */
%typemap(newfree) char * "hpr_free($1);";

/* A NULL result means the helper raised. */
%exception {
    $action
    if (PyErr_Occurred()) SWIG_fail;
}

/* Request and document text: any bytes-like object, read in place. */
%typemap(in) (const char *data, size_t len) (Py_buffer view) {
    view.obj = NULL;
    if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) != 0)
        SWIG_fail;
    $1 = (const char *)view.buf;
    $2 = (size_t)view.len;
}
%typemap(freearg) (const char *data, size_t len) {
    if (view$argnum.obj)
        PyBuffer_Release(&view$argnum);
}

typedef struct hpr_policy hpr_policy;

%newobject py_policy_describe;
%newobject py_settle_json;
%newobject py_eligibility_json;

%inline %{
const char *py_version(void) { return hpr_version_string(); }

hpr_policy *py_policy_load_file(const char *path, const char *base_dir)
{
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_policy_options o;
    hpr_policy_options_init(&o, HPR_POLICY_OPTIONS_VERSION);
    o.base_dir = base_dir;
    hpr_status st = hpr_policy_load_file(&p, &d, path, &o);
    if (st != HPR_OK)
        hpr_py_raise(st, d);
    hpr_diagnostics_free(d);
    return p;
}

hpr_policy *py_policy_load_buffer(const char *data, size_t len, const char *name, const char *base_dir)
{
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_policy_options o;
    hpr_policy_options_init(&o, HPR_POLICY_OPTIONS_VERSION);
    o.base_dir = base_dir;
    hpr_status st = hpr_policy_load_buffer(&p, &d, data, len, name, &o);
    if (st != HPR_OK)
        hpr_py_raise(st, d);
    hpr_diagnostics_free(d);
    return p;
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
%}
