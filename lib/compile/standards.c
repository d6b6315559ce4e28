/* SPDX-License-Identifier: MIT */
/* Loading a standards document (docs/standards-audit.md): the same
 * machinery as a policy (located diagnostics, dated parameters with their
 * citations, sources, a fingerprint), into model/standards.h. */
#include <string.h>

#include <nettle/sha2.h>

#include "compile/compile.h"
#include "compile/reader.h"
#include "core/file.h"
#include "core/names.h"
#include "hpr/standards.h"
#include "model/standards.h"

#define MAX_STANDARDS_BYTES (16u * 1024u * 1024u)
/* A document is a plan's list of standards; the bound keeps every roll-up
 * of amounts (at most one per staff row or village per standard) in int64. */
#define MAX_STANDARDS 256

static const char *const TOP_KEYS[] = {"format",  "kind",    "id",        "title", "description",
                                       "jurisdiction", "effective", "sources", "standards", NULL};

/* Members every standard may have; then each kind's own. */
static const char *const COMMON_KEYS[] = {"id",   "rule", "title", "title_en", "ref", "from",
                                          "to",   "counties", "villages", "note", NULL};

static const hpr__pspec POPULATION = {HPR__P_INT, 0, 1000000000};
static const hpr__pspec COUNT = {HPR__P_INT, 0, 1000};
static const hpr__pspec AREA = {HPR__P_INT, 0, 1000000};
static const hpr__pspec YESNO = {HPR__P_BOOL, 0, 1};
/* up to 10,000,000 yuan: with at most one subsidy per staff row and one
 * grant per village, no roll-up can overflow int64 fen */
static const hpr__pspec AMOUNT = {HPR__P_MONEY, 0, 1000000000LL};

static const char *const QUAL_NAMES[] = {"physician", "assistant_physician", "village_doctor", "gp",
                                         NULL};
static const char *const ROOM_NAMES[] = {"diagnosis", "treatment", "public_health", "pharmacy", NULL};
static const char *const DEPT_NAMES[] = {"clinical", "public_health", NULL};
static const char *const SCOPES[] = {"all", "poor", NULL};

/* The keys a kind allows beside the common ones. */
static const char *const *kind_keys(hpr__std_kind k)
{
    static const char *const none[] = {NULL};
    static const char *const clinic[] = {"exceptions", NULL};
    static const char *const doctors[] = {"qualifications", NULL};
    static const char *const capacity[] = {"population_above", "level", NULL};
    static const char *const depts[] = {"population_above", "departments", NULL};
    static const char *const facility[] = {"population_above", "min_area_m2", "rooms", NULL};
    static const char *const gps[] = {"minimum", NULL};
    static const char *const subsidy[] = {"monthly", "service_population_below",
                                          "essential_medicines", "qualifications", NULL};
    static const char *const grant[] = {"closes", "bands", NULL};
    switch (k) {
    case HPR__STD_VILLAGE_CLINIC: return clinic;
    case HPR__STD_COUNTY_DOCTORS:
    case HPR__STD_TOWNSHIP_DOCTOR:
    case HPR__STD_VILLAGE_DOCTOR: return doctors;
    case HPR__STD_COUNTY_CAPACITY: return capacity;
    case HPR__STD_TOWNSHIP_DEPARTMENTS: return depts;
    case HPR__STD_CLINIC_FACILITY: return facility;
    case HPR__STD_TOWNSHIP_GPS: return gps;
    case HPR__STD_VILLAGE_DOCTOR_SUBSIDY: return subsidy;
    case HPR__STD_CLINIC_GRANT: return grant;
    default: return none;
    }
}

static bool read_mask(hpr__reader *r, const cJSON *obj, const char *key, bool required,
                      const char *const *names, const char *what, uint32_t *out)
{
    uint64_t mask = 0;
    if (!cJSON_GetObjectItemCaseSensitive(obj, key)) {
        if (required)
            hpr__rd_member(r, obj, key, true);
        return !required;
    }
    bool ok = hpr__rd_mask(r, obj, key, names, SIZE_MAX, what, &mask);
    *out = (uint32_t)mask;
    if (ok && mask == 0) {
        size_t m = hpr__rd_push(r, key);
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(obj, key), "\"%s\" is empty", key);
        hpr__rd_pop(r, m);
        ok = false;
    }
    return ok;
}

