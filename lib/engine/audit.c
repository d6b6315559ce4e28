/* SPDX-License-Identifier: MIT */
/* The standards audit: every standard of a document in force on the audit
 * date, applied to every accepted place of a finished registry, one finding
 * each with its reason and citation; then the roll-ups. One function per
 * rule kind; docs/standards-audit.md states each rule. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/lang.h"
#include "engine/audit.h"
#include "hpr/money.h"

typedef struct audit {
    hpr_audit_result *res;
    const hpr_standards *st;
    const hpr_registry *reg;
    hpr_date on;
    hpr_lang lang;
    bool oom;
    hpr__finding spare; /* written when memory ran out, never read */
} audit;

typedef struct place_ref {
    hpr_place_level level;
    size_t index;
    const hpr__rrow *row;
    bool poor;
    const hpr__county *county;
} place;

/* "national-2019: plan2019 三个一" and " (assumed)" when the value is the
 * project's assumption. */
static const char *cite(audit *a, const hpr__standard *s, const hpr__pentry *e)
{
    const char *ref = e && e->ref ? e->ref : s->ref;
    bool assumed = (e && e->assumed) || hpr__std_ref_assumed(a->st, ref);
    char buf[600];
    snprintf(buf, sizeof buf, "%s: %s%s", a->st->id, ref, assumed ? HPR__T(a->lang, " (assumed)") : "");
    const char *c = hpr__arena_strndup(&a->res->arena, buf, strlen(buf));
    if (!c)
        a->oom = true;
    return c ? c : "";
}

static hpr__finding *add_finding(audit *a, const place *p, const hpr__standard *s, hpr_audit_status status,
                         hpr_blank_spot blank, const char *citation, const char *fmt, ...)
    HPR__PRINTF(7, 8);
static hpr__finding *add_finding(audit *a, const place *p, const hpr__standard *s, hpr_audit_status status,
                         hpr_blank_spot blank, const char *citation, const char *fmt, ...)
{
    hpr_audit_result *r = a->res;
    if (r->nf == r->capf) {
        size_t cap = r->capf ? r->capf * 2 : 256;
        hpr__finding *f = hpr__realloc(r->f, cap * sizeof *f);
        if (!f) {
            a->oom = true;
            return &a->spare; /* the audit fails with ENOMEM */
        }
        r->f = f;
        r->capf = cap;
    }
    char buf[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, hpr__tr(a->lang, fmt), ap);
    va_end(ap);
    hpr__finding *f = &r->f[r->nf++];
    memset(f, 0, sizeof *f);
    f->level = p->level;
    f->place = p->index;
    f->standard = (size_t)(s - a->st->items);
    f->status = status;
    f->blank = blank;
    f->poor = p->poor;
    f->citation = citation;
    f->reason = hpr__arena_strndup(&r->arena, buf, strlen(buf));
    if (!f->reason) {
        a->oom = true;
        f->reason = "";
    }
    return f;
}

static const char *pid(const place *p) { return p->row->id; }

/* Scope: a standard for poor counties (or villages) exempts the others. */
static bool out_of_scope(audit *a, const place *p, const hpr__standard *s, const hpr__village *v)
{
    hpr_audit_status st = s->kind >= HPR__STD_VILLAGE_DOCTOR_SUBSIDY ? HPR_AUDIT_NOT_DUE : HPR_AUDIT_EXEMPT;
    if (s->counties == HPR__SCOPE_POOR && !p->county->poor) {
        add_finding(a, p, s, st, HPR_BLANK_NONE, cite(a, s, NULL),
            "%s is in %s, not a poor county: the standard covers poor counties", pid(p),
            p->county->r.id);
        return true;
    }
    if (v && s->villages == HPR__SCOPE_POOR && !v->poor) {
        add_finding(a, p, s, st, HPR_BLANK_NONE, cite(a, s, NULL),
            "%s is not a poor village: the standard covers poor villages", pid(p));
        return true;
    }
    return false;
}

static const hpr__children *staff_of(const audit *a, hpr__level level)
{
    return &a->reg->staff_of[level];
}

/* Staff at a place whose qualification (or GP registration) is in mask. */
static int64_t qualified(const audit *a, hpr__level level, size_t place_index, uint32_t mask,
                         const char *department)
{
    const hpr__children *c = staff_of(a, level);
    int64_t n = 0;
    for (size_t k = c->off[place_index]; k < c->off[place_index + 1]; k++) {
        const hpr__staff *s = &a->reg->staff[c->idx[k]];
        if (!((s->qualification & mask) || (s->gp && (mask & HPR__Q_GP))))
            continue;
        if (department && strcmp(s->department, department) != 0)
            continue;
        n++;
    }
    return n;
}

