/* SPDX-License-Identifier: MIT */
/*
 * model.h - private parts of the model: its arena, id maps, and the
 * growable arrays readers append to before the model is sealed.
 */
#ifndef SL_MODEL_MODEL_H
#define SL_MODEL_MODEL_H

#include "core/core.h"
#include "core/file.h"

/* A file the scenario names, to be read after the scenario itself. */
typedef enum { SL_INPUT_INVENTORY, SL_INPUT_RVTOOLS, SL_INPUT_FLOWS, SL_INPUT_HOSTS } sl_input_kind;

typedef struct sl_input_file {
    sl_input_kind kind;
    const char *path;    /* resolved against the scenario's folder */
    const char *display; /* as written in the scenario */
    sl_index agency;
    /* rvtools: where its VMs live; inventory: the site of rows without
     * one (NULL: a site column is needed); hosts: the hall; checked by
     * the loader */
    const char *site_id;
    sl_storage_basis storage_basis; /* rvtools */
    size_t n_columns;               /* inventory: the column map */
    sl_column_map *columns;
    const char *where_file;
    long where_line, where_column;
    bool is_outside; /* outside the scenario's folder, links resolved */
    /* what was read, to tell later whether it changed (load.c): the
     * file's identity, or the in-memory file's bytes */
    bool is_read;
    sl_file_id id;
    const char *mem_data;
    size_t mem_len;
} sl_input_file;

/* What a mapping rule matches (inventory_rules: when), in the order its
 * $1..$9 count the stars of the patterns. */
typedef enum {
    SL_MATCH_NAME = 0, SL_MATCH_CLUSTER, SL_MATCH_FOLDER, SL_MATCH_ANNOTATION, SL_N_MATCH
} sl_match_key;

/* One mapping rule of the scenario: when every pattern given matches,
 * the fields given fill those a workload's inventory left empty. */
typedef struct sl_map_rule {
    const char *when[SL_N_MATCH]; /* globs (* and ?), ignoring ASCII case; NULL = any */
    const char *env, *app, *owner; /* templates ($1..$9 = what a * matched); NULL = not set */
    int tier;                      /* 0 = not set */
} sl_map_rule;

struct sl_model_private {
    sl_arena *arena;
    sl_strmap agencies, sites, workloads, gates, apps, host_models, methods;
    size_t cap_workloads, cap_apps, cap_flows;
    size_t n_inputs;
    sl_input_file *inputs;
    size_t n_rules;
    sl_map_rule *rules;
    bool inputs_copied; /* from a like model (sl_model_load_ex) */
};

/* Creates an empty model with its arena. */
int sl_model_new(sl_model **out);
/* Appends a workload (strings must live in the model arena); fails with
 * SL_EINPUT when the id is taken (dup gets the index of the first). */
int sl_model_add_workload(sl_model *m, const sl_workload *w, sl_index *dup);
/* Interns an application name; returns its index or SL_NONE when out of
 * memory. */
sl_index sl_model_intern_app(sl_model *m, const char *name, size_t len);
int sl_model_add_flow(sl_model *m, const sl_flow *f);
/* Fills apps[].workloads from the workloads' app indices. */
int sl_model_index_apps(sl_model *m);
/* ---- derive.c: values derived from the model that several stages use ---- */

/* True when the selector picks the workload: `all`, or every criterion
 * given (agencies, security classes, legal tags, tiers) matches. */
bool sl_selector_matches(const sl_model *m, const sl_selector *s, const sl_workload *w);
/* True when `day` falls in one of the freezes (the schedule closes windows
 * by it; reports draw the frozen spans). */
bool sl_freeze_covers(const sl_freeze *f, size_t n, sl_date day);
/* The date a gate passes when its lead time is lead_months. */
sl_date sl_gate_date(const sl_gate *g, double lead_months);
/* Data to copy for a workload in TB (10^12 bytes): storage x copy share. */
double sl_workload_tb(const sl_model *m, const sl_workload *w);
/* The distribution of a workload's staff hours per move: its method's
 * effort_hours_by_tier for its tier when the method gives one, else the
 * method's effort_hours. The plan takes its likely value. */