static void read_exceptions(hpr__reader *r, const cJSON *node, hpr__standard *s)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(node, "exceptions");
    if (!e)
        return;
    size_t mark = hpr__rd_push(r, "exceptions");
    static const char *const keys[] = {"share_below_population", "township_centre_village",
                                       "relocated", NULL};
    if (hpr__rd_object(r, e, "\"exceptions\"", keys)) {
        hpr__rd_param(r, e, "share_below_population", false, &POPULATION, &s->share_below);
        hpr__rd_param(r, e, "township_centre_village", false, &YESNO, &s->host_exempt);
        hpr__rd_param(r, e, "relocated", false, &YESNO, &s->relocated_exempt);
    }
    hpr__rd_pop(r, mark);
}

static void read_bands(hpr__reader *r, const cJSON *node, hpr__standard *s)
{
    const cJSON *b = hpr__rd_member(r, node, "bands", true);
    if (!b)
        return;
    size_t mark = hpr__rd_push(r, "bands");
    if (hpr__rd_array(r, b, "\"bands\"")) {
        size_t n = (size_t)cJSON_GetArraySize(b);
        s->bands = n ? hpr__arena_alloc(r->arena, n * sizeof *s->bands) : NULL;
        if (n && !s->bands)
            r->oom = true;
        if (n == 0)
            hpr__rd_error(r, b, "\"bands\" is empty: give at least one {\"from_population\", \"amount\"}");
        size_t i = 0;
        static const char *const keys[] = {"from_population", "amount", "note", NULL};
        for (const cJSON *e = b->child; e && s->bands; e = e->next, i++) {
            size_t m2 = hpr__rd_push_index(r, i);
            if (hpr__rd_object(r, e, "a band", keys)) {
                long from = 0;
                hpr__grant_band *band = &s->bands[s->nbands];
                bool ok = hpr__rd_int(r, e, "from_population", true, 0, 1000000000, &from, NULL);
                ok = hpr__rd_param(r, e, "amount", true, &AMOUNT, &band->amount) && ok;
                if (ok && s->nbands && from <= s->bands[s->nbands - 1].from_population) {
                    size_t m3 = hpr__rd_push(r, "from_population");
                    hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(e, "from_population"),
                                  "bands must ascend by from_population");
                    hpr__rd_pop(r, m3);
                    ok = false;
                }
                band->from_population = from;
                if (ok)
                    s->nbands++;
            }
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}

static void read_kind_members(hpr__reader *r, const cJSON *node, hpr__standard *s)
{
    switch (s->kind) {
    case HPR__STD_VILLAGE_CLINIC: read_exceptions(r, node, s); break;
    case HPR__STD_COUNTY_DOCTORS:
    case HPR__STD_TOWNSHIP_DOCTOR:
    case HPR__STD_VILLAGE_DOCTOR:
        read_mask(r, node, "qualifications", true, QUAL_NAMES, "qualification", &s->qualifications);
        break;
    case HPR__STD_COUNTY_CAPACITY: {
        int level = 0;
        hpr__rd_param(r, node, "population_above", true, &POPULATION, &s->population_above);
        if (hpr__rd_enum(r, node, "level", true, hpr__hosp_level_names, &level))
            s->level = (hpr__hosp_level)level;
        break;
    }
    case HPR__STD_TOWNSHIP_DEPARTMENTS:
        hpr__rd_param(r, node, "population_above", true, &POPULATION, &s->population_above);
        read_mask(r, node, "departments", true, DEPT_NAMES, "department", &s->rooms);
        break;
    case HPR__STD_CLINIC_FACILITY:
        hpr__rd_param(r, node, "population_above", true, &POPULATION, &s->population_above);
        hpr__rd_param(r, node, "min_area_m2", true, &AREA, &s->minimum);
        read_mask(r, node, "rooms", true, ROOM_NAMES, "room", &s->rooms);
        break;
    case HPR__STD_TOWNSHIP_GPS:
        hpr__rd_param(r, node, "minimum", true, &COUNT, &s->minimum);
        break;
    case HPR__STD_VILLAGE_DOCTOR_SUBSIDY:
        hpr__rd_param(r, node, "monthly", true, &AMOUNT, &s->monthly);
        hpr__rd_param(r, node, "service_population_below", false, &POPULATION, &s->service_below);
        hpr__rd_bool(r, node, "essential_medicines", false, &s->essential_medicines);
        read_mask(r, node, "qualifications", true, QUAL_NAMES, "qualification", &s->qualifications);
        break;
    case HPR__STD_CLINIC_GRANT:
        hpr__rd_string(r, node, "closes", true, &s->closes);
        read_bands(r, node, s);
        break;
    default: break;
    }
}

static void read_standard(hpr__reader *r, const cJSON *node, hpr__standard *s, bool *ok_out)
{
    *ok_out = false;
    int kind = -1;
    if (!cJSON_IsObject(node)) {
        hpr__rd_error(r, node, "a standard must be an object {\"id\", \"rule\", ...}");
        return;
    }
    if (!hpr__rd_enum(r, node, "rule", true, hpr__std_kind_names, &kind))
        return;
    s->kind = (hpr__std_kind)kind;
    const char *keys[32];
    size_t n = 0;
    for (size_t i = 0; COMMON_KEYS[i]; i++)
        keys[n++] = COMMON_KEYS[i];
    for (const char *const *k = kind_keys(s->kind); *k; k++)
        keys[n++] = *k;
    keys[n] = NULL;
    bool ok = hpr__rd_object(r, node, "a standard", keys);
    ok = hpr__rd_string(r, node, "id", true, &s->id) && ok;
    if (s->id && !hpr__rd_name_ok(s->id)) {
        size_t m = hpr__rd_push(r, "id");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "id"),
                      "standard id \"%s\" must start with a-z and use only a-z, 0-9 and '_'", s->id);
        hpr__rd_pop(r, m);
        ok = false;
    }
    ok = hpr__rd_string(r, node, "title", true, &s->title) && ok;
    ok = hpr__rd_string(r, node, "title_en", false, &s->title_en) && ok;
    ok = hpr__rd_string(r, node, "ref", true, &s->ref) && ok;
    if (s->ref && !hpr__rd_ref_ok(r, s->ref)) {
        size_t m = hpr__rd_push(r, "ref");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "ref"),
                      "ref \"%s\" does not start with the id of a declared source (see /sources)",
                      s->ref);
        hpr__rd_pop(r, m);
        ok = false;
    } else if (s->ref) {
        const hpr__source *src = hpr__source_find(*r->sources, *r->nsources, s->ref,
                                                  strcspn(s->ref, " \t"));
        s->ref_assumed = src && src->confidence && strcmp(src->confidence, "assumption") == 0;
    }
    bool has_from = false, has_to = false;
    s->from = INT32_MIN;
    s->to = INT32_MAX;
    ok = hpr__rd_date(r, node, "from", true, &s->from, &has_from) && ok;
    ok = hpr__rd_date(r, node, "to", false, &s->to, &has_to) && ok;
    if (!has_to)
        s->to = INT32_MAX;
    if (has_from && has_to && s->to < s->from) {
        size_t m = hpr__rd_push(r, "to");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "to"), "\"to\" is before \"from\"");
        hpr__rd_pop(r, m);
        ok = false;
    }
    int scope = 0;
    ok = hpr__rd_enum(r, node, "counties", false, SCOPES, &scope) && ok;
    s->counties = (hpr__std_scope)scope;
    scope = 0;
    ok = hpr__rd_enum(r, node, "villages", false, SCOPES, &scope) && ok;
    s->villages = (hpr__std_scope)scope;
    const char *note;
    hpr__rd_string(r, node, "note", false, &note);
    size_t before = r->diag->errors;
    read_kind_members(r, node, s);
    *ok_out = ok && r->diag->errors == before;
}

