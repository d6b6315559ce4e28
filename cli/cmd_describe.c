/* SPDX-License-Identifier: MIT */
/* hpr describe: a policy's identity, the chain of policies it extends and
 * every parameter with its dated values and citations; with --changes,
 * what it changes against its base (hpr_policy_changes), old and new with
 * both citations. --json writes the library's JSON as it is. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common.h"

static const char USAGE[] =
    "usage: hpr describe [--changes] [--json] FILE\n"
    "\n"
    "Describes a policy: id, title, fingerprint, the policies it extends (nearest\n"
    "first) and every parameter with its dated values and citations.\n"
    "--changes: what FILE changes against the policy it extends: each parameter\n"
    "whose values differ, old and new with their citations, and each layer,\n"
    "category, status kind, catalog or monitoring rule added, removed or moved.\n"
    "--json: the JSON of hpr_policy_describe() or hpr_policy_changes().\n"
    "Exit status: 0 described, 2 the policy could not be loaded (or, with\n"
    "--changes, extends nothing).\n";

/* One dated value: "from 2019-01-01: 2500.00 [ref, assumed]" or "always: ...". */
static void print_values(const char *label, const cJSON *values)
{
    printf("    %s", label);
    const char *sep = *label ? " " : "";
    if (!cJSON_IsArray(values)) {
        printf("%s%s\n", sep, TR("(none)"));
        return;
    }
    for (const cJSON *v = values->child; v; v = v->next) {
        const char *from = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "from"));
        const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "value"));
        const char *ref = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "ref"));
        bool assumed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "assumed"));
        printf("%s", sep);
        sep = "; ";
        if (from)
            printf(TR("from %s: "), from);
        else
            printf("%s", TR("always: "));
        printf("%s", value ? value : TR("not in force"));
        if (ref && assumed)
            printf(TR(" [%s, assumed]"), ref);
        else if (ref)
            printf(" [%s]", ref);
        else if (assumed)
            printf("%s", TR(" [assumed]"));
        else
            printf("%s", TR(" [no citation]"));
    }
    putchar('\n');
}

static void print_description(const cJSON *d)
{
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "id"));
    printf("%s: %s\n", id ? id : "?",
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "title")));
    printf(TR("fingerprint: %s\n"), cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "fingerprint")));
    const cJSON *ext = cJSON_GetObjectItemCaseSensitive(d, "extends");
    for (const cJSON *e = ext ? ext->child : NULL; e; e = e->next)
        printf(TR("extends: %s (%s)\n"), cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "file")),
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "id")));
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(d, "parameters");
    printf(TR("parameters: %d\n"), cJSON_GetArraySize(params));
    for (const cJSON *q = params ? params->child : NULL; q; q = q->next) {
        printf("  %s (%s)\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(q, "pointer")),
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(q, "type")));
        print_values("", cJSON_GetObjectItemCaseSensitive(q, "values"));
    }
}

static const char *change_label(const char *change)
{
    if (!change)
        return "?";
    if (strcmp(change, "added") == 0)
        return TR("added");
    if (strcmp(change, "removed") == 0)
        return TR("removed");
    if (strcmp(change, "moved") == 0)
        return TR("moved");
    return TR("changed");
}

static void print_changes(const cJSON *c)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(c, "policy");
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(c, "base");
    printf(TR("%s (%s) against its base %s (%s)\n"),
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "file")),
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "id")),
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "file")),
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "id")));
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(c, "parameters");
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(c, "items");
    printf(TR("%d parameters changed, %d items added, removed or moved\n"), cJSON_GetArraySize(params),
           cJSON_GetArraySize(items));
    for (const cJSON *q = params ? params->child : NULL; q; q = q->next) {
        printf("  %s (%s): %s\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(q, "pointer")),
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(q, "type")),
               change_label(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(q, "change"))));
        print_values(TR("old:"), cJSON_GetObjectItemCaseSensitive(q, "old"));
        print_values(TR("new:"), cJSON_GetObjectItemCaseSensitive(q, "new"));
    }
    for (const cJSON *it = items ? items->child : NULL; it; it = it->next)
        printf("  /%s/%s: %s\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "section")),
               cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "id")),
               change_label(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "change"))));
}

int cmd_describe(int argc, char **argv)
{
    bool changes = false, json = false;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_ALL_OK;
        } else if (strcmp(argv[i], "--changes") == 0) {
            changes = true;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if ((argv[i][0] == '-' && argv[i][1]) || file) {
            fprintf(stderr, "hpr describe: unexpected argument %s\n%s", argv[i], USAGE);
            return EXIT_USAGE;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    if (cli_is_standards(file)) {
        fprintf(stderr, "hpr describe: %s is a standards document (\"kind\": \"standards\"): describe reads "
                        "policies; hpr validate and hpr audit read standards\n", file);
        return EXIT_USAGE;
    }
    hpr_policy *p = cli_load_policy(file, true), *base = NULL;
    if (!p)
        return EXIT_USAGE;
    char *out = NULL;
    hpr_status st;
    if (changes) {
        hpr_diagnostics *d = NULL;
        hpr_policy_options opts;
        cli_policy_options(&opts);
        st = hpr_policy_load_base(&base, &d, p, &opts);
        hpr_diagnostics_free(d);
        if (st == HPR_OK)
            st = hpr_policy_changes(&out, p, base);
    } else {
        st = hpr_policy_describe(&out, p);
    }
    int rc = EXIT_ALL_OK;
    cJSON *doc = NULL;
    if (st != HPR_OK) {
        fprintf(stderr, "hpr describe: %s: %s\n", file, hpr_error_last()->message);
        rc = EXIT_USAGE;
    } else if (json) {
        puts(out);
    } else if (!(doc = cJSON_Parse(out))) {
        fprintf(stderr, "hpr describe: out of memory\n");
        rc = EXIT_USAGE;
    } else if (changes) {
        print_changes(doc);
    } else {
        print_description(doc);
    }
    cJSON_Delete(doc);
    hpr_free(out);
    hpr_policy_free(base);
    hpr_policy_free(p);
    return rc;
}
