/* SPDX-License-Identifier: MIT */
/* hpr settle: JSON Lines requests or CSV persons + claims in, settlements
 * out as JSON Lines or CSV, streaming. CSV input goes through the
 * columnar batch in chunks of whole persons (parallel across persons);
 * JSON Lines through the JSON entry point, one request per line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common.h"
#include "csvio.h"
#include "flat.h"

static const char USAGE[] =
    "usage: hpr settle --policy FILE (--requests FILE | --persons FILE --claims FILE)\n"
    "                  [--format jsonl|csv] [-o FILE] [--errors FILE] [--threads N] [--quiet]\n"
    "                  [--summary] [--max-line BYTES]\n"
    "\n"
    "Settles claims and writes one result per claim.\n"
    "\n"
    "  --policy FILE     the policy document (policies/*.json)\n"
    "  --requests FILE   JSON Lines: each line a request of the JSON entry point\n"
    "                    ({\"person\": ..., \"claims\": [...], \"ledger\": ...}); - for stdin\n"
    "  --persons FILE    CSV, one row per person (person_id, birth_date, statuses, ...)\n"
    "  --claims FILE     CSV, one row per claim, a person's claims together; each person's\n"
    "                    claims are settled in date order with the ledger carried\n"
    "  --format F        jsonl (default for --requests) or csv (default for CSV input)\n"
    "  -o FILE           write results there instead of stdout\n"
    "  --errors FILE     write the failed lines/rows there (line, id, status, message)\n"
    "  --threads N       worker threads for CSV input (default: one per CPU)\n"
    "  --quiet           no progress line and no summary\n"
    "  --summary         after the run, print totals per payer and the actual\n"
    "                    reimbursement ratio to stderr (CSV input)\n"
    "  --max-line BYTES  the longest JSON Lines request or CSV line accepted\n"
    "                    (default 67108864, 64 MiB); a longer one is a failed line\n"
    "\n"
    "An output (-o, --errors) that is the same file as an input or as the other\n"
    "output is refused before anything is written.\n"
    "\n"
    "Bad lines and rows are reported on stderr with their line numbers and the\n"
    "others go on; a summary line ends the run. Exit status: 0 all settled,\n"
    "1 some failed, 2 the command could not run. The CSV columns are in\n"
    "docs/interchange.md (\"Flat form\"); docs/cli.md has examples.\n";

typedef struct settle_out {
    FILE *out, *err;
    bool csv;
    const char *input;
    long failed;
    /* totals for --summary, in fen; overflow: a sum passed INT64_MAX */
    hpr_money total, paid, patient, payer[8];
    bool overflow;
    size_t max_line;
} settle_out;

static void report_error(settle_out *o, long line, const char *id, const char *status, const char *msg)
{
    o->failed++;
    char *safe = cli_tty_text(msg); /* ids in the message may hold control characters */
    fprintf(stderr, "%s:%ld: %s\n", o->input, line, safe ? safe : msg);
    free(safe);
    if (!o->err)
        return;
    if (o->csv) {
        char l[32];
        snprintf(l, sizeof l, "%ld", line);
        csvw_field(o->err, l, false);
        csvw_field(o->err, id, false);
        csvw_field(o->err, status, false);
        csvw_field(o->err, msg, true);
    } else {
        fprintf(o->err, "{\"line\":%ld,\"id\":", line);
        cli_json_string(o->err, id ? id : "", strlen(id ? id : ""));
        fprintf(o->err, ",\"status\":\"%s\",\"message\":", status);
        cli_json_string(o->err, msg, strlen(msg));
        fputs("}\n", o->err);
    }
}

/* ---- result columns ------------------------------------------------------ */

typedef struct policy_names {
    size_t nl, np, nc, nm;
    const char **layer, **payer, **cat, **mon;
} policy_names;

static int names_of(const hpr_policy *p, policy_names *n)
{
    n->nl = hpr_policy_layer_count(p);
    n->np = hpr_policy_payer_count(p);
    n->nc = hpr_policy_category_count(p);
    n->nm = hpr_policy_monitor_count(p);
    n->layer = calloc(n->nl + 1, sizeof *n->layer);
    n->payer = calloc(n->np + 1, sizeof *n->payer);
    n->cat = calloc(n->nc + 1, sizeof *n->cat);
    n->mon = calloc(n->nm + 1, sizeof *n->mon);
    if (!n->layer || !n->payer || !n->cat || !n->mon)
        return -1;
    for (size_t i = 0; i < n->nl; i++)
        n->layer[i] = hpr_policy_layer(p, i, NULL);
    for (size_t i = 0; i < n->np; i++)
        n->payer[i] = hpr_policy_payer(p, i);
    for (size_t i = 0; i < n->nc; i++)
        n->cat[i] = hpr_policy_category(p, i);
    for (size_t i = 0; i < n->nm; i++)
        n->mon[i] = hpr_policy_monitor(p, i, NULL);
    return 0;
}

