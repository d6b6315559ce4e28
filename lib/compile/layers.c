/* SPDX-License-Identifier: MIT */
/* Reading the sections "status_kinds", "categories", "waiver_order" and
 * "layers" of a policy (docs/policy-format.md) into flat tables, with
 * every inconsistency reported where it is. */
#include <string.h>

#include "compile/compile.h"
#include "compile/extends.h"
#include "compile/reader.h"
#include "core/names.h"
#include "model/policy.h"

static const hpr__pspec MONEY = {HPR__P_MONEY, 0, INT64_MAX / 4};
static const hpr__pspec RATIO01 = {HPR__P_RATIO, 0, HPR_RATIO_ONE};
static const hpr__pspec RATIO_DELTA = {HPR__P_RATIO, -HPR_RATIO_ONE, HPR_RATIO_ONE};
static const hpr__pspec SCALE = {HPR__P_RATIO, 0, 10 * HPR_RATIO_ONE};

/* A set's dated value ({"2024-01-01": ...}) over a base value by level: a
 * dated set keeps the base's earlier entries, which a by_level value has
 * not, so it is the set's error (not the base's). */
static bool dated_over_levels(const hpr__reader *r, const cJSON *m)
{
    const cJSON *was = r->chain ? hpr__chain_replaced(r->chain, m) : NULL;
    const char *k = cJSON_IsObject(m) && m->child ? m->child->string : NULL;
    bool dated = k && strlen(k) == 10 && k[4] == '-' && k[7] == '-';
    return was && dated && cJSON_IsObject(was) && cJSON_GetObjectItemCaseSensitive(was, "by_level");
}

/* A leveled value: a parameter, or {"by_level": {"county": param, ...}}. */
bool hpr__rd_leveled(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                     const hpr__pspec *spec, hpr__leveled *out)
{
    memset(out, 0, sizeof *out);
    const cJSON *m = hpr__rd_member(r, obj, key, required);
    if (!m)
        return !required;
    size_t mark = hpr__rd_push(r, key);
    bool ok = true;
    const cJSON *bl = cJSON_IsObject(m) ? cJSON_GetObjectItemCaseSensitive(m, "by_level") : NULL;
    if (bl) {
        static const char *const keys[] = {"by_level", "note", NULL};
        ok = hpr__rd_object(r, m, "a value by level", keys);
        size_t m2 = hpr__rd_push(r, "by_level");
        if (hpr__rd_object(r, bl, "\"by_level\"", hpr__level_names)) {
            out->leveled = true;
            for (int lv = 0; lv < HPR__NLEVELS; lv++)
                ok = hpr__rd_param(r, bl, hpr__level_names[lv], false, spec, &out->by_level[lv]) &&
                     ok;
            if (!bl->child) {
                hpr__rd_error(r, bl, "\"by_level\" names no level");
                ok = false;
            }
        } else {
            ok = false;
        }
        hpr__rd_pop(r, m2);
    } else if (dated_over_levels(r, m)) {
        hpr__rd_error(r, m, "a dated value cannot replace a value the base gives by level (\"by_level\"): set "
                      "%s/by_level/LEVEL (each level you change), or set the whole value with \"by_level\"",
                      r->path.ptr && r->path.ptr[0] ? r->path.ptr : "it");
        ok = false;
    } else {
        ok = hpr__rd_param_node(r, m, spec, NULL, &out->all);
    }
    hpr__rd_pop(r, mark);
    return ok;
}

static const char *const MOD_KEYS[] = {"when",           "label",          "ref",
                                       "ratio_add",      "ratio_set",      "deductible_scale",
                                       "deductible_set", "deductible_waive", "cap_lift",
                                       "cap_year_set",   "shortfall",      "note",
                                       NULL};

