/* SPDX-License-Identifier: MIT */
/* Reading a whole file into memory. */
#ifndef HPR_CORE_FILE_H
#define HPR_CORE_FILE_H

#include "core/core.h"

/* Reads the regular file at path (at most limit bytes) into a new
 * NUL-terminated buffer the caller frees with hpr__free; HPR_EIO with the
 * reason, or HPR_ENOMEM, and the error record set, on failure. */
hpr_status hpr__read_file(const char *path, size_t limit, char **data_out, size_t *len_out);

#endif
