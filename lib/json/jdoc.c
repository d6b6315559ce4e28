/* SPDX-License-Identifier: MIT */
/* Strict JSON pre-scan with positions; see jdoc.h for why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json/jdoc.h"

typedef struct scanner {
    const unsigned char *s;
    size_t len;
    size_t i;
    uint32_t line;
    uint32_t col;
    hpr__jpos *pos;
    size_t n;
    size_t cap;
    bool oom;
    hpr__jerror *err;
    bool failed;
} scanner;

static bool fail(scanner *sc, const char *fmt, ...) HPR__PRINTF(2, 3);
static bool fail(scanner *sc, const char *fmt, ...)
{
    if (!sc->failed) {
        sc->failed = true;
        sc->err->line = (int)sc->line;
        sc->err->column = (int)sc->col;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(sc->err->message, sizeof sc->err->message, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Moves past one byte, keeping line and column (columns count code points). */
static void step(scanner *sc)
{
    unsigned char c = sc->s[sc->i++];
    if (c == '\n') {
        sc->line++;
        sc->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        sc->col++;
    }
}

static void skip_ws(scanner *sc)
{
    while (sc->i < sc->len) {
        unsigned char c = sc->s[sc->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        step(sc);
    }
}

static int peek(const scanner *sc) { return sc->i < sc->len ? sc->s[sc->i] : -1; }

static const char *describe(int c, char buf[16])
{
    if (c < 0)
        return "end of input";
    if (c >= 0x20 && c < 0x7F)
        snprintf(buf, 16, "'%c'", c);
    else
        snprintf(buf, 16, "byte 0x%02X", (unsigned)c);
    return buf;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool scan_u4(scanner *sc, unsigned *cp)
{
    *cp = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(peek(sc));
        if (h < 0)
            return fail(sc, "invalid \\u escape: expected 4 hex digits");
        *cp = *cp * 16 + (unsigned)h;
        step(sc);
    }
    return true;
}

/* Validates one UTF-8 sequence starting at sc->i (first byte >= 0x80). */
static bool scan_utf8(scanner *sc)
{
    const unsigned char *p = sc->s + sc->i;
    size_t left = sc->len - sc->i;
    unsigned c = p[0], need, cp, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
    else return fail(sc, "invalid UTF-8 byte 0x%02X", c);
    if (left < need + 1)
        return fail(sc, "truncated UTF-8 sequence");
    for (unsigned k = 1; k <= need; k++) {
        if ((p[k] & 0xC0) != 0x80)
            return fail(sc, "invalid UTF-8 sequence");
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return fail(sc, "invalid UTF-8 sequence (overlong, surrogate or beyond U+10FFFF)");
    for (unsigned k = 0; k <= need; k++)
        step(sc);
    return true;
}

static bool scan_string(scanner *sc)
{
    step(sc); /* opening quote */
    for (;;) {
        int c = peek(sc);
        if (c < 0)
            return fail(sc, "unterminated string");
        if (c == '"') {
            step(sc);
            return true;
        }
        if (c < 0x20)
            return fail(sc, "control character 0x%02X in a string (escape it)", (unsigned)c);
        if (c == '\\') {
            step(sc);
            int e = peek(sc);
            if (e == 'u') {
                step(sc);
                unsigned cp;
                if (!scan_u4(sc, &cp))
                    return false;
                if (cp == 0)
                    return fail(sc, "\\u0000 is not allowed in strings");
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return fail(sc, "lone low surrogate \\u%04X", cp);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (peek(sc) != '\\')
                        return fail(sc, "high surrogate \\u%04X not followed by a low one", cp);
                    step(sc);
                    if (peek(sc) != 'u')
                        return fail(sc, "high surrogate \\u%04X not followed by a low one", cp);
                    step(sc);
                    unsigned lo;
                    if (!scan_u4(sc, &lo))
                        return false;
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return fail(sc, "high surrogate \\u%04X not followed by a low one", cp);
                }
            } else if (e > 0 && strchr("\"\\/bfnrt", e)) { /* not NUL: strchr finds the terminator */
                step(sc);
            } else {
                char b[16];
                return fail(sc, "invalid escape \\%s", e < 0 ? "at end of input" : describe(e, b));
            }
            continue;
        }
        if (c >= 0x80) {
            if (!scan_utf8(sc))
                return false;
            continue;
        }
        step(sc);
    }
}

static bool digits(scanner *sc)
{
    int c = peek(sc);
    if (c < '0' || c > '9')
        return false;
    while ((c = peek(sc)) >= '0' && c <= '9')
        step(sc);
    return true;
}

static bool scan_number(scanner *sc)
{
    if (peek(sc) == '-')
        step(sc);
    if (peek(sc) == '0') {
        step(sc);
        int c = peek(sc);
        if (c >= '0' && c <= '9')
            return fail(sc, "leading zero in a number");
    } else if (!digits(sc)) {
        return fail(sc, "expected a digit");
    }
    if (peek(sc) == '.') {
        step(sc);
        if (!digits(sc))
            return fail(sc, "expected a digit after '.'");
    }
    if (peek(sc) == 'e' || peek(sc) == 'E') {
        step(sc);
        if (peek(sc) == '+' || peek(sc) == '-')
            step(sc);
        if (!digits(sc))
            return fail(sc, "expected a digit in the exponent");
    }
    return true;
}

static bool scan_literal(scanner *sc, const char *word)
{
    size_t n = strlen(word);
    if (sc->len - sc->i < n || memcmp(sc->s + sc->i, word, n) != 0)
        return fail(sc, "invalid literal: expected %s", word);
    for (size_t k = 0; k < n; k++)
        step(sc);
    return true;
}

static bool push_pos(scanner *sc, size_t *index, uint32_t kl, uint32_t kc)
{
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 64;
        hpr__jpos *p = hpr__realloc(sc->pos, cap * sizeof *p);
        if (!p) {
            sc->oom = true;
            return false;
        }
        sc->pos = p;
        sc->cap = cap;
    }
    if (sc->i > UINT32_MAX)
        return fail(sc, "document larger than 4 GiB");
    *index = sc->n++;
    hpr__jpos *p = &sc->pos[*index];
    p->offset = (uint32_t)sc->i;
    p->length = 0;
    p->line = sc->line;
    p->column = sc->col;
    p->key_line = kl;
    p->key_column = kc;
    return true;
}

