/* SPDX-License-Identifier: MIT */
/* The standards audit (hpr/standards.h, hpr/registry.h, hpr/audit.h),
 * computed by hand: each standard and each exception at its threshold and
 * one unit either side, dated targets switching on their dates, subsidies
 * and grants to the fen, every kind of refused registry row with its line,
 * and the loader's located errors. */
#include <check.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_suites.h"
#include "hpr/hpr.h"

/* ---- helpers ---------------------------------------------------------------- */

static hpr_standards *std_load(const char *single_quoted)
{
    char *text = hpr_test_jq(single_quoted);
    hpr_standards *s = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_standards_load_buffer(&s, &d, text, strlen(text), "t.json");
    if (st != HPR_OK) {
        char *msg = NULL;
        hpr_diagnostics_format(&msg, d);
        ck_abort_msg("standards did not load: %s", msg ? msg : hpr_error_last()->message);
    }
    hpr_diagnostics_free(d);
    free(text);
    return s;
}

/* The first error diagnostic of a document that must not load. */
static char *std_error(const char *single_quoted)
{
    char *text = hpr_test_jq(single_quoted);
    hpr_standards *s = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_standards_load_buffer(&s, &d, text, strlen(text), "t.json");
    ck_assert_ptr_null(s);
    ck_assert_int_ne(st, HPR_OK);
    char *msg = NULL;
    ck_assert_int_eq(hpr_diagnostics_format(&msg, d), HPR_OK);
    hpr_diagnostics_free(d);
    free(text);
    return msg;
}

static hpr_registry *reg_of(const char *counties, const char *townships, const char *villages,
                            const char *staff)
{
    hpr_registry *r = NULL;
    ck_assert_int_eq(hpr_registry_new(&r), HPR_OK);
    const char *t[4] = {counties, townships, villages, staff};
    static const char *names[4] = {"counties.csv", "townships.csv", "villages.csv", "staff.csv"};
    for (int i = 0; i < 4; i++)
        if (t[i])
            ck_assert_msg(hpr_registry_read_csv(r, (hpr_registry_table)i, t[i], strlen(t[i]), names[i]) == HPR_OK,
                          "%s: %s", names[i], hpr_error_last()->message);
    ck_assert_int_eq(hpr_registry_finish(r), HPR_OK);
    return r;
}

/* The finding for a place and standard, or fail the test. */
static hpr_audit_finding find(const hpr_audit_result *res, const char *place, const char *standard)
{
    for (size_t i = 0; i < hpr_audit_finding_count(res); i++) {
        hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
        ck_assert_int_eq(hpr_audit_finding_get(res, i, &f), HPR_OK);
        if (strcmp(f.place_id, place) == 0 && strcmp(f.standard, standard) == 0)
            return f;
    }
    ck_abort_msg("no finding for %s / %s", place, standard);
    hpr_audit_finding none = HPR_AUDIT_FINDING_INIT;
    return none;
}

static bool has(const hpr_audit_result *res, const char *place, const char *standard)
{
    for (size_t i = 0; i < hpr_audit_finding_count(res); i++) {
        hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
        hpr_audit_finding_get(res, i, &f);
        if (strcmp(f.place_id, place) == 0 && strcmp(f.standard, standard) == 0)
            return true;
    }
    return false;
}

#define CHECK_STATUS(res, place, std, want)                                                     \
    do {                                                                                        \
        hpr_audit_finding f_ = find(res, place, std);                                           \
        ck_assert_msg((int)f_.status == (int)(want), "%s / %s: %s (%s), expected %s", place, std,         \
                      hpr_audit_status_name(f_.status), f_.reason, hpr_audit_status_name(want)); \
    } while (0)

/* ---- the national standards at their thresholds --------------------------------- */

static const char NATIONAL[] =
    "{'format': 1, 'kind': 'standards', 'id': 'n', 'title': 'test',"
    " 'sources': {'s': {'title': 'test source'}, 'a': {'title': 'assumption', 'confidence': 'assumption'}},"
    " 'standards': ["
    "  {'id': 'hospital', 'rule': 'county_hospital', 'title': 'h', 'ref': 's 1', 'from': '2019-01-01', 'counties': 'poor'},"
    "  {'id': 'centre', 'rule': 'township_centre', 'title': 'c', 'ref': 's 2', 'from': '2019-01-01'},"
    "  {'id': 'clinic', 'rule': 'village_clinic', 'title': 'v', 'ref': 's 3', 'from': '2019-01-01',"
    "   'exceptions': {'share_below_population': {'value': 800, 'ref': 's share'},"
    "                  'township_centre_village': {'value': true, 'ref': 's host'}, 'relocated': {'value': true, 'ref': 'a reloc'}}},"
    "  {'id': 'cdoc', 'rule': 'county_doctors', 'title': 'x', 'ref': 's 4', 'from': '2019-01-01', 'qualifications': ['physician']},"
    "  {'id': 'tdoc', 'rule': 'township_doctor', 'title': 'x', 'ref': 's 5', 'from': '2019-01-01', 'qualifications': ['physician', 'assistant_physician', 'gp']},"
    "  {'id': 'vdoc', 'rule': 'village_doctor', 'title': 'x', 'ref': 's 6', 'from': '2019-01-01', 'qualifications': ['village_doctor', 'physician', 'assistant_physician']},"
    "  {'id': 'capacity', 'rule': 'county_capacity', 'title': 'x', 'ref': 's 7', 'from': '2019-01-01', 'population_above': 100000, 'level': 'level2'},"
    "  {'id': 'depts', 'rule': 'township_departments', 'title': 'x', 'ref': 's 8', 'from': '2019-01-01', 'population_above': 10000, 'departments': ['clinical', 'public_health']},"
    "  {'id': 'facility', 'rule': 'clinic_facility', 'title': 'x', 'ref': 's 9', 'from': '2019-01-01', 'population_above': 800, 'min_area_m2': 60,"
    "   'rooms': ['diagnosis', 'treatment', 'public_health', 'pharmacy']}"
    " ]}";

