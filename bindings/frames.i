/* SPDX-License-Identifier: MIT */
/* pandas object columns to the batch's C columns, for
 * hpr.frames.settle_frame (the C is bindings/py_frames.c). */

PyObject *py_text_offsets(PyObject *column);
PyObject *py_enum_codes(PyObject *column, PyObject *names);
PyObject *py_iso_dates(PyObject *column);
PyObject *py_claims_in_order(PyObject *person, PyObject *discharge, PyObject *admission);
PyObject *py_person_rows(PyObject *claim_ids, PyObject *person_ids);
