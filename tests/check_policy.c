/* SPDX-License-Identifier: MIT */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

#ifndef HPR_SOURCE_DIR
# error "HPR_SOURCE_DIR must be defined by the build"
#endif

static const char VALID[] =
    "{\n"
    "  \"format\": 1,\n"
    "  \"id\": \"test-city-2017\",\n"
    "  \"title\": \"Test city plan\",\n"
    "  \"effective\": {\"from\": \"2017-01-01\"},\n"
    "  \"sources\": {\"plan\": {\"title\": \"City plan\", \"confidence\": \"verified_text\"}},\n"
    "  \"parameters\": {\n"
    "    \"critical_deductible_poor\": {\"type\": \"money\", \"ref\": \"plan art. 8\",\n"
    "      \"value\": {\"2017-01-01\": \"5000.00\",\n"
    "                \"2018-01-01\": {\"value\": 3000, \"ref\": \"plan art. 8 (2018)\"}}},\n"
    "    \"basic_tilt\": {\"type\": \"ratio\", \"value\": \"0.05\", \"assumed\": \"rounded\"},\n"
    "    \"cap\": {\"type\": \"money\", \"value\": {\"2019-01-01\": \"300000\", \"2020-01-01\": null}}\n"
    "  }\n"
    "}\n";

/* Loads text expected to fail; returns its diagnostics. */
static hpr_diagnostics *load_bad(const char *text, hpr_status expect)
{
    hpr_policy *p = (hpr_policy *)&p; /* poison: must come back NULL */
    hpr_diagnostics *diag = NULL;
    ck_assert_int_eq(hpr_policy_load_buffer(&p, &diag, text, strlen(text), "bad.json", NULL), expect);
    ck_assert_ptr_null(p);
    ck_assert_ptr_nonnull(diag);
    ck_assert_int_eq(hpr_error_last()->code, expect);
    return diag;
}

static const hpr_diagnostic *find_diag(const hpr_diagnostics *d, const char *pointer)
{
    for (size_t i = 0; i < hpr_diagnostics_count(d); i++)
        if (strcmp(hpr_diagnostics_get(d, i)->pointer, pointer) == 0)
            return hpr_diagnostics_get(d, i);
    return NULL;
}

START_TEST(test_policy__loads_metadata)
{
    hpr_policy *p = hpr_test_load_text(VALID, "test.json");
    ck_assert_str_eq(hpr_policy_id(p), "test-city-2017");
    ck_assert_str_eq(hpr_policy_title(p), "Test city plan");
    ck_assert_int_eq(hpr_policy_format(p), 1);
    const char *fp = hpr_policy_fingerprint(p);
    ck_assert_int_eq((int)strlen(fp), 71);
    ck_assert(strncmp(fp, "sha256:", 7) == 0);
    hpr_policy *q = hpr_test_load_text(VALID, "test.json");
    ck_assert_str_eq(hpr_policy_fingerprint(q), fp);
    hpr_policy_free(q);
    hpr_policy_free(p);
    ck_assert_ptr_null(hpr_policy_id(NULL));
    ck_assert_ptr_null(hpr_policy_title(NULL));
    ck_assert_ptr_null(hpr_policy_fingerprint(NULL));
    ck_assert_int_eq(hpr_policy_format(NULL), 0);
    hpr_policy_free(NULL);
}
END_TEST

