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

/* ---- input validation ---------------------------------------------------- */

static bool date_ok(hpr_date d) { return hpr_date_to_ymd(d, NULL, NULL, NULL) == HPR_OK; }

static hpr_status check_period(const char *what, size_t i, const char *name, hpr_date from,
                               hpr_date to)
{
    if (!name)
        return hpr__seterr(HPR_EINVAL, "person %s[%zu] has no name", what, i);
    if (!date_ok(from))
        return hpr__seterr(HPR_EINVAL, "person %s[%zu] (%s): \"from\" is not a valid date", what, i, name);
    if (to != HPR_DATE_OPEN && (!date_ok(to) || to < from))
        return hpr__seterr(HPR_EINVAL, "person %s[%zu] (%s): \"to\" is not a date on or after \"from\"",
                           what, i, name);
    return HPR_OK;
}

static hpr_status check_person(const hpr_person *p)
{
    if (p->version == 0 || p->version > HPR_PERSON_VERSION)
        return hpr__seterr(p->version ? HPR_EVERSION : HPR_EINVAL,
                           "hpr_person version %u: use HPR_PERSON_INIT or hpr_person_init()", p->version);
    if (!p->id)
        return hpr__seterr(HPR_EINVAL, "person: id is NULL");
    if (!date_ok(p->birth_date))
        return hpr__seterr(HPR_EINVAL, "person %s: birth_date is not a valid date", p->id);
    if ((p->nstatuses && !p->statuses) || (p->nenrollments && !p->enrollments))
        return hpr__seterr(HPR_EINVAL, "person %s: %s is NULL but its count is not 0", p->id,
                           p->nstatuses && !p->statuses ? "statuses" : "enrollments");
    for (size_t i = 0; i < p->nstatuses; i++) {
        hpr_status st = check_period("statuses", i, p->statuses[i].kind, p->statuses[i].from,
                                     p->statuses[i].to);
        if (st != HPR_OK)
            return st;
    }
    for (size_t i = 0; i < p->nenrollments; i++) {
        hpr_status st = check_period("enrollments", i, p->enrollments[i].scheme,
                                     p->enrollments[i].from, p->enrollments[i].to);
        if (st != HPR_OK)
            return st;
    }
    if (p->income_per_capita < -1)
        return hpr__seterr(HPR_EINVAL, "person %s: income_per_capita is negative", p->id);
    return HPR_OK;
}