static bool read_modifier(hpr__reader *r, const cJSON *node, hpr__modifier *m)
{
    if (!hpr__rd_object(r, node, "a modifier", MOD_KEYS))
        return false;
    bool ok = true;
    const cJSON *when = hpr__rd_member(r, node, "when", true);
    if (when) {
        size_t mark = hpr__rd_push(r, "when");
        ok = hpr__read_cond(r, when, "\"when\"", &m->when) && ok;
        hpr__rd_pop(r, mark);
    } else {
        ok = false;
    }
    ok = hpr__rd_text(r, node, "label", false, &m->label, &m->label_zh) && ok;
    ok = hpr__rd_string(r, node, "ref", false, &m->ref) && ok;
    if (m->ref && !hpr__rd_ref_ok(r, m->ref)) {
        size_t mark = hpr__rd_push(r, "ref");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "ref"),
                      "ref \"%s\" does not start with the id of a declared source", m->ref);
        hpr__rd_pop(r, mark);
        ok = false;
    }
    ok = hpr__rd_param(r, node, "ratio_add", false, &RATIO_DELTA, &m->ratio_add) && ok;
    ok = hpr__rd_param(r, node, "ratio_set", false, &RATIO01, &m->ratio_set) && ok;
    ok = hpr__rd_param(r, node, "deductible_scale", false, &SCALE, &m->deductible_scale) && ok;
    ok = hpr__rd_param(r, node, "deductible_set", false, &MONEY, &m->deductible_set) && ok;
    ok = hpr__rd_param(r, node, "cap_year_set", false, &MONEY, &m->cap_year_set) && ok;
    ok = hpr__rd_bool(r, node, "deductible_waive", false, &m->deductible_waive) && ok;
    ok = hpr__rd_bool(r, node, "cap_lift", false, &m->cap_lift) && ok;
    ok = hpr__rd_bool(r, node, "shortfall", false, &m->shortfall) && ok;
    if (ok && !m->ratio_add && !m->ratio_set && !m->deductible_scale && !m->deductible_set &&
        !m->cap_year_set && !m->deductible_waive && !m->cap_lift) {
        hpr__rd_error(r, node, "the modifier changes nothing: give ratio_add, ratio_set, "
                               "deductible_scale, deductible_set, deductible_waive, cap_lift or "
                               "cap_year_set");
        ok = false;
    }
    return ok;
}

/* Every date on which any of the parameters changes (and the far past). */
static size_t change_dates(const hpr__param *const *ps, size_t n, hpr_date *out, size_t cap)
{
    size_t k = 0;
    out[k++] = INT32_MIN;
    for (size_t i = 0; i < n; i++)
        for (uint32_t j = 0; ps[i] && j < ps[i]->n && k < cap; j++)
            out[k++] = ps[i]->e[j].from;
    return k;
}

/* Bands must rise: at every date any bound changes, each bound in force is
 * above the previous one. */
static bool check_bands(hpr__reader *r, const cJSON *node, const hpr__band *b, size_t n)
{
    const hpr__param *ps[64];
    size_t np = 0;
    for (size_t i = 0; i < n && np < 64; i++)
        if (b[i].up_to)
            ps[np++] = b[i].up_to;
    hpr_date dates[512];
    size_t nd = change_dates(ps, np, dates, 512);
    for (size_t k = 0; k < nd; k++) {
        hpr_money prev = -1;
        for (size_t i = 0; i < n; i++) {
            const hpr__pentry *e = b[i].up_to ? hpr__param_at(b[i].up_to, dates[k]) : NULL;
            if (!e)
                continue;
            if (e->value <= prev) {
                char d[HPR_DATE_FORMAT_SIZE] = "the start";
                if (dates[k] != INT32_MIN)
                    hpr_date_format(d, sizeof d, dates[k]);
                size_t mark = hpr__rd_push_index(r, i);
                hpr__rd_error(r, cJSON_GetArrayItem(node, (int)i),
                              "bands must rise: up_to of band %zu is not above band %zu's (in force "
                              "from %s)",
                              i, i - 1, d);
                hpr__rd_pop(r, mark);
                return false;
            }
            prev = e->value;
        }
    }
    return true;
}

