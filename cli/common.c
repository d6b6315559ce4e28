/* SPDX-License-Identifier: MIT */
#include <cjson/cJSON.h>

#include "common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

/* --catalogs DIR (any command, main.c): where a policy's includes are
 * looked for when they are not next to it. Set once before the command. */
static const char *const *catalog_dirs;

void cli_set_catalog_dirs(const char *const *dirs) { catalog_dirs = dirs; }

/* --extension-library PATH (main.c): the registry of the libraries named. */
static hpr_extensions *extensions;

void cli_set_extensions(hpr_extensions *ext) { extensions = ext; }

/* --lang (main.c), set once before the command runs. */
static hpr_lang lang;

void cli_set_lang(hpr_lang l) { lang = l; }
hpr_lang cli_lang(void) { return lang; }

hpr_lang cli_lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        hpr_lang l;
        if (v && *v)
            return hpr_lang_parse(&l, v) == HPR_OK ? l : HPR_LANG_EN;
    }
    return HPR_LANG_EN;
}

int cli_display_width(const char *s)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    int w = 0;
    size_t len = strlen(s);
    while (len) {
        wchar_t wc;
        size_t n = mbrtowc(&wc, s, len, &st);
        if (n == (size_t)-1 || n == (size_t)-2) { /* not UTF-8: a column a byte */
            memset(&st, 0, sizeof st);
            w++, s++, len--;
            continue;
        }
        if (n == 0)
            break;
        int cw = wcwidth(wc);
        w += cw < 0 ? 1 : cw;
        s += n;
        len -= n;
    }
    return w;
}

void cli_cell(FILE *fp, const char *s, int width, bool right, bool first)
{
    if (!first)
        fputc(' ', fp);
    int w = cli_display_width(s);
    for (int i = w; right && i < width; i++)
        fputc(' ', fp);
    fputs(s, fp);
    for (int i = w; !right && i < width; i++)
        fputc(' ', fp);
}

void cli_pad(FILE *fp, const char *s, int width)
{
    fputs(s, fp);
    for (int w = cli_display_width(s); w < width; w++)
        fputc(' ', fp);
}

void cli_policy_options(hpr_policy_options *opts)
{
    hpr_policy_options_init(opts, HPR_POLICY_OPTIONS_VERSION);
    opts->catalog_dirs = catalog_dirs;
    opts->extensions = extensions;
}

hpr_policy *cli_load_policy(const char *path, bool quiet_warnings)
{
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_policy_options opts;
    cli_policy_options(&opts);
    hpr_status st = hpr_policy_load_file(&p, &d, path, &opts);
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

hpr_policy *cli_derive_policy(const hpr_policy *from, const char *const *sets, size_t n)
{
    cJSON *patch = cJSON_CreateObject(), *set = cJSON_AddObjectToObject(patch, "set");
    bool ok = set != NULL;
    for (size_t i = 0; i < n && ok; i++) {
        const char *eq = strchr(sets[i], '=');
        if (!eq || eq == sets[i]) {
            fprintf(stderr, "hpr: --set %s: expected POINTER=VALUE, e.g. "
                            "/layers/critical/deductible/amount=2500\n", sets[i]);
            cJSON_Delete(patch);
            return NULL;
        }
        char *ptr = cli_strndup(sets[i], (size_t)(eq - sets[i]));
        cJSON *v = cJSON_Parse(eq + 1);
        if (!v)
            v = cJSON_CreateString(eq + 1);
        ok = ptr && v && cJSON_AddItemToObject(set, ptr, v);
        if (!ok)
            cJSON_Delete(v);
        free(ptr);
    }
    char *text = ok ? cJSON_PrintUnformatted(patch) : NULL;
    cJSON_Delete(patch);
    if (!text) {
        fprintf(stderr, "hpr: out of memory\n");
        return NULL;
    }
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_policy_options opts;
    cli_policy_options(&opts);
    hpr_status st = hpr_policy_derive(&p, &d, from, text, strlen(text), "--set", &opts);
    free(text);
    char *msg = NULL;
    if (st != HPR_OK && d && hpr_diagnostics_format(&msg, d) == HPR_OK && msg && *msg)
        fputs(msg, stderr);
    else if (st != HPR_OK)
        fprintf(stderr, "hpr: --set: %s\n", hpr_error_last()->message);
    hpr_free(msg);
    hpr_diagnostics_free(d);
    return st == HPR_OK ? p : NULL;
}

size_t cli_utf8_seq(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!n || n > len)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* overlong forms, surrogates, beyond U+10FFFF */
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] > 0x8F))
        return 0;
    return n;
}

bool cli_utf8_valid(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = cli_utf8_seq((const unsigned char *)s + i, n - i);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

void cli_json_string(FILE *fp, const char *s, size_t len)
{
    fputc('"', fp);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = cli_utf8_seq((const unsigned char *)s + i, len - i);
        if (!k) {
            fputs("\\ufffd", fp);
            i++;
            continue;
        }
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", fp);
        else if (c < 0x20 || c == 0x7f)
            fprintf(fp, "\\u%04x", c);
        else
            fwrite(s + i, 1, k, fp);
        i += k;
    }
    fputc('"', fp);
}

