/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/money.h
 * @brief Exact money (integer fen) and exact decimal ratios.
 *
 * @defgroup hpr_money Money and ratios
 * Money is an `int64_t` count of fen (1 yuan = 100 fen). Ratios are exact
 * decimals held as integer millionths. No binary floating point is ever
 * used on money: parsing, formatting and multiplication are integer-exact,
 * and every overflow is reported as #HPR_EOVERFLOW instead of wrapping.
 * @{
 */
#ifndef HPR_MONEY_H
#define HPR_MONEY_H

#include "hpr/common.h"
#include "hpr/errors.h"

HPR_BEGIN_DECL

/** An amount of money in fen (0.01 yuan). */
typedef int64_t hpr_money;

/** An exact decimal ratio in millionths: 0.65 is 650000. */
typedef int64_t hpr_ratio;

/** The value of a ratio of 1 (100%). */
#define HPR_RATIO_ONE 1000000
/** Decimal places a ratio may have. */
#define HPR_RATIO_PLACES 6
/** Buffer size that always fits hpr_money_format() output, NUL included. */
#define HPR_MONEY_FORMAT_SIZE 32
/** Buffer size that always fits hpr_ratio_format() output, NUL included. */
#define HPR_RATIO_FORMAT_SIZE 32

/**
 * @brief How a product of money and a ratio is rounded to the fen.
 *
 * Part of the ABI: values are never renumbered.
 */
typedef enum hpr_rounding {
    HPR_ROUND_HALF_UP   = 0, /**< Nearest fen, halves away from zero (the default). */
    HPR_ROUND_HALF_EVEN = 1, /**< Nearest fen, halves to the even fen (banker's). */
    HPR_ROUND_DOWN      = 2, /**< Towards zero (truncate). */
    HPR_ROUND_UP        = 3  /**< Away from zero. */
} hpr_rounding;

/**
 * @brief Parses a decimal money string such as "52000", "52000.5" or "-3.20".
 *
 * Grammar: an optional '-', one or more digits, then optionally '.' and
 * one or two digits. Anything else (spaces, '+', exponents, a third
 * decimal, a lone '.', an empty string) is rejected, never rounded.
 *
 * @param[out] out  Receives the amount in fen; 0 on failure.
 * @param[in]  text The text; need not be NUL-terminated.
 * @param[in]  len  Length of @p text in bytes.
 * @return #HPR_OK; #HPR_EINVAL if @p out or @p text is NULL;
 *         #HPR_EPARSE if the text is not a money amount;
 *         #HPR_EOVERFLOW if it does not fit in 64-bit fen.
 * @ownership Borrows @p text for the call only.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_money_parse(hpr_money *out, const char *text, size_t len);

/**
 * @brief Parses a JSON number's text exactly as money.
 *
 * Accepts the JSON number grammar (e.g. "52000.5", "5.2e4") provided the
 * value has at most two decimal places; "0.125" and "1e-3" are rejected.
 *
 * @param[out] out  Receives the amount in fen; 0 on failure.
 * @param[in]  text The number's text as written in the JSON document.
 * @param[in]  len  Length of @p text in bytes.
 * @return #HPR_OK, #HPR_EINVAL, #HPR_EPARSE or #HPR_EOVERFLOW as for
 *         hpr_money_parse().
 * @ownership Borrows @p text for the call only.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_money_parse_json_number(hpr_money *out, const char *text, size_t len);

/**
 * @brief Formats money with two decimals: 5200000 becomes "52000.00".
 *
 * @param[out] buf  Receives the NUL-terminated text.
 * @param[in]  size Size of @p buf; #HPR_MONEY_FORMAT_SIZE always suffices.
 * @param[in]  amount The amount in fen.
 * @return #HPR_OK; #HPR_EINVAL if @p buf is NULL; #HPR_EBUFS if @p size is
 *         too small (then @p buf holds an empty string if @p size > 0).
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_money_format(char *buf, size_t size, hpr_money amount);

/**
 * @brief Adds two amounts, detecting overflow.
 * @param[out] out Receives @p a + @p b; 0 on failure.
 * @param[in]  a   An amount in fen.
 * @param[in]  b   An amount in fen.
 * @return #HPR_OK; #HPR_EINVAL if @p out is NULL; #HPR_EOVERFLOW.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_money_add(hpr_money *out, hpr_money a, hpr_money b);

/**
 * @brief Multiplies an amount by an exact ratio and rounds to the fen.
 *
 * The product is computed exactly in integers and rounded once, with
 * @p mode. For example 1267.73 yuan x 0.70 with #HPR_ROUND_HALF_UP is
 * 887.41 yuan (887.411 rounded).
 *
 * @param[out] out    Receives the rounded product in fen; 0 on failure.
 * @param[in]  amount The amount in fen.
 * @param[in]  ratio  The ratio in millionths (#HPR_RATIO_ONE is 1).
 * @param[in]  mode   An ::hpr_rounding value.
 * @return #HPR_OK; #HPR_EINVAL if @p out is NULL or @p mode is unknown;
 *         #HPR_EOVERFLOW if the product does not fit.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_money_mul_ratio(hpr_money *out, hpr_money amount, hpr_ratio ratio, hpr_rounding mode);

/**
 * @brief Parses an exact decimal ratio such as "0.65", "1" or "0.055".
 *
 * Grammar: an optional '-', digits, optionally '.' and one to six digits.
 * More than six decimals is #HPR_EPARSE, never rounded.
 *
 * @param[out] out  Receives the ratio in millionths; 0 on failure.
 * @param[in]  text The text; need not be NUL-terminated.
 * @param[in]  len  Length of @p text in bytes.
 * @return #HPR_OK; #HPR_EINVAL if a pointer is NULL; #HPR_EPARSE;
 *         #HPR_EOVERFLOW if the value does not fit.
 * @ownership Borrows @p text for the call only.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_ratio_parse(hpr_ratio *out, const char *text, size_t len);

/**
 * @brief Parses a JSON number's text exactly as a ratio ("0.65", "6.5e-1").
 * @param[out] out  Receives the ratio in millionths; 0 on failure.
 * @param[in]  text The number's text as written in the JSON document.
 * @param[in]  len  Length of @p text in bytes.
 * @return As hpr_ratio_parse().
 * @ownership Borrows @p text for the call only.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_ratio_parse_json_number(hpr_ratio *out, const char *text, size_t len);

/**
 * @brief Formats a ratio with as few decimals as it needs: "0.65", "1".
 * @param[out] buf   Receives the NUL-terminated text.
 * @param[in]  size  Size of @p buf; #HPR_RATIO_FORMAT_SIZE always suffices.
 * @param[in]  ratio The ratio in millionths.
 * @return #HPR_OK, #HPR_EINVAL or #HPR_EBUFS as for hpr_money_format().
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_ratio_format(char *buf, size_t size, hpr_ratio ratio);

HPR_END_DECL

/** @} */
#endif /* HPR_MONEY_H */
