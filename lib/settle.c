/* SPDX-License-Identifier: MIT */
/* The settlement engine: one claim through the policy's layers.
 *
 * Each layer pays part of what is still unpaid in the cost buckets it
 * covers; its payment is taken off those buckets in the order it lists
 * them. Money is integer fen; a banded product is summed exactly in
 * millionths of a fen and rounded once per layer. The ledger is updated
 * only when the whole claim has settled. docs/policy-format.md states the
 * semantics this file implements. */
#include <string.h>

#include "ledger.h"
#include "policy_internal.h"
#include "person.h"
#include "settlement.h"

__extension__ typedef __int128 i128;

hpr_status hpr_settle_options_init(hpr_settle_options *opts, unsigned int version)
{
    if (!opts || version == 0)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_options_init: %s",
                           opts ? "version must be HPR_SETTLE_OPTIONS_VERSION" : "opts is NULL");
    if (version > HPR_SETTLE_OPTIONS_VERSION)
        return hpr__seterr(HPR_EVERSION, "hpr_settle_options version %u is newer than this library (%d)",
                           version, HPR_SETTLE_OPTIONS_VERSION);
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return HPR_OK;
}

hpr_status hpr_person_init(hpr_person *person, unsigned int version)
{
    if (!person || version == 0)
        return hpr__seterr(HPR_EINVAL, "hpr_person_init: %s",
                           person ? "version must be HPR_PERSON_VERSION" : "person is NULL");
    if (version > HPR_PERSON_VERSION)
        return hpr__seterr(HPR_EVERSION, "hpr_person version %u is newer than this library (%d)",
                           version, HPR_PERSON_VERSION);
    memset(person, 0, sizeof *person);
    person->version = version;
    person->income_per_capita = -1;
    return HPR_OK;
}

hpr_status hpr_claim_init(hpr_claim *claim, unsigned int version)
{
    if (!claim || version == 0)
        return hpr__seterr(HPR_EINVAL, "hpr_claim_init: %s",
                           claim ? "version must be HPR_CLAIM_VERSION" : "claim is NULL");
    if (version > HPR_CLAIM_VERSION)
        return hpr__seterr(HPR_EVERSION, "hpr_claim version %u is newer than this library (%d)",
                           version, HPR_CLAIM_VERSION);
    memset(claim, 0, sizeof *claim);
    claim->version = version;
    return HPR_OK;
}

static const hpr__pentry *lv_at(const hpr__leveled *l, int level, hpr_date d)
{
    return hpr__param_at(l->leveled ? l->by_level[level] : l->all, d);
}

static bool lv_present(const hpr__leveled *l) { return l->leveled || l->all; }

static void fmt_money(char *buf, hpr_money m) { hpr_money_format(buf, HPR_MONEY_FORMAT_SIZE, m); }
static void fmt_ratio(char *buf, hpr_ratio r) { hpr_ratio_format(buf, HPR_RATIO_FORMAT_SIZE, r); }

#define REF(e) ((e) && (e)->ref ? " [" : ""), ((e) && (e)->ref ? (e)->ref : ""), ((e) && (e)->ref ? "]" : "")

typedef struct layer_io {
    const hpr__layer *L;
    hpr__sline *line;
    hpr_ledger_entry before;
    hpr_ledger_entry after;
    hpr_money unpaid_covered;  /* what the layer may pay at most */
    hpr_money covered_total;   /* the covered buckets after the waiver (target_ratio) */
    uint64_t mods_on;          /* the layer's modifiers whose condition holds (bit i: mods[i]) */
} layer_io;

/* share and remainder_share: deductible, bands, caps. With skip_shortfall the
 * modifiers marked "shortfall" are left out (to measure what they took away). */
