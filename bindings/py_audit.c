/* SPDX-License-Identifier: MIT */
/* hpr._core for the standards audit: standards handles, and one call that
 * reads a registry (a directory, or the four tables as CSV bytes that
 * python/hpr/standards.py writes from DataFrames), audits it and returns
 * the result as JSON. Declared to SWIG in hpr.i. */
#include "py_core.h" /* Python.h first, as CPython asks */

#include <stdbool.h>
#include <string.h>

static hpr_standards *py_standards_load(const char *path, const char *data, size_t len)
{
    hpr_standards *s = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st;
    Py_BEGIN_ALLOW_THREADS
    st = data ? hpr_standards_load_buffer(&s, &d, data, len, path)
              : hpr_standards_load_file(&s, &d, path);
    Py_END_ALLOW_THREADS
    if (st != HPR_OK)
        hpr_py_raise(st, d);
    hpr_diagnostics_free(d);
    return s;
}

hpr_standards *py_standards_load_file(const char *path) { return py_standards_load(path, NULL, 0); }

hpr_standards *py_standards_load_buffer(const char *data, size_t len, const char *name)
{
    return py_standards_load(name ? name : "<memory>", data ? data : "", len);
}

void py_standards_free(hpr_standards *s) { hpr_standards_free(s); }
const char *py_standards_id(const hpr_standards *s) { return hpr_standards_id(s); }
const char *py_standards_title(const hpr_standards *s) { return hpr_standards_title(s); }
const char *py_standards_fingerprint(const hpr_standards *s) { return hpr_standards_fingerprint(s); }

/* The registry from tables: a sequence of four (bytes, name) in table
 * order, either may be None for an empty table. */
static hpr_registry *registry_from_tables(PyObject *tables)
{
    if (!PySequence_Check(tables) || PySequence_Size(tables) != HPR_REGISTRY_TABLES) {
        PyErr_SetString(PyExc_TypeError, "tables: four (bytes, name) pairs");
        return NULL;
    }
    hpr_registry *reg = NULL;
    if (hpr_registry_new(&reg) != HPR_OK) {
        hpr_py_raise(HPR_ENOMEM, NULL);
        return NULL;
    }
    for (int t = 0; t < HPR_REGISTRY_TABLES; t++) {
        PyObject *pair = PySequence_GetItem(tables, t);
        const char *data = NULL, *name = NULL;
        Py_ssize_t len = 0;
        bool ok = pair && PyArg_ParseTuple(pair, "y#s", &data, &len, &name);
        hpr_status st = HPR_OK;
        if (ok) {
            Py_BEGIN_ALLOW_THREADS
            st = hpr_registry_read_csv(reg, (hpr_registry_table)t, data, (size_t)len, name);
            Py_END_ALLOW_THREADS
        }
        Py_XDECREF(pair);
        if (!ok || st != HPR_OK) {
            if (!PyErr_Occurred())
                hpr_py_raise(st, NULL);
            hpr_registry_free(reg);
            return NULL;
        }
    }
    if (hpr_registry_finish(reg) != HPR_OK) {
        hpr_py_raise(HPR_ENOMEM, NULL);
        hpr_registry_free(reg);
        return NULL;
    }
    return reg;
}

char *py_audit_json(const hpr_standards *s, const char *registry_dir, PyObject *tables,
                    const char *as_of, const char *lang)
{
    hpr_audit_options opts = HPR_AUDIT_OPTIONS_INIT;
    if (hpr_lang_parse(&opts.lang, lang ? lang : "en") != HPR_OK) {
        hpr_py_raise(HPR_EINVAL, NULL);
        return NULL;
    }
    hpr_date day;
    hpr_status st = hpr_date_parse(&day, as_of, strlen(as_of));
    if (st != HPR_OK) {
        hpr_py_raise(st, NULL);
        return NULL;
    }
    hpr_registry *reg = NULL;
    if (registry_dir) {
        Py_BEGIN_ALLOW_THREADS
        st = hpr_registry_load_dir(&reg, registry_dir);
        Py_END_ALLOW_THREADS
        if (st != HPR_OK) {
            hpr_py_raise(st, NULL);
            return NULL;
        }
    } else if (!(reg = registry_from_tables(tables))) {
        return NULL;
    }
    hpr_audit_result *r = NULL;
    char *json = NULL;
    Py_BEGIN_ALLOW_THREADS
    st = hpr_audit(&r, s, reg, day, &opts);
    if (st == HPR_OK)
        st = hpr_audit_to_json(r, &json, NULL);
    Py_END_ALLOW_THREADS
    if (st != HPR_OK)
        hpr_py_raise(st, NULL);
    hpr_audit_result_free(r);
    hpr_registry_free(reg);
    return json;
}
