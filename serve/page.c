/* SPDX-License-Identifier: MIT */
/*
 * page.c - the page `samlok serve` shows: a shell that the script
 * (app.js) fills with the controls, the report's front sections, the
 * variants and the sweep. Its style is the HTML report's stylesheet
 * (sl_report_html_style) followed by app.css; both the style and the
 * script are inline and carry the response's nonce, which its
 * Content-Security-Policy names as the only source of either, so no other
 * script (an injected one included) can run. Everything it fetches is
 * this server's own API (connect-src 'self'): the page works offline.
 * Its words are the catalogue's (sl_tr, in the session's language), and
 * so are the script's: the page carries them as JSON (words.c), data the
 * browser never runs.
 */
#include "serve.h"
#include "app_assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void escaped_char(FILE *f, char c)
{
    switch (c) {
    case '&':
        fputs("&amp;", f);
        break;
    case '<':
        fputs("&lt;", f);
        break;
    case '>':
        fputs("&gt;", f);
        break;
    case '"':
        fputs("&quot;", f);
        break;
    case '\'':
        fputs("&#39;", f);
        break;
    default:
        fputc(c, f);
    }
}

static void escaped(FILE *f, const char *s)
{
    for (; s && *s; s++)
        escaped_char(f, *s);
}

/* A message of the page in its language, escaped, each %s of it
 * replaced by the next of n pieces of HTML (a translation with other
 * conversions than the message's is not used, sl_tr_format). */
static void sv_say_with(FILE *f, const sl_lang *l, const char *fmt, size_t n,
                        const char *const *html)
{
    size_t k = 0;
    for (const char *s = sl_tr_format(fmt, sl_tr(l, fmt)); *s; s++) {
        if (s[0] == '%' && (s[1] == 's' || s[1] == '%')) {
            if (s[1] == '%')
                fputc('%', f);
            else if (k < n)
                fputs(html[k++], f);
            s++;
        } else {
            escaped_char(f, *s);
        }
    }
}

static void sv_say(FILE *f, const sl_lang *l, const char *msg)
{
    sv_say_with(f, l, msg, 0, NULL);
}

/* The page after its heading: pieces of HTML, each followed by a message
 * said in the page's language (none after the last). */
typedef struct piece {
    const char *html, *message;
} piece;

static const piece body[] = {
    {"</p>\n<div id=\"status\" role=\"status\" aria-live=\"polite\">", N_("Loading…")},
    {"</div>\n<div id=\"changes\"></div><div id=\"error\" role=\"alert\"></div>\n</header>\n"
     "<div class=\"layout\">\n<aside id=\"controls\" aria-label=\"",
     N_("Controls")},
    {"\"></aside>\n<main>\n<div id=\"headline\"></div>\n<div id=\"report\"></div>\n"
     "<section class=\"panel\" id=\"variants-panel\">\n<h2>",
     N_("Variants tried")},
    {"</h2>\n<p class=\"lead\">",
     N_("Each full plan of this session, newest first (the latest kept). Export one as a "
        "scenario file with its --set lines, a plan document or a report; compare the ticked "
        "ones side by side.")},
    {"</p>\n<div class=\"scroll\"><table><thead><tr><th></th><th>", N_("variant")},
    {"</th><th>", N_("overrides")},
    {"</th><th>", N_("verdicts")},
    {"</th><th></th></tr></thead><tbody id=\"variants\"></tbody></table></div>\n"
     "<button type=\"button\" id=\"compare-run\">",
     N_("Compare the ticked variants")},
    {"</button>\n<div id=\"compare\" class=\"scroll\"></div>\n</section>\n"
     "<section class=\"panel\" id=\"sweep-panel\">\n<h2>",
     N_("Sweep over two controls")},
    {"</h2>\n<p class=\"lead\">",
     N_("P(on time) and the verdict over a grid of two controls, one value a line, from the "
        "overrides set now; computed in the background with the quick iteration count.")},
    {"</p>\n<div class=\"sweep-form\">\n<label>", N_("across (x)")},
    {"<br><select id=\"sweep-x\"></select></label>\n<label>", N_("values of x")},
    {"<br><textarea id=\"sweep-x-values\"></textarea></label>\n<label>", N_("down (y)")},
    {"<br><select id=\"sweep-y\"></select></label>\n<label>", N_("values of y")},
    {"<br><textarea id=\"sweep-y-values\"></textarea></label>\n<label>",
     N_("colour by the verdict of")},
    {"<br><select id=\"sweep-agency\"><option value=\"\">", N_("all joining agencies (P only)")},
    {"</option></select></label>\n</div>\n<p><button type=\"button\" id=\"sweep-run\">",
     N_("Run the sweep")},
    {"</button> <button type=\"button\" id=\"sweep-cancel\">", N_("Cancel")},
    {"</button> <progress id=\"sweep-progress\" value=\"0\" max=\"1\"></progress> "
     "<span id=\"sweep-count\"></span></p>\n<div id=\"sweep-error\"></div>\n"
     "<div id=\"sweep-grid\" class=\"scroll\"></div>\n</section>\n</main>\n</div>\n"
     "<script type=\"application/json\" id=\"samlok-words\">",
     NULL},
};