START_TEST(test_policy__dated_values_by_as_of_date)
{
    hpr_policy *p = hpr_test_load_text(VALID, "test.json");
    const char *ded = "/parameters/critical_deductible_poor";
    hpr_money m = 1;
    ck_assert_int_eq(hpr_policy_param_money(&m, p, ded, ymd(2016, 12, 31)), HPR_ENOTFOUND);
    ck_assert_int_eq(m, 0);
    ck_assert_int_eq(hpr_policy_param_money(&m, p, ded, ymd(2017, 1, 1)), HPR_OK);
    ck_assert_int_eq(m, 500000);
    ck_assert_int_eq(hpr_policy_param_money(&m, p, ded, ymd(2017, 12, 31)), HPR_OK);
    ck_assert_int_eq(m, 500000);
    ck_assert_int_eq(hpr_policy_param_money(&m, p, ded, ymd(2018, 1, 1)), HPR_OK);
    ck_assert_int_eq(m, 300000);
    ck_assert_int_eq(hpr_policy_param_money(&m, p, ded, ymd(2030, 1, 1)), HPR_OK);
    ck_assert_int_eq(m, 300000);
    const char *ref = NULL;
    ck_assert_int_eq(hpr_policy_param_ref(&ref, p, ded, ymd(2017, 6, 1)), HPR_OK);
    ck_assert_str_eq(ref, "plan art. 8");
    ck_assert_int_eq(hpr_policy_param_ref(&ref, p, ded, ymd(2018, 6, 1)), HPR_OK);
    ck_assert_str_eq(ref, "plan art. 8 (2018)");

    hpr_ratio r = 0;
    ck_assert_int_eq(hpr_policy_param_ratio(&r, p, "/parameters/basic_tilt", ymd(1999, 1, 1)), HPR_OK);
    ck_assert_int_eq(r, 50000);
    ck_assert_int_eq(hpr_policy_param_ref(&ref, p, "/parameters/basic_tilt", 0), HPR_OK);
    ck_assert_ptr_null(ref);

    /* null ends a value: the cap was removed in 2020 */
    ck_assert_int_eq(hpr_policy_param_money(&m, p, "/parameters/cap", ymd(2019, 5, 1)), HPR_OK);
    ck_assert_int_eq(m, 30000000);
    ck_assert_int_eq(hpr_policy_param_money(&m, p, "/parameters/cap", ymd(2020, 1, 1)), HPR_ENOTFOUND);

    ck_assert_int_eq(hpr_policy_param_ratio(&r, p, ded, ymd(2018, 1, 1)), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_param_money(&m, p, "/parameters/nope", 0), HPR_ENOTFOUND);
    ck_assert_int_eq(hpr_policy_param_money(NULL, p, ded, 0), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_param_money(&m, NULL, ded, 0), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_param_money(&m, p, NULL, 0), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_param_ratio(NULL, p, ded, 0), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_param_ref(NULL, p, ded, 0), HPR_EINVAL);
    hpr_policy_free(p);
}
END_TEST

static const char MANY_ERRORS[] =
    "{\n"                                                                                    /* 1 */
    "  \"format\": 1,\n"                                                                     /* 2 */
    "  \"id\": \"Bad Id\",\n"                                                                /* 3 */
    "  \"title\": 7,\n"                                                                      /* 4 */
    "  \"colour\": \"red\",\n"                                                               /* 5 */
    "  \"sources\": {\"plan\": {\"title\": \"x\"}},\n"                                       /* 6 */
    "  \"parameters\": {\n"                                                                  /* 7 */
    "    \"a\": {\"type\": \"money\", \"value\": \"3000.001\"},\n"                           /* 8 */
    "    \"b\": {\"type\": \"money\", \"value\": {\"2018-01-01\": \"1\", \"2018-01-01\": \"2\"}},\n" /* 9 */
    "    \"c\": {\"type\": \"money\", \"value\": {\"2019-01-01\": \"1\", \"2018-01-01\": \"2\"}},\n" /* 10 */
    "    \"d\": {\"type\": \"ratio\", \"value\": \"0.5\", \"ref\": \"nosuch art. 1\"},\n"    /* 11 */
    "    \"e\": {\"type\": \"money\", \"value\": {\"2019-02-29\": \"1\"}},\n"                /* 12 */
    "    \"f\": {\"type\": \"money\", \"value\": \"-5\"}\n"                                  /* 13 */
    "  }\n"
    "}\n";