/* A grant names the standard whose blank spots it closes: a village_clinic
 * listed before it. */
static bool resolve_closes(hpr__reader *r, const cJSON *node, hpr_standards *st, hpr__standard *s,
                           const cJSON *const *refused, size_t nrefused)
{
    for (size_t k = 0; k < st->n; k++)
        if (strcmp(st->items[k].id, s->closes) == 0 && st->items[k].kind == HPR__STD_VILLAGE_CLINIC) {
            s->closes_index = k;
            return true;
        }
    /* a standard refused for an error of its own is reported once, there:
     * naming it is no second error */
    for (size_t k = 0; k < nrefused; k++) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(refused[k], "id");
        if (cJSON_IsString(id) && strcmp(id->valuestring, s->closes) == 0)
            return false;
    }
    size_t m = hpr__rd_push(r, "closes");
    hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "closes"),
                  "\"closes\" must name a village_clinic standard listed before this one; \"%s\" "
                  "is not one",
                  s->closes);
    hpr__rd_pop(r, m);
    return false;
}

static void read_standards(hpr__reader *r, const cJSON *root, hpr_standards *st)
{
    const cJSON *arr = hpr__rd_member(r, root, "standards", true);
    if (!arr)
        return;
    size_t mark = hpr__rd_push(r, "standards");
    if (hpr__rd_array(r, arr, "\"standards\"")) {
        size_t n = (size_t)cJSON_GetArraySize(arr);
        st->items = n ? hpr__arena_alloc(r->arena, n * sizeof *st->items) : NULL;
        if (n && !st->items)
            r->oom = true;
        if (n == 0)
            hpr__rd_error(r, arr, "\"standards\" is empty");
        if (n > MAX_STANDARDS) {
            hpr__rd_error(r, arr, "%zu standards: at most %d in one document", n, MAX_STANDARDS);
            n = 0;
            st->items = NULL;
        }
        size_t i = 0, nrefused = 0;
        const cJSON *refused[MAX_STANDARDS];
        for (const cJSON *node = arr->child; node && st->items; node = node->next, i++) {
            size_t m = hpr__rd_push_index(r, i);
            hpr__standard *s = &st->items[st->n];
            bool ok;
            read_standard(r, node, s, &ok);
            for (size_t k = 0; ok && k < st->n; k++)
                if (strcmp(st->items[k].id, s->id) == 0) {
                    size_t m2 = hpr__rd_push(r, "id");
                    hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(node, "id"),
                                  "standard id \"%s\" is used twice", s->id);
                    hpr__rd_pop(r, m2);
                    ok = false;
                }
            bool own = ok; /* refused for an error of its own (not a knock-on one) */
            if (ok && s->kind == HPR__STD_CLINIC_GRANT)
                ok = resolve_closes(r, node, st, s, refused, nrefused);
            if (ok)
                st->n++;
            else
                memset(s, 0, sizeof *s);
            if (!own && nrefused < MAX_STANDARDS)
                refused[nrefused++] = node;
            hpr__rd_pop(r, m);
        }
    }
    hpr__rd_pop(r, mark);
}

