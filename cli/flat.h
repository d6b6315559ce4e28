/* SPDX-License-Identifier: MIT */
/* The flat (CSV) form of persons and claims (docs/interchange.md, "Flat
 * form") read into chunks of columns for hpr_settle_columns(). Claims are
 * read in order, a person's claims together; each person is looked up in
 * the persons file, read forward in step with the claims (so memory stays
 * flat when both files list persons in the same order) and remembered in
 * a search tree only when passed over. */
#ifndef HPR_CLI_FLAT_H
#define HPR_CLI_FLAT_H

#include <hpr/hpr.h>

#include "csvio.h"

typedef struct textcol {
    char *data;
    size_t len, cap;
    int64_t *off; /* n + 1 entries */
    size_t n, offcap;
} textcol;

/* A failed row, reported by the caller with its line. */
typedef struct flat_error {
    long line;
    char *id;
    hpr_status code;
    char *message;
} flat_error;

typedef struct flat_chunk {
    size_t n, cap;
    textcol id, pid, fac, des, dx, grp; /* grp: case_group */
    int64_t *person;
    int32_t *type, *level, *loc, *ref;
    hpr_date *adm, *dis;
    hpr_money *total, *scope, *bself, *ooc, *waiver;
    long *line;
    /* persons of the chunk */
    size_t np, pcap;
    textcol p_id, p_st, p_en;
    hpr_date *p_birth;
    int32_t *p_fd;
    hpr_money *p_income;
    int32_t *p_hh;       /* household_size, 0 unknown */
    /* rows that failed before settlement (bad fields, unknown person) */
    flat_error *err;
    size_t nerr, errcap;
    size_t group_start; /* first row of the person being read */
} flat_chunk;

typedef struct flat_in {
    csv_reader claims, persons;
    int cc[24];          /* claims column indexes, -1 absent (flat.c: C_N of them) */
    bool cfen[24];       /* money column given in fen */
    size_t ncclaims;     /* fields per claims row */
    int pc[8];           /* persons column indexes (flat.c: P_N of them) */
    bool pfen;
    size_t npfields;
    void *pending;       /* tsearch tree of passed-over persons */
    bool persons_eof;
    long rows;           /* claim rows read */
    char *cur_pid;       /* the person whose claims are being read (NULL: none yet) */
    size_t cur_cap;
    /* hashes of the persons whose run of claims has ended: a person seen
     * again is refused as "not together" without scanning the persons */
    uint64_t *done;
    size_t ndone, done_cap;
    bool has_row;        /* a read-ahead claim row waits in claims.out */
    bool have_total;
} flat_in;

/* Opens both files and reads their headers; a message in why on failure.
 * Lines longer than max_line bytes are refused rows. */
int flat_open(flat_in *in, const char *claims, const char *persons, size_t max_line, char *why,
              size_t whysz);
void flat_close(flat_in *in);
/* Fills the chunk with at least `want` claim rows (or to the end), ending
 * at a person boundary. Returns 1 if rows or errors were read, 0 at the
 * end, -1 on an I/O error (why). */
int flat_read_chunk(flat_in *in, flat_chunk *ch, size_t want, char *why, size_t whysz);
void flat_chunk_clear(flat_chunk *ch);
void flat_chunk_free(flat_chunk *ch);
/* The chunk as columns for hpr_settle_columns(). */
void flat_columns(const flat_chunk *ch, bool have_total, hpr_person_columns *pc, hpr_claim_columns *cc);

const char *textcol_get(const textcol *t, size_t i, size_t *len);

#endif
