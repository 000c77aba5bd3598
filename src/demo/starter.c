/* SPDX-License-Identifier: MIT */
/*
 * starter.c - the files `samlok init DIR` writes: a commented scenario
 * with one host agency and one joining agency, and the inventory and flow
 * CSV files it names, empty but for their header rows. The scenario
 * validates as written (with a warning that the joining agency has no
 * workloads yet); tests/cli/cases/init-* check that it does.
 */
#include "core/core.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char starter_scenario[] =
    "# A starter scenario written by `samlok init`: one host agency with the\n"
    "# target datacenter, one agency that may join from its own hall. Fill in\n"
    "# inventory.csv (one row per server; docs/FORMATS.md), flows.csv if you\n"
    "# have flow data, and the figures below; every key and its default is in\n"
    "# docs/SCENARIO.md. Check it with `samlok validate scenario.yaml`.\n"
    "samlok: 1\n"
    "name: My co-location\n"
    "start: 2027-01-04            # first day moves may happen\n"
    "deadline: 2028-12-31         # when the joining agency must be done\n"
    "currency: SEK\n"
    "agencies:\n"
    "  - id: HOST                 # the agency whose datacenter hosts the others\n"
    "    name: Host agency\n"
    "    role: host\n"
    "  - id: JOIN                 # an agency that considers joining\n"
    "    name: Joining agency\n"
    "    role: joining\n"
    "    staff: {ops_fte: 5, migration_hours_per_week: 80, cost_per_hour: 850}\n"
    "    freeze: [{from: \"12-15\", to: \"01-06\", why: year end}]\n"
    "    # samlok's inventory CSV; an RVTools export instead:\n"
    "    #   inventory: [{rvtools: RVTools_export.xlsx, site: JOIN-HALL}]\n"
    "    inventory: inventory.csv\n"
    "    flows: flows.csv\n"
    "sites:\n"
    "  - id: TARGET\n"
    "    owner: HOST\n"
    "    role: target\n"
    "    capacity: {racks: 20, kw: 200}\n"
    "    pue: 1.3\n"
    "  - id: JOIN-HALL\n"
    "    owner: JOIN\n"
    "    role: source\n"
    "    pue: 1.6\n"
    "    rent_per_year: 1000000\n"
    "    # the hosts the hall runs today, for the status quo's hardware and power\n"
    "    # (samlok's hosts CSV: id,cores,ram_gb,model,watts,price; or RVTools vHost):\n"
    "    #   hosts: hosts.csv\n"
    "links:\n"
    "  - {from: JOIN-HALL, to: TARGET, gbps: 10, rtt_ms: 5}\n"
    "host_models:\n"
    "  - {id: std-2s, cores: 64, ram_gb: 1024, watts: 700, price: 250000}\n"
    "windows:\n"
    "  weekly: [{day: saturday, start: \"08:00\", hours: 12}]\n";

static const char flows_header[] = "src,dst,mbps,bytes_per_day,port,protocol,latency_sensitive\n";

static int fill_text(FILE *f, void *user)
{
    fputs(*(const char **)user, f);
    return ferror(f) ? SL_EIO : 0;
}

static int fill_inventory(FILE *f, void *user)
{
    (void)user;
    for (int c = 0; c < SL_INVENTORY_N_COLUMNS; c++)
        fprintf(f, "%s%c", sl_inventory_columns[c], c == SL_INVENTORY_N_COLUMNS - 1 ? '\n' : ',');
    return ferror(f) ? SL_EIO : 0;
}

int sl_starter_write(const char *dir, sl_diag *d)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        sl_diag_add(d, SL_ERROR, dir, 0, 0, "cannot create folder: %s", strerror(errno));
        return SL_EIO;
    }
    static const char *const names[] = {"scenario.yaml", "inventory.csv", "flows.csv"};
    char path[3][4096];
    for (int i = 0; i < 3; i++) {
        struct stat st;
        if ((size_t)snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]) >= sizeof path[i]) {
            sl_diag_add(d, SL_ERROR, dir, 0, 0, "path too long");
            return SL_EUSAGE;
        }
        if (stat(path[i], &st) == 0) {
            sl_diag_add(d, SL_ERROR, path[i], 0, 0, "already there: init never overwrites a file");
            return SL_EUSAGE;
        }
    }
    const char *scenario = starter_scenario, *flows = flows_header;
    int rc = sl_file_write_atomic(path[0], fill_text, &scenario, d);
    if (!rc)
        rc = sl_file_write_atomic(path[1], fill_inventory, NULL, d);
    if (!rc)
        rc = sl_file_write_atomic(path[2], fill_text, &flows, d);
    return rc;
}
