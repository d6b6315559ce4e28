/* SPDX-License-Identifier: MIT */
/* What the hpr subcommands share: loading a policy with its diagnostics
 * printed, option parsing helpers, money and JSON text output. */
#ifndef HPR_CLI_COMMON_H
#define HPR_CLI_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include <hpr/hpr.h>

/* Exit codes: everything settled or passed; some rows or cases failed;
 * the command could not run (usage, unreadable policy or file). */
enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

/* Loads a policy, printing its diagnostics to stderr; NULL on failure. */
hpr_policy *cli_load_policy(const char *path, bool quiet_warnings);

/* Writes s as a JSON string (with quotes). */
void cli_json_string(FILE *fp, const char *s, size_t len);
/* Writes fen as "123.45". */
void cli_money(FILE *fp, hpr_money m);
/* A NUL-terminated copy of len bytes that need not end with a NUL (a
 * text cell); NULL when out of memory. */
char *cli_strndup(const char *s, size_t len);
/* Reads a whole file ("-" for stdin); NULL with errno on failure. */
char *cli_slurp(const char *path, size_t *len);

/* True if argv[*i] is opt (then *val is its value, from "--opt=v" or the
 * next argument; *i advances). Missing value: prints and sets *bad. */
bool cli_opt(int argc, char **argv, int *i, const char *opt, const char **val, bool *bad);

/* A progress line on stderr when it is a terminal: rows and rows/second. */
typedef struct cli_progress {
    bool on;
    double start, last;
} cli_progress;
void cli_progress_start(cli_progress *p, bool enabled);
void cli_progress_tick(cli_progress *p, long rows);
void cli_progress_end(cli_progress *p);

int cmd_settle(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