static const char COUNTIES[] =
    "county_id,name,population,poor,hospital,hospital_level,departments\n"
    "C1,above,100001,yes,general,level1,内科;儿科\n"
    "C2,at,100000,yes,tcm,level1,内科\n"
    "C3,ok,100001,no,general,level2,内科\n"
    "C4,none,500,yes,none,,\n";
static const char TOWNSHIPS[] =
    "township_id,county_id,name,population,poor,health_centre,departments\n"
    "T1,C1,at,10000,no,yes,clinical\n"
    "T2,C1,above,10001,no,yes,clinical;public_health\n"
    "T3,C1,short,10001,no,yes,clinical\n"
    "T4,C1,no centre,10001,no,no,\n";
static const char VILLAGES[] =
    "village_id,township_id,name,population,poor,relocated,hosts_township_centre,clinic,shares_clinic_of,neighbours,clinic_area_m2,clinic_rooms,essential_medicines\n"
    "H,T1,host clinic,2000,yes,no,no,yes,,V799;V800;V801,100,diagnosis;treatment;public_health;pharmacy,yes\n"
    "V799,T1,,799,yes,no,no,no,H,H,,,\n"
    "V800,T1,,800,yes,no,no,no,H,H,,,\n"
    "V801,T1,,801,yes,no,no,no,H,,,,\n"
    "E,T1,empty host,300,no,no,no,no,,,,,\n"
    "S,T1,shares an empty clinic,300,no,no,no,no,E,E,,,\n"
    "HC,T1,hosts the centre,1500,no,no,yes,no,,,,,\n"
    "HX,T4,hosts a centre that is missing,1500,no,no,yes,no,,,,,\n"
    "R,T1,relocated,900,no,yes,no,no,,,,,\n"
    "F800,T2,,800,no,no,no,yes,,,10,diagnosis,no\n"
    "F801,T2,,801,no,no,no,yes,,,59.99,diagnosis;treatment;public_health;pharmacy,no\n"
    "F802,T2,,802,no,no,no,yes,,,60.00,diagnosis;treatment;public_health;pharmacy,no\n"
    "F803,T2,,803,no,no,no,yes,,,60,diagnosis;treatment;public_health,no\n"
    "N,T2,no clinic,300,no,no,no,no,,,,,\n";
static const char STAFF[] =
    "staff_id,level,place_id,qualification,gp,department\n"
    "s1,county,C1,physician,no,内科\n"
    "s2,county,C1,assistant_physician,no,儿科\n"
    "s3,county,C2,physician,no,内科\n"
    "s4,township,T1,assistant_physician,no,\n"
    "s5,township,T2,none,no,\n"
    "s6,village,H,village_doctor,no,\n"
    "s7,village,F801,none,no,\n"
    "s8,village,N,乡村医生,no,\n";

START_TEST(thresholds_and_exceptions)
{
    hpr_standards *s = std_load(NATIONAL);
    hpr_registry *r = reg_of(COUNTIES, TOWNSHIPS, VILLAGES, STAFF);
    ck_assert_uint_eq(hpr_registry_error_count(r), 0);
    hpr_audit_result *res = NULL;
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 6, 1), NULL), HPR_OK);

    /* 三个一 */
    CHECK_STATUS(res, "C1", "hospital", HPR_AUDIT_PASS);
    CHECK_STATUS(res, "C3", "hospital", HPR_AUDIT_EXEMPT); /* not a poor county */
    CHECK_STATUS(res, "C4", "hospital", HPR_AUDIT_FAIL);
    ck_assert_int_eq(find(res, "C4", "hospital").blank_spot, HPR_BLANK_INSTITUTION);
    CHECK_STATUS(res, "T4", "centre", HPR_AUDIT_FAIL);
    CHECK_STATUS(res, "H", "clinic", HPR_AUDIT_PASS);
    /* sharing: under 800 exempt; 800 and 801 may not share */
    CHECK_STATUS(res, "V799", "clinic", HPR_AUDIT_EXEMPT);
    ck_assert_str_eq(find(res, "V799", "clinic").citation, "n: s share");
    ck_assert_str_eq(find(res, "V799", "clinic").reason, "V799 (799 residents, under 800) shares the clinic of H");
    CHECK_STATUS(res, "V800", "clinic", HPR_AUDIT_FAIL);
    ck_assert_int_eq(find(res, "V800", "clinic").blank_spot, HPR_BLANK_INSTITUTION);
    CHECK_STATUS(res, "V801", "clinic", HPR_AUDIT_FAIL);
    CHECK_STATUS(res, "S", "clinic", HPR_AUDIT_FAIL);  /* the clinic it shares does not exist */
    CHECK_STATUS(res, "E", "clinic", HPR_AUDIT_FAIL);
    CHECK_STATUS(res, "HC", "clinic", HPR_AUDIT_EXEMPT);
    CHECK_STATUS(res, "HX", "clinic", HPR_AUDIT_FAIL); /* its township has no centre */
    CHECK_STATUS(res, "R", "clinic", HPR_AUDIT_EXEMPT);
    ck_assert_str_eq(find(res, "R", "clinic").citation, "n: a reloc (assumed)");

    /* 三合格 */
    CHECK_STATUS(res, "C1", "cdoc", HPR_AUDIT_FAIL); /* 儿科 has an assistant only */
    ck_assert_int_eq(find(res, "C1", "cdoc").shortfall, 1);
    ck_assert_int_eq(find(res, "C1", "cdoc").blank_spot, HPR_BLANK_PERSONNEL);
    CHECK_STATUS(res, "C2", "cdoc", HPR_AUDIT_PASS);
    CHECK_STATUS(res, "T1", "tdoc", HPR_AUDIT_PASS);
    CHECK_STATUS(res, "T2", "tdoc", HPR_AUDIT_FAIL); /* staff without a qualification */
    CHECK_STATUS(res, "H", "vdoc", HPR_AUDIT_PASS);
    CHECK_STATUS(res, "V799", "vdoc", HPR_AUDIT_EXEMPT); /* served where it shares */
    CHECK_STATUS(res, "V800", "vdoc", HPR_AUDIT_FAIL);
    CHECK_STATUS(res, "F801", "vdoc", HPR_AUDIT_FAIL);
    /* a doctor registered in a village with neither clinic nor exception:
     * no institution, so no qualified doctor (as at county and township) */
    CHECK_STATUS(res, "N", "vdoc", HPR_AUDIT_FAIL);
    ck_assert_int_eq(find(res, "N", "vdoc").blank_spot, HPR_BLANK_PERSONNEL);

    /* 三达标 at 100000 / 10000 / 800, one either side */
    CHECK_STATUS(res, "C1", "capacity", HPR_AUDIT_FAIL);
    CHECK_STATUS(res, "C2", "capacity", HPR_AUDIT_EXEMPT);
    CHECK_STATUS(res, "C3", "capacity", HPR_AUDIT_PASS);
    CHECK_STATUS(res, "T1", "depts", HPR_AUDIT_EXEMPT);
    CHECK_STATUS(res, "T2", "depts", HPR_AUDIT_PASS);
    CHECK_STATUS(res, "T3", "depts", HPR_AUDIT_FAIL);
    ck_assert_int_eq(find(res, "T3", "depts").shortfall, 1);
    CHECK_STATUS(res, "T4", "depts", HPR_AUDIT_FAIL);
    ck_assert_int_eq(find(res, "T4", "depts").shortfall, 2);
    CHECK_STATUS(res, "F800", "facility", HPR_AUDIT_EXEMPT);
    CHECK_STATUS(res, "F801", "facility", HPR_AUDIT_FAIL);
    ck_assert_int_eq(find(res, "F801", "facility").shortfall, 1); /* 0.01 m² short: 1 m² rounded up */
    CHECK_STATUS(res, "F802", "facility", HPR_AUDIT_PASS);
    CHECK_STATUS(res, "F803", "facility", HPR_AUDIT_FAIL); /* no pharmacy */
    ck_assert_int_eq(find(res, "F803", "facility").shortfall, 0);
    CHECK_STATUS(res, "HC", "facility", HPR_AUDIT_EXEMPT); /* needs no clinic of its own */
    CHECK_STATUS(res, "N", "facility", HPR_AUDIT_EXEMPT);  /* 300 residents */

    /* the reasons in Chinese, the same statuses */
    hpr_audit_result *zh = NULL;
    hpr_audit_options o = HPR_AUDIT_OPTIONS_INIT;
    o.lang = HPR_LANG_ZH;
    ck_assert_int_eq(hpr_audit(&zh, s, r, ymd(2019, 6, 1), &o), HPR_OK);
    ck_assert_str_eq(find(zh, "V799", "clinic").reason, "V799（常住人口 799 人，少于 800 人）与 H 共用卫生室");
    ck_assert_str_eq(find(zh, "R", "clinic").citation, "n: a reloc（假设）");
    ck_assert_uint_eq(hpr_audit_finding_count(zh), hpr_audit_finding_count(res));
    hpr_audit_result_free(zh);
    o.lang = (hpr_lang)7;
    ck_assert_int_eq(hpr_audit(&zh, s, r, ymd(2019, 6, 1), &o), HPR_EINVAL);

    /* before the standards are in force: an error, never a clean registry */
    hpr_audit_result *early = NULL;
    ck_assert_int_eq(hpr_audit(&early, s, r, ymd(2018, 12, 31), NULL), HPR_EINVAL);
    ck_assert_ptr_null(early);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "is in force on 2018-12-31"));

    hpr_audit_result_free(res);
    hpr_registry_free(r);
    hpr_standards_free(s);
}
END_TEST

