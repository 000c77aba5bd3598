/* SPDX-License-Identifier: MIT */
/*
 * yaml_parse.c - scenario text into a libfyaml document (yaml.h): the
 * checks libfyaml does not make or makes too slowly, before the typed
 * walk (yaml.c) reads anything. UTF-8 and control characters; one
 * document, not two; the quote runs libfyaml misreads; duplicate keys (by
 * a sort: libfyaml's own check is quadratic); and how much YAML aliases
 * add, against SL_MAX_YAML_ALIAS_BYTES.
 */
#include "read/yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reports msg at the line and column (in characters) of byte offset at. */
/* An error at byte `at` of text, its format in the messages' language
 * (po/meson.build: yw_error_at is a keyword). */
static void yw_error_at(yw *w, const char *text, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void yw_error_at(yw *w, const char *text, size_t at, const char *fmt, ...)
{
    long line, col;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(msg, sizeof msg, sl_diag_tr_format(w->d, fmt), ap);
#pragma GCC diagnostic pop
    va_end(ap);
    sl_text_position(text, at, &line, &col);
    sl_diag_add(w->d, SL_ERROR, w->file, line, col, "%s", msg);
}

/* libfyaml 0.7 misreads a single-quoted scalar that holds two escaped
 * quotes in a row ('a''''b' reads as "a'''", not "a''b") and leaks memory
 * doing it; its key lookups read keys the same way. Such scalars are
 * refused before anything reads them, so they are found by their source
 * text (text[start..end] of the token), never by their value. Returns the
 * first one, or NULL; *oom is set when the walk could not start. */
struct fy_node *yw_misread_quotes(struct fy_node *root, const char *text, size_t len, bool *oom)
{
    struct fy_document_iterator *it = fy_document_iterator_create();
    if (!it) {
        *oom = true;
        return NULL;
    }
    fy_document_iterator_node_start(it, root);
    struct fy_node *n, *found = NULL;
    while (!found && (n = fy_document_iterator_node_next(it)) != NULL) {
        if (fy_node_get_type(n) != FYNT_SCALAR || fy_node_get_style(n) != FYNS_SINGLE_QUOTED)
            continue;
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *a = t ? fy_token_start_mark(t) : NULL;
        const struct fy_mark *b = t ? fy_token_end_mark(t) : NULL;
        if (!a || !b || a->input_pos > b->input_pos || b->input_pos > len)
            continue;
        size_t run = 0;
        for (size_t i = a->input_pos; i < b->input_pos && !found; i++) {
            run = text[i] == '\'' ? run + 1 : 0;
            if (run == 4)
                found = n;
        }
    }
    fy_document_iterator_destroy(it);
    return found;
}

/* Parses YAML 1.2 text into a document, collecting libfyaml's messages in
 * *diag (NULL when even that could not be made; free it with
 * fy_diag_destroy). The document is NULL on a syntax error. When the text
 * holds a second document (after "---"), *second gets its 1-based line
 * and column (else 0): a scenario is one document, and libfyaml would
 * silently read only the first.
 *
 * libfyaml's own duplicate-key check compares each key with every key
 * before it in its mapping (quadratic: 40,000 keys took 5 minutes), so it
 * is switched off and check_tree() does it with a sort. */
struct fy_document *yw_parse_text(const char *text, size_t len, struct fy_diag **diag,
                                      long second[2])
{
    second[0] = second[1] = 0;
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = NULL;
    dcfg.colorize = false;
    *diag = fy_diag_create(&dcfg);
    if (!*diag)
        return NULL;
    fy_diag_set_collect_errors(*diag, true);
    struct fy_parse_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_2 | FYPCF_JSON_NONE |
                FYPCF_ALLOW_DUPLICATE_KEYS;
    cfg.diag = *diag;
    struct fy_parser *fyp = fy_parser_create(&cfg);
    if (!fyp)
        return NULL;
    struct fy_document *doc = NULL;
    if (fy_parser_set_string(fyp, text, len) == 0)
        doc = fy_parse_load_document(fyp);
    if (doc) {
        struct fy_event *ev = fy_parser_parse(fyp);
        if (ev && ev->type == FYET_DOCUMENT_START) {
            const struct fy_mark *m = fy_event_start_mark(ev);
            second[0] = m ? m->line + 1 : 1;
            second[1] = m ? m->column + 1 : 1;
        }
        fy_parser_event_free(fyp, ev);
    }
    fy_parser_destroy(fyp);
    return doc;
}

/* ---- the whole tree, once: duplicate keys and alias expansion ---------- */

typedef struct key_ref {
    const char *s;
    size_t len;
    size_t index; /* place in the mapping */
    struct fy_node *node;
} key_ref;

static int cmp_key_ref(const void *a, const void *b)
{
    const key_ref *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    int c = memcmp(x->s, y->s, x->len);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Reports every key of mapping m equal to one before it ("YAML: duplicate
 * key" at the later one, as libfyaml would). Keys are compared by their
 * text; a key that is not a scalar is left to the walk, which refuses it. */
static int duplicate_keys(yw *w, struct fy_node *m, key_ref **keys, size_t *cap)
{
    size_t n = 0;
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p);
        for (int hops = 0; k && fy_node_is_alias(k) && hops < 16; hops++)
            k = fy_node_resolve_alias(k);
        size_t len = 0;
        const char *s = k && fy_node_get_type(k) == FYNT_SCALAR ? fy_node_get_scalar(k, &len) : NULL;
        if (!s)
            continue;
        if (SL_GROW(*keys, *cap, n + 1))
            return SL_ENOMEM;
        (*keys)[n] = (key_ref){s, len, n, fy_node_pair_key(p)};
        n++;
    }
    if (n < 2)
        return 0;
    qsort(*keys, n, sizeof **keys, cmp_key_ref);
    /* the later of two equal keys, in the order of the file */
    size_t dups = 0;
    for (size_t i = 1; i < n; i++) {
        key_ref *a = &(*keys)[i - 1], *b = &(*keys)[i];
        if (a->len == b->len && memcmp(a->s, b->s, a->len) == 0)
            (*keys)[dups++] = *b; /* dups <= i - 1 < i: nothing unread is overwritten */
    }
    for (size_t i = 0; i < dups; i++)
        for (size_t k = i + 1; k < dups; k++)
            if ((*keys)[k].index < (*keys)[i].index) {
                key_ref t = (*keys)[i];
                (*keys)[i] = (*keys)[k];
                (*keys)[k] = t;
            }
    for (size_t i = 0; i < dups && i < 50; i++)
        yw_error(w, (*keys)[i].node, "YAML: duplicate key");
    return dups ? SL_EINPUT : 0;
}

typedef struct walk_item {
    struct fy_node *node;
    struct fy_node *alias; /* the alias this copy comes through; NULL in the file itself */
} walk_item;

/* Walks the document as the reader will, aliases expanded: every mapping
 * of the file is checked for duplicate keys, and what aliases add (each
 * node one byte, each scalar its bytes too, an alias inside an alias
 * counted each time) may not pass SL_MAX_YAML_ALIAS_BYTES. A "billion
 * laughs" stops at the limit, after as much work as the limit allows,
 * and so does an alias that names its own ancestor. Iterative: the
 * expansion can be deeper than the C stack. */
static int check_tree(yw *w, struct fy_node *root)
{
    walk_item *stack = NULL;
    key_ref *keys = NULL;
    size_t n = 0, cap = 0, key_cap = 0;
    uint64_t added = 0;
    int rc = 0;
    if (SL_GROW(stack, cap, 1))
        return SL_ENOMEM;
    stack[n++] = (walk_item){root, NULL};
    while (n && rc != SL_ENOMEM) {
        walk_item it = stack[--n];
        struct fy_node *node = it.node;
        for (int hops = 0; node && fy_node_is_alias(node) && hops < 16; hops++) {
            if (!it.alias)
                it.alias = node;
            node = fy_node_resolve_alias(node);
        }
        if (!node || fy_node_is_alias(node))
            continue; /* the walk says what is wrong with it */
        size_t len = 0;
        if (fy_node_get_type(node) == FYNT_SCALAR)
            fy_node_get_scalar(node, &len);
        if (it.alias) {
            added += 1 + len;
            if (added > SL_MAX_YAML_ALIAS_BYTES) {
                yw_error(w, it.alias,
                         "YAML aliases expand the scenario by more than %llu bytes (the limit)",
                         (unsigned long long)SL_MAX_YAML_ALIAS_BYTES);
                rc = SL_ELIMIT;
                break;
            }
        }
        void *iter = NULL;
        if (fy_node_get_type(node) == FYNT_MAPPING) {
            if (!it.alias) {
                int r = duplicate_keys(w, node, &keys, &key_cap);
                rc = r == SL_ENOMEM ? r : rc ? rc : r;
            }
            /* pushed last to first: taken in the order of the file, so the
             * limit is passed at the alias where a reader would see it */
            struct fy_node_pair *p;
            while ((p = fy_node_mapping_reverse_iterate(node, &iter)) != NULL) {
                if (SL_GROW(stack, cap, n + 2)) {
                    rc = SL_ENOMEM;
                    break;
                }
                stack[n++] = (walk_item){fy_node_pair_value(p), it.alias};
                stack[n++] = (walk_item){fy_node_pair_key(p), it.alias};
            }
        } else if (fy_node_get_type(node) == FYNT_SEQUENCE) {
            struct fy_node *item;
            while ((item = fy_node_sequence_reverse_iterate(node, &iter)) != NULL) {
                if (SL_GROW(stack, cap, n + 1)) {
                    rc = SL_ENOMEM;
                    break;
                }
                stack[n++] = (walk_item){item, it.alias};
            }
        }
    }
    sl_free(stack);
    sl_free(keys);
    return rc;
}

int yw_parse(yw *w, const char *text, size_t len)
{
    size_t bad;
    /* a workbook given where the scenario belongs: say what it is */
    if (len >= 4 && memcmp(text, "PK\x03\x04", 4) == 0) {
        sl_diag_add(w->d, SL_ERROR, w->file, 0, 0,
                    "a ZIP archive (an .xlsx workbook?), not a scenario: the scenario is YAML "
                    "text; a workbook is named inside it as an inventory, RVTools export or "
                    "flow file");
        return SL_EINPUT;
    }
    if (!sl_utf8_valid(text, len, &bad)) {
        yw_error_at(w, text, bad, "not valid UTF-8 text");
        return SL_EINPUT;
    }
    /* YAML allows no control characters but tab and line breaks
     * (c-printable); libfyaml stops silently at a NUL and drops others */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            if (c == 0)
                yw_error_at(w, text, i, "a NUL character is not allowed in YAML");
            else
                yw_error_at(w, text, i, "control character U+%04X is not allowed in YAML", c);
            return SL_EINPUT;
        }
    }
    bool blank = true;
    for (size_t i = 0; i < len && blank; i++)
        blank = text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r';
    if (blank) {
        sl_diag_add(w->d, SL_ERROR, w->file, 1, 1, "the file is empty");
        return SL_EINPUT;
    }

    struct fy_diag *fdiag = NULL;
    long second[2];
    w->doc = yw_parse_text(text, len, &fdiag, second);
    if (!fdiag)
        return SL_ENOMEM;
    int rc = 0;
    if (!w->doc || fy_diag_got_error(fdiag)) {
        void *it = NULL;
        struct fy_diag_error *e;
        size_t n = 0;
        while ((e = fy_diag_errors_iterate(fdiag, &it)) != NULL) {
            if (e->type < FYET_ERROR)
                continue;
            sl_diag_add(w->d, SL_ERROR, w->file, e->line > 0 ? e->line : 1,
                        e->column > 0 ? e->column : 1, "YAML: %s", e->msg);
            n++;
        }
        if (n == 0 && !w->doc)
            sl_diag_add(w->d, SL_ERROR, w->file, 1, 1, "the file holds no YAML document");
        else if (n == 0)
            sl_diag_add(w->d, SL_ERROR, w->file, 1, 1, "not a valid YAML document");
        rc = SL_EINPUT;
    } else if (!fy_document_root(w->doc)) {
        sl_diag_add(w->d, SL_ERROR, w->file, 1, 1, "the file holds no YAML document");
        rc = SL_EINPUT;
    } else {
        if (second[0]) {
            sl_diag_add(w->d, SL_ERROR, w->file, second[0], second[1],
                        "a second YAML document starts here; a scenario is one document (the "
                        "rest would be ignored)");
            rc = SL_EINPUT;
        }
        bool oom = false;
        struct fy_node *misread = yw_misread_quotes(fy_document_root(w->doc), text, len, &oom);
        if (oom) {
            rc = SL_ENOMEM;
        } else if (misread) {
            yw_error(w, misread, YW_MISREAD_QUOTES_TEXT);
            rc = SL_EINPUT;
        } else {
            /* (after the misread check: reading such a scalar leaks) */
            int r2 = check_tree(w, fy_document_root(w->doc));
            rc = r2 == SL_ENOMEM ? r2 : rc ? rc : r2;
        }
    }
    fy_diag_destroy(fdiag);
    return rc;
}

void yw_done(yw *w)
{
    if (w->doc)
        fy_document_destroy(w->doc);
    w->doc = NULL;
    sl_free(w->override_nodes);
    sl_free(w->override_texts);
    w->override_nodes = NULL;
    w->override_texts = NULL;
    sl_free(w->params);
    w->params = NULL;
    sl_free(w->tables);
    w->tables = NULL;
}

