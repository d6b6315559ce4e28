/* SPDX-License-Identifier: MIT */
/* Compiling the sections of a policy document (sections.c). */
#ifndef HPR_SECTIONS_H
#define HPR_SECTIONS_H

#include "reader.h"

typedef enum hpr__section_result {
    HPR__SECTIONS_DONE = 0,         /* compiled; errors, if any, are in the diagnostics */
    HPR__SECTIONS_NEWER_FORMAT = 1, /* the document is of a newer format: nothing else read */
    HPR__SECTIONS_OOM = 2
} hpr__section_result;

hpr__section_result hpr__compile_sections(hpr__reader *r, const cJSON *root, const char *base_dir);

hpr_status hpr__read_file(const char *path, size_t limit, char **data_out, size_t *len_out);
const hpr__param *hpr__policy_param(const struct hpr_policy *p, const char *pointer);

#endif
