/* SPDX-License-Identifier: MIT */
/*
 * samlok.h - the one public header of libsamlok.
 *
 * samlok plans the co-location of several public agencies' datacenter
 * operations into one shared datacenter. The pipeline is
 *
 *   load+validate -> model -> assess -> place -> group -> schedule
 *                                  -> simulate -> cost -> risk -> writers
 *
 * Conventions (see docs/ARCHITECTURE.md):
 * - Functions that can fail return int: 0 or a negative SL_E* code. Messages
 *   go into the explicit sl_diag passed as the last argument.
 * - Out-parameters come first. The caller owns what it gets through an
 *   out-parameter and frees it with the matching _free (NULL-safe); it
 *   borrows what is returned directly.
 * - The model is read-only after loading; stage results are read-only after
 *   their stage ran. Structs in this header are transparent so writers can
 *   read them; do not modify them.
 * - Units are in names: _gb, _mib, _w, _kw, _h, _mbps, _sek (the scenario
 *   currency), dates are sl_date (days since 1970-01-01).
 */
#ifndef SAMLOK_H
#define SAMLOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SAMLOK_VERSION "0.1.0"
#define SL_FORMAT_VERSION 1 /* the `samlok:` key of scenario files */

/* ------------------------------------------------------------------ */
/* Errors and diagnostics                                              */
/* ------------------------------------------------------------------ */

enum {
    SL_OK = 0,
    SL_EINPUT = -1,      /* the input is wrong; details in the sl_diag */
    SL_ENOMEM = -2,      /* an allocation failed */
    SL_EIO = -3,         /* reading or writing a file failed */
    SL_EINFEASIBLE = -4, /* the problem has no solution under its constraints */
    SL_EUSAGE = -5,      /* the caller passed a bad option */
    SL_ELIMIT = -6,      /* an input exceeds a documented limit */
    SL_ECANCELLED = -7,  /* the caller's is_cancelled said stop; nothing was produced */
};

/* Returns a short English text for an SL_E* code. */
const char *sl_strerror(int err);

typedef enum { SL_NOTE = 0, SL_WARNING = 1, SL_ERROR = 2 } sl_severity;

/* One located message. line and column are 1-based; 0 means unknown.
 * column_name is set for CSV cells ("column vcpu: ..."). */
typedef struct sl_diag_msg {
    sl_severity severity;
    const char *file;
    long line;
    long column;
    const char *column_name;
    const char *text;
} sl_diag_msg;

typedef struct sl_diag sl_diag;

/* Creates an empty message list; NULL when out of memory. */
sl_diag *sl_diag_new(void);
void sl_diag_free(sl_diag *d);
/* Adds a message; file may be NULL. Never fails: on allocation failure the
 * message is counted as lost and sl_diag_lost() says so. */
