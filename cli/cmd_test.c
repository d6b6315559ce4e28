/* SPDX-License-Identifier: MIT */
/* hpr test: policy regression cases, and audit cases (a registry against
 * a standards document, docs/standards-audit.md). A case file names its policy and
 * holds cases: a person, claims in order, optionally a ledger, and the
 * expected fields of each settlement or an expected error. Expected
 * fields are matched as a subset of the actual settlement (amounts as
 * money, "lines" by layer id); a failure prints expected against actual
 * and the actual settlement's explanation. The format is in docs/cli.md;
 * python/tests/test_policy_cases.py runs the same files under pytest. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "common.h"

static const char USAGE[] =
    "usage: hpr test [--verbose] FILE|DIR...\n"
    "\n"
    "Runs policy regression cases (a directory: every *.json in it). Each case\n"
    "settles a person's claims under the file's policy and checks the expected\n"
    "fields of each settlement, or the expected error. A failure shows the\n"
    "expected and actual values and the explanation of the actual settlement.\n"
    "A file with \"standards\" and \"registry\" holds audit cases instead: each\n"
    "audits the registry on its date and checks expected findings, roll-ups and\n"
    "refused rows (docs/standards-audit.md).\n"
    "Ends with a line `N passed, N failed`. Exit status: 0 all passed, 1 some\n"
    "failed, 2 a file could not be read. Format: docs/cli.md.\n";

typedef struct tally {
    int passed, failed, broken;
    bool verbose;
} tally;

/* Money-aware equality of two JSON strings: "3000" equals "3000.00". */
static bool same_string(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    hpr_money x, y;
    return hpr_money_parse(&x, a, strlen(a)) == HPR_OK && hpr_money_parse(&y, b, strlen(b)) == HPR_OK &&
           x == y;
}

/* Does `actual` match the pattern `want`? On a mismatch, writes the JSON
 * path where they differ into path. */
static bool matches(const cJSON *want, const cJSON *actual, char *path, size_t pathsz)
{
    size_t used = strlen(path);
    if (cJSON_IsObject(want) && cJSON_IsArray(actual)) {
        /* lines by layer id */
        const cJSON *w;
        cJSON_ArrayForEach(w, want)
        {
            const cJSON *hit = NULL, *a;
            cJSON_ArrayForEach(a, actual)
            {
                const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "layer"));
                if (id && strcmp(id, w->string) == 0)
                    hit = a;
            }
            snprintf(path + used, pathsz - used, "/%s", w->string);
            if (!hit || !matches(w, hit, path, pathsz))
                return false;
            path[used] = '\0';
        }
        return true;
    }
    if (cJSON_IsObject(want)) {
        if (!cJSON_IsObject(actual))
            return false;
        const cJSON *w;
        cJSON_ArrayForEach(w, want)
        {
            snprintf(path + used, pathsz - used, "/%s", w->string);
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(actual, w->string);
            if (!a || !matches(w, a, path, pathsz))
                return false;
            path[used] = '\0';
        }
        return true;
    }
    if (cJSON_IsArray(want)) {
        if (!cJSON_IsArray(actual) || cJSON_GetArraySize(want) != cJSON_GetArraySize(actual))
            return false;
        for (int i = 0; i < cJSON_GetArraySize(want); i++) {
            snprintf(path + used, pathsz - used, "/%d", i);
            if (!matches(cJSON_GetArrayItem(want, i), cJSON_GetArrayItem(actual, i), path, pathsz))
                return false;
            path[used] = '\0';
        }
        return true;
    }
    if (cJSON_IsString(want))
        return cJSON_IsString(actual) && same_string(want->valuestring, actual->valuestring);
    if (cJSON_IsNumber(want) && cJSON_IsString(actual)) {
        /* an amount written as a number is compared to the fen: 3000.004 is
         * no amount and matches nothing (rounding it to 3000.00 would pass
         * a case that is wrong) */
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", want->valuedouble);
        hpr_money w, a;
        if (hpr_money_parse(&w, buf, strlen(buf)) != HPR_OK ||
            hpr_money_parse(&a, actual->valuestring, strlen(actual->valuestring)) != HPR_OK)
            return same_string(buf, actual->valuestring);
        return w == a;
    }
    return cJSON_Compare(want, actual, true);
}

