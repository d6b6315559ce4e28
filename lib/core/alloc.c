/* SPDX-License-Identifier: MIT */
/* The one place the library allocates, plus an arena and a text buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

void *hpr__malloc(size_t size) { return malloc(size ? size : 1); }
void *hpr__calloc(size_t n, size_t size) { return calloc(n ? n : 1, size ? size : 1); }
void *hpr__realloc(void *ptr, size_t size) { return realloc(ptr, size ? size : 1); }

bool hpr__grow(void **p, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : first;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            return false;
        c *= 2;
    }
    void *q = hpr__realloc(*p, c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}
void hpr__free(void *ptr) { free(ptr); }
void hpr_free(void *ptr) { hpr__free(ptr); }

char *hpr__strndup(const char *s, size_t len)
{
    char *p = hpr__malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* ---- arena ------------------------------------------------------------ */

struct hpr__arena_chunk {
    hpr__arena_chunk *next;
    size_t used;
    size_t size;
    _Alignas(16) unsigned char data[];
};

#define ARENA_CHUNK 16384u

void *hpr__arena_alloc(hpr__arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    hpr__arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        c = hpr__malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = a->head;
        c->used = 0;
        c->size = cap;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *hpr__arena_strndup(hpr__arena *a, const char *s, size_t len)
{
    char *p = hpr__arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static void free_chunks(hpr__arena_chunk *c)
{
    while (c) {
        hpr__arena_chunk *next = c->next;
        hpr__free(c);
        c = next;
    }
}

void hpr__arena_release(hpr__arena *a)
{
    free_chunks(a->head);
    a->head = NULL;
}

void hpr__arena_reset(hpr__arena *a)
{
    /* keep one chunk: a settlement reused claim after claim then allocates
     * nothing in the common case */
    if (!a->head)
        return;
    free_chunks(a->head->next);
    a->head->next = NULL;
    a->head->used = 0;
}

bool hpr__arena_list_add(hpr__arena *a, const char ***items, size_t *n, size_t *cap, const char *text)
{
    if (*n == *cap) {
        size_t cap2 = *cap ? *cap * 2 : 8;
        const char **v = hpr__arena_alloc(a, cap2 * sizeof *v);
        if (!v)
            return false;
        if (*n)
            memcpy(v, *items, *n * sizeof *v);
        *items = v;
        *cap = cap2;
    }
    const char *copy = hpr__arena_strndup(a, text, strlen(text));
    if (!copy)
        return false;
    (*items)[(*n)++] = copy;
    return true;
}

/* ---- text buffer ------------------------------------------------------ */

static bool buf_reserve(hpr__buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = hpr__realloc(b->ptr, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->ptr = p;
    b->cap = cap;
    return true;
}

void hpr__buf_put(hpr__buf *b, const char *s, size_t len)
{
    if (!buf_reserve(b, len))
        return;
    memcpy(b->ptr + b->len, s, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void hpr__buf_puts(hpr__buf *b, const char *s) { hpr__buf_put(b, s, strlen(s)); }

void hpr__buf_putf(hpr__buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        hpr__buf_put(b, small, (size_t)n);
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void hpr__buf_dispose(hpr__buf *b)
{
    hpr__free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}
