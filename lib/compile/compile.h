/* SPDX-License-Identifier: MIT */
/* Compiling a policy document into the model: the top level (document.c)
 * and one reader per section, each written against reader.h. Sections are
 * read in the order compile_sections calls them; a later one may use what
 * an earlier one compiled (categories before layers, catalogs before the
 * classification). */
#ifndef HPR_COMPILE_H
#define HPR_COMPILE_H

#include "compile/reader.h"
#include "model/cond.h"
#include "model/extension.h"
#include "model/layer.h"

typedef enum hpr__section_result {
    HPR__SECTIONS_DONE = 0,         /* compiled; errors, if any, are in the diagnostics */
    HPR__SECTIONS_NEWER_FORMAT = 1, /* the document is of a newer format: nothing else read */
    HPR__SECTIONS_OOM = 2
} hpr__section_result;

/* load.c: "sha256:" and the hex digest of a struct sha256_ctx; *tag its
 * first 64 bits, odd. */
void hpr__fingerprint_hex(char out[72], uint64_t *tag, void *sha256_ctx);
/* load.c: sets the thread's error from the first error diagnostic. */
hpr_status hpr__fail_with_first(hpr_status code, const hpr_diagnostics *d);
/* load.c: hands the diagnostics to the caller (or frees them); returns st. */
hpr_status hpr__diag_hand_over(hpr_status st, hpr_diagnostics *diag, hpr_diagnostics **diagnostics_out);

/* Every section of the document, into r->policy (document.c). */
hpr__section_result hpr__compile_sections(hpr__reader *r, const cJSON *root, const char *base_dir);

/* dated_rules.c: a warning for each layer, modifier or dated value in
 * force before the source it cites (docs/policy-format.md, "Dated rules"). */
void hpr__check_dated_rules(hpr_diagnostics *diag, const struct hpr_policy *p);

/* population.c: "status_kinds", "categories", "waiver_order". */
void hpr__read_status_kinds(hpr__reader *r, const cJSON *root);
void hpr__read_categories(hpr__reader *r, const cJSON *root);
void hpr__read_waiver_order(hpr__reader *r, const cJSON *root);

/* layers.c: "layers". */
void hpr__read_layers(hpr__reader *r, const void *root);

/* catalogs.c: "catalogs": {name: {"include": path, "entries": [...],
 * "override": [...]}}. Included files are read from base_dir, then from
 * the reader's catalog directories. */
void hpr__read_catalogs(hpr__reader *r, const void *root, const char *base_dir);

/* classification.c: "classification" (after categories and catalogs). */
void hpr__read_classification(hpr__reader *r, const void *root);

/* eligibility.c: "eligibility" (treat first pay later, one-stop settlement). */
void hpr__read_eligibility(hpr__reader *r, const void *root);

/* monitoring.c: "monitoring" (relapse-risk rules). */
void hpr__read_monitoring(hpr__reader *r, const void *root);

/* conditions.c: a condition object (applies_to, when, eligibility rules),
 * compiled (model/cond.h) once read. */
bool hpr__read_cond(hpr__reader *r, const void *node, const char *what, hpr__cond *c);

/* conditions.c: an array of names from a fixed list (NULL-terminated when n
 * is SIZE_MAX, else its first n) into a bit mask; every unknown name is
 * reported, with a "did you mean" when one is near. */
bool hpr__rd_mask(hpr__reader *r, const cJSON *obj, const char *key, const char *const *names,
                  size_t n, const char *what, uint64_t *mask);

/* conditions.c: an array of catalog entry ids into the id strings of every
 * catalog entry of each (an id may be in more than one catalog), which is
 * what the classification hands the engine; unknown ids are reported.
 * Catalogs are read first. */
bool hpr__rd_entries(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                     const char *const **out, uint32_t *n);

/* layers.c: a value that may differ by facility level ({"by_level": ...}
 * or a parameter). */
bool hpr__rd_leveled(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                     const hpr__pspec *spec, hpr__leveled *out);

/* extensions.c: "extensions" (the functions the policy calls, checked
 * against the application's registry; before everything that calls them). */
void hpr__read_extensions(hpr__reader *r, const void *root);

/* extensions.c: a call {"function", "args", "when_missing"} in a layer
 * (in_layer: layer facts allowed) or a condition, whose function must
 * return want. */
bool hpr__rd_xcall(hpr__reader *r, const cJSON *node, bool in_layer, hpr__xtype want, hpr__xcall **out);

/* fixed_fees.c: "fixed_fees" (定额 per case, after catalogs). */
void hpr__read_fixed_fees(hpr__reader *r, const void *root);

#endif
