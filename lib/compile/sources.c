/* SPDX-License-Identifier: MIT */
/* "sources": the documents a policy or a standards document cites. */
#include <string.h>

#include "compile/reader.h"

static const char *const CONFIDENCE[] = {"verified_text", "secondary", "unverified", "assumption",
                                         NULL};

void hpr__rd_sources(hpr__reader *r, const cJSON *root, const char *what)
{
    const cJSON *s = hpr__rd_member(r, root, "sources", false);
    if (!s) {
        hpr__rd_warn(r, root, "no \"sources\": the %s's values cite nothing", what);
        return;
    }
    size_t mark = hpr__rd_push(r, "sources");
    if (hpr__rd_object(r, s, "\"sources\"", NULL)) {
        size_t n = (size_t)cJSON_GetArraySize(s);
        (*r->sources) = n ? hpr__arena_alloc(r->arena, n * sizeof *(*r->sources)) : NULL;
        if (n && !(*r->sources)) {
            r->oom = true;
            n = 0;
        }
        static const char *const keys[] = {"title", "url", "published", "effective", "confidence", "note",
                                           NULL};
        for (const cJSON *m = s->child; m; m = m->next) {
            size_t m2 = hpr__rd_push(r, m->string);
            if (!hpr__rd_id_ok(m->string)) {
                hpr__rd_error_key(r, m,
                                  "source id \"%s\" must be lower-case letters, digits, '-', '_' "
                                  "or '.'",
                                  m->string);
            } else if (hpr__rd_object(r, m, "a source", keys)) {
                hpr__source *src = &(*r->sources)[(*r->nsources)];
                int conf = -1;
                src->id = hpr__arena_strndup(r->arena, m->string, strlen(m->string));
                bool ok = hpr__rd_string(r, m, "title", true, &src->title);
                ok = hpr__rd_string(r, m, "url", false, &src->url) && ok;
                ok = hpr__rd_string(r, m, "note", false, &src->note) && ok;
                ok = hpr__rd_date(r, m, "published", false, &src->published, &src->has_published) &&
                     ok;
                ok = hpr__rd_date(r, m, "effective", false, &src->effective, &src->has_effective) &&
                     ok;
                ok = hpr__rd_enum(r, m, "confidence", false, CONFIDENCE, &conf) && ok;
                src->confidence = conf >= 0 ? CONFIDENCE[conf] : NULL;
                if (!src->id)
                    r->oom = true;
                else if (ok)
                    (*r->nsources)++;
            }
            hpr__rd_pop(r, m2);
        }
    }
    hpr__rd_pop(r, mark);
}

