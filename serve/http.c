/* SPDX-License-Identifier: MIT */
/*
 * http.c - the HTTP server (libmicrohttpd) in front of a session: where
 * every request is checked before any route sees it.
 *
 * In order, a request is refused with
 *   503  when SV_MAX_ACTIVE requests are already being served,
 *   414  when its URI (query included) is longer than SV_MAX_QUERY,
 *   421  when its Host header does not name the address the server is
 *        bound to (a DNS-rebinding page names its own host),
 *   401  without the token (query `token`, or header X-Samlok-Token),
 *   403  with a wrong token (constant-time comparison), or an Origin
 *        header that is not the server's own,
 *   404 / 405  for an address or a method it does not serve,
 *   403  for a POST whose token is not in the header (a form on another
 *        site cannot set one),
 *   411 / 413  for a POST without a length, or with a body past
 *        SV_MAX_BODY,
 *   400  when the query or body is not well-formed parameters.
 * Every response carries a Content-Security-Policy (the page's own
 * allows only its script and style, by a nonce made for that response),
 * nosniff, no-referrer (the token is in the address), no-store, and
 * refuses framing.
 *
 * libmicrohttpd runs a small pool of threads on epoll; the routes are
 * quick (planning happens on the session's worker), so a burst of
 * requests is answered or refused with 503, never left hanging. The
 * process runs until SIGINT or SIGTERM, which the main thread waits for
 * with those signals blocked in every thread.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define SV_POOL_THREADS 4
#define SV_CONNECTION_TIMEOUT_S 30
#define SV_MAX_CONNECTIONS 1000

typedef struct server {
    sv_session *s;
    char token[64];
    char host[80];   /* the Host header a request must carry */
    char origin[96]; /* http://host: an Origin other than this is refused */
    atomic_int active;
    atomic_int heavy;
} server;

/* Per request: the raw URI (logged before libmicrohttpd parses it) and
 * the body as it arrives. */
typedef struct req {
    char *uri; /* NULL when longer than SV_MAX_QUERY */
    size_t uri_len;
    char *body;
    size_t body_len;
    bool seen_headers;
    bool counted; /* holds one of the SV_MAX_ACTIVE places */
} req;

static void *log_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    req *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->uri_len = strlen(uri);
    if (r->uri_len <= SV_MAX_QUERY)
        r->uri = strdup(uri);
    return r;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode code)
{
    server *sv = cls;
    (void)c;
    (void)code;
    req *r = *con_cls;
    if (!r)
        return;
    if (r->counted)
        atomic_fetch_sub(&sv->active, 1);
    free(r->uri);
    free(r->body);
    free(r);
    *con_cls = NULL;
}

static const char default_csp[] = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
                                  "form-action 'none'";

