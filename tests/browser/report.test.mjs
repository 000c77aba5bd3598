// SPDX-License-Identifier: MIT
// The HTML report as a user sees it: each page opens in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core), and must
//   - log no console error or warning, raise no page error, open no dialog,
//   - request nothing but the file itself (works offline),
//   - hold no script, and show hostile input names as plain text,
//   - draw every chart with at least one visible data mark, and each chart
//     what it promises (see checkPromises),
//   - show each tagged key figure as the plan document has it,
//   - print (a PDF with several pages),
//   - hold its layout at 390, 1024 and 1400 px (checkLayout), in English
//     and in Swedish with long Swedish names.
// Screenshots and PDFs are kept in OUTDIR as test artefacts.
//
//   node report.test.mjs SAMLOK OUTDIR
//
// Exit 77 (skipped) only when Chromium is not installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, chromiumOrExit, jget, shownMatches, VERDICTS } from './figures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [samlok, outdir] = process.argv.slice(2).map((p) => path.resolve(p));

const chromium = await chromiumOrExit();

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); return ok; };

function sh(args, cwd) {
    return execFileSync(samlok, args, {
        cwd, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
}

function readJson(p) { return JSON.parse(fs.readFileSync(p, 'utf8')); }

// What each part of the page promises (docs/REPORTS.md), drawn and visible:
// a card per verdict with its reasons; the Gantt with each agency's waves,
// its freezes and a row per gate; the finish histogram with its S-curve;
// the tornado's two bars per input; the capacity lines with the site's
// free racks and kW; both cash-flow series for every year; the 5 x 5 risk
// grid with a marked cell per likelihood and impact in the register.
async function checkPromises(page, name, doc) {
    const seen = await page.evaluate(() => {
        const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
        const count = (sel) => [...document.querySelectorAll(sel)].filter(visible).length;
        const titles = (sel) => [...document.querySelectorAll(sel)].filter(visible)
            .map((e) => (e.querySelector('title') || {}).textContent || '');
        return {
            verdicts: [...document.querySelectorAll('#verdicts article.verdict')].filter(visible)
                .map((a) => ({
                    agency: a.querySelector('h3').firstChild.textContent.trim(),
                    badge: a.querySelector('.badge').textContent,
                    reasons: a.querySelectorAll('ul.reasons li').length,
                })),
            ganttBars: count('#chart-gantt rect.mark'),
            freezes: count('#chart-gantt rect.freeze'),
            gates: [...document.querySelectorAll('#chart-gantt g.gate')].map((g) => ({
                label: g.querySelector('text').textContent,
                drawn: [...g.querySelectorAll('.mark')].filter(visible).length,
            })),
            finishBars: count('#chart-finish rect.mark'),
            finishCurve: count('#chart-finish path.curve'),
            costBars: count('#chart-cost rect.mark'),
            tornadoBars: count('#chart-tornado rect.mark'),
            capacityLines: count('#chart-capacity path.mark'),
            references: titles('#chart-capacity .reference'),
            cashBars: titles('#chart-cashflow rect.mark'),
            heatCells: count('#chart-heatmap rect.cell'),
            heatMarked: titles('#chart-heatmap rect.mark'),
            heatCounts: [...document.querySelectorAll('#chart-heatmap text.count')]
                .map((t) => Number(t.textContent)),
        };
    });
    const verdicts = doc.verdicts || [];
    check(seen.verdicts.length === verdicts.length,
        `${name}: ${seen.verdicts.length} verdict cards for ${verdicts.length} verdicts`);
    verdicts.forEach((v, i) => {
        const card = seen.verdicts[i] || {};
        check(card.agency === v.agency && card.badge === (VERDICTS[v.verdict] ?? v.verdict),
            `${name}: verdict card ${i} reads ${card.agency} ${card.badge}`);
        check(card.reasons === (v.reasons || []).length,
            `${name}: ${v.agency} shows ${card.reasons} of ${(v.reasons || []).length} reasons`);
    });
    check(seen.ganttBars > 0, `${name}: the Gantt draws no wave`);
    const freezes = (doc.calendar && doc.calendar.freezes) || [];
    check(freezes.length === 0 || seen.freezes > 0, `${name}: the Gantt draws no freeze`);
    const gates = (doc.calendar && doc.calendar.gates) || [];
    check(seen.gates.length === gates.length,
        `${name}: the Gantt has ${seen.gates.length} gate rows for ${gates.length} gates`);
    gates.forEach((g, i) => {
        const row = seen.gates[i] || {};
        // a gate reads by its name (shortened to the label column, the whole
        // name in the label's tooltip), never by its id unless it has no name
        const want = g.name || g.id;
        check((row.label || '').endsWith(want) && row.drawn > 0,
            `${name}: gate ${g.id} not drawn by its name (${row.label})`);
    });
    check(seen.finishBars > 0 && seen.finishCurve === 1,
        `${name}: finish histogram ${seen.finishBars} bars, ${seen.finishCurve} S-curves`);
    check(seen.costBars > 0, `${name}: the cost histogram draws no bar`);
    const inputs = doc.simulation.tornado.inputs.length;
    check(seen.tornadoBars >= 2 && seen.tornadoBars <= 2 * inputs,
        `${name}: the tornado draws ${seen.tornadoBars} bars for ${inputs} inputs`);
    check(seen.capacityLines === 3, `${name}: capacity draws ${seen.capacityLines} of 3 lines`);
    const site = doc.placement.site;
    for (const [key, unit] of [['racks', 'racks'], ['kw', 'kW']]) {
        const free = `${Math.round(site[key].free)} ${unit} free at the site`;
        check(seen.references.some((t) => t.startsWith(free)),
            `${name}: capacity lacks '${free}' (has ${seen.references.join(' | ')})`);
    }
    const years = doc.cost.cash_flows.length;
    check(seen.cashBars.length === 2 * years &&
        seen.cashBars.filter((t) => t.includes(', status quo: ')).length === years &&
        seen.cashBars.filter((t) => t.includes(', co-location: ')).length === years,
        `${name}: cash flows draw ${seen.cashBars.length} bars for ${years} years x 2`);
    const risks = (doc.risks || []).filter((r) => r.likelihood >= 1 && r.likelihood <= 5 &&
        r.impact >= 1 && r.impact <= 5);
    const cells = new Set(risks.map((r) => `${r.likelihood}x${r.impact}`));
    check(seen.heatCells === 25, `${name}: the heat map has ${seen.heatCells} of 25 cells`);
    check(seen.heatMarked.length === cells.size,
        `${name}: ${seen.heatMarked.length} marked cells for ${cells.size} likelihood x impact pairs`);
    const counted = seen.heatCounts.reduce((a, b) => a + b, 0);
    check(counted === risks.length, `${name}: the heat map counts ${counted} of ${risks.length} risks`);
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
    if (opts.promises) await checkPromises(page, name, doc);
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

// The layout at a phone's, a laptop's and a wide screen's width: the page
// is no wider than the viewport (tables and charts scroll inside their own
// box), and in every chart no two text boxes overlap, no text is cut by
// the chart's edge, and none is drawn under 7 px (bounding boxes from the
// DOM, font sizes as rendered: the CSS size times the SVG's scale).
const WIDTHS = [390, 1024, 1400];
const MIN_TEXT_PX = 7;

async function checkLayout(browser, name, htmlPath) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, offline: true });
    const page = await context.newPage();
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const seen = await page.evaluate((minPx) => {
            const problems = [];
            const doc = document.documentElement;
            if (doc.scrollWidth > window.innerWidth + 1)
                problems.push(`the page is ${doc.scrollWidth} px wide`);
            for (const svg of document.querySelectorAll('figure.chart svg')) {
                const id = svg.closest('figure').id;
                const box = svg.getBoundingClientRect();
                const vb = svg.viewBox.baseVal;
                const scale = vb && vb.width ? box.width / vb.width : 1;
                const texts = [...svg.querySelectorAll('text')].map((t) => {
                    const r = t.getBoundingClientRect();
                    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
                    // the text itself, not a <title> child
                    const own = [...t.childNodes].filter((c) => c.nodeType === 3)
                        .map((c) => c.textContent).join('');
                    return { r, px, text: own.trim() };
                }).filter((t) => t.text && t.r.width > 0 && t.r.height > 0);
                for (const t of texts) {
                    if (t.px < minPx - 1e-6)
                        problems.push(`${id}: '${t.text}' drawn at ${t.px.toFixed(1)} px`);
                    if (t.r.left < box.left - 0.5 || t.r.right > box.right + 0.5 ||
                        t.r.top < box.top - 0.5 || t.r.bottom > box.bottom + 0.5)
                        problems.push(`${id}: '${t.text}' is cut by the chart's edge`);
                }
                // glyph boxes carry the line's ascent and descent: texts collide
                // when their inked lines (a fifth of a line in) meet or come
                // within 1 px side by side ("Jan 2029Feb")
                const shrink = (r) => {
                    const dy = r.height * 0.2;
                    return { l: r.left - 0.5, r: r.right + 0.5, t: r.top + dy, b: r.bottom - dy };
                };
                for (let i = 0; i < texts.length; i++)
                    for (let j = i + 1; j < texts.length; j++) {
                        const a = shrink(texts[i].r), b = shrink(texts[j].r);
                        if (a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b)
                            problems.push(`${id}: '${texts[i].text}' overlaps '${texts[j].text}'`);
                    }
            }
            return problems;
        }, MIN_TEXT_PX);
        for (const p of seen) check(false, `${name} at ${width} px: ${p}`);
        await page.screenshot({ path: path.join(outdir, `${name}-${width}.png`), fullPage: true });
    }
    await context.close();
    console.log(`${name}: layout checked at ${WIDTHS.join(', ')} px`);
}

fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });

// the demo as `demo --out` writes it: every section from the stages
sh(['demo', '--out', path.join(outdir, 'demo'), '-q', '--iterations', '2000'], outdir);
const demo = readJson(path.join(outdir, 'demo', 'plan.json'));

// hostile names in every place a scenario can put one, planned by samlok
const hdir = path.join(outdir, 'hostile');
fs.cpSync(path.join(here, '..', 'reports', 'hostile'), hdir, { recursive: true });
sh(['report', 'scenario.yaml', '-q', '--json', 'plan.json', '--html', 'report.html'], hdir);
const hostile = readJson(path.join(hdir, 'plan.json'));

// the demo in Swedish with long Swedish names (å, ä, ö; gate names of 40
// characters and more) for every agency, site and gate
const sdir = path.join(outdir, 'swedish');
sh(['demo', '--write-scenario', sdir], outdir);
const LONG_NAMES = [
    'Värdmyndighetens driftcentral i Sundsvall', 'Myndigheten för ärendehantering i Östersund',
    'Skatteverkets äldre datorhall i Solna', 'Värdmyndighetens nya datorhall i Sundsvall',
    'Skatteverkets reservhall i Årsta, Stockholm', 'Driftleverantörens hall i Älvsjö, Stockholm',
    'Säkerhetsskyddsavtal och samråd med Säpo', 'Godkänd isolerad zon för säkerhetsklassade system',
    'Rättslig grund för värdpersonalens åtkomst', 'Förhandling med facket om övergång av drift',
    'Leverans av värdmaskiner till målhallen i Sundsvall',
];
let k = 0;
const yaml = fs.readFileSync(path.join(sdir, 'scenario.yaml'), 'utf8')
    .replace(/^( {4}name: ).*$/gm, (m, lead) => lead + LONG_NAMES[k++ % LONG_NAMES.length]);