const sl_dist *sl_workload_effort_dist(const sl_model *m, const sl_workload *w);
/* Staff hours to move a workload: method effort + per-TB effort. */
double sl_workload_effort_h(const sl_model *m, const sl_workload *w, double effort_hours);
/* The link from a source site to the target (first target found), or
 * NULL when the scenario gives none. */
const sl_link *sl_model_link_from(const sl_model *m, sl_index site);

/* A source hall's IT load today, in kW, and where the figure comes from:
 * the site's it_kw when given, else the hosts it runs today, else
 * cost.legacy_watts_per_vcpu per allocated vCPU (vcpu: the hall's). */
typedef enum { SL_IT_KW_GIVEN = 0, SL_IT_KW_HOSTS, SL_IT_KW_PER_VCPU } sl_it_kw_source;
double sl_site_it_kw(const sl_model *m, const sl_site *s, double vcpu, sl_it_kw_source *source);
/* True when every source hall of agency a with workloads lists the hosts
 * it runs today: the status quo's hardware comes from them. */
bool sl_agency_has_hosts_today(const sl_model *m, sl_index a);

/* An agency's likely weekly migration hours once staff who will not follow
 * have started to leave (from staff.announce): hours x (1 - decline_share x
 * early_leave_share) for a joining agency; a host's hours stay. */
double sl_agency_hours_after_notice(const sl_agency *a);

/* True when the OS name contains one of the scenario's unsupported_os
 * words (ignoring case). */
bool sl_os_is_unsupported(const sl_model *m, const char *os);
/* The unsupported_os word the OS name contains, or NULL. */
const char *sl_os_unsupported_by(const sl_model *m, const char *os);

/* ---- rules.c: the scenario's inventory mapping rules ---- */

/* Matches pattern (* any run, ? one character, ASCII case ignored)
 * against text[0..len); each * takes as little as it can, left to right.
 * On a match the stars' spans are appended to caps (start, length pairs)
 * from index *n_caps on, at most max in all. */
bool sl_glob_match(const char *pattern, const char *text, size_t len, size_t *caps,
                   size_t *n_caps, size_t max);
/* Stars in a pattern. */
size_t sl_glob_stars(const char *pattern);
/* The largest $N of a template (0 when none). */
int sl_template_max_ref(const char *tmpl);
/* Fills the empty env, app, owner and tier of a workload from the first
 * rule that matches it and sets each; texts go to arena a. values[k] is
 * the workload's sl_match_key k ("" when unknown). */
int sl_rules_apply(const sl_map_rule *rules, size_t n, const char *const values[SL_N_MATCH],
                   sl_arena *a, const char **env, const char **app, const char **owner,
                   int *tier);

/* ---- stays.c: workloads an agency declares will not move ---- */

/* True when the stays item selects w (every criterion it gives matches;
 * the caller checks the agency). */
bool sl_stay_rule_matches(const sl_model *m, const sl_stay_rule *r, const sl_workload *w);
/* The first item of w's agency's stays that selects w, or SL_NONE. */
sl_index sl_stay_rule_of(const sl_model *m, const sl_workload *w);
/* Checks what the stays items name against the inventory, each error at
 * the item or entry; SL_EINPUT when one is wrong. */
int sl_model_check_stays(const sl_model *m, sl_diag *d);

/* sl_model_load, leaving out the check of every adjustable value when
 * !check_adjustables: explain's candidate runs load the scenario once per
 * candidate, and its values were checked when it first loaded.
 *
 * like: NULL, or a model loaded from the same scenario file with
 * overrides that differ from opts's only in values the readers of the
 * inventories, hosts and flows do not use (the caller's promise: the
 * re-runs' levers, sl_reuse_reads_no_input). When the scenario then names
 * the same files, in the same order and for the same agencies and
 * sites, and none has changed since like read it (the same file,
 * size and times; the same in-memory bytes), their workloads, apps,
 * hosts and flows are copied from like instead of read again: the model
 * is the one a fresh load gives (the warnings of reading them are not
 * repeated). Nothing is borrowed: like may go first. */
int sl_model_load_ex(sl_model **out, const char *path, const sl_load_options *opts,
                     bool check_adjustables, const sl_model *like, sl_diag *d);
/* Whether the last load copied its inputs from a like model (tests). */
bool sl_model_inputs_copied(const sl_model *m);

/* Semantic checks across the whole model; errors to d. */
int sl_model_validate(const sl_model *m, sl_diag *d);

#endif
