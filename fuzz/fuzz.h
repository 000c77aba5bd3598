/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what the fuzz harnesses share: the libFuzzer entry point and a
 * small valid scenario, inventory and flow file that the harnesses put
 * around the one input they vary.
 *
 * Each harness is built twice: with clang and -Dlibfuzzer=true it links
 * libFuzzer; otherwise it links replay.c, which runs every file of the
 * seed corpus once (meson suite fuzz-replay). A harness aborts when a
 * reader breaks one of its own promises (for example: what `import
 * rvtools` writes must read back), so the fuzzer reports it as a crash.
 */
#ifndef SL_FUZZ_H
#define SL_FUZZ_H

#include "samlok.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A scenario naming fuzz/inventory.csv and fuzz/flows.csv. */
#define FUZZ_SCENARIO                                                                              \
    "samlok: 1\n"                                                                                  \
    "name: fuzz\n"                                                                                 \
    "start: 2026-09-01\n"                                                                          \
    "deadline: 2027-12-31\n"                                                                       \
    "security_classes: [open, internal, classified]\n"                                             \
    "legal_tags: [{id: osl27}]\n"                                                                  \
    "agencies:\n"                                                                                  \
    "  - {id: HOST, role: host}\n"                                                                 \
    "  - {id: A, role: joining, inventory: inventory.csv, flows: flows.csv}\n"                     \
    "sites:\n"                                                                                     \
    "  - {id: T, owner: HOST, role: target, capacity: {racks: 10, kw: 100}}\n"                     \
    "  - {id: S, owner: A, role: source}\n"                                                        \
    "host_models:\n"                                                                               \
    "  - {id: H, cores: 32, ram_gb: 512}\n"

#define FUZZ_INVENTORY                                                                             \
    "id,agency,site,app,env,tier,vcpu,ram_gb,storage_gb,cpu_p95,ram_p95,os,security_class,"        \
    "legal_tags,ha_group,method\n"                                                                 \
    "web1,A,S,shop,prod,2,2,4,60,20,50,RHEL 9,open,,web,\n"                                        \
    "db1,A,S,shop,prod,1,8,64,500,40,80,RHEL 9,internal,osl27,,\n"

#define FUZZ_FLOWS "src,dst,mbps\nweb1,db1,10\nshop,db1,1\n"

/* Inputs past this are skipped: a harness reaches every branch with less. */
#define FUZZ_MAX_INPUT (1u << 20)

/* The fixture's three files: scenario (the given text), fuzz/inventory.csv
 * and fuzz/flows.csv. */
void fuzz_fixture(sl_memfile files[3], const char *scenario, size_t len);

/* A new diagnostics list for one input, or NULL to skip it (an input past
 * FUZZ_MAX_INPUT, or no memory). */
sl_diag *fuzz_diag(size_t size);

/* Aborts when an error in d has no line: every reader locates its errors. */
void fuzz_errors_have_lines(const sl_diag *d);
/* True for bytes that are a ZIP archive (an .xlsx workbook) or an OLE2
 * file (an old .xls): containers without lines, whose errors name the
 * file (or a sheet's row) instead. */
bool fuzz_is_container(const char *data, size_t len);

/* Loads FUZZ_SCENARIO with one of its files replaced by (data, size);
 * `which` is "scenario.yaml", "inventory.csv" or "flows.csv". Returns
 * what sl_model_load returned; the model is freed. */
int fuzz_load(const char *which, const uint8_t *data, size_t size, size_t n_sets,
              const char *const *sets);

#endif