/* Every village has exactly one finding per village standard, and the
 * registry roll-up is the sum of the county roll-ups. */
START_TEST(one_finding_per_place_and_rollups)
{
    hpr_standards *s = std_load(NATIONAL);
    hpr_registry *r = reg_of(COUNTIES, TOWNSHIPS, VILLAGES, STAFF);
    hpr_audit_result *res = NULL;
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 6, 1), NULL), HPR_OK);
    static const char *const villages[] = {"H", "V799", "V800", "V801", "E", "S", "HC", "HX", "R",
                                           "F800", "F801", "F802", "F803", "N"};
    static const char *const stds[] = {"clinic", "vdoc", "facility"};
    for (size_t v = 0; v < sizeof villages / sizeof *villages; v++)
        for (size_t k = 0; k < 3; k++) {
            int n = 0;
            for (size_t i = 0; i < hpr_audit_finding_count(res); i++) {
                hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
                hpr_audit_finding_get(res, i, &f);
                n += strcmp(f.place_id, villages[v]) == 0 && strcmp(f.standard, stds[k]) == 0;
            }
            ck_assert_msg(n == 1, "%s / %s: %d findings", villages[v], stds[k], n);
        }
    hpr_audit_totals all = HPR_AUDIT_TOTALS_INIT, sum = HPR_AUDIT_TOTALS_INIT;
    ck_assert_int_eq(hpr_audit_totals_get(res, 0, &all), HPR_OK);
    ck_assert_int_eq(all.level, HPR_PLACE_REGISTRY);
    for (size_t i = 1; i < hpr_audit_totals_count(res); i++) {
        hpr_audit_totals t = HPR_AUDIT_TOTALS_INIT;
        ck_assert_int_eq(hpr_audit_totals_get(res, i, &t), HPR_OK);
        if (t.level != HPR_PLACE_COUNTY)
            continue;
        sum.villages += t.villages;
        sum.failed += t.failed;
        sum.passed += t.passed;
        sum.exempt += t.exempt;
        sum.institution_blank_spots += t.institution_blank_spots;
        sum.personnel_blank_spots += t.personnel_blank_spots;
    }
    ck_assert_int_eq(all.villages, 14);
    ck_assert_int_eq(sum.villages, all.villages);
    ck_assert_int_eq(sum.failed, all.failed);
    ck_assert_int_eq(sum.passed, all.passed);
    ck_assert_int_eq(sum.exempt, all.exempt);
    ck_assert_int_eq(all.passed + all.failed + all.exempt, (int64_t)hpr_audit_finding_count(res));
    /* institution blank spots: C4's hospital, T4's centre, V800, V801, E, S, HX, N */
    ck_assert_int_eq(all.institution_blank_spots, 8);
    ck_assert_int_eq(sum.institution_blank_spots, 8);
    hpr_audit_result_free(res);
    hpr_registry_free(r);
    hpr_standards_free(s);
}
END_TEST

