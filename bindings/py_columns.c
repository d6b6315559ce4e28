/* SPDX-License-Identifier: MIT */
/* hpr._core.py_settle_columns: the columnar batch over Python buffers
 * (numpy arrays), read in place, and the names of its matrices' columns.
 * Declared to SWIG in hpr.i. */
#include "py_core.h" /* Python.h first, as CPython asks */

#include <string.h>


#define PY_MAXBUFS 48
typedef struct py_bufs {
    Py_buffer v[PY_MAXBUFS];
    int n;
} py_bufs;

static void py_bufs_release(py_bufs *b)
{
    for (int i = 0; i < b->n; i++)
        PyBuffer_Release(&b->v[i]);
    b->n = 0;
}

/* `count` integers of `size` bytes from a buffer object (a numpy array). */
static int py_int_buf(PyObject *o, const char *name, int writable, size_t size, size_t count,
                      py_bufs *b, void **out)
{
    if (b->n == PY_MAXBUFS) {
        PyErr_SetString(PyExc_RuntimeError, "too many columns");
        return -1;
    }
    Py_buffer *v = &b->v[b->n];
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(o, v, flags) != 0)
        return -1;
    b->n++;
    const char *f = v->format && *v->format ? v->format : "B";
    char kind = f[strlen(f) - 1];
    if ((size_t)v->itemsize != size || !kind || !strchr("bBhHiIlLqQ", kind) || (size_t)v->len != count * size) {
        PyErr_Format(PyExc_TypeError, "column %s: expected %zu %d-byte integers, got %zd bytes of format '%s'",
                     name, count, (int)size, v->len, f);
        return -1;
    }
    *out = v->buf;
    return 0;
}

/* dict[name] as integers, NULL when absent or None. */
static int py_int_col(PyObject *dict, const char *name, int required, int writable, size_t size,
                      size_t count, py_bufs *b, void **out)
{
    *out = NULL;
    PyObject *o = PyDict_GetItemString(dict, name);
    if (!o || o == Py_None) {
        if (required && count) {
            PyErr_Format(PyExc_ValueError, "the column %s is required", name);
            return -1;
        }
        return 0;
    }
    return py_int_buf(o, name, writable, size, count, b, out);
}

/* dict[name] as a text column: (data, offsets or None, width). */
static int py_text_col(PyObject *dict, const char *name, int required, size_t n, py_bufs *b,
                       hpr_text_column *out)
{
    memset(out, 0, sizeof *out);
    PyObject *o = PyDict_GetItemString(dict, name);
    if (!o || o == Py_None) {
        if (required && n) {
            PyErr_Format(PyExc_ValueError, "the column %s is required", name);
            return -1;
        }
        return 0;
    }
    PyObject *data, *offs;
    Py_ssize_t width;
    if (!PyTuple_Check(o) || !PyArg_ParseTuple(o, "OOn", &data, &offs, &width)) {
        PyErr_Format(PyExc_TypeError, "column %s: a text column is (data, offsets or None, width)", name);
        return -1;
    }
    if (b->n == PY_MAXBUFS) {
        PyErr_SetString(PyExc_RuntimeError, "too many columns");
        return -1;
    }
    Py_buffer *v = &b->v[b->n];
    if (PyObject_GetBuffer(data, v, PyBUF_C_CONTIGUOUS) != 0)
        return -1;
    b->n++;
    out->data = v->len ? v->buf : "";
    if (offs == Py_None) {
        if (width <= 0 || (size_t)v->len < n * (size_t)width) {
            PyErr_Format(PyExc_ValueError, "column %s: %zd bytes do not hold %zu cells of width %zd",
                         name, v->len, n, width);
            return -1;
        }
        out->width = (size_t)width;
        return 0;
    }
    void *p;
    if (py_int_buf(offs, name, 0, 8, n + 1, b, &p) < 0)
        return -1;
    const int64_t *off = p;
    /* the C API trusts offsets within data: check them here */
    for (size_t i = 0; i < n; i++)
        if (off[i] < 0 || off[i + 1] < off[i] || off[i + 1] > (int64_t)v->len) {
            PyErr_Format(PyExc_ValueError, "column %s: offsets[%zu..%zu] are not within the data", name,
                         i, i + 1);
            return -1;
        }
    out->offsets = off;
    return 0;
}