static const cJSON *at_path(const cJSON *root, const char *path)
{
    /* walks "/a/b/0"; layer ids inside "lines" are looked up by "layer" */
    const cJSON *cur = root;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *tok = strtok(buf, "/"); tok && cur; tok = strtok(NULL, "/")) {
        if (cJSON_IsArray(cur)) {
            const cJSON *hit = NULL, *a;
            cJSON_ArrayForEach(a, cur)
            {
                const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "layer"));
                if (id && strcmp(id, tok) == 0)
                    hit = a;
            }
            /* an id that is no layer's finds nothing (not the first line) */
            cur = hit ? hit : tok[strspn(tok, "0123456789")] == '\0' ? cJSON_GetArrayItem(cur, atoi(tok)) : NULL;
        } else {
            cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
        }
    }
    return cur;
}

static void print_explanation(const cJSON *s)
{
    printf("    explanation of the actual settlement of claim %s:\n",
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "claim_id")));
    const cJSON *l, *st;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(s, "lines"))
    {
        const char *layer = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "layer"));
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(l, "applied"))) {
            printf("      %s: not applied: %s\n", layer,
                   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "reason")));
            continue;
        }
        printf("      %s:\n", layer);
        cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(l, "steps"))
            printf("        %s\n", st->valuestring);
    }
    printf("      patient pays %s\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "patient_pays")));
}

static void fail_head(tally *t, const char *file, const char *name)
{
    t->failed++;
    printf("FAIL %s: %s\n", file, name);
}

/* When a path names a layer in "lines" that the settlement does not
 * have: the policy's layer ids, to correct the case file with. */
static void print_layer_ids(const cJSON *s, const char *path)
{
    const char *at = strstr(path, "/lines/");
    if (!at)
        return;
    char id[256];
    snprintf(id, sizeof id, "%s", at + 7);
    id[strcspn(id, "/")] = '\0';
    printf("      no layer \"%s\" in this policy; its layers are:", id);
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(s, "lines"))
        printf(" %s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "layer")));
    putchar('\n');
}

/* A case member this command does not know is a mistake (often "expected"
 * for "expect"): the case would pass without checking anything. */
static bool case_members_known(tally *t, const char *file, const char *name, const cJSON *c)
{
    static const char *const known[] = {"name", "note", "person", "claims", "ledger", "expect",
                                        "expect_error", "expect_message", NULL};
    const cJSON *m;
    cJSON_ArrayForEach(m, c)
    {
        size_t i = 0;
        while (known[i] && strcmp(known[i], m->string) != 0)
            i++;
        if (known[i])
            continue;
        fail_head(t, file, name);
        printf("    unknown member \"%s\" in a case%s; a case has name, note, person, claims, ledger, "
               "expect, expect_error, expect_message\n", m->string,
               strncmp(m->string, "expect", 6) == 0 ? " (did you mean \"expect\"?)" : "");
        return false;
    }
    return true;
}