static hpr_status share_core(hpr_settlement *s, const hpr__facts *f, layer_io *io, hpr_money *paid_out,
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
        const hpr__pentry *e = lv_at(&L->bands[i].ratio, level, d);
        if (!e) {
            line->pub.reason = "the policy gives no ratio for this facility level on the as-of date";
            *paid_out = -1;
            return HPR_OK;
        }
        ratios[i] = e->value;
    }
    hpr_money ded = 0;
    const hpr__pentry *de = NULL;
    if (L->has_deductible) {
        de = lv_at(&L->deductible, level, d);
        if (!de) {
            line->pub.reason = "the policy gives no deductible for this facility level on the as-of date";
            *paid_out = -1;
            return HPR_OK;
        }
        ded = de->value;
    }
    const hpr__pentry *cc = lv_present(&L->cap_claim) ? lv_at(&L->cap_claim, level, d) : NULL;
    const hpr__pentry *cy = lv_present(&L->cap_year) ? lv_at(&L->cap_year, level, d) : NULL;
    hpr_money cap_claim = cc ? cc->value : -1, cap_year = cy ? cy->value : -1;

    hpr_money base = io->unpaid_covered;
    if (ex) {
        fmt_money(a, base);
        hpr__settlement_step(s, line, "base %s: what is still unpaid in the covered buckets", a);
    }

    /* modifiers, in the policy's order */
    for (size_t i = 0; i < L->nmods; i++) {
        const hpr__modifier *m = &L->mods[i];
        if ((skip_shortfall && m->shortfall) || !(io->mods_on >> i & 1))
            continue;
        const hpr__pentry *e;
        const char *label = m->label ? m->label : "modifier";
        const char *mref = m->ref;
        if (m->ratio_add && (e = hpr__param_at(m->ratio_add, d))) {
            for (size_t k = 0; k < L->nbands; k++)
                ratios[k] += e->value;
            if (ex) {
                fmt_ratio(r1, e->value);
                hpr__settlement_step(s, line, "%s: ratio %s%s%s%s%s", label, e->value >= 0 ? "+" : "",
                                     r1, REF(e));
            }
        }
        if (m->ratio_set && (e = hpr__param_at(m->ratio_set, d))) {
            for (size_t k = 0; k < L->nbands; k++)
                ratios[k] = e->value;
            if (ex) {
                fmt_ratio(r1, e->value);
                hpr__settlement_step(s, line, "%s: ratio set to %s%s%s%s", label, r1, REF(e));
            }
        }
        if (m->deductible_scale && (e = hpr__param_at(m->deductible_scale, d))) {
            hpr_status st = hpr_money_mul_ratio(&ded, ded, e->value, HPR_ROUND_HALF_UP);
            if (st != HPR_OK)
                return st;
            if (ex) {
                fmt_ratio(r1, e->value);
                fmt_money(a, ded);
                hpr__settlement_step(s, line, "%s: deductible x %s = %s%s%s%s", label, r1, a, REF(e));
            }
        }
        if (m->deductible_set && (e = hpr__param_at(m->deductible_set, d))) {
            ded = e->value;
            if (ex) {
                fmt_money(a, ded);
                hpr__settlement_step(s, line, "%s: deductible set to %s%s%s%s", label, a, REF(e));
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
                fmt_money(a, cap_year);
                hpr__settlement_step(s, line, "%s: annual cap set to %s%s%s%s", label, a, REF(e));
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
            fmt_money(a, ded);
            fmt_money(b, ded_this);
            if (L->ded_per == HPR__PER_YEAR) {
                fmt_money(c, io->before.deductible);
                hpr__settlement_step(s, line, "annual deductible %s, %s used before, %s taken now%s%s%s",
                                     a, c, b, REF(de));
            } else {
                hpr__settlement_step(s, line, "deductible %s per claim, %s taken%s%s%s", a, b, REF(de));
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
                fmt_money(a, lo);
                fmt_money(b, seg_hi - seg_lo);
                fmt_ratio(r2, ratios[k]);
                fmt_money(c, part);
                const hpr__pentry *re = lv_at(&L->bands[k].ratio, level, d);
                if (hi == INT64_MAX)
                    hpr__settlement_step(s, line, "band from %s at %s on %s = %s%s%s%s", a, r2, b, c,
                                         REF(re));
                else {
                    char h[HPR_MONEY_FORMAT_SIZE];
                    fmt_money(h, hi);
                    hpr__settlement_step(s, line, "band %s to %s at %s on %s = %s%s%s%s", a, h, r2, b,
                                         c, REF(re));
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
            fmt_money(a, cap_claim);
            hpr__settlement_step(s, line, "per-claim cap %s applies%s%s%s", a, REF(cc));
        }
        paid = cap_claim;
    }
    if (cap_year >= 0) {
        hpr_money room = cap_year - io->before.paid;
        if (room < 0)
            room = 0;
        if (ex) {
            fmt_money(a, cap_year);
            fmt_money(b, io->before.paid);
            fmt_money(c, room);
            hpr__settlement_step(s, line, "annual cap %s, %s paid before, room %s%s%s%s", a, b, c,
                                 REF(cy));
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
static hpr_status run_share(hpr_settlement *s, const hpr__facts *f, layer_io *io, hpr_money *paid_out,
                            hpr_money *shortfall_out)
{
    *shortfall_out = 0;
    bool has_shortfall = false;
    for (size_t i = 0; i < io->L->nmods && !has_shortfall; i++)
        has_shortfall = io->L->mods[i].shortfall && (io->mods_on >> i & 1);
    hpr_money full = 0;
    if (has_shortfall) {
        layer_io dry = *io;
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
            fmt_money(a, *shortfall_out);
            hpr__settlement_step(s, io->line, "shortfall %s: paid less because of the marked "
                                              "modifiers", a);
        }
    }
    return st;
}

static void run_oop_cap(hpr_settlement *s, const hpr__facts *f, layer_io *io, hpr_money *paid_out)
{
    const hpr__layer *L = io->L;
    const hpr__pentry *e = lv_at(&L->limit, f->claim->level, f->as_of);
    if (!e) {
        io->line->pub.reason = "the policy gives no limit for this facility level on the as-of date";
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
        fmt_money(a, e->value);
        fmt_money(b, io->before.base);
        fmt_money(c, u);
        hpr__settlement_step(s, io->line,
                             "the patient's own payments are capped at %s a year; %s paid before; "
                             "%s unpaid now%s%s%s",
                             a, b, c, REF(e));
    }
    io->line->pub.base = u;
    *paid_out = paid;
}

static hpr_status run_target(hpr_settlement *s, const hpr__facts *f, layer_io *io, hpr_money *paid_out)
{
    const hpr__layer *L = io->L;
    const hpr__pentry *e = hpr__param_at(L->target, f->as_of);
    if (!e) {
        io->line->pub.reason = "the target ratio is not in force on the as-of date";
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
        fmt_ratio(r, e->value);
        fmt_money(a, io->covered_total);
        fmt_money(b, reimbursed);
        fmt_money(c, want);
        hpr__settlement_step(s, io->line,
                             "target: %s of the covered %s is %s; %s reimbursed so far%s%s%s", r, a, c,
                             b, REF(e));
    }
    io->line->pub.base = io->unpaid_covered;
    *paid_out = paid;
    return HPR_OK;
}

/* Caps that every kind honours after its own computation (share applies its own). */
static void apply_common_caps(hpr_settlement *s, const hpr__facts *f, layer_io *io, hpr_money *paid)
{
    const hpr__layer *L = io->L;
    bool lifted = false;
    for (size_t i = 0; i < L->nmods; i++)
        if (L->mods[i].cap_lift && (io->mods_on >> i & 1))
            lifted = true;
    if (lifted)
        return;
    int level = f->claim->level;
    const hpr__pentry *cc = lv_present(&L->cap_claim) ? lv_at(&L->cap_claim, level, f->as_of) : NULL;
    const hpr__pentry *cy = lv_present(&L->cap_year) ? lv_at(&L->cap_year, level, f->as_of) : NULL;
    char a[HPR_MONEY_FORMAT_SIZE];
    if (cc && *paid > cc->value) {
        *paid = cc->value;
        if (s->explain) {
            fmt_money(a, cc->value);
            hpr__settlement_step(s, io->line, "per-claim cap %s applies%s%s%s", a, REF(cc));
        }
    }
    if (cy) {
        hpr_money room = cy->value - io->before.paid;
        if (room < 0)
            room = 0;
        if (*paid > room) {
            *paid = room;
            if (s->explain) {
                fmt_money(a, cy->value);
                hpr__settlement_step(s, io->line, "annual cap %s reached%s%s%s", a, REF(cy));
            }
        }
    }
}

/* ---- the claim ---------------------------------------------------------------- */

hpr_status hpr_settle(hpr_settlement *result, hpr_ledger *ledger, const hpr_policy *policy,
                      const hpr_person *person, const hpr_claim *claim,
                      const hpr_settle_options *opts)
{
    if (!result || !policy || !person || !claim)
        return hpr__seterr(HPR_EINVAL, "hpr_settle: %s is NULL",
                           !result ? "result" : !policy ? "policy" : !person ? "person" : "claim");
    const struct hpr_policy *p = policy;
    hpr_status st = hpr__settlement_reset(result, p->nlayers);
    if (st != HPR_OK)
        return st;
    if (opts && (opts->version == 0 || opts->version > HPR_SETTLE_OPTIONS_VERSION))
        return hpr__seterr(opts->version ? HPR_EVERSION : HPR_EINVAL,
                           "hpr_settle_options version %u: use HPR_SETTLE_OPTIONS_INIT", opts->version);
    const uint32_t known = HPR_SETTLE_EXPLAIN | HPR_SETTLE_STRICT;
    if (opts && (opts->flags & ~known))
        return hpr__seterr(HPR_EINVAL, "hpr_settle_options.flags has unknown bits 0x%x",
                           (unsigned)(opts->flags & ~known));
    if ((st = hpr__check_person(person)) != HPR_OK || (st = hpr__check_claim(claim)) != HPR_OK)
        return st;
    return hpr__settle_valid(result, ledger, p, person, NULL, claim, opts ? opts->flags : 0);
}

/* ---- a ledger against the policy -------------------------------------------- */

/* The largest value a parameter ever takes; -1 when it has none. */
static int64_t param_max(const hpr__param *prm)
{
    int64_t m = -1;
    for (uint32_t i = 0; prm && i < prm->n; i++)
        if (prm->e[i].present && prm->e[i].value > m)
            m = prm->e[i].value;
    return m;
}

static int64_t leveled_max(const hpr__leveled *l)
{
    int64_t m = param_max(l->all);
    for (int k = 0; l->leveled && k < HPR__NLEVELS; k++) {
        int64_t v = param_max(l->by_level[k]);
        m = v > m ? v : m;
    }
    return m;
}

/* The most a layer's ledger entry may hold as annual deductible used and
 * as paid, over every date, level and modifier of the policy; -1: no bound. */
static void entry_bounds(const hpr__layer *L, hpr_money *ded_max, hpr_money *paid_max)
{
    *ded_max = L->kind == HPR__K_SHARE || L->kind == HPR__K_REMAINDER_SHARE ? -1 : 0;
    if (*ded_max && L->has_deductible && L->ded_per == HPR__PER_YEAR) {
        hpr_money d = leveled_max(&L->deductible);
        int64_t scale = HPR_RATIO_ONE;
        for (size_t i = 0; i < L->nmods && d >= 0; i++) {
            int64_t sc = param_max(L->mods[i].deductible_scale), set = param_max(L->mods[i].deductible_set);
            scale = sc > scale ? sc : scale;
            d = set > d ? set : d;
        }
        if (d >= 0 && hpr_money_mul_ratio(&d, d, scale, HPR_ROUND_UP) != HPR_OK)
            d = -1;
        *ded_max = d;
    } else if (*ded_max && !L->has_deductible) {
        *ded_max = 0;
    } /* a deductible per claim adds up without a bound */
    *paid_max = leveled_max(&L->cap_year);
    for (size_t i = 0; i < L->nmods && *paid_max >= 0; i++) {
        if (L->mods[i].cap_lift)
            *paid_max = -1;
        else {
            int64_t set = param_max(L->mods[i].cap_year_set);
            *paid_max = set > *paid_max ? set : *paid_max;
        }
    }
}

/* Refuses a ledger that cannot have come from this policy: no entry is one
 * of its layers, an unknown entry under strict, or an entry holding more
 * than the layer could have counted. Unknown entries otherwise warn. */
__attribute__((noinline, cold)) static hpr_status check_ledger(hpr_settlement *s, const hpr_ledger *ledger,
                                                              const struct hpr_policy *p,
                               bool strict)
{
    size_t matched = 0;
    char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE];
    for (size_t i = 0; i < ledger->n; i++) {
        const hpr__lentry *e = &ledger->e[i];
        const hpr__layer *L = NULL;
        for (size_t k = 0; k < p->nlayers && !L; k++)
            if (hpr__idkey_same(&p->layers[k].idkey, p->layers[k].id, &e->key, e->id))
                L = &p->layers[k];
        if (!L)
            continue;
        matched++;
        const hpr_ledger_entry *v = &e->v;
        hpr_money ded_max, paid_max;
        entry_bounds(L, &ded_max, &paid_max);
        const char *why = NULL;
        hpr_money over = 0, bound = 0;
        if (L->kind != HPR__K_OOP_CAP && v->paid > v->base - v->deductible) {
            why = "paid is more than its base less the deductible used";
            over = v->paid, bound = v->base - v->deductible;
        } else if (ded_max >= 0 && v->deductible > ded_max) {
            why = "deductible used is more than the largest deductible the layer states";
            over = v->deductible, bound = ded_max;
        } else if (paid_max >= 0 && v->paid > paid_max) {
            why = "paid is more than the largest annual cap the layer states";
            over = v->paid, bound = paid_max;
        } else if (L->kind == HPR__K_OOP_CAP && leveled_max(&L->limit) >= 0 &&
                   v->base > leveled_max(&L->limit)) {
            why = "the patient's own payments are more than the largest limit the layer states";
            over = v->base, bound = leveled_max(&L->limit);
        }
        if (why) {
            hpr_money_format(a, sizeof a, over);
            hpr_money_format(b, sizeof b, bound);
            return hpr__seterr(HPR_EINVAL, "ledger layer \"%.64s\": %s (%s > %s)", e->id, why, a, b);
        }
    }
    if (!matched)
        return hpr__seterr(HPR_EINVAL, "the ledger is from another policy: none of its %zu layers "
                                       "(\"%.64s\", ...) is a layer of policy %s",
                           ledger->n, ledger->e[0].id, p->id);
    for (size_t i = 0; i < ledger->n && matched < ledger->n; i++) {
        const hpr__lentry *e = &ledger->e[i];
        bool known = false;
        for (size_t k = 0; k < p->nlayers && !known; k++)
            known = hpr__idkey_same(&p->layers[k].idkey, p->layers[k].id, &e->key, e->id);
        if (known)
            continue;
        if (strict)
            return hpr__seterr(HPR_EINVAL, "ledger layer \"%.64s\" is not a layer of policy %s",
                               e->id, p->id);
        /* one warning, however many unknown entries */
        hpr__settlement_warn(s, "unknown_layer", "ledger layer \"%.64s\" is not a layer of policy %s; "
                             "its amounts are ignored (%zu unknown layers in all)", e->id, p->id,
                             ledger->n - matched);
        break;
    }
    return HPR_OK;
}

hpr_status hpr__settle_valid(hpr_settlement *s, hpr_ledger *ledger, const struct hpr_policy *p,
                             const hpr_person *person, const int *kinds, const hpr_claim *claim,
                             uint32_t flags)
{
    hpr_status st = HPR_OK;
    s->explain = (flags & HPR_SETTLE_EXPLAIN) != 0;
    s->policy = p;
    hpr_date d = p->as_of == HPR__AS_OF_ADMISSION ? claim->admission_date : claim->discharge_date;
    if (d < p->effective_from || d > p->effective_to) {
        char t[HPR_DATE_FORMAT_SIZE];
        hpr_date_format(t, sizeof t, d);
        return hpr__seterr(HPR_EINVAL, "claim %s: as-of date %s is outside the effective period of "
                                       "policy %s", claim->id, t, p->id);
    }
    int year = hpr__policy_year(p, d);
    if (ledger && ledger->year > year)
        return hpr__seterr(HPR_EINVAL,
                           "claim %s is in policy year %d but the ledger is already in %d: settle a "
                           "person's claims in date order",
                           claim->id, year, ledger->year);
    if (person->birth_date > d) {
        char t[HPR_DATE_FORMAT_SIZE];
        hpr_date_format(t, sizeof t, d);
        return hpr__seterr(HPR_EINVAL, "claim %s: person %s's birth_date is after the as-of date %s",
                           claim->id, person->id, t);
    }
    bool same_year = ledger && ledger->year == year;
    /* a ledger read from outside, or last used with another policy */
    /* a year total can pass HPR__AMOUNT_MAX (or a count HPR__CLAIMS_MAX)
     * only when the ledger is near it (ledger.h: bound) */
    bool near = same_year && ledger->bound > HPR__AMOUNT_MAX - HPR__CLAIM_WEIGHT - claim->costs.total;
    if (same_year && ledger->n && ledger->checked != p->tag) {
        if ((st = check_ledger(s, ledger, p, flags & HPR_SETTLE_STRICT)) != HPR_OK) {
            hpr__settlement_reset(s, 0);
            return st;
        }
        ledger->checked = p->tag; /* not again while it is used with this policy */
    }

    hpr__facts f = {.claim = claim, .as_of = d, .batch = 0};
    f.categories = hpr__categories_on(p, person, kinds, d, s);
    f.enrolled = hpr__enrolled_on(person, d);
    f.family_doctor = person->family_doctor_contract != 0;
    hpr_money patient_before = same_year ? hpr_ledger_patient_paid(ledger) : 0;
    s->cls.want_reasons = s->explain;
    if ((st = hpr__classify(&s->cls, p, person, claim, d, f.categories, patient_before)) != HPR_OK) {
        hpr__settlement_reset(s, 0);
        return st;
    }
    f.batch = (int)s->cls.batch;
    f.bits = hpr__facts_bits(&f);
    s->categories = f.categories;
    s->enrolled = f.enrolled;
    s->tfpl = p->has_tfpl ? hpr__cond_holds(&p->tfpl, &f, 1) : -1;
    s->one_stop = p->has_one_stop ? hpr__cond_holds(&p->one_stop, &f, 1) : -1;
    s->batch = f.batch;
    s->as_of = d;
    s->policy_year = year;
    size_t idlen = strlen(claim->id);
    if (idlen < sizeof s->claim_id_buf) {
        memcpy(s->claim_id_buf, claim->id, idlen + 1);
        s->claim_id = s->claim_id_buf;
    } else if (!(s->claim_id = hpr__arena_strndup(&s->arena, claim->id, idlen))) {
        return hpr__seterr(HPR_ENOMEM, "out of memory settling claim %s", claim->id);
    }

    /* the hospital's waiver comes off first, in the policy's order */
    hpr_money bucket[HPR__NBUCKETS] = {claim->costs.in_scope, claim->costs.class_b_self,
                                       claim->costs.out_of_catalog};
    hpr_money waiver_left = claim->costs.waiver;
    for (int i = 0; i < HPR__NBUCKETS && waiver_left > 0; i++) { /* most claims have none */
        int b = p->waiver_order[i];
        hpr_money take = bucket[b] < waiver_left ? bucket[b] : waiver_left;
        bucket[b] -= take;
        waiver_left -= take;
    }
    hpr_money unpaid[HPR__NBUCKETS] = {bucket[0], bucket[1], bucket[2]};

    hpr_ledger_entry after[64];
    bool touched[64];
    size_t slot[64];
    hpr_money paid_total = 0;
    hpr_money shortfall = 0; /* reductions marked "shortfall" so far on this claim */
    size_t over_layer = 0;   /* 1 + a layer whose year total would pass the bound */
    for (size_t li = 0; li < p->nlayers; li++) {
        const hpr__layer *L = &p->layers[li];
        hpr__sline *line = &s->lines[li];
        line->pub = (hpr_settlement_line){.layer = L->id, .name = L->name,
                                          .payer = hpr__payer_names[L->payer]};
        line->steps = NULL;
        line->capsteps = 0;
        touched[li] = false;
        slot[li] = SIZE_MAX;
        if (d < L->eff_from || d > L->eff_to) {
            line->pub.reason = "the layer is not in force on the as-of date";
            continue;
        }
        /* Most layers do not apply to most claims: decide that before the
         * ledger lookup, which only a "min_claims_in_year" condition needs. */
        bool counts = L->applies.min_claims_in_year > 0;
        if (same_year && counts)
            slot[li] = hpr__ledger_slot(ledger, &L->idkey, L->id, li);
        int claims_n = (slot[li] != SIZE_MAX ? ledger->e[slot[li]].v.claims : 0) + 1;
        if (!hpr__cond_holds(&L->applies, &f, claims_n)) {
            line->pub.reason = hpr__cond_fails(&L->applies, &f, claims_n);
            continue;
        }
        if (same_year && !counts)
            slot[li] = hpr__ledger_slot(ledger, &L->idkey, L->id, li);
        layer_io io;
        io.L = L;
        io.line = line;
        io.mods_on = 0;
        if (slot[li] != SIZE_MAX)
            io.before = ledger->e[slot[li]].v;
        else
            io.before = (hpr_ledger_entry){0};
        io.after = io.before;
        claims_n = io.before.claims + 1;
        io.unpaid_covered = 0;
        for (int k = 0; k < L->ncovers; k++)
            io.unpaid_covered += unpaid[L->covers[k]];
        io.covered_total = 0; /* target_ratio layers only, below */
        for (size_t i = 0; i < L->nmods; i++)
            if (hpr__cond_holds(&L->mods[i].when, &f, claims_n))
                io.mods_on |= (uint64_t)1 << i;
        if (L->base_excludes_shortfall && shortfall > 0) {
            hpr_money cut = shortfall < io.unpaid_covered ? shortfall : io.unpaid_covered;
            io.unpaid_covered -= cut;
            if (s->explain && cut > 0) {
                char a[HPR_MONEY_FORMAT_SIZE];
                fmt_money(a, cut);
                hpr__settlement_step(s, line, "%s left out of the base: the shortfall of earlier "
                                              "layers", a);
            }
        }
        hpr_money paid = 0, layer_shortfall = 0;
        switch (L->kind) {
        case HPR__K_SHARE:
        case HPR__K_REMAINDER_SHARE:
            st = run_share(s, &f, &io, &paid, &layer_shortfall);
            shortfall += layer_shortfall;
            break;
        case HPR__K_OOP_CAP:
            run_oop_cap(s, &f, &io, &paid);
            break;
        case HPR__K_TARGET_RATIO:
            for (int k = 0; k < L->ncovers; k++)
                io.covered_total += bucket[L->covers[k]];
            st = run_target(s, &f, &io, &paid);
            break;
        }
        if (st != HPR_OK) {
            hpr__settlement_reset(s, 0);
            return st;
        }
        if (paid < 0) /* the layer has no value for this claim: reason set */
            continue;
        if (L->kind != HPR__K_SHARE && L->kind != HPR__K_REMAINDER_SHARE)
            apply_common_caps(s, &f, &io, &paid);
        /* take the payment off the covered buckets in the listed order */
        hpr_money left = paid;
        for (int k = 0; k < L->ncovers && left > 0; k++) {
            int b = L->covers[k];
            hpr_money take = unpaid[b] < left ? unpaid[b] : left;
            unpaid[b] -= take;
            left -= take;
        }
        line->pub.applied = 1;
        line->pub.paid = paid;
        io.after.paid = io.before.paid + paid;
        io.after.claims = claims_n;
        if (L->kind == HPR__K_OOP_CAP)
            io.after.base = io.before.base + (io.unpaid_covered - paid);
        else if (L->kind == HPR__K_TARGET_RATIO)
            io.after.base = io.before.base + io.unpaid_covered;
        after[li] = io.after;
        touched[li] = true;
        if (near && (io.after.base > HPR__AMOUNT_MAX || io.after.paid > HPR__AMOUNT_MAX ||
                     io.after.claims > HPR__CLAIMS_MAX))
            over_layer = li + 1;
        paid_total += paid;
        if (s->explain) {
            char a[HPR_MONEY_FORMAT_SIZE];
            fmt_money(a, paid);
            hpr__settlement_step(s, line, "paid %s%s%s%s", a, L->ref ? " [" : "", L->ref ? L->ref : "",
                                 L->ref ? "]" : "");
        }
    }

    s->total = claim->costs.total;
    s->waiver = claim->costs.waiver;
    s->paid = paid_total;
    s->patient = unpaid[0] + unpaid[1] + unpaid[2];
    memcpy(s->patient_by_bucket, unpaid, sizeof unpaid);
    if (s->waiver + s->paid + s->patient != s->total) {
        hpr__settlement_reset(s, 0);
        return hpr__seterr(HPR_ERROR, "internal error: claim %s does not balance", claim->id);
    }
    s->patient_year = patient_before + s->patient;
    /* every operand is at most HPR__AMOUNT_MAX, so no sum here can wrap; a
     * year total above the bound is refused before the ledger changes */
    if (near && (over_layer || s->patient_year > HPR__AMOUNT_MAX)) {
        hpr__settlement_reset(s, 0);
        return hpr__seterr(HPR_EOVERFLOW, "claim %s: the policy year's total of %s would pass "
                           "10000000000000.00 (10^15 fen) or 1000000 claims", claim->id,
                           over_layer ? p->layers[over_layer - 1].id : "the patient's own payments");
    }
    if (p->nmonitors)
        hpr__monitor_check(s, p, person, f.categories, d, patient_before, s->patient_year);
    if (s->oom) {
        hpr__settlement_reset(s, 0);
        return hpr__seterr(HPR_ENOMEM, "out of memory explaining claim %s", claim->id);
    }
    if (ledger) {
        st = hpr__ledger_commit(ledger, year, p->layers, slot, after, touched, p->nlayers, unpaid, p->tag,
                                claim->costs.total);
        if (st != HPR_OK) {
            hpr__settlement_reset(s, 0);
            return st;
        }
    }
    s->valid = true;
    return HPR_OK;
}
