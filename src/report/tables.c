/* SPDX-License-Identifier: MIT */
/*
 * tables.c - the tables the workbook, the CSV files and the HTML
 * report share, built from the plan document.
 *
 * Most tables are an array of the document turned into rows: its objects'
 * keys become columns (in a preferred order, then in order of first
 * appearance), an object one level down becomes "key.sub" columns, and an
 * array becomes one text cell ("code: text" per line for reasons). So a
 * key a later stage adds to its section shows up as a column without a
 * change here, and a header is always the JSON key the value came from.
 * The Summary table lists key figures by their JSON path instead
 * (tables_summary.c).
 *
 * Every text is copied into the tables' arena: they outlive the rows
 * assembled here for them.
 */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- cells from JSON values ---------------------------------------- */

bool sl_report_is_date_key(const char *k)
{
    static const char *const words[] = {"date", "start", "end", "finish", "from", "to",
                                        "opens", "first_move", "arrives", "deadline", "passes"};
    for (size_t i = 0; i < SL_ARRAY_LEN(words); i++) {
        const char *w = words[i];
        size_t n = strlen(w), kl = strlen(k);
        if (strcmp(k, w) == 0)
            return true;
        if (kl > n && strcmp(k + kl - n, w) == 0 && k[kl - n - 1] == '_')
            return true;
        if (kl > n && strncmp(k, w, n) == 0 && k[n] == '_')
            return true;
    }
    return false;
}

/* Joins an array into one text: strings and numbers separated by "; ",
 * objects as "code: text" (or their id) one a line. */
static const char *join_array(sl_arena *a, json_t *arr)
{
    sl_buf b = {0};
    bool lines = false;
    for (size_t i = 0; i < json_array_size(arr); i++)
        lines = lines || json_is_object(json_array_get(arr, i));
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        if (i)
            sl_buf_puts(&b, lines ? "\n" : "; ");
        double x;
        if (sl_jstr(v)) {
            sl_buf_puts(&b, sl_jstr(v));
        } else if (sl_jnum(v, &x)) {
            sl_buf_printf(&b, "%.12g", x);
        } else if (json_is_object(v)) {
            const char *code = sl_jstr(json_object_get(v, "code"));
            const char *text = sl_jstr(json_object_get(v, "text"));
            const char *id = sl_jstr(json_object_get(v, "id"));
            if (text)
                sl_buf_printf(&b, "%s%s%s", code ? code : "", code ? ": " : "", text);
            else if (code || id)
                sl_buf_puts(&b, code ? code : id);
            else {
                char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
                sl_buf_puts(&b, s ? s : "");
                free(s); /* jansson's allocation */
            }
        }
    }
    const char *out = sl_arena_strdup(a, b.data ? b.data : "");
    bool failed = b.failed;
    sl_buf_free(&b);
    return failed ? NULL : out;
}

/* Fills c from v; a string becomes a date when the key names one. false
 * when out of memory. */
bool sl_tables_cell(const sl_tables *ts, sl_cell *c, json_t *v, const char *key)
{
    sl_arena *a = ts->arena;
    double x;
    c->kind = SL_CELL_EMPTY;
    if (!v || json_is_null(v))
        return true;
    bool failed = false;
    const char *human = sl_tables_human_text(ts, key, v, &failed);
    if (failed)
        return false;
    if (human) {
        c->kind = SL_CELL_TEXT;
        c->text = human;
        return true;
    }
    if (json_is_boolean(v)) {
        c->kind = SL_CELL_BOOL;
        c->num = json_is_true(v);
    } else if (sl_jnum(v, &x)) {
        c->kind = SL_CELL_NUMBER;
        c->num = x;
    } else if (sl_jstr(v)) {
        double dt = key && sl_report_is_date_key(key) ? sl_jdatetime(v) : NAN;
        if (isfinite(dt)) {
            c->kind = strlen(sl_jstr(v)) == 10 ? SL_CELL_DATE : SL_CELL_DATETIME;
            c->num = dt;
        } else {
            c->kind = SL_CELL_TEXT;
            c->text = sl_arena_strdup(a, sl_jstr(v));
            return c->text != NULL;
        }
    } else if (json_is_array(v)) {
        c->kind = SL_CELL_TEXT;
        c->text = join_array(a, v);
        return c->text != NULL;
    }
    return true;
}