START_TEST(test_policy__reports_every_error_with_location)
{
    hpr_diagnostics *d = load_bad(MANY_ERRORS, HPR_EPOLICY);
    ck_assert_int_eq(hpr_diagnostics_error_count(d), 9);
    static const struct { const char *pointer; int line; int column; const char *says; } want[] = {
        {"/id", 3, 9, "must be lower-case"},
        {"/title", 4, 12, "must be a string"},
        {"/colour", 5, 3, "unknown member \"colour\""},
        {"/parameters/a/value", 8, 37, "more than 2 decimals"},
        {"/parameters/b/value/2018-01-01", 9, 57, "overlap"},
        {"/parameters/c/value/2018-01-01", 10, 57, "increasing date order"},
        {"/parameters/d/ref", 11, 51, "declared source"},
        {"/parameters/e/value/2019-02-29", 12, 38, "28 days"},
        {"/parameters/f/value", 13, 37, "out of range"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const hpr_diagnostic *g = find_diag(d, want[i].pointer);
        ck_assert_msg(g != NULL, "no diagnostic at %s", want[i].pointer);
        ck_assert_str_eq(g->file, "bad.json");
        ck_assert_int_eq(g->severity, HPR_SEVERITY_ERROR);
        ck_assert_msg(g->line == want[i].line && g->column == want[i].column,
                      "%s at %d:%d, expected %d:%d (%s)", want[i].pointer, g->line, g->column,
                      want[i].line, want[i].column, g->message);
        ck_assert_msg(strstr(g->message, want[i].says), "%s: %s", want[i].pointer, g->message);
    }
    /* document order, and the first error in the thread's record */
    for (size_t i = 1; i < hpr_diagnostics_count(d); i++)
        ck_assert(hpr_diagnostics_get(d, i - 1)->line <= hpr_diagnostics_get(d, i)->line);
    ck_assert(strncmp(hpr_error_last()->message, "bad.json:3:9: /id:", 18) == 0);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "and 8 more"));
    char *text = NULL;
    ck_assert_int_eq(hpr_diagnostics_format(&text, d), HPR_OK);
    ck_assert_ptr_nonnull(strstr(text, "bad.json:5:3: error: /colour: unknown member"));
    hpr_free(text);
    ck_assert_ptr_null(hpr_diagnostics_get(d, 9));
    hpr_diagnostics_free(d);
}
END_TEST

START_TEST(test_policy__columns_count_characters)
{
    const char *doc = "{\"format\": 1, \"id\": \"x\", \"title\": \"医疗\", \"bogus\": 1}";
    hpr_diagnostics *d = load_bad(doc, HPR_EPOLICY);
    const hpr_diagnostic *g = find_diag(d, "/bogus");
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(g->line, 1);
    ck_assert_int_eq(g->column, 41); /* 45 in bytes: the two Chinese characters are 3 bytes each */
    hpr_diagnostics_free(d);
}
END_TEST

START_TEST(test_policy__duplicate_and_missing_members)
{
    const char *doc = "{\n\"format\": 1,\n\"id\": \"x\",\n\"id\": \"y\"\n}";
    hpr_diagnostics *d = load_bad(doc, HPR_EPOLICY);
    const hpr_diagnostic *dup = find_diag(d, "/id");
    ck_assert_ptr_nonnull(dup);
    ck_assert_int_eq(dup->line, 4);
    ck_assert_ptr_nonnull(strstr(dup->message, "duplicate member \"id\" (first at line 3)"));
    const hpr_diagnostic *title = find_diag(d, "");
    ck_assert_ptr_nonnull(title);
    ck_assert_ptr_nonnull(strstr(title->message, "missing required member \"title\""));
    hpr_diagnostics_free(d);
}
END_TEST

