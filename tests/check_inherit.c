/* SPDX-License-Identifier: MIT */
/* Policy inheritance (docs/policy-format.md "Inheritance"): every form of
 * override, removal, insertion, set by pointer, chains of three, cycles,
 * missing bases, errors located in the child or the base, fingerprints
 * over the chain, derive and load_base, and what a child changes. The
 * base of most tests is tests/data/four-layers.json, copied into a
 * temporary directory so that children name it relatively. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_suites.h"

static char dir[256];

static void write_text(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/hpr-inherit-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char *base = hpr_test_read_source("tests/data/four-layers.json");
    write_text("nation.json", base);
    free(base);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/county", dir);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
}

static void teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Loads dir/name; the status, and the diagnostics in *diag (caller frees). */
static hpr_status load(const char *name, hpr_policy **p, hpr_diagnostics **diag)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return hpr_policy_load_file(p, diag, path, NULL);
}

static hpr_policy *must_load(const char *name)
{
    hpr_policy *p = NULL;
    hpr_diagnostics *diag = NULL;
    hpr_status st = load(name, &p, &diag);
    if (st != HPR_OK) {
        char *text = NULL;
        hpr_diagnostics_format(&text, diag);
        ck_abort_msg("%s: %s\n%s", name, hpr_error_last()->message, text ? text : "");
    }
    hpr_diagnostics_free(diag);
    return p;
}