static void read_top(hpr__reader *r, const cJSON *root, hpr_standards *st)
{
    if (!cJSON_IsObject(root)) {
        hpr__rd_error(r, root, "a standards document must be a JSON object");
        return;
    }
    long format = 0;
    if (!hpr__rd_int(r, root, "format", true, 1, 1000000, &format, NULL))
        return;
    if (format > HPR_STANDARDS_FORMAT_VERSION) {
        size_t m = hpr__rd_push(r, "format");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(root, "format"),
                      "standards format %ld is newer than this library supports (%d); upgrade "
                      "libhpr to load it",
                      format, HPR_STANDARDS_FORMAT_VERSION);
        hpr__rd_pop(r, m);
        st->format = -1;
        return;
    }
    st->format = (int)format;
    static const char *const KINDS[] = {"standards", NULL};
    int kind = -1;
    if (!cJSON_GetObjectItemCaseSensitive(root, "kind") && cJSON_GetObjectItemCaseSensitive(root, "layers")) {
        hpr__rd_error(r, root, "this is a policy document (it has \"layers\"), not a standards "
                               "document: a standards document has \"kind\": \"standards\"");
        return;
    }
    hpr__rd_enum(r, root, "kind", true, KINDS, &kind);
    hpr__rd_object(r, root, "a standards document", TOP_KEYS);
    if (hpr__rd_string(r, root, "id", true, &st->id) && st->id && !hpr__rd_id_ok(st->id)) {
        size_t m = hpr__rd_push(r, "id");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(root, "id"),
                      "id \"%s\" must be lower-case letters, digits, '-', '_' or '.'", st->id);
        hpr__rd_pop(r, m);
    }
    const char *s;
    hpr__rd_string(r, root, "title", true, &st->title);
    hpr__rd_string(r, root, "description", false, &s);
    hpr__rd_string(r, root, "jurisdiction", false, &s);
    st->effective_from = INT32_MIN;
    st->effective_to = INT32_MAX;
    const cJSON *e = hpr__rd_member(r, root, "effective", false);
    if (e) {
        size_t m = hpr__rd_push(r, "effective");
        static const char *const keys[] = {"from", "to", "note", NULL};
        bool has_to = false;
        if (hpr__rd_object(r, e, "\"effective\"", keys)) {
            hpr__rd_date(r, e, "from", true, &st->effective_from, NULL);
            hpr__rd_date(r, e, "to", false, &st->effective_to, &has_to);
            hpr__rd_string(r, e, "note", false, &s);
        }
        if (!has_to)
            st->effective_to = INT32_MAX;
        hpr__rd_pop(r, m);
    }
    hpr__rd_sources(r, root, "standards document");
    read_standards(r, root, st);
}