static bool read_bands(hpr__reader *r, const cJSON *layer, hpr__layer *L)
{
    const cJSON *ratio = cJSON_GetObjectItemCaseSensitive(layer, "ratio");
    const cJSON *bands = cJSON_GetObjectItemCaseSensitive(layer, "bands");
    L->bands_per = HPR__PER_CLAIM;
    if (ratio && bands) {
        hpr__rd_error(r, layer, "give either \"ratio\" or \"bands\", not both");
        return false;
    }
    if (!ratio && !bands) {
        hpr__rd_error(r, layer, "a %s layer needs \"ratio\" or \"bands\"", hpr__kind_names[L->kind]);
        return false;
    }
    if (ratio) {
        L->bands = hpr__arena_alloc(r->arena, sizeof *L->bands);
        if (!L->bands) {
            r->oom = true;
            return false;
        }
        L->nbands = 1;
        return hpr__rd_leveled(r, layer, "ratio", true, &RATIO01, &L->bands[0].ratio);
    }
    size_t mark = hpr__rd_push(r, "bands");
    static const char *const keys[] = {"per", "bands", "note", NULL};
    bool ok = hpr__rd_object(r, bands, "\"bands\"", keys);
    static const char *const PER[] = {"claim", "year", NULL};
    int per = 0;
    ok = ok && hpr__rd_enum(r, bands, "per", false, PER, &per);
    L->bands_per = (hpr__per)per;
    const cJSON *list = ok ? hpr__rd_member(r, bands, "bands", true) : NULL;
    if (list) {
        size_t m2 = hpr__rd_push(r, "bands");
        if (hpr__rd_array(r, list, "\"bands\"")) {
            size_t n = (size_t)cJSON_GetArraySize(list);
            if (n == 0 || n > 64) {
                hpr__rd_error(r, list, "expected 1 to 64 bands, found %zu", n);
                ok = false;
            } else {
                L->bands = hpr__arena_alloc(r->arena, n * sizeof *L->bands);
                L->nbands = n;
                if (!L->bands) {
                    r->oom = true;
                    ok = false;
                }
                size_t i = 0;
                for (const cJSON *b = list->child; b && L->bands; b = b->next, i++) {
                    size_t m3 = hpr__rd_push_index(r, i);
                    static const char *const bkeys[] = {"up_to", "ratio", "ref", "note", NULL};
                    if (hpr__rd_object(r, b, "a band", bkeys)) {
                        const cJSON *upto = cJSON_GetObjectItemCaseSensitive(b, "up_to");
                        if (i + 1 == n && upto) {
                            /* amounts above a closed last band would go unpaid without a step */
                            size_t m4 = hpr__rd_push(r, "up_to");
                            hpr__rd_error(r, upto, "the last band is open: leave out its up_to (add a "
                                                   "band with ratio 0 to pay nothing above a bound)");
                            hpr__rd_pop(r, m4);
                            ok = false;
                        } else {
                            ok = hpr__rd_param(r, b, "up_to", i + 1 < n, &MONEY, &L->bands[i].up_to) && ok;
                        }
                        ok = hpr__rd_leveled(r, b, "ratio", true, &RATIO01, &L->bands[i].ratio) && ok;
                    } else {
                        ok = false;
                    }
                    hpr__rd_pop(r, m3);
                }
                if (ok)
                    ok = check_bands(r, list, L->bands, n);
            }
        } else {
            ok = false;
        }
        hpr__rd_pop(r, m2);
    } else {
        ok = false;
    }
    hpr__rd_pop(r, mark);
    return ok;
}

static bool read_deductible(hpr__reader *r, const cJSON *layer, hpr__layer *L)
{
    const cJSON *d = hpr__rd_member(r, layer, "deductible", false);
    if (!d)
        return true;
    if (L->kind != HPR__K_SHARE) {
        size_t mark = hpr__rd_push(r, "deductible");
        hpr__rd_error(r, d, "a %s layer has no deductible (a band with ratio 0 sets a threshold)",
                      hpr__kind_names[L->kind]);
        hpr__rd_pop(r, mark);
        return false;
    }
    size_t mark = hpr__rd_push(r, "deductible");
    static const char *const keys[] = {"per", "amount", "ref", "note", NULL};
    static const char *const PER[] = {"claim", "year", NULL};
    bool ok = hpr__rd_object(r, d, "\"deductible\"", keys);
    int per = 0;
    ok = ok && hpr__rd_enum(r, d, "per", true, PER, &per);
    L->ded_per = (hpr__per)per;
    ok = ok && hpr__rd_leveled(r, d, "amount", true, &MONEY, &L->deductible);
    L->has_deductible = ok;
    hpr__rd_pop(r, mark);
    return ok;
}