/* The first error: its file's last path component and its line. */
static const hpr_diagnostic *first_error(const hpr_diagnostics *d)
{
    for (size_t i = 0; i < hpr_diagnostics_count(d); i++)
        if (hpr_diagnostics_get(d, i)->severity == HPR_SEVERITY_ERROR)
            return hpr_diagnostics_get(d, i);
    ck_abort_msg("no error");
    return NULL;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static hpr_money money_at(const hpr_policy *p, const char *ptr, hpr_date on)
{
    hpr_money m = -1;
    ck_assert_msg(hpr_policy_param_money(&m, p, ptr, on) == HPR_OK, "%s: %s", ptr,
                  hpr_error_last()->message);
    return m;
}

static hpr_ratio ratio_at(const hpr_policy *p, const char *ptr, hpr_date on)
{
    hpr_ratio v = -1;
    ck_assert_msg(hpr_policy_param_ratio(&v, p, ptr, on) == HPR_OK, "%s: %s", ptr,
                  hpr_error_last()->message);
    return v;
}

/* The layer ids in order, joined by spaces. */
static const char *layers(const hpr_policy *p)
{
    static char buf[256];
    buf[0] = '\0';
    for (size_t i = 0; i < hpr_policy_layer_count(p); i++) {
        if (i)
            strcat(buf, " ");
        strcat(buf, hpr_policy_layer(p, i, NULL));
    }
    return buf;
}

START_TEST(replace_and_add_by_id)
{
    char *t = hpr_test_jq("{'format': 1, 'extends': 'nation.json', 'id': 'province',\n"
                          " 'layers': [\n"
                          "  {'id': 'assistance', 'name': 'Assistance at 80%', 'kind': 'share',\n"
                          "   'payer': 'medical_assistance', 'covers': ['in_scope'],\n"
                          "   'applies_to': {'categories': ['dibao']}, 'ratio': '0.8'},\n"
                          "  {'id': 'topup', 'name': 'Top-up', 'kind': 'share', 'payer': 'fiscal_safety_net',\n"
                          "   'covers': ['in_scope'], 'ratio': '0.1'}],\n"
                          " 'categories': {'tekun': {'statuses': ['tekun']}}}\n");
    write_text("province.json", t);
    free(t);
    hpr_policy *p = must_load("province.json");
    /* replaced in place, the new one appended */
    ck_assert_str_eq(layers(p), "basic critical assistance oop topup");
    ck_assert_int_eq(ratio_at(p, "/layers/2/ratio", ymd(2020, 1, 1)), 800000);
    ck_assert_str_eq(hpr_policy_id(p), "province");
    /* categories merged by key: the base's three and the new one */
    ck_assert_uint_eq(hpr_policy_category_count(p), 4);
    ck_assert_str_eq(hpr_policy_category(p, 3), "tekun");
    /* everything else is the base's */
    ck_assert_int_eq(money_at(p, "/layers/1/deductible/amount", ymd(2020, 1, 1)), 1200000);
    hpr_policy_free(p);
}
END_TEST

START_TEST(remove_and_insert)
{
    char *t = hpr_test_jq("{'format': 1, 'extends': 'nation.json',\n"
                          " 'remove': ['/layers/oop', 'layers/basic/modifiers/1'],\n"
                          " 'layers': [\n"
                          "  {'id': 'tilt', 'name': 'Tilt', 'kind': 'share', 'payer': 'fiscal_safety_net',\n"
                          "   'covers': ['in_scope'], 'ratio': '0.1', 'after': 'basic'},\n"
                          "  {'id': 'assistance', 'before': 'basic', 'name': 'Assistance first', 'kind': 'share',\n"
                          "   'payer': 'medical_assistance', 'covers': ['in_scope'], 'ratio': '0.5'}]}\n");
    write_text("child.json", t);
    free(t);
    hpr_policy *p = must_load("child.json");
    ck_assert_str_eq(layers(p), "assistance basic tilt critical");
    /* the base's second basic modifier is gone: only the first one's ratio_add is left */
    hpr_ratio r;
    ck_assert_int_eq(hpr_policy_param_ratio(&r, p, "/layers/1/modifiers/0/ratio_add", ymd(2020, 1, 1)), HPR_OK);
    char *json = NULL;
    ck_assert_int_eq(hpr_policy_describe(&json, p), HPR_OK);
    ck_assert_ptr_null(strstr(json, "/layers/1/modifiers/1"));
    hpr_free(json);
    hpr_policy_free(p);
}
END_TEST

START_TEST(set_by_pointer)
{
    char *t = hpr_test_jq("{'format': 1, 'extends': 'nation.json',\n"
                          " 'sources': {'reform': {'title': 'a reform', 'confidence': 'assumption'}},\n"
                          " 'set': {\n"
                          "  '/layers/critical/deductible/amount': {'2019-01-01': {'value': '2500', 'ref': 'reform'}},\n"
                          "  '/layers/assistance/ratio': '0.75',\n"
                          "  '/layers/critical/cap/per_claim': '50000',\n"
                          "  '/layers/basic/deductible/amount/by_level/county': '400'}}\n");
    write_text("reform.json", t);
    free(t);
    hpr_policy *p = must_load("reform.json");
    /* a dated set keeps the base's value before its first date */
    ck_assert_int_eq(money_at(p, "/layers/1/deductible/amount", ymd(2018, 12, 31)), 1200000);
    ck_assert_int_eq(money_at(p, "/layers/1/deductible/amount", ymd(2019, 1, 1)), 250000);
    const char *ref = NULL;
    ck_assert_int_eq(hpr_policy_param_ref(&ref, p, "/layers/1/deductible/amount", ymd(2019, 6, 1)), HPR_OK);
    ck_assert_str_eq(ref, "reform");
    /* a plain set replaces, and a set may add a member to an existing object */
    ck_assert_int_eq(ratio_at(p, "/layers/2/ratio", ymd(2010, 1, 1)), 750000);
    ck_assert_int_eq(money_at(p, "/layers/1/cap/per_claim", ymd(2020, 1, 1)), 5000000);
    ck_assert_int_eq(money_at(p, "/layers/0/deductible/amount/by_level/county", ymd(2020, 1, 1)), 40000);
    ck_assert_int_eq(money_at(p, "/layers/0/deductible/amount/by_level/city", ymd(2020, 1, 1)), 80000);
    hpr_policy_free(p);
}
END_TEST

START_TEST(set_value_of_annotated_drops_its_citation)
{
    /* the base cites "t tilt" beside the value; a set of the value alone
     * must not carry that citation to the new number */
    char *t = hpr_test_jq("{'format': 1, 'extends': 'nation.json',\n"
                          " 'set': {'/layers/basic/modifiers/0/ratio_add/value': {'2021-01-01': '0.08'}}}\n");
    write_text("c.json", t);
    free(t);
    hpr_policy *p = must_load("c.json");
    const char *ref = NULL;
    ck_assert_int_eq(hpr_policy_param_ref(&ref, p, "/layers/0/modifiers/0/ratio_add", ymd(2020, 1, 1)), HPR_OK);
    ck_assert_str_eq(ref, "t tilt");
    ck_assert_int_eq(hpr_policy_param_ref(&ref, p, "/layers/0/modifiers/0/ratio_add", ymd(2021, 1, 1)), HPR_OK);
    ck_assert_ptr_null(ref);
    ck_assert_int_eq(ratio_at(p, "/layers/0/modifiers/0/ratio_add", ymd(2021, 1, 1)), 80000);
    hpr_policy_free(p);
}
END_TEST

START_TEST(three_level_chain)
{
    char *t = hpr_test_jq("{'format': 1, 'extends': 'nation.json', 'id': 'province',\n"
                          " 'set': {'/layers/assistance/ratio': '0.75',\n"
                          "         '/layers/critical/deductible/amount': {'2019-01-01': '8000'}}}\n");
    write_text("province.json", t);
    free(t);
    t = hpr_test_jq("{'format': 1, 'extends': '../province.json', 'id': 'county', 'title': 'County',\n"
                    " 'set': {'/layers/assistance/cap/per_year': '20000',\n"
                    "         '/layers/critical/deductible/amount': {'2021-01-01': '6000'}}}\n");
    write_text("county/county.json", t);
    free(t);
    hpr_policy *p = must_load("county/county.json");
    ck_assert_str_eq(hpr_policy_id(p), "county");
    ck_assert_str_eq(hpr_policy_title(p), "County");
    ck_assert_int_eq(ratio_at(p, "/layers/2/ratio", ymd(2020, 1, 1)), 750000);
    ck_assert_int_eq(money_at(p, "/layers/2/cap/per_year", ymd(2020, 1, 1)), 2000000);
    /* a dated set over a dated set over the nation's value: each from its date */
    ck_assert_int_eq(money_at(p, "/layers/1/deductible/amount", ymd(2018, 12, 31)), 1200000);
    ck_assert_int_eq(money_at(p, "/layers/1/deductible/amount", ymd(2019, 1, 1)), 800000);
    ck_assert_int_eq(money_at(p, "/layers/1/deductible/amount", ymd(2021, 1, 1)), 600000);
    char *json = NULL;
    ck_assert_int_eq(hpr_policy_describe(&json, p), HPR_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"extends\":[{\"id\":\"province\""));
    ck_assert_ptr_nonnull(strstr(json, "{\"id\":\"test-four-layers\""));
    /* the merged layers and status kinds, as compiled */
    ck_assert_ptr_nonnull(strstr(json, "\"status_kinds\":[\"registered_poor\",\"exited_poverty\",\"dibao\",\"tekun\"]"));
    ck_assert_ptr_nonnull(strstr(json, "{\"id\":\"critical\",\"kind\":\"share\",\"payer\":"
                                       "\"critical_illness_insurer\",\"cap_changed_by_modifiers\":true}"));
    ck_assert_ptr_nonnull(strstr(json, "{\"id\":\"oop\",\"kind\":\"oop_cap\",\"payer\":\"fiscal_safety_net\","
                                       "\"cap_changed_by_modifiers\":false}"));
    hpr_free(json);
    /* its base, from memory, is the province as it loads on its own */
    hpr_policy *b = NULL;
    ck_assert_int_eq(hpr_policy_load_base(&b, NULL, p, NULL), HPR_OK);
    hpr_policy *province = must_load("province.json");
    ck_assert_str_eq(hpr_policy_fingerprint(b), hpr_policy_fingerprint(province));
    hpr_policy *nation = NULL;
    ck_assert_int_eq(hpr_policy_load_base(&nation, NULL, b, NULL), HPR_OK);
    hpr_policy *none = NULL;
    ck_assert_int_eq(hpr_policy_load_base(&none, NULL, nation, NULL), HPR_ENOTFOUND);
    ck_assert_ptr_null(none);
    hpr_policy_free(nation);
    hpr_policy_free(b);
    hpr_policy_free(province);
    hpr_policy_free(p);
}
END_TEST

