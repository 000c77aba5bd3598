// SPDX-License-Identifier: MIT
// The HTML report as a user sees it: each page opens in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core), and must
//   - log no console error or warning, raise no page error, open no dialog,
//   - request nothing but the file itself (works offline),
//   - hold no script, and show hostile input names as plain text,
//   - draw every chart with at least one visible data mark,
//   - show each tagged key figure as the plan document has it,
//   - print (a PDF with several pages).
// Screenshots and PDFs are kept in OUTDIR as test artefacts.
//
//   node report.test.mjs SAMLOK OUTDIR
//
// Exit 77 (skipped) only when Chromium is not installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const [samlok, outdir] = process.argv.slice(2).map((p) => path.resolve(p));

if (!fs.existsSync(CHROMIUM)) {
    console.log(`SKIP: ${CHROMIUM} is not installed (tools/setup installs Debian's chromium)`);
    process.exit(77);
}
let chromium;
try {
    ({ chromium } = await import('playwright-core'));
} catch (e) {
    console.log('FAIL: playwright-core is not installed: run `npm ci` in tests/browser ' +
                            '(tools/run test does)');
    process.exit(1);
}

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); return ok; };

function sh(args, cwd) {
    return execFileSync(samlok, args, {
        cwd, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
}

function readJson(p) { return JSON.parse(fs.readFileSync(p, 'utf8')); }

function jget(doc, key) {
    let v = doc;
    for (const seg of key.split('.')) {
        if (Array.isArray(v) && /^\d+$/.test(seg)) v = v[Number(seg)];
        else if (v && typeof v === 'object' && !Array.isArray(v) && seg in v) v = v[seg];
        else return undefined;
    }
    return v;
}

const VERDICTS = { go: 'Go', conditional: 'Conditional', no_go: 'No go' };

// The page's text for a figure, read back as a number or a date.
function shownMatches(format, shown, value) {
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
        case 'text': return shown === (value === null ? '' : String(value));
        case 'num': return Math.abs(num(shown) - value) <= 1e-3 * Math.max(1, Math.abs(value));
        default: return false;
    }
}

async function checkPage(browser, name, htmlPath, doc, charts, opts = {}) {
    const url = pathToFileURL(htmlPath).href;
    const context = await browser.newContext({
        viewport: { width: 1280, height: 900 }, offline: true,
    });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning')
            problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
    const requests = [];
    await page.route('**/*', (route) => {
        const u = route.request().url();
        if (u === url) return route.continue();
        requests.push(u);
        return route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });

    const facts = await page.evaluate(() => {
        const rect = (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
        const charts = [...document.querySelectorAll('figure.chart')].map((f) => {
            const svg = f.querySelector('svg');
            const marks = [...f.querySelectorAll('.mark')].filter((m) => {
                const [w, h] = rect(m);
                return w > 0 && h > 0;
            });
            return { id: f.id, size: svg ? rect(svg) : [0, 0], marks: marks.length };
        });
        const figures = [...document.querySelectorAll('[data-key]')].map((e) => ({
            key: e.dataset.key, format: e.dataset.format, value: e.dataset.value,
            shown: e.textContent,
        }));
        const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
        return {
            charts, figures,
            scripts: document.querySelectorAll('script').length,
            imgs: document.querySelectorAll('img, iframe, object, embed').length,
            csp: csp ? csp.content : null,
            text: document.body.innerText,
            title: document.title,
            sections: document.querySelectorAll('section').length,
        };
    });

    for (const p of problems) check(false, `${name}: ${p}`);
    check(requests.length === 0, `${name}: requested ${requests.join(', ')}`);
    check(facts.scripts === 0, `${name}: ${facts.scripts} script elements`);
    check(facts.imgs === 0, `${name}: ${facts.imgs} img/iframe/object/embed elements`);
    check(facts.csp && facts.csp.includes("default-src 'none'"), `${name}: CSP ${facts.csp}`);
    const drawn = facts.charts.map((c) => c.id);
    for (const id of charts)
        check(drawn.includes(`chart-${id}`), `${name}: chart ${id} missing (have ${drawn})`);
    for (const c of facts.charts) {
        check(c.size[0] > 100 && c.size[1] > 50, `${name}: ${c.id} is ${c.size.join('x')}`);
        check(c.marks > 0, `${name}: ${c.id} draws no visible data mark`);
    }
    check(facts.figures.length > 10, `${name}: only ${facts.figures.length} tagged figures`);
    for (const f of facts.figures) {
        const value = jget(doc, f.key);
        if (!check(value !== undefined, `${name}: ${f.key} is not in the plan document`)) continue;
        const json = JSON.stringify(value);
        check(JSON.stringify(JSON.parse(f.value)) === json,
            `${name}: ${f.key} carries ${f.value}, JSON has ${json}`);
        check(shownMatches(f.format, f.shown, value),
            `${name}: ${f.key} shows '${f.shown}' (${f.format}), JSON has ${json}`);
    }
    for (const t of opts.texts || [])
        check(facts.text.includes(t), `${name}: '${t}' is not shown as text`);
    if (opts.title) check(facts.title === opts.title, `${name}: title '${facts.title}'`);

    await page.screenshot({ path: path.join(outdir, `${name}.png`), fullPage: true });
    if (opts.pdf) {
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({
            path: path.join(outdir, `${name}.pdf`), format: 'A4', printBackground: true,
        });
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
        check(pages >= facts.sections,
            `${name}: printed on ${pages} pages for ${facts.sections} sections`);
    }
    await context.close();
    console.log(`${name}: ${facts.charts.length} charts, ${facts.figures.length} figures checked`);
}

fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });

// the demo as `demo --out` writes it
sh(['demo', '--out', path.join(outdir, 'demo'), '-q', '--iterations', '2000'], outdir);
const demo = readJson(path.join(outdir, 'demo', 'plan.json'));

// the demo plan with cost, risks and verdicts sections (a fixture, until the stages write them)
const full = { ...demo, ...readJson(path.join(here, '..', 'reports', 'sections-demo.json')) };
fs.writeFileSync(path.join(outdir, 'full.json'), JSON.stringify(full));
sh(['report', 'full.json', '--html', 'report-full.html'], outdir);

// hostile names in every place, every section present
const hdir = path.join(outdir, 'hostile');
fs.cpSync(path.join(here, '..', 'reports', 'hostile'), hdir, { recursive: true });
sh(['report', 'scenario.yaml', '-q', '--json', 'plan.json'], hdir);
const hostile = {
    ...readJson(path.join(hdir, 'plan.json')),
    ...readJson(path.join(here, '..', 'reports', 'sections-hostile.json')),
};
fs.writeFileSync(path.join(hdir, 'full.json'), JSON.stringify(hostile));
sh(['report', 'full.json', '--html', 'report.html'], hdir);

const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
});
try {
    await checkPage(browser, 'report-demo', path.join(outdir, 'demo', 'report.html'), demo,
        ['gantt', 'finish', 'cost', 'tornado', 'capacity']);
    await checkPage(browser, 'report-full', path.join(outdir, 'report-full.html'), full,
        ['gantt', 'finish', 'cost', 'tornado', 'capacity', 'cashflow', 'heatmap'], { pdf: true });
    await checkPage(browser, 'report-hostile', path.join(hdir, 'report.html'), hostile,
        ['gantt', 'finish', 'tornado', 'capacity', 'cashflow', 'heatmap'], {
            title: `${hostile.scenario.name} - samlok plan`,
            texts: ['<script>alert(1)</script>', "<script>alert('verdict')</script>", '</td><td>x',
                '<img src=x onerror=alert(1)>', '=HYPERLINK("http://example.invalid")', 'A<i>\'&"'],
        });
} finally {
    await browser.close();
}

if (failures.length) {
    console.log(`FAIL browser/report: ${failures.length} problems`);
    for (const f of failures.slice(0, 60)) console.log('  ' + f);
    process.exit(1);
}
console.log(`ok browser/report (screenshots in ${outdir})`);
