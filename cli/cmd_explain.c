/* SPDX-License-Identifier: MIT */
/* hpr explain: one request settled with explanations, printed as a
 * waterfall: the bill, each layer with its steps and sources, what is
 * left for the patient. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common.h"

static const char USAGE[] =
    "usage: hpr explain --policy FILE [--json] [REQUEST]\n"
    "\n"
    "Settles one request of the JSON entry point (docs/interchange.md: a person,\n"
    "claims in order, optionally a ledger) read from REQUEST or stdin, and shows\n"
    "each claim as a waterfall: the bill, each layer's base, deductible, ratio,\n"
    "cap and payment with the source it cites, and what the patient pays.\n"
    "  --json   print the JSON response (with explanations) instead\n"
    "\n"
    "The request is read as strictly as `hpr settle --requests` reads a line (one\n"
    "JSON document, at most 64 MiB); control characters in what is printed are\n"
    "shown as \\xNN.\n";

static const char *str(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? s : "";
}

static void print_settlement(const cJSON *s)
{
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(s, "classification");
    const cJSON *el = cJSON_GetObjectItemCaseSensitive(s, "eligibility");
    printf("claim %s  as of %s, policy year %d, policy %s\n", str(s, "claim_id"), str(s, "as_of"),
           (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(s, "policy_year")),
           str(cJSON_GetObjectItemCaseSensitive(s, "policy"), "id"));
    printf("  batch: %s", str(cls, "batch"));
    if (*str(cls, "entry"))
        printf(" (%s, %s)", str(cls, "entry"), str(cls, "entry_name"));
    putchar('\n');
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(cls, "reasons"))
        printf("    - %s\n", x->valuestring);
    printf("  categories:");
    int n = 0;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(el, "categories"))
        printf("%s %s", n++ ? "," : "", x->valuestring);
    printf("%s; %s\n", n ? "" : " none", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(el, "enrolled"))
                                             ? "enrolled" : "NOT enrolled");
    printf("\n  %-62s %14s\n", "total bill", str(s, "total"));
    if (strcmp(str(s, "waiver"), "0.00") != 0)
        printf("  %-62s %14s\n", "- hospital waiver", str(s, "waiver"));
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(s, "lines"))
    {
        char head[160];
        snprintf(head, sizeof head, "- %s [%s]", str(x, "name"), str(x, "payer"));
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "applied"))) {
            printf("  %-62s %14s   (%s)\n", head, "-", str(x, "reason"));
            continue;
        }
        printf("  %-62s %14s\n", head, str(x, "paid"));
        const cJSON *step;
        cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(x, "steps"))
            printf("      %s\n", step->valuestring);
    }
    printf("  %-62s %14s\n", "= patient pays", str(s, "patient_pays"));
    printf("  %-62s %14s\n", "  (this policy year so far)", str(s, "patient_year"));
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(s, "warnings"))
        printf("  warning %s: %s\n", str(x, "code"), str(x, "message"));
    putchar('\n');
}

/* Control characters in any string of the response (ids, names from the
 * request or the policy) shown as \xNN: nothing printed can move the
 * cursor, colour the terminal or forge a line. */
static void tty_safe(cJSON *node)
{
    for (; node; node = node->next) {
        if (cJSON_IsString(node) && node->valuestring) {
            const char *v = node->valuestring;
            bool control = false;
            for (const char *c = v; *c && !control; c++)
                control = (unsigned char)*c < 0x20 || *c == 0x7f;
            char *safe = control ? cli_tty_text(v) : NULL;
            if (safe)
                cJSON_SetValuestring(node, safe);
            free(safe);
        }
        tty_safe(node->child);
    }
}

int cmd_explain(int argc, char **argv)
{
    const char *policy = NULL, *request = "-";
    bool bad = false, json = false;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_ALL_OK;
        }
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (cli_opt(argc, argv, &i, "--policy", &policy, &bad))
            continue;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "hpr explain: unknown option %s\n", argv[i]);
            bad = true;
        } else
            request = argv[i];
    }
    if (bad || !policy) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    size_t len = 0;
    char *text = cli_slurp(request, &len, CLI_MAX_LINE_DEFAULT);
    if (!text) {
        fprintf(stderr, "hpr explain: %s: %s\n", request,
                errno == EFBIG ? "larger than the 64 MiB limit of a request" : strerror(errno));
        return EXIT_USAGE;
    }
    hpr_policy *p = cli_load_policy(policy, true);
    if (!p) {
        free(text);
        return EXIT_USAGE;
    }
    /* the library reads the request first, as strictly as settle does; only
     * a request it accepted is re-written with "explain": true */
    char *checked = NULL;
    hpr_status st = hpr_settle_json(p, text, len, &checked);
    hpr_free(checked);
    if (st != HPR_OK) {
        fprintf(stderr, "hpr explain: %s: %s: %s\n", request, hpr_status_name(st), hpr_error_last()->message);
        free(text);
        hpr_policy_free(p);
        return EXIT_SOME_FAILED;
    }
    cJSON *req = cJSON_ParseWithLength(text, len);
    free(text);
    char *body = NULL;
    if (cJSON_IsObject(req)) {
        cJSON_DeleteItemFromObjectCaseSensitive(req, "explain");
        cJSON_AddTrueToObject(req, "explain");
        body = cJSON_PrintUnformatted(req);
    }
    cJSON_Delete(req);
    if (!body) {
        fprintf(stderr, "hpr explain: out of memory\n");
        hpr_policy_free(p);
        return EXIT_USAGE;
    }
    char *resp = NULL;
    st = hpr_settle_json(p, body, strlen(body), &resp);
    free(body);
    int rc = EXIT_ALL_OK;
    if (st != HPR_OK) {
        fprintf(stderr, "hpr explain: %s: %s: %s\n", request, hpr_status_name(st), hpr_error_last()->message);
        rc = EXIT_SOME_FAILED;
    } else if (json) {
        puts(resp);
    } else {
        cJSON *doc = cJSON_Parse(resp);
        tty_safe(doc);
        const cJSON *s;
        cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "settlements"))
            print_settlement(s);
        cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "warnings"))
            printf("warning %s: %s\n", str(s, "code"), str(s, "message"));
        cJSON_Delete(doc);
    }
    hpr_free(resp);
    hpr_policy_free(p);
    return rc;
}
