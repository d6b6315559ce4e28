/* SPDX-License-Identifier: MIT */
/* CSV in and out for the hpr command, on libcsv: a pull reader that gives
 * one row at a time with the line it started on, and a writer that quotes
 * fields when they need it. */
#ifndef HPR_CLI_CSVIO_H
#define HPR_CLI_CSVIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <csv.h>

typedef struct csv_row {
    char **field;     /* NUL-terminated, owned by the reader until the next call */
    size_t n;
    long line;        /* the line the row starts on, from 1 */
    const char *problem; /* why the row is refused (a NUL byte, invalid UTF-8), or NULL */
} csv_row;

typedef struct csv_reader {
    FILE *fp;
    const char *name;
    struct csv_parser p;
    char *linebuf;
    size_t linecap;
    long line;        /* lines read so far */
    long row_line;    /* where the row being built started */
    /* rows completed by the parser, not yet handed out */
    csv_row *queue;
    size_t qhead, qlen, qcap;
    /* the row being built */
    char **cur;
    size_t ncur, capcur;
    csv_row out;      /* the row last handed out (its fields are freed on the next call) */
    char err[256];    /* why the last row was refused, for CSV_ROW_BAD */
    bool eof;
    bool oom;         /* a field or row could not be kept: reading stops with ENOMEM */
    const char *problem; /* of the row being built */
    size_t max_line;  /* the longest line accepted, in bytes */
} csv_reader;

enum { CSV_ROW_OK = 0, CSV_ROW_EOF = 1, CSV_ROW_BAD = 2, CSV_ROW_IOERR = 3 };

/* "-" is stdin; 0 or -1 with errno. Lines longer than max_line bytes are
 * refused rows. A UTF-8 byte order mark before the first row is skipped. */
int csvr_open(csv_reader *r, const char *path, size_t max_line);
/* The next row: CSV_ROW_OK, CSV_ROW_EOF, CSV_ROW_BAD (malformed CSV, a
 * line over the limit, a NUL byte or invalid UTF-8 in a field: r->err says
 * why and r->out.line where; reading goes on at the next row) or
 * CSV_ROW_IOERR (errno set; ENOMEM when a row could not be kept). */
int csvr_next(csv_reader *r);
void csvr_close(csv_reader *r);

/* Writes one field (quoted only when needed) and a separator or newline. */
void csvw_field(FILE *fp, const char *s, bool last);

#endif