START_TEST(cycle_is_located)
{
    write_text("a.json", "{\"format\": 1, \"id\": \"a\", \"title\": \"A\",\n \"extends\": \"b.json\"}\n");
    write_text("b.json", "{\"format\": 1, \"id\": \"b\",\n\n \"extends\": \"a.json\"}\n");
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    ck_assert_int_eq(load("a.json", &p, &d), HPR_EPOLICY);
    ck_assert_ptr_null(p);
    const hpr_diagnostic *e = first_error(d);
    ck_assert_str_eq(base_name(e->file), "b.json");
    ck_assert_int_eq(e->line, 3);
    ck_assert_str_eq(e->pointer, "/extends");
    ck_assert_ptr_nonnull(strstr(e->message, "already in the chain"));
    hpr_diagnostics_free(d);
    /* a policy that extends itself */
    write_text("self.json", "{\"format\": 1, \"extends\": \"self.json\"}\n");
    ck_assert_int_eq(load("self.json", &p, &d), HPR_EPOLICY);
    ck_assert_ptr_nonnull(strstr(first_error(d)->message, "already in the chain"));
    hpr_diagnostics_free(d);
}
END_TEST

START_TEST(chain_too_long)
{
    /* d0 extends d1 ... d8: nine documents, one more than a chain may hold */
    for (int i = 0; i <= 8; i++) {
        char name[32], text[128];
        snprintf(name, sizeof name, "d%d.json", i);
        if (i < 8)
            snprintf(text, sizeof text, "{\"format\": 1,\n \"extends\": \"d%d.json\"}", i + 1);
        else
            snprintf(text, sizeof text, "{\"format\": 1, \"id\": \"d8\", \"title\": \"D\"}");
        write_text(name, text);
    }
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    ck_assert_int_eq(load("d0.json", &p, &d), HPR_EPOLICY);
    const hpr_diagnostic *e = first_error(d);
    ck_assert_str_eq(base_name(e->file), "d7.json");
    ck_assert_int_eq(e->line, 2);
    ck_assert_ptr_nonnull(strstr(e->message, "a chain of more than 8 policies"));
    hpr_diagnostics_free(d);
    /* eight load */
    p = must_load("d1.json");
    ck_assert_str_eq(hpr_policy_id(p), "d8");
    /* and a reform of an eight-document chain would be a ninth */
    hpr_policy *r = NULL;
    ck_assert_int_eq(hpr_policy_derive(&r, NULL, p, "{}", 2, NULL, NULL), HPR_EINVAL);
    ck_assert_ptr_null(r);
    hpr_policy_free(p);
}
END_TEST