/* Fills the column structs from dicts of buffers; -1 with a Python error. */
static int py_columns(PyObject *pd, PyObject *cd, PyObject *rd, size_t np, size_t nc, size_t nl,
                      size_t npay, py_bufs *b, hpr_person_columns *P, hpr_claim_columns *C,
                      hpr_result_columns *R)
{
    if (!PyDict_Check(pd) || !PyDict_Check(cd) || !PyDict_Check(rd)) {
        PyErr_SetString(PyExc_TypeError, "persons, claims and results are dicts of columns");
        return -1;
    }
    hpr_columns_init(P, sizeof *P, HPR_PERSON_COLUMNS_VERSION);
    hpr_columns_init(C, sizeof *C, HPR_CLAIM_COLUMNS_VERSION);
    hpr_columns_init(R, sizeof *R, HPR_RESULT_COLUMNS_VERSION);
    P->nrows = np;
    C->nrows = R->nrows = nc;
    void *x;
#define INT(d, name, req, w, sz, cnt, dst)                                                       \
    do {                                                                                         \
        if (py_int_col(d, name, req, w, sz, cnt, b, &x) < 0)                                     \
            return -1;                                                                           \
        dst = x;                                                                                 \
    } while (0)
#define TEXT(d, name, req, n, dst)                                                               \
    do {                                                                                         \
        if (py_text_col(d, name, req, n, b, &dst) < 0)                                           \
            return -1;                                                                           \
    } while (0)
    TEXT(pd, "id", 1, np, P->id);
    INT(pd, "birth_date", 1, 0, 4, np, P->birth_date);
    TEXT(pd, "statuses", 0, np, P->statuses);
    TEXT(pd, "enrollments", 0, np, P->enrollments);
    INT(pd, "family_doctor", 0, 0, 4, np, P->family_doctor);
    INT(pd, "income_per_capita", 0, 0, 8, np, P->income_per_capita);
    INT(pd, "household_size", 0, 0, 4, np, P->household_size);
    INT(cd, "person", 1, 0, 8, nc, C->person);
    TEXT(cd, "id", 1, nc, C->id);
    INT(cd, "type", 1, 0, 4, nc, C->type);
    INT(cd, "admission_date", 1, 0, 4, nc, C->admission_date);
    INT(cd, "discharge_date", 0, 0, 4, nc, C->discharge_date);
    INT(cd, "level", 1, 0, 4, nc, C->level);
    INT(cd, "location", 1, 0, 4, nc, C->location);
    INT(cd, "referral", 0, 0, 4, nc, C->referral);
    TEXT(cd, "facility_id", 0, nc, C->facility_id);
    TEXT(cd, "designated", 0, nc, C->designated);
    TEXT(cd, "diagnoses", 0, nc, C->diagnoses);
    TEXT(cd, "case_group", 0, nc, C->case_group);
    INT(cd, "total", 0, 0, 8, nc, C->total);
    INT(cd, "in_scope", 1, 0, 8, nc, C->in_scope);
    INT(cd, "class_b_self", 0, 0, 8, nc, C->class_b_self);
    INT(cd, "out_of_catalog", 0, 0, 8, nc, C->out_of_catalog);
    INT(cd, "waiver", 0, 0, 8, nc, C->waiver);
    INT(rd, "status", 1, 1, 4, nc, R->status);
    INT(rd, "batch", 0, 1, 4, nc, R->batch);
    INT(rd, "categories", 0, 1, 8, nc, R->categories);
    INT(rd, "crossed", 0, 1, 8, nc, R->crossed);
    INT(rd, "total", 0, 1, 8, nc, R->total);
    INT(rd, "paid", 0, 1, 8, nc, R->paid);
    INT(rd, "patient", 0, 1, 8, nc, R->patient);
    INT(rd, "patient_year", 0, 1, 8, nc, R->patient_year);
    INT(rd, "layer_paid", 0, 1, 8, nc * nl, R->layer_paid);
    INT(rd, "payer_paid", 0, 1, 8, nc * npay, R->payer_paid);
#undef INT
#undef TEXT
    return 0;
}

