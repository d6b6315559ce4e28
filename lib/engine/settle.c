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

#include "core/lang.h"
#include "engine/extension.h"
#include "engine/facts.h"
#include "engine/kinds.h"
#include "engine/ledger.h"
#include "engine/monitor.h"

/* Caps that every kind honours after its own computation (share applies its own). */
static void apply_common_caps(hpr_settlement *s, const hpr__facts *f, hpr__layer_io *io, hpr_money *paid)
{
    const hpr__layer *L = io->L;
    bool lifted = false;
    for (size_t i = 0; i < L->nmods; i++)
        if (L->mods[i].cap_lift && (io->mods_on >> i & 1))
            lifted = true;
    if (lifted)
        return;
    int level = f->claim->level;
    const hpr__pentry *cc = hpr__leveled_present(&L->cap_claim) ? hpr__leveled_at(&L->cap_claim, level, f->as_of) : NULL;
    const hpr__pentry *cy = hpr__leveled_present(&L->cap_year) ? hpr__leveled_at(&L->cap_year, level, f->as_of) : NULL;
    char a[HPR_MONEY_FORMAT_SIZE];
    if (cc && *paid > cc->value) {
        *paid = cc->value;
        if (s->explain) {
            hpr__fmt_money(a, cc->value);
            hpr__settlement_step(s, io->line, "per-claim cap %s applies%s%s%s", a, HPR__REF(cc));
        }
    }
    if (cy) {
        hpr_money room = cy->value - io->before.paid;
        if (room < 0)
            room = 0;
        if (*paid > room) {
            *paid = room;
            if (s->explain) {
                hpr__fmt_money(a, cy->value);
                hpr__settlement_step(s, io->line, "annual cap %s reached%s%s%s", a, HPR__REF(cy));
            }
        }
    }
}

/* ---- the claim ---------------------------------------------------------------- */

static inline hpr_status read_opts(const hpr_settle_options *opts, uint32_t *flags, hpr_lang *lang)
{
    *flags = 0;
    *lang = HPR_LANG_EN;
    if (!opts)
        return HPR_OK;
    if (opts->version == 0 || opts->version > HPR_SETTLE_OPTIONS_VERSION)
        return hpr__seterr(opts->version ? HPR_EVERSION : HPR_EINVAL,
                           "hpr_settle_options version %u: use HPR_SETTLE_OPTIONS_INIT", opts->version);
    const uint32_t known = HPR_SETTLE_EXPLAIN | HPR_SETTLE_STRICT;
    if (opts->flags & ~known)
        return hpr__seterr(HPR_EINVAL, "hpr_settle_options.flags has unknown bits 0x%x",
                           (unsigned)(opts->flags & ~known));
    *flags = opts->flags;
    if (opts->version >= 2) {
        *lang = opts->lang;
        if ((unsigned)*lang >= HPR_LANGS)
            return hpr__seterr(HPR_EINVAL, "hpr_settle_options.lang %d is not a language", (int)*lang);
    }
    return HPR_OK;
}

hpr_status hpr__settle_opts(const hpr_settle_options *opts, uint32_t *flags, hpr_lang *lang)
{
    return read_opts(opts, flags, lang);
}

