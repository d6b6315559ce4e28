/* SPDX-License-Identifier: MIT */
/* Registry tables from CSV (libcsv): a header line naming the columns, then
 * one row a line. Every data row is counted and either kept or refused with
 * its line and reason (hpr/registry.h); docs/standards-audit.md lists the
 * columns and the values each takes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/file.h"
#include "core/names.h"
#include "model/registry.h"

/* A registry table is a listing of places, not a claims file. */
#define MAX_TABLE_BYTES (512u * 1024u * 1024u)
#define MAX_ID 64
#define MAX_POPULATION 1000000000LL
#define MAX_COLS 16

typedef struct colspec {
    const char *name;
    bool required;
} colspec;

static const colspec COUNTY_COLS[] = {{"county_id", true}, {"name", false}, {"population", true},
                                      {"poor", false},     {"hospital", true}, {"hospital_level", false},
                                      {"departments", false}, {NULL, false}};
enum { C_ID, C_NAME, C_POP, C_POOR, C_HOSP, C_LEVEL, C_DEPTS };
static const colspec TOWNSHIP_COLS[] = {{"township_id", true}, {"county_id", true}, {"name", false},
                                        {"population", true},  {"poor", false},
                                        {"health_centre", true}, {"departments", false},
                                        {NULL, false}};
enum { T_ID, T_COUNTY, T_NAME, T_POP, T_POOR, T_CENTRE, T_DEPTS };
static const colspec VILLAGE_COLS[] = {
    {"village_id", true},      {"township_id", true},       {"name", false},
    {"population", true},      {"poor", false},             {"relocated", false},
    {"hosts_township_centre", false}, {"clinic", true},     {"shares_clinic_of", false},
    {"neighbours", false},     {"clinic_area_m2", false},   {"clinic_rooms", false},
    {"essential_medicines", false}, {NULL, false}};
enum { V_ID, V_TOWNSHIP, V_NAME, V_POP, V_POOR, V_RELOC, V_HOSTS, V_CLINIC, V_SHARES, V_NEIGH,
       V_AREA, V_ROOMS, V_ESSENTIAL };
static const colspec STAFF_COLS[] = {{"staff_id", true},      {"level", true}, {"place_id", true},
                                     {"qualification", true}, {"gp", false},   {"department", false},
                                     {"name", false},         {NULL, false}};
enum { S_ID, S_LEVEL, S_PLACE, S_QUAL, S_GP, S_DEPT, S_NAME };

static const colspec *const TABLE_COLS[HPR_REGISTRY_TABLES] = {COUNTY_COLS, TOWNSHIP_COLS,
                                                               VILLAGE_COLS, STAFF_COLS};

typedef struct rctx {
    hpr_registry *reg;
    hpr_registry_table table;
    const colspec *cols;
    const char *file;
    long line;        /* lines fed so far */
    long row_line;    /* where the row being built started */
    char **f;         /* fields of the row being built */
    size_t nf, capf;
    const char *problem; /* of the row being built */
    bool header_done;
    int map[MAX_COLS];   /* field position -> column (-1: none) */
    size_t nheader;
    char table_bad[400]; /* why every data row is refused (a bad header), or "" */
    bool oom;
} rctx;

/* ---- cells -------------------------------------------------------------- */

typedef struct rowv {
    const char *v[MAX_COLS]; /* NULL when the column is absent */
    char why[400];
} rowv;

static bool bad(rowv *r, const char *fmt, ...) HPR__PRINTF(2, 3);
static bool bad(rowv *r, const char *fmt, ...)
{
    if (!r->why[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->why, sizeof r->why, fmt, ap);
        va_end(ap);
    }
    return false;
}

static const char *cell(const rowv *r, int col) { return r->v[col] ? r->v[col] : ""; }

