/* SPDX-License-Identifier: MIT */
/*
 * demo.h - the built-in demo: a scenario text (demo.c) and the estates
 * behind it (estate.c), generated deterministically from a seed.
 */
#ifndef SL_DEMO_DEMO_H
#define SL_DEMO_DEMO_H

#include "core/core.h"

#define SL_DEMO_DIR "samlok-demo"

/* What one agency's estate looks like; every number is a parameter so the
 * demo's story lives in demo.c, not in the generator. */
typedef struct sl_estate_spec {
    const char *agency;    /* agency id */
    const char *prefix;    /* host name prefix, e.g. "sol" */
    const char *site;      /* site id */
    int n_servers;         /* about this many */
    const char *const *app_names;
    size_t n_app_names;
    double share_windows;  /* share of Windows servers */
    double share_legacy_os;    /* share on an OS out of support */
    double share_classified;   /* security class "classified" */
    double share_secrecy;      /* legal tag "osl27" (secrecy, technical processing) */
    double share_content;      /* of those: host staff need content access */
    double share_powered_off;
    double share_physical;     /* moved by re-platforming rather than rehosting */
    double share_tier1;        /* apps that are critical */
    int shared_services;       /* directory, DNS, backup, monitoring servers */
} sl_estate_spec;

typedef struct sl_estate {
    sl_buf inventory; /* samlok inventory CSV, or RVTools vInfo when as_rvtools */
    sl_buf flows;     /* flows CSV */
    int n_workloads;
    int n_flows;
} sl_estate;

/* Generates one agency's estate. Ids are unique across agencies because
 * the prefix is. */
int sl_estate_generate(sl_estate *out, const sl_estate_spec *spec, uint64_t seed, uint32_t stream,
                       bool as_rvtools);
void sl_estate_free(sl_estate *e);

#endif
