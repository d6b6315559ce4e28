/* SPDX-License-Identifier: MIT */
#include "csvio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static void on_field(void *s, size_t len, void *data)
{
    csv_reader *r = data;
    if (r->ncur == r->capcur) {
        size_t cap = r->capcur ? 2 * r->capcur : 32;
        char **f = realloc(r->cur, cap * sizeof *f);
        if (!f) {
            r->oom = true;
            return;
        }
        r->cur = f;
        r->capcur = cap;
    }
    if (!r->problem && len && memchr(s, '\0', len))
        r->problem = "a field holds a NUL byte";
    else if (!r->problem && !cli_utf8_valid(s, len))
        r->problem = "a field is not valid UTF-8";
    char *copy = malloc(len + 1);
    if (!copy) {
        r->oom = true;
        return;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    r->cur[r->ncur++] = copy;
}

static void on_row(int term, void *data)
{
    (void)term;
    csv_reader *r = data;
    if (r->qlen == r->qcap) {
        size_t cap = r->qcap ? 2 * r->qcap : 8;
        csv_row *q = malloc(cap * sizeof *q);
        if (!q) {
            r->oom = true;
            return;
        }
        for (size_t i = 0; i < r->qlen; i++)
            q[i] = r->queue[(r->qhead + i) % r->qcap];
        free(r->queue);
        r->queue = q;
        r->qhead = 0;
        r->qcap = cap;
    }
    r->queue[(r->qhead + r->qlen) % r->qcap] = (csv_row){r->cur, r->ncur, r->row_line, r->problem};
    r->problem = NULL;
    r->qlen++;
    r->cur = NULL;
    r->ncur = r->capcur = 0;
    r->row_line = r->line + 1; /* the next row starts after this line at the earliest */
}

static void free_fields(char **f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i]);
    free(f);
}

int csvr_open(csv_reader *r, const char *path, size_t max_line)
{
    memset(r, 0, sizeof *r);
    r->name = path;
    r->max_line = max_line;
    r->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!r->fp)
        return -1;
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        if (r->fp != stdin)
            fclose(r->fp);
        errno = ENOMEM;
        return -1;
    }
    r->row_line = 1;
    return 0;
}

/* Drops the row being built and starts the parser afresh on the next line. */
static void restart(csv_reader *r)
{
    free_fields(r->cur, r->ncur);
    r->cur = NULL;
    r->ncur = r->capcur = 0;
    r->problem = NULL;
    csv_free(&r->p);
    csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    r->row_line = r->line + 1;
}

int csvr_next(csv_reader *r)
{
    free_fields(r->out.field, r->out.n);
    r->out = (csv_row){0};
    for (;;) {
        if (r->oom) {
            errno = ENOMEM;
            return CSV_ROW_IOERR;
        }
        if (r->qlen) {
            r->out = r->queue[r->qhead];
            r->qhead = (r->qhead + 1) % r->qcap;
            r->qlen--;
            /* a blank line is no row */
            if (r->out.n == 1 && r->out.field[0][0] == '\0') {
                free_fields(r->out.field, r->out.n);
                r->out = (csv_row){0};
                continue;
            }
            if (r->out.problem) {
                snprintf(r->err, sizeof r->err, "%s", r->out.problem);
                return CSV_ROW_BAD;
            }
            return CSV_ROW_OK;
        }
        if (r->eof)
            return CSV_ROW_EOF;
        long len = cli_read_line(r->fp, &r->linebuf, &r->linecap, r->max_line);
        if (len == -2)
            return CSV_ROW_IOERR;
        if (len == -1) {
            r->eof = true;
            if (csv_fini(&r->p, on_field, on_row, r) != 0) {
                snprintf(r->err, sizeof r->err, "malformed CSV: a quoted field that starts here is never closed");
                r->out.line = r->row_line;
                return CSV_ROW_BAD;
            }
            continue;
        }
        r->line++;
        /* no row under way (libcsv's ROW_NOT_BEGUN is 0): the next row starts
         * on this line, whatever blank lines came before */
        if (r->p.pstate == 0 && r->ncur == 0)
            r->row_line = r->line;
        if (len == -3) {
            snprintf(r->err, sizeof r->err, "line %ld is longer than the limit of %zu bytes (--max-line)",
                     r->line, r->max_line);
            r->out.line = r->row_line;
            restart(r);
            return CSV_ROW_BAD;
        }
        char *text = r->linebuf;
        if (r->line == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            text += 3; /* the byte order mark Excel's "CSV UTF-8" writes */
            len -= 3;
        }
        text[len] = '\n'; /* cli_read_line left room for it */
        if (csv_parse(&r->p, text, (size_t)len + 1, on_field, on_row, r) != (size_t)len + 1) {
            snprintf(r->err, sizeof r->err, "malformed CSV: a stray quote or a quoted field followed by text");
            r->out.line = r->row_line;
            restart(r);
            return CSV_ROW_BAD;
        }
    }
}

void csvr_close(csv_reader *r)
{
    free_fields(r->out.field, r->out.n);
    while (r->qlen) {
        csv_row *q = &r->queue[r->qhead];
        free_fields(q->field, q->n);
        r->qhead = (r->qhead + 1) % r->qcap;
        r->qlen--;
    }
    free(r->queue);
    free_fields(r->cur, r->ncur);
    free(r->linebuf);
    csv_free(&r->p);
    if (r->fp && r->fp != stdin)
        fclose(r->fp);
    memset(r, 0, sizeof *r);
}

void csvw_field(FILE *fp, const char *s, bool last)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n"))
        csv_fwrite(fp, s, strlen(s));
    else
        fputs(s, fp);
    fputc(last ? '\n' : ',', fp);
}
