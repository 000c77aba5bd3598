/* SPDX-License-Identifier: MIT */
/*
 * words.c - the words of the page's script (app.js) in the session's
 * language, as one JSON object the page carries (page.c puts it in
 * <script type="application/json" id="samlok-words">):
 *
 *   text      every message the script writes: English -> the catalogue's
 *   verdicts  the report's labels of the verdicts (msgctxt "verdict",
 *             src/report/labels.c), so one verdict has one wording
 *   bool      true and false as the report says them (msgctxt "bool")
 *   sweep     the states of a sweep (msgctxt "sweep state")
 *   number    the language's decimal mark, thousands separator and
 *             percent template (src/core/lang_fmt.c), for the script's
 *             numbers to read as the report's
 *
 * So a translator works in po/<code>.po only: the script holds no
 * second list of words. A message's {name} slots are filled by the
 * script; a translation whose slots differ from the English message's is
 * not used (the English is), as a printf translation with other
 * conversions is not (sl_tr_format). The messages have no plural forms:
 * the script writes counts as "label: value".
 */
#include "serve.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define NC_(context, s) (s)

/* Every message app.js passes to t(), as written there. */
static const char *const messages[] = {
    N_("What if"),
    N_("Scenario"),
    N_("Gates"),
    N_("Adjustable"),
    N_("Agency {agency}"),
    N_("as loaded (default)"),
    N_("as loaded: {value}"),
    N_("default"),
    N_("back to the scenario as loaded"),
    N_("Back to the scenario as loaded"),
    N_("not in the scenario as loaded"),
    N_("P(on time) {p} ± {se}"),
    N_("(as loaded: {verdict})"),
    N_("Planning the scenario as loaded…"),
    N_("Full pass failed"),
    N_("Quick pass failed"),
    N_("Full pass (iterations: {iterations}): P(on time), all joining agencies, {p} ± {se} "
       "(standard error)"),
    N_("Quick pass (iterations: {iterations}): P(on time), all joining agencies, {p} ± {se} "
       "(standard error)"),
    N_("planning your latest change…"),
    N_("full pass running…"),
    N_("The scenario as loaded"),
    N_("overrides: {overrides}; figures that differ from the scenario as loaded (marked): "
       "{figures}"),
    N_("compare variant {id}"),
    N_("show"),
    N_("scenario"),
    N_("plan"),
    N_("report"),
    N_("points: {done} of {total} (iterations each: {iterations}) — {state}"),
    N_("error"),
    N_("lost the server: {error}"),
    N_("the server answered {status} to {address}"),
};

/* True when every {slot} of a is in b and the other way round. */
static bool slots_in(const char *a, const char *b)
{
    for (const char *o = strchr(a, '{'); o; o = strchr(o + 1, '{')) {
        const char *c = strchr(o, '}');
        if (!c)
            return false;
        size_t len = (size_t)(c - o + 1);
        bool found = false;
        for (const char *p = strstr(b, "{"); p && !found; p = strchr(p + 1, '{'))
            found = strncmp(p, o, len) == 0;
        if (!found)
            return false;
    }
    return true;
}

static const char *translated(const sl_lang *l, const char *msg)
{
    const char *t = sl_tr(l, msg);
    return slots_in(msg, t) && slots_in(t, msg) ? t : msg;
}

static bool put(json_t *o, const char *key, const char *text)
{
    return o && json_object_set_new(o, key, json_string(text)) == 0;
}

/* A new object under key in o; NULL when out of memory (json_object_set_new
 * drops the new object when it fails, also when o is NULL). */
static json_t *child(json_t *o, const char *key)
{
    json_t *c = json_object();
    return json_object_set_new(o, key, c) == 0 ? c : NULL;
}

char *sv_words_json(const sl_lang *l)
{
    json_t *o = json_object();
    json_t *text = child(o, "text"), *verdicts = child(o, "verdicts"), *yes_no = child(o, "bool"),
           *sweep = child(o, "sweep"), *number = child(o, "number");
    bool ok = text && verdicts && yes_no && sweep && number;
    for (size_t i = 0; ok && i < sizeof messages / sizeof messages[0]; i++)
        ok = put(text, messages[i], translated(l, messages[i]));
    const char *group = sl_trc(l, "thousands separator", ",");
    ok = ok && put(verdicts, "go", sl_trc(l, "verdict", "go")) &&
         put(verdicts, "conditional", sl_trc(l, "verdict", "conditional")) &&
         put(verdicts, "no_go", sl_trc(l, "verdict", "no go")) &&
         put(verdicts, "host", sl_trc(l, "verdict", "host")) &&
         put(verdicts, "out", sl_trc(l, "verdict", "stays out")) &&
         put(yes_no, "true", sl_trc(l, "bool", "yes")) &&
         put(yes_no, "false", sl_trc(l, "bool", "no")) &&
         put(sweep, "idle", sl_trc(l, "sweep state", "idle")) &&
         put(sweep, "running", sl_trc(l, "sweep state", "running")) &&
         put(sweep, "done", sl_trc(l, "sweep state", "done")) &&
         put(sweep, "cancelled", sl_trc(l, "sweep state", "cancelled")) &&
         put(number, "decimal", sl_trc(l, "decimal mark", ".")) &&
         put(number, "group", strcmp(group, "none") == 0 ? "" : group) &&
         put(number, "percent", sl_trc(l, "percent", "{n} %"));
    char *dumped = ok ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!dumped)
        return NULL;
    /* '<' only ever stands inside a JSON string: written as \u003c, no
     * text can end the <script> element the object is put in */
    size_t n = 0;
    for (const char *s = dumped; *s; s++)
        n += *s == '<';
    char *out = malloc(strlen(dumped) + 5 * n + 1);
    if (out) {
        char *w = out;
        for (const char *s = dumped; *s; s++) {
            if (*s == '<') {
                memcpy(w, "\\u003c", 6);
                w += 6;
            } else {
                *w++ = *s;
            }
        }
        *w = '\0';
    }
    free(dumped);
    return out;
}