static enum MHD_Result send_response(struct MHD_Connection *c, sv_response *res, const char *allow)
{
    struct MHD_Response *m = MHD_create_response_from_buffer(
        res->len, res->body, res->owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!m) {
        if (res->owned)
            free(res->body);
        return MHD_NO;
    }
    MHD_add_response_header(m, MHD_HTTP_HEADER_CONTENT_TYPE, res->type);
    MHD_add_response_header(m, "Content-Security-Policy", res->csp[0] ? res->csp : default_csp);
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(m, "Cache-Control", "no-store");
    MHD_add_response_header(m, "X-Frame-Options", "DENY");
    MHD_add_response_header(m, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(m, "Cross-Origin-Resource-Policy", "same-origin");
    if (res->disposition)
        MHD_add_response_header(m, "Content-Disposition", res->disposition);
    if (allow)
        MHD_add_response_header(m, "Allow", allow);
    if (res->version > 0) {
        char v[24];
        snprintf(v, sizeof v, "%ld", res->version);
        MHD_add_response_header(m, "X-Samlok-Version", v);
    }
    if (res->status == 503)
        MHD_add_response_header(m, "Retry-After", "1");
    enum MHD_Result rc = MHD_queue_response(c, (unsigned)res->status, m);
    MHD_destroy_response(m);
    return rc;
}

static enum MHD_Result refuse(struct MHD_Connection *c, int status, const char *text)
{
    sv_response res;
    sv_error_response(&res, status, text);
    return send_response(c, &res, NULL);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* The checks that need only the headers; 0 when the request may go on. */
static int check_headers(server *sv, struct MHD_Connection *c, req *r, const char **why)
{
    if (!r->uri) {
        *why = "the address is too long";
        return 414;
    }
    const char *host = header(c, MHD_HTTP_HEADER_HOST);
    if (!host || strcmp(host, sv->host) != 0) {
        *why = "this server answers only to its own address";
        return 421;
    }
    const char *origin = header(c, "Origin");
    if (origin && strcmp(origin, sv->origin) != 0) {
        *why = "requests from other sites are refused";
        return 403;
    }
    return 0;
}

/* The token: from the header, else from the query. */
static int check_token(server *sv, struct MHD_Connection *c, const sv_params *query, bool is_post,
                       const char **why)
{
    const char *in_header = header(c, "X-Samlok-Token");
    const char *t = in_header ? in_header : sv_param(query, "token");
    if (!t) {
        *why = "this server needs its token";
        return 401;
    }
    if (!sv_token_equal(sv->token, t)) {
        *why = "wrong token";
        return 403;
    }
    if (is_post && !in_header) {
        *why = "a change needs the token in the X-Samlok-Token header";
        return 403;
    }
    return 0;
}

/* The query's parameters without `token`, which only the checks read. */
static int parse_query(sv_params *q, const req *r, const char **why)
{
    const char *qm = strchr(r->uri, '?');
    return sv_params_parse(q, qm ? qm + 1 : "", qm ? strlen(qm + 1) : 0, why);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    server *sv = cls;
    (void)version;
    req *r = *con_cls;
    if (!r)
        return refuse(c, 503, "out of memory");
    bool is_post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    bool is_get =
        strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (!r->seen_headers) {
        r->seen_headers = true;
        if (atomic_fetch_add(&sv->active, 1) >= SV_MAX_ACTIVE) {
            atomic_fetch_sub(&sv->active, 1);
            return refuse(c, 503, "busy: try again in a moment");
        }
        r->counted = true;
        const char *why = NULL;
        int status = check_headers(sv, c, r, &why);
        if (!status && !is_get && !is_post) {
            sv_response res;
            sv_error_response(&res, 405, "this server takes GET and POST only");
            return send_response(c, &res, "GET, HEAD, POST");
        }
        if (!status && is_post) {
            const char *cl = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
            char *end = NULL;
            unsigned long long n = cl ? strtoull(cl, &end, 10) : 0;
            if (!cl || !end || *end || end == cl)
                status = 411, why = "a POST needs a Content-Length";
            else if (n > SV_MAX_BODY)
                status = 413, why = "the request body is too large";
        }
        if (status)
            return refuse(c, status, why);
        return MHD_YES; /* the body, if any, comes next */
    }
    if (*upload_data_size) {
        if (r->body_len + *upload_data_size > SV_MAX_BODY)
            return MHD_NO; /* more than its Content-Length said: drop the connection */
        char *grown = realloc(r->body, r->body_len + *upload_data_size + 1);
        if (!grown)
            return MHD_NO;
        memcpy(grown + r->body_len, upload_data, *upload_data_size);
        r->body = grown;
        r->body_len += *upload_data_size;
        r->body[r->body_len] = '\0';
        *upload_data_size = 0;
        return MHD_YES;
    }
    sv_params query = {0, NULL}, body = {0, NULL};
    const char *why = NULL;
    int status = 0;
    if (parse_query(&query, r, &why)) {
        /* a query that does not parse holds no token to read: without a
         * good one in the header, that is what the answer says */
        const char *in_header = header(c, "X-Samlok-Token");
        if (!in_header)
            status = 401, why = "this server needs its token";
        else if (!sv_token_equal(sv->token, in_header))
            status = 403, why = "wrong token";
        else
            status = 400;
    }
    if (!status)
        status = check_token(sv, c, &query, is_post, &why);
    if (!status && is_post && sv_params_parse(&body, r->body ? r->body : "", r->body_len, &why))
        status = 400;
    sv_params_remove(&query, "token"); /* the checks' business only */
    sv_response res;
    memset(&res, 0, sizeof res);
    const char *allowed = NULL;
    enum MHD_Result rc;
    if (status) {
        rc = refuse(c, status, why);
    } else {
        sv_request rq = {url, is_post, &query, &body, sv->token};
        bool heavy = strncmp(url, "/export/", 8) == 0 || strcmp(url, "/api/compare") == 0;
        if (heavy && atomic_fetch_add(&sv->heavy, 1) >= SV_MAX_HEAVY) {
            sv_error_response(&res, 503, "busy rendering: try again in a moment");
        } else if (!sv_route(sv->s, &rq, &res, &allowed)) {
            if (allowed)
                sv_error_response(&res, 405, "method not allowed");
            else
                sv_error_response(&res, 404, "no such address");
        }
        if (heavy)
            atomic_fetch_sub(&sv->heavy, 1);
        rc = send_response(c, &res, allowed);
    }
    sv_params_free(&query);
    sv_params_free(&body);
    return rc;
}

static void quiet(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    (void)fmt;
    (void)ap;
}

/* The address to bind and its Host header form. */
static int address(const sv_server_options *o, struct sockaddr_storage *sa, socklen_t *sa_len,
                   char *name, size_t cap)
{
    const char *bind = o->bind ? o->bind : "127.0.0.1";
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
    if (inet_pton(AF_INET, bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)o->port);
        *sa_len = sizeof *v4;
        snprintf(name, cap, "%s", bind);
        return 0;
    }
    if (inet_pton(AF_INET6, bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)o->port);
        *sa_len = sizeof *v6;
        snprintf(name, cap, "[%s]", bind);
        return 0;
    }
    return -1;
}