static int64_t gps(const audit *a, size_t township)
{
    const hpr__children *c = staff_of(a, HPR__LEVEL_TOWNSHIP);
    int64_t n = 0;
    for (size_t k = c->off[township]; k < c->off[township + 1]; k++)
        n += a->reg->staff[c->idx[k]].gp;
    return n;
}

static const char *qual_words(uint32_t mask, char *buf, size_t size)
{
    static const char *const names[] = {"执业医师", "执业助理医师", "乡村医生", "全科医生"};
    buf[0] = '\0';
    for (int i = 0; i < 4; i++)
        if (mask & (1u << i))
            snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? "/" : "", names[i]);
    return buf;
}

/* ---- the village clinic and its exceptions ------------------------------- */

typedef enum need { NEED_HAS = 0, NEED_EXEMPT, NEED_BLANK } need;

typedef struct need_why {
    char text[300];
    const hpr__pentry *entry; /* the exception that decided, or NULL */
} need_why;

static bool param_true(const hpr__param *p, hpr_date on, const hpr__pentry **e)
{
    *e = p ? hpr__param_at(p, on) : NULL;
    return *e && (*e)->value != 0;
}

static need clinic_need(const audit *a, const hpr__standard *s, const hpr__village *v, need_why *w)
{
    w->entry = NULL;
    const hpr__pentry *e;
    if (v->clinic) {
        snprintf(w->text, sizeof w->text, HPR__T(a->lang, "%s has its own clinic"), v->r.id);
        return NEED_HAS;
    }
    if (v->relocated && param_true(s->relocated_exempt, a->on, &e)) {
        w->entry = e;
        snprintf(w->text, sizeof w->text,
                 HPR__T(a->lang, "%s was relocated as a whole or merged: it needs no clinic of its own"), v->r.id);
        return NEED_EXEMPT;
    }
    const hpr__township *t = &a->reg->townships[v->township];
    if (v->hosts_centre && param_true(s->host_exempt, a->on, &e)) {
        if (t->centre) {
            w->entry = e;
            snprintf(w->text, sizeof w->text,
                     HPR__T(a->lang, "%s hosts the health centre of township %s, which serves it: it needs no "
                     "clinic of its own"),
                     v->r.id, t->r.id);
            return NEED_EXEMPT;
        }
    }
    if (v->shares_id) {
        const hpr__village *h = &a->reg->villages[v->shares];
        e = s->share_below ? hpr__param_at(s->share_below, a->on) : NULL;
        if (!e) {
            snprintf(w->text, sizeof w->text,
                     HPR__T(a->lang, "%s shares the clinic of %s, but the standard allows no village to share: it "
                     "has no clinic"),
                     v->r.id, h->r.id);
            return NEED_BLANK;
        }
        w->entry = e;
        if (v->population >= e->value) {
            snprintf(w->text, sizeof w->text,
                     HPR__T(a->lang, "%s (%lld residents, not under %lld) may not share the clinic of %s: it needs "
                     "its own"),
                     v->r.id, (long long)v->population, (long long)e->value, h->r.id);
            return NEED_BLANK;
        }
        if (!h->clinic) {
            snprintf(w->text, sizeof w->text,
                     HPR__T(a->lang, "%s (%lld residents) shares the clinic of %s, which has no clinic"), v->r.id,
                     (long long)v->population, h->r.id);
            return NEED_BLANK;
        }
        snprintf(w->text, sizeof w->text,
                 HPR__T(a->lang, "%s (%lld residents, under %lld) shares the clinic of %s"), v->r.id,
                 (long long)v->population, (long long)e->value, h->r.id);
        return NEED_EXEMPT;
    }
    if (v->hosts_centre && s->host_exempt && !t->centre)
        snprintf(w->text, sizeof w->text,
                 HPR__T(a->lang, "%s has no clinic, and the township centre it would host does not exist"), v->r.id);
    else
        snprintf(w->text, sizeof w->text, HPR__T(a->lang, "%s has no clinic"), v->r.id);
    return NEED_BLANK;
}