static void names_free(policy_names *n)
{
    free(n->layer);
    free(n->payer);
    free(n->cat);
    free(n->mon);
}

static void csv_header(FILE *fp, const policy_names *n)
{
    fputs("claim_id,person_id,batch,categories,total,paid,patient,patient_year,", fp);
    /* layer ids are free text in a policy: quoted like any field */
    for (size_t i = 0; i < n->nl + n->np; i++) { /* whole ids, however long: names never collide */
        char *name = i < n->nl ? cli_format("layer_%s", n->layer[i]) : cli_format("payer_%s", n->payer[i - n->nl]);
        csvw_field(fp, name ? name : "?", false);
        free(name);
    }
    fputs("warnings\n", fp);
}

static void put_mask(FILE *fp, uint64_t m, const char **names, size_t n, bool json)
{
    if (json) {
        bool first = true;
        fputc('[', fp);
        for (size_t i = 0; i < n; i++)
            if (m >> i & 1) {
                if (!first)
                    fputc(',', fp);
                cli_json_string(fp, names[i], strlen(names[i]));
                first = false;
            }
        fputc(']', fp);
        return;
    }
    /* one CSV cell, names joined by ';' (quoted when a name needs it) */
    char *cell = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&cell, &len);
    if (!mem)
        return;
    bool first = true;
    for (size_t i = 0; i < n; i++)
        if (m >> i & 1) {
            fprintf(mem, "%s%s", first ? "" : ";", names[i]);
            first = false;
        }
    fclose(mem);
    if (cell && *cell) {
        if (strpbrk(cell, ",\"\r\n"))
            csv_fwrite(fp, cell, len);
        else
            fputs(cell, fp);
    }
    free(cell);
}

typedef struct results {
    size_t cap;
    hpr_result_columns rc;
} results;

static int results_size(results *r, size_t n, const policy_names *nm)
{
    if (n > r->cap) {
        size_t cap = n;
        free(r->rc.status); free(r->rc.batch); free(r->rc.categories); free(r->rc.crossed);
        free(r->rc.total); free(r->rc.paid); free(r->rc.patient); free(r->rc.patient_year);
        free(r->rc.layer_paid); free(r->rc.payer_paid);
        hpr_columns_init(&r->rc, sizeof r->rc, HPR_RESULT_COLUMNS_VERSION);
        r->rc.status = malloc(cap * sizeof(int32_t));
        r->rc.batch = malloc(cap * sizeof(int32_t));
        r->rc.categories = malloc(cap * sizeof(uint64_t));
        r->rc.crossed = malloc(cap * sizeof(uint64_t));
        r->rc.total = malloc(cap * sizeof(hpr_money));
        r->rc.paid = malloc(cap * sizeof(hpr_money));
        r->rc.patient = malloc(cap * sizeof(hpr_money));
        r->rc.patient_year = malloc(cap * sizeof(hpr_money));
        r->rc.layer_paid = malloc(cap * (nm->nl ? nm->nl : 1) * sizeof(hpr_money));
        r->rc.payer_paid = malloc(cap * (nm->np ? nm->np : 1) * sizeof(hpr_money));
        r->cap = cap;
        if (!r->rc.status || !r->rc.batch || !r->rc.categories || !r->rc.crossed || !r->rc.total ||
            !r->rc.paid || !r->rc.patient || !r->rc.patient_year || !r->rc.layer_paid || !r->rc.payer_paid)
            return -1;
    }
    r->rc.nrows = n;
    return 0;
}

static void results_free(results *r)
{
    free(r->rc.status); free(r->rc.batch); free(r->rc.categories); free(r->rc.crossed);
    free(r->rc.total); free(r->rc.paid); free(r->rc.patient); free(r->rc.patient_year);
    free(r->rc.layer_paid); free(r->rc.payer_paid);
}

