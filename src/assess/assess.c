/* SPDX-License-Identifier: MIT */
/*
 * assess.c - the first stage: is each workload ready to move, and how big
 * will it be on the target?
 *
 * Readiness is the worst effect among a workload's reasons (ready <
 * conditional < unknown < not_ready). The rules, in the order reasons are
 * listed (docs/PACKING.md has the full text):
 *   size_missing        vCPU or RAM not given                      unknown
 *   os_missing          no OS given                                unknown
 *   os_unsupported      the OS contains an `unsupported_os` entry  conditional
 *                       (it can be rehosted, but someone must decide to
 *                       upgrade first or accept the legacy risk)
 *   too_large           bigger than one host of every candidate    not_ready
 *                       model under the pool policy
 *   class_gated         security class not in the target site's    conditional
 *                       security_classes, a security gate applies
 *   class_not_allowed   ... and no security gate applies           not_ready
 *   content_access_gated  a legal tag with content_access, a legal conditional
 *                       gate applies
 *   content_access_no_basis ... and no legal gate applies          not_ready
 *   powered_off         confirm it is still needed                 conditional
 *   no_utilisation      performance sizing without p95 data: sized note
 *                       as allocated, flagged low confidence
 * A gate "applies" when its selector matches the workload; one whose
 * selector names the class (or the tag) is preferred to a broader one.
 *
 * A workload the agency declares in its `stays:` keeps its readiness and
 * gets the declared disposition (stay, retire, replace): it does not move,
 * whatever its readiness, and later stages leave it out.
 *
 * Right-sizing: `as_is` keeps the allocated vCPU and RAM. `performance`
 * takes p95 utilisation x comfort_factor, never below the floor
 * (min_vcpu, min_ram_gb), rounds up to a sane size (1, 2, 3, 4, 6, 8, 12,
 * 16, 24, 32, 48, ...) and never above today's allocation: a capacity
 * plan does not grow a VM without evidence. Storage is kept as allocated.
 * The power dimension counts hardware threads kept busy at p95
 * (allocated vCPU x cpu_p95; the sized vCPU when p95 is unknown).
 *
 * The stage also states what one host of each model offers under the
 * pool policy (sl_host_capacity), so placement and this stage agree on
 * what "fits" means. O(workloads x (models + gates + tags)).
 */
#include "model/model.h"

#include <math.h>
#include <string.h>

static const char *const readiness_names[SL_N_READINESS] = {"ready", "conditional", "unknown",
                                                           "not_ready"};
static const char *const reason_names[SL_N_REASONS] = {
    [SL_REASON_SIZE_MISSING] = "size_missing",
    [SL_REASON_OS_MISSING] = "os_missing",
    [SL_REASON_OS_UNSUPPORTED] = "os_unsupported",
    [SL_REASON_TOO_LARGE] = "too_large",
    [SL_REASON_CLASS_GATED] = "class_gated",
    [SL_REASON_CLASS_NOT_ALLOWED] = "class_not_allowed",
    [SL_REASON_CONTENT_ACCESS_GATED] = "content_access_gated",
    [SL_REASON_CONTENT_ACCESS_NO_BASIS] = "content_access_no_basis",
    [SL_REASON_POWERED_OFF] = "powered_off",
    [SL_REASON_NO_UTILISATION] = "no_utilisation",
};

const char *sl_readiness_name(sl_readiness r)
{
    return (unsigned)r < SL_N_READINESS ? readiness_names[r] : "?";
}

const char *sl_reason_name(sl_reason_code c)
{
    return (unsigned)c < SL_N_REASONS ? reason_names[c] : "?";
}

/* ---- helpers ------------------------------------------------------------ */

static bool in_strings(const char *word, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(word, list[i]) == 0)
            return true;
    return false;
}

/* The gate of this kind that applies to w, preferring one whose selector
 * names `word` in the class (or tag) list; SL_NONE when none applies. */
static sl_index applying_gate(const sl_model *m, const sl_workload *w, sl_gate_kind kind,
                              const char *word, bool by_tag)
{
    sl_index broad = SL_NONE;
    for (sl_index g = 0; g < m->n_gates; g++) {
        const sl_gate *gate = &m->gates[g];
        if (gate->kind != kind || !sl_selector_matches(m, &gate->applies_to, w))
            continue;
        const sl_selector *s = &gate->applies_to;
        bool named = by_tag ? in_strings(word, s->legal_tags, s->n_legal_tags)
                            : in_strings(word, s->security_classes, s->n_security_classes);
        if (named)
            return g;
        if (broad == SL_NONE)
            broad = g;
    }
    return broad;
}

