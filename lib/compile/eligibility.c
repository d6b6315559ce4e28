/* SPDX-License-Identifier: MIT */
/* Reading the "eligibility" section: the conditions of treat first, pay
 * later (先诊疗后付费) and one-stop settlement (一站式). */
#include "compile/compile.h"
#include "model/policy.h"

void hpr__read_eligibility(hpr__reader *r, const void *root_)
{
    const cJSON *root = root_;
    struct hpr_policy *p = r->policy;
    const cJSON *node = hpr__rd_member(r, root, "eligibility", false);
    if (!node)
        return;
    size_t mark = hpr__rd_push(r, "eligibility");
    static const char *const KEYS[] = {"treat_first_pay_later", "one_stop", "ref", "note", NULL};
    if (hpr__rd_object(r, node, "\"eligibility\"", KEYS)) {
        const cJSON *t = hpr__rd_member(r, node, "treat_first_pay_later", false);
        if (t) {
            size_t m2 = hpr__rd_push(r, "treat_first_pay_later");
            p->has_tfpl = hpr__read_cond(r, t, "\"treat_first_pay_later\"", &p->tfpl);
            hpr__rd_pop(r, m2);
        }
        const cJSON *o = hpr__rd_member(r, node, "one_stop", false);
        if (o) {
            size_t m2 = hpr__rd_push(r, "one_stop");
            p->has_one_stop = hpr__read_cond(r, o, "\"one_stop\"", &p->one_stop);
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}
