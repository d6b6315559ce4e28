/* SPDX-License-Identifier: MIT */
/* The top level of a policy document: format check, metadata, sources and
 * named parameters. docs/policy-format.md documents every member. */
#include <string.h>

#include "compile/compile.h"
#include "model/policy.h"

static const char *const TOP_KEYS[] = {"format",      "id",         "title",   "description",
                                       "jurisdiction", "effective", "as_of",   "policy_year_start",
                                       "sources",     "parameters", "status_kinds",
                                       "categories",  "waiver_order", "layers",
                                       "catalogs",    "classification", "eligibility",
                                       "monitoring",  "fixed_fees", "extensions", NULL};

/* "format": checked first, because a newer document may use members this
 * library does not know and reporting those would only mislead. */
static hpr__section_result read_format(hpr__reader *r, const cJSON *root)
{
    long format = 0;
    bool present = false;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (m && cJSON_IsNumber(m)) {
        size_t len;
        const char *raw = hpr__rd_raw(r, m, &len);
        int64_t v;
        if (raw && hpr__decimal_parse(&v, raw, len, 0, true, "format") == HPR_OK &&
            v > HPR_POLICY_FORMAT_VERSION) {
            size_t mark = hpr__rd_push(r, "format");
            hpr__rd_error(r, m,
                          "policy format %lld is newer than this library supports (%d); upgrade "
                          "libhpr to load it",
                          (long long)v, HPR_POLICY_FORMAT_VERSION);
            hpr__rd_pop(r, mark);
            return HPR__SECTIONS_NEWER_FORMAT;
        }
    }
    if (hpr__rd_int(r, root, "format", true, 1, HPR_POLICY_FORMAT_VERSION, &format, &present) &&
        present)
        r->policy->format = (int)format;
    return HPR__SECTIONS_DONE;
}

static void read_effective(hpr__reader *r, const cJSON *root)
{
    struct hpr_policy *p = r->policy;
    p->effective_from = HPR__DATE_MIN;
    p->effective_to = HPR__DATE_MAX;
    const cJSON *e = hpr__rd_member(r, root, "effective", false);
    if (!e)
        return;
    size_t mark = hpr__rd_push(r, "effective");
    static const char *const keys[] = {"from", "to", "note", NULL};
    if (hpr__rd_object(r, e, "\"effective\"", keys)) {
        bool has_to = false;
        const char *note;
        hpr__rd_string(r, e, "note", false, &note);
        if (hpr__rd_date(r, e, "from", true, &p->effective_from, NULL) &&
            hpr__rd_date(r, e, "to", false, &p->effective_to, &has_to) && has_to &&
            p->effective_to < p->effective_from) {
            size_t m2 = hpr__rd_push(r, "to");
            hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(e, "to"),
                          "\"to\" is before \"from\"");
            hpr__rd_pop(r, m2);
        }
        if (!has_to)
            p->effective_to = HPR__DATE_MAX;
    }
    hpr__rd_pop(r, mark);
}

static void read_year_start(hpr__reader *r, const cJSON *root)
{
    struct hpr_policy *p = r->policy;
    p->year_start_month = 1;
    p->year_start_day = 1;
    const char *s = NULL;
    if (!hpr__rd_string(r, root, "policy_year_start", false, &s) || !s)
        return;
    int m = 0, d = 0;
    bool ok = strlen(s) == 5 && s[2] == '-' && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
              s[1] <= '9' && s[3] >= '0' && s[3] <= '9' && s[4] >= '0' && s[4] <= '9';
    if (ok) {
        m = (s[0] - '0') * 10 + (s[1] - '0');
        d = (s[3] - '0') * 10 + (s[4] - '0');
        ok = m >= 1 && m <= 12 && d >= 1 && d <= 28;
    }
    if (!ok) {
        size_t mark = hpr__rd_push(r, "policy_year_start");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(root, "policy_year_start"),
                      "\"%s\" is not a policy year start: expected MM-DD with a day from 01 to 28",
                      s);
        hpr__rd_pop(r, mark);
        return;
    }
    p->year_start_month = m;
    p->year_start_day = d;
}

static const char *const PARAM_TYPES[] = {"money", "ratio", "integer", NULL};