static void write_row(settle_out *o, const flat_chunk *ch, const hpr_result_columns *rc, size_t i,
                      const policy_names *n)
{
    FILE *fp = o->out;
    size_t idl, pdl;
    const char *id = textcol_get(&ch->id, i, &idl), *pid = textcol_get(&ch->pid, i, &pdl);
    const char *batch = hpr_batch_name((hpr_batch)rc->batch[i]);
    if (o->csv) {
        char *idz = cli_strndup(id, idl), *pidz = cli_strndup(pid, pdl);
        csvw_field(fp, idz, false);
        csvw_field(fp, pidz, false);
        free(idz);
        free(pidz);
        fprintf(fp, "%s,", batch);
        put_mask(fp, rc->categories[i], n->cat, n->nc, false);
        hpr_money m[] = {rc->total[i], rc->paid[i], rc->patient[i], rc->patient_year[i]};
        for (size_t k = 0; k < 4; k++) {
            fputc(',', fp);
            cli_money(fp, m[k]);
        }
        for (size_t k = 0; k < n->nl; k++) {
            fputc(',', fp);
            cli_money(fp, rc->layer_paid[i * n->nl + k]);
        }
        for (size_t k = 0; k < n->np; k++) {
            fputc(',', fp);
            cli_money(fp, rc->payer_paid[i * n->np + k]);
        }
        fputc(',', fp);
        put_mask(fp, rc->crossed[i], n->mon, n->nm, false);
        fputc('\n', fp);
        return;
    }
    fputs("{\"claim_id\":", fp);
    cli_json_string(fp, id, idl);
    fputs(",\"person_id\":", fp);
    cli_json_string(fp, pid, pdl);
    fprintf(fp, ",\"batch\":\"%s\",\"categories\":", batch);
    put_mask(fp, rc->categories[i], n->cat, n->nc, true);
    const char *keys[] = {"total", "paid_total", "patient_pays", "patient_year"};
    hpr_money m[] = {rc->total[i], rc->paid[i], rc->patient[i], rc->patient_year[i]};
    for (size_t k = 0; k < 4; k++) {
        fprintf(fp, ",\"%s\":\"", keys[k]);
        cli_money(fp, m[k]);
        fputc('"', fp);
    }
    fputs(",\"layers\":{", fp);
    for (size_t k = 0; k < n->nl; k++) {
        if (k)
            fputc(',', fp);
        cli_json_string(fp, n->layer[k], strlen(n->layer[k]));
        fputs(":\"", fp);
        cli_money(fp, rc->layer_paid[i * n->nl + k]);
        fputc('"', fp);
    }
    fputs("},\"payers\":{", fp);
    for (size_t k = 0; k < n->np; k++) {
        if (k)
            fputc(',', fp);
        cli_json_string(fp, n->payer[k], strlen(n->payer[k]));
        fputs(":\"", fp);
        cli_money(fp, rc->payer_paid[i * n->np + k]);
        fputc('"', fp);
    }
    fputs("},\"warnings\":", fp);
    put_mask(fp, rc->crossed[i], n->mon, n->nm, true);
    fputs("}\n", fp);
}