START_TEST(missing_base_is_located)
{
    write_text("orphan.json", "{\"format\": 1, \"id\": \"o\",\n  \"extends\": \"nowhere.json\"}\n");
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    ck_assert_int_eq(load("orphan.json", &p, &d), HPR_EPOLICY);
    const hpr_diagnostic *e = first_error(d);
    ck_assert_str_eq(base_name(e->file), "orphan.json");
    ck_assert_int_eq(e->line, 2);
    ck_assert_int_eq(e->column, 14);
    ck_assert_ptr_nonnull(strstr(e->message, "cannot read the base policy \"nowhere.json\""));
    hpr_diagnostics_free(d);
    /* not a string; and a base that is not JSON is a parse error in the base */
    write_text("bad.json", "{\"format\": 1, \"extends\": 7}");
    ck_assert_int_eq(load("bad.json", &p, &d), HPR_EPOLICY);
    ck_assert_ptr_nonnull(strstr(first_error(d)->message, "must be the path of the base policy"));
    hpr_diagnostics_free(d);
    write_text("broken.json", "{\"format\": 1,\n\n \"id\": }");
    write_text("child.json", "{\"format\": 1, \"extends\": \"broken.json\"}");
    ck_assert_int_eq(load("child.json", &p, &d), HPR_EPARSE);
    e = first_error(d);
    ck_assert_str_eq(base_name(e->file), "broken.json");
    ck_assert_int_eq(e->line, 3);
    hpr_diagnostics_free(d);
}
END_TEST

