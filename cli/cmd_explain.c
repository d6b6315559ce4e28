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
    "usage: hpr explain --policy FILE [--json | --format text|html|json] [-o FILE] [REQUEST]\n"
    "\n"
    "Settles one request of the JSON entry point (docs/interchange.md: a person,\n"
    "claims in order, optionally a ledger) read from REQUEST or stdin, and shows\n"
    "each claim as a waterfall: the bill, each layer's base, deductible, ratio,\n"
    "cap and payment with the source it cites, and what the patient pays.\n"
    "  --json   print the JSON response (with explanations) instead\n"
    "  --format html   a printable settlement slip (A5, one page for a typical\n"
    "           claim): header, one row per layer and per payer, the patient's share\n"
    "  -o FILE  write the html or json there instead of standard output\n"
    "The slip is in the language of --lang (zh or en).\n"
    "\n"
    "The request is read as strictly as `hpr settle --requests` reads a line (one\n"
    "JSON document, at most 64 MiB); control characters in what is printed are\n"
    "shown as \\xNN.\n";

static const char *str(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? s : "";
}

/* The label column of the slip, in display columns (CJK counts two). */
#define LABEL_WIDTH 60

/* A label and its amount, the amount ending at one column; a label too
 * long for its column goes on a line of its own, the amount under it. */
static void amount_line(const char *indent, const char *label, const char *amount, const char *note)
{
    fputs(indent, stdout);
    int room = LABEL_WIDTH - cli_display_width(indent);
    if (cli_display_width(label) > room) {
        printf("%s\n%s", label, indent);
        label = "";
    }
    cli_pad(stdout, label, room);
    printf(" %14s%s%s%s\n", amount, note ? "   (" : "", note ? note : "", note ? ")" : "");
}

static const char *level_label(const char *level)
{
    static const char *const levels[][2] = {
        {"village", N_("village level")}, {"township", N_("township level")},
        {"county", N_("county level")},   {"city", N_("city level")},
        {"provincial", N_("provincial level")}};
    for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
        if (strcmp(level, levels[i][0]) == 0)
            return hpr_translate(cli_lang(), levels[i][1]);
    return level;
}

/* The request's claim with the settlement's id. */
static const cJSON *claim_of(const cJSON *req, const char *id)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(req, "claims"))
        if (strcmp(str(c, "id"), id) == 0)
            return c;
    return NULL;
}

/* The slip's header: patient, hospital, dates, policy. */
static void print_header(const cJSON *req, const cJSON *s)
{
    const cJSON *person = cJSON_GetObjectItemCaseSensitive(req, "person");
    const cJSON *claim = claim_of(req, str(s, "claim_id"));
    const cJSON *facility = cJSON_GetObjectItemCaseSensitive(claim, "facility");
    const cJSON *policy = cJSON_GetObjectItemCaseSensitive(s, "policy");
    printf("%s\n", TR("Settlement slip"));
    printf("  %s %s    %s %s", TR("Patient:"), str(person, "id"), TR("Born:"), str(person, "birth_date"));
    const cJSON *st;
    int n = 0;
    cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(person, "statuses"))
    {
        const char *kind = str(st, "kind");
        const char *label = hpr_status_kind_label(kind, cli_lang());
        printf("%s%s", n++ ? ", " : TR("    Status: "), label ? label : kind);
    }
    putchar('\n');
    n = 0; /* kinds the policy does not declare are no status of the patient's: shown apart */
    cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(req, "undeclared_statuses"))
        printf("%s%s", n++ ? ", " : TR("  Ignored, not status kinds of the policy: "), st->valuestring);
    if (n)
        putchar('\n');
    printf("  %s %s (%s)    %s %s", TR("Hospital:"), *str(facility, "id") ? str(facility, "id") : "-",
           level_label(str(facility, "level")), TR("Admitted:"), str(claim, "admission_date"));
    if (*str(claim, "discharge_date"))
        printf("    %s %s", TR("Discharged:"), str(claim, "discharge_date"));
    putchar('\n');
    printf("  %s %s (%.19s...)    %s %d    %s %s\n", TR("Policy:"), str(policy, "id"),
           str(policy, "fingerprint"), TR("Policy year:"),
           (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(s, "policy_year")), TR("Claim:"),
           str(s, "claim_id"));
}