static bool parse_id(rowv *r, int col, const char *what, const char **out, bool required)
{
    const char *s = cell(r, col);
    *out = NULL;
    size_t n = strlen(s);
    if (n == 0)
        return required ? bad(r, "%s is empty", what) : true;
    if (n > MAX_ID)
        return bad(r, "%s is longer than %d bytes", what, MAX_ID);
    if (s[0] == ' ' || s[n - 1] == ' ')
        return bad(r, "%s \"%s\" has spaces around it", what, s);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == ';')
            return bad(r, "%s \"%s\" has a control character or ';'", what, s);
    /* an id is matched byte for byte, so look-alikes of another id are
     * refused rather than kept as a different place: a byte-order mark
     * (a file joined from several exports) and full-width forms (an input
     * method left in full-width mode) */
    if (strstr(s, "\xEF\xBB\xBF"))
        return bad(r, "%s \"%s\" holds a byte-order mark (U+FEFF; a file joined from several exports?): "
                   "remove it", what, s);
    char ascii[MAX_ID + 1];
    size_t k = 0;
    bool wide = false;
    for (size_t i = 0; i < n;) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (i + 2 < n && u[0] == 0xEF && (u[1] == 0xBC || u[1] == 0xBD) && u[2] >= 0x80 && u[2] <= 0xBF &&
            !(u[1] == 0xBD && u[2] > 0x9E) && !(u[1] == 0xBC && u[2] == 0x80)) {
            ascii[k++] = (char)(((u[1] - 0xBC) * 64 + (u[2] - 0x80)) + 0x20); /* U+FF01.. -> '!'.. */
            i += 3;
            wide = true;
        } else if (i + 2 < n && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
            ascii[k++] = ' '; /* U+3000, the ideographic space */
            i += 3;
            wide = true;
        } else {
            ascii[k++] = s[i++];
        }
    }
    ascii[k] = '\0';
    if (wide)
        return bad(r, "%s \"%s\" has full-width characters: write it as \"%s\"", what, s, ascii);
    *out = s;
    return true;
}

static bool parse_population(rowv *r, int col, int64_t *out)
{
    const char *s = cell(r, col);
    if (!s[0])
        return bad(r, "population is empty");
    if (s[0] == '-')
        return bad(r, "population %s is negative", s);
    int64_t v = 0;
    for (const char *c = s; *c; c++) {
        if (*c < '0' || *c > '9')
            return bad(r, "population \"%s\" is not a whole number of residents", s);
        v = v * 10 + (*c - '0');
        if (v > MAX_POPULATION)
            return bad(r, "population %s is larger than %lld", s, (long long)MAX_POPULATION);
    }
    *out = v;
    return true;
}

static bool parse_bool(rowv *r, int col, const char *what, bool required, bool *out)
{
    static const char *const yes[] = {"yes", "y", "true", "1", "是", NULL};
    static const char *const no[] = {"no", "n", "false", "0", "否", NULL};
    const char *s = cell(r, col);
    *out = false;
    if (!s[0])
        return required ? bad(r, "%s is empty: expected yes or no", what) : true;
    char low[8];
    size_t n = strlen(s);
    if (n < sizeof low) {
        for (size_t i = 0; i <= n; i++)
            low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
        if (hpr__name_index(yes, low) >= 0) {
            *out = true;
            return true;
        }
        if (hpr__name_index(no, low) >= 0)
            return true;
    }
    return bad(r, "%s \"%s\" is not yes or no (also: true/false, 1/0, 是/否)", what, s);
}