static int settle_csv(const hpr_policy *p, const char *claims, const char *persons, settle_out *o,
                      unsigned threads, bool quiet, long *rows_out, long *settled_out)
{
    char why[512] = "";
    flat_in in;
    if (flat_open(&in, claims, persons, o->max_line, why, sizeof why) != 0) {
        fprintf(stderr, "hpr settle: %s\n", why);
        return EXIT_USAGE;
    }
    policy_names n;
    results res = {0};
    flat_chunk ch = {0};
    hpr_row_errors *errs = NULL;
    int rc = EXIT_ALL_OK;
    if (names_of(p, &n) != 0 || hpr_row_errors_create(&errs) != HPR_OK) {
        fprintf(stderr, "hpr settle: out of memory\n");
        flat_close(&in);
        return EXIT_USAGE;
    }
    if (o->csv)
        csv_header(o->out, &n);
    cli_progress progress;
    cli_progress_start(&progress, !quiet);
    long settled = 0;
    hpr_columns_options opts;
    hpr_columns_init(&opts, sizeof opts, HPR_COLUMNS_OPTIONS_VERSION);
    opts.threads = threads;
    for (;;) {
        int got = flat_read_chunk(&in, &ch, 16384, why, sizeof why);
        if (got < 0) {
            fprintf(stderr, "hpr settle: %s\n", why);
            rc = EXIT_USAGE;
            break;
        }
        if (got == 0)
            break;
        for (size_t e = 0; e < ch.nerr; e++)
            report_error(o, ch.err[e].line, ch.err[e].id, hpr_status_name(ch.err[e].code), ch.err[e].message);
        if (ch.n) {
            hpr_person_columns pc;
            hpr_claim_columns cc;
            flat_columns(&ch, in.have_total, &pc, &cc);
            if (results_size(&res, ch.n, &n) != 0 ||
                hpr_settle_columns(p, &pc, &cc, &res.rc, errs, &opts) != HPR_OK) {
                fprintf(stderr, "hpr settle: %s\n", hpr_error_last()->message);
                rc = EXIT_USAGE;
                break;
            }
            size_t ne = hpr_row_errors_count(errs), k = 0;
            for (size_t i = 0; i < ch.n; i++) {
                if (res.rc.status[i] == HPR_OK) {
                    write_row(o, &ch, &res.rc, i, &n);
                    settled++;
                    bool ok = cli_add_money(&o->total, res.rc.total[i]) &&
                              cli_add_money(&o->paid, res.rc.paid[i]) &&
                              cli_add_money(&o->patient, res.rc.patient[i]);
                    for (size_t q = 0; q < n.np && q < 8; q++)
                        ok = cli_add_money(&o->payer[q], res.rc.payer_paid[i * n.np + q]) && ok;
                    o->overflow |= !ok;
                    continue;
                }
                size_t row = 0;
                hpr_status code = HPR_OK;
                const char *msg = NULL;
                while (k < ne && (msg = hpr_row_errors_get(errs, k, &row, &code)) && row < i)
                    k++;
                size_t idl;
                const char *id = textcol_get(&ch.id, i, &idl);
                char *idz = cli_strndup(id, idl);
                report_error(o, ch.line[i], idz, hpr_status_name(res.rc.status[i]),
                             row == i && msg ? msg : hpr_strerror(res.rc.status[i]));
                free(idz);
            }
        }
        cli_progress_tick(&progress, in.rows);
        flat_chunk_clear(&ch);
    }
    cli_progress_end(&progress);
    *rows_out = in.rows;
    *settled_out = settled;
    hpr_row_errors_free(errs);
    flat_chunk_free(&ch);
    results_free(&res);
    names_free(&n);
    flat_close(&in);
    return rc;
}

/* ---- JSON Lines ------------------------------------------------------------ */

static void json_to_csv_rows(FILE *fp, const char *response, const char *person_id, const policy_names *n)
{
    cJSON *doc = cJSON_Parse(response);
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(doc, "settlements"))
    {
        csvw_field(fp, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, "claim_id")), false);
        csvw_field(fp, person_id, false);
        const cJSON *cls = cJSON_GetObjectItemCaseSensitive(s, "classification");
        fprintf(fp, "%s,", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cls, "batch")));
        const cJSON *c, *cats = cJSON_GetObjectItemCaseSensitive(
                                   cJSON_GetObjectItemCaseSensitive(s, "eligibility"), "categories");
        bool first = true;
        cJSON_ArrayForEach(c, cats)
        {
            fprintf(fp, "%s%s", first ? "" : ";", c->valuestring);
            first = false;
        }
        const char *keys[] = {"total", "paid_total", "patient_pays", "patient_year"};
        for (size_t k = 0; k < 4; k++)
            fprintf(fp, ",%s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s, keys[k])));
        const cJSON *lines = cJSON_GetObjectItemCaseSensitive(s, "lines");
        for (size_t k = 0; k < n->nl; k++) {
            const cJSON *l = cJSON_GetArrayItem(lines, (int)k);
            bool applied = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(l, "applied"));
            fprintf(fp, ",%s", applied ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(l, "paid")) : "0.00");
        }
        const cJSON *payers = cJSON_GetObjectItemCaseSensitive(s, "payers");
        for (size_t k = 0; k < n->np; k++) {
            const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(payers, n->payer[k]));
            fprintf(fp, ",%s", v ? v : "0.00");
        }
        fputc(',', fp);
        first = true;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(
                                  cJSON_GetObjectItemCaseSensitive(s, "monitoring"), "crossed"))
        {
            fprintf(fp, "%s%s", first ? "" : ";", c->valuestring);
            first = false;
        }
        fputc('\n', fp);
    }
    cJSON_Delete(doc);
}

