/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - a sweep's table (src/sweep.c) written as JSON, CSV and an
 * HTML page of heat maps. Each is written from the table's JSON document
 * only, so a table merged from shards is written byte for byte as the
 * unsharded one. Shares are written from counts with integer arithmetic
 * (no printf of a double), so no locale changes them.
 */
#include "report/report.h"
#include "sweep.h"

#include <string.h>

int sl_write_sweep_json(FILE *out, const sl_sweep *s)
{
    if (json_dumpf(s->root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER))
        return SL_EIO;
    fputc('\n', out);
    return ferror(out) ? SL_EIO : 0;
}

/* on of n as a share with 4 decimals ("0.9731"), rounded half up. */
static void put_share(FILE *out, json_int_t on, json_int_t n)
{
    long long q = n > 0 ? (long long)((on * 20000 + n) / (2 * n)) : 0;
    fprintf(out, "%lld.%04lld", q / 10000, q % 10000);
}

/* on of n as a whole percentage ("97%"). */
static long long percent(json_int_t on, json_int_t n)
{
    return n > 0 ? (long long)((on * 200 + n) / (2 * n)) : 0;
}

/* A CSV field, quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

int sl_write_sweep_csv(FILE *out, const sl_sweep *s)
{
    json_t *grid = json_object_get(s->root, "grid"), *agencies = json_object_get(s->root, "agencies");
    json_int_t n = json_integer_value(json_object_get(s->root, "iterations"));
    size_t i, k;
    json_t *axis, *r;
    fputs("point", out);
    json_array_foreach(grid, i, axis)
    {
        fputc(',', out);
        csv_field(out, json_string_value(json_object_get(axis, "path")));
    }
    fputs(",agency,verdict,p_on_time,on_time,iterations\n", out);
    json_array_foreach(json_object_get(s->root, "rows"), k, r)
    {
        json_t *values = json_object_get(r, "values"), *res;
        size_t a;
        json_array_foreach(json_object_get(r, "results"), a, res)
        {
            fprintf(out, "%lld", (long long)json_integer_value(json_object_get(r, "point")));
            json_t *v;
            json_array_foreach(values, i, v)
            {
                fputc(',', out);
                csv_field(out, json_string_value(v));
            }
            fputc(',', out);
            csv_field(out, json_string_value(json_array_get(agencies, a)));
            fprintf(out, ",%s,", json_string_value(json_object_get(res, "verdict")));
            json_int_t on = json_integer_value(json_object_get(res, "on_time"));
            put_share(out, on, n);
            fprintf(out, ",%lld,%lld\n", (long long)on, (long long)n);
        }
    }
    return ferror(out) ? SL_EIO : 0;
}

#define CELL_W 92
#define CELL_H 40
#define LABEL_W 120
#define HEAD_H 24

/* The verdict under a cell: short in English ("cond.", "no-go"), the
 * verdict's word in another language. */
static const char *short_verdict(const sl_lang *l, const char *v)
{
    if (l)
        return sl_label(l, "verdict", v);
    if (strcmp(v, "conditional") == 0)
        return "cond.";
    if (strcmp(v, "no_go") == 0)
        return "no-go";
    return v;
}

/* The sweep's grid in the order its points run (the last axis fastest):
 * axis 0 across, axis 1 down, the rest one map per combination. */
typedef struct grid_shape {
    json_t *grid;
    size_t n_axes, n_x, n_y, n_rest;
    json_t **by_point; /* the rows by point; NULL where a shard has none */
} grid_shape;

static size_t axis_size(json_t *grid, size_t i)
{
    return json_array_size(json_object_get(json_array_get(grid, i), "values"));
}

static const char *axis_value(json_t *grid, size_t i, size_t k)
{
    return json_string_value(json_array_get(json_object_get(json_array_get(grid, i), "values"), k));
}

static const char *axis_path(json_t *grid, size_t i)
{
    return json_string_value(json_object_get(json_array_get(grid, i), "path"));
}

