/* SPDX-License-Identifier: MIT */
/* Loads policy documents and prints what they hold: the shortest useful
 * program against libhpr. Usage: hpr_policy_info POLICY.json... */
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>
#include <hpr/hpr.h>

static int describe(const char *path)
{
    hpr_policy *policy = NULL;
    hpr_diagnostics *diag = NULL;
    hpr_status st = hpr_policy_load_file(&policy, &diag, path, NULL);
    char *problems = NULL;
    if (diag && hpr_diagnostics_format(&problems, diag) == HPR_OK && problems[0])
        fputs(problems, stderr);
    hpr_free(problems);
    hpr_diagnostics_free(diag);
    if (st != HPR_OK) {
        fprintf(stderr, "%s: %s (%s)\n", path, hpr_error_last()->message, hpr_status_name(st));
        return 1;
    }
    char *json = NULL;
    if (hpr_policy_describe(&json, policy) != HPR_OK) {
        fprintf(stderr, "%s: %s\n", path, hpr_error_last()->message);
        hpr_policy_free(policy);
        return 1;
    }
    cJSON *d = cJSON_Parse(json);
    printf("%s  %s\n  %s\n", hpr_policy_id(policy), hpr_policy_fingerprint(policy),
           hpr_policy_title(policy));
    const cJSON *param;
    cJSON_ArrayForEach(param, cJSON_GetObjectItem(d, "parameters")) {
        printf("  %s (%s)\n", cJSON_GetObjectItem(param, "pointer")->valuestring,
               cJSON_GetObjectItem(param, "type")->valuestring);
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItem(param, "values")) {
            const cJSON *from = cJSON_GetObjectItem(v, "from"), *val = cJSON_GetObjectItem(v, "value");
            const cJSON *ref = cJSON_GetObjectItem(v, "ref");
            printf("    from %-10s  %-10s  %s%s\n", cJSON_IsString(from) ? from->valuestring : "always",
                   cJSON_IsString(val) ? val->valuestring : "(none)",
                   cJSON_IsString(ref) ? ref->valuestring : "",
                   cJSON_IsTrue(cJSON_GetObjectItem(v, "assumed")) ? "  [assumed]" : "");
        }
    }
    cJSON_Delete(d);
    hpr_free(json);
    hpr_policy_free(policy);
    return 0;
}

int main(int argc, char **argv)
{
    int major;
    hpr_version(&major, NULL, NULL);
    if (major != HPR_VERSION_MAJOR) {
        fprintf(stderr, "libhpr %s is not ABI compatible with the headers (%s)\n",
                hpr_version_string(), HPR_VERSION_STRING);
        return 2;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s POLICY.json...\n", argv[0]);
        return 2;
    }
    int failed = 0;
    for (int i = 1; i < argc; i++)
        failed |= describe(argv[i]);
    return failed;
}