hpr_status hpr_settle(hpr_settlement *result, hpr_ledger *ledger, const hpr_policy *policy,
                      const hpr_person *person, const hpr_claim *claim,
                      const hpr_settle_options *opts)
{
    if (!result || !policy || !person || !claim)
        return hpr__seterr(HPR_EINVAL, "hpr_settle: %s is NULL",
                           !result ? "result" : !policy ? "policy" : !person ? "person" : "claim");
    const struct hpr_policy *p = policy;
    result->valid = false; /* until it settles */
    uint32_t flags = 0;
    hpr_lang lang = HPR_LANG_EN;
    hpr_status st;
    if (opts && (st = read_opts(opts, &flags, &lang)) != HPR_OK)
        return st;
    st = hpr__check_person(person);
    if (st != HPR_OK)
        return st;
    if (result->lang != lang)
        hpr__settlement_set_lang(result, lang);
    return hpr__settle_claim(result, ledger, p, person, NULL, claim, flags);
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
    if (ledger->unrecorded)
        hpr__settlement_warn(s, "ledger_unrecorded", "the ledger does not list all the claims it counted (it "
                             "was written before hpr 1.2): it is checked against policy %s as before, and a "
                             "claim it counted unlisted would not be recognised if settled again", p->id);
    else if (ledger->fingerprint.set && strcmp(ledger->fingerprint.s, p->fingerprint) != 0)
        hpr__settlement_warn(s, "policy_changed", "the ledger was kept under another version of policy %s "
                             "(%s); its amounts are checked against this one (%s)", p->id, ledger->fingerprint.s,
                             p->fingerprint);
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
            return hpr__seterr(HPR_EINVAL, "ledger layer \"%s\": %s (%s > %s)", e->id, why, a, b);
        }
    }
    if (!matched && ledger->n)
        return hpr__seterr(HPR_EINVAL, "the ledger is from another policy: none of its %zu layers "
                                       "(\"%s\", ...) is a layer of policy %s",
                           ledger->n, ledger->e[0].id, p->id);
    for (size_t i = 0; i < ledger->n && matched < ledger->n; i++) {
        const hpr__lentry *e = &ledger->e[i];
        bool known = false;
        for (size_t k = 0; k < p->nlayers && !known; k++)
            known = hpr__idkey_same(&p->layers[k].idkey, p->layers[k].id, &e->key, e->id);
        if (known)
            continue;
        if (strict)
            return hpr__seterr(HPR_EINVAL, "ledger layer \"%s\" is not a layer of policy %s",
                               e->id, p->id);
        /* one warning, however many unknown entries */
        hpr__settlement_warn(s, "unknown_layer", "ledger layer \"%s\" is not a layer of policy %s; "
                             "its amounts are ignored (%zu unknown layers in all)", e->id, p->id,
                             ledger->n - matched);
        break;
    }
    return HPR_OK;
}

/* The explanation of a layer computed on the fixed fee. */
__attribute__((cold)) static void fee_step(hpr_settlement *s, hpr__sline *line, const hpr__layer *L,
                                           const hpr__pentry *e,
                                           hpr_money fee_base, hpr_money above, hpr_money cut,
                                           const hpr_claim *claim)
{
    char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE], c[HPR_MONEY_FORMAT_SIZE];
    hpr__fmt_money(a, e->value);
    hpr__fmt_money(b, L->base == HPR__BASE_FIXED_FEE ? fee_base : above);
    hpr__fmt_money(c, cut);
    const char *group = claim->version >= 2 ? claim->case_group : NULL;
    hpr__settlement_step(s, line, "fixed fee (定额) %s for %s%s%s%s%s%s%s; %s %s%s%s%s", a, s->cls.entry,
                         group ? " (" : "", group ? group : "", group ? ")" : "", HPR__REF(e),
                         L->base == HPR__BASE_FIXED_FEE ? HPR__T(s->lang, "the claim's share base is")
                                                         : HPR__T(s->lang, "the cost above it is"),
                         b, cut ? HPR__T(s->lang, "; the hospital bears ") : "", cut ? c : "",
                         cut ? HPR__T(s->lang, " above the fee") : "");
}

__attribute__((noinline, cold)) static hpr_status refuse_person(const hpr_ledger *l, const hpr_person *person)
{
    return hpr__seterr(HPR_EINVAL, "the ledger is person %s's, not %s's: each person has a ledger of "
                                   "their own", l->person.s, person->id);
}

__attribute__((noinline, cold)) static hpr_status refuse_policy(const hpr_ledger *l, const struct hpr_policy *p)
{
    return hpr__seterr(HPR_EINVAL, "the ledger is from another policy: it was kept under policy %s, not "
                                   "%s", l->policy_id.s, p->id);
}