int sv_serve(sv_session *s, const sv_server_options *o)
{
    server sv;
    memset(&sv, 0, sizeof sv);
    sv.s = s;
    atomic_init(&sv.active, 0);
    atomic_init(&sv.heavy, 0);
    if (sv_random_text(sv.token, sizeof sv.token, SV_TOKEN_BYTES)) {
        fprintf(stderr, "samlok serve: no random bytes for the token\n");
        return 1;
    }
    struct sockaddr_storage sa;
    socklen_t sa_len = 0;
    char name[64];
    if (address(o, &sa, &sa_len, name, sizeof name)) {
        fprintf(stderr, "samlok serve: --bind wants an IPv4 or IPv6 address, got '%s'\n", o->bind);
        return 1;
    }
    /* the socket is ours, so the port (chosen by the kernel for --port 0)
     * and the Host header it implies are known before any request */
    int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sa_len) != 0 || listen(fd, 128) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sa_len) != 0) {
        fprintf(stderr, "samlok serve: cannot listen on %s port %u: %s\n", name, o->port,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    unsigned port = ntohs(sa.ss_family == AF_INET ? ((struct sockaddr_in *)&sa)->sin_port
                                                  : ((struct sockaddr_in6 *)&sa)->sin6_port);
    snprintf(sv.host, sizeof sv.host, "%s:%u", name, port);
    snprintf(sv.origin, sizeof sv.origin, "http://%s", sv.host);
    /* SIGINT and SIGTERM wait for the main thread's sigwait, in every
     * thread started from here on; a broken pipe is an error to write */
#ifdef __GLIBC__
    /* a fixed threshold: every large buffer (a rendered export, a plan's
     * arrays) is mapped on its own and unmapped when freed, rather than
     * raising glibc's dynamic threshold and staying in an arena */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, handle, &sv, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SV_POOL_THREADS, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)SV_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)SV_CONNECTION_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(SV_MAX_QUERY + 16384), MHD_OPTION_URI_LOG_CALLBACK, log_uri, &sv,
        MHD_OPTION_NOTIFY_COMPLETED, completed, &sv, MHD_OPTION_EXTERNAL_LOGGER, quiet, NULL,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "samlok serve: the HTTP server did not start\n");
        close(fd);
        return 1;
    }
    printf("http://%s/?token=%s\n", sv.host, sv.token);
    fflush(stdout);
    if (o->bind && strcmp(o->bind, "127.0.0.1") != 0 && strcmp(o->bind, "::1") != 0)
        fprintf(stderr,
                "samlok serve: listening on %s, not only this machine: anyone who has "
                "the address with its token sees the scenario\n",
                name);
    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d); /* closes the listening socket too */
    memset(sv.token, 0, sizeof sv.token);
    return 0;
}
