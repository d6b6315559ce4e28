/* SPDX-License-Identifier: MIT */
/* hpr diff: the same population under a base and a reform policy. Claims
 * are read in chunks of whole persons and each chunk is settled under
 * both (columnar batch); sums, the patient's share by category and level
 * and the ten largest changes are kept, nothing per claim unless --csv. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "csvio.h"
#include "flat.h"

static const char USAGE[] =
    "usage: hpr diff --base FILE (--reform FILE | --set POINTER=VALUE ...)\n"
    "                --persons FILE --claims FILE [--csv FILE] [--threads N] [--max-line BYTES]\n"
    "\n"
    "--set POINTER=VALUE (repeatable) changes one value of the reform (of the base\n"
    "when there is no --reform) without writing a file: VALUE is JSON, or else a\n"
    "string; a dated value {\"2019-01-01\": \"2500\"} applies from its date and keeps\n"
    "the earlier values (docs/policy-format.md \"Inheritance\").\n"
    "\n"
    "Settles every claim under both policies (each person's claims in date order,\n"
    "ledgers carried) and reports: claims compared and changed, the totals each\n"
    "payer and the patients pay under each, the change in the patient's share by\n"
    "category (of the base policy) and by facility level, and the ten claims whose\n"
    "reimbursement changed most. --csv writes the per-claim differences.\n"
    "Exit status: 0 every claim compared, 1 some rows failed under either policy\n"
    "(counted, and listed on stderr), 2 the command could not run.\n";


typedef struct side {
    hpr_policy *p;
    size_t nl, np;
    hpr_result_columns rc;
    hpr_money payer_sum[8];
    hpr_money patient_sum, paid_sum;
} side;

typedef struct group_sum {
    const char *name; /* borrowed: a category of the base policy, or a level name */
    long claims;
    hpr_money total, patient_base, patient_reform;
} group_sum;

typedef struct top {
    char *id, *person; /* whole, however long */
    hpr_money base, reform;
} top;

static int alloc_side(side *s, size_t n)
{
    hpr_columns_init(&s->rc, sizeof s->rc, HPR_RESULT_COLUMNS_VERSION);
    s->rc.nrows = n;
    s->rc.status = malloc(n * sizeof(int32_t));
    s->rc.categories = malloc(n * sizeof(uint64_t));
    s->rc.total = malloc(n * sizeof(hpr_money));
    s->rc.paid = malloc(n * sizeof(hpr_money));
    s->rc.patient = malloc(n * sizeof(hpr_money));
    s->rc.payer_paid = malloc(n * (s->np ? s->np : 1) * sizeof(hpr_money));
    return s->rc.status && s->rc.categories && s->rc.total && s->rc.paid && s->rc.patient &&
                   s->rc.payer_paid ? 0 : -1;
}

static void free_side(side *s)
{
    free(s->rc.status);
    free(s->rc.categories);
    free(s->rc.total);
    free(s->rc.paid);
    free(s->rc.patient);
    free(s->rc.payer_paid);
    memset(&s->rc, 0, sizeof s->rc);
}

static group_sum *group(group_sum *g, size_t *n, size_t max, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(g[i].name, name) == 0)
            return &g[i];
    if (*n == max)
        return NULL;
    g[*n] = (group_sum){.name = name};
    return &g[(*n)++];
}

/* A change in money with its sign: accountants read "(30000.00)" and a
 * bare number as a decrease and an increase in either order. */
static void signed_money(char out[HPR_MONEY_FORMAT_SIZE + 1], hpr_money v)
{
    char a[HPR_MONEY_FORMAT_SIZE];
    hpr_money_format(a, sizeof a, v);
    snprintf(out, HPR_MONEY_FORMAT_SIZE + 1, "%s%s", v > 0 ? "+" : "", a);
}

