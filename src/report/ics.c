/* SPDX-License-Identifier: MIT */
/*
 * ics.c - the plan's calendar as iCalendar (RFC 5545), for the project
 * office's calendar: one event per wave per agency moving in it, from the
 * window's start to its end, and one all-day event per gate on the day it
 * likely passes. Built from the plan document (`report --ics FILE`).
 *
 * Every UID is a function of the scenario's name and what the event is
 * (window index and agency, or gate id), so importing the file of a
 * re-planned scenario updates the events instead of adding copies; each
 * event's SEQUENCE is the same function of its dates, so a moved wave is
 * newer to the calendar than the one it replaces. Times are floating
 * local times (the windows are local); DTSTAMP, which RFC 5545 requires,
 * is the scenario's start, so the same plan gives the same bytes.
 * Text values are escaped (\\ ; , and newlines) and lines folded at 75
 * octets, never inside a UTF-8 character; lines end in CRLF.
 */
#include "core/file.h"
#include "report/report.h"

#include <string.h>

/* Writes one content line, folded (RFC 5545 3.1). */
static void put_line(FILE *out, const char *s)
{
    size_t len = strlen(s), col = 0;
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        while (i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
            n++;
        if (col + n > 75) {
            fputs("\r\n ", out);
            col = 1;
        }
        fwrite(s + i, 1, n, out);
        col += n;
        i += n;
    }
    fputs("\r\n", out);
}

/* NAME:value with the value escaped as TEXT (3.3.11); control characters
 * other than newline become spaces. */
static void put_text(FILE *out, sl_buf *b, const char *name, const char *v)
{
    b->len = 0;
    sl_buf_printf(b, "%s:", name);
    for (const char *p = v ? v : ""; *p; p++) {
        if (*p == '\\' || *p == ';' || *p == ',')
            sl_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            sl_buf_puts(b, "\\n");
        else if ((unsigned char)*p < 0x20 || *p == 0x7f)
            sl_buf_puts(b, " ");
        else
            sl_buf_append(b, p, 1);
    }
    if (!b->failed)
        put_line(out, b->data);
}

/* "2027-02-05T18:00" -> "20270205T180000"; "2027-02-05" -> "20270205". */
static bool ics_time(char *buf, size_t cap, const char *iso)
{
    if (!iso || strlen(iso) < 10)
        return false;
    if (strlen(iso) >= 16 && iso[10] == 'T')
        return (size_t)snprintf(buf, cap, "%.4s%.2s%.2sT%.2s%.2s00", iso, iso + 5, iso + 8,
                                iso + 11, iso + 14) < cap;
    return (size_t)snprintf(buf, cap, "%.4s%.2s%.2s", iso, iso + 5, iso + 8) < cap;
}

/* The scenario's name as a UID part: letters, digits and '-' only. */
static void uid_part(sl_buf *b, const char *s)
{
    for (; s && *s; s++) {
        char c = *s;
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        sl_buf_append(b, keep ? s : "-", 1);
    }
}