/* ---- the generic builder ------------------------------------------- */

typedef struct colkey {
    const char *key, *sub; /* sub: NULL for a top-level key */
} colkey;

typedef struct builder {
    sl_tables *ts;
    colkey *keys;
    size_t n_keys, cap_keys;
} builder;

static bool listed(const char *const *list, const char *k)
{
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(list[i], k) == 0)
            return true;
    return false;
}

static int add_key(builder *b, const char *key, const char *sub)
{
    for (size_t i = 0; i < b->n_keys; i++)
        if (strcmp(b->keys[i].key, key) == 0 &&
            (sub ? b->keys[i].sub && strcmp(b->keys[i].sub, sub) == 0 : !b->keys[i].sub))
            return 0;
    if (SL_GROW(b->keys, b->cap_keys, b->n_keys + 1))
        return SL_ENOMEM;
    b->keys[b->n_keys++] = (colkey){key, sub};
    return 0;
}

/* The columns value v of key brings: itself, or its members when it is an
 * object (one level). */
static int add_keys(builder *b, const char *key, json_t *v)
{
    if (!v)
        return 0;
    if (!json_is_object(v))
        return add_key(b, key, NULL);
    const char *sk;
    json_t *sv;
    int rc = 0;
    json_object_foreach(v, sk, sv)
    {
        if (!rc && !json_is_object(sv))
            rc = add_key(b, key, sk);
    }
    return rc;
}

static const char *col_name(sl_arena *a, const colkey *k)
{
    return k->sub ? sl_arena_printf(a, "%s.%s", k->key, k->sub) : sl_arena_strdup(a, k->key);
}

static bool is_share_key(const char *k)
{
    size_t n = strlen(k);
    return strcmp(k, "share") == 0 || (n > 6 && strcmp(k + n - 6, "_share") == 0) ||
           strncmp(k, "p_", 2) == 0 || strstr(k, "probability") != NULL ||
           strstr(k, "_change") != NULL; /* a relative change, such as fee_change */
}

static bool is_money_key(const char *k)
{
    static const char *const words[] = {"npv", "cost", "status_quo", "colocation", "amount",
                                        "per_year", "saving", "cash", "chargeback", "budget",
                                        "price", "fee"};
    for (size_t i = 0; i < SL_ARRAY_LEN(words); i++)
        if (strstr(k, words[i]))
            return true;
    return false;
}

/* Numbers that name rather than count: 2,026 would misread a year. */
static bool is_ordinal_key(const char *k)
{
    static const char *const words[] = {"year", "index", "line", "column", "group", "window",
                                        "seed"};
    size_t n = strlen(k);
    for (size_t i = 0; i < SL_ARRAY_LEN(words); i++)
        if (strcmp(k, words[i]) == 0)
            return true;
    return n > 5 && strcmp(k + n - 5, "_year") == 0;
}

sl_num_fmt sl_report_key_fmt(const char *key, bool is_integral)
{
    const char *leaf = strrchr(key, '.');
    leaf = leaf ? leaf + 1 : key;
    return is_share_key(leaf)                    ? SL_FMT_SHARE
           : is_money_key(leaf)                  ? SL_FMT_MONEY
           : is_integral && is_ordinal_key(leaf) ? SL_FMT_PLAIN
           : is_integral                         ? SL_FMT_INT
                                                 : SL_FMT_GENERAL;
}

/* The decimal places (0 to 3) that write v exactly, or -1 when it needs
 * more. */
static int exact_places(double v)
{
    double scaled = fabs(v);
    for (int d = 0; d <= 3; d++, scaled *= 10)
        if (fabs(scaled - round(scaled)) <= 1e-9 * SL_MAX(1.0, scaled))
            return d;
    return -1;
}

