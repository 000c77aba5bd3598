#!/usr/bin/env python3
"""Writes an RVTools-like export of N VMs, as the .xlsx workbook RVTools
writes (a vInfo sheet with RVTools 4.x's columns, text in shared strings,
numbers as number cells; a small vHost sheet) and as the CSV of the same
vInfo data, for bench/xlsx/run.sh.

  gen_vinfo.py OUT_DIR [--vms N] [--seed S]     (default 200000 VMs)

Writes OUT_DIR/RVTools_export.xlsx and OUT_DIR/vInfo.csv. The workbook is
streamed into the archive (zipfile, deflate level 6 as Excel uses), so the
generator itself needs little memory.
"""
import argparse
import csv
import os
import random
import zipfile
from xml.sax.saxutils import escape

COLUMNS = [
    "VM", "Powerstate", "Template", "SRM Placeholder", "Config status", "DNS Name",
    "Connection state", "Guest state", "Heartbeat", "Consolidation Needed", "PowerOn",
    "Suspend time", "Creation date", "Change Version", "CPUs", "Memory", "NICs", "Disks",
    "Total disk capacity MiB", "min Required EVC Mode Key", "Latency Sensitivity", "EnableUUID",
    "CBT", "Primary IP Address", "Network #1", "Network #2", "Num Monitors", "Video Ram KiB",
    "Resource pool", "Folder ID", "Folder", "vApp", "DAS protection", "FT State",
    "Provisioned MiB", "In Use MiB", "Unshared MiB", "HA Restart Priority",
    "HA Isolation Response", "HA VM Monitoring", "Boot Required", "Boot delay",
    "Boot retry enabled", "Firmware", "HW version", "HW upgrade status", "HW upgrade policy",
    "HW target", "Path",
    "Log directory", "Snapshot directory", "Suspend directory", "Annotation", "com.vrlcm.snapshot",
    "Datacenter", "Cluster", "Host", "OS according to the configuration file",
    "OS according to the VMware Tools", "Customization Info", "Guest Detailed Data", "VM ID",
    "SMBIOS UUID", "VM UUID", "VI SDK Server type", "VI SDK API Version", "VI SDK Server",
    "VI SDK UUID",
]
OSES = ["Red Hat Enterprise Linux 9 (64-bit)", "Red Hat Enterprise Linux 8 (64-bit)",
        "Microsoft Windows Server 2019 (64-bit)", "Microsoft Windows Server 2022 (64-bit)",
        "Ubuntu Linux (64-bit)", "Microsoft Windows Server 2016 (64-bit)"]


def row(i, rnd):
    name = "vm%06d-%s" % (i, rnd.choice(["web", "app", "db", "batch", "file"]))
    cl = "CL-%02d" % (i % 24)
    mem = rnd.choice([2048, 4096, 8192, 16384, 32768, 65536])
    prov = rnd.choice([40960, 61440, 102400, 204800, 512000]) + rnd.random() * 1000
    uuid = "4210%04x-%04x-%04x-%04x-%012x" % (i & 0xffff, rnd.getrandbits(16), rnd.getrandbits(16),
                                              rnd.getrandbits(16), rnd.getrandbits(48))
    power = "poweredOn" if rnd.random() > 0.05 else "poweredOff"
    os_ = rnd.choice(OSES)
    ds = "[ds-%02d]" % (i % 40)
    return [
        name, power, rnd.random() < 0.01, False, "green", name + ".example.se", "connected",
        "running" if power == "poweredOn" else "notRunning", "green", False,
        45000 + rnd.random() * 1000, "", 43000 + rnd.random() * 2000, "2024-01-01T10:00:00.000Z",
        rnd.choice([1, 2, 4, 8, 16]), mem, 1, rnd.choice([1, 2, 3]), int(prov), "", "normal",
        True, False, "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255), "VLAN-%d" % (i % 50),
        "", 1, 8192, "Resources", "group-v%d" % (i % 300), "/Prod/" + ("app%d" % (i % 300)), "",
        True, "notConfigured", prov, prov * rnd.random(), prov * 0.3, "medium", "powerOff",
        "vmMonitoringDisabled", False, 0, False, "efi", "vmx-19", "none", "never", "",
        "%s %s/%s.vmx" % (ds, name, name), "%s %s/" % (ds, name), "%s %s/" % (ds, name),
        "%s %s/" % (ds, name), "owner: team %d" % (i % 90) if i % 3 == 0 else "", "",
        "DC-%d" % (i % 2), cl, "esx%03d.example.se" % (i % 400), os_, os_, "",
        "os=%s;arch=x86_64;kernel=5.14" % os_, "vm-%d" % (i + 1000), uuid, uuid, "VMware vCenter Server",
        "8.0.2", "vcenter%d.example.se" % (i % 2), "d2f2c2a0-0000-4000-8000-00000000000%d" % (i % 2),
    ]


