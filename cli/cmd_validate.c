/* SPDX-License-Identifier: MIT */
/* hpr validate: loads each policy (or standards document) and prints every
 * diagnostic as file:line:column: severity: JSON pointer: message. */
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const char USAGE[] =
    "usage: hpr validate [--quiet] [--strict] FILE...\n"
    "\n"
    "Checks policy documents (and standards documents, \"kind\": \"standards\").\n"
    "Every error and warning is printed as\n"
    "  file:line:column: severity: /json/pointer: message\n"
    "followed by one line per file (ok, or the number of errors). Warnings\n"
    "are for legal but suspicious values (no sources, unknown members, a rule\n"
    "in force before the source it cites...); --strict makes them errors.\n"
    "Exit status: 0 every file is valid, 1 some file has errors, 2 usage.\n";

int cmd_validate(int argc, char **argv)
{
    bool quiet = false, strict = false;
    int nfiles = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return EXIT_ALL_OK;
        }
        if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = true;
            continue;
        }
        if (strcmp(argv[i], "--strict") == 0) {
            strict = true;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "hpr validate: unknown option %s\n%s", argv[i], USAGE);
            return EXIT_USAGE;
        }
        nfiles++;
        hpr_policy *p = NULL;
        hpr_standards *std = NULL;
        hpr_diagnostics *d = NULL;
        hpr_policy_options opts;
        cli_policy_options(&opts);
        if (strict)
            opts.flags |= HPR_POLICY_WARNINGS_AS_ERRORS;
        hpr_status st = cli_is_standards(argv[i]) ? hpr_standards_load_file(&std, &d, argv[i])
                                               : hpr_policy_load_file(&p, &d, argv[i], &opts);
        char *text = NULL;
        if (d && hpr_diagnostics_format(&text, d) == HPR_OK && text)
            fputs(text, stdout);
        hpr_free(text);
        size_t nerr = d ? hpr_diagnostics_error_count(d) : 0, nall = d ? hpr_diagnostics_count(d) : 0;
        if (st != HPR_OK && nall == 0)
            printf("%s: error: %s\n", argv[i], hpr_error_last()->message);
        if (st != HPR_OK) {
            bad++;
            printf("%s: %zu error%s, %zu warning%s\n", argv[i], nerr ? nerr : 1, nerr == 1 || !nerr ? "" : "s",
                   nall - nerr, nall - nerr == 1 ? "" : "s");
        } else if (!quiet) {
            printf("%s: ok (%s%s, %s)", argv[i], std ? "standards " : "", p ? hpr_policy_id(p) : hpr_standards_id(std),
                   p ? hpr_policy_fingerprint(p) : hpr_standards_fingerprint(std));
            if (nall)
                printf(", %zu warning%s", nall, nall == 1 ? "" : "s");
            putchar('\n');
        }
        hpr_diagnostics_free(d);
        hpr_policy_free(p);
        hpr_standards_free(std);
    }
    if (!nfiles) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    return bad ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
