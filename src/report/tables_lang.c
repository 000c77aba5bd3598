/* SPDX-License-Identifier: MIT */
/*
 * tables_lang.c - the report tables for people: what the page shows, and
 * the workbook and CSV files in a language other than English. The
 * machine tables (tables.c) keep the plan document's keys, codes and
 * English texts, so a column reads back to its JSON value; for people a
 * header is a plain-words label (the key stays in the workbook as a
 * comment and on the page as a tooltip), a code reads as its label, and
 * a list of reasons, levers or risks is said from the phrases the
 * document carries, in the language, one sentence a line.
 */
#include "report/report.h"

#include <string.h>

/* Columns whose text is a code of a kind (sl_label). */
static const struct {
    const char *key, *kind;
} code_columns[] = {
    {"readiness", "readiness"},  {"verdict", "verdict"},   {"category", "category"},
    {"disposition", "disposition"}, {"source", "source"},  {"judged_by", "rule"},
    {"dist", "dist"},            {"outcome", "outcome"},   {"effect", "effect"},
    {"binds", "binds"},          {"reason", "unmovable"},  {"anti_affinity", "isolation"},
};

/* "agency; security_class": isolation rules, each said as its label. */
static const char *rules_text(const sl_tables *ts, const char *s)
{
    sl_buf b = {0};
    while (*s) {
        size_t n = strcspn(s, ";");
        char code[64];
        snprintf(code, sizeof code, "%.*s", (int)(n < 63 ? n : 63), s);
        const char *c = code;
        while (*c == ' ')
            c++;
        sl_buf_printf(&b, "%s%s", b.len ? ", " : "", sl_label(ts->lang, "isolation", c));
        s += n;
        if (*s == ';')
            s++;
    }
    const char *out = b.failed ? NULL : sl_arena_strdup(ts->arena, b.len ? b.data : "");
    sl_buf_free(&b);
    return out;
}

/* The sentences of an array of objects that carry them (reasons,
 * conditions, levers, risks), said in the language, one a line. */
static const char *sentences(const sl_tables *ts, json_t *arr, bool *failed)
{
    sl_buf b = {0};
    bool any = false;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        if (!json_is_object(o) || !json_object_get(o, "text")) {
            sl_buf_free(&b);
            return NULL;
        }
        /* o has a text: nothing said means out of memory */
        const char *s = sl_report_say(ts->arena, o, ts->lang, ts->currency, "text");
        *failed = *failed || !s;
        sl_buf_printf(&b, "%s%s", any ? "\n" : "", s ? s : "");
        any = true;
    }
    const char *out = b.failed || !any ? NULL : sl_arena_strdup(ts->arena, b.data);
    *failed = *failed || (any && !out);
    sl_buf_free(&b);
    return out;
}

const char *sl_tables_human_text(const sl_tables *ts, const char *key, json_t *v,
                                 bool *failed)
{
    if (!ts->is_human || !key)
        return NULL;
    if (json_is_array(v))
        return sentences(ts, v, failed);
    const char *s = sl_jstr(v);
    if (!s)
        return NULL;
    for (size_t i = 0; i < SL_ARRAY_LEN(code_columns); i++)
        if (strcmp(key, code_columns[i].key) == 0)
            return sl_label(ts->lang, code_columns[i].kind, s);
    if (strcmp(key, "isolation") == 0 || strcmp(key, "rule") == 0 ||
        strcmp(key, "against") == 0) {
        const char *said = rules_text(ts, s);
        *failed = *failed || !said;
        return said;
    }
    if (strcmp(key, "agency") == 0 && strcmp(s, "all") == 0)
        return sl_label(ts->lang, "agency", "all");
    if (strcmp(key, "unit") == 0)
        return sl_trc(ts->lang, "unit", s);
    if (strcmp(key, "file") == 0 && strcmp(s, "(default)") == 0)
        return sl_tr(ts->lang, "(default)");
    if (strcmp(key, "platform") == 0) {
        if (strncmp(s, "separate ", 9) == 0) {
            const char *said = sl_arena_printf(ts->arena, "%s %s",
                                               sl_label(ts->lang, "platform", "separate"), s + 9);
            *failed = *failed || !said;
            return said;
        }
        return sl_label(ts->lang, "platform", s);
    }
    return NULL;
}