START_TEST(test_policy__malformed_json_is_eparse_with_position)
{
    static const struct { const char *doc; int line; int column; const char *says; } cases[] = {
        {"{\n  \"format\": 1,\n  \"id\": \"x\"\n  \"title\": \"t\"\n}", 4, 3, "expected ',' or '}'"},
        {"", 1, 1, "empty document"},
        {"{} x", 1, 4, "unexpected 'x'"},
        {"{\"a\": \"\xff\"}", 1, 8, "invalid UTF-8"},
        {"{\"a\": \"\xc0\xaf\"}", 1, 8, "invalid UTF-8"},
        {"{\"a\": \"\xe0\x80\xaf\"}", 1, 8, "overlong"},
        {"{\"a\": \"\xed\xa0\x80\"}", 1, 8, "surrogate"},
        {"{\"a\": tru}", 1, 7, "expected true"},
        {"{\"a\": 01}", 1, 8, "leading zero"},
        {"{\"a\": \"x\ny\"}", 1, 9, "control character"},
        {"{\"a\": \"\\ud800\"}", 1, 14, "not followed by a low one"},
        {"{\"a\": \"\\u0000\"}", 1, 14, "\\u0000"},
        {"{\"a\": [1, 2,]}", 1, 13, "expected a JSON value"},
        {"{\"a\" 1}", 1, 6, "expected ':'"},
        {"{\"a\": \"unterminated", 1, 20, "unterminated string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        hpr_diagnostics *d = load_bad(cases[i].doc, HPR_EPARSE);
        ck_assert_int_eq(hpr_diagnostics_count(d), 1);
        const hpr_diagnostic *g = hpr_diagnostics_get(d, 0);
        ck_assert_msg(g->line == cases[i].line && g->column == cases[i].column,
                      "case %zu at %d:%d: %s", i, g->line, g->column, g->message);
        ck_assert_msg(strstr(g->message, cases[i].says), "case %zu: %s", i, g->message);
        hpr_diagnostics_free(d);
    }
}
END_TEST

START_TEST(test_policy__deep_nesting_is_rejected)
{
    char doc[1000];
    memset(doc, '[', 600);
    memset(doc + 600, ']', 300);
    doc[900] = '\0';
    hpr_diagnostics *d = load_bad(doc, HPR_EPARSE);
    ck_assert_ptr_nonnull(strstr(hpr_diagnostics_get(d, 0)->message, "nesting deeper"));
    hpr_diagnostics_free(d);
}
END_TEST

START_TEST(test_policy__newer_format_is_eversion)
{
    const char *doc = "{\"format\": 2, \"id\": \"x\", \"title\": \"t\", \"rules_of_2030\": {}}";
    hpr_diagnostics *d = load_bad(doc, HPR_EVERSION);
    ck_assert_int_eq(hpr_diagnostics_count(d), 1); /* the unknown member is not reported */
    ck_assert_str_eq(hpr_diagnostics_get(d, 0)->pointer, "/format");
    ck_assert_ptr_nonnull(strstr(hpr_diagnostics_get(d, 0)->message, "newer than this library"));
    hpr_diagnostics_free(d);
    d = load_bad("{\"id\": \"x\", \"title\": \"t\"}", HPR_EPOLICY);
    ck_assert_ptr_nonnull(strstr(hpr_diagnostics_get(d, 0)->message, "\"format\""));
    hpr_diagnostics_free(d);
    d = load_bad("{\"format\": 0, \"id\": \"x\", \"title\": \"t\"}", HPR_EPOLICY);
    hpr_diagnostics_free(d);
    d = load_bad("[1]", HPR_EPOLICY);
    ck_assert_ptr_nonnull(strstr(hpr_diagnostics_get(d, 0)->message, "must be a JSON object"));
    hpr_diagnostics_free(d);
}
END_TEST

START_TEST(test_policy__warnings_and_warnings_as_errors)
{
    const char *doc = "{\"format\": 1, \"id\": \"x\", \"title\": \"t\"}";
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    ck_assert_int_eq(hpr_policy_load_buffer(&p, &d, doc, strlen(doc), NULL, NULL), HPR_OK);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(hpr_diagnostics_count(d), 1);
    ck_assert_int_eq(hpr_diagnostics_error_count(d), 0);
    ck_assert_int_eq(hpr_diagnostics_get(d, 0)->severity, HPR_SEVERITY_WARNING);
    ck_assert_str_eq(hpr_diagnostics_get(d, 0)->file, "<memory>");
    hpr_diagnostics_free(d);
    hpr_policy_free(p);

    hpr_policy_options o = HPR_POLICY_OPTIONS_INIT;
    o.flags = HPR_POLICY_WARNINGS_AS_ERRORS;
    p = (hpr_policy *)&p;
    ck_assert_int_eq(hpr_policy_load_buffer(&p, NULL, doc, strlen(doc), NULL, &o), HPR_EPOLICY);
    ck_assert_ptr_null(p);
}
END_TEST

START_TEST(test_policy__options_are_versioned)
{
    hpr_policy_options o;
    ck_assert_int_eq(hpr_policy_options_init(&o, HPR_POLICY_OPTIONS_VERSION), HPR_OK);
    ck_assert_uint_eq(o.version, HPR_POLICY_OPTIONS_VERSION);
    ck_assert_uint_eq(o.flags, 0);
    ck_assert_ptr_null(o.base_dir);
    ck_assert_int_eq(hpr_policy_options_init(&o, 0), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_options_init(&o, HPR_POLICY_OPTIONS_VERSION + 1), HPR_EVERSION);
    ck_assert_int_eq(hpr_policy_options_init(NULL, 1), HPR_EINVAL);

    hpr_policy *p = (hpr_policy *)&p;
    hpr_diagnostics *d = (hpr_diagnostics *)&d;
    o.version = HPR_POLICY_OPTIONS_VERSION + 1;
    ck_assert_int_eq(hpr_policy_load_buffer(&p, &d, VALID, strlen(VALID), NULL, &o), HPR_EVERSION);
    ck_assert_ptr_null(p);
    ck_assert_ptr_null(d);
    o.version = 0;
    ck_assert_int_eq(hpr_policy_load_buffer(&p, NULL, VALID, strlen(VALID), NULL, &o), HPR_EINVAL);
    o.version = HPR_POLICY_OPTIONS_VERSION;
    o.flags = 0x80;
    ck_assert_int_eq(hpr_policy_load_file(&p, NULL, "x.json", &o), HPR_EINVAL);
    ck_assert_ptr_null(p);

    /* version 2's fields start empty; a version-1 caller's smaller struct is
     * not written past its end, and its fields are not read */
    ck_assert_int_eq(hpr_policy_options_init(&o, HPR_POLICY_OPTIONS_VERSION), HPR_OK);
    ck_assert_ptr_null(o.include_root);
    ck_assert_ptr_null(o.catalog_dirs);
    memset(&o, 0xA5, sizeof o);
    ck_assert_int_eq(hpr_policy_options_init(&o, 1), HPR_OK);
    ck_assert_ptr_null(o.base_dir);
    ck_assert_ptr_ne(o.include_root, NULL); /* untouched: 0xA5... */
    o.flags = HPR_POLICY_CONFINE_INCLUDES;
    ck_assert_int_eq(hpr_policy_load_buffer(&p, NULL, VALID, strlen(VALID), NULL, &o), HPR_OK);
    hpr_policy_free(p);
    p = NULL;
    /* confinement: an absolute include is refused, with its location */
    ck_assert_int_eq(hpr_policy_options_init(&o, HPR_POLICY_OPTIONS_VERSION), HPR_OK);
    o.flags = HPR_POLICY_CONFINE_INCLUDES;
    char doc[4096];
    snprintf(doc, sizeof doc, "%.*s, \"catalogs\": {\"c\": {\"include\": \"/etc/passwd\"}}}",
             (int)(strrchr(VALID, '}') - VALID), VALID);
    hpr_diagnostics *dd = NULL;
    ck_assert_int_eq(hpr_policy_load_buffer(&p, &dd, doc, strlen(doc), NULL, &o), HPR_EPOLICY);
    char *text = NULL;
    ck_assert_int_eq(hpr_diagnostics_format(&text, dd), HPR_OK);
    ck_assert_ptr_nonnull(strstr(text, "an absolute path (includes are confined)"));
    hpr_free(text);
    hpr_diagnostics_free(dd);
}
END_TEST

START_TEST(test_policy__null_arguments_are_einval)
{
    hpr_policy *p = (hpr_policy *)&p;
    ck_assert_int_eq(hpr_policy_load_buffer(NULL, NULL, "{}", 2, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_load_buffer(&p, NULL, NULL, 2, NULL, NULL), HPR_EINVAL);
    ck_assert_ptr_null(p);
    p = (hpr_policy *)&p;
    ck_assert_int_eq(hpr_policy_load_file(&p, NULL, NULL, NULL), HPR_EINVAL);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(hpr_policy_load_file(NULL, NULL, "x", NULL), HPR_EINVAL);
    char *s = (char *)&s;
    ck_assert_int_eq(hpr_diagnostics_format(&s, NULL), HPR_EINVAL);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(hpr_diagnostics_count(NULL), 0);
    ck_assert_int_eq(hpr_diagnostics_error_count(NULL), 0);
    ck_assert_ptr_null(hpr_diagnostics_get(NULL, 0));
    hpr_diagnostics_free(NULL);
}
END_TEST

START_TEST(test_policy__missing_file_is_eio)
{
    hpr_policy *p = (hpr_policy *)&p;
    hpr_diagnostics *d = NULL;
    ck_assert_int_eq(hpr_policy_load_file(&p, &d, "/nonexistent/policy.json", NULL), HPR_EIO);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(hpr_diagnostics_count(d), 1);
    ck_assert_str_eq(hpr_diagnostics_get(d, 0)->file, "/nonexistent/policy.json");
    ck_assert_int_eq(hpr_diagnostics_get(d, 0)->line, 0);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "No such file"));
    hpr_diagnostics_free(d);
}
END_TEST

