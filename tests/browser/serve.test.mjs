// SPDX-License-Identifier: MIT
// `samlok serve` as a user in a meeting sees it, in headless Chromium
// (Debian's, driven by playwright-core): it starts `samlok serve :demo
// --port 0`, reads the address from the first line of standard output,
// and in the page
//   - moves controls one after another (SKV's staff hours, the deadline,
//     the legal gate refused, SKV out so AGY goes alone) and checks after
//     each full pass that every figure the page shows, and each verdict,
//     is what `samlok plan :demo` with the same --set options writes,
//     and that figures differing from the scenario as loaded are marked;
//   - runs a sweep over the deadline and SKV's hours and checks that the
//     grid draws, each point as `samlok plan` at the quick count says;
//   - exports the variant shown as a scenario file, plans that file next
//     to the demo's data files with `samlok plan`, and checks the plan
//     document equals the variant's own;
//   - compares the variants side by side;
//   - logs no console error, requests nothing from anywhere else, runs no
//     script but its own (one, with the CSP's nonce; its words are data);
//   - does all this with the page's answers held back and reordered (a
//     fixed list of delays), so a page that shows an older answer after a
//     newer one fails.
// A screenshot lands in OUTDIR (docs/serve.png is made from it).
//
//   node serve.test.mjs SAMLOK OUTDIR
//
// Exit 77 (skipped) only when Chromium is not installed.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { CHROMIUM, CHROMIUM_ARGS, chromiumOrExit, jget, shownMatches, VERDICTS } from './figures.mjs';

const [samlok, outdir] = process.argv.slice(2).map((p) => path.resolve(p));
const FULL = 2000, QUICK = 400, THREADS = 2;

const chromium = await chromiumOrExit();

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); return ok; };
const env = { ...process.env, LC_ALL: 'C' };

// `samlok plan :demo` with these overrides at `its` iterations.
function plan(sets, its) {
    const args = ['plan', ':demo', '-q', '--iterations', String(its), '--threads', String(THREADS),
        '--json', '-'];
    for (const s of sets) args.push('--set', s);
    return JSON.parse(execFileSync(samlok, args, { env, maxBuffer: 1 << 28 }).toString());
}

fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });

const server = spawn(samlok, ['serve', ':demo', '--port', '0', '--iterations', String(FULL),
    '--quick-iterations', String(QUICK), '--threads', String(THREADS)],
{ env, stdio: ['ignore', 'pipe', 'pipe'] });
let serverErr = '';
server.stderr.on('data', (d) => { serverErr += d; });
const first = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: server.stdout });
    rl.once('line', resolve);
    server.once('exit', (code) => reject(new Error(`samlok serve exited ${code}: ${serverErr}`)));
    setTimeout(() => reject(new Error('no address within 60 s')), 60000);
});
check(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43,}$/.test(first),
    `first line is not the address with its token: ${first}`);
const address = new URL(first);
const origin = address.origin, token = address.searchParams.get('token');

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const problems = [], elsewhere = [];
let page;

// The newest request the page knows of (-1: none yet).
const latest = () => page.evaluate(() => Number(document.getElementById('status').dataset.latest ?? -1));

// Waits until the page shows the full pass of a request newer than
// `after`, and it is the newest.
async function settled(what, after) {
    await page.waitForFunction((after) => {
        const s = document.getElementById('status').dataset;
        return s.pass === 'full' && s.request === s.latest && Number(s.latest) > after &&
            document.getElementById('report').dataset.version === s.version;
    }, after, { timeout: 120000, polling: 100 }).catch(() => check(false, `${what}: no full pass shown`));
}

