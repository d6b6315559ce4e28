/* SPDX-License-Identifier: MIT */
/* pandas object columns (numpy arrays of Python str) to the batch's C
 * columns in one pass each, for hpr.frames.settle_frame. pandas' own
 * conversions (factorize, to_datetime, astype("S")) dominate settle_frame
 * when used on a frame's seven object columns (docs/performance.md); these
 * read each str's UTF-8 in place and reuse the previous row's answer when the object is
 * the same one (read_csv shares the object of repeated values, and a
 * person's claims are adjacent).
 *
 * Each helper takes a 1-D object array through the buffer protocol
 * (format "O"), holds the GIL, and returns None when it meets a value it
 * does not convert exactly like the pandas path (a number, a list, a date
 * that is not YYYY-MM-DD ...): settle_frame then takes the pandas path
 * for that column, which also words the errors. */
/* Declared to SWIG in frames.i. */
#include "py_core.h" /* Python.h first, as CPython asks */

#include <string.h>


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

/* An ASCII str's characters, which are its UTF-8, read in place (what
 * almost every id, code and date is); NULL for any other object. */
static inline const char *py_ascii(PyObject *v, Py_ssize_t *len)
{
    if (!PyUnicode_CheckExact(v)
#if PY_VERSION_HEX < 0x030C0000
        || !PyUnicode_IS_READY(v)
#endif
        || !PyUnicode_IS_COMPACT_ASCII(v))
        return NULL;
    *len = PyUnicode_GET_LENGTH(v);
    return (const char *)PyUnicode_DATA(v);
}

/* The UTF-8 of a str (cached in the object, no copy for ASCII); NULL with
 * no Python error for anything else. */
static const char *py_utf8(PyObject *v, Py_ssize_t *len)
{
    const char *a = py_ascii(v, len);
    if (a)
        return a;
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

/* Each str of a column is its own heap object: reading a million of them
 * in turn waits on memory for each one unless it is asked for ahead (the
 * array of pointers is in hand). Half the time of a text column. */
#define PY_AHEAD 16
static inline void py_prefetch(const py_objects *c, size_t i)
{
#if defined(__GNUC__)
    if (i + PY_AHEAD < c->n)
        __builtin_prefetch(c->items[i + PY_AHEAD]);
#else
    (void)c, (void)i;
#endif
}

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
        py_prefetch(&c, i);
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

/* True when the claims are already in settling order: by person row, then
 * discharge date, then admission date (n int64, int32, int32 buffers), so
 * settle_frame needs no sort and no copies. */
PyObject *py_claims_in_order(PyObject *person, PyObject *discharge, PyObject *admission)
{
    Py_buffer b[3] = {{0}};
    PyObject *src[3] = {person, discharge, admission};
    const size_t size[3] = {sizeof(int64_t), sizeof(int32_t), sizeof(int32_t)};
    PyObject *out = NULL;
    for (int i = 0; i < 3; i++)
        if (PyObject_GetBuffer(src[i], &b[i], PyBUF_C_CONTIGUOUS) != 0)
            goto done;
    size_t n = (size_t)b[0].len / size[0];
    if ((size_t)b[0].len % size[0] || (size_t)b[1].len != n * size[1] || (size_t)b[2].len != n * size[2]) {
        PyErr_SetString(PyExc_ValueError, "expected n int64 person rows and n int32 discharge and admission days");
        goto done;
    }
    const int64_t *p = b[0].buf;
    const int32_t *d = b[1].buf, *a = b[2].buf;
    size_t i = 1;
    while (i < n && (p[i] > p[i - 1] ||
                     (p[i] == p[i - 1] && (d[i] > d[i - 1] || (d[i] == d[i - 1] && a[i] >= a[i - 1])))))
        i++;
    out = PyBool_FromLong(i >= n);
done:
    for (int k = 0; k < 3; k++)
        if (b[k].obj)
            PyBuffer_Release(&b[k]);
    return out;
}


/* The general path: Python's str hashes (computed once and cached in each
 * object), each match confirmed by PyUnicode_Compare, as pandas'
 * get_indexer does. Releases the two views. */
static PyObject *py_rows_by_str_hash(py_objects *c, py_objects *p)
{
    /* open addressing, at most half full: slot = (hash, person row + 1) */
    size_t cap = 16;
    while (cap < 2 * p->n)
        cap *= 2;
    typedef struct { Py_hash_t hash; int64_t row1; } slot_t;
    slot_t *table = PyMem_Calloc(cap, sizeof *table);
    PyObject *out = NULL;
    if (!table) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t k = 0; k < p->n; k++) {
        py_prefetch(p, k);
        PyObject *v = p->items[k];
        Py_hash_t h;
        if (!PyUnicode_Check(v) || (h = PyObject_Hash(v)) == -1)
            goto none;
        size_t i = (size_t)h & (cap - 1);
        for (; table[i].row1; i = (i + 1) & (cap - 1)) {
            if (table[i].hash != h)
                continue;
            int cmp = PyUnicode_Compare(v, p->items[table[i].row1 - 1]);
            if (cmp == -1 && PyErr_Occurred())
                goto done;
            if (cmp == 0)
                goto none; /* a duplicate id */
        }
        table[i].hash = h;
        table[i].row1 = (int64_t)k + 1;
    }
    out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(c->n * sizeof(int64_t)));
    if (!out)
        goto done;
    int64_t *row = (int64_t *)PyBytes_AS_STRING(out);
    PyObject *last = NULL;
    int64_t last_row = -1;
    for (size_t k = 0; k < c->n; k++) {
        py_prefetch(c, k);
        PyObject *v = c->items[k];
        if (v != last) { /* a person's claims are adjacent and share the object */
            Py_hash_t h;
            if (!PyUnicode_Check(v) || (h = PyObject_Hash(v)) == -1) {
                Py_CLEAR(out);
                goto none;
            }
            last_row = -1;
            for (size_t i = (size_t)h & (cap - 1); table[i].row1; i = (i + 1) & (cap - 1)) {
                if (table[i].hash != h)
                    continue;
                PyObject *w = p->items[table[i].row1 - 1];
                int cmp = v == w ? 0 : PyUnicode_Compare(v, w);
                if (cmp == -1 && PyErr_Occurred()) {
                    Py_CLEAR(out);
                    goto done;
                }
                if (cmp == 0) {
                    last_row = table[i].row1 - 1;
                    break;
                }
            }
            last = v;
        }
        row[k] = last_row;
    }
    goto done;