static void village_clinic(audit *a, const place *p, const hpr__standard *s, const hpr__village *v)
{
    need_why w;
    need n = clinic_need(a, s, v, &w);
    add_finding(a, p, s,
        n == NEED_HAS ? HPR_AUDIT_PASS : n == NEED_EXEMPT ? HPR_AUDIT_EXEMPT : HPR_AUDIT_FAIL,
        n == NEED_BLANK ? HPR_BLANK_INSTITUTION : HPR_BLANK_NONE, cite(a, s, w.entry), "%s", w.text);
}

/* The document's village_clinic standard in force, whose exceptions tell a
 * village without a clinic of its own whether it needs a doctor there. */
static const hpr__standard *clinic_standard(const audit *a)
{
    for (size_t i = 0; i < a->st->n; i++)
        if (a->st->items[i].kind == HPR__STD_VILLAGE_CLINIC && hpr__std_in_force(&a->st->items[i], a->on))
            return &a->st->items[i];
    return NULL;
}

static void village_doctor(audit *a, const place *p, const hpr__standard *s, const hpr__village *v)
{
    char q[120];
    int64_t n = qualified(a, HPR__LEVEL_VILLAGE, p->index, s->qualifications, NULL);
    const hpr__standard *cs = clinic_standard(a);
    need_why w;
    bool exempt = !v->clinic && cs && clinic_need(a, cs, v, &w) == NEED_EXEMPT;
    /* a place without its institution has no qualified doctor, as at the
     * county and township levels: a doctor registered in a village with
     * neither clinic nor exception does not make it pass */
    if (n > 0 && (v->clinic || exempt)) {
        add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, NULL),
            "qualified doctors (%s) practising in %s: %lld", qual_words(s->qualifications, q, sizeof q),
            v->r.id, (long long)n);
        return;
    }
    if (exempt) {
        add_finding(a, p, s, HPR_AUDIT_EXEMPT, HPR_BLANK_NONE, cite(a, cs, w.entry),
            "%s; the doctors who serve it are counted where they practise", w.text);
        return;
    }
    if (n > 0) {
        add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_PERSONNEL, cite(a, s, NULL),
            "%s has no clinic, so no qualified doctor: the %lld registered there (%s) have no institution to "
            "practise in", v->r.id, (long long)n, qual_words(s->qualifications, q, sizeof q));
        return;
    }
    add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_PERSONNEL, cite(a, s, NULL),
        "no qualified doctor (%s) practises in %s%s", qual_words(s->qualifications, q, sizeof q),
        v->r.id, v->clinic ? "" : HPR__T(a->lang, ", which has no clinic"));
}

static void rooms_missing(uint32_t wanted, uint32_t have, const char *const *names, char *buf,
                          size_t size)
{
    buf[0] = '\0';
    for (int i = 0; names[i]; i++)
        if ((wanted & (1u << i)) && !(have & (1u << i)))
            snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? ", " : "", names[i]);
}

static void clinic_facility(audit *a, const place *p, const hpr__standard *s, const hpr__village *v)
{
    static const char *const rooms[] = {"诊室 diagnosis", "治疗室 treatment", "公共卫生室 public health",
                                        "药房 pharmacy", NULL};
    const hpr__pentry *thr = hpr__param_at(s->population_above, a->on);
    const hpr__pentry *min = hpr__param_at(s->minimum, a->on);
    if (!thr || !min)
        return; /* no value in force: nothing to audit on this day */
    if (v->population <= thr->value) {
        add_finding(a, p, s, HPR_AUDIT_EXEMPT, HPR_BLANK_NONE, cite(a, s, thr),
            "%s has %lld residents, not above %lld", v->r.id, (long long)v->population,
            (long long)thr->value);
        return;
    }
    const hpr__standard *cs = clinic_standard(a);
    need_why w;
    if (!v->clinic && cs && clinic_need(a, cs, v, &w) == NEED_EXEMPT) {
        add_finding(a, p, s, HPR_AUDIT_EXEMPT, HPR_BLANK_NONE, cite(a, cs, w.entry), "%s", w.text);
        return;
    }
    if (!v->clinic) {
        hpr__finding *f = add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_NONE, cite(a, s, thr),
                              "%s (%lld residents, above %lld) has no clinic of its own", v->r.id,
                              (long long)v->population, (long long)thr->value);
        f->shortfall = min->value;
        return;
    }
    int64_t need_centi = min->value * 100;
    char missing[200], area[40];
    rooms_missing(s->rooms, v->rooms, rooms, missing, sizeof missing);
    hpr_money_format(area, sizeof area, v->area_centi);
    if (v->area_centi >= need_centi && !missing[0]) {
        add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, min),
            "%s (%lld residents): clinic of %s m², at least %lld, with every required room",
            v->r.id, (long long)v->population, area, (long long)min->value);
        return;
    }
    bool small = v->area_centi < need_centi;
    hpr__finding *f = add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_NONE, cite(a, s, small ? min : thr),
                          "%s (%lld residents, above %lld): clinic of %s m², %s %lld%s%s", v->r.id,
                          (long long)v->population, (long long)thr->value, area,
                          small ? HPR__T(a->lang, "under") : HPR__T(a->lang, "at least"), (long long)min->value,
                          missing[0] ? HPR__T(a->lang, "; rooms missing: ") : "", missing);
    f->shortfall = v->area_centi < need_centi ? (need_centi - v->area_centi + 99) / 100 : 0;
}