/* ---- the city plan: dated targets, subsidies and grants to the fen -------------- */

static const char CITY[] =
    "{'format': 1, 'kind': 'standards', 'id': 'c', 'title': 'city',"
    " 'sources': {'p': {'title': 'plan'}},"
    " 'standards': ["
    "  {'id': 'clinic', 'rule': 'village_clinic', 'title': 'x', 'ref': 'p', 'from': '2017-01-01', 'villages': 'poor'},"
    "  {'id': 'gps', 'rule': 'township_gps', 'title': 'x', 'ref': 'p', 'from': '2017-01-01',"
    "   'minimum': {'2017-12-31': {'value': 3, 'ref': 'p by 2017'}, '2020-12-31': {'value': 5, 'ref': 'p by 2020'}}},"
    "  {'id': 'subsidy', 'rule': 'village_doctor_subsidy', 'title': 'x', 'ref': 'p', 'from': '2016-01-01', 'villages': 'poor',"
    "   'monthly': {'2016-01-01': '200.00', '2017-07-01': '400.00'}, 'service_population_below': 1000,"
    "   'essential_medicines': true, 'qualifications': ['village_doctor', 'assistant_physician']},"
    "  {'id': 'grant', 'rule': 'clinic_grant', 'title': 'x', 'ref': 'p', 'from': '2017-01-01', 'villages': 'poor', 'closes': 'clinic',"
    "   'bands': [{'from_population': 100, 'amount': '30000.00'}, {'from_population': 501, 'amount': '50000.00'}]}"
    " ]}";

static const char CITY_VILLAGES[] =
    "village_id,township_id,population,poor,clinic,shares_clinic_of,neighbours,essential_medicines\n"
    "A,T1,500,yes,yes,,,yes\n"          /* serves 500 + 499 = 999: due */
    "A2,T1,499,yes,no,A,A,\n"
    "B,T1,1000,yes,yes,,,yes\n"         /* serves 1000: not due */
    "C,T1,999,yes,yes,,,no\n"           /* not under the essential-medicine system */
    "D,T1,999,no,yes,,,yes\n"           /* not a poor village */
    "G99,T1,99,yes,no,,,\n"             /* no band for 99 */
    "G100,T1,100,yes,no,,,\n"
    "G500,T1,500,yes,no,,,\n"
    "G501,T1,501,yes,no,,,\n";
static const char CITY_STAFF[] =
    "staff_id,level,place_id,qualification,gp\n"
    "a1,village,A,village_doctor,no\n"
    "a2,village,A,assistant_physician,no\n"
    "a3,village,A,physician,no\n" /* not in this subsidy's qualifications */
    "b1,village,B,village_doctor,no\n"
    "c1,village,C,village_doctor,no\n"
    "d1,village,D,village_doctor,no\n"
    "g1,township,T1,physician,yes\n"
    "g2,township,T1,physician,yes\n"
    "g3,township,T1,assistant_physician,yes\n"
    "g4,township,T1,physician,no\n";

START_TEST(dated_targets_subsidies_grants)
{
    hpr_standards *s = std_load(CITY);
    hpr_registry *r = reg_of("county_id,population,hospital\nC1,50000,general\n",
                             "township_id,county_id,population,health_centre\nT1,C1,8000,yes\n",
                             CITY_VILLAGES, CITY_STAFF);
    ck_assert_uint_eq(hpr_registry_error_count(r), 0);
    struct {
        hpr_date on;
        int status; /* -1: no finding */
        int64_t shortfall;
    } gps[] = {{ymd(2017, 12, 30), -1, 0},
               {ymd(2017, 12, 31), HPR_AUDIT_PASS, 0},
               {ymd(2020, 12, 30), HPR_AUDIT_PASS, 0},
               {ymd(2020, 12, 31), HPR_AUDIT_FAIL, 2}};
    for (size_t i = 0; i < sizeof gps / sizeof *gps; i++) {
        hpr_audit_result *res = NULL;
        ck_assert_int_eq(hpr_audit(&res, s, r, gps[i].on, NULL), HPR_OK);
        if (gps[i].status < 0) {
            ck_assert(!has(res, "T1", "gps"));
        } else {
            CHECK_STATUS(res, "T1", "gps", gps[i].status);
            ck_assert_int_eq(find(res, "T1", "gps").shortfall, gps[i].shortfall);
            hpr_audit_totals all = HPR_AUDIT_TOTALS_INIT;
            hpr_audit_totals_get(res, 0, &all);
            ck_assert_int_eq(all.gp_shortfall, gps[i].shortfall);
        }
        hpr_audit_result_free(res);
    }

    hpr_audit_result *res = NULL;
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2017, 3, 15), NULL), HPR_OK);
    /* A: 2 doctors x 200.00 in March; over 2017: 6 x 2 x 200.00 + 6 x 2 x 400.00 */
    hpr_audit_finding a = find(res, "A", "subsidy");
    ck_assert_int_eq(a.status, HPR_AUDIT_DUE);
    ck_assert_int_eq(a.amount_fen, 40000);
    ck_assert_int_eq(a.annual_fen, 720000);
    CHECK_STATUS(res, "A2", "subsidy", HPR_AUDIT_NOT_DUE); /* no clinic of its own */
    CHECK_STATUS(res, "B", "subsidy", HPR_AUDIT_NOT_DUE);
    CHECK_STATUS(res, "C", "subsidy", HPR_AUDIT_NOT_DUE);
    CHECK_STATUS(res, "D", "subsidy", HPR_AUDIT_NOT_DUE);
    hpr_audit_result_free(res);
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2017, 7, 1), NULL), HPR_OK);
    ck_assert_int_eq(find(res, "A", "subsidy").amount_fen, 80000);

    /* grants: the clinic standard allows no sharing, so A2 is a blank spot */
    CHECK_STATUS(res, "G99", "grant", HPR_AUDIT_NOT_DUE);
    ck_assert_int_eq(find(res, "G100", "grant").amount_fen, 3000000);
    ck_assert_int_eq(find(res, "G500", "grant").amount_fen, 3000000);
    ck_assert_int_eq(find(res, "G501", "grant").amount_fen, 5000000);
    ck_assert_int_eq(find(res, "A2", "grant").amount_fen, 3000000);
    CHECK_STATUS(res, "A", "grant", HPR_AUDIT_NOT_DUE);
    CHECK_STATUS(res, "D", "grant", HPR_AUDIT_NOT_DUE);
    hpr_audit_totals all = HPR_AUDIT_TOTALS_INIT;
    hpr_audit_totals_get(res, 0, &all);
    ck_assert_int_eq(all.grants_fen, 3000000 * 3 + 5000000);
    ck_assert_int_eq(all.subsidy_monthly_fen, 80000);
    ck_assert_int_eq(all.subsidy_annual_fen, 720000);
    hpr_audit_result_free(res);
    hpr_registry_free(r);
    hpr_standards_free(s);
}
END_TEST