static hpr_status check_claim(const hpr_claim *c)
{
    if (c->version == 0 || c->version > HPR_CLAIM_VERSION)
        return hpr__seterr(c->version ? HPR_EVERSION : HPR_EINVAL,
                           "hpr_claim version %u: use HPR_CLAIM_INIT or hpr_claim_init()", c->version);
    if (!c->id)
        return hpr__seterr(HPR_EINVAL, "claim: id is NULL");
    if ((unsigned)c->type > HPR_CLAIM_OUTPATIENT)
        return hpr__seterr(HPR_EINVAL, "claim %s: unknown type %d", c->id, (int)c->type);
    if ((unsigned)c->level > HPR_LEVEL_PROVINCE)
        return hpr__seterr(HPR_EINVAL, "claim %s: unknown facility level %d", c->id, (int)c->level);
    if ((unsigned)c->location > HPR_LOCATION_OUT_OF_PROVINCE)
        return hpr__seterr(HPR_EINVAL, "claim %s: unknown location %d", c->id, (int)c->location);
    if (!date_ok(c->admission_date) || !date_ok(c->discharge_date))
        return hpr__seterr(HPR_EINVAL, "claim %s: %s is not a valid date", c->id,
                           date_ok(c->admission_date) ? "discharge_date" : "admission_date");
    if (c->discharge_date < c->admission_date)
        return hpr__seterr(HPR_EINVAL, "claim %s: discharge_date is before admission_date", c->id);
    if ((c->ndesignated && !c->designated) || (c->ndiagnoses && !c->diagnoses))
        return hpr__seterr(HPR_EINVAL, "claim %s: %s is NULL but its count is not 0", c->id,
                           c->ndiagnoses && !c->diagnoses ? "diagnoses" : "designated");
    for (size_t i = 0; i < c->ndiagnoses; i++)
        if (!c->diagnoses[i])
            return hpr__seterr(HPR_EINVAL, "claim %s: diagnoses[%zu] is NULL", c->id, i);
    for (size_t i = 0; i < c->ndesignated; i++)
        if (!c->designated[i])
            return hpr__seterr(HPR_EINVAL, "claim %s: designated[%zu] is NULL", c->id, i);
    const hpr_costs *k = &c->costs;
    const struct { const char *name; hpr_money v; } parts[] = {
        {"total", k->total}, {"in_scope", k->in_scope}, {"class_b_self", k->class_b_self},
        {"out_of_catalog", k->out_of_catalog}, {"waiver", k->waiver}};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (parts[i].v < 0)
            return hpr__seterr(HPR_EINVAL, "claim %s: costs.%s is negative", c->id, parts[i].name);
    hpr_money sum;
    if (__builtin_add_overflow(k->in_scope, k->class_b_self, &sum) ||
        __builtin_add_overflow(sum, k->out_of_catalog, &sum))
        return hpr__seterr(HPR_EOVERFLOW, "claim %s: the cost buckets overflow", c->id);
    if (sum != k->total) {
        char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE];
        hpr_money_format(a, sizeof a, sum);
        hpr_money_format(b, sizeof b, k->total);
        return hpr__seterr(HPR_EINVAL,
                           "claim %s: in_scope + class_b_self + out_of_catalog = %s, but total is %s",
                           c->id, a, b);
    }
    if (k->waiver > k->total)
        return hpr__seterr(HPR_EINVAL, "claim %s: costs.waiver is larger than costs.total", c->id);
    /* Amounts beyond 10^15 fen (10 trillion yuan) cannot be a claim; the
     * bound keeps every intermediate product far from overflow. */
    if (k->total > (hpr_money)1000000000000000LL)
        return hpr__seterr(HPR_EOVERFLOW, "claim %s: costs.total is implausibly large", c->id);
    return HPR_OK;
}

/* ---- who the person is on the as-of date ---------------------------------- */

static uint64_t categories_on(const struct hpr_policy *p, const hpr_person *person, hpr_date d,
                              hpr_settlement *s)
{
    uint64_t active = 0;
    for (size_t i = 0; i < person->nstatuses; i++) {
        const hpr_status_period *st = &person->statuses[i];
        int k = p->status_kinds ? hpr__name_index(p->status_kinds, st->kind) : -1;
        if (k < 0) {
            if (s)
                hpr__settlement_warn(s, "unknown_status",
                                     "status kind \"%s\" is not declared by policy %s; ignored",
                                     st->kind, p->id);
            continue;
        }
        if (st->from <= d && d <= st->to)
            active |= (uint64_t)1 << k;
    }
    uint64_t cats = 0;
    for (size_t c = 0; c < p->ncategories; c++) {
        const hpr__category *cat = &p->categories[c];
        bool member = (cat->statuses & active) != 0;
        if (!member && cat->exit_status >= 0) {
            const hpr__pentry *years = hpr__param_at(cat->exit_years, d);
            for (size_t i = 0; years && i < person->nstatuses && !member; i++) {
                const hpr_status_period *st = &person->statuses[i];
                if (strcmp(st->kind, p->status_kinds[cat->exit_status]) != 0)
                    continue;
                hpr_date end;
                /* in the category for n whole years after the exit: up to the day
                 * before its n-th anniversary */
                if (st->from <= d && d <= st->to &&
                    hpr_date_add_years(&end, st->from, (int)years->value) == HPR_OK && d < end)
                    member = true;
            }
        }
        if (member)
            cats |= (uint64_t)1 << c;
    }
    return cats;
}

static bool enrolled_on(const hpr_person *person, hpr_date d)
{
    for (size_t i = 0; i < person->nenrollments; i++)
        if (person->enrollments[i].from <= d && d <= person->enrollments[i].to)
            return true;
    return false;
}

typedef struct facts {
    const hpr_claim *claim;
    hpr_date as_of;
    uint64_t categories;
    bool enrolled;
    bool family_doctor;
    int batch;
} facts;

/* Why a condition fails, or NULL if it holds. `claims_n` is this claim's
 * number among the claims the layer sees this year. */
