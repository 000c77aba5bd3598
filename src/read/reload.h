/* SPDX-License-Identifier: MIT */
/*
 * reload.h - a scenario's inputs copied from a model that read them
 * (reload.c), for sl_model_load_ex's `like`.
 */
#ifndef SL_READ_RELOAD_H
#define SL_READ_RELOAD_H

#include "core/core.h"

/* m, whose scenario is read and whose inputs are not, names the same
 * input files as like, for the same agencies and sites, and none has
 * changed since like read it (opts: m's load options, for in-memory
 * files). */
bool sl_reload_can_copy(const sl_model *m, const sl_model *like, const sl_load_options *opts);
/* Copies like's workloads, apps, hosts and flows into m (which has none
 * yet), every string into m's arena; indexes the apps. */
int sl_reload_copy(sl_model *m, const sl_model *like);

#endif
