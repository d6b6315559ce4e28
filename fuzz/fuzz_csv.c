/* SPDX-License-Identifier: MIT */
/* The hpr command's CSV reading (cli/csvio.c, cli/flat.c, libcsv) on
 * arbitrary claims files against the shipped persons, settled through
 * the columnar batch: every row is accounted for (settled or an error),
 * every settled row balances, nothing crashes or leaks. */

#include <sys/mman.h>
#include <unistd.h>

#include "../cli/common.h"
#include "../cli/flat.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char persons[4096], path[64], why[512];
    /* twenty persons, P0 to P19: a small file keeps each run fast */
    snprintf(persons, sizeof persons, "%s/fuzz/persons.csv", HPR_SOURCE_DIR);
    const hpr_policy *policy = fuzz_shipped_policy("normalised-2021");
    int fd = memfd_create("claims", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    flat_in in;
    if (flat_open(&in, path, persons, CLI_MAX_LINE_DEFAULT, why, sizeof why) != 0) {
        close(fd);
        return 0; /* no usable header: refused with a message */
    }
    flat_chunk ch = {0};
    long accounted = 0;
    int got;
    while ((got = flat_read_chunk(&in, &ch, 64, why, sizeof why)) > 0) {
        accounted += (long)ch.nerr;
        if (ch.n) {
            hpr_person_columns pc;
            hpr_claim_columns cc;
            flat_columns(&ch, in.have_total, &pc, &cc);
            hpr_result_columns rc;
            hpr_columns_init(&rc, sizeof rc, HPR_RESULT_COLUMNS_VERSION);
            rc.nrows = ch.n;
            int32_t *status = calloc(ch.n, sizeof *status);
            hpr_money *total = calloc(ch.n, 8), *paid = calloc(ch.n, 8), *patient = calloc(ch.n, 8);
            rc.status = status;
            rc.total = total;
            rc.paid = paid;
            rc.patient = patient;
            hpr_columns_options o;
            hpr_columns_init(&o, sizeof o, HPR_COLUMNS_OPTIONS_VERSION);
            o.threads = 1;
            if (hpr_settle_columns(policy, &pc, &cc, &rc, NULL, &o) != HPR_OK)
                abort();
            for (size_t i = 0; i < ch.n; i++)
                if (status[i] == HPR_OK &&
                    (paid[i] < 0 || patient[i] < 0 || paid[i] + patient[i] + ch.waiver[i] != total[i]))
                    abort();
            accounted += (long)ch.n;
            free(status);
            free(total);
            free(paid);
            free(patient);
        }
        flat_chunk_clear(&ch);
    }
    if (got == 0 && accounted != in.rows)
        abort(); /* rows in = settled + errors */
    flat_chunk_free(&ch);
    flat_close(&in);
    close(fd);
    return 0;
}
