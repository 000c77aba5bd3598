/* SPDX-License-Identifier: MIT */
/*
 * core.h - the private toolbox every other folder of src/ may use:
 * allocation, arenas, growable arrays, string maps, locale-free number
 * parsing, UTF-8 checks and small text helpers. core depends on nothing
 * else of samlok's.
 */
#ifndef SL_CORE_H
#define SL_CORE_H

#include "samlok.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SL_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SL_MAX(a, b) ((a) > (b) ? (a) : (b))

/* ---- allocation (mem.c) -------------------------------------------
 * Every allocation of samlok goes through these, so a test build can make
 * the Nth one fail (meson option alloc_fail). They never abort. */
void *sl_malloc(size_t size);
void *sl_calloc(size_t n, size_t size);
void *sl_realloc(void *p, size_t size);
/* realloc for an array of n elements of size bytes, overflow-checked. */
void *sl_reallocarray(void *p, size_t n, size_t size);
void sl_free(void *p);
char *sl_strdup(const char *s);

#ifdef SL_ALLOC_FAIL
/* Test build only: the injected failures the sweeps count, each the Nth
 * call from an environment variable (SAMLOK_ALLOC_FAIL, SAMLOK_WRITE_FAIL),
 * with the total written at exit where SAMLOK_ALLOC_COUNT /
 * SAMLOK_WRITE_COUNT name a file. True when this call is the one to fail. */
typedef enum { SL_FAULT_ALLOC, SL_FAULT_WRITE, SL_N_FAULTS } sl_fault;
bool sl_fault_hit(sl_fault which);
#endif

/* ---- GLPK's environment (glpk.c) -----------------------------------
 * Call on a thread before it uses GLPK: the thread's GLPK environment is
 * then freed when the thread ends. Cannot fail (without a thread key it
 * is only not freed). */
void sl_glpk_thread(void);

/* ---- jobs on threads (jobs.c) -------------------------------------
 * Runs fn(user, i) for every i < n_jobs on up to `threads` threads (0:
 * one per core), the calling one among them, and returns when all are
 * done. Jobs must be independent: each writes only its own slot. */
typedef void sl_job_fn(void *user, size_t i);
void sl_jobs_run(size_t n_jobs, int threads, sl_job_fn *fn, void *user);

/* ---- arena (arena.c) -----------------------------------------------
 * A bump allocator: many small allocations, one free. Built with
 * -Darena_debug=true every allocation is its own malloc so the sanitizers
 * see overflows between them. */
