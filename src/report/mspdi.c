/* SPDX-License-Identifier: MIT */
/*
 * mspdi.c - the waves and gates as a Microsoft Project XML file (MSPDI,
 * the format MS Project saves as XML and ProjectLibre opens), from the
 * plan document (`report --mspdi FILE`).
 *
 * Tasks: the project's summary (UID 0), one milestone per gate on the day
 * it likely passes, then one task per wave spanning its change window,
 * named by the agencies and servers it moves. Each is pinned to its date
 * ("must start on"), so the project tool shows the plan's dates, and the
 * links say what the schedule implies: a wave follows the wave before it
 * (finish-to-start; the schedule fills windows in time order) and every
 * gate that holds one of its moves (groups[].gates: the schedule places
 * no such move before the gate's date). Durations are elapsed hours
 * (DurationFormat 6), since a change window runs nights and weekends
 * that a working-time calendar would skip. Child elements follow the
 * order of Microsoft's mspdi_pj12.xsd sequences, which MS Project checks.
 */
#include "core/file.h"
#include "report/report.h"

#include <string.h>

static void put_elem(FILE *out, const char *indent, const char *name, const char *text)
{
    fprintf(out, "%s<%s>", indent, name);
    sl_html_escape(out, text);
    fprintf(out, "</%s>\n", name);
}

/* "2027-02-05T18:00" or "2027-02-05" -> "2027-02-05T18:00:00" (08:00 for a date). */
static void put_time(FILE *out, const char *indent, const char *name, const char *iso)
{
    char buf[24];
    if (iso && strlen(iso) >= 16)
        snprintf(buf, sizeof buf, "%.16s:00", iso);
    else
        snprintf(buf, sizeof buf, "%.10sT08:00:00", iso ? iso : "1980-01-01");
    put_elem(out, indent, name, buf);
}

static void task_head(FILE *out, long uid, const char *name, int level, const char *start,
                      const char *finish, double hours, bool is_milestone, bool is_summary)
{
    fprintf(out, "    <Task>\n      <UID>%ld</UID>\n      <ID>%ld</ID>\n", uid, uid);
    put_elem(out, "      ", "Name", name);
    fprintf(out, "      <Type>%d</Type>\n      <IsNull>0</IsNull>\n", is_summary ? 1 : 0);
    fprintf(out, "      <WBS>%ld</WBS>\n      <OutlineNumber>%ld</OutlineNumber>\n", uid, uid);
    fprintf(out, "      <OutlineLevel>%d</OutlineLevel>\n", level);
    put_time(out, "      ", "Start", start);
    put_time(out, "      ", "Finish", finish);
    long minutes = (long)(hours * 60 + 0.5);
    fprintf(out, "      <Duration>PT%ldH%ldM0S</Duration>\n      <DurationFormat>6</DurationFormat>\n",
            minutes / 60, minutes % 60);
    fprintf(out, "      <Milestone>%d</Milestone>\n      <Summary>%d</Summary>\n",
            is_milestone ? 1 : 0, is_summary ? 1 : 0);
    if (!is_summary) {
        fprintf(out, "      <ConstraintType>2</ConstraintType>\n");
        put_time(out, "      ", "ConstraintDate", start);
    }
}

static void link(FILE *out, long pred)
{
    fprintf(out,
            "      <PredecessorLink>\n        <PredecessorUID>%ld</PredecessorUID>\n"
            "        <Type>1</Type>\n        <CrossProject>0</CrossProject>\n"
            "        <LinkLag>0</LinkLag>\n        <LagFormat>7</LagFormat>\n"
            "      </PredecessorLink>\n",
            pred);
}

