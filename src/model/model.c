/* SPDX-License-Identifier: MIT */
/*
 * model.c - life cycle of the model, id lookup and the names of enums.
 *
 * Strings and scenario entities live in the model's arena; the big arrays
 * (workloads, apps, flows) grow by realloc while readers append and are
 * freed with the model.
 */
#include "model/model.h"

#include <string.h>

int sl_model_new(sl_model **out)
{
    *out = NULL;
    sl_model *m = sl_calloc(1, sizeof *m);
    if (!m)
        return SL_ENOMEM;
    m->priv = sl_calloc(1, sizeof *m->priv);
    if (!m->priv) {
        sl_free(m);
        return SL_ENOMEM;
    }
    m->priv->arena = sl_arena_new();
    if (!m->priv->arena) {
        sl_free(m->priv);
        sl_free(m);
        return SL_ENOMEM;
    }
    *out = m;
    return 0;
}

void sl_model_free(sl_model *m)
{
    if (!m)
        return;
    if (m->priv) {
        struct sl_model_private *p = m->priv;
        sl_strmap_free(&p->agencies);
        sl_strmap_free(&p->sites);
        sl_strmap_free(&p->workloads);
        sl_strmap_free(&p->gates);
        sl_strmap_free(&p->apps);
        sl_strmap_free(&p->host_models);
        sl_strmap_free(&p->methods);
        sl_free(p->inputs);
        for (size_t i = 0; i < m->n_apps; i++)
            sl_free(m->apps[i].workloads);
        sl_arena_free(p->arena);
        sl_free(p);
    }
    sl_free(m->workloads);
    sl_free(m->apps);
    sl_free(m->flows);
    sl_free(m->params);
    sl_free(m);
}

const char *sl_model_file(const sl_model *m, size_t i)
{
    if (i == 0)
        return m->file;
    return i - 1 < m->priv->n_inputs ? m->priv->inputs[i - 1].path : NULL;
}

bool sl_model_file_is_outside(const sl_model *m, size_t i)
{
    return i >= 1 && i - 1 < m->priv->n_inputs && m->priv->inputs[i - 1].is_outside;
}

sl_index sl_model_agency(const sl_model *m, const char *id)
{
    return sl_strmap_get(&m->priv->agencies, id);
}

sl_index sl_model_site(const sl_model *m, const char *id)
{
    return sl_strmap_get(&m->priv->sites, id);
}

sl_index sl_model_workload(const sl_model *m, const char *id)
{
    return sl_strmap_get(&m->priv->workloads, id);
}

sl_index sl_model_gate(const sl_model *m, const char *id)
{
    return sl_strmap_get(&m->priv->gates, id);
}

int sl_model_add_workload(sl_model *m, const sl_workload *w, sl_index *dup)
{
    struct sl_model_private *p = m->priv;
    if (m->n_workloads >= SL_NONE - 1)
        return SL_ELIMIT;
    if (SL_GROW(m->workloads, p->cap_workloads, m->n_workloads + 1))
        return SL_ENOMEM;
    uint32_t existing;
    if (sl_strmap_put(&p->workloads, w->id, (uint32_t)m->n_workloads, &existing))
        return SL_ENOMEM;
    if (existing != SL_NONE) {
        if (dup)
            *dup = existing;
        return SL_EINPUT;
    }
    m->workloads[m->n_workloads++] = *w;
    return 0;
}

sl_index sl_model_intern_app(sl_model *m, const char *name, size_t len)
{
    struct sl_model_private *p = m->priv;
    uint32_t idx = sl_strmap_getn(&p->apps, name, len);
    if (idx != SL_NONE)
        return idx;
    if (SL_GROW(m->apps, p->cap_apps, m->n_apps + 1))
        return SL_NONE;
    char *copy = sl_arena_strndup(p->arena, name, len);
    if (!copy || sl_strmap_put(&p->apps, copy, (uint32_t)m->n_apps, NULL))
        return SL_NONE;
    memset(&m->apps[m->n_apps], 0, sizeof m->apps[m->n_apps]);
    m->apps[m->n_apps].name = copy;
    return (sl_index)m->n_apps++;
}

int sl_model_add_flow(sl_model *m, const sl_flow *f)
{
    if (SL_GROW(m->flows, m->priv->cap_flows, m->n_flows + 1))
        return SL_ENOMEM;
    m->flows[m->n_flows++] = *f;
    return 0;
}

int sl_model_index_apps(sl_model *m)
{
    size_t *count = sl_calloc(m->n_apps ? m->n_apps : 1, sizeof *count);
    if (!count)
        return SL_ENOMEM;
    for (size_t i = 0; i < m->n_workloads; i++)
        if (m->workloads[i].app != SL_NONE)
            count[m->workloads[i].app]++;
    int rc = 0;
    for (size_t a = 0; a < m->n_apps && !rc; a++) {
        sl_free(m->apps[a].workloads);
        m->apps[a].workloads = sl_malloc((count[a] ? count[a] : 1) * sizeof(sl_index));
        m->apps[a].n_workloads = 0;
        if (!m->apps[a].workloads)
            rc = SL_ENOMEM;
    }
    for (size_t i = 0; i < m->n_workloads && !rc; i++) {
        sl_index a = m->workloads[i].app;
        if (a != SL_NONE)
            m->apps[a].workloads[m->apps[a].n_workloads++] = (sl_index)i;
    }
    sl_free(count);
    return rc;
}

bool sl_agency_moves(const sl_agency *a)
{
    return a->role == SL_ROLE_JOINING && a->joins;
}

bool sl_agency_stays_out(const sl_agency *a)
{
    return a->role == SL_ROLE_JOINING && !a->joins;
}

const char *sl_role_name(sl_agency_role r)
{
    return r == SL_ROLE_HOST ? "host" : "joining";
}

const char *sl_gate_kind_name(sl_gate_kind k)
{
    static const char *const names[] = {"security", "legal", "staff", "hardware", "other"};
    return (unsigned)k < SL_ARRAY_LEN(names) ? names[k] : "other";
}

const char *sl_risk_category_name(sl_risk_category c)
{
    static const char *const names[] = {"security", "legal",    "financing",
                                        "staff",    "schedule", "technical"};
    return (unsigned)c < SL_ARRAY_LEN(names) ? names[c] : "technical";
}

const char *sl_dist_kind_name(sl_dist_kind k)
{
    static const char *const names[] = {"fixed", "triangular", "pert", "uniform", "lognormal"};
    return (unsigned)k < SL_ARRAY_LEN(names) ? names[k] : "fixed";
}