/* Every shipped policy loads without a diagnostic, and its fingerprint is
 * the SHA-256 that coreutils' sha256sum computes for the file. */
START_TEST(test_policy__shipped_policies_load_clean)
{
    const char *dir = HPR_SOURCE_DIR "/policies";
    DIR *dh = opendir(dir);
    ck_assert_ptr_nonnull(dh);
    int loaded = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char path[1024], cmd[3100], sum[80] = "";
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        hpr_policy *p = NULL;
        hpr_diagnostics *d = NULL;
        hpr_status st = hpr_policy_load_file(&p, &d, path, NULL);
        char *text = NULL;
        hpr_diagnostics_format(&text, d);
        ck_assert_msg(st == HPR_OK && hpr_diagnostics_count(d) == 0, "%s:\n%s", path, text);
        hpr_free(text);
        /* the fingerprint covers the document, the bases it extends (nearest
         * first), then each included catalog in order */
        char files[3000], includes[2000] = "", doc_path[1024];
        snprintf(files, sizeof files, "'%s'", path);
        snprintf(doc_path, sizeof doc_path, "%s", path);
        for (int depth = 0; depth < 8; depth++) {
            FILE *pf = fopen(doc_path, "rb");
            ck_assert_ptr_nonnull(pf);
            static char body[1 << 20];
            size_t blen = fread(body, 1, sizeof body - 1, pf);
            fclose(pf);
            body[blen] = 0;
            cJSON *doc = cJSON_Parse(body);
            const cJSON *cat;
            cJSON_ArrayForEach(cat, cJSON_GetObjectItemCaseSensitive(doc, "catalogs"))
            {
                const cJSON *inc = cJSON_GetObjectItemCaseSensitive(cat, "include");
                if (cJSON_IsString(inc)) {
                    size_t used = strlen(includes);
                    snprintf(includes + used, sizeof includes - used, " '%s/%s'", dir, inc->valuestring);
                }
            }
            const char *ext = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "extends"));
            if (ext) {
                snprintf(doc_path, sizeof doc_path, "%s/%s", dir, ext); /* the shipped chain is in one directory */
                size_t used = strlen(files);
                snprintf(files + used, sizeof files - used, " '%s'", doc_path);
            }
            cJSON_Delete(doc);
            if (!ext)
                break;
        }
        size_t used = strlen(files);
        snprintf(files + used, sizeof files - used, "%s", includes);
        snprintf(cmd, sizeof cmd, "cat %s | sha256sum", files);
        FILE *f = popen(cmd, "r");
        ck_assert_ptr_nonnull(f);
        ck_assert(fscanf(f, "%64s", sum) == 1);
        pclose(f);
        ck_assert_str_eq(hpr_policy_fingerprint(p) + 7, sum);
        hpr_diagnostics_free(d);
        hpr_policy_free(p);
        loaded++;
    }
    closedir(dh);
    ck_assert_int_ge(loaded, 1);
}
END_TEST