/* The smallest sane size at or above v: 1, 2, 3, 4, 6, 8, 12, 16, ... */
static double sane_size(double v)
{
    if (v <= 1)
        return v <= 0 ? 0 : 1;
    double a = 2, b = 3;
    if (v <= 2)
        return 2;
    for (;;) {
        if (v <= b)
            return b;
        if (v <= 2 * a)
            return 2 * a;
        a *= 2;
        b *= 2;
    }
}

static double right_size(double allocated, double p95, double comfort, double floor_v,
                         bool *measured)
{
    *measured = p95 >= 0;
    if (p95 < 0 || allocated <= 0)
        return allocated;
    double v = allocated * p95 / 100.0 * comfort;
    if (v < floor_v)
        v = floor_v;
    v = sane_size(v);
    double ceiling = allocated > floor_v ? allocated : floor_v;
    return v < ceiling ? v : ceiling;
}

static void host_capacity(sl_host_capacity *c, const sl_host_model *h, const sl_pool_policy *pp)
{
    double threads = h->cores * h->threads_per_core;
    c->vcpu = threads * pp->cpu_overcommit * pp->max_utilisation;
    c->ram_gb = h->ram_gb * pp->ram_overcommit * pp->max_utilisation;
    c->storage_gb = h->storage_gb * pp->max_utilisation;
    c->busy_threads = threads * pp->max_utilisation;
}

static bool fits_host(const sl_model *m, const sl_host_capacity *c, const sl_workload_assessment *wa)
{
    const double tol = 1e-9;
    if (wa->vcpu > c->vcpu * (1 + tol) || wa->ram_gb > c->ram_gb * (1 + tol))
        return false;
    if (m->pools.storage == SL_STORAGE_LOCAL && wa->storage_gb > c->storage_gb * (1 + tol))
        return false;
    if (m->pools.power_dimension && wa->busy_threads > c->busy_threads * (1 + tol))
        return false;
    return true;
}

/* ---- the stage ------------------------------------------------------------ */

typedef struct reason_list {
    sl_reason items[SL_N_REASONS + 8];
    size_t n;
} reason_list;

/* Adds a reason whose English text is said from the phrase b holds (a
 * NULL text: out of memory). */
static void add_reason(reason_list *r, sl_reason_code code, sl_readiness effect, sl_index gate,
                       sl_phrase_builder *b)
{
    sl_phrase ph;
    const char *text = sl_pb_end(b, &ph) ? sl_phrase_text(b->arena, &ph, NULL, NULL) : NULL;
    if (r->n < SL_ARRAY_LEN(r->items))
        r->items[r->n++] = (sl_reason){code, effect, gate, text, ph};
}