/* A per-year cap below the deductible can never pay: reject it. */
static void check_cap_vs_deductible(hpr__reader *r, const cJSON *layer, const hpr__layer *L)
{
    if (!L->has_deductible || L->ded_per != HPR__PER_YEAR)
        return;
    for (int lv = 0; lv < HPR__NLEVELS; lv++) {
        const hpr__param *ps[2] = {L->deductible.leveled ? L->deductible.by_level[lv] : L->deductible.all,
                                   L->cap_year.leveled ? L->cap_year.by_level[lv] : L->cap_year.all};
        if (!ps[0] || !ps[1])
            continue;
        hpr_date dates[128];
        size_t nd = change_dates(ps, 2, dates, 128);
        for (size_t k = 0; k < nd; k++) {
            const hpr__pentry *d = hpr__leveled_at(&L->deductible, lv, dates[k]);
            const hpr__pentry *c = hpr__leveled_at(&L->cap_year, lv, dates[k]);
            if (d && c && c->value > 0 && c->value < d->value) {
                size_t mark = hpr__rd_push(r, "cap");
                char money_c[HPR_MONEY_FORMAT_SIZE], money_d[HPR_MONEY_FORMAT_SIZE];
                hpr_money_format(money_c, sizeof money_c, c->value);
                hpr_money_format(money_d, sizeof money_d, d->value);
                bool by_level = L->deductible.leveled || L->cap_year.leveled;
                hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(layer, "cap"),
                              "the annual cap %s is below the annual deductible %s%s%s%s", money_c,
                              money_d, by_level ? " (level " : "",
                              by_level ? hpr__level_names[lv] : "", by_level ? ")" : "");
                hpr__rd_pop(r, mark);
                return;
            }
        }
    }
}

static const char *const LAYER_KEYS[] = {"id",        "name",      "kind",       "payer",
                                         "covers",    "applies_to", "effective", "ref",
                                         "note",      "rounding",  "deductible", "ratio",
                                         "bands",     "cap",       "modifiers",  "limit",
                                         "target",    "base_excludes_shortfall", "base", "function",
                                         "args",      "when_missing", NULL};