static void print_settlement(const cJSON *req, const cJSON *s)
{
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(s, "classification");
    const cJSON *el = cJSON_GetObjectItemCaseSensitive(s, "eligibility");
    print_header(req, s);
    hpr_batch batch = HPR_BATCH_NONE;
    hpr_batch_parse(&batch, str(cls, "batch"));
    printf("  %s %s", TR("Three batches:"), hpr_batch_label(batch, cli_lang()));
    if (*str(cls, "entry"))
        printf(" (%s, %s)", str(cls, "entry"), str(cls, "entry_name"));
    putchar('\n');
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(cls, "reasons"))
        printf("    - %s\n", x->valuestring);
    printf("  %s", TR("Categories:"));
    int n = 0;
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(el, "category_labels");
    if (!labels)
        labels = cJSON_GetObjectItemCaseSensitive(el, "categories");
    cJSON_ArrayForEach(x, labels)
        printf("%s %s", n++ ? "," : "", x->valuestring);
    printf("%s; %s\n\n", n ? "" : TR(" none"),
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(el, "enrolled")) ? TR("enrolled") : TR("NOT enrolled"));
    amount_line("  ", TR("Total bill"), str(s, "total"), NULL);
    if (strcmp(str(s, "waiver"), "0.00") != 0)
        amount_line("  ", TR("- hospital waiver"), str(s, "waiver"), NULL);
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(s, "lines"))
    {
        hpr_payer payer = HPR_PAYER_OTHER_FUND;
        hpr_payer_parse(&payer, str(x, "payer"));
        char *head = cli_format("- %s [%s]", str(x, "name"), hpr_payer_label(payer, cli_lang()));
        if (!head)
            continue;
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "applied"))) {
            amount_line("  ", head, "-", str(x, "reason"));
            free(head);
            continue;
        }
        amount_line("  ", head, str(x, "paid"), NULL);
        free(head);
        const cJSON *step;
        cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(x, "steps"))
            printf("      %s\n", step->valuestring);
    }
    amount_line("  ", TR("= patient pays"), str(s, "patient_pays"), NULL);
    amount_line("  ", TR("  (this policy year so far)"), str(s, "patient_year"), NULL);
    /* one line per payer, then the patient's share */
    printf("\n  %s\n", TR("By payer:"));
    const cJSON *payers = cJSON_GetObjectItemCaseSensitive(s, "payers");
    cJSON_ArrayForEach(x, payers)
    {
        hpr_payer payer;
        if (hpr_payer_parse(&payer, x->string) == HPR_OK && strcmp(x->valuestring, "0.00") != 0)
            amount_line("    ", hpr_payer_label(payer, cli_lang()), x->valuestring, NULL);
    }
    amount_line("    ", TR("Patient pays"), str(s, "patient_pays"), NULL);
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(s, "warnings"))
        printf("  %s %s: %s\n", TR("warning"), str(x, "code"), str(x, "message"));
    putchar('\n');
}

/* ---- the printable slip (--format html) --------------------------------- */

