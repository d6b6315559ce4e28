/* SPDX-License-Identifier: MIT */
/* Helpers shared by the Check suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"

#ifndef HPR_SOURCE_DIR
# error "HPR_SOURCE_DIR must be defined by the build"
#endif

hpr_date ymd(int y, int m, int d)
{
    hpr_date out;
    ck_assert_int_eq(hpr_date_from_ymd(&out, y, m, d), HPR_OK);
    return out;
}

/* Aborts the test with every diagnostic when a load that must work fails. */
static hpr_policy *loaded(hpr_status st, hpr_policy *p, hpr_diagnostics *diag, const char *what)
{
    if (st != HPR_OK) {
        char *s = NULL;
        hpr_diagnostics_format(&s, diag);
        ck_abort_msg("load %s failed: %s\n%s", what, hpr_error_last()->message, s ? s : "");
    }
    hpr_diagnostics_free(diag);
    return p;
}

hpr_policy *hpr_test_load_text(const char *text, const char *name)
{
    hpr_policy *p = NULL;
    hpr_diagnostics *diag = NULL;
    hpr_status st = hpr_policy_load_buffer(&p, &diag, text, strlen(text), name, NULL);
    return loaded(st, p, diag, name);
}

hpr_policy *hpr_test_load_file(const char *relpath)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", HPR_SOURCE_DIR, relpath);
    hpr_policy *p = NULL;
    hpr_diagnostics *diag = NULL;
    hpr_status st = hpr_policy_load_file(&p, &diag, path, NULL);
    return loaded(st, p, diag, path);
}

char *hpr_test_read_source(const char *relpath)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", HPR_SOURCE_DIR, relpath);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < 4096) {
            cap = cap ? 2 * cap : 1 << 16;
            text = realloc(text, cap);
            ck_assert_ptr_nonnull(text);
        }
        size_t n = fread(text + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    text[len] = '\0';
    return text;
}

char *hpr_test_jq(const char *text)
{
    size_t n = strlen(text) + 1;
    char *s = malloc(n);
    ck_assert_ptr_nonnull(s);
    memcpy(s, text, n);
    for (char *c = s; *c; c++)
        if (*c == '\'')
            *c = '"';
    return s;
}