/* A decimal format for numbers needing `places` (-1: more than 3) whose
 * largest magnitude is max_abs: exact when 3 places do, else about four
 * significant digits for small numbers and one decimal for large ones. */
static sl_num_fmt decimal_fmt(int places, double max_abs)
{
    static const sl_num_fmt by_places[] = {SL_FMT_INT, SL_FMT_DEC1, SL_FMT_DEC2, SL_FMT_DEC3};
    if (places >= 0)
        return by_places[places];
    return max_abs < 1 ? SL_FMT_DEC3 : max_abs < 100 ? SL_FMT_DEC2 : SL_FMT_DEC1;
}

/* Picks a number format and a width for every column from its cells. */
void sl_table_finish_columns(sl_table *t)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        sl_column *col = &t->cols[c];
        bool integral = true;
        int places = 0;
        double max_abs = 0;
        double width = (double)strlen(col->name);
        for (size_t r = 0; r < t->n_rows; r++) {
            const sl_cell *cell = &t->cells[r * t->n_cols + c];
            double w = 0;
            if (cell->kind == SL_CELL_NUMBER) {
                integral = integral && cell->num == floor(cell->num) && fabs(cell->num) < 1e15;
                int d = exact_places(cell->num);
                places = places < 0 || d < 0 ? -1 : SL_MAX(places, d);
                max_abs = SL_MAX(max_abs, fabs(cell->num));
                w = 4 + log10(fabs(cell->num) + 1) * 4 / 3;
            } else if (cell->kind == SL_CELL_TEXT) {
                const char *nl = strchr(cell->text, '\n');
                w = (double)(nl ? (size_t)(nl - cell->text) : strlen(cell->text));
            } else if (cell->kind == SL_CELL_DATE) {
                w = 10;
            } else if (cell->kind == SL_CELL_DATETIME) {
                w = 16;
            } else if (cell->kind == SL_CELL_BOOL) {
                w = 5;
            }
            width = SL_MAX(width, w);
        }
        if (col->fmt == SL_FMT_GENERAL)
            col->fmt = sl_report_key_fmt(col->name, integral);
        if (col->fmt == SL_FMT_GENERAL)
            col->fmt = decimal_fmt(places, max_abs);
        col->is_wrapped = width > 60;
        col->width = SL_MIN(width, 60.0) + 2;
    }
}

/* Appends a table made of the objects in rows. order: keys that come
 * first when present; exclude: keys left out (NULL-terminated lists). */
static int generic(builder *b, const char *sheet, const char *file, json_t *rows,
                   const char *const *order, const char *const *exclude)
{
    sl_tables *ts = b->ts;
    sl_arena *a = ts->arena;
    b->n_keys = 0;
    int rc = 0;
    for (size_t i = 0; order && order[i] && !rc; i++)
        for (size_t r = 0; r < json_array_size(rows) && !rc; r++)
            rc = add_keys(b, order[i], json_object_get(json_array_get(rows, r), order[i]));
    for (size_t r = 0; r < json_array_size(rows) && !rc; r++) {
        const char *k;
        json_t *v;
        json_object_foreach(json_array_get(rows, r), k, v)
        {
            if (!rc && !listed(exclude, k))
                rc = add_keys(b, k, v);
        }
    }
    if (rc)
        return rc;
    if (SL_GROW(ts->t, ts->cap, ts->n + 1) != 0)
        return SL_ENOMEM;
    sl_table *t = &ts->t[ts->n];
    memset(t, 0, sizeof *t);
    t->sheet = sheet;
    t->file = file;
    t->n_cols = b->n_keys;
    t->n_rows = json_array_size(rows);
    t->cols = sl_arena_array(a, t->n_cols ? t->n_cols : 1, sizeof *t->cols);
    t->cells = sl_arena_array(a, t->n_rows * t->n_cols + 1, sizeof *t->cells);
    if (!t->cols || !t->cells)
        return SL_ENOMEM;
    for (size_t c = 0; c < t->n_cols; c++)
        if (!(t->cols[c].name = col_name(a, &b->keys[c])))
            return SL_ENOMEM;
    for (size_t r = 0; r < t->n_rows; r++) {
        json_t *row = json_array_get(rows, r);
        for (size_t c = 0; c < t->n_cols; c++) {
            const colkey *k = &b->keys[c];
            json_t *v = json_object_get(row, k->key), *parent = v;
            if (k->sub)
                v = json_is_object(v) ? json_object_get(v, k->sub) : NULL;
            /* a text with its phrase beside it ("no_scope_phrase"): said
             * in the tables' language */
            json_t *ph = NULL;
            if (ts->is_human && k->sub && json_is_object(parent)) {
                char pk[96];
                snprintf(pk, sizeof pk, "%s_phrase", k->sub);
                ph = json_object_get(parent, pk);
            }
            if (json_is_object(ph)) {
                sl_cell *cell = &t->cells[r * t->n_cols + c];
                cell->kind = SL_CELL_TEXT;
                cell->text = sl_report_say(ts->arena, ph, ts->lang, ts->currency, NULL);
                if (!cell->text)
                    return SL_ENOMEM;
                continue;
            }
            if (!sl_tables_cell(ts, &t->cells[r * t->n_cols + c], v, k->sub ? k->sub : k->key))
                return SL_ENOMEM;
        }
    }
    sl_table_finish_columns(t);
    ts->n++;
    return 0;
}

