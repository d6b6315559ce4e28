/* SPDX-License-Identifier: MIT */
/* The hand-written C of the Python module hpr._core, compiled with the
 * project's warnings: py_core.c (errors, policies, JSON entry points),
 * py_columns.c (the columnar batch over buffers) and py_frames.c (pandas
 * object columns to C columns). hpr.i and frames.i declare these to SWIG
 * and hold the typemaps; the wrapper SWIG generates is the only code
 * built without warnings. Every function returning a pointer returns NULL
 * with a Python exception set on failure. */
#ifndef HPR_PY_CORE_H
#define HPR_PY_CORE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "hpr/hpr.h"

/* hpr._core.CError(code, name, message, diagnostics), made at module init. */
extern PyObject *hpr_py_error;

/* Raises CError from the thread's last libhpr error and optional diagnostics. */
void hpr_py_raise(hpr_status st, const hpr_diagnostics *d);

/* ---- py_core.c ---------------------------------------------------------------- */

const char *py_version(void);
/* hpr_translate and hpr_payer_label by language code ("en", "zh", a locale name). */
const char *py_translate(const char *lang, const char *english);
const char *py_payer_label(const char *payer, const char *lang);
/* Loads a policy, the GIL released (a load reads files and may take a
 * while). catalog_dirs: directories separated by newlines, or NULL. */
hpr_policy *py_policy_load_file(const char *path, const char *base_dir, unsigned int flags,
                                const char *include_root, const char *catalog_dirs, PyObject *extensions);
hpr_policy *py_policy_load_buffer(const char *data, size_t len, const char *name, const char *base_dir,
                                  unsigned int flags, const char *include_root, const char *catalog_dirs,
                                  PyObject *extensions);
void py_policy_free(hpr_policy *p);
const char *py_policy_id(const hpr_policy *p);
const char *py_policy_title(const hpr_policy *p);
const char *py_policy_fingerprint(const hpr_policy *p);
/* hpr_policy_describe; the caller frees the text with hpr_free. */
char *py_policy_describe(const hpr_policy *p);
hpr_policy *py_policy_derive(const hpr_policy *base, const char *data, size_t len, const char *name);
hpr_policy *py_policy_load_base(const hpr_policy *p);
char *py_policy_changes(const hpr_policy *p, const hpr_policy *base);
/* The JSON entry points, the GIL released while C works. */
char *py_settle_json(const hpr_policy *p, const char *data, size_t len);
char *py_eligibility_json(const hpr_policy *p, const char *data, size_t len);
/* {"levels": [...], "locations", "claim_types", "payers", "buckets",
 * "batches"}: the names of hpr/names.h in enum order. */
PyObject *py_vocabularies(void);

/* An extension registry as a capsule (freed with it); a function by the
 * address of a ctypes function pointer; hpr_extension_fail for callables
 * that raised. */
PyObject *py_extensions_new(void);
PyObject *py_extensions_add(PyObject *capsule, const char *name, const char *signature, unsigned long long address);
void py_extension_fail(const char *message);

/* ---- py_columns.c ------------------------------------------------------------- */

/* {"layers": [(id, payer)], "payers": [...], "categories": [...],
 * "monitors": [(id, label)]}: the names the batch's matrices use, in
 * column order. */
PyObject *py_policy_names(const hpr_policy *p);
/* hpr_settle_columns over dicts of buffers, the GIL released while C
 * works; returns the failed rows as [(row, status name, message)]. */
PyObject *py_settle_columns(const hpr_policy *p, PyObject *persons, PyObject *claims, PyObject *results,
                            size_t npersons, size_t nclaims, unsigned int threads);

/* ---- py_frames.c: pandas object columns to C columns (its comments say
 * what each returns); None means "take the pandas path for this column". */
PyObject *py_text_offsets(PyObject *column);
PyObject *py_enum_codes(PyObject *column, PyObject *names);
PyObject *py_iso_dates(PyObject *column);
PyObject *py_claims_in_order(PyObject *person, PyObject *discharge, PyObject *admission);
PyObject *py_person_rows(PyObject *claim_ids, PyObject *person_ids);

/* ---- py_audit.c: the standards audit ------------------------------------------ */

hpr_standards *py_standards_load_file(const char *path);
hpr_standards *py_standards_load_buffer(const char *data, size_t len, const char *name);
void py_standards_free(hpr_standards *s);
const char *py_standards_id(const hpr_standards *s);
const char *py_standards_title(const hpr_standards *s);
const char *py_standards_fingerprint(const hpr_standards *s);
/* Audits a registry directory, or (registry_dir NULL) four (bytes, name)
 * CSV tables, on as_of (YYYY-MM-DD); the result's JSON, freed with hpr_free. */
char *py_audit_json(const hpr_standards *s, const char *registry_dir, PyObject *tables,
                    const char *as_of, const char *lang);

#endif
