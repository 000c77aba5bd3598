#!/usr/bin/env python3
"""Independent checker of a samlok schedule.

Shares no code with samlok's scheduler: it re-derives the calendar of change
windows, every freeze, every gate date and every capacity from the scenario
file itself (PyYAML), takes the workloads as the plan document echoes them,
and verifies that the schedule in the plan document keeps every rule:

  * every workload is either in a window or listed as unscheduled, never both,
    unless the scenario declares it not to move (an agency's `stays:`, whose
    selection is re-derived here): then it is in neither, and listed in
    accounting.declared with its disposition and reason;
  * every joining agency's workloads add up: inventory = moved + unmovable +
    declared, each count and each reason's count as recomputed here;
  * freezes clip windows: for an agency, a window keeps the minutes that
    fall on days in neither the agency's freezes nor the target's; no
    workload moves in a window with no such minute;
  * no workload moves before every gate that applies to it has passed (at the
    gate's most likely lead time), the hardware gate included;
  * per window and agency, the staff hours used (method effort + effort per
    TB) stay within the agency's weekly migration hours (shared by length
    among the week's windows), whatever a freeze clips off the window (it
    stops changes, not people);
  * per window and source site, the data copied stays within what the link
    carries in the hours the window is open to the site's owner (Gbit/s x
    usable share x open hours);
  * at most `max_critical_groups` groups holding a tier-1 workload per window;
  * at most `max_workloads` workloads per window;
  * a move group never spans two windows;
  * target capacity is never exceeded: for every calendar window w, the
    load (right-sized vCPU and RAM GB) of every group moved in a window
    <= w stays within the capacity of window w; both the capacity steps
    and the group loads are read from the plan's schedule.target_capacity
    (they come from the placement, which this checker does not redo), and
    a workload listed as no_target_capacity must belong to a group that
    would not fit even in the last window;
  * the figures the plan reports per window (staff hours, TB, workloads) are
    the ones recomputed here, and the finish (overall and per agency) is
    the last open day of the last window the agency moves in.

Usage: check_schedule.py SCENARIO.yaml PLAN.json   (exit 0 = every rule holds)
"""
import datetime as dt
import json
import sys

import yaml

TOL = 1e-6


def as_date(v):
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def value(v):
    """The most likely value of a number or distribution."""
    if isinstance(v, dict):
        if "likely" in v:
            return float(v["likely"])
        if "median" in v:
            return float(v["median"])
        return (float(v["min"]) + float(v["max"])) / 2
    return float(v)


def add_months(day, months):
    """Whole months with the day clamped to the month's end, then the
    fraction as a share of the target month's days, rounded."""
    months = max(0.0, min(1200.0, months))
    whole = int(months)
    frac = months - whole
    total = day.year * 12 + (day.month - 1) + whole
    y, m = divmod(total, 12)
    m += 1
    dim = days_in_month(y, m)
    d = dt.date(y, m, min(day.day, dim))
    return d + dt.timedelta(days=int(frac * dim + 0.5))


def days_in_month(y, m):
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - dt.date(y, m, 1)).days


def parse_time(v):
    if isinstance(v, int):  # YAML 1.1 reads 18:00 as sexagesimal 1080
        return v
    h, m = str(v).split(":")
    return int(h) * 60 + int(m)


DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def windows_of(scn):
    rules = (scn.get("windows") or {}).get("weekly") or [
        {"day": "friday", "start": "18:00", "hours": 60}]
    start = as_date(scn["start"])
    horizon = int(scn.get("horizon_years", 10))
    until = dt.date(start.year + horizon, start.month, min(start.day, 28))
    week_hours = sum(float(r["hours"]) for r in rules)
    out = []
    day = start
    while day < until:
        for r in rules:
            if DAYS.index(r["day"]) == day.weekday():
                begin = dt.datetime.combine(day, dt.time()) + dt.timedelta(
                    minutes=parse_time(r["start"]))
                hours = float(r["hours"])
                end = begin + dt.timedelta(minutes=round(hours * 60))
                out.append({"start": begin, "end": end, "hours": hours,
                            "share": hours / week_hours})
        day += dt.timedelta(days=1)
    out.sort(key=lambda w: (w["start"], w["hours"]))
    return out


def month_day(s):
    m, d = str(s).split("-")
    return int(m) * 100 + int(d)


def is_month_end(day, n):
    if day.weekday() >= 5:
        return False
    last = dt.date(day.year, day.month, days_in_month(day.year, day.month))
    after = 0
    x = day + dt.timedelta(days=1)
    while x <= last:
        after += x.weekday() < 5
        x += dt.timedelta(days=1)
    return after < n


