/* SPDX-License-Identifier: MIT */
/* JSON pointers and JSON type names; see pointer.h. */
#include "json/pointer.h"

size_t hpr__jpointer_push(hpr__buf *path, const char *key)
{
    size_t mark = path->len;
    hpr__buf_put(path, "/", 1);
    for (const char *k = key; *k; k++) {
        if (*k == '~')
            hpr__buf_put(path, "~0", 2);
        else if (*k == '/')
            hpr__buf_put(path, "~1", 2);
        else
            hpr__buf_put(path, k, 1);
    }
    return mark;
}

size_t hpr__jpointer_push_index(hpr__buf *path, size_t index)
{
    size_t mark = path->len;
    hpr__buf_putf(path, "/%zu", index);
    return mark;
}

void hpr__jpointer_pop(hpr__buf *path, size_t mark)
{
    if (path->ptr && mark <= path->len) {
        path->len = mark;
        path->ptr[mark] = '\0';
    }
}

const char *hpr__json_type_name(const cJSON *n)
{
    if (!n)
        return "nothing";
    switch (n->type & 0xFF) {
    case cJSON_False:
    case cJSON_True: return "a boolean";
    case cJSON_NULL: return "null";
    case cJSON_Number: return "a number";
    case cJSON_String: return "a string";
    case cJSON_Array: return "an array";
    case cJSON_Object: return "an object";
    default: return "an unknown value";
    }
}