/* Heat colour of a share: hue 0 (red) to 120 (green), in whole degrees. */
static long long hue(json_int_t on, json_int_t n)
{
    return n > 0 ? (long long)((on * 240 + n) / (2 * n)) : 0;
}

/* Agency a's map at the combination `rest` of the axes after the second. */
static void heat_map(FILE *out, const grid_shape *g, size_t a, json_int_t n, size_t rest,
                     const sl_lang *l)
{
    size_t w = LABEL_W + g->n_x * CELL_W, h = HEAD_H + g->n_y * CELL_H;
    fprintf(out,
            "<svg class=\"heat\" width=\"%zu\" height=\"%zu\" viewBox=\"0 0 %zu %zu\" "
            "role=\"img\">\n",
            w, h, w, h);
    for (size_t x = 0; x < g->n_x; x++) {
        fprintf(out, "<text x=\"%zu\" y=\"16\" text-anchor=\"middle\">",
                LABEL_W + x * CELL_W + CELL_W / 2);
        sl_html_escape(out, axis_value(g->grid, 0, x));
        fputs("</text>\n", out);
    }
    for (size_t y = 0; y < g->n_y; y++) {
        size_t top = HEAD_H + y * CELL_H;
        fprintf(out, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">", LABEL_W - 8,
                top + CELL_H / 2 + 5);
        if (g->n_axes > 1)
            sl_html_escape(out, axis_value(g->grid, 1, y));
        fputs("</text>\n", out);
        for (size_t x = 0; x < g->n_x; x++) {
            size_t left = LABEL_W + x * CELL_W;
            json_t *r = g->by_point[(x * g->n_y + y) * g->n_rest + rest];
            json_t *res = json_array_get(json_object_get(r, "results"), a);
            if (!res) {
                fprintf(out,
                        "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" fill=\"#eee\" "
                        "stroke=\"#fff\"/>\n",
                        left, top, CELL_W, CELL_H);
                continue;
            }
            json_int_t on = json_integer_value(json_object_get(res, "on_time"));
            const char *verdict = json_string_value(json_object_get(res, "verdict"));
            fprintf(out,
                    "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" "
                    "fill=\"hsl(%lld,60%%,72%%)\" stroke=\"#fff\"><title>%s, %s ",
                    left, top, CELL_W, CELL_H, hue(on, n),
                    l ? sl_label(l, "verdict", verdict) : verdict, sl_tr(l, "P(on time)"));
            put_share(out, on, n);
            fputs("</title></rect>\n", out);
            fprintf(out,
                    "<text x=\"%zu\" y=\"%zu\" text-anchor=\"middle\">%lld%%</text>\n"
                    "<text x=\"%zu\" y=\"%zu\" text-anchor=\"middle\" class=\"v\">%s</text>\n",
                    left + CELL_W / 2, top + 17, percent(on, n), left + CELL_W / 2, top + 32,
                    short_verdict(l, verdict));
        }
    }
    fputs("</svg>\n", out);
}