/* A value from a list where each entry has an English and a Chinese name. */
static bool parse_choice(rowv *r, int col, const char *what, const char *const *en,
                         const char *const *zh, bool required, int dflt, int *out)
{
    const char *s = cell(r, col);
    *out = dflt;
    if (!s[0])
        return required ? bad(r, "%s is empty", what) : true;
    int i = hpr__name_index(en, s);
    if (i < 0)
        i = hpr__name_index(zh, s);
    if (i >= 0) {
        *out = i;
        return true;
    }
    char list[200] = "";
    for (size_t k = 0; en[k]; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", en[k]);
    const char *near = hpr__closest(s, en, SIZE_MAX);
    if (near)
        return bad(r, "%s \"%s\" is not one of %s (did you mean \"%s\"?)", what, s, list, near);
    return bad(r, "%s \"%s\" is not one of %s", what, s, list);
}

/* Splits a ';'-separated list (blanks around items ignored) into arena strings. */
static bool parse_list(hpr_registry *reg, rowv *r, int col, const char ***items, size_t *n,
                       bool *oom)
{
    const char *s = cell(r, col);
    size_t cap = 0;
    *items = NULL;
    *n = 0;
    while (*s) {
        size_t len = strcspn(s, ";");
        const char *a = s, *b = s + len;
        while (a < b && *a == ' ')
            a++;
        while (b > a && b[-1] == ' ')
            b--;
        if (b > a) {
            char *item = hpr__arena_strndup(&reg->arena, a, (size_t)(b - a));
            if (!item || !hpr__arena_list_add(&reg->arena, items, n, &cap, item)) {
                *oom = true;
                return false;
            }
        }
        s += len + (s[len] == ';');
    }
    return true;
}

static bool parse_mask(hpr_registry *reg, rowv *r, int col, const char *what,
                       const char *const *en, const char *const *zh, uint32_t *mask, bool *oom)
{
    const char **items;
    size_t n;
    *mask = 0;
    if (!parse_list(reg, r, col, &items, &n, oom))
        return false;
    for (size_t i = 0; i < n; i++) {
        int k = hpr__name_index(en, items[i]);
        if (k < 0)
            k = hpr__name_index(zh, items[i]);
        if (k < 0) {
            char list[200] = "";
            for (size_t j = 0; en[j]; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "", en[j]);
            const char *near = hpr__closest(items[i], en, SIZE_MAX);
            return bad(r, "%s: \"%s\" is not one of %s%s%s%s", what, items[i], list,
                       near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
        }
        *mask |= 1u << k;
    }
    return true;
}

static const char *const HOSP_EN[] = {"none", "general", "tcm", NULL};
static const char *const HOSP_ZH[] = {"无", "综合医院", "中医医院", NULL};
static const char *const LEVEL_ZH[] = {"无", "一级", "二级", "二级甲等", "三级", NULL};
static const char *const TDEPT_EN[] = {"clinical", "public_health", NULL};
static const char *const TDEPT_ZH[] = {"临床科室", "公共卫生科", NULL};
static const char *const ROOM_EN[] = {"diagnosis", "treatment", "public_health", "pharmacy", NULL};
static const char *const ROOM_ZH[] = {"诊室", "治疗室", "公共卫生室", "药房", NULL};
static const char *const SLEVEL_EN[] = {"county", "township", "village", NULL};
static const char *const SLEVEL_ZH[] = {"县", "乡", "村", NULL};
static const char *const QUAL_EN[] = {"none", "physician", "assistant_physician", "village_doctor", NULL};
static const char *const QUAL_ZH[] = {"无", "执业医师", "执业助理医师", "乡村医生", NULL};

static bool base_row(rctx *x, hpr__rrow *row, rowv *r, int id_col, int name_col, const char *what)
{
    row->file = x->file;
    row->line = x->row_line;
    row->name = "";
    const char *id = NULL;
    bool ok = parse_id(r, id_col, what, &id, true);
    row->id = id ? hpr__arena_strndup(&x->reg->arena, id, strlen(id)) : "";
    if (name_col >= 0 && r->v[name_col])
        row->name = hpr__arena_strndup(&x->reg->arena, r->v[name_col], strlen(r->v[name_col]));
    if (!row->id || !row->name)
        x->oom = true;
    return ok;
}

/* An arena copy of a cell that outlives the row. */
static const char *keep(rctx *x, const char *s)
{
    if (!s)
        return NULL;
    const char *d = hpr__arena_strndup(&x->reg->arena, s, strlen(s));
    if (!d)
        x->oom = true;
    return d;
}

static hpr__rrow *read_county(rctx *x, rowv *r)
{
    hpr__county *c = hpr__registry_add_county(x->reg);
    if (!c)
        return NULL;
    int hosp = 0, level = 0;
    bool ok = base_row(x, &c->r, r, C_ID, C_NAME, "county_id");
    ok = ok && parse_population(r, C_POP, &c->population);
    ok = ok && parse_bool(r, C_POOR, "poor", false, &c->poor);
    ok = ok && parse_choice(r, C_HOSP, "hospital", HOSP_EN, HOSP_ZH, true, 0, &hosp);
    ok = ok && parse_choice(r, C_LEVEL, "hospital_level", hpr__hosp_level_names, LEVEL_ZH, false, 0,
                            &level);
    ok = ok && parse_list(x->reg, r, C_DEPTS, &c->departments, &c->ndepartments, &x->oom);
    c->hospital = (hpr__hosp_kind)hosp;
    c->level = (hpr__hosp_level)level;
    if (ok && hosp == HPR__HOSP_KIND_NONE && (level != HPR__HOSP_NONE || c->ndepartments))
        ok = bad(r, "hospital is none but hospital_level or departments are given");
    return &c->r;
}

static hpr__rrow *read_township(rctx *x, rowv *r)
{
    hpr__township *t = hpr__registry_add_township(x->reg);
    if (!t)
        return NULL;
    bool ok = base_row(x, &t->r, r, T_ID, T_NAME, "township_id");
    const char *county = NULL;
    ok = ok && parse_id(r, T_COUNTY, "county_id", &county, true);
    t->county_id = keep(x, county);
    t->county = HPR__NONE;
    ok = ok && parse_population(r, T_POP, &t->population);
    ok = ok && parse_bool(r, T_POOR, "poor", false, &t->poor);
    ok = ok && parse_bool(r, T_CENTRE, "health_centre", true, &t->centre);
    ok = ok && parse_mask(x->reg, r, T_DEPTS, "departments", TDEPT_EN, TDEPT_ZH, &t->departments,
                          &x->oom);
    if (ok && !t->centre && t->departments)
        ok = bad(r, "health_centre is no but departments are given");
    return &t->r;
}

static hpr__rrow *read_village(rctx *x, rowv *r)
{
    hpr__village *v = hpr__registry_add_village(x->reg);
    if (!v)
        return NULL;
    bool ok = base_row(x, &v->r, r, V_ID, V_NAME, "village_id");
    const char *township = NULL, *shares = NULL;
    ok = ok && parse_id(r, V_TOWNSHIP, "township_id", &township, true);
    v->township_id = keep(x, township);
    v->township = v->shares = HPR__NONE;
    ok = ok && parse_population(r, V_POP, &v->population);
    ok = ok && parse_bool(r, V_POOR, "poor", false, &v->poor);
    ok = ok && parse_bool(r, V_RELOC, "relocated", false, &v->relocated);
    ok = ok && parse_bool(r, V_HOSTS, "hosts_township_centre", false, &v->hosts_centre);
    ok = ok && parse_bool(r, V_CLINIC, "clinic", true, &v->clinic);
    ok = ok && parse_id(r, V_SHARES, "shares_clinic_of", &shares, false);
    v->shares_id = keep(x, shares);
    ok = ok && parse_list(x->reg, r, V_NEIGH, &v->neighbours, &v->nneighbours, &x->oom);
    if (ok && cell(r, V_AREA)[0]) {
        const char *s = cell(r, V_AREA);
        if (hpr__decimal_parse(&v->area_centi, s, strlen(s), 2, false, "clinic_area_m2") != HPR_OK ||
            v->area_centi < 0 || v->area_centi > 100000000)
            ok = bad(r, "clinic_area_m2 \"%s\" is not an area in m² from 0 to 1000000 with at most two "
                        "decimals",
                     s);
    }
    ok = ok && parse_mask(x->reg, r, V_ROOMS, "clinic_rooms", ROOM_EN, ROOM_ZH, &v->rooms, &x->oom);
    ok = ok && parse_bool(r, V_ESSENTIAL, "essential_medicines", false, &v->essential_medicines);
    if (ok && v->clinic && v->shares_id)
        ok = bad(r, "clinic is yes but shares_clinic_of names %s: a village has its own clinic or "
                    "shares one",
                 v->shares_id);
    if (ok && !v->clinic && (v->area_centi || v->rooms || v->essential_medicines))
        ok = bad(r, "clinic is no but clinic_area_m2, clinic_rooms or essential_medicines are given");
    return &v->r;
}

static hpr__rrow *read_staff(rctx *x, rowv *r)
{
    hpr__staff *s = hpr__registry_add_staff(x->reg);
    if (!s)
        return NULL;
    bool ok = base_row(x, &s->r, r, S_ID, S_NAME, "staff_id");
    int level = 0, qual = 0;
    const char *place = NULL;
    ok = ok && parse_choice(r, S_LEVEL, "level", SLEVEL_EN, SLEVEL_ZH, true, 0, &level);
    ok = ok && parse_id(r, S_PLACE, "place_id", &place, true);
    s->place_id = keep(x, place);
    s->place = HPR__NONE;
    ok = ok && parse_choice(r, S_QUAL, "qualification", QUAL_EN, QUAL_ZH, true, 0, &qual);
    ok = ok && parse_bool(r, S_GP, "gp", false, &s->gp);
    s->level = (hpr__level)level;
    s->qualification = qual ? 1u << (qual - 1) : 0;
    s->department = keep(x, cell(r, S_DEPT));
    if (ok && s->gp && s->qualification != HPR__Q_PHYSICIAN && s->qualification != HPR__Q_ASSISTANT)
        ok = bad(r, "gp is yes but the qualification is %s: a GP is a 执业医师 or 执业助理医师",
                 QUAL_EN[qual]);
    return &s->r;
}

/* ---- rows --------------------------------------------------------------- */

static void header(rctx *x)
{
    x->header_done = true;
    x->nheader = x->nf;
    bool seen[MAX_COLS] = {false};
    for (size_t i = 0; i < x->nf; i++) {
        x->map[i < MAX_COLS ? i : MAX_COLS - 1] = -1;
        if (i >= MAX_COLS) {
            snprintf(x->table_bad, sizeof x->table_bad, "the header has more than %d columns", MAX_COLS);
            return;
        }
        const char *name = x->f[i];
        if (i == 0 && strncmp(name, "\xEF\xBB\xBF", 3) == 0)
            name += 3; /* the byte order mark Excel's "CSV UTF-8" writes */
        int k = -1;
        for (int c = 0; x->cols[c].name; c++)
            if (strcmp(x->cols[c].name, name) == 0)
                k = c;
        if (k < 0) {
            const char *names[MAX_COLS + 1];
            int c = 0;
            for (; x->cols[c].name; c++)
                names[c] = x->cols[c].name;
            names[c] = NULL;
            const char *near = hpr__closest(name, names, SIZE_MAX);
            snprintf(x->table_bad, sizeof x->table_bad,
                     "%s line %ld: column \"%s\" is not a %s column%s%s%s (docs/standards-audit.md)",
                     x->file, x->row_line, name, hpr_registry_table_name(x->table),
                     near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
            return;
        }
        if (seen[k]) {
            snprintf(x->table_bad, sizeof x->table_bad, "%s line %ld: column \"%s\" appears twice",
                     x->file, x->row_line, name);
            return;
        }
        seen[k] = true;
        x->map[i] = k;
    }
    for (int c = 0; x->cols[c].name; c++)
        if (x->cols[c].required && !seen[c]) {
            snprintf(x->table_bad, sizeof x->table_bad, "%s line %ld: no \"%s\" column", x->file,
                     x->row_line, x->cols[c].name);
            return;
        }
}

static void data_row(rctx *x)
{
    rowv r;
    memset(&r, 0, sizeof r);
    /* a row of the wrong width is refused, but its id still names it */
    if (!x->table_bad[0] && !x->problem)
        for (size_t i = 0; i < x->nf && i < x->nheader; i++)
            r.v[x->map[i]] = x->f[i];
    hpr__rrow *row;
    switch (x->table) {
    case HPR_TABLE_COUNTIES: row = read_county(x, &r); break;
    case HPR_TABLE_TOWNSHIPS: row = read_township(x, &r); break;
    case HPR_TABLE_VILLAGES: row = read_village(x, &r); break;
    default: row = read_staff(x, &r); break;
    }
    if (!row) {
        x->oom = true;
        return;
    }
    x->reg->rows[x->table]++;
    const char *why = x->table_bad[0] ? x->table_bad
                      : x->problem    ? x->problem
                                      : r.why;
    char count[120];
    if (!x->table_bad[0] && !x->problem && x->nf != x->nheader) {
        snprintf(count, sizeof count, "the row has %zu fields, the header %zu", x->nf, x->nheader);
        why = count;
    }
    if (why[0] && !hpr__registry_refuse(x->reg, x->table, row, "%s", why))
        x->oom = true;
}

static void free_fields(rctx *x)
{
    for (size_t i = 0; i < x->nf; i++)
        hpr__free(x->f[i]);
    x->nf = 0;
    x->problem = NULL;
}

static void on_field(void *s, size_t len, void *data)
{
    rctx *x = data;
    if (x->oom)
        return;
    if (x->nf == x->capf) {
        size_t cap = x->capf ? x->capf * 2 : 16;
        char **f = hpr__realloc(x->f, cap * sizeof *f);
        if (!f) {
            x->oom = true;
            return;
        }
        x->f = f;
        x->capf = cap;
    }
    const char *text = s ? s : "";
    if (!x->problem && memchr(text, '\0', len))
        x->problem = "a field holds a NUL byte";
    else if (!x->problem && !hpr__utf8_valid(text, len))
        x->problem = "a field is not valid UTF-8";
    char *copy = hpr__strndup(text, len);
    if (!copy) {
        x->oom = true;
        return;
    }
    x->f[x->nf++] = copy;
}

static void on_row(int term, void *data)
{
    (void)term;
    rctx *x = data;
    if (x->oom) {
        free_fields(x);
        return;
    }
    bool blank = x->nf == 1 && x->f[0][0] == '\0';
    if (!blank) {
        if (!x->header_done)
            header(x);
        else
            data_row(x);
    }
    free_fields(x);
    x->row_line = x->line + 1;
}

/* A row libcsv could not parse: counted and refused, with what it was. */
static void malformed(rctx *x, const char *why)
{
    free_fields(x);
    if (!x->header_done) {
        x->header_done = true;
        snprintf(x->table_bad, sizeof x->table_bad, "%s line %ld: the header is malformed CSV: %s",
                 x->file, x->row_line, why);
        return;
    }
    x->problem = why;
    x->nf = 0;
    data_row(x);
    x->problem = NULL;
}

hpr_status hpr_registry_read_csv(hpr_registry *reg, hpr_registry_table table, const char *data,
                                 size_t len, const char *name)
{
    if (!reg || (!data && len))
        return hpr__seterr(HPR_EINVAL, "hpr_registry_read_csv: %s is NULL", reg ? "data" : "registry");
    if ((unsigned)table >= HPR_REGISTRY_TABLES)
        return hpr__seterr(HPR_EINVAL, "hpr_registry_read_csv: unknown table %d", (int)table);
    if (reg->finished)
        return hpr__seterr(HPR_EINVAL, "hpr_registry_read_csv: the registry is finished");
    rctx x;
    memset(&x, 0, sizeof x);
    x.reg = reg;
    x.table = table;
    x.cols = TABLE_COLS[table];
    x.file = hpr__arena_strndup(&reg->arena, name ? name : "<memory>", strlen(name ? name : "<memory>"));
    x.row_line = 1;
    struct csv_parser p;
    if (!x.file || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return hpr__seterr(HPR_ENOMEM, "out of memory reading a registry table");
    const char *s = data ? data : "", *end = s + len;
    while (s < end && !x.oom) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        x.line++;
        if (p.pstate == 0 && x.nf == 0)
            x.row_line = x.line;
        if (csv_parse(&p, s, n, on_field, on_row, &x) != n) {
            if (csv_error(&p) == CSV_ENOMEM) {
                x.oom = true;
                break;
            }
            malformed(&x, "malformed CSV: a stray quote or a quoted field followed by text");
            csv_free(&p);
            csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
            x.row_line = x.line + 1;
        }
        s += n;
    }
    if (!x.oom && csv_fini(&p, on_field, on_row, &x) != 0) {
        if (csv_error(&p) == CSV_ENOMEM)
            x.oom = true;
        else
            malformed(&x, "malformed CSV: a quoted field that starts here is never closed");
    }
    csv_free(&p);
    free_fields(&x);
    hpr__free(x.f);
    if (x.oom)
        return hpr__seterr(HPR_ENOMEM, "out of memory reading a registry table");
    if (x.table_bad[0])
        return hpr__seterr(HPR_EINVAL, "%s", x.table_bad);
    return HPR_OK;
}

hpr_status hpr_registry_load_dir(hpr_registry **out, const char *dir)
{
    if (out)
        *out = NULL;
    if (!out || !dir)
        return hpr__seterr(HPR_EINVAL, "hpr_registry_load_dir: %s is NULL", out ? "dir" : "out");
    hpr_registry *reg;
    hpr_status st = hpr_registry_new(&reg);
    for (int t = 0; st == HPR_OK && t < HPR_REGISTRY_TABLES; t++) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s.csv", dir, hpr_registry_table_name((hpr_registry_table)t));
        if (n < 0 || (size_t)n >= sizeof path) {
            st = hpr__seterr(HPR_EINVAL, "hpr_registry_load_dir: the directory name is too long");
            break;
        }
        char *data;
        size_t len;
        st = hpr__read_file(path, MAX_TABLE_BYTES, &data, &len);
        if (st == HPR_OK) {
            st = hpr_registry_read_csv(reg, (hpr_registry_table)t, data, len, path);
            hpr__free(data);
        }
    }
    if (st == HPR_OK)
        st = hpr_registry_finish(reg);
    if (st != HPR_OK) {
        hpr_registry_free(reg);
        return st;
    }
    *out = reg;
    return HPR_OK;
}
