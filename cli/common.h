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

/* The directories --catalogs named (NULL-terminated), for cli_load_policy. */
void cli_set_catalog_dirs(const char *const *dirs);
/* The registry --extension-library filled, for cli_load_policy. */
void cli_set_extensions(hpr_extensions *ext);
/* --lang (main.c), or the environment's: the language of what a command
 * writes for people. */
void cli_set_lang(hpr_lang lang);
hpr_lang cli_lang(void);
/* The language LC_ALL, LC_MESSAGES or LANG names (the first one set); English otherwise. */
hpr_lang cli_lang_from_env(void);
/* A text of the command in the chosen language (the library's catalogue). */
#define TR(english) hpr_translate(cli_lang(), english)
/* Marks a text for the catalogue where it is stored; TR() it when written. */
#define N_(english) (english)
/* Columns a UTF-8 text takes on a terminal (CJK characters two). */
int cli_display_width(const char *s);
/* Writes s padded with spaces to `width` columns (display width). */
void cli_pad(FILE *fp, const char *s, int width);
/* A table cell: a space (unless first), then s left- or right-aligned in
 * `width` display columns. */
void cli_cell(FILE *fp, const char *s, int width, bool right, bool first);
/* Load options with those directories. */
void cli_policy_options(hpr_policy_options *opts);
/* Loads a policy, printing its diagnostics to stderr; NULL on failure. */
hpr_policy *cli_load_policy(const char *path, bool quiet_warnings);
/* The reform of `from` that each "POINTER=VALUE" sets (hpr_policy_derive;
 * VALUE is read as JSON when it is JSON, else as a string), printing its
 * diagnostics to stderr; NULL on failure. */
hpr_policy *cli_derive_policy(const hpr_policy *from, const char *const *sets, size_t n);

/* Writes s as a JSON string (with quotes): control characters escaped,
 * each byte that is not part of valid UTF-8 written as U+FFFD, so the
 * output is always valid JSON whatever the input held. */
void cli_json_string(FILE *fp, const char *s, size_t len);
/* The length of the valid UTF-8 sequence at s (1 to 4), or 0. */
size_t cli_utf8_seq(const unsigned char *s, size_t len);
/* True when the n bytes are valid UTF-8. */
bool cli_utf8_valid(const char *s, size_t n);
/* A copy of s fit for a terminal: control characters (ESC, CR, LF, ...)
 * written as \xNN; NULL when out of memory. */
char *cli_tty_text(const char *s);

/* Adds v to *sum; false (sum unchanged) if the result would overflow. */
bool cli_add_money(hpr_money *sum, hpr_money v);

/* Opens an output file for a command. Refuses (message on stderr, NULL)
 * when it is the same file as one of the inputs or an output already open
 * (device and inode, symlinks followed): nothing is truncated before the
 * check. inputs and outputs end with NULL; outputs are the FILEs open. */
FILE *cli_open_output(const char *cmd, const char *path, const char *const *inputs, FILE *const *outputs);
/* Flushes and closes an output opened with cli_open_output(); false
 * (message on stderr) when anything written to it was lost. */
bool cli_close_output(const char *cmd, FILE *fp, const char *path);

/* The longest line (JSON Lines) or CSV line read, and the largest request
 * file, in bytes, unless --max-line says otherwise: 64 MiB. */
#define CLI_MAX_LINE_DEFAULT ((size_t)64 << 20)
/* Parses --max-line's value (bytes, at least 1024); false if it is not one. */
bool cli_parse_max_line(const char *text, size_t *out);

/* Reads one line (without its newline) into *buf. Returns its length,
 * -1 at the end of the file, -2 on a read error (errno set: ENOMEM,
 * EIO...), -3 when the line is longer than max (it is consumed and
 * skipped; reading goes on at the next line). */
long cli_read_line(FILE *fp, char **buf, size_t *cap, size_t max);
/* Writes fen as "123.45". */
void cli_money(FILE *fp, hpr_money m);
/* A NUL-terminated copy of len bytes that need not end with a NUL (a
 * text cell); NULL when out of memory. */
char *cli_strndup(const char *s, size_t len);
/* Whether a file is a standards document ("kind": "standards"). */
bool cli_is_standards(const char *path);
/* printf into a new string, whole however long its parts (free() it);
 * NULL when out of memory. */
char *cli_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reads a whole file ("-" for stdin) of at most max bytes; NULL with
 * errno on failure (EFBIG when larger). */
char *cli_slurp(const char *path, size_t *len, size_t max);

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
int cmd_audit(int argc, char **argv);
int cmd_describe(int argc, char **argv);

#endif