def frozen_day(freezes, day):
    for f in freezes or []:
        if "month_end_days" in f:
            if is_month_end(day, int(f["month_end_days"])):
                return True
            continue
        a, b = f["from"], f["to"]
        if isinstance(a, dt.date) or len(str(a)) == 10:
            if as_date(a) <= day <= as_date(b):
                return True
        else:
            md, lo, hi = day.month * 100 + day.day, month_day(a), month_day(b)
            if (lo <= md <= hi) if lo <= hi else (md >= lo or md <= hi):
                return True
    return False


def open_part(w, freezes):
    """(share of the window's minutes on unfrozen days, last open day)."""
    total = (w["end"] - w["start"]).total_seconds() / 60
    day = w["start"].date()
    open_min, last_open = 0.0, None
    while dt.datetime.combine(day, dt.time()) < w["end"]:
        lo = max(w["start"], dt.datetime.combine(day, dt.time()))
        hi = min(w["end"], dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
        if hi > lo and not frozen_day(freezes, day):
            open_min += (hi - lo).total_seconds() / 60
            last_open = day
        day += dt.timedelta(days=1)
    return (open_min / total if total > 0 else 0.0), last_open


def gate_applies(gate, w):
    sel = gate["applies_to"]
    if sel.get("all"):
        return True
    checks = 0
    if "agencies" in sel:
        checks += 1
        if w["agency"] not in sel["agencies"]:
            return False
    if "security_classes" in sel:
        checks += 1
        if w["security_class"] not in sel["security_classes"]:
            return False
    if "legal_tags" in sel:
        checks += 1
        if not set(w["legal_tags"]) & set(sel["legal_tags"]):
            return False
    if "tiers" in sel:
        checks += 1
        if w["tier"] not in sel["tiers"]:
            return False
    return checks > 0


def stays_item(agency, item, w):
    """True when an item of agency's stays: selects workload w: every
    criterion it gives matches, any entry of each."""
    if w["agency"] != agency:
        return False
    checks = [("ids", w["id"]), ("apps", w.get("app")), ("envs", w.get("env")),
              ("sites", w["site"]), ("security_classes", w.get("security_class"))]
    for key, have in checks:
        if key in item:
            want = item[key] if isinstance(item[key], list) else [item[key]]
            if have not in [str(x) for x in want]:
                return False
    if "legal_tags" in item:
        want = item["legal_tags"] if isinstance(item["legal_tags"], list) else [item["legal_tags"]]
        if not set(w.get("legal_tags") or []) & set(want):
            return False
    if "tiers" in item and w.get("tier") not in item["tiers"]:
        return False
    return True


def declared_of(scn, workloads):
    """{workload id: (disposition, why)} from the scenario's stays: lists."""
    out = {}
    for a in scn["agencies"]:
        for w in workloads:
            for item in a.get("stays") or []:
                if stays_item(a["id"], item, w):
                    out[w["id"]] = (item.get("disposition", "stay"), item["why"])
                    break
    return out


def check_accounting(scn, plan, declared):
    """The accounting section against the workloads and the schedule."""
    problems = []
    listed = {d["workload"]: d for d in (plan.get("accounting") or {}).get("declared", [])}
    for wid, (disp, why) in declared.items():
        d = listed.get(wid)
        if d is None:
            problems.append(f"{wid}: declared by the scenario ({disp}), not in accounting.declared")
        elif d["disposition"] != disp or d["why"] != why:
            problems.append(f"{wid}: listed as {d['disposition']} ({d['why']}), scenario says "
                            f"{disp} ({why})")
    for wid in listed:
        if wid not in declared:
            problems.append(f"{wid}: in accounting.declared, but no stays item selects it")
    unsched = {u["workload"]: u["reason"] for u in plan["schedule"]["unscheduled"]}
    per = {a["agency"]: a for a in (plan.get("accounting") or {}).get("per_agency", [])}
    for a in scn["agencies"]:
        if a["role"] != "joining":
            continue
        mine = [w for w in plan["workloads"] if w["agency"] == a["id"]]
        if not mine:
            continue
        got = per.get(a["id"])
        if got is None:
            problems.append(f"{a['id']}: no accounting")
            continue
        moved = sum(1 for w in mine if w.get("window") is not None)
        dec = sum(1 for w in mine if w["id"] in declared)
        un = [unsched[w["id"]] for w in mine if w["id"] in unsched]
        want = {"inventory": len(mine), "moved": moved, "declared": dec, "unmovable": len(un)}
        for k, v in want.items():
            if got.get(k) != v:
                problems.append(f"{a['id']}: accounting {k} {got.get(k)}, recomputed {v}")
        if len(mine) != moved + dec + len(un):
            problems.append(f"{a['id']}: {len(mine)} workloads, but {moved} moved + {dec} "
                            f"declared + {len(un)} unmovable")
        for reason, n in (got.get("unmovable_by") or {}).items():
            if n != un.count(reason):
                problems.append(f"{a['id']}: {n} unmovable as {reason}, listed {un.count(reason)}")
    return problems


DIMS = ("vcpu", "ram_gb")


def check_capacity(sched, workloads, group_window, n_windows, reported):
    """The cumulative target-capacity limit, window by window."""
    problems = []
    cap = sched.get("target_capacity") or {}
    no_room = [u["workload"] for u in sched["unscheduled"] if u["reason"] == "no_target_capacity"]
    if not cap.get("limited"):
        if no_room:
            problems.append(f"{no_room[0]}: listed as no_target_capacity, but capacity is not limited")
        return problems
    steps = sorted(cap["steps"], key=lambda st: st["from_window"])
    load = {int(r[0]): (float(r[1]), float(r[2])) for r in cap["group_load"]}
    moved = {}
    for group, win in group_window.items():
        l = load.get(group, (0.0, 0.0))
        m = moved.setdefault(win, [0.0, 0.0])
        m[0] += l[0]
        m[1] += l[1]
    cum = [0.0, 0.0]
    k = -1
    have = [0.0, 0.0]
    over = [False, False]  # report a breach where it starts, not every window after
    for w in range(n_windows):
        while k + 1 < len(steps) and steps[k + 1]["from_window"] <= w:
            k += 1
            have = [float(steps[k][d]) for d in DIMS]
        if w in moved:
            cum = [cum[d] + moved[w][d] for d in range(2)]
        for d, name in enumerate(DIMS):
            breach = cum[d] > have[d] + TOL * (1 + have[d])
            if breach and not over[d]:
                problems.append(f"window {w}: the target holds {cum[d]:.3f} {name} moved so far, "
                                f"target capacity {have[d]:.3f}")
            over[d] = breach
        rep = reported.get(w)
        if rep is not None:
            got = rep.get("target_load") or {}
            for d, name in enumerate(DIMS):
                if abs(float(got.get(name, -1)) - cum[d]) > 1e-6 * max(1, cum[d]):
                    problems.append(f"window {w}: reports target load {got.get(name)} {name}, "
                                    f"recomputed {cum[d]}")
    # a group left out for room must not fit beside what moved, even last
    group_of = {x["id"]: x.get("group", x["id"]) for x in workloads}
    for wid in no_room:
        l = load.get(group_of.get(wid), (0.0, 0.0))
        if all(cum[d] + l[d] <= have[d] + TOL * (1 + have[d]) for d in range(2)):
            problems.append(f"{wid}: listed as no_target_capacity, but its group fits the "
                            f"target capacity left in the last window")
    return problems


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        scn = yaml.safe_load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        plan = json.load(f)
    sched = plan["schedule"]
    problems = []

    agencies = {a["id"]: a for a in scn["agencies"]}
    sites = {s["id"]: s for s in scn["sites"]}
    methods = {m["id"]: m for m in (scn.get("migration") or {}).get("methods") or []}
    if not methods:
        methods = {"rehost": {"id": "rehost", "effort_hours": 6}}
    target_freezes = (scn.get("windows") or {}).get("freeze") or []
    max_critical = int((scn.get("windows") or {}).get("max_critical_groups", 0))
    max_workloads = int((scn.get("windows") or {}).get("max_workloads", 0))
    start = as_date(scn["start"])
    gates = []
    for g in scn.get("gates") or []:
        opens = as_date(g.get("opens", start))
        gates.append((g, add_months(opens, value(g["lead_time_months"]))))
    links = {}
    for l in scn.get("links") or []:
        a, b = l["from"], l["to"]
        if sites[b]["role"] == "target" and a not in links:
            links[a] = l
        elif sites[a]["role"] == "target" and b not in links:
            links[b] = l
    cal = windows_of(scn)

    unscheduled = {u["workload"] for u in sched["unscheduled"]}
    declared = declared_of(scn, plan["workloads"])
    per_window = {}
    group_window = {}
    for w in plan["workloads"]:
        win = w.get("window")
        if w["id"] in declared:
            if win is not None or w["id"] in unscheduled:
                problems.append(f"{w['id']}: declared not to move, but scheduled or listed")
            continue
        if win is None:
            if w["id"] not in unscheduled:
                problems.append(f"{w['id']}: neither scheduled nor listed as unscheduled")
            continue
        if w["id"] in unscheduled:
            problems.append(f"{w['id']}: scheduled and also listed as unscheduled")
        if not 0 <= win < len(cal):
            problems.append(f"{w['id']}: window {win} outside the calendar")
            continue
        per_window.setdefault(win, []).append(w)
        group = w.get("group", w["id"])
        if group_window.setdefault(group, win) != win:
            problems.append(f"group {group} spans windows {group_window[group]} and {win}")

    reported = {w["index"]: w for w in sched["windows"]}
    last_end = None
    agency_end = {}

    def opened(cw, agency):
        return open_part(cw, (agencies[agency].get("freeze") or []) + target_freezes)

    for win, members in sorted(per_window.items()):
        cw = cal[win]
        staff, tb, critical_groups = {}, {}, set()
        for w in members:
            share, last_open = opened(cw, w["agency"])
            if share <= 0:
                problems.append(f"{w['id']}: moves in window {win} ({cw['start']}) during a freeze")
            elif agency_end.get(w["agency"]) is None or last_open > agency_end[w["agency"]]:
                agency_end[w["agency"]] = last_open
            for g, passed in gates:
                if gate_applies(g, w) and cw["start"].date() < passed:
                    problems.append(f"{w['id']}: moves {cw['start'].date()} before gate "
                                    f"{g['id']} passes {passed}")
            m = methods[w["method"]]
            w_tb = w["storage_gb"] * float(m.get("copy_share", 1)) * 2**30 / 1e12
            effort = value(m.get("effort_hours", {"likely": 6})) + \
                float(m.get("effort_hours_per_tb", 0)) * w_tb
            staff[w["agency"]] = staff.get(w["agency"], 0) + effort
            tb[w["site"]] = tb.get(w["site"], 0) + w_tb
            if w["tier"] == 1:
                critical_groups.add(w.get("group", w["id"]))
        for a, used in staff.items():
            st = agencies[a].get("staff") or {}
            cap = value(st.get("migration_hours_per_week", 0)) * cw["share"]
            if used > cap + TOL:
                problems.append(f"window {win}: {a} uses {used:.3f} staff hours of {cap:.3f}")
        for s, used in tb.items():
            l = links.get(s)
            if l is None:
                continue
            cap = float(l["gbps"]) * float(l.get("usable_share", 0.5)) * cw["hours"] * \
                opened(cw, sites[s]["owner"])[0] * 3600 / 8 / 1000
            if used > cap + TOL:
                problems.append(f"window {win}: site {s} copies {used:.3f} TB of {cap:.3f}")
        if max_critical and len(critical_groups) > max_critical:
            problems.append(f"window {win}: {len(critical_groups)} critical groups, cap {max_critical}")
        if max_workloads and len(members) > max_workloads:
            problems.append(f"window {win}: {len(members)} workloads, cap {max_workloads}")
        rep = reported.get(win)
        if rep is None:
            problems.append(f"window {win} moves workloads but is not reported")
        else:
            for a, used in staff.items():
                if abs(rep["staff_hours"].get(a, 0) - used) > 1e-6 * max(1, used):
                    problems.append(f"window {win}: reports {rep['staff_hours'].get(a)} h for {a}, "
                                    f"recomputed {used}")
            if abs(rep["transfer_tb"] - sum(tb.values())) > 1e-6 * max(1, sum(tb.values())):
                problems.append(f"window {win}: reports {rep['transfer_tb']} TB, "
                                f"recomputed {sum(tb.values())}")
            if rep["workloads"] != len(members):
                problems.append(f"window {win}: reports {rep['workloads']} workloads, has {len(members)}")
            want_start = cw["start"].strftime("%Y-%m-%dT%H:%M")
            if rep["start"] != want_start:
                problems.append(f"window {win}: starts {rep['start']}, calendar says {want_start}")
    for end in agency_end.values():
        last_end = end if last_end is None or end > last_end else last_end
    for pa in sched.get("per_agency") or []:
        want = agency_end.get(pa["agency"])
        if pa["finish"] != (want.isoformat() if want else None):
            problems.append(f"{pa['agency']}: finish {pa['finish']}, its last open day {want}")
    for idx in reported:
        if idx not in per_window:
            problems.append(f"window {idx} is reported but moves nothing")
    problems += check_capacity(sched, plan["workloads"], group_window, len(cal), reported)
    if "accounting" in plan:
        problems += check_accounting(scn, plan, declared)
    want_finish = last_end.isoformat() if last_end else None
    if sched["finish"] != want_finish:
        problems.append(f"finish {sched['finish']}, the last open day of the last window "
                        f"is {want_finish}")
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems[:50]:
            print("  " + p)
        return 1
    print(f"schedule ok: {sum(len(v) for v in per_window.values())} workloads in "
          f"{len(per_window)} windows, {len(unscheduled)} unscheduled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
