/* SPDX-License-Identifier: MIT */
/*
 * serve.h - `samlok serve`: a local web application over one workspace
 * (samlok.h, "Workspace"), a front end beside cli/ that includes only
 * samlok.h from the library, so libsamlok never depends on an HTTP
 * library.
 *
 *   params.c    query strings and request bodies into parameters (fuzzed)
 *   requests.c  parameters into a re-plan or a sweep, every override
 *               checked against the workspace's controls (fuzzed)
 *   token.c     the access token and nonces, constant-time comparison
 *   session.c   the one worker that plans: requests, results, variants
 *   sweep.c     the sweep over two controls, point by point
 *   state.c     the session as JSON for the page
 *   http.c      libmicrohttpd: limits, token, Host, routing
 *   routes.c    what each address answers
 *   page.c      the page, its script and style (app.js, app.css)
 *   words.c     the script's words in the session's language
 *
 * Security model (README, "samlok serve"): loopback by default; every
 * request carries the token; the Host header must name the bound address;
 * a state change is a POST with the token in a header; bodies, queries and
 * parameter counts are bounded; an override must be a control's path with
 * a value the control takes; re-plans read no file.
 */
#ifndef SL_SERVE_H
#define SL_SERVE_H

#include "samlok.h"

#include <stdbool.h>
#include <stddef.h>

/* marks a message for the catalogue (po/POTFILES lists serve/) */
#define N_(s) (s)

/* ---- limits ---------------------------------------------------------- */
#define SV_MAX_QUERY 4096      /* bytes of a request's URI, query included */
#define SV_MAX_BODY 65536      /* bytes of a request body */
#define SV_MAX_PARAMS 256      /* parameters in one query or body */
#define SV_MAX_VARIANTS 12     /* variants kept, the scenario as loaded included */
#define SV_MAX_SWEEP_VALUES 12 /* values per sweep axis */
#define SV_MAX_ACTIVE 64       /* requests served at once; past it: 503 */
#define SV_MAX_HEAVY 2         /* exports and comparisons rendered at once */
#define SV_TOKEN_BYTES 32      /* 256 random bits */

/* ---- params.c ---------------------------------------------------------- */

/* One decoded name=value pair of application/x-www-form-urlencoded text. */
typedef struct sv_pair {
    char *name, *value;
} sv_pair;

typedef struct sv_params {
    size_t n;
    sv_pair *items;
} sv_params;

/* Parses "a=1&b=x%20y" (or a body of the same form): '+' is a space,
 * %XX a byte. Refuses (SL_EINPUT, *why says what) a bad escape, a byte
 * below 0x20 or 0x7f after decoding, text that is not UTF-8, a name
 * outside [a-z_], more than SV_MAX_PARAMS pairs; SL_ENOMEM. *out is
 * empty on error. */
int sv_params_parse(sv_params *out, const char *text, size_t len, const char **why);
void sv_params_free(sv_params *p);
/* The first value of name, or NULL. */
const char *sv_param(const sv_params *p, const char *name);
/* Drops every pair called name. */
void sv_params_remove(sv_params *p, const char *name);
/* The first name in p that is not one of names (NULL-terminated), or
 * NULL: a request takes only the parameters it names. */
const char *sv_params_unknown(const sv_params *p, const char *const *names);

/* ---- requests.c ------------------------------------------------------- */

/* A list of owned strings. */
typedef struct sv_strings {
    size_t n;
    char **items;
} sv_strings;

void sv_strings_free(sv_strings *s);
int sv_strings_copy(sv_strings *out, size_t n, const char *const *items);
bool sv_strings_equal(const sv_strings *a, const sv_strings *b);

/* What went wrong with a request: the status to answer and why. */
typedef struct sv_error {
    int status;
    char text[320];
} sv_error;

/* A re-plan: every `set=PATH=VALUE`, each a control with a value it
 * takes; no other parameter. Messages in language l (NULL: English). 400 (bad text, not a control, a value it
 * does not take), 403 (a path that names files). */
int sv_plan_request(sv_strings *sets, const sv_params *p, const sl_workspace *ws,
                    const sl_lang *l, sv_error *e);

/* A sweep: `x` and `y` two different controls, `xv` and `yv` their
 * values (1 to SV_MAX_SWEEP_VALUES each), `set` the overrides every point
 * starts from (those on x or y dropped). */
typedef struct sv_sweep_request {
    char *x, *y;
    sv_strings xs, ys, sets;
} sv_sweep_request;

