/* SPDX-License-Identifier: MIT */
/* Diagnostics: the list of located problems found while loading a policy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/diag.h"

hpr_diagnostics *hpr__diag_new(void)
{
    return hpr__calloc(1, sizeof(hpr_diagnostics));
}

void hpr__diag_add(hpr_diagnostics *d, hpr_severity sev, const char *file, int line, int column,
                   const char *pointer, const char *fmt, ...)
{
    if (!d || d->oom)
        return;
    if (d->n >= HPR__DIAG_MAX) {
        d->dropped++;
        d->errors += sev == HPR_SEVERITY_ERROR;
        return;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        hpr_diagnostic *p = hpr__realloc(d->items, cap * sizeof *p);
        if (!p) {
            d->oom = true;
            return;
        }
        d->items = p;
        d->cap = cap;
    }
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *f = file ? file : "<memory>";
    const char *ptr = pointer ? pointer : "";
    hpr_diagnostic *item = &d->items[d->n];
    item->severity = sev;
    item->line = line;
    item->column = column;
    item->file = hpr__arena_strndup(&d->strings, f, strlen(f));
    item->pointer = hpr__arena_strndup(&d->strings, ptr, strlen(ptr));
    item->message = hpr__arena_strndup(&d->strings, msg, strlen(msg));
    if (!item->file || !item->pointer || !item->message) {
        d->oom = true;
        return;
    }
    d->n++;
    if (sev == HPR_SEVERITY_ERROR)
        d->errors++;
}

static int cmp_diag(const void *a, const void *b)
{
    const hpr_diagnostic *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    /* stable on the message text, so equal positions have a fixed order */
    return strcmp(x->message, y->message);
}

void hpr__diag_sort(hpr_diagnostics *d)
{
    if (d && d->n > 1)
        qsort(d->items, d->n, sizeof *d->items, cmp_diag);
}

size_t hpr_diagnostics_count(const hpr_diagnostics *d) { return d ? d->n : 0; }

size_t hpr_diagnostics_error_count(const hpr_diagnostics *d) { return d ? d->errors : 0; }

const hpr_diagnostic *hpr_diagnostics_get(const hpr_diagnostics *d, size_t index)
{
    return d && index < d->n ? &d->items[index] : NULL;
}

void hpr__diag_line(hpr__buf *b, const hpr_diagnostic *item)
{
    const char *sev = item->severity == HPR_SEVERITY_ERROR ? "error" : "warning";
    if (item->line == 0 && !item->pointer[0]) /* about the file itself (cannot open it, too large) */
        hpr__buf_putf(b, "%s: %s: %s", item->file, sev, item->message);
    else
        hpr__buf_putf(b, "%s:%d:%d: %s: %s: %s", item->file, item->line, item->column, sev,
                      item->pointer[0] ? item->pointer : "/", item->message);
}

hpr_status hpr_diagnostics_format(char **out, const hpr_diagnostics *d)
{
    if (out)
        *out = NULL;
    if (!out || !d)
        return hpr__seterr(HPR_EINVAL, "hpr_diagnostics_format: %s is NULL", out ? "diagnostics" : "out");
    hpr__buf b = {0};
    hpr__buf_put(&b, "", 0);
    for (size_t i = 0; i < d->n; i++) {
        hpr__diag_line(&b, &d->items[i]);
        hpr__buf_put(&b, "\n", 1);
    }
    if (d->dropped)
        hpr__buf_putf(&b, "(%zu more diagnostics not shown)\n", d->dropped);
    if (b.oom) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_ENOMEM, "out of memory formatting diagnostics");
    }
    *out = b.ptr;
    return HPR_OK;
}

void hpr_diagnostics_free(hpr_diagnostics *d)
{
    if (!d)
        return;
    hpr__free(d->items);
    hpr__arena_release(&d->strings);
    hpr__free(d);
}
