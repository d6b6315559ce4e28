/* SPDX-License-Identifier: MIT */
/* open(O_CLOEXEC), fstat, realpath */
#define _XOPEN_SOURCE 700
/* Loading a policy document: read, scan, parse, compile every section,
 * collect every problem, then either hand out an immutable policy or the
 * diagnostics. The sections are compiled by document.c and the section
 * readers (compile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "compile/compile.h"
#include "compile/extends.h"
#include "compile/reader.h"
#include "core/file.h"
#include "model/policy.h"

/* Policies are hand-written documents; anything larger is a mistake. */
#define MAX_POLICY_BYTES (64u * 1024u * 1024u)

hpr_status hpr_policy_options_init(hpr_policy_options *opts, unsigned int version)
{
    if (!opts || version == 0)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_options_init: %s",
                           opts ? "version must be HPR_POLICY_OPTIONS_VERSION" : "opts is NULL");
    if (version > HPR_POLICY_OPTIONS_VERSION)
        return hpr__seterr(HPR_EVERSION,
                           "hpr_policy_options version %u is newer than this library (%d)", version,
                           HPR_POLICY_OPTIONS_VERSION);
    /* a caller built against version 1 has the smaller struct */
    memset(opts, 0, version >= 3   ? sizeof *opts
                    : version == 2 ? offsetof(hpr_policy_options, extensions)
                                   : offsetof(hpr_policy_options, include_root));
    opts->version = version;
    return HPR_OK;
}

static hpr_status check_options(const hpr_policy_options *opts)
{
    if (!opts)
        return HPR_OK;
    if (opts->version == 0)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_options.version is 0: initialise the struct "
                                       "with HPR_POLICY_OPTIONS_INIT or hpr_policy_options_init()");
    if (opts->version > HPR_POLICY_OPTIONS_VERSION)
        return hpr__seterr(HPR_EVERSION,
                           "hpr_policy_options version %u is newer than this library (%d)",
                           opts->version, HPR_POLICY_OPTIONS_VERSION);
    const uint32_t known = HPR_POLICY_WARNINGS_AS_ERRORS | HPR_POLICY_CONFINE_INCLUDES;
    if (opts->flags & ~known)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_options.flags has unknown bits 0x%x",
                           (unsigned)(opts->flags & ~known));
    return HPR_OK;
}

/* "sha256:" and the hex SHA-256 of the document's bytes followed by the
 * bytes of every file it includes, in the order they are included. */
void hpr__fingerprint_hex(char out[72], uint64_t *tag, void *sha256_ctx)
{
    struct sha256_ctx *ctx = sha256_ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(ctx, sizeof digest, digest);
    *tag = 0;
    for (size_t i = 0; i < 8; i++)
        *tag = *tag << 8 | digest[i];
    *tag |= 1; /* never 0, which marks a ledger not checked against any policy */
    static const char hex[] = "0123456789abcdef";
    memcpy(out, "sha256:", 7);
    for (size_t i = 0; i < sizeof digest; i++) {
        out[7 + 2 * i] = hex[digest[i] >> 4];
        out[8 + 2 * i] = hex[digest[i] & 15];
    }
    out[71] = '\0';
}

static int cmp_param(const void *a, const void *b)
{
    return strcmp((*(const hpr__param *const *)a)->pointer, (*(const hpr__param *const *)b)->pointer);
}

/* Sets the thread's error record from the first error diagnostic. */
hpr_status hpr__fail_with_first(hpr_status code, const hpr_diagnostics *d)
{
    const hpr_diagnostic *first = NULL;
    for (size_t i = 0; i < d->n && !first; i++)
        if (d->items[i].severity == HPR_SEVERITY_ERROR)
            first = &d->items[i];
    if (!first && d->n)
        first = &d->items[0];
    if (!first)
        return hpr__seterr(code, "%s", hpr_strerror(code));
    char more[64] = "";
    if (d->n > 1)
        snprintf(more, sizeof more, " (and %zu more; see the diagnostics)", d->n - 1);
    return hpr__seterr(code, "%s:%d:%d: %s: %s%s", first->file, first->line, first->column,
                       first->pointer[0] ? first->pointer : "/", first->message, more);
}

