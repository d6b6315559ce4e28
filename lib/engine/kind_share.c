/* SPDX-License-Identifier: MIT */
/* The "share" and "remainder_share" layer kinds: a deductible, ratio bands
 * (by facility level), caps per claim and per year, and modifiers that tilt
 * them for some people or claims. A banded product is summed exactly in
 * millionths of a fen and rounded once. docs/policy-format.md "Layers". */
#include "core/lang.h"
#include "engine/kinds.h"

__extension__ typedef __int128 i128;

/* share and remainder_share: deductible, bands, caps. With skip_shortfall the
 * modifiers marked "shortfall" are left out (to measure what they took away). */
static hpr_status share_core(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid_out,
                             bool skip_shortfall)
{
    const hpr__layer *L = io->L;
    hpr__sline *line = io->line;
    int level = f->claim->level;
    hpr_date d = f->as_of;
    bool ex = s->explain;
    char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE], c[HPR_MONEY_FORMAT_SIZE];
    char r1[HPR_RATIO_FORMAT_SIZE], r2[HPR_RATIO_FORMAT_SIZE];

    hpr_ratio ratios[64];
    for (size_t i = 0; i < L->nbands; i++) {
        const hpr__pentry *e = hpr__leveled_at(&L->bands[i].ratio, level, d);
        if (!e) {
            line->pub.reason = HPR__N("the policy gives no ratio for this facility level on the as-of date");
            *paid_out = -1;
            return HPR_OK;
        }
        ratios[i] = e->value;
    }
    hpr_money ded = 0;
    const hpr__pentry *de = NULL;
    if (L->has_deductible) {
        de = hpr__leveled_at(&L->deductible, level, d);
        if (!de) {
            line->pub.reason = HPR__N("the policy gives no deductible for this facility level on the as-of date");
            *paid_out = -1;
            return HPR_OK;
        }
        ded = de->value;
    }
    const hpr__pentry *cc = hpr__leveled_present(&L->cap_claim) ? hpr__leveled_at(&L->cap_claim, level, d) : NULL;
    const hpr__pentry *cy = hpr__leveled_present(&L->cap_year) ? hpr__leveled_at(&L->cap_year, level, d) : NULL;
    hpr_money cap_claim = cc ? cc->value : -1, cap_year = cy ? cy->value : -1;

    hpr_money base = io->unpaid_covered;
    if (ex) {
        hpr__fmt_money(a, base);
        hpr__settlement_step(s, line, "base %s: %s", a,
                             L->base == HPR__BASE_FIXED_FEE
                                 ? HPR__T(s->lang, "the fixed fee, or the cost when lower")
                             : L->base == HPR__BASE_ABOVE_FEE
                                 ? HPR__T(s->lang, "the cost above the fixed fee still unpaid")
                                 : HPR__T(s->lang, "what is still unpaid in the covered buckets"));
    }

    /* modifiers, in the policy's order */
    for (size_t i = 0; i < L->nmods; i++) {
        const hpr__modifier *m = &L->mods[i];
        if ((skip_shortfall && m->shortfall) || !(io->mods_on >> i & 1))
            continue;
        const hpr__pentry *e;
        /* the label is only for the explanation */
        const char *label = !ex                                  ? NULL
                            : s->lang == HPR_LANG_ZH && m->label_zh ? m->label_zh
                            : m->label                          ? m->label
                                                                : HPR__T(s->lang, "modifier");
        const char *mref = m->ref;
        if (m->ratio_add && (e = hpr__param_at(m->ratio_add, d))) {
            for (size_t k = 0; k < L->nbands; k++)
                ratios[k] += e->value;
            if (ex) {
                hpr__fmt_ratio(r1, e->value);
                hpr__settlement_step(s, line, "%s: ratio %s%s%s%s%s", label, e->value >= 0 ? "+" : "",
                                     r1, HPR__REF(e));
            }
        }
        if (m->ratio_set && (e = hpr__param_at(m->ratio_set, d))) {
            for (size_t k = 0; k < L->nbands; k++)
                ratios[k] = e->value;
            if (ex) {
                hpr__fmt_ratio(r1, e->value);
                hpr__settlement_step(s, line, "%s: ratio set to %s%s%s%s", label, r1, HPR__REF(e));
            }
        }
        if (m->deductible_scale && (e = hpr__param_at(m->deductible_scale, d))) {
            hpr_status st = hpr_money_mul_ratio(&ded, ded, e->value, HPR_ROUND_HALF_UP);
            if (st != HPR_OK)
                return st;
            if (ex) {
                hpr__fmt_ratio(r1, e->value);
                hpr__fmt_money(a, ded);
                hpr__settlement_step(s, line, "%s: deductible x %s = %s%s%s%s", label, r1, a, HPR__REF(e));
            }
        }
        if (m->deductible_set && (e = hpr__param_at(m->deductible_set, d))) {
            ded = e->value;
            if (ex) {
                hpr__fmt_money(a, ded);
                hpr__settlement_step(s, line, "%s: deductible set to %s%s%s%s", label, a, HPR__REF(e));
            }
        }
        if (m->deductible_waive) {
            ded = 0;
            if (ex)
                hpr__settlement_step(s, line, "%s: deductible waived%s%s%s", label,
                                     mref ? " [" : "", mref ? mref : "", mref ? "]" : "");
        }
        if (m->cap_year_set && (e = hpr__param_at(m->cap_year_set, d))) {
            cap_year = e->value;
            if (ex) {
                hpr__fmt_money(a, cap_year);
                hpr__settlement_step(s, line, "%s: annual cap set to %s%s%s%s", label, a, HPR__REF(e));
            }
        }
        if (m->cap_lift) {
            cap_claim = cap_year = -1;
            if (ex)
                hpr__settlement_step(s, line, "%s: caps lifted%s%s%s", label, mref ? " [" : "",
                                     mref ? mref : "", mref ? "]" : "");
        }
    }
    for (size_t k = 0; k < L->nbands; k++)
        ratios[k] = ratios[k] < 0 ? 0 : ratios[k] > HPR_RATIO_ONE ? HPR_RATIO_ONE : ratios[k];

    /* deductible taken from this claim */
    hpr_money ded_this = 0;
    if (L->has_deductible) {
        hpr_money left = L->ded_per == HPR__PER_YEAR ? ded - io->before.deductible : ded;
        if (left < 0)
            left = 0;
        ded_this = base < left ? base : left;
        if (ex) {
            hpr__fmt_money(a, ded);
            hpr__fmt_money(b, ded_this);
            if (L->ded_per == HPR__PER_YEAR) {
                hpr__fmt_money(c, io->before.deductible);
                hpr__settlement_step(s, line, "annual deductible %s, %s used before, %s taken now%s%s%s",
                                     a, c, b, HPR__REF(de));
            } else {
                hpr__settlement_step(s, line, "deductible %s per claim, %s taken%s%s%s", a, b, HPR__REF(de));
            }
        }
    }

    /* bands over [start + ded_this, start + base) on the layer's axis */
    hpr_money start = L->bands_per == HPR__PER_YEAR ? io->before.base : 0;
    hpr_money lo_pay = start + ded_this, hi_pay = start + base;
    i128 exact = 0;
    hpr_money lo = 0;
    for (size_t k = 0; k < L->nbands; k++) {
        const hpr__pentry *ue = L->bands[k].up_to ? hpr__param_at(L->bands[k].up_to, d) : NULL;
        hpr_money hi = ue ? ue->value : INT64_MAX;
        if (L->bands[k].up_to && !ue)
            hi = lo; /* a bound not in force on this date: the band is empty */
        hpr_money seg_lo = lo_pay > lo ? lo_pay : lo;
        hpr_money seg_hi = hi_pay < hi ? hi_pay : hi;
        if (seg_hi > seg_lo) {
            exact += (i128)(seg_hi - seg_lo) * ratios[k];
            if (ex) {
                hpr_money part;
                hpr_money_mul_ratio(&part, seg_hi - seg_lo, ratios[k], L->rounding);
                hpr__fmt_money(a, lo);
                hpr__fmt_money(b, seg_hi - seg_lo);
                hpr__fmt_ratio(r2, ratios[k]);
                hpr__fmt_money(c, part);
                const hpr__pentry *re = hpr__leveled_at(&L->bands[k].ratio, level, d);
                if (hi == INT64_MAX)
                    hpr__settlement_step(s, line, "band from %s at %s on %s = %s%s%s%s", a, r2, b, c,
                                         HPR__REF(re));
                else {
                    char h[HPR_MONEY_FORMAT_SIZE];
                    hpr__fmt_money(h, hi);
                    hpr__settlement_step(s, line, "band %s to %s at %s on %s = %s%s%s%s", a, h, r2, b,
                                         c, HPR__REF(re));
                }
            }
        }
        if (hi > lo)
            lo = hi;
    }
    /* round once: exact is in millionths of a fen (64-bit division when it fits) */
    i128 whole, frac;
    if (exact <= INT64_MAX) {
        whole = (int64_t)exact / HPR_RATIO_ONE;
        frac = (int64_t)exact % HPR_RATIO_ONE;
    } else {
        whole = exact / HPR_RATIO_ONE;
        frac = exact % HPR_RATIO_ONE;
    }
    const i128 half = HPR_RATIO_ONE / 2;
    switch (L->rounding) {
    case HPR_ROUND_HALF_UP: whole += frac >= half; break;
    case HPR_ROUND_HALF_EVEN: whole += frac > half || (frac == half && (whole & 1)); break;
    case HPR_ROUND_DOWN: break;
    case HPR_ROUND_UP: whole += frac > 0; break;
    }
    hpr_money paid = (hpr_money)whole;
    if (paid > base - ded_this)
        paid = base - ded_this;

    if (cap_claim >= 0 && paid > cap_claim) {
        if (ex) {
            hpr__fmt_money(a, cap_claim);
            hpr__settlement_step(s, line, "per-claim cap %s applies%s%s%s", a, HPR__REF(cc));
        }
        paid = cap_claim;
    }
    if (cap_year >= 0) {
        hpr_money room = cap_year - io->before.paid;
        if (room < 0)
            room = 0;
        if (ex) {
            hpr__fmt_money(a, cap_year);
            hpr__fmt_money(b, io->before.paid);
            hpr__fmt_money(c, room);
            hpr__settlement_step(s, line, "annual cap %s, %s paid before, room %s%s%s%s", a, b, c,
                                 HPR__REF(cy));
        }
        if (paid > room)
            paid = room;
    }
    line->pub.base = base;
    line->pub.deductible = ded_this;
    io->after.base = io->before.base + base;
    io->after.deductible = io->before.deductible + ded_this;
    *paid_out = paid;
    return HPR_OK;
}