/* The monthly subsidy times the doctors, for each month of the audit year. */
static int64_t annual_subsidy(const audit *a, const hpr__standard *s, int64_t doctors)
{
    int y, m, d;
    hpr_date_to_ymd(a->on, &y, &m, &d);
    int64_t sum = 0;
    for (int month = 1; month <= 12; month++) {
        hpr_date first;
        if (hpr_date_from_ymd(&first, y, month, 1) != HPR_OK)
            continue;
        const hpr__pentry *e = hpr__param_at(s->monthly, first);
        if (e && hpr__std_in_force(s, first))
            sum += e->value * doctors;
    }
    return sum;
}

static void subsidy(audit *a, const place *p, const hpr__standard *s, const hpr__village *v)
{
    const hpr__pentry *thr = s->service_below ? hpr__param_at(s->service_below, a->on) : NULL;
    const hpr__pentry *rate = hpr__param_at(s->monthly, a->on);
    if (!v->clinic) {
        add_finding(a, p, s, HPR_AUDIT_NOT_DUE, HPR_BLANK_NONE, cite(a, s, NULL),
            "%s has no clinic of its own", v->r.id);
        return;
    }
    if (s->essential_medicines && !v->essential_medicines) {
        add_finding(a, p, s, HPR_AUDIT_NOT_DUE, HPR_BLANK_NONE, cite(a, s, NULL),
            "the clinic of %s is not under the essential-medicine system", v->r.id);
        return;
    }
    if (thr && v->service_population >= thr->value) {
        add_finding(a, p, s, HPR_AUDIT_NOT_DUE, HPR_BLANK_NONE, cite(a, s, thr),
            "the clinic of %s serves %lld residents, not under %lld", v->r.id,
            (long long)v->service_population, (long long)thr->value);
        return;
    }
    char q[120];
    int64_t n = qualified(a, HPR__LEVEL_VILLAGE, p->index, s->qualifications, NULL);
    if (n == 0 || !rate) {
        if (n == 0)
            add_finding(a, p, s, HPR_AUDIT_NOT_DUE, HPR_BLANK_NONE, cite(a, s, rate),
                        "no village doctor (%s) practises at the clinic of %s",
                        qual_words(s->qualifications, q, sizeof q), v->r.id);
        else
            add_finding(a, p, s, HPR_AUDIT_NOT_DUE, HPR_BLANK_NONE, cite(a, s, rate),
                        "no monthly subsidy is in force on the audit date (the clinic of %s)", v->r.id);
        return;
    }
    char amount[40];
    hpr_money_format(amount, sizeof amount, rate->value);
    hpr__finding *f = add_finding(a, p, s, HPR_AUDIT_DUE, HPR_BLANK_NONE, cite(a, s, rate),
                          "village doctors: %lld x %s yuan a month (the clinic of %s serves %lld "
                          "residents%s)",
                          (long long)n, amount, v->r.id, (long long)v->service_population,
                          s->essential_medicines ? HPR__T(a->lang, ", essential-medicine system") : "");
    f->amount = rate->value * n;
    f->annual = annual_subsidy(a, s, n);
}