/* Names the batch's matrices use, in column order. */
PyObject *py_policy_names(const hpr_policy *p)
{
    size_t nl = hpr_policy_layer_count(p), np = hpr_policy_payer_count(p);
    size_t nc = hpr_policy_category_count(p), nm = hpr_policy_monitor_count(p);
    PyObject *layers = PyList_New(0), *payers = PyList_New(0), *cats = PyList_New(0), *mons = PyList_New(0);
    for (size_t i = 0; layers && i < nl; i++) {
        const char *payer;
        const char *id = hpr_policy_layer(p, i, &payer);
        PyObject *t = Py_BuildValue("(ss)", id, payer);
        if (t) { PyList_Append(layers, t); Py_DECREF(t); }
    }
    for (size_t i = 0; payers && i < np; i++) {
        PyObject *t = PyUnicode_FromString(hpr_policy_payer(p, i));
        if (t) { PyList_Append(payers, t); Py_DECREF(t); }
    }
    for (size_t i = 0; cats && i < nc; i++) {
        PyObject *t = PyUnicode_FromString(hpr_policy_category(p, i));
        if (t) { PyList_Append(cats, t); Py_DECREF(t); }
    }
    for (size_t i = 0; mons && i < nm; i++) {
        const char *label;
        const char *id = hpr_policy_monitor(p, i, &label);
        PyObject *t = Py_BuildValue("(ss)", id, label ? label : id);
        if (t) { PyList_Append(mons, t); Py_DECREF(t); }
    }
    if (PyErr_Occurred()) {
        Py_XDECREF(layers); Py_XDECREF(payers); Py_XDECREF(cats); Py_XDECREF(mons);
        return NULL;
    }
    return Py_BuildValue("{sNsNsNsN}", "layers", layers, "payers", payers, "categories", cats,
                         "monitors", mons);
}

/* hpr_settle_columns over dicts of buffers, the GIL released while C
 * works; returns the failed rows as [(row, status name, message)]. */
PyObject *py_settle_columns(const hpr_policy *p, PyObject *persons, PyObject *claims, PyObject *results,
                            size_t npersons, size_t nclaims, unsigned int threads)
{
    py_bufs b = {.n = 0};
    hpr_person_columns P;
    hpr_claim_columns C;
    hpr_result_columns R;
    if (py_columns(persons, claims, results, npersons, nclaims, hpr_policy_layer_count(p),
                   hpr_policy_payer_count(p), &b, &P, &C, &R) < 0) {
        py_bufs_release(&b);
        return NULL;
    }
    hpr_row_errors *errs = NULL;
    hpr_columns_options o;
    hpr_columns_init(&o, sizeof o, HPR_COLUMNS_OPTIONS_VERSION);
    o.threads = threads;
    hpr_status st;
    Py_BEGIN_ALLOW_THREADS
    st = hpr_row_errors_create(&errs);
    if (st == HPR_OK)
        st = hpr_settle_columns(p, &P, &C, &R, errs, &o);
    Py_END_ALLOW_THREADS
    py_bufs_release(&b);
    if (st != HPR_OK) {
        hpr_row_errors_free(errs);
        hpr_py_raise(st, NULL);
        return NULL;
    }
    size_t n = hpr_row_errors_count(errs);
    PyObject *out = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; out && i < n; i++) {
        size_t row = 0;
        hpr_status code = HPR_OK;
        const char *m = hpr_row_errors_get(errs, i, &row, &code);
        PyObject *t = Py_BuildValue("(nss)", (Py_ssize_t)row, hpr_status_name(code), m);
        if (!t) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)i, t);
    }
    hpr_row_errors_free(errs);
    return out;
}
