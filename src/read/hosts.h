/* SPDX-License-Identifier: MIT */
/*
 * hosts.h - the hosts a source hall runs today, for the status quo:
 * samlok's hosts CSV or an RVTools vHost tab (CSV or the vHost sheet of
 * the .xlsx export), read into the site's totals.
 */
#ifndef SL_READ_HOSTS_H
#define SL_READ_HOSTS_H

#include "model/model.h"

/* Adds the hosts in data to site s of m (counts, cores, RAM, watts and
 * price, estimated from m->cost where a host lacks them). A workbook is
 * read from its vHost sheet, else its first; with is_optional, a workbook
 * without a vHost sheet adds nothing and is no error (an RVTools export
 * saved without that tab). Errors are located as file:row: column. */
int sl_hosts_read(sl_model *m, sl_index s, const char *path, const char *data, size_t len,
                  bool is_optional, sl_diag *d);

#endif