int sl_write_sweep_html(FILE *out, const sl_sweep *s, const sl_lang *l)
{
    grid_shape g = {json_object_get(s->root, "grid"), 0, 0, 1, 1, NULL};
    g.n_axes = json_array_size(g.grid);
    g.n_x = g.n_axes ? axis_size(g.grid, 0) : 1;
    if (g.n_axes > 1)
        g.n_y = axis_size(g.grid, 1);
    for (size_t i = 2; i < g.n_axes; i++)
        g.n_rest *= axis_size(g.grid, i);
    size_t total = g.n_x * g.n_y * g.n_rest;
    g.by_point = sl_calloc(total ? total : 1, sizeof *g.by_point);
    if (!g.by_point)
        return SL_ENOMEM;
    size_t k;
    json_t *r;
    json_array_foreach(json_object_get(s->root, "rows"), k, r)
    {
        json_int_t p = json_integer_value(json_object_get(r, "point"));
        if (p >= 0 && (size_t)p < total)
            g.by_point[p] = r;
    }
    json_int_t n = json_integer_value(json_object_get(s->root, "iterations"));
    const char *name = json_string_value(json_object_get(s->root, "scenario"));
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
            sl_lang_code(l));
    sl_html_escape(out, name ? name : "");
    fprintf(out, " - %s</title>\n", sl_tr(l, "sweep"));
    fputs("<style>\n"
          ":root{--ink:#1d2330;--muted:#5d6470;--line:#d9dde3;--bg:#f6f7f9}\n"
          "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;"
          "color:var(--ink);background:#fff}\n"
          "header{padding:28px 40px 12px;border-bottom:1px solid var(--line);"
          "background:var(--bg)}\n"
          "h1{margin:0 0 4px;font-size:26px}h2{font-size:21px;margin:0 0 10px}"
          "h3{font-size:16px;margin:18px 0 8px}\n"
          ".meta{color:var(--muted);margin:0}\n"
          "main{padding:8px 40px 40px;max-width:1100px}\n"
          "section{padding-top:22px;border-bottom:1px solid var(--line);padding-bottom:18px}\n"
          "svg.heat{font-size:13px;display:block;margin:6px 0}svg.heat .v{font-size:11px;"
          "fill:var(--muted)}\n"
          "</style>\n</head>\n<body>\n<header>\n<h1>",
          out);
    sl_html_escape(out, name ? name : "");
    fprintf(out, ": %s</h1>\n<p class=\"meta\">", sl_tr(l, "sweep"));
    /* one sentence, escaped whole (paths and the seed come from the
     * command line) */
    const char *seed = json_string_value(json_object_get(s->root, "seed"));
    char meta[1024], its[32];
    snprintf(its, sizeof its, "%lld", (long long)n);
    if (g.n_axes > 1)
        sl_saysn(meta, sizeof meta, l, (unsigned long)n,
                 "P(on time) and verdict per joining agency; across: "
                 "%s; down: %s; %s iteration a point, seed %s.",
                 "P(on time) and verdict per joining agency; across: "
                 "%s; down: %s; %s iterations a point, seed %s.",
                 axis_path(g.grid, 0), axis_path(g.grid, 1), its, seed ? seed : "");
    else
        sl_saysn(meta, sizeof meta, l, (unsigned long)n,
                 "P(on time) and verdict per joining agency; across: "
                 "%s; %s iteration a point, seed %s.",
                 "P(on time) and verdict per joining agency; across: "
                 "%s; %s iterations a point, seed %s.",
                 g.n_axes ? axis_path(g.grid, 0) : "", its, seed ? seed : "");
    sl_html_escape(out, meta);
    fputs("</p>\n</header>\n<main>\n", out);
    size_t a;
    json_t *agency;
    json_array_foreach(json_object_get(s->root, "agencies"), a, agency)
    {
        fputs("<section>\n<h2>", out);
        sl_html_escape(out, json_string_value(agency));
        fputs("</h2>\n", out);
        for (size_t rest = 0; rest < g.n_rest; rest++) {
            if (g.n_axes > 2) {
                fputs("<h3>", out);
                /* the combination's values, first axis first */
                size_t div = g.n_rest;
                for (size_t i = 2; i < g.n_axes; i++) {
                    div /= axis_size(g.grid, i);
                    fputs(i > 2 ? ", " : "", out);
                    sl_html_escape(out, axis_path(g.grid, i));
                    fputc('=', out);
                    sl_html_escape(out, axis_value(g.grid, i, (rest / div) % axis_size(g.grid, i)));
                }
                fputs("</h3>\n", out);
            }
            heat_map(out, &g, a, n, rest, l);
        }
        fputs("</section>\n", out);
    }
    fputs("</main>\n</body>\n</html>\n", out);
    sl_free(g.by_point);
    return ferror(out) ? SL_EIO : 0;
}
