/* SPDX-License-Identifier: MIT */
/* Interchange JSON into C structs; see input.h and docs/interchange.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/names.h"
#include "engine/ledger.h"
#include "io/input.h"
#include "json/jwrite.h"
#include "json/pointer.h"

size_t hpr__in_push(hpr__in *in, const char *key) { return hpr__jpointer_push(&in->path, key); }

size_t hpr__in_push_index(hpr__in *in, size_t i) { return hpr__jpointer_push_index(&in->path, i); }

void hpr__in_pop(hpr__in *in, size_t mark) { hpr__jpointer_pop(&in->path, mark); }

static const char *path_of(const hpr__in *in)
{
    return in->path.ptr && in->path.ptr[0] ? in->path.ptr : "/";
}

hpr_status hpr__in_fail(hpr__in *in, hpr_status code, const cJSON *node, const char *fmt, ...)
{
    if (in->path.oom || in->oom)
        return hpr__seterr(HPR_ENOMEM, "out of memory reading a request");
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    int needed = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hpr__text_fit(msg, sizeof msg, needed);
    const hpr__jpos *p = node ? hpr__jdoc_pos(in->doc, node) : NULL;
    if (p)
        return hpr__seterr(code, "%s (line %u, column %u): %s", path_of(in), p->line, p->column, msg);
    return hpr__seterr(code, "%s: %s", path_of(in), msg);
}

hpr_status hpr__in_keys(hpr__in *in, const cJSON *obj, const char *what, const char *const *allowed)
{
    if (!cJSON_IsObject(obj))
        return hpr__in_fail(in, HPR_EINVAL, obj, "%s must be an object, found %s", what,
                            hpr__json_type_name(obj));
    for (const cJSON *m = obj->child; m; m = m->next) {
        bool known = false;
        for (size_t i = 0; allowed[i] && !known; i++)
            known = strcmp(allowed[i], m->string) == 0;
        for (const cJSON *o = obj->child; o != m && known; o = o->next)
            if (strcmp(o->string, m->string) == 0) {
                size_t mark = hpr__in_push(in, m->string);
                hpr_status st = hpr__in_fail(in, HPR_EINVAL, m, "duplicate member \"%s\"", m->string);
                hpr__in_pop(in, mark);
                return st;
            }
        if (known)
            continue;
        size_t mark = hpr__in_push(in, m->string);
        if (in->strict) {
            const char *near = hpr__closest(m->string, allowed, SIZE_MAX);
            hpr_status st = hpr__in_fail(in, HPR_EINVAL, m, "unknown member \"%s\" in %s%s%s%s", m->string, what,
                                         near ? "; did you mean \"" : "", near ? near : "", near ? "\"?" : "");
            hpr__in_pop(in, mark);
            return st;
        }
        char msg[200];
        const char *near = in->nwarnings < HPR__IN_MAX_WARNINGS ? hpr__closest(m->string, allowed, SIZE_MAX)
                                                                 : NULL; /* past the cap nothing is written */
        snprintf(msg, sizeof msg, "unknown member \"%s\" in %s ignored%s%s%s", m->string, what,
                 near ? "; did you mean \"" : "", near ? near : "", near ? "\"?" : "");
        hpr__in_warn(in, "unknown_field", path_of(in), msg);
        hpr__in_pop(in, mark);
    }
    return in->warnings.oom ? hpr__seterr(HPR_ENOMEM, "out of memory reading a request") : HPR_OK;
}

void hpr__in_warn(hpr__in *in, const char *code, const char *pointer, const char *message)
{
    if (in->nwarnings > HPR__IN_MAX_WARNINGS)
        return;
    if (in->nwarnings++)
        hpr__buf_put(&in->warnings, ",", 1);
    if (in->nwarnings > HPR__IN_MAX_WARNINGS) {
        hpr__buf_puts(&in->warnings, "{\"code\":\"too_many_warnings\",\"pointer\":\"\",\"message\":"
                                     "\"more warnings left out\"}");
        return;
    }
    hpr__buf_puts(&in->warnings, "{\"code\":");
    hpr__jw_str(&in->warnings, code);
    hpr__buf_puts(&in->warnings, ",\"pointer\":");
    hpr__jw_str(&in->warnings, pointer);
    hpr__buf_puts(&in->warnings, ",\"message\":");
    hpr__jw_str(&in->warnings, message);
    hpr__buf_put(&in->warnings, "}", 1);
}

