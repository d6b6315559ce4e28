/* SPDX-License-Identifier: MIT */
/* An audit result as JSON (docs/standards-audit.md "JSON output"). */
#include <string.h>

#include "engine/audit.h"
#include "json/jwrite.h"

static void write_finding(hpr__buf *b, const hpr_audit_finding *f)
{
    hpr__buf_puts(b, "{\"level\":");
    hpr__jw_str(b, hpr_place_level_name(f->level));
    hpr__buf_puts(b, ",\"place_id\":");
    hpr__jw_str(b, f->place_id);
    hpr__buf_puts(b, ",\"place_name\":");
    hpr__jw_str(b, f->place_name);
    hpr__buf_puts(b, ",\"county_id\":");
    hpr__jw_str(b, f->county_id);
    hpr__buf_puts(b, ",\"township_id\":");
    hpr__jw_str(b, f->township_id);
    hpr__buf_puts(b, f->poor ? ",\"poor\":true" : ",\"poor\":false");
    hpr__buf_puts(b, ",\"standard\":");
    hpr__jw_str(b, f->standard);
    hpr__buf_puts(b, ",\"rule\":");
    hpr__jw_str(b, f->rule);
    hpr__buf_puts(b, ",\"group\":");
    hpr__jw_str(b, f->group);
    hpr__buf_puts(b, ",\"status\":");
    hpr__jw_str(b, hpr_audit_status_name(f->status));
    hpr__buf_puts(b, ",\"blank_spot\":");
    hpr__jw_str(b, f->blank_spot ? hpr_blank_spot_name(f->blank_spot) : NULL);
    hpr__buf_puts(b, ",\"reason\":");
    hpr__jw_str(b, f->reason);
    hpr__buf_puts(b, ",\"citation\":");
    hpr__jw_str(b, f->citation);
    hpr__buf_puts(b, ",\"amount\":");
    hpr__jw_money(b, f->amount_fen);
    hpr__buf_puts(b, ",\"annual\":");
    hpr__jw_money(b, f->annual_fen);
    hpr__buf_putf(b, ",\"shortfall\":%lld}", (long long)f->shortfall);
}

static void write_totals(hpr__buf *b, const hpr_audit_totals *t)
{
    hpr__buf_puts(b, "{\"level\":");
    hpr__jw_str(b, hpr_place_level_name(t->level));
    hpr__buf_puts(b, ",\"id\":");
    hpr__jw_str(b, t->id);
    hpr__buf_puts(b, ",\"name\":");
    hpr__jw_str(b, t->name);
    hpr__buf_puts(b, ",\"county_id\":");
    hpr__jw_str(b, t->parent_id);
    hpr__buf_putf(b,
                  ",\"villages\":%lld,\"poor_villages\":%lld,\"passed\":%lld,\"failed\":%lld,"
                  "\"failed_poor\":%lld,\"exempt\":%lld,\"institution_blank_spots\":%lld,"
                  "\"institution_blank_spots_poor\":%lld,\"personnel_blank_spots\":%lld,"
                  "\"personnel_blank_spots_poor\":%lld,\"gp_shortfall\":%lld",
                  (long long)t->villages, (long long)t->poor_villages, (long long)t->passed,
                  (long long)t->failed, (long long)t->failed_poor, (long long)t->exempt,
                  (long long)t->institution_blank_spots, (long long)t->institution_blank_spots_poor,
                  (long long)t->personnel_blank_spots, (long long)t->personnel_blank_spots_poor,
                  (long long)t->gp_shortfall);
    hpr__buf_puts(b, ",\"subsidy_monthly\":");
    hpr__jw_money(b, t->subsidy_monthly_fen);
    hpr__buf_puts(b, ",\"subsidy_annual\":");
    hpr__jw_money(b, t->subsidy_annual_fen);
    hpr__buf_puts(b, ",\"grants\":");
    hpr__jw_money(b, t->grants_fen);
    hpr__buf_put(b, "}", 1);
}

