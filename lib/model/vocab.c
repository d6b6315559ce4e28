/* SPDX-License-Identifier: MIT */
/* The vocabularies' names, and their public lookups (hpr/names.h). */
#include <string.h>

#include "core/names.h"
#include "model/vocab.h"

const char *const hpr__bucket_names[] = {"in_scope", "class_b_self", "out_of_catalog", NULL};
const char *const hpr__level_names[] = {"village", "township", "county", "city", "province", NULL};
const char *const hpr__location_names[] = {"in_county", "in_city", "in_province", "out_of_province",
                                           NULL};
const char *const hpr__claim_type_names[] = {"inpatient", "outpatient_chronic", "outpatient", NULL};
const char *const hpr__batch_names[] = {"none", "serious_disease", "chronic_disease",
                                        "severe_illness", NULL};
const char *const hpr__payer_names[] = {"basic_insurance_fund", "critical_illness_insurer",
                                        "medical_assistance",   "fiscal_safety_net",
                                        "commercial_supplementary", "other_fund", NULL};
const char *const hpr__kind_names[] = {"share", "oop_cap", "target_ratio", "remainder_share", "extension",
                                       NULL};

/* The name of value v in a list of n names; NULL outside it. */
static const char *name_of(const char *const *names, int n, int v)
{
    return v >= 0 && v < n ? names[v] : NULL;
}

/* Sets *out to the index of name in names, or fails naming the list. */
static hpr_status parse(int *out, const char *const *names, const char *name, const char *what)
{
    if (!out || !name)
        return hpr__seterr(HPR_EINVAL, "hpr_%s_parse: %s is NULL", what, out ? "name" : "out");
    int i = hpr__name_index(names, name);
    if (i >= 0) {
        *out = i;
        return HPR_OK;
    }
    hpr__buf b = {0};
    for (size_t k = 0; names[k]; k++)
        hpr__buf_putf(&b, "%s\"%s\"", k ? ", " : "", names[k]);
    hpr_status st = hpr__seterr(HPR_EINVAL, "\"%s\" is not a %s; the names are %s", name, what,
                                b.oom ? "..." : b.ptr);
    hpr__buf_dispose(&b);
    return st;
}

const char *hpr_level_name(hpr_level level) { return name_of(hpr__level_names, HPR__NLEVELS, (int)level); }

hpr_status hpr_level_parse(hpr_level *out, const char *name)
{
    int i = 0;
    hpr_status st = parse(out ? &i : NULL, hpr__level_names, name, "level");
    if (st == HPR_OK)
        *out = (hpr_level)i;
    return st;
}

const char *hpr_location_name(hpr_location location) { return name_of(hpr__location_names, HPR__NLOCATIONS, (int)location); }

hpr_status hpr_location_parse(hpr_location *out, const char *name)
{
    int i = 0;
    hpr_status st = parse(out ? &i : NULL, hpr__location_names, name, "location");
    if (st == HPR_OK)
        *out = (hpr_location)i;
    return st;
}

const char *hpr_claim_type_name(hpr_claim_type claim_type) { return name_of(hpr__claim_type_names, HPR__NCLAIM_TYPES, (int)claim_type); }

hpr_status hpr_claim_type_parse(hpr_claim_type *out, const char *name)
{
    int i = 0;
    hpr_status st = parse(out ? &i : NULL, hpr__claim_type_names, name, "claim_type");
    if (st == HPR_OK)
        *out = (hpr_claim_type)i;
    return st;
}

const char *hpr_payer_name(hpr_payer payer) { return name_of(hpr__payer_names, HPR__NPAYERS, (int)payer); }

hpr_status hpr_payer_parse(hpr_payer *out, const char *name)
{
    int i = 0;
    hpr_status st = parse(out ? &i : NULL, hpr__payer_names, name, "payer");
    if (st == HPR_OK)
        *out = (hpr_payer)i;
    return st;
}

const char *hpr_bucket_name(hpr_bucket bucket) { return name_of(hpr__bucket_names, HPR__NBUCKETS, (int)bucket); }

hpr_status hpr_bucket_parse(hpr_bucket *out, const char *name)
{
    int i = 0;
    hpr_status st = parse(out ? &i : NULL, hpr__bucket_names, name, "bucket");
    if (st == HPR_OK)
        *out = (hpr_bucket)i;
    return st;
}

const char *hpr_batch_name(hpr_batch b)
{
    return (unsigned)b <= HPR_BATCH_SEVERE_ILLNESS ? hpr__batch_names[b] : "unknown";
}

hpr_status hpr_batch_parse(hpr_batch *out, const char *name)
{
    int i = 0;
    hpr_status st = parse(out ? &i : NULL, hpr__batch_names, name, "batch");
    if (st == HPR_OK)
        *out = (hpr_batch)i;
    return st;
}

/* ---- labels ------------------------------------------------------------------ */

static const char *const PAYER_LABELS[HPR__NPAYERS][HPR_LANGS] = {
    {"Basic medical insurance fund", "基本医保统筹基金"},
    {"Critical illness insurance", "大病保险"},
    {"Medical assistance", "医疗救助"},
    {"Fiscal safety net", "兜底保障"},
    {"Supplementary insurance", "补充保险"},
    {"Other fund", "其他基金"},
};

const char *hpr_payer_label(hpr_payer payer, hpr_lang lang)
{
    return (unsigned)payer < HPR__NPAYERS && (unsigned)lang < HPR_LANGS ? PAYER_LABELS[payer][lang] : NULL;
}

static const char *const BATCH_LABELS[4][HPR_LANGS] = {
    {"not in the three batches", "未纳入三个一批"},
    {"serious diseases treated centrally", "大病集中救治一批"},
    {"chronic diseases under a contracted family doctor", "慢病签约服务管理一批"},
    {"severe illness under the safety net", "重病兜底保障一批"},
};

const char *hpr_batch_label(hpr_batch batch, hpr_lang lang)
{
    return (unsigned)batch < 4 && (unsigned)lang < HPR_LANGS ? BATCH_LABELS[batch][lang] : NULL;
}

static const struct {
    const char *kind;
    const char *label[HPR_LANGS];
} KIND_LABELS[] = {
    {"dibao", {"Minimum living guarantee (dibao)", "低保对象"}},
    {"exited_poverty", {"Lifted out of poverty", "脱贫人口"}},
    {"illness_poverty", {"Poor because of illness", "因病致贫"}},
    {"low_income_margin", {"Marginal low-income household", "低保边缘家庭成员"}},
    {"monitored", {"Monitored household", "监测对象"}},
    {"orphan", {"Orphan", "孤儿"}},
    {"registered_poor", {"Registered poor (建档立卡)", "建档立卡贫困人口"}},
    {"returned_to_poverty", {"Returned to poverty", "返贫人口"}},
    {"tekun", {"Extreme poverty support (tekun)", "特困人员"}},
};

const char *hpr_status_kind_label(const char *kind, hpr_lang lang)
{
    if (!kind || (unsigned)lang >= HPR_LANGS)
        return NULL;
    for (size_t i = 0; i < sizeof KIND_LABELS / sizeof *KIND_LABELS; i++)
        if (strcmp(KIND_LABELS[i].kind, kind) == 0)
            return KIND_LABELS[i].label[lang];
    return NULL;
}