/* A share layer, and the shortfall its "shortfall" modifiers caused: what the
 * layer would have paid without them minus what it pays (Gansu 80号). */
hpr_status hpr__run_share(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid_out,
                            hpr_money *shortfall_out)
{
    *shortfall_out = 0;
    bool has_shortfall = false;
    for (size_t i = 0; i < io->L->nmods && !has_shortfall; i++)
        has_shortfall = io->L->mods[i].shortfall && (io->mods_on >> i & 1);
    hpr_money full = 0;
    if (has_shortfall) {
        hpr__layer_io dry = *io;
        hpr__sline dry_line = *io->line;
        dry.line = &dry_line;
        bool ex = s->explain;
        s->explain = false;
        hpr_status st = share_core(s, f, &dry, &full, true);
        s->explain = ex;
        if (st != HPR_OK)
            return st;
    }
    hpr_status st = share_core(s, f, io, paid_out, false);
    if (st == HPR_OK && has_shortfall && *paid_out >= 0 && full > *paid_out) {
        *shortfall_out = full - *paid_out;
        if (s->explain) {
            char a[HPR_MONEY_FORMAT_SIZE];
            hpr__fmt_money(a, *shortfall_out);
            hpr__settlement_step(s, io->line, "shortfall %s: paid less because of the marked "
                                              "modifiers", a);
        }
    }
    return st;
}
