/* SPDX-License-Identifier: MIT */
/*
 * scenario_check.c - checks of scenario.yaml that need the whole file
 * read (scenario.c, scenario_rules.c): the security classes and legal
 * tags gates and sites name must be declared ones, and each adjustable
 * must be a --set that explain can make, every candidate value passing its
 * key's own checks.
 */
#include "read/scenario.h"

#include <string.h>

/* ---- declared words ---------------------------------------------------- */

static int push_word(yw *w, struct fy_node *node, word_kind kind)
{
    scn *s = scn_of(w);
    const char *word = yw_string_value(w, node);
    if (!word)
        return w->oom ? SL_ENOMEM : SL_EINPUT;
    if (SL_GROW(s->words, s->cap_words, s->n_words + 1)) {
        w->oom = true;
        return SL_ENOMEM;
    }
    s->words[s->n_words++] = (pending_word){kind, word, node};
    return 0;
}

int scn_words(yw *w, struct fy_node *node, word_kind kind)
{
    struct fy_node *r = yw_resolve(w, node);
    if (!r || fy_node_get_type(r) == FYNT_SCALAR)
        return r ? push_word(w, node, kind) : SL_EINPUT;
    void *it = NULL;
    struct fy_node *item;
    int rc = 0;
    while ((item = fy_node_sequence_iterate(r, &it)) != NULL && rc != SL_ENOMEM) {
        struct fy_node *ir = yw_resolve(w, item);
        if (ir && fy_node_get_type(ir) == FYNT_SCALAR)
            rc = push_word(w, item, kind);
    }
    return rc;
}

/* A gate or a site naming a security class or legal tag the scenario does
 * not declare would never match a workload: an error where it is named.
 * A scenario that declares none allows any word. */
int scn_check_words(scn *s)
{
    const sl_model *m = s->m;
    int rc = 0;
    for (size_t i = 0; i < s->n_words; i++) {
        const pending_word *pw = &s->words[i];
        const char *cands[64];
        size_t n = 0;
        bool known = false;
        if (pw->kind == WORD_CLASS) {
            if (!m->n_security_classes)
                continue;
            for (size_t k = 0; k < m->n_security_classes; k++) {
                known |= strcmp(m->security_classes[k], pw->word) == 0;
                if (n < SL_ARRAY_LEN(cands))
                    cands[n++] = m->security_classes[k];
            }
        } else {
            if (!m->n_legal_tags)
                continue;
            for (size_t k = 0; k < m->n_legal_tags; k++) {
                known |= strcmp(m->legal_tags[k].id, pw->word) == 0;
                if (n < SL_ARRAY_LEN(cands))
                    cands[n++] = m->legal_tags[k].id;
            }
        }
        if (known)
            continue;
        const char *near = sl_nearest(pw->word, cands, n);
        yw_error(&s->w, pw->node, "'%s' is not a declared %s%s%s%s", pw->word,
                 sl_diag_tr(s->w.d, pw->kind == WORD_CLASS ? N_("security class (security_classes)")
                                                           : N_("legal tag (legal_tags)")),
                 near ? sl_diag_tr(s->w.d, N_(" (did you mean '")) : "", near ? near : "",
                 near ? "'?)" : "");
        rc = SL_EINPUT;
    }
    return rc;
}

/* ---- adjustable values ---------------------------------------------------- */

/* The node of what key names in the adjustable mapping node, or node. */
static struct fy_node *adjust_part(yw *w, struct fy_node *node, const char *key)
{
    struct fy_node *r = yw_resolve(w, node);
    struct fy_node *v = r ? fy_node_mapping_lookup_by_string(r, key, strlen(key)) : NULL;
    return v ? v : node;
}

/* Each adjustable is a --set that `explain` will make: its path must lead
 * to one value a --set can replace, and each candidate value must pass
 * that value's own checks, or explain would find out only when it runs
 * the candidate. A path this cannot follow into a table (a tier of
 * effort_hours_by_tier) is left to explain, with a warning. */
int scn_check_adjustables(scn *s)
{
    yw *w = &s->w;
    const sl_model *m = s->m;
    int rc = 0;
    for (size_t i = 0; i < m->n_adjustables && rc != SL_ENOMEM; i++) {
        const sl_adjustable *adj = &m->adjustables[i];
        struct fy_node *node = s->adjust_nodes[i];
        if (!adj->path)
            continue;
        const yw_field *f;
        char why[512];
        int r = yw_find_field(w, adj->path, &f, why, sizeof why);
        struct fy_node *at = adjust_part(w, node, "path");
        if (r == SL_EUSAGE) {
            yw_loc loc = yw_where(w, at);
            sl_diag_add(w->d, SL_WARNING, loc.file, loc.line, loc.column,
                        "adjustable: %s; explain will find out whether its values work", why);
            continue;
        }
        if (r) {
            yw_error(w, at, "adjustable: %s", why);
            rc = SL_EINPUT;
            continue;
        }
        /* a listed value is located at itself, a stepped one at min/max */
        struct fy_node *vals = yw_resolve(w, adjust_part(w, node, "values"));
        bool listed = vals && fy_node_get_type(vals) == FYNT_SEQUENCE;
        void *it = NULL;
        for (size_t k = 0; k < adj->n_values; k++) {
            struct fy_node *item = listed ? fy_node_sequence_iterate(vals, &it) : NULL;
            r = yw_check_value(w, f, adj->values[k], why, sizeof why);
            if (r == SL_ENOMEM)
                return r;
            if (r) {
                yw_error(w, item ? item : adjust_part(w, node, k ? "max" : "min"),
                         "adjustable %s: value '%s': %s", adj->path, adj->values[k], why);
                rc = SL_EINPUT;
            }
        }
    }
    return rc;
}

