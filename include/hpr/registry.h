/* SPDX-License-Identifier: MIT */
/**
 * @file hpr/registry.h
 * @brief The registry of places and staff a standards audit reads.
 *
 * @defgroup hpr_registry Registries
 * A registry is four tables, read from CSV text (docs/standards-audit.md
 * names every column): counties, townships, villages (with their clinic)
 * and staff. Each row that cannot be used (a bad value, a duplicate id, an
 * unknown parent, a shared clinic in a missing or non-neighbouring village,
 * a child of a refused row) is refused with its file, line and reason and
 * never dropped silently: for every table, rows read = rows accepted + rows
 * refused. A registry is filled, then finished (hpr_registry_finish(),
 * which checks the references between tables), then audited (hpr/audit.h).
 * @{
 */
#ifndef HPR_REGISTRY_H
#define HPR_REGISTRY_H

#include "hpr/common.h"
#include "hpr/errors.h"

HPR_BEGIN_DECL

/** A registry of places and staff. Opaque. */
typedef struct hpr_registry hpr_registry;

/** The tables of a registry. Part of the ABI. */
typedef enum hpr_registry_table {
    HPR_TABLE_COUNTIES = 0,  /**< counties.csv: a county and its county hospital. */
    HPR_TABLE_TOWNSHIPS = 1, /**< townships.csv: a township and its health centre. */
    HPR_TABLE_VILLAGES = 2,  /**< villages.csv: an administrative village and its clinic. */
    HPR_TABLE_STAFF = 3      /**< staff.csv: one health worker at a county, township or village. */
} hpr_registry_table;

/** The number of tables (::hpr_registry_table values). */
#define HPR_REGISTRY_TABLES 4

/**
 * @brief A table's name and the file it is read from without the ".csv".
 * @param[in] table A table.
 * @return "counties", "townships", "villages" or "staff"; NULL for another value.
 * @ownership Static storage.
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API const char *hpr_registry_table_name(hpr_registry_table table);

/**
 * @brief Makes an empty registry.
 * @param[out] out Receives the registry.
 * @return #HPR_OK; #HPR_EINVAL for a NULL @p out; #HPR_ENOMEM.
 * @ownership The caller frees `*out` with hpr_registry_free().
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_registry_new(hpr_registry **out);

/**
 * @brief Frees a registry.
 * @param[in] registry The registry, or NULL.
 * @ownership Takes ownership; hpr_registry_free(NULL) is a no-op. Audit
 *            results made from it become invalid.
 * @threadsafety No other thread may use it during or after the call.
 * @since 1.1
 */
HPR_API void hpr_registry_free(hpr_registry *registry);

/**
 * @brief Reads one table from CSV text (a header line, then one row a line).
 *
 * A bad row is refused and recorded (hpr_registry_error()); reading goes on.
 * A table may be read in several parts (each with its header line).
 *
 * @param[in] registry A registry not yet finished.
 * @param[in] table    Which table the text holds.
 * @param[in] data     The CSV bytes (UTF-8); need not be NUL-terminated.
 * @param[in] len      Length of @p data.
 * @param[in] name     The file name its errors give; NULL for "<memory>".
 * @return #HPR_OK (also when rows were refused); #HPR_EINVAL for a NULL
 *         @p registry, a finished registry, an unknown @p table, or a header
 *         that lacks a required column or names one twice (no row is then
 *         read: each is refused); #HPR_ENOMEM.
 * @ownership Copies what it needs from @p data.
 * @threadsafety One thread at a time per registry.
 * @since 1.1
 */
HPR_API hpr_status hpr_registry_read_csv(hpr_registry *registry, hpr_registry_table table,
                                         const char *data, size_t len, const char *name);

/**
 * @brief Checks the references between the tables and closes the registry.
 *
 * Refuses, with their reasons, rows whose parent is unknown or refused,
 * staff of unknown places, and villages sharing the clinic of a missing,
 * refused or non-neighbouring village. Afterwards nothing more is read.
 *
 * @param[in] registry A registry.
 * @return #HPR_OK; #HPR_EINVAL for NULL or a registry already finished; #HPR_ENOMEM.
 * @threadsafety One thread at a time per registry.
 * @since 1.1
 */
HPR_API hpr_status hpr_registry_finish(hpr_registry *registry);

/**
 * @brief Reads counties.csv, townships.csv, villages.csv and staff.csv from a
 *        directory, and finishes the registry.
 * @param[out] out Receives the registry (also when rows were refused); NULL on failure.
 * @param[in]  dir The directory.
 * @return #HPR_OK; #HPR_EINVAL for NULL arguments or a file lacking a
 *         required column; #HPR_EIO if a file cannot be read; #HPR_ENOMEM.
 * @ownership The caller frees `*out` with hpr_registry_free().
 * @threadsafety Safe from any thread.
 * @since 1.1
 */
HPR_API hpr_status hpr_registry_load_dir(hpr_registry **out, const char *dir);

/**
 * @brief Rows read from a table, accepted or not.
 * @param[in] registry A registry.
 * @param[in] table    A table.
 * @return The count; 0 for NULL or an unknown table.
 * @threadsafety Safe from any thread once finished.
 * @since 1.1
 */
HPR_API size_t hpr_registry_rows(const hpr_registry *registry, hpr_registry_table table);

/**
 * @brief How many rows were refused, over all tables.
 * @param[in] registry A registry.
 * @return The count; 0 for NULL.
 * @threadsafety Safe from any thread once finished.
 * @since 1.1
 */
HPR_API size_t hpr_registry_error_count(const hpr_registry *registry);

/**
 * @brief The i-th refused row: one record per refused row, in reading order
 *        (references refused by hpr_registry_finish() come after).
 * @param[in]  registry A registry.
 * @param[in]  i        From 0 to hpr_registry_error_count() - 1.
 * @param[out] table    If not NULL, receives the row's table.
 * @param[out] file     If not NULL, receives the file name given when it was read.
 * @param[out] line     If not NULL, receives the line the row starts on (1 is the header).
 * @param[out] id       If not NULL, receives the row's id ("" when it has none).
 * @return Why the row was refused, or NULL if @p i is out of range.
 * @ownership Borrowed from @p registry.
 * @threadsafety Safe from any thread once finished.
 * @since 1.1
 */
HPR_API const char *hpr_registry_error(const hpr_registry *registry, size_t i,
                                       hpr_registry_table *table, const char **file, long *line,
                                       const char **id);

HPR_END_DECL

/** @} */
#endif