static void print_share(const char *title, const char *column, const group_sum *g, size_t n)
{
    printf("\n%s\n  ", title);
    cli_cell(stdout, column, 22, false, true);
    cli_cell(stdout, TR("claims"), 8, true, false);
    cli_cell(stdout, TR("total"), 16, true, false);
    cli_cell(stdout, TR("base"), 12, true, false);
    cli_cell(stdout, TR("reform"), 12, true, false);
    cli_cell(stdout, TR("change"), 9, true, false);
    putchar('\n');
    for (size_t i = 0; i < n; i++) {
        double b = g[i].total ? 100.0 * (double)g[i].patient_base / (double)g[i].total : 0;
        double r = g[i].total ? 100.0 * (double)g[i].patient_reform / (double)g[i].total : 0;
        char tot[HPR_MONEY_FORMAT_SIZE];
        hpr_money_format(tot, sizeof tot, g[i].total);
        printf("  %-22s %8ld %16s %11.1f%% %11.1f%% %+8.1fpt\n", g[i].name, g[i].claims, tot, b, r, r - b);
    }
}

int cmd_diff(int argc, char **argv)
{
    const char *base = NULL, *reform = NULL, *persons = NULL, *claims = NULL, *csv = NULL, *threads = NULL;
    const char *max_line = NULL;
    const char **sets = calloc((size_t)argc, sizeof *sets);
    size_t nsets = 0;
    bool bad = !sets;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            free(sets);
            return EXIT_ALL_OK;
        }
        const char *set = NULL;
        if (cli_opt(argc, argv, &i, "--set", &set, &bad)) {
            if (set)
                sets[nsets++] = set;
        } else if (!cli_opt(argc, argv, &i, "--base", &base, &bad) &&
            !cli_opt(argc, argv, &i, "--reform", &reform, &bad) &&
            !cli_opt(argc, argv, &i, "--persons", &persons, &bad) &&
            !cli_opt(argc, argv, &i, "--claims", &claims, &bad) &&
            !cli_opt(argc, argv, &i, "--csv", &csv, &bad) &&
            !cli_opt(argc, argv, &i, "--threads", &threads, &bad) &&
            !cli_opt(argc, argv, &i, "--max-line", &max_line, &bad)) {
            fprintf(stderr, "hpr diff: unknown argument %s\n", argv[i]);
            bad = true;
        }
    }
    size_t line_max = CLI_MAX_LINE_DEFAULT;
    if (!bad && max_line && !cli_parse_max_line(max_line, &line_max)) {
        fprintf(stderr, "hpr diff: --max-line is a number of bytes, at least 1024\n");
        bad = true;
    }
    if (bad || !base || (!reform && !nsets) || !persons || !claims) {
        fputs(USAGE, stderr);
        free(sets);
        return EXIT_USAGE;
    }
    char reform_name[512]; /* the reform as the report names it */
    if (nsets)
        snprintf(reform_name, sizeof reform_name, "%s --set %s%s", reform ? reform : base, sets[0],
                 nsets > 1 ? " ..." : "");
    else
        snprintf(reform_name, sizeof reform_name, "%s", reform);
    side s[2] = {{0}, {0}};
    s[0].p = cli_load_policy(base, true);
    s[1].p = s[0].p && reform ? cli_load_policy(reform, true) : NULL;
    if (s[0].p && nsets) {
        hpr_policy *from = s[1].p ? s[1].p : s[0].p;
        hpr_policy *derived = cli_derive_policy(from, sets, nsets);
        hpr_policy_free(s[1].p);
        s[1].p = derived;
    }
    free(sets);
    if (!s[0].p || !s[1].p) {
        hpr_policy_free(s[0].p);
        return EXIT_USAGE;
    }
    /* payers of both policies, by name */
    const char *payers[16];
    size_t npay = 0;
    int col[2][8];
    for (int k = 0; k < 2; k++) {
        s[k].nl = hpr_policy_layer_count(s[k].p);
        s[k].np = hpr_policy_payer_count(s[k].p);
        for (size_t i = 0; i < s[k].np && i < 8; i++) {
            const char *name = hpr_policy_payer(s[k].p, i);
            size_t j = 0;
            while (j < npay && strcmp(payers[j], name) != 0)
                j++;
            if (j == npay)
                payers[npay++] = name;
            col[k][i] = (int)j;
        }
    }
    char why[512] = "";
    flat_in in;
    if (flat_open(&in, claims, persons, line_max, why, sizeof why) != 0) {
        fprintf(stderr, "hpr diff: %s\n", why);
        hpr_policy_free(s[0].p);
        hpr_policy_free(s[1].p);
        return EXIT_USAGE;
    }
    const char *inputs[] = {base, reform, persons, claims, NULL};
    FILE *out = csv ? cli_open_output("diff", csv, inputs, NULL) : NULL;
    if (csv && !out) {
        flat_close(&in);
        hpr_policy_free(s[0].p);
        hpr_policy_free(s[1].p);
        return EXIT_USAGE;
    }
    if (out)
        fputs("claim_id,person_id,category,level,total,paid_base,paid_reform,paid_change,patient_base,"
              "patient_reform\n", out);
    hpr_columns_options opts;
    hpr_columns_init(&opts, sizeof opts, HPR_COLUMNS_OPTIONS_VERSION);
    opts.threads = threads ? (unsigned)strtoul(threads, NULL, 10) : 0;
    /* at most 64 categories and "none"; every level (zeroed: each row adds) */
    group_sum cats[65] = {{0}}, levels[6] = {{0}};
    size_t ncats = 0, nlevels = 0;
    top tops[10] = {{0}};
    size_t ntops = 0;
    long compared = 0, changed = 0, failed = 0;
    bool overflow = false; /* a sum passed INT64_MAX fen: no totals printed */
    flat_chunk ch = {0};
    int rc = EXIT_ALL_OK;
    for (;;) {
        int got = flat_read_chunk(&in, &ch, 16384, why, sizeof why);
        if (got <= 0) {
            if (got < 0) {
                fprintf(stderr, "hpr diff: %s\n", why);
                rc = EXIT_USAGE;
            }
            break;
        }
        for (size_t e = 0; e < ch.nerr; e++) {
            fprintf(stderr, "%s:%ld: %s\n", claims, ch.err[e].line, ch.err[e].message);
            failed++;
        }
        hpr_person_columns pc;
        hpr_claim_columns cc;
        flat_columns(&ch, in.have_total, &pc, &cc);
        bool ok = ch.n > 0;
        for (int k = 0; k < 2 && ok; k++) {
            free_side(&s[k]);
            ok = alloc_side(&s[k], ch.n) == 0 &&
                 hpr_settle_columns(s[k].p, &pc, &cc, &s[k].rc, NULL, &opts) == HPR_OK;
        }
        if (!ok && ch.n) {
            fprintf(stderr, "hpr diff: %s\n", hpr_error_last()->message ? hpr_error_last()->message : "out of memory");
            rc = EXIT_USAGE;
            break;
        }
        for (size_t i = 0; i < ch.n; i++) {
            size_t idl, pdl;
            const char *id = textcol_get(&ch.id, i, &idl), *pid = textcol_get(&ch.pid, i, &pdl);
            if (s[0].rc.status[i] != HPR_OK || s[1].rc.status[i] != HPR_OK) {
                char *idz = cli_strndup(id, idl), *safe = idz ? cli_tty_text(idz) : NULL;
                fprintf(stderr, "%s:%ld: claim %s: %s under %s\n", claims, ch.line[i], safe ? safe : "?",
                        hpr_status_name(s[0].rc.status[i] ? s[0].rc.status[i] : s[1].rc.status[i]),
                        s[0].rc.status[i] ? "the base" : "the reform");
                free(idz);
                free(safe);
                failed++;
                continue;
            }
            compared++;
            hpr_money pb = s[0].rc.paid[i], pr = s[1].rc.paid[i], total = s[0].rc.total[i];
            changed += pb != pr;
            bool sums_ok = true;
            for (int k = 0; k < 2; k++) {
                sums_ok = cli_add_money(&s[k].paid_sum, s[k].rc.paid[i]) &&
                          cli_add_money(&s[k].patient_sum, s[k].rc.patient[i]) && sums_ok;
                for (size_t j = 0; j < s[k].np && j < 8; j++)
                    sums_ok = cli_add_money(&s[k].payer_sum[col[k][j]], s[k].rc.payer_paid[i * s[k].np + j]) &&
                              sums_ok;
            }
            overflow |= !sums_ok;
            /* the base policy's first category */
            const char *cat = "none";
            uint64_t m = s[0].rc.categories[i];
            for (size_t b = 0; b < 64 && m; b++)
                if (m >> b & 1) {
                    cat = hpr_policy_category(s[0].p, b);
                    break;
                }
            group_sum *g[2] = {group(cats, &ncats, 65, cat), group(levels, &nlevels, 6, hpr_level_name((hpr_level)ch.level[i]))};
            for (int k = 0; k < 2; k++)
                if (g[k]) {
                    g[k]->claims++;
                    overflow |= !cli_add_money(&g[k]->total, total) ||
                                !cli_add_money(&g[k]->patient_base, s[0].rc.patient[i]) ||
                                !cli_add_money(&g[k]->patient_reform, s[1].rc.patient[i]);
                }
            /* keep the ten largest changes */
            hpr_money d = pr - pb < 0 ? pb - pr : pr - pb;
            size_t at = ntops;
            while (at > 0) {
                hpr_money e = tops[at - 1].reform - tops[at - 1].base;
                if ((e < 0 ? -e : e) >= d)
                    break;
                at--;
            }
            if (at < 10 && d > 0) {
                char *tid = cli_strndup(id, idl), *tpid = cli_strndup(pid, pdl);
                if (!tid || !tpid) {
                    free(tid);
                    free(tpid);
                    overflow = true; /* no report rather than a wrong one */
                    continue;
                }
                if (ntops < 10)
                    ntops++;
                else {
                    free(tops[9].id);
                    free(tops[9].person);
                }
                memmove(&tops[at + 1], &tops[at], (ntops - 1 - at) * sizeof *tops);
                tops[at].id = tid;
                tops[at].person = tpid;
                tops[at].base = pb;
                tops[at].reform = pr;
            }
            if (out) {
                char a[HPR_MONEY_FORMAT_SIZE], b[HPR_MONEY_FORMAT_SIZE], c[HPR_MONEY_FORMAT_SIZE],
                    e[HPR_MONEY_FORMAT_SIZE], f[HPR_MONEY_FORMAT_SIZE], t[HPR_MONEY_FORMAT_SIZE];
                hpr_money_format(t, sizeof t, total);
                hpr_money_format(a, sizeof a, pb);
                hpr_money_format(b, sizeof b, pr);
                hpr_money_format(c, sizeof c, pr - pb);
                hpr_money_format(e, sizeof e, s[0].rc.patient[i]);
                hpr_money_format(f, sizeof f, s[1].rc.patient[i]);
                char *idz = cli_strndup(id, idl), *pidz = cli_strndup(pid, pdl);
                csvw_field(out, idz, false);
                csvw_field(out, pidz, false);
                free(idz);
                free(pidz);
                fprintf(out, "%s,%s,%s,%s,%s,%s,%s,%s\n", cat, hpr_level_name((hpr_level)ch.level[i]), t, a, b, c, e, f);
            }
        }
        flat_chunk_clear(&ch);
    }
    if (rc == EXIT_ALL_OK && overflow) {
        fprintf(stderr, "hpr diff: the totals pass 92233720368547758.07 yuan: no report\n");
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_ALL_OK) {
        printf(TR("base   %s (%s)\nreform %s (%s)\n"), hpr_policy_id(s[0].p), base, hpr_policy_id(s[1].p),
               reform_name);
        printf(TR("claims: %ld read, %ld compared, %ld changed, %ld failed under either\n"), in.rows, compared,
               changed, failed);
        fputs("\n  ", stdout);
        cli_cell(stdout, TR("who pays"), 28, false, true);
        cli_cell(stdout, TR("base"), 18, true, false);
        cli_cell(stdout, TR("reform"), 18, true, false);
        cli_cell(stdout, TR("change"), 18, true, false);
        putchar('\n');
        for (size_t j = 0; j <= npay; j++) {
            hpr_money b = j < npay ? s[0].payer_sum[j] : s[0].patient_sum;
            hpr_money r = j < npay ? s[1].payer_sum[j] : s[1].patient_sum;
            char x[HPR_MONEY_FORMAT_SIZE], y[HPR_MONEY_FORMAT_SIZE], z[HPR_MONEY_FORMAT_SIZE + 1];
            hpr_money_format(x, sizeof x, b);
            hpr_money_format(y, sizeof y, r);
            signed_money(z, r - b);
            hpr_payer payer;
            const char *who = j == npay ? TR("patients")
                              : cli_lang() != HPR_LANG_EN && hpr_payer_parse(&payer, payers[j]) == HPR_OK
                                  ? hpr_payer_label(payer, cli_lang())
                                  : payers[j];
            fputs("  ", stdout);
            cli_cell(stdout, who, 28, false, true);
            cli_cell(stdout, x, 18, true, false);
            cli_cell(stdout, y, 18, true, false);
            cli_cell(stdout, z, 18, true, false);
            putchar('\n');
        }
        print_share(TR("patient share by category:"), TR("category"), cats, ncats);
        const group_sum *none = NULL;
        for (size_t i = 0; i < ncats; i++)
            if (strcmp(cats[i].name, "none") == 0)
                none = &cats[i];
        if (none && compared && none->claims * 2 > compared)
            printf(TR("  (%ld of the %ld claims compared are in no category of the base policy)\n"),
                   none->claims, compared);
        /* village to province, the order of the levels, not of first appearance */
        group_sum ordered[5];
        size_t nordered = 0;
        for (size_t k = 0; k < 5; k++)
            for (size_t i = 0; i < nlevels; i++)
                if (strcmp(levels[i].name, hpr_level_name((hpr_level)k)) == 0)
                    ordered[nordered++] = levels[i];
        print_share(TR("patient share by level:"), TR("level"), ordered, nordered);
        printf("\n%s\n", TR("largest changes in reimbursement:"));
        for (size_t i = 0; i < ntops; i++) {
            char x[HPR_MONEY_FORMAT_SIZE], y[HPR_MONEY_FORMAT_SIZE], z[HPR_MONEY_FORMAT_SIZE + 1];
            hpr_money_format(x, sizeof x, tops[i].base);
            hpr_money_format(y, sizeof y, tops[i].reform);
            signed_money(z, tops[i].reform - tops[i].base);
            char *id = cli_tty_text(tops[i].id), *person = cli_tty_text(tops[i].person);
            printf("  %-12s %-10s %14s -> %14s  (%s)\n", id ? id : "?", person ? person : "?", x, y, z);
            free(id);
            free(person);
        }
    }
    if (out && !cli_close_output("diff", out, csv))
        rc = EXIT_USAGE;
    if (rc == EXIT_ALL_OK && failed)
        rc = EXIT_SOME_FAILED;
    for (size_t i = 0; i < ntops; i++) {
        free(tops[i].id);
        free(tops[i].person);
    }
    flat_chunk_free(&ch);
    free_side(&s[0]);
    free_side(&s[1]);
    flat_close(&in);
    hpr_policy_free(s[0].p);
    hpr_policy_free(s[1].p);
    return rc;
}
