/* SPDX-License-Identifier: MIT */
/* hpr audit: a registry of places and staff against a standards document
 * (docs/standards-audit.md): findings as CSV, JSON Lines or JSON, a summary
 * table, and every refused registry row on standard error. */
#include <string.h>
#include <time.h>

#include "common.h"
#include "csvio.h"

static const char USAGE[] =
    "usage: hpr audit --standards FILE --registry DIR [--as-of YYYY-MM-DD]\n"
    "                 [-o FILE] [--format csv|jsonl|json] [--summary]\n"
    "\n"
    "Audits the registry in DIR (counties.csv, townships.csv, villages.csv,\n"
    "staff.csv) against the basic-care standards in FILE in force on --as-of\n"
    "(default: today). Every place gets one finding per standard that applies:\n"
    "pass, fail (a blank spot or a shortfall) or exempt, with the reason and\n"
    "its citation; subsidies and grants are due or not, in yuan.\n"
    "\n"
    "  -o FILE      write the findings there (default: standard output); the\n"
    "               format follows the name (.csv, .jsonl, .json) unless --format\n"
    "  --format F   csv (one finding a row), jsonl (one JSON object a line) or\n"
    "               json (the whole result: findings, roll-ups, refused rows)\n"
    "  --summary    print the summary tables (by standard, by county) on\n"
    "               standard output; without -o, only the summary is printed\n"
    "\n"
    "Refused registry rows are printed on standard error as file:line: message.\n"
    "Exit status: 0 audited, every row accepted; 1 audited, some rows refused;\n"
    "2 the audit could not run.\n";

typedef enum fmt { FMT_CSV, FMT_JSONL, FMT_JSON } fmt;

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void write_csv(FILE *fp, const hpr_audit_result *r)
{
    fputs("level,place_id,place_name,county_id,township_id,poor,standard,rule,group,status,"
          "blank_spot,reason,citation,amount,annual,shortfall\n",
          fp);
    for (size_t i = 0; i < hpr_audit_finding_count(r); i++) {
        hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
        hpr_audit_finding_get(r, i, &f);
        char amount[32], annual[32], shortfall[32];
        hpr_money_format(amount, sizeof amount, f.amount_fen);
        hpr_money_format(annual, sizeof annual, f.annual_fen);
        snprintf(shortfall, sizeof shortfall, "%lld", (long long)f.shortfall);
        csvw_field(fp, hpr_place_level_name(f.level), false);
        csvw_field(fp, f.place_id, false);
        csvw_field(fp, f.place_name, false);
        csvw_field(fp, f.county_id, false);
        csvw_field(fp, f.township_id, false);
        csvw_field(fp, f.poor ? "yes" : "no", false);
        csvw_field(fp, f.standard, false);
        csvw_field(fp, f.rule, false);
        csvw_field(fp, f.group, false);
        csvw_field(fp, hpr_audit_status_name(f.status), false);
        csvw_field(fp, hpr_blank_spot_name(f.blank_spot), false);
        csvw_field(fp, f.reason, false);
        csvw_field(fp, f.citation, false);
        csvw_field(fp, amount, false);
        csvw_field(fp, annual, false);
        csvw_field(fp, shortfall, true);
    }
}

static void json_member(FILE *fp, const char *key, const char *value, bool first)
{
    fprintf(fp, "%s\"%s\":", first ? "{" : ",", key);
    if (value)
        cli_json_string(fp, value, strlen(value));
    else
        fputs("null", fp);
}