int sv_sweep_request_parse(sv_sweep_request *out, const sv_params *p, const sl_workspace *ws,
                           const sl_lang *l, sv_error *e);
void sv_sweep_request_free(sv_sweep_request *r);

/* ---- token.c ---------------------------------------------------------- */

/* n random bytes from getrandom() as URL-safe base64 without padding
 * (A-Za-z0-9_-) into out (at least 4 * n / 3 + 2 bytes). */
int sv_random_text(char *out, size_t cap, size_t n);
/* Compares a candidate with the secret in time that depends only on the
 * secret's length. */
bool sv_token_equal(const char *secret, const char *candidate);

/* ---- session.c -------------------------------------------------------- */

typedef struct sv_config {
    long full_iterations;  /* 0: the scenario's */
    long quick_iterations; /* the quick pass, and each sweep point */
    int threads;
    bool has_seed;
    uint64_t seed;
    const sl_lang *lang; /* the report's language (borrowed); NULL: English */
} sv_config;

typedef struct sv_session sv_session;

/* Starts the worker, which plans the scenario as loaded first. The
 * session borrows ws until sv_session_free. */
int sv_session_new(sv_session **out, sl_workspace *ws, const sv_config *c);
/* Stops the worker (cancelling a run) and frees everything. */
void sv_session_free(sv_session *s);
const sl_workspace *sv_session_workspace(const sv_session *s);
/* The language of the session's pages (borrowed); NULL: English. */
const sl_lang *sv_session_lang(const sv_session *s);
/* Queues a re-plan with these overrides (taken over): it replaces a
 * queued one and cancels a stale run. Returns its request id. */
long sv_session_submit(sv_session *s, sv_strings *sets);
/* Starts a sweep (taken over), replacing any other. */
void sv_session_sweep(sv_session *s, sv_sweep_request *r);
void sv_session_sweep_cancel(sv_session *s);

/* Copies of what the page shows, each malloc'ed (free them); NULL when
 * there is none yet or memory ran out. */
char *sv_session_state_json(sv_session *s, bool with_controls, size_t *len);
char *sv_session_sweep_json(sv_session *s, size_t *len);
/* The front page of the latest result (base false; *version is its
 * version) or of the scenario as loaded (base true; *version 0). */
char *sv_session_front(sv_session *s, bool base, size_t *len, long *version);

/* A variant of the session's list, held so it outlives its eviction. */
typedef struct sv_held sv_held;
sv_held *sv_session_hold(sv_session *s, long id);
void sv_held_release(sv_held *h);
const sl_variant *sv_held_variant(const sv_held *h);
const char *sv_held_label(const sv_held *h);

/* ---- http.c ----------------------------------------------------------- */

typedef struct sv_server_options {
    const char *bind; /* IPv4 or IPv6 address; NULL: 127.0.0.1 */
    unsigned port;    /* 0: a free port */
} sv_server_options;

/* Serves the session until SIGINT or SIGTERM; prints the address with its
 * token as the first line on standard output. Returns 0, or 1 when the
 * server could not start (a message on stderr). */
int sv_serve(sv_session *s, const sv_server_options *o);

/* ---- routes.c --------------------------------------------------------- */

/* A response: status, body (malloc'ed, or static when !owned), type. */
typedef struct sv_response {
    int status;
    char *body;
    size_t len;
    bool owned;
    const char *type;        /* Content-Type */
    const char *disposition; /* Content-Disposition, or NULL */
    long version;            /* X-Samlok-Version when > 0: the result a front page shows */
    char csp[256];           /* Content-Security-Policy; empty: the default */
} sv_response;

typedef struct sv_request {
    const char *path;
    bool is_post;
    const sv_params *query;
    const sv_params *body;
    const char *token; /* for links in the page */
} sv_request;

/* The handler of an address and method: false when there is none (404 or
 * 405, *allowed says which methods the path takes, NULL for 404). */
bool sv_route(sv_session *s, const sv_request *r, sv_response *out, const char **allowed);
/* A JSON error body {"error": text} with its status. */
void sv_error_response(sv_response *out, int status, const char *text);

/* ---- page.c ----------------------------------------------------------- */

/* The page, its script and style carrying nonce. */
int sv_page(sv_response *out, const sv_session *s, const char *nonce);

/* ---- words.c ---------------------------------------------------------- */

/* The words of the page's script in language l (NULL: English) as a JSON
 * object with no '<' in it, malloc'ed; NULL when out of memory. */
char *sv_words_json(const sl_lang *l);

#endif