none:
    PyErr_Clear();
    out = py_none();
done:
    PyMem_Free(table);
    PyBuffer_Release(&c->view);
    PyBuffer_Release(&p->view);
    return out;
}

/* 64-bit FNV-1a over the bytes, then a final mix so the low bits (the
 * table index) depend on every byte; seeded per call. */
static uint64_t py_bytes_hash(const char *s, Py_ssize_t len, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (Py_ssize_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/* The usual case, every person id an ASCII str: a hash of the bytes (no
 * Python hash computed), and claims matched to persons in step when both
 * are in the same order (a run of a person's claims compared with the next
 * person's id: no lookup at all). A claim id that is another kind of str
 * is compared by its UTF-8, which equals an ASCII id's bytes exactly when
 * the two str are equal. 0, *result untouched, when a person id is not an
 * ASCII str; else 1 with *result as py_person_rows returns it (NULL with a
 * Python error on failure). */
static int py_rows_ascii(const py_objects *c, const py_objects *p, PyObject **result)
{
    size_t cap = 16;
    while (cap < 2 * p->n)
        cap *= 2;
    typedef struct { uint64_t hash; int64_t row1; } slot_t;
    slot_t *table = PyMem_Calloc(cap, sizeof *table);
    if (!table) {
        *result = PyErr_NoMemory();
        return 1;
    }
    uint64_t seed = (uint64_t)(uintptr_t)table * 0x9e3779b97f4a7c15ULL; /* varies per call */
    PyObject *out = NULL;
    /* the hashes first (the objects read in order), then the table with
     * each slot asked for ahead: the table is too big for the cache and
     * its slots are random */
    uint64_t *hash = PyMem_Malloc((p->n ? p->n : 1) * sizeof *hash);
    if (!hash) {
        PyMem_Free(table);
        *result = PyErr_NoMemory();
        return 1;
    }
    for (size_t k = 0; k < p->n; k++) {
        py_prefetch(p, k);
        Py_ssize_t len = 0;
        const char *s = py_ascii(p->items[k], &len);
        if (!s) { /* not all ASCII: the general path */
            PyMem_Free(hash);
            PyMem_Free(table);
            return 0;
        }
        hash[k] = py_bytes_hash(s, len, seed);
    }
    for (size_t k = 0; k < p->n; k++) {
#if defined(__GNUC__)
        if (k + PY_AHEAD < p->n)
            __builtin_prefetch(&table[hash[k + PY_AHEAD] & (cap - 1)]);
#endif
        Py_ssize_t len = 0;
        const char *s = py_ascii(p->items[k], &len);
        uint64_t h = hash[k];
        size_t i = (size_t)h & (cap - 1);
        for (; table[i].row1; i = (i + 1) & (cap - 1)) {
            if (table[i].hash != h)
                continue;
            Py_ssize_t olen = 0;
            const char *o = py_ascii(p->items[table[i].row1 - 1], &olen);
            if (olen == len && memcmp(o, s, (size_t)len) == 0) {
                out = py_none(); /* a duplicate id: the pandas path words it */
                goto done;
            }
        }
        table[i].hash = h;
        table[i].row1 = (int64_t)k + 1;
    }
    out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(c->n * sizeof(int64_t)));
    if (!out)
        goto done;
    int64_t *row = (int64_t *)PyBytes_AS_STRING(out);
    PyObject *last = NULL;
    int64_t last_row = -1;
    size_t next = 0; /* the person after the last one matched */
    for (size_t k = 0; k < c->n; k++) {
        py_prefetch(c, k);
        PyObject *v = c->items[k];
        if (v != last) { /* a person's claims are adjacent and share the object */
            if (!PyUnicode_Check(v)) {
                Py_SETREF(out, py_none());
                goto done;
            }
            Py_ssize_t len, nlen;
            const char *s = py_utf8(v, &len), *ns;
            last_row = -1;
            if (!s) {
                /* lone surrogates: equal to no ASCII id */
            } else if (next < p->n && (ns = py_ascii(p->items[next], &nlen)) && nlen == len &&
                       memcmp(ns, s, (size_t)len) == 0) {
                last_row = (int64_t)next++;
            } else {
                uint64_t h = py_bytes_hash(s, len, seed);
                for (size_t i = (size_t)h & (cap - 1); table[i].row1; i = (i + 1) & (cap - 1)) {
                    if (table[i].hash != h)
                        continue;
                    Py_ssize_t olen = 0;
                    const char *o = py_ascii(p->items[table[i].row1 - 1], &olen);
                    if (olen == len && memcmp(o, s, (size_t)len) == 0) {
                        last_row = table[i].row1 - 1;
                        next = (size_t)last_row + 1;
                        break;
                    }
                }
            }
            last = v;
        }
        row[k] = last_row;
    }
done:
    PyMem_Free(hash);
    PyMem_Free(table);
    *result = out;
    return 1;
}

/* Each claim's row in the persons (-1: not there) as n int64 in bytes, by
 * a hash join that gives what pandas' get_indexer gives: on the ids' bytes
 * when every person id is an ASCII str (py_rows_ascii), else on Python's
 * str hashes (py_rows_by_str_hash). None when an id is not a str or two
 * persons share an id: settle_frame's pandas path then decides and words
 * the error. */
PyObject *py_person_rows(PyObject *claim_ids, PyObject *person_ids)
{
    py_objects c, p;
    if (py_objects_get(claim_ids, &c) < 0)
        return NULL;
    if (py_objects_get(person_ids, &p) < 0) {
        PyBuffer_Release(&c.view);
        return NULL;
    }
    PyObject *out;
    if (py_rows_ascii(&c, &p, &out)) {
        PyBuffer_Release(&c.view);
        PyBuffer_Release(&p.view);
        return out;
    }
    return py_rows_by_str_hash(&c, &p);
}