/* ---- the tables ----------------------------------------------------- */

/* Rows: shallow copies of the objects of arr, each given key = value
 * first (value NULL: arr's objects as they are). The caller decrefs. */
static json_t *rows_with(json_t *rows, json_t *arr, const char *key, const char *value)
{
    for (size_t i = 0; rows && i < json_array_size(arr); i++) {
        json_t *src = json_array_get(arr, i);
        if (!json_is_object(src))
            continue;
        json_t *o = json_object();
        bool ok = o && (!key || sl_json_set(o, key, sl_json_str(value))) &&
                  json_object_update(o, src) == 0;
        if (!ok)
            json_decref(o);
        if (!ok || !sl_json_push(rows, o)) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

/* The start of calendar window `index` (windows are in time order, so
 * their indices ascend), or NULL. */
static json_t *window_start(json_t *windows, double index)
{
    size_t lo = 0, hi = json_array_size(windows);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        double k = sl_jnum_or(json_object_get(json_array_get(windows, mid), "index"), -1);
        if (k == index)
            return json_object_get(json_array_get(windows, mid), "start");
        if (k < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int workloads_table(builder *b, json_t *doc)
{
    json_t *ws = sl_jarray(doc, "workloads");
    if (!ws)
        return 0;
    /* the pool of each host */
    json_t *pools = sl_jarray(doc, "placement.pools");
    json_t *windows = sl_jarray(doc, "schedule.windows");
    sl_strmap host_pool = {0};
    int rc = 0;
    for (size_t p = 0; !rc && p < json_array_size(pools); p++) {
        json_t *hl = json_object_get(json_array_get(pools, p), "host_list");
        for (size_t h = 0; !rc && h < json_array_size(hl); h++) {
            const char *id = sl_jstr(json_object_get(json_array_get(hl, h), "id"));
            uint32_t seen;
            if (id)
                rc = sl_strmap_put(&host_pool, id, (uint32_t)p, &seen);
        }
    }
    json_t *rows = rc ? NULL : json_array();
    if (!rows)
        rc = SL_ENOMEM;
    for (size_t i = 0; !rc && i < json_array_size(ws); i++) {
        json_t *w = json_array_get(ws, i);
        json_t *o = json_copy(w);
        if (!sl_json_push(rows, o)) {
            rc = SL_ENOMEM;
            break;
        }
        const char *host = sl_jstr(json_object_get(w, "host"));
        uint32_t p = host ? sl_strmap_get(&host_pool, host) : SL_NONE;
        json_t *pool = p == SL_NONE ? NULL : json_object_get(json_array_get(pools, p), "id");
        double win;
        json_t *start =
            sl_jnum(json_object_get(w, "window"), &win) ? window_start(windows, win) : NULL;
        if ((json_object_get(w, "host") &&
             !sl_json_set(o, "pool", pool ? json_incref(pool) : json_null())) ||
            (json_object_get(w, "window") &&
             !sl_json_set(o, "window_start", start ? json_incref(start) : json_null())))
            rc = SL_ENOMEM;
    }
    sl_strmap_free(&host_pool);
    static const char *const order[] = {
        "id", "agency", "site", "app", "env", "tier", "readiness", "reasons", "pool", "host",
        "group", "window", "window_start", "vcpu", "ram_gb", "storage_gb", "demand", NULL};
    if (!rc)
        rc = generic(b, "Workloads", "workloads.csv", rows, order, NULL);
    json_decref(rows);
    return rc;
}

static int waves_table(builder *b, json_t *doc)
{
    json_t *windows = sl_jarray(doc, "schedule.windows");
    json_t *groups = sl_jarray(doc, "groups");
    json_t *agencies = sl_jarray(doc, "scenario.agencies");
    if (!windows)
        return 0;
    json_t *rows = rows_with(json_array(), windows, NULL, NULL);
    if (!rows)
        return SL_ENOMEM;
    /* workloads per agency, from the wave's groups */
    int rc = 0;
    for (size_t i = 0; !rc && i < json_array_size(rows); i++) {
        json_t *o = json_array_get(rows, i);
        json_t *per = json_object();
        for (size_t a = 0; per && a < json_array_size(agencies); a++) {
            const char *id = sl_jstr(json_object_get(json_array_get(agencies, a), "id"));
            long n = 0;
            bool moves = false;
            json_t *gs = json_object_get(o, "groups");
            for (size_t g = 0; g < json_array_size(gs); g++) {
                double gi;
                if (!sl_jnum(json_array_get(gs, g), &gi) || gi < 0)
                    continue;
                json_t *go = json_array_get(groups, (size_t)gi);
                const char *ga = sl_jstr(json_object_get(go, "agency"));
                if (ga && id && strcmp(ga, id) == 0) {
                    moves = true;
                    n += (long)json_array_size(json_object_get(go, "workloads"));
                }
            }
            if (moves && id && !sl_json_set(per, id, json_integer(n)))
                rc = SL_ENOMEM;
        }
        if (!per || !sl_json_set(o, "workloads_by_agency", per))
            rc = SL_ENOMEM;
    }
    static const char *const order[] = {"index", "start", "end", "hours", "workloads",
                                        "workloads_by_agency", "critical_groups", "transfer_tb",
                                        "staff_hours", "staff_capacity", "groups", NULL};
    if (!rc)
        rc = generic(b, "Waves", "waves.csv", rows, order, NULL);
    json_decref(rows);
    return rc;
}

static int placement_table(builder *b, json_t *doc)
{
    json_t *pools = sl_jarray(doc, "placement.pools");
    if (!pools)
        return 0;
    json_t *rows = rows_with(json_array(), pools, "platform", "shared");
    json_t *sep = sl_jarray(doc, "placement.separate.agencies");
    for (size_t i = 0; rows && i < json_array_size(sep); i++) {
        json_t *pf = json_array_get(sep, i);
        char label[160];
        snprintf(label, sizeof label, "separate %s", /* tables_lang.c says it for people */
                 sl_jstr(json_object_get(pf, "agency")) ? sl_jstr(json_object_get(pf, "agency"))
                                                        : "?");
        rows = rows_with(rows, json_object_get(pf, "pools"), "platform", label);
    }
    if (!rows)
        return SL_ENOMEM;
    static const char *const order[] = {"platform", "id", "agency", "security_class", "env",
                                        "workload_count", "host_model", "hosts", "hosts_used",
                                        "spare_hosts", "lower_bound", "gap", "used", "capacity",
                                        "cost", NULL};
    static const char *const exclude[] = {"host_list", "host_capacity", "bounds", NULL};
    int rc = generic(b, "Placement", "placement.csv", rows, order, exclude);
    json_decref(rows);
    return rc;
}

/* The yearly cash flows: overall, then per agency when given. */
static json_t *cash_flows(json_t *o)
{
    json_t *v = json_object_get(o, "cash_flows");
    return json_is_array(v) ? v : sl_jarray(o, "yearly");
}

static int cost_table(builder *b, json_t *doc)
{
    json_t *cost = sl_jget(doc, "cost");
    json_t *flows = cash_flows(cost);
    json_t *per = sl_jarray(doc, "cost.per_agency");
    bool any = flows != NULL;
    for (size_t i = 0; i < json_array_size(per); i++)
        any = any || cash_flows(json_array_get(per, i));
    if (!any)
        return 0;
    json_t *rows = rows_with(json_array(), flows, "agency", "all");
    for (size_t i = 0; rows && i < json_array_size(per); i++) {
        json_t *pa = json_array_get(per, i);
        rows = rows_with(rows, cash_flows(pa), "agency", sl_jstr(json_object_get(pa, "agency")));
    }
    if (!rows)
        return SL_ENOMEM;
    static const char *const order[] = {"agency", "year", "status_quo", "colocation", NULL};
    int rc = generic(b, "Cost", "cost.csv", rows, order, NULL);
    json_decref(rows);
    return rc;
}

/* The assumption log mixes units in one column, so each number gets the
 * format of its own row: a share or a probability as a percentage, else
 * the places the input was written with (up to 3). */
static void assumption_formats(sl_table *t)
{
    size_t unit = SIZE_MAX;
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->cols[c].name, "unit") == 0)
            unit = c;
    for (size_t r = 0; r < t->n_rows; r++) {
        const sl_cell *u = unit == SIZE_MAX ? NULL : &t->cells[r * t->n_cols + unit];
        bool is_share = u && u->kind == SL_CELL_TEXT &&
                        (strcmp(u->text, "share") == 0 || strcmp(u->text, "probability") == 0);
        for (size_t c = 0; c < t->n_cols; c++) {
            sl_cell *cell = &t->cells[r * t->n_cols + c];
            const char *name = t->cols[c].name;
            if (cell->kind != SL_CELL_NUMBER ||
                (strcmp(name, "value") != 0 && strcmp(name, "min") != 0 &&
                 strcmp(name, "max") != 0))
                continue;
            cell->fmt = is_share ? SL_FMT_SHARE
                                 : decimal_fmt(exact_places(cell->num), fabs(cell->num));
        }
    }
}

/* A section that is an array of objects, as its own table. */
/* True for an array of numbers and nulls: a series, one value a year. */
static bool is_series(json_t *v)
{
    if (!json_is_array(v) || !json_array_size(v))
        return false;
    for (size_t i = 0; i < json_array_size(v); i++)
        if (!json_is_number(json_array_get(v, i)) && !json_is_null(json_array_get(v, i)))
            return false;
    return true;
}

/* Copies o's members into out, in order, a yearly series named in
 * `series` spread over members "KEY year 1", "KEY year 2", ... (one level
 * into objects too), so a spreadsheet can sum and chart them. */
static bool spread_into(json_t *out, json_t *o, const char *const *series, int depth)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        bool ok;
        if (listed(series, k) && is_series(v)) {
            ok = true;
            for (size_t i = 0; ok && i < json_array_size(v); i++) {
                char name[96];
                snprintf(name, sizeof name, "%s year %zu", k, i + 1);
                ok = json_object_set(out, name, json_array_get(v, i)) == 0;
            }
        } else if (json_is_object(v) && depth == 0) {
            json_t *inner = json_object();
            ok = inner && spread_into(inner, v, series, 1) && sl_json_set(out, k, inner);
        } else {
            ok = json_object_set(out, k, v) == 0;
        }
        if (!ok)
            return false;
    }
    return true;
}