static int fill_mspdi(FILE *out, void *user)
{
    const sl_report *r = user;
    json_t *doc = r->doc;
    const sl_lang *l = r->opts.lang;
    const char *name = sl_jstr(sl_jget(doc, "scenario.name"));
    const char *start = sl_jstr(sl_jget(doc, "scenario.start"));
    const char *finish = sl_jstr(sl_jget(doc, "schedule.finish"));
    if (!finish)
        finish = sl_jstr(sl_jget(doc, "scenario.deadline"));
    json_t *gates = sl_jarray(doc, "calendar.gates");
    json_t *windows = sl_jarray(doc, "schedule.windows");
    json_t *groups = sl_jarray(doc, "groups");
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<Project xmlns=\"http://schemas.microsoft.com/project\">\n"
          "  <SaveVersion>14</SaveVersion>\n",
          out);
    put_elem(out, "  ", "Name", name);
    put_elem(out, "  ", "Title", name);
    fputs("  <ScheduleFromStart>1</ScheduleFromStart>\n", out);
    put_time(out, "  ", "StartDate", start);
    put_time(out, "  ", "FinishDate", finish);
    fputs("  <CalendarUID>1</CalendarUID>\n"
          "  <Calendars>\n    <Calendar>\n      <UID>1</UID>\n      <Name>Standard</Name>\n"
          "      <IsBaseCalendar>1</IsBaseCalendar>\n      <BaseCalendarUID>-1</BaseCalendarUID>\n"
          "    </Calendar>\n  </Calendars>\n  <Tasks>\n",
          out);
    task_head(out, 0, name ? name : "samlok plan", 0, start, finish, 0, false, true);
    fputs("    </Task>\n", out);
    long uid = 1;
    sl_buf b = {0};
    /* gate i has UID 1 + i (of those with a date) */
    size_t n_gates = json_array_size(gates);
    long *gate_uid = sl_calloc(n_gates + 1, sizeof *gate_uid);
    if (!gate_uid)
        return SL_ENOMEM;
    for (size_t g = 0; g < n_gates; g++) {
        json_t *go = json_array_get(gates, g);
        const char *day = sl_jstr(json_object_get(go, "passes_likely"));
        const char *gn = sl_jstr(json_object_get(go, "name"));
        if (!day)
            continue;
        gate_uid[g] = uid;
        b.len = 0;
        char said[768];
        sl_says(said, sizeof said, l, "Gate: %s", gn ? gn : sl_jstr(json_object_get(go, "id")));
        task_head(out, uid++, said, 1, day, day, 0, true, false);
        fputs("    </Task>\n", out);
    }
    long prev = -1;
    for (size_t k = 0; k < json_array_size(windows); k++) {
        json_t *w = json_array_get(windows, k);
        json_t *gs = json_object_get(w, "groups");
        /* the agencies and servers it moves, and the gates that hold them */
        b.len = 0;
        char said[256];
        sl_says(said, sizeof said, l, "Wave %zu:", k + 1);
        sl_buf_puts(&b, said);
        bool *held = sl_calloc(n_gates + 1, sizeof *held);
        if (!held) {
            sl_free(gate_uid);
            sl_buf_free(&b);
            return SL_ENOMEM;
        }
        json_t *per = json_object_get(w, "staff_hours");
        const char *key;
        json_t *val;
        const char *sep = " ";
        json_object_foreach(per, key, val)
        {
            size_t n = 0;
            for (size_t g = 0; g < json_array_size(gs); g++) {
                json_t *go = json_array_get(groups, (size_t)sl_jnum_or(json_array_get(gs, g), 0));
                const char *ga = sl_jstr(json_object_get(go, "agency"));
                if (ga && strcmp(ga, key) == 0)
                    n += json_array_size(json_object_get(go, "workloads"));
            }
            sl_saysn(said, sizeof said, l, n, "%s %zu server", "%s %zu servers", key, n);
            sl_buf_printf(&b, "%s%s", sep, said);
            sep = ", ";
        }
        for (size_t g = 0; g < json_array_size(gs); g++) {
            json_t *go = json_array_get(groups, (size_t)sl_jnum_or(json_array_get(gs, g), 0));
            json_t *ids = json_object_get(go, "gates");
            for (size_t i = 0; i < json_array_size(ids); i++) {
                json_t *gate = sl_jfind(gates, "id", sl_jstr(json_array_get(ids, i)));
                for (size_t q = 0; gate && q < n_gates; q++)
                    if (json_array_get(gates, q) == gate)
                        held[q] = true;
            }
        }
        task_head(out, uid, b.data ? b.data : "Wave", 1, sl_jstr(json_object_get(w, "start")),
                  sl_jstr(json_object_get(w, "end")), sl_jnum_or(json_object_get(w, "hours"), 0),
                  false, false);
        if (prev >= 0)
            link(out, prev);
        for (size_t q = 0; q < n_gates; q++)
            if (held[q] && gate_uid[q])
                link(out, gate_uid[q]);
        fputs("    </Task>\n", out);
        sl_free(held);
        prev = uid++;
    }
    fputs("  </Tasks>\n</Project>\n", out);
    bool failed = b.failed;
    sl_buf_free(&b);
    sl_free(gate_uid);
    if (failed)
        return SL_ENOMEM;
    return ferror(out) ? SL_EIO : 0;
}

/* Numbers in the file are written the C way whatever the process locale. */
static int fill_mspdi_c(FILE *out, void *user)
{
    sl_c_numbers cn;
    sl_c_numbers_begin(&cn);
    int rc = fill_mspdi(out, user);
    sl_c_numbers_end(&cn);
    return rc;
}

int sl_report_add_mspdi(sl_outputs *o, const char *path, const sl_report *r, sl_diag *d)
{
    return sl_outputs_add(o, path, fill_mspdi_c, (void *)(uintptr_t)r, d);
}

int sl_report_write_mspdi(const char *path, const sl_report *r, sl_diag *d)
{
    return sl_file_write_atomic(path, fill_mspdi_c, (void *)(uintptr_t)r, d);
}