START_TEST(error_in_base_or_child)
{
    /* a bad value the child does not touch: located in the base */
    write_text("base.json",
               "{\"format\": 1, \"id\": \"b\", \"title\": \"B\",\n"
               " \"layers\": [{\"id\": \"x\", \"name\": \"X\", \"kind\": \"share\", \"payer\": \"medical_assistance\",\n"
               "   \"covers\": [\"in_scope\"],\n"
               "   \"ratio\": \"1.5x\"}]}\n");
    write_text("child.json", "{\"format\": 1, \"extends\": \"base.json\",\n \"id\": \"c\"}\n");
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    ck_assert_int_eq(load("child.json", &p, &d), HPR_EPOLICY);
    const hpr_diagnostic *e = first_error(d);
    ck_assert_str_eq(base_name(e->file), "base.json");
    ck_assert_int_eq(e->line, 4);
    ck_assert_str_eq(e->pointer, "/layers/0/ratio");
    hpr_diagnostics_free(d);
    /* the child sets it right: loads; the child sets it wrong: located in the child */
    write_text("child.json", "{\"format\": 1, \"extends\": \"base.json\",\n \"set\": {\"/layers/x/ratio\": \"0.5\"}}\n");
    p = must_load("child.json");
    hpr_policy_free(p);
    write_text("child.json", "{\"format\": 1, \"extends\": \"base.json\",\n\n"
                             " \"set\": {\"/layers/x/ratio\": \"2.5.0\"}}\n");
    ck_assert_int_eq(load("child.json", &p, &d), HPR_EPOLICY);
    e = first_error(d);
    ck_assert_str_eq(base_name(e->file), "child.json");
    ck_assert_int_eq(e->line, 3);
    ck_assert_str_eq(e->pointer, "/layers/0/ratio");
    hpr_diagnostics_free(d);
    /* a set or a remove that names nothing, and an anchor that is not there */
    write_text("child.json", "{\"format\": 1, \"extends\": \"base.json\",\n"
                             " \"set\": {\"/layers/x/ratio\": \"0.5\", \"/layers/nope/ratio\": \"0.5\"},\n"
                             " \"remove\": [\"/categories/none\"],\n"
                             " \"layers\": [{\"id\": \"y\", \"before\": \"z\"}]}\n");
    ck_assert_int_eq(load("child.json", &p, &d), HPR_EPOLICY);
    ck_assert_uint_eq(hpr_diagnostics_error_count(d), 3);
    int seen = 0;
    for (size_t i = 0; i < hpr_diagnostics_count(d); i++) {
        const hpr_diagnostic *x = hpr_diagnostics_get(d, i);
        if (x->severity != HPR_SEVERITY_ERROR)
            continue; /* the base cites no source: a warning */
        ck_assert_str_eq(base_name(x->file), "child.json");
        if (strstr(x->message, "names nothing in the base: there is no \"nope\"") && x->line == 2)
            seen |= 1;
        if (strstr(x->message, "nothing to remove at \"/categories/none\"") && x->line == 3)
            seen |= 2;
        if (strstr(x->message, "no other element \"z\"") && x->line == 4)
            seen |= 4;
    }
    ck_assert_int_eq(seen, 7);
    hpr_diagnostics_free(d);
}
END_TEST

START_TEST(fingerprint_covers_the_chain)
{
    write_text("child.json", "{\"format\": 1, \"extends\": \"nation.json\", \"id\": \"c\"}\n");
    hpr_policy *a = must_load("child.json");
    hpr_policy *same = must_load("child.json");
    ck_assert_str_eq(hpr_policy_fingerprint(a), hpr_policy_fingerprint(same));
    /* the base changes, the child does not: the fingerprint does */
    char *base = hpr_test_read_source("tests/data/four-layers.json");
    char *at = strstr(base, "\"ratio\": \"0.7\"");
    ck_assert_ptr_nonnull(at);
    at[12] = '6';
    write_text("nation.json", base);
    free(base);
    hpr_policy *b = must_load("child.json");
    ck_assert_str_ne(hpr_policy_fingerprint(a), hpr_policy_fingerprint(b));
    ck_assert_int_eq(ratio_at(b, "/layers/2/ratio", ymd(2020, 1, 1)), 600000);
    hpr_policy_free(a);
    hpr_policy_free(same);
    hpr_policy_free(b);
}
END_TEST

