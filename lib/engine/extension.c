/* SPDX-License-Identifier: MIT */
/* Calling extension functions through libffi: the call interface was
 * prepared when the policy loaded; here the arguments are drawn from the
 * facts (docs/extensions.md lists them) and the function called. */
#include <string.h>

#include "engine/extension.h"

/* The value of a fact; false when it is missing (no household income, no
 * diagnosis). */
static bool fact_value(const hpr__xarg *a, const hpr__facts *f, const hpr__layer_io *io, int64_t *v,
                       const char **text)
{
    const hpr_claim *c = f->claim;
    switch (a->fact) {
    case HPR__XF_CLAIM_TOTAL: *v = c->costs.total; return true;
    case HPR__XF_CLAIM_IN_SCOPE: *v = c->costs.in_scope; return true;
    case HPR__XF_CLAIM_CLASS_B_SELF: *v = c->costs.class_b_self; return true;
    case HPR__XF_CLAIM_OUT_OF_CATALOG: *v = c->costs.out_of_catalog; return true;
    case HPR__XF_CLAIM_WAIVER: *v = c->costs.waiver; return true;
    case HPR__XF_CLAIM_TYPE: *v = c->type; return true;
    case HPR__XF_CLAIM_LEVEL: *v = c->level; return true;
    case HPR__XF_CLAIM_LOCATION: *v = c->location; return true;
    case HPR__XF_CLAIM_REFERRAL: *v = c->referral != 0; return true;
    case HPR__XF_CLAIM_ADMISSION: *v = c->admission_date; return true;
    case HPR__XF_CLAIM_DISCHARGE: *v = c->discharge_date; return true;
    case HPR__XF_AS_OF: *v = f->as_of; return true;
    case HPR__XF_CLAIM_DIAGNOSIS:
        *text = c->ndiagnoses ? c->diagnoses[0] : NULL;
        return *text != NULL;
    case HPR__XF_CLAIM_ID: *text = c->id; return true;
    case HPR__XF_PERSON_AGE: {
        int age = 0;
        if (!f->person || hpr_date_age(&age, f->person->birth_date, f->as_of) != HPR_OK)
            return false;
        *v = age;
        return true;
    }
    case HPR__XF_PERSON_INCOME:
        if (!f->person || f->person->income_per_capita < 0)
            return false;
        *v = f->person->income_per_capita;
        return true;
    case HPR__XF_PERSON_ID:
        *text = f->person ? f->person->id : NULL;
        return *text != NULL;
    case HPR__XF_LEDGER_PATIENT_PAID: *v = f->patient_before; return true;
    case HPR__XF_UNPAID_COVERED: *v = io->unpaid_covered; return true;
    case HPR__XF_COVERED_TOTAL: *v = io->covered_total; return true;
    case HPR__XF_LAYER_BASE_YEAR: *v = io->before.base; return true;
    case HPR__XF_LAYER_PAID_YEAR: *v = io->before.paid; return true;
    case HPR__XF_PERSON_HOUSEHOLD:
        if (!f->person || f->person->version < 2 || f->person->household_size <= 0)
            return false;
        *v = f->person->household_size;
        return true;
    case HPR__XF_CATEGORY: *v = (f->categories >> a->category) & 1; return true;
    case HPR__XF_N: break;
    }
    return false;
}

hpr_status hpr__xcall_run(const hpr__xcall *c, const hpr__facts *f, const hpr__layer_io *io, int64_t *out,
                          const char **missing)
{
    const hpr__xdecl *d = c->decl;
    int64_t wide[HPR_EXTENSION_MAX_PARAMS];
    int32_t narrow[HPR_EXTENSION_MAX_PARAMS];
    const char *texts[HPR_EXTENSION_MAX_PARAMS];
    void *values[HPR_EXTENSION_MAX_PARAMS];
    *out = 0;
    *missing = NULL;
    for (int i = 0; i < d->sig.nparams; i++) {
        const hpr__xarg *a = &c->args[i];
        int64_t v = a->value;
        const char *text = a->text;
        const char *what = NULL;
        if (a->kind == HPR__XA_FACT && !fact_value(a, f, io, &v, &text))
            what = a->fact == HPR__XF_CATEGORY ? "category" : hpr__xfact_names[a->fact];
        if (a->kind == HPR__XA_PARAM) {
            const hpr__pentry *e = hpr__param_at(a->param, f->as_of);
            if (e)
                v = e->value;
            else
                what = a->param->pointer;
        }
        if (what) {
            if (c->missing_is_error)
                return hpr__seterr(HPR_EINVAL, "claim %s: extension %s: argument %d (%s) is missing",
                                   f->claim->id, d->name, i + 1, what);
            *missing = what;
            return HPR_OK;
        }
        switch (a->type) {
        case HPR__X_MONEY:
        case HPR__X_RATIO:
            wide[i] = v;
            values[i] = &wide[i];
            break;
        case HPR__X_DATE:
        case HPR__X_INT:
        case HPR__X_BOOL:
            narrow[i] = (int32_t)v;
            values[i] = &narrow[i];
            break;
        case HPR__X_TEXT:
            texts[i] = text;
            values[i] = &texts[i];
            break;
        }
    }
    union {
        ffi_arg small; /* libffi widens a narrower integer result to ffi_arg */
        int64_t wide;
    } rv;
    memset(&rv, 0, sizeof rv);
    hpr__extension_clear();
    ffi_call(d->cif, FFI_FN(d->fn), &rv, values);
    const char *failed = hpr__extension_failed();
    if (failed)
        return hpr__seterr(HPR_EINVAL, "claim %s: extension %s failed: %s", f->claim->id, d->name, failed);
    if (d->sig.ret == HPR__X_MONEY || d->sig.ret == HPR__X_RATIO)
        *out = rv.wide;
    else
        *out = (int32_t)(ffi_sarg)rv.small;
    return HPR_OK;
}

bool hpr__xholds(const struct hpr__xcall *call, const struct hpr__facts *f)
{
    int64_t v = 0;
    const char *missing;
    hpr_status st = hpr__xcall_run(call, f, NULL, &v, &missing);
    if (st != HPR_OK) {
        if (f->xerr && *f->xerr == HPR_OK)
            *f->xerr = st;
        return false;
    }
    if (f->xmissing)
        *f->xmissing = missing;
    return !missing && v != 0;
}
