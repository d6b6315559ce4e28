/* SPDX-License-Identifier: MIT */
#include "csvio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void on_field(void *s, size_t len, void *data)
{
    csv_reader *r = data;
    if (r->ncur == r->capcur) {
        size_t cap = r->capcur ? 2 * r->capcur : 32;
        char **f = realloc(r->cur, cap * sizeof *f);
        if (!f)
            return; /* the row comes out short and is refused for its field count */
        r->cur = f;
        r->capcur = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return;
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
        if (!q)
            return;
        for (size_t i = 0; i < r->qlen; i++)
            q[i] = r->queue[(r->qhead + i) % r->qcap];
        free(r->queue);
        r->queue = q;
        r->qhead = 0;
        r->qcap = cap;
    }
    r->queue[(r->qhead + r->qlen) % r->qcap] = (csv_row){r->cur, r->ncur, r->row_line};
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

int csvr_open(csv_reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->name = path;
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

int csvr_next(csv_reader *r)
{
    free_fields(r->out.field, r->out.n);
    r->out = (csv_row){0};
    for (;;) {
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
            return CSV_ROW_OK;
        }
        if (r->eof)
            return CSV_ROW_EOF;
        ssize_t len = getline(&r->linebuf, &r->linecap, r->fp);
        if (len < 0) {
            if (ferror(r->fp))
                return CSV_ROW_IOERR;
            r->eof = true;
            if (csv_fini(&r->p, on_field, on_row, r) != 0) {
                snprintf(r->err, sizeof r->err, "malformed CSV: a quoted field that starts here is never closed");
                r->out.line = r->row_line;
                return CSV_ROW_BAD;
            }
            continue;
        }
        r->line++;
        if (csv_parse(&r->p, r->linebuf, (size_t)len, on_field, on_row, r) != (size_t)len) {
            /* malformed: drop the partial row and start afresh on the next line */
            snprintf(r->err, sizeof r->err, "malformed CSV: a stray quote or a quoted field followed by text");
            r->out.line = r->row_line;
            free_fields(r->cur, r->ncur);
            r->cur = NULL;
            r->ncur = r->capcur = 0;
            csv_free(&r->p);
            csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
            r->row_line = r->line + 1;
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
