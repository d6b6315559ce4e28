/* SPDX-License-Identifier: MIT */
/* Reading the "extensions" section (the functions a policy calls, checked
 * against the application's registry, their libffi call interfaces
 * prepared once here) and the calls themselves in layers and conditions
 * (docs/extensions.md). */
#include <string.h>

#include <nettle/sha2.h>

#include "compile/compile.h"
#include "core/names.h"
#include "model/policy.h"

static ffi_type *ffi_of(hpr__xtype t)
{
    switch (t) {
    case HPR__X_MONEY:
    case HPR__X_RATIO: return &ffi_type_sint64;
    case HPR__X_DATE:
    case HPR__X_INT:
    case HPR__X_BOOL: return &ffi_type_sint32;
    case HPR__X_TEXT: return &ffi_type_pointer;
    }
    return &ffi_type_void;
}

/* A signature written as {"params": [...], "returns": "..."}. */
static bool read_sig(hpr__reader *r, const cJSON *node, hpr__xsig *sig)
{
    memset(sig, 0, sizeof *sig);
    int ret = 0;
    bool ok = hpr__rd_enum(r, node, "returns", true, hpr__xtype_names, &ret);
    sig->ret = (hpr__xtype)ret;
    const cJSON *ps = hpr__rd_member(r, node, "params", true);
    if (!ps)
        return false;
    size_t mark = hpr__rd_push(r, "params");
    if (hpr__rd_array(r, ps, "\"params\"")) {
        size_t i = 0;
        for (const cJSON *e = ps->child; e; e = e->next, i++) {
            int t = cJSON_IsString(e) ? hpr__name_index(hpr__xtype_names, e->valuestring) : -1;
            size_t m2 = hpr__rd_push_index(r, i);
            if (t < 0) {
                hpr__rd_error(r, e, "expected a type: money, ratio, date, int, bool or text");
                ok = false;
            } else if (sig->nparams == HPR_EXTENSION_MAX_PARAMS) {
                hpr__rd_error(r, e, "more than %d parameters", HPR_EXTENSION_MAX_PARAMS);
                ok = false;
            } else {
                sig->params[sig->nparams++] = (hpr__xtype)t;
            }
            hpr__rd_pop(r, m2);
        }
    } else {
        ok = false;
    }
    hpr__rd_pop(r, mark);
    return ok;
}

void hpr__read_extensions(hpr__reader *r, const void *root_)
{
    const cJSON *root = root_;
    struct hpr_policy *p = r->policy;
    const cJSON *sec = hpr__rd_member(r, root, "extensions", false);
    if (!sec)
        return;
    size_t mark = hpr__rd_push(r, "extensions");
    if (hpr__rd_object(r, sec, "\"extensions\"", NULL)) {
        size_t n = (size_t)cJSON_GetArraySize(sec);
        if (n > 256) {
            hpr__rd_error(r, sec, "at most 256 extension functions, found %zu", n);
            n = 0;
        }
        p->xdecls = n ? hpr__arena_alloc(r->arena, n * sizeof *p->xdecls) : NULL;
        if (n && !p->xdecls) {
            r->oom = true;
            n = 0;
        }
        static const char *const KEYS[] = {"params", "returns", "ref", "note", NULL};
        size_t i = 0;
        for (const cJSON *m = sec->child; m && i < n; m = m->next, i++) {
            size_t m2 = hpr__rd_push(r, m->string);
            hpr__xdecl *d = &p->xdecls[p->nxdecls];
            memset(d, 0, sizeof *d);
            const char *note;
            bool ok = hpr__rd_object(r, m, "an extension function", KEYS) && read_sig(r, m, &d->sig);
            ok = ok && hpr__rd_string(r, m, "ref", false, &d->ref) && hpr__rd_string(r, m, "note", false, &note);
            if (ok && d->ref && !hpr__rd_ref_ok(r, d->ref)) {
                hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(m, "ref"),
                              "ref \"%s\" does not start with the id of a declared source", d->ref);
                ok = false;
            }
            const hpr__xfn *fn = ok ? hpr__extensions_find(r->extensions, m->string) : NULL;
            if (ok && !fn) {
                hpr__rd_error(r, m, "extension function \"%s\" is not registered by the application "
                                        "(hpr_extensions_add or hpr_extensions_load_table; the hpr command: "
                                        "--extension-library PATH)", m->string);
                ok = false;
            } else if (ok && !hpr__xsig_equal(&fn->sig, &d->sig)) {
                char want[256];
                hpr__xsig_format(want, sizeof want, &d->sig);
                hpr__rd_error(r, m, "extension function \"%s\" is registered as %s, the policy declares %s",
                                  m->string, fn->sig_text, want);
                ok = false;
            }
            if (ok && fn->origin) { /* what a library computes is part of the policy's identity */
                const char *parts[] = {"extension ", fn->name, " ", fn->sig_text, " ", fn->origin, "\n"};
                for (size_t k = 0; k < sizeof parts / sizeof *parts; k++)
                    sha256_update((struct sha256_ctx *)r->fingerprint, strlen(parts[k]), (const uint8_t *)parts[k]);
            }
            if (ok) {
                d->name = fn->name; /* the registry outlives the policy (it holds a reference) */
                d->fn = fn->fn;
                d->cif = hpr__arena_alloc(r->arena, sizeof *d->cif);
                d->types = hpr__arena_alloc(r->arena, HPR_EXTENSION_MAX_PARAMS * sizeof *d->types);
                if (!d->cif || !d->types) {
                    r->oom = true;
                    hpr__rd_pop(r, m2);
                    break;
                }
                for (int k = 0; k < d->sig.nparams; k++)
                    d->types[k] = ffi_of(d->sig.params[k]);
                if (ffi_prep_cif(d->cif, FFI_DEFAULT_ABI, d->sig.nparams, ffi_of(d->sig.ret), d->types) != FFI_OK) {
                    hpr__rd_error(r, m, "libffi cannot prepare a call to \"%s\"", m->string);
                    ok = false;
                }
            }
            if (ok)
                p->nxdecls++;
            hpr__rd_pop(r, m2);
        }
        if (p->nxdecls && r->extensions && !p->extensions) {
            hpr__extensions_retain(r->extensions);
            p->extensions = r->extensions;
        }
    }
    hpr__rd_pop(r, mark);
}