/* The sheets' names, for the catalogue (tables.c names them in English). */
static const char *const sheets[] = {
    NC_("sheet", "Summary"),     NC_("sheet", "Verdicts"),      NC_("sheet", "Decision"),
    NC_("sheet", "Outcomes"),    NC_("sheet", "Workloads"),     NC_("sheet", "Waves"),
    NC_("sheet", "Runbook"),     NC_("sheet", "Accounting"),    NC_("sheet", "Declared"),
    NC_("sheet", "Placement"),   NC_("sheet", "Isolation"),     NC_("sheet", "Isolation price"),
    NC_("sheet", "Cost"),        NC_("sheet", "Chargeback"),    NC_("sheet", "Without no-go"),
    NC_("sheet", "Risks"),       NC_("sheet", "Assumptions"),
};

/* The units of the assumption log and the Summary (the model's defaults
 * name them in English), for the catalogue. */
static const char *const units[] = {
    NC_("unit", "0..1"),          NC_("unit", "FTE"),
    NC_("unit", "GB"),            NC_("unit", "Gbit/s"),
    NC_("unit", "Mbit/s"),        NC_("unit", "U"),
    NC_("unit", "W"),             NC_("unit", "cores"),
    NC_("unit", "currency"),      NC_("unit", "currency/FTE"),
    NC_("unit", "currency/FTE/year"), NC_("unit", "currency/core/year"),
    NC_("unit", "currency/h"),    NC_("unit", "currency/kWh"),
    NC_("unit", "currency/month"), NC_("unit", "currency/rack/year"),
    NC_("unit", "currency/year"), NC_("unit", "h"),
    NC_("unit", "h/TB"),          NC_("unit", "h/week"),
    NC_("unit", "h/workload"),    NC_("unit", "kW/rack"),
    NC_("unit", "likelihood x impact"), NC_("unit", "m2/rack"),
    NC_("unit", "months"),        NC_("unit", "ms"),
    NC_("unit", "per year"),      NC_("unit", "probability"),
    NC_("unit", "share"),         NC_("unit", "threads"),
    NC_("unit", "vCPU/thread"),   NC_("unit", "weight"),
    NC_("unit", "years"),
};

void sl_tables_humanise(sl_tables *ts)
{
    (void)sheets;
    (void)units;
    if (!ts->is_human)
        return;
    for (size_t i = 0; i < ts->n; i++) {
        sl_table *t = &ts->t[i];
        t->key = t->sheet;
        t->sheet = sl_trc(ts->lang, "sheet", t->sheet);
        for (size_t c = 0; c < t->n_cols; c++)
            t->cols[c].label = sl_key_label(ts->arena, ts->lang, t->cols[c].name);
    }
}

json_t *sl_tables_human_risks(const sl_tables *ts, json_t *risks)
{
    json_t *rows = json_array();
    for (size_t i = 0; rows && i < json_array_size(risks); i++) {
        json_t *r = json_array_get(risks, i), *o = json_copy(r);
        json_t *ph = json_object_get(r, "phrases");
        bool ok = o && json_object_del(o, "phrases") >= -1;
        /* a computed risk's id, "gate_may_fail/SKV/LEGAL": its code in words */
        const char *id = sl_jstr(json_object_get(r, "id"));
        const char *slash = id ? strchr(id, '/') : NULL;
        if (ok && slash) {
            char *code = sl_arena_strndup(ts->arena, id, (size_t)(slash - id));
            const char *said = code && sl_label_known("risk", code)
                                   ? sl_arena_printf(ts->arena, "%s: %s",
                                                     sl_label(ts->lang, "risk", code), slash + 1)
                                   : NULL;
            ok = code && (!sl_label_known("risk", code) ||
                          (said && json_object_set_new(o, "id", json_string(said)) == 0));
        }
        static const char *const texts[] = {"title", "basis", "mitigation"};
        for (size_t k = 0; ok && json_is_object(ph) && k < SL_ARRAY_LEN(texts); k++) {
            json_t *one = json_object_get(ph, texts[k]);
            const char *said = one ? sl_report_say(ts->arena, one, ts->lang, ts->currency, NULL)
                                   : NULL;
            if (said)
                ok = json_object_set_new(o, texts[k], json_string(said)) == 0;
            else /* a phrase with a template says something unless out of memory */
                ok = !json_object_get(one, "template");
        }
        if (!ok || json_array_append_new(rows, o)) {
            if (!ok)
                json_decref(o);
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

bool sl_report_lang_is_english(const sl_lang *l)
{
    return strcmp(sl_lang_code(l), "en") == 0;
}