/* ---- the registry's refused rows ----------------------------------------------- */

typedef struct want_error {
    hpr_registry_table table;
    long line;
    const char *id;
    const char *words; /* in the message */
} want_error;

START_TEST(registry_errors_with_rows)
{
    hpr_registry *r = reg_of(
        "county_id,population,hospital,departments\n"
        "C1,1000,general,内科\n"
        "C1,2000,general,内科\n"             /* line 3: duplicate */
        "C2,-5,general,内科\n"               /* line 4: negative */
        "C3,12x,general,内科\n"              /* line 5: not a number */
        "C4,100,general\n"                   /* line 6: fields */
        "C5,100,none,内科\n",                /* line 7: departments without a hospital */
        "township_id,county_id,population,health_centre\n"
        "T1,C1,100,yes\n"
        "T2,CX,100,yes\n"                    /* line 3: unknown county */
        "T3,C2,100,yes\n"                    /* line 4: its county was refused */
        "T4,C1,100,perhaps\n",               /* line 5: not yes or no */
        "village_id,township_id,population,clinic,shares_clinic_of,neighbours\n"
        "V1,T1,100,yes,,\n"
        "V2,T1,100,no,VX,VX\n"               /* line 3: shares a missing village */
        "V3,T1,100,no,V1,\n"                 /* line 4: not neighbours */
        "V4,T3,100,yes,,\n"                  /* line 5: its township was refused */
        "V5,T1,100,no,V5,V5\n"               /* line 6: itself */
        "V7,T1,100,no,V4,V4\n"               /* line 7: shares a refused village */
        "\"V6,T1,100,yes,,\n"                /* line 8: a quote never closed: the rest is its field */
        "V8,T1,100,yes,,\n",
        "staff_id,level,place_id,qualification,gp\n"
        "s1,village,V1,village_doctor,no\n"
        "s2,village,VX,village_doctor,no\n"  /* line 3: unknown place */
        "s3,village,V1,village_doctor,yes\n" /* line 4: a GP is a physician */
        "s4,planet,V1,village_doctor,no\n"); /* line 5: level */
    const want_error want[] = {
        {HPR_TABLE_COUNTIES, 4, "C2", "negative"},
        {HPR_TABLE_COUNTIES, 5, "C3", "whole number"},
        {HPR_TABLE_COUNTIES, 6, "C4", "3 fields, the header 4"},
        {HPR_TABLE_COUNTIES, 7, "C5", "departments"},
        {HPR_TABLE_TOWNSHIPS, 5, "T4", "not yes or no"},
        {HPR_TABLE_VILLAGES, 8, "", "malformed CSV"},
        {HPR_TABLE_STAFF, 4, "s3", "GP"},
        {HPR_TABLE_STAFF, 5, "s4", "planet"},
        {HPR_TABLE_COUNTIES, 3, "C1", "duplicate id \"C1\": first at counties.csv line 2"},
        {HPR_TABLE_TOWNSHIPS, 3, "T2", "not in the counties table"},
        {HPR_TABLE_TOWNSHIPS, 4, "T3", "its county \"C2\" was refused (counties.csv line 4)"},
        {HPR_TABLE_VILLAGES, 5, "V4", "its township \"T3\" was refused"},
        {HPR_TABLE_VILLAGES, 3, "V2", "not in the villages table"},
        {HPR_TABLE_VILLAGES, 4, "V3", "neither village lists"},
        {HPR_TABLE_VILLAGES, 6, "V5", "names itself"},
        {HPR_TABLE_VILLAGES, 7, "V7", "V4, which was refused"},
        {HPR_TABLE_STAFF, 3, "s2", "not in the villages table"},
    };
    size_t n = sizeof want / sizeof *want;
    ck_assert_uint_eq(hpr_registry_error_count(r), n);
    for (size_t i = 0; i < n; i++) {
        hpr_registry_table t;
        const char *file, *id;
        long line;
        const char *msg = hpr_registry_error(r, i, &t, &file, &line, &id);
        ck_assert_ptr_nonnull(msg);
        ck_assert_msg(t == want[i].table && line == want[i].line && strcmp(id, want[i].id) == 0 &&
                          strstr(msg, want[i].words),
                      "error %zu: %s line %ld %s: %s; expected line %ld %s: ...%s...", i,
                      hpr_registry_table_name(t), line, id, msg, want[i].line, want[i].id,
                      want[i].words);
        ck_assert_str_eq(file, hpr_registry_table_name(t) ? file : "");
    }
    /* rows in = rows accepted + rows refused, table by table */
    ck_assert_uint_eq(hpr_registry_rows(r, HPR_TABLE_COUNTIES), 6);
    ck_assert_uint_eq(hpr_registry_rows(r, HPR_TABLE_TOWNSHIPS), 4);
    ck_assert_uint_eq(hpr_registry_rows(r, HPR_TABLE_VILLAGES), 7); /* V8 is inside the open quote */
    ck_assert_uint_eq(hpr_registry_rows(r, HPR_TABLE_STAFF), 4);
    ck_assert_ptr_null(hpr_registry_error(r, n, NULL, NULL, NULL, NULL));
    /* the audit sees only accepted rows: C1, T1, V1 */
    hpr_standards *s = std_load(NATIONAL);
    hpr_audit_result *res = NULL;
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 6, 1), NULL), HPR_OK);
    hpr_audit_totals all = HPR_AUDIT_TOTALS_INIT;
    hpr_audit_totals_get(res, 0, &all);
    ck_assert_int_eq(all.villages, 1);
    ck_assert_uint_eq(hpr_audit_totals_count(res), 3); /* registry, C1, T1 */
    hpr_audit_result_free(res);
    hpr_standards_free(s);
    hpr_registry_free(r);
}
END_TEST