// Every figure and verdict the page shows against the plan document.
async function compareWithPlan(what, doc) {
    const seen = await page.evaluate(() => ({
        figures: [...document.querySelectorAll('#report [data-key]')].map((e) => ({
            key: e.dataset.key, format: e.dataset.format, value: e.dataset.value,
            shown: e.textContent, changed: e.classList.contains('changed'),
        })),
        chips: [...document.querySelectorAll('#headline .chip')].map((c) => ({
            agency: c.dataset.agency, verdict: c.dataset.verdict,
        })),
        cards: Object.fromEntries([...document.querySelectorAll('#verdicts article.verdict')].map((a) =>
            [a.querySelector('h3').firstChild.textContent.trim(), a.querySelector('.badge').textContent])),
        status: document.getElementById('status').textContent,
    }));
    check(seen.figures.length > 20, `${what}: only ${seen.figures.length} figures on the page`);
    let compared = 0;
    for (const f of seen.figures) {
        const value = jget(doc, f.key);
        if (!check(value !== undefined, `${what}: ${f.key} is not in the plan document`)) continue;
        const json = JSON.stringify(value);
        check(JSON.stringify(JSON.parse(f.value)) === json,
            `${what}: ${f.key} is ${f.value} on the page, ${json} in samlok plan`);
        check(shownMatches(f.format, f.shown, value), `${what}: ${f.key} shows '${f.shown}', plan has ${json}`);
        compared++;
    }
    const verdicts = doc.verdicts.map((v) => `${v.agency}:${v.verdict}`).join(' ');
    check(seen.chips.map((c) => `${c.agency}:${c.verdict}`).join(' ') === verdicts,
        `${what}: verdicts ${JSON.stringify(seen.chips)} against ${verdicts}`);
    for (const v of doc.verdicts) {
        const badge = seen.cards[v.agency];
        check(badge === (VERDICTS[v.verdict] ?? v.verdict), `${what}: ${v.agency} card reads ${badge}`);
    }
    check(new RegExp(`^Full pass \\(iterations: ${FULL.toLocaleString('en')}\\): P\\(on time\\), all joining agencies, [\\d.]+ % \u00b1 [\\d.]+ % \\(standard error\\)$`).test(seen.status),
        `${what}: status reads '${seen.status}'`);
    return { compared, changed: seen.figures.filter((f) => f.changed).map((f) => f.key), cards: seen.cards };
}

// Moves a control and waits for the full pass it asks for.
async function change(what, path, how) {
    const before = await latest();
    await how(page.locator(`[data-path="${path}"]`));
    await settled(what, before);
}