/* A small number that changes when the dates change (FNV-1a, 31 bits). */
static unsigned long sequence_of(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (const char *p = a ? a : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    for (const char *p = b ? b : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h & 0x7fffffffu;
}

static void begin_event(FILE *out, sl_buf *b, const char *uid, const char *stamp,
                        unsigned long seq)
{
    put_line(out, "BEGIN:VEVENT");
    b->len = 0;
    sl_buf_printf(b, "UID:%s", uid);
    put_line(out, b->data ? b->data : "UID:?");
    b->len = 0;
    sl_buf_printf(b, "DTSTAMP:%sT000000Z", stamp);
    put_line(out, b->data ? b->data : "");
    b->len = 0;
    sl_buf_printf(b, "SEQUENCE:%lu", seq);
    put_line(out, b->data ? b->data : "");
}

static int fill_ics(FILE *out, void *user)
{
    const sl_report *r = user;
    json_t *doc = r->doc;
    const sl_lang *l = r->opts.lang;
    const char *name = sl_jstr(sl_jget(doc, "scenario.name"));
    char stamp[16];
    if (!ics_time(stamp, sizeof stamp, sl_jstr(sl_jget(doc, "scenario.start"))))
        snprintf(stamp, sizeof stamp, "19800101");
    sl_buf b = {0}, uid = {0}, text = {0};
    sl_buf base = {0};
    bool lost = false; /* a text that could not be built: out of memory */
    sl_buf_puts(&base, "samlok-");
    uid_part(&base, name);
    put_line(out, "BEGIN:VCALENDAR");
    put_line(out, "VERSION:2.0");
    put_line(out, "PRODID:-//samlok//samlok " SAMLOK_VERSION "//EN");
    put_line(out, "CALSCALE:GREGORIAN");
    put_text(out, &b, "X-WR-CALNAME", name);
    json_t *windows = sl_jarray(doc, "schedule.windows");
    json_t *groups = sl_jarray(doc, "groups");
    json_t *agencies = sl_jarray(doc, "scenario.agencies");
    for (size_t k = 0; k < json_array_size(windows); k++) {
        json_t *w = json_array_get(windows, k);
        const char *ws = sl_jstr(json_object_get(w, "start")), *we = sl_jstr(json_object_get(w, "end"));
        char start[20], end[20];
        if (!ics_time(start, sizeof start, ws) || !ics_time(end, sizeof end, we))
            continue;
        json_int_t index = json_integer_value(json_object_get(w, "index"));
        json_t *gs = json_object_get(w, "groups");
        for (size_t a = 0; a < json_array_size(agencies); a++) {
            const char *ag = sl_jstr(json_object_get(json_array_get(agencies, a), "id"));
            size_t n = 0;
            text.len = 0;
            for (size_t g = 0; ag && g < json_array_size(gs); g++) {
                json_t *go = json_array_get(groups, (size_t)sl_jnum_or(json_array_get(gs, g), 0));
                const char *ga = sl_jstr(json_object_get(go, "agency"));
                if (!ga || strcmp(ga, ag) != 0)
                    continue;
                json_t *ids = json_object_get(go, "workloads");
                for (size_t i = 0; i < json_array_size(ids); i++, n++)
                    sl_buf_printf(&text, "%s%s", text.len ? ", " : "",
                                  sl_jstr(json_array_get(ids, i)) ? sl_jstr(json_array_get(ids, i)) : "?");
            }
            if (!n)
                continue;
            uid.len = 0;
            sl_buf_printf(&uid, "%s-w%lld-", base.data ? base.data : "samlok-", (long long)index);
            uid_part(&uid, ag);
            sl_buf_puts(&uid, "@samlok");
            begin_event(out, &b, uid.data ? uid.data : "?", stamp, sequence_of(ws, we));
            b.len = 0;
            sl_buf_printf(&b, "DTSTART:%s", start);
            put_line(out, b.data ? b.data : "");
            b.len = 0;
            sl_buf_printf(&b, "DTEND:%s", end);
            put_line(out, b.data ? b.data : "");
            sl_buf other = {0};
            char said[768];
            sl_saysn(said, sizeof said, l, n, "Wave %zu: %s moves %zu server",
                     "Wave %zu: %s moves %zu servers", k + 1, ag, n);
            put_text(out, &b, "SUMMARY", said);
            double h = sl_jnum_or(sl_jget(w, "staff_hours") ? json_object_get(json_object_get(w, "staff_hours"), ag) : NULL, 0);
            sl_says(said, sizeof said, l, "%s, change window %lld (%s to %s), %.0f staff hours.",
                    name ? name : "", (long long)index, ws, we, h);
            sl_buf_printf(&other, "%s\n%s %s", said, sl_tr(l, "Servers:"), text.data ? text.data : "");
            put_text(out, &b, "DESCRIPTION", other.data);
            lost |= other.failed;
            sl_buf_free(&other);
            put_text(out, &b, "CATEGORIES", sl_tr(l, "migration wave"));
            put_line(out, "TRANSP:OPAQUE");
            put_line(out, "END:VEVENT");
        }
    }
    json_t *gates = sl_jarray(doc, "calendar.gates");
    for (size_t g = 0; g < json_array_size(gates); g++) {
        json_t *go = json_array_get(gates, g);
        const char *id = sl_jstr(json_object_get(go, "id"));
        sl_date day = sl_jdate(json_object_get(go, "passes_likely"));
        if (!id || day == SL_DATE_NONE)
            continue;
        char d0[11], d1[11], v0[10], v1[10];
        sl_date_format(d0, day);
        sl_date_format(d1, day + 1);
        ics_time(v0, sizeof v0, d0);
        ics_time(v1, sizeof v1, d1);
        uid.len = 0;
        sl_buf_printf(&uid, "%s-gate-", base.data ? base.data : "samlok-");
        uid_part(&uid, id);
        sl_buf_puts(&uid, "@samlok");
        begin_event(out, &b, uid.data ? uid.data : "?", stamp, sequence_of(d0, NULL));
        b.len = 0;
        sl_buf_printf(&b, "DTSTART;VALUE=DATE:%s", v0);
        put_line(out, b.data ? b.data : "");
        b.len = 0;
        sl_buf_printf(&b, "DTEND;VALUE=DATE:%s", v1);
        put_line(out, b.data ? b.data : "");
        const char *gname = sl_jstr(json_object_get(go, "name"));
        text.len = 0;
        char said[1024];
        sl_says(said, sizeof said, l, "Gate likely passes: %s", gname ? gname : id);
        put_text(out, &b, "SUMMARY", said);
        sl_says(said, sizeof said, l,
                      "%s (%s): likely passes %s; 10 %% chance by %s, 90 %% by %s; "
                      "probability it passes at all %.0f %%. Applies to: %s.",
                      id, sl_label(l, "category", sl_jstr(json_object_get(go, "kind"))),
                      d0, sl_jstr(json_object_get(go, "passes_p10")) ? sl_jstr(json_object_get(go, "passes_p10")) : "?",
                      sl_jstr(json_object_get(go, "passes_p90")) ? sl_jstr(json_object_get(go, "passes_p90")) : "?",
                      100 * sl_jnum_or(json_object_get(go, "pass_probability"), 1),
                      sl_jstr(json_object_get(go, "applies_to")) ? sl_jstr(json_object_get(go, "applies_to")) : "?");
        put_text(out, &b, "DESCRIPTION", said);
        put_text(out, &b, "CATEGORIES", sl_tr(l, "gate"));
        put_line(out, "TRANSP:TRANSPARENT");
        put_line(out, "END:VEVENT");
    }
    put_line(out, "END:VCALENDAR");
    bool failed = lost || b.failed || uid.failed || text.failed || base.failed;
    sl_buf_free(&b);
    sl_buf_free(&uid);
    sl_buf_free(&text);
    sl_buf_free(&base);
    if (failed)
        return SL_ENOMEM;
    return ferror(out) ? SL_EIO : 0;
}

/* Numbers in the file are written the C way whatever the process locale. */
static int fill_ics_c(FILE *out, void *user)
{
    sl_c_numbers cn;
    sl_c_numbers_begin(&cn);
    int rc = fill_ics(out, user);
    sl_c_numbers_end(&cn);
    return rc;
}

int sl_report_add_ics(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d)
{
    return sl_outputs_add(o, path, fill_ics_c, (void *)(uintptr_t)r, d);
}

int sl_report_write_ics(const char *path, const sl_report *r, sl_diag *d)
{
    return sl_file_write_atomic(path, fill_ics_c, (void *)(uintptr_t)r, d);
}