Suite *hpr_policy_suite(void)
{
    Suite *s = suite_create("policy");
    /* one TCase per area: CK_RUN_CASE=<area> runs one */
    TCase *load = tcase_create("load");
    tcase_add_test(load, test_policy__loads_metadata);
    tcase_add_test(load, test_policy__dated_values_by_as_of_date);
    tcase_add_test(load, test_policy__newer_format_is_eversion);
    tcase_add_test(load, test_policy__options_are_versioned);
    tcase_add_test(load, test_policy__shipped_policies_load_clean);
    suite_add_tcase(s, load);
    TCase *diagnostics = tcase_create("diagnostics");
    tcase_add_test(diagnostics, test_policy__reports_every_error_with_location);
    tcase_add_test(diagnostics, test_policy__columns_count_characters);
    tcase_add_test(diagnostics, test_policy__duplicate_and_missing_members);
    tcase_add_test(diagnostics, test_policy__malformed_json_is_eparse_with_position);
    tcase_add_test(diagnostics, test_policy__deep_nesting_is_rejected);
    tcase_add_test(diagnostics, test_policy__warnings_and_warnings_as_errors);
    suite_add_tcase(s, diagnostics);
    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_policy__null_arguments_are_einval);
    tcase_add_test(errors, test_policy__missing_file_is_eio);
    suite_add_tcase(s, errors);
    return s;
}