static void grant(audit *a, const place *p, const hpr__standard *s, const hpr__village *v,
                  size_t first_finding)
{
    const hpr__standard *closes = &a->st->items[s->closes_index];
    const hpr__finding *cf = NULL;
    for (size_t i = first_finding; i < a->res->nf; i++)
        if (a->res->f[i].standard == s->closes_index)
            cf = &a->res->f[i];
    if (!cf) {
        add_finding(a, p, s, HPR_AUDIT_NOT_DUE, HPR_BLANK_NONE, cite(a, s, NULL),
            "the standard it closes (%s) does not apply to %s on the audit date", closes->id, v->r.id);
        return;
    }
    if (cf->status != HPR_AUDIT_FAIL) {
        add_finding(a, p, s, HPR_AUDIT_NOT_DUE, HPR_BLANK_NONE, cite(a, s, NULL),
            "no clinic blank spot to close: %s", cf->reason);
        return;
    }
    const hpr__grant_band *band = NULL;
    for (size_t i = 0; i < s->nbands; i++)
        if (v->population >= s->bands[i].from_population)
            band = &s->bands[i];
    const hpr__pentry *e = band ? hpr__param_at(band->amount, a->on) : NULL;
    if (!e) {
        add_finding(a, p, s, HPR_AUDIT_NOT_DUE, HPR_BLANK_NONE, cite(a, s, NULL),
            "no grant is in force for a village of %lld residents", (long long)v->population);
        return;
    }
    char amount[40];
    hpr_money_format(amount, sizeof amount, e->value);
    hpr__finding *f = add_finding(a, p, s, HPR_AUDIT_DUE, HPR_BLANK_NONE, cite(a, s, e),
                          "a new clinic for %s (%lld residents) closes its blank spot: %s yuan",
                          v->r.id, (long long)v->population, amount);
    f->amount = e->value;
}

/* ---- townships and counties --------------------------------------------- */

static void township_rule(audit *a, const place *p, const hpr__standard *s, const hpr__township *t)
{
    char q[120];
    switch (s->kind) {
    case HPR__STD_TOWNSHIP_CENTRE:
        if (t->centre)
            add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, NULL),
                "%s has a government-run health centre", t->r.id);
        else
            add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_INSTITUTION, cite(a, s, NULL),
                "%s has no government-run health centre", t->r.id);
        break;
    case HPR__STD_TOWNSHIP_DOCTOR: {
        int64_t n = t->centre ? qualified(a, HPR__LEVEL_TOWNSHIP, p->index, s->qualifications, NULL) : 0;
        if (n > 0)
            add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, NULL),
                "the health centre of %s has qualified doctors (%s): %lld", t->r.id,
                qual_words(s->qualifications, q, sizeof q), (long long)n);
        else if (t->centre)
            add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_PERSONNEL, cite(a, s, NULL),
                        "the health centre of %s has no qualified doctor (%s)", t->r.id,
                        qual_words(s->qualifications, q, sizeof q));
        else
            add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_PERSONNEL, cite(a, s, NULL),
                        "%s has no health centre, so no qualified doctor (%s)", t->r.id,
                        qual_words(s->qualifications, q, sizeof q));
        break;
    }
    case HPR__STD_TOWNSHIP_DEPARTMENTS: {
        static const char *const depts[] = {"临床科室 clinical", "公共卫生科 public health", NULL};
        const hpr__pentry *thr = hpr__param_at(s->population_above, a->on);
        if (!thr)
            return;
        char missing[120];
        rooms_missing(s->rooms, t->centre ? t->departments : 0, depts, missing, sizeof missing);
        if (t->population <= thr->value)
            add_finding(a, p, s, HPR_AUDIT_EXEMPT, HPR_BLANK_NONE, cite(a, s, thr),
                "%s has %lld residents, not above %lld", t->r.id, (long long)t->population,
                (long long)thr->value);
        else if (!missing[0])
            add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, thr),
                "%s (%lld residents): the health centre has its clinical and public-health "
                "departments",
                t->r.id, (long long)t->population);
        else {
            hpr__finding *f =
                t->centre
                    ? add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_NONE, cite(a, s, thr),
                                  "%s (%lld residents, above %lld): the health centre lacks: %s", t->r.id,
                                  (long long)t->population, (long long)thr->value, missing)
                    : add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_NONE, cite(a, s, thr),
                                  "%s (%lld residents, above %lld) has no health centre and lacks: %s",
                                  t->r.id, (long long)t->population, (long long)thr->value, missing);
            f->shortfall = __builtin_popcount(s->rooms & ~(t->centre ? t->departments : 0));
        }
        break;
    }
    case HPR__STD_TOWNSHIP_GPS: {
        const hpr__pentry *min = hpr__param_at(s->minimum, a->on);
        if (!min)
            return;
        int64_t n = t->centre ? gps(a, p->index) : 0;
        if (n >= min->value) {
            add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, min),
                "the health centre of %s has GPs: %lld, target %lld", t->r.id, (long long)n,
                (long long)min->value);
        } else {
            hpr__finding *f = add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_NONE, cite(a, s, min),
                                  "%s: GPs at the health centre %lld, target %lld: %lld short", t->r.id, (long long)n,
                                  (long long)min->value, (long long)(min->value - n));
            f->shortfall = min->value - n;
        }
        break;
    }
    default: break;
    }
}

