// SPDX-License-Identifier: MIT
// samlok serve: the page's script. Small and self-contained: no library,
// no build step, nothing fetched but this server's own API, so the page
// works offline. It builds the controls from /api/state, sends every
// change as one POST of the overrides that differ from the scenario as
// loaded, polls the state, shows the report's front sections as the server
// renders them (never a figure of its own), and marks each figure that
// differs from the scenario as loaded. The page's Content-Security-Policy
// runs this script by its nonce and nothing else.
//
// Every word it writes is looked up with t('English message', {name:
// value}) in the words the server put in the page (#samlok-words, built
// from the catalogue, po/<code>.po, by serve/words.c), and numbers follow
// the conventions sent there too, as the report writes them; no word of
// another language is written here. Counts are written as "label: value",
// so no message needs a plural form.
'use strict';
(() => {
    const token = new URLSearchParams(location.search).get('token') || '';
    const $ = (id) => document.getElementById(id);
    const WORDS = JSON.parse($('samlok-words').textContent);

    // The message in the page's language, each {name} filled from args. A
    // message serve/words.c does not list is a mistake: it says so on the
    // console (the browser test fails on it) and is written in English.
    function t(msg, args) {
        let s = WORDS.text[msg];
        if (s === undefined) {
            console.error(`samlok: "${msg}" is not among the page's words (serve/words.c)`);
            s = msg;
        }
        return s.replace(/\{([a-z_]+)\}/g, (m, k) => (args && k in args ? String(args[k]) : m));
    }

    // A number with `decimals` places as the report writes it
    // (src/core/lang_fmt.c): the digits of toFixed, the language's decimal
    // mark, its thousands separator when grouped, no minus before a zero.
    // Not Intl.NumberFormat: its Swedish groups with U+00A0 and writes
    // U+2212 for minus, where the report has U+202F and '-'.
    function num(v, decimals, grouped = true) {
        const raw = Math.abs(v).toFixed(decimals);
        const [whole, frac] = raw.split('.');
        const sep = grouped ? WORDS.number.group : '';
        const digits = sep ? whole.replace(/\B(?=(\d{3})+$)/g, sep) : whole;
        const sign = v < 0 && /[1-9]/.test(raw) ? '-' : '';
        return `${sign}${digits}${frac === undefined ? '' : WORDS.number.decimal + frac}`;
    }
    // a number as the scenario gives it: whole, or with the places it has (at most 6)
    const plain = (v) => num(v, Number.isInteger(v) ? 0 : Math.min(6, (String(v).split('.')[1] || '').length));

    // An element: el('td', {class: 'x', text: 'y', data: {k: v}}, child...)
    function el(tag, attrs, ...kids) {
        const e = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) {
            if (k === 'text') e.textContent = v;
            else if (k === 'class') e.className = v;
            else if (k === 'data') for (const [dk, dv] of Object.entries(v)) e.dataset[dk] = dv;
            else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
        }
        for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
        return e;
    }

    function url(path, params) {
        const q = new URLSearchParams(params || {});
        q.set('token', token);
        return `${path}?${q}`;
    }

    async function get(path, params) {
        const res = await fetch(url(path, params), { cache: 'no-store' });
        if (!res.ok && res.status !== 404) throw new Error(t('the server answered {status} to {address}', { status: res.status, address: path }));
        return res;
    }

    async function post(path, pairs) {
        const body = new URLSearchParams();
        for (const [k, v] of pairs) body.append(k, v);
        const res = await fetch(path, {
            method: 'POST', cache: 'no-store', body: body.toString(),
            headers: { 'X-Samlok-Token': token, 'Content-Type': 'text/plain;charset=UTF-8' },
        });
        const json = await res.json().catch(() => ({}));
        if (!res.ok) throw new Error(json.error || t('the server answered {status} to {address}', { status: res.status, address: path }));
        return json;
    }

    const pct = (p) => (p === null || p === undefined ? '-' : WORDS.number.percent.replace('{n}', num(100 * p, 1)));
    // the report's labels of the verdicts (src/report/labels.c), as it writes them
    const verdict = (v) => WORDS.verdicts[v] ?? v;
    // a value of the scenario as the page shows it: numbers in the
    // language's conventions, true and false in words, anything else as written
    function shown(c, value) {
        if (value === null || value === undefined) return t('default');
        if (c.kind === 'bool') return WORDS.bool[value] ?? value;
        const i = c.choice_labels ? c.choices.indexOf(value) : -1;
        if (i >= 0) return c.choice_labels[i];
        if (c.kind === 'number' && /^-?\d+(\.\d+)?$/.test(value)) return plain(Number(value));
        return value;
    }
    const vclass = (v) => `v-${(v || 'unknown').replace('_', '-')}`;

    // ---- controls ------------------------------------------------------
    let controls = [];
    const values = new Map(); // path -> the override's value, null: as loaded

    function changed() {
        const sets = [];
        for (const c of controls) {
            const v = values.get(c.path);
            if (v !== null && v !== undefined) sets.push(`${c.path}=${v}`);
        }
        return sets;
    }

    function markControl(c, row) {
        row.classList.toggle('changed', values.get(c.path) !== null);
    }

    function input(c, row) {
        const set = (v) => { values.set(c.path, v); markControl(c, row); submit(); };
        if (c.kind === 'bool') {
            const box = el('input', { type: 'checkbox', data: { path: c.path } });
            box.checked = c.loaded === 'true';
            box.addEventListener('change', () => {
                const v = box.checked ? 'true' : 'false';
                set(v === c.loaded ? null : v);
            });
            return [box, () => { box.checked = c.loaded === 'true'; }];
        }
        if (c.kind === 'choice') {
            const sel = el('select', { data: { path: c.path } });
            const label = (i) => (c.choice_labels ? c.choice_labels[i] : c.choices[i]);
            const first = c.loaded !== null ? 1 : 0;
            sel.append(el('option', { value: '', text: c.loaded !== null ? label(0) : t('as loaded (default)') }));
            for (let i = first; i < c.choices.length; i++) sel.append(el('option', { value: c.choices[i], text: label(i) }));
            sel.addEventListener('change', () => set(sel.value === '' ? null : sel.value));
            return [sel, () => { sel.value = ''; }];
        }
        const box = el('input', {
            type: c.kind === 'date' ? 'date' : 'number', data: { path: c.path },
            min: c.kind === 'number' ? c.min : null, max: c.kind === 'number' ? c.max : null,
            step: c.kind === 'number' ? 'any' : null,
        });
        const loadedValue = c.kind === 'number' ? String(c.loaded_number) : c.loaded || '';
        box.value = loadedValue;
        if (c.choices && c.choices.length) {
            const list = el('datalist', { id: `list-${controls.indexOf(c)}` });
            for (const v of c.choices) list.append(el('option', { value: v }));
            box.setAttribute('list', list.id);
            row.append(list);
        }
        box.addEventListener('change', () => set(box.value === '' ? null : box.value));
        return [box, () => { box.value = loadedValue; }];
    }

    function buildControls() {
        const root = $('controls');
        root.textContent = '';
        root.append(el('h2', { text: t('What if') }));
        let group = null, box = null;
        for (const c of controls) {
            if (c.group !== group) {
                group = c.group;
                const legend = group === 'scenario' ? t('Scenario') : group === 'gates' ? t('Gates')
                    : group === 'adjustable' ? t('Adjustable') : t('Agency {agency}', { agency: group });
                box = el('fieldset', {}, el('legend', { text: legend }));
                root.append(box);
            }
            values.set(c.path, null);
            const row = el('div', { class: 'control' });
            const [widget, reset] = input(c, row);
            const id = `c-${controls.indexOf(c)}`;
            widget.id = id;
            const undo = el('button', { type: 'button', class: 'reset', title: t('back to the scenario as loaded'), text: '\u21ba' });
            undo.addEventListener('click', () => { reset(); values.set(c.path, null); markControl(c, row); submit(); });
            row.prepend(el('label', { for: id, text: c.label }));
            row.append(widget, undo, el('div', { class: 'loaded', text: t('as loaded: {value}', { value: shown(c, c.loaded) }) }));
            box.append(row);
        }
        const all = el('button', { type: 'button', text: t('Back to the scenario as loaded') });
        all.addEventListener('click', () => applySets([]));
        root.append(all);
    }

    // Sets every control from a list of overrides and re-plans.
    function applySets(sets) {
        const want = new Map(sets.map((s) => [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)]));
        for (const c of controls) {
            const v = want.has(c.path) ? want.get(c.path) : null;
            values.set(c.path, v);
            const w = document.querySelector(`[data-path="${CSS.escape(c.path)}"]`);
            if (!w) continue;
            if (c.kind === 'bool') w.checked = (v ?? c.loaded) === 'true';
            else if (c.kind === 'choice') w.value = v ?? '';
            else w.value = v ?? (c.kind === 'number' ? String(c.loaded_number) : c.loaded || '');
            markControl(c, w.closest('.control'));
        }
        submit();
    }

    async function submit() {
        try {
            await post('/api/plan', changed().map((s) => ['set', s]));
            $('error').textContent = '';
        } catch (e) {
            $('error').textContent = e.message;
        }
        poll(true);
    }

    // ---- results -------------------------------------------------------
    let shownVersion = -1, base = null, baseSummary = null;

    async function loadBase() {
        const res = await get('/api/front', { base: '1' });
        if (res.status !== 200) return;
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        base = new Map([...doc.querySelectorAll('[data-key]')].map((e) => [e.dataset.key, e]));
    }

    // Marks each figure whose value differs from the scenario as loaded.
    function markChanges() {
        let n = 0;
        for (const e of $('report').querySelectorAll('[data-key]')) {
            const b = base && base.get(e.dataset.key);
            if (!base || (b && b.dataset.value === e.dataset.value)) continue;
            e.classList.add('changed');
            e.title = b ? t('as loaded: {value}', { value: b.textContent }) : t('not in the scenario as loaded');
            n++;
        }
        return n;
    }

    function headline(summary) {
        const root = $('headline');
        root.textContent = '';
        if (!summary) return;
        for (const a of summary.agencies) {
            const was = baseSummary && baseSummary.agencies.find((b) => b.id === a.id);
            const moved = was && was.verdict !== a.verdict;
            root.append(el('div', { class: `chip ${vclass(a.verdict)}${moved ? ' changed' : ''}`, data: { agency: a.id, verdict: a.verdict } },
                el('b', { text: a.id }), ` ${verdict(a.verdict)}`,
                a.p_on_time !== null ? el('span', { class: 'p', text: ` ${t('P(on time) {p} \u00b1 {se}', { p: pct(a.p_on_time), se: pct(a.p_on_time_stderr) })}` }) : null,
                moved ? el('span', { class: 'was', text: ` ${t('(as loaded: {verdict})', { verdict: verdict(was.verdict) })}` }) : null));
        }
    }

    function status(st) {
        const s = $('status'), r = st.result;
        if (!r) { s.textContent = t('Planning the scenario as loaded\u2026'); return; }
        const sum = r.summary, full = r.pass === 'full';
        let text = r.error ? (full ? t('Full pass failed') : t('Quick pass failed'))
            : t(full ? 'Full pass (iterations: {iterations}): P(on time), all joining agencies, {p} \u00b1 {se} (standard error)'
                : 'Quick pass (iterations: {iterations}): P(on time), all joining agencies, {p} \u00b1 {se} (standard error)',
            { iterations: num(r.iterations, 0), p: pct(sum.p_on_time), se: pct(sum.p_on_time_stderr) });
        if (r.request !== st.request || st.running !== null) text += ` \u2014 ${r.request !== st.request ? t('planning your latest change\u2026') : t('full pass running\u2026')}`;
        s.textContent = text;
        Object.assign(s.dataset, { request: r.request, latest: st.request, pass: r.pass, iterations: r.iterations, version: r.version });
        $('error').textContent = r.error || '';
    }

    let variantsKey = '';
    function variants(st) {
        const key = JSON.stringify(st.variants.map((v) => v.id));
        if (key === variantsKey) return;
        variantsKey = key;
        const body = $('variants');
        body.textContent = '';
        for (const v of [...st.variants].reverse()) {
            const tick = el('input', { type: 'checkbox', value: v.id, 'aria-label': t('compare variant {id}', { id: v.id }) });
            tick.checked = true;
            const apply = el('button', { type: 'button', text: t('show') });
            apply.addEventListener('click', () => applySets(v.sets));
            const link = (what, text) => el('a', { href: url(`/export/${what}`, { id: v.id }), download: '', text });
            body.append(el('tr', { data: { variant: v.id } },
                el('td', {}, tick), el('td', { text: `#${v.id}` }), el('td', { class: 'label', text: v.label }),
                el('td', {}, ...(v.summary ? v.summary.agencies.map((a) => el('span', { class: `chip small ${vclass(a.verdict)}`, text: `${a.id} ${verdict(a.verdict)}` })) : [])),
                el('td', {}, apply, ' ', link('scenario', t('scenario')), ' ', link('plan', t('plan')), ' ', link('report', t('report')))));
        }
    }

    async function compare() {
        const ids = [...$('variants').querySelectorAll('input:checked')].map((i) => i.value);
        if (!ids.length) return;
        const res = await get('/api/compare', { ids: ids.join(',') });
        $('compare').innerHTML = res.ok ? await res.text() : '';
    }

    // ---- sweep ---------------------------------------------------------
    function suggest(c) {
        if (c.kind === 'bool') return ['true', 'false'];
        if (c.kind === 'choice') return c.choices;
        if (c.choices && c.choices.length) return c.choices.slice(0, 12);
        if (c.kind === 'date') {
            const d = new Date(`${c.loaded}T00:00:00Z`);
            return [0, 3, 6, 9, 12].map((m) => {
                const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, d.getUTCDate()));
                return x.toISOString().slice(0, 10);
            });
        }
        return [0.5, 0.75, 1, 1.25, 1.5, 2].map((f) => String(Math.round(c.loaded_number * f)));
    }

    function buildSweep() {
        for (const id of ['sweep-x', 'sweep-y']) {
            const sel = $(id);
            for (const c of controls) sel.append(el('option', { value: c.path, text: c.label }));
            const fill = () => { $(`${id}-values`).value = suggest(controls.find((c) => c.path === sel.value)).join('\n'); };
            sel.addEventListener('change', fill);
            sel.selectedIndex = id === 'sweep-x' ? 0 : Math.min(1, controls.length - 1);
            fill();
        }
        $('sweep-run').addEventListener('click', async () => {
            const lines = (id) => $(id).value.split('\n').map((v) => v.trim()).filter((v) => v);
            const pairs = [['x', $('sweep-x').value], ['y', $('sweep-y').value]];
            for (const v of lines('sweep-x-values')) pairs.push(['xv', v]);
            for (const v of lines('sweep-y-values')) pairs.push(['yv', v]);
            for (const s of changed()) pairs.push(['set', s]);
            try { await post('/api/sweep', pairs); $('sweep-error').textContent = ''; } catch (e) { $('sweep-error').textContent = e.message; }
            sweepShown = '';
            poll(true);
        });
        $('sweep-cancel').addEventListener('click', () => post('/api/sweep/cancel', []).then(() => poll(true)));
        $('sweep-agency').addEventListener('change', () => { sweepShown = ''; poll(true); });
    }

    let sweepShown = '';
    async function sweep(st) {
        const key = `${st.sweep.generation}/${st.sweep.done}/${st.sweep.state}`;
        if (key === sweepShown || st.sweep.state === 'idle') return;
        sweepShown = key;
        const w = await (await get('/api/sweep')).json();
        $('sweep-progress').max = Math.max(1, w.total);
        $('sweep-progress').value = w.done;
        $('sweep-count').textContent = t('points: {done} of {total} (iterations each: {iterations}) \u2014 {state}',
            { done: num(w.done, 0), total: num(w.total, 0), iterations: num(w.iterations, 0), state: WORDS.sweep[w.state] ?? w.state });
        const agencies = $('sweep-agency');
        if (agencies.options.length === 1) {
            const any = w.points.find((p) => p && p.agencies);
            for (const a of any ? any.agencies : []) if (a.p_on_time !== null || a.verdict !== 'host') agencies.append(el('option', { value: a.id, text: a.id }));
        }
        const who = agencies.value;
        const table = el('table', { class: 'grid' });
        const control = (p) => controls.find((c) => c.path === p) || { label: p, kind: 'choice' };
        const [cx, cy] = [control(w.x), control(w.y)];
        table.append(el('tr', {}, el('th', { text: `${cy.label} \u2193 / ${cx.label} \u2192` }), ...w.xs.map((x) => el('th', { text: shown(cx, x) }))));
        w.ys.forEach((y, j) => {
            const row = el('tr', {}, el('th', { text: shown(cy, y) }));
            w.xs.forEach((x, i) => {
                const p = w.points[j * w.xs.length + i];
                const a = p && p.agencies && p.agencies.find((g) => g.id === who);
                const v = p && p.error ? 'error' : a ? a.verdict : p ? 'all' : 'pending';
                const prob = a ? a.p_on_time : p ? p.p_on_time : null;
                row.append(el('td', { class: p ? vclass(v) : 'pending', title: p && p.error ? p.error : '', data: { x, y, verdict: v }, text: p ? (p.error ? t('error') : pct(prob)) : '\u2026' }));
            });
            table.append(row);
        });
        $('sweep-grid').textContent = '';
        $('sweep-grid').append(table);
    }

    // ---- the loop --------------------------------------------------------
    // One poll at a time: a poll asked for while one is on its way runs
    // right after it. Two at once may be answered out of order, and the
    // older state, applied last, would put an earlier status (request,
    // pass) back on the page after a newer one.
    let timer = null, polling = false, again = false;
    async function poll(soon) {
        clearTimeout(timer);
        if (polling) { again = true; return; }
        if (soon) { timer = setTimeout(() => poll(false), 50); return; }
        polling = true;
        let busy = true;
        try {
            const st = await (await get('/api/state')).json();
            if (!base && st.base_ready) {
                await loadBase();
                const v0 = st.variants.find((v) => v.id === 0);
                baseSummary = v0 ? v0.summary : null;
            }
            status(st);
            const r = st.result;
            if (r && r.version !== shownVersion) {
                shownVersion = r.version;
                if (!r.error) {
                    const res = await get('/api/front');
                    if (res.status === 200) {
                        $('report').innerHTML = await res.text();
                        // the version it is, which may be newer than the state read
                        $('report').dataset.version = res.headers.get('X-Samlok-Version') || r.version;
                    }
                    const n = markChanges();
                    $('changes').textContent = r.sets.length ? t('overrides: {overrides}; figures that differ from the scenario as loaded (marked): {figures}', { overrides: num(r.sets.length, 0), figures: num(n, 0) }) : t('The scenario as loaded');
                }
                headline(r.summary);
            }
            variants(st);
            await sweep(st);
            busy = st.running !== null || st.queued || st.sweep.state === 'running' || !r || r.request !== st.request || r.pass !== 'full';
        } catch (e) {
            $('error').textContent = t('lost the server: {error}', { error: e.message });
        }
        polling = false;
        const asked = again;
        again = false;
        timer = setTimeout(() => poll(false), asked ? 50 : busy ? 200 : 1500);
    }

    async function start() {
        const st = await (await get('/api/state', { controls: '1' })).json();
        controls = st.controls;
        buildControls();
        buildSweep();
        $('compare-run').addEventListener('click', compare);
        poll(false);
    }
    start().catch((e) => { $('error').textContent = e.message; });
})();