static int assess_one(sl_assessment *a, const sl_model *m, const sl_site *target, sl_index wi)
{
    const sl_workload *w = &m->workloads[wi];
    sl_workload_assessment *wa = &a->workloads[wi];
    const sl_pool_policy *pp = &m->pools;
    sl_arena *ar = a->arena;
    reason_list r;
    r.n = 0;
    sl_phrase_builder t;

    /* size */
    bool cpu_measured = false, ram_measured = false;
    /* a powered-off VM's utilisation says nothing about what it needs
     * once it runs: it keeps its allocation */
    if (pp->sizing == SL_SIZING_PERFORMANCE && w->is_powered_off) {
        wa->vcpu = w->vcpu;
        wa->ram_gb = w->ram_gb;
        a->n_powered_off_as_allocated++;
    } else if (pp->sizing == SL_SIZING_PERFORMANCE) {
        wa->vcpu = right_size(w->vcpu, w->cpu_p95, pp->comfort_factor, pp->min_vcpu, &cpu_measured);
        wa->ram_gb =
            right_size(w->ram_gb, w->ram_p95, pp->comfort_factor, pp->min_ram_gb, &ram_measured);
    } else {
        wa->vcpu = w->vcpu;
        wa->ram_gb = w->ram_gb;
    }
    wa->storage_gb = w->storage_gb;
    wa->busy_threads =
        w->cpu_p95 >= 0 && !w->is_powered_off ? w->vcpu * w->cpu_p95 / 100.0 : wa->vcpu;

    if (w->vcpu <= 0 || w->ram_gb <= 0) {
        sl_pb_begin(&t, ar, "vCPU or RAM is not given ({vcpu:g} vCPU, {ram:g} GB), so it cannot "
                            "be sized");
        sl_pb_num(&t, "vcpu", w->vcpu);
        sl_pb_num(&t, "ram", w->ram_gb);
        add_reason(&r, SL_REASON_SIZE_MISSING, SL_UNKNOWN, SL_NONE, &t);
    }
    if (!w->os || !w->os[0]) {
        sl_pb_begin(&t, ar, "no operating system is given, so its support status is unknown");
        add_reason(&r, SL_REASON_OS_MISSING, SL_UNKNOWN, SL_NONE, &t);
    } else {
        const char *word = sl_os_unsupported_by(m, w->os);
        if (word) {
            sl_pb_begin(&t, ar,
                        "operating system '{os}' is out of support ('{word}'): upgrade before the "
                        "move or accept the legacy risk");
            sl_pb_text(&t, "os", w->os);
            sl_pb_text(&t, "word", word);
            add_reason(&r, SL_REASON_OS_UNSUPPORTED, SL_CONDITIONAL, SL_NONE, &t);
        }
    }
    if (w->vcpu > 0 && w->ram_gb > 0) {
        bool fits_any = false;
        sl_index biggest = SL_NONE;
        for (size_t h = 0; h < m->n_host_models; h++) {
            if (!a->host_capacity[h].is_candidate)
                continue;
            fits_any |= fits_host(m, &a->host_capacity[h], wa);
            if (biggest == SL_NONE ||
                a->host_capacity[h].vcpu + a->host_capacity[h].ram_gb >
                    a->host_capacity[biggest].vcpu + a->host_capacity[biggest].ram_gb)
                biggest = (sl_index)h;
        }
        if (!fits_any && biggest != SL_NONE) {
            const sl_host_capacity *c = &a->host_capacity[biggest];
            sl_pb_begin(&t, ar,
                        "needs {vcpu:g} vCPU and {ram:g} GB RAM; no host model is large enough "
                        "(the largest, {model}, offers {cap_vcpu:g} vCPU and {cap_ram:g} GB under "
                        "the pool policy)");
            sl_pb_num(&t, "vcpu", wa->vcpu);
            sl_pb_num(&t, "ram", wa->ram_gb);
            sl_pb_text(&t, "model", m->host_models[biggest].id);
            sl_pb_num(&t, "cap_vcpu", c->vcpu);
            sl_pb_num(&t, "cap_ram", c->ram_gb);
            add_reason(&r, SL_REASON_TOO_LARGE, SL_NOT_READY, SL_NONE, &t);
        }
    }
    if (target && target->n_security_classes &&
        !in_strings(w->security_class, target->security_classes, target->n_security_classes)) {
        sl_index g = applying_gate(m, w, SL_GATE_SECURITY, w->security_class, false);
        sl_pb_begin(&t, ar,
                    g != SL_NONE ? N_("security class '{class}' is not allowed at {site} without "
                                      "a gate: waits for {gate}")
                                 : N_("security class '{class}' is not allowed at {site} and no "
                                      "security gate applies to it"));
        sl_pb_text(&t, "class", w->security_class);
        sl_pb_text(&t, "site", target->id);
        if (g != SL_NONE) {
            sl_pb_text(&t, "gate", m->gates[g].id);
            add_reason(&r, SL_REASON_CLASS_GATED, SL_CONDITIONAL, g, &t);
        } else {
            add_reason(&r, SL_REASON_CLASS_NOT_ALLOWED, SL_NOT_READY, SL_NONE, &t);
        }
    }
    for (size_t i = 0; i < w->n_legal_tags; i++) {
        const sl_legal_tag *tag = NULL;
        for (size_t k = 0; k < m->n_legal_tags; k++)
            if (strcmp(m->legal_tags[k].id, w->legal_tags[i]) == 0)
                tag = &m->legal_tags[k];
        if (!tag || !tag->needs_content_access)
            continue;
        sl_index g = applying_gate(m, w, SL_GATE_LEGAL, tag->id, true);
        sl_pb_begin(&t, ar,
                    g != SL_NONE ? N_("legal tag '{tag}': the host's staff would need access to "
                                      "the content; waits for {gate}")
                                 : N_("legal tag '{tag}': the host's staff would need access to "
                                      "the content and no legal gate gives a basis for it"));
        sl_pb_text(&t, "tag", tag->id);
        if (g != SL_NONE) {
            sl_pb_text(&t, "gate", m->gates[g].id);
            add_reason(&r, SL_REASON_CONTENT_ACCESS_GATED, SL_CONDITIONAL, g, &t);
        } else {
            add_reason(&r, SL_REASON_CONTENT_ACCESS_NO_BASIS, SL_NOT_READY, SL_NONE, &t);
        }
    }
    if (w->is_powered_off) {
        sl_pb_begin(&t, ar,
                    pp->sizing == SL_SIZING_PERFORMANCE
                        ? N_("powered off: confirm it is still needed before moving it; sized as "
                             "allocated, not by its p95")
                        : N_("powered off: confirm it is still needed before moving it"));
        add_reason(&r, SL_REASON_POWERED_OFF, SL_CONDITIONAL, SL_NONE, &t);
    }
    if (pp->sizing == SL_SIZING_PERFORMANCE && !w->is_powered_off &&
        (!cpu_measured || !ram_measured)) {
        wa->is_low_confidence = true;
        sl_pb_begin(&t, ar,
                    !cpu_measured && !ram_measured
                        ? N_("no CPU or RAM utilisation data: sized as allocated (low confidence)")
                    : !cpu_measured
                        ? N_("no CPU utilisation data: sized as allocated (low confidence)")
                        : N_("no RAM utilisation data: sized as allocated (low confidence)"));
        add_reason(&r, SL_REASON_NO_UTILISATION, SL_READY, SL_NONE, &t);
    }

    wa->readiness = SL_READY;
    for (size_t i = 0; i < r.n; i++) {
        if (!r.items[i].text)
            return SL_ENOMEM;
        if (r.items[i].effect > wa->readiness)
            wa->readiness = r.items[i].effect;
        a->reason_count[r.items[i].code]++;
    }
    if (r.n) {
        wa->reasons = sl_arena_memdup(ar, r.items, r.n * sizeof *r.items);
        if (!wa->reasons)
            return SL_ENOMEM;
        wa->n_reasons = r.n;
    }
    a->count[wa->readiness]++;
    /* declared by the agency not to move (stays:, model/stays.c): the
     * readiness stays as assessed, for the record */
    wa->stay_rule = sl_stay_rule_of(m, w);
    wa->disposition = wa->stay_rule == SL_NONE
                          ? SL_DISPOSITION_MOVE
                          : m->agencies[w->agency].stays[wa->stay_rule].disposition;
    a->disposition_count[wa->disposition]++;
    a->n_low_confidence += wa->is_low_confidence;
    a->vcpu_allocated += w->vcpu;
    a->ram_gb_allocated += w->ram_gb;
    a->vcpu_sized += wa->vcpu;
    a->ram_gb_sized += wa->ram_gb;
    return 0;
}