static void write_result(hpr__buf *b, const hpr_audit_result *r)
{
    const hpr_standards *s = r->standards;
    const hpr_registry *reg = r->registry;
    hpr__buf_puts(b, "{\"standards\":{\"id\":");
    hpr__jw_str(b, s->id);
    hpr__buf_puts(b, ",\"title\":");
    hpr__jw_str(b, s->title);
    hpr__buf_puts(b, ",\"fingerprint\":");
    hpr__jw_str(b, s->fingerprint);
    hpr__buf_puts(b, "},\"as_of\":");
    hpr__jw_date(b, r->as_of);
    hpr__buf_puts(b, ",\"applied\":[");
    bool first = true;
    for (size_t i = 0; i < s->n; i++) {
        const hpr__standard *st = &s->items[i];
        if (!hpr__std_in_force(st, r->as_of))
            continue;
        hpr__buf_puts(b, first ? "{\"id\":" : ",{\"id\":");
        first = false;
        hpr__jw_str(b, st->id);
        hpr__buf_puts(b, ",\"rule\":");
        hpr__jw_str(b, hpr__std_kind_names[st->kind]);
        hpr__buf_puts(b, ",\"group\":");
        hpr__jw_str(b, hpr__std_group(st->kind));
        hpr__buf_puts(b, ",\"title\":");
        hpr__jw_str(b, st->title);
        hpr__buf_puts(b, ",\"title_en\":");
        hpr__jw_str(b, st->title_en);
        hpr__buf_puts(b, ",\"ref\":");
        hpr__jw_str(b, st->ref);
        hpr__buf_put(b, "}", 1);
    }
    hpr__buf_puts(b, "],\"registry\":{\"rows\":{");
    for (int t = 0; t < HPR_REGISTRY_TABLES; t++)
        hpr__buf_putf(b, "%s\"%s\":%zu", t ? "," : "", hpr_registry_table_name((hpr_registry_table)t),
                      reg->rows[t]);
    hpr__buf_putf(b, "},\"refused\":%zu},\"findings\":[", reg->nerrors);
    for (size_t i = 0; i < r->nf; i++) {
        hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
        hpr_audit_finding_get(r, i, &f);
        if (i)
            hpr__buf_put(b, ",", 1);
        write_finding(b, &f);
    }
    hpr__buf_puts(b, "],\"totals\":[");
    for (size_t i = 0; i < r->nt; i++) {
        hpr_audit_totals t = HPR_AUDIT_TOTALS_INIT;
        hpr_audit_totals_get(r, i, &t);
        if (i)
            hpr__buf_put(b, ",", 1);
        write_totals(b, &t);
    }
    hpr__buf_puts(b, "],\"errors\":[");
    for (size_t i = 0; i < reg->nerrors; i++) {
        const hpr__rerror *e = &reg->errors[i];
        hpr__buf_puts(b, i ? ",{\"table\":" : "{\"table\":");
        hpr__jw_str(b, hpr_registry_table_name(e->table));
        hpr__buf_puts(b, ",\"file\":");
        hpr__jw_str(b, e->file);
        hpr__buf_putf(b, ",\"line\":%ld,\"id\":", e->line);
        hpr__jw_str(b, e->id);
        hpr__buf_puts(b, ",\"message\":");
        hpr__jw_str(b, e->message);
        hpr__buf_put(b, "}", 1);
    }
    hpr__buf_puts(b, "]}");
}

hpr_status hpr_audit_to_json(const hpr_audit_result *r, char **out, size_t *len_out)
{
    if (out)
        *out = NULL;
    if (len_out)
        *len_out = 0;
    if (!r || !out)
        return hpr__seterr(HPR_EINVAL, "hpr_audit_to_json: %s is NULL", r ? "out" : "result");
    hpr__buf b = {0};
    write_result(&b, r);
    if (b.oom) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_ENOMEM, "out of memory writing an audit");
    }
    *out = b.ptr;
    if (len_out)
        *len_out = b.len;
    return HPR_OK;
}