static void county_rule(audit *a, const place *p, const hpr__standard *s, const hpr__county *c)
{
    static const char *const kinds[] = {HPR__N("none"), HPR__N("general hospital"), HPR__N("TCM hospital")};
    switch (s->kind) {
    case HPR__STD_COUNTY_HOSPITAL:
        if (c->hospital != HPR__HOSP_KIND_NONE)
            add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, NULL),
                "%s has a county-level public %s", c->r.id, hpr__tr(a->lang, kinds[c->hospital]));
        else
            add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_INSTITUTION, cite(a, s, NULL),
                "%s has no county-level public hospital", c->r.id);
        break;
    case HPR__STD_COUNTY_DOCTORS: {
        char q[120], missing[400] = "";
        if (c->hospital == HPR__HOSP_KIND_NONE) {
            add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_PERSONNEL, cite(a, s, NULL),
                "%s has no county hospital, so no qualified doctor (%s)", c->r.id,
                qual_words(s->qualifications, q, sizeof q));
            break;
        }
        if (c->ndepartments == 0) {
            add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_NONE, cite(a, s, NULL),
                "the registry lists no departments for the county hospital of %s: a doctor in "
                "every department cannot be shown",
                c->r.id);
            break;
        }
        int64_t lacking = 0;
        for (size_t i = 0; i < c->ndepartments; i++)
            if (qualified(a, HPR__LEVEL_COUNTY, p->index, s->qualifications, c->departments[i]) == 0) {
                lacking++;
                snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s%s",
                         missing[0] ? ", " : "", c->departments[i]);
            }
        if (!lacking) {
            add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, NULL),
                "every department of the county hospital of %s (%zu) has a qualified doctor (%s)",
                c->r.id, c->ndepartments, qual_words(s->qualifications, q, sizeof q));
        } else {
            hpr__finding *f = add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_PERSONNEL, cite(a, s, NULL),
                                  "departments of the county hospital of %s without a qualified "
                                  "doctor (%s): %s",
                                  c->r.id, qual_words(s->qualifications, q, sizeof q), missing);
            f->shortfall = lacking;
        }
        break;
    }
    case HPR__STD_COUNTY_CAPACITY: {
        const hpr__pentry *thr = hpr__param_at(s->population_above, a->on);
        if (!thr)
            return;
        if (c->population <= thr->value)
            add_finding(a, p, s, HPR_AUDIT_EXEMPT, HPR_BLANK_NONE, cite(a, s, thr),
                "%s has %lld residents, not above %lld", c->r.id, (long long)c->population,
                (long long)thr->value);
        else if (c->hospital != HPR__HOSP_KIND_NONE && c->level >= s->level)
            add_finding(a, p, s, HPR_AUDIT_PASS, HPR_BLANK_NONE, cite(a, s, thr),
                "%s (%lld residents): its county hospital is at %s, at least %s", c->r.id,
                (long long)c->population, hpr__hosp_level_names[c->level],
                hpr__hosp_level_names[s->level]);
        else if (c->hospital == HPR__HOSP_KIND_NONE)
            add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_NONE, cite(a, s, thr),
                        "%s (%lld residents, above %lld): no county hospital, below %s", c->r.id,
                        (long long)c->population, (long long)thr->value, hpr__hosp_level_names[s->level]);
        else
            add_finding(a, p, s, HPR_AUDIT_FAIL, HPR_BLANK_NONE, cite(a, s, thr),
                        "%s (%lld residents, above %lld): its county hospital is at %s, below %s", c->r.id,
                        (long long)c->population, (long long)thr->value, hpr__hosp_level_names[c->level],
                        hpr__hosp_level_names[s->level]);
        break;
    }
    default: break;
    }
}

