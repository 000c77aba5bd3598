/* SPDX-License-Identifier: MIT */
/*
 * reload.c - the inventories, hosts and flows of a scenario loaded again
 * (a review round, an explain candidate, a sweep point), copied from the
 * model that read them instead of parsed a second time (load.c,
 * sl_model_load_ex's `like`).
 *
 * Why a copy is the same model. What the readers make of a file depends
 * on its bytes and on the scenario's agencies, sites, methods, security
 * classes, legal tags, mapping rules and cost rules (a hall's hosts are
 * priced by them). The caller promises that the overrides differ only in
 * values none of those readers use; here the scenario must name the same
 * files in the same order, for the same agencies and sites, and each must
 * be unchanged since it was read: the same file (device and inode) with
 * the same size and times, or the same in-memory bytes. Reading them
 * again would then give the same rows in the same order, so the same
 * workloads (indices included), apps, hosts and flows.
 *
 * Cost: a copy of every string into the new model's arena (nothing is
 * borrowed, so either model may be freed first) and the id maps built
 * again; at 100,000 workloads and 1,000,000 flows about a tenth of the
 * read it replaces.
 */
#include "read/reload.h"

#include "model/model.h"

#include <assert.h>
#include <string.h>

/* The memory file named path in opts, or NULL. */
static const sl_memfile *memfile_of(const sl_load_options *opts, const char *path)
{
    for (size_t i = 0; opts && i < opts->n_memfiles; i++)
        if (strcmp(opts->memfiles[i].path, path) == 0)
            return &opts->memfiles[i];
    return NULL;
}

static bool unchanged(const sl_input_file *was, const sl_load_options *opts)
{
    if (!was->is_read)
        return false;
    if (opts && opts->n_memfiles) {
        const sl_memfile *f = memfile_of(opts, was->path);
        return f && was->mem_data && f->data == was->mem_data && f->len == was->mem_len;
    }
    return !was->mem_data && sl_file_unchanged(was->path, &was->id);
}

bool sl_reload_can_copy(const sl_model *m, const sl_model *like, const sl_load_options *opts)
{
    const struct sl_model_private *p = m->priv, *q = like->priv;
    if (p->n_inputs != q->n_inputs || m->n_agencies != like->n_agencies ||
        m->n_sites != like->n_sites)
        return false;
    for (size_t i = 0; i < m->n_sites; i++)
        if (!sl_streq_null(m->sites[i].id, like->sites[i].id))
            return false;
    for (size_t i = 0; i < m->n_agencies; i++)
        if (!sl_streq_null(m->agencies[i].id, like->agencies[i].id))
            return false;
    for (size_t i = 0; i < p->n_inputs; i++) {
        const sl_input_file *a = &p->inputs[i], *b = &q->inputs[i];
        if (a->kind != b->kind || !sl_streq_null(a->path, b->path) || a->agency != b->agency ||
            !sl_streq_null(a->site_id, b->site_id) || a->storage_basis != b->storage_basis ||
            a->n_columns != b->n_columns || !unchanged(b, opts))
            return false;
        for (size_t c = 0; c < a->n_columns; c++)
            if (!sl_streq_null(a->columns[c].field, b->columns[c].field) ||
                !sl_streq_null(a->columns[c].header, b->columns[c].header) ||
                a->columns[c].factor != b->columns[c].factor)
                return false;
    }
    return true;
}

/* s in m's arena, NULL for NULL; *oom set when out of memory. */
static const char *copy_text(sl_model *m, const char *s, bool *oom)
{
    if (!s)
        return NULL;
    const char *c = sl_arena_strdup(m->priv->arena, s);
    *oom |= !c;
    return c;
}

/* The file names rows point at are few: each is copied once. */
typedef struct names {
    const char *from[16], *to[16];
    size_t n;
} names;

static const char *copy_name(sl_model *m, names *nm, const char *s, bool *oom)
{
    for (size_t i = 0; i < nm->n; i++)
        if (nm->from[i] == s)
            return nm->to[i];
    const char *c = copy_text(m, s, oom);
    if (nm->n < SL_ARRAY_LEN(nm->from)) {
        nm->from[nm->n] = s;
        nm->to[nm->n++] = c;
    }
    return c;
}

