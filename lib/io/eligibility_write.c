/* SPDX-License-Identifier: MIT */
/* An eligibility answer as JSON. */
#include "engine/eligibility.h"
#include "io/io.h"
#include "json/jwrite.h"

static void answer(hpr__buf *b, int v, const char *reason)
{
    hpr__buf_puts(b, "{\"value\":");
    hpr__buf_puts(b, v == 1 ? "true" : v == 0 ? "false" : "null");
    if (reason) {
        hpr__buf_puts(b, ",\"reason\":");
        hpr__jw_str(b, reason);
    }
    hpr__buf_puts(b, "}");
}

static void eligibility_write(hpr__buf *b, const hpr_eligibility *e)
{
    hpr__buf_puts(b, "{\"on\":");
    hpr__jw_date(b, e->on);
    hpr__buf_puts(b, e->enrolled ? ",\"enrolled\":true" : ",\"enrolled\":false");
    hpr__buf_puts(b, ",\"categories\":[");
    for (size_t i = 0; i < e->ncat; i++) {
        hpr__buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
        hpr__jw_str(b, e->cat[i]);
        hpr__buf_puts(b, ",\"reason\":");
        hpr__jw_str(b, e->cat_reason[i]);
        hpr__buf_puts(b, "}");
    }
    hpr__buf_puts(b, "],\"treat_first_pay_later\":");
    answer(b, e->tfpl, e->tfpl_reason);
    hpr__buf_puts(b, ",\"one_stop\":");
    answer(b, e->one_stop, e->one_stop_reason);
    hpr__buf_puts(b, ",\"layers\":[");
    for (size_t i = 0; i < e->nlayers; i++) {
        hpr__buf_puts(b, i ? ",{\"layer\":" : "{\"layer\":");
        hpr__jw_str(b, e->layer[i]);
        hpr__buf_puts(b, ",\"applies\":");
        answer(b, e->applies[i], e->layer_reason[i]);
        hpr__buf_puts(b, "}");
    }
    hpr__buf_puts(b, "]}");
}

hpr_status hpr_eligibility_to_json(char **out, const hpr_eligibility *e)
{
    if (out)
        *out = NULL;
    if (!out || !e || !e->valid)
        return hpr__seterr(HPR_EINVAL, "hpr_eligibility_to_json: %s",
                           !out ? "out is NULL" : !e ? "eligibility is NULL" : "the result is empty");
    hpr__buf b = {0};
    eligibility_write(&b, e);
    if (b.oom) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_ENOMEM, "out of memory writing eligibility");
    }
    *out = b.ptr;
    return HPR_OK;
}
