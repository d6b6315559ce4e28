/* SPDX-License-Identifier: MIT */
/* hpr_policy_describe: a JSON summary of a compiled policy, for people
 * (hpr validate, notebook reprs) and for tools. */
#include <string.h>

#include "io/io.h"
#include "json/jwrite.h"
#include "model/policy.h"
#include "model/vocab.h"

void hpr__jw_param_values(hpr__buf *b, const hpr__param *p)
{
    hpr__buf_put(b, "[", 1);
    for (uint32_t i = 0; i < p->n; i++) {
        const hpr__pentry *e = &p->e[i];
        if (i)
            hpr__buf_put(b, ",", 1);
        hpr__buf_put(b, "{", 1);
        hpr__jw_key(b, "from");
        if (e->from == HPR__DATE_MIN)
            hpr__buf_put(b, "null", 4);
        else
            hpr__jw_date(b, e->from);
        hpr__buf_put(b, ",", 1);
        hpr__jw_key(b, "value");
        if (!e->present)
            hpr__buf_put(b, "null", 4);
        else if (p->type == HPR__P_MONEY)
            hpr__jw_money(b, e->value);
        else if (p->type == HPR__P_RATIO)
            hpr__jw_ratio(b, e->value);
        else if (p->type == HPR__P_BOOL)
            hpr__buf_puts(b, e->value ? "true" : "false");
        else
            hpr__buf_putf(b, "%lld", (long long)e->value);
        if (e->ref) {
            hpr__buf_put(b, ",", 1);
            hpr__jw_key(b, "ref");
            hpr__jw_str(b, e->ref);
        }
        if (e->assumed)
            hpr__buf_puts(b, ",\"assumed\":true");
        hpr__buf_put(b, "}", 1);
    }
    hpr__buf_put(b, "]", 1);
}

hpr_status hpr_policy_describe(char **out, const hpr_policy *p)
{
    if (out)
        *out = NULL;
    if (!out || !p)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_describe: %s is NULL", out ? "policy" : "out");
    hpr__buf b = {0};
    hpr__buf_put(&b, "{", 1);
    hpr__jw_key(&b, "id");
    hpr__jw_str(&b, p->id);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "title");
    hpr__jw_str(&b, p->title);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "format");
    hpr__buf_putf(&b, "%d,", p->format);
    hpr__jw_key(&b, "fingerprint");
    hpr__jw_str(&b, p->fingerprint);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "extends");
    hpr__buf_put(&b, "[", 1);
    for (size_t i = 1; i < p->nchain; i++) {
        hpr__buf_puts(&b, i > 1 ? ",{" : "{");
        hpr__jw_key(&b, "id");
        hpr__jw_str(&b, p->chain_ids[i]);
        hpr__buf_put(&b, ",", 1);
        hpr__jw_key(&b, "file");
        hpr__jw_str(&b, p->chain[i].file);
        hpr__buf_put(&b, "}", 1);
    }
    hpr__buf_put(&b, "],", 2);
    hpr__jw_key(&b, "description");
    hpr__jw_str(&b, p->description);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "jurisdiction");
    hpr__jw_str(&b, p->jurisdiction);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "effective");
    hpr__buf_put(&b, "{", 1);
    hpr__jw_key(&b, "from");
    if (p->effective_from == HPR__DATE_MIN)
        hpr__buf_put(&b, "null", 4);
    else
        hpr__jw_date(&b, p->effective_from);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "to");
    if (p->effective_to == HPR__DATE_MAX)
        hpr__buf_put(&b, "null", 4);
    else
        hpr__jw_date(&b, p->effective_to);
    hpr__buf_put(&b, "},", 2);
    hpr__jw_key(&b, "as_of");
    hpr__jw_str(&b, p->as_of == HPR__AS_OF_ADMISSION ? "admission_date" : "discharge_date");
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "policy_year_start");
    hpr__buf_putf(&b, "\"%02d-%02d\",", p->year_start_month, p->year_start_day);
    hpr__jw_key(&b, "sources");
    hpr__buf_put(&b, "[", 1);
    for (size_t i = 0; i < p->nsources; i++) {
        const hpr__source *s = &p->sources[i];
        hpr__buf_puts(&b, i ? ",{" : "{");
        hpr__jw_key(&b, "id");
        hpr__jw_str(&b, s->id);
        hpr__buf_put(&b, ",", 1);
        hpr__jw_key(&b, "title");
        hpr__jw_str(&b, s->title);
        hpr__buf_put(&b, ",", 1);
        hpr__jw_key(&b, "url");
        hpr__jw_str(&b, s->url);
        hpr__buf_put(&b, ",", 1);
        hpr__jw_key(&b, "confidence");
        hpr__jw_str(&b, s->confidence);
        if (s->has_published) {
            hpr__buf_put(&b, ",", 1);
            hpr__jw_key(&b, "published");
            hpr__jw_date(&b, s->published);
        }
        if (s->has_effective) {
            hpr__buf_put(&b, ",", 1);
            hpr__jw_key(&b, "effective");
            hpr__jw_date(&b, s->effective);
        }
        hpr__buf_put(&b, "}", 1);
    }
    hpr__buf_put(&b, "],", 2);
    hpr__jw_key(&b, "status_kinds");
    hpr__jw_strs(&b, p->status_kinds, p->nstatus_kinds);
    hpr__buf_put(&b, ",", 1);
    hpr__jw_key(&b, "layers");
    hpr__buf_put(&b, "[", 1);
    for (size_t i = 0; i < p->nlayers; i++) {
        const hpr__layer *l = &p->layers[i];
        bool cap_changed = false; /* a modifier lifts or sets the annual cap */
        for (size_t m = 0; m < l->nmods; m++)
            cap_changed |= l->mods[m].cap_lift || l->mods[m].cap_year_set;
        hpr__buf_puts(&b, i ? ",{" : "{");
        hpr__jw_key(&b, "id");
        hpr__jw_str(&b, l->id);
        hpr__buf_put(&b, ",", 1);
        hpr__jw_key(&b, "kind");
        hpr__jw_str(&b, hpr__kind_names[l->kind]);
        hpr__buf_put(&b, ",", 1);
        hpr__jw_key(&b, "payer");
        hpr__jw_str(&b, hpr__payer_names[l->payer]);
        hpr__buf_puts(&b, cap_changed ? ",\"cap_changed_by_modifiers\":true}" : ",\"cap_changed_by_modifiers\":false}");
    }
    hpr__buf_put(&b, "],", 2);
    hpr__jw_key(&b, "parameters");
    hpr__buf_put(&b, "[", 1);
    for (size_t i = 0; i < p->nparams; i++) {
        const hpr__param *q = p->params[i];
        hpr__buf_puts(&b, i ? ",{" : "{");
        hpr__jw_key(&b, "pointer");
        hpr__jw_str(&b, q->pointer);
        hpr__buf_put(&b, ",", 1);
        hpr__jw_key(&b, "type");
        hpr__jw_str(&b, hpr__ptype_name(q->type));
        hpr__buf_put(&b, ",", 1);
        hpr__jw_key(&b, "values");
        hpr__jw_param_values(&b, q);
        hpr__buf_put(&b, "}", 1);
    }
    hpr__buf_put(&b, "]}", 2);
    if (b.oom) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_ENOMEM, "out of memory describing policy %s", p->id);
    }
    *out = b.ptr;
    return HPR_OK;
}

/* ---- names of layers, payers, categories and monitoring rules ------------ */
