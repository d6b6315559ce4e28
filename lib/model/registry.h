/* SPDX-License-Identifier: MIT */
/* The registry of places and staff (hpr/registry.h): rows as read, with the
 * file and line each came from, and the indexes hpr_registry_finish()
 * builds (parents, children, staff by place). Reading CSV is io/registry_csv.c. */
#ifndef HPR_MODEL_REGISTRY_H
#define HPR_MODEL_REGISTRY_H

#include "core/core.h"
#include "hpr/registry.h"
#include "model/standards.h"

#define HPR__NONE ((size_t)-1)

typedef struct hpr__rrow {
    const char *id;
    const char *name;   /* "" when not given */
    const char *file;
    long line;
    bool refused;
} hpr__rrow;

typedef enum hpr__hosp_kind { HPR__HOSP_KIND_NONE = 0, HPR__HOSP_KIND_GENERAL, HPR__HOSP_KIND_TCM } hpr__hosp_kind;

typedef struct hpr__county {
    hpr__rrow r;
    int64_t population;
    bool poor;
    hpr__hosp_kind hospital;
    hpr__hosp_level level;
    const char **departments; /* of the county hospital */
    size_t ndepartments;
} hpr__county;

typedef struct hpr__township {
    hpr__rrow r;
    const char *county_id;
    size_t county;
    int64_t population;
    bool poor;
    bool centre;           /* a government-run township health centre */
    uint32_t departments;  /* HPR__DEPT_* */
} hpr__township;

typedef struct hpr__village {
    hpr__rrow r;
    const char *township_id;
    size_t township;
    int64_t population;
    bool poor, relocated, hosts_centre, clinic, essential_medicines;
    const char *shares_id;  /* NULL: shares no clinic */
    size_t shares;
    const char **neighbours;
    size_t nneighbours;
    int64_t area_centi;     /* clinic floor area, hundredths of m² */
    uint32_t rooms;         /* HPR__ROOM_* */
    int64_t service_population; /* its own and that of the villages sharing its clinic */
} hpr__village;

typedef enum hpr__level { HPR__LEVEL_COUNTY = 0, HPR__LEVEL_TOWNSHIP = 1, HPR__LEVEL_VILLAGE = 2 } hpr__level;

typedef struct hpr__staff {
    hpr__rrow r;
    hpr__level level;
    const char *place_id;
    size_t place;
    uint32_t qualification; /* one HPR__Q_* bit, 0 for none */
    bool gp;
    const char *department; /* "" when not given */
} hpr__staff;

typedef struct hpr__rerror {
    hpr_registry_table table;
    const char *file;
    long line;
    const char *id;
    const char *message;
} hpr__rerror;

/* A list of indexes per parent: items off[p] .. off[p+1]-1 of idx. */
typedef struct hpr__children {
    size_t *off;
    size_t *idx;
} hpr__children;

struct hpr_registry {
    hpr__arena arena;
    bool finished;
    hpr__county *counties;
    size_t ncounties, capcounties;
    hpr__township *townships;
    size_t ntownships, captownships;
    hpr__village *villages;
    size_t nvillages, capvillages;
    hpr__staff *staff;
    size_t nstaff, capstaff;
    hpr__rerror *errors;
    size_t nerrors, caperrors;
    size_t rows[HPR_REGISTRY_TABLES];
    /* built by hpr_registry_finish, over accepted rows only */
    hpr__children townships_of;  /* per county */
    hpr__children villages_of;   /* per township */
    hpr__children staff_of[3];   /* per county, township, village */
};

/* Room for one more row of a table (zeroed), or NULL when memory ran out. */
hpr__county *hpr__registry_add_county(hpr_registry *reg);
hpr__township *hpr__registry_add_township(hpr_registry *reg);
hpr__village *hpr__registry_add_village(hpr_registry *reg);
hpr__staff *hpr__registry_add_staff(hpr_registry *reg);

/* Records a refused row (copying the message); false when memory ran out. */
bool hpr__registry_refuse(hpr_registry *reg, hpr_registry_table table, hpr__rrow *row,
                          const char *fmt, ...) HPR__PRINTF(4, 5);

#endif