static void write_jsonl(FILE *fp, const hpr_audit_result *r)
{
    for (size_t i = 0; i < hpr_audit_finding_count(r); i++) {
        hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
        hpr_audit_finding_get(r, i, &f);
        json_member(fp, "level", hpr_place_level_name(f.level), true);
        json_member(fp, "place_id", f.place_id, false);
        json_member(fp, "place_name", f.place_name, false);
        json_member(fp, "county_id", f.county_id, false);
        json_member(fp, "township_id", f.township_id, false);
        fprintf(fp, ",\"poor\":%s", f.poor ? "true" : "false");
        json_member(fp, "standard", f.standard, false);
        json_member(fp, "rule", f.rule, false);
        json_member(fp, "group", f.group, false);
        json_member(fp, "status", hpr_audit_status_name(f.status), false);
        json_member(fp, "blank_spot", f.blank_spot ? hpr_blank_spot_name(f.blank_spot) : NULL, false);
        json_member(fp, "reason", f.reason, false);
        json_member(fp, "citation", f.citation, false);
        fputs(",\"amount\":\"", fp);
        cli_money(fp, f.amount_fen);
        fputs("\",\"annual\":\"", fp);
        cli_money(fp, f.annual_fen);
        fprintf(fp, "\",\"shortfall\":%lld}\n", (long long)f.shortfall);
    }
}

/* Findings per standard: pass, fail, exempt, due, not due. */
static void summary_by_standard(FILE *fp, const hpr_standards *s, const hpr_audit_result *r)
{
    size_t n = hpr_standards_count(s);
    long(*c)[5] = calloc(n ? n : 1, sizeof *c);
    const char **group = calloc(n ? n : 1, sizeof *group);
    if (!c || !group) {
        free(c);
        free(group);
        return;
    }
    for (size_t i = 0; i < hpr_audit_finding_count(r); i++) {
        hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
        hpr_audit_finding_get(r, i, &f);
        for (size_t k = 0; k < n; k++)
            if (strcmp(hpr_standards_entry(s, k, NULL), f.standard) == 0) {
                c[k][f.status]++;
                group[k] = f.group;
            }
    }
    fprintf(fp, "\n%-26s %-8s %8s %8s %8s %8s %8s\n", "standard", "group", "pass", "fail", "exempt",
            "due", "not due");
    for (size_t k = 0; k < n; k++) {
        if (!group[k])
            continue; /* no finding: not in force, or no place it applies to */
        /* a group in Chinese is 9 bytes but 6 columns wide: pad by hand */
        bool cjk = (unsigned char)group[k][0] >= 0x80;
        fprintf(fp, "%-26s %s%*s %8ld %8ld %8ld %8ld %8ld\n", hpr_standards_entry(s, k, NULL), group[k],
                cjk ? 2 : (int)(8 - strlen(group[k])), "", c[k][0], c[k][1], c[k][2], c[k][3], c[k][4]);
    }
    free(c);
    free(group);
}

static void yuan(char *buf, size_t size, int64_t fen)
{
    hpr_money_format(buf, size, fen);
}

static void totals_row(FILE *fp, const hpr_audit_totals *t, const char *label)
{
    char sub[32], grants[32];
    yuan(sub, sizeof sub, t->subsidy_annual_fen);
    yuan(grants, sizeof grants, t->grants_fen);
    fprintf(fp, "%-12s %8lld %6lld %9lld %6lld %9lld %6lld %7lld %7lld %6lld %14s %14s\n", label,
            (long long)t->villages, (long long)t->poor_villages,
            (long long)t->institution_blank_spots, (long long)t->institution_blank_spots_poor,
            (long long)t->personnel_blank_spots, (long long)t->personnel_blank_spots_poor,
            (long long)t->failed, (long long)t->exempt, (long long)t->gp_shortfall, sub, grants);
}