static void run_case(tally *t, const hpr_policy *p, const char *file, const cJSON *c, int index)
{
    char defname[32];
    snprintf(defname, sizeof defname, "case %d", index + 1);
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));
    name = name ? name : defname;
    if (!case_members_known(t, file, name, c))
        return;
    cJSON *req = cJSON_CreateObject();
    const char *keys[] = {"person", "claims", "ledger"};
    for (size_t k = 0; k < 3; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, keys[k]);
        if (v)
            cJSON_AddItemToObject(req, keys[k], cJSON_Duplicate(v, true));
    }
    cJSON_AddTrueToObject(req, "explain");
    char *body = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    char *resp = NULL;
    hpr_status st = body ? hpr_settle_json(p, body, strlen(body), &resp) : HPR_ENOMEM;
    free(body);
    const cJSON *want_err = cJSON_GetObjectItemCaseSensitive(c, "expect_error");
    const cJSON *want_msg = cJSON_GetObjectItemCaseSensitive(c, "expect_message");
    if (want_err) {
        const char *we = cJSON_GetStringValue(want_err);
        const char *msg = hpr_error_last()->message ? hpr_error_last()->message : "";
        if (st != HPR_OK && we && strcmp(we, hpr_status_name(st)) == 0 &&
            (!want_msg || strstr(msg, cJSON_GetStringValue(want_msg)))) {
            t->passed++;
            if (t->verbose)
                printf("ok   %s: %s\n", file, name);
        } else {
            fail_head(t, file, name);
            printf("    expected error %s%s%s%s\n", we ? we : "?", want_msg ? " with \"" : "",
                   want_msg ? cJSON_GetStringValue(want_msg) : "", want_msg ? "\"" : "");
            printf("    actual:        %s%s%s\n", hpr_status_name(st), st != HPR_OK ? ": " : "",
                   st != HPR_OK ? msg : " (settled)");
        }
        hpr_free(resp);
        return;
    }
    if (st != HPR_OK) {
        fail_head(t, file, name);
        printf("    expected settlements, got %s: %s\n", hpr_status_name(st), hpr_error_last()->message);
        return;
    }
    cJSON *doc = cJSON_Parse(resp);
    hpr_free(resp);
    const cJSON *sets = cJSON_GetObjectItemCaseSensitive(doc, "settlements");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
    bool ok = cJSON_IsArray(expect) && cJSON_GetArraySize(expect) <= cJSON_GetArraySize(sets);
    if (!ok) {
        fail_head(t, file, name);
        printf("    \"expect\" must be a list of at most %d settlements\n", cJSON_GetArraySize(sets));
    }
    for (int i = 0; ok && i < cJSON_GetArraySize(expect); i++) {
        const cJSON *w = cJSON_GetArrayItem(expect, i), *a = cJSON_GetArrayItem(sets, i);
        char path[512] = "";
        if (matches(w, a, path, sizeof path))
            continue;
        ok = false;
        fail_head(t, file, name);
        char *we = cJSON_PrintUnformatted(at_path(w, path));
        const cJSON *av = at_path(a, path);
        char *ac = av ? cJSON_PrintUnformatted(av) : NULL;
        printf("    settlement %d (claim %s) at %s\n", i + 1,
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "claim_id")), path[0] ? path : "/");
        printf("      expected: %s\n      actual:   %s\n", we ? we : "?", ac ? ac : "(missing)");
        if (!av)
            print_layer_ids(a, path);
        free(we);
        free(ac);
        print_explanation(a);
    }
    if (ok) {
        t->passed++;
        if (t->verbose)
            printf("ok   %s: %s\n", file, name);
    }
    cJSON_Delete(doc);
}

/* ---- audit cases: a registry against a standards document ---------------- */

/* A path given in a case file, relative to the case file. */
static void relative_to(char *out, size_t size, const char *casefile, const char *path)
{
    const char *slash = strrchr(casefile, '/');
    if (path[0] == '/' || !slash)
        snprintf(out, size, "%s", path);
    else
        snprintf(out, size, "%.*s/%s", (int)(slash - casefile), casefile, path);
}

static void print_json(const char *label, const cJSON *v)
{
    char *text = v ? cJSON_PrintUnformatted(v) : NULL;
    printf("  %s %s\n", label, text ? text : "(none)");
    free(text);
}

/* Checks one expectation list: each expected object is matched to the
 * actual item whose key members are equal, then as a subset. */
static bool expect_items(const char *file, const char *name, tally *t, const cJSON *want,
                         const cJSON *actual, const char *const *keys, bool *head)
{
    bool ok = true;
    const cJSON *w;
    cJSON_ArrayForEach(w, want)
    {
        const cJSON *hit = NULL, *a;
        cJSON_ArrayForEach(a, actual)
        {
            bool same = true;
            for (const char *const *k = keys; *k && same; k++) {
                const cJSON *wk = cJSON_GetObjectItemCaseSensitive(w, *k);
                same = !wk || cJSON_Compare(wk, cJSON_GetObjectItemCaseSensitive(a, *k), true);
            }
            if (same && !hit)
                hit = a;
        }
        char path[512] = "";
        if (hit && matches(w, hit, path, sizeof path))
            continue;
        if (!*head) {
            fail_head(t, file, name);
            *head = true;
        }
        print_json("expected", w);
        print_json("actual  ", hit);
        if (hit && path[0])
            printf("  differs at %s\n", path);
        ok = false;
    }
    return ok;
}

