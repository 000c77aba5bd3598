/* SPDX-License-Identifier: MIT */
/*
 * graph.c - graphs in METIS format, the partitioning literature's
 * benchmark form, for `samlok partition`.
 *
 * Format (METIS 5 manual, section 4.1.1): lines starting with `%` are
 * comments; the first other line is `n m [fmt [ncon]]`; then exactly n
 * vertex lines (an empty line is a vertex without neighbours), each with
 * ncon vertex weights when fmt's middle digit is 1, then 1-based
 * neighbours, each followed by its edge weight when fmt's last digit is 1.
 * Every edge appears on both of its ends' lines with the same weight.
 *
 * Reader contract: every problem found is reported as file:line:column:
 * message and reading goes on (up to MAX_ERRORS); the graph is returned
 * only when there is none. Checks: numbers, neighbour ranges, self-loops,
 * duplicate neighbours, the edge count of the header, and symmetry (each
 * edge listed by both ends with one weight), in O(n + m).
 */
#include "core/file.h"

#include <string.h>

#define MAX_ERRORS 20

typedef struct graph_reader {
    const char *file;
    sl_diag *d;
    int errors;
    bool gave_up;
    /* growing arrays */
    int32_t *xadj, *adj, *wgt, *vwgt, *col;
    long *line_of; /* per vertex */
    size_t cap_xadj, cap_adj, cap_wgt, cap_vwgt, cap_col, cap_line;
} graph_reader;