static void summary(FILE *fp, const char *registry_dir, const hpr_standards *s,
                    const hpr_registry *reg, const hpr_audit_result *r, hpr_date as_of)
{
    char day[HPR_DATE_FORMAT_SIZE];
    hpr_date_format(day, sizeof day, as_of);
    fprintf(fp, TR("audit of %s against %s as of %s\n"), registry_dir, hpr_standards_id(s), day);
    fprintf(fp, TR("rows read: %zu counties, %zu townships, %zu villages, %zu staff; %zu refused\n"),
            hpr_registry_rows(reg, HPR_TABLE_COUNTIES), hpr_registry_rows(reg, HPR_TABLE_TOWNSHIPS),
            hpr_registry_rows(reg, HPR_TABLE_VILLAGES), hpr_registry_rows(reg, HPR_TABLE_STAFF),
            hpr_registry_error_count(reg));
    summary_by_standard(fp, s, r);
    fprintf(fp,
            "\n%-12s %8s %6s %9s %6s %9s %6s %7s %7s %6s %14s %14s\n"
            "%-12s %8s %6s %9s %6s %9s %6s %7s %7s %6s %14s %14s\n",
            "county", "villages", "poor", "inst.blank", "poor", "pers.blank", "poor", "failed",
            "exempt", "GP gap", "subsidy/year", "grants", "", "", "", "(机构空白)", "",
            "(人员空白)", "", "", "", "", "(村医补助)", "(建设补助)");
    for (size_t i = 1; i < hpr_audit_totals_count(r); i++) {
        hpr_audit_totals t = HPR_AUDIT_TOTALS_INIT;
        hpr_audit_totals_get(r, i, &t);
        if (t.level == HPR_PLACE_COUNTY)
            totals_row(fp, &t, t.id);
    }
    hpr_audit_totals all = HPR_AUDIT_TOTALS_INIT;
    if (hpr_audit_totals_get(r, 0, &all) == HPR_OK)
        totals_row(fp, &all, "total");
    fputc('\n', fp);
    fprintf(fp, TR("%lld villages audited: %lld institution blank spots (%lld in poor places), %lld "
                   "personnel blank spots (%lld in poor places), %lld failures"),
            (long long)all.villages, (long long)all.institution_blank_spots,
            (long long)all.institution_blank_spots_poor, (long long)all.personnel_blank_spots,
            (long long)all.personnel_blank_spots_poor, (long long)all.failed);
    if (all.subsidy_monthly_fen || all.grants_fen) {
        char m[32], g[32];
        yuan(m, sizeof m, all.subsidy_monthly_fen);
        yuan(g, sizeof g, all.grants_fen);
        fprintf(fp, TR("; village-doctor subsidies %s yuan a month, construction grants %s yuan"), m, g);
    }
    fputc('\n', fp);
}

