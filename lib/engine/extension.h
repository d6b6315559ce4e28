/* SPDX-License-Identifier: MIT */
/* Calling extension functions (extension.c): the arguments drawn from the
 * claim, the person, the ledger and the layer, then one ffi_call. */
#ifndef HPR_ENGINE_EXTENSION_H
#define HPR_ENGINE_EXTENSION_H

#include "engine/kinds.h"
#include "model/extension.h"

/* Runs the call. *out: its result (bool as 0/1); *missing: the name of a
 * fact that was missing under "when_missing": "skip" (nothing called), or
 * NULL. A missing fact under "error" is HPR_EINVAL naming the claim, the
 * function and the fact. io is NULL outside a layer. */
hpr_status hpr__xcall_run(const hpr__xcall *c, const hpr__facts *f, const hpr__layer_io *io, int64_t *out,
                          const char **missing);

/* hpr__facts.xholds: an extension condition; a failure is left in *f->xerr. */
bool hpr__xholds(const struct hpr__xcall *call, const struct hpr__facts *f);

#endif