static void run_audit_case(tally *t, const hpr_standards *s, const hpr_registry *reg,
                           const char *file, const cJSON *c, int index)
{
    char name[256];
    const char *cname = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));
    snprintf(name, sizeof name, "%s", cname ? cname : "");
    if (!cname)
        snprintf(name, sizeof name, "case %d", index + 1);
    static const char *const known[] = {"name", "description", "as_of", "expect_findings",
                                        "expect_totals", "expect_errors", NULL};
    const cJSON *m;
    cJSON_ArrayForEach(m, c)
    {
        bool ok = false;
        for (const char *const *k = known; *k; k++)
            ok = ok || strcmp(m->string, *k) == 0;
        if (!ok) {
            fail_head(t, file, name);
            printf("  unknown member \"%s\" (an audit case has: name, description, as_of, "
                   "expect_findings, expect_totals, expect_errors)\n",
                   m->string);
            return;
        }
    }
    const char *as_of = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "as_of"));
    hpr_date day;
    if (!as_of || hpr_date_parse(&day, as_of, strlen(as_of)) != HPR_OK) {
        fail_head(t, file, name);
        printf("  \"as_of\" must be a date YYYY-MM-DD\n");
        return;
    }
    hpr_audit_result *r = NULL;
    char *json = NULL;
    if (hpr_audit(&r, s, reg, day, NULL) != HPR_OK || hpr_audit_to_json(r, &json, NULL) != HPR_OK) {
        fail_head(t, file, name);
        printf("  the audit failed: %s\n", hpr_error_last()->message);
        hpr_audit_result_free(r);
        return;
    }
    cJSON *actual = cJSON_Parse(json);
    hpr_free(json);
    hpr_audit_result_free(r);
    bool head = false, ok = actual != NULL;
    static const char *const finding_keys[] = {"place_id", "standard", NULL};
    static const char *const total_keys[] = {"level", "id", NULL};
    static const char *const error_keys[] = {"table", "line", NULL};
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(c, "expect_findings");
    if (ok && want)
        ok = expect_items(file, name, t, want, cJSON_GetObjectItemCaseSensitive(actual, "findings"),
                          finding_keys, &head) && ok;
    want = cJSON_GetObjectItemCaseSensitive(c, "expect_totals");
    if (actual && want)
        ok = expect_items(file, name, t, want, cJSON_GetObjectItemCaseSensitive(actual, "totals"),
                          total_keys, &head) && ok;
    want = cJSON_GetObjectItemCaseSensitive(c, "expect_errors");
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(actual, "errors");
    if (actual && want) {
        ok = expect_items(file, name, t, want, errors, error_keys, &head) && ok;
        if (cJSON_GetArraySize(want) != cJSON_GetArraySize(errors)) {
            if (!head)
                fail_head(t, file, name);
            head = true;
            printf("  %d refused rows expected, %d found\n", cJSON_GetArraySize(want),
                   cJSON_GetArraySize(errors));
            ok = false;
        }
    }
    if (ok)
        t->passed++;
    else if (!head)
        fail_head(t, file, name);
    cJSON_Delete(actual);
}

static void run_audit_file(tally *t, const char *path, const cJSON *doc)
{
    const char *std = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "standards"));
    const char *dir = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "registry"));
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(doc, "cases");
    if (!std || !dir || !cJSON_IsArray(cases)) {
        printf("ERROR %s: an audit case file needs \"standards\", \"registry\" and a \"cases\" list\n", path);
        t->broken++;
        return;
    }
    char sfull[4096], rfull[4096];
    relative_to(sfull, sizeof sfull, path, std);
    relative_to(rfull, sizeof rfull, path, dir);
    hpr_standards *s = NULL;
    hpr_registry *reg = NULL;
    if (hpr_standards_load_file(&s, NULL, sfull) != HPR_OK) {
        printf("ERROR %s: cannot load standards %s: %s\n", path, sfull, hpr_error_last()->message);
        t->broken++;
        return;
    }
    if (hpr_registry_load_dir(&reg, rfull) != HPR_OK) {
        printf("ERROR %s: cannot load registry %s: %s\n", path, rfull, hpr_error_last()->message);
        t->broken++;
        hpr_standards_free(s);
        return;
    }
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
        run_audit_case(t, s, reg, path, c, i++);
    hpr_registry_free(reg);
    hpr_standards_free(s);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first member name an object of the document gives twice, or NULL:
 * cJSON keeps both and finds the first, so a case would be judged on a
 * value its writer replaced. */