START_TEST(registry_headers_and_misuse)
{
    hpr_registry *r = NULL;
    ck_assert_int_eq(hpr_registry_new(&r), HPR_OK);
    const char *bad = "county_id,populaton,hospital\nC1,1,general\n";
    ck_assert_int_eq(hpr_registry_read_csv(r, HPR_TABLE_COUNTIES, bad, strlen(bad), "c.csv"), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "did you mean \"population\""));
    const char *missing = "township_id,county_id,population\nT1,C1,1\n";
    ck_assert_int_eq(hpr_registry_read_csv(r, HPR_TABLE_TOWNSHIPS, missing, strlen(missing), "t.csv"), HPR_EINVAL);
    ck_assert_ptr_nonnull(strstr(hpr_error_last()->message, "no \"health_centre\" column"));
    /* the rows under a bad header are counted and refused, none dropped */
    ck_assert_uint_eq(hpr_registry_rows(r, HPR_TABLE_COUNTIES), 1);
    ck_assert_uint_eq(hpr_registry_rows(r, HPR_TABLE_TOWNSHIPS), 1);
    ck_assert_uint_eq(hpr_registry_error_count(r), 2);
    const char *depts = "township_id,county_id,population,health_centre,departments\nT1,C1,1,yes,clinicl\n";
    ck_assert_int_eq(hpr_registry_read_csv(r, HPR_TABLE_TOWNSHIPS, depts, strlen(depts), "d.csv"), HPR_OK);
    ck_assert_str_eq(hpr_registry_error(r, 2, NULL, NULL, NULL, NULL),
                     "departments: \"clinicl\" is not one of clinical, public_health (did you mean \"clinical\"?)");
    const char *utf = "county_id,population,hospital\nC\xff,1,none\n";
    ck_assert_int_eq(hpr_registry_read_csv(r, HPR_TABLE_COUNTIES, utf, strlen(utf), "u.csv"), HPR_OK);
    ck_assert_ptr_nonnull(strstr(hpr_registry_error(r, 3, NULL, NULL, NULL, NULL), "UTF-8"));
    ck_assert_int_eq(hpr_registry_read_csv(r, (hpr_registry_table)9, "", 0, NULL), HPR_EINVAL);
    hpr_audit_result *res = NULL;
    hpr_standards *s = std_load(NATIONAL);
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 1, 1), NULL), HPR_EINVAL); /* not finished */
    ck_assert_int_eq(hpr_registry_finish(r), HPR_OK);
    ck_assert_int_eq(hpr_registry_finish(r), HPR_EINVAL);
    ck_assert_int_eq(hpr_registry_read_csv(r, HPR_TABLE_COUNTIES, "", 0, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_audit(&res, NULL, r, ymd(2019, 1, 1), NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_audit(NULL, s, r, ymd(2019, 1, 1), NULL), HPR_EINVAL);
    hpr_audit_options bad_opts = {0, HPR_LANG_EN};
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 1, 1), &bad_opts), HPR_EINVAL);
    hpr_audit_options newer = {HPR_AUDIT_OPTIONS_VERSION + 1, HPR_LANG_EN};
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 1, 1), &newer), HPR_EVERSION);
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 1, 1), NULL), HPR_OK);
    hpr_audit_finding f = {0};
    ck_assert_int_eq(hpr_audit_finding_get(res, 0, &f), HPR_EINVAL); /* version 0 (and no finding) */
    hpr_audit_totals t = {0};
    ck_assert_int_eq(hpr_audit_totals_get(res, 0, &t), HPR_EINVAL);
    t.version = HPR_AUDIT_TOTALS_VERSION + 1;
    ck_assert_int_eq(hpr_audit_totals_get(res, 0, &t), HPR_EVERSION);
    char *json = NULL;
    ck_assert_int_eq(hpr_audit_to_json(res, &json, NULL), HPR_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"refused\":4"));
    hpr_free(json);
    hpr_registry *none = r;
    ck_assert_int_eq(hpr_registry_load_dir(&none, "/nonexistent-dir"), HPR_EIO);
    ck_assert_ptr_null(none);
    hpr_audit_result_free(res);
    hpr_standards_free(s);
    ck_assert_int_eq(hpr_registry_load_dir(NULL, "."), HPR_EINVAL);
    hpr_registry_free(r);
    hpr_registry_free(NULL);
    hpr_audit_result_free(NULL);
    hpr_standards_free(NULL);
    ck_assert_ptr_null(hpr_audit_status_name((hpr_audit_status)9));
    ck_assert_str_eq(hpr_place_level_name(HPR_PLACE_VILLAGE), "village");
}
END_TEST

/* Hostile registries, followed once each: a chain of 20,000 villages each
 * sharing the next one's clinic, ending at a refused village, refuses every
 * one of them (each naming the one it shares); a cycle of sharing refuses
 * none; 20,000 rows of one id keep the first and refuse the others. */