static const cJSON *get(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static hpr_status missing(hpr__in *in, const cJSON *obj, const char *key)
{
    /* a member a typo away is the likely cause: name it */
    const char *const want[] = {key, NULL};
    for (const cJSON *m = obj ? obj->child : NULL; m; m = m->next)
        if (m->string && hpr__closest(m->string, want, SIZE_MAX))
            return hpr__in_fail(in, HPR_EINVAL, obj, "missing required member \"%s\" (is \"%s\" a misspelling "
                                "of it?)", key, m->string);
    return hpr__in_fail(in, HPR_EINVAL, obj, "missing required member \"%s\"", key);
}

static hpr_status in_string(hpr__in *in, const cJSON *obj, const char *key, bool required,
                            const char **out)
{
    *out = NULL;
    const cJSON *m = get(obj, key);
    if (!m || cJSON_IsNull(m))
        return required ? missing(in, obj, key) : HPR_OK;
    if (!cJSON_IsString(m)) {
        size_t mark = hpr__in_push(in, key);
        hpr_status st = hpr__in_fail(in, HPR_EINVAL, m, "expected a string, found %s", hpr__json_type_name(m));
        hpr__in_pop(in, mark);
        return st;
    }
    *out = m->valuestring;
    return HPR_OK;
}

static hpr_status in_money(hpr__in *in, const cJSON *obj, const char *key, bool required,
                           hpr_money *out)
{
    *out = 0;
    const cJSON *m = get(obj, key);
    if (!m)
        return required ? missing(in, obj, key) : HPR_OK;
    size_t mark = hpr__in_push(in, key);
    hpr_status st;
    size_t len;
    const char *raw;
    if (cJSON_IsString(m))
        st = hpr_money_parse(out, m->valuestring, strlen(m->valuestring));
    else if (cJSON_IsNumber(m) && (raw = hpr__jdoc_raw(in->doc, m, &len)))
        st = hpr_money_parse_json_number(out, raw, len);
    else
        st = hpr__seterr(HPR_EINVAL, "expected a money amount (\"1234.50\" or a number), found %s",
                         hpr__json_type_name(m));
    if (st != HPR_OK) {
        char msg[400];
        hpr__text_copy(msg, sizeof msg, hpr_error_last()->message);
        st = hpr__in_fail(in, st, m, "%s", msg);
    } else if (*out < 0) {
        st = hpr__in_fail(in, HPR_EINVAL, m, "a money amount here must not be negative");
    }
    hpr__in_pop(in, mark);
    return st;
}

/* A ledger amount: money, at most HPR__AMOUNT_MAX like a claim's total. */
static hpr_status in_ledger_money(hpr__in *in, const cJSON *obj, const char *key, bool required,
                                  hpr_money *out)
{
    hpr_status st = in_money(in, obj, key, required, out);
    if (st == HPR_OK && *out > HPR__AMOUNT_MAX) {
        size_t mark = hpr__in_push(in, key);
        st = hpr__in_fail(in, HPR_EOVERFLOW, get(obj, key),
                          "a ledger amount is at most 10000000000000.00 (10^15 fen)");
        hpr__in_pop(in, mark);
    }
    return st;
}

static hpr_status in_date(hpr__in *in, const cJSON *obj, const char *key, bool required,
                          hpr_date *out, bool *present)
{
    *out = 0;
    if (present)
        *present = false;
    const cJSON *m = get(obj, key);
    if (!m || cJSON_IsNull(m))
        return required ? missing(in, obj, key) : HPR_OK;
    size_t mark = hpr__in_push(in, key);
    hpr_status st;
    if (!cJSON_IsString(m))
        st = hpr__in_fail(in, HPR_EINVAL, m, "expected a date \"YYYY-MM-DD\", found %s", hpr__json_type_name(m));
    else if ((st = hpr_date_parse(out, m->valuestring, strlen(m->valuestring))) != HPR_OK) {
        char msg[300];
        hpr__text_copy(msg, sizeof msg, hpr_error_last()->message);
        st = hpr__in_fail(in, st, m, "%s", msg);
    } else if (present) {
        *present = true;
    }
    hpr__in_pop(in, mark);
    return st;
}

hpr_status hpr__in_bool(hpr__in *in, const cJSON *obj, const char *key, bool *out)
{
    const cJSON *m = get(obj, key);
    if (!m || cJSON_IsNull(m))
        return HPR_OK;
    if (!cJSON_IsBool(m)) {
        size_t mark = hpr__in_push(in, key);
        hpr_status st = hpr__in_fail(in, HPR_EINVAL, m, "expected true or false, found %s", hpr__json_type_name(m));
        hpr__in_pop(in, mark);
        return st;
    }
    *out = cJSON_IsTrue(m);
    return HPR_OK;
}

static hpr_status in_enum(hpr__in *in, const cJSON *obj, const char *key, bool required,
                          const char *const *names, int *out)
{
    const char *s;
    hpr_status st = in_string(in, obj, key, required, &s);
    if (st != HPR_OK || !s)
        return st;
    int i = hpr__name_index(names, s);
    if (i >= 0) {
        *out = i;
        return HPR_OK;
    }
    char list[200] = "";
    for (int k = 0; names[k]; k++) {
        strncat(list, k ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, names[k], sizeof list - strlen(list) - 1);
    }
    size_t mark = hpr__in_push(in, key);
    st = hpr__in_fail(in, HPR_EINVAL, get(obj, key), "\"%s\" is not a valid %s; expected one of: %s",
                      s, key, list);
    hpr__in_pop(in, mark);
    return st;
}

static hpr_status in_int(hpr__in *in, const cJSON *obj, const char *key, long min, long max,
                         long *out, bool *present)
{
    *present = false;
    const cJSON *m = get(obj, key);
    if (!m || cJSON_IsNull(m))
        return HPR_OK;
    size_t mark = hpr__in_push(in, key);
    size_t len;
    const char *raw = cJSON_IsNumber(m) ? hpr__jdoc_raw(in->doc, m, &len) : NULL;
    int64_t v = 0;
    hpr_status st = HPR_OK;
    if (!raw || hpr__decimal_parse(&v, raw, len, 0, true, "integer") != HPR_OK || v < min || v > max)
        st = hpr__in_fail(in, HPR_EINVAL, m, "expected a whole number from %ld to %ld", min, max);
    else {
        *out = (long)v;
        *present = true;
    }
    hpr__in_pop(in, mark);
    return st;
}

/* A household's size, one meaning on every path (docs/interchange.md): a
 * whole number from 0 (unknown) to 1000, as a JSON number or as text of
 * digits only (as a CSV cell is read); empty text and null are unknown. */
static hpr_status in_household_size(hpr__in *in, const cJSON *obj, int *out)
{
    const cJSON *m = get(obj, "size");
    if (!m || cJSON_IsNull(m) || (cJSON_IsString(m) && !*m->valuestring))
        return HPR_OK;
    if (cJSON_IsString(m)) {
        const char *s = m->valuestring + strspn(m->valuestring, " "); /* spaces around, as a CSV cell's */
        size_t n = strcspn(s, " ");
        if (!n && !s[0])
            return HPR_OK;
        if (n && n <= 4 && strspn(s, "0123456789") == n && s[n + strspn(s + n, " ")] == '\0' && atoi(s) <= 1000) {
            *out = atoi(s);
            return HPR_OK;
        }
        size_t mark = hpr__in_push(in, "size");
        hpr_status st = hpr__in_fail(in, HPR_EINVAL, m, "household size \"%s\" is not a whole number from 0 "
                                     "(unknown) to 1000 (digits only)", m->valuestring);
        hpr__in_pop(in, mark);
        return st;
    }
    long size;
    bool has;
    hpr_status st = in_int(in, obj, "size", 0, 1000, &size, &has);
    if (st == HPR_OK && has)
        *out = (int)size;
    return st;
}

/* An array of strings, borrowed; *out allocated (NULL when empty). */
static hpr_status in_strings(hpr__in *in, const cJSON *obj, const char *key, const char ***out,
                             size_t *n)
{
    *out = NULL;
    *n = 0;
    const cJSON *a = get(obj, key);
    if (!a || cJSON_IsNull(a))
        return HPR_OK;
    size_t mark = hpr__in_push(in, key);
    hpr_status st = HPR_OK;
    if (!cJSON_IsArray(a)) {
        st = hpr__in_fail(in, HPR_EINVAL, a, "expected an array of strings, found %s", hpr__json_type_name(a));
    } else {
        size_t count = (size_t)cJSON_GetArraySize(a);
        if (count) {
            *out = hpr__calloc(count, sizeof **out);
            if (!*out)
                st = hpr__seterr(HPR_ENOMEM, "out of memory reading a request");
        }
        size_t i = 0;
        for (const cJSON *e = a->child; e && st == HPR_OK; e = e->next, i++) {
            if (!cJSON_IsString(e)) {
                size_t m2 = hpr__in_push_index(in, i);
                st = hpr__in_fail(in, HPR_EINVAL, e, "expected a string, found %s", hpr__json_type_name(e));
                hpr__in_pop(in, m2);
            } else {
                (*out)[(*n)++] = e->valuestring;
            }
        }
    }
    hpr__in_pop(in, mark);
    return st;
}

static hpr_status in_periods(hpr__in *in, const cJSON *obj, const char *key, const char *namekey,
                             hpr_status_period **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const cJSON *a = get(obj, key);
    if (!a || cJSON_IsNull(a))
        return HPR_OK;
    size_t mark = hpr__in_push(in, key);
    hpr_status st = HPR_OK;
    if (!cJSON_IsArray(a)) {
        st = hpr__in_fail(in, HPR_EINVAL, a, "expected an array, found %s", hpr__json_type_name(a));
    } else {
        size_t count = (size_t)cJSON_GetArraySize(a);
        if (count && !(*out = hpr__calloc(count, sizeof **out)))
            st = hpr__seterr(HPR_ENOMEM, "out of memory reading a request");
        size_t i = 0;
        const char *const keys[] = {namekey, "from", "to", "note", NULL};
        for (const cJSON *e = a->child; e && st == HPR_OK; e = e->next, i++) {
            size_t m2 = hpr__in_push_index(in, i);
            hpr_status_period *p = &(*out)[i];
            bool has_to = false;
            if ((st = hpr__in_keys(in, e, "a period", keys)) == HPR_OK &&
                (st = in_string(in, e, namekey, true, &p->kind)) == HPR_OK &&
                (st = in_date(in, e, "from", true, &p->from, NULL)) == HPR_OK &&
                (st = in_date(in, e, "to", false, &p->to, &has_to)) == HPR_OK) {
                if (!has_to)
                    p->to = HPR_DATE_OPEN;
                else if (p->to < p->from)
                    st = hpr__in_fail(in, HPR_EINVAL, e, "\"to\" is before \"from\"");
                (*n)++;
            }
            hpr__in_pop(in, m2);
        }
    }
    hpr__in_pop(in, mark);
    return st;
}

void hpr__parsed_person_dispose(hpr__parsed_person *p)
{
    hpr__free(p->statuses);
    hpr__free(p->enrollments);
    memset(p, 0, sizeof *p);
}

hpr_status hpr__in_person(hpr__in *in, const cJSON *node, hpr__parsed_person *out)
{
    memset(out, 0, sizeof *out);
    hpr_person_init(&out->p, HPR_PERSON_VERSION);
    static const char *const keys[] = {"id",         "birth_date", "sex",
                                       "region",     "household",  "statuses",
                                       "enrollment", "family_doctor_contract", "note", NULL};
    hpr_status st = hpr__in_keys(in, node, "a person", keys);
    if (st == HPR_OK)
        st = in_string(in, node, "id", true, &out->p.id);
    if (st == HPR_OK)
        st = in_date(in, node, "birth_date", true, &out->p.birth_date, NULL);
    const char *ignored;
    if (st == HPR_OK)
        st = in_string(in, node, "sex", false, &ignored);
    if (st == HPR_OK)
        st = in_string(in, node, "region", false, &ignored);
    const cJSON *hh = get(node, "household");
    if (st == HPR_OK && hh && !cJSON_IsNull(hh)) {
        size_t mark = hpr__in_push(in, "household");
        static const char *const hkeys[] = {"id", "size", "income_per_capita", NULL};
        st = hpr__in_keys(in, hh, "a household", hkeys);
        if (st == HPR_OK)
            st = in_string(in, hh, "id", false, &ignored);
        if (st == HPR_OK)
            st = in_household_size(in, hh, &out->p.household_size);
        if (st == HPR_OK && get(hh, "income_per_capita"))
            st = in_money(in, hh, "income_per_capita", false, &out->p.income_per_capita);
        hpr__in_pop(in, mark);
    }
    size_t n = 0;
    if (st == HPR_OK)
        st = in_periods(in, node, "statuses", "kind", &out->statuses, &n);
    out->p.statuses = out->statuses;
    out->p.nstatuses = n;
    hpr_status_period *en = NULL;
    if (st == HPR_OK)
        st = in_periods(in, node, "enrollment", "scheme", &en, &n);
    /* hpr_enrollment has the same layout as hpr_status_period; convert explicitly */
    if (st == HPR_OK && n) {
        out->enrollments = hpr__calloc(n, sizeof *out->enrollments);
        if (!out->enrollments)
            st = hpr__seterr(HPR_ENOMEM, "out of memory reading a request");
        for (size_t i = 0; st == HPR_OK && i < n; i++) {
            out->enrollments[i].scheme = en[i].kind;
            out->enrollments[i].from = en[i].from;
            out->enrollments[i].to = en[i].to;
        }
        out->p.enrollments = out->enrollments;
        out->p.nenrollments = n;
    }
    hpr__free(en);
    bool fd = false;
    if (st == HPR_OK)
        st = hpr__in_bool(in, node, "family_doctor_contract", &fd);
    out->p.family_doctor_contract = fd;
    if (st != HPR_OK)
        hpr__parsed_person_dispose(out);
    return st;
}

void hpr__parsed_claim_dispose(hpr__parsed_claim *c)
{
    hpr__free(c->diagnoses);
    hpr__free(c->designated);
    memset(c, 0, sizeof *c);
}

hpr_status hpr__in_claim(hpr__in *in, const cJSON *node, hpr__parsed_claim *out)
{
    memset(out, 0, sizeof *out);
    hpr_claim_init(&out->c, HPR_CLAIM_VERSION);
    hpr_claim *c = &out->c;
    static const char *const keys[] = {"id",        "person_id", "type",       "admission_date",
                                       "discharge_date", "facility", "location", "referral",
                                       "diagnoses", "case_group", "costs",   "note",   NULL};
    hpr_status st = hpr__in_keys(in, node, "a claim", keys);
    const char *ignored;
    int v = 0;
    if (st == HPR_OK)
        st = in_string(in, node, "id", true, &c->id);
    if (st == HPR_OK && !*c->id)
        st = hpr__in_fail(in, HPR_EINVAL, get(node, "id"), "a claim id must not be empty");
    if (st == HPR_OK)
        st = in_string(in, node, "person_id", false, &ignored);
    if (st == HPR_OK)
        st = in_string(in, node, "case_group", false, &c->case_group);
    if (st == HPR_OK && (st = in_enum(in, node, "type", true, hpr__claim_type_names, &v)) == HPR_OK)
        c->type = (hpr_claim_type)v;
    bool has_dis = false;
    if (st == HPR_OK)
        st = in_date(in, node, "admission_date", true, &c->admission_date, NULL);
    if (st == HPR_OK)
        st = in_date(in, node, "discharge_date", false, &c->discharge_date, &has_dis);
    if (st == HPR_OK && !has_dis)
        c->discharge_date = c->admission_date;
    if (st == HPR_OK && has_dis && c->discharge_date < c->admission_date) {
        size_t mark = hpr__in_push(in, "discharge_date");
        st = hpr__in_fail(in, HPR_EINVAL, get(node, "discharge_date"), "discharge_date is before admission_date");
        hpr__in_pop(in, mark);
    }
    const cJSON *fac = get(node, "facility");
    if (st == HPR_OK && !fac)
        st = missing(in, node, "facility");
    if (st == HPR_OK) {
        size_t mark = hpr__in_push(in, "facility");
        static const char *const fkeys[] = {"id", "level", "designated", "name", NULL};
        st = hpr__in_keys(in, fac, "a facility", fkeys);
        if (st == HPR_OK)
            st = in_string(in, fac, "id", false, &c->facility_id);
        if (st == HPR_OK)
            st = in_string(in, fac, "name", false, &ignored);
        if (st == HPR_OK && (st = in_enum(in, fac, "level", true, hpr__level_names, &v)) == HPR_OK)
            c->level = (hpr_level)v;
        if (st == HPR_OK)
            st = in_strings(in, fac, "designated", &out->designated, &c->ndesignated);
        c->designated = out->designated;
        hpr__in_pop(in, mark);
    }
    if (st == HPR_OK && (st = in_enum(in, node, "location", true, hpr__location_names, &v)) == HPR_OK)
        c->location = (hpr_location)v;
    bool ref = false;
    if (st == HPR_OK)
        st = hpr__in_bool(in, node, "referral", &ref);
    c->referral = ref;
    if (st == HPR_OK)
        st = in_strings(in, node, "diagnoses", &out->diagnoses, &c->ndiagnoses);
    c->diagnoses = out->diagnoses;
    const cJSON *costs = get(node, "costs");
    if (st == HPR_OK && !costs)
        st = missing(in, node, "costs");
    if (st == HPR_OK) {
        size_t mark = hpr__in_push(in, "costs");
        static const char *const ckeys[] = {"total",          "in_scope", "class_b_self",
                                            "out_of_catalog", "waiver",   NULL};
        st = hpr__in_keys(in, costs, "costs", ckeys);
        if (st == HPR_OK)
            st = in_money(in, costs, "total", true, &c->costs.total);
        if (st == HPR_OK)
            st = in_money(in, costs, "in_scope", true, &c->costs.in_scope);
        if (st == HPR_OK)
            st = in_money(in, costs, "class_b_self", false, &c->costs.class_b_self);
        if (st == HPR_OK)
            st = in_money(in, costs, "out_of_catalog", false, &c->costs.out_of_catalog);
        if (st == HPR_OK)
            st = in_money(in, costs, "waiver", false, &c->costs.waiver);
        hpr_money sum = 0;
        if (st == HPR_OK && (__builtin_add_overflow(c->costs.in_scope, c->costs.class_b_self, &sum) ||
                             __builtin_add_overflow(sum, c->costs.out_of_catalog, &sum)))
            st = hpr__in_fail(in, HPR_EOVERFLOW, costs, "the cost buckets add up past the largest amount");
        else if (st == HPR_OK && sum != c->costs.total)
            st = hpr__in_fail(in, HPR_EINVAL, costs,
                              "in_scope + class_b_self + out_of_catalog must equal total");
        if (st == HPR_OK && c->costs.waiver > c->costs.total)
            st = hpr__in_fail(in, HPR_EINVAL, costs, "waiver is larger than total");
        hpr__in_pop(in, mark);
    }
    if (st != HPR_OK)
        hpr__parsed_claim_dispose(out);
    return st;
}

hpr_status hpr__in_parse(hpr__jdoc *doc, const char *text, size_t len, const char *what)
{
    hpr__jerror err;
    hpr_status st = hpr__jdoc_parse(doc, text, len, &err);
    if (st == HPR_EPARSE)
        return hpr__seterr(HPR_EPARSE, "%s JSON, line %d, column %d: %s", what, err.line, err.column,
                           err.message);
    return st;
}

static int cmp_entry_id(const void *a, const void *b)
{
    return strcmp((*(const hpr__lentry *const *)a)->id, (*(const hpr__lentry *const *)b)->id);
}

/* A layer named twice is refused (by sorting: a ledger may be large). */
static hpr_status unique_layers(hpr__in *in, const cJSON *layers, const hpr_ledger *l)
{
    const hpr__lentry **v = hpr__malloc(l->n * sizeof *v);
    if (!v)
        return hpr__seterr(HPR_ENOMEM, "out of memory reading a ledger");
    for (size_t i = 0; i < l->n; i++)
        v[i] = &l->e[i];
    qsort(v, l->n, sizeof *v, cmp_entry_id);
    const char *dup = NULL;
    for (size_t i = 1; i < l->n && !dup; i++)
        if (strcmp(v[i - 1]->id, v[i]->id) == 0)
            dup = v[i]->id;
    hpr__free(v);
    if (!dup)
        return HPR_OK;
    const cJSON *e = layers->child;
    for (bool seen = false; e; e = e->next)
        if (strcmp(e->string, dup) == 0 && (seen || !(seen = true)))
            break;
    size_t mark = hpr__in_push(in, dup);
    hpr_status st = hpr__in_fail(in, HPR_EINVAL, e, "layer \"%s\" appears twice", dup);
    hpr__in_pop(in, mark);
    return st;
}

/* The owner and policy of a ledger (1.2), if given. */
static hpr_status in_ledger_owner(hpr__in *in, const cJSON *node, hpr_ledger *l)
{
    const char *person = NULL, *pid = NULL, *fp = NULL;
    hpr_status st = in_string(in, node, "person", false, &person);
    if (st == HPR_OK && person)
        st = hpr__ltext_set(&l->person, person, strlen(person));
    const cJSON *pol = get(node, "policy");
    if (st == HPR_OK && pol && !cJSON_IsNull(pol)) {
        size_t mark = hpr__in_push(in, "policy");
        static const char *const pkeys[] = {"id", "fingerprint", NULL};
        if (!cJSON_IsObject(pol))
            st = hpr__in_fail(in, HPR_EINVAL, pol, "expected {\"id\": ..., \"fingerprint\": ...}");
        if (st == HPR_OK && (st = hpr__in_keys(in, pol, "a ledger's policy", pkeys)) == HPR_OK &&
            (st = in_string(in, pol, "id", true, &pid)) == HPR_OK &&
            (st = in_string(in, pol, "fingerprint", false, &fp)) == HPR_OK &&
            (st = hpr__ltext_set(&l->policy_id, pid, strlen(pid))) == HPR_OK && fp)
            st = hpr__ltext_set(&l->fingerprint, fp, strlen(fp));
        hpr__in_pop(in, mark);
    }
    return st;
}

/* One counted claim of a ledger's record. */
static hpr_status in_ledger_claim(hpr__in *in, const cJSON *c, hpr_ledger *l, hpr_date after)
{
    static const char *const ckeys[] = {"id", "as_of", "content", "total", "patient", "layers", NULL};
    const char *id = NULL, *content = NULL;
    hpr_date as_of;
    hpr_money total, patient[HPR__NBUCKETS] = {0};
    hpr_status st = hpr__in_keys(in, c, "a ledger's claim", ckeys);
    if (st == HPR_OK && (st = in_string(in, c, "id", true, &id)) == HPR_OK && !*id)
        st = hpr__in_fail(in, HPR_EINVAL, c, "a claim id must not be empty");
    if (st == HPR_OK && (st = in_date(in, c, "as_of", true, &as_of, NULL)) == HPR_OK && as_of < after)
        st = hpr__in_fail(in, HPR_EINVAL, get(c, "as_of"), "the claims of a ledger are in date order: this "
                          "one is dated before the one before it");
    uint64_t hash = 0;
    if (st == HPR_OK && (st = in_string(in, c, "content", true, &content)) == HPR_OK) {
        char *end = NULL;
        if (strncmp(content, "xxh3:", 5) != 0 || strlen(content) != 5 + 16 ||
            (hash = strtoull(content + 5, &end, 16), end != content + 21) || !strchr("0123456789abcdef", content[5]))
            st = hpr__in_fail(in, HPR_EINVAL, get(c, "content"), "expected \"xxh3:\" and 16 hexadecimal digits "
                              "(the hash of the claim's content)");
    }
    if (st == HPR_OK)
        st = in_ledger_money(in, c, "total", true, &total);
    const cJSON *pat = st == HPR_OK ? get(c, "patient") : NULL;
    if (pat && !cJSON_IsNull(pat)) {
        size_t mark = hpr__in_push(in, "patient");
        static const char *const pkeys[] = {"in_scope", "class_b_self", "out_of_catalog", NULL};
        st = hpr__in_keys(in, pat, "the patient's payments", pkeys);
        for (int b = 0; b < HPR__NBUCKETS && st == HPR_OK; b++)
            st = in_ledger_money(in, pat, hpr__bucket_names[b], false, &patient[b]);
        hpr__in_pop(in, mark);
    }
    hpr__ldelta d[64];
    size_t nd = 0;
    const cJSON *layers = st == HPR_OK ? get(c, "layers") : NULL;
    if (layers && !cJSON_IsNull(layers)) {
        size_t mark = hpr__in_push(in, "layers");
        if (!cJSON_IsObject(layers))
            st = hpr__in_fail(in, HPR_EINVAL, layers, "expected an object of layers");
        for (const cJSON *e = st == HPR_OK ? layers->child : NULL; e && st == HPR_OK; e = e->next) {
            size_t m2 = hpr__in_push(in, e->string);
            static const char *const ekeys[] = {"base", "deductible", "paid", NULL};
            const hpr__lentry *le = NULL;
            for (size_t k = 0; k < l->n && !le; k++)
                le = strcmp(l->e[k].id, e->string) == 0 ? &l->e[k] : NULL;
            hpr_ledger_entry v = {.claims = 1};
            if (!le)
                st = hpr__in_fail(in, HPR_EINVAL, e, "layer \"%s\" is not among the ledger's layers", e->string);
            else if (nd == 64)
                st = hpr__in_fail(in, HPR_EINVAL, e, "a claim adds to at most 64 layers");
            else if ((st = hpr__in_keys(in, e, "a claim's part of a layer", ekeys)) == HPR_OK &&
                     (st = in_ledger_money(in, e, "base", true, &v.base)) == HPR_OK &&
                     (st = in_ledger_money(in, e, "deductible", true, &v.deductible)) == HPR_OK &&
                     (st = in_ledger_money(in, e, "paid", true, &v.paid)) == HPR_OK) {
                for (size_t k = 0; k < nd && st == HPR_OK; k++)
                    if (d[k].slot == (uint32_t)(le - l->e))
                        st = hpr__in_fail(in, HPR_EINVAL, e, "layer \"%s\" appears twice", e->string);
                d[nd++] = (hpr__ldelta){(uint32_t)(le - l->e), v};
            }
            hpr__in_pop(in, m2);
        }
        hpr__in_pop(in, mark);
    }
    if (st == HPR_OK) {
        if (hpr__ledger_rec_find(l, id, strlen(id)) != SIZE_MAX)
            st = hpr__in_fail(in, HPR_EINVAL, get(c, "id"), "claim \"%s\" appears twice", id);
    }
    if (st == HPR_OK)
        st = hpr__ledger_rec_push(l, id, strlen(id), as_of, hash, total, patient, d, nd, 0);
    return st;
}

/* The claims a ledger counted (1.2). Without them, a ledger with layers was
 * written before the record existed: it is read as "unrecorded", and its
 * totals are checked as before. With them, they must add up to the
 * ledger's totals (to at most them for an unrecorded one), and the entries
 * are put in the order the claims first counted them, so a reversal can
 * drop those its claims made. */
static hpr_status in_ledger_record(hpr__in *in, const cJSON *node, hpr_ledger *l)
{
    hpr_status st = in_ledger_owner(in, node, l);
    bool unrecorded = false;
    if (st == HPR_OK && (st = hpr__in_bool(in, node, "unrecorded", &unrecorded)) != HPR_OK)
        return st;
    const cJSON *claims = get(node, "claims");
    l->unrecorded = unrecorded || (!claims && (l->n || hpr_ledger_patient_paid(l)));
    if (st != HPR_OK || !claims || cJSON_IsNull(claims))
        return st;
    size_t mark = hpr__in_push(in, "claims");
    if (!cJSON_IsArray(claims))
        st = hpr__in_fail(in, HPR_EINVAL, claims, "expected an array of counted claims");
    else if (cJSON_GetArraySize(claims) > HPR_LEDGER_MAX_CLAIMS)
        st = hpr__in_fail(in, HPR_EINVAL, claims, "a ledger records at most %d claims, this one %d",
                          HPR_LEDGER_MAX_CLAIMS, cJSON_GetArraySize(claims));
    else if (cJSON_GetArraySize(claims) && !l->year)
        st = hpr__in_fail(in, HPR_EINVAL, claims, "a ledger with claims needs its policy_year");
    size_t i = 0;
    for (const cJSON *c = st == HPR_OK ? claims->child : NULL; c && st == HPR_OK; c = c->next, i++) {
        size_t m2 = hpr__in_push_index(in, i);
        st = in_ledger_claim(in, c, l, l->nrec ? l->rec[l->nrec - 1].as_of : INT32_MIN);
        hpr__in_pop(in, m2);
    }
    if (st == HPR_OK && l->nrec && !l->unrecorded)
        l->rec[0].started_year = true; /* it lists every claim: the first began the year */
    /* the totals the claims add up to */
    hpr_ledger_entry *sum = NULL;
    size_t *first = NULL;
    if (st == HPR_OK && l->n &&
        (!(sum = hpr__calloc(l->n, sizeof *sum)) || !(first = hpr__malloc(l->n * sizeof *first))))
        st = hpr__seterr(HPR_ENOMEM, "out of memory reading a ledger");
    hpr_money patient[HPR__NBUCKETS] = {0};
    for (size_t k = 0; st == HPR_OK && k < l->n; k++)
        first[k] = SIZE_MAX;
    for (size_t r = 0; st == HPR_OK && r < l->nrec; r++) {
        const hpr__lrec *rec = &l->rec[r];
        for (uint32_t j = 0; j < rec->nd; j++) {
            const hpr__ldelta *d = &l->d[rec->d_first + j];
            sum[d->slot].base += d->add.base;
            sum[d->slot].deductible += d->add.deductible;
            sum[d->slot].paid += d->add.paid;
            sum[d->slot].claims++;
            if (first[d->slot] == SIZE_MAX)
                first[d->slot] = r;
        }
        for (int b = 0; b < HPR__NBUCKETS; b++)
            patient[b] += rec->patient[b]; /* each at most 10^15, at most 4,096 of them */
    }
    for (size_t k = 0; st == HPR_OK && k < l->n; k++) {
        const hpr_ledger_entry *v = &l->e[k].v, *s = &sum[k];
        bool ok = l->unrecorded ? s->base <= v->base && s->deductible <= v->deductible && s->paid <= v->paid &&
                                      s->claims <= v->claims
                                : s->base == v->base && s->deductible == v->deductible && s->paid == v->paid &&
                                      s->claims == v->claims;
        if (!ok)
            st = hpr__in_fail(in, HPR_EINVAL, claims, "the claims' parts of layer \"%s\" do not add up to the "
                              "ledger's totals of it%s", l->e[k].id,
                              l->unrecorded ? "" : " (a ledger that counted claims it does not list says "
                                                   "\"unrecorded\": true)");
    }
    for (int b = 0; st == HPR_OK && b < HPR__NBUCKETS; b++)
        if (l->unrecorded ? patient[b] > l->patient[b] : patient[b] != l->patient[b])
            st = hpr__in_fail(in, HPR_EINVAL, claims, "the claims' payments by the patient (%s) do not add up "
                              "to the ledger's", hpr__bucket_names[b]);
    /* entries in the order first counted (those only unrecorded claims
     * counted first), the record's slots renumbered to match */
    if (st == HPR_OK && l->n && l->nrec) {
        uint32_t *to = hpr__malloc(l->n * sizeof *to);
        hpr__lentry *e = hpr__malloc(l->n * sizeof *e);
        if (!to || !e)
            st = hpr__seterr(HPR_ENOMEM, "out of memory reading a ledger");
        size_t n = 0;
        for (size_t k = 0; st == HPR_OK && k < l->n; k++)
            if (first[k] == SIZE_MAX || l->e[k].v.claims > sum[k].claims)
                to[k] = (uint32_t)n, e[n++] = l->e[k];
        for (size_t r = 0; st == HPR_OK && r < l->nrec; r++) {
            l->rec[r].e_before = (uint32_t)n;
            for (size_t k = 0; k < l->n; k++)
                if (first[k] == r && l->e[k].v.claims == sum[k].claims)
                    to[k] = (uint32_t)n, e[n++] = l->e[k];
        }
        if (st == HPR_OK) {
            memcpy(l->e, e, l->n * sizeof *e);
            for (size_t j = 0; j < l->nd; j++)
                l->d[j].slot = to[l->d[j].slot];
        }
        hpr__free(to);
        hpr__free(e);
    }
    hpr__free(sum);
    hpr__free(first);
    hpr__in_pop(in, mark);
    return st;
}

hpr_status hpr__in_ledger(hpr__in *in, const cJSON *node, hpr_ledger **out)
{
    *out = NULL;
    static const char *const keys[] = {"policy_year", "layers", "patient", "person", "policy", "claims",
                                       "unrecorded", NULL};
    hpr_status st = hpr__in_keys(in, node, "a ledger", keys);
    if (st != HPR_OK)
        return st;
    hpr_ledger *l;
    if ((st = hpr_ledger_create(&l)) != HPR_OK)
        return st;
    long year = 0;
    bool has = false, has_year = false;
    st = in_int(in, node, "policy_year", 1000, 9999, &year, &has_year);
    l->year = has_year ? (int)year : 0;
    const cJSON *layers = get(node, "layers");
    if (st == HPR_OK && layers && !cJSON_IsNull(layers)) {
        size_t mark = hpr__in_push(in, "layers");
        if (!cJSON_IsObject(layers))
            st = hpr__in_fail(in, HPR_EINVAL, layers, "expected an object of layers");
        size_t n = st == HPR_OK ? (size_t)cJSON_GetArraySize(layers) : 0;
        /* a policy has at most 64 layers: more is not a ledger, and each
         * claim would look through all of them */
        if (n > HPR__LEDGER_MAX_LAYERS)
            st = hpr__in_fail(in, HPR_EINVAL, layers, "a ledger holds at most %d layers, this one %zu",
                              HPR__LEDGER_MAX_LAYERS, n);
        if (st != HPR_OK)
            n = 0;
        if (n && !(l->e = hpr__calloc(n, sizeof *l->e)))
            st = hpr__seterr(HPR_ENOMEM, "out of memory reading a ledger");
        l->cap = n;
        static const char *const ekeys[] = {"base", "deductible", "paid", "claims", NULL};
        for (const cJSON *e = layers->child; e && st == HPR_OK; e = e->next) {
            size_t m2 = hpr__in_push(in, e->string);
            hpr_ledger_entry v = {0};
            long claims = 0;
            char *id;
            if ((st = hpr__in_keys(in, e, "a ledger entry", ekeys)) == HPR_OK &&
                (st = in_ledger_money(in, e, "base", true, &v.base)) == HPR_OK &&
                (st = in_ledger_money(in, e, "deductible", true, &v.deductible)) == HPR_OK &&
                (st = in_ledger_money(in, e, "paid", true, &v.paid)) == HPR_OK &&
                (st = in_int(in, e, "claims", 0, HPR__CLAIMS_MAX, &claims, &has)) == HPR_OK) {
                v.claims = (int)claims;
                if (v.deductible > v.base)
                    st = hpr__in_fail(in, HPR_EINVAL, e,
                                      "deductible used is more than the base it was taken from");
                else if (!(id = hpr__strndup(e->string, strlen(e->string))))
                    st = hpr__seterr(HPR_ENOMEM, "out of memory reading a ledger");
                else {
                    hpr__lentry_set_id(&l->e[l->n], id);
                    l->e[l->n++].v = v;
                }
            }
            hpr__in_pop(in, m2);
        }
        if (st == HPR_OK && l->n > 1)
            st = unique_layers(in, layers, l);
        hpr__in_pop(in, mark);
    }
    const cJSON *pat = get(node, "patient");
    if (st == HPR_OK && pat && !cJSON_IsNull(pat)) {
        size_t mark = hpr__in_push(in, "patient");
        static const char *const pkeys[] = {"in_scope", "class_b_self", "out_of_catalog", "total", NULL};
        st = hpr__in_keys(in, pat, "the patient's payments", pkeys);
        for (int b = 0; b < HPR__NBUCKETS && st == HPR_OK; b++)
            st = in_ledger_money(in, pat, hpr__bucket_names[b], false, &l->patient[b]);
        hpr_money total;
        if (st == HPR_OK && hpr_ledger_patient_paid(l) > HPR__AMOUNT_MAX)
            st = hpr__in_fail(in, HPR_EOVERFLOW, pat,
                              "the buckets add up to more than 10000000000000.00 (10^15 fen)");
        else if (st == HPR_OK && get(pat, "total") &&
            (st = in_ledger_money(in, pat, "total", false, &total)) == HPR_OK &&
            total != hpr_ledger_patient_paid(l))
            st = hpr__in_fail(in, HPR_EINVAL, pat, "total is not the sum of the buckets");
        hpr__in_pop(in, mark);
    }
    if (st == HPR_OK && !has_year && l->n)
        st = hpr__in_fail(in, HPR_EINVAL, node, "a ledger with layers needs its policy_year");
    if (st == HPR_OK)
        st = in_ledger_record(in, node, l);
    if (st != HPR_OK) {
        hpr_ledger_free(l);
        return st;
    }
    /* the bounds settling relies on (ledger.h); every value is checked */
    hpr_money amount = hpr_ledger_patient_paid(l);
    int count = 0;
    for (size_t i = 0; i < l->n; i++) {
        const hpr_ledger_entry *v = &l->e[i].v;
        hpr_money m = v->base > v->paid ? v->base : v->paid;
        amount = m > amount ? m : amount;
        count = v->claims > count ? v->claims : count;
    }
    l->bound = amount + (hpr_money)count * HPR__CLAIM_WEIGHT;
    if (st != HPR_OK) {
        hpr_ledger_free(l);
        return st;
    }
    *out = l;
    return HPR_OK;
}