static bool scan_value(scanner *sc, int depth, uint32_t kl, uint32_t kc)
{
    skip_ws(sc);
    if (depth > HPR__JSON_MAX_DEPTH)
        return fail(sc, "nesting deeper than %d levels", HPR__JSON_MAX_DEPTH);
    size_t index = 0;
    if (!push_pos(sc, &index, kl, kc))
        return false;
    int c = peek(sc);
    char b[16];
    bool ok;
    if (c == '{') {
        step(sc);
        skip_ws(sc);
        ok = true;
        if (peek(sc) == '}') {
            step(sc);
        } else {
            for (;;) {
                skip_ws(sc);
                if (peek(sc) != '"') {
                    ok = fail(sc, "expected a member name in quotes, found %s", describe(peek(sc), b));
                    break;
                }
                uint32_t l = sc->line, col = sc->col;
                if (!(ok = scan_string(sc)))
                    break;
                skip_ws(sc);
                if (peek(sc) != ':') {
                    ok = fail(sc, "expected ':' after the member name, found %s", describe(peek(sc), b));
                    break;
                }
                step(sc);
                if (!(ok = scan_value(sc, depth + 1, l, col)))
                    break;
                skip_ws(sc);
                if (peek(sc) == ',') {
                    step(sc);
                    continue;
                }
                if (peek(sc) == '}') {
                    step(sc);
                    break;
                }
                ok = fail(sc, "expected ',' or '}' in an object, found %s", describe(peek(sc), b));
                break;
            }
        }
    } else if (c == '[') {
        step(sc);
        skip_ws(sc);
        ok = true;
        if (peek(sc) == ']') {
            step(sc);
        } else {
            for (;;) {
                if (!(ok = scan_value(sc, depth + 1, 0, 0)))
                    break;
                skip_ws(sc);
                if (peek(sc) == ',') {
                    step(sc);
                    continue;
                }
                if (peek(sc) == ']') {
                    step(sc);
                    break;
                }
                ok = fail(sc, "expected ',' or ']' in an array, found %s", describe(peek(sc), b));
                break;
            }
        }
    } else if (c == '"') {
        ok = scan_string(sc);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        ok = scan_number(sc);
    } else if (c == 't') {
        ok = scan_literal(sc, "true");
    } else if (c == 'f') {
        ok = scan_literal(sc, "false");
    } else if (c == 'n') {
        ok = scan_literal(sc, "null");
    } else {
        ok = fail(sc, "expected a JSON value, found %s", describe(c, b));
    }
    if (ok)
        sc->pos[index].length = (uint32_t)(sc->i - sc->pos[index].offset);
    return ok;
}