/* A fact name: "claim.total", ... or "category:NAME". */
static bool read_fact(hpr__reader *r, const cJSON *e, bool in_layer, hpr__xarg *a)
{
    const struct hpr_policy *p = r->policy;
    const char *s = e->valuestring;
    a->kind = HPR__XA_FACT;
    if (strncmp(s, "category:", 9) == 0) {
        int c = hpr__name_index((const char *const *)p->category_names, s + 9);
        if (c < 0) {
            hpr__rd_error(r, e, "no category \"%s\" in the policy", s + 9);
            return false;
        }
        a->fact = HPR__XF_CATEGORY;
        a->category = c;
        a->type = HPR__X_BOOL;
        return true;
    }
    int f = hpr__name_index(hpr__xfact_names, s);
    if (f < 0 || f == HPR__XF_CATEGORY) {
        const char *near = hpr__closest(s, hpr__xfact_names, SIZE_MAX);
        if (near)
            hpr__rd_error(r, e, "unknown fact \"%s\"; did you mean \"%s\"?", s, near);
        else
            hpr__rd_error(r, e, "unknown fact \"%s\" (docs/extensions.md lists them)", s);
        return false;
    }
    a->fact = (hpr__xfact)f;
    a->type = hpr__xfact_types[f];
    if (!in_layer && hpr__xfact_layer_only(a->fact)) {
        hpr__rd_error(r, e, "\"%s\" is a fact of a layer; a condition cannot use it", s);
        return false;
    }
    return true;
}

/* A literal {"money": "1.00"}, {"int": 3}, ... or a named parameter {"param": "name"}. */
static bool read_literal(hpr__reader *r, const cJSON *e, hpr__xarg *a)
{
    const struct hpr_policy *p = r->policy;
    const cJSON *m = e->child;
    if (!cJSON_IsObject(e) || !m || m->next) {
        hpr__rd_error(r, e, "an argument is a fact name, or an object with one member: money, ratio, date, "
                            "int, bool, text or param");
        return false;
    }
    a->kind = HPR__XA_LITERAL;
    size_t mark = hpr__rd_push(r, m->string);
    bool ok = true;
    if (strcmp(m->string, "param") == 0) {
        a->kind = HPR__XA_PARAM;
        const hpr__named_param *np = NULL;
        for (size_t i = 0; cJSON_IsString(m) && i < p->nparameters && !np; i++)
            if (strcmp(p->parameters[i].name, m->valuestring) == 0)
                np = &p->parameters[i];
        if (!np) {
            hpr__rd_error(r, m, "no parameter of that name in /parameters");
            ok = false;
        } else {
            a->param = np->param;
            static const hpr__xtype of[] = {HPR__X_MONEY, HPR__X_RATIO, HPR__X_INT, HPR__X_BOOL};
            a->type = of[np->param->type];
        }
    } else if (strcmp(m->string, "text") == 0 && cJSON_IsString(m)) {
        a->type = HPR__X_TEXT;
        a->text = m->valuestring;
    } else if (strcmp(m->string, "date") == 0) {
        a->type = HPR__X_DATE;
        hpr_date d = 0;
        ok = hpr__rd_date(r, e, "date", true, &d, NULL);
        a->value = d;
    } else if (strcmp(m->string, "bool") == 0) {
        a->type = HPR__X_BOOL;
        bool b = false;
        ok = hpr__rd_bool(r, e, "bool", true, &b);
        a->value = b;
    } else if (strcmp(m->string, "int") == 0) {
        a->type = HPR__X_INT;
        long v = 0;
        ok = hpr__rd_int(r, e, "int", true, INT32_MIN, INT32_MAX, &v, NULL);
        a->value = v;
    } else if (strcmp(m->string, "money") == 0 || strcmp(m->string, "ratio") == 0) {
        bool money = m->string[0] == 'm';
        a->type = money ? HPR__X_MONEY : HPR__X_RATIO;
        static const hpr__pspec MONEY = {HPR__P_MONEY, -(INT64_MAX / 4), INT64_MAX / 4};
        static const hpr__pspec RATIO = {HPR__P_RATIO, -1000 * HPR_RATIO_ONE, 1000 * HPR_RATIO_ONE};
        const hpr__param *prm = NULL;
        ok = hpr__rd_param(r, e, m->string, true, money ? &MONEY : &RATIO, &prm);
        if (ok && prm && prm->n == 1 && prm->e[0].present)
            a->value = prm->e[0].value;
        else if (ok) {
            hpr__rd_error(r, m, "a literal is one value, not dated values");
            ok = false;
        }
    } else {
        hpr__rd_error(r, m, "an argument object is money, ratio, date, int, bool, text or param");
        ok = false;
    }
    hpr__rd_pop(r, mark);
    return ok;
}

