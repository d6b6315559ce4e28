/* SPDX-License-Identifier: MIT */
/* The compiled policy. Immutable after load, so any number of threads
 * may read it at once. Everything it points to lives in its arena. */
#ifndef HPR_MODEL_POLICY_H
#define HPR_MODEL_POLICY_H

#include "model/catalog.h"
#include "model/cond.h"
#include "model/extension.h"
#include "model/layer.h"
#include "model/param.h"
#include "model/source.h"

/* The three batches (the "classification" section). */
typedef struct hpr__batch_rule {
    bool present;
    int catalog;              /* index into policy->catalogs; -1 none */
    uint8_t claim_types;      /* bit mask; 0 any */
    bool designated_required; /* the facility must be designated for the entry */
    const char *ref;
    const hpr__param *burden_above; /* severe_illness: money */
} hpr__batch_rule;

typedef struct hpr__classify_rules {
    bool present;
    uint64_t population;      /* categories the batches serve; 0: everyone */
    hpr__batch_rule rule[4];  /* indexed by hpr_batch; rule[0] unused */
} hpr__classify_rules;

/* A relapse-risk monitoring rule (防止返贫, the "monitoring" section). */
typedef struct hpr__monitor_rule {
    const char *id;
    const char *label;
    const char *ref;
    uint64_t categories;            /* 0: everyone */
    const hpr__param *share;        /* ratio of the income */
    const hpr__param *income;       /* money: a reference income; NULL: the household's */
} hpr__monitor_rule;

/* A fixed fee per case (定额, the "fixed_fees" section): for claims
 * classified to one of the entries, of the case group given. */
typedef struct hpr__fixed_fee {
    const char *const *entries; /* catalog entry ids (the policy's strings) */
    uint32_t nentries;
    const char *group;          /* the claim's case_group it is for; NULL: claims without one */
    hpr__leveled amount;        /* money, by level, dated */
    const char *ref;
} hpr__fixed_fee;

/* Who bears the cost above a fixed fee. */
typedef enum hpr__fee_above {
    HPR__FEE_ABOVE_PAY = 0,     /* the layers pay it as usual ("pay") */
    HPR__FEE_ABOVE_HOSPITAL = 1 /* the hospital: a reduction, like a waiver ("hospital") */
} hpr__fee_above;

typedef enum hpr__as_of_basis {
    HPR__AS_OF_DISCHARGE = 0,
    HPR__AS_OF_ADMISSION = 1
} hpr__as_of_basis;


typedef struct hpr__named_param {
    const char *name;
    const char *description; /* may be NULL */
    const hpr__param *param;
} hpr__named_param;

/* A document a policy was compiled from (its own, a base it extends, a
 * catalog it includes), kept so that a reform can be derived from the
 * policy, or its base compiled, without reading any file again. */
typedef struct hpr__pdoc {
    const char *file; /* the name diagnostics give it */
    const char *dir;  /* where its relative paths resolve; NULL: the current directory */
    const char *text;
    size_t len;
} hpr__pdoc;

struct hpr_policy {
    hpr__arena arena;
    int format;
    const char *id;
    const char *title;
    const char *description;  /* may be NULL */
    const char *jurisdiction; /* may be NULL */
    const char *file;
    char fingerprint[7 + 64 + 1];
    bool confined;            /* loaded with HPR_POLICY_CONFINE_INCLUDES: a policy derived from it is too */
    const char *confine_root; /* the resolved directory its includes were confined to (arena) */
    uint64_t tag;             /* the fingerprint's first 64 bits, odd: ledgers remember what checked them */
    hpr_date effective_from;
    hpr_date effective_to;    /* HPR__DATE_MAX when open-ended */
    hpr__as_of_basis as_of;
    int year_start_month;
    int year_start_day;
    hpr__source *sources;
    size_t nsources;
    hpr__named_param *parameters;
    size_t nparameters;
    const hpr__param **params; /* every parameter, sorted by pointer */
    size_t nparams;
    const char **status_kinds; /* bit i of a status mask is status_kinds[i] */
    size_t nstatus_kinds;
    hpr__category *categories; /* bit i of a category mask is categories[i] */
    const char **category_names; /* NULL-terminated, parallel to categories */
    size_t ncategories;
    uint8_t waiver_order[HPR__NBUCKETS];
    hpr__layer *layers;
    size_t nlayers;
    hpr__catalog *catalogs;
    size_t ncatalogs;
    hpr__classify_rules classify;
    hpr__cond tfpl;             /* treat first, pay later (先诊疗后付费) */
    hpr__cond one_stop;         /* one-stop settlement (一站式) */
    bool has_tfpl, has_one_stop;
    hpr__monitor_rule *monitors;
    size_t nmonitors;
    hpr__fixed_fee *fees;
    size_t nfees;
    hpr_extensions *extensions; /* the registry it was compiled with (a reference), or NULL */
    hpr__xdecl *xdecls;         /* the extension functions it declares */
    size_t nxdecls;
    hpr__fee_above fee_above;
    const char *fee_above_ref;
    /* compiled: the first day of policy years year0, year0 + 1, ...
     * (nyears + 1 entries, the last one ends the table) */
    const hpr_date *year_starts;
    int year0, nyears;
    /* what it was compiled from (never read when settling) */
    hpr__pdoc *chain;         /* [0] the policy's own document, then the bases it extends, nearest first */
    const char **chain_ids;   /* each document's "id" (NULL if it has none) */
    size_t nchain;
    hpr__pdoc *includes;      /* the catalog files it included, as read */
    size_t nincludes;
};

#define HPR__DATE_MIN INT32_MIN
#define HPR__DATE_MAX INT32_MAX

/* Fills year_starts for the policy's effective period (at load); false
 * when out of memory. */
bool hpr__policy_compile_years(struct hpr_policy *p);

/* The policy year of a valid date d: a lookup in the compiled table, the
 * calendar arithmetic only outside it. */
static inline int hpr__policy_year(const struct hpr_policy *p, hpr_date d)
{
    const hpr_date *t = p->year_starts;
    if (t && d >= t[0] && d < t[p->nyears]) {
        int k = (d - t[0]) / 366; /* never past d's year, at most one short of it in 200 years */
        while (d >= t[k + 1])
            k++;
        return p->year0 + k;
    }
    int y = 0;
    hpr_date_policy_year(&y, d, p->year_start_month, p->year_start_day);
    return y;
}

/* The fixed fee for a claim classified to entry (the policy's string) with
 * case group group (NULL: none), or NULL when the policy has none for it.
 * *other_groups is set when the entry has fees for other groups only. */
const hpr__fixed_fee *hpr__policy_fee(const struct hpr_policy *p, const char *entry, const char *group,
                                      bool *other_groups);

/* The distinct payers of the layers, in first-use order. */
size_t hpr__policy_payers(const struct hpr_policy *p, int payers[HPR__NPAYERS]);

/* The parameter at a JSON pointer of the document, or NULL. */
const hpr__param *hpr__policy_param(const struct hpr_policy *p, const char *pointer);

/* The declared source whose id is the first idlen bytes of id, or NULL. */
const hpr__source *hpr__policy_source(const struct hpr_policy *p, const char *id, size_t idlen);

#endif
