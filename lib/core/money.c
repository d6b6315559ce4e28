/* SPDX-License-Identifier: MIT */
/* Exact decimal parsing, formatting and money x ratio products.
 * Everything is integer arithmetic: no double ever touches money. */
#include <stdio.h>
#include <string.h>

#include "core/core.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Shows at most 40 bytes of offending text in messages. */
#define SHOW(len) ((int)((len) > 40 ? 40 : (len)))

hpr_status hpr__decimal_parse(int64_t *out, const char *text, size_t len, int places, bool json,
                              const char *what)
{
    size_t i = 0;
    bool neg = false;
    *out = 0;
    if (i < len && text[i] == '-') {
        neg = true;
        i++;
    }
    size_t int_start = i;
    while (i < len && is_digit(text[i]))
        i++;
    size_t int_end = i;
    if (int_end == int_start)
        return hpr__seterr(HPR_EPARSE, "%s \"%.*s\": expected digits", what, SHOW(len), text);
    if (json && int_end - int_start > 1 && text[int_start] == '0')
        return hpr__seterr(HPR_EPARSE, "%s \"%.*s\": leading zero in a JSON number", what,
                           SHOW(len), text);
    size_t frac_start = i, frac_end = i;
    if (i < len && text[i] == '.') {
        i++;
        frac_start = i;
        while (i < len && is_digit(text[i]))
            i++;
        frac_end = i;
        if (frac_end == frac_start)
            return hpr__seterr(HPR_EPARSE, "%s \"%.*s\": expected digits after '.'", what,
                               SHOW(len), text);
    }
    long exp = 0;
    if (json && i < len && (text[i] == 'e' || text[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < len && (text[i] == '+' || text[i] == '-'))
            eneg = text[i++] == '-';
        size_t es = i;
        while (i < len && is_digit(text[i])) {
            if (exp < 100000)
                exp = exp * 10 + (text[i] - '0');
            i++;
        }
        if (i == es)
            return hpr__seterr(HPR_EPARSE, "%s \"%.*s\": expected digits in the exponent", what,
                               SHOW(len), text);
        if (eneg)
            exp = -exp;
    }
    if (i != len)
        return hpr__seterr(HPR_EPARSE, "%s \"%.*s\": unexpected character '%c'", what, SHOW(len),
                           text, text[i]);
    size_t frac_len = frac_end - frac_start;
    if (!json && frac_len > (size_t)places)
        return hpr__seterr(HPR_EPARSE, "%s \"%.*s\": more than %d decimals", what, SHOW(len),
                           text, places);

    /* value = D x 10^(exp - frac_len), D = the digits with the point removed;
     * we want D x 10^k with k = exp - frac_len + places. */
    long k = exp - (long)frac_len + places;
    /* The digits of D, in order: int part then fraction. */
    size_t ndig = (int_end - int_start) + frac_len;
    char digits[64];
    char *heap = NULL;
    char *d = digits;
    if (ndig > sizeof digits) {
        heap = hpr__malloc(ndig);
        if (!heap)
            return hpr__seterr(HPR_ENOMEM, "out of memory parsing %s", what);
        d = heap;
    }
    memcpy(d, text + int_start, int_end - int_start);
    memcpy(d + (int_end - int_start), text + frac_start, frac_len);

    size_t use = ndig;
    if (k < 0) {
        /* The last -k digits must be zero, else the value needs more places. */
        size_t drop = (size_t)(-k);
        size_t tz = 0;
        while (tz < ndig && d[ndig - 1 - tz] == '0')
            tz++;
        if (tz == ndig) {
            use = 0; /* the value is zero */
        } else if (drop > tz) {
            hpr__free(heap);
            return hpr__seterr(HPR_EPARSE, "%s \"%.*s\": more than %d decimals", what, SHOW(len),
                               text, places);
        } else {
            use = ndig - drop;
        }
        k = 0;
    }
    uint64_t acc = 0;
    for (size_t j = 0; j < use; j++) {
        unsigned dv = (unsigned)(d[j] - '0');
        if (acc > (UINT64_MAX - dv) / 10) {
            hpr__free(heap);
            return hpr__seterr(HPR_EOVERFLOW, "%s \"%.*s\" is too large", what, SHOW(len), text);
        }
        acc = acc * 10 + dv;
    }
    hpr__free(heap);
    if (acc != 0) {
        while (k > 0) {
            if (acc > UINT64_MAX / 10)
                return hpr__seterr(HPR_EOVERFLOW, "%s \"%.*s\" is too large", what, SHOW(len),
                                   text);
            acc *= 10;
            k--;
        }
    }
    if (acc > (uint64_t)INT64_MAX)
        return hpr__seterr(HPR_EOVERFLOW, "%s \"%.*s\" is too large", what, SHOW(len), text);
    *out = neg ? -(int64_t)acc : (int64_t)acc;
    return HPR_OK;
}

hpr_status hpr_money_parse(hpr_money *out, const char *text, size_t len)
{
    if (!out || !text) {
        if (out)
            *out = 0;
        return hpr__seterr(HPR_EINVAL, "hpr_money_parse: %s is NULL", out ? "text" : "out");
    }
    return hpr__decimal_parse(out, text, len, 2, false, "money amount");
}

hpr_status hpr_money_parse_json_number(hpr_money *out, const char *text, size_t len)
{
    if (!out || !text) {
        if (out)
            *out = 0;
        return hpr__seterr(HPR_EINVAL, "hpr_money_parse_json_number: %s is NULL",
                           out ? "text" : "out");
    }
    return hpr__decimal_parse(out, text, len, 2, true, "money amount");
}

hpr_status hpr_ratio_parse(hpr_ratio *out, const char *text, size_t len)
{
    if (!out || !text) {
        if (out)
            *out = 0;
        return hpr__seterr(HPR_EINVAL, "hpr_ratio_parse: %s is NULL", out ? "text" : "out");
    }
    return hpr__decimal_parse(out, text, len, HPR_RATIO_PLACES, false, "ratio");
}

hpr_status hpr_ratio_parse_json_number(hpr_ratio *out, const char *text, size_t len)
{
    if (!out || !text) {
        if (out)
            *out = 0;
        return hpr__seterr(HPR_EINVAL, "hpr_ratio_parse_json_number: %s is NULL",
                           out ? "text" : "out");
    }
    return hpr__decimal_parse(out, text, len, HPR_RATIO_PLACES, true, "ratio");
}

static uint64_t uabs(int64_t v) { return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v; }

static hpr_status put_text(char *buf, size_t size, const char *text, int n, const char *fn)
{
    if (n < 0 || (size_t)n >= size) {
        if (size > 0)
            buf[0] = '\0';
        return hpr__seterr(HPR_EBUFS, "%s: buffer of %zu bytes is too small for \"%s\"", fn, size,
                           text);
    }
    memcpy(buf, text, (size_t)n + 1);
    return HPR_OK;
}

hpr_status hpr_money_format(char *buf, size_t size, hpr_money amount)
{
    if (!buf)
        return hpr__seterr(HPR_EINVAL, "hpr_money_format: buf is NULL");
    char tmp[HPR_MONEY_FORMAT_SIZE];
    uint64_t u = uabs(amount);
    int n = snprintf(tmp, sizeof tmp, "%s%llu.%02llu", amount < 0 ? "-" : "",
                     (unsigned long long)(u / 100), (unsigned long long)(u % 100));
    return put_text(buf, size, tmp, n, "hpr_money_format");
}

hpr_status hpr_ratio_format(char *buf, size_t size, hpr_ratio ratio)
{
    if (!buf)
        return hpr__seterr(HPR_EINVAL, "hpr_ratio_format: buf is NULL");
    char tmp[HPR_RATIO_FORMAT_SIZE];
    uint64_t u = uabs(ratio);
    uint64_t whole = u / HPR_RATIO_ONE, frac = u % HPR_RATIO_ONE;
    int n;
    if (frac == 0) {
        n = snprintf(tmp, sizeof tmp, "%s%llu", ratio < 0 ? "-" : "", (unsigned long long)whole);
    } else {
        int places = HPR_RATIO_PLACES;
        while (frac % 10 == 0) {
            frac /= 10;
            places--;
        }
        n = snprintf(tmp, sizeof tmp, "%s%llu.%0*llu", ratio < 0 ? "-" : "",
                     (unsigned long long)whole, places, (unsigned long long)frac);
    }
    return put_text(buf, size, tmp, n, "hpr_ratio_format");
}

hpr_status hpr_money_add(hpr_money *out, hpr_money a, hpr_money b)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_money_add: out is NULL");
    if (__builtin_add_overflow(a, b, out)) {
        *out = 0;
        return hpr__seterr(HPR_EOVERFLOW, "money sum overflows 64-bit fen");
    }
    return HPR_OK;
}