static const char *cond_fails(const hpr__cond *c, const facts *f, int claims_n)
{
    const hpr_claim *cl = f->claim;
    if (c->claim_types && !(c->claim_types & (1u << cl->type)))
        return "the claim type is not covered";
    if (c->levels && !(c->levels & (1u << cl->level)))
        return "the facility level is not covered";
    if (c->locations && !(c->locations & (1u << cl->location)))
        return "care at this location is not covered";
    if (c->referral == 1 && !cl->referral)
        return "requires a referral";
    if (c->referral == 0 && cl->referral)
        return "applies only to care without referral";
    if ((c->referral_required_at & (1u << cl->location)) && !cl->referral)
        return "care at this location needs a referral";
    if (c->enrolled == 1 && !f->enrolled)
        return "the person is not enrolled on the as-of date";
    if (c->enrolled == 0 && f->enrolled)
        return "applies only to persons not enrolled";
    if (c->family_doctor == 1 && !f->family_doctor)
        return "requires a family doctor contract";
    if (c->categories && !(c->categories & f->categories))
        return "the person is in none of the required categories on the as-of date";
    if (c->batches && !(c->batches & (1u << f->batch)))
        return "the claim's treatment batch is not covered";
    if (c->min_claims_in_year && claims_n < c->min_claims_in_year)
        return "applies only from a later claim in the policy year";
    if (f->as_of < c->from || f->as_of > c->to)
        return "not in force on the as-of date";
    return NULL;
}

/* ---- layers ----------------------------------------------------------------- */

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
} layer_io;

/* share and remainder_share: deductible, bands, caps. With skip_shortfall the
 * modifiers marked "shortfall" are left out (to measure what they took away). */