/* The chargeback rows with the yearly fee and its change spread over
 * columns; NULL when out of memory. The caller decrefs. */
static json_t *chargeback_rows(json_t *arr)
{
    static const char *const series[] = {"fee", "fee_change", NULL};
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < json_array_size(arr); i++) {
        json_t *src = json_array_get(arr, i), *o = json_object();
        if (!o || !json_is_object(src) || !spread_into(o, src, series, 0) ||
            !sl_json_push(rows, o)) {
            json_decref(o);
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

static int array_table(builder *b, json_t *doc, const char *path, const char *sheet,
                       const char *file, const char *const *order, const char *const *exclude)
{
    json_t *arr = sl_jarray(doc, path);
    if (!arr)
        return 0;
    return generic(b, sheet, file, arr, order, exclude);
}

/* A table of rows joined from several sections (tables_decision.c);
 * takes the rows' reference. None when there is no row. */
static int joined_table(builder *b, json_t *rows, const char *sheet, const char *file)
{
    static const char *const order[] = {"agency", NULL};
    if (!rows)
        return SL_ENOMEM;
    int rc = json_array_size(rows) ? generic(b, sheet, file, rows, order, NULL) : 0;
    json_decref(rows);
    return rc;
}

/* ---- all of them ------------------------------------------------------ */

/* Money columns name their currency in the header; Summary has a unit
 * column instead. */
static int money_units(sl_tables *ts, const char *currency)
{
    const char *unit = currency ? sl_arena_strdup(ts->arena, currency) : NULL;
    if (currency && !unit)
        return SL_ENOMEM;
    for (size_t i = 0; unit && i < ts->n; i++)
        for (size_t c = 0; c < ts->t[i].n_cols; c++)
            if (ts->t[i].cols[c].fmt == SL_FMT_MONEY && strcmp(ts->t[i].sheet, "Summary") != 0)
                ts->t[i].cols[c].unit = unit;
    return 0;
}

static int build_tables(sl_tables **out, json_t *doc, bool is_human, const sl_lang *l)
{
    *out = NULL;
    sl_tables *ts = sl_calloc(1, sizeof *ts);
    if (!ts)
        return SL_ENOMEM;
    ts->arena = sl_arena_new();
    ts->is_human = is_human;
    ts->lang = l;
    ts->currency = sl_jstr(sl_jget(doc, "scenario.currency"));
    builder b = {ts, NULL, 0, 0};
    int rc = ts->arena ? sl_tables_summary(ts, doc) : SL_ENOMEM;
    static const char *const verdict_order[] = {"agency", "verdict", "reasons", "conditions",
                                                NULL};
    static const char *const risk_order[] = {"id",     "category", "agency",     "title",
                                             "likelihood", "impact", "score", "owner",
                                             "mitigation", NULL};
    static const char *const chargeback_order[] = {"agency", "share", NULL};
    static const char *const assumption_order[] = {"path", "value", "dist", "min", "max",
                                                   "unit", "file", "line", "column", NULL};
    if (!rc)
        rc = array_table(&b, doc, "verdicts", "Verdicts", "verdicts.csv", verdict_order, NULL);
    if (!rc)
        rc = joined_table(&b, sl_report_decision_rows(doc), "Decision", "decision.csv");
    if (!rc)
        rc = joined_table(&b, sl_report_outcome_rows(doc), "Outcomes", "outcomes.csv");
    if (!rc)
        rc = workloads_table(&b, doc);
    if (!rc)
        rc = waves_table(&b, doc);
    if (!rc) {
        static const char *const runbook_order[] = {
            "wave", "start", "end", "order", "workload", "agency", "site", "app", "owner",
            "method", "effort_hours", "tier", "group", "needs_up_first", NULL};
        json_t *rows = NULL;
        rc = sl_runbook_rows(doc, b.ts->is_human ? b.ts->lang : NULL, &rows);
        if (!rc && rows)
            rc = generic(&b, "Runbook", "runbook.csv", rows, runbook_order, NULL);
        json_decref(rows);
    }
    static const char *const accounting_order[] = {"agency", "inventory", "moved", "unmovable",
                                                   "declared", NULL};
    static const char *const accounting_exclude[] = {"halls", NULL};
    if (!rc)
        rc = array_table(&b, doc, "accounting.per_agency", "Accounting", "accounting.csv",
                         accounting_order, accounting_exclude);
    static const char *const declared_order[] = {"workload", "agency", "site", "disposition",
                                                 "why", NULL};
    if (!rc && json_array_size(sl_jarray(doc, "accounting.declared")))
        rc = array_table(&b, doc, "accounting.declared", "Declared", "declared.csv",
                         declared_order, NULL);
    if (!rc)
        rc = placement_table(&b, doc);
    static const char *const steps_order[] = {"isolation", "hosts", "racks", NULL};
    static const char *const price_order[] = {"rule", "against", "hosts", "racks", NULL};
    if (!rc)
        rc = array_table(&b, doc, "isolation.steps", "Isolation", "isolation.csv", steps_order,
                         NULL);
    if (!rc)
        rc = array_table(&b, doc, "isolation.price", "Isolation price", "isolation_price.csv",
                         price_order, NULL);
    if (!rc)
        rc = cost_table(&b, doc);
    json_t *chargeback = sl_jarray(doc, "cost.chargeback.agencies");
    if (!rc && chargeback) {
        json_t *rows = chargeback_rows(chargeback);
        rc = rows ? generic(&b, "Chargeback", "chargeback.csv", rows, chargeback_order, NULL)
                  : SL_ENOMEM;
        json_decref(rows);
    }
    /* only when the group stage had to cut hard edges: plans without such
     * cuts keep their tables as they were */
    static const char *const cut_order[] = {"src", "dst", "mbps", "weeks_across_wan",
                                            "src_group", "dst_group", NULL};
    if (!rc && json_array_size(sl_jarray(doc, "grouping.cut_flows")) > 0)
        rc = array_table(&b, doc, "grouping.cut_flows", "Cut flows", "cut_flows.csv", cut_order,
                         NULL);
    if (!rc)
        rc = array_table(&b, doc, "without_no_go.agencies", "Without no-go", "without_no_go.csv",
                         chargeback_order, NULL);
    if (!rc && is_human && sl_jarray(doc, "risks")) {
        static const char *const machine_only[] = {"code", NULL};
        json_t *rows = sl_tables_human_risks(ts, sl_jarray(doc, "risks"));
        rc = rows ? generic(&b, "Risks", "risks.csv", rows, risk_order, machine_only) : SL_ENOMEM;
        json_decref(rows);
    } else if (!rc) {
        rc = array_table(&b, doc, "risks", "Risks", "risks.csv", risk_order, NULL);
    }
    if (!rc)
        rc = array_table(&b, doc, "assumptions", "Assumptions", "assumptions.csv",
                         assumption_order, NULL);
    if (!rc && ts->n && strcmp(ts->t[ts->n - 1].sheet, "Assumptions") == 0)
        assumption_formats(&ts->t[ts->n - 1]);
    if (!rc)
        rc = money_units(ts, sl_jstr(sl_jget(doc, "scenario.currency")));
    sl_free(b.keys);
    if (rc) {
        sl_tables_free(ts);
        return rc;
    }
    sl_tables_humanise(ts);
    *out = ts;
    return 0;
}

int sl_report_tables(sl_tables **out, json_t *doc)
{
    return build_tables(out, doc, false, NULL);
}

int sl_report_tables_human(sl_tables **out, json_t *doc, const sl_lang *l)
{
    return build_tables(out, doc, true, l);
}

void sl_tables_free(sl_tables *t)
{
    if (!t)
        return;
    sl_free(t->t);
    sl_arena_free(t->arena);
    sl_free(t);
}

const sl_table *sl_tables_find(const sl_tables *t, const char *sheet)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (strcmp(t->t[i].key ? t->t[i].key : t->t[i].sheet, sheet) == 0)
            return &t->t[i];
    return NULL;
}

