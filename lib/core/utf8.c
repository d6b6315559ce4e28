/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

bool hpr__utf8_valid(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t n;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3, min = 0x10000;
        } else {
            return false;
        }
        if (len - i <= n)
            return false;
        unsigned cp = c & (0x3Fu >> n);
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

/* The length of the valid UTF-8 sequence starting at s[0] (of at most n
 * bytes), or 0 when it is not one. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t k = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
    if (!k || k > n || !hpr__utf8_valid((const char *)s, k))
        return 0;
    return k;
}

size_t hpr__utf8_scrub(char *text)
{
    unsigned char *s = (unsigned char *)text;
    size_t n = strlen(text), out = 0;
    for (size_t i = 0; i < n;) {
        size_t k = seq_len(s + i, n - i);
        if (!k) { /* a byte of a cut or broken sequence: dropped */
            i++;
            continue;
        }
        memmove(s + out, s + i, k);
        out += k;
        i += k;
    }
    s[out] = '\0';
    return out;
}

void hpr__text_fit(char *buf, size_t size, int needed)
{
    if (!size)
        return;
    if (needed >= 0 && (size_t)needed >= size && size > 4) {
        /* cut on a character boundary and marked, so a reader knows */
        size_t len = size - 4; /* room for "…" (3 bytes) and the NUL */
        while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
            len--;
        memcpy(buf + len, "\xE2\x80\xA6", 4);
    }
    hpr__utf8_scrub(buf);
}

void hpr__text_copy(char *dst, size_t size, const char *src)
{
    if (!size)
        return;
    int needed = snprintf(dst, size, "%s", src ? src : "");
    hpr__text_fit(dst, size, needed);
}