static hpr_status share_core(hpr_settlement *s, const facts *f, layer_io *io, hpr_money *paid_out,
                             int claims_n, bool skip_shortfall)
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
        if ((skip_shortfall && m->shortfall) || cond_fails(&m->when, f, claims_n))
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
    /* round once: exact is in millionths of a fen */
    i128 whole = exact / HPR_RATIO_ONE;
    i128 frac = exact % HPR_RATIO_ONE;
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
static hpr_status run_share(hpr_settlement *s, const facts *f, layer_io *io, hpr_money *paid_out,
                            hpr_money *shortfall_out, int claims_n)
{
    *shortfall_out = 0;
    bool has_shortfall = false;
    for (size_t i = 0; i < io->L->nmods && !has_shortfall; i++)
        has_shortfall = io->L->mods[i].shortfall && !cond_fails(&io->L->mods[i].when, f, claims_n);
    hpr_money full = 0;
    if (has_shortfall) {
        layer_io dry = *io;
        hpr__sline dry_line = *io->line;
        dry.line = &dry_line;
        bool ex = s->explain;
        s->explain = false;
        hpr_status st = share_core(s, f, &dry, &full, claims_n, true);
        s->explain = ex;
        if (st != HPR_OK)
            return st;
    }
    hpr_status st = share_core(s, f, io, paid_out, claims_n, false);
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

static void run_oop_cap(hpr_settlement *s, const facts *f, layer_io *io, hpr_money *paid_out)
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

static hpr_status run_target(hpr_settlement *s, const facts *f, layer_io *io, hpr_money *paid_out)
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
static void apply_common_caps(hpr_settlement *s, const facts *f, layer_io *io, hpr_money *paid,
                              int claims_n)
{
    const hpr__layer *L = io->L;
    bool lifted = false;
    for (size_t i = 0; i < L->nmods; i++)
        if (L->mods[i].cap_lift && !cond_fails(&L->mods[i].when, f, claims_n))
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
    if (opts && (opts->flags & ~(uint32_t)HPR_SETTLE_EXPLAIN))
        return hpr__seterr(HPR_EINVAL, "hpr_settle_options.flags has unknown bits 0x%x",
                           (unsigned)(opts->flags & ~(uint32_t)HPR_SETTLE_EXPLAIN));
    if ((st = check_person(person)) != HPR_OK || (st = check_claim(claim)) != HPR_OK)
        return st;

    hpr_settlement *s = result;
    s->explain = opts && (opts->flags & HPR_SETTLE_EXPLAIN);
    s->policy = p;
    hpr_date d = p->as_of == HPR__AS_OF_ADMISSION ? claim->admission_date : claim->discharge_date;
    if (d < p->effective_from || d > p->effective_to) {
        char t[HPR_DATE_FORMAT_SIZE];
        hpr_date_format(t, sizeof t, d);
        return hpr__seterr(HPR_EINVAL, "claim %s: as-of date %s is outside the effective period of "
                                       "policy %s", claim->id, t, p->id);
    }
    int year;
    if ((st = hpr_date_policy_year(&year, d, p->year_start_month, p->year_start_day)) != HPR_OK)
        return st;
    if (ledger && ledger->year > year)
        return hpr__seterr(HPR_EINVAL,
                           "claim %s is in policy year %d but the ledger is already in %d: settle a "
                           "person's claims in date order",
                           claim->id, year, ledger->year);
    bool same_year = ledger && ledger->year == year;

    facts f = {.claim = claim, .as_of = d, .batch = 0};
    f.categories = categories_on(p, person, d, s);
    f.enrolled = enrolled_on(person, d);
    f.family_doctor = person->family_doctor_contract != 0;
    s->categories = f.categories;
    s->batch = f.batch;
    s->as_of = d;
    s->policy_year = year;
    s->claim_id = hpr__arena_strndup(&s->arena, claim->id, strlen(claim->id));
    if (!s->claim_id)
        return hpr__seterr(HPR_ENOMEM, "out of memory settling claim %s", claim->id);

    /* the hospital's waiver comes off first, in the policy's order */
    hpr_money bucket[HPR__NBUCKETS] = {claim->costs.in_scope, claim->costs.class_b_self,
                                       claim->costs.out_of_catalog};
    hpr_money waiver_left = claim->costs.waiver;
    for (int i = 0; i < HPR__NBUCKETS; i++) {
        int b = p->waiver_order[i];
        hpr_money take = bucket[b] < waiver_left ? bucket[b] : waiver_left;
        bucket[b] -= take;
        waiver_left -= take;
    }
    hpr_money unpaid[HPR__NBUCKETS] = {bucket[0], bucket[1], bucket[2]};

    hpr_ledger_entry after[64];
    bool touched[64];
    const char *ids[64];
    hpr_money paid_total = 0;
    hpr_money shortfall = 0; /* reductions marked "shortfall" so far on this claim */
    for (size_t li = 0; li < p->nlayers; li++) {
        const hpr__layer *L = &p->layers[li];
        hpr__sline *line = &s->lines[li];
        line->pub.layer = L->id;
        line->pub.name = L->name;
        line->pub.payer = hpr__payer_names[L->payer];
        ids[li] = L->id;
        touched[li] = false;
        layer_io io = {.L = L, .line = line};
        const hpr_ledger_entry *prev = same_year ? hpr__ledger_find(ledger, L->id) : NULL;
        if (prev)
            io.before = *prev;
        io.after = io.before;
        int claims_n = io.before.claims + 1;
        for (int k = 0; k < L->ncovers; k++) {
            io.unpaid_covered += unpaid[L->covers[k]];
            io.covered_total += bucket[L->covers[k]];
        }
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
        if (d < L->eff_from || d > L->eff_to) {
            line->pub.reason = "the layer is not in force on the as-of date";
            continue;
        }
        const char *why = cond_fails(&L->applies, &f, claims_n);
        if (why) {
            line->pub.reason = why;
            continue;
        }
        hpr_money paid = 0, layer_shortfall = 0;
        switch (L->kind) {
        case HPR__K_SHARE:
        case HPR__K_REMAINDER_SHARE:
            st = run_share(s, &f, &io, &paid, &layer_shortfall, claims_n);
            shortfall += layer_shortfall;
            break;
        case HPR__K_OOP_CAP:
            run_oop_cap(s, &f, &io, &paid);
            break;
        case HPR__K_TARGET_RATIO:
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
            apply_common_caps(s, &f, &io, &paid, claims_n);
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
    s->patient_year = (same_year ? hpr_ledger_patient_paid(ledger) : 0) + s->patient;
    if (ledger) {
        st = hpr__ledger_commit(ledger, year, ids, after, touched, p->nlayers, unpaid);
        if (st != HPR_OK) {
            hpr__settlement_reset(s, 0);
            return st;
        }
    }
    s->valid = true;
    return HPR_OK;
}