START_TEST(derive_equals_a_file)
{
    hpr_policy *base = must_load("nation.json");
    const char *patch = "{\"set\": {\"/layers/critical/deductible/amount\": {\"2019-01-01\": \"2500\"}},"
                        " \"remove\": [\"/layers/oop\"]}";
    hpr_policy *d = NULL;
    hpr_diagnostics *diag = NULL;
    ck_assert_int_eq(hpr_policy_derive(&d, &diag, base, patch, strlen(patch), "reform", NULL), HPR_OK);
    hpr_diagnostics_free(diag);
    char text[512];
    snprintf(text, sizeof text, "{\"extends\": \"nation.json\", %s", patch + 1);
    write_text("reform.json", text);
    hpr_policy *f = must_load("reform.json");
    /* the same parameters, layers and values as the file */
    char *dj = NULL, *fj = NULL;
    ck_assert_int_eq(hpr_policy_changes(&dj, d, base), HPR_OK);
    ck_assert_int_eq(hpr_policy_changes(&fj, f, base), HPR_OK);
    ck_assert_str_eq(strstr(dj, "\"parameters\""), strstr(fj, "\"parameters\""));
    ck_assert_ptr_nonnull(strstr(dj, "{\"section\":\"layers\",\"id\":\"oop\",\"change\":\"removed\"}"));
    ck_assert_ptr_nonnull(strstr(dj, "\"pointer\":\"/layers/critical/deductible/amount\""));
    ck_assert_str_eq(layers(d), "basic critical assistance");
    ck_assert_int_eq(money_at(d, "/layers/1/deductible/amount", ymd(2018, 1, 1)), 1200000);
    ck_assert_int_eq(money_at(d, "/layers/1/deductible/amount", ymd(2019, 1, 1)), 250000);
    /* the base of a derived policy is the policy it came from */
    hpr_policy *b2 = NULL;
    ck_assert_int_eq(hpr_policy_load_base(&b2, NULL, d, NULL), HPR_OK);
    ck_assert_str_eq(hpr_policy_fingerprint(b2), hpr_policy_fingerprint(base));
    /* derive from a derived policy; and the base freed first */
    hpr_policy *dd = NULL;
    ck_assert_int_eq(hpr_policy_derive(&dd, NULL, d, "{\"id\": \"twice\"}", 15, NULL, NULL), HPR_OK);
    hpr_policy_free(d);
    hpr_policy_free(base);
    ck_assert_str_eq(hpr_policy_id(dd), "twice");
    ck_assert_str_eq(layers(dd), "basic critical assistance");
    hpr_free(dj);
    hpr_free(fj);
    hpr_policy_free(dd);
    hpr_policy_free(b2);
    hpr_policy_free(f);
}
END_TEST

