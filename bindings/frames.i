/* SPDX-License-Identifier: MIT */
/* pandas object columns (numpy arrays of Python str) to the batch's C
 * columns in one pass each, for hpr.frames.settle_frame. pandas' own
 * conversions (factorize, to_datetime, astype("S")) cost 35-60 ns a row
 * and a million-claim frame has seven such columns; these read each str's
 * UTF-8 in place and reuse the previous row's answer when the object is
 * the same one (read_csv shares the object of repeated values, and a
 * person's claims are adjacent).
 *
 * Each helper takes a 1-D object array through the buffer protocol
 * (format "O"), holds the GIL, and returns None when it meets a value it
 * does not convert exactly like the pandas path (a number, a list, a date
 * that is not YYYY-MM-DD ...): settle_frame then takes the pandas path
 * for that column, which also words the errors. */

%{
typedef struct py_objects {
    Py_buffer view;
    PyObject **items;
    size_t n;
} py_objects;

/* A 1-D array of Python objects, borrowed for the call. */
static int py_objects_get(PyObject *o, py_objects *out)
{
    memset(out, 0, sizeof *out);
    if (PyObject_GetBuffer(o, &out->view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) != 0)
        return -1;
    if (!out->view.format || strcmp(out->view.format, "O") != 0 || out->view.itemsize != sizeof(PyObject *) ||
        out->view.ndim != 1) {
        PyBuffer_Release(&out->view);
        PyErr_SetString(PyExc_TypeError, "expected a 1-D numpy array of objects");
        return -1;
    }
    out->items = out->view.buf;
    out->n = (size_t)out->view.len / sizeof(PyObject *);
    return 0;
}

/* A missing value the pandas path turns into "": None or a float NaN. */
static int py_is_missing(PyObject *v)
{
    return v == Py_None || (PyFloat_CheckExact(v) && PyFloat_AS_DOUBLE(v) != PyFloat_AS_DOUBLE(v));
}

/* The UTF-8 of a str (cached in the object, no copy for ASCII); NULL with
 * no Python error for anything else. */
static const char *py_utf8(PyObject *v, Py_ssize_t *len)
{
    if (!PyUnicode_Check(v))
        return NULL;
    const char *s = PyUnicode_AsUTF8AndSize(v, len);
    if (!s)
        PyErr_Clear(); /* lone surrogates: not text; the pandas path decides */
    return s;
}

/* The answers for recently seen objects, by address: a column of a few
 * hundred distinct values (read_csv shares their objects) is converted
 * once per value. Local to one call; objects are alive for its length. */
#define PY_SEEN 1024
typedef struct py_seen {
    PyObject *obj;
    int32_t value;
} py_seen;

static size_t py_seen_slot(PyObject *v)
{
    return ((uintptr_t)v >> 4) % PY_SEEN; /* objects are 16-byte aligned */
}

static PyObject *py_none(void)
{
    Py_RETURN_NONE;
}
%}

%inline %{
/* Text cells as the Arrow layout: (data bytes, offsets bytes of n + 1
 * int64); None and NaN are empty cells; None when a cell is anything else
 * but a str. */
PyObject *py_text_offsets(PyObject *column)
{
    py_objects c;
    if (py_objects_get(column, &c) < 0)
        return NULL;
    /* one pass over the objects: the data grows by doubling, then shrinks */
    Py_ssize_t cap = (Py_ssize_t)(c.n * 8 + 64);
    PyObject *offsets = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)((c.n + 1) * sizeof(int64_t)));
    PyObject *data = offsets ? PyBytes_FromStringAndSize(NULL, cap) : NULL, *out = NULL;
    if (!data)
        goto done;
    int64_t *off = (int64_t *)PyBytes_AS_STRING(offsets);
    off[0] = 0;
    for (size_t i = 0; i < c.n; i++) {
        PyObject *v = c.items[i];
        Py_ssize_t len = 0;
        const char *s = py_is_missing(v) ? "" : py_utf8(v, &len);
        if (!s) {
            out = py_none();
            goto done;
        }
        if (off[i] + len > cap) {
            while (off[i] + len > cap)
                cap *= 2;
            if (_PyBytes_Resize(&data, cap) < 0) /* frees data on failure */
                goto done;
        }
        memcpy(PyBytes_AS_STRING(data) + off[i], s, (size_t)len);
        off[i + 1] = off[i] + len;
    }
    if (_PyBytes_Resize(&data, (Py_ssize_t)off[c.n]) == 0)
        out = PyTuple_Pack(2, data, offsets);
done:
    Py_XDECREF(data);
    Py_XDECREF(offsets);
    PyBuffer_Release(&c.view);
    return out;
}

/* Names to their index in `names` (a tuple of str) as n int32 in bytes;
 * -1 for a missing value, an unknown name or anything that is not a str,
 * which is what the pandas path gives too. */