static void html_text(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

static void html_row(FILE *fp, const char *label, const char *amount, const char *cls)
{
    fprintf(fp, "<tr%s%s%s><td>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    html_text(fp, label);
    fputs("</td><td class=\"amount\">", fp);
    html_text(fp, amount);
    fputs("</td></tr>\n", fp);
}

static void html_slip(FILE *fp, const cJSON *req, const cJSON *s)
{
    const cJSON *person = cJSON_GetObjectItemCaseSensitive(req, "person");
    const cJSON *claim = claim_of(req, str(s, "claim_id"));
    const cJSON *facility = cJSON_GetObjectItemCaseSensitive(claim, "facility");
    const cJSON *policy = cJSON_GetObjectItemCaseSensitive(s, "policy");
    const cJSON *cls = cJSON_GetObjectItemCaseSensitive(s, "classification");
    char *hospital = cli_format("%s (%s)", *str(facility, "id") ? str(facility, "id") : "-",
                                level_label(str(facility, "level")));
    const char *cells[4][4] = {
        {TR("Patient:"), str(person, "id"), TR("Born:"), str(person, "birth_date")},
        {TR("Hospital:"), hospital ? hospital : "-", TR("Claim:"), str(s, "claim_id")},
        {TR("Admitted:"), str(claim, "admission_date"), TR("Discharged:"),
         *str(claim, "discharge_date") ? str(claim, "discharge_date") : "-"},
        {TR("Three batches:"), NULL, NULL, NULL}};
    fputs("<section class=\"slip\">\n<h1>", fp);
    html_text(fp, TR("Settlement slip"));
    fputs("</h1>\n<table class=\"head\">\n", fp);
    for (int row = 0; row < 3; row++)
        for (int k = 0; k < 4; k++) {
            fputs(k == 0 ? "<tr><th>" : k % 2 ? "</th><td>" : "</td><th>", fp);
            html_text(fp, cells[row][k]);
            if (k == 3)
                fputs("</td></tr>\n", fp);
        }
    free(hospital);
    fputs("<tr><th>", fp);
    html_text(fp, cells[3][0]);
    fputs("</th><td colspan=\"3\">", fp);
    hpr_batch batch = HPR_BATCH_NONE;
    hpr_batch_parse(&batch, str(cls, "batch"));
    html_text(fp, hpr_batch_label(batch, cli_lang()));
    if (*str(cls, "entry_name")) {
        fputs(" (", fp);
        html_text(fp, str(cls, "entry_name"));
        fputs(")", fp);
    }
    fputs("</td></tr>\n</table>\n<table class=\"lines\">\n", fp);
    html_row(fp, TR("Total bill"), str(s, "total"), "total");
    if (strcmp(str(s, "waiver"), "0.00") != 0)
        html_row(fp, TR("- hospital waiver"), str(s, "waiver"), NULL);
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(s, "lines"))
    {
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "applied")) ||
            strcmp(str(x, "paid"), "0.00") == 0)
            continue;
        hpr_payer payer = HPR_PAYER_OTHER_FUND;
        hpr_payer_parse(&payer, str(x, "payer"));
        char *head = cli_format("%s (%s)", str(x, "name"), hpr_payer_label(payer, cli_lang()));
        html_row(fp, head ? head : "?", str(x, "paid"), NULL);
        free(head);
    }
    html_row(fp, TR("= patient pays"), str(s, "patient_pays"), "patient");
    html_row(fp, TR("  (this policy year so far)"), str(s, "patient_year"), "year");
    fputs("</table>\n<h2>", fp);
    html_text(fp, TR("By payer:"));
    fputs("</h2>\n<table class=\"payers\">\n", fp);
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(s, "payers"))
    {
        hpr_payer payer;
        if (hpr_payer_parse(&payer, x->string) == HPR_OK && strcmp(x->valuestring, "0.00") != 0)
            html_row(fp, hpr_payer_label(payer, cli_lang()), x->valuestring, NULL);
    }
    html_row(fp, TR("Patient pays"), str(s, "patient_pays"), "patient");
    fputs("</table>\n<p class=\"policy\">", fp);
    html_text(fp, TR("Policy:"));
    fputc(' ', fp);
    html_text(fp, str(policy, "id"));
    fputs(" &middot; ", fp);
    html_text(fp, str(policy, "fingerprint"));
    fputs("</p>\n<p class=\"sign\">", fp);
    html_text(fp, TR("Clerk:"));
    fputs(" ____________ &nbsp; ", fp);
    html_text(fp, TR("Patient:"));
    fputs(" ____________</p>\n</section>\n", fp);
}

static void html_document(FILE *fp, const cJSON *req, const cJSON *doc)
{
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
            cli_lang() == HPR_LANG_ZH ? "zh-CN" : "en");
    html_text(fp, TR("Settlement slip"));
    fputs("</title>\n<style>\n"
          "@page { size: A5; margin: 10mm; }\n"
          "body { font-family: \"Noto Sans CJK SC\", \"Noto Sans\", sans-serif; font-size: 10pt; color: #000; }\n"
          "h1 { font-size: 14pt; text-align: center; margin: 0 0 4mm; }\n"
          "h2 { font-size: 10pt; margin: 3mm 0 1mm; }\n"
          "table { width: 100%; border-collapse: collapse; }\n"
          "table.head th { text-align: left; font-weight: normal; color: #444; white-space: nowrap; }\n"
          "table.lines td, table.payers td { border-bottom: 0.5pt solid #999; padding: 1mm 0; }\n"
          "td.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
          "tr.total td, tr.patient td { font-weight: bold; }\n"
          "tr.year td { color: #444; font-size: 9pt; }\n"
          "p.policy { font-size: 7pt; color: #444; word-break: break-all; margin-top: 3mm; }\n"
          "p.sign { margin-top: 6mm; }\n"
          ".slip { page-break-after: always; }\n"
          ".slip:last-child { page-break-after: auto; }\n"
          "</style>\n</head>\n<body>\n",
          fp);
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "settlements"))
        html_slip(fp, req, s);
    fputs("</body>\n</html>\n", fp);
}