def cell(j, v, shared, index):
    ref = ""
    if isinstance(v, bool):
        return '<c%s t="b"><v>%d</v></c>' % (ref, v)
    if isinstance(v, (int, float)):
        return "<c%s><v>%s</v></c>" % (ref, repr(v))
    if v == "":
        return ""
    k = index.get(v)
    if k is None:
        k = index[v] = len(shared)
        shared.append(v)
    return '<c r="%s" t="s"><v>%d</v></c>' % (j, k)


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--vms", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rnd = random.Random(a.seed)
    rows = [row(i, rnd) for i in range(a.vms)]
    with open(os.path.join(a.out, "vInfo.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow(["True" if v is True else "False" if v is False else v for v in r])
    shared, index = [], {}
    names = [col_name(j) for j in range(len(COLUMNS))]
    z = zipfile.ZipFile(os.path.join(a.out, "RVTools_export.xlsx"), "w", zipfile.ZIP_DEFLATED,
                        compresslevel=6)
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        f.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s>'
                 '<sheetData>' % ns).encode())
        for i, r in enumerate([COLUMNS] + rows):
            out = ['<row r="%d">' % (i + 1)]
            for j, v in enumerate(r):
                c = cell(names[j] + str(i + 1), v, shared, index)
                out.append(c.replace("<c>", '<c r="%s%d">' % (names[j], i + 1), 1)
                           .replace('<c t="b">', '<c r="%s%d" t="b">' % (names[j], i + 1), 1))
            out.append("</row>")
            f.write("".join(out).encode())
        f.write(b"</sheetData></worksheet>")
    hosts = "".join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>esx%03d.example.se</t></is></c>'
                    '<c r="B%d"><v>64</v></c><c r="C%d"><v>1048576</v></c></row>'
                    % (k + 2, k + 2, k, k + 2, k + 2) for k in range(400))
    z.writestr("xl/worksheets/sheet2.xml",
               '<?xml version="1.0"?>\n<worksheet %s><sheetData><row r="1">'
               '<c r="A1" t="inlineStr"><is><t>Host</t></is></c><c r="B1" t="inlineStr"><is><t># Cores'
               '</t></is></c><c r="C1" t="inlineStr"><is><t># Memory</t></is></c></row>%s'
               '</sheetData></worksheet>' % (ns, hosts))
    with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
        f.write(('<?xml version="1.0" encoding="UTF-8"?>\n<sst %s count="%d" uniqueCount="%d">'
                 % (ns, len(shared), len(shared))).encode())
        for s in shared:
            f.write(("<si><t>%s</t></si>" % escape(s)).encode())
        f.write(b"</sst>")
    z.writestr("_rels/.rels", '<?xml version="1.0"?>\n<Relationships xmlns="http://schemas.'
               'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/'
               'officeDocument" Target="xl/workbook.xml"/></Relationships>' % rel)
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?>\n<workbook %s xmlns:r="%s"><sheets>'
               '<sheet name="vInfo" sheetId="1" r:id="rId1"/><sheet name="vHost" sheetId="2" '
               'r:id="rId2"/></sheets></workbook>' % (ns, rel))
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?>\n<Relationships xmlns="http://'
               'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
               'Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
               'Type="%s/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" '
               'Type="%s/sharedStrings" Target="sharedStrings.xml"/></Relationships>' % (rel, rel, rel))
    z.close()


if __name__ == "__main__":
    main()