PyObject *py_enum_codes(PyObject *column, PyObject *names)
{
    if (!PyTuple_Check(names)) {
        PyErr_SetString(PyExc_TypeError, "names must be a tuple of str");
        return NULL;
    }
    py_objects c;
    if (py_objects_get(column, &c) < 0)
        return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(c.n * sizeof(int32_t)));
    if (out) {
        int32_t *code = (int32_t *)PyBytes_AS_STRING(out);
        py_seen seen[PY_SEEN];
        memset(seen, 0, sizeof seen);
        for (size_t i = 0; i < c.n; i++) {
            PyObject *v = c.items[i];
            py_seen *e = &seen[py_seen_slot(v)];
            if (e->obj != v) {
                e->obj = v;
                e->value = -1;
                Py_ssize_t len;
                const char *s = py_utf8(v, &len);
                for (Py_ssize_t k = 0; s && k < PyTuple_GET_SIZE(names); k++) {
                    Py_ssize_t nlen;
                    const char *name = py_utf8(PyTuple_GET_ITEM(names, k), &nlen);
                    if (name && nlen == len && memcmp(name, s, (size_t)len) == 0) {
                        e->value = (int32_t)k;
                        break;
                    }
                }
            }
            code[i] = e->value;
        }
    }
    PyBuffer_Release(&c.view);
    return out;
}

/* "YYYY-MM-DD" str cells to days since 1970-01-01 as n int32 in bytes;
 * None when a cell is anything else (a missing value, another format, a
 * day that does not exist). */
PyObject *py_iso_dates(PyObject *column)
{
    py_objects c;
    if (py_objects_get(column, &c) < 0)
        return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(c.n * sizeof(int32_t)));
    if (out) {
        int32_t *day = (int32_t *)PyBytes_AS_STRING(out);
        py_seen seen[PY_SEEN];
        memset(seen, 0, sizeof seen);
        for (size_t i = 0; i < c.n; i++) {
            PyObject *v = c.items[i];
            py_seen *e = &seen[py_seen_slot(v)];
            if (e->obj != v) {
                Py_ssize_t len;
                const char *s = py_utf8(v, &len);
                hpr_date d;
                if (!s || hpr_date_parse(&d, s, (size_t)len) != HPR_OK) {
                    Py_DECREF(out);
                    out = py_none();
                    break;
                }
                e->obj = v;
                e->value = d;
            }
            day[i] = e->value;
        }
    }
    PyBuffer_Release(&c.view);
    return out;
}

/* Python's hash of each str cell (computed once per object and cached in
 * it) as n int64 in bytes, for a join on pandas' hash tables; None when a
 * cell is not a str. Equal hashes do not prove equal ids: py_ids_match
 * checks the rows a join found. */
PyObject *py_str_hashes(PyObject *column)
{
    py_objects c;
    if (py_objects_get(column, &c) < 0)
        return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(c.n * sizeof(int64_t)));
    if (out) {
        int64_t *h = (int64_t *)PyBytes_AS_STRING(out);
        PyObject *last = NULL;
        Py_hash_t last_hash = 0;
        for (size_t i = 0; i < c.n; i++) {
            PyObject *v = c.items[i];
            if (v != last) { /* a person's claims are adjacent and share the object */
                if (!PyUnicode_Check(v) || (last_hash = PyObject_Hash(v)) == -1) {
                    PyErr_Clear();
                    Py_DECREF(out);
                    out = py_none();
                    break;
                }
                last = v;
            }
            h[i] = (int64_t)last_hash;
        }
    }
    PyBuffer_Release(&c.view);
    return out;
}

/* True when every claim id equals the id of the person row found for it
 * (rows: n int64, -1 for none, as a buffer); False when one does not or a
 * row is out of range. */
PyObject *py_ids_match(PyObject *claim_ids, PyObject *person_ids, PyObject *rows)
{
    py_objects c, p;
    Py_buffer r = {0};
    int ok = 0;
    if (py_objects_get(claim_ids, &c) < 0)
        return NULL;
    if (py_objects_get(person_ids, &p) < 0) {
        PyBuffer_Release(&c.view);
        return NULL;
    }
    if (PyObject_GetBuffer(rows, &r, PyBUF_C_CONTIGUOUS) != 0)
        goto done;
    if ((size_t)r.len != c.n * sizeof(int64_t)) {
        PyErr_SetString(PyExc_ValueError, "rows must hold one int64 per claim");
        goto done;
    }
    const int64_t *row = r.buf;
    PyObject *last = NULL;
    int64_t last_row = -2;
    ok = 1;
    for (size_t i = 0; ok && i < c.n; i++) {
        if (row[i] < 0 || (c.items[i] == last && row[i] == last_row))
            continue;
        if ((size_t)row[i] >= p.n) {
            ok = 0;
            break;
        }
        PyObject *a = c.items[i], *b = p.items[row[i]];
        Py_ssize_t la, lb;
        const char *sa = a == b ? NULL : py_utf8(a, &la), *sb = a == b ? NULL : py_utf8(b, &lb);
        ok = a == b || (sa && sb && la == lb && memcmp(sa, sb, (size_t)la) == 0);
        last = a;
        last_row = row[i];
    }
done:
    if (r.obj)
        PyBuffer_Release(&r);
    PyBuffer_Release(&c.view);
    PyBuffer_Release(&p.view);
    if (PyErr_Occurred())
        return NULL;
    return PyBool_FromLong(ok);
}
%}