__attribute__((noinline, cold)) static hpr_status refuse_order(const hpr_ledger *l, const hpr_claim *claim,
                                                               hpr_date d)
{
    const hpr__lrec *last = &l->rec[l->nrec - 1];
    char a[HPR_DATE_FORMAT_SIZE], b[HPR_DATE_FORMAT_SIZE];
    hpr_date_format(a, sizeof a, d);
    hpr_date_format(b, sizeof b, last->as_of);
    return hpr__seterr(HPR_EINVAL, "claim %s is dated %s, before claim %s (%s), which the ledger has counted: "
                                   "claims are counted in date order; reverse the later claims and settle "
                                   "them again after this one (hpr_settle_reverse)",
                       claim->id, a, hpr__lrec_id(l, last), b);
}

static hpr_status settle_valid(hpr_settlement *s, hpr_ledger *ledger, const struct hpr_policy *p,
                               const hpr_person *person, const int *kinds, const hpr_claim *claim,
                               uint32_t flags);

/* Whether two records of a claim added the same amounts. */
static bool same_amounts(const hpr_ledger *a, const hpr__lrec *ra, const hpr_ledger *b, const hpr__lrec *rb)
{
    if (ra->nd != rb->nd || memcmp(ra->patient, rb->patient, sizeof ra->patient) != 0)
        return false;
    for (uint32_t j = 0; j < ra->nd; j++) {
        const hpr__ldelta *x = &a->d[ra->d_first + j], *y = &b->d[rb->d_first + j];
        if (strcmp(a->e[x->slot].id, b->e[y->slot].id) != 0 || x->add.base != y->add.base ||
            x->add.deductible != y->add.deductible || x->add.paid != y->add.paid ||
            x->add.claims != y->add.claims)
            return false;
    }
    return true;
}

/* A claim the ledger has counted (rec[k]), settled again: the same content
 * settled on the ledger as it was before the claim gives the settlement
 * back, the ledger unchanged; other content or other amounts are refused. */
__attribute__((noinline, cold)) static hpr_status settle_again(hpr_settlement *s, const hpr_ledger *ledger,
                                                               const struct hpr_policy *p,
                                                               const hpr_person *person, const int *kinds,
                                                               const hpr_claim *claim, uint32_t flags,
                                                               size_t k, uint64_t content)
{
    if (hpr__lrec_content(&ledger->rec[k]) != content)
        return hpr__seterr(HPR_EINVAL, "claim %s was already settled with other amounts or content: reverse "
                                       "it first (hpr_settle_reverse), then settle the corrected claim",
                           claim->id);
    hpr_ledger *before;
    hpr_status st = hpr_ledger_copy(&before, ledger);
    if (st != HPR_OK)
        return st;
    hpr__ledger_rollback(before, k);
    st = settle_valid(s, before, p, person, kinds, claim, flags);
    if (st == HPR_OK && (before->nrec != k + 1 || !same_amounts(ledger, &ledger->rec[k], before, &before->rec[k]))) {
        hpr__settlement_reset(s, 0);
        st = hpr__seterr(HPR_EINVAL, "claim %s was already settled with other amounts (the person or the "
                                     "policy has changed since): reverse it first (hpr_settle_reverse), then "
                                     "settle it again", claim->id);
    }
    hpr_ledger_free(before);
    if (st == HPR_OK) {
        char a[HPR_DATE_FORMAT_SIZE];
        hpr_date_format(a, sizeof a, ledger->rec[k].as_of);
        hpr__settlement_warn(s, "already_counted", "claim %s was counted already (as of %s): the same "
                             "settlement is returned and the ledger is unchanged", claim->id, a);
        if (s->oom) {
            hpr__settlement_reset(s, 0);
            st = hpr__seterr(HPR_ENOMEM, "out of memory settling claim %s", claim->id);
        }
    }
    return st;
}

/* A claim through the policy's layers: s was reset for them, the person
 * and the claim are valid. */