static bool is_level(hpr__std_kind k, hpr_place_level level)
{
    switch (k) {
    case HPR__STD_COUNTY_HOSPITAL:
    case HPR__STD_COUNTY_DOCTORS:
    case HPR__STD_COUNTY_CAPACITY: return level == HPR_PLACE_COUNTY;
    case HPR__STD_TOWNSHIP_CENTRE:
    case HPR__STD_TOWNSHIP_DOCTOR:
    case HPR__STD_TOWNSHIP_DEPARTMENTS:
    case HPR__STD_TOWNSHIP_GPS: return level == HPR_PLACE_TOWNSHIP;
    default: return level == HPR_PLACE_VILLAGE;
    }
}

static void audit_place(audit *a, const place *p)
{
    size_t first = a->res->nf;
    for (size_t i = 0; i < a->st->n && !a->oom; i++) {
        const hpr__standard *s = &a->st->items[i];
        if (!is_level(s->kind, p->level) || !hpr__std_in_force(s, a->on))
            continue;
        const hpr__village *v = p->level == HPR_PLACE_VILLAGE ? &a->reg->villages[p->index] : NULL;
        if (out_of_scope(a, p, s, v))
            continue;
        switch (s->kind) {
        case HPR__STD_VILLAGE_CLINIC: village_clinic(a, p, s, v); break;
        case HPR__STD_VILLAGE_DOCTOR: village_doctor(a, p, s, v); break;
        case HPR__STD_CLINIC_FACILITY: clinic_facility(a, p, s, v); break;
        case HPR__STD_VILLAGE_DOCTOR_SUBSIDY: subsidy(a, p, s, v); break;
        case HPR__STD_CLINIC_GRANT: grant(a, p, s, v, first); break;
        default:
            if (p->level == HPR_PLACE_TOWNSHIP)
                township_rule(a, p, s, &a->reg->townships[p->index]);
            else
                county_rule(a, p, s, &a->reg->counties[p->index]);
            break;
        }
    }
}

/* ---- roll-ups ------------------------------------------------------------ */

static void count(hpr__totals *t, const hpr__finding *f, const hpr__standard *s)
{
    switch (f->status) {
    case HPR_AUDIT_PASS: t->passed++; break;
    case HPR_AUDIT_FAIL:
        t->failed++;
        t->failed_poor += f->poor;
        if (f->blank == HPR_BLANK_INSTITUTION) {
            t->inst++;
            t->inst_poor += f->poor;
        } else if (f->blank == HPR_BLANK_PERSONNEL) {
            t->pers++;
            t->pers_poor += f->poor;
        }
        if (s->kind == HPR__STD_TOWNSHIP_GPS)
            t->gp_shortfall += f->shortfall;
        break;
    case HPR_AUDIT_EXEMPT: t->exempt++; break;
    case HPR_AUDIT_DUE:
        if (s->kind == HPR__STD_VILLAGE_DOCTOR_SUBSIDY) {
            t->subsidy_monthly += f->amount;
            t->subsidy_annual += f->annual;
        } else {
            t->grants += f->amount;
        }
        break;
    default: break;
    }
}

static void add_totals(hpr__totals *to, const hpr__totals *from)
{
    to->villages += from->villages;
    to->poor_villages += from->poor_villages;
    to->passed += from->passed;
    to->failed += from->failed;
    to->failed_poor += from->failed_poor;
    to->exempt += from->exempt;
    to->inst += from->inst;
    to->inst_poor += from->inst_poor;
    to->pers += from->pers;
    to->pers_poor += from->pers_poor;
    to->subsidy_monthly += from->subsidy_monthly;
    to->subsidy_annual += from->subsidy_annual;
    to->grants += from->grants;
    to->gp_shortfall += from->gp_shortfall;
}

static hpr__totals *new_totals(audit *a, hpr_place_level level, size_t index)
{
    hpr__totals *t = &a->res->t[a->res->nt++];
    memset(t, 0, sizeof *t);
    t->level = level;
    t->place = index;
    return t;
}

/* Walks the registry in place order: a county, its findings, then each
 * township with its findings and its villages'. */
