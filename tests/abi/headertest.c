/* SPDX-License-Identifier: MIT */
/* The public headers compile alone as strict C99, and every *_INIT macro
 * expands cleanly under -Wall -Wextra -pedantic -Werror. */
#include "hpr/hpr.h"

int hpr_headertest_c(void);
int hpr_headertest_c(void)
{
    hpr_policy_options opts = HPR_POLICY_OPTIONS_INIT;
    return (int)opts.version + HPR_VERSION_NUMBER;
}

/* Versioned structs only grow at the end: the members of each released
 * version keep the offsets of that version's layout (mirrored here), so a
 * member inserted before them fails to compile. abi.abidiff lets growth at
 * the end through (tests/abi/private-types.suppr); this is what keeps it
 * honest. */
#include <stddef.h>
struct hpr_policy_options_v1 {
    unsigned int version;
    uint32_t flags;
    const char *base_dir;
};
#define HPR_SAME_OFFSET(t, old, m) \
    typedef char hpr_layout_##t##_##m[offsetof(t, m) == offsetof(struct old, m) ? 1 : -1]
HPR_SAME_OFFSET(hpr_policy_options, hpr_policy_options_v1, version);
HPR_SAME_OFFSET(hpr_policy_options, hpr_policy_options_v1, flags);
HPR_SAME_OFFSET(hpr_policy_options, hpr_policy_options_v1, base_dir);

struct hpr_settle_options_v1 {
    unsigned int version;
    uint32_t flags;
};
HPR_SAME_OFFSET(hpr_settle_options, hpr_settle_options_v1, version);
HPR_SAME_OFFSET(hpr_settle_options, hpr_settle_options_v1, flags);

struct hpr_claim_v1 {
    unsigned int version;
    const char *id;
    hpr_claim_type type;
    hpr_date admission_date;
    hpr_date discharge_date;
    hpr_level level;
    hpr_location location;
    int referral;
    const char *facility_id;
    const char *const *designated;
    size_t ndesignated;
    const char *const *diagnoses;
    size_t ndiagnoses;
    hpr_costs costs;
};
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, version);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, id);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, type);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, admission_date);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, discharge_date);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, level);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, location);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, referral);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, facility_id);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, designated);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, ndesignated);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, diagnoses);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, ndiagnoses);
HPR_SAME_OFFSET(hpr_claim, hpr_claim_v1, costs);

struct hpr_claim_columns_v1 {
    unsigned int version;
    size_t nrows;
    const int64_t *person;
    hpr_text_column id;
    const int32_t *type;
    const hpr_date *admission_date;
    const hpr_date *discharge_date;
    const int32_t *level;
    const int32_t *location;
    const int32_t *referral;
    hpr_text_column facility_id;
    hpr_text_column designated;
    hpr_text_column diagnoses;
    const hpr_money *total;
    const hpr_money *in_scope;
    const hpr_money *class_b_self;
    const hpr_money *out_of_catalog;
    const hpr_money *waiver;
};
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, version);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, nrows);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, person);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, id);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, type);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, admission_date);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, discharge_date);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, level);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, location);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, referral);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, facility_id);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, designated);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, diagnoses);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, total);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, in_scope);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, class_b_self);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, out_of_catalog);
HPR_SAME_OFFSET(hpr_claim_columns, hpr_claim_columns_v1, waiver);

struct hpr_person_v1 {
    unsigned int version;
    const char *id;
    hpr_date birth_date;
    const hpr_status_period *statuses;
    size_t nstatuses;
    const hpr_enrollment *enrollments;
    size_t nenrollments;
    int family_doctor_contract;
    hpr_money income_per_capita;
};
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, version);
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, id);
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, birth_date);
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, statuses);
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, nstatuses);
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, enrollments);
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, nenrollments);
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, family_doctor_contract);
HPR_SAME_OFFSET(hpr_person, hpr_person_v1, income_per_capita);

struct hpr_person_columns_v1 {
    unsigned int version;
    size_t nrows;
    hpr_text_column id;
    const hpr_date *birth_date;
    hpr_text_column statuses;
    hpr_text_column enrollments;
    const int32_t *family_doctor;
    const hpr_money *income_per_capita;
};
HPR_SAME_OFFSET(hpr_person_columns, hpr_person_columns_v1, version);
HPR_SAME_OFFSET(hpr_person_columns, hpr_person_columns_v1, nrows);
HPR_SAME_OFFSET(hpr_person_columns, hpr_person_columns_v1, id);
HPR_SAME_OFFSET(hpr_person_columns, hpr_person_columns_v1, birth_date);
HPR_SAME_OFFSET(hpr_person_columns, hpr_person_columns_v1, statuses);
HPR_SAME_OFFSET(hpr_person_columns, hpr_person_columns_v1, enrollments);
HPR_SAME_OFFSET(hpr_person_columns, hpr_person_columns_v1, family_doctor);
HPR_SAME_OFFSET(hpr_person_columns, hpr_person_columns_v1, income_per_capita);