try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // The page's answers arrive late and out of order, as on a loaded
    // machine: each answer of /api/state and /api/front is held back by
    // the next of a fixed list of delays, so a page that let its polls
    // overlap would show an older answer after a newer one.
    const DELAYS_MS = [0, 700, 40, 900, 0, 120, 820, 10, 460, 80];
    let answers = 0;
    const statePolls = { now: 0, most: 0 }; // on their way at once
    await page.route('**/*', async (route) => {
        const u = route.request().url();
        if (!u.startsWith(`${origin}/`)) {
            elsewhere.push(u);
            return route.abort();
        }
        if (!/^\/api\/(state|front)\b/.test(new URL(u).pathname)) return route.continue();
        const isState = new URL(u).pathname === '/api/state';
        if (isState) statePolls.most = Math.max(statePolls.most, ++statePolls.now);
        try {
            const res = await route.fetch();
            await new Promise((resolve) => setTimeout(resolve, DELAYS_MS[answers++ % DELAYS_MS.length]));
            return await route.fulfill({ response: res });
        } catch (e) {
            // a held answer whose page moved on or closed meanwhile (a
            // loaded machine makes that likely): nobody waits for it; what
            // the page shows is checked on its own
            if (!/disposed|closed|Target/.test(String(e && e.message))) throw e;
        } finally {
            if (isState) statePolls.now--;
        }
    });
    const response = await page.goto(first, { waitUntil: 'load' });
    const csp = response.headers()['content-security-policy'] || '';
    const nonce = (/script-src 'nonce-([A-Za-z0-9_-]+)'/.exec(csp) || [])[1];
    check(nonce && csp.includes("default-src 'none'") && !csp.includes('unsafe'), `page CSP: ${csp}`);
    // one script runs: the page's own, by its nonce; the other is data
    // (the page's words, type application/json, which a browser never runs)
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => ({ src: s.src, nonce: s.nonce, type: s.type, id: s.id })));
    const run = scripts.filter((s) => s.type !== 'application/json');
    const data = scripts.filter((s) => s.type === 'application/json');
    check(run.length === 1 && !run[0].src && run[0].nonce === nonce &&
        data.length === 1 && data[0].id === 'samlok-words' && !data[0].src,
    `scripts on the page: ${JSON.stringify(scripts)}`);

    await settled('as loaded', -1);
    const steps = [
        ['SKV 410 hours a week', 'agencies.SKV.staff.migration_hours_per_week=410',
            (w) => w.fill('410').then(() => w.dispatchEvent('change'))],
        ['deadline 2028-12-31', 'deadline=2028-12-31',
            (w) => w.fill('2028-12-31').then(() => w.dispatchEvent('change'))],
        ['the legal basis refused', 'gates.LEGAL-CONTENT.pass_probability=0', (w) => w.selectOption('0')],
        ['AGY alone', 'agencies.SKV.joins=false', (w) => w.uncheck()],
    ];
    let doc = plan([], FULL);
    let r = await compareWithPlan('as loaded', doc);
    check(r.changed.length === 0, `as loaded: marked as changed: ${r.changed.join(', ')}`);
    const sets = [];
    const t0 = Date.now();
    for (const [what, set, how] of steps) {
        sets.push(set);
        await change(what, set.slice(0, set.indexOf('=')), how);
        doc = plan(sets, FULL);
        r = await compareWithPlan(what, doc);
        check(r.changed.length > 0, `${what}: no figure is marked as changed`);
        console.log(`${what}: ${r.compared} figures as samlok plan gives them, ${r.changed.length} marked changed`);
    }
    console.log(`four changes planned and shown in ${((Date.now() - t0) / 1000).toFixed(1)} s (test build)`);
    // one poll of the state at a time: two on their way at once may
    // answer out of order, and the older would overwrite the newer
    check(statePolls.most === 1, `${statePolls.most} polls of the state were on their way at once`);
    const rowsChanged = await page.locator('#controls .control.changed').count();
    check(rowsChanged === 4, `${rowsChanged} controls marked as changed, not 4`);
    check(r.cards.SKV === VERDICTS.out, `SKV's card reads ${r.cards.SKV} when it stays out`);
    await page.screenshot({ path: path.join(outdir, 'serve.png'), fullPage: false });

    // the sweep: deadline across, SKV's hours down
    const before = await latest();
    await page.click('#controls > button'); /* back to the scenario as loaded */
    await settled('back to the scenario as loaded', before);
    await page.selectOption('#sweep-x', 'deadline');
    await page.fill('#sweep-x-values', '2027-12-31\n2028-06-30\n2028-12-31\n2029-06-30');
    await page.selectOption('#sweep-y', 'agencies.SKV.staff.migration_hours_per_week');
    await page.fill('#sweep-y-values', '260\n400\n600');
    await page.click('#sweep-run');
    await page.waitForFunction(() => document.querySelectorAll('#sweep-grid td').length === 12 &&
        ![...document.querySelectorAll('#sweep-grid td')].some((t) => t.dataset.verdict === 'pending'),
    null, { timeout: 180000, polling: 200 }).catch(() => check(false, 'the sweep did not finish drawing'));
    await page.selectOption('#sweep-agency', 'SKV');
    // the grid redraws with SKV's own verdicts (not every agency's)
    await page.waitForFunction(() => [...document.querySelectorAll('#sweep-grid td')].every((t) =>
        t.dataset.verdict !== 'all' && t.dataset.verdict !== 'pending'),
    null, { timeout: 30000, polling: 100 }).catch(() => check(false, "the sweep did not redraw for SKV"));
    const cells = await page.evaluate(() => [...document.querySelectorAll('#sweep-grid td')].map((t) => ({
        x: t.dataset.x, y: t.dataset.y, verdict: t.dataset.verdict, text: t.textContent,
    })));
    check(cells.length === 12 && cells.every((c) => c.verdict && c.verdict !== 'pending'),
        `sweep grid: ${JSON.stringify(cells)}`);
    const progress = await page.evaluate(() => [document.getElementById('sweep-progress').value, document.getElementById('sweep-progress').max]);
    check(progress[0] === 12 && progress[1] === 12, `sweep progress ${progress}`);
    for (const c of [cells[0], cells[6], cells[11]]) {
        const p = plan([`deadline=${c.x}`, `agencies.SKV.staff.migration_hours_per_week=${c.y}`], QUICK);
        const v = p.verdicts.find((x) => x.agency === 'SKV');
        const sim = p.simulation.per_agency.find((x) => x.agency === 'SKV');
        const want = `${(100 * sim.p_on_time).toFixed(1)} %`;
        check(c.verdict === v.verdict && c.text === want,
            `sweep point ${c.x} x ${c.y}: ${c.verdict} ${c.text}, samlok plan: ${v.verdict} ${want}`);
    }
    await page.screenshot({ path: path.join(outdir, 'serve-sweep.png'), fullPage: true });

    // export the variant shown: a scenario that plans as the variant does
    const state = await (await page.request.get(`${origin}/api/state?token=${token}`)).json();
    const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
    const shown = state.variants.find((v) => same(v.sets, sets));
    check(shown, `the variant of ${sets.join(' ')} is not listed`);
    const variant = shown || state.variants[0];
    const exp = await page.request.get(`${origin}/export/scenario?id=${variant.id}&token=${token}`);
    check(exp.ok() && /attachment/.test(exp.headers()['content-disposition'] || ''), 'scenario export');
    const yaml = await exp.text();
    for (const s of variant.sets) check(yaml.includes(`--set '${s}'`), `export lacks --set '${s}'`);
    const dir = path.join(outdir, 'exported');
    execFileSync(samlok, ['demo', '--write-scenario', dir], { env });
    fs.writeFileSync(path.join(dir, 'variant.yaml'), yaml);
    const mine = JSON.parse(execFileSync(samlok, ['plan', path.join(dir, 'variant.yaml'), '-q',
        '--iterations', String(FULL), '--threads', String(THREADS), '--json', '-'], { env, maxBuffer: 1 << 28 }));
    const theirs = await (await page.request.get(`${origin}/export/plan?id=${variant.id}&token=${token}`)).json();
    for (const d of [mine, theirs]) { delete d.assumptions; delete d.scenario.file; }
    check(JSON.stringify(mine) === JSON.stringify(theirs),
        'the exported scenario plans to another plan document than its variant');
    const report = await page.request.get(`${origin}/export/report?id=${variant.id}&token=${token}`);
    check(report.ok() && (await report.text()).includes('<title>'), 'report export');

    // the variants side by side
    const n = state.variants.length;
    check(n >= 5, `${n} variants listed`);
    await page.click('#compare-run');
    await page.waitForSelector('#compare table', { timeout: 30000 }).catch(() => check(false, 'no comparison'));
    const cols = await page.locator('#compare thead th').count();
    check(cols === n + 1, `compare shows ${cols - 1} columns for ${n} variants`);
    await page.screenshot({ path: path.join(outdir, 'serve-full.png'), fullPage: true });
    await page.locator('#variants-panel').screenshot({ path: path.join(outdir, 'serve-variants.png') });
    await page.locator('#sweep-panel').screenshot({ path: path.join(outdir, 'serve-sweep-panel.png') });
    await context.close();
} catch (e) {
    check(false, `error: ${e.stack || e}`);
} finally {
    await browser.close();
}
for (const p of problems) check(false, p);
check(elsewhere.length === 0, `requests elsewhere: ${elsewhere.join(', ')}`);

server.kill('SIGINT');
const code = await new Promise((resolve) => {
    server.once('exit', (c, sig) => resolve(c ?? sig));
    setTimeout(() => resolve('still running after 20 s'), 20000);
});
check(code === 0, `samlok serve ended with ${code}: ${serverErr}`);

if (failures.length) {
    console.log(`FAIL browser/serve: ${failures.length} problems`);
    for (const f of failures.slice(0, 60)) console.log('  ' + f);
    process.exit(1);
}
console.log(`ok browser/serve (screenshots in ${outdir})`);