START_TEST(registry_chains_and_duplicates)
{
    enum { N = 20000 };
    size_t cap = (size_t)N * 64 + 4096;
    char *v = malloc(cap), *d = malloc(cap);
    ck_assert_ptr_nonnull(v);
    ck_assert_ptr_nonnull(d);
    int n = snprintf(v, cap, "village_id,township_id,population,clinic,shares_clinic_of,neighbours\n");
    for (int i = 0; i < N - 1; i++)
        n += snprintf(v + n, cap - (size_t)n, "V%d,T1,100,no,V%d,V%d\n", i, i + 1, i + 1);
    n += snprintf(v + n, cap - (size_t)n, "V%d,T9,100,yes,,\n", N - 1); /* refused: no township T9 */
    n += snprintf(v + n, cap - (size_t)n, "A,T1,100,no,B,B\nB,T1,100,no,A,A\n");
    int m = snprintf(d, cap, "staff_id,level,place_id,qualification\n");
    for (int i = 0; i < N; i++)
        m += snprintf(d + m, cap - (size_t)m, "s,village,A,village_doctor\n");
    hpr_registry *r = reg_of("county_id,population,hospital\nC1,1,none\n",
                             "township_id,county_id,population,health_centre\nT1,C1,1,yes\n", v, d);
    ck_assert_uint_eq(hpr_registry_error_count(r), (size_t)N + (N - 1));
    size_t chain = 0, dups = 0;
    for (size_t i = 0; i < hpr_registry_error_count(r); i++) {
        hpr_registry_table t;
        const char *id;
        const char *msg = hpr_registry_error(r, i, &t, NULL, NULL, &id);
        if (t == HPR_TABLE_STAFF) {
            dups += strstr(msg, "duplicate id \"s\": first at staff.csv line 2") != NULL;
        } else if (strstr(msg, "which was refused")) {
            int k = atoi(id + 1);
            char want[64];
            snprintf(want, sizeof want, "it shares the clinic of V%d, which was refused", k + 1);
            ck_assert_msg(strstr(msg, want) != NULL, "%s: %s", id, msg);
            chain++;
        }
    }
    ck_assert_uint_eq(chain, N - 1);
    ck_assert_uint_eq(dups, N - 1);
    hpr_standards *s = std_load(NATIONAL);
    hpr_audit_result *res = NULL;
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 6, 1), NULL), HPR_OK);
    CHECK_STATUS(res, "A", "clinic", HPR_AUDIT_FAIL); /* B, whose clinic it shares, has none */
    hpr_audit_result_free(res);
    hpr_standards_free(s);
    hpr_registry_free(r);
    free(v);
    free(d);
}
END_TEST

/* Every public function of the audit refuses NULL and out-of-range arguments
 * with a status or a NULL, never a crash. */