/* The person's statuses of kinds the policy does not declare, moved from
 * the request (which only the slip reads from here) into
 * "undeclared_statuses": the slip never shows them as the patient's. */
static void set_apart_undeclared(cJSON *req, const hpr_policy *p)
{
    char *desc = NULL;
    if (hpr_policy_describe(&desc, p) != HPR_OK)
        return;
    cJSON *d = cJSON_Parse(desc);
    hpr_free(desc);
    const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(d, "status_kinds");
    cJSON *statuses = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(req, "person"), "statuses");
    cJSON *apart = cJSON_CreateArray();
    for (cJSON *s = statuses ? statuses->child : NULL; s && apart;) {
        cJSON *next = s->next;
        const char *kind = str(s, "kind");
        bool known = false;
        const cJSON *k;
        cJSON_ArrayForEach(k, kinds)
            known |= cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0;
        if (!known) {
            cJSON_AddItemToArray(apart, cJSON_CreateString(kind));
            cJSON_Delete(cJSON_DetachItemViaPointer(statuses, s));
        }
        s = next;
    }
    if (apart)
        cJSON_AddItemToObject(req, "undeclared_statuses", apart);
    cJSON_Delete(d);
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
    const char *policy = NULL, *request = "-", *format = NULL, *out = NULL;
    bool bad = false, json = false, html = false;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_ALL_OK;
        }
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (cli_opt(argc, argv, &i, "--policy", &policy, &bad) ||
                 cli_opt(argc, argv, &i, "--format", &format, &bad) ||
                 cli_opt(argc, argv, &i, "-o", &out, &bad))
            continue;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "hpr explain: unknown option %s\n", argv[i]);
            bad = true;
        } else
            request = argv[i];
    }
    if (!bad && format) {
        if (strcmp(format, "html") == 0)
            html = true;
        else if (strcmp(format, "json") == 0)
            json = true;
        else if (strcmp(format, "text") != 0) {
            fprintf(stderr, "hpr explain: --format is text, html or json, not \"%s\"\n", format);
            bad = true;
        }
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
        cJSON_DeleteItemFromObjectCaseSensitive(req, "lang");
        cJSON_AddStringToObject(req, "lang", hpr_lang_name(cli_lang()));
        body = cJSON_PrintUnformatted(req);
    }
    if (!body) {
        fprintf(stderr, "hpr explain: out of memory\n");
        cJSON_Delete(req);
        hpr_policy_free(p);
        return EXIT_USAGE;
    }
    char *resp = NULL;
    st = hpr_settle_json(p, body, strlen(body), &resp);
    free(body);
    if (st == HPR_OK)
        set_apart_undeclared(req, p);
    int rc = EXIT_ALL_OK;
    if (st != HPR_OK) {
        fprintf(stderr, "hpr explain: %s: %s: %s\n", request, hpr_status_name(st), hpr_error_last()->message);
        rc = EXIT_SOME_FAILED;
    } else if (json || html) {
        const char *inputs[] = {policy, request, NULL};
        FILE *opened[] = {NULL};
        FILE *fp = out ? cli_open_output("explain", out, inputs, opened) : stdout;
        if (!fp) {
            rc = EXIT_USAGE;
        } else if (json) {
            fputs(resp, fp);
            fputc('\n', fp);
        } else {
            cJSON *doc = cJSON_Parse(resp);
            html_document(fp, req, doc);
            cJSON_Delete(doc);
        }
        if (fp && fp != stdout && !cli_close_output("explain", fp, out))
            rc = EXIT_USAGE;
    } else if (out) {
        fprintf(stderr, "hpr explain: -o writes the html or json formats; the text slip goes to standard output\n");
        rc = EXIT_USAGE;
    } else {
        cJSON *doc = cJSON_Parse(resp);
        tty_safe(doc);
        const cJSON *s;
        tty_safe(req);
        cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "settlements"))
            print_settlement(req, s);
        cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "warnings"))
            printf("warning %s: %s\n", str(s, "code"), str(s, "message"));
        cJSON_Delete(doc);
    }
    hpr_free(resp);
    cJSON_Delete(req);
    hpr_policy_free(p);
    return rc;
}