static bool read_layer(hpr__reader *r, const cJSON *node, hpr__layer *L)
{
    /* the slot may hold a layer that failed before: start clean */
    memset(L, 0, sizeof *L);
    if (!hpr__rd_object(r, node, "a layer", LAYER_KEYS))
        return false;
    bool ok = hpr__rd_string(r, node, "id", true, &L->id);
    if (L->id)
        L->idkey = hpr__idkey_of(L->id);
    const char *name_zh;
    ok = hpr__rd_text(r, node, "name", true, &L->name, &name_zh) && ok;
    L->names[HPR_LANG_EN] = L->name;
    L->names[HPR_LANG_ZH] = name_zh ? name_zh : L->name;
    ok = hpr__rd_string(r, node, "ref", false, &L->ref) && ok;
    const char *note;
    ok = hpr__rd_string(r, node, "note", false, &note) && ok;
    if (L->ref && !hpr__rd_ref_ok(r, L->ref)) {
        size_t mark = hpr__rd_push(r, "ref");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "ref"),
                      "ref \"%s\" does not start with the id of a declared source", L->ref);
        hpr__rd_pop(r, mark);
        ok = false;
    }
    int kind = -1, payer = -1, rounding = 0;
    if (!hpr__rd_enum(r, node, "kind", true, hpr__kind_names, &kind))
        return false;
    L->kind = (hpr__layer_kind)kind;
    ok = hpr__rd_enum(r, node, "payer", true, hpr__payer_names, &payer) && ok;
    L->payer = payer;
    static const char *const ROUNDING[] = {"half_up", "half_even", "down", "up", NULL};
    ok = hpr__rd_enum(r, node, "rounding", false, ROUNDING, &rounding) && ok;
    L->rounding = (hpr_rounding)rounding;
    ok = hpr__rd_bool(r, node, "base_excludes_shortfall", false, &L->base_excludes_shortfall) && ok;
    static const char *const BASES[] = {"unpaid", "fixed_fee", "above_fixed_fee", NULL};
    int base = 0;
    ok = hpr__rd_enum(r, node, "base", false, BASES, &base) && ok;
    L->base = (hpr__base)base;
    if (L->base != HPR__BASE_UNPAID && L->kind != HPR__K_SHARE && L->kind != HPR__K_REMAINDER_SHARE) {
        size_t mark = hpr__rd_push(r, "base");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "base"),
                      "\"base\" is for share and remainder_share layers");
        hpr__rd_pop(r, mark);
        ok = false;
    }
    if (L->base_excludes_shortfall && L->kind != HPR__K_SHARE && L->kind != HPR__K_REMAINDER_SHARE) {
        size_t mark = hpr__rd_push(r, "base_excludes_shortfall");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "base_excludes_shortfall"),
                      "base_excludes_shortfall is for share and remainder_share layers");
        hpr__rd_pop(r, mark);
        ok = false;
    }

    /* covers: bucket names in payment order */
    const cJSON *cov = hpr__rd_member(r, node, "covers", true);
    if (cov) {
        size_t mark = hpr__rd_push(r, "covers");
        if (hpr__rd_array(r, cov, "\"covers\"")) {
            size_t i = 0;
            uint8_t seen = 0;
            for (const cJSON *e = cov->child; e; e = e->next, i++) {
                int b = cJSON_IsString(e) ? hpr__name_index(hpr__bucket_names, e->valuestring) : -1;
                size_t m2 = hpr__rd_push_index(r, i);
                if (b < 0) {
                    hpr__rd_error(r, e, "unknown cost bucket; expected in_scope, class_b_self or "
                                        "out_of_catalog");
                    ok = false;
                } else if (seen & (1u << b)) {
                    hpr__rd_error(r, e, "bucket \"%s\" is listed twice", e->valuestring);
                    ok = false;
                } else {
                    seen |= (uint8_t)(1u << b);
                    L->covers[L->ncovers++] = (uint8_t)b;
                    L->cover_mask |= (uint8_t)(1u << b);
                }
                hpr__rd_pop(r, m2);
            }
            if (i == 0) {
                hpr__rd_error(r, cov, "\"covers\" must name at least one cost bucket");
                ok = false;
            }
        } else {
            ok = false;
        }
        hpr__rd_pop(r, mark);
    } else {
        ok = false;
    }

    const cJSON *ap = hpr__rd_member(r, node, "applies_to", false);
    if (ap) {
        size_t mark = hpr__rd_push(r, "applies_to");
        ok = hpr__read_cond(r, ap, "\"applies_to\"", &L->applies) && ok;
        hpr__rd_pop(r, mark);
    } else {
        memset(&L->applies, 0, sizeof L->applies);
        L->applies.referral = L->applies.enrolled = L->applies.family_doctor = -1;
        L->applies.from = INT32_MIN;
        L->applies.to = INT32_MAX;
        hpr__cond_compile(&L->applies);
    }

    L->eff_from = INT32_MIN;
    L->eff_to = INT32_MAX;
    const cJSON *eff = hpr__rd_member(r, node, "effective", false);
    if (eff) {
        size_t mark = hpr__rd_push(r, "effective");
        static const char *const keys[] = {"from", "to", NULL};
        bool has_from = false, has_to = false;
        if (hpr__rd_object(r, eff, "\"effective\"", keys)) {
            ok = hpr__rd_date(r, eff, "from", false, &L->eff_from, &has_from) && ok;
            ok = hpr__rd_date(r, eff, "to", false, &L->eff_to, &has_to) && ok;
            if (!has_from)
                L->eff_from = INT32_MIN;
            if (!has_to)
                L->eff_to = INT32_MAX;
            if (L->eff_to < L->eff_from) {
                hpr__rd_error(r, eff, "\"to\" is before \"from\"");
                ok = false;
            }
        } else {
            ok = false;
        }
        hpr__rd_pop(r, mark);
    }

    switch (L->kind) {
    case HPR__K_SHARE:
    case HPR__K_REMAINDER_SHARE:
        ok = read_deductible(r, node, L) && ok;
        ok = read_bands(r, node, L) && ok;
        break;
    case HPR__K_OOP_CAP:
        ok = hpr__rd_leveled(r, node, "limit", true, &MONEY, &L->limit) && ok;
        break;
    case HPR__K_EXTENSION: {
        hpr__xcall *call = NULL;
        ok = hpr__rd_xcall(r, node, true, HPR__X_MONEY, &call) && ok;
        L->xcall = call;
        break;
    }
    case HPR__K_TARGET_RATIO:
        ok = hpr__rd_param(r, node, "target", true, &RATIO01, &L->target) && ok;
        break;
    }
    /* members that belong to other kinds */
    static const struct { const char *key; unsigned kinds; } ONLY[] = {
        {"deductible", 1u << HPR__K_SHARE | 1u << HPR__K_REMAINDER_SHARE},
        {"ratio", 1u << HPR__K_SHARE | 1u << HPR__K_REMAINDER_SHARE},
        {"bands", 1u << HPR__K_SHARE | 1u << HPR__K_REMAINDER_SHARE},
        {"limit", 1u << HPR__K_OOP_CAP},
        {"function", 1u << HPR__K_EXTENSION},
        {"args", 1u << HPR__K_EXTENSION},
        {"when_missing", 1u << HPR__K_EXTENSION},
        {"target", 1u << HPR__K_TARGET_RATIO},
    };
    for (size_t i = 0; i < sizeof ONLY / sizeof *ONLY; i++) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(node, ONLY[i].key);
        if (m && !(ONLY[i].kinds & (1u << L->kind)) && strcmp(ONLY[i].key, "deductible") != 0) {
            hpr__rd_error_key(r, m, "\"%s\" does not apply to a %s layer", ONLY[i].key,
                              hpr__kind_names[L->kind]);
            ok = false;
        }
    }

    const cJSON *cap = hpr__rd_member(r, node, "cap", false);
    if (cap) {
        size_t mark = hpr__rd_push(r, "cap");
        static const char *const keys[] = {"per_claim", "per_year", "ref", "note", NULL};
        if (hpr__rd_object(r, cap, "\"cap\"", keys)) {
            ok = hpr__rd_leveled(r, cap, "per_claim", false, &MONEY, &L->cap_claim) && ok;
            ok = hpr__rd_leveled(r, cap, "per_year", false, &MONEY, &L->cap_year) && ok;
        } else {
            ok = false;
        }
        hpr__rd_pop(r, mark);
        if (ok)
            check_cap_vs_deductible(r, node, L);
    }

    const cJSON *mods = hpr__rd_member(r, node, "modifiers", false);
    if (mods) {
        size_t mark = hpr__rd_push(r, "modifiers");
        if (hpr__rd_array(r, mods, "\"modifiers\"")) {
            size_t n = (size_t)cJSON_GetArraySize(mods);
            if (n > 64) { /* the modifiers in force on a claim are one 64-bit mask */
                hpr__rd_error(r, mods, "at most 64 modifiers, found %zu", n);
                n = 0;
                ok = false;
            }
            L->mods = n ? hpr__arena_alloc(r->arena, n * sizeof *L->mods) : NULL;
            if (n && !L->mods)
                r->oom = true;
            size_t i = 0;
            for (const cJSON *m = mods->child; m && L->mods; m = m->next, i++) {
                size_t m2 = hpr__rd_push_index(r, i);
                if (read_modifier(r, m, &L->mods[L->nmods]))
                    L->nmods++;
                else
                    ok = false;
                hpr__rd_pop(r, m2);
            }
        } else {
            ok = false;
        }
        hpr__rd_pop(r, mark);
    }
    return ok;
}