/* Copies of the chain's documents and the included files into the
 * policy's arena (policy->chain, policy->includes). */
static bool keep_documents(hpr_policy *p, const hpr__chain *c, const hpr__reader *r)
{
    p->chain = hpr__arena_alloc(&p->arena, c->n * sizeof *p->chain);
    p->chain_ids = hpr__arena_alloc(&p->arena, c->n * sizeof *p->chain_ids);
    if (!p->chain || !p->chain_ids)
        return false;
    for (size_t i = 0; i < c->n; i++) {
        const hpr__pdoc *d = &c->doc[i].src;
        const char *id = c->doc[i].id;
        hpr__pdoc *k = &p->chain[i];
        k->file = hpr__arena_strndup(&p->arena, d->file, strlen(d->file));
        k->dir = d->dir ? hpr__arena_strndup(&p->arena, d->dir, strlen(d->dir)) : NULL;
        k->text = hpr__arena_strndup(&p->arena, d->text, d->len);
        k->len = d->len;
        p->chain_ids[i] = id ? hpr__arena_strndup(&p->arena, id, strlen(id)) : NULL;
        if (!k->file || (d->dir && !k->dir) || !k->text || (id && !p->chain_ids[i]))
            return false;
    }
    p->nchain = c->n;
    if (r->nkept) {
        if (!(p->includes = hpr__arena_alloc(&p->arena, r->nkept * sizeof *p->includes)))
            return false;
        memcpy(p->includes, r->kept, r->nkept * sizeof *p->includes);
        p->nincludes = r->nkept;
    }
    return true;
}

/* Compiles top (with the bases it extends, or the given ones) into a policy. */
static hpr_status load(hpr_policy **out, hpr_diagnostics *diag, const hpr__pdoc *top,
                       const hpr__pdoc *bases, size_t nbases, bool patch, const hpr_policy *from,
                       const hpr_policy_options *opts)
{
    hpr_policy *p = hpr__calloc(1, sizeof *p);
    if (!p)
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a policy");
    struct sha256_ctx fp;
    sha256_init(&fp);
    hpr__reader r = {.diag = diag, .arena = &p->arena, .policy = p,
                     .sources = &p->sources, .nsources = &p->nsources,
                     .fingerprint = &fp,
                     .confine_includes = opts && (opts->flags & HPR_POLICY_CONFINE_INCLUDES),
                     .include_root = opts && opts->version >= 2 ? opts->include_root : NULL,
                     .catalog_dirs = opts && opts->version >= 2 ? opts->catalog_dirs : NULL,
                     .extensions = opts && opts->version >= 3 ? opts->extensions : NULL,
                     .bundle = from ? from->includes : NULL,
                     .nbundle = from ? from->nincludes : 0};
    if (!r.extensions && from)
        r.extensions = from->extensions; /* a reform calls what its base calls */
    if (from && from->confined) { /* and reads only what its base could */
        r.confine_includes = true;
        if (!r.include_root)
            r.include_root = from->confine_root;
    }
    if (r.confine_includes) {
        char *root = realpath(r.include_root ? r.include_root : top->dir && top->dir[0] ? top->dir : ".", NULL);
        p->confined = true;
        p->confine_root = root ? hpr__arena_strndup(&p->arena, root, strlen(root)) : NULL;
        free(root);
        if (!p->confine_root) /* a root that cannot be resolved confines to nothing */
            p->confine_root = "/nonexistent/hpr-include-root";
    }
    hpr__buf_put(&r.path, "", 0);
    p->file = hpr__arena_strndup(&p->arena, top->file, strlen(top->file));

    hpr__chain chain;
    hpr__chain_result cr = hpr__chain_build(&chain, &r, top, bases, nbases, patch);
    hpr__section_result res = HPR__SECTIONS_DONE;
    if (cr == HPR__CHAIN_OK)
        res = hpr__compile_sections(&r, chain.root, top->dir);
    hpr__fingerprint_hex(p->fingerprint, &p->tag, &fp);

    hpr__diag_sort(diag);
    bool oom = r.oom || diag->oom || !p->file || res == HPR__SECTIONS_OOM || cr == HPR__CHAIN_OOM;
    if (!oom && cr == HPR__CHAIN_OK)
        oom = !keep_documents(p, &chain, &r);
    if (!oom && r.nparams) {
        qsort(r.params, r.nparams, sizeof *r.params, cmp_param);
        p->params = (const hpr__param **)(void *)r.params;
        p->nparams = r.nparams;
        r.params = NULL;
    }
    if (!oom && cr == HPR__CHAIN_OK && res == HPR__SECTIONS_DONE && diag->errors == 0) {
        hpr__check_dated_rules(diag, p);
        hpr__diag_sort(diag);
        oom = diag->oom;
    }
    hpr__free(r.params);
    hpr__free(r.kept);
    hpr__buf_dispose(&r.path);
    hpr__chain_dispose(&chain);

    if (oom) {
        hpr_policy_free(p);
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a policy");
    }
    bool warn_fail = opts && (opts->flags & HPR_POLICY_WARNINGS_AS_ERRORS) && diag->n > 0;
    if (cr != HPR__CHAIN_OK || res == HPR__SECTIONS_NEWER_FORMAT || diag->errors > 0 || warn_fail) {
        hpr_policy_free(p);
        return hpr__fail_with_first(cr == HPR__CHAIN_PARSE ? HPR_EPARSE
                                    : cr == HPR__CHAIN_NEWER || res == HPR__SECTIONS_NEWER_FORMAT
                                        ? HPR_EVERSION
                                        : HPR_EPOLICY,
                                    diag);
    }
    if (!hpr__policy_compile_years(p)) {
        hpr_policy_free(p);
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a policy");
    }
    *out = p;
    return HPR_OK;
}