char *cli_tty_text(const char *s)
{
    size_t n = strlen(s), extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? 3 : 0;
    char *out = malloc(n + extra + 1), *o = out;
    for (size_t i = 0; out && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            o += sprintf(o, "\\x%02x", c);
        else
            *o++ = (char)c;
    }
    if (out)
        *o = '\0';
    return out;
}

bool cli_add_money(hpr_money *sum, hpr_money v)
{
    hpr_money r;
    if (__builtin_add_overflow(*sum, v, &r))
        return false;
    *sum = r;
    return true;
}

/* The file at path, symlinks followed; false when there is none. */
static bool stat_of(const char *path, struct stat *st)
{
    return strcmp(path, "-") != 0 && stat(path, st) == 0;
}

FILE *cli_open_output(const char *cmd, const char *path, const char *const *inputs, FILE *const *outputs)
{
    /* open without truncating, then compare what was opened */
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "hpr %s: %s: %s\n", cmd, path, strerror(errno));
        return NULL;
    }
    struct stat me, other;
    const char *clash = NULL;
    if (fstat(fd, &me) != 0) {
        fprintf(stderr, "hpr %s: %s: %s\n", cmd, path, strerror(errno));
        close(fd);
        return NULL;
    }
    /* devices (/dev/null, a terminal) and pipes may be shared */
    bool regular = S_ISREG(me.st_mode);
    for (size_t i = 0; regular && inputs && inputs[i] && !clash; i++)
        if (stat_of(inputs[i], &other) && other.st_dev == me.st_dev && other.st_ino == me.st_ino)
            clash = inputs[i];
    for (size_t i = 0; regular && outputs && outputs[i] && !clash; i++)
        if (fstat(fileno(outputs[i]), &other) == 0 && other.st_dev == me.st_dev && other.st_ino == me.st_ino)
            clash = "another output";
    if (clash) {
        fprintf(stderr, "hpr %s: %s is the same file as %s: refusing to overwrite it\n", cmd, path, clash);
        close(fd);
        return NULL;
    }
    if (regular && ftruncate(fd, 0) != 0) {
        fprintf(stderr, "hpr %s: %s: %s\n", cmd, path, strerror(errno));
        close(fd);
        return NULL;
    }
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        fprintf(stderr, "hpr %s: %s: %s\n", cmd, path, strerror(errno));
        close(fd);
    }
    return fp;
}

bool cli_close_output(const char *cmd, FILE *fp, const char *path)
{
    if (!fp)
        return true;
    bool ok = fflush(fp) == 0 && !ferror(fp);
    int err = ok ? 0 : errno;
    if (fclose(fp) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok)
        fprintf(stderr, "hpr %s: %s: write error: %s\n", cmd, path, strerror(err ? err : EIO));
    return ok;
}

bool cli_parse_max_line(const char *text, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (!*text || *end || errno || v < 1024 || v > ((size_t)1 << 40) || text[0] == '-')
        return false;
    *out = (size_t)v;
    return true;
}

long cli_read_line(FILE *fp, char **buf, size_t *cap, size_t max)
{
    size_t n = 0;
    bool too_long = false;
    int c;
    errno = 0;
    for (;;) {
        c = getc_unlocked(fp);
        if (c == EOF)
            break;
        if (c == '\n')
            break;
        if (too_long)
            continue;
        if (n == max) {
            too_long = true;
            continue;
        }
        if (n + 2 > *cap) {
            size_t nc = *cap ? *cap * 2 : 4096;
            if (nc > max + 2)
                nc = max + 2;
            char *b = realloc(*buf, nc);
            if (!b) {
                errno = ENOMEM;
                return -2;
            }
            *buf = b;
            *cap = nc;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && ferror(fp)) {
        if (!errno)
            errno = EIO;
        return -2;
    }
    if (too_long)
        return -3;
    if (c == EOF && n == 0)
        return -1;
    if (!*buf) {
        if (!(*buf = malloc(2))) {
            errno = ENOMEM;
            return -2;
        }
        *cap = 2;
    }
    (*buf)[n] = '\0';
    return (long)n;
}

void cli_money(FILE *fp, hpr_money m)
{
    char buf[HPR_MONEY_FORMAT_SIZE];
    hpr_money_format(buf, sizeof buf, m);
    fputs(buf, fp);
}

/* A document with "kind": "standards" is a standards document
 * (docs/standards-audit.md); anything else is read as a policy. */
bool cli_is_standards(const char *path)
{
    size_t len = 0;
    char *text = cli_slurp(path, &len, (size_t)64 << 20);
    cJSON *doc = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "kind"));
    bool yes = kind && strcmp(kind, "standards") == 0;
    cJSON_Delete(doc);
    return yes;
}

char *cli_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    return n < 0 ? NULL : s;
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

char *cli_slurp(const char *path, size_t *len, size_t max)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    int err = buf ? 0 : ENOMEM;
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
        if (n > max) {
            err = EFBIG;
            break;
        }
        if (cap - n - 1 == 0) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                err = ENOMEM;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    if (!err && ferror(fp))
        err = EIO;
    if (fp != stdin)
        fclose(fp);
    if (err) {
        free(buf);
        errno = err;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
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