hpr_status hpr_money_mul_ratio(hpr_money *out, hpr_money amount, hpr_ratio ratio,
                               hpr_rounding mode)
{
    if (!out)
        return hpr__seterr(HPR_EINVAL, "hpr_money_mul_ratio: out is NULL");
    *out = 0;
    if ((unsigned)mode > HPR_ROUND_UP)
        return hpr__seterr(HPR_EINVAL, "hpr_money_mul_ratio: unknown rounding mode %d", (int)mode);
    bool neg = (amount < 0) != (ratio < 0);
    __extension__ typedef unsigned __int128 u128;
    u128 p = (u128)uabs(amount) * (u128)uabs(ratio);
    u128 whole = p / HPR_RATIO_ONE;
    uint64_t frac = (uint64_t)(p % HPR_RATIO_ONE);
    const uint64_t half = HPR_RATIO_ONE / 2;
    bool up = false;
    switch (mode) {
    case HPR_ROUND_HALF_UP: up = frac >= half; break;
    case HPR_ROUND_HALF_EVEN: up = frac > half || (frac == half && (whole & 1u)); break;
    case HPR_ROUND_DOWN: up = false; break;
    case HPR_ROUND_UP: up = frac > 0; break;
    }
    if (up)
        whole += 1;
    if (whole > (u128)INT64_MAX)
        return hpr__seterr(HPR_EOVERFLOW, "money x ratio overflows 64-bit fen");
    *out = neg ? -(int64_t)whole : (int64_t)whole;
    return HPR_OK;
}