int sl_assess_run(sl_assessment **out, const sl_model *m, sl_diag *d)
{
    (void)d;
    *out = NULL;
    sl_assessment *a = sl_calloc(1, sizeof *a);
    if (!a)
        return SL_ENOMEM;
    a->arena = sl_arena_new();
    int rc = a->arena ? 0 : SL_ENOMEM;
    a->sizing = m->pools.sizing;
    if (!rc) {
        a->workloads = sl_arena_array(a->arena, m->n_workloads ? m->n_workloads : 1,
                                      sizeof *a->workloads);
        a->host_capacity = sl_arena_array(a->arena, m->n_host_models ? m->n_host_models : 1,
                                          sizeof *a->host_capacity);
        if (!a->workloads || !a->host_capacity)
            rc = SL_ENOMEM;
    }
    if (!rc) {
        a->n_workloads = m->n_workloads;
        a->n_host_models = m->n_host_models;
        for (size_t h = 0; h < m->n_host_models; h++) {
            host_capacity(&a->host_capacity[h], &m->host_models[h], &m->pools);
            bool listed = m->pools.n_host_models == 0;
            for (size_t k = 0; k < m->pools.n_host_models; k++)
                listed |= m->pools.host_models[k] == h;
            a->host_capacity[h].is_candidate = listed;
        }
    }
    const sl_site *target = NULL;
    for (size_t s = 0; s < m->n_sites && !target; s++)
        if (m->sites[s].role == SL_SITE_TARGET)
            target = &m->sites[s];
    for (sl_index i = 0; !rc && i < m->n_workloads; i++)
        rc = assess_one(a, m, target, i);
    if (rc) {
        sl_assessment_free(a);
        return rc;
    }
    *out = a;
    return 0;
}

void sl_assessment_free(sl_assessment *a)
{
    if (!a)
        return;
    sl_arena_free(a->arena);
    sl_free(a);
}
