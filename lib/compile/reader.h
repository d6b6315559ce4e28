/* SPDX-License-Identifier: MIT */
/* Typed, located reads of a policy document: every problem becomes a
 * diagnostic with file, line, column and JSON pointer, and reading goes on
 * so that one load reports every problem. Section compilers (metadata,
 * parameters, layers, catalogs) are written against this. */
#ifndef HPR_READER_H
#define HPR_READER_H

#include "json/diag.h"
#include "json/jdoc.h"
#include "json/pointer.h"
#include "model/param.h"
#include "model/policy.h"
#include "model/source.h"

struct hpr_policy;
struct hpr__chain;

typedef struct hpr__reader {
    const hpr__jdoc *doc;
    hpr_diagnostics *diag;
    const char *file;
    const cJSON *root;        /* the document being compiled (merged, for an inheriting policy) */
    const struct hpr__chain *chain; /* the documents an inheriting policy merged (extends.h), or NULL */
    hpr__buf path;            /* JSON pointer of the value being read */
    hpr__arena *arena;        /* compiled data lives here */
    struct hpr_policy *policy; /* NULL when reading a standards document */
    hpr__source **sources;     /* where "sources" is read to: what a "ref" may cite */
    size_t *nsources;
    hpr__param **params;      /* every parameter read, for lookup by pointer */
    size_t nparams;
    size_t capparams;
    bool oom;
    void *fingerprint;        /* struct sha256_ctx of the document and its includes */
    bool confine_includes;    /* HPR_POLICY_CONFINE_INCLUDES */
    const char *include_root; /* with it: the tree includes stay in; NULL: the policy's directory */
    const char *const *catalog_dirs; /* searched for an include not next to the policy; NULL-terminated */
    struct hpr_extensions *extensions; /* the application's registry, or NULL */
    const hpr__pdoc *bundle;  /* catalog files read before (a derived policy's base's): used before the disk */
    size_t nbundle;
    hpr__pdoc *kept;          /* catalog files read, text in the arena, for the policy to keep */
    size_t nkept, capkept;
} hpr__reader;

/* Where a node was written: its position, and the file and directory of
 * the document of the chain it came from (r->file and base_dir when it is
 * not from one). NULL when the node has no position. */
const hpr__jpos *hpr__rd_pos(const hpr__reader *r, const cJSON *node, const char **file,
                             const char **dir);
/* The exact source text of a number node, from whichever document wrote it. */
const char *hpr__rd_raw(const hpr__reader *r, const cJSON *node, size_t *len);
/* HPR_POLICY_CONFINE_INCLUDES: rel (the path as written at node) and
 * path (as resolved from dir) stay inside the include root (or dir).
 * Reports "cannot <verb> ..." and returns false otherwise. */
bool hpr__rd_confined(hpr__reader *r, const cJSON *node, const char *rel, const char *path,
                      const char *dir, const char *verb);

/* JSON pointer maintenance: push returns the length to pop back to. */
size_t hpr__rd_push(hpr__reader *r, const char *key);
size_t hpr__rd_push_index(hpr__reader *r, size_t index);
void hpr__rd_pop(hpr__reader *r, size_t mark);

/* Report at a value (or, for _key, at a member's name). */
void hpr__rd_error(hpr__reader *r, const cJSON *node, const char *fmt, ...) HPR__PRINTF(3, 4);
void hpr__rd_warn(hpr__reader *r, const cJSON *node, const char *fmt, ...) HPR__PRINTF(3, 4);
void hpr__rd_error_key(hpr__reader *r, const cJSON *member, const char *fmt, ...) HPR__PRINTF(3, 4);

/* The node is an object whose keys are all in `allowed` (NULL-terminated;
 * NULL allows any) and appear once. Reports and returns false otherwise. */
/* The name closest to word (a typo's worth of edits away), or NULL; names
 * is NULL-terminated when n is SIZE_MAX. For "did you mean" hints. */
const char *hpr__closest(const char *word, const char *const *names, size_t n);
bool hpr__rd_object(hpr__reader *r, const cJSON *node, const char *what,
                    const char *const *allowed);
/* An array; reports and returns false otherwise. */
bool hpr__rd_array(hpr__reader *r, const cJSON *node, const char *what);
/* The object's member `key`, or NULL; reports it if required and absent. */
const cJSON *hpr__rd_member(hpr__reader *r, const cJSON *obj, const char *key, bool required);

/* Typed members. Each returns true when the member is valid or absent and
 * not required; `*present` (if given) tells which. */
bool hpr__rd_string(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                    const char **out);
bool hpr__rd_date(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                  hpr_date *out, bool *present);
/* A text for people: a string, or {"zh": ..., "en": ...} (either may be
 * left out; *en is then the Chinese); *zh is NULL when not given. */
bool hpr__rd_text(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                  const char **en, const char **zh);
bool hpr__rd_enum(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                  const char *const *names, int *out);
bool hpr__rd_int(hpr__reader *r, const cJSON *obj, const char *key, bool required, long min,
                 long max, long *out, bool *present);
bool hpr__rd_bool(hpr__reader *r, const cJSON *obj, const char *key, bool required, bool *out);

/* A dated parameter (docs/policy-format.md "Parameters"): a scalar, null,
 * {"value": ..., "ref": ..., "assumed": ..., "note": ...}, or
 * {"YYYY-MM-DD": ..., ...}. `extra` names further keys allowed beside
 * "value" (NULL-terminated, may be NULL). Registers it under its pointer. */
bool hpr__rd_param_node(hpr__reader *r, const cJSON *node, const hpr__pspec *spec,
                        const char *const *extra, const hpr__param **out);
bool hpr__rd_param(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                   const hpr__pspec *spec, const hpr__param **out);

/* An id of a document or source: lower-case letters, digits, '-', '_', '.'. */
bool hpr__rd_id_ok(const char *s);

/* A name of parameters, status kinds and categories: a-z first, then a-z, 0-9, '_'. */
bool hpr__rd_name_ok(const char *s);

/* Checks that a citation's first word names a declared source. */
bool hpr__rd_ref_ok(hpr__reader *r, const char *ref);

/* "sources" (sources.c): {id: {"title", "url", "published", "effective",
 * "confidence", "note"}} into *r->sources; `what` names the document
 * ("policy", "standards document") in the warning when there are none. */
void hpr__rd_sources(hpr__reader *r, const cJSON *root, const char *what);

#endif