void hpr__read_layers(hpr__reader *r, const void *root_v)
{
    const cJSON *root = root_v;
    struct hpr_policy *p = r->policy;
    const cJSON *a = hpr__rd_member(r, root, "layers", false);
    if (!a)
        return;
    size_t mark = hpr__rd_push(r, "layers");
    if (hpr__rd_array(r, a, "\"layers\"")) {
        size_t n = (size_t)cJSON_GetArraySize(a);
        if (n > 64) {
            hpr__rd_error(r, a, "at most 64 layers, found %zu", n);
            n = 0;
        }
        p->layers = n ? hpr__arena_alloc(r->arena, n * sizeof *p->layers) : NULL;
        if (n && !p->layers)
            r->oom = true;
        size_t i = 0;
        for (const cJSON *l = a->child; l && p->layers && i < n; l = l->next, i++) {
            size_t m2 = hpr__rd_push_index(r, i);
            hpr__layer *L = &p->layers[p->nlayers];
            /* duplicate ids are checked on the document, so a broken earlier
             * layer still counts */
            const cJSON *idn = cJSON_GetObjectItemCaseSensitive(l, "id");
            size_t j = 0;
            for (const cJSON *o = a->child; o != l && cJSON_IsString(idn); o = o->next, j++) {
                const cJSON *oid = cJSON_GetObjectItemCaseSensitive(o, "id");
                if (cJSON_IsString(oid) && strcmp(oid->valuestring, idn->valuestring) == 0) {
                    size_t m3 = hpr__rd_push(r, "id");
                    hpr__rd_error(r, idn, "layer id \"%s\" is used by layer %zu too",
                                  idn->valuestring, j);
                    hpr__rd_pop(r, m3);
                    break;
                }
            }
            if (read_layer(r, l, L)) {
                p->nlayers++;
            }
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}
