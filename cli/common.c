/* SPDX-License-Identifier: MIT */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

hpr_policy *cli_load_policy(const char *path, bool quiet_warnings)
{
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_policy_load_file(&p, &d, path, NULL);
    if (d && (st != HPR_OK || !quiet_warnings)) {
        char *text = NULL;
        if (hpr_diagnostics_format(&text, d) == HPR_OK && text && *text)
            fputs(text, stderr);
        hpr_free(text);
    }
    if (st != HPR_OK && (!d || hpr_diagnostics_count(d) == 0))
        fprintf(stderr, "hpr: %s: %s\n", path, hpr_error_last()->message);
    hpr_diagnostics_free(d);
    return st == HPR_OK ? p : NULL;
}

void cli_json_string(FILE *fp, const char *s, size_t len)
{
    fputc('"', fp);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", fp);
        else if (c < 0x20)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
    fputc('"', fp);
}

void cli_money(FILE *fp, hpr_money m)
{
    char buf[HPR_MONEY_FORMAT_SIZE];
    hpr_money_format(buf, sizeof buf, m);
    fputs(buf, fp);
}

char *cli_strndup(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *cli_slurp(const char *path, size_t *len)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
        if (cap - n - 1 == 0) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    if (buf && ferror(fp)) {
        free(buf);
        buf = NULL;
    }
    if (fp != stdin)
        fclose(fp);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

bool cli_opt(int argc, char **argv, int *i, const char *opt, const char **val, bool *bad)
{
    size_t n = strlen(opt);
    if (strncmp(argv[*i], opt, n) != 0)
        return false;
    if (argv[*i][n] == '=') {
        *val = argv[*i] + n + 1;
        return true;
    }
    if (argv[*i][n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        fprintf(stderr, "hpr: %s needs a value\n", opt);
        *bad = true;
        return true;
    }
    *val = argv[++*i];
    return true;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p, bool enabled)
{
    p->on = enabled && isatty(STDERR_FILENO);
    p->start = p->last = now();
}

void cli_progress_tick(cli_progress *p, long rows)
{
    if (!p->on)
        return;
    double t = now();
    if (t - p->last < 0.2)
        return;
    p->last = t;
    fprintf(stderr, "\r%ld rows, %.0f rows/s ", rows, rows / (t - p->start));
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->on)
        fputs("\r\033[K", stderr);
}
