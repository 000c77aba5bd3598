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
 */
#include "serve.h"
#include "app_assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void escaped(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
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
            fputc(*s, f);
        }
    }
}

int sv_page(sv_response *out, const sv_session *s, const char *nonce)
{
    const sl_model *m = sl_workspace_model(sv_session_workspace(s));
    memset(out, 0, sizeof *out);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return SL_ENOMEM;
    fputs("<!DOCTYPE html>\n<html lang=\"", f);
    escaped(f, sl_lang_code(sv_session_lang(s)));
    fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    escaped(f, m->name);
    fprintf(f, " - samlok serve</title>\n<style nonce=\"%s\">\n%s\n%s</style>\n</head>\n<body>\n",
            nonce, sl_report_html_style(), sv_app_css);
    char start[11], deadline[11];
    sl_date_format(start, m->start);
    sl_date_format(deadline, m->deadline);
    fputs("<header class=\"bar\">\n<h1>", f);
    escaped(f, m->name);
    fputs(": what if?</h1>\n<p class=\"meta\">Scenario ", f);
    escaped(f, m->file);
    fprintf(f,
            ", start %s, deadline %s as loaded. Every figure below is the report's "
            "(samlok report --html), re-planned on each change.</p>\n",
            start, deadline);
    fputs("<div id=\"status\" role=\"status\" aria-live=\"polite\">Loading\xe2\x80\xa6</div>\n"
          "<div id=\"changes\"></div><div id=\"error\" role=\"alert\"></div>\n</header>\n"
          "<div class=\"layout\">\n<aside id=\"controls\" aria-label=\"Controls\"></aside>\n"
          "<main>\n<div id=\"headline\"></div>\n<div id=\"report\"></div>\n"
          "<section class=\"panel\" id=\"variants-panel\">\n<h2>Variants tried</h2>\n"
          "<p class=\"lead\">Each full plan of this session, newest first (the latest "
          "kept). Export one as a scenario file with its --set lines, a plan document or a "
          "report; compare the ticked ones side by side.</p>\n"
          "<div class=\"scroll\"><table><thead><tr><th></th><th>variant</th>"
          "<th>overrides</th><th>verdicts</th><th></th></tr></thead>"
          "<tbody id=\"variants\"></tbody></table></div>\n"
          "<button type=\"button\" id=\"compare-run\">Compare the ticked variants</button>\n"
          "<div id=\"compare\" class=\"scroll\"></div>\n</section>\n"
          "<section class=\"panel\" id=\"sweep-panel\">\n<h2>Sweep over two controls</h2>\n"
          "<p class=\"lead\">P(on time) and the verdict over a grid of two controls, one value "
          "a line, from the overrides set now; computed in the background with the quick "
          "iteration count.</p>\n<div class=\"sweep-form\">\n"
          "<label>across (x)<br><select id=\"sweep-x\"></select></label>\n"
          "<label>values of x<br><textarea id=\"sweep-x-values\"></textarea></label>\n"
          "<label>down (y)<br><select id=\"sweep-y\"></select></label>\n"
          "<label>values of y<br><textarea id=\"sweep-y-values\"></textarea></label>\n"
          "<label>colour by the verdict of<br><select id=\"sweep-agency\">"
          "<option value=\"\">all joining agencies (P only)</option></select></label>\n"
          "</div>\n<p><button type=\"button\" id=\"sweep-run\">Run the sweep</button> "
          "<button type=\"button\" id=\"sweep-cancel\">Cancel</button> "
          "<progress id=\"sweep-progress\" value=\"0\" max=\"1\"></progress> "
          "<span id=\"sweep-count\"></span></p>\n<div id=\"sweep-error\"></div>\n"
          "<div id=\"sweep-grid\" class=\"scroll\"></div>\n</section>\n</main>\n</div>\n",
          f);
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
