/* SPDX-License-Identifier: MIT */
/* Reading an audit result (hpr/audit.h): findings and roll-ups. */
#include <string.h>

#include "engine/audit.h"

size_t hpr_audit_finding_count(const hpr_audit_result *r) { return r ? r->nf : 0; }
size_t hpr_audit_totals_count(const hpr_audit_result *r) { return r ? r->nt : 0; }

static hpr_status check_version(unsigned int version, unsigned int newest, const char *what)
{
    if (version == 0)
        return hpr__seterr(HPR_EINVAL, "%s.version is 0: initialise it with %s_INIT", what,
                           strcmp(what, "hpr_audit_finding") == 0 ? "HPR_AUDIT_FINDING"
                                                                  : "HPR_AUDIT_TOTALS");
    if (version > newest)
        return hpr__seterr(HPR_EVERSION, "%s version %u is newer than this library (%u)", what,
                           version, newest);
    return HPR_OK;
}

static const hpr__rrow *row_of(const hpr_registry *reg, hpr_place_level level, size_t i)
{
    switch (level) {
    case HPR_PLACE_COUNTY: return &reg->counties[i].r;
    case HPR_PLACE_TOWNSHIP: return &reg->townships[i].r;
    default: return &reg->villages[i].r;
    }
}

hpr_status hpr_audit_finding_get(const hpr_audit_result *r, size_t i, hpr_audit_finding *out)
{
    if (!r || !out || i >= r->nf)
        return hpr__seterr(HPR_EINVAL, "hpr_audit_finding_get: %s",
                           !r ? "result is NULL" : !out ? "out is NULL" : "index out of range");
    hpr_status st = check_version(out->version, HPR_AUDIT_FINDING_VERSION, "hpr_audit_finding");
    if (st != HPR_OK)
        return st;
    const hpr__finding *f = &r->f[i];
    const hpr_registry *reg = r->registry;
    const hpr__standard *s = &r->standards->items[f->standard];
    out->level = f->level;
    const hpr__rrow *row = row_of(reg, f->level, f->place);
    out->place_id = row->id;
    out->place_name = row->name;
    size_t township = HPR__NONE, county;
    if (f->level == HPR_PLACE_VILLAGE)
        township = reg->villages[f->place].township;
    else if (f->level == HPR_PLACE_TOWNSHIP)
        township = f->place;
    county = f->level == HPR_PLACE_COUNTY ? f->place : reg->townships[township].county;
    out->county_id = reg->counties[county].r.id;
    out->township_id = township == HPR__NONE ? NULL : reg->townships[township].r.id;
    out->poor = f->poor;
    out->standard = s->id;
    out->rule = hpr__std_kind_names[s->kind];
    out->group = hpr__std_group(s->kind);
    out->status = f->status;
    out->blank_spot = f->blank;
    out->reason = f->reason;
    out->citation = f->citation;
    out->amount_fen = f->amount;
    out->annual_fen = f->annual;
    out->shortfall = f->shortfall;
    return HPR_OK;
}

hpr_status hpr_audit_totals_get(const hpr_audit_result *r, size_t i, hpr_audit_totals *out)
{
    if (!r || !out || i >= r->nt)
        return hpr__seterr(HPR_EINVAL, "hpr_audit_totals_get: %s",
                           !r ? "result is NULL" : !out ? "out is NULL" : "index out of range");
    hpr_status st = check_version(out->version, HPR_AUDIT_TOTALS_VERSION, "hpr_audit_totals");
    if (st != HPR_OK)
        return st;
    const hpr__totals *t = &r->t[i];
    const hpr_registry *reg = r->registry;
    out->level = t->level;
    if (t->level == HPR_PLACE_REGISTRY) {
        out->id = "";
        out->name = "";
        out->parent_id = NULL;
    } else {
        const hpr__rrow *row = row_of(reg, t->level, t->place);
        out->id = row->id;
        out->name = row->name;
        out->parent_id = t->level == HPR_PLACE_TOWNSHIP
                             ? reg->counties[reg->townships[t->place].county].r.id
                             : NULL;
    }
    out->villages = t->villages;
    out->poor_villages = t->poor_villages;
    out->passed = t->passed;
    out->failed = t->failed;
    out->failed_poor = t->failed_poor;
    out->exempt = t->exempt;
    out->institution_blank_spots = t->inst;
    out->institution_blank_spots_poor = t->inst_poor;
    out->personnel_blank_spots = t->pers;
    out->personnel_blank_spots_poor = t->pers_poor;
    out->subsidy_monthly_fen = t->subsidy_monthly;
    out->subsidy_annual_fen = t->subsidy_annual;
    out->grants_fen = t->grants;
    out->gp_shortfall = t->gp_shortfall;
    return HPR_OK;
}

const char *hpr_audit_status_name(hpr_audit_status s)
{
    static const char *const names[] = {"pass", "fail", "exempt", "due", "not_due"};
    return (unsigned)s < 5 ? names[s] : NULL;
}

const char *hpr_blank_spot_name(hpr_blank_spot k)
{
    static const char *const names[] = {"", "institution", "personnel"};
    return (unsigned)k < 3 ? names[k] : NULL;
}

const char *hpr_place_level_name(hpr_place_level l)
{
    static const char *const names[] = {"registry", "county", "township", "village"};
    return (unsigned)l < 4 ? names[l] : NULL;
}