int sv_page(sv_response *out, const sv_session *s, const char *nonce)
{
    const sl_model *m = sl_workspace_model(sv_session_workspace(s));
    const sl_lang *l = sv_session_lang(s);
    memset(out, 0, sizeof *out);
    char *words = sv_words_json(l);
    if (!words)
        return SL_ENOMEM;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        free(words);
        return SL_ENOMEM;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"", f);
    escaped(f, sl_lang_code(l));
    fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    /* the scenario's name, escaped */
    char *name = NULL;
    size_t name_len = 0;
    FILE *nf = open_memstream(&name, &name_len);
    if (nf) {
        escaped(nf, m->name);
        fclose(nf);
    }
    const char *head[] = {name ? name : ""};
    sv_say_with(f, l, "%s: what if?", 1, head);
    fprintf(f, "</title>\n<style nonce=\"%s\">\n%s\n%s</style>\n</head>\n<body>\n", nonce,
            sl_report_html_style(), sv_app_css);
    char start[11], deadline[11];
    sl_date_format(start, m->start);
    sl_date_format(deadline, m->deadline);
    fputs("<header class=\"bar\">\n<h1>", f);
    /* the file and the command are references, read as written (class "ref") */
    char *file = NULL;
    size_t file_len = 0;
    FILE *ff = open_memstream(&file, &file_len);
    if (ff) {
        fputs("<code class=\"ref\">", ff);
        escaped(ff, m->file);
        fputs("</code>", ff);
        fclose(ff);
    }
    sv_say_with(f, l, "%s: what if?", 1, head);
    fputs("</h1>\n<p class=\"meta\">", f);
    const char *meta[] = {file ? file : "", start, deadline,
                          "<code class=\"ref\">samlok report --html</code>"};
    sv_say_with(f, l,
                "Scenario %s, start %s, deadline %s as loaded. Every figure below is the report's "
                "(%s), re-planned on each change.",
                4, meta);
    free(name);
    free(file);
    for (size_t i = 0; i < sizeof body / sizeof body[0]; i++) {
        fputs(body[i].html, f);
        if (body[i].message)
            sv_say(f, l, body[i].message);
    }
    fputs(words, f);
    fputs("</script>\n", f);
    free(words);
    fprintf(f, "<script nonce=\"%s\">\n%s</script>\n</body>\n</html>\n", nonce, sv_app_js);
    if (fclose(f) != 0) {
        free(buf);
        return SL_ENOMEM;
    }
    out->status = 200;
    out->body = buf;
    out->len = len;
    out->owned = true;
    out->type = "text/html; charset=utf-8";
    snprintf(out->csp, sizeof out->csp,
             "default-src 'none'; script-src 'nonce-%s'; style-src 'nonce-%s'; "
             "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
             "frame-ancestors 'none'",
             nonce, nonce);
    return 0;
}