static int settle_jsonl(const hpr_policy *p, const char *path, settle_out *o, bool quiet, long *rows_out,
                        long *settled_out)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "hpr settle: %s: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    policy_names n;
    if (names_of(p, &n) != 0) {
        fprintf(stderr, "hpr settle: out of memory\n");
        return EXIT_USAGE;
    }
    if (o->csv)
        csv_header(o->out, &n);
    cli_progress progress;
    cli_progress_start(&progress, !quiet);
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, rows = 0, settled = 0, len;
    int read_errno = 0;
    while ((len = cli_read_line(in, &line, &cap, o->max_line)) != -1) {
        lineno++;
        if (len == -2) { /* not the end: the rest of the input would be lost */
            read_errno = errno;
            break;
        }
        if (len == -3) {
            rows++;
            char msg[160];
            snprintf(msg, sizeof msg, "the line is longer than the limit of %zu bytes (--max-line)",
                     o->max_line);
            report_error(o, lineno, "", "HPR_EINVAL", msg);
            continue;
        }
        while (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (len == 0)
            continue;
        rows++;
        char *resp = NULL;
        hpr_status st = hpr_settle_json(p, line, (size_t)len, &resp);
        if (st != HPR_OK) {
            /* the request's first claim id, to help find it */
            cJSON *req = cJSON_ParseWithLength(line, (size_t)len);
            const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(req, "person"), "id"));
            report_error(o, lineno, id ? id : "", hpr_status_name(st), hpr_error_last()->message);
            cJSON_Delete(req);
            continue;
        }
        if (o->csv) {
            cJSON *req = cJSON_ParseWithLength(line, (size_t)len);
            const char *pid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(req, "person"), "id"));
            json_to_csv_rows(o->out, resp, pid ? pid : "", &n);
            cJSON_Delete(req);
        } else {
            fputs(resp, o->out);
            fputc('\n', o->out);
        }
        settled++;
        hpr_free(resp);
        cli_progress_tick(&progress, rows);
    }
    cli_progress_end(&progress);
    free(line);
    if (in != stdin)
        fclose(in);
    names_free(&n);
    *rows_out = rows;
    *settled_out = settled;
    if (read_errno) {
        fprintf(stderr, "hpr settle: %s: cannot read line %ld: %s; the lines after it were not read\n",
                path, lineno, strerror(read_errno));
        return EXIT_USAGE;
    }
    return EXIT_ALL_OK;
}

/* A summary line: the label padded to 36 columns (display width), the value in 16. */
static void summary_line(const char *indent, const char *label, const char *value)
{
    fputs(indent, stderr);
    cli_pad(stderr, label, 36 - cli_display_width(indent));
    fprintf(stderr, " %16s\n", value);
}

static void print_summary(const hpr_policy *p, const settle_out *o, long settled)
{
    char a[HPR_MONEY_FORMAT_SIZE];
    if (o->overflow) {
        fprintf(stderr, "\n%s: the totals of this run pass 92233720368547758.07 yuan: no summary\n",
                hpr_policy_id(p));
        return;
    }
    fprintf(stderr, "\n%s: %s\n", hpr_policy_id(p), hpr_policy_title(p));
    char n[32];
    snprintf(n, sizeof n, "%ld", settled);
    summary_line("  ", TR("claims settled"), n);
    hpr_money_format(a, sizeof a, o->total);
    summary_line("  ", TR("total bills (yuan)"), a);
    for (size_t k = 0; k < hpr_policy_payer_count(p) && k < 8; k++) {
        hpr_money_format(a, sizeof a, o->payer[k]);
        char label[200];
        hpr_payer payer;
        if (cli_lang() == HPR_LANG_EN || hpr_payer_parse(&payer, hpr_policy_payer(p, k)) != HPR_OK)
            snprintf(label, sizeof label, "paid by %s", hpr_policy_payer(p, k));
        else
            snprintf(label, sizeof label, "%s%s", hpr_payer_label(payer, cli_lang()), TR(" paid"));
        summary_line("    ", label, a);
    }
    hpr_money_format(a, sizeof a, o->patient);
    summary_line("    ", TR("paid by the patients"), a);
    /* the ratio in tenths of a percent, rounded half up, in 128-bit integers */
    __extension__ typedef __int128 i128;
    long long permille =
        o->total > 0 ? (long long)(((i128)o->paid * 1000 + o->total / 2) / o->total) : 0;
    char ratio[40];
    snprintf(ratio, sizeof ratio, "%lld.%lld%%", permille / 10, permille % 10);
    summary_line("  ", TR("actual reimbursement ratio"), ratio);
}

