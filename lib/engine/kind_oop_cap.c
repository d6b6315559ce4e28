/* SPDX-License-Identifier: MIT */
/* The "oop_cap" layer kind: the patient's own payments in a year are capped
 * at a limit, and the layer pays what is above it. */
#include "core/lang.h"
#include "engine/kinds.h"

void hpr__run_oop_cap(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid_out)
{
    const hpr__layer *L = io->L;
    const hpr__pentry *e = hpr__leveled_at(&L->limit, f->claim->level, f->as_of);
    if (!e) {
        io->line->pub.reason = HPR__N("the policy gives no limit for this facility level on the as-of date");
        *paid_out = -1;
        return;
    }
    hpr_money u = io->unpaid_covered;
    hpr_money allowed = e->value - io->before.base;
    if (allowed < 0)
        allowed = 0;
    hpr_money paid = u > allowed ? u - allowed : 0;
    if (s->explain) {
        char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE], c[HPR_MONEY_FORMAT_SIZE];
        hpr__fmt_money(a, e->value);
        hpr__fmt_money(b, io->before.base);
        hpr__fmt_money(c, u);
        hpr__settlement_step(s, io->line,
                             "the patient's own payments are capped at %s a year; %s paid before; "
                             "%s unpaid now%s%s%s",
                             a, b, c, HPR__REF(e));
    }
    io->line->pub.base = u;
    *paid_out = paid;
}
