/* SPDX-License-Identifier: MIT */
/* The result of a standards audit (hpr/audit.h): findings in place order
 * and the roll-ups, built by engine/audit.c, read by audit_result.c and
 * written as JSON by io/audit_json.c. */
#ifndef HPR_ENGINE_AUDIT_H
#define HPR_ENGINE_AUDIT_H

#include "core/core.h"
#include "hpr/audit.h"
#include "model/registry.h"
#include "model/standards.h"

typedef struct hpr__finding {
    hpr_place_level level;
    size_t place;          /* index in the registry's table of that level */
    size_t standard;       /* index in the standards document */
    hpr_audit_status status;
    hpr_blank_spot blank;
    bool poor;
    const char *reason;
    const char *citation;
    int64_t amount, annual, shortfall;
} hpr__finding;

typedef struct hpr__totals {
    hpr_place_level level;
    size_t place;          /* index in its table; unused for the registry */
    int64_t villages, poor_villages, passed, failed, failed_poor, exempt;
    int64_t inst, inst_poor, pers, pers_poor;
    int64_t subsidy_monthly, subsidy_annual, grants, gp_shortfall;
} hpr__totals;

struct hpr_audit_result {
    hpr__arena arena;      /* reasons and citations */
    const hpr_standards *standards;
    const hpr_registry *registry;
    hpr_date as_of;
    hpr__finding *f;
    size_t nf, capf;
    hpr__totals *t;        /* 0: registry; then each county and its townships */
    size_t nt;
};

#endif