int cmd_settle(int argc, char **argv)
{
    const char *policy = NULL, *requests = NULL, *persons = NULL, *claims = NULL, *format = NULL;
    const char *out = NULL, *errors = NULL, *threads = NULL, *max_line = NULL;
    bool bad = false, quiet = false, summary = false;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_ALL_OK;
        }
        if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
            quiet = true;
        else if (strcmp(argv[i], "--summary") == 0)
            summary = true;
        else if (!cli_opt(argc, argv, &i, "--policy", &policy, &bad) &&
                 !cli_opt(argc, argv, &i, "--requests", &requests, &bad) &&
                 !cli_opt(argc, argv, &i, "--persons", &persons, &bad) &&
                 !cli_opt(argc, argv, &i, "--claims", &claims, &bad) &&
                 !cli_opt(argc, argv, &i, "--format", &format, &bad) &&
                 !cli_opt(argc, argv, &i, "-o", &out, &bad) &&
                 !cli_opt(argc, argv, &i, "--errors", &errors, &bad) &&
                 !cli_opt(argc, argv, &i, "--threads", &threads, &bad) &&
                 !cli_opt(argc, argv, &i, "--max-line", &max_line, &bad)) {
            fprintf(stderr, "hpr settle: unknown argument %s\n", argv[i]);
            bad = true;
        }
    }
    if (!bad && (!policy || (!requests == !(persons || claims)) || (!requests && (!persons || !claims)))) {
        fprintf(stderr, "hpr settle: give --policy and either --requests or both --persons and --claims\n");
        bad = true;
    }
    if (!bad && format && strcmp(format, "csv") != 0 && strcmp(format, "jsonl") != 0) {
        fprintf(stderr, "hpr settle: --format is csv or jsonl, not %s\n", format);
        bad = true;
    }
    char *end = NULL;
    unsigned long nthreads = threads ? strtoul(threads, &end, 10) : 0;
    if (!bad && threads && (*end || nthreads > 1024)) {
        fprintf(stderr, "hpr settle: --threads is a number from 0 to 1024\n");
        bad = true;
    }
    size_t line_max = CLI_MAX_LINE_DEFAULT;
    if (!bad && max_line && !cli_parse_max_line(max_line, &line_max)) {
        fprintf(stderr, "hpr settle: --max-line is a number of bytes, at least 1024\n");
        bad = true;
    }
    if (bad) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    hpr_policy *p = cli_load_policy(policy, true);
    if (!p)
        return EXIT_USAGE;
    settle_out o = {.out = stdout, .csv = format ? strcmp(format, "csv") == 0 : requests == NULL,
                    .input = requests ? requests : claims, .max_line = line_max};
    const char *inputs[] = {policy, requests ? requests : claims, requests ? NULL : persons, NULL};
    FILE *opened[] = {NULL, NULL};
    if (out && !(o.out = opened[0] = cli_open_output("settle", out, inputs, opened))) {
        hpr_policy_free(p);
        return EXIT_USAGE;
    }
    if (errors && !(o.err = cli_open_output("settle", errors, inputs, opened))) {
        if (out)
            fclose(o.out);
        hpr_policy_free(p);
        return EXIT_USAGE;
    }
    if (o.err && o.csv)
        fputs("line,id,status,message\n", o.err);
    long rows = 0, settled = 0;
    int rc = requests ? settle_jsonl(p, requests, &o, quiet, &rows, &settled)
                      : settle_csv(p, claims, persons, &o, (unsigned)nthreads, quiet, &rows, &settled);
    if (out ? !cli_close_output("settle", o.out, out) : fflush(stdout) != 0 || ferror(stdout)) {
        if (!out)
            fprintf(stderr, "hpr settle: stdout: write error\n");
        rc = EXIT_USAGE;
    }
    bool err_lost = o.err && !cli_close_output("settle", o.err, errors);
    if (err_lost)
        rc = EXIT_USAGE;
    if (!quiet)
        fprintf(stderr, "hpr settle: %ld %s read, %ld settled, %ld failed%s%s%s%s\n", rows,
                requests ? "lines" : "rows", settled, o.failed, o.failed && errors && !err_lost ? " (see " : "",
                o.failed && errors && !err_lost ? errors : "", o.failed && errors && !err_lost ? ")" : "",
                rc == EXIT_USAGE ? "; stopped by the error above, the output is incomplete" : "");
    if (summary && !requests)
        print_summary(p, &o, settled);
    hpr_policy_free(p);
    if (rc == EXIT_ALL_OK && o.failed)
        rc = EXIT_SOME_FAILED;
    return rc;
}
