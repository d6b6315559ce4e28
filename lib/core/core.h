/* SPDX-License-Identifier: MIT */
/* The core layer: dates, amounts, errors, allocation, buffers and exact
 * decimals, shared by every layer of lib/. No JSON, no policy concept.
 * Not part of the API. */
#ifndef HPR_CORE_H
#define HPR_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hpr/hpr.h"

#if defined(__GNUC__)
# define HPR__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define HPR__PRINTF(f, a)
#endif

/* ---- dates (date.c) ------------------------------------------------- */

/* The day numbers of 1000-01-01 and 9999-12-31: every day number between
 * them is a valid date, so validating one is a range check. */
#define HPR__DAY_MIN (-354285)
#define HPR__DAY_MAX 2932896
static inline bool hpr__day_ok(hpr_date d) { return d >= HPR__DAY_MIN && d <= HPR__DAY_MAX; }
/* "YYYY-MM-DD" (exactly len 10) to *out; false, recording no error, for
 * anything hpr_date_parse() refuses. For loops that word their own errors. */
bool hpr__date_iso(hpr_date *out, const char *text, size_t len);

/* ---- amounts ----------------------------------------------------------- */

/* The largest amount a claim, a ledger value or a year total may hold:
 * 10^15 fen (10 trillion yuan). No real bill comes near it, and with every
 * operand under it no sum or product in the engine can overflow; a year
 * total that would pass it is HPR_EOVERFLOW, so a ledger the library
 * returns can always be read back. */
#define HPR__AMOUNT_MAX ((hpr_money)1000000000000000LL)
/* The most claims one ledger entry may count in a year. */
#define HPR__CLAIMS_MAX 1000000

/* ---- errors (error.c) ------------------------------------------------ */

/* Records code and message in the thread-local record; returns code. */
hpr_status hpr__seterr(hpr_status code, const char *fmt, ...) HPR__PRINTF(2, 3);
/* The same message without printf: the parts joined. For failures that
 * are a normal answer on a hot path (a code that matches nothing). */
hpr_status hpr__seterr_join(hpr_status code, const char *const *parts, size_t nparts);

/* ---- allocation (alloc.c): every library allocation goes through these,
 * so fault injection and allocator statistics have one place to hook. -- */
void *hpr__malloc(size_t size);
void *hpr__calloc(size_t n, size_t size);
void *hpr__realloc(void *ptr, size_t size);
/* Grows an array *p of items of `size` bytes, *cap of them, to hold at
 * least `need` (doubling from `first`); false, the array unchanged, when
 * out of memory. */
bool hpr__grow(void **p, size_t *cap, size_t need, size_t size, size_t first);
void  hpr__free(void *ptr);
char *hpr__strndup(const char *s, size_t len);

/* Arena: many small allocations freed together (compiled policies). */
typedef struct hpr__arena_chunk hpr__arena_chunk;
typedef struct hpr__arena {
    hpr__arena_chunk *head;
} hpr__arena;
void *hpr__arena_alloc(hpr__arena *a, size_t size);   /* zeroed, aligned */
char *hpr__arena_strndup(hpr__arena *a, const char *s, size_t len);
/* Appends a copy of text to a growing list of strings, list and copy in the
 * arena; false (the list unchanged) when out of memory. */
bool hpr__arena_list_add(hpr__arena *a, const char ***items, size_t *n, size_t *cap, const char *text);
void  hpr__arena_release(hpr__arena *a);
void  hpr__arena_reset(hpr__arena *a);       /* empties it, keeping one chunk */

/* Growable text buffer. Once an allocation fails, `oom` sticks and every
 * later append is a no-op, so callers check once at the end. */
typedef struct hpr__buf {
    char  *ptr;
    size_t len;
    size_t cap;
    bool   oom;
} hpr__buf;
void hpr__buf_put(hpr__buf *b, const char *s, size_t len);
void hpr__buf_puts(hpr__buf *b, const char *s);
void hpr__buf_putf(hpr__buf *b, const char *fmt, ...) HPR__PRINTF(2, 3);
void hpr__buf_dispose(hpr__buf *b);

/* ---- decimals (money.c) ---------------------------------------------- */

/* Parses an exact decimal into an integer scaled by 10^places.
 * json=false: -?digits(.digits{1,places})?  json=true: the JSON number
 * grammar, exponent included, provided the value needs <= places decimals. */
hpr_status hpr__decimal_parse(int64_t *out, const char *text, size_t len, int places, bool json,
                              const char *what);

/* ---- text (utf8.c) ---------------------------------------------------- */

/* True when the bytes are well-formed UTF-8 (no overlong forms, surrogates
 * or code points beyond U+10FFFF). */
bool hpr__utf8_valid(const char *text, size_t len);
/* Drops, in place, every byte that is not part of a valid UTF-8 sequence (a
 * character a precision such as %.64s cut in two); returns the length. */
size_t hpr__utf8_scrub(char *text);
/* After snprintf(buf, size, ...) returned `needed`: a text that did not
 * fit is cut back to a character boundary and ends with "…"; the text is
 * valid UTF-8 either way. Every fixed-size message buffer ends this way. */
void hpr__text_fit(char *buf, size_t size, int needed);
/* snprintf(dst, size, "%s", src) ended by hpr__text_fit. */
void hpr__text_copy(char *dst, size_t size, const char *src);

#endif /* HPR_CORE_H */