static int cmp_jnode(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const hpr__jnode *)a)->node;
    uintptr_t y = (uintptr_t)((const hpr__jnode *)b)->node;
    return x < y ? -1 : x > y;
}

/* Pre-order walk assigning document indexes. The scanner bounds the depth,
 * so a fixed stack of parents suffices. */
static bool map_nodes(hpr__jdoc *doc)
{
    hpr__jnode *map = hpr__malloc(doc->npos * sizeof *map);
    if (!map)
        return false;
    const cJSON *parents[HPR__JSON_MAX_DEPTH + 2];
    int sp = 0;
    size_t k = 0;
    const cJSON *node = doc->root;
    while (node) {
        if (k == doc->npos || sp > HPR__JSON_MAX_DEPTH) {
            hpr__free(map);
            return false;
        }
        map[k].node = node;
        map[k].index = (uint32_t)k;
        k++;
        if (node->child) {
            parents[sp++] = node;
            node = node->child;
            continue;
        }
        while (node && !node->next)
            node = sp ? parents[--sp] : NULL;
        if (node)
            node = node->next;
    }
    if (k != doc->npos) {
        hpr__free(map);
        return false;
    }
    qsort(map, k, sizeof *map, cmp_jnode);
    doc->map = map;
    return true;
}

hpr_status hpr__jdoc_parse(hpr__jdoc *doc, const char *text, size_t len, hpr__jerror *err)
{
    memset(doc, 0, sizeof *doc);
    memset(err, 0, sizeof *err);
    scanner sc = {.s = (const unsigned char *)text, .len = len, .line = 1, .col = 1, .err = err};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        sc.i = 3; /* UTF-8 byte order mark, skipped as cJSON does */
    skip_ws(&sc);
    if (sc.i == len) {
        fail(&sc, "empty document: expected a JSON value");
        return HPR_EPARSE;
    }
    bool ok = scan_value(&sc, 1, 0, 0);
    if (ok) {
        skip_ws(&sc);
        if (sc.i != len) {
            char b[16];
            ok = fail(&sc, "unexpected %s after the JSON value", describe(peek(&sc), b));
        }
    }
    if (sc.oom) {
        hpr__free(sc.pos);
        return hpr__seterr(HPR_ENOMEM, "out of memory indexing a JSON document");
    }
    if (!ok) {
        hpr__free(sc.pos);
        return HPR_EPARSE;
    }
    /* the byte order mark is skipped here, not by cJSON: cJSON 1.7.15 refuses
     * a document that is a mark and a number, "\xEF\xBB\xBF4" (found by fuzzing) */
    size_t bom = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    doc->root = cJSON_ParseWithLength(text + bom, len - bom);
    if (!doc->root) {
        hpr__free(sc.pos);
        /* The text is valid JSON, so cJSON can only have run out of memory. */
        return hpr__seterr(HPR_ENOMEM, "out of memory parsing a JSON document");
    }
    doc->text = text;
    doc->len = len;
    doc->pos = sc.pos;
    doc->npos = sc.n;
    if (!map_nodes(doc)) {
        hpr__jdoc_dispose(doc);
        return hpr__seterr(HPR_ENOMEM, "out of memory indexing a JSON document");
    }
    return HPR_OK;
}

void hpr__jdoc_dispose(hpr__jdoc *doc)
{
    if (doc->root)
        cJSON_Delete(doc->root);
    hpr__free(doc->pos);
    hpr__free(doc->map);
    memset(doc, 0, sizeof *doc);
}

const hpr__jpos *hpr__jdoc_pos(const hpr__jdoc *doc, const cJSON *node)
{
    if (!doc->map || !node)
        return NULL;
    hpr__jnode key = {node, 0};
    const hpr__jnode *hit = bsearch(&key, doc->map, doc->npos, sizeof key, cmp_jnode);
    return hit ? &doc->pos[hit->index] : NULL;
}

const char *hpr__jdoc_raw(const hpr__jdoc *doc, const cJSON *node, size_t *len)
{
    const hpr__jpos *p = hpr__jdoc_pos(doc, node);
    if (!p) {
        *len = 0;
        return NULL;
    }
    *len = p->length;
    return doc->text + p->offset;
}