static void run(audit *a)
{
    const hpr_registry *reg = a->reg;
    hpr__totals *all = new_totals(a, HPR_PLACE_REGISTRY, 0);
    for (size_t ci = 0; ci < reg->ncounties && !a->oom; ci++) {
        const hpr__county *c = &reg->counties[ci];
        if (c->r.refused)
            continue;
        place pc = {HPR_PLACE_COUNTY, ci, &c->r, c->poor, c};
        size_t cslot = a->res->nt;
        new_totals(a, HPR_PLACE_COUNTY, ci);
        size_t f0 = a->res->nf;
        audit_place(a, &pc);
        for (size_t k = f0; k < a->res->nf && !a->oom; k++)
            count(&a->res->t[cslot], &a->res->f[k], &a->st->items[a->res->f[k].standard]);
        for (size_t k = reg->townships_of.off[ci]; k < reg->townships_of.off[ci + 1] && !a->oom; k++) {
            size_t ti = reg->townships_of.idx[k];
            const hpr__township *t = &reg->townships[ti];
            place pt = {HPR_PLACE_TOWNSHIP, ti, &t->r, t->poor, c};
            hpr__totals *tt = new_totals(a, HPR_PLACE_TOWNSHIP, ti);
            size_t g0 = a->res->nf;
            audit_place(a, &pt);
            for (size_t j = reg->villages_of.off[ti]; j < reg->villages_of.off[ti + 1] && !a->oom; j++) {
                size_t vi = reg->villages_of.idx[j];
                const hpr__village *v = &reg->villages[vi];
                place pv = {HPR_PLACE_VILLAGE, vi, &v->r, v->poor, c};
                tt->villages++;
                tt->poor_villages += v->poor;
                audit_place(a, &pv);
            }
            for (size_t g = g0; g < a->res->nf && !a->oom; g++)
                count(tt, &a->res->f[g], &a->st->items[a->res->f[g].standard]);
            add_totals(&a->res->t[cslot], tt);
        }
        add_totals(all, &a->res->t[cslot]);
    }
}

hpr_status hpr_audit(hpr_audit_result **out, const hpr_standards *standards,
                     const hpr_registry *registry, hpr_date as_of, const hpr_audit_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !standards || !registry)
        return hpr__seterr(HPR_EINVAL, "hpr_audit: %s is NULL",
                           !out ? "out" : !standards ? "standards" : "registry");
    if (!registry->finished)
        return hpr__seterr(HPR_EINVAL, "hpr_audit: the registry is not finished: call "
                                       "hpr_registry_finish() after reading its tables");
    if (!hpr__day_ok(as_of))
        return hpr__seterr(HPR_EINVAL, "hpr_audit: as_of is not a valid date");
    if (opts && (opts->version == 0 || opts->version > HPR_AUDIT_OPTIONS_VERSION))
        return hpr__seterr(opts->version ? HPR_EVERSION : HPR_EINVAL,
                           "hpr_audit_options version %u: use HPR_AUDIT_OPTIONS_INIT", opts->version);
    hpr_lang lang = opts ? opts->lang : HPR_LANG_EN;
    if ((unsigned)lang >= HPR_LANGS)
        return hpr__seterr(HPR_EINVAL, "hpr_audit_options.lang %d is not a language", (int)lang);
    hpr_audit_result *r = hpr__calloc(1, sizeof *r);
    size_t ntotals = 1 + registry->ncounties + registry->ntownships;
    if (r)
        r->t = hpr__malloc(ntotals * sizeof *r->t);
    if (!r || !r->t) {
        hpr_audit_result_free(r);
        return hpr__seterr(HPR_ENOMEM, "out of memory auditing");
    }
    r->standards = standards;
    r->registry = registry;
    r->as_of = as_of;
    size_t in_force = 0;
    for (size_t i = 0; i < standards->n; i++)
        in_force += hpr__std_in_force(&standards->items[i], as_of);
    if (!in_force) { /* an empty rule set is no clean result */
        char d[HPR_DATE_FORMAT_SIZE];
        hpr_date_format(d, sizeof d, as_of);
        hpr_audit_result_free(r);
        return hpr__seterr(HPR_EINVAL, "no standard of %s is in force on %s: nothing to audit (is the date "
                                       "right?)", standards->id, d);
    }
    audit a = {.res = r, .st = standards, .reg = registry, .on = as_of, .lang = lang};
    run(&a);
    if (a.oom) {
        hpr_audit_result_free(r);
        return hpr__seterr(HPR_ENOMEM, "out of memory auditing");
    }
    *out = r;
    return HPR_OK;
}

void hpr_audit_result_free(hpr_audit_result *r)
{
    if (!r)
        return;
    hpr__free(r->f);
    hpr__free(r->t);
    hpr__arena_release(&r->arena);
    hpr__free(r);
}
