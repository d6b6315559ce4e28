/* SPDX-License-Identifier: MIT */
/* The "extension" layer kind: an extension function of the application
 * computes what the layer pays (docs/extensions.md). A result outside 0 ..
 * what is unpaid in the layer's buckets is an error of the claim, never
 * clamped. */
#include "core/lang.h"
#include "engine/extension.h"

hpr_status hpr__run_extension(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid_out)
{
    const hpr__layer *L = io->L;
    const hpr__xcall *c = L->xcall;
    int64_t v;
    const char *missing;
    hpr_status st = hpr__xcall_run(c, f, io, &v, &missing);
    if (st != HPR_OK)
        return st;
    io->line->pub.base = io->unpaid_covered;
    if (missing) {
        io->line->pub.reason = HPR__N("a fact the extension function needs is missing (when_missing: skip)");
        *paid_out = -1;
        return HPR_OK;
    }
    if (v < 0 || v > io->unpaid_covered) {
        char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE];
        hpr__fmt_money(a, v);
        hpr__fmt_money(b, io->unpaid_covered);
        return hpr__seterr(HPR_EINVAL, "claim %s: layer %s: extension %s returned %s, outside 0.00 to the %s "
                                       "unpaid in its buckets", f->claim->id, L->id, c->decl->name, a, b);
    }
    if (s->explain) {
        char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE];
        hpr__fmt_money(a, v);
        hpr__fmt_money(b, io->unpaid_covered);
        hpr__settlement_step(s, io->line, "extension %s: %s of the %s unpaid%s%s%s", c->decl->name, a, b,
                             c->decl->ref ? " [" : "", c->decl->ref ? c->decl->ref : "",
                             c->decl->ref ? "]" : "");
    }
    *paid_out = v;
    return HPR_OK;
}