hpr_status hpr__diag_hand_over(hpr_status st, hpr_diagnostics *diag, hpr_diagnostics **diagnostics_out)
{
    if (diagnostics_out)
        *diagnostics_out = diag;
    else
        hpr_diagnostics_free(diag);
    return st;
}

/* The entry points that compile from memory: diagnostics, the size
 * limit, the load, the hand-over. */
static hpr_status load_memory(hpr_policy **out, hpr_diagnostics **diagnostics_out, const hpr__pdoc *top,
                              const hpr__pdoc *bases, size_t nbases, bool patch, const hpr_policy *from,
                              const hpr_policy_options *opts)
{
    hpr_diagnostics *diag = hpr__diag_new();
    if (!diag)
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a policy");
    if (top->len > MAX_POLICY_BYTES) {
        hpr__diag_add(diag, HPR_SEVERITY_ERROR, top->file, 0, 0, "",
                      "%s of %zu bytes is larger than the %u-byte limit for policies",
                      patch ? "patch" : "document", top->len, MAX_POLICY_BYTES);
        return hpr__diag_hand_over(hpr__fail_with_first(HPR_EPOLICY, diag), diag, diagnostics_out);
    }
    hpr_status st = load(out, diag, top, bases, nbases, patch, from, opts);
    return hpr__diag_hand_over(st, diag, diagnostics_out);
}

hpr_status hpr_policy_load_buffer(hpr_policy **out, hpr_diagnostics **diagnostics_out,
                                  const char *data, size_t len, const char *name,
                                  const hpr_policy_options *opts)
{
    if (out)
        *out = NULL;
    if (diagnostics_out)
        *diagnostics_out = NULL;
    if (!out || (!data && len))
        return hpr__seterr(HPR_EINVAL, "hpr_policy_load_buffer: %s is NULL", out ? "data" : "out");
    hpr_status st = check_options(opts);
    if (st != HPR_OK)
        return st;
    hpr__pdoc top = {name ? name : "<memory>", opts ? opts->base_dir : NULL, data ? data : "", len};
    return load_memory(out, diagnostics_out, &top, NULL, 0, false, NULL, opts);
}