typedef struct sl_arena sl_arena;
sl_arena *sl_arena_new(void);
void sl_arena_free(sl_arena *a);
void *sl_arena_alloc(sl_arena *a, size_t size);  /* zeroed, 16-byte aligned */
void *sl_arena_array(sl_arena *a, size_t n, size_t size); /* overflow-checked */
char *sl_arena_strndup(sl_arena *a, const char *s, size_t len);
char *sl_arena_strdup(sl_arena *a, const char *s);
char *sl_arena_printf(sl_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void *sl_arena_memdup(sl_arena *a, const void *p, size_t size);
size_t sl_arena_bytes(const sl_arena *a);
/* Moves everything src holds into dst, which then frees it with its own;
 * src is freed (NULL-safe). Cannot fail: what work done on another
 * thread allocated joins the result that keeps it. */
void sl_arena_adopt(sl_arena *dst, sl_arena *src);

/* ---- growable arrays (vec.c) ----------------------------------------
 * Make room for at least `need` elements of `size` bytes in *items
 * (capacity in *cap). Returns SL_ENOMEM on failure, leaving *items intact. */
int sl_grow(void **items, size_t *cap, size_t need, size_t size);
#define SL_GROW(items, cap, need) sl_grow((void **)&(items), &(cap), (need), sizeof(*(items)))

/* A growable byte buffer, always NUL-terminated when len > 0. */
typedef struct sl_buf {
    char *data;
    size_t len, cap;
    bool failed; /* an append ran out of memory */
} sl_buf;
void sl_buf_append(sl_buf *b, const char *s, size_t len);
void sl_buf_puts(sl_buf *b, const char *s);
void sl_buf_printf(sl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sl_buf_vprintf(sl_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void sl_buf_free(sl_buf *b);

/* ---- string map (strmap.c) ------------------------------------------
 * Open addressing from borrowed NUL-terminated keys to indices. */
typedef struct sl_strmap {
    const char **keys;
    uint32_t *values;
    size_t n, cap;
} sl_strmap;
/* Inserts key -> value unless key is there. *existing gets the stored
 * value (SL_NONE when newly inserted). */
int sl_strmap_put(sl_strmap *m, const char *key, uint32_t value, uint32_t *existing);
uint32_t sl_strmap_get(const sl_strmap *m, const char *key); /* SL_NONE if absent */
uint32_t sl_strmap_getn(const sl_strmap *m, const char *key, size_t len);
void sl_strmap_free(sl_strmap *m);
uint64_t sl_hash_bytes(const void *p, size_t len);

/* ---- numbers (parse_num.c) -------------------------------------------
 * The only place text becomes a number. Independent of the process
 * locale. Leading/trailing ASCII spaces are allowed. */
typedef enum {
    SL_NUM_OK = 0,
    SL_NUM_EMPTY,
    SL_NUM_SYNTAX,
    SL_NUM_RANGE,   /* overflows a double or the integer type */
    SL_NUM_NOT_FINITE,
    SL_NUM_AMBIGUOUS, /* sl_parse_grouped: a separator that may group or mark decimals */
    SL_NUM_FRACTION,  /* sl_parse_grouped: a fraction where a whole number is wanted */
} sl_num_status;
/* Accepts decimal point only. */
sl_num_status sl_parse_double(double *out, const char *s, size_t len);
/* Accepts a decimal point or, when allow_comma, a decimal comma (RVTools
 * exports from Swedish Excel); never thousands separators. */
sl_num_status sl_parse_double_ex(double *out, const char *s, size_t len, bool allow_comma);
sl_num_status sl_parse_int64(int64_t *out, const char *s, size_t len);
/* A number as a spreadsheet exports it: thousands grouped by spaces (also
 * no-break ones), '.' or ',', the decimal mark '.' or, where the file may
 * use one (decimal_comma: a ';' or tab separated export), ','. A separator
 * that could be either, as in "8.192", is read as grouping only when it
 * is a '.', a whole number is wanted and the decimal reading is not one;
 * otherwise it is SL_NUM_AMBIGUOUS. With whole, a fraction is
 * SL_NUM_FRACTION. Never a silent factor of 1000 (parse_num.c). */
sl_num_status sl_parse_grouped(double *out, const char *s, size_t len, bool decimal_comma,
                               bool whole);
/* Until the matching _end, the calling thread formats numbers with
 * printf in the C locale ("0.5", never "0,5"), whatever LC_NUMERIC the
 * program set. Every public function that writes numbers into text (files,
 * messages) brackets its work with these; they nest. */
typedef struct sl_c_numbers {
    void *old, *c;
} sl_c_numbers;
void sl_c_numbers_begin(sl_c_numbers *s);
void sl_c_numbers_end(sl_c_numbers *s);
/* Digits only (an optional '+'): a seed or a count up to 2^64 - 1. */
sl_num_status sl_parse_uint64(uint64_t *out, const char *s, size_t len);
const char *sl_num_status_text(sl_num_status st);
/* A NUL-terminated run of digits (no sign, no spaces) up to max. */
sl_num_status sl_parse_index(uint64_t *out, const char *s, uint64_t max);

/* ---- text (text.c) ---------------------------------------------------- */
/* Returns true when the bytes are valid UTF-8 (no overlongs, no
 * surrogates); *bad_offset gets the first bad byte's offset. */
bool sl_utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* The one UTF-8 sequence at s (n > 0 bytes): its length with *cp its code
 * point, 0 when it is not valid UTF-8, or SIZE_MAX when n bytes are too
 * few to tell (a sequence cut off). */
size_t sl_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);
/* The line and column (in characters, both from 1) of byte offset at in
 * text, for messages that locate a byte. */
void sl_text_position(const char *text, size_t at, long *line, long *col);
/* Levenshtein distance, capped at limit+1. */
size_t sl_edit_distance(const char *a, const char *b, size_t limit);
/* The candidate nearest to word within distance max(2, len/3); NULL if none. */
const char *sl_nearest(const char *word, const char *const *candidates, size_t n);
bool sl_streq_nocase(const char *a, const char *b);
/* Both NULL, or the same characters. */
bool sl_streq_null(const char *a, const char *b);
/* Trims ASCII spaces and tabs. */
void sl_trim(const char **s, size_t *len);

/* ---- terminal text (term.c) -------------------------------------------
 * Control characters, C1, bidirectional overrides and bytes that are not
 * UTF-8 written as visible escapes (sl_term_escape in samlok.h escapes
 * one string, newlines included). */
void sl_term_escape_n(FILE *out, const char *s, size_t len);
/* A FILE that writes into out with every such character escaped but the
 * newline; with color, SL_TERM_SGR "[...m" becomes the colour code
 * ESC [...m (without, it is escaped too). Close it with sl_term_close,
 * which returns rc, or SL_EIO when out has an error. NULL when out of
 * memory. */
#define SL_TERM_SGR "\xff"
typedef struct sl_term sl_term;
FILE *sl_term_open(FILE *out, bool color, sl_term **state);
int sl_term_close(FILE *f, sl_term *state, int rc);

/* ---- languages (lang.c, lang_fmt.c, phrase.c) ------------------------
 * Messages are English; N_ and NC_ mark one for xgettext (po/meson.build
 * lists the keywords) where it is a static initialiser, and sl_tr & co.
 * translate it where it is used. */
/* The messages' language of d (sl_diag_set_lang), for a reader that
 * formats a message itself: msgid in it, and a printf format in it when
 * its translation reads the same arguments (else fmt). d may be NULL
 * (English). */
const char *sl_diag_tr(const sl_diag *d, const char *msgid);
const char *sl_diag_trc(const sl_diag *d, const char *context, const char *msgid);
const char *sl_diag_tr_format(const sl_diag *d, const char *fmt);
/* to's messages in from's language (a scratch diagnostics list). */
void sl_diag_share_lang(sl_diag *to, const sl_diag *from);
#define N_(s) (s)
#define NC_(context, s) (s)
/* True when the catalogue has a translation for the message. */
bool sl_lang_has(const sl_lang *l, const char *context, const char *msgid);
/* The form index a Plural-Forms expression gives for n (n != 1 when expr
 * is NULL or malformed). */
unsigned long sl_plural_index(const char *expr, unsigned long n);
/* v with `decimals` places in the language's marks (NULL: English):
 * grouped by its thousands separator when is_grouped ("1,234.5";
 * Swedish "1 234,5" with a narrow no-break space). */
void sl_fmt_number(char *buf, size_t len, const sl_lang *l, double v, int decimals,
                   bool is_grouped);
/* The same for running text: printf's digits (a "-0" stays), grouped
 * only as the language groups numbers in sentences (English: never). */
void sl_fmt_sentence_number(char *buf, size_t len, const sl_lang *l, double v, int decimals);
/* printf's %g with the language's decimal mark. */
void sl_fmt_g(char *buf, size_t len, const sl_lang *l, double v);
/* A share (0..1) as a percentage: decimals places (-1: %g); is_spaced
 * gives the tables' "12.5 %", else the sentences' "12.5%" (Swedish "12,5 %"
 * either way). */
void sl_fmt_share(char *buf, size_t len, const sl_lang *l, double share, int decimals,
                  bool is_spaced);
/* An amount for people: "429.3 M SEK", "908 k SEK", "1.25 bn SEK"
 * (Swedish "429,3 mnkr"); currency may be NULL (no unit). */
void sl_fmt_money(char *buf, size_t len, const sl_lang *l, double v, const char *currency);
/* A money axis label: "250 M" (decimals only when the step needs them);
 * Swedish kronor "250 mnkr", when sl_fmt_money_names_currency says the
 * label names the currency itself. */
void sl_fmt_money_tick(char *buf, size_t len, const sl_lang *l, double v, double step,
                       const char *currency);
bool sl_fmt_money_names_currency(const sl_lang *l, const char *currency);
/* "Jan" .. "Dec" (Swedish "jan" .. "dec"); month 1..12. */
const char *sl_fmt_month(const sl_lang *l, int month);

/* Builds an sl_phrase in an arena: begin with the English template, add
 * the arguments, end. A failed allocation makes end return false. */
#define SL_PHRASE_MAX_ARGS 16
typedef struct sl_phrase_builder {
    sl_arena *arena;
    const char *tmpl, *tmpl_plural, *count;
    sl_arg args[SL_PHRASE_MAX_ARGS];
    size_t n;
    bool failed;
} sl_phrase_builder;
void sl_pb_begin(sl_phrase_builder *b, sl_arena *a, const char *tmpl);
void sl_pb_text(sl_phrase_builder *b, const char *name, const char *text);
void sl_pb_num(sl_phrase_builder *b, const char *name, double v);
/* A date as "YYYY-MM-DD"; SL_DATE_NONE: no text (said as "never"). */
void sl_pb_date(sl_phrase_builder *b, const char *name, sl_date d);
void sl_pb_list(sl_phrase_builder *b, const char *name, const sl_phrase *items, size_t n);
/* The plural template, chosen when the number argument `count` is not 1. */
void sl_pb_plural(sl_phrase_builder *b, const char *tmpl_plural, const char *count);
bool sl_pb_end(sl_phrase_builder *b, sl_phrase *out);
/* Appends the phrase said in language l (NULL: English); currency for
 * {x:money}. false when an argument is missing or a template malformed
 * (what could be said is appended all the same). */
bool sl_phrase_render(sl_buf *b, const sl_phrase *p, const sl_lang *l, const char *currency);
/* A deep copy of src into the arena (its strings and lists too), so the
 * copy outlives the arena src lives in; false when out of memory. */
bool sl_phrase_copy(sl_arena *a, const sl_phrase *src, sl_phrase *dst);
/* The same into the arena; NULL when out of memory or malformed. */
const char *sl_phrase_text(sl_arena *a, const sl_phrase *p, const sl_lang *l,
                           const char *currency);

/* ---- random numbers (rng.c) ------------------------------------------
 * Counter-based (Philox4x32-10, Salmon et al., SC'11): the stream for
 * (seed, iteration, stream) is a pure function of those keys, so results
 * do not depend on thread count or order. */
typedef struct sl_rng {
    uint32_t key[2];
    uint32_t ctr[4];
    uint32_t out[4];
    int used;
} sl_rng;
void sl_rng_init(sl_rng *r, uint64_t seed, uint64_t iteration, uint32_t stream);
/* One raw Philox4x32-10 block, for known-answer tests. */
void sl_philox4x32(const uint32_t key[2], const uint32_t ctr[4], uint32_t out[4]);
uint32_t sl_rng_u32(sl_rng *r);
uint64_t sl_rng_u64(sl_rng *r);
double sl_rng_uniform(sl_rng *r); /* in [0, 1), 53 bits */
uint32_t sl_rng_below(sl_rng *r, uint32_t n); /* unbiased in [0, n) */
double sl_rng_normal(sl_rng *r);
double sl_dist_sample(const sl_dist *dist, sl_rng *r);
/* The Monte Carlo draws a distribution through its quantiles at SL_DIST_TABLE
 * + 1 points, the ends moved in by half a cell: the values it can draw lie
 * between the quantiles at SL_DIST_TAIL and 1 - SL_DIST_TAIL (so a
 * lognormal's unbounded tail is cut there, and `validate` checks that cut
 * against the key's range). */
#define SL_DIST_TABLE 256
#define SL_DIST_TAIL (0.5 / SL_DIST_TABLE)
/* The value at quantile u in [0, 1] (inverse CDF; PERT by safeguarded
 * Newton steps). */
double sl_dist_quantile(const sl_dist *dist, double u);
double sl_dist_mean(const sl_dist *dist);

/* ---- sorting (sort.c) ---------------------------------------------
 * Stable radix sorts, ascending by an unsigned 64-bit key; tmp has room
 * for n items. */
typedef struct sl_keyed {
    uint64_t key;
    uint64_t item; /* carried along */
} sl_keyed;
void sl_sort_keyed(sl_keyed *a, size_t n, sl_keyed *tmp);
void sl_sort_keys(uint64_t *a, size_t n, uint64_t *tmp);
/* A key in the numeric order of doubles (-0 before +0, NaN after +inf),
 * and back. */
uint64_t sl_order_key(double x);
double sl_order_value(uint64_t key);
/* Ascending, in place; 0 or SL_ENOMEM (they need room for 2n keys). */
int sl_sort_doubles(double *a, size_t n);
int sl_sort_i32(int32_t *a, size_t n);

#endif
