/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - private interface between the scenario reader's files
 * (scenario.c: the top level, agencies, sites, hardware;
 * scenario_rules.c: windows, migration, gates, risks, verdict, cost)
 * and the loader (load.c).
 */
#ifndef SL_READ_SCENARIO_H
#define SL_READ_SCENARIO_H

#include "read/yaml.h"
#include "model/model.h"

typedef enum {
    REF_AGENCY,
    REF_SITE,
    REF_GATE,
    REF_HOST_MODEL,
    REF_METHOD,
} ref_kind;

/* A reference by id, resolved after the whole file was read so entities
 * may be named before they are defined. */
typedef struct pending_ref {
    ref_kind kind;
    const char *id;
    struct fy_node *node;
    sl_index *target;
} pending_ref;

/* A word that must be one the scenario declares (a security class, a
 * legal tag), checked when the whole file is read. */
typedef enum { WORD_CLASS, WORD_TAG } word_kind;
typedef struct pending_word {
    word_kind kind;
    const char *word;
    struct fy_node *node;
} pending_word;

typedef struct scn {
    yw w;
    sl_model *m;
    const char *base_dir; /* folder of the scenario file, "" for the cwd */
    pending_ref *refs;
    size_t n_refs, cap_refs;
    int format_version;
    struct fy_node *version_node;
    sl_index current_agency; /* while reading an agency's inventory list */
    struct fy_node *current_site_node; /* while reading a site */
    const char *current_site;          /* ... its id, while reading its hosts */
    pending_word *words;
    size_t n_words, cap_words;
    struct fy_node **adjust_nodes; /* per adjustable, its mapping */
    size_t cap_adjust_nodes;
} scn;

static inline scn *scn_of(yw *w)
{
    return (scn *)w->user;
}

/* Records a reference to resolve later; `node` locates errors. */
int scn_ref(yw *w, ref_kind kind, struct fy_node *node, sl_index *target);
/* Handler: one id reference into an sl_index field. */
int scn_ref_agency(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_ref_site(yw *w, struct fy_node *node, void *target, const yw_field *f);
/* Reads a list of mappings, each with an `id`, into an arena array.
 * `item` fills one element; `map` registers ids (duplicates are errors). */
int scn_list(yw *w, struct fy_node *node, void **items, size_t *n, size_t size,
             int (*item)(yw *w, struct fy_node *node, void *elem), sl_strmap *map,
             const char *what, size_t max);
/* Records each word of node (one word or a list) to be checked against
 * the declared security classes or legal tags. */
int scn_words(yw *w, struct fy_node *node, word_kind kind);
/* After the walk: declared words, adjustable paths and values. */
int scn_check_words(scn *s);
int scn_check_adjustables(scn *s);
/* Reads a list of freeze periods into (n, items). */
int scn_freezes(yw *w, struct fy_node *node, size_t *n, sl_freeze **items);

/* scenario_rules.c: the handlers of these top-level keys. */
int scn_read_windows(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_read_migration(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_read_gates(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_read_risks(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_read_verdict(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_read_cost(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_read_adjustable(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_read_legal_tags(yw *w, struct fy_node *node, void *target, const yw_field *f);
/* scenario_inputs.c: the files the scenario names (inventories with
 * their column maps and storage basis, flows, hosts) and the inventory
 * mapping rules. */
int scn_file_list(yw *w, struct fy_node *node, sl_input_kind kind);
int scn_read_inventory_rules(yw *w, struct fy_node *node, void *target, const yw_field *f);

/* Handlers of a selector's security_classes and legal_tags (words), and
 * tiers (integers 1-4); target: the sl_selector. */
int scn_selector_words(yw *w, struct fy_node *node, void *target, const yw_field *f);
int scn_selector_tiers(yw *w, struct fy_node *node, void *target, const yw_field *f);
/* scenario_stays.c: an agency's `stays:` (target: the sl_agency). */
int scn_read_stays(yw *w, struct fy_node *node, void *target, const yw_field *f);
/* Fills rule defaults before the walk. */
void scn_rules_defaults(sl_model *m);
/* Checks and completes the rules after references are resolved. */
int scn_rules_finish(scn *s);

/* Reads the scenario text into m (entities, rules, input file list).
 * base_dir is where relative paths point. check_adjustables: try every
 * adjustable value against its key (scn_check_adjustables). */
int sl_scenario_read(sl_model *m, const char *file, const char *text, size_t len,
                     const char *base_dir, const sl_load_options *opts, bool check_adjustables,
                     sl_diag *d);

#endif
