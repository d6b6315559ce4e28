/* SPDX-License-Identifier: MIT */
/* The dated-rule rule of docs/policy-format.md, held by the loader for
 * every document: a layer, modifier or dated value that cites a source is
 * not in force before the source's effective date (or, without one, its
 * published date). Sources of confidence "assumption" are the project's
 * own choices and carry no date. Each breach is a warning (an error with
 * HPR_POLICY_WARNINGS_AS_ERRORS, `hpr validate --strict`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/compile.h"
#include "model/policy.h"

typedef struct window {
    hpr_date lo, hi;
} window;

static window meet(window a, hpr_date lo, hpr_date hi)
{
    return (window){a.lo > lo ? a.lo : lo, a.hi < hi ? a.hi : hi};
}

/* One citation in force over w: a warning if before its source's date. */
static void check(hpr_diagnostics *diag, const hpr_policy *p, const char *where, const char *ref, window w)
{
    if (!ref || w.lo > w.hi)
        return;
    size_t idlen = strcspn(ref, " ");
    const hpr__source *s = hpr__source_find(p->sources, p->nsources, ref, idlen);
    if (!s || (s->confidence && strcmp(s->confidence, "assumption") == 0))
        return; /* an unknown source is an error of its own */
    if (!s->has_effective && !s->has_published) {
        hpr__diag_add(diag, HPR_SEVERITY_WARNING, p->file, 0, 0, where,
                      "cites source %.*s, which has no \"effective\" or \"published\" date: a rule cannot be "
                      "held to its source's date", (int)idlen, ref);
        return;
    }
    hpr_date from = s->has_effective ? s->effective : s->published;
    if (w.lo >= from)
        return;
    char a[HPR_DATE_FORMAT_SIZE], b[HPR_DATE_FORMAT_SIZE];
    hpr_date_format(b, sizeof b, from);
    if (w.lo == INT32_MIN)
        snprintf(a, sizeof a, "%s", "always");
    else
        hpr_date_format(a, sizeof a, w.lo);
    hpr__diag_add(diag, HPR_SEVERITY_WARNING, p->file, 0, 0, where,
                  "in force from %s, before source %.*s it cites takes effect (%s): give it a \"from\" date "
                  "no earlier than the source's, or cite the source in force then",
                  w.lo == INT32_MIN ? "the start (no from date)" : a, (int)idlen, ref, b);
}

/* Each dated entry of a parameter that cites a source, within w. */
static void check_entries(hpr_diagnostics *diag, const hpr_policy *p, const hpr__param *prm, window w,
                          const char *fallback_ref)
{
    for (uint32_t i = 0; prm && i < prm->n; i++) {
        const hpr__pentry *e = &prm->e[i];
        if (!e->present)
            continue;
        hpr_date to = i + 1 < prm->n ? prm->e[i + 1].from - 1 : INT32_MAX;
        window ew = meet(w, e->from, to);
        if (e->ref)
            check(diag, p, prm->pointer, e->ref, ew);
        else if (fallback_ref)
            check(diag, p, prm->pointer, fallback_ref, ew);
    }
}

/* The layer a parameter's pointer ("/layers/3/...") belongs to, and its
 * modifier ("/layers/3/modifiers/1/..."), or -1. */
static void owner(const char *ptr, long *layer, long *mod)
{
    *layer = *mod = -1;
    if (strncmp(ptr, "/layers/", 8) != 0)
        return;
    char *end;
    *layer = strtol(ptr + 8, &end, 10);
    if (end == ptr + 8 || (*end && *end != '/')) {
        *layer = -1;
        return;
    }
    if (strncmp(end, "/modifiers/", 11) == 0) {
        char *e2;
        *mod = strtol(end + 11, &e2, 10);
        if (e2 == end + 11)
            *mod = -1;
    }
}

void hpr__check_dated_rules(hpr_diagnostics *diag, const hpr_policy *p)
{
    window all = {p->effective_from, p->effective_to};
    for (size_t i = 0; i < p->nlayers; i++) {
        const hpr__layer *L = &p->layers[i];
        window lw = meet(meet(all, L->eff_from, L->eff_to), L->applies.from, L->applies.to);
        char where[64];
        snprintf(where, sizeof where, "/layers/%zu", i);
        check(diag, p, where, L->ref, lw);
        for (size_t j = 0; j < L->nmods; j++) {
            const hpr__modifier *m = &L->mods[j];
            window mw = meet(lw, m->when.from, m->when.to);
            snprintf(where, sizeof where, "/layers/%zu/modifiers/%zu", i, j);
            if (!m->ref)
                continue;
            /* the modifier's own citation holds while it changes something:
             * a switch always, a dated effect while it has a value */
            if (m->cap_lift || m->deductible_waive) {
                check(diag, p, where, m->ref, mw);
                continue;
            }
            const hpr__param *fx[] = {m->ratio_add, m->ratio_set, m->deductible_scale, m->deductible_set,
                                      m->cap_year_set};
            for (size_t k = 0; k < sizeof fx / sizeof *fx; k++)
                for (uint32_t e = 0; fx[k] && e < fx[k]->n; e++) {
                    if (!fx[k]->e[e].present || fx[k]->e[e].ref)
                        continue; /* a value citing a source of its own is checked below */
                    hpr_date to = e + 1 < fx[k]->n ? fx[k]->e[e + 1].from - 1 : INT32_MAX;
                    check(diag, p, where, m->ref, meet(mw, fx[k]->e[e].from, to));
                }
        }
    }
    /* the values that cite sources of their own, within their layer or modifier */
    for (size_t k = 0; k < p->nparams; k++) {
        const hpr__param *prm = p->params[k];
        long li, mi;
        owner(prm->pointer, &li, &mi);
        if (li < 0 || (size_t)li >= p->nlayers)
            continue;
        const hpr__layer *L = &p->layers[li];
        window w = meet(meet(all, L->eff_from, L->eff_to), L->applies.from, L->applies.to);
        if (mi >= 0 && (size_t)mi < L->nmods)
            w = meet(w, L->mods[mi].when.from, L->mods[mi].when.to);
        check_entries(diag, p, prm, w, NULL);
    }
}
