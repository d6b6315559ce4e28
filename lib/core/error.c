/* SPDX-License-Identifier: MIT */
/* Status names and strings from one table, and the thread-local error record. */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

#define HPR__STATUS_TABLE(X)                                                     \
    X(HPR_OK, "success")                                                         \
    X(HPR_ERROR, "unclassified failure")                                         \
    X(HPR_ENOMEM, "out of memory")                                               \
    X(HPR_EINVAL, "invalid argument")                                            \
    X(HPR_ENOTFOUND, "not found")                                                \
    X(HPR_EBUFS, "buffer too small")                                             \
    X(HPR_EUSER, "stopped by a user callback")                                   \
    X(HPR_EVERSION, "version newer than this library supports")                  \
    X(HPR_EPARSE, "malformed text")                                              \
    X(HPR_EPOLICY, "invalid policy document")                                    \
    X(HPR_EOVERFLOW, "money arithmetic overflow")                                \
    X(HPR_EIO, "file could not be read")

static _Thread_local hpr_error tls_err;
static _Thread_local char tls_msg[4096];
static const hpr_error no_error = {HPR_OK, "no error"};

hpr_status hpr__seterr(hpr_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int needed = vsnprintf(tls_msg, sizeof tls_msg, fmt, ap);
    va_end(ap);
    hpr__text_fit(tls_msg, sizeof tls_msg, needed);
    tls_err.code = code;
    tls_err.message = tls_msg;
    return code;
}

hpr_status hpr__seterr_join(hpr_status code, const char *const *parts, size_t nparts)
{
    size_t n = 0;
    for (size_t i = 0; i < nparts; i++) {
        size_t len = strlen(parts[i]), room = sizeof tls_msg - 1 - n;
        len = len < room ? len : room;
        memcpy(tls_msg + n, parts[i], len);
        n += len;
    }
    tls_msg[n] = '\0';
    hpr__text_fit(tls_msg, sizeof tls_msg, n == sizeof tls_msg - 1 ? (int)sizeof tls_msg : 0);
    tls_err.code = code;
    tls_err.message = tls_msg;
    return code;
}

const hpr_error *hpr_error_last(void)
{
    return tls_err.code ? &tls_err : &no_error;
}

void hpr_error_clear(void)
{
    tls_err.code = HPR_OK;
    tls_err.message = NULL;
    tls_msg[0] = '\0';
}

const char *hpr_strerror(hpr_status code)
{
    switch (code) {
#define X(name, text) case name: return text;
        HPR__STATUS_TABLE(X)
#undef X
    default:
        return "unknown status code";
    }
}

const char *hpr_status_name(hpr_status code)
{
    switch (code) {
#define X(name, text) case name: return #name;
        HPR__STATUS_TABLE(X)
#undef X
    default:
        return "HPR_UNKNOWN";
    }
}

hpr_status hpr_status_from_name(hpr_status *out, const char *name)
{
    if (out)
        *out = HPR_OK;
    if (!out || !name)
        return hpr__seterr(HPR_EINVAL, "hpr_status_from_name: %s is NULL", out ? "name" : "out");
#define X(n, text) if (strcmp(name, #n) == 0) { *out = n; return HPR_OK; }
    HPR__STATUS_TABLE(X)
#undef X
    return hpr__seterr(HPR_ENOTFOUND, "no status code is named \"%s\"", name);
}
