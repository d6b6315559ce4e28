/* SPDX-License-Identifier: MIT */
/* A compiled standards document: the basic-care standards (三个一 /
 * 三合格 / 三达标), their exceptions, and local targets and subsidies, each
 * a rule kind the audit (engine/audit.c) knows, with dated, cited values. */
#ifndef HPR_MODEL_STANDARDS_H
#define HPR_MODEL_STANDARDS_H

#include "core/core.h"
#include "model/param.h"
#include "model/source.h"

typedef enum hpr__std_kind {
    HPR__STD_COUNTY_HOSPITAL = 0,     /* 三个一: a county-level public hospital */
    HPR__STD_TOWNSHIP_CENTRE,         /* 三个一: a government-run township health centre */
    HPR__STD_VILLAGE_CLINIC,          /* 三个一: a village clinic, with its exceptions */
    HPR__STD_COUNTY_DOCTORS,          /* 三合格: every department of the county hospital */
    HPR__STD_TOWNSHIP_DOCTOR,         /* 三合格: the township health centre */
    HPR__STD_VILLAGE_DOCTOR,          /* 三合格: the village clinic */
    HPR__STD_COUNTY_CAPACITY,         /* 三达标: the county hospital's level above a population */
    HPR__STD_TOWNSHIP_DEPARTMENTS,    /* 三达标: departments above a population */
    HPR__STD_CLINIC_FACILITY,         /* 三达标: floor area and rooms above a population */
    HPR__STD_TOWNSHIP_GPS,            /* target: GPs per township health centre */
    HPR__STD_VILLAGE_DOCTOR_SUBSIDY,  /* subsidy: a fixed monthly subsidy per village doctor */
    HPR__STD_CLINIC_GRANT,            /* grant: per new clinic closing a blank spot */
    HPR__STD_KINDS
} hpr__std_kind;

/* Qualifications (staff.csv "qualification", and "gp"). */
enum {
    HPR__Q_PHYSICIAN = 1,           /* 执业医师 */
    HPR__Q_ASSISTANT = 2,           /* 执业助理医师 */
    HPR__Q_VILLAGE_DOCTOR = 4,      /* 乡村医生 */
    HPR__Q_GP = 8                   /* registered general practitioner (全科医生) */
};

/* Rooms of a village clinic, and departments of a township health centre. */
enum { HPR__ROOM_DIAGNOSIS = 1, HPR__ROOM_TREATMENT = 2, HPR__ROOM_PUBLIC_HEALTH = 4,
       HPR__ROOM_PHARMACY = 8 };
enum { HPR__DEPT_CLINICAL = 1, HPR__DEPT_PUBLIC_HEALTH = 2 };

/* County hospital capacity, in order. */
typedef enum hpr__hosp_level {
    HPR__HOSP_NONE = 0, HPR__HOSP_LEVEL1, HPR__HOSP_LEVEL2, HPR__HOSP_LEVEL2A, HPR__HOSP_LEVEL3,
    HPR__HOSP_LEVELS
} hpr__hosp_level;

typedef enum hpr__std_scope { HPR__SCOPE_ALL = 0, HPR__SCOPE_POOR = 1 } hpr__std_scope;

/* A grant band: from this population up, this amount (fen). */
typedef struct hpr__grant_band {
    int64_t from_population;
    const hpr__param *amount;
} hpr__grant_band;

typedef struct hpr__standard {
    const char *id;
    hpr__std_kind kind;
    const char *title;      /* Chinese, as the source words it */
    const char *title_en;   /* may be NULL */
    const char *ref;        /* the citation of the rule itself */
    bool ref_assumed;       /* the rule itself is the project's assumption */
    hpr_date from, to;      /* in force; to is HPR__DATE_MAX when open-ended */
    hpr__std_scope counties; /* which counties' places it applies to */
    hpr__std_scope villages; /* which villages (village rules) */
    /* exceptions (village_clinic); NULL when the document has none */
    const hpr__param *share_below;   /* INT: population under which a village may share */
    const hpr__param *host_exempt;   /* BOOL: the village of the township centre needs none */
    const hpr__param *relocated_exempt; /* BOOL: a relocated or merged village needs none */
    /* thresholds and requirements */
    const hpr__param *population_above; /* INT: the rule applies above this population */
    const hpr__param *minimum;          /* INT: GPs; area in centi-m² (clinic_facility) */
    const hpr__param *service_below;    /* INT: subsidy: service population under */
    const hpr__param *monthly;          /* MONEY: subsidy per doctor a month */
    uint32_t qualifications;            /* HPR__Q_* mask: who counts */
    uint32_t rooms;                     /* HPR__ROOM_* or HPR__DEPT_* required */
    hpr__hosp_level level;              /* county capacity: at least this */
    bool essential_medicines;           /* subsidy: the clinic must be under the system */
    const char *closes;                 /* grant: the id of the standard whose blank spots it closes */
    size_t closes_index;                /* resolved */
    hpr__grant_band *bands;             /* grant: ascending by from_population */
    size_t nbands;
} hpr__standard;

struct hpr_standards {
    hpr__arena arena;
    int format;
    const char *id;
    const char *title;
    const char *file;
    char fingerprint[7 + 64 + 1];
    hpr_date effective_from, effective_to;
    hpr__source *sources;
    size_t nsources;
    hpr__standard *items;
    size_t n;
};

/* Names in documents and registries (model/standards.c). */
extern const char *const hpr__std_kind_names[HPR__STD_KINDS + 1];
extern const char *const hpr__hosp_level_names[HPR__HOSP_LEVELS + 1];
/* The group a kind belongs to: "三个一", "三合格", "三达标", "target", "subsidy". */
const char *hpr__std_group(hpr__std_kind kind);
/* True when a citation's source is the project's assumption. */
bool hpr__std_ref_assumed(const struct hpr_standards *s, const char *ref);
/* True when the standard is in force on the day. */
bool hpr__std_in_force(const hpr__standard *s, hpr_date on);

#endif