START_TEST(public_api_refuses_bad_arguments)
{
    hpr_standards *s = NULL;
    ck_assert_int_eq(hpr_standards_load_file(NULL, NULL, "x"), HPR_EINVAL);
    ck_assert_int_eq(hpr_standards_load_file(&s, NULL, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_standards_load_file(&s, NULL, "/nonexistent/standards.json"), HPR_EIO);
    ck_assert_int_eq(hpr_standards_load_buffer(NULL, NULL, "{}", 2, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_standards_load_buffer(&s, NULL, NULL, 3, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_standards_load_buffer(&s, NULL, "{", 1, NULL), HPR_EPARSE);
    ck_assert_ptr_null(s);
    ck_assert_ptr_null(hpr_standards_id(NULL));
    ck_assert_ptr_null(hpr_standards_title(NULL));
    ck_assert_ptr_null(hpr_standards_fingerprint(NULL));
    ck_assert_uint_eq(hpr_standards_count(NULL), 0);
    ck_assert_ptr_null(hpr_standards_entry(NULL, 0, NULL));
    ck_assert_int_eq(hpr_registry_new(NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_registry_finish(NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_registry_read_csv(NULL, HPR_TABLE_COUNTIES, "", 0, NULL), HPR_EINVAL);
    ck_assert_uint_eq(hpr_registry_rows(NULL, HPR_TABLE_VILLAGES), 0);
    ck_assert_uint_eq(hpr_registry_error_count(NULL), 0);
    ck_assert_ptr_null(hpr_registry_error(NULL, 0, NULL, NULL, NULL, NULL));
    ck_assert_ptr_null(hpr_registry_table_name((hpr_registry_table)4));
    ck_assert_str_eq(hpr_registry_table_name(HPR_TABLE_STAFF), "staff");
    hpr_registry *r = NULL;
    ck_assert_int_eq(hpr_registry_new(&r), HPR_OK);
    ck_assert_uint_eq(hpr_registry_rows(r, (hpr_registry_table)9), 0);
    ck_assert_int_eq(hpr_registry_read_csv(r, HPR_TABLE_COUNTIES, NULL, 5, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_registry_finish(r), HPR_OK);
    s = std_load(NATIONAL);
    hpr_audit_result *res = NULL;
    ck_assert_int_eq(hpr_audit(&res, s, NULL, ymd(2019, 1, 1), NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_audit(&res, s, r, (hpr_date)2147483647, NULL), HPR_EINVAL);
    ck_assert_uint_eq(hpr_audit_finding_count(NULL), 0);
    ck_assert_uint_eq(hpr_audit_totals_count(NULL), 0);
    hpr_audit_finding f = HPR_AUDIT_FINDING_INIT;
    ck_assert_int_eq(hpr_audit_finding_get(NULL, 0, &f), HPR_EINVAL);
    hpr_audit_totals t = HPR_AUDIT_TOTALS_INIT;
    ck_assert_int_eq(hpr_audit_totals_get(NULL, 0, &t), HPR_EINVAL);
    char *json = NULL;
    ck_assert_int_eq(hpr_audit_to_json(NULL, &json, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_audit(&res, s, r, ymd(2019, 1, 1), NULL), HPR_OK);
    ck_assert_int_eq(hpr_audit_finding_get(res, 0, NULL), HPR_EINVAL);
    ck_assert_int_eq(hpr_audit_totals_get(res, 99, &t), HPR_EINVAL);
    ck_assert_int_eq(hpr_audit_totals_get(res, 0, &t), HPR_OK); /* the registry roll-up of an empty registry */
    ck_assert_int_eq(t.villages, 0);
    ck_assert_int_eq(hpr_audit_to_json(res, NULL, NULL), HPR_EINVAL);
    ck_assert_ptr_null(hpr_blank_spot_name((hpr_blank_spot)3));
    ck_assert_ptr_null(hpr_place_level_name((hpr_place_level)4));
    ck_assert_str_eq(hpr_audit_status_name(HPR_AUDIT_NOT_DUE), "not_due");
    hpr_audit_result_free(res);
    hpr_registry_free(r);
    hpr_standards_free(s);
}
END_TEST

/* ---- the standards document's located errors ------------------------------------ */

START_TEST(standards_errors_are_located)
{
    struct {
        const char *doc;
        const char *words;
    } cases[] = {
        {"{'format': 1, 'kind': 'standards', 'id': 'x', 'title': 't', 'sources': {'s': {'title': 't'}},"
         " 'standards': [{'id': 'a', 'rule': 'vilage_clinic', 'title': 't', 'ref': 's', 'from': '2019-01-01'}]}",
         "did you mean \"village_clinic\""},
        {"{'format': 1, 'kind': 'standards', 'id': 'x', 'title': 't', 'sources': {'s': {'title': 't'}},"
         " 'standards': [{'id': 'a', 'rule': 'village_clinic', 'title': 't', 'ref': 'nosuch', 'from': '2019-01-01'}]}",
         "t.json:1:"},
        {"{'format': 1, 'kind': 'standards', 'id': 'x', 'title': 't', 'sources': {'s': {'title': 't'}},"
         " 'standards': [{'id': 'a', 'rule': 'township_gps', 'title': 't', 'ref': 's', 'from': '2019-01-01', 'minimum': -1}]}",
         "/standards/0/minimum"},
        {"{'format': 1, 'kind': 'standards', 'id': 'x', 'title': 't', 'sources': {'s': {'title': 't'}},"
         " 'standards': [{'id': 'a', 'rule': 'clinic_grant', 'title': 't', 'ref': 's', 'from': '2019-01-01',"
         " 'closes': 'b', 'bands': [{'from_population': 0, 'amount': '1.00'}]}]}",
         "village_clinic standard listed before"},
        {"{'format': 1, 'kind': 'standards', 'id': 'x', 'title': 't', 'sources': {'s': {'title': 't'}},"
         " 'standards': [{'id': 'a', 'rule': 'county_hospital', 'title': 't', 'ref': 's', 'from': '2019-01-01', 'exceptions': {}}]}",
         "exceptions"},
        {"{'format': 2, 'kind': 'standards'}", "newer than this library"},
        {"{'format': 1, 'id': 'p', 'title': 't', 'layers': []}", "policy document"},
        {"{'format': 1, 'kind': 'standards', 'id': 'x', 'title': 't', 'standards': [{'id': 'a', 'rule': 'county_hospital',"
         " 'title': 't', 'ref': 's', 'from': '2019-01-01'}, {'id': 'a', 'rule': 'county_hospital', 'title': 't', 'ref': 's',"
         " 'from': '2019-01-01'}], 'sources': {'s': {'title': 't'}}}",
         "used twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *msg = std_error(cases[i].doc);
        ck_assert_msg(strstr(msg, cases[i].words), "case %zu: %s lacks %s", i, msg, cases[i].words);
        hpr_free(msg);
    }
}
END_TEST

/* The shipped documents load, and every value in them cites a source. */
START_TEST(shipped_standards_load)
{
    static const char *const files[] = {"standards/national-2019.json", "standards/city-2017.json"};
    for (size_t i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", HPR_SOURCE_DIR, files[i]);
        hpr_standards *s = NULL;
        hpr_diagnostics *d = NULL;
        ck_assert_msg(hpr_standards_load_file(&s, &d, path) == HPR_OK, "%s: %s", files[i],
                      hpr_error_last()->message);
        ck_assert_uint_eq(hpr_diagnostics_count(d), 0);
        ck_assert_uint_gt(hpr_standards_count(s), 3);
        ck_assert_ptr_nonnull(strstr(hpr_standards_fingerprint(s), "sha256:"));
        const char *rule = NULL;
        ck_assert_ptr_nonnull(hpr_standards_entry(s, 0, &rule));
        ck_assert_ptr_nonnull(rule);
        ck_assert_ptr_null(hpr_standards_entry(s, 1000, NULL));
        hpr_diagnostics_free(d);
        hpr_standards_free(s);
    }
}
END_TEST

/* One document and one finished registry, audited from four threads at
 * once: the same JSON as one audit alone (scripts/sanitize runs this under
 * TSan). */
typedef struct audit_job {
    const hpr_standards *s;
    const hpr_registry *r;
    char *json;
} audit_job;

static void *audit_thread(void *arg)
{
    audit_job *j = arg;
    for (int k = 0; k < 20; k++) {
        hpr_audit_result *res = NULL;
        char *json = NULL;
        if (hpr_audit(&res, j->s, j->r, ymd(2019, 6, 1), NULL) == HPR_OK && hpr_audit_to_json(res, &json, NULL) == HPR_OK) {
            hpr_free(j->json);
            j->json = json;
        }
        hpr_audit_result_free(res);
    }
    return NULL;
}

START_TEST(concurrent_audits)
{
    hpr_standards *s = std_load(NATIONAL);
    hpr_registry *r = reg_of(COUNTIES, TOWNSHIPS, VILLAGES, STAFF);
    audit_job alone = {s, r, NULL};
    audit_thread(&alone);
    ck_assert_ptr_nonnull(alone.json);
    pthread_t t[4];
    audit_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (audit_job){s, r, NULL};
        ck_assert_int_eq(pthread_create(&t[i], NULL, audit_thread, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ck_assert_ptr_nonnull(jobs[i].json);
        ck_assert_str_eq(jobs[i].json, alone.json);
        hpr_free(jobs[i].json);
    }
    hpr_free(alone.json);
    hpr_registry_free(r);
    hpr_standards_free(s);
}
END_TEST

Suite *hpr_audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *tc = tcase_create("audit");
    tcase_add_test(tc, thresholds_and_exceptions);
    tcase_add_test(tc, one_finding_per_place_and_rollups);
    tcase_add_test(tc, dated_targets_subsidies_grants);
    tcase_add_test(tc, registry_errors_with_rows);
    tcase_add_test(tc, registry_headers_and_misuse);
    tcase_add_test(tc, standards_errors_are_located);
    tcase_add_test(tc, shipped_standards_load);
    tcase_add_test(tc, concurrent_audits);
    tcase_add_test(tc, registry_chains_and_duplicates);
    tcase_add_test(tc, public_api_refuses_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}
