/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/date.h
 * @brief Calendar dates: parsing, arithmetic, ages and policy years.
 *
 * @defgroup hpr_date Dates
 * A date is a count of days since 1970-01-01 in the proleptic Gregorian
 * calendar, so differences and comparisons are plain integer arithmetic.
 * Supported years are 1000 to 9999.
 * @{
 */
#ifndef HPR_DATE_H
#define HPR_DATE_H

#include "hpr/common.h"
#include "hpr/errors.h"

HPR_BEGIN_DECL

/** A calendar date: days since 1970-01-01 (negative before). */
typedef int32_t hpr_date;

/** Buffer size that fits hpr_date_format() output, NUL included. */
#define HPR_DATE_FORMAT_SIZE 11

/**
 * @brief Parses "YYYY-MM-DD" strictly.
 *
 * Exactly ten characters; the day must exist (2019-02-29 is rejected,
 * 2020-02-29 accepted); years 1000 to 9999.
 *
 * @param[out] out  Receives the date; 0 on failure.
 * @param[in]  text The text; need not be NUL-terminated.
 * @param[in]  len  Length of @p text in bytes.
 * @return #HPR_OK; #HPR_EINVAL if a pointer is NULL; #HPR_EPARSE if the
 *         text is not a valid date.
 * @ownership Borrows @p text for the call only.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_date_parse(hpr_date *out, const char *text, size_t len);

/**
 * @brief Builds a date from year, month and day.
 * @param[out] out   Receives the date; 0 on failure.
 * @param[in]  year  1000 to 9999.
 * @param[in]  month 1 to 12.
 * @param[in]  day   1 to the length of the month.
 * @return #HPR_OK; #HPR_EINVAL if @p out is NULL or the day does not exist.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_date_from_ymd(hpr_date *out, int year, int month, int day);

/**
 * @brief Splits a date into year, month and day.
 * @param[in]  date  A date in the supported range.
 * @param[out] year  Receives the year; may be NULL.
 * @param[out] month Receives the month, 1 to 12; may be NULL.
 * @param[out] day   Receives the day of the month; may be NULL.
 * @return #HPR_OK; #HPR_EINVAL if @p date is outside years 1000 to 9999.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_date_to_ymd(hpr_date date, int *year, int *month, int *day);

/**
 * @brief Formats a date as "YYYY-MM-DD".
 * @param[out] buf  Receives the NUL-terminated text.
 * @param[in]  size Size of @p buf; at least #HPR_DATE_FORMAT_SIZE.
 * @param[in]  date The date.
 * @return #HPR_OK; #HPR_EINVAL if @p buf is NULL or the date is out of
 *         range; #HPR_EBUFS if @p size is too small.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_date_format(char *buf, size_t size, hpr_date date);

/**
 * @brief Adds whole years; 29 February becomes 28 February in a common year.
 *
 * Used for periods such as the five-year transition after exit from
 * poverty.
 *
 * @param[out] out   Receives the shifted date; 0 on failure.
 * @param[in]  date  The starting date.
 * @param[in]  years Years to add (may be negative).
 * @return #HPR_OK; #HPR_EINVAL if @p out is NULL or the result leaves the
 *         supported range.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_date_add_years(hpr_date *out, hpr_date date, int years);

/**
 * @brief Age in whole years (周岁) on a date.
 *
 * The age goes up on the birthday; someone born on 29 February turns a
 * year older on 1 March in a common year.
 *
 * @param[out] out   Receives the age; 0 on failure.
 * @param[in]  birth Date of birth.
 * @param[in]  on    The date the age is wanted for.
 * @return #HPR_OK; #HPR_EINVAL if @p out is NULL, a date is out of range
 *         or @p on is before @p birth.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_date_age(int *out, hpr_date birth, hpr_date on);

/**
 * @brief The policy year a date falls in.
 *
 * A policy year starts on @p start_month / @p start_day and is named by
 * the calendar year it starts in. With 1/1 it is the calendar year; with
 * 7/1, 2019-03-12 is in policy year 2018.
 *
 * @param[out] out         Receives the policy year; 0 on failure.
 * @param[in]  date        The date.
 * @param[in]  start_month First month of the policy year, 1 to 12.
 * @param[in]  start_day   First day, 1 to 28 (so every year has it).
 * @return #HPR_OK; #HPR_EINVAL if an argument is out of range.
 * @threadsafety Safe from any thread.
 * @since 1.0
 */
HPR_API hpr_status hpr_date_policy_year(int *out, hpr_date date, int start_month, int start_day);

HPR_END_DECL

/** @} */
#endif /* HPR_DATE_H */
