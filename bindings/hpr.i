/* SPDX-License-Identifier: MIT */
/* SWIG interface of the Python module hpr._core: declarations and typemaps
 * only; the C is in py_core.c, py_columns.c and py_frames.c (py_core.h).
 * Policy handles and the JSON entry points, with every failure raised as
 * hpr._core.CError(code, name, message, diagnostics); py_settle_columns
 * runs the columnar batch over buffers (numpy arrays) without copying
 * them. The Pythonic layer (python/hpr/__init__.py) maps CError to
 * exceptions that are also the natural Python ones. The wrapper is
 * generated at build time; never commit it. */
%module(package="hpr") core

%{
#define SWIG_FILE_WITH_INIT
#include "py_core.h"
%}

%init %{
    hpr_py_error = PyErr_NewException("hpr._core.CError", NULL, NULL);
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

/* Policy load flags, for Python. */
%constant unsigned int PY_POLICY_CONFINE_INCLUDES = HPR_POLICY_CONFINE_INCLUDES;

%newobject py_policy_describe;
%newobject py_policy_changes;
%newobject py_settle_json;
%newobject py_eligibility_json;

const char *py_version(void);
const char *py_translate(const char *lang, const char *english);
const char *py_payer_label(const char *payer, const char *lang);
hpr_policy *py_policy_load_file(const char *path, const char *base_dir, unsigned int flags,
                                const char *include_root, const char *catalog_dirs, PyObject *extensions);
hpr_policy *py_policy_load_buffer(const char *data, size_t len, const char *name, const char *base_dir,
                                  unsigned int flags, const char *include_root, const char *catalog_dirs,
                                  PyObject *extensions);
PyObject *py_extensions_new(void);
PyObject *py_extensions_add(PyObject *capsule, const char *name, const char *signature, unsigned long long address);
void py_extension_fail(const char *message);
void py_policy_free(hpr_policy *p);
const char *py_policy_id(const hpr_policy *p);
const char *py_policy_title(const hpr_policy *p);
const char *py_policy_fingerprint(const hpr_policy *p);
char *py_policy_describe(const hpr_policy *p);
hpr_policy *py_policy_derive(const hpr_policy *base, const char *data, size_t len, const char *name);
hpr_policy *py_policy_load_base(const hpr_policy *p);
char *py_policy_changes(const hpr_policy *p, const hpr_policy *base);
char *py_settle_json(const hpr_policy *p, const char *data, size_t len);
char *py_eligibility_json(const hpr_policy *p, const char *data, size_t len);
PyObject *py_vocabularies(void);

/* ---- the columnar batch over Python buffers --------------------------------- */

PyObject *py_policy_names(const hpr_policy *p);
PyObject *py_settle_columns(const hpr_policy *p, PyObject *persons, PyObject *claims, PyObject *results,
                            size_t npersons, size_t nclaims, unsigned int threads);

/* ---- the standards audit ------------------------------------------------------- */

typedef struct hpr_standards hpr_standards;
%newobject py_audit_json;
hpr_standards *py_standards_load_file(const char *path);
hpr_standards *py_standards_load_buffer(const char *data, size_t len, const char *name);
void py_standards_free(hpr_standards *s);
const char *py_standards_id(const hpr_standards *s);
const char *py_standards_title(const hpr_standards *s);
const char *py_standards_fingerprint(const hpr_standards *s);
char *py_audit_json(const hpr_standards *s, const char *registry_dir, PyObject *tables, const char *as_of,
                    const char *lang);

%include "frames.i"
