/* SPDX-License-Identifier: MIT */
/* The "target_ratio" layer kind: tops the claim's reimbursement up to a
 * target share of the covered costs. */
#include "core/lang.h"
#include "engine/kinds.h"

hpr_status hpr__run_target_ratio(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid_out)
{
    const hpr__layer *L = io->L;
    const hpr__pentry *e = hpr__param_at(L->target, f->as_of);
    if (!e) {
        io->line->pub.reason = HPR__N("the target ratio is not in force on the as-of date");
        *paid_out = -1;
        return HPR_OK;
    }
    hpr_money want;
    hpr_status st = hpr_money_mul_ratio(&want, io->covered_total, e->value, L->rounding);
    if (st != HPR_OK)
        return st;
    hpr_money reimbursed = io->covered_total - io->unpaid_covered;
    hpr_money paid = want - reimbursed;
    if (paid < 0)
        paid = 0;
    if (paid > io->unpaid_covered)
        paid = io->unpaid_covered;
    if (s->explain) {
        char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE], c[HPR_MONEY_FORMAT_SIZE];
        char r[HPR_RATIO_FORMAT_SIZE];
        hpr__fmt_ratio(r, e->value);
        hpr__fmt_money(a, io->covered_total);
        hpr__fmt_money(b, reimbursed);
        hpr__fmt_money(c, want);
        hpr__settlement_step(s, io->line,
                             "target: %s of the covered %s is %s; %s reimbursed so far%s%s%s", r, a, c,
                             b, HPR__REF(e));
    }
    io->line->pub.base = io->unpaid_covered;
    *paid_out = paid;
    return HPR_OK;
}
