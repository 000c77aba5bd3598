/* SPDX-License-Identifier: MIT */
/*
 * edit.c - the scenario text as a document (edit.h): parse it with the
 * reader's own YAML walk (yaml.c), apply --set overrides exactly as the
 * loader does, read the value under a path, and emit the result.
 *
 * Emitting is libfyaml's: block style, scalars in their original style
 * (a quoted "03-01" stays quoted, 2027-12-31 stays a plain date), the
 * comments it keeps on the lines of values it did not replace. So an
 * emitted document loads to the same model as the text plus the sets.
 */
#include "read/edit.h"
#include "read/yaml.h"

#include <stdlib.h>
#include <string.h>

struct sl_scenario_doc {
    yw w;
    sl_arena *arena;
};

void sl_scenario_doc_free(sl_scenario_doc *doc)
{
    if (!doc)
        return;
    yw_done(&doc->w);
    sl_arena_free(doc->arena);
    sl_free(doc);
}

int sl_scenario_doc_open(sl_scenario_doc **out, const char *file, const char *text, size_t len,
                         size_t n_sets, const char *const *sets, sl_diag *d)
{
    *out = NULL;
    sl_scenario_doc *doc = sl_calloc(1, sizeof *doc);
    if (!doc)
        return SL_ENOMEM;
    doc->arena = sl_arena_new();
    if (!doc->arena) {
        sl_free(doc);
        return SL_ENOMEM;
    }
    doc->w.d = d;
    doc->w.file = file;
    doc->w.arena = doc->arena;
    int rc = yw_parse(&doc->w, text, len);
    if (!rc && n_sets)
        rc = yw_apply_sets(&doc->w, n_sets, sets);
    if (rc) {
        sl_scenario_doc_free(doc);
        return rc;
    }
    *out = doc;
    return 0;
}

/* libfyaml's emitted string, copied into our allocator (its own buffer
 * comes from malloc and escapes the allocation-failure hooks). */
static int copy_out(char **out, size_t *len, char *emitted)
{
    if (!emitted)
        return SL_ENOMEM;
    size_t n = strlen(emitted);
    /* the emitter ends flow text with a line break: one line, none */
    while (n && (emitted[n - 1] == '\n' || emitted[n - 1] == ' '))
        n--;
    char *copy = sl_malloc(n + 2);
    if (copy) {
        memcpy(copy, emitted, n);
        copy[n] = '\0';
    }
    free(emitted);
    if (!copy)
        return SL_ENOMEM;
    *out = copy;
    if (len)
        *len = n;
    return 0;
}

int sl_scenario_doc_value(char **out, sl_scenario_doc *doc, const char *path)
{
    *out = NULL;
    struct fy_node *n = yw_lookup(&doc->w, path, strlen(path));
    if (!n)
        return 0;
    return copy_out(out, NULL, fy_emit_node_to_string(n, FYECF_MODE_FLOW_ONELINE));
}

int sl_scenario_doc_emit(char **out, size_t *len, sl_scenario_doc *doc)
{
    *out = NULL;
    int rc =
        copy_out(out, len,
                 fy_emit_document_to_string(doc->w.doc, FYECF_MODE_PRETTY | FYECF_OUTPUT_COMMENTS));
    if (rc == 0) {
        /* a file ends with its last line's break */
        (*out)[*len] = '\n';
        (*out)[++*len] = '\0';
    }
    return rc;
}