bool hpr__rd_xcall(hpr__reader *r, const cJSON *node, bool in_layer, hpr__xtype want, hpr__xcall **out)
{
    const struct hpr_policy *p = r->policy;
    *out = NULL;
    const char *name = NULL, *missing = NULL;
    bool ok = hpr__rd_string(r, node, "function", true, &name);
    ok = hpr__rd_string(r, node, "when_missing", false, &missing) && ok;
    if (!ok || !name)
        return false;
    if (missing && strcmp(missing, "skip") != 0 && strcmp(missing, "error") != 0) {
        size_t m = hpr__rd_push(r, "when_missing");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "when_missing"), "expected \"skip\" or \"error\"");
        hpr__rd_pop(r, m);
        return false;
    }
    const hpr__xdecl *d = NULL;
    for (size_t i = 0; i < p->nxdecls && !d; i++)
        if (strcmp(p->xdecls[i].name, name) == 0)
            d = &p->xdecls[i];
    size_t mark = hpr__rd_push(r, "function");
    if (!d) {
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "function"),
                      "\"%s\" is not a function of the policy's \"extensions\" (or it did not load)", name);
        hpr__rd_pop(r, mark);
        return false;
    }
    if (d->sig.ret != want) {
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "function"), "\"%s\" returns %s; %s needs %s",
                      name, hpr__xtype_names[d->sig.ret], in_layer ? "a layer" : "a condition",
                      hpr__xtype_names[want]);
        hpr__rd_pop(r, mark);
        return false;
    }
    hpr__rd_pop(r, mark);
    hpr__xcall *c = hpr__arena_alloc(r->arena, sizeof *c);
    hpr__xarg *args = d->sig.nparams ? hpr__arena_alloc(r->arena, d->sig.nparams * sizeof *args) : NULL;
    if (!c || (d->sig.nparams && !args)) {
        r->oom = true;
        return false;
    }
    c->decl = d;
    c->args = args;
    c->missing_is_error = missing && strcmp(missing, "error") == 0;
    const cJSON *a = hpr__rd_member(r, node, "args", d->sig.nparams > 0);
    mark = hpr__rd_push(r, "args");
    if (a && hpr__rd_array(r, a, "\"args\"")) {
        size_t n = (size_t)cJSON_GetArraySize(a), i = 0;
        if (n != d->sig.nparams) {
            hpr__rd_error(r, a, "\"%s\" takes %d arguments, %zu given", name, d->sig.nparams, n);
            ok = false;
        }
        for (const cJSON *e = a->child; e && ok && i < n; e = e->next, i++) {
            size_t m2 = hpr__rd_push_index(r, i);
            hpr__xarg *x = &args[i];
            bool ok1 = cJSON_IsString(e) ? read_fact(r, e, in_layer, x) : read_literal(r, e, x);
            if (ok1 && x->type != d->sig.params[i]) {
                hpr__rd_error(r, e, "argument %zu of \"%s\" is %s; this is %s", i + 1, name,
                              hpr__xtype_names[d->sig.params[i]], hpr__xtype_names[x->type]);
                ok1 = false;
            }
            ok = ok1 && ok;
            hpr__rd_pop(r, m2);
        }
    } else if (a) {
        ok = false;
    } else if (d->sig.nparams) {
        ok = false;
    }
    hpr__rd_pop(r, mark);
    if (ok)
        *out = c;
    return ok;
}