hpr_status hpr_policy_load_file(hpr_policy **out, hpr_diagnostics **diagnostics_out,
                                const char *path, const hpr_policy_options *opts)
{
    if (out)
        *out = NULL;
    if (diagnostics_out)
        *diagnostics_out = NULL;
    if (!out || !path)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_load_file: %s is NULL", out ? "path" : "out");
    hpr_status st = check_options(opts);
    if (st != HPR_OK)
        return st;
    hpr_diagnostics *diag = hpr__diag_new();
    if (!diag)
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a policy");
    char *data;
    size_t len;
    st = hpr__read_file(path, MAX_POLICY_BYTES, &data, &len);
    if (st != HPR_OK) {
        if (st == HPR_EIO)
            hpr__diag_add(diag, HPR_SEVERITY_ERROR, path, 0, 0, "", "%s", hpr_error_last()->message);
        return hpr__diag_hand_over(st, diag, diagnostics_out);
    }
    /* Relative references resolve against the policy file's directory. */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? hpr__strndup(path, (size_t)(slash - path) + 1) : NULL;
    if (slash && !dir) {
        hpr__free(data);
        return hpr__diag_hand_over(hpr__seterr(HPR_ENOMEM, "out of memory"), diag, diagnostics_out);
    }
    hpr__pdoc top = {path, dir ? dir : (opts ? opts->base_dir : NULL), data, len};
    st = load(out, diag, &top, NULL, 0, false, NULL, opts);
    hpr__free(dir);
    hpr__free(data);
    return hpr__diag_hand_over(st, diag, diagnostics_out);
}

/* ---- accessors ---------------------------------------------------------- */

hpr_status hpr_policy_derive(hpr_policy **out, hpr_diagnostics **diagnostics_out,
                             const hpr_policy *base, const char *patch, size_t len, const char *name,
                             const hpr_policy_options *opts)
{
    if (out)
        *out = NULL;
    if (diagnostics_out)
        *diagnostics_out = NULL;
    if (!out || !base || (!patch && len))
        return hpr__seterr(HPR_EINVAL, "hpr_policy_derive: %s is NULL",
                           !out ? "out" : !base ? "base" : "patch");
    hpr_status st = check_options(opts);
    if (st != HPR_OK)
        return st;
    if (!base->nchain)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_derive: the base policy keeps no documents");
    if (base->nchain >= HPR__CHAIN_MAX)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_derive: the base is a chain of %zu policies; "
                           "a derived one would be longer than %d", base->nchain, HPR__CHAIN_MAX);
    hpr__pdoc top = {name ? name : "<patch>", opts ? opts->base_dir : NULL, patch ? patch : "", len};
    return load_memory(out, diagnostics_out, &top, base->chain, base->nchain, true, base, opts);
}

hpr_status hpr_policy_load_base(hpr_policy **out, hpr_diagnostics **diagnostics_out,
                                const hpr_policy *policy, const hpr_policy_options *opts)
{
    if (out)
        *out = NULL;
    if (diagnostics_out)
        *diagnostics_out = NULL;
    if (!out || !policy)
        return hpr__seterr(HPR_EINVAL, "hpr_policy_load_base: %s is NULL", out ? "policy" : "out");
    hpr_status st = check_options(opts);
    if (st != HPR_OK)
        return st;
    if (policy->nchain < 2)
        return hpr__seterr(HPR_ENOTFOUND, "policy %s extends no other policy", policy->id);
    /* the base is compiled as it was when the policy was: from memory */
    return load_memory(out, diagnostics_out, &policy->chain[1], policy->chain + 2, policy->nchain - 2, false,
                       policy, opts);
}