static const char *twice(const cJSON *n)
{
    if (!n)
        return NULL;
    if (cJSON_IsObject(n)) {
        size_t count = 0;
        for (const cJSON *m = n->child; m; m = m->next)
            count++;
        const char **names = count ? malloc(count * sizeof *names) : NULL;
        const char *dup = NULL;
        if (names) {
            size_t k = 0;
            for (const cJSON *m = n->child; m; m = m->next)
                names[k++] = m->string;
            qsort(names, count, sizeof *names, cmp_name);
            for (size_t i = 1; i < count && !dup; i++)
                if (strcmp(names[i - 1], names[i]) == 0)
                    dup = names[i];
            free(names);
        }
        if (dup)
            return dup;
    }
    for (const cJSON *m = n->child; m; m = m->next) {
        const char *d = twice(m);
        if (d)
            return d;
    }
    return NULL;
}

static void run_file(tally *t, const char *path)
{
    size_t len = 0;
    char *text = cli_slurp(path, &len, CLI_MAX_LINE_DEFAULT);
    cJSON *doc = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    const char *dup = twice(doc);
    if (dup) {
        printf("ERROR %s: the member \"%s\" is given twice in one object (which one would count?)\n", path, dup);
        t->broken++;
        cJSON_Delete(doc);
        return;
    }
    if (doc && cJSON_GetObjectItemCaseSensitive(doc, "standards")) {
        run_audit_file(t, path, doc);
        cJSON_Delete(doc);
        return;
    }
    const char *policy = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "policy"));
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(doc, "cases");
    if (!doc || !policy || !cJSON_IsArray(cases)) {
        printf("ERROR %s: %s\n", path,
               !doc ? "cannot read it as JSON" : "a case file needs \"policy\" and a \"cases\" list");
        t->broken++;
        cJSON_Delete(doc);
        return;
    }
    /* the policy path is relative to the case file */
    char full[4096];
    const char *slash = strrchr(path, '/');
    if (policy[0] == '/' || !slash)
        snprintf(full, sizeof full, "%s", policy);
    else
        snprintf(full, sizeof full, "%.*s/%s", (int)(slash - path), path, policy);
    hpr_policy *p = cli_load_policy(full, true);
    if (!p) {
        printf("ERROR %s: cannot load policy %s\n", path, full);
        t->broken++;
        cJSON_Delete(doc);
        return;
    }
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
        run_case(t, p, path, c, i++);
    hpr_policy_free(p);
    cJSON_Delete(doc);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void run_path(tally *t, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        printf("ERROR %s: %s\n", path, strerror(errno));
        t->broken++;
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        run_file(t, path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        printf("ERROR %s: %s\n", path, strerror(errno));
        t->broken++;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) {
            char **nn = realloc(names, (n + 1) * sizeof *nn);
            if (!nn)
                break;
            names = nn;
            names[n] = malloc(strlen(path) + l + 2);
            if (names[n])
                sprintf(names[n++], "%s/%s", path, e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        run_file(t, names[i]);
        free(names[i]);
    }
    free(names);
}

int cmd_test(int argc, char **argv)
{
    tally t = {0};
    int npaths = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_ALL_OK;
        }
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            t.verbose = true;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "hpr test: unknown option %s\n%s", argv[i], USAGE);
            return EXIT_USAGE;
        } else
            npaths++;
    }
    if (!npaths) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    for (int i = 1; i < argc; i++)
        if (argv[i][0] != '-')
            run_path(&t, argv[i]);
    printf("%d passed, %d failed%s\n", t.passed, t.failed, t.broken ? ", some files could not be run" : "");
    return t.broken ? EXIT_USAGE : t.failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
