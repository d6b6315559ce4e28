/* SPDX-License-Identifier: MIT */
/* The compiled standards document: names, queries and the public accessors. */
#include <string.h>

#include "hpr/standards.h"
#include "model/standards.h"

const char *const hpr__std_kind_names[HPR__STD_KINDS + 1] = {
    "county_hospital",  "township_centre",       "village_clinic",     "county_doctors",
    "township_doctor",  "village_doctor",        "county_capacity",    "township_departments",
    "clinic_facility",  "township_gps",          "village_doctor_subsidy", "clinic_grant", NULL};

const char *const hpr__hosp_level_names[HPR__HOSP_LEVELS + 1] = {"none", "level1", "level2",
                                                                 "level2a", "level3", NULL};

const char *hpr__std_group(hpr__std_kind kind)
{
    switch (kind) {
    case HPR__STD_COUNTY_HOSPITAL:
    case HPR__STD_TOWNSHIP_CENTRE:
    case HPR__STD_VILLAGE_CLINIC: return "三个一";
    case HPR__STD_COUNTY_DOCTORS:
    case HPR__STD_TOWNSHIP_DOCTOR:
    case HPR__STD_VILLAGE_DOCTOR: return "三合格";
    case HPR__STD_COUNTY_CAPACITY:
    case HPR__STD_TOWNSHIP_DEPARTMENTS:
    case HPR__STD_CLINIC_FACILITY: return "三达标";
    case HPR__STD_TOWNSHIP_GPS: return "target";
    default: return "subsidy";
    }
}

bool hpr__std_in_force(const hpr__standard *s, hpr_date on)
{
    return on >= s->from && on <= s->to;
}

bool hpr__std_ref_assumed(const struct hpr_standards *s, const char *ref)
{
    const hpr__source *src = hpr__source_find(s->sources, s->nsources, ref, strcspn(ref, " \t"));
    return src && src->confidence && strcmp(src->confidence, "assumption") == 0;
}

void hpr_standards_free(hpr_standards *s)
{
    if (!s)
        return;
    hpr__arena_release(&s->arena);
    hpr__free(s);
}

const char *hpr_standards_id(const hpr_standards *s) { return s ? s->id : NULL; }
const char *hpr_standards_title(const hpr_standards *s) { return s ? s->title : NULL; }
const char *hpr_standards_fingerprint(const hpr_standards *s) { return s ? s->fingerprint : NULL; }
size_t hpr_standards_count(const hpr_standards *s) { return s ? s->n : 0; }

const char *hpr_standards_entry(const hpr_standards *s, size_t i, const char **rule)
{
    if (!s || i >= s->n)
        return NULL;
    if (rule)
        *rule = hpr__std_kind_names[s->items[i].kind];
    return s->items[i].id;
}