static hpr_status settle_valid(hpr_settlement *s, hpr_ledger *ledger, const struct hpr_policy *p,
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
    size_t idlen = strlen(claim->id);
    hpr__lclaim lc = {.all_known = true};
    if (ledger) { /* the record: whose ledger, which policy, a retry, the order */
        lc.claim = claim;
        lc.id_len = idlen;
        lc.as_of = d;
        if (ledger->person.set && strcmp(ledger->person.s, person->id) != 0)
            return refuse_person(ledger, person);
        if (ledger->ptag != p->tag && ledger->policy_id.set && strcmp(ledger->policy_id.s, p->id) != 0)
            return refuse_policy(ledger, p);
        if (same_year && ledger->nrec) {
            size_t k = ledger->idbits & hpr__id_bit(claim->id, idlen) ? hpr__ledger_rec_find(ledger, claim->id, idlen)
                                                                        : SIZE_MAX;
            if (k != SIZE_MAX)
                return settle_again(s, ledger, p, person, kinds, claim, flags, k, hpr__claim_hash(claim));
            if (d < ledger->rec[ledger->nrec - 1].as_of)
                return refuse_order(ledger, claim, d);
            if (ledger->nrec >= HPR_LEDGER_MAX_CLAIMS)
                return hpr__seterr(HPR_EOVERFLOW, "claim %s: the ledger has counted %d claims of policy year "
                                   "%d, the most one ledger records", claim->id, HPR_LEDGER_MAX_CLAIMS, year);
        }
    }
    /* a ledger read from outside, or last used with another policy */
    /* a year total can pass HPR__AMOUNT_MAX (or a count HPR__CLAIMS_MAX)
     * only when the ledger is near it (ledger.h: bound) */
    bool near = same_year && ledger->bound > HPR__AMOUNT_MAX - HPR__CLAIM_WEIGHT - claim->costs.total;
    if (same_year && (ledger->n || ledger->unrecorded) && ledger->checked != p->tag) {
        if ((st = check_ledger(s, ledger, p, flags & HPR_SETTLE_STRICT)) != HPR_OK) {
            hpr__settlement_reset(s, 0);
            return st;
        }
        ledger->checked = p->tag; /* not again while it is used with this policy */
    }

    hpr_status xerr = HPR_OK; /* an extension condition that could not be evaluated */
    hpr__facts f = {.claim = claim, .as_of = d, .batch = 0, .person = person, .xholds = hpr__xholds,
                    .xerr = &xerr};
    const char *unknown_kind = NULL;
    f.categories = hpr__categories_on(p, person, kinds, d, &unknown_kind);
    if (unknown_kind && (flags & HPR_SETTLE_STRICT))
        return hpr__seterr(HPR_EINVAL, "claim %s: status kind \"%s\" is not declared by policy %s (strict)",
                           claim->id, unknown_kind, p->id);
    if (unknown_kind) /* one warning a claim, for the first undeclared kind */
        hpr__settlement_warn(s, "unknown_status",
                             "status kind \"%s\" is not declared by policy %s; ignored, as is any "
                             "other undeclared kind", unknown_kind, p->id);
    f.enrolled = hpr__enrolled_on(person, d);
    f.family_doctor = person->family_doctor_contract != 0;
    hpr_money patient_before = same_year ? hpr_ledger_patient_paid(ledger) : 0;
    f.patient_before = patient_before;
    s->cls.want_reasons = s->explain;
    if ((st = hpr__classify(&s->cls, p, person, claim, d, f.categories, patient_before)) != HPR_OK) {
        hpr__settlement_reset(s, 0);
        return st;
    }
    f.batch = (int)s->cls.batch;
    f.entry = s->cls.entry;
    f.bits = hpr__facts_bits(&f);
    s->categories = f.categories;
    s->enrolled = f.enrolled;
    s->tfpl = p->has_tfpl ? hpr__cond_holds(&p->tfpl, &f, 1) : -1;
    s->one_stop = p->has_one_stop ? hpr__cond_holds(&p->one_stop, &f, 1) : -1;
    s->batch = f.batch;
    s->as_of = d;
    s->policy_year = year;
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
    /* a fixed fee per case (定额): the layers with a fee base share it; above
     * it, the hospital bears the cost or the layers pay as usual */
    hpr_money fee_base = -1, above_fee = -1, fee_cut = 0; /* -1: no fixed fee for this claim */
    const hpr__fixed_fee *fee = NULL;
    const hpr__pentry *fee_e = NULL;
    if (p->nfees && s->cls.entry) {
        bool other_groups;
        const char *group = claim->version >= 2 ? claim->case_group : NULL;
        fee = hpr__policy_fee(p, s->cls.entry, group, &other_groups);
        fee_e = fee ? hpr__leveled_at(&fee->amount, claim->level, d) : NULL;
        if (!fee && other_groups)
            hpr__settlement_warn(s, "no_fixed_fee", "policy %s has fixed fees for %s, but none for case "
                                 "group \"%s\"; the claim is settled without one", p->id, s->cls.entry,
                                 group ? group : "(none)");
        if (fee_e) {
            hpr_money cost = bucket[0] + bucket[1] + bucket[2];
            fee_base = cost < fee_e->value ? cost : fee_e->value;
            above_fee = cost - fee_base;
            if (p->fee_above == HPR__FEE_ABOVE_HOSPITAL && above_fee > 0) {
                hpr_money left = fee_cut = above_fee; /* off the buckets like the waiver */
                for (int i = 0; i < HPR__NBUCKETS && left > 0; i++) {
                    int b = p->waiver_order[i];
                    hpr_money take = bucket[b] < left ? bucket[b] : left;
                    bucket[b] -= take;
                    left -= take;
                }
                above_fee = 0;
            }
        }
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
        line->pub = (hpr_settlement_line){.layer = L->id,
                                          .name = L->name,
                                          .payer = hpr__payer_names[L->payer]};
        line->steps = NULL;
        line->capsteps = 0;
        touched[li] = false;
        slot[li] = SIZE_MAX;
        if (d < L->eff_from || d > L->eff_to) {
            line->pub.reason = HPR__N("the layer is not in force on the as-of date");
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
        hpr__layer_io io;
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
        hpr_money unpaid_covered = io.unpaid_covered; /* what a fee base may pay at most */
        if (L->base != HPR__BASE_UNPAID) {
            if (fee_base < 0) {
                line->pub.reason = HPR__N("the claim has no fixed fee (定额) under the policy");
                continue;
            }
            if (L->base == HPR__BASE_FIXED_FEE)
                io.unpaid_covered = fee_base;
            else if (above_fee < io.unpaid_covered)
                io.unpaid_covered = above_fee;
            if (s->explain)
                fee_step(s, line, L, fee_e, fee_base, above_fee, fee_cut, claim);
        }
        for (size_t i = 0; i < L->nmods; i++)
            if (hpr__cond_holds(&L->mods[i].when, &f, claims_n))
                io.mods_on |= (uint64_t)1 << i;
        if (L->base_excludes_shortfall && shortfall > 0) {
            hpr_money cut = shortfall < io.unpaid_covered ? shortfall : io.unpaid_covered;
            io.unpaid_covered -= cut;
            if (s->explain && cut > 0) {
                char a[HPR_MONEY_FORMAT_SIZE];
                hpr__fmt_money(a, cut);
                hpr__settlement_step(s, line, "%s left out of the base: the shortfall of earlier "
                                              "layers", a);
            }
        }
        hpr_money paid = 0, layer_shortfall = 0;
        switch (L->kind) {
        case HPR__K_SHARE:
        case HPR__K_REMAINDER_SHARE:
            st = hpr__run_share(s, &f, &io, &paid, &layer_shortfall);
            shortfall += layer_shortfall;
            break;
        case HPR__K_OOP_CAP:
            hpr__run_oop_cap(s, &f, &io, &paid);
            break;
        case HPR__K_EXTENSION:
            st = hpr__run_extension(s, &f, &io, &paid);
            break;
        case HPR__K_TARGET_RATIO:
            for (int k = 0; k < L->ncovers; k++)
                io.covered_total += bucket[L->covers[k]];
            st = hpr__run_target_ratio(s, &f, &io, &paid);
            break;
        }
        if (st != HPR_OK) {
            hpr__settlement_reset(s, 0);
            return st;
        }
        if (paid < 0) /* the layer has no value for this claim: reason set */
            continue;
        if (paid > unpaid_covered) { /* a share of the fixed fee, no more than is unpaid */
            paid = unpaid_covered;
            if (s->explain) {
                char a[HPR_MONEY_FORMAT_SIZE];
                hpr__fmt_money(a, paid);
                hpr__settlement_step(s, line, "limited to the %s still unpaid", a);
            }
        }
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
        else if (L->kind == HPR__K_TARGET_RATIO || L->kind == HPR__K_EXTENSION)
            io.after.base = io.before.base + io.unpaid_covered;
        after[li] = io.after;
        touched[li] = true;
        lc.ntouched++;
        lc.all_known &= slot[li] != SIZE_MAX;
        if (near && (io.after.base > HPR__AMOUNT_MAX || io.after.paid > HPR__AMOUNT_MAX ||
                     io.after.claims > HPR__CLAIMS_MAX))
            over_layer = li + 1;
        paid_total += paid;
        if (s->explain) {
            char a[HPR_MONEY_FORMAT_SIZE];
            hpr__fmt_money(a, paid);
            hpr__settlement_step(s, line, "paid %s%s%s%s", a, L->ref ? " [" : "", L->ref ? L->ref : "",
                                 L->ref ? "]" : "");
        }
    }

    if (xerr != HPR_OK) { /* the record holds the call's message */
        hpr__settlement_reset(s, 0);
        return xerr;
    }
    /* names and reasons (English templates, HPR__N) in the caller's
     * language, in one pass that English never takes */
    if (s->lang != HPR_LANG_EN)
        for (size_t li = 0; li < p->nlayers; li++) {
            s->lines[li].pub.name = p->layers[li].names[s->lang];
            if (s->lines[li].pub.reason)
                s->lines[li].pub.reason = hpr__tr(s->lang, s->lines[li].pub.reason);
        }
    s->total = claim->costs.total;
    s->waiver = claim->costs.waiver + fee_cut;
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
    if (p->nmonitors) {
        hpr__crossing crossed[64];
        s->ncrossed = hpr__monitor_crossings(crossed, p, person, f.categories, d, patient_before,
                                             s->patient_year);
        for (size_t i = 0; i < s->ncrossed; i++) {
            char text[512];
            hpr__crossing_message(text, sizeof text, &crossed[i], s->patient_year);
            s->crossed[i] = crossed[i].rule->id;
            s->crossed_mask |= (uint64_t)1 << (crossed[i].rule - p->monitors);
            hpr__settlement_warn(s, "relapse_risk", "%s", text);
        }
    }
    if (s->oom) {
        hpr__settlement_reset(s, 0);
        return hpr__seterr(HPR_ENOMEM, "out of memory explaining claim %s", claim->id);
    }
    if (ledger) {
        if (!ledger->person.set || ledger->ptag != p->tag || !ledger->policy_id.set)
            st = hpr__ledger_own(ledger, person, p);
        if (st == HPR_OK)
            st = hpr__ledger_commit(ledger, year, p->layers, slot, after, touched, p->nlayers, unpaid, p->tag,
                                    &lc);
        if (st != HPR_OK) {
            hpr__settlement_reset(s, 0);
            return st;
        }
    }
    s->valid = true;
    return HPR_OK;
}

hpr_status hpr__settle_claim(hpr_settlement *s, hpr_ledger *ledger, const struct hpr_policy *p,
                             const hpr_person *person, const int *kinds, const hpr_claim *claim,
                             uint32_t flags)
{
    hpr_status st = hpr__settlement_reset(s, p->nlayers);
    if (st == HPR_OK && (st = hpr__check_claim(claim)) == HPR_OK)
        st = settle_valid(s, ledger, p, person, kinds, claim, flags);
    return st;
}

uint64_t hpr__settlement_categories(const hpr_settlement *s) { return s->categories; }

uint64_t hpr__settlement_crossed_mask(const hpr_settlement *s) { return s->crossed_mask; }