void sl_diag_add(sl_diag *d, sl_severity sev, const char *file, long line, long column,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* As sl_diag_add, for a CSV cell: the message reads "column NAME: ...". */
void sl_diag_add_cell(sl_diag *d, sl_severity sev, const char *file, long line,
                      const char *column_name, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
size_t sl_diag_count(const sl_diag *d);
size_t sl_diag_errors(const sl_diag *d);
size_t sl_diag_lost(const sl_diag *d);
const sl_diag_msg *sl_diag_at(const sl_diag *d, size_t i);
/* Writes every message as "file:line:column: severity: text", one a line,
 * with control characters in file names and texts escaped. */
void sl_diag_write(const sl_diag *d, FILE *out);
/* Writes s for a terminal: every control character (C0, DEL, C1; the
 * newline too), bidirectional override and byte that is not UTF-8 as a
 * visible escape (\n, \x1b, \u202e). */
void sl_term_escape(FILE *out, const char *s);

/* ------------------------------------------------------------------ */
/* Language (src/core/lang.c): the words of human outputs               */
/* ------------------------------------------------------------------ */

/* A language for the human outputs (terminal summaries, the HTML report,
 * the workbook, messages): its message catalogue, a GNU .mo file the
 * build makes from po/<code>.po, and its conventions for numbers, money
 * and month names. English needs no catalogue: the messages are English.
 * Writers take the language explicitly (NULL: English); nothing reads
 * the process locale, so a number never takes its decimal mark from
 * LC_NUMERIC. Machine outputs (the plan document, numbers in workbook
 * cells) are the same in every language. docs/REPORTS.md, "Languages". */
typedef struct sl_lang sl_lang;

/* Opens language `code` ("en", "sv"; a region such as "sv_SE" falls back
 * to "sv"): for any language but English it reads
 * DIR/<code>/LC_MESSAGES/samlok.mo from the first of dirs that has it.
 * SL_EUSAGE with a message when there is none, SL_EINPUT (located) when
 * the file is not a catalogue. */
int sl_lang_open(sl_lang **out, const char *code, const char *const *dirs, size_t n_dirs,
                 sl_diag *d);
void sl_lang_free(sl_lang *l);
/* "en" for NULL. */
const char *sl_lang_code(const sl_lang *l);
/* The catalogue's translation of an English message, or the message
 * itself (gettext, ngettext for a count n, pgettext with a context). The
 * result lives as long as the language or the message. */
const char *sl_tr(const sl_lang *l, const char *msgid);
const char *sl_trn(const sl_lang *l, const char *one, const char *many, unsigned long n);
const char *sl_trc(const sl_lang *l, const char *context, const char *msgid);
/* translated when it has the printf conversions of fmt, in the same order
 * (a catalogue cannot make a format read other arguments); else fmt. */
const char *sl_tr_format(const char *fmt, const char *translated);
/* Messages added to d from now on are translated (their format is looked
 * up in l's catalogue before the arguments go in); NULL: English. */
void sl_diag_set_lang(sl_diag *d, const sl_lang *l);

/* A sentence of a human output as a template and named arguments, so a
 * writer can say it in any language: the template is English (the
 * catalogue's key) with {name} or {name:format} where a value goes;
 * format is int, g, sg (%+g), num1, num2, pct0, pct1, pctg (a share as
 * a percentage), money (in the scenario's currency), date ("YYYY-MM-DD",
 * or never when the argument has no text), tr (an English word to
 * translate), list or list; (the items joined by ", " or "; "). The library renders its
 * English text from the same template (sl_phrase_render), and the plan
 * document carries template and arguments beside the text. */
typedef enum { SL_ARG_TEXT = 0, SL_ARG_NUMBER, SL_ARG_LIST } sl_arg_kind;

typedef struct sl_phrase sl_phrase;

typedef struct sl_arg {
    const char *name;
    sl_arg_kind kind;
    double number;          /* SL_ARG_NUMBER */
    const char *text;       /* SL_ARG_TEXT; NULL: none (a date: never) */
    size_t n_items;         /* SL_ARG_LIST */
    const sl_phrase *items;
} sl_arg;

struct sl_phrase {
    const char *tmpl;        /* NULL: no phrase */
    const char *tmpl_plural; /* NULL, or the plural form, chosen by the number `count` names */
    const char *count;
    size_t n_args;
    const sl_arg *args;
};

/* A phrase said in language l (NULL: English), {x:money} in currency
 * (NULL: none): a malloc'ed text (free() it), NULL when out of memory.
 * A template the catalogue mistranslates says what it can. */
char *sl_phrase_say(const sl_phrase *p, const sl_lang *l, const char *currency);

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

/* Every input limit of samlok, in one place (README, "Limits"). An input
 * past one is an error located at the first thing past it (file, line,
 * column), and the run fails with SL_ELIMIT or SL_EINPUT (exit 2); an
 * input exactly at one is accepted. The pack and graph limits are
 * SL_PACK_MAX_DIMS, SL_VBP_MAX_ITEMS and SL_GRAPH_MAX_CONSTRAINTS below. */
#define SL_MAX_SCENARIO_BYTES ((size_t)16 << 20) /* the scenario file: 16 MiB */
#define SL_MAX_INPUT_BYTES ((size_t)1 << 30)     /* every other input file: 1 GiB */
#define SL_MAX_CSV_COLUMNS 1024                  /* fields in one CSV record */
#define SL_MAX_CSV_FIELD 65536                   /* bytes in one CSV field */
/* An .xlsx input: every part inflated, all together (zip bombs), and the
 * shared strings it may hold (their text is also bound by
 * SL_MAX_INPUT_BYTES); its rows and cells are bound as CSV records are. */
#define SL_MAX_XLSX_UNPACKED_BYTES ((uint64_t)4 << 30) /* 4 GiB */
#define SL_MAX_XLSX_SHARED_STRINGS 33554432      /* 2^25 distinct texts */
#define SL_MAX_YAML_DEPTH 64                     /* nested YAML collections */
#define SL_MAX_TEXT_BYTES 4096                   /* one YAML text value */
/* What YAML aliases may add to a scenario: each node they repeat counts one
 * byte and a scalar its bytes too (an alias inside an alias each time). */
#define SL_MAX_YAML_ALIAS_BYTES ((uint64_t)16 << 20)
#define SL_MAX_LIST_ITEMS 100000                 /* items of one scenario list */
#define SL_MAX_AGENCIES 64
#define SL_MAX_SITES 256
#define SL_MAX_GATES 64
#define SL_MAX_METHODS 255                       /* migration methods */
#define SL_MAX_WEEKLY_WINDOWS 64                 /* windows.weekly rules */
#define SL_MAX_FREEZES 1000                      /* freeze periods in one list */
#define SL_MAX_ADJUST_VALUES 1000                /* candidate values of one adjustable */
#define SL_MAX_ADJUST_TOTAL 100000               /* ... of all adjustables together */
#define SL_MAX_HORIZON_YEARS 50
#define SL_MAX_WORKLOADS 1000000                 /* all inventories together */
#define SL_MAX_FLOW_ROWS 20000000                /* data rows of all flow files */
#define SL_MAX_ITERATIONS 10000000               /* Monte Carlo iterations */
#define SL_MAX_THREADS 256
#define SL_MAX_SETS 256                          /* --set overrides in one run */
/* A plan document read back (`report PLAN.json`): each list of objects
 * becomes a table with at most this many columns, and at most this many
 * cells (rows x columns) per byte of the document, so a small document
 * cannot make a huge table. */
#define SL_MAX_REPORT_COLUMNS 1024
#define SL_MAX_REPORT_CELLS_PER_BYTE 16

/* ------------------------------------------------------------------ */
/* Dates                                                               */
/* ------------------------------------------------------------------ */

typedef int32_t sl_date; /* days since 1970-01-01, proleptic Gregorian */
#define SL_DATE_NONE INT32_MIN

/* Parses YYYY-MM-DD; rejects dates that do not exist. */
int sl_date_parse(sl_date *out, const char *text, size_t len);
/* Writes YYYY-MM-DD and a NUL into buf (at least 11 bytes). */
void sl_date_format(char buf[static 11], sl_date d);
sl_date sl_date_from_ymd(int year, int month, int day);
void sl_date_to_ymd(sl_date d, int *year, int *month, int *day);
/* 0 = Monday ... 6 = Sunday. */
int sl_date_weekday(sl_date d);
/* Adds months, clamping the day to the end of the target month. */
sl_date sl_date_add_months(sl_date d, double months);

/* ------------------------------------------------------------------ */
/* Uncertain numbers                                                   */
/* ------------------------------------------------------------------ */

/* Any scenario number may be a distribution. The deterministic plan uses
 * `likely`; the Monte Carlo samples the distribution. */
typedef enum {
    SL_DIST_FIXED = 0,
    SL_DIST_TRIANGULAR,
    SL_DIST_PERT,
    SL_DIST_UNIFORM,
    SL_DIST_LOGNORMAL, /* likely = median; max = 90th percentile */
} sl_dist_kind;

typedef struct sl_dist {
    sl_dist_kind kind;
    double min, likely, max;
    uint32_t param; /* index into sl_model.params; SL_NONE when not from a file */
} sl_dist;

/* One number read from the scenario: where it came from, for the
 * assumption log, the tornado and `explain`. */
typedef struct sl_param {
    const char *path; /* e.g. agencies.SKV.staff.migration_hours_per_week */
    const char *file;
    long line, column;
    const sl_dist *value;
    const char *unit;
    /* the Monte Carlo draws it (a key of type dist); a number given as a
     * distribution elsewhere enters the plan at its likely value only */
    bool simulated;
} sl_param;

/* ------------------------------------------------------------------ */
/* The model                                                           */
/* ------------------------------------------------------------------ */

typedef uint32_t sl_index;
#define SL_NONE UINT32_MAX

typedef enum { SL_ROLE_HOST = 0, SL_ROLE_JOINING = 1 } sl_agency_role;

typedef enum {
    SL_FREEZE_YEARLY = 0, /* month-day range repeated every year; may wrap */
    SL_FREEZE_DATES,      /* an absolute date range */
    SL_FREEZE_MONTH_END,  /* the last `days` working days of every month */
} sl_freeze_kind;

typedef struct sl_freeze {
    sl_freeze_kind kind;
    int from_md, to_md;  /* SL_FREEZE_YEARLY: month*100+day, inclusive */
    sl_date from, to;    /* SL_FREEZE_DATES: inclusive */
    int days;            /* SL_FREEZE_MONTH_END */
    const char *why;
} sl_freeze;

/* What becomes of a workload an agency declares will not move (its
 * `stays:` list, docs/SCENARIO.md). Every workload is accounted for:
 * it moves, it is declared to stay behind, or it cannot move, with the
 * reason (issue 14). */
typedef enum {
    SL_DISPOSITION_MOVE = 0, /* it moves: every workload not declared */
    SL_DISPOSITION_STAY,     /* it stays in its source hall, which keeps running */
    SL_DISPOSITION_RETIRE,   /* it is switched off; its hall need not keep it */
    SL_DISPOSITION_REPLACE,  /* another service replaces it; likewise */
    SL_N_DISPOSITIONS
} sl_disposition;

/* "move", "stay", "retire", "replace". */
const char *sl_disposition_name(sl_disposition d);

/* Where something was written in the scenario (1-based; 0 = unknown). */
typedef struct sl_where {
    long line, column;
} sl_where;

typedef struct sl_stay_rule sl_stay_rule; /* below, after sl_selector */

typedef struct sl_agency {
    const char *id;
    const char *name;
    sl_agency_role role;
    /* a joining agency takes part in the move (`joins: true`, the
     * default); false: it stays out, moves nothing, pays nothing of the
     * shared platform, and its verdict is SL_VERDICT_OUT */
    bool joins;
    double ops_fte;                   /* operations staff, full-time equivalents */
    sl_dist migration_hours_per_week; /* staff hours the agency can give the move */
    double cost_per_hour;             /* currency per staff hour */
    double fte_cost_per_year;         /* currency per FTE per year */
    double budget;                    /* migration budget, currency; 0 = none given */
    bool staff_relocate;              /* the operations unit moves with the systems */
    sl_dist staff_decline_share;      /* share of staff who decline to follow */
    sl_dist staff_early_leave_share;  /* share of those who leave before the move ends */
    sl_date staff_announce;           /* when staff learn of the move (default: start) */
    double ops_fte_after;             /* FTE still needed after the move */
    size_t n_freezes;
    sl_freeze *freezes;
    size_t n_stays;
    sl_stay_rule *stays;              /* workloads declared not to move */
} sl_agency;

typedef enum { SL_SITE_SOURCE = 0, SL_SITE_TARGET = 1 } sl_site_role;
typedef enum { SL_SITE_OWN = 0, SL_SITE_HOSTING = 1 } sl_site_kind;

typedef struct sl_site {
    const char *id;
    const char *name;
    sl_index owner; /* agency */
    sl_site_role role;
    sl_site_kind kind;
    const char *region;
    double racks, kw, floor_m2;                /* capacity of the site */
    double used_racks, used_kw, used_floor_m2; /* already taken by others */
    double rack_kw;       /* maximum power per rack, kW */
    double rack_units;    /* usable units per rack */
    double rack_floor_m2; /* floor per rack incl. aisles */
    double pue;
    sl_dist energy_price; /* currency per kWh, before tax */
    double energy_tax;    /* currency per kWh */
    double rent_per_year;
    double opex_per_year; /* other yearly running cost of the hall */
    sl_date contract_end; /* SL_DATE_NONE when not a contract */
    double exit_cost;
    double extension_cost_per_month;
    double it_kw;          /* status quo: IT load of the source hall, kW */
    /* status quo from the hosts the hall runs today (sites[].hosts, or
     * the vHost sheet of an RVTools workbook); n_hosts_today 0 = none */
    size_t n_hosts_today;
    double host_cores_today, host_ram_gb_today;
    double host_watts_today; /* their own watts, else cost.legacy_watts_per_core */
    double host_price_today; /* their own price, else cost.legacy_price_per_core/_ram_gb */
    size_t n_hosts_estimated_watts, n_hosts_estimated_price;
    const char *hosts_file;  /* where they were read (the first file; a sheet as file[vHost]) */
    size_t n_security_classes;
    const char **security_classes; /* allowed here without a gate */
} sl_site;

typedef struct sl_link {
    sl_index from, to; /* sites */
    double gbps;
    double usable_share; /* share of the link usable for migration */
    sl_dist rtt_ms;
} sl_link;

typedef struct sl_host_model {
    const char *id;
    double cores;   /* physical cores */
    double threads_per_core;
    double ram_gb;
    double storage_gb;
    double watts;   /* typical draw under load */
    double price;
    double rack_units;
    double licence_per_year; /* per host */
} sl_host_model;

typedef enum { SL_SIZING_AS_IS = 0, SL_SIZING_PERFORMANCE = 1 } sl_sizing;
typedef enum { SL_SPREAD_HOST = 0, SL_SPREAD_RACK = 1 } sl_spread;
typedef enum { SL_STORAGE_SHARED = 0, SL_STORAGE_LOCAL = 1 } sl_storage;

enum {
    SL_ISOLATE_AGENCY = 1u << 0,
    SL_ISOLATE_SECURITY_CLASS = 1u << 1,
    SL_ISOLATE_ENV = 1u << 2,
};

typedef struct sl_pool_policy {
    unsigned isolation; /* SL_ISOLATE_* bits */
    double cpu_overcommit;  /* vCPU per hardware thread */
    double ram_overcommit;
    double max_utilisation; /* share of each host dimension usable */
    int ha_spare_hosts;     /* N+k per pool */
    sl_spread anti_affinity;
    sl_storage storage;     /* local: storage is a host dimension */
    bool power_dimension;   /* power is a host dimension */
    sl_sizing sizing;
    double comfort_factor;  /* performance sizing: p95 x this */
    double min_vcpu, min_ram_gb;
    size_t n_host_models;
    sl_index *host_models; /* candidates; empty = all */
} sl_pool_policy;

typedef struct sl_window_rule {
    int start_weekday; /* 0 = Monday */
    int start_minute;  /* minutes after midnight */
    double hours;      /* length */
} sl_window_rule;

typedef struct sl_windows {
    size_t n_rules;
    sl_window_rule *rules;
    int max_critical_groups; /* tier-1 groups per window; 0 = no cap */
    int max_workloads;       /* per window; 0 = no cap */
    size_t n_target_freezes;
    sl_freeze *target_freezes;
} sl_windows;

#define SL_N_TIERS 4 /* workload tiers: 1 = most critical .. 4 */

typedef struct sl_method {
    const char *id;
    sl_dist effort_hours;     /* staff hours per workload, incl. test */
    /* effort_hours_by_tier[t - 1] replaces effort_hours for workloads of
     * tier t when has_tier_effort[t - 1] (sl_workload_effort_dist) */
    sl_dist effort_hours_by_tier[SL_N_TIERS];
    bool has_tier_effort[SL_N_TIERS];
    double effort_hours_per_tb;
    sl_dist failure_rate;     /* probability one move fails and rolls back */
    double legacy_failure_factor; /* multiplier for out-of-support OS */
    double copy_factor;       /* share of storage copied over the link */
} sl_method;

typedef struct sl_migration {
    size_t n_methods;
    sl_method *methods;
    sl_index default_method;
    double hard_edge_mbps; /* flows at or above this are must-move-together */
    double hub_degree;     /* endpoints with this many peers are shared services */
    double effort_correlation; /* 0 = each move's effort varies on its own,
                                  1 = one rate for all moves of a method */
    size_t n_shared_services;
    const char **shared_services; /* apps or workloads named as shared services */
} sl_migration;

typedef enum {
    SL_GATE_SECURITY = 0,
    SL_GATE_LEGAL,
    SL_GATE_STAFF,
    SL_GATE_HARDWARE,
    SL_GATE_OTHER,
} sl_gate_kind;

typedef struct sl_selector {
    bool is_all;
    size_t n_agencies;
    sl_index *agencies;
    size_t n_security_classes;
    const char **security_classes;
    size_t n_legal_tags;
    const char **legal_tags;
    size_t n_tiers;
    int *tiers;
} sl_selector;

/* One item of an agency's `stays:`: the agency's workloads it selects do
 * not move. A workload is selected when it matches every criterion given
 * (any entry of each); the first item that selects it decides. */
struct sl_stay_rule {
    sl_disposition disposition; /* stay, retire or replace */
    const char *why;            /* the planner's reason, for the plan */
    size_t n_ids;
    const char **ids;           /* workload ids */
    sl_where *id_at;            /* where each id was written */
    size_t n_apps;
    const char **apps;          /* application names */
    sl_where *app_at;
    size_t n_envs;
    const char **envs;
    size_t n_sites;
    sl_index *sites;            /* source sites */
    /* security_classes, legal_tags and tiers, as a gate's applies_to
     * reads and matches them (its agencies and all are not used) */
    sl_selector select;
    const char *file;           /* the item itself, for messages */
    sl_where at;
};

typedef struct sl_gate {
    const char *id;
    const char *name;
    sl_gate_kind kind;
    sl_date opens;          /* when work on the gate starts */
    sl_dist lead_time_months;
    double pass_probability;
    sl_selector applies_to;
} sl_gate;

typedef enum {
    SL_RISK_SECURITY = 0,
    SL_RISK_LEGAL,
    SL_RISK_FINANCING,
    SL_RISK_STAFF,
    SL_RISK_SCHEDULE,
    SL_RISK_TECHNICAL,
    SL_RISK_N_CATEGORIES
} sl_risk_category;

typedef struct sl_risk_decl {
    const char *id;
    const char *title;
    sl_risk_category category;
    sl_index agency; /* SL_NONE = all */
    int likelihood;  /* 1..5 */
    int impact;      /* 1..5 */
    const char *owner;
    const char *mitigation;
} sl_risk_decl;

typedef struct sl_legal_tag {
    const char *id;
    bool needs_content_access; /* host staff would need to read the data */
} sl_legal_tag;

typedef struct sl_verdict_rules {
    double go_p_on_time;          /* P(done by deadline) for go */
    double conditional_p_on_time; /* below this: no_go */
    double max_blocked_share;     /* workloads blocked by gates, for go */
    double max_risk_score;        /* likelihood x impact for go */
    double no_go_risk_score;      /* at or above: no_go */
    double budget_p90_margin;     /* P90 cost may exceed the budget by this share */
    double min_npv_saving;        /* NPV of status quo minus co-location, for go */
} sl_verdict_rules;

/* How host purchases enter the yearly cash flows. */
typedef enum {
    SL_CAPEX_DEPRECIATION = 0, /* price / depreciation_years each year */
    SL_CAPEX_PURCHASE = 1,     /* the price when bought, again every depreciation_years */
} sl_capex_mode;

typedef struct sl_cost_rules {
    double depreciation_years;
    double chargeback_weight_vcpu, chargeback_weight_ram, chargeback_weight_storage;
    double rack_cost_per_year;
    double licence_per_core_year;
    sl_capex_mode capex;
    double status_quo_hardware_share; /* of an agency's own-platform hardware it would
                                         refresh by staying (1 = like for like) */
    double legacy_watts_per_vcpu;     /* IT load of a source hall without it_kw or hosts */
    /* a source hall's hosts (sites[].hosts, a vHost sheet) without their own
     * watts or price: per physical core, and per GB of RAM */
    double legacy_watts_per_core;
    double legacy_price_per_core, legacy_price_per_ram_gb;
    double host_ops_fte;              /* FTE the host adds to run the shared platform */
    double staff_reduction_cost_per_fte; /* one-off per FTE no longer needed */
} sl_cost_rules;

/* A one-off cost declared in the scenario. */
typedef struct sl_one_off {
    sl_index agency; /* SL_NONE: the host's shared platform */
    int year;        /* 1 = the first year of the horizon */
    sl_dist amount;
    const char *what;
} sl_one_off;

/* A scenario value `explain` may change to flip a verdict, with the
 * candidate values in the order tried (cheapest change first). */
typedef struct sl_adjustable {
    const char *path;
    size_t n_values;
    const char **values;
} sl_adjustable;

/* A workload: one server or VM. */
typedef struct sl_workload {
    const char *id;
    sl_index agency;
    sl_index site;
    sl_index app; /* SL_NONE when not given */
    const char *env;
    int tier; /* 1 = most critical .. 4; 0 = unknown */
    double vcpu;
    double ram_gb;
    double storage_gb;
    double cpu_p95; /* 0..100 percent; negative = unknown */
    double ram_p95; /* 0..100 percent; negative = unknown */
    const char *os;
    const char *security_class;
    size_t n_legal_tags;
    const char **legal_tags;
    const char *ha_group; /* NULL when none */
    sl_index method;
    bool is_powered_off;
    const char *owner;    /* who answers for it (runbook); "" when unknown */
    const char *file; /* where it was read */
    long line;
} sl_workload;

typedef struct sl_app {
    const char *name;
    size_t n_workloads;
    sl_index *workloads;
} sl_app;

typedef enum { SL_END_WORKLOAD = 0, SL_END_APP = 1 } sl_end_kind;

typedef struct sl_flow {
    sl_index src, dst;
    uint8_t src_kind, dst_kind; /* sl_end_kind */
    bool is_latency_sensitive;
    uint16_t port;
    double mbps;
    const char *protocol;
} sl_flow;

typedef struct sl_model {
    /* scenario */
    const char *name;
    const char *description;
    const char *file; /* the scenario file as named by the user */
    sl_date start, deadline;
    const char *currency;
    double discount_rate; /* per year */
    int horizon_years;
    uint64_t seed;
    long iterations;

    size_t n_agencies;
    sl_agency *agencies;
    size_t n_sites;
    sl_site *sites;
    size_t n_links;
    sl_link *links;
    size_t n_host_models;
    sl_host_model *host_models;
    sl_pool_policy pools;
    sl_windows windows;
    sl_migration migration;
    size_t n_gates;
    sl_gate *gates;
    size_t n_risks;
    sl_risk_decl *risks;
    size_t n_legal_tags;
    sl_legal_tag *legal_tags;
    size_t n_unsupported_os;
    const char **unsupported_os; /* substrings of OS names out of support */
    sl_verdict_rules verdict;
    sl_cost_rules cost;
    size_t n_one_offs;
    sl_one_off *one_offs;
    size_t n_adjustables;
    sl_adjustable *adjustables;
    size_t n_security_classes;
    const char **security_classes; /* declared classes; empty = any word */

    /* inventory and flows */
    size_t n_workloads;
    sl_workload *workloads;
    size_t n_apps;
    sl_app *apps;
    size_t n_flows;
    sl_flow *flows;
    size_t n_unmatched_endpoints; /* distinct endpoint names that matched nothing */
    size_t n_unmatched_flows;     /* flow rows with such an endpoint */
    size_t n_sample_unmatched;
    const char **sample_unmatched; /* a few of them, sorted */

    /* every number read, for the assumption log */
    size_t n_params;
    sl_param *params;

    struct sl_model_private *priv;
} sl_model;

/* An in-memory file, for inputs that do not come from disk (the demo,
 * fuzzers, tests). */
typedef struct sl_memfile {
    const char *path;
    const char *data;
    size_t len;
} sl_memfile;

typedef struct sl_load_options {
    size_t n_sets;
    const char *const *sets; /* "PATH=VALUE" overrides, applied in order */
    size_t n_memfiles;       /* when set, files are looked up here, not on disk */
    const sl_memfile *memfiles;
} sl_load_options;

#define SL_LOAD_OPTIONS_INIT {0, NULL, 0, NULL}

/* Loads a scenario and every file it names, validates it, and returns the
 * model in *out (caller frees with sl_model_free). On SL_EINPUT every
 * problem found is in d and *out is NULL. */
int sl_model_load(sl_model **out, const char *scenario_path, const sl_load_options *opts,
                  sl_diag *d);
void sl_model_free(sl_model *m);
/* The files a model was read from: i = 0 is the scenario, then each
 * inventory and flow file it names, as opened (relative to the working
 * folder); NULL past the last. */
const char *sl_model_file(const sl_model *m, size_t i);
/* True when file i lies outside the scenario's folder once symbolic links
 * are resolved (an absolute path elsewhere, "../", a link leaving it):
 * allowed, and `validate` names it. */
bool sl_model_file_is_outside(const sl_model *m, size_t i);

/* Looks up ids; SL_NONE when absent. */
sl_index sl_model_agency(const sl_model *m, const char *id);
sl_index sl_model_site(const sl_model *m, const char *id);
sl_index sl_model_workload(const sl_model *m, const char *id);
sl_index sl_model_gate(const sl_model *m, const char *id);

/* A joining agency that takes part in the move (joins: true): every stage
 * asks this, so an agency that stays out moves nothing and pays nothing
 * of the shared platform. */
bool sl_agency_moves(const sl_agency *a);
/* A joining agency that stays out (joins: false). */
bool sl_agency_stays_out(const sl_agency *a);

/* Names of enum values as used in files and reports. */
const char *sl_role_name(sl_agency_role r);
const char *sl_gate_kind_name(sl_gate_kind k);
const char *sl_risk_category_name(sl_risk_category c);
const char *sl_dist_kind_name(sl_dist_kind k);

/* ------------------------------------------------------------------ */
/* Inventory import                                                    */
/* ------------------------------------------------------------------ */

/* A VM's power state, as vSphere reports it (the inventory CSV's
 * power_state column: on, off, suspended). */
typedef enum { SL_POWER_ON = 0, SL_POWER_OFF = 1, SL_POWER_SUSPENDED = 2 } sl_power_state;
/* "on", "off", "suspended". */
const char *sl_power_state_name(sl_power_state p);

/* One inventory row as samlok's inventory CSV holds it. */
typedef struct sl_inventory_row {
    const char *id, *agency, *site, *app, *env;
    int tier;
    double vcpu, ram_gb, storage_gb, cpu_p95, ram_p95;
    const char *os, *security_class, *legal_tags, *ha_group, *method;
    sl_power_state power_state;
    bool is_powered_off; /* power_state is not on */
    /* facts kept from an RVTools export for the scenario's mapping rules
     * (and who answers for the server, for the runbook); "" when unknown */
    const char *owner, *cluster, *folder, *annotation;
    long line; /* where the row starts in its file */
} sl_inventory_row;

typedef struct sl_inventory {
    size_t n_rows;
    sl_inventory_row *rows;
    size_t n_templates_skipped;
    size_t n_powered_off;
    size_t n_renamed; /* duplicate VM names made distinct */
    const char *file;
    struct sl_arena *arena;
} sl_inventory;

/* Where one column of samlok's inventory comes from in a file with other
 * headers (a CMDB export): the field (a name of sl_inventory_columns),
 * the header that holds it, and the factor that turns the file's unit
 * into samlok's (1/1024 for ram_gb given in MiB). */
typedef struct sl_column_map {
    const char *field;
    const char *header;
    double factor; /* 0 = 1 */
} sl_column_map;

typedef struct sl_inventory_options {
    size_t n_columns;
    const sl_column_map *columns; /* fields not named keep their own header */
    /* for rows of a file without an agency or site column (or an empty
     * cell); NULL = the column is required */
    const char *agency, *site;
} sl_inventory_options;

#define SL_INVENTORY_OPTIONS_INIT {0, NULL, NULL, NULL}

/* Reads samlok's own inventory (CSV, or the first sheet of an .xlsx
 * workbook) into rows (syntax and numbers only; ids are checked against a
 * scenario when the model is loaded). */
int sl_inventory_read(sl_inventory **out, const char *path, const char *data, size_t len,
                      sl_diag *d);
/* The same, with a column map and defaults; SL_EUSAGE (with a message)
 * for a field that is not an inventory column. */
int sl_inventory_read_with(sl_inventory **out, const char *path, const char *data, size_t len,
                           const sl_inventory_options *o, sl_diag *d);

/* Which RVTools figure becomes a VM's storage_gb. */
typedef enum {
    SL_STORAGE_PROVISIONED = 0, /* Provisioned MiB: what thin disks may grow to (default) */
    SL_STORAGE_IN_USE = 1,      /* In Use MiB: what is written today */
} sl_storage_basis;
/* "provisioned", "in_use". */
const char *sl_storage_basis_name(sl_storage_basis b);

/* Reads an RVTools vInfo export (CSV, or the vInfo sheet of the .xlsx
 * export) into rows for agency/site, storage as provisioned. */
int sl_rvtools_read(sl_inventory **out, const char *path, const char *data, size_t len,
                    const char *agency, const char *site, sl_diag *d);
/* The same, with storage from the basis given. */
int sl_rvtools_read_with(sl_inventory **out, const char *path, const char *data, size_t len,
                         const char *agency, const char *site, sl_storage_basis storage,
                         sl_diag *d);
void sl_inventory_free(sl_inventory *inv);
/* The columns of samlok's inventory CSV, in the order written. */
extern const char *const sl_inventory_columns[];
#define SL_INVENTORY_N_COLUMNS 21 /* written; an optional powered_off column is read too */
/* Writes rows as samlok's inventory CSV. */
int sl_inventory_write_csv(FILE *out, const sl_inventory *inv);

/* ------------------------------------------------------------------ */
/* The built-in demo                                                   */
/* ------------------------------------------------------------------ */

typedef struct sl_demo {
    size_t n_files; /* files[0] is the scenario YAML */
    sl_memfile *files;
    struct sl_arena *arena;
} sl_demo;

/* Writes a commented starter scenario into dir (created when missing):
 * scenario.yaml with one host and one joining agency, and the
 * inventory.csv and flows.csv it names, empty but for their headers.
 * SL_EUSAGE (with a message) when one of them is there already. */
int sl_starter_write(const char *dir, sl_diag *d);

/* The candidate nearest to word by edit distance (at most max(2, len/3)),
 * for "did you mean"; NULL when none is near. */
const char *sl_nearest_word(const char *word, const char *const *candidates, size_t n);

/* Generates the demo scenario and its inventories and flows from seed. */
int sl_demo_generate(sl_demo **out, uint64_t seed, sl_diag *d);
void sl_demo_free(sl_demo *demo);

/* ------------------------------------------------------------------ */
/* Assess (src/assess/): readiness and right-sizing per workload        */
/* ------------------------------------------------------------------ */

/* Ordered by how much they hold a workload back: a workload's readiness
 * is the worst its reasons imply. */
typedef enum {
    SL_READY = 0,       /* can move as it is */
    SL_CONDITIONAL = 1, /* can move once something is done or decided */
    SL_UNKNOWN = 2,     /* the inventory lacks what the decision needs */
    SL_NOT_READY = 3,   /* cannot move under the scenario's rules */
    SL_N_READINESS
} sl_readiness;

/* Stable machine codes; docs/PACKING.md explains each. */
typedef enum {
    SL_REASON_SIZE_MISSING = 0,     /* vCPU or RAM not given: unknown */
    SL_REASON_OS_MISSING,           /* no OS given: unknown */
    SL_REASON_OS_UNSUPPORTED,       /* OS out of support: conditional */
    SL_REASON_TOO_LARGE,            /* bigger than every host model: not ready */
    SL_REASON_CLASS_GATED,          /* class not allowed at the target, a gate applies */
    SL_REASON_CLASS_NOT_ALLOWED,    /* class not allowed at the target, no gate: not ready */
    SL_REASON_CONTENT_ACCESS_GATED, /* host staff would read its data, a gate applies */
    SL_REASON_CONTENT_ACCESS_NO_BASIS, /* ... and no gate gives a legal basis: not ready */
    SL_REASON_POWERED_OFF,          /* confirm it is still needed: conditional */
    SL_REASON_NO_UTILISATION,       /* performance sizing without p95: sized as allocated */
    SL_N_REASONS
} sl_reason_code;

typedef struct sl_reason {
    sl_reason_code code;
    sl_readiness effect; /* what this reason alone implies (SL_READY = a note) */
    sl_index gate;       /* the gate that applies, or SL_NONE */
    const char *text;    /* one English sentence */
    sl_phrase phrase;    /* text as a template and its figures */
} sl_reason;

typedef struct sl_workload_assessment {
    sl_readiness readiness;
    /* declared by the agency's stays: (SL_DISPOSITION_MOVE when not), and
     * the item that declared it (index into the agency's stays, or SL_NONE);
     * a declared workload is not placed, grouped or scheduled */
    sl_disposition disposition;
    sl_index stay_rule;
    size_t n_reasons;
    sl_reason *reasons;
    /* size on the target after right-sizing */
    double vcpu, ram_gb, storage_gb;
    double busy_threads; /* hardware threads kept busy at p95 (the power dimension) */
    bool is_low_confidence; /* no utilisation data behind the size */
} sl_workload_assessment;

/* What one host of a model offers under the pool policy: vCPU after
 * overcommit, RAM after overcommit, local storage, and busy threads
 * (power), each times max_utilisation. */
typedef struct sl_host_capacity {
    double vcpu, ram_gb, storage_gb, busy_threads;
    bool is_candidate; /* listed in pools.host_models (or that list is empty) */
} sl_host_capacity;

typedef struct sl_assessment {
    sl_sizing sizing;
    size_t n_workloads;
    sl_workload_assessment *workloads; /* parallel to the model's workloads */
    size_t count[SL_N_READINESS];
    size_t reason_count[SL_N_REASONS];
    size_t disposition_count[SL_N_DISPOSITIONS]; /* [SL_DISPOSITION_MOVE]: not declared */
    size_t n_low_confidence;
    size_t n_powered_off_as_allocated; /* performance sizing: powered off, so sized as
                                          allocated, not by their p95 */
    double vcpu_allocated, ram_gb_allocated; /* before right-sizing */
    double vcpu_sized, ram_gb_sized;         /* after */
    size_t n_host_models;
    sl_host_capacity *host_capacity; /* per host model of the model */
    struct sl_arena *arena;
} sl_assessment;

/* True when the plan moves the workload: it is not declared to stay
 * behind and not not_ready. The others are accounted for by reason. */
static inline bool sl_workload_moves(const sl_workload_assessment *wa)
{
    return wa->disposition == SL_DISPOSITION_MOVE && wa->readiness != SL_NOT_READY;
}

/* Assesses every workload; *out is owned by the caller. */
int sl_assess_run(sl_assessment **out, const sl_model *m, sl_diag *d);
void sl_assessment_free(sl_assessment *a);
/* "ready", "conditional", "unknown", "not_ready". */
const char *sl_readiness_name(sl_readiness r);
/* The stable code, e.g. "os_unsupported". */
const char *sl_reason_name(sl_reason_code c);

/* ------------------------------------------------------------------ */
/* Pack (src/place/): vector bin packing, the engine under placement    */
/* ------------------------------------------------------------------ */

/* A vector bin packing instance: identical bins with a capacity per
 * dimension, items with a size per dimension, and optional conflict groups
 * (items of one group must go to distinct bins: anti-affinity). */
typedef struct sl_pack_problem {
    size_t n_dims;            /* 1..SL_PACK_MAX_DIMS */
    const int64_t *capacity;  /* n_dims values, each > 0 */
    size_t n_items;
    const int64_t *sizes;     /* n_items x n_dims, row-major, each -capacity..capacity;
                                 negative sizes (some published benchmarks have them)
                                 leave only the L1 bound valid */
    const uint32_t *conflict; /* n_items group ids, SL_NONE = none; NULL = no groups */
} sl_pack_problem;

#define SL_PACK_MAX_DIMS 64

typedef struct sl_pack_options {
    double effort;        /* local-search work, 1 = default, 0 = construction only */
    bool is_bound_exact;  /* try the arc-flow LP bound on small instances (GLPK) */
    size_t max_lp_items;  /* ... when at most this many items (default 200) */
    size_t max_lp_types;  /* ... and at most this many distinct sizes (default 30) */
    uint64_t seed;        /* for the local search's diversification */
} sl_pack_options;

#define SL_PACK_OPTIONS_INIT {1.0, true, 200, 30, 1}

/* A packing and the bounds that judge it. Bins are numbered 0..n_bins-1 by
 * their lowest item index. */
typedef struct sl_packing {
    size_t n_bins;
    uint32_t *bin_of;       /* n_items: the bin of each item */
    size_t lower_bound;     /* the best of the bounds below */
    size_t lb_l1;           /* max over dimensions of ceil(sum / capacity) */
    size_t lb_l2;           /* Martello-Toth L2, per dimension */
    size_t lb_clique;       /* pairwise-incompatible items (and conflict groups);
                               0 = not computed (a cheaper bound was met first) */
    size_t lb_arcflow;      /* arc-flow LP, rounded up; 0 = not computed */
    size_t n_bins_ffd;      /* plain first-fit decreasing, for comparison */
    size_t n_bins_start;    /* the best construction, before local search */
    const char *start;      /* the name of that construction (static string) */
} sl_packing;

/* Packs every item; *out is owned by the caller (sl_packing_free).
 * SL_EINPUT when an item is larger than a bin or the problem is malformed
 * (message in d); SL_EINFEASIBLE never: any item that fits alone gets a
 * bin. Deterministic for a given problem and options. */
int sl_pack_solve(sl_packing **out, const sl_pack_problem *p, const sl_pack_options *o,
                  sl_diag *d);
void sl_packing_free(sl_packing *pk);

/* A standalone instance in VPSolver's .vbp format: d; the d capacities;
 * the number of item types m; m rows of d sizes and a demand. */
typedef struct sl_vbp {
    size_t n_dims;
    int64_t *capacity;  /* n_dims */
    size_t n_types;
    int64_t *sizes;     /* n_types x n_dims */
    int64_t *demand;    /* n_types */
    size_t n_items;     /* sum of demands */
    struct sl_arena *arena;
} sl_vbp;

#define SL_VBP_MAX_ITEMS 10000000

/* Reads a .vbp text; errors as file:line:column. */
int sl_vbp_read(sl_vbp **out, const char *path, const char *data, size_t len, sl_diag *d);
void sl_vbp_free(sl_vbp *v);
/* Expands item types into the items of a pack problem (copies of a type
 * are consecutive); the arrays live in v's arena. */
int sl_vbp_problem(sl_pack_problem *out, sl_vbp *v);
/* Writes a packing of v as JSON: bins, lower_bound, the bounds, and
 * `assignment`, one array per item type with the bin of each copy. */
int sl_write_pack_json(FILE *out, const sl_vbp *v, const sl_packing *pk);
/* Writes the same as a few lines of text. */
int sl_write_pack_text(FILE *out, const sl_vbp *v, const sl_packing *pk);

/* ------------------------------------------------------------------ */
/* Place (src/place/): pools, hosts, racks, kW at the target            */
/* ------------------------------------------------------------------ */

/* The dimensions a pool packs: vCPU and RAM always, storage when
 * `storage: local`, busy threads when `power: true`. */
typedef enum {
    SL_DIM_VCPU = 0,
    SL_DIM_RAM_GB,
    SL_DIM_STORAGE_GB,
    SL_DIM_BUSY_THREADS,
    SL_N_DIMS
} sl_dim;

/* One host of the plan. */
typedef struct sl_host {
    const char *id;   /* "<pool>#<n>", 1-based */
    sl_index pool;
    sl_index model;   /* host model */
    sl_index rack;    /* 0-based within its platform */
    bool is_spare;    /* an N+k spare: holds nothing */
    size_t n_workloads;
    double used[SL_N_DIMS];
} sl_host;

/* A pool: workloads that may share hosts under the isolation policy. */
typedef struct sl_pool {
    const char *id;           /* e.g. "SKV/internal", or "shared" */
    sl_index agency;          /* SL_NONE unless isolated by agency */
    const char *security_class; /* NULL unless isolated by class */
    const char *env;          /* NULL unless isolated by env */
    size_t n_workloads;
    sl_index *workloads;      /* model indices, in model order */
    size_t n_dims;
    sl_dim dims[SL_N_DIMS];
    sl_index host_model;      /* the model chosen for the pool (its spares) */
    size_t *hosts_per_model;  /* n_host_models counts, spares included */
    size_t hosts_used;        /* hosts holding workloads */
    size_t spare_hosts;       /* N+k */
    size_t hosts;             /* hosts_used + spare_hosts */
    size_t lower_bound;       /* on hosts_used, for the chosen model */
    size_t lb_l1, lb_l2, lb_clique, lb_arcflow; /* its parts (0 = not computed) */
    size_t first_host;        /* its hosts are hosts[first_host .. +hosts) */
    double used[SL_N_DIMS];     /* demand of its workloads */
    double capacity[SL_N_DIMS]; /* capacity of its hosts, spares included */
    double cost;              /* over the depreciation period */
} sl_pool;

typedef struct sl_site_need {
    double need, free, margin; /* margin = free - need; free < 0 = not known */
    bool fits;
} sl_site_need;

/* One platform: the shared target, or one agency's separate one. */
typedef struct sl_platform {
    sl_index agency;          /* SL_NONE for the shared platform */
    size_t n_pools;
    sl_pool *pools;
    size_t n_hosts;
    sl_host *hosts;
    uint32_t *workload_host;  /* per model workload: index into hosts, or SL_NONE */
    size_t hosts_total;       /* spares included */
    size_t lower_bound_total; /* sum of pool lower bounds plus spares */
    size_t racks;
    double it_kw;             /* hosts x typical watts */
    double facility_kw;       /* it_kw x PUE */
    double floor_m2;
    double cost_hardware;     /* purchase */
    double cost_per_year;     /* licences, energy, racks */
    double cost_total;        /* purchase + yearly x depreciation years */
} sl_platform;

/* The shared platform under the pool policy and under ever looser ones
 * (issue 14: what a security requirement costs). Step 0 is the policy
 * itself; each later step drops one more of its rules, env first, then
 * security class, then agency, until none is left. The price of the rule
 * a step drops is the step before it minus the step. */
typedef struct sl_isolation_step {
    unsigned isolation;   /* SL_ISOLATE_* bits of this policy */
    unsigned dropped;     /* the rule dropped against the step before; 0 for step 0 */
    size_t hosts, racks;  /* hosts spares included */
    double it_kw, facility_kw, floor_m2;
    double cost_hardware; /* purchase of its hosts */
    double cost_per_year; /* licences, energy, racks */
} sl_isolation_step;

typedef struct sl_placement {
    sl_index target_site;     /* SL_NONE when the model has none */
    sl_platform shared;
    size_t n_separate;
    sl_platform *separate;    /* one per joining agency with workloads */
    size_t n_placed, n_unplaced;
    /* the shared platform against the target site's free capacity */
    sl_site_need racks, kw, floor_m2; /* kW at the facility (with PUE) */
    bool fits;
    /* the separate platforms, together, against the same free capacity */
    sl_site_need separate_racks, separate_kw, separate_floor_m2;
    bool separate_fits;
    sl_date hardware_arrives; /* from the first gate of kind hardware; SL_DATE_NONE */
    size_t n_isolation_steps;
    sl_isolation_step *isolation_steps; /* the policy, then looser ones */
    struct sl_arena *arena;
} sl_placement;

/* Places every joining agency's ready, conditional and unknown workloads
 * (not_ready ones, those declared to stay behind and those without a size
 * stay out) in pools on the target, and the same workloads on separate
 * per-agency platforms.
 * *out is owned by the caller. */
int sl_place_run(sl_placement **out, const sl_model *m, const sl_assessment *a, sl_diag *d);
void sl_placement_free(sl_placement *p);
/* "vcpu", "ram_gb", "storage_gb", "busy_threads". */
const char *sl_dim_name(sl_dim dim);
/* One isolation rule (an SL_ISOLATE_* bit) as pools.isolation names it:
 * "agency", "security_class", "env"; "?" for anything else. */
const char *sl_isolation_name(unsigned rule);

/* ------------------------------------------------------------------ */
/* Partition (src/group/): k-way graph partitioning                     */
/* ------------------------------------------------------------------ */

/* Most vertex weights per vertex (constraints) a graph may carry. */
#define SL_GRAPH_MAX_CONSTRAINTS 8

/* An undirected graph in compressed sparse row form (the METIS layout):
 * the neighbours of vertex v (0-based) are adjncy[xadj[v] .. xadj[v+1]-1].
 * Every edge is stored in both directions with the same weight; no
 * self-loops, no parallel edges. Totals of vertex weights (per constraint)
 * and of edge weights stay below 2^31. */
typedef struct sl_graph {
    int32_t n_vertices;
    int32_t n_constraints;  /* vertex weights per vertex, 1..SL_GRAPH_MAX_CONSTRAINTS */
    const int32_t *xadj;    /* n_vertices + 1 offsets */
    const int32_t *adjncy;  /* xadj[n_vertices] neighbours */
    const int32_t *vwgt;    /* n_vertices * n_constraints weights >= 0; NULL = all 1 */
    const int32_t *adjwgt;  /* one per adjncy entry, >= 1; NULL = all 1 */
    struct sl_arena *arena; /* owns the arrays when read by sl_graph_read */
} sl_graph;

/* Reads a graph in METIS format (header `n m [fmt [ncon]]`, then one line
 * of 1-based neighbours per vertex; fmt digits: vertex weights, edge
 * weights; `%` lines are comments). Every problem is reported as
 * file:line:column: message; on SL_EINPUT *out is NULL. Vertex sizes
 * (fmt 1xx) are not supported. */
int sl_graph_read(sl_graph **out, const char *path, const char *data, size_t len, sl_diag *d);
void sl_graph_free(sl_graph *g);

typedef enum {
    SL_PARTITION_FAST = 0,   /* METIS runs on the graph itself, then FM: no levels of ours */
    SL_PARTITION_STRONG = 1, /* coarsening, combining, FM on every level, V-cycles */
} sl_partition_effort;

typedef struct sl_partition_options {
    int32_t k;        /* parts, >= 1 */
    double imbalance; /* 0.03: a part may weigh 3 % more than ceil(total/k) */
    /* Hard caps per constraint; when not NULL they replace imbalance:
     * part p is feasible when weight(p, c) <= max_part_weight[c] for all c. */
    const int64_t *max_part_weight;
    int seeds;        /* independent METIS runs, each refined; >= 1 */
    int vcycles;      /* refinement V-cycles on the best run; < 0 = automatic */
    uint64_t seed;
    sl_partition_effort effort;
} sl_partition_options;

#define SL_PARTITION_OPTIONS_INIT {2, 0.03, NULL, 8, -1, 0, SL_PARTITION_STRONG}

/* A k-way partition. Balance: part p is within the limit when, for every
 * constraint c, weight(p, c) <= limit[c], where by default
 * limit[c] = floor((1 + imbalance) * ceil(total(c) / k)) (KaHIP's and the
 * Walshaw archive's definition; on unit weights with k dividing n it is
 * METIS's (1 + ufactor/1000) * total / k, floored). */
typedef struct sl_partition {
    int32_t k, n_vertices, n_constraints;
    int32_t *parts;        /* per vertex, in 0..k-1 */
    int64_t cut;           /* total weight of edges whose ends lie in different parts */
    int64_t *part_weights; /* k * n_constraints, part-major */
    int64_t max_part_weight[SL_GRAPH_MAX_CONSTRAINTS]; /* heaviest part, per constraint */
    int64_t limit[SL_GRAPH_MAX_CONSTRAINTS];           /* the bound, per constraint */
    bool is_balanced;      /* every part within limit in every constraint */
} sl_partition;

/* Partitions g into o->k parts minimising the cut: METIS k-way from
 * o->seeds seeds, then k-way FM refinement and partition-preserving
 * V-cycles (src/group/partition.c) that never break the balance limit.
 * Returns 0 with (*out)->is_balanced false when no partition within the
 * limit was found (a vertex heavier than the limit, or caps too tight to
 * pack); SL_EUSAGE for bad options, SL_EINPUT for a malformed graph,
 * SL_ELIMIT when totals overflow the weight range. Deterministic for a
 * given seed. */
int sl_partition_run(sl_partition **out, const sl_graph *g, const sl_partition_options *o,
                     sl_diag *d);
void sl_partition_free(sl_partition *p);
/* Writes the partition as JSON: k, imbalance, cut, max_part_weight,
 * limit, balanced, parts (part per vertex in input order). */
int sl_write_partition_json(FILE *out, const sl_partition *p, double imbalance);

/* ------------------------------------------------------------------ */
/* Group (src/group/): move groups from the dependency graph            */
/* ------------------------------------------------------------------ */

typedef struct sl_group_options {
    const bool *movable; /* per workload; NULL = every workload moves */
    uint64_t seed;
    int seeds;           /* METIS runs per split component, >= 1 (default 1) */
} sl_group_options;

#define SL_GROUP_OPTIONS_INIT {NULL, 0, 1}

/* What one change window can take from one source hall (an origin: an
 * agency's workloads at one site). 0 = no cap in that dimension. */
typedef struct sl_wave_capacity {
    sl_index agency, site;
    double servers;      /* windows.max_workloads */
    double effort_hours; /* the agency's migration hours per week / windows per week */
    double transfer_tb;  /* link Gbit/s x usable share x shortest window hours, in TB */
    double rtt_ms;       /* likely RTT from the site to the target; 0 = no link */
} sl_wave_capacity;

/* A move group: workloads that move in one window, from one hall. */
typedef struct sl_group {
    sl_index id;     /* its index in sl_grouping.groups */
    sl_index agency, site;
    sl_index origin; /* index into sl_grouping.capacities */
    size_t n_workloads;
    const sl_index *workloads; /* ascending workload indices */
    double cut_mbps;     /* traffic between its workloads and every workload outside it */
    double effort_hours; /* staff hours (likely values) to move it */
    double transfer_tb;  /* data to copy over the link, TB */
    int min_tier;        /* its most critical tier (1 = highest); 0 = none known */
    bool is_shared_service; /* directory, DNS, backup, ...: scheduled on its own */
    bool is_over_capacity;  /* one workload too large for any window */
} sl_group;

/* A hard edge (a latency-sensitive flow, or traffic over the threshold)
 * cut because the cluster its hard edges joined was too large for any
 * window: its traffic crosses the WAN from the first of its groups'
 * moves to the second (sl_plan_weeks_apart). */
typedef struct sl_cut_flow {
    sl_index a, b;             /* its workloads, a < b */
    sl_index group_a, group_b; /* their groups */
    double mbps;               /* traffic between them, both directions */
} sl_cut_flow;

/* The group stage's result. Invariants: every movable workload is in
 * exactly one group and group_of names it (SL_NONE for the others); a
 * group never mixes agencies or sites; a hard edge between two workloads
 * of one origin, both shared services or both not, crosses groups only
 * when listed in cut_flows; a group not marked over capacity fits its
 * origin's window capacity in every dimension, and one marked so is a
 * single workload too large for any window; groups are ordered by origin,
 * then shared services last, then by their first workload, so ids are
 * stable for a given input and seed. */
typedef struct sl_grouping {
    size_t n_groups;
    sl_group *groups;
    size_t n_workloads;
    sl_index *group_of; /* per workload */
    size_t n_capacities;
    sl_wave_capacity *capacities; /* per origin */
    uint64_t *origin_keys; /* per origin, two: a fingerprint of what its groups are made
                              from, so a regroup keeps the origins that did not change */
    size_t n_kept_origins; /* origins whose groups a regroup took from its base (0 fresh) */
    size_t *origin_splits;       /* per origin: its part of n_split */
    size_t *origin_cut_clusters; /* per origin: its part of n_cut_clusters */
    double hub_degree;     /* peers at which a workload counts as a shared service */
    size_t n_shared;       /* workloads treated as shared services */
    size_t n_edges;        /* distinct workload pairs with traffic */
    size_t n_hard_edges;   /* of which must move together */
    size_t n_hard_cut;     /* hard edges that could not be honoured (across halls or
                              agencies, or to a shared service) */
    size_t n_split;        /* groups that were split to fit a window */
    double total_cut_mbps; /* traffic between different groups (or to workloads that stay) */
    size_t n_cut_clusters; /* clusters of hard edges too large for a window, cut into pieces */
    size_t n_cut_flows;
    sl_cut_flow *cut_flows; /* the hard edges those cuts left between groups, heaviest first */
    double cut_flows_mbps;  /* their traffic together */
    struct sl_arena *arena;
} sl_grouping;

/* Builds move groups from the model's flows (src/group/group.c; rules in
 * docs/GROUPING.md). The caller frees *out with sl_grouping_free. */
int sl_group_run(sl_grouping **out, const sl_model *m, const sl_group_options *o, sl_diag *d);
void sl_grouping_free(sl_grouping *g);

/* ------------------------------------------------------------------ */
/* Schedule (src/schedule/): move groups into change windows           */
/* ------------------------------------------------------------------ */

/* What keeps a move out of an earlier window. */
typedef enum {
    SL_BINDS_NOTHING = 0,
    SL_BINDS_GATE,      /* an approval or the hardware is not there yet */
    SL_BINDS_FREEZE,    /* the agency or the target is in a freeze */
    SL_BINDS_STAFF,     /* the agency's migration hours are used up */
    SL_BINDS_BANDWIDTH, /* the link cannot copy more in the window */
    SL_BINDS_CRITICAL,  /* the cap on critical groups per window */
    SL_BINDS_WORKLOADS, /* the cap on workloads per window */
    SL_BINDS_CAPACITY,  /* the target has no room left for it by then */
    SL_N_BINDS
} sl_binds;

const char *sl_binds_name(sl_binds b);

/* The dimensions of the target-capacity limit: right-sized vCPU, RAM GB. */
#define SL_SCHEDULE_CAP_DIMS 2

/* One change window that moves something. */
typedef struct sl_wave {
    int index;          /* in the calendar of windows from the start date */
    sl_date start_day, end_day;
    int start_minute, end_minute; /* minutes after midnight */
    double hours;
    size_t n_groups;
    sl_index *groups;
    double *staff_hours; /* per agency: hours used */
    double *staff_cap;   /* per agency: hours available */
    double *open_hours;  /* per agency: the window's hours its freezes leave open (a
                            freeze clips a window to its unfrozen days) */
    sl_date *last_day;   /* per agency: the day of the last open minute, which dates
                            its moves in the window; SL_DATE_NONE when closed */
    int *workloads_by_agency; /* per agency: workloads moved */
    double transfer_tb;  /* data copied in the window, all links */
    int n_workloads, n_critical;
    /* right-sized vCPU and RAM GB moved to the target up to and including
     * this window, and what the target offers then (see sl_target_capacity) */
    double target_load[SL_SCHEDULE_CAP_DIMS];
    double target_capacity[SL_SCHEDULE_CAP_DIMS];
} sl_wave;

typedef enum {
    SL_UNSCHED_NOT_READY = 0, /* assess says it cannot move */
    SL_UNSCHED_TOO_LARGE,     /* its group needs more than any window gives */
    SL_UNSCHED_NO_WINDOW,     /* no window with room before the horizon */
    SL_UNSCHED_NO_STAFF,      /* its agency gives no migration hours */
    SL_UNSCHED_NO_TARGET_CAPACITY, /* the target has no room left for its group */
    SL_N_UNSCHED
} sl_unsched_reason;

/* "not_ready", "too_large", "no_window", "no_staff", "no_target_capacity". */
const char *sl_unsched_name(sl_unsched_reason r);

/* The target's capacity over time, as the schedule limits it. Derived
 * from the placement: the shared platform's hosts, of which the target
 * site takes the share its free racks, kW and floor allow (spares kept),
 * available from the hardware delivery date, 0 before. The limit is
 * cumulative: what has moved up to and including window w, in right-sized
 * vCPU and RAM GB, stays within capacity(w). docs/SCHEDULE.md. */
typedef struct sl_target_capacity {
    bool is_limited;        /* false: no placement given, nothing limited */
    size_t hosts_needed;    /* the shared platform's hosts, spares included */
    size_t hosts_taken;     /* of those, how many the site can take */
    size_t spare_hosts;     /* kept as spares whatever the site takes */
    double share;           /* min over racks, kW, floor of free / need; at most 1 */
    sl_date available_from; /* hardware delivery; SL_DATE_NONE = from the start */
    size_t n_steps;         /* capacity is step_cap[k] from window step_window[k] on */
    int *step_window;       /* ascending, step_window[0] = 0 */
    double *step_cap;       /* n_steps x SL_SCHEDULE_CAP_DIMS */
    double *group_load;     /* per group x SL_SCHEDULE_CAP_DIMS (0 for groups that
                               do not move or were not placed) */
} sl_target_capacity;

typedef struct sl_unscheduled {
    sl_index workload;
    sl_unsched_reason reason;
    const char *text;
    sl_phrase phrase; /* text as a template and its figures */
} sl_unscheduled;

/* Per agency: when it is done and what decided that. */
typedef struct sl_agency_schedule {
    sl_date first_move, finish; /* SL_DATE_NONE when nothing moves */
    size_t n_waves;
    size_t n_groups, n_workloads, n_unscheduled;
    double effort_hours;
    sl_binds binds;            /* what kept its last group from an earlier window; when
                                  some of its groups have no window at all, what keeps
                                  the first of those out of every window */
    sl_index binding_gate;     /* when binds == SL_BINDS_GATE */
    size_t n_frozen_windows;   /* windows closed to it before its finish */
    /* Every workload accounted for (issue 14): n_inventory = n_moved +
     * n_unmovable + n_declared. Unmovable ones are in the schedule's
     * unscheduled list with the reason; declared ones are not (the
     * assessment's disposition names them). */
    size_t n_inventory;        /* the agency's workloads */
    size_t n_moved;            /* in a wave of this schedule */
    size_t n_unmovable;        /* cannot move, by reason below */
    size_t n_declared;         /* declared not to move (stays:), by disposition below */
    size_t unmovable_by[SL_N_UNSCHED];
    size_t declared_by[SL_N_DISPOSITIONS];
} sl_agency_schedule;

typedef struct sl_schedule {
    size_t n_waves;
    sl_wave *waves;           /* in time order */
    size_t n_groups;
    int *group_wave;          /* per group: index into waves, -1 = not scheduled */
    int *group_window;        /* per group: calendar window index, -1 = not scheduled */
    sl_date finish;           /* end of the last wave; SL_DATE_NONE if nothing moves */
    bool is_complete;         /* every movable workload is scheduled */
    double wan_exposure;      /* traffic between moved and unmoved groups, Mbit/s x days */
    int max_critical_per_wave;
    bool used_exact;          /* the MIP produced it */
    bool is_proven_optimal;   /* ... and proved it optimal */
    double heuristic_finish_gap_windows; /* heuristic finish - exact finish, when both ran */
    size_t n_unscheduled;
    sl_unscheduled *unscheduled;
    sl_agency_schedule *per_agency; /* n_agencies */
    long binds_count[SL_N_BINDS]; /* how often each sl_binds turned a group away */
    sl_target_capacity capacity;
    struct sl_arena *arena;
} sl_schedule;

typedef struct sl_schedule_options {
    long max_moves;         /* local search budget; 0 = default */
    size_t exact_max_groups; /* use the MIP when at most this many groups ... */
    size_t exact_max_windows; /* ... and windows up to the heuristic finish */
    double exact_time_limit_s;
    /* Both set: the target-capacity limit is derived from them; either
     * NULL: no limit. Borrowed for the call only. */
    const sl_placement *placement;
    const sl_assessment *assessment;
} sl_schedule_options;

#define SL_SCHEDULE_OPTIONS_INIT {0, 30, 20, 10.0, NULL, NULL}

/* Schedules move groups into change windows. workload_group[i] is the
 * group of workload i (SL_NONE: it does not move); is_movable may be NULL.
 * The schedule borrows nothing; free it with sl_schedule_free. */
int sl_schedule_run(sl_schedule **out, const sl_model *m, size_t n_groups,
                    const sl_index *workload_group, const bool *is_movable,
                    const sl_schedule_options *opts, sl_diag *d);
void sl_schedule_free(sl_schedule *s);

/* ------------------------------------------------------------------ */
/* Simulate (src/simulate/): Monte Carlo on dates and money             */
/* ------------------------------------------------------------------ */

/* Outcome figures for one agency, or for all joining agencies together
 * (agency == SL_NONE). Dates are SL_DATE_NONE when nothing moves.
 * Allowed: every gate that holds some of the agency's movable workloads
 * passes (the hardware delivery too, for moves that need room at the
 * target); on time: allowed, and every movable workload moved by the
 * deadline. So p_on_time = p_allowed x p_on_time_given_allowed, and the
 * verdict judges gate risk by the first and schedule risk by the second
 * (docs/SCHEDULE.md). */
typedef struct sl_sim_outcome {
    sl_index agency;
    sl_date finish_p10, finish_p50, finish_p80, finish_p90;
    double p_on_time;        /* P(every movable workload moved by the deadline) */
    double p_on_time_stderr; /* Monte Carlo standard error of p_on_time */
    double p_allowed;        /* P(every gate that holds some of its moves passes) */
    double p_on_time_given_allowed; /* among the allowed iterations; NaN when none */
    double p_on_time_given_allowed_stderr;
    double cost_p50, cost_p90;  /* migration cost: labour, double running, extensions */
    double cost_mean;
    double blocked_share;    /* mean share of workloads blocked by a failed gate */
    double p_blocked;        /* P(some workload blocked by a failed gate) */
    double mean_retries;     /* failed moves rolled back and retried, per iteration */
} sl_sim_outcome;

/* The finish among the iterations in which every gate that holds some
 * of the moves passed: "if the approvals come through". */
typedef struct sl_sim_if_gates_pass {
    long iterations;   /* how many iterations that is; 0: none */
    double p_on_time;  /* among them; NaN when none */
    sl_date finish_p50, finish_p80, finish_p90; /* SL_DATE_NONE: never done */
} sl_sim_if_gates_pass;

/* A histogram with equal-width bins. */
typedef struct sl_histogram {
    double lo, width; /* bin k covers [lo + k*width, lo + (k+1)*width) */
    size_t n_bins;
    long *counts;
} sl_histogram;

/* One uncertain input and how much it moves the result. */
typedef struct sl_tornado_bar {
    const char *input;   /* parameter path, e.g. gates.LEGAL.lead_time_months */
    double low, high;    /* its 10th and 90th percentile */
    double p_on_time_low, p_on_time_high; /* P(on time) when the input is in its
                                             lowest / highest decile */
    double finish_p80_low_days, finish_p80_high_days; /* P80 finish, days after start */
    double spearman_finish; /* rank correlation with the finish: overall, or
                               the agency's in an agency's tornado */
    double swing;           /* by the simulation's tornado_measure: |high - low|
                               (never counts as later than any day), or
                               |spearman_finish| */
} sl_tornado_bar;

/* What ranks the tornado: the swing of P(on time); when no input moves
 * it (P(on time) the same, often 0 or 1, in every decile), the swing of
 * the P80 finish in days; when neither moves, the rank correlation. */
typedef enum {
    SL_TORNADO_P_ON_TIME = 0,
    SL_TORNADO_FINISH_P80,
    SL_TORNADO_SPEARMAN,
} sl_tornado_measure;

/* "p_on_time", "finish_p80_days", "spearman_finish". */
const char *sl_tornado_measure_name(sl_tornado_measure t);

/* One agency's tornado: the same bars, measures and fallback as the
 * simulation's, from the agency's own finish and P(on time), holding only
 * the inputs that move them beyond Monte Carlo noise: by the measure, a
 * swing of more than 3 standard errors, or a gate holding some of the
 * agency's moves (its refusal keeps them behind). So another agency's
 * gate or staff hours appear only when, through the windows and links the
 * agencies share, they measurably move this agency. Empty (n_bars 0,
 * measure SL_TORNADO_SPEARMAN) when nothing does. docs/SCHEDULE.md. */
typedef struct sl_sim_tornado {
    sl_tornado_measure measure;
    size_t n_bars;
    sl_tornado_bar *bars; /* by decreasing swing of measure */
} sl_sim_tornado;

/* One source hall in one iteration, as the migration cost counts it
 * (docs/COST.md): the span it is paid as double running. */
typedef struct sl_sim_hall_run {
    int32_t double_from;  /* days after the start; -1: nothing of it moved */
    int32_t double_until; /* days after the start the double running ends */
    bool is_emptied;      /* it is empty then (not kept, nothing pending) */
    float stay_share;     /* share of its vCPU still in it after double_until: what
                             cannot move or is declared to stay, refused by a gate
                             or left without a window (its energy falls to this) */
    double energy_price;  /* the energy price (before tax) of the iteration */
    double cost;          /* its double running and extension, part of the agency's
                             migration cost */
    double extension;     /* of which the extension past contract_end */
} sl_sim_hall_run;

typedef struct sl_simulation {
    long iterations;
    uint64_t seed;
    int threads;
    sl_sim_outcome overall;
    size_t n_agencies;
    sl_sim_outcome *per_agency; /* indexed like the model's agencies */
    sl_histogram finish_days;   /* overall finish, days after the start date */
    sl_histogram cost;          /* overall migration cost */
    /* the gates: every one holding moves of any joining agency (overall),
     * of the agency (per agency, indexed like the model's agencies) */
    sl_sim_if_gates_pass if_gates_pass;
    sl_sim_if_gates_pass *per_agency_if_gates_pass;
    sl_tornado_measure tornado_measure;
    size_t n_tornado;
    sl_tornado_bar *tornado;    /* by decreasing swing of tornado_measure */
    /* each agency's own tornado, indexed like the model's agencies; in
     * the arena, freed with the simulation */
    sl_sim_tornado *per_agency_tornado;
    double *finish_sorted_days; /* iterations values, sorted: the S-curve */
    double *cost_sorted;
    /* each iteration's outcome per agency, iterations x n_agencies in
     * iteration order, for the stages after simulate (NPV per iteration) */
    double *agency_cost_runs;      /* migration cost, as cost_p50 counts it */
    int32_t *agency_finish_runs;   /* days after the start; -1 = never done */
    uint8_t *agency_allowed_runs;  /* 1: every gate of the agency passed */
    size_t n_gates;
    uint8_t *gate_passed_runs;     /* iterations x n_gates: 1 = the gate passed */
    uint64_t *agency_gates;        /* per agency: the gates "allowed" asks for (bit g) */
    size_t n_sites;
    sl_sim_hall_run *hall_runs;    /* iterations x n_sites, as the model's sites */
    struct sl_arena *arena;
} sl_simulation;

typedef struct sl_simulate_options {
    long iterations; /* 0 = the scenario's */
    int threads;     /* 0 = all cores */
    bool has_seed;
    uint64_t seed;   /* when has_seed; else the scenario's */
    void (*progress)(void *user, double done);
    void *progress_user;
    /* borrowed, may be NULL: a workload it declares to retire or be
     * replaced keeps no hall open; without it every workload that does
     * not move keeps its hall */
    const sl_assessment *assessment;
    /* May be NULL. Asked before each chunk of iterations, from the worker
     * threads; true stops the run with SL_ECANCELLED. Must be thread-safe. */
    bool (*is_cancelled)(void *user);
    void *cancel_user;
} sl_simulate_options;

#define SL_SIMULATE_OPTIONS_INIT {0, 0, false, 0, NULL, NULL, NULL, NULL, NULL}

/* Runs the Monte Carlo over the planned schedule: each iteration samples
 * every uncertain input and re-runs a fast scheduling pass over the move
 * groups in their planned order. Results are bit-identical for any thread
 * count. */
int sl_simulate_run(sl_simulation **out, const sl_model *m, size_t n_groups,
                    const sl_index *workload_group, const bool *is_movable,
                    const sl_schedule *planned, const sl_simulate_options *opts, sl_diag *d);
void sl_simulation_free(sl_simulation *s);

/* ------------------------------------------------------------------ */
/* Cost (src/cost/): cash flows, NPV, payback, chargeback               */
/* ------------------------------------------------------------------ */

/* The lines of a year's cost (docs/COST.md says what each holds). */
typedef enum {
    SL_COST_HALLS = 0,   /* rent and other running cost of own halls */
    SL_COST_HOSTING,     /* hosting fees, and extensions past a contract's end */
    SL_COST_ENERGY,      /* source halls' energy: IT kW x PUE x hours x (price + tax) */
    SL_COST_HARDWARE,    /* own hosts: depreciation or purchase */
    SL_COST_LICENCES,    /* per host and per core */
    SL_COST_STAFF,       /* operations staff: FTE x cost, and reductions */
    SL_COST_MIGRATION,   /* migration labour */
    SL_COST_EXIT,        /* exit costs of halls and contracts */
    SL_COST_CHARGEBACK,  /* the agency's share of the shared platform */
    SL_COST_ONE_OFF,     /* one-off costs declared in the scenario */
    SL_COST_N_LINES
} sl_cost_line;

/* "halls", "hosting", ... as in the plan document. */
const char *sl_cost_line_name(sl_cost_line l);

/* One way of running an agency's IT over the horizon. Year y (0-based)
 * runs from sl_costing.year_start[y] to year_start[y + 1]. */
typedef struct sl_cash_flows {
    double *lines; /* SL_COST_N_LINES x n_years, line-major: lines[l * n_years + y] */
    double *total; /* per year */
    double npv;    /* present value of the costs: sum of total[y] / (1 + r)^(y + 1) */
} sl_cash_flows;

/* The NPV saving over the iterations in which something happened (a
 * gate passed, or was refused; the agency was allowed, or was not). */
typedef struct sl_saving_if {
    long iterations;        /* how many; 0: none, and the figures are NaN */
    double p;               /* their share of all iterations */
    double npv_saving_mean; /* mean saving among them */
    double p_saving_positive;
} sl_saving_if;

/* The saving split by one gate's outcome. */
typedef struct sl_saving_by_gate {
    sl_index gate;
    sl_saving_if if_passes, if_refused;
} sl_saving_by_gate;

typedef struct sl_agency_cost {
    sl_index agency;
    bool is_costed;                   /* a joining agency with workloads */
    sl_cash_flows status_quo, colocation;
    /* the plan with likely values: every gate passes and no move fails */
    double npv_saving;                /* status_quo.npv - colocation.npv; > 0: co-location is cheaper */
    int payback_year;                 /* first year (1-based) from which the cumulative
                                         discounted saving stays >= 0; 0 = never */
    double migration_labour;          /* planned staff hours x cost per hour */
    double double_running;            /* old halls' cost while the new platform runs */
    sl_date halls_empty;              /* planned day its last hall empties; SL_DATE_NONE = never */
    sl_date staff_after;              /* planned day staff drop to fte_after: every hall empty
                                         or kept only for workloads declared to stay;
                                         SL_DATE_NONE = never (a hall kept for workloads
                                         that cannot move keeps its staff) */
    double migration_owed;            /* of migration_labour: the planned staff hours of
                                         workloads the schedule found no window for, x cost
                                         per hour (work still owed) */
    /* from the Monte Carlo: each iteration's migration cost and finish;
     * the headline is the expected (mean) saving and P(saving > 0), with
     * P10 and P90 for its spread (docs/COST.md). NaN without iterations. */
    double npv_saving_mean;           /* the expected saving */
    double p_saving_positive;         /* P(saving > 0) */
    double npv_colocation_mean;
    double npv_colocation_p50, npv_colocation_p90;
    double npv_saving_p50, npv_saving_p10, npv_saving_p90; /* P10: the pessimistic side */
    int payback_year_p50, payback_year_p90; /* 0 = never */
    double p_npv_negative;            /* P(saving < 0) */
    double p_over_budget;             /* P(migration cost > budget); 0 without a budget */
    /* the saving by gate outcome: allowed (every gate of the agency
     * passes) or not, and per gate that may be refused and holds some of
     * its moves, in gate order */
    sl_saving_if if_allowed, if_not_allowed;
    size_t n_by_gate;
    sl_saving_by_gate *by_gate;
} sl_agency_cost;

/* What an agency pays for the shared platform. */
typedef struct sl_chargeback {
    sl_index agency;
    double share;           /* of the platform's shared costs (weighted vCPU, RAM, storage) */
    double dedicated_per_year; /* pools isolated for it, at the yearly run rate */
    double shared_per_year;    /* its share of shared pools and the platform's own costs */
    double fee_per_year;       /* dedicated + shared: the yearly run rate */
    double *fee;               /* per year of the horizon, one-offs and start-up included */
    double *fee_change;        /* per year: fee[y] / fee[y - 1] - 1; NAN for the first and
                                  after a year without fee */
    size_t n_vms;              /* its workloads on the platform */
    double vcpu, ram_gb, storage_gb; /* their size on the platform */
    double cost_per_vm, cost_per_vcpu; /* fee_per_year / n_vms, / vcpu */
} sl_chargeback;

typedef struct sl_costing {
    int n_years;
    sl_date *year_start;      /* n_years + 1 boundaries */
    double discount_rate;
    sl_date platform_from;    /* the shared platform runs (and is charged) from this day */
    size_t n_agencies;
    sl_agency_cost *per_agency; /* indexed like the model's agencies */
    /* joining agencies together */
    double npv_status_quo, npv_colocation, npv_saving;
    int payback_year;         /* 0 = never */
    double npv_colocation_p50, npv_colocation_p90, npv_saving_p50, npv_saving_p10;
    double npv_saving_mean, p_saving_positive, npv_saving_p90;
    double p_npv_negative;
    /* the shared platform: the host's cost and what it charges back */
    double platform_hardware;   /* purchase price of its hosts */
    double platform_per_year;   /* yearly run rate: depreciation or none, licences,
                                   energy, racks, host staff */
    double *platform_cost;      /* per year, one-offs included */
    double *platform_charged;   /* per year, charged back to agencies */
    double capacity_used[SL_N_DIMS]; /* share of platform capacity used, per dimension;
                                        NAN where the platform has none */
    sl_chargeback *chargeback;  /* indexed like the model's agencies */
    /* per placement isolation step: that platform's cost over the horizon
     * (hardware as cost.capex says, licences, energy, racks; from the day
     * the platform runs), present value */
    double *isolation_npv;
    struct sl_arena *arena;
} sl_costing;

struct sl_plan;
/* Costs the plan's stages so far (assess to simulate must have run):
 * status quo and co-location cash flows per joining agency, NPV, payback,
 * the same over the Monte Carlo iterations, and chargeback. */
int sl_cost_run(sl_costing **out, const struct sl_plan *p, sl_diag *d);
void sl_costing_free(sl_costing *c);

/* ------------------------------------------------------------------ */
/* Risk (src/risk/): risk register and verdicts                         */
/* ------------------------------------------------------------------ */

/* One risk: declared in the scenario or computed from the plan. */
typedef struct sl_risk {
    const char *id;        /* declared id, or "<code>/<agency>[/<gate>]" */
    const char *code;      /* computed: a stable code (docs/COST.md); declared: "declared" */
    bool is_declared;
    sl_risk_category category;
    sl_index agency;       /* SL_NONE: every joining agency */
    sl_index gate;         /* the gate it is about, or SL_NONE */
    const char *title;
    int likelihood, impact, score; /* 1..5, 1..5, their product */
    const char *owner, *mitigation;
    const char *basis;     /* computed: the figures it comes from */
    /* computed: title, basis and mitigation as templates and figures (tmpl
     * NULL for a declared risk, whose texts are the scenario's) */
    sl_phrase title_phrase, basis_phrase, mitigation_phrase;
    bool is_scored;        /* counts against the verdict's risk-score thresholds; computed
                              risks that restate another verdict rule do not */
    const char *judged_by; /* not scored: the verdict rule that judges it instead
                              (schedule, gates, budget, npv, capacity); "" when scored */
} sl_risk;

typedef enum {
    SL_VERDICT_GO = 0,
    SL_VERDICT_CONDITIONAL = 1,
    SL_VERDICT_NO_GO = 2,
    SL_VERDICT_HOST = 3, /* the host: a capacity and finance statement instead */
    SL_VERDICT_OUT = 4,  /* a joining agency that stays out (joins: false) */
} sl_verdict_kind;

/* "go", "conditional", "no_go", "host", "out". */
const char *sl_verdict_name(sl_verdict_kind v);

typedef struct sl_verdict_reason {
    const char *code;  /* stable, e.g. schedule_p_on_time_low */
    const char *text;  /* one English sentence with the figures */
    sl_verdict_kind effect; /* what it implies alone */
    double weight;     /* reasons are listed by decreasing weight */
    sl_phrase phrase;  /* text as a template and its figures, to say in any language */
} sl_verdict_reason;

typedef struct sl_verdict {
    sl_index agency;
    sl_verdict_kind verdict;
    size_t n_reasons;
    sl_verdict_reason *reasons;    /* what decided it, heaviest first */
    size_t n_conditions;
    sl_verdict_reason *conditions; /* conditional or no_go: what would make it go */
} sl_verdict;

typedef struct sl_risk_register {
    size_t n_risks;
    sl_risk *risks;       /* what decides first: the scored risks (which count against
                             the verdict's thresholds) by score, then the others by
                             score; ties in the order built (declared in scenario order,
                             then computed by agency) */
    size_t n_verdicts;
    sl_verdict *verdicts; /* one per agency, in model order */
    struct sl_arena *arena;
} sl_risk_register;

/* Builds the risk register and decides a verdict per agency from the
 * scenario's thresholds (assess to cost must have run). */
int sl_risk_run(sl_risk_register **out, const struct sl_plan *p, sl_diag *d);
void sl_risk_register_free(sl_risk_register *r);

/* ------------------------------------------------------------------ */
/* The plan                                                            */
/* ------------------------------------------------------------------ */

typedef struct sl_plan_options {
    long iterations; /* Monte Carlo iterations; 0 = the scenario's */
    int threads;     /* 0 = all cores */
    bool has_seed;
    uint64_t seed;
    void (*progress)(void *user, double done); /* may be NULL */
    void *progress_user;
    /* May be NULL. Asked between stages and before each chunk of Monte
     * Carlo iterations (from its worker threads, so it must be
     * thread-safe); true stops the run with SL_ECANCELLED and no plan. A
     * run it never stops is the same as one without it. */
    bool (*is_cancelled)(void *user);
    void *cancel_user;
    /* May be NULL. A plan of the same scenario files (with fewer
     * overrides) whose stage results a re-plan may reuse where the added
     * overrides cannot change them (stage reuse, src/reuse.c): read by the
     * library's re-plans (review, explain, workspace), not by
     * sl_plan_run. */
    const struct sl_plan *reuse_from;
} sl_plan_options;

#define SL_PLAN_OPTIONS_INIT {0, 0, false, 0, NULL, NULL, NULL, NULL, NULL}

struct sl_review;

typedef struct sl_plan {
    const sl_model *model; /* borrowed */
    uint64_t seed;
    long iterations;
    int threads;
    /* stage results, owned by the plan; NULL until that stage exists */
    sl_assessment *assessment;
    sl_placement *placement;
    sl_grouping *grouping;
    sl_schedule *schedule;
    sl_simulation *simulation;
    sl_costing *cost;
    sl_risk_register *risk; /* risks and verdicts */
    struct sl_review *review; /* the plan re-run with changes; NULL until sl_plan_review */
    /* wall-clock seconds each stage took (for --timings; never in outputs) */
    double seconds_assess, seconds_place, seconds_group, seconds_schedule, seconds_simulate;
    double seconds_cost_risk; /* cost, verdicts, risk register together */
    double seconds_review;
    /* the same in CPU seconds of the calling thread (the simulation's
     * worker threads not counted), which other work on the machine
     * disturbs less */
    double cpu_assess, cpu_place, cpu_group, cpu_schedule, cpu_simulate, cpu_cost_risk;
    /* stage reuse (src/reuse.c): bits (1 << stage, assess 0, place 1,
     * group 2) of the results above borrowed from another plan, which
     * sl_plan_free leaves alone, and what keeps that plan alive (NULL
     * when its owner does) */
    unsigned borrowed;
    struct sl_reuse_hold *hold;
} sl_plan;

/* The verdict of agency a in a plan (NULL before the risk stage). */
const sl_verdict *sl_plan_verdict(const sl_plan *p, sl_index agency);

/* Weeks between the starts of the windows that move groups a and b in the
 * plan's schedule (0: the same window): how long a flow between them
 * crosses the WAN. NAN when either is not scheduled. */
double sl_plan_weeks_apart(const sl_plan *p, sl_index group_a, sl_index group_b);

/* Runs every stage on a loaded model. The plan borrows the model, which
 * must outlive it. */
int sl_plan_run(sl_plan **out, const sl_model *m, const sl_plan_options *opts, sl_diag *d);
void sl_plan_free(sl_plan *p);

/* ------------------------------------------------------------------ */
/* Review (src/review.c): the plan re-run with changes                  */
/* ------------------------------------------------------------------ */

/* A decision someone can take (never the outcome of a chance, such as a
 * gate passing), as a scenario override. */
typedef struct sl_lever {
    const char *rule; /* the verdict rule it acts on: schedule, budget, risks, capacity,
                         gates or accounted (a scope lever: workloads left behind, which
                         may act on both: "gates, accounted") */
    const char *text; /* e.g. "a deadline 20 months later (2027-12-31 -> 2029-08-13)" */
    const char *set;  /* PATH=VALUE, as --set takes it */
    sl_phrase phrase; /* text as a template and its figures */
} sl_lever;

/* Whether an agency's way to go holds: the levers that answer its
 * objecting rules, applied together, the pipeline re-run at the plan's
 * seed and iterations, and what that gave. */
typedef struct sl_to_go {
    bool is_reviewed;        /* a joining agency with workloads that is not go */
    size_t n_levers;
    sl_lever *levers;        /* applied together */
    int runs;                /* re-runs made; 0 when no lever applies */
    bool is_verified;        /* with every lever applied, the agency is go */
    sl_verdict_kind verdict; /* its verdict then (the plan's own when nothing ran) */
    size_t n_missing;
    sl_verdict_reason *missing; /* what still objects then, heaviest first */
    const char *error;       /* a re-run that failed (a warning was given), or NULL */
    const char *no_scope;    /* why leaving workloads behind cannot answer the gates
                                or the accounted rule, when one objects; or NULL */
    sl_phrase no_scope_phrase; /* the same as a phrase (template NULL: none) */
} sl_to_go;

/* One agency in the plan without the no-go agencies. */
typedef struct sl_without_agency {
    bool is_in;              /* a joining agency with workloads, not left out */
    sl_verdict_kind verdict;
    double fee_per_year;     /* its chargeback at run rate */
    double npv_saving_mean, p_saving_positive;
    double npv_saving;       /* if every gate passes and no move fails */
} sl_without_agency;

/* The plan re-run with the no-go agencies staying out (as with
 * agencies.ID.joins=false): what the others pay and save, and whether the
 * host recovers its cost. */
typedef struct sl_without {
    size_t n_left_out;
    sl_index *left_out;       /* the no-go agencies; none: nothing was re-run */
    sl_without_agency *per_agency; /* indexed like the model's agencies */
    double platform_cost, platform_charged; /* over the horizon */
    double platform_per_year;
    size_t hosts;             /* of the shared platform */
    bool is_cost_recovered;
} sl_without;

typedef struct sl_review {
    size_t n_agencies;
    sl_to_go *to_go;          /* indexed like the model's agencies */
    sl_without without;
    struct sl_arena *arena;
} sl_review;

/* Reviews a plan by re-running the pipeline on its scenario (loaded from
 * scenario_path with load's overrides and files, as the plan's model
 * was) at the plan's seed, iterations and threads: for each joining
 * agency that is not go, the levers that answer its objecting rules,
 * applied together (up to three rounds, each adding what the last run
 * still asked for), and whether that makes it go; and, when some agency
 * is no_go, the plan without those agencies. Fills p->review (freed with
 * the plan). Deterministic. docs/COST.md, "Review". */
int sl_plan_review(sl_plan *p, const char *scenario_path, const sl_load_options *load,
                   sl_diag *d);
void sl_review_free(sl_review *r);

/* ------------------------------------------------------------------ */
/* Explain (src/explain.c): what would flip an agency's verdict         */
/* ------------------------------------------------------------------ */

typedef struct sl_explain_options {
    long iterations;  /* per candidate run, and for the baseline they are judged
                         against; 0 = 2000 */
    size_t max_runs;  /* candidates run at most; 0 = 200 */
    void (*progress)(void *user, double done); /* may be NULL */
    void *progress_user;
} sl_explain_options;

#define SL_EXPLAIN_OPTIONS_INIT {0, 0, NULL, NULL}

/* Where a candidate comes from. Every candidate is a decision someone
 * can take; a gate's outcome is chance, never a candidate (explain shows
 * it as a scenario: "if X is refused"). */
typedef enum {
    SL_CHANGE_VALUE = 0, /* an adjustable value takes a candidate value */
    SL_CHANGE_OWN,       /* the agency's own migration hours or budget, which the
                            scenario's `adjustable` need not list */
    SL_CHANGE_SCOPE,     /* workloads left behind, declared to stay (stays:): a
                            gate's, or those that cannot move */
} sl_change_kind;

/* One single change to the scenario, and what it did to the verdict. */
typedef struct sl_explain_candidate {
    sl_change_kind kind;
    size_t n_sets;
    const char *sets[2];  /* the change as --set PATH=VALUE overrides */
    const char *rule;     /* the verdict rule it acts on: schedule, budget, risks,
                             capacity, gates, accounted, or "other" when the path
                             does not say */
    const char *text;     /* e.g. "a deadline 3 months later (2027-12-31 -> 2028-03-31)" */
    sl_phrase phrase;     /* text as a template and its figures */
    double distance;      /* relative size of the change (for scope: the share of
                             the agency's workloads left behind); smallest first */
    bool was_run;
    int status;           /* 0, or the error its run ended with */
    const char *error;    /* the first message of a failed run, or NULL */
    sl_verdict_kind verdict;
    double p_on_time;
    double p_on_time_given_allowed; /* the schedule rule's figure; NaN when never allowed */
    bool flips;           /* a better verdict than the baseline's */
} sl_explain_candidate;

typedef struct sl_explanation {
    sl_index agency;
    const sl_model *model;    /* owned */
    const sl_plan *plan;      /* the scenario as given, at the caller's iterations; owned */
    long search_iterations;
    sl_verdict_kind baseline; /* the verdict at search_iterations, same seed */
    double baseline_p_on_time;
    double baseline_p_on_time_given_allowed;
    bool is_searched;         /* false for the host and for a go */
    size_t n_skipped;         /* adjustable values left out: a gate's outcome, or a rule
                                 that does not object */
    size_t n_candidates;
    sl_explain_candidate *candidates; /* in the order tried */
    size_t n_run;
    size_t flip;  /* the cheapest candidate that flips the verdict; SIZE_MAX = none */
    size_t to_go; /* the cheapest that makes it go; SIZE_MAX = none */
    struct sl_arena *arena;
} sl_explanation;

/* Loads the scenario (with load's overrides), plans and reviews it
 * (sl_plan_review) with plan_opts, and for agency_id searches decisions
 * for the cheapest single change that improves the verdict: the
 * scenario's `adjustable` values that act on a rule that objects (never a
 * gate's outcome), the agency's own migration hours and budget, and
 * workloads left behind when the gates or the accounted rule objects. Every
 * candidate re-runs the pipeline at o->iterations with the same seed
 * (common random numbers). Deterministic. SL_EUSAGE with a message for an
 * unknown agency. */
int sl_explain_run(sl_explanation **out, const char *scenario_path, const sl_load_options *load,
                   const char *agency_id, const sl_plan_options *plan_opts,
                   const sl_explain_options *o, sl_diag *d);
void sl_explanation_free(sl_explanation *e);

/* ------------------------------------------------------------------ */
/* Workspace (src/workspace.c): a loaded scenario, re-planned           */
/* ------------------------------------------------------------------ */

/* A scenario loaded once, every file it names kept in memory, to re-plan
 * with overrides: what-if questions from C, without a shell or a server.
 *
 *   sl_workspace *ws;  sl_workspace_open(&ws, "scn.yaml", NULL, d);
 *   const char *sets[] = {"deadline=2028-12-31"};
 *   sl_variant *v;     sl_workspace_plan(&v, ws, 1, sets, &opts, d);
 *                      sl_workspace_review(ws, v, &opts, d);
 *   ... v->plan ...    sl_variant_free(v);  sl_workspace_free(ws);
 *
 * A re-plan reads no file: the scenario and its inventories and flows come
 * from memory, so an override that names another file fails ("no such
 * file") instead of reading it. A re-plan and its review give the plan
 * `samlok plan` gives for the same files, --set options (the workspace's
 * own first, then the call's) and plan options, bit for bit; the re-plan
 * alone is that plan before its review (no to_go, no without_no_go), a
 * quicker answer with the same verdicts. Each re-plan loads the model
 * from memory; the workspace keeps a base plan per seed and a re-plan
 * borrows its results of the stages its overrides cannot change (stage
 * reuse, src/reuse.c), with the same results. Hence the rules below:
 * - sl_workspace_plan calls on one workspace run one at a time (the
 *   caller serialises them); the functions taking a const workspace may
 *   run in any thread at any time, also during a plan;
 * - a variant may share results with its workspace: free every variant
 *   before the workspace.
 * Cancel a re-plan with sl_plan_options.is_cancelled (SL_ECANCELLED). */
typedef struct sl_workspace sl_workspace;

/* What a control takes. */
typedef enum {
    SL_CONTROL_NUMBER = 0, /* a number from min to max */
    SL_CONTROL_DATE,       /* a date, YYYY-MM-DD */
    SL_CONTROL_BOOL,       /* true or false */
    SL_CONTROL_CHOICE,     /* one of choices[] */
} sl_control_kind;

/* One value of the scenario a front end may change, and how. Controls
 * are: the deadline; per joining agency its migration hours per week,
 * budget and participation (`joins`); per gate that may be refused its
 * outcome (`pass_probability`: as the scenario says, 1 passes, 0
 * refused); and every `adjustable` path that names no file. */
typedef struct sl_control {
    const char *path;   /* the --set path it changes */
    const char *label;  /* for people, e.g. "SKV: migration hours per week" */
    sl_phrase label_phrase; /* the same as a phrase, to say in any language
                               (sl_phrase_say); tmpl NULL: the label is a
                               path of the scenario, read as written */
    const char *group;  /* "scenario", an agency id, "gates" or "adjustable" */
    sl_control_kind kind;
    const char *loaded; /* its value as loaded, as YAML flow text; NULL when the
                           scenario leaves the key to its default */
    double loaded_number;  /* NUMBER: the value the plan uses (a distribution's likely) */
    double min, max, step; /* NUMBER: the range the key accepts, a step for a slider */
    size_t n_choices;
    const char **choices;  /* CHOICE: every value it takes, the loaded one first;
                              NUMBER, DATE: suggestions (the `adjustable` candidates) */
    const char **choice_labels; /* CHOICE: one per choice, e.g. "refused" */
    sl_phrase *choice_phrases;  /* the same as phrases, when there are labels */
} sl_control;

/* Loads scenario_path (with load's --set options and in-memory files, both
 * copied) and reads every file it names into memory. SL_EINPUT with
 * located messages as sl_model_load gives. */
int sl_workspace_open(sl_workspace **out, const char *scenario_path, const sl_load_options *load,
                      sl_diag *d);
void sl_workspace_free(sl_workspace *ws);
/* The scenario as loaded; owned by the workspace. */
const sl_model *sl_workspace_model(const sl_workspace *ws);
size_t sl_workspace_n_controls(const sl_workspace *ws);
/* Control i (0 <= i < n), or NULL; owned by the workspace. */
const sl_control *sl_workspace_control(const sl_workspace *ws, size_t i);
/* The control whose path is path, or NULL. */
const sl_control *sl_workspace_find_control(const sl_workspace *ws, const char *path);
/* Checks one "PATH=VALUE" from an untrusted source against the controls:
 * SL_EUSAGE with a message unless PATH is a control's and VALUE one it
 * takes (a plain number in range, an existing date, true/false, or one of
 * its choices). A front end applies only overrides that pass. */
int sl_workspace_check_set(const sl_workspace *ws, const char *set, sl_diag *d);
/* True when a --set path leads into a key that names files (`inventory`,
 * `flows`): never a control. */
bool sl_path_names_file(const char *path);

/* A variant: the scenario as loaded, some overrides, its model and plan. */
typedef struct sl_variant {
    size_t n_sets;
    const char **sets;    /* the call's overrides, copied, in order */
    sl_model *model;      /* owned; read-only */
    sl_plan *plan;        /* owned; read-only */
    struct sl_arena *arena;
} sl_variant;

/* Re-plans the scenario as loaded with sets applied after the workspace's
 * own, under opts (may be NULL). Errors as sl_model_load and sl_plan_run
 * give them; SL_ECANCELLED when opts->is_cancelled stopped it. */
int sl_workspace_plan(sl_variant **out, sl_workspace *ws, size_t n_sets, const char *const *sets,
                      const sl_plan_options *opts, sl_diag *d);
void sl_variant_free(sl_variant *v);
/* Reviews a variant's plan as `samlok plan` does (sl_plan_review: each
 * not-go agency's levers verified, the plan without the no-go agencies),
 * re-running the variant's scenario from the workspace's memory at the
 * plan's seed, iterations and threads. opts (may be NULL) lends only its
 * cancel check: SL_ECANCELLED when it stopped the review, which then
 * leaves the plan without one. Same rules as sl_workspace_plan (one at a
 * time per workspace). */
int sl_workspace_review(sl_workspace *ws, sl_variant *v, const sl_plan_options *opts, sl_diag *d);
/* The scenario file of a variant: the scenario as loaded with sets
 * applied, as YAML, headed by a comment that lists the --set lines. It
 * names the same inventory and flow files (by the same relative paths), so
 * next to them it plans as the variant does. free() *out. */
int sl_workspace_export_scenario(char **out, size_t *len, const sl_workspace *ws, size_t n_sets,
                                 const char *const *sets, sl_diag *d);

/* ------------------------------------------------------------------ */
/* Sweep (src/sweep.c): a workspace planned over a grid of overrides    */
/* ------------------------------------------------------------------ */

/* One axis of a grid: a scenario path and the values it takes, in order. */
typedef struct sl_sweep_axis {
    const char *path;
    size_t n_values;
    const char *const *values;
} sl_sweep_axis;

/* A sweep's table: per point of the grid (the product of the axes, the
 * last axis varying fastest) each joining agency's verdict and P(on
 * time), with the grid, seed, iterations and the scenario's digest. */
typedef struct sl_sweep sl_sweep;

/* Plans ws at every point of the grid (each point's values as --set
 * options after the workspace's own) with po, the same seed at every
 * point, reusing stages (sl_workspace_plan). With n_shards > 1 only the
 * points i with i mod n_shards == shard (0-based) are planned: one share
 * of the work, joined to the whole by sl_sweep_merge. A point whose
 * overrides do not load fails the sweep (SL_EINPUT, the point named). */
int sl_sweep_run(sl_sweep **out, sl_workspace *ws, size_t n_axes, const sl_sweep_axis *axes,
                 size_t shard, size_t n_shards, const sl_plan_options *po, sl_diag *d);
/* Joins the JSON tables of the shards of one sweep (in any order) into
 * the table the unsharded sweep gives. SL_EINPUT, the file named, when
 * one is not a sweep's table, when they differ in scenario, grid, seed,
 * iterations or number of shards, or when a shard is missing or given
 * twice. */
int sl_sweep_merge(sl_sweep **out, size_t n, const char *const *paths, sl_diag *d);
void sl_sweep_free(sl_sweep *s);
/* The table as JSON (what sl_sweep_merge reads), as CSV (one row per
 * point and agency), and as an HTML page: per agency, a heat map of
 * P(on time) with the verdict over the first two axes (one map per value
 * of the other axes). Each 0, or SL_EIO / SL_ENOMEM. */
int sl_write_sweep_json(FILE *out, const sl_sweep *s);
int sl_write_sweep_csv(FILE *out, const sl_sweep *s);
/* Heat maps in language l (NULL: English). */
int sl_write_sweep_html(FILE *out, const sl_sweep *s, const sl_lang *l);

/* ------------------------------------------------------------------ */
/* Writers                                                             */
/* ------------------------------------------------------------------ */

/* How a terminal text is written: its language, colour (ANSI codes) and
 * width in columns (0: 100). Tables wider than the width leave out their
 * least important columns and say so; running text wraps. */
typedef struct sl_text_options {
    const sl_lang *lang; /* borrowed; NULL: English */
    bool color;
    int width;
} sl_text_options;

#define SL_TEXT_OPTIONS_INIT {NULL, false, 0}

/* Writes the plan document as JSON (UTF-8, keys in a fixed order), streamed
 * as it is produced; on an error out may hold part of it. */
int sl_write_json(FILE *out, const sl_plan *p, sl_diag *d);
/* The JSON Schema (draft 2020-12) of the plan document, as the text of
 * src/report/plan.schema.json built into the library (NUL-terminated,
 * static: never freed). `samlok schema` prints it. */
const char *sl_plan_schema(void);
/* Writes sl_plan_schema() to out; SL_EIO when the write fails. */
int sl_write_plan_schema(FILE *out);
/* Writes the terminal summary of a plan; colour with ANSI codes when asked. */
int sl_write_text(FILE *out, const sl_plan *p, bool color);
/* The same in a language and a width. */
int sl_write_text_opts(FILE *out, const sl_plan *p, const sl_text_options *o);
/* Writes a short summary of a loaded model (what `validate` prints). */
int sl_write_model_summary(FILE *out, const sl_model *m);
int sl_write_model_summary_opts(FILE *out, const sl_model *m, const sl_text_options *o);
/* Writes the plain-text account of an explanation: the verdict, its
 * reasons and drivers, and the cheapest change that flips it. */
int sl_write_explain_text(FILE *out, const sl_explanation *e, bool color);
int sl_write_explain_text_opts(FILE *out, const sl_explanation *e, const sl_text_options *o);
/* Scenarios side by side: hosts, racks, kW, finish, P(on time), NPV,
 * chargeback and verdict per agency, differences from the first marked.
 * labels name the columns (e.g. the file and its overrides). */
int sl_write_compare_text(FILE *out, size_t n, const sl_plan *const *plans,
                          const char *const *labels, bool color);
int sl_write_compare_text_opts(FILE *out, size_t n, const sl_plan *const *plans,
                               const char *const *labels, const sl_text_options *o);
/* The comparison as data: metric names and values stay English and
 * locale-free whatever the language. */
int sl_write_compare_json(FILE *out, size_t n, const sl_plan *const *plans,
                          const char *const *labels, sl_diag *d);
/* A self-contained HTML page in the report's style (no scripts, no links
 * out): verdict colours, arrows for the direction of each change. */
int sl_write_compare_html(FILE *out, size_t n, const sl_plan *const *plans,
                          const char *const *labels);
/* The same list of labels and table, without the page around them: for
 * embedding (its <ul> and <table>). */
int sl_write_compare_html_table(FILE *out, size_t n, const sl_plan *const *plans,
                                const char *const *labels);
int sl_write_compare_html_table_opts(FILE *out, size_t n, const sl_plan *const *plans,
                                     const char *const *labels, const sl_text_options *o);
int sl_write_compare_html_opts(FILE *out, size_t n, const sl_plan *const *plans,
                               const char *const *labels, const sl_text_options *o);

/* A plan document ready to render: the JSON that sl_write_json writes,
 * built from a plan or read back from a file. Every report renders from
 * it, so each figure a report shows is a figure of the document; sections
 * the document lacks are left out (docs/REPORTS.md). */
typedef struct sl_report sl_report;

/* The CSV files' dialect: RFC 4180 (',', a decimal point, no byte order
 * mark), or what Swedish Excel opens by a double click (';', a decimal
 * comma, a UTF-8 byte order mark). */
typedef enum { SL_CSV_RFC4180 = 0, SL_CSV_EXCEL_SV } sl_csv_dialect;

/* How the reports of a document are written: the language of every word
 * a person reads (HTML, workbook, CSV headers) and the CSV dialect. The
 * plan document (JSON) and the numbers in workbook cells are the same in
 * every language. */
typedef struct sl_report_options {
    const sl_lang *lang; /* borrowed; NULL: English */
    sl_csv_dialect csv_dialect;
} sl_report_options;

#define SL_REPORT_OPTIONS_INIT {NULL, SL_CSV_RFC4180}

/* Builds the plan document of p; the report keeps no pointer into p. */
int sl_report_from_plan(sl_report **out, const sl_plan *p, sl_diag *d);
/* The options of the reports written from r from now on (copied; the
 * language is borrowed and must outlive r). The default is English and
 * RFC 4180. */
void sl_report_set_options(sl_report *r, const sl_report_options *o);
/* Reads a plan document written by samlok (`plan --json`); SL_EINPUT with
 * a located message when the file is not one, or when a value the reports
 * read has the wrong type or is out of range (its JSON path, line and
 * column): nothing renders a document that did not pass. */
int sl_report_read(sl_report **out, const char *path, sl_diag *d);
/* The same for a document in memory; file names it in messages. */
int sl_report_parse(sl_report **out, const char *file, const char *data, size_t len,
                    sl_diag *d);
void sl_report_free(sl_report *r);
/* What sl_report_render writes. */
typedef enum {
    SL_RENDER_JSON = 0,   /* the plan document, as sl_report_write_json */
    SL_RENDER_HTML,       /* the whole page, as sl_report_write_html */
    SL_RENDER_HTML_FRONT, /* the page's front sections (verdicts, key figures, schedule,
                             Monte Carlo and drivers, cost) in one <div class="front">,
                             to embed in another page that carries sl_report_html_style() */
} sl_render_format;

typedef struct sl_render_options {
    sl_render_format format;
    /* the language of its words (borrowed, must outlive the call); NULL:
     * the report's own (sl_report_set_options), English by default */
    const sl_lang *lang;
} sl_render_options;

#define SL_RENDER_OPTIONS_INIT {SL_RENDER_JSON, NULL}

/* Renders the report into memory, with the same code as the files: *out
 * holds *len bytes and a NUL; free() it. */
int sl_report_render(char **out, size_t *len, const sl_report *r, const sl_render_options *o,
                     sl_diag *d);
/* The stylesheet of the HTML report (a static string). */
const char *sl_report_html_style(void);
/* ------------------------------------------------------------------ */
/* Outputs (src/core/output.c): how every file is written                */
/* ------------------------------------------------------------------ */

/* The outputs of one run, written in full and then committed together.
 * What a path may be:
 *   - a regular file or a new name: written to a temporary file beside it
 *     (created O_EXCL | O_NOFOLLOW under an unpredictable name, with the
 *     target's permission bits, never wider), fsync'ed, and renamed over
 *     it at commit, so it is either the old file or the complete new one;
 *   - a symbolic link: followed to the file it names (which is replaced;
 *     the link stays); a link to nothing is refused;
 *   - "-" or the process's standard output (/dev/stdout), a FIFO, a
 *     terminal, or a null, zero or full device: written in place as a
 *     stream, at commit (or at once by sl_outputs_write_now);
 *   - anything else (a folder, a block device, another character device,
 *     a socket) is refused, as is a path that is one of the run's inputs
 *     (sl_outputs_protect) or another output of the run.
 * A failed write, fsync or close is SL_EIO with a message naming the path
 * and the cause. Failing before the commit removes every temporary and
 * changes nothing. The library installs no signal handler: a program that
 * wants interrupted runs to leave nothing behind calls
 * sl_outputs_abandon() when it is interrupted (from a thread of its own:
 * the set is thread-safe for that one call). */
typedef struct sl_outputs sl_outputs;

int sl_outputs_new(sl_outputs **out);
/* Removes every temporary left (as sl_outputs_discard) and frees. */
void sl_outputs_free(sl_outputs *o);
/* Names a file the run reads: an output that is the same file (by device
 * and inode, so also through another name) is refused. A path that does
 * not exist is ignored. */
int sl_outputs_protect(sl_outputs *o, const char *path);
/* Renders one output through fill (which returns 0, or an SL_E* it
 * reported; SL_EIO after a failed write needs no message). */
int sl_outputs_add(sl_outputs *o, const char *path, int (*fill)(FILE *f, void *user), void *user,
                   sl_diag *d);
/* A folder of outputs: *where is the folder to add files under. An
 * existing folder is used as it is; a new one is built under a temporary
 * name beside it and renamed into place at commit. *where is owned by o. */
int sl_outputs_dir(sl_outputs *o, const char *dir, const char **where, sl_diag *d);
/* Writes the buffered streams, then renames every temporary into place. */
int sl_outputs_commit(sl_outputs *o, sl_diag *d);
/* sl_outputs_add and sl_outputs_commit in one: a stream is written as it
 * is rendered (nothing held in memory), so use it for a run's only
 * output. */
int sl_outputs_write_now(sl_outputs *o, const char *path, int (*fill)(FILE *f, void *user),
                         void *user, sl_diag *d);
/* True when an output to path goes to standard output: "-", or the file
 * standard output is (/dev/stdout, a redirection's file). */
bool sl_output_is_stdout(const char *path);
/* Drops every pending output, removing its temporaries. */
void sl_outputs_discard(sl_outputs *o);
/* From another thread, when the run is interrupted: removes every
 * temporary now and makes later adds and commits fail. Does not free. */
void sl_outputs_abandon(sl_outputs *o);

/* One output on its own: sl_outputs_write_now in a set of its own. */
int sl_file_write_atomic(const char *path, int (*fill)(FILE *f, void *user), void *user,
                         sl_diag *d);
/* Reads a whole regular file (anything else is refused before a byte is
 * read) of at most SL_MAX_INPUT_BYTES; *out is NUL-terminated, free() it. */
int sl_file_read(char **out, size_t *len, const char *path, sl_diag *d);

/* Each adds one output of the report to o (sl_outputs_add); '-' is
 * standard output for JSON and HTML. */
int sl_report_add_json(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d);
/* One self-contained HTML file: no script, no fetch, a strict
 * Content-Security-Policy, charts as inline SVG. */
int sl_report_add_html(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d);
/* The workbook (libxlsxwriter): one sheet per table. */
int sl_report_add_xlsx(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d);
/* The same tables as CSV files (UTF-8, RFC 4180) in dir (sl_outputs_dir);
 * the file names are fixed, never taken from the input. */
int sl_report_add_csv(sl_outputs *o, const char *dir, const sl_report *r, sl_diag *d);
/* Each writes one of them on its own (a set of its own, committed). */
int sl_report_write_json(const char *path, const sl_report *r, sl_diag *d);
int sl_report_write_html(const char *path, const sl_report *r, sl_diag *d);
int sl_report_write_xlsx(const char *path, const sl_report *r, sl_diag *d);
int sl_report_write_csv(const char *dir, const sl_report *r, sl_diag *d);

/* The plan's calendar as iCalendar (RFC 5545): one event per wave per
 * agency moving in it, one all-day event per gate on its likely pass
 * date; UIDs stable across re-plans of the same scenario. */
int sl_report_add_ics(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d);
int sl_report_write_ics(const char *path, const sl_report *r, sl_diag *d);
/* The waves and gates as a Microsoft Project XML file (MSPDI): one task per
 * wave (fixed to its window) and one milestone per gate, each wave linked
 * finish-to-start after the wave before it and the gates that hold its
 * moves. Opens in MS Project and ProjectLibre. */
int sl_report_add_mspdi(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d);
int sl_report_write_mspdi(const char *path, const sl_report *r, sl_diag *d);

#ifdef __cplusplus
}
#endif

#endif
