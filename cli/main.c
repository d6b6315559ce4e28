/* SPDX-License-Identifier: MIT */
/* hpr: the command-line tool of libhpr. One subcommand per file
 * (cmd_*.c); this file only dispatches and prints the overview. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

#include <locale.h>

#include "common.h"

static const char USAGE[] =
    "usage: hpr COMMAND [OPTIONS]\n"
    "\n"
    "China's health-poverty medical security rules, from the command line.\n"
    "\n"
    "commands:\n"
    "  settle    settle claims: JSON Lines requests or CSV persons + claims in,\n"
    "            one result per claim out (JSON Lines or CSV), streaming\n"
    "  explain   settle one request and show each layer as a readable waterfall\n"
    "  validate  check policy documents; every problem with file:line:column\n"
    "  describe  a policy's parameters, the policies it extends, and (--changes)\n"
    "            what it changes against its base, old and new with citations\n"
    "  test      run policy regression cases (tests/policy/*.json)\n"
    "  diff      compare two policies over a population of claims\n"
    "  audit     audit a registry of places and staff against basic-care\n"
    "            standards (三个一 / 三合格 / 三达标): blank spots, subsidies\n"
    "  version   print the library version\n"
    "\n"
    "Run `hpr COMMAND --help` for a command's options. Examples:\n"
    "  hpr settle --policy policies/normalised-2021.json \\\n"
    "      --persons examples/population/persons.csv --claims examples/population/claims.csv\n"
    "  hpr explain --policy policies/anhui-351-180.json request.json\n"
    "  hpr validate policies/*.json\n"
    "  hpr test tests/policy\n"
    "  hpr diff --base policies/city-2017.json --reform policies/normalised-2021.json \\\n"
    "      --persons examples/population/persons.csv --claims examples/population/claims.csv\n"
    "  hpr diff --base policies/normalised-2021.json \\\n"
    "      --set /layers/critical/deductible/amount='{\"2023-01-01\": \"5000\"}' \\\n"
    "      --persons examples/population/persons.csv --claims examples/population/claims.csv\n"
    "  hpr describe --changes policies/normalised-2021.json\n"
    "  hpr audit --standards standards/national-2019.json --registry examples/registry \\\n"
    "      --as-of 2020-12-31 --summary\n"
    "\n"
    "Every command takes --lang en|zh: the language of what it writes for people\n"
    "(default: from LC_ALL, LC_MESSAGES or LANG; English otherwise). And\n"
    "--catalogs DIR (repeatable): where a policy's catalog\n"
    "includes are looked for, by file name, when they are not next to the policy;\n"
    "and --extension-library PATH (repeatable): a shared library whose\n"
    "hpr_extension_table supplies the extension functions a policy calls. Only\n"
    "libraries named so are ever loaded (docs/extensions.md).\n"
    "\n"
    "Exit status: 0 success, 1 some rows or cases failed, 2 the command could not run.\n"
    "More in docs/cli.md.\n";

static int run(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_ALL_OK;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "settle") == 0)
        return cmd_settle(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0)
        return cmd_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "describe") == 0)
        return cmd_describe(argc - 1, argv + 1);
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "test") == 0)
        return cmd_test(argc - 1, argv + 1);
    if (strcmp(cmd, "diff") == 0)
        return cmd_diff(argc - 1, argv + 1);
    if (strcmp(cmd, "audit") == 0)
        return cmd_audit(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("hpr %s\n", hpr_version_string());
        return EXIT_ALL_OK;
    }
    fprintf(stderr, "hpr: unknown command \"%s\"\n\n%s", cmd, USAGE);
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* display widths of CJK text (wcwidth) need a UTF-8 character type;
     * nothing else in the command depends on the locale */
    setlocale(LC_CTYPE, "C.UTF-8");
    cli_set_lang(cli_lang_from_env());
    /* everything hpr writes is UTF-8: a terminal set to another character
     * set (zh_CN.GB18030, zh_CN.GBK) would show it garbled, so say so once */
    for (size_t k = 0; k < 3; k++) {
        const char *v = getenv((const char *[]){"LC_ALL", "LC_CTYPE", "LANG"}[k]);
        if (!v || !*v)
            continue;
        const char *dot = strchr(v, '.');
        if (dot && strncasecmp(dot + 1, "utf-8", 5) != 0 && strncasecmp(dot + 1, "utf8", 4) != 0 &&
            isatty(2))
            fprintf(stderr, "hpr: writes UTF-8, but the locale %s is %s: use a UTF-8 locale (LANG=zh_CN.UTF-8) "
                            "or convert (| iconv -f UTF-8 -t %s)\n", v, dot + 1, dot + 1);
        break;
    }
    /* --catalogs DIR and --extension-library PATH, for every command: taken
     * out before the command reads argv */
    const char *dirs[17] = {0};
    const char *libs[17] = {0};
    int ndirs = 0, nlibs = 0, n = 1;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--extension-library") == 0 || strncmp(argv[i], "--extension-library=", 20) == 0) {
            const char *lib = argv[i][19] == '=' ? argv[i] + 20 : i + 1 < argc ? argv[++i] : NULL;
            if (!lib || !*lib) {
                fprintf(stderr, "hpr: --extension-library needs a path\n");
                return EXIT_USAGE;
            }
            if (nlibs == 16) {
                fprintf(stderr, "hpr: at most 16 --extension-library libraries\n");
                return EXIT_USAGE;
            }
            libs[nlibs++] = lib;
            continue;
        }
        if (strcmp(argv[i], "--lang") == 0 || strncmp(argv[i], "--lang=", 7) == 0) {
            const char *code = argv[i][6] == '=' ? argv[i] + 7 : i + 1 < argc ? argv[++i] : NULL;
            hpr_lang lang;
            if (!code || hpr_lang_parse(&lang, code) != HPR_OK) {
                static const char *const commands[] = {"settle", "explain", "describe", "validate", "test",
                                                       "diff", "audit", "version", NULL};
                bool is_command = false;
                for (size_t k = 0; code && commands[k]; k++)
                    is_command |= strcmp(code, commands[k]) == 0;
                if (is_command) /* "hpr --lang explain ...": the value was forgotten */
                    fprintf(stderr, "hpr: --lang needs its value before the command: hpr --lang zh %s ...\n", code);
                else
                    fprintf(stderr, "hpr: --lang is en or zh%s%s\n", code ? ", not " : "", code ? code : "");
                return EXIT_USAGE;
            }
            cli_set_lang(lang);
            continue;
        }
        if (strcmp(argv[i], "--catalogs") == 0 && i + 1 < argc)
            v = argv[++i];
        else if (strncmp(argv[i], "--catalogs=", 11) == 0)
            v = argv[i] + 11;
        else if (strcmp(argv[i], "--catalogs") == 0) {
            fprintf(stderr, "hpr: --catalogs needs a directory\n");
            return EXIT_USAGE;
        }
        if (!v) {
            argv[n++] = argv[i];
            continue;
        }
        if (ndirs == 16) {
            fprintf(stderr, "hpr: at most 16 --catalogs directories\n");
            return EXIT_USAGE;
        }
        dirs[ndirs++] = v;
    }
    argv[n] = NULL;
    argc = n;
    cli_set_catalog_dirs(ndirs ? dirs : NULL);
    hpr_extensions *ext = NULL;
    if (nlibs) {
        if (hpr_extensions_create(&ext) != HPR_OK) {
            fprintf(stderr, "hpr: %s\n", hpr_error_last()->message);
            return EXIT_USAGE;
        }
        for (int i = 0; i < nlibs; i++)
            if (hpr_extensions_load_table(ext, libs[i]) != HPR_OK) {
                fprintf(stderr, "hpr: --extension-library %s: %s\n", libs[i], hpr_error_last()->message);
                hpr_extensions_free(ext);
                return EXIT_USAGE;
            }
        cli_set_extensions(ext);
    }
    int rc = run(argc, argv);
    hpr_extensions_free(ext);
    /* whatever a command printed must have reached its destination: a full
     * disk or a closed stdout is an error, not a silent success */
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        fprintf(stderr, "hpr: write error on standard output: %s\n", strerror(errno));
        rc = EXIT_USAGE;
    }
    return rc;
}
