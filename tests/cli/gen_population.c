/* SPDX-License-Identifier: MIT */
/* Writes a large synthetic population for the hpr settle memory test:
 * "persons" writes the persons, "claims" the claims (grouped by person, in
 * the persons' order), to stdout. Deterministic.
 * usage: gen_population persons|claims N_CLAIMS PER_PERSON */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hpr/hpr.h"

static unsigned long long state = 88172645463325252ULL;
static unsigned long long rnd(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "persons") != 0 && strcmp(argv[1], "claims") != 0)) {
        fprintf(stderr, "usage: %s persons|claims N_CLAIMS PER_PERSON\n", argv[0]);
        return 2;
    }
    int persons = strcmp(argv[1], "persons") == 0;
    long n = atol(argv[2]), per = atol(argv[3]);
    if (n <= 0 || per <= 0)
        return 2;
    static const char *status[] = {"", "registered_poor=2016-01-01..2020-06-30;exited_poverty=2020-07-01..",
                                   "dibao=2018-01-01..", "tekun=2016-01-01.."};
    static const char *dx[] = {"I10", "E11.9", "J18.9", "C15.9", "C34.9", "K35.8", "I63.9", "R50.9"};
    if (persons) {
        fputs("person_id,birth_date,statuses,enrollments,family_doctor,income_per_capita\n", stdout);
        for (long p = 0; p * per < n; p++)
            printf("P%ld,19%02d-%02d-15,%s,resident_basic=2015-01-01..,%s,%llu\n", p, (int)(30 + rnd() % 70),
                   (int)(1 + rnd() % 12), status[rnd() % 4], rnd() % 2 ? "true" : "false",
                   3000 + rnd() % 20000);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    fputs("claim_id,person_id,type,admission_date,level,location,diagnoses,in_scope_fen,out_of_catalog_fen\n",
          stdout);
    for (long c = 0, p = 0; c < n; p++)
        for (long k = 0; k < per && c < n; k++, c++) {
            int t = (int)(rnd() % 3), lv = (int)(rnd() % 5);
            int month = (int)(1 + k * 12 / per);
            unsigned long long cost = t == 0 ? 200000 + rnd() % 5000000 : 2000 + rnd() % 60000;
            printf("C%ld,P%ld,%s,2022-%02d-%02d,%s,%s,%s,%llu,%llu\n", c, p, hpr_claim_type_name((hpr_claim_type)t), month,
                   (int)(1 + rnd() % 28), hpr_level_name((hpr_level)lv),
                   hpr_location_name(lv <= 2 ? HPR_LOCATION_IN_COUNTY : HPR_LOCATION_IN_CITY), dx[rnd() % 8], cost,
                   cost / 10);
        }
    return fflush(stdout) == 0 ? 0 : 1;
}