static hpr_status load(hpr_standards **out, hpr_diagnostics *diag, const char *data, size_t len,
                       const char *name)
{
    hpr__jdoc doc;
    hpr__jerror jerr;
    hpr_status st = hpr__jdoc_parse(&doc, data, len, &jerr);
    if (st == HPR_EPARSE) {
        hpr__diag_add(diag, HPR_SEVERITY_ERROR, name, jerr.line, jerr.column, "", "invalid JSON: %s",
                      jerr.message);
        return diag->oom ? hpr__seterr(HPR_ENOMEM, "out of memory")
                         : hpr__fail_with_first(HPR_EPARSE, diag);
    }
    if (st != HPR_OK)
        return st;
    hpr_standards *s = hpr__calloc(1, sizeof *s);
    if (!s) {
        hpr__jdoc_dispose(&doc);
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a standards document");
    }
    struct sha256_ctx fp;
    sha256_init(&fp);
    sha256_update(&fp, len, (const uint8_t *)data);
    hpr__reader r = {.doc = &doc, .diag = diag, .file = name, .arena = &s->arena,
                     .sources = &s->sources, .nsources = &s->nsources, .fingerprint = &fp};
    hpr__buf_put(&r.path, "", 0);
    s->file = hpr__arena_strndup(&s->arena, name, strlen(name));
    read_top(&r, doc.root, s);
    uint64_t tag;
    hpr__fingerprint_hex(s->fingerprint, &tag, &fp);
    hpr__diag_sort(diag);
    bool oom = r.oom || diag->oom || !s->file || r.path.oom;
    hpr__free(r.params);
    hpr__buf_dispose(&r.path);
    hpr__jdoc_dispose(&doc);
    if (oom) {
        hpr_standards_free(s);
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a standards document");
    }
    if (s->format < 0 || diag->errors > 0) {
        bool newer = s->format < 0;
        hpr_standards_free(s);
        return hpr__fail_with_first(newer ? HPR_EVERSION : HPR_EPOLICY, diag);
    }
    *out = s;
    return HPR_OK;
}

hpr_status hpr_standards_load_buffer(hpr_standards **out, hpr_diagnostics **diagnostics_out,
                                     const char *data, size_t len, const char *name)
{
    if (out)
        *out = NULL;
    if (diagnostics_out)
        *diagnostics_out = NULL;
    if (!out || (!data && len))
        return hpr__seterr(HPR_EINVAL, "hpr_standards_load_buffer: %s is NULL", out ? "data" : "out");
    hpr_diagnostics *diag = hpr__diag_new();
    if (!diag)
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a standards document");
    name = name ? name : "<memory>";
    if (len > MAX_STANDARDS_BYTES) {
        hpr__diag_add(diag, HPR_SEVERITY_ERROR, name, 0, 0, "",
                      "document of %zu bytes is larger than the %u-byte limit for standards", len,
                      MAX_STANDARDS_BYTES);
        return hpr__diag_hand_over(hpr__fail_with_first(HPR_EPOLICY, diag), diag, diagnostics_out);
    }
    return hpr__diag_hand_over(load(out, diag, data ? data : "", len, name), diag, diagnostics_out);
}

hpr_status hpr_standards_load_file(hpr_standards **out, hpr_diagnostics **diagnostics_out,
                                   const char *path)
{
    if (out)
        *out = NULL;
    if (diagnostics_out)
        *diagnostics_out = NULL;
    if (!out || !path)
        return hpr__seterr(HPR_EINVAL, "hpr_standards_load_file: %s is NULL", out ? "path" : "out");
    hpr_diagnostics *diag = hpr__diag_new();
    if (!diag)
        return hpr__seterr(HPR_ENOMEM, "out of memory loading a standards document");
    char *data;
    size_t len;
    hpr_status st = hpr__read_file(path, MAX_STANDARDS_BYTES, &data, &len);
    if (st != HPR_OK) {
        if (st == HPR_EIO)
            hpr__diag_add(diag, HPR_SEVERITY_ERROR, path, 0, 0, "", "%s", hpr_error_last()->message);
        return hpr__diag_hand_over(st, diag, diagnostics_out);
    }
    st = load(out, diag, data, len, path);
    hpr__free(data);
    return hpr__diag_hand_over(st, diag, diagnostics_out);
}
