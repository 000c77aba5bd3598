// SPDX-License-Identifier: MIT
// What the browser tests share: a figure of the plan document by its
// dotted key, and whether a page shows it as the document has it (the
// HTML report tags each key figure with data-key, data-format and
// data-value); and how they start Debian's Chromium.

export const CHROMIUM = '/usr/bin/chromium';

// playwright-core's chromium; exits 77 (skipped) without Debian's
// Chromium, 1 without playwright-core.
export async function chromiumOrExit() {
    const fs = await import('node:fs');
    if (!fs.existsSync(CHROMIUM)) {
        console.log(`SKIP: ${CHROMIUM} is not installed (tools/setup installs Debian's chromium)`);
        process.exit(77);
    }
    try {
        return (await import('playwright-core')).chromium;
    } catch (e) {
        console.log('FAIL: playwright-core is not installed: run `npm ci` in tests/browser ' +
                    '(tools/run test does)');
        process.exit(1);
    }
}
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

export function jget(doc, key) {
    let v = doc;
    for (const seg of key.split('.')) {
        if (Array.isArray(v) && /^\d+$/.test(seg)) v = v[Number(seg)];
        else if (v && typeof v === 'object' && !Array.isArray(v) && seg in v) v = v[seg];
        else return undefined;
    }
    return v;
}

// verdicts read in words (src/report/labels.c), never as their codes
export const VERDICTS = { go: 'go', conditional: 'conditional', no_go: 'no go', out: 'stays out' };

// The page's text for a figure, read back as a number or a date. A
// number the document leaves null (no iteration to stand on, e.g.
// P(on time | allowed) when a gate is refused for sure) says it is not
// defined and why ("not defined (never allowed)"), never a blank or 0.
const NUMERIC = new Set(['int', 'dec1', 'share', 'money', 'num']);
export function shownMatches(format, shown, value) {
    if (value === null && NUMERIC.has(format)) return /^not defined \([a-z ]+\)$/.test(shown);
    const num = (s) => Number(s.replace(/,/g, '').replace(/\u2212/g, '-'));
    switch (format) {
        case 'int': return num(shown) === Math.round(value) + 0;
        case 'dec1': return Math.abs(num(shown) - value) <= 0.05 + 1e-9 * Math.abs(value);
        case 'share': {
            const m = /^(-?[\d,.]+) %$/.exec(shown);
            return !!m && Math.abs(num(m[1]) / 100 - value) <= 0.0005 + 1e-12;
        }
        case 'money': {
            const m = /^(-?[\d.]+)( (bn|M|k))?( \S+)?$/.exec(shown);
            if (!m) return false;
            const unit = { bn: 1e9, M: 1e6, k: 1e3 }[m[3]] ?? 1;
            const decimals = (m[1].split('.')[1] || '').length;
            const half = 0.5 * unit * 10 ** -decimals;
            return Math.abs(Number(m[1]) * unit - value) <= half + 1e-6 * Math.abs(value);
        }
        case 'date': return value === null ? shown === 'never' : shown === value;
        case 'bool': return shown === (value ? 'yes' : 'no');
        case 'verdict':
            return shown === (VERDICTS[value] ?? value);
        // a code of the document shown as its label: words, not the code
        case 'label': return typeof value === 'string' && shown.length > 0 && !shown.includes('_');
        case 'text': return shown === (value === null ? '' : String(value));
        case 'num': return Math.abs(num(shown) - value) <= 1e-3 * Math.max(1, Math.abs(value));
        default: return false;
    }
}