static int copy_workloads(sl_model *m, const sl_model *like)
{
    /* apps first, in like's order, so that the indices rows hold agree */
    for (size_t a = 0; a < like->n_apps; a++) {
        const char *name = like->apps[a].name;
        if (sl_model_intern_app(m, name, strlen(name)) != (sl_index)a)
            return SL_ENOMEM; /* a fresh model interns in order */
    }
    if (SL_GROW(m->workloads, m->priv->cap_workloads, like->n_workloads + 1))
        return SL_ENOMEM;
    names files = {0};
    bool oom = false;
    for (size_t i = 0; i < like->n_workloads && !oom; i++) {
        sl_workload w = like->workloads[i];
        w.id = copy_text(m, w.id, &oom);
        w.env = copy_text(m, w.env, &oom);
        w.os = copy_text(m, w.os, &oom);
        w.security_class = copy_text(m, w.security_class, &oom);
        w.ha_group = copy_text(m, w.ha_group, &oom);
        w.owner = copy_text(m, w.owner, &oom);
        w.file = copy_name(m, &files, w.file, &oom);
        if (w.n_legal_tags) {
            const char **tags =
                sl_arena_array(m->priv->arena, w.n_legal_tags, sizeof *tags);
            oom |= !tags;
            for (size_t t = 0; tags && t < w.n_legal_tags; t++)
                tags[t] = copy_text(m, w.legal_tags[t], &oom);
            w.legal_tags = tags;
        }
        if (oom)
            break;
        int rc = sl_model_add_workload(m, &w, NULL);
        assert(rc != SL_EINPUT); /* like loaded, so its ids are distinct */
        if (rc)
            return rc;
    }
    return oom ? SL_ENOMEM : 0;
}

static int copy_flows(sl_model *m, const sl_model *like)
{
    /* each flow's protocol is its own string; the words are few */
    sl_strmap seen = {0};
    const char **words = NULL;
    size_t n_words = 0, cap_words = 0;
    bool oom = false;
    int rc = SL_GROW(m->flows, m->priv->cap_flows, like->n_flows + 1) ? SL_ENOMEM : 0;
    for (size_t i = 0; i < like->n_flows && !rc; i++) {
        sl_flow f = like->flows[i];
        if (f.protocol) {
            uint32_t k = sl_strmap_get(&seen, f.protocol);
            if (k == SL_NONE) {
                const char *c = copy_text(m, f.protocol, &oom);
                if (oom || SL_GROW(words, cap_words, n_words + 1) ||
                    sl_strmap_put(&seen, c, (uint32_t)n_words, NULL)) {
                    rc = SL_ENOMEM;
                    break;
                }
                words[n_words] = c;
                k = (uint32_t)n_words++;
            }
            f.protocol = words[k];
        }
        rc = sl_model_add_flow(m, &f);
    }
    sl_strmap_free(&seen);
    sl_free(words);
    if (rc)
        return rc;
    m->n_unmatched_endpoints = like->n_unmatched_endpoints;
    m->n_unmatched_flows = like->n_unmatched_flows;
    if (like->n_sample_unmatched) {
        m->sample_unmatched =
            sl_arena_array(m->priv->arena, like->n_sample_unmatched, sizeof *m->sample_unmatched);
        if (!m->sample_unmatched)
            return SL_ENOMEM;
        for (size_t i = 0; i < like->n_sample_unmatched; i++)
            m->sample_unmatched[i] = copy_text(m, like->sample_unmatched[i], &oom);
        m->n_sample_unmatched = like->n_sample_unmatched;
    }
    return oom ? SL_ENOMEM : 0;
}

/* What a hall's hosts file added to its site (hosts.c writes only these). */
static int copy_hosts(sl_model *m, const sl_model *like)
{
    bool oom = false;
    for (size_t s = 0; s < m->n_sites; s++) {
        sl_site *to = &m->sites[s];
        const sl_site *from = &like->sites[s];
        to->n_hosts_today = from->n_hosts_today;
        to->host_cores_today = from->host_cores_today;
        to->host_ram_gb_today = from->host_ram_gb_today;
        to->host_watts_today = from->host_watts_today;
        to->host_price_today = from->host_price_today;
        to->n_hosts_estimated_watts = from->n_hosts_estimated_watts;
        to->n_hosts_estimated_price = from->n_hosts_estimated_price;
        to->hosts_file = copy_text(m, from->hosts_file, &oom);
    }
    return oom ? SL_ENOMEM : 0;
}

int sl_reload_copy(sl_model *m, const sl_model *like)
{
    struct sl_model_private *p = m->priv;
    const struct sl_model_private *q = like->priv;
    for (size_t i = 0; i < p->n_inputs; i++) {
        /* the new model's inputs say what was read, as like's did */
        p->inputs[i].is_read = q->inputs[i].is_read;
        p->inputs[i].id = q->inputs[i].id;
        p->inputs[i].mem_data = q->inputs[i].mem_data;
        p->inputs[i].mem_len = q->inputs[i].mem_len;
    }
    int rc = copy_workloads(m, like);
    if (!rc)
        rc = copy_hosts(m, like);
    if (!rc)
        rc = sl_model_index_apps(m);
    if (!rc)
        rc = copy_flows(m, like);
    if (!rc)
        p->inputs_copied = true;
    return rc;
}
