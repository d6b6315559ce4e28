/* SPDX-License-Identifier: MIT */
/* The policy loader on arbitrary bytes: any document either loads or is
 * refused with located diagnostics; nothing crashes or leaks. A document
 * that loads is described, and settles a fixed claim in balance. The
 * same bytes are then applied as a patch to a fixed base policy
 * (hpr_policy_derive: merge, remove, set, before/after) with the same
 * promises, and a reform that loads is compared with its base. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Extension functions for documents that declare them (the seeds do):
 * the same registry for every input, as an application would keep one. */
static int64_t half_above(int64_t unpaid, int64_t line) { return unpaid > line ? (unpaid - line) / 2 : 0; }
static int32_t means_test(int64_t income, int32_t size, int64_t paid, int64_t claim, int64_t line)
{
    return income * size - (paid + claim) < line * size;
}

static hpr_extensions *registry(void)
{
    static hpr_extensions *x;
    if (!x && hpr_extensions_create(&x) == HPR_OK) {
        hpr_extensions_add(x, "half_above", "money(money, money)", (hpr_extension_fn)(void (*)(void))half_above);
        hpr_extensions_add(x, "means_test", "bool(money, int, money, money, money)",
                           (hpr_extension_fn)(void (*)(void))means_test);
    }
    return x;
}

static const hpr_policy *base_policy(void)
{
    static hpr_policy *b;
    static const char text[] =
        "{\"format\":1,\"id\":\"base\",\"title\":\"fuzz base\",\"sources\":{\"t\":{\"title\":\"t\","
        "\"confidence\":\"assumption\"}},\"status_kinds\":[\"dibao\",\"tekun\"],\"categories\":{\"poor\":"
        "{\"statuses\":[\"dibao\",\"tekun\"]}},\"layers\":[{\"id\":\"basic\",\"name\":\"B\",\"kind\":"
        "\"share\",\"payer\":\"basic_insurance_fund\",\"covers\":[\"in_scope\"],\"deductible\":{\"per\":"
        "\"claim\",\"amount\":{\"2015-01-01\":\"500\",\"2020-01-01\":\"400\"}},\"ratio\":{\"value\":"
        "\"0.7\",\"ref\":\"t\"}},{\"id\":\"assist\",\"name\":\"A\",\"kind\":\"share\",\"payer\":"
        "\"medical_assistance\",\"covers\":[\"in_scope\"],\"applies_to\":{\"categories\":[\"poor\"]},"
        "\"ratio\":\"0.5\",\"cap\":{\"per_year\":\"20000\"}}]}";
    if (!b)
        hpr_policy_load_buffer(&b, NULL, text, sizeof text - 1, "base.json", NULL);
    return b;
}

static void derive(const uint8_t *data, size_t size)
{
    const hpr_policy *base = base_policy();
    if (!base)
        abort();
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_status st = hpr_policy_derive(&p, &d, base, (const char *)data, size, "patch.json", NULL);
    if (st != HPR_OK && st != HPR_EPOLICY && st != HPR_EPARSE && st != HPR_EVERSION && st != HPR_EIO) {
        fprintf(stderr, "derive: unexpected status %s: %s\n", hpr_status_name(st), hpr_error_last()->message);
        abort();
    }
    if (st == HPR_EPOLICY && (!d || hpr_diagnostics_error_count(d) == 0))
        abort(); /* a refused patch always says where */
    char *text = NULL;
    if (p && hpr_policy_changes(&text, p, base) == HPR_OK)
        hpr_free(text);
    hpr_diagnostics_free(d);
    hpr_policy_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    derive(data, size);
    hpr_policy *p = NULL;
    hpr_diagnostics *d = NULL;
    hpr_policy_options o = HPR_POLICY_OPTIONS_INIT;
    o.extensions = registry();
    hpr_status st = hpr_policy_load_buffer(&p, &d, (const char *)data, size, "fuzz.json", &o);
    if (st != HPR_OK && st != HPR_EPOLICY && st != HPR_EPARSE && st != HPR_EVERSION && st != HPR_EINVAL &&
        st != HPR_EIO) {
        fprintf(stderr, "unexpected status %s: %s\n", hpr_status_name(st), hpr_error_last()->message);
        abort();
    }
    if (st != HPR_OK && (!d || hpr_diagnostics_error_count(d) == 0) && st == HPR_EPOLICY)
        abort(); /* a refused policy always says where */
    char *text = NULL;
    if (d && hpr_diagnostics_format(&text, d) == HPR_OK)
        hpr_free(text);
    if (p) {
        if (hpr_policy_describe(&text, p) == HPR_OK)
            hpr_free(text);
        static const char req[] =
            "{\"person\":{\"id\":\"p\",\"birth_date\":\"1950-01-01\",\"statuses\":[{\"kind\":\"dibao\",\"from\":"
            "\"2015-01-01\"}],\"enrollment\":[{\"scheme\":\"resident_basic\",\"from\":\"2015-01-01\"}]},"
            "\"claims\":[{\"id\":\"c\",\"type\":\"inpatient\",\"admission_date\":\"2019-06-01\",\"facility\":"
            "{\"level\":\"county\"},\"location\":\"in_county\",\"diagnoses\":[\"C15.9\"],\"costs\":{\"total\":"
            "\"50000\",\"in_scope\":\"45000\",\"out_of_catalog\":\"5000\"}}],\"explain\":true}";
        if (hpr_settle_json(p, req, sizeof req - 1, &text) == HPR_OK) {
            fuzz_check_response(text);
            hpr_free(text);
        }
    }
    hpr_diagnostics_free(d);
    hpr_policy_free(p);
    return 0;
}