START_TEST(derive_refuses)
{
    hpr_policy *base = must_load("nation.json");
    hpr_policy *d = (hpr_policy *)1;
    hpr_diagnostics *diag = NULL;
    ck_assert_int_eq(hpr_policy_derive(NULL, NULL, base, "{}", 2, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_derive(&d, NULL, NULL, "{}", 2, NULL, NULL), HPR_EINVAL);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(hpr_policy_derive(&d, NULL, base, NULL, 2, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_derive(&d, &diag, base, "{\"set\": ", 8, "p", NULL), HPR_EPARSE);
    ck_assert_str_eq(first_error(diag)->file, "p");
    hpr_diagnostics_free(diag);
    const char *ext = "{\"extends\": \"nation.json\"}";
    ck_assert_int_eq(hpr_policy_derive(&d, &diag, base, ext, strlen(ext), NULL, NULL), HPR_EPOLICY);
    ck_assert_str_eq(first_error(diag)->file, "<patch>");
    ck_assert_ptr_nonnull(strstr(first_error(diag)->message, "remove \"extends\""));
    hpr_diagnostics_free(diag);
    const char *bad = "{\"set\": {\"/layers/critical/ratio\": \"x\"}}";
    ck_assert_int_eq(hpr_policy_derive(&d, &diag, base, bad, strlen(bad), NULL, NULL), HPR_EPOLICY);
    hpr_diagnostics_free(diag);
    /* a policy that extends nothing has no base; changes refuses NULLs */
    ck_assert_int_eq(hpr_policy_load_base(&d, NULL, base, NULL), HPR_ENOTFOUND);
    ck_assert_int_eq(hpr_policy_load_base(NULL, NULL, base, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_load_base(&d, NULL, NULL, NULL), HPR_EINVAL);
    char *out = (char *)1;
    ck_assert_int_eq(hpr_policy_changes(&out, base, NULL), HPR_EINVAL);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(hpr_policy_changes(&out, NULL, base), HPR_EINVAL);
    ck_assert_int_eq(hpr_policy_changes(NULL, base, base), HPR_EINVAL);
    /* a policy compared with itself changes nothing */
    ck_assert_int_eq(hpr_policy_changes(&out, base, base), HPR_OK);
    ck_assert_ptr_nonnull(strstr(out, "\"parameters\":[],\"items\":[]"));
    hpr_free(out);
    hpr_policy_free(base);
}
END_TEST

START_TEST(changes_name_old_and_new)
{
    char *t = hpr_test_jq("{'format': 1, 'extends': 'nation.json',\n"
                          " 'sources': {'r': {'title': 'reform', 'confidence': 'assumption'}},\n"
                          " 'layers': [{'id': 'oop', 'before': 'critical', 'name': 'cap', 'kind': 'oop_cap',\n"
                          "   'payer': 'fiscal_safety_net', 'covers': ['in_scope'], 'limit': '3000'}],\n"
                          " 'set': {'/layers/assistance/ratio': {'value': '0.8', 'ref': 'r art. 2'}}}\n");
    write_text("c.json", t);
    free(t);
    hpr_policy *p = must_load("c.json");
    hpr_policy *b = NULL;
    ck_assert_int_eq(hpr_policy_load_base(&b, NULL, p, NULL), HPR_OK);
    char *out = NULL;
    ck_assert_int_eq(hpr_policy_changes(&out, p, b), HPR_OK);
    /* the ratio by its layer's id, old and new with their citations */
    ck_assert_ptr_nonnull(strstr(out, "{\"pointer\":\"/layers/assistance/ratio\",\"type\":\"ratio\","
                                      "\"change\":\"changed\",\"old\":[{\"from\":null,\"value\":\"0.7\"}],"
                                      "\"new\":[{\"from\":null,\"value\":\"0.8\",\"ref\":\"r art. 2\"}]}"));
    /* the cap's limit by level became one value: the by-level ones removed, one added */
    ck_assert_ptr_nonnull(strstr(out, "\"pointer\":\"/layers/oop/limit\",\"type\":\"money\",\"change\":\"added\""));
    ck_assert_ptr_nonnull(strstr(out, "\"pointer\":\"/layers/oop/limit/by_level/city\",\"type\":\"money\",\"change\":\"removed\""));
    /* the unchanged critical layer is not listed although its index moved */
    ck_assert_ptr_null(strstr(out, "/layers/critical/"));
    ck_assert_ptr_nonnull(strstr(out, "{\"section\":\"layers\",\"id\":\"oop\",\"change\":\"moved\"}"));
    hpr_free(out);
    hpr_policy_free(b);
    hpr_policy_free(p);
}
END_TEST

START_TEST(confined_extends)
{
    write_text("child.json", "{\"format\": 1, \"extends\": \"/etc/hostname\"}");
    hpr_policy_options o = HPR_POLICY_OPTIONS_INIT;
    o.flags = HPR_POLICY_CONFINE_INCLUDES;
    char path[512];
    snprintf(path, sizeof path, "%s/child.json", dir);
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    ck_assert_int_eq(hpr_policy_load_file(&p, &d, path, &o), HPR_EPOLICY);
    ck_assert_ptr_nonnull(strstr(first_error(d)->message, "cannot extend \"/etc/hostname\": an absolute path"));
    hpr_diagnostics_free(d);
    write_text("county/c.json", "{\"format\": 1, \"extends\": \"../nation.json\"}");
    snprintf(path, sizeof path, "%s/county/c.json", dir);
    ck_assert_int_eq(hpr_policy_load_file(&p, &d, path, &o), HPR_EPOLICY);
    ck_assert_ptr_nonnull(strstr(first_error(d)->message, "outside the include root"));
    hpr_diagnostics_free(d);
    o.include_root = dir;
    ck_assert_int_eq(hpr_policy_load_file(&p, &d, path, &o), HPR_OK);
    hpr_diagnostics_free(d);
    hpr_policy_free(p);
}
END_TEST

Suite *hpr_inherit_suite(void)
{
    Suite *s = suite_create("inherit");
    TCase *tc = tcase_create("inherit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, replace_and_add_by_id);
    tcase_add_test(tc, remove_and_insert);
    tcase_add_test(tc, set_by_pointer);
    tcase_add_test(tc, set_value_of_annotated_drops_its_citation);
    tcase_add_test(tc, three_level_chain);
    tcase_add_test(tc, cycle_is_located);
    tcase_add_test(tc, missing_base_is_located);
    tcase_add_test(tc, chain_too_long);
    tcase_add_test(tc, error_in_base_or_child);
    tcase_add_test(tc, fingerprint_covers_the_chain);
    tcase_add_test(tc, derive_equals_a_file);
    tcase_add_test(tc, derive_refuses);
    tcase_add_test(tc, changes_name_old_and_new);
    tcase_add_test(tc, confined_extends);
    suite_add_tcase(s, tc);
    return s;
}