fs.writeFileSync(path.join(sdir, 'scenario.yaml'), yaml);
sh(['report', 'scenario.yaml', '-q', '--lang', 'sv', '--iterations', '500', '--html', 'report.html'],
    sdir);

const ALL_CHARTS = ['gantt', 'finish', 'cost', 'tornado', 'capacity', 'cashflow', 'heatmap'];

const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
});
try {
    await checkPage(browser, 'report-demo', path.join(outdir, 'demo', 'report.html'), demo,
        ALL_CHARTS, { pdf: true, promises: true });
    await checkPage(browser, 'report-hostile', path.join(hdir, 'report.html'), hostile,
        ALL_CHARTS, {
            promises: true,
            title: `${hostile.scenario.name} - samlok plan`,
            texts: ['<script>alert(1)</script>', "<script>alert('name')</script>", '</td><td>x',
                '<img src=x onerror=alert(1)>', '=HYPERLINK("http://example.invalid","click")',
                'A<i>\'&"', "<script>alert('risk')</script> & \"quoted\"", 'G<x>'],
        });
    await checkLayout(browser, 'layout-demo', path.join(outdir, 'demo', 'report.html'));
    await checkLayout(browser, 'layout-swedish', path.join(sdir, 'report.html'));
} finally {
    await browser.close();
}

if (failures.length) {
    console.log(`FAIL browser/report: ${failures.length} problems`);
    for (const f of failures.slice(0, 60)) console.log('  ' + f);
    process.exit(1);
}
console.log(`ok browser/report (screenshots in ${outdir})`);