static void read_parameters(hpr__reader *r, const cJSON *root)
{
    struct hpr_policy *p = r->policy;
    const cJSON *s = hpr__rd_member(r, root, "parameters", false);
    if (!s)
        return;
    size_t mark = hpr__rd_push(r, "parameters");
    if (hpr__rd_object(r, s, "\"parameters\"", NULL)) {
        size_t n = (size_t)cJSON_GetArraySize(s);
        p->parameters = n ? hpr__arena_alloc(r->arena, n * sizeof *p->parameters) : NULL;
        if (n && !p->parameters) {
            r->oom = true;
            n = 0;
        }
        for (const cJSON *m = s->child; m && !r->oom; m = m->next) {
            size_t m2 = hpr__rd_push(r, m->string);
            int type = -1;
            if (!hpr__rd_name_ok(m->string)) {
                hpr__rd_error_key(r, m,
                                  "parameter name \"%s\" must start with a-z and use only a-z, "
                                  "0-9 and '_'",
                                  m->string);
            } else if (!cJSON_IsObject(m)) {
                hpr__rd_error(r, m,
                              "a named parameter must be an object {\"type\": ..., \"value\": ...}");
            } else if (hpr__rd_enum(r, m, "type", true, PARAM_TYPES, &type)) {
                static const hpr__pspec specs[] = {
                    {HPR__P_MONEY, 0, INT64_MAX},
                    {HPR__P_RATIO, 0, INT64_MAX},
                    {HPR__P_INT, INT32_MIN, INT32_MAX},
                };
                static const char *const extra[] = {"type", "description", NULL};
                const hpr__param *param;
                const char *desc = NULL;
                bool ok = hpr__rd_string(r, m, "description", false, &desc);
                if (hpr__rd_param_node(r, m, &specs[type], extra, &param) && ok) {
                    hpr__named_param *np = &p->parameters[p->nparameters++];
                    np->name = hpr__arena_strndup(r->arena, m->string, strlen(m->string));
                    np->description = desc;
                    np->param = param;
                    if (!np->name)
                        r->oom = true;
                }
            }
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}

hpr__section_result hpr__compile_sections(hpr__reader *r, const cJSON *root, const char *base_dir)
{
    struct hpr_policy *p = r->policy;
    r->root = root;
    if (!cJSON_IsObject(root)) {
        hpr__rd_error(r, root, "a policy document must be a JSON object");
        return r->oom ? HPR__SECTIONS_OOM : HPR__SECTIONS_DONE;
    }
    if (read_format(r, root) == HPR__SECTIONS_NEWER_FORMAT)
        return HPR__SECTIONS_NEWER_FORMAT;
    hpr__rd_object(r, root, "a policy document", TOP_KEYS);

    if (hpr__rd_string(r, root, "id", true, &p->id) && p->id && !hpr__rd_id_ok(p->id)) {
        size_t mark = hpr__rd_push(r, "id");
        hpr__rd_error(r, cJSON_GetObjectItemCaseSensitive(root, "id"),
                      "policy id \"%s\" must be lower-case letters, digits, '-', '_' or '.'", p->id);
        hpr__rd_pop(r, mark);
    }
    hpr__rd_string(r, root, "title", true, &p->title);
    hpr__rd_string(r, root, "description", false, &p->description);
    hpr__rd_string(r, root, "jurisdiction", false, &p->jurisdiction);
    read_effective(r, root);
    static const char *const AS_OF[] = {"discharge_date", "admission_date", NULL};
    int as_of = HPR__AS_OF_DISCHARGE;
    hpr__rd_enum(r, root, "as_of", false, AS_OF, &as_of);
    p->as_of = (hpr__as_of_basis)as_of;
    read_year_start(r, root);
    hpr__rd_sources(r, root, "policy");
    read_parameters(r, root);
    hpr__read_extensions(r, root); /* after the parameters its calls may pass */
    hpr__read_status_kinds(r, root);
    hpr__read_categories(r, root);
    hpr__read_waiver_order(r, root);
    hpr__read_catalogs(r, root, base_dir); /* before the conditions that name diseases */
    hpr__read_fixed_fees(r, root);
    hpr__read_layers(r, root);
    hpr__read_classification(r, root);
    hpr__read_eligibility(r, root);
    hpr__read_monitoring(r, root);
    return r->oom ? HPR__SECTIONS_OOM : HPR__SECTIONS_DONE;
}