static void graph_error(graph_reader *r, long line, long column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void graph_error(graph_reader *r, long line, long column, const char *fmt, ...)
{
    if (r->errors >= MAX_ERRORS) {
        if (!r->gave_up)
            sl_diag_add(r->d, SL_ERROR, r->file, line, column,
                        "too many errors; stopping here");
        r->gave_up = true;
        return;
    }
    r->errors++;
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    /* the format in the messages' language (po/meson.build: graph_error
     * is a keyword) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(text, sizeof text, sl_diag_tr_format(r->d, fmt), ap);
#pragma GCC diagnostic pop
    va_end(ap);
    sl_diag_add(r->d, SL_ERROR, r->file, line, column, "%s", text);
}

typedef struct token {
    const char *s;
    size_t len;
    long column;
} token;

/* The next space- or tab-separated token of [*p, end); false at the end. */
static bool next_token(const char **p, const char *end, const char *line_start, token *t)
{
    const char *s = *p;
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    if (s >= end)
        return false;
    const char *e = s;
    while (e < end && *e != ' ' && *e != '\t')
        e++;
    t->s = s;
    t->len = (size_t)(e - s);
    t->column = (long)(s - line_start) + 1;
    *p = e;
    return true;
}

/* A whole number in [lo, hi]; reports and returns false otherwise. */
static bool number(graph_reader *r, long line, const token *t, int64_t lo, int64_t hi,
                   const char *what, int64_t *out)
{
    int64_t v;
    sl_num_status st = sl_parse_int64(&v, t->s, t->len);
    if (st != SL_NUM_OK) {
        graph_error(r, line, t->column, "%s: '%.*s' is not a whole number", sl_diag_tr(r->d, what),
                    (int)(t->len > 40 ? 40 : t->len), t->s);
        return false;
    }
    if (v < lo || v > hi) {
        graph_error(r, line, t->column, "%s %lld is out of range (%lld..%lld)",
                    sl_diag_tr(r->d, what), (long long)v, (long long)lo, (long long)hi);
        return false;
    }
    *out = v;
    return true;
}

static void reader_free(graph_reader *r)
{
    sl_free(r->xadj);
    sl_free(r->adj);
    sl_free(r->wgt);
    sl_free(r->vwgt);
    sl_free(r->col);
    sl_free(r->line_of);
}

/* Symmetry and duplicates: every entry v->u with weight w needs u->v with
 * weight w. Uses a transpose built by counting. */
static int check_symmetry(graph_reader *r, int32_t n, bool has_wgt)
{
    int32_t m = r->xadj[n];
    int32_t *mark = sl_malloc(((size_t)n + 1) * sizeof *mark);
    int32_t *mpos = sl_malloc(((size_t)n + 1) * sizeof *mpos);
    int32_t *txadj = sl_calloc((size_t)n + 2, sizeof *txadj);
    int32_t *tsrc = sl_malloc(((size_t)m + 1) * sizeof *tsrc);
    int32_t *tpos = sl_malloc(((size_t)m + 1) * sizeof *tpos);
    if (!mark || !mpos || !txadj || !tsrc || !tpos) {
        sl_free(mark);
        sl_free(mpos);
        sl_free(txadj);
        sl_free(tsrc);
        sl_free(tpos);
        return SL_ENOMEM;
    }
    for (int32_t v = 0; v < n; v++)
        mark[v] = -1;
    bool dup = false;
    for (int32_t v = 0; v < n; v++) {
        for (int32_t e = r->xadj[v]; e < r->xadj[v + 1]; e++) {
            int32_t u = r->adj[e];
            if (mark[u] == v) {
                graph_error(r, r->line_of[v], r->col[e], "neighbour %ld is listed twice",
                            (long)u + 1);
                dup = true;
            }
            mark[u] = v;
            txadj[u + 2]++;
        }
    }
    if (!dup) {
        for (int32_t u = 0; u < n; u++)
            txadj[u + 2] += txadj[u + 1];
        for (int32_t v = 0; v < n; v++)
            for (int32_t e = r->xadj[v]; e < r->xadj[v + 1]; e++) {
                int32_t u = r->adj[e];
                int32_t slot = txadj[u + 1]++;
                tsrc[slot] = v;
                tpos[slot] = e;
            }
        /* now the entries pointing at u are tsrc[txadj[u] .. txadj[u+1]) */
        for (int32_t v = 0; v < n; v++)
            mark[v] = -1;
        for (int32_t u = 0; u < n && !r->gave_up; u++) {
            for (int32_t e = r->xadj[u]; e < r->xadj[u + 1]; e++) {
                mark[r->adj[e]] = u;
                mpos[r->adj[e]] = e;
            }
            for (int32_t t = txadj[u]; t < txadj[u + 1]; t++) {
                int32_t v = tsrc[t], e = tpos[t];
                if (mark[v] != u)
                    graph_error(r, r->line_of[v], r->col[e],
                                "edge %ld-%ld: vertex %ld (line %ld) does not list %ld",
                                (long)v + 1, (long)u + 1, (long)u + 1, r->line_of[u], (long)v + 1);
                else if (has_wgt && v > u && r->wgt[e] != r->wgt[mpos[v]])
                    graph_error(r, r->line_of[v], r->col[e],
                                "edge %ld-%ld has weight %ld here but %ld on line %ld", (long)v + 1,
                                (long)u + 1, (long)r->wgt[e], (long)r->wgt[mpos[v]], r->line_of[u]);
            }
        }
    }
    sl_free(mark);
    sl_free(mpos);
    sl_free(txadj);
    sl_free(tsrc);
    sl_free(tpos);
    return 0;
}

static int32_t *copy_ints(sl_arena *a, const int32_t *src, size_t n)
{
    int32_t *dst = sl_arena_array(a, n + 1, sizeof *dst);
    if (dst && src && n)
        memcpy(dst, src, n * sizeof *dst);
    return dst;
}

static int commit(graph_reader *r, sl_graph **out, int32_t n, int32_t ncon, bool has_vw,
                  bool has_wgt)
{
    sl_graph *g = sl_calloc(1, sizeof *g);
    sl_arena *a = sl_arena_new();
    if (!g || !a) {
        sl_free(g);
        sl_arena_free(a);
        return SL_ENOMEM;
    }
    size_t m = (size_t)r->xadj[n];
    g->arena = a;
    g->n_vertices = n;
    g->n_constraints = ncon;
    g->xadj = copy_ints(a, r->xadj, (size_t)n + 1);
    g->adjncy = copy_ints(a, r->adj, m);
    bool ok = g->xadj && g->adjncy;
    if (ok && has_wgt)
        ok = (g->adjwgt = copy_ints(a, r->wgt, m)) != NULL;
    if (ok && has_vw)
        ok = (g->vwgt = copy_ints(a, r->vwgt, (size_t)n * ncon)) != NULL;
    if (!ok) {
        sl_graph_free(g);
        return SL_ENOMEM;
    }
    *out = g;
    return 0;
}

int sl_graph_read(sl_graph **out, const char *path, const char *data, size_t len, sl_diag *d)
{
    *out = NULL;
    graph_reader r;
    memset(&r, 0, sizeof r);
    r.file = path;
    r.d = d;
    const char *p = data, *end = data + len;
    long line = 0;
    bool have_header = false, has_vw = false, has_wgt = false;
    int64_t n = 0, m = 0, ncon = 1;
    long header_line = 0, m_column = 1;
    int64_t n_lines = 0; /* vertex lines seen */
    int rc = 0;
    while (p < end && rc == 0 && !r.gave_up) {
        const char *ls = p;
        const char *le = memchr(p, '\n', (size_t)(end - p));
        if (!le)
            le = end;
        p = le < end ? le + 1 : end;
        line++;
        const char *lend = le;
        if (lend > ls && lend[-1] == '\r')
            lend--;
        if (ls < lend && ls[0] == '%')
            continue;
        const char *q = ls;
        token t;
        if (!have_header) {
            token tk[5];
            int nt = 0;
            while (nt < 5 && next_token(&q, lend, ls, &tk[nt]))
                nt++;
            if (nt == 0)
                continue; /* blank lines before the header */
            header_line = line;
            have_header = true;
            if (nt < 2 || nt > 4) {
                graph_error(&r, line, 1, "header: expected 'vertices edges [fmt [ncon]]'");
                break;
            }
            m_column = tk[1].column;
            bool ok = number(&r, line, &tk[0], 0, INT32_MAX - 1, N_("vertex count"), &n);
            ok = number(&r, line, &tk[1], 0, INT32_MAX / 2, N_("edge count"), &m) && ok;
            if (nt >= 3) {
                bool fmt_ok = tk[2].len <= 3;
                for (size_t i = 0; i < tk[2].len && fmt_ok; i++)
                    fmt_ok = tk[2].s[i] == '0' || tk[2].s[i] == '1';
                if (!fmt_ok) {
                    graph_error(&r, line, tk[2].column,
                                "fmt must be up to three digits 0 or 1, not '%.*s'",
                                (int)(tk[2].len > 10 ? 10 : tk[2].len), tk[2].s);
                    ok = false;
                } else {
                    const char *f = tk[2].s;
                    size_t fl = tk[2].len;
                    has_wgt = f[fl - 1] == '1';
                    has_vw = fl >= 2 && f[fl - 2] == '1';
                    if (fl == 3 && f[0] == '1') {
                        graph_error(&r, line, tk[2].column,
                                    "vertex sizes (fmt 1xx) are not supported");
                        ok = false;
                    }
                }
            }
            if (nt == 4) {
                if (ok && !has_vw) {
                    graph_error(&r, line, tk[3].column, "ncon given but fmt has no vertex weights");
                    ok = false;
                } else if (!number(&r, line, &tk[3], 1, SL_GRAPH_MAX_CONSTRAINTS,
                                   "constraint count", &ncon)) {
                    ok = false;
                }
            }
            if (!ok)
                break;
            /* every vertex has a line; a header promising more lines than
             * the file could hold is wrong, not a reason to allocate */
            if (n > (int64_t)(end - data) + 1) {
                graph_error(&r, line, tk[0].column,
                            "header says %lld vertices; the file is too short", (long long)n);
                break;
            }
            rc = SL_GROW(r.xadj, r.cap_xadj, (size_t)n + 1);
            if (rc == 0)
                rc = SL_GROW(r.line_of, r.cap_line, (size_t)n + 1);
            if (rc == 0 && has_vw)
                rc = SL_GROW(r.vwgt, r.cap_vwgt, (size_t)n * (size_t)ncon + 1);
            if (rc == 0)
                r.xadj[0] = 0;
            continue;
        }
        if (n_lines >= n) {
            if (next_token(&q, lend, ls, &t))
                graph_error(&r, line, t.column, "more vertex lines than the %lld of the header",
                            (long long)n);
            continue;
        }
        int32_t v = (int32_t)n_lines++;
        r.line_of[v] = line;
        size_t at = r.xadj[v];
        for (int64_t c = 0; has_vw && c < ncon; c++) {
            int64_t w = 0;
            if (!next_token(&q, lend, ls, &t)) {
                graph_error(&r, line, (long)(lend - ls) + 1,
                            "vertex %ld: %lld vertex weight(s) expected", (long)v + 1,
                            (long long)ncon);
                break;
            }
            number(&r, line, &t, 0, INT32_MAX, N_("vertex weight"), &w);
            r.vwgt[(size_t)v * ncon + c] = (int32_t)w;
        }
        while (next_token(&q, lend, ls, &t)) {
            int64_t u = 0, w = 1;
            bool ok = number(&r, line, &t, 1, n, N_("neighbour"), &u);
            long col = t.column;
            if (ok && u == v + 1) {
                graph_error(&r, line, t.column, "vertex %ld lists itself as a neighbour",
                            (long)v + 1);
                ok = false;
            }
            if (has_wgt) {
                if (!next_token(&q, lend, ls, &t)) {
                    graph_error(&r, line, (long)(lend - ls) + 1,
                                "neighbour %lld has no edge weight", (long long)u);
                    break;
                }
                ok = number(&r, line, &t, 1, INT32_MAX, N_("edge weight"), &w) && ok;
            }
            if (!ok)
                continue;
            if (at >= (size_t)INT32_MAX) {
                graph_error(&r, line, col, "more than 2^31 neighbour entries");
                rc = SL_ELIMIT;
                break;
            }
            if (SL_GROW(r.adj, r.cap_adj, at + 1) || SL_GROW(r.col, r.cap_col, at + 1) ||
                (has_wgt && SL_GROW(r.wgt, r.cap_wgt, at + 1))) {
                rc = SL_ENOMEM;
                break;
            }
            r.adj[at] = (int32_t)(u - 1);
            r.col[at] = (int32_t)col;
            if (has_wgt)
                r.wgt[at] = (int32_t)w;
            at++;
        }
        r.xadj[v + 1] = (int32_t)at;
    }
    if (rc == 0 && !r.gave_up) {
        if (!have_header) {
            graph_error(&r, line > 0 ? line : 1, 1, "no header line 'vertices edges [fmt [ncon]]'");
        } else if (r.errors == 0 && n_lines < n) {
            graph_error(&r, line, 1,
                        "the header says %lld vertices but only %lld vertex lines follow",
                        (long long)n, (long long)n_lines);
        } else if (r.errors == 0) {
            /* asymmetry and duplicates first: they explain a wrong count */
            rc = check_symmetry(&r, (int32_t)n, has_wgt);
            if (rc == 0 && r.errors == 0 && r.xadj[n] != 2 * m)
                graph_error(&r, header_line, m_column,
                            "the header says %lld edges but the vertex lines list %lld neighbour "
                            "entries (each edge is listed by both ends)",
                            (long long)m, (long long)r.xadj[n]);
        }
    }
    if (rc == 0 && r.errors > 0)
        rc = SL_EINPUT;
    if (rc == 0)
        rc = commit(&r, out, (int32_t)n, (int32_t)ncon, has_vw, has_wgt);
    reader_free(&r);
    return rc;
}

void sl_graph_free(sl_graph *g)
{
    if (!g)
        return;
    sl_arena_free(g->arena);
    sl_free(g);
}