int cmd_audit(int argc, char **argv)
{
    const char *standards = NULL, *registry = NULL, *as_of = NULL, *out = NULL, *format = NULL;
    bool want_summary = false, bad = false;
    for (int i = 1; i < argc && !bad; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_ALL_OK;
        }
        if (strcmp(argv[i], "--summary") == 0) {
            want_summary = true;
            continue;
        }
        if (!cli_opt(argc, argv, &i, "--standards", &standards, &bad) &&
            !cli_opt(argc, argv, &i, "--registry", &registry, &bad) &&
            !cli_opt(argc, argv, &i, "--as-of", &as_of, &bad) &&
            !cli_opt(argc, argv, &i, "-o", &out, &bad) &&
            !cli_opt(argc, argv, &i, "--output", &out, &bad) &&
            !cli_opt(argc, argv, &i, "--format", &format, &bad)) {
            fprintf(stderr, "hpr audit: unknown argument %s\n", argv[i]);
            bad = true;
        }
    }
    if (bad || !standards || !registry) {
        if (!bad)
            fprintf(stderr, "hpr audit: %s is required\n", !standards ? "--standards" : "--registry");
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    fmt f = FMT_CSV;
    if (format) {
        if (strcmp(format, "csv") == 0)
            f = FMT_CSV;
        else if (strcmp(format, "jsonl") == 0)
            f = FMT_JSONL;
        else if (strcmp(format, "json") == 0)
            f = FMT_JSON;
        else {
            fprintf(stderr, "hpr audit: --format is csv, jsonl or json, not \"%s\"\n", format);
            return EXIT_USAGE;
        }
    } else if (out && (ends_with(out, ".jsonl") || ends_with(out, ".ndjson"))) {
        f = FMT_JSONL;
    } else if (out && ends_with(out, ".json")) {
        f = FMT_JSON;
    }
    hpr_date day;
    if (as_of) {
        if (hpr_date_parse(&day, as_of, strlen(as_of)) != HPR_OK) {
            fprintf(stderr, "hpr audit: --as-of: %s\n", hpr_error_last()->message);
            return EXIT_USAGE;
        }
    } else {
        time_t now = time(NULL);
        struct tm tm;
        if (!localtime_r(&now, &tm) ||
            hpr_date_from_ymd(&day, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) != HPR_OK) {
            fprintf(stderr, "hpr audit: cannot tell today's date: give --as-of\n");
            return EXIT_USAGE;
        }
    }

    hpr_standards *s = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_standards_load_file(&s, &d, standards);
    if (d) {
        char *text = NULL;
        if (hpr_diagnostics_format(&text, d) == HPR_OK && text && *text)
            fputs(text, stderr);
        hpr_free(text);
    }
    if (st != HPR_OK && (!d || hpr_diagnostics_count(d) == 0))
        fprintf(stderr, "hpr audit: %s: %s\n", standards, hpr_error_last()->message);
    hpr_diagnostics_free(d);
    if (st != HPR_OK)
        return EXIT_USAGE;

    hpr_registry *reg = NULL;
    if (hpr_registry_load_dir(&reg, registry) != HPR_OK) {
        fprintf(stderr, "hpr audit: --registry %s: %s\n", registry, hpr_error_last()->message);
        hpr_standards_free(s);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < hpr_registry_error_count(reg); i++) {
        const char *file, *id;
        long line;
        const char *msg = hpr_registry_error(reg, i, NULL, &file, &line, &id);
        char *safe = cli_tty_text(msg);
        fprintf(stderr, "%s:%ld: %s%s%s\n", file, line, id[0] ? id : "", id[0] ? ": " : "",
                safe ? safe : msg);
        free(safe);
    }

    hpr_audit_result *r = NULL;
    hpr_audit_options aopts = HPR_AUDIT_OPTIONS_INIT;
    aopts.lang = cli_lang();
    if (hpr_audit(&r, s, reg, day, &aopts) != HPR_OK) {
        fprintf(stderr, "hpr audit: %s\n", hpr_error_last()->message);
        hpr_registry_free(reg);
        hpr_standards_free(s);
        return EXIT_USAGE;
    }
    int rc = hpr_registry_error_count(reg) ? EXIT_SOME_FAILED : EXIT_ALL_OK;
    FILE *fp = NULL;
    if (out) {
        /* never truncate an input: the document or a registry table */
        char tables[HPR_REGISTRY_TABLES][4200];
        const char *inputs[HPR_REGISTRY_TABLES + 2] = {standards};
        for (int t = 0; t < HPR_REGISTRY_TABLES; t++) {
            snprintf(tables[t], sizeof tables[t], "%s/%s.csv", registry,
                     hpr_registry_table_name((hpr_registry_table)t));
            inputs[t + 1] = tables[t];
        }
        FILE *opened[] = {NULL};
        fp = cli_open_output("audit", out, inputs, opened);
        if (!fp)
            rc = EXIT_USAGE;
    } else if (!want_summary) {
        fp = stdout;
    }
    if (fp) {
        if (f == FMT_CSV) {
            write_csv(fp, r);
        } else if (f == FMT_JSONL) {
            write_jsonl(fp, r);
        } else {
            char *json = NULL;
            if (hpr_audit_to_json(r, &json, NULL) == HPR_OK) {
                fputs(json, fp);
                fputc('\n', fp);
            } else {
                fprintf(stderr, "hpr audit: %s\n", hpr_error_last()->message);
                rc = EXIT_USAGE;
            }
            hpr_free(json);
        }
        if (fp != stdout && !cli_close_output("audit", fp, out))
            rc = EXIT_USAGE;
    }
    if (want_summary)
        summary(stdout, registry, s, reg, r, day);
    hpr_audit_result_free(r);
    hpr_registry_free(reg);
    hpr_standards_free(s);
    return rc;
}
